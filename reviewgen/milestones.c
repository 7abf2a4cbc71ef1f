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
 *   started       manifest; the earliest of the first alert.firing, the start
 *                 of the first error burst and the first metric.breach (a tie
 *                 goes to the alert, then the burst); detected
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
 *   mitigated     manifest; the latest of the last qualifying alert.resolved,
 *                 the end of the error burst and the last qualifying
 *                 metric.recovered, of whichever exist (a tie goes to the
 *                 alert, then the burst); the first human chat message
 *                 matching the "mitigated" phrases; the first status.monitoring
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
 * A qualifying metric.recovered (README, "Metrics") likewise ends a breach of
 * its series (the "series" attribute pairs them; a series' breaches and
 * recoveries alternate) that began at or after started, and comes no later
 * than the last status.resolved. A breach is not a detection: detected never
 * looks at metric events.
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
 * next burst (impact periods use them all; the milestones use the first).
 * The log error lines folded while read (reviewgen/logsum.h) count in their
 * minute as events do, so a burst is found whether or not its lines were kept;
 * when its first or last error was folded, the milestone names that line's
 * origin and time. */
#include "milestones.h"

#include <string.h>

#include "alloc.h"
#include "logsum.h"

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

/* The errors of one UTC minute: error events and folded error lines
 * (reviewgen/logsum.h) together; first/last event NULL when that line was
 * folded. */
typedef struct minute_group {
    int64_t m;
    uint64_t count;
    int64_t first_us, last_us;
    const char *first_origin, *last_origin;
    const rg_event *first_ev, *last_ev;
} minute_group;

/* Error events per minute merged with the folded errors per minute, in time
 * order. *out rg_malloc'd; -1 when out of memory. */
static int minute_groups(rg_event *const *events, size_t n, const rg_error_minute *folded,
                         size_t n_folded, minute_group **out, size_t *n_out)
{
    size_t n_err = 0;
    for (size_t i = 0; i < n; i++)
        n_err += is_error(events[i]);
    minute_group *g = rg_malloc((n_err + n_folded + 1) * sizeof(*g));
    if (!g)
        return -1;
    size_t k = 0, i = 0, f = 0;
    while (i < n && !is_error(events[i]))
        i++;
    while (i < n || f < n_folded) {
        int64_t me = i < n ? minute_of(events[i]->at_us) : INT64_MAX;
        int64_t mf = f < n_folded ? folded[f].minute : INT64_MAX;
        int64_t m = me < mf ? me : mf;
        minute_group *cur = &g[k++];
        memset(cur, 0, sizeof(*cur));
        cur->m = m;
        for (; i < n; i++) {
            if (!is_error(events[i]))
                continue;
            if (minute_of(events[i]->at_us) != m)
                break;
            if (!cur->count)
                cur->first_ev = events[i];
            cur->last_ev = events[i];
            cur->count++;
        }
        if (cur->first_ev) {
            cur->first_us = cur->first_ev->at_us;
            cur->first_origin = cur->first_ev->origin;
            cur->last_us = cur->last_ev->at_us;
            cur->last_origin = cur->last_ev->origin;
        }
        if (mf == m) {
            const rg_error_minute *e = &folded[f++];
            if (!cur->count || e->first_us < cur->first_us) {
                cur->first_us = e->first_us;
                cur->first_origin = e->first_origin;
                cur->first_ev = NULL;
            }
            if (!cur->count || e->last_us > cur->last_us) {
                cur->last_us = e->last_us;
                cur->last_origin = e->last_origin;
                cur->last_ev = NULL;
            }
            cur->count += e->n;
        }
    }
    *out = g;
    *n_out = k;
    return 0;
}

/* One pass over the minutes, O(n): the window holds the errors of the 60
 * minutes before the current minute, kept by moving a tail index forward, so
 * no minute rescans the array. Errors inside a burst count in the window too,
 * so the bar for a later burst is the hour before it, whatever it held. Calls
 * found(ctx, burst) for each burst in time order, and stops early when it
 * returns non-zero (then returns that value); returns 0 after the last, -1
 * when out of memory. */
typedef int (*burst_fn)(void *ctx, const rg_burst *b);

