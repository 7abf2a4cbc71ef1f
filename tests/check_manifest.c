/* check_manifest.c -- incident.json: every field read, every bad input an
 * exact "file:line:col: message". */
#include <dirent.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"
#include "manifest.h"

#define INVALID RG_FIXTURES "/manifest/invalid"

START_TEST(test_valid_manifest)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_manifest_defaults(&m, a, "folder-name"), 0);
    ck_assert_int_eq(rg_manifest_load(&m, a, RG_FIXTURES "/manifest/valid/incident.json", &d), 0);
    ck_assert_str_eq(m.id, "INC-2041");
    ck_assert_str_eq(m.severity, "SEV2");
    ck_assert_uint_eq(m.n_services, 2);
    ck_assert_str_eq(m.services[1], "payments");
    ck_assert_str_eq(rg_tz_name(m.zone), "Asia/Ho_Chi_Minh");
    ck_assert_uint_eq(m.n_sources, 1);
    ck_assert_str_eq(m.sources[0].format, "syslog");
    ck_assert_str_eq(rg_tz_name(m.sources[0].zone), "Europe/Berlin");
    ck_assert_int_eq(m.sources[0].offset_us, -INT64_C(420000000));
    ck_assert_int_eq(m.sources[0].line, 9);
    char buf[32];
    /* "at" without an offset is read in the source's zone (UTC+1 in November) */
    ck_assert_int_eq(m.sources[0].has_at, 1);
    ck_assert_str_eq(m.sources[0].at, "2026-11-20 14:03:00");
    ck_assert_str_eq(rg_time_format(m.sources[0].at_us, buf), "2026-11-20T13:03:00Z");
    ck_assert_int_eq(m.has_window, 1);
    ck_assert_str_eq(rg_time_format(m.window_from_us, buf), "2026-11-20T13:00:00Z");
    /* no offset: read in the manifest's zone, UTC+7 */
    ck_assert_str_eq(rg_time_format(m.window_to_us, buf), "2026-11-20T19:00:00Z");
    ck_assert_int_eq(m.has_milestone[RG_MS_STARTED], 1);
    ck_assert_int_eq(m.has_milestone[RG_MS_DETECTED], 0);
    ck_assert_str_eq(rg_time_format(m.milestone_us[RG_MS_STARTED], buf), "2026-11-20T14:02:00Z");
    ck_assert_int_eq(m.update_interval_us, INT64_C(1200000000));
    ck_assert_int_eq(m.acknowledge_within_us, INT64_C(300000000));
    ck_assert_str_eq(m.responders[0].role, "Incident commander");
    /* an empty role is no role; aliases are read as written */
    ck_assert_uint_eq(m.n_responders, 2);
    ck_assert_ptr_null(m.responders[1].role);
    ck_assert_uint_eq(m.responders[1].n_aliases, 3);
    ck_assert_str_eq(m.responders[1].aliases[1], "minh.nguyen");
    ck_assert_int_eq(m.responders[1].line, 15);
    /* lines added by hand: a time without an offset is in the manifest's zone */
    ck_assert_uint_eq(m.n_events, 2);
    ck_assert_str_eq(rg_time_format(m.events[0].at_us, buf), "2026-11-20T14:30:00Z");
    ck_assert_str_eq(m.events[0].type, "note");
    ck_assert_int_eq(m.events[0].kind, RG_KIND_NOTE);
    ck_assert_str_eq(m.events[0].actor, "Linh Tran");
    ck_assert_str_eq(m.events[0].time_text, "2026-11-20 21:30:00");
    ck_assert_str_eq(m.events[0].origin, RG_FIXTURES "/manifest/valid/incident.json:25");
    ck_assert_int_eq(m.events[1].kind, RG_KIND_CHANGE);
    ck_assert_ptr_null(m.events[1].actor);
    ck_assert_str_eq(m.recognition[0], "Thanks to **everyone** on the payments team");
    ck_assert_uint_eq(m.n_contributing_factors, 2);
    ck_assert_uint_eq(m.n_action_items, 2);
    ck_assert_str_eq(m.action_items[0].ticket, "OPS-88");
    ck_assert_str_eq(m.action_items[0].origin, RG_FIXTURES "/manifest/valid/incident.json:19");
    ck_assert_str_eq(m.action_items[0].source, "manifest");
    ck_assert_str_eq(m.action_items[1].title, "Write the runbook");
    ck_assert_ptr_null(m.action_items[1].owner);
    /* a phrase list replaces the default one; the others stay */
    ck_assert_uint_eq(m.phrases.n_acknowledge, 1);
    ck_assert_str_eq(m.phrases.acknowledge[0], "mine");
    ck_assert_uint_eq(m.phrases.n_mobilize, 3);
    ck_assert_int_eq(m.exclude_from_trends, 1);
    /* the tracker pattern and the supporting links */
    ck_assert_str_eq(m.tracker, "https://jira.example.com/browse/{key}");
    ck_assert_str_eq(rg_ticket_url(&m, a, "OPS-88"), "https://jira.example.com/browse/OPS-88");
    ck_assert_str_eq(rg_ticket_url(&m, a, "a b/#?&ü"),
                     "https://jira.example.com/browse/a%20b%2F%23%3F%26%C3%BC");
    ck_assert_ptr_null(rg_ticket_url(&m, a, ""));
    ck_assert_uint_eq(m.n_links, 2);
    ck_assert_str_eq(m.links[0].title, "Checkout dashboard");
    ck_assert_str_eq(m.links[0].url, "https://grafana.example.com/d/checkout");
    ck_assert_int_eq(m.links[0].line, 31);
    ck_assert_str_eq(m.links[1].url, "HTTPS://wiki.example.com/runbooks/failover");
    /* an unknown key is a warning with its line, not an error */
    ck_assert_uint_eq(d.n_warnings, 1);
    ck_assert_str_eq(d.warnings[0].first, RG_FIXTURES
                     "/manifest/valid/incident.json:28:13: unknown key 'colour' ignored");
    ck_assert_uint_eq(d.warnings[0].count, 2); /* and a link's "owner" */
    rg_manifest_free(&m);
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_metrics)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_manifest_defaults(&m, a, "x"), 0);
    ck_assert_int_eq(rg_manifest_load(&m, a, RG_FIXTURES "/manifest/metrics/incident.json", &d), 0);
    ck_assert_uint_eq(m.n_metrics, 3);
    const rg_metric_rule *r = &m.metrics[0];
    ck_assert_str_eq(r->series, "checkout 5xx ratio");
    ck_assert_int_eq(r->has_match, 1);
    ck_assert_uint_eq(r->n_match, 2);
    ck_assert_str_eq(r->match_keys[0], "__name__");
    ck_assert_str_eq(r->match_values[0], "job:http_5xx:ratio_rate1m");
    ck_assert_str_eq(r->match_keys[1], "service");
    ck_assert_int_eq(r->below, 0);
    ck_assert(r->threshold == 0.05);
    ck_assert_int_eq(r->line, 4);
    ck_assert_int_eq(r->col, 5);
    r = &m.metrics[1];
    ck_assert_int_eq(r->has_match, 0); /* no "match": the series named "login success" */
    ck_assert_int_eq(r->below, 1);
    ck_assert(r->threshold == 0.99);
    r = &m.metrics[2];
    ck_assert_int_eq(r->has_match, 1); /* "match": {} matches every series */
    ck_assert_uint_eq(r->n_match, 0);
    ck_assert(r->threshold == 100);
    ck_assert_uint_eq(d.n_warnings, 1);
    ck_assert_str_eq(d.warnings[0].first, RG_FIXTURES "/manifest/metrics/incident.json:5:58: "
                                                      "unknown key 'colour' in a metric ignored");
    rg_manifest_free(&m);
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_review_sections)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_manifest_defaults(&m, a, "x"), 0);
    ck_assert_ptr_null(m.status);
    ck_assert_int_eq(rg_manifest_load(&m, a, RG_FIXTURES "/manifest/sections/incident.json", &d),
                     0);
    ck_assert_uint_eq(d.n_warnings, 0);
    ck_assert_str_eq(m.status, "in review");
    ck_assert_uint_eq(m.n_authors, 2);
    ck_assert_str_eq(m.authors[1], "Katrin Vogel");
    ck_assert_uint_eq(m.n_reviewers, 1);
    ck_assert_str_eq(m.reviewers[0], "Siti Rahmawati");
    ck_assert_uint_eq(m.n_went_well, 1);
    ck_assert_str_eq(m.went_well[0], "The page reached the database on-call in three minutes.");
    ck_assert_uint_eq(m.n_went_wrong, 1);
    ck_assert_str_eq(m.went_wrong[0],
                     "The status page announced success before the hotfix was committed.");
    ck_assert_uint_eq(m.n_got_lucky, 1);
    ck_assert_str_eq(m.got_lucky[0],
                     "It happened on a Friday evening, when checkout traffic is lowest.");
    /* a chain is its factor and a nested "because" list, "because" written
     * once where the cause already says it */
    ck_assert_uint_eq(m.n_contributing_factors, 3);
    ck_assert_str_eq(m.contributing_factors[0], "A plain factor.");
    ck_assert_str_eq(m.contributing_factors[1],
                     "The standby was 48 MB behind\n"
                     "- because the nightly reindex ran on the failover candidate\n"
                     "  - because Nobody moved the job when the cluster was rebuilt\n"
                     "- because maximum_lag_on_failover was 1 MB");
    ck_assert_str_eq(m.contributing_factors[2], "No cause given");
    rg_manifest_free(&m);
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_defaults)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    ck_assert_int_eq(rg_manifest_defaults(&m, a, "inc-7"), 0);
    ck_assert_str_eq(m.id, "inc-7");
    ck_assert_ptr_null(m.timezone);
    ck_assert_str_eq(rg_tz_name(m.zone), "UTC");
    ck_assert_int_eq(m.update_interval_us, INT64_C(1800000000));
    ck_assert_int_eq(m.acknowledge_within_us, INT64_C(300000000));
    ck_assert_uint_eq(m.phrases.n_action, 4);
    rg_manifest_free(&m);
    rg_arena_free(a);
}
END_TEST

