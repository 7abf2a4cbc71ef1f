/* check_badinput_util.h -- the bad-input table every importer suite runs
 * (issue 9, house rules): empty, truncated, malformed, a wrong type, a record
 * without its time, non-UTF-8 and hostile text. Each case is written to a
 * scratch file and read; its outcome is asserted whole: the error line, or
 * every warning (key, first message, count) and the events kept. Static
 * inline: each suite is its own binary. */
#ifndef RG_CHECK_BADINPUT_UTIL_H
#define RG_CHECK_BADINPUT_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_importer_util.h"

/* One warning class a case must give. */
typedef struct bad_warn {
    const char *key;
    const char *first; /* the whole first message; "{P}" stands for the scratch file's path */
    uint64_t count;
} bad_warn;

/* One bad input and what reading it must give. */
typedef struct bad_case {
    const char *what;  /* "empty", "truncated", ... (shown when the case fails) */
    const char *input; /* the file's bytes */
    size_t len;        /* 0: strlen(input) */
    /* The whole error line ("{P}" is the path), or NULL: parse() must succeed. */
    const char *error;
    bad_warn warn[3];  /* every warning the case gives; any other warning fails it */
    size_t n_events;   /* the events kept */
    const char *text;  /* the first event's text exactly, or NULL */
    const char *text2; /* the second event's text exactly, or NULL */
} bad_case;

/* Prepares the sink (or the source) before each case, e.g. a CSV mapping; may be NULL. */
typedef void (*bad_prepare)(got *g, rg_source *src);

/* s with every "{P}" replaced by path, in a static buffer. */
static inline const char *bad_subst(const char *s, const char *path)
{
    static char buf[4096];
    size_t n = 0;
    while (*s && n + 1 < sizeof(buf)) {
        if (strncmp(s, "{P}", 3) == 0) {
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", path);
            s += 3;
        } else
            buf[n++] = *s++;
    }
    buf[n < sizeof(buf) ? n : sizeof(buf) - 1] = '\0';
    return buf;
}

/* Runs imp on each case, written to build/test-scratch/bad-<suite>-<pid>/<file>
 * (the file name matters to some formats: an IRC log's date, a source's name). */
static inline void check_bad_inputs(const rg_importer *imp, const char *suite, const char *file,
                                    const bad_case *cases, size_t n, bad_prepare prepare)
{
    char dir[256], path[512];
    snprintf(dir, sizeof(dir), "build/test-scratch/bad-%s-%ld", suite, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    for (size_t i = 0; i < n; i++) {
        const bad_case *c = &cases[i];
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        size_t len = c->len ? c->len : strlen(c->input);
        ck_assert_uint_eq(fwrite(c->input, 1, len, f), len);
        fclose(f);
        got g;
        got_init(&g, 64);
        rg_source src = {.path = path,
                         .name = "bad",
                         .zone = rg_tz_utc(),
                         .zone_explicit = 0,
                         .offset_us = 0,
                         .ref_us = INT64_MIN};
        if (prepare)
            prepare(&g, &src);
        g.rc = imp->parse(&src, &g.sink);
        if (c->error) {
            ck_assert_msg(g.rc == -1, "%s: %s: parse did not fail", suite, c->what);
            ck_assert_msg(strcmp(g.diag.error, bad_subst(c->error, path)) == 0,
                          "%s: %s: error\n got  %s\n want %s", suite, c->what, g.diag.error,
                          bad_subst(c->error, path));
        } else
            ck_assert_msg(g.rc == 0, "%s: %s: parse failed: %s", suite, c->what, g.diag.error);
        uint64_t total = 0;
        for (size_t k = 0; k < 3 && c->warn[k].key; k++) {
            const rg_warning *w = find_warning(&g.diag, c->warn[k].key);
            const char *want = bad_subst(c->warn[k].first, path);
            ck_assert_msg(w != NULL, "%s: %s: no warning %s (want %s)", suite, c->what,
                          c->warn[k].key, want);
            ck_assert_msg(strcmp(w->first, want) == 0, "%s: %s: warning %s\n got  %s\n want %s",
                          suite, c->what, c->warn[k].key, w->first, want);
            ck_assert_msg(w->count == c->warn[k].count,
                          "%s: %s: warning %s counted %llu, want %llu", suite, c->what,
                          c->warn[k].key, (unsigned long long)w->count,
                          (unsigned long long)c->warn[k].count);
            total += c->warn[k].count;
        }
        /* No warning the case does not name: every class counted above. */
        for (size_t k = 0; k < g.diag.n_warnings; k++) {
            const rg_warning *w = &g.diag.warnings[k];
            int listed = 0;
            for (size_t j = 0; j < 3 && c->warn[j].key; j++)
                listed |= strcmp(w->key, c->warn[j].key) == 0;
            ck_assert_msg(listed, "%s: %s: unexpected warning %s x%llu: %s", suite, c->what, w->key,
                          (unsigned long long)w->count, w->first);
        }
        ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), total);
        ck_assert_msg(g.n == c->n_events, "%s: %s: %zu events, want %zu", suite, c->what, g.n,
                      c->n_events);
        if (c->text)
            ck_assert_msg(strcmp(g.ev[0]->text, c->text) == 0,
                          "%s: %s: text\n got  [%s]\n want [%s]", suite, c->what, g.ev[0]->text,
                          c->text);
        if (c->text2)
            ck_assert_msg(strcmp(g.ev[1]->text, c->text2) == 0,
                          "%s: %s: second text\n got  [%s]\n want [%s]", suite, c->what,
                          g.ev[1]->text, c->text2);
        got_free(&g);
    }
    unlink(path);
    rmdir(dir);
}

#endif
