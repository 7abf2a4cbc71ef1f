/* check_timeline.c -- merging: order, stable ties, duplicates, clusters. */
#include <string.h>

#include "check_util.h"
#include "timeline.h"

static rg_event *ev(rg_arena *a, int64_t at_s, rg_kind kind, const char *type, const char *src,
                    const char *text, uint64_t seq)
{
    rg_event *e = rg_event_new(a);
    e->at_us = at_s * 1000000;
    e->kind = kind;
    e->type = type;
    e->source = src;
    e->actor = "host";
    e->text = text;
    e->origin = "x";
    e->seq = seq;
    return e;
}

START_TEST(test_order_and_ties)
{
    rg_arena *a = rg_arena_new();
    rg_event *in[4] = {
        ev(a, 30, RG_KIND_CHAT, "chat.message", "slack", "second at 30", 0),
        ev(a, 10, RG_KIND_PAGE, "page.triggered", "pd", "first", 1),
        ev(a, 30, RG_KIND_ALERT, "alert.firing", "am", "third at 30", 2),
        ev(a, 20, RG_KIND_STATUS, "status.investigating", "sp", "middle", 3),
    };
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, a, in, 4, &d), 0);
    ck_assert_uint_eq(tl.n_events, 4);
    ck_assert_str_eq(tl.events[0]->text, "first");
    ck_assert_str_eq(tl.events[1]->text, "middle");
    /* ties keep arrival order */
    ck_assert_str_eq(tl.events[2]->text, "second at 30");
    ck_assert_str_eq(tl.events[3]->text, "third at 30");
    ck_assert_uint_eq(tl.n_entries, 4);
    rg_arena_free(a);
}
END_TEST

/* README, "Timeline": only the same record read twice is folded, by its
 * identity; events without one are all kept. */
START_TEST(test_same_record_folded_by_identity)
{
    rg_arena *a = rg_arena_new();
    rg_event *in[6] = {
        ev(a, 10, RG_KIND_ALERT, "alert.firing", "am", "DBDown", 0),
        ev(a, 10, RG_KIND_CHAT, "chat.message", "slack", "hi", 1),
        ev(a, 10, RG_KIND_ALERT, "alert.firing", "am", "DBDown", 2), /* same id as 0 */
        ev(a, 10, RG_KIND_ALERT, "alert.firing", "am", "DBDown", 3), /* another host's */
        ev(a, 11, RG_KIND_ALERT, "alert.firing", "am", "DBDown", 4), /* no identity */
        ev(a, 11, RG_KIND_ALERT, "alert.firing", "am", "DBDown", 5), /* no identity */
    };
    rg_event_identity(in[0], "fp-db1|10", 9);
    rg_event_identity(in[2], "fp-db1|10", 9);
    rg_event_identity(in[3], "fp-db2|10", 9);
    rg_event_identity(in[1], "C1|10.000100", 12);
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, a, in, 6, &d), 0);
    ck_assert_uint_eq(tl.n_events, 5);
    ck_assert_uint_eq(tl.n_duplicates, 1);
    ck_assert_uint_eq(tl.events[0]->seq, 0);
    ck_assert_uint_eq(tl.events[1]->seq, 1);
    ck_assert_uint_eq(tl.events[2]->seq, 3);
    ck_assert_uint_eq(tl.events[3]->seq, 4);
    ck_assert_uint_eq(tl.events[4]->seq, 5);
    rg_arena_free(a);
}
END_TEST

/* Log lines: identical lines of one file are distinct records (ten processes
 * logging the same error in one second); a second copy of the file folds line
 * for line, and an overlapping file folds only what it shares. */
