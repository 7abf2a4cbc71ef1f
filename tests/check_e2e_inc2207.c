/* check_e2e_inc2207.c -- the sample incident of logs from anywhere and
 * monitoring metrics (samples/inc-2207-payments) end to end: review.json's
 * milestones, their evidence, durations, communication, findings, window,
 * error burst, metric crossings and series summary against the values
 * computed by hand in tests/e2e/inc-2207/EXPECTED.md; the chart's metric
 * lane; and the same folder without its threshold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "chart_timeline.h"
#include "check_util.h"
#include "jsonutil.h"

#define SAMPLE "samples/inc-2207-payments"
#define EXPECTED "tests/e2e/inc-2207/expected.json"

static rg_build b;
static rg_diag d;
static json_t *model, *expected;

static void setup(void)
{
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    expected = rg_json_load(EXPECTED, 0, &d);
    ck_assert_msg(expected != NULL, "%s", d.error);
}

static void teardown(void)
{
    json_decref(model);
    json_decref(expected);
    rg_build_free(&b);
    rg_diag_free(&d);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "(null)";
}

START_TEST(milestones_and_evidence)
{
    const char *key;
    json_t *want;
    json_t *got_all = json_object_get(model, "milestones");
    json_object_foreach(json_object_get(expected, "milestones"), key, want)
    {
        json_t *got = json_object_get(got_all, key);
        if (json_is_null(want)) {
            ck_assert_msg(json_is_null(got), "%s should be null", key);
            continue;
        }
        ck_assert_msg(json_is_object(got), "%s missing", key);
        ck_assert_msg(strcmp(str(got, "at"), json_string_value(want)) == 0, "%s: got %s, want %s",
                      key, str(got, "at"), json_string_value(want));
    }
    ck_assert_int_eq(json_object_size(json_object_get(expected, "milestones")), 8);
    json_object_foreach(json_object_get(expected, "origins"), key, want)
    {
        json_t *got = json_object_get(got_all, key);
        ck_assert_msg(strcmp(str(got, "origin"), json_string_value(want)) == 0,
                      "%s: evidence %s, want %s", key, str(got, "origin"), json_string_value(want));
    }
    json_t *ms = got_all;
    ck_assert_str_eq(str(json_object_get(ms, "started"), "rule"), "first metric.breach");
    ck_assert_str_eq(str(json_object_get(ms, "mitigated"), "rule"), "last metric.recovered");
    ck_assert_str_eq(str(json_object_get(ms, "detected"), "rule"), "first page.triggered");
}
END_TEST

START_TEST(durations)
{
    const char *key;
    json_t *want;
    json_t *got_all = json_object_get(model, "durations");
    json_object_foreach(json_object_get(expected, "durations"), key, want)
    {
        json_t *got = json_object_get(got_all, key);
        ck_assert_msg(json_equal(got, want), "%s: got %lld, want %lld", key,
                      (long long)json_integer_value(got), (long long)json_integer_value(want));
    }
    ck_assert_int_eq(json_object_size(json_object_get(expected, "durations")), 8);
}
END_TEST

START_TEST(communication_and_findings)
{
    const char *key;
    json_t *want;
    json_t *comm = json_object_get(model, "communication");
    json_object_foreach(json_object_get(expected, "communication"), key, want)
    {
        ck_assert_msg(json_equal(json_object_get(comm, key), want), "communication.%s", key);
    }
    json_t *codes = json_array();
    json_t *f = json_object_get(model, "findings");
    for (size_t i = 0; i < json_array_size(f); i++)
        json_array_append(codes, json_object_get(json_array_get(f, i), "code"));
    ck_assert_msg(json_equal(codes, json_object_get(expected, "findings")), "findings differ");
    json_decref(codes);
}
END_TEST

START_TEST(sources_window_and_burst)
{
    json_t *win = json_object_get(json_object_get(model, "incident"), "window");
    json_t *want = json_object_get(expected, "window");
    ck_assert_str_eq(str(win, "from"), str(want, "from"));
    ck_assert_str_eq(str(win, "to"), str(want, "to"));
    /* every source found by sniffing, with no "sources" in the manifest */
    static const char *const formats[][2] = {{"k8s-events.json", "k8s-events"},
                                             {"loki-payments-api.jsonl", "loki"},
                                             {"node-ip-10-4-2-17.journal.json", "journald"},
                                             {"pagerduty-log-entries.json", "pagerduty"},
                                             {"payments-5xx.json", "prometheus"},
                                             {"payments-nginx-access.log", "access"},
                                             {"slack", "slack"}};
    ck_assert_uint_eq(b.n_sources, 7);
    for (size_t i = 0; i < 7; i++) {
        ck_assert_str_eq(b.sources[i].rel, formats[i][0]);
        ck_assert_str_eq(b.sources[i].importer->name, formats[i][1]);
        ck_assert_uint_eq(b.sources[i].n_outside, 0);
    }
    ck_assert_uint_eq(b.timeline.n_duplicates, 0);
    json_t *burst = json_object_get(model, "error_burst");
    want = json_object_get(expected, "error_burst");
    ck_assert_str_eq(str(burst, "from"), str(want, "from"));
    ck_assert_str_eq(str(burst, "to"), str(want, "to"));
    ck_assert_int_eq(json_integer_value(json_object_get(burst, "errors")),
                     json_integer_value(json_object_get(want, "errors")));
    ck_assert_str_eq(str(burst, "first_origin"), "payments-nginx-access.log:122");
    ck_assert_str_eq(str(burst, "last_origin"), "payments-nginx-access.log:706");
    /* the impact periods join the breaches (10:02:00-10:14:30, 10:15:00-10:27:00)
     * and the burst (10:02:04-10:25:38): one period, started to mitigated */
    json_t *periods = json_object_get(model, "impact_periods");
    ck_assert_uint_eq(json_array_size(periods), 1);
    json_t *p0 = json_array_get(periods, 0);
    ck_assert_str_eq(str(p0, "from"), "2026-12-08T10:02:00Z");
    ck_assert_str_eq(str(p0, "to"), "2026-12-08T10:27:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(model, "impact_total")), 1500);
}
END_TEST

