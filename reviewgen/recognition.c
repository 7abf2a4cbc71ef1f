/* recognition.c -- thanks computed from the timeline. Nobody is ranked and
 * nothing counts messages against a person: each responder is listed in the
 * order they joined, with the things they did (README, "Recognition"). */
#include "recognition.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "alloc.h"
#include "fold.h"
#include "modelval.h"

#define US INT64_C(1000000)

#define set_str rg_model_set_str
#define time_str rg_model_time

static json_t *dur_text(int64_t seconds)
{
    char buf[48];
    return json_string(rg_duration_format(seconds, buf));
}

/* Days since 1970-01-01 to a weekday, 0 = Monday (1970-01-01 was a Thursday). */
static int weekday(int64_t local_s)
{
    int64_t days = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int64_t rg_outside_hours(int64_t from_us, int64_t to_us, const rg_tz *zone, rg_hours hours)
{
    if (to_us <= from_us)
        return 0;
    const rg_tz *z = zone ? zone : rg_tz_utc();
    int64_t outside_us = 0;
    /* Walk in steps that end at the next local minute boundary: offsets
     * change on minute boundaries, and working hours are in minutes. */
    int64_t t = from_us;
    while (t < to_us) {
        int64_t local_s = t / US + rg_tz_offset_at(z, t);
        int64_t sec_of_min = ((local_s % 60) + 60) % 60;
        int64_t step = (60 - sec_of_min) * US - (t % US + US) % US;
        if (step <= 0)
            step = 60 * US;
        if (t + step > to_us)
            step = to_us - t;
        int64_t min_of_day = (((local_s % 86400) + 86400) % 86400) / 60;
        int wd = weekday(local_s);
        if (wd >= 5 || min_of_day < hours.start_min || min_of_day >= hours.end_min)
            outside_us += step;
        t += step;
    }
    return (outside_us + US / 2) / US;
}

/* Case-insensitive substring test (strcasestr is not in POSIX). */
static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* ---- who is who ---------------------------------------------------------
 *
 * IMPLEMENTATION-OF: README "Recognition", names. One person is one
 * responder however the evidence spells them: an actor is the manifest
 * responder whose name or alias folds to the same text (rg_fold: case,
 * accents, NFC/NFD ignored), else the person already met under that folded
 * name, else a new person shown as the evidence first spelled them. */

static const char *const id_attrs[] = {"user", "user_id", "handle", "login", "email"};

static int folds_to(const char *s, const char *key)
{
    char *f = rg_fold(s, strlen(s));
    int eq = f && strcmp(f, key) == 0;
    rg_free(f);
    return eq;
}

static int responder_is(const rg_responder *r, const char *key)
{
    if (folds_to(r->name, key))
        return 1;
    for (size_t k = 0; k < r->n_aliases; k++)
        if (folds_to(r->aliases[k], key))
            return 1;
    return 0;
}

const rg_responder *rg_responder_for(const rg_manifest *m, const char *actor, const rg_event *ev)
{
    if (!m->n_responders)
        return NULL;
    const char *names[1 + sizeof(id_attrs) / sizeof(id_attrs[0])];
    size_t n = 0;
    if (actor)
        names[n++] = actor;
    for (size_t i = 0; ev && i < sizeof(id_attrs) / sizeof(id_attrs[0]); i++) {
        const char *v = rg_event_attr_get(ev, id_attrs[i]);
        if (v && *v)
            names[n++] = v;
    }
    for (size_t k = 0; k < n; k++) {
        char *key = rg_fold(names[k], strlen(names[k]));
        if (!key)
            return NULL;
        for (size_t i = 0; i < m->n_responders; i++)
            if (responder_is(&m->responders[i], key)) {
                rg_free(key);
                return &m->responders[i];
            }
        rg_free(key);
    }
    return NULL;
}

/* The people recognition counts: human actors of everything but logs,
 * alerts and status posts (a status page speaks for the company). */
static int acts(const rg_event *ev)
{
    return ev->human && ev->actor && ev->kind != RG_KIND_LOG && ev->kind != RG_KIND_ALERT &&
           ev->kind != RG_KIND_STATUS;
}

/* Evidence names near the name of manifest entry r: "did you mean". Fills
 * out[] (borrowed actor strings, distinct by fold) and returns how many. */
static size_t nearest_names(const rg_build *b, const rg_responder *r, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < b->timeline.n_events && n < max; i++) {
        const rg_event *ev = b->timeline.events[i];
        if (!acts(ev) || rg_responder_for(&b->manifest, ev->actor, ev))
            continue;
        int seen = 0;
        for (size_t k = 0; k < n; k++)
            seen |= rg_fold_equal(out[k], ev->actor);
        if (seen || !rg_fold_near(r->name, ev->actor))
            continue;
        out[n++] = ev->actor;
    }
    return n;
}

static int matched_in_evidence(const rg_build *b, const rg_responder *r)
{
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        const rg_event *ev = b->timeline.events[i];
        if (acts(ev) && rg_responder_for(&b->manifest, ev->actor, ev) == r)
            return 1;
    }
    return 0;
}

void rg_recognition_check(const rg_build *b, rg_diag *diag)
{
    const rg_manifest *m = &b->manifest;
    for (size_t i = 0; i < m->n_responders; i++) {
        const rg_responder *r = &m->responders[i];
        if (matched_in_evidence(b, r))
            continue;
        const char *near[3];
        size_t n = nearest_names(b, r, near, 3);
        char key[64];
        snprintf(key, sizeof(key), "responder-unmatched-%zu", i);
        if (n == 0) {
            rg_diag_warn(diag, m->path, r->line, 0, key,
                         "responder '%s' matches nobody in the evidence; listed as the manifest "
                         "names them",
                         r->name);
            continue;
        }
        char list[512] = "";
        size_t used = 0;
        for (size_t k = 0; k < n && used < sizeof(list); k++)
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s'%s'",
                                     k == 0       ? ""
                                     : k + 1 == n ? " or "
                                                  : ", ",
                                     near[k]);
        rg_diag_warn(diag, m->path, r->line, 0, key,
                     "responder '%s' matches nobody in the evidence (did you mean %s? add the "
                     "evidence's spelling to its \"aliases\")",
                     r->name, list);
    }
}

