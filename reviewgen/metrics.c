/* metrics.c -- measure the response: durations between milestones, the
 * customer-communication figures and the findings the review raises on its own
 * (README, "Durations", "Customer communication", "Findings").
 *
 * IMPLEMENTATION-OF: README, "Durations". Each duration is the difference of
 * two present milestones in µs, rounded to the nearest second with halves away
 * from zero; total_duration is resolved − started, else recovered − started.
 *
 * IMPLEMENTATION-OF: README, "Customer communication". A status post is any
 * status.* event in the timeline. Gaps are measured between consecutive posts;
 * a gap that begins at a status.resolved post is not counted (the incident was
 * closed until a later post reopened it). A gap is over the policy when it is
 * strictly longer than update_interval (30 min when the manifest gives no
 * positive value). A workaround was offered when a post matches the
 * "workaround" phrases.
 *
 * IMPLEMENTATION-OF: README, "Findings", in this order:
 *   announced-before-recovered  one per status.resolved post that an alert
 *       contradicts: one that fired before the post and resolved after it or
 *       never, else the first alert.firing or alert.resolved after the post
 *   ack-over-policy             acknowledged − detected > acknowledge_within
 *                               (5 min when not positive), compared in µs
 *   update-gap-over-policy      one per gap over the policy, each pointing at
 *                               the post that ended the wait
 *   no-customer-update          started is known and there is no status post
 *   milestones-out-of-order     one per pair of present milestones in the wrong
 *       order (README, "Milestones out of order"); the durations they would
 *       make negative are unknown, with the reason
 *   milestone-missing           one per absent milestone, saying how to set it
 *
 * IMPLEMENTATION-OF: README, "Impact periods". Spans: each alert that fired at
 * or after started (or every alert when started is unknown), from its firing
 * to the alert.resolved that closes it (an alert that never resolves runs to
 * the last event of the timeline and the period is marked open), and each
 * error burst, first error to last, and each metric.breach at or after
 * started (README, "Monitoring metrics") to the metric.recovered of its series
 * that follows it (a breach never recovered runs to the last event, open).
 * Overlapping or touching spans merge; the total is the sum of the merged
 * periods' lengths.
 * Alert firings and resolutions are paired as in milestones.c: a resolution
 * closes every open firing with the same "fingerprint" (else the same text). */
#include "metrics.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_UPDATE_INTERVAL_US (INT64_C(30) * 60 * 1000000)
#define DEFAULT_ACKNOWLEDGE_WITHIN_US (INT64_C(5) * 60 * 1000000)
#define NONE ((size_t)-1)

static const struct {
    const char *key, *label, *definition;
    rg_milestone_id to, from;
} durations[RG_DUR_COUNT] = {
    {"time_to_detect", "time to detect", "detected \u2212 started", RG_MS_DETECTED, RG_MS_STARTED},
    {"time_to_acknowledge", "time to acknowledge", "acknowledged \u2212 detected",
     RG_MS_ACKNOWLEDGED, RG_MS_DETECTED},
    {"time_to_mobilize", "time to mobilize", "mobilized \u2212 detected", RG_MS_MOBILIZED,
     RG_MS_DETECTED},
    {"time_to_communicate", "time to communicate", "communicated \u2212 detected",
     RG_MS_COMMUNICATED, RG_MS_DETECTED},
    {"time_to_mitigate", "time to mitigate", "mitigated \u2212 started", RG_MS_MITIGATED,
     RG_MS_STARTED},
    {"time_to_recover", "time to recover", "recovered \u2212 started", RG_MS_RECOVERED,
     RG_MS_STARTED},
    {"validation_window", "validation window", "resolved \u2212 mitigated", RG_MS_RESOLVED,
     RG_MS_MITIGATED},
    {"total_duration", "total duration", "resolved \u2212 started (else recovered \u2212 started)",
     RG_MS_RESOLVED, RG_MS_STARTED},
};

/* What each milestone's rules looked for, so a missing one says why. Named
 * by milestone, and the long one joined in parentheses: a missing comma
 * between two hints would join them silently (clang's
 * -Wstring-concatenation looks for exactly that). */
