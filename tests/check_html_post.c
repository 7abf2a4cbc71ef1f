/* check_html_post.c -- the HTML post-processing: exact ids and contents,
 * table classes, images inlined (SVG sanitised) or dropped with their exact
 * warnings, hostile HTML producing no element that could run script, the
 * metric cards, and `reviewgen html` on an edited draft of the sample. */
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "build.h"
#include "check_cmd_util.h"
#include "check_util.h"
#include "html_post.h"
#include "jsonutil.h"
#include "links.h"
#include "render_html.h"
#include "templates.h"
#include "timeparse.h"
#include "xmlguard.h"

extern const rg_command rg_cmd_html;

static char scratch[256];

static void make_scratch(void)
{
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    snprintf(scratch, sizeof(scratch), "build/test-scratch/html_post-%ld", (long)getpid());
    mkdir(scratch, 0777);
}

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}

static char *read_all(const char *path)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len = 0;
    char *s = rg_read_file(path, &len, &d);
    ck_assert_msg(s != NULL, "%s", d.error);
    rg_diag_free(&d);
    return s;
}

/* Markdown through cmark-gfm and the post-processing, as rg_render_html
 * does, without the shell. */
static char *post_md(const char *md, rg_html_post_opts *o, rg_diag *d)
{
    size_t raw_len = 0, len = 0;
    char *raw = rg_markdown_to_html(md, strlen(md), &raw_len, d);
    ck_assert_msg(raw != NULL, "%s", d->error);
    rg_html_post_opts none;
    memset(&none, 0, sizeof(none));
    if (!o)
        o = &none;
    o->md = md;
    o->md_len = strlen(md);
    char *out = rg_html_postprocess(raw, raw_len, o, &len, NULL, d);
    ck_assert_msg(out != NULL, "%s", d->error);
    ck_assert_uint_eq(len, strlen(out));
    rg_free(raw);
    return out;
}

/* Raw HTML straight into the post-processing (what cmark-gfm's safe mode
 * would never give it), to test the serialiser alone. */
static char *post_raw(const char *html, rg_diag *d)
{
    size_t len = 0;
    char *out = rg_html_postprocess(html, strlen(html), NULL, &len, NULL, d);
    ck_assert_msg(out != NULL, "%s", d->error);
    return out;
}

static const char *first_warning(const rg_diag *d, const char *key)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (strcmp(d->warnings[i].key, key) == 0)
            return d->warnings[i].first;
    return "(none)";
}

static unsigned long long warning_count(const rg_diag *d, const char *key)
{
    return (unsigned long long)rg_diag_warning_total(d, key);
}

