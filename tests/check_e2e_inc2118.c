/* check_e2e_inc2118.c -- the sample incident of issue 9's tools
 * (samples/inc-2118-search: Mattermost, Opsgenie, Grafana, Nagios, a
 * Statuspage Atom feed and a logfmt log) end to end: sniffing, the window,
 * events per source, the error burst, milestones with their evidence,
 * durations, communication, findings and the people, against the values
 * computed by hand in tests/e2e/inc-2118/EXPECTED.md; and the committed
 * rendered review (tests/e2e/inc-2118/review/) against a build made now. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "build.h"
#include "check_util.h"
#include "jsonutil.h"
#include "recognition.h"

#define SAMPLE "samples/inc-2118-search"
#define RENDERED "tests/e2e/inc-2118/review"

static rg_build b;
static rg_diag d;
static json_t *model;

static void setup(void)
{
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
}

static void teardown(void)
{
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "(null)";
}

START_TEST(sources_sniffed_and_window)
{
    /* no "sources" in the manifest: every file found by sniffing */
    static const struct {
        const char *rel, *format;
        unsigned events, outside;
    } want[] = {
        {"grafana-alerts.jsonl", "grafana", 4, 0},        {"history.atom", "statuspage-feed", 4, 2},
        {"mattermost-export.jsonl", "mattermost", 18, 0}, {"nagios.log", "nagios", 9, 10},
        {"opsgenie-alert-log.json", "opsgenie", 8, 0},    {"search-api.log", "logfmt", 24, 27}};
    ck_assert_uint_eq(b.n_sources, 6);
    /* search-api.log's 983 in-window lines: its 4 warnings and the first 20
     * errors of its one error cluster are events, 959 lines folded (README,
     * "Evidence of any size") */
    ck_assert_uint_eq(b.sources[5].n_folded, 959);
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(b.sources[i].rel, want[i].rel);
        ck_assert_str_eq(b.sources[i].importer->name, want[i].format);
        ck_assert_int_eq(b.sources[i].forced, 0);
        ck_assert_msg(b.sources[i].n_events == want[i].events, "%s: %llu events", want[i].rel,
                      (unsigned long long)b.sources[i].n_events);
        ck_assert_msg(b.sources[i].n_outside == want[i].outside, "%s: %llu outside", want[i].rel,
                      (unsigned long long)b.sources[i].n_outside);
    }
    json_t *win = json_object_get(json_object_get(model, "incident"), "window");
    ck_assert_str_eq(str(win, "from"), "2026-12-10T16:54:00Z");
    ck_assert_str_eq(str(win, "to"), "2026-12-10T19:52:40.561000Z");
    ck_assert_uint_eq(b.n_status_incidents_skipped, 1);
    ck_assert_uint_eq(b.n_outside, 39);
    ck_assert_uint_eq(b.timeline.n_duplicates, 2);
    ck_assert_uint_eq(b.timeline.n_events, 65);
    /* the build warns about nothing */
    ck_assert_uint_eq(json_array_size(json_object_get(model, "warnings")), 0);
}
END_TEST

