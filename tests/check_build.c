/* check_build.c -- the whole pipeline on small incident folders: exact
 * milestones and durations, and the all-or-nothing publish (a corrupt source
 * or a failed write leaves old outputs and the store untouched). */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "build.h"
#include "check_util.h"
#include "jsonutil.h"
#include "modelval.h"
#include "output.h"

#define GOOD RG_FIXTURES "/build/good"

static char *slurp(const char *path, size_t *len)
{
    rg_diag d;
    rg_diag_init(&d);
    char *s = rg_read_file(path, len, &d);
    rg_diag_free(&d);
    return s;
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *s = slurp(from, &len);
    ck_assert_ptr_nonnull(s);
    FILE *f = fopen(to, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(s, 1, len, f), len);
    fclose(f);
    rg_free(s);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* A scratch folder per test, under build/ so it is cleaned with it. */
static void scratch(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "build/test-scratch/%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

/* An incident folder for a test, dir/inc: the good fixture's pager log and
 * alerts and the given incident.json; dir is a fresh scratch folder named
 * `name` and out is dir/out (not made: the build makes it). Buffers as the
 * tests declare them (the parameters say their sizes). */
static void good_incident(char dir[static 256], char inc[static 300], char out[static 300],
                          const char *name, const char *manifest)
{
    char path[400];
    scratch(dir, 256, name);
    snprintf(inc, 300, "%s/inc", dir);
    snprintf(out, 300, "%s/out", dir);
    ck_assert_int_eq(mkdir(inc, 0777), 0);
    static const char *const files[] = {"pagerduty.json", "alerts.json"};
    for (int i = 0; i < 2; i++) {
        char from[300];
        snprintf(from, sizeof(from), GOOD "/%s", files[i]);
        snprintf(path, sizeof(path), "%s/%s", inc, files[i]);
        copy_file(from, path);
    }
    snprintf(path, sizeof(path), "%s/incident.json", inc);
    write_file(path, manifest);
}

static const char *ms_at(const json_t *model, const char *name)
{
    const json_t *m = json_object_get(json_object_get(model, "milestones"), name);
    return json_is_object(m) ? json_string_value(json_object_get(m, "at")) : NULL;
}

static json_int_t dur(const json_t *model, const char *key)
{
    const json_t *d = json_object_get(json_object_get(model, "durations"), key);
    return json_is_integer(d) ? json_integer_value(d) : -1;
}

START_TEST(test_good_folder_milestones)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {GOOD, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    ck_assert_str_eq(ms_at(model, "started"), "2026-10-02T10:00:00Z");
    ck_assert_str_eq(ms_at(model, "detected"), "2026-10-02T10:00:00Z");
    ck_assert_str_eq(ms_at(model, "acknowledged"), "2026-10-02T10:04:30Z");
    ck_assert_ptr_null(ms_at(model, "mobilized"));
    ck_assert_ptr_null(ms_at(model, "communicated"));
    ck_assert_str_eq(ms_at(model, "mitigated"), "2026-10-02T10:30:00Z");
    ck_assert_str_eq(ms_at(model, "recovered"), "2026-10-02T10:40:00Z");
    ck_assert_ptr_null(ms_at(model, "resolved"));
    ck_assert_int_eq(dur(model, "time_to_detect"), 0);
    ck_assert_int_eq(dur(model, "time_to_acknowledge"), 270);
    ck_assert_int_eq(dur(model, "time_to_mobilize"), -1);
    ck_assert_int_eq(dur(model, "time_to_mitigate"), 1800);
    ck_assert_int_eq(dur(model, "time_to_recover"), 2400);
    ck_assert_int_eq(dur(model, "validation_window"), -1);
    ck_assert_int_eq(dur(model, "total_duration"), 2400);
    /* evidence names the file relative to the folder, with its line */
    const json_t *ack = json_object_get(json_object_get(model, "milestones"), "acknowledged");
    ck_assert_str_eq(json_string_value(json_object_get(ack, "origin")), "pagerduty.json:12");
    /* the window: an hour either side of the alert and pages */
    const json_t *win = json_object_get(json_object_get(model, "incident"), "window");
    ck_assert_str_eq(json_string_value(json_object_get(win, "from")), "2026-10-02T09:00:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(win, "to")), "2026-10-02T11:40:00Z");
    /* findings: customers affected and never told, three milestones missing */
    const json_t *f = json_object_get(model, "findings");
    int no_update = 0, missing = 0;
    for (size_t i = 0; i < json_array_size(f); i++) {
        const char *code = json_string_value(json_object_get(json_array_get(f, i), "code"));
        no_update += strcmp(code, "no-customer-update") == 0;
        missing += strcmp(code, "milestone-missing") == 0;
    }
    ck_assert_int_eq(no_update, 1);
    ck_assert_int_eq(missing, 3);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static int count_rows(const char *db, const char *sql)
{
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

static int build_into(const char *dir, const char *out, const char *db, rg_diag *d)
{
    rg_build b;
    rg_build_opts o = {dir, NULL, NULL, NULL};
    int rc = rg_build_run(&b, &o, d);
    if (rc == 0) {
        json_t *model = rg_model_build(&b);
        rc = rg_publish(&b, model, out, db, NULL, d);
        json_decref(model);
    }
    rg_build_free(&b);
    return rc;
}

static int no_temp_files(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "ls '%s' | grep -q '\\.tmp\\.'", dir);
    return system(cmd) != 0;
}

START_TEST(test_corrupt_source_changes_nothing)
{
    char dir[256], out[300], db[300], path[400];
    scratch(dir, sizeof(dir), "atomic");
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    char inc[300];
    snprintf(inc, sizeof(inc), "%s/INC-9001", dir);
    ck_assert_int_eq(mkdir(inc, 0777), 0);
    const char *files[] = {"incident.json", "pagerduty.json", "alerts.json"};
    for (int i = 0; i < 3; i++) {
        char from[300];
        snprintf(from, sizeof(from), GOOD "/%s", files[i]);
        snprintf(path, sizeof(path), "%s/%s", inc, files[i]);
        copy_file(from, path);
    }
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, db, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    size_t md_len, json_len;
    snprintf(path, sizeof(path), "%s/review.md", out);
    char *md_before = slurp(path, &md_len);
    snprintf(path, sizeof(path), "%s/review.json", out);
    char *json_before = slurp(path, &json_len);
    ck_assert_ptr_nonnull(md_before);
    int events = count_rows(db, "SELECT count(*) FROM events");
    ck_assert_int_gt(events, 0);

    /* The pager export is cut short: the build must stop and change nothing. */
    snprintf(path, sizeof(path), "%s/pagerduty.json", inc);
    write_file(path, "{\n  \"log_entries\": [\n    {\"id\": \"R3\", \"type\": \"resolve_log_en");
    rg_diag_init(&d);
    ck_assert_int_eq(build_into(inc, out, db, &d), -1);
    char want[600];
    snprintf(want, sizeof(want),
             "%s:3:40: unexpected end of file (truncated?): premature end of input near "
             "'\"resolve_log_en'",
             path);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
    size_t len;
    snprintf(path, sizeof(path), "%s/review.md", out);
    char *md_after = slurp(path, &len);
    ck_assert_uint_eq(len, md_len);
    ck_assert_mem_eq(md_after, md_before, len);
    snprintf(path, sizeof(path), "%s/review.json", out);
    char *json_after = slurp(path, &len);
    ck_assert_uint_eq(len, json_len);
    ck_assert_mem_eq(json_after, json_before, len);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM events"), events);
    ck_assert(no_temp_files(out));
    rg_free(md_after);
    rg_free(json_after);

    /* Every write, fsync and rename step failing in turn, or killed at:
     * check_publish_fault.c. */
    rg_free(md_before);
    rg_free(json_before);
}
END_TEST

START_TEST(test_rebuild_is_identical)
{
    char dir[256], out1[300], out2[300], db[300];
    scratch(dir, sizeof(dir), "twice");
    snprintf(out1, sizeof(out1), "%s/one", dir);
    snprintf(out2, sizeof(out2), "%s/two", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(build_into(GOOD, out1, db, &d), 0);
    int events = count_rows(db, "SELECT count(*) FROM events");
    ck_assert_int_eq(build_into(GOOD, out2, db, &d), 0);
    rg_diag_free(&d);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM events"), events);
    ck_assert_int_eq(count_rows(db, "SELECT count(*) FROM incidents"), 1);
    const char *names[] = {"review.md", "review.html", "review.json"};
    for (int i = 0; i < 3; i++) {
        char p1[400], p2[400];
        snprintf(p1, sizeof(p1), "%s/%s", out1, names[i]);
        snprintf(p2, sizeof(p2), "%s/%s", out2, names[i]);
        size_t l1, l2;
        char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
        ck_assert_uint_eq(l1, l2);
        ck_assert_mem_eq(a, b, l1);
        rg_free(a);
        rg_free(b);
    }
    /* The store's copy is squeezed from review.json's text (publish.c), and
     * must be what json_dumps writes compact: the store's promise of "the
     * same review gives the same bytes" holds across versions. */
    char path[400];
    snprintf(path, sizeof(path), "%s/review.json", out2);
    json_error_t err;
    json_t *model = json_load_file(path, 0, &err);
    ck_assert_msg(model != NULL, "%s", err.text);
    char *want = json_dumps(model, JSON_COMPACT | JSON_ENCODE_ANY);
    ck_assert_ptr_nonnull(want);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT review_json FROM incidents", -1, &st, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    const char *got = (const char *)sqlite3_column_text(st, 0);
    ck_assert_ptr_nonnull(got);
    ck_assert_uint_gt(strlen(want), 1000);
    ck_assert_str_eq(got, want);
    sqlite3_finalize(st);
    sqlite3_close(h);
    free(want);
    json_decref(model);
}
END_TEST

/* Origins in the model name incident.json relative to the folder, as every
 * source's origin does, whatever path the folder was built from: the action
 * items' as well as the events added by hand (README, "The manifest"). */
START_TEST(test_manifest_origins_are_folder_relative)
{
    char dir[256];
    scratch(dir, sizeof(dir), "origins");
    const char *files[] = {"alerts.json", "pagerduty.json"};
    for (int i = 0; i < 2; i++) {
        char from[400], to[400];
        snprintf(from, sizeof(from), GOOD "/%s", files[i]);
        snprintf(to, sizeof(to), "%s/%s", dir, files[i]);
        copy_file(from, to);
    }
    char mpath[300];
    snprintf(mpath, sizeof(mpath), "%s/incident.json", dir);
    write_file(mpath,
               "{\n"
               "  \"id\": \"INC-9001\",\n"
               "  \"events\": [{\"at\": \"2026-10-02T10:10:00Z\", \"text\": \"vendor called\"}],\n"
               "  \"action_items\": [\n"
               "    {\"title\": \"Canary every search deploy\", \"owner\": \"Sam\"}\n"
               "  ]\n"
               "}\n");
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    const json_t *items = json_object_get(model, "action_items");
    ck_assert_uint_eq(json_array_size(items), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "origin")),
                     "incident.json:5");
    const json_t *tl = json_object_get(model, "timeline");
    int manual = 0;
    for (size_t i = 0; i < json_array_size(tl); i++) {
        const json_t *e = json_array_get(tl, i);
        if (!json_is_true(json_object_get(e, "manual")))
            continue;
        manual++;
        ck_assert_str_eq(json_string_value(json_object_get(e, "origin")), "incident.json:3");
    }
    ck_assert_int_eq(manual, 1);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A title that mentions "javascript:" is text: the chart keeps its
 * aria-label and the build gives no warning that something could run. */
START_TEST(test_title_with_javascript_is_text)
{
    char dir[256], inc[300], out[300], path[400];
    good_incident(dir, inc, out, "js-title",
                  "{\"id\": \"INC-9001\", \"title\": \"Checkout broke: javascript: URLs in the "
                  "cart\"}\n");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, NULL, &d) == 0, "%s", d.error);
    for (size_t i = 0; i < d.n_warnings; i++)
        ck_assert_msg(strcmp(d.warnings[i].key, "svg-unsafe") != 0, "%s", d.warnings[i].first);
    rg_diag_free(&d);
    snprintf(path, sizeof(path), "%s/review.html", out);
    size_t len;
    char *html = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(html, "aria-label=\"Incident timeline: INC-9001, Checkout broke: "
                                       "javascript: URLs in the cart\""));
    rg_free(html);
}
END_TEST

/* The manifest's tracker and links (README, "The manifest"): tickets link
 * through the tracker's pattern, the links get a "Supporting links" section,
 * a relative link in the lead's Markdown is kept and an unsafe one dropped
 * with a warning naming its line in review.md. */
START_TEST(test_tracker_and_supporting_links)
{
    char dir[256], inc[300], out[300], path[400];
    good_incident(dir, inc, out, "links",
                  "{\"id\": \"INC-9001\", \"title\": \"Search latency\",\n"
                  " \"summary\": \"See [the last one](../INC-8990/review.html) and "
                  "[this](javascript:alert(1)).\",\n"
                  " \"tracker\": \"https://jira.example.com/browse/{key}\",\n"
                  " \"action_items\": [{\"title\": \"Roll back faster\", \"owner\": \"Ana\", "
                  "\"ticket\": \"SRCH-12\"},\n"
                  "   {\"title\": \"Odd key\", \"ticket\": \"A B/1\"}, \"No ticket\"],\n"
                  " \"links\": [{\"title\": \"Search dashboard\", \"url\": "
                  "\"https://grafana.example.com/d/search?from=now-6h&to=now\"},\n"
                  "   {\"title\": \"Rollback runbook (v2)\", \"url\": "
                  "\"https://wiki.example.com/rb/rollback_(v2)\"}]}\n");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, NULL, &d) == 0, "%s", d.error);
    const char *dropped = NULL;
    for (size_t i = 0; i < d.n_warnings; i++)
        if (strncmp(d.warnings[i].key, "link-dropped", 12) == 0) {
            ck_assert_ptr_null(dropped);
            dropped = d.warnings[i].first;
            ck_assert_str_eq(dropped,
                             "review.md:11: link to \"javascript:alert(1)\" dropped: only "
                             "https:, http:, mailto:, \"#...\" and relative links are kept");
        }
    ck_assert_ptr_nonnull(dropped);
    rg_diag_free(&d);

    snprintf(path, sizeof(path), "%s/review.md", out);
    size_t len;
    char *md = slurp(path, &len);
    char *line11 = md; /* the summary, below the title, id and review status */
    for (int i = 1; i < 11; i++)
        line11 = strchr(line11, '\n') + 1;
    ck_assert_int_eq(strncmp(line11, "See [the last one](../INC-8990/review.html) and [this](", 55),
                     0);
    ck_assert_ptr_nonnull(strstr(
        md, "\n- [ ] Roll back faster — owner: Ana · ticket: "
            "[SRCH-12](<https\\://jira.example.com/browse/SRCH-12>)\n"
            "- [ ] Odd key — ticket: [A B/1](<https\\://jira.example.com/browse/A%20B%2F1>)\n"
            "- [ ] No ticket\n"));
    ck_assert_ptr_nonnull(strstr(
        md, "\n## Supporting links\n\n"
            "- [Search dashboard](<https\\://grafana.example.com/d/search?from=now-6h\\&to=now>)\n"
            "- [Rollback runbook (v2)](<https\\://wiki.example.com/rb/rollback\\_(v2)>)\n\n"
            "## Appendix\n"));
    rg_free(md);

    snprintf(path, sizeof(path), "%s/review.html", out);
    char *html = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(html,
                                 "<p>See <a href=\"../INC-8990/review.html\">the last one</a> "
                                 "and this.</p>"));
    ck_assert_ptr_nonnull(strstr(html,
                                 "ticket: <a href=\"https://jira.example.com/browse/SRCH-12\" "
                                 "rel=\"noopener noreferrer\">SRCH-12</a>"));
    ck_assert_ptr_nonnull(
        strstr(html, "<h2 id=\"supporting-links\">Supporting links</h2>\n<ul>\n"
                     "<li><a href=\"https://grafana.example.com/d/search?from=now-6h&amp;to=now\" "
                     "rel=\"noopener noreferrer\">Search dashboard</a></li>\n"
                     "<li><a href=\"https://wiki.example.com/rb/rollback_(v2)\" "
                     "rel=\"noopener noreferrer\">Rollback runbook (v2)</a></li>\n</ul>\n"));
    rg_free(html);

    snprintf(path, sizeof(path), "%s/review.json", out);
    json_error_t jerr;
    json_t *model = json_load_file(path, 0, &jerr);
    ck_assert_ptr_nonnull(model);
    const json_t *items = json_object_get(model, "action_items");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "ticket_url")),
                     "https://jira.example.com/browse/SRCH-12");
    ck_assert(json_is_null(json_object_get(json_array_get(items, 2), "ticket_url")));
    char *links = json_dumps(json_object_get(model, "links"), JSON_COMPACT);
    ck_assert_str_eq(links, "[{\"title\":\"Search dashboard\",\"url\":\"https://grafana.example.com"
                            "/d/search?from=now-6h&to=now\"},{\"title\":\"Rollback runbook (v2)\","
                            "\"url\":\"https://wiki.example.com/rb/rollback_(v2)\"}]");
    free(links);
    json_decref(model);
}
END_TEST

