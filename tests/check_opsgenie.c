/* check_opsgenie.c -- the Opsgenie importer: alert log pages (a folder of
 * them as one source, overlapping pages read once), webhook payloads one per
 * line, epoch nanoseconds exact past 2^53, who is human, bad input with exact
 * errors, sniffing. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"

extern const rg_importer rg_importer_opsgenie;

#define FX RG_FIXTURES "/opsgenie"
#define CORPUS_DIR RG_CORPUS "/real/opsgenie"
#define MAX_EVENTS 64

static void run(got *g, const char *path)
{
    run_file(g, &rg_importer_opsgenie, MAX_EVENTS, path, "opsgenie", 0);
}

/* The real samples: a logs API page (newest first, emitted oldest first)
 * and the four webhook actions. */
START_TEST(corpus_samples)
{
    static const struct {
        const char *file;
        const char *want[2];
        size_t n;
    } cases[] = {
        {"demisto-content_v2_alerts_logs_response.json",
         {
             "2023-08-03T09:24:58.894000Z page.acknowledged kind=page actor=demisto@demisto.local "
             "human=1 origin=" CORPUS_DIR
             "/demisto-content_v2_alerts_logs_response.json:10 time=[2023-08-03T09:24:58.894Z] "
             "text=[Alert acknowledged via web[Default API-Acknowledge Alert]] "
             "{opsgenie_type=alertAction;opsgenie_offset=1691054698894_1691054698894140450;}",
             "2023-08-03T09:26:05.030000Z page.viewed kind=page actor=demisto@demisto.local "
             "human=1 origin=" CORPUS_DIR
             "/demisto-content_v2_alerts_logs_response.json:3 time=[2023-08-03T09:26:05.03Z] "
             "text=[Viewed on [web]] "
             "{opsgenie_type=alertRecipient;opsgenie_offset=1621054765030_1691034765030249435;}",
         },
         2},
        {"webhook_create.json",
         {
             "2017-08-14T11:25:56.288000Z page.triggered kind=page actor=test@example.com human=0 "
             "origin=" CORPUS_DIR
             "/webhook_create.json:1 time=[1502709956288] text=[another alert] "
             "{opsgenie_action=Create;alert_id=ec03dad6-62c8-4c94-b38b-d88f398e900f;tiny_id=2;"
             "alias=alert-alias;entity=Server;priority=P3;tags=vip;via=API;integration=Webhook;}",
         },
         1},
        {"webhook_acknowledge.json",
         {
             "2015-01-05T10:03:44.764002Z page.acknowledged kind=page actor=fili@ifountain.com "
             "human=1 origin=" CORPUS_DIR
             "/webhook_acknowledge.json:1 time=[1420452224764002246] text=[test alert] "
             "{opsgenie_action=Acknowledge;alert_id=052652ac-5d1c-464a-812a-7dd18bbfba8c;tiny_id="
             "23;alias=aliastest;tags=tag1, tag2;via=web;integration=Integration1;}",
         },
         1},
        {"webhook_addnote.json",
         {
             "2015-01-05T10:04:35.002000Z note kind=note actor=fili@ifountain.com human=1 "
             "origin=" CORPUS_DIR
             "/webhook_addnote.json:1 time=[1420452275002000962] text=[note to test alert] "
             "{opsgenie_action=AddNote;alert_id=052652ac-5d1c-464a-812a-7dd18bbfba8c;tiny_id=23;"
             "alias=aliastest;tags=tag1, tag2;via=web;integration=Integration1;}",
         },
         1},
        {"webhook_close.json",
         {
             "2015-01-05T10:06:14.669001Z page.resolved kind=page actor=fili@ifountain.com human=1 "
             "origin=" CORPUS_DIR
             "/webhook_close.json:1 time=[1420452374669001603] text=[test alert] "
             "{opsgenie_action=Close;alert_id=052652ac-5d1c-464a-812a-7dd18bbfba8c;tiny_id=23;"
             "alias=aliastest;via=web;integration=Integration1;}",
         },
         1},
    };
    if (!rg_have_corpus(CORPUS_DIR))
        return;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char p[512];
        snprintf(p, sizeof(p), CORPUS_DIR "/%s", cases[i].file);
        got g;
        run(&g, p);
        ck_assert_int_eq(g.rc, 0);
        ck_assert_uint_eq(g.diag.n_warnings, 0);
        check_events(&g, cases[i].want, cases[i].n);
        ck_assert_str_eq(g.ev[0]->source, "opsgenie");
        got_free(&g);
    }
}
END_TEST

/* Two pages of one alert's log in a folder: one source; each page emitted
 * oldest first; the entry both pages hold (same offset) is one record. */
