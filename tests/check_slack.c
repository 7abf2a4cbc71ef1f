/* check_slack.c -- the Slack export importer: our own fixtures (a two-channel
 * export with a bot, mentions, links, escaped and hostile text, a join), the
 * real exports in the shared corpus, and bad input with exact errors. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "check_importer_util.h"
#include "jsonutil.h"

extern const rg_importer rg_importer_slack;

#define FIX RG_FIXTURES "/slack"
#define EXPORT FIX "/export"
#define MAX_EVENTS 64

static void run_parse(got *r, const char *path, int64_t offset_us)
{
    rg_source src = {.path = path,
                     .name = "ignored",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = offset_us,
                     .ref_us = INT64_MIN};
    got_parse(r, &rg_importer_slack, &src, MAX_EVENTS);
}

typedef struct want {
    const char *at, *type, *source, *actor;
    int human;
    const char *text, *origin, *time_text, *attrs;
} want;

static void check_event(got *r, size_t i, const want *w)
{
    ck_assert_uint_lt(i, r->n);
    const rg_event *ev = r->ev[i];
    char buf[32];
    ck_assert_str_eq(rg_time_format(ev->at_us, buf), w->at);
    ck_assert_int_eq(ev->kind, RG_KIND_CHAT);
    ck_assert_str_eq(ev->type, w->type);
    ck_assert_str_eq(ev->source, w->source);
    if (w->actor)
        ck_assert_str_eq(ev->actor, w->actor);
    else
        ck_assert_ptr_null(ev->actor);
    ck_assert_int_eq(ev->human, w->human);
    ck_assert_str_eq(ev->text, w->text);
    ck_assert_str_eq(ev->origin, w->origin);
    ck_assert_str_eq(ev->time_text, w->time_text);
    ck_assert_str_eq(attrs_text(r->arena, ev), w->attrs);
}

/* A users.json of 8,000 people (about 3 MB, one a line), the last without
 * an id: read entry by entry (no tree of it kept), every message's author
 * named from it, the bad entry located on its line. */
