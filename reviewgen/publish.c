/* publish.c -- writes a build's outputs and store rows all or nothing:
 * render everything, stage every file beside its target, commit the store,
 * then rename (README, "Errors"; RELIABILITY 12). An edited review.md is
 * never overwritten: its edits are read back and published instead (README,
 * "The review as a working document"). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "build.h"
#include "chart_timeline.h"
#include "draft.h"
#include "html_post.h"
#include "jsonutil.h"
#include "lint.h"
#include "modelval.h"
#include "output.h"
#include "render_html.h"
#include "store.h"
#include "templates.h"

/* The Markdown of model, linted: the findings go into the model and at the
 * very end of the appendix, so the lines they name do not move when it is
 * rendered again (README, "Blameless wording"). Caller frees with rg_free. */
static char *render_linted(json_t *model, const char *templates_dir, size_t *len, rg_diag *diag)
{
    char *md = rg_render_markdown(model, templates_dir, len, diag);
    if (!md)
        return NULL;
    json_t *lint = rg_lint_review_json(model, md, *len, diag);
    rg_free(md);
    if (!lint)
        return NULL;
    json_object_set_new(model, "has_lint", json_boolean(json_array_size(lint) > 0));
    json_object_set_new(model, "lint", lint);
    return rg_render_markdown(model, templates_dir, len, diag);
}

/* What one publish writes. */
typedef struct outputs {
    const char *md_name; /* the review's file name in out_dir */
    const char *md;      /* NULL: review.md is left as it is */
    size_t md_len;
    const char *new_md; /* review.new.md, or NULL */
    size_t new_len;
    const char *html_md; /* the Markdown the HTML is made of */
    size_t html_md_len;
    const char *html_name;
} outputs;

enum { OUT_MD, OUT_NEW, OUT_HTML, OUT_JSON, OUT_SVG, OUT_COUNT };

static int write_all(const rg_build *b, json_t *model, const char *out_dir, const outputs *w,
                     const char *db_path, const char *templates_dir, rg_diag *diag)
{
    int rc = -1;
    char *html = NULL, *js = NULL, *shell = NULL, *style = NULL, *svg = NULL, *with_nl = NULL;
    size_t html_len = 0, shell_len = 0, style_len = 0, svg_len = 0;
    rg_pending pend[OUT_COUNT];
    memset(pend, 0, sizeof(pend));
    rg_store *st = NULL;

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
    post.md = w->html_md;
    post.md_len = w->html_md_len;
    post.files = files;
    post.n_files = 1;
    post.model = model; /* the metric cards */
    html = rg_render_html_model(w->md_name, w->html_md, w->html_md_len,
                                title ? title : "Incident review", shell, shell_len, style,
                                style_len, &post, &html_len, diag);
    if (!html)
        goto done;
    /* Insertion order and fixed indentation: the keys come in the order the
     * README documents, and the same inputs give byte-identical JSON. */
    js = json_dumps(model, JSON_INDENT(2));
    size_t js_len = js ? strlen(js) : 0;
    with_nl = js ? rg_malloc(js_len + 2) : NULL;
    if (!with_nl) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing review.json");
        goto done;
    }
    memcpy(with_nl, js, js_len);
    with_nl[js_len++] = '\n';
    const char *names[OUT_COUNT] = {w->md_name, "review.new.md", w->html_name, "review.json",
                                    "timeline.svg"};
    const char *data[OUT_COUNT] = {w->md, w->new_md, html, with_nl, svg};
    size_t lens[OUT_COUNT] = {w->md_len, w->new_len, html_len, js_len, svg_len};
    for (int i = 0; i < OUT_COUNT; i++) {
        if (!data[i])
            continue;
        char target[4096];
        snprintf(target, sizeof(target), "%s/%s", out_dir, names[i]);
        if (rg_output_stage(&pend[i], target, data[i], lens[i], diag) != 0)
            goto done;
    }
    if (db_path) {
        st = rg_store_open(db_path, diag);
        if (!st || rg_store_save(st, model, diag) != 0)
            goto done;
    }
    for (int i = 0; i < OUT_COUNT; i++)
        if (data[i] && rg_output_commit(&pend[i], diag) != 0)
            goto done;
    rc = 0;
