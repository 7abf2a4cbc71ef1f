/* render_html.c -- a Markdown review to one self-contained HTML file: the
 * input's size checked against the caps in render_html.h, cmark-gfm in safe
 * mode for the body, html_post.c's pass over it, our Mustache shell and
 * stylesheet around it. */
#include "render_html.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "cmguard.h"
#include "jsonutil.h"
#include "links.h"
#include "mustache.h"

/* The GFM extensions a review uses: tables (timeline, metrics), task lists
 * (action items), strikethrough and autolinks (what people paste). */
static const char *const extensions[] = {"table", "strikethrough", "autolink", "tasklist"};

/* Unescaped '|' in s[0..n): a '|' after an odd run of backslashes is text, and
 * costs cmark-gfm's table parser nothing. */
static size_t count_pipes(const char *s, size_t n)
{
    size_t pipes = 0, backslashes = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '|' && backslashes % 2 == 0)
            pipes++;
        backslashes = s[i] == '\\' ? backslashes + 1 : 0;
    }
    return pipes;
}

static int is_email_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_' || c == '+';
}

/* '@' between two address characters: what the autolink extension tries to
 * turn into a mailto: link, at a cost that grows with the line's length. */
static size_t count_emails(const char *s, size_t n)
{
    size_t found = 0;
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '@' && is_email_char((unsigned char)s[i - 1]) &&
            is_email_char((unsigned char)s[i + 1]))
            found++;
    return found;
}

/* Container blocks opened at the start of a line: '>' and list markers
 * ("-", "+", "*", "1.", "1)") each followed by a space or a tab. */
static size_t count_nesting(const char *s, size_t n)
{
    size_t depth = 0, i = 0;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n)
            break;
        if (s[i] == '>') {
            depth++;
            i++;
            continue;
        }
        size_t j = i;
        if (s[j] == '-' || s[j] == '+' || s[j] == '*') {
            j++;
        } else {
            while (j < n && j - i < 9 && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i || j >= n || (s[j] != '.' && s[j] != ')'))
                break;
            j++;
        }
        if (j >= n || (s[j] != ' ' && s[j] != '\t'))
            break;
        depth++;
        i = j;
    }
    return depth;
}

/* A table's delimiter row ("|---|:--:|"), after any block-quote or list
 * markers: only '|', '-', ':' and blanks, with at least one '|' and one '-'.
 * Returns its column count (runs of '-' and ':'), 0 when it is not one. */
static size_t delimiter_columns(const char *s, size_t n)
{
    size_t i = 0, columns = 0;
    int pipe = 0, dash = 0, in_cell = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
        i++;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '-' || c == ':') {
            dash |= c == '-';
            if (!in_cell)
                columns++;
            in_cell = 1;
        } else if (c == '|') {
            pipe = 1;
            in_cell = 0;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            continue;
        } else {
            return 0;
        }
    }
    return pipe && dash ? columns : 0;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '>')
            return 0;
    return 1;
}

/* Refuses Markdown that cmark-gfm 0.29.0.gfm.6 (the version Debian and Ubuntu
 * ship) would take seconds or gigabytes to render; the caps are documented,
 * with the measurements behind them, in render_html.h. One linear pass. */
