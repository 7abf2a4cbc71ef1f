/* curate.c -- chooses the rows of the timeline a person reads (README,
 * "Timeline"): a short timeline whole; a long one as milestone evidence,
 * people's and tools' entries (grouped by author and minute past the
 * limit), the largest clusters, and counts of the rest. Memory follows the
 * number of entries; nothing is copied but pointers. */
#include "curate.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* The entries a reader must see one by one while there are not too many:
 * what people said and what the tools told them. Bot chat and log lines are
 * volume: they show as clusters and counts. */
static int is_key(const rg_event *e)
{
    if (e->manual)
        return 1;
    switch (e->kind) {
    case RG_KIND_ALERT:
    case RG_KIND_PAGE:
    case RG_KIND_STATUS:
    case RG_KIND_CHANGE:
    case RG_KIND_METRIC:
    case RG_KIND_NOTE:
        return 1;
    case RG_KIND_CHAT:
        return e->human && e->count <= 1;
    default:
        return 0;
    }
}

const char *rg_curate_noun(rg_kind k)
{
    switch (k) {
    case RG_KIND_ALERT:
        return "alert events";
    case RG_KIND_PAGE:
        return "page events";
    case RG_KIND_STATUS:
        return "status posts";
    case RG_KIND_CHAT:
        return "messages";
    case RG_KIND_CHANGE:
        return "changes";
    case RG_KIND_METRIC:
        return "threshold events";
    case RG_KIND_NOTE:
        return "notes";
    default:
        return "events";
    }
}

static int64_t last_of(const rg_event *e)
{
    return e->count > 1 ? e->last_us : e->at_us;
}

typedef struct rows {
    rg_curated_row *v;
    size_t n, cap;
} rows;

static int push(rows *r, rg_curated_row row)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        rg_curated_row *v = rg_realloc(r->v, cap * sizeof(*v));
        if (!v)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = row;
    return 0;
}