/* A responder being assembled. */
typedef struct person {
    const char *name; /* the manifest's name, else the evidence's first spelling */
    char *key;        /* folded name (rg_malloc'd) */
    const rg_responder *r;
    const rg_event *first, *last;
    const char *zone_name;
    json_t *roles; /* strings */
    json_t *did;   /* [{what, at, origin}] */
    /* folded ways a message names them: full name, aliases, and each word of
     * the name of three characters or more that nobody else's name has */
    char *terms[16];
    size_t n_terms;
    /* folded e-mail addresses the evidence gave for them (attr "email"):
     * a pager that names people by address finds them here */
    char *ids[4];
    size_t n_ids;
} person;

/* A multimap from 64-bit hashes of text to people (open addressing, linear
 * probing, 0 an empty slot). It only narrows whom to compare: every lookup
 * compares the text itself, so a chat of 20,000 people costs no 20,000²
 * string comparisons and finds exactly what a scan of everyone would. */
typedef struct imap {
    uint64_t *h;
    size_t *v;
    size_t n, cap;
} imap;

#define NO_SLOT ((size_t)-1)

static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    return h ? h : 1;
}

static int imap_add(imap *m, uint64_t h, size_t v)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        uint64_t *nh = rg_calloc(cap, sizeof(*nh));
        size_t *nv = rg_malloc(cap * sizeof(*nv));
        if (!nh || !nv) {
            rg_free(nh);
            rg_free(nv);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->h[i])
                continue;
            size_t j = m->h[i] & (cap - 1);
            while (nh[j])
                j = (j + 1) & (cap - 1);
            nh[j] = m->h[i];
            nv[j] = m->v[i];
        }
        rg_free(m->h);
        rg_free(m->v);
        m->h = nh;
        m->v = nv;
        m->cap = cap;
    }
    size_t j = h & (m->cap - 1);
    while (m->h[j])
        j = (j + 1) & (m->cap - 1);
    m->h[j] = h;
    m->v[j] = v;
    m->n++;
    return 0;
}

/* The slot of the next entry of hash h from slot j on, NO_SLOT after the
 * last: for (j = imap_find(m, h, NO_SLOT); j != NO_SLOT; j = imap_find(m, h, j)). */
static size_t imap_find(const imap *m, uint64_t h, size_t after)
{
    if (!m->cap)
        return NO_SLOT;
    size_t j = after == NO_SLOT ? h & (m->cap - 1) : (after + 1) & (m->cap - 1);
    for (; m->h[j]; j = (j + 1) & (m->cap - 1))
        if (m->h[j] == h)
            return j;
    return NO_SLOT;
}

static void imap_free(imap *m)
{
    rg_free(m->h);
    rg_free(m->v);
    memset(m, 0, sizeof(*m));
}

typedef struct people {
    person *ps;
    size_t n, cap;
    int oom;
    imap keys;  /* a person's key (a renamed person's old key stays: compared) */
    imap ids;   /* their addresses */
    imap terms; /* their terms (set_terms) */
    /* people with a term that does not start and end with a word byte
     * ("@minh"): a mention of theirs need not start at a word */
    size_t *odd, n_odd;
    size_t max_term; /* the longest term, in bytes */
    size_t *cand;    /* the people a clause may name (pp->n of them at most) */
    size_t n_cand;
    size_t *stamp; /* stamp[i] == query: person i is in cand already */
    size_t query;
} people;

/* The first person (in the order met) whose key is key. */
static person *find_key(people *pp, const char *key)
{
    uint64_t h = hash_text(key, strlen(key));
    person *best = NULL;
    for (size_t j = imap_find(&pp->keys, h, NO_SLOT); j != NO_SLOT;
         j = imap_find(&pp->keys, h, j)) {
        person *p = &pp->ps[pp->keys.v[j]];
        if (strcmp(p->key, key) == 0 && (!best || p < best))
            best = p;
    }
    return best;
}

static void index_key(people *pp, size_t i)
{
    if (imap_add(&pp->keys, hash_text(pp->ps[i].key, strlen(pp->ps[i].key)), i) != 0)
        pp->oom = 1;
}

/* The person met under key, as their name or as one of their addresses. */
static person *find_person(people *pp, const char *key)
{
    person *p = find_key(pp, key);
    if (p)
        return p;
    uint64_t h = hash_text(key, strlen(key));
    for (size_t j = imap_find(&pp->ids, h, NO_SLOT); j != NO_SLOT; j = imap_find(&pp->ids, h, j)) {
        person *q = &pp->ps[pp->ids.v[j]];
        for (size_t k = 0; k < q->n_ids; k++)
            if (strcmp(q->ids[k], key) == 0 && (!p || q < p))
                p = q;
    }
    return p;
}

static person *add_person(people *pp, const char *name, const rg_responder *r)
{
    if (pp->n == pp->cap)
        return NULL;
    person *p = &pp->ps[pp->n];
    memset(p, 0, sizeof(*p));
    p->key = rg_fold(name, strlen(name));
    p->roles = json_array();
    p->did = json_array();
    if (!p->key || !p->roles || !p->did) {
        rg_free(p->key);
        json_decref(p->roles);
        json_decref(p->did);
        pp->oom = 1;
        return NULL;
    }
    p->name = name;
    p->r = r;
    pp->n++;
    index_key(pp, pp->n - 1);
    return p;
}

/* The person an event's actor is, created on first sight. Without a
 * manifest entry, a chat that gives its author's address (attr "email")
 * joins them to the person a pager named by that address: Mattermost's
 * "Dana Whitfield" and Opsgenie's "dana.whitfield@example.com" are one
 * responder, shown by the name rather than the address. */
