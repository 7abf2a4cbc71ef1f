/* check_importer_util.h -- what the importer suites share: a sink that keeps
 * every event, running an importer on a file, reading what it warned, the
 * invalid/<case>/{input,error} fixtures and a file's sniff score. Every
 * function is static inline: each tests/check_*.c is its own binary and uses
 * only some of them. */
#ifndef RG_CHECK_IMPORTER_UTIL_H
#define RG_CHECK_IMPORTER_UTIL_H

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../importers/importer.h"
#include "../importers/jsonstream.h"
#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"
#include "timeline.h"

/* ---- a sink that keeps what it is given ---- */

typedef struct got {
    rg_sink sink;
    rg_arena *arena;
    rg_diag diag;
    rg_event **ev; /* heap: room for max events */
    size_t n, max;
    int rc;             /* what parse() returned */
    rg_tz *tz;          /* the zone run_log loaded, or NULL */
    rg_series **series; /* heap: the series handed over, samples kept as the core keeps them */
    size_t n_series;
    uint64_t progress_done, progress_total;
    int progress_calls;
} got;

static inline int got_keep(rg_sink *sink, rg_event *ev)
{
    got *g = sink->ctx;
    ck_assert_uint_lt(g->n, g->max);
    g->ev[g->n++] = ev;
    return 0;
}

/* Folds the records read twice as the timeline does (by identity, README
 * "Timeline"): g->ev becomes the timeline's events, sorted by time (ties in
 * the order read), and the number folded is returned. The events stay the
 * arena's. */
static inline uint64_t got_fold(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        g->ev[i]->seq = i;
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, g->arena, g->ev, g->n, &d), 0);
    rg_diag_free(&d);
    memcpy(g->ev, tl.events, tl.n_events * sizeof(*g->ev));
    g->n = tl.n_events;
    return tl.n_duplicates;
}

/* Keeps a series as the build does (reviewgen/build.c): key, samples sorted,
 * one per instant, cut to the sink's window. */
static inline int got_keep_series(rg_sink *sink, rg_series *s, const rg_sample *samples, size_t n)
{
    got *g = sink->ctx;
    s->key = rg_series_key_text(g->arena, s);
    if (!s->key || rg_series_set_samples(g->arena, s, samples, n, sink->has_window, sink->from_us,
                                         sink->to_us) != 0)
        return -1; /* out of memory (check_out_of_memory makes it happen) */
    rg_series **v = rg_realloc(g->series, (g->n_series + 1) * sizeof(*v));
    if (!v)
        return -1;
    g->series = v;
    g->series[g->n_series++] = s;
    return 0;
}

/* "name{labels} origin: t=v t=v ..." for a kept series (every sample). */
static inline const char *series_text(const got *g, size_t i)
{
    static char buf[16384];
    ck_assert_uint_lt(i, g->n_series);
    const rg_series *s = g->series[i];
    int n = snprintf(buf, sizeof(buf), "%s %s%s%s:", s->key, s->origin, s->unit ? " unit=" : "",
                     s->unit ? s->unit : "");
    for (size_t k = 0; k < s->n_samples && n < (int)sizeof(buf) - 64; k++) {
        char when[32], val[32];
        n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %s=%s",
                      rg_time_format(s->samples[k].at_us, when),
                      rg_metric_value_text(s->samples[k].value, val));
    }
    return buf;
}

static inline void got_progress(rg_sink *sink, uint64_t done, uint64_t total)
{
    got *g = sink->ctx;
    g->progress_done = done;
    g->progress_total = total;
    g->progress_calls++;
}

/* An empty sink with room for max events. Free it with got_free(). */
static inline void got_init(got *g, size_t max)
{
    memset(g, 0, sizeof(*g));
    g->arena = rg_arena_new();
    ck_assert_ptr_nonnull(g->arena);
    g->max = max;
    g->ev = rg_calloc(max, sizeof(*g->ev));
    ck_assert_ptr_nonnull(g->ev);
    rg_diag_init(&g->diag);
    g->sink.arena = g->arena;
    g->sink.diag = &g->diag;
    g->sink.emit = got_keep;
    g->sink.emit_series = got_keep_series;
    g->sink.ctx = g;
    g->sink.progress = got_progress;
}