/* Key events say what kind of event each is (firing and resolved never read
 * alike); findings show times for people while review.json keeps RFC 3339. */
START_TEST(test_key_event_words_and_finding_times)
{
    char dir[256], inc[300], out[300], path[400];
    good_incident(dir, inc, out, "words",
                  "{\"id\": \"INC-9001\", \"title\": \"Search latency\",\n"
                  " \"events\": [\n"
                  "  {\"at\": \"2026-10-02T10:10:00Z\", \"type\": \"status.investigating\", "
                  "\"actor\": \"Status\", \"text\": \"Search is slow\"},\n"
                  "  {\"at\": \"2026-10-02T10:20:00Z\", \"type\": \"change.deploy\", \"text\": "
                  "\"Rolled back search 4.2\"},\n"
                  "  {\"at\": \"2026-10-02T10:25:00.5Z\", \"text\": \"Vendor called back\"},\n"
                  "  {\"at\": \"2026-10-02T10:29:00Z\", \"type\": \"status.resolved\", \"actor\": "
                  "\"Status\", \"text\": \"Fixed\"}\n"
                  " ]}\n");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, NULL, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    snprintf(path, sizeof(path), "%s/review.md", out);
    size_t len;
    char *md = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(
        md, "| --- | --- | --- | --- | --- |\n"
            "| 10:00:00 | alerts.json | alertmanager | Alert firing: SearchLatencyHigh: search p99 "
            "above 2s | **detected** |\n"
            "| 10:01:00 | pagerduty.json | search-prod | Paged: Triggered through the API |  |\n"
            "| 10:04:30 | pagerduty.json | Amara Okafor | Acknowledged by Amara Okafor | "
            "**acknowledged** |\n"
            "| 10:10:00 | added by hand | Status | Status page posted (investigating): Search is "
            "slow | **communicated** |\n"
            "| 10:20:00 | added by hand |  | Deployed: Rolled back search 4.2 |  |\n"
            "| 10:25:00 | added by hand |  | Vendor called back |  |\n"
            "| 10:29:00 | added by hand | Status | Status page posted (resolved): Fixed | "
            "**resolved** |\n"
            "| 10:30:00 | alerts.json | alertmanager | Alert resolved: SearchLatencyHigh: search "
            "p99 above 2s |  |\n"
            "| 10:40:00 | pagerduty.json | Amara Okafor | Page resolved: Resolved by Amara Okafor "
            "| **recovered** |\n"
            "<!-- reviewgen-lint: on -->\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "\n- **announced-before-recovered**: Success was announced at 10:29 UTC while "
                   "alert \"SearchLatencyHigh: search p99 above 2s\" was still firing: it fired "
                   "at 10:00 UTC and resolved at 10:30 UTC (alerts.json:11). (incident.json:6)\n"));
    ck_assert_ptr_null(strstr(md, "T10:29:00Z"));
    rg_free(md);
    snprintf(path, sizeof(path), "%s/review.json", out);
    json_error_t jerr;
    json_t *model = json_load_file(path, 0, &jerr);
    ck_assert_ptr_nonnull(model);
    const json_t *f = json_array_get(json_object_get(model, "findings"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(f, "text")),
                     "Success was announced at 2026-10-02T10:29:00Z while alert "
                     "\"SearchLatencyHigh: search p99 above 2s\" was still firing: it fired at "
                     "2026-10-02T10:00:00Z and resolved at 2026-10-02T10:30:00Z (alerts.json:11).");
    const json_t *ke = json_object_get(model, "key_events");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ke, 2), "label")),
                     "Acknowledged");
    ck_assert(json_is_false(json_object_get(json_array_get(ke, 2), "label_shown")));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ke, 7), "label")),
                     "Alert resolved");
    ck_assert(json_is_true(json_object_get(json_array_get(ke, 7), "label_shown")));
    json_decref(model);
}
END_TEST