static int check_caps(const char *name, const char *md, size_t md_len, int *no_autolink,
                      rg_diag *diag)
{
    if (md_len > RG_MD_MAX_BYTES)
        return rg_diag_error(diag, name, 0, 0,
                             "too large to render as HTML: %zu bytes (the limit is %d, 8 MiB)",
                             md_len, RG_MD_MAX_BYTES);
    size_t table_columns = 0; /* of the table being read; 0 outside tables */
    size_t table_cells = 0, prev_pipes = 0;
    long line = 0;
    for (size_t at = 0; at < md_len; line++) {
        const char *s = md + at;
        const char *nl = memchr(s, '\n', md_len - at);
        size_t n = nl ? (size_t)(nl - s) : md_len - at;
        at += n + 1;

        size_t depth = count_nesting(s, n);
        if (depth > RG_MD_MAX_NESTING)
            return rg_diag_error(diag, name, line + 1, 1,
                                 "%zu nested block quotes or lists (the limit is %d)", depth,
                                 RG_MD_MAX_NESTING);
        /* Only the autolink extension pays for addresses, and the text is the
         * same without it: a line over the cap (a pasted mailing list in
         * chat) costs the document its mailto: links, not its HTML. */
        size_t emails = count_emails(s, n);
        if (emails > RG_MD_MAX_EMAILS_PER_LINE && !*no_autolink) {
            *no_autolink = 1;
            rg_diag_warn(diag, name, line + 1, 1, "too-many-emails",
                         "%zu e-mail addresses on one line (the limit is %d): no address is "
                         "linked in the HTML",
                         emails, RG_MD_MAX_EMAILS_PER_LINE);
        }

        size_t pipes = count_pipes(s, n);
        if (is_blank(s, n)) {
            table_columns = 0;
        } else if (table_columns == 0) {
            size_t columns = delimiter_columns(s, n);
            if (columns > 0) { /* the header row was the line before */
                table_columns = columns;
                table_cells += columns > prev_pipes + 1 ? columns : prev_pipes + 1;
            }
        }
        if (table_columns > 0) {
            if (pipes > RG_MD_MAX_TABLE_PIPES)
                return rg_diag_error(diag, name, line + 1, 1,
                                     "table row has %zu '|' (the limit is %d)", pipes,
                                     RG_MD_MAX_TABLE_PIPES);
            /* A short row is padded to the header's width: cells cost what
             * the wider of the two has. */
            table_cells += table_columns > pipes + 1 ? table_columns : pipes + 1;
            if (table_cells > RG_MD_MAX_TABLE_CELLS)
                return rg_diag_error(diag, name, line + 1, 1,
                                     "tables have more than %d cells (the limit)",
                                     RG_MD_MAX_TABLE_CELLS);
        }
        prev_pipes = pipes;
    }
    return 0;
}

/* The next node after n in document order, n's children not visited. */
static cmark_node *after(cmark_node *n, cmark_node *root)
{
    while (n && n != root && !cmark_node_next(n))
        n = cmark_node_parent(n);
    return n && n != root ? cmark_node_next(n) : NULL;
}

/* Every link the report may not keep (links.h) is dropped here, where its
 * address and line are still known: cmark-gfm's safe mode would blank a
 * javascript: or data: link to href="" and the post-processor could not
 * say which link it was nor where. The link's text stays, in its place.
 * No recursion: links sit in paragraphs nested as deep as the Markdown. */
static void drop_links(cmark_node *root, const char *name, rg_diag *diag)
{
    cmark_node *n = root;
    while (n) {
        const char *url = cmark_node_get_type(n) == CMARK_NODE_LINK ? cmark_node_get_url(n) : NULL;
        const char *why = url ? rg_link_refused(url) : NULL;
        if (!why) {
            cmark_node *child = cmark_node_first_child(n);
            n = child ? child : after(n, root);
            continue;
        }
        rg_link_warn(diag, name, cmark_node_get_start_line(n), url, why);
        cmark_node *first = cmark_node_first_child(n), *next = after(n, root), *c;
        while ((c = cmark_node_first_child(n)) != NULL)
            if (!cmark_node_insert_before(n, c))
                break; /* never for a link's inlines; the post-processor drops it then */
        if (!cmark_node_first_child(n))
            cmark_node_free(n);
        else
            first = NULL; /* left in place: go on after it */
        n = first ? first : next;
    }
}

/* One render inside rg_cm_run (cmguard.h): the result copied out with
 * rg_malloc into html, so nothing of cmark-gfm's outlives the run. */
typedef struct cm_render {
    const char *md, *name;
    size_t md_len;
    int options;
    rg_diag *diag;
    char *html; /* out: rg_malloc'd */
    size_t html_len;
    const char *missing; /* out: the extension cmark-gfm lacks */
    int no_autolink;     /* 1: render without the autolink extension */
} cm_render;

/* Returns 0, or -2 when an extension is missing. */
static int cm_render_run(void *ctx)
{
    cm_render *r = ctx;
    cmark_parser *parser = cmark_parser_new_with_mem(r->options, rg_cm_mem());
    for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
        if (r->no_autolink && strcmp(extensions[i], "autolink") == 0)
            continue;
        cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
        if (!ext || !cmark_parser_attach_syntax_extension(parser, ext)) {
            r->missing = extensions[i];
            cmark_parser_free(parser);
            return -2;
        }
    }
    cmark_parser_feed(parser, r->md, r->md_len);
    cmark_node *doc = cmark_parser_finish(parser);
    drop_links(doc, r->name, r->diag);
    char *html = cmark_render_html_with_mem(
        doc, r->options, cmark_parser_get_syntax_extensions(parser), rg_cm_mem());
    cmark_node_free(doc);
    cmark_parser_free(parser);
    r->html_len = strlen(html);
    r->html = rg_cm_need(rg_strndup(html, r->html_len));
    rg_cm_mem()->free(html);
    return 0;
}

