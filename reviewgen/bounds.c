/* bounds.c -- bounds the review's lists whose length follows the input
 * (README, "Every section bounded"): marks the rows review.md lists, counts
 * the others, and cuts review.json's clusters to the largest. */
#include "bounds.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsonutil.h"
#include "modelval.h"

/* One row of a list, ranked: lower prio first, then more weight, then the
 * list's own order. */
typedef struct ranked {
    int prio;
    json_int_t weight;
    size_t idx;
} ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->prio != b->prio)
        return a->prio < b->prio ? -1 : 1;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* "20,000" */
static json_t *count_text(uint64_t n)
{
    char buf[32];
    return json_string(rg_model_thousands(n, buf));
}

static json_int_t int_of(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static int nonempty(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return (json_is_array(v) && json_array_size(v) > 0) || json_is_string(v);
}

/* Sets "listed" on every item of arr: true for the first `limit` by rank.
 * Returns the number listed, or -1 when out of memory. */
static long mark_ranked(json_t *arr, const ranked *r, size_t n, size_t limit)
{
    ranked *sorted = rg_malloc((n ? n : 1) * sizeof(*sorted));
    if (!sorted)
        return -1;
    memcpy(sorted, r, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_ranked);
    for (size_t i = 0; i < n; i++)
        rg_json_set(json_array_get(arr, sorted[i].idx), "listed", json_boolean(i < limit));
    rg_free(sorted);
    return (long)(n < limit ? n : limit);
}

/* The counts object every bounded list gets. */
static json_t *counts(size_t total, size_t listed, size_t limit, const char *where)
{
    json_t *c = json_object();
    rg_json_set(c, "total", json_integer((json_int_t)total));
    rg_json_set(c, "total_text", count_text(total));
    rg_json_set(c, "listed", json_integer((json_int_t)listed));
    rg_json_set(c, "not_listed", json_integer((json_int_t)(total - listed)));
    rg_json_set(c, "not_listed_text", count_text(total - listed));
    rg_json_set(c, "limit", json_integer((json_int_t)limit));
    rg_json_set(c, "cut", json_boolean(total > listed));
    rg_json_set(c, "where", json_string(where));
    return c;
}

/* Responders: people the manifest names (a "role") or whom the evidence
 * gives a role or a deed first, then in the order they joined. Nobody is
 * ranked by how much they wrote (recognition.c counts no messages against
 * a person). */
static int bound_responders(json_t *model)
{
    json_t *arr = json_object_get(model, "responders");
    size_t n = json_array_size(arr);
    ranked *r = rg_malloc((n ? n : 1) * sizeof(*r));
    if (!r)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(arr, i);
        int named = nonempty(p, "role") || nonempty(p, "roles") || nonempty(p, "did");
        r[i] = (ranked){named ? 0 : 1, 0, i};
    }
    long listed = mark_ranked(arr, r, n, RG_LIST_RESPONDERS);
    rg_free(r);
    if (listed < 0)
        return -1;
    rg_json_set(model, "responder_counts",
                counts(n, (size_t)listed, RG_LIST_RESPONDERS, "review.json"));
    return 0;
}

/* Sources: every source of alerts, pages, chat, status posts, changes and
 * metrics first, then logs, each by records read (kept and folded), most
 * first; the rest one row of totals. */
static int bound_sources(json_t *model)
{
    json_t *arr = json_object_get(model, "sources");
    size_t n = json_array_size(arr);
    ranked *r = rg_malloc((n ? n : 1) * sizeof(*r));
    if (!r)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *src = json_array_get(arr, i);
        const char *kind = rg_json_str(src, "kind");
        r[i] = (ranked){kind && strcmp(kind, "log") == 0, int_of(src, "events"), i};
    }
    long listed = mark_ranked(arr, r, n, RG_LIST_SOURCES);
    rg_free(r);
    if (listed < 0)
        return -1;
    json_t *c = counts(n, (size_t)listed, RG_LIST_SOURCES, "review.json");
    json_int_t events = 0, outside = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(arr, i);
        if (json_is_true(json_object_get(s, "listed")))
            continue;
        events += int_of(s, "events");
        outside += int_of(s, "outside_window");
    }
    rg_json_set(c, "not_listed_events", json_integer(events));
    rg_json_set(c, "not_listed_events_text", count_text((uint64_t)events));
    rg_json_set(c, "not_listed_outside_window", json_integer(outside));
    rg_json_set(c, "not_listed_outside_window_text", count_text((uint64_t)outside));
    rg_json_set(model, "source_counts", c);
    return 0;
}