START_TEST(test_large_users_file)
{
    char dir[] = "/tmp/slack_users_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[128];
    enum { PEOPLE = 8000 };
    snprintf(path, sizeof(path), "%s/users.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("[\n", f);
    for (int i = 0; i < PEOPLE; i++) /* person i on line i + 2 */
        fprintf(f,
                "%s{\"id\": \"U%05d\", \"name\": \"p%d\", \"tz\": \"Europe/Paris\", "
                "\"profile\": {\"real_name\": \"Person %d\", \"title\": \"%0300d\"}}",
                i ? ",\n" : "", i, i, i, 0);
    fputs(",\n{\"name\": \"no id\"}\n]\n", f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 2 * 1024 * 1024);
    snprintf(path, sizeof(path), "%s/ops", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/ops/2026-11-20.json", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("[{\"type\": \"message\", \"user\": \"U07999\", \"text\": \"last one\", "
          "\"ts\": \"1795183320.000100\"},\n {\"type\": \"message\", \"user\": \"U00000\", "
          "\"text\": \"first one\", \"ts\": \"1795183321.000100\"}]\n",
          f);
    fclose(f);
    got r;
    rg_jsondocs_last_parsed_max = (size_t)-1; /* a reader that never streams leaves it so */
    run_parse(&r, dir, 0);
    ck_assert_msg(r.rc == 0, "%s", r.diag.error);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.ev[0]->actor, "Person 7999");
    ck_assert_str_eq(r.ev[1]->actor, "Person 0");
    /* the day file is small: read whole, after users.json streamed */
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 1024);
    snprintf(path, sizeof(path), "%s/users.json:%d:1: user entry has no \"id\" string", dir,
             PEOPLE + 2);
    check_warning(&r, "bad-record", path, 1);
    got_free(&r);
    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_export)
{
    got r;
    run_parse(&r, EXPORT, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(r.diag.has_error, 0);
    ck_assert_uint_eq(r.n, 10);
    /* Channels in name order (general, inc-2041), day files in date order. */
    const want w[] = {
        {"2026-11-20T14:06:40.000900Z", "chat.message", "slack #general", "Sam Okafor", 1,
         "mail sam@example.com or ask @U99GONE: [x](javascript:alert(1)) <img src=x "
         "onerror=alert(1)> a < b && c > d <script>raw</script>\abell\xEF\xBF\xBDnul",
         EXPORT "/general/2026-11-20.json:2", "1795183600.000900",
         "channel=general;tz=Africa/Lagos"},
        {"2026-11-20T14:06:45.001000Z", "chat.message", "slack #general", "Ana Lima", 1,
         "@channel @sre Nov 20", EXPORT "/general/2026-11-20.json:8", "1795183605.001000",
         "channel=general"},
        {"2026-11-20T14:06:46.001100Z", "chat.message", "slack #general", "Slackbot", 0,
         "This message was deleted.", EXPORT "/general/2026-11-20.json:15", "1795183606.001100",
         "channel=general;subtype=tombstone"},
        {"2026-11-20T14:02:00.000100Z", "chat.join", "slack #inc-2041", "Linh Tran", 1,
         "@Linh Tran has joined the channel", EXPORT "/inc-2041/2026-11-20.json:2",
         "1795183320.000100", "channel=inc-2041;subtype=channel_join"},
        {"2026-11-20T14:05:10.000200Z", "chat.message", "slack #inc-2041", "PagerDuty", 0,
         "[Triggered] Checkout 5xx > 5% for P1 (https://pd.example.com/incidents/P1)",
         EXPORT "/inc-2041/2026-11-20.json:9", "1795183510.000200",
         "channel=inc-2041;subtype=bot_message"},
        {"2026-11-20T14:06:30.000300Z", "chat.message", "slack #inc-2041", "Linh Tran", 1,
         "declaring an incident, @here @Sam Okafor please look at the dashboard "
         "(https://grafana.example.com/d/abc?x=1&y=2)",
         EXPORT "/inc-2041/2026-11-20.json:18", "1795183590.000300",
         "channel=inc-2041;thread=1795183590.000300"},
        {"2026-11-20T14:09:00.000400Z", "chat.message", "slack #inc-2041", "Sam Okafor", 1,
         "<script>alert(1)</script> came in through the form, see #general and #general",
         EXPORT "/inc-2041/2026-11-20.json:25", "1795183740.000400",
         "channel=inc-2041;tz=Africa/Lagos"},
        {"2026-11-20T14:21:45.000500Z", "chat.message", "slack #inc-2041", "priya", 1,
         "on it, rolling back https://deploy.example.com/r/42",
         EXPORT "/inc-2041/2026-11-20.json:31", "1795184505.000500",
         "channel=inc-2041;thread=1795183590.000300;edited=2026-11-20T14:23:20Z"},
        {"2026-11-20T14:30:00.000600Z", "chat.message", "slack #inc-2041", "Grafana", 0,
         "CPU & memory back to normal", EXPORT "/inc-2041/2026-11-20.json:45", "1795185000.000600",
         "channel=inc-2041"},
        /* In the 2026-11-21 file, yet on the 20th: the time is the ts, not the name. */
        {"2026-11-20T23:58:00.000800Z", "chat.message", "slack #inc-2041", "Linh Tran", 1,
         "mitigated, error rate back to normal", EXPORT "/inc-2041/2026-11-21.json:2",
         "1795219080.000800", "channel=inc-2041"},
    };
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        check_event(&r, i, &w[i]);

    /* 12 message records were read: 10 events + 2 warned about. */
    ck_assert_uint_eq(r.diag.n_warnings, 4);
    const rg_warning *bad = NULL;
    for (size_t i = 0; i < r.diag.n_warnings; i++)
        if (strcmp(r.diag.warnings[i].key, "bad-record") == 0 &&
            strstr(r.diag.warnings[i].path, "inc-2041"))
            bad = &r.diag.warnings[i];
    ck_assert_ptr_nonnull(bad);
    ck_assert_uint_eq(bad->count, 1);
    ck_assert_str_eq(bad->first, EXPORT "/inc-2041/2026-11-20.json:40:5: message has no \"ts\" "
                                        "and was skipped");
    const rg_warning *hidden = find_warning(&r.diag, "hidden");
    ck_assert_ptr_nonnull(hidden);
    ck_assert_uint_eq(hidden->count, 1);
    ck_assert_str_eq(hidden->first,
                     EXPORT "/inc-2041/2026-11-20.json:51:5: hidden record (subtype "
                            "'message_changed') skipped: Slack keeps the current text in the "
                            "original message");
    const rg_warning *nul = find_warning(&r.diag, "nul-in-text");
    ck_assert_ptr_nonnull(nul);
    ck_assert_str_eq(nul->first, EXPORT "/general/2026-11-20.json:2:5: message text holds 1 NUL "
                                        "byte(s), shown as U+FFFD");
    const rg_warning *user = find_warning(&r.diag, "bad-record");
    ck_assert_ptr_nonnull(user);
    ck_assert_str_eq(user->first, EXPORT "/users.json:30:5: user entry has no \"id\" string");
    ck_assert_uint_eq(rg_diag_warning_total(&r.diag, NULL), 4);
    got_free(&r);
}
END_TEST

START_TEST(test_clock_offset)
{
    got r;
    run_parse(&r, EXPORT, -INT64_C(420) * 1000000);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 10);
    char buf[32];
    ck_assert_str_eq(rg_time_format(r.ev[0]->at_us, buf), "2026-11-20T13:59:40.000900Z");
    ck_assert_str_eq(r.ev[0]->time_text, "1795183600.000900");
    ck_assert_str_eq(rg_time_format(r.ev[9]->at_us, buf), "2026-11-20T23:51:00.000800Z");
    ck_assert_str_eq(rg_event_attr_get(r.ev[7], "edited"), "2026-11-20T14:16:20Z");
    got_free(&r);
}
END_TEST

START_TEST(test_one_channel_folder)
{
    /* users.json beside the channel folder still names the people. */
    got r;
    run_parse(&r, EXPORT "/inc-2041/", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 7);
    ck_assert_str_eq(r.ev[0]->actor, "Linh Tran");
    ck_assert_str_eq(r.ev[0]->source, "slack #inc-2041");
    ck_assert_str_eq(r.ev[0]->origin, EXPORT "/inc-2041/2026-11-20.json:2");
    ck_assert_str_eq(r.ev[3]->text,
                     "<script>alert(1)</script> came in through the form, see #general and "
                     "#general");
    got_free(&r);
}
END_TEST

START_TEST(test_one_day_file)
{
    got r;
    run_parse(&r, EXPORT "/inc-2041/2026-11-21.json", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.ev[0]->actor, "Linh Tran");
    ck_assert_str_eq(r.ev[0]->source, "slack #inc-2041");
    ck_assert_str_eq(r.ev[0]->origin, EXPORT "/inc-2041/2026-11-21.json:2");
    ck_assert_uint_eq(r.diag.n_warnings, 1); /* users.json's entry without an id */
    got_free(&r);
}
END_TEST

START_TEST(test_bad_records)
{
    /* good / bad x7 / good: both good ones kept, each bad one counted. */
    got r;
    run_parse(&r, FIX "/bad-records", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 2);
    const want w[] = {
        {"2026-11-20T14:02:00.000100Z", "chat.message", "slack #bad-records", "U01LINH", 1,
         "first good", FIX "/bad-records/2026-11-20.json:2", "1795183320.000100",
         "channel=bad-records"},
        /* Unbalanced or empty brackets are not Slack markup and stay as written. */
        {"2026-11-20T14:02:06.000100Z", "chat.message", "slack #bad-records", "U01LINH", 1,
         "a <b and <@ and <https://x.example| and <> and https://x.example and bar &lt; "
         "&unknown;",
         FIX "/bad-records/2026-11-20.json:10", "1795183326.000100", "channel=bad-records"},
    };
    check_event(&r, 0, &w[0]);
    check_event(&r, 1, &w[1]);
    ck_assert_uint_eq(r.diag.n_warnings, 1);
    ck_assert_uint_eq(r.diag.warnings[0].count, 7);
    ck_assert_int_eq(r.diag.warnings[0].line, 3);
    ck_assert_str_eq(r.diag.warnings[0].first,
                     FIX "/bad-records/2026-11-20.json:3:5: message \"ts\" is a number, "
                         "expected a string such as \"1498401043.277604\"");
    got_free(&r);
}
END_TEST

/* Each invalid/<case>/input stops with the line in invalid/<case>/error,
 * which names the file "input" (jansson's test layout). */
START_TEST(test_invalid)
{
    static const char *const cases[] = {
        "empty",    "truncated", "truncated-object", "object-not-array", "number",
        "not-utf8", "utf16"};
    check_invalid_fixtures(&rg_importer_slack, FIX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_invalid_exact_lines)
{
    /* The same cases spelled out, so the expected lines are visible here. */
    got r;
    run_parse(&r, FIX "/invalid/truncated/input", 0);
    ck_assert_str_eq(r.diag.error, FIX "/invalid/truncated/input:5:31: unexpected end of file "
                                       "(truncated?): premature end of input near '\"checkout is "
                                       "do'");
    got_free(&r);
    run_parse(&r, FIX "/invalid/object-not-array/input", 0);
    ck_assert_str_eq(r.diag.error, FIX "/invalid/object-not-array/input:1:1: expected an array "
                                       "of messages, got an object");
    got_free(&r);
    run_parse(&r, FIX "/invalid/utf16/input", 0);
    ck_assert_str_eq(r.diag.error, FIX "/invalid/utf16/input:1:1: file is UTF-16; save it as "
                                       "UTF-8");
    got_free(&r);
    run_parse(&r, FIX "/invalid/empty/input", 0);
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/empty/input: file is empty, expected a JSON document");
    got_free(&r);
    run_parse(&r, FIX "/no-such-folder", 0);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.diag.error, FIX "/no-such-folder: cannot read: No such file or directory");
    got_free(&r);
}
END_TEST

/* A malformed day file in the middle of an export stops the source with its
 * location; what was read before it was emitted, the core discards it. */
START_TEST(test_bad_day_in_export)
{
    got r;
    run_parse(&r, FIX "/broken-day", 0);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.ev[0]->actor, "Ops Person");
    ck_assert_str_eq(r.diag.error,
                     FIX "/broken-day/beta/2026-11-20.json:3:52: unexpected newline near '\"half'");
    got_free(&r);
}
END_TEST

/* users.json that is not Slack's array stops the source: every actor would be
 * wrong otherwise. */
START_TEST(test_bad_users_json)
{
    got r;
    run_parse(&r, FIX "/broken-users", 0);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.diag.error, FIX "/broken-users/users.json:1:1: expected an array of "
                                       "users, got an object");
    got_free(&r);
}
END_TEST

