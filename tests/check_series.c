/* check_series.c -- monitoring series (reviewgen/series.c): values, keys,
 * samples sorted and cut, merging, threshold matching, crossings at exact
 * sample times (a series that starts beyond its threshold, one that never
 * comes back, one that flaps, a "below" one, NaN gaps), the events they give;
 * then whole builds: thresholds from incident.json, a file given twice, the
 * window, review.json's "series" and the chart's series lanes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "chart_timeline.h"
#include "check_util.h"
#include "series.h"
#include "timeparse.h"

#define FX RG_FIXTURES "/series"

static rg_arena *A;

static void setup(void)
{
    A = rg_arena_new();
    ck_assert_ptr_nonnull(A);
}

static void teardown(void)
{
    rg_arena_free(A);
}

/* "14:05:00" on 2026-11-20, UTC. */
static int64_t T(const char *hms)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "2026-11-20T%sZ", hms);
    int64_t at;
    ck_assert_int_eq(rg_time_parse(buf, strlen(buf), NULL, &at, NULL), 0);
    return at;
}

static const char *fmt(int64_t at)
{
    static char b[8][32];
    static int i;
    return rg_time_format(at, b[i++ % 8]);
}

/* A series with samples one a minute from 14:00, values v[0..n). */
static rg_series *series(const double *v, size_t n, const rg_metric_rule *rule)
{
    rg_series *s = rg_arena_alloc(A, sizeof(*s));
    ck_assert_ptr_nonnull(s);
    s->name = "ratio";
    s->origin = "p.json:series 2";
    s->source = "p.json";
    s->display = "checkout 5xx ratio";
    s->key = "ratio";
    s->rule = rule;
    rg_sample in[32];
    ck_assert_uint_le(n, 32);
    for (size_t i = 0; i < n; i++) {
        in[i].at_us = T("14:00:00") + (int64_t)i * 60000000;
        in[i].value = v[i];
    }
    ck_assert_int_eq(rg_series_set_samples(A, s, in, n, 0, 0, 0), 0);
    ck_assert_int_eq(rg_series_crossings(A, s), 0);
    return s;
}

static rg_metric_rule above(double t)
{
    rg_metric_rule r = {0};
    r.series = "checkout 5xx ratio";
    r.threshold = t;
    return r;
}

/* "breach@T(v)[+]->T(v)" for every crossing, "; " between. */
static const char *crossings(const rg_series *s)
{
    static char buf[1024];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n_crossings; i++) {
        const rg_crossing *c = &s->crossings[i];
        char v[32], w[32];
        o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s(%s)%s->", i ? "; " : "",
                              fmt(c->breach_us) + 11, rg_metric_value_text(c->breach_value, v),
                              c->from_start ? "[first]" : "");
        if (c->recovered)
            o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s(%s)", fmt(c->recovered_us) + 11,
                                  rg_metric_value_text(c->recovered_value, w));
        else
            o += (size_t)snprintf(buf + o, sizeof(buf) - o, "never");
    }
    return buf;
}

/* ---- values and keys ---- */

START_TEST(value_parse_and_text)
{
    double v;
    char b[32];
    ck_assert_int_eq(rg_metric_value_parse(" 0.05 ", 6, &v), 0);
    ck_assert_str_eq(rg_metric_value_text(v, b), "0.05");
    ck_assert_int_eq(rg_metric_value_parse("1e-3", 4, &v), 0);
    ck_assert_str_eq(rg_metric_value_text(v, b), "0.001");
    ck_assert_int_eq(rg_metric_value_parse("NaN", 3, &v), 0);
    ck_assert(isnan(v));
    ck_assert_str_eq(rg_metric_value_text(v, b), "NaN");
    ck_assert_int_eq(rg_metric_value_parse("+Inf", 4, &v), 0);
    ck_assert_str_eq(rg_metric_value_text(v, b), "+Inf");
    ck_assert_int_eq(rg_metric_value_parse("-inf", 4, &v), 0);
    ck_assert_str_eq(rg_metric_value_text(v, b), "-Inf");
    ck_assert_int_eq(rg_metric_value_parse("1070000", 7, &v), 0);
    ck_assert_str_eq(rg_metric_value_text(v, b), "1070000");
    ck_assert_str_eq(rg_metric_value_text(1.0 / 60, b), "0.0166667");
    ck_assert_str_eq(rg_metric_value_text(-0.0, b), "0");
    ck_assert_int_eq(rg_metric_value_parse("0x10", 4, &v), -1);
    ck_assert_int_eq(rg_metric_value_parse("many", 4, &v), -1);
    ck_assert_int_eq(rg_metric_value_parse("", 0, &v), -1);
    ck_assert_int_eq(rg_metric_value_parse("5 ms", 4, &v), -1);
}
END_TEST

