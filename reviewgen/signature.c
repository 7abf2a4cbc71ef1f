/* signature.c -- a line's signature, its marked words and its cluster key
 * (signature.h). The key runs for every folded line, so it is computed from
 * bit masks of the text (64 bytes to an AVX-512 compare where the CPU has
 * it, 32 to an AVX2 one where it has that, else sixteen to an SSE2 one)
 * instead of a branch a byte: the byte loop cost 40 % of a whole-day build
 * of a 1 GiB syslog (README, "Evidence of any size"). */
#include "signature.h"

#include <stdatomic.h>
#include <string.h>

/* The SSE2 path needs SSE2 and little-endian bytes (every x86-64). The
 * AVX-512 and AVX2 ones are compiled for x86-64 with GCC or Clang whatever
 * the build's -march, and taken only where the CPU has AVX-512 F, BW, DQ
 * and VBMI2, or AVX2 and BMI1 (path_taken). */
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RG_SIGNATURE_SSE2 1
#include <emmintrin.h>
#else
#define RG_SIGNATURE_SSE2 0
#endif
#if RG_SIGNATURE_SSE2 && defined(__x86_64__) && defined(__GNUC__)
#define RG_SIGNATURE_X86 1
#include <immintrin.h>
#else
#define RG_SIGNATURE_X86 0
#endif

/* Which path rg_signature_acc takes: the CPU's best (-1), or one the tests
 * force (rg_signature_test_path). */
static int forced_path = -1;

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

/* Whether a stem starts at j, where a word that starts with a letter and
 * holds a digit starts, or its second word starts there ("shut down7"): the
 * matches its signature hides, that word being '#' there. Every other match
 * of the text is one of its signature (its bytes and the one before it are
 * copied as they are) and every match of the signature one of the text (a
 * stem holds no '#', and the byte after a '#' is not alnum), so a text whose
 * such words hide none is marked exactly when its signature is: the fast
 * paths then leave the mark to the signature (RG_SIG_MARKED_BY_SIG). Only
 * they ask it, so it is compiled where they are. */
#if RG_SIGNATURE_SSE2
static int hidden_at(const char *text, size_t n, size_t j)
{
    /* the first words of the two-word stems, with their space */
    static const unsigned char before[] = {0, 5 /* shut */, 7 /* rolled, failed */,
                                           9 /* shutting */};
    for (size_t k = 0; k < sizeof(before) && before[k] <= j; k++) {
        size_t i = j - before[k];
        if (i > 0 && is_alnum((unsigned char)text[i - 1]))
            continue;
        if (mark_at_fast(text, n, i))
            return 1;
    }
    return 0;
}
#endif

/* One step of the key: a multiply and a shift, so that a word's high bits
 * reach the low ones a hash table's slot is taken from (the step
 * rg_signature_join is, in signature.h). */
static uint64_t mix(uint64_t h, uint64_t w)
{
    return rg_signature_join(h, w);
}

/* The key of a signature: its length, then its bytes eight at a time (the
 * last word padded with zero bytes), each mixed with its place on its own
 * and the results summed. Length and bytes tell the signature apart, and
 * the multiplies do not wait for each other (one chain of them cost 5 % of
 * a whole-day build). Word l's place is (l + 1) * KEY_MUL, the length's
 * LEN_PLACE. Every path writes the signature out and takes this key of it,
 * the AVX-512 one with the eight words of a 64-byte vector mixed at once
 * (acc_avx512): a key made from the text's pieces between the numbers, as
 * it once was, branched on every piece, and those branches cost more than
 * the masks. */
#define KEY_MUL UINT64_C(0x9E3779B97F4A7C15)
#define LEN_PLACE UINT64_C(0xD6E8FEB86659FD93)

