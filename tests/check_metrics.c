/* check_metrics.c -- durations with their rounding, the customer-communication
 * figures and every finding's exact text, over milestones and timelines built
 * by hand. */
#include <string.h>

#include "alloc.h"
#include "check_handmade_util.h"
#include "metrics.h"

static rg_metrics mx;

static void setup(void)
{
    hand_setup();
    memset(&mx, 0, sizeof(mx));
}

static rg_event *status(const char *hms, const char *type, const char *text, const char *origin)
{
    return add(T(hms), RG_KIND_STATUS, type, 1, "status page", text, origin);
}

static void set_ms(rg_milestone_id id, const char *hms, const char *origin)
{
    F.ms.m[id].present = 1;
    F.ms.m[id].at_us = T(hms);
    F.ms.m[id].origin = origin;
    F.ms.m[id].rule = "test";
}

/* Every milestone present, so that only the findings under test appear. */
static void set_all_ms(void)
{
    static const char *const at[RG_MS_COUNT] = {"14:00:00", "14:02:00", "14:03:00", "14:04:00",
                                                "14:10:00", "14:40:00", "14:50:00", "15:00:00"};
    for (int i = 0; i < RG_MS_COUNT; i++)
        set_ms((rg_milestone_id)i, at[i], "x:1");
}

static void compute(void)
{
    sort_events();
    ck_assert_int_eq(rg_metrics_compute(&mx, &F.tl, &F.ms, &F.m, F.a, &F.diag), 0);
}

static size_t count_code(const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < mx.n_findings; i++)
        n += strcmp(mx.findings[i].code, code) == 0;
    return n;
}

#define ASSERT_FINDING(i, code_, text_, origin_)                                                   \
    do {                                                                                           \
        ck_assert_uint_gt(mx.n_findings, (i));                                                     \
        ck_assert_str_eq(mx.findings[i].code, code_);                                              \
        ck_assert_str_eq(mx.findings[i].text, text_);                                              \
        ck_assert_pstr_eq(mx.findings[i].origin, origin_);                                         \
    } while (0)

#define ASSERT_DURATION(d, s)                                                                      \
    do {                                                                                           \
        ck_assert_int_eq(mx.has[d], 1);                                                            \
        ck_assert_int_eq(mx.seconds[d], s);                                                        \
    } while (0)

/* ---- rounding and definitions ---- */

START_TEST(round_seconds)
{
    ck_assert_int_eq(rg_round_seconds(0), 0);
    ck_assert_int_eq(rg_round_seconds(499999), 0);
    ck_assert_int_eq(rg_round_seconds(500000), 1);
    ck_assert_int_eq(rg_round_seconds(1499999), 1);
    ck_assert_int_eq(rg_round_seconds(1500000), 2);
    ck_assert_int_eq(rg_round_seconds(-499999), 0);
    ck_assert_int_eq(rg_round_seconds(-500000), -1);
    ck_assert_int_eq(rg_round_seconds(-1500000), -2);
    ck_assert_int_eq(rg_round_seconds(-1499999), -1);
    ck_assert_int_eq(rg_round_seconds(INT64_C(310500000)), 311);
    ck_assert_int_eq(rg_round_seconds(INT64_MAX), INT64_C(9223372036855));
    ck_assert_int_eq(rg_round_seconds(INT64_MIN), INT64_C(-9223372036855));
}
END_TEST