START_TEST(metric_crossings_and_summary)
{
    /* the metric events of the timeline, in order, with their values */
    json_t *want = json_object_get(expected, "crossings");
    size_t k = 0;
    json_t *tl = json_object_get(model, "timeline");
    for (size_t i = 0; i < json_array_size(tl); i++) {
        json_t *e = json_array_get(tl, i);
        if (strcmp(str(e, "kind"), "metric") != 0)
            continue;
        json_t *w = json_array_get(want, k++);
        ck_assert_msg(w != NULL, "an unexpected metric event at %s", str(e, "at"));
        ck_assert_str_eq(str(e, "at"), json_string_value(json_array_get(w, 0)));
        ck_assert_str_eq(str(e, "type"), json_string_value(json_array_get(w, 1)));
        ck_assert_str_eq(str(json_object_get(e, "attrs"), "value"),
                         json_string_value(json_array_get(w, 2)));
        ck_assert_str_eq(str(e, "actor"), "payments-api 5xx ratio");
        ck_assert(json_is_false(json_object_get(e, "human")));
    }
    ck_assert_uint_eq(k, json_array_size(want));
    json_t *series = json_object_get(model, "series");
    ck_assert_uint_eq(json_array_size(series), 2);
    json_t *pay = json_array_get(series, 1);
    ck_assert_str_eq(str(pay, "name"), "payments-api 5xx ratio");
    ck_assert_int_eq(json_integer_value(json_object_get(pay, "samples")), 241);
    json_t *peak = json_object_get(pay, "peak");
    want = json_object_get(expected, "peak");
    ck_assert_str_eq(str(peak, "at"), str(want, "at"));
    ck_assert_str_eq(str(peak, "value_text"), str(want, "value_text"));
    ck_assert_uint_eq(json_array_size(json_object_get(pay, "breaches")), 2);
    json_t *co = json_array_get(series, 0);
    ck_assert(json_is_null(json_object_get(co, "threshold")));
    ck_assert_str_eq(str(json_object_get(co, "peak"), "value_text"), "0.003");
    /* the review's metrics table */
    size_t len;
    char *md = rg_render_markdown(model, NULL, &len, &d);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "| payments-api 5xx ratio | payments-5xx.json:series 2 | 241 "
                                     "| highest 0\\.63 at 10:20:00 | above 0.05 | 10:02:00 "
                                     "(0\\.087); 10:15:00 (0\\.34) | 10:14:30 (0\\.041); 10:27:00 "
                                     "(0\\.031) |"));
    rg_free(md);
}
END_TEST