/* Bytes 0..n-1 of 64: all ones below bit n. */
static inline uint64_t below(unsigned n)
{
    return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

/* Eight bytes of s as one number, the first byte lowest. */
static inline uint64_t word_le(const char *s)
{
    uint64_t w;
    memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The key of sig[0..len); sig is readable up to len rounded up to eight
 * bytes, whatever the bytes past len hold. */
static uint64_t sig_acc(const char *sig, size_t len)
{
    uint64_t acc = mix(len, LEN_PLACE), place = 0;
    size_t p = 0;
    for (; p + 8 <= len; p += 8)
        acc += mix(word_le(sig + p), place += KEY_MUL);
    if (p < len)
        acc += mix(word_le(sig + p) & below((unsigned)(8 * (len - p))), place + KEY_MUL);
    return acc;
}

static uint64_t acc_ref(const char *text, size_t n, int *marked)
{
    char sig[RG_SIGNATURE_MAX]; /* a multiple of eight */
    size_t len = rg_signature(text, n, sig, sizeof(sig));
    if (marked)
        *marked = rg_signature_marked(text, n);
    return sig_acc(sig, len);
}

uint64_t rg_signature_key_ref(uint64_t h, const char *text, size_t n, int *marked)
{
    return mix(h, acc_ref(text, n, marked));
}

#if RG_SIGNATURE_SSE2

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

/* Appends text[p..q) to the signature at sig + o and returns its new end:
 * eight bytes to a copy, loaded past q while the text goes on, else the
 * eight bytes that end the text, shifted; up to eight bytes past the new
 * end are written too (sig has room for them). */
static inline size_t put(char *sig, size_t o, const char *text, size_t p, size_t q, size_t n)
{
    for (; p + 8 <= q; p += 8, o += 8)
        memcpy(sig + o, text + p, 8);
    if (p < q) {
        uint64_t w;
        if (p + 8 <= n) {
            memcpy(&w, text + p, 8);
        } else if (n >= 8) {
            memcpy(&w, text + n - 8, 8);
            w >>= 8 * (p + 8 - n);
        } else {
            w = 0;
            memcpy(&w, text + p, q - p);
        }
        memcpy(sig + o, &w, 8);
        o += q - p;
    }
    return o;
}

/* The dw mask of a text of at most 64 bytes from its alnum and digit masks
 * (none past its end): as in long_tail, in one word. *led is set when a
 * word with a digit starts with a letter ("a3f9", "restart2"); with text,
 * *hidden (0 on entry) when such a word hides a stem (hidden_at). */
static inline __attribute__((always_inline)) uint64_t dw_of(uint64_t a, uint64_t d, int *led,
                                                            const char *text, size_t n, int *hidden)
{
    uint64_t sum = a + d;
    uint64_t dw = ((sum ^ a) | d) & a;
    uint64_t starts = a & ~(a << 1);
    uint64_t late = dw & ~(dw << 1) & ~starts;
    *led = late != 0;
    for (; late; late &= late - 1) {
        unsigned b = (unsigned)__builtin_ctzll(late);
        unsigned st = 63u - (unsigned)__builtin_clzll(starts & below(b)); /* a run starts before */
        dw |= below(b) & ~below(st);
        if (text && !*hidden)
            *hidden = hidden_at(text, n, st);
    }
    return dw;
}

/* The 16 bytes at i of text[0..n) (n >= 16), loaded from n - 16 when fewer
 * are left (nothing past the text is read); *drop is how many bits of the
 * masks taken from it lie before i. */
static inline __m128i block16(const char *text, size_t n, size_t i, unsigned *drop)
{
    size_t q = i + 16 <= n ? i : n - 16;
    *drop = (unsigned)(i - q);
    return _mm_loadu_si128((const __m128i *)(const void *)(text + q));
}

/* The marked words' candidates of the 16 bytes at i (mark_pairs), bit 0
 * byte i. */
static inline uint32_t pairs16(const char *text, size_t n, size_t i)
{
    unsigned drop;
    __m128i x = block16(text, n, i, &drop);
    return mark_pairs(_mm_or_si128(x, _mm_set1_epi8(0x20))) >> drop;
}

/* The alnum mask of the 16 bytes at i, with their digit and NUL masks, bit
 * 0 byte i. */
static inline uint32_t masks16(const char *text, size_t n, size_t i, uint32_t *digit, uint32_t *nul)
{
    unsigned drop;
    __m128i x = block16(text, n, i, &drop);
    __m128i low = _mm_or_si128(x, _mm_set1_epi8(0x20));
    *digit = in_range(x, '0', '9') >> drop;
    *nul = eq(x, 0) >> drop;
    return *digit | (in_range(low, 'a', 'z') >> drop);
}

/* A text of under 16 bytes in one block, zeros after it. */
static inline __m128i block_short(const char *text, size_t n)
{
    unsigned char tail[16] = {0};
    if (n) /* an empty text may come without its bytes */
        memcpy(tail, text, n);
    return _mm_loadu_si128((const __m128i *)(const void *)tail);
}

/* pairs16 for a text of any length: one under 16 bytes from a copy. */
static inline uint32_t pairs_any(const char *text, size_t n, size_t i)
{
    if (n >= 16)
        return pairs16(text, n, i);
    return mark_pairs(_mm_or_si128(block_short(text, n), _mm_set1_epi8(0x20)));
}

/* The general path: text[0..n) with n < RG_SIGNATURE_MAX, its alnum and
 * digit masks in nw = ceil(n / 64) words (no bit past n). Sets *acc (and
 * *marked as short_tail does).
 *
 * The masks, one bit a byte in words of 64: alnum (letters and digits) and
 * digit. Then the bytes of each alnum run that holds a digit (dw):
 * - from its first digit to its end by one add: alnum + digit carries from
 *   the first digit of a run to the byte after it, flipping the run's bytes
 *   on the way (digits after the first stay set), so
 *   ((sum ^ alnum) | digit) & alnum is that part of each run, whatever the
 *   run holds before; the carry goes from word to word by hand;
 * - from its start to the first digit, for the runs that start with a letter
 *   (a hex id "a3f9"; most runs with a digit are numbers and start with it),
 *   back to the run's start, which may lie in a word before.
 * The signature is then the text between the dw runs, copied eight bytes at
 * a time, with one '#' for each run: the runs walked by their bits, word by
 * word, each run's end the first clear bit of dw after its start (two
 * searches of the masks a run, with their per-word tests, cost most of the
 * path's 1,900 instructions on a 200-byte text). Texts of 65 to 128 bytes had
 * a path of their own, two mask words held as one 128-bit number: it took
 * 1-9 % more instructions than this one (README). Inline into acc_sse2 and
 * acc_long_avx2, so each keeps its target. */
static inline __attribute__((always_inline)) void long_tail(const char *text, size_t n,
                                                            const uint64_t *alnum,
                                                            const uint64_t *digit, size_t nw,
                                                            int *marked, int lazy, uint64_t *acc)
{
    uint64_t starts[WORDS], dw[WORDS];
    uint64_t carry = 0, alnum_top = 0, fill_top = 0;
    int seek = marked && lazy, hidden = 0;
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
            size_t run_at = 0;
            if (lower_starts) {
                unsigned s = 63u - (unsigned)__builtin_clzll(lower_starts);
                dw[w] |= below(b) & ~below(s);
                run_at = w * 64 + s;
            } else {
                dw[w] |= below(b);
                for (size_t k = w; k-- > 0;) { /* the run began in a word before */
                    if (starts[k]) {
                        unsigned s = 63u - (unsigned)__builtin_clzll(starts[k]);
                        dw[k] |= ~below(s);
                        run_at = k * 64 + s;
                        break;
                    }
                    dw[k] = ~UINT64_C(0);
                }
            }
            if (seek && !hidden)
                hidden = hidden_at(text, n, run_at);
        }
        alnum_top = a >> 63;
        fill_top = fill >> 63;
    }
    if (seek) {
        *marked = hidden ? 1 : RG_SIG_MARKED_BY_SIG; /* hidden_at */
    } else if (marked) {
        int mk = 0;
        for (size_t w = 0; w < nw && !mk; w++) {
            uint64_t f = 0;
            for (size_t i = w * 64; i < n && i < w * 64 + 64; i += 16)
                f |= (uint64_t)pairs_any(text, n, i) << (i % 64);
            for (uint64_t c = starts[w] & f; c && !mk; c &= c - 1)
                mk = mark_at_fast(text, n, w * 64 + (size_t)__builtin_ctzll(c));
        }
        *marked = mk;
    }

    char sig[RG_SIGNATURE_MAX + 8];
    size_t o = 0, p = 0;
    uint64_t dw_top = 0;
    for (size_t w = 0; w < nw; w++) {
        uint64_t run = dw[w] & ~((dw[w] << 1) | dw_top);
        dw_top = dw[w] >> 63;
        for (; run; run &= run - 1) {
            unsigned b = (unsigned)__builtin_ctzll(run);
            o = put(sig, o, text, p, w * 64 + b, n);
            sig[o++] = '#';
            /* the run's end; the words it covers whole hold no start */
            size_t k = w;
            uint64_t x = ~dw[k] & (~UINT64_C(0) << b);
            while (!x && ++k < nw)
                x = ~dw[k];
            p = x ? k * 64 + (size_t)__builtin_ctzll(x) : n;
            if (p > n)
                p = n;
        }
    }
    o = put(sig, o, text, p, n, n);
    *acc = sig_acc(sig, o);
}

