/* check_pg_util.h -- what the suites that run on both store back ends share:
 * the PostgreSQL server (tests/run.sh starts one for the whole suite and
 * passes it in $RG_TEST_PG; a suite run alone starts its own with
 * tests/pg/server.sh), a fresh empty store of either kind per test (a
 * PostgreSQL store lives in a schema of its own, through search_path), raw
 * SQL beside the store's interface, and a dump of every row.
 *
 * No server installed: the PostgreSQL tests are skipped with a message that
 * says how to install one, unless RG_REQUIRE_PG=1 (CI), which makes
 * the skip a failing test. Every function is static inline. */
#ifndef RG_CHECK_PG_UTIL_H
#define RG_CHECK_PG_UTIL_H

#include <check.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "check_util.h"
#include "store.h"

/* The server's connection string (NULL: none), or why there is none. */
static const char *pg_base;
static char pg_why[512];
static char pg_own[64]; /* the folder of a server this process started */

/* Finds or starts the server; call from main() before the suites run. */
static inline void pg_server_start(void)
{
    const char *env = getenv("RG_TEST_PG");
    if (env && !strncmp(env, "skip:", 5)) {
        snprintf(pg_why, sizeof(pg_why), "%s", env + 5);
        return;
    }
    if (env && *env) {
        pg_base = env;
        return;
    }
    strcpy(pg_own, "/tmp/rg-pg-XXXXXX");
    if (!mkdtemp(pg_own)) {
        snprintf(pg_why, sizeof(pg_why), "cannot make a folder for the server");
        pg_own[0] = '\0';
        return;
    }
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "sh tests/pg/server.sh start '%s'", pg_own);
    FILE *p = popen(cmd, "r");
    static char line[512];
    line[0] = '\0';
    if (p && !fgets(line, sizeof(line), p))
        line[0] = '\0';
    int status = p ? pclose(p) : -1;
    line[strcspn(line, "\n")] = '\0';
    if (status == 0 && line[0]) {
        pg_base = line;
        setenv("RG_TEST_PG", line, 1); /* for the reviewgen processes the tests run */
        return;
    }
    snprintf(pg_why, sizeof(pg_why), "%s",
             WIFEXITED(status) && WEXITSTATUS(status) == 3
                 ? "no PostgreSQL server found: install it with 'make deps' or 'apt-get install "
                   "postgresql'"
                 : "the PostgreSQL server could not be started (tests/pg/server.sh said why)");
    snprintf(cmd, sizeof(cmd), "sh tests/pg/server.sh stop '%s'", pg_own);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", pg_own);
    pg_own[0] = '\0';
}

static inline void pg_server_stop(void)
{
    if (!pg_own[0])
        return;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "sh tests/pg/server.sh stop '%s'", pg_own);
    if (system(cmd) != 0)
        fprintf(stderr, "could not stop the server in %s\n", pg_own);
}

/* 1 when the PostgreSQL tests run; else 0, having said that `n` of them
 * are skipped and why. */
static inline int pg_available(int n)
{
    if (pg_base)
        return 1;
    fprintf(stderr, "skipped: %d PostgreSQL tests: %s\n", n, pg_why);
    return 0;
}

START_TEST(pg_required)
{
    ck_abort_msg("RG_REQUIRE_PG=1 and the PostgreSQL tests cannot run: %s", pg_why);
}
END_TEST

/* Adds the PostgreSQL test case tc to s when there is a server (have);
 * else the failing pg_required when RG_REQUIRE_PG=1 (CI), or
 * nothing. */
static inline void pg_add_tcase(Suite *s, TCase *tc, int have)
{
    if (have) {
        suite_add_tcase(s, tc);
        return;
    }
    const char *req = getenv("RG_REQUIRE_PG");
    if (req && !strcmp(req, "1")) {
        TCase *t = tcase_create("pg_required");
        tcase_add_test(t, pg_required);
        suite_add_tcase(s, t);
    }
}

/* ---- one test's store ------------------------------------------------- */

typedef struct test_store {
    int pg;
    char target[1024]; /* what rg_store_open gets */
    char schema[64];   /* PostgreSQL: the schema that holds it */
    char dir[128];     /* SQLite: its folder */
    char path[192];    /* SQLite: the file */
} test_store;

static inline void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static inline PGconn *pg_connect_ok(const char *conninfo)
{
    PGconn *c = PQconnectdb(conninfo);
    ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    return c;
}

static inline void pg_exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK,
                  "%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* An administrator's connection to the test database. Caller PQfinish()es. */
static inline PGconn *pg_admin(void)
{
    return pg_connect_ok(pg_base);
}

/* A new, empty place for a store: a file name in a new folder, or a new
 * schema of the test database, `extra` (NULL or "key=value ...") added to
 * the connection string. */
