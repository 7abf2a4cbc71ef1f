/* links.h -- which links a report keeps (README, "Links in the report"),
 * and the warning for each one it drops. One policy for the Markdown's
 * links (render_html.c, before cmark-gfm blanks the unsafe ones), the
 * HTML post-processor's allow-list, and the trend report's links. */
#ifndef RG_LINKS_H
#define RG_LINKS_H

#include "diag.h"

/* A link is kept when it is:
 *   - "#..." (a place in the page);
 *   - http:, https: or mailto: (scheme in any case);
 *   - a relative path to a file next to the report: no scheme (no ':'
 *     before the first '/', '?' or '#'), not "/..." (an absolute path) nor
 *     "//host", no backslash and no control character (also when
 *     percent-encoded), no space around it, and ".." (also "%2e%2e") only
 *     as the first segment, once: "../INC-2101/review.html" reaches a
 *     sibling folder, "../../x" and "a/../../x" are refused.
 * Returns NULL when href may be kept, else why it may not, a phrase for the
 * warning ("the scheme 'javascript:' is not allowed ..."), static. */
const char *rg_link_refused(const char *href);

/* At most this many dropped links get a warning of their own (keys
 * "link-dropped-1"...); the rest are counted under "link-dropped-more". */
#define RG_LINK_WARNINGS 20

/* Counts the warning
 *   NAME:LINE: link to "HREF" dropped: WHY
 * (no line when line <= 0; control characters of href shown as '?', an
 * href over 200 bytes cut with "..."). */
void rg_link_warn(rg_diag *diag, const char *name, long line, const char *href, const char *why);

#endif