START_TEST(duration_names)
{
    static const char *const want[RG_DUR_COUNT][3] = {
        {"time_to_detect", "time to detect", "detected \xe2\x88\x92 started"},
        {"time_to_acknowledge", "time to acknowledge", "acknowledged \xe2\x88\x92 detected"},
        {"time_to_mobilize", "time to mobilize", "mobilized \xe2\x88\x92 detected"},
        {"time_to_communicate", "time to communicate", "communicated \xe2\x88\x92 detected"},
        {"time_to_mitigate", "time to mitigate", "mitigated \xe2\x88\x92 started"},
        {"time_to_recover", "time to recover", "recovered \xe2\x88\x92 started"},
        {"validation_window", "validation window", "resolved \xe2\x88\x92 mitigated"},
        {"total_duration", "total duration",
         "resolved \xe2\x88\x92 started (else recovered \xe2\x88\x92 started)"},
    };
    for (int d = 0; d < RG_DUR_COUNT; d++) {
        ck_assert_str_eq(rg_duration_key((rg_duration_id)d), want[d][0]);
        ck_assert_str_eq(rg_duration_label((rg_duration_id)d), want[d][1]);
        ck_assert_str_eq(rg_duration_definition((rg_duration_id)d), want[d][2]);
    }
    ck_assert_ptr_null(rg_duration_key(RG_DUR_COUNT));
    ck_assert_ptr_null(rg_duration_label((rg_duration_id)-1));
    ck_assert_ptr_null(rg_duration_definition(RG_DUR_COUNT));
}
END_TEST

/* ---- durations ---- */

START_TEST(durations_exact)
{
    set_ms(RG_MS_STARTED, "14:00:00", "alerts.json:1");
    set_ms(RG_MS_DETECTED, "14:05:10.5", "pagerduty.json:1");          /* 310.5 s */
    set_ms(RG_MS_ACKNOWLEDGED, "14:06:45.499999", "pagerduty.json:2"); /* 94.999999 s */
    set_ms(RG_MS_MOBILIZED, "14:05:00", "slack.json:1");               /* -10.5 s */
    set_ms(RG_MS_COMMUNICATED, "14:20:10.5", "status.json:1");         /* 900 s */
    set_ms(RG_MS_MITIGATED, "14:40:00.499999", "alerts.json:2");       /* 2400.499999 s */
    set_ms(RG_MS_RECOVERED, "14:50:00.5", "pagerduty.json:3");         /* 3000.5 s */
    set_ms(RG_MS_RESOLVED, "15:10:00", "status.json:2");
    compute();
    ASSERT_DURATION(RG_DUR_TIME_TO_DETECT, 311);
    ASSERT_DURATION(RG_DUR_TIME_TO_ACKNOWLEDGE, 95);
    /* -10.5 s: never a negative duration (README, "Milestones out of order") */
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_MOBILIZE], 0);
    ck_assert_str_eq(mx.why_unknown[RG_DUR_TIME_TO_MOBILIZE], "mobilized is before detected");
    ASSERT_DURATION(RG_DUR_TIME_TO_COMMUNICATE, 900);
    ASSERT_DURATION(RG_DUR_TIME_TO_MITIGATE, 2400);
    ASSERT_DURATION(RG_DUR_TIME_TO_RECOVER, 3001);
    ASSERT_DURATION(RG_DUR_VALIDATION_WINDOW, 1800); /* 1799.500001 s */
    ASSERT_DURATION(RG_DUR_TOTAL_DURATION, 4200);
}
END_TEST

START_TEST(durations_absent_and_total_fallback)
{
    set_ms(RG_MS_STARTED, "14:00:00", "alerts.json:1");
    set_ms(RG_MS_DETECTED, "14:05:00", "pagerduty.json:1");
    set_ms(RG_MS_MITIGATED, "14:40:00", "alerts.json:2");
    set_ms(RG_MS_RECOVERED, "14:50:00.5", "pagerduty.json:3");
    compute();
    ASSERT_DURATION(RG_DUR_TIME_TO_DETECT, 300);
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_ACKNOWLEDGE], 0);
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_MOBILIZE], 0);
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_COMMUNICATE], 0);
    ASSERT_DURATION(RG_DUR_TIME_TO_MITIGATE, 2400);
    ASSERT_DURATION(RG_DUR_TIME_TO_RECOVER, 3001);
    ck_assert_int_eq(mx.has[RG_DUR_VALIDATION_WINDOW], 0);
    ASSERT_DURATION(RG_DUR_TOTAL_DURATION, 3001);

    F.ms.m[RG_MS_STARTED].present = 0;
    compute();
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_DETECT], 0);
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_MITIGATE], 0);
    ck_assert_int_eq(mx.has[RG_DUR_TOTAL_DURATION], 0);
}
END_TEST

