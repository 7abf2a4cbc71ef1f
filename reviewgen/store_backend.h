/* store_backend.h -- what a store back end gives store.c, which builds the
 * interface of store.h on it: a connection, statements with numbered
 * parameters, and the few things only one engine has (SQLite's quick_check,
 * backup file and WAL switch; PostgreSQL's reconnect and migration lock).
 * Internal to the store: only store*.c include it. */
#ifndef RG_STORE_BACKEND_H
#define RG_STORE_BACKEND_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "store.h"

/* What the last failure of a back-end call means for the caller. */
typedef enum rg_store_fail {
    RG_FAIL_NONE,
    RG_FAIL_OTHER,   /* report it */
    RG_FAIL_BUSY,    /* another writer (or a lock) held the store for the whole busy timeout */
    RG_FAIL_RETRY,   /* serialization failure or deadlock: the transaction may run again */
    RG_FAIL_LOST,    /* the connection is gone: reconnect, then run the transaction again */
    RG_FAIL_NOTADB,  /* the file is not a database */
    RG_FAIL_CORRUPT, /* the database is damaged */
} rg_store_fail;

typedef struct rg_store_backend rg_store_backend;

/* One write of a transaction, as a replay runs it again: run(st, payload)
 * inside the new transaction (store.c: remember()). */
typedef struct rg_store_op {
    int (*run)(rg_store *st, const json_t *payload);
    json_t *payload;
} rg_store_op;

struct rg_store {
    const rg_store_backend *be;
    char *target; /* as given: never printed (it may hold a password) */
    char *name;   /* rg_store_redact(target): for messages */
    void *conn;   /* the back end's connection */
    int busy_timeout_s;
    int existed;   /* the store was there before this open (quick_check applies) */
    int found;     /* its schema version before this open migrated it (0: none) */
    int checked;   /* quick_check passed on this connection */
    int writing;   /* inside rg_store_begin .. commit/rollback */
    int in_write;  /* a write transaction of ours is open (the hook counts its statements) */
    int poisoned;  /* the open transaction must be run again before anything else */
    int no_replay; /* the open transaction cannot be run again (store copy holds no models) */
    unsigned long n_statements;
    rg_store_fail fail; /* class of the last failure */
    char err[512];      /* its message, one line */
    /* The writes of the open rg_store_begin transaction (each a function
     * and a deep copy of what it wrote), kept when the back end can
     * reconnect, so a lost or aborted transaction is run again whole. */
    struct rg_store_op *ops;
    size_t n_ops, cap_ops;
    rg_store_hook hook;
    void *hook_ctx;
};

/* Every statement object starts with this. */
struct rg_stmt {
    rg_store *st;
};

struct rg_store_backend {
    const char *name; /* "SQLite", "PostgreSQL" */
    /* the dialect: what "{text}" and "{int}" in the schema become, and the
     * statements that open each kind of transaction */
    const char *text_type, *int_type;
    const char *begin_write, *begin_read;
    int can_reconnect;
    /* Connects to st->target. must_exist: a store that is not there yet is
     * an error "no store here". -1 with the error in diag. */
    int (*connect)(rg_store *st, int must_exist, rg_diag *diag);
    void (*disconnect)(rg_store *st);
    /* A new connection after RG_FAIL_LOST; -1 with st->err. */
    int (*reconnect)(rg_store *st);
    /* The schema version (0: no store yet); -1 with the error in diag when
     * this is not a reviewgen store or cannot be read. */
    int (*version)(rg_store *st, int *version, rg_diag *diag);
    /* Inside the migration transaction: records the version reached. */
    int (*set_version)(rg_store *st, int version);
    /* Opens the migration transaction, holding off every other migration. */
    int (*begin_migration)(rg_store *st);
    /* Before the first migration step of a store at version `from` (>= 1):
     * SQLite copies the file aside. NULL: nothing. */
    int (*before_migration)(rg_store *st, int from, rg_diag *diag);
    /* Once the schema is current (SQLite: WAL). NULL: nothing. */
    void (*after_open)(rg_store *st);
    /* Before the first write to a store that existed (SQLite: quick_check).
     * NULL: nothing. -1 with the error in diag. */
    int (*before_write)(rg_store *st, rg_diag *diag);
    /* The engine's own full check: one line per problem appended to report
     * and counted in *problems. NULL: the engine checks its own pages. 0, or
     * -1 with the error in diag when it could not run. */
    int (*integrity)(rg_store *st, rg_buf *report, size_t *problems, rg_diag *diag);
    const char *integrity_name; /* what it is called, for the summary */
    /* Runs SQL without parameters or rows. 0 or -1 with st->fail, st->err. */
    int (*exec)(rg_store *st, const char *sql);
    int (*in_transaction)(rg_store *st);
    /* Statements: as rg_stmt_* in store.h. prepare returns NULL with
     * st->fail, st->err. */
    rg_stmt *(*prepare)(rg_store *st, const char *sql);
    int (*bind_text)(rg_stmt *q, int idx, const char *s, size_t len);
    int (*bind_int)(rg_stmt *q, int idx, int64_t v);
    int (*bind_null)(rg_stmt *q, int idx);
    int (*step)(rg_stmt *q);
    void (*reset)(rg_stmt *q);
    int (*columns)(rg_stmt *q);
    const char *(*column_name)(rg_stmt *q, int col);
    int (*type)(rg_stmt *q, int col);
    const char *(*text)(rg_stmt *q, int col, size_t *len);
    int64_t (*integer)(rg_stmt *q, int col);
    void (*finalize)(rg_stmt *q);
};

extern const rg_store_backend rg_store_sqlite_backend;
extern const rg_store_backend rg_store_pg_backend;

/* store_pg.c: whether libpq reads target as a connection string, and the
 * target without its password (rg_store_redact's PostgreSQL half; caller
 * rg_free()s). */
int rg_store_pg_is_conninfo(const char *target);
char *rg_store_pg_redact(const char *target);

/* Reports st's last failure in diag as "<name>: <doing>: <reason>", or as
 * the busy / not a store / damaged message its class calls for. Returns -1. */
int rg_store_report(rg_store *st, rg_diag *diag, const char *doing);

/* Sets st->fail and st->err ("what" formatted, one line). Returns -1. */
int rg_store_fail_set(rg_store *st, rg_store_fail fail, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
