/* check_pagerduty.c -- the PagerDuty importer: REST log entries (newest first),
 * v2 and v3 webhooks, JSON lines, bad input with exact error lines. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_importer_util.h"
#include "jsonutil.h"

extern const rg_importer rg_importer_pagerduty;

#define FX RG_FIXTURES "/pagerduty"
#define MAX_EVENTS 64

static void run_shifted(got *g, const char *path, int64_t offset_us)
{
    run_file(g, &rg_importer_pagerduty, MAX_EVENTS, path, "pagerduty", offset_us);
}

static void run(got *g, const char *path)
{
    run_shifted(g, path, 0);
}

/* Asserts the fields every test looks at. actor NULL means none. */
static void check_event(const rg_event *ev, const char *when, rg_kind kind, const char *type,
                        const char *actor, int human, const char *text, const char *origin)
{
    ck_assert_str_eq(at(ev), when);
    ck_assert_int_eq(ev->kind, kind);
    ck_assert_str_eq(ev->type, type);
    ck_assert_str_eq(ev->source, "pagerduty");
    if (actor)
        ck_assert_str_eq(ev->actor, actor);
    else
        ck_assert_ptr_null(ev->actor);
    ck_assert_int_eq(ev->human, human);
    ck_assert_str_eq(ev->text, text);
    ck_assert_str_eq(ev->origin, origin);
    ck_assert_uint_eq(ev->count, 1);
}

static uint64_t warning_count(const rg_diag *d, const char *key)
{
    return rg_diag_warning_total(d, key);
}

