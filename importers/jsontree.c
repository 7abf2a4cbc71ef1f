/* jsontree.c -- one JSON value read into jansson's tree by our own lexer, or
 * declined (jsontree.h). */
#include "jsontree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonflat.h"
#include "utf8.h"
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int tree_off;

void rg_jsontree_test_off(int off)
{
    tree_off = off;
}

/* Deeper values are declined; jansson takes 2,048 and such records are rare. */
#define MAX_DEPTH 64

typedef struct lexer {
    const char *s;
    size_t n;
    size_t flags;
} lexer;

static size_t skip_space(const lexer *x, size_t p)
{
    while (p < x->n && (x->s[p] == ' ' || x->s[p] == '\n' || x->s[p] == '\r' || x->s[p] == '\t'))
        p++;
    return p;
}

/* The first byte of s[p..n) that is '"', '\\' or a control byte (below
 * 0x20), or n; *high set when a byte at or past 0x80 comes before it. */
static size_t string_stop(const char *s, size_t n, size_t p, int *high)
{
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'),
                  space = _mm_set1_epi8(0x20), minus1 = _mm_set1_epi8(-1);
    for (; p + 16 <= n; p += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        /* signed: the control bytes are those at least 0 and below 0x20 */
        __m128i stop =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, slash)),
                         _mm_and_si128(_mm_cmplt_epi8(v, space), _mm_cmpgt_epi8(v, minus1)));
        unsigned m = (unsigned)_mm_movemask_epi8(stop), top = (unsigned)_mm_movemask_epi8(v);
        if (m) {
            unsigned at = (unsigned)__builtin_ctz(m);
            *high |= (top & ((1u << at) - 1)) != 0;
            return p + at;
        }
        *high |= top != 0;
    }
#endif
    for (; p < n; p++) {
        unsigned char c = (unsigned char)s[p];
        if (c == '"' || c == '\\' || c < 0x20)
            return p;
        *high |= c >= 0x80;
    }
    return n;
}

/* The string whose '"' is at s[p]: *end past its closing quote, its body
 * s[p + 1 .. *end - 1) as written, *escaped when it holds an escape.
 * Returns 0, or -1 when jansson would reject it or it is declined: a
 * control byte, bytes that are not UTF-8 (jansson's rule is
 * rg_utf8_len's), a bad escape, \u0000, a surrogate that does not pair. */
static int string_at(const lexer *x, size_t p, size_t *end, int *escaped)
{
    const char *s = x->s;
    size_t i = p + 1;
    int high = 0;
    *escaped = 0;
    for (;;) {
        i = string_stop(s, x->n, i, &high);
        if (i >= x->n || (unsigned char)s[i] < 0x20)
            return -1;
        if (s[i] == '"')
            break;
        *escaped = 1;
        i = rg_jsonflat_escape_end(s, x->n, i);
        if (!i)
            return -1;
    }
    if (high && !rg_utf8_valid((const unsigned char *)s + p + 1, i - p - 1))
        return -1;
    *end = i + 1;
    return 0;
}

static json_t *string_value(const lexer *x, size_t p, size_t *end)
{
    int escaped;
    if (string_at(x, p, end, &escaped) < 0)
        return NULL;
    const char *body = x->s + p + 1;
    size_t len = *end - p - 2;
    if (!escaped)
        return json_stringn_nocheck(body, len);
    char small[256];
    char *buf = len <= sizeof(small) ? small : malloc(len);
    if (!buf)
        return NULL;
    json_t *v = json_stringn_nocheck(buf, rg_jsonflat_unescape(body, len, buf));
    if (buf != small)
        free(buf);
    return v;
}

/* The number at s[p], by the grammar: an integer of up to 18 digits read
 * here (it cannot overflow), a real (or any number under
 * JSON_DECODE_INT_AS_REAL) by strtod, as jansson reads them. */
