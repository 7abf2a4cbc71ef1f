/* svg.c -- the SVG writer: numbers in one short fixed form, every string
 * escaped for XML (README, "Output is escaped"; RELIABILITY 5). */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

static void put(rg_svg *s, const char *text)
{
    if (!s->failed && rg_buf_puts(&s->buf, text) != 0)
        s->failed = 1;
}

static void put_escaped(rg_svg *s, const char *text)
{
    if (!s->failed && text && rg_xml_escape(&s->buf, text, strlen(text)) != 0)
        s->failed = 1;
}

/* Numbers with at most two decimals and no trailing zeros ("12", "12.5"),
 * so the same chart gives the same bytes; NaN and infinities, which no
 * attribute may hold, become 0. Exactly what "%.2f" then gives, trimmed: a
 * chart of a day has some 13,000 numbers, and snprintf was a tenth of the
 * time spent writing a whole-day review. v * 100 is off the exact value by
 * at most 0.002 while under 1e13, so where it lies further than 0.49 from
 * a half its nearest integer is the one "%.2f" rounds to; the rest (ties
 * such as 0.125, which "%.2f" rounds to even) take snprintf. */
size_t rg_svg_format_num(char *buf, double v)
{
    if (!isfinite(v))
        v = 0;
    double t = v * 100, r = nearbyint(t);
    if (fabs(t) < 1e13 && fabs(t - r) < 0.49) {
        long long k = (long long)r;
        size_t o = 0;
        if (k == 0) { /* "-0" too */
            strcpy(buf, "0");
            return 1;
        }
        if (k < 0) {
            buf[o++] = '-';
            k = -k;
        }
        char digits[24];
        size_t nd = 0;
        for (long long q = k / 100; nd == 0 || q; q /= 10)
            digits[nd++] = (char)('0' + q % 10);
        while (nd)
            buf[o++] = digits[--nd];
        int cents = (int)(k % 100);
        if (cents) {
            buf[o++] = '.';
            buf[o++] = (char)('0' + cents / 10);
            if (cents % 10)
                buf[o++] = (char)('0' + cents % 10);
        }
        buf[o] = '\0';
        return o;
    }
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
    return strlen(buf);
}

static void put_num(rg_svg *s, double v)
{
    char buf[RG_SVG_NUM_MAX];
    rg_svg_format_num(buf, v);
    put(s, buf);
}

static void attr_num(rg_svg *s, const char *name, double v)
{
    put(s, " ");
    put(s, name);
    put(s, "=\"");
    put_num(s, v);
    put(s, "\"");
}

static void attr_str(rg_svg *s, const char *name, const char *v)
{
    if (!v)
        return;
    put(s, " ");
    put(s, name);
    put(s, "=\"");
    put_escaped(s, v);
    put(s, "\"");
}

/* Ends a shape's start tag: self-closed, or with a <title> tooltip. */
static void close_shape(rg_svg *s, const char *tag, const char *tip)
{
    if (!tip) {
        put(s, "/>\n");
        return;
    }
    put(s, "><title>");
    put_escaped(s, tip);
    put(s, "</title></");
    put(s, tag);
    put(s, ">\n");
}

