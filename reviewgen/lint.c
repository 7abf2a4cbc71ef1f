/* lint.c -- blameless wording: phrase rules over Markdown with code and links
 * skipped, reviewgen-lint comments that silence them, and incident.json prose
 * located back to its line and column (README, "Blameless wording"). */
#include "lint.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "arena.h"
#include "jsonutil.h"
#include "utf8.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE ((size_t)-1)
/* What masked text (code, comments, URLs) is replaced by: neither a word
 * character nor white space, so no phrase matches into or across it. */
#define MASK '\x01'

enum {
    R_HUMAN_ERROR,
    R_COUNTERFACTUAL,
    R_NAME_AND_BLAME,
    R_SINGLE_ROOT_CAUSE,
    R_WHY_PERSON,
    R_CONDESCENDING,
    R_BAD_DIRECTIVE,
    R_COUNT
};
#define ALL_RULES ((1u << R_BAD_DIRECTIVE) - 1) /* a bad directive is never silenced */

static const struct {
    const char *id, *message, *suggestion;
} rules[R_COUNT] = {
    {"human-error", "'%s' puts the cause on a person",
     "describe what the system allowed or made hard"},
    {"counterfactual", "'%s' judges with hindsight",
     "say what people knew and saw at the time, and why the action made sense then"},
    {"name-and-blame", "'%s' names a person as the cause",
     "describe the action and the conditions around it, not who took it"},
    {"single-root-cause", "'%s' suggests there was one cause",
     "list the contributing factors; incidents rarely have a single cause"},
    {"why-person", "'%s' asks about a person",
     "ask how the situation made the action look right at the time"},
    {"condescending", "'%s' tells the reader it was easy",
     "leave the word out and explain the point instead"},
    {"bad-directive", "%s",
     "write <!-- reviewgen-lint: disable RULE --> with RULE one of human-error, "
     "counterfactual, name-and-blame, single-root-cause, why-person, condescending, all"},
};

const char *const rg_lint_rule_ids[] = {"human-error",       "counterfactual", "name-and-blame",
                                        "single-root-cause", "why-person",     "condescending",
                                        "bad-directive"};
const size_t rg_lint_n_rules = R_COUNT;

/* ---- characters and words ---- */

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ASCII punctuation: what a Markdown backslash escapes. */
static int is_punct(unsigned char c)
{
    return c > ' ' && c < 0x7F &&
           !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Word characters are ASCII letters, digits and '_', and every non-ASCII
 * character except U+00A0 and the general punctuation block (U+2000-U+206F:
 * dashes, curly quotes, the ellipsis), which separate words as ASCII
 * punctuation does. i is the first byte of a character. */
static int word_at(const char *t, size_t len, size_t i)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    unsigned char d = i + 1 < len ? (unsigned char)t[i + 1] : 0;
    if (c == 0xE2 && (d == 0x80 || d == 0x81))
        return 0;
    if (c == 0xC2 && d == 0xA0)
        return 0;
    return 1;
}

/* Is the character that ends just before i a word character? */
static int word_before(const char *t, size_t len, size_t i)
{
    if (i == 0)
        return 0;
    size_t j = i - 1;
    for (int k = 0; k < 3 && j > 0 && ((unsigned char)t[j] & 0xC0) == 0x80; k++)
        j--;
    return word_at(t, len, j);
}

/* A phrase is a whole word: "just" is not found in "adjust", and a hyphen
 * joins words, so "just" is not found in "just-in-time" either. */
static int boundary_before(const char *t, size_t len, size_t i)
{
    if (word_before(t, len, i))
        return 0;
    return !(i >= 1 && t[i - 1] == '-' && word_before(t, len, i - 1));
}

static int boundary_after(const char *t, size_t len, size_t e)
{
    if (e < len && word_at(t, len, e))
        return 0;
    return !(e + 1 < len && t[e] == '-' && word_at(t, len, e + 1));
}

/* Skips white space from i, but not past a blank line (a paragraph ends). */
static size_t skip_space(const char *t, size_t len, size_t i)
{
    int nl = 0;
    for (;;) {
        if (i + 1 < len && (unsigned char)t[i] == 0xC2 && (unsigned char)t[i + 1] == 0xA0) {
            i += 2; /* a no-break space */
            continue;
        }
        if (i >= len || !is_space((unsigned char)t[i]) || (t[i] == '\n' && ++nl > 1))
            break;
        i++;
    }
    return i;
}

/* The end of the word at i (word characters joined by single hyphens or
 * apostrophes), or i when no word starts there. */
static size_t word_end(const char *t, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
        if (word_at(t, len, j))
            j++;
        else if ((t[j] == '-' || t[j] == '\'') && j > i && j + 1 < len && word_at(t, len, j + 1))
            j++;
        else
            break;
    }
    return j;
}

