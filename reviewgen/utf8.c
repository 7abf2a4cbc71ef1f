/* utf8.c -- the one UTF-8 decoder every module uses: escaping, the CSV
 * reader, lint and the importers' clean-up agree on what is well-formed. */
#include "utf8.h"

/* Decodes one UTF-8 sequence at s[0..len). Returns its length (> 0) with the
 * code point in *cp, or, for an ill-formed sequence, minus the length of its
 * maximal subpart (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal
 * Subparts"), so one bad sequence becomes one U+FFFD and the byte after it is
 * read afresh. Surrogates, overlong forms and values past U+10FFFF are
 * ill-formed. */
int rg_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    for (int i = 1; i < n; i++) {
        if ((size_t)i >= len)
            return -i;
        unsigned char b = s[i];
        unsigned char blo = i == 1 ? lo : 0x80, bhi = i == 1 ? hi : 0xBF;
        if (b < blo || b > bhi)
            return -i;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return n;
}

size_t rg_utf8_len(const unsigned char *s, size_t len)
{
    uint32_t cp;
    int n = rg_utf8_decode(s, len, &cp);
    return n > 0 ? (size_t)n : 0;
}

int rg_utf8_valid(const unsigned char *s, size_t len)
{
    for (size_t k = 0; k < len;) {
        size_t n = rg_utf8_len(s + k, len - k);
        if (n == 0)
            return 0;
        k += n;
    }
    return 1;
}
