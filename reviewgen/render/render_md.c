/* render_md.c -- the Markdown review: review.md.mustache over the model, with
 * every value Markdown-escaped unless the template uses triple braces for the
 * lead's own Markdown from the manifest (README, "Rendering"). */
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "mustache.h"
#include "templates.h"

char *rg_render_markdown(const json_t *model, const char *templates_dir, size_t *len, rg_diag *diag)
{
    size_t tlen;
    const char *name = "review.md.mustache";
    char *tmpl = rg_template_load(templates_dir, name, &tlen, diag);
    if (!tmpl)
        return NULL;
    /* {{> name}} loads name.md.mustache from the same place as the review
     * template */
    rg_template_partials p = {templates_dir, ".md.mustache"};
    rg_mustache_opts opts = {RG_ESCAPE_MARKDOWN, rg_template_partial, &p};
    char *out = rg_mustache_render(name, tmpl, tlen, model, &opts, len, diag);
    rg_free(tmpl);
    return out;
}