START_TEST(durations_overflow_is_unknown)
{
    F.ms.m[RG_MS_STARTED] = (rg_milestone){.present = 1, .at_us = INT64_MIN, .origin = "a"};
    F.ms.m[RG_MS_DETECTED] = (rg_milestone){.present = 1, .at_us = INT64_MAX, .origin = "b"};
    compute();
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_DETECT], 0);
}
END_TEST

/* ---- customer communication ---- */

static void reopened_incident(void)
{
    status("14:10:00", "status.investigating", "We are investigating errors at checkout.",
           "status.json:1");
    status("14:40:00", "status.identified", "A database failover is in progress.",
           "status.json:2"); /* 30 min: at the policy, not over it */
    status("15:25:00", "status.monitoring", "A fix is in place. Workaround: pay with PayPal.",
           "status.json:3"); /* 45 min: over */
    status("15:30:00", "status.resolved", "Resolved.", "status.json:4");
    status("17:00:00", "status.investigating", "Errors are back.",
           "status.json:5"); /* 90 min, but the incident was closed */
    status("17:20:00", "status.resolved", "Resolved again.", "status.json:6");
    /* not status posts */
    add(T("16:00:00"), RG_KIND_CHAT, "chat.message", 1, "Linh", "workaround: PayPal", "slack:1");
    add(T("16:10:00"), RG_KIND_NOTE, "status.investigating", 1, "Linh", "x", "notes.md:1");
}

START_TEST(communication_figures)
{
    set_all_ms();
    reopened_incident();
    compute();
    ck_assert_uint_eq(mx.updates, 6);
    ck_assert_int_eq(mx.has_max_gap, 1);
    ck_assert_int_eq(mx.max_gap_s, 2700);
    ck_assert_int_eq(mx.policy_s, 1800);
    ck_assert_uint_eq(mx.gaps_over_policy, 1);
    ck_assert_int_eq(mx.workaround_offered, 1);
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "update-gap-over-policy",
                   "Customers waited 45 min between status updates, from 2026-11-20T14:40:00Z to "
                   "2026-11-20T15:25:00Z, over the 30 min policy.",
                   "status.json:3");
}
END_TEST

START_TEST(communication_policy_from_manifest)
{
    set_all_ms();
    reopened_incident();
    F.m.update_interval_us = 10 * MINUTE;
    compute();
    ck_assert_int_eq(mx.policy_s, 600);
    ck_assert_uint_eq(mx.gaps_over_policy, 3); /* 30, 45 and 20 min; not the 90 while closed */
    ck_assert_uint_eq(count_code("update-gap-over-policy"), 3);
    ASSERT_FINDING(0, "update-gap-over-policy",
                   "Customers waited 30 min between status updates, from 2026-11-20T14:10:00Z to "
                   "2026-11-20T14:40:00Z, over the 10 min policy.",
                   "status.json:2");
    ASSERT_FINDING(2, "update-gap-over-policy",
                   "Customers waited 20 min between status updates, from 2026-11-20T17:00:00Z to "
                   "2026-11-20T17:20:00Z, over the 10 min policy.",
                   "status.json:6");
    ck_assert_int_eq(mx.max_gap_s, 2700);
}
END_TEST

START_TEST(communication_rounding_and_defaults)
{
    set_all_ms();
    F.m.update_interval_us = 0; /* no positive policy: the default 30 min */
    status("14:10:00", "status.investigating", "No workarounds yet.", "status.json:1");
    status("14:40:00.5", "status.identified", "Found it.", "status.json:2");
    compute();
    ck_assert_int_eq(mx.policy_s, 1800);
    ck_assert_int_eq(mx.max_gap_s, 1801); /* 1800.5 s */
    ck_assert_uint_eq(mx.gaps_over_policy, 1);
    ck_assert_int_eq(mx.workaround_offered, 0);
    ASSERT_FINDING(0, "update-gap-over-policy",
                   "Customers waited 30 min 01 s between status updates, from "
                   "2026-11-20T14:10:00Z to 2026-11-20T14:40:00.500000Z, over the 30 min policy.",
                   "status.json:2");
}
END_TEST

