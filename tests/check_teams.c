/* check_teams.c -- the Microsoft Teams importer: our own tenant export
 * folder (names from its lists, HTML bodies with mentions and lists,
 * system events as joins and leaves, a bot, a deleted message, a chat found
 * in two people's folders), a Graph page (camelCase, expanded replies, event
 * details), one message alone, bad records among good ones, the real export
 * of the shared corpus, sniffing and bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/jsonstream.h"
#include "check_badinput_util.h"
#include "check_chat_util.h"
#include "xmlguard.h"

extern const rg_importer rg_importer_teams;

#define FIX RG_FIXTURES "/teams"
#define EXPORT FIX "/TeamsDataExport"
#define TEAM "5c0ffee0-1111-2222-3333-444455556666"
#define MSGS EXPORT "/teams/" TEAM "/messages_" TEAM ".json"
#define U1 "a1a1a1a1-0000-0000-0000-000000000001"
#define U2 "b2b2b2b2-0000-0000-0000-000000000002"
#define DM1 EXPORT "/users/" U1 "/messages_" U1 ".json"
#define DM2 EXPORT "/users/" U2 "/messages_" U2 ".json"

static void run(got *g, const char *path, size_t max)
{
    run_file(g, &rg_importer_teams, max, path, "ignored", 0);
}

/* The export with a usersList.json of 12,000 more people before its own
 * (about 1.4 MB: read entry by entry, only the names kept): every event
 * has the actor and text it has with the small list; a directory name
 * found in the streamed list names Sam Okafor. */
