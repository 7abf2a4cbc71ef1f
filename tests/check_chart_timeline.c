/* check_chart_timeline.c -- the incident timeline chart: it parses as XML,
 * has a lane per source, a marker per milestone, the impact window where the
 * axis puts started and mitigated, a histogram of log errors; and it
 * survives empty, one-event, multi-day, hostile and out-of-memory builds. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "chart_timeline.h"
#include "check_util.h"
#include "timeparse.h"

#define SAMPLE "samples/inc-2041-checkout"
#define FIX RG_FIXTURES "/chart_timeline"

/* ---- helpers ------------------------------------------------------------- */

typedef struct drawn {
    rg_build b;
    rg_diag diag;
    char *svg;
    size_t len;
    xmlDoc *doc;
    xmlNode *root;
} drawn;

/* Builds dir, draws its chart and parses it (never with NOENT, DTDLOAD or
 * HUGE: the chart must parse as a browser would read it). */
static void draw(drawn *d, const char *dir)
{
    memset(d, 0, sizeof(*d));
    rg_diag_init(&d->diag);
    rg_build_opts opts = {0};
    opts.dir = dir;
    int rc = rg_build_run(&d->b, &opts, &d->diag);
    ck_assert_msg(rc == 0, "build %s: %s", dir, d->diag.error);
    d->svg = rg_chart_timeline(&d->b, &d->len, &d->diag);
    ck_assert_msg(d->svg != NULL, "chart: %s", d->diag.error);
    ck_assert_uint_eq(strlen(d->svg), d->len);
    d->doc = xmlReadMemory(d->svg, (int)d->len, "timeline.svg", NULL, XML_PARSE_NONET);
    ck_assert_msg(d->doc != NULL, "the chart does not parse as XML");
    d->root = xmlDocGetRootElement(d->doc);
    ck_assert_str_eq((const char *)d->root->name, "svg");
}

static void undraw(drawn *d)
{
    xmlFreeDoc(d->doc);
    rg_free(d->svg);
    rg_build_free(&d->b);
    rg_diag_free(&d->diag);
}

/* Whether the element's class attribute holds word as a whole token. */
static int has_class(const xmlNode *n, const char *word)
{
    xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
    int found = 0;
    if (cls) {
        size_t wn = strlen(word);
        for (const char *p = (const char *)cls; *p;) {
            while (*p == ' ')
                p++;
            size_t k = strcspn(p, " ");
            if (k == wn && strncmp(p, word, wn) == 0)
                found = 1;
            p += k;
        }
        xmlFree(cls);
    }
    return found;
}

static size_t count_class(const xmlNode *n, const char *word)
{
    size_t c = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (has_class(n, word))
            c++;
        c += count_class(n->children, word);
    }
    return c;
}

static size_t count_name(const xmlNode *n, const char *name)
{
    size_t c = 0;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, name) == 0)
            c++;
        c += count_name(n->children, name);
    }
    return c;
}

/* Elements inside n (not n itself, nor its siblings) with the class token. */
static size_t count_in(const xmlNode *n, const char *word)
{
    return count_class(n->children, word);
}

/* The k-th (from 0) element with the class token, depth first. */
static xmlNode *nth_class(xmlNode *n, const char *word, size_t *k)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (has_class(n, word) && (*k)-- == 0)
            return n;
        xmlNode *r = nth_class(n->children, word, k);
        if (r)
            return r;
    }
    return NULL;
}

static xmlNode *find_class(xmlNode *root, const char *word, size_t k)
{
    return nth_class(root->children, word, &k);
}

static xmlNode *child(xmlNode *n, const char *name, size_t k)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0 && k-- == 0)
            return c;
    return NULL;
}

static double num_attr(xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    ck_assert_msg(v != NULL, "no attribute %s on <%s>", name, (const char *)n->name);
    double d = strtod((const char *)v, NULL);
    xmlFree(v);
    return d;
}

/* The text of n, into buf. */
static const char *text_of(xmlNode *n, char *buf, size_t cap)
{
    xmlChar *t = xmlNodeGetContent(n);
    snprintf(buf, cap, "%s", t ? (const char *)t : "");
    xmlFree(t);
    return buf;
}

static const char *attr_of(xmlNode *n, const char *name, char *buf, size_t cap)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    snprintf(buf, cap, "%s", v ? (const char *)v : "");
    xmlFree(v);
    return buf;
}

