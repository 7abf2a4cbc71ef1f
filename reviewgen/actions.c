/* actions.c -- action items raised in the chat: the markers ("Action item:",
 * "TODO", ...) that make a chat line one (README, "Outputs"). */
#include "actions.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Length of the action-item marker that starts the line at text ("Action
 * item:", "TODO", "AI:", "follow-up"), including the spaces before it and the
 * separators after it; 0 when none. Matched case-insensitively at the start
 * of a line only, so a line that merely mentions a follow-up is not one. */
size_t rg_action_marker_len(const rg_manifest *m, const char *text)
{
    const char *start = text;
    while (*text == ' ' || *text == '\t')
        text++;
    for (size_t i = 0; i < m->phrases.n_action; i++) {
        const char *p = m->phrases.action[i];
        size_t n = strlen(p);
        if (n == 0 || strncasecmp(text, p, n) != 0)
            continue;
        /* the marker must end at a word boundary: "TODOs" is not "TODO" */
        if (isalnum((unsigned char)p[n - 1]) && isalnum((unsigned char)text[n]))
            continue;
        while (text[n] == ':' || text[n] == ' ' || text[n] == '-' || text[n] == '\t')
            n++;
        if (text[n] == '\0' || text[n] == '\n' || text[n] == '\r')
            return 0;
        return (size_t)(text - start) + n;
    }
    return 0;
}

int rg_has_action_line(const rg_manifest *m, const char *text)
{
    for (const char *line = text; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        if (rg_action_marker_len(m, line))
            return 1;
    }
    return 0;
}
