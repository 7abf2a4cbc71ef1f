/* chart_timeline.c -- draws the incident timeline as SVG from a finished
 * build: lanes of event marks, the impact window, milestones, a histogram of
 * log errors and a UTC time axis (README, "Timeline chart"). */
#include "chart_timeline.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "svg.h"
#include "timeparse.h"

#define MIN_US INT64_C(60000000)
#define HOUR_US (60 * MIN_US)
#define DAY_US (24 * HOUR_US)
/* Years 0001 and 9999: the instants timeparse can produce. A hand-made
 * build with wilder values is clamped so the arithmetic cannot overflow. */
#define FIRST_US INT64_C(-62135596800000000)
#define LAST_US INT64_C(253402300799000000)

/* Layout, in user units of the 1000-wide viewBox. */
#define LEFT 180.0 /* lane labels live left of the axis */
#define RIGHT 24.0
#define LANE_H 34.0
#define ROW_H 14.0 /* one row of milestone labels */
#define HIST_H 56.0
#define TEXT 12.0
#define SMALL 11.0
/* Average glyph width per unit of font size in a sans-serif face: enough
 * to keep labels from colliding without measuring text. */
#define GLYPH 0.6
#define MAX_TICKS 12
#define MAX_DAY_TICKS 8 /* "2026-11-20" labels are wider than "14:30" */
#define MAX_BINS 200
#define LABEL_CHARS 22  /* lane label, in characters, before it is cut */
#define TITLE_CHARS 110 /* the visible heading; <title> keeps it whole */

/* Okabe-Ito colours, which colour-blind readers can tell apart; the marks
 * differ in shape too, so the chart also survives a grey printer. Every
 * mark reaches 3:1 against white and against the dark page (#0d1117):
 * orange, grey and sky blue are darkened from Okabe-Ito's for it. Text and
 * milestone lines are currentColor: black in a standalone file, the page's
 * text colour inlined (dark mode, a browser's forced dark mode); the page's
 * stylesheet restyles the rest by class in dark mode (templates/style.css). */
#define INK "currentColor"
#define MUTED "#767676"
#define GRID "#e4e4e4"
#define RULE "#bbbbbb"
#define IMPACT "#fbe1d2"
#define C_ALERT "#D55E00"
#define C_PAGE "#CC79A7"
#define C_STATUS "#0072B2"
#define C_CHAT "#009E73"
#define C_ERROR "#D55E00"
#define C_WARNING "#B27600"
#define C_LOG "#767676"
#define C_OTHER "#767676"
#define C_MILESTONE "currentColor"
#define C_METRIC "#0072B2"    /* a series' line */
#define C_THRESHOLD "#D55E00" /* its threshold, dashed */
#define C_CROSSING "#2B83BA"  /* metric.breach / metric.recovered marks */
/* Series drawn as lanes at most; those with a manifest threshold first. The
 * review's metrics table lists every series. */
#define MAX_SERIES_LANES 12
/* Sources drawn in a lane of their own at most: those that are not logs,
 * then those with the most events (kept and folded), ties in the order read; the others share one
 * last lane, "N other sources" (an incident of 5,000 log files would otherwise be a chart 170,000
 * units tall). The review's sources table counts them. */
#define MAX_SOURCE_LANES 30
/* Impact periods the <desc> names; past them it counts the rest. */
#define MAX_PERIODS_SAID 10
/* Crossings of a series' threshold the <desc> names; past them it counts. */
#define MAX_CROSSINGS_SAID 5

/* Mark classes, in drawing order: log ticks first so the rarer, more
 * telling marks paint over them. */
enum { M_LOG, M_WARNING, M_ERROR, M_OTHER, M_METRIC, M_STATUS, M_CHAT, M_PAGE, M_ALERT, M_COUNT };

static const int64_t nice_steps[] = {
    MIN_US,      2 * MIN_US,  5 * MIN_US,  10 * MIN_US,  15 * MIN_US,  30 * MIN_US, HOUR_US,
    2 * HOUR_US, 3 * HOUR_US, 6 * HOUR_US, 12 * HOUR_US, DAY_US,       2 * DAY_US,  7 * DAY_US,
    14 * DAY_US, 30 * DAY_US, 60 * DAY_US, 90 * DAY_US,  180 * DAY_US, 365 * DAY_US};
#define N_STEPS (sizeof(nice_steps) / sizeof(nice_steps[0]))

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}

static int64_t clamp_us(int64_t v)
{
    return v < FIRST_US ? FIRST_US : v > LAST_US ? LAST_US : v;
}

/* ---- the axis ------------------------------------------------------------ */

int rg_chart_timeline_scale(const rg_build *b, rg_chart_scale *sc)
{
    memset(sc, 0, sizeof(*sc));
    int any = 0;
    int64_t lo = 0, hi = 0;
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        int64_t t = clamp_us(b->timeline.events[i]->at_us);
        if (!any || t < lo)
            lo = t;
        if (!any || t > hi)
            hi = t;
        any = 1;
    }
    /* the folded log lines (README, "Evidence of any size") */
    for (size_t i = 0; i < b->logsum.n_sorted_clusters; i++) {
        const rg_logsum_cluster *cl = b->logsum.sorted_clusters[i];
        int64_t first = clamp_us(cl->first_us), last = clamp_us(cl->last_us);
        if (!any || first < lo)
            lo = first;
        if (!any || last > hi)
            hi = last;
        any = 1;
    }
    for (size_t i = 0; i < b->n_series; i++) {
        const rg_series *se = b->series[i];
        if (!se->n_samples)
            continue;
        int64_t first = clamp_us(se->samples[0].at_us);
        int64_t last = clamp_us(se->samples[se->n_samples - 1].at_us);
        if (!any || first < lo)
            lo = first;
        if (!any || last > hi)
            hi = last;
        any = 1;
    }
    for (int m = 0; m < RG_MS_COUNT; m++) {
        if (!b->milestones.m[m].present)
            continue;
        int64_t t = clamp_us(b->milestones.m[m].at_us);
        if (!any || t < lo)
            lo = t;
        if (!any || t > hi)
            hi = t;
        any = 1;
    }
    if (!any)
        return -1;
    /* One event, or a burst of seconds, still gets a readable axis. */
    if (hi - lo < 10 * MIN_US) {
        int64_t mid = lo + (hi - lo) / 2;
        lo = mid - 5 * MIN_US;
        hi = lo + 10 * MIN_US;
    }
    int64_t span = hi - lo, tick = 0;
    for (size_t i = 0; i < N_STEPS && !tick; i++) {
        int64_t most = nice_steps[i] >= DAY_US ? MAX_DAY_TICKS : MAX_TICKS;
        if ((span + nice_steps[i] - 1) / nice_steps[i] <= most)
            tick = nice_steps[i];
    }
    if (!tick)
        tick = ((span / MAX_DAY_TICKS) / (365 * DAY_US) + 1) * 365 * DAY_US;
    sc->tick_us = tick;
    sc->from_us = floor_div(lo, tick) * tick;
    sc->to_us = -floor_div(-hi, tick) * tick;
    if (sc->to_us <= sc->from_us)
        sc->to_us = sc->from_us + tick;
    sc->bin_us = tick;
    for (size_t i = 0; i < N_STEPS; i++) {
        int64_t s = nice_steps[i];
        if (s <= tick && tick % s == 0 && (sc->to_us - sc->from_us) / s <= MAX_BINS) {
            sc->bin_us = s;
            break;
        }
    }
    sc->x0 = LEFT;
    sc->x1 = RG_CHART_TIMELINE_WIDTH - RIGHT;
    return 0;
}

