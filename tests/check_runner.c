/* check_runner.c -- tests/run.sh, the suite's summary: its closing line
 * counts the corpus tests that skipped, and RG_REQUIRE_CORPUS=1 (CI) turns
 * any such skip into a failure; other skips are counted on the line before (RELIABILITY.md, "Bad
 * input"). */
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"

/* A fake build folder with one "Check binary" that passes 3 checks,
 * skips 2 corpus tests and one for a missing locale; returns run.sh's output and exit status. */
static char *run_summary(const char *env, int *status)
{
    char dir[200], cmd[1600];
    snprintf(dir, sizeof(dir), "build/test-scratch/runner-%ld", (long)getpid());
    snprintf(
        cmd, sizeof(cmd),
        "rm -rf '%s' && mkdir -p '%s/tests' && printf '%%s\\n' '#!/bin/sh' "
        "'echo \"skipped: ../shared/corpus/a is absent (the shared corpus is not beside the "
        "repository)\" >&2' 'echo \"skipped: ../shared/corpus/b is absent (the shared "
        "corpus is not beside the repository)\" >&2' 'echo \"skipped: locale xx_XX.UTF-8 is not "
        "installed\" >&2' 'echo \"100%%: Checks: 3, Failures: 0, "
        "Errors: 0\"' > '%s/tests/check_fake' && chmod +x '%s/tests/check_fake'",
        dir, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "%s sh tests/run.sh '%s' > '%s/out.txt' 2>&1", env, dir, dir);
    *status = system(cmd);
    char path[300];
    snprintf(path, sizeof(path), "%s/out.txt", dir);
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *out = rg_read_file(path, &len, &d);
    ck_assert_msg(out != NULL, "%s", d.error);
    rg_diag_free(&d);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    return out;
}

START_TEST(test_skips_are_counted)
{
    int status;
    char *out = run_summary("RG_REQUIRE_CORPUS=", &status);
    ck_assert_int_eq(status, 0);
    ck_assert_ptr_nonnull(strstr(out, "\nother skips: 1\ncheck: 3 passed, 0 failed, 2 skipped (no "
                                      "../shared/corpus)\n"));
    rg_free(out);
}
END_TEST

START_TEST(test_skips_fail_when_the_corpus_is_required)
{
    int status;
    char *out = run_summary("RG_REQUIRE_CORPUS=1", &status);
    ck_assert_int_ne(status, 0);
    ck_assert_ptr_nonnull(strstr(out, "failing: 2 corpus tests skipped, and RG_REQUIRE_CORPUS=1 "
                                      "(CI) requires ../shared/corpus\n"
                                      "other skips: 1\n"
                                      "check: 3 passed, 2 failed, 2 skipped"));
    rg_free(out);
}
END_TEST

static Suite *runner_suite(void)
{
    Suite *s = suite_create("runner");
    TCase *tc = tcase_create("summary");
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    tcase_add_test(tc, test_skips_are_counted);
    tcase_add_test(tc, test_skips_fail_when_the_corpus_is_required);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(runner_suite)
