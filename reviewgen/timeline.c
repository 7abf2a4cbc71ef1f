/* timeline.c -- merges every source's events into one ordered timeline
 * (README, "Timeline"): sorted by time, stable for ties, exact duplicates
 * removed, and runs of similar log lines clustered into one entry. */
#include "timeline.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

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

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* "Exact duplicate": the same instant, type, source, actor and text, as when
 * one export is dropped into the folder twice or a webhook was redelivered. */
static int same_event(const rg_event *a, const rg_event *b)
{
    return a->at_us == b->at_us && a->kind == b->kind && str_eq(a->type, b->type) &&
           str_eq(a->source, b->source) && str_eq(a->actor, b->actor) && str_eq(a->text, b->text);
}

/* A word (run of letters and digits) that holds a digit is a number, an id or
 * a hash: it varies between otherwise identical lines, so it becomes '#'. */
void rg_timeline_signature(const char *text, char *buf, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return;
    for (size_t i = 0; text[i] && o + 1 < cap;) {
        if (!isalnum((unsigned char)text[i])) {
            buf[o++] = text[i++];
            continue;
        }
        size_t j = i;
        int digit = 0;
        while (text[j] && isalnum((unsigned char)text[j]))
            digit |= isdigit((unsigned char)text[j++]) != 0;
        if (digit) {
            buf[o++] = '#';
        } else {
            while (i < j && o + 1 < cap)
                buf[o++] = text[i++];
        }
        i = j;
    }
    buf[o] = '\0';
}

typedef struct slot {
    const char *key; /* source \x1f type \x1f signature; NULL when free */
    rg_event *entry;
} slot;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int rg_timeline_build(rg_timeline *tl, rg_arena *a, rg_event **events, size_t n, rg_diag *diag)
{
    memset(tl, 0, sizeof(*tl));
    rg_event **sorted = rg_arena_alloc(a, (n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory building the timeline");
    if (n)
        memcpy(sorted, events, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_events);

    /* Remove exact duplicates: compare each event with the kept ones that
     * share its instant. */
    size_t kept = 0, group = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept > 0 && sorted[kept - 1]->at_us != sorted[i]->at_us)
            group = kept;
        int dup = 0;
        for (size_t j = group; j < kept && !dup; j++)
            dup = same_event(sorted[j], sorted[i]);
        if (dup)
            tl->n_duplicates++;
        else
            sorted[kept++] = sorted[i];
    }
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
        size_t h = (size_t)hash(key.data) & (cap - 1);
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
