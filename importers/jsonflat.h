/* jsonflat.h -- reads a flat JSON object line without a tree: one walk over
 * its bytes notes the last value of each member a caller's table names, and
 * declines every line where jansson's tree could read otherwise (README,
 * "Evidence of any size"). For importers that fold lines they would
 * otherwise parse whole (logline.c's field table, journald.c). */
#ifndef RG_JSONFLAT_H
#define RG_JSONFLAT_H

#include <stddef.h>

/* A member's value: a string (s inside the quotes), a plain integer
 * (-?[1-9][0-9]{0,14} or 0: exact as jansson's double or integer), any
 * other number, true, false or null, or an object or array (s its text,
 * checked by the grammar, never read). RG_JF_NONE: not in the line. */
enum { RG_JF_NONE, RG_JF_STRING, RG_JF_INT, RG_JF_NUMBER, RG_JF_LITERAL, RG_JF_NESTED };

typedef struct rg_jsonflat_value {
    const char *s; /* borrowed: points into the line */
    size_t n;
    int kind;
    int escaped; /* a string with a backslash escape: s..n as written
                    (rg_jsonflat_unescape gives its value) */
} rg_jsonflat_value;

/* The index past the escape whose backslash is at s[i] (past both halves
 * of a surrogate pair), or 0 when jansson would reject it or it is left to
 * jansson: \u0000 (a NUL, which callers replace) and a surrogate that does
 * not pair. Never reads past s[n - 1]. For the walk and jsontree.c, which
 * must read escapes alike. */
size_t rg_jsonflat_escape_end(const char *s, size_t n, size_t i);

/* The value of a string the walk read, s[0..n) as written between its
 * quotes, into out (at least n bytes; out may be s itself): escapes
 * decoded as jansson decodes them, \uXXXX and surrogate pairs as UTF-8.
 * Returns its length, never more than n. */
size_t rg_jsonflat_unescape(const char *s, size_t n, char *out);

/* The index in the caller's table of member name k[0..n) (as written, no
 * quotes), or -1 for a member it does not want. */
typedef int (*rg_jsonflat_key_fn)(const char *k, size_t n);

/* Walks the object on s[0..n) and sets v[key(name)] to the value of each
 * member the table names, the last when a name is written twice (as
 * jansson keeps it); v is the caller's, zeroed (RG_JF_NONE) before. Returns
 * 1, or 0 when the line is not one this reads exactly as jansson would:
 * - a control byte (a tab, a NUL, DEL) or bytes that are not valid UTF-8
 *   (rg_linejoin_clean would change the line, and jansson reject it);
 * - a member name written with an escape, an escape jansson would reject,
 *   \u0000 (a NUL) and a surrogate that does not pair (strings with other
 *   escapes are read: RG_JF_STRING with escaped 1);
 * - white space other than ' ' between tokens; objects and arrays nested
 *   more than 32 deep;
 * - anything that is not JSON by the grammar, and numbers jansson might
 *   reject where the grammar takes them: over 20 digits before the
 *   exponent, an exponent of three digits or more (its double could
 *   overflow), an integer of 19 digits or more (its json_int_t could).
 * Never allocates. */
int rg_jsonflat_walk(const char *s, size_t n, rg_jsonflat_key_fn key, rg_jsonflat_value *v);

/* A JSON number at s[p] by the grammar,
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, taken apart: its end, its
 * first digit, the digits before the point, the bytes from the first digit
 * to the exponent, the exponent's digits (0: none), its sign, and whether
 * it has a fraction or an exponent. Returns 1, or 0 when there is no
 * number there. The walk and jsontree.c set their own limits on it. */
typedef struct rg_json_number {
    size_t end, first, int_digits, mantissa, exp_digits;
    int neg, real;
} rg_json_number;
int rg_json_number_scan(const char *s, size_t n, size_t p, rg_json_number *m);

/* For tests: 1 makes rg_jsonflat_walk decline every line, so that jansson
 * reads them all, as before it; 0 as usual. */
void rg_jsonflat_test_off(int off);

#endif
