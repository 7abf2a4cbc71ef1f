/* store_pg.c -- the PostgreSQL back end of the store, through libpq: one
 * database that a team's builds write to at once (README, "One store for a
 * team"; store.c holds what both back ends share and the dialect list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#define RG_LIBPQ_CALLS /* every PQ... call through the loaded library */
#include "pqload.h"
#include "store_backend.h"

/* Result type OIDs (server/catalog/pg_type_d.h, stable since forever). */
#define BOOLOID 16
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23

/* pg_advisory_xact_lock key of a migration ("RVGN"): one at a time per
 * database, however many builds start on a new one. */
#define MIGRATION_LOCK "1381385038"

typedef struct cached {
    char *sql; /* the translated text ($N) */
    char name[24];
} cached;

typedef struct pg_conn {
    PGconn *c;
    int must_exist;
    unsigned long generation; /* a new one per connection: prepared statements die with it */
    cached *cache;            /* statements prepared on this connection */
    size_t n_cache, cap_cache;
    unsigned long next_name;
    int pipelining; /* write statements sent ahead, their results not yet read */
} pg_conn;

typedef struct pg_stmt {
    rg_stmt base;
    char *sql;   /* translated */
    int nparams; /* the highest ?N */
    char **values;
    int *lengths;
    char name[24]; /* the server-side statement, valid for connection generation gen */
    unsigned long gen;
    PGresult *res;
    int row, rows;
    int writes; /* INSERT, UPDATE or DELETE: returns no rows, may be sent ahead */
} pg_stmt;

static pg_conn *conn_of(rg_store *st)
{
    return st->conn;
}

/* ---- connection strings -------------------------------------------------- */

int rg_store_pg_is_conninfo(const char *target)
{
    /* Without libpq, a "key=value" target is still taken for a connection
     * string, so that connecting says libpq is missing. */
    if (rg_libpq_load(NULL) != 0)
        return 1;
    char *err = NULL;
    PQconninfoOption *o = PQconninfoParse(target, &err);
    if (err)
        PQfreemem(err);
    if (!o)
        return 0;
    PQconninfoFree(o);
    return 1;
}

/* 1 when a connection parameter's value is a secret. */
static int is_secret(const char *key, size_t n)
{
    return (n == 8 && !strncmp(key, "password", 8)) ||
           (n == 11 && !strncmp(key, "sslpassword", 11));
}

/* A URI without "user:secret@"'s secret and without password parameters. */
static char *redact_uri(const char *uri)
{
    rg_buf b = {0};
    const char *p = strstr(uri, "://") + 3;
    size_t auth_len = strcspn(p, "/?#");
    const char *at = NULL;
    for (size_t i = 0; i < auth_len; i++)
        if (p[i] == '@')
            at = p + i;
    int rc = rg_buf_append(&b, uri, (size_t)(p - uri));
    if (at) {
        size_t user_len = strcspn(p, ":@");
        rc |= rg_buf_append(&b, p, user_len);
        rc |= rg_buf_append(&b, at, auth_len - (size_t)(at - p));
    } else {
        rc |= rg_buf_append(&b, p, auth_len);
    }
    p += auth_len;
    size_t path_len = strcspn(p, "?#");
    rc |= rg_buf_append(&b, p, path_len);
    p += path_len;
    if (*p == '?') {
        p++;
        int first = 1;
        while (*p && *p != '#') {
            size_t n = strcspn(p, "&#");
            size_t key = strcspn(p, "=&#");
            if (!is_secret(p, key < n ? key : n)) {
                rc |= rg_buf_putc(&b, first ? '?' : '&');
                rc |= rg_buf_append(&b, p, n);
                first = 0;
            }
            p += n;
            if (*p == '&')
                p++;
        }
    }
    rc |= rg_buf_puts(&b, p);
    if (rc != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

char *rg_store_pg_redact(const char *target)
{
    if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11))
        return redact_uri(target);
    if (rg_libpq_load(NULL) != 0) /* nothing can tell a secret from the rest */
        return rg_strdup("(a PostgreSQL connection string)");
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(target, &err);
    if (err)
        PQfreemem(err);
    if (!opts)
        return rg_strdup("(a connection string libpq does not read)");
    rg_buf b = {0};
    int rc = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || is_secret(o->keyword, strlen(o->keyword)))
            continue;
        rc |= rg_buf_printf(&b, "%s%s=", b.len ? " " : "", o->keyword);
        /* quoted as libpq reads it when it holds a space or a quote */
        int quote = !*o->val || strpbrk(o->val, " '\\\t\n") != NULL;
        if (quote)
            rc |= rg_buf_putc(&b, '\'');
        for (const char *v = o->val; *v; v++) {
            if (quote && (*v == '\'' || *v == '\\'))
                rc |= rg_buf_putc(&b, '\\');
            rc |= rg_buf_putc(&b, *v);
        }
        if (quote)
            rc |= rg_buf_putc(&b, '\'');
    }
    PQconninfoFree(opts);
    if (rc != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : rg_strdup("");
}

