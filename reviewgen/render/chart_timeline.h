/* chart_timeline.h -- the incident timeline as an SVG chart drawn by
 * reviewgen: a lane per source, the impact window shaded, every milestone
 * marked and labelled, log errors as a histogram (README, "Timeline chart"). */
#ifndef RG_CHART_TIMELINE_H
#define RG_CHART_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "diag.h"

/* The chart's width in user units: A4 text width at 96 dpi is about 700 px,
 * so a 1000-unit viewBox scaled down keeps 11-unit text at about 8 pt. */
#define RG_CHART_TIMELINE_WIDTH 1000.0

/* The time axis: instants from_us..to_us map linearly onto x0..x1. Both ends
 * lie on multiples of tick_us since the epoch (so ticks fall on 14:00,
 * 14:30, ... UTC), and bin_us, the histogram's bin, divides tick_us. */
typedef struct rg_chart_scale {
    int64_t from_us, to_us;
    int64_t tick_us;
    int64_t bin_us;
    double x0, x1;
} rg_chart_scale;

/* Chooses the axis for b: the span of its kept events and present
 * milestones, widened to at least ten minutes and rounded out to whole
 * ticks. Returns 0 with *sc filled, or -1 when there is nothing to place
 * (no event, no milestone); *sc is then zeroed. */
int rg_chart_timeline_scale(const rg_build *b, rg_chart_scale *sc);

/* The x coordinate of at_us on the axis (outside the axis it extrapolates). */
double rg_chart_timeline_x(const rg_chart_scale *sc, int64_t at_us);

/* Draws b's timeline: one <g class="lane"> per source of b->sources (in
 * their order), marks per event kind (class "mark" and "alert", "page",
 * "status", "chat", "log-error", "log-warning", "log" or "other"),
 * <rect class="impact"> from started to mitigated (class "impact open", to
 * the axis end, when mitigated has no evidence; none without started), one
 * <g class="milestone"> per present milestone, <rect class="bar"> per
 * histogram bin with log.error events, and the UTC time axis. Every string
 * from the inputs goes through rg_xml_escape, so the document always parses;
 * the same build gives the same bytes. A build with nothing in it gives a
 * small chart that says so.
 *
 * Returns the SVG document (no XML declaration, so it can also be inlined in
 * HTML), NUL-terminated, its length in *len (len may be NULL). Caller frees
 * with rg_free(). NULL when out of memory, with the error in diag (diag may
 * be NULL). */
char *rg_chart_timeline(const rg_build *b, size_t *len, rg_diag *diag);

#endif