/* The general path where the CPU has SSE2 (texts of 65 bytes or more where
 * it has AVX-512 too; acc_long_avx2 where it has AVX2 but not AVX-512), and
 * for texts under 16 bytes: the masks sixteen bytes to a compare. Returns 0 when the text holds a
 * NUL (the caller takes the reference path), else 1 with *acc. */
static int acc_sse2(const char *text, size_t n, int *marked, int lazy, uint64_t *acc)
{
    uint64_t alnum[WORDS] = {0}, digit[WORDS] = {0};
    uint32_t nul = 0;
    if (n < 16) {
        __m128i x = block_short(text, n);
        uint32_t in = (1u << n) - 1;
        digit[0] = in_range(x, '0', '9') & in;
        alnum[0] = digit[0] | (in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 'z') & in);
        nul = eq(x, 0) & in;
    } else {
        for (size_t i = 0; i < n; i += 16) {
            uint32_t dm, z;
            alnum[i / 64] |= (uint64_t)masks16(text, n, i, &dm, &z) << (i % 64);
            digit[i / 64] |= (uint64_t)dm << (i % 64);
            nul |= z;
        }
    }
    if (nul)
        return 0;
    long_tail(text, n, alnum, digit, (n + 63) / 64, marked, lazy, acc);
    return 1;
}