static const char *stamp(int64_t at_us, char buf[32])
{
    return rg_time_format(at_us, buf);
}

/* Every text is at least 11 units tall: readable once the 1000-wide chart
 * is scaled to A4. */
static void assert_font_sizes(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "text") == 0)
            ck_assert_double_ge(num_attr((xmlNode *)n, "font-size"), 11);
        assert_font_sizes(n->children);
    }
}

/* ---- the sample ---------------------------------------------------------- */

START_TEST(test_sample_structure)
{
    drawn d;
    draw(&d, SAMPLE);
    char buf[512];
    ck_assert_str_eq(attr_of(d.root, "viewBox", buf, sizeof(buf)), "0 0 1000 462");
    ck_assert_str_eq(attr_of(d.root, "role", buf, sizeof(buf)), "img");
    ck_assert_str_eq(attr_of(d.root, "aria-label", buf, sizeof(buf)),
                     "Incident timeline: INC-2041, Checkout failures after database failover");
    ck_assert_str_eq(text_of(child(d.root, "title", 0), buf, sizeof(buf)),
                     "Incident timeline: INC-2041, Checkout failures after database failover");
    ck_assert_ptr_nonnull(child(d.root, "desc", 0));
    assert_font_sizes(d.root);
    ck_assert_ptr_null(strstr(d.svg, "<script"));

    /* one lane per source, in the sources' order, labelled with its name */
    ck_assert_uint_eq(d.b.n_sources, 6);
    ck_assert_uint_eq(count_class(d.root, "lane"), 6);
    static const char *const names[] = {"pagerduty",        "alertmanager",        "status page",
                                        "checkout-api log", "db-primary-1 syslog", "slack"};
    static const char *const counts[] = {"11 events",   "6 events",   "5 events",
                                         "1768 events", "180 events", "52 events"};
    for (size_t i = 0; i < 6; i++) {
        xmlNode *lane = find_class(d.root, "lane", i);
        ck_assert_str_eq(text_of(child(lane, "text", 0), buf, sizeof(buf)), names[i]);
        ck_assert_str_eq(text_of(child(lane, "text", 1), buf, sizeof(buf)), counts[i]);
    }
    /* marks of each kind land in their own lane */
    ck_assert_uint_gt(count_in(find_class(d.root, "lane", 0), "page"), 0);
    ck_assert_uint_gt(count_in(find_class(d.root, "lane", 1), "alert"), 0);
    ck_assert_uint_gt(count_in(find_class(d.root, "lane", 2), "status"), 0);
    ck_assert_uint_gt(count_in(find_class(d.root, "lane", 3), "log-error"), 0);
    ck_assert_uint_eq(count_in(find_class(d.root, "lane", 3), "chat"), 0);
    ck_assert_uint_gt(count_in(find_class(d.root, "lane", 5), "chat"), 0);
    undraw(&d);
}
END_TEST

/* WCAG relative luminance of "#RRGGBB". */
static double luminance(const char *hex)
{
    double c[3];
    for (int i = 0; i < 3; i++) {
        unsigned v;
        ck_assert_int_eq(sscanf(hex + 1 + 2 * i, "%2x", &v), 1);
        double x = v / 255.0;
        c[i] = x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static double contrast(const char *a, const char *b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Every text and every mark: text and milestone lines are currentColor
 * (they follow the page, dark or light); any other colour of a mark reaches
 * 3:1 on white and on the dark page. Shading and rules are not marks. */
static void assert_colours(const xmlNode *n, size_t *texts, size_t *current)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int shading = has_class(n, "impact") || has_class(n, "legend-impact") ||
                      has_class(n, "grid") || has_class(n, "lane-rule");
        static const char *const attrs[] = {"fill", "stroke"};
        for (int i = 0; i < 2; i++) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
            if (!v)
                continue;
            const char *c = (const char *)v;
            if (strcmp((const char *)n->name, "text") == 0 && i == 0) {
                (*texts)++;
                ck_assert_msg(strcmp(c, "currentColor") == 0 || strcmp(c, "#767676") == 0,
                              "text fill %s", c);
            }
            if (strcmp(c, "currentColor") == 0) {
                (*current)++;
            } else if (c[0] == '#' && !shading) {
                ck_assert_msg(contrast(c, "#ffffff") >= 3.0, "%s on white: %.2f", c,
                              contrast(c, "#ffffff"));
                ck_assert_msg(contrast(c, "#0d1117") >= 3.0, "%s on dark: %.2f", c,
                              contrast(c, "#0d1117"));
            }
            xmlFree(v);
        }
        assert_colours(n->children, texts, current);
    }
}