START_TEST(log_entries_newest_first)
{
    got g;
    run(&g, FX "/log_entries.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_int_eq(g.diag.has_error, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_eq(g.n, 11);
    const char *p = FX "/log_entries.json";
    char o[256];
#define ORIGIN(line) (snprintf(o, sizeof(o), "%s:%d", p, line), o)
    /* Emitted oldest first: the trigger before the notify of the same second. */
    check_event(g.ev[0], "2026-11-20T14:05:10Z", RG_KIND_PAGE, "page.triggered", "Prometheus", 0,
                "Triggered through the API: <img src=x onerror=alert(1)> | **5xx** \a\x1b[31m",
                ORIGIN(102));
    ck_assert_str_eq(attr(g.ev[0], "pd_incident"), "Q2041CHK");
    ck_assert_str_eq(attr(g.ev[0], "pd_type"), "trigger_log_entry");
    ck_assert_str_eq(attr(g.ev[0], "pd_channel"), "api");
    ck_assert_str_eq(attr(g.ev[0], "pd_id"), "R0TRIGGER00000000000000000");
    ck_assert_str_eq(attr(g.ev[0], "service"), "checkout-api");
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20T14:05:10Z");

    check_event(g.ev[1], "2026-11-20T14:05:10Z", RG_KIND_PAGE, "page.notified", "Quang Vo", 0,
                "notified Quang Vo by push notification", ORIGIN(94));
    ck_assert_str_eq(attr(g.ev[1], "pd_channel"), "push_notification");
    ck_assert_str_eq(attr(g.ev[1], "service"), "(none)");

    check_event(g.ev[2], "2026-11-20T14:05:30Z", RG_KIND_PAGE, "page.trigger_limit_reached",
                "checkout-api", 0, "Reached the trigger limit", ORIGIN(85));
    check_event(g.ev[3], "2026-11-20T14:05:40Z", RG_KIND_PAGE, "page.escalated", "Checkout on-call",
                0, "Escalated to Linh Tran", ORIGIN(76));
    check_event(g.ev[4], "2026-11-20T14:05:40Z", RG_KIND_PAGE, "page.notified", "Linh Tran", 0,
                "Notified Linh Tran by SMS", ORIGIN(66));
    ck_assert_str_eq(attr(g.ev[4], "pd_channel"), "sms");
    check_event(g.ev[5], "2026-11-20T14:06:45.250000Z", RG_KIND_PAGE, "page.acknowledged",
                "Linh Tran", 1, "Acknowledged by Linh Tran", ORIGIN(56));
    ck_assert_str_eq(attr(g.ev[5], "pd_channel"), "mobile");
    ck_assert_str_eq(g.ev[5]->time_text, "2026-11-20T14:06:45.250Z");
    check_event(g.ev[6], "2026-11-20T14:12:00Z", RG_KIND_PAGE, "page.unacknowledged",
                "checkout-api", 0, "Unacknowledged due to timeout", ORIGIN(47));
    check_event(g.ev[7], "2026-11-20T14:15:30Z", RG_KIND_PAGE, "page.assigned", "Linh Tran", 1,
                "Reassigned to Minh Pham by Linh Tran", ORIGIN(37));
    check_event(g.ev[8], "2026-11-20T14:20:00Z", RG_KIND_PAGE, "page.snoozed", "Linh Tran", 1,
                "Snoozed for 30 minutes by Linh Tran", ORIGIN(28));
    /* The note's offset +07:00 is honoured: 14:40:12+07:00 is 07:40:12Z. It
     * is the oldest-but-one instant, yet keeps its place in the reversed run. */
    check_event(g.ev[9], "2026-11-20T07:40:12Z", RG_KIND_NOTE, "note", "Linh Tran", 1,
                "Failover done <script>alert(1)</script> [x](javascript:alert(1))", ORIGIN(18));
    ck_assert_str_eq(attr(g.ev[9], "pd_type"), "annotate_log_entry");
    ck_assert_str_eq(attr(g.ev[9], "pd_channel"), "note");
    check_event(g.ev[10], "2026-11-20T15:10:00Z", RG_KIND_PAGE, "page.resolved", "Linh Tran", 1,
                "Resolved by Linh Tran", ORIGIN(3));
#undef ORIGIN
    got_free(&g);
}
END_TEST

START_TEST(clock_offset_applied)
{
    got g;
    run_shifted(&g, FX "/log_entries.json", -42 * 1000000LL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 11);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:04:28Z");
    ck_assert_str_eq(at(g.ev[5]), "2026-11-20T14:06:03.250000Z");
    /* time_text keeps what the source wrote. */
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20T14:05:10Z");
    got_free(&g);
}
END_TEST

START_TEST(mixed_good_and_bad_entries)
{
    got g;
    const char *p = FX "/mixed.json";
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    /* 7 entries: resolve and trigger kept, the repeated M1 given with the same
     * identity and folded by the timeline, four warned. */
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->type, "page.triggered");
    /* newest first, reversed into time order: line 10's copy arrives first */
    ck_assert_str_eq(g.ev[0]->origin, FX "/mixed.json:10");
    ck_assert_str_eq(g.ev[1]->type, "page.resolved");
    ck_assert_str_eq(g.ev[1]->origin, FX "/mixed.json:2");
    ck_assert_str_eq(first_warning(&g.diag, "no-time"),
                     FX "/mixed.json:4:3: log entry has no 'created_at'; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-record"),
                     FX "/mixed.json:6:3: log entry is a string, expected an object; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-time"),
                     FX "/mixed.json:7:3: cannot read 'yesterday' as a time in 'created_at'; "
                        "log entry skipped");
    ck_assert_str_eq(first_warning(&g.diag, "unknown-type"),
                     FX "/mixed.json:8:3: log entry type 'incident' is not a PagerDuty log entry; "
                        "skipped");
    ck_assert_str_eq(first_warning(&g.diag, "incomplete"),
                     FX "/mixed.json:1:1: the export is one page of 7 of 40 log entries ('more' "
                        "is true); the others are missing");
    ck_assert_uint_eq(warning_count(&g.diag, "no-time") + warning_count(&g.diag, "bad-record") +
                          warning_count(&g.diag, "bad-time") +
                          warning_count(&g.diag, "unknown-type"),
                      4);
    got_free(&g);
}
END_TEST

START_TEST(bare_array_and_local_time)
{
    got g;
    run(&g, FX "/bare_array.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    check_event(g.ev[0], "2026-11-20T14:05:10Z", RG_KIND_PAGE, "page.triggered", "checkout-api", 0,
                "Triggered", FX "/bare_array.json:4");
    /* No zone in the text: the source's zone is applied and said. */
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20 14:05:10 (UTC assumed)");
    check_event(g.ev[1], "2026-11-20T14:06:45Z", RG_KIND_PAGE, "page.acknowledged", "Linh Tran", 1,
                "Acknowledged by Linh Tran", FX "/bare_array.json:2");
    got_free(&g);
}
END_TEST