START_TEST(chart_shows_the_metric_lane)
{
    size_t len;
    char *svg = rg_chart_timeline(&b, &len, &d);
    ck_assert_ptr_nonnull(svg);
    size_t lanes = 0, marks = 0;
    for (const char *p = svg; (p = strstr(p, "class=\"lane series-lane\"")); p++)
        lanes++;
    for (const char *p = svg; (p = strstr(p, "class=\"mark metric\"")); p++)
        marks++;
    ck_assert_uint_eq(lanes, 2);
    ck_assert_uint_eq(marks, 4);
    ck_assert_ptr_nonnull(strstr(svg, ">payments-api 5xx ratio</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "<line class=\"threshold\""));
    ck_assert_ptr_nonnull(strstr(svg, "crossed at 2026-12-08 10:02:00 UTC and back at 2026-12-08 "
                                      "10:14:30 UTC, crossed at 2026-12-08 10:15:00 UTC and back "
                                      "at 2026-12-08 10:27:00 UTC"));
    rg_free(svg);
}
END_TEST

/* The same evidence without the manifest's threshold: the logs decide. */
START_TEST(without_the_threshold)
{
    char dir[] = "/tmp/rg_inc2207_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "cp -R " SAMPLE "/. %s/ && rm %s/incident.json", dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    rg_build nb;
    rg_diag nd;
    rg_diag_init(&nd);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&nb, &o, &nd) == 0, "%s", nd.error);
    char t[32];
    const rg_milestone *st = &nb.milestones.m[RG_MS_STARTED],
                       *mi = &nb.milestones.m[RG_MS_MITIGATED];
    ck_assert_str_eq(rg_time_format(st->at_us, t), "2026-12-08T10:02:04Z");
    ck_assert_str_eq(st->origin, "payments-nginx-access.log:122");
    ck_assert_str_eq(st->rule, "start of the first error burst");
    ck_assert_str_eq(rg_time_format(mi->at_us, t), "2026-12-08T10:25:38Z");
    ck_assert_str_eq(mi->rule, "end of the error burst");
    ck_assert_int_eq(nb.metrics.seconds[RG_DUR_TIME_TO_DETECT], 126);
    ck_assert_int_eq(nb.metrics.seconds[RG_DUR_TIME_TO_MITIGATE], 1414);
    /* the series are still read, drawn and summarised; they give no events */
    ck_assert_uint_eq(nb.n_series, 2);
    for (size_t i = 0; i < nb.timeline.n_events; i++)
        ck_assert_int_ne(nb.timeline.events[i]->kind, RG_KIND_METRIC);
    rg_build_free(&nb);
    rg_diag_free(&nd);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *e2e_suite(void)
{
    Suite *s = suite_create("e2e-inc-2207");
    TCase *tc = tcase_create("inc-2207");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, milestones_and_evidence);
    tcase_add_test(tc, durations);
    tcase_add_test(tc, communication_and_findings);
    tcase_add_test(tc, sources_window_and_burst);
    tcase_add_test(tc, metric_crossings_and_summary);
    tcase_add_test(tc, chart_shows_the_metric_lane);
    tcase_add_test(tc, without_the_threshold);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(e2e_suite)