START_TEST(test_large_users_list)
{
    char dir[] = "/tmp/teams_users_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[512], path[256];
    snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/'", EXPORT, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/TeamsDataExport/users/usersList.json", dir);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char own[8192];
    size_t n = fread(own, 1, sizeof(own) - 1, f);
    fclose(f);
    own[n] = '\0';
    const char *rest = strchr(own, '[');
    ck_assert_ptr_nonnull(rest);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("[\n", f);
    for (int i = 0; i < 12000; i++)
        fprintf(f,
                "{\"Id\": \"f%011d-0000-0000-0000-000000000000\", \"DisplayName\": \"Filler "
                "%d\", \"GivenName\": \"Filler\", \"Surname\": \"%d\"},\n",
                i, i, i);
    fputs(rest + 1, f);
    ck_assert_int_gt(ftell(f), 1024 * 1024 + 100000);
    fclose(f);
    got small, big;
    run(&small, EXPORT, 16);
    snprintf(path, sizeof(path), "%s/TeamsDataExport", dir);
    run(&big, path, 16);
    ck_assert_msg(big.rc == 0, "%s", big.diag.error);
    ck_assert_uint_eq(big.n, small.n);
    for (size_t i = 0; i < small.n; i++) {
        ck_assert_str_eq(big.ev[i]->actor ? big.ev[i]->actor : "-",
                         small.ev[i]->actor ? small.ev[i]->actor : "-");
        ck_assert_str_eq(big.ev[i]->text, small.ev[i]->text);
    }
    ck_assert_str_eq(big.ev[2]->actor, "Sam Okafor");
    got_free(&small);
    got_free(&big);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_export_folder)
{
    got g;
    run(&g, EXPORT, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "teams Shop Ops #INC-2041";
    const want w[] = {
        /* unknownFutureValue, From null: who was added, by whom, from usersList.json. */
        {"2026-11-20T14:01:00Z", "chat", "chat.join", s, "Sam Okafor", 0,
         "Linh Tran added Sam Okafor, Priya Nair", MSGS ":2", "2026-11-20T14:01:00+00:00",
         "channel=INC-2041;event=membersAdded"},
        /* Subject first; <at> is the name; entities decoded; list items are lines. */
        {"2026-11-20T14:05:00.500000Z", "chat", "chat.message", s, "Linh Tran", 1,
         "INC-2041 checkout errors\nSam Okafor checkout is down & 5xx > 5%\ndb failover?\ncache?",
         MSGS ":63", "2026-11-20T14:05:00.5+00:00", "channel=INC-2041;importance=urgent"},
        /* No display name in the message: the directory's. */
        {"2026-11-20T14:06:00Z", "chat", "chat.message", s, "Sam Okafor", 1,
         "on it\nlooking at the dashboards", MSGS ":99", "2026-11-20T14:06:00+00:00",
         "channel=INC-2041;thread=1795183500000;edited=2026-11-20T14:06:30Z"},
        {"2026-11-20T14:07:00Z", "chat", "chat.message", s, "PagerDuty", 0,
         "[Triggered] Checkout 5xx", MSGS ":135", "2026-11-20T14:07:00+00:00", "channel=INC-2041"},
        /* Escaped markup stays text; a real <script> is dropped. */
        {"2026-11-20T14:09:00Z", "chat", "chat.message", s, "Priya Nair", 1,
         "<script>alert(1)</script> **md** | [x](javascript:y)", MSGS ":206",
         "2026-11-20T14:09:00+00:00", "channel=INC-2041"},
        {"2026-11-20T14:10:00Z", "chat", "chat.message", s, "Priya Nair", 1, "[file: heap.txt]",
         MSGS ":242", "2026-11-20T14:10:00+00:00", "channel=INC-2041"},
        {"2026-11-20T14:20:00Z", "chat", "chat.leave", s, "Priya Nair", 0, "Priya Nair left",
         MSGS ":284", "2026-11-20T14:20:00+00:00", "channel=INC-2041;event=membersLeft"},
        /* A text body is not HTML. */
        {"2026-11-20T14:21:00Z", "chat", "chat.message", "teams Shop Ops #General", "Linh Tran", 1,
         "status page <b>updated</b>", MSGS ":339", "2026-11-20T14:21:00+00:00", "channel=General"},
        {"2026-11-20T14:04:00Z", "chat", "chat.message", "teams chat a1a1_b2b", "Sam Okafor", 1,
         "call me?", DM1 ":2", "2026-11-20T14:04:00+00:00", "chat=19:a1a1_b2b2@unq.gbl.spaces"},
        /* The same chat message in the other person's folder. */
        {"2026-11-20T14:04:00Z", "chat", "chat.message", "teams chat a1a1_b2b", "Sam Okafor", 1,
         "call me?", DM2 ":2", "2026-11-20T14:04:00+00:00", "chat=19:a1a1_b2b2@unq.gbl.spaces"},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    check_warning(&g, "deleted",
                  MSGS ":170:3: message deleted at 2026-11-20T14:09:00+00:00 skipped: nothing of "
                       "it is left to show",
                  1);
    /* ... and it is one record: the chat message folds, nothing else does. */
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 9);
    got_free(&g);
}
END_TEST

/* One messages file of the export, given alone, still finds the names. */
START_TEST(test_messages_file_alone)
{
    got g;
    run(&g, MSGS, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 8);
    ck_assert_str_eq(g.ev[0]->source, "teams Shop Ops #INC-2041");
    ck_assert_str_eq(g.ev[0]->actor, "Sam Okafor");
    ck_assert_str_eq(g.ev[2]->actor, "Sam Okafor");
    got_free(&g);
}
END_TEST

START_TEST(test_graph_page)
{
    const char *path = FIX "/graph-page.json";
    got g;
    run(&g, path, 16);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* No names list beside a Graph page: the channel by the start of its id. */
    const char *s = "teams #incchann", *c = "channel=19:incchannel0000aaaa@thread.tacv2";
    const want w[] = {
        {"2026-11-20T16:13:20Z", "chat", "chat.message", s, "Sam Okafor", 1,
         "rollback done, Linh Tran please confirm", FIX "/graph-page.json:6",
         "2026-11-20T16:13:20Z", c},
        /* $expand=replies: the reply is a message of its own. */
        {"2026-11-20T16:14:20Z", "chat", "chat.message", s, "Linh Tran", 1,
         "confirmed, back to normal", FIX "/graph-page.json:6", "2026-11-20T16:14:20Z",
         "channel=19:incchannel0000aaaa@thread.tacv2;thread=1795190000000"},
        {"2026-11-20T16:15:20Z", "chat", "chat.join", s, "c3c3c3c3-0000-0000-0000-000000000003", 0,
         "Linh Tran added c3c3c3c3-0000-0000-0000-000000000003", FIX "/graph-page.json:88",
         "2026-11-20T16:15:20Z", "channel=19:incchannel0000aaaa@thread.tacv2;event=membersAdded"},
        {"2026-11-20T16:16:20Z", "note", "note", s, "Sam Okafor", 0, "call started",
         FIX "/graph-page.json:138", "2026-11-20T16:16:20Z",
         "channel=19:incchannel0000aaaa@thread.tacv2;event=callStarted"},
        {"2026-11-20T16:17:20Z", "chat", "chat.leave", s, "Sam Okafor", 0, "Sam Okafor left",
         FIX "/graph-page.json:180", "2026-11-20T16:17:20Z",
         "channel=19:incchannel0000aaaa@thread.tacv2;event=membersLeft"},
    };
    check_events(&g, w, 5);
    got_free(&g);

    run(&g, FIX "/one-message.json", 4);
    ck_assert_int_eq(g.rc, 0);
    const want one = {"2026-11-21T00:18:20Z",
                      "chat",
                      "chat.message",
                      s,
                      "Linh Tran",
                      1,
                      "one message alone",
                      FIX "/one-message.json:1",
                      "2026-11-20T16:18:20-08:00",
                      c};
    check_events(&g, &one, 1);
    got_free(&g);
}
END_TEST

START_TEST(test_identity)
{
    rg_source src = {
        .path = FIX "/graph-page.json", .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_teams, &src, 5);
    check_read_twice_folds(&rg_importer_teams, &src, 5);
}
END_TEST

START_TEST(test_clock_offset)
{
    got g;
    run_file(&g, &rg_importer_teams, 16, FIX "/graph-page.json", "x", INT64_C(90) * 1000000);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T16:14:50Z");
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20T16:13:20Z");
    got_free(&g);
}
END_TEST

START_TEST(test_bad_records)
{
    const char *path = FIX "/bad-records.json";
    got g;
    run(&g, path, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *c = "channel=19:incchannel0000aaaa@thread.tacv2";
    const want w[] = {
        {"2026-11-20T14:00:00Z", "chat", "chat.message", "teams #incchann", "Linh Tran", 1,
         "first good", FIX "/bad-records.json:3", "2026-11-20T14:00:00Z", c},
        /* No channel and a nameless sender: "teams", and the sender's id. */
        {"2026-11-20T14:00:01Z", "chat", "chat.message", "teams", "u-unknown", 1,
         "no channel, no from.user name", FIX "/bad-records.json:98", "2026-11-20T14:00:01Z", ""},
        {"2026-11-20T14:00:02Z", "chat", "chat.message", "teams #incchann", "Linh Tran", 1,
         "last good", FIX "/bad-records.json:113", "2026-11-20T14:00:02Z", c},
    };
    check_events(&g, w, 3);
    check_warning(&g, "bad-record",
                  FIX "/bad-records.json:43:3: message is a string, expected an object; skipped",
                  1);
    check_warning(&g, "no-time",
                  FIX "/bad-records.json:44:3: message has no \"createdDateTime\"; skipped", 1);
    check_warning(&g, "bad-time",
                  FIX "/bad-records.json:62:3: message \"createdDateTime\" is a number, expected a "
                      "time such as \"2025-09-25T14:30:13.079+00:00\"; skipped",
                  2);
    /* 7 messages: 3 events + 4 warned about. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 4);
    got_free(&g);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"empty",           "object",   "number", "truncated",
                                        "truncated-start", "not-utf8", "utf16"};
    check_invalid_fixtures(&rg_importer_teams, FIX, cases, sizeof(cases) / sizeof(cases[0]));
    /* A names list of the wrong shape: every actor would be wrong. */
    check_fails_with(&rg_importer_teams, FIX "/bad-users/TeamsDataExport",
                     FIX "/bad-users/TeamsDataExport/users/usersList.json:1:1: expected an array "
                         "of names, got an object");
    check_fails_with(&rg_importer_teams, FIX "/no-such-export",
                     FIX "/no-such-export: cannot read: No such file or directory");
}
END_TEST

#define CORPUS RG_CORPUS "/real/teams/TeamsDataExport"
#define CTEAM "4707a9cc-9fe0-4bc2-980a-cd722ffbff06"
#define CMSGS CORPUS "/teams/" CTEAM "/messages_" CTEAM ".json"

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_teams;
    ck_assert_int_eq(imp->sniff(EXPORT, 1, NULL, 0), 95);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    ck_assert_int_eq(sniff_file(imp, MSGS), 90);
    ck_assert_int_eq(sniff_file(imp, FIX "/graph-page.json"), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/one-message.json"), 90);
    ck_assert_int_eq(sniff_file(imp, EXPORT "/users/usersList.json"), 0);
    ck_assert_int_eq(sniff_file(imp, EXPORT "/teams/teamsList.json"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/discord/thread.json"), 0);
    static const char *const mine[] = {EXPORT,
                                       MSGS,
                                       DM1,
                                       FIX "/graph-page.json",
                                       FIX "/one-message.json",
                                       FIX "/bad-records.json"};
    check_picked("teams", mine, sizeof(mine) / sizeof(mine[0]));
    /* The lists are names, not sources. */
    static const char *const lists[] = {EXPORT "/users/usersList.json",
                                        EXPORT "/teams/teamsList.json"};
    check_picked("none", lists, 2);
    if (rg_have_corpus(CORPUS)) {
        static const char *const real[] = {CORPUS, CMSGS};
        check_picked("teams", real, 2);
    }
}
END_TEST

START_TEST(test_corpus)
{
    if (!rg_have_corpus(CORPUS))
        return;
    got g;
    run(&g, CORPUS, 8);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    const char *s = "teams #lqdix95v";
    const char *c = "channel=19:lqdix95v6et7PTYxDZlXmlKIwt77DeH_WikzPVX7kuU1@thread.tacv2";
    const want w[] = {
        {"2025-09-25T14:30:13.079000Z", "chat", "chat.message", s, "Will Begon", 1,
         "hello! this is a channel message\nasdad", rg_origin(g.arena, CMSGS, 2),
         "2025-09-25T14:30:13.079+00:00", c},
        /* System events whose detail names no event and no one. */
        {"2025-09-25T14:29:52.135000Z", "note", "note", s, NULL, 0, "system event",
         rg_origin(g.arena, CMSGS, 41), "2025-09-25T14:29:52.135+00:00",
         "channel=19:lqdix95v6et7PTYxDZlXmlKIwt77DeH_WikzPVX7kuU1@thread.tacv2;event=unknown"},
        {"2025-09-26T14:14:57.283000Z", "note", "note", s, NULL, 0, "system event",
         rg_origin(g.arena, CMSGS, 119), "2025-09-26T14:14:57.283+00:00",
         "channel=19:lqdix95v6et7PTYxDZlXmlKIwt77DeH_WikzPVX7kuU1@thread.tacv2;event=unknown"},
    };
    check_events(&g, w, 3);
    got_free(&g);
    rg_source src = {.path = CORPUS, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_teams, &src, 3);
}
END_TEST

START_TEST(test_truncated_everywhere)
{
    check_cut_everywhere(&rg_importer_teams, FIX "/graph-page.json", 17);
}
END_TEST

START_TEST(test_out_of_memory)
{
    rg_xml_install(); /* libxml2's allocations fail in turn too */
    check_out_of_memory(&rg_importer_teams, EXPORT);
    check_out_of_memory(&rg_importer_teams, FIX "/graph-page.json");
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
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}},\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh Tran\"}},\"body\":{\"contentType\"",
         0,
         "{P}:3:140: unexpected end of file (truncated?): ':' expected",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}},,\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}]}\n",
         0,
         "{P}:2:168: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: content a number",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":42}},\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: message \"body\".\"content\" is a number, expected a string; skipped", 1}},
         1,
         "good",
         NULL},
        {"wrong type: createdDateTime an object",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":{\"x\":1},"
         "\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}},\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}\n]}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: message \"createdDateTime\" is an object, expected a time such as "
           "\"2025-09-25T14:30:13.079+00:00\"; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: createdDateTime a number",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":1795183200,"
         "\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}},\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}\n]}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: message \"createdDateTime\" is a number, expected a time such as "
           "\"2025-09-25T14:30:13.079+00:00\"; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: from a string",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":\"Linh\",\"body\":{\"contentType\":\"text\",\"content\":\"x\"}},"
         "\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\","
         "\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}\n]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: message \"from\" is a string, expected an object; skipped", 1}},
         1,
         "good",
         NULL},
        {"no time",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"from\":{\"user\":{"
         "\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}},\n{\"id\":\"1\","
         "\"messageType\":\"message\",\"createdDateTime\":\"2026-11-20T14:00:00Z\",\"from\":{"
         "\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"good\"}}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: message has no \"createdDateTime\"; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"bad \377 byte\"}}\n]}\n",
         0,
         "{P}:2:163: not valid UTF-8 (unable to decode byte 0xff near '\"bad '); save the file as "
         "UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"text\",\"content\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 nul\"}}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:247: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
        {"hostile html",
         "{\"value\":[\n{\"id\":\"1\",\"messageType\":\"message\",\"createdDateTime\":\"2026-11-"
         "20T14:00:00Z\",\"from\":{\"user\":{\"displayName\":\"Linh "
         "Tran\"}},\"body\":{\"contentType\":\"html\",\"content\":\"&lt;script&gt;alert(1)&lt;/"
         "script&gt; ](javascript:alert(1)) | table | breaker |<br># heading\"}}\n]}\n",
         0,
         NULL,
         {{NULL, NULL, 0}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading",
         NULL},
    };
    check_bad_inputs(&rg_importer_teams, "teams", "messages.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

/* A Graph page of 8 messages from an application (one template: "Alert
 * firing: CPU 9N% on web-N") and 5 from a person with the same words, read
 * with the core's fold, whole and message by message: the application's first
 * 3 are events, its other 5 folded; every message of the person is kept. */
START_TEST(test_bot_template_folded)
{
    char path[] = "/tmp/rg-teams-fold-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"@odata.context\": \"x\", \"value\": [\n", f);
    for (int i = 0; i < 13; i++) {
        int bot = i < 8;
        fprintf(f,
                "%s{\"id\": \"%d\", \"messageType\": \"message\", \"createdDateTime\": "
                "\"2026-11-20T14:%02d:00Z\", \"from\": {%s}, \"body\": {\"contentType\": "
                "\"text\", \"content\": \"Alert firing: CPU 9%d%% on web-%d\"}}\n",
                i ? "," : "", i, i,
                bot ? "\"application\": {\"id\": \"app1\", \"displayName\": \"Grafana\"}"
                    : "\"user\": {\"id\": \"u1\", \"displayName\": \"Sam Okafor\"}",
                i % 10, i);
    }
    fputs("]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    check_bot_template_folded(&rg_importer_teams, path, "Grafana", "Sam Okafor");
    remove(path);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("teams");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_export_folder);
    tcase_add_test(tc, test_large_users_list);
    tcase_add_test(tc, test_bot_template_folded);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_messages_file_alone);
    tcase_add_test(tc, test_graph_page);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_clock_offset);
    tcase_add_test(tc, test_bad_records);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_truncated_everywhere);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