START_TEST(communication_single_post)
{
    set_all_ms();
    status("14:10:00", "status.resolved", "Fixed.", "status.json:1");
    compute();
    ck_assert_uint_eq(mx.updates, 1);
    ck_assert_int_eq(mx.has_max_gap, 0);
    ck_assert_int_eq(mx.max_gap_s, 0);
    ck_assert_uint_eq(mx.gaps_over_policy, 0);
    ck_assert_uint_eq(mx.n_findings, 0);
}
END_TEST

/* ---- findings ---- */

START_TEST(announced_while_still_firing)
{
    set_all_ms();
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    alert(T("14:45:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    compute();
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "announced-before-recovered",
                   "Success was announced at 2026-11-20T14:30:00Z while alert \"HighErrorRate\" "
                   "was still firing: it fired at 2026-11-20T14:02:00Z and resolved at "
                   "2026-11-20T14:45:00Z (alerts.json:2).",
                   "status.json:1");
}
END_TEST

START_TEST(announced_while_never_resolved)
{
    set_all_ms();
    alert(T("14:01:00"), "alert.firing", "Disk", NULL, "alerts.json:1");
    alert(T("14:05:00"), "alert.resolved", "Disk", NULL, "alerts.json:2");
    alert(T("14:02:00"), "alert.firing", "<script>alert(1)</script>", NULL, "alerts.json:3");
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    compute();
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "announced-before-recovered",
                   "Success was announced at 2026-11-20T14:30:00Z while alert "
                   "\"<script>alert(1)</script>\" was still firing: it fired at "
                   "2026-11-20T14:02:00Z (alerts.json:3) and never resolved.",
                   "status.json:1");
}
END_TEST

START_TEST(announced_then_fired_again)
{
    set_all_ms();
    alert(T("14:02:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:1");
    alert(T("14:20:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:2");
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    alert(T("14:40:00"), "alert.firing", "HighErrorRate", NULL, "alerts.json:3");
    alert(T("14:50:00"), "alert.resolved", "HighErrorRate", NULL, "alerts.json:4");
    status("15:00:00", "status.resolved", "Resolved for good.", "status.json:2");
    compute();
    /* the second announcement came after the alert resolved: no finding for it */
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "announced-before-recovered",
                   "Success was announced at 2026-11-20T14:30:00Z, but alert \"HighErrorRate\" "
                   "fired after it, at 2026-11-20T14:40:00Z (alerts.json:3).",
                   "status.json:1");
}
END_TEST

START_TEST(announced_then_alert_resolved)
{
    set_all_ms();
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    alert(T("14:35:00"), "alert.resolved", "DiskFull", NULL, "alerts.json:1");
    compute();
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "announced-before-recovered",
                   "Success was announced at 2026-11-20T14:30:00Z while alert \"DiskFull\" was "
                   "still firing: it resolved at 2026-11-20T14:35:00Z (alerts.json:1).",
                   "status.json:1");
}
END_TEST

START_TEST(announced_after_recovery)
{
    set_all_ms();
    /* paired by fingerprint although the texts differ */
    alert(T("14:02:00"), "alert.firing", "[FIRING:1] HighErrorRate", "fp1", "alerts.json:1");
    alert(T("14:06:00"), "alert.firing", "[FIRING:1] HighErrorRate", "fp1", "alerts.json:2");
    alert(T("14:20:00"), "alert.resolved", "[RESOLVED] HighErrorRate", "fp1", "alerts.json:3");
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    add(T("14:40:00"), RG_KIND_LOG, "alert.firing", 0, "web-1", "not an alert", "app.log:1");
    add(T("14:41:00"), RG_KIND_PAGE, "page.resolved", 0, "pagerduty", "x", "pagerduty.json:1");
    compute();
    ck_assert_uint_eq(mx.n_findings, 0);
}
END_TEST

