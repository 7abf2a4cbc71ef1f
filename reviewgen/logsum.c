/* logsum.c -- the core side of rg_sink_fold (README, "Evidence of any size"):
 * decides which log lines and bot messages become events and counts the
 * others into clusters and per-minute counts, allocating only for a new
 * cluster or minute. */
#include "logsum.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

#define MINUTE_US INT64_C(60000000)
/* Longest signature, and longest text kept for a cluster's first line. */
#define SIG_MAX RG_SIGNATURE_MAX
#define TEXT_MAX 1024

void rg_logsum_init(rg_logsum *sum, rg_arena *arena)
{
    memset(sum, 0, sizeof(*sum));
    sum->arena = arena;
    for (size_t l = 0; l < RG_LEVEL_COUNT; l++)
        sum->minute_at[l] = SIZE_MAX;
}

void rg_logsum_free(rg_logsum *sum)
{
    for (size_t i = 0; i < sum->cap_clusters; i++)
        rg_free(sum->clusters[i].runs);
    rg_free(sum->clusters);
    rg_free(sum->files);
    rg_free(sum->seen);
    rg_free(sum->minutes);
    rg_free(sum->sorted_clusters);
    rg_free(sum->sorted_minutes);
    rg_free(sum->error_minutes);
    memset(sum, 0, sizeof(*sum));
}

static int level_of(const char *type)
{
    if (strcmp(type, "log.error") == 0)
        return RG_LEVEL_ERROR;
    if (strcmp(type, "log.warning") == 0)
        return RG_LEVEL_WARNING;
    return RG_LEVEL_INFO;
}

static int64_t minute_of(int64_t at_us)
{
    int64_t q = at_us / MINUTE_US;
    return at_us % MINUTE_US < 0 ? q - 1 : q;
}

