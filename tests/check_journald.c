/* check_journald.c -- journalctl exports: -o json with byte-array and
 * repeated MESSAGE fields, json-seq, json-pretty, the sender's time before
 * journald's, cursor identity, the real sample, the window cut and bad input. */
#include <string.h>

#include "check_importer_util.h"
#include "linereader.h"

extern const rg_importer rg_importer_journald;

#define FX RG_FIXTURES "/journald"
#define REAL RG_CORPUS "/real/journald-json/lnav_logfile_journald.json"

START_TEST(entries)
{
    got g;
    run_log(&g, &rg_importer_journald, 16, FX "/journal.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 6);
    /* _SOURCE_REALTIME_TIMESTAMP (the sender's) before __REALTIME_TIMESTAMP. */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:01:59.500000Z log.error actor=web-1 checkout origin=" FX
                     "/journal.json:1 time=[1795183319500000] attrs={app=checkout;pid=42;"
                     "unit=checkout.service;level=err;} text=[payment failed]");
    /* MESSAGE as bytes: UTF-8 decoded, the bad byte replaced and counted. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:01Z log.warning actor=web-1 kernel origin=" FX
                     "/journal.json:2 time=[1795183321000000] attrs={app=kernel;level=warning;} "
                     "text=[caf\xC3\xA9 \xEF\xBF\xBD ok]");
    /* A repeated field: its values joined. */
    ck_assert_str_eq(g.ev[2]->text, "first\nsecond");
    /* json-seq's RS; no PRIORITY: the level word; colour codes removed. */
    ck_assert_str_eq(dump(g.ev[3]), "2026-11-20T14:02:03Z log.error actor=web-2 app origin=" FX
                                    "/journal.json:4 time=[1795183323000000] attrs={app=app;} "
                                    "text=[ERROR red alert]");
    ck_assert_str_eq(g.ev[4]->text, "");
    /* _COMM when there is no SYSLOG_IDENTIFIER; hostile text as written. */
    ck_assert_str_eq(dump(g.ev[5]), "2026-11-20T14:02:05Z log.error actor=sshd origin=" FX
                                    "/journal.json:9 time=[1795183325000000] attrs={app=sshd;"
                                    "level=crit;} text=[<script>alert(1)</script> | **x** \a]");
    check_warning(&g, "utf8",
                  FX "/journal.json:2: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1);
    check_warning(
        &g, "ansi",
        FX "/journal.json:4: 2 ANSI terminal escapes (colour codes) removed from the text", 1);
    check_warning(&g, "null-message",
                  FX "/journal.json:5: MESSAGE is null (journalctl leaves out values over 64 KiB "
                     "unless run with --all); the text is empty",
                  1);
    check_warning(&g, "no-time",
                  FX "/journal.json:6: journal entry has no \"__REALTIME_TIMESTAMP\" or "
                     "\"_SOURCE_REALTIME_TIMESTAMP\"; skipped",
                  1);
    check_warning(&g, "bad-time",
                  FX "/journal.json:7:51: unreadable time 'soon' (expected microseconds since "
                     "1970); skipped",
                  1);
    /* Line 8 is not JSON; line 10 looks like an entry but does not parse. */
    check_warning(&g, "bad-json",
                  FX "/journal.json:8:1: not a journal entry (expected a JSON object per line); "
                     "skipped",
                  2);
    /* Ten lines: six events, four skipped with a warning. */
    ck_assert_uint_eq(g.n + rg_diag_warning_total(&g.diag, "no-time") +
                          rg_diag_warning_total(&g.diag, "bad-time") +
                          rg_diag_warning_total(&g.diag, "bad-json"),
                      10);
    got_free(&g);
}
END_TEST

START_TEST(pretty)
{
    got g;
    run_log(&g, &rg_importer_journald, 8, FX "/pretty.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:03:21Z log.error actor=db-1 postgres origin=" FX
                                    "/pretty.json:9 time=[1795183401000000] attrs={app=postgres;"
                                    "level=emerg;} text=[PANIC: could not write to file]");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* __CURSOR is the entry's identity: the same entry in another export folds,
 * whatever the export's format. */
START_TEST(cursor_identity)
{
    got g;
    got_init(&g, 16);
    rg_source a = {
        .path = FX "/pretty.json", .name = "app log", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_journald.parse(&a, &g.sink), 0);
    char *p = temp_path("rg_journal");
    FILE *f = fopen(p, "w");
    fputs("{\"__CURSOR\":\"s=2;i=2\",\"__REALTIME_TIMESTAMP\":\"1795183401000000\","
          "\"PRIORITY\":\"0\",\"_HOSTNAME\":\"db-1\",\"SYSLOG_IDENTIFIER\":\"postgres\","
          "\"MESSAGE\":\"PANIC: could not write to file\"}\n",
          f);
    fclose(f);
    rg_source b = {.path = p, .name = "app log", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_journald.parse(&b, &g.sink), 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(got_fold(&g), 1);
    got_free(&g);
    unlink(p);
}
END_TEST

START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_journald, 16, FX "/journal.json", NULL, NULL, "2026-11-20T14:02:00Z",
            "2026-11-20T14:02:03Z", 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(g.sink.n_outside, 4);
    /* Line 10 is outside the window: never parsed, so no bad-json for it. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, "bad-json"), 1);
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    if (!rg_have_corpus(REAL))
        return;
    got g;
    run_log(&g, &rg_importer_journald, 8, REAL, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2018-08-21T14:04:21.221373Z log.error actor=imx6ul-medusa python origin=" REAL
                     ":1 time=[1534860261221373] attrs={app=python;pid=184;"
                     "unit=medusa-GpsLocator.service;level=alert;} text=[GPS Reference longitude: "
                     "7.358143333]");
    ck_assert_str_eq(g.ev[1]->type, "log.info");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const names[] = {"garbage", "utf16"};
    check_invalid_fixtures(&rg_importer_journald, FX, names, sizeof(names) / sizeof(names[0]));
    got g;
    char *p = temp_path("rg_journal_empty");
    run_log(&g, &rg_importer_journald, 4, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    got_free(&g);
    unlink(p);
}
END_TEST

/* An entry of 2 MiB on line 2 (`journalctl -o json --all` prints fields of
 * any size): read whole, each entry on its line. The line reader cut it at 1
 * MiB and it was skipped with a warning. */
START_TEST(long_entry_read_whole)
{
    check_long_record_whole(
        &rg_importer_journald,
        "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1795183320000000\",\"MESSAGE\":"
        "\"first\"}\n{\"__CURSOR\":\"c2\",\"__REALTIME_TIMESTAMP\":\"1795183321000000\","
        "\"MESSAGE\":\"big ",
        "\"}\n{\"__CURSOR\":\"c3\",\"__REALTIME_TIMESTAMP\":\"1795183322000000\",\"MESSAGE\":"
        "\"last\"}\n");
}
END_TEST

/* An entry over 64 MiB (RG_RECORD_MAX_LEN) is skipped with one warning that
 * names its line and the bound; the entries around it are read. It also
 * had a "long-line" warning saying its first MiB was read, which was no
 * longer so, and nothing of it is kept. */
START_TEST(entry_over_the_bound_skipped)
{
    char *path = temp_file_filled(
        "journald_huge",
        "{\"__CURSOR\":\"c1\",\"__REALTIME_TIMESTAMP\":\"1795183320000000\",\"MESSAGE\":"
        "\"first\"}\n{\"__CURSOR\":\"c2\",\"__REALTIME_TIMESTAMP\":\"1795183321000000\","
        "\"MESSAGE\":\"huge ",
        'x', RG_RECORD_MAX_LEN + 2 * RG_LINE_CHUNK,
        "\"}\n{\"__CURSOR\":\"c3\",\"__REALTIME_TIMESTAMP\":\"1795183322000000\",\"MESSAGE\":"
        "\"last\"}\n");
    got g;
    run_log(&g, &rg_importer_journald, 8, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "first");
    ck_assert_str_eq(g.ev[1]->text, "last");
    char want[300];
    snprintf(want, sizeof(want), "%s:2: journal entry longer than 67108864 bytes; skipped", path);
    check_warning(&g, "bad-json", want, 1);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_journald, FX "/journal.json"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_journald, FX "/pretty.json"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_journald, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_journald, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    if (rg_have_corpus(REAL))
        ck_assert_int_eq(sniff_file(&rg_importer_journald, REAL), 95);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_journald, FX "/journal.json");
}
END_TEST

static Suite *journald_suite(void)
{
    Suite *s = suite_create("journald");
    TCase *tc = tcase_create("journald");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, entries);
    tcase_add_test(tc, pretty);
    tcase_add_test(tc, cursor_identity);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, long_entry_read_whole);
    tcase_add_test(tc, entry_over_the_bound_skipped);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(journald_suite)
