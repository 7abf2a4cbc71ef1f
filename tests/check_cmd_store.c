/* check_cmd_store.c -- `reviewgen store copy|check|migrate` and the store
 * options every command shares (--busy-timeout, REVIEWGEN_BUSY_TIMEOUT), as
 * a person runs them: exit codes and exact lines, on SQLite stores (the
 * same commands on PostgreSQL are in check_store_pg.c). The binary is run,
 * so a busy store is a second connection of this process. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"
#include "store.h"

#define GOOD RG_FIXTURES "/build/good"

static char dir[128];
static char *out_text, *err_text;

static char *slurp(const char *path)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *s = rg_read_file(path, &len, &d);
    rg_diag_free(&d);
    return s ? s : rg_strdup("");
}

/* Runs `reviewgen ARGS` in dir (env: "NAME=value " or ""); keeps stdout and
 * stderr. Returns the exit code. */
static int run(const char *env, const char *args)
{
    char cwd[512], cmd[2048];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(cmd, sizeof(cmd), "cd '%s' && %s'%s/%s' %s > stdout 2> stderr", dir, env, cwd, RG_BIN,
             args);
    int rc = system(cmd);
    char p[300];
    rg_free(out_text);
    rg_free(err_text);
    snprintf(p, sizeof(p), "%s/stdout", dir);
    out_text = slurp(p);
    snprintf(p, sizeof(p), "%s/stderr", dir);
    err_text = slurp(p);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/rg-check-cmd-store-%ld", (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    rg_free(out_text);
    rg_free(err_text);
    out_text = err_text = NULL;
}

/* a.db with the fixture's incident in it */
static void build_into(const char *db)
{
    char cwd[512], args[1024];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(args, sizeof(args), "build '%s/%s' -o out --db %s -q", cwd, GOOD, db);
    ck_assert_msg(run("", args) == 0, "%s", err_text);
}

