/* check_foldedup.c -- the edges of folded log lines (README, "Evidence of any
 * size"): syslog's "last message repeated N times" after a folded line counts
 * N more lines of it, and folded lines keep the timeline's five-minute runs. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../reviewgen/build.h"
#include "../reviewgen/logsum.h"

static void scratch(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "build/test-scratch/foldedup-%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void build(rg_build *b, rg_diag *d, const char *dir)
{
    rg_build_opts o = {0};
    o.dir = dir;
    rg_diag_init(d);
    ck_assert_msg(rg_build_run(b, &o, d) == 0, "%s", d->error);
}

static const char *when(int64_t at_us, char *buf)
{
    return rg_time_format(at_us, buf);
}

static const rg_logsum_minute *minute_at(const rg_build *b, const char *at, int level)
{
    char t[32];
    for (size_t i = 0; i < b->logsum.n_minutes; i++) {
        const rg_logsum_minute *m = b->logsum.sorted_minutes[i];
        if (m->level == level && strcmp(when(m->minute * 60000000, t), at) == 0)
            return m;
    }
    ck_abort_msg("no minute %s", at);
    return NULL;
}

/* Two folded lines, each repeated: syslogd's "last message repeated 4
 * times" (no tag) and rsyslog's "message repeated 2 times: [...]" (the
 * program's tag). Each adds its N to the cluster and to the minute of the
 * line it repeats, not of its own line. */
START_TEST(test_repeat_after_folded)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "repeat");
    write_file(dir, "incident.json",
               "{\"window\": {\"from\": \"2026-11-20T13:00:00Z\", \"to\": "
               "\"2026-11-20T15:00:00Z\"}}\n");
    write_file(dir, "app.log",
               "Nov 20 14:00:59 web-1 app[7]: request 1 served\n"
               "Nov 20 14:01:01 web-1 last message repeated 4 times\n"
               "Nov 20 14:01:30 web-1 app[7]: request 2 served\n"
               "Nov 20 14:01:40 web-1 app[7]: message repeated 2 times: [ request 2 served]\n"
               "Nov 20 14:02:00 web-1 app[7]: request 3 served\n");
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 0);
    ck_assert_uint_eq(b.logsum.n_folded, 9);
    ck_assert_uint_eq(b.sources[0].n_folded, 9);
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 1);
    const rg_logsum_cluster *c = b.logsum.sorted_clusters[0];
    ck_assert_uint_eq(c->n_folded, 9);
    ck_assert_str_eq(c->text, "request 1 served");
    ck_assert_str_eq(when(c->first_us, t), "2026-11-20T14:00:59Z");
    ck_assert_str_eq(when(c->last_us, t), "2026-11-20T14:02:00Z");
    ck_assert_uint_eq(b.logsum.n_minutes, 3);
    const rg_logsum_minute *m0 = minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_INFO);
    ck_assert_uint_eq(m0->n, 5);
    ck_assert_uint_eq(m0->n_folded, 5);
    const rg_logsum_minute *m1 = minute_at(&b, "2026-11-20T14:01:00Z", RG_LEVEL_INFO);
    ck_assert_uint_eq(m1->n, 3);
    ck_assert_uint_eq(m1->n_folded, 3);
    const rg_logsum_minute *m2 = minute_at(&b, "2026-11-20T14:02:00Z", RG_LEVEL_INFO);
    ck_assert_uint_eq(m2->n, 1);
    ck_assert_uint_eq(m2->n_folded, 1);
    ck_assert_uint_eq(b.timeline.n_entries, 1);
    ck_assert_uint_eq(b.timeline.entries[0]->count, 9);

    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *row = json_array_get(json_object_get(model, "log_volume"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(row, "at")), "2026-11-20T14:00:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(row, "info")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "folded")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(model, "stats"), "folded")),
                     9);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A repeat after a kept line stays the event's "repeated" attribute and
 * adds nothing to the folded counts. */
