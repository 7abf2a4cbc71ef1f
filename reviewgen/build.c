/* build.c -- runs one incident through the pipeline: small sources first to
 * find the incident window, then the logs streamed and cut to it (README,
 * "How it works" and "The incident window"). */
#include "build.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "recognition.h"

/* Margin around the first and last alert, page or chat event. */
#define WINDOW_MARGIN_US (INT64_C(3600) * 1000000)

/* A log file read beside another of its format (README, "Evidence of any
 * size"): its in-window time range (its whole range without a window),
 * measured by a first read, and the parts of it that other files' ranges
 * cover (arena arrays).
 * Lines timed inside those parts are hashed (rg_logsum_overlap_dup). */
struct rg_overlap_file {
    const char *path; /* borrowed from its source */
    const rg_importer *importer;
    int64_t first_us, last_us; /* first_us > last_us: no line in the window */
    rg_span *zones;            /* disjoint, in time order */
    size_t n_zones;
};

typedef struct collector {
    rg_build *b;
    rg_found_source *s;
    size_t prefix_len; /* strlen(dir) + 1: stripped from origins */
    const rg_build_opts *opts;
    const char *rel;                  /* the file being read, as origins name it */
    int copy;                         /* the file is a whole copy of one read before */
    const struct rg_overlap_file *ov; /* the file's overlaps, or NULL */
    uint32_t ov_id;                   /* its number for rg_logsum_overlap_dup */
    /* The instants of records fold() checked in an overlap and let through
     * to be kept, until emit() sees their events: the timeline must not
     * check them again. A few, since an importer may offer the next record
     * before it emits one (textlog's multi-line records). */
    int64_t checked[8];
    unsigned n_checked;
    /* fold() counted the record last offered as a copy's: a repeat of it
     * ("last message repeated N times") stands for N more copies. */
    int last_copy;
} collector;

/* README, "Evidence of any size": the log lines and bot messages the
 * summary folds are counted, not kept. */
static int fold(rg_sink *sink, const rg_foldable *f)
{
    collector *c = sink->ctx;
    rg_build *b = c->b;
    c->last_copy = 1;
    if (c->copy) { /* every record of a copy was read before */
        c->s->n_copied++;
        b->logsum.n_copied++;
        return 0;
    }
    /* Where another file of the format covers the same time, the record is
     * checked by the hash of its identity: one read before counts as a
     * copy's. A kept one is then not checked again by the timeline (emit). */
    int checked = f->raw && f->raw_len && rg_sink_wants_ident(sink, f->at_us);
    if (checked) {
        int dup = rg_logsum_overlap_dup(&b->logsum, f->raw, f->raw_len, c->ov_id);
        if (dup < 0)
            return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
        if (dup) {
            c->s->n_copied++;
            b->logsum.n_copied++;
            return 0;
        }
    }
    c->last_copy = 0;
    int rc = rg_logsum_fold(&b->logsum, (size_t)(c->s - b->sources), c->s->src.name, c->rel, f);
    if (rc < 0)
        return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
    if (rc == 0)
        c->s->n_folded++;
    if (rc == 1 && checked) {
        if (c->n_checked == sizeof(c->checked) / sizeof(c->checked[0]))
            memmove(c->checked, c->checked + 1, --c->n_checked * sizeof(c->checked[0]));
        c->checked[c->n_checked++] = f->at_us;
    }
    return rc;
}

/* 1 (and forgotten) when fold() checked a kept record at at_us. */
static int was_checked(collector *c, int64_t at_us)
{
    for (unsigned i = 0; i < c->n_checked; i++)
        if (c->checked[i] == at_us) {
            memmove(c->checked + i, c->checked + i + 1,
                    (--c->n_checked - i) * sizeof(c->checked[0]));
            return 1;
        }
    return 0;
}

/* A repeat of a copy's line (a whole-file copy's, or one read before in an
 * overlap) stands for n lines of the copy, which the original's repeat
 * counted: n more duplicates, as the line itself is one, so a copy's
 * sources[].events and stats.duplicates count every line it stands for. */
static void fold_repeat(rg_sink *sink, long n)
{
    collector *c = sink->ctx;
    if (c->last_copy) {
        c->s->n_copied += (uint64_t)n;
        c->b->logsum.n_copied += (uint64_t)n;
        return;
    }
    c->s->n_folded += rg_logsum_repeat(&c->b->logsum, (uint64_t)n);
}

/* ---- a log file read on two threads (importer.h, rg_sink.shard_open) ---- */

typedef struct shard {
    /* Padding on both sides: the shard is allocated on the main thread,
     * beside its own allocations, and the thread writes it for every line. */
    char pad_before[128];
    rg_sink sink; /* the thread's */
    /* The main thread's source, as fold() gives it, copied: read through
     * the collector for every line, on cache lines the main thread writes
     * for every line (n_folded, last_copy), it made the thread's half of a
     * 1 GiB syslog take up to 1.24 s where it takes 0.82 s now. */
    size_t source;
    const char *source_name, *rel;
    rg_logsum sum;
    rg_arena *arena;
    rg_diag diag;
    uint64_t n_folded;
    char pad_after[128];
} shard;

static shard *shard_of(rg_sink *sink)
{
    return (shard *)(void *)((char *)sink - offsetof(shard, sink));
}

static int shard_fold(rg_sink *sink, const rg_foldable *f)
{
    shard *sh = shard_of(sink);
    int rc = rg_logsum_fold(&sh->sum, sh->source, sh->source_name, sh->rel, f);
    if (rc == 0)
        sh->n_folded++;
    return rc; /* -1: the thread fails and its part is read again */
}