static person *person_for(people *pp, const rg_manifest *m, const rg_event *ev)
{
    const rg_responder *r = rg_responder_for(m, ev->actor, ev);
    const char *name = r ? r->name : ev->actor;
    const char *email = rg_event_attr_get(ev, "email");
    char *key = rg_fold(name, strlen(name));
    char *ekey = email && *email ? rg_fold(email, strlen(email)) : NULL;
    if (!key || (email && *email && !ekey)) {
        rg_free(key);
        rg_free(ekey);
        pp->oom = 1;
        return NULL;
    }
    person *p = find_person(pp, key);
    if (!p && ekey) {
        p = find_person(pp, ekey);
        if (p && p->r && r && p->r != r)
            p = NULL; /* two manifest responders: never one person */
        if (p && !p->r && (r || (strchr(p->name, '@') && !strchr(name, '@')))) {
            /* the name (or the manifest's entry) over the address */
            rg_free(p->key);
            p->key = key;
            key = NULL;
            p->name = name;
            p->r = r;
            index_key(pp, (size_t)(p - pp->ps));
        }
    }
    if (!p)
        p = add_person(pp, name, r);
    rg_free(key);
    if (p && ekey && !find_person(pp, ekey) && p->n_ids < sizeof(p->ids) / sizeof(p->ids[0])) {
        p->ids[p->n_ids++] = ekey;
        if (imap_add(&pp->ids, hash_text(ekey, strlen(ekey)), (size_t)(p - pp->ps)) != 0)
            pp->oom = 1;
    } else
        rg_free(ekey);
    return p;
}

static void add_term(person *p, const char *s, size_t len)
{
    if (p->n_terms == sizeof(p->terms) / sizeof(p->terms[0]))
        return;
    char *t = rg_fold(s, len);
    if (t && *t)
        p->terms[p->n_terms++] = t;
    else
        rg_free(t);
}

/* Characters (not bytes) in s. */
static size_t n_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Calls add(pp, h, i) for each stretch of text[0..len) that starts and
 * ends at a word boundary and is at most max bytes long: where
 * rg_fold_find_word can find a needle that starts and ends with a word
 * byte. */
static int each_stretch(people *pp, imap *m, const char *text, size_t len, size_t max, size_t i)
{
    for (size_t s = 0; s < len; s++) {
        if (!rg_fold_word_byte((unsigned char)text[s]) ||
            (s > 0 && rg_fold_word_byte((unsigned char)text[s - 1])))
            continue;
        for (size_t e = s + 1; e <= len && e - s <= max; e++) {
            if (!rg_fold_word_byte((unsigned char)text[e - 1]) ||
                (e < len && rg_fold_word_byte((unsigned char)text[e])))
                continue;
            uint64_t h = hash_text(text + s, e - s);
            if (m) {
                if (imap_add(m, h, i) != 0)
                    return -1;
                continue;
            }
            /* a lookup: mark the people of the terms hashed alike */
            for (size_t j = imap_find(&pp->terms, h, NO_SLOT); j != NO_SLOT;
                 j = imap_find(&pp->terms, h, j)) {
                size_t who = pp->terms.v[j];
                if (pp->stamp[who] != pp->query) {
                    pp->stamp[who] = pp->query;
                    pp->cand[pp->n_cand++] = who;
                }
            }
        }
    }
    return 0;
}

static int regular(const char *t, size_t n)
{
    return n && rg_fold_word_byte((unsigned char)t[0]) &&
           rg_fold_word_byte((unsigned char)t[n - 1]);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The people whose terms clause (folded, NUL-terminated) may name, in the
 * order met, into pp->cand[0..pp->n_cand): every person with an odd term,
 * and those with a term equal to a stretch of the clause between word
 * boundaries (where rg_fold_find_word finds a regular term). */
static void candidates(people *pp, const char *clause)
{
    pp->query++;
    pp->n_cand = 0;
    if (!pp->cand)
        return;
    for (size_t k = 0; k < pp->n_odd; k++) {
        pp->stamp[pp->odd[k]] = pp->query;
        pp->cand[pp->n_cand++] = pp->odd[k];
    }
    each_stretch(pp, NULL, clause, strlen(clause), pp->max_term, 0);
    qsort(pp->cand, pp->n_cand, sizeof(*pp->cand), cmp_size);
}

/* Words of a name this long or longer are not compared with other names
 * (as before the index): such a word is always a term of its own. */
#define WORD_MAX 64

/* Whether a person other than i has word (folded, NUL-terminated) in their
 * key; words indexes every key's stretches (set_terms). */
static int shared_word(const people *pp, const imap *words, size_t i, const char *word, size_t len)
{
    if (regular(word, len)) {
        uint64_t h = hash_text(word, len);
        for (size_t j = imap_find(words, h, NO_SLOT); j != NO_SLOT; j = imap_find(words, h, j))
            if (words->v[j] != i && rg_fold_has_word(pp->ps[words->v[j]].key, word))
                return 1;
        return 0;
    }
    /* a word that starts or ends with punctuation may sit anywhere */
    for (size_t j = 0; j < pp->n; j++)
        if (j != i && rg_fold_has_word(pp->ps[j].key, word))
            return 1;
    return 0;
}

static void set_terms(people *pp)
{
    /* every stretch of every key between word boundaries, so "is anyone
     * else a Minh" asks only the people whose key holds the word */
    imap words = {0};
    for (size_t i = 0; i < pp->n; i++)
        if (each_stretch(pp, &words, pp->ps[i].key, strlen(pp->ps[i].key), WORD_MAX, i) != 0)
            pp->oom = 1;
    for (size_t i = 0; i < pp->n; i++) {
        person *p = &pp->ps[i];
        add_term(p, p->name, strlen(p->name));
        for (size_t k = 0; p->r && k < p->r->n_aliases; k++)
            add_term(p, p->r->aliases[k], strlen(p->r->aliases[k]));
        /* "Minh" for Nguyễn Đức Minh, when no one else is a Minh */
        for (const char *w = p->key; *w;) {
            size_t len = strcspn(w, " ");
            if (n_chars(w, len) >= 3 && len < strlen(p->key)) {
                char word[WORD_MAX];
                int shared = 0;
                if (len < WORD_MAX) {
                    memcpy(word, w, len);
                    word[len] = '\0';
                    shared = shared_word(pp, &words, i, word, len);
                }
                if (!shared)
                    add_term(p, w, len);
            }
            w += len;
            while (*w == ' ')
                w++;
        }
    }
    imap_free(&words);
    /* the index of the terms, for the clauses that name people */
    pp->cand = rg_malloc((pp->n ? pp->n : 1) * sizeof(*pp->cand));
    pp->stamp = rg_calloc(pp->n ? pp->n : 1, sizeof(*pp->stamp));
    pp->odd = rg_malloc((pp->n ? pp->n : 1) * sizeof(*pp->odd));
    if (!pp->cand || !pp->stamp || !pp->odd) {
        pp->oom = 1;
        return;
    }
    for (size_t i = 0; i < pp->n; i++) {
        const person *p = &pp->ps[i];
        int odd = 0;
        for (size_t k = 0; k < p->n_terms; k++) {
            size_t n = strlen(p->terms[k]);
            if (n > pp->max_term)
                pp->max_term = n;
            odd |= !regular(p->terms[k], n);
            if (imap_add(&pp->terms, hash_text(p->terms[k], n), i) != 0)
                pp->oom = 1;
        }
        if (odd)
            pp->odd[pp->n_odd++] = i;
    }
}

static void free_people(people *pp)
{
    for (size_t i = 0; i < pp->n; i++) {
        person *p = &pp->ps[i];
        rg_free(p->key);
        for (size_t k = 0; k < p->n_terms; k++)
            rg_free(p->terms[k]);
        for (size_t k = 0; k < p->n_ids; k++)
            rg_free(p->ids[k]);
        json_decref(p->roles);
        json_decref(p->did);
    }
    rg_free(pp->ps);
    imap_free(&pp->keys);
    imap_free(&pp->ids);
    imap_free(&pp->terms);
    rg_free(pp->odd);
    rg_free(pp->cand);
    rg_free(pp->stamp);
}

static void add_unique(json_t *list, const char *what)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_string_value(json_array_get(list, i)) &&
            strcmp(json_string_value(json_array_get(list, i)), what) == 0)
            return;
    json_array_append_new(list, json_string(what));
}

