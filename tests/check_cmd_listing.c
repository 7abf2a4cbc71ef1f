/* check_cmd_listing.c -- the four store commands as a person runs them
 * (build-all, import-history, list, actions): exit codes, the summary and
 * error lines, and that a failing incident does not stop the others. The
 * command entries are called directly; stdout and stderr go to files. */
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "check_cmd_util.h"
#include "check_util.h"
#include "jsonutil.h"

extern const rg_command rg_cmd_list;
extern const rg_command rg_cmd_actions;
extern const rg_command rg_cmd_import_history;
extern const rg_command rg_cmd_build_all;

static char dir[128];
static char *out_text, *err_text;

static void sh(const char *fmt, const char *a, const char *b)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), fmt, a, b);
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "build/test-scratch/cmd-listing-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    sh("rm -rf '%s'%s", dir, "");
    ck_assert_int_eq(mkdir(dir, 0777), 0);
}

static void teardown(void)
{
    sh("rm -rf '%s'%s", dir, "");
    rg_free(out_text);
    rg_free(err_text);
    out_text = err_text = NULL;
}

static char *slurp(const char *path)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *s = rg_read_file(path, &len, &d);
    rg_diag_free(&d);
    return s ? s : rg_strdup("");
}

/* Runs a command with its arguments (NULL-terminated) and keeps what it
 * printed in out_text and err_text. Returns the exit code. */
