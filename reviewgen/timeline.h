/* timeline.h -- merge every source's events into one ordered timeline:
 * sorted by time (stable for ties), records read twice removed, and runs of
 * similar log lines clustered for reading (README, "Timeline"). */
#ifndef RG_TIMELINE_H
#define RG_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "event.h"

typedef struct rg_timeline {
    rg_event **events; /* every kept event, sorted; what milestones are chosen from */
    size_t n_events;
    rg_event **entries; /* for reading: log runs clustered into one entry each
                           (entry->count > 1, entry->last_us = last of the run) */
    size_t n_entries;
    uint64_t n_duplicates; /* records read twice, removed (same identity) */
    /* Folded log errors per minute (reviewgen/logsum.h), which the burst
     * detection counts beside the error events; borrowed, NULL when none. */
    const struct rg_error_minute *folded_errors;
    size_t n_folded_errors;
} rg_timeline;

/* Sorts events[0..n) (seq must be set in arrival order), removes the records
 * read twice (rg_event.ident; events without one are all kept) and
 * builds the clustered entries. The arrays are arena-owned; the events are the
 * caller's (arena-owned too). Returns 0, -1 when out of memory. */
int rg_timeline_build(rg_timeline *tl, rg_arena *a, rg_event **events, size_t n, rg_diag *diag);

/* The signature two log lines must share to be clustered: the text with
 * numbers, hex ids and quoted values blanked. Writes into buf (NUL-terminated,
 * cut at cap-1 bytes). Exposed for tests. */
void rg_timeline_signature(const char *text, char *buf, size_t cap);

#endif
