/* timeline.c -- merges every source's events into one ordered timeline
 * (README, "Timeline"): sorted by time, stable for ties, records read twice
 * removed by their identity, and runs of similar log lines clustered into one
 * entry. */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "logsum.h"

/* Two log lines with the same signature, source and type, each within this
 * gap of the previous one, belong to one cluster. */
#define CLUSTER_GAP_US (INT64_C(5) * 60 * 1000000)

static int cmp_events(const void *pa, const void *pb)
{
    const rg_event *a = *(rg_event *const *)pa, *b = *(rg_event *const *)pb;
    if (a->at_us != b->at_us)
        return a->at_us < b->at_us ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The file part of an origin ("app.log" of "app.log:10452"), hashed: a log
 * line's copy in another file is the same record read twice, an identical
 * line of the same file is another record. */
static uint64_t origin_file_hash(const char *origin)
{
    const char *colon = strrchr(origin, ':');
    return rg_hash(RG_HASH_INIT, origin, colon ? (size_t)(colon - origin) : strlen(origin));
}

/* Open addressing over (identity, file) keys. For a record id the file is 0;
 * for a raw line, one slot per (line, file) counts its copies in that file and
 * one slot (line, 0) how many were kept: the k-th copy of a line in a file is
 * kept only when no file had k copies before it (README, "Timeline"). */
typedef struct id_slot {
    uint64_t ident, file;
    uint64_t n;
    int used;
} id_slot;

typedef struct id_table {
    id_slot *slot;
    size_t cap;
} id_table;

static uint64_t *id_counter(id_table *t, uint64_t ident, uint64_t file)
{
    size_t h = (size_t)((ident ^ (file * UINT64_C(0x9E3779B97F4A7C15))) >> 7) & (t->cap - 1);
    while (t->slot[h].used && (t->slot[h].ident != ident || t->slot[h].file != file))
        h = (h + 1) & (t->cap - 1);
    if (!t->slot[h].used) {
        t->slot[h].used = 1;
        t->slot[h].ident = ident;
        t->slot[h].file = file;
    }
    return &t->slot[h].n;
}

/* 1 when ev is a record already kept (the same file given twice, an export
 * overlapping another), by identity only: distinct events are never folded,
 * however alike their text. */
static int is_duplicate(id_table *t, const rg_event *ev)
{
    if (!ev->ident)
        return 0;
    if (!ev->ident_is_line) {
        uint64_t *n = id_counter(t, ev->ident, 0);
        return (*n)++ > 0;
    }
    uint64_t file = origin_file_hash(ev->origin);
    file = file ? file : 1;
    uint64_t *in_file = id_counter(t, ev->ident, file);
    uint64_t *kept = id_counter(t, ev->ident, 0);
    if (++*in_file <= *kept)
        return 1;
    ++*kept;
    return 0;
}

/* One rule with the lines folded while they stream (logsum.c). */
void rg_timeline_signature(const char *text, char *buf, size_t cap)
{
    rg_signature(text, strlen(text), buf, cap);
}

typedef struct slot {
    const char *key; /* source \x1f type \x1f signature; NULL when free */
    rg_event *entry;
} slot;

int rg_timeline_build(rg_timeline *tl, rg_arena *a, rg_event **events, size_t n, rg_diag *diag)
{
    memset(tl, 0, sizeof(*tl));
    rg_event **sorted = rg_arena_alloc(a, (n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
    if (n)
        memcpy(sorted, events, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_events);

    /* Remove records read twice, by identity (README, "Timeline"). The
     * table holds at most two slots per event and stays under half full. */
    id_table ids = {NULL, 1024};
    while (ids.cap < n * 4)
        ids.cap *= 2;
    ids.slot = rg_calloc(ids.cap, sizeof(*ids.slot));
    if (!ids.slot)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_duplicate(&ids, sorted[i]))
            tl->n_duplicates++;
        else
            sorted[kept++] = sorted[i];
    }
    rg_free(ids.slot);
    tl->events = sorted;
    tl->n_events = kept;

    /* Cluster log lines: one entry per run of the same signature. */
    tl->entries = rg_arena_alloc(a, (kept ? kept : 1) * sizeof(*tl->entries));
    size_t cap = 1024;
    while (cap < kept * 2)
        cap *= 2;
    slot *table = rg_calloc(cap, sizeof(*table));
    if (!tl->entries || !table) {
        rg_free(table);
        return rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
    }
    char sig[512];
    rg_buf key = {0};
    int rc = 0;
    for (size_t i = 0; i < kept && rc == 0; i++) {
        rg_event *ev = sorted[i];
        if (ev->kind != RG_KIND_LOG) {
            tl->entries[tl->n_entries++] = ev;
            continue;
        }
        rg_timeline_signature(ev->text ? ev->text : "", sig, sizeof(sig));
        /* The key is built in one reused buffer and copied into the arena
         * only for a new cluster: most log lines join an open one. */
        rg_buf_reset(&key);
        if (rg_buf_printf(&key, "%s\x1f%s\x1f%s", ev->source ? ev->source : "",
                          ev->type ? ev->type : "", sig) != 0) {
            rc = rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
            break;
        }
        size_t h = (size_t)rg_hash(RG_HASH_INIT, key.data, key.len) & (cap - 1);
        while (table[h].key && strcmp(table[h].key, key.data) != 0)
            h = (h + 1) & (cap - 1);
        rg_event *open = table[h].key ? table[h].entry : NULL;
        if (open && ev->at_us - open->last_us <= CLUSTER_GAP_US) {
            open->count++;
            open->last_us = ev->at_us;
            continue;
        }
        rg_event *entry = rg_arena_alloc(a, sizeof(*entry));
        const char *stored = table[h].key ? table[h].key : rg_arena_strndup(a, key.data, key.len);
        if (!entry || !stored) {
            rc = rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
            break;
        }
        *entry = *ev;
        entry->count = 1;
        entry->last_us = ev->at_us;
        table[h].key = stored;
        table[h].entry = entry;
        tl->entries[tl->n_entries++] = entry;
    }
    rg_free(table);
    rg_buf_free(&key);
    return rc;
}
