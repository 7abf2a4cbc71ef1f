/* check_grafana_csv.c -- the grafana-csv importer: series joined by time,
 * one series per row (and 5,000 of them), several frames, Excel's sep= line and ';', formatted
 * times and values, text columns, good and bad rows, bad input and running
 * out of memory; every series with its exact samples. */
#include <string.h>

#include "../importers/metricfmt.h"
#include "check_importer_util.h"

#define FX RG_FIXTURES "/grafana-csv"

extern const rg_importer rg_importer_grafana_csv;
#define IMP (&rg_importer_grafana_csv)

static got g;

static void run(const char *path)
{
    run_file(&g, IMP, 16, path, "panel", 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 0);
}

START_TEST(joined_by_time)
{
    run(FX "/joined.csv");
    ck_assert_uint_eq(g.n_series, 2);
    /* epoch milliseconds; an empty cell is a null, not a zero */
    ck_assert_str_eq(series_text(&g, 0), "checkout 5xx ratio " FX "/joined.csv:series 1: "
                                         "2026-11-20T14:00:00Z=0.004 2026-11-20T14:02:00Z=0.08");
    /* a header written like a Prometheus series gives its labels */
    ck_assert_str_eq(series_text(&g, 1),
                     "{instance=\"a:9090\",job=\"api\"} " FX "/joined.csv:series 2: "
                     "2026-11-20T14:00:00Z=1 2026-11-20T14:01:00Z=0 2026-11-20T14:02:00Z=1");
    ck_assert_str_eq(g.series[1]->name, "");
    ck_assert_str_eq(g.series[1]->labels[1].name, "job");
    check_warning(&g, "text-column",
                  FX "/joined.csv:2:23: column 'status' holds text ('ok'), not numbers; skipped",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(formatted_times_and_units)
{
    run(FX "/formatted.csv");
    ck_assert_uint_eq(g.n_series, 1);
    ck_assert_str_eq(series_text(&g, 0), "p99 latency " FX "/formatted.csv:series 1: "
                                         "2026-11-20T14:00:00Z=120 2026-11-20T14:01:00Z=480");
    check_warning(&g, "zone-assumed",
                  FX "/formatted.csv:3:1: times have no zone (Grafana writes the dashboard's "
                     "zone); read as UTC, assumed: set the source's \"timezone\" in incident.json "
                     "if they are not",
                  1);
    check_warning(&g, "formatted-values",
                  FX "/formatted.csv:3:21: values carry display units ('120 ms', Grafana's "
                     "\"Formatted data\"); read as the number shown",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(formatted_times_in_the_source_zone)
{
    got_init(&g, 16);
    char err[128];
    g.tz = rg_tz_load("Asia/Ho_Chi_Minh", err, sizeof(err));
    ck_assert_ptr_nonnull(g.tz);
    rg_source src = {.path = FX "/formatted.csv",
                     .name = "panel",
                     .zone = g.tz,
                     .zone_explicit = 1,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse_named(&g, IMP, &src);
    ck_assert_int_eq(g.rc, 0);
    /* 14:00 in UTC+7 is 07:00Z; the zone was named, so no warning */
    ck_assert_str_eq(series_text(&g, 0), "p99 latency " FX "/formatted.csv:series 1: "
                                         "2026-11-20T07:00:00Z=120 2026-11-20T07:01:00Z=480");
    check_warning(&g, "zone-assumed", "", 0);
    got_free(&g);
}
END_TEST

START_TEST(series_as_rows)
{
    run(FX "/rows.csv");
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0), "api p99 " FX "/rows.csv:series 1: "
                                         "2026-11-20T14:00:00Z=0.12 2026-11-20T14:01:00Z=0.48");
    ck_assert_str_eq(series_text(&g, 1),
                     "web p99 " FX "/rows.csv:series 2: 2026-11-20T14:00:00Z=0.3");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* The rows form with 5,000 series of 4 rows each, the rows of an instant
 * together (as Grafana writes them): every series found again by its name,
 * one series each, in order of first sight. Every 1,000th name is written
 * like a Prometheus series, whose parsed name ("up") is the same for all
 * five: each is still its own series, by its text. */
START_TEST(many_series_as_rows)
{
    char *path = temp_path("grafana_csv_rows");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Series;Time;Value\n", f);
    for (int t = 0; t < 4; t++)
        for (int i = 0; i < 5000; i++) {
            if (i % 1000 == 999)
                fprintf(f, "\"up{job=\"\"j%d\"\"}\"", i);
            else
                fprintf(f, "\"svc %d p99\"", i);
            fprintf(f, ";%lld;%d\n", 1795132800000LL + t * 60000LL, i * 10 + t);
        }
    fclose(f);
    run(path);
    ck_assert_uint_eq(g.n_series, 5000);
    char want[512];
    snprintf(want, sizeof(want),
             "svc 0 p99 %s:series 1: 2026-11-20T00:00:00Z=0 2026-11-20T00:01:00Z=1 "
             "2026-11-20T00:02:00Z=2 2026-11-20T00:03:00Z=3",
             path);
    ck_assert_str_eq(series_text(&g, 0), want);
    snprintf(want, sizeof(want),
             "svc 2500 p99 %s:series 2501: 2026-11-20T00:00:00Z=25000 "
             "2026-11-20T00:01:00Z=25001 2026-11-20T00:02:00Z=25002 2026-11-20T00:03:00Z=25003",
             path);
    ck_assert_str_eq(series_text(&g, 2500), want);
    snprintf(want, sizeof(want),
             "up{job=\"j999\"} %s:series 1000: 2026-11-20T00:00:00Z=9990 "
             "2026-11-20T00:01:00Z=9991 2026-11-20T00:02:00Z=9992 2026-11-20T00:03:00Z=9993",
             path);
    ck_assert_str_eq(series_text(&g, 999), want);
    ck_assert_str_eq(g.series[999]->name, "up");
    snprintf(want, sizeof(want),
             "up{job=\"j4999\"} %s:series 5000: 2026-11-20T00:00:00Z=49990 "
             "2026-11-20T00:01:00Z=49991 2026-11-20T00:02:00Z=49992 2026-11-20T00:03:00Z=49993",
             path);
    ck_assert_str_eq(series_text(&g, 4999), want);
    for (size_t i = 0; i < g.n_series; i++)
        ck_assert_uint_eq(g.series[i]->n_samples, 4);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(frames_one_after_another)
{
    run(FX "/frames.csv");
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0), "api 5xx " FX "/frames.csv:series 1: "
                                         "2026-11-20T14:00:00Z=1 2026-11-20T14:01:00Z=2");
    ck_assert_str_eq(series_text(&g, 1),
                     "web 5xx " FX "/frames.csv:series 2: 2026-11-20T14:00:00Z=5");
    got_free(&g);
}
END_TEST

START_TEST(mixed_good_and_bad)
{
    run(FX "/mixed.csv");
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0), "up " FX "/mixed.csv:series 1: "
                                         "2026-11-20T14:00:00Z=1 2026-11-20T14:03:00Z=0");
    /* hostile text in a header is kept as written: it is escaped where shown */
    ck_assert_str_eq(series_text(&g, 1),
                     "<script>alert(1)</script> | **x** " FX "/mixed.csv:series 2: "
                     "2026-11-20T14:00:00Z=2 2026-11-20T14:01:00Z=3 2026-11-20T14:03:00Z=4");
    /* 5 rows, 10 cells: 7 samples kept; the bad time took a row (2 cells),
     * the bad value 1 cell, the open quote a row */
    check_warning(&g, "bad-time", FX "/mixed.csv:3:1: cannot read 'soon' as a time; row skipped",
                  1);
    check_warning(&g, "bad-value", FX "/mixed.csv:4:15: 'many' is not a number; value skipped", 1);
    check_warning(&g, "bad-row", FX "/mixed.csv:5:1: row has a quote that is not closed; skipped",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(empty_file)
{
    run(FX "/empty.csv");
    ck_assert_uint_eq(g.n_series, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/joined.csv"), 85);
    ck_assert_int_eq(sniff_file(IMP, FX "/formatted.csv"), 85);
    ck_assert_int_eq(sniff_file(IMP, FX "/rows.csv"), 85);
    const char *h = "\"Time\",\"a\"\n1,2\n";
    ck_assert_int_eq(IMP->sniff("export.txt", 0, h, strlen(h)), 65);
    const char *pd = "incident_number,created_on,title\n1,2,3\n";
    ck_assert_int_eq(IMP->sniff("incidents.csv", 0, pd, strlen(pd)), 0);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {"no-header", "header-quote-open", "utf16", "not-csv"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

/* The bounded buffer (metricfmt.h), worked by hand: limit 16, so 2 slices. */
START_TEST(sample_buffer_thinned_exactly)
{
    static const double v[17] = {5, 1, 9, 3, 7, 2, 8, 4, 6, 0, 3, 9, 1, 2, 5, 4, 10};
    rg_sample_buf b;
    memset(&b, 0, sizeof(b));
    b.limit = 16;
    for (int i = 0; i < 17; i++)
        ck_assert_int_eq(rg_sample_buf_add(&b, i, v[i]), 0);
    /* The 17th sample found 16 held: t0..7 kept first t0, lowest t1, highest
     * t2, last t7; t8..15 first t8, lowest t9, highest t11, last t15. */
    static const int64_t after_add[] = {0, 1, 2, 7, 8, 9, 11, 15, 16};
    ck_assert_uint_eq(b.n, 9);
    for (size_t i = 0; i < b.n; i++)
        ck_assert_int_eq(b.v[i].at_us, after_add[i]);
    ck_assert_uint_eq(b.n_thinned, 8);
    ck_assert_uint_eq(b.high, 16);
    /* Evenly at the end: t0..8 keep t0, t1 (1), t2 (9), t8; t9..16 keep t9
     * (first and lowest) and t16 (last and highest). */
    ck_assert_int_eq(rg_sample_buf_finish(&b), 0);
    static const int64_t after_finish[] = {0, 1, 2, 8, 9, 16};
    ck_assert_uint_eq(b.n, 6);
    for (size_t i = 0; i < b.n; i++)
        ck_assert_int_eq(b.v[i].at_us, after_finish[i]);
    ck_assert_uint_eq(b.n_thinned, 11);
    ck_assert_uint_eq(b.n_repeated, 0);
    rg_sample_buf_free(&b);
    /* Out of order, with a repeated instant: sorted, the first read kept. */
    b.limit = 16;
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(rg_sample_buf_add(&b, 15 - i, i), 0);
    ck_assert_int_eq(rg_sample_buf_add(&b, 0, 100), 0); /* thins the 16 first */
    ck_assert_int_eq(rg_sample_buf_add(&b, 0, 200), 0);
    ck_assert_uint_eq(b.n_repeated, 0);
    ck_assert_int_eq(rg_sample_buf_finish(&b), 0);
    ck_assert_uint_eq(b.n_repeated, 2);
    ck_assert_int_eq(b.v[0].at_us, 0);
    ck_assert(b.v[0].value == 15); /* the first sample read at t0 */
    ck_assert_int_eq(b.v[1].at_us, 7);
    ck_assert_int_eq(b.v[b.n - 1].at_us, 15);
    ck_assert(b.v[b.n - 1].value == 0);
    rg_sample_buf_free(&b);
    /* No limit: every sample kept, as prometheus and cloudwatch-metrics need. */
    for (int i = 0; i < 5000; i++)
        ck_assert_int_eq(rg_sample_buf_add(&b, i, i), 0);
    ck_assert_uint_eq(b.n, 5000);
    ck_assert_int_eq(rg_sample_buf_finish(&b), 0);
    ck_assert_uint_eq(b.n, 5000);
    ck_assert_uint_eq(b.n_thinned, 0);
    rg_sample_buf_free(&b);
}
END_TEST

/* 100,000 rows, 80,000 of them in the window: the window cut counted as the
 * core counts it, the long series thinned to at most RG_SAMPLES_KEPT / 2
 * samples with its first, last, peak and low exact, the short one whole. */
START_TEST(long_series_thinned_in_bounded_memory)
{
    char *path = temp_path("grafana_csv_long");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Time,a,b\n", f);
    for (long i = 0; i < 100000; i++) {
        double a = i == 77777 ? 5000 : i == 33333 ? -5 : (double)(i % 1000) / 10;
        fprintf(f, "%lld,%g,", 1795132800000LL + i * 1000, a);
        if (i % 10000 == 0)
            fprintf(f, "%ld", i / 10000);
        fputc('\n', f);
    }
    fclose(f);
    run_log(&g, IMP, 16, path, NULL, NULL, "2026-11-20T02:46:40Z", "2026-11-21T00:59:59Z", 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n_series, 2);
    const rg_series *a = g.series[0];
    ck_assert_str_eq(a->name, "a");
    ck_assert_uint_eq(a->n_outside, 20000);
    ck_assert_uint_eq(a->n_repeated, 0);
    ck_assert_uint_le(a->n_samples, RG_SAMPLES_KEPT / 2);
    ck_assert_uint_ge(a->n_samples, RG_SAMPLES_KEPT / 8);
    char when[32];
    ck_assert_str_eq(rg_time_format(a->samples[0].at_us, when), "2026-11-20T02:46:40Z");
    ck_assert(a->samples[0].value == 0);
    ck_assert_str_eq(rg_time_format(a->samples[a->n_samples - 1].at_us, when),
                     "2026-11-21T00:59:59Z");
    ck_assert(a->samples[a->n_samples - 1].value == 99.9);
    rg_sample peak, low;
    ck_assert_int_eq(rg_series_extreme(a, 1, &peak), 0);
    ck_assert_str_eq(rg_time_format(peak.at_us, when), "2026-11-20T21:36:17Z");
    ck_assert(peak.value == 5000);
    ck_assert_int_eq(rg_series_extreme(a, 0, &low), 0);
    ck_assert_str_eq(rg_time_format(low.at_us, when), "2026-11-20T09:15:33Z");
    ck_assert(low.value == -5);
    for (size_t i = 1; i < a->n_samples; i++)
        ck_assert_int_lt(a->samples[i - 1].at_us, a->samples[i].at_us);
    char want[512];
    snprintf(want, sizeof(want),
             "%s:1:1: series 'a' has 80000 samples in the window; %zu kept for the chart (the "
             "first, last, lowest and highest of each of 512 equal time slices), so a threshold "
             "crossing is placed at a kept sample",
             path, a->n_samples);
    check_warning(&g, "thinned", want, 1);
    char b_want[512];
    snprintf(b_want, sizeof(b_want),
             "b %s:series 2: 2026-11-20T02:46:40Z=1 2026-11-20T05:33:20Z=2 2026-11-20T08:20:00Z=3 "
             "2026-11-20T11:06:40Z=4 2026-11-20T13:53:20Z=5 2026-11-20T16:40:00Z=6 "
             "2026-11-20T19:26:40Z=7 2026-11-20T22:13:20Z=8",
             path);
    ck_assert_str_eq(series_text(&g, 1), b_want);
    ck_assert_uint_eq(g.series[1]->n_outside, 2);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/joined.csv");
    check_out_of_memory(IMP, FX "/rows.csv");
}
END_TEST

static Suite *grafana_csv_suite(void)
{
    Suite *s = suite_create("grafana-csv");
    TCase *tc = tcase_create("grafana-csv");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, joined_by_time);
    tcase_add_test(tc, formatted_times_and_units);
    tcase_add_test(tc, formatted_times_in_the_source_zone);
    tcase_add_test(tc, series_as_rows);
    tcase_add_test(tc, many_series_as_rows);
    tcase_add_test(tc, frames_one_after_another);
    tcase_add_test(tc, mixed_good_and_bad);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, sample_buffer_thinned_exactly);
    tcase_add_test(tc, long_series_thinned_in_bounded_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(grafana_csv_suite)