static void burst_ends(rg_burst *b, const minute_group *first, const minute_group *last)
{
    b->from_us = first->first_us;
    b->to_us = last->last_us;
    b->first_origin = first->first_origin;
    b->last_origin = last->last_origin;
    b->first_event = first->first_ev;
    b->last_event = last->last_ev;
}

static int burst_scan(rg_event *const *events, size_t n, const rg_error_minute *folded,
                      size_t n_folded, burst_fn found, void *ctx)
{
    minute_group *g;
    size_t ng;
    if (minute_groups(events, n, folded, n_folded, &g, &ng) != 0)
        return -1;
    rg_burst b;
    memset(&b, 0, sizeof(b));
    size_t tail = 0;         /* window covers the errors of g[tail..i) */
    uint64_t window = 0;     /* errors in g[tail..i) */
    uint64_t frozen = 0;     /* window sum when the burst began */
    uint64_t pending = 0;    /* errors of non-anomalous minutes inside the burst so far */
    int64_t last_minute = 0; /* last anomalous minute of the burst */
    size_t first = 0, last = 0;
    int rc = 0;
    for (size_t i = 0; i < ng && rc == 0; i++) {
        int64_t m = g[i].m;
        uint64_t count = g[i].count;
        if (b.present && m - last_minute > BURST_MAX_GAP_MINUTES + 1) {
            /* the burst is over: report it, then look at this minute afresh */
            burst_ends(&b, &g[first], &g[last]);
            rc = found(ctx, &b);
            if (rc)
                break;
            memset(&b, 0, sizeof(b));
            pending = 0;
        }
        if (!b.present) {
            while (tail < i && g[tail].m < m - BURST_BASELINE_MINUTES) {
                window -= g[tail].count;
                tail++;
            }
            if (anomalous(count, window)) {
                b.present = 1;
                frozen = window;
                b.baseline_per_min = (double)window / BURST_BASELINE_MINUTES;
                b.errors = count;
                first = last = i;
                last_minute = m;
            }
        } else {
            pending += count;
            if (anomalous(count, frozen)) {
                b.errors += pending;
                pending = 0;
                last = i;
                last_minute = m;
            }
        }
        window += count;
    }
    if (rc == 0 && b.present) {
        burst_ends(&b, &g[first], &g[last]);
        rc = found(ctx, &b);
    }
    rg_free(g);
    return rc;
}

static int take_first(void *ctx, const rg_burst *b)
{
    *(rg_burst *)ctx = *b;
    return 1;
}

void rg_burst_find(rg_burst *b, rg_event *const *events, size_t n)
{
    memset(b, 0, sizeof(*b));
    if (burst_scan(events, n, NULL, 0, take_first, b) < 0)
        memset(b, 0, sizeof(*b));
}

typedef struct burst_list {
    rg_arena *a;
    rg_burst *items;
    size_t n, cap;
} burst_list;