static const char *const missing_hint[RG_MS_COUNT] = {
    [RG_MS_STARTED] =
        "no alert fired, no error burst or metric breach was found and nothing was detected",
    [RG_MS_DETECTED] = "no alert.firing, page.triggered or human chat report was found",
    [RG_MS_ACKNOWLEDGED] =
        "no human page acknowledgement and no human chat message after detection was found",
    [RG_MS_MOBILIZED] =
        "no chat message declared the incident and no second person posted after detection",
    [RG_MS_COMMUNICATED] = "no status post was found",
    [RG_MS_MITIGATED] = ("no alert.resolved, error burst, metric.recovered, chat message saying "
                         "impact stopped or status.monitoring post was found"),
    [RG_MS_RECOVERED] = "no page.resolved was found and mitigated is unknown",
    [RG_MS_RESOLVED] = "no status.resolved post was found",
};

/* The order the milestones must keep (README, "Milestones out of order"):
 * `later` may not come before `earlier`. communicated may precede detected by
 * up to the update policy (customers told from a support report before the
 * pager fired) without a finding; its duration is still unknown then. */
static const struct {
    rg_milestone_id earlier, later;
} order_rules[] = {
    {RG_MS_STARTED, RG_MS_DETECTED},   {RG_MS_DETECTED, RG_MS_ACKNOWLEDGED},
    {RG_MS_DETECTED, RG_MS_MOBILIZED}, {RG_MS_DETECTED, RG_MS_COMMUNICATED},
    {RG_MS_STARTED, RG_MS_MITIGATED},  {RG_MS_STARTED, RG_MS_RECOVERED},
    {RG_MS_MITIGATED, RG_MS_RESOLVED}, {RG_MS_STARTED, RG_MS_RESOLVED},
};

const char *rg_duration_key(rg_duration_id id)
{
    return (unsigned)id < RG_DUR_COUNT ? durations[id].key : NULL;
}

const char *rg_duration_label(rg_duration_id id)
{
    return (unsigned)id < RG_DUR_COUNT ? durations[id].label : NULL;
}

const char *rg_duration_definition(rg_duration_id id)
{
    return (unsigned)id < RG_DUR_COUNT ? durations[id].definition : NULL;
}

/* Division truncates toward zero, so the remainder has the sign of us and
 * one comparison per sign rounds halves away from zero without overflow. */
int64_t rg_round_seconds(int64_t us)
{
    int64_t q = us / 1000000, r = us % 1000000;
    if (r >= 500000)
        q++;
    else if (r <= -500000)
        q--;
    return q;
}

/* b − a in µs; 0 when it would overflow (instants that far apart are not an
 * incident's). */
static int diff_us(int64_t b, int64_t a, int64_t *out)
{
    if ((a < 0 && b > INT64_MAX + a) || (a > 0 && b < INT64_MIN + a))
        return 0;
    *out = b - a;
    return 1;
}

static int is_type(const rg_event *ev, rg_kind kind, const char *type)
{
    return ev->kind == kind && ev->type && strcmp(ev->type, type) == 0;
}

static int is_status_post(const rg_event *ev)
{
    return ev->kind == RG_KIND_STATUS && ev->type && strncmp(ev->type, "status.", 7) == 0;
}

static int is_alert_event(const rg_event *ev)
{
    return is_type(ev, RG_KIND_ALERT, "alert.firing") ||
           is_type(ev, RG_KIND_ALERT, "alert.resolved");
}

static int same_alert(const rg_event *a, const rg_event *b)
{
    const char *fa = rg_event_attr_get(a, "fingerprint");
    const char *fb = rg_event_attr_get(b, "fingerprint");
    if (fa && fb)
        return strcmp(fa, fb) == 0;
    return a->text && b->text && strcmp(a->text, b->text) == 0;
}

typedef struct finding_list {
    rg_finding *items;
    size_t n, cap;
} finding_list;

