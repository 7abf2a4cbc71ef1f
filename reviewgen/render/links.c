/* links.c -- the report's link policy and the warning for a dropped link
 * (contract in links.h). */
#include "links.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The byte at s[*i], percent-decoded when it starts "%XX"; advances *i. */
static unsigned char next_byte(const char *s, size_t n, size_t *i)
{
    if (s[*i] == '%' && *i + 2 < n && hexval(s[*i + 1]) >= 0 && hexval(s[*i + 2]) >= 0) {
        unsigned char c = (unsigned char)(hexval(s[*i + 1]) * 16 + hexval(s[*i + 2]));
        *i += 3;
        return c;
    }
    return (unsigned char)s[(*i)++];
}

/* Whether s[0..n), percent-decoded, is "..". */
static int is_dotdot(const char *s, size_t n)
{
    char d[3];
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (k == 2)
            return 0;
        d[k++] = (char)next_byte(s, n, &i);
    }
    return k == 2 && d[0] == '.' && d[1] == '.';
}

static int is_dot(const char *s, size_t n)
{
    size_t i = 0;
    return n > 0 && next_byte(s, n, &i) == '.' && i == n;
}

const char *rg_link_refused(const char *href)
{
    size_t n = strlen(href);
    if (n == 0)
        return "an empty address";
    /* browsers strip spaces around an address and remove tabs and line
     * breaks inside it: " //evil.example" would leave the folder */
    if (href[0] == ' ' || href[n - 1] == ' ')
        return "spaces around the address";
    for (size_t i = 0; i < n;) {
        unsigned char c = next_byte(href, n, &i);
        if (c < 0x20 || c == 0x7F)
            return "a control character in the address";
        if (c == '\\')
            return "a backslash in the address (write '/')";
    }
    if (href[0] == '#')
        return NULL;
    size_t scheme = strcspn(href, ":/?#");
    if (href[scheme] == ':') {
        if ((scheme == 4 && strncasecmp(href, "http", 4) == 0) ||
            (scheme == 5 && strncasecmp(href, "https", 5) == 0) ||
            (scheme == 6 && strncasecmp(href, "mailto", 6) == 0))
            return NULL;
        return "only https:, http:, mailto:, \"#...\" and relative links are kept";
    }
    if (href[0] == '/')
        return href[1] == '/'
                   ? "a link to another host without a scheme (\"//host\"): write https://"
                   : "an absolute path: write the path relative to the report";
    /* the path's segments: ".." only first, once */
    size_t path = strcspn(href, "?#");
    size_t seg = 0, named = 0, up = 0;
    for (size_t i = 0; i <= path; i++) {
        if (i < path && href[i] != '/')
            continue;
        const char *s = href + seg;
        size_t len = i - seg;
        if (is_dotdot(s, len)) {
            if (named > 0)
                return "\"..\" inside the path (only one leading \"../\" is kept)";
            if (++up > 1)
                return "it climbs more than one folder above the report (at most one leading "
                       "\"../\", to a sibling folder)";
        } else if (!is_dot(s, len)) {
            named++;
        }
        seg = i + 1;
    }
    return NULL;
}

void rg_link_warn(rg_diag *diag, const char *name, long line, const char *href, const char *why)
{
    if (!diag)
        return;
    char shown[208];
    size_t n = strlen(href), k = 0;
    for (; k < n && k < 200; k++) {
        unsigned char c = (unsigned char)href[k];
        shown[k] = c < 0x20 || c == 0x7F ? '?' : (char)c;
    }
    if (k < n) {
        /* cut on a character boundary */
        while (k > 0 && ((unsigned char)href[k] & 0xC0) == 0x80)
            k--;
        memcpy(shown + k, "...", 3);
        k += 3;
    }
    shown[k] = '\0';
    size_t dropped = 0;
    for (size_t i = 0; i < diag->n_warnings; i++)
        if (strncmp(diag->warnings[i].key, "link-dropped-", 13) == 0 &&
            strcmp(diag->warnings[i].key, "link-dropped-more") != 0 &&
            (!name || !diag->warnings[i].path || strcmp(diag->warnings[i].path, name) == 0))
            dropped++;
    char key[32];
    if (dropped < RG_LINK_WARNINGS)
        snprintf(key, sizeof(key), "link-dropped-%zu", dropped + 1);
    else
        snprintf(key, sizeof(key), "link-dropped-more");
    rg_diag_warn(diag, name, line > 0 ? line : 0, 0, key, "link to \"%s\" dropped: %s", shown, why);
}
