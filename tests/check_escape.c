/* check_escape.c -- Markdown escaping proven through cmark-gfm (the renderer
 * review.html uses), HTML escaping, and XML escaping proven through libxml2. */
#include "escape.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <libxml/parser.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"

/* Escapes s with fn into a fresh buffer the caller frees with rg_buf_free(). */
static rg_buf esc(int (*fn)(rg_buf *, const char *, size_t), const char *s, size_t len)
{
    rg_buf b = {0};
    ck_assert_int_eq(fn(&b, s, len), 0);
    if (!b.data)
        ck_assert_int_eq(rg_buf_append(&b, "", 0), 0);
    return b;
}

/* Renders md the way review.html is rendered: safe mode, the GFM extensions on. */
static char *gfm(const char *md)
{
    static const char *const ext[] = {"table", "strikethrough", "autolink", "tasklist"};
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(ext[i]);
        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(cmark_parser_attach_syntax_extension(p, e), 1);
    }
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(p));
    cmark_node_free(doc);
    cmark_parser_free(p);
    return html;
}

/* Puts the escaped text in `ctx` (printf format with one %s), renders it and
 * compares with `want` (printf format with one %s for the inline HTML). */
static void check_context(const char *ctx, const char *md, const char *want_fmt, const char *inl)
{
    char src[4096], want[4096];
    snprintf(src, sizeof src, ctx, md);
    snprintf(want, sizeof want, want_fmt, inl);
    char *html = gfm(src);
    ck_assert_msg(strcmp(html, want) == 0, "markdown %s\nrendered %s\nexpected %s", src, html,
                  want);
    free(html);
}

struct md_case {
    const char *in;
    const char *md;   /* exact escaped Markdown */
    const char *html; /* exact inline HTML cmark-gfm makes of it */
};

static const struct md_case md_cases[] = {
    {"<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>",
     "&lt;script&gt;alert(1)&lt;/script&gt;"},
    {"[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))", "[x](javascript:alert(1))"},
    {"<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>",
     "&lt;img src=x onerror=alert(1)&gt;"},
    {"# heading", "\\# heading", "# heading"},
    {"1. item", "1\\. item", "1. item"},
    {"1) item", "1\\) item", "1) item"},
    {"- [x] done", "\\- \\[x\\] done", "- [x] done"},
    {"* [ ] todo", "\\* \\[ \\] todo", "* [ ] todo"},
    {"+ plus", "\\+ plus", "+ plus"},
    {"> quote", "\\> quote", "&gt; quote"},
    {"a | b", "a \\| b", "a | b"},
    {"|a|b|\n|-|-|", "\\|a\\|b\\| \\|-\\|-\\|", "|a|b| |-|-|"},
    {"~~strike~~", "\\~\\~strike\\~\\~", "~~strike~~"},
    {"**bold**", "\\*\\*bold\\*\\*", "**bold**"},
    {"_em_ __strong__", "\\_em\\_ \\_\\_strong\\_\\_", "_em_ __strong__"},
    {"`code`", "\\`code\\`", "`code`"},
    {"{{x}}", "{{x}}", "{{x}}"},
    {"{{{x}}}", "{{{x}}}", "{{{x}}}"},
    {"</table>", "\\</table\\>", "&lt;/table&gt;"},
    {"a\nb", "a b", "a b"},
    {"a\r\n\r\nb\tc", "a b c", "a b c"},
    {"===", "\\===", "==="},
    {"---", "\\---", "---"},
    {"***", "\\*\\*\\*", "***"},
    {"    indented code", " indented code", "indented code"},
    {"trailing  ", "trailing ", "trailing"},
    {"back\\slash\\", "back\\\\slash\\\\", "back\\slash\\"},
    {"&amp; &#60;script&#62;", "\\&amp; \\&#60;script\\&#62;",
     "&amp;amp; &amp;#60;script&amp;#62;"},
    {"![img](http://x/y.png)", "!\\[img\\](http\\://x/y.png)", "![img](http://x/y.png)"},
    {"<http://evil.example>", "\\<http\\://evil.example\\>", "&lt;http://evil.example&gt;"},
    {"http://evil.example/x", "http\\://evil.example/x", "http://evil.example/x"},
    {"www.evil.example", "www\\.evil.example", "www.evil.example"},
    {"[^1]: note", "\\[^1\\]: note", "[^1]: note"},
    {"<!-- c -->", "\\<!-- c --\\>", "&lt;!-- c --&gt;"},
    {"it's \"quoted\", ok?", "it's \"quoted\", ok?", "it's &quot;quoted&quot;, ok?"},
    {"x\001y\037z\177w", "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBDw",
     "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBDw"},
    {"caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x94\xA5", "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x94\xA5",
     "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x94\xA5"},
    {"bad\xFF\xC3", "bad\xEF\xBF\xBD\xEF\xBF\xBD", "bad\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"c1\xC2\x85x", "c1\xEF\xBF\xBDx", "c1\xEF\xBF\xBDx"},
};

START_TEST(test_md_escape_hostile)
{
    const struct md_case *c = &md_cases[_i];
    rg_buf b = esc(rg_md_escape, c->in, strlen(c->in));
    ck_assert_str_eq(b.data, c->md);
    /* No tag the input wrote survives: every '<' of the input is &lt;. */
    ck_assert_ptr_null(strchr(c->html, '<'));
    check_context("%s\n", b.data, "<p>%s</p>\n", c->html);
    /* The same text on the line after a paragraph's first line (setext "===",
     * "---" and a table delimiter row are read there). */
    check_context("intro\n%s\n", b.data, "<p>intro\n%s</p>\n", c->html);
    check_context("- %s\n", b.data, "<ul>\n<li>%s</li>\n</ul>\n", c->html);
    check_context(
        "| h |\n| --- |\n| %s |\n", b.data,
        "<table>\n<thead>\n<tr>\n<th>h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>%s</td>\n"
        "</tr>\n</tbody>\n</table>\n",
        c->html);
    rg_buf_free(&b);
}
END_TEST

START_TEST(test_md_escape_empty_and_nul)
{
    rg_buf b = esc(rg_md_escape, "", 0);
    ck_assert_str_eq(b.data, "");
    ck_assert_uint_eq(b.len, 0);
    rg_buf_free(&b);
    b = esc(rg_md_escape, "a\0b", 3);
    ck_assert_str_eq(b.data, "a\xEF\xBF\xBD"
                             "b");
    rg_buf_free(&b);
}
END_TEST

/* E-mail addresses: cmark-gfm links them after escapes are resolved (see
 * escape.c); the link is mailto:, and nothing else is added. */
START_TEST(test_md_escape_email_is_mailto)
{
    rg_buf b = esc(rg_md_escape, "alice@example.com", 17);
    ck_assert_str_eq(b.data, "alice@example.com");
    char *html = gfm(b.data);
    ck_assert_str_eq(html, "<p><a href=\"mailto:alice@example.com\">alice@example.com</a></p>\n");
    free(html);
    rg_buf_free(&b);
}
END_TEST

/* Decodes the five entities cmark-gfm writes in text. */
static void unentity(const char *s, rg_buf *out)
{
    static const struct {
        const char *ent;
        char c;
    } map[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}};
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof map / sizeof map[0]; k++)
            if (strncmp(s, map[k].ent, strlen(map[k].ent)) == 0)
                break;
        if (k < sizeof map / sizeof map[0]) {
            rg_buf_putc(out, map[k].c);
            s += strlen(map[k].ent);
        } else {
            rg_buf_putc(out, *s++);
        }
    }
}