START_TEST(test_sample_colours)
{
    drawn d;
    draw(&d, SAMPLE);
    size_t texts = 0, current = 0;
    assert_colours(d.root, &texts, &current);
    ck_assert_uint_gt(texts, 20);
    ck_assert_uint_gt(current, 20);
    ck_assert_ptr_null(strstr(d.svg, "#222222"));
    ck_assert_uint_gt(count_class(d.root, "grid"), 0);
    undraw(&d);
}
END_TEST

START_TEST(test_sample_axis)
{
    drawn d;
    draw(&d, SAMPLE);
    rg_chart_scale sc;
    char t[32], buf[64];
    ck_assert_int_eq(rg_chart_timeline_scale(&d.b, &sc), 0);
    ck_assert_str_eq(stamp(sc.from_us, t), "2026-11-20T13:00:00Z");
    ck_assert_str_eq(stamp(sc.to_us, t), "2026-11-20T17:30:00Z");
    ck_assert_int_eq(sc.tick_us, INT64_C(30) * 60 * 1000000);
    ck_assert_int_eq(sc.bin_us, INT64_C(2) * 60 * 1000000);
    ck_assert_double_eq(rg_chart_timeline_x(&sc, sc.from_us), 180);
    ck_assert_double_eq(rg_chart_timeline_x(&sc, sc.to_us), 976);
    /* ticks every 30 minutes, labelled HH:MM, the date under the first */
    ck_assert_uint_eq(count_class(d.root, "tick"), 10);
    xmlNode *axis = find_class(d.root, "axis", 0);
    ck_assert_str_eq(text_of(child(axis, "text", 0), buf, sizeof(buf)), "UTC");
    ck_assert_str_eq(text_of(child(axis, "text", 1), buf, sizeof(buf)), "13:00");
    ck_assert_str_eq(text_of(child(axis, "text", 2), buf, sizeof(buf)), "2026-11-20");
    ck_assert_str_eq(text_of(child(axis, "text", 3), buf, sizeof(buf)), "13:30");
    ck_assert_str_eq(text_of(child(axis, "text", 11), buf, sizeof(buf)), "17:30");
    ck_assert_ptr_null(child(axis, "text", 12));
    undraw(&d);
}
END_TEST

