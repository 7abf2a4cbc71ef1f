/* mustache.h -- our logic-less template engine over jansson values:
 * variables, sections, inverted sections, comments, partials and set
 * delimiters (the Mustache specification), with escaping chosen by output. */
#ifndef RG_MUSTACHE_H
#define RG_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "diag.h"

typedef enum rg_escape_mode {
    RG_ESCAPE_HTML,     /* {{x}} is HTML-escaped exactly as the spec expects */
    RG_ESCAPE_MARKDOWN, /* {{x}} goes through rg_md_escape */
    RG_ESCAPE_NONE      /* {{x}} is inserted as is (plain-text outputs) */
} rg_escape_mode;

/* Loads partial `name`. Returns the template text (caller frees with rg_free())
 * and its length, or NULL when there is no such partial (rendered as empty, as
 * the spec says). */
typedef char *(*rg_partial_loader)(void *ctx, const char *name, size_t *len);

typedef struct rg_mustache_opts {
    rg_escape_mode escape;
    rg_partial_loader partial; /* NULL: no partials (all render empty) */
    void *partial_ctx;
} rg_mustache_opts;

/* Renders tmpl[0..len) with `data` as the root context. `name` is used in
 * messages ("review.md.mustache:12:5: unclosed section 'timeline'"). Returns
 * the output (NUL-terminated, *out_len bytes) which the caller frees with
 * rg_free(), or NULL with an error in diag. Values: strings as is, integers and
 * reals in their shortest form, true as "true", null/false as empty.
 * Sections treat a miss, null, false, 0, "" and [] as false (the spec's
 * "!!data"); objects and arrays interpolate as empty. */
char *rg_mustache_render(const char *name, const char *tmpl, size_t len, const json_t *data,
                         const rg_mustache_opts *opts, size_t *out_len, rg_diag *diag);

#endif