START_TEST(test_repeat_after_kept)
{
    char dir[256];
    scratch(dir, sizeof(dir), "repeat-kept");
    write_file(dir, "incident.json",
               "{\"window\": {\"from\": \"2026-11-20T13:00:00Z\", \"to\": "
               "\"2026-11-20T15:00:00Z\"}}\n");
    write_file(dir, "app.log",
               "Nov 20 14:00:00 web-1 app[7]: request 1 served\n"
               "Nov 20 14:00:01 web-1 app[7]: deploy of build 42 started\n"
               "Nov 20 14:00:02 web-1 last message repeated 3 times\n");
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 1);
    ck_assert_str_eq(rg_event_attr_get(b.timeline.events[0], "repeated"), "3");
    ck_assert_uint_eq(b.logsum.n_folded, 1);
    ck_assert_uint_eq(b.sources[0].n_folded, 1);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static void window_day(const char *dir)
{
    write_file(dir, "incident.json",
               "{\"window\": {\"from\": \"2026-11-20T13:00:00Z\", \"to\": "
               "\"2026-11-20T15:00:00Z\"}}\n");
}

/* The entries of type `type`, as "HH:MM:SS count HH:MM:SS origin" lines. */
static void rows(const rg_build *b, const char *type, char *out, size_t cap)
{
    char t[32], l[32];
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < b->timeline.n_entries; i++) {
        const rg_event *e = b->timeline.entries[i];
        if (strcmp(e->type, type) != 0)
            continue;
        when(e->at_us, t);
        when(e->last_us ? e->last_us : e->at_us, l);
        o += (size_t)snprintf(out + o, cap - o, "%.8s %llu %.8s %s\n", t + 11,
                              (unsigned long long)(e->count ? e->count : 1), l + 11, e->origin);
        ck_assert_uint_lt(o, cap);
    }
}

/* Folded lines alone: a gap of more than five minutes starts a new entry
 * (README, "Timeline"), with its own first line's text and origin. */
START_TEST(test_folded_runs_split_at_gap)
{
    char dir[256], got[1024];
    scratch(dir, sizeof(dir), "runs");
    window_day(dir);
    write_file(dir, "app.log",
               "<14>1 2026-11-20T14:00:00Z web-1 app 1 - - request 1 served\n"
               "<14>1 2026-11-20T14:05:00Z web-1 app 1 - - request 2 served\n"
               "<14>1 2026-11-20T14:10:01Z web-1 app 1 - - request 3 served\n"
               "<14>1 2026-11-20T14:11:00Z web-1 app 1 - - request 4 served\n"
               "<14>1 2026-11-20T14:30:00Z web-1 app 1 - - request 5 served\n"
               "<14>1 2026-11-20T14:20:00Z web-1 app 1 - - request 6 served\n"
               "<14>1 2026-11-20T14:25:00Z web-1 app 1 - - request 7 served\n");
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.logsum.n_folded, 7);
    rows(&b, "log.info", got, sizeof(got));
    /* 14:30 opened a run; 14:20 one of its own; 14:25 joins both */
    ck_assert_str_eq(got, "14:00:00 2 14:05:00 app.log:1\n"
                          "14:10:01 2 14:11:00 app.log:3\n"
                          "14:20:00 3 14:30:00 app.log:6\n");
    ck_assert_str_eq(b.timeline.entries[1]->text, "request 3 served");
    const rg_logsum_cluster *c = b.logsum.sorted_clusters[0];
    ck_assert_uint_eq(c->n_runs, 3);
    ck_assert_uint_eq(c->n_folded, 7);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* An error cluster: 20 lines kept, 5 folded within five minutes of the last
 * kept (its row counts them), then 3 folded after a gap: a row of their own,
 * not the first row "until" the last line. */
