/* check_htmltext.c -- HTML fragments to plain text: entities, mentions, line
 * breaks, lists, <pre>, pictures' alt text, hostile and broken markup, and no
 * entity or DTD ever loaded. */
#include <string.h>

#include "../importers/htmltext.h"
#include "alloc.h"
#include "check_util.h"

/* The text of html, in a static buffer. */
static const char *text_of(const char *html)
{
    static char out[1024];
    rg_buf b = {0};
    ck_assert_int_eq(rg_html_text(&b, html, strlen(html)), 0);
    snprintf(out, sizeof(out), "%s", b.data ? b.data : "");
    rg_buf_free(&b);
    return out;
}

START_TEST(test_text)
{
    static const struct {
        const char *html, *text;
    } cases[] = {
        {"", ""},
        {"<p>asdad</p>", "asdad"},
        {"plain text, no tags", "plain text, no tags"},
        {"  spaced \t out\n text  ", "spaced out text"},
        /* Teams' system event body has no text. */
        {"<systemEventMessage/>", ""},
        /* A mention is the name it shows; entities decoded; &nbsp; a space. */
        {"<div><at id=\"0\">Linh Tran</at> please look &amp; check &lt;db&gt;&nbsp;now</div>",
         "Linh Tran please look & check <db> now"},
        {"&#x1F600; &copy; &unknown;", "\xF0\x9F\x98\x80 \xC2\xA9 &unknown;"},
        /* Breaks and blocks are lines, never blank ones. */
        {"<p>one</p><p></p><p>two<br>three<br><br>four</p>", "one\ntwo\nthree\nfour"},
        {"<ul><li>first</li><li>second <b>bold</b></li></ul><ol><li>x</li></ol>",
         "first\nsecond bold\nx"},
        {"<h1>Title</h1>body<blockquote>quoted</blockquote>", "Title\nbody\nquoted"},
        {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
        /* <pre> keeps its spaces. */
        {"<pre><code>def f():\n    return  1\n</code></pre>after",
         "def f():\n    return  1\nafter"},
        {"<emoji id=\"smile\" alt=\"\xF0\x9F\x99\x82\" title=\"Smile\"></emoji> ok <img src=\"x\" "
         "alt=\"graph\">",
         "\xF0\x9F\x99\x82 ok graph"},
        /* Script, style and comments are no text; markup in text stays text. */
        {"<script>alert(1)</script>text<style>p{}</style><!-- note -->", "text"},
        {"&lt;script&gt;alert(1)&lt;/script&gt; **md** | [x](javascript:y)",
         "<script>alert(1)</script> **md** | [x](javascript:y)"},
        {"<p>unclosed <b>bold", "unclosed bold"},
        {"<p onclick=\"x()\">click</p></table></div>", "click"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(strcmp(text_of(cases[i].html), cases[i].text) == 0, "%s -> [%s], want [%s]",
                      cases[i].html, text_of(cases[i].html), cases[i].text);
}
END_TEST

/* An external entity is never read, however the fragment declares it. */
START_TEST(test_no_entities_loaded)
{
    const char *t = text_of("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><p>&e;</p>");
    ck_assert_ptr_null(strstr(t, "root:"));
    t = text_of("<p>&xxe;</p><!ENTITY xxe SYSTEM \"file:///etc/hostname\">");
    ck_assert_ptr_null(strstr(t, "\n\n"));
}
END_TEST

/* Appends after what the buffer held; deep nesting and a NUL are survived. */
START_TEST(test_append_and_limits)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "before: "), 0);
    ck_assert_int_eq(rg_html_text(&b, "<b>x</b>", 8), 0);
    ck_assert_str_eq(b.data, "before: x");
    rg_buf_reset(&b);
    rg_buf deep = {0};
    for (int i = 0; i < 2000; i++)
        ck_assert_int_eq(rg_buf_puts(&deep, "<div><span>"), 0);
    ck_assert_int_eq(rg_buf_puts(&deep, "deep"), 0);
    ck_assert_int_eq(rg_html_text(&b, deep.data, deep.len), 0);
    rg_buf_free(&deep);
    rg_buf_reset(&b);
    ck_assert_int_eq(rg_html_text(&b, "a\0b", 3), 0);
    rg_buf_free(&b);
}
END_TEST

START_TEST(test_out_of_memory)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "kept"), 0);
    rg_alloc_fail_after(0);
    int rc = rg_html_text(&b, "<p>one</p><p>two</p>", 20);
    rg_alloc_fail_after(-1);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(b.data, "kept");
    rg_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("htmltext");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_text);
    tcase_add_test(tc, test_no_entities_loaded);
    tcase_add_test(tc, test_append_and_limits);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