/* EXPECTED.md, "Events per source": every kept event is one of these rows. */
START_TEST(events_per_source)
{
    static struct {
        const char *file, *type;
        int human;
        size_t want, got;
    } rows[] = {
        {"grafana-alerts.jsonl", "alert.firing", 0, 1, 0},
        {"grafana-alerts.jsonl", "alert.resolved", 0, 1, 0},
        {"opsgenie-alert-log.json", "page.triggered", 0, 1, 0},
        {"opsgenie-alert-log.json", "page.assigned", 0, 1, 0},
        {"opsgenie-alert-log.json", "page.notified", 0, 2, 0},
        {"opsgenie-alert-log.json", "page.viewed", 1, 1, 0},
        {"opsgenie-alert-log.json", "page.acknowledged", 1, 1, 0},
        {"opsgenie-alert-log.json", "note", 1, 1, 0},
        {"opsgenie-alert-log.json", "page.resolved", 1, 1, 0},
        {"nagios.log", "log.info", 0, 1, 0},
        {"nagios.log", "log.warning", 0, 2, 0},
        {"nagios.log", "alert.firing", 0, 1, 0},
        {"nagios.log", "page.notified", 0, 2, 0},
        {"nagios.log", "page.acknowledged", 1, 2, 0},
        {"nagios.log", "alert.resolved", 0, 1, 0},
        {"mattermost-export.jsonl", "chat.join", 0, 3, 0},
        {"mattermost-export.jsonl", "chat.message", 0, 2, 0},
        {"mattermost-export.jsonl", "chat.message", 1, 13, 0},
        {"history.atom", "status.investigating", 1, 1, 0},
        {"history.atom", "status.identified", 1, 1, 0},
        {"history.atom", "status.monitoring", 1, 1, 0},
        {"history.atom", "status.resolved", 1, 1, 0},
        {"search-api.log", "log.info", 0, 0, 0},
        {"search-api.log", "log.warning", 0, 4, 0},
        {"search-api.log", "log.error", 0, 20, 0},
    };
    const size_t n_rows = sizeof(rows) / sizeof(rows[0]);
    for (size_t k = 0; k < n_rows; k++)
        rows[k].got = 0;
    for (size_t i = 0; i < b.timeline.n_events; i++) {
        const rg_event *ev = b.timeline.events[i];
        size_t flen = strcspn(ev->origin, ":");
        size_t k = 0;
        while (k < n_rows &&
               !(strlen(rows[k].file) == flen && strncmp(ev->origin, rows[k].file, flen) == 0 &&
                 strcmp(ev->type, rows[k].type) == 0 && ev->human == rows[k].human))
            k++;
        ck_assert_msg(k < n_rows, "unexpected event %s %s human %d", ev->origin, ev->type,
                      ev->human);
        rows[k].got++;
    }
    size_t total = 0;
    for (size_t k = 0; k < n_rows; k++) {
        ck_assert_msg(rows[k].got == rows[k].want, "%s %s human %d: %zu events, want %zu",
                      rows[k].file, rows[k].type, rows[k].human, rows[k].got, rows[k].want);
        total += rows[k].want;
    }
    ck_assert_uint_eq(total, 65);
    /* the per-minute counts hold every line, kept or folded, exactly */
    uint64_t by_level[RG_LEVEL_COUNT] = {0}, folded = 0;
    for (size_t i = 0; i < b.logsum.n_minutes; i++) {
        by_level[b.logsum.sorted_minutes[i]->level] += b.logsum.sorted_minutes[i]->n;
        folded += b.logsum.sorted_minutes[i]->n_folded;
    }
    ck_assert_uint_eq(by_level[RG_LEVEL_ERROR], 507);
    ck_assert_uint_eq(by_level[RG_LEVEL_WARNING], 4);
    ck_assert_uint_eq(by_level[RG_LEVEL_INFO], 472);
    ck_assert_uint_eq(folded, 959);
    /* the pager's, Nagios's and the chat's spellings of one person */
    for (size_t i = 0; i < b.timeline.n_events; i++) {
        const rg_event *ev = b.timeline.events[i];
        if (strcmp(ev->type, "page.acknowledged") == 0) {
            ck_assert_str_eq(ev->actor, "dana.whitfield@larkspur.example");
            const rg_responder *r = rg_responder_for(&b.manifest, ev->actor, ev);
            ck_assert_ptr_nonnull(r);
            ck_assert_str_eq(r->name, "Dana Whitfield");
        }
    }
}
END_TEST

START_TEST(error_burst_and_impact)
{
    json_t *burst = json_object_get(model, "error_burst");
    ck_assert_str_eq(str(burst, "from"), "2026-12-10T17:52:31.204000Z");
    ck_assert_str_eq(str(burst, "to"), "2026-12-10T18:13:19.873000Z");
    ck_assert_int_eq(json_integer_value(json_object_get(burst, "errors")), 503);
    ck_assert_str_eq(str(burst, "first_origin"), "search-api.log:210");
    ck_assert_str_eq(str(burst, "last_origin"), "search-api.log:778");
    ck_assert(json_real_value(json_object_get(burst, "baseline_per_min")) == 0.05);
    json_t *periods = json_object_get(model, "impact_periods");
    ck_assert_uint_eq(json_array_size(periods), 1);
    json_t *p0 = json_array_get(periods, 0);
    ck_assert_str_eq(str(p0, "from"), "2026-12-10T17:52:31.204000Z");
    ck_assert_str_eq(str(p0, "to"), "2026-12-10T18:16:00Z");
    ck_assert_int_eq(json_integer_value(json_object_get(p0, "seconds")), 1409);
    ck_assert(json_is_false(json_object_get(p0, "open")));
    ck_assert_int_eq(json_integer_value(json_object_get(model, "impact_total")), 1409);
}
END_TEST