/* The marked words' candidates of a text of 16 to 64 bytes (mark_pairs), one
 * bit a byte. Only asked where the signature cannot answer (short_tail):
 * worked out for every line beside the masks, it was a fifth of the key
 * where the CPU has no AVX-512. */
static uint64_t pairs_short(const char *text, size_t n)
{
    uint64_t f = 0;
    for (size_t i = 0; i < n; i += 16)
        f |= (uint64_t)pairs16(text, n, i) << i;
    return f & below((unsigned)n);
}

/* What acc_short and acc_avx2 do once they have a text's alnum and digit
 * masks (16 <= n <= 64, no bit past n): the marked words, then the runs
 * walked by their bits and the signature's key. Inline into both, so each
 * keeps its target. */
static inline __attribute__((always_inline)) void
short_tail(const char *text, size_t n, uint64_t a, uint64_t d, int *marked, int lazy, uint64_t *acc)
{
    int led, hidden = 0, seek = marked && lazy;
    uint64_t dw = dw_of(a, d, &led, seek ? text : NULL, n, &hidden);
    if (seek) {
        *marked = hidden ? 1 : RG_SIG_MARKED_BY_SIG;
    } else if (marked) {
        int mk = 0;
        for (uint64_t c = a & ~(a << 1) & pairs_short(text, n); c && !mk; c &= c - 1)
            mk = mark_at_fast(text, n, (size_t)__builtin_ctzll(c));
        *marked = mk;
    }
    uint64_t run = dw & ~(dw << 1), after = ~dw & (dw << 1);
    char sig[64 + 8];
    size_t o = 0, p = 0;
    for (; run; run &= run - 1) {
        unsigned b = (unsigned)__builtin_ctzll(run);
        o = put(sig, o, text, p, b, n);
        sig[o++] = '#';
        uint64_t rest = after & ~below(b + 1);
        p = rest ? (size_t)__builtin_ctzll(rest) : n;
    }
    o = put(sig, o, text, p, n, n);
    *acc = sig_acc(sig, o);
}

