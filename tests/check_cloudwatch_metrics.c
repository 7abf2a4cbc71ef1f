/* check_cloudwatch_metrics.c -- the cloudwatch-metrics importer:
 * get-metric-data (newest first, partial data, more pages, lengths that
 * differ), get-metric-statistics (a series per statistic, extended ones
 * too, datapoints in no order), the real samples, bad datapoints, bad input
 * and running out of memory; every series with its exact samples. */
#include <string.h>

#include "check_importer_util.h"

#define FX RG_FIXTURES "/cloudwatch-metrics"
#define CORPUS RG_CORPUS "/real/cloudwatch-metrics"

extern const rg_importer rg_importer_cloudwatch_metrics;
#define IMP (&rg_importer_cloudwatch_metrics)

static got g;

static void run(const char *path)
{
    run_file(&g, IMP, 16, path, "cw", 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 0);
}

START_TEST(metric_data)
{
    run(FX "/data.json");
    ck_assert_uint_eq(g.n_series, 2);
    /* newest first in the file, oldest first once kept */
    ck_assert_str_eq(series_text(&g, 0), "checkout 5XX ratio{id=\"e5xx\"} " FX
                                         "/data.json:series 1: 2026-11-20T14:00:00Z=0.004 "
                                         "2026-11-20T14:01:00Z=0.11 2026-11-20T14:02:00Z=0.02");
    /* no Label: the Id names it; an offset in the time is honoured */
    ck_assert_str_eq(series_text(&g, 1),
                     "m2{id=\"m2\"} " FX "/data.json:series 2: 2026-11-20T14:01:00Z=12");
    check_warning(&g, "more-data",
                  FX "/data.json:31:18: the response has a \"NextToken\": CloudWatch has more "
                     "data than this export holds",
                  1);
    check_warning(&g, "partial-data",
                  FX "/data.json:18:9: result 'm2' has StatusCode 'PartialData': CloudWatch "
                     "returned only part of its data",
                  1);
    check_warning(&g, "length-mismatch",
                  FX "/data.json:18:9: result 'm2' has 2 timestamps but 1 value; the first 1 "
                     "pair is read",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(metric_statistics)
{
    run(FX "/stats.json");
    ck_assert_uint_eq(g.n_series, 3);
    ck_assert_str_eq(series_text(&g, 0), "CPUUtilization{statistic=\"Average\"} " FX
                                         "/stats.json:series 1 unit=Percent: "
                                         "2026-11-20T14:00:00Z=12 2026-11-20T14:05:00Z=41.5");
    ck_assert_str_eq(series_text(&g, 1), "CPUUtilization{statistic=\"Maximum\"} " FX
                                         "/stats.json:series 2 unit=Percent: "
                                         "2026-11-20T14:00:00Z=20.5 2026-11-20T14:05:00Z=77.25");
    ck_assert_str_eq(series_text(&g, 2),
                     "CPUUtilization{statistic=\"p99\"} " FX "/stats.json:series 3 unit=Percent: "
                     "2026-11-20T14:00:00Z=19.5 2026-11-20T14:05:00Z=76");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(mixed_good_and_bad)
{
    run(FX "/mixed.json");
    ck_assert_uint_eq(g.n_series, 1);
    ck_assert_str_eq(series_text(&g, 0), "Latency{statistic=\"Maximum\"} " FX
                                         "/mixed.json:series 1: 2026-11-20T14:00:00Z=1.5 "
                                         "2026-11-20T14:04:00Z=0.5");
    /* datapoints read (5) = kept (2) + warned (3); the first in file order */
    check_warning(&g, "bad-sample",
                  FX "/mixed.json:3:3: datapoint has no readable \"Timestamp\"; skipped", 3);
    got_free(&g);
}
END_TEST

START_TEST(real_samples)
{
    if (!rg_have_corpus(CORPUS))
        return;
    run(CORPUS "/awscli_get-metric-data.ex1-math.example.json");
    ck_assert_uint_eq(g.n_series, 1);
    ck_assert_ptr_nonnull(strstr(series_text(&g, 0), "Avg Total IOPS{id=\"m3\"} "));
    ck_assert_ptr_nonnull(strstr(series_text(&g, 0), ":series 1: 2024-09-29T22:10:00Z=96.85"));
    got_free(&g);

    run(CORPUS "/awscli_get-metric-data.ex2-billing.example.json");
    ck_assert_ptr_nonnull(strstr(series_text(&g, 0), "EstimatedCharges{id=\"m1\"} "));
    ck_assert_ptr_nonnull(strstr(series_text(&g, 0), ": 2024-09-26T12:00:00Z=542.38"));
    got_free(&g);

    run(CORPUS "/awscli_get-metric-statistics.example.json");
    ck_assert_uint_eq(g.n_series, 1);
    const rg_series *s = g.series[0];
    ck_assert_str_eq(s->key, "CPUUtilization{statistic=\"Maximum\"}");
    ck_assert_str_eq(s->unit, "Percent");
    ck_assert_uint_eq(s->n_samples, 23);
    char buf[32];
    ck_assert_str_eq(rg_time_format(s->samples[0].at_us, buf), "2014-04-08T23:18:00Z");
    ck_assert_str_eq(rg_time_format(s->samples[22].at_us, buf), "2014-04-09T21:18:00Z");
    rg_sample peak;
    ck_assert_int_eq(rg_series_extreme(s, 1, &peak), 0);
    ck_assert_str_eq(rg_time_format(peak.at_us, buf), "2014-04-09T03:18:00Z");
    ck_assert_str_eq(rg_metric_value_text(peak.value, buf), "76.84");
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/data.json"), 95);
    ck_assert_int_eq(sniff_file(IMP, FX "/stats.json"), 90);
    const char *alarms = "{\"AlarmHistoryItems\": [{\"Timestamp\": \"2014-04-09T18:59:06Z\"}]}";
    ck_assert_int_eq(IMP->sniff("x.json", 0, alarms, strlen(alarms)), 0);
    const char *logs = "{\"events\": [{\"timestamp\": 1712567843827, \"message\": \"x\"}]}";
    ck_assert_int_eq(IMP->sniff("x.json", 0, logs, strlen(logs)), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {
        "empty",       "neither",     "not-utf8", "results-not-array",
        "truncated-1", "truncated-2", "utf16",    "wrong-top"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/data.json");
    check_out_of_memory(IMP, FX "/stats.json");
}
END_TEST

static Suite *cloudwatch_metrics_suite(void)
{
    Suite *s = suite_create("cloudwatch-metrics");
    TCase *tc = tcase_create("cloudwatch-metrics");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, metric_data);
    tcase_add_test(tc, metric_statistics);
    tcase_add_test(tc, mixed_good_and_bad);
    tcase_add_test(tc, real_samples);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cloudwatch_metrics_suite)