START_TEST(key_text)
{
    rg_series s = {0};
    s.name = "up";
    ck_assert_str_eq(rg_series_key_text(A, &s), "up");
    rg_label l[3] = {{"job", "api"}, {"instance", "a\"b\\c"}, {"env", ""}};
    s.labels = l;
    s.n_labels = 3;
    /* sorted by name, quotes and backslashes escaped */
    ck_assert_str_eq(rg_series_key_text(A, &s),
                     "up{env=\"\",instance=\"a\\\"b\\\\c\",job=\"api\"}");
    s.name = "";
    s.n_labels = 1;
    ck_assert_str_eq(rg_series_key_text(A, &s), "{job=\"api\"}");
}
END_TEST

START_TEST(samples_sorted_once_and_cut)
{
    rg_series s = {0};
    rg_sample in[] = {{T("14:02:00"), 3},
                      {T("14:00:00"), 1},
                      {T("14:01:00"), 2},
                      {T("14:00:00"), 9},
                      {T("14:05:00"), 5}};
    ck_assert_int_eq(rg_series_set_samples(A, &s, in, 5, 1, T("14:00:00"), T("14:02:00")), 0);
    ck_assert_uint_eq(s.n_samples, 3);
    ck_assert_str_eq(fmt(s.samples[0].at_us), "2026-11-20T14:00:00Z");
    ck_assert(s.samples[0].value == 1); /* the first of two at one instant */
    ck_assert(s.samples[2].value == 3);
    ck_assert_uint_eq(s.n_repeated, 1);
    ck_assert_uint_eq(s.n_outside, 1);
}
END_TEST

START_TEST(merge_union_by_instant)
{
    rg_series a = {0}, b = {0};
    rg_sample x[] = {{T("14:00:00"), 1}, {T("14:02:00"), 3}};
    rg_sample y[] = {{T("14:01:00"), 2}, {T("14:02:00"), 30}, {T("14:03:00"), 4}};
    ck_assert_int_eq(rg_series_set_samples(A, &a, x, 2, 0, 0, 0), 0);
    ck_assert_int_eq(rg_series_set_samples(A, &b, y, 3, 0, 0, 0), 0);
    ck_assert_int_eq(rg_series_merge(A, &a, &b), 0);
    ck_assert_uint_eq(a.n_samples, 4);
    double want[] = {1, 2, 3, 4};
    for (size_t i = 0; i < 4; i++)
        ck_assert(a.samples[i].value == want[i]);
    ck_assert_uint_eq(a.n_repeated, 1);
}
END_TEST

START_TEST(rule_matching)
{
    rg_label l[] = {{"service", "checkout"}, {"env", "prod"}};
    rg_series s = {0};
    s.name = "http_5xx_ratio";
    s.labels = l;
    s.n_labels = 2;
    const char *k1[] = {"__name__", "service"}, *v1[] = {"http_5xx_ratio", "checkout"};
    rg_metric_rule r = {0};
    r.series = "checkout 5xx ratio";
    r.has_match = 1;
    r.match_keys = k1;
    r.match_values = v1;
    r.n_match = 2;
    ck_assert_int_eq(rg_series_match(&s, &r), 1);
    const char *v2[] = {"http_5xx_ratio", "payments"};
    r.match_values = v2;
    ck_assert_int_eq(rg_series_match(&s, &r), 0);
    const char *k3[] = {"region"}, *v3[] = {"eu"};
    r.match_keys = k3;
    r.match_values = v3;
    r.n_match = 1;
    ck_assert_int_eq(rg_series_match(&s, &r), 0); /* a label the series lacks */
    r.n_match = 0;
    ck_assert_int_eq(rg_series_match(&s, &r), 1); /* "match": {} matches every series */
    r.has_match = 0;
    ck_assert_int_eq(rg_series_match(&s, &r), 0); /* no match: by name */
    s.name = "checkout 5xx ratio";
    ck_assert_int_eq(rg_series_match(&s, &r), 1);
}
END_TEST

/* ---- crossings at exact sample times ---- */

