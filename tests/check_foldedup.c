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
#include "check_foldedup_util.h"

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

/* Twenty errors of one cluster an hour before the tests' lines, the
 * most of it kept (RG_LOGSUM_KEEP), written into text; returns their length. */
static size_t kept_errors(char *text, size_t cap)
{
    size_t len = 0;
    for (int i = 0; i < 20; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "<11>Nov 20 13:%02d:00 web-1 app[7]: db timeout after 30 s\n", i);
    return len;
}

/* The window of the tests: 13:00-15:00 of 2026-11-20. */
static void window_day(const char *dir)
{
    write_file(dir, "incident.json",
               "{\"window\": {\"from\": \"2026-11-20T13:00:00Z\", \"to\": "
               "\"2026-11-20T15:00:00Z\"}}\n");
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
    window_day(dir);
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
    window_day(dir);
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

/* A kept error line repeated: the event keeps "repeated" (12), and its
 * minute's error count and the error burst count the 12 lines it stands for,
 * as they would had the line been folded: 13 errors in 14:00 (the repeat
 * comes at 14:01:02, but its lines are the 14:00:59 line's), none in 14:01,
 * none of them folded. */
START_TEST(test_repeat_after_kept_error_counts)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "repeat-kept-error");
    window_day(dir);
    write_file(dir, "app.log",
               "<14>Nov 20 14:00:00 web-1 app[7]: request 1 served\n"
               "<11>Nov 20 14:00:59 web-1 app[7]: db timeout after 30 s\n"
               "<14>Nov 20 14:01:02 web-1 last message repeated 12 times\n"
               "<14>Nov 20 14:01:30 web-1 app[7]: request 2 served\n");
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 1);
    ck_assert_str_eq(b.timeline.events[0]->type, "log.error");
    ck_assert_str_eq(rg_event_attr_get(b.timeline.events[0], "repeated"), "12");
    ck_assert_uint_eq(b.logsum.n_folded, 2);
    ck_assert_uint_eq(b.sources[0].n_folded, 2);
    const rg_logsum_minute *e0 = minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_ERROR);
    ck_assert_uint_eq(e0->n, 13);
    ck_assert_uint_eq(e0->n_folded, 0);
    ck_assert_uint_eq(minute_at(&b, "2026-11-20T14:01:00Z", RG_LEVEL_INFO)->n, 1);
    ck_assert_uint_eq(b.logsum.n_minutes, 3); /* 14:00 info and error, 14:01 info */
    ck_assert_uint_eq(b.logsum.n_error_minutes, 1);
    ck_assert_uint_eq(b.logsum.error_minutes[0].n, 12);
    ck_assert_str_eq(when(b.logsum.error_minutes[0].first_us, t), "2026-11-20T14:00:59Z");
    ck_assert_str_eq(b.logsum.error_minutes[0].first_origin, "app.log:2");
    ck_assert(b.milestones.burst.present);
    ck_assert_uint_eq(b.milestones.burst.errors, 13);
    ck_assert_str_eq(when(b.milestones.burst.from_us, t), "2026-11-20T14:00:59Z");
    ck_assert_str_eq(when(b.milestones.burst.to_us, t), "2026-11-20T14:00:59Z");

    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *row = json_array_get(json_object_get(model, "log_volume"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(row, "at")), "2026-11-20T14:00:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(row, "error")), 13);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "info")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "folded")), 1);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* The same lines with the error folded (the 21st of its cluster, past the
 * 20 kept): 13 errors in 14:00 again, 12 of them by the repeat, all folded,
 * and the same burst. */
