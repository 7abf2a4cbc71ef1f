/* check_telegram.c -- the Telegram Desktop importer: our own group export
 * (service joins and leaves, text arrays with entities, the exporter's
 * invalid \x escapes, media placeholders, local dates, edits, hostile text),
 * a whole account's export, daylight-saving gaps and overlaps, bad records
 * among good ones, the real export of the shared corpus, sniffing and bad
 * input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/jsonstream.h"
#include "check_badinput_util.h"
#include "check_chat_util.h"

extern const rg_importer rg_importer_telegram;

#define FIX RG_FIXTURES "/telegram"
#define CHAT FIX "/result.json"

static void run(got *g, const char *path, size_t max)
{
    run_file(g, &rg_importer_telegram, max, path, "ignored", 0);
}

START_TEST(test_group)
{
    got g;
    run(&g, CHAT, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "telegram INC-2041 war room", *c = "chat=INC-2041 war room";
    const want w[] = {
        {"2026-11-20T14:01:00Z", "chat", "chat.join", s, "Linh Tran", 0,
         "invited Sam Okafor, Priya Nair", CHAT ":6", "1795183260",
         "chat=INC-2041 war room;action=invite_members"},
        {"2026-11-20T14:01:30Z", "chat", "chat.join", s, "Ana Lima", 0, "joined by link",
         CHAT ":21", "1795183290", "chat=INC-2041 war room;action=join_group_by_link"},
        /* Strings and entity objects, joined. */
        {"2026-11-20T14:05:00Z", "chat", "chat.message", s, "Linh Tran", 1,
         "checkout is down, @sam, please look at https://grafana.example.com/d/abc?x=1&y=2",
         CHAT ":33", "1795183500", c},
        /* "\x07" and "\x1B" repaired; an escaped backslash before x is not one. */
        {"2026-11-20T14:06:00Z", "chat", "chat.message", s, "Sam Okafor", 1,
         "on it \a and \x1B[31mred\x1B[0m, path C:\\xfiles", CHAT ":54", "1795183560",
         "chat=INC-2041 war room;reply_to=12;edited=2026-11-20T14:07:00Z"},
        /* No date_unixtime: the local date, in the source's zone. */
        {"2026-11-20T15:07:00Z", "chat", "chat.message", s, "Priya Nair", 1,
         "date only, no unixtime", CHAT ":67", "2026-11-20T15:07:00 (UTC assumed)", c},
        {"2026-11-20T14:08:00Z", "chat", "chat.message", s, "Sam Okafor", 1,
         "[sticker \xF0\x9F\x94\xA5]", CHAT ":76", "1795183680", c},
        {"2026-11-20T14:09:00Z", "chat", "chat.message", s, "Priya Nair", 1, "[file: heap.txt]",
         CHAT ":89", "1795183740", c},
        {"2026-11-20T14:10:00Z", "chat", "chat.message", s, "Linh Tran", 1, "[poll: roll back?]",
         CHAT ":102", "1795183800", c},
        {"2026-11-20T14:11:00Z", "note", "note", s, "Linh Tran", 0, "pin message", CHAT ":117",
         "1795183860", "chat=INC-2041 war room;action=pin_message"},
        /* A deleted account: its id. */
        {"2026-11-20T14:12:00Z", "chat", "chat.message", s, "user999", 1,
         "<script>alert(1)</script> # heading | [x](javascript:alert(1))", CHAT ":129",
         "1795183920", c},
        {"2026-11-20T14:30:00Z", "chat", "chat.leave", s, "Ana Lima", 0, "removed Ana Lima",
         CHAT ":139", "1795185000", "chat=INC-2041 war room;action=remove_members"},
        {"2026-11-20T14:31:00Z", "note", "note", s, "Linh Tran", 0,
         "edit group title: INC-2041 resolved", CHAT ":153", "1795185060",
         "chat=INC-2041 war room;action=edit_group_title"},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    check_warning(&g, "bad-escape",
                  CHAT ":64:19: repaired 3 invalid \\x escape(s) (Telegram Desktop writes "
                       "control characters so); read as \\u00XX",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(test_account)
{
    const char *path = FIX "/account.json";
    got g;
    run(&g, path, 8);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    const want w[] = {
        {"2026-11-20T14:02:00Z", "chat", "chat.message", "telegram Sam Okafor", "Sam Okafor", 1,
         "are you seeing 5xx?", FIX "/account.json:29", "1795183320", "chat=Sam Okafor"},
        {"2026-11-20T14:03:00Z", "chat", "chat.message", "telegram Saved Messages", "Linh Tran", 1,
         "note to self: check db failover", FIX "/account.json:45", "1795183380",
         "chat=Saved Messages"},
        /* A chat left since is still evidence. */
        {"2026-11-20T14:04:00Z", "chat", "chat.message", "telegram Old ops", "Priya Nair", 1,
         "left chat message", FIX "/account.json:73", "1795183440", "chat=Old ops"},
    };
    check_events(&g, w, 3);
    got_free(&g);
    /* Message ids repeat across chats: the chat id keeps them apart. */
    rg_source src = {.path = path, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_telegram, &src, 3);
}
END_TEST

START_TEST(test_zone_and_dst)
{
    got g;
    run_log(&g, &rg_importer_telegram, 8, FIX "/dst.json", "Europe/Berlin", NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_str_eq(at(g.ev[0]), "2026-03-29T00:59:00Z");
    ck_assert_str_eq(g.ev[0]->time_text, "2026-03-29T01:59:00 (Europe/Berlin assumed)");
    /* 02:30 does not exist: read with the offset before the gap. */
    ck_assert_str_eq(at(g.ev[1]), "2026-03-29T01:30:00Z");
    /* 02:30 happens twice: the first (summer time) reading. */
    ck_assert_str_eq(at(g.ev[2]), "2026-10-25T00:30:00Z");
    ck_assert_str_eq(at(g.ev[3]), "2026-10-25T02:30:00Z");
    check_warning(&g, "dst-gap",
                  FIX "/dst.json:13:3: local time '2026-03-29T02:30:00' does not exist in "
                      "Europe/Berlin (skipped by a daylight-saving change); read as "
                      "2026-03-29T01:30:00Z",
                  1);
    check_warning(&g, "dst-overlap",
                  FIX "/dst.json:20:3: local time '2026-10-25T02:30:00' happens twice in "
                      "Europe/Berlin (daylight-saving change); read as 2026-10-25T00:30:00Z, the "
                      "first one",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(test_identity)
{
    rg_source src = {.path = CHAT, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_telegram, &src, 12);
    check_read_twice_folds(&rg_importer_telegram, &src, 12);
}
END_TEST

START_TEST(test_clock_offset)
{
    got g;
    run_file(&g, &rg_importer_telegram, 16, CHAT, "x", -INT64_C(420) * 1000000);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T13:54:00Z");
    ck_assert_str_eq(at(g.ev[4]), "2026-11-20T15:00:00Z");
    ck_assert_str_eq(attr(g.ev[3], "edited"), "2026-11-20T14:00:00Z");
    got_free(&g);
}
END_TEST

START_TEST(test_bad_records)
{
    const char *path = FIX "/bad-records.json";
    got g;
    run(&g, path, 16);
    ck_assert_int_eq(g.rc, 0);
    const want w[] = {
        {"2026-11-20T14:00:00Z", "chat", "chat.message", "telegram bad", "A", 1, "first good",
         FIX "/bad-records.json:6", "1795183200", "chat=bad"},
        {"2026-11-20T14:00:02Z", "chat", "chat.message", "telegram bad", NULL, 0, "no from at all",
         FIX "/bad-records.json:50", "1795183202", "chat=bad"},
        {"2026-11-20T14:00:03Z", "chat", "chat.message", "telegram bad", "A", 1, "last good",
         FIX "/bad-records.json:56", "1795183203", "chat=bad"},
    };
    check_events(&g, w, 3);
    check_warning(&g, "bad-record",
                  FIX "/bad-records.json:13:3: message is a string, expected an object; skipped",
                  2);
    check_warning(&g, "no-time",
                  FIX "/bad-records.json:14:3: message has no \"date\" or \"date_unixtime\"; "
                      "skipped",
                  1);
    check_warning(&g, "bad-time",
                  FIX "/bad-records.json:20:3: message \"date\" is not a string such as "
                      "\"2019-07-05T16:55:32\"; skipped",
                  3);
    /* 9 messages: 3 events + 6 warned about. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 6);
    got_free(&g);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"empty",           "array",     "no-messages",
                                        "messages-object", "truncated", "truncated-start",
                                        "not-utf8",        "utf16",     "bad-escape-outside"};
    check_invalid_fixtures(&rg_importer_telegram, FIX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_truncated_everywhere)
{
    check_cut_everywhere(&rg_importer_telegram, CHAT, 13);
}
END_TEST

#define CORPUS RG_CORPUS "/real/telegram/chat-analytics_DM_2A_7M.result.json"

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_telegram;
    ck_assert_int_eq(sniff_file(imp, CHAT), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/account.json"), 95);
    static const char about[] = "{\"about\": \"Here is the data\", \"chats\": {\"list\": []}}";
    ck_assert_int_eq(imp->sniff("result.json", 0, about, sizeof(about) - 1), 90);
    ck_assert_int_eq(sniff_file(imp, FIX "/invalid/array/input"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/discord/thread.json"), 0);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    static const char *const mine[] = {CHAT, FIX "/account.json", FIX "/dst.json",
                                       FIX "/bad-records.json"};
    check_picked("telegram", mine, 4);
    if (rg_have_corpus(CORPUS))
        check_picked("telegram", (const char *const[]){CORPUS}, 1);
}
END_TEST

START_TEST(test_corpus)
{
    if (!rg_have_corpus(CORPUS))
        return;
    got g;
    run(&g, CORPUS, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    const char *s = "telegram Bob";
    /* Old messages have only the local "date", newer ones only "date_unixtime". */
    const want w[] = {
        {"2019-07-05T16:55:32Z", "note", "note", s, "Bob", 0, "joined telegram",
         rg_origin(g.arena, CORPUS, 6), "2019-07-05T16:55:32 (UTC assumed)",
         "chat=Bob;action=joined_telegram"},
        {"2019-07-12T16:55:32Z", "chat", "chat.message", s, "Bob", 1,
         "https://google.com \xF0\x9F\x91\x80", rg_origin(g.arena, CORPUS, 16),
         "2019-07-12T16:55:32 (UTC assumed)", "chat=Bob"},
        {"2022-03-08T13:07:42Z", "chat", "chat.message", s, "Alice", 1, "hello world",
         rg_origin(g.arena, CORPUS, 40), "2022-03-08T13:07:42 (UTC assumed)", "chat=Bob"},
        {"2022-05-09T22:23:53Z", "chat", "chat.message", s, "Bob", 1, "world?",
         rg_origin(g.arena, CORPUS, 54), "1652135033", "chat=Bob"},
        {"2022-05-09T23:26:09Z", "chat", "chat.message", s, "Alice", 1, "blah blah",
         rg_origin(g.arena, CORPUS, 68), "1652138769", "chat=Bob"},
        {"2022-06-10T22:06:38Z", "chat", "chat.message", s, "Alice", 1, "[photo]",
         rg_origin(g.arena, CORPUS, 82), "1654898798", "chat=Bob"},
        {"2022-06-10T22:06:39Z", "chat", "chat.message", s, "Alice", 1, "[photo]",
         rg_origin(g.arena, CORPUS, 94), "1654898799", "chat=Bob"},
    };
    check_events(&g, w, 7);
    got_free(&g);
    rg_source src = {.path = CORPUS, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_telegram, &src, 7);
}
END_TEST

START_TEST(test_out_of_memory)
{
    check_out_of_memory(&rg_importer_telegram, CHAT);
    check_out_of_memory(&rg_importer_telegram, FIX "/account.json");
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
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":\"good\"},\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":"
         "\"1795183200\",\"from\":",
         0,
         "{P}:3:61: unexpected end of file (truncated?): unexpected token",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":\"good\"},,\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":"
         "\"1795183200\",\"from\":\"Linh Tran\",\"text\":\"good\"}\n]}\n",
         0,
         "{P}:2:89: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: text a number",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":42},\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1795183200\","
         "\"from\":\"Linh Tran\",\"text\":\"good\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: message \"text\" is a number, expected a string or an array; skipped", 1}},
         1,
         "good",
         NULL},
        {"wrong type: date_unixtime an object",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":{\"x\":1},\"from\":\"Linh "
         "Tran\",\"text\":\"good\"},\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":"
         "\"1795183200\",\"from\":\"Linh Tran\",\"text\":\"good\"}\n]}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: message \"date_unixtime\" is an object, expected a string such as "
           "\"1562338532\"; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: from a number",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":7,\"text\":\"good\"},\n{\"id\":1,"
         "\"type\":\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":\"good\"}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: message \"from\" is a number, expected a string; skipped", 1}},
         1,
         "good",
         NULL},
        {"no time",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"from\":\"Linh "
         "Tran\",\"text\":\"good\"},\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":"
         "\"1795183200\",\"from\":\"Linh Tran\",\"text\":\"good\"}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: message has no \"date\" or \"date_unixtime\"; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh Tran\",\"text\":\"bad \377 "
         "byte\"}\n]}\n",
         0,
         "{P}:2:85: not valid UTF-8 (unable to decode byte 0xff near '\"bad '); save the file as "
         "UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"name\":\"inc\",\"type\":\"private_group\",\"id\":8,\"messages\":[\n{\"id\":1,\"type\":"
         "\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":\"<script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\\n# heading \\u0007 \\u0000 "
         "nul\"},\n{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1795183200\",\"from\":\"Linh "
         "Tran\",\"text\":[\"<script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\\n# heading \\u0007 \\u0000 "
         "nul\",{\"type\":\"link\",\"text\":\"](javascript:alert(2))\"}]}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:169: 2 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         2,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul](javascript:alert(2))"},
    };
    check_bad_inputs(&rg_importer_telegram, "telegram", "result.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

/* A chat with a bot (type bot_chat, whose id is the bot's): 8 messages from
 * the bot (from_id "user777"), one template, and 5 from a person with the
 * same words, read with the core's fold, whole and message by message: the
 * bot's first 3 are events, its other 5 folded; every message of the person
 * is kept. */
START_TEST(test_bot_template_folded)
{
    char path[] = "/tmp/rg-telegram-fold-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"name\": \"Grafana Alerts\", \"type\": \"bot_chat\", \"id\": 777, "
          "\"messages\": [\n",
          f);
    for (int i = 0; i < 13; i++) {
        int bot = i < 8;
        fprintf(f,
                "%s{\"id\": %d, \"type\": \"message\", \"date_unixtime\": \"%d\", \"from\": "
                "\"%s\", \"from_id\": \"%s\", \"text\": \"Alert firing: CPU 9%d%% on web-%d\"}\n",
                i ? "," : "", i, 1795183200 + 60 * i, bot ? "Grafana Alerts" : "Ann Lee",
                bot ? "user777" : "user101", i % 10, i);
    }
    fputs("]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    check_bot_template_folded(&rg_importer_telegram, path, "Grafana Alerts", "Ann Lee");
    remove(path);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("telegram");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_bot_template_folded);
    tcase_add_test(tc, test_group);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_account);
    tcase_add_test(tc, test_zone_and_dst);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_clock_offset);
    tcase_add_test(tc, test_bad_records);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_truncated_everywhere);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
