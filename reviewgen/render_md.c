/* render_md.c -- the Markdown review: review.md.mustache over the model, with
 * every value Markdown-escaped unless the template uses triple braces for the
 * lead's own Markdown from the manifest (README, "Rendering"). */
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "mustache.h"
#include "templates.h"

typedef struct partials {
    const char *dir;
} partials;

/* {{> name}} loads name.md.mustache from the same place as the review
 * template; a missing partial renders as empty, as the spec says. */
static char *load_partial(void *ctx, const char *name, size_t *len)
{
    const partials *p = ctx;
    char file[256];
    if ((size_t)snprintf(file, sizeof(file), "%s.md.mustache", name) >= sizeof(file))
        return NULL;
    rg_diag quiet;
    rg_diag_init(&quiet);
    char *text = rg_template_load(p->dir, file, len, &quiet);
    rg_diag_free(&quiet);
    return text;
}

char *rg_render_markdown(const json_t *model, const char *templates_dir, size_t *len,
                         rg_diag *diag)
{
    size_t tlen;
    const char *name = "review.md.mustache";
    char *tmpl = rg_template_load(templates_dir, name, &tlen, diag);
    if (!tmpl)
        return NULL;
    partials p = {templates_dir};
    rg_mustache_opts opts = {RG_ESCAPE_MARKDOWN, load_partial, &p};
    char *out = rg_mustache_render(name, tmpl, tlen, model, &opts, len, diag);
    rg_free(tmpl);
    return out;
}