START_TEST(milestones_and_evidence)
{
    static const char *const want[][4] = {
        {"started", "2026-12-10T17:52:31.204000Z", "search-api.log:210",
         "start of the first error burst"},
        {"detected", "2026-12-10T17:54:00Z", "grafana-alerts.jsonl:1", "first alert.firing"},
        {"acknowledged", "2026-12-10T17:57:40.318000Z", "opsgenie-alert-log.json:17",
         "first human page.acknowledged"},
        {"mobilized", "2026-12-10T18:01:15.390000Z", "mattermost-export.jsonl:13",
         "first chat message that declares the incident or names a commander"},
        {"communicated", "2026-12-10T18:05:00Z", "history.atom:17", "first status post"},
        {"mitigated", "2026-12-10T18:16:00Z", "grafana-alerts.jsonl:3", "last alert.resolved"},
        {"recovered", "2026-12-10T18:33:18.772000Z", "opsgenie-alert-log.json:3",
         "last page.resolved"},
        {"resolved", "2026-12-10T18:52:00Z", "history.atom:17", "last status.resolved"},
    };
    json_t *ms = json_object_get(model, "milestones");
    ck_assert_uint_eq(json_object_size(ms), 8);
    for (size_t i = 0; i < 8; i++) {
        json_t *m = json_object_get(ms, want[i][0]);
        ck_assert_msg(json_is_object(m), "%s missing", want[i][0]);
        ck_assert_msg(strcmp(str(m, "at"), want[i][1]) == 0, "%s at %s, want %s", want[i][0],
                      str(m, "at"), want[i][1]);
        ck_assert_msg(strcmp(str(m, "origin"), want[i][2]) == 0, "%s from %s, want %s", want[i][0],
                      str(m, "origin"), want[i][2]);
        ck_assert_msg(strcmp(str(m, "rule"), want[i][3]) == 0, "%s by '%s', want '%s'", want[i][0],
                      str(m, "rule"), want[i][3]);
        ck_assert(json_is_false(json_object_get(m, "manual")));
    }
}
END_TEST

START_TEST(durations)
{
    static const struct {
        const char *key;
        json_int_t s;
    } want[] = {{"time_to_detect", 89},      {"time_to_acknowledge", 220},
                {"time_to_mobilize", 435},   {"time_to_communicate", 660},
                {"time_to_mitigate", 1409},  {"time_to_recover", 2448},
                {"validation_window", 2160}, {"total_duration", 3569}};
    json_t *got = json_object_get(model, "durations");
    ck_assert_uint_eq(json_object_size(got), 8);
    for (size_t i = 0; i < 8; i++) {
        json_t *v = json_object_get(got, want[i].key);
        ck_assert_msg(json_is_integer(v) && json_integer_value(v) == want[i].s,
                      "%s: got %lld, want %lld", want[i].key, (long long)json_integer_value(v),
                      (long long)want[i].s);
    }
}
END_TEST

START_TEST(communication_and_findings)
{
    json_t *c = json_object_get(model, "communication");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "updates")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "max_gap")), 1920);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "policy")), 1800);
    ck_assert_int_eq(json_integer_value(json_object_get(c, "gaps_over_policy")), 1);
    ck_assert(json_is_true(json_object_get(c, "workaround_offered")));
    json_t *f = json_object_get(model, "findings");
    ck_assert_uint_eq(json_array_size(f), 1);
    json_t *f0 = json_array_get(f, 0);
    ck_assert_str_eq(str(f0, "code"), "update-gap-over-policy");
    ck_assert_str_eq(str(f0, "text"),
                     "Customers waited 32 min between status updates, from "
                     "2026-12-10T18:20:00Z to 2026-12-10T18:52:00Z, over the 30 min policy.");
    ck_assert_str_eq(str(f0, "origin"), "history.atom:17");
}
END_TEST