static size_t slot_of(uint64_t h, size_t cap)
{
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

/* Tables stay under half full; they double by rehashing. */
static int grow_clusters(rg_logsum *sum)
{
    size_t cap = sum->cap_clusters ? sum->cap_clusters * 2 : 256;
    rg_logsum_cluster *t = rg_calloc(cap, sizeof(*t));
    if (!t)
        return -1;
    for (size_t i = 0; i < sum->cap_clusters; i++) {
        if (!sum->clusters[i].key)
            continue;
        size_t h = slot_of(sum->clusters[i].key, cap);
        while (t[h].key)
            h = (h + 1) & (cap - 1);
        t[h] = sum->clusters[i];
    }
    rg_free(sum->clusters);
    sum->clusters = t;
    sum->cap_clusters = cap;
    return 0;
}

/* The slot of key in a table with room: its cluster, or the free slot
 * where it would go (key 0). */
static rg_logsum_cluster *cluster_slot(const rg_logsum *sum, uint64_t key)
{
    size_t h = slot_of(key, sum->cap_clusters);
    while (sum->clusters[h].key && sum->clusters[h].key != key)
        h = (h + 1) & (sum->cap_clusters - 1);
    return &sum->clusters[h];
}

/* cluster_for's other case: the table grown if it must be, and the
 * cluster made (empty, numbered in the order met) when there is none. */
static rg_logsum_cluster *cluster_made(rg_logsum *sum, uint64_t key, size_t source,
                                       const char *source_name, const char *type, rg_kind kind)
{
    if ((sum->n_clusters + 1) * 2 > sum->cap_clusters && grow_clusters(sum) != 0)
        return NULL;
    rg_logsum_cluster *c = cluster_slot(sum, key);
    if (!c->key) {
        c->type = rg_arena_strdup(sum->arena, type);
        if (!c->type)
            return NULL;
        c->key = key;
        c->seq = sum->n_clusters++;
        c->source = source;
        c->source_name = source_name;
        c->kind = kind;
    }
    return c;
}

/* The cluster of key, made when there is none; NULL when out of memory.
 * Inline, the cluster that is there found without a call: this runs for
 * every folded line, and the calls here were 4 % of a whole-day build. */
static inline __attribute__((always_inline)) rg_logsum_cluster *
cluster_for(rg_logsum *sum, uint64_t key, size_t source, const char *source_name, const char *type,
            rg_kind kind)
{
    if ((sum->n_clusters + 1) * 2 <= sum->cap_clusters) {
        rg_logsum_cluster *c = cluster_slot(sum, key);
        if (c->key)
            return c;
    }
    return cluster_made(sum, key, source, source_name, type, kind);
}

static uint64_t minute_key(int64_t minute, size_t source, int level)
{
    uint64_t h = rg_hash(RG_HASH_INIT, &minute, sizeof(minute));
    h = rg_hash(h, &source, sizeof(source));
    return rg_hash(h, &level, sizeof(level));
}

static int grow_minutes(rg_logsum *sum)
{
    size_t cap = sum->cap_minutes ? sum->cap_minutes * 2 : 256;
    rg_logsum_minute *t = rg_calloc(cap, sizeof(*t));
    if (!t)
        return -1;
    for (size_t i = 0; i < sum->cap_minutes; i++) {
        const rg_logsum_minute *m = &sum->minutes[i];
        if (!m->used)
            continue;
        size_t h = slot_of(minute_key(m->minute, m->source, m->level), cap);
        while (t[h].used)
            h = (h + 1) & (cap - 1);
        t[h] = *m;
    }
    rg_free(sum->minutes);
    sum->minutes = t;
    sum->cap_minutes = cap;
    return 0;
}

/* minute_slot's other case: the minute found by its hash, or made. */
static rg_logsum_minute *minute_found(rg_logsum *sum, int64_t minute, size_t source, int level)
{
    if ((sum->n_minutes + 1) * 4 > sum->cap_minutes * 3 && grow_minutes(sum) != 0)
        return NULL;
    size_t h = slot_of(minute_key(minute, source, level), sum->cap_minutes);
    rg_logsum_minute *t = sum->minutes;
    while (t[h].used && (t[h].minute != minute || t[h].source != source || t[h].level != level))
        h = (h + 1) & (sum->cap_minutes - 1);
    if (!t[h].used) {
        t[h].used = 1;
        t[h].minute = minute;
        t[h].source = source;
        t[h].level = level;
        sum->n_minutes++;
    }
    sum->minute_at[level] = h;
    return &t[h];
}

/* The minute's counts; NULL when out of memory. Lines come in time order:
 * most are in the minute of the line before of their level, found inline
 * without hashing. */
static inline __attribute__((always_inline)) rg_logsum_minute *
minute_slot(rg_logsum *sum, int64_t minute, size_t source, int level)
{
    size_t last = sum->minute_at[level];
    if (last < sum->cap_minutes) {
        rg_logsum_minute *m = &sum->minutes[last];
        if (m->used && m->minute == minute && m->source == source && m->level == level)
            return m;
    }
    return minute_found(sum, minute, source, level);
}

/* The hash of the cluster key's first part (source, type with its NUL),
 * its level and whether it is a log type, remembered for the last few
 * (source, type) pairs: a file's lines have a handful of types. */
static void type_of(rg_logsum *sum, size_t source, const char *type, uint64_t *hash, int *level,
                    int *is_log)
{
    /* The common log types by address (importer.h): they never change, so
     * an equal pointer is an equal type without reading it. */
    for (size_t k = 0; k < sizeof(sum->types) / sizeof(sum->types[0]); k++)
        if (type && sum->types[k].fixed == type && sum->types[k].source == source) {
            *hash = sum->types[k].hash;
            *level = sum->types[k].level;
            *is_log = sum->types[k].is_log;
            return;
        }
    for (size_t k = 0; k < sizeof(sum->types) / sizeof(sum->types[0]); k++)
        if (sum->types[k].used && sum->types[k].source == source &&
            strcmp(sum->types[k].type, type) == 0) {
            *hash = sum->types[k].hash;
            *level = sum->types[k].level;
            *is_log = sum->types[k].is_log;
            return;
        }
    size_t len = strlen(type);
    uint64_t h = rg_hash(RG_HASH_INIT, &source, sizeof(source));
    *hash = rg_hash(h, type, len + 1);
    *is_log = strncmp(type, "log.", 4) == 0;
    *level = *is_log ? level_of(type) : RG_LEVEL_INFO;
    if (len < sizeof(sum->types[0].type)) {
        size_t k = sum->next_type++ % (sizeof(sum->types) / sizeof(sum->types[0]));
        sum->types[k].used = 1;
        sum->types[k].fixed =
            type == rg_type_log_info || type == rg_type_log_warning || type == rg_type_log_error
                ? type
                : NULL;
        sum->types[k].source = source;
        memcpy(sum->types[k].type, type, len + 1);
        sum->types[k].hash = *hash;
        sum->types[k].level = *level;
        sum->types[k].is_log = *is_log;
    }
}

/* "path:line" without printf (README, "Evidence of any size"). */
static const char *origin_of(rg_arena *a, const char *path, long line)
{
    return rg_origin(a, path, line);
}

/* The text a cluster or run shows: the line's, cut to TEXT_MAX bytes, valid
 * UTF-8, without ANSI escapes. NULL when out of memory. */
static const char *shown_text(rg_arena *a, const rg_foldable *f)
{
    size_t n = f->text_len < TEXT_MAX ? f->text_len : TEXT_MAX;
    char *text = rg_utf8_clean(a, f->text ? f->text : "", n, NULL);
    if (!text)
        return NULL;
    n = rg_ansi_strip(text, strlen(text), NULL);
    text[n] = '\0';
    return text;
}

/* The run of c that at_us joins (within RG_LOGSUM_GAP_US of it), else the
 * index where a new run would go; *joins says which. Lines come in time order
 * in most files: the last run is tried first. */
static size_t run_find(const rg_logsum_cluster *c, int64_t at_us, int *joins)
{
    size_t lo = 0, hi = c->n_runs;
    if (hi && at_us >= c->runs[hi - 1].first_us - RG_LOGSUM_GAP_US)
        lo = hi - 1;
    while (lo < hi) { /* the first run that does not end a gap before at_us */
        size_t mid = lo + (hi - lo) / 2;
        if (c->runs[mid].last_us < at_us - RG_LOGSUM_GAP_US)
            lo = mid + 1;
        else
            hi = mid;
    }
    *joins = lo < c->n_runs && at_us >= c->runs[lo].first_us - RG_LOGSUM_GAP_US;
    return lo;
}

/* Counts a folded line at at_us into its run: extends the run it joins
 * (merging it with a neighbour it now reaches) or opens a new one. */
static int run_add(rg_logsum *sum, rg_logsum_cluster *c, const rg_foldable *f, const char *rel)
{
    /* Most lines come in time order and extend the last run, which then
     * reaches no other: that is all run_find and the merges below would do
     * for them. */
    if (c->n_runs) {
        rg_logsum_run *last = &c->runs[c->n_runs - 1];
        if (f->at_us >= last->first_us && f->at_us - last->last_us <= RG_LOGSUM_GAP_US) {
            last->n++;
            if (f->at_us > last->last_us)
                last->last_us = f->at_us;
            return 0;
        }
    }
    int joins;
    size_t i = run_find(c, f->at_us, &joins);
    if (joins) {
        rg_logsum_run *r = &c->runs[i];
        r->n++;
        if (f->at_us < r->first_us)
            r->first_us = f->at_us;
        if (f->at_us > r->last_us)
            r->last_us = f->at_us;
        /* a line out of order can bridge the gap to a neighbour */
        if (i + 1 < c->n_runs && c->runs[i + 1].first_us - r->last_us <= RG_LOGSUM_GAP_US) {
            r->n += c->runs[i + 1].n;
            if (c->runs[i + 1].last_us > r->last_us)
                r->last_us = c->runs[i + 1].last_us;
            memmove(&c->runs[i + 1], &c->runs[i + 2], (c->n_runs - i - 2) * sizeof(*c->runs));
            c->n_runs--;
        }
        if (i > 0 && r->first_us - c->runs[i - 1].last_us <= RG_LOGSUM_GAP_US) {
            rg_logsum_run *p = &c->runs[i - 1];
            p->n += r->n;
            if (r->last_us > p->last_us)
                p->last_us = r->last_us;
            memmove(&c->runs[i], &c->runs[i + 1], (c->n_runs - i - 1) * sizeof(*c->runs));
            c->n_runs--;
        }
        return 0;
    }
    if (c->n_runs == c->cap_runs) {
        size_t cap = c->cap_runs ? c->cap_runs * 2 : 1;
        rg_logsum_run *v = rg_realloc(c->runs, cap * sizeof(*v));
        if (!v)
            return -1;
        c->runs = v;
        c->cap_runs = cap;
    }
    rg_logsum_run r = {f->at_us, f->at_us, 1, NULL, NULL, f->line > 0 ? f->line : 0};
    if (c->n_folded == 0) { /* the cluster's first folded line: its text is made */
        r.text = c->text;
        r.origin = c->origin;
    } else {
        r.text = shown_text(sum->arena, f);
        r.origin = f->line > 0 ? rg_origin(sum->arena, rel, f->line) : rel;
        if (!r.text || !r.origin)
            return -1;
    }
    memmove(&c->runs[i + 1], &c->runs[i], (c->n_runs - i) * sizeof(*c->runs));
    c->runs[i] = r;
    c->n_runs++;
    return 0;
}

/* Widens a minute's first and last line (of its folded and repeated ones)
 * to one at at_us, read at rel:line. Before it is counted in them. */
static void minute_widen(rg_logsum_minute *m, int64_t at_us, const char *rel, long line)
{
    int none = m->n_folded + m->n_repeated == 0;
    if (none || at_us < m->first_us) {
        m->first_us = at_us;
        m->first_path = rel;
        m->first_line = line;
    }
    if (none || at_us >= m->last_us) {
        m->last_us = at_us;
        m->last_path = rel;
        m->last_line = line;
    }
}

/* Whether f, whose mark follows from its signature (RG_SIG_MARKED_BY_SIG),
 * is marked: read from the text of the cluster's first such line, then
 * remembered (the key is the signature's, so the answer is the same for
 * every line of c that comes with RG_SIG_MARKED_BY_SIG). */
static int marked_by_sig(rg_logsum_cluster *c, const rg_foldable *f)
{
    if (!c->marked_by_sig)
        c->marked_by_sig = (signed char)(1 + rg_signature_marked(f->text ? f->text : "",
                                                                 f->text ? f->text_len : 0));
    return c->marked_by_sig - 1;
}

/* Remembers the log line just offered, for a repeat after it
 * (rg_logsum_repeat). */
static void remember_last(rg_logsum *sum, uint64_t key, const rg_foldable *f, size_t source,
                          const char *rel, int level, int is_log, int kept)
{
    sum->last.key = key;
    sum->last.at_us = f->at_us;
    sum->last.source = source;
    sum->last.rel = rel;
    sum->last.line = f->line;
    sum->last.level = level;
    sum->last.is_log = is_log;
    sum->last.kept = kept;
    sum->last.has = 1;
}

int rg_logsum_fold(rg_logsum *sum, size_t source, const char *source_name, const char *rel,
                   const rg_foldable *f)
{
    const char *type = f->type ? f->type : rg_type_log_info;
    uint64_t key;
    int level, is_log;
    type_of(sum, source, type, &key, &level, &is_log);
    sum->n_lines++;
    sum->last.has = 0;
    rg_logsum_minute *m = NULL;
    if (is_log) {
        m = minute_slot(sum, minute_of(f->at_us), source, level);
        if (!m)
            return -1;
        m->n++;
    } else if (f->human || strcmp(type, "chat.message") != 0) {
        return 1; /* a person's message is never folded, nor a change or a join */
    }
    /* The cluster: hashed from its signature as it is read, nothing allocated. */
    if (!is_log && f->actor)
        key = rg_hash(key, f->actor, f->actor_len);
    key = rg_hash(key, "\x1f", 1);
    int marked = 0;
    if (f->has_sig) {
        key = rg_signature_join(key, f->sig_acc);
        marked = f->sig_marked;
    } else {
        key = rg_signature_key(key, f->text ? f->text : "", f->text ? f->text_len : 0,
                               is_log && level == RG_LEVEL_INFO ? &marked : NULL);
    }
    key = key ? key : 1;
    rg_logsum_cluster *c =
        cluster_for(sum, key, source, source_name, type, is_log ? RG_KIND_LOG : RG_KIND_CHAT);
    if (!c)
        return -1;
    if (marked == RG_SIG_MARKED_BY_SIG) /* read only where it decides */
        marked = is_log && level == RG_LEVEL_INFO ? marked_by_sig(c, f) : 0;
    /* Errors, warnings and marked lines are kept up to the cap of their
     * cluster; bot messages up to theirs. */
    int keep;
    if (!is_log)
        keep = c->n_kept < RG_LOGSUM_KEEP_CHAT;
    else
        keep = c->n_kept < RG_LOGSUM_KEEP && (level != RG_LEVEL_INFO || marked);
    if (keep) {
        c->n_kept++;
        if (c->n_kept == 1 || f->at_us > c->kept_last_us)
            c->kept_last_us = f->at_us;
        c->kept_last_line = f->line;
        if (sum->shard) { /* offered again to the main thread's summary */
            sum->n_lines--;
            if (m)
                m->n--;
            sum->last.has = 0;
            return 1;
        }
        if (m)
            remember_last(sum, key, f, source, rel, level, 1, 1);
        return 1;
    }
    if (c->n_folded == 0) {
        c->text = shown_text(sum->arena, f);
        if (!c->text)
            return -1;
        c->actor = f->actor ? rg_utf8_clean(sum->arena, f->actor, f->actor_len, NULL) : NULL;
        c->origin = f->line > 0 ? origin_of(sum->arena, rel, f->line) : rel;
        c->line = f->line > 0 ? f->line : 0;
        if ((f->actor && !c->actor) || !c->origin)
            return -1;
        c->first_us = f->at_us;
        c->last_us = f->at_us;
    }
    if (run_add(sum, c, f, rel) != 0)
        return -1;
    if (f->at_us < c->first_us)
        c->first_us = f->at_us;
    if (f->at_us > c->last_us)
        c->last_us = f->at_us;
    c->n_folded++;
    sum->n_folded++;
    if (m) {
        minute_widen(m, f->at_us, rel, f->line);
        m->n_folded++;
    }
    remember_last(sum, key, f, source, rel, level, is_log, 0);
    return 0;
}

/* The minute of the last line offered; NULL when it has none (a chat line). */
static rg_logsum_minute *last_minute(rg_logsum *sum)
{
    if (!sum->last.is_log)
        return NULL;
    int64_t minute = minute_of(sum->last.at_us);
    rg_logsum_minute *t = sum->minutes;
    size_t k = slot_of(minute_key(minute, sum->last.source, sum->last.level), sum->cap_minutes);
    while (t[k].used && (t[k].minute != minute || t[k].source != sum->last.source ||
                         t[k].level != sum->last.level))
        k = (k + 1) & (sum->cap_minutes - 1);
    return t[k].used ? &t[k] : NULL;
}

uint64_t rg_logsum_repeat(rg_logsum *sum, uint64_t n)
{
    if (!sum->last.has || n == 0)
        return 0;
    if (sum->last.kept) {
        /* the event keeps them as "repeated"; its minute and the burst count
         * them as lines, at the kept line's instant and origin */
        rg_logsum_minute *m = last_minute(sum);
        if (m) {
            minute_widen(m, sum->last.at_us, sum->last.rel, sum->last.line);
            m->n += n;
            m->n_repeated += n;
        }
        return 0;
    }
    /* The cluster and the minute exist: the line before made them, and
     * nothing was added since (every line offered resets last). */
    rg_logsum_cluster *c = cluster_slot(sum, sum->last.key);
    if (c->key != sum->last.key)
        return 0;
    c->n_folded += n;
    sum->n_folded += n;
    sum->n_lines += n;
    int joins;
    size_t r = run_find(c, sum->last.at_us, &joins);
    if (joins)
        c->runs[r].n += n;
    rg_logsum_minute *m = last_minute(sum);
    if (m) {
        m->n += n;
        m->n_folded += n;
    }
    return n;
}

static int cmp_clusters(const void *pa, const void *pb)
{
    const rg_logsum_cluster *a = *(rg_logsum_cluster *const *)pa,
                            *b = *(rg_logsum_cluster *const *)pb;
    if (a->first_us != b->first_us)
        return a->first_us < b->first_us ? -1 : 1;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    int c = strcmp(a->type, b->type);
    if (c)
        return c;
    c = strcmp(a->text, b->text);
    if (c)
        return c;
    /* Two clusters can still tie (bots with the same text at the same
     * instant, texts that differ only in bytes the kept text lost): the one
     * met first goes first, whatever the hash put where. */
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_minutes(const void *pa, const void *pb)
{
    const rg_logsum_minute *a = *(rg_logsum_minute *const *)pa, *b = *(rg_logsum_minute *const *)pb;
    if (a->minute != b->minute)
        return a->minute < b->minute ? -1 : 1;
    if (a->source != b->source)
        return a->source < b->source ? -1 : 1;
    return a->level - b->level;
}

static const char *minute_origin(rg_arena *a, const char *path, long line)
{
    return line > 0 ? rg_origin(a, path, line) : path;
}

int rg_logsum_finish(rg_logsum *sum)
{
    rg_free(sum->sorted_clusters);
    rg_free(sum->sorted_minutes);
    rg_free(sum->error_minutes);
    sum->sorted_clusters = NULL;
    sum->sorted_minutes = NULL;
    sum->error_minutes = NULL;
    sum->n_sorted_clusters = sum->n_error_minutes = 0;
    sum->sorted_clusters = rg_malloc((sum->n_clusters ? sum->n_clusters : 1) * sizeof(void *));
    sum->sorted_minutes = rg_malloc((sum->n_minutes ? sum->n_minutes : 1) * sizeof(void *));
    sum->error_minutes =
        rg_malloc((sum->n_minutes ? sum->n_minutes : 1) * sizeof(*sum->error_minutes));
    if (!sum->sorted_clusters || !sum->sorted_minutes || !sum->error_minutes)
        return -1;
    for (size_t i = 0; i < sum->cap_clusters; i++)
        if (sum->clusters[i].key && sum->clusters[i].n_folded)
            sum->sorted_clusters[sum->n_sorted_clusters++] = &sum->clusters[i];
    qsort(sum->sorted_clusters, sum->n_sorted_clusters, sizeof(void *), cmp_clusters);
    size_t k = 0;
    for (size_t i = 0; i < sum->cap_minutes; i++)
        if (sum->minutes[i].used)
            sum->sorted_minutes[k++] = &sum->minutes[i];
    qsort(sum->sorted_minutes, k, sizeof(void *), cmp_minutes);
    /* Folded errors per minute, all sources together. */
    for (size_t i = 0; i < k; i++) {
        const rg_logsum_minute *m = sum->sorted_minutes[i];
        if (m->level != RG_LEVEL_ERROR || m->n_folded + m->n_repeated == 0)
            continue;
        rg_error_minute *e =
            sum->n_error_minutes ? &sum->error_minutes[sum->n_error_minutes - 1] : NULL;
        if (!e || e->minute != m->minute) {
            e = &sum->error_minutes[sum->n_error_minutes++];
            memset(e, 0, sizeof(*e));
            e->minute = m->minute;
            e->first_us = m->first_us;
            e->last_us = m->last_us;
            e->first_origin = minute_origin(sum->arena, m->first_path, m->first_line);
            e->last_origin = minute_origin(sum->arena, m->last_path, m->last_line);
        } else {
            if (m->first_us < e->first_us) {
                e->first_us = m->first_us;
                e->first_origin = minute_origin(sum->arena, m->first_path, m->first_line);
            }
            if (m->last_us >= e->last_us) {
                e->last_us = m->last_us;
                e->last_origin = minute_origin(sum->arena, m->last_path, m->last_line);
            }
        }
        if (!e->first_origin || !e->last_origin)
            return -1;
        e->n += m->n_folded + m->n_repeated;
    }
    return 0;
}

/* The key that pairs a folded cluster with the timeline's entries of the
 * same lines: source name, type and signature of the text. */
static uint64_t entry_key(const char *source, const char *type, const char *text)
{
    char sig[SIG_MAX];
    size_t n = rg_signature(text ? text : "", text ? strlen(text) : 0, sig, sizeof(sig));
    uint64_t h = rg_hash(RG_HASH_INIT, source ? source : "", source ? strlen(source) + 1 : 1);
    h = rg_hash(h, type ? type : "", type ? strlen(type) + 1 : 1);
    h = rg_hash(h, sig, n);
    return h ? h : 1;
}

/* A row of its own for one run of folded lines, ordered as the clusters are
 * (cmp_clusters) with the run's first time. */
typedef struct own_run {
    const rg_logsum_cluster *c;
    const rg_logsum_run *r;
    size_t order; /* the cluster's place in sorted_clusters, then the run's */
} own_run;

static int cmp_own(const void *pa, const void *pb)
{
    const own_run *a = pa, *b = pb;
    if (a->r->first_us != b->r->first_us)
        return a->r->first_us < b->r->first_us ? -1 : 1;
    if (a->c->source != b->c->source)
        return a->c->source < b->c->source ? -1 : 1;
    int c = strcmp(a->c->type, b->c->type);
    if (c)
        return c;
    c = strcmp(a->r->text, b->r->text);
    if (c)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Joins the run [first, last] of n lines into the run being built whose
 * row is *head (NULL while the run holds folded lines only). */
static void absorb(rg_event *head, uint64_t n, int64_t last_us)
{
    head->count += n;
    if (last_us > head->last_us)
        head->last_us = last_us;
}

int rg_logsum_entries(const rg_logsum *sum, rg_arena *a, rg_event ***entries, size_t *n)
{
    /* The kept entries of each cluster, chained in time order: head and tail
     * per key, next per entry. */
    size_t cap = 64;
    while (cap < *n * 2 + 2)
        cap *= 2;
    uint64_t *keys = rg_calloc(cap, sizeof(*keys));
    size_t *head = rg_malloc(cap * sizeof(*head)), *tail = rg_malloc(cap * sizeof(*tail));
    size_t *next = rg_malloc((*n + 1) * sizeof(*next));
    unsigned char *gone = rg_calloc(*n + 1, 1);
    size_t n_runs = 0;
    for (size_t j = 0; j < sum->n_sorted_clusters; j++)
        n_runs += sum->sorted_clusters[j]->n_runs;
    own_run *own = rg_malloc((n_runs + 1) * sizeof(*own));
    if (!keys || !head || !tail || !next || !gone || !own) {
        rg_free(keys);
        rg_free(head);
        rg_free(tail);
        rg_free(next);
        rg_free(gone);
        rg_free(own);
        return -1;
    }
    for (size_t i = 0; i < *n; i++) {
        const rg_event *ev = (*entries)[i];
        next[i] = SIZE_MAX;
        if (ev->kind != RG_KIND_LOG && ev->kind != RG_KIND_CHAT)
            continue;
        uint64_t k = entry_key(ev->source, ev->type, ev->text);
        size_t h = slot_of(k, cap);
        while (keys[h] && keys[h] != k)
            h = (h + 1) & (cap - 1);
        if (!keys[h]) {
            keys[h] = k;
            head[h] = i;
        } else {
            next[tail[h]] = i;
        }
        tail[h] = i;
    }
    /* Each cluster: its folded runs and its kept entries, both in time order,
     * walked together; a run of the timeline's rule ends where the next piece
     * starts more than five minutes after the last line so far. */
    size_t n_own = 0;
    for (size_t j = 0; j < sum->n_sorted_clusters; j++) {
        const rg_logsum_cluster *c = sum->sorted_clusters[j];
        size_t e = SIZE_MAX;
        if (c->n_kept) {
            uint64_t k = entry_key(c->source_name, c->type, c->text);
            size_t h = slot_of(k, cap);
            while (keys[h] && keys[h] != k)
                h = (h + 1) & (cap - 1);
            if (keys[h] == k)
                e = head[h];
        }
        size_t r = 0;
        rg_event *row = NULL;              /* the run's row: its first kept entry */
        const rg_logsum_run *alone = NULL; /* or its folded lines, before one */
        int64_t end = INT64_MIN;
        while (r < c->n_runs || e != SIZE_MAX) {
            rg_event *ke = e != SIZE_MAX ? (*entries)[e] : NULL;
            const rg_logsum_run *fr = r < c->n_runs ? &c->runs[r] : NULL;
            int kept_first = ke && (!fr || ke->at_us <= fr->first_us);
            int64_t from = kept_first ? ke->at_us : fr->first_us;
            if ((row || alone) && from - end > RG_LOGSUM_GAP_US) {
                if (!row) {
                    own[n_own] = (own_run){c, alone, n_own};
                    n_own++;
                }
                row = NULL;
                alone = NULL;
            }
            if (kept_first) {
                if (!row || c->kind != RG_KIND_LOG) {
                    /* Chat messages kept are rows of their own (the
                     * timeline clusters log lines only): folded messages
                     * after one join it. */
                    row = ke;
                    if (alone)
                        absorb(row, alone->n, alone->last_us);
                    alone = NULL;
                } else {
                    absorb(row, ke->count, ke->last_us);
                    gone[e] = 1;
                }
                if (ke->last_us > end || end == INT64_MIN)
                    end = ke->last_us;
                e = next[e];
            } else {
                if (row)
                    absorb(row, fr->n, fr->last_us);
                else
                    alone = fr; /* two folded runs alone are never this close */
                if (fr->last_us > end || end == INT64_MIN)
                    end = fr->last_us;
                r++;
            }
        }
        if (alone && !row) {
            own[n_own] = (own_run){c, alone, n_own};
            n_own++;
        }
    }
    rg_free(keys);
    rg_free(head);
    rg_free(tail);
    rg_free(next);
    qsort(own, n_own, sizeof(*own), cmp_own);
    size_t total = *n + n_own;
    rg_event **out = rg_arena_alloc(a, (total ? total : 1) * sizeof(*out));
    if (!out) {
        rg_free(own);
        rg_free(gone);
        return -1;
    }
    size_t i = 0, j = 0, o = 0;
    int rc = 0;
    while (rc == 0 && (i < *n || j < n_own)) {
        const own_run *w = j < n_own ? &own[j] : NULL;
        /* A real entry goes first at the same instant: it was read as it is. */
        if (i < *n && (!w || (*entries)[i]->at_us <= w->r->first_us)) {
            if (!gone[i])
                out[o++] = (*entries)[i];
            i++;
            continue;
        }
        rg_event *ev = rg_event_new(a);
        if (!ev) {
            rc = -1;
            break;
        }
        ev->at_us = w->r->first_us;
        ev->last_us = w->r->last_us;
        ev->count = w->r->n;
        ev->kind = w->c->kind;
        ev->type = w->c->type;
        ev->source = w->c->source_name;
        ev->actor = w->c->actor;
        ev->text = w->r->text;
        ev->origin = w->r->origin;
        ev->time_text = "";
        out[o++] = ev;
        j++;
    }
    rg_free(own);
    rg_free(gone);
    if (rc == 0) {
        *entries = out;
        *n = o;
    }
    return rc;
}

/* The 64-bit hash of a file's bytes, read 64 KiB at a time. 0 or -1. */
static int file_hash(const char *path, uint64_t *hash)
{
    enum { CHUNK = 65536 };
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    char *buf = rg_malloc(CHUNK);
    uint64_t h = RG_HASH_INIT;
    ssize_t r = buf ? 1 : -1;
    while (r > 0) {
        r = read(fd, buf, CHUNK);
        if (r > 0)
            h = rg_hash(h, buf, (size_t)r);
    }
    rg_free(buf);
    close(fd);
    if (r < 0)
        return -1;
    *hash = h;
    return 0;
}

int rg_logsum_file_is_copy(rg_logsum *sum, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0; /* a pipe, a folder: read as it is */
    uint64_t size = (uint64_t)st.st_size, hash = 0;
    int hashed = 0;
    for (size_t i = 0; i < sum->n_files; i++) {
        struct rg_logsum_file *f = &sum->files[i];
        if (f->size != size || size == 0)
            continue;
        if (!hashed) {
            if (file_hash(path, &hash) != 0)
                return 0;
            hashed = 1;
        }
        if (!f->hashed) {
            if (file_hash(f->path, &f->hash) != 0)
                continue;
            f->hashed = 1;
        }
        if (f->hash == hash)
            return 1;
    }
    if (sum->n_files == sum->cap_files) {
        size_t cap = sum->cap_files ? sum->cap_files * 2 : 16;
        struct rg_logsum_file *v = rg_realloc(sum->files, cap * sizeof(*v));
        if (!v)
            return -1;
        sum->files = v;
        sum->cap_files = cap;
    }
    sum->files[sum->n_files++] = (struct rg_logsum_file){path, size, hash, hashed};
    return 0;
}

static struct rg_logsum_seen *seen_slot(struct rg_logsum_seen *t, size_t cap, uint64_t line)
{
    size_t h = (size_t)(line >> 7) & (cap - 1);
    while (t[h].file && t[h].line != line)
        h = (h + 1) & (cap - 1);
    return &t[h];
}

int rg_logsum_overlap_dup(rg_logsum *sum, const char *raw, size_t n, uint32_t file)
{
    sum->n_hashed++;
    if ((sum->n_seen + 1) * 2 > sum->cap_seen) {
        size_t cap = sum->cap_seen ? sum->cap_seen * 2 : 256;
        struct rg_logsum_seen *t = rg_calloc(cap, sizeof(*t));
        if (!t)
            return -1;
        for (size_t i = 0; i < sum->cap_seen; i++)
            if (sum->seen[i].file)
                *seen_slot(t, cap, sum->seen[i].line) = sum->seen[i];
        rg_free(sum->seen);
        sum->seen = t;
        sum->cap_seen = cap;
    }
    uint64_t line = rg_hash(RG_HASH_INIT, raw, n);
    struct rg_logsum_seen *e = seen_slot(sum->seen, sum->cap_seen, line);
    if (!e->file) {
        e->line = line;
        e->let = 0;
        sum->n_seen++;
    }
    if (e->file != file) { /* the first copy in this file: files come one by one */
        e->file = file;
        e->cur = 0;
    }
    if (e->cur < UINT32_MAX)
        e->cur++;
    if (e->cur <= e->let) {
        sum->last.has = 0; /* a repeat after it repeats a copy too */
        return 1;
    }
    e->let = e->cur;
    return 0;
}

/* ---- one file read on two threads ---- */

static const rg_logsum_cluster *find_cluster(const rg_logsum *sum, uint64_t key)
{
    if (!sum->cap_clusters)
        return NULL;
    const rg_logsum_cluster *c = cluster_slot(sum, key);
    return c->key ? c : NULL;
}

int rg_logsum_merge_check(const rg_logsum *into, const rg_logsum *from)
{
    for (size_t i = 0; i < from->cap_clusters; i++) {
        const rg_logsum_cluster *fc = &from->clusters[i];
        if (!fc->key || !fc->n_folded)
            continue;
        const rg_logsum_cluster *ic = find_cluster(into, fc->key);
        int64_t bound = ic && ic->n_folded ? ic->last_us : INT64_MIN;
        uint64_t kept = ic ? ic->n_kept : 0;
        uint64_t cap = fc->kind == RG_KIND_LOG ? RG_LOGSUM_KEEP : RG_LOGSUM_KEEP_CHAT;
        if (fc->n_kept && kept + fc->n_kept > cap) {
            /* Some handed-back lines will fold in `into`: all of them must
             * come before from's first folded line. */
            if (fc->kept_last_line > fc->line)
                return 1;
            if (fc->kept_last_us > bound)
                bound = fc->kept_last_us;
        }
        if (fc->first_us < bound)
            return 1;
    }
    return 0;
}

static int cmp_seq(const void *pa, const void *pb)
{
    const rg_logsum_cluster *a = *(rg_logsum_cluster *const *)pa,
                            *b = *(rg_logsum_cluster *const *)pb;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A string of from's arena in into's: NULL stays NULL. */
static int copy_str(rg_arena *a, const char *s, const char **out)
{
    *out = s ? rg_arena_strdup(a, s) : NULL;
    return s && !*out ? -1 : 0;
}

/* An origin of from's, its line shifted. */
static const char *shifted_origin(rg_arena *a, const char *rel, long line, long base)
{
    return line > 0 ? rg_origin(a, rel, line + base) : rel;
}

static int merge_cluster(rg_logsum *into, const rg_logsum_cluster *fc, long base, const char *rel)
{
    rg_logsum_cluster *ic =
        cluster_for(into, fc->key, fc->source, fc->source_name, fc->type, fc->kind);
    if (!ic)
        return -1;
    if (ic->n_folded == 0) { /* from's first folded line is the cluster's */
        ic->line = fc->line > 0 ? fc->line + base : 0;
        ic->origin = shifted_origin(into->arena, rel, fc->line, base);
        if (copy_str(into->arena, fc->text, &ic->text) != 0 ||
            copy_str(into->arena, fc->actor, &ic->actor) != 0 || !ic->origin)
            return -1;
        ic->first_us = fc->first_us;
        ic->last_us = fc->last_us;
    } else {
        if (fc->first_us < ic->first_us)
            ic->first_us = fc->first_us;
        if (fc->last_us > ic->last_us)
            ic->last_us = fc->last_us;
    }
    if (ic->n_runs + fc->n_runs > ic->cap_runs) {
        size_t cap = ic->n_runs + fc->n_runs;
        rg_logsum_run *v = rg_realloc(ic->runs, cap * sizeof(*v));
        if (!v)
            return -1;
        ic->runs = v;
        ic->cap_runs = cap;
    }
    for (size_t k = 0; k < fc->n_runs; k++) {
        const rg_logsum_run *fr = &fc->runs[k];
        rg_logsum_run *last = ic->n_runs ? &ic->runs[ic->n_runs - 1] : NULL;
        /* from's lines all come after the cluster's (rg_logsum_merge_check):
         * its first run joins the last one as its first line would have. */
        if (k == 0 && last && fr->first_us - last->last_us <= RG_LOGSUM_GAP_US) {
            last->n += fr->n;
            if (fr->last_us > last->last_us)
                last->last_us = fr->last_us;
            continue;
        }
        rg_logsum_run r = *fr;
        r.line = fr->line > 0 ? fr->line + base : 0;
        r.origin = shifted_origin(into->arena, rel, fr->line, base);
        if (copy_str(into->arena, fr->text, &r.text) != 0 || !r.origin)
            return -1;
        ic->runs[ic->n_runs++] = r;
    }
    ic->n_folded += fc->n_folded;
    return 0;
}

/* The minute's first and last lines widened to from's: by time, then by
 * reading order (lines of the file being read by number; a file read before
 * comes first), which is what one reading in file order gives. */
static void merge_minute(rg_logsum_minute *im, const rg_logsum_minute *fm, long base)
{
    long first = fm->first_line > 0 ? fm->first_line + base : 0;
    long last = fm->last_line > 0 ? fm->last_line + base : 0;
    if (fm->n_folded + fm->n_repeated > 0) {
        int none = im->n_folded + im->n_repeated == 0;
        if (none || fm->first_us < im->first_us ||
            (fm->first_us == im->first_us && fm->first_path == im->first_path &&
             first < im->first_line)) {
            im->first_us = fm->first_us;
            im->first_path = fm->first_path;
            im->first_line = first;
        }
        if (none || fm->last_us > im->last_us ||
            (fm->last_us == im->last_us &&
             !(fm->last_path == im->last_path && last < im->last_line))) {
            im->last_us = fm->last_us;
            im->last_path = fm->last_path;
            im->last_line = last;
        }
    }
    im->n += fm->n;
    im->n_folded += fm->n_folded;
    im->n_repeated += fm->n_repeated;
}

int rg_logsum_merge(rg_logsum *into, const rg_logsum *from, long line_base, const char *rel,
                    int take_last)
{
    size_t n = 0;
    const rg_logsum_cluster **order =
        rg_malloc((from->n_clusters ? from->n_clusters : 1) * sizeof(*order));
    if (!order)
        return -1;
    for (size_t i = 0; i < from->cap_clusters; i++)
        if (from->clusters[i].key && from->clusters[i].n_folded)
            order[n++] = &from->clusters[i];
    /* New clusters are numbered in the order from met them. */
    qsort(order, n, sizeof(*order), cmp_seq);
    for (size_t i = 0; i < n; i++)
        if (merge_cluster(into, order[i], line_base, rel) != 0) {
            rg_free(order);
            return -1;
        }
    rg_free(order);
    for (size_t i = 0; i < from->cap_minutes; i++) {
        const rg_logsum_minute *fm = &from->minutes[i];
        if (!fm->used || fm->n + fm->n_folded + fm->n_repeated == 0)
            continue;
        rg_logsum_minute *im = minute_slot(into, fm->minute, fm->source, fm->level);
        if (!im)
            return -1;
        merge_minute(im, fm, line_base);
    }
    into->n_lines += from->n_lines;
    into->n_folded += from->n_folded;
    if (take_last && from->last.has) {
        into->last = from->last;
        into->last.rel = rel;
        if (into->last.line > 0)
            into->last.line += line_base;
    }
    return 0;
}