START_TEST(test_sample_impact_and_milestones)
{
    drawn d;
    draw(&d, SAMPLE);
    rg_chart_scale sc;
    char buf[256];
    ck_assert_int_eq(rg_chart_timeline_scale(&d.b, &sc), 0);
    const rg_milestone *ms = d.b.milestones.m;
    ck_assert(ms[RG_MS_STARTED].present && ms[RG_MS_MITIGATED].present);

    /* README, "Impact periods": the first period runs from started to
     * mitigated on the axis (the writer rounds to two decimals); the second is
     * the relapse after the all-clear */
    ck_assert_uint_eq(count_class(d.root, "impact"), 2);
    xmlNode *impact = find_class(d.root, "impact", 0);
    ck_assert_str_eq((const char *)impact->name, "rect");
    double x = rg_chart_timeline_x(&sc, ms[RG_MS_STARTED].at_us);
    double x2 = rg_chart_timeline_x(&sc, ms[RG_MS_MITIGATED].at_us);
    ck_assert_double_eq_tol(num_attr(impact, "x"), x, 0.006);
    ck_assert_double_eq_tol(num_attr(impact, "width"), x2 - x, 0.006);
    ck_assert_double_eq_tol(num_attr(impact, "x"), 362.83, 0.001);
    ck_assert_double_eq_tol(num_attr(impact, "width"), 123.09, 0.001);
    ck_assert_str_eq(text_of(child(impact, "title", 0), buf, sizeof(buf)),
                     "customers affected: 2026-11-20 14:02:01 to 2026-11-20 14:43:46 UTC "
                     "(41 min 45 s)");
    xmlNode *again = find_class(d.root, "impact", 1);
    ck_assert_str_eq(text_of(child(again, "title", 0), buf, sizeof(buf)),
                     "customers affected: 2026-11-20 15:44:16 to 2026-11-20 15:50:31 UTC "
                     "(6 min 15 s)");
    ck_assert_uint_eq(count_class(d.root, "open"), 0);

    /* eight milestones, each a line at its instant and a label; in time
     * order (resolved came before recovered in this incident) */
    ck_assert_uint_eq(count_class(d.root, "milestone"), 8);
    static const char *const labels[] = {
        "started 14:02",      "detected 14:03",  "acknowledged 14:07", "mobilized 14:10",
        "communicated 14:14", "mitigated 14:43", "resolved 15:35",     "recovered 15:58"};
    static const rg_milestone_id ids[] = {RG_MS_STARTED,   RG_MS_DETECTED,     RG_MS_ACKNOWLEDGED,
                                          RG_MS_MOBILIZED, RG_MS_COMMUNICATED, RG_MS_MITIGATED,
                                          RG_MS_RESOLVED,  RG_MS_RECOVERED};
    double prev_y = 0;
    for (size_t i = 0; i < 8; i++) {
        xmlNode *g = find_class(d.root, "milestone", i);
        xmlNode *line = child(g, "line", 0), *label = child(g, "text", 0);
        ck_assert_str_eq(text_of(label, buf, sizeof(buf)), labels[i]);
        ck_assert_double_eq_tol(num_attr(line, "x1"), rg_chart_timeline_x(&sc, ms[ids[i]].at_us),
                                0.006);
        ck_assert_double_eq(num_attr(line, "x1"), num_attr(line, "x2"));
        /* the cluster from started to mitigated climbs to the left, so no
         * line crosses another milestone's label */
        if (i > 0 && i <= 5)
            ck_assert_double_gt(num_attr(label, "y"), prev_y);
        prev_y = num_attr(label, "y");
    }
    xmlNode *dot = child(find_class(d.root, "milestone", 1), "circle", 0);
    ck_assert_str_eq(text_of(child(dot, "title", 0), buf, sizeof(buf)),
                     "detected: 2026-11-20 14:03:31 UTC, first alert.firing "
                     "(alertmanager.jsonl:1)");
    undraw(&d);
}
END_TEST

START_TEST(test_sample_histogram)
{
    drawn d;
    draw(&d, SAMPLE);
    char buf[256];
    uint64_t errors = 0;
    for (size_t i = 0; i < d.b.timeline.n_events; i++)
        if (strcmp(d.b.timeline.events[i]->type, "log.error") == 0)
            errors++;
    /* the first 20 of each error cluster are events, the rest folded
     * (README, "Evidence of any size"): together the sample's 1295 */
    ck_assert_uint_eq(errors, 71);
    for (size_t i = 0; i < d.b.logsum.n_error_minutes; i++)
        errors += d.b.logsum.error_minutes[i].n;
    ck_assert_uint_eq(errors, 1295);

    /* every log.error is in exactly one bar: the tooltips add up */
    xmlNode *hist = find_class(d.root, "histogram", 0);
    size_t bars = count_class(d.root, "bar");
    ck_assert_uint_gt(bars, 20);
    ck_assert_uint_eq(count_in(hist, "bar"), bars);
    uint64_t sum = 0;
    double tallest = 0;
    for (size_t i = 0; i < bars; i++) {
        xmlNode *bar = find_class(d.root, "bar", i);
        text_of(child(bar, "title", 0), buf, sizeof(buf));
        const char *colon = strstr(buf, "UTC: ");
        ck_assert_ptr_nonnull(colon);
        sum += strtoull(colon + 5, NULL, 10);
        if (num_attr(bar, "height") > tallest)
            tallest = num_attr(bar, "height");
    }
    ck_assert_uint_eq(sum, errors);
    ck_assert_double_eq(tallest, 56);
    ck_assert_str_eq(text_of(child(hist, "text", 1), buf, sizeof(buf)), "per 2 min, peak 73");
    /* the first bar, with its tooltip */
    xmlNode *first = find_class(d.root, "bar", 0);
    ck_assert_str_eq(text_of(child(first, "title", 0), buf, sizeof(buf)),
                     "2026-11-20 13:06\xE2\x80\x93"
                     "13:08 UTC: 1 log error");
    undraw(&d);
}
END_TEST