/* acc_sse2 for a text of 16 to 64 bytes, most log messages where the CPU
 * has neither AVX-512 nor AVX2: one mask word, kept in registers, and the
 * runs walked by their bits (the general path's arrays cost more: the
 * bench's 32 MiB day, its messages of 32 to 64 bytes sent there on the AVX2
 * path, took 675 M instructions to build against 620 M). Returns 0 on a NUL. */
static int acc_short(const char *text, size_t n, int *marked, int lazy, uint64_t *acc)
{
    uint64_t a = 0, d = 0;
    uint32_t nul = 0;
    for (size_t i = 0; i < n; i += 16) {
        uint32_t dm, z;
        a |= (uint64_t)masks16(text, n, i, &dm, &z) << i;
        d |= (uint64_t)dm << i;
        nul |= z;
    }
    if (nul)
        return 0;
    uint64_t in = below((unsigned)n);
    short_tail(text, n, a & in, d & in, marked, lazy, acc);
    return 1;
}

#if RG_SIGNATURE_X86
#define AVX2_TARGET "avx2,bmi"

/* The alnum mask of 32 bytes, with their digit and NUL masks. */
__attribute__((target(AVX2_TARGET))) static inline uint32_t masks32(__m256i x, uint32_t *digit,
                                                                    uint32_t *nul)
{
    /* a byte in [lo, lo + k] is one whose distance from lo, unsigned, is
     * its own minimum with k */
    __m256i dd = _mm256_sub_epi8(x, _mm256_set1_epi8('0'));
    __m256i ld = _mm256_sub_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));
    __m256i dv = _mm256_cmpeq_epi8(_mm256_min_epu8(dd, _mm256_set1_epi8(9)), dd);
    __m256i lv = _mm256_cmpeq_epi8(_mm256_min_epu8(ld, _mm256_set1_epi8(25)), ld);
    *digit = (uint32_t)_mm256_movemask_epi8(dv);
    *nul = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, _mm256_setzero_si256()));
    return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(dv, lv));
}

/* acc_short for a text of 32 to 64 bytes where the CPU has AVX2 but not
 * AVX-512 with VBMI2: the masks from two loads of 32 bytes, the second one
 * ending at the text's end (their overlap gives the same bits twice).
 * Returns 0 on a NUL. */
