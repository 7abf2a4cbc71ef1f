/* check_loki.c -- the loki importer: logcli --output=jsonl lines (each line
 * read as JSON, logfmt or text; labels as the actor), the query_range stream
 * response and its bare result array, the window cut, records read twice,
 * good and bad lines, bad input, sniffing and running out of memory; every
 * event exact. */
#include <string.h>

#include "check_importer_util.h"

#define FX RG_FIXTURES "/loki"

extern const rg_importer rg_importer_loki;
#define IMP (&rg_importer_loki)

static got g;

START_TEST(logcli_lines)
{
    run_log(&g, IMP, 16, FX "/logcli.jsonl", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 5);
    /* newest first in the file, as logcli writes; the line's own JSON gives
     * level and text, the stream's pod label the actor (over the line's
     * "hostname") */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:03:05.123456Z log.error actor=checkout-7d9f-x2kqp origin=" FX
                     "/logcli.jsonl:1 time=[2026-11-20T21:03:05.123456789+07:00] "
                     "attrs={level=50;label.app=checkout;label.namespace=shop;label.pod=checkout-"
                     "7d9f-x2kqp;} text=[checkout failed: connection refused]");
    /* a logfmt line */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:03:00Z log.warning actor=checkout-7d9f-x2kqp origin=" FX
                     "/logcli.jsonl:2 time=[2026-11-20T21:03:00+07:00] "
                     "attrs={level=warn;label.app=checkout;label.namespace=shop;label.pod=checkout-"
                     "7d9f-x2kqp;} text=[pool exhausted]");
    /* a text line: its level word decides; ANSI colours removed */
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:02:59.500000Z log.error actor=gw-1 origin=" FX
                                    "/logcli.jsonl:3 time=[2026-11-20T14:02:59.5Z] "
                                    "attrs={label.app=gateway;label.host=gw-1;} text=[2026/11/20 "
                                    "14:02:59 ERROR upstream reset red]");
    /* hostile text kept as written; "job" names the writer when nothing else does */
    ck_assert_str_eq(dump(g.ev[3]), "2026-11-20T14:02:58Z log.info actor=varlogs origin=" FX
                                    "/logcli.jsonl:4 time=[2026-11-20T14:02:58Z] "
                                    "attrs={label.job=varlogs;} text=[<script>alert(1)</script> | "
                                    "**bold** # not a heading]");
    ck_assert_str_eq(dump(g.ev[4]), "2026-11-20T14:02:57Z log.info actor=- origin=" FX
                                    "/logcli.jsonl:5 time=[2026-11-20T14:02:57Z] attrs={} "
                                    "text=[no labels at all (logcli --no-labels)]");
    check_warning(&g, "ansi",
                  FX "/logcli.jsonl:3: 2 ANSI terminal escapes (colour codes) removed from the "
                     "text",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(query_range_response)
{
    run_log(&g, IMP, 16, FX "/query_range.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:03:01Z log.error actor=checkout-7d9f-m8zfn origin=" FX
                     "/query_range.json:13 time=[1795183381000000000] "
                     "attrs={level=error;label.app=checkout;label.level=error;label.pod=checkout-"
                     "7d9f-m8zfn;} text=[timeout talking to db-primary]");
    /* nanoseconds read as digits, cut to microseconds */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:03:00.123456Z log.info actor=checkout-7d9f-m8zfn origin=" FX
                     "/query_range.json:17 time=[1795183380123456789] "
                     "attrs={level=info;label.app=checkout;label.level=error;label.pod=checkout-"
                     "7d9f-m8zfn;} text=[retrying]");
    /* a third element (structured metadata) is ignored */
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:02:59Z log.warning actor=pay-2:8080 origin=" FX
                                    "/query_range.json:29 time=[1795183379000000000] "
                                    "attrs={label.app=payments;label.instance=pay-2:8080;} "
                                    "text=[WARN slow query took 2300ms]");
    got_free(&g);

    run_log(&g, IMP, 16, FX "/bare-result.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(g.ev[2]->text, "WARN slow query took 2300ms");
    got_free(&g);
}
END_TEST

/* A response with bad values and result elements, read whole and value by
 * value (as one over 1 MiB is: jsonstream.h): the same events, each warning
 * at its value's line. */
START_TEST(bad_values_whole_and_streamed)
{
    for (int streamed = 0; streamed < 2; streamed++) {
        run_log_read(&g, IMP, 16, FX "/bad-values.json", streamed);
        ck_assert_msg(g.rc == 0, "%s", g.diag.error);
        ck_assert_uint_eq(g.n, 3);
        ck_assert_str_eq(dump(g.ev[0]),
                         "2026-11-20T14:03:01Z log.error actor=checkout-7d9f-m8zfn origin=" FX
                         "/bad-values.json:9 time=[1795183381000000000] "
                         "attrs={level=error;label.app=checkout;label.pod=checkout-7d9f-m8zfn;} "
                         "text=[db timeout]");
        ck_assert_str_eq(dump(g.ev[1]),
                         "2026-11-20T14:03:03Z log.warning actor=checkout-7d9f-m8zfn origin=" FX
                         "/bad-values.json:13 time=[1795183383000000000] "
                         "attrs={level=warn;label.app=checkout;label.pod=checkout-7d9f-m8zfn;} "
                         "text=[pool \"main\" exhausted <b>]");
        ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:03:04Z log.error actor=pay-2:8080 origin=" FX
                                        "/bad-values.json:23 time=[1795183384000000000] "
                                        "attrs={label.app=payments;label.instance=pay-2:8080;} "
                                        "text=[ERROR card declined]");
        check_warning(&g, "bad-record",
                      FX "/bad-values.json:10:11: expected a value [\"<ns>\", \"<line>\"]; skipped",
                      4);
        check_warning(&g, "bad-time",
                      FX "/bad-values.json:12:11: the value's time is not epoch nanoseconds (a "
                         "string of digits); skipped",
                      1);
        got_free(&g);
    }
}
END_TEST

