/* curate.h -- the timeline a person reads, whatever the volume (README,
 * "Timeline"): below RG_CURATE_KEY_LIMIT entries every entry as it is;
 * above, every milestone's evidence, every human message, page, alert,
 * status post, change, metric crossing and note up to the limit (then
 * grouped by author and minute), the largest clusters, and the rest
 * counted by source and type. timeline.jsonl keeps every entry. */
#ifndef RG_CURATE_H
#define RG_CURATE_H

#include <stddef.h>
#include <stdint.h>

#include "timeline.h"

/* A timeline of at most this many entries is shown whole; above it, at
 * most this many people's and tools' entries are shown one by one. */
#define RG_CURATE_KEY_LIMIT 400
/* The largest clusters (entries standing for more than one event) shown. */
#define RG_CURATE_TOP_CLUSTERS 20
/* Rows of the table that counts what is not shown; the rest in one row. */
#define RG_CURATE_REST_ROWS 50

/* One row of the curated timeline: an entry (n_entries 1), or a group of
 * entries of one kind by one author in one minute (n_entries > 1; ev is
 * the first, count and last_us cover them all). */
typedef struct rg_curated_row {
    const rg_event *ev;
    size_t n_entries;
    uint64_t count;
    int64_t last_us;
    int64_t width_us; /* a group's bucket: 60 s, wider when minutes were not enough */
    int by_actor;     /* a group of one author (else of every author in the bucket) */
} rg_curated_row;

/* Entries not shown, counted by source and type. source and type borrowed
 * (NULL in the row of "everything else" past RG_CURATE_REST_ROWS). */
typedef struct rg_curated_rest {
    const char *source, *type;
    uint64_t entries, events;
    int64_t first_us, last_us;
} rg_curated_rest;

typedef struct rg_curated {
    int curated; /* 0: the timeline is short, rows are every entry */
    rg_curated_row *rows;
    size_t n_rows;
    size_t n_groups;   /* rows that are groups */
    size_t n_clusters; /* rows that are the largest clusters */
    rg_curated_rest *rest;
    size_t n_rest;
    uint64_t rest_entries, rest_events; /* not shown, in all */
    uint64_t events;                    /* every entry's count added up */
} rg_curated;

/* Curates tl's entries into c (rg_malloc'd arrays; free with
 * rg_curated_free). evidence[0..n_evidence) are the milestones' evidence
 * events (NULLs skipped): one inside a cluster entry gets a row of its own
 * in a curated timeline. Returns 0, -1 when out of memory. */
int rg_curate(const rg_timeline *tl, const rg_event *const *evidence, size_t n_evidence,
              rg_curated *c);
void rg_curated_free(rg_curated *c);

/* "messages", "alert events", ...: what a group of kind k holds. */
const char *rg_curate_noun(rg_kind k);

#endif