__attribute__((target(AVX2_TARGET))) static int acc_avx2(const char *text, size_t n, int *marked,
                                                         int lazy, uint64_t *acc)
{
    uint32_t d0, d1, z0, z1;
    uint32_t a0 = masks32(_mm256_loadu_si256((const __m256i *)(const void *)text), &d0, &z0);
    uint32_t a1 =
        masks32(_mm256_loadu_si256((const __m256i *)(const void *)(text + n - 32)), &d1, &z1);
    /* The upper halves cleared by hand once the masks are out (the empty
     * asm keeps GCC from moving their work past the clear): GCC 12 left
     * them dirty on the way out, and every SSE instruction after (memchr's,
     * the level's) then waited on them, a whole-day build 80 % slower. */
    __asm__ volatile("" : "+r"(a0), "+r"(a1), "+r"(d0), "+r"(d1), "+r"(z0), "+r"(z1));
    _mm256_zeroupper();
    if (z0 | z1)
        return 0;
    unsigned sh = (unsigned)(n - 32);
    short_tail(text, n, a0 | (uint64_t)a1 << sh, d0 | (uint64_t)d1 << sh, marked, lazy, acc);
    return 1;
}

/* acc_sse2 for a text of 65 bytes or more where the CPU has AVX2: the masks
 * 32 bytes to a load, the last one ending at the text's end. Returns 0 on a
 * NUL. */
__attribute__((target(AVX2_TARGET))) static int acc_long_avx2(const char *text, size_t n,
                                                              int *marked, int lazy, uint64_t *acc)
{
    uint64_t alnum[WORDS] = {0}, digit[WORDS] = {0};
    uint32_t nul = 0;
    for (size_t i = 0; i < n; i += 32) {
        size_t q = i + 32 <= n ? i : n - 32; /* the last 32 bytes: no read past the text */
        unsigned drop = (unsigned)(i - q);
        uint32_t dm, z;
        uint32_t am =
            masks32(_mm256_loadu_si256((const __m256i *)(const void *)(text + q)), &dm, &z);
        alnum[i / 64] |= (uint64_t)(am >> drop) << (i % 64);
        digit[i / 64] |= (uint64_t)(dm >> drop) << (i % 64);
        nul |= z >> drop;
    }
    /* as in acc_avx2: the upper halves cleared once the masks are out (the
     * masks are in memory: the clobber keeps their stores before it) */
    __asm__ volatile("" : "+r"(nul) : : "memory");
    _mm256_zeroupper();
    if (nul)
        return 0;
    long_tail(text, n, alnum, digit, (n + 63) / 64, marked, lazy, acc);
    return 1;
}

#define AVX512_TARGET "avx512f,avx512bw,avx512dq,avx512vbmi2"

/* acc_short for a text of up to 64 bytes where the CPU has AVX-512 with
 * VBMI2 (path_taken), without a branch that depends on the text but the
 * rare letter-led ids of dw_of and the marked words' candidates:
 * - one masked load (the bytes past n are neither read nor faulted on) and
 *   a compare a mask, straight into the 64-bit masks;
 * - the marked words' candidates as the word starts where one of the
 *   stems' first four bytes begins (mark_at_fast's test, on the masks);
 * - the signature by one compress of the bytes kept (the first byte of each
 *   dw run made '#', the rest of the run dropped);
 * - its eight words mixed with their places in one vector, the lanes past
 *   its end left out of the sum.
 * Returns 0 on a NUL. */
