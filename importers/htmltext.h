/* htmltext.h -- an HTML fragment (a Teams message body, a feed entry) as the
 * plain text a person reads, through libxml2's HTML parser. */
#ifndef RG_HTMLTEXT_H
#define RG_HTMLTEXT_H

#include <stddef.h>

#include "../reviewgen/arena.h"

/* Appends the text of the HTML fragment html[0..len) to out:
 *  - entities decoded (&amp; &lt; &nbsp; &#x1F600; ...), by libxml2;
 *  - <br> and the edges of blocks (p, div, li, tr, headings, pre,
 *    blockquote, lists, tables) are line breaks; each list item is a line;
 *    empty lines are dropped and the text is trimmed, so a body of several
 *    paragraphs is a few lines, never a blank one;
 *  - outside <pre>, runs of white space (and U+00A0) are one space; inside
 *    <pre> each line keeps its spaces (code in a message stays readable);
 *  - a table cell ends with a space; <img> and <emoji> give their alt text;
 *    unknown elements (Teams' <at> mention) give their text, so a mention is
 *    the name; script, style, head, title and template give nothing.
 * The parser runs with HTML_PARSE_NONET, never HTML_PARSE_HUGE, and loads no
 * entity or DTD. Nothing is appended for an empty fragment. Returns 0, or -1
 * when out of memory or when the fragment is larger than libxml2 reads (2 GiB);
 * out then keeps what it held before. */
int rg_html_text(rg_buf *out, const char *html, size_t len);

#endif