/* Grows by doubling in the arena; the old array is abandoned there. */
static int add_finding(finding_list *fl, rg_arena *a, const char *code, const char *text,
                       const char *origin)
{
    if (!text)
        return -1;
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? fl->cap * 2 : 8;
        rg_finding *items = rg_arena_alloc(a, cap * sizeof(*items));
        if (!items)
            return -1;
        if (fl->n)
            memcpy(items, fl->items, fl->n * sizeof(*items));
        fl->items = items;
        fl->cap = cap;
    }
    fl->items[fl->n++] = (rg_finding){code, text, origin};
    return 0;
}

static const char *alert_name(const rg_event *ev)
{
    return ev->text && *ev->text ? ev->text : "(untitled)";
}

/* The alert events of the timeline (indices into tl->events) and, for each
 * alert.firing among them, the index of the alert.resolved that closes it, or
 * NONE. Only alert events are kept: a timeline is mostly log lines. */
typedef struct alert_pairs {
    size_t *at;    /* tl->events index of each alert event, in order */
    size_t *close; /* per alert event: closing alert.resolved's tl->events index */
    size_t n;
} alert_pairs;

static int pair_alerts(const rg_timeline *tl, rg_arena *a, alert_pairs *ap)
{
    size_t n = 0;
    for (size_t i = 0; i < tl->n_events; i++)
        n += is_alert_event(tl->events[i]);
    ap->n = 0;
    ap->at = rg_arena_alloc(a, (n ? n : 1) * sizeof(*ap->at));
    ap->close = rg_arena_alloc(a, (n ? n : 1) * sizeof(*ap->close));
    size_t *open = rg_arena_alloc(a, (n ? n : 1) * sizeof(*open));
    if (!ap->at || !ap->close || !open)
        return -1;
    size_t n_open = 0;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (!is_alert_event(ev))
            continue;
        size_t slot = ap->n++;
        ap->at[slot] = i;
        ap->close[slot] = NONE;
        if (strcmp(ev->type, "alert.firing") == 0) {
            open[n_open++] = slot;
            continue;
        }
        for (size_t k = 0; k < n_open;) {
            if (same_alert(tl->events[ap->at[open[k]]], ev)) {
                ap->close[open[k]] = i;
                open[k] = open[--n_open];
            } else {
                k++;
            }
        }
    }
    return 0;
}

/* README, "Findings": a status.resolved post followed by an alert still
 * firing (fired before it, resolved after it or never), firing again, or
 * resolving. The still-firing alert is named first, as the stronger evidence. */
static int announced_before_recovered(finding_list *fl, const rg_timeline *tl, rg_arena *a)
{
    int any = 0;
    for (size_t i = 0; i < tl->n_events && !any; i++)
        any = is_type(tl->events[i], RG_KIND_STATUS, "status.resolved");
    if (!any)
        return 0;
    alert_pairs ap;
    if (pair_alerts(tl, a, &ap) < 0)
        return -1;
    for (size_t p = 0; p < tl->n_events; p++) {
        const rg_event *post = tl->events[p];
        if (!is_type(post, RG_KIND_STATUS, "status.resolved"))
            continue;
        char t_post[32], t_alert[32], t_res[32];
        rg_time_format(post->at_us, t_post);
        const char *text = NULL;
        size_t s = 0;
        for (; s < ap.n && ap.at[s] < p && !text; s++) {
            const rg_event *ev = tl->events[ap.at[s]];
            size_t close = ap.close[s];
            if (strcmp(ev->type, "alert.firing") != 0 || (close != NONE && close < p))
                continue;
            rg_time_format(ev->at_us, t_alert);
            if (close == NONE) {
                text = rg_arena_printf(a,
                                       "Success was announced at %s while alert \"%s\" was still "
                                       "firing: it fired at %s (%s) and never resolved.",
                                       t_post, alert_name(ev), t_alert, ev->origin);
            } else {
                const rg_event *res = tl->events[close];
                text = rg_arena_printf(a,
                                       "Success was announced at %s while alert \"%s\" was still "
                                       "firing: it fired at %s and resolved at %s (%s).",
                                       t_post, alert_name(ev), t_alert,
                                       rg_time_format(res->at_us, t_res), res->origin);
            }
            if (!text)
                return -1;
        }
        for (; s < ap.n && !text; s++) {
            if (ap.at[s] < p)
                continue;
            const rg_event *ev = tl->events[ap.at[s]];
            rg_time_format(ev->at_us, t_alert);
            if (strcmp(ev->type, "alert.firing") == 0)
                text = rg_arena_printf(a,
                                       "Success was announced at %s, but alert \"%s\" fired "
                                       "after it, at %s (%s).",
                                       t_post, alert_name(ev), t_alert, ev->origin);
            else
                text = rg_arena_printf(a,
                                       "Success was announced at %s while alert \"%s\" was still "
                                       "firing: it resolved at %s (%s).",
                                       t_post, alert_name(ev), t_alert, ev->origin);
            if (!text)
                return -1;
        }
        if (text && add_finding(fl, a, "announced-before-recovered", text, post->origin) < 0)
            return -1;
    }
    return 0;
}