START_TEST(test_human_times)
{
    static const struct {
        const char *text, *day0;
        int multi_day;
        const char *want;
    } cases[] = {
        {"at 2026-11-20T15:35:00.412000Z, then 2026-11-20T15:44:16.118204Z.", "2026-11-20", 0,
         "at 15:35 UTC, then 15:44 UTC."},
        /* two times in one minute: seconds, so they do not read alike */
        {"from 2026-11-20T15:35:00Z to 2026-11-20T15:35:40.5Z", "2026-11-20", 0,
         "from 15:35:00 UTC to 15:35:40 UTC"},
        /* an incident over midnight: the date on every time */
        {"from 2026-11-20T23:50:00Z to 2026-11-21T00:20:00Z", "2026-11-20", 1,
         "from 2026-11-20 23:50 UTC to 2026-11-21 00:20 UTC"},
        /* a time on another day than the first: dates too */
        {"since 2026-11-19T08:00:00Z", "2026-11-20", 0, "since 2026-11-19 08:00 UTC"},
        {"since 2026-11-19T08:00:00Z", NULL, 0, "since 2026-11-19 08:00 UTC"},
        /* not times: a placeholder, a zone-less time, a longer number, nothing */
        {"set \"YYYY-MM-DDThh:mm:ssZ\" or 2026-11-20T15:35:00 or 12026-11-20T15:35:00Z",
         "2026-11-20", 0,
         "set \"YYYY-MM-DDThh:mm:ssZ\" or 2026-11-20T15:35:00 or 12026-11-20T15:35:00Z"},
        {"", "2026-11-20", 0, ""},
        {"2026-11-20T15:35:00.Z", "2026-11-20", 0, "2026-11-20T15:35:00.Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = rg_model_human_times(cases[i].text, cases[i].day0, cases[i].multi_day);
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: got '%s'", i, got);
        rg_free(got);
    }
}
END_TEST

/* The first page when the manifest gives no summary, no action items and no
 * sections: "What happened" written from the milestones (what broke, how
 * long, how it ended) in a region publish refreshes, every empty section a
 * prompt, the thanks right after "What we are changing". */
START_TEST(test_first_page_generated)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {GOOD, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    ck_assert_str_eq(json_string_value(json_object_get(model, "what_happened")),
                     "Search latency after a bad deploy: customers were first affected at 10:00 "
                     "UTC on 2026-10-02, in search. Customers were affected for 30 min. The "
                     "impact stopped at 10:30 UTC (last alert.resolved: \"SearchLatencyHigh: "
                     "search p99 above 2s\", alerts.json:11).");
    const json_t *ch = json_object_get(model, "changing");
    ck_assert_str_eq(json_string_value(json_object_get(ch, "count_text")), "0 follow-ups, 0 P1");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(model, "review"), "status")),
                     "draft");
    size_t len;
    char *md = rg_render_markdown(model, NULL, &len, &d);
    ck_assert_msg(md != NULL, "%s", d.error);
    const char *first =
        "# Search latency after a bad deploy\n\n"
        "**INC-9001** · severity SEV3 · services: search\n\n"
        "Review status: **draft** (set `\"status\"`, `\"authors\"` and `\"reviewers\"` in "
        "incident.json)\n\n"
        "All times are UTC. Local times without a zone were read in UTC (assumed: the manifest "
        "names no time zone). This is a blameless review: it describes what the system and the "
        "people in it did, to learn, not to judge.\n\n"
        "## What happened\n\n"
        "<!-- reviewgen:begin what-happened -->\n"
        "Search latency after a bad deploy: customers were first affected at 10:00 UTC on "
        "2026-10-02, in search. Customers were affected for 30 min. The impact stopped at 10:30 "
        "UTC (last alert.resolved: \"SearchLatencyHigh: search p99 above 2s\", alerts.json:11).\n"
        "<!-- reviewgen:end what-happened -->\n\n"
        "*Written from the milestones: replace it with two or three sentences of your own on "
        "what broke, how long customers were affected and how it was fixed (`\"summary\"` in "
        "incident.json).*\n\n"
        "*Describe who was affected and how (`\"customer_impact\"` in incident.json).*\n\n"
        "<!-- reviewgen:begin impact -->\n"
        "Customers were affected for 30 min from 10:00:00 to 10:30:00 (UTC, 2026-10-02). These "
        "periods join the alerts' firing-to-resolved spans, the error bursts in the logs and the "
        "monitoring series' breaches; `started` to `mitigated` is in the metrics below.\n"
        "<!-- reviewgen:end impact -->\n\n"
        "## What we are changing\n\n"
        "*No action items yet: add them here as a task list (`- [ ] what — owner: who · due: "
        "2026-12-15 · priority: P1 · ticket: OPS-1`), or as `\"action_items\"` in "
        "incident.json.*\n\n"
        "## Thank you\n\n";
    ck_assert_msg(strncmp(md, first, strlen(first)) == 0, "first page:\n%.*s", (int)strlen(first),
                  md);
    ck_assert_ptr_nonnull(
        strstr(md, "## What went well\n\n*What helped: a fast page, a runbook that worked, a "
                   "workaround found early (`\"went_well\"` in incident.json).*\n\n"
                   "## What went wrong\n\n*What made the response harder or the impact longer "
                   "(`\"went_wrong\"` in incident.json).*\n\n"
                   "## Where we got lucky\n\n*What kept this from being worse by chance rather "
                   "than by design (`\"got_lucky\"` in incident.json).*\n\n"
                   "## Contributing factors\n\n*What conditions made this incident possible"));
    rg_free(md);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* The manifest's own first page: the header's status, authors and
 * reviewers; the action items P1 first (a stable order within a priority,
 * none last) with their count; the three sections; a factor chain as a
 * nested "because" list, in the Markdown and the HTML. */