char *rg_markdown_to_html_named(const char *name, const char *md, size_t md_len, size_t *out_len,
                                rg_diag *diag)
{
    int no_autolink = 0;
    if (check_caps(name, md, md_len, &no_autolink, diag) != 0)
        return NULL;
    /* CMARK_OPT_DEFAULT is safe mode: raw HTML becomes "<!-- raw HTML
     * omitted -->" and javascript:, vbscript:, file: and data: (other than
     * images) links an empty href. VALIDATE_UTF8 keeps the promise of <meta
     * charset="utf-8">: invalid bytes become U+FFFD. Never CMARK_OPT_UNSAFE. */
    cm_render r = {md, name, md_len,     CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8, diag, NULL,
                   0,  NULL, no_autolink};
    int rc = rg_cm_run(cm_render_run, &r);
    if (rc == -2) {
        rg_diag_error(diag, name, 0, 0, "cmark-gfm has no '%s' extension", r.missing);
        return NULL;
    }
    if (rc != 0) {
        rg_diag_error(diag, name, 0, 0, "out of memory rendering HTML");
        return NULL;
    }
    if (out_len)
        *out_len = r.html_len;
    return r.html;
}

char *rg_markdown_to_html(const char *md, size_t md_len, size_t *out_len, rg_diag *diag)
{
    return rg_markdown_to_html_named("review.md", md, md_len, out_len, diag);
}

char *rg_render_html_model(const char *name, const char *md, size_t md_len, const char *title,
                           const char *shell, size_t shell_len, const char *style, size_t style_len,
                           const rg_html_post_opts *post, size_t *out_len, rg_diag *diag)
{
    size_t raw_len = 0, body_len = 0;
    char *raw = rg_markdown_to_html_named(name, md, md_len, &raw_len, diag);
    if (!raw)
        return NULL;
    rg_html_post_opts opts;
    if (post)
        opts = *post;
    else
        memset(&opts, 0, sizeof(opts));
    opts.md_name = name;
    opts.md = md;
    opts.md_len = md_len;
    char *h1 = NULL;
    char *body = rg_html_postprocess(raw, raw_len, &opts, &body_len, &h1, diag);
    rg_free(raw);
    if (!body)
        return NULL;
    if (!title)
        title = h1 ? h1 : rg_json_str(json_object_get(opts.model, "incident"), "title");
    if (!title)
        title = name;
    char *out = NULL;
    json_t *data = json_object();
    if (!data || json_object_set_new(data, "title", json_string(title)) != 0 ||
        json_object_set_new(data, "body", json_stringn(body, body_len)) != 0 ||
        json_object_set_new(data, "style", json_stringn(style ? style : "", style_len)) != 0) {
        /* json_string* is NULL for text that is not UTF-8: the body is valid
         * (VALIDATE_UTF8), so it is the title or the stylesheet. */
        rg_diag_error(diag, name, 0, 0,
                      "cannot render HTML: the title or the stylesheet is not UTF-8 text, or "
                      "out of memory");
        goto done;
    }
    rg_mustache_opts mopts = {RG_ESCAPE_HTML, NULL, NULL};
    out = rg_mustache_render("review.html.mustache", shell, shell_len, data, &mopts, out_len, diag);
done:
    json_decref(data);
    rg_free(body);
    rg_free(h1);
    return out;
}

char *rg_render_html_named(const char *name, const char *md, size_t md_len, const char *title,
                           const char *shell, size_t shell_len, const char *style, size_t style_len,
                           size_t *out_len, rg_diag *diag)
{
    return rg_render_html_model(name, md, md_len, title ? title : "", shell, shell_len, style,
                                style_len, NULL, out_len, diag);
}

char *rg_render_html(const char *md, size_t md_len, const char *title, const char *shell,
                     size_t shell_len, const char *style, size_t style_len, size_t *out_len,
                     rg_diag *diag)
{
    return rg_render_html_named("review.md", md, md_len, title, shell, shell_len, style, style_len,
                                out_len, diag);
}
