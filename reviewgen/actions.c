/* actions.c -- action items: the markers ("Action item:", "TODO", ...) that
 * make a chat line one, matching chat lines to the lead's items, owners and
 * due dates said in the chat, and the counting rule the review, `actions`
 * and `trend` share (README, "Action items"). */
#include "actions.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "fold.h"

/* Length of the action-item marker that starts the line at text ("Action
 * item:", "TODO", "AI:", "follow-up"), including the spaces before it and the
 * separators after it; 0 when none. Matched case-insensitively at the start
 * of a line only, so a line that merely mentions a follow-up is not one. */
size_t rg_action_marker_len(const rg_manifest *m, const char *text)
{
    const char *start = text;
    while (*text == ' ' || *text == '\t')
        text++;
    for (size_t i = 0; i < m->phrases.n_action; i++) {
        const char *p = m->phrases.action[i];
        size_t n = strlen(p);
        if (n == 0 || strncasecmp(text, p, n) != 0)
            continue;
        /* the marker must end at a word boundary: "TODOs" is not "TODO" */
        if (isalnum((unsigned char)p[n - 1]) && isalnum((unsigned char)text[n]))
            continue;
        while (text[n] == ':' || text[n] == ' ' || text[n] == '-' || text[n] == '\t')
            n++;
        if (text[n] == '\0' || text[n] == '\n' || text[n] == '\r')
            return 0;
        return (size_t)(text - start) + n;
    }
    return 0;
}

int rg_has_action_line(const rg_manifest *m, const char *text)
{
    for (const char *line = text; line; line = strchr(line, '\n')) {
        if (*line == '\n')
            line++;
        if (rg_action_marker_len(m, line))
            return 1;
    }
    return 0;
}

/* ---- chat items, matching, owners and due dates ---------------------- */

int rg_action_is_done(const char *status)
{
    return status && (strcasecmp(status, "done") == 0 || strcasecmp(status, "closed") == 0);
}

/* Words too common to say two items are the same. */
static const char *const stop_words[] = {
    "a",     "an",   "and",    "are",   "as",    "at",      "be",    "by",    "can",    "do",
    "for",   "from", "has",    "have",  "i",     "if",      "in",    "into",  "is",     "it",
    "its",   "i'll", "make",   "more",  "no",    "not",     "of",    "on",    "once",   "only",
    "or",    "our",  "so",     "than",  "that",  "the",     "their", "them",  "then",   "there",
    "this",  "to",   "up",     "use",   "was",   "we",      "what",  "when",  "which",  "while",
    "will",  "with", "within", "yet",   "after", "before",  "all",   "any",   "every",  "each",
    "why",   "how",  "also",   "again", "until", "instead", "one",   "owner", "should", "need",
    "needs", "just", "still",  "about", "out",   "over"};

static int is_stop(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof(stop_words) / sizeof(stop_words[0]); i++)
        if (strlen(stop_words[i]) == n && strncmp(stop_words[i], w, n) == 0)
            return 1;
    return 0;
}

static int token_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '\'' || c >= 0x80;
}

/* The significant words of s, folded, distinct, as one buffer of
 * NUL-separated words; *n gets how many. Caller frees with rg_free(). */
static char *words_of(const char *s, size_t *n)
{
    *n = 0;
    char *f = rg_fold(s, strlen(s));
    if (!f)
        return NULL;
    size_t len = strlen(f);
    char *out = rg_malloc(len + 2);
    if (!out) {
        rg_free(f);
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && !token_byte((unsigned char)f[i]))
            i++;
        size_t start = i;
        while (i < len && token_byte((unsigned char)f[i]))
            i++;
        /* "db-primary-1," and "-rf" keep their inner dashes only */
        size_t a = start, b = i;
        while (a < b && (f[a] == '-' || f[a] == '\''))
            a++;
        while (b > a && (f[b - 1] == '-' || f[b - 1] == '\''))
            b--;
        if (b - a < 2 || is_stop(f + a, b - a))
            continue;
        int seen = 0;
        for (size_t k = 0; k < o && !seen;) {
            size_t wl = strlen(out + k);
            seen = wl == b - a && strncmp(out + k, f + a, wl) == 0;
            k += wl + 1;
        }
        if (seen)
            continue;
        memcpy(out + o, f + a, b - a);
        o += b - a;
        out[o++] = '\0';
        (*n)++;
    }
    out[o] = '\0';
    rg_free(f);
    return out;
}

static size_t shared(const char *wa, size_t na, const char *wb, size_t nb)
{
    size_t count = 0;
    const char *p = wa;
    for (size_t i = 0; i < na; i++) {
        const char *q = wb;
        for (size_t k = 0; k < nb; k++) {
            if (strcmp(p, q) == 0) {
                count++;
                break;
            }
            q += strlen(q) + 1;
        }
        p += strlen(p) + 1;
    }
    return count;
}

