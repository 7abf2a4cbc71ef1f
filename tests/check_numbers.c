/* check_numbers.c -- numbers a reader can trust (README, "Milestones out of
 * order", "Impact periods", "The incident window"): milestones out of order
 * give a finding and unknown durations, never negative ones; a window longer
 * than the policy is a warning and a finding; a source whose events all fall
 * outside the window says why; nothing recognised is an error, not an empty
 * review; dates carry the year when the timeline crosses one. */
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "build.h"
#include "check_util.h"

/* A scratch incident folder per test, under build/ so it is cleaned with it. */
static void scratch(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "build/test-scratch/numbers-%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* One Alertmanager payload with one alert. */
static void alert(const char *dir, const char *name, const char *fp, const char *starts,
                  const char *ends)
{
    char text[1024];
    snprintf(text, sizeof(text),
             "{\"version\": \"4\", \"status\": \"%s\", \"receiver\": \"pd\", \"alerts\": "
             "[{\"status\": \"%s\", \"labels\": {\"alertname\": \"CheckoutErrors\", "
             "\"instance\": \"%s\"}, \"annotations\": {\"summary\": \"5xx above 5%%\"}, "
             "\"startsAt\": \"%s\", \"endsAt\": \"%s\", \"fingerprint\": \"%s\"}]}\n",
             ends ? "resolved" : "firing", ends ? "resolved" : "firing", fp, starts,
             ends ? ends : "0001-01-01T00:00:00Z", fp);
    put(dir, name, text);
}

static int run(rg_build *b, rg_diag *d, const char *dir)
{
    rg_diag_init(d);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    return rg_build_run(b, &o, d);
}

static const rg_finding *finding(const rg_build *b, const char *code)
{
    for (size_t i = 0; i < b->metrics.n_findings; i++)
        if (strcmp(b->metrics.findings[i].code, code) == 0)
            return &b->metrics.findings[i];
    return NULL;
}

static const rg_warning *warning(const rg_diag *d, const char *key)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (strcmp(d->warnings[i].key, key) == 0)
            return &d->warnings[i];
    return NULL;
}

/* The mismatched exports of the issue: a pager export from another incident
 * acknowledges 19 min 43 s before the alert that detected this one. */