/* ---- failures ------------------------------------------------------------ */

/* Classifies the failure of a call that gave res (may be NULL) into st.
 * Returns -1. */
static int fail_res(rg_store *st, const PGresult *res)
{
    pg_conn *pc = conn_of(st);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage(pc->c);
    if (!msg || !*msg)
        msg = "unknown error";
    rg_store_fail fail = RG_FAIL_OTHER;
    if (PQstatus(pc->c) == CONNECTION_BAD)
        fail = RG_FAIL_LOST;
    else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
        fail = RG_FAIL_RETRY; /* serialization_failure, deadlock_detected */
    else if (state && !strcmp(state, "55P03"))
        fail = RG_FAIL_BUSY; /* lock_not_available: lock_timeout ran out */
    else if (state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4)))
        fail = RG_FAIL_LOST; /* connection exceptions, the server shutting down */
    if (fail == RG_FAIL_LOST && !strstr(msg, "connection"))
        return rg_store_fail_set(st, fail, "the connection to the server was lost: %s", msg);
    return rg_store_fail_set(st, fail, "%s", msg);
}

/* 0 when res is what a command that succeeded gives; else the failure. */
static int check(rg_store *st, PGresult *res)
{
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return 0;
    return fail_res(st, res);
}

/* IMPLEMENTATION-OF: README "One store for a team": a save's writes
 * (hundreds of INSERTs for a long timeline) are sent one after another
 * without waiting for each answer, in libpq's pipeline mode, and their
 * answers are read here, at the next statement that needs one (a
 * SAVEPOINT, RELEASE, COMMIT, a query): three round trips a save instead
 * of one a row. A failure of any of them is the failure of that statement,
 * which the caller handles as its own (the transaction is rolled back, or
 * run again). Returns 0, or -1 with the first failure in st. */
static int settle(rg_store *st)
{
    pg_conn *pc = conn_of(st);
    if (!pc->pipelining)
        return 0;
    int rc = 0;
    if (!PQpipelineSync(pc->c)) {
        rc = fail_res(st, NULL);
    } else {
        for (;;) {
            PGresult *r = PQgetResult(pc->c);
            if (!r) {
                /* between two statements' results; or the connection is gone */
                if (PQstatus(pc->c) == CONNECTION_BAD) {
                    if (rc == 0)
                        rc = fail_res(st, NULL);
                    break;
                }
                continue;
            }
            ExecStatusType s = PQresultStatus(r);
            if (s == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            if (rc == 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
                s != PGRES_PIPELINE_ABORTED)
                rc = fail_res(st, r);
            PQclear(r);
        }
    }
    if (PQstatus(pc->c) == CONNECTION_OK)
        PQexitPipelineMode(pc->c);
    pc->pipelining = 0;
    return rc;
}

static int pg_exec(rg_store *st, const char *sql)
{
    /* a rollback runs whatever the statements sent ahead answered */
    if (settle(st) != 0 && strncmp(sql, "ROLLBACK", 8) != 0)
        return -1;
    PGresult *res = PQexec(conn_of(st)->c, sql);
    int rc = check(st, res);
    PQclear(res);
    return rc;
}

/* Runs sql with text parameters; *out gets the result (caller PQclear()s). */
static int exec_params(rg_store *st, const char *sql, int n, const char *const *values,
                       PGresult **out)
{
    if (settle(st) != 0)
        return -1;
    PGresult *res = PQexecParams(conn_of(st)->c, sql, n, NULL, values, NULL, NULL, 0);
    if (check(st, res) != 0) {
        PQclear(res);
        return -1;
    }
    *out = res;
    return 0;
}

/* ---- connecting ---------------------------------------------------------- */

static void no_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* library code prints nothing */
}