START_TEST(webhooks_v3_json_lines)
{
    got g;
    const char *p = FX "/webhooks_v3.jsonl";
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_int_eq(g.diag.has_error, 0);
    /* 7 lines: E2 repeated (folded by the timeline), service.updated skipped,
     * line 6 truncated. */
    ck_assert_uint_eq(g.n, 5);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 4);
    check_event(g.ev[0], "2026-11-20T14:05:10.500000Z", RG_KIND_PAGE, "page.triggered",
                "checkout-api", 0, "Checkout 5xx", FX "/webhooks_v3.jsonl:1");
    ck_assert_str_eq(attr(g.ev[0], "pd_incident"), "Q1");
    ck_assert_str_eq(attr(g.ev[0], "pd_type"), "incident.triggered");
    ck_assert_str_eq(attr(g.ev[0], "service"), "checkout-api");
    check_event(g.ev[1], "2026-11-20T14:06:45Z", RG_KIND_PAGE, "page.acknowledged", "Linh Tran", 1,
                "Checkout 5xx", FX "/webhooks_v3.jsonl:2");
    check_event(g.ev[2], "2026-11-20T14:30:00Z", RG_KIND_NOTE, "note", "Linh Tran", 1,
                "Rolled back the pool size", FX "/webhooks_v3.jsonl:4");
    ck_assert_str_eq(attr(g.ev[2], "pd_incident"), "Q1");
    check_event(g.ev[3], "2026-11-20T15:10:00Z", RG_KIND_PAGE, "page.resolved", "Linh Tran", 1,
                "Checkout 5xx", FX "/webhooks_v3.jsonl:7");
    ck_assert_str_eq(first_warning(&g.diag, "unknown-type"),
                     FX "/webhooks_v3.jsonl:5:10: webhook event 'service.updated' is not about an "
                        "incident; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-json"),
                     FX "/webhooks_v3.jsonl:7:1: the document that starts on line 6 is not valid "
                        "JSON ('}' expected near '{'); skipped");
    got_free(&g);
}
END_TEST

