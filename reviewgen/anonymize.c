/* anonymize.c -- names out, roles in, the same substitute for a person
 * everywhere so the review still reads as one story. */
#include "anonymize.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "fold.h"
#include "recognition.h"

/* A word character for name boundaries: ASCII letters and digits, and any
 * byte of a multi-byte UTF-8 character (names are often not ASCII). */
static int word_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80; /* '_': "Asia/Ho_Chi_Minh" is not Minh */
}

const char *rg_anonymize_text(rg_arena *a, const char *text, const char *const *names,
                              const char *const *subs, size_t n)
{
    if (!text)
        return NULL;
    rg_buf out = {0};
    int changed = 0;
    for (const char *p = text; *p;) {
        size_t best = n, best_len = 0;
        if (p == text || !word_byte((unsigned char)p[-1])) {
            for (size_t i = 0; i < n; i++) {
                size_t len = strlen(names[i]);
                int full = strchr(names[i], ' ') != NULL;
                int hit =
                    full ? strncasecmp(p, names[i], len) == 0 : strncmp(p, names[i], len) == 0;
                if (hit && !word_byte((unsigned char)p[len]) && len > best_len) {
                    best = i;
                    best_len = len;
                }
            }
        }
        if (best < n) {
            if (rg_buf_puts(&out, subs[best]) != 0)
                goto oom;
            p += best_len;
            changed = 1;
        } else {
            if (rg_buf_putc(&out, *p) != 0)
                goto oom;
            p++;
        }
    }
    if (!changed) {
        rg_buf_free(&out);
        return text;
    }
    const char *copy = rg_arena_strndup(a, out.data, out.len);
    rg_buf_free(&out);
    return copy;
oom:
    rg_buf_free(&out);
    return NULL;
}

typedef struct who {
    const char *name;
    const char *sub;
    const rg_responder *r; /* the manifest entry this spelling stands for, or NULL */
} who;

static who *find(who *w, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(w[i].name, name) == 0)
            return &w[i];
    return NULL;
}

/* 1 when no other responder has this role, so the role names one person. */
static int unique_role(const rg_manifest *m, const char *role)
{
    int count = 0;
    for (size_t i = 0; i < m->n_responders; i++)
        count += m->responders[i].role && strcasecmp(m->responders[i].role, role) == 0;
    return count == 1;
}