/* What every connection needs: UTF-8 both ways (the store's text is, and
 * a database in another encoding would refuse or change it), and the busy
 * timeout as lock_timeout, the longest a statement waits for a row another
 * writer holds. */
static int session(rg_store *st)
{
    pg_conn *pc = conn_of(st);
    PQsetNoticeProcessor(pc->c, no_notices, NULL);
    PGresult *res = NULL;
    if (exec_params(st, "SELECT current_setting('server_encoding')", 0, NULL, &res) != 0)
        return -1;
    char enc[64];
    snprintf(enc, sizeof(enc), "%s", PQntuples(res) ? PQgetvalue(res, 0, 0) : "");
    PQclear(res);
    if (strcmp(enc, "UTF8") != 0)
        return rg_store_fail_set(st, RG_FAIL_OTHER,
                                 "the database's encoding is %s; reviewgen needs UTF8 (CREATE "
                                 "DATABASE ... ENCODING 'UTF8')",
                                 enc);
    char timeout[32];
    snprintf(timeout, sizeof(timeout), "%ds", st->busy_timeout_s);
    const char *v[] = {timeout};
    if (exec_params(st, "SELECT set_config('lock_timeout', $1, false)", 1, v, &res) != 0)
        return -1;
    PQclear(res);
    return 0;
}

static void forget_statements(pg_conn *pc)
{
    for (size_t i = 0; i < pc->n_cache; i++)
        rg_free(pc->cache[i].sql);
    pc->n_cache = 0;
    pc->generation++;
}

static int pg_connect(rg_store *st, int must_exist, rg_diag *diag)
{
    pg_conn *pc = rg_calloc(1, sizeof(*pc));
    if (!pc)
        return rg_diag_error(diag, st->name, 0, 0, "out of memory opening the store");
    st->conn = pc;
    pc->must_exist = must_exist;
    pc->generation = 1;
    const char *why;
    if (rg_libpq_load(&why) != 0) {
        rg_store_fail_set(st, RG_FAIL_LOST, "%s", why);
        return rg_diag_error(diag, st->name, 0, 0, "cannot connect to the store: %s", why);
    }
    /* Later keywords override earlier ones, and the target's own are
     * expanded in place of dbname: a connect_timeout the target gives wins
     * over ours, and UTF8 wins over the target's encoding. */
    const char *keys[] = {"connect_timeout", "dbname", "fallback_application_name",
                          "client_encoding", NULL};
    const char *vals[] = {"10", st->target, "reviewgen", "UTF8", NULL};
    pc->c = PQconnectdbParams(keys, vals, 1);
    if (!pc->c)
        return rg_diag_error(diag, st->name, 0, 0, "out of memory opening the store");
    if (PQstatus(pc->c) != CONNECTION_OK) {
        rg_store_fail_set(st, RG_FAIL_LOST, "%s", PQerrorMessage(pc->c));
        return rg_diag_error(diag, st->name, 0, 0, "cannot connect to the store: %s", st->err);
    }
    if (session(st) != 0)
        return rg_store_report(st, diag, "cannot use the store");
    return 0;
}

static void pg_disconnect(rg_store *st)
{
    pg_conn *pc = conn_of(st);
    if (!pc)
        return;
    forget_statements(pc);
    rg_free(pc->cache);
    if (pc->c) /* NULL when libpq could not be loaded */
        PQfinish(pc->c);
    rg_free(pc);
    st->conn = NULL;
}