START_TEST(test_repeat_after_folded_error_counts)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "repeat-folded-error");
    window_day(dir);
    char text[8192];
    size_t len = kept_errors(text, sizeof(text));
    snprintf(text + len, sizeof(text) - len,
             "<14>Nov 20 14:00:00 web-1 app[7]: request 1 served\n"
             "<11>Nov 20 14:00:59 web-1 app[7]: db timeout after 30 s\n"
             "<14>Nov 20 14:01:02 web-1 last message repeated 12 times\n"
             "<14>Nov 20 14:01:30 web-1 app[7]: request 2 served\n");
    write_file(dir, "app.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 20);
    ck_assert_uint_eq(b.logsum.n_folded, 15);
    const rg_logsum_minute *e0 = minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_ERROR);
    ck_assert_uint_eq(e0->n, 13);
    ck_assert_uint_eq(e0->n_folded, 13);
    ck_assert_uint_eq(b.logsum.n_error_minutes, 1);
    ck_assert_uint_eq(b.logsum.error_minutes[0].n, 13);
    ck_assert(b.milestones.burst.present);
    ck_assert_uint_eq(b.milestones.burst.errors, 13);
    ck_assert_str_eq(when(b.milestones.burst.from_us, t), "2026-11-20T14:00:59Z");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A minute whose first error lines are a kept line's repeats and whose
 * later one is folded: the error minute starts at the kept line (14:00:10,
 * app.log:21), not at the folded one (14:00:40), and counts 5 + 1 lines. */
START_TEST(test_repeat_then_folded_same_minute)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "repeat-then-folded");
    window_day(dir);
    char text[8192];
    size_t len = kept_errors(text, sizeof(text));
    snprintf(text + len, sizeof(text) - len,
             "<11>Nov 20 14:00:10 web-1 app[7]: disk full on vol1\n"
             "<14>Nov 20 14:00:11 web-1 last message repeated 5 times\n"
             "<11>Nov 20 14:00:40 web-1 app[7]: db timeout after 30 s\n");
    write_file(dir, "app.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 21);
    const rg_logsum_minute *e0 = minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_ERROR);
    ck_assert_uint_eq(e0->n, 7);
    ck_assert_uint_eq(e0->n_folded, 1);
    ck_assert_uint_eq(e0->n_repeated, 5);
    ck_assert_uint_eq(b.logsum.n_error_minutes, 1);
    ck_assert_uint_eq(b.logsum.error_minutes[0].n, 6);
    ck_assert_str_eq(when(b.logsum.error_minutes[0].first_us, t), "2026-11-20T14:00:10Z");
    ck_assert_str_eq(b.logsum.error_minutes[0].first_origin, "app.log:21");
    ck_assert_str_eq(when(b.logsum.error_minutes[0].last_us, t), "2026-11-20T14:00:40Z");
    ck_assert_str_eq(b.logsum.error_minutes[0].last_origin, "app.log:23");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A repeat after a line that is a copy of another file's (the shared
 * minutes of two collectors' exports) repeats a copy: its 3 lines were
 * counted with the original's repeat and are not added again, to that line
 * or to the line folded before it (queue drained, the other file's last);
 * they are the copy's lines, so they count as duplicates with the line
 * (4; before, 1). */
START_TEST(test_repeat_after_overlap_copy)
{
    char dir[256];
    scratch(dir, sizeof(dir), "repeat-overlap");
    window_day(dir);
    write_file(dir, "a.log",
               "Nov 20 14:00:00 web-1 app[7]: cache warmed\n"
               "Nov 20 14:00:10 web-1 app[7]: request 1 served\n"
               "Nov 20 14:00:11 web-1 last message repeated 3 times\n"
               "Nov 20 14:00:20 web-1 app[7]: queue drained\n");
    write_file(dir, "b.log",
               "Nov 20 14:00:10 web-1 app[7]: request 1 served\n"
               "Nov 20 14:00:11 web-1 last message repeated 3 times\n"
               "Nov 20 14:00:40 web-1 app[7]: job done\n");
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_sources, 2);
    ck_assert_uint_eq(b.logsum.n_copied, 4);
    ck_assert_uint_eq(b.sources[1].n_copied, 4);
    ck_assert_uint_eq(b.timeline.n_duplicates, 4);
    ck_assert_uint_eq(b.logsum.n_folded, 7);
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 4);
    char got[256] = "";
    for (size_t i = 0; i < b.logsum.n_sorted_clusters; i++) {
        const rg_logsum_cluster *c = b.logsum.sorted_clusters[i];
        size_t len = strlen(got);
        snprintf(got + len, sizeof(got) - len, "%s=%llu;", c->text,
                 (unsigned long long)c->n_folded);
    }
    ck_assert_str_eq(got, "cache warmed=1;request 1 served=4;queue drained=1;job done=1;");
    /* a minute per source: a.log's 14:00 holds its 6 lines (request 1
     * served and its 3 repeats among them), b.log's only job done */
    uint64_t per[2] = {0, 0};
    for (size_t i = 0; i < b.logsum.n_minutes; i++)
        per[b.logsum.sorted_minutes[i]->source] += b.logsum.sorted_minutes[i]->n;
    char got_minutes[64];
    snprintf(got_minutes, sizeof(got_minutes), "%s=%llu %s=%llu", b.sources[0].rel,
             (unsigned long long)per[0], b.sources[1].rel, (unsigned long long)per[1]);
    ck_assert_str_eq(got_minutes, "a.log=6 b.log=1");
    ck_assert_uint_eq(b.logsum.n_minutes, 2);
    ck_assert_uint_eq(b.sources[0].n_folded + b.sources[1].n_folded, 7);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A whole-file copy's repeats are its lines too: web-2.log (read after
 * web-1.log) holds its 2 lines and their repeats (4 after the folded
 * request, 2 after the kept error), 8 duplicates in stats and in its
 * sources[].events (before, 2). The original's figures are as without the
 * copy: 5 folded (the request and its 4 repeats), the error kept with
 * "repeated" 2, and 8 lines in its minute. */
