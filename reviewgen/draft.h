/* draft.h -- the Markdown review as the team's working document: read an
 * edited review.md back with cmark-gfm, tell the lead's edits from what
 * reviewgen wrote, apply them to the build, say what they changed, and
 * refresh the computed parts of the draft (README, "The review as a working
 * document"). */
#ifndef RG_DRAFT_H
#define RG_DRAFT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "build.h"
#include "diag.h"

/* One row of the milestone table. */
typedef struct rg_draft_ms {
    int present;      /* the table has a row for this milestone */
    const char *cell; /* the Time cell as written, white space collapsed */
    long line, col;   /* where the cell is, for messages */
} rg_draft_ms;

/* One line of the action items' task list. */
typedef struct rg_draft_item {
    const char *key; /* "[x] " or "[ ] " and the text, white space collapsed:
                        what tells an edited line from the one reviewgen wrote */
    int checked;
    const char *title, *owner, *due, *priority, *ticket, *kind, *status; /* NULL when absent */
    long line;
} rg_draft_item;

/* What publish reads back from a review. A section that is not there (its
 * heading renamed or removed) is not read: has_* is 0 and its values come
 * from the evidence and the manifest as before. Strings arena-owned. */
typedef struct rg_draft {
    int has_milestones; /* "## Response metrics" holds a table headed Milestone | ... | Time */
    rg_draft_ms ms[RG_MS_COUNT];
    int has_items; /* "## Action items": its first list, before any "###" */
    rg_draft_item *items;
    size_t n_items;
    int has_summary; /* "## Summary and impact" */
    const char *summary;
    const char *customer_impact; /* the paragraph that opens "**Customer impact.**" */
    int has_factors;             /* "## Contributing factors": its list items */
    const char **factors;
    size_t n_factors;
    int has_recognition; /* "## Thank you": its list items */
    const char **recognition;
    size_t n_recognition;
} rg_draft;

/* Reads the review md[0..len) (path names it in messages). Placeholders
 * reviewgen writes for missing text (an italic line pointing at
 * incident.json) read as no text. An edit that cannot be read is an error
 * "path:line:col: message": a milestone table without its Milestone or Time
 * column, a milestone name it does not know, a time that does not parse (the
 * Time column takes "2026-11-20 14:38:00" or "2026-11-20 14:38" (UTC),
 * RFC 3339 with an offset, "14:38" or "14:38:05" on the day the cell had
 * before (else the review's first day), and "—", "-" or nothing for
 * unknown), or an action item's due that is not a date. Returns 0 or -1. */
int rg_draft_parse(rg_draft *d, const char *path, const char *md, size_t len, rg_arena *a,
                   rg_diag *diag);

/* The parsed draft as the "base" review.json keeps: what reviewgen wrote,
 * against which later edits are told apart. Caller frees with json_decref. */
json_t *rg_draft_base_json(const rg_draft *d);

/* "fnv1a64:<16 hex digits>" of md[0..len): the hash of the review.md
 * reviewgen wrote, kept in review.json "draft" (README). buf needs 32 bytes. */
const char *rg_draft_hash(const char *md, size_t len, char buf[32]);

/* IMPLEMENTATION-OF: README "The review as a working document", edits.
 * Applies to b the edits of draft d made since reviewgen wrote base (the
 * review.json "draft"."base"; NULL: compare with model0, the evidence's
 * model): a milestone whose Time cell differs is set by hand (origin
 * "<draft_name>:<line>", rule "edited in <draft_name>"; "—" makes it
 * unknown); summary, customer impact, contributing factors and recognition
 * lines that differ replace the manifest's; the action items are merged
 * line by line: a line as reviewgen wrote it stands for the manifest's item
 * (as the manifest now says it), a changed or added line is the draft's own
 * (checked = done; source "draft"), a deleted line removes the item, and an
 * item added to the manifest since is kept. Then the milestones, durations
 * and findings are computed again (rg_build_recompute). day is the review's
 * first day ("YYYY-MM-DD") for times written without a date. *n_edits gets
 * how many edits were found. Returns 0 or -1. */
int rg_draft_apply(rg_build *b, const rg_draft *d, const json_t *base, const json_t *model0,
                   const char *draft_name, size_t *n_edits, rg_diag *diag);

/* What the edits changed, model0 (the evidence) to model1 (with the edits),
 * as [{"what", "from", "to", "why"}], e.g. {"time to mitigate", "41 min 45 s",
 * "36 min", "the edited milestone table"}: milestones, durations, findings,
 * action items (status, added, removed, the open count), summary, customer
 * impact, contributing factors, recognition. Caller frees with json_decref;
 * NULL when out of memory. */
json_t *rg_draft_changes(const json_t *model0, const json_t *model1);
/* One change as a line: "time to mitigate: 41 min 45 s → 36 min, from the
 * edited milestone table". Caller frees with rg_free. */
char *rg_draft_change_text(const json_t *change);

/* The hashes of the computed regions of md, between "<!-- reviewgen:begin
 * NAME -->" and "<!-- reviewgen:end NAME -->" (the durations, findings,
 * impact, ... the template marks): {"NAME": "fnv1a64:..."}. The milestone
 * table's Time column is left out of its hash (the lead edits it there and
 * publish reads it back). Caller frees with json_decref. */
json_t *rg_draft_regions(const char *md, size_t len);

/* The edited review with each computed region replaced by fresh's, when the
 * region is still as reviewgen wrote it: its hash is `written`'s for it (or,
 * when written has none, the same region's in fallback). A region the lead
 * wrote in is theirs and kept; its name is appended to *kept. The names of
 * the regions fresh has and edited lacks are appended to *missing. Caller
 * frees with rg_free; NULL when out of memory. */
char *rg_draft_refresh(const char *edited, size_t edited_len, const char *fresh, size_t fresh_len,
                       const json_t *written, const char *fallback, size_t fallback_len,
                       size_t *out_len, json_t *missing, json_t *kept);

#endif