static int communication(rg_metrics *out, finding_list *gaps, const rg_timeline *tl,
                         const rg_manifest *m, rg_arena *a)
{
    int64_t policy_us =
        m->update_interval_us > 0 ? m->update_interval_us : DEFAULT_UPDATE_INTERVAL_US;
    out->policy_s = rg_round_seconds(policy_us);
    char policy_text[48];
    rg_duration_format(out->policy_s, policy_text);
    const rg_event *prev = NULL;
    int64_t max_gap_us = 0;
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (!is_status_post(ev))
            continue;
        out->updates++;
        if (rg_phrase_match(ev->text, m->phrases.workaround, m->phrases.n_workaround))
            out->workaround_offered = 1;
        int64_t gap_us;
        if (prev && strcmp(prev->type, "status.resolved") != 0 &&
            diff_us(ev->at_us, prev->at_us, &gap_us)) {
            if (!out->has_max_gap || gap_us > max_gap_us)
                max_gap_us = gap_us;
            out->has_max_gap = 1;
            if (gap_us > policy_us) {
                out->gaps_over_policy++;
                char t_from[32], t_to[32], gap_text[48];
                rg_duration_format(rg_round_seconds(gap_us), gap_text);
                const char *text = rg_arena_printf(
                    a,
                    "Customers waited %s between status updates, from %s to %s, over the %s "
                    "policy.",
                    gap_text, rg_time_format(prev->at_us, t_from), rg_time_format(ev->at_us, t_to),
                    policy_text);
                if (add_finding(gaps, a, "update-gap-over-policy", text, ev->origin) < 0)
                    return -1;
            }
        }
        prev = ev;
    }
    if (out->has_max_gap)
        out->max_gap_s = rg_round_seconds(max_gap_us);
    return 0;
}

static int cmp_period(const void *pa, const void *pb)
{
    const rg_period *a = pa, *b = pb;
    if (a->from_us != b->from_us)
        return a->from_us < b->from_us ? -1 : 1;
    return (a->to_us > b->to_us) - (a->to_us < b->to_us);
}

/* The breach spans of the monitoring series (see the file comment): appends
 * to spans[*n] (room for every metric event). A breach is paired with the
 * next recovery that carries its "series", as the series' crossings
 * alternate. */
static void breach_spans(const rg_timeline *tl, const rg_milestone *started, int64_t end,
                         rg_period *spans, size_t *n)
{
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (ev->kind != RG_KIND_METRIC || strcmp(ev->type, "metric.breach") != 0 ||
            (started->present && ev->at_us < started->at_us))
            continue;
        const char *series = rg_event_attr_get(ev, "series");
        rg_period p = {ev->at_us, end, 1, ev->origin};
        for (size_t k = i + 1; k < tl->n_events && series; k++) {
            const rg_event *r = tl->events[k];
            const char *rs = rg_event_attr_get(r, "series");
            if (r->kind == RG_KIND_METRIC && strcmp(r->type, "metric.recovered") == 0 && rs &&
                strcmp(rs, series) == 0) {
                p.to_us = r->at_us;
                p.open = 0;
                break;
            }
        }
        spans[(*n)++] = p;
    }
}