/* The rows past the listed ones, grouped by "code" in the order each code
 * is first met: {code, <noun>, <noun>_text, count, count_text, first}. */
static json_t *groups_by_code(const json_t *arr, const char *noun, const char *first_key)
{
    json_t *groups = json_array();
    if (!groups)
        return NULL;
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++) {
        const json_t *w = json_array_get(arr, i);
        if (json_is_true(json_object_get(w, "listed")))
            continue;
        const char *code = rg_json_str(w, "code");
        json_t *g = NULL;
        for (size_t k = 0; k < json_array_size(groups) && !g; k++) {
            const char *c = rg_json_str(json_array_get(groups, k), "code");
            if ((!c && !code) || (c && code && strcmp(c, code) == 0))
                g = json_array_get(groups, k);
        }
        if (!g) {
            g = json_object();
            rg_json_set(g, "code", code ? json_string(code) : json_null());
            rg_json_set(g, noun, json_integer(0));
            rg_json_set(g, "count", json_integer(0));
            if (first_key)
                rg_json_set(g, "first", json_incref(json_object_get(w, first_key)));
            /* on failure g is freed; the failed allocation is seen in
             * rg_alloc_failures() */
            if (!g || json_array_append_new(groups, g) != 0)
                continue;
        }
        json_int_t rows = int_of(g, noun) + 1;
        /* a warning counts its occurrences; a finding is one */
        json_int_t occ =
            int_of(g, "count") + (json_object_get(w, "count") ? int_of(w, "count") : 1);
        rg_json_set(g, noun, json_integer(rows));
        rg_json_set(g, "count", json_integer(occ));
    }
    char key[64];
    for (size_t k = 0; k < json_array_size(groups); k++) {
        json_t *g = json_array_get(groups, k);
        snprintf(key, sizeof(key), "%s_text", noun);
        rg_json_set(g, key, count_text((uint64_t)int_of(g, noun)));
        rg_json_set(g, "count_text", count_text((uint64_t)int_of(g, "count")));
        rg_json_set(g, "many", json_boolean(int_of(g, noun) > 1));
    }
    return groups;
}

/* Warnings: the first RG_LIST_WARNINGS as they were met, the rest grouped
 * by class. */
static void bound_warnings(json_t *model)
{
    json_t *arr = json_object_get(model, "warnings");
    size_t n = json_array_size(arr);
    for (size_t i = 0; i < n; i++)
        rg_json_set(json_array_get(arr, i), "listed", json_boolean(i < RG_LIST_WARNINGS));
    size_t listed = n < RG_LIST_WARNINGS ? n : RG_LIST_WARNINGS;
    json_t *c = counts(n, listed, RG_LIST_WARNINGS, "review.json");
    rg_json_set(c, "classes", groups_by_code(arr, "warnings", "first"));
    rg_json_set(model, "warning_counts", c);
}

/* Findings: the first RG_LIST_FINDINGS_PER_CODE of each code, in order;
 * the rest counted by code. */
static int bound_findings(json_t *model)
{
    json_t *arr = json_object_get(model, "findings");
    size_t n = json_array_size(arr), listed = 0;
    json_t *seen = json_object(); /* code: findings of it met so far */
    if (!seen)
        return -1;
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(arr, i);
        const char *code = rg_json_str(f, "code");
        json_int_t before = int_of(seen, code ? code : "");
        rg_json_set(seen, code ? code : "", json_integer(before + 1));
        int show = before < RG_LIST_FINDINGS_PER_CODE;
        listed += show;
        rg_json_set(f, "listed", json_boolean(show));
    }
    json_decref(seen);
    json_t *c = counts(n, listed, RG_LIST_FINDINGS_PER_CODE, "review.json");
    rg_json_set(c, "codes", groups_by_code(arr, "findings", NULL));
    rg_json_set(model, "finding_counts", c);
    return 0;
}

/* Suggestions: those with a suggested owner or due date first, then in the
 * order raised. */