static inline void got_free(got *g)
{
    rg_free(g->series);
    rg_diag_free(&g->diag);
    rg_arena_free(g->arena);
    rg_free(g->ev);
    rg_tz_free(g->tz);
}

/* Runs imp on src with a sink that got_init(g, max) made; src as given. */
static inline void got_parse(got *g, const rg_importer *imp, const rg_source *src, size_t max)
{
    got_init(g, max);
    g->rc = imp->parse(src, &g->sink);
}

/* Runs imp on src after got_init(g, ...) with src->name in a buffer that is
 * overwritten after parse(): the importer must copy it. (A buffer on the stack
 * would not do: the compiler may drop the dead store, and the stale name would
 * still read right.) */
static inline void got_parse_named(got *g, const rg_importer *imp, const rg_source *src)
{
    static char name[32];
    snprintf(name, sizeof(name), "%s", src->name);
    rg_source s = *src;
    s.name = name;
    g->rc = imp->parse(&s, &g->sink);
    memset(name, 'X', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
}

/* Runs imp on the file at path as the source `name` (which the importer must
 * copy), zone UTC, clock corrected by offset_us, no reference instant. */
static inline void run_file(got *g, const rg_importer *imp, size_t max, const char *path,
                            const char *name, int64_t offset_us)
{
    rg_source src = {.path = path,
                     .name = name,
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = offset_us,
                     .ref_us = INT64_MIN};
    got_init(g, max);
    got_parse_named(g, imp, &src);
}

/* The instant an RFC 3339 text names. */
static inline int64_t instant(const char *text)
{
    int64_t at;
    int flags;
    ck_assert_int_eq(rg_time_parse(text, strlen(text), NULL, &at, &flags), 0);
    return at;
}

/* Runs a log importer on path as the source "app log": zone NULL = UTC
 * assumed; ref (the reference instant), from and to (the window) are RFC 3339
 * texts or NULL; offset_us the clock correction. */
static inline void run_log(got *g, const rg_importer *imp, size_t max, const char *path,
                           const char *zone, const char *ref, const char *from, const char *to,
                           int64_t offset_us)
{
    got_init(g, max);
    if (from) {
        g->sink.has_window = 1;
        g->sink.from_us = instant(from);
        g->sink.to_us = instant(to);
    }
    if (zone) {
        char err[128];
        g->tz = rg_tz_load(zone, err, sizeof(err));
        ck_assert_msg(g->tz != NULL, "%s", err);
    }
    rg_source src = {.path = path,
                     .name = "app log",
                     .zone = g->tz ? g->tz : rg_tz_utc(),
                     .zone_explicit = g->tz != NULL,
                     .offset_us = offset_us,
                     .ref_us = ref ? instant(ref) : INT64_MIN};
    got_parse_named(g, imp, &src);
}

/* run_log of path (no zone, reference or window), read whole (streamed 0)
 * or as a document over 1 MiB is read, record by record, here in 64-byte
 * reads (streamed 1: importers/jsonstream.h). */
static inline void run_log_read(got *g, const rg_importer *imp, size_t max, const char *path,
                                int streamed)
{
    rg_jsondocs_whole_max = streamed ? 0 : 1024 * 1024;
    rg_jstream_chunk = streamed ? 64 : 64 * 1024;
    run_log(g, imp, max, path, NULL, NULL, NULL, NULL, 0);
    rg_jsondocs_whole_max = 1024 * 1024;
    rg_jstream_chunk = 64 * 1024;
}

/* path read whole and as one over 1 MiB is (run_log_read): exactly n events,
 * event i on line lines[i] of path, the last one's text last_text, and no
 * warning, both ways. */
static inline void check_lines_both_ways(const rg_importer *imp, const char *path,
                                         const long *lines, size_t n, const char *last_text)
{
    for (int streamed = 0; streamed < 2; streamed++) {
        got g;
        run_log_read(&g, imp, n + 4, path, streamed);
        ck_assert_msg(g.rc == 0, "%s", g.diag.error);
        ck_assert_uint_eq(g.n, n);
        for (size_t i = 0; i < n; i++) {
            char want[600];
            snprintf(want, sizeof(want), "%s:%ld", path, lines[i]);
            ck_assert_str_eq(g.ev[i]->origin, want);
        }
        ck_assert_str_eq(g.ev[n - 1]->text, last_text);
        ck_assert_uint_eq(g.diag.n_warnings, 0);
        got_free(&g);
    }
}

/* ---- what an event holds ---- */

/* ev's instant as RFC 3339 text; four calls may be alive at once. */
static inline const char *at(const rg_event *ev)
{
    static char buf[4][32];
    static int i;
    i = (i + 1) % 4;
    return rg_time_format(ev->at_us, buf[i]);
}

/* The value of attr key, or "(none)". */
static inline const char *attr(const rg_event *ev, const char *key)
{
    const char *v = rg_event_attr_get(ev, key);
    return v ? v : "(none)";
}

/* "key=value;key=value" in insertion order, in arena a. */
static inline const char *attrs_text(rg_arena *a, const rg_event *ev)
{
    const char *s = "";
    for (const rg_attr *kv = ev->attrs; kv; kv = kv->next)
        s = rg_arena_printf(a, "%s%s%s=%s", s, *s ? ";" : "", kv->key, kv->value);
    return s;
}

/* One line per log event: "TIME TYPE actor=A origin=O time=[T] attrs={k=v;}
 * text=[X]", after asserting what every event of the source "app log" shares. */
static inline const char *dump(const rg_event *ev)
{
    static char buf[8192];
    char when[32];
    int n = snprintf(buf, sizeof(buf), "%s %s actor=%s origin=%s time=[%s] attrs={",
                     rg_time_format(ev->at_us, when), ev->type, ev->actor ? ev->actor : "-",
                     ev->origin, ev->time_text);
    for (const rg_attr *a = ev->attrs; a; a = a->next)
        n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s=%s;", a->key, a->value);
    snprintf(buf + n, sizeof(buf) - (size_t)n, "} text=[%s]", ev->text);
    ck_assert_int_eq(ev->kind, RG_KIND_LOG);
    ck_assert_str_eq(ev->source, "app log");
    ck_assert_int_eq(ev->human, 0);
    return buf;
}

/* ---- what it warned ---- */

/* The warning class key, or NULL. */
static inline const rg_warning *find_warning(const rg_diag *d, const char *key)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (strcmp(d->warnings[i].key, key) == 0)
            return &d->warnings[i];
    return NULL;
}

