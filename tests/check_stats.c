/* check_stats.c -- nearest-rank percentiles on small hand-computed sets:
 * none, one, ties, even and odd counts, negatives, extremes. */
#include <stdint.h>

#include "check_util.h"
#include "stats.h"

static int64_t pct(const int64_t *sorted, size_t n, int p)
{
    int64_t v = -12345;
    ck_assert_int_eq(rg_percentile(sorted, n, p, &v), 0);
    return v;
}

START_TEST(no_values_no_percentile)
{
    int64_t v = 7;
    ck_assert_int_eq(rg_percentile(NULL, 0, 50, &v), -1);
    ck_assert_int_eq(v, 7);
    rg_summary s = {99, 1, 2, 3};
    rg_summarize(NULL, 0, &s);
    ck_assert_uint_eq(s.n, 0);
    ck_assert_int_eq(s.median, 0);
    ck_assert_int_eq(s.p90, 0);
    ck_assert_int_eq(s.max, 0);
}
END_TEST

START_TEST(one_value_is_every_percentile)
{
    int64_t one[] = {42};
    ck_assert_int_eq(pct(one, 1, 0), 42);
    ck_assert_int_eq(pct(one, 1, 1), 42);
    ck_assert_int_eq(pct(one, 1, 50), 42);
    ck_assert_int_eq(pct(one, 1, 90), 42);
    ck_assert_int_eq(pct(one, 1, 100), 42);
    rg_summary s;
    rg_summarize(one, 1, &s);
    ck_assert_uint_eq(s.n, 1);
    ck_assert_int_eq(s.median, 42);
    ck_assert_int_eq(s.p90, 42);
    ck_assert_int_eq(s.max, 42);
}
END_TEST

/* Even n: the median is the lower middle value (rank 2 of 4), never 2.5. */
START_TEST(even_count_takes_lower_middle)
{
    int64_t v[] = {4, 1, 3, 2};
    rg_summary s;
    rg_summarize(v, 4, &s);
    ck_assert_int_eq(v[0], 1);
    ck_assert_int_eq(v[3], 4);
    ck_assert_int_eq(s.median, 2);
    ck_assert_int_eq(s.p90, 4); /* rank ceil(3.6) = 4 */
    ck_assert_int_eq(s.max, 4);
    ck_assert_int_eq(pct(v, 4, 25), 1); /* rank 1 exactly */
    ck_assert_int_eq(pct(v, 4, 26), 2); /* rank ceil(1.04) = 2 */
    ck_assert_int_eq(pct(v, 4, 75), 3);
    ck_assert_int_eq(pct(v, 4, 0), 1);
    ck_assert_int_eq(pct(v, 4, 100), 4);
}
END_TEST

/* Exact ranks are not pushed up by rounding: p90 of ten values is rank 9. */
START_TEST(exact_ranks)
{
    int64_t v[] = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    rg_summary s;
    rg_summarize(v, 10, &s);
    ck_assert_int_eq(s.median, 5);
    ck_assert_int_eq(s.p90, 9);
    ck_assert_int_eq(s.max, 10);
    ck_assert_int_eq(pct(v, 10, 91), 10);
    ck_assert_int_eq(pct(v, 10, 10), 1);
    ck_assert_int_eq(pct(v, 10, 11), 2);
}
END_TEST

START_TEST(ties)
{
    int64_t v[] = {300, 60, 300, 300, 900};
    rg_summary s;
    rg_summarize(v, 5, &s);
    ck_assert_int_eq(s.median, 300); /* rank ceil(2.5) = 3 */
    ck_assert_int_eq(s.p90, 900);    /* rank ceil(4.5) = 5 */
    ck_assert_int_eq(pct(v, 5, 20), 60);
    ck_assert_int_eq(pct(v, 5, 21), 300);
    int64_t same[] = {120, 120, 120};
    rg_summarize(same, 3, &s);
    ck_assert_int_eq(s.median, 120);
    ck_assert_int_eq(s.p90, 120);
    ck_assert_int_eq(s.max, 120);
}
END_TEST

/* A skewed set like real response times: the median stays with the
 * typical incident, the 90th percentile is the worst but one here. */
START_TEST(skewed_durations)
{
    int64_t v[] = {240, 95, 1500, 120, 600, 180, 3600};
    rg_summary s;
    rg_summarize(v, 7, &s);
    ck_assert_uint_eq(s.n, 7);
    ck_assert_int_eq(s.median, 240); /* rank 4 of 95 120 180 240 600 1500 3600 */
    ck_assert_int_eq(s.p90, 3600);   /* rank ceil(6.3) = 7 */
    ck_assert_int_eq(s.max, 3600);
}
END_TEST

START_TEST(negatives_and_extremes)
{
    int64_t v[] = {-5, 10, 0};
    rg_summary s;
    rg_summarize(v, 3, &s);
    ck_assert_int_eq(s.median, 0);
    ck_assert_int_eq(pct(v, 3, 0), -5);
    /* comparison never overflows */
    int64_t w[] = {INT64_MAX, INT64_MIN, 0, -1};
    rg_summarize(w, 4, &s);
    ck_assert(w[0] == INT64_MIN);
    ck_assert(w[3] == INT64_MAX);
    ck_assert_int_eq(s.median, -1);
    ck_assert(s.max == INT64_MAX);
}
END_TEST

START_TEST(percent_out_of_range)
{
    int64_t v[] = {1, 2};
    int64_t out = 9;
    ck_assert_int_eq(rg_percentile(v, 2, -1, &out), -1);
    ck_assert_int_eq(rg_percentile(v, 2, 101, &out), -1);
    ck_assert_int_eq(out, 9);
}
END_TEST

static Suite *stats_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, no_values_no_percentile);
    tcase_add_test(tc, one_value_is_every_percentile);
    tcase_add_test(tc, even_count_takes_lower_middle);
    tcase_add_test(tc, exact_ranks);
    tcase_add_test(tc, ties);
    tcase_add_test(tc, skewed_durations);
    tcase_add_test(tc, negatives_and_extremes);
    tcase_add_test(tc, percent_out_of_range);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(stats_suite)