START_TEST(log_pages_folder)
{
    got g;
    run(&g, FX "/logs");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:06:30Z page.viewed kind=page actor=Linh Tran human=1 origin=" FX
        "/logs/page-1.json:6 time=[2026-11-20T14:06:30Z] text=[Viewed on [web]] "
        "{opsgenie_type=alertRecipient;opsgenie_offset=1795183590000_1795183590000000400;}",
        "2026-11-20T14:06:40.123000Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/logs/page-1.json:5 time=[2026-11-20T14:06:40.123Z] text=[Alert acknowledged via web] "
        "{opsgenie_type=alertAction;opsgenie_offset=1795183600123_1795183600123000300;}",
        "2026-11-20T14:30:02Z note kind=note actor=Priya Nair human=1 origin=" FX
        "/logs/page-1.json:4 time=[2026-11-20T14:30:02Z] text=[Note added: rolled back to v41 "
        "<script>alert(1)</script>] "
        "{opsgenie_type=note;opsgenie_offset=1795185002000_1795185002000000200;}",
        "2026-11-20T14:48:10.500000Z page.resolved kind=page actor=System human=0 origin=" FX
        "/logs/page-1.json:3 time=[2026-11-20T14:48:10.5Z] text=[Alert closed by System] "
        "{opsgenie_type=system;opsgenie_offset=1795186090500_1795186090500000100;}",
        "2026-11-20T14:02:00Z page.triggered kind=page actor=Prometheus human=0 origin=" FX
        "/logs/page-2.json:7 time=[1795183320000] text=[Alert created via Prometheus] "
        "{opsgenie_type=system;opsgenie_offset=1795183320000_1795183320000000700;}",
        "2026-11-20T14:02:03Z page.notified kind=page actor=Linh Tran human=0 origin=" FX
        "/logs/page-2.json:5 time=[2026-11-20T14:02:03Z] text=[Sent [SMS] notification to [Linh "
        "Tran] about [Create]] "
        "{opsgenie_type=alertRecipient;opsgenie_offset=1795183323000_1795183323000000600;}",
        "2026-11-20T14:06:00Z page.escalated kind=page actor=System human=0 origin=" FX
        "/logs/page-2.json:4 time=[2026-11-20T14:06:00Z] text=[Escalated to [Payments secondary]] "
        "{opsgenie_type=system;opsgenie_offset=1795183560000_1795183560000000500;}",
        "2026-11-20T14:06:30Z page.viewed kind=page actor=Linh Tran human=1 origin=" FX
        "/logs/page-2.json:3 time=[2026-11-20T14:06:30Z] text=[Viewed on [web]] "
        "{opsgenie_type=alertRecipient;opsgenie_offset=1795183590000_1795183590000000400;}",
    };
    check_events(&g, want, 8);
    check_warning(&g, "bad-record",
                  FX "/logs/page-2.json:6:5: log entry has 'log' as a number; skipped", 1);
    check_warning(&g, "no-time", FX "/logs/page-2.json:8:5: log entry has no 'createdAt'; skipped",
                  1);
    /* 10 entries read = 8 imported + 2 warned; the repeat folds. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 2);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_str_eq(g.ev[0]->type, "page.triggered");
    got_free(&g);
}
END_TEST

/* Webhooks one per line: Create at createdAt (ms), every other action at
 * updatedAt (ns, read as int64: 1795183640000000999 ns is 14:07:20.000000,
 * where a double would say .000001); a redelivery folds; System is no
 * person; an action Opsgenie adds later keeps its name. */
