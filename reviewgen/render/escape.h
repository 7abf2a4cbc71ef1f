/* escape.h -- the only ways text that came from an input reaches an output:
 * Markdown, HTML and XML/SVG escaping (README, "Output is escaped"). */
#ifndef RG_ESCAPE_H
#define RG_ESCAPE_H

#include <stddef.h>

#include "arena.h"
#include "utf8.h"

/* Appends s[0..len) to out so that, as inline GitHub-flavoured Markdown (a
 * paragraph, a list item or a table cell), it renders as exactly this text
 * and never as markup: inline markup characters (\ ` * _ [ ] < > & | ~) are
 * backslash-escaped everywhere, block markers (# > + - = and "1." "1)") only
 * where they would start a block, "://" and "www." so no URL is autolinked;
 * line breaks and tabs become spaces, other control characters U+FFFD. Dates,
 * times and host:port stay readable in the draft. Returns 0, -1 when out of
 * memory. */
int rg_md_escape(rg_buf *out, const char *s, size_t len);

/* HTML text and attribute escaping: & < > " ' (as &amp; &lt; &gt; &quot; &#39;).
 * Returns 0, -1 when out of memory. */
int rg_html_escape(rg_buf *out, const char *s, size_t len);

/* XML 1.0 escaping for SVG: as HTML, and characters XML forbids (controls
 * other than tab/LF/CR, invalid UTF-8) become U+FFFD, so the output always
 * parses. Returns 0, -1 when out of memory. */
int rg_xml_escape(rg_buf *out, const char *s, size_t len);

#endif