__attribute__((target(AVX512_TARGET))) static int acc_avx512(const char *text, size_t n,
                                                             int *marked, int lazy, uint64_t *acc)
{
    __mmask64 in = (__mmask64)below((unsigned)n);
    __m512i x = _mm512_maskz_loadu_epi8(in, text);
    if (_mm512_mask_cmpeq_epi8_mask(in, x, _mm512_setzero_si512()))
        return 0;
    __m512i low = _mm512_or_si512(x, _mm512_set1_epi8(0x20));
    __mmask64 dk = _mm512_mask_cmple_epu8_mask(in, _mm512_sub_epi8(x, _mm512_set1_epi8('0')),
                                               _mm512_set1_epi8(9));
    __mmask64 ak =
        _kor_mask64(dk, _mm512_mask_cmple_epu8_mask(in, _mm512_sub_epi8(low, _mm512_set1_epi8('a')),
                                                    _mm512_set1_epi8(25)));
    /* dw_of in the mask registers: no round trip through the integer ones */
    __mmask64 sumk = _kadd_mask64(ak, dk);
    __mmask64 dwk = _kand_mask64(_kor_mask64(_kxor_mask64(sumk, ak), dk), ak);
    __mmask64 startk = _kandn_mask64(_kshiftli_mask64(ak, 1), ak);
    __mmask64 latek = _kandn_mask64(startk, _kandn_mask64(_kshiftli_mask64(dwk, 1), dwk));
    uint64_t a = (uint64_t)ak, d = (uint64_t)dk;
    int led = !_ktestz_mask64_u8(latek, latek);
    uint64_t dw = led ? dw_of(a, d, &led, NULL, 0, NULL) : (uint64_t)dwk;
    if (marked && lazy && !led) {
        *marked = RG_SIG_MARKED_BY_SIG;
    } else if (marked) {
        /* bit i of EQ(c) >> k: byte i + k is c (any case) */
#define EQ(c) ((uint64_t)_mm512_mask_cmpeq_epi8_mask(in, low, _mm512_set1_epi8(c)))
        uint64_t r = EQ('r'), e1 = EQ('e') >> 1, o = EQ('o'), l3 = EQ('l') >> 3, s = EQ('s');
        uint64_t t3 = EQ('t') >> 3, p = EQ('p');
        uint64_t c = (EQ('d') & e1 & p >> 2 & l3) | (r & e1 & s >> 2 & t3) |
                     (r & e1 & EQ('b') >> 2 & o >> 3) | (r & o >> 1 & EQ('l') >> 2 & l3) |
                     (EQ('f') & EQ('a') >> 1 & EQ('i') >> 2 & l3) |
                     (p & r >> 1 & o >> 2 & EQ('m') >> 3) | (s & EQ('h') >> 1 & EQ('u') >> 2 & t3);
#undef EQ
        int mk = 0;
        for (c &= a & ~(a << 1); c && !mk; c &= c - 1)
            mk = mark_at(text, n, (size_t)__builtin_ctzll(c));
        *marked = mk;
    }
    __mmask64 dwm = led ? (__mmask64)dw : dwk;
    __mmask64 first = _kandn_mask64(_kshiftli_mask64(dwm, 1), dwm);
    __mmask64 keep = _kandn_mask64(_kandn_mask64(first, dwm), in);
    __m512i sig =
        _mm512_maskz_compress_epi8(keep, _mm512_mask_blend_epi8(first, x, _mm512_set1_epi8('#')));
    unsigned len = (unsigned)__builtin_popcountll(keep);
    const __m512i place = _mm512_set_epi64((long long)(8 * KEY_MUL), (long long)(7 * KEY_MUL),
                                           (long long)(6 * KEY_MUL), (long long)(5 * KEY_MUL),
                                           (long long)(4 * KEY_MUL), (long long)(3 * KEY_MUL),
                                           (long long)(2 * KEY_MUL), (long long)KEY_MUL);
    __m512i h =
        _mm512_mullo_epi64(_mm512_xor_si512(sig, place), _mm512_set1_epi64((long long)KEY_MUL));
    h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 29));
    /* The signature's words: those with a byte that is not zero (it holds
     * no NUL, and compress zeroes what follows it), told beside the
     * multiply rather than after the byte count. */
    __mmask8 lanes = _mm512_test_epi64_mask(sig, sig);
    /* summed by hand: the header's _mm512_mask_reduce_add_epi64 adds as
     * signed and so overflows, which UBSan reports */
    h = _mm512_maskz_mov_epi64(lanes, h);
    __m256i h4 = _mm256_add_epi64(_mm512_castsi512_si256(h), _mm512_extracti64x4_epi64(h, 1));
    __m128i h2 = _mm_add_epi64(_mm256_castsi256_si128(h4), _mm256_extracti128_si256(h4, 1));
    *acc =
        (uint64_t)_mm_cvtsi128_si64(h2) + (uint64_t)_mm_extract_epi64(h2, 1) + mix(len, LEN_PLACE);
    return 1;
}

