/* store_sqlite.c -- the SQLite back end of the store, the default: one file,
 * in WAL mode so a reader never blocks a build, waiting for another writer
 * up to the busy timeout; quick_check before the first write to a store
 * that was there, and a backup copy of the file before a migration (README,
 * "Across incidents"; store.c holds what both back ends share). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "store_backend.h"

/* PRAGMA application_id of a reviewgen store ("RVGN"): tells our stores
 * from other SQLite files that also use user_version. */
#define APPLICATION_ID 0x5256474e

typedef struct sq_stmt {
    rg_stmt base;
    sqlite3_stmt *s;
} sq_stmt;

static sqlite3 *db_of(rg_store *st)
{
    return st->conn;
}

/* Classifies a failed call's result code into st. Returns -1. */
static int fail_rc(rg_store *st, int rc)
{
    sqlite3 *db = db_of(st);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return rg_store_fail_set(st, RG_FAIL_BUSY, "%s", sqlite3_errstr(rc));
    case SQLITE_NOTADB:
        return rg_store_fail_set(st, RG_FAIL_NOTADB, "%s", sqlite3_errstr(rc));
    case SQLITE_CORRUPT:
        return rg_store_fail_set(st, RG_FAIL_CORRUPT, "%s", db ? sqlite3_errmsg(db) : "");
    default:
        return rg_store_fail_set(st, RG_FAIL_OTHER, "%s",
                                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    }
}

static int sq_exec(rg_store *st, const char *sql)
{
    int rc = sqlite3_exec(db_of(st), sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail_rc(st, rc);
}

/* Runs one statement that returns at most one value (a pragma) into *out
 * (0 when no row); text results go to text (size n) when given. */
static int query_one(rg_store *st, const char *sql, int *out, char *text, size_t n)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db_of(st), sql, -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        *out = 0;
        if (text && n)
            text[0] = '\0';
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int(q, 0);
            if (text && n && sqlite3_column_text(q, 0))
                snprintf(text, n, "%s", (const char *)sqlite3_column_text(q, 0));
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_OK ? 0 : fail_rc(st, rc);
}

static int sq_connect(rg_store *st, int must_exist, rg_diag *diag)
{
    /* a report never creates a store: a mistyped --db must not leave an
     * empty one behind */
    if (must_exist && access(st->target, F_OK) != 0)
        return rg_diag_error(diag, st->name, 0, 0, "no store here (%s)", strerror(errno));
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(st->target, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    st->conn = db;
    if (rc != SQLITE_OK) {
        fail_rc(st, rc);
        return rg_store_report(st, diag, "cannot open the store");
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, st->busy_timeout_s * 1000);
    /* ON DELETE CASCADE (and the foreign keys that store check relies on)
     * are per connection */
    if (sq_exec(st, "PRAGMA foreign_keys = ON") != 0)
        return rg_store_report(st, diag, "cannot read the store");
    return 0;
}

static void sq_disconnect(rg_store *st)
{
    sqlite3_close_v2(db_of(st)); /* NULL is a harmless no-op */
    st->conn = NULL;
}

/* Reading the header is the first access: a file that is not SQLite fails
 * here, before anything is written. */
static int sq_version(rg_store *st, int *version, rg_diag *diag)
{
    int app = 0, tables = 0;
    *version = 0;
    /* One statement, so one snapshot: read apart, another build could
     * create the schema between our reading version 0 and our counting its
     * tables, and a fresh store would be called "not a reviewgen store". */
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db_of(st),
                                "SELECT (SELECT user_version FROM pragma_user_version), "
                                "(SELECT application_id FROM pragma_application_id), "
                                "(SELECT count(*) FROM sqlite_master)",
                                -1, &q, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        *version = sqlite3_column_int(q, 0);
        app = sqlite3_column_int(q, 1);
        tables = sqlite3_column_int(q, 2);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK) {
        fail_rc(st, rc);
        return rg_store_report(st, diag, "cannot read the store");
    }
    if (app != 0 && app != APPLICATION_ID)
        return rg_diag_error(diag, st->name, 0, 0, "not a reviewgen store: application id 0x%08x",
                             (unsigned)app);
    if (*version > 0 && app != APPLICATION_ID)
        return rg_diag_error(diag, st->name, 0, 0,
                             "not a reviewgen store: schema version %d but no reviewgen "
                             "application id",
                             *version);
    if (*version == 0) {
        if (tables > 0)
            return rg_diag_error(diag, st->name, 0, 0,
                                 "not a reviewgen store: it holds other tables and no reviewgen "
                                 "schema version");
    }
    return 0;
}

static int sq_set_version(rg_store *st, int version)
{
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", APPLICATION_ID);
    if (sq_exec(st, sql) != 0)
        return -1;
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version);
    return sq_exec(st, sql);
}

static int sq_begin_migration(rg_store *st)
{
    return sq_exec(st, "BEGIN IMMEDIATE");
}

