/* fuzz_escape.c -- the three escapers, by what they promise:
 * - Markdown: the escaped text rendered by cmark-gfm (our extensions, safe
 *   mode) is one paragraph whose text is the input's (white space runs one
 *   space, controls U+FFFD, trimmed), and creates no other element (no link,
 *   no emphasis, no heading, no table). The one exception, documented in
 *   escape.c: cmark-gfm links an e-mail address after escapes are resolved
 *   (it joins the text first, so no escape can stop it), so
 *   <a href="mailto:X">X</a> is allowed when its text is its address;
 * - HTML: no '<', '>', '"' or '\'' is left, and unescaping gives the input;
 * - XML: the escaped text always parses inside an element, to the input
 *   (controls and ill-formed UTF-8 as U+FFFD). */
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "alloc.h"
#include "escape.h"
#include "fuzz.h"
#include "render_html.h"
#include "utf8.h"

/* The text the escaper promises cmark-gfm shows, for valid UTF-8 input:
 * NULL when the input is not valid UTF-8 (then only "no element" is checked). */
static char *expected_text(const uint8_t *s, size_t len, size_t *out_len)
{
    rg_buf b = {0};
    size_t i = 0;
    int space = 0;
    while (i < len) {
        uint32_t cp;
        int n = rg_utf8_decode(s + i, len - i, &cp);
        if (n < 0) {
            rg_buf_free(&b);
            return NULL;
        }
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            space = 1;
        } else {
            if (space && b.len && rg_buf_putc(&b, ' ') != 0)
                goto oom;
            space = 0;
            int bad = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
            if (bad ? rg_buf_puts(&b, "\xEF\xBF\xBD")
                    : rg_buf_append(&b, (const char *)s + i, (size_t)n))
                goto oom;
        }
        i += (size_t)n;
    }
    if (rg_buf_append(&b, "", 0) != 0)
        goto oom;
    *out_len = b.len;
    return b.data;
oom:
    rg_buf_free(&b);
    return NULL;
}

