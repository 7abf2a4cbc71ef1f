/* check_prometheus.c -- the prometheus importer: query_range matrices,
 * vectors, the bare result array, several responses, promtool dumps, the
 * real samples of the corpus, located warnings, bad input and running out of
 * memory; every series with its exact samples. */
#include <string.h>

#include "check_importer_util.h"

#define FX RG_FIXTURES "/prometheus"
#define CORPUS RG_CORPUS "/real/prometheus"

extern const rg_importer rg_importer_prometheus;
#define IMP (&rg_importer_prometheus)

static got g;

static void run(const char *path, int64_t offset_us)
{
    run_file(&g, IMP, 16, path, "prom", offset_us);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 0); /* series are no events */
}

START_TEST(range_matrix)
{
    run(FX "/range.json", 0);
    ck_assert_uint_eq(g.n_series, 2);
    /* times read as digits: .5 and .123456 exactly; NaN kept as a gap, +Inf
     * and an exponent read as written */
    ck_assert_str_eq(series_text(&g, 0),
                     "job:http_5xx:ratio_rate1m{env=\"prod\",service=\"checkout\"} " FX
                     "/range.json:series 1: 2026-11-20T14:00:00Z=0.004 "
                     "2026-11-20T14:01:00.500000Z=NaN 2026-11-20T14:02:00.123456Z=+Inf "
                     "2026-11-20T14:03:00Z=0.001 2026-11-20T14:04:00Z=0.2");
    /* an expression's series has no name and no labels */
    ck_assert_str_eq(series_text(&g, 1), " " FX "/range.json:series 2: 2026-11-20T14:00:00Z=12");
    ck_assert_str_eq(g.series[0]->name, "job:http_5xx:ratio_rate1m");
    ck_assert_uint_eq(g.series[0]->n_labels, 2);
    ck_assert_str_eq(g.series[0]->labels[0].name, "service"); /* in the file's order */
    ck_assert_str_eq(g.series[0]->labels[0].value, "checkout");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* A 4 MB query_range response, 3,000 series of 60 samples, one series a
 * line: read series by series, each with its labels and exact samples, a
 * bad sample of series 2,500 located on its line, in memory that follows a
 * series (jansson never holds more than one). */
START_TEST(large_response_series_by_series)
{
    char *path = temp_path("prom_big");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    enum { SERIES = 3000, POINTS = 60 };
    fputs("{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": [\n", f);
    for (int i = 0; i < SERIES; i++) { /* series i on line i + 2 */
        fprintf(f,
                "%s{\"metric\": {\"__name__\": \"up\", \"instance\": \"web-%d\"}, "
                "\"values\": [",
                i ? ",\n" : "", i);
        for (int k = 0; k < POINTS; k++) {
            if (i == 2499 && k == 7)
                fputs(", [\"soon\", \"1\"]", f);
            else
                fprintf(f, "%s[%d.25, \"%d\"]", k ? ", " : "", 1795183200 + 60 * k, (i + k) % 2);
        }
        fputs("]}", f);
    }
    fputs("\n]}}\n", f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 3 * 1024 * 1024);
    rg_jsondocs_last_parsed_max = (size_t)-1; /* a reader that never streams leaves it so */
    run_file(&g, IMP, 16, path, "prom", 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n_series, SERIES);
    ck_assert_uint_eq(g.series[SERIES - 1]->n_samples, POINTS);
    ck_assert_uint_eq(g.series[2499]->n_samples, POINTS - 1);
    const char *t = series_text(&g, SERIES - 1);
    char want[160];
    snprintf(want, sizeof(want),
             "up{instance=\"web-%d\"} %s:series %d: 2026-11-20T14:00:00.250000Z=1 ", SERIES - 1,
             path, SERIES);
    ck_assert_msg(strncmp(t, want, strlen(want)) == 0, "%s", t);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    ck_assert_str_eq(g.diag.warnings[0].key, "bad-sample");
    ck_assert_int_eq(g.diag.warnings[0].line, 2501);
    /* a series is about 1,500 bytes */
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 4096);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(epoch_digits_not_doubles)
{
    /* 1795183200.123457 as a double is 1795183200.1234569550; read as digits
     * it stays .123457 */
    char *path = temp_path("prom_digits");
    FILE *f = fopen(path, "w");
    fputs("[{\"metric\": {\"__name__\": \"x\"}, \"values\": [[1795183200.123457, \"1\"], "
          "[1795183200.9999999, \"2\"]]}]",
          f);
    fclose(f);
    run(path, 0);
    ck_assert_str_eq(series_text(&g, 0), rg_arena_printf(g.arena,
                                                         "x %s:series 1: "
                                                         "2026-11-20T14:00:00.123457Z=1 "
                                                         "2026-11-20T14:00:00.999999Z=2",
                                                         path));
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(offset_applied)
{
    run(FX "/bare.json", -INT64_C(42000000));
    ck_assert_uint_eq(g.n_series, 1);
    /* sorted by the core, the clock offset applied to every sample; hostile
     * text in a label is kept as written (escaped where it is rendered) */
    ck_assert_str_eq(series_text(&g, 0),
                     "up{job=\"<script>alert(1)</script> | **x** {{y}}\"} " FX
                     "/bare.json:series 1: 2026-11-20T13:59:18Z=1 2026-11-20T13:59:33Z=0");
    got_free(&g);
}
END_TEST

START_TEST(vector_and_data_alone)
{
    run(FX "/data.json", 0);
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0), "up{instance=\"a:9090\"} " FX
                                         "/data.json:series 1: 2026-11-20T14:00:00.250000Z=1");
    ck_assert_str_eq(series_text(&g, 1), "up{instance=\"b:9090\"} " FX
                                         "/data.json:series 2: 2026-11-20T14:00:00.250000Z=0");
    got_free(&g);
}
END_TEST

START_TEST(several_responses)
{
    run(FX "/pages.jsonl", 0);
    /* each page is its own series here; the build merges the two (same
     * name and labels), check_series.c shows it */
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0), "up " FX "/pages.jsonl:series 1: "
                                         "2026-11-20T14:00:00Z=1 2026-11-20T14:01:00Z=1");
    ck_assert_str_eq(series_text(&g, 1), "up " FX "/pages.jsonl:series 2: "
                                         "2026-11-20T14:01:00Z=1 2026-11-20T14:02:00Z=0");
    got_free(&g);
}
END_TEST

