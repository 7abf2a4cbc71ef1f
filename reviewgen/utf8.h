/* utf8.h -- the one UTF-8 decoder every module uses (escaping, the CSV
 * reader, lint, the importers): one rule for what is well-formed. */
#ifndef RG_UTF8_H
#define RG_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one UTF-8 sequence at s[0..len), len >= 1. Returns its length (> 0)
 * with the code point in *cp, or, for an ill-formed sequence, minus the length
 * of its maximal subpart (Unicode 15, section 3.9), so one bad sequence becomes
 * one U+FFFD and the byte after it is read afresh. */
int rg_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Length (1-4) of the well-formed UTF-8 character at s[0..len), len >= 1,
 * or 0 when the byte there does not start one (stray continuation bytes,
 * overlong forms, surrogates, values past U+10FFFF, a sequence cut short). */
size_t rg_utf8_len(const unsigned char *s, size_t len);

/* 1 when s[0..len) is well-formed UTF-8 throughout (rg_utf8_len's rule,
 * which jansson's matches), else 0. */
int rg_utf8_valid(const unsigned char *s, size_t len);

#endif
