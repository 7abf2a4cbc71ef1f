/* check_render_html.c -- Markdown to HTML in safe mode: exact output for the
 * GFM a review uses, hostile input gaining no element or attribute, the
 * input caps with their exact error lines, and the whole document's shell. */
#include <jansson.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "check_util.h"
#include "render_html.h"
#include "templates.h"

/* Renders md; returns the HTML (caller rg_free()s) or NULL with diag set. */
static char *md_html(const char *md, size_t len, rg_diag *diag)
{
    size_t out_len = 12345;
    char *html = rg_markdown_to_html(md, len, &out_len, diag);
    if (html)
        ck_assert_uint_eq(out_len, strlen(html));
    return html;
}

static void assert_html(const char *md, const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, strlen(md), &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_str_eq(html, want);
    rg_free(html);
    rg_diag_free(&diag);
}

static void assert_error(const char *md, size_t len, const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len, &diag);
    ck_assert_ptr_null(html);
    ck_assert_int_eq(diag.has_error, 1);
    ck_assert_str_eq(diag.error, want);
    rg_diag_free(&diag);
}

/* A buffer of `times` copies of unit followed by tail. Caller rg_free()s. */
static char *repeat(const char *head, const char *unit, size_t times, const char *tail, size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = rg_malloc(hl + ul * times + tl + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * times, tail, tl + 1);
    *len = hl + ul * times + tl;
    return s;
}

START_TEST(table_and_task_list)
{
    assert_html("# Action items\n"
                "\n"
                "| Owner | Due | Done |\n"
                "| --- | :-: | --: |\n"
                "| Linh Tran | 2026-12-15 | no |\n"
                "| Sam `ops` | | ~~yes~~ |\n"
                "\n"
                "- [x] Add a replica lag alert\n"
                "- [ ] Document the failover runbook\n",
                "<h1>Action items</h1>\n"
                "<table>\n"
                "<thead>\n"
                "<tr>\n"
                "<th>Owner</th>\n"
                "<th align=\"center\">Due</th>\n"
                "<th align=\"right\">Done</th>\n"
                "</tr>\n"
                "</thead>\n"
                "<tbody>\n"
                "<tr>\n"
                "<td>Linh Tran</td>\n"
                "<td align=\"center\">2026-12-15</td>\n"
                "<td align=\"right\">no</td>\n"
                "</tr>\n"
                "<tr>\n"
                "<td>Sam <code>ops</code></td>\n"
                "<td align=\"center\"></td>\n"
                "<td align=\"right\"><del>yes</del></td>\n"
                "</tr>\n"
                "</tbody>\n"
                "</table>\n"
                "<ul>\n"
                "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Add a replica lag "
                "alert</li>\n"
                "<li><input type=\"checkbox\" disabled=\"\" /> Document the failover runbook</li>\n"
                "</ul>\n");
}
END_TEST

START_TEST(autolink_and_escaped_text)
{
    assert_html("See https://status.example.com/incidents/42 and ops@example.com.\n",
                "<p>See <a href=\"https://status.example.com/incidents/42\">"
                "https://status.example.com/incidents/42</a> and "
                "<a href=\"mailto:ops@example.com\">ops@example.com</a>.</p>\n");
    /* what rg_md_escape writes stays text */
    assert_html("\\<script\\> \\[x\\](javascript:alert(1)) a \\| b\n",
                "<p>&lt;script&gt; [x](javascript:alert(1)) a | b</p>\n");
}
END_TEST

START_TEST(empty_input)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 99;
    char *html = rg_markdown_to_html("", 0, &len, &diag);
    ck_assert_ptr_nonnull(html);
    ck_assert_str_eq(html, "");
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(diag.has_error, 0);
    rg_free(html);
    rg_diag_free(&diag);
}
END_TEST

/* Each hostile input from RELIABILITY 5: no element, no attribute, no
 * dangerous link survives; the exact output proves what replaced it. */