/* Messages without "type": "message" (re-exported by other tools) are read
 * when the folder is otherwise a Slack export. */
START_TEST(test_untyped_messages)
{
    ck_assert_int_eq(rg_importer_slack.sniff(FIX "/untyped", 1, NULL, 0), 95);
    ck_assert_int_eq(rg_importer_slack.sniff(FIX "/untyped/ops", 1, NULL, 0), 75);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, FIX "/untyped/ops/2026-11-20.json"), 70);
    const char *dirs[] = {FIX "/untyped", FIX "/untyped/ops"};
    for (int d = 0; d < 2; d++) {
        got r;
        run_parse(&r, dirs[d], 0);
        ck_assert_int_eq(r.rc, 0);
        ck_assert_uint_eq(r.n, 2);
        check_event(&r, 0,
                    &(want){"2026-11-20T14:02:00.000100Z", "chat.message", "slack #ops",
                            "Linh Tran", 1, "checkout is failing for everyone",
                            FIX "/untyped/ops/2026-11-20.json:2", "1795183320.000100",
                            "channel=ops"});
        check_event(&r, 1,
                    &(want){"2026-11-20T14:03:00.000200Z", "chat.message", "slack #ops",
                            "Sam Okafor", 1, "on it", FIX "/untyped/ops/2026-11-20.json:7",
                            "1795183380.000200", "channel=ops"});
        ck_assert_uint_eq(r.diag.n_warnings, 0);
        got_free(&r);
    }
}
END_TEST