START_TEST(test_first_page_from_manifest)
{
    char dir[256], inc[300], out[300], path[400];
    good_incident(dir, inc, out, "first-page",
                  "{\"id\": \"INC-9001\", \"title\": \"Search latency\", \"status\": \"final\",\n"
                  " \"authors\": [\"Amara Okafor\", \"Linh Tran\", \"Ivo Novak\"],\n"
                  " \"reviewers\": [\"Siti Rahmawati\"],\n"
                  " \"summary\": \"A bad deploy slowed search.\",\n"
                  " \"went_well\": [\"The rollback took two minutes.\"],\n"
                  " \"went_wrong\": [\"The canary did not cover search.\"],\n"
                  " \"got_lucky\": [\"Traffic was low.\"],\n"
                  " \"contributing_factors\": [{\"factor\": \"The deploy skipped the canary\",\n"
                  "   \"because\": [{\"factor\": \"the canary list is kept by hand\",\n"
                  "                  \"because\": [\"because search joined after it was "
                  "written\"]}]}, \"A second factor.\"],\n"
                  " \"action_items\": [\n"
                  "  {\"title\": \"Write the runbook\", \"priority\": \"P2\", \"owner\": \"Linh "
                  "Tran\"},\n"
                  "  {\"title\": \"Untriaged idea\"},\n"
                  "  {\"title\": \"Generate the canary list\", \"priority\": \"P1\", \"owner\": "
                  "\"Ivo Novak\", \"due\": \"2026-10-20\", \"ticket\": \"SRCH-7\"},\n"
                  "  {\"title\": \"Page on p99\", \"priority\": \"P1\", \"status\": \"done\"},\n"
                  "  {\"title\": \"Tidy dashboards\", \"priority\": \"P3\"}]}\n");
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    ck_assert_msg(build_into(inc, out, NULL, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    snprintf(path, sizeof(path), "%s/review.md", out);
    char *md = slurp(path, &len);
    ck_assert_ptr_nonnull(md);
    ck_assert_ptr_nonnull(strstr(md, "\n\nReview status: **final** · authors: Amara Okafor, Linh "
                                     "Tran and Ivo Novak · reviewers: Siti Rahmawati\n\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "## What happened\n\nA bad deploy slowed search.\n\n*Describe who"));
    ck_assert_ptr_null(strstr(md, "what-happened"));
    ck_assert_ptr_nonnull(strstr(
        md, "## What we are changing\n\n**5 follow-ups, 2 P1**, highest priority first:\n\n"
            "- [ ] Generate the canary list — owner: Ivo Novak · due: 2026-10-20 · priority: P1 · "
            "ticket: SRCH-7\n"
            "- [x] Page on p99 — priority: P1\n"
            "- [ ] Write the runbook — owner: Linh Tran · priority: P2\n"
            "- [ ] Tidy dashboards — priority: P3\n"
            "- [ ] Untriaged idea\n\n"
            "## Thank you\n\n"));
    ck_assert_ptr_nonnull(strstr(md, "## What went well\n\n- The rollback took two minutes.\n\n"
                                     "## What went wrong\n\n- The canary did not cover search.\n\n"
                                     "## Where we got lucky\n\n- Traffic was low.\n\n"
                                     "## Contributing factors\n\n"
                                     "- The deploy skipped the canary\n"
                                     "  - because the canary list is kept by hand\n"
                                     "    - because search joined after it was written\n"
                                     "- A second factor.\n\n"));
    rg_free(md);
    /* review.json keeps the manifest's order; "changing" is the page's */
    snprintf(path, sizeof(path), "%s/review.json", out);
    char *js = slurp(path, &len);
    rg_diag_init(&d);
    json_t *model = rg_json_parse(path, js, strlen(js), 0, &d);
    ck_assert_msg(model != NULL, "%s", d.error);
    rg_diag_free(&d);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(model, "action_items"), 0), "title")),
                     "Write the runbook");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(model, "contributing_factors"), 0)),
        "The deploy skipped the canary\n"
        "- because the canary list is kept by hand\n"
        "  - because search joined after it was written");
    json_decref(model);
    rg_free(js);
    snprintf(path, sizeof(path), "%s/review.html", out);
    char *html = slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(html, "<li>The deploy skipped the canary\n<ul>\n<li>because the "
                                       "canary list is kept by hand\n<ul>\n<li>because search "
                                       "joined after it was written</li>\n</ul>\n</li>\n</ul>\n"
                                       "</li>\n"));
    /* the first screen: what happened, the cards, what we are changing, the
     * contents, then the thanks */
    const char *order[] = {">What happened</h2>",
                           "<section class=\"rg-cards\"",
                           ">Customer impact</span><span class=\"rg-card-value\">30 min</span>",
                           ">What we are changing</h2>",
                           "<nav class=\"toc\"",
                           ">Thank you</h2>"};
    const char *at = html;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        const char *p = strstr(at, order[i]);
        ck_assert_msg(p != NULL, "'%s' missing or out of order", order[i]);
        at = p;
    }
    ck_assert_ptr_null(strstr(html, "Time to mitigate</span>"));
    rg_free(html);
}
END_TEST