done:
    for (int i = 0; i < OUT_COUNT; i++)
        rg_output_discard(&pend[i]);
    if (st)
        rg_store_close(st);
    rg_free(html);
    free(js);
    rg_free(with_nl);
    rg_free(shell);
    rg_free(style);
    rg_free(svg);
    return rc;
}

/* path as seen from folder `from` ("../samples/inc-2041"), so the output
 * folder and the evidence can move together; as given when either cannot be
 * resolved. Caller frees with rg_free. */
static char *relative_to(const char *from, const char *path)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(from, a) || !realpath(path, b))
        return rg_strdup(path);
    /* the longest common run of whole components */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        int end_a = a[i] == '\0' || a[i] == '/', end_b = b[i] == '\0' || b[i] == '/';
        if (end_a && end_b)
            common = i;
        if (a[i] != b[i] || !a[i])
            break;
    }
    rg_buf out = {0};
    int rc = 0;
    for (const char *p = a + common; *p; p++)
        if (*p == '/' && p[1])
            rc |= rg_buf_puts(&out, out.len ? "/.." : "..");
    const char *rest = b + common;
    while (*rest == '/')
        rest++;
    if (*rest)
        rc |= rg_buf_printf(&out, "%s%s", out.len ? "/" : "", rest);
    if (rc) {
        rg_buf_free(&out);
        return NULL;
    }
    if (!out.data || !out.len) {
        rg_buf_free(&out);
        return rg_strdup(".");
    }
    return out.data;
}

/* review.json "draft": what build wrote as the draft, against which edits
 * are told apart (README, "Outputs"). */
static void set_draft_record(json_t *model, const rg_build *b, const char *out_dir,
                             const char *md_name, const char *hash, int anonymized, json_t *base,
                             json_t *regions)
{
    json_t *d = json_object();
    rg_model_set_str(d, "file", md_name);
    rg_model_set_str(d, "hash", hash);
    char *folder = b->dir ? relative_to(out_dir, b->dir) : NULL;
    rg_model_set_str(d, "folder", folder);
    rg_free(folder);
    json_object_set_new(d, "anonymized", json_boolean(anonymized));
    json_object_set_new(d, "base", base ? base : json_object());
    json_object_set_new(d, "regions", regions ? regions : json_object());
    json_object_set_new(model, "draft", d);
}

static json_t *base_of(const char *md, size_t len, rg_diag *diag)
{
    rg_arena *a = rg_arena_new();
    rg_draft d;
    json_t *base = NULL;
    if (a && rg_draft_parse(&d, "review.md", md, len, a, diag) == 0)
        base = rg_draft_base_json(&d);
    rg_arena_free(a);
    return base;
}

static int fresh(const rg_build *b, json_t *model, const rg_publish_opts *o, rg_diag *diag)
{
    size_t md_len;
    char *md = render_linted(model, o->templates_dir, &md_len, diag);
    if (!md)
        return -1;
    char hash[32];
    /* jansson swallows failed allocations: count them instead */
    unsigned long failures = rg_alloc_failures();
    json_t *base = base_of(md, md_len, diag);
    if (base)
        set_draft_record(model, b, o->out_dir, "review.md", rg_draft_hash(md, md_len, hash),
                         o->anonymized, base, rg_draft_regions(md, md_len));
    if (!base || rg_alloc_failures() != failures) {
        rg_free(md);
        return rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
    }
    outputs w = {"review.md", md, md_len, NULL, 0, md, md_len, "review.html"};
    int rc = write_all(b, model, o->out_dir, &w, o->db_path, o->templates_dir, diag);
    rg_free(md);
    return rc;
}

/* The edited path: edits read back from `edited` (the file md_name in
 * out_dir) and applied to b; model0 is the evidence's model. */