START_TEST(hostile_markdown)
{
    assert_html("<script>alert(1)</script>\n", "<!-- raw HTML omitted -->\n");
    assert_html("Hi <script>alert(1)</script> there\n",
                "<p>Hi <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --> there</p>\n");
    /* an unsafe link is dropped (with a warning, check_html_post.c): its text stays */
    assert_html("[x](javascript:alert(1))\n", "<p>x</p>\n");
    assert_html("[x](JaVaScRiPt:alert(1)) [v](vbscript:msgbox) [f](file:///etc/passwd) "
                "[d](data:text/html;base64,PHNjcmlwdD4=)\n",
                "<p>x v f d</p>\n");
    assert_html("<img src=x onerror=alert(1)>\n", "<!-- raw HTML omitted -->\n");
    assert_html("x <img src=x onerror=alert(1)> y\n", "<p>x <!-- raw HTML omitted --> y</p>\n");
    assert_html("<iframe src=\"https://evil.example/\"></iframe>\n", "<!-- raw HTML omitted -->\n");
    assert_html("a <b onclick=\"steal()\">b</b>\n",
                "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n");
    /* an image may only be inline data of an image type */
    assert_html("![c](data:image/png;base64,iVBO) ![s](data:image/svg+xml,<svg/onload=x>)\n",
                "<p><img src=\"data:image/png;base64,iVBO\" alt=\"c\" /> "
                "<img src=\"\" alt=\"s\" /></p>\n");
    /* a link title cannot break out of its attribute */
    assert_html(
        "[t](https://a.example \"x\\\" onmouseover=\\\"y\")\n",
        "<p><a href=\"https://a.example\" title=\"x&quot; onmouseover=&quot;y\">t</a></p>\n");
    /* an HTML block in a table cell and in a list item */
    assert_html("| a |\n| - |\n| <script>x</script> |\n",
                "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                "<td><!-- raw HTML omitted -->x<!-- raw HTML omitted --></td>\n"
                "</tr>\n</tbody>\n</table>\n");
}
END_TEST