static int pg_reconnect(rg_store *st)
{
    pg_conn *pc = conn_of(st);
    forget_statements(pc);
    pc->pipelining = 0;
    PQreset(pc->c);
    if (PQstatus(pc->c) != CONNECTION_OK)
        return rg_store_fail_set(st, RG_FAIL_LOST, "cannot connect again: %s",
                                 PQerrorMessage(pc->c));
    return session(st);
}

/* The version from reviewgen_schema (0 when the database has no store),
 * refusing a database whose tables are someone else's. */
static int pg_version(rg_store *st, int *version, rg_diag *diag)
{
    *version = 0;
    PGresult *res = NULL;
    /* pg_class read through the statement's snapshot, not to_regclass():
     * its lookup goes through the backend's cache of names, which in a
     * transaction that waited for the migration lock can still say "no
     * such table" after the build that held the lock created it. Our
     * tables are in current_schema(), where CREATE TABLE put them. */
    if (exec_params(st,
                    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    "  WHERE n.nspname = current_schema() AND c.relname = 'reviewgen_schema'),"
                    " EXISTS (SELECT 1 FROM pg_catalog.pg_class c"
                    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    "  WHERE n.nspname = current_schema() AND c.relname = 'incidents')",
                    0, NULL, &res) != 0)
        return rg_store_report(st, diag, "cannot read the store");
    int has_schema = !strcmp(PQgetvalue(res, 0, 0), "t");
    int has_incidents = !strcmp(PQgetvalue(res, 0, 1), "t");
    PQclear(res);
    if (!has_schema) {
        if (has_incidents)
            return rg_diag_error(diag, st->name, 0, 0,
                                 "not a reviewgen store: it holds a table 'incidents' and no "
                                 "reviewgen schema version");
        if (conn_of(st)->must_exist)
            return rg_diag_error(diag, st->name, 0, 0,
                                 "no store here (the database has no reviewgen tables)");
        return 0;
    }
    if (exec_params(st, "SELECT application, version FROM reviewgen_schema", 0, NULL, &res) != 0)
        return rg_store_report(st, diag, "cannot read the store");
    int ok = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "reviewgen");
    if (ok)
        *version = atoi(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (!ok)
        return rg_diag_error(diag, st->name, 0, 0,
                             "not a reviewgen store: its table reviewgen_schema does not hold "
                             "one reviewgen version");
    return 0;
}

static int pg_set_version(rg_store *st, int version)
{
    char v[16];
    snprintf(v, sizeof(v), "%d", version);
    const char *vals[] = {v};
    PGresult *res = NULL;
    if (exec_params(st, "UPDATE reviewgen_schema SET version = $1", 1, vals, &res) != 0)
        return -1;
    PQclear(res);
    return 0;
}

/* DDL is transactional in PostgreSQL: the whole migration commits or
 * nothing does; the advisory lock queues a second migrating build behind
 * the first, which then finds the schema current. */
static int pg_begin_migration(rg_store *st)
{
    if (pg_exec(st, "BEGIN") != 0)
        return -1;
    return pg_exec(st, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")");
}

static int pg_in_transaction(rg_store *st)
{
    settle(st); /* its failure is the caller's to report, already */
    PGTransactionStatusType s = PQtransactionStatus(conn_of(st)->c);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

/* ---- statements ------------------------------------------------------------ */

/* ?N becomes $N, outside quoted text and names; the highest N is the count
 * of parameters. Caller rg_free()s; NULL when out of memory. */
static char *translate(const char *sql, int *nparams)
{
    rg_buf b = {0};
    int rc = 0;
    *nparams = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
            int n = atoi(p + 1);
            if (n > *nparams)
                *nparams = n;
            rc |= rg_buf_putc(&b, '$');
            continue;
        }
        rc |= rg_buf_putc(&b, *p);
    }
    if (rc != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data ? b.data : rg_strdup("");
}

static pg_stmt *pq(rg_stmt *q)
{
    return (pg_stmt *)q;
}

static void clear_values(pg_stmt *q)
{
    for (int i = 0; i < q->nparams; i++) {
        rg_free(q->values[i]);
        q->values[i] = NULL;
    }
}