START_TEST(ack_over_policy)
{
    set_all_ms();
    set_ms(RG_MS_DETECTED, "14:00:00", "pagerduty.json:1");
    set_ms(RG_MS_ACKNOWLEDGED, "14:05:00", "pagerduty.json:2");
    compute();
    ck_assert_uint_eq(count_code("ack-over-policy"), 0); /* exactly the policy */
    set_ms(RG_MS_ACKNOWLEDGED, "14:07:30", "pagerduty.json:2");
    compute();
    /* and no-customer-update: there are no status posts here */
    ck_assert_uint_eq(mx.n_findings, 2);
    ck_assert_str_eq(mx.findings[1].code, "no-customer-update");
    ASSERT_FINDING(0, "ack-over-policy",
                   "Acknowledged 7 min 30 s after detection, over the 5 min policy.",
                   "pagerduty.json:2");
    F.m.acknowledge_within_us = 10 * MINUTE;
    compute();
    ck_assert_uint_eq(count_code("ack-over-policy"), 0);
    F.m.acknowledge_within_us = 0; /* no positive policy: the default 5 min */
    compute();
    ck_assert_uint_eq(count_code("ack-over-policy"), 1);
    F.ms.m[RG_MS_DETECTED].present = 0;
    compute();
    ck_assert_uint_eq(count_code("ack-over-policy"), 0);
}
END_TEST

START_TEST(no_customer_update)
{
    set_all_ms();
    F.ms.m[RG_MS_COMMUNICATED].present = 0;
    F.ms.m[RG_MS_RESOLVED].present = 0;
    set_ms(RG_MS_STARTED, "14:02:00", "alerts.json:1");
    add(T("14:10:00"), RG_KIND_CHAT, "chat.message", 1, "Linh", "customers know", "slack:1");
    compute();
    ck_assert_uint_eq(mx.updates, 0);
    ck_assert_uint_eq(mx.n_findings, 3);
    ASSERT_FINDING(0, "no-customer-update",
                   "Customers were affected from 2026-11-20T14:02:00Z and never told: no status "
                   "post was found.",
                   "alerts.json:1");
    ck_assert_str_eq(mx.findings[1].code, "milestone-missing");
    ck_assert_str_eq(mx.findings[2].code, "milestone-missing");

    status("14:20:00", "status.investigating", "Investigating.", "status.json:1");
    compute();
    ck_assert_uint_eq(count_code("no-customer-update"), 0);

    F.n = 0;
    F.ms.m[RG_MS_STARTED].present = 0; /* customers not known to be affected */
    compute();
    ck_assert_uint_eq(count_code("no-customer-update"), 0);
}
END_TEST

START_TEST(milestone_missing)
{
    compute();
    static const char *const want[RG_MS_COUNT] = {
        "No evidence for \"started\" (no alert fired, no error burst was found and nothing was "
        "detected); set \"milestones\": {\"started\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"detected\" (no alert.firing, page.triggered or human chat report was "
        "found); set \"milestones\": {\"detected\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"acknowledged\" (no human page acknowledgement and no human chat "
        "message after detection was found); set \"milestones\": {\"acknowledged\": "
        "\"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"mobilized\" (no chat message declared the incident and no second "
        "person posted after detection); set \"milestones\": {\"mobilized\": "
        "\"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"communicated\" (no status post was found); set \"milestones\": "
        "{\"communicated\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"mitigated\" (no alert.resolved, error burst, chat message saying "
        "impact stopped or status.monitoring post was found); set \"milestones\": "
        "{\"mitigated\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"recovered\" (no page.resolved was found and mitigated is unknown); "
        "set \"milestones\": {\"recovered\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
        "No evidence for \"resolved\" (no status.resolved post was found); set \"milestones\": "
        "{\"resolved\": \"YYYY-MM-DDThh:mm:ssZ\"} in incident.json.",
    };
    ck_assert_uint_eq(mx.n_findings, RG_MS_COUNT);
    for (int i = 0; i < RG_MS_COUNT; i++)
        ASSERT_FINDING((size_t)i, "milestone-missing", want[i], NULL);
    ck_assert_uint_eq(mx.updates, 0);
    ck_assert_int_eq(mx.has_max_gap, 0);
    ck_assert_int_eq(mx.workaround_offered, 0);
    for (int d = 0; d < RG_DUR_COUNT; d++)
        ck_assert_int_eq(mx.has[d], 0);
}
END_TEST