START_TEST(test_sample_deterministic)
{
    drawn d;
    draw(&d, SAMPLE);
    size_t len2;
    char *again = rg_chart_timeline(&d.b, &len2, &d.diag);
    ck_assert_ptr_nonnull(again);
    ck_assert_uint_eq(len2, d.len);
    ck_assert_int_eq(memcmp(again, d.svg, d.len), 0);
    rg_free(again);
    char buf[2048];
    ck_assert_str_eq(
        text_of(child(d.root, "desc", 0), buf, sizeof(buf)),
        "2022 events from 6 sources, 2026-11-20 13:03 to 2026-11-20 17:15 UTC. Lanes: "
        "pagerduty: 11 events; alertmanager: 6 events; status page: 5 events; checkout-api "
        "log: 1768 events; db-primary-1 syslog: 180 events; slack: 52 events. Customers "
        "affected: 2026-11-20 14:02:01 to 2026-11-20 14:43:46 UTC (41 min 45 s), 2026-11-20 "
        "15:44:16 to 2026-11-20 15:50:31 UTC (6 min 15 s). Impact window "
        "(started to mitigated): 2026-11-20 14:02:01 to 2026-11-20 14:43:46 UTC, 41 min 45 s. "
        "Milestones: started 2026-11-20 14:02:01, detected 2026-11-20 14:03:31, acknowledged "
        "2026-11-20 14:07:40, mobilized 2026-11-20 14:10:11, communicated 2026-11-20 14:14:20, "
        "mitigated 2026-11-20 14:43:46, resolved 2026-11-20 15:35:00, recovered 2026-11-20 "
        "15:58:30 UTC. 1295 log errors, at most 73 per 2 min (from 2026-11-20 14:02 UTC).");
    undraw(&d);
}
END_TEST

/* ---- edge cases ---------------------------------------------------------- */

/* Nothing to draw: the one source's alert falls outside the manifest's window
 * (an empty folder is an error now, README "Errors and exit codes"). */
START_TEST(test_empty_folder)
{
    char dir[] = "/tmp/rg-chart-empty-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-0\", \"window\": {\"from\": \"2026-01-01T00:00:00Z\", \"to\": "
          "\"2026-01-01T01:00:00Z\"}}\n",
          f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/alerts.json", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"version\": \"4\", \"status\": \"firing\", \"alerts\": [{\"status\": \"firing\", "
          "\"labels\": {\"alertname\": \"X\"}, \"startsAt\": \"2026-11-20T14:00:00Z\"}]}\n",
          f);
    fclose(f);
    drawn d;
    draw(&d, dir);
    rg_chart_scale sc;
    char buf[256];
    ck_assert_int_eq(rg_chart_timeline_scale(&d.b, &sc), -1);
    ck_assert_int_eq(sc.tick_us, 0);
    ck_assert_uint_eq(count_class(d.root, "lane"), 1);
    ck_assert_uint_eq(count_class(d.root, "milestone"), 0);
    ck_assert_uint_eq(count_class(d.root, "impact"), 0);
    ck_assert_uint_eq(count_class(d.root, "bar"), 0);
    ck_assert_uint_eq(count_class(d.root, "axis"), 0);
    ck_assert_str_eq(text_of(child(d.root, "title", 0), buf, sizeof(buf)),
                     "Incident timeline: INC-0");
    ck_assert_str_eq(text_of(child(d.root, "desc", 0), buf, sizeof(buf)),
                     "No events and no milestones to show; 1 source.");
    undraw(&d);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_one_event)
{
    drawn d;
    draw(&d, FIX "/one");
    rg_chart_scale sc;
    char t[32], buf[256];
    /* one instant still gets a ten-minute axis around it */
    ck_assert_int_eq(rg_chart_timeline_scale(&d.b, &sc), 0);
    ck_assert_str_eq(stamp(sc.from_us, t), "2026-11-20T13:57:00Z");
    ck_assert_str_eq(stamp(sc.to_us, t), "2026-11-20T14:08:00Z");
    ck_assert_int_eq(sc.tick_us, INT64_C(60000000));
    ck_assert_int_eq(sc.bin_us, INT64_C(60000000));
    ck_assert_uint_eq(count_class(d.root, "lane"), 1);
    ck_assert_uint_eq(count_class(d.root, "mark"), 1);
    ck_assert_uint_eq(count_class(d.root, "log-error"), 1);
    ck_assert_uint_eq(count_class(d.root, "bar"), 1);
    /* no milestones, no impact window */
    ck_assert_uint_eq(count_class(d.root, "milestone"), 0);
    ck_assert_uint_eq(count_class(d.root, "impact"), 0);
    xmlNode *mark = find_class(d.root, "mark", 0);
    ck_assert_double_eq_tol(num_attr(mark, "x1"), 180 + round(796 * 303.0 / 660.0), 0.001);
    /* a log line's tick has its tooltip, as the other marks do */
    ck_assert_str_eq(text_of(child(mark, "title", 0), buf, sizeof(buf)),
                     "2026-11-20 14:02:03 UTC: log.error");
    ck_assert_str_eq(text_of(child(find_class(d.root, "lane", 0), "text", 1), buf, sizeof(buf)),
                     "1 event");
    undraw(&d);
}
END_TEST