START_TEST(starts_beyond)
{
    rg_metric_rule r = above(0.05);
    double v[] = {0.08, 0.09, 0.01, 0.02};
    rg_series *s = series(v, 4, &r);
    ck_assert_str_eq(crossings(s), "14:00:00Z(0.08)[first]->14:02:00Z(0.01)");
}
END_TEST

START_TEST(never_comes_back)
{
    rg_metric_rule r = above(0.05);
    double v[] = {0.01, 0.06, 0.07, 0.5};
    rg_series *s = series(v, 4, &r);
    ck_assert_str_eq(crossings(s), "14:01:00Z(0.06)->never");
}
END_TEST

START_TEST(flaps)
{
    rg_metric_rule r = above(0.05);
    double v[] = {0.01, 0.06, 0.02, 0.07, 0.08, 0.03, 0.05, 0.051};
    rg_series *s = series(v, 8, &r);
    /* 0.05 itself is within "above 0.05" */
    ck_assert_str_eq(crossings(s), "14:01:00Z(0.06)->14:02:00Z(0.02); "
                                   "14:03:00Z(0.07)->14:05:00Z(0.03); 14:07:00Z(0.051)->never");
}
END_TEST

START_TEST(below_threshold)
{
    rg_metric_rule r = above(0.99);
    r.below = 1;
    double v[] = {0.999, 0.99, 0.95, 0.97, 0.995};
    rg_series *s = series(v, 5, &r);
    ck_assert_str_eq(crossings(s), "14:02:00Z(0.95)->14:04:00Z(0.995)");
}
END_TEST

START_TEST(nan_gaps_are_skipped)
{
    rg_metric_rule r = above(0.05);
    double v[] = {NAN, 0.01, NAN, 0.06, NAN, 0.01};
    rg_series *s = series(v, 6, &r);
    ck_assert_str_eq(crossings(s), "14:03:00Z(0.06)->14:05:00Z(0.01)");
    double w[] = {NAN, 0.09, 0.01};
    /* a NaN first does not make the first number "after one within it" */
    ck_assert_str_eq(crossings(series(w, 3, &r)), "14:01:00Z(0.09)[first]->14:02:00Z(0.01)");
}
END_TEST

START_TEST(no_rule_no_crossings)
{
    double v[] = {0.01, 100};
    rg_series *s = series(v, 2, NULL);
    ck_assert_uint_eq(s->n_crossings, 0);
    rg_sample peak;
    ck_assert_int_eq(rg_series_extreme(s, 1, &peak), 0);
    ck_assert(peak.value == 100);
    ck_assert_int_eq(rg_series_extreme(s, 0, &peak), 0);
    ck_assert(peak.value == 0.01);
    double n[] = {NAN};
    ck_assert_int_eq(rg_series_extreme(series(n, 1, NULL), 1, &peak), -1);
}
END_TEST

typedef struct kept {
    rg_event *ev[16];
    size_t n;
} kept;

static int keep(void *ctx, rg_event *ev)
{
    kept *k = ctx;
    ck_assert_uint_lt(k->n, 16);
    k->ev[k->n++] = ev;
    return 0;
}

START_TEST(crossing_events)
{
    rg_metric_rule r = above(0.05);
    double v[] = {0.08, 0.01, 0.06};
    rg_series *s = series(v, 3, &r);
    kept k = {0};
    ck_assert_int_eq(rg_series_events(A, s, keep, &k), 0);
    ck_assert_uint_eq(k.n, 3);
    const rg_event *b = k.ev[0], *rec = k.ev[1], *b2 = k.ev[2];
    ck_assert_str_eq(fmt(b->at_us), "2026-11-20T14:00:00Z");
    ck_assert_int_eq(b->kind, RG_KIND_METRIC);
    ck_assert_str_eq(b->type, "metric.breach");
    ck_assert_str_eq(b->actor, "checkout 5xx ratio");
    ck_assert_int_eq(b->human, 0);
    ck_assert_str_eq(b->source, "p.json");
    ck_assert_str_eq(b->origin, "p.json:series 2 (first sample above 0.05)");
    ck_assert_str_eq(b->text, "checkout 5xx ratio above 0.05: 0.08 (already at the first sample)");
    ck_assert_str_eq(b->time_text, "2026-11-20T14:00:00Z");
    ck_assert_str_eq(rg_event_attr_get(b, "value"), "0.08");
    ck_assert_str_eq(rg_event_attr_get(b, "threshold"), "0.05");
    ck_assert_str_eq(rg_event_attr_get(b, "direction"), "above");
    ck_assert_str_eq(rg_event_attr_get(b, "series"), "p.json:series 2");
    ck_assert_str_eq(rg_event_attr_get(b, "from_start"), "true");
    ck_assert(b->ident != 0);

    ck_assert_str_eq(fmt(rec->at_us), "2026-11-20T14:01:00Z");
    ck_assert_str_eq(rec->type, "metric.recovered");
    ck_assert_str_eq(rec->origin, "p.json:series 2 (first sample back at or below 0.05)");
    ck_assert_str_eq(rec->text, "checkout 5xx ratio back at or below 0.05: 0.01");
    ck_assert_str_eq(rg_event_attr_get(rec, "series"), "p.json:series 2");
    ck_assert_ptr_null(rg_event_attr_get(rec, "from_start"));

    ck_assert_str_eq(fmt(b2->at_us), "2026-11-20T14:02:00Z");
    ck_assert_str_eq(b2->text, "checkout 5xx ratio above 0.05: 0.06");
    ck_assert_ptr_null(rg_event_attr_get(b2, "from_start"));
    /* distinct crossings are distinct records */
    ck_assert(b->ident != b2->ident);
}
END_TEST