static void shard_fold_repeat(rg_sink *sink, long n)
{
    shard *sh = shard_of(sink);
    sh->n_folded += rg_logsum_repeat(&sh->sum, (uint64_t)n);
}

static int shard_emit(rg_sink *sink, rg_event *ev)
{
    (void)sink;
    (void)ev;
    return -1; /* never called: a line to keep is handed back */
}

static void shard_close(rg_sink *sink, rg_sink *s)
{
    (void)sink;
    if (!s)
        return;
    shard *sh = shard_of(s);
    rg_logsum_free(&sh->sum);
    rg_arena_free(sh->arena);
    rg_diag_free(&sh->diag);
    rg_free(sh);
}

/* Only a file whose every record is folded or kept by the summary alone:
 * not a copy, nor one that overlaps another (whose records are checked by
 * their identity, in file order). */
static rg_sink *shard_open(rg_sink *sink)
{
    collector *c = sink->ctx;
    if (c->copy || c->ov || !sink->fold)
        return NULL;
    shard *sh = rg_calloc(1, sizeof(*sh));
    if (!sh)
        return NULL;
    sh->arena = rg_arena_new();
    if (!sh->arena) {
        rg_free(sh);
        return NULL;
    }
    sh->source = (size_t)(c->s - c->b->sources);
    sh->source_name = c->s->src.name;
    sh->rel = c->rel;
    rg_diag_init(&sh->diag);
    rg_logsum_init(&sh->sum, sh->arena);
    sh->sum.shard = 1;
    sh->sink.arena = sh->arena;
    sh->sink.diag = &sh->diag;
    sh->sink.emit = shard_emit;
    sh->sink.ctx = sh;
    sh->sink.has_window = sink->has_window;
    sh->sink.from_us = sink->from_us;
    sh->sink.to_us = sink->to_us;
    sh->sink.fold = shard_fold;
    sh->sink.fold_repeat = shard_fold_repeat;
    return &sh->sink;
}

static int shard_check(rg_sink *sink, rg_sink *s)
{
    collector *c = sink->ctx;
    return rg_logsum_merge_check(&c->b->logsum, &shard_of(s)->sum);
}

static int shard_merge(rg_sink *sink, rg_sink *s, long line_base, int take_last)
{
    collector *c = sink->ctx;
    shard *sh = shard_of(s);
    if (rg_logsum_merge(&c->b->logsum, &sh->sum, line_base, c->rel, take_last) != 0)
        return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
    c->s->n_folded += sh->n_folded;
    c->last_copy = 0;
    sink->n_outside += s->n_outside;
    return 0;
}

static int emit(rg_sink *sink, rg_event *ev)
{
    collector *c = sink->ctx;
    rg_build *b = c->b;
    if (b->n_events == b->cap_events) {
        size_t cap = b->cap_events ? b->cap_events * 2 : 1024;
        rg_event **e = rg_realloc(b->events, cap * sizeof(*e));
        if (!e)
            return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
        b->events = e;
        b->cap_events = cap;
    }
    /* Origins name the file relative to the incident folder, so reviews and
     * the store do not depend on where the folder was when it was built. */
    if (ev->origin && strncmp(ev->origin, c->s->path, c->prefix_len) == 0)
        ev->origin += c->prefix_len;
    if (!ev->source)
        ev->source = c->s->src.name;
    if (!ev->type)
        ev->type = rg_kind_name(ev->kind);
    if (!ev->text)
        ev->text = "";
    if (!ev->time_text)
        ev->time_text = "";
    if (!ev->origin)
        ev->origin = c->s->rel;
    /* Two formats may use the same ids, and one record can give several
     * events (an alert's firing and resolution): the identity is the
     * importer's id of the record, within its format and event type. */
    if (ev->ident) {
        uint64_t h = rg_hash(ev->ident, c->s->importer->name, strlen(c->s->importer->name) + 1);
        h = rg_hash(h, ev->type, strlen(ev->type));
        ev->ident = h ? h : 1;
    }
    /* Checked by fold(): the timeline, which counts a line's copies per
     * file, must not count it again. An identity of the format's own (a
     * journal cursor) stays: one record however often read, the timeline's
     * rule for it, which fold()'s choice already agrees with. */
    if (c->n_checked && was_checked(c, ev->at_us) && ev->ident_is_line)
        ev->ident = 0;
    ev->seq = b->n_events;
    ev->count = 1;
    b->events[b->n_events++] = ev;
    c->s->n_events++;
    return 0;
}

/* A series read twice (the same export given twice, overlapping exports) is
 * one series: same format, same name and labels. */
static rg_series *same_series(rg_build *b, const rg_series *s)
{
    for (size_t i = 0; i < b->n_series; i++)
        if (b->series[i]->key_hash == s->key_hash && strcmp(b->series[i]->key, s->key) == 0 &&
            strcmp(b->series[i]->format, s->format) == 0)
            return b->series[i];
    return NULL;
}

