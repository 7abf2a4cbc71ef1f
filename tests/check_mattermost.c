/* check_mattermost.c -- the Mattermost bulk export importer: our own export
 * (system posts typed and as text, webhooks, bots, replies older than their
 * root, an edit, a channel name two teams share, direct posts, hostile text),
 * pretty-printed records, bad records among good ones, truncation at several
 * offsets, the real exports of the shared corpus, sniffing and bad input. */
#include <string.h>

#include "check_badinput_util.h"
#include "check_chat_util.h"

extern const rg_importer rg_importer_mattermost;

#define FIX RG_FIXTURES "/mattermost"
#define EXPORT FIX "/export.jsonl"

static void run(got *g, const char *path, size_t max)
{
    run_file(g, &rg_importer_mattermost, max, path, "ignored", 0);
}

START_TEST(test_export)
{
    got g;
    run(&g, EXPORT, 32);
    ck_assert_int_eq(g.rc, 0);
    const char *inc = "mattermost ~inc-2041";
    const char *ia = "team=shop;channel=inc-2041";
    const want w[] = {
        {"2026-11-20T14:01:00Z", "chat", "chat.join", inc, "Linh Tran", 0,
         "linh joined the channel.", EXPORT ":11", "1795183260000",
         "team=shop;channel=inc-2041;post_type=system_join_channel"},
        /* No "type": the server's text says it is a join. */
        {"2026-11-20T14:01:30Z", "chat", "chat.join", inc, "Sam Okafor", 0,
         "sam joined the channel.", EXPORT ":12", "1795183290000", ia},
        {"2026-11-20T14:05:00Z", "chat", "chat.message", inc, "Linh Tran", 1,
         "checkout is down, declaring an incident", EXPORT ":13", "1795183500000",
         "team=shop;channel=inc-2041;thread=1795183500000;edited=2026-11-20T14:05:30.500000Z"},
        {"2026-11-20T14:05:20Z", "chat", "chat.message", inc, "Sam Okafor", 1, "on it",
         EXPORT ":13", "1795183520000", "team=shop;channel=inc-2041;thread=1795183500000"},
        /* Older than its root; a user with no user line is their username. */
        {"2026-11-20T14:04:10Z", "chat", "chat.message", inc, "ghost", 1, "seen from the edge too",
         EXPORT ":13", "1795183450000", "team=shop;channel=inc-2041;thread=1795183500000"},
        /* The person added, not the one who added them. */
        {"2026-11-20T14:06:40Z", "chat", "chat.join", inc, "priya", 0,
         "priya added to the channel by linh.", EXPORT ":14", "1795183600000",
         "team=shop;channel=inc-2041;post_type=system_add_to_channel"},
        {"2026-11-20T14:07:00Z", "chat", "chat.message", inc, "PagerDuty", 0,
         "[Triggered] Checkout 5xx > 5%", EXPORT ":15", "1795183620000", ia},
        {"2026-11-20T14:08:20Z", "chat", "chat.message", inc, "Grafana", 0, "CPU back to normal",
         EXPORT ":16", "1795183700000", ia},
        {"2026-11-20T14:08:30Z", "chat", "chat.message", inc, "Sam Okafor", 0, "ran the rollback",
         EXPORT ":17", "1795183710000", ia},
        {"2026-11-20T14:10:00Z", "chat", "chat.message", inc, "priya", 1,
         "<script>alert(1)</script> **bold** | pipe [x](javascript:alert(1))\abell", EXPORT ":18",
         "1795183800000", ia},
        {"2026-11-20T14:10:10Z", "note", "note", inc, "Sam Okafor", 0,
         "sam updated the channel header to: INC-2041", EXPORT ":19", "1795183810000",
         "team=shop;channel=inc-2041;post_type=system_header_change"},
        {"2026-11-20T14:15:00Z", "chat", "chat.leave", inc, "Sam Okafor", 0,
         "sam left the channel.", EXPORT ":20", "1795184100000",
         "team=shop;channel=inc-2041;post_type=system_leave_channel"},
        /* Two teams have a town-square: the team tells them apart. */
        {"2026-11-20T14:11:40Z", "chat", "chat.message", "mattermost shop ~town-square",
         "Linh Tran", 1, "status page updated", EXPORT ":21", "1795183900000",
         "team=shop;channel=town-square"},
        {"2026-11-20T14:11:40Z", "chat", "chat.message", "mattermost ops ~town-square", "Linh Tran",
         1, "status page updated", EXPORT ":22", "1795183900000", "team=ops;channel=town-square"},
        {"2026-11-20T14:03:20Z", "chat", "chat.message", "mattermost direct linh, sam",
         "Sam Okafor", 1, "call me", EXPORT ":26", "1795183400000", "channel=linh, sam"},
        {"2026-11-20T14:03:25Z", "chat", "chat.message", "mattermost direct linh, sam",
         "Sam Okafor", 1, "[file: graph.png]", EXPORT ":27", "1795183405000", "channel=linh, sam"},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    /* A record type of a later server is counted, not silently passed over. */
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    check_warning(&g, "unknown-record", EXPORT ":24:1: record of type 'webhook' is not read", 1);
    got_free(&g);
}
END_TEST

/* A post whose thread holds 12,000 replies, a line of over a MiB: every reply
 * read, on the post's line, and the post after it on its own. The line
 * reader cut the line at 1 MiB and the whole thread was skipped with
 * warning "long-line". */
START_TEST(test_long_thread)
{
    enum { N = 12000 };
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "{\"type\":\"version\",\"version\":1}\n"
                                     "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":"
                                     "\"inc\",\"user\":\"linh\",\"message\":\"root\",\"create_at\":"
                                     "1795183200000,\"replies\":["),
                     0);
    for (int i = 0; i < N; i++) {
        char reply[200];
        snprintf(reply, sizeof(reply),
                 "%s{\"user\":\"sam\",\"message\":\"reply %d of the long thread, with some words\","
                 "\"create_at\":%lld}",
                 i ? "," : "", i, 1795183201000LL + i);
        ck_assert_int_eq(rg_buf_puts(&b, reply), 0);
    }
    ck_assert_int_eq(rg_buf_puts(&b, "]}}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
                                     "\"channel\":\"inc\",\"user\":\"sam\",\"message\":\"after\","
                                     "\"create_at\":1795190000000}}\n"),
                     0);
    ck_assert_uint_gt(b.len, 1024 * 1024 + 64 * 1024);
    char *path = temp_file_filled("mm_thread", b.data, ' ', 0, "");
    rg_buf_free(&b);
    got g;
    run(&g, path, N + 4);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, N + 2);
    char where[300];
    snprintf(where, sizeof(where), "%s:2", path);
    ck_assert_str_eq(g.ev[N]->origin, where);
    ck_assert_str_eq(g.ev[N]->text, "reply 11999 of the long thread, with some words");
    snprintf(where, sizeof(where), "%s:3", path);
    ck_assert_str_eq(g.ev[N + 1]->origin, where);
    ck_assert_str_eq(g.ev[N + 1]->text, "after");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(test_identity)
{
    rg_source src = {.path = EXPORT, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    /* The two town-square posts are alike in all but their team. */
    check_nothing_folds(&rg_importer_mattermost, &src, 16);
    check_read_twice_folds(&rg_importer_mattermost, &src, 16);
}
END_TEST

START_TEST(test_clock_offset)
{
    got g;
    run_file(&g, &rg_importer_mattermost, 32, EXPORT, "x", -INT64_C(420) * 1000000);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T13:54:00Z");
    ck_assert_str_eq(g.ev[0]->time_text, "1795183260000");
    ck_assert_str_eq(attr(g.ev[2], "edited"), "2026-11-20T13:58:30.500000Z");
    got_free(&g);
}
END_TEST

/* The core's window, when a sink has one: records outside it are counted by
 * the sink, not built. */
START_TEST(test_window)
{
    got g;
    got_init(&g, 32);
    g.sink.has_window = 1;
    g.sink.from_us = instant("2026-11-20T14:05:00Z");
    g.sink.to_us = instant("2026-11-20T14:10:00Z");
    rg_source src = {.path = EXPORT, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_mattermost.parse(&src, &g.sink), 0);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_uint_eq(g.sink.n_outside, 9);
    got_free(&g);
}
END_TEST

START_TEST(test_bad_records)
{
    const char *path = FIX "/bad-records.jsonl";
    got g;
    run(&g, path, 16);
    ck_assert_int_eq(g.rc, 0);
    const char *s = "mattermost ~inc";
    const want w[] = {
        {"2026-11-20T14:00:00Z", "chat", "chat.message", s, "linh", 1, "first good",
         FIX "/bad-records.jsonl:2", "1795183200000", "team=shop;channel=inc"},
        /* Its replies were not an array: the root is kept, they are counted. */
        {"2026-11-20T14:00:03Z", "chat", "chat.message", s, "linh", 1, "bad replies",
         FIX "/bad-records.jsonl:8", "1795183203000", "team=shop;channel=inc"},
        {"2026-11-20T14:00:04Z", "chat", "chat.message", s, "linh", 1, "root ok",
         FIX "/bad-records.jsonl:9", "1795183204000", "team=shop;channel=inc;thread=1795183204000"},
        {"2026-11-20T14:00:04.500000Z", "chat", "chat.message", s, "sam", 1, "reply ok",
         FIX "/bad-records.jsonl:9", "1795183204500", "team=shop;channel=inc;thread=1795183204000"},
        {"2026-11-20T14:00:05Z", "chat", "chat.message", s, "linh", 1, "bad \xEF\xBF\xBD byte",
         FIX "/bad-records.jsonl:14", "1795183205000", "team=shop;channel=inc"},
        {"2026-11-20T14:00:06Z", "chat", "chat.message", s, "linh", 1, "last good",
         FIX "/bad-records.jsonl:16", "1795183206000", "team=shop;channel=inc"},
    };
    check_events(&g, w, sizeof(w) / sizeof(w[0]));
    check_warning(&g, "bad-record",
                  FIX "/bad-records.jsonl:3:1: expected a JSON object (a Mattermost bulk export "
                      "record), found 'this is not json'; skipped",
                  7);
    check_warning(&g, "no-time", FIX "/bad-records.jsonl:4:1: post has no \"create_at\"; skipped",
                  2);
    check_warning(&g, "bad-time",
                  FIX "/bad-records.jsonl:5:1: post \"create_at\" is a string, expected epoch "
                      "milliseconds such as 1553166657086; skipped",
                  2);
    check_warning(&g, "utf8",
                  FIX "/bad-records.jsonl:14:1: invalid UTF-8 replaced by U+FFFD (1 byte(s))", 1);
    check_warning(&g, "bad-json",
                  FIX "/bad-records.jsonl:15:1: record is not valid JSON (it never closes); "
                      "skipped",
                  1);
    /* 16 records read (14 posts and replies, 2 of them kept with a warning
     * about their replies or bytes): 6 events + 10 warned about. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 13);
    got_free(&g);
}
END_TEST

START_TEST(test_pretty_printed)
{
    const char *path = FIX "/pretty.json";
    got g;
    run(&g, path, 8);
    ck_assert_int_eq(g.rc, 0);
    const want w[] = {
        {"2026-11-20T14:01:40Z", "chat", "chat.message", "mattermost direct linh, sam", "linh", 1,
         "pretty {printed} \"record\"\nsecond line", FIX "/pretty.json:2", "1795183300000",
         "channel=linh, sam"},
        {"2026-11-20T14:03:20Z", "chat", "chat.message", "mattermost ~inc", "sam", 1,
         "one line after", FIX "/pretty.json:18", "1795183400000", "team=shop;channel=inc"},
    };
    check_events(&g, w, 2);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* Truncated at several offsets: inside the first record the source stops
 * (invalid/truncated*); later, the records before and after a cut line are
 * kept and the cut ones counted. */
START_TEST(test_truncated_later)
{
    const char *path = FIX "/truncated-end.jsonl";
    got g;
    run(&g, path, 8);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "before");
    ck_assert_str_eq(g.ev[1]->text, "after");
    check_warning(&g, "bad-json",
                  FIX "/truncated-end.jsonl:3:1: record is not valid JSON (it never closes); "
                      "skipped",
                  1);
    check_warning(&g, "truncated",
                  FIX "/truncated-end.jsonl:5:1: the record starting here is cut off by the end "
                      "of the file (truncated export?); skipped",
                  1);
    got_free(&g);

    /* The export cut at every byte: never a crash, and either an error (cut
     * inside the first record) or the records before the cut. */
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(EXPORT, &len, &d);
    ck_assert_ptr_nonnull(text);
    const char *tmp = temp_path("mm_cut");
    for (size_t cut = 0; cut <= len; cut += 7) {
        FILE *f = fopen(tmp, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(text, 1, cut, f);
        fclose(f);
        run(&g, tmp, 32);
        if (cut < 31)
            ck_assert_int_eq(g.rc, -1);
        else
            ck_assert_int_eq(g.rc, 0);
        ck_assert_uint_le(g.n, 16);
        got_free(&g);
    }
    unlink(tmp);
    rg_free(text);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {
        "empty",  "blank",  "truncated", "truncated-post", "truncated-pretty", "array",
        "number", "string", "no-type",   "other-type",     "not-json",         "utf16"};
    check_invalid_fixtures(&rg_importer_mattermost, FIX, cases, sizeof(cases) / sizeof(cases[0]));
    check_fails_with(&rg_importer_mattermost, FIX "/no-such-file.jsonl",
                     FIX "/no-such-file.jsonl: cannot open: No such file or directory");
}
END_TEST

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_mattermost;
    ck_assert_int_eq(sniff_file(imp, EXPORT), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/pretty.json"), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/invalid/other-type/input"), 0);
    ck_assert_int_eq(sniff_file(imp, FIX "/invalid/no-type/input"), 0);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    static const char post[] = "{\"type\": \"post\", \"post\": {\"team\": \"a\"}}\n";
    ck_assert_int_eq(imp->sniff("part.jsonl", 0, post, sizeof(post) - 1), 90);
    /* "type": "post" without its member is some other JSON. */
    static const char other[] = "{\"type\": \"post\", \"id\": 1}\n";
    ck_assert_int_eq(imp->sniff("x.json", 0, other, sizeof(other) - 1), 0);
    static const char *const mine[] = {EXPORT, FIX "/pretty.json", FIX "/bad-records.jsonl",
                                       FIX "/truncated-end.jsonl"};
    check_picked("mattermost", mine, sizeof(mine) / sizeof(mine[0]));
    /* Other importers' JSON lines are not ours. */
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
}
END_TEST