static int publish_edits(rg_build *b, json_t *model0, const json_t *old_model, const char *edited,
                         size_t edited_len, const char *md_name, const rg_publish_opts *o,
                         rg_publish_result *res, rg_diag *diag)
{
    int rc = -1;
    unsigned long failures = rg_alloc_failures();
    rg_arena *a = rg_arena_new();
    char *new_md = NULL, *md1 = NULL, *pub = NULL;
    size_t new_len = 0, md1_len = 0, pub_len = 0;
    json_t *base = NULL, *model1 = NULL;
    rg_draft d;
    if (!a) {
        rg_diag_error(diag, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* An edit that cannot be read stops everything before anything is
     * written. */
    /* messages name the file as the user knows it; origins in the model
     * name it as the review's folder does */
    char shown[4200];
    if (o->draft_path)
        snprintf(shown, sizeof(shown), "%s", o->draft_path);
    else
        snprintf(shown, sizeof(shown), "%s/%s", o->out_dir, md_name);
    if (rg_draft_parse(&d, shown, edited, edited_len, a, diag) != 0) {
        res->input_error = 1;
        goto done;
    }
    const json_t *old_draft = json_object_get(old_model, "draft");
    const json_t *written = json_object_get(old_draft, "regions");
    base = json_deep_copy(json_object_get(old_draft, "base"));
    /* the new draft, from today's evidence and the manifest: review.new.md
     * for build, and what reviewgen would have written when review.json
     * keeps no record of it */
    json_t *copy = json_deep_copy(model0);
    new_md = copy ? render_linted(copy, o->templates_dir, &new_len, diag) : NULL;
    json_decref(copy);
    if (!new_md)
        goto done;
    if (!base && !(base = base_of(new_md, new_len, diag)))
        goto done;
    if (rg_draft_apply(b, &d, base, model0, md_name, &res->n_edits, diag) != 0) {
        res->input_error = diag->has_error && strncmp(diag->error, md_name, strlen(md_name)) == 0;
        goto done;
    }
    model1 = rg_model_build(b);
    if (!model1 || !(res->changes = rg_draft_changes(model0, model1))) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    res->missing = json_array();
    res->kept = json_array();
    /* The computed parts of the draft from the new model; the lint findings
     * of the result at its very end, as build does. */
    for (int pass = 0; pass < 2; pass++) {
        rg_free(md1);
        rg_free(pub);
        md1 = rg_render_markdown(model1, o->templates_dir, &md1_len, diag);
        pub = md1 ? rg_draft_refresh(edited, edited_len, md1, md1_len, written, new_md, new_len,
                                     &pub_len, pass ? res->missing : NULL, pass ? res->kept : NULL)
                  : NULL;
        if (!pub)
            goto done;
        if (pass == 0) {
            json_t *lint = rg_lint_review_json(model1, pub, pub_len, diag);
            if (!lint)
                goto done;
            json_object_set_new(model1, "has_lint", json_boolean(json_array_size(lint) > 0));
            json_object_set_new(model1, "lint", lint);
        }
    }
    /* The milestone table was refreshed: a row the lead did not edit now
     * shows today's value, which must not read as an edit next time. */
    rg_draft pd;
    json_t *ms = json_object_get(base, "milestones");
    if (ms && rg_draft_parse(&pd, md_name, pub, pub_len, a, diag) == 0) {
        for (int i = 0; i < RG_MS_COUNT; i++)
            if (pd.ms[i].present && !b->manifest.milestone_origin[i])
                json_object_set_new(ms, rg_milestone_name((rg_milestone_id)i),
                                    json_string(pd.ms[i].cell));
    }
    /* the regions refreshed are reviewgen's again; those kept stay the
     * lead's */
    json_t *regions = rg_draft_regions(pub, pub_len);
    for (size_t i = 0; regions && i < json_array_size(res->kept); i++) {
        const char *name = json_string_value(json_array_get(res->kept, i));
        const json_t *was = json_object_get(written, name);
        if (was)
            json_object_set(regions, name, (json_t *)was);
        else
            json_object_del(regions, name);
    }
    const char *hash = json_string_value(json_object_get(old_draft, "hash"));
    json_incref(base);
    set_draft_record(model1, b, o->out_dir, md_name, hash, o->anonymized, base, regions);
    if (rg_alloc_failures() != failures) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    res->draft_refreshed = pub_len != edited_len || memcmp(pub, edited, pub_len) != 0;
    char html_name[512];
    size_t nl = strlen(md_name);
    if (nl > 3 && strcmp(md_name + nl - 3, ".md") == 0)
        nl -= 3;
    snprintf(html_name, sizeof(html_name), "%.*s.html", (int)nl, md_name);
    outputs w = {md_name, res->draft_refreshed ? pub : NULL,
                 pub_len, o->draft_path ? NULL : new_md,
                 new_len, pub,
                 pub_len, html_name};
    if (write_all(b, model1, o->out_dir, &w, o->db_path, o->templates_dir, diag) != 0)
        goto done;
    res->model = model1;
    model1 = NULL;
    rc = 0;
done:
    json_decref(base);
    json_decref(model1);
    rg_free(new_md);
    rg_free(md1);
    rg_free(pub);
    rg_arena_free(a);
    return rc;
}

int rg_publish_ex(rg_build *b, json_t *model, const rg_publish_opts *o, rg_publish_result *res,
                  rg_diag *diag)
{
    memset(res, 0, sizeof(*res));
    if (rg_output_dir(o->out_dir, diag) != 0)
        return -1;
    char md_path[4096], json_path[4096];
    const char *md_name = "review.md";
    if (o->draft_path) {
        const char *slash = strrchr(o->draft_path, '/');
        md_name = slash ? slash + 1 : o->draft_path;
    }
    snprintf(md_path, sizeof(md_path), "%s/%s", o->out_dir, md_name);
    snprintf(json_path, sizeof(json_path), "%s/review.json", o->out_dir);
    struct stat sb;
    int have_md = stat(md_path, &sb) == 0;
    if (!o->draft_path && (o->force || !have_md)) {
        json_incref(model);
        res->model = model;
        return fresh(b, model, o, diag);
    }
    size_t len = 0;
    char *text = rg_read_file(md_path, &len, diag);
    if (!text)
        return -1;
    /* review.json beside it says what reviewgen wrote; a review.json that
     * does not load counts as none (an edited draft is then kept all the
     * same) */
    rg_diag tmp;
    rg_diag_init(&tmp);
    json_t *old_model = stat(json_path, &sb) == 0 ? rg_json_load(json_path, 0, &tmp) : NULL;
    rg_diag_free(&tmp);
    const char *old_hash =
        json_string_value(json_object_get(json_object_get(old_model, "draft"), "hash"));
    char hash[32];
    int rc;
    if (!o->draft_path && old_hash && strcmp(rg_draft_hash(text, len, hash), old_hash) == 0) {
        /* untouched since reviewgen wrote it: replaced by the new draft */
        json_incref(model);
        res->model = model;
        rc = fresh(b, model, o, diag);
    } else {
        res->kept_edited = !o->draft_path;
        rc = publish_edits(b, model, old_model, text, len, md_name, o, res, diag);
    }
    json_decref(old_model);
    rg_free(text);
    return rc;
}

int rg_publish(rg_build *b, json_t *model, const char *out_dir, const char *db_path,
               const char *templates_dir, rg_diag *diag)
{
    rg_publish_opts o = {out_dir, db_path, templates_dir, 0, NULL, 0};
    rg_publish_result r;
    int rc = rg_publish_ex(b, model, &o, &r, diag);
    rg_publish_result_free(&r);
    return rc;
}

void rg_publish_result_free(rg_publish_result *r)
{
    json_decref(r->changes);
    json_decref(r->missing);
    json_decref(r->kept);
    json_decref(r->model);
    memset(r, 0, sizeof(*r));
}
