/* actions.h -- action items: which chat lines raise one, how a chat line is
 * matched to the items the lead listed (or becomes a suggestion), owners and
 * due dates stated in the chat, and the one rule by which the review,
 * `actions` and `trend` count items (README, "Action items"). */
#ifndef RG_ACTIONS_H
#define RG_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "manifest.h"
#include "timeline.h"

/* The length of the marker ("Action item:", "TODO", ...) that starts the line
 * at text, 0 when none; and whether any line of text starts with one. */
size_t rg_action_marker_len(const rg_manifest *m, const char *text);
int rg_has_action_line(const rg_manifest *m, const char *text);

/* One chat line that raises an action item ("Action item: ...", "TODO ...").
 * Strings arena-owned. */
typedef struct rg_chat_item {
    const char *title;     /* the line after its marker */
    const char *raised_by; /* the message's actor */
    const char *origin;    /* the message's origin */
    int64_t at_us;
    const char *owner;      /* stated in the chat ("Owner @Katrin Vogel", "I will ..."), or NULL */
    const char *due;        /* stated due date, "YYYY-MM-DD", or NULL */
    const char *due_text;   /* the words that stated it ("within the hour"), or NULL */
    long match;             /* index of the action item it matches, -1: a suggestion */
    const char *match_rule; /* "ticket PAY-1187" or "4 words in common", NULL for none */
} rg_chat_item;

/* IMPLEMENTATION-OF: README "Action items", chat suggestions. Every line of
 * a human chat message that starts with an action marker is one chat item.
 * It matches the item of items[0..n_items) that
 *   - whose ticket key it names (as a word, ignoring case), else
 *   - with which it shares the most significant words (folded, two
 *     characters or more, common English words left out), when they share
 *     three or more, or two that are at least half the words of the shorter;
 * the first such item wins a tie. A matched line is shown as the source of
 * that item; an unmatched one is a suggestion, never an open item, until the
 * lead adopts it (in incident.json or in the edited review).
 * Owner: "owner X", "owner: X", "owner is X", "owned by X", "assigned to X"
 * (up to four words, '@' dropped; a known person's name when it is one), or
 * the speaker for "I will", "I'll", "I can", "I'm on it". Due: a date written
 * YYYY-MM-DD, "within the hour", "within N minutes/hours/days/weeks" (the UTC
 * date of the message's time plus that), "today", "tonight" or "tomorrow"
 * (in the manifest's zone).
 * Returns 0 with *out (arena-owned array) and *n_out set, -1 when out of
 * memory. */
int rg_chat_items(const rg_timeline *tl, const rg_manifest *m, const rg_action_item *items,
                  size_t n_items, rg_arena *a, rg_chat_item **out, size_t *n_out);

/* How many significant words a and b share (the matching rule above), and
 * whether that makes a match. Exposed for tests. */
size_t rg_action_shared_words(const char *a, const char *b);
int rg_action_words_match(const char *a, const char *b);

/* The counting rule, written once for the review, `actions` and `trend`:
 * an item counts when it is not a suggestion; it is done when its status is
 * "done" or "closed" (any case), open otherwise. RG_ACTION_COUNTED_SQL is the
 * same condition on the store's action_items row aliased `a`. */
#define RG_ACTION_COUNTED_SQL "a.suggested = 0"
int rg_action_is_done(const char *status);

#endif