/* EXPECTED.md, "People": three people, each once, whatever tool names them. */
START_TEST(people)
{
    static const char *const want[][6] = {
        {"Dana Whitfield", "on-call engineer, search",
         "first responder, made the change that mitigated",
         "took ownership (17:57:40); acknowledged the page (17:57:44); reported what they saw "
         "(17:58:31); found the cause (18:09:34); documented findings (18:12:48); rolled back a "
         "change (18:13:24); confirmed the recovery (18:16:40); stood the response down (18:33:18)",
         "2026-12-10T17:57:31.644000Z", "opsgenie-alert-log.json:24"},
        {"Omar Haddad", "engineering manager, search", "incident commander",
         "assembled the response (18:01:15); raised a follow-up (18:41:10)",
         "2026-12-10T18:01:15.390000Z", "mattermost-export.jsonl:13"},
        {"Hana Sato", "support lead", "talked to customers, joined later", NULL,
         "2026-12-10T18:02:41.090000Z", "mattermost-export.jsonl:15"},
    };
    static const json_int_t involved[] = {2159, 2395, 2999};
    json_t *rs = json_object_get(model, "responders");
    ck_assert_uint_eq(json_array_size(rs), 3);
    for (size_t i = 0; i < 3; i++) {
        json_t *r = json_array_get(rs, i);
        ck_assert_str_eq(str(r, "name"), want[i][0]);
        ck_assert_str_eq(str(r, "role"), want[i][1]);
        ck_assert_str_eq(str(r, "roles_text"), want[i][2]);
        if (want[i][3])
            ck_assert_str_eq(str(r, "did_text"), want[i][3]);
        else
            ck_assert(json_is_null(json_object_get(r, "did_text")));
        ck_assert_str_eq(str(r, "first_at"), want[i][4]);
        ck_assert_str_eq(str(r, "first_origin"), want[i][5]);
        ck_assert_int_eq(json_integer_value(json_object_get(r, "involved")), involved[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(r, "outside_hours")), 0);
    }
    /* the review's thank-you table, whole lines */
    size_t len;
    char *md = rg_render_markdown(model, NULL, &len, &d);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "The response ran 39 min 19 s, from the first signal to the "
                                     "stand-down."));
    ck_assert_ptr_nonnull(
        strstr(md, "\n| Omar Haddad | engineering manager, search (incident commander) | 18:01:15 "
                   "| assembled the response (18:01:15); raised a follow-up (18:41:10) | 0 s of "
                   "the 39 min 55 s they were involved (09:00–18:00 America/Los\\_Angeles) |\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "\n| Hana Sato | support lead (talked to customers, joined later) | 18:02:41 "
                   "|  | 0 s of the 49 min 59 s they were involved (09:00–18:00 "
                   "America/Los\\_Angeles) |\n"));
    /* the thank-you table lists no address as a person */
    const char *thanks = strstr(md, "## Thank you"), *tl = strstr(md, "## Timeline");
    ck_assert_ptr_nonnull(thanks);
    ck_assert_ptr_nonnull(tl);
    for (const char *p = thanks; p < tl; p++)
        ck_assert_msg(*p != '@', "an address in the thank-you section");
    ck_assert_ptr_nonnull(strstr(md, "Our customers received 4 status updates over 47 min."));
    rg_free(md);
}
END_TEST

/* Without the manifest (and so without its aliases) the same three people:
 * Opsgenie and Nagios name Dana by her address, Mattermost by her name and
 * gives her address on its user line, and she is one responder, shown by
 * her name. */
START_TEST(people_without_manifest)
{
    char dir[96], cmd[1024];
    snprintf(dir, sizeof(dir), "build/test-scratch/e2e-inc2118-nomanifest-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    snprintf(cmd, sizeof(cmd),
             "rm -rf '%s' && mkdir '%s' && cp " SAMPLE "/*.json* " SAMPLE "/*.log " SAMPLE
             "/*.atom '%s' && rm '%s/incident.json'",
             dir, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    rg_build nb;
    rg_diag nd;
    rg_diag_init(&nd);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&nb, &o, &nd) == 0, "%s", nd.error);
    json_t *m = rg_model_build(&nb);
    ck_assert_ptr_nonnull(m);
    json_t *rs = json_object_get(m, "responders");
    static const char *const names[] = {"Dana Whitfield", "Omar Haddad", "Hana Sato"};
    for (size_t i = 0; i < json_array_size(rs) && i < 3; i++)
        ck_assert_str_eq(str(json_array_get(rs, i), "name"), names[i]);
    ck_assert_uint_eq(json_array_size(rs), 3);
    /* her first act is Opsgenie's, under her address */
    ck_assert_str_eq(str(json_array_get(rs, 0), "first_origin"), "opsgenie-alert-log.json:24");
    json_decref(m);
    rg_build_free(&nb);
    rg_diag_free(&nd);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
    rg_diag rd;
    rg_diag_init(&rd);
    char *s = rg_read_file(path, len, &rd);
    rg_diag_free(&rd);
    return s;
}

