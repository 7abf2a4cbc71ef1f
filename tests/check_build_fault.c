/* check_build_fault.c -- out of memory at every allocation in turn (ours and
 * jansson's): each run ends in a clean error or a whole review, never a crash,
 * a leak (under `make sanitize`) or a half-written output (RELIABILITY 17). */
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "build.h"
#include "check_util.h"
#include "jsonutil.h"

#define GOOD RG_FIXTURES "/build/good"

/* Runs the whole pipeline with allocation n failing; returns 0 when it
 * completed, -1 when it failed cleanly. */
static int run(long n, const char *out, const char *db)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {GOOD, NULL, NULL, NULL};
    rg_alloc_fail_after(n);
    int rc = rg_build_run(&b, &o, &d);
    json_t *model = NULL;
    if (rc == 0) {
        model = rg_model_build(&b);
        if (!model)
            rc = rg_diag_error(&d, NULL, 0, 0, "out of memory");
    }
    if (rc == 0)
        rc = rg_publish(&b, model, out, db, NULL, &d);
    rg_alloc_fail_after(-1);
    if (rc != 0)
        ck_assert_msg(d.has_error && d.error[0], "allocation %ld: failed without a message", n);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    return rc;
}

START_TEST(test_every_allocation_fails_in_turn)
{
    char dir[256], out[300], db[300];
    snprintf(dir, sizeof(dir), "build/test-scratch/fault-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    rg_alloc_install_jansson();
    long n;
    for (n = 0; n < 200000; n++) {
        if (run(n, out, db) == 0)
            break;
        /* a failed run publishes nothing */
        struct stat st;
        ck_assert_msg(stat(out, &st) != 0 || stat("review.json", &st) != 0,
                      "allocation %ld: outputs appeared", n);
    }
    ck_assert_msg(n < 200000, "never succeeded");
    ck_assert_int_gt(n, 100); /* the injection reached deep into the pipeline */
    char path[400];
    snprintf(path, sizeof(path), "%s/review.json", out);
    rg_diag d;
    rg_diag_init(&d);
    json_t *model = rg_json_load(path, 0, &d);
    ck_assert_msg(model != NULL, "%s", d.error);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(model, "incident"), "id")),
                     "INC-9001");
    json_decref(model);
    rg_diag_free(&d);
}
END_TEST

static Suite *fault_suite(void)
{
    Suite *s = suite_create("build_fault");
    TCase *tc = tcase_create("oom");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_every_allocation_fails_in_turn);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(fault_suite)
