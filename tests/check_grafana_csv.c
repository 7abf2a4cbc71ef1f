/* check_grafana_csv.c -- the grafana-csv importer: series joined by time,
 * one series per row, several frames, Excel's sep= line and ';', formatted
 * times and values, text columns, good and bad rows, bad input and running
 * out of memory; every series with its exact samples. */
#include <string.h>

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
    tcase_add_test(tc, frames_one_after_another);
    tcase_add_test(tc, mixed_good_and_bad);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(grafana_csv_suite)