/* Invalid UTF-8 and NUL bytes become U+FFFD: the page says charset=utf-8. */
START_TEST(bad_bytes_become_replacement_characters)
{
    static const char md[] = "a\xff"
                             "b\0c \xe2\x82 d\n";
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, sizeof(md) - 1, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_str_eq(html, "<p>a\xef\xbf\xbd"
                           "b\xef\xbf\xbd"
                           "c \xef\xbf\xbd d</p>\n");
    rg_free(html);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(oversized_input_refused)
{
    size_t len = (size_t)RG_MD_MAX_BYTES + 1;
    char *md = rg_malloc(len);
    ck_assert_ptr_nonnull(md);
    memset(md, 'a', len);
    assert_error(md, len,
                 "review.md: too large to render as HTML: 8388609 bytes (the limit is 8388608, "
                 "8 MiB)");
    /* the limit itself is rendered */
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len - 1, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_uint_eq(strlen(html), len - 1 + strlen("<p></p>\n"));
    rg_free(html);
    rg_diag_free(&diag);
    rg_free(md);
}
END_TEST

START_TEST(named_error)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 0;
    char *md = repeat("", ">", 33, " deep\n", &len);
    char *html = rg_markdown_to_html_named("edited.md", md, len, NULL, &diag);
    ck_assert_ptr_null(html);
    ck_assert_str_eq(diag.error,
                     "edited.md:1:1: 33 nested block quotes or lists (the limit is 32)");
    rg_free(md);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(table_row_with_too_many_pipes)
{
    size_t len = 0;
    char *md = repeat("intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "|x", 501, "\n", &len);
    assert_error(md, len, "review.md:6:1: table row has 501 '|' (the limit is 500)");
    rg_free(md);
    /* 500 is allowed; escaped pipes cost nothing and are not counted */
    md = repeat("| a | b |\n|---|---|\n", "|x", 500, "\n", &len);
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_free(md);
    md = repeat("| a | b |\n|---|---|\n| x ", "\\|", 5000, " |\n", &len);
    html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_free(md);
    /* outside a table, pipes are text */
    md = repeat("text ", "|", 5000, "\n", &len);
    html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_free(md);
    rg_diag_free(&diag);
}
END_TEST

/* A 499-column header over short rows: cmark-gfm pads every row to the
 * header's width, so each two-byte row costs 499 cells. */
START_TEST(padded_table_cells_refused)
{
    rg_buf b = {0};
    for (int i = 0; i < 499; i++)
        ck_assert_int_eq(rg_buf_puts(&b, "|h"), 0);
    ck_assert_int_eq(rg_buf_puts(&b, "|\n"), 0);
    for (int i = 0; i < 499; i++)
        ck_assert_int_eq(rg_buf_puts(&b, "|-"), 0);
    ck_assert_int_eq(rg_buf_puts(&b, "|\n"), 0);
    for (int i = 0; i < 5000; i++)
        ck_assert_int_eq(rg_buf_puts(&b, "x\n"), 0);
    /* the header and the delimiter row count 501 cells each (their 500 '|'),
     * each "x" row 499: 1,002 + 4,006 * 499 = 1,999,996, and row 4,007
     * (line 4,009) crosses the limit */
    assert_error(b.data, b.len,
                 "review.md:4009:1: tables have more than 2000000 cells (the limit)");
    /* a plain 7-column table of 150,000 rows (1,350,000 cells) is rendered */
    rg_buf_reset(&b);
    ck_assert_int_eq(
        rg_buf_puts(&b, "| a | b | c | d | e | f | g |\n|---|---|---|---|---|---|---|\n"), 0);
    for (int i = 0; i < 150000; i++)
        ck_assert_int_eq(rg_buf_puts(&b, "|1|2|3|4|5|6|7|\n"), 0);
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(b.data, b.len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_diag_free(&diag);
    rg_buf_free(&b);
}
END_TEST

START_TEST(too_many_emails_on_a_line_are_not_linked)
{
    size_t len = 0;
    /* over the cap: rendered, the same text, no address linked, one warning
     * naming the line (the second line here) */
    char *md = repeat("hello\n\nto: ", "a@b.example ", 101, "\n", &len);
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_ptr_null(strstr(html, "mailto:"));
    ck_assert_ptr_nonnull(strstr(html, "<p>to: a@b.example a@b.example "));
    ck_assert_uint_eq(diag.n_warnings, 1);
    char *line = rg_warning_summary(&diag.warnings[0]);
    ck_assert_str_eq(line, "warning: review.md:3:1: 101 e-mail addresses on one line (the limit is "
                           "100): no address is linked in the HTML");
    free(line);
    rg_free(html);
    rg_free(md);
    rg_diag_free(&diag);
    /* at the cap: every address linked, no warning */
    rg_diag_init(&diag);
    md = repeat("to: ", "a@b.example ", 100, "\n", &len);
    html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"mailto:a@b.example\">a@b.example</a>"));
    ck_assert_uint_eq(diag.n_warnings, 0);
    rg_free(html);
    rg_free(md);
    /* '@' that cannot be an address is not counted */
    md = repeat("", " @ ", 1000, "\n", &len);
    html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_free(md);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(deep_nesting_refused)
{
    size_t len = 0;
    char *md = repeat("ok\n\n", "- ", 33, "item\n", &len);
    assert_error(md, len, "review.md:3:1: 33 nested block quotes or lists (the limit is 32)");
    rg_free(md);
    md = repeat("", "1. > ", 17, "x\n", &len);
    assert_error(md, len, "review.md:1:1: 34 nested block quotes or lists (the limit is 32)");
    rg_free(md);
    md = repeat("", "> ", 32, "x\n", &len);
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    rg_free(html);
    rg_free(md);
    rg_diag_free(&diag);
}
END_TEST

/* Emphasis and bracket openers were measured linear in the shipped
 * cmark-gfm: a megabyte of them renders, whole. */
START_TEST(many_openers_render)
{
    size_t len = 0;
    char *md = repeat("", "*a **a [a ", 100000, "end\n", &len);
    rg_diag diag;
    rg_diag_init(&diag);
    char *html = md_html(md, len, &diag);
    ck_assert_msg(html != NULL, "%s", diag.error);
    ck_assert_uint_eq(strlen(html), len - 1 + strlen("<p></p>\n"));
    rg_free(html);
    rg_free(md);
    rg_diag_free(&diag);
}
END_TEST

static char *render_doc(const char *md, const char *title, size_t *len, rg_diag *diag)
{
    size_t shell_len = 0, style_len = 0;
    char *shell = rg_template_load(NULL, "review.html.mustache", &shell_len, diag);
    char *style = rg_template_load(NULL, "style.css", &style_len, diag);
    ck_assert_ptr_nonnull(shell);
    ck_assert_ptr_nonnull(style);
    char *doc =
        rg_render_html(md, strlen(md), title, shell, shell_len, style, style_len, len, diag);
    rg_free(shell);
    rg_free(style);
    return doc;
}

static const char csp[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
    "'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">";

START_TEST(whole_document)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 0;
    char *doc = render_doc("# INC-2041\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
                           "Checkout <script>alert('t')</script> & \"failover\"", &len, &diag);
    ck_assert_msg(doc != NULL, "%s", diag.error);
    ck_assert_uint_eq(len, strlen(doc));
    const char *head = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    ck_assert_int_eq(strncmp(doc, head, strlen(head)), 0);
    ck_assert_ptr_nonnull(strstr(doc, csp));
    ck_assert_ptr_nonnull(strstr(doc, "<title>Checkout &lt;script&gt;alert(&#39;t&#39;)&lt;/"
                                      "script&gt; &amp; &quot;failover&quot;</title>\n"));
    ck_assert_ptr_nonnull(strstr(doc, "<main>\n<h1>INC-2041</h1>\n<!-- raw HTML omitted -->\n"
                                      "<p>x</p>\n\n</main>\n</body>\n</html>\n"));
    ck_assert_ptr_nonnull(strstr(doc, "<style>\n/* style.css"));
    ck_assert_ptr_nonnull(strstr(doc, "@page"));
    ck_assert_ptr_null(strstr(doc, "<script"));
    ck_assert_ptr_null(strstr(doc, "javascript:"));
    ck_assert_ptr_null(strstr(doc, "{{"));
    /* the same input gives the same bytes: no clock, no randomness */
    rg_diag diag2;
    rg_diag_init(&diag2);
    size_t len2 = 0;
    char *again =
        render_doc("# INC-2041\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n",
                   "Checkout <script>alert('t')</script> & \"failover\"", &len2, &diag2);
    ck_assert_ptr_nonnull(again);
    ck_assert_uint_eq(len, len2);
    ck_assert_int_eq(memcmp(doc, again, len), 0);
    rg_free(again);
    rg_diag_free(&diag2);
    rg_free(doc);
    rg_diag_free(&diag);
}
END_TEST

/* Every allocation failing in turn, cmark-gfm's as well as ours: each run ends with "out of memory"
 * (cmark-gfm, which never checks an allocation, is stopped and everything it held freed: no crash,
 * and no leak under the sanitizers) or with the whole document, never with part of one. */
START_TEST(out_of_memory_in_cmark_gfm)
{
    static const char md[] = "# T\n\nIntro with **bold**, ~~gone~~ and www.example.com.\n\n"
                             "## One\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n- [ ] "
                             "open\n\n## Two\n\n> quote\n";
    size_t shell_len = 0, style_len = 0;
    rg_diag diag;
    rg_diag_init(&diag);
    char *shell = rg_template_load(NULL, "review.html.mustache", &shell_len, &diag);
    char *style = rg_template_load(NULL, "style.css", &style_len, &diag);
    /* a first run without failures: it gives the document every later run must match */
    size_t want_len = 0;
    char *want =
        rg_render_html(md, strlen(md), "T", shell, shell_len, style, style_len, &want_len, &diag);
    ck_assert_msg(want != NULL, "%s", diag.error);
    rg_diag_free(&diag);
    rg_alloc_fail_after(1000000000);
    rg_diag_init(&diag);
    char *once =
        rg_render_html(md, strlen(md), "T", shell, shell_len, style, style_len, NULL, &diag);
    rg_alloc_fail_after(-1);
    rg_free(once);
    rg_diag_free(&diag);
    long n;
    unsigned long cmark_failures = 0, before = 0;
    for (n = 0; n < 100000; n++) {
        rg_diag_init(&diag);

        size_t len = 0;
        before = rg_alloc_failures();
        rg_alloc_fail_after(n);
        char *doc =
            rg_render_html(md, strlen(md), "T", shell, shell_len, style, style_len, &len, &diag);
        rg_alloc_fail_after(-1);
        if (doc) {
            ck_assert_uint_eq(len, want_len);
            ck_assert_int_eq(memcmp(doc, want, len), 0);
            rg_free(doc);
            rg_diag_free(&diag);
            break;
        }
        ck_assert_msg(rg_alloc_failures() > before, "allocation %ld: failed with no failure", n);
        cmark_failures += strcmp(diag.error, "review.md: out of memory rendering HTML") == 0;
        ck_assert_msg(
            !strcmp(diag.error, "review.md: out of memory rendering HTML") ||
                !strcmp(diag.error, "review.md: out of memory post-processing the HTML") ||
                strstr(diag.error, "out of memory") != NULL,
            "allocation %ld: %s", n, diag.error);
        rg_diag_free(&diag);
    }
    ck_assert_int_lt(n, 100000);
    /* cmark-gfm's allocations were reached (dozens of nodes) and so were
     * ours after them */
    ck_assert_uint_gt(cmark_failures, 50);
    ck_assert_int_gt(n, (long)cmark_failures + 20);
    rg_free(want);
    rg_free(shell);
    rg_free(style);
}
END_TEST

/* RELIABILITY 6: the shell uses triple braces only for what our own
 * renderers produce. */
START_TEST(shell_triple_braces_are_body_and_style)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 0;
    char *shell = rg_template_load(NULL, "review.html.mustache", &len, &diag);
    ck_assert_ptr_nonnull(shell);
    int n = 0;
    for (const char *p = strstr(shell, "{{{"); p; p = strstr(p + 3, "{{{")) {
        ck_assert_msg(strncmp(p, "{{{body}}}", 10) == 0 || strncmp(p, "{{{style}}}", 11) == 0,
                      "unexpected raw value at %.20s", p);
        n++;
    }
    ck_assert_int_eq(n, 2);
    ck_assert_ptr_null(strstr(shell, "{{&"));
    ck_assert_ptr_nonnull(strstr(shell, "<title>{{title}}</title>"));
    rg_free(shell);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(document_errors)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 0;
    /* a title that is not UTF-8 cannot be a JSON string for the template */
    char *doc = render_doc("x\n", "bad \xff title", &len, &diag);
    ck_assert_ptr_null(doc);
    ck_assert_str_eq(diag.error, "review.md: cannot render HTML: the title or the stylesheet is "
                                 "not UTF-8 text, or out of memory");
    rg_diag_free(&diag);
    /* the Markdown's own error comes first, named */
    rg_diag_init(&diag);
    size_t md_len = 0;
    char *md = repeat("", "> ", 33, "x\n", &md_len);
    doc = rg_render_html_named("REVIEW.md", md, md_len, "t", "{{{body}}}", 10, "", 0, &len, &diag);
    ck_assert_ptr_null(doc);
    ck_assert_str_eq(diag.error,
                     "REVIEW.md:1:1: 33 nested block quotes or lists (the limit is 32)");
    rg_free(md);
    rg_diag_free(&diag);
    /* a broken shell is the template engine's error */
    rg_diag_init(&diag);
    doc = rg_render_html("x\n", 2, "t", "{{#a}}", 6, "", 0, &len, &diag);
    ck_assert_ptr_null(doc);
    ck_assert_int_eq(diag.has_error, 1);
    ck_assert_int_eq(strncmp(diag.error, "review.html.mustache:", 21), 0);
    rg_diag_free(&diag);
}
END_TEST

static Suite *render_html_suite(void)
{
    Suite *s = suite_create("render_html");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, table_and_task_list);
    tcase_add_test(tc, autolink_and_escaped_text);
    tcase_add_test(tc, empty_input);
    tcase_add_test(tc, hostile_markdown);
    tcase_add_test(tc, bad_bytes_become_replacement_characters);
    tcase_add_test(tc, oversized_input_refused);
    tcase_add_test(tc, named_error);
    tcase_add_test(tc, table_row_with_too_many_pipes);
    tcase_add_test(tc, padded_table_cells_refused);
    tcase_add_test(tc, too_many_emails_on_a_line_are_not_linked);
    tcase_add_test(tc, deep_nesting_refused);
    tcase_add_test(tc, many_openers_render);
    tcase_add_test(tc, whole_document);
    tcase_add_test(tc, shell_triple_braces_are_body_and_style);
    tcase_add_test(tc, document_errors);
    tcase_add_test(tc, out_of_memory_in_cmark_gfm);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(render_html_suite)
