/* svg.h -- a tiny SVG writer for the charts reviewgen draws itself (trend
 * charts, incident timelines): a document, rectangles, lines, circles and
 * text, every string through rg_xml_escape so the output always parses. */
#ifndef RG_SVG_H
#define RG_SVG_H

#include <stddef.h>

#include "arena.h"

/* One document being written. Shapes are appended in drawing order (later
 * ones paint over earlier ones). A failed allocation sets `failed`; later
 * calls do nothing and rg_svg_finish returns NULL, so callers check once. */
typedef struct rg_svg {
    rg_buf buf;
    int failed;
    int open_groups;
} rg_svg;

/* Starts a document width x height (user units = CSS pixels) with viewBox
 * "0 0 width height", role="img" and a <title> (the chart's accessible
 * name, also shown as a tooltip). No XML declaration, so the same text can
 * be a standalone .svg file or be inlined in HTML. */
void rg_svg_begin(rg_svg *s, double width, double height, const char *title);

/* Shapes. `cls` is a class attribute (NULL: none), for tests and styling;
 * colours are presentation attributes so a standalone file needs no
 * stylesheet (NULL: the SVG default). `tip`, when not NULL, becomes a
 * <title> child: the tooltip a reader sees on hover. */
void rg_svg_rect(rg_svg *s, double x, double y, double w, double h, const char *cls,
                 const char *fill, const char *tip);
void rg_svg_line(rg_svg *s, double x1, double y1, double x2, double y2, const char *cls,
                 const char *stroke, double stroke_width);
void rg_svg_circle(rg_svg *s, double cx, double cy, double r, const char *cls, const char *fill,
                   const char *tip);

typedef enum rg_svg_anchor { RG_SVG_START, RG_SVG_MIDDLE, RG_SVG_END } rg_svg_anchor;

/* Text with its baseline at y, anchored at x; size in pixels. */
void rg_svg_text(rg_svg *s, double x, double y, rg_svg_anchor anchor, double size, const char *fill,
                 const char *text);

/* A group (<g>) with an optional class; groups nest and rg_svg_finish
 * closes any left open. */
void rg_svg_group_begin(rg_svg *s, const char *cls);
void rg_svg_group_end(rg_svg *s);

/* Closes the document and returns its text (NUL-terminated, *len bytes),
 * which the caller frees with rg_free(); s is reset. NULL when any call
 * failed (out of memory). */
char *rg_svg_finish(rg_svg *s, size_t *len);
/* Discards an unfinished document. */
void rg_svg_free(rg_svg *s);

/* ---- Added for the incident timeline chart (chart_timeline.c). ---- */

/* A number as the charts write it: at most two decimals, no trailing zeros
 * ("12", "12.5", "-0.25"), "0" for -0, NaN and infinities; byte for byte
 * what "%.2f" gives, trimmed. buf holds RG_SVG_NUM_MAX bytes; returns the
 * length written. */
#define RG_SVG_NUM_MAX 330
size_t rg_svg_format_num(char *buf, double v);

/* As rg_svg_begin, and also an aria-label (the title) on the root for
 * screen readers that ignore <title>, and a <desc> (NULL: none) with the
 * longer text description. */
void rg_svg_begin_described(rg_svg *s, double width, double height, const char *title,
                            const char *desc);

/* A closed polygon through n points, xy = {x0, y0, x1, y1, ...}; cls, fill
 * and tip as for rg_svg_rect. */
void rg_svg_polygon(rg_svg *s, const double *xy, size_t n, const char *cls, const char *fill,
                    const char *tip);

/* ---- Added for the metric lanes of the incident timeline chart. ---- */

/* An open line through n points, xy = {x0, y0, x1, y1, ...}, not filled;
 * dash, when not NULL, is a stroke-dasharray ("4 3"); cls and tip as for
 * rg_svg_rect. */
void rg_svg_polyline(rg_svg *s, const double *xy, size_t n, const char *cls, const char *stroke,
                     double stroke_width, const char *dash, const char *tip);

/* rg_svg_line with a stroke-dasharray (dash, e.g. "4 3") and a tooltip;
 * either may be NULL (none): rg_svg_line is this with both NULL. */
void rg_svg_dashed_line(rg_svg *s, double x1, double y1, double x2, double y2, const char *cls,
                        const char *stroke, double stroke_width, const char *dash, const char *tip);

#endif