size_t rg_action_shared_words(const char *a, const char *b)
{
    size_t na, nb;
    char *wa = words_of(a, &na), *wb = words_of(b, &nb);
    size_t s = wa && wb ? shared(wa, na, wb, nb) : 0;
    rg_free(wa);
    rg_free(wb);
    return s;
}

static int enough(size_t s, size_t na, size_t nb)
{
    size_t shorter = na < nb ? na : nb;
    return s >= 3 || (s >= 2 && 2 * s >= shorter);
}

int rg_action_words_match(const char *a, const char *b)
{
    size_t na, nb;
    char *wa = words_of(a, &na), *wb = words_of(b, &nb);
    int m = wa && wb && enough(shared(wa, na, wb, nb), na, nb);
    rg_free(wa);
    rg_free(wb);
    return m;
}

/* 1 when the folded text names the ticket key as a word. */
static int names_ticket(const char *folded, const char *ticket)
{
    char *t = rg_fold(ticket, strlen(ticket));
    int yes = t && *t && rg_fold_has_word(folded, t);
    rg_free(t);
    return yes;
}

/* The name after an owner phrase in text (as written): up to four words,
 * stopping at punctuation; '@' dropped. NULL when none. */
static const char *owner_after(rg_arena *a, const char *text, const char *folded,
                               const char *phrase)
{
    const char *at = rg_fold_find_word(folded, phrase);
    if (!at)
        return NULL;
    /* the folded text can be shorter than the text (marks dropped): find
     * the same phrase in the text itself, ignoring case */
    size_t plen = strlen(phrase);
    const char *p = NULL;
    for (const char *q = text; *q && !p; q++)
        if (strncasecmp(q, phrase, plen) == 0 && (q == text || !isalnum((unsigned char)q[-1])))
            p = q + plen;
    if (!p)
        return NULL;
    int marked = 0; /* "owner: x", "owner @x": whatever follows is the name */
    while (*p == ' ' || *p == ':' || *p == '@')
        marked |= *p++ != ' ';
    if (!marked && (unsigned char)*p < 0x80 && !isupper((unsigned char)*p))
        return NULL; /* "the owner of the service" */
    const char *start = p, *end = p;
    int words = 0;
    while (*p && words < 4) {
        size_t n = strcspn(p, " .,;:!?()\n\r\t");
        if (n == 0)
            break;
        p += n;
        end = p;
        words++;
        if (*p != ' ')
            break;
        while (*p == ' ')
            p++;
        if (*p == '@')
            p++;
        /* a name's words start with a capital or are not ASCII */
        if (*p && (unsigned char)*p < 0x80 && !isupper((unsigned char)*p))
            break;
    }
    return end > start ? rg_arena_strndup(a, start, (size_t)(end - start)) : NULL;
}

/* A person the timeline knows whose name folds like `name`, for the
 * owner's spelling; else name as written. */
static const char *known_person(const rg_timeline *tl, const rg_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->n_responders; i++) {
        if (rg_fold_equal(m->responders[i].name, name))
            return m->responders[i].name;
        for (size_t k = 0; k < m->responders[i].n_aliases; k++)
            if (rg_fold_equal(m->responders[i].aliases[k], name))
                return m->responders[i].name;
    }
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (ev->human && ev->actor && rg_fold_equal(ev->actor, name))
            return ev->actor;
    }
    return name;
}

static const char *const owner_phrases[] = {"owner is", "owned by", "assigned to", "owner"};
static const char *const self_phrases[] = {"i will", "i'll", "i can", "i'm on it", "i am on it"};

static const struct {
    const char *word;
    int64_t us;
} units[] = {{"minute", INT64_C(60000000)},   {"minutes", INT64_C(60000000)},
             {"hour", INT64_C(3600000000)},   {"hours", INT64_C(3600000000)},
             {"day", INT64_C(86400000000)},   {"days", INT64_C(86400000000)},
             {"week", INT64_C(604800000000)}, {"weeks", INT64_C(604800000000)}};

static const char *date_of(rg_arena *a, int64_t at_us, const rg_tz *zone)
{
    char buf[32];
    int64_t local = at_us + (int64_t)rg_tz_offset_at(zone ? zone : rg_tz_utc(), at_us) * 1000000;
    rg_time_format(local, buf);
    return rg_arena_strndup(a, buf, 10);
}