START_TEST(findings_in_order)
{
    set_all_ms();
    F.ms.m[RG_MS_MOBILIZED].present = 0;
    set_ms(RG_MS_DETECTED, "14:00:00", "pagerduty.json:1");
    set_ms(RG_MS_ACKNOWLEDGED, "14:06:00", "pagerduty.json:2");
    status("14:10:00", "status.investigating", "Investigating.", "status.json:1");
    status("14:50:00", "status.resolved", "Resolved.", "status.json:2");
    alert(T("14:55:00"), "alert.firing", "Latency", NULL, "alerts.json:1");
    compute();
    ck_assert_uint_eq(mx.n_findings, 4);
    ck_assert_str_eq(mx.findings[0].code, "announced-before-recovered");
    ck_assert_str_eq(mx.findings[1].code, "ack-over-policy");
    ck_assert_str_eq(mx.findings[2].code, "update-gap-over-policy");
    ck_assert_str_eq(mx.findings[3].code, "milestone-missing");
    ASSERT_FINDING(1, "ack-over-policy",
                   "Acknowledged 6 min after detection, over the 5 min policy.",
                   "pagerduty.json:2");
    ASSERT_FINDING(2, "update-gap-over-policy",
                   "Customers waited 40 min between status updates, from 2026-11-20T14:10:00Z to "
                   "2026-11-20T14:50:00Z, over the 30 min policy.",
                   "status.json:2");
}
END_TEST

START_TEST(many_findings_grow)
{
    set_all_ms();
    /* 40 posts an hour apart: 39 findings, past the first allocation of the list */
    for (int i = 0; i < 40; i++) {
        add(T("00:00:00") + (int64_t)i * 60 * MINUTE, RG_KIND_STATUS, "status.monitoring", 1,
            "status page", "update", rg_arena_printf(F.a, "status.json:%d", i + 1));
    }
    compute();
    ck_assert_uint_eq(mx.gaps_over_policy, 39);
    ck_assert_uint_eq(mx.n_findings, 39);
    ASSERT_FINDING(38, "update-gap-over-policy",
                   "Customers waited 1 h between status updates, from 2026-11-21T14:00:00Z to "
                   "2026-11-21T15:00:00Z, over the 30 min policy.",
                   "status.json:40");
}
END_TEST

START_TEST(out_of_memory)
{
    set_all_ms();
    status("14:30:00", "status.resolved", "Resolved.", "status.json:1");
    sort_events();
    rg_arena *fresh = rg_arena_new();
    ck_assert_ptr_nonnull(fresh);
    rg_alloc_fail_after(0);
    int rc = rg_metrics_compute(&mx, &F.tl, &F.ms, &F.m, fresh, &F.diag);
    rg_alloc_fail_after(-1);
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(rg_metrics_compute(&mx, &F.tl, &F.ms, &F.m, fresh, &F.diag), 0);
    rg_arena_free(fresh);
}
END_TEST

/* ---- milestones and metrics together ---- */

