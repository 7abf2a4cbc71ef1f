/* jsonflat.c -- a flat JSON object line read without a tree
 * (jsonflat.h). */
#include "jsonflat.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int walk_off;

void rg_jsonflat_test_off(int off)
{
    walk_off = off;
}

/* 1 when s[0..n) holds a byte outside printable ASCII or a backslash. */
static int flat_bad_bytes(const char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    /* signed compares: bytes 0x80-0xFF are below 0x20 too */
    const __m128i lo = _mm_set1_epi8(0x20), hi = _mm_set1_epi8(0x7E), bs = _mm_set1_epi8('\\');
    __m128i bad = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        bad = _mm_or_si128(
            bad, _mm_or_si128(_mm_cmplt_epi8(v, lo),
                              _mm_or_si128(_mm_cmpgt_epi8(v, hi), _mm_cmpeq_epi8(v, bs))));
    }
    if (_mm_movemask_epi8(bad))
        return 1;
#endif
    unsigned b = 0;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        b |= (unsigned)(c < 0x20) | (unsigned)(c > 0x7E) | (unsigned)(c == '\\');
    }
    return b != 0;
}

static int is_dig(char c)
{
    return c >= '0' && c <= '9';
}

/* A JSON number from s[p], strictly by the grammar, with at most 20
 * digits before the exponent and an exponent of one or two digits (so that
 * jansson's strtod cannot overflow where this accepts). Returns its end, or
 * 0 when it is not one; *kind RG_JF_INT or RG_JF_NUMBER. */
static size_t flat_number(const char *s, size_t n, size_t p, int *kind)
{
    int neg = p < n && s[p] == '-';
    p += (size_t)neg;
    if (p >= n || !is_dig(s[p]))
        return 0;
    size_t d0 = p;
    if (s[p] == '0')
        p++;
    else
        while (p < n && is_dig(s[p]))
            p++;
    size_t int_digits = p - d0;
    int plain = 1;
    if (p < n && s[p] == '.') {
        plain = 0;
        size_t f = ++p;
        while (p < n && is_dig(s[p]))
            p++;
        if (p == f)
            return 0;
    }
    if (p - d0 > 20)
        return 0;
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
        plain = 0;
        p++;
        if (p < n && (s[p] == '+' || s[p] == '-'))
            p++;
        size_t e = p;
        while (p < n && is_dig(s[p]))
            p++;
        if (p == e || p - e > 2)
            return 0;
    }
    /* An integer of 19 digits or more may not fit jansson's json_int_t,
     * which fails the line where it does not read integers as reals
     * (rg_logline_read). */
    if (plain && int_digits > 18)
        return 0;
    /* "-0" is a real zero; a long integer is no longer exact as a double */
    if (plain && (int_digits > 15 || (neg && s[d0] == '0')))
        plain = 0;
    *kind = plain ? RG_JF_INT : RG_JF_NUMBER;
    return p;
}

static size_t flat_space(const char *s, size_t n, size_t p)
{
    while (p < n && s[p] == ' ')
        p++;
    return p;
}

/* The most nested objects and arrays inside the line's object; deeper
 * lines are declined (jansson takes 2,048, and such lines are rare). */
#define MAX_DEPTH 32

static size_t value_end(const char *s, size_t n, size_t p, int depth, rg_jsonflat_value *v);

/* The members of the object whose '{' is at s[p]: each value's end checked
 * by the grammar, and, when m is not NULL (the line's own object), the
 * last value of each member the table names noted. Returns the end of the
 * object, or 0 when it is not one this reads. */
static size_t object_end(const char *s, size_t n, size_t p, int depth, rg_jsonflat_key_fn key,
                         rg_jsonflat_value *m)
{
    p = flat_space(s, n, p + 1);
    if (p < n && s[p] == '}')
        return p + 1;
    for (;;) {
        if (p >= n || s[p] != '"')
            return 0;
        size_t ks = p + 1;
        const char *q = memchr(s + ks, '"', n - ks);
        if (!q)
            return 0;
        size_t ke = (size_t)(q - s);
        p = flat_space(s, n, ke + 1);
        if (p >= n || s[p] != ':')
            return 0;
        p = flat_space(s, n, p + 1);
        rg_jsonflat_value v;
        size_t e = value_end(s, n, p, depth, &v);
        if (!e)
            return 0;
        if (m) {
            int k = ke > ks ? key(s + ks, ke - ks) : -1;
            if (k >= 0)
                m[k] = v;
        }
        p = flat_space(s, n, e);
        if (p < n && s[p] == ',') {
            p = flat_space(s, n, p + 1);
            continue;
        }
        return p < n && s[p] == '}' ? p + 1 : 0;
    }
}

static size_t array_end(const char *s, size_t n, size_t p, int depth)
{
    p = flat_space(s, n, p + 1);
    if (p < n && s[p] == ']')
        return p + 1;
    for (;;) {
        rg_jsonflat_value v;
        size_t e = value_end(s, n, p, depth, &v);
        if (!e)
            return 0;
        p = flat_space(s, n, e);
        if (p < n && s[p] == ',') {
            p = flat_space(s, n, p + 1);
            continue;
        }
        return p < n && s[p] == ']' ? p + 1 : 0;
    }
}

/* The end of the value at s[p] (no space before it), its kind and span in
 * *v; 0 when it is not one this reads. */
static size_t value_end(const char *s, size_t n, size_t p, int depth, rg_jsonflat_value *v)
{
    if (p >= n)
        return 0;
    v->s = s + p;
    v->n = 0;
    v->kind = RG_JF_LITERAL;
    char c = s[p];
    size_t e;
    if (c == '"') {
        const char *q = memchr(s + p + 1, '"', n - p - 1);
        if (!q)
            return 0;
        v->s = s + p + 1;
        v->n = (size_t)(q - v->s);
        v->kind = RG_JF_STRING;
        return (size_t)(q - s) + 1;
    }
    if (c == '-' || is_dig(c)) {
        e = flat_number(s, n, p, &v->kind);
        v->n = e ? e - p : 0;
        return e;
    }
    if (c == '{' || c == '[') {
        if (depth >= MAX_DEPTH)
            return 0;
        e = c == '{' ? object_end(s, n, p, depth + 1, NULL, NULL) : array_end(s, n, p, depth + 1);
        v->n = e ? e - p : 0;
        v->kind = RG_JF_NESTED;
        return e;
    }
    if (n - p >= 4 && (memcmp(s + p, "true", 4) == 0 || memcmp(s + p, "null", 4) == 0))
        return p + 4;
    if (n - p >= 5 && memcmp(s + p, "false", 5) == 0)
        return p + 5;
    return 0;
}

int rg_jsonflat_walk(const char *s, size_t n, rg_jsonflat_key_fn key, rg_jsonflat_value *m)
{
    /* Printable ASCII without a backslash: the line as jansson and
     * rg_linejoin_clean leave it, each string as written. */
    if (walk_off || flat_bad_bytes(s, n))
        return 0;
    size_t p = flat_space(s, n, 0);
    if (p >= n || s[p] != '{')
        return 0;
    size_t e = object_end(s, n, p, 0, key, m);
    return e && flat_space(s, n, e) == n;
}