static void add_deed(person *p, const char *what, const rg_event *ev, int64_t day0_us)
{
    for (size_t i = 0; i < json_array_size(p->did); i++) {
        const char *w = json_string_value(json_object_get(json_array_get(p->did, i), "what"));
        if (w && strcmp(w, what) == 0)
            return;
    }
    json_t *d = json_object();
    set_str(d, "what", what);
    json_object_set_new(d, "at", time_str(ev->at_us));
    set_str(d, "origin", ev->origin);
    json_object_set_new(d, "clock", rg_model_clock(ev->at_us, day0_us));
    json_array_append_new(p->did, d);
}

/* ---- roles and deeds from the chat -------------------------------------
 *
 * IMPLEMENTATION-OF: README "Recognition", roles from the chat. Messages are
 * folded, cut into sentences (at . ! ? ; and line breaks) and sentences into
 * clauses (at commas and middle dots). A clause that names a role (ROLE_IC:
 * "incident commander", "commander", "IC", "incident lead"; ROLE_COMMS:
 * "comms", "communications", "status page", "customer updates", ...) gives it
 * to:
 *   - the speaker, when the clause declares it in the first person ("I'm IC",
 *     "I'll be IC", "I'll take comms", "I have the status page") and the
 *     sentence is not a question;
 *   - the person the clause names (full name, alias, or a word of their name
 *     nobody else has), the one nearest the role word: at once for a commander
 *     named with "is" or ":" ("Linh is incident commander", "IC: Linh"),
 *     otherwise when they accept: a message of theirs within 30 minutes
 *     acknowledges ("ok", "on it", "will do", "sure", ...) or, for comms, says
 *     a customer update went out;
 *   - the person a sentence opens by addressing ("Hana, please take the
 *     status page"), on the same terms.
 * Whoever writes that a customer update went out ("posted the update",
 * "status page updated", "customer update is out", or "status page" with
 * "posting"/"posted"/"published"/"updated") talked to customers, as does the
 * author of a status post when the export names a person we know. */

enum { ROLE_IC, ROLE_COMMS, ROLE_COUNT };
/* How long a request waits for the person to accept it. */
#define ACCEPT_WITHIN_US (INT64_C(30) * 60 * US)
static const char *const role_label[ROLE_COUNT] = {"incident commander", "talked to customers"};

static const char *const ic_words[] = {"incident commander", "incident command", "incident lead",
                                       "commander", "ic"};
static const char *const comms_words[] = {"customer communications",
                                          "customer communication",
                                          "customer comms",
                                          "communications",
                                          "comms",
                                          "status page",
                                          "statuspage",
                                          "customer updates",
                                          "status updates"};
/* First-person phrases that take a role when the role follows closely. */
static const char *const taking[] = {
    "i'm",         "i am",       "i'll be",     "i will be",  "i'll take", "i will take",
    "i take",      "i'm taking", "i am taking", "i have",     "i've got",  "i got",
    "i'll own",    "i own",      "i'll handle", "i'll run",   "i'll do",   "i will do",
    "let me take", "i can take", "i'll cover",  "i'll be on", "i'm on",    "i am on"};
static const char *const accept_words[] = {
    "ack",   "ok",    "okay",         "on it",     "will do",         "sure", "yes", "got it",
    "roger", "i can", "i'll take it", "taking it", "\xF0\x9F\x91\x8D"};
static const char *const update_out[] = {"posted the update",           "posted an update",
                                         "posted the status",           "posted to the status page",
                                         "posted on the status page",   "status page updated",
                                         "status page is updated",      "updated the status page",
                                         "customer update is out",      "update is out",
                                         "customers have been updated", "told customers"};
static const char *const status_words[] = {"status page", "statuspage", "customer update"};
static const char *const posting_words[] = {"posting",   "posted",  "publishing",
                                            "published", "updated", "updating"};

/* Deeds a chat message reports (README, "Recognition"), with the words that
 * say them. `change` marks those that change the system: the last of them
 * before mitigation "made the change that mitigated". */