/* The fold hook (importer.h): every message is offered before its event is
 * built, with what the event would say; a folded one (the hook returns 0)
 * costs no event, and -1 stops the parse. */
typedef struct fold_log {
    char seen[16][256];
    size_t n;
    int answer_for_bots;
} fold_log;

static fold_log folds;

static int fold_bots(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    ck_assert_uint_lt(folds.n, 16);
    char when[32];
    snprintf(folds.seen[folds.n++], sizeof(folds.seen[0]), "%s %s %.*s human=%d line=%ld [%.*s]",
             rg_time_format(f->at_us, when), f->type, (int)f->actor_len, f->actor ? f->actor : "",
             f->human, f->line, (int)f->text_len, f->text);
    return f->human ? 1 : folds.answer_for_bots;
}

START_TEST(test_fold_hook)
{
    got all;
    run_parse(&all, EXPORT, 0);
    ck_assert_int_eq(all.rc, 0);
    size_t bots = 0;
    for (size_t i = 0; i < all.n; i++)
        bots += all.ev[i]->human == 0;
    ck_assert_uint_gt(bots, 0);
    rg_source src = {.path = EXPORT,
                     .name = "ignored",
                     .zone = rg_tz_utc(),
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    memset(&folds, 0, sizeof(folds));
    got r;
    got_init(&r, MAX_EVENTS);
    r.sink.fold = fold_bots;
    r.rc = rg_importer_slack.parse(&src, &r.sink);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(folds.n, all.n);
    ck_assert_uint_eq(r.n, all.n - bots);
    ck_assert_str_eq(folds.seen[2], "2026-11-20T14:06:46.001100Z chat.message Slackbot human=0 "
                                    "line=15 [This message was deleted.]");
    /* what was offered is what the event says, for every message */
    for (size_t i = 0, k = 0; i < all.n; i++) {
        const rg_event *ev = all.ev[i];
        char when[32], line[256];
        const char *colon = strrchr(ev->origin, ':');
        snprintf(line, sizeof(line), "%s %s %s human=%d line=%s [%s]",
                 rg_time_format(ev->at_us, when), ev->type, ev->actor ? ev->actor : "", ev->human,
                 colon + 1, ev->text);
        ck_assert_str_eq(folds.seen[i], line);
        if (ev->human)
            ck_assert_str_eq(r.ev[k++]->text, ev->text);
    }
    got_free(&r);
    /* an error in the hook is the parse's error */
    memset(&folds, 0, sizeof(folds));
    folds.answer_for_bots = -1;
    got_init(&r, MAX_EVENTS);
    r.sink.fold = fold_bots;
    ck_assert_int_eq(rg_importer_slack.parse(&src, &r.sink), -1);
    got_free(&r);
    got_free(&all);
}
END_TEST

START_TEST(test_sniff)
{
    ck_assert_int_eq(rg_importer_slack.sniff(EXPORT, 1, NULL, 0), 95);
    ck_assert_int_eq(rg_importer_slack.sniff(EXPORT "/inc-2041", 1, NULL, 0), 80);
    ck_assert_int_eq(rg_importer_slack.sniff(EXPORT "/empty-folder", 1, NULL, 0), 0);
    ck_assert_int_eq(rg_importer_slack.sniff(FIX "/invalid", 1, NULL, 0), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, EXPORT "/inc-2041/2026-11-20.json"), 85);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, EXPORT "/users.json"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, EXPORT "/channels.json"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, EXPORT "/integration_logs.json"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, FIX "/invalid/object-not-array/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_slack, RG_FIXTURES "/statuspage/incidents.json"), 0);
    static const char clearly[] = "[{\"type\": \"message\", \"ts\": \"1795183320.000100\"}]";
    ck_assert_int_eq(rg_importer_slack.sniff("chat.json", 0, clearly, sizeof(clearly) - 1), 75);
    /* ts strings without "type": "message" are not enough to win. */
    static const char vague[] = "[{\"text\": \"x\", \"ts\": \"1795183320.000100\"}]";
    ck_assert_int_eq(rg_importer_slack.sniff("chat.json", 0, vague, sizeof(vague) - 1), 30);
    ck_assert_int_eq(rg_importer_slack.sniff("chat.json", 0, "", 0), 0);
}
END_TEST

