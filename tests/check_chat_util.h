/* check_chat_util.h -- what the chat importer suites (Mattermost, Teams,
 * Discord, IRC, Telegram) share: one event checked field by field, the
 * importer every registered one would pick for a file, and the fold of a
 * source read twice. Static inline, as in check_importer_util.h. */
#ifndef RG_CHECK_CHAT_UTIL_H
#define RG_CHECK_CHAT_UTIL_H

#include <string.h>

#include "check_importer_util.h"
#include "jsonstream.h"
#include "logsum.h"
#include "sources.h"

/* One expected event: every field a test asserts. actor NULL: none. */
typedef struct want {
    const char *at, *kind, *type, *source, *actor;
    int human;
    const char *text, *origin, *time_text, *attrs;
} want;

static inline void check_event_at(const got *g, size_t i, const want *w)
{
    ck_assert_msg(i < g->n, "event %zu of %zu", i, g->n);
    const rg_event *ev = g->ev[i];
    char buf[32];
    ck_assert_str_eq(rg_time_format(ev->at_us, buf), w->at);
    ck_assert_str_eq(rg_kind_name(ev->kind), w->kind);
    ck_assert_str_eq(ev->type, w->type);
    ck_assert_str_eq(ev->source, w->source);
    if (w->actor)
        ck_assert_str_eq(ev->actor ? ev->actor : "(null)", w->actor);
    else
        ck_assert_ptr_null(ev->actor);
    ck_assert_int_eq(ev->human, w->human);
    ck_assert_str_eq(ev->text, w->text);
    ck_assert_str_eq(ev->origin, w->origin);
    ck_assert_str_eq(ev->time_text, w->time_text);
    ck_assert_str_eq(attrs_text(g->arena, ev), w->attrs);
}

/* Asserts the n events of g, in the order read. */
static inline void check_events(const got *g, const want *w, size_t n)
{
    ck_assert_uint_eq(g->n, n);
    for (size_t i = 0; i < n; i++)
        check_event_at(g, i, &w[i]);
}

/* The name of the importer the core picks for path with no manifest
 * ("none" when none does), asserting that no two importers tie. */
static inline const char *picked(const char *path)
{
    int score;
    const rg_importer *tie;
    const rg_importer *imp = rg_sources_sniff(path, &score, &tie);
    ck_assert_msg(tie == NULL, "%s: tie between %s and %s", path, imp ? imp->name : "-",
                  tie ? tie->name : "-");
    return imp ? imp->name : "none";
}

/* Asserts that every path is picked by `name`. */
static inline void check_picked(const char *name, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(picked(paths[i]), name) == 0, "%s: picked by %s, want %s", paths[i],
                      picked(paths[i]), name);
}

/* Reads src twice into one sink, as a folder holding the same export twice:
 * every event must fold into its first reading (n events, n duplicates). */
static inline void check_read_twice_folds(const rg_importer *imp, const rg_source *src, size_t n)
{
    got g;
    got_init(&g, 2 * n + 2);
    ck_assert_int_eq(imp->parse(src, &g.sink), 0);
    ck_assert_uint_eq(g.n, n);
    ck_assert_int_eq(imp->parse(src, &g.sink), 0);
    ck_assert_uint_eq(g.n, 2 * n);
    /* The core mixes the importer's name and the type into the identity. */
    for (size_t i = 0; i < g.n; i++)
        ck_assert_msg(g.ev[i]->ident != 0, "event %zu has no identity", i);
    ck_assert_uint_eq(got_fold(&g), n);
    ck_assert_uint_eq(g.n, n);
    got_free(&g);
}

/* Reads src once: no two of its events may fold (distinct records). */
static inline void check_nothing_folds(const rg_importer *imp, const rg_source *src, size_t n)
{
    got g;
    got_init(&g, n + 2);
    ck_assert_int_eq(imp->parse(src, &g.sink), 0);
    ck_assert_uint_eq(g.n, n);
    ck_assert_uint_eq(got_fold(&g), 0);
    got_free(&g);
}

