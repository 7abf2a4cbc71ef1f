/* render_html.h -- a Markdown review to one self-contained HTML file:
 * cmark-gfm in safe mode for the body, the HTML shell template around it. */
#ifndef RG_RENDER_HTML_H
#define RG_RENDER_HTML_H

#include <stddef.h>

#include "diag.h"

/* Renders GitHub-flavoured Markdown (tables, task lists, strikethrough,
 * autolinks) to an HTML fragment in cmark-gfm's safe mode (raw HTML and
 * javascript:/vbscript:/file:/data: links removed). Inputs larger than the
 * renderer can take safely are refused with an error. Caller frees with rg_free(). */
char *rg_markdown_to_html(const char *md, size_t md_len, size_t *out_len, rg_diag *diag);

/* Renders a whole document: shell (an HTML Mustache template with {{title}},
 * {{{body}}} and {{{style}}}) around the Markdown's HTML body, style being the
 * stylesheet text. The shell must carry <meta charset> and a
 * Content-Security-Policy that forbids scripts and remote loads. Caller frees
 * with rg_free(). NULL with an error in diag. */
char *rg_render_html(const char *md, size_t md_len, const char *title, const char *shell,
                     size_t shell_len, const char *style, size_t style_len, size_t *out_len,
                     rg_diag *diag);

#endif
