/* check_irc.c -- the IRC log importer: one log of each dialect (irssi,
 * WeeChat, ZNC, HexChat, supybot) with messages, actions, joins, parts,
 * quits, kicks and status lines, dates from headers, file names and lines,
 * New Year in a HexChat log, daylight-saving gaps and overlaps, identities
 * across day files, bad lines, the real logs of the shared corpus, sniffing
 * and bad input. */
#include <string.h>
#include <sys/stat.h>

#include "check_badinput_util.h"
#include "check_chat_util.h"

extern const rg_importer rg_importer_irc;

#define FIX RG_FIXTURES "/irc"
#define IRSSI FIX "/#inc-2041.log"
#define WEECHAT FIX "/irc.libera.#ops.weechatlog"
#define ZNC FIX "/znc/libera/#ops/2026-11-20.log"
#define HEXCHAT FIX "/xchat.log"
#define SUPYBOT FIX "/#ops.2026-11-20.log"

static void run(got *g, const char *path, size_t max)
{
    run_file(g, &rg_importer_irc, max, path, "ignored", 0);
}

#define STATUS_MSG                                                                                 \
    "status line (topic, mode, nick change, notice, client message) is not chat; skipped"

START_TEST(test_irssi)
{
    got g;
    run(&g, IRSSI, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "irc #inc-2041", *c = "channel=#inc-2041";
    const want w[] = {
        /* The date from "--- Log opened", the time as written, UTC assumed. */
        {"2026-11-20T14:58:00Z", "chat", "chat.join", s, "linh", 0,
         "linh [~linh@10.0.0.1] has joined #inc-2041", IRSSI ":2", "2026-11-20 14:58 (UTC assumed)",
         c},
        /* "@" and " " mode prefixes stripped. */
        {"2026-11-20T14:59:00Z", "chat", "chat.message", s, "linh", 1,
         "checkout is down, declaring an incident", IRSSI ":3", "2026-11-20 14:59 (UTC assumed)",
         c},
        {"2026-11-20T15:00:00Z", "chat", "chat.join", s, "sam", 0,
         "sam [~sam@10.0.0.2] has joined #inc-2041", IRSSI ":4", "2026-11-20 15:00 (UTC assumed)",
         c},
        {"2026-11-20T15:01:00Z", "chat", "chat.message", s, "sam", 1, "on it", IRSSI ":6",
         "2026-11-20 15:01 (UTC assumed)", c},
        {"2026-11-20T15:01:00Z", "chat", "chat.message", s, "priya", 1,
         "<script>alert(1)</script> **bold** | [x](javascript:alert(1))", IRSSI ":7",
         "2026-11-20 15:01 (UTC assumed)", c},
        /* /me */
        {"2026-11-20T15:02:00Z", "chat", "chat.message", s, "sam", 1, "is rolling back", IRSSI ":8",
         "2026-11-20 15:02 (UTC assumed)", "channel=#inc-2041;action=me"},
        {"2026-11-20T15:05:00Z", "chat", "chat.leave", s, "priya", 0,
         "priya [~p@h] has quit [Ping timeout: 240 seconds]", IRSSI ":12",
         "2026-11-20 15:05 (UTC assumed)", c},
        /* "--- Day changed" moves the date. */
        {"2026-11-21T00:01:00Z", "chat", "chat.message", s, "linh", 1, "mitigated, back to normal",
         IRSSI ":15", "2026-11-21 00:01 (UTC assumed)", c},
        {"2026-11-21T00:02:00Z", "chat", "chat.leave", s, "linh", 0,
         "linh [~linh@10.0.0.1] has left #inc-2041 [done]", IRSSI ":16",
         "2026-11-21 00:02 (UTC assumed)", c},
        {"2026-11-21T00:03:00Z", "chat", "chat.leave", s, "sam_away", 0,
         "sam_away was kicked from #inc-2041 by linh [bye]", IRSSI ":17",
         "2026-11-21 00:03 (UTC assumed)", c},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    /* Mode, topic, nick change, notice and the client's own line. */
    check_warning(&g, "status-line", IRSSI ":5:1: " STATUS_MSG, 5);
    check_warning(&g, "bad-line", IRSSI ":18:1: line is not in this log's irssi format; skipped",
                  1);
    check_warning(&g, "bad-time",
                  IRSSI ":19:1: '2026-11-21 99:99' is not a time that can be; skipped", 1);
    /* 17 lines after the header, 2 headers: 10 events + 7 warned about. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 7);
    got_free(&g);
}
END_TEST

START_TEST(test_weechat)
{
    got g;
    run(&g, WEECHAT, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "irc #ops", *c = "channel=#ops";
    const want w[] = {
        {"2026-11-20T15:00:01Z", "chat", "chat.join", s, "linh", 0,
         "linh (~linh@10.0.0.1) has joined #ops", WEECHAT ":1", "2026-11-20 15:00:01 (UTC assumed)",
         c},
        {"2026-11-20T15:00:05Z", "chat", "chat.message", s, "linh", 1, "db failover started",
         WEECHAT ":3", "2026-11-20 15:00:05 (UTC assumed)", c},
        {"2026-11-20T15:00:09Z", "chat", "chat.message", s, "sam", 1, "ack", WEECHAT ":4",
         "2026-11-20 15:00:09 (UTC assumed)", c},
        {"2026-11-20T15:00:10Z", "chat", "chat.message", s, "sam", 1, "waves", WEECHAT ":5",
         "2026-11-20 15:00:10 (UTC assumed)", "channel=#ops;action=me"},
        {"2026-11-20T15:00:11Z", "chat", "chat.leave", s, "sam", 0,
         "sam (~sam@10.0.0.2) has quit (Quit: bye)", WEECHAT ":6",
         "2026-11-20 15:00:11 (UTC assumed)", c},
    };
    check_events(&g, w, 5);
    check_warning(&g, "status-line", WEECHAT ":2:1: " STATUS_MSG, 3);
    got_free(&g);
}
END_TEST

START_TEST(test_znc)
{
    got g;
    run(&g, ZNC, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "irc #ops", *c = "channel=#ops";
    /* The day from the file's name, the channel from its folder's. */
    const want w[] = {
        {"2026-11-20T15:00:00Z", "chat", "chat.join", s, "linh", 0, "Joins: linh (~linh@10.0.0.1)",
         ZNC ":1", "2026-11-20 15:00:00 (UTC assumed)", c},
        {"2026-11-20T15:00:05Z", "chat", "chat.message", s, "linh", 1, "checking the load balancer",
         ZNC ":2", "2026-11-20 15:00:05 (UTC assumed)", c},
        {"2026-11-20T15:00:06Z", "chat", "chat.message", s, "linh", 1, "looks", ZNC ":3",
         "2026-11-20 15:00:06 (UTC assumed)", "channel=#ops;action=me"},
        {"2026-11-20T15:00:09Z", "chat", "chat.leave", s, "linh", 0,
         "Parts: linh (~linh@10.0.0.1) (done)", ZNC ":6", "2026-11-20 15:00:09 (UTC assumed)", c},
        {"2026-11-20T15:00:10Z", "chat", "chat.leave", s, "sam", 0,
         "Quits: sam (~sam@10.0.0.2) (Quit: bye)", ZNC ":7", "2026-11-20 15:00:10 (UTC assumed)",
         c},
    };
    check_events(&g, w, 5);
    check_warning(&g, "status-line", ZNC ":4:1: " STATUS_MSG, 2);
    got_free(&g);

    /* A ZNC log under another name has no date: said, not guessed. */
    const char *notes = FIX "/znc/libera/#ops/notes.log";
    run(&g, notes, 4);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    check_warning(&g, "no-date",
                  FIX "/znc/libera/#ops/notes.log:1:1: time without a date: ZNC names each "
                      "day's file YYYY-MM-DD.log; skipped",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(test_hexchat_new_year)
{
    got g;
    run(&g, HEXCHAT, 16);
    ck_assert_int_eq(g.rc, 0);
    /* No channel in the name: "You are now talking on #ops". */
    const char *s = "irc #ops", *c = "channel=#ops";
    const want w[] = {
        {"2026-12-31T23:58:02Z", "chat", "chat.join", s, "linh", 0,
         "linh (~linh@10.0.0.1) has joined #ops", HEXCHAT ":4", "2026-12-31 23:58:02 (UTC assumed)",
         c},
        {"2026-12-31T23:59:59Z", "chat", "chat.message", s, "linh", 1,
         "happy new year, still paging", HEXCHAT ":5", "2026-12-31 23:59:59 (UTC assumed)", c},
        /* January after a December header: the next year. */
        {"2027-01-01T00:00:01Z", "chat", "chat.message", s, "sam", 1, "acked", HEXCHAT ":6",
         "2027-01-01 00:00:01 (UTC assumed)", c},
        {"2027-01-01T00:00:02Z", "chat", "chat.message", s, "sam", 1, "waves", HEXCHAT ":7",
         "2027-01-01 00:00:02 (UTC assumed)", "channel=#ops;action=me"},
        {"2027-01-01T00:00:03Z", "chat", "chat.leave", s, "sam", 0,
         "sam (~sam@10.0.0.2) has quit (Quit: bye)", HEXCHAT ":8",
         "2027-01-01 00:00:03 (UTC assumed)", c},
    };
    check_events(&g, w, 5);
    check_warning(&g, "status-line", HEXCHAT ":3:1: " STATUS_MSG, 2);
    got_free(&g);
}
END_TEST

START_TEST(test_supybot)
{
    got g;
    run(&g, SUPYBOT, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "irc #ops", *c = "channel=#ops";
    const want w[] = {
        {"2026-11-20T15:00:00Z", "chat", "chat.join", s, "linh", 0, "linh has joined #ops",
         SUPYBOT ":1", "2026-11-20 15:00:00 (UTC assumed)", c},
        {"2026-11-20T15:00:01Z", "chat", "chat.message", s, "linh", 1, "supybot here", SUPYBOT ":2",
         "2026-11-20 15:00:01 (UTC assumed)", c},
        {"2026-11-20T15:00:02Z", "chat", "chat.message", s, "linh", 1, "waves", SUPYBOT ":3",
         "2026-11-20 15:00:02 (UTC assumed)", "channel=#ops;action=me"},
        {"2026-11-20T15:00:03Z", "chat", "chat.leave", s, "sam", 0,
         "sam has quit IRC (Ping timeout)", SUPYBOT ":4", "2026-11-20 15:00:03 (UTC assumed)", c},
        {"2026-11-20T15:00:06Z", "chat", "chat.leave", s, "sam", 0, "sam was kicked by linh (bye)",
         SUPYBOT ":7", "2026-11-20 15:00:06 (UTC assumed)", c},
    };
    check_events(&g, w, 5);
    check_warning(&g, "status-line", SUPYBOT ":5:1: " STATUS_MSG, 2);
    got_free(&g);
}
END_TEST

/* Local times are read in the source's zone. */
START_TEST(test_zone)
{
    got g;
    run_log(&g, &rg_importer_irc, 16, IRSSI, "Asia/Ho_Chi_Minh", NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T07:58:00Z");
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20 14:58 (Asia/Ho_Chi_Minh assumed)");
    got_free(&g);
}
END_TEST

START_TEST(test_dst)
{
    const char *path = FIX "/dst.log";
    got g;
    run_log(&g, &rg_importer_irc, 16, path, "Europe/Berlin", NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_str_eq(at(g.ev[0]), "2026-03-29T00:59:00Z");
    /* 02:30 does not exist: shifted forward. */
    ck_assert_str_eq(at(g.ev[1]), "2026-03-29T01:30:00Z");
    ck_assert_str_eq(at(g.ev[2]), "2026-03-29T01:01:00Z");
    /* 02:10 and 02:50 happen twice: the first readings, until the clock goes
     * back in the log, then the second one (nearer the line before). */
    ck_assert_str_eq(at(g.ev[3]), "2026-10-25T00:10:00Z");
    ck_assert_str_eq(at(g.ev[4]), "2026-10-25T00:50:00Z");
    ck_assert_str_eq(at(g.ev[5]), "2026-10-25T01:10:00Z");
    ck_assert_str_eq(at(g.ev[6]), "2026-10-25T02:00:00Z");
    check_warning(&g, "dst-gap",
                  FIX "/dst.log:3:1: local time '2026-03-29 02:30' does not exist in "
                      "Europe/Berlin (skipped by a daylight-saving change); read as "
                      "2026-03-29T01:30:00Z",
                  1);
    check_warning(&g, "dst-overlap",
                  FIX "/dst.log:6:1: local time '2026-10-25 02:10' happens twice in "
                      "Europe/Berlin (daylight-saving change); read as 2026-10-25T00:10:00Z, the "
                      "first one",
                  3);
    got_free(&g);
}
END_TEST

/* The same line on two days (two ZNC day files) is two records; the same
 * file read twice folds line for line; one file never folds with itself. */
START_TEST(test_identity)
{
    rg_source src = {.path = IRSSI, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_irc, &src, 10);
    /* A copy of the day file elsewhere (a second export) folds line for
     * line; the next day's file with the same line does not. */
    char dir[] = "/tmp/irc_ident_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char chan[64], copy[96], day2[96];
    snprintf(chan, sizeof(chan), "%s/#ops", dir);
    ck_assert_int_eq(mkdir(chan, 0700), 0);
    snprintf(copy, sizeof(copy), "%s/2026-11-20.log", chan);
    snprintf(day2, sizeof(day2), "%s/2026-11-21.log", chan);
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(ZNC, &len, &d);
    ck_assert_ptr_nonnull(text);
    FILE *f = fopen(copy, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(text, 1, len, f);
    fclose(f);
    rg_free(text);
    rg_diag_free(&d);
    f = fopen(day2, "w");
    ck_assert_ptr_nonnull(f);
    fputs("[15:00:05] <linh> checking the load balancer\n", f);
    fclose(f);
    rg_source a = {.path = ZNC, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    rg_source b = {.path = copy, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    rg_source c = {.path = day2, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    got g;
    got_init(&g, 16);
    ck_assert_int_eq(rg_importer_irc.parse(&a, &g.sink), 0);
    ck_assert_int_eq(rg_importer_irc.parse(&b, &g.sink), 0);
    ck_assert_uint_eq(g.n, 10);
    ck_assert_uint_eq(got_fold(&g), 5);
    got_free(&g);
    got_init(&g, 16);
    ck_assert_int_eq(rg_importer_irc.parse(&a, &g.sink), 0);
    ck_assert_int_eq(rg_importer_irc.parse(&c, &g.sink), 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_uint_eq(got_fold(&g), 0);
    ck_assert_str_eq(at(g.ev[5]), "2026-11-21T15:00:05Z");
    got_free(&g);
    unlink(copy);
    unlink(day2);
    rmdir(chan);
    rmdir(dir);
}
END_TEST

START_TEST(test_bad_input_kept_going)
{
    got g;
    run(&g, FIX "/bad-utf8.log", 4);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    /* No channel anywhere: the file's name. */
    ck_assert_str_eq(g.ev[0]->source, "irc bad-utf8");
    ck_assert_str_eq(g.ev[0]->text, "caf\xEF\xBF\xBD down");
    check_warning(&g, "utf8",
                  FIX "/bad-utf8.log:1: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1);
    got_free(&g);

    run(&g, FIX "/no-header.log", 4);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    check_warning(&g, "no-date",
                  FIX "/no-header.log:1:1: time without a date: no \"--- Log opened\" or \"--- Day "
                      "changed\" line before it; skipped",
                  2);
    got_free(&g);

    /* An empty log: nothing happened, nothing is wrong. */
    run(&g, FIX "/empty.log", 4);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"not-irc", "syslog", "utf16"};
    check_invalid_fixtures(&rg_importer_irc, FIX, cases, 3);
    check_fails_with(&rg_importer_irc, FIX "/no-such.log",
                     FIX "/no-such.log: cannot open: No such file or directory");
}
END_TEST

/* The irssi log cut at many offsets: events or a located error, never a
 * crash. */
START_TEST(test_truncated)
{
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(IRSSI, &len, &d);
    ck_assert_ptr_nonnull(text);
    const char *tmp = temp_path("irc_cut");
    for (size_t cut = 0; cut <= len; cut += 11) {
        FILE *f = fopen(tmp, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(text, 1, cut, f);
        fclose(f);
        got g;
        run(&g, tmp, 16);
        if (g.rc != 0)
            ck_assert_ptr_nonnull(strstr(g.diag.error, tmp));
        ck_assert_uint_le(g.n, 10);
        got_free(&g);
    }
    unlink(tmp);
    rg_free(text);
    rg_diag_free(&d);
}
END_TEST

#define CORPUS RG_CORPUS "/real/irc"

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_irc;
    ck_assert_int_eq(sniff_file(imp, IRSSI), 95);
    ck_assert_int_eq(sniff_file(imp, HEXCHAT), 95);
    ck_assert_int_eq(sniff_file(imp, WEECHAT), 90);
    ck_assert_int_eq(sniff_file(imp, SUPYBOT), 90);
    ck_assert_int_eq(sniff_file(imp, ZNC), 85);
    ck_assert_int_eq(sniff_file(imp, FIX "/no-header.log"), 80);
    ck_assert_int_eq(sniff_file(imp, FIX "/invalid/syslog/input"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
    /* HexChat lines without their header, which syslog would take at 85. */
    static const char hc[] = "dec 31 21:11:58 <fpi>\tola\ndec 31 21:12:00 <sam>\thi\n";
    ck_assert_int_eq(imp->sniff("x.log", 0, hc, sizeof(hc) - 1), 90);
    static const char *const mine[] = {IRSSI,
                                       WEECHAT,
                                       ZNC,
                                       HEXCHAT,
                                       SUPYBOT,
                                       FIX "/dst.log",
                                       FIX "/no-header.log",
                                       FIX "/bad-utf8.log"};
    check_picked("irc", mine, sizeof(mine) / sizeof(mine[0]));
    if (rg_have_corpus(CORPUS)) {
        static const char *const real[] = {CORPUS "/plaso_xchat.log",
                                           CORPUS "/irclog2html_supybot_sample.log"};
        check_picked("irc", real, 2);
    }
}
END_TEST

START_TEST(test_corpus)
{
    const char *xchat = CORPUS "/plaso_xchat.log", *supy = CORPUS "/irclog2html_supybot_sample.log";
    if (!rg_have_corpus(xchat))
        return;
    got g;
    run(&g, xchat, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "irc #gugle", *c = "channel=#gugle";
    const want w[] = {
        /* "*   XChat here": an action by XChat. */
        {"2011-12-31T21:11:55Z", "chat", "chat.message", s, "XChat", 1, "here",
         rg_origin(g.arena, xchat, 7), "2011-12-31 21:11:55 (UTC assumed)",
         "channel=#gugle;action=me"},
        {"2011-12-31T21:11:58Z", "chat", "chat.message", s, "fpi", 1, "ola plas-ing guys!",
         rg_origin(g.arena, xchat, 8), "2011-12-31 21:11:58 (UTC assumed)", c},
        {"2011-12-31T23:00:00Z", "chat", "chat.message", s, "STRANGER", 1,
         "\xE6\x97\xA5\xE6\x9C\xAC", rg_origin(g.arena, xchat, 9),
         "2011-12-31 23:00:00 (UTC assumed)", c},
        /* The localised header "INIZIO DEL LOG" gives 2012. */
        {"2012-02-26T19:52:51Z", "chat", "chat.message", s, "ST=Mosca", 1, "",
         rg_origin(g.arena, xchat, 16), "2012-02-26 19:52:51 (UTC assumed)",
         "channel=#gugle;action=me"},
        {"2012-02-26T19:53:01Z", "chat", "chat.message", s, "fpi", 1, "ciao plaso! Com'\xC3\xA8?!",
         rg_origin(g.arena, xchat, 17), "2012-02-26 19:53:01 (UTC assumed)", c},
        {"2012-02-26T19:54:00Z", "chat", "chat.message", s, "Kristinn", 1, "ftw (it :p)?",
         rg_origin(g.arena, xchat, 18), "2012-02-26 19:54:00 (UTC assumed)", c},
        {"2012-02-26T19:56:01Z", "chat", "chat.message", s, "empty_text", 1, "",
         rg_origin(g.arena, xchat, 19), "2012-02-26 19:56:01 (UTC assumed)", c},
    };
    check_events(&g, w, 7);
    ck_assert_str_eq(first_warning(&g.diag, "bad-time"),
                     rg_arena_printf(g.arena,
                                     "%s:10:1: '2011-12-31 39:95:90' is not a time that can be; "
                                     "skipped",
                                     xchat));
    ck_assert_uint_eq(find_warning(&g.diag, "status-line")->count, 4);
    got_free(&g);

    run(&g, supy, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    /* The channel from the first join: the file's name has none. */
    const want j = {"2005-01-08T23:33:54Z",
                    "chat",
                    "chat.join",
                    "irc #pov",
                    "povbot",
                    0,
                    "povbot has joined #pov",
                    rg_origin(g.arena, supy, 1),
                    "2005-01-08 23:33:54 (UTC assumed)",
                    "channel=#pov"};
    check_event_at(&g, 0, &j);
    ck_assert_str_eq(g.ev[1]->actor, "mgedmin");
    ck_assert_str_eq(
        g.ev[1]->text,
        "let's see if irc logging works... \xC3\x84\xE2\x80\xA6\xC3\x84?\xC3\x84\xE2\x84\xA2");
    ck_assert_str_eq(g.ev[8]->actor, "povbot");
    /* "is now known as": a status line. */
    ck_assert_uint_eq(find_warning(&g.diag, "status-line")->count, 1);
    got_free(&g);
    rg_source a = {.path = xchat, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_irc, &a, 7);
    rg_source b = {.path = supy, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_irc, &b, 9);
}
END_TEST

/* An allocation failing at each step in turn: a clean error or success,
 * never a crash or a leak (RELIABILITY 17). A log allocates little (the line
 * buffer, the arena's blocks), so the bound of check_out_of_memory does not
 * apply. */
START_TEST(test_out_of_memory)
{
    static const char *const paths[] = {IRSSI, HEXCHAT};
    rg_alloc_install_jansson();
    for (size_t k = 0; k < 2; k++) {
        int ok = 0;
        long n;
        for (n = 0; n < 10000 && !ok; n++) {
            got g;
            got_init(&g, 64);
            rg_source src = {
                .path = paths[k], .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
            rg_alloc_fail_after(n);
            int rc = rg_importer_irc.parse(&src, &g.sink);
            rg_alloc_fail_after(-1);
            if (rc == 0)
                ok = 1;
            else
                ck_assert_msg(g.diag.has_error, "failure at allocation %ld without an error", n);
            got_free(&g);
        }
        ck_assert(ok);
        ck_assert_int_gt(n, 2);
    }
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
        {"empty", "", 0, NULL, {{NULL, NULL, 0}}, 0, NULL, NULL},
        {"truncated",
         "--- Log opened Fri Nov 20 14:00:00 2026\n14:02 <@linh> good\n14:0",
         0,
         NULL,
         {{"bad-line", "{P}:3:1: line is not in this log's irssi format; skipped", 1}},
         1,
         "good",
         NULL},
        {"malformed",
         "--- Log opened Fri Nov 20 14:00:00 2026\n14:02 <@linh> good\nthis is not irssi\n14:02 "
         "<@linh> good\n",
         0,
         NULL,
         {{"bad-line", "{P}:3:1: line is not in this log's irssi format; skipped", 1}},
         2,
         "good",
         "good"},
        {"wrong type: time not a time",
         "--- Log opened Fri Nov 20 14:00:00 2026\n1x:02 <linh> bad time\n14:02 <@linh> good\n",
         0,
         NULL,
         {{"bad-line", "{P}:2:1: line is not in this log's irssi format; skipped", 1}},
         1,
         "good",
         NULL},
        {"wrong type: hour out of range",
         "--- Log opened Fri Nov 20 14:00:00 2026\n25:02 <linh> bad hour\n14:02 <@linh> good\n",
         0,
         NULL,
         {{"bad-time", "{P}:2:1: '2026-11-20 25:02' is not a time that can be; skipped", 1}},
         1,
         "good",
         NULL},
        {"no time",
         "--- Log opened Fri Nov 20 14:00:00 2026\n<linh> no time\n14:02 <@linh> good\n",
         0,
         NULL,
         {{"bad-line", "{P}:2:1: line is not in this log's irssi format; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "--- Log opened Fri Nov 20 14:00:00 2026\n14:02 <linh> bad \377 byte\n",
         0,
         NULL,
         {{"utf8", "{P}:2: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1}},
         1,
         "bad \357\277\275 byte",
         NULL},
        {"hostile",
         "--- Log opened Fri Nov 20 14:00:00 2026\n14:02 <linh> <script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker | # heading \007\000nul\n",
         138,
         NULL,
         {{"utf8", "{P}:2: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker | # heading "
         "\007\357\277\275nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_irc, "irc", "#inc.log", cases, sizeof(cases) / sizeof(cases[0]),
                     NULL);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("irc");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_irssi);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_weechat);
    tcase_add_test(tc, test_znc);
    tcase_add_test(tc, test_hexchat_new_year);
    tcase_add_test(tc, test_supybot);
    tcase_add_test(tc, test_zone);
    tcase_add_test(tc, test_dst);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_bad_input_kept_going);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_truncated);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