/* ---- whole builds ---- */

static rg_build B;
static rg_diag D;

static void build(const char *dir)
{
    rg_diag_init(&D);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&B, &o, &D) == 0, "%s", D.error);
}

static void unbuild(void)
{
    rg_build_free(&B);
    rg_diag_free(&D);
}

static const rg_warning *warning(const char *key)
{
    for (size_t i = 0; i < D.n_warnings; i++)
        if (strcmp(D.warnings[i].key, key) == 0)
            return &D.warnings[i];
    return NULL;
}

START_TEST(build_thresholds)
{
    build(FX "/build");
    /* checkout-5xx.json and its copy hold the same two series: merged */
    ck_assert_uint_eq(B.n_series, 4);
    ck_assert_uint_eq(B.n_series_merged, 2);
    ck_assert_str_eq(B.series[0]->display, "job:http_5xx:ratio_rate1m{service=\"payments\"}");
    ck_assert_ptr_null(B.series[0]->rule);
    ck_assert_str_eq(B.series[1]->display, "checkout 5xx ratio");
    ck_assert_uint_eq(B.series[1]->n_samples, 6);
    /* a rule that matches two series names each by its other labels */
    ck_assert_str_eq(B.series[2]->display, "api up (instance=\"a:9090\")");
    ck_assert_str_eq(B.series[3]->display, "api up (instance=\"b:9090\")");
    /* the flapping checkout series: two breaches, two recoveries; up a is
     * below 1 from its first sample and never back; up b never crosses (its
     * NaN is a gap) */
    ck_assert_uint_eq(B.timeline.n_events, 5);
    ck_assert_uint_eq(B.timeline.n_duplicates, 0);
    static const char *const want[] = {
        "2026-11-20T14:00:00Z metric.breach api up (instance=\"a:9090\") up.json:series 1 (first "
        "sample below 1)",
        "2026-11-20T14:01:00Z metric.breach checkout 5xx ratio checkout-5xx-copy.json:series 2 "
        "(first sample above 0.05)",
        "2026-11-20T14:02:00Z metric.recovered checkout 5xx ratio checkout-5xx-copy.json:series "
        "2 (first sample back at or below 0.05)",
        "2026-11-20T14:03:00Z metric.breach checkout 5xx ratio checkout-5xx-copy.json:series 2 "
        "(first sample above 0.05)",
        "2026-11-20T14:05:00Z metric.recovered checkout 5xx ratio checkout-5xx-copy.json:series "
        "2 (first sample back at or below 0.05)"};
    for (size_t i = 0; i < 5; i++) {
        const rg_event *e = B.timeline.events[i];
        char line[400];
        snprintf(line, sizeof(line), "%s %s %s %s", fmt(e->at_us), e->type, e->actor, e->origin);
        ck_assert_str_eq(line, want[i]);
    }
    const rg_warning *w = warning("metric-unmatched");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->first, FX "/build/incident.json:7:5: no series matches the metric 'ghost'; "
                                  "its threshold is not applied");
    /* milestones from the crossings alone */
    const rg_milestone *st = &B.milestones.m[RG_MS_STARTED], *mi = &B.milestones.m[RG_MS_MITIGATED];
    ck_assert_str_eq(fmt(st->at_us), "2026-11-20T14:00:00Z");
    ck_assert_str_eq(st->rule, "first metric.breach");
    ck_assert_str_eq(st->origin, "up.json:series 1 (first sample below 1)");
    ck_assert_str_eq(fmt(mi->at_us), "2026-11-20T14:05:00Z");
    ck_assert_str_eq(mi->rule, "last metric.recovered");
    ck_assert_int_eq(B.milestones.m[RG_MS_DETECTED].present, 0);
    ck_assert_uint_eq(B.sources[0].n_series, 2);
    ck_assert_uint_eq(B.sources[1].n_series, 2);
    ck_assert_uint_eq(B.sources[0].n_events, 4);
    unbuild();
}
END_TEST

