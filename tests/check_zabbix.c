/* check_zabbix.c -- the Zabbix importer: problem.get with the JSON-RPC
 * wrapper (recovery from r_clock, acknowledgements by their action bits),
 * event.get without it (recovery events), numbers as strings, nanoseconds,
 * bad input with exact errors, sniffing. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"

extern const rg_importer rg_importer_zabbix;

#define FX RG_FIXTURES "/zabbix"
#define CORPUS_DIR RG_CORPUS "/real/zabbix"
#define MAX_EVENTS 64

static void run(got *g, const char *path)
{
    run_file(g, &rg_importer_zabbix, MAX_EVENTS, path, "zabbix", 0);
}

/* event.get from a real server: problem 13's recovery is event 15. */
START_TEST(corpus_event_get)
{
    const char *p = CORPUS_DIR "/demisto-content_event.get_result.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2020-03-27T15:12:21.248457Z alert.firing kind=alert actor=zabbix human=0 "
        "origin=" CORPUS_DIR
        "/demisto-content_event.get_result.json:2 time=[1585321941.248457478] text=[Zabbix agent "
        "on Zabbix server is unreachable for 5 minutes] "
        "{eventid=12;severity=average;trigger=13491;fingerprint=trigger 13491;}",
        "2020-03-30T17:33:24.554931Z alert.firing kind=alert actor=zabbix human=0 "
        "origin=" CORPUS_DIR
        "/demisto-content_event.get_result.json:19 time=[1585589604.554931714] text=[Zabbix task "
        "manager processes more than 75% busy] "
        "{eventid=13;severity=average;trigger=13560;fingerprint=trigger 13560;}",
        "2020-03-30T17:34:24.596351Z alert.resolved kind=alert actor=zabbix human=0 "
        "origin=" CORPUS_DIR
        "/demisto-content_event.get_result.json:36 time=[1585589664.596351852] text=[Zabbix task "
        "manager processes more than 75% busy] {eventid=15;severity=not "
        "classified;trigger=13560;fingerprint=trigger 13560;}",
    };
    check_events(&g, want, 3);
    got_free(&g);
}
END_TEST

/* problem.get: firing at clock + ns, resolved at r_clock + r_ns; an
 * acknowledgement (bit 2) by a named user is human; a message only (bit 4)
 * is a note; an entry without "action" (Zabbix before 4.0) acknowledges;
 * bad records counted between good ones. */
START_TEST(problem_get)
{
    got g;
    run(&g, FX "/problems.json");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00.250000Z alert.firing kind=alert actor=zabbix human=0 origin=" FX
        "/problems.json:4 time=[1795183320.250000999] text=[Checkout 5xx above 5% on web-1] "
        "{eventid=9001;severity=high;trigger=23001;host=Web "
        "1;tag.service=checkout;tag.scope=availability;fingerprint=trigger 23001;}",
        "2026-11-20T14:30:00.000005Z alert.resolved kind=alert actor=zabbix human=0 origin=" FX
        "/problems.json:4 time=[1795185000.000005000] text=[Checkout 5xx above 5% on web-1] "
        "{eventid=9001;severity=high;trigger=23001;host=Web "
        "1;tag.service=checkout;tag.scope=availability;fingerprint=trigger 23001;}",
        "2026-11-20T14:06:40Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/problems.json:22 time=[1795183600] text=[on it, looking at the pool] "
        "{eventid=9001;severity=high;trigger=23001;host=Web "
        "1;tag.service=checkout;tag.scope=availability;action=6;}",
        "2026-11-20T14:08:20Z note kind=note actor=priya human=1 origin=" FX
        "/problems.json:23 time=[1795183700] text=[rolled back | v41] "
        "{eventid=9001;severity=high;trigger=23001;host=Web "
        "1;tag.service=checkout;tag.scope=availability;action=4;}",
        "2026-11-20T14:10:00Z page.acknowledged kind=page actor=sam human=1 origin=" FX
        "/problems.json:24 time=[1795183800] text=[acknowledged: Checkout 5xx above 5% on web-1] "
        "{eventid=9001;severity=high;trigger=23001;host=Web "
        "1;tag.service=checkout;tag.scope=availability;}",
        "2026-11-20T14:11:40Z alert.firing kind=alert actor=zabbix human=0 origin=" FX
        "/problems.json:30 time=[1795183900.000000000] text=[Database <script>alert(1)</script> "
        "latency high] {eventid=9010;severity=warning;trigger=23002;fingerprint=trigger 23002;}",
    };
    check_events(&g, want, 6);
    check_warning(&g, "bad-time",
                  FX "/problems.json:25:17: acknowledgement has 'clock' as 'later', expected epoch "
                     "seconds; skipped",
                  2);
    check_warning(&g, "bad-record",
                  FX "/problems.json:52:9: problem or event has no 'eventid'; "
                     "skipped",
                  1);
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 3);
    got_free(&g);
}
END_TEST

/* event.get: the recovery event resolves its trigger's problem; an internal
 * event is a note. The same problem from problem.get and event.get, read
 * together, is one record each for its firing and its recovery. */
/* An internal event (a note) with acknowledgements, which are not read,
 * before a problem with one: each on its own line, read whole and record by
 * record (the whole read finds every "acknowledges" array of the file, and
 * a record passes over the offsets before its own start). */
START_TEST(skipped_acks_located)
{
    static const long lines[] = {2, 7, 10};
    check_lines_both_ways(&rg_importer_zabbix, FX "/skipped-acks.json", lines, 3, "on it");
}
END_TEST