static int collect(void *ctx, const rg_burst *b)
{
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

static int bursts_find(rg_arena *a, rg_event *const *events, size_t n,
                       const rg_error_minute *folded, size_t n_folded, rg_burst **out,
                       size_t *n_out)
{
    burst_list l = {a, NULL, 0, 0};
    if (burst_scan(events, n, folded, n_folded, collect, &l) != 0)
        return -1;
    *out = l.items;
    *n_out = l.n;
    return 0;
}

int rg_bursts_find(rg_arena *a, rg_event *const *events, size_t n, rg_burst **out, size_t *n_out)
{
    return bursts_find(a, events, n, NULL, 0, out, n_out);
}

/* The evidence of a burst's end that was folded: an event made for the
 * milestone (not in the timeline) at that instant and origin. */
static const rg_event *folded_evidence(rg_arena *a, int64_t at_us, const char *origin)
{
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return NULL;
    ev->at_us = at_us;
    ev->last_us = at_us;
    ev->kind = RG_KIND_LOG;
    ev->type = "log.error";
    ev->text = "";
    ev->time_text = "";
    ev->source = "";
    ev->origin = origin;
    return ev;
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

/* The last qualifying metric.recovered (see the file comment), or NULL. */
static const rg_event *last_metric_recovered(const rg_timeline *tl, const rg_milestone *started)
{
    const rg_event *out = NULL;
    int64_t status_resolved_us = INT64_MAX;
    for (size_t i = 0; i < tl->n_events; i++)
        if (is_type(tl->events[i], RG_KIND_STATUS, "status.resolved"))
            status_resolved_us = tl->events[i]->at_us;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (!is_type(ev, RG_KIND_METRIC, "metric.recovered") || ev->at_us > status_resolved_us ||
            !started->present)
            continue;
        const char *series = rg_event_attr_get(ev, "series");
        const rg_event *breach = NULL;
        for (size_t k = i; k-- > 0 && !breach;) {
            const rg_event *b = tl->events[k];
            const char *bs = rg_event_attr_get(b, "series");
            if (is_type(b, RG_KIND_METRIC, "metric.breach") && series && bs &&
                strcmp(series, bs) == 0)
                breach = b;
        }
        if (breach && breach->at_us >= started->at_us)
            out = ev;
    }
    return out;
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
static const kind_type metric_breach = {RG_KIND_METRIC, "metric.breach"};

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

/* The later of two candidates; a tie keeps the first. */
static const rg_event *later(const rg_event *a, const rg_event *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return b->at_us > a->at_us ? b : a;
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
    const rg_event *breach = first_where(tl, pred_type, &metric_breach, INT64_MIN);
    const rg_event *best = earlier(earlier(firing, burst_first), breach);
    if (best)
        set_event(ms, best,
                  best == firing        ? "first alert.firing"
                  : best == burst_first ? "start of the first error burst"
                                        : "first metric.breach");
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
    const rg_event *recovered = last_metric_recovered(tl, started);
    if (resolved || burst_last || recovered) {
        /* "the later of": a tie goes to the alert, the more specific evidence,
         * then to the burst. */
        const rg_event *best = later(later(resolved, burst_last), recovered);
        set_event(ms, best,
                  best == resolved     ? "last alert.resolved"
                  : best == burst_last ? "end of the error burst"
                                       : "last metric.recovered");
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

    /* Every burst, with the folded log errors counted (README, "Evidence of
     * any size"); the first is what started and mitigated use. */
    if (bursts_find(a, tl->events, tl->n_events, tl->folded_errors, tl->n_folded_errors,
                    &out->bursts, &out->n_bursts) != 0)
        return rg_diag_error(diag, NULL, 0, 0, "out of memory finding error bursts");
    const rg_event *bfirst = NULL, *blast = NULL;
    if (out->n_bursts) {
        out->burst = out->bursts[0];
        bfirst = out->burst.first_event;
        blast = out->burst.last_event;
        if (!bfirst)
            bfirst = folded_evidence(a, out->burst.from_us, out->burst.first_origin);
        if (!blast)
            blast = folded_evidence(a, out->burst.to_us, out->burst.last_origin);
        if (!bfirst || !blast)
            return rg_diag_error(diag, NULL, 0, 0, "out of memory finding error bursts");
    }

    rg_milestone *ms = out->m;
    /* Dependencies decide the order: started falls back to detected, the ack
     * and mobilisation rules look from detected on, mitigated needs started,
     * recovered falls back to mitigated. A manual value is what they see. */
    static const rg_milestone_id order[RG_MS_COUNT] = {
        RG_MS_DETECTED,     RG_MS_STARTED,  RG_MS_ACKNOWLEDGED, RG_MS_MOBILIZED,
        RG_MS_COMMUNICATED, RG_MS_RESOLVED, RG_MS_MITIGATED,    RG_MS_RECOVERED};
    for (size_t k = 0; k < RG_MS_COUNT; k++) {
        rg_milestone_id id = order[k];
        if (m->milestone_unset[id])
            continue; /* the edited review says it is unknown */
        if (m->has_milestone[id]) {
            ms[id].present = 1;
            ms[id].at_us = m->milestone_us[id];
            /* relative, as every origin is: the review must not depend on
             * where the folder was when it was built; a milestone set in the
             * edited review names its line there */
            ms[id].origin = m->milestone_origin[id] ? m->milestone_origin[id] : "incident.json";
            ms[id].rule = m->milestone_rule[id] ? m->milestone_rule[id] : "manifest";
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