START_TEST(test_days)
{
    drawn d;
    draw(&d, FIX "/days");
    rg_chart_scale sc;
    char t[32], buf[64];
    ck_assert_int_eq(rg_chart_timeline_scale(&d.b, &sc), 0);
    ck_assert_str_eq(stamp(sc.from_us, t), "2026-11-20T21:00:00Z");
    ck_assert_str_eq(stamp(sc.to_us, t), "2026-11-22T12:00:00Z");
    ck_assert_int_eq(sc.tick_us, INT64_C(3) * 3600 * 1000000);
    ck_assert_int_eq(sc.bin_us, INT64_C(15) * 60 * 1000000);
    ck_assert_uint_eq(count_class(d.root, "tick"), 14);
    /* the date under the first tick, then at each midnight */
    xmlNode *axis = find_class(d.root, "axis", 0);
    static const char *const texts[] = {"UTC",   "21:00",      "2026-11-20",
                                        "00:00", "2026-11-21", "03:00"};
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(text_of(child(axis, "text", i), buf, sizeof(buf)), texts[i]);
    size_t dates = 0;
    for (xmlNode *c = axis->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "text") == 0 &&
            strncmp(text_of(c, buf, sizeof(buf)), "2026-", 5) == 0)
            dates++;
    ck_assert_uint_eq(dates, 3);
    ck_assert_uint_eq(count_class(d.root, "bar"), 2);
    ck_assert_uint_eq(count_class(d.root, "log-warning"), 1);
    undraw(&d);
}
END_TEST

START_TEST(test_hostile_names)
{
    drawn d;
    draw(&d, FIX "/hostile");
    char buf[512];
    ck_assert_uint_eq(count_name(d.root, "script"), 0);
    ck_assert_ptr_null(strstr(d.svg, "<script"));
    ck_assert_uint_eq(count_class(d.root, "lane"), 1);
    /* shown as written, cut to 22 characters; control characters U+FFFD */
    xmlNode *lane = find_class(d.root, "lane", 0);
    ck_assert_str_eq(text_of(child(lane, "text", 0), buf, sizeof(buf)),
                     "<script>alert(\"x\")</s\xE2\x80\xA6");
    ck_assert_str_eq(text_of(child(d.root, "title", 0), buf, sizeof(buf)),
                     "Incident timeline: INC-<1>, </title><script>alert(\"t\")</script>");
    ck_assert_str_eq(attr_of(d.root, "aria-label", buf, sizeof(buf)),
                     "Incident timeline: INC-<1>, </title><script>alert(\"t\")</script>");
    ck_assert_ptr_nonnull(strstr(text_of(child(d.root, "desc", 0), buf, sizeof(buf)),
                                 "Lanes: <script>alert(\"x\")</script> 'q' "
                                 "\xEF\xBF\xBD\xEF\xBF\xBD ]]> &amp;: 4 events."));
    undraw(&d);
}
END_TEST

/* A build made by hand: milestones without events, started without
 * mitigated, two milestones at one instant, one at the axis's end. */