static int emit_series(rg_sink *sink, rg_series *s, const rg_sample *samples, size_t n)
{
    collector *c = sink->ctx;
    rg_build *b = c->b;
    if (s->origin && strncmp(s->origin, c->s->path, c->prefix_len) == 0)
        s->origin += c->prefix_len;
    if (!s->origin)
        s->origin = c->s->rel;
    if (!s->name)
        s->name = "";
    s->source = c->s->src.name;
    s->format = c->s->importer->name;
    s->source_index = (size_t)(c->s - b->sources);
    s->key = rg_series_key_text(b->arena, s);
    if (s->key)
        s->key_hash = rg_hash(rg_hash(RG_HASH_INIT, s->key, strlen(s->key) + 1), s->format,
                              strlen(s->format));
    if (!s->key || rg_series_set_samples(b->arena, s, samples, n, sink->has_window, sink->from_us,
                                         sink->to_us) != 0)
        return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
    c->s->n_samples += s->n_samples;
    c->s->n_samples_outside += s->n_outside;
    c->s->n_series++;
    rg_series *twin = same_series(b, s);
    if (twin) {
        if (rg_series_merge(b->arena, twin, s) != 0)
            return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
        b->n_series_merged++;
        return 0;
    }
    if (b->n_series == b->cap_series) {
        size_t cap = b->cap_series ? b->cap_series * 2 : 16;
        rg_series **v = rg_realloc(b->series, cap * sizeof(*v));
        if (!v)
            return rg_diag_error(sink->diag, c->s->path, 0, 0, "out of memory");
        b->series = v;
        b->cap_series = cap;
    }
    s->display = s->key;
    b->series[b->n_series++] = s;
    return 0;
}

static void progress(rg_sink *sink, uint64_t done, uint64_t total)
{
    collector *c = sink->ctx;
    if (c->opts->progress)
        c->opts->progress(c->opts->progress_ctx, c->s->rel, done, total);
}

/* The instant year-less times of s->src.path are placed nearest. */
static void set_ref(const rg_build *b, rg_found_source *s)
{
    if (b->has_window) {
        s->src.ref_us = b->window_from_us + (b->window_to_us - b->window_from_us) / 2;
        s->src.ref_what = NULL;
    } else if (b->evidence_what) {
        /* No window (logs only): year-less times are placed nearest what
         * the sources with years say (README, "Time"). */
        s->src.ref_us = b->evidence_us;
        s->src.ref_what = b->evidence_what;
    } else {
        /* Nor any evidence: nearest the file's modification time, which
         * is when it was last written. */
        struct stat st;
        if (stat(s->src.path, &st) == 0)
            s->src.ref_us = (int64_t)st.st_mtime * 1000000;
        s->src.ref_what = "the file's modification time";
    }
}

static int import(rg_build *b, rg_found_source *s, const rg_build_opts *opts, int window_cut)
{
    collector c = {
        .b = b, .s = s, .prefix_len = strlen(opts->dir) + 1, .opts = opts, .rel = s->rel};
    rg_sink sink = {0};
    sink.arena = b->arena;
    sink.fold = fold;
    sink.fold_repeat = fold_repeat;
    sink.shard_open = shard_open;
    sink.shard_check = shard_check;
    sink.shard_merge = shard_merge;
    sink.shard_close = shard_close;
    sink.diag = b->diag;
    sink.emit = emit;
    sink.emit_series = emit_series;
    sink.ctx = &c;
    sink.progress = progress;
    sink.csv = s->csv;
    if (window_cut && b->has_window) {
        sink.has_window = 1;
        sink.from_us = b->window_from_us;
        sink.to_us = b->window_to_us;
    }
    /* The rotated pieces of one log are read oldest first, each as the same
     * source (README, "Compressed and rotated logs"). */
    size_t np = s->n_pieces ? s->n_pieces : 1;
    int rc = 0;
    for (size_t k = 0; k < np && rc == 0; k++) {
        s->src.path = s->n_pieces ? s->pieces[k] : s->path;
        c.rel = s->n_pieces ? s->piece_rels[k] : s->rel;
        c.copy = 0;
        if (s->importer->kind == RG_KIND_LOG && sink.fold) {
            c.copy = rg_logsum_file_is_copy(&b->logsum, s->src.path);
            if (c.copy < 0)
                return rg_diag_error(b->diag, s->path, 0, 0, "out of memory");
        }
        c.ov = NULL;
        c.n_checked = 0;
        c.last_copy = 0;
        for (size_t i = 0; i < b->n_overlap; i++)
            if (b->overlap[i].path == s->src.path && b->overlap[i].n_zones) {
                c.ov = &b->overlap[i];
                c.ov_id = (uint32_t)i + 1;
            }
        sink.overlaps = c.ov ? c.ov->zones : NULL;
        sink.n_overlaps = c.ov ? c.ov->n_zones : 0;
        set_ref(b, s);
        rc = s->importer->parse(&s->src, &sink);
    }
    s->src.path = s->path;
    s->n_outside += sink.n_outside;
    b->n_outside += sink.n_outside;
    s->seek = sink.seek;
    if (rc != 0 && !b->diag->has_error)
        rg_diag_error(b->diag, s->path, 0, 0, "could not be read");
    return rc;
}

static int zone_cmp(const void *a, const void *b)
{
    int64_t x = ((const rg_span *)a)->from, y = ((const rg_span *)b)->from;
    return (x > y) - (x < y);
}

/* The first read of learn_overlaps: every in-window record's instant widens
 * the file's range; nothing is kept or folded. */
static void widen(struct rg_overlap_file *f, int64_t at_us)
{
    if (at_us < f->first_us)
        f->first_us = at_us;
    if (at_us > f->last_us)
        f->last_us = at_us;
}

static int range_fold(rg_sink *sink, const rg_foldable *f)
{
    widen(sink->ctx, f->at_us);
    return 0;
}

static int range_emit(rg_sink *sink, rg_event *ev)
{
    widen(sink->ctx, ev->at_us);
    return 0;
}