static int cpu_avx512(void)
{
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vbmi2");
}

static int cpu_avx2(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
}
#endif
#endif

/* The best path the CPU has (RG_SIG_PATH_*). */
static int cpu_path(void)
{
#if RG_SIGNATURE_X86
    if (cpu_avx512())
        return RG_SIG_PATH_AVX512;
    if (cpu_avx2())
        return RG_SIG_PATH_AVX2;
#endif
    return RG_SIGNATURE_SSE2 ? RG_SIG_PATH_SSE2 : RG_SIG_PATH_REF;
}

/* The path taken, worked out once (0: not yet): asking the CPU four times a
 * line showed. Any thread that gets there first stores the same answer;
 * rg_signature_test_path resets it. */
static atomic_int taken_path = 0;

static inline int path_taken(void)
{
    int path = atomic_load_explicit(&taken_path, memory_order_relaxed);
    if (path == 0) {
        path = forced_path == RG_SIG_PATH_AUTO ? cpu_path() : forced_path;
        atomic_store_explicit(&taken_path, path, memory_order_relaxed);
    }
    return path;
}

/* rg_signature_acc, and with lazy 0 rg_signature_key's full answer.
 * Inline into both: a call more per line showed. */
static inline __attribute__((always_inline)) uint64_t acc_of(const char *text, size_t n,
                                                             int *marked, int lazy)
{
    int path = path_taken();
#if RG_SIGNATURE_SSE2
    uint64_t acc;
#if RG_SIGNATURE_X86
    if (n <= 64 && path == RG_SIG_PATH_AVX512)
        return acc_avx512(text, n, marked, lazy, &acc) ? acc : acc_ref(text, n, marked);
    if (n >= 32 && n <= 64 && path == RG_SIG_PATH_AVX2)
        return acc_avx2(text, n, marked, lazy, &acc) ? acc : acc_ref(text, n, marked);
    if (n > 64 && n < RG_SIGNATURE_MAX && path == RG_SIG_PATH_AVX2)
        return acc_long_avx2(text, n, marked, lazy, &acc) ? acc : acc_ref(text, n, marked);
#endif
    if (path != RG_SIG_PATH_REF &&
        (n >= 16 && n <= 64
             ? acc_short(text, n, marked, lazy, &acc)
             /* under 16 bytes the mark is told 0 or 1, as signature.h says */
             : n < RG_SIGNATURE_MAX && acc_sse2(text, n, marked, lazy && n >= 16, &acc)))
        return acc;
#endif
    (void)lazy;
    (void)path;
    return acc_ref(text, n, marked);
}

uint64_t rg_signature_acc(const char *text, size_t n, int *marked)
{
    return acc_of(text, n, marked, 1);
}

int rg_signature_test_path(int path)
{
    switch (path) {
    case RG_SIG_PATH_AUTO:
    case RG_SIG_PATH_REF:
        break;
    case RG_SIG_PATH_SSE2:
        if (!RG_SIGNATURE_SSE2)
            return -1;
        break;
    case RG_SIG_PATH_AVX512:
    case RG_SIG_PATH_AVX2:
#if RG_SIGNATURE_X86
        if (!(path == RG_SIG_PATH_AVX512 ? cpu_avx512() : cpu_avx2()))
            return -1;
        break;
#else
        return -1;
#endif
    default:
        return -1;
    }
    forced_path = path;
    atomic_store(&taken_path, 0);
    return 0;
}

uint64_t rg_signature_key(uint64_t h, const char *text, size_t n, int *marked)
{
    return rg_signature_join(h, acc_of(text, n, marked, 0));
}