static int word_in(const char *t, size_t s, size_t e, const char *const *list)
{
    for (; list && *list; list++) {
        size_t n = strlen(*list);
        if (n != e - s)
            continue;
        size_t k = 0;
        while (k < n && fold((unsigned char)t[s + k]) == (unsigned char)(*list)[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

/* Matches pattern p (lower case) at t+i: letters ignore ASCII case (all but
 * the first when exact_first), a space matches a run of white space within a
 * paragraph, an apostrophe matches ' or U+2019. The match must end a word.
 * Returns the end offset, or 0. */
static size_t match_at(const char *t, size_t len, size_t i, const char *p, int exact_first)
{
    size_t j = i;
    for (size_t k = 0; p[k]; k++) {
        unsigned char pc = (unsigned char)p[k];
        if (pc == ' ') {
            size_t s = j;
            j = skip_space(t, len, j);
            if (j == s || (j < len && is_space((unsigned char)t[j])))
                return 0;
            continue;
        }
        if (j >= len)
            return 0;
        if (pc == '\'') {
            if (t[j] == '\'')
                j++;
            else if (j + 3 <= len && memcmp(t + j, "\xE2\x80\x99", 3) == 0)
                j += 3;
            else
                return 0;
            continue;
        }
        /* The review escapes names as Markdown: "Jean\\_Luc" is "Jean_Luc". */
        if (t[j] == '\\' && is_punct(pc) && j + 1 < len && (unsigned char)t[j + 1] == pc)
            j++;
        unsigned char tc = (unsigned char)t[j];
        if (k == 0 && exact_first ? tc != pc : fold(tc) != fold(pc))
            return 0;
        j++;
    }
    return boundary_after(t, len, j) ? j : 0;
}

/* Length of a possessive "'s", "’s" or bare "'" at e, 0 when none. */
static size_t possessive_at(const char *t, size_t len, size_t e)
{
    size_t q = 0;
    if (e < len && t[e] == '\'')
        q = 1;
    else if (e + 3 <= len && memcmp(t + e, "\xE2\x80\x99", 3) == 0)
        q = 3;
    if (!q)
        return 0;
    if (e + q < len && fold((unsigned char)t[e + q]) == 's' && boundary_after(t, len, e + q + 1))
        return q + 1;
    /* "James' change" is possessive; "O'Brien" is a name going on. */
    return e + q < len && word_at(t, len, e + q) ? 0 : q;
}

/* ---- valid, one-line text for messages ---- */

/* Appends s[0..n) on one line: white space and control characters collapse
 * into single spaces, invalid UTF-8 becomes U+FFFD. */
static int put_clean(rg_buf *b, const char *s, size_t n)
{
    int space = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F) {
            space = 1;
            i++;
            continue;
        }
        if (space && b->len > 0 && rg_buf_putc(b, ' ') != 0)
            return -1;
        space = 0;
        size_t k = rg_utf8_len((const unsigned char *)s + i, n - i);
        if (k == 0) {
            if (rg_buf_puts(b, "\xEF\xBF\xBD") != 0)
                return -1;
            i++;
        } else {
            if (rg_buf_append(b, s + i, k) != 0)
                return -1;
            i += k;
        }
    }
    return 0;
}

static char *clean_copy(const char *s, size_t n)
{
    rg_buf b = {0};
    if (put_clean(&b, s, n) != 0 || rg_buf_putc(&b, '\0') != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- hits: what the scan finds, as byte offsets into the linted text ---- */

typedef struct hit {
    size_t off;
    int rule;
    char *message; /* rg_malloc'd */
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
    int oom;
} hits;

static void hits_free(hits *h)
{
    for (size_t i = 0; i < h->n; i++)
        rg_free(h->v[i].message);
    rg_free(h->v);
    memset(h, 0, sizeof(*h));
}

/* Records a hit at off whose message quotes quote[0..qlen). */
static void add_hit(hits *h, size_t off, int rule, const char *quote, size_t qlen)
{
    if (h->oom)
        return;
    if (h->n == h->cap) {
        size_t nc = h->cap ? h->cap * 2 : 16;
        hit *nv = rg_realloc(h->v, nc * sizeof(*nv));
        if (!nv) {
            h->oom = 1;
            return;
        }
        h->v = nv;
        h->cap = nc;
    }
    rg_buf b = {0};
    char *q = clean_copy(quote, qlen);
    if (!q || rg_buf_printf(&b, rules[rule].message, q) != 0) {
        rg_free(q);
        rg_buf_free(&b);
        h->oom = 1;
        return;
    }
    rg_free(q);
    h->v[h->n].off = off;
    h->v[h->n].rule = rule;
    h->v[h->n].message = b.data;
    h->n++;
}

static int hit_cmp(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

/* ---- names ---- */

/* A way a person's name is written: the whole name (any case) or one word of
 * it written with its capital ("Katrin" for "Katrin Vogel", "Minh" for
 * "Nguyễn Đức Minh"). Words that start lower case ("van", "de") are left out:
 * they are ordinary words too. */
typedef struct alias {
    char *text;
    int exact_first;
} alias;

typedef struct aliases {
    alias *v;
    size_t n;
} aliases;

static void aliases_free(aliases *a)
{
    for (size_t i = 0; i < a->n; i++)
        rg_free(a->v[i].text);
    rg_free(a->v);
    a->v = NULL;
    a->n = 0;
}

static int alias_add(aliases *a, size_t *cap, const char *s, size_t n, int exact_first)
{
    if (n < 2)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strlen(a->v[i].text) == n && memcmp(a->v[i].text, s, n) == 0)
            return 0;
    if (a->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        alias *nv = rg_realloc(a->v, nc * sizeof(*nv));
        if (!nv)
            return -1;
        a->v = nv;
        *cap = nc;
    }
    char *c = rg_strndup(s, n);
    if (!c)
        return -1;
    a->v[a->n].text = c;
    a->v[a->n].exact_first = exact_first;
    a->n++;
    return 0;
}

static int alias_cmp(const void *x, const void *y)
{
    const alias *a = x, *b = y;
    if (a->exact_first != b->exact_first) /* whole names first */
        return a->exact_first - b->exact_first;
    size_t la = strlen(a->text), lb = strlen(b->text);
    if (la != lb)
        return la > lb ? -1 : 1;
    return strcmp(a->text, b->text);
}

static int aliases_build(aliases *a, const char *const *names, size_t n_names)
{
    size_t cap = 0;
    a->v = NULL;
    a->n = 0;
    for (size_t i = 0; i < n_names; i++) {
        if (!names[i])
            continue;
        /* The whole name with its white space collapsed. */
        rg_buf b = {0};
        const char *s = names[i];
        size_t nw = 0;
        while (*s) {
            while (is_space((unsigned char)*s))
                s++;
            const char *w = s;
            while (*s && !is_space((unsigned char)*s))
                s++;
            if (s == w)
                break;
            if ((b.len && rg_buf_putc(&b, ' ') != 0) || rg_buf_append(&b, w, (size_t)(s - w)) != 0)
                goto oom;
            nw++;
        }
        if (b.len && alias_add(a, &cap, b.data, b.len, 0) != 0)
            goto oom;
        /* Each word of a name of several words. */
        for (size_t k = 0; nw > 1 && k < b.len;) {
            size_t e = k;
            while (e < b.len && b.data[e] != ' ')
                e++;
            unsigned char c = (unsigned char)b.data[k];
            if (!(c >= 'a' && c <= 'z') && word_at(b.data, b.len, k) &&
                alias_add(a, &cap, b.data + k, e - k, 1) != 0)
                goto oom;
            k = e + 1;
        }
        rg_buf_free(&b);
        continue;
    oom:
        rg_buf_free(&b);
        aliases_free(a);
        return -1;
    }
    if (a->n)
        qsort(a->v, a->n, sizeof(*a->v), alias_cmp);
    return 0;
}

/* ---- the phrase rules ---- */

typedef struct phrase {
    const char *text;
    int rule;
    const char *const *unless_next; /* the next word cancels the match */
    const char *const *unless_prev; /* the word before cancels the match */
} phrase;

/* "the user error rate" is about errors users saw, not blame. */
static const char *const measure_words[] = {
    "rate",   "rates",  "page", "pages", "message", "messages", "count",  "counts",  "ratio",
    "ratios", "budget", "code", "codes", "log",     "logs",     "metric", "metrics", NULL};
/* "root cause analysis" names a method, not a claim of one cause. */
static const char *const analysis_words[] = {"analysis", "analyses", NULL};
/* "just before 21:00", "just over 40 minutes": time and quantity, not tone. */
static const char *const just_next[] = {"before", "after", "as",    "in",  "under", "over",
                                        "about",  "below", "above", "now", "when",  NULL};
/* "explained clearly", "more clearly": how something was said. */
static const char *const clearly_prev[] = {
    "more",         "less",    "very",      "so",       "as",    "communicate", "communicated",
    "communicates", "explain", "explained", "explains", "state", "stated",      "states",
    "say",          "said",    "says",      "write",    "wrote", "written",     "label",
    "labelled",     "labeled", "marked",    "speak",    "spoke", "see",         "saw",
    "seen",         "think",   NULL};

static const phrase phrases[] = {
    {"human error", R_HUMAN_ERROR, NULL, NULL},
    {"human errors", R_HUMAN_ERROR, NULL, NULL},
    {"operator error", R_HUMAN_ERROR, NULL, NULL},
    {"operator errors", R_HUMAN_ERROR, NULL, NULL},
    {"user error", R_HUMAN_ERROR, measure_words, NULL},
    {"user errors", R_HUMAN_ERROR, measure_words, NULL},
    {"pilot error", R_HUMAN_ERROR, NULL, NULL},
    {"should have", R_COUNTERFACTUAL, NULL, NULL},
    {"should've", R_COUNTERFACTUAL, NULL, NULL},
    {"should not have", R_COUNTERFACTUAL, NULL, NULL},
    {"shouldn't have", R_COUNTERFACTUAL, NULL, NULL},
    {"could have", R_COUNTERFACTUAL, NULL, NULL},
    {"could've", R_COUNTERFACTUAL, NULL, NULL},
    {"would have", R_COUNTERFACTUAL, NULL, NULL},
    {"would've", R_COUNTERFACTUAL, NULL, NULL},
    {"ought to have", R_COUNTERFACTUAL, NULL, NULL},
    {"failed to", R_COUNTERFACTUAL, NULL, NULL},
    {"forgot to", R_COUNTERFACTUAL, NULL, NULL},
    {"neglected to", R_COUNTERFACTUAL, NULL, NULL},
    {"the root cause", R_SINGLE_ROOT_CAUSE, analysis_words, NULL},
    {"root cause was", R_SINGLE_ROOT_CAUSE, NULL, NULL},
    {"root cause is", R_SINGLE_ROOT_CAUSE, NULL, NULL},
    {"the single cause", R_SINGLE_ROOT_CAUSE, NULL, NULL},
    {"the sole cause", R_SINGLE_ROOT_CAUSE, NULL, NULL},
    {"obviously", R_CONDESCENDING, NULL, NULL},
    {"simply", R_CONDESCENDING, NULL, NULL},
    {"just", R_CONDESCENDING, just_next, NULL},
    {"everyone knows", R_CONDESCENDING, NULL, NULL},
    {"everybody knows", R_CONDESCENDING, NULL, NULL},
    {"of course", R_CONDESCENDING, NULL, NULL},
    {"clearly", R_CONDESCENDING, NULL, clearly_prev},
};

/* why-person: one of these, then a person (a known name, or one of
 * person_words), not followed by a possessive ("why did Katrin's alert" asks
 * about the alert). */
static const char *const why_phrases[] = {
    "why did not",  "why didn't", "why did",      "why does", "why doesn't", "why was",
    "why wasn't",   "why were",   "why weren't",  "why had",  "why hadn't",  "why would",
    "why wouldn't", "why could",  "why couldn't", "why is",   "why isn't"};
static const char *const person_words[] = {
    "he",     "she",          "you",          "someone",     "somebody",      "nobody",
    "no one", "the operator", "the engineer", "the on-call", "the responder", "the developer"};

/* name-and-blame: a name, at most three of these words, then a blame verb
 * ("Katrin accidentally caused"); or a possessive name, at most three other
 * words and a blame verb ("Katrin's config change broke"), or a blame noun
 * right after it ("Katrin's mistake"). The few words allowed keep "Katrin
 * found what caused the outage" and "thanks to Katrin, we saw what broke"
 * from counting. */
static const char *const subject_between[] = {"accidentally",
                                              "inadvertently",
                                              "mistakenly",
                                              "unknowingly",
                                              "unintentionally",
                                              "carelessly",
                                              "apparently",
                                              "probably",
                                              "likely",
                                              "basically",
                                              "simply",
                                              "just",
                                              "then",
                                              "also",
                                              "again",
                                              "actually",
                                              "really",
                                              "clearly",
                                              "obviously",
                                              "unfortunately",
                                              "initially",
                                              "originally",
                                              "first",
                                              "somehow",
                                              "essentially",
                                              "effectively",
                                              "ultimately",
                                              "had",
                                              "has",
                                              "have",
                                              "may",
                                              "might",
                                              "must",
                                              "single-handedly",
                                              NULL};
static const char *const not_subject[] = {"what",  "which",   "that", "who",   "whom", "whose",
                                          "where", "when",    "why",  "how",   "and",  "or",
                                          "but",   "because", "if",   "while", NULL};
static const char *const blame_verbs[] = {"caused",           "broke",         "broken",
                                          "messed up",        "screwed up",    "made a mistake",
                                          "made the mistake", "made mistakes", "made an error",
                                          "is to blame",      "was to blame",  "botched"};
static const char *const blame_nouns[] = {"mistake", "mistakes", "fault",   "error", "errors",
                                          "blunder", "screw-up", "screwup", NULL};

static size_t blame_verb_at(const char *t, size_t len, size_t k)
{
    for (size_t v = 0; v < N(blame_verbs); v++) {
        size_t e = match_at(t, len, k, blame_verbs[v], 0);
        if (e)
            return e;
    }
    return 0;
}

/* The end of the blame that follows a name ending at e, 0 when none. */
static size_t blame_after(const char *t, size_t len, size_t e)
{
    size_t poss = possessive_at(t, len, e);
    size_t j = e + poss;
    if (poss) {
        size_t k = skip_space(t, len, j);
        size_t w = word_end(t, len, k);
        if (k > j && w > k && word_in(t, k, w, blame_nouns))
            return w;
    }
    for (int n = 0; n < 4; n++) {
        size_t k = skip_space(t, len, j);
        if (k == j || k >= len)
            return 0;
        size_t v = blame_verb_at(t, len, k);
        if (v)
            return v;
        size_t w = word_end(t, len, k);
        if (n == 3 || w == k)
            return 0;
        if (poss ? word_in(t, k, w, not_subject) : !word_in(t, k, w, subject_between))
            return 0;
        j = w;
    }
    return 0;
}

/* The end of the person named right after a why-phrase ending at e, 0 when none. */
static size_t person_after(const char *t, size_t len, size_t e, const aliases *al)
{
    size_t k = skip_space(t, len, e);
    if (k == e || k >= len)
        return 0;
    for (size_t i = 0; i < al->n; i++) {
        size_t x = match_at(t, len, k, al->v[i].text, al->v[i].exact_first);
        if (x)
            return possessive_at(t, len, x) ? 0 : x;
    }
    for (size_t i = 0; i < N(person_words); i++) {
        size_t x = match_at(t, len, k, person_words[i], 0);
        if (x)
            return possessive_at(t, len, x) ? 0 : x;
    }
    return 0;
}

static int next_word_in(const char *t, size_t len, size_t e, const char *const *list)
{
    size_t k = skip_space(t, len, e);
    return word_in(t, k, word_end(t, len, k), list);
}

static int prev_word_in(const char *t, size_t i, const char *const *list)
{
    size_t e = i;
    while (e > 0 && is_space((unsigned char)t[e - 1]))
        e--;
    size_t s = e;
    while (s > 0 && ((unsigned char)t[s - 1] >= 0x80 || word_at(t, 1, s - 1)))
        s--;
    return s < e && word_in(t, s, e, list);
}

/* Whether pattern p can match at word start t[i]: its first letter, folded.
 * Only a filter (match_at decides): at a word character a pattern that starts
 * with a space or an apostrophe never matches, and an exact first letter is
 * also a folded one. It spares match_at's call for most (word, pattern) pairs,
 * which were a tenth of the sample build's instructions. */
static int may_start(const char *t, size_t i, const char *p)
{
    return fold((unsigned char)t[i]) == fold((unsigned char)p[0]);
}

/* Runs every rule over masked text m; hits are added in text order per rule. */
static void scan(const char *m, size_t len, const aliases *al, hits *h)
{
    size_t last_end[R_COUNT] = {0}; /* one hit per phrase: "the root cause was" once */
    for (size_t i = 0; i < len && !h->oom; i++) {
        if (((unsigned char)m[i] & 0xC0) == 0x80 || !word_at(m, len, i) ||
            !boundary_before(m, len, i))
            continue;
        for (size_t p = 0; p < N(phrases); p++) {
            const phrase *ph = &phrases[p];
            if (i < last_end[ph->rule] || !may_start(m, i, ph->text))
                continue;
            size_t e = match_at(m, len, i, ph->text, 0);
            if (!e || (ph->unless_next && next_word_in(m, len, e, ph->unless_next)) ||
                (ph->unless_prev && prev_word_in(m, i, ph->unless_prev)))
                continue;
            add_hit(h, i, ph->rule, m + i, e - i);
            last_end[ph->rule] = e;
        }
        if (i >= last_end[R_WHY_PERSON]) {
            for (size_t p = 0; p < N(why_phrases); p++) {
                size_t e =
                    may_start(m, i, why_phrases[p]) ? match_at(m, len, i, why_phrases[p], 0) : 0;
                size_t x = e ? person_after(m, len, e, al) : 0;
                if (x) {
                    add_hit(h, i, R_WHY_PERSON, m + i, x - i);
                    last_end[R_WHY_PERSON] = x;
                    break;
                }
            }
        }
        if (i >= last_end[R_NAME_AND_BLAME]) {
            for (size_t a = 0; a < al->n; a++) {
                size_t e = may_start(m, i, al->v[a].text)
                               ? match_at(m, len, i, al->v[a].text, al->v[a].exact_first)
                               : 0;
                size_t x = e ? blame_after(m, len, e) : 0;
                if (x) {
                    add_hit(h, i, R_NAME_AND_BLAME, m + i, x - i);
                    last_end[R_NAME_AND_BLAME] = x;
                    break;
                }
            }
        }
    }
}

/* ---- Markdown: what is not prose, and reviewgen-lint comments ---- */

typedef struct region_event {
    size_t off;
    int on;         /* "on": clear bits; "off": set them */
    unsigned rules; /* bit per rule */
} region_event;

typedef struct directives {
    size_t *line_start; /* byte offset of each line */
    size_t n_lines;
    unsigned *line_off; /* rules silenced on each line */
    region_event *ev;
    size_t n_ev, cap_ev;
    int oom;
} directives;

static size_t line_of(const directives *d, size_t off)
{
    size_t lo = 0, hi = d->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->line_start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void mask_range(char *m, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (m[i] != '\n')
            m[i] = MASK;
}

/* Parses the comment body t[s..e) as a directive when it is one:
 * "reviewgen-lint: disable|off|on [RULE[, RULE]...]". */
static void directive(const char *t, size_t len, size_t cs, size_t ce, size_t s, size_t e,
                      directives *d, hits *h)
{
    while (s < e && is_space((unsigned char)t[s]))
        s++;
    static const char tag[] = "reviewgen-lint";
    size_t tl = sizeof(tag) - 1;
    if (e - s < tl)
        return;
    for (size_t k = 0; k < tl; k++)
        if (fold((unsigned char)t[s + k]) != (unsigned char)tag[k])
            return;
    s += tl;
    while (s < e && is_space((unsigned char)t[s]))
        s++;
    if (s >= e || t[s] != ':')
        return;
    s++;
    while (s < e && is_space((unsigned char)t[s]))
        s++;
    size_t ve = s;
    while (ve < e && !is_space((unsigned char)t[ve]) && t[ve] != ',')
        ve++;
    int verb = word_in(t, s, ve, (const char *const[]){"disable", NULL}) ? 0
               : word_in(t, s, ve, (const char *const[]){"off", NULL})   ? 1
               : word_in(t, s, ve, (const char *const[]){"on", NULL})    ? 2
                                                                         : -1;
    if (verb < 0) {
        char msg[160];
        char *q = clean_copy(t + s, ve - s > 40 ? 40 : ve - s);
        snprintf(msg, sizeof(msg), "unknown reviewgen-lint command '%s'", q ? q : "");
        rg_free(q);
        add_hit(h, s, R_BAD_DIRECTIVE, msg, strlen(msg));
        return;
    }
    unsigned bits = 0;
    int any = 0;
    for (size_t i = ve; i < e;) {
        while (i < e && (is_space((unsigned char)t[i]) || t[i] == ','))
            i++;
        size_t we = i;
        while (we < e && !is_space((unsigned char)t[we]) && t[we] != ',')
            we++;
        if (we == i)
            break;
        any = 1;
        size_t r;
        for (r = 0; r < R_BAD_DIRECTIVE; r++)
            if (word_in(t, i, we, (const char *const[]){rules[r].id, NULL}))
                break;
        if (r < R_BAD_DIRECTIVE) {
            bits |= 1u << r;
        } else if (word_in(t, i, we, (const char *const[]){"all", NULL})) {
            bits |= ALL_RULES;
        } else {
            char msg[160];
            char *q = clean_copy(t + i, we - i > 40 ? 40 : we - i);
            snprintf(msg, sizeof(msg), "unknown rule '%s' in a reviewgen-lint comment", q ? q : "");
            rg_free(q);
            add_hit(h, i, R_BAD_DIRECTIVE, msg, strlen(msg));
        }
        i = we;
    }
    if (!any)
        bits = ALL_RULES;
    if (verb == 0) {
        /* Alone on its line it silences the next line; beside text, its own. */
        int alone = 1;
        for (size_t i = cs; alone && i > 0 && t[i - 1] != '\n'; i--)
            alone = is_space((unsigned char)t[i - 1]);
        for (size_t i = ce + 3; alone && i < len && t[i] != '\n'; i++)
            alone = is_space((unsigned char)t[i]);
        size_t line = alone ? line_of(d, ce) + 1 : line_of(d, cs);
        if (line < d->n_lines)
            d->line_off[line] |= bits;
        return;
    }
    if (d->n_ev == d->cap_ev) {
        size_t nc = d->cap_ev ? d->cap_ev * 2 : 8;
        region_event *nv = rg_realloc(d->ev, nc * sizeof(*nv));
        if (!nv) {
            d->oom = 1;
            return;
        }
        d->ev = nv;
        d->cap_ev = nc;
    }
    d->ev[d->n_ev].off = cs;
    d->ev[d->n_ev].on = verb == 2;
    d->ev[d->n_ev].rules = bits;
    d->n_ev++;
}

/* A fence line: up to any indentation, three or more ` or ~. Returns the
 * run's length and sets *ch, 0 when the line is not one. */
static size_t fence_at(const char *t, size_t ls, size_t le, char *ch)
{
    size_t i = ls;
    while (i < le && (t[i] == ' ' || t[i] == '\t'))
        i++;
    if (i >= le || (t[i] != '`' && t[i] != '~'))
        return 0;
    char c = t[i];
    size_t r = 0;
    while (i + r < le && t[i + r] == c)
        r++;
    if (r < 3)
        return 0;
    if (c == '`')
        for (size_t k = i + r; k < le; k++)
            if (t[k] == '`')
                return 0; /* an info string with a backtick: inline code, not a fence */
    *ch = c;
    return r;
}

static int only_space(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (!is_space((unsigned char)t[i]))
            return 0;
    return 1;
}

/* Where the paragraph containing i ends: at a blank line or a masked fence. */
static size_t para_end(const char *m, size_t len, size_t i)
{
    for (size_t k = i; k < len; k++) {
        if (m[k] != '\n')
            continue;
        size_t n = k + 1;
        while (n < len && m[n] != '\n' && (m[n] == ' ' || m[n] == '\t' || m[n] == '\r'))
            n++;
        if (n >= len || m[n] == '\n' || m[n] == MASK)
            return k;
    }
    return len;
}

static int ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_scheme_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '.' || c == '-';
}

/* Returns a copy of t in which code (fenced blocks, code spans), HTML comments
 * and tags, autolinks, link destinations and bare URLs are MASK, newlines
 * kept; reviewgen-lint comments are parsed into d (when not NULL). NULL when
 * out of memory. CommonMark's rules, simplified: a fence may be indented any
 * amount (lists), and indented code blocks are prose. */
static char *mask_markdown(const char *t, size_t len, directives *d, hits *h)
{
    char *m = rg_malloc(len + 1);
    if (!m)
        return NULL;
    memcpy(m, t, len);
    m[len] = '\0';
    char fence = 0;
    size_t fence_len = 0;
    for (size_t ls = 0; ls < len;) {
        size_t le = ls;
        while (le < len && t[le] != '\n')
            le++;
        char c = 0;
        size_t r = fence_at(t, ls, le, &c);
        if (fence) {
            size_t k = ls;
            while (k < le && (t[k] == ' ' || t[k] == '\t'))
                k++;
            if (r && c == fence && r >= fence_len && only_space(t, k + r, le))
                fence = 0;
            mask_range(m, ls, le);
        } else if (r) {
            fence = c;
            fence_len = r;
            mask_range(m, ls, le);
        }
        ls = le + 1;
    }
    /* Memos that keep hostile text linear (cmark's lesson): where the
     * current paragraph ends; per backtick run length, the paragraph in
     * which no closing run is left; the last "-->"; the next ')'. */
    size_t para_to = 0, no_run_in[33], last_close = NONE, next_paren = NONE;
    for (size_t k = 0; k < N(no_run_in); k++)
        no_run_in[k] = NONE;
    for (size_t k = len; k >= 3; k--)
        if (memcmp(m + k - 3, "-->", 3) == 0) {
            last_close = k - 3;
            break;
        }
    for (size_t i = 0; i < len;) {
        char c = m[i];
        if (((unsigned char)c & 0xC0) == 0x80) {
            i++; /* inside a character */
        } else if (c == '\\' && i + 1 < len && is_punct((unsigned char)m[i + 1])) {
            i += 2; /* an escaped ` or < is literal */
        } else if (c == '`') {
            size_t r = 0;
            while (i + r < len && m[i + r] == '`')
                r++;
            if (i >= para_to || para_to == 0)
                para_to = para_end(m, len, i);
            size_t end = para_to, k = i + r, close = NONE;
            if (r < N(no_run_in) && no_run_in[r] == end)
                k = end; /* searched this paragraph for such a run already */
            while (k < end) {
                if (m[k] != '`') {
                    k++;
                    continue;
                }
                size_t q = 0;
                while (k + q < end && m[k + q] == '`')
                    q++;
                if (q == r) {
                    close = k + q;
                    break;
                }
                k += q;
            }
            if (close == NONE) {
                if (r < N(no_run_in))
                    no_run_in[r] = end;
                i += r;
            } else {
                mask_range(m, i, close);
                i = close;
            }
        } else if (c == '<' && i + 4 <= len && memcmp(m + i, "<!--", 4) == 0) {
            const char *endp = NULL;
            for (size_t k = i + 4; last_close != NONE && k <= last_close; k++)
                if (memcmp(m + k, "-->", 3) == 0) {
                    endp = m + k;
                    break;
                }
            if (!endp) {
                i += 4;
                continue;
            }
            size_t ce = (size_t)(endp - m);
            if (d)
                directive(t, len, i, ce, i + 4, ce, d, h);
            mask_range(m, i, ce + 3);
            i = ce + 3;
        } else if (c == '<' && i + 1 < len &&
                   (ascii_letter(m[i + 1]) ||
                    (m[i + 1] == '/' && i + 2 < len && ascii_letter(m[i + 2])))) {
            /* an HTML tag or an autolink: up to '>' on the same line */
            size_t k = i + 1;
            while (k < len && m[k] != '>' && m[k] != '\n' && m[k] != '<')
                k++;
            if (k < len && m[k] == '>') {
                mask_range(m, i, k + 1);
                i = k + 1;
            } else {
                i++;
            }
        } else if (c == ']' && i + 1 < len && m[i + 1] == '(') {
            /* a link destination and title, up to the matching ')' on the line */
            /* the next ')' or line end, found once per stretch of text */
            if (next_paren <= i || next_paren == NONE) {
                next_paren = i + 1;
                while (next_paren < len && m[next_paren] != ')' && m[next_paren] != '\n')
                    next_paren++;
            }
            int depth = 0;
            size_t k = i + 1;
            if (next_paren >= len || m[next_paren] != ')')
                k = len; /* no ')' left on this line */
            /* a destination longer than 2 KiB is not one: keeps "](](](" linear */
            size_t stop = len - k > 2048 ? k + 2048 : len;
            for (; k < stop && m[k] != '\n'; k++) {
                if (m[k] == '(')
                    depth++;
                else if (m[k] == ')' && --depth == 0)
                    break;
            }
            if (k < stop && m[k] == ')') {
                mask_range(m, i + 1, k + 1);
                i = k + 1;
            } else {
                i++;
            }
        } else if (word_at(m, len, i) && !word_before(m, len, i) &&
                   (match_at(m, len, i, "www", 0) ? i + 3 < len && m[i + 3] == '.' : 0)) {
            size_t k = i;
            while (k < len && !is_space((unsigned char)m[k]) && m[k] != '<')
                k++;
            mask_range(m, i, k);
            i = k;
        } else if (word_at(m, len, i) && !word_before(m, len, i)) {
            /* a bare URL "scheme://..." */
            size_t k = i;
            while (k < len && k - i < 32 && is_scheme_char(m[k]))
                k++;
            if (k + 2 < len && m[k] == ':' && m[k + 1] == '/' && m[k + 2] == '/') {
                while (k < len && !is_space((unsigned char)m[k]) && m[k] != '<')
                    k++;
                mask_range(m, i, k);
                i = k;
            } else {
                i = word_end(m, len, i) > i ? word_end(m, len, i) : i + 1;
            }
        } else {
            i++;
        }
    }
    return m;
}

static void directives_free(directives *d)
{
    rg_free(d->line_start);
    rg_free(d->line_off);
    rg_free(d->ev);
    memset(d, 0, sizeof(*d));
}

static int directives_init(directives *d, const char *t, size_t len)
{
    memset(d, 0, sizeof(*d));
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += t[i] == '\n';
    d->line_start = rg_malloc(n * sizeof(*d->line_start));
    d->line_off = rg_calloc(n, sizeof(*d->line_off));
    if (!d->line_start || !d->line_off) {
        directives_free(d);
        return -1;
    }
    d->n_lines = n;
    size_t k = 0;
    d->line_start[k++] = 0;
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n')
            d->line_start[k++] = i + 1;
    return 0;
}

/* Lints Markdown t[0..len) into h (offsets into t), sorted, silenced hits
 * removed. Returns 0, -1 when out of memory (h freed). */
static int lint_markdown(const char *t, size_t len, const aliases *al, hits *h)
{
    directives d;
    if (directives_init(&d, t, len) != 0)
        return -1;
    char *m = mask_markdown(t, len, &d, h);
    if (!m || d.oom || h->oom) {
        rg_free(m);
        directives_free(&d);
        hits_free(h);
        return -1;
    }
    scan(m, len, al, h);
    rg_free(m);
    if (h->oom) {
        directives_free(&d);
        hits_free(h);
        return -1;
    }
    if (h->n)
        qsort(h->v, h->n, sizeof(*h->v), hit_cmp);
    /* Drop silenced hits; region events are in text order, as hits now are. */
    unsigned region = 0;
    size_t ev = 0, keep = 0;
    for (size_t i = 0; i < h->n; i++) {
        hit *x = &h->v[i];
        for (; ev < d.n_ev && d.ev[ev].off < x->off; ev++)
            region = d.ev[ev].on ? region & ~d.ev[ev].rules : region | d.ev[ev].rules;
        unsigned off = region | d.line_off[line_of(&d, x->off)];
        if (x->rule != R_BAD_DIRECTIVE && (off & (1u << x->rule))) {
            rg_free(x->message);
            continue;
        }
        h->v[keep++] = *x;
    }
    h->n = keep;
    directives_free(&d);
    return 0;
}

/* ---- findings ---- */

typedef struct findings {
    rg_lint_finding *v;
    size_t n, cap;
} findings;

void rg_lint_findings_free(rg_lint_finding *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rg_free(f[i].path);
        rg_free(f[i].message);
    }
    rg_free(f);
}

/* A located hit: its offset in the file, and the hit (message moved in). */
typedef struct located {
    size_t off;
    int rule;
    char *message;
} located;

static int located_cmp(const void *a, const void *b)
{
    const located *x = a, *y = b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

typedef struct locs {
    located *v;
    size_t n, cap;
} locs;

static void locs_free(locs *l)
{
    for (size_t i = 0; i < l->n; i++)
        rg_free(l->v[i].message);
    rg_free(l->v);
    memset(l, 0, sizeof(*l));
}

/* Moves h's hits into l, each at map(off); h is left empty. */
static int locs_take(locs *l, hits *h, const char *json, size_t json_len, size_t str_off,
                     size_t (*map)(const char *, size_t, size_t, size_t))
{
    if (l->n + h->n > l->cap) {
        size_t nc = l->cap ? l->cap : 16;
        while (nc < l->n + h->n)
            nc *= 2;
        located *nv = rg_realloc(l->v, nc * sizeof(*nv));
        if (!nv) {
            hits_free(h);
            return -1;
        }
        l->v = nv;
        l->cap = nc;
    }
    for (size_t i = 0; i < h->n; i++) {
        located *x = &l->v[l->n++];
        x->off = map ? map(json, json_len, str_off, h->v[i].off) : str_off + h->v[i].off;
        x->rule = h->v[i].rule;
        x->message = h->v[i].message;
    }
    rg_free(h->v);
    memset(h, 0, sizeof(*h));
    return 0;
}

/* Turns l (offsets into base[0..len)) into findings for path, in file order.
 * l is emptied either way. */
static int locs_finish(locs *l, const char *path, const char *base, size_t len,
                       rg_lint_finding **out, size_t *n, rg_diag *diag)
{
    *out = NULL;
    *n = 0;
    if (l->n == 0) {
        locs_free(l);
        return 0;
    }
    qsort(l->v, l->n, sizeof(*l->v), located_cmp);
    rg_lint_finding *f = rg_calloc(l->n, sizeof(*f));
    if (!f) {
        locs_free(l);
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    }
    /* Line and column counted on from the previous finding, not from the
     * start each time: a long file with many findings stays linear. */
    size_t prev = 0;
    long line = 1, col = 1;
    for (size_t i = 0; i < l->n; i++) {
        size_t off = l->v[i].off > len ? len : l->v[i].off;
        long dl, dc;
        rg_line_col(base + prev, len - prev, off - prev, &dl, &dc);
        if (dl == 1) {
            col += dc - 1;
        } else {
            line += dl - 1;
            col = dc;
        }
        prev = off;
        f[i].path = rg_strdup(path);
        f[i].line = line;
        f[i].col = col;
        f[i].rule = rules[l->v[i].rule].id;
        f[i].suggestion = rules[l->v[i].rule].suggestion;
        f[i].message = l->v[i].message;
        l->v[i].message = NULL;
        if (!f[i].path) {
            rg_lint_findings_free(f, l->n);
            locs_free(l);
            return rg_diag_error(diag, path, 0, 0, "out of memory");
        }
    }
    *out = f;
    *n = l->n;
    locs_free(l);
    return 0;
}

static int utf16(const char *t, size_t len)
{
    if (len >= 2 && (memcmp(t, "\xFF\xFE", 2) == 0 || memcmp(t, "\xFE\xFF", 2) == 0))
        return 1;
    return len >= 2 && ((t[0] == 0 && t[1] != 0) || (t[0] != 0 && t[1] == 0));
}

int rg_lint_text(const char *path, const char *text, size_t len, const char *const *names,
                 size_t n_names, rg_lint_finding **out, size_t *n, rg_diag *diag)
{
    *out = NULL;
    *n = 0;
    if (utf16(text, len))
        return rg_diag_error(diag, path, 1, 1, "file is UTF-16; save it as UTF-8");
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    aliases al;
    if (aliases_build(&al, names, n_names) != 0)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    hits h = {0};
    int rc = lint_markdown(text + skip, len - skip, &al, &h);
    aliases_free(&al);
    if (rc != 0)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    locs l = {0};
    if (locs_take(&l, &h, NULL, 0, 0, NULL) != 0)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    return locs_finish(&l, path, text + skip, len - skip, out, n, diag);
}

/* ---- incident.json ---- */

static int hex4(const char *s, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d > 15)
            return -1;
        *v = *v * 16 + d;
    }
    return 0;
}

/* The offset in the JSON text of byte `want` of the decoded string whose
 * literal starts at text[str] ('"'): escapes count as written. An offset
 * inside one escape maps to the escape's start. */
static size_t raw_offset(const char *text, size_t len, size_t str, size_t want)
{
    if (str >= len || text[str] != '"')
        return str < len ? str : len;
    size_t i = str + 1, d = 0;
    while (i < len && text[i] != '"' && d < want) {
        if (text[i] != '\\' || i + 1 >= len) {
            d++;
            i++;
            continue;
        }
        if (text[i + 1] != 'u') {
            d++;
            i += 2;
            continue;
        }
        unsigned cp, lo;
        size_t raw = 6;
        if (i + 6 > len || hex4(text + i + 2, &cp) != 0)
            break;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= len && text[i + 6] == '\\' &&
            text[i + 7] == 'u' && hex4(text + i + 8, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            raw = 12;
        }
        size_t nb = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (d + nb > want)
            break;
        d += nb;
        i += raw;
    }
    return i;
}

/* Lints one JSON string value at text[off] into l. */
static int lint_string(locs *l, const char *text, size_t len, size_t off, const json_t *v,
                       const aliases *al)
{
    if (!json_is_string(v))
        return 0;
    hits h = {0};
    if (lint_markdown(json_string_value(v), json_string_length(v), al, &h) != 0)
        return -1;
    /* When the value could not be located, every finding points at where
     * the search ended up, never past the text. */
    return locs_take(l, &h, text, len, off == NONE ? 0 : off, raw_offset);
}

/* Lints each string element of array arr, which starts at text[arr_off]. */
static int lint_array(locs *l, const char *text, size_t len, size_t arr_off, const json_t *arr,
                      const char *member, const aliases *al)
{
    if (!json_is_array(arr))
        return 0;
    size_t *offs = NULL, n_offs = 0;
    if (arr_off != NONE && arr_off < len && text[arr_off] == '[')
        n_offs = rg_json_element_offsets(text + arr_off, len - arr_off, NULL, &offs);
    int rc = 0;
    for (size_t i = 0; i < json_array_size(arr) && rc == 0; i++) {
        const json_t *e = json_array_get(arr, i);
        size_t off = i < n_offs ? arr_off + offs[i] : arr_off;
        if (member && json_is_object(e))
            rc = lint_string(l, text, len, rg_json_member_offset(text, len, off, member),
                             json_object_get(e, member), al);
        else
            rc = lint_string(l, text, len, off, e, al);
    }
    rg_free(offs);
    return rc;
}

int rg_lint_manifest(const char *path, const char *text, size_t len, const char *const *names,
                     size_t n_names, rg_lint_finding **out, size_t *n, rg_diag *diag)
{
    *out = NULL;
    *n = 0;
    json_t *root = rg_json_parse(path, text, len, JSON_REJECT_DUPLICATES, diag);
    if (!root)
        return -1;
    if (!json_is_object(root)) {
        const char *what = json_is_array(root)    ? "an array"
                           : json_is_string(root) ? "a string"
                           : json_is_number(root) ? "a number"
                           : json_is_null(root)   ? "null"
                                                  : "a boolean";
        json_decref(root);
        return rg_diag_error(diag, path, 1, 1, "expected an object, got %s", what);
    }
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    size_t top = skip;
    while (top < len && is_space((unsigned char)text[top]))
        top++;

    /* The people: the manifest's responders and the caller's names. */
    const json_t *resp = json_object_get(root, "responders");
    size_t n_resp = json_is_array(resp) ? json_array_size(resp) : 0;
    const char **all = rg_calloc(n_resp + n_names + 1, sizeof(*all));
    aliases al = {0};
    locs l = {0};
    int rc = -1;
    if (!all)
        goto done;
    size_t k = 0;
    for (size_t i = 0; i < n_names; i++)
        all[k++] = names[i];
    for (size_t i = 0; i < n_resp; i++) {
        const char *s = rg_json_str(json_array_get(resp, i), "name");
        if (s)
            all[k++] = s;
    }
    if (aliases_build(&al, all, k) != 0)
        goto done;

    static const char *const prose[] = {"summary", "customer_impact"};
    for (size_t i = 0; i < N(prose); i++)
        if (lint_string(&l, text, len, rg_json_member_offset(text, len, top, prose[i]),
                        json_object_get(root, prose[i]), &al) != 0)
            goto done;
    /* lists of lines; in a list of objects, the member people wrote (a
     * chain's "factor": its causes are checked in the review itself) */
    static const struct {
        const char *key, *member;
    } lists[] = {{"recognition", NULL},     {"contributing_factors", "factor"},
                 {"action_items", "title"}, {"went_well", NULL},
                 {"went_wrong", NULL},      {"got_lucky", NULL}};
    for (size_t i = 0; i < N(lists); i++)
        if (lint_array(&l, text, len, rg_json_member_offset(text, len, top, lists[i].key),
                       json_object_get(root, lists[i].key), lists[i].member, &al) != 0)
            goto done;
    rc = 0;
done:
    aliases_free(&al);
    rg_free(all);
    json_decref(root);
    if (rc != 0) {
        locs_free(&l);
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    }
    /* Offsets count from the file's start; columns do not count a BOM. */
    for (size_t i = 0; i < l.n; i++)
        l.v[i].off = l.v[i].off >= skip ? l.v[i].off - skip : 0;
    return locs_finish(&l, path, text + skip, len - skip, out, n, diag);
}

/* ---- the responders table of a review ---- */

void rg_lint_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rg_free(names[i]);
    rg_free(names);
}

/* The cells of table row t[s..e): start/end of the first cell, and whether
 * the line has a '|' at all. */
static int first_cell(const char *t, size_t s, size_t e, size_t *cs, size_t *ce)
{
    while (s < e && is_space((unsigned char)t[s]))
        s++;
    int pipe = 0;
    if (s < e && t[s] == '|') {
        pipe = 1;
        s++;
    }
    size_t i = s;
    while (i < e && t[i] != '|')
        i += t[i] == '\\' && i + 1 < e ? 2 : 1;
    pipe |= i < e;
    *cs = s;
    *ce = i;
    return pipe;
}

static int delimiter_row(const char *t, size_t s, size_t e)
{
    int dash = 0;
    for (size_t i = s; i < e; i++) {
        if (t[i] == '-')
            dash = 1;
        else if (t[i] != '|' && t[i] != ':' && !is_space((unsigned char)t[i]))
            return 0;
    }
    return dash;
}

int rg_lint_review_names(const char *text, size_t len, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    char *m = mask_markdown(text, len, NULL, NULL);
    if (!m)
        return -1;
    size_t cap = 0;
    int in_table = 0;
    for (size_t ls = 0; ls < len;) {
        size_t le = ls;
        while (le < len && m[le] != '\n')
            le++;
        size_t cs, ce;
        int row = first_cell(m, ls, le, &cs, &ce);
        if (!row) {
            in_table = 0;
        } else if (!in_table) {
            static const char *const heads[] = {"responder", "responders", NULL};
            while (cs < ce && is_space((unsigned char)m[cs]))
                cs++;
            while (ce > cs && is_space((unsigned char)m[ce - 1]))
                ce--;
            size_t ne = le + 1 < len ? le + 1 : len;
            while (ne < len && m[ne] != '\n')
                ne++;
            if (word_in(m, cs, ce, heads) && le < len && delimiter_row(m, le + 1, ne)) {
                in_table = 1;
                le = ne; /* the delimiter row */
            }
        } else {
            rg_buf b = {0};
            int bad = 0;
            for (size_t i = cs; i < ce; i++) {
                char c = m[i];
                if (c == MASK)
                    bad = 1;
                if (c == '\\' && i + 1 < ce && is_punct((unsigned char)m[i + 1]))
                    c = m[++i];
                if (rg_buf_putc(&b, c) != 0)
                    goto oom;
            }
            size_t blen = b.len;
            char *name = blen ? clean_copy(b.data, blen) : NULL;
            rg_buf_free(&b);
            if (blen && !name)
                goto oom;
            /* trim; "—" and "-" stand for nobody */
            size_t s = 0, e = name ? strlen(name) : 0;
            while (s < e && name[s] == ' ')
                s++;
            while (e > s && name[e - 1] == ' ')
                e--;
            int dup = bad || e == s || (e - s == 1 && name[s] == '-') ||
                      (e - s == 3 && memcmp(name + s, "\xE2\x80\x94", 3) == 0);
            for (size_t i = 0; i < *n && !dup; i++)
                dup = strlen((*names)[i]) == e - s && memcmp((*names)[i], name + s, e - s) == 0;
            if (!dup) {
                if (*n == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    char **nv = rg_realloc(*names, nc * sizeof(*nv));
                    if (!nv) {
                        rg_free(name);
                        goto oom;
                    }
                    *names = nv;
                    cap = nc;
                }
                memmove(name, name + s, e - s);
                name[e - s] = '\0';
                (*names)[(*n)++] = name;
            } else {
                rg_free(name);
            }
        }
        ls = le + 1;
    }
    rg_free(m);
    return 0;
oom:
    rg_free(m);
    rg_lint_names_free(*names, *n);
    *names = NULL;
    *n = 0;
    return -1;
}

/* ---- a path ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int rg_lint_path(const char *path, const char *const *names, size_t n_names, rg_lint_finding **out,
                 size_t *n, rg_diag *diag)
{
    *out = NULL;
    *n = 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        size_t pl = strlen(path);
        while (pl > 1 && path[pl - 1] == '/')
            pl--;
        char *file = rg_malloc(pl + sizeof("/incident.json"));
        if (!file)
            return rg_diag_error(diag, path, 0, 0, "out of memory");
        memcpy(file, path, pl);
        memcpy(file + pl, "/incident.json", sizeof("/incident.json"));
        if (stat(file, &st) != 0 && errno == ENOENT) {
            rg_free(file);
            return rg_diag_error(diag, path, 0, 0,
                                 "no incident.json to check (lint a review with "
                                 "'reviewgen lint REVIEW.md')");
        }
        size_t len;
        char *text = rg_read_file(file, &len, diag);
        int rc = text ? rg_lint_manifest(file, text, len, names, n_names, out, n, diag) : -1;
        rg_free(text);
        rg_free(file);
        return rc;
    }
    size_t len;
    char *text = rg_read_file(path, &len, diag);
    if (!text)
        return -1;
    int rc = rg_lint_input(path, text, len, ends_with(path, ".json"), names, n_names, out, n, diag);
    rg_free(text);
    return rc;
}

int rg_lint_input(const char *path, const char *text, size_t len, int manifest,
                  const char *const *names, size_t n_names, rg_lint_finding **out, size_t *n,
                  rg_diag *diag)
{
    *out = NULL;
    *n = 0;
    if (manifest < 0) {
        /* a review never starts with '{'; an incident.json always does */
        size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
            i++;
        manifest = i < len && text[i] == '{';
    }
    int rc;
    if (manifest) {
        rc = rg_lint_manifest(path, text, len, names, n_names, out, n, diag);
    } else {
        char **found = NULL;
        size_t n_found = 0;
        const char **all = NULL;
        rc = -1;
        if (rg_lint_review_names(text, len, &found, &n_found) == 0 &&
            (all = rg_calloc(n_names + n_found + 1, sizeof(*all))) != NULL) {
            for (size_t i = 0; i < n_names; i++)
                all[i] = names[i];
            for (size_t i = 0; i < n_found; i++)
                all[n_names + i] = found[i];
            rc = rg_lint_text(path, text, len, all, n_names + n_found, out, n, diag);
        } else {
            rg_diag_error(diag, path, 0, 0, "out of memory");
        }
        rg_free(all);
        rg_lint_names_free(found, n_found);
    }
    return rc;
}