START_TEST(test_identical_log_lines_kept_copies_folded)
{
    rg_arena *a = rg_arena_new();
    enum { N = 10 };
    rg_event *in[3 * N + 2];
    size_t n = 0;
    const char *line = "Nov 20 14:02:03 web sshd[4242]: error: connection reset";
    for (int copy = 0; copy < 2; copy++)
        for (int i = 0; i < N; i++) {
            rg_event *e = ev(a, 100, RG_KIND_LOG, "log.error", "web", line, n);
            e->origin = copy == 0 ? "a/web.log:7" : "b/web.log:7";
            rg_event_line_identity(e, line, strlen(line));
            in[n++] = e;
        }
    /* a third file holds the line 12 times: 2 more than any other */
    for (int i = 0; i < N + 2; i++) {
        rg_event *e = ev(a, 100, RG_KIND_LOG, "log.error", "web", line, n);
        e->origin = "web.log.1:3";
        rg_event_line_identity(e, line, strlen(line));
        in[n++] = e;
    }
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, a, in, n, &d), 0);
    ck_assert_uint_eq(tl.n_events, N + 2);
    ck_assert_uint_eq(tl.n_duplicates, 2 * N);
    for (size_t i = 0; i < N; i++)
        ck_assert_str_eq(tl.events[i]->origin, "a/web.log:7");
    ck_assert_str_eq(tl.events[N]->origin, "web.log.1:3");
    ck_assert_str_eq(tl.events[N + 1]->origin, "web.log.1:3");
    /* one cluster of twelve, not one line */
    ck_assert_uint_eq(tl.n_entries, 1);
    ck_assert_uint_eq(tl.entries[0]->count, N + 2);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_clusters)
{
    rg_arena *a = rg_arena_new();
    rg_event *in[8];
    size_t n = 8;
    in[0] = ev(a, 100, RG_KIND_LOG, "log.error", "api",
               "connection refused to db-primary:5432 (req 8f3a)", 0);
    in[1] = ev(a, 130, RG_KIND_LOG, "log.error", "api",
               "connection refused to db-primary:5432 (req 1c2d)", 1);
    in[2] = ev(a, 140, RG_KIND_CHAT, "chat.message", "slack", "seeing errors", 2);
    in[3] = ev(a, 160, RG_KIND_LOG, "log.error", "api",
               "connection refused to db-primary:5432 (req 9e9e)", 3);
    in[4] = ev(a, 170, RG_KIND_LOG, "log.error", "api", "timeout talking to payments", 4);
    /* more than five minutes after the previous one: a new run */
    in[5] = ev(a, 600, RG_KIND_LOG, "log.error", "api",
               "connection refused to db-primary:5432 (req 0000)", 5);
    /* same text, another source: its own cluster */
    in[6] = ev(a, 601, RG_KIND_LOG, "log.error", "worker",
               "connection refused to db-primary:5432 (req 0001)", 6);
    /* same text, another level */
    in[7] = ev(a, 602, RG_KIND_LOG, "log.warning", "api",
               "connection refused to db-primary:5432 (req 0002)", 7);
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, a, in, n, &d), 0);
    ck_assert_uint_eq(tl.n_events, 8);
    ck_assert_uint_eq(tl.n_entries, 6);
    ck_assert_uint_eq(tl.entries[0]->count, 3);
    ck_assert_int_eq(tl.entries[0]->at_us, 100000000);
    ck_assert_int_eq(tl.entries[0]->last_us, 160000000);
    ck_assert_str_eq(tl.entries[1]->text, "seeing errors");
    ck_assert_str_eq(tl.entries[2]->text, "timeout talking to payments");
    ck_assert_uint_eq(tl.entries[3]->count, 1);
    ck_assert_int_eq(tl.entries[3]->at_us, 600000000);
    ck_assert_str_eq(tl.entries[4]->source, "worker");
    ck_assert_str_eq(tl.entries[5]->type, "log.warning");
    /* the raw events are untouched by clustering */
    ck_assert_uint_eq(tl.events[0]->count, 1);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_signature)
{
    char buf[64];
    rg_timeline_signature("connection refused to db-primary:5432 (req 8f3a, 12ms)", buf,
                          sizeof(buf));
    ck_assert_str_eq(buf, "connection refused to db-primary:# (req #, #)");
    rg_timeline_signature("user 0xdeadbeef logged in", buf, sizeof(buf));
    ck_assert_str_eq(buf, "user # logged in");
    rg_timeline_signature("abcdefghijklmnopqrstuvwxyz", buf, 8);
    ck_assert_str_eq(buf, "abcdefg");
}
END_TEST

START_TEST(test_empty)
{
    rg_arena *a = rg_arena_new();
    rg_timeline tl;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_timeline_build(&tl, a, NULL, 0, &d), 0);
    ck_assert_uint_eq(tl.n_events, 0);
    ck_assert_uint_eq(tl.n_entries, 0);
    rg_arena_free(a);
}
END_TEST

static Suite *timeline_suite(void)
{
    Suite *s = suite_create("timeline");
    TCase *tc = tcase_create("timeline");
    tcase_add_test(tc, test_order_and_ties);
    tcase_add_test(tc, test_same_record_folded_by_identity);
    tcase_add_test(tc, test_identical_log_lines_kept_copies_folded);
    tcase_add_test(tc, test_clusters);
    tcase_add_test(tc, test_signature);
    tcase_add_test(tc, test_empty);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(timeline_suite)
