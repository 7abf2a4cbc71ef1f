/* check_discord.c -- the DiscordChatExporter importer: our own channel and
 * thread exports (offsets of three zones, 0 to 7 fraction digits, a time with
 * no offset, joins, replies, bots, embeds, attachments, pins, hostile text),
 * bad records among good ones, the real export of the shared corpus,
 * sniffing and bad input. */
#include <string.h>

#include "check_badinput_util.h"
#include "check_chat_util.h"

extern const rg_importer rg_importer_discord;

#define FIX RG_FIXTURES "/discord"
#define CHANNEL FIX "/Shop Ops - Incidents - inc-2041 [901].json"

static void run(got *g, const char *path, size_t max)
{
    run_file(g, &rg_importer_discord, max, path, "ignored", 0);
}

/* The fold hook (importer.h): every message is offered with what its event
 * would say before it is built; a folded one (hook returns 0) costs no event. */
static size_t n_offered;
static char offered[32][256];

static int fold_non_human(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    ck_assert_uint_lt(n_offered, 32);
    char when[32];
    snprintf(offered[n_offered++], sizeof(offered[0]), "%s %s %.*s human=%d line=%ld [%.*s]",
             rg_time_format(f->at_us, when), f->type, (int)f->actor_len, f->actor ? f->actor : "",
             f->human, f->line, (int)f->text_len, f->text);
    return f->human;
}

