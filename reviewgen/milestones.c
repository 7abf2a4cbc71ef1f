/* milestones.c -- choose each milestone from the merged timeline, with the
 * rule and the event that justify it (README, "Milestones and durations").
 *
 * IMPLEMENTATION-OF: README, "Milestones". Milestones are read from tl->events
 * (raw, sorted), never from the clustered entries. For each milestone the
 * rules are tried in order and the first that yields an instant wins; the
 * manifest ("milestones" in incident.json) always comes first. No rule, no
 * milestone: it stays absent (null) and metrics.c says how to set it.
 * "Human" is ev->human == 1. A chat message is kind chat, type chat.message.
 *
 *   detected      manifest; the earliest alert.firing, page.triggered or human
 *                 chat message matching the "report" phrases
 *   started       manifest; the earlier of the first alert.firing and the start
 *                 of the first error burst (a tie goes to the alert); detected
 *   acknowledged  manifest; the earliest human page.acknowledged or human
 *                 alert.acknowledged (a monitoring system's acknowledgement);
 *                 the first human chat message at or after detected matching
 *                 the "acknowledge" phrases; the first human chat message at or
 *                 after detected
 *   mobilized     manifest; the first chat message, human or bot, matching the
 *                 "mobilize" phrases (incident bots post "declared"); the first
 *                 message at or after detected by a second distinct human
 *                 (compared by actor; messages without an actor are not counted)
 *   communicated  manifest; the first status.* post
 *   mitigated     manifest; the later of the last qualifying alert.resolved and
 *                 the end of the error burst, or whichever exists (a tie goes to
 *                 the alert); the first human chat message matching the
 *                 "mitigated" phrases; the first status.monitoring
 *   recovered     manifest; the last page.resolved; mitigated
 *   resolved      manifest; the last status.resolved
 *
 * A qualifying alert.resolved (README, "Milestones"): it closes an alert that
 * fired at or after started, and it comes no later than the last
 * status.resolved (no bound when there is none). A resolution closes every
 * open firing with the same key -- the "fingerprint" attribute when both
 * events carry one, else the text -- and the alert counts as fired at the
 * first of them, so repeated notifications of one alert do not move its start.
 * An alert.resolved that closes no firing in the timeline is not counted: when
 * it fired is unknown.
 *
 * Error burst (README, "Error bursts"), the same for every log format: count
 * log.error events (kind log; all sources together; each raw event counts 1)
 * per UTC minute, floor(at_us / 60 s). Minute M is anomalous when
 *     count(M) >= 10  and  count(M) >= 5 * (baseline + 1),
 * baseline = mean count per minute over the 60 minutes before M (empty minutes
 * count 0). The burst begins at the first anomalous minute and its baseline is
 * then frozen, so a long burst does not raise its own bar. It goes on through
 * later minutes anomalous against the frozen baseline, bridging at most 2
 * consecutive non-anomalous minutes, and runs from the first error of its
 * first anomalous minute to the last error of its last one. After it ends the
 * scan goes on: a later minute anomalous against the hour before it starts the
 * next burst (impact periods use them all; the milestones use the first). */
#include "milestones.h"

#include <string.h>

#define MINUTE_US INT64_C(60000000)
#define BURST_MIN_ERRORS 10
#define BURST_BASELINE_MINUTES 60
#define BURST_MAX_GAP_MINUTES 2

static int is_type(const rg_event *ev, rg_kind kind, const char *type)
{
    return ev->kind == kind && ev->type && strcmp(ev->type, type) == 0;
}

static int is_error(const rg_event *ev)
{
    return is_type(ev, RG_KIND_LOG, "log.error");
}

static int is_chat_message(const rg_event *ev)
{
    return is_type(ev, RG_KIND_CHAT, "chat.message");
}

static int is_status_post(const rg_event *ev)
{
    return ev->kind == RG_KIND_STATUS && ev->type && strncmp(ev->type, "status.", 7) == 0;
}

/* Minutes are UTC minutes: floor, so instants before 1970 stay in their minute. */
static int64_t minute_of(int64_t at_us)
{
    int64_t q = at_us / MINUTE_US;
    if (at_us % MINUTE_US < 0)
        q--;
    return q;
}

/* 12 * count >= window + 60 is count >= 5 * (window / 60 + 1) without a double. */
static int anomalous(uint64_t count, uint64_t window_sum)
{
    return count >= BURST_MIN_ERRORS && 12 * count >= window_sum + 12 * 5;
}

