/* escape.c -- Markdown, HTML and XML escaping: the only routes by which text
 * from an input reaches an output (README, "Output is escaped"). */
#include "escape.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* The punctuation CommonMark or a GFM extension can read as markup anywhere
 * in a line: emphasis and strikethrough (* _ ~), code (`), links, images and
 * task items ([ ]: with both brackets escaped no "](" or "![" can form), raw
 * HTML, autolinks in angle brackets and entities (< > &), tables (|). A
 * backslash before any ASCII punctuation is always a literal character
 * (CommonMark 0.29, section 2.4). The rest stays bare so the Markdown draft
 * the lead edits stays readable: "2026-11-20 14:05:10", "db-primary:5432".
 * Autolinks (www., http:, https:, e-mail) are still linked by cmark-gfm's
 * autolink extension, which reads the text after escapes are resolved; those
 * are link schemes the HTML allows. */
static int md_special(unsigned char c)
{
    return c != 0 && strchr("\\`*_[]<>&|~", c) != NULL;
}

/* Characters that start a block when they come first in a list item, a
 * table cell or a paragraph: headings (#), block quotes (>), list markers
 * (+ -), setext underlines and thematic breaks (= -). Escaped only there. */
static int md_block_start(unsigned char c)
{
    return c != 0 && strchr("#>+-=", c) != NULL;
}

/* Line breaks and tabs become one space, and a run of them with spaces
 * collapses to a single space: HTML shows a run as one space anyway, and a
 * single space can neither indent a code block (four) nor end a line with a
 * hard break (two). With no line break left, nothing in the text is ever at a
 * line start, which is what keeps "# ", "1. " and "- [x]" inline. */
int rg_md_escape(rg_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    int last_space = 0;
    int at_start = 1;  /* nothing but spaces written yet */
    int in_digits = 0; /* the value so far is spaces and digits: "1." / "1)" would be a list */
    while (i < len) {
        unsigned char c = p[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!last_space && rg_buf_putc(out, ' ') != 0)
                return -1;
            last_space = 1;
            i++;
            continue;
        }
        last_space = 0;
        if (c < 0x80 && c >= 0x20 && c != 0x7F) {
            int block = (at_start && md_block_start(c)) || (in_digits && (c == '.' || c == ')'));
            /* Break URL autolinks ("http://", "www.") so input text never
             * becomes a link; times like 14:05:10 are left alone. */
            if (c == ':' && i + 2 < len && p[i + 1] == '/' && p[i + 2] == '/')
                block = 1;
            if (c == '.' && i >= 3 && (p[i - 1] | 0x20) == 'w' && (p[i - 2] | 0x20) == 'w' &&
                (p[i - 3] | 0x20) == 'w')
                block = 1;
            in_digits = (at_start || in_digits) && c >= '0' && c <= '9';
            at_start = 0;
            if ((block || md_special(c)) && rg_buf_putc(out, '\\') != 0)
                return -1;
            if (rg_buf_putc(out, (char)c) != 0)
                return -1;
            i++;
            continue;
        }
        at_start = in_digits = 0;
        if (c < 0x20 || c == 0x7F) {
            if (rg_buf_append(out, replacement, 3) != 0)
                return -1;
            i++;
            continue;
        }
        if (c < 0x80) {
            if (md_special(c) && rg_buf_putc(out, '\\') != 0)
                return -1;
            if (rg_buf_putc(out, (char)c) != 0)
                return -1;
            i++;
            continue;
        }
        uint32_t cp;
        int n = rg_utf8_decode(p + i, len - i, &cp);
        int bad = n < 0 || (cp >= 0x80 && cp <= 0x9F); /* C1 controls too */
        if (n < 0)
            n = -n;
        if (bad ? rg_buf_append(out, replacement, 3) : rg_buf_append(out, s + i, (size_t)n))
            return -1;
        i += (size_t)n;
    }
    return 0;
}

static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    default:
        return NULL;
    }
}

int rg_html_escape(rg_buf *out, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *e = html_entity((unsigned char)s[i]);
        if (!e)
            continue;
        if (rg_buf_append(out, s + start, i - start) != 0 || rg_buf_puts(out, e) != 0)
            return -1;
        start = i + 1;
    }
    return rg_buf_append(out, s + start, len - start);
}

/* XML 1.0's Char production (section 2.2) allows tab, LF, CR, U+0020-U+D7FF,
 * U+E000-U+FFFD and U+10000-U+10FFFF; anything else, and any byte that is not
 * well-formed UTF-8, would make the SVG unparseable, so it becomes U+FFFD. */
int rg_xml_escape(rg_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x80) {
            const char *e = html_entity(c);
            int r;
            if (e)
                r = rg_buf_puts(out, e);
            else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                r = rg_buf_append(out, replacement, 3);
            else
                r = rg_buf_putc(out, (char)c);
            if (r != 0)
                return -1;
            i++;
            continue;
        }
        uint32_t cp;
        int n = rg_utf8_decode(p + i, len - i, &cp);
        int bad = n < 0 || cp == 0xFFFE || cp == 0xFFFF;
        if (n < 0)
            n = -n;
        if (bad ? rg_buf_append(out, replacement, 3) : rg_buf_append(out, s + i, (size_t)n))
            return -1;
        i += (size_t)n;
    }
    return 0;
}
