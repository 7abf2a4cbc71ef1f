/* fold.h -- the one way reviewgen compares what people wrote: names, aliases,
 * mentions, action items and contributing factors match ignoring case and
 * accents, through utf8proc's Unicode normalisation and case folding
 * (README, "Recognition" and "Trend report"). */
#ifndef RG_FOLD_H
#define RG_FOLD_H

#include <stddef.h>

/* The folded form of s[0..len): compatibility decomposition (NFKD), Unicode
 * case folding, combining marks removed, the Latin letters that have no
 * decomposition mapped to their base ("Đ"/"đ" -> "d", "Ø" -> "o", "Ł" -> "l",
 * "Ħ" -> "h", "ı" -> "i"), dashes and spaces lumped to ASCII, then runs of
 * white space made one space and the ends trimmed. So "Nguyễn  Đức Minh",
 * "NGUYEN DUC MINH" and the NFD spelling of the first all fold to
 * "nguyen duc minh". Bytes that are not UTF-8 are kept as they are (lower-cased
 * when ASCII). Caller frees with rg_free(); NULL when out of memory. */
char *rg_fold(const char *s, size_t len);

/* 1 when a and b (NUL-terminated) fold to the same text; 0 otherwise, also
 * when out of memory. */
int rg_fold_equal(const char *a, const char *b);

/* 1 when the folded needle occurs in the folded hay where neither the byte
 * before nor the byte after is a letter, digit or '_' (bytes of non-ASCII
 * characters count as letters): "minh" is in "@minh, please", not in
 * "minhtran". Both must already be folded. An empty needle never occurs. */
int rg_fold_has_word(const char *folded_hay, const char *folded_needle);
/* Borrowed: where that first occurrence starts in folded_hay, or NULL. */
const char *rg_fold_find_word(const char *folded_hay, const char *folded_needle);
/* 1 when byte c is part of a word for rg_fold_find_word: an ASCII letter,
 * digit or '_', or a byte of a non-ASCII character. */
int rg_fold_word_byte(unsigned char c);

/* The edit distance between a and b (NUL-terminated UTF-8) in characters:
 * insertions, deletions, substitutions and swaps of two neighbours
 * (Damerau-Levenshtein, optimal string alignment). Strings longer than 256
 * characters count as far from everything (returns (size_t)-1), as does out
 * of memory. */
size_t rg_edit_distance(const char *a, const char *b);

/* 1 when candidate is near enough to name to be offered as "did you mean":
 * their folded forms are within max(2, a third of the shorter) edits, or
 * they share a word of three characters or more. Never 1 for equal folds
 * (that is a match, not a suggestion). */
int rg_fold_near(const char *name, const char *candidate);

#endif