START_TEST(test_fold_hook)
{
    got all;
    run(&all, CHANNEL, 16);
    ck_assert_int_eq(all.rc, 0);
    rg_source src = {.path = CHANNEL, .name = "ignored", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    n_offered = 0;
    got g;
    got_init(&g, 16);
    g.sink.fold = fold_non_human;
    g.rc = rg_importer_discord.parse(&src, &g.sink);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(n_offered, all.n);
    size_t k = 0;
    for (size_t i = 0; i < all.n; i++) {
        const rg_event *ev = all.ev[i];
        char when[32], line[256];
        snprintf(line, sizeof(line), "%s %s %s human=%d line=%s [%s]",
                 rg_time_format(ev->at_us, when), ev->type, ev->actor ? ev->actor : "", ev->human,
                 strrchr(ev->origin, ':') + 1, ev->text);
        ck_assert_str_eq(offered[i], line);
        if (ev->human)
            ck_assert_str_eq(g.ev[k++]->text, ev->text);
    }
    ck_assert_uint_eq(g.n, k);
    ck_assert_uint_lt(k, all.n); /* the join (human 0) was folded */
    got_free(&g);
    got_free(&all);
}
END_TEST

START_TEST(test_channel)
{
    got g;
    run(&g, CHANNEL, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    const char *s = "discord #inc-2041", *a = "guild=Shop Ops;channel=inc-2041";
    const want w[] = {
        /* The exporting machine's +07:00, honoured. */
        {"2026-11-20T14:02:00Z", "chat", "chat.join", s, "Linh Tran", 0, "Joined the server.",
         CHANNEL ":21", "2026-11-20T21:02:00+07:00",
         "guild=Shop Ops;channel=inc-2041;message_type=GuildMemberJoin"},
        /* A bot that posts only an embed. */
        {"2026-11-20T14:05:10.180000Z", "chat", "chat.message", s, "PagerDuty", 0,
         "[Triggered] Checkout 5xx > 5%\nP1 on checkout-api", CHANNEL ":46",
         "2026-11-20T14:05:10.18Z", a},
        /* Seven fraction digits, truncated to microseconds; -05:00. */
        {"2026-11-20T14:06:30.532282Z", "chat", "chat.message", s, "Linh Tran", 1,
         "on it, declaring an incident", CHANNEL ":76", "2026-11-20T09:06:30.5322821-05:00",
         "guild=Shop Ops;channel=inc-2041;edited=2026-11-20T14:07:00Z"},
        /* An empty nickname: the account name. */
        {"2026-11-20T14:09:00Z", "chat", "chat.message", s, "sam", 1,
         "<script>alert(1)</script> **bold** # not a heading \a", CHANNEL ":101",
         "2026-11-20T21:09:00.000+07:00",
         "guild=Shop Ops;channel=inc-2041;reply_to=1000000000000000003;message_type=Reply"},
        {"2026-11-20T14:10:00Z", "note", "note", s, "Linh Tran", 0, "ChannelPinnedMessage",
         CHANNEL ":131", "2026-11-20T14:10:00Z",
         "guild=Shop Ops;channel=inc-2041;message_type=ChannelPinnedMessage"},
        {"2026-11-20T14:11:00Z", "chat", "chat.message", s, "sam", 1, "[file: graph.png]",
         CHANNEL ":156", "2026-11-20T14:11:00Z", a},
        {"2026-11-20T14:12:00Z", "chat", "chat.message", s, "sam", 1, "local time, no offset",
         CHANNEL ":188", "2026-11-20T14:12:00 (UTC assumed)", a},
        {"2026-11-20T14:30:00Z", "chat", "chat.leave", s, "sam", 0, "", CHANNEL ":213",
         "2026-11-20T14:30:00Z", "guild=Shop Ops;channel=inc-2041;message_type=RecipientRemove"},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    got_free(&g);
}
END_TEST

/* A time without an offset is read in the source's zone. */
START_TEST(test_zone)
{
    got g;
    run_log(&g, &rg_importer_discord, 16, CHANNEL, "Asia/Ho_Chi_Minh", NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_str_eq(at(g.ev[6]), "2026-11-20T07:12:00Z");
    ck_assert_str_eq(g.ev[6]->time_text, "2026-11-20T14:12:00 (Asia/Ho_Chi_Minh assumed)");
    /* Times with an offset are not touched. */
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:02:00Z");
    got_free(&g);
}
END_TEST

START_TEST(test_thread)
{
    got g;
    const char *path = FIX "/thread.json";
    run(&g, path, 4);
    ck_assert_int_eq(g.rc, 0);
    const want w[] = {
        {"2026-11-20T14:13:00Z", "note", "note", "discord #rollback", "Linh Tran", 0, "rollback",
         FIX "/thread.json:21", "2026-11-20T14:13:00Z",
         "guild=Shop Ops;channel=inc-2041;thread=rollback;message_type=ThreadCreated"},
        {"2026-11-20T14:14:00Z", "chat", "chat.message", "discord #rollback", "Linh Tran", 1,
         "rolling back now", FIX "/thread.json:46", "2026-11-20T14:14:00Z",
         "guild=Shop Ops;channel=inc-2041;thread=rollback"},
    };
    check_events(&g, w, 2);
    got_free(&g);
}
END_TEST

START_TEST(test_identity)
{
    rg_source src = {.path = CHANNEL, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_discord, &src, 8);
    check_read_twice_folds(&rg_importer_discord, &src, 8);
}
END_TEST

START_TEST(test_clock_offset)
{
    got g;
    run_file(&g, &rg_importer_discord, 16, CHANNEL, "x", -INT64_C(420) * 1000000);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T13:55:00Z");
    ck_assert_str_eq(attr(g.ev[2], "edited"), "2026-11-20T14:00:00Z");
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
        {"2026-11-20T14:00:00Z", "chat", "chat.message", "discord #bad", "sam", 1, "first good",
         FIX "/bad-records.json:14", "2026-11-20T14:00:00Z", "guild=Shop Ops;channel=bad"},
        /* No author: nobody to name, nobody human. */
        {"2026-11-20T14:00:02Z", "chat", "chat.message", "discord #bad", NULL, 0,
         "no author, no type", FIX "/bad-records.json:103", "2026-11-20T14:00:02Z",
         "guild=Shop Ops;channel=bad"},
        {"2026-11-20T14:00:03Z", "chat", "chat.message", "discord #bad", "sam", 1, "last good",
         FIX "/bad-records.json:108", "2026-11-20T14:00:03Z", "guild=Shop Ops;channel=bad"},
    };
    check_events(&g, w, 3);
    check_warning(&g, "bad-record",
                  FIX "/bad-records.json:39:3: message is a string, expected an object; skipped",
                  2);
    check_warning(&g, "no-time",
                  FIX "/bad-records.json:40:3: message has no \"timestamp\"; skipped", 1);
    check_warning(&g, "bad-time",
                  FIX "/bad-records.json:55:3: message \"timestamp\" is a number, expected a time "
                      "such as \"2026-06-24T19:04:23.18+07:00\"; skipped",
                  2);
    /* 8 messages read: 3 events + 5 warned about. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 5);
    got_free(&g);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"empty",           "array",     "no-messages",
                                        "messages-object", "truncated", "truncated-start",
                                        "not-utf8",        "utf16"};
    check_invalid_fixtures(&rg_importer_discord, FIX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

#define CORPUS RG_CORPUS "/real/discord-dce"
#define GENERAL CORPUS "/zulip-discord server - Text Channels - general [1519311538035490958].json"

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_discord;
    ck_assert_int_eq(sniff_file(imp, CHANNEL), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/thread.json"), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/invalid/array/input"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/slack/export/users.json"), 0);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    static const char *const mine[] = {CHANNEL, FIX "/thread.json", FIX "/bad-records.json"};
    check_picked("discord", mine, 3);
    if (rg_have_corpus(GENERAL))
        check_picked("discord", (const char *const[]){GENERAL}, 1);
}
END_TEST

START_TEST(test_corpus)
{
    if (!rg_have_corpus(GENERAL))
        return;
    got g;
    run(&g, GENERAL, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_eq(g.n, 12);
    const char *a = "guild=zulip-discord server;channel=general";
    const want w[] = {
        /* The importing bot joined: a join, and no person. */
        {"2026-06-24T12:04:23.180000Z", "chat", "chat.join", "discord #general",
         "test-zulip-import", 0, "Joined the server.", rg_origin(g.arena, GENERAL, 21),
         "2026-06-24T19:04:23.18+07:00",
         "guild=zulip-discord server;channel=general;message_type=GuildMemberJoin"},
        {"2026-06-24T12:06:04.627000Z", "chat", "chat.message", "discord #general", "pieter", 1,
         "**Bold** *italic* __underline__", rg_origin(g.arena, GENERAL, 53),
         "2026-06-24T19:06:04.627+07:00", a},
    };
    check_event_at(&g, 0, &w[0]);
    check_event_at(&g, 1, &w[1]);
    /* A surrogate pair escape, decoded. */
    ck_assert_str_eq(g.ev[6]->text, "\xF0\x9F\x92\xAF");
    ck_assert_str_eq(attr(g.ev[8], "edited"), "2026-06-24T13:56:15.671000Z");
    ck_assert_str_eq(g.ev[9]->text, "[file: textfile.txt]");
    ck_assert_str_eq(at(g.ev[9]), "2026-06-24T12:07:52.670000Z");
    got_free(&g);
    rg_source src = {.path = GENERAL, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_discord, &src, 12);
}
END_TEST

START_TEST(test_truncated_everywhere)
{
    check_cut_everywhere(&rg_importer_discord, CHANNEL, 17);
}
END_TEST

START_TEST(test_out_of_memory)
{
    check_out_of_memory(&rg_importer_discord, CHANNEL);
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
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":"
         "\"Sam\",\"isBot\":false}},\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-"
         "20T14:00:00+00:00\",\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\","
         "\"nickn",
         0,
         "{P}:3:123: unexpected end of file (truncated?): premature end of input near '\"nickn'",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":"
         "\"Sam\",\"isBot\":false}},,\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-"
         "20T14:00:00+00:00\",\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\","
         "\"nickname\":\"Sam\",\"isBot\":false}}\n]}\n",
         0,
         "{P}:2:151: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: content a number",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":42,\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\","
         "\"isBot\":false}},\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:"
         "00+00:00\",\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":"
         "\"Sam\",\"isBot\":false}}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: message \"content\" is a number, expected a string; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: timestamp an object",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":{\"x\":1},\"content\":"
         "\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}"
         "},\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+00:00\","
         "\"content\":\"good\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\","
         "\"isBot\":false}}\n]}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: message \"timestamp\" is an object, expected a time such as "
           "\"2026-06-24T19:04:23.18+07:00\"; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: author a string",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":\"good\",\"author\":\"sam\"},\n{\"id\":\"1\",\"type\":\"Default\","
         "\"timestamp\":\"2026-11-20T14:00:00+00:00\",\"content\":\"good\",\"author\":{\"id\":"
         "\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: message \"author\" is a string, expected an object; skipped",
           1}},
         1,
         "good",
         NULL},
        {"no time",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"content\":\"good\",\"author\":{"
         "\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}},\n{\"id\":\"1\","
         "\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+00:00\",\"content\":\"good\","
         "\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: message has no \"timestamp\"; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":\"bad \377 "
         "byte\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}}"
         "\n]}\n",
         0,
         "{P}:2:82: not valid UTF-8 (unable to decode byte 0xff near '\"bad '); save the file as "
         "UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"guild\":{\"id\":\"9\",\"name\":\"Shop\"},\"channel\":{\"id\":\"3\",\"name\":\"inc\"},"
         "\"messages\":[\n{\"id\":\"1\",\"type\":\"Default\",\"timestamp\":\"2026-11-20T14:00:00+"
         "00:00\",\"content\":\"<script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\\n# heading \\u0007 \\u0000 "
         "nul\",\"author\":{\"id\":\"12\",\"name\":\"sam\",\"nickname\":\"Sam\",\"isBot\":false}}"
         "\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:166: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_discord, "discord", "channel.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("discord");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_channel);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_zone);
    tcase_add_test(tc, test_thread);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_clock_offset);
    tcase_add_test(tc, test_bad_records);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_truncated_everywhere);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_test(tc, test_fold_hook);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
