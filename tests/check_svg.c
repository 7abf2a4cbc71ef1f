/* check_svg.c -- the SVG writer (exact output, escaping, numbers) and the
 * trend charts drawn with it: each parses with libxml2 (no network, no
 * entities) and has the bars, dots and median marks the model calls for. */
#include <float.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "svg.h"
#include "trend.h"

/* Parses svg and counts the elements named `name` (with class `cls` when
 * not NULL). Fails the test when the text is not well-formed XML. */
static int count_in(xmlNodePtr n, const char *name, const char *cls)
{
    int k = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, name)) {
            xmlChar *c = xmlGetProp(n, (const xmlChar *)"class");
            if (!cls || (c && !strcmp((const char *)c, cls)))
                k++;
            xmlFree(c);
        }
        k += count_in(n->children, name, cls);
    }
    return k;
}

static int count(const char *svg, size_t len, const char *name, const char *cls)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "chart.svg", NULL, XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "does not parse:\n%s", svg);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    ck_assert_str_eq((const char *)root->name, "svg");
    ck_assert_str_eq((const char *)root->ns->href, "http://www.w3.org/2000/svg");
    int k = count_in(root, name, cls);
    xmlFreeDoc(doc);
    return k;
}

START_TEST(exact_document)
{
    rg_svg s;
    rg_svg_begin(&s, 200, 100.5, "A chart");
    rg_svg_rect(&s, 1, 2.25, 30, 40, "bar", "#D55E00", "July: 2 incidents");
    rg_svg_line(&s, 0, 0, 10.126, 10, "grid", NULL, 0);
    rg_svg_group_begin(&s, "g1");
    rg_svg_circle(&s, 5, 5, 3.5, NULL, "#000", NULL);
    rg_svg_text(&s, 10, 20, RG_SVG_MIDDLE, 11, "#222", "1 min");
    size_t len = 0;
    char *out = rg_svg_finish(&s, &len);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100.5\" "
                     "viewBox=\"0 0 200 100.5\" role=\"img\" font-family=\"sans-serif\">\n"
                     "<title>A chart</title>\n"
                     "<rect class=\"bar\" x=\"1\" y=\"2.25\" width=\"30\" height=\"40\" "
                     "fill=\"#D55E00\"><title>July: 2 incidents</title></rect>\n"
                     "<line class=\"grid\" x1=\"0\" y1=\"0\" x2=\"10.13\" y2=\"10\" "
                     "stroke=\"#000\"/>\n"
                     "<g class=\"g1\">\n"
                     "<circle cx=\"5\" cy=\"5\" r=\"3.5\" fill=\"#000\"/>\n"
                     "<text x=\"10\" y=\"20\" text-anchor=\"middle\" font-size=\"11\" "
                     "fill=\"#222\">1 min</text>\n"
                     "</g>\n"
                     "</svg>\n");
    ck_assert_uint_eq(len, strlen(out));
    ck_assert_int_eq(count(out, len, "rect", "bar"), 1);
    rg_free(out);
}
END_TEST

/* Whatever the text, the document parses and says it literally. */
START_TEST(hostile_text_is_escaped)
{
    rg_svg s;
    rg_svg_begin(&s, 10, 10, "<script>alert(1)</script> & \"'");
    rg_svg_text(&s, 0, 0, RG_SVG_START, 10, "\"/><script>x</script><x a=\"",
                "a\x01"
                "b\xff"
                "c ]]> <!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]> &e;");
    rg_svg_circle(&s, 1, 1, 1, "dot\" onload=\"alert(1)", NULL, "</title><script>y</script>");
    size_t len;
    char *out = rg_svg_finish(&s, &len);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_null(strstr(out, "<script"));
    ck_assert_ptr_null(strstr(out, "onload=\""));
    ck_assert_ptr_nonnull(strstr(out, "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
                                      "&quot;&#39;</title>"));
    ck_assert_ptr_nonnull(strstr(out, ">a\xef\xbf\xbd"
                                      "b\xef\xbf\xbd"
                                      "c ]]&gt; &lt;!DOCTYPE"));
    ck_assert_int_eq(count(out, len, "script", NULL), 0);
    ck_assert_int_eq(count(out, len, "circle", NULL), 1);
    ck_assert_int_eq(count(out, len, "text", NULL), 1);
    rg_free(out);
}
END_TEST

