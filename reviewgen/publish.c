/* publish.c -- writes a build's outputs and store rows all or nothing:
 * render everything, stage every file beside its target, commit the store,
 * then rename (README, "Errors"; RELIABILITY 12). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "chart_timeline.h"
#include "html_post.h"
#include "lint.h"
#include "output.h"
#include "render_html.h"
#include "store.h"
#include "templates.h"

enum { OUT_MD, OUT_HTML, OUT_JSON, OUT_SVG, OUT_COUNT };

int rg_publish(const rg_build *b, json_t *model, const char *out_dir, const char *db_path,
               const char *templates_dir, rg_diag *diag)
{
    int rc = -1;
    char *md = NULL, *html = NULL, *js = NULL, *shell = NULL, *style = NULL, *svg = NULL;
    size_t md_len = 0, html_len = 0, shell_len = 0, style_len = 0, svg_len = 0;
    rg_pending pend[OUT_COUNT];
    memset(pend, 0, sizeof(pend));
    rg_store *st = NULL;

    if (rg_output_dir(out_dir, diag) != 0)
        goto done;
    md = rg_render_markdown(model, templates_dir, &md_len, diag);
    if (!md)
        goto done;
    /* The build lints the review it writes (README, "Blameless wording"):
     * the findings go into the model and at the very end of the appendix, so
     * the lines they name do not move when the review is rendered again. */
    json_t *lint = rg_lint_review_json(model, md, md_len, diag);
    if (!lint)
        goto done;
    json_object_set_new(model, "has_lint", json_boolean(json_array_size(lint) > 0));
    json_object_set_new(model, "lint", lint);
    rg_free(md);
    md = rg_render_markdown(model, templates_dir, &md_len, diag);
    if (!md)
        goto done;
    shell = rg_template_load(templates_dir, "review.html.mustache", &shell_len, diag);
    style = shell ? rg_template_load(templates_dir, "style.css", &style_len, diag) : NULL;
    if (!style)
        goto done;
    const char *title =
        json_string_value(json_object_get(json_object_get(model, "incident"), "title"));
    /* The chart first: the HTML inlines it from memory, so an old
     * timeline.svg in the output folder is never what the report shows. */
    svg = rg_chart_timeline(b, &svg_len, diag);
    if (!svg)
        goto done;
    rg_html_file files[] = {{"timeline.svg", svg, svg_len}};
    rg_html_post_opts post;
    memset(&post, 0, sizeof(post));
    post.md = md;
    post.md_len = md_len;
    post.files = files;
    post.n_files = 1;
    post.model = model; /* the metric cards */
    html = rg_render_html_model("review.md", md, md_len, title ? title : "Incident review", shell,
                                shell_len, style, style_len, &post, &html_len, diag);
    if (!html)
        goto done;
    /* Insertion order and fixed indentation: the keys come in the order the
     * README documents, and the same inputs give byte-identical JSON. */
    js = json_dumps(model, JSON_INDENT(2));
    if (!js) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing review.json");
        goto done;
    }
    const char *names[OUT_COUNT] = {"review.md", "review.html", "review.json", "timeline.svg"};
    const char *data[OUT_COUNT] = {md, html, js, svg};
    size_t lens[OUT_COUNT] = {md_len, html_len, strlen(js), svg_len};
    char *with_nl = NULL;
    for (int i = 0; i < OUT_COUNT; i++) {
        char target[4096];
        snprintf(target, sizeof(target), "%s/%s", out_dir, names[i]);
        if (i == OUT_JSON) {
            with_nl = rg_malloc(lens[i] + 2);
            if (!with_nl) {
                rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
                goto done;
            }
            memcpy(with_nl, data[i], lens[i]);
            with_nl[lens[i]++] = '\n';
            data[i] = with_nl;
        }
        int r = rg_output_stage(&pend[i], target, data[i], lens[i], diag);
        if (i == OUT_JSON)
            rg_free(with_nl);
        if (r != 0)
            goto done;
    }
    if (db_path) {
        st = rg_store_open(db_path, diag);
        if (!st || rg_store_save(st, model, diag) != 0)
            goto done;
    }
    for (int i = 0; i < OUT_COUNT; i++)
        if (rg_output_commit(&pend[i], diag) != 0)
            goto done;
    rc = 0;
done:
    for (int i = 0; i < OUT_COUNT; i++)
        rg_output_discard(&pend[i]);
    if (st)
        rg_store_close(st);
    rg_free(md);
    rg_free(html);
    free(js);
    rg_free(shell);
    rg_free(style);
    rg_free(svg);
    return rc;
}