/* Syncs the folder holding path, so a rename into it survives a crash. */
static int sync_dir_of(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof(dir), ".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* IMPLEMENTATION-OF: README "Across incidents": before a migration the store
 * is copied to "<path>.schema-<N>.bak", through SQLite's backup API (a
 * consistent copy, WAL included), under the migration's write lock, synced
 * and renamed into place; a failed copy stops the migration with nothing
 * changed. */
static int sq_before_migration(rg_store *st, int from, rg_diag *diag)
{
    char bak[PATH_MAX], tmp[PATH_MAX + 32];
    if (snprintf(bak, sizeof(bak), "%s.schema-%d.bak", st->target, from) >= (int)sizeof(bak))
        return rg_diag_error(diag, st->name, 0, 0,
                             "cannot back up the store before upgrading it: the path is too long");
    snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", bak, (long)getpid());
    /* The copy reads through a connection of its own: SQLite's backup API
     * will not read from one that holds a write transaction, and ours holds
     * the lock that keeps every other writer out until the migration ends,
     * so what is copied is exactly what is migrated. */
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(st->target, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(src, st->busy_timeout_s * 1000);
        rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    }
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (!b) {
            rc = sqlite3_errcode(dst);
        } else {
            rc = sqlite3_backup_step(b, -1);
            int fin = sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? fin : rc;
        }
    }
    char why[256];
    snprintf(why, sizeof(why), "%s", dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
    sqlite3_close(src);
    if (sqlite3_close(dst) != SQLITE_OK && rc == SQLITE_OK)
        rc = SQLITE_IOERR;
    if (rc == SQLITE_OK && rename(tmp, bak) != 0) {
        rc = SQLITE_IOERR;
        snprintf(why, sizeof(why), "%s", strerror(errno));
    }
    if (rc != SQLITE_OK) {
        unlink(tmp);
        return rg_diag_error(diag, st->name, 0, 0,
                             "cannot back up the store to '%s' before upgrading it, so it was "
                             "left as it was: %s",
                             bak, why);
    }
    sync_dir_of(bak);
    return 0;
}

/* WAL: readers (a dashboard, a `sqlite3` shell, a trend report) never block
 * a build, and a build never blocks them. The switch needs the store to
 * itself for a moment; when another connection has it, this open stays in
 * the old mode and a later one switches. */
static void sq_after_open(rg_store *st)
{
    int unused;
    char mode[16];
    if (query_one(st, "PRAGMA journal_mode", &unused, mode, sizeof(mode)) != 0 ||
        !strcasecmp(mode, "wal"))
        return;
    sqlite3_busy_timeout(db_of(st), 0);
    query_one(st, "PRAGMA journal_mode = WAL", &unused, mode, sizeof(mode));
    sqlite3_busy_timeout(db_of(st), st->busy_timeout_s * 1000);
    st->fail = RG_FAIL_NONE;
}

/* IMPLEMENTATION-OF: README "Across incidents": a store with damaged pages
 * can pass every header check; PRAGMA quick_check (every page and record,
 * not the indexes' contents: O(N), unlike integrity_check) runs before the
 * first write to a store that was there, and a damaged one is refused with
 * nothing written. */
static int sq_before_write(rg_store *st, rg_diag *diag)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db_of(st), "PRAGMA quick_check", -1, &q, NULL);
    char first[300] = "";
    long more = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step(q);
        if (rc != SQLITE_ROW)
            break;
        const char *line = (const char *)sqlite3_column_text(q, 0);
        if (!first[0])
            snprintf(first, sizeof(first), "%s", line ? line : "");
        else
            more++;
    }
    sqlite3_finalize(q);
    /* a check that stops half way has said what it found first */
    if (rc != SQLITE_DONE && rc != SQLITE_OK && !first[0]) {
        fail_rc(st, rc);
        if (st->fail == RG_FAIL_OTHER)
            st->fail = RG_FAIL_CORRUPT;
        return rg_store_report(st, diag, "cannot check the store");
    }
    if (strcmp(first, "ok") != 0) {
        if (more)
            rg_store_fail_set(st, RG_FAIL_CORRUPT, "PRAGMA quick_check: %s, and %ld more", first,
                              more);
        else
            rg_store_fail_set(st, RG_FAIL_CORRUPT, "PRAGMA quick_check: %s", first);
        return rg_store_report(st, diag, "cannot write");
    }
    return 0;
}

/* The full check for `store check`: every page, record and index entry,
 * then the foreign keys. */