START_TEST(numbers)
{
    rg_svg s;
    rg_svg_begin(&s, 1.0 / 3, NAN, NULL);
    rg_svg_rect(&s, -0.001, INFINITY, -5, 2.999, NULL, NULL, NULL);
    size_t len;
    char *out = rg_svg_finish(&s, &len);
    ck_assert_ptr_nonnull(out);
    ck_assert_str_eq(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0.33\" height=\"0\" "
                          "viewBox=\"0 0 0.33 0\" role=\"img\" font-family=\"sans-serif\">\n"
                          "<title></title>\n"
                          "<rect x=\"0\" y=\"0\" width=\"0\" height=\"3\"/>\n"
                          "</svg>\n");
    rg_free(out);
    /* a document can be discarded unfinished */
    rg_svg_begin(&s, 1, 1, "x");
    rg_svg_group_begin(&s, NULL);
    rg_svg_free(&s);
}
END_TEST

static json_t *model(const char *text)
{
    json_error_t err;
    json_t *m = json_loads(text, 0, &err);
    ck_assert_msg(m != NULL, "%s", err.text);
    return m;
}

static const char trend_text[] =
    "{\"period\": {\"from\": \"2026-07-01\", \"to\": \"2026-10-01\"},"
    " \"by_severity\": {\"SEV1\": {}, \"SEV2\": {}},"
    " \"by_month\": [{\"month\": \"2026-07\", \"incidents\": 3, \"by_severity\": {\"SEV1\": 1, "
    "\"SEV2\": 2}}, {\"month\": \"2026-08\", \"incidents\": 0, \"by_severity\": {}},"
    " {\"month\": \"2026-09\", \"incidents\": 1, \"by_severity\": {\"SEV2\": 1}}],"
    " \"incident_list\": ["
    "  {\"id\": \"<b>&amp;\", \"severity\": \"SEV1\", \"durations\": {\"time_to_detect\": 60, "
    "\"time_to_acknowledge\": 0}},"
    "  {\"id\": \"INC-2\", \"severity\": \"SEV2\", \"durations\": {\"time_to_detect\": null, "
    "\"time_to_acknowledge\": 300}},"
    "  {\"id\": \"INC-3\", \"severity\": \"SEV2\", \"durations\": {\"time_to_acknowledge\": 900, "
    "\"total_duration\": 7200}}]}";

/* The definition rg_svg_format_num keeps: "%.2f", trailing zeros and a
 * lone point dropped, "-0" as "0", NaN and infinities as 0. */
