/* check_datadog.c -- the Datadog importer: v1 lists and single events, v2
 * pages (a folder of them as one source, the inner attributes object read),
 * monitor transitions from the title's prefix, deploys, ids past 2^53 kept
 * exact, bad input with exact errors, sniffing. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"
#include "check_twoarrays_util.h"

extern const rg_importer rg_importer_datadog;

#define FX RG_FIXTURES "/datadog"
#define CORPUS_DIR RG_CORPUS "/real/datadog-events"
#define MAX_EVENTS 64

static void run(got *g, const char *path)
{
    run_file(g, &rg_importer_datadog, MAX_EVENTS, path, "datadog", 0);
}

/* The real samples: two v2 pages (attributes inside attributes) and a v1
 * event whose numeric id a client already rounded: id_str is the id. */
START_TEST(corpus_samples)
{
    if (!rg_have_corpus(CORPUS_DIR))
        return;
    got g;
    run(&g, CORPUS_DIR "/datadog-api-client-python_v1_post_event_response.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const v1[] = {
        "2022-01-06T00:50:51Z note kind=note actor=datadog human=0 origin=" CORPUS_DIR
        "/datadog-api-client-python_v1_post_event_response.json:1 time=[1641430251] "
        "text=[Test-Post_an_event_returns_OK_response-1641430251\nA text message.] "
        "{datadog_id=6327818702635911562;tags=test:TestPostaneventreturnsOKresponse1641430251;url="
        "https://app.datadoghq.com/event/event?id=6327818702635911562;}",
    };
    check_events(&g, v1, 1);
    got_free(&g);

    run(&g, CORPUS_DIR "/datadog-api-client-python_v2_list_events_page1.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const p1[] = {
        "2022-06-20T17:07:32Z note kind=note actor=do ani human=0 origin=" CORPUS_DIR
        "/datadog-api-client-python_v2_list_events_page1.json:1 time=[2022-06-20T17:07:32Z] "
        "text=[[Synthetics] EVMGT pipeline test\nSynthetics test check that this event has the "
        "right content in the right format at the end of the event-pipeline output] "
        "{datadog_id="
        "AgAAAYGCFXAgIVFvPgAAAAAAAAAYAAAAAEFZR0NGWEFnQUFBeFhHdU9OeF91OEZjSwAAACQAAAAAMDE4MTgyMTUtNz"
        "AyMC00ZWM2LWIwYWItZDU1YmM3NTY2ZTQ3;status=info;priority=normal;host=do "
        "ani;tags=environment:staging, source:my_apps, source:my_apps, environment:staging;}",
        "2022-06-20T17:07:30Z note kind=note actor=do ani human=0 origin=" CORPUS_DIR
        "/datadog-api-client-python_v2_list_events_page1.json:1 time=[2022-06-20T17:07:30Z] "
        "text=[[Synthetics] EVMGT pipeline test\nSynthetics test check that this event has the "
        "right content in the right format at the end of the event-pipeline output] "
        "{datadog_id=AgAAAYGCFWhQ_"
        "AdvPgAAAAAAAAAYAAAAAEFZR0NGV2hRQUFCUHBNT241UDJfYUg1SQAAACQAAAAAMDE4MTgyMTUtNzAyMC00ZWM2LWI"
        "wYWItZDU1YmM3NTY2ZTQ3;status=info;priority=normal;host=do ani;tags=environment:staging, "
        "source:my_apps, source:my_apps, environment:staging;}",
    };
    check_events(&g, p1, 2);
    got_free(&g);

    run(&g, CORPUS_DIR "/datadog-api-client-python_v2_list_events_page2.json");
    ck_assert_int_eq(g.rc, 0);
    static const char *const p2[] = {
        "2022-06-20T17:07:17Z note kind=note actor=do ani human=0 origin=" CORPUS_DIR
        "/datadog-api-client-python_v2_list_events_page2.json:1 time=[2022-06-20T17:07:17Z] "
        "text=[[Synthetics] EVMGT pipeline test\nSynthetics test check that this event has the "
        "right content in the right format at the end of the event-pipeline output] "
        "{datadog_id="
        "AgAAAYGCFTWI2hRvPgAAAAAAAAAYAAAAAEFZR0NGVFdJQUFEUjlDVlFydGhfS19rQgAAACQAAAAAMDE4MTgyMTUtMz"
        "U4OC00MDdhLWEyMDgtMjRlYzA5NjU1ZmNi;status=info;priority=normal;host=do "
        "ani;tags=environment:staging, source:my_apps, source:my_apps, environment:staging;}",
    };
    check_events(&g, p2, 1);
    got_free(&g);
}
END_TEST