#define CORPUS RG_CORPUS "/real/mattermost-bulk"

START_TEST(test_corpus)
{
    if (!rg_have_corpus(CORPUS))
        return;
    static const char *const files[] = {CORPUS "/export.jsonl", CORPUS "/direct_post.v11.json"};
    check_picked("mattermost", files, 2);
    /* The folder itself is no source: the core looks inside and finds both. */
    ck_assert_str_eq(picked(CORPUS), "none");
    got g;
    run(&g, CORPUS "/export.jsonl", 32);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* 20 posts and one reply. */
    ck_assert_uint_eq(g.n, 21);
    const char *e = CORPUS "/export.jsonl";
    const want w[] = {
        {"2019-03-21T11:10:57.086000Z", "chat", "chat.join", "mattermost ~dumbledores-army",
         "Harry Potter", 0, "harry joined the channel.", rg_origin(g.arena, e, 14), "1553166657086",
         "team=gryffindor;channel=dumbledores-army;thread=1553166657086"},
        /* The reply is older than its root. */
        {"2019-03-21T11:09:44.976000Z", "chat", "chat.message", "mattermost ~dumbledores-army",
         "Ron Weasley", 1, "The weather is so hot!", rg_origin(g.arena, e, 14), "1553166584976",
         /* a human post carries its author's address, for recognition */
         "team=gryffindor;channel=dumbledores-army;thread=1553166657086;email=ron@zulip.com"},
    };
    check_event_at(&g, 0, &w[0]);
    check_event_at(&g, 1, &w[1]);
    /* "ron added to the channel by harry." is Ron's join. */
    ck_assert_str_eq(g.ev[9]->text, "ron added to the channel by harry.");
    ck_assert_str_eq(g.ev[9]->type, "chat.join");
    ck_assert_str_eq(g.ev[9]->actor, "Ron Weasley");
    /* malfoy's user line has no names: the username. */
    ck_assert_str_eq(g.ev[5]->actor, "malfoy");
    ck_assert_str_eq(g.ev[5]->type, "chat.join");
    ck_assert_str_eq(g.ev[20]->actor, "Severus Snape");
    ck_assert_int_eq(g.ev[20]->human, 1);
    size_t joins = 0, humans = 0;
    for (size_t i = 0; i < g.n; i++) {
        joins += strcmp(g.ev[i]->type, "chat.join") == 0;
        humans += g.ev[i]->human;
    }
    ck_assert_uint_eq(joins, 8);
    ck_assert_uint_eq(humans, 13);
    got_free(&g);

    run(&g, CORPUS "/direct_post.v11.json", 4);
    ck_assert_int_eq(g.rc, 0);
    const want d = {"2026-01-20T23:26:48.481000Z",
                    "chat",
                    "chat.message",
                    "mattermost direct adam.torres, rebecca.diaz, eugene.montgomery",
                    "eugene.montgomery",
                    1,
                    "ea ab est deserunt ipsa sequi inventore occaecati.\nharum harum officia.",
                    rg_origin(g.arena, CORPUS "/direct_post.v11.json", 1),
                    "1768951608481",
                    "channel=adam.torres, rebecca.diaz, eugene.montgomery"};
    check_events(&g, &d, 1);
    got_free(&g);
    rg_source src = {
        .path = CORPUS "/export.jsonl", .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    check_nothing_folds(&rg_importer_mattermost, &src, 21);
}
END_TEST

START_TEST(test_out_of_memory)
{
    /* the records are read by our lexer (jsontree.h): nine allocations in
     * all, where jansson's made twelve */
    check_out_of_memory_min(&rg_importer_mattermost, EXPORT, 5);
    check_out_of_memory_min(&rg_importer_mattermost, FIX "/pretty.json", 5);
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
         "{P}: file is empty, expected Mattermost bulk export lines",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"truncated",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"good\",\"create_at\":1795183200000}}"
         "\n{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\",\"user\":\"linh\","
         "\"mess",
         0,
         NULL,
         {{"truncated",
           "{P}:3:1: the record starting here is cut off by the end of the file (truncated "
           "export?); skipped",
           1}},
         1,
         "good",
         NULL},
        {"malformed",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"good\",\"create_at\":1795183200000}}"
         "\n{\"type\":\"post\",,\"post\":{}}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"good\",\"create_at\":1795183200000}}"
         "\n",
         0,
         NULL,
         {{"bad-json", "{P}:3:16: string or '}' expected near ','; skipped", 1}},
         2,
         "good",
         "good"},
        {"wrong type: message a number",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":42,\"create_at\":1795183200000}}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: post \"message\" is a number, expected a string; skipped", 1}},
         0,
         NULL,
         NULL},
        {"wrong type: create_at an object",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"x\",\"create_at\":{\"ms\":1}}}\n{"
         "\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\",\"user\":\"linh\","
         "\"message\":\"good\",\"create_at\":1795183200000}}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: post \"create_at\" is an object, expected epoch milliseconds such as "
           "1553166657086; skipped",
           1}},
         1,
         "good",
         NULL},
        {"wrong type: user a number",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"x\",\"user\":7,\"create_at\":"
         "1795183200000}}\n",
         0,
         NULL,
         {{"bad-record", "{P}:2:1: post \"user\" is a number, expected a string; skipped", 1}},
         0,
         NULL,
         NULL},
        {"no time",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"no "
         "time\"}}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\",\"user\":"
         "\"linh\",\"message\":\"good\",\"create_at\":1795183200000}}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: post has no \"create_at\"; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"bad \377 "
         "byte\",\"create_at\":1795183200000}}\n",
         0,
         NULL,
         {{"utf8", "{P}:2:1: invalid UTF-8 replaced by U+FFFD (1 byte(s))", 1}},
         1,
         "bad \357\277\275 byte",
         NULL},
        {"hostile",
         "{\"type\":\"version\",\"version\":1}\n{\"type\":\"post\",\"post\":{\"team\":\"shop\","
         "\"channel\":\"inc\",\"user\":\"linh\",\"message\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"create_at\":1795183200000}}\n",
         0,
         NULL,
         {{"nul", "{P}:2:166: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_mattermost, "mattermost", "export.jsonl", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mattermost");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_export);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_long_thread);
    tcase_add_test(tc, test_identity);
    tcase_add_test(tc, test_clock_offset);
    tcase_add_test(tc, test_window);
    tcase_add_test(tc, test_bad_records);
    tcase_add_test(tc, test_pretty_printed);
    tcase_add_test(tc, test_truncated_later);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(suite)
