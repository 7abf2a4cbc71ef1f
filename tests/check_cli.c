/* check_cli.c -- the command line as a user meets it: exit codes, help,
 * whole error lines on stderr, what `build` prints. Runs build/reviewgen. */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "alloc.h"
#include "check_util.h"

#ifndef RG_BIN
#define RG_BIN "build/reviewgen"
#endif

/* Runs a shell command line; returns its exit status and its stdout and
 * stderr (rg_malloc'd, NUL-terminated). */
static int run(const char *args, char **out, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "%s %s >build/test-scratch/cli.out 2>build/test-scratch/cli.err",
             getenv("RG_BIN") ? getenv("RG_BIN") : RG_BIN, args);
    mkdir("build/test-scratch", 0777);
    int st = system(cmd);
    const char *files[2] = {"build/test-scratch/cli.out", "build/test-scratch/cli.err"};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "rb");
        ck_assert_ptr_nonnull(f);
        char *buf = rg_malloc(1 << 20);
        size_t n = fread(buf, 1, (1 << 20) - 1, f);
        buf[n] = '\0';
        fclose(f);
        *dst[i] = buf;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(test_version_and_help)
{
    char *out, *err;
    ck_assert_int_eq(run("--version", &out, &err), 0);
    /* the libraries as they run: "sqlite 3.40.1, jansson 2.14, libxml2 2.9.14, ..." */
    ck_assert_int_eq(strncmp(out, "reviewgen " RG_VERSION "\nsqlite ", strlen(RG_VERSION) + 18), 0);
    ck_assert_ptr_nonnull(strstr(out, ", jansson "));
    ck_assert_ptr_nonnull(strstr(out, ", libxml2 2."));
    ck_assert_ptr_nonnull(strstr(out, ", cmark-gfm 0."));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("-V", &out, &err), 0);
    ck_assert_int_eq(strncmp(out, "reviewgen " RG_VERSION "\n", strlen(RG_VERSION) + 11), 0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("--help", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: reviewgen <command> [options]"));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build --help", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: reviewgen build DIR"));
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_usage_errors)
{
    char *out, *err;
    ck_assert_int_eq(run("frobnicate", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: unknown command 'frobnicate'\nTry 'reviewgen --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("timelime x", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: unknown command 'timelime'; did you mean 'timeline'?\n"
                          "Try 'reviewgen --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build: missing the incident folder (reviewgen build DIR)\n"
                          "Try 'reviewgen build --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build x --colour", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build: unknown option '--colour'\n"
                          "Try 'reviewgen build --help'.\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_bad_input_exit_1)
{
    char *out, *err;
    /* a truncated pager export: the file, line and column, and nothing on stdout */
    ck_assert_int_eq(run("timeline tests/fixtures/pagerduty/invalid/truncated", &out, &err), 1);
    ck_assert_str_eq(out, "");
    const char *want = "tests/fixtures/pagerduty/invalid/truncated/input:4:22: unexpected end "
                       "of file (truncated?): premature end of input near '\"Trigg'\n";
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "stderr: %s", err);
    /* the fixture's "error" file beside it is a warning, after the error */
    ck_assert_ptr_nonnull(strstr(
        err, "truncated/error: not recognised and skipped: no importer reads this kind of file"));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build tests/fixtures/does-not-exist --no-store", &out, &err), 1);
    ck_assert_str_eq(err, "tests/fixtures/does-not-exist: cannot open the incident folder: No "
                          "such file or directory\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_formats)
{
    char *out, *err;
    ck_assert_int_eq(run("formats", &out, &err), 0);
    const char *names[] = {"slack",      "pagerduty", "alertmanager",
                           "statuspage", "jsonlines", "syslog"};
    const char *at = out;
    for (size_t i = 0; i < 6; i++) {
        char want[64];
        snprintf(want, sizeof(want), "%s ", names[i]);
        const char *p = strstr(at, want);
        ck_assert_msg(p != NULL, "%s missing or out of order", names[i]);
        at = p;
    }
    /* The names' column is as wide as the longest name. */
    ck_assert_ptr_nonnull(strstr(out, "\ncloudwatch-alarms alert   AWS CloudWatch"));
    ck_assert_ptr_nonnull(strstr(out, "\nnagios            alert   Nagios"));
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_build_prints_what_it_found)
{
    char *out, *err;
    ck_assert_int_eq(
        run("build tests/fixtures/build/good -o build/test-scratch/cli-out --no-store", &out, &err),
        0);
    ck_assert_ptr_nonnull(strstr(out, "INC-9001: Search latency after a bad deploy\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  alerts.json                        alertmanager        2 events\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  pagerduty.json                     pagerduty           3 events\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  acknowledged  2026-10-02T10:04:30Z         pagerduty.json:12 (first human "
                    "page.acknowledged)\n"));
    ck_assert_ptr_nonnull(strstr(
        out, "  time to acknowledge  4 min 30 s       (acknowledged \xE2\x88\x92 detected)\n"));
    ck_assert_ptr_nonnull(strstr(out, "wrote build/test-scratch/cli-out/review.md, "));
    rg_free(out);
    rg_free(err);
    /* the timeline: one event per line, oldest first */
    ck_assert_int_eq(run("timeline tests/fixtures/build/good", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "2026-10-02T10:00:00Z  alert  alert.firing"));
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 5);
    rg_free(out);
    rg_free(err);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_version_and_help);
    tcase_add_test(tc, test_usage_errors);
    tcase_add_test(tc, test_bad_input_exit_1);
    tcase_add_test(tc, test_formats);
    tcase_add_test(tc, test_build_prints_what_it_found);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cli_suite)