static inline void ts_init_with(test_store *t, int pg, const char *extra)
{
    static int serial;
    memset(t, 0, sizeof(*t));
    t->pg = pg;
    serial++;
    if (!pg) {
        snprintf(t->dir, sizeof(t->dir), "/tmp/rg-check-stores-%ld-%d", (long)getpid(), serial);
        mkdir(t->dir, 0777);
        snprintf(t->path, sizeof(t->path), "%s/reviews.db", t->dir);
        snprintf(t->target, sizeof(t->target), "%s", t->path);
        return;
    }
    snprintf(t->schema, sizeof(t->schema), "t%ld_%d", (long)getpid(), serial);
    PGconn *c = pg_admin();
    char sql[256];
    snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", t->schema,
             t->schema);
    pg_exec_ok(c, sql);
    PQfinish(c);
    snprintf(t->target, sizeof(t->target), "%s options='-csearch_path=%s'%s%s", pg_base, t->schema,
             extra ? " " : "", extra ? extra : "");
}

static inline void ts_init(test_store *t, int pg)
{
    ts_init_with(t, pg, NULL);
}

static inline void ts_free(test_store *t)
{
    if (t->pg) {
        PGconn *c = pg_admin();
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE", t->schema);
        pg_exec_ok(c, sql);
        PQfinish(c);
        return;
    }
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", t->dir);
}

/* Raw SQL in the test's store, beside reviewgen (as an older reviewgen, an
 * administrator or a damaged disk would leave it). */
static inline void ts_exec(const test_store *t, const char *sql)
{
    if (t->pg) {
        PGconn *c = pg_connect_ok(t->target);
        pg_exec_ok(c, sql);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(t->path, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "");
    sqlite3_close(db);
}

/* The store's schema version, read raw. */
static inline long long ts_version(const test_store *t)
{
    if (t->pg) {
        PGconn *c = pg_connect_ok(t->target);
        PGresult *r = PQexec(c, "SELECT version FROM reviewgen_schema");
        ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
        long long v = atoll(PQgetvalue(r, 0, 0));
        PQclear(r);
        PQfinish(c);
        return v;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    ck_assert_int_eq(sqlite3_open(t->path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

static inline rg_store *ts_open(const test_store *t)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_store *st = rg_store_open(t->target, &d);
    ck_assert_msg(st != NULL, "%s", d.error);
    rg_diag_free(&d);
    return st;
}

/* The rows of sql through the store's interface, one line each, values
 * '|'-separated, NULL as NULL. Caller rg_free()s. */
static inline char *st_rows(rg_store *st, const char *sql)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_stmt *q = rg_store_prepare(st, sql, &d);
    ck_assert_msg(q != NULL, "%s: %s", sql, d.error);
    rg_diag_free(&d);
    rg_buf b = {0};
    int r;
    while ((r = rg_stmt_step(q)) == RG_ROW) {
        for (int c = 0; c < rg_stmt_columns(q); c++) {
            const char *sep = c ? "|" : "";
            switch (rg_stmt_type(q, c)) {
            case RG_VALUE_NULL:
                rg_buf_printf(&b, "%sNULL", sep);
                break;
            case RG_VALUE_INT:
                rg_buf_printf(&b, "%s%lld", sep, (long long)rg_stmt_int(q, c));
                break;
            default:
                rg_buf_printf(&b, "%s'%s'", sep, rg_stmt_text(q, c));
            }
        }
        rg_buf_putc(&b, '\n');
    }
    ck_assert_msg(r == RG_DONE, "%s: %s", sql, rg_store_errmsg(st));
    rg_stmt_finalize(q);
    return b.data ? b.data : rg_strdup("");
}

/* Every row of every table of an incident, in key order. Caller rg_free()s. */
static inline char *st_dump(rg_store *st)
{
    rg_buf b = {0};
    for (size_t t = 0; t < rg_n_store_tables; t++) {
        const rg_store_table *tb = &rg_store_tables[t];
        rg_buf q = {0};
        rg_buf_puts(&q, "SELECT ");
        /* output_token is a random token per build (publish.c): two builds
         * of the same evidence differ there and nowhere else */
        for (size_t c = 0, n = 0; tb->columns[c]; c++)
            if (strcmp(tb->columns[c], "output_token") != 0)
                rg_buf_printf(&q, "%s%s", n++ ? ", " : "", tb->columns[c]);
        rg_buf_printf(&q, " FROM %s ORDER BY %s%s", tb->name, tb->key, t ? ", seq" : "");
        char *rows = st_rows(st, q.data);
        rg_buf_printf(&b, "%s\n%s", tb->name, rows);
        rg_free(rows);
        rg_buf_free(&q);
    }
    return b.data;
}

static inline char *ts_dump(const test_store *t)
{
    rg_store *st = ts_open(t);
    char *s = st_dump(st);
    rg_store_close(st);
    return s;
}

#endif