static void pg_finalize(rg_stmt *base)
{
    pg_stmt *q = pq(base);
    PQclear(q->res);
    if (q->values)
        clear_values(q);
    rg_free(q->values);
    rg_free(q->lengths);
    rg_free(q->sql);
    rg_free(q);
}

static rg_stmt *pg_prepare(rg_store *st, const char *sql)
{
    pg_stmt *q = rg_calloc(1, sizeof(*q));
    if (q) {
        q->base.st = st;
        q->sql = translate(sql, &q->nparams);
        q->writes =
            !strncmp(sql, "INSERT", 6) || !strncmp(sql, "UPDATE", 6) || !strncmp(sql, "DELETE", 6);
        if (q->sql && q->nparams) {
            q->values = rg_calloc((size_t)q->nparams, sizeof(*q->values));
            q->lengths = rg_calloc((size_t)q->nparams, sizeof(*q->lengths));
        }
    }
    if (!q || !q->sql || (q->nparams && (!q->values || !q->lengths))) {
        if (q)
            pg_finalize(&q->base);
        rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
        return NULL;
    }
    return &q->base;
}

/* The server-side statement for q's text on this connection, prepared the
 * first time it is asked for: a save runs the same few statements for
 * every row, and parsing them once saves a round trip each. */
static int prepared(pg_stmt *q)
{
    rg_store *st = q->base.st;
    pg_conn *pc = conn_of(st);
    if (q->name[0] && q->gen == pc->generation)
        return 0;
    for (size_t i = 0; i < pc->n_cache; i++)
        if (!strcmp(pc->cache[i].sql, q->sql)) {
            memcpy(q->name, pc->cache[i].name, sizeof(q->name));
            q->gen = pc->generation;
            return 0;
        }
    if (pc->n_cache == pc->cap_cache) {
        size_t cap = pc->cap_cache ? pc->cap_cache * 2 : 16;
        cached *c = rg_realloc(pc->cache, cap * sizeof(*c));
        if (!c)
            return rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
        pc->cache = c;
        pc->cap_cache = cap;
    }
    /* preparing waits for its answer: the statements sent ahead first */
    if (settle(st) != 0)
        return -1;
    cached *c = &pc->cache[pc->n_cache];
    snprintf(c->name, sizeof(c->name), "rg%lu", ++pc->next_name);
    /* no parameter types: the server infers each from where it is used */
    PGresult *res = PQprepare(pc->c, c->name, q->sql, 0, NULL);
    int rc = check(st, res);
    PQclear(res);
    if (rc != 0)
        return -1;
    if (!(c->sql = rg_strdup(q->sql))) {
        /* prepared but unremembered: harmless, the name is not reused */
        return rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
    }
    pc->n_cache++;
    memcpy(q->name, c->name, sizeof(q->name));
    q->gen = pc->generation;
    return 0;
}

static int set_value(pg_stmt *q, int idx, char *v, size_t len)
{
    if (idx < 1 || idx > q->nparams) {
        rg_free(v);
        return rg_store_fail_set(q->base.st, RG_FAIL_OTHER, "no parameter ?%d", idx);
    }
    rg_free(q->values[idx - 1]);
    q->values[idx - 1] = v;
    q->lengths[idx - 1] = (int)len;
    return 0;
}

static int pg_bind_text(rg_stmt *base, int idx, const char *s, size_t len)
{
    /* PostgreSQL's text has no NUL character: say so rather than cut */
    if (memchr(s, '\0', len))
        return rg_store_fail_set(base->st, RG_FAIL_OTHER,
                                 "the text holds a NUL character, which PostgreSQL cannot store");
    char *v = rg_strndup(s, len);
    if (!v)
        return rg_store_fail_set(base->st, RG_FAIL_OTHER, "out of memory");
    return set_value(pq(base), idx, v, len);
}

static int pg_bind_int(rg_stmt *base, int idx, int64_t n)
{
    char buf[32];
    int len = snprintf(buf, sizeof(buf), "%lld", (long long)n);
    char *v = rg_strdup(buf);
    if (!v)
        return rg_store_fail_set(base->st, RG_FAIL_OTHER, "out of memory");
    return set_value(pq(base), idx, v, (size_t)len);
}