/* The start of the <svg> tag up to its role, on a cleared s. */
static void open_svg(rg_svg *s, double width, double height)
{
    memset(s, 0, sizeof(*s));
    put(s, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    attr_num(s, "width", width);
    attr_num(s, "height", height);
    put(s, " viewBox=\"0 0 ");
    put_num(s, width);
    put(s, " ");
    put_num(s, height);
    put(s, "\" role=\"img\"");
}

void rg_svg_begin(rg_svg *s, double width, double height, const char *title)
{
    open_svg(s, width, height);
    put(s, " font-family=\"sans-serif\">\n<title>");
    put_escaped(s, title ? title : "");
    put(s, "</title>\n");
}

void rg_svg_rect(rg_svg *s, double x, double y, double w, double h, const char *cls,
                 const char *fill, const char *tip)
{
    put(s, "<rect");
    attr_str(s, "class", cls);
    attr_num(s, "x", x);
    attr_num(s, "y", y);
    attr_num(s, "width", w < 0 ? 0 : w);
    attr_num(s, "height", h < 0 ? 0 : h);
    attr_str(s, "fill", fill);
    close_shape(s, "rect", tip);
}

void rg_svg_line(rg_svg *s, double x1, double y1, double x2, double y2, const char *cls,
                 const char *stroke, double stroke_width)
{
    rg_svg_dashed_line(s, x1, y1, x2, y2, cls, stroke, stroke_width, NULL, NULL);
}

void rg_svg_circle(rg_svg *s, double cx, double cy, double r, const char *cls, const char *fill,
                   const char *tip)
{
    put(s, "<circle");
    attr_str(s, "class", cls);
    attr_num(s, "cx", cx);
    attr_num(s, "cy", cy);
    attr_num(s, "r", r < 0 ? 0 : r);
    attr_str(s, "fill", fill);
    close_shape(s, "circle", tip);
}

void rg_svg_text(rg_svg *s, double x, double y, rg_svg_anchor anchor, double size, const char *fill,
                 const char *text)
{
    static const char *const anchors[] = {"start", "middle", "end"};
    put(s, "<text");
    attr_num(s, "x", x);
    attr_num(s, "y", y);
    if (anchor != RG_SVG_START)
        attr_str(s, "text-anchor", anchors[anchor == RG_SVG_MIDDLE ? 1 : 2]);
    attr_num(s, "font-size", size);
    attr_str(s, "fill", fill);
    put(s, ">");
    put_escaped(s, text ? text : "");
    put(s, "</text>\n");
}

void rg_svg_group_begin(rg_svg *s, const char *cls)
{
    put(s, "<g");
    attr_str(s, "class", cls);
    put(s, ">\n");
    s->open_groups++;
}

void rg_svg_group_end(rg_svg *s)
{
    if (s->open_groups <= 0)
        return;
    put(s, "</g>\n");
    s->open_groups--;
}

char *rg_svg_finish(rg_svg *s, size_t *len)
{
    while (s->open_groups > 0)
        rg_svg_group_end(s);
    put(s, "</svg>\n");
    if (s->failed) {
        rg_svg_free(s);
        return NULL;
    }
    char *out = s->buf.data;
    if (len)
        *len = s->buf.len;
    memset(s, 0, sizeof(*s));
    return out;
}

void rg_svg_free(rg_svg *s)
{
    rg_buf_free(&s->buf);
    memset(s, 0, sizeof(*s));
}

/* ---- Added for the incident timeline chart (chart_timeline.c). ---- */

void rg_svg_begin_described(rg_svg *s, double width, double height, const char *title,
                            const char *desc)
{
    open_svg(s, width, height);
    attr_str(s, "aria-label", title ? title : "");
    put(s, " font-family=\"sans-serif\">\n<title>");
    put_escaped(s, title ? title : "");
    put(s, "</title>\n");
    if (desc) {
        put(s, "<desc>");
        put_escaped(s, desc);
        put(s, "</desc>\n");
    }
}

void rg_svg_polygon(rg_svg *s, const double *xy, size_t n, const char *cls, const char *fill,
                    const char *tip)
{
    put(s, "<polygon");
    attr_str(s, "class", cls);
    put(s, " points=\"");
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(s, " ");
        put_num(s, xy[2 * i]);
        put(s, ",");
        put_num(s, xy[2 * i + 1]);
    }
    put(s, "\"");
    attr_str(s, "fill", fill);
    close_shape(s, "polygon", tip);
}

/* ---- Added for the metric lanes of the incident timeline chart. ---- */

void rg_svg_polyline(rg_svg *s, const double *xy, size_t n, const char *cls, const char *stroke,
                     double stroke_width, const char *dash, const char *tip)
{
    put(s, "<polyline");
    attr_str(s, "class", cls);
    put(s, " points=\"");
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(s, " ");
        put_num(s, xy[2 * i]);
        put(s, ",");
        put_num(s, xy[2 * i + 1]);
    }
    put(s, "\" fill=\"none\"");
    attr_str(s, "stroke", stroke ? stroke : "#000");
    if (stroke_width > 0)
        attr_num(s, "stroke-width", stroke_width);
    attr_str(s, "stroke-dasharray", dash);
    close_shape(s, "polyline", tip);
}

void rg_svg_dashed_line(rg_svg *s, double x1, double y1, double x2, double y2, const char *cls,
                        const char *stroke, double stroke_width, const char *dash, const char *tip)
{
    put(s, "<line");
    attr_str(s, "class", cls);
    attr_num(s, "x1", x1);
    attr_num(s, "y1", y1);
    attr_num(s, "x2", x2);
    attr_num(s, "y2", y2);
    attr_str(s, "stroke", stroke ? stroke : "#000");
    if (stroke_width > 0)
        attr_num(s, "stroke-width", stroke_width);
    attr_str(s, "stroke-dasharray", dash);
    close_shape(s, "line", tip);
}