START_TEST(window_cut_and_offset)
{
    run_log(&g, IMP, 16, FX "/logcli.jsonl", NULL, NULL, "2026-11-20T14:02:58Z",
            "2026-11-20T14:03:00Z", -INT64_C(1000000));
    ck_assert_int_eq(g.rc, 0);
    /* with the clock 1 s behind: 14:02:59.5 -> 14:02:58.5 and 14:03:00 ->
     * 14:02:59 fall in [14:02:58, 14:03:00]; 14:02:58 -> 14:02:57 does not */
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:02:59Z");
    ck_assert_str_eq(at(g.ev[1]), "2026-11-20T14:02:58.500000Z");
    ck_assert_uint_eq(g.sink.n_outside, 3);
    got_free(&g);
}
END_TEST

START_TEST(same_entry_read_twice_folds)
{
    /* the API response and its bare result array hold the same entries:
     * the same stream, instant and line are one entry */
    got_init(&g, 16);
    rg_source a = {.path = FX "/query_range.json",
                   .name = "app log",
                   .zone = rg_tz_utc(),
                   .zone_explicit = 0,
                   .offset_us = 0,
                   .ref_us = INT64_MIN};
    rg_source b = {.path = FX "/bare-result.json",
                   .name = "app log",
                   .zone = rg_tz_utc(),
                   .zone_explicit = 0,
                   .offset_us = 0,
                   .ref_us = INT64_MIN};
    ck_assert_int_eq(IMP->parse(&a, &g.sink), 0);
    ck_assert_int_eq(IMP->parse(&b, &g.sink), 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_uint_eq(got_fold(&g), 3);
    ck_assert_uint_eq(g.n, 3);
    got_free(&g);
}
END_TEST

START_TEST(mixed_good_and_bad)
{
    run_log(&g, IMP, 16, FX "/mixed.jsonl", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    /* 5 lines = 2 kept + 3 warned */
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "first");
    ck_assert_str_eq(g.ev[1]->text, "last");
    check_warning(&g, "bad-json",
                  FX "/mixed.jsonl:2:36: invalid JSON: premature end of input near '\"broken'", 1);
    check_warning(&g, "no-time", FX "/mixed.jsonl:3:1: logcli line has no \"timestamp\"; skipped",
                  1);
    check_warning(&g, "bad-time",
                  FX "/mixed.jsonl:4:1: logcli line's \"timestamp\" is not a time; skipped", 1);
    got_free(&g);
}
END_TEST

/* logcli lines, the second of 2 MiB (a huge log line): read whole, each
 * entry on its line. The line reader cut it at 1 MiB and it was skipped
 * with a warning. */
START_TEST(long_line_read_whole)
{
    check_long_record_whole(
        &rg_importer_loki,
        "{\"labels\":{\"app\":\"a\"},\"line\":\"first\",\"timestamp\":\"2026-11-20T14:00:00Z\"}\n"
        "{\"labels\":{\"app\":\"a\"},\"line\":\"big ",
        "\",\"timestamp\":\"2026-11-20T14:00:01Z\"}\n{\"labels\":{\"app\":\"a\"},\"line\":"
        "\"last\",\"timestamp\":\"2026-11-20T14:00:02Z\"}\n");
}
END_TEST

START_TEST(empty_file)
{
    char *path = temp_path("loki_empty");
    run_log(&g, IMP, 4, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/logcli.jsonl"), 92);
    ck_assert_int_eq(sniff_file(IMP, FX "/query_range.json"), 95);
    ck_assert_int_eq(sniff_file(IMP, FX "/bare-result.json"), 90);
    /* a metric query's answer is Prometheus's; an application log is not Loki's */
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/prometheus/range.json"), 0);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    const char *app = "{\"timestamp\":\"2026-11-20T14:00:00Z\",\"line\":42,\"msg\":\"x\"}\n";
    ck_assert_int_eq(IMP->sniff("app.log", 0, app, strlen(app)), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {"error-response", "matrix",    "matrix-values",
                                        "vector",         "no-result", "not-json",
                                        "truncated",      "utf16",     "wrong-top"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/logcli.jsonl");
    check_out_of_memory(IMP, FX "/query_range.json");
}
END_TEST

static Suite *loki_suite(void)
{
    Suite *s = suite_create("loki");
    TCase *tc = tcase_create("loki");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, logcli_lines);
    tcase_add_test(tc, query_range_response);
    tcase_add_test(tc, bad_values_whole_and_streamed);
    tcase_add_test(tc, window_cut_and_offset);
    tcase_add_test(tc, same_entry_read_twice_folds);
    tcase_add_test(tc, mixed_good_and_bad);
    tcase_add_test(tc, long_line_read_whole);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(loki_suite)