START_TEST(test_folded_after_gap_not_in_kept_row)
{
    char dir[256], got[1024];
    scratch(dir, sizeof(dir), "gap");
    window_day(dir);
    char text[8192];
    size_t o = 0;
    for (int i = 0; i < 20; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<11>1 2026-11-20T14:00:%02dZ db-1 app 1 - - db call %d failed\n", i,
                              i);
    for (int i = 0; i < 5; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<11>1 2026-11-20T14:02:%02dZ db-1 app 1 - - db call %d failed\n", i,
                              100 + i);
    for (int i = 0; i < 3; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<11>1 2026-11-20T14:20:%02dZ db-1 app 1 - - db call %d failed\n", i,
                              200 + i);
    write_file(dir, "app.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 20);
    ck_assert_uint_eq(b.logsum.n_folded, 8);
    rows(&b, "log.error", got, sizeof(got));
    ck_assert_str_eq(got, "14:00:00 25 14:02:04 app.log:1\n"
                          "14:20:00 3 14:20:02 app.log:26\n");
    ck_assert_str_eq(b.timeline.entries[1]->text, "db call 200 failed");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* Two kept runs ten minutes apart, and a folded line (out of order in the
 * file) between them: one run of the rule, one row with all 21 lines. */
START_TEST(test_folded_line_bridges_kept_rows)
{
    char dir[256], got[1024];
    scratch(dir, sizeof(dir), "bridge");
    window_day(dir);
    char text[8192];
    size_t o = 0;
    for (int i = 0; i < 20; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<11>1 2026-11-20T14:%02d:%02dZ db-1 app 1 - - db call %d failed\n",
                              i < 10 ? 0 : 10, i % 10, i);
    o += (size_t)snprintf(text + o, sizeof(text) - o,
                          "<11>1 2026-11-20T14:05:00Z db-1 app 1 - - db call 99 failed\n");
    write_file(dir, "app.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 20);
    ck_assert_uint_eq(b.logsum.n_folded, 1);
    rows(&b, "log.error", got, sizeof(got));
    ck_assert_str_eq(got, "14:00:00 21 14:10:09 app.log:1\n");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* One log in the folder twice (web.log and web-again.log, the same bytes):
 * the copy's 33 in-window lines are duplicates, folded and kept nowhere, so
 * clusters, minute counts and the folded count are those of one file; a file
 * of the same size from another host (web-2) is read as itself. */
START_TEST(test_whole_file_copy)
{
    char dir[256];
    scratch(dir, sizeof(dir), "copy");
    window_day(dir);
    char text[8192];
    size_t o = 0;
    o += (size_t)snprintf(text + o, sizeof(text) - o,
                          "<14>1 2026-11-20T12:59:59Z web-1 app 1 - - request 0 served\n");
    for (int i = 0; i < 30; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<14>1 2026-11-20T14:%02d:00Z web-1 app 1 - - request %d served\n", i,
                              10 + i);
    for (int i = 0; i < 3; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "<11>1 2026-11-20T14:%02d:30Z web-1 app 1 - - disk %d full\n", i, i);
    write_file(dir, "web.log", text);
    write_file(dir, "web-again.log", text);
    for (char *p = strstr(text, "web-1"); p; p = strstr(p, "web-1"))
        p[4] = '2'; /* web-2: the same size, other lines */
    write_file(dir, "web-other.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_sources, 3);
    uint64_t copied = 0, folded = 0;
    for (size_t i = 0; i < b.n_sources; i++) {
        copied += b.sources[i].n_copied;
        folded += b.sources[i].n_folded;
        ck_assert_uint_eq(b.sources[i].n_outside, 1);
        ck_assert_uint_eq(b.sources[i].n_events, b.sources[i].n_copied ? 0 : 3);
    }
    ck_assert_uint_eq(copied, 33);
    ck_assert_uint_eq(folded, 60);
    ck_assert_uint_eq(b.logsum.n_copied, 33);
    ck_assert_uint_eq(b.logsum.n_folded, 60);
    ck_assert_uint_eq(b.timeline.n_events, 6);
    ck_assert_uint_eq(b.timeline.n_duplicates, 33);
    /* the two sources read: one info cluster each, 30 lines, one a minute */
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 2);
    ck_assert_uint_eq(b.logsum.sorted_clusters[0]->n_folded, 30);
    ck_assert_uint_eq(b.logsum.sorted_clusters[1]->n_folded, 30);
    for (size_t i = 0; i < b.logsum.n_minutes; i++)
        ck_assert_uint_eq(b.logsum.sorted_minutes[i]->n, 1);
    ck_assert_uint_eq(b.logsum.n_minutes, 66);

    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *st = json_object_get(model, "stats");
    ck_assert_int_eq(json_integer_value(json_object_get(st, "events")), 66);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "folded")), 60);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "duplicates")), 33);
    json_t *srcs = json_object_get(model, "sources");
    for (size_t i = 0; i < json_array_size(srcs); i++) {
        json_t *so = json_array_get(srcs, i);
        ck_assert_int_eq(json_integer_value(json_object_get(so, "events")), 33);
    }
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *foldedup_suite(void)
{
    Suite *s = suite_create("foldedup");
    TCase *tc = tcase_create("foldedup");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_repeat_after_folded);
    tcase_add_test(tc, test_repeat_after_kept);
    tcase_add_test(tc, test_folded_runs_split_at_gap);
    tcase_add_test(tc, test_folded_after_gap_not_in_kept_row);
    tcase_add_test(tc, test_folded_line_bridges_kept_rows);
    tcase_add_test(tc, test_whole_file_copy);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(foldedup_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