START_TEST(slugs)
{
    static const struct {
        const char *text, *slug;
    } cases[] = {
        {"Summary and impact", "summary-and-impact"},
        {"Nguyễn Đức Minh", "nguyen-duc-minh"},
        {"Déjà vu — “quotes” & Straße", "deja-vu-quotes-strasse"},
        {"Ærøskøbing Œuvre Łódź Þór İstanbul ı", "aeroskobing-oeuvre-lodz-thor-istanbul-i"},
        {"e\xCC\x81t\xC3\xA9", "ete"}, /* a combining accent folds like a precomposed one */
        {"Don't panic’s", "dont-panics"},
        {"日本語 見出し", "日本語-見出し"},
        {"Время восстановления", "Время-восстановления"},
        {"  --Time (UTC)--  ", "time-utc"},
        {"maximum_lag_on_failover", "maximum-lag-on-failover"},
        {"!!!", "section"},
        {"", "section"},
        {"\xF0\x9F\x94\xA5 fire", "fire"},
        {"a\xFF"
         "b",
         "a-b"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rg_buf b = {0};
        ck_assert_int_eq(rg_html_slug(&b, cases[i].text, strlen(cases[i].text)), 0);
        ck_assert_str_eq(b.data, cases[i].slug);
        rg_buf_free(&b);
    }
}
END_TEST

START_TEST(ids_contents_and_tables)
{
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md("# Review of INC-1\n\nIntro line.\n\n## Summary and impact\n\n"
                        "Text with a [link](https://example.com/a?b=1&c=2) and "
                        "[mail](mailto:ops@example.com).\n\n## Timeline\n\n"
                        "### Nguyễn Đức Minh’s page\n\n| Time | What |\n| --- | ---: |\n"
                        "| 14:05 | paged |\n\n## Timeline\n\n## Déjà vu — “quotes” & Straße\n\n"
                        "## !!!\n",
                        NULL, &d);
    ck_assert_str_eq(
        out, "<h1>Review of INC-1</h1>\n"
             "<p>Intro line.</p>\n"
             "<nav class=\"toc\" aria-label=\"Contents\">\n"
             "<p class=\"toc-title\">Contents</p>\n"
             "<ul>\n"
             "<li><a href=\"#summary-and-impact\">Summary and impact</a></li>\n"
             "<li><a href=\"#timeline\">Timeline</a>\n"
             "<ul>\n"
             "<li><a href=\"#nguyen-duc-minhs-page\">Nguyễn Đức Minh’s page</a></li>\n"
             "</ul>\n"
             "</li>\n"
             "<li><a href=\"#timeline-2\">Timeline</a></li>\n"
             "<li><a href=\"#deja-vu-quotes-strasse\">Déjà vu — “quotes” &amp; Straße</a></li>\n"
             "<li><a href=\"#section\">!!!</a></li>\n"
             "</ul>\n"
             "</nav>\n"
             "<h2 id=\"summary-and-impact\">Summary and impact</h2>\n"
             "<p>Text with a <a href=\"https://example.com/a?b=1&amp;c=2\" "
             "rel=\"noopener noreferrer\">link</a> and <a "
             "href=\"mailto:ops@example.com\">mail</a>.</p>\n"
             "<h2 id=\"timeline\">Timeline</h2>\n"
             "<h3 id=\"nguyen-duc-minhs-page\">Nguyễn Đức Minh’s page</h3>\n"
             "<table class=\"rg-table\"><caption class=\"rg-caption\">Nguyễn Đức Minh’s "
             "page</caption>\n<thead>\n<tr>\n<th>Time</th>\n"
             "<th align=\"right\">What</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>14:05</td>\n"
             "<td align=\"right\">paged</td>\n</tr>\n</tbody>\n</table>\n"
             "<h2 id=\"timeline-2\">Timeline</h2>\n"
             "<h2 id=\"deja-vu-quotes-strasse\">Déjà vu — “quotes” &amp; Straße</h2>\n"
             "<h2 id=\"section\">!!!</h2>\n");
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

/* Every table is named for screen readers by the heading it is under; the
 * later tables of one section are numbered, a table before any heading is
 * "Table". */
START_TEST(table_captions)
{
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md("| a |\n| - |\n| 1 |\n\n## Response metrics\n\n| b |\n| - |\n| 2 |\n\n"
                        "text\n\n| c |\n| - |\n| 3 |\n\n### Monitoring *metrics*\n\n"
                        "| d |\n| - |\n| 4 |\n",
                        NULL, &d);
    const char *want[] = {"<caption class=\"rg-caption\">Table</caption>",
                          "<caption class=\"rg-caption\">Response metrics</caption>",
                          "<caption class=\"rg-caption\">Response metrics, table 2</caption>",
                          "<caption class=\"rg-caption\">Monitoring metrics</caption>"};
    const char *at = out;
    for (size_t i = 0; i < 4; i++) {
        const char *p = strstr(at, want[i]);
        ck_assert_msg(p != NULL, "'%s' missing or out of order in %s", want[i], out);
        ck_assert_int_eq(strncmp(p - strlen("<table class=\"rg-table\">"),
                                 "<table class=\"rg-table\">",
                                 strlen("<table class=\"rg-table\">")),
                         0);
        at = p + 1;
    }
    ck_assert_ptr_null(strstr(at, "<caption"));
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

/* A heading whose id another heading already took as its own text. */
START_TEST(ids_stay_unique)
{
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md("## A\n\n## A\n\n## A-2\n\n## A\n", NULL, &d);
    ck_assert_ptr_nonnull(strstr(out, "<h2 id=\"a\">A</h2>\n<h2 id=\"a-2\">A</h2>\n"
                                      "<h2 id=\"a-2-2\">A-2</h2>\n<h2 id=\"a-3\">A</h2>\n"));
    rg_free(out);
    /* one section: no contents, no ids on the title, nothing added */
    out = post_md("# Title\n\n## Only\n\ntext\n", NULL, &d);
    ck_assert_str_eq(out, "<h1>Title</h1>\n<h2 id=\"only\">Only</h2>\n<p>text</p>\n");
    rg_free(out);
    out = post_md("", NULL, &d);
    ck_assert_str_eq(out, "");
    rg_free(out);
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_diag_free(&d);
}
END_TEST

START_TEST(remote_images_dropped)
{
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md("# T\n\n![diagram](https://example.com/x.png)\n\n"
                        "![cdn](//cdn.example.com/y.png) ![plain](http://example.com/z.gif)\n",
                        NULL, &d);
    ck_assert_str_eq(out, "<h1>T</h1>\n<p><span class=\"rg-dropped-image\">diagram</span></p>\n"
                          "<p><span class=\"rg-dropped-image\">cdn</span> "
                          "<span class=\"rg-dropped-image\">plain</span></p>\n");
    ck_assert_str_eq(first_warning(&d, "remote-image"),
                     "review.md:3: remote image 'https://example.com/x.png' dropped: the report "
                     "makes no external requests");
    ck_assert_uint_eq(warning_count(&d, "remote-image"), 3);
    char *line = rg_warning_summary(&d.warnings[0]);
    ck_assert_str_eq(line, "warning: review.md:3: remote image 'https://example.com/x.png' "
                           "dropped: the report makes no external requests (and 2 more like it)");
    rg_free(line);
    rg_free(out);
    rg_diag_free(&d);
    /* without the Markdown, the warning has no line */
    rg_diag_init(&d);
    out = post_raw("<p><img src=\"HTTPS://example.com/a.png\" alt=\"\"></p>", &d);
    ck_assert_str_eq(out, "<p></p>");
    ck_assert_str_eq(first_warning(&d, "remote-image"),
                     "review.md: remote image 'HTTPS://example.com/a.png' dropped: the report "
                     "makes no external requests");
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

static const char hostile_svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
    "width=\"10\" height=\"5\" onload=\"alert(1)\"><script>alert(2)</script>"
    "<style>main{display:none}</style><!-- note -->"
    "<g onclick=\"x\" fill=\"url(http://evil.example/x)\" clip-path=\"url(#c)\">"
    "<rect width=\"1\" height=\"1\" style=\"fill: red\"/>"
    "<a xlink:href=\"javascript:alert(3)\"><text>a &lt;/svg&gt;&lt;script&gt;</text></a>"
    "<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>"
    "<use xlink:href=\"#c\"/><set attributeName=\"href\" to=\"javascript:alert(4)\"/></g>"
    "<title>Chart</title></svg>\n";

START_TEST(local_svg_inlined_and_sanitised)
{
    make_scratch();
    write_file(scratch, "chart.svg", hostile_svg, strlen(hostile_svg));
    rg_diag d;
    rg_diag_init(&d);
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.base_dir = scratch;
    char *out = post_md("# T\n\n![timeline chart](chart.svg)\n", &o, &d);
    ck_assert_str_eq(
        out, "<h1>T</h1>\n<p><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"5\" "
             "role=\"img\" aria-label=\"timeline chart\"><g clip-path=\"url(#c)\"><rect "
             "width=\"1\" height=\"1\" style=\"fill: red\"/><a><text>a "
             "&lt;/svg&gt;&lt;script&gt;</text></a><use href=\"#c\"/></g><title>Chart</title>"
             "</svg></p>\n");
    ck_assert_str_eq(first_warning(&d, "svg-unsafe"),
                     "review.md:3: local image 'chart.svg': removed 4 elements and 4 attributes "
                     "that could run script, load other files or restyle the report");
    ck_assert_uint_eq(d.n_warnings, 1);
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

/* md through post_md with svg[0..len) as the in-memory timeline.svg, as
 * `build` hands the chart over, gives want, and the first warning of kind
 * (NULL: not asked) is want_warning; returns the warnings given. */
static size_t chart_gives(const char *md, const char *svg, size_t len, const char *want,
                          const char *kind, const char *want_warning)
{
    rg_html_file files[1] = {{"timeline.svg", svg, len}};
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.files = files;
    o.n_files = 1;
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md(md, &o, &d);
    ck_assert_str_eq(out, want);
    if (kind)
        ck_assert_str_eq(first_warning(&d, kind), want_warning);
    size_t n = d.n_warnings;
    rg_free(out);
    rg_diag_free(&d);
    return n;
}

/* The chart's aria-label is the incident's title: "javascript:", "data:" or
 * "url(" in it is text, kept without a warning (it used to cost the chart its
 * label and raise a false alarm), while real addresses in href, src and
 * xlink:href, in any case, still go. */
START_TEST(svg_text_attributes_are_text)
{
    static const char svg[] =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "role=\"img\" aria-label=\"Checkout down: javascript:alert(1) in a title, "
        "data:text/html and url(http://x)\"><title>javascript: the title</title>"
        "<g aria-describedby=\"javascript:void(0)\"><rect id=\"r\" width=\"1\" height=\"1\"/>"
        "</g></svg>";
    ck_assert_uint_eq(
        chart_gives("![chart](timeline.svg)\n", svg, sizeof(svg) - 1,
                    "<p><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                    "aria-label=\"Checkout down: javascript:alert(1) in a title, "
                    "data:text/html and url(http://x)\"><title>javascript: the title"
                    "</title><g aria-describedby=\"javascript:void(0)\"><rect id=\"r\" "
                    "width=\"1\" height=\"1\"/></g></svg></p>\n",
                    NULL, NULL),
        0);

    static const char bad[] =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
        "<a HREF=\"javascript:alert(1)\"><text>a</text></a>"
        "<a href=\"data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;\"><text>b</text></a>"
        "<a xlink:href=\"java&#9;script:alert(3)\"><text>c</text></a>"
        "<rect src=\"javascript:alert(4)\" Src=\" data:image/svg+xml,x\" width=\"1\"/>"
        "<rect fill=\"url(data:x)\" stroke=\"javascript:alert(5)\" height=\"1\"/>"
        "<a href=\"#r\"><text>d</text></a></svg>";
    chart_gives("![chart](timeline.svg)\n", bad, sizeof(bad) - 1,
                "<p><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "aria-label=\"chart\"><a><text>a</text></a><a><text>b</text></a>"
                "<a><text>c</text></a><rect width=\"1\"/><rect height=\"1\"/>"
                "<a href=\"#r\"><text>d</text></a></svg></p>\n",
                "svg-unsafe",
                "review.md:1: local image 'timeline.svg': removed 7 attributes that could "
                "run script, load other files or restyle the report");
}
END_TEST

/* The SVG is read as a stream (html_post.c, svg_clean): what a tree's
 * sanitiser and serialiser made of it, it still makes. An entity's text is
 * parsed apart and never shown (its <script> included); an entity in an
 * attribute's value costs the attribute; an element left with nothing
 * written inside (a comment, a removed child) is written "<g/>"; a removed
 * element is counted once whatever it holds; CDATA is text. */
START_TEST(svg_streamed_like_a_tree)
{
    static const char svg[] =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE svg [<!ENTITY e \"<script>alert(1)</script>boom\"><!ENTITY t \"plain\">]>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a&e;b</text>"
        "<text fill=\"&t;\" x=\"1\">c</text><!-- c --><g><!-- only a comment --></g>"
        "<?pi x?><text><![CDATA[<x> & y]]></text><g><script><rect/><rect/></script></g>\n"
        "<g id=\"lane\">\n <line x1=\"0\"/>\n</g></svg>\n<!-- after -->\n";
    ck_assert_uint_eq(
        chart_gives("## Lane\n\n![chart](timeline.svg)\n", svg, sizeof(svg) - 1,
                    "<h2 id=\"lane-2\">Lane</h2>\n"
                    "<p><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                    "aria-label=\"chart\"><text>ab</text><text x=\"1\">c</text><g/>"
                    "<text>&lt;x&gt; &amp; y</text><g/>\n<g id=\"lane\">\n <line "
                    "x1=\"0\"/>\n</g></svg></p>\n",
                    "svg-unsafe",
                    "review.md:3: local image 'timeline.svg': removed 1 element and 1 attribute "
                    "that could run script, load other files or restyle the report"),
        1);

    /* what the parser leaves in a value: '&' written back as "&amp;", a
     * prefix bound to nothing (element and attribute go), a DTD's default
     * (not the document's), xml:space and a prefixed svg: element kept */
    static const char svg2[] =
        "<!DOCTYPE svg [<!ATTLIST rect fill CDATA \"red\">]>"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:s=\"http://www.w3.org/2000/svg\">"
        "<text aria-label=\"a &amp; b &#38; c &lt;d&gt;\" xml:space=\"preserve\">t</text>"
        "<rect width=\"1\"/><foo:rect x=\"1\"/><rect foo:x=\"2\" y=\"3\"/><s:circle r=\"1\"/>"
        "</svg>";
    chart_gives("![chart](timeline.svg)\n", svg2, sizeof(svg2) - 1,
                "<p><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                "aria-label=\"chart\"><text aria-label=\"a &amp; b &amp; c "
                "&lt;d&gt;\" xml:space=\"preserve\">t</text><rect width=\"1\"/>"
                "<rect y=\"3\"/><circle r=\"1\"/></svg></p>\n",
                "svg-unsafe",
                "review.md:1: local image 'timeline.svg': removed 1 element and 1 attribute "
                "that could run script, load other files or restyle the report");

    /* a root with a prefix bound to nothing is named as the tree names it */
    static const char svg3[] = "<foo:svg x=\"1\"/>";
    chart_gives("![chart](timeline.svg)\n", svg3, sizeof(svg3) - 1,
                "<p><span class=\"rg-dropped-image\">chart</span></p>\n", "local-image",
                "review.md:1: local image 'timeline.svg' dropped: it is not SVG: its root "
                "element is 'foo:svg'");
}
END_TEST

/* The stream's point: memory follows the element being read, not the
 * document. 190,000 elements (3.8 MiB, under the 4 MiB an image may have)
 * as a tree took some 150 MiB; here the post-processing runs with 48 MiB
 * more than the process had, in a child, and must inline every element. */
START_TEST(svg_streamed_in_bounded_memory)
{
#if defined(__SANITIZE_ADDRESS__)
    fprintf(stderr, "skipped: svg_streamed_in_bounded_memory: AddressSanitizer's shadow memory "
                    "counts against RLIMIT_DATA\n");
    return;
#endif
    enum { N = 190000 };
    static const char head[] = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n";
    static const char one[] = "<rect x=\"1\" y=\"2\"/>\n";
    rg_buf svg = {0};
    ck_assert_int_eq(rg_buf_puts(&svg, head), 0);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(rg_buf_puts(&svg, one), 0);
    ck_assert_int_eq(rg_buf_puts(&svg, "</svg>\n"), 0);
    ck_assert_uint_lt(svg.len, (size_t)4 << 20);
    size_t raw_len = 0;
    rg_diag d;
    rg_diag_init(&d);
    const char *md = "![chart](timeline.svg)\n";
    char *raw = rg_markdown_to_html(md, strlen(md), &raw_len, &d);
    ck_assert_ptr_nonnull(raw);
    rg_html_file files[1] = {{"timeline.svg", svg.data, svg.len}};
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.files = files;
    o.n_files = 1;
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        rg_xml_install(); /* as main does: libxml2's allocations are counted */
        long pages = 0, data = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (!f || fscanf(f, "%ld %*d %*d %*d %*d %ld", &pages, &data) != 2)
            _exit(3);
        fclose(f);
        rlim_t limit = (rlim_t)data * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)48 << 20);
        struct rlimit rl = {limit, limit};
        if (setrlimit(RLIMIT_DATA, &rl) != 0)
            _exit(3);
        size_t len = 0;
        char *out = rg_html_postprocess(raw, raw_len, &o, &len, NULL, &d);
        if (!out)
            _exit(2);
        size_t n = 0;
        for (const char *s = out; (s = strstr(s, "<rect x=\"1\" y=\"2\"/>")) != NULL; s++)
            n++;
        _exit(n == N ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "status %d (2: out of memory, 1: elements lost, 3: no limit set)", status);
    rg_free(raw);
    rg_buf_free(&svg);
    rg_diag_free(&d);
}
END_TEST

/* `build` gives the files it has not yet renamed into place in memory; they
 * come before the folder. A clean SVG gives no warning. */
START_TEST(in_memory_file_first)
{
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\">"
                              "<circle cx=\"1\" cy=\"1\" r=\"1\"/></svg>";
    rg_html_file files[1] = {{"charts/timeline.svg", svg, sizeof(svg) - 1}};
    rg_diag d;
    rg_diag_init(&d);
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.files = files;
    o.n_files = 1;
    char *out = post_md("![](./charts//timeline.svg)\n", &o, &d);
    ck_assert_str_eq(out, "<p><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\">"
                          "<circle cx=\"1\" cy=\"1\" r=\"1\"/></svg></p>\n");
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_free(out);
    /* a heading does not take an id the chart uses */
    static const char svg2[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><clipPath "
                               "id=\"timeline\"/><g clip-path=\"url(#timeline)\"/></svg>";
    files[0].data = svg2;
    files[0].len = sizeof(svg2) - 1;
    out = post_md("## Timeline\n\n![](charts/timeline.svg)\n", &o, &d);
    ck_assert_str_eq(out, "<h2 id=\"timeline-2\">Timeline</h2>\n<p><svg "
                          "xmlns=\"http://www.w3.org/2000/svg\"><clipPath id=\"timeline\"/><g "
                          "clip-path=\"url(#timeline)\"/></svg></p>\n");
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

START_TEST(local_images_that_cannot_be_shown)
{
    make_scratch();
    char sub[300], outside[300], link_path[400];
    snprintf(sub, sizeof(sub), "%s/review", scratch);
    mkdir(sub, 0777);
    snprintf(outside, sizeof(outside), "%s/outside.svg", scratch);
    write_file(scratch, "outside.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 41);
    snprintf(link_path, sizeof(link_path), "%s/link.svg", sub);
    unlink(link_path);
    ck_assert_int_eq(symlink("../outside.svg", link_path), 0);
    write_file(sub, "broken.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g>\n</svg>\n", 51);
    write_file(sub, "page.svg", "<html><body>x</body></html>", 27);
    write_file(sub, "notes.svg", "just text", 9);
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 1};
    write_file(sub, "dot.png", (const char *)png, sizeof(png));

    static const struct {
        const char *md, *key, *warning, *html;
    } cases[] = {
        {"![up](../outside.svg)\n", "local-image",
         "review.md:1: local image '../outside.svg' dropped: the path leaves the review's folder",
         "<p><span class=\"rg-dropped-image\">up</span></p>\n"},
        {"![a](/etc/passwd)\n", "local-image",
         "review.md:1: local image '/etc/passwd' dropped: the path must be relative to the "
         "review's folder",
         "<p><span class=\"rg-dropped-image\">a</span></p>\n"},
        {"text\n\n![l](link.svg)\n", "local-image",
         "review.md:3: local image 'link.svg' dropped: it leaves the review's folder through a "
         "symbolic link",
         "<p>text</p>\n<p><span class=\"rg-dropped-image\">l</span></p>\n"},
        {"![m](missing.svg)\n", "local-image",
         "review.md:1: local image 'missing.svg' dropped: cannot read it: No such file or "
         "directory",
         "<p><span class=\"rg-dropped-image\">m</span></p>\n"},
        {"![b](broken.svg)\n", "local-image",
         "review.md:1: local image 'broken.svg' dropped: cannot read it as SVG: broken.svg:3:7: "
         "Premature end of data in tag svg line 1",
         "<p><span class=\"rg-dropped-image\">b</span></p>\n"},
        {"![p](page.svg)\n", "local-image",
         "review.md:1: local image 'page.svg' dropped: it is not SVG: its root element is 'html'",
         "<p><span class=\"rg-dropped-image\">p</span></p>\n"},
        {"![n](notes.svg)\n", "local-image",
         "review.md:1: local image 'notes.svg' dropped: it is not an SVG, PNG, GIF, JPEG or WebP "
         "image",
         "<p><span class=\"rg-dropped-image\">n</span></p>\n"},
        {"![d](%2e%2e/outside.svg)\n", "local-image",
         "review.md:1: local image '%2e%2e/outside.svg' dropped: the path leaves the review's "
         "folder",
         "<p><span class=\"rg-dropped-image\">d</span></p>\n"},
        {"![x](javascript:alert(1))\n", "unsafe-image",
         "review.md:1: image 'x' dropped: its address was removed as unsafe",
         "<p><span class=\"rg-dropped-image\">x</span></p>\n"},
        {"![f](ftp://example.com/a.png)\n", "unsafe-image",
         "review.md:1: image 'ftp://example.com/a.png' dropped: only local files and data:image "
         "addresses can be shown",
         "<p><span class=\"rg-dropped-image\">f</span></p>\n"},
        {"![dot](dot.png)\n", NULL, NULL,
         "<p><img src=\"data:image/png;base64,iVBORw0KGgoAAQ==\" alt=\"dot\" /></p>\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rg_diag d;
        rg_diag_init(&d);
        rg_html_post_opts o;
        memset(&o, 0, sizeof(o));
        o.base_dir = sub;
        char *out = post_md(cases[i].md, &o, &d);
        ck_assert_str_eq(out, cases[i].html);
        if (cases[i].key) {
            ck_assert_uint_eq(d.n_warnings, 1);
            ck_assert_str_eq(first_warning(&d, cases[i].key), cases[i].warning);
        } else {
            ck_assert_uint_eq(d.n_warnings, 0);
        }
        rg_free(out);
        rg_diag_free(&d);
    }
    /* no folder at all (rg_render_html): local images are named, not read */
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md("![c](timeline.svg)\n", NULL, &d);
    ck_assert_str_eq(out, "<p><span class=\"rg-dropped-image\">c</span></p>\n");
    ck_assert_str_eq(first_warning(&d, "local-image"),
                     "review.md:1: local image 'timeline.svg' dropped: no folder was given to "
                     "read it from");
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

/* Each hostile fragment straight into the serialiser, with what is left. */
/* libxml2's HTML parser names "<s:img>" img and lets it hold what follows:
 * what it holds stays in the document, after the image (freeing it with
 * the image, heading and image included, was a use after free and a double
 * free found by fuzz_html_post, tests/fuzz-regressions/html_post/). */
START_TEST(image_holding_elements)
{
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_raw("<p>a<s:img src=\"https://x/a.png\" alt=\"pic\"><h4>Kept</h4>"
                         "<img src=\"https://x/b.png\" alt=\"inner\"></p>\n",
                         &d);
    ck_assert_str_eq(out, "<p>a<span class=\"rg-dropped-image\">pic</span><h4 id=\"kept\">Kept"
                          "</h4><span class=\"rg-dropped-image\">inner</span></p>\n");
    ck_assert_uint_eq(warning_count(&d, "remote-image"), 2);
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

START_TEST(hostile_html_produces_no_element)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"},
        {"<p><img src=x onerror=alert(1)></p>", "<p></p>"},
        {"<p><img src=\"data:image/png;base64,AAAA\" onerror=\"alert(1)\" alt=\"a\"></p>",
         "<p><img src=\"data:image/png;base64,AAAA\" alt=\"a\" /></p>"},
        {"<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"},
        {"<a href=\" javascript:alert(1)\">x</a>", "<a>x</a>"},
        {"<a href=\"JaVaScRiPt&#58;alert(1)\">x</a>", "<a>x</a>"},
        {"<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>", "<a>x</a>"},
        {"<a href=\"vbscript:msgbox\">x</a><a href=\"file:///etc/passwd\">y</a>",
         "<a>x</a><a>y</a>"},
        {"<a href=\"#top\" onclick=\"alert(1)\" style=\"x\">t</a>", "<a href=\"#top\">t</a>"},
        {"<p>x</p><iframe src=\"https://evil.example/\"></iframe><p>y</p>", "<p>x</p><p>y</p>"},
        {"<object data=\"x.swf\"><param name=a value=b></object>z", "z"},
        {"<p>a</p><embed src=\"x.swf\">", "<p>a</p>"},
        {"<form action=\"https://evil.example/\"><input type=\"text\" name=\"q\">"
         "<button>go</button></form>k",
         "k"},
        {"<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0\">"
         "<link rel=stylesheet href=x><style>*{}</style>s",
         "s"},
        {"<svg onload=\"alert(1)\"><circle/></svg><math><mi>x</mi></math>m", "m"},
        /* libxml2 ends the comment at "--!>" as a browser does */
        {"<!-- x --!><script>alert(1)</script> --><!-- raw HTML omitted -->",
         "<!-- x --> --&gt;<!-- raw HTML omitted -->"},
        {"<!-- a-b <c> -->k", "k"},
        {"<ul><li><input type=\"checkbox\" checked onclick=\"x\"> done</li></ul>",
         "<ul><li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li></ul>"},
        {"<div onmouseover=\"alert(1)\" id=\"x\" class=\"c\" data-x=\"1\">d</div>",
         "<div id=\"x\" class=\"c\">d</div>"},
        {"<p title='\"&gt;&lt;script&gt;'>q</p>", "<p title=\"&quot;&gt;&lt;script&gt;\">q</p>"},
        {"<noscript><p>n</p></noscript><template><p>t</p></template><textarea>x</textarea>", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rg_diag d;
        rg_diag_init(&d);
        char *out = post_raw(cases[i].in, &d);
        ck_assert_msg(strcmp(out, cases[i].out) == 0, "case %zu: got '%s', want '%s'", i, out,
                      cases[i].out);
        rg_free(out);
        rg_diag_free(&d);
    }
}
END_TEST

/* The link policy (links.h, README "Links in the report"): exactly which
 * hrefs are kept, and the exact warning, with the Markdown's line, for each
 * one dropped; the dropped link's text stays in its place. */
START_TEST(links_kept_and_dropped)
{
    static const char md[] =
        "# Links\n"                                                                         /* 1 */
        "\n"                                                                                /* 2 */
        "[runbook](https://wiki.example/rb) [mail](mailto:ops@example.com) [top](#links)\n" /* 3 */
        "[chart](timeline.svg) [log](attachments/db%20log.txt?x=1#l2) "
        "[sib](../INC-2101/review.html)\n"
        "\n"                                                                           /* 5 */
        "- [js](javascript:alert(1)) and [data](data:text/html,x)\n"                   /* 6 */
        "- [up2](../../secrets.txt) [mid](a/../../b) [enc](%2e%2e/%2E%2E/x)\n"         /* 7 */
        "\n"                                                                           /* 8 */
        "| a | b |\n| --- | --- |\n| [abs](/etc/passwd) | [net](//evil.example/x) |\n" /* 9-11 */
        "\n"                                                                           /* 12 */
        "> [bs](..\\\\x) [ctl](a%0Ab) [file](file:///etc/passwd) [](vbscript:x)\n";    /* 13 */
    rg_diag d;
    rg_diag_init(&d);
    char *out = post_md(md, NULL, &d);
    const char *want =
        "<h1>Links</h1>\n"
        "<p><a href=\"https://wiki.example/rb\" rel=\"noopener noreferrer\">runbook</a> "
        "<a href=\"mailto:ops@example.com\">mail</a> <a href=\"#links\">top</a>\n"
        "<a href=\"timeline.svg\">chart</a> "
        "<a href=\"attachments/db%20log.txt?x=1#l2\">log</a> "
        "<a href=\"../INC-2101/review.html\">sib</a></p>\n"
        "<ul>\n<li>js and data</li>\n<li>up2 mid enc</li>\n</ul>\n"
        "<table class=\"rg-table\"><caption class=\"rg-caption\">Links</caption>\n<thead>\n"
        "<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>abs</td>\n<td>net</td>\n</tr>\n</tbody>\n</table>\n"
        "<blockquote>\n<p>bs ctl file </p>\n</blockquote>\n";
    ck_assert_str_eq(out, want);
    static const char *const warnings[] = {
        "review.md:6: link to \"javascript:alert(1)\" dropped: only https:, http:, mailto:, "
        "\"#...\" and relative links are kept",
        "review.md:6: link to \"data:text/html,x\" dropped: only https:, http:, mailto:, "
        "\"#...\" and relative links are kept",
        "review.md:7: link to \"../../secrets.txt\" dropped: it climbs more than one folder "
        "above the report (at most one leading \"../\", to a sibling folder)",
        "review.md:7: link to \"a/../../b\" dropped: \"..\" inside the path (only one leading "
        "\"../\" is kept)",
        "review.md:7: link to \"%2e%2e/%2E%2E/x\" dropped: it climbs more than one folder "
        "above the report (at most one leading \"../\", to a sibling folder)",
        "review.md:11: link to \"/etc/passwd\" dropped: an absolute path: write the path "
        "relative to the report",
        "review.md:11: link to \"//evil.example/x\" dropped: a link to another host without a "
        "scheme (\"//host\"): write https://",
        "review.md:13: link to \"..\\x\" dropped: a backslash in the address (write '/')",
        "review.md:13: link to \"a%0Ab\" dropped: a control character in the address",
        "review.md:13: link to \"file:///etc/passwd\" dropped: only https:, http:, mailto:, "
        "\"#...\" and relative links are kept",
        "review.md:13: link to \"vbscript:x\" dropped: only https:, http:, mailto:, \"#...\" "
        "and relative links are kept",
    };
    size_t n = sizeof(warnings) / sizeof(warnings[0]);
    ck_assert_uint_eq(d.n_warnings, n);
    for (size_t i = 0; i < n; i++) {
        char key[32];
        snprintf(key, sizeof(key), "link-dropped-%zu", i + 1);
        ck_assert_str_eq(d.warnings[i].key, key);
        ck_assert_str_eq(d.warnings[i].first, warnings[i]);
    }
    rg_free(out);
    rg_diag_free(&d);

    /* past RG_LINK_WARNINGS, the rest are counted under one key */
    rg_buf many = {0};
    for (int i = 1; i <= RG_LINK_WARNINGS + 5; i++)
        ck_assert_int_eq(rg_buf_printf(&many, "[x%d](javascript:%d)\n\n", i, i), 0);
    rg_diag_init(&d);
    out = post_md(many.data, NULL, &d);
    ck_assert_ptr_null(strstr(out, "<a"));
    ck_assert_uint_eq(d.n_warnings, RG_LINK_WARNINGS + 1);
    ck_assert_str_eq(d.warnings[RG_LINK_WARNINGS - 1].first,
                     "review.md:39: link to \"javascript:20\" dropped: only https:, http:, "
                     "mailto:, \"#...\" and relative links are kept");
    ck_assert_str_eq(d.warnings[RG_LINK_WARNINGS].key, "link-dropped-more");
    ck_assert_str_eq(d.warnings[RG_LINK_WARNINGS].first,
                     "review.md:41: link to \"javascript:21\" dropped: only https:, http:, "
                     "mailto:, \"#...\" and relative links are kept");
    ck_assert_uint_eq(d.warnings[RG_LINK_WARNINGS].count, 5);
    rg_free(out);
    rg_buf_free(&many);
    rg_diag_free(&d);

    /* HTML given directly (not from cmark-gfm): the serialiser's allow-list
     * applies the same policy, and the line is where the href is written */
    static const char raw_md[] = "intro\n<a href=\"../../x\">y</a>\n";
    static const char raw[] = "<p><a href=\"../../x\">y</a> <a href=\"../ok.html\">z</a> "
                              "<a href=\"\">e</a> <a href=\" //evil.example\">s</a></p>\n";
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.md = raw_md;
    o.md_len = strlen(raw_md);
    rg_diag_init(&d);
    size_t len = 0;
    out = rg_html_postprocess(raw, strlen(raw), &o, &len, NULL, &d);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "<p><a>y</a> <a href=\"../ok.html\">z</a> <a>e</a> <a>s</a></p>\n");
    ck_assert_uint_eq(d.n_warnings, 3);
    ck_assert_str_eq(d.warnings[0].first,
                     "review.md:2: link to \"../../x\" dropped: it climbs more than one folder "
                     "above the report (at most one leading \"../\", to a sibling folder)");
    ck_assert_str_eq(d.warnings[1].first, "review.md: link to \"\" dropped: an empty address");
    ck_assert_str_eq(d.warnings[2].first,
                     "review.md: link to \" //evil.example\" dropped: spaces around the address");
    rg_free(out);
    rg_diag_free(&d);
}
END_TEST

/* The same through the whole document: Markdown with raw HTML and unsafe
 * links becomes a report with no script, frame, handler or unsafe URL. */
START_TEST(hostile_markdown_whole_document)
{
    static const char md[] =
        "# <script>alert(1)</script>\n\n<script>alert(2)</script>\n\n"
        "<img src=x onerror=alert(3)>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n"
        "[a](javascript:alert(4)) [b](data:text/html,<script>alert(5)</script>) "
        "[c](vbscript:msgbox) [d](JAVASCRIPT:alert(6))\n\n"
        "![e](javascript:alert(7)) ![f](data:image/svg+xml,<svg/onload=alert(8)>)\n\n"
        "<a href=\"javascript:alert(9)\" onclick=\"alert(10)\">g</a>\n\n## Section\n\n## Another\n";
    rg_diag d;
    rg_diag_init(&d);
    size_t shell_len = 0, style_len = 0, len = 0;
    char *shell = rg_template_load(NULL, "review.html.mustache", &shell_len, &d);
    char *style = rg_template_load(NULL, "style.css", &style_len, &d);
    char *doc = rg_render_html(md, strlen(md), "t", shell, shell_len, style, style_len, &len, &d);
    ck_assert_msg(doc != NULL, "%s", d.error);
    const char *absent[] = {"<script",   "<iframe",     "<img",       "onerror",
                            "onclick",   "javascript:", "JAVASCRIPT", "vbscript:",
                            "data:text", "<svg",        "alert(3)"};
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
        ck_assert_msg(strstr(doc, absent[i]) == NULL, "'%s' in the report", absent[i]);
    ck_assert_ptr_nonnull(strstr(doc, "<h1><!-- raw HTML omitted -->alert(1)<!-- raw HTML "
                                      "omitted --></h1>\n"));
    ck_assert_ptr_nonnull(strstr(doc, "<h2 id=\"section\">Section</h2>"));
    ck_assert_uint_eq(warning_count(&d, "unsafe-image"), 2);
    rg_free(doc);
    rg_free(shell);
    rg_free(style);
    rg_diag_free(&d);
}
END_TEST

/* libxml2 reads no deeper than 256 elements; the rest is not lost quietly. */
START_TEST(too_deep_refused)
{
    rg_buf md = {0};
    rg_buf_puts(&md, "# T\n\n");
    for (int i = 0; i < 300; i++)
        rg_buf_puts(&md, "*a ");
    rg_buf_puts(&md, "x");
    for (int i = 0; i < 300; i++)
        rg_buf_puts(&md, " a*");
    rg_buf_puts(&md, "\n\nafter\n");
    rg_diag d;
    rg_diag_init(&d);
    size_t len = 0;
    char *doc =
        rg_render_html_named("REVIEW.md", md.data, md.len, "t", "{{{body}}}", 10, "", 0, &len, &d);
    ck_assert_ptr_null(doc);
    ck_assert_str_eq(d.error, "REVIEW.md: cannot post-process the HTML: elements nest more than "
                              "255 deep (emphasis, links or lists inside each other), deeper "
                              "than libxml2 reads");
    rg_diag_free(&d);
    rg_buf_free(&md);
}
END_TEST

static const char model_json[] =
    "{\"incident\": {\"id\": \"INC-1\", \"title\": \"Model title\"},"
    " \"durations\": {\"time_to_detect\": 90, \"time_to_acknowledge\": 249,"
    " \"time_to_mitigate\": null, \"time_to_recover\": 6989},"
    " \"communication\": {\"updates\": 5, \"max_gap\": 2870, \"policy\": 1800},"
    " \"impact_total\": 2880, \"impact_periods\": [{}, {}]}";

START_TEST(metric_cards)
{
    rg_diag d;
    rg_diag_init(&d);
    json_t *model = rg_json_parse("model.json", model_json, strlen(model_json), 0, &d);
    ck_assert_msg(model != NULL, "%s", d.error);
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.model = model;
    char *out = post_md("# T\n\nIntro.\n\n## One\n\n## Two\n", &o, &d);
    ck_assert_str_eq(
        out,
        "<h1>T</h1>\n<p>Intro.</p>\n"
        "<section class=\"rg-cards\" aria-label=\"Response at a glance\">\n"
        "<div class=\"rg-card\" title=\"customer impact = the 2 impact periods together: alerts "
        "firing, error bursts, breaches\"><span class=\"rg-card-label\">Customer impact</span>"
        "<span class=\"rg-card-value\">48 min</span><small class=\"rg-card-def\">the 2 impact "
        "periods together: alerts firing, error bursts, breaches</small></div>\n"
        "<div class=\"rg-card\" title=\"time to detect = detected − started\">"
        "<span class=\"rg-card-label\">Time to detect</span><span class=\"rg-card-value\">1 min "
        "30 s</span><small class=\"rg-card-def\">detected − started</small></div>\n"
        "<div class=\"rg-card\" title=\"time to acknowledge = acknowledged − detected\">"
        "<span class=\"rg-card-label\">Time to acknowledge</span><span "
        "class=\"rg-card-value\">4 min 09 s</span><small class=\"rg-card-def\">acknowledged − "
        "detected</small></div>\n"
        "<div class=\"rg-card\" title=\"updates to customers = status-page posts; longest gap "
        "while open 47 min 50 s (policy 30 min)\"><span class=\"rg-card-label\">Updates to "
        "customers</span><span class=\"rg-card-value\">5</span><small "
        "class=\"rg-card-def\">status-page posts; longest gap while open 47 min 50 s (policy 30 "
        "min)</small></div>\n"
        "</section>\n"
        "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n<ul>\n"
        "<li><a href=\"#one\">One</a></li>\n<li><a href=\"#two\">Two</a></li>\n</ul>\n</nav>\n"
        "<h2 id=\"one\">One</h2>\n<h2 id=\"two\">Two</h2>\n");
    rg_free(out);
    /* no sections: the cards follow the title */
    out = post_md("# T\n\ntext\n", &o, &d);
    ck_assert_int_eq(strncmp(out, "<h1>T</h1><section class=\"rg-cards\"", 35), 0);
    ck_assert_ptr_nonnull(strstr(out, "</section>\n\n<p>text</p>\n"));
    rg_free(out);
    json_decref(model);
    /* a model without the figures, or with the wrong types, makes no cards
     * or says "unknown"; never a crash */
    static const char *const others[] = {"[]", "{}", "{\"durations\": []}",
                                         "{\"durations\": {\"time_to_detect\": \"90\"}}"};
    for (size_t i = 0; i < 4; i++) {
        model = rg_json_parse("m.json", others[i], strlen(others[i]), 0, &d);
        ck_assert_ptr_nonnull(model);
        o.model = model;
        out = post_md("# T\n", &o, &d);
        if (i < 3)
            ck_assert_str_eq(out, "<h1>T</h1>\n");
        else
            ck_assert_ptr_nonnull(strstr(out, "<span class=\"rg-card-value\">unknown</span>"));
        rg_free(out);
        json_decref(model);
    }
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_diag_free(&d);
}
END_TEST

/* The review's first screen: with an h2 "What we are changing" the cards go
 * just before it (after what happened) and the contents after its section,
 * before the analysis. */
START_TEST(cards_before_changing)
{
    rg_diag d;
    rg_diag_init(&d);
    json_t *model = rg_json_parse("model.json", model_json, strlen(model_json), 0, &d);
    ck_assert_msg(model != NULL, "%s", d.error);
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.model = model;
    char *out = post_md("# T\n\n## What happened\n\nIt broke.\n\n## What we are changing\n\n"
                        "- a fix\n\n## Thank you\n\nThanks.\n",
                        &o, &d);
    const char *cards = strstr(out, "<section class=\"rg-cards\"");
    const char *nav = strstr(out, "<nav class=\"toc\"");
    ck_assert_ptr_nonnull(cards);
    ck_assert_ptr_nonnull(nav);
    ck_assert_int_eq(
        strncmp(out,
                "<h1>T</h1>\n<h2 id=\"what-happened\">What happened</h2>\n<p>It "
                "broke.</p>\n<section class=\"rg-cards\"",
                strlen("<h1>T</h1>\n<h2 id=\"what-happened\">What happened</h2>\n<p>It "
                       "broke.</p>\n<section class=\"rg-cards\"")),
        0);
    ck_assert_ptr_nonnull(strstr(out, "</section>\n<h2 id=\"what-we-are-changing\">What we are "
                                      "changing</h2>\n<ul>\n<li>a fix</li>\n</ul>\n<nav "
                                      "class=\"toc\""));
    ck_assert_ptr_nonnull(
        strstr(out, "</nav>\n<h2 id=\"thank-you\">Thank you</h2>\n<p>Thanks.</p>\n"));
    rg_free(out);
    /* "What we are changing" last: the contents close the body */
    out = post_md("# T\n\n## A\n\n## What we are changing\n\n- x\n", &o, &d);
    size_t n = strlen(out);
    ck_assert_int_ge(n, 8);
    ck_assert_str_eq(out + n - 7, "</nav>\n");
    ck_assert_ptr_nonnull(strstr(out, "</section>\n<h2 id=\"what-we-are-changing\">"));
    rg_free(out);
    json_decref(model);
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_diag_free(&d);
}
END_TEST

/* Runs `reviewgen html ARGS...` in this process with stderr in a file;
 * returns the exit code and the stderr text (rg_free). */
static int run_html(char **err, int argc, const char **argv)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/stderr.txt", scratch);
    fflush(stderr);
    fflush(stdout);
    int saved = dup(2), saved_out = dup(1);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    int devnull = open("/dev/null", O_WRONLY);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 2);
    dup2(devnull, 1);
    int rc = rg_test_run_cmd(&rg_cmd_html, argc, (char **)argv);
    fflush(stderr);
    fflush(stdout);
    dup2(saved, 2);
    dup2(saved_out, 1);
    close(fd);
    close(devnull);
    close(saved);
    close(saved_out);
    *err = read_all(path);
    return rc;
}

static const char timeline_svg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 10\"><rect width=\"50\" "
    "height=\"10\"/><script>alert(1)</script></svg>\n";

/* The normal path: `build` writes the draft, the lead edits it, `html`
 * publishes it with the cards from review.json and the chart inlined. */
START_TEST(html_command_on_edited_draft)
{
    make_scratch();
    char out_dir[300], md_path[400], html_path[400], other[400];
    snprintf(out_dir, sizeof(out_dir), "%s/inc", scratch);
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts bo = {"samples/inc-2041-checkout", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &bo, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    ck_assert_msg(rg_publish(&b, model, out_dir, NULL, NULL, &d) == 0, "%s", d.error);

    /* the lead's edits: a new section, the chart, a pasted remote image */
    snprintf(md_path, sizeof(md_path), "%s/review.md", out_dir);
    char *md = read_all(md_path);
    rg_buf edited = {0};
    rg_buf_puts(&edited, md);
    rg_buf_puts(&edited, "\n## What we learned\n\nWe edited this draft by hand.\n\n"
                         "![timeline chart](edited-chart.svg)\n\n"
                         "![screenshot](https://example.com/grafana.png)\n");
    write_file(out_dir, "review.md", edited.data, edited.len);
    write_file(out_dir, "edited-chart.svg", timeline_svg, strlen(timeline_svg));
    long remote_line = 1;
    for (const char *s = edited.data; *s; s++)
        remote_line += *s == '\n';
    remote_line -= 1; /* the last line holds the remote image */

    char *err = NULL;
    const char *argv1[] = {md_path};
    ck_assert_int_eq(run_html(&err, 1, argv1), RG_EXIT_OK);
    char want[2048];
    snprintf(want, sizeof(want),
             "warning: %s:%ld: local image 'edited-chart.svg': removed 1 element that could run "
             "script, load other files or restyle the report\n"
             "warning: %s:%ld: remote image 'https://example.com/grafana.png' dropped: the report "
             "makes no external requests\n",
             md_path, remote_line - 2, md_path, remote_line);
    ck_assert_str_eq(err, want);
    rg_free(err);

    snprintf(html_path, sizeof(html_path), "%s/review.html", out_dir);
    char *html = read_all(html_path);
    const char *title =
        json_string_value(json_object_get(json_object_get(model, "incident"), "title"));
    char t[300];
    snprintf(t, sizeof(t), "<title>%s</title>", title);
    ck_assert_ptr_nonnull(strstr(html, t));
    ck_assert_ptr_nonnull(strstr(html, "<h2 id=\"what-we-learned\">What we learned</h2>\n"
                                       "<p>We edited this draft by hand.</p>\n"
                                       "<p><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 "
                                       "0 100 10\" role=\"img\" aria-label=\"timeline chart\">"
                                       "<rect width=\"50\" height=\"10\"/></svg></p>\n"
                                       "<p><span class=\"rg-dropped-image\">screenshot</span>"
                                       "</p>\n"));
    ck_assert_ptr_nonnull(
        strstr(html, "<li><a href=\"#what-we-learned\">What we learned</a></li>"));
    /* cards from review.json beside the draft, with the model's figures */
    char buf[48], card[200];
    json_int_t ttd =
        json_integer_value(json_object_get(json_object_get(model, "durations"), "time_to_detect"));
    snprintf(card, sizeof(card),
             "<span class=\"rg-card-label\">Time to detect</span><span "
             "class=\"rg-card-value\">%s</span>",
             rg_duration_format((int64_t)ttd, buf));
    ck_assert_ptr_nonnull(strstr(html, card));
    ck_assert_ptr_nonnull(strstr(html, "<span class=\"rg-card-label\">Updates to "
                                       "customers</span>"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "grafana.png\""));
    ck_assert_ptr_nonnull(strstr(html, "Content-Security-Policy"));

    /* the same bytes as the library call `build` can make with the same inputs */
    size_t shell_len, style_len, len2;
    char *shell = rg_template_load(NULL, "review.html.mustache", &shell_len, &d);
    char *style = rg_template_load(NULL, "style.css", &style_len, &d);
    rg_html_post_opts po;
    memset(&po, 0, sizeof(po));
    po.base_dir = out_dir;
    po.model = model;
    rg_diag d2;
    rg_diag_init(&d2);
    char *again = rg_render_html_model(md_path, edited.data, edited.len, NULL, shell, shell_len,
                                       style, style_len, &po, &len2, &d2);
    ck_assert_ptr_nonnull(again);
    ck_assert_str_eq(again, html);
    rg_free(again);
    rg_diag_free(&d2);

    /* -o elsewhere, --no-cards */
    snprintf(other, sizeof(other), "%s/published.html", scratch);
    const char *argv2[] = {md_path, "-o", other, "--no-cards", "-q"};
    ck_assert_int_eq(run_html(&err, 5, argv2), RG_EXIT_OK);
    rg_free(err);
    char *plain = read_all(other);
    ck_assert_ptr_null(strstr(plain, "class=\"rg-cards\""));
    ck_assert_ptr_nonnull(strstr(plain, "<nav class=\"toc\""));
    rg_free(plain);

    rg_free(shell);
    rg_free(style);
    rg_free(html);
    rg_free(md);
    rg_buf_free(&edited);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

START_TEST(html_command_errors)
{
    make_scratch();
    char *err = NULL;
    char md_path[300], json_path[300], missing[300];
    snprintf(md_path, sizeof(md_path), "%s/draft.md", scratch);
    snprintf(json_path, sizeof(json_path), "%s/review.json", scratch);
    snprintf(missing, sizeof(missing), "%s/missing.md", scratch);
    write_file(scratch, "draft.md", "# Draft\n\n## A\n\n## B\n", 20);

    const char *a1[] = {missing};
    ck_assert_int_eq(run_html(&err, 1, a1), RG_EXIT_INPUT);
    char want[2048];
    snprintf(want, sizeof(want), "%s: cannot read: No such file or directory\n", missing);
    ck_assert_str_eq(err, want);
    rg_free(err);

    const char *a2[] = {md_path, "--bogus"};
    ck_assert_int_eq(run_html(&err, 2, a2), RG_EXIT_USAGE);
    ck_assert_str_eq(err, "reviewgen: html: unknown option '--bogus'\n"
                          "Try 'reviewgen html --help'.\n");
    rg_free(err);

    const char *a3[] = {md_path, "-o", md_path};
    ck_assert_int_eq(run_html(&err, 3, a3), RG_EXIT_USAGE);
    snprintf(want, sizeof(want), "reviewgen: html: the output '%s' is the Markdown file itself\n",
             md_path);
    ck_assert_str_eq(err, want);
    rg_free(err);

    /* a broken review.json beside the draft: a warning, no cards */
    write_file(scratch, "review.json", "{\"durations\": ", 14);
    const char *a4[] = {md_path, "-q"};
    ck_assert_int_eq(run_html(&err, 2, a4), RG_EXIT_OK);
    snprintf(want, sizeof(want),
             "warning: %s: %s:1:14: unexpected end of file (truncated?): unexpected token (the "
             "report has no metric cards)\n",
             json_path, json_path);
    ck_assert_str_eq(err, want);
    rg_free(err);
    char html_path[300];
    snprintf(html_path, sizeof(html_path), "%s/draft.html", scratch);
    char *html = read_all(html_path);
    ck_assert_ptr_null(strstr(html, "class=\"rg-cards\""));
    ck_assert_ptr_nonnull(strstr(html, "<title>Draft</title>"));
    rg_free(html);

    /* --model that does not load is an error */
    const char *a5[] = {md_path, "--model", json_path};
    ck_assert_int_eq(run_html(&err, 3, a5), RG_EXIT_INPUT);
    snprintf(want, sizeof(want), "%s:1:14: unexpected end of file (truncated?): unexpected token\n",
             json_path);
    ck_assert_str_eq(err, want);
    rg_free(err);
    unlink(json_path);
}
END_TEST

/* Every allocation of ours failing in turn: an error, never a crash, a
 * leak (under the sanitizers) or half a document. */
START_TEST(out_of_memory)
{
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><g id=\"a\" "
                              "onclick=\"x\"><rect/></g></svg>";
    static const char md[] = "# T\n\nIntro.\n\n## One\n\n![c](c.svg) ![r](https://x.example/r.png) "
                             "![m](missing.svg)\n\n### Sub\n\n| a |\n| - |\n| 1 |\n\n## One\n";
    rg_diag d;
    rg_diag_init(&d);
    json_t *model = rg_json_parse("m.json", model_json, strlen(model_json), 0, &d);
    ck_assert_ptr_nonnull(model);
    size_t raw_len = 0;
    char *raw = rg_markdown_to_html(md, strlen(md), &raw_len, &d);
    ck_assert_ptr_nonnull(raw);
    rg_diag_free(&d);
    rg_html_file files[1] = {{"c.svg", svg, sizeof(svg) - 1}};
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.md = md;
    o.md_len = strlen(md);
    o.files = files;
    o.n_files = 1;
    o.model = model;
    /* libxml2's allocations fail in turn as well as ours */
    rg_xml_install();
    char *whole = NULL;
    long n;
    for (n = 0; n < 5000; n++) {
        rg_diag_init(&d);
        size_t len = 0;
        char *title = NULL;
        rg_alloc_fail_after(n);
        char *out = rg_html_postprocess(raw, raw_len, &o, &len, &title, &d);
        rg_alloc_fail_after(-1);
        if (out) {
            whole = out;
            ck_assert_str_eq(title, "T");
            rg_free(title);
            rg_diag_free(&d);
            break;
        }
        ck_assert_ptr_null(title);
        ck_assert_str_eq(d.error, "review.md: out of memory post-processing the HTML");
        rg_diag_free(&d);
    }
    ck_assert_ptr_nonnull(whole);
    ck_assert_int_gt(n, 20); /* failures were injected along the way */
    /* the run that succeeded gives what a run without failures gives */
    rg_diag_init(&d);
    char *again = rg_html_postprocess(raw, raw_len, &o, NULL, NULL, &d);
    ck_assert_str_eq(whole, again);
    ck_assert_ptr_nonnull(strstr(again, "<h2 id=\"one-2\">One</h2>"));
    rg_free(again);
    rg_free(whole);
    rg_free(raw);
    json_decref(model);
    rg_diag_free(&d);
}
END_TEST

static Suite *html_post_suite(void)
{
    Suite *s = suite_create("html_post");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, slugs);
    tcase_add_test(tc, ids_contents_and_tables);
    tcase_add_test(tc, ids_stay_unique);
    tcase_add_test(tc, remote_images_dropped);
    tcase_add_test(tc, local_svg_inlined_and_sanitised);
    tcase_add_test(tc, in_memory_file_first);
    tcase_add_test(tc, svg_text_attributes_are_text);
    tcase_add_test(tc, svg_streamed_like_a_tree);
    tcase_add_test(tc, svg_streamed_in_bounded_memory);
    tcase_add_test(tc, local_images_that_cannot_be_shown);
    tcase_add_test(tc, image_holding_elements);
    tcase_add_test(tc, hostile_html_produces_no_element);
    tcase_add_test(tc, links_kept_and_dropped);
    tcase_add_test(tc, hostile_markdown_whole_document);
    tcase_add_test(tc, too_deep_refused);
    tcase_add_test(tc, metric_cards);
    tcase_add_test(tc, cards_before_changing);
    tcase_add_test(tc, table_captions);
    tcase_add_test(tc, html_command_on_edited_draft);
    tcase_add_test(tc, html_command_errors);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(html_post_suite)