/* A sorted log file's span from its probed pages (rg_sink.range). */
static void range_span(rg_sink *sink, int64_t first_us, int64_t last_us)
{
    widen(sink->ctx, first_us);
    widen(sink->ctx, last_us);
}

/* Which files a call of learn_overlaps measures: mapped CSV (read before the
 * window is known, so over their whole range), the streamed logs, and
 * without a window the year-less logs apart (their year comes from the
 * others' evidence, found between the two reads of logs). */
enum { LEARN_CSV, LEARN_LOGS, LEARN_YEARLESS };

static int learns(const rg_build *b, const rg_found_source *s, int which)
{
    if (which == LEARN_CSV)
        return !s->importer->streams && s->csv && strcmp(s->importer->name, "csv") == 0;
    if (!s->importer->streams || s->importer->kind != RG_KIND_LOG)
        return 0;
    if (b->has_window)
        return which == LEARN_LOGS;
    return (which == LEARN_YEARLESS) == (s->importer->yearless != 0);
}

/* README, "Evidence of any size": before the logs are read, the log files
 * of a format that has two or more are read once for their in-window time
 * range (their whole range without a window; exact for unsorted files; a
 * sorted file in a window is entered by seek, so only its window is read,
 * and without a window a sorted plain file is probed, not read: rg_sink.range),
 * and each file gets the parts of its range that another file of the format
 * covers. A folder whose formats have one log file each reads nothing more.
 * The files are added to b->overlap. 0, -1 when out of memory. */
static int learn_overlaps(rg_build *b, int which)
{
    size_t n = 0;
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        if (learns(b, s, which))
            n += s->n_pieces ? s->n_pieces : 1;
    }
    if (n < 2)
        return 0;
    struct rg_overlap_file *all = rg_realloc(b->overlap, (b->n_overlap + n) * sizeof(*all));
    if (!all)
        return rg_diag_error(b->diag, NULL, 0, 0, "out of memory");
    b->overlap = all;
    struct rg_overlap_file *files = all + b->n_overlap;
    memset(files, 0, n * sizeof(*files));
    b->n_overlap += n;
    size_t k = 0;
    for (size_t i = 0; i < b->n_sources; i++) {
        rg_found_source *s = &b->sources[i];
        if (!learns(b, s, which))
            continue;
        for (size_t p = 0; p < (s->n_pieces ? s->n_pieces : 1); p++, k++) {
            files[k].path = s->n_pieces ? s->pieces[p] : s->path;
            files[k].importer = s->importer;
            files[k].first_us = INT64_MAX;
            files[k].last_us = INT64_MIN;
        }
    }
    k = 0;
    for (size_t i = 0; i < b->n_sources; i++) {
        rg_found_source *s = &b->sources[i];
        if (!learns(b, s, which))
            continue;
        size_t np = s->n_pieces ? s->n_pieces : 1;
        size_t same = 0;
        for (size_t j = 0; j < n; j++)
            same += files[j].importer == s->importer;
        if (same < 2) { /* alone in its format: not read twice */
            k += np;
            continue;
        }
        for (size_t p = 0; p < np; p++, k++) {
            rg_arena *scratch = rg_arena_new();
            if (!scratch)
                return rg_diag_error(b->diag, NULL, 0, 0, "out of memory");
            rg_diag quiet; /* its warnings come with the real read */
            rg_diag_init(&quiet);
            rg_sink sink = {0};
            sink.arena = scratch;
            sink.diag = &quiet;
            sink.fold = range_fold;
            sink.emit = range_emit;
            sink.ctx = &files[k];
            sink.csv = s->csv;
            if (b->has_window && which != LEARN_CSV) {
                sink.has_window = 1;
                sink.from_us = b->window_from_us;
                sink.to_us = b->window_to_us;
            } else {
                sink.range = range_span; /* a sorted file: its first and last pages */
            }
            s->src.path = files[k].path;
            set_ref(b, s);
            if (s->importer->parse(&s->src, &sink) != 0) { /* the real read reports it */
                files[k].first_us = INT64_MIN;
                files[k].last_us = INT64_MAX;
            }
            s->src.path = s->path;
            rg_diag_free(&quiet);
            rg_arena_free(scratch);
        }
    }
    /* The parts of each range that another file of the format covers: the
     * intersections with the other files' ranges, merged, so memory and the
     * per-line check follow the distinct overlaps, not the number of files. */
    for (size_t i = 0; i < n; i++) {
        struct rg_overlap_file *f = &files[i];
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            m += j != i && files[j].importer == f->importer && f->first_us <= f->last_us &&
                 files[j].first_us <= f->last_us && files[j].last_us >= f->first_us;
        if (!m)
            continue;
        f->zones = rg_arena_alloc(b->arena, m * sizeof(*f->zones));
        if (!f->zones)
            return rg_diag_error(b->diag, NULL, 0, 0, "out of memory");
        for (size_t j = 0; j < n; j++) {
            if (j == i || files[j].importer != f->importer)
                continue;
            int64_t from = f->first_us > files[j].first_us ? f->first_us : files[j].first_us;
            int64_t to = f->last_us < files[j].last_us ? f->last_us : files[j].last_us;
            if (from <= to)
                f->zones[f->n_zones++] = (rg_span){from, to};
        }
        qsort(f->zones, f->n_zones, sizeof(*f->zones), zone_cmp);
        size_t kept = 1;
        for (size_t z = 1; z < f->n_zones; z++) {
            if (f->zones[z].from <= f->zones[kept - 1].to) {
                if (f->zones[z].to > f->zones[kept - 1].to)
                    f->zones[kept - 1].to = f->zones[z].to;
            } else {
                f->zones[kept++] = f->zones[z];
            }
        }
        f->n_zones = kept;
    }
    return 0;
}

