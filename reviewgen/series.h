/* series.h -- monitoring metric series (README, "Metrics"): what a metric
 * importer hands over (a name, labels and samples), how the build keeps them,
 * how a manifest threshold turns one into metric.breach / metric.recovered
 * events, and the figures the review shows (peak, crossings).
 *
 * Series are not timeline rows. They travel beside the events: an importer
 * builds an rg_series in the sink's arena (name, labels, origin) and passes
 * its samples to sink->emit_series() (importers/importer.h); the build copies
 * the samples into the arena (sorted by time, one per instant, cut to the
 * incident window), merges a series read twice, and keeps it in
 * rg_build.series. After every source is read, the manifest's "metrics"
 * rules are matched (rg_series_match), each matched series gets its display
 * name and threshold, and its crossings become events (rg_series_events).
 * The chart draws each series as a lane; the model lists them in review.json
 * "series". */
#ifndef RG_SERIES_H
#define RG_SERIES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "event.h"
#include "manifest.h"

/* One label of a series: Prometheus's job="api", CloudWatch's dimension. */
typedef struct rg_label {
    const char *name, *value;
} rg_label;

/* One sample. value may be NaN (Prometheus writes "NaN" for 0/0) or an
 * infinity; NaN samples are drawn as gaps and never cross a threshold. */
typedef struct rg_sample {
    int64_t at_us; /* instant, UTC, offset applied */
    double value;
} rg_sample;

/* One breach of a threshold and, when it came, its recovery. */
typedef struct rg_crossing {
    int64_t breach_us;
    double breach_value;
    int from_start; /* the series' first sample was already beyond the threshold */
    int recovered;  /* 0: still beyond at the last sample */
    int64_t recovered_us;
    double recovered_value;
} rg_crossing;

/* Every string and array is arena-owned (the build's arena). */
typedef struct rg_series {
    /* Set by the importer. */
    const char *name; /* the metric's name (Prometheus __name__, a CloudWatch Label, a
                         CSV column); "" when the source gives none */
    rg_label *labels; /* without __name__, in the order the source gives them */
    size_t n_labels;
    const char *unit;   /* "Percent", ... or NULL */
    const char *origin; /* "path:series 2": the source's path and the series' position
                           in it (from 1), as a person finds it again */
    /* Set by the core. */
    const char *source;  /* display name of the source */
    const char *format;  /* importer name */
    size_t source_index; /* index of its source in rg_build.sources */
    rg_sample *samples;  /* sorted by time, one per instant, inside the window */
    size_t n_samples;
    uint64_t n_outside;         /* samples cut because they lie outside the window */
    uint64_t n_repeated;        /* samples at an instant the series already had */
    const char *key;            /* name{label="value",...}, labels sorted: its identity */
    uint64_t key_hash;          /* rg_hash of key and format, to compare series quickly */
    const char *display;        /* the manifest's "series" name, else key */
    const rg_metric_rule *rule; /* the manifest threshold it matched, or NULL */
    rg_crossing *crossings;
    size_t n_crossings;
} rg_series;

/* Reads a sample value as a metric system writes it: a decimal or exponent
 * number, "NaN", "Inf", "+Inf", "-Inf" (any case), surrounding blanks
 * allowed. Returns 0 and sets *v, -1 when s[0..n) is not one. */
int rg_metric_value_parse(const char *s, size_t n, double *v);

/* Formats a value for people: whole numbers below 1e15 without a point
 * ("1070000"), others with six significant digits ("0.0833333", "1.2e-07"),
 * "NaN", "+Inf", "-Inf". Returns buf. */
char *rg_metric_value_text(double v, char buf[32]);

/* "name{a=\"1\",b=\"2\"}" with the labels sorted by name (just the name when
 * there are none). Arena-owned; NULL when out of memory. */
const char *rg_series_key_text(rg_arena *a, const rg_series *s);

/* Sorts v[0..n) by time, stably (the first of samples at one instant stays
 * first: the core keeps it), using tmp (room for n) as scratch. A merge sort:
 * CloudWatch lists newest first and get-metric-statistics in no order. */
void rg_samples_sort(rg_sample *v, rg_sample *tmp, size_t n);

/* Sets s->samples from in[0..n): copied into the arena, sorted by time (a
 * stable sort), samples at an instant already taken dropped (counted in
 * n_repeated), and, when has_window, those outside [from_us, to_us] dropped
 * (counted in n_outside). Returns 0, -1 when out of memory. */
int rg_series_set_samples(rg_arena *a, rg_series *s, const rg_sample *in, size_t n, int has_window,
                          int64_t from_us, int64_t to_us);

/* Adds from's samples to into (the same series read twice: a file given
 * twice, overlapping exports): the union by instant, into's value winning.
 * Returns 0, -1 when out of memory. */
int rg_series_merge(rg_arena *a, rg_series *into, const rg_series *from);

/* 1 when s matches rule: every "match" label equals the series' (the key
 * "__name__" is the series' name); a rule without "match" matches a series
 * whose name is the rule's "series". */
int rg_series_match(const rg_series *s, const rg_metric_rule *rule);

/* Fills s->crossings from s->rule (none without a rule): the first sample
 * beyond the threshold after one within it -- or the first sample, when the
 * series starts beyond it -- breaches; the first sample back within it
 * recovers. "Beyond" is value > threshold for "above" and value < threshold
 * for "below"; NaN samples are skipped. Returns 0, -1 when out of memory. */
int rg_series_crossings(rg_arena *a, rg_series *s);

/* The sample with the largest value (want_max) or the smallest, the earliest
 * of equals, NaN skipped. Returns 0, -1 when there is none. */
int rg_series_extreme(const rg_series *s, int want_max, rg_sample *out);

/* Builds the events of s's crossings, in time order, and hands each to
 * emit(ctx, ev): metric.breach and metric.recovered, kind metric, not
 * human, actor the display name, origin "<series origin> (first sample above
 * 0.05)" / "(first sample back at or below 0.05)", attrs value, threshold,
 * direction, series (the series' origin, which pairs a recovery with its
 * breach) and, for a breach at the first sample, from_start. Events are
 * arena-owned. Returns 0, or -1 when out of memory or when emit fails. */
int rg_series_events(rg_arena *a, const rg_series *s, int (*emit)(void *ctx, rg_event *ev),
                     void *ctx);

#endif
