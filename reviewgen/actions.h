/* actions.h -- action items raised in the chat: which lines are one. Used by
 * the review model and by recognition ("raised a follow-up"). */
#ifndef RG_ACTIONS_H
#define RG_ACTIONS_H

#include <stddef.h>

#include "manifest.h"

/* The length of the marker ("Action item:", "TODO", ...) that starts the line
 * at text, 0 when none; and whether any line of text starts with one. */
size_t rg_action_marker_len(const rg_manifest *m, const char *text);
int rg_has_action_line(const rg_manifest *m, const char *text);

#endif
