/* signature.c -- a line's signature, its marked words and its cluster key
 * (signature.h). The key runs for every folded line, so it is computed from
 * bit masks of the text, sixteen bytes to an SSE2 compare, instead of a
 * branch a byte: the byte loop cost 40 % of a whole-day build of a 1 GiB
 * syslog (README, "Evidence of any size"). */
#include "signature.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t rg_signature(const char *text, size_t n, char *buf, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n && text[i] && o + 1 < cap;) {
        if (!is_alnum((unsigned char)text[i])) {
            buf[o++] = text[i++];
            continue;
        }
        size_t j = i;
        int digit = 0;
        while (j < n && text[j] && is_alnum((unsigned char)text[j]))
            digit |= text[j++] <= '9';
        if (digit) {
            buf[o++] = '#';
        } else {
            while (i < j && o + 1 < cap)
                buf[o++] = text[i++];
        }
        i = j;
    }
    buf[o] = '\0';
    return o;
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* The rule's word list (README, "Evidence of any size"): stems matched at
 * the start of a word, so "deploy" marks "deployed" and "deployment". */
static const char *const marks[] = {"deploy",      "restart",  "reboot",      "rollback",
                                    "rolled back", "failover", "failed over", "promoted",
                                    "promoting",   "shutdown", "shut down",   "shutting down"};

/* 1 when text[i..n) starts with a stem (any case); i starts a word. Only the
 * stems with text[i]'s first letter are compared. */
static int mark_at(const char *text, size_t n, size_t i)
{
    static const signed char by_d[] = {0, -1}, by_r[] = {1, 2, 3, 4, -1}, by_f[] = {5, 6, -1},
                             by_p[] = {7, 8, -1}, by_s[] = {9, 10, 11, -1};
    const signed char *cand;
    switch (lower((unsigned char)text[i])) {
    case 'd':
        cand = by_d;
        break;
    case 'r':
        cand = by_r;
        break;
    case 'f':
        cand = by_f;
        break;
    case 'p':
        cand = by_p;
        break;
    case 's':
        cand = by_s;
        break;
    default:
        return 0;
    }
    /* The first four bytes at once, lower-cased by OR 0x20 (exact here: no
     * stem has a byte that OR 0x20 could reach from another), then the rest. */
    uint32_t head = 0;
    int have_head = i + 4 <= n;
    if (have_head) {
        memcpy(&head, text + i, 4);
        head |= UINT32_C(0x20202020);
    }
    for (; *cand >= 0; cand++) {
        const char *m = marks[*cand];
        if (have_head) {
            uint32_t want;
            memcpy(&want, m, 4);
            if (want != head)
                continue;
        }
        size_t j = 1;
        while (m[j] && i + j < n && lower((unsigned char)text[i + j]) == (unsigned char)m[j])
            j++;
        if (!m[j])
            return 1;
    }
    return 0;
}

/* Bytes that start a stem: d, r, f, s, p in either case. */
static const unsigned char mark_first[256] = {
    ['d'] = 1, ['r'] = 1, ['f'] = 1, ['s'] = 1, ['p'] = 1,
    ['D'] = 1, ['R'] = 1, ['F'] = 1, ['S'] = 1, ['P'] = 1,
};

/* mark_at with the stems' first four bytes compared first, as one load and
 * seven compares: most words that start with d, r, f, s or p are not marks,
 * and mark_at's walk over its lists cost 9 % of a whole-day build. Inline,
 * so that a rejected word (1.3 a syslog line: "request", "region") costs no
 * call. */
static inline int mark_at_fast(const char *text, size_t n, size_t i)
{
    if (i + 4 <= n) {
#define HEAD(a, b, c, d)                                                                           \
    ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
        uint32_t w;
        memcpy(&w, text + i, 4);
        w |= UINT32_C(0x20202020);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap32(w);
#endif
        if (w != HEAD('d', 'e', 'p', 'l') && w != HEAD('r', 'e', 's', 't') &&
            w != HEAD('r', 'e', 'b', 'o') && w != HEAD('r', 'o', 'l', 'l') &&
            w != HEAD('f', 'a', 'i', 'l') && w != HEAD('p', 'r', 'o', 'm') &&
            w != HEAD('s', 'h', 'u', 't'))
            return 0;
#undef HEAD
    }
    return mark_at(text, n, i);
}

int rg_signature_marked(const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!mark_first[(unsigned char)text[i]])
            continue;
        if (i > 0 && is_alnum((unsigned char)text[i - 1]))
            continue;
        if (mark_at_fast(text, n, i))
            return 1;
    }
    return 0;
}

/* One step of the key: a multiply and a shift, so that a word's high bits
 * reach the low ones a hash table's slot is taken from. */
static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