/* One pass, O(n): the window holds the errors of the 60 minutes before the
 * current minute, kept by moving a tail index forward, so no minute rescans the
 * array. Errors inside a burst count in the window too, so the bar for a later
 * burst is the hour before it, whatever it held. Calls found(ctx, burst, first
 * index, last index) for each burst in time order, and stops early when it
 * returns non-zero (then returns that value); returns 0 after the last. */
typedef int (*burst_fn)(void *ctx, const rg_burst *b, size_t first, size_t last);

static int burst_scan(rg_event *const *events, size_t n, burst_fn found, void *ctx)
{
    rg_burst b;
    memset(&b, 0, sizeof(b));
    size_t tail = 0;         /* window covers errors in events[tail..i) */
    uint64_t window = 0;     /* errors in events[tail..i) */
    uint64_t frozen = 0;     /* window sum when the burst began */
    uint64_t pending = 0;    /* errors of non-anomalous minutes inside the burst so far */
    int64_t last_minute = 0; /* last anomalous minute of the burst */
    size_t first = 0, last = 0;
    size_t i = 0;
    while (i < n) {
        if (!is_error(events[i])) {
            i++;
            continue;
        }
        int64_t m = minute_of(events[i]->at_us);
        size_t group_first = i, group_last = i, j = i;
        uint64_t count = 0;
        for (; j < n; j++) {
            if (!is_error(events[j]))
                continue;
            if (minute_of(events[j]->at_us) != m)
                break;
            count++;
            group_last = j;
        }
        if (b.present && m - last_minute > BURST_MAX_GAP_MINUTES + 1) {
            /* the burst is over: report it, then look at this minute afresh */
            b.from_us = events[first]->at_us;
            b.to_us = events[last]->at_us;
            b.first_origin = events[first]->origin;
            b.last_origin = events[last]->origin;
            int rc = found(ctx, &b, first, last);
            if (rc)
                return rc;
            memset(&b, 0, sizeof(b));
            pending = 0;
        }
        if (!b.present) {
            while (tail < i && (!is_error(events[tail]) ||
                                minute_of(events[tail]->at_us) < m - BURST_BASELINE_MINUTES)) {
                if (is_error(events[tail]))
                    window--;
                tail++;
            }
            if (anomalous(count, window)) {
                b.present = 1;
                frozen = window;
                b.baseline_per_min = (double)window / BURST_BASELINE_MINUTES;
                b.errors = count;
                first = group_first;
                last = group_last;
                last_minute = m;
            }
        } else {
            pending += count;
            if (anomalous(count, frozen)) {
                b.errors += pending;
                pending = 0;
                last = group_last;
                last_minute = m;
            }
        }
        window += count;
        i = j;
    }
    if (b.present) {
        b.from_us = events[first]->at_us;
        b.to_us = events[last]->at_us;
        b.first_origin = events[first]->origin;
        b.last_origin = events[last]->origin;
        return found(ctx, &b, first, last);
    }
    return 0;
}

/* The first burst, and the indices of its first and last errors. */
typedef struct first_burst {
    rg_burst *b;
    size_t first, last;
} first_burst;

static int take_first(void *ctx, const rg_burst *b, size_t first, size_t last)
{
    first_burst *fb = ctx;
    *fb->b = *b;
    fb->first = first;
    fb->last = last;
    return 1;
}

void rg_burst_find(rg_burst *b, rg_event *const *events, size_t n)
{
    memset(b, 0, sizeof(*b));
    first_burst fb = {b, 0, 0};
    burst_scan(events, n, take_first, &fb);
}

typedef struct burst_list {
    rg_arena *a;
    rg_burst *items;
    size_t n, cap;
} burst_list;

static int collect(void *ctx, const rg_burst *b, size_t first, size_t last)
{
    (void)first;
    (void)last;
    burst_list *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        rg_burst *items = rg_arena_alloc(l->a, cap * sizeof(*items));
        if (!items)
            return -1;
        if (l->n)
            memcpy(items, l->items, l->n * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = *b;
    return 0;
}

int rg_bursts_find(rg_arena *a, rg_event *const *events, size_t n, rg_burst **out, size_t *n_out)
{
    burst_list l = {a, NULL, 0, 0};
    if (burst_scan(events, n, collect, &l) != 0)
        return -1;
    *out = l.items;
    *n_out = l.n;
    return 0;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* A boundary is needed only beside a phrase's word characters, as with \b in
 * a regular expression: "ack!" matches "ack", "backend" does not. */
static int phrase_at(const unsigned char *t, size_t pos, const unsigned char *p, size_t plen)
{
    for (size_t k = 0; k < plen; k++)
        if (t[pos + k] == 0 || lower(t[pos + k]) != lower(p[k]))
            return 0;
    if (is_word_byte(p[0]) && pos > 0 && is_word_byte(t[pos - 1]))
        return 0;
    if (is_word_byte(p[plen - 1]) && is_word_byte(t[pos + plen]))
        return 0;
    return 1;
}

int rg_phrase_match(const char *text, const char *const *phrases, size_t n)
{
    if (!text)
        return 0;
    const unsigned char *t = (const unsigned char *)text;
    size_t tlen = strlen(text);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)phrases[i];
        if (!p || !*p)
            continue;
        size_t plen = strlen(phrases[i]);
        for (size_t pos = 0; pos + plen <= tlen; pos++)
            if (phrase_at(t, pos, p, plen))
                return 1;
    }
    return 0;
}