START_TEST(test_repeat_in_whole_file_copy)
{
    char dir[256];
    scratch(dir, sizeof(dir), "repeat-copy");
    window_day(dir);
    static const char text[] = "<14>Nov 20 14:00:00 web-1 app[7]: request 1 served\n"
                               "<14>Nov 20 14:00:01 web-1 last message repeated 4 times\n"
                               "<11>Nov 20 14:00:30 web-1 app[7]: disk full\n"
                               "<14>Nov 20 14:00:31 web-1 last message repeated 2 times\n";
    write_file(dir, "web-1.log", text);
    write_file(dir, "web-2.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_sources, 2);
    const rg_found_source *orig = &b.sources[0], *copy = &b.sources[1];
    if (orig->n_copied)
        orig = &b.sources[1], copy = &b.sources[0];
    ck_assert_str_eq(orig->rel, "web-1.log");
    ck_assert_uint_eq(copy->n_copied, 8);
    ck_assert_uint_eq(copy->n_folded + copy->n_events, 0);
    ck_assert_uint_eq(orig->n_copied, 0);
    ck_assert_uint_eq(orig->n_folded, 5);
    ck_assert_uint_eq(orig->n_events, 1);
    ck_assert_uint_eq(b.logsum.n_copied, 8);
    ck_assert_uint_eq(b.timeline.n_duplicates, 8);
    ck_assert_uint_eq(b.timeline.n_events, 1);
    ck_assert_str_eq(rg_event_attr_get(b.timeline.events[0], "repeated"), "2");
    ck_assert_uint_eq(b.logsum.n_minutes, 2);
    ck_assert_uint_eq(minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_INFO)->n, 5);
    ck_assert_uint_eq(minute_at(&b, "2026-11-20T14:00:00Z", RG_LEVEL_ERROR)->n, 3);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *st = json_object_get(model, "stats");
    ck_assert_int_eq(json_integer_value(json_object_get(st, "duplicates")), 8);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "folded")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "events")), 6);
    json_t *srcs = json_object_get(model, "sources");
    ck_assert_uint_eq(json_array_size(srcs), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *so = json_array_get(srcs, i);
        int is_copy = strcmp(json_string_value(json_object_get(so, "path")), "web-2.log") == 0;
        ck_assert_int_eq(json_integer_value(json_object_get(so, "events")), is_copy ? 8 : 6);
    }
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

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