START_TEST(whole_incident)
{
    alert(T("14:02:00"), "alert.firing", "[FIRING:1] CheckoutErrors", "fp1", "alerts.json:1");
    add(T("14:02:40"), RG_KIND_PAGE, "page.triggered", 0, "pagerduty", "Checkout errors",
        "pagerduty.json:1");
    add(T("14:04:15.5"), RG_KIND_PAGE, "page.acknowledged", 1, "Linh Tran", "ack",
        "pagerduty.json:2");
    add(T("14:05:00"), RG_KIND_CHAT, "chat.message", 1, "Linh Tran", "looking into it",
        "slack.json:1");
    add(T("14:06:00"), RG_KIND_CHAT, "chat.message", 1, "Mai Pham", "joining", "slack.json:2");
    add(T("14:08:00"), RG_KIND_CHAT, "chat.message", 1, "Linh Tran", "Declaring SEV2, IC is Linh",
        "slack.json:3");
    status("14:15:00", "status.investigating", "We are investigating checkout errors.",
           "status.json:1");
    status("14:50:00", "status.monitoring", "Workaround: retry the payment.", "status.json:2");
    alert(T("14:45:00"), "alert.resolved", "[RESOLVED] CheckoutErrors", "fp1", "alerts.json:2");
    add(T("14:55:00"), RG_KIND_PAGE, "page.resolved", 1, "Linh Tran", "resolved",
        "pagerduty.json:3");
    status("15:20:00", "status.resolved", "Resolved.", "status.json:3");
    sort_events();
    ck_assert_int_eq(rg_milestones_choose(&F.ms, &F.tl, &F.m, F.a, &F.diag), 0);
    compute();
    ASSERT_DURATION(RG_DUR_TIME_TO_DETECT, 0);
    ASSERT_DURATION(RG_DUR_TIME_TO_ACKNOWLEDGE, 136); /* 135.5 s */
    ASSERT_DURATION(RG_DUR_TIME_TO_MOBILIZE, 360);
    ASSERT_DURATION(RG_DUR_TIME_TO_COMMUNICATE, 780);
    ASSERT_DURATION(RG_DUR_TIME_TO_MITIGATE, 2580);
    ASSERT_DURATION(RG_DUR_TIME_TO_RECOVER, 3180);
    ASSERT_DURATION(RG_DUR_VALIDATION_WINDOW, 2100);
    ASSERT_DURATION(RG_DUR_TOTAL_DURATION, 4680);
    ck_assert_uint_eq(mx.updates, 3);
    ck_assert_int_eq(mx.max_gap_s, 2100);
    ck_assert_uint_eq(mx.gaps_over_policy, 1);
    ck_assert_int_eq(mx.workaround_offered, 1);
    ck_assert_uint_eq(mx.n_findings, 1);
    ASSERT_FINDING(0, "update-gap-over-policy",
                   "Customers waited 35 min between status updates, from 2026-11-20T14:15:00Z to "
                   "2026-11-20T14:50:00Z, over the 30 min policy.",
                   "status.json:2");
}
END_TEST

/* ---- impact periods and milestones out of order ---- */

/* README, "Impact periods": overlapping alert spans and bursts merge (touching
 * too), an alert that fired before started is not counted, one that never
 * resolves runs to the last event and leaves its period open. */
START_TEST(impact_periods_union)
{
    set_all_ms(); /* started 14:00 */
    alert(T("13:50:00"), "alert.firing", "Before", "fp-0", "alerts.json:1");
    alert(T("13:55:00"), "alert.resolved", "Before", "fp-0", "alerts.json:2");
    alert(T("14:02:00"), "alert.firing", "A", "fp-a", "alerts.json:3");
    alert(T("14:10:00"), "alert.firing", "B", "fp-b", "alerts.json:4");
    alert(T("14:20:00"), "alert.resolved", "A", "fp-a", "alerts.json:5");
    alert(T("14:30:00"), "alert.resolved", "B", "fp-b", "alerts.json:6");
    alert(T("15:00:00"), "alert.firing", "C", "fp-c", "alerts.json:7");
    alert(T("15:06:15"), "alert.resolved", "C", "fp-c", "alerts.json:8");
    alert(T("15:30:00"), "alert.firing", "E", "fp-e", "alerts.json:9");
    status("15:45:00", "status.update", "Still watching.", "status.json:1");
    static rg_burst bursts[1];
    bursts[0].present = 1;
    bursts[0].from_us = T("14:30:00"); /* touches B's end: one period */
    bursts[0].to_us = T("14:35:00");
    bursts[0].first_origin = "app.log:10";
    F.ms.bursts = bursts;
    F.ms.n_bursts = 1;
    compute();
    ck_assert_uint_eq(mx.n_periods, 3);
    ck_assert_int_eq(mx.periods[0].from_us, T("14:02:00"));
    ck_assert_int_eq(mx.periods[0].to_us, T("14:35:00"));
    ck_assert_str_eq(mx.periods[0].origin, "alerts.json:3");
    ck_assert_int_eq(mx.periods[0].open, 0);
    ck_assert_int_eq(mx.periods[1].from_us, T("15:00:00"));
    ck_assert_int_eq(mx.periods[1].to_us, T("15:06:15"));
    ck_assert_int_eq(mx.periods[2].from_us, T("15:30:00"));
    ck_assert_int_eq(mx.periods[2].to_us, T("15:45:00"));
    ck_assert_int_eq(mx.periods[2].open, 1);
    /* 33 min + 6 min 15 s + 15 min */
    ck_assert_int_eq(mx.impact_total_s, 33 * 60 + 6 * 60 + 15 + 15 * 60);
}
END_TEST

