/* fold.c -- case- and accent-insensitive comparison of what people wrote,
 * through utf8proc (README, "Recognition"): one folding for names, aliases,
 * mentions, action items and recurring contributing factors. */
#include "fold.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "utf8.h"

/* Letters that Unicode does not decompose into a base letter and a mark, so
 * stripping marks leaves them as they are; people type the base letter for
 * them ("Dang" for "Đặng"). Applied before case folding, so both cases are
 * listed. */
static utf8proc_int32_t base_letter(utf8proc_int32_t cp, void *data)
{
    (void)data;
    switch (cp) {
    case 0x0110: /* Đ */
    case 0x0111: /* đ */
    case 0x00D0: /* Ð */
    case 0x00F0: /* ð */
        return 'd';
    case 0x00D8: /* Ø */
    case 0x00F8: /* ø */
        return 'o';
    case 0x0141: /* Ł */
    case 0x0142: /* ł */
        return 'l';
    case 0x0126: /* Ħ */
    case 0x0127: /* ħ */
        return 'h';
    case 0x0131: /* dotless ı */
        return 'i';
    default:
        return cp;
    }
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Copies src into a new buffer with runs of white space made one space and
 * the ends trimmed. */
static char *collapse(const char *src, size_t len)
{
    char *out = rg_malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int pending = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (is_space(c)) {
            pending = o > 0;
            continue;
        }
        if (pending)
            out[o++] = ' ';
        pending = 0;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

/* The fallback for text that is not UTF-8: ASCII lower case only. */
static char *ascii_fold(const char *s, size_t len)
{
    char *tmp = rg_malloc(len + 1);
    if (!tmp)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        tmp[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    char *out = collapse(tmp, len);
    rg_free(tmp);
    return out;
}

char *rg_fold(const char *s, size_t len)
{
    if (!s)
        return NULL;
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
            UTF8PROC_STRIPMARK | UTF8PROC_LUMP | UTF8PROC_IGNORE,
        base_letter, NULL);
    if (n < 0) {
        /* utf8proc allocates with malloc; nothing is left when it fails */
        if (n == UTF8PROC_ERROR_NOMEM)
            return NULL;
        return ascii_fold(s, len);
    }
    char *out = collapse((const char *)mapped, (size_t)n);
    free(mapped);
    return out;
}

int rg_fold_equal(const char *a, const char *b)
{
    char *fa = rg_fold(a, strlen(a)), *fb = rg_fold(b, strlen(b));
    int eq = fa && fb && strcmp(fa, fb) == 0;
    rg_free(fa);
    rg_free(fb);
    return eq;
}

int rg_fold_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c >= 0x80;
}

#define word_byte rg_fold_word_byte

int rg_fold_has_word(const char *hay, const char *needle)
{
    return rg_fold_find_word(hay, needle) != NULL;
}

const char *rg_fold_find_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return NULL;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
        /* the needle's own end bytes decide whether a boundary is needed, as
         * with \b: "@minh" needs none before its '@' */
        int need_before = word_byte((unsigned char)needle[0]);
        int need_after = word_byte((unsigned char)needle[n - 1]);
        if (need_before && p > hay && word_byte((unsigned char)p[-1]))
            continue;
        if (need_after && word_byte((unsigned char)p[n]))
            continue;
        return p;
    }
    return NULL;
}

#define MAX_CHARS 256

/* Decodes s into code points (at most MAX_CHARS); -1 when longer. */
static int decode(const char *s, uint32_t *cps)
{
    size_t len = strlen(s);
    int n = 0;
    for (size_t i = 0; i < len;) {
        if (n == MAX_CHARS)
            return -1;
        uint32_t cp;
        int k = rg_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (k < 0) {
            cp = 0xFFFD;
            k = -k;
        }
        cps[n++] = cp;
        i += (size_t)k;
    }
    return n;
}

size_t rg_edit_distance(const char *a, const char *b)
{
    uint32_t *ca = rg_malloc(2 * MAX_CHARS * sizeof(*ca));
    size_t *d = rg_malloc((MAX_CHARS + 1) * (MAX_CHARS + 1) * sizeof(*d));
    size_t result = (size_t)-1;
    if (!ca || !d)
        goto done;
    uint32_t *cb = ca + MAX_CHARS;
    int na = decode(a, ca), nb = decode(b, cb);
    if (na < 0 || nb < 0)
        goto done;
    size_t w = (size_t)nb + 1;
    for (int i = 0; i <= na; i++)
        d[(size_t)i * w] = (size_t)i;
    for (int j = 0; j <= nb; j++)
        d[j] = (size_t)j;
    for (int i = 1; i <= na; i++)
        for (int j = 1; j <= nb; j++) {
            size_t cost = ca[i - 1] != cb[j - 1];
            size_t best = d[(size_t)(i - 1) * w + (size_t)j] + 1;
            if (d[(size_t)i * w + (size_t)(j - 1)] + 1 < best)
                best = d[(size_t)i * w + (size_t)(j - 1)] + 1;
            if (d[(size_t)(i - 1) * w + (size_t)(j - 1)] + cost < best)
                best = d[(size_t)(i - 1) * w + (size_t)(j - 1)] + cost;
            if (i > 1 && j > 1 && ca[i - 1] == cb[j - 2] && ca[i - 2] == cb[j - 1] &&
                d[(size_t)(i - 2) * w + (size_t)(j - 2)] + 1 < best)
                best = d[(size_t)(i - 2) * w + (size_t)(j - 2)] + 1;
            d[(size_t)i * w + (size_t)j] = best;
        }
    result = d[(size_t)na * w + (size_t)nb];
done:
    rg_free(ca);
    rg_free(d);
    return result;
}

/* Characters in s (UTF-8). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* 1 when a and b (folded) have a word of three characters or more in common. */
static int share_word(const char *a, const char *b)
{
    const char *p = a;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n == 0)
            break;
        char word[128];
        if (n < sizeof(word)) {
            memcpy(word, p, n);
            word[n] = '\0';
            if (chars(word) >= 3 && rg_fold_has_word(b, word))
                return 1;
        }
        p += n;
    }
    return 0;
}

int rg_fold_near(const char *name, const char *candidate)
{
    char *a = rg_fold(name, strlen(name)), *b = rg_fold(candidate, strlen(candidate));
    int near = 0;
    if (a && b && strcmp(a, b) != 0) {
        size_t la = chars(a), lb = chars(b);
        size_t limit = (la < lb ? la : lb) / 3;
        if (limit < 2)
            limit = 2;
        size_t dist = rg_edit_distance(a, b);
        near = dist <= limit || share_word(a, b);
    }
    rg_free(a);
    rg_free(b);
    return near;
}