START_TEST(acknowledged_before_detected)
{
    char dir[256];
    scratch(dir, sizeof(dir), "order");
    alert(dir, "alerts.json", "aa11", "2026-11-20T14:20:00Z", "2026-11-20T14:50:00Z");
    put(dir, "pagerduty.json",
        "{\"log_entries\": [\n"
        "{\"id\": \"Q2\", \"type\": \"acknowledge_log_entry\", \"summary\": \"Acknowledged\",\n"
        " \"created_at\": \"2026-11-20T14:00:17Z\",\n"
        " \"agent\": {\"type\": \"user_reference\", \"summary\": \"Omar Haddad\"}},\n"
        "{\"id\": \"Q1\", \"type\": \"trigger_log_entry\", \"summary\": \"Triggered\",\n"
        " \"created_at\": \"2026-11-20T13:59:50Z\",\n"
        " \"agent\": {\"type\": \"service_reference\", \"summary\": \"old-service\"}}\n"
        "]}\n");
    /* the manifest puts detection at the alert, as the lead knows it was */
    put(dir, "incident.json", "{\"milestones\": {\"detected\": \"2026-11-20T14:20:00Z\"}}\n");
    rg_build b;
    rg_diag d;
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    ck_assert_int_eq(b.milestones.m[RG_MS_ACKNOWLEDGED].present, 1);
    ck_assert_int_eq(b.metrics.has[RG_DUR_TIME_TO_ACKNOWLEDGE], 0);
    ck_assert_str_eq(b.metrics.why_unknown[RG_DUR_TIME_TO_ACKNOWLEDGE],
                     "acknowledged is before detected");
    /* mobilized is the second human after detection: none; the rest are fine */
    ck_assert_ptr_null(b.metrics.why_unknown[RG_DUR_TIME_TO_MITIGATE]);
    ck_assert_int_eq(b.metrics.has[RG_DUR_TIME_TO_MITIGATE], 1);
    const rg_finding *f = finding(&b, "milestones-out-of-order");
    ck_assert_ptr_nonnull(f);
    ck_assert_str_eq(f->text,
                     "\"acknowledged\" (2026-11-20T14:00:17Z, pagerduty.json:2) is 19 min 43 s "
                     "before \"detected\" (2026-11-20T14:20:00Z, incident.json): one of them is "
                     "wrong, or the evidence comes from different incidents; the durations between "
                     "them are unknown. Check both, or set them with \"milestones\" in "
                     "incident.json.");
    ck_assert_str_eq(f->origin, "pagerduty.json:2");
    /* the model says it too: null, and why, never a negative number */
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    ck_assert(
        json_is_null(json_object_get(json_object_get(model, "durations"), "time_to_acknowledge")));
    const json_t *item = json_array_get(json_object_get(model, "metrics"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(item, "key")), "time_to_acknowledge");
    ck_assert_str_eq(json_string_value(json_object_get(item, "why_unknown")),
                     "acknowledged is before detected");
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* communicated may come before detected by up to the update policy (support
 * told customers from a report before the pager fired): no finding, but the
 * duration is still unknown rather than negative. */
START_TEST(communicated_slightly_before_detected)
{
    char dir[256];
    scratch(dir, sizeof(dir), "comm");
    alert(dir, "alerts.json", "bb22", "2026-11-20T14:20:00Z", "2026-11-20T14:50:00Z");
    put(dir, "incident.json", "{\"milestones\": {\"communicated\": \"2026-11-20T14:10:00Z\"}}\n");
    rg_build b;
    rg_diag d;
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    ck_assert_int_eq(b.metrics.has[RG_DUR_TIME_TO_COMMUNICATE], 0);
    ck_assert_str_eq(b.metrics.why_unknown[RG_DUR_TIME_TO_COMMUNICATE],
                     "communicated is before detected");
    ck_assert_ptr_null(finding(&b, "milestones-out-of-order"));
    rg_build_free(&b);
    rg_diag_free(&d);

    /* 40 minutes before: over the 30-minute policy, a finding */
    put(dir, "incident.json", "{\"milestones\": {\"communicated\": \"2026-11-20T13:40:00Z\"}}\n");
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    const rg_finding *f = finding(&b, "milestones-out-of-order");
    ck_assert_ptr_nonnull(f);
    const char *want = "\"communicated\" (2026-11-20T13:40:00Z, incident.json) is 40 min before "
                       "\"detected\" (2026-11-20T14:20:00Z, alerts.json:1)";
    ck_assert_msg(strncmp(f->text, want, strlen(want)) == 0, "%s", f->text);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* Exports of two incidents four years apart: a warning and a finding, and the
 * review's clocks carry the year once the timeline crosses one. */
START_TEST(long_window_warned_and_years_shown)
{
    char dir[256];
    scratch(dir, sizeof(dir), "window");
    alert(dir, "a-2022.json", "cc33", "2022-12-31T23:50:00Z", "2023-01-01T00:20:00Z");
    alert(dir, "b-2026.json", "dd44", "2026-11-20T14:20:00Z", "2026-11-20T14:50:00Z");
    rg_build b;
    rg_diag d;
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    const rg_warning *w = warning(&d, "window-too-long");
    ck_assert_ptr_nonnull(w);
    const char *want =
        "The incident window runs 1419 d 17 h, from 2022-12-31T22:50:00Z to "
        "2026-11-20T15:50:00Z, longer than the 7 d an incident is expected to take "
        "(\"max_window\" in the manifest's policy): the sources may come from different "
        "incidents. Check each source's first and last event, or set \"window\" in "
        "incident.json.";
    ck_assert_str_eq(finding(&b, "window-too-long")->text, want);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    const json_t *ke = json_object_get(model, "key_events");
    ck_assert_uint_ge(json_array_size(ke), 4);
    /* first day: time only; the next day, a new year: the whole date */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ke, 0), "clock")),
                     "23:50:00");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ke, 1), "clock")),
                     "2023-01-01 00:20:00");
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);

    /* the policy can allow it */
    put(dir, "incident.json", "{\"policy\": {\"max_window\": \"2000d\"}}\n");
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    ck_assert_ptr_null(warning(&d, "window-too-long"));
    ck_assert_ptr_null(finding(&b, "window-too-long"));
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A syslog written in local time (UTC+7) with no manifest: read as UTC it
 * falls seven hours after the alerts, and the warning says why. */