int rg_anonymize(rg_build *b, rg_diag *diag)
{
    rg_manifest *m = &b->manifest;
    rg_arena *a = b->arena;
    size_t cap = b->timeline.n_events + m->n_responders + 1;
    who *w = rg_calloc(cap, sizeof(*w));
    if (!w)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    size_t n = 0;
    /* A chat that gives its author's address (attr "email") names one
     * person twice: a pager may call them by the address (recognition.c
     * joins the two). The address gets the name's substitute. */
    who *mail = rg_calloc(cap, sizeof(*mail)); /* name: the address, sub: the actor */
    size_t n_mail = 0;
    if (!mail) {
        rg_free(w);
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        const rg_event *ev = b->timeline.events[i];
        const char *addr = ev->actor ? rg_event_attr_get(ev, "email") : NULL;
        if (addr && *addr && !find(mail, n_mail, addr) && n_mail < cap) {
            mail[n_mail].name = addr;
            mail[n_mail++].sub = ev->actor;
        }
    }
    /* People in the order they first appear, then those only the manifest names. */
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        const rg_event *ev = b->timeline.events[i];
        if (!ev->human || !ev->actor || ev->kind == RG_KIND_STATUS)
            continue;
        const who *as = find(mail, n_mail, ev->actor);
        const char *name = as ? as->sub : ev->actor;
        if (!find(w, n, name)) {
            w[n].r = rg_responder_for(m, ev->actor, ev);
            w[n++].name = name;
        }
    }
    size_t n_evidence = n;
    /* Then the manifest's names and aliases: every spelling of one person
     * gets that person's substitute (README, "Recognition", aliases). */
    for (size_t i = 0; i < m->n_responders; i++) {
        const rg_responder *r = &m->responders[i];
        if (n < cap && !find(w, n, r->name)) {
            w[n].r = r;
            w[n++].name = r->name;
        }
    }
    int letter = 0;
    for (size_t i = 0; i < n; i++) {
        const char *role = w[i].r ? w[i].r->role : NULL;
        const char *same = NULL;
        for (size_t j = 0; j < i && w[i].r && !same; j++)
            if (w[j].r == w[i].r)
                same = w[j].sub;
        /* A manifest name that matches nobody but is near someone the
         * evidence shows is taken for them (rg_recognition_check warns): one
         * person, one substitute, so the warning names nobody either. */
        for (size_t j = 0; j < n_evidence && i >= n_evidence && !same; j++)
            if (rg_fold_near(w[i].name, w[j].name))
                same = w[j].sub;
        if (same)
            w[i].sub = same;
        else if (role && unique_role(m, role))
            w[i].sub = role;
        else if (letter < 26)
            w[i].sub = rg_arena_printf(a, "Responder %c", 'A' + letter++);
        else
            w[i].sub = rg_arena_printf(a, "Responder %d", ++letter);
    }
    /* What to look for in text: each full name, and each word of a name that
     * belongs to one person only ("Linh" in "Linh is IC"), three letters or
     * more so that initials and particles are left alone. */
    size_t max_terms = 1 + n_mail;
    for (size_t i = 0; i < n; i++)
        max_terms += 2 + strlen(w[i].name) / 2 + (w[i].r ? w[i].r->n_aliases : 0);
    const char **names = rg_arena_alloc(a, max_terms * sizeof(*names));
    const char **subs = rg_arena_alloc(a, max_terms * sizeof(*subs));
    size_t t = 0;
    int rc = 0;
    if (!names || !subs) {
        rc = rg_diag_error(diag, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        names[t] = w[i].name;
        subs[t++] = w[i].sub;
        int first_of_r = w[i].r != NULL;
        for (size_t j = 0; j < i && first_of_r; j++)
            first_of_r = w[j].r != w[i].r;
        for (size_t k = 0; first_of_r && k < w[i].r->n_aliases; k++) {
            names[t] = w[i].r->aliases[k];
            subs[t++] = w[i].sub;
        }
        if (!strchr(w[i].name, ' '))
            continue;
        for (const char *p = w[i].name; *p;) {
            size_t len = strcspn(p, " ");
            const char *word = rg_arena_strndup(a, p, len);
            if (!word) {
                rc = rg_diag_error(diag, NULL, 0, 0, "out of memory");
                goto done;
            }
            int shared = 0;
            for (size_t j = 0; j < n; j++)
                if (j != i && w[j].sub != w[i].sub && strstr(w[j].name, word))
                    shared = 1;
            unsigned char c0 = (unsigned char)word[0];
            if (len >= 3 && (isupper(c0) || c0 >= 0x80) && !shared) {
                names[t] = word;
                subs[t++] = w[i].sub;
            }
            p += len;
            while (*p == ' ')
                p++;
        }
    }
    for (size_t i = 0; i < n_mail; i++) {
        const who *of = find(w, n, mail[i].sub);
        if (of) {
            names[t] = mail[i].name;
            subs[t++] = of->sub;
        }
    }
#define ANON(field)                                                                                \
    do {                                                                                           \
        const char *s_ = rg_anonymize_text(a, (field), names, subs, t);                            \
        if ((field) && !s_) {                                                                      \
            rc = rg_diag_error(diag, NULL, 0, 0, "out of memory");                                 \
            goto done;                                                                             \
        }                                                                                          \
        (field) = s_;                                                                              \
    } while (0)
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        rg_event *ev = b->timeline.events[i];
        ANON(ev->actor); /* also the person a page notified (not human: the pager sent it) */
        ANON(ev->text);
        /* attributes name people too (a chat's "email", Nagios's ack
         * "author", a pager's "owner"); only known names are replaced */
        for (rg_attr *at = ev->attrs; at; at = at->next)
            ANON(at->value);
    }
    /* Clustered entries that are copies of log events carry the same text;
     * the others are the same events and already done. */
    for (size_t i = 0; i < b->timeline.n_entries; i++) {
        rg_event *ev = b->timeline.entries[i];
        if (ev->kind == RG_KIND_LOG)
            ANON(ev->text);
    }
    for (size_t i = 0; i < m->n_responders; i++) {
        ANON(m->responders[i].name);
        for (size_t k = 0; k < m->responders[i].n_aliases; k++)
            ANON(m->responders[i].aliases[k]);
    }
    for (size_t i = 0; i < m->n_events; i++) {
        ANON(m->events[i].actor);
        ANON(m->events[i].text);
    }
    for (size_t i = 0; i < m->n_recognition; i++)
        ANON(m->recognition[i]);
    for (size_t i = 0; i < m->n_contributing_factors; i++)
        ANON(m->contributing_factors[i]);
    for (size_t i = 0; i < m->n_action_items; i++) {
        ANON(m->action_items[i].title);
        ANON(m->action_items[i].owner);
    }
    /* a link's title may name someone ("Minh's notes"); its address is
     * left as written: an address changed would lead nowhere */
    for (size_t i = 0; i < m->n_links; i++)
        ANON(m->links[i].title);
    ANON(m->summary);
    ANON(m->customer_impact);
    ANON(m->title);
    /* the review's own header and sections (manifest.h, last block) */
    for (size_t i = 0; i < m->n_authors; i++)
        ANON(m->authors[i]);
    for (size_t i = 0; i < m->n_reviewers; i++)
        ANON(m->reviewers[i]);
    for (size_t i = 0; i < m->n_went_well; i++)
        ANON(m->went_well[i]);
    for (size_t i = 0; i < m->n_went_wrong; i++)
        ANON(m->went_wrong[i]);
    for (size_t i = 0; i < m->n_got_lucky; i++)
        ANON(m->got_lucky[i]);
#undef ANON
    /* Warnings quote what people wrote (a manifest responder's name). */
    for (size_t i = 0; diag && i < diag->n_warnings; i++) {
        const char *s_ = rg_anonymize_text(a, diag->warnings[i].first, names, subs, t);
        if (s_ && s_ != diag->warnings[i].first) {
            char *copy = rg_strdup(s_);
            if (!copy) {
                rc = rg_diag_error(diag, NULL, 0, 0, "out of memory");
                goto done;
            }
            rg_free(diag->warnings[i].first);
            diag->warnings[i].first = copy;
        }
    }
done:
    rg_free(w);
    rg_free(mail);
    return rc;
}
