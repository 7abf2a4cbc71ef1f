/* jsonflat.c -- a flat JSON object line read without a tree
 * (jsonflat.h). */
#include "jsonflat.h"

#include <string.h>

#include "utf8.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int walk_off;

void rg_jsonflat_test_off(int off)
{
    walk_off = off;
}

/* 1 when s[0..n) holds a control byte (below 0x20, or DEL) or is not
 * valid UTF-8 (rg_utf8_decode's strict rule, which jansson's matches:
 * no overlong forms, no surrogates, nothing over U+10FFFF). A valid line
 * is then its own clean copy (rg_linejoin_clean changes only bad bytes and
 * NULs), and jansson's strings are its bytes. */
static int flat_bad_bytes(const char *s, size_t n)
{
    size_t i = 0;
    int high = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F),
                  minus1 = _mm_set1_epi8(-1);
    __m128i ctrl = _mm_setzero_si128(), top = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* signed: 0x00-0x1F are the bytes at least 0 and below 0x20 */
        ctrl = _mm_or_si128(
            ctrl, _mm_or_si128(_mm_and_si128(_mm_cmplt_epi8(v, space), _mm_cmpgt_epi8(v, minus1)),
                               _mm_cmpeq_epi8(v, del)));
        top = _mm_or_si128(top, v);
    }
    if (_mm_movemask_epi8(ctrl))
        return 1;
    high = _mm_movemask_epi8(top) != 0;
#endif
    unsigned b = 0, h = 0;
    for (size_t k = i; k < n; k++) {
        unsigned char c = (unsigned char)s[k];
        b |= (unsigned)(c < 0x20) | (unsigned)(c == 0x7F);
        h |= c;
    }
    if (b)
        return 1;
    if (!high && !(h & 0x80))
        return 0;
    return !rg_utf8_valid((const unsigned char *)s, n);
}

static int is_dig(char c)
{
    return c >= '0' && c <= '9';
}

int rg_json_number_scan(const char *s, size_t n, size_t p, rg_json_number *m)
{
    memset(m, 0, sizeof(*m));
    m->neg = p < n && s[p] == '-';
    p += (size_t)m->neg;
    if (p >= n || !is_dig(s[p]))
        return 0;
    size_t d0 = m->first = p;
    if (s[p] == '0')
        p++;
    else
        while (p < n && is_dig(s[p]))
            p++;
    m->int_digits = p - d0;
    if (p < n && s[p] == '.') {
        m->real = 1;
        size_t f = ++p;
        while (p < n && is_dig(s[p]))
            p++;
        if (p == f)
            return 0;
    }
    m->mantissa = p - d0;
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
        m->real = 1;
        p++;
        if (p < n && (s[p] == '+' || s[p] == '-'))
            p++;
        size_t e = p;
        while (p < n && is_dig(s[p]))
            p++;
        if (p == e)
            return 0;
        m->exp_digits = p - e;
    }
    m->end = p;
    return 1;
}

/* A JSON number from s[p], strictly by the grammar, with at most 20
 * digits before the exponent and an exponent of one or two digits (so that
 * jansson's strtod cannot overflow where this accepts). Returns its end, or
 * 0 when it is not one; *kind RG_JF_INT or RG_JF_NUMBER. */
static size_t flat_number(const char *s, size_t n, size_t p, int *kind)
{
    rg_json_number m;
    if (!rg_json_number_scan(s, n, p, &m) || m.mantissa > 20 || m.exp_digits > 2)
        return 0;
    int plain = !m.real;
    /* An integer of 19 digits or more may not fit jansson's json_int_t,
     * which fails the line where it does not read integers as reals
     * (rg_logline_read). */
    if (plain && m.int_digits > 18)
        return 0;
    /* "-0" is a real zero; a long integer is no longer exact as a double */
    if (plain && (m.int_digits > 15 || (m.neg && s[m.first] == '0')))
        plain = 0;
    *kind = plain ? RG_JF_INT : RG_JF_NUMBER;
    return m.end;
}

static size_t flat_space(const char *s, size_t n, size_t p)
{
    while (p < n && s[p] == ' ')
        p++;
    return p;
}