/* README, "Evidence of any size": lines of minute m of the overlap tests,
 * from web-1: two identical info lines (distinct records of one file), one
 * other info line, one error. */
static size_t minute_lines(char *out, size_t cap, int m)
{
    return (size_t)snprintf(out, cap,
                            "<14>1 2026-11-20T14:%02d:00Z web-1 app 1 - - request served in 12ms\n"
                            "<14>1 2026-11-20T14:%02d:00Z web-1 app 1 - - request served in 12ms\n"
                            "<14>1 2026-11-20T14:%02d:10Z web-1 app 1 - - request served in 7ms\n"
                            "<11>1 2026-11-20T14:%02d:30Z web-1 app 1 - - disk full\n",
                            m, m, m, m);
}

/* Minutes from..to (to included) of the overlap tests, written as name, in
 * time order or (reversed) from the last minute to the first. */
static void write_minutes(const char *dir, const char *name, int from, int to, int reversed)
{
    char text[16384];
    size_t o = 0;
    for (int i = from; i <= to; i++)
        o += minute_lines(text + o, sizeof(text) - o, reversed ? to - (i - from) : i);
    write_file(dir, name, text);
}

/* The union of minutes 0..59 in one file, in the order the pieces give
 * them (minutes 0..39 last first when `reversed`, as app.log.1 of the
 * unsorted test, then 40..59): the yardstick of the overlaps. */
static void union_summary(char *out, size_t cap, int reversed)
{
    char dir[256];
    scratch(dir, sizeof(dir), "union");
    window_day(dir);
    static char text[32768];
    size_t o = 0;
    for (int i = 0; i < 60; i++)
        o += minute_lines(text + o, sizeof(text) - o, reversed && i < 40 ? 39 - i : i);
    write_file(dir, "app.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.logsum.n_folded, 220);  /* 180 info, 60 errors of which 20 kept */
    ck_assert_uint_eq(b.timeline.n_events, 20); /* kept: the first 20 errors */
    ck_assert_uint_eq(b.timeline.n_duplicates, 0);
    ck_assert_uint_eq(b.logsum.n_hashed, 0);
    summary(&b, out, cap);
    rg_build_free(&b);
    rg_diag_free(&d);
}

/* The overlap folder dir (app.log.1 and app.log, in some form) gives the
 * union's summary; `dups` of its in-window records are duplicates and
 * `hashed` lines were hashed. */
static void check_like_union(const char *dir, uint64_t dups, uint64_t hashed, int reversed)
{
    static char want[65536], got[65536];
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_sources, 1);
    ck_assert_uint_eq(b.logsum.n_copied, dups);
    ck_assert_uint_eq(b.sources[0].n_copied, dups);
    ck_assert_uint_eq(b.timeline.n_duplicates, dups);
    ck_assert_uint_eq(b.logsum.n_hashed, hashed);
    ck_assert_uint_eq(b.logsum.n_folded, 220);
    ck_assert_uint_eq(b.sources[0].n_folded, 220);
    ck_assert_uint_eq(b.timeline.n_events, 20); /* kept: the first 20 errors */
    summary(&b, got, sizeof(got));
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *st = json_object_get(model, "stats");
    ck_assert_int_eq(json_integer_value(json_object_get(st, "duplicates")), (json_int_t)dups);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    union_summary(want, sizeof(want), reversed);
    ck_assert_str_eq(got, want);
}