static int pg_bind_null(rg_stmt *base, int idx)
{
    return set_value(pq(base), idx, NULL, 0);
}

static int pg_step(rg_stmt *base)
{
    pg_stmt *q = pq(base);
    rg_store *st = base->st;
    pg_conn *pc = conn_of(st);
    if (!q->res && q->writes && st->in_write) {
        /* sent ahead; its answer is read by settle() */
        if (prepared(q) != 0)
            return -1;
        if (!pc->pipelining) {
            if (!PQenterPipelineMode(pc->c))
                return fail_res(st, NULL);
            pc->pipelining = 1;
        }
        if (!PQsendQueryPrepared(pc->c, q->name, q->nparams, (const char *const *)q->values,
                                 q->lengths, NULL, 0))
            return fail_res(st, NULL);
        return RG_DONE;
    }
    if (!q->res) {
        if (prepared(q) != 0 || settle(st) != 0)
            return -1;
        q->res = PQexecPrepared(conn_of(st)->c, q->name, q->nparams, (const char *const *)q->values,
                                q->lengths, NULL, 0);
        if (check(st, q->res) != 0) {
            PQclear(q->res);
            q->res = NULL;
            return -1;
        }
        q->rows = PQntuples(q->res);
        q->row = -1;
    }
    if (q->row + 1 < q->rows) {
        q->row++;
        return RG_ROW;
    }
    q->row = q->rows;
    return RG_DONE;
}

static void pg_reset(rg_stmt *base)
{
    pg_stmt *q = pq(base);
    PQclear(q->res);
    q->res = NULL;
}

static int pg_columns(rg_stmt *base)
{
    return pq(base)->res ? PQnfields(pq(base)->res) : 0;
}

static const char *pg_column_name(rg_stmt *base, int col)
{
    return pq(base)->res ? PQfname(pq(base)->res, col) : NULL;
}

static int on_row(pg_stmt *q)
{
    return q->res && q->row >= 0 && q->row < q->rows;
}

static int pg_type(rg_stmt *base, int col)
{
    pg_stmt *q = pq(base);
    if (!on_row(q) || PQgetisnull(q->res, q->row, col))
        return RG_VALUE_NULL;
    switch (PQftype(q->res, col)) {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
        return RG_VALUE_INT;
    default:
        return RG_VALUE_TEXT;
    }
}

static const char *pg_text(rg_stmt *base, int col, size_t *len)
{
    pg_stmt *q = pq(base);
    if (len)
        *len = 0;
    if (!on_row(q) || PQgetisnull(q->res, q->row, col))
        return NULL;
    if (len)
        *len = (size_t)PQgetlength(q->res, q->row, col);
    return PQgetvalue(q->res, q->row, col);
}

static int64_t pg_integer(rg_stmt *base, int col)
{
    pg_stmt *q = pq(base);
    const char *v = pg_text(base, col, NULL);
    if (!v)
        return 0;
    if (PQftype(q->res, col) == BOOLOID)
        return v[0] == 't';
    return (int64_t)strtoll(v, NULL, 10);
}

const rg_store_backend rg_store_pg_backend = {
    .name = "PostgreSQL",
    .text_type = "TEXT COLLATE \"C\"",
    .int_type = "BIGINT",
    .begin_write = "BEGIN ISOLATION LEVEL READ COMMITTED",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    .can_reconnect = 1,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .reconnect = pg_reconnect,
    .version = pg_version,
    .set_version = pg_set_version,
    .begin_migration = pg_begin_migration,
    .before_migration = NULL,
    .after_open = NULL,
    .before_write = NULL,
    .integrity = NULL,
    .integrity_name = NULL,
    .exec = pg_exec,
    .in_transaction = pg_in_transaction,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .columns = pg_columns,
    .column_name = pg_column_name,
    .type = pg_type,
    .text = pg_text,
    .integer = pg_integer,
    .finalize = pg_finalize,
};
