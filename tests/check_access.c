/* check_access.c -- Apache and nginx access logs: common, combined,
 * vhost_combined and nginx's extra field, statuses to types, lines out of
 * time order, escaped and raw quotes in the request, the real samples, the
 * window cut and bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_access;

#define FX RG_FIXTURES "/access"
#define REAL RG_CORPUS "/real/access-log"

START_TEST(lines)
{
    got g;
    run_log(&g, &rg_importer_access, 16, FX "/access.log", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:02:03Z log.info actor=- origin=" FX
                                    "/access.log:1 time=[20/Nov/2026:14:02:03 +0000] attrs={"
                                    "status=200;client=10.0.0.1;bytes=5120;} text=[\"GET /checkout "
                                    "HTTP/1.1\" 200]");
    /* 5xx is an error; the offset is the line's own. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:05Z log.error actor=- origin=" FX
                     "/access.log:2 time=[20/Nov/2026:21:02:05 +0700] attrs={status=503;"
                     "client=10.0.0.2;user=ana;bytes=64;referer=https://shop.example.com/cart;"
                     "agent=Mozilla/5.0 (X11);} text=[\"POST /api/pay HTTP/1.1\" 503]");
    /* 429 is info with its status; the line is earlier than the one before
     * it (nginx logs when a request ends): read, not skipped. */
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:02:01Z log.info actor=- origin=" FX
                                    "/access.log:3 time=[20/Nov/2026:14:02:01 +0000] attrs={"
                                    "status=429;client=10.0.0.3;bytes=0;agent=curl/8.0;} "
                                    "text=[\"GET /api/cart HTTP/2.0\" 429]");
    /* vhost_combined: the virtual host is the actor; "-" bytes left out. */
    ck_assert_str_eq(dump(g.ev[3]), "2026-11-20T14:02:06Z log.info actor=shop.example.com:443 "
                                    "origin=" FX "/access.log:4 time=[20/Nov/2026:14:02:06 +0000] "
                                    "attrs={status=404;client=10.0.0.4;agent=bot;} text=[\"GET "
                                    "/missing HTTP/1.1\" 404]");
    ck_assert_str_eq(g.ev[4]->text, "\"GET /q?x=\\\"quoted\\\" HTTP/1.1\" 500");
    ck_assert_str_eq(g.ev[5]->text, "\"GET /?q=<script>alert(\"x\")</script> HTTP/1.0\" 502");
    ck_assert_str_eq(g.ev[5]->type, "log.error");
    ck_assert_str_eq(g.ev[6]->text, "\"-\" 400");
    ck_assert_str_eq(g.ev[8]->text, "\"GET /bad\xEF\xBF\xBD HTTP/1.1\" 200");
    check_warning(&g, "bad-line",
                  FX "/access.log:8: not an access-log line ('HOST - USER [TIME] \"REQUEST\" "
                     "STATUS BYTES'); skipped",
                  2);
    check_warning(&g, "utf8",
                  FX "/access.log:12: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1);
    ck_assert_uint_eq(g.diag.n_warnings, 2);
    got_free(&g);
}
END_TEST

/* Out of order: every line is cut on its own time. */
START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_access, 16, FX "/access.log", NULL, NULL, "2026-11-20T14:02:00Z",
            "2026-11-20T14:02:04Z", 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(attr(g.ev[0], "status"), "200");
    ck_assert_str_eq(attr(g.ev[1], "status"), "429");
    ck_assert_uint_eq(g.sink.n_outside, 7);
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    if (!rg_have_corpus(REAL))
        return;
    static const struct {
        const char *file;
        size_t events, bad;
    } cases[] = {{"/elastic_apache_logs.head40.log", 40, 0},
                 {"/lnav_logfile_access_log.log", 3, 0},
                 {"/lnav_shop_access_log.head30.log", 30, 0},
                 {"/plaso_apache_access.log", 15, 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char p[256];
        snprintf(p, sizeof(p), REAL "%s", cases[i].file);
        got g;
        run_log(&g, &rg_importer_access, 64, p, NULL, NULL, NULL, NULL, 0);
        ck_assert_int_eq(g.rc, 0);
        ck_assert_msg(g.n == cases[i].events, "%s: %zu events", p, g.n);
        ck_assert_uint_eq(rg_diag_warning_total(&g.diag, "bad-line"), cases[i].bad);
        got_free(&g);
    }
    got g;
    run_log(&g, &rg_importer_access, 64, REAL "/plaso_apache_access.log", NULL, NULL, NULL, NULL,
            0);
    /* Raw quotes inside a request: it ends at the quote a status follows. */
    ck_assert_str_eq(g.ev[12]->text, "\"GET /aaaa.xxxx/SomeText?action=edit&template=<script>"
                                     "alert(\"text\")</script> HTTP/1.0\" 404");
    ck_assert_str_eq(g.ev[8]->actor, "plaso.log2timeline.net:443");
    ck_assert_str_eq(attr(g.ev[14], "user"), "pyllyukko@EXAMPLE.COM");
    got_free(&g);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const names[] = {"garbage", "utf16"};
    check_invalid_fixtures(&rg_importer_access, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_access, FX "/access.log"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_access, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_access, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
    if (rg_have_corpus(REAL))
        ck_assert_int_eq(sniff_file(&rg_importer_access, REAL "/plaso_apache_access.log"), 90);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory_min(&rg_importer_access, FX "/access.log", 3);
}
END_TEST

static Suite *access_suite(void)
{
    Suite *s = suite_create("access");
    TCase *tc = tcase_create("access");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lines);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(access_suite)
