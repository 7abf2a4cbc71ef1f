/* render_html.h -- a Markdown review to one self-contained HTML file:
 * cmark-gfm in safe mode for the body, the HTML shell template around it. */
#ifndef RG_RENDER_HTML_H
#define RG_RENDER_HTML_H

#include <stddef.h>

#include "diag.h"
#include "html_post.h"

/* Caps on the Markdown rendered to HTML (RELIABILITY 9). Distributions ship
 * cmark-gfm 0.29.0.gfm.6, from before the fixes for its quadratic inputs.
 * Measured there (one core, -O2), the worst input the caps let through
 * takes 2-5 s and up to 2 GB; for scale, any 8 MiB of one-character
 * paragraphs already takes cmark-gfm 2 s and 1.2 GB, hence the cap on the
 * whole:
 * - RG_MD_MAX_BYTES: the whole document (a review of 150 timeline entries is
 *   46 KB). Emphasis, brackets, backticks, link openers and HTML comments
 *   were measured linear (8 MiB of nested strong emphasis: 3.4 s).
 * - RG_MD_MAX_TABLE_PIPES: unescaped '|' in one line of a table (the header,
 *   the delimiter row and the rows below it, up to a blank line): a row costs
 *   the square of its cells (40,000 cells: 3 s for one row). Escaped "\|", as
 *   reviewgen writes text, is free.
 * - RG_MD_MAX_TABLE_CELLS: all tables' cells, each line counting its '|' + 1
 *   or the header's width, whichever is more, because cmark-gfm pads short
 *   rows (a 1,000-column header over 40,000 two-byte rows made 400 MB of
 *   HTML). Two million is a 7-column table of 220,000 rows.
 * - RG_MD_MAX_EMAILS_PER_LINE: e-mail addresses ('@' between two address
 *   characters) on one line; autolinking costs addresses x line length.
 *   Over it the document is not refused: it is rendered without the
 *   autolink extension (the same text, no mailto: links), with the warning
 *   "review.md:3:1: 101 e-mail addresses on one line (the limit is 100): no
 *   address is linked in the HTML". Escaping cannot stop the extension (it
 *   reads text after escapes are resolved), and a chat message pasting a
 *   mailing list must not cost the review its HTML (found by fuzzing).
 * - RG_MD_MAX_NESTING: block quotes and list markers opened at the start of
 *   one line, each line being matched against every open container (">" x
 *   4 million: 108 MB of HTML; "- " x 32 on every line of 8 MiB: 5 s, 2 GB).
 *   A review nests two or three deep.
 * Over any other cap the whole document is refused, with the line that broke it:
 *   "review.md: too large to render as HTML: 9437184 bytes (the limit is 8388608, 8 MiB)"
 *   "review.md:12:1: table row has 501 '|' (the limit is 500)" */
#define RG_MD_MAX_BYTES (8 * 1024 * 1024)
#define RG_MD_MAX_TABLE_PIPES 500
#define RG_MD_MAX_TABLE_CELLS 2000000
#define RG_MD_MAX_EMAILS_PER_LINE 100
#define RG_MD_MAX_NESTING 32

/* Renders GitHub-flavoured Markdown (tables, task lists, strikethrough,
 * autolinks) to an HTML fragment in cmark-gfm's safe mode (raw HTML
 * removed). Links links.h does not allow (javascript:, data:, "//host",
 * "../../x"...) are dropped, their text kept, each with the warning
 *   "review.md:LINE: link to \"HREF\" dropped: WHY"
 * Inputs larger than the renderer can take safely are refused with an
 * error. Caller frees with rg_free(). */
char *rg_markdown_to_html(const char *md, size_t md_len, size_t *out_len, rg_diag *diag);
/* The same, naming the Markdown `name` in errors (rg_markdown_to_html says
 * "review.md"): for `reviewgen html FILE`. */
char *rg_markdown_to_html_named(const char *name, const char *md, size_t md_len, size_t *out_len,
                                rg_diag *diag);

/* Renders a whole document: shell (an HTML Mustache template with {{title}},
 * {{{body}}} and {{{style}}}) around the Markdown's HTML body, style being the
 * stylesheet text. The shell must carry <meta charset> and a
 * Content-Security-Policy that forbids scripts and remote loads. Caller frees
 * with rg_free(). NULL with an error in diag. */
char *rg_render_html(const char *md, size_t md_len, const char *title, const char *shell,
                     size_t shell_len, const char *style, size_t style_len, size_t *out_len,
                     rg_diag *diag);
/* The same, naming the Markdown `name` in errors and warnings (rg_render_html
 * says "review.md"). Both post-process the body (rg_html_postprocess) with
 * no folder and no model: ids, contents, table classes, remote and local
 * images dropped with a warning; use rg_render_html_model for the rest. */
char *rg_render_html_named(const char *name, const char *md, size_t md_len, const char *title,
                           const char *shell, size_t shell_len, const char *style, size_t style_len,
                           size_t *out_len, rg_diag *diag);

/* The whole document as `build` and `reviewgen html` write it: as
 * rg_render_html_named, with post (may be NULL) giving the review's folder
 * and in-memory files for local images and the model for the metric cards
 * (post->md_name and post->md are set from name and md). title NULL: the
 * first h1's text, else the model's incident title, else name. Caller frees
 * with rg_free(). NULL with an error in diag; warnings (dropped images) are
 * counted in diag. */
char *rg_render_html_model(const char *name, const char *md, size_t md_len, const char *title,
                           const char *shell, size_t shell_len, const char *style, size_t style_len,
                           const rg_html_post_opts *post, size_t *out_len, rg_diag *diag);

#endif