START_TEST(build_model_series)
{
    build(FX "/build");
    json_t *m = rg_model_build(&B);
    ck_assert_ptr_nonnull(m);
    json_t *list = json_object_get(m, "series");
    ck_assert_uint_eq(json_array_size(list), 4);
    ck_assert(json_is_true(json_object_get(m, "has_series")));
    json_t *c = json_array_get(list, 1);
    ck_assert_str_eq(json_string_value(json_object_get(c, "name")), "checkout 5xx ratio");
    ck_assert_str_eq(json_string_value(json_object_get(c, "metric")), "job:http_5xx:ratio_rate1m");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(c, "labels"), "service")),
                     "checkout");
    ck_assert_str_eq(json_string_value(json_object_get(c, "origin")),
                     "checkout-5xx-copy.json:series 2");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "samples")), 6);
    json_t *peak = json_object_get(c, "peak");
    ck_assert_str_eq(json_string_value(json_object_get(peak, "at")), "2026-11-20T14:04:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(peak, "value_text")), "0.12");
    ck_assert_str_eq(json_string_value(json_object_get(c, "peak_kind")), "highest");
    json_t *thr = json_object_get(c, "threshold");
    ck_assert_str_eq(json_string_value(json_object_get(thr, "text")), "above 0.05");
    ck_assert_str_eq(json_string_value(json_object_get(thr, "direction")), "above");
    json_t *br = json_object_get(c, "breaches");
    ck_assert_uint_eq(json_array_size(br), 2);
    json_t *b1 = json_array_get(br, 1);
    ck_assert_str_eq(json_string_value(json_object_get(b1, "at")), "2026-11-20T14:03:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b1, "recovered"), "at")),
                     "2026-11-20T14:05:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(b1, "duration")), 120);
    /* up a never came back: recovered and duration are null */
    json_t *a = json_array_get(json_object_get(json_array_get(list, 2), "breaches"), 0);
    ck_assert(json_is_null(json_object_get(a, "recovered")));
    ck_assert(json_is_null(json_object_get(a, "duration")));
    ck_assert(json_is_true(json_object_get(a, "from_start")));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, 2), "peak_kind")),
                     "lowest");
    ck_assert(json_is_null(json_object_get(json_array_get(list, 0), "threshold")));
    /* the review's metrics table */
    size_t len;
    char *md = rg_render_markdown(m, NULL, &len, &D);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "### Monitoring metrics"));
    ck_assert_ptr_nonnull(
        strstr(md, "| checkout 5xx ratio | checkout-5xx-copy.json:series 2 | 6 | highest 0\\.12 "
                   "at 14:04:00 | above 0.05 | 14:01:00 (0\\.08); 14:03:00 (0\\.07) | 14:02:00 "
                   "(0\\.02); 14:05:00 (0\\.03) |"));
    ck_assert_ptr_nonnull(
        strstr(md, "| 14:00:00 (0, at the first sample) | not within it again |"));
    rg_free(md);
    json_decref(m);
    unbuild();
}
END_TEST

START_TEST(build_window_cuts_samples)
{
    build(FX "/windowed");
    ck_assert_uint_eq(B.n_series, 1);
    const rg_series *s = B.series[0];
    /* 14:00 and 14:04 lie outside the manifest's window */
    ck_assert_uint_eq(s->n_samples, 3);
    ck_assert_uint_eq(s->n_outside, 2);
    ck_assert_uint_eq(B.sources[0].n_samples_outside, 2);
    /* the first sample inside the window is already beyond: a breach there */
    ck_assert_str_eq(crossings(s), "14:01:00Z(8)[first]->14:02:00Z(2); 14:03:00Z(7)->never");
    unbuild();
}
END_TEST