static int bound_suggestions(json_t *model)
{
    json_t *arr = json_object_get(model, "suggestions");
    size_t n = json_array_size(arr);
    ranked *r = rg_malloc((n ? n : 1) * sizeof(*r));
    if (!r)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(arr, i);
        r[i] = (ranked){nonempty(s, "owner") || nonempty(s, "due") ? 0 : 1, 0, i};
    }
    long listed = mark_ranked(arr, r, n, RG_LIST_SUGGESTIONS);
    rg_free(r);
    if (listed < 0)
        return -1;
    rg_json_set(model, "suggestion_counts",
                counts(n, (size_t)listed, RG_LIST_SUGGESTIONS, "review.json"));
    return 0;
}

/* The impact sentence names the first RG_LIST_PERIODS periods. */
static void bound_periods(json_t *model)
{
    json_t *impact = json_object_get(model, "impact");
    json_t *words = json_object_get(impact, "periods");
    size_t n = json_array_size(words);
    for (size_t i = 0; i < n; i++)
        rg_json_set(json_array_get(words, i), "listed", json_boolean(i < RG_LIST_PERIODS));
    if (!json_is_object(impact))
        return;
    size_t more = n > RG_LIST_PERIODS ? n - RG_LIST_PERIODS : 0;
    rg_json_set(impact, "more", json_integer((json_int_t)more));
    rg_json_set(impact, "more_text", more ? count_text(more) : json_null());
}

/* Each series' crossings named in the metrics table. */
static void bound_crossings(json_t *model)
{
    size_t i;
    json_t *se;
    json_array_foreach(json_object_get(model, "series"), i, se)
    {
        json_t *br = json_object_get(se, "breaches");
        size_t n = json_array_size(br);
        for (size_t k = 0; k < n; k++)
            rg_json_set(json_array_get(br, k), "listed", json_boolean(k < RG_LIST_CROSSINGS));
        size_t more = n > RG_LIST_CROSSINGS ? n - RG_LIST_CROSSINGS : 0;
        rg_json_set(se, "breaches_more", json_integer((json_int_t)more));
        rg_json_set(se, "breaches_more_text", more ? count_text(more) : json_null());
    }
}

/* review.json's clusters: the RG_JSON_CLUSTERS of the most folded lines,
 * in their own order. */
static int bound_clusters(json_t *model)
{
    json_t *arr = json_object_get(model, "clusters");
    size_t n = json_array_size(arr);
    json_int_t folded_all = 0, folded_kept = 0;
    size_t kept = n;
    if (n > RG_JSON_CLUSTERS) {
        ranked *r = rg_malloc(n * sizeof(*r));
        if (!r)
            return -1;
        for (size_t i = 0; i < n; i++)
            r[i] = (ranked){0, int_of(json_array_get(arr, i), "folded"), i};
        qsort(r, n, sizeof(*r), cmp_ranked);
        unsigned char *keep = rg_calloc(n, 1);
        if (!keep) {
            rg_free(r);
            return -1;
        }
        for (size_t i = 0; i < RG_JSON_CLUSTERS; i++)
            keep[r[i].idx] = 1;
        rg_free(r);
        json_t *cut = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *cl = json_array_get(arr, i);
            folded_all += int_of(cl, "folded");
            if (keep[i]) {
                folded_kept += int_of(cl, "folded");
                rg_json_append(cut, json_incref(cl));
            }
        }
        rg_free(keep);
        kept = RG_JSON_CLUSTERS;
        rg_json_set(model, "clusters", cut);
    } else {
        for (size_t i = 0; i < n; i++)
            folded_all += int_of(json_array_get(arr, i), "folded");
        folded_kept = folded_all;
    }
    json_t *c = counts(n, kept, RG_JSON_CLUSTERS, "timeline.jsonl");
    rg_json_set(c, "not_listed_folded", json_integer(folded_all - folded_kept));
    rg_json_set(model, "cluster_counts", c);
    return 0;
}

int rg_bound_model(json_t *model)
{
    if (bound_responders(model) != 0 || bound_sources(model) != 0 ||
        bound_suggestions(model) != 0 || bound_clusters(model) != 0 || bound_findings(model) != 0)
        return -1;
    bound_warnings(model);
    bound_periods(model);
    bound_crossings(model);
    return 0;
}