/* The first message of warning class key, or "(none)". */
static inline const char *first_warning(const rg_diag *d, const char *key)
{
    const rg_warning *w = find_warning(d, key);
    return w ? w->first : "(none)";
}

/* Asserts warning class key's first message and count (0 and "" for none). */
static inline void check_warning(const got *g, const char *key, const char *first, uint64_t count)
{
    const rg_warning *w = find_warning(&g->diag, key);
    ck_assert_str_eq(w ? w->first : "", first);
    ck_assert_uint_eq(w ? w->count : 0, count);
}

/* ---- files ---- */

/* The text of a small file without its final newlines, in a static buffer. */
static inline char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char buf[2048];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    while (n && buf[n - 1] == '\n')
        n--;
    buf[n] = '\0';
    return buf;
}

/* imp's score for the file at path, given its first 4 KiB as the core does. */
static inline int sniff_file(const rg_importer *imp, const char *path)
{
    char head[4096];
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    return imp->sniff(path, 0, head, n);
}

/* An empty file /tmp/<name>_XXXXXX; its path, in a static buffer. */
static inline char *temp_path(const char *name)
{
    static char path[64];
    snprintf(path, sizeof(path), "/tmp/%s_XXXXXX", name);
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    return path;
}

/* A temporary file (temp_path(name)) of before, n bytes of fill, then after:
 * one record made long. */