/* --appendix: full has the whole timeline, the sources and the warnings;
 * compact the clusters and the milestones' events only; none no appendix. */
START_TEST(test_appendix_modes)
{
    char dir[256], out[300], path[400];
    scratch(dir, sizeof(dir), "appendix");
    static const rg_appendix modes[] = {RG_APPENDIX_FULL, RG_APPENDIX_COMPACT, RG_APPENDIX_NONE};
    char *md[3];
    for (int i = 0; i < 3; i++) {
        snprintf(out, sizeof(out), "%s/out%d", dir, i);
        rg_diag d;
        rg_diag_init(&d);
        rg_build b;
        rg_build_opts o = {GOOD, NULL, NULL, NULL};
        ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
        json_t *model = rg_model_build(&b);
        rg_publish_opts po = {out, NULL, NULL, 0, NULL, 0, modes[i], NULL};
        rg_publish_result res;
        ck_assert_msg(rg_publish_ex(&b, model, &po, &res, &d) == 0, "%s", d.error);
        ck_assert_str_eq(
            json_string_value(json_object_get(json_object_get(res.model, "appendix"), "mode")),
            i == 0   ? "full"
            : i == 1 ? "compact"
                     : "none");
        rg_publish_result_free(&res);
        json_decref(model);
        rg_build_free(&b);
        rg_diag_free(&d);
        snprintf(path, sizeof(path), "%s/review.md", out);
        size_t len;
        md[i] = slurp(path, &len);
        ck_assert_ptr_nonnull(md[i]);
    }
    ck_assert_ptr_nonnull(strstr(md[0], "\n## Appendix\n\n### Full timeline\n"));
    ck_assert_ptr_nonnull(strstr(md[0], "\n### Sources\n"));
    ck_assert_ptr_null(strstr(md[0], "### Clusters and milestones"));
    const char *compact = strstr(md[1], "\n## Appendix\n\n### Clusters and milestones\n");
    ck_assert_ptr_nonnull(compact);
    ck_assert_ptr_null(strstr(md[1], "### Full timeline"));
    ck_assert_ptr_null(strstr(md[1], "### Sources"));
    /* the good folder has no clusters: its rows are the milestones' events,
     * each marked with its milestone */
    const char *rows = strstr(compact, "| --- | --- | --- | --- | --- | --- | --- |\n");
    ck_assert_ptr_nonnull(rows);
    rows += strlen("| --- | --- | --- | --- | --- | --- | --- |\n");
    size_t n_rows = 0;
    for (const char *p = rows; *p == '|'; p = strchr(p, '\n') + 1) {
        n_rows++;
        const char *nl = strchr(p, '\n');
        ck_assert_ptr_nonnull(nl);
        char line[1024];
        snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
        ck_assert_msg(strstr(line, "(**") != NULL, "%s", line);
    }
    ck_assert_uint_ge(n_rows, 3);
    ck_assert_ptr_null(strstr(md[2], "## Appendix"));
    ck_assert_ptr_null(strstr(md[2], "### Full timeline"));
    for (int i = 0; i < 3; i++)
        rg_free(md[i]);
}
END_TEST