#define PLAN8 RG_CORPUS "/real/slack-export/plan8team"

START_TEST(test_corpus_plan8team)
{
    if (!rg_have_corpus(PLAN8))
        return;
    got r;
    run_parse(&r, PLAN8, 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    /* integration_logs.json (app installs) adds nothing. */
    ck_assert_uint_eq(r.n, 13);
    const char *d1 = PLAN8 "/random/2017-06-25.json";
    const char *d2 = PLAN8 "/random/2018-01-20.json";
    struct {
        const char *at, *type, *actor, *text, *file;
        long line;
    } w[] = {
        {"2017-06-25T14:30:43.277604Z", "chat.join", "Josef K.", "@Josef K. has joined the channel",
         d1, 2},
        {"2017-06-25T14:31:11.279035Z", "chat.message", "Josef K.", "edfadfa", d1, 9},
        {"2018-01-20T13:19:58.000069Z", "chat.join", "Steve Howell",
         "@Steve Howell has joined the channel", d2, 2},
        {"2018-01-20T13:22:17.000093Z", "chat.message", "Steve Howell",
         "This is Steve typing random stuff.", d2, 9},
        {"2018-01-20T13:24:10.000039Z", "chat.join", "Rhea Parekh",
         "@Rhea Parekh has joined the channel", d2, 15},
        {"2018-01-20T14:04:38.000065Z", "chat.message", "Josef K.",
         "@Josef K. uploaded a file: dirac72.md "
         "(https://plan8team.slack.com/files/U6006P1CN/F8VSW87RR/dirac72.md) and commented: test "
         "upload attachment",
         d2, 22},
        {"2018-01-20T14:06:52.000035Z", "chat.message", "Josef K.",
         "Huh this is very useful being able to see the snippet of text files", d2, 75},
        {"2018-01-20T14:10:16.000062Z", "chat.join",
         "Rishi \xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80 "
         "\xE6\xB1\x89\xE8\xAF\xAD",
         "@Rishi \xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xA6\xE0\xA5\x80 "
         "\xE6\xB1\x89\xE8\xAF\xAD has joined the channel",
         d2, 81},
        {"2018-01-20T17:10:19.000018Z", "chat.message", "Rhea Parekh",
         "The markdown mapping is also lossy, as Zulip doesn't support two types of formatting "
         "together like bold and italic ~*_random_*~ while slack does",
         d2, 88},
        {"2018-01-20T17:15:05.000010Z", "chat.message", "Rhea Parekh", "@everyone", d2, 94},
        {"2018-01-20T17:15:18.000115Z", "chat.message", "Rhea Parekh", "@everyone", d2, 100},
        {"2018-01-20T17:15:29.000046Z", "chat.message", "Rhea Parekh", "@channel", d2, 106},
        {"2018-01-20T17:15:30.000036Z", "chat.message", "Rhea Parekh", "@channel", d2, 112},
    };
    for (size_t i = 0; i < r.n; i++) {
        char buf[32];
        const rg_event *ev = r.ev[i];
        ck_assert_str_eq(rg_time_format(ev->at_us, buf), w[i].at);
        ck_assert_str_eq(ev->type, w[i].type);
        ck_assert_str_eq(ev->actor, w[i].actor);
        ck_assert_int_eq(ev->human, 1);
        ck_assert_str_eq(ev->text, w[i].text);
        ck_assert_str_eq(ev->source, "slack #random");
        ck_assert_str_eq(ev->origin, rg_origin(r.arena, w[i].file, w[i].line));
        ck_assert_str_eq(rg_event_attr_get(ev, "channel"), "random");
    }
    ck_assert_str_eq(r.ev[0]->time_text, "1498401043.277604");
    ck_assert_str_eq(rg_event_attr_get(r.ev[5], "subtype"), "file_share");
    got_free(&r);
}
END_TEST

#define SLACKFIX RG_CORPUS "/real/slack-export/fixtures"

START_TEST(test_corpus_threads)
{
    if (!rg_have_corpus(SLACKFIX "/normal_thread.json"))
        return;
    got r;
    run_parse(&r, SLACKFIX "/normal_thread.json", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 4);
    char buf[32];
    /* Emitted in file order; this fixture's reply is older than its parent on
     * purpose, and the times are kept as written (the core sorts). */
    ck_assert_str_eq(rg_time_format(r.ev[0]->at_us, buf), "2015-06-12T19:58:22.000002Z");
    ck_assert_str_eq(rg_time_format(r.ev[2]->at_us, buf), "2018-10-18T13:11:34.000007Z");
    ck_assert_str_eq(rg_time_format(r.ev[3]->at_us, buf), "2015-12-11T21:11:34.000007Z");
    ck_assert_str_eq(r.ev[0]->actor, "U061A5N1G"); /* no users.json: the id */
    ck_assert_str_eq(r.ev[2]->actor, "U061A1R2R");
    ck_assert_str_eq(r.ev[3]->text, "another reply");
    ck_assert_str_eq(rg_event_attr_get(r.ev[1], "thread"), "1434139102.000002");
    ck_assert_str_eq(rg_event_attr_get(r.ev[3], "thread"), "1539868294.000007");
    ck_assert_str_eq(r.ev[3]->source, "slack #fixtures");
    ck_assert_str_eq(r.ev[3]->origin, SLACKFIX "/normal_thread.json:24");
    got_free(&r);

    run_parse(&r, SLACKFIX "/thread_with_broadcast_reply.json", 0);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_str_eq(rg_time_format(r.ev[2]->at_us, buf), "2015-06-12T19:58:24.000002Z");
    ck_assert_str_eq(r.ev[2]->text, "everyone should see this");
    ck_assert_str_eq(r.ev[2]->type, "chat.message");
    ck_assert_str_eq(attrs_text(r.arena, r.ev[2]),
                     "channel=fixtures;thread=1434139102.000002;subtype=thread_broadcast");
    ck_assert_str_eq(r.ev[2]->origin, SLACKFIX "/thread_with_broadcast_reply.json:17");
    got_free(&r);
}
END_TEST

START_TEST(test_out_of_memory)
{
    static const char *const paths[] = {EXPORT, EXPORT "/inc-2041",
                                        EXPORT "/inc-2041/2026-11-20.json"};
    check_out_of_memory(&rg_importer_slack, paths[_i]);
}
END_TEST

START_TEST(test_registered)
{
    ck_assert_ptr_eq(rg_importer_find("slack"), &rg_importer_slack);
    ck_assert_int_eq(rg_importer_slack.kind, RG_KIND_CHAT);
    ck_assert_int_eq(rg_importer_slack.streams, 0);
}
END_TEST

static Suite *slack_suite(void)
{
    Suite *s = suite_create("slack");
    TCase *tc = tcase_create("slack");
    tcase_add_test(tc, test_export);
    tcase_add_test(tc, test_large_users_file);
    tcase_add_test(tc, test_clock_offset);
    tcase_add_test(tc, test_one_channel_folder);
    tcase_add_test(tc, test_one_day_file);
    tcase_add_test(tc, test_bad_records);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_invalid_exact_lines);
    tcase_add_test(tc, test_bad_day_in_export);
    tcase_add_test(tc, test_bad_users_json);
    tcase_add_test(tc, test_fold_hook);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_untyped_messages);
    tcase_add_test(tc, test_corpus_plan8team);
    tcase_add_test(tc, test_corpus_threads);
    tcase_add_loop_test(tc, test_out_of_memory, 0, 3);
    tcase_add_test(tc, test_registered);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(slack_suite)
