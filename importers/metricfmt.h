/* metricfmt.h -- what the metric importers (prometheus.c, grafana_csv.c,
 * cloudwatch_metrics.c) share: a growing buffer of samples, handing a series
 * to the sink, and reading a Prometheus series name with its labels
 * (`up{job="api", instance="a:9090"}`), which promtool dumps and Grafana
 * column headers both write. */
#ifndef RG_METRICFMT_H
#define RG_METRICFMT_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"

/* The samples of the series being read. Owned: free with rg_sample_buf_free
 * (which empties it, limit included). Zeroed: every sample is kept, as the
 * API and dump importers need (their samples are what the source holds).
 *
 * With a limit (grafana-csv, README "Monitoring metrics"), memory stays
 * constant however many rows a series has (issue 11): when limit samples are
 * held, the buffer is thinned in place to the samples a chart of the series
 * needs -- the series' time span is cut into limit / 8 equal slices and of
 * each slice only its first, last, lowest and highest sample are kept (NaN
 * never lowest or highest; each a sample as read, none averaged), so the
 * first and last sample of the series and its extremes (the review's peak)
 * survive every thinning; a later sample at an instant already held is
 * dropped there (counted in n_repeated, as the core would). */
typedef struct rg_sample_buf {
    rg_sample *v;
    size_t n, cap;
    size_t limit;        /* 0: no limit; else at least 16: samples held at most */
    uint64_t n_thinned;  /* samples thinning dropped */
    uint64_t n_repeated; /* samples at an instant already held, dropped when thinning */
    size_t high;         /* the most samples held at once: the buffer's high-water mark */
} rg_sample_buf;

/* Samples a grafana-csv series holds at most (its memory: 64 KiB). A
 * panel's CSV holds what the panel drew, maxDataPoints (its width in pixels
 * by default), so a real export stays under it and is kept whole. */
#define RG_SAMPLES_KEPT 4096

/* Appends a sample (thinning first when the limit is reached). Returns 0, -1
 * when out of memory (b unchanged). */
int rg_sample_buf_add(rg_sample_buf *b, int64_t at_us, double value);
void rg_sample_buf_free(rg_sample_buf *b);

/* Thins b now as the limit does (nothing when it has no limit or never
 * thinned): so a thinned series is handed over evenly thinned, at most
 * limit / 2 samples, not thinned early and dense late. Returns 0, -1 when out
 * of memory (b unchanged). */
int rg_sample_buf_finish(rg_sample_buf *b);

/* A new series in the sink's arena with origin "path:series k" (k from 1)
 * and name `name` (copied; NULL: ""). NULL when out of memory. */
rg_series *rg_series_new(rg_sink *sink, const char *path, size_t k, const char *name);

/* Appends label name=value (both copied into the arena). Returns 0 or -1. */
int rg_series_add_label(rg_sink *sink, rg_series *s, const char *name, size_t name_len,
                        const char *value, size_t value_len);

/* Hands s and b's samples to sink->emit_series and empties b; b's
 * n_repeated is added to s's (the core adds its own). Returns 0, or
 * -1 with an error in the sink's diag (out of memory, or a sink that takes no
 * series). */
int rg_series_hand_over(rg_sink *sink, const char *path, rg_series *s, rg_sample_buf *b);

/* Reads a Prometheus series text at the start of s[0..n): an optional metric
 * name ([a-zA-Z_:][a-zA-Z0-9_:]*), then optionally `{name="value", ...}`
 * (values with \", \\ and \n escapes; ", " or "," between labels; a
 * "__name__" label is the name). At least one of the two must be there.
 * When out is not NULL its name and labels are set (out->name "" when there
 * is none) in sink's arena; with out NULL nothing is allocated and sink may be
 * NULL (for sniff). Returns the bytes read (> 0), 0 when the text is not a series
 * text, or (size_t)-1 when out of memory. */
size_t rg_prom_series_text(rg_sink *sink, const char *s, size_t n, rg_series *out);

#endif