/* ---- output ---- */

char *rg_lint_finding_format(const rg_lint_finding *f)
{
    rg_buf b = {0};
    if (rg_buf_printf(&b, "%s:%ld:%ld: %s: %s (%s)", f->path, f->line, f->col, f->rule, f->message,
                      f->suggestion) != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

json_t *rg_lint_findings_json(const rg_lint_finding *f, size_t n)
{
    unsigned long failures = rg_alloc_failures();
    json_t *arr = json_array();
    if (!arr)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        /* A path is whatever bytes the file system gave; JSON needs UTF-8. */
        char *file = clean_copy(f[i].path, strlen(f[i].path));
        json_t *o = json_pack("{s:s?, s:I, s:I, s:s, s:s, s:s}", "file", file, "line",
                              (json_int_t)f[i].line, "col", (json_int_t)f[i].col, "rule", f[i].rule,
                              "message", f[i].message, "suggestion", f[i].suggestion);
        rg_free(file);
        if (!o || !file || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    if (rg_alloc_failures() != failures) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

json_t *rg_lint_review_json(const json_t *model, const char *md, size_t md_len, rg_diag *diag)
{
    const json_t *resp = json_object_get(model, "responders");
    size_t n_resp = json_array_size(resp);
    const char **names = rg_calloc(n_resp + 1, sizeof(*names));
    if (!names) {
        rg_diag_error(diag, "review.md", 0, 0, "out of memory");
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n_resp; i++) {
        /* the people the review lists (README, "Every section bounded"), as
         * `reviewgen lint review.md` reads them from its table */
        const json_t *p = json_array_get(resp, i);
        const json_t *listed = json_object_get(p, "listed");
        const char *s = rg_json_str(p, "name");
        if (s && !json_is_false(listed))
            names[k++] = s;
    }
    rg_lint_finding *f = NULL;
    size_t n = 0;
    json_t *arr = NULL;
    if (rg_lint_text("review.md", md, md_len, names, k, &f, &n, diag) == 0) {
        arr = rg_lint_findings_json(f, n);
        if (!arr)
            rg_diag_error(diag, "review.md", 0, 0, "out of memory");
    }
    rg_lint_findings_free(f, n);
    rg_free(names);
    return arr;
}
