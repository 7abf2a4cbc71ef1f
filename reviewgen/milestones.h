/* milestones.h -- choose each milestone from the merged timeline, with the
 * rule and the event that justify it (README, "Milestones and durations"). */
#ifndef RG_MILESTONES_H
#define RG_MILESTONES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "manifest.h"
#include "timeline.h"

typedef struct rg_milestone {
    int present; /* 0: no evidence; the milestone is null in review.json */
    int64_t at_us;
    const char *origin; /* evidence: the event's origin, or the manifest path */
    const char *rule;   /* the rule that chose it, e.g. "first page.triggered" */
    int manual;         /* set by the manifest */
    const rg_event
        *event; /* the evidence event, or NULL (manual, or derived from another milestone) */
} rg_milestone;

/* The first anomalous run of log errors (README, "Error bursts"). */
typedef struct rg_burst {
    int present;
    int64_t from_us, to_us;   /* first and last error of the burst */
    uint64_t errors;          /* log.error events inside it */
    double baseline_per_min;  /* mean errors per minute in the hour before it began */
    const char *first_origin; /* origin of its first and last error */
    const char *last_origin;
    /* The events of its first and last error, or NULL when that line was
     * folded (README, "Evidence of any size"): then only the times and
     * origins above say where it is. */
    const rg_event *first_event, *last_event;
} rg_burst;

typedef struct rg_milestones {
    rg_milestone m[RG_MS_COUNT];
    rg_burst burst;   /* the first burst: what started and mitigated use */
    rg_burst *bursts; /* every burst in time order (arena-owned), for impact periods */
    size_t n_bursts;
} rg_milestones;

/* Chooses every milestone by the rules in order: the manifest, then the
 * evidence rules. Strings arena-owned. Returns 0, -1 when out of memory. */
int rg_milestones_choose(rg_milestones *out, const rg_timeline *tl, const rg_manifest *m,
                         rg_arena *a, rg_diag *diag);

/* Finds the first error burst in events[0..n) (sorted). Exposed for tests. */
void rg_burst_find(rg_burst *b, rg_event *const *events, size_t n);
/* Finds every error burst in events[0..n) (sorted), in time order: *out is
 * arena-owned (NULL when there is none). Returns 0, -1 when out of memory. */
int rg_bursts_find(rg_arena *a, rg_event *const *events, size_t n, rg_burst **out, size_t *n_out);

/* 1 when text contains one of the phrases, case-insensitively, on word
 * boundaries ("ack" matches "ack, on it" but not "backend"). */
int rg_phrase_match(const char *text, const char *const *phrases, size_t n);

#endif