/* A rotated log whose pieces share ten minutes (app.log.1 14:00-14:39,
 * app.log 14:30-14:59): the 40 lines of the shared minutes in app.log are
 * duplicates, and clusters, log_volume, the entries and the folded counts
 * are those of one file holding the hour; each shared minute keeps its two
 * identical lines (the most one file holds), not one and not four. Only the
 * lines of the shared minutes are hashed: 40 in each piece. */
START_TEST(test_partial_overlap_like_union)
{
    char dir[256];
    scratch(dir, sizeof(dir), "overlap");
    window_day(dir);
    write_minutes(dir, "app.log.1", 0, 39, 0);
    write_minutes(dir, "app.log", 30, 59, 0);
    check_like_union(dir, 40, 80, 0);
}
END_TEST

/* The same with app.log.1 written last minute first (an unsorted file): its
 * range is measured over all its lines, so the result is that of one file
 * holding the pieces' lines in the order read. */
START_TEST(test_partial_overlap_unsorted)
{
    char dir[256];
    scratch(dir, sizeof(dir), "unsorted");
    window_day(dir);
    write_minutes(dir, "app.log.1", 0, 39, 1);
    write_minutes(dir, "app.log", 30, 59, 0);
    check_like_union(dir, 40, 80, 1);
}
END_TEST

/* Pieces that meet without sharing a minute (14:00-14:29, 14:30-14:59):
 * nothing is hashed, nothing is a duplicate. */
START_TEST(test_no_overlap_hashes_nothing)
{
    char dir[256];
    scratch(dir, sizeof(dir), "apart");
    window_day(dir);
    write_minutes(dir, "app.log.1", 0, 29, 0);
    write_minutes(dir, "app.log", 30, 59, 0);
    check_like_union(dir, 0, 0, 0);
}
END_TEST

/* A gzip piece overlapping its plain neighbour (app.log.1.gz 14:00-14:39,
 * app.log 14:30-14:59): the same as the plain pieces. */
START_TEST(test_gzip_overlap)
{
    char dir[256];
    scratch(dir, sizeof(dir), "gzip");
    window_day(dir);
    write_minutes(dir, "app.log.1", 0, 39, 0);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "gzip -n '%s/app.log.1'", dir);
    ck_assert_int_eq(system(cmd), 0);
    write_minutes(dir, "app.log", 30, 59, 0);
    check_like_union(dir, 40, 80, 0);
}
END_TEST

/* Lines of one every 25 ms over minutes from..to of 14:00 (rsyslog's
 * high-precision stamps, each line its own id), as dir/name; with
 * `disorder`, the first page holds a line 30 s out of order. */
static void write_bulk(const char *dir, const char *name, int from, int to, int disorder)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    for (int i = from * 2400; i < (to + 1) * 2400; i++) {
        int ms = i * 25;
        fprintf(f, "2026-11-20T14:%02d:%02d.%03d000+00:00 web-1 app[7]: request %d served\n",
                ms / 60000, ms / 1000 % 60, ms % 1000, i);
        if (disorder && i == from * 2400 + 10)
            fprintf(f, "2026-11-20T14:%02d:30.000000+00:00 web-1 app[7]: request late served\n",
                    from);
    }
    fclose(f);
}

/* Without a window, the pieces of a rotated log are sorted files over
 * 2 MiB: their spans come from probing their pages, not from a first read
 * of every line (README, "Evidence of any size"), widened by the seek's
 * 10 s tolerance. The shared ten minutes (24,000 lines) are duplicates, as
 * when every line was read for the span; the widening hashes the 400 lines
 * of the ten seconds on each side as well (48,800 where the exact spans
 * hashed 48,000). */
START_TEST(test_span_probed_without_window)
{
    char dir[256];
    scratch(dir, sizeof(dir), "span");
    write_bulk(dir, "app.log.1", 0, 39, 0);
    write_bulk(dir, "app.log", 30, 59, 0);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.sources[0].n_copied, 24000);
    ck_assert_uint_eq(b.logsum.n_folded, 144000);
    ck_assert_uint_eq(b.logsum.n_hashed, 48800);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A piece whose probed first page is out of order by more than the
 * tolerance is read in full for its span, which is then exact (the late
 * line lies outside the shared minutes); the other piece is still probed:
 * 24,400 lines hashed in the first, 24,000 in the second. */