double rg_chart_timeline_x(const rg_chart_scale *sc, int64_t at_us)
{
    double span = (double)sc->to_us - (double)sc->from_us;
    if (span <= 0)
        return sc->x0;
    return sc->x0 + (sc->x1 - sc->x0) * (((double)at_us - (double)sc->from_us) / span);
}

/* ---- text helpers ---------------------------------------------------------- */

/* The pieces of rg_time_format's "YYYY-MM-DDTHH:MM:SS[.ffffff]Z". */
typedef struct stamp {
    char date[24]; /* 2026-11-20 */
    char hm[8];    /* 14:02 */
    char hms[12];  /* 14:02:01 */
} stamp;

static void stamp_of(int64_t at_us, stamp *st)
{
    char buf[32];
    rg_time_format(at_us, buf);
    char *t = strchr(buf, 'T');
    size_t d = t ? (size_t)(t - buf) : 0;
    if (d >= sizeof(st->date))
        d = sizeof(st->date) - 1;
    memcpy(st->date, buf, d);
    st->date[d] = '\0';
    const char *clock = t ? t + 1 : "00:00:00";
    snprintf(st->hm, sizeof(st->hm), "%.5s", clock);
    snprintf(st->hms, sizeof(st->hms), "%.8s", clock);
}

/* Characters (code points) in s, for width estimates. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static double text_width(const char *s, double size)
{
    return GLYPH * size * (double)chars(s);
}

/* Copies at most max characters of s into out (cap bytes), cutting only
 * between characters and ending a cut text with an ellipsis. */
static void fit(const char *s, size_t max, char *out, size_t cap)
{
    size_t n = 0, i = 0, keep = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == max - 1)
                keep = i; /* where the cut goes if the text is too long */
            if (n == max)
                break;
            n++;
        }
    }
    if (!s[i]) {
        snprintf(out, cap, "%s", s);
        return;
    }
    if (keep > cap - 4)
        keep = cap - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(out, s, keep);
    memcpy(out + keep, "\xE2\x80\xA6", 4); /* "…" and the NUL */
}

static void bin_text(int64_t bin_us, char *out, size_t cap)
{
    if (bin_us < HOUR_US)
        snprintf(out, cap, "%lld min", (long long)(bin_us / MIN_US));
    else if (bin_us < DAY_US)
        snprintf(out, cap, "%lld h", (long long)(bin_us / HOUR_US));
    else
        snprintf(out, cap, "%lld day%s", (long long)(bin_us / DAY_US), bin_us == DAY_US ? "" : "s");
}

/* Text at x, anchored so that it stays inside [lo, hi]. */
static void text_within(rg_svg *s, double x, double y, double size, const char *fill,
                        const char *text, double lo, double hi)
{
    double w = text_width(text, size);
    if (x - w / 2 < lo)
        rg_svg_text(s, lo, y, RG_SVG_START, size, fill, text);
    else if (x + w / 2 > hi)
        rg_svg_text(s, hi, y, RG_SVG_END, size, fill, text);
    else
        rg_svg_text(s, x, y, RG_SVG_MIDDLE, size, fill, text);
}

/* ---- which lane an event belongs to ---------------------------------------- */

/* By origin, as build.c counts events per source: "rel:line" or
 * "rel/inner/file:line" (a Slack export holds several channels, each with
 * its own event.source, but it is one source and one lane). */
static size_t lane_of(const rg_build *b, const rg_event *ev)
{
    if (ev->origin) {
        for (size_t i = 0; i < b->n_sources; i++) {
            const char *rel = b->sources[i].rel;
            size_t n = rel ? strlen(rel) : 0;
            if (n && strncmp(ev->origin, rel, n) == 0 &&
                (ev->origin[n] == ':' || ev->origin[n] == '/' || ev->origin[n] == '\0'))
                return i;
        }
    }
    if (ev->source)
        for (size_t i = 0; i < b->n_sources; i++)
            if (b->sources[i].src.name && strcmp(ev->source, b->sources[i].src.name) == 0)
                return i;
    return b->n_sources;
}

static const char *lane_name(const rg_found_source *src)
{
    if (src->src.name && src->src.name[0])
        return src->src.name;
    return src->rel ? src->rel : "";
}

static int is_log_error(const rg_event *ev)
{
    return ev->type && strcmp(ev->type, "log.error") == 0;
}

static int mark_of(const rg_event *ev)
{
    switch (ev->kind) {
    case RG_KIND_ALERT:
        return M_ALERT;
    case RG_KIND_PAGE:
        return M_PAGE;
    case RG_KIND_STATUS:
        return M_STATUS;
    case RG_KIND_CHAT:
        return M_CHAT;
    case RG_KIND_METRIC:
        return M_METRIC;
    case RG_KIND_LOG:
        if (is_log_error(ev))
            return M_ERROR;
        if (ev->type && (strcmp(ev->type, "log.warning") == 0 || strcmp(ev->type, "log.warn") == 0))
            return M_WARNING;
        return M_LOG;
    default:
        return M_OTHER;
    }
}

static const char *const mark_class[M_COUNT] = {"mark log",   "mark log-warning", "mark log-error",
                                                "mark other", "mark metric",      "mark status",
                                                "mark chat",  "mark page",        "mark alert"};

/* One mark, centred on (x, cy). */
static void draw_mark(rg_svg *s, int kind, double x, double cy, const char *cls, const char *tip)
{
    switch (kind) {
    case M_ALERT: {
        double p[] = {x, cy - 6, x + 5.5, cy + 4, x - 5.5, cy + 4};
        rg_svg_polygon(s, p, 3, cls, C_ALERT, tip);
        break;
    }
    case M_PAGE: {
        double p[] = {x, cy - 6, x + 5, cy, x, cy + 6, x - 5, cy};
        rg_svg_polygon(s, p, 4, cls, C_PAGE, tip);
        break;
    }
    case M_STATUS:
        rg_svg_rect(s, x - 4.5, cy - 4.5, 9, 9, cls, C_STATUS, tip);
        break;
    case M_CHAT:
        rg_svg_circle(s, x, cy, 4, cls, C_CHAT, tip);
        break;
    case M_OTHER:
        rg_svg_rect(s, x - 3, cy - 3, 6, 6, cls, C_OTHER, tip);
        break;
    case M_METRIC:
        rg_svg_circle(s, x, cy, 3.5, cls, C_CROSSING, tip);
        break;
    default: {
        const char *c = kind == M_ERROR ? C_ERROR : kind == M_WARNING ? C_WARNING : C_LOG;
        /* with its tooltip, as every other mark: the count it stands for
         * (a solid line: no dash) */
        rg_svg_dashed_line(s, x, cy - 9, x, cy + 9, cls, c, 1, NULL, tip);
        break;
    }
    }
}

/* ---- milestone labels ---------------------------------------------------- */

typedef struct label {
    int id;
    int64_t at_us;
    double x, lx, rx, tx; /* the line, the label's extent, where its text starts */
    rg_svg_anchor anchor;
    int row; /* 0 is the row nearest the lanes */
    char text[64];
} label;

static int overlaps(const label *a, const label *b)
{
    return a->lx < b->rx + 6 && b->lx < a->rx + 6;
}

static int covers(const label *a, double x)
{
    return x >= a->lx - 2 && x <= a->rx + 2;
}

/* Whether l may sit in row r among placed[0..n): no label of that row in
 * the way, and no milestone line crossing a label (a line runs down from
 * its label through every lower row). */
static int row_free(const label *l, int r, const label *placed, size_t n, int strict)
{
    for (size_t i = 0; i < n; i++) {
        const label *p = &placed[i];
        if (p->row == r && overlaps(l, p))
            return 0;
        if (!strict)
            continue;
        if (p->row > r && covers(l, p->x))
            return 0;
        if (p->row < r && covers(p, l->x))
            return 0;
    }
    return 1;
}

