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

static Suite *foldedup_suite(void)
{
    Suite *s = suite_create("foldedup");
    TCase *tc = tcase_create("foldedup");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_repeat_after_folded);
    tcase_add_test(tc, test_repeat_after_kept);
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