/* cmark-gfm's HTML text escaping undone: &amp; &lt; &gt; &quot;. */
static char *unescape(const char *s, size_t len, size_t *out_len)
{
    rg_buf b = {0};
    static const char *const ent[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    for (size_t i = 0; i < len;) {
        size_t k, el = 0;
        for (k = 0; k < 5; k++) {
            el = strlen(ent[k][0]);
            if (len - i >= el && !memcmp(s + i, ent[k][0], el))
                break;
        }
        int r = k < 5 ? rg_buf_puts(&b, ent[k][1]) : rg_buf_putc(&b, s[i]);
        if (r != 0) {
            rg_buf_free(&b);
            return NULL;
        }
        i += k < 5 ? el : 1;
    }
    if (rg_buf_append(&b, "", 0) != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    *out_len = b.len;
    return b.data;
}

/* The paragraph's content with each <a href="mailto:X">X</a> replaced by X,
 * and each <a href="mailto:X">mailto:X</a> by mailto:X (cmark-gfm's autolink
 * extension links an address written with its scheme too, keeping the scheme
 * in the text); NULL when any other markup is there (or a link's text is not
 * what was written). */
static char *without_mailto(const char *s, size_t len, size_t *out_len)
{
    static const char open[] = "<a href=\"mailto:";
    rg_buf b = {0};
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        size_t upto = lt ? (size_t)(lt - s) : len;
        if (rg_buf_append(&b, s + i, upto - i) != 0)
            goto bad;
        i = upto;
        if (!lt)
            break;
        size_t ol = sizeof(open) - 1;
        if (len - i < ol || memcmp(s + i, open, ol))
            goto bad;
        const char *href = s + i + ol;
        const char *q = memchr(href, '"', len - (i + ol));
        if (!q || (size_t)(q - s) + 2 > len || q[1] != '>')
            goto bad;
        size_t hl = (size_t)(q - href);
        const char *text = q + 2;
        size_t rest = len - (size_t)(text - s);
        if (rest >= 7 && !memcmp(text, "mailto:", 7)) {
            if (rg_buf_append(&b, text, 7) != 0)
                goto bad;
            text += 7;
            rest -= 7;
        }
        if (rest < hl + 4 || memcmp(text, href, hl) || memcmp(text + hl, "</a>", 4))
            goto bad;
        if (rg_buf_append(&b, text, hl) != 0)
            goto bad;
        i = (size_t)(text - s) + hl + 4;
    }
    if (rg_buf_append(&b, "", 0) != 0)
        goto bad;
    *out_len = b.len;
    return b.data;
bad:
    rg_buf_free(&b);
    return NULL;
}

static void check_markdown(const uint8_t *data, size_t size)
{
    rg_buf md = {0};
    if (rg_md_escape(&md, (const char *)data, size) != 0 || rg_buf_append(&md, "", 0) != 0) {
        rg_buf_free(&md);
        return;
    }
    FUZZ_CHECK(memchr(md.data, '\n', md.len) == NULL, "a line break in escaped Markdown");
    rg_diag d;
    rg_diag_init(&d);
    size_t hl = 0;
    char *html = rg_markdown_to_html(md.data, md.len, &hl, &d);
    FUZZ_CHECK(html != NULL, "escaped text refused by the renderer: %s", d.error);
    size_t tl = 0;
    char *want = expected_text(data, size, &tl);
    if (hl == 0) {
        FUZZ_CHECK(!want || tl == 0, "'%s' rendered as nothing", want);
    } else {
        FUZZ_CHECK(hl >= 8 && !memcmp(html, "<p>", 3) && !memcmp(html + hl - 5, "</p>\n", 5),
                   "not one paragraph: %s", html);
        size_t il = 0;
        char *inner = without_mailto(html + 3, hl - 8, &il);
        FUZZ_CHECK(inner != NULL, "an element was made from '%s': %s", md.data, html);
        if (want) {
            size_t ul = 0;
            char *shown = unescape(inner, il, &ul);
            if (shown)
                FUZZ_CHECK(ul == tl && !memcmp(shown, want, tl), "'%s' shows '%s', not '%s'",
                           md.data, shown, want);
            rg_free(shown);
        }
        rg_free(inner);
    }
    rg_free(want);
    rg_free(html);
    rg_diag_free(&d);
    rg_buf_free(&md);
}

static void check_html(const uint8_t *data, size_t size)
{
    rg_buf h = {0};
    if (rg_html_escape(&h, (const char *)data, size) != 0) {
        rg_buf_free(&h);
        return;
    }
    for (size_t i = 0; i < h.len; i++)
        FUZZ_CHECK(h.data[i] != '<' && h.data[i] != '>' && h.data[i] != '"' && h.data[i] != '\'',
                   "'%c' left at %zu", h.data[i], i);
    size_t ul = 0;
    char *back = unescape(h.data ? h.data : "", h.len, &ul);
    if (back)
        FUZZ_CHECK(ul == size && !memcmp(back, data, size), "HTML escaping is not reversible");
    rg_free(back);
    rg_buf_free(&h);
}

static void check_xml(const uint8_t *data, size_t size)
{
    rg_buf x = {0};
    if (rg_buf_puts(&x, "<t>") != 0 || rg_xml_escape(&x, (const char *)data, size) != 0 ||
        rg_buf_puts(&x, "</t>") != 0) {
        rg_buf_free(&x);
        return;
    }
    xmlDocPtr doc = xmlReadMemory(x.data, (int)x.len, "fuzz.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    FUZZ_CHECK(doc != NULL, "escaped XML does not parse: %.200s", x.data);
    xmlFreeDoc(doc);
    rg_buf_free(&x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_markdown(data, size);
    check_html(data, size);
    check_xml(data, size);
    return 0;
}