/* Every title prefix, a multi-alert group, a priority before the prefix,
 * deploys by title and by tag, a plain event as a note; the bad records
 * counted between good ones. */
START_TEST(v1_list)
{
    got g;
    run(&g, FX "/v1.json");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=web-1 human=0 origin=" FX
        "/v1.json:3 time=[1795183320] text=[Checkout 5xx rate\n5xx ratio 7.2% on web-1] "
        "{datadog_id=7100000000000000001;status=error;priority=normal;source=Monitor "
        "Alert;host=web-1;monitor_id=4411;group=host:web-1;fingerprint=4411|host:web-1;tags="
        "service:checkout, monitor;url=/event/event?id=7100000000000000001;}",
        "2026-11-20T14:03:00Z alert.warning kind=alert actor=datadog human=0 origin=" FX
        "/v1.json:4 time=[1795183380] text=[Checkout latency] "
        "{datadog_id=7100000000000000002;status=warning;source=Monitor "
        "Alert;monitor_id=4412;fingerprint=4412;}",
        "2026-11-20T14:04:00Z change.deploy kind=change actor=datadog human=0 origin=" FX
        "/v1.json:5 time=[1795183440] text=[Deployed checkout-api v42\nby <b>ci</b>] "
        "{datadog_id=7100000000000000003;status=info;source=jenkins;}",
        "2026-11-20T14:05:00Z change.deploy kind=change actor=datadog human=0 origin=" FX
        "/v1.json:6 time=[1795183500] text=[checkout-api rollout] "
        "{datadog_id=7100000000000000004;status=user_update;tags=env:prod, event_type:deploy;}",
        "2026-11-20T14:15:00Z alert.nodata kind=alert actor=datadog human=0 origin=" FX
        "/v1.json:9 time=[1795184100] text=[Checkout 5xx rate] "
        "{datadog_id=7100000000000000007;monitor_id=4411;group=host:web-2;fingerprint=4411|host:"
        "web-2;}",
        "2026-11-20T14:20:00Z alert.firing kind=alert actor=web-1 human=0 origin=" FX
        "/v1.json:10 time=[1795184400] text=[Checkout 5xx rate] "
        "{datadog_id=7100000000000000008;host=web-1;monitor_id=4411;group=host:web-1;fingerprint="
        "4411|host:web-1;}",
        "2026-11-20T14:30:00Z alert.resolved kind=alert actor=web-1 human=0 origin=" FX
        "/v1.json:11 time=[1795185000] text=[Checkout 5xx rate] "
        "{datadog_id=7100000000000000009;host=web-1;monitor_id=4411;group=host:web-1;fingerprint="
        "4411|host:web-1;}",
        "2026-11-20T14:31:00Z note kind=note actor=datadog human=0 origin=" FX
        "/v1.json:13 time=[1795185060] text=[Scaled checkout to 12 pods | `kubectl` "
        "[x](javascript:alert(1))] {datadog_id=7100000000000000010;source=kubernetes;}",
    };
    check_events(&g, want, 8);
    check_warning(&g, "bad-time",
                  FX "/v1.json:7:5: event has 'date_happened' as 'soon', expected a time; skipped",
                  1);
    check_warning(&g, "no-time", FX "/v1.json:8:5: event has no 'date_happened'; skipped", 1);
    check_warning(&g, "bad-record",
                  FX "/v1.json:12:5: event is a string, expected an object; "
                     "skipped",
                  1);
    /* 11 records = 8 imported + 3 warned. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 3);
    got_free(&g);
}
END_TEST

START_TEST(v1_single_event)
{
    got g;
    run(&g, FX "/single.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2026-11-20T14:31:40Z alert.resolved kind=alert actor=datadog human=0 origin=" FX
        "/single.json:1 time=[1795185100] text=[Checkout latency] "
        "{datadog_id=7100000000000000011;monitor_id=4412;fingerprint=4412;}",
    };
    check_events(&g, want, 1);
    got_free(&g);
}
END_TEST

/* Two v2 pages in a folder: one source; the event both pages hold is one
 * record; a page event with only the inner epoch-ms time is read to the
 * millisecond. */