/* Lays out the present milestones' labels in rows. Labels are placed from
 * the last milestone back to the first, each in the lowest row where it
 * collides with nothing, so a cluster of milestones becomes a staircase that
 * climbs to the left: every line passes left of the labels below it.
 * out[] ends in time order. Returns how many. */
static size_t place_labels(const rg_build *b, const rg_chart_scale *sc, int multi_day, label *out,
                           int *n_rows)
{
    size_t n = 0;
    for (int m = 0; m < RG_MS_COUNT; m++) {
        if (!b->milestones.m[m].present)
            continue;
        label l;
        memset(&l, 0, sizeof(l));
        l.id = m;
        l.at_us = b->milestones.m[m].at_us;
        /* insertion by (time, id): the milestones' own order breaks ties */
        size_t j = n;
        while (j > 0 && out[j - 1].at_us > l.at_us) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = l;
        n++;
    }
    *n_rows = 0;
    for (size_t i = n; i-- > 0;) {
        label *l = &out[i];
        stamp st;
        stamp_of(l->at_us, &st);
        if (multi_day)
            snprintf(l->text, sizeof(l->text), "%s %s %s", rg_milestone_name(l->id),
                     st.date + (strlen(st.date) >= 5 ? strlen(st.date) - 5 : 0), st.hm);
        else
            snprintf(l->text, sizeof(l->text), "%s %s", rg_milestone_name(l->id), st.hm);
        l->x = rg_chart_timeline_x(sc, l->at_us);
        double w = text_width(l->text, SMALL);
        if (l->x + 4 + w <= RG_CHART_TIMELINE_WIDTH - 4) {
            l->anchor = RG_SVG_START;
            l->tx = l->x + 4;
            l->lx = l->x;
            l->rx = l->x + 4 + w;
        } else {
            l->anchor = RG_SVG_END;
            l->tx = l->x - 4;
            l->lx = l->x - 4 - w;
            l->rx = l->x;
        }
        int r = -1;
        for (int strict = 1; strict >= 0 && r < 0; strict--)
            for (int k = 0; k < RG_MS_COUNT && r < 0; k++)
                if (row_free(l, k, out + i + 1, n - i - 1, strict))
                    r = k;
        l->row = r < 0 ? (int)(n - 1 - i) : r;
        if (l->row + 1 > *n_rows)
            *n_rows = l->row + 1;
    }
    return n;
}

/* ---- the chart ----------------------------------------------------------- */

typedef struct chart {
    const rg_build *b;
    rg_chart_scale sc;
    int has_scale, multi_day;
    size_t n_lanes;
    /* Lane i shows source lane_src[i]; a metric source with series gives one
     * lane per drawn series instead (lane_series[i], else NULL). */
    size_t *lane_src;
    const rg_series **lane_series;
    size_t n_series_lanes, n_series_hidden;
    size_t *src_lane;  /* source i's first lane (other_lane when not drawn alone) */
    size_t other_lane; /* the lane of the sources not drawn alone, or SIZE_MAX */
    size_t n_other_sources;
    uint64_t other_folded; /* their folded lines */
    size_t *lane_start;    /* events of lane i: order[lane_start[i] .. lane_start[i + 1]) */
    size_t *order;
    size_t n_unplaced; /* events that match no source */
    uint64_t *bins;
    size_t n_bins;
    uint64_t n_errors, peak;
    size_t peak_bin;
    label labels[RG_MS_COUNT];
    size_t n_labels;
    int n_rows;
    double lanes_top, hist_top, axis_y, height;
} chart;

/* Which series are drawn: those with a manifest threshold first, then the
 * others in the order read, MAX_SERIES_LANES in all. Fills drawn[] (one per
 * series) in two passes over the series. */
static void series_drawn(const rg_build *b, unsigned char *drawn)
{
    size_t n_ruled = 0, ruled = 0, others = 0;
    for (size_t i = 0; i < b->n_series; i++)
        n_ruled += b->series[i]->rule != NULL;
    for (size_t i = 0; i < b->n_series; i++) {
        size_t rank = b->series[i]->rule ? ruled++ : n_ruled + others++;
        drawn[i] = rank < MAX_SERIES_LANES;
    }
}

typedef struct src_rank {
    int not_log; /* alerts, pages, chat... before logs */
    uint64_t weight;
    size_t idx;
} src_rank;