static int hex4(const char *s, size_t n, size_t p, unsigned *u)
{
    if (p + 4 > n)
        return 0;
    *u = 0;
    for (size_t i = p; i < p + 4; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return 0;
        *u = *u * 16 + d;
    }
    return 1;
}

size_t rg_jsonflat_escape_end(const char *s, size_t n, size_t i)
{
    if (i + 1 >= n)
        return 0;
    char c = s[i + 1];
    if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
        c == 't')
        return i + 2;
    unsigned u, u2;
    if (c != 'u' || !hex4(s, n, i + 2, &u) || u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
        return 0;
    i += 6;
    if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 1 >= n || s[i] != '\\' || s[i + 1] != 'u' || !hex4(s, n, i + 2, &u2) ||
            u2 < 0xDC00 || u2 > 0xDFFF)
            return 0;
        i += 6;
    }
    return i;
}

/* The index after the closing quote of the string whose '"' is at s[p],
 * its escapes checked as jansson reads them (*escaped 1 when it has one),
 * or 0 when it is not a string this reads: \u0000 (a NUL, which callers
 * replace) and surrogates that do not pair are left to jansson. */
static size_t string_end(const char *s, size_t n, size_t p, int *escaped)
{
    size_t i = p + 1;
    *escaped = 0;
    for (;;) {
        const char *q = i < n ? memchr(s + i, '"', n - i) : NULL;
        if (!q)
            return 0;
        size_t e = (size_t)(q - s);
        const char *b = memchr(s + i, '\\', e - i);
        if (!b)
            return e + 1;
        *escaped = 1;
        i = rg_jsonflat_escape_end(s, n, (size_t)(b - s));
        if (!i)
            return 0;
    }
}

size_t rg_jsonflat_unescape(const char *s, size_t n, char *out)
{
    size_t i = 0, o = 0;
    while (i < n) {
        if (s[i] != '\\') {
            out[o++] = s[i++];
            continue;
        }
        char c = s[i + 1];
        i += 2;
        switch (c) {
        case 'b':
            out[o++] = '\b';
            continue;
        case 'f':
            out[o++] = '\f';
            continue;
        case 'n':
            out[o++] = '\n';
            continue;
        case 'r':
            out[o++] = '\r';
            continue;
        case 't':
            out[o++] = '\t';
            continue;
        case 'u':
            break;
        default: /* '"', '\\', '/' */
            out[o++] = c;
            continue;
        }
        unsigned u, u2;
        hex4(s, n, i, &u);
        i += 4;
        if (u >= 0xD800 && u <= 0xDBFF) { /* the walk checked that its pair follows */
            hex4(s, n, i + 2, &u2);
            i += 6;
            u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
        }
        if (u < 0x80) {
            out[o++] = (char)u;
        } else if (u < 0x800) {
            out[o++] = (char)(0xC0 | (u >> 6));
            out[o++] = (char)(0x80 | (u & 0x3F));
        } else if (u < 0x10000) {
            out[o++] = (char)(0xE0 | (u >> 12));
            out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (u & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | (u >> 18));
            out[o++] = (char)(0x80 | ((u >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (u & 0x3F));
        }
    }
    return o;
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
        int escaped;
        size_t kend = string_end(s, n, p, &escaped);
        if (!kend || escaped) /* a name written with escapes: jansson's to read */
            return 0;
        size_t ke = kend - 1;
        p = flat_space(s, n, kend);
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
    v->escaped = 0;
    char c = s[p];
    size_t e;
    if (c == '"') {
        e = string_end(s, n, p, &v->escaped);
        if (!e)
            return 0;
        v->s = s + p + 1;
        v->n = e - p - 2;
        v->kind = RG_JF_STRING;
        return e;
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
    /* No control byte, valid UTF-8: the line as rg_linejoin_clean leaves
     * it, and no string jansson would find bad UTF-8 in. */
    if (walk_off || flat_bad_bytes(s, n))
        return 0;
    size_t p = flat_space(s, n, 0);
    if (p >= n || s[p] != '{')
        return 0;
    size_t e = object_end(s, n, p, 0, key, m);
    return e && flat_space(s, n, e) == n;
}