static int emit_metric_event(void *ctx, rg_event *ev)
{
    collector *c = ctx;
    rg_sink sink = {0};
    sink.diag = c->b->diag;
    sink.ctx = c;
    return emit(&sink, ev);
}

/* The display name of a series a rule matched: the rule's name, with the
 * labels the rule left open when it matched more than one series
 * ("checkout 5xx ratio (instance=\"a:9090\")"). */
static const char *display_name(rg_arena *a, const rg_series *s, const rg_metric_rule *r,
                                size_t n_matched)
{
    if (n_matched <= 1)
        return r->series;
    rg_buf buf = {0};
    int bad = rg_buf_printf(&buf, "%s (", r->series) != 0;
    size_t shown = 0;
    for (size_t i = 0; i < s->n_labels && !bad; i++) {
        size_t k;
        for (k = 0; k < r->n_match; k++)
            if (strcmp(r->match_keys[k], s->labels[i].name) == 0)
                break;
        if (k < r->n_match)
            continue;
        bad |= rg_buf_printf(&buf, "%s%s=\"%s\"", shown++ ? ", " : "", s->labels[i].name,
                             s->labels[i].value) != 0;
    }
    if (!shown && !bad)
        bad |= rg_buf_printf(&buf, "%s", s->origin) != 0;
    bad |= !bad && rg_buf_putc(&buf, ')') != 0;
    const char *out = bad ? NULL : rg_arena_strndup(a, buf.data, buf.len);
    rg_buf_free(&buf);
    return out;
}

/* README, "Metrics": each manifest threshold names the series it matches
 * (the first rule that matches a series wins) and their crossings become
 * events of the series' source. A rule that matches nothing is a warning at
 * its place in incident.json. */
static int apply_metric_rules(rg_build *b, const rg_build_opts *opts)
{
    const rg_manifest *m = &b->manifest;
    for (size_t r = 0; r < m->n_metrics; r++) {
        const rg_metric_rule *rule = &m->metrics[r];
        size_t matched = 0, taken = 0;
        for (size_t i = 0; i < b->n_series; i++)
            if (rg_series_match(b->series[i], rule)) {
                matched++;
                taken += b->series[i]->rule == NULL;
            }
        if (matched == 0) {
            rg_diag_warn(b->diag, m->path, rule->line, rule->col, "metric-unmatched",
                         "no series matches the metric '%s'; its threshold is not applied",
                         rule->series);
            continue;
        }
        if (taken < matched)
            rg_diag_warn(b->diag, m->path, rule->line, rule->col, "metric-overlap",
                         "%zu of the series the metric '%s' matches were matched by an earlier "
                         "metric, which applies to them",
                         matched - taken, rule->series);
        for (size_t i = 0; i < b->n_series; i++) {
            rg_series *s = b->series[i];
            if (s->rule || !rg_series_match(s, rule))
                continue;
            s->rule = rule;
            s->display = display_name(b->arena, s, rule, taken);
            if (!s->display || rg_series_crossings(b->arena, s) != 0)
                return rg_diag_error(b->diag, NULL, 0, 0, "out of memory");
            collector c = {.b = b,
                           .s = &b->sources[s->source_index],
                           .prefix_len = strlen(opts->dir) + 1,
                           .opts = opts};
            if (rg_series_events(b->arena, s, emit_metric_event, &c) != 0)
                return b->diag->has_error ? -1
                                          : rg_diag_error(b->diag, NULL, 0, 0, "out of memory");
        }
    }
    return 0;
}

/* The manifest's "events": lines the lead adds that no export holds. They
 * join the timeline like any event (a hand-added page.acknowledged can be
 * evidence for a milestone), marked manual, with the manifest line as their
 * origin, and are never folded with another record. */
/* origin ("<dir>/incident.json:LINE") as the review's folder names it
 * ("incident.json:LINE"): an origin in the model names its file relative to
 * the incident folder, as every source's does, so a review does not depend on
 * the path the folder was built from. */
static const char *folder_relative(const char *origin, const char *dir)
{
    size_t n = strlen(dir);
    return origin && strncmp(origin, dir, n) == 0 && origin[n] == '/' ? origin + n + 1 : origin;
}

static int add_manual_events(rg_build *b, const char *dir)
{
    const rg_manifest *m = &b->manifest;
    for (size_t i = 0; i < m->n_events; i++) {
        const rg_manual_event *me = &m->events[i];
        rg_event *ev = rg_event_new(b->arena);
        if (!ev)
            return rg_diag_error(b->diag, m->path, 0, 0, "out of memory");
        ev->at_us = me->at_us;
        ev->kind = me->kind;
        ev->type = me->type;
        ev->source = "added by hand";
        ev->actor = me->actor;
        ev->human = 1;
        ev->text = me->text;
        ev->origin = folder_relative(me->origin, dir);
        ev->time_text = me->time_text;
        ev->manual = 1;
        if (b->n_events == b->cap_events) {
            size_t cap = b->cap_events ? b->cap_events * 2 : 1024;
            rg_event **e = rg_realloc(b->events, cap * sizeof(*e));
            if (!e)
                return rg_diag_error(b->diag, m->path, 0, 0, "out of memory");
            b->events = e;
            b->cap_events = cap;
        }
        ev->seq = b->n_events;
        ev->count = 1;
        b->events[b->n_events++] = ev;
    }
    return 0;
}