START_TEST(migrate_and_check)
{
    ck_assert_int_eq(run("", "store migrate --db new.db"), 0);
    ck_assert_str_eq(out_text, "new.db: created, schema 4\n");
    ck_assert_int_eq(run("", "store migrate --db new.db"), 0);
    ck_assert_str_eq(out_text, "new.db: schema 4, nothing to do\n");
    ck_assert_int_eq(run("", "store check --db new.db"), 0);
    ck_assert_str_eq(out_text, "new.db: ok: schema 4, 0 incidents, 0 events (integrity_check and "
                               "the rows checked)\n");
    /* an older store: upgraded, and copied aside first */
    char path[300];
    snprintf(path, sizeof(path), "%s/old.db", dir);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(rg_store_create_at_version(path, 1, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    ck_assert_int_eq(run("REVIEWGEN_DB=old.db ", "store migrate"), 0);
    ck_assert_str_eq(out_text, "old.db: upgraded from schema 1 to 4 (the store as it was is in "
                               "old.db.schema-1.bak)\n");
    snprintf(path, sizeof(path), "%s/old.db.schema-1.bak", dir);
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    /* a store that is not there is not made by check */
    ck_assert_int_eq(run("", "store check --db missing.db"), 1);
    ck_assert_str_eq(err_text, "missing.db: no store here (No such file or directory)\n");
    snprintf(path, sizeof(path), "%s/missing.db", dir);
    ck_assert_int_ne(stat(path, &sb), 0);
}
END_TEST

START_TEST(check_lists_problems)
{
    build_into("a.db");
    ck_assert_int_eq(run("", "store check --db a.db -q"), 0);
    ck_assert_str_eq(out_text, "");
    char path[300];
    snprintf(path, sizeof(path), "%s/a.db", dir);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(db,
                     "PRAGMA foreign_keys = OFF; INSERT INTO findings (rowid, incident_id,"
                     " seq, code) VALUES (1000, 'GONE', 0, 'x')",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(run("", "store check --db a.db"), 4);
    ck_assert_str_eq(out_text,
                     "a.db: findings: row 1000 refers to a missing incidents row\n"
                     "a.db: findings: 1 rows belong to no incident\n"
                     "a.db: 2 problems found (integrity_check and the rows checked); restore the "
                     "store from a backup, or copy what reads back with 'reviewgen store copy'\n");
}
END_TEST

START_TEST(copy_files)
{
    build_into("a.db");
    ck_assert_int_eq(run("", "store copy a.db b.db"), 0);
    ck_assert_str_eq(out_text, "copied 1 incident from a.db to b.db\n");
    ck_assert_int_eq(run("", "store copy a.db b.db -q"), 0);
    ck_assert_str_eq(out_text, "");
    ck_assert_int_eq(run("", "list --db b.db --format csv"), 0);
    char *b = rg_strdup(out_text);
    ck_assert_int_eq(run("", "list --db a.db --format csv"), 0);
    ck_assert_str_eq(b, out_text);
    rg_free(b);
    /* FROM unreadable: 1; TO unwritable: 3, and nothing is made */
    ck_assert_int_eq(run("", "store copy nothing.db b.db"), 1);
    ck_assert_str_eq(err_text, "nothing.db: no store here (No such file or directory)\n");
    ck_assert_int_eq(run("", "store copy a.db a.db/inner.db"), 3);
    ck_assert_str_eq(err_text,
                     "a.db/inner.db: cannot open the store: unable to open database file\n");
    ck_assert_int_eq(run("", "store copy a.db a.db"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: copy: FROM and TO are the same store ('a.db')\n"
                               "Try 'reviewgen store --help'.\n");
}
END_TEST

START_TEST(usage_errors)
{
    ck_assert_int_eq(run("", "store"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: missing what to do: copy FROM TO, check or "
                               "migrate\nTry 'reviewgen store --help'.\n");
    ck_assert_int_eq(run("", "store chek"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: unknown action 'chek' (did you mean 'check'?)\n"
                               "Try 'reviewgen store --help'.\n");
    ck_assert_int_eq(run("", "store copy a.db"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: missing FROM and TO (reviewgen store copy FROM "
                               "TO)\nTry 'reviewgen store --help'.\n");
    ck_assert_int_eq(run("", "store copy a.db b.db --db c.db"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: copy: give FROM and TO as its two arguments, not "
                               "--db\nTry 'reviewgen store --help'.\n");
    ck_assert_int_eq(run("", "store check extra"), 2);
    ck_assert_str_eq(err_text, "reviewgen: store: unexpected argument 'extra'\n"
                               "Try 'reviewgen store --help'.\n");
    ck_assert_int_eq(run("", "build x --busy-timeout 0"), 2);
    ck_assert_str_eq(err_text, "reviewgen: build: --busy-timeout '0' is not a number of seconds "
                               "from 1 to 86400\nTry 'reviewgen build --help'.\n");
    ck_assert_int_eq(run("REVIEWGEN_BUSY_TIMEOUT=soon ", "list"), 2);
    ck_assert_str_eq(err_text, "reviewgen: list: REVIEWGEN_BUSY_TIMEOUT 'soon' is not a number of "
                               "seconds from 1 to 86400\nTry 'reviewgen list --help'.\n");
    /* the option wins over the environment */
    ck_assert_int_eq(run("REVIEWGEN_BUSY_TIMEOUT=soon ", "list --busy-timeout 5 --db none.db"), 1);
}
END_TEST

/* Issue 13, from the command line: another writer holds the store; build
 * waits --busy-timeout seconds, says so, exits 3 and changes nothing. */
START_TEST(busy_store)
{
    build_into("a.db");
    char path[300];
    snprintf(path, sizeof(path), "%s/a.db", dir);
    sqlite3 *other = NULL;
    ck_assert_int_eq(sqlite3_open(path, &other), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(other, "BEGIN IMMEDIATE; DELETE FROM contributing_factors", NULL, NULL, NULL),
        SQLITE_OK);
    char cwd[512], args[1024];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(args, sizeof(args), "build '%s/%s' -o out2 --db a.db -q --busy-timeout 1", cwd, GOOD);
    ck_assert_int_eq(run("", args), 3);
    ck_assert_str_eq(err_text, "a.db: the store is busy: another reviewgen or a reader holds it; "
                               "retried for 1 s\n");
    snprintf(path, sizeof(path), "%s/out2/review.md", dir);
    struct stat sb;
    ck_assert_int_ne(stat(path, &sb), 0);
    /* the environment's timeout, the same */
    snprintf(args, sizeof(args), "build '%s/%s' -o out2 --db a.db -q", cwd, GOOD);
    ck_assert_int_eq(run("REVIEWGEN_BUSY_TIMEOUT=2 ", args), 3);
    ck_assert_str_eq(err_text, "a.db: the store is busy: another reviewgen or a reader holds it; "
                               "retried for 2 s\n");
    /* a reader holding a transaction does not stop a build (WAL) */
    ck_assert_int_eq(
        sqlite3_exec(other, "ROLLBACK; BEGIN; SELECT count(*) FROM incidents", NULL, NULL, NULL),
        SQLITE_OK);
    ck_assert_int_eq(run("REVIEWGEN_BUSY_TIMEOUT=1 ", args), 0);
    ck_assert_int_eq(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
}
END_TEST

static Suite *cmd_store_suite(void)
{
    Suite *s = suite_create("cmd_store");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, migrate_and_check);
    tcase_add_test(tc, check_lists_problems);
    tcase_add_test(tc, copy_files);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, busy_store);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cmd_store_suite)