static rg_curated_row single(const rg_event *e)
{
    rg_curated_row r = {e, 1, e->count ? e->count : 1, last_of(e), 0, 0};
    return r;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_index(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

/* Within one bucket: by kind, then author, then time (index). */
/* qsort takes no context: the entries being sorted are named here, set
 * just before each sort (reviewgen builds on one thread). */
static rg_event *const *sort_entries;
static int by_actor_sort;
static int cmp_in_bucket(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const rg_event *x = sort_entries[a], *y = sort_entries[b];
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (by_actor_sort) {
        int c = cmp_str(x->actor, y->actor);
        if (c)
            return c;
    }
    return a < b ? -1 : a > b;
}

static int64_t bucket_of(int64_t at_us, int64_t width)
{
    int64_t q = at_us / width;
    return (at_us % width < 0) ? q - 1 : q;
}

/* Groups the key entries idx[0..n) (in time order) by kind, author (when
 * by_actor) and bucket of `width`; appends the rows to out. Returns the
 * number of rows, or -1 when out of memory; stops early (returns more than
 * max) once more than max rows are made. */
static long group_rows(rg_event *const *entries, size_t *idx, size_t n, int64_t width, int by_actor,
                       size_t max, rows *out)
{
    size_t made = 0;
    sort_entries = entries;
    by_actor_sort = by_actor;
    for (size_t i = 0; i < n;) {
        int64_t bk = bucket_of(entries[idx[i]]->at_us, width);
        size_t j = i;
        while (j < n && bucket_of(entries[idx[j]]->at_us, width) == bk)
            j++;
        qsort(idx + i, j - i, sizeof(*idx), cmp_in_bucket);
        for (size_t k = i; k < j;) {
            const rg_event *first = entries[idx[k]];
            rg_curated_row row = {first, 0, 0, first->at_us, width, by_actor};
            size_t m = k;
            while (m < j && entries[idx[m]]->kind == first->kind &&
                   (!by_actor || cmp_str(entries[idx[m]]->actor, first->actor) == 0)) {
                const rg_event *e = entries[idx[m]];
                row.n_entries++;
                row.count += e->count ? e->count : 1;
                if (last_of(e) > row.last_us)
                    row.last_us = last_of(e);
                m++;
            }
            if (row.n_entries == 1)
                row = single(first);
            if (++made > max)
                break;
            if (push(out, row) != 0)
                return -1;
            k = m;
        }
        /* back to time order for the next attempt */
        qsort(idx + i, j - i, sizeof(*idx), cmp_index);
        if (made > max)
            return (long)made;
        i = j;
    }
    return (long)made;
}

/* The largest clusters first, errors before everything else. */
static int cmp_cluster(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const rg_event *x = sort_entries[a], *y = sort_entries[b];
    int ex = x->type && !strcmp(x->type, "log.error"),
        ey = y->type && !strcmp(y->type, "log.error");
    if (ex != ey)
        return ex ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int cmp_rows(const void *pa, const void *pb)
{
    const rg_curated_row *x = pa, *y = pb;
    if (x->ev->at_us != y->ev->at_us)
        return x->ev->at_us < y->ev->at_us ? -1 : 1;
    if (x->ev->seq != y->ev->seq)
        return x->ev->seq < y->ev->seq ? -1 : 1;
    return (x->n_entries > 1) - (y->n_entries > 1);
}

static int cmp_rest(const void *pa, const void *pb)
{
    const rg_curated_rest *x = pa, *y = pb;
    if (x->events != y->events)
        return x->events > y->events ? -1 : 1;
    int c = cmp_str(x->source, y->source);
    return c ? c : cmp_str(x->type, y->type);
}

/* The entries not shown, counted by (source, type) in an open-addressing
 * table that grows as distinct pairs come. */
typedef struct rest_table {
    rg_curated_rest *v;
    size_t cap, n;
} rest_table;

static size_t rest_hash(const char *source, const char *type, size_t cap)
{
    uint64_t h = rg_hash(RG_HASH_INIT, source ? source : "", source ? strlen(source) : 0);
    h = rg_hash(h, "\x1f", 1);
    h = rg_hash(h, type ? type : "", type ? strlen(type) : 0);
    return (size_t)h & (cap - 1);
}

static int rest_add(rest_table *t, const rg_event *e)
{
    if ((t->n + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        rg_curated_rest *v = rg_calloc(cap, sizeof(*v));
        if (!v)
            return -1;
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->v[i].entries)
                continue;
            size_t h = rest_hash(t->v[i].source, t->v[i].type, cap);
            while (v[h].entries)
                h = (h + 1) & (cap - 1);
            v[h] = t->v[i];
        }
        rg_free(t->v);
        t->v = v;
        t->cap = cap;
    }
    size_t h = rest_hash(e->source, e->type, t->cap);
    while (t->v[h].entries &&
           (cmp_str(t->v[h].source, e->source) || cmp_str(t->v[h].type, e->type)))
        h = (h + 1) & (t->cap - 1);
    rg_curated_rest *r = &t->v[h];
    if (!r->entries) {
        r->source = e->source;
        r->type = e->type;
        r->first_us = e->at_us;
        r->last_us = last_of(e);
        t->n++;
    }
    r->entries++;
    r->events += e->count ? e->count : 1;
    if (e->at_us < r->first_us)
        r->first_us = e->at_us;
    if (last_of(e) > r->last_us)
        r->last_us = last_of(e);
    return 0;
}

void rg_curated_free(rg_curated *c)
{
    rg_free(c->rows);
    rg_free(c->rest);
    memset(c, 0, sizeof(*c));
}

int rg_curate(const rg_timeline *tl, const rg_event *const *evidence, size_t n_given, rg_curated *c)
{
    memset(c, 0, sizeof(*c));
    rg_event *const *entries = tl->entries;
    size_t n = tl->n_entries;
    rows out = {0};
    for (size_t i = 0; i < n; i++)
        c->events += entries[i]->count ? entries[i]->count : 1;
    if (n <= RG_CURATE_KEY_LIMIT) {
        for (size_t i = 0; i < n; i++)
            if (push(&out, single(entries[i])) != 0)
                goto oom;
        c->rows = out.v;
        c->n_rows = out.n;
        return 0;
    }
    c->curated = 1;
    unsigned char *shown = rg_calloc(n, 1);
    size_t *key = rg_malloc(n * sizeof(*key)), *clusters = rg_malloc(n * sizeof(*clusters));
    rest_table rest = {0};
    if (!shown || !key || !clusters)
        goto oom_local;
    size_t n_key = 0, n_key_all = 0, n_clusters = 0;
    for (size_t i = 0; i < n; i++) {
        const rg_event *e = entries[i];
        n_key_all += is_key(e);
        if (e->milestone) {
            /* evidence: always its own row, never in a group */
            shown[i] = 1;
            if (push(&out, single(e)) != 0)
                goto oom_local;
        } else if (is_key(e)) {
            key[n_key++] = i;
        } else if (e->count > 1) {
            clusters[n_clusters++] = i;
        }
    }
    /* evidence inside a cluster: the entry is the cluster, not the event */
    for (size_t k = 0; k < n_given; k++) {
        int is_entry = !evidence[k];
        for (size_t j = 0; j < out.n && !is_entry; j++)
            is_entry = out.v[j].ev == evidence[k];
        for (size_t j = 0; j < k && !is_entry; j++)
            is_entry = evidence[j] == evidence[k];
        if (is_entry)
            continue;
        if (push(&out, single(evidence[k])) != 0)
            goto oom_local;
    }
    /* the limit counts people's and tools' entries, evidence or not */
    if (n_key_all <= RG_CURATE_KEY_LIMIT) {
        for (size_t k = 0; k < n_key; k++) {
            shown[key[k]] = 1;
            if (push(&out, single(entries[key[k]])) != 0)
                goto oom_local;
        }
    } else {
        /* by author and minute; when even that makes too many rows, by
         * wider buckets of every author, until they fit */
        static const int64_t widths_s[] = {60, 300, 900, 3600, 6 * 3600, 86400};
        size_t budget = RG_CURATE_KEY_LIMIT;
        size_t base = out.n;
        int64_t width = 60 * INT64_C(1000000);
        int by_actor = 1;
        for (size_t level = 0;; level++) {
            out.n = base;
            long made = group_rows(entries, key, n_key, width, by_actor, budget, &out);
            if (made < 0)
                goto oom_local;
            if ((size_t)made <= budget)
                break;
            by_actor = 0;
            width = level < sizeof(widths_s) / sizeof(widths_s[0])
                        ? widths_s[level] * INT64_C(1000000)
                        : width * 2;
        }
        for (size_t r = base; r < out.n; r++)
            c->n_groups += out.v[r].n_entries > 1;
        for (size_t k = 0; k < n_key; k++)
            shown[key[k]] = 1;
    }
    /* the largest clusters, errors first */
    sort_entries = entries;
    if (n_clusters)
        qsort(clusters, n_clusters, sizeof(*clusters), cmp_cluster);
    for (size_t k = 0; k < n_clusters && k < RG_CURATE_TOP_CLUSTERS; k++) {
        shown[clusters[k]] = 1;
        c->n_clusters++;
        if (push(&out, single(entries[clusters[k]])) != 0)
            goto oom_local;
    }
    /* the rest, counted */
    for (size_t i = 0; i < n; i++) {
        if (shown[i])
            continue;
        c->rest_entries++;
        c->rest_events += entries[i]->count ? entries[i]->count : 1;
        if (rest_add(&rest, entries[i]) != 0)
            goto oom_local;
    }
    size_t m = 0;
    for (size_t i = 0; i < rest.cap; i++)
        if (rest.v[i].entries)
            rest.v[m++] = rest.v[i];
    if (m)
        qsort(rest.v, m, sizeof(*rest.v), cmp_rest);
    if (m > RG_CURATE_REST_ROWS) {
        rg_curated_rest *o = &rest.v[RG_CURATE_REST_ROWS - 1];
        for (size_t i = RG_CURATE_REST_ROWS; i < m; i++) {
            o->entries += rest.v[i].entries;
            o->events += rest.v[i].events;
            if (rest.v[i].first_us < o->first_us)
                o->first_us = rest.v[i].first_us;
            if (rest.v[i].last_us > o->last_us)
                o->last_us = rest.v[i].last_us;
        }
        o->source = o->type = NULL;
        m = RG_CURATE_REST_ROWS;
    }
    if (out.n)
        qsort(out.v, out.n, sizeof(*out.v), cmp_rows);
    rg_free(shown);
    rg_free(key);
    rg_free(clusters);
    c->rows = out.v;
    c->n_rows = out.n;
    c->rest = rest.v;
    c->n_rest = m;
    return 0;
oom_local:
    rg_free(shown);
    rg_free(key);
    rg_free(clusters);
    rg_free(rest.v);
oom:
    rg_free(out.v);
    memset(c, 0, sizeof(*c));
    return -1;
}