START_TEST(zone_less_source_outside_the_window)
{
    char dir[256];
    scratch(dir, sizeof(dir), "zone");
    alert(dir, "alerts.json", "ee55", "2026-11-20T14:02:00Z", "2026-11-20T14:40:00Z");
    put(dir, "db-primary.syslog",
        "Nov 20 21:02:03 db-primary postgres[811]: FATAL: the database system is shutting down\n"
        "Nov 20 21:02:04 db-primary postgres[811]: LOG: database system is shut down\n"
        "Nov 20 21:03:10 db-primary patroni[77]: promoted replica db-replica-1\n");
    rg_build b;
    rg_diag d;
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    const rg_warning *w = warning(&d, "all-outside");
    ck_assert_ptr_nonnull(w);
    char want[1024];
    snprintf(want, sizeof(want),
             "%s/db-primary.syslog: all 3 events are outside the window "
             "(2026-11-20T13:02:00Z to 2026-11-20T15:40:00Z UTC), the first at "
             "2026-11-20T21:02:03Z UTC; its times carry no zone and UTC was assumed: set "
             "\"timezone\" in incident.json (or in its source entry)",
             dir);
    ck_assert_str_eq(w->first, want);
    rg_build_free(&b);
    rg_diag_free(&d);

    /* with the zone the lead knows, the lines are in */
    put(dir, "incident.json", "{\"timezone\": \"Asia/Ho_Chi_Minh\"}\n");
    ck_assert_msg(run(&b, &d, dir) == 0, "%s", d.error);
    ck_assert_ptr_null(warning(&d, "all-outside"));
    ck_assert_uint_eq(b.sources[1].n_events, 3);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A folder in which nothing is recognised is an error (exit 1 from the CLI),
 * with a warning per file saying how near any importer came. */
START_TEST(nothing_recognised_is_an_error)
{
    char dir[256];
    scratch(dir, sizeof(dir), "nothing");
    put(dir, "notes.txt", "remember to buy milk\n");
    rg_build b;
    rg_diag d;
    ck_assert_int_eq(run(&b, &d, dir), -1);
    char want[1024];
    snprintf(want, sizeof(want),
             "%s: no evidence recognised: no file in the folder is read by an importer (the "
             "warnings below say why for each; `reviewgen formats` lists what is read)",
             dir);
    ck_assert_str_eq(d.error, want);
    const rg_warning *w = warning(&d, "unrecognised");
    ck_assert_ptr_nonnull(w);
    snprintf(want, sizeof(want),
             "%s/notes.txt: not recognised and skipped: no importer reads this kind of file "
             "(`reviewgen sniff %s/notes.txt` shows every importer's score; see `reviewgen "
             "formats`)",
             dir, dir);
    ck_assert_str_eq(w->first, want);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *numbers_suite(void)
{
    Suite *s = suite_create("numbers");
    TCase *tc = tcase_create("numbers");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, acknowledged_before_detected);
    tcase_add_test(tc, communicated_slightly_before_detected);
    tcase_add_test(tc, long_window_warned_and_years_shown);
    tcase_add_test(tc, zone_less_source_outside_the_window);
    tcase_add_test(tc, nothing_recognised_is_an_error);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(numbers_suite)
