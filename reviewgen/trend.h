/* trend.h -- the trend report across the incidents in the store: the model
 * (trend.json), its Markdown, HTML and CSV renderings and its SVG charts
 * (README, "Trend report"). */
#ifndef RG_TREND_H
#define RG_TREND_H

#include <jansson.h>
#include <stddef.h>

#include "diag.h"
#include "store.h"

/* Builds the trend model for the period [from, to) (dates "YYYY-MM-DD",
 * UTC, half-open) from the store, reading the incidents table and its small
 * child tables (services, findings, action items, contributing factors),
 * never the events, so memory grows with the incidents in the two periods
 * only. An incident belongs to the period its `started` instant falls in,
 * else its `detected` instant; one with neither is in no period.
 *
 * The model (trend.json, "schema": 1), in this key order:
 *   schema, period {from, to}, percentile_method, incidents (counted in the
 *   figures), excluded (marked exclude_from_trends, kept out of them),
 *   definitions {duration key: "acknowledged − detected"},
 *   durations {key: {n, missing, median, p90, max}} (seconds; median, p90
 *   and max null when n is 0),
 *   previous {period, incidents, excluded, durations, policy} for the period
 *   of the same length just before (the same number of months when both
 *   dates are the first of a month, so a quarter's is the quarter before;
 *   else the same number of days),
 *   by_severity {severity: {incidents, durations}}, by_service {service:
 *   {incidents}}, by_month [{month "2026-07", incidents, by_severity {}}],
 *   policy {acknowledged_within {n, within}, first_update_within {n,
 *   within}, update_gaps_over_policy {n, over}, detected_by {monitoring,
 *   people, manual, unknown}, announced_before_recovered {n, before}},
 *   coverage {incidents, <milestone>: incidents with evidence for it},
 *   actions {reference_date, opened, done, open, overdue, oldest_open
 *   [{title, owner, incident, due, due_default, age_days, overdue}]},
 *   recurrence {services [{service, incidents [ids]}], contributing_factors
 *   [{factor, incidents [ids]}]},
 *   incident_list [{id, title, severity, services, at, started, source,
 *   review, durations}], excluded_list [{id, title, severity, at, review,
 *   reason}].
 * Severities sort naturally (SEV2 before SEV10), a missing one is
 * "unspecified" and comes last; services and factors by count, then name;
 * incidents by instant, then id: the same store gives the same bytes.
 *
 * Links: when reviews_dir is not NULL and reviews_dir/<id>/review.html
 * exists, the incident's "review" is href_prefix + "<id>/review.html"
 * (percent-encoded), else null. The caller passes reviews_dir NULL when
 * href_prefix would make links the report may not keep (links.h: more than
 * one leading "../"), so no incident gets a link that the HTML drops.
 *
 * Returns the model (caller frees with json_decref()), or NULL with an error
 * in diag: a malformed date, an empty period, a store error. */
json_t *rg_trend_build(rg_store *st, const char *from, const char *to, const char *reviews_dir,
                       const char *href_prefix, rg_diag *diag);

/* 0 and *days (since 1970-01-01) for a valid "YYYY-MM-DD", else -1. */
int rg_trend_parse_date(const char *s, long *days);
/* Formats days since 1970-01-01 as "YYYY-MM-DD"; buf needs 11 bytes. */
char *rg_trend_format_date(long days, char buf[11]);

/* Outputs of rg_trend_write. */
enum { RG_TREND_MD = 1, RG_TREND_HTML = 2, RG_TREND_JSON = 4, RG_TREND_CSV = 8 };

/* Writes the requested outputs of the model into out_dir (created when
 * missing): trend.md (from trend.md.mustache, found in templates_dir or
 * built in) with trend-months.svg and trend-durations.svg beside it,
 * trend.html (the same Markdown in the review.html.mustache shell, the
 * charts inlined, since its Content-Security-Policy loads no file),
 * trend.json and trend.csv. All or nothing: every file is staged beside its
 * target and renamed only when all are staged. Returns 0 or -1. */
int rg_trend_write(const json_t *trend, const char *out_dir, int formats, const char *templates_dir,
                   rg_diag *diag);

/* The pieces rg_trend_write writes, for tests. Each returns text the caller
 * frees with rg_free(), or NULL with an error in diag. */
char *rg_trend_markdown(const json_t *trend, const char *templates_dir, size_t *len, rg_diag *diag);
char *rg_trend_csv(const json_t *trend, size_t *len, rg_diag *diag);

/* The charts (chart_trend.c), drawn from the model alone: incidents per
 * month stacked by severity (one rect of class "bar" per month and severity
 * with incidents), and each duration as a strip of dots per severity on a
 * logarithmic time axis (one circle of class "dot" per incident with that
 * duration; one line of class "median" per strip with a dot). Caller frees
 * with rg_free(); NULL when out of memory. */
char *rg_chart_trend_months(const json_t *trend, size_t *len);
char *rg_chart_trend_durations(const json_t *trend, size_t *len);

#endif