static int impact_periods(rg_metrics *out, const rg_timeline *tl, const rg_milestones *ms,
                          rg_arena *a)
{
    alert_pairs ap;
    if (pair_alerts(tl, a, &ap) < 0)
        return -1;
    size_t n_metric = 0;
    for (size_t i = 0; i < tl->n_events; i++)
        n_metric += tl->events[i]->kind == RG_KIND_METRIC;
    size_t cap = ap.n + ms->n_bursts + n_metric;
    rg_period *spans = rg_arena_alloc(a, (cap ? cap : 1) * sizeof(*spans));
    if (!spans)
        return -1;
    size_t n = 0;
    const rg_milestone *started = &ms->m[RG_MS_STARTED];
    int64_t end_of_evidence = tl->n_events ? tl->events[tl->n_events - 1]->at_us : 0;
    for (size_t s = 0; s < ap.n; s++) {
        const rg_event *ev = tl->events[ap.at[s]];
        if (strcmp(ev->type, "alert.firing") != 0)
            continue;
        if (started->present && ev->at_us < started->at_us)
            continue;
        rg_period p = {ev->at_us, end_of_evidence, 1, ev->origin};
        if (ap.close[s] != NONE) {
            p.to_us = tl->events[ap.close[s]]->at_us;
            p.open = 0;
        }
        spans[n++] = p;
    }
    for (size_t b = 0; b < ms->n_bursts; b++)
        spans[n++] =
            (rg_period){ms->bursts[b].from_us, ms->bursts[b].to_us, 0, ms->bursts[b].first_origin};
    breach_spans(tl, started, end_of_evidence, spans, &n);
    qsort(spans, n, sizeof(*spans), cmp_period);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k > 0 && spans[i].from_us <= spans[k - 1].to_us) {
            if (spans[i].to_us >= spans[k - 1].to_us) {
                /* the later end decides whether the merged period is open */
                spans[k - 1].open = spans[i].to_us > spans[k - 1].to_us
                                        ? spans[i].open
                                        : spans[k - 1].open || spans[i].open;
                spans[k - 1].to_us = spans[i].to_us;
            }
            continue;
        }
        spans[k++] = spans[i];
    }
    int64_t total_us = 0;
    for (size_t i = 0; i < k; i++)
        total_us += spans[i].to_us - spans[i].from_us;
    out->periods = k ? spans : NULL;
    out->n_periods = k;
    out->impact_total_s = rg_round_seconds(total_us);
    return 0;
}

int rg_metrics_add_finding(rg_metrics *mt, rg_arena *a, const char *code, const char *text,
                           const char *origin)
{
    finding_list fl = {mt->findings, mt->n_findings, mt->n_findings};
    if (add_finding(&fl, a, code, text, origin) < 0)
        return -1;
    mt->findings = fl.items;
    mt->n_findings = fl.n;
    return 0;
}

