/* jsontree.h -- one JSON value read into jansson's tree by our own lexer,
 * or declined: jansson's lexer reads a byte at a time through its stream
 * and was 85 % of a build of a Slack export of a million messages (README,
 * "Evidence of any size"). The tree is the one json_loadb builds, value for
 * value and member for member in the same order; whatever this cannot read
 * exactly as jansson does is declined, and the caller hands the text to
 * json_loadb, which builds it or says what is wrong. */
#ifndef RG_JSONTREE_H
#define RG_JSONTREE_H

#include <jansson.h>
#include <stddef.h>

/* The value on s[0..n) (JSON white space before and after it allowed) as
 * json_loadb(s, n, flags, ...) gives it, owned by the caller
 * (json_decref), or NULL: declined, and nothing is said. flags may hold
 * JSON_DECODE_ANY, JSON_DISABLE_EOF_CHECK, JSON_ALLOW_NUL and
 * JSON_DECODE_INT_AS_REAL; any other flag declines. Declined besides:
 * - anything jansson would reject (the error is jansson's to word);
 * - a string with \u0000, a member name with an escape;
 * - an integer of 19 digits or more, a real that strtod does not read to its
 *   end (a locale whose decimal point is not '.') or reads as infinite;
 * - arrays and objects nested more than 64 deep;
 * - text after the value other than white space, even where
 *   JSON_DISABLE_EOF_CHECK would let jansson stop before it;
 * - out of memory (json_loadb then says so, or has more luck).
 * Never reads past s[n - 1]. */
json_t *rg_jsontree_load(const char *s, size_t n, size_t flags);

/* json_loadb(s, n, flags, err), by rg_jsontree_load where it reads the
 * value and by jansson where it declines: what every reader of one JSON
 * value per line or record calls (a file of hits one per line read 2.3
 * times faster). Not for JSON_DISABLE_EOF_CHECK where the caller reads
 * err->position after a value it got: *err is set only when NULL is
 * returned. */
json_t *rg_json_loadb(const char *s, size_t n, size_t flags, json_error_t *err);

/* For tests: 1 makes rg_jsontree_load decline every value, so that jansson
 * reads them all, as before it; 0 as usual. Process-wide, not synchronised. */
void rg_jsontree_test_off(int off);

#endif