START_TEST(impact_periods_none)
{
    set_all_ms();
    status("14:30:00", "status.investigating", "Looking.", "status.json:1");
    compute();
    ck_assert_uint_eq(mx.n_periods, 0);
    ck_assert_ptr_null(mx.periods);
    ck_assert_int_eq(mx.impact_total_s, 0);
}
END_TEST

/* A negative duration is never printed: unknown, with the reason, and one
 * finding per pair of milestones in the wrong order. */
START_TEST(out_of_order_unknown_not_negative)
{
    set_all_ms();
    set_ms(RG_MS_MITIGATED, "13:58:00", "alerts.json:2"); /* before started (14:00) */
    compute();
    ck_assert_int_eq(mx.has[RG_DUR_TIME_TO_MITIGATE], 0);
    ck_assert_str_eq(mx.why_unknown[RG_DUR_TIME_TO_MITIGATE], "mitigated is before started");
    ck_assert_ptr_null(mx.why_unknown[RG_DUR_TIME_TO_RECOVER]);
    ASSERT_DURATION(RG_DUR_TIME_TO_RECOVER, 50 * 60);
    /* resolved (15:00) after mitigated: the validation window is long, not wrong */
    ASSERT_DURATION(RG_DUR_VALIDATION_WINDOW, 62 * 60);
    ck_assert_uint_eq(count_code("milestones-out-of-order"), 1);
    ASSERT_FINDING(0, "milestones-out-of-order",
                   "\"mitigated\" (2026-11-20T13:58:00Z, alerts.json:2) is 2 min before "
                   "\"started\" (2026-11-20T14:00:00Z, x:1): one of them is wrong, or the "
                   "evidence comes from different incidents; the durations between them are "
                   "unknown. Check both, or set them with \"milestones\" in incident.json.",
                   "alerts.json:2");
}
END_TEST

static Suite *metrics_suite(void)
{
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("durations");
    tcase_add_checked_fixture(tc, setup, hand_teardown);
    tcase_add_test(tc, round_seconds);
    tcase_add_test(tc, duration_names);
    tcase_add_test(tc, durations_exact);
    tcase_add_test(tc, durations_absent_and_total_fallback);
    tcase_add_test(tc, durations_overflow_is_unknown);
    suite_add_tcase(s, tc);

    tc = tcase_create("communication");
    tcase_add_checked_fixture(tc, setup, hand_teardown);
    tcase_add_test(tc, communication_figures);
    tcase_add_test(tc, communication_policy_from_manifest);
    tcase_add_test(tc, communication_rounding_and_defaults);
    tcase_add_test(tc, communication_single_post);
    suite_add_tcase(s, tc);

    tc = tcase_create("findings");
    tcase_add_checked_fixture(tc, setup, hand_teardown);
    tcase_add_test(tc, announced_while_still_firing);
    tcase_add_test(tc, announced_while_never_resolved);
    tcase_add_test(tc, announced_then_fired_again);
    tcase_add_test(tc, announced_then_alert_resolved);
    tcase_add_test(tc, announced_after_recovery);
    tcase_add_test(tc, ack_over_policy);
    tcase_add_test(tc, no_customer_update);
    tcase_add_test(tc, milestone_missing);
    tcase_add_test(tc, findings_in_order);
    tcase_add_test(tc, many_findings_grow);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, whole_incident);
    tcase_add_test(tc, impact_periods_union);
    tcase_add_test(tc, impact_periods_none);
    tcase_add_test(tc, out_of_order_unknown_not_negative);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(metrics_suite)