static void set_event(rg_milestone *ms, const rg_event *ev, const char *rule)
{
    ms->present = 1;
    ms->at_us = ev->at_us;
    ms->origin = ev->origin;
    ms->rule = rule;
    ms->manual = 0;
    ms->event = ev;
}

static void set_derived(rg_milestone *ms, const rg_milestone *from, const char *rule)
{
    ms->present = 1;
    ms->at_us = from->at_us;
    ms->origin = from->origin;
    ms->rule = rule;
    ms->manual = 0;
    ms->event = NULL;
}

static int same_alert(const rg_event *a, const rg_event *b)
{
    const char *fa = rg_event_attr_get(a, "fingerprint");
    const char *fb = rg_event_attr_get(b, "fingerprint");
    if (fa && fb)
        return strcmp(fa, fb) == 0;
    return a->text && b->text && strcmp(a->text, b->text) == 0;
}

/* The last qualifying alert.resolved (see the file comment), or NULL. open[]
 * holds the indices of firings not yet resolved; it is kept compact. */
static int last_alert_resolved(const rg_timeline *tl, const rg_milestone *started, rg_arena *a,
                               const rg_event **out)
{
    *out = NULL;
    size_t n_firing = 0;
    int has_status_resolved = 0;
    int64_t status_resolved_us = 0;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (is_type(ev, RG_KIND_ALERT, "alert.firing"))
            n_firing++;
        else if (is_type(ev, RG_KIND_STATUS, "status.resolved")) {
            has_status_resolved = 1;
            status_resolved_us = ev->at_us;
        }
    }
    if (n_firing == 0)
        return 0;
    size_t *open = rg_arena_alloc(a, n_firing * sizeof(*open));
    if (!open)
        return -1;
    size_t n_open = 0;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (is_type(ev, RG_KIND_ALERT, "alert.firing")) {
            open[n_open++] = i;
            continue;
        }
        if (!is_type(ev, RG_KIND_ALERT, "alert.resolved"))
            continue;
        int matched = 0;
        int64_t fired_us = 0;
        for (size_t k = 0; k < n_open;) {
            const rg_event *f = tl->events[open[k]];
            if (!same_alert(f, ev)) {
                k++;
                continue;
            }
            if (!matched || f->at_us < fired_us)
                fired_us = f->at_us;
            matched = 1;
            open[k] = open[--n_open];
        }
        if (!matched || !started->present || fired_us < started->at_us)
            continue;
        if (has_status_resolved && ev->at_us > status_resolved_us)
            continue;
        *out = ev;
    }
    return 0;
}

static const rg_event *first_where(const rg_timeline *tl,
                                   int (*pred)(const rg_event *ev, const void *arg),
                                   const void *arg, int64_t from_us)
{
    for (size_t i = 0; i < tl->n_events; i++)
        if (tl->events[i]->at_us >= from_us && pred(tl->events[i], arg))
            return tl->events[i];
    return NULL;
}

static const rg_event *last_where(const rg_timeline *tl,
                                  int (*pred)(const rg_event *ev, const void *arg), const void *arg)
{
    for (size_t i = tl->n_events; i-- > 0;)
        if (pred(tl->events[i], arg))
            return tl->events[i];
    return NULL;
}

typedef struct kind_type {
    rg_kind kind;
    const char *type;
} kind_type;

static const kind_type alert_firing = {RG_KIND_ALERT, "alert.firing"};
static const kind_type page_triggered = {RG_KIND_PAGE, "page.triggered"};
static const kind_type page_resolved = {RG_KIND_PAGE, "page.resolved"};
static const kind_type status_monitoring = {RG_KIND_STATUS, "status.monitoring"};
static const kind_type status_resolved = {RG_KIND_STATUS, "status.resolved"};