static int is_window_kind(rg_kind k)
{
    return k == RG_KIND_ALERT || k == RG_KIND_PAGE || k == RG_KIND_CHAT;
}

/* The source an event came from, by its origin ("rel:line" or
 * "rel/inner/file:line"), to keep per-source counts right after a cut. */
static rg_found_source *source_of(rg_build *b, const rg_event *ev)
{
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        for (size_t k = 0; k <= s->n_pieces; k++) {
            const char *rel = k < s->n_pieces ? s->piece_rels[k] : s->rel;
            size_t n = strlen(rel);
            if (strncmp(ev->origin, rel, n) == 0 &&
                (ev->origin[n] == ':' || ev->origin[n] == '/' || ev->origin[n] == '\0'))
                return &b->sources[i];
        }
    }
    return NULL;
}

static void count_outside(rg_build *b, const rg_event *ev)
{
    rg_found_source *s = source_of(b, ev);
    if (s) {
        s->n_events--;
        s->n_outside++;
    }
    b->n_outside++;
}

/* Keeps only status-page incidents that overlap the window, and widens the
 * window to take them in whole (README, "The incident window"). */
static void cut_status(rg_build *b)
{
    /* Spans per status-page incident, found by a pass over the events. */
    typedef struct span {
        const char *id;
        int64_t first, last;
        int keep;
    } span;
    size_t n_spans = 0;
    span *spans = rg_calloc(b->n_events ? b->n_events : 1, sizeof(*spans));
    if (!spans)
        return;
    for (size_t i = 0; i < b->n_events; i++) {
        rg_event *ev = b->events[i];
        if (ev->kind != RG_KIND_STATUS)
            continue;
        const char *id = rg_event_attr_get(ev, "status_incident");
        if (!id)
            id = "";
        size_t j;
        for (j = 0; j < n_spans; j++)
            if (strcmp(spans[j].id, id) == 0)
                break;
        if (j == n_spans) {
            spans[n_spans].id = id;
            spans[n_spans].first = spans[n_spans].last = ev->at_us;
            n_spans++;
        }
        if (ev->at_us < spans[j].first)
            spans[j].first = ev->at_us;
        if (ev->at_us > spans[j].last)
            spans[j].last = ev->at_us;
    }
    int64_t from = b->window_from_us, to = b->window_to_us;
    for (size_t j = 0; j < n_spans; j++) {
        spans[j].keep = !b->has_window || (spans[j].last >= from && spans[j].first <= to);
        if (!spans[j].keep) {
            b->n_status_incidents_skipped++;
            continue;
        }
        /* Widen only forwards, to the last post (README): a status page's
         * "scheduled" notice posted days before would otherwise pull the
         * window back by days. */
        if (b->has_window && !b->manifest.has_window && spans[j].last > b->window_to_us)
            b->window_to_us = spans[j].last;
    }
    size_t kept = 0;
    for (size_t i = 0; i < b->n_events; i++) {
        rg_event *ev = b->events[i];
        int keep = 1;
        if (ev->kind == RG_KIND_STATUS) {
            const char *id = rg_event_attr_get(ev, "status_incident");
            if (!id)
                id = "";
            for (size_t j = 0; j < n_spans; j++)
                if (strcmp(spans[j].id, id) == 0)
                    keep = spans[j].keep;
        }
        if (keep) {
            b->events[kept++] = ev;
        } else {
            b->n_status_updates_skipped++;
            count_outside(b, ev);
        }
    }
    b->n_events = kept;
    rg_free(spans);
}

/* The manifest's window cuts every source, not only the logs: the lead has
 * said what the incident is. */
static void cut_to_manifest_window(rg_build *b)
{
    size_t kept = 0;
    for (size_t i = 0; i < b->n_events; i++) {
        rg_event *ev = b->events[i];
        if (ev->at_us >= b->window_from_us && ev->at_us <= b->window_to_us)
            b->events[kept++] = ev;
        else
            count_outside(b, ev);
    }
    b->n_events = kept;
}

static void derive_window(rg_build *b)
{
    int any = 0;
    int64_t first = 0, last = 0;
    for (size_t i = 0; i < b->n_events; i++) {
        rg_event *ev = b->events[i];
        if (!is_window_kind(ev->kind))
            continue;
        if (!any || ev->at_us < first)
            first = ev->at_us;
        if (!any || ev->at_us > last)
            last = ev->at_us;
        any = 1;
    }
    if (!any)
        return;
    b->has_window = 1;
    b->window_from_us = first - WINDOW_MARGIN_US;
    b->window_to_us = last + WINDOW_MARGIN_US;
    b->window_rule = "an hour before the first alert, page or chat event to an hour after the "
                     "last, widened to the status-page incidents that overlap it";
}

/* The instant the events read so far point at: the middle of their span,
 * and which sources they came from (for the "no-year" warning). Nothing when
 * there are no events. */