START_TEST(webhooks_per_line)
{
    got g;
    run(&g, FX "/webhooks.jsonl");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00Z page.triggered kind=page actor=System human=0 origin=" FX
        "/webhooks.jsonl:1 time=[1795183320000] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=Create;alert_id=8a1f-4c;tiny_id=41;alias=checkout-5xx;entity=checkout-"
        "api;priority=P2;tags=checkout, sev2;via=integration;integration=Prometheus;}",
        "2026-11-20T14:06:40.123456Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/webhooks.jsonl:2 time=[1795183600123456789] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=Acknowledge;alert_id=8a1f-4c;tiny_id=41;note=looking at the "
        "pool;via=web;integration=Prometheus;}",
        "2026-11-20T14:07:20Z page.acknowledged kind=page actor=Priya Nair human=1 origin=" FX
        "/webhooks.jsonl:3 time=[1795183640000000999] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=TakeOwnership;alert_id=8a1f-4c;via=mobile;}",
        "2026-11-20T14:30:02Z note kind=note actor=Priya Nair human=1 origin=" FX
        "/webhooks.jsonl:4 time=[1795185002000000000] text=[| rolled back | v41 |\n# done] "
        "{opsgenie_action=AddNote;alert_id=8a1f-4c;via=web;}",
        "2026-11-20T14:48:10.500000Z page.resolved kind=page actor=System human=0 origin=" FX
        "/webhooks.jsonl:6 time=[1795186090500000000] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=Close;alert_id=8a1f-4c;via=API;}",
        "2026-11-20T14:06:40.123456Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/webhooks.jsonl:7 time=[1795183600123456789] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=Acknowledge;alert_id=8a1f-4c;tiny_id=41;note=looking at the "
        "pool;via=web;integration=Prometheus;}",
        "2026-11-20T14:48:20Z page.add_tags kind=page actor=Priya Nair human=1 origin=" FX
        "/webhooks.jsonl:8 time=[1795186100000000000] text=[Checkout 5xx above 5%] "
        "{opsgenie_action=AddTags;alert_id=8a1f-4c;tags=postmortem;}",
    };
    check_events(&g, want, 7);
    check_warning(&g, "no-time",
                  FX "/webhooks.jsonl:5:36: webhook alert has no 'updatedAt'; skipped", 1);
    check_warning(&g, "bad-time",
                  FX "/webhooks.jsonl:9:33: webhook alert has 'updatedAt' as a number with a "
                     "fraction, expected a time; skipped",
                  1);
    check_warning(&g, "bad-json",
                  FX "/webhooks.jsonl:10:29: the document that starts on line 10 is not valid "
                     "JSON (unexpected token near end of file); skipped",
                  1);
    /* 10 lines = 7 imported + 3 warned. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 3);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 6);
    got_free(&g);
}
END_TEST

/* An array of payloads with a stray value between good ones. */
START_TEST(mixed_array)
{
    char *p = temp_path("check_opsgenie");
    write_text(p, "[\n"
                  " {\"action\": \"Close\", \"alert\": {\"alertId\": \"a\", \"updatedAt\": "
                  "1795186090500000000, \"username\": \"Ana Lima\"}},\n"
                  " 17,\n"
                  " {\"log\": \"Alert acknowledged via Slack\", \"owner\": \"Ana Lima\", "
                  "\"createdAt\": \"2026-11-20T14:05:00+07:00\"}\n"
                  "]\n");
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->type, "page.resolved");
    ck_assert_int_eq(g.ev[0]->human, 1);
    ck_assert_str_eq(g.ev[1]->type, "page.acknowledged");
    ck_assert_str_eq(at(g.ev[1]), "2026-11-20T07:05:00Z");
    char want[600];
    snprintf(want, sizeof(want),
             "%s:3:2: expected an Opsgenie log entry or webhook payload, got a number; skipped", p);
    check_warning(&g, "bad-payload", want, 1);
    got_free(&g);
    unlink(p);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",       "truncated", "truncated-in-entry", "scalar",
                                        "data-object", "neither",   "not-utf8",           "utf16"};
    check_invalid_fixtures(&rg_importer_opsgenie, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_opsgenie;
    ck_assert_int_eq(sniff_file(imp, FX "/webhooks.jsonl"), 90);
    ck_assert_int_eq(sniff_file(imp, FX "/logs/page-1.json"), 85);
    ck_assert_int_eq(imp->sniff(FX "/logs", 1, NULL, 0), 85);
    /* A folder with anything else in it is not a folder of pages. */
    ck_assert_int_eq(imp->sniff(FX, 1, NULL, 0), 0);
    ck_assert_int_eq(imp->sniff(RG_FIXTURES "/grafana", 1, NULL, 0), 0);
    const char *pd = "{\"log_entries\": [{\"type\": \"acknowledge_log_entry\"}]}";
    const char *am = "{\"alerts\": [{\"startsAt\": \"x\"}]}";
    ck_assert_int_eq(imp->sniff("a.json", 0, pd, strlen(pd)), 0);
    ck_assert_int_eq(imp->sniff("a.json", 0, am, strlen(am)), 0);
    if (rg_have_corpus(CORPUS_DIR)) {
        ck_assert_int_eq(sniff_file(imp, CORPUS_DIR "/webhook_create.json"), 90);
        ck_assert_int_eq(
            sniff_file(imp, CORPUS_DIR "/demisto-content_v2_alerts_logs_response.json"), 85);
        ck_assert_int_eq(imp->sniff(CORPUS_DIR, 1, NULL, 0), 85);
    }
    ck_assert_str_eq(imp->name, "opsgenie");
    ck_assert_int_eq(imp->kind, RG_KIND_PAGE);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_opsgenie, FX "/webhooks.jsonl");
    check_out_of_memory(&rg_importer_opsgenie, FX "/logs");
}
END_TEST