START_TEST(mixed_good_and_bad)
{
    run(FX "/mixed.json", 0);
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(series_text(&g, 0),
                     "up " FX
                     "/mixed.json:series 1: 2026-11-20T14:00:00Z=1 2026-11-20T14:03:00Z=0");
    ck_assert_str_eq(series_text(&g, 1), "last " FX "/mixed.json:series 2: 2026-11-20T14:04:00Z=2");
    /* samples read (7) = kept (3) + warned (4) */
    check_warning(&g, "bad-sample",
                  FX "/mixed.json:4:6: the sample's time is not epoch seconds; skipped", 4);
    check_warning(&g, "bad-series",
                  FX "/mixed.json:10:3: expected a series {\"metric\", \"values\"}, got a string; "
                     "skipped",
                  2);
    check_warning(&g, "histogram",
                  FX "/mixed.json:12:3: native histogram samples are not read; series skipped", 1);
    got_free(&g);
}
END_TEST

START_TEST(empty_result)
{
    run(FX "/empty-result.json", 0);
    ck_assert_uint_eq(g.n_series, 0);
    check_warning(&g, "no-series", FX "/empty-result.json:1:66: the query returned no series", 1);
    got_free(&g);
}
END_TEST

START_TEST(tsdb_dump)
{
    run(FX "/dump.txt", 0);
    /* a series met again later is a new series with the same key: the build
     * merges them */
    ck_assert_uint_eq(g.n_series, 3);
    ck_assert_str_eq(series_text(&g, 0), "up{instance=\"a:9090\",job=\"api\"} " FX
                                         "/dump.txt:series 1: 2026-11-20T14:00:00Z=1 "
                                         "2026-11-20T14:00:15Z=0");
    ck_assert_str_eq(series_text(&g, 1), "up{instance=\"b:9090\",job=\"api\"} " FX
                                         "/dump.txt:series 2: 2026-11-20T14:00:00Z=1");
    ck_assert_str_eq(series_text(&g, 2), "up{instance=\"a:9090\",job=\"api\"} " FX
                                         "/dump.txt:series 3: 2026-11-20T14:00:30Z=1");
    check_warning(&g, "bad-sample",
                  FX "/dump.txt:4:1: not a `promtool tsdb dump` sample line (series value time); "
                     "skipped",
                  2);
    got_free(&g);
}
END_TEST