static const struct {
    const char *what;
    int change;
    const char *words[8];
} chat_deeds[] = {
    {"found the cause",
     0,
     {"found it", "found the cause", "found the problem", "found the issue", "root cause is",
      "root cause was", "the cause is", NULL}},
    {"rolled back a change",
     1,
     {"rolled back", "rolling back", "rollback done", "reverted it", NULL}},
    {"deployed a fix",
     1,
     {"deployed the fix", "deployed a fix", "fix deployed", "fix is deployed", "hotfix deployed",
      "rolled out", "rolling out", "deployed"}},
    {"promoted the standby",
     1,
     {"promoted", "is the new leader", "is the new primary", "failed over to", NULL}},
    {"restarted a service", 1, {"restarted", "restarting", "rolling restart", "bounced", NULL}},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *find_any(const char *hay, const char *const *words, size_t n)
{
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!words[i])
            break;
        const char *p = rg_fold_find_word(hay, words[i]);
        if (p && (!best || p < best))
            best = p;
    }
    return best;
}

static int is_chat_message(const rg_event *ev)
{
    return ev->kind == RG_KIND_CHAT && ev->human && ev->actor &&
           strcmp(ev->type, "chat.message") == 0;
}

/* A role asked of a person, waiting for them to accept it. */
typedef struct pending {
    person *who;
    int role;
    int64_t at_us;
    const rg_event *ev;
} pending;

typedef struct chat_roles {
    pending *wait;
    size_t n_wait, cap_wait;
} chat_roles;

static void credit(person *p, int role)
{
    if (p)
        add_unique(p->roles, role_label[role]);
}

static void ask(chat_roles *cr, person *who, int role, const rg_event *ev)
{
    if (!who || cr->n_wait == cr->cap_wait)
        return;
    cr->wait[cr->n_wait++] = (pending){who, role, ev->at_us, ev};
}

/* The person named in text[0..len) nearest to pos (a byte offset in it),
 * with where the mention starts and ends; NULL when nobody is named. */
static person *named_near(people *pp, const char *text, size_t len, size_t pos, size_t *m_start,
                          size_t *m_end)
{
    person *best = NULL;
    size_t best_dist = (size_t)-1;
    char *clause = rg_strndup(text, len);
    if (!clause)
        return NULL;
    candidates(pp, clause);
    for (size_t c = 0; c < pp->n_cand; c++) {
        person *p = &pp->ps[pp->cand[c]];
        for (size_t k = 0; k < p->n_terms; k++) {
            for (const char *at = rg_fold_find_word(clause, p->terms[k]); at;
                 at = rg_fold_find_word(at + 1, p->terms[k])) {
                size_t start = (size_t)(at - clause), end = start + strlen(p->terms[k]);
                size_t dist = end <= pos ? pos - end : start >= pos ? start - pos : 0;
                if (dist < best_dist) {
                    best_dist = dist;
                    best = p;
                    *m_start = start;
                    *m_end = end;
                }
            }
        }
    }
    rg_free(clause);
    return best;
}

/* The person a clause holding only their name addresses ("hana",
 * "@omar"). */
static person *vocative(people *pp, const char *clause, size_t len)
{
    while (len && (*clause == ' ' || *clause == '@')) {
        clause++;
        len--;
    }
    while (len && clause[len - 1] == ' ')
        len--;
    /* the first person met with a term equal to the clause */
    person *best = NULL;
    uint64_t h = hash_text(clause, len);
    for (size_t j = imap_find(&pp->terms, h, NO_SLOT); j != NO_SLOT;
         j = imap_find(&pp->terms, h, j)) {
        person *p = &pp->ps[pp->terms.v[j]];
        for (size_t k = 0; k < p->n_terms && (!best || p < best); k++)
            if (strlen(p->terms[k]) == len && strncmp(p->terms[k], clause, len) == 0)
                best = p;
    }
    return best;
}

/* The role words in the clause at c[0..len): pos[role] is where the first
 * of each kind starts ((size_t)-1 when none), rlen[role] its length. */
static void role_words(const char *c, size_t len, size_t pos[ROLE_COUNT], size_t rlen[ROLE_COUNT])
{
    char *clause = rg_strndup(c, len);
    pos[ROLE_IC] = pos[ROLE_COMMS] = (size_t)-1;
    rlen[ROLE_IC] = rlen[ROLE_COMMS] = 0;
    if (!clause)
        return;
    static const struct {
        const char *const *words;
        size_t n;
    } kinds[ROLE_COUNT] = {{ic_words, N_OF(ic_words)}, {comms_words, N_OF(comms_words)}};
    for (int r = 0; r < ROLE_COUNT; r++)
        for (size_t i = 0; i < kinds[r].n; i++) {
            const char *p = rg_fold_find_word(clause, kinds[r].words[i]);
            if (p && (size_t)(p - clause) < pos[r]) {
                pos[r] = (size_t)(p - clause);
                rlen[r] = strlen(kinds[r].words[i]);
            }
        }
    rg_free(clause);
}

/* 1 when a first-person taking phrase ends at most three words before pos. */
static int takes_it(const char *c, size_t pos)
{
    char *clause = rg_strndup(c, pos);
    int yes = 0;
    if (!clause)
        return 0;
    for (size_t i = 0; i < N_OF(taking) && !yes; i++) {
        for (const char *at = rg_fold_find_word(clause, taking[i]); at && !yes;
             at = rg_fold_find_word(at + 1, taking[i])) {
            const char *end = at + strlen(taking[i]);
            int words = 0;
            for (const char *q = end; *q; q++)
                words += *q == ' ' && q[1] && q[1] != ' ';
            yes = words <= 3;
        }
    }
    rg_free(clause);
    return yes;
}

/* "Linh is incident commander", "IC: Linh", "IC is Linh": nothing but "is",
 * "the", ':' or '=' between the mention c[ms..me) and the role word at rp
 * (rl bytes long). */
