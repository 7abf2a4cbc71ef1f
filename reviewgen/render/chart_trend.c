/* chart_trend.c -- the trend report's two SVG charts, drawn from the trend
 * model alone: incidents per month stacked by severity, and each duration
 * as strips of dots per severity with the median marked (README, "Trend
 * report"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "metrics.h"
#include "stats.h"
#include "svg.h"
#include "timeparse.h"
#include "trend.h"

/* Okabe-Ito colours (told apart by colour-blind readers), one per
 * severity in the model's order; "unspecified" is grey. */
static const char *const palette[] = {"#D55E00", "#E69F00", "#0072B2", "#009E73",
                                      "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
#define N_PALETTE (sizeof(palette) / sizeof(palette[0]))
#define GREY "#999999"
#define INK "#222222"
#define GRID "#dddddd"

static const char *severity_colour(const char *name, size_t index)
{
    if (!strcmp(name, "unspecified"))
        return GREY;
    return palette[index % N_PALETTE];
}

/* The severities in the model's (natural) order. */
static size_t severities(const json_t *trend, const char **out, size_t max)
{
    const json_t *bs = json_object_get(trend, "by_severity");
    const char *key;
    const json_t *v;
    size_t n = 0;
    json_object_foreach((json_t *)bs, key, v)
    {
        (void)v;
        if (n < max)
            out[n++] = key;
    }
    return n;
}

static const char *period_text(const json_t *trend, char *buf, size_t len)
{
    const json_t *p = json_object_get(trend, "period");
    snprintf(buf, len, "%s to %s", json_string_value(json_object_get(p, "from")),
             json_string_value(json_object_get(p, "to")));
    return buf;
}

#define MAX_SEVERITIES 64

/* ---- incidents per month --------------------------------------------- */

/* A tick step that gives at most about six gridlines. */
static long nice_step(long max)
{
    static const long steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if (max / steps[i] <= 6)
            return steps[i];
    return (max / 6 / 10000 + 1) * 10000;
}

char *rg_chart_trend_months(const json_t *trend, size_t *len)
{
    const char *sev[MAX_SEVERITIES];
    size_t n_sev = severities(trend, sev, MAX_SEVERITIES);
    const json_t *months = json_object_get(trend, "by_month");
    size_t n_months = json_array_size(months);
    long top = 0;
    for (size_t i = 0; i < n_months; i++) {
        long v = (long)json_integer_value(json_object_get(json_array_get(months, i), "incidents"));
        if (v > top)
            top = v;
    }
    long step = nice_step(top > 0 ? top : 1);
    long ymax = top > 0 ? ((top + step - 1) / step) * step : step;

    const double width = 640, height = 300, left = 44, right = 16, plot_top = 44, bottom = 40;
    const double plot_w = width - left - right, plot_h = height - plot_top - bottom;
    const double base = height - bottom;
    char title[160], period[64];
    snprintf(title, sizeof(title), "Incidents per month by severity, %s",
             period_text(trend, period, sizeof(period)));
    rg_svg s;
    rg_svg_begin(&s, width, height, title);

    /* legend, one swatch per severity */
    double lx = left;
    for (size_t k = 0; k < n_sev; k++) {
        rg_svg_rect(&s, lx, 12, 12, 12, "legend", severity_colour(sev[k], k), NULL);
        rg_svg_text(&s, lx + 16, 22, RG_SVG_START, 12, INK, sev[k]);
        lx += 28 + 7.0 * (double)strlen(sev[k]);
    }
    /* gridlines and their counts */
    for (long v = 0; v <= ymax; v += step) {
        double y = base - plot_h * (double)v / (double)ymax;
        char label[32];
        snprintf(label, sizeof(label), "%ld", v);
        rg_svg_line(&s, left, y, width - right, y, "grid", v ? GRID : INK, 1);
        rg_svg_text(&s, left - 6, y + 4, RG_SVG_END, 11, INK, label);
    }
    double slot = n_months ? plot_w / (double)n_months : plot_w;
    double bar_w = slot * 0.6 > 80 ? 80 : slot * 0.6;
    for (size_t i = 0; i < n_months; i++) {
        const json_t *m = json_array_get(months, i);
        const char *month = json_string_value(json_object_get(m, "month"));
        const json_t *bs = json_object_get(m, "by_severity");
        double x = left + slot * (double)i + (slot - bar_w) / 2, y = base;
        for (size_t k = 0; k < n_sev; k++) {
            long c = (long)json_integer_value(json_object_get(bs, sev[k]));
            if (c <= 0)
                continue;
            double h = plot_h * (double)c / (double)ymax;
            char tip[160];
            snprintf(tip, sizeof(tip), "%s, %s: %ld incident%s", month ? month : "", sev[k], c,
                     c == 1 ? "" : "s");
            rg_svg_rect(&s, x, y - h, bar_w, h, "bar", severity_colour(sev[k], k), tip);
            y -= h;
        }
        char total[32];
        snprintf(total, sizeof(total), "%lld",
                 (long long)json_integer_value(json_object_get(m, "incidents")));
        rg_svg_text(&s, x + bar_w / 2, y - 4, RG_SVG_MIDDLE, 11, INK, total);
        rg_svg_text(&s, x + bar_w / 2, base + 16, RG_SVG_MIDDLE, 11, INK, month);
    }
    if (top == 0)
        rg_svg_text(&s, left + plot_w / 2, plot_top + plot_h / 2, RG_SVG_MIDDLE, 13, INK,
                    "no incidents in this period");
    return rg_svg_finish(&s, len);
}

/* ---- durations as strips of dots -------------------------------------- */

/* Tick marks of the logarithmic time axis, in seconds. */
static const struct {
    double s;
    const char *label;
} ticks[] = {{1, "1 s"},        {10, "10 s"},       {60, "1 min"},  {600, "10 min"},
             {3600, "1 h"},     {21600, "6 h"},     {86400, "1 d"}, {604800, "7 d"},
             {2592000, "30 d"}, {31536000, "365 d"}};
#define N_TICKS (sizeof(ticks) / sizeof(ticks[0]))

typedef struct axis {
    double lo, hi; /* seconds at the ends */
    double x0, w;
} axis;

/* Durations of zero or less (a milestone set before the one it follows)
 * sit at the axis's left end; their tooltip gives the real value. */
static double x_of(const axis *a, double v)
{
    if (v < a->lo)
        v = a->lo;
    if (v > a->hi)
        v = a->hi;
    return a->x0 + a->w * (log(v) - log(a->lo)) / (log(a->hi) - log(a->lo));
}

char *rg_chart_trend_durations(const json_t *trend, size_t *len)
{
    const char *sev[MAX_SEVERITIES];
    size_t n_sev = severities(trend, sev, MAX_SEVERITIES);
    const json_t *list = json_object_get(trend, "incident_list");
    size_t n_inc = json_array_size(list);

    /* the axis spans every value, rounded out to ticks */
    double vmin = 0, vmax = 0;
    int any = 0, clamped = 0;
    for (size_t i = 0; i < n_inc; i++) {
        const json_t *d = json_object_get(json_array_get(list, i), "durations");
        for (int k = 0; k < RG_DUR_COUNT; k++) {
            const json_t *v = json_object_get(d, rg_duration_key((rg_duration_id)k));
            if (!json_is_integer(v))
                continue;
            if (json_integer_value(v) <= 0) {
                clamped = 1;
                continue;
            }
            double x = (double)json_integer_value(v);
            vmin = any && vmin < x ? vmin : x;
            vmax = any && vmax > x ? vmax : x;
            any = 1;
        }
    }
    axis ax = {ticks[0].s, ticks[4].s, 0, 0}; /* 1 s to 1 h when there is nothing */
    if (any) {
        ax.lo = ticks[0].s;
        for (size_t t = 0; t < N_TICKS && ticks[t].s <= vmin; t++)
            ax.lo = ticks[t].s;
        ax.hi = ticks[N_TICKS - 1].s;
        for (size_t t = N_TICKS; t-- > 0 && ticks[t].s >= vmax;)
            ax.hi = ticks[t].s;
        if (ax.hi <= ax.lo)
            ax.hi = ax.lo * 10;
    }

    size_t lanes = n_sev ? n_sev : 1;
    const double width = 680, left = 110, right = 20, head = 18, lane_h = 14, gap = 10;
    const double block = head + lane_h * (double)lanes + gap;
    const double top = 8, axis_h = 30;
    const double height = top + block * RG_DUR_COUNT + axis_h;
    ax.x0 = left;
    ax.w = width - left - right;
    char title[200], period[64];
    snprintf(title, sizeof(title),
             "Each duration per incident by severity, median marked, %s (logarithmic time axis)",
             period_text(trend, period, sizeof(period)));
    rg_svg s;
    rg_svg_begin(&s, width, height, title);
    double plot_bottom = top + block * RG_DUR_COUNT - gap;
    for (size_t t = 0; t < N_TICKS; t++) {
        if (ticks[t].s < ax.lo || ticks[t].s > ax.hi)
            continue;
        double x = x_of(&ax, ticks[t].s);
        char label[32];
        /* the left end also holds what is shorter, zero among it */
        snprintf(label, sizeof(label), "%s%s",
                 ticks[t].s == ax.lo && clamped ? "\xe2\x89\xa4 " : "", ticks[t].label);
        rg_svg_line(&s, x, top, x, plot_bottom, "grid", GRID, 1);
        rg_svg_text(&s, x, plot_bottom + 16, RG_SVG_MIDDLE, 11, INK, label);
    }
    int64_t *vals = rg_malloc((n_inc ? n_inc : 1) * sizeof(*vals));
    if (!vals) {
        rg_svg_free(&s);
        return NULL;
    }
    for (int k = 0; k < RG_DUR_COUNT; k++) {
        const char *key = rg_duration_key((rg_duration_id)k);
        double y0 = top + block * k;
        char heading[160];
        snprintf(heading, sizeof(heading), "%s = %s", rg_duration_label((rg_duration_id)k),
                 rg_duration_definition((rg_duration_id)k));
        rg_svg_text(&s, 4, y0 + 12, RG_SVG_START, 12, INK, heading);
        for (size_t l = 0; l < lanes; l++) {
            double cy = y0 + head + lane_h * (double)l + lane_h / 2;
            const char *name = n_sev ? sev[l] : "";
            const char *colour = n_sev ? severity_colour(sev[l], l) : GREY;
            rg_svg_text(&s, left - 8, cy + 4, RG_SVG_END, 10, INK, name);
            rg_svg_line(&s, left, cy, width - right, cy, "lane", GRID, 1);
            size_t n = 0;
            for (size_t i = 0; i < n_inc; i++) {
                const json_t *inc = json_array_get(list, i);
                const json_t *v = json_object_get(json_object_get(inc, "durations"), key);
                const char *isev = json_string_value(json_object_get(inc, "severity"));
                if (!json_is_integer(v) || !isev || strcmp(isev, name))
                    continue;
                json_int_t sec = json_integer_value(v);
                char dur[48], tip[200];
                const char *id = json_string_value(json_object_get(inc, "id"));
                snprintf(tip, sizeof(tip), "%s (%s): %s", id ? id : "", isev,
                         rg_duration_format((int64_t)sec, dur));
                /* three rows of jitter by order, so equal values stay visible
                 * and the same model draws the same picture */
                rg_svg_circle(&s, x_of(&ax, (double)sec), cy + (double)((int)(n % 3) - 1) * 3, 3.5,
                              "dot", colour, tip);
                vals[n++] = (int64_t)sec;
            }
            if (n == 0)
                continue;
            /* the median by the report's method (stats.h) */
            int64_t median = 0;
            rg_stats_sort(vals, n);
            rg_percentile(vals, n, 50, &median);
            double mx = x_of(&ax, (double)median);
            rg_svg_line(&s, mx, cy - lane_h / 2, mx, cy + lane_h / 2, "median", INK, 2.5);
        }
    }
    rg_free(vals);
    return rg_svg_finish(&s, len);
}