/* A one-document JSON export cut at every step-th byte: each cut stops the
 * source with an error that names the file, and emits nothing, never a
 * crash (RELIABILITY 1: truncated at several offsets). */
static inline void check_cut_everywhere(const rg_importer *imp, const char *path, size_t step)
{
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(path, &len, &d);
    ck_assert_ptr_nonnull(text);
    const char *tmp = temp_path("chat_cut");
    for (size_t cut = 0; cut < len; cut += step) {
        FILE *f = fopen(tmp, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(text, 1, cut, f);
        fclose(f);
        got g;
        run_file(&g, imp, 64, tmp, "cut", 0);
        ck_assert_msg(g.rc == -1, "%s cut at %zu: no error", path, cut);
        ck_assert_uint_eq(g.n, 0);
        ck_assert_ptr_nonnull(strstr(g.diag.error, tmp));
        got_free(&g);
    }
    unlink(tmp);
    rg_free(text);
    rg_diag_free(&d);
}

/* The core's fold (reviewgen/logsum.c) as a sink's hook: the rg_logsum the
 * hook feeds is in a slot, since the sink's ctx is the got. */
static inline rg_logsum **chat_fold_slot(void)
{
    static rg_logsum *sum;
    return &sum;
}

static inline int chat_fold(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    return rg_logsum_fold(*chat_fold_slot(), 0, "chat", "chat", f);
}

/* Runs imp on the file at path (zone UTC) with the core's fold, which gathers
 * its clusters in sum (initialised here; rg_logsum_free it). */
static inline void run_folded(got *g, rg_logsum *sum, const rg_importer *imp, const char *path,
                              size_t max)
{
    got_init(g, max);
    rg_logsum_init(sum, g->arena);
    *chat_fold_slot() = sum;
    g->sink.fold = chat_fold;
    rg_source src = {.path = path, .name = "chat", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    g->rc = imp->parse(&src, &g->sink);
}

/* The folded messages of sum's one chat cluster: 0 when there is none. */
static inline uint64_t chat_folded(const rg_logsum *sum)
{
    uint64_t n = 0;
    for (size_t i = 0; i < sum->cap_clusters; i++)
        if (sum->clusters[i].key)
            n += sum->clusters[i].n_folded;
    return n;
}

/* The chat at path holds 13 messages, message i with the words "Alert
 * firing: CPU 9<i % 10>% on web-<i>": 0 to 7 from bot, one template, 8 to 12
 * from person. Read with the core's fold, whole and message by message: the
 * bot's first 3 are events, its other 5 folded; every one of person's is
 * kept. */
static inline void check_bot_template_folded(const rg_importer *imp, const char *path,
                                             const char *bot, const char *person)
{
    for (int streamed = 0; streamed < 2; streamed++) {
        rg_jsondocs_whole_max = streamed ? 0 : 1024 * 1024;
        got g;
        rg_logsum sum;
        run_folded(&g, &sum, imp, path, 16);
        rg_jsondocs_whole_max = 1024 * 1024;
        ck_assert_int_eq(g.rc, 0);
        ck_assert_uint_eq(g.n, 8);
        ck_assert_uint_eq(chat_folded(&sum), 5);
        for (size_t i = 0; i < g.n; i++) {
            char text[64];
            size_t k = i < 3 ? i : i + 5;
            snprintf(text, sizeof(text), "Alert firing: CPU 9%zu%% on web-%zu", k % 10, k);
            ck_assert_str_eq(g.ev[i]->text, text);
            ck_assert_str_eq(g.ev[i]->actor, i < 3 ? bot : person);
            ck_assert_int_eq(g.ev[i]->human, i >= 3);
        }
        rg_logsum_free(&sum);
        got_free(&g);
    }
}

#endif