int rg_metrics_compute(rg_metrics *out, const rg_timeline *tl, const rg_milestones *ms,
                       const rg_manifest *m, rg_arena *a, rg_diag *diag)
{
    (void)diag;
    memset(out, 0, sizeof(*out));
    static const rg_timeline empty_tl;
    static const rg_manifest empty_m;
    if (!tl)
        tl = &empty_tl;
    if (!m)
        m = &empty_m;
    const rg_milestone *mi = ms->m;

    finding_list fl = {0}, gaps = {0};
    int64_t policy_us =
        m->update_interval_us > 0 ? m->update_interval_us : DEFAULT_UPDATE_INTERVAL_US;
    for (int d = 0; d < RG_DUR_COUNT; d++) {
        rg_milestone_id to_id = durations[d].to, from_id = durations[d].from;
        if (d == RG_DUR_TOTAL_DURATION && !mi[to_id].present)
            to_id = RG_MS_RECOVERED;
        const rg_milestone *to = &mi[to_id], *from = &mi[from_id];
        int64_t us;
        if (!to->present || !from->present || !diff_us(to->at_us, from->at_us, &us))
            continue;
        if (us < 0) {
            /* never a negative duration: unknown, and why */
            out->why_unknown[d] = rg_arena_printf(a, "%s is before %s", rg_milestone_name(to_id),
                                                  rg_milestone_name(from_id));
            if (!out->why_unknown[d])
                return -1;
            continue;
        }
        out->has[d] = 1;
        out->seconds[d] = rg_round_seconds(us);
    }
    for (size_t r = 0; r < sizeof(order_rules) / sizeof(order_rules[0]); r++) {
        const rg_milestone *e = &mi[order_rules[r].earlier], *l = &mi[order_rules[r].later];
        int64_t us;
        if (!e->present || !l->present || !diff_us(l->at_us, e->at_us, &us) || us >= 0)
            continue;
        if (order_rules[r].later == RG_MS_COMMUNICATED && -us <= policy_us)
            continue;
        char t_e[32], t_l[32], by[48];
        rg_duration_format(rg_round_seconds(-us), by);
        const char *text = rg_arena_printf(
            a,
            "\"%s\" (%s, %s) is %s before \"%s\" (%s, %s): one of them is wrong, or the evidence "
            "comes from different incidents; the durations between them are unknown. Check "
            "both, or set them with \"milestones\" in incident.json.",
            rg_milestone_name(order_rules[r].later), rg_time_format(l->at_us, t_l),
            l->origin ? l->origin : "no origin", by, rg_milestone_name(order_rules[r].earlier),
            rg_time_format(e->at_us, t_e), e->origin ? e->origin : "no origin");
        if (add_finding(&fl, a, "milestones-out-of-order", text, l->origin) < 0)
            return -1;
    }
    if (announced_before_recovered(&fl, tl, a) < 0 || communication(out, &gaps, tl, m, a) < 0 ||
        impact_periods(out, tl, ms, a) < 0)
        return -1;

    const rg_milestone *ack = &mi[RG_MS_ACKNOWLEDGED], *det = &mi[RG_MS_DETECTED];
    int64_t ack_policy_us =
        m->acknowledge_within_us > 0 ? m->acknowledge_within_us : DEFAULT_ACKNOWLEDGE_WITHIN_US;
    int64_t ack_us;
    if (ack->present && det->present && diff_us(ack->at_us, det->at_us, &ack_us) &&
        ack_us > ack_policy_us) {
        char took[48], policy[48];
        rg_duration_format(rg_round_seconds(ack_us), took);
        rg_duration_format(rg_round_seconds(ack_policy_us), policy);
        if (add_finding(&fl, a, "ack-over-policy",
                        rg_arena_printf(a, "Acknowledged %s after detection, over the %s policy.",
                                        took, policy),
                        ack->origin) < 0)
            return -1;
    }

    for (size_t i = 0; i < gaps.n; i++)
        if (add_finding(&fl, a, gaps.items[i].code, gaps.items[i].text, gaps.items[i].origin) < 0)
            return -1;

    const rg_milestone *started = &mi[RG_MS_STARTED];
    if (started->present && out->updates == 0) {
        char t[32];
        if (add_finding(&fl, a, "no-customer-update",
                        rg_arena_printf(a,
                                        "Customers were affected from %s and never told: no "
                                        "status post was found.",
                                        rg_time_format(started->at_us, t)),
                        started->origin) < 0)
            return -1;
    }

    for (int id = 0; id < RG_MS_COUNT; id++) {
        if (mi[id].present)
            continue;
        const char *name = rg_milestone_name((rg_milestone_id)id);
        if (add_finding(&fl, a, "milestone-missing",
                        rg_arena_printf(a,
                                        "No evidence for \"%s\" (%s); set \"milestones\": "
                                        "{\"%s\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
                                        name, missing_hint[id], name),
                        NULL) < 0)
            return -1;
    }

    out->findings = fl.items;
    out->n_findings = fl.n;
    return 0;
}