START_TEST(v2_pages_folder)
{
    got g;
    run(&g, FX "/v2");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=web-1 human=0 origin=" FX
        "/v2/page-1.json:2 time=[2026-11-20T14:02:00Z] text=[Checkout 5xx (prod)\n5xx ratio above "
        "threshold] "
        "{datadog_id=AgAAAZ1;status=error;priority=normal;host=web-1;monitor_id=5501;fingerprint="
        "5501;tags=service:checkout;}",
        "2026-11-20T14:03:00Z change.deploy kind=change actor=datadog human=0 origin=" FX
        "/v2/page-1.json:3 time=[2026-11-20T14:03:00Z] text=[checkout-api v42 to prod\ndeploy of "
        "checkout-api] {datadog_id=AgAAAZ2;tags=deployment;}",
        "2026-11-20T14:03:00Z change.deploy kind=change actor=datadog human=0 origin=" FX
        "/v2/page-2.json:2 time=[2026-11-20T14:03:00Z] text=[checkout-api v42 to prod\ndeploy of "
        "checkout-api] {datadog_id=AgAAAZ2;tags=deployment;}",
        "2026-11-20T14:30:00.250000Z alert.resolved kind=alert actor=datadog human=0 origin=" FX
        "/v2/page-2.json:3 time=[1795185000250] text=[Checkout 5xx (prod)\nonly the inner time] "
        "{datadog_id=AgAAAZ3;monitor_id=5501;fingerprint=5501;}",
    };
    check_events(&g, want, 4);
    check_warning(&g, "bad-record",
                  FX "/v2/page-2.json:4:2: event has no 'attributes' object; "
                     "skipped",
                  1);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 3);
    got_free(&g);
}
END_TEST

/* An event whose own attributes hold an array named "data", before another:
 * each on its own line, read whole and event by event. The whole read took
 * the offsets of every "data" array, so the second event was put on the
 * nested array's line (5). */
START_TEST(nested_data_located)
{
    static const long lines[] = {2, 6};
    check_lines_both_ways(&rg_importer_datadog, FX "/nested-data.json", lines, 2,
                          "Queue depth normal\nqueue drained");
}
END_TEST

/* A response with both v1 "events" and v2 "data" (no API writes one): the
 * first array in the file is read and the other warned about, at any size;
 * before, the whole read preferred "events" and the streamed one the first
 * array, each dropping the other silently. */