static void find_evidence(rg_build *b)
{
    int any = b->n_events > 0;
    int64_t lo = any ? b->events[0]->at_us : 0, hi = lo;
    for (size_t i = 1; i < b->n_events; i++) {
        if (b->events[i]->at_us < lo)
            lo = b->events[i]->at_us;
        if (b->events[i]->at_us > hi)
            hi = b->events[i]->at_us;
    }
    /* lines folded so far are evidence too (README, "Evidence of any size") */
    for (size_t i = 0; i < b->logsum.cap_clusters; i++) {
        const rg_logsum_cluster *c = &b->logsum.clusters[i];
        if (!c->key || !c->n_folded)
            continue;
        if (!any || c->first_us < lo)
            lo = c->first_us;
        if (!any || c->last_us > hi)
            hi = c->last_us;
        any = 1;
    }
    if (!any)
        return;
    rg_buf names = {0};
    size_t listed = 0, more = 0;
    for (size_t i = 0; i < b->n_sources; i++) {
        if (b->sources[i].n_events == 0 && b->sources[i].n_folded == 0)
            continue;
        if (listed < 3 && rg_buf_printf(&names, "%s%s", listed ? ", " : "", b->sources[i].rel) == 0)
            listed++;
        else
            more++;
    }
    if (more)
        rg_buf_printf(&names, " and %zu more", more);
    b->evidence_us = lo + (hi - lo) / 2;
    b->evidence_what =
        rg_arena_printf(b->arena, "the other sources' evidence (%s)", names.data ? names.data : "");
    rg_buf_free(&names);
}

/* Stops a probe after its first event (see probe_first). */
typedef struct probe {
    rg_event *first;
} probe;

static int probe_emit(rg_sink *sink, rg_event *ev)
{
    ((probe *)sink->ctx)->first = ev;
    return -1; /* enough: the importer stops as it would when out of memory */
}

/* Reads a source again, uncut, up to its first event, in an arena and diag of
 * its own: how its times were read when none was kept. 1 when an event came. */
static int probe_first(const rg_found_source *s, char *time_text, size_t cap, int64_t *at_us)
{
    rg_arena *a = rg_arena_new();
    if (!a)
        return 0;
    rg_diag d;
    rg_diag_init(&d);
    probe pr = {NULL};
    rg_sink sink = {0};
    sink.arena = a;
    sink.diag = &d;
    sink.emit = probe_emit;
    sink.ctx = &pr;
    s->importer->parse(&s->src, &sink);
    int got = pr.first != NULL;
    if (got) {
        snprintf(time_text, cap, "%s", pr.first->time_text ? pr.first->time_text : "");
        *at_us = pr.first->at_us;
    }
    rg_diag_free(&d);
    rg_arena_free(a);
    return got;
}

int rg_build_source_zone_assumed(const rg_build *b, size_t i)
{
    if (i >= b->n_sources || b->sources[i].src.zone_explicit)
        return 0;
    char tt[256];
    int64_t at;
    return probe_first(&b->sources[i], tt, sizeof(tt), &at) && strstr(tt, " assumed)") != NULL;
}

/* README, "The incident window": a source none of whose events was kept gets
 * a warning that says why when it can, above all when its times carry no zone
 * and UTC was assumed (a syslog written in local time falls hours off). */
static void warn_all_outside(rg_build *b)
{
    if (!b->has_window)
        return;
    char f[32], t[32], first[32], tt[256];
    for (size_t i = 0; i < b->n_sources; i++) {
        rg_found_source *s = &b->sources[i];
        if (s->n_events != 0 || s->n_folded != 0 || s->n_outside == 0)
            continue;
        int64_t at = 0;
        int got = probe_first(s, tt, sizeof(tt), &at);
        int assumed = got && !s->src.zone_explicit && strstr(tt, " assumed)") != NULL;
        rg_diag_warn(
            b->diag, s->path, 0, 0, "all-outside",
            "all %llu events are outside the window (%s to %s UTC)%s%s%s; %s",
            (unsigned long long)s->n_outside, rg_time_format(b->window_from_us, f),
            rg_time_format(b->window_to_us, t), got ? ", the first at " : "",
            got ? rg_time_format(at, first) : "", got ? " UTC" : "",
            assumed ? "its times carry no zone and UTC was assumed: set \"timezone\" in "
                      "incident.json (or in its source entry)"
                    : "is it from another incident, or does its clock need an \"offset\" in its "
                      "source entry?");
    }
}

/* README, "The incident window": a window longer than the policy (7 days by
 * default) usually means exports from different incidents are mixed. The
 * finding goes with the metrics (computed again after an edit); the warning
 * is said once, by rg_build_run (warn). */
static int check_window_length(rg_build *b, int warn)
{
    if (!b->has_window || b->window_to_us - b->window_from_us <= b->manifest.max_window_us)
        return 0;
    char f[32], t[32], len[48], max[48];
    rg_time_format(b->window_from_us, f);
    rg_time_format(b->window_to_us, t);
    rg_duration_format((b->window_to_us - b->window_from_us) / 1000000, len);
    rg_duration_format(b->manifest.max_window_us / 1000000, max);
    const char *text = rg_arena_printf(
        b->arena,
        "The incident window runs %s, from %s to %s, longer than the %s an incident is expected "
        "to take (\"max_window\" in the manifest's policy): the sources may come from different "
        "incidents. Check each source's first and last event, or set \"window\" in "
        "incident.json.",
        len, f, t, max);
    if (!text)
        return -1;
    if (warn)
        rg_diag_warn(b->diag, b->manifest.path ? b->manifest.path : "incident.json", 0, 0,
                     "window-too-long", "%s", text);
    return rg_metrics_add_finding(&b->metrics, b->arena, "window-too-long", text, NULL);
}

static int compute(rg_build *b, int warn, rg_diag *diag);

