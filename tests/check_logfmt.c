/* check_logfmt.c -- logfmt logs: logrus, go-kit and Heroku router and drain
 * lines, quoting, bare keys, time keys, the Heroku 5xx rule, the real sample,
 * the window cut and bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_logfmt;

#define FX RG_FIXTURES "/logfmt"
#define REAL RG_CORPUS "/real/logfmt/lnav_logfile_logfmt.log"

START_TEST(lines)
{
    got g;
    run_log(&g, &rg_importer_logfmt, 16, FX "/app.log", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 10);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:02:03.123456Z log.info actor=web-1 origin=" FX
                     "/app.log:1 time=[2026-11-20T14:02:03.123456Z] attrs={level=info;"
                     "service=checkout;} text=[checkout started]");
    /* Escaped quotes inside a quoted value. */
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:02:04Z log.error actor=checkout origin=" FX
                                    "/app.log:2 time=[2026-11-20T14:02:04Z] attrs={level=error;"
                                    "service=checkout;} text=[payment failed: \"card declined\"]");
    /* "ts" as epoch seconds with a fraction; "lvl"; a bare key. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:02:05.500000Z log.warning actor=db origin=" FX
                     "/app.log:3 time=[1795183325.5] attrs={level=warn;} text=[slow]");
    /* "t" without a zone: the source's; a stack-trace line joins it. */
    ck_assert_str_eq(dump(g.ev[3]),
                     "2026-11-20T14:02:06Z log.error actor=- origin=" FX
                     "/app.log:4 time=[2026-11-20T14:02:06 (UTC assumed)] attrs={level=ERROR;} "
                     "text=[local time\n  at com.example.Payment.charge(Payment.java:42)]");
    ck_assert_str_eq(g.ev[4]->type, "log.error"); /* no level: the word */
    ck_assert_str_eq(g.ev[5]->text, "<script>alert(1)</script> **bold** | pipe");
    /* The Heroku router: at=info, status=503 is an error; "service" there is a
     * duration, not a service; the prefix's source[dyno] is the actor. */
    ck_assert_str_eq(dump(g.ev[6]),
                     "2026-11-20T14:02:09Z log.error actor=heroku[router] origin=" FX
                     "/app.log:11 time=[2026-11-20T14:02:09.000000+00:00] attrs={level=info;} "
                     "text=[at=info method=GET path=\"/checkout\" host=shop.example.com "
                     "dyno=web.1 connect=1ms service=30001ms status=503 bytes=0 protocol=https]");
    ck_assert_str_eq(g.ev[7]->type, "log.error");
    /* A drain line's text is read as any log line: JSON, or words. */
    ck_assert_str_eq(dump(g.ev[8]),
                     "2026-11-20T14:02:11Z log.warning actor=app[web.1] origin=" FX
                     "/app.log:13 time=[2026-11-20T14:02:11.000000+00:00] attrs={level=warn;} "
                     "text=[json in a drain]");
    ck_assert_str_eq(g.ev[9]->text, "Started GET \"/\" for 10.0.0.1");
    check_warning(&g, "joined",
                  FX "/app.log:5: line is not logfmt and was joined to the line before", 1);
    check_warning(&g, "no-time",
                  FX "/app.log:8: logfmt line has no time (\"time\", \"ts\", \"t\" or "
                     "\"timestamp\"); skipped",
                  1);
    check_warning(&g, "bad-time", FX "/app.log:9:6: unreadable time 'yesterday'; line skipped", 1);
    ck_assert_uint_eq(g.diag.n_warnings, 3);
    got_free(&g);
}
END_TEST

START_TEST(window_and_zone)
{
    got g;
    run_log(&g, &rg_importer_logfmt, 16, FX "/app.log", "Asia/Ho_Chi_Minh", NULL,
            "2026-11-20T07:02:00Z", "2026-11-20T07:03:00Z", 0);
    /* Only line 4 is local; in UTC+7 it is 07:02:06Z. */
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20T14:02:06 (Asia/Ho_Chi_Minh assumed)");
    ck_assert_uint_eq(g.sink.n_outside, 9);
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    if (!rg_have_corpus(REAL))
        return;
    got g;
    run_log(&g, &rg_importer_logfmt, 8, REAL, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 5);
    ck_assert_str_eq(dump(g.ev[1]),
                     "2021-09-15T21:17:11.674149Z log.warning actor=- origin=" REAL
                     ":2 time=[2021-09-15T21:17:11.674149Z] attrs={level=warning;} text=[Failed to "
                     "DeletePod in the provider]");
    ck_assert_str_eq(g.ev[0]->type, "log.error");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const names[] = {"garbage", "utf16"};
    check_invalid_fixtures(&rg_importer_logfmt, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_logfmt, FX "/app.log"), 85);
    ck_assert_int_eq(sniff_file(&rg_importer_logfmt, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_logfmt, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_logfmt, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    if (rg_have_corpus(REAL))
        ck_assert_int_eq(sniff_file(&rg_importer_logfmt, REAL), 85);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_logfmt, FX "/app.log");
}
END_TEST

static Suite *logfmt_suite(void)
{
    Suite *s = suite_create("logfmt");
    TCase *tc = tcase_create("logfmt");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lines);
    tcase_add_test(tc, window_and_zone);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(logfmt_suite)