START_TEST(chart_series_lanes)
{
    build(FX "/build");
    size_t len;
    char *svg = rg_chart_timeline(&B, &len, &D);
    ck_assert_ptr_nonnull(svg);
    size_t lanes = 0, thresholds = 0, lines = 0;
    for (const char *p = svg; (p = strstr(p, "class=\"lane series-lane\"")); p++)
        lanes++;
    for (const char *p = svg; (p = strstr(p, "class=\"threshold\"")); p++)
        thresholds++;
    for (const char *p = svg; (p = strstr(p, "<polyline class=\"series\"")); p++)
        lines++;
    /* a lane per series; the metric sources give no lane of their own */
    ck_assert_uint_eq(lanes, 4);
    ck_assert_uint_eq(thresholds, 3);
    /* up b's NaN breaks its line in two single points; the others are lines */
    ck_assert_uint_eq(lines, 3);
    ck_assert_ptr_nonnull(strstr(svg, "stroke-dasharray=\"4 3\""));
    ck_assert_ptr_nonnull(strstr(svg, ">metric series</text>"));
    ck_assert_ptr_nonnull(strstr(svg, "class=\"mark metric\""));
    ck_assert_ptr_nonnull(strstr(svg,
                                 "series checkout 5xx ratio: 6 samples, peak 0.12 at "
                                 "2026-11-20 14:04:00 UTC, threshold above 0.05, crossed at "
                                 "2026-11-20 14:01:00 UTC and back at 2026-11-20 14:02:00 UTC"));
    rg_free(svg);
    unbuild();
}
END_TEST

START_TEST(many_series_are_capped)
{
    /* a promtool dump of 60 series, one with a threshold: 12 lanes, 50 rows */
    char dir[] = "/tmp/rg_series_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/dump.txt", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 60; i++)
        for (int k = 0; k < 3; k++)
            fprintf(f, "{__name__=\"up\", instance=\"node-%02d:9100\"} %d %lld\n", i, (i + k) % 2,
                    1795183200000LL + k * 15000);
    fclose(f);
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"metrics\": [{\"series\": \"node 59\", \"match\": {\"instance\": "
          "\"node-59:9100\"}, \"below\": 1}]}\n",
          f);
    fclose(f);
    build(dir);
    ck_assert_uint_eq(B.n_series, 60);
    size_t len;
    char *svg = rg_chart_timeline(&B, &len, &D);
    ck_assert_ptr_nonnull(svg);
    size_t lanes = 0;
    for (const char *p = svg; (p = strstr(p, "class=\"lane series-lane\"")); p++)
        lanes++;
    ck_assert_uint_eq(lanes, 12);
    /* the series with a threshold is drawn though it was read last */
    ck_assert_ptr_nonnull(strstr(svg, ">node 59</text>"));
    ck_assert_ptr_nonnull(strstr(svg, " 48 more series are not drawn (the review"));
    rg_free(svg);
    json_t *m = rg_model_build(&B);
    ck_assert_int_eq(json_integer_value(json_object_get(m, "series_not_listed")), 10);
    char *md = rg_render_markdown(m, NULL, &len, &D);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "| node 59 | dump.txt:series 60 |"));
    ck_assert_ptr_nonnull(strstr(md, "The 10 other series are drawn neither here nor in the chart; "
                                     "review.json lists every series."));
    ck_assert_ptr_null(strstr(md, "node-49:9100"));
    ck_assert_ptr_nonnull(strstr(md, "node-48:9100"));
    rg_free(md);
    json_decref(m);
    unbuild();
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *series_suite(void)
{
    Suite *s = suite_create("series");
    TCase *tc = tcase_create("series");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, value_parse_and_text);
    tcase_add_test(tc, key_text);
    tcase_add_test(tc, samples_sorted_once_and_cut);
    tcase_add_test(tc, merge_union_by_instant);
    tcase_add_test(tc, rule_matching);
    tcase_add_test(tc, starts_beyond);
    tcase_add_test(tc, never_comes_back);
    tcase_add_test(tc, flaps);
    tcase_add_test(tc, below_threshold);
    tcase_add_test(tc, nan_gaps_are_skipped);
    tcase_add_test(tc, no_rule_no_crossings);
    tcase_add_test(tc, crossing_events);
    tcase_add_test(tc, build_thresholds);
    tcase_add_test(tc, build_model_series);
    tcase_add_test(tc, build_window_cuts_samples);
    tcase_add_test(tc, chart_series_lanes);
    tcase_add_test(tc, many_series_are_capped);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(series_suite)