static int pred_type(const rg_event *ev, const void *arg)
{
    const kind_type *kt = arg;
    return is_type(ev, kt->kind, kt->type);
}

static int pred_status_post(const rg_event *ev, const void *arg)
{
    (void)arg;
    return is_status_post(ev);
}

static int pred_human_chat(const rg_event *ev, const void *arg)
{
    (void)arg;
    return is_chat_message(ev) && ev->human == 1;
}

typedef struct phrase_list {
    const char **p;
    size_t n;
} phrase_list;

static int pred_human_chat_phrase(const rg_event *ev, const void *arg)
{
    const phrase_list *pl = arg;
    return pred_human_chat(ev, NULL) && rg_phrase_match(ev->text, pl->p, pl->n);
}

static int pred_chat_phrase(const rg_event *ev, const void *arg)
{
    const phrase_list *pl = arg;
    return is_chat_message(ev) && rg_phrase_match(ev->text, pl->p, pl->n);
}

static int pred_human_ack(const rg_event *ev, const void *arg)
{
    (void)arg;
    return ev->human == 1 && (is_type(ev, RG_KIND_PAGE, "page.acknowledged") ||
                              is_type(ev, RG_KIND_ALERT, "alert.acknowledged"));
}

/* The earlier of two candidates; a tie keeps the first, so the caller's order
 * of preference decides. */
static const rg_event *earlier(const rg_event *a, const rg_event *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return b->at_us < a->at_us ? b : a;
}

static void choose_detected(rg_milestone *ms, const rg_timeline *tl, const rg_manifest *m)
{
    phrase_list report = {m->phrases.report, m->phrases.n_report};
    const rg_event *firing = first_where(tl, pred_type, &alert_firing, INT64_MIN);
    const rg_event *page = first_where(tl, pred_type, &page_triggered, INT64_MIN);
    const rg_event *chat = first_where(tl, pred_human_chat_phrase, &report, INT64_MIN);
    const rg_event *best = earlier(earlier(firing, page), chat);
    if (!best)
        return;
    set_event(ms, best,
              best == firing ? "first alert.firing"
              : best == page ? "first page.triggered"
                             : "first human chat message that reports the problem");
}

static void choose_started(rg_milestone *ms, const rg_timeline *tl, const rg_milestone *detected,
                           const rg_event *burst_first)
{
    const rg_event *firing = first_where(tl, pred_type, &alert_firing, INT64_MIN);
    const rg_event *best = earlier(firing, burst_first);
    if (best)
        set_event(ms, best,
                  best == firing ? "first alert.firing" : "start of the first error burst");
    else if (detected->present)
        set_derived(ms, detected, "no earlier signal: started = detected");
}

static void choose_acknowledged(rg_milestone *ms, const rg_timeline *tl, const rg_manifest *m,
                                const rg_milestone *detected)
{
    const rg_event *ev = first_where(tl, pred_human_ack, NULL, INT64_MIN);
    if (ev) {
        set_event(ms, ev,
                  strcmp(ev->type, "page.acknowledged") == 0 ? "first human page.acknowledged"
                                                             : "first human alert.acknowledged");
        return;
    }
    if (!detected->present)
        return;
    phrase_list ack = {m->phrases.acknowledge, m->phrases.n_acknowledge};
    ev = first_where(tl, pred_human_chat_phrase, &ack, detected->at_us);
    if (ev) {
        set_event(ms, ev, "first human chat message at or after detected that acknowledges");
        return;
    }
    ev = first_where(tl, pred_human_chat, NULL, detected->at_us);
    if (ev)
        set_event(ms, ev, "first human chat message at or after detected");
}

static void choose_mobilized(rg_milestone *ms, const rg_timeline *tl, const rg_manifest *m,
                             const rg_milestone *detected)
{
    phrase_list mob = {m->phrases.mobilize, m->phrases.n_mobilize};
    const rg_event *ev = first_where(tl, pred_chat_phrase, &mob, INT64_MIN);
    if (ev) {
        set_event(ms, ev, "first chat message that declares the incident or names a commander");
        return;
    }
    if (!detected->present)
        return;
    const char *first_actor = NULL;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *e = tl->events[i];
        if (e->at_us < detected->at_us || !pred_human_chat(e, NULL) || !e->actor)
            continue;
        if (!first_actor)
            first_actor = e->actor;
        else if (strcmp(first_actor, e->actor) != 0) {
            set_event(ms, e, "second distinct human in chat at or after detected");
            return;
        }
    }
}

