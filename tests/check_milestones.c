/* check_milestones.c -- every milestone rule and fallback in order, the error
 * burst test and the chat phrase matcher, over timelines built by hand. */
#include <string.h>

#include "alloc.h"
#include "check_handmade_util.h"
#include "milestones.h"

#define SECOND INT64_C(1000000)

static const char *fmt(int64_t at_us)
{
    static char bufs[8][32];
    static int i;
    return rg_time_format(at_us, bufs[i++ % 8]);
}

static rg_event *chat(int64_t at, int human, const char *actor, const char *text,
                      const char *origin)
{
    return add(at, RG_KIND_CHAT, "chat.message", human, actor, text, origin);
}

static rg_event *page(int64_t at, const char *type, int human, const char *actor,
                      const char *origin)
{
    return add(at, RG_KIND_PAGE, type, human, actor, "checkout errors", origin);
}

static rg_event *status(int64_t at, const char *type, const char *origin)
{
    return add(at, RG_KIND_STATUS, type, 1, "status page", "We are looking into it", origin);
}

/* n log.error events spread evenly over the minute that starts at `minute`. */
static void errors(int64_t minute, int n)
{
    for (int i = 0; i < n; i++) {
        char *origin = rg_arena_printf(F.a, "app.log:%zu", F.n + 1);
        add(minute + (int64_t)i * (MINUTE / (n ? n : 1)), RG_KIND_LOG, "log.error", 0, "web-1",
            "upstream timed out", origin);
    }
}

static void choose(void)
{
    sort_events();
    ck_assert_int_eq(rg_milestones_choose(&F.ms, &F.tl, &F.m, F.a, &F.diag), 0);
}

static void burst(void)
{
    sort_events();
    rg_burst_find(&F.ms.burst, F.tl.events, F.tl.n_events);
}

static void manual(rg_milestone_id id, const char *hms)
{
    F.m.has_milestone[id] = 1;
    F.m.milestone_us[id] = T(hms);
}

#define ASSERT_MS(id, at, origin_, rule_, manual_, event_)                                         \
    do {                                                                                           \
        const rg_milestone *ms_ = &F.ms.m[id];                                                     \
        ck_assert_int_eq(ms_->present, 1);                                                         \
        ck_assert_str_eq(fmt(ms_->at_us), at);                                                     \
        ck_assert_str_eq(ms_->origin, origin_);                                                    \
        ck_assert_str_eq(ms_->rule, rule_);                                                        \
        ck_assert_int_eq(ms_->manual, manual_);                                                    \
        ck_assert_ptr_eq(ms_->event, event_);                                                      \
    } while (0)

#define ASSERT_ABSENT(id)                                                                          \
    do {                                                                                           \
        ck_assert_int_eq(F.ms.m[id].present, 0);                                                   \
        ck_assert_ptr_null(F.ms.m[id].event);                                                      \
    } while (0)

/* ---- phrases ---- */