START_TEST(test_span_read_when_unsorted)
{
    char dir[256];
    scratch(dir, sizeof(dir), "spanread");
    write_bulk(dir, "app.log.1", 0, 39, 1);
    write_bulk(dir, "app.log", 30, 59, 0);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.sources[0].n_copied, 24000);
    ck_assert_uint_eq(b.logsum.n_folded, 144001);
    ck_assert_uint_eq(b.logsum.n_hashed, 48400);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* The rule itself (README, "Timeline"): a line held twice by file 1 and
 * three times by file 2 is let through three times in all, a line file 3
 * holds fewer times than they did not at all; identical lines of one file
 * are distinct records. */
START_TEST(test_overlap_multiplicity)
{
    rg_arena *a = rg_arena_new();
    ck_assert_ptr_nonnull(a);
    rg_logsum sum;
    rg_logsum_init(&sum, a);
    const char *l = "<14>1 2026-11-20T14:30:00Z web-1 app 1 - - request served in 12ms";
    const char *m = "<14>1 2026-11-20T14:30:10Z web-1 app 1 - - request served in 7ms";
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 1), 0);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 1), 0);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, m, strlen(m), 1), 0);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 2), 1);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, m, strlen(m), 2), 1);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 2), 1);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 2), 0);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, m, strlen(m), 2), 0);
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, m, strlen(m), 3), 1); /* file 3 holds it once */
    ck_assert_int_eq(rg_logsum_overlap_dup(&sum, l, strlen(l), 3), 1);
    ck_assert_uint_eq(sum.n_hashed, 10);
    ck_assert_uint_eq(sum.n_seen, 2); /* l and m */
    /* many lines: the table grows and keeps every count */
    char buf[64];
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 1000; i++) {
            int n = snprintf(buf, sizeof(buf), "line %d", i);
            ck_assert_int_eq(rg_logsum_overlap_dup(&sum, buf, (size_t)n, (uint32_t)(4 + pass)),
                             pass);
        }
    ck_assert_uint_eq(sum.n_seen, 2 + 1000);
    ck_assert_uint_eq(sum.cap_seen, 2048); /* under half full */
    rg_logsum_free(&sum);
    rg_arena_free(a);
}
END_TEST

static Suite *foldedup_suite(void)
{
    Suite *s = suite_create("foldedup");
    TCase *tc = tcase_create("foldedup");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_repeat_after_folded);
    tcase_add_test(tc, test_repeat_after_kept);
    tcase_add_test(tc, test_repeat_after_kept_error_counts);
    tcase_add_test(tc, test_repeat_after_folded_error_counts);
    tcase_add_test(tc, test_repeat_then_folded_same_minute);
    tcase_add_test(tc, test_repeat_after_overlap_copy);
    tcase_add_test(tc, test_folded_runs_split_at_gap);
    tcase_add_test(tc, test_folded_after_gap_not_in_kept_row);
    tcase_add_test(tc, test_folded_line_bridges_kept_rows);
    tcase_add_test(tc, test_whole_file_copy);
    tcase_add_test(tc, test_repeat_in_whole_file_copy);
    tcase_add_test(tc, test_partial_overlap_like_union);
    tcase_add_test(tc, test_partial_overlap_unsorted);
    tcase_add_test(tc, test_no_overlap_hashes_nothing);
    tcase_add_test(tc, test_gzip_overlap);
    tcase_add_test(tc, test_overlap_multiplicity);
    tcase_add_test(tc, test_span_probed_without_window);
    tcase_add_test(tc, test_span_read_when_unsorted);
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