static json_t *number_value(const lexer *x, size_t p, size_t *end)
{
    rg_json_number m;
    if (!rg_json_number_scan(x->s, x->n, p, &m))
        return NULL;
    *end = m.end;
    if (!m.real && !(x->flags & JSON_DECODE_INT_AS_REAL)) {
        if (m.int_digits > 18)
            return NULL;
        json_int_t v = 0;
        for (size_t i = m.first; i < m.end; i++)
            v = v * 10 + (x->s[i] - '0');
        return json_integer(m.neg ? -v : v);
    }
    char tmp[64];
    if (m.end - p >= sizeof(tmp))
        return NULL;
    memcpy(tmp, x->s + p, m.end - p);
    tmp[m.end - p] = '\0';
    char *stop;
    double d = strtod(tmp, &stop);
    if (stop != tmp + (m.end - p) || isinf(d))
        return NULL;
    return json_real(d);
}

static json_t *value_at(const lexer *x, size_t p, int depth, size_t *end);

static json_t *object_value(const lexer *x, size_t p, int depth, size_t *end)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    p = skip_space(x, p + 1);
    if (p < x->n && x->s[p] == '}') {
        *end = p + 1;
        return o;
    }
    for (;;) {
        size_t kend;
        int escaped;
        if (p >= x->n || x->s[p] != '"' || string_at(x, p, &kend, &escaped) < 0 || escaped)
            break;
        size_t ks = p + 1, kn = kend - p - 2;
        p = skip_space(x, kend);
        if (p >= x->n || x->s[p] != ':')
            break;
        json_t *v = value_at(x, skip_space(x, p + 1), depth, &p);
        if (!v || json_object_setn_new_nocheck(o, x->s + ks, kn, v) < 0)
            break;
        p = skip_space(x, p);
        if (p < x->n && x->s[p] == ',') {
            p = skip_space(x, p + 1);
            continue;
        }
        if (p < x->n && x->s[p] == '}') {
            *end = p + 1;
            return o;
        }
        break;
    }
    json_decref(o);
    return NULL;
}

static json_t *array_value(const lexer *x, size_t p, int depth, size_t *end)
{
    json_t *a = json_array();
    if (!a)
        return NULL;
    p = skip_space(x, p + 1);
    if (p < x->n && x->s[p] == ']') {
        *end = p + 1;
        return a;
    }
    for (;;) {
        json_t *v = value_at(x, p, depth, &p);
        if (!v || json_array_append_new(a, v) < 0)
            break;
        p = skip_space(x, p);
        if (p < x->n && x->s[p] == ',') {
            p = skip_space(x, p + 1);
            continue;
        }
        if (p < x->n && x->s[p] == ']') {
            *end = p + 1;
            return a;
        }
        break;
    }
    json_decref(a);
    return NULL;
}

/* The value at s[p] (no space before it), *end past it; NULL declines. */
static json_t *value_at(const lexer *x, size_t p, int depth, size_t *end)
{
    if (p >= x->n)
        return NULL;
    const char *s = x->s + p;
    size_t left = x->n - p;
    switch (*s) {
    case '"':
        return string_value(x, p, end);
    case '{':
        return depth < MAX_DEPTH ? object_value(x, p, depth + 1, end) : NULL;
    case '[':
        return depth < MAX_DEPTH ? array_value(x, p, depth + 1, end) : NULL;
    case 't':
        *end = p + 4;
        return left >= 4 && memcmp(s, "true", 4) == 0 ? json_true() : NULL;
    case 'f':
        *end = p + 5;
        return left >= 5 && memcmp(s, "false", 5) == 0 ? json_false() : NULL;
    case 'n':
        *end = p + 4;
        return left >= 4 && memcmp(s, "null", 4) == 0 ? json_null() : NULL;
    default:
        return number_value(x, p, end);
    }
}

json_t *rg_jsontree_load(const char *s, size_t n, size_t flags)
{
    const size_t known =
        JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL;
    if (tree_off || (flags & ~known))
        return NULL;
    lexer x = {s, n, flags};
    size_t p = skip_space(&x, 0), end = 0;
    if (p >= n || (!(flags & JSON_DECODE_ANY) && s[p] != '{' && s[p] != '['))
        return NULL;
    json_t *v = value_at(&x, p, 0, &end);
    if (v && skip_space(&x, end) != n) {
        json_decref(v);
        return NULL;
    }
    return v;
}

json_t *rg_json_loadb(const char *s, size_t n, size_t flags, json_error_t *err)
{
    json_t *v = rg_jsontree_load(s, n, flags);
    return v ? v : json_loadb(s, n, flags, err);
}
