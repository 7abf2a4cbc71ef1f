/* templates.h -- the templates built into the binary (generated from
 * templates/ by tools/embed.c), and loading a template by name with the
 * --templates DIR override. */
#ifndef RG_TEMPLATES_H
#define RG_TEMPLATES_H

#include <stddef.h>

typedef struct rg_template_file {
    const char *name; /* "review.md.mustache" */
    const char *text;
    size_t len;
} rg_template_file;

/* NULL-name-terminated. */
extern const rg_template_file rg_builtin_templates[];

#include "diag.h"

/* Loads template `name`: from dir/name when dir is not NULL (the --templates
 * override; a missing file there falls back to the built-in one), else the
 * built-in copy. Returns the text (NUL-terminated) which the caller frees with
 * rg_free(), or NULL with "name: no such template" in diag. */
char *rg_template_load(const char *dir, const char *name, size_t *len, rg_diag *diag);

/* Where the partials of a template come from: {{> name}} is template
 * name + ext (".md.mustache") found as rg_template_load finds it in dir. */
typedef struct rg_template_partials {
    const char *dir;
    const char *ext;
} rg_template_partials;
/* A partial loader for rg_mustache_opts (ctx: an rg_template_partials).
 * Returns the text (caller frees with rg_free()), or NULL when there is no
 * such partial, which renders as empty, as the spec says. */
char *rg_template_partial(void *ctx, const char *name, size_t *len);

#endif