static int choose_mitigated(rg_milestone *ms, const rg_timeline *tl, const rg_manifest *m,
                            const rg_milestone *started, const rg_event *burst_last, rg_arena *a)
{
    const rg_event *resolved;
    if (last_alert_resolved(tl, started, a, &resolved) < 0)
        return -1;
    if (resolved || burst_last) {
        /* "the later of": a tie goes to the alert, the more specific evidence. */
        if (resolved && (!burst_last || resolved->at_us >= burst_last->at_us))
            set_event(ms, resolved, "last alert.resolved");
        else
            set_event(ms, burst_last, "end of the error burst");
        return 0;
    }
    phrase_list mit = {m->phrases.mitigated, m->phrases.n_mitigated};
    const rg_event *ev = first_where(tl, pred_human_chat_phrase, &mit, INT64_MIN);
    if (ev) {
        set_event(ms, ev, "first human chat message saying impact stopped");
        return 0;
    }
    ev = first_where(tl, pred_type, &status_monitoring, INT64_MIN);
    if (ev)
        set_event(ms, ev, "first status.monitoring");
    return 0;
}

int rg_milestones_choose(rg_milestones *out, const rg_timeline *tl, const rg_manifest *m,
                         rg_arena *a, rg_diag *diag)
{
    memset(out, 0, sizeof(*out));
    static const rg_timeline empty_tl;
    static const rg_manifest empty_m;
    if (!tl)
        tl = &empty_tl;
    if (!m)
        m = &empty_m;

    first_burst fb = {&out->burst, 0, 0};
    burst_scan(tl->events, tl->n_events, take_first, &fb);
    const rg_event *bfirst = out->burst.present ? tl->events[fb.first] : NULL;
    const rg_event *blast = out->burst.present ? tl->events[fb.last] : NULL;
    if (rg_bursts_find(a, tl->events, tl->n_events, &out->bursts, &out->n_bursts) != 0)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory finding error bursts");

    rg_milestone *ms = out->m;
    /* Dependencies decide the order: started falls back to detected, the ack
     * and mobilisation rules look from detected on, mitigated needs started,
     * recovered falls back to mitigated. A manual value is what they see. */
    static const rg_milestone_id order[RG_MS_COUNT] = {
        RG_MS_DETECTED,     RG_MS_STARTED,  RG_MS_ACKNOWLEDGED, RG_MS_MOBILIZED,
        RG_MS_COMMUNICATED, RG_MS_RESOLVED, RG_MS_MITIGATED,    RG_MS_RECOVERED};
    for (size_t k = 0; k < RG_MS_COUNT; k++) {
        rg_milestone_id id = order[k];
        if (m->has_milestone[id]) {
            ms[id].present = 1;
            ms[id].at_us = m->milestone_us[id];
            /* relative, as every origin is: the review must not depend on
             * where the folder was when it was built */
            ms[id].origin = "incident.json";
            ms[id].rule = "manifest";
            ms[id].manual = 1;
            continue;
        }
        const rg_event *ev;
        switch (id) {
        case RG_MS_DETECTED:
            choose_detected(&ms[id], tl, m);
            break;
        case RG_MS_STARTED:
            choose_started(&ms[id], tl, &ms[RG_MS_DETECTED], bfirst);
            break;
        case RG_MS_ACKNOWLEDGED:
            choose_acknowledged(&ms[id], tl, m, &ms[RG_MS_DETECTED]);
            break;
        case RG_MS_MOBILIZED:
            choose_mobilized(&ms[id], tl, m, &ms[RG_MS_DETECTED]);
            break;
        case RG_MS_COMMUNICATED:
            ev = first_where(tl, pred_status_post, NULL, INT64_MIN);
            if (ev)
                set_event(&ms[id], ev, "first status post");
            break;
        case RG_MS_MITIGATED:
            if (choose_mitigated(&ms[id], tl, m, &ms[RG_MS_STARTED], blast, a) < 0)
                return -1;
            break;
        case RG_MS_RECOVERED:
            ev = last_where(tl, pred_type, &page_resolved);
            if (ev)
                set_event(&ms[id], ev, "last page.resolved");
            else if (ms[RG_MS_MITIGATED].present)
                set_derived(&ms[id], &ms[RG_MS_MITIGATED],
                            "no page.resolved: recovered = mitigated");
            break;
        case RG_MS_RESOLVED:
            ev = last_where(tl, pred_type, &status_resolved);
            if (ev)
                set_event(&ms[id], ev, "last status.resolved");
            break;
        default:
            break;
        }
    }
    return 0;
}