/* Every folder under invalid/ holds an input and the exact error it gives,
 * with "input" standing for the input's path (jansson's test suites). */
START_TEST(test_invalid_fixtures)
{
    DIR *dir = opendir(INVALID);
    ck_assert_ptr_nonnull(dir);
    struct dirent *de;
    int cases = 0;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char in[512], errpath[512];
        snprintf(in, sizeof(in), INVALID "/%s/input", de->d_name);
        snprintf(errpath, sizeof(errpath), INVALID "/%s/error", de->d_name);
        rg_diag d;
        rg_diag_init(&d);
        size_t len;
        char *expected = rg_read_file(errpath, &len, &d);
        ck_assert_msg(expected != NULL, "%s: no error file", de->d_name);
        while (len && expected[len - 1] == '\n')
            expected[--len] = '\0';
        char want[1024];
        snprintf(want, sizeof(want), "%s%s", in, expected + strlen("input"));
        rg_arena *a = rg_arena_new();
        rg_manifest m;
        rg_manifest_defaults(&m, a, "x");
        int rc = rg_manifest_load(&m, a, in, &d);
        ck_assert_msg(rc == -1, "%s: loaded without error", de->d_name);
        ck_assert_msg(strcmp(d.error, want) == 0, "%s:\n got  %s\n want %s", de->d_name, d.error,
                      want);
        rg_manifest_free(&m);
        rg_arena_free(a);
        rg_free(expected);
        rg_diag_free(&d);
        cases++;
    }
    closedir(dir);
    ck_assert_int_ge(cases, 15);
}
END_TEST

START_TEST(test_missing_file)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_diag d;
    rg_diag_init(&d);
    rg_manifest_defaults(&m, a, "x");
    ck_assert_int_eq(rg_manifest_load(&m, a, RG_FIXTURES "/manifest/nope.json", &d), -1);
    ck_assert_str_eq(d.error, RG_FIXTURES "/manifest/nope.json: cannot read: No such file or "
                                          "directory");
    rg_manifest_free(&m);
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

static Suite *manifest_suite(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("manifest");
    tcase_add_test(tc, test_valid_manifest);
    tcase_add_test(tc, test_metrics);
    tcase_add_test(tc, test_review_sections);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_invalid_fixtures);
    tcase_add_test(tc, test_missing_file);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(manifest_suite)