/* Oracle over many random strings of markup characters: the paragraph
 * cmark-gfm renders holds no element, and its text is exactly the input
 * (whitespace runs as one space, trimmed, as a paragraph shows it). */
START_TEST(test_md_escape_random_oracle)
{
    static const char alphabet[] = "\\`*_{}[]()#+-.!|<>&~:=\"'/;?$%^,0123456789 \n\t\rabwhtpx";
    uint32_t seed = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        char in[33];
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 32 + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        in[n] = '\0';
        rg_buf md = esc(rg_md_escape, in, n);
        rg_buf src = {0}, want = {0}, got = {0};
        rg_buf_printf(&src, "intro\n%s\n", md.data);
        char *html = gfm(src.data);
        const char *prefix = "<p>intro";
        ck_assert_msg(strncmp(html, prefix, strlen(prefix)) == 0, "input %s -> %s", in, html);
        const char *body = html + strlen(prefix);
        size_t body_len = strlen(body);
        ck_assert_msg(body_len >= 5 && strcmp(body + body_len - 5, "</p>\n") == 0, "input %s -> %s",
                      in, html);
        rg_buf inner = {0};
        rg_buf_append(&inner, body, body_len - 5);
        ck_assert_msg(strchr(inner.data, '<') == NULL, "input '%s' gained a tag: %s", in, html);
        unentity(inner.data, &got);
        /* expected: the input with whitespace runs collapsed and trimmed, after
         * the soft line break, or nothing at all for a blank input */
        int space = 0;
        for (size_t i = 0; i < n; i++) {
            if (strchr(" \n\t\r", in[i])) {
                space = 1;
                continue;
            }
            rg_buf_puts(&want, want.len == 0 ? "\n" : space ? " " : "");
            space = 0;
            rg_buf_putc(&want, in[i]);
        }
        ck_assert_msg(strcmp(got.data ? got.data : "", want.data ? want.data : "") == 0,
                      "input '%s' escaped '%s' rendered '%s'", in, md.data, html);
        free(html);
        rg_buf_free(&inner);
        rg_buf_free(&got);
        rg_buf_free(&want);
        rg_buf_free(&src);
        rg_buf_free(&md);
    }
}
END_TEST