static void num_ref(char *buf, double v)
{
    if (!isfinite(v))
        v = 0;
    snprintf(buf, RG_SVG_NUM_MAX, "%.2f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

static void num_agrees(double v)
{
    char got[RG_SVG_NUM_MAX], want[RG_SVG_NUM_MAX];
    size_t n = rg_svg_format_num(got, v);
    num_ref(want, v);
    ck_assert_msg(strcmp(got, want) == 0 && n == strlen(want), "%.17g: '%s', want '%s'", v, got,
                  want);
}

/* Every hundredth from -500 to 500 and values between, ties that "%.2f"
 * rounds to even (0.125, 2.675...), the largest and smallest, and 200,000
 * random doubles: half of every magnitude, half in a chart's range. */
START_TEST(number_format)
{
    char buf[RG_SVG_NUM_MAX];
    ck_assert_uint_eq(rg_svg_format_num(buf, 12.5), 4);
    ck_assert_str_eq(buf, "12.5");
    rg_svg_format_num(buf, -0.001);
    ck_assert_str_eq(buf, "0");
    rg_svg_format_num(buf, 0.125);
    ck_assert_str_eq(buf, "0.12");
    rg_svg_format_num(buf, -1234.567);
    ck_assert_str_eq(buf, "-1234.57");
    rg_svg_format_num(buf, 1e300);
    ck_assert_uint_eq(strlen(buf), 301);
    for (int i = -50000; i <= 50000; i++) {
        num_agrees(i / 100.0);
        num_agrees(i / 100.0 + 0.005);
        num_agrees(i / 1000.0);
        num_agrees(i * 0.37);
    }
    static const double odd[] = {
        0.125,     0.375,    2.675,   1.005,        1.015, -0.125,   -2.675,    0.005, -0.005,
        0.0049999, 99.995,   1e13,    1e13 - 0.005, -1e13, 4.5e15,   9.2e18,    1e19,  -9.3e18,
        DBL_MAX,   -DBL_MAX, DBL_MIN, -0.0,         NAN,   INFINITY, -INFINITY, 5e-324};
    for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
        num_agrees(odd[i]);
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        if (i % 2) { /* any bits: every magnitude, NaNs too */
            memcpy(&v, &x, sizeof(v));
        } else { /* a chart's range, with ties of all kinds */
            v = (double)(int64_t)(x % 200000000u - 100000000) / (double)(1u << (x >> 60));
        }
        num_agrees(v);
    }
}
END_TEST

START_TEST(months_chart)
{
    json_t *t = model(trend_text);
    size_t len;
    char *svg = rg_chart_trend_months(t, &len);
    ck_assert_ptr_nonnull(svg);
    /* one bar per month and severity with incidents: SEV1+SEV2 in July, SEV2 in September */
    ck_assert_int_eq(count(svg, len, "rect", "bar"), 3);
    ck_assert_int_eq(count(svg, len, "rect", "legend"), 2);
    ck_assert_ptr_nonnull(strstr(svg, "<title>Incidents per month by severity, 2026-07-01 to "
                                      "2026-10-01</title>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>2026-07, SEV2: 2 incidents</title>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>2026-09, SEV2: 1 incident</title>"));
    /* July's stack: SEV1 (1 of a 3-high axis) at the bottom, SEV2 (2) on top */
    ck_assert_ptr_nonnull(strstr(svg, "<rect class=\"bar\" x=\"100.67\" y=\"188\" width=\"80\" "
                                      "height=\"72\" fill=\"#D55E00\">"));
    ck_assert_ptr_nonnull(strstr(svg, "<rect class=\"bar\" x=\"100.67\" y=\"44\" width=\"80\" "
                                      "height=\"144\" fill=\"#E69F00\">"));
    rg_free(svg);
    json_decref(t);
}
END_TEST

START_TEST(durations_chart)
{
    json_t *t = model(trend_text);
    size_t len;
    char *svg = rg_chart_trend_durations(t, &len);
    ck_assert_ptr_nonnull(svg);
    /* a dot per known duration: detect 1, acknowledge 3, total 1 */
    ck_assert_int_eq(count(svg, len, "circle", "dot"), 5);
    /* a median per strip with dots: detect/SEV1, acknowledge/SEV1 and SEV2, total/SEV2 */
    ck_assert_int_eq(count(svg, len, "line", "median"), 4);
    /* a strip per duration and severity */
    ck_assert_int_eq(count(svg, len, "line", "lane"), 16);
    ck_assert_ptr_nonnull(strstr(svg, "<title>&lt;b&gt;&amp;amp; (SEV1): 1 min</title>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>INC-3 (SEV2): 2 h</title>"));
    /* the axis runs from the tick below the shortest (1 min) to the one
     * above the longest (6 h); zero sits at the left end, which says so */
    ck_assert_ptr_nonnull(strstr(svg, ">\xe2\x89\xa4 1 min</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">6 h</text>"));
    ck_assert_ptr_null(strstr(svg, ">1 d</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">time to acknowledge = acknowledged \xe2\x88\x92 "
                                      "detected</text>"));
    rg_free(svg);
    json_decref(t);
}
END_TEST

START_TEST(charts_of_an_empty_period)
{
    json_t *t = model("{\"period\": {\"from\": \"2030-01-01\", \"to\": \"2030-02-01\"},"
                      " \"by_severity\": {}, \"by_month\": [{\"month\": \"2030-01\", "
                      "\"incidents\": 0, \"by_severity\": {}}], \"incident_list\": []}");
    size_t len;
    char *svg = rg_chart_trend_months(t, &len);
    ck_assert_ptr_nonnull(svg);
    ck_assert_int_eq(count(svg, len, "rect", "bar"), 0);
    ck_assert_ptr_nonnull(strstr(svg, ">no incidents in this period</text>"));
    rg_free(svg);
    svg = rg_chart_trend_durations(t, &len);
    ck_assert_ptr_nonnull(svg);
    ck_assert_int_eq(count(svg, len, "circle", "dot"), 0);
    ck_assert_int_eq(count(svg, len, "line", "median"), 0);
    rg_free(svg);
    json_decref(t);
}
END_TEST

static Suite *svg_suite(void)
{
    Suite *s = suite_create("svg");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, exact_document);
    tcase_add_test(tc, hostile_text_is_escaped);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, number_format);
    tcase_add_test(tc, months_chart);
    tcase_add_test(tc, durations_chart);
    tcase_add_test(tc, charts_of_an_empty_period);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(svg_suite)