/* Bad input, one case per kind of damage (issue 9, house rules): empty,
 * truncated, malformed, a field of the wrong type, a record without its time,
 * bytes that are not UTF-8, hostile text kept verbatim (escaping is the
 * renderer's). Each case's whole error line, or every warning and the events
 * kept. */
START_TEST(bad_input_table)
{
    static const bad_case cases[] = {
        {"empty",
         "",
         0,
         "{P}: file is empty, expected a JSON document",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"truncated",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"},\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"179518360",
         0,
         "{P}:3:131: unexpected end of file (truncated?): premature end of input near "
         "'\"179518360'",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"},,\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         "{P}:2:159: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: log a number",
         "{\"data\":[\n{\"log\":42,\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"},\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: log entry has 'log' as a number; skipped", 1}},
         1,
         "Alert acknowledged via web",
         NULL},
        {"wrong type: owner an object",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":{\"a\":1},\"createdAt\":\"2026-11-20T14:06:"
         "40Z\",\"offset\":\"1795183600123_1795183600123000300\"},\n{\"log\":\"Alert acknowledged "
         "via web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: log entry has 'owner' as an object, expected a string; skipped",
           1}},
         1,
         "Alert acknowledged via web",
         NULL},
        {"wrong type: createdAt an object",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":{\"x\":1},\"offset\":\"1795183600123_1795183600123000300\"},\n{"
         "\"log\":\"Alert acknowledged via web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         NULL,
         {{"bad-time", "{P}:2:1: log entry has 'createdAt' as an object, expected a time; skipped",
           1}},
         1,
         "Alert acknowledged via web",
         NULL},
        {"no time",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via "
         "web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"offset\":\"1795183600123_1795183600123000300\"},\n{\"log\":\"Alert acknowledged "
         "via web\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: log entry has no 'createdAt'; skipped", 1}},
         1,
         "Alert acknowledged via web",
         NULL},
        {"not utf-8",
         "{\"data\":[\n{\"log\":\"Alert acknowledged via web "
         "\377\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         "{P}:2:35: not valid UTF-8 (unable to decode byte 0xff); save the file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"data\":[\n{\"log\":\"<script>alert(1)</script> ](javascript:alert(1)) | table | "
         "breaker |\\n# heading \\u0007 \\u0000 nul\",\"type\":\"alertAction\",\"owner\":\"Linh "
         "Tran\",\"createdAt\":\"2026-11-20T14:06:40Z\",\"offset\":\"1795183600123_"
         "1795183600123000300\"}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:96: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
        {"webhook: wrong type: username a number",
         "{\"action\":\"Acknowledge\",\"alert\":{\"alertId\":\"a1\",\"message\":\"Checkout "
         "5xx\",\"username\":7,\"updatedAt\":1795183600123456789}}\n{\"action\":\"Acknowledge\","
         "\"alert\":{\"alertId\":\"a1\",\"message\":\"Checkout 5xx\",\"username\":\"Linh "
         "Tran\",\"updatedAt\":1795183600123456789}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:33: webhook alert has 'username' as a number, expected a string; skipped", 1}},
         1,
         "Checkout 5xx",
         NULL},
        {"webhook: truncated",
         "{\"action\":\"Acknowledge\",\"alert\":{\"alertId\":\"a1\",\"message\":\"Checkout "
         "5xx\",\"username\":\"Linh "
         "Tran\",\"updatedAt\":1795183600123456789}}\n{\"action\":\"Acknowledge\",\"alert\":{"
         "\"alertId\":\"a1\",\"message\":\"Checkout 5xx\",\"username\":\"Linh "
         "Tran\",\"updatedAt\":17",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:110: the document that starts on line 2 is not valid JSON ('}' expected near end "
           "of file); skipped",
           1}},
         1,
         "Checkout 5xx",
         NULL},
        {"webhook: hostile",
         "{\"action\":\"Acknowledge\",\"alert\":{\"alertId\":\"a1\",\"message\":\"<script>alert(1)<"
         "/script> ](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"username\":\"Linh Tran\",\"updatedAt\":1795183600123456789}}\n",
         0,
         NULL,
         {{"nul", "{P}:1:147: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_opsgenie, "opsgenie", "page-1.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *opsgenie_suite(void)
{
    Suite *s = suite_create("opsgenie");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_samples);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, log_pages_folder);
    tcase_add_test(tc, webhooks_per_line);
    tcase_add_test(tc, mixed_array);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(opsgenie_suite)