/* The due date the folded text states, with the words that stated it. */
static void due_stated(rg_arena *a, const char *f, int64_t at_us, const rg_manifest *m,
                       const char **due, const char **due_text)
{
    *due = *due_text = NULL;
    /* a date as written */
    for (const char *p = f; *p; p++) {
        if (p != f && isalnum((unsigned char)p[-1]))
            continue;
        char d[11];
        if (strlen(p) >= 10 && (memcpy(d, p, 10), d[10] = '\0', rg_due_check(d) == 0) &&
            !isalnum((unsigned char)p[10])) {
            *due = rg_arena_strdup(a, d);
            *due_text = *due;
            return;
        }
    }
    const char *w = rg_fold_find_word(f, "within");
    if (w) {
        const char *p = w + 6;
        while (*p == ' ')
            p++;
        int64_t n = 0;
        if (strncmp(p, "the ", 4) == 0 || strncmp(p, "an ", 3) == 0 || strncmp(p, "a ", 2) == 0) {
            n = 1;
            p += strcspn(p, " ") + 1;
        } else {
            while (isdigit((unsigned char)*p) && n < 1000)
                n = n * 10 + (*p++ - '0');
            while (*p == ' ')
                p++;
        }
        size_t ul = strcspn(p, " .,;:!?)");
        for (size_t i = 0; n > 0 && i < sizeof(units) / sizeof(units[0]); i++)
            if (strlen(units[i].word) == ul && strncmp(p, units[i].word, ul) == 0) {
                *due = date_of(a, at_us + n * units[i].us, NULL);
                *due_text = rg_arena_strndup(a, w, (size_t)(p + ul - w));
                return;
            }
    }
    static const struct {
        const char *word;
        int days;
    } rel[] = {{"today", 0}, {"tonight", 0}, {"tomorrow", 1}};
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
        if (rg_fold_has_word(f, rel[i].word)) {
            *due = date_of(a, at_us + rel[i].days * INT64_C(86400000000), m->zone);
            *due_text = rel[i].word;
            return;
        }
}

/* The action item of items[] the chat line (folded f) matches, or -1. */
static long match_item(rg_arena *a, const char *f, const rg_action_item *items, size_t n_items,
                       const char **rule)
{
    *rule = NULL;
    for (size_t i = 0; i < n_items; i++)
        if (items[i].ticket && names_ticket(f, items[i].ticket)) {
            *rule = rg_arena_printf(a, "ticket %s", items[i].ticket);
            return (long)i;
        }
    size_t nf;
    char *wf = words_of(f, &nf);
    if (!wf)
        return -1;
    long best = -1;
    size_t best_shared = 0;
    for (size_t i = 0; i < n_items; i++) {
        size_t ni;
        char *wi = words_of(items[i].title, &ni);
        if (!wi)
            continue;
        size_t s = shared(wf, nf, wi, ni);
        if (enough(s, nf, ni) && s > best_shared) {
            best = (long)i;
            best_shared = s;
        }
        rg_free(wi);
    }
    rg_free(wf);
    if (best >= 0)
        *rule = rg_arena_printf(a, "%zu words in common", best_shared);
    return best;
}

int rg_chat_items(const rg_timeline *tl, const rg_manifest *m, const rg_action_item *items,
                  size_t n_items, rg_arena *a, rg_chat_item **out, size_t *n_out)
{
    size_t n = 0, cap = 0;
    rg_chat_item *list = NULL;
    *out = NULL;
    *n_out = 0;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (ev->kind != RG_KIND_CHAT || !ev->human || strcmp(ev->type, "chat.message") != 0)
            continue;
        for (const char *line = ev->text; line; line = strchr(line, '\n')) {
            if (*line == '\n')
                line++;
            size_t mk = rg_action_marker_len(m, line);
            if (!mk)
                continue;
            if (n == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                rg_chat_item *l = rg_arena_alloc(a, ncap * sizeof(*l));
                if (!l)
                    return -1;
                if (n)
                    memcpy(l, list, n * sizeof(*l));
                list = l;
                cap = ncap;
            }
            rg_chat_item *c = &list[n];
            memset(c, 0, sizeof(*c));
            size_t len = strcspn(line + mk, "\r\n");
            c->title = rg_arena_strndup(a, line + mk, len);
            c->raised_by = ev->actor;
            c->origin = ev->origin;
            c->at_us = ev->at_us;
            char *f = c->title ? rg_fold(c->title, strlen(c->title)) : NULL;
            if (!f)
                return -1;
            for (size_t k = 0; k < sizeof(owner_phrases) / sizeof(owner_phrases[0]) && !c->owner;
                 k++) {
                const char *o = owner_after(a, c->title, f, owner_phrases[k]);
                if (o)
                    c->owner = known_person(tl, m, o);
            }
            for (size_t k = 0; k < sizeof(self_phrases) / sizeof(self_phrases[0]) && !c->owner; k++)
                if (rg_fold_has_word(f, self_phrases[k]))
                    c->owner = ev->actor;
            due_stated(a, f, ev->at_us, m, &c->due, &c->due_text);
            /* "Owner @Katrin Vogel" says who, not what: not matched */
            for (size_t k = 0; k < sizeof(owner_phrases) / sizeof(owner_phrases[0]); k++) {
                char *cut = (char *)rg_fold_find_word(f, owner_phrases[k]);
                if (cut && c->owner)
                    *cut = '\0';
            }
            c->match = match_item(a, f, items, n_items, &c->match_rule);
            rg_free(f);
            n++;
        }
    }
    *out = list;
    *n_out = n;
    return 0;
}
