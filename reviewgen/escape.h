/* escape.h -- the only ways text that came from an input reaches an output:
 * Markdown, HTML and XML/SVG escaping (README, "Output is escaped"). */
#ifndef RG_ESCAPE_H
#define RG_ESCAPE_H

#include <stddef.h>

#include "arena.h"

/* Appends s[0..len) to out so that, as inline GitHub-flavoured Markdown (a
 * paragraph, a list item or a table cell), it renders as exactly this text
 * and never as markup: every ASCII punctuation character that Markdown or a
 * GFM extension could read is backslash-escaped, line breaks and tabs become
 * spaces, other control characters become U+FFFD, and a line-start marker
 * ("# ", "1. ", "- [x]") cannot start a block because nothing is at a line
 * start. Returns 0, -1 when out of memory. */
int rg_md_escape(rg_buf *out, const char *s, size_t len);

/* HTML text and attribute escaping: & < > " ' (as &amp; &lt; &gt; &quot; &#39;).
 * Returns 0, -1 when out of memory. */
int rg_html_escape(rg_buf *out, const char *s, size_t len);

/* XML 1.0 escaping for SVG: as HTML, and characters XML forbids (controls
 * other than tab/LF/CR, invalid UTF-8) become U+FFFD, so the output always
 * parses. Returns 0, -1 when out of memory. */
int rg_xml_escape(rg_buf *out, const char *s, size_t len);

#endif
