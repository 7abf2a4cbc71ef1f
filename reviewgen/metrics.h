/* metrics.h -- durations between milestones, the customer-communication
 * figures and the findings the review raises on its own (README, "Durations"). */
#ifndef RG_METRICS_H
#define RG_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "manifest.h"
#include "milestones.h"
#include "timeline.h"

typedef enum rg_duration_id {
    RG_DUR_TIME_TO_DETECT,
    RG_DUR_TIME_TO_ACKNOWLEDGE,
    RG_DUR_TIME_TO_MOBILIZE,
    RG_DUR_TIME_TO_COMMUNICATE,
    RG_DUR_TIME_TO_MITIGATE,
    RG_DUR_TIME_TO_RECOVER,
    RG_DUR_VALIDATION_WINDOW,
    RG_DUR_TOTAL_DURATION,
    RG_DUR_COUNT
} rg_duration_id;

/* "time_to_detect" ... (the review.json key) */
const char *rg_duration_key(rg_duration_id id);
/* "time to detect" (for people) */
const char *rg_duration_label(rg_duration_id id);
/* "detected − started" (UTF-8 minus sign), printed beside every figure. */
const char *rg_duration_definition(rg_duration_id id);

typedef struct rg_finding {
    const char *code;   /* "announced-before-recovered", "ack-over-policy", ... */
    const char *text;   /* a sentence for people (plain text, not Markdown) */
    const char *origin; /* evidence origin, or NULL */
} rg_finding;

/* A period customers were affected (README, "Impact periods"): the union of
 * overlapping alert firing-to-resolved spans and error bursts. */
typedef struct rg_period {
    int64_t from_us, to_us;
    int open;           /* an alert in it never resolved: to_us is the last evidence */
    const char *origin; /* the evidence that opened it */
} rg_period;

typedef struct rg_metrics {
    int has[RG_DUR_COUNT];
    int64_t seconds[RG_DUR_COUNT]; /* computed in µs, rounded to the nearest second */
    /* why a duration whose milestones are both present is unknown: they are out
     * of order ("acknowledged is before detected"); NULL otherwise */
    const char *why_unknown[RG_DUR_COUNT];
    rg_period *periods; /* arena-owned, in time order, never overlapping */
    size_t n_periods;
    int64_t impact_total_s; /* sum of the periods' lengths, rounded to seconds */
    /* customer communication */
    size_t updates; /* status posts */
    int has_max_gap;
    int64_t max_gap_s; /* longest gap between posts while open */
    int64_t policy_s;  /* update policy */
    size_t gaps_over_policy;
    int workaround_offered;
    rg_finding *findings; /* arena-owned */
    size_t n_findings;
} rg_metrics;

/* Computes everything from the milestones and the timeline. Arena-owned
 * strings. Returns 0, -1 when out of memory. */
int rg_metrics_compute(rg_metrics *out, const rg_timeline *tl, const rg_milestones *ms,
                       const rg_manifest *m, rg_arena *a, rg_diag *diag);

/* Appends a finding raised outside the metrics (the window's length, in
 * build.c). Strings are kept as given (arena-owned or static). Returns 0, -1
 * when out of memory. */
int rg_metrics_add_finding(rg_metrics *mt, rg_arena *a, const char *code, const char *text,
                           const char *origin);

/* Rounds a µs difference to whole seconds, halves away from zero. */
int64_t rg_round_seconds(int64_t us);

#endif