static int cmp_src_rank(const void *pa, const void *pb)
{
    const src_rank *a = pa, *b = pb;
    if (a->not_log != b->not_log)
        return a->not_log > b->not_log ? -1 : 1;
    if (a->weight != b->weight)
        return a->weight > b->weight ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The lanes: each source in order, MAX_SOURCE_LANES of them with the most
 * events (n_events[i] kept, and folded lines); a metric source's lane is
 * replaced by one lane per drawn series of it; the other sources share one
 * last lane. */
static int plan_lanes(chart *c, const size_t *n_events)
{
    const rg_build *b = c->b;
    size_t cap = b->n_sources + b->n_series + 2;
    c->lane_src = rg_malloc(cap * sizeof(*c->lane_src));
    c->lane_series = rg_calloc(cap, sizeof(*c->lane_series));
    c->src_lane = rg_malloc((b->n_sources + 1) * sizeof(*c->src_lane));
    unsigned char *drawn = rg_malloc(b->n_series + 1);
    unsigned char *alone = rg_malloc(b->n_sources + 1);
    src_rank *rank = rg_malloc((b->n_sources + 1) * sizeof(*rank));
    if (!c->lane_src || !c->lane_series || !c->src_lane || !drawn || !alone || !rank) {
        rg_free(drawn);
        rg_free(alone);
        rg_free(rank);
        return -1;
    }
    series_drawn(b, drawn);
    for (size_t i = 0; i < b->n_sources; i++)
        rank[i] = (src_rank){b->sources[i].importer->kind != RG_KIND_LOG,
                             n_events[i] + b->sources[i].n_folded, i};
    qsort(rank, b->n_sources, sizeof(*rank), cmp_src_rank);
    for (size_t i = 0; i < b->n_sources; i++)
        alone[rank[i].idx] = i < MAX_SOURCE_LANES;
    rg_free(rank);
    c->n_lanes = 0;
    c->other_lane = SIZE_MAX;
    for (size_t i = 0; i < b->n_sources; i++) {
        size_t before = c->n_lanes;
        for (size_t k = 0; k < b->n_series; k++) {
            if (b->series[k]->source_index != i)
                continue;
            if (!drawn[k] || !alone[i]) {
                c->n_series_hidden++;
                continue;
            }
            c->lane_src[c->n_lanes] = i;
            c->lane_series[c->n_lanes++] = b->series[k];
            c->n_series_lanes++;
        }
        if (!alone[i]) {
            c->n_other_sources++;
            c->other_folded += b->sources[i].n_folded;
            continue;
        }
        c->src_lane[i] = before;
        if (c->n_lanes == before)
            c->lane_src[c->n_lanes++] = i;
    }
    if (c->n_other_sources) {
        c->other_lane = c->n_lanes;
        c->lane_src[c->n_lanes++] = b->n_sources; /* no one source */
        for (size_t i = 0; i < b->n_sources; i++)
            if (!alone[i])
                c->src_lane[i] = c->other_lane;
    }
    c->src_lane[b->n_sources] = c->n_lanes; /* no source: no lane */
    rg_free(drawn);
    rg_free(alone);
    return 0;
}

/* The lane of an event of source src: a metric event goes to the lane of its
 * series (its "series" attribute is the series' origin), else to the
 * source's first lane (the shared lane for a source not drawn alone);
 * b->n_sources (no source) maps past the last lane. */
static size_t event_lane(const chart *c, const rg_event *ev, size_t src)
{
    size_t first = c->src_lane[src];
    if (first >= c->n_lanes || first == c->other_lane)
        return first;
    const char *series = ev->kind == RG_KIND_METRIC ? rg_event_attr_get(ev, "series") : NULL;
    for (size_t l = first; series && l < c->n_lanes && c->lane_src[l] == src; l++)
        if (c->lane_series[l] && strcmp(c->lane_series[l]->origin, series) == 0)
            return l;
    return first;
}

static int assign_lanes(chart *c)
{
    const rg_build *b = c->b;
    size_t n = b->timeline.n_events;
    size_t *lane = rg_malloc((n ? n : 1) * sizeof(size_t));
    size_t *per_src = rg_calloc(b->n_sources + 1, sizeof(size_t));
    if (!lane || !per_src) {
        rg_free(lane);
        rg_free(per_src);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        lane[i] = lane_of(b, b->timeline.events[i]);
        per_src[lane[i]]++;
    }
    int planned = plan_lanes(c, per_src);
    rg_free(per_src);
    if (planned != 0) {
        rg_free(lane);
        return -1;
    }
    c->lane_start = rg_calloc(c->n_lanes + 2, sizeof(size_t));
    c->order = rg_malloc((n ? n : 1) * sizeof(size_t));
    if (!c->lane_start || !c->order) {
        rg_free(lane);
        return -1;
    }
    /* a counting sort by lane keeps each lane in time order */
    for (size_t i = 0; i < n; i++) {
        lane[i] = event_lane(c, b->timeline.events[i], lane[i]);
        c->lane_start[lane[i] + 1]++;
    }
    for (size_t l = 0; l <= c->n_lanes; l++)
        c->lane_start[l + 1] += c->lane_start[l];
    size_t *next = rg_malloc((c->n_lanes + 1) * sizeof(size_t));
    if (!next) {
        rg_free(lane);
        return -1;
    }
    memcpy(next, c->lane_start, (c->n_lanes + 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        c->order[next[lane[i]]++] = i;
    c->n_unplaced = c->lane_start[c->n_lanes + 1] - c->lane_start[c->n_lanes];
    rg_free(next);
    rg_free(lane);
    return 0;
}

static int count_errors(chart *c)
{
    if (!c->has_scale)
        return 0;
    c->n_bins = (size_t)((c->sc.to_us - c->sc.from_us) / c->sc.bin_us);
    c->bins = rg_calloc(c->n_bins ? c->n_bins : 1, sizeof(uint64_t));
    if (!c->bins)
        return -1;
    for (size_t i = 0; i < c->b->timeline.n_events; i++) {
        const rg_event *ev = c->b->timeline.events[i];
        if (!is_log_error(ev))
            continue;
        int64_t k = floor_div(clamp_us(ev->at_us) - c->sc.from_us, c->sc.bin_us);
        if (k < 0 || (size_t)k >= c->n_bins)
            continue; /* cannot happen: the axis covers every event */
        c->bins[k]++;
        c->n_errors++;
    }
    /* folded error lines, at their minute's first */
    for (size_t i = 0; i < c->b->logsum.n_error_minutes; i++) {
        const rg_error_minute *e = &c->b->logsum.error_minutes[i];
        int64_t k = floor_div(clamp_us(e->first_us) - c->sc.from_us, c->sc.bin_us);
        if (k < 0 || (size_t)k >= c->n_bins)
            continue;
        c->bins[k] += e->n;
        c->n_errors += e->n;
    }
    for (size_t k = 0; k < c->n_bins; k++)
        if (c->bins[k] > c->peak) {
            c->peak = c->bins[k];
            c->peak_bin = k;
        }
    return 0;
}

static void title_of(const rg_build *b, rg_buf *out)
{
    const char *id = b->has_manifest ? b->manifest.id : NULL;
    const char *title = b->has_manifest ? b->manifest.title : NULL;
    if (id && title)
        rg_buf_printf(out, "Incident timeline: %s, %s", id, title);
    else if (id || title)
        rg_buf_printf(out, "Incident timeline: %s", id ? id : title);
    else
        rg_buf_puts(out, "Incident timeline");
}

/* The text a screen reader gives instead of the picture: everything the
 * chart shows, in words. */
static void describe(const chart *c, rg_buf *out)
{
    const rg_build *b = c->b;
    const rg_milestone *ms = b->milestones.m;
    if (!c->has_scale) {
        rg_buf_printf(out, "No events and no milestones to show; %zu source%s.", c->n_lanes,
                      c->n_lanes == 1 ? "" : "s");
        return;
    }
    stamp a, z;
    /* folded log lines count as the events they would have been */
    uint64_t total = b->timeline.n_events + b->logsum.n_folded;
    if (total) {
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        if (b->timeline.n_events) {
            lo = b->timeline.events[0]->at_us;
            hi = b->timeline.events[b->timeline.n_events - 1]->at_us;
        }
        for (size_t i = 0; i < b->logsum.n_sorted_clusters; i++) {
            const rg_logsum_cluster *cl = b->logsum.sorted_clusters[i];
            lo = cl->first_us < lo ? cl->first_us : lo;
            hi = cl->last_us > hi ? cl->last_us : hi;
        }
        stamp_of(lo, &a);
        stamp_of(hi, &z);
        /* a lane a source, but the shared lane holds many */
        size_t n_src = c->n_lanes + (c->n_other_sources ? c->n_other_sources - 1 : 0);
        rg_buf_printf(out, "%llu event%s from %zu source%s, %s %s to %s %s UTC.",
                      (unsigned long long)total, total == 1 ? "" : "s", n_src,
                      n_src == 1 ? "" : "s", a.date, a.hm, z.date, z.hm);
    } else {
        rg_buf_printf(out, "No events from %zu source%s.", c->n_lanes, c->n_lanes == 1 ? "" : "s");
    }
    for (size_t i = 0; i < c->n_lanes; i++) {
        const rg_series *se = c->lane_series[i];
        size_t n = c->lane_start[i + 1] - c->lane_start[i];
        if (!se && i == c->other_lane) {
            n += (size_t)c->other_folded;
            rg_buf_printf(out, "%s %zu other sources: %zu event%s",
                          i ? ";" : " Lanes:", c->n_other_sources, n, n == 1 ? "" : "s");
            continue;
        }
        if (!se) {
            n += (size_t)b->sources[c->lane_src[i]].n_folded;
            rg_buf_printf(out, "%s %s: %zu event%s",
                          i ? ";" : " Lanes:", lane_name(&b->sources[c->lane_src[i]]), n,
                          n == 1 ? "" : "s");
            continue;
        }
        /* a series lane in words: its peak, threshold and crossings */
        char v[32];
        rg_sample peak;
        rg_buf_printf(out, "%s series %s: %zu sample%s", i ? ";" : " Lanes:", se->display,
                      se->n_samples, se->n_samples == 1 ? "" : "s");
        int low = se->rule && se->rule->below;
        if (rg_series_extreme(se, !low, &peak) == 0) {
            stamp_of(peak.at_us, &a);
            rg_buf_printf(out, ", %s %s at %s %s UTC", low ? "lowest" : "peak",
                          rg_metric_value_text(peak.value, v), a.date, a.hms);
        }
        if (se->rule)
            rg_buf_printf(out, ", threshold %s %s", low ? "below" : "above",
                          rg_metric_value_text(se->rule->threshold, v));
        for (size_t k = 0; k < se->n_crossings && k < MAX_CROSSINGS_SAID; k++) {
            const rg_crossing *x = &se->crossings[k];
            stamp_of(x->breach_us, &a);
            rg_buf_printf(out, ", crossed at %s %s UTC", a.date, a.hms);
            if (x->recovered) {
                stamp_of(x->recovered_us, &z);
                rg_buf_printf(out, " and back at %s %s UTC", z.date, z.hms);
            } else {
                rg_buf_puts(out, " and not back by its last sample");
            }
        }
        if (se->n_crossings > MAX_CROSSINGS_SAID)
            rg_buf_printf(out, ", and %zu more crossings", se->n_crossings - MAX_CROSSINGS_SAID);
    }
    if (c->n_lanes)
        rg_buf_puts(out, ".");
    if (c->n_series_hidden)
        rg_buf_printf(out, " %zu more series %s not drawn (the review's metrics table lists them).",
                      c->n_series_hidden, c->n_series_hidden == 1 ? "is" : "are");
    if (c->n_unplaced)
        rg_buf_printf(out, " %zu event%s matched no source and %s not drawn in a lane.",
                      c->n_unplaced, c->n_unplaced == 1 ? "" : "s",
                      c->n_unplaced == 1 ? "is" : "are");
    const rg_milestone *st = &ms[RG_MS_STARTED], *mi = &ms[RG_MS_MITIGATED];
    const rg_metrics *mt = &c->b->metrics;
    /* the first MAX_PERIODS_SAID; the review.json lists each (bounds.h) */
    for (size_t i = 0; i < mt->n_periods && i < MAX_PERIODS_SAID; i++) {
        char d[48];
        stamp_of(mt->periods[i].from_us, &a);
        stamp_of(mt->periods[i].to_us, &z);
        rg_buf_printf(
            out, "%s %s %s to %s %s UTC (%s)", i ? "," : " Customers affected:", a.date, a.hms,
            z.date, z.hms,
            rg_duration_format(rg_round_seconds(mt->periods[i].to_us - mt->periods[i].from_us), d));
    }
    if (mt->n_periods > MAX_PERIODS_SAID)
        rg_buf_printf(out, " and %zu more periods", mt->n_periods - MAX_PERIODS_SAID);
    if (mt->n_periods)
        rg_buf_puts(out, ".");
    if (st->present && mi->present && mi->at_us >= st->at_us) {
        char d[48];
        stamp_of(st->at_us, &a);
        stamp_of(mi->at_us, &z);
        rg_buf_printf(out, " Impact window (started to mitigated): %s %s to %s %s UTC, %s.", a.date,
                      a.hms, z.date, z.hms,
                      rg_duration_format((mi->at_us - st->at_us) / 1000000, d));
    } else if (st->present) {
        stamp_of(st->at_us, &a);
        rg_buf_printf(out, " Impact started %s %s UTC; its mitigation has no evidence.", a.date,
                      a.hms);
    } else {
        rg_buf_puts(out, " No evidence of when the impact started.");
    }
    for (size_t i = 0; i < c->n_labels; i++) {
        stamp_of(c->labels[i].at_us, &a);
        rg_buf_printf(out, "%s %s %s %s",
                      i ? "," : " Milestones:", rg_milestone_name(c->labels[i].id), a.date, a.hms);
    }
    if (c->n_labels)
        rg_buf_puts(out, " UTC.");
    else
        rg_buf_puts(out, " No milestones.");
    if (c->n_errors) {
        char bin[32];
        bin_text(c->sc.bin_us, bin, sizeof(bin));
        stamp_of(c->sc.from_us + (int64_t)c->peak_bin * c->sc.bin_us, &a);
        rg_buf_printf(out, " %llu log error%s, at most %llu per %s (from %s %s UTC).",
                      (unsigned long long)c->n_errors, c->n_errors == 1 ? "" : "s",
                      (unsigned long long)c->peak, bin, a.date, a.hm);
    } else {
        rg_buf_puts(out, " No log errors.");
    }
}

/* The second legend row, drawn when there are series lanes. */
static void draw_series_legend(rg_svg *s, double y)
{
    double x = 8;
    rg_svg_group_begin(s, "legend");
    rg_svg_line(s, x, y - 4, x + 18, y - 4, "legend-series", C_METRIC, 1.5);
    rg_svg_text(s, x + 23, y, RG_SVG_START, SMALL, INK, "metric series");
    x += 23 + text_width("metric series", SMALL) + 16;
    rg_svg_dashed_line(s, x, y - 4, x + 18, y - 4, "legend-threshold", C_THRESHOLD, 1, "4 3", NULL);
    rg_svg_text(s, x + 23, y, RG_SVG_START, SMALL, INK, "threshold (incident.json)");
    x += 23 + text_width("threshold (incident.json)", SMALL) + 16;
    draw_mark(s, M_METRIC, x + 6, y - 4, "legend-mark", NULL);
    rg_svg_text(s, x + 15, y, RG_SVG_START, SMALL, INK, "crossed / back within");
    rg_svg_group_end(s);
}

static void draw_legend(rg_svg *s, double y, int periods)
{
    static const struct {
        int mark;
        const char *text;
    } items[] = {{M_ALERT, "alert"},   {M_PAGE, "page"},       {M_STATUS, "status post"},
                 {M_CHAT, "chat"},     {M_ERROR, "log error"}, {M_WARNING, "log warning"},
                 {M_LOG, "other log"}, {M_OTHER, "note"}};
    double x = 8;
    rg_svg_group_begin(s, "legend");
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        draw_mark(s, items[i].mark, x + 6, y - 4, "legend-mark", NULL);
        rg_svg_text(s, x + 15, y, RG_SVG_START, SMALL, INK, items[i].text);
        x += 15 + text_width(items[i].text, SMALL) + 16;
    }
    rg_svg_rect(s, x, y - 11, 18, 14, "legend-impact", IMPACT, NULL);
    const char *impact = periods ? "customers affected" : "impact (started to mitigated)";
    rg_svg_text(s, x + 23, y, RG_SVG_START, SMALL, INK, impact);
    x += 23 + text_width(impact, SMALL) + 16;
    rg_svg_line(s, x + 4, y - 12, x + 4, y + 3, "legend-milestone", C_MILESTONE, 1.5);
    rg_svg_text(s, x + 10, y, RG_SVG_START, SMALL, INK, "milestone");
    rg_svg_group_end(s);
}

/* README, "Impact periods": each period customers were affected is shaded on
 * its own, so a relapse after the all-clear shows as a second band; without
 * periods (no alerts, no bursts) the started-to-mitigated window stands in. */
static void draw_impact(rg_svg *s, const chart *c)
{
    const rg_metrics *mt = &c->b->metrics;
    if (c->has_scale && mt->n_periods) {
        for (size_t i = 0; i < mt->n_periods; i++) {
            const rg_period *p = &mt->periods[i];
            stamp a, z;
            char tip[200], d[48];
            stamp_of(p->from_us, &a);
            stamp_of(p->to_us, &z);
            snprintf(tip, sizeof(tip), "customers affected: %s %s to %s %s UTC (%s)%s", a.date,
                     a.hms, z.date, z.hms,
                     rg_duration_format(rg_round_seconds(p->to_us - p->from_us), d),
                     p->open ? ", still affected when the evidence ends" : "");
            double x = rg_chart_timeline_x(&c->sc, p->from_us);
            double x2 = rg_chart_timeline_x(&c->sc, p->to_us);
            if (x2 - x < 1)
                x2 = x + 1; /* a short period is still visible */
            rg_svg_rect(s, x, c->lanes_top, x2 - x, c->axis_y - c->lanes_top,
                        p->open ? "impact open" : "impact", IMPACT, tip);
        }
        return;
    }
    const rg_milestone *st = &c->b->milestones.m[RG_MS_STARTED];
    const rg_milestone *mi = &c->b->milestones.m[RG_MS_MITIGATED];
    if (!c->has_scale || !st->present)
        return;
    stamp a, z;
    char tip[200], d[48];
    double x = rg_chart_timeline_x(&c->sc, st->at_us), x2;
    stamp_of(st->at_us, &a);
    if (mi->present && mi->at_us >= st->at_us) {
        x2 = rg_chart_timeline_x(&c->sc, mi->at_us);
        stamp_of(mi->at_us, &z);
        snprintf(tip, sizeof(tip), "impact window: %s %s to %s %s UTC (%s)", a.date, a.hms, z.date,
                 z.hms, rg_duration_format((mi->at_us - st->at_us) / 1000000, d));
        rg_svg_rect(s, x, c->lanes_top, x2 - x, c->axis_y - c->lanes_top, "impact", IMPACT, tip);
    } else {
        /* no evidence of mitigation: the shading runs to the end of the
         * axis and says so, rather than inventing an end */
        x2 = c->sc.x1;
        snprintf(tip, sizeof(tip), "impact from %s %s UTC; no evidence of mitigation", a.date,
                 a.hms);
        rg_svg_rect(s, x, c->lanes_top, x2 - x, c->axis_y - c->lanes_top, "impact open", IMPACT,
                    tip);
    }
}

static void draw_grid(rg_svg *s, const chart *c)
{
    if (!c->has_scale)
        return;
    rg_svg_group_begin(s, "grid");
    for (int64_t t = c->sc.from_us; t <= c->sc.to_us; t += c->sc.tick_us) {
        double x = rg_chart_timeline_x(&c->sc, t);
        rg_svg_line(s, x, c->lanes_top, x, c->axis_y, "grid", GRID, 1);
    }
    rg_svg_group_end(s);
}

/* The vertical extent of a series lane's plot and its value range: the
 * finite samples on the axis, the threshold and zero, padded when flat. */
typedef struct plot {
    double top, bottom, lo, hi;
} plot;

static void plot_of(const chart *c, const rg_series *se, double lane_top, plot *p)
{
    p->top = lane_top + 6;
    p->bottom = lane_top + LANE_H - 6;
    int any = 0;
    for (size_t i = 0; i < se->n_samples; i++) {
        double v = se->samples[i].value;
        if (!isfinite(v) || se->samples[i].at_us < c->sc.from_us ||
            se->samples[i].at_us > c->sc.to_us)
            continue;
        if (!any || v < p->lo)
            p->lo = v;
        if (!any || v > p->hi)
            p->hi = v;
        any = 1;
    }
    if (se->rule) {
        double t = se->rule->threshold;
        if (!any || t < p->lo)
            p->lo = t;
        if (!any || t > p->hi)
            p->hi = t;
        any = 1;
    }
    if (!any)
        p->lo = 0, p->hi = 1;
    /* a series of counts or ratios is drawn from zero, so a wobble between
     * 0.001 and 0.003 does not look like an outage */
    if (p->lo > 0)
        p->lo = 0;
    if (p->hi - p->lo <= 0) {
        double pad = fabs(p->hi) > 0 ? fabs(p->hi) * 0.1 : 1;
        p->lo -= pad;
        p->hi += pad;
    }
}

static double plot_y(const plot *p, double v)
{
    if (v > p->hi)
        v = p->hi;
    if (v < p->lo)
        v = p->lo;
    return p->bottom - (p->bottom - p->top) * ((v - p->lo) / (p->hi - p->lo));
}

/* One pixel column of a series line: its first, highest, lowest and last
 * points (by sample index, so they are drawn in time order). */
typedef struct column {
    int used;
    size_t idx[4]; /* first, top (smallest y), bottom (largest y), last */
    double x[4], y[4];
} column;

static void column_add(column *k, size_t i, double x, double y)
{
    if (!k->used) {
        for (int j = 0; j < 4; j++) {
            k->idx[j] = i;
            k->x[j] = x;
            k->y[j] = y;
        }
        k->used = 1;
        return;
    }
    if (y < k->y[1])
        k->idx[1] = i, k->x[1] = x, k->y[1] = y;
    if (y > k->y[2])
        k->idx[2] = i, k->x[2] = x, k->y[2] = y;
    k->idx[3] = i, k->x[3] = x, k->y[3] = y;
}

/* Appends the column's distinct points in time order to xy; empties it. */
static void column_flush(column *k, double *xy, size_t *n)
{
    if (!k->used)
        return;
    int order[4] = {0, 1, 2, 3};
    for (int a = 1; a < 4; a++)
        for (int b = a; b > 0 && k->idx[order[b]] < k->idx[order[b - 1]]; b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    size_t prev = (size_t)-1;
    for (int j = 0; j < 4; j++) {
        int o = order[j];
        if (k->idx[o] == prev)
            continue;
        prev = k->idx[o];
        xy[2 * *n] = k->x[o];
        xy[2 * *n + 1] = k->y[o];
        (*n)++;
    }
    k->used = 0;
}

static void line_flush(rg_svg *s, const double *xy, size_t n, const char *tip)
{
    if (n == 1) /* a lone point still shows */
        rg_svg_circle(s, xy[0], xy[1], 1.5, "series-point", C_METRIC, tip);
    else if (n > 1)
        rg_svg_polyline(s, xy, n, "series", C_METRIC, 1.5, NULL, tip);
}

/* A series as a line scaled to its lane, at most the first, highest, lowest
 * and last sample of each pixel column (so a day of samples every 15 s stays
 * a few thousand points and keeps its spikes), broken where a sample is NaN,
 * and its threshold dashed across the lane. Returns 0, -1 when out of
 * memory. */
static int draw_series(rg_svg *s, const chart *c, const rg_series *se, const plot *p)
{
    char tip[200], v[32], when[48];
    if (se->rule) {
        double y = plot_y(p, se->rule->threshold);
        snprintf(tip, sizeof(tip), "threshold: %s %s", se->rule->below ? "below" : "above",
                 rg_metric_value_text(se->rule->threshold, v));
        rg_svg_dashed_line(s, c->sc.x0, y, c->sc.x1, y, "threshold", C_THRESHOLD, 1, "4 3", tip);
    }
    rg_sample peak;
    if (rg_series_extreme(se, !(se->rule && se->rule->below), &peak) == 0) {
        stamp st;
        stamp_of(peak.at_us, &st);
        snprintf(when, sizeof(when), "%s %s", st.date, st.hms);
        snprintf(tip, sizeof(tip), "%zu sample%s; %s %s at %s UTC", se->n_samples,
                 se->n_samples == 1 ? "" : "s", se->rule && se->rule->below ? "lowest" : "peak",
                 rg_metric_value_text(peak.value, v), when);
    } else {
        snprintf(tip, sizeof(tip), "%zu sample%s, none a number", se->n_samples,
                 se->n_samples == 1 ? "" : "s");
    }
    double *xy = rg_malloc((se->n_samples ? se->n_samples : 1) * 2 * sizeof(double));
    if (!xy)
        return -1;
    size_t n = 0;
    long col = LONG_MIN;
    column k = {0};
    for (size_t i = 0; i < se->n_samples; i++) {
        const rg_sample *sm = &se->samples[i];
        if (isnan(sm->value)) {
            column_flush(&k, xy, &n);
            line_flush(s, xy, n, tip);
            n = 0;
            col = LONG_MIN;
            continue;
        }
        if (sm->at_us < c->sc.from_us || sm->at_us > c->sc.to_us)
            continue;
        double x = rg_chart_timeline_x(&c->sc, sm->at_us), y = plot_y(p, sm->value);
        long kc = (long)(x - c->sc.x0 + 0.5);
        if (kc != col) {
            column_flush(&k, xy, &n);
            col = kc;
        }
        column_add(&k, i, x, y);
    }
    column_flush(&k, xy, &n);
    line_flush(s, xy, n, tip);
    rg_free(xy);
    return 0;
}

/* Marks that would fall on the same pixel column are drawn once, with the
 * count in their tooltip: a busy log stays a few hundred elements. A series
 * lane draws its line, and its crossing marks sit on the line. */
static int draw_lanes(rg_svg *s, const chart *c)
{
    const rg_build *b = c->b;
    size_t cols = (size_t)(c->sc.x1 - c->sc.x0) + 1;
    uint64_t *count = rg_calloc((size_t)M_COUNT * cols, sizeof(uint64_t));
    size_t *first = rg_malloc((size_t)M_COUNT * cols * sizeof(size_t));
    if (!count || !first) {
        rg_free(count);
        rg_free(first);
        return -1;
    }
    int rc = 0;
    for (size_t l = 0; l < c->n_lanes && rc == 0; l++) {
        double top = c->lanes_top + LANE_H * (double)l, cy = top + LANE_H / 2;
        size_t n = c->lane_start[l + 1] - c->lane_start[l];
        const rg_series *se = c->lane_series[l];
        char name[LABEL_CHARS * 4 + 8], counted[64], others[48];
        int other = l == c->other_lane;
        snprintf(others, sizeof(others), "%zu other sources", c->n_other_sources);
        fit(se      ? se->display
            : other ? others
                    : lane_name(&b->sources[c->lane_src[l]]),
            LABEL_CHARS, name, sizeof(name));
        if (se) {
            char v[32];
            rg_sample peak;
            if (rg_series_extreme(se, !(se->rule && se->rule->below), &peak) == 0)
                snprintf(counted, sizeof(counted), "%s %s",
                         se->rule && se->rule->below ? "lowest" : "peak",
                         rg_metric_value_text(peak.value, v));
            else
                snprintf(counted, sizeof(counted), "%zu sample%s", se->n_samples,
                         se->n_samples == 1 ? "" : "s");
        } else {
            size_t all =
                n + (size_t)(other ? c->other_folded : b->sources[c->lane_src[l]].n_folded);
            snprintf(counted, sizeof(counted), "%zu event%s", all, all == 1 ? "" : "s");
        }

        rg_svg_group_begin(s, se ? "lane series-lane" : "lane");
        rg_svg_line(s, 8, top, c->sc.x1, top, "lane-rule", RULE, 1);
        rg_svg_text(s, 8, top + 15, RG_SVG_START, TEXT, INK, name);
        rg_svg_text(s, 8, top + 28, RG_SVG_START, SMALL, MUTED, counted);
        plot p = {0};
        if (se && c->has_scale) {
            plot_of(c, se, top, &p);
            if (draw_series(s, c, se, &p) != 0) {
                rc = -1;
                break;
            }
        }
        if (c->has_scale) {
            memset(count, 0, (size_t)M_COUNT * cols * sizeof(uint64_t));
            for (size_t j = c->lane_start[l]; j < c->lane_start[l + 1]; j++) {
                size_t i = c->order[j];
                const rg_event *ev = b->timeline.events[i];
                double x = rg_chart_timeline_x(&c->sc, clamp_us(ev->at_us)) - c->sc.x0;
                size_t col = x <= 0 ? 0 : (size_t)(x + 0.5);
                if (col >= cols)
                    col = cols - 1;
                size_t k = (size_t)mark_of(ev) * cols + col;
                if (count[k]++ == 0)
                    first[k] = i;
            }
            /* the volume of the folded lines (README, "Evidence of any
             * size"): each minute of a level in this source's lane */
            for (size_t i = 0; !se && i < b->logsum.n_minutes && b->logsum.sorted_minutes; i++) {
                const rg_logsum_minute *mi = b->logsum.sorted_minutes[i];
                if (mi->source >= b->n_sources || c->src_lane[mi->source] != l || !mi->n_folded)
                    continue;
                double x = rg_chart_timeline_x(&c->sc, clamp_us(mi->first_us)) - c->sc.x0;
                size_t col = x <= 0 ? 0 : (size_t)(x + 0.5);
                if (col >= cols)
                    col = cols - 1;
                int mark = mi->level == RG_LEVEL_ERROR     ? M_ERROR
                           : mi->level == RG_LEVEL_WARNING ? M_WARNING
                                                           : M_LOG;
                size_t k = (size_t)mark * cols + col;
                if (count[k] == 0)
                    first[k] = SIZE_MAX;
                count[k] += mi->n_folded;
            }
            for (int m = 0; m < M_COUNT; m++)
                for (size_t col = 0; col < cols; col++) {
                    size_t k = (size_t)m * cols + col;
                    if (!count[k])
                        continue;
                    char tip[200];
                    if (first[k] == SIZE_MAX) {
                        snprintf(tip, sizeof(tip), "%llu %s line%s counted, not listed",
                                 (unsigned long long)count[k], mark_class[m] + 5,
                                 count[k] == 1 ? "" : "s");
                        draw_mark(s, m, c->sc.x0 + (double)col, cy, mark_class[m], tip);
                        continue;
                    }
                    const rg_event *ev = b->timeline.events[first[k]];
                    stamp st;
                    stamp_of(ev->at_us, &st);
                    if (count[k] == 1)
                        snprintf(tip, sizeof(tip), "%s %s UTC: %.80s", st.date, st.hms,
                                 ev->type ? ev->type : rg_kind_name(ev->kind));
                    else
                        snprintf(tip, sizeof(tip), "%s %s UTC: %.80s and %llu more", st.date,
                                 st.hms, ev->type ? ev->type : rg_kind_name(ev->kind),
                                 (unsigned long long)(count[k] - 1));
                    double my = cy;
                    double v;
                    const char *vt = rg_event_attr_get(ev, "value");
                    if (se && m == M_METRIC && vt &&
                        rg_metric_value_parse(vt, strlen(vt), &v) == 0 && isfinite(v))
                        my = plot_y(&p, v);
                    draw_mark(s, m, c->sc.x0 + (double)col, my, mark_class[m], tip);
                }
        }
        rg_svg_group_end(s);
    }
    if (c->n_lanes && rc == 0)
        rg_svg_line(s, 8, c->hist_top - 10, c->sc.x1, c->hist_top - 10, "lane-rule", RULE, 1);
    rg_free(count);
    rg_free(first);
    return rc;
}

static void draw_histogram(rg_svg *s, const chart *c)
{
    char bin[32], line[64];
    bin_text(c->sc.bin_us, bin, sizeof(bin));
    double base = c->hist_top + HIST_H;
    rg_svg_group_begin(s, "histogram");
    rg_svg_text(s, 8, c->hist_top + 15, RG_SVG_START, TEXT, INK, "log errors");
    snprintf(line, sizeof(line), "per %s, peak %llu", bin, (unsigned long long)c->peak);
    rg_svg_text(s, 8, c->hist_top + 29, RG_SVG_START, SMALL, MUTED, line);
    if (!c->n_errors)
        rg_svg_text(s, c->sc.x0 + 8, base - 8, RG_SVG_START, SMALL, MUTED,
                    "no log errors in these sources");
    for (size_t k = 0; k < c->n_bins; k++) {
        if (!c->bins[k])
            continue;
        int64_t t = c->sc.from_us + (int64_t)k * c->sc.bin_us;
        double x = rg_chart_timeline_x(&c->sc, t);
        double w = rg_chart_timeline_x(&c->sc, t + c->sc.bin_us) - x;
        if (w > 2)
            w -= 1; /* a hairline between neighbours */
        double h = HIST_H * (double)c->bins[k] / (double)c->peak;
        if (h < 1)
            h = 1;
        stamp a, z;
        char tip[160];
        stamp_of(t, &a);
        stamp_of(t + c->sc.bin_us, &z);
        snprintf(tip, sizeof(tip), "%s %s\xE2\x80\x93%s UTC: %llu log error%s", a.date, a.hm, z.hm,
                 (unsigned long long)c->bins[k], c->bins[k] == 1 ? "" : "s");
        rg_svg_rect(s, x, base - h, w, h, "bar", C_ERROR, tip);
    }
    rg_svg_group_end(s);
}

static void draw_milestones(rg_svg *s, const chart *c)
{
    for (size_t i = 0; i < c->n_labels; i++) {
        const label *l = &c->labels[i];
        const rg_milestone *m = &c->b->milestones.m[l->id];
        double y = c->lanes_top - 6 - ROW_H * (double)l->row, top = y - 10;
        stamp st;
        char tip[400];
        stamp_of(l->at_us, &st);
        if (m->manual)
            snprintf(tip, sizeof(tip), "%s: %s %s UTC, set in %s", rg_milestone_name(l->id),
                     st.date, st.hms, m->origin ? m->origin : "the manifest");
        else
            snprintf(tip, sizeof(tip), "%s: %s %s UTC, %s%s%s%s", rg_milestone_name(l->id), st.date,
                     st.hms, m->rule ? m->rule : "", m->origin ? " (" : "",
                     m->origin ? m->origin : "", m->origin ? ")" : "");
        rg_svg_group_begin(s, "milestone");
        rg_svg_line(s, l->x, top, l->x, c->axis_y, "milestone-line", C_MILESTONE, 1.5);
        rg_svg_circle(s, l->x, top, 3, "milestone-dot", C_MILESTONE, tip);
        rg_svg_text(s, l->tx, y, l->anchor, SMALL, INK, l->text);
        rg_svg_group_end(s);
    }
}

static void draw_axis(rg_svg *s, const chart *c)
{
    double y = c->axis_y;
    char prev[24] = "";
    rg_svg_group_begin(s, "axis");
    rg_svg_line(s, c->sc.x0, y, c->sc.x1, y, "axis-line", INK, 1);
    rg_svg_text(s, c->sc.x0 - 24, y + 18, RG_SVG_END, SMALL, MUTED, "UTC");
    for (int64_t t = c->sc.from_us; t <= c->sc.to_us; t += c->sc.tick_us) {
        double x = rg_chart_timeline_x(&c->sc, t);
        stamp st;
        stamp_of(t, &st);
        rg_svg_line(s, x, y, x, y + 5, "tick", INK, 1);
        if (c->sc.tick_us >= DAY_US) {
            text_within(s, x, y + 18, SMALL, INK, st.date, c->sc.x0 - 40,
                        RG_CHART_TIMELINE_WIDTH - 2);
            continue;
        }
        text_within(s, x, y + 18, SMALL, INK, st.hm, c->sc.x0 - 40, RG_CHART_TIMELINE_WIDTH - 2);
        /* the date under the first tick and wherever it changes; when the
         * next tick already starts a new day, the first date moves left of
         * its tick (into the label column) so the two do not collide */
        int shift = 0;
        if (strcmp(prev, st.date) != 0 && t == c->sc.from_us && t + c->sc.tick_us <= c->sc.to_us) {
            stamp next;
            stamp_of(t + c->sc.tick_us, &next);
            double gap = rg_chart_timeline_x(&c->sc, t + c->sc.tick_us) - x;
            shift = strcmp(next.date, st.date) != 0 && gap < text_width(st.date, SMALL) + 8;
        }
        if (shift)
            rg_svg_text(s, x + text_width(st.hm, SMALL) / 2, y + 32, RG_SVG_END, SMALL, MUTED,
                        st.date);
        else if (strcmp(prev, st.date) != 0)
            text_within(s, x, y + 32, SMALL, MUTED, st.date, c->sc.x0 - 40,
                        RG_CHART_TIMELINE_WIDTH - 2);
        snprintf(prev, sizeof(prev), "%s", st.date);
    }
    rg_svg_group_end(s);
}

char *rg_chart_timeline(const rg_build *b, size_t *len, rg_diag *diag)
{
    chart c;
    memset(&c, 0, sizeof(c));
    c.b = b;
    rg_buf title = {0}, desc = {0};
    rg_svg s;
    memset(&s, 0, sizeof(s));
    char *out = NULL;

    unsigned long failures = rg_alloc_failures();
    c.has_scale = rg_chart_timeline_scale(b, &c.sc) == 0;
    c.sc.x0 = LEFT; /* lanes are drawn to the axis's end even with no axis */
    c.sc.x1 = RG_CHART_TIMELINE_WIDTH - RIGHT;
    if (c.has_scale) {
        stamp a, z;
        stamp_of(c.sc.from_us, &a);
        stamp_of(c.sc.to_us - 1, &z);
        c.multi_day = strcmp(a.date, z.date) != 0;
        c.n_labels = place_labels(b, &c.sc, c.multi_day, c.labels, &c.n_rows);
    }
    if (assign_lanes(&c) != 0 || count_errors(&c) != 0)
        goto oom;

    /* a second legend row for the series lanes */
    double legend2 = c.n_series_lanes ? 18 : 0;
    c.lanes_top = 58 + legend2 + ROW_H * (double)c.n_rows + (c.n_rows ? 6 : 0);
    c.hist_top = c.lanes_top + LANE_H * (double)c.n_lanes + 10;
    c.axis_y = c.hist_top + HIST_H;
    c.height = c.axis_y + (c.has_scale ? 44 : 8);
    if (!c.has_scale)
        c.height = c.lanes_top + LANE_H * (double)c.n_lanes + 40;

    title_of(b, &title);
    describe(&c, &desc);
    if (!title.data || !desc.data)
        goto oom;

    rg_svg_begin_described(&s, RG_CHART_TIMELINE_WIDTH, c.height, title.data, desc.data);
    char heading[TITLE_CHARS * 4 + 8];
    fit(title.data, TITLE_CHARS, heading, sizeof(heading));
    rg_svg_text(&s, 8, 20, RG_SVG_START, 14, INK, heading);
    draw_legend(&s, 42, b->metrics.n_periods > 0);
    if (c.n_series_lanes)
        draw_series_legend(&s, 42 + legend2);
    if (!c.has_scale) {
        if (draw_lanes(&s, &c) != 0)
            goto oom;
        rg_svg_text(&s, c.sc.x0 + 8, c.lanes_top + LANE_H * (double)c.n_lanes + 24, RG_SVG_START,
                    TEXT, MUTED, "no events and no milestones to show");
    } else {
        draw_impact(&s, &c);
        draw_grid(&s, &c);
        if (draw_lanes(&s, &c) != 0)
            goto oom;
        draw_histogram(&s, &c);
        draw_milestones(&s, &c);
        draw_axis(&s, &c);
    }
    out = rg_svg_finish(&s, len);
    /* rg_buf_printf leaves a buffer as it was when it fails: a description
     * with a missing sentence must not pass for a complete one */
    if (out && rg_alloc_failures() != failures) {
        rg_free(out);
        out = NULL;
    }
    if (!out)
        goto oom;
    goto done;

oom:
    rg_svg_free(&s);
    if (diag)
        rg_diag_error(diag, NULL, 0, 0, "out of memory drawing the timeline chart");
done:
    rg_buf_free(&title);
    rg_buf_free(&desc);
    rg_free(c.lane_src);
    rg_free(c.lane_series);
    rg_free(c.src_lane);
    rg_free(c.lane_start);
    rg_free(c.order);
    rg_free(c.bins);
    return out;
}
