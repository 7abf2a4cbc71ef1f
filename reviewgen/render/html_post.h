/* html_post.h -- cmark-gfm's HTML body made into the report's body with
 * libxml2: heading ids and a table of contents, table classes, local images
 * inlined, remote images dropped with a warning, metric cards from the review
 * model, and an allow-list serialiser that lets nothing through that could
 * run script or load a file (README, "The HTML report"). */
#ifndef RG_HTML_POST_H
#define RG_HTML_POST_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

/* A file of the review's folder held in memory: `build` renders the HTML
 * before its timeline.svg is on disk (outputs are renamed into place last). */
typedef struct rg_html_file {
    const char *name; /* relative to the folder, "timeline.svg" */
    const char *data;
    size_t len;
} rg_html_file;

typedef struct rg_html_post_opts {
    const char *md_name; /* the Markdown's name in warnings; NULL: "review.md" */
    const char *md;      /* the Markdown the body came from, to give a dropped
                          * image its line; NULL: warnings without a line */
    size_t md_len;
    const char *base_dir;      /* the review's folder, where local images are read;
                                * NULL: no folder (local images not in `files` are
                                * dropped with a warning) */
    const rg_html_file *files; /* consulted before base_dir; may be NULL */
    size_t n_files;
    const json_t *model; /* review.json (an object) for the metric cards;
                          * NULL: no cards */
} rg_html_post_opts;

/* One local image is inlined when it is at most this large, and all of a
 * report's inlined images together at most RG_HTML_MAX_INLINED_BYTES: a
 * Markdown file that names one big image a thousand times stays small. */
#define RG_HTML_MAX_IMAGE_BYTES (4 * 1024 * 1024)
#define RG_HTML_MAX_INLINED_BYTES (16 * 1024 * 1024)

/* Post-processes body[0..len), an HTML fragment from cmark-gfm, and returns
 * the fragment the report shows. Caller frees with rg_free(); *out_len gets
 * its length. NULL, with "review.md: ..." in diag, only when out of memory.
 *
 * - h2..h6 get an id: the heading's text folded to lower-case ASCII where a
 *   Latin letter has an ASCII base ("Nguyễn Đức" -> "nguyen-duc"), letters of
 *   other scripts kept, anything else one '-' between words, "section" when
 *   nothing is left; a repeated id gets "-2", "-3"... in document order. The
 *   title (h1) gets none: nothing links to it.
 * - A table of contents, <nav class="toc">, lists the h2 and h3 headings when
 *   there are at least two. With an h2 "What we are changing" the metric
 *   cards go just before it (after what happened and the impact) and the
 *   contents just after its section, so the first screen holds the title,
 *   what happened, the impact, the cards and what we are changing; without
 *   one, cards and contents go before the first h2 or h3.
 * - Metric cards from opts->model: customer impact ("impact_total", the one
 *   headline "how long"), time to detect and to acknowledge ("durations"),
 *   updates to customers ("communication"), each with its definition in a
 *   title attribute (hover) and in a <small> line (print).
 * - Every table gets class="rg-table".
 * - <img>: a local file (a relative path without "..", inside base_dir even
 *   after symbolic links are followed) that is SVG is replaced by the <svg>
 *   element itself, parsed as XML (no network, no entity expansion) and
 *   sanitised: no <script>, <foreignObject>, <style>, animation, <image> or
 *   element of another namespace, no on* attribute, no href but "#...", no
 *   url() but "url(#...)" (a count of what was removed is a warning). A
 *   local PNG, GIF, JPEG or WebP becomes a data: URL. Remote images (http:,
 *   https:, //) are dropped with the warning
 *   "review.md:LINE: remote image 'URL' dropped: the report makes no external requests";
 *   other images that cannot be shown likewise, each saying why. A dropped
 *   image leaves its alt text.
 * - What is written is an allow-list: HTML elements cmark-gfm produces and
 *   the few above; attributes by element; links as links.h allows them
 *   (https:, http:, mailto:, "#..." and relative paths to files beside the
 *   report), any other href left out with the warning
 *   "review.md:LINE: link to \"HREF\" dropped: WHY" (LINE where the href is
 *   first written in opts->md; render_html.c has already dropped the
 *   Markdown's own links with their exact line); images only data:image/png,
 *   gif, jpeg or webp; comments only when they are plain words ("raw HTML
 *   omitted"). Everything else, <script>, <iframe>, <object>, <embed>,
 *   <form>, <base>, <meta> and on* among it, is left out with its content.
 *
 * If title is not NULL it receives the first h1's text (spaces collapsed),
 * rg_malloc'd, or NULL when there is no h1. The same input gives the same
 * bytes. */
char *rg_html_postprocess(const char *body, size_t len, const rg_html_post_opts *opts,
                          size_t *out_len, char **title, rg_diag *diag);

/* Appends the id that a heading with text[0..len) gets before it is made
 * unique (see above). Returns 0, -1 when out of memory. */
int rg_html_slug(rg_buf *out, const char *text, size_t len);

#endif
