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
#include "logsum.h"
#include "manifest.h"
#include "metrics.h"
#include "milestones.h"
#include "series.h"
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
    const char *dir; /* the incident folder, without trailing slashes */
    rg_manifest manifest;
    int has_manifest;
    rg_found_source *sources;
    size_t n_sources;
    rg_event **events; /* rg_malloc'd array of arena events, arrival order */
    size_t n_events, cap_events;
    /* Monitoring series (README, "Metrics"), in the order read: an rg_malloc'd
     * array of arena series. Not timeline rows: the chart draws them, the
     * model summarises them, and those a manifest threshold matches have
     * given their metric.breach / metric.recovered events to `events`. */
    rg_series **series;
    size_t n_series, cap_series;
    size_t n_series_merged; /* series read again (same format, name and labels), merged */
    int has_window;
    int64_t window_from_us, window_to_us;
    const char *window_rule; /* how the window was chosen, for people */
    /* With no window: where the events read before the year-less logs point
     * (the middle of their span) and whose they are; evidence_what NULL when
     * there were none (README, "Time"). */
    int64_t evidence_us;
    const char *evidence_what;
    size_t n_status_incidents_skipped; /* status-page incidents outside the window */
    uint64_t n_status_updates_skipped;
    uint64_t n_outside; /* events outside the window (all sources) */
    /* The log lines and bot messages folded while read (README, "Evidence of
     * any size"): clusters and per-minute counts by level and source. */
    rg_logsum logsum;
    /* Log files whose time range meets another file's of the same format
     * (README, "Evidence of any size"): build.c's, rg_malloc'd; NULL when no
     * two log files of one format were read in a window. */
    struct rg_overlap_file *overlap;
    size_t n_overlap;
    rg_timeline timeline;
    rg_milestones milestones;
    rg_metrics metrics;
    rg_diag *diag;
} rg_build;

/* Runs the pipeline up to the metrics. On failure returns -1 with the error in
 * diag; rg_build_free() must be called either way. */
int rg_build_run(rg_build *b, const rg_build_opts *opts, rg_diag *diag);
void rg_build_free(rg_build *b);
/* Chooses the milestones and computes the durations, communication figures
 * and findings again from b's timeline and manifest: after the manifest has
 * been changed by an edited review (draft.c). Returns 0 or -1. */
int rg_build_recompute(rg_build *b, rg_diag *diag);
/* 1 when source i's times carry no zone and its zone was assumed (the
 * manifest names none for it): its first record's time_text says so. Reads
 * the source again up to its first record. */
int rg_build_source_zone_assumed(const rg_build *b, size_t i);

/* The review model (review.json). Caller frees with json_decref(). NULL when
 * out of memory. Defined in model.c. */
json_t *rg_model_build(const rg_build *b);

/* The longest text review.md's full timeline shows whole: a longer one is
 * shown as its first RG_MODEL_TEXT_SHOWN bytes and how much more there is
 * (review.json's "text_cut"), so that 400 rows stay within about 400 KB. */
#define RG_MODEL_TEXT_SHOWN 1000

/* timeline.jsonl (README, "Outputs"): appends to out the JSON lines of
 * b's timeline entries from *next on, one entry a line with the fields of
 * review.json's timeline entries, until out holds at least `chunk` bytes or
 * the entries end; advances *next. Returns 1 while entries remain, 0 after
 * the last, -1 when out of memory. Defined in model.c. */
int rg_model_timeline_jsonl(const rg_build *b, size_t *next, rg_buf *out, size_t chunk);

/* A finding's text as the review and the terminal show it: its RFC 3339
 * times made "15:35 UTC" (rg_model_human_times), with dates when the
 * timeline spans UTC days. Caller frees with rg_free(); NULL when out of
 * memory. */
char *rg_model_finding_display(const rg_build *b, const char *text);

/* What rg_publish_ex writes and where (README, "The review as a working
 * document"). */
/* --appendix: the whole merged timeline, sources and warnings (full, the
 * default); only the clusters and the milestones (compact); no appendix
 * (none). The model says which as "appendix" {"mode", "full", "compact",
 * "none"} for the template. */
typedef enum rg_appendix { RG_APPENDIX_FULL, RG_APPENDIX_COMPACT, RG_APPENDIX_NONE } rg_appendix;
/* "full", "compact" or "none" to *out; -1 for anything else. */
int rg_appendix_parse(const char *s, rg_appendix *out);
/* Sets the model's "appendix" object. */
void rg_model_set_appendix(json_t *model, rg_appendix a);

typedef struct rg_publish_opts {
    const char *out_dir;
    const char *db_path;       /* NULL: no store */
    const char *templates_dir; /* NULL: the built-in templates */
    int force;                 /* build: replace an edited review.md with the new draft */
    const char *draft_path;    /* publish: the edited review (in out_dir); NULL for build */
    int anonymized;            /* the model was anonymized: publish must do it again */
    rg_appendix appendix;      /* how much appendix the review has (--appendix) */
    /* build: the store being opened on a thread while the review is
     * rendered (storeopen.h), or NULL. rg_publish_ex uses it or cancels it
     * and sets *store_opening to NULL, whatever happens. */
    struct rg_store_opening **store_opening;
} rg_publish_opts;

typedef struct rg_publish_result {
    int kept_edited; /* build: review.md had been edited; kept, the new draft is review.new.md */
    int draft_refreshed; /* the computed parts of the edited review were rewritten in it */
    size_t n_edits;      /* edits read back from the draft */
    json_t *changes;     /* what the edits changed, [{what, from, to, why}], or NULL */
    json_t *missing;     /* computed parts the edited review no longer marks, or NULL */
    json_t *kept;        /* computed parts the lead wrote in, left as they are, or NULL */
    json_t *model;       /* the model written to review.json and the store */
    int input_error;     /* the failure is an edit that cannot be read (exit 1, not 3) */
} rg_publish_result;

/* IMPLEMENTATION-OF: README "The review as a working document". Writes
 * OUT/review.md, review.html, review.json and timeline.svg and saves the
 * model in the store, all or nothing, by rg_publish_files() (publish.h:
 * temporaries, a pending record, the store's commit, renames; a set an
 * interrupted run left is finished or undone first).
 * The review is linted and the findings go into the model ("lint",
 * "has_lint"); review.json "draft" records the hash of the review.md written
 * and what it said ("base"). A review.md whose hash differs (the lead
 * edited it) is kept unless o->force: its edits are read back (draft.c),
 * applied to b, and the result published -- review.json, the HTML, the
 * chart and the store from the edited review, its computed parts refreshed
 * in it -- while the new draft goes to review.new.md. With o->draft_path
 * (`reviewgen publish`) the same is done for that file, without
 * review.new.md. An edit that cannot be read is an error at its
 * "review.md:line:col" and nothing is written. res is filled either way;
 * free it with rg_publish_result_free. Defined in publish.c. Returns 0 or -1. */
int rg_publish_ex(rg_build *b, json_t *model, const rg_publish_opts *o, rg_publish_result *res,
                  rg_diag *diag);
void rg_publish_result_free(rg_publish_result *res);
/* rg_publish_ex with out_dir, db_path and templates_dir, no force. */
int rg_publish(rg_build *b, json_t *model, const char *out_dir, const char *db_path,
               const char *templates_dir, rg_diag *diag);

/* Renders the Markdown review from the model with review.md.mustache. Caller
 * frees with rg_free(). Defined in render_md.c. */
char *rg_render_markdown(const json_t *model, const char *templates_dir, size_t *len,
                         rg_diag *diag);

#endif