START_TEST(test_not_a_folder)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {GOOD "/incident.json", NULL, NULL, NULL};
    ck_assert_int_eq(rg_build_run(&b, &o, &d), -1);
    ck_assert_str_eq(d.error,
                     GOOD "/incident.json: not a folder; reviewgen reads an incident folder");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A year-less syslog with no incident window: its year comes from the other
 * sources' evidence (here a JSON-lines log of November 2024) before the file's
 * modification time (2030), and the build says which it used. */
START_TEST(test_year_from_evidence)
{
    char dir[256], p[512];
    scratch(dir, sizeof(dir), "year");
    snprintf(p, sizeof(p), "%s/app.jsonl", dir);
    write_file(p, "{\"time\":\"2024-11-20T14:00:00Z\",\"level\":\"info\",\"msg\":\"a\"}\n"
                  "{\"time\":\"2024-11-20T16:00:00Z\",\"level\":\"info\",\"msg\":\"b\"}\n");
    snprintf(p, sizeof(p), "%s/messages", dir);
    write_file(p, "Nov 20 15:00:00 web-1 app: year-less\nNov 20 15:00:01 web-1 app: again\n");
    struct timespec t[2] = {{1900000000, 0}, {1900000000, 0}}; /* 2030-03-17 */
    ck_assert_int_eq(utimensat(AT_FDCWD, p, t, 0), 0);
    rg_build b;
    rg_build_opts o = {0};
    o.dir = dir;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_build_run(&b, &o, &d), 0);
    /* info lines are folded into their clusters (README, "Evidence of any
     * size"): four lines, four clusters, no events */
    ck_assert_uint_eq(b.n_events, 0);
    ck_assert_uint_eq(b.logsum.n_folded, 4);
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 4);
    int found = 0;
    for (size_t i = 0; i < b.logsum.n_sorted_clusters; i++)
        if (strcmp(b.logsum.sorted_clusters[i]->text, "year-less") == 0) {
            char when[32];
            ck_assert_str_eq(rg_time_format(b.logsum.sorted_clusters[i]->first_us, when),
                             "2024-11-20T15:00:00Z");
            ck_assert_str_eq(b.logsum.sorted_clusters[i]->origin, "messages:1");
            found = 1;
        }
    ck_assert(found);
    char want[600];
    snprintf(want, sizeof(want),
             "%s/messages:1: timestamps have no year; each takes the year that puts it nearest "
             "the other sources' evidence (app.jsonl) (2024-11-20T15:00:00Z)",
             dir);
    const rg_warning *w = NULL;
    for (size_t i = 0; i < d.n_warnings; i++)
        if (strcmp(d.warnings[i].key, "no-year") == 0)
            w = &d.warnings[i];
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->first, want);
    ck_assert_uint_eq(w->count, 2);
    rg_build_free(&b);
    rg_diag_free(&d);

    /* Alone, it takes the file's modification time, and says so. */
    snprintf(p, sizeof(p), "%s/app.jsonl", dir);
    unlink(p);
    rg_diag_init(&d);
    ck_assert_int_eq(rg_build_run(&b, &o, &d), 0);
    char when[32];
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 2);
    ck_assert_str_eq(rg_time_format(b.logsum.sorted_clusters[0]->first_us, when),
                     "2029-11-20T15:00:00Z");
    snprintf(want, sizeof(want),
             "%s/messages:1: timestamps have no year; each takes the year that puts it nearest "
             "the file's modification time (2030-03-17T17:46:40Z)",
             dir);
    w = NULL;
    for (size_t i = 0; i < d.n_warnings; i++)
        if (strcmp(d.warnings[i].key, "no-year") == 0)
            w = &d.warnings[i];
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->first, want);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *build_suite(void)
{
    Suite *s = suite_create("build");
    TCase *tc = tcase_create("build");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_good_folder_milestones);
    tcase_add_test(tc, test_corrupt_source_changes_nothing);
    tcase_add_test(tc, test_rebuild_is_identical);
    tcase_add_test(tc, test_not_a_folder);
    tcase_add_test(tc, test_year_from_evidence);
    tcase_add_test(tc, test_title_with_javascript_is_text);
    tcase_add_test(tc, test_manifest_origins_are_folder_relative);
    tcase_add_test(tc, test_tracker_and_supporting_links);
    tcase_add_test(tc, test_key_event_words_and_finding_times);
    tcase_add_test(tc, test_human_times);
    tcase_add_test(tc, test_first_page_generated);
    tcase_add_test(tc, test_first_page_from_manifest);
    tcase_add_test(tc, test_appendix_modes);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(build_suite)