/* The key of a signature, built from its pieces: the signature is split at
 * its '#' bytes into segments (empty ones too: "a##b" has three), and each
 * segment gives its length, then its bytes eight at a time, the last ones
 * padded with zero bytes. Splitting and lengths make the pieces tell the
 * signature apart: two give the same pieces only when they are equal. Each
 * piece is mixed with its place on its own and the results summed, so the
 * multiplies do not wait for each other (one chain of them cost 5 % of a
 * whole-day build), and the fast path reads a segment's bytes straight from
 * the text, where the signature is never written out. */
typedef struct keysum {
    uint64_t acc, place;
} keysum;

static inline void piece(keysum *k, uint64_t w)
{
    k->place += UINT64_C(0xD6E8FEB86659FD93);
    k->acc += mix(w, k->place);
}

/* Eight bytes or fewer of s as one number, the first byte lowest. */
static inline uint64_t bytes_le(const unsigned char *s, size_t len)
{
    uint64_t w = 0;
    for (size_t b = 0; b < len; b++)
        w |= (uint64_t)s[b] << (8 * b);
    return w;
}

uint64_t rg_signature_join(uint64_t h, uint64_t acc)
{
    return mix(h, acc);
}

static uint64_t acc_ref(const char *text, size_t n, int *marked)
{
    char sig[RG_SIGNATURE_MAX];
    size_t len = rg_signature(text, n, sig, sizeof(sig));
    if (marked)
        *marked = rg_signature_marked(text, n);
    keysum k = {0, 0};
    for (size_t p = 0;;) {
        const char *hash = memchr(sig + p, '#', len - p);
        size_t q = hash ? (size_t)(hash - sig) : len;
        piece(&k, q - p);
        for (; p < q; p += 8)
            piece(&k, bytes_le((const unsigned char *)sig + p, q - p < 8 ? q - p : 8));
        if (!hash)
            break;
        p = q + 1;
    }
    return k.acc;
}

uint64_t rg_signature_key_ref(uint64_t h, const char *text, size_t n, int *marked)
{
    return mix(h, acc_ref(text, n, marked));
}

#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__

#define WORDS (RG_SIGNATURE_MAX / 64)

/* A mask of the bytes of x in [lo, hi], one bit a byte: the bytes are moved
 * so that lo lands on -128 and compared as signed, so a range costs one add
 * and one compare. */
static uint32_t in_range(__m128i x, int lo, int hi)
{
    __m128i t = _mm_add_epi8(x, _mm_set1_epi8((char)(128 - lo)));
    return (uint32_t)_mm_movemask_epi8(
        _mm_cmplt_epi8(t, _mm_set1_epi8((char)(-128 + hi - lo + 1))));
}

static uint32_t eq(__m128i x, int c)
{
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)c)));
}

/* The bytes that could start a marked word, by their first two letters
 * (de, re, ro, fa, pr, sh in any case: the stems' pairs); the block's last
 * byte, whose next one is in the next block, is always let through. Inline:
 * it runs for every 16-byte block, and GCC made it a call. */
static inline uint32_t mark_pairs(__m128i low)
{
    __m128i next = _mm_srli_si128(low, 1);
#define EQ(v, c) _mm_cmpeq_epi8((v), _mm_set1_epi8(c))
    __m128i e = EQ(next, 'e');
    __m128i m = _mm_and_si128(EQ(low, 'd'), e);
    m = _mm_or_si128(m, _mm_and_si128(EQ(low, 'r'), _mm_or_si128(e, EQ(next, 'o'))));
    m = _mm_or_si128(m, _mm_and_si128(EQ(low, 'f'), EQ(next, 'a')));
    m = _mm_or_si128(m, _mm_and_si128(EQ(low, 'p'), EQ(next, 'r')));
    m = _mm_or_si128(m, _mm_and_si128(EQ(low, 's'), EQ(next, 'h')));
#undef EQ
    return (uint32_t)_mm_movemask_epi8(m) | 0x8000u;
}