static inline char *temp_file_filled(const char *name, const char *before, char fill, size_t n,
                                     const char *after)
{
    char *path = temp_path(name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(before, f);
    for (size_t i = 0; i < n; i++)
        fputc(fill, f);
    fputs(after, f);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

/* Three records a line, the second of 2 MiB: before, then 2 MiB of 'x',
 * then after (which ends line 2 and holds line 3, whose text is "last"),
 * written to a temporary file and read by imp: the long record whole (its
 * text "big " and the x's), each record on its line, no warning. The line
 * reader cut such a line at 1 MiB, and the record was skipped. */
static inline void check_long_record_whole(const rg_importer *imp, const char *before,
                                           const char *after)
{
    const size_t n = 2 * 1024 * 1024;
    char *path = temp_file_filled("long_record", before, 'x', n, after);
    got g;
    run_log(&g, imp, 8, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(strlen(g.ev[1]->text), n + 4);
    ck_assert_int_eq(strncmp(g.ev[1]->text, "big xxx", 7), 0);
    char where[300];
    snprintf(where, sizeof(where), "%s:2", path);
    ck_assert_str_eq(g.ev[1]->origin, where);
    snprintf(where, sizeof(where), "%s:3", path);
    ck_assert_str_eq(g.ev[2]->origin, where);
    ck_assert_str_eq(g.ev[2]->text, "last");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(path);
}

/* Asserts that imp stops on input with no event and exactly the error line want. */
static inline void check_fails_with(const rg_importer *imp, const char *input, const char *want)
{
    got g;
    rg_source src = {.path = input,
                     .name = "fixture",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse(&g, imp, &src, 64);
    ck_assert_msg(g.rc == -1, "%s: parse did not fail", input);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_str_eq(g.diag.error, want);
    got_free(&g);
}

/* dir/input stops imp with the line in dir/error, which names the file "input"
 * (jansson's test layout: the fixture can move). */
static inline void check_invalid_fixture(const rg_importer *imp, const char *dir)
{
    char in[300], errpath[300], expect[2400];
    snprintf(in, sizeof(in), "%s/input", dir);
    snprintf(errpath, sizeof(errpath), "%s/error", dir);
    const char *want = read_text(errpath);
    ck_assert_msg(strncmp(want, "input", 5) == 0, "%s: %s", errpath, want);
    snprintf(expect, sizeof(expect), "%s/%s", dir, want);
    check_fails_with(imp, in, expect);
}

/* check_invalid_fixture on fx/invalid/<name> for each of the n names. */
static inline void check_invalid_fixtures(const rg_importer *imp, const char *fx,
                                          const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char dir[256];
        snprintf(dir, sizeof(dir), "%s/invalid/%s", fx, names[i]);
        check_invalid_fixture(imp, dir);
    }
}

/* ---- out of memory ---- */

/* Runs imp on path with an allocation failing at every allocation in turn,
 * ours and jansson's, until one run succeeds: each run ends with an error or
 * succeeds, never crashes or leaks (RELIABILITY 17). */
static inline void check_out_of_memory_min(const rg_importer *imp, const char *path, long min);

static inline void check_out_of_memory(const rg_importer *imp, const char *path)
{
    check_out_of_memory_min(imp, path, 10);
}

/* check_out_of_memory for an importer that allocates little (the arena takes
 * events in big blocks): at least min allocations must have failed. */
static inline void check_out_of_memory_min(const rg_importer *imp, const char *path, long min)
{
    rg_alloc_install_jansson();
    int ok = 0;
    long n;
    for (n = 0; n < 100000 && !ok; n++) {
        got g;
        got_init(&g, 64);
        rg_source src = {.path = path,
                         .name = "x",
                         .zone = rg_tz_utc(),
                         .zone_explicit = 0,
                         .offset_us = 0,
                         .ref_us = INT64_MIN};
        rg_alloc_fail_after(n);
        int rc = imp->parse(&src, &g.sink);
        rg_alloc_fail_after(-1);
        if (rc == 0)
            ok = 1;
        else
            ck_assert_msg(g.diag.has_error, "failure at allocation %ld without an error", n);
        got_free(&g);
    }
    ck_assert(ok);
    ck_assert_int_gt(n, min); /* the failures did reach the importer */
}

#endif
