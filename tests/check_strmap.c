/* check_strmap.c -- the importers' string-keyed table: lookups after growth,
 * replaced values, keys that are prefixes of each other or hold NUL bytes,
 * and an allocation failing at each step. */
#include <stdio.h>
#include <string.h>

#include "../importers/strmap.h"
#include "alloc.h"
#include "check_util.h"

START_TEST(test_put_get)
{
    rg_arena *a = rg_arena_new();
    rg_strmap m;
    rg_strmap_init(&m, a);
    ck_assert_ptr_null(rg_strmap_get(&m, "x", 1));
    static int values[5000];
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "user-%d", i);
        ck_assert_int_eq(rg_strmap_put(&m, key, (size_t)n, &values[i]), 0);
    }
    ck_assert_uint_eq(m.n, 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof(key), "user-%d", i);
        ck_assert_ptr_eq(rg_strmap_get(&m, key, (size_t)n), &values[i]);
    }
    /* A prefix, an empty key, a key with a NUL inside. */
    ck_assert_ptr_null(rg_strmap_get(&m, "user-1", 5));
    ck_assert_ptr_null(rg_strmap_get(&m, "", 0));
    ck_assert_int_eq(rg_strmap_put(&m, "", 0, &values[1]), 0);
    ck_assert_int_eq(rg_strmap_put(&m, "a\0b", 3, &values[2]), 0);
    ck_assert_ptr_eq(rg_strmap_get(&m, "", 0), &values[1]);
    ck_assert_ptr_eq(rg_strmap_get(&m, "a\0b", 3), &values[2]);
    ck_assert_ptr_null(rg_strmap_get(&m, "a", 1));
    /* Replacing keeps one entry. */
    ck_assert_int_eq(rg_strmap_put(&m, "user-7", 6, &values[0]), 0);
    ck_assert_ptr_eq(rg_strmap_get(&m, "user-7", 6), &values[0]);
    ck_assert_uint_eq(m.n, 5002);
    rg_strmap_free(&m);
    rg_strmap_free(&m); /* twice is harmless */
    rg_arena_free(a);
}
END_TEST

START_TEST(test_out_of_memory)
{
    static int v;
    int ok = 0;
    for (long n = 0; n < 100 && !ok; n++) {
        rg_arena *a = rg_arena_new();
        ck_assert_ptr_nonnull(a);
        rg_strmap m;
        rg_strmap_init(&m, a);
        rg_alloc_fail_after(n);
        int failed = 0;
        char key[16];
        for (int i = 0; i < 100 && !failed; i++) {
            int k = snprintf(key, sizeof(key), "k%d", i);
            failed = rg_strmap_put(&m, key, (size_t)k, &v) != 0;
            /* A failed put leaves what was there. */
            ck_assert_uint_eq(m.n, (size_t)(failed ? i : i + 1));
        }
        rg_alloc_fail_after(-1);
        for (int j = 0; j < (int)m.n; j++) {
            int k = snprintf(key, sizeof(key), "k%d", j);
            ck_assert_ptr_eq(rg_strmap_get(&m, key, (size_t)k), &v);
        }
        ok = !failed;
        rg_strmap_free(&m);
        rg_arena_free(a);
    }
    ck_assert(ok);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("strmap");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_put_get);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
