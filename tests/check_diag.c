/* check_diag.c -- warnings counted by class (path, key), found by hash: the
 * classes, their counts, first messages and order are those of a scan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_util.h"
#include "diag.h"

START_TEST(test_many_classes)
{
    /* 5,000 files with two classes each, every warning given three times,
     * interleaved: 10,000 classes in the order first met, each counted 3 */
    rg_diag d;
    rg_diag_init(&d);
    char path[64];
    for (int round = 0; round < 3; round++)
        for (int f = 0; f < 5000; f++) {
            snprintf(path, sizeof(path), "logs/app-%04d.log", f);
            rg_diag_warn(&d, path, 10 + round, 1, "bad-time", "no time in line %d", round);
            rg_diag_warn(&d, path, 20 + round, 0, "bad-utf8", "not UTF-8");
        }
    ck_assert_uint_eq(d.n_warnings, 10000);
    for (size_t i = 0; i < d.n_warnings; i++)
        ck_assert_uint_eq(d.warnings[i].count, 3);
    ck_assert_str_eq(d.warnings[0].first, "logs/app-0000.log:10:1: no time in line 0");
    ck_assert_str_eq(d.warnings[1].first, "logs/app-0000.log:20: not UTF-8");
    ck_assert_str_eq(d.warnings[9998].first, "logs/app-4999.log:10:1: no time in line 0");
    ck_assert_str_eq(d.warnings[9999].key, "bad-utf8");
    ck_assert_uint_eq(rg_diag_warning_total(&d, "bad-time"), 15000);
    ck_assert_uint_eq(rg_diag_warning_total(&d, NULL), 30000);
    rg_diag_free(&d);
    ck_assert_uint_eq(d.n_warnings, 0);
    ck_assert_ptr_null(d.slots);
}
END_TEST

START_TEST(test_class_identity)
{
    rg_diag d;
    rg_diag_init(&d);
    /* no key is the key "warning"; no path is its own path */
    rg_diag_warn(&d, "a", 1, 0, NULL, "one");
    rg_diag_warn(&d, "a", 2, 0, "warning", "two");
    rg_diag_warn(&d, NULL, 0, 0, "warning", "three");
    rg_diag_warn(&d, "", 0, 0, "warning", "four");
    /* the parts are not joined: "ab" + "c" is not "a" + "bc" */
    rg_diag_warn(&d, "ab", 1, 0, "c", "five");
    rg_diag_warn(&d, "a", 1, 0, "bc", "six");
    rg_diag_warn(&d, "ab", 9, 0, "c", "seven");
    ck_assert_uint_eq(d.n_warnings, 5);
    ck_assert_str_eq(d.warnings[0].first, "a:1: one");
    ck_assert_uint_eq(d.warnings[0].count, 2);
    ck_assert_str_eq(d.warnings[1].first, "three");
    ck_assert_ptr_null(d.warnings[1].path);
    ck_assert_str_eq(d.warnings[2].first, ": four");
    ck_assert_str_eq(d.warnings[3].first, "ab:1: five");
    ck_assert_uint_eq(d.warnings[3].count, 2);
    ck_assert_str_eq(d.warnings[4].first, "a:1: six");
    ck_assert_uint_eq(d.warnings[4].count, 1);
    rg_diag_free(&d);
}
END_TEST

static Suite *diag_suite(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("diag");
    tcase_add_test(tc, test_many_classes);
    tcase_add_test(tc, test_class_identity);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(diag_suite)