START_TEST(test_html_escape)
{
    const char *in = "<a href=\"x\" title='y'>&amp; caf\xC3\xA9</a>";
    rg_buf b = esc(rg_html_escape, in, strlen(in));
    ck_assert_str_eq(b.data, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp; "
                             "caf\xC3\xA9&lt;/a&gt;");
    rg_buf_free(&b);
    b = esc(rg_html_escape, "<script>alert(1)</script>", 25);
    ck_assert_str_eq(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;");
    rg_buf_free(&b);
    /* only the five characters change; other bytes pass through */
    b = esc(rg_html_escape, "plain \xFF\x01 text", 13);
    ck_assert_str_eq(b.data, "plain \xFF\x01 text");
    rg_buf_free(&b);
    b = esc(rg_html_escape, "", 0);
    ck_assert_str_eq(b.data, "");
    rg_buf_free(&b);
}
END_TEST

struct xml_case {
    const char *in;
    size_t len;
    const char *want;
};

#define FFFD "\xEF\xBF\xBD"
#define XC(s, w)                                                                                   \
    {                                                                                              \
        s, sizeof(s) - 1, w                                                                        \
    }
static const struct xml_case xml_cases[] = {
    XC("<svg onload=\"x\">&'", "&lt;svg onload=&quot;x&quot;&gt;&amp;&#39;"),
    XC("tab\tlf\ncr\r", "tab\tlf\ncr\r"),
    XC("a\001b\013c\014d\037e\000f", "a" FFFD "b" FFFD "c" FFFD "d" FFFD "e" FFFD "f"),
    XC("del\177", "del\177"),
    XC("lone \xFF byte", "lone " FFFD " byte"),
    XC("cut \xC3", "cut " FFFD),
    XC("cut3 \xE2\x82x", "cut3 " FFFD "x"),
    XC("overlong \xC0\xAF", "overlong " FFFD FFFD),
    XC("surrogate \xED\xA0\x80", "surrogate " FFFD FFFD FFFD),
    XC("too big \xF4\x90\x80\x80", "too big " FFFD FFFD FFFD FFFD),
    XC("nonchar \xEF\xBF\xBE \xEF\xBF\xBF", "nonchar " FFFD " " FFFD),
    XC("ok \xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x94\xA5 \xEF\xBF\xBD",
       "ok \xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x94\xA5 \xEF\xBF\xBD"),
    XC("c1 \xC2\x85", "c1 \xC2\x85"),
    XC("", ""),
};

START_TEST(test_xml_escape_exact)
{
    const struct xml_case *c = &xml_cases[_i];
    rg_buf b = esc(rg_xml_escape, c->in, c->len);
    ck_assert_msg(strcmp(b.data, c->want) == 0, "case %d: got '%s' want '%s'", _i, b.data, c->want);
    rg_buf_free(&b);
}
END_TEST

static int xml_parses(const char *text, size_t len)
{
    rg_buf doc = {0};
    rg_buf_puts(&doc, "<text a=\"");
    rg_xml_escape(&doc, text, len);
    rg_buf_puts(&doc, "\">");
    rg_xml_escape(&doc, text, len);
    rg_buf_puts(&doc, "</text>");
    xmlDocPtr d = xmlReadMemory(doc.data, (int)doc.len, "t.svg", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    rg_buf_free(&doc);
    if (!d)
        return 0;
    xmlFreeDoc(d);
    return 1;
}

/* Oracle: whatever the bytes, the escaped text parses as XML, in an element
 * and in an attribute. Every one- and two-byte string, then longer ones. */
START_TEST(test_xml_escape_always_parses)
{
    char s[8];
    for (int a = 0; a < 256; a++) {
        s[0] = (char)a;
        ck_assert_msg(xml_parses(s, 1), "byte %02x", a);
        for (int b = 0; b < 256; b++) {
            s[1] = (char)b;
            ck_assert_msg(xml_parses(s, 2), "bytes %02x %02x", a, b);
        }
    }
    uint32_t seed = 7;
    for (int iter = 0; iter < 20000; iter++) {
        for (size_t i = 0; i < sizeof s; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = (char)(seed >> 16);
        }
        ck_assert_msg(xml_parses(s, sizeof s), "iteration %d", iter);
    }
}
END_TEST

/* Running out of memory returns -1 and leaves a usable buffer behind. */
START_TEST(test_escape_out_of_memory)
{
    int (*fns[])(rg_buf *, const char *, size_t) = {rg_md_escape, rg_html_escape, rg_xml_escape};
    for (size_t f = 0; f < 3; f++) {
        rg_buf b = {0};
        rg_alloc_fail_after(0);
        ck_assert_int_eq(fns[f](&b, "<a>", 3), -1);
        rg_alloc_fail_after(-1);
        rg_buf_free(&b);
    }
}
END_TEST

static Suite *escape_suite(void)
{
    Suite *s = suite_create("escape");
    TCase *tc = tcase_create("escape");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_md_escape_hostile, 0, (int)(sizeof md_cases / sizeof md_cases[0]));
    tcase_add_test(tc, test_md_escape_empty_and_nul);
    tcase_add_test(tc, test_md_escape_email_is_mailto);
    tcase_add_test(tc, test_md_escape_random_oracle);
    tcase_add_test(tc, test_html_escape);
    tcase_add_loop_test(tc, test_xml_escape_exact, 0,
                        (int)(sizeof xml_cases / sizeof xml_cases[0]));
    tcase_add_test(tc, test_xml_escape_always_parses);
    tcase_add_test(tc, test_escape_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(escape_suite)