/* The committed review is what the build writes now, byte for byte, and does
 * not depend on the path the folder is built from: it is rebuilt here from
 * the folder's absolute path (the committed one was built from SAMPLE). */
START_TEST(rendered_review_is_current)
{
    char cwd[PATH_MAX], abs_dir[PATH_MAX + 64], out[128];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(abs_dir, sizeof(abs_dir), "%s/" SAMPLE, cwd);
    /* as deep as RENDERED: review.json names the incident folder relative
     * to the output folder ("draft": {"folder": "../../../../samples/..."}) */
    snprintf(out, sizeof(out), "build/test-scratch/e2e-inc2118/%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir("build/test-scratch/e2e-inc2118", 0777);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);

    rg_build nb;
    rg_diag nd;
    rg_diag_init(&nd);
    rg_build_opts o = {abs_dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&nb, &o, &nd) == 0, "%s", nd.error);
    json_t *m = rg_model_build(&nb);
    ck_assert_ptr_nonnull(m);
    ck_assert_msg(rg_publish(&nb, m, out, NULL, NULL, &nd) == 0, "%s", nd.error);
    json_decref(m);
    rg_build_free(&nb);
    rg_diag_free(&nd);

    static const char *const names[] = {"review.md", "review.html", "review.json", "timeline.svg",
                                        "timeline.jsonl"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char p1[300], p2[300];
        snprintf(p1, sizeof(p1), RENDERED "/%s", names[i]);
        snprintf(p2, sizeof(p2), "%s/%s", out, names[i]);
        size_t l1 = 0, l2 = 0;
        char *a = slurp(p1, &l1), *c = slurp(p2, &l2);
        ck_assert_msg(a != NULL, "%s is missing", p1);
        ck_assert_msg(c != NULL, "%s was not written", p2);
        size_t at = 0;
        while (at < l1 && at < l2 && a[at] == c[at])
            at++;
        ck_assert_msg(l1 == l2 && at == l1,
                      "%s differs from the build at byte %zu (committed %zu bytes, built %zu): "
                      "rebuild it with `build/reviewgen build " SAMPLE " -o " RENDERED
                      " --no-store --force` and review the change",
                      p1, at, l1, l2);
        rg_free(a);
        rg_free(c);
    }
    /* the action items name incident.json as the folder does */
    size_t jl;
    char *js = slurp(RENDERED "/review.json", &jl);
    ck_assert_ptr_nonnull(js);
    ck_assert_ptr_nonnull(strstr(js, "\"origin\": \"incident.json:19\""));
    ck_assert_ptr_null(strstr(js, "inc-2118-search/incident.json"));
    /* review.json keeps the burst's exact times; the review says them for
     * people, as it does findings */
    ck_assert_ptr_nonnull(strstr(js, "\"from\": \"2026-12-10T17:52:31.204000Z\""));
    ck_assert_ptr_nonnull(strstr(js, "\"span_text\": \"from 17:52 UTC to 18:13 UTC\""));
    rg_free(js);
    char *md = slurp(RENDERED "/review.md", &jl);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "\nThe logs show an error burst from 17:52 UTC to 18:13 UTC "
                                     "(503 errors; first at search-api.log:"));
    rg_free(md);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *e2e_suite(void)
{
    Suite *s = suite_create("e2e-inc-2118");
    TCase *tc = tcase_create("inc-2118");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sources_sniffed_and_window);
    tcase_add_test(tc, people_without_manifest);
    tcase_add_test(tc, events_per_source);
    tcase_add_test(tc, error_burst_and_impact);
    tcase_add_test(tc, milestones_and_evidence);
    tcase_add_test(tc, durations);
    tcase_add_test(tc, communication_and_findings);
    tcase_add_test(tc, people);
    tcase_add_test(tc, rendered_review_is_current);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(e2e_suite)