static int run(const rg_command *c, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, c);
    for (const char *a; argc < 31 && (a = va_arg(ap, const char *)) != NULL;)
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    char op[200], ep[200];
    snprintf(op, sizeof(op), "%s/stdout", dir);
    snprintf(ep, sizeof(ep), "%s/stderr", dir);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    int fo = open(op, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int fe = open(ep, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    ck_assert(so >= 0 && se >= 0 && fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    int rc = rg_test_run_cmd(c, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fo);
    close(fe);
    rg_free(out_text);
    rg_free(err_text);
    out_text = slurp(op);
    err_text = slurp(ep);
    return rc;
}

static void copy_dir(const char *from, const char *to)
{
    sh("cp -R '%s' '%s'", from, to);
}

START_TEST(test_build_all)
{
    char in[200], out[200], db[200], p[300];
    snprintf(in, sizeof(in), "%s/in", dir);
    snprintf(out, sizeof(out), "%s/reviews", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    ck_assert_int_eq(mkdir(in, 0777), 0);
    snprintf(p, sizeof(p), "%s/a-good", in);
    copy_dir(RG_FIXTURES "/build/good", p);
    /* a truncated manifest: reported, and the others still built */
    snprintf(p, sizeof(p), "%s/b-bad", in);
    copy_dir(RG_FIXTURES "/build/good", p);
    sh("printf '{\"id\": 3' > '%s/%s'", p, "incident.json");
    /* the same id again: refused, so the first one's review is not overwritten */
    snprintf(p, sizeof(p), "%s/c-same-id", in);
    copy_dir(RG_FIXTURES "/build/good", p);
    /* an id that cannot be a folder name */
    snprintf(p, sizeof(p), "%s/d-dots", in);
    copy_dir(RG_FIXTURES "/build/good", p);
    sh("printf '{\"id\": \"..\"}' > '%s/%s'", p, "incident.json");
    /* not incidents: an empty folder, a hidden one and a file */
    snprintf(p, sizeof(p), "%s/e-empty", in);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    snprintf(p, sizeof(p), "%s/.git", in);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    sh("echo notes > '%s/%s'", in, "README.txt");

    ck_assert_int_eq(run(&rg_cmd_build_all, in, "-o", out, "--db", db, NULL), 1);
    char want[2000];
    snprintf(want, sizeof(want),
             "INC-9001: %s/INC-9001/ (5 events, 4 findings)\n"
             "built 1 incident, 3 failed; reviews in %s/, recorded in %s\n",
             out, out, db);
    ck_assert_str_eq(out_text, want);
    snprintf(want, sizeof(want),
             "%s/b-bad/incident.json:1:8: unexpected end of file (truncated?): '}' expected\n"
             "%s/c-same-id: incident id 'INC-9001' is also the id of %s/a-good; set a distinct "
             "\"id\" in its incident.json\n",
             in, in, in);
    ck_assert_msg(strncmp(err_text, want, strlen(want)) == 0, "stderr was:\n%s", err_text);
    snprintf(want, sizeof(want),
             "%s/d-dots: the incident id '..' cannot be a folder name; set a plain \"id\" in its "
             "incident.json\n"
             "reviewgen: skipped 1 folder with no incident.json and no recognised source "
             "(first: %s/e-empty)\n",
             in, in);
    ck_assert_msg(strstr(err_text, want) != NULL, "stderr was:\n%s", err_text);
    snprintf(p, sizeof(p), "%s/INC-9001/review.html", out);
    ck_assert_int_eq(access(p, R_OK), 0);

    /* the store holds the one good incident */
    ck_assert_int_eq(run(&rg_cmd_list, "--db", db, "--format", "csv", NULL), 0);
    ck_assert_str_eq(out_text, "id,started,severity,services,title,time_to_acknowledge,"
                               "time_to_mitigate,total_duration\r\n"
                               "INC-9001,2026-10-02T10:00:00Z,SEV3,search,Search latency after a "
                               "bad deploy,270,1800,2400\r\n");
    ck_assert_str_eq(err_text, "");

    /* all good: exit 0 */
    sh("rm -rf '%s/b-bad' '%s/c-same-id'", in, in);
    sh("rm -rf '%s/d-dots'%s", in, "");
    ck_assert_int_eq(run(&rg_cmd_build_all, in, "-o", out, "--db", db, "-q", NULL), 0);
    snprintf(want, sizeof(want), "built 1 incident, 0 failed; reviews in %s/, recorded in %s\n",
             out, db);
    ck_assert_str_eq(out_text, want);
}
END_TEST

START_TEST(test_build_all_usage)
{
    ck_assert_int_eq(run(&rg_cmd_build_all, NULL), 2);
    ck_assert_str_eq(err_text, "reviewgen: build-all: missing the folder of incident folders "
                               "(reviewgen build-all DIR)\nTry 'reviewgen build-all --help'.\n");
    ck_assert_int_eq(run(&rg_cmd_build_all, "build/test-scratch/absent-folder", NULL), 1);
    ck_assert_str_eq(err_text, "reviewgen: cannot read the folder "
                               "'build/test-scratch/absent-folder': No such file or directory\n");
    ck_assert_int_eq(run(&rg_cmd_build_all, "--help", NULL), 0);
    ck_assert_int_eq(strncmp(out_text, "usage: reviewgen build-all DIR", 30), 0);
}
END_TEST

START_TEST(test_import_then_list)
{
    char db[200];
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    ck_assert_int_eq(run(&rg_cmd_import_history, RG_FIXTURES "/history/pagerduty-incidents.csv",
                         "--db", db, NULL),
                     0);
    char want[600];
    snprintf(want, sizeof(want),
             "imported 4 incidents from %s/history/pagerduty-incidents.csv into %s\n", RG_FIXTURES,
             db);
    ck_assert_str_eq(out_text, want);
    ck_assert_int_eq(run(&rg_cmd_list, "--db", db, "--from", "2026-07-04", "--to", "2026-10-01",
                         "--severity", "HIGH", "--format", "json", NULL),
                     0);
    json_t *rows = json_loads(out_text, 0, NULL);
    ck_assert_uint_eq(json_array_size(rows), 2);
    ck_assert_str_eq(rg_json_str(json_array_get(rows, 0), "id"), "PD-1043");
    ck_assert_str_eq(rg_json_str(json_array_get(rows, 1), "id"), "PD-1044");
    json_decref(rows);
    /* a table ends with the definitions of its durations */
    ck_assert_int_eq(run(&rg_cmd_list, "--db", db, "--service", "search-api", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "\n1 incident. Times are UTC. time to acknowledge = "
                                           "acknowledged \u2212 detected; "));
    ck_assert_int_eq(run(&rg_cmd_list, "--db", db, "--service", "nothing", NULL), 0);
    snprintf(want, sizeof(want), "no incidents in %s match\n", db);
    ck_assert_str_eq(out_text, want);
    /* imported history has no action items */
    ck_assert_int_eq(run(&rg_cmd_actions, "--db", db, "--overdue", "--as-of", "2026-12-01", NULL),
                     0);
    snprintf(want, sizeof(want), "no action items in %s match (none overdue as of 2026-12-01)\n",
             db);
    ck_assert_str_eq(out_text, want);
}
END_TEST

START_TEST(test_import_errors)
{
    char db[200];
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    /* a malformed file: exit 1, its error line, nothing imported */
    ck_assert_int_eq(run(&rg_cmd_import_history,
                         RG_FIXTURES "/history/invalid/unterminated-quote/input", "--db", db, NULL),
                     1);
    ck_assert_str_eq(err_text,
                     RG_FIXTURES "/history/invalid/unterminated-quote/input:3:6: "
                                 "unterminated quoted field (no closing '\"' before the end of the "
                                 "file)\n");
    ck_assert_str_eq(out_text, "");
    ck_assert_int_eq(run(&rg_cmd_import_history, "x.csv", "--timezone", "Asia/Ho_Chi_Mihn", NULL),
                     2);
    ck_assert_str_eq(err_text, "reviewgen: import-history: unknown time zone "
                               "'Asia/Ho_Chi_Mihn'\nTry 'reviewgen import-history --help'.\n");
    ck_assert_int_eq(run(&rg_cmd_import_history, NULL), 2);
}
END_TEST

START_TEST(test_list_usage)
{
    char db[200];
    snprintf(db, sizeof(db), "%s/none.db", dir);
    /* a listing never creates a store */
    ck_assert_int_eq(run(&rg_cmd_list, "--db", db, NULL), 1);
    char want[400];
    snprintf(want, sizeof(want),
             "reviewgen: %s: no store here (build an incident first, or give --db FILE)\n", db);
    ck_assert_str_eq(err_text, want);
    ck_assert_int_eq(access(db, F_OK), -1);
    ck_assert_int_eq(run(&rg_cmd_list, "--from", "2026-07-01", "--to", "2026-07-01", NULL), 2);
    ck_assert_str_eq(err_text, "reviewgen: list: the period is empty: --to must come after --from "
                               "(2026-07-01)\nTry 'reviewgen list --help'.\n");
    ck_assert_int_eq(run(&rg_cmd_list, "--from", "July", NULL), 2);
    ck_assert_str_eq(err_text, "reviewgen: list: --from 'July' is not a date (YYYY-MM-DD)\n"
                               "Try 'reviewgen list --help'.\n");
    ck_assert_int_eq(run(&rg_cmd_list, "--format", "xml", NULL), 2);
    ck_assert_int_eq(run(&rg_cmd_actions, "--open", "--overdue", NULL), 2);
    ck_assert_str_eq(err_text, "reviewgen: actions: give --open or --overdue, not both\n"
                               "Try 'reviewgen actions --help'.\n");
    ck_assert_int_eq(run(&rg_cmd_actions, "--as-of", "2026-02-30", NULL), 2);
    /* a file that is not a store is the store's error, exit 1 */
    char bad[200];
    snprintf(bad, sizeof(bad), "%s/not-a-store.db", dir);
    sh("printf 'id,title\\n1,x\\n' > '%s'%s", bad, "");
    ck_assert_int_eq(run(&rg_cmd_actions, "--db", bad, NULL), 1);
    ck_assert_int_eq(strncmp(err_text, bad, strlen(bad)), 0);
    ck_assert_ptr_nonnull(strstr(err_text, "not a reviewgen store"));
}
END_TEST

static Suite *cmd_listing_suite(void)
{
    Suite *s = suite_create("cmd_listing");
    TCase *tc = tcase_create("commands");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_build_all);
    tcase_add_test(tc, test_build_all_usage);
    tcase_add_test(tc, test_import_then_list);
    tcase_add_test(tc, test_import_errors);
    tcase_add_test(tc, test_list_usage);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cmd_listing_suite)