START_TEST(both_arrays_first_is_read)
{
    static const char v1[] =
        "\"events\":[\n{\"id\":1,\"date_happened\":1795183320,\"title\":\"[Triggered] v1 "
        "alert\",\"text\":\"x\"},\n{\"id\":2,\"date_happened\":1795183380,\"title\":\"v1 "
        "note\",\"text\":\"y\"}]";
    static const char v2[] =
        "\"data\":[\n{\"id\":\"a\",\"type\":\"event\",\"attributes\":{\"timestamp\":"
        "\"2026-11-20T14:05:00Z\",\"attributes\":{\"title\":\"v2 note\",\"message\":\"z\"}}}]";
    char a[1024], b[1024];
    snprintf(a, sizeof(a), "{%s,\n%s}\n", v1, v2);
    snprintf(b, sizeof(b), "{%s,\n%s}\n", v2, v1);
    const two_arrays_case cases[] = {
        {a, 2, "v1 alert\nx",
         ":4:8: \"data\" (1 element) is not read: a Datadog response holds \"events\" (API v1) "
         "or \"data\" (v2), and this one holds both; only \"events\", the first array in the "
         "file, is read"},
        {b, 1, "v2 note",
         ":3:10: \"events\" (2 elements) is not read: a Datadog response holds \"events\" (API "
         "v1) or \"data\" (v2), and this one holds both; only \"data\", the first array in the "
         "file, is read"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_two_arrays(&rg_importer_datadog, "datadog", &cases[i]);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",  "truncated",     "truncated-in-string",
                                        "scalar", "events-object", "data-string",
                                        "none",   "not-utf8",      "utf16"};
    check_invalid_fixtures(&rg_importer_datadog, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_datadog;
    ck_assert_int_eq(sniff_file(imp, FX "/v1.json"), 90);
    ck_assert_int_eq(sniff_file(imp, FX "/single.json"), 90);
    ck_assert_int_eq(sniff_file(imp, FX "/v2/page-1.json"), 90);
    ck_assert_int_eq(imp->sniff(FX "/v2", 1, NULL, 0), 90);
    ck_assert_int_eq(imp->sniff(FX, 1, NULL, 0), 0);
    /* PagerDuty's v3 webhook has an "event" too, but no date_happened. */
    const char *pd =
        "{\"event\": {\"event_type\": \"incident.triggered\", \"occurred_at\": \"x\"}}";
    const char *og = "{\"data\": [{\"log\": \"x\", \"owner\": \"a\", \"createdAt\": \"x\"}]}";
    const char *type_only =
        "{\"data\": [{\"type\": \"events\", \"attributes\": {\"timestamp\": 1}}]}";
    ck_assert_int_eq(imp->sniff("a.json", 0, pd, strlen(pd)), 0);
    ck_assert_int_eq(imp->sniff("a.json", 0, og, strlen(og)), 0);
    ck_assert_int_eq(imp->sniff("a.json", 0, type_only, strlen(type_only)), 0);
    if (rg_have_corpus(CORPUS_DIR)) {
        ck_assert_int_eq(
            sniff_file(imp, CORPUS_DIR "/datadog-api-client-python_v2_list_events_page1.json"), 90);
        ck_assert_int_eq(
            sniff_file(imp, CORPUS_DIR "/datadog-api-client-python_v1_post_event_response.json"),
            90);
        ck_assert_int_eq(imp->sniff(CORPUS_DIR, 1, NULL, 0), 90);
    }
    ck_assert_str_eq(imp->name, "datadog");
}
END_TEST

/* Not on v1.json: the Debian jansson (2.14) asserts in lex_unget_unsave
 * when an allocation fails while it saves a number of 16 or more characters
 * (v1's ids), a library bug no caller can avoid. */
START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_datadog, FX "/v2");
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
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":\"[Triggered] Checkout "
         "5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]},\n{\"id\":7100000000000000001,\"id_"
         "str\":\"7100000000000000001\",\"date_happened\":1795183320,\"title\":\"[Triggered] "
         "Checkout 5xx\",\"text\":\"x\"",
         0,
         "{P}:3:129: unexpected end of file (truncated?): '}' expected",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":\"[Triggered] Checkout "
         "5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]},,\n{\"id\":7100000000000000001,\"id_"
         "str\":\"7100000000000000001\",\"date_happened\":1795183320,\"title\":\"[Triggered] "
         "Checkout 5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         "{P}:2:157: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: title a number",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":42,\"text\":\"x\",\"monitor_id\":1,\"tags\":[]},\n{"
         "\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_happened\":"
         "1795183320,\"title\":\"[Triggered] Checkout "
         "5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: event has 'title' as a number, expected a string; skipped", 1}},
         1,
         "Checkout 5xx\nx",
         NULL},
        {"wrong type: date_happened an object",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":{\"s\":1},\"title\":\"[Triggered] Checkout "
         "5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]},\n{\"id\":7100000000000000001,\"id_"
         "str\":\"7100000000000000001\",\"date_happened\":1795183320,\"title\":\"[Triggered] "
         "Checkout 5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         NULL,
         {{"bad-time", "{P}:2:1: event has 'date_happened' as an object, expected a time; skipped",
           1}},
         1,
         "Checkout 5xx\nx",
         NULL},
        {"wrong type: text an array",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":\"[Triggered] Checkout "
         "5xx\",\"text\":[\"a\"],\"monitor_id\":1,\"tags\":[]},\n{\"id\":7100000000000000001,\"id_"
         "str\":\"7100000000000000001\",\"date_happened\":1795183320,\"title\":\"[Triggered] "
         "Checkout 5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: event has 'text' as an array, expected a string; skipped", 1}},
         1,
         "Checkout 5xx\nx",
         NULL},
        {"no time",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"title\":"
         "\"[Triggered] Checkout "
         "5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]},\n{\"id\":7100000000000000001,\"id_"
         "str\":\"7100000000000000001\",\"date_happened\":1795183320,\"title\":\"[Triggered] "
         "Checkout 5xx\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: event has no 'date_happened'; skipped", 1}},
         1,
         "Checkout 5xx\nx",
         NULL},
        {"not utf-8",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":\"[Triggered] Checkout 5xx "
         "\377\",\"text\":\"x\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         "{P}:2:118: not valid UTF-8 (unable to decode byte 0xff); save the file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"events\":[\n{\"id\":7100000000000000001,\"id_str\":\"7100000000000000001\",\"date_"
         "happened\":1795183320,\"title\":\"[Triggered] <script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"text\":\"<script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\\n# heading \\u0007 \\u0000 nul\",\"monitor_id\":1,\"tags\":[]}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:193: 2 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul\n<script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\n# heading \007 \357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_datadog, "datadog", "events.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *datadog_suite(void)
{
    Suite *s = suite_create("datadog");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_samples);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, v1_list);
    tcase_add_test(tc, both_arrays_first_is_read);
    tcase_add_test(tc, nested_data_located);
    tcase_add_test(tc, v1_single_event);
    tcase_add_test(tc, v2_pages_folder);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(datadog_suite)