START_TEST(test_milestones_only)
{
    rg_build b;
    memset(&b, 0, sizeof(b));
    int64_t t0;
    int flags;
    rg_time_ctx ctx = {NULL, INT64_MIN};
    ck_assert_int_eq(rg_time_parse("2026-11-20T14:00:00Z", 20, &ctx, &t0, &flags), 0);
    b.milestones.m[RG_MS_STARTED] = (rg_milestone){.present = 1, .at_us = t0, .rule = "r"};
    b.milestones.m[RG_MS_DETECTED] = (rg_milestone){.present = 1, .at_us = t0, .rule = "r"};
    b.milestones.m[RG_MS_RESOLVED] = (rg_milestone){
        .present = 1, .at_us = t0 + INT64_C(7200000000), .manual = 1, .origin = "incident.json"};
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len;
    char *svg = rg_chart_timeline(&b, &len, &diag);
    ck_assert_ptr_nonnull(svg);
    xmlDoc *doc = xmlReadMemory(svg, (int)len, "timeline.svg", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlNode *root = xmlDocGetRootElement(doc);
    rg_chart_scale sc;
    char buf[256];
    ck_assert_int_eq(rg_chart_timeline_scale(&b, &sc), 0);
    ck_assert_uint_eq(count_class(root, "lane"), 0);
    ck_assert_uint_eq(count_class(root, "milestone"), 3);
    /* no evidence of mitigation: shaded to the end of the axis, and said */
    xmlNode *impact = find_class(root, "impact", 0);
    ck_assert(has_class(impact, "open"));
    ck_assert_double_eq_tol(num_attr(impact, "x"), rg_chart_timeline_x(&sc, t0), 0.006);
    ck_assert_double_eq_tol(num_attr(impact, "x") + num_attr(impact, "width"), 976, 0.006);
    ck_assert_str_eq(text_of(child(impact, "title", 0), buf, sizeof(buf)),
                     "impact from 2026-11-20 14:00:00 UTC; no evidence of mitigation");
    /* same instant: stacked, not overprinted */
    xmlNode *a = child(find_class(root, "milestone", 0), "text", 0);
    xmlNode *z = child(find_class(root, "milestone", 1), "text", 0);
    ck_assert_str_eq(text_of(a, buf, sizeof(buf)), "started 14:00");
    ck_assert_str_eq(text_of(z, buf, sizeof(buf)), "detected 14:00");
    ck_assert_double_ne(num_attr(a, "y"), num_attr(z, "y"));
    /* at the right edge the label turns to the left of its line */
    xmlNode *r = child(find_class(root, "milestone", 2), "text", 0);
    ck_assert_str_eq(text_of(r, buf, sizeof(buf)), "resolved 16:00");
    ck_assert_str_eq(attr_of(r, "text-anchor", buf, sizeof(buf)), "end");
    xmlNode *dot = child(find_class(root, "milestone", 2), "circle", 0);
    ck_assert_str_eq(text_of(child(dot, "title", 0), buf, sizeof(buf)),
                     "resolved: 2026-11-20 16:00:00 UTC, set in incident.json");
    ck_assert_uint_eq(count_class(root, "bar"), 0);
    xmlFreeDoc(doc);
    rg_free(svg);
    rg_diag_free(&diag);
}
END_TEST

/* Every allocation the chart makes may fail: it then returns NULL with the
 * error, leaks nothing (the sanitizer run checks), and in the end succeeds
 * with the same bytes. */
START_TEST(test_out_of_memory)
{
    drawn d;
    draw(&d, SAMPLE);
    int done = 0;
    for (long n = 0; n < 10000 && !done; n++) {
        rg_diag diag;
        rg_diag_init(&diag);
        size_t len = 0;
        rg_alloc_fail_after(n);
        char *svg = rg_chart_timeline(&d.b, &len, &diag);
        rg_alloc_fail_after(-1);
        if (svg) {
            ck_assert_uint_eq(len, d.len);
            ck_assert_int_eq(memcmp(svg, d.svg, len), 0);
            rg_free(svg);
            done = 1;
        } else {
            ck_assert_str_eq(diag.error, "out of memory drawing the timeline chart");
        }
        rg_diag_free(&diag);
    }
    ck_assert(done);
    undraw(&d);
}
END_TEST

static Suite *chart_timeline_suite(void)
{
    Suite *s = suite_create("chart_timeline");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_sample_structure);
    tcase_add_test(tc, test_sample_colours);
    tcase_add_test(tc, test_sample_axis);
    tcase_add_test(tc, test_sample_impact_and_milestones);
    tcase_add_test(tc, test_sample_histogram);
    tcase_add_test(tc, test_sample_deterministic);
    tcase_add_test(tc, test_empty_folder);
    tcase_add_test(tc, test_one_event);
    tcase_add_test(tc, test_days);
    tcase_add_test(tc, test_hostile_names);
    tcase_add_test(tc, test_milestones_only);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(chart_timeline_suite)