/* Bytes 0..n-1 of 64: all ones below bit n. */
static uint64_t below(unsigned n)
{
    return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

/* The first set bit of m[0..nw) at or after bit p, or nw * 64. */
static inline size_t next_bit(const uint64_t *m, size_t nw, size_t p)
{
    for (size_t w = p / 64; w < nw; w++) {
        uint64_t x = m[w] & ~below((unsigned)(w == p / 64 ? p % 64 : 0));
        if (x)
            return w * 64 + (size_t)__builtin_ctzll(x);
    }
    return nw * 64;
}

/* The pieces of the segment text[p..q) (see keysum), its bytes loaded
 * eight at a time from the text: past q while the text goes on, else the
 * eight bytes that end the text, shifted. */
static inline void segment(keysum *k, const char *text, size_t p, size_t q, size_t n)
{
    piece(k, q - p);
    /* The whole pieces first, a load each: the tests the last piece needs
     * cost a third of the loop when made for every piece. */
    for (; p + 8 <= q; p += 8) {
        uint64_t w;
        memcpy(&w, text + p, 8);
        piece(k, w);
    }
    if (p < q) {
        size_t len = q - p;
        uint64_t w;
        if (p + 8 <= n) {
            memcpy(&w, text + p, 8);
        } else if (n >= 8) {
            memcpy(&w, text + n - 8, 8);
            w >>= 8 * (p + 8 - n);
        } else {
            w = bytes_le((const unsigned char *)text + p, len);
        }
        piece(k, w & below((unsigned)(8 * len)));
    }
}

/* The fast path: text[0..n) with n < RG_SIGNATURE_MAX. Returns 0 when the
 * text holds a NUL (the caller takes the reference path), else 1 with *acc.
 *
 * The masks, one bit a byte in words of 64: alnum (letters and digits), digit,
 * and the bytes that could start a marked word (mark_pairs). Then the bytes of each alnum
 * run that holds a digit (dw):
 * - from its first digit to its end by one add: alnum + digit carries from
 *   the first digit of a run to the byte after it, flipping the run's bytes
 *   on the way (digits after the first stay set), so
 *   ((sum ^ alnum) | digit) & alnum is that part of each run, whatever the
 *   run holds before;
 * - from its start to the first digit, for the runs that start with a letter
 *   (a hex id "a3f9"; most runs with a digit are numbers and start with it),
 *   a bit at a time back to the run's start.
 * The signature is then the text between the dw runs, copied eight bytes at
 * a time, with one '#' for each run. */
static int acc_sse2(const char *text, size_t n, int *marked, uint64_t *acc)
{
    uint64_t alnum[WORDS], digit[WORDS], first[WORDS], hashes[WORDS];
    size_t nw = (n + 63) / 64;
    uint32_t nul = 0;
    for (size_t w = 0; w < nw; w++) { /* a word's masks in registers, stored once */
        uint64_t am = 0, dm = 0, fm = 0, hm = 0;
        for (size_t i = w * 64; i < n && i < w * 64 + 64; i += 16) {
            __m128i x;
            unsigned drop = 0; /* bits of the masks below i, when loaded from before i */
            if (i + 16 <= n) {
                x = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
            } else if (n >= 16) { /* the last 16 bytes: no read past the text */
                drop = (unsigned)(i + 16 - n);
                x = _mm_loadu_si128((const __m128i *)(const void *)(text + n - 16));
            } else {
                unsigned char tail[16] = {0};
                memcpy(tail, text, n);
                x = _mm_loadu_si128((const __m128i *)(const void *)tail);
            }
            __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
            uint32_t valid = n - i >= 16 ? 0xFFFFu : (1u << (n - i)) - 1;
            uint32_t d = (in_range(x, '0', '9') >> drop) & valid;
            uint32_t l = (in_range(low, 'a', 'z') >> drop) & valid;
            nul |= (eq(x, 0) >> drop) & valid;
            unsigned shift = (unsigned)(i % 64);
            am |= (uint64_t)(d | l) << shift;
            dm |= (uint64_t)d << shift;
            hm |= (uint64_t)((eq(x, '#') >> drop) & valid) << shift;
            if (marked)
                fm |= (uint64_t)((mark_pairs(low) >> drop) & valid) << shift;
        }
        alnum[w] = am;
        digit[w] = dm;
        first[w] = fm;
        hashes[w] = hm;
    }
    if (nul)
        return 0;

    uint64_t starts[WORDS], dw[WORDS];
    uint64_t carry = 0, alnum_top = 0, fill_top = 0;
    for (size_t w = 0; w < nw; w++) {
        uint64_t a = alnum[w], d = digit[w];
        uint64_t sum = a + d, out = sum < a;
        uint64_t sum2 = sum + carry;
        out |= sum2 < sum;
        carry = out;
        uint64_t fill = ((sum2 ^ a) | d) & a;
        starts[w] = a & ~((a << 1) | alnum_top);
        dw[w] = fill;
        /* a first digit that does not start its run: the letters before it */
        uint64_t late = fill & ~((fill << 1) | fill_top) & ~starts[w];
        for (; late; late &= late - 1) {
            unsigned b = (unsigned)__builtin_ctzll(late);
            uint64_t lower_starts = starts[w] & below(b);
            if (lower_starts) {
                unsigned s = 63u - (unsigned)__builtin_clzll(lower_starts);
                dw[w] |= below(b) & ~below(s);
                continue;
            }
            dw[w] |= below(b);
            for (size_t k = w; k-- > 0;) { /* the run began in a word before */
                if (starts[k]) {
                    unsigned s = 63u - (unsigned)__builtin_clzll(starts[k]);
                    dw[k] |= ~below(s);
                    break;
                }
                dw[k] = ~UINT64_C(0);
            }
        }
        alnum_top = a >> 63;
        fill_top = fill >> 63;
    }
    if (marked) {
        int mk = 0;
        for (size_t w = 0; w < nw && !mk; w++)
            for (uint64_t c = starts[w] & first[w]; c && !mk; c &= c - 1)
                mk = mark_at_fast(text, n, w * 64 + (size_t)__builtin_ctzll(c));
        *marked = mk;
    }

    /* The segments lie between the breaks: each dw run (one '#') and each
     * '#' byte of the text. */
    uint64_t brk[WORDS], run_after[WORDS];
    uint64_t dw_top = 0;
    for (size_t w = 0; w < nw; w++) {
        brk[w] = (dw[w] & ~((dw[w] << 1) | dw_top)) | hashes[w];
        run_after[w] = ~dw[w] & ((dw[w] << 1) | dw_top);
        dw_top = dw[w] >> 63;
    }
    keysum k = {0, 0};
    size_t p = 0;
    for (;;) {
        size_t b = next_bit(brk, nw, p);
        if (b >= n)
            break;
        segment(&k, text, p, b, n);
        p = hashes[b / 64] >> (b % 64) & 1 ? b + 1 : next_bit(run_after, nw, b);
        if (p > n)
            p = n;
    }
    segment(&k, text, p, n, n);
    *acc = k.acc;
    return 1;
}

/* acc_sse2 for a text of 16 to 64 bytes, most log messages: one mask word,
 * kept in registers, and the breaks walked by their bits (the general path's
 * arrays and next_bit loops cost more than the masks). Returns 0 on a NUL. */
static int acc_short(const char *text, size_t n, int *marked, uint64_t *acc)
{
    uint64_t a = 0, d = 0, h = 0, f = 0;
    uint32_t nul = 0;
    for (size_t i = 0; i < n; i += 16) {
        size_t q = i + 16 <= n ? i : n - 16; /* the last 16 bytes: no read past the text */
        unsigned drop = (unsigned)(i - q);
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(text + q));
        __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
        uint32_t dm = in_range(x, '0', '9') >> drop;
        a |= (uint64_t)(dm | (in_range(low, 'a', 'z') >> drop)) << i;
        d |= (uint64_t)dm << i;
        h |= (uint64_t)(eq(x, '#') >> drop) << i;
        nul |= eq(x, 0) >> drop;
        if (marked)
            f |= (uint64_t)(mark_pairs(low) >> drop) << i;
    }
    if (nul)
        return 0;
    uint64_t in = below((unsigned)n);
    a &= in;
    d &= in;
    h &= in;
    uint64_t sum = a + d;
    uint64_t dw = ((sum ^ a) | d) & a;
    uint64_t starts = a & ~(a << 1);
    for (uint64_t late = dw & ~(dw << 1) & ~starts; late; late &= late - 1) {
        unsigned b = (unsigned)__builtin_ctzll(late);
        unsigned st = 63u - (unsigned)__builtin_clzll(starts & below(b)); /* a run starts before */
        dw |= below(b) & ~below(st);
    }
    if (marked) {
        int mk = 0;
        for (uint64_t c = starts & f & in; c && !mk; c &= c - 1)
            mk = mark_at_fast(text, n, (size_t)__builtin_ctzll(c));
        *marked = mk;
    }
    uint64_t brk = (dw & ~(dw << 1)) | h, after = ~dw & (dw << 1);
    keysum k = {0, 0};
    size_t p = 0;
    for (; brk; brk &= brk - 1) {
        unsigned b = (unsigned)__builtin_ctzll(brk);
        segment(&k, text, p, b, n);
        if (h >> b & 1) {
            p = b + 1;
        } else {
            uint64_t rest = after & ~below(b + 1);
            p = rest ? (size_t)__builtin_ctzll(rest) : n;
        }
    }
    segment(&k, text, p, n, n);
    *acc = k.acc;
    return 1;
}
#endif

uint64_t rg_signature_acc(const char *text, size_t n, int *marked)
{
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t acc;
    if (n >= 16 && n <= 64 ? acc_short(text, n, marked, &acc)
                           : n < RG_SIGNATURE_MAX && acc_sse2(text, n, marked, &acc))
        return acc;
#endif
    return acc_ref(text, n, marked);
}

uint64_t rg_signature_key(uint64_t h, const char *text, size_t n, int *marked)
{
    return mix(h, rg_signature_acc(text, n, marked));
}