static int sq_integrity(rg_store *st, rg_buf *report, size_t *problems, rg_diag *diag)
{
    static const char *const checks[] = {"PRAGMA integrity_check", "PRAGMA foreign_key_check"};
    for (size_t c = 0; c < 2; c++) {
        sqlite3_stmt *q = NULL;
        int rc = sqlite3_prepare_v2(db_of(st), checks[c], -1, &q, NULL);
        while (rc == SQLITE_OK || rc == SQLITE_ROW) {
            rc = sqlite3_step(q);
            if (rc != SQLITE_ROW)
                break;
            const char *a = (const char *)sqlite3_column_text(q, 0);
            if (c == 0 && a && !strcmp(a, "ok"))
                continue;
            int e = c == 0 ? rg_buf_printf(report, "%s\n", a ? a : "")
                           : rg_buf_printf(report, "%s: row %lld refers to a missing %s row\n",
                                           a ? a : "", (long long)sqlite3_column_int64(q, 1),
                                           (const char *)sqlite3_column_text(q, 2));
            (*problems)++;
            if (e != 0) {
                sqlite3_finalize(q);
                return rg_diag_error(diag, st->name, 0, 0, "out of memory checking the store");
            }
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            /* a store damaged enough that the check itself stops */
            fail_rc(st, rc);
            (*problems)++;
            if (rg_buf_printf(report, "%s stopped: %s\n", checks[c], st->err) != 0)
                return rg_diag_error(diag, st->name, 0, 0, "out of memory checking the store");
        }
    }
    return 0;
}

static int sq_in_transaction(rg_store *st)
{
    return db_of(st) && !sqlite3_get_autocommit(db_of(st));
}

static rg_stmt *sq_prepare(rg_store *st, const char *sql)
{
    sq_stmt *q = rg_calloc(1, sizeof(*q));
    if (!q) {
        rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
        return NULL;
    }
    q->base.st = st;
    int rc = sqlite3_prepare_v2(db_of(st), sql, -1, &q->s, NULL);
    if (rc != SQLITE_OK) {
        fail_rc(st, rc);
        sqlite3_finalize(q->s);
        rg_free(q);
        return NULL;
    }
    return &q->base;
}

static sqlite3_stmt *stmt_of(rg_stmt *q)
{
    return ((sq_stmt *)q)->s;
}

static int bound(rg_stmt *q, int rc)
{
    return rc == SQLITE_OK ? 0 : fail_rc(q->st, rc);
}

static int sq_bind_text(rg_stmt *q, int idx, const char *s, size_t len)
{
    return bound(q, sqlite3_bind_text64(stmt_of(q), idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_int(rg_stmt *q, int idx, int64_t v)
{
    return bound(q, sqlite3_bind_int64(stmt_of(q), idx, (sqlite3_int64)v));
}

static int sq_bind_null(rg_stmt *q, int idx)
{
    return bound(q, sqlite3_bind_null(stmt_of(q), idx));
}

static int sq_step(rg_stmt *q)
{
    int rc = sqlite3_step(stmt_of(q));
    if (rc == SQLITE_ROW)
        return RG_ROW;
    if (rc == SQLITE_DONE)
        return RG_DONE;
    return fail_rc(q->st, rc);
}

static void sq_reset(rg_stmt *q)
{
    sqlite3_reset(stmt_of(q));
}

static int sq_columns(rg_stmt *q)
{
    return sqlite3_column_count(stmt_of(q));
}

static const char *sq_column_name(rg_stmt *q, int col)
{
    return sqlite3_column_name(stmt_of(q), col);
}

static int sq_type(rg_stmt *q, int col)
{
    switch (sqlite3_column_type(stmt_of(q), col)) {
    case SQLITE_NULL:
        return RG_VALUE_NULL;
    case SQLITE_INTEGER:
        return RG_VALUE_INT;
    default:
        return RG_VALUE_TEXT;
    }
}

static const char *sq_text(rg_stmt *q, int col, size_t *len)
{
    const char *s = (const char *)sqlite3_column_text(stmt_of(q), col);
    if (len)
        *len = (size_t)sqlite3_column_bytes(stmt_of(q), col);
    return s;
}

static int64_t sq_integer(rg_stmt *q, int col)
{
    return (int64_t)sqlite3_column_int64(stmt_of(q), col);
}

static void sq_finalize(rg_stmt *q)
{
    sqlite3_finalize(stmt_of(q));
    rg_free(q);
}

const rg_store_backend rg_store_sqlite_backend = {
    .name = "SQLite",
    .text_type = "TEXT",
    .int_type = "INTEGER",
    .begin_write = "BEGIN IMMEDIATE",
    .begin_read = "BEGIN",
    .can_reconnect = 0,
    .connect = sq_connect,
    .disconnect = sq_disconnect,
    .reconnect = NULL,
    .version = sq_version,
    .set_version = sq_set_version,
    .begin_migration = sq_begin_migration,
    .before_migration = sq_before_migration,
    .after_open = sq_after_open,
    .before_write = sq_before_write,
    .integrity = sq_integrity,
    .integrity_name = "integrity_check and the rows",
    .exec = sq_exec,
    .in_transaction = sq_in_transaction,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .columns = sq_columns,
    .column_name = sq_column_name,
    .type = sq_type,
    .text = sq_text,
    .integer = sq_integer,
    .finalize = sq_finalize,
};