static int named_as(const char *c, size_t ms, size_t me, size_t rp, size_t rl)
{
    size_t a = me <= rp ? me : rp + rl, b = me <= rp ? rp : ms;
    for (size_t i = a; i < b;) {
        while (i < b && (c[i] == ' ' || c[i] == ':' || c[i] == '='))
            i++;
        size_t w = i;
        while (i < b && c[i] != ' ' && c[i] != ':' && c[i] != '=')
            i++;
        size_t n = i - w;
        if (n && !((n == 2 && strncmp(c + w, "is", 2) == 0) ||
                   (n == 3 && strncmp(c + w, "the", 3) == 0)))
            return 0;
    }
    return 1;
}

static void clause_roles(people *pp, chat_roles *cr, person *speaker, const rg_event *ev,
                         const char *c, size_t len, person *addressed, int question)
{
    size_t pos[ROLE_COUNT], rlen[ROLE_COUNT];
    role_words(c, len, pos, rlen);
    for (int role = 0; role < ROLE_COUNT; role++) {
        if (pos[role] == (size_t)-1)
            continue;
        if (!question && takes_it(c, pos[role])) {
            credit(speaker, role);
            continue;
        }
        size_t ms = 0, me = 0;
        person *who = named_near(pp, c, len, pos[role], &ms, &me);
        if (who && who == speaker) {
            credit(who, role); /* "Linh is incident commander", said by Linh */
        } else if (who) {
            if (role == ROLE_IC && named_as(c, ms, me, pos[role], rlen[role]))
                credit(who, role);
            else
                ask(cr, who, role, ev);
        } else if (addressed && addressed != speaker) {
            ask(cr, addressed, role, ev);
        }
    }
}

static int says_update_out(const char *f)
{
    if (find_any(f, update_out, N_OF(update_out)))
        return 1;
    return find_any(f, status_words, N_OF(status_words)) &&
           find_any(f, posting_words, N_OF(posting_words));
}

/* Roles one human chat message gives (f is its folded text). */
static void message_roles(people *pp, chat_roles *cr, person *speaker, const rg_event *ev,
                          const char *f)
{
    /* accepting what was asked of the speaker before */
    int accepts = find_any(f, accept_words, N_OF(accept_words)) != NULL;
    int update = says_update_out(f);
    for (size_t i = 0; i < cr->n_wait; i++) {
        pending *w = &cr->wait[i];
        if (w->who != speaker || !w->ev || ev->at_us < w->at_us || w->ev == ev)
            continue;
        if (ev->at_us - w->at_us > ACCEPT_WITHIN_US) {
            w->ev = NULL; /* never answered */
        } else if (accepts || (w->role == ROLE_COMMS && update)) {
            credit(speaker, w->role);
            w->ev = NULL;
        }
    }
    if (update)
        credit(speaker, ROLE_COMMS);
    /* a middle dot ("IC: Linh · comms: Siti", Slack topics) separates
     * clauses like a comma */
    char *t = rg_strdup(f);
    if (!t)
        return;
    for (char *d = strstr(t, "\xC2\xB7"); d; d = strstr(d, "\xC2\xB7"))
        d[0] = d[1] = ',';
    for (const char *s = t; *s;) {
        size_t slen = strcspn(s, ".!?;\n");
        int question = s[slen] == '?';
        person *addressed = NULL;
        for (size_t off = 0; off < slen;) {
            const char *c = s + off;
            size_t clen = strcspn(c, ",");
            if (off + clen > slen)
                clen = slen - off;
            if (off == 0)
                addressed = vocative(pp, c, clen);
            clause_roles(pp, cr, speaker, ev, c, clen, off ? addressed : NULL, question);
            off += clen;
            if (off < slen)
                off++;
        }
        s += slen;
        if (*s)
            s++;
    }
    rg_free(t);
}

/* What a responder did, in words, from an event they are the actor of; NULL
 * for events that say nothing a reader needs (ordinary chat). Nothing here
 * counts messages: recognition is about what people did, not how much they
 * typed. */
static const char *deed(const rg_build *b, const rg_event *ev)
{
    if (ev->milestone) {
        static const struct {
            const char *ms, *text;
        } by_ms[] = {{"detected", "raised the alarm"},
                     {"acknowledged", "took ownership"},
                     {"mobilized", "assembled the response"},
                     {"communicated", "told customers"},
                     {"mitigated", "reported the impact stopped"},
                     {"recovered", "stood the response down"},
                     {"resolved", "announced the recovery"}};
        for (size_t i = 0; i < sizeof(by_ms) / sizeof(by_ms[0]); i++)
            if (strcmp(ev->milestone, by_ms[i].ms) == 0)
                return by_ms[i].text;
    }
    if (strcmp(ev->type, "page.acknowledged") == 0)
        return "acknowledged the page";
    if (strcmp(ev->type, "page.escalated") == 0)
        return "escalated the page";
    if (strcmp(ev->type, "page.resolved") == 0)
        return "resolved the page";
    if (ev->kind == RG_KIND_NOTE)
        return "documented findings";
    if (ev->kind == RG_KIND_CHANGE)
        return "made a change";
    if (ev->kind == RG_KIND_CHAT && strcmp(ev->type, "chat.message") == 0) {
        const rg_phrases *p = &b->manifest.phrases;
        if (rg_has_action_line(&b->manifest, ev->text))
            return "raised a follow-up";
        if (rg_phrase_match(ev->text, p->mitigated, p->n_mitigated))
            return "confirmed the recovery";
        if (rg_phrase_match(ev->text, p->mobilize, p->n_mobilize))
            return "organised the response";
        if (rg_phrase_match(ev->text, p->report, p->n_report))
            return "reported what they saw";
    }
    return NULL;
}

/* Words that make a sentence about a deed not a report of one: "should have
 * been promoted", "was not rolled back", "if we restart". */
static const char *const hedges[] = {"should", "would",   "could", "not",   "n't",
                                     "if",     "whether", "might", "maybe", "never"};

/* The chat deed a folded message reports, or -1: a sentence that says it
 * with no hedge in it, and that is not a question. */
static int chat_deed(const char *f)
{
    for (const char *s = f; *s;) {
        size_t n = strcspn(s, ".!?;\n");
        char *sentence = s[n] == '?' ? NULL : rg_strndup(s, n);
        if (sentence && !find_any(sentence, hedges, N_OF(hedges)))
            for (size_t i = 0; i < N_OF(chat_deeds); i++)
                if (find_any(sentence, chat_deeds[i].words, N_OF(chat_deeds[i].words))) {
                    rg_free(sentence);
                    return (int)i;
                }
        rg_free(sentence);
        s += n;
        if (*s)
            s++;
    }
    return -1;
}

