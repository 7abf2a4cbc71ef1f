/* common.c -- small helpers every importer shares: origins, time texts and
 * UTF-8 repair. */
#include "importer.h"

#include <string.h>

const char *rg_origin(rg_arena *a, const char *path, long line)
{
    return rg_arena_printf(a, "%s:%ld", path, line);
}

const char *rg_time_text(rg_arena *a, const char *text, size_t len, const rg_source *src,
                         int flags)
{
    if (flags & RG_TIME_LOCAL)
        return rg_arena_printf(a, "%.*s (%s assumed)", (int)len, text, rg_tz_name(src->zone));
    return rg_arena_strndup(a, text, len);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. Rejects
 * overlong forms, surrogates and code points past U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

char *rg_utf8_clean(rg_arena *a, const char *s, size_t len, size_t *n_bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq(u + i, len - i);
        if (n == 0) {
            bad++;
            i++;
        } else {
            i += n;
        }
    }
    if (n_bad)
        *n_bad += bad;
    if (bad == 0)
        return rg_arena_strndup(a, s, len);
    char *out = rg_arena_alloc(a, len + bad * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq(u + i, len - i);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return out;
}