int rg_build_run(rg_build *b, const rg_build_opts *given, rg_diag *diag)
{
    memset(b, 0, sizeof(*b));
    b->diag = diag;
    b->arena = rg_arena_new();
    if (!b->arena)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    rg_logsum_init(&b->logsum, b->arena);
    /* "inc-7/" and "inc-7" are the same folder: without the trailing slashes,
     * paths joined below never hold "//". */
    rg_build_opts o = *given;
    const rg_build_opts *opts = &o;
    size_t dl = strlen(given->dir);
    while (dl > 1 && given->dir[dl - 1] == '/')
        dl--;
    o.dir = rg_arena_strndup(b->arena, given->dir, dl);
    if (!o.dir)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    b->dir = o.dir;
    /* The folder's name is the id when the manifest gives none. */
    const char *base = strrchr(opts->dir, '/');
    char id[256];
    snprintf(id, sizeof(id), "%s", base && base[1] ? base + 1 : opts->dir);
    if (strchr(id, '/') || !id[0])
        snprintf(id, sizeof(id), "incident");
    if (rg_manifest_defaults(&b->manifest, b->arena, id) != 0)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    char *mpath = rg_arena_printf(b->arena, "%s/incident.json", opts->dir);
    struct stat st;
    if (mpath && stat(mpath, &st) == 0) {
        b->has_manifest = 1;
        if (rg_manifest_load(&b->manifest, b->arena, mpath, diag) != 0)
            return -1;
        /* messages keep the path the user gave; the model's origins do not */
        for (size_t i = 0; i < b->manifest.n_action_items; i++)
            b->manifest.action_items[i].origin =
                folder_relative(b->manifest.action_items[i].origin, opts->dir);
    }
    if (rg_sources_find(opts->dir, &b->manifest, b->arena, &b->sources, &b->n_sources, diag) != 0)
        return -1;
    /* README, "Errors and exit codes": an empty review would pass for a quiet
     * incident. The warnings list each file with its nearest importer. */
    if (b->n_sources == 0)
        return rg_diag_error(diag, opts->dir, 0, 0,
                             "no evidence recognised: no file in the folder is read by an "
                             "importer (the warnings below say why for each; `reviewgen formats` "
                             "lists what is read)");
    if (b->manifest.has_window) {
        b->has_window = 1;
        b->window_from_us = b->manifest.window_from_us;
        b->window_to_us = b->manifest.window_to_us;
        b->window_rule = "set in incident.json";
    }
    if (learn_overlaps(b, LEARN_CSV) != 0)
        return -1;
    /* Small sources first: they define the window the logs are cut to. */
    for (size_t i = 0; i < b->n_sources; i++)
        if (!b->sources[i].importer->streams && import(b, &b->sources[i], opts, 0) != 0)
            return -1;
    if (add_manual_events(b, opts->dir) != 0)
        return -1;
    if (b->manifest.has_window)
        cut_to_manifest_window(b);
    else
        derive_window(b);
    cut_status(b);
    if (learn_overlaps(b, LEARN_LOGS) != 0)
        return -1;
    /* With no window, logs whose times may lack a year (RFC 3164 syslog,
     * glog) are read last, so their year can come from the others. */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && !b->has_window) {
            find_evidence(b);
            if (learn_overlaps(b, LEARN_YEARLESS) != 0)
                return -1;
        }
        for (size_t i = 0; i < b->n_sources; i++) {
            const rg_importer *imp = b->sources[i].importer;
            int late = !b->has_window && imp->yearless;
            if (imp->streams && late == pass && import(b, &b->sources[i], opts, 1) != 0)
                return -1;
        }
    }
    if (!b->has_window)
        b->window_rule = "none: no manifest window and no alert, page or chat event";
    if (apply_metric_rules(b, opts) != 0)
        return -1;
    if (rg_timeline_build(&b->timeline, b->arena, b->events, b->n_events, diag) != 0)
        return -1;
    b->timeline.n_duplicates += b->logsum.n_copied; /* whole-file copies' records */
    /* The folded clusters join the entries, their errors the burst count. */
    if (rg_logsum_finish(&b->logsum) != 0 ||
        rg_logsum_entries(&b->logsum, b->arena, &b->timeline.entries, &b->timeline.n_entries) != 0)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    b->timeline.folded_errors = b->logsum.error_minutes;
    b->timeline.n_folded_errors = b->logsum.n_error_minutes;
    rg_recognition_check(b, diag);
    if (compute(b, 1, diag) != 0)
        return -1;
    warn_all_outside(b);
    return 0;
}

int rg_build_recompute(rg_build *b, rg_diag *diag)
{
    return compute(b, 0, diag);
}

/* Milestones, metrics and the findings of the build from the timeline and
 * the manifest; warn: say the build's warnings (the first time only). */
static int compute(rg_build *b, int warn, rg_diag *diag)
{
    for (size_t i = 0; i < b->timeline.n_events; i++)
        b->timeline.events[i]->milestone = NULL;
    if (rg_milestones_choose(&b->milestones, &b->timeline, &b->manifest, b->arena, diag) != 0)
        return -1;
    for (int i = 0; i < RG_MS_COUNT; i++) {
        rg_milestone *ms = &b->milestones.m[i];
        if (ms->present && ms->event)
            ((rg_event *)ms->event)->milestone = rg_milestone_name((rg_milestone_id)i);
    }
    if (rg_metrics_compute(&b->metrics, &b->timeline, &b->milestones, &b->manifest, b->arena,
                           diag) != 0)
        return -1;
    if (check_window_length(b, warn) != 0)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    return 0;
}

void rg_build_free(rg_build *b)
{
    rg_free(b->events);
    rg_free(b->series);
    rg_logsum_free(&b->logsum);
    rg_free(b->overlap);
    rg_manifest_free(&b->manifest);
    rg_arena_free(b->arena);
    memset(b, 0, sizeof(*b));
}