/* The table's texts: "took ownership (14:07:40); escalated the page
 * (14:12:25)", the time of day they joined, and their roles in a line. */
static void set_texts(json_t *r, const rg_event *first, int64_t day0_us)
{
    json_t *did = json_object_get(r, "did");
    char buf[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < json_array_size(did) && used < sizeof(buf) - 1; i++) {
        json_t *d = json_array_get(did, i);
        const char *w = json_string_value(json_object_get(d, "what"));
        const char *clock = json_string_value(json_object_get(d, "clock"));
        if (!w || !clock)
            continue; /* out of memory: the model is thrown away anyway */
        int n = snprintf(buf + used, sizeof(buf) - used, "%s%s (%s)", i ? "; " : "", w, clock);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    set_str(r, "did_text", used ? buf : NULL);
    if (first)
        json_object_set_new(r, "first_clock", rg_model_clock(first->at_us, day0_us));
    json_t *roles = json_object_get(r, "roles");
    char rb[512] = "";
    size_t ru = 0;
    for (size_t i = 0; i < json_array_size(roles) && ru < sizeof(rb) - 1; i++) {
        int n = snprintf(rb + ru, sizeof(rb) - ru, "%s%s", i ? ", " : "",
                         json_string_value(json_array_get(roles, i)));
        if (n < 0)
            break;
        ru += (size_t)n;
    }
    set_str(r, "roles_text", ru ? rb : NULL);
}

json_t *rg_recognition_json(const rg_build *b)
{
    const rg_manifest *m = &b->manifest;
    const rg_timeline *tl = &b->timeline;
    people pp = {0};
    pp.cap = tl->n_events + m->n_responders + 1;
    pp.ps = rg_calloc(pp.cap, sizeof(*pp.ps));
    chat_roles cr = {0};
    cr.cap_wait = 4 * (tl->n_events + 1);
    cr.wait = rg_calloc(cr.cap_wait, sizeof(*cr.wait));
    rg_tz **loaded = rg_calloc(pp.cap, sizeof(*loaded));
    size_t n_loaded = 0;
    int64_t day0 = tl->n_events ? rg_model_day(tl->events[0]->at_us) : 0;
    json_t *root = json_object();
    char **folded = rg_calloc(tl->n_events + 1, sizeof(*folded));
    if (!pp.ps || !cr.wait || !loaded || !root || !folded)
        goto fail;

    /* People, in the order they first acted. */
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (!acts(ev))
            continue;
        person *p = person_for(&pp, m, ev);
        if (!p)
            goto fail;
        if (!p->first)
            p->first = ev;
        p->last = ev;
        /* The chat export knows each person's zone (Slack users.json "tz"). */
        const char *tz = rg_event_attr_get(ev, "tz");
        if (tz && !p->zone_name)
            p->zone_name = tz;
    }
    /* Named by the lead and absent from the evidence: thanked all the same,
     * unless someone in the evidence is near their name, which is a rename
     * (rg_recognition_check warns), not a second person. */
    for (size_t i = 0; i < m->n_responders; i++) {
        const rg_responder *r = &m->responders[i];
        const char *near[1];
        char *key = rg_fold(r->name, strlen(r->name));
        if (!key)
            goto fail;
        int known = find_key(&pp, key) != NULL;
        rg_free(key);
        if (!known && nearest_names(b, r, near, 1) == 0 && !add_person(&pp, r->name, r))
            goto fail;
    }
    set_terms(&pp);
    if (pp.oom)
        goto fail; /* an index missing a person would miss their mentions */

    /* What each did: deeds from pages, notes, changes and milestones, and
     * from what the chat says (found the cause, rolled back, ...). */
    const rg_event *last_change = NULL;
    person *last_changer = NULL;
    const rg_milestones *ms = &b->milestones;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (ev->kind == RG_KIND_CHAT && !ev->human && ev->text &&
            strcmp(ev->type, "chat.message") == 0) {
            /* an incident bot naming the commander ("IC: @Linh") */
            char *f = rg_fold(ev->text, strlen(ev->text));
            if (!f)
                goto fail;
            message_roles(&pp, &cr, NULL, ev, f);
            rg_free(f);
            continue;
        }
        if (!acts(ev))
            continue;
        person *p = person_for(&pp, m, ev);
        if (!p)
            goto fail;
        const char *what = deed(b, ev);
        if (what)
            add_deed(p, what, ev, day0);
        int change = ev->kind == RG_KIND_CHANGE;
        if (is_chat_message(ev)) {
            folded[i] = rg_fold(ev->text, strlen(ev->text));
            if (!folded[i])
                goto fail;
            int d = chat_deed(folded[i]);
            if (d >= 0) {
                add_deed(p, chat_deeds[d].what, ev, day0);
                change = chat_deeds[d].change;
            }
            message_roles(&pp, &cr, p, ev, folded[i]);
        }
        if (change && ms->m[RG_MS_MITIGATED].present && ev->at_us <= ms->m[RG_MS_MITIGATED].at_us) {
            last_change = ev;
            last_changer = p;
        }
    }
    /* Status posts whose export names their author. */
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (ev->kind != RG_KIND_STATUS)
            continue;
        const char *author = rg_event_attr_get(ev, "author");
        if (!author)
            author = ev->actor;
        if (!author)
            continue;
        const rg_responder *r = rg_responder_for(m, author, NULL);
        char *key = rg_fold(r ? r->name : author, strlen(r ? r->name : author));
        if (!key)
            goto fail;
        person *p = find_key(&pp, key);
        rg_free(key);
        if (p && p->first)
            credit(p, ROLE_COMMS);
    }

    /* Roles the timeline shows. */
    int64_t detected = ms->m[RG_MS_DETECTED].present ? ms->m[RG_MS_DETECTED].at_us : INT64_MIN;
    int64_t mobilized = ms->m[RG_MS_MOBILIZED].present ? ms->m[RG_MS_MOBILIZED].at_us : INT64_MAX;
    person *first = NULL;
    for (size_t i = 0; i < pp.n; i++)
        if (pp.ps[i].first && pp.ps[i].first->at_us >= detected &&
            (!first || pp.ps[i].first->at_us < first->first->at_us))
            first = &pp.ps[i];
    if (first)
        add_unique(first->roles, "first responder");
    for (size_t i = 0; i < pp.n; i++) {
        person *p = &pp.ps[i];
        const rg_responder *r = p->r;
        if (r && r->role && ci_contains(r->role, "commander"))
            add_unique(p->roles, "incident commander");
        if (r && r->role &&
            (ci_contains(r->role, "communication") || ci_contains(r->role, "comms")))
            add_unique(p->roles, "talked to customers");
        const rg_event *mit = ms->m[RG_MS_MITIGATED].event;
        if (mit && mit->human && mit->actor && acts(mit) && person_for(&pp, m, mit) == p)
            add_unique(p->roles, "confirmed the mitigation");
        if (p->first && p->first->at_us > mobilized)
            add_unique(p->roles, "joined later");
    }
    /* Who made the change that mitigated: the last change event, or chat
     * message reporting a change (rolled back, deployed, promoted,
     * restarted), by a person, at or before mitigation. */
    if (last_change && last_changer)
        add_unique(last_changer->roles, "made the change that mitigated");

    if (pp.oom)
        goto fail;
    json_t *list = json_array();
    for (size_t i = 0; i < pp.n; i++) {
        person *p = &pp.ps[i];
        const rg_responder *r = p->r;
        json_t *o = json_object();
        set_str(o, "name", p->name);
        set_str(o, "role", r ? r->role : NULL);
        /* A derived role the lead already wrote is not said twice. */
        for (size_t k = json_array_size(p->roles); r && r->role && k-- > 0;) {
            const char *role = json_string_value(json_array_get(p->roles, k));
            if (role && ci_contains(r->role, role))
                json_array_remove(p->roles, k);
        }
        json_object_set_new(o, "roles", p->roles);
        json_object_set_new(o, "did", p->did);
        p->roles = p->did = NULL;
        /* The zone: the manifest's word first, then the chat export's. */
        const rg_tz *zone = r && r->zone ? r->zone : NULL;
        const char *zone_name = zone ? rg_tz_name(zone) : p->zone_name;
        if (!zone && zone_name) {
            char err[128];
            rg_tz *tz = rg_tz_load(zone_name, err, sizeof(err));
            if (tz) {
                loaded[n_loaded++] = tz;
                zone = tz;
            } else {
                zone_name = NULL; /* an odd zone in an export: fall back below */
            }
        }
        if (!zone) {
            zone = m->zone;
            zone_name = rg_tz_name(zone);
        }
        set_str(o, "timezone", zone_name);
        rg_hours hours = r && r->has_hours ? r->hours : m->working_hours;
        char hbuf[32];
        snprintf(hbuf, sizeof(hbuf), "%02d:%02d\xE2\x80\x93%02d:%02d", hours.start_min / 60,
                 hours.start_min % 60, hours.end_min / 60, hours.end_min % 60);
        set_str(o, "working_hours", hbuf);
        if (p->first) {
            json_object_set_new(o, "first_at", time_str(p->first->at_us));
            set_str(o, "first_origin", p->first->origin);
            json_object_set_new(o, "last_at", time_str(p->last->at_us));
            int64_t span = (p->last->at_us - p->first->at_us + US / 2) / US;
            int64_t outside = rg_outside_hours(p->first->at_us, p->last->at_us, zone, hours);
            json_object_set_new(o, "involved", json_integer(span));
            json_object_set_new(o, "involved_text", dur_text(span));
            json_object_set_new(o, "outside_hours", json_integer(outside));
            json_object_set_new(o, "outside_hours_text", dur_text(outside));
        } else {
            json_object_set_new(o, "first_at", json_null());
            json_object_set_new(o, "involved", json_null());
            json_object_set_new(o, "outside_hours", json_null());
        }
        set_texts(o, p->first, day0);
        json_array_append_new(list, o);
    }
    json_object_set_new(root, "responders", list);

    /* The response as a whole: from detection to stand-down. */
    json_t *resp = json_object();
    const rg_milestone *from = &ms->m[RG_MS_DETECTED], *to = &ms->m[RG_MS_RECOVERED];
    if (from->present && to->present && to->at_us >= from->at_us) {
        int64_t s = (to->at_us - from->at_us + US / 2) / US;
        json_object_set_new(resp, "seconds", json_integer(s));
        json_object_set_new(resp, "text", dur_text(s));
    } else {
        json_object_set_new(resp, "seconds", json_null());
    }
    json_object_set_new(resp, "people", json_integer((json_int_t)pp.n));
    json_object_set_new(root, "response", resp);

    /* The customers: what they were told, over how long. */
    json_t *cust = json_object();
    const rg_event *first_post = NULL, *last_post = NULL;
    size_t posts = 0;
    for (size_t i = 0; i < tl->n_events; i++)
        if (tl->events[i]->kind == RG_KIND_STATUS) {
            if (!first_post)
                first_post = tl->events[i];
            last_post = tl->events[i];
            posts++;
        }
    json_object_set_new(cust, "updates", json_integer((json_int_t)posts));
    if (first_post && last_post != first_post) {
        int64_t s = (last_post->at_us - first_post->at_us + US / 2) / US;
        json_object_set_new(cust, "over", json_integer(s));
        json_object_set_new(cust, "over_text", dur_text(s));
    }
    json_object_set_new(root, "customers", cust);
    goto done;
fail:
    json_decref(root);
    root = NULL;
done:
    for (size_t i = 0; folded && i < tl->n_events; i++)
        rg_free(folded[i]);
    rg_free(folded);
    free_people(&pp);
    rg_free(cr.wait);
    for (size_t i = 0; i < n_loaded; i++)
        rg_tz_free(loaded[i]);
    rg_free(loaded);
    return root;
}
