/* check_cmguard.c -- cmark-gfm's guarded runs (cmguard.h): a failed
 * allocation ends the innermost run only, every block a run allocated is
 * freed when it ends (the sanitizer run checks leaks), and fn's result is
 * returned. */
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "cmguard.h"

typedef struct nest {
    long fail_at; /* the inner run's allocation that fails; < 0: none */
    int inner_rc;
    char text[64]; /* what the outer run read after the inner one */
} nest;

static int inner(void *ctx)
{
    nest *n = ctx;
    cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, rg_cm_mem());
    if (n->fail_at >= 0)
        rg_alloc_fail_after(n->fail_at);
    cmark_parser_feed(p, "# inner\n", 8);
    cmark_node *doc = cmark_parser_finish(p);
    rg_alloc_fail_after(-1);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return 7;
}

/* Parses a document, runs inner, then reads its own document: the outer
 * run's blocks must have survived the inner run's jump. */
static int outer(void *ctx)
{
    nest *n = ctx;
    cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, rg_cm_mem());
    cmark_parser_feed(p, "outer *text*\n", 13);
    cmark_node *doc = cmark_parser_finish(p);
    n->inner_rc = rg_cm_run(inner, n);
    rg_alloc_fail_after(-1); /* the jump passed inner's own reset */
    cmark_node *para = cmark_node_first_child(doc);
    snprintf(n->text, sizeof(n->text), "%s", cmark_node_get_literal(cmark_node_first_child(para)));
    cmark_node_free(doc);
    cmark_parser_free(p);
    return 3;
}

START_TEST(inner_failure_ends_the_inner_run_only)
{
    nest n = {-1, 0, ""};
    ck_assert_int_eq(rg_cm_run(outer, &n), 3);
    ck_assert_int_eq(n.inner_rc, 7);
    ck_assert_str_eq(n.text, "outer ");
    long failed = 0;
    for (long k = 0; k < 1000; k++) {
        nest f = {k, 0, ""};
        ck_assert_int_eq(rg_cm_run(outer, &f), 3);
        ck_assert_str_eq(f.text, "outer ");
        if (f.inner_rc == 7)
            break; /* k past the inner run's last allocation */
        ck_assert_int_eq(f.inner_rc, RG_CM_OUT_OF_MEMORY);
        failed++;
    }
    ck_assert_int_gt(failed, 5); /* cmark-gfm's parser was reached */
}
END_TEST

static Suite *cmguard_suite(void)
{
    Suite *s = suite_create("cmguard");
    TCase *tc = tcase_create("runs");
    tcase_add_test(tc, inner_failure_ends_the_inner_run_only);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cmguard_suite)