START_TEST(phrase_word_boundaries)
{
    const char *ack[] = {"ack"};
    ck_assert_int_eq(rg_phrase_match("Ack, on my way", ack, 1), 1);
    ck_assert_int_eq(rg_phrase_match("ack!", ack, 1), 1);
    ck_assert_int_eq(rg_phrase_match("(ACK)", ack, 1), 1);
    ck_assert_int_eq(rg_phrase_match("ok ack", ack, 1), 1);
    ck_assert_int_eq(rg_phrase_match("the backend is slow", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match("I acknowledge", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match("ack_bot", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match("_ack", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match("ack2", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match("backend, then ack", ack, 1), 1);
    ck_assert_int_eq(rg_phrase_match("", ack, 1), 0);
    ck_assert_int_eq(rg_phrase_match(NULL, ack, 1), 0);
}
END_TEST

START_TEST(phrase_multi_word_and_lists)
{
    const char *ic[] = {"IC is"};
    ck_assert_int_eq(rg_phrase_match("the IC is Linh", ic, 1), 1);
    ck_assert_int_eq(rg_phrase_match("ic IS linh", ic, 1), 1);
    ck_assert_int_eq(rg_phrase_match("ICis Linh", ic, 1), 0);
    ck_assert_int_eq(rg_phrase_match("IC  is Linh", ic, 1), 0);
    ck_assert_int_eq(rg_phrase_match("the IC isn't here", ic, 1), 0);
    ck_assert_int_eq(rg_phrase_match("PIC is Linh", ic, 1), 0);
    const char *list[] = {"", NULL, "on it"};
    ck_assert_int_eq(rg_phrase_match("on it", list, 3), 1);
    ck_assert_int_eq(rg_phrase_match("on item 3", list, 3), 0);
    ck_assert_int_eq(rg_phrase_match("anything", list, 2), 0);
    ck_assert_int_eq(rg_phrase_match("on it", list, 0), 0);
    const char *hostile[] = {"<script>"};
    ck_assert_int_eq(rg_phrase_match("x<SCRIPT>alert(1)", hostile, 1), 1);
}
END_TEST

/* ---- detected ---- */

START_TEST(detected_manifest_beats_evidence)
{
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    manual(RG_MS_DETECTED, "14:10:00");
    choose();
    ASSERT_MS(RG_MS_DETECTED, "2026-11-20T14:10:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(detected_earliest_signal)
{
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    rg_event *p = page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:4");
    chat(T("13:59:00"), 1, "Linh", "lunch?", "slack.json:1");             /* no phrase */
    chat(T("13:58:00"), 0, "statusbot", "checkout down", "slack.json:0"); /* not human */
    choose();
    ASSERT_MS(RG_MS_DETECTED, "2026-11-20T14:01:00Z", "pagerduty.json:4", "first page.triggered", 0,
              p);
}
END_TEST

START_TEST(detected_alert_firing)
{
    rg_event *f = alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    page(T("14:03:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:4");
    /* a log line typed like an alert is not an alert */
    add(T("14:00:00"), RG_KIND_LOG, "alert.firing", 0, "web-1", "x", "app.log:1");
    choose();
    ASSERT_MS(RG_MS_DETECTED, "2026-11-20T14:02:00Z", "alerts.json:1", "first alert.firing", 0, f);
}
END_TEST

START_TEST(detected_human_report)
{
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    rg_event *c = chat(T("14:01:30"), 1, "Mai", "Checkout is FAILING for me", "slack.json:2");
    choose();
    ASSERT_MS(RG_MS_DETECTED, "2026-11-20T14:01:30Z", "slack.json:2",
              "first human chat message that reports the problem", 0, c);
}
END_TEST

START_TEST(detected_absent)
{
    chat(T("14:01:30"), 1, "Mai", "is anyone around", "slack.json:2");
    chat(T("14:01:40"), 0, "bot", "service down", "slack.json:3");
    add(T("14:00:00"), RG_KIND_CHAT, "chat.join", 1, "Mai", "checkout down", "slack.json:1");
    choose();
    ASSERT_ABSENT(RG_MS_DETECTED);
    ASSERT_ABSENT(RG_MS_STARTED);
}
END_TEST

/* ---- started ---- */

START_TEST(started_manifest_beats_evidence)
{
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    manual(RG_MS_STARTED, "13:55:00");
    choose();
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T13:55:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(started_first_alert)
{
    page(T("14:00:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:4");
    rg_event *f = alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:03:00"), "alert.firing", "Latency", NULL, "alerts.json:2");
    choose();
    /* started follows its own rule even when detection came first */
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T14:02:00Z", "alerts.json:1", "first alert.firing", 0, f);
    ck_assert_int_eq(F.ms.burst.present, 0);
}
END_TEST

START_TEST(started_error_burst)
{
    errors(T("13:58:00"), 12);
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    choose();
    ck_assert_int_eq(F.ms.burst.present, 1);
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T13:58:00Z", "app.log:1", "start of the first error burst",
              0, F.tl.events[0]);
}
END_TEST

START_TEST(started_tie_goes_to_alert)
{
    errors(T("14:02:00"), 12);
    rg_event *f = alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    choose();
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T14:02:00Z", "alerts.json:1", "first alert.firing", 0, f);
}
END_TEST

START_TEST(started_falls_back_to_detected)
{
    page(T("14:04:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:4");
    errors(T("14:00:00"), 9); /* below the burst threshold */
    choose();
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T14:04:00Z", "pagerduty.json:4",
              "no earlier signal: started = detected", 0, NULL);
}
END_TEST

START_TEST(started_falls_back_to_manual_detected)
{
    manual(RG_MS_DETECTED, "14:04:00");
    choose();
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T14:04:00Z", "incident.json",
              "no earlier signal: started = detected", 0, NULL);
}
END_TEST

/* ---- acknowledged ---- */

START_TEST(acknowledged_manifest_beats_evidence)
{
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    page(T("14:03:00"), "page.acknowledged", 1, "Linh", "pagerduty.json:2");
    manual(RG_MS_ACKNOWLEDGED, "14:02:00");
    choose();
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:02:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(acknowledged_page)
{
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    chat(T("14:01:30"), 1, "Mai", "ack", "slack.json:1");
    page(T("14:02:00"), "page.acknowledged", 0, "auto-ack rule", "pagerduty.json:2");
    rg_event *p = page(T("14:04:00"), "page.acknowledged", 1, "Linh", "pagerduty.json:3");
    choose();
    /* the pager's own record wins over an earlier chat "ack"; a bot's ack is not ownership */
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:04:00Z", "pagerduty.json:3",
              "first human page.acknowledged", 0, p);
}
END_TEST

START_TEST(acknowledged_monitoring_system)
{
    alert(T("14:01:00"), "alert.firing", "HighErrorRate", NULL, "opsgenie.json:1");
    rg_event *e = add(T("14:03:00"), RG_KIND_ALERT, "alert.acknowledged", 1, "Linh", "ack",
                      "opsgenie.json:2");
    choose();
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:03:00Z", "opsgenie.json:2",
              "first human alert.acknowledged", 0, e);
}
END_TEST

START_TEST(acknowledged_chat_phrase)
{
    chat(T("13:50:00"), 1, "Mai", "looking into the deploy", "slack.json:1"); /* before detected */
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    page(T("14:02:00"), "page.acknowledged", 0, "bot", "pagerduty.json:2");
    chat(T("14:02:30"), 1, "Mai", "anyone?", "slack.json:2");
    chat(T("14:02:40"), 0, "incident-bot", "on it", "slack.json:3");
    rg_event *c = chat(T("14:03:00"), 1, "Linh", "On it.", "slack.json:4");
    choose();
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:03:00Z", "slack.json:4",
              "first human chat message at or after detected that acknowledges", 0, c);
}
END_TEST

START_TEST(acknowledged_chat_phrase_at_detected)
{
    rg_event *c = chat(T("14:01:00"), 1, "Mai", "checkout errors, investigating", "slack.json:1");
    choose();
    ASSERT_MS(RG_MS_DETECTED, "2026-11-20T14:01:00Z", "slack.json:1",
              "first human chat message that reports the problem", 0, c);
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:01:00Z", "slack.json:1",
              "first human chat message at or after detected that acknowledges", 0, c);
}
END_TEST

START_TEST(acknowledged_first_human_message)
{
    chat(T("13:50:00"), 1, "Mai", "hello", "slack.json:1");
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    chat(T("14:02:00"), 0, "incident-bot", "incident created", "slack.json:2");
    rg_event *c = chat(T("14:02:30"), 1, "Linh", "what do we know?", "slack.json:3");
    choose();
    ASSERT_MS(RG_MS_ACKNOWLEDGED, "2026-11-20T14:02:30Z", "slack.json:3",
              "first human chat message at or after detected", 0, c);
}
END_TEST

START_TEST(acknowledged_absent)
{
    /* without detected, the chat rules have no starting point */
    chat(T("14:02:30"), 1, "Linh", "on it", "slack.json:3");
    page(T("14:01:00"), "page.acknowledged", 0, "bot", "pagerduty.json:1");
    choose();
    ASSERT_ABSENT(RG_MS_DETECTED);
    ASSERT_ABSENT(RG_MS_ACKNOWLEDGED);
}
END_TEST

/* ---- mobilized ---- */

START_TEST(mobilized_manifest_beats_evidence)
{
    chat(T("14:03:00"), 1, "Linh", "declaring SEV2", "slack.json:1");
    manual(RG_MS_MOBILIZED, "14:20:00");
    choose();
    ASSERT_MS(RG_MS_MOBILIZED, "2026-11-20T14:20:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(mobilized_declaration_by_bot)
{
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    chat(T("14:02:00"), 1, "Linh", "ack", "slack.json:1");
    chat(T("14:03:00"), 1, "Mai", "here", "slack.json:2");
    rg_event *c = chat(T("14:05:00"), 0, "incident.io", "Linh Tran is the Incident Commander",
                       "slack.json:3");
    choose();
    ASSERT_MS(RG_MS_MOBILIZED, "2026-11-20T14:05:00Z", "slack.json:3",
              "first chat message that declares the incident or names a commander", 0, c);
}
END_TEST

START_TEST(mobilized_second_human)
{
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    chat(T("13:59:00"), 1, "Mai", "hello", "slack.json:1"); /* before detected */
    chat(T("14:02:00"), 1, "Linh", "ack", "slack.json:2");
    chat(T("14:02:30"), 0, "bot", "runbook: ...", "slack.json:3");
    chat(T("14:02:40"), 1, NULL, "someone without a name", "slack.json:4");
    chat(T("14:03:00"), 1, "Linh", "checking dashboards", "slack.json:5");
    add(T("14:03:30"), RG_KIND_CHAT, "chat.join", 1, "Mai", "joined", "slack.json:6");
    rg_event *c = chat(T("14:04:00"), 1, "Mai", "I'm here", "slack.json:7");
    choose();
    ASSERT_MS(RG_MS_MOBILIZED, "2026-11-20T14:04:00Z", "slack.json:7",
              "second distinct human in chat at or after detected", 0, c);
}
END_TEST

START_TEST(mobilized_absent)
{
    page(T("14:01:00"), "page.triggered", 0, "pagerduty", "pagerduty.json:1");
    chat(T("13:59:00"), 1, "Mai", "hello", "slack.json:1");
    chat(T("14:02:00"), 1, "Linh", "ack", "slack.json:2");
    chat(T("14:03:00"), 1, "Linh", "still me", "slack.json:3");
    choose();
    ASSERT_ABSENT(RG_MS_MOBILIZED);
}
END_TEST

/* ---- communicated ---- */

START_TEST(communicated_rules)
{
    status(T("14:20:00"), "status.identified", "status.json:2");
    choose();
    ASSERT_MS(RG_MS_COMMUNICATED, "2026-11-20T14:20:00Z", "status.json:2", "first status post", 0,
              F.tl.events[0]);
    manual(RG_MS_COMMUNICATED, "14:15:00");
    choose();
    ASSERT_MS(RG_MS_COMMUNICATED, "2026-11-20T14:15:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(communicated_absent)
{
    add(T("14:20:00"), RG_KIND_CHAT, "status.investigating", 1, "Linh", "x", "slack.json:1");
    choose();
    ASSERT_ABSENT(RG_MS_COMMUNICATED);
    ASSERT_ABSENT(RG_MS_RESOLVED);
}
END_TEST

/* ---- mitigated ---- */

START_TEST(mitigated_manifest_beats_evidence)
{
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:30:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    manual(RG_MS_MITIGATED, "14:25:00");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:25:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(mitigated_last_alert_resolved)
{
    alert(T("14:02:00"), "alert.firing", "[FIRING] HighErrorRate", "fp1", "alerts.json:1");
    alert(T("14:04:00"), "alert.firing", "Latency", "fp2", "alerts.json:2");
    alert(T("14:05:00"), "alert.firing", "CPU", NULL, "alerts.json:3");
    /* a repeated notification of fp1: the resolution closes both */
    alert(T("14:06:00"), "alert.firing", "[FIRING] HighErrorRate", "fp1", "alerts.json:4");
    rg_event *r =
        alert(T("14:40:00"), "alert.resolved", "[RESOLVED] HighErrorRate", "fp1", "alerts.json:5");
    /* same text as the open Latency alert but another fingerprint: a different alert */
    alert(T("14:55:00"), "alert.resolved", "Latency", "fp9", "alerts.json:6");
    /* resolves a firing that is not in the timeline: when it fired is unknown */
    alert(T("14:50:00"), "alert.resolved", "DiskFull", NULL, "alerts.json:7");
    alert(T("14:20:00"), "alert.resolved", "CPU", NULL, "alerts.json:8");
    chat(T("14:20:00"), 1, "Linh", "mitigated", "slack.json:1");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:40:00Z", "alerts.json:5", "last alert.resolved", 0,
              r);
}
END_TEST

START_TEST(mitigated_alert_bounds)
{
    manual(RG_MS_STARTED, "14:03:00");
    /* fired before started: not this incident's symptom */
    alert(T("14:02:00"), "alert.firing", "Old", NULL, "alerts.json:1");
    alert(T("14:58:00"), "alert.resolved", "Old", NULL, "alerts.json:2");
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:3");
    rg_event *r = alert(T("14:30:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:4");
    alert(T("14:10:00"), "alert.firing", "Latency", NULL, "alerts.json:5");
    /* resolved after the final status.resolved */
    alert(T("15:10:00"), "alert.resolved", "Latency", NULL, "alerts.json:6");
    /* after the first status.resolved but before the final one */
    alert(T("14:20:00"), "alert.firing", "Disk", NULL, "alerts.json:7");
    rg_event *d = alert(T("14:55:00"), "alert.resolved", "Disk", NULL, "alerts.json:8");
    status(T("14:50:00"), "status.resolved", "status.json:1");
    status(T("15:00:00"), "status.resolved", "status.json:2");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:55:00Z", "alerts.json:8", "last alert.resolved", 0,
              d);
    (void)r;
}
END_TEST

START_TEST(mitigated_no_status_resolved_no_bound)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    rg_event *r = alert(T("18:30:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    status(T("14:50:00"), "status.monitoring", "status.json:1");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T18:30:00Z", "alerts.json:2", "last alert.resolved", 0,
              r);
}
END_TEST

START_TEST(mitigated_burst_end_later_than_alert)
{
    alert(T("14:02:30"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:03:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    errors(T("14:02:00"), 10);
    errors(T("14:03:00"), 10);
    choose();
    ck_assert_int_eq(F.ms.burst.present, 1);
    ASSERT_MS(RG_MS_STARTED, "2026-11-20T14:02:00Z", "app.log:3", "start of the first error burst",
              0, F.tl.events[0]);
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:03:54Z", "app.log:22", "end of the error burst", 0,
              F.tl.events[F.n - 1]);
}
END_TEST

START_TEST(mitigated_burst_only)
{
    errors(T("14:02:00"), 10);
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:02:54Z", "app.log:10", "end of the error burst", 0,
              F.tl.events[9]);
    ASSERT_MS(RG_MS_RECOVERED, "2026-11-20T14:02:54Z", "app.log:10",
              "no page.resolved: recovered = mitigated", 0, NULL);
}
END_TEST

START_TEST(mitigated_chat_phrase)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    chat(T("14:20:00"), 0, "bot", "recovered", "slack.json:1");
    rg_event *c = chat(T("14:25:00"), 1, "Linh", "Error rate back to normal", "slack.json:2");
    status(T("14:22:00"), "status.monitoring", "status.json:1");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:25:00Z", "slack.json:2",
              "first human chat message saying impact stopped", 0, c);
}
END_TEST

START_TEST(mitigated_status_monitoring)
{
    chat(T("14:20:00"), 1, "Linh", "still broken", "slack.json:1");
    status(T("14:10:00"), "status.investigating", "status.json:1");
    rg_event *s = status(T("14:22:00"), "status.monitoring", "status.json:2");
    status(T("14:40:00"), "status.monitoring", "status.json:3");
    choose();
    ASSERT_MS(RG_MS_MITIGATED, "2026-11-20T14:22:00Z", "status.json:2", "first status.monitoring",
              0, s);
}
END_TEST

START_TEST(mitigated_absent)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    status(T("14:10:00"), "status.investigating", "status.json:1");
    choose();
    ASSERT_ABSENT(RG_MS_MITIGATED);
    ASSERT_ABSENT(RG_MS_RECOVERED);
}
END_TEST

/* ---- recovered and resolved ---- */

START_TEST(recovered_rules)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:30:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    page(T("14:40:00"), "page.resolved", 1, "Linh", "pagerduty.json:1");
    rg_event *p = page(T("14:50:00"), "page.resolved", 0, "pagerduty", "pagerduty.json:2");
    choose();
    ASSERT_MS(RG_MS_RECOVERED, "2026-11-20T14:50:00Z", "pagerduty.json:2", "last page.resolved", 0,
              p);
    manual(RG_MS_RECOVERED, "14:45:00");
    choose();
    ASSERT_MS(RG_MS_RECOVERED, "2026-11-20T14:45:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(recovered_from_mitigated)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:30:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    choose();
    ASSERT_MS(RG_MS_RECOVERED, "2026-11-20T14:30:00Z", "alerts.json:2",
              "no page.resolved: recovered = mitigated", 0, NULL);
    manual(RG_MS_MITIGATED, "14:31:00");
    choose();
    ASSERT_MS(RG_MS_RECOVERED, "2026-11-20T14:31:00Z", "incident.json",
              "no page.resolved: recovered = mitigated", 0, NULL);
}
END_TEST

START_TEST(resolved_rules)
{
    status(T("14:50:00"), "status.resolved", "status.json:1");
    status(T("15:10:00"), "status.investigating", "status.json:2");
    rg_event *s = status(T("15:40:00"), "status.resolved", "status.json:3");
    choose();
    ASSERT_MS(RG_MS_RESOLVED, "2026-11-20T15:40:00Z", "status.json:3", "last status.resolved", 0,
              s);
    manual(RG_MS_RESOLVED, "16:00:00");
    choose();
    ASSERT_MS(RG_MS_RESOLVED, "2026-11-20T16:00:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(empty_timeline)
{
    choose();
    for (int i = 0; i < RG_MS_COUNT; i++)
        ASSERT_ABSENT((rg_milestone_id)i);
    ck_assert_int_eq(F.ms.burst.present, 0);
    ck_assert_int_eq(rg_milestones_choose(&F.ms, NULL, NULL, F.a, &F.diag), 0);
    ASSERT_ABSENT(RG_MS_DETECTED);
}
END_TEST

START_TEST(manifest_without_path)
{
    F.m.path = NULL;
    manual(RG_MS_RESOLVED, "16:00:00");
    choose();
    ASSERT_MS(RG_MS_RESOLVED, "2026-11-20T16:00:00Z", "incident.json", "manifest", 1, NULL);
}
END_TEST

START_TEST(out_of_memory)
{
    alert(T("14:03:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    sort_events();
    rg_arena *fresh = rg_arena_new();
    ck_assert_ptr_nonnull(fresh);
    rg_alloc_fail_after(0);
    int rc = rg_milestones_choose(&F.ms, &F.tl, &F.m, fresh, &F.diag);
    rg_alloc_fail_after(-1);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(rg_milestones_choose(&F.ms, &F.tl, &F.m, fresh, &F.diag), 0);
    rg_arena_free(fresh);
}
END_TEST

/* ---- error burst ---- */

#define ASSERT_BURST(from, to, n_errors, baseline, first, last)                                    \
    do {                                                                                           \
        ck_assert_int_eq(F.ms.burst.present, 1);                                                   \
        ck_assert_str_eq(fmt(F.ms.burst.from_us), from);                                           \
        ck_assert_str_eq(fmt(F.ms.burst.to_us), to);                                               \
        ck_assert_uint_eq(F.ms.burst.errors, n_errors);                                            \
        ck_assert_double_eq(F.ms.burst.baseline_per_min, baseline);                                \
        ck_assert_str_eq(F.ms.burst.first_origin, first);                                          \
        ck_assert_str_eq(F.ms.burst.last_origin, last);                                            \
    } while (0)

START_TEST(burst_threshold_ten)
{
    errors(T("13:00:00"), 9);
    errors(T("14:00:00"), 9);
    burst();
    ck_assert_int_eq(F.ms.burst.present, 0);
    errors(T("14:10:00"), 10);
    burst();
    ASSERT_BURST("2026-11-20T14:10:00Z", "2026-11-20T14:10:54Z", 10, 9.0 / 60, "app.log:19",
                 "app.log:28");
}
END_TEST

START_TEST(burst_baseline_window_edges)
{
    /* The hour before 15:00 is 14:00..14:59. 14:00..14:05 hold 9 errors each
     * and 14:06 holds 6: 60 errors, a baseline of 1 per minute, so 15:00 needs
     * 10 = 5 x (1 + 1) and has exactly that. 13:59, one minute outside the
     * window, must not count, or the bar would be 5 x (69/60 + 1) > 10. */
    errors(T("13:59:00"), 9);
    for (int i = 0; i < 6; i++)
        errors(T("14:00:00") + i * MINUTE, 9);
    errors(T("14:06:00"), 6);
    errors(T("15:00:00"), 10);
    burst();
    ASSERT_BURST("2026-11-20T15:00:00Z", "2026-11-20T15:00:54Z", 10, 1.0, "app.log:70",
                 "app.log:79");
}
END_TEST

START_TEST(burst_not_above_high_baseline)
{
    /* 3 errors every minute for an hour: the bar is 5 x (3 + 1) = 20 */
    for (int i = 0; i < 60; i++)
        errors(T("13:00:00") + i * MINUTE, 3);
    errors(T("14:00:00"), 19);
    burst();
    ck_assert_int_eq(F.ms.burst.present, 0);
    errors(T("14:01:00"), 20);
    burst();
    /* 14:01's hour holds 13:01..14:00: 59 x 3 + 19 = 196, the bar 5 x (196/60 + 1) = 21.3 */
    ck_assert_int_eq(F.ms.burst.present, 0);
    /* 14:02's: 58 x 3 + 19 + 20 = 213, the bar 22.75 */
    errors(T("14:02:00"), 23);
    burst();
    ASSERT_BURST("2026-11-20T14:02:00Z", "2026-11-20T14:02:57.391290Z", 23, 213.0 / 60,
                 "app.log:220", "app.log:242");
}
END_TEST

START_TEST(burst_baseline_frozen)
{
    /* 30 errors a minute for 20 minutes. Were the baseline recomputed, by the
     * 12th minute the bar would be 5 x (11 x 30 / 60 + 1) = 32.5 and the burst
     * would end; frozen at 0, the bar stays 10. */
    for (int i = 0; i < 20; i++)
        errors(T("14:00:00") + i * MINUTE, 30);
    burst();
    ASSERT_BURST("2026-11-20T14:00:00Z", "2026-11-20T14:19:58Z", 600, 0.0, "app.log:1",
                 "app.log:600");
}
END_TEST

START_TEST(burst_bridges_two_quiet_minutes)
{
    errors(T("14:00:00"), 10);
    errors(T("14:01:00"), 4); /* non-anomalous, inside the burst */
    /* 14:02 empty */
    errors(T("14:03:00"), 10);
    errors(T("14:04:00"), 5); /* trailing non-anomalous minute: not part of the burst */
    burst();
    ASSERT_BURST("2026-11-20T14:00:00Z", "2026-11-20T14:03:54Z", 24, 0.0, "app.log:1",
                 "app.log:24");
}
END_TEST

START_TEST(burst_ends_after_three_quiet_minutes)
{
    errors(T("14:00:00"), 10);
    errors(T("14:01:00"), 9);
    errors(T("14:02:00"), 9);
    errors(T("14:03:00"), 9);
    errors(T("14:04:00"), 50);
    burst();
    ASSERT_BURST("2026-11-20T14:00:00Z", "2026-11-20T14:00:54Z", 10, 0.0, "app.log:1",
                 "app.log:10");
}
END_TEST

START_TEST(burst_counts_only_log_errors_of_all_sources)
{
    for (int i = 0; i < 5; i++) {
        add(T("14:00:00") + i * SECOND, RG_KIND_LOG, "log.error", 0, "web-1", "a", "web1.log:1");
        add(T("14:00:00") + i * SECOND, RG_KIND_LOG, "log.warning", 0, "web-1", "w", "web1.log:2");
        add(T("14:00:30") + i * SECOND, RG_KIND_ALERT, "log.error", 0, "am", "x", "alerts.json:1");
    }
    rg_event *last = add(T("14:00:40"), RG_KIND_LOG, "log.error", 0, "web-2", "b", "web2.log:9");
    for (int i = 0; i < 3; i++)
        add(T("14:00:41") + i * SECOND, RG_KIND_LOG, "log.error", 0, "web-2", "b", "web2.log:1");
    burst();
    ck_assert_int_eq(F.ms.burst.present, 0); /* 9 */
    last->count = 40;                        /* a cluster count does not multiply a raw event */
    add(T("14:00:59"), RG_KIND_LOG, "log.error", 0, "db", "c", "db.log:3");
    burst();
    ASSERT_BURST("2026-11-20T14:00:00Z", "2026-11-20T14:00:59Z", 10, 0.0, "web1.log:1", "db.log:3");
}
END_TEST

START_TEST(burst_minutes_before_1970)
{
    /* Minutes are floored: -10 s is in the minute before the epoch, so five
     * errors on each side of 1970-01-01T00:00:00Z are two quiet minutes. */
    for (int i = 0; i < 5; i++) {
        add(-10 * SECOND + i, RG_KIND_LOG, "log.error", 0, "h", "e", "old.log:1");
        add(10 * SECOND + i, RG_KIND_LOG, "log.error", 0, "h", "e", "old.log:2");
    }
    burst();
    ck_assert_int_eq(F.ms.burst.present, 0);
    for (int i = 0; i < 5; i++)
        add(-50 * SECOND + i, RG_KIND_LOG, "log.error", 0, "h", "e", "old.log:0");
    burst();
    ASSERT_BURST("1969-12-31T23:59:10Z", "1969-12-31T23:59:50.000004Z", 10, 0.0, "old.log:0",
                 "old.log:1");
}
END_TEST

START_TEST(burst_first_only)
{
    errors(T("14:00:00"), 10);
    errors(T("15:00:00"), 100);
    burst();
    ASSERT_BURST("2026-11-20T14:00:00Z", "2026-11-20T14:00:54Z", 10, 0.0, "app.log:1",
                 "app.log:10");
}
END_TEST

START_TEST(burst_empty)
{
    rg_burst_find(&F.ms.burst, NULL, 0);
    ck_assert_int_eq(F.ms.burst.present, 0);
    ck_assert_uint_eq(F.ms.burst.errors, 0);
}
END_TEST

START_TEST(burst_large_input)
{
    /* a day of 2 errors a minute; at 12:00 the bar is 5 x (2 + 1) = 15 */
    for (int i = 0; i < 24 * 60; i++)
        errors(T("00:00:00") + i * MINUTE, i == 12 * 60 ? 14 : 2);
    burst();
    ck_assert_int_eq(F.ms.burst.present, 0);
    F.n = 0;
    for (int i = 0; i < 24 * 60; i++)
        errors(T("00:00:00") + i * MINUTE, i == 12 * 60 ? 15 : 2);
    burst();
    ASSERT_BURST("2026-11-20T12:00:00Z", "2026-11-20T12:00:56Z", 15, 2.0, "app.log:1441",
                 "app.log:1455");
}
END_TEST

static Suite *milestones_suite(void)
{
    Suite *s = suite_create("milestones");
    TCase *tc = tcase_create("phrases");
    tcase_add_checked_fixture(tc, hand_setup, hand_teardown);
    tcase_add_test(tc, phrase_word_boundaries);
    tcase_add_test(tc, phrase_multi_word_and_lists);
    suite_add_tcase(s, tc);

    tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, hand_setup, hand_teardown);
    tcase_add_test(tc, detected_manifest_beats_evidence);
    tcase_add_test(tc, detected_earliest_signal);
    tcase_add_test(tc, detected_alert_firing);
    tcase_add_test(tc, detected_human_report);
    tcase_add_test(tc, detected_absent);
    tcase_add_test(tc, started_manifest_beats_evidence);
    tcase_add_test(tc, started_first_alert);
    tcase_add_test(tc, started_error_burst);
    tcase_add_test(tc, started_tie_goes_to_alert);
    tcase_add_test(tc, started_falls_back_to_detected);
    tcase_add_test(tc, started_falls_back_to_manual_detected);
    tcase_add_test(tc, acknowledged_manifest_beats_evidence);
    tcase_add_test(tc, acknowledged_page);
    tcase_add_test(tc, acknowledged_monitoring_system);
    tcase_add_test(tc, acknowledged_chat_phrase);
    tcase_add_test(tc, acknowledged_chat_phrase_at_detected);
    tcase_add_test(tc, acknowledged_first_human_message);
    tcase_add_test(tc, acknowledged_absent);
    tcase_add_test(tc, mobilized_manifest_beats_evidence);
    tcase_add_test(tc, mobilized_declaration_by_bot);
    tcase_add_test(tc, mobilized_second_human);
    tcase_add_test(tc, mobilized_absent);
    tcase_add_test(tc, communicated_rules);
    tcase_add_test(tc, communicated_absent);
    tcase_add_test(tc, mitigated_manifest_beats_evidence);
    tcase_add_test(tc, mitigated_last_alert_resolved);
    tcase_add_test(tc, mitigated_alert_bounds);
    tcase_add_test(tc, mitigated_no_status_resolved_no_bound);
    tcase_add_test(tc, mitigated_burst_end_later_than_alert);
    tcase_add_test(tc, mitigated_burst_only);
    tcase_add_test(tc, mitigated_chat_phrase);
    tcase_add_test(tc, mitigated_status_monitoring);
    tcase_add_test(tc, mitigated_absent);
    tcase_add_test(tc, recovered_rules);
    tcase_add_test(tc, recovered_from_mitigated);
    tcase_add_test(tc, resolved_rules);
    tcase_add_test(tc, empty_timeline);
    tcase_add_test(tc, manifest_without_path);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("burst");
    tcase_add_checked_fixture(tc, hand_setup, hand_teardown);
    tcase_add_test(tc, burst_threshold_ten);
    tcase_add_test(tc, burst_baseline_window_edges);
    tcase_add_test(tc, burst_not_above_high_baseline);
    tcase_add_test(tc, burst_baseline_frozen);
    tcase_add_test(tc, burst_bridges_two_quiet_minutes);
    tcase_add_test(tc, burst_ends_after_three_quiet_minutes);
    tcase_add_test(tc, burst_counts_only_log_errors_of_all_sources);
    tcase_add_test(tc, burst_minutes_before_1970);
    tcase_add_test(tc, burst_first_only);
    tcase_add_test(tc, burst_empty);
    tcase_add_test(tc, burst_large_input);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(milestones_suite)
