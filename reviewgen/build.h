/* build.h -- one incident from its folder to its review: the pipeline of
 * README "How it works" (manifest, sources, importers, window, timeline,
 * milestones, metrics, model, outputs and store). */
#ifndef RG_BUILD_H
#define RG_BUILD_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "manifest.h"
#include "metrics.h"
#include "milestones.h"
#include "sources.h"
#include "timeline.h"

typedef struct rg_build_opts {
    const char *dir;           /* the incident folder */
    const char *templates_dir; /* --templates, or NULL for the built-in ones */
    /* Called while big files are read; NULL for none. */
    void (*progress)(void *ctx, const char *path, uint64_t done, uint64_t total);
    void *progress_ctx;
} rg_build_opts;

typedef struct rg_build {
    rg_arena *arena; /* owns every string and record below */
    rg_manifest manifest;
    int has_manifest;
    rg_found_source *sources;
    size_t n_sources;
    rg_event **events; /* rg_malloc'd array of arena events, arrival order */
    size_t n_events, cap_events;
    int has_window;
    int64_t window_from_us, window_to_us;
    const char *window_rule;           /* how the window was chosen, for people */
    size_t n_status_incidents_skipped; /* status-page incidents outside the window */
    uint64_t n_status_updates_skipped;
    uint64_t n_outside; /* events outside the window (all sources) */
    rg_timeline timeline;
    rg_milestones milestones;
    rg_metrics metrics;
    rg_diag *diag;
} rg_build;

/* Runs the pipeline up to the metrics. On failure returns -1 with the error in
 * diag; rg_build_free() must be called either way. */
int rg_build_run(rg_build *b, const rg_build_opts *opts, rg_diag *diag);
void rg_build_free(rg_build *b);

/* The review model (review.json). Caller frees with json_decref(). NULL when
 * out of memory. Defined in model.c. */
json_t *rg_model_build(const rg_build *b);

/* Writes OUT/review.md, review.html, review.json and timeline.svg and saves the model in the
 * store at db_path (NULL: no store), all or nothing, by rg_publish_files()
 * (publish.h: temporaries, a pending record, the store's commit, renames).
 * It lints the review it renders and adds the findings to model ("lint",
 * "has_lint"). Defined in publish.c. Returns 0 or -1 as rg_publish_files. */
int rg_publish(const rg_build *b, json_t *model, const char *out_dir, const char *db_path,
               const char *templates_dir, rg_diag *diag);

/* Renders the Markdown review from the model with review.md.mustache. Caller
 * frees with rg_free(). Defined in render_md.c. */
char *rg_render_markdown(const json_t *model, const char *templates_dir, size_t *len,
                         rg_diag *diag);

#endif
