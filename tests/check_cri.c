/* check_cri.c -- container logs: CRI lines with P parts joined up to F per
 * stream, Docker json-file with 16 KiB parts joined, the joined text read as
 * a JSON or logfmt log line by the shared reader, the real samples, the window
 * cut and bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_cri;

#define FX RG_FIXTURES "/cri"
#define REAL RG_CORPUS "/real"

START_TEST(cri_lines)
{
    got g;
    run_log(&g, &rg_importer_cri, 16, FX "/cri.log", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:02:03.123456Z log.info actor=- origin=" FX
                     "/cri.log:1 time=[2026-11-20T14:02:03.123456789Z] attrs={stream=stdout;} "
                     "text=[plain line]");
    /* stderr's line, between the parts of stdout's, is emitted first. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:04.100000Z log.warning actor=- origin=" FX
                     "/cri.log:3 time=[2026-11-20T14:02:04.100000000Z] attrs={stream=stderr;} "
                     "text=[WARN disk almost full]");
    /* Three stdout parts (P, P, F with no text): one JSON line, read as
     * JSON lines are, at the first part's time. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:02:04Z log.error actor=web-1 origin=" FX
                     "/cri.log:2 time=[2026-11-20T14:02:04.000000001Z] attrs={stream=stdout;"
                     "level=error;service=checkout;} text=[payment failed]");
    /* A logfmt line inside: its level and fields, not its time. */
    ck_assert_str_eq(dump(g.ev[3]),
                     "2026-11-20T14:02:05Z log.warning actor=cart origin=" FX
                     "/cri.log:7 time=[2026-11-20T14:02:05Z] attrs={stream=stdout;level=warn;"
                     "service=cart;} text=[logfmt inside]");
    /* A coloured level word still counts. */
    ck_assert_str_eq(g.ev[4]->type, "log.error");
    ck_assert_str_eq(g.ev[4]->text, "ERROR coloured");
    ck_assert_str_eq(g.ev[5]->text, "<script>alert(1)</script>");
    ck_assert_str_eq(g.ev[6]->text, "never finished");
    check_warning(&g, "bad-line",
                  FX "/cri.log:6: not a container log line ('TIME stdout|stderr P|F TEXT' or "
                     "Docker's {\"log\",\"stream\",\"time\"}); skipped",
                  1);
    check_warning(&g, "ansi",
                  FX "/cri.log:8: 2 ANSI terminal escapes (colour codes) removed from the text", 1);
    check_warning(&g, "partial",
                  FX "/cri.log:10: partial stdout line never completed before the end of the "
                     "file; kept as it is",
                  1);
    ck_assert_uint_eq(g.diag.n_warnings, 3);
    got_free(&g);
}
END_TEST

START_TEST(docker_lines)
{
    got g;
    run_log(&g, &rg_importer_cri, 16, FX "/docker.log", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:02:03.500000Z log.info actor=- origin=" FX
                     "/docker.log:1 time=[2026-11-20T14:02:03.5Z] attrs={stream=stdout;"
                     "level=info;} text=[started]");
    /* A "log" without "\n" is a part: joined with the next of its stream. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:04Z log.error actor=- origin=" FX
                     "/docker.log:2 time=[2026-11-20T14:02:04Z] attrs={stream=stderr;} "
                     "text=[part one part two ERROR]");
    /* JSON escapes decoded; a backslash-n that is text is kept. */
    ck_assert_str_eq(g.ev[2]->text, "quote \" tab\t e\xC3\xA9 backslash-n \\n");
    check_warning(&g, "bad-line",
                  FX "/docker.log:5: not a container log line ('TIME stdout|stderr P|F TEXT' or "
                     "Docker's {\"log\",\"stream\",\"time\"}); skipped",
                  1);
    check_warning(&g, "partial",
                  FX "/docker.log:6: partial stdout line never completed before the end of the "
                     "file; kept as it is",
                  1);
    got_free(&g);
}
END_TEST

/* A line is cut by its first part's time; its later parts go with it. */
START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_cri, 16, FX "/cri.log", NULL, NULL, "2026-11-20T14:02:04.050Z",
            "2026-11-20T14:02:05Z", 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "WARN disk almost full");
    ck_assert_str_eq(g.ev[1]->text, "logfmt inside");
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    const char *p = REAL "/cri-log/plaso_cri.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run_log(&g, &rg_importer_cri, 32, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 16);
    /* Line 1 is a stdout part: line 2 (stderr) does not finish it, the next
     * stdout F line (line 6; the sample joins two files) does. */
    ck_assert_str_eq(g.ev[0]->text, "log content 2");
    ck_assert_str_eq(attr(g.ev[0], "stream"), "stderr");
    ck_assert_str_eq(g.ev[4]->origin, RG_CORPUS "/real/cri-log/plaso_cri.log:1");
    ck_assert_str_eq(g.ev[4]->text, "log content 110.0.2.1:59838 - - [Tue, 16 Apr 2024 06:21:39 "
                                    "UTC] \"GET /readiness HTTP/1.1\" kube-probe/1.27");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_str_eq(dump(g.ev[1]),
                     "2024-04-16T06:21:30.494902Z log.info actor=- origin=" RG_CORPUS
                     "/real/cri-log/plaso_cri.log:3 time=[2024-04-16T06:21:30.494902976Z] "
                     "attrs={stream=stderr;} text=[2024/04/16 06:21:30 Starting server...]");
    got_free(&g);
    const char *q = REAL "/docker-json-file/fluent-bit_socks_session-db_istio-proxy.log";
    run_log(&g, &rg_importer_cri, 8, q, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    /* Docker's time, the inner JSON's level; no message field: the line. */
    ck_assert_str_eq(at(g.ev[0]), "2018-09-21T02:56:06.978292Z");
    ck_assert_str_eq(attrs_text(g.arena, g.ev[0]), "stream=stdout;level=info");
    ck_assert_int_eq(strncmp(g.ev[0]->text, "{\"level\":\"info\",\"time\":", 23), 0);
    got_free(&g);
    run_log(&g, &rg_importer_cri, 8, REAL "/docker-json-file/fluent-bit_core_unescaping_json.log",
            NULL, NULL, NULL, NULL, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(g.ev[0]->text,
                     "{\"stringified-json\":\"{\\\"stringified-json\\\":\\\"{\\\\\\\"stringified-"
                     "json\\\\\\\":\\\\\\\"\\\\\\\"}\\\"}\",\"text\":\"quoted \\\"text with "
                     "embedded quoted \\\\\\\"text\\\\\\\"\\\"\"}");
    got_free(&g);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const names[] = {"garbage", "utf16"};
    check_invalid_fixtures(&rg_importer_cri, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_cri, FX "/cri.log"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_cri, FX "/docker.log"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_cri, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_cri, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_cri, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_cri, FX "/cri.log");
    check_out_of_memory(&rg_importer_cri, FX "/docker.log");
}
END_TEST

static Suite *cri_suite(void)
{
    Suite *s = suite_create("cri");
    TCase *tc = tcase_create("cri");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cri_lines);
    tcase_add_test(tc, docker_lines);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cri_suite)