START_TEST(tsdb_dump_openmetrics)
{
    run(FX "/dump-openmetrics.txt", 0);
    ck_assert_uint_eq(g.n_series, 3);
    ck_assert_str_eq(series_text(&g, 0),
                     "up{instance=\"a:9090\",job=\"api\"} " FX "/dump-openmetrics.txt:series 1: "
                     "2026-11-20T14:00:00.500000Z=1");
    /* escaped quotes and backslashes in a label value */
    ck_assert_str_eq(g.series[1]->labels[2].value, "/a\"b\\c");
    ck_assert_str_eq(series_text(&g, 1),
                     "http_requests_total{code=\"500\",method=\"post\",path=\"/a\\\"b\\\\c\"} " FX
                     "/dump-openmetrics.txt:series 2: 2026-11-20T14:00:00Z=3");
    ck_assert_str_eq(series_text(&g, 2),
                     "plain_metric " FX "/dump-openmetrics.txt:series 3: 2026-11-20T14:00:01Z=7");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(window_cut)
{
    got_init(&g, 16);
    g.sink.has_window = 1;
    g.sink.from_us = instant("2026-11-20T14:01:00Z");
    g.sink.to_us = instant("2026-11-20T14:03:00Z");
    rg_source src = {.path = FX "/range.json",
                     .name = "prom",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse_named(&g, IMP, &src);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_str_eq(series_text(&g, 0),
                     "job:http_5xx:ratio_rate1m{env=\"prod\",service=\"checkout\"} " FX
                     "/range.json:series 1: 2026-11-20T14:01:00.500000Z=NaN "
                     "2026-11-20T14:02:00.123456Z=+Inf 2026-11-20T14:03:00Z=0.001");
    ck_assert_uint_eq(g.series[0]->n_outside, 2);
    ck_assert_uint_eq(g.series[1]->n_samples, 0);
    got_free(&g);
}
END_TEST

START_TEST(real_samples)
{
    if (!rg_have_corpus(CORPUS))
        return;
    run(CORPUS "/prometheus-docs_api_query_range_matrix.example.json", 0);
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_str_eq(g.series[0]->key, "up{instance=\"localhost:9090\",job=\"prometheus\"}");
    ck_assert_str_eq(g.series[1]->key, "up{instance=\"localhost:9091\",job=\"node\"}");
    const char *s2 = series_text(&g, 1);
    ck_assert_ptr_nonnull(strstr(s2,
                                 ":series 2: 2015-07-01T20:10:30.781000Z=0 "
                                 "2015-07-01T20:10:45.781000Z=0 2015-07-01T20:11:00.781000Z=1"));
    got_free(&g);

    run(CORPUS "/prometheus-docs_api_query_vector.example.json", 0);
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_ptr_nonnull(
        strstr(series_text(&g, 1), "up{instance=\"localhost:9100\",job=\"node\"} "));
    ck_assert_ptr_nonnull(strstr(series_text(&g, 1), ": 2015-07-01T20:10:51.781000Z=0"));
    got_free(&g);

    run(CORPUS "/prometheus-api-client-python_up_matrix_result.window15m.json", 0);
    ck_assert_uint_eq(g.n_series, 9);
    size_t total = 0;
    for (size_t i = 0; i < g.n_series; i++)
        total += g.series[i]->n_samples;
    ck_assert_uint_eq(total, 285);
    ck_assert_uint_eq(g.series[0]->n_samples, 45);
    char a[32], z[32];
    ck_assert_str_eq(rg_time_format(g.series[0]->samples[0].at_us, a),
                     "2019-07-28T10:45:09.804000Z");
    ck_assert_str_eq(rg_time_format(g.series[0]->samples[44].at_us, z),
                     "2019-07-28T10:59:49.804000Z");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/range.json"), 95);
    ck_assert_int_eq(sniff_file(IMP, FX "/data.json"), 95);
    ck_assert_int_eq(sniff_file(IMP, FX "/bare.json"), 90);
    ck_assert_int_eq(sniff_file(IMP, FX "/dump.txt"), 85);
    ck_assert_int_eq(sniff_file(IMP, FX "/dump-openmetrics.txt"), 85);
    /* Loki's streams, Prometheus's alerts API and logs are not series */
    const char *loki =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[]}}";
    ck_assert_int_eq(IMP->sniff("x.json", 0, loki, strlen(loki)), 0);
    const char *alerts = "{\"data\":{\"alerts\":[{\"labels\":{},\"state\":\"firing\"}]},"
                         "\"status\":\"success\"}";
    ck_assert_int_eq(IMP->sniff("x.json", 0, alerts, strlen(alerts)), 0);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    const char *line = "<134>Nov 20 21:02:43 db-1 postgres[1]: ready\n";
    ck_assert_int_eq(IMP->sniff("x.log", 0, line, strlen(line)), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

/* A 'scalar' response over 1 MiB whose resultType lies past the 256 bytes
 * read to choose (a long "warnings" list first): the error a small one gets,
 * at its line and column, and no event. The streamed read took the scalar's
 * time and value for two series, and warned twice. */
START_TEST(scalar_past_the_head)
{
    char *path = temp_file_filled("prom_scalar", "{\"status\": \"success\", \"warnings\": [\"", 'w',
                                  1200 * 1024,
                                  "\"],\n \"data\": {\"resultType\": \"scalar\", \"result\": "
                                  "[1795183200, \"1\"]}}\n");
    run_log(&g, IMP, 8, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, -1);
    char want[300];
    snprintf(want, sizeof(want),
             "%s:2:25: a 'scalar' result holds no series; export a range query (query_range) "
             "instead",
             path);
    ck_assert_str_eq(g.diag.error, want);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {"empty",
                                        "error-response",
                                        "no-data",
                                        "not-a-dump",
                                        "not-utf8",
                                        "result-not-array",
                                        "scalar",
                                        "truncated-array",
                                        "truncated-object",
                                        "truncated-string",
                                        "utf16",
                                        "wrong-top"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/range.json");
    check_out_of_memory(IMP, FX "/dump.txt");
}
END_TEST

static Suite *prometheus_suite(void)
{
    Suite *s = suite_create("prometheus");
    TCase *tc = tcase_create("prometheus");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, range_matrix);
    tcase_add_test(tc, large_response_series_by_series);
    tcase_add_test(tc, epoch_digits_not_doubles);
    tcase_add_test(tc, offset_applied);
    tcase_add_test(tc, vector_and_data_alone);
    tcase_add_test(tc, several_responses);
    tcase_add_test(tc, mixed_good_and_bad);
    tcase_add_test(tc, empty_result);
    tcase_add_test(tc, tsdb_dump);
    tcase_add_test(tc, tsdb_dump_openmetrics);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, real_samples);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, scalar_past_the_head);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(prometheus_suite)
