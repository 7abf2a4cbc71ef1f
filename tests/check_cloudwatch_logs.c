/* check_cloudwatch_logs.c -- the cloudwatch-logs importer:
 * filter-log-events (messages read as JSON, logfmt or text; the stream as
 * the actor; more pages), get-log-events (two events alike but for when they
 * were taken in), Logs Insights rows in UTC, the real samples, records read
 * twice, the window, bad records, bad input, sniffing and running out of
 * memory; every event exact. */
#include <string.h>

#include "check_importer_util.h"
#include "check_twoarrays_util.h"

#define FX RG_FIXTURES "/cloudwatch-logs"
#define CORPUS RG_CORPUS "/real/cloudwatch-logs"

extern const rg_importer rg_importer_cloudwatch_logs;
#define IMP (&rg_importer_cloudwatch_logs)

static got g;

START_TEST(filter_log_events)
{
    run_log(&g, IMP, 16, FX "/filter.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 3);
    /* a JSON message, its trailing newline dropped; the stream is the actor */
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:03:05.123000Z log.error "
                                    "actor=checkout/checkout-api/6f1c2a origin=" FX
                                    "/filter.json:3 time=[1795183385123] "
                                    "attrs={level=error;service=checkout-api;log_stream=checkout/"
                                    "checkout-api/6f1c2a;} text=[checkout failed: connection "
                                    "refused]");
    ck_assert_str_eq(
        dump(g.ev[1]),
        "2026-11-20T14:03:04Z log.warning actor=checkout/checkout-api/6f1c2a origin=" FX
        "/filter.json:10 time=[1795183384000] "
        "attrs={level=warn;log_stream=checkout/checkout-api/6f1c2a;} text=[pool "
        "exhausted]");
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:03:03Z log.info actor=2026/11/20/[$LATEST]9a8b7c origin=" FX
                     "/filter.json:17 time=[1795183383000] "
                     "attrs={log_stream=2026/11/20/[$LATEST]9a8b7c;} text=[START RequestId: 1b2c "
                     "Version: $LATEST]");
    check_warning(&g, "more-data",
                  FX "/filter.json:31:18: the response has a \"nextToken\": CloudWatch has more "
                     "events than this export holds",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(get_log_events_alike_but_distinct)
{
    run_log(&g, IMP, 16, FX "/get.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 3);
    /* no eventId, no stream: the same time and text, taken in a second apart,
     * are two events */
    ck_assert_uint_eq(got_fold(&g), 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:03:05.002000Z log.error actor=- origin=" FX
                                    "/get.json:14 time=[1795183385002] attrs={} text=[ERROR "
                                    "Example Event 2]");
    /* nextForwardToken is always there: no warning */
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(read_twice_folds)
{
    got_init(&g, 16);
    rg_source src = {.path = FX "/filter.json",
                     .name = "app log",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    ck_assert_int_eq(IMP->parse(&src, &g.sink), 0);
    ck_assert_int_eq(IMP->parse(&src, &g.sink), 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_uint_eq(got_fold(&g), 3); /* by eventId */
    got_free(&g);
}
END_TEST

START_TEST(insights_results_in_utc)
{
    /* whatever the source's zone, Insights' @timestamp is UTC */
    run_log(&g, IMP, 16, FX "/insights.json", "Asia/Ho_Chi_Minh", NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:03:05.743000Z log.error actor=checkout-api/abc "
                                    "origin=" FX "/insights.json:3 time=[2026-11-20 14:03:05.743 "
                                    "(UTC assumed)] attrs={level=error;log_stream=checkout-api/"
                                    "abc;log_group=123456789012:/ecs/checkout;} text=[db timeout]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:03:01Z log.warning actor=checkout-api/abc "
                                    "origin=" FX "/insights.json:25 time=[2026-11-20 14:03:01.000 "
                                    "(UTC assumed)] attrs={log_stream=checkout-api/abc;} "
                                    "text=[WARN retrying]");
    check_warning(&g, "partial-data",
                  FX "/insights.json:45:15: the Logs Insights query has status 'Running', not "
                     "Complete: rows may be missing",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(window_and_bad_records)
{
    run_log(&g, IMP, 16, FX "/mixed.json", NULL, NULL, "2026-11-20T14:01:00Z",
            "2026-11-20T15:00:00Z", 0);
    ck_assert_int_eq(g.rc, 0);
    /* 5 records: 1 kept, 1 outside the window, 3 warned */
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(g.ev[0]->text, "last");
    ck_assert_uint_eq(g.sink.n_outside, 1);
    check_warning(&g, "bad-record",
                  FX "/mixed.json:9:3: an events element is a string, expected an object; skipped",
                  1);
    check_warning(&g, "no-time", FX "/mixed.json:10:3: event has no \"timestamp\"; skipped", 1);
    check_warning(&g, "bad-time",
                  FX "/mixed.json:15:3: event's \"timestamp\" is not epoch milliseconds (an "
                     "integer); skipped",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(real_samples)
{
    if (!rg_have_corpus(CORPUS))
        return;
    run_log(&g, IMP, 8, CORPUS "/awscli_filter-log-events.example.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(at(g.ev[0]), "2024-04-08T09:17:23.827000Z");
    ck_assert_str_eq(g.ev[0]->actor, "teststream");
    ck_assert_str_eq(g.ev[1]->text, "Test MESSAGE2");
    got_free(&g);
    run_log(&g, IMP, 8, CORPUS "/awscli_get-log-events.example.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(got_fold(&g), 0); /* "Example Event 1" twice: two events */
    got_free(&g);
    run_log(&g, IMP, 8, CORPUS "/awscli_get-query-results.example.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(at(g.ev[2]), "2024-05-19T06:10:16.682000Z");
    ck_assert_str_eq(g.ev[2]->text, "Test BENCHMARK 1");
    ck_assert_str_eq(g.ev[2]->actor, "TestStream");
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/filter.json"), 90);
    ck_assert_int_eq(sniff_file(IMP, FX "/get.json"), 90);
    ck_assert_int_eq(sniff_file(IMP, FX "/insights.json"), 90);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/cloudwatch-metrics/data.json"), 0);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/prometheus/range.json"), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {"empty", "events-not-array", "neither", "truncated",
                                        "utf16", "wrong-top"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/filter.json");
    check_out_of_memory(IMP, FX "/insights.json");
}
END_TEST

/* A response with both "events" and Logs Insights "results" (no API writes
 * one): the first array in the file is read and the other warned about, at
 * any size (before, the whole read preferred "events" and the streamed one
 * the first array, each dropping the other silently). */
START_TEST(both_arrays_first_is_read)
{
    static const char ev[] =
        "\"events\":[\n{\"logStreamName\":\"i-1\",\"timestamp\":1795183320000,\"message\":"
        "\"ERROR first\",\"eventId\":\"1\"}]";
    static const char rs[] =
        "\"results\":[\n[{\"field\":\"@timestamp\",\"value\":\"2026-11-20 14:05:00.000\"},"
        "{\"field\":\"@message\",\"value\":\"ERROR insights\"},{\"field\":\"@ptr\",\"value\":"
        "\"p1\"}],\n[{\"field\":\"@timestamp\",\"value\":\"2026-11-20 14:06:00.000\"},"
        "{\"field\":\"@message\",\"value\":\"ERROR insights 2\"},{\"field\":\"@ptr\",\"value\":"
        "\"p2\"}]]";
    char a[1024], b[1024];
    snprintf(a, sizeof(a), "{%s,\n%s}\n", ev, rs);
    snprintf(b, sizeof(b), "{%s,\n%s}\n", rs, ev);
    const two_arrays_case cases[] = {
        {a, 1, "ERROR first",
         ":3:11: \"results\" (2 elements) is not read: a CloudWatch Logs response holds "
         "\"events\" (filter-log-events, get-log-events) or \"results\" (Logs Insights), and "
         "this one holds both; only \"events\", the first array in the file, is read"},
        {b, 2, "ERROR insights",
         ":4:10: \"events\" (1 element) is not read: a CloudWatch Logs response holds \"events\" "
         "(filter-log-events, get-log-events) or \"results\" (Logs Insights), and this one "
         "holds both; only \"results\", the first array in the file, is read"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_two_arrays(IMP, "cw", &cases[i]);
}
END_TEST

static Suite *cloudwatch_logs_suite(void)
{
    Suite *s = suite_create("cloudwatch-logs");
    TCase *tc = tcase_create("cloudwatch-logs");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, filter_log_events);
    tcase_add_test(tc, both_arrays_first_is_read);
    tcase_add_test(tc, get_log_events_alike_but_distinct);
    tcase_add_test(tc, read_twice_folds);
    tcase_add_test(tc, insights_results_in_utc);
    tcase_add_test(tc, window_and_bad_records);
    tcase_add_test(tc, real_samples);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cloudwatch_logs_suite)