START_TEST(webhook_v2_messages)
{
    got g;
    run(&g, FX "/webhook_v2_messages.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    /* A message without log entries: its event at "created_on", by whoever
     * last changed the incident's status. */
    check_event(g.ev[0], "2026-11-20T14:05:10Z", RG_KIND_PAGE, "page.triggered", "checkout-api", 0,
                "[#2041] Checkout 5xx above 5%", FX "/webhook_v2_messages.json:3");
    ck_assert_str_eq(attr(g.ev[0], "pd_type"), "incident.trigger");
    ck_assert_str_eq(attr(g.ev[0], "service"), "checkout-api");
    /* A message with log entries: the entries, not the message. */
    check_event(g.ev[1], "2026-11-20T14:06:45Z", RG_KIND_PAGE, "page.acknowledged", "Linh Tran", 1,
                "Acknowledged by Linh Tran", FX "/webhook_v2_messages.json:27");
    ck_assert_str_eq(attr(g.ev[1], "pd_type"), "acknowledge_log_entry");
    /* An incident event this version does not know keeps its name. */
    check_event(g.ev[2], "2026-11-20T14:07:00Z", RG_KIND_PAGE, "page.custom_thing", NULL, 0,
                "incident.custom_thing", FX "/webhook_v2_messages.json:38");
    ck_assert_str_eq(first_warning(&g.diag, "bad-record"),
                     FX "/webhook_v2_messages.json:43:5: webhook message is a string, expected an "
                        "object; skipped");
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    got_free(&g);
}
END_TEST

/* A v2 webhook whose first log entry's channel details (the sender's own
 * JSON) hold arrays named "messages" and "log_entries": each entry on its
 * own line, read whole and message by message. The whole read took the
 * offsets of every array of those names, so the acknowledgement was put on
 * a line inside the first message. */
START_TEST(nested_details_located)
{
    static const long lines[] = {5, 13};
    check_lines_both_ways(&rg_importer_pagerduty, FX "/nested-details.json", lines, 2,
                          "Acknowledged by Ana");
}
END_TEST

START_TEST(corpus_v2_acknowledge)
{
    const char *p = RG_CORPUS "/real/pagerduty/webhook_v2_incident.acknowledge_with_log_entry.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_eq(g.n, 1);
    char o[512];
    snprintf(o, sizeof(o), "%s:6", p);
    check_event(g.ev[0], "2017-09-26T15:15:17Z", RG_KIND_PAGE, "page.acknowledged", "Laura Haley",
                1, "Acknowledged by Laura Haley", o);
    ck_assert_str_eq(attr(g.ev[0], "pd_incident"), "PRORDTY");
    ck_assert_str_eq(attr(g.ev[0], "pd_type"), "acknowledge_log_entry");
    ck_assert_str_eq(attr(g.ev[0], "pd_channel"), "website");
    ck_assert_str_eq(attr(g.ev[0], "pd_id"), "RRPP3746OFFZZ742NSP1G67AWC");
    ck_assert_str_eq(attr(g.ev[0], "service"), "Production XDB Cluster");
    got_free(&g);
}
END_TEST

START_TEST(corpus_v3)
{
    static const struct {
        const char *file, *when, *type, *text, *incident;
        rg_kind kind;
    } cases[] = {
        {"webhook_v3_incident.triggered.json", "2021-06-04T13:35:29.781000Z", "page.triggered",
         "Test Incident 3", "PFQZPSY", RG_KIND_PAGE},
        {"webhook_v3_incident.resolved.json", "2021-06-04T13:16:53.816000Z", "page.resolved",
         "Test Incident", "PCPZE64", RG_KIND_PAGE},
        {"webhook_v3_incident.annotated.json", "2026-04-01T02:18:59.674000Z", "note",
         "Running KILL on long-running queries from the reporting-service.", "Q3B15VLMF3ASBD",
         RG_KIND_NOTE},
    };
    const char *actors[] = {"PIG 208", "PIG 208", "Harsh Santwani"};
    for (size_t i = 0; i < 3; i++) {
        char p[512], o[600];
        snprintf(p, sizeof(p), RG_CORPUS "/real/pagerduty/%s", cases[i].file);
        if (!rg_have_corpus(p))
            continue;
        got g;
        run(&g, p);
        ck_assert_int_eq(g.rc, 0);
        ck_assert_uint_eq(g.diag.n_warnings, 0);
        ck_assert_uint_eq(g.n, 1);
        snprintf(o, sizeof(o), "%s:2", p);
        check_event(g.ev[0], cases[i].when, cases[i].kind, cases[i].type, actors[i], 1,
                    cases[i].text, o);
        ck_assert_str_eq(attr(g.ev[0], "pd_incident"), cases[i].incident);
        got_free(&g);
    }
}
END_TEST

/* Each tests/fixtures/pagerduty/invalid/NAME/input fails with the line in
 * NAME/error, whose "input" is the fixture's path. */
START_TEST(invalid_fixtures)
{
    static const char *const names[] = {
        "empty", "truncated", "not-an-object", "log-entries-object", "scalar", "not-utf8", "utf16"};
    check_invalid_fixtures(&rg_importer_pagerduty, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(missing_file)
{
    got g;
    run(&g, FX "/no-such-file.json");
    ck_assert_int_eq(g.rc, -1);
    ck_assert_str_eq(g.diag.error, FX "/no-such-file.json: cannot read: No such file or directory");
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_pagerduty;
    const char *rest = "{\"log_entries\": [], \"more\": false}";
    const char *bare = "[{\"type\": \"trigger_log_entry\"}]";
    const char *v3 = "{\"event\": {\"event_type\": \"incident.triggered\"}}";
    const char *v2 = "{\"messages\": [{\"event\": \"incident.acknowledge\"}]}";
    const char *other = "{\"alerts\": [], \"groupKey\": \"x\"}";
    const char *log = "Nov 20 14:02:03 host app: log_entries _log_entry\"";
    ck_assert_int_eq(imp->sniff("a.json", 0, rest, strlen(rest)), 90);
    ck_assert_int_eq(imp->sniff("a.json", 0, bare, strlen(bare)), 90);
    ck_assert_int_eq(imp->sniff("a.json", 0, v3, strlen(v3)), 85);
    ck_assert_int_eq(imp->sniff("a.json", 0, v2, strlen(v2)), 80);
    ck_assert_int_eq(imp->sniff("a.json", 0, other, strlen(other)), 0);
    ck_assert_int_eq(imp->sniff("a.log", 0, log, strlen(log)), 0);
    ck_assert_int_eq(imp->sniff("dir", 1, NULL, 0), 0);
    /* The marker cut off by the head's end does not count. */
    ck_assert_int_eq(imp->sniff("a.json", 0, rest, 8), 0);
    ck_assert_str_eq(imp->name, "pagerduty");
    ck_assert_int_eq(imp->kind, RG_KIND_PAGE);
}
END_TEST

static Suite *pagerduty_suite(void)
{
    Suite *s = suite_create("pagerduty");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, log_entries_newest_first);
    tcase_add_test(tc, clock_offset_applied);
    tcase_add_test(tc, mixed_good_and_bad_entries);
    tcase_add_test(tc, bare_array_and_local_time);
    tcase_add_test(tc, webhooks_v3_json_lines);
    tcase_add_test(tc, webhook_v2_messages);
    tcase_add_test(tc, nested_details_located);
    tcase_add_test(tc, corpus_v2_acknowledge);
    tcase_add_test(tc, corpus_v3);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, missing_file);
    tcase_add_test(tc, sniff_scores);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(pagerduty_suite)