START_TEST(event_get_and_both_forms)
{
    got g;
    run(&g, FX "/events.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00.250000Z alert.firing kind=alert actor=zabbix human=0 origin=" FX
        "/events.json:2 time=[1795183320.250000999] text=[Checkout 5xx above 5% on web-1] "
        "{eventid=9001;severity=high;trigger=23001;fingerprint=trigger 23001;}",
        "2026-11-20T14:05:00Z note kind=note actor=zabbix human=0 origin=" FX
        "/events.json:3 time=[1795183500.000000000] text=[Cannot evaluate function "
        "last(/web-1/net.if.in)] {eventid=9005;severity=not classified;trigger=41000;}",
        "2026-11-20T14:30:00.000005Z alert.resolved kind=alert actor=zabbix human=0 origin=" FX
        "/events.json:4 time=[1795185000.000005000] text=[Checkout 5xx above 5% on web-1] "
        "{eventid=9007;severity=not classified;trigger=23001;fingerprint=trigger 23001;}",
    };
    check_events(&g, want, 3);
    got_free(&g);

    char dir[256], path[512];
    scratch_dir(dir, sizeof(dir), "zabbix-both");
    snprintf(path, sizeof(path), "%s/problems.json", dir);
    copy_path(FX "/problems.json", path);
    snprintf(path, sizeof(path), "%s/events.json", dir);
    copy_path(FX "/events.json", path);
    ck_assert_int_eq(rg_importer_zabbix.sniff(dir, 1, NULL, 0), 90);
    run(&g, dir);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    ck_assert_uint_eq(got_fold(&g), 2);
    ck_assert_str_eq(g.ev[0]->type, "alert.firing");
    /* A folder of pages: its files in name order, each origin naming its file. */
    snprintf(path, sizeof(path), "%s/events.json:2", dir);
    ck_assert_str_eq(g.ev[0]->origin, path);
    got_free(&g);
    remove_dir(dir);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",     "truncated", "scalar",   "result-object",
                                        "no-result", "api-error", "not-utf8", "utf16"};
    check_invalid_fixtures(&rg_importer_zabbix, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_zabbix;
    ck_assert_int_eq(sniff_file(imp, FX "/problems.json"), 90);
    ck_assert_int_eq(sniff_file(imp, FX "/events.json"), 90);
    ck_assert_int_eq(imp->sniff(FX, 1, NULL, 0), 0);
    const char *other = "[{\"eventid\": \"1\", \"timestamp\": \"x\"}]";
    ck_assert_int_eq(imp->sniff("a.json", 0, other, strlen(other)), 0);
    if (rg_have_corpus(CORPUS_DIR))
        ck_assert_int_eq(sniff_file(imp, CORPUS_DIR "/demisto-content_event.get_result.json"), 90);
    ck_assert_str_eq(imp->name, "zabbix");
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_zabbix, FX "/problems.json");
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
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]},\n{\"eventid\":\"9001\",\"source\":\"0\","
         "\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":"
         "\"0\",\"r_clock\":\"0\",\"name\":\"Checkout 5xx\",\"severity\":\"4\"",
         0,
         "{P}:3:155: unexpected end of file (truncated?): '}' expected",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]},,\n{\"eventid\":\"9001\",\"source\":\"0\","
         "\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":"
         "\"0\",\"r_clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         "{P}:2:176: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: name a number",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":42,\"severity\":\"4\",\"acknowledges\":[]},\n{\"eventid\":"
         "\"9001\",\"source\":\"0\",\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\","
         "\"ns\":\"0\",\"r_eventid\":\"0\",\"r_clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: problem or event has 'name' as a number, expected a string; skipped", 1}},
         1,
         "Checkout 5xx",
         NULL},
        {"wrong type: clock an object",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":{\"x\":1},\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]},\n{\"eventid\":\"9001\",\"source\":\"0\","
         "\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":"
         "\"0\",\"r_clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: problem or event has 'clock' as 'a value that is not a number', expected "
           "epoch seconds; skipped",
           1}},
         1,
         "Checkout 5xx",
         NULL},
        {"wrong type: acknowledges an object",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":{\"a\":1}},\n{\"eventid\":\"9001\",\"source\":"
         "\"0\",\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_"
         "eventid\":\"0\",\"r_clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: problem has 'acknowledges' as an object, expected an array; they are skipped",
           1}},
         2,
         "Checkout 5xx",
         "Checkout 5xx"},
        {"no time",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_clock\":\"0\",\"name\":"
         "\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]},\n{\"eventid\":\"9001\",\"source\":\"0\","
         "\"object\":\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":"
         "\"0\",\"r_clock\":\"0\",\"name\":\"Checkout "
         "5xx\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: problem or event has no 'clock'; skipped", 1}},
         1,
         "Checkout 5xx",
         NULL},
        {"not utf-8",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"Checkout 5xx "
         "\377\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         "{P}:2:140: not valid UTF-8 (unable to decode byte 0xff near '\"Checkout 5xx '); save the "
         "file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"jsonrpc\":\"2.0\",\"result\":[\n{\"eventid\":\"9001\",\"source\":\"0\",\"object\":"
         "\"0\",\"objectid\":\"1\",\"clock\":\"1795183320\",\"ns\":\"0\",\"r_eventid\":\"0\",\"r_"
         "clock\":\"0\",\"name\":\"<script>alert(1)</script> ](javascript:alert(1)) | table | "
         "breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"severity\":\"4\",\"acknowledges\":[]}\n],\"id\":1}\n",
         0,
         NULL,
         {{"nul", "{P}:2:215: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_zabbix, "zabbix", "problems.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *zabbix_suite(void)
{
    Suite *s = suite_create("zabbix");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_event_get);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, problem_get);
    tcase_add_test(tc, skipped_acks_located);
    tcase_add_test(tc, event_get_and_both_forms);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(zabbix_suite)
