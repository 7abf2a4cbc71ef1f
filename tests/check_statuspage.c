/* check_statuspage.c -- the Statuspage importer: an API v2 incidents.json with
 * three incidents, bad records among good ones, the real webhook deliveries
 * in the shared corpus, and bad input with exact errors. */
#include <string.h>

#include "alloc.h"
#include "check_badinput_util.h"
#include "check_importer_util.h"
#include "jsonutil.h"

extern const rg_importer rg_importer_statuspage;

#define FIX RG_FIXTURES "/statuspage"
#define MAX_EVENTS 32

static void run_parse(got *r, const char *path)
{
    rg_source src = {.path = path,
                     .name = "acme status",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse(r, &rg_importer_statuspage, &src, MAX_EVENTS);
}

typedef struct want {
    const char *at, *type, *actor, *text;
    long line;
    const char *time_text, *attrs;
} want;

static void check_event(got *r, const char *path, size_t i, const want *w)
{
    ck_assert_uint_lt(i, r->n);
    const rg_event *ev = r->ev[i];
    char buf[32];
    ck_assert_str_eq(rg_time_format(ev->at_us, buf), w->at);
    ck_assert_int_eq(ev->kind, RG_KIND_STATUS);
    ck_assert_str_eq(ev->type, w->type);
    ck_assert_str_eq(ev->source, "acme status");
    ck_assert_str_eq(ev->actor, w->actor);
    ck_assert_int_eq(ev->human, 1);
    ck_assert_str_eq(ev->text, w->text);
    ck_assert_str_eq(ev->origin, rg_origin(r->arena, path, w->line));
    ck_assert_str_eq(ev->time_text, w->time_text);
    ck_assert_str_eq(attrs_text(r->arena, ev), w->attrs);
}

#define CHECKOUT                                                                                   \
    "status_incident=k7h2x9p1qz3m;status_incident_name=Checkout failures for some "                \
    "customers;impact=major"
#define MAINT                                                                                      \
    "status_incident=m4nt3n4nc3aa;status_incident_name=Database maintenance;impact=maintenance"
#define LOGIN "status_incident=l0g1nd3l4y55;status_incident_name=Login delays;impact=minor"

START_TEST(test_incidents)
{
    const char *path = FIX "/incidents.json";
    got r;
    run_parse(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(r.diag.has_error, 0);
    ck_assert_uint_eq(r.n, 9);
    /* Newest first, as Statuspage lists them: the core sorts. */
    const want w[] = {
        {"2026-11-20T15:40:00Z", "status.resolved", "Acme Cloud",
         "Checkout failures for some customers: This incident has been resolved.", 23,
         "2026-11-20T15:40:00.000Z", CHECKOUT ";status=resolved"},
        {"2026-11-20T15:05:00Z", "status.monitoring", "Acme Cloud",
         "Checkout failures for some customers: A fix has been implemented and we are monitoring "
         "the results. Workaround: retry the payment.",
         34, "2026-11-20T15:05:00.000Z",
         CHECKOUT ";status=monitoring;components=Checkout API, Payments"},
        /* display_at (what customers saw) wins over created_at; +07:00 honoured. */
        {"2026-11-20T14:40:00Z", "status.identified", "Acme Cloud",
         "Checkout failures for some customers: The issue has been identified & a fix is being "
         "implemented.",
         48, "2026-11-20T21:40:00+07:00", CHECKOUT ";status=identified"},
        /* display_at null: created_at. Hostile text kept as written for the renderers. */
        {"2026-11-20T14:20:00Z", "status.investigating", "Acme Cloud",
         "Checkout failures for some customers: We are investigating errors at checkout. "
         "<script>alert(1)</script> [x](javascript:alert(1))",
         59, "2026-11-20T14:20:00.000Z", CHECKOUT ";status=investigating"},
        /* Scheduled maintenance statuses are plain updates; an empty body leaves the name. */
        {"2026-11-20T03:00:00Z", "status.update", "Acme Cloud", "Database maintenance", 85,
         "2026-11-20T03:00:00.000Z", MAINT ";status=completed"},
        {"2026-11-20T02:00:00Z", "status.update", "Acme Cloud",
         "Database maintenance: Scheduled maintenance is currently in progress.", 93,
         "2026-11-20T02:00:00.000Z", MAINT ";status=in_progress"},
        {"2026-11-17T10:00:00Z", "status.update", "Acme Cloud",
         "Database maintenance: We will be upgrading the database.", 101,
         "2026-11-17T10:00:00.000Z", MAINT ";status=scheduled"},
        {"2026-10-01T09:45:00Z", "status.resolved", "Acme Cloud",
         "Login delays: Logins are fast again.", 128, "2026-10-01T09:45:00.000Z",
         LOGIN ";status=resolved"},
        /* No offset in the text: read in the source's zone, and said so. */
        {"2026-10-01T09:00:00Z", "status.investigating", "Acme Cloud",
         "Login delays: Some users see slow logins.", 136, "2026-10-01 09:00:00 (UTC assumed)",
         LOGIN ";status=investigating"},
    };
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        check_event(&r, path, i, &w[i]);
    /* 10 updates read: 9 events + the postmortem, counted. */
    ck_assert_uint_eq(r.diag.n_warnings, 1);
    ck_assert_str_eq(r.diag.warnings[0].key, "postmortem");
    ck_assert_uint_eq(r.diag.warnings[0].count, 1);
    ck_assert_str_eq(r.diag.warnings[0].first,
                     FIX "/incidents.json:120:9: postmortem update of incident 'Login delays' "
                         "skipped: it is not a status update and would stretch the incident "
                         "window");
    got_free(&r);
}
END_TEST

START_TEST(test_zone_and_offset)
{
    char err[128];
    rg_tz *tz = rg_tz_load("Asia/Ho_Chi_Minh", err, sizeof(err));
    ck_assert_msg(tz != NULL, "%s", err);
    rg_source src = {.path = FIX "/incidents.json",
                     .name = "acme status",
                     .zone = tz,
                     .zone_explicit = 1,
                     .offset_us = -INT64_C(42) * 1000000,
                     .ref_us = INT64_MIN};
    got r;
    got_parse(&r, &rg_importer_statuspage, &src, MAX_EVENTS);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 9);
    char buf[32];
    /* Times with an offset ignore the zone; the clock offset applies to all. */
    ck_assert_str_eq(rg_time_format(r.ev[0]->at_us, buf), "2026-11-20T15:39:18Z");
    ck_assert_str_eq(rg_time_format(r.ev[2]->at_us, buf), "2026-11-20T14:39:18Z");
    /* 09:00 in Ho Chi Minh City (UTC+7) is 02:00Z, less 42 s. */
    ck_assert_str_eq(rg_time_format(r.ev[8]->at_us, buf), "2026-10-01T01:59:18Z");
    ck_assert_str_eq(r.ev[8]->time_text, "2026-10-01 09:00:00 (Asia/Ho_Chi_Minh assumed)");
    got_free(&r);
    rg_tz_free(tz);
}
END_TEST

START_TEST(test_mixed_records)
{
    const char *path = FIX "/mixed.json";
    got r;
    run_parse(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 3);
    const want w[] = {
        {"2026-11-20T16:00:00Z", "status.resolved", "Acme Cloud", "Search outage: Fixed.", 9,
         "2026-11-20T16:00:00Z",
         "status_incident=aaaa1111;status_incident_name=Search outage;impact=critical;"
         "status=resolved"},
        {"2026-11-20T14:55:00Z", "status.investigating", "Acme Cloud",
         "Search outage: Search is down.", 15, "2026-11-20T14:55:00Z",
         "status_incident=aaaa1111;status_incident_name=Search outage;impact=critical;"
         "status=investigating"},
        /* The incident has no id: the update's incident_id groups it. */
        {"2026-11-20T14:50:00Z", "status.investigating", "Acme Cloud",
         "Incident without an id: Found by incident_id.", 26, "2026-11-20T14:50:00Z",
         "status_incident=cccc3333;status_incident_name=Incident without an id;"
         "status=investigating"},
    };
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
        check_event(&r, path, i, &w[i]);
    /* Bad: no status, unreadable time, numeric body, numeric display_at, a
     * string for an update, an incident without updates, 17 for an incident,
     * an update that nothing ties to an incident. */
    ck_assert_uint_eq(r.diag.n_warnings, 1);
    ck_assert_uint_eq(r.diag.warnings[0].count, 8);
    ck_assert_int_eq(r.diag.warnings[0].line, 10);
    ck_assert_str_eq(
        r.diag.warnings[0].first,
        FIX "/mixed.json:10:9: incident update has no \"status\", expected a string; skipped");
    got_free(&r);
}
END_TEST

/* Each bad record alone, to see every warning's own text and line. */
START_TEST(test_each_warning)
{
    static const struct {
        const char *json, *first;
    } cases[] = {
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"monitoring\", \"body\": \"b\", \"created_at\": \"yesterday\"}]}]}",
         "2:3: unreadable incident update \"created_at\" 'yesterday'"},
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"identified\", \"body\": 42, \"created_at\": "
         "\"2026-11-20T15:10:00Z\"}]}]}",
         "2:3: incident update \"body\" is a number, expected a string; skipped"},
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"identified\", \"display_at\": 7, \"created_at\": "
         "\"2026-11-20T15:10:00Z\"}]}]}",
         "2:3: incident update \"display_at\" is a number, expected a string; skipped"},
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"identified\"}]}]}",
         "2:3: incident update has no \"created_at\", expected a time; skipped"},
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\"x\"]}]}",
         "1:62: expected an incident update object, got a string; skipped"},
        {"{\"incidents\": [\n  {\"id\": \"a\", \"name\": \"N\"}]}",
         "2:3: incident 'N' has no \"incident_updates\", expected an array"},
        {"{\"incidents\": [\n  {\"id\": \"a\", \"name\": \"N\", \"incident_updates\": {}}]}",
         "2:3: incident 'N' has an object \"incident_updates\", expected an array"},
        {"{\"incidents\": [\n  true]}", "2:3: expected an incident object, got a boolean"},
        {"{\"incidents\": [{\"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"identified\", \"created_at\": \"2026-11-20T15:10:00Z\"}]}]}",
         "2:3: update of incident 'N' skipped: the incident has no \"id\""},
        {"{\"incidents\": [{\"id\": \"a\", \"name\": \"N\", \"incident_updates\": [\n"
         "  {\"status\": \"identified\", \"body\": \"a\\u0000b\", \"created_at\": "
         "\"2026-11-20T15:10:00Z\"}]}]}",
         "2:3: incident update body holds 1 NUL byte(s), shown as U+FFFD"},
    };
    char path[] = "/tmp/rg-statuspage-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(cases[i].json, f);
        fclose(f);
        got r;
        run_parse(&r, path);
        ck_assert_int_eq(r.rc, 0);
        ck_assert_msg(r.diag.n_warnings == 1, "case %zu: %zu warnings", i, r.diag.n_warnings);
        char want_line[512];
        snprintf(want_line, sizeof(want_line), "%s:%s", path, cases[i].first);
        ck_assert_str_eq(r.diag.warnings[0].first, want_line);
        got_free(&r);
    }
    /* The NUL case keeps its update, with U+FFFD in place of the NUL. */
    got r;
    run_parse(&r, path);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.ev[0]->text, "N: a\xEF\xBF\xBD"
                                    "b");
    got_free(&r);
    remove(path);
}
END_TEST

START_TEST(test_other_shapes)
{
    got r;
    run_parse(&r, FIX "/single-incident.json");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.ev[0]->actor, "statuspage"); /* no page, no page name */
    ck_assert_str_eq(r.ev[0]->type, "status.monitoring");
    ck_assert_str_eq(r.ev[0]->origin, FIX "/single-incident.json:7");
    ck_assert_str_eq(r.ev[1]->type, "status.update");
    ck_assert_str_eq(rg_event_attr_get(r.ev[1], "status"), "verifying");
    ck_assert_str_eq(rg_event_attr_get(r.ev[1], "status_incident"), "s1ngl3");
    got_free(&r);

    run_parse(&r, FIX "/array.json");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 2);
    ck_assert_str_eq(r.ev[0]->text, "First: One.");
    ck_assert_str_eq(r.ev[0]->origin, FIX "/array.json:6");
    ck_assert_str_eq(r.ev[1]->text, "Second: Two.");
    ck_assert_str_eq(r.ev[1]->origin, FIX "/array.json:13");
    ck_assert_str_eq(rg_event_attr_get(r.ev[1], "status_incident"), "arr2");
    got_free(&r);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"empty",      "truncated",    "truncated-string",
                                        "wrong-type", "no-incidents", "not-utf8",
                                        "utf16"};
    check_invalid_fixtures(&rg_importer_statuspage, FIX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_invalid_exact_lines)
{
    got r;
    run_parse(&r, FIX "/invalid/wrong-type/input");
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/wrong-type/input:1:1: expected a Statuspage export (an object "
                         "with \"incidents\", a webhook with \"incident\" or "
                         "\"component_update\", or an incident with \"incident_updates\"), got a "
                         "string");
    got_free(&r);
    run_parse(&r, FIX "/invalid/truncated-string/input");
    ck_assert_str_eq(r.diag.error, FIX "/invalid/truncated-string/input:37:29: unexpected end of "
                                       "file (truncated?): premature end of input near '\"A fix "
                                       "has '");
    got_free(&r);
    run_parse(&r, FIX "/invalid/utf16/input");
    ck_assert_str_eq(r.diag.error, FIX "/invalid/utf16/input:1:1: file is UTF-16; save it as "
                                       "UTF-8");
    got_free(&r);
    run_parse(&r, FIX "/no-such-file.json");
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.diag.error,
                     FIX "/no-such-file.json: cannot read: No such file or directory");
    got_free(&r);
}
END_TEST

START_TEST(test_sniff)
{
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, FIX "/incidents.json"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, FIX "/mixed.json"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, FIX "/array.json"), 75);
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, FIX "/single-incident.json"), 75);
    ck_assert_int_eq(
        sniff_file(&rg_importer_statuspage, RG_FIXTURES "/slack/export/inc-2041/2026-11-20.json"),
        0);
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, RG_FIXTURES "/slack/export/users.json"),
                     0);
    ck_assert_int_eq(rg_importer_statuspage.sniff(FIX, 1, NULL, 0), 0);
    static const char empty_export[] =
        "{\"page\": {\"id\": \"x\", \"name\": \"Acme\", \"url\": \"https://acme.statuspage.io\"}, "
        "\"incidents\": []}";
    ck_assert_int_eq(
        rg_importer_statuspage.sniff("history.json", 0, empty_export, sizeof(empty_export) - 1),
        70);
    /* PagerDuty also says "incidents", never "incident_updates". */
    static const char pd[] = "{\"incidents\": [{\"id\": \"PT4KHLK\", \"type\": \"incident\"}], "
                             "\"limit\": 25, \"offset\": 0, \"more\": false}";
    ck_assert_int_eq(rg_importer_statuspage.sniff("pd.json", 0, pd, sizeof(pd) - 1), 0);
    ck_assert_int_eq(rg_importer_statuspage.sniff("x.json", 0, "", 0), 0);
    if (rg_have_corpus(RG_CORPUS "/real/pagerduty/webhook_v3_incident.triggered.json"))
        ck_assert_int_eq(sniff_file(&rg_importer_statuspage,
                                    RG_CORPUS "/real/pagerduty/webhook_v3_incident.triggered.json"),
                         0);
}
END_TEST

#define WEBHOOK RG_CORPUS "/real/statuspage"

START_TEST(test_corpus_webhooks)
{
    if (!rg_have_corpus(WEBHOOK "/webhook_incident_update_resolved.json"))
        return;
    const char *created = WEBHOOK "/webhook_incident_created.json";
    const char *resolved = WEBHOOK "/webhook_incident_update_resolved.json";
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, created), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, resolved), 90);
    const char *body = "Database query delays: We just encountered that database queries are "
                       "timing out resulting in inconvenience to our end users...we'll do quick "
                       "fix latest by tomorrow !!!";
    const char *attrs = "status_incident=z3lct0r596n4;status_incident_name=Database query "
                        "delays;impact=none;status=%s;components=Management Portal (example)";
    got r;
    run_parse(&r, created);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    ck_assert_uint_eq(r.n, 1);
    want w = {"2017-12-26T07:32:00.548000Z",
              "status.identified",
              "statuspage",
              body,
              38,
              "2017-12-26T07:32:00.548Z",
              rg_arena_printf(r.arena, attrs, "identified")};
    check_event(&r, created, 0, &w);
    got_free(&r);

    run_parse(&r, resolved);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 2);
    want w0 = {"2017-12-26T07:37:20.785000Z",
               "status.resolved",
               "statuspage",
               "Database query delays: The database issue is resolved.",
               38,
               "2017-12-26T07:37:20.785Z",
               rg_arena_printf(r.arena, attrs, "resolved")};
    want w1 = {"2017-12-26T07:32:00.548000Z",
               "status.identified",
               "statuspage",
               body,
               59,
               "2017-12-26T07:32:00.548Z",
               rg_arena_printf(r.arena, attrs, "identified")};
    check_event(&r, resolved, 0, &w0);
    check_event(&r, resolved, 1, &w1);
    got_free(&r);
}
END_TEST

START_TEST(test_component_update)
{
    const char *path = FIX "/component-update.json";
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, path), 90);
    got r;
    run_parse(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    ck_assert_uint_eq(r.n, 1);
    const rg_event *ev = r.ev[0];
    ck_assert_str_eq(at(ev), "2026-11-20T14:31:07.011000Z");
    ck_assert_int_eq(ev->kind, RG_KIND_STATUS);
    ck_assert_str_eq(ev->type, "status.update");
    ck_assert_str_eq(ev->source, "acme status");
    ck_assert_str_eq(ev->actor, "statuspage");
    ck_assert_int_eq(ev->human, 0);
    ck_assert_str_eq(ev->text, "Checkout API changed from degraded_performance to major_outage");
    ck_assert_str_eq(ev->origin, FIX "/component-update.json:24");
    ck_assert_str_eq(ev->time_text, "2026-11-20T14:31:07.011Z");
    ck_assert_str_eq(attrs_text(r.arena, ev),
                     "status_incident=component_update/cu0000000001;component=Checkout API;"
                     "component_id=chk0api00001;old_status=degraded_performance;"
                     "new_status=major_outage");
    got_free(&r);
}
END_TEST

/* Webhook deliveries one per line, as a receiver appends them: incidents and
 * component updates mixed, a cut line, a record without its time, a
 * document of another kind, and a redelivery read once. */
START_TEST(test_webhook_lines)
{
    const char *path = FIX "/webhooks.jsonl";
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage, path), 90);
    got r;
    run_parse(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(r.diag.has_error, 0);
    ck_assert_uint_eq(r.n, 6);
    ck_assert_uint_eq(got_fold(&r), 2); /* update upd000000001 delivered three times */
    ck_assert_uint_eq(r.n, 4);
    static const char *const lines[] = {
        "2026-11-20T14:20:00Z status.investigating human=1 line=1 [Checkout failures: We are "
        "investigating errors at checkout.]",
        "2026-11-20T14:20:01.500000Z status.update human=0 line=2 [Checkout API changed from "
        "operational to degraded_performance]",
        "2026-11-20T15:40:00Z status.resolved human=1 line=8 [Checkout failures: Checkout works "
        "again.]",
        "2026-11-20T15:41:00Z status.update human=0 line=5 [pay0000000001 changed to "
        "operational]",
    };
    for (size_t i = 0; i < r.n; i++) {
        const rg_event *ev = r.ev[i];
        const char *line = strrchr(ev->origin, ':') + 1;
        char buf[400];
        snprintf(buf, sizeof(buf), "%s %s human=%d line=%s [%s]", at(ev), ev->type, ev->human, line,
                 ev->text);
        ck_assert_str_eq(buf, lines[i]);
        ck_assert_str_eq(ev->actor, "statuspage");
    }
    ck_assert_str_eq(attr(r.ev[3], "status_incident"), "component_update/cu0000000003");
    ck_assert_str_eq(attr(r.ev[3], "old_status"), "(none)");
    ck_assert_str_eq(attr(r.ev[2], "status_incident"), "inc000000001");
    check_warning(&r, "bad-json",
                  FIX "/webhooks.jsonl:3:62: the document that starts on line 3 is not valid "
                      "JSON (unexpected newline); skipped",
                  1);
    check_warning(&r, "bad-record",
                  FIX "/webhooks.jsonl:4:112: component update of 'Payments' has no "
                      "\"created_at\", expected a time; skipped",
                  1);
    check_warning(&r, "bad-payload",
                  FIX "/webhooks.jsonl:6:1: expected a Statuspage export (an object with "
                      "\"incidents\", a webhook with \"incident\" or \"component_update\", or an "
                      "incident with \"incident_updates\"), got an object without them; skipped",
                  1);
    got_free(&r);
}
END_TEST

START_TEST(test_component_update_bad)
{
    static const struct {
        const char *json, *first;
    } cases[] = {
        {"{\"page\": {}, \"component_update\": [1]}",
         "1:34: \"component_update\" is an array, expected an object"},
        {"{\"page\": {}, \"component_update\": {\"created_at\": \"2026-11-20T14:31:07Z\"}}",
         "1:34: component update of '(unnamed component)' has no \"new_status\" string; "
         "skipped"},
        {"{\"component\": {\"name\": \"DB\"},\n \"component_update\": {\"new_status\": \"x\", "
         "\"created_at\": 5}}",
         "2:22: component update of 'DB' has a number \"created_at\", expected a time; skipped"},
        {"{\"component\": {\"name\": \"DB\"}, \"component_update\": {\"new_status\": \"x\", "
         "\"created_at\": \"soon\"}}",
         "1:51: unreadable component update \"created_at\" 'soon'; skipped"},
    };
    char path[] = "/tmp/rg-statuspage-cu-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(cases[i].json, f);
        fclose(f);
        got r;
        run_parse(&r, path);
        char want_line[512];
        snprintf(want_line, sizeof(want_line), "%s:%s", path, cases[i].first);
        if (i == 0) { /* the file is that one document: its shape is an error */
            ck_assert_int_eq(r.rc, -1);
            ck_assert_str_eq(r.diag.error, want_line);
        } else {
            ck_assert_int_eq(r.rc, 0);
            ck_assert_uint_eq(r.n, 0);
            ck_assert_msg(r.diag.n_warnings == 1, "case %zu: %zu warnings", i, r.diag.n_warnings);
            ck_assert_str_eq(r.diag.warnings[0].first, want_line);
        }
        got_free(&r);
    }
    remove(path);
}
END_TEST

START_TEST(test_out_of_memory)
{
    static const char *const paths[] = {FIX "/incidents.json", FIX "/single-incident.json",
                                        FIX "/mixed.json", FIX "/webhooks.jsonl",
                                        FIX "/component-update.json"};
    check_out_of_memory(&rg_importer_statuspage, paths[_i]);
}
END_TEST

START_TEST(test_registered)
{
    ck_assert_ptr_eq(rg_importer_find("statuspage"), &rg_importer_statuspage);
    ck_assert_int_eq(rg_importer_statuspage.kind, RG_KIND_STATUS);
    ck_assert_int_eq(rg_importer_statuspage.streams, 0);
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
         "{P}: file is empty, expected a JSON document",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"truncated: incident webhook",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n{\"meta\":{\"generated_"
         "at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},\"incident\":{\"id\":\"i1\","
         "\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"cr\n",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:275: the document that starts on line 2 is not valid JSON (unexpected newline "
           "near '\"cr'); skipped",
           1}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"truncated: component_update webhook",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},"
         "\"component_update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":\"major_"
         "outage\",\"old_status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},"
         "\"component\":{\"status\":\"major_outage\",\"name\":\"Checkout "
         "API\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n{\"meta\":{"
         "\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},\"component_"
         "update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":\"major_outage\","
         "\"old_status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},\"component\":{"
         "\"status\":\"major_outage\",\"name\":\"Checkout API\",\"id\":\"c1\",\"updated_at\n",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:298: the document that starts on line 2 is not valid JSON (unexpected newline "
           "near '\"updated_at'); skipped",
           1}},
         1,
         "Checkout API changed from operational to major_outage",
         NULL},
        {"malformed",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n{\"incident\":,}\n{"
         "\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:13: the document that starts on line 2 is not valid JSON (unexpected token near "
           "','); skipped",
           1}},
         2,
         "Checkout failures: We are investigating.",
         "Checkout failures: We are investigating."},
        {"wrong type: update body a number",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":42,\"created_"
         "at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:206: incident update \"body\" is a number, expected a string; skipped", 1}},
         0,
         NULL,
         NULL},
        {"wrong type: update created_at an object",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":{\"x\":1}}]}}\n{\"meta\":{\"generated_at\":\"2026-11-"
         "20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},\"incident\":{\"id\":\"i1\",\"name\":"
         "\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:206: incident update has an object \"created_at\", expected a time; skipped", 1}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"wrong type: incident name an array",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":[\"x\"],\"status\":\"investigating\",\"created_at\":"
         "\"2026-11-20T14:20:00.000Z\",\"incident_updates\":[{\"id\":\"u1\",\"status\":"
         "\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:1: incident has \"name\" as an array, expected a string; read as (unnamed "
           "incident)",
           1}},
         1,
         "(unnamed incident): We are investigating.",
         NULL},
        {"wrong type: component status a number",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},"
         "\"component_update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":3,\"old_"
         "status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},\"component\":{"
         "\"status\":3,\"name\":\"Checkout "
         "API\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n{\"meta\":{"
         "\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},\"component_"
         "update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":\"major_outage\","
         "\"old_status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},\"component\":{"
         "\"status\":\"major_outage\",\"name\":\"Checkout "
         "API\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:91: component update of 'Checkout API' has no \"new_status\" string; skipped",
           1}},
         1,
         "Checkout API changed from operational to major_outage",
         NULL},
        {"wrong type: component name an object",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},"
         "\"component_update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":\"major_"
         "outage\",\"old_status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},"
         "\"component\":{\"status\":\"major_outage\",\"name\":{\"x\":1},\"id\":\"c1\",\"updated_"
         "at\":\"2026-11-20T14:31:07.004Z\"}}\n{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07."
         "120Z\"},\"page\":{\"id\":\"p1\"},\"component_update\":{\"created_at\":\"2026-11-20T14:31:"
         "07.004Z\",\"new_status\":\"major_outage\",\"old_status\":\"operational\",\"id\":\"cu1\","
         "\"component_id\":\"c1\"},\"component\":{\"status\":\"major_outage\",\"name\":\"Checkout "
         "API\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:91: component update's \"component\" has \"name\" as an object, expected a "
           "string; skipped",
           1}},
         1,
         "Checkout API changed from operational to major_outage",
         NULL},
        {"no time: incident update",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\"}]}}\n{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":"
         "{\"id\":\"p1\"},\"incident\":{\"id\":\"i1\",\"name\":\"Checkout "
         "failures\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:206: incident update has no \"created_at\", expected a time; skipped", 1}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"no time: component_update",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},"
         "\"component_update\":{\"new_status\":\"major_outage\",\"old_status\":\"operational\","
         "\"id\":\"cu1\",\"component_id\":\"c1\"},\"component\":{\"status\":\"major_outage\","
         "\"name\":\"Checkout "
         "API\",\"id\":\"c1\"}}\n{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},"
         "\"page\":{\"id\":\"p1\"},\"component_update\":{\"created_at\":\"2026-11-20T14:31:07."
         "004Z\",\"new_status\":\"major_outage\",\"old_status\":\"operational\",\"id\":\"cu1\","
         "\"component_id\":\"c1\"},\"component\":{\"status\":\"major_outage\",\"name\":\"Checkout "
         "API\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:91: component update of 'Checkout API' has no \"created_at\", expected a time; "
           "skipped",
           1}},
         1,
         "Checkout API changed from operational to major_outage",
         NULL},
        {"not utf-8",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"Checkout failures "
         "\377\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"We are "
         "investigating.\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         "{P}:1:119: not valid UTF-8 (unable to decode byte 0xff near '\"Checkout failures '); "
         "save the file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile: incident",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:20:01.000Z\"},\"page\":{\"id\":\"p1\"},"
         "\"incident\":{\"id\":\"i1\",\"name\":\"<script>alert(1)</script> ](javascript:alert(1)) "
         "| table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"status\":\"investigating\",\"created_at\":\"2026-11-20T14:20:00.000Z\","
         "\"incident_updates\":[{\"id\":\"u1\",\"status\":\"investigating\",\"body\":\"<script>"
         "alert(1)</script> ](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"created_at\":\"2026-11-20T14:20:00.000Z\"}]}}\n",
         0,
         NULL,
         {{"nul-in-text", "{P}:1:1: incident name holds 1 NUL byte(s), shown as U+FFFD", 2}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul: <script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\n# heading \007 \357\277\275 nul",
         NULL},
        {"hostile: component",
         "{\"meta\":{\"generated_at\":\"2026-11-20T14:31:07.120Z\"},\"page\":{\"id\":\"p1\"},"
         "\"component_update\":{\"created_at\":\"2026-11-20T14:31:07.004Z\",\"new_status\":\"major_"
         "outage\",\"old_status\":\"operational\",\"id\":\"cu1\",\"component_id\":\"c1\"},"
         "\"component\":{\"status\":\"major_outage\",\"name\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"id\":\"c1\",\"updated_at\":\"2026-11-20T14:31:07.004Z\"}}\n",
         0,
         NULL,
         {{"nul-in-text", "{P}:1:91: component name holds 1 NUL byte(s), shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul changed from operational to major_outage",
         NULL},
    };
    check_bad_inputs(&rg_importer_statuspage, "statuspage", "webhooks.jsonl", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *statuspage_suite(void)
{
    Suite *s = suite_create("statuspage");
    TCase *tc = tcase_create("statuspage");
    tcase_set_timeout(tc, 60); /* the out-of-memory runs, under the sanitizers */
    tcase_add_test(tc, test_incidents);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_zone_and_offset);
    tcase_add_test(tc, test_mixed_records);
    tcase_add_test(tc, test_each_warning);
    tcase_add_test(tc, test_other_shapes);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_invalid_exact_lines);
    tcase_add_test(tc, test_sniff);
    tcase_add_test(tc, test_corpus_webhooks);
    tcase_add_test(tc, test_component_update);
    tcase_add_test(tc, test_webhook_lines);
    tcase_add_test(tc, test_component_update_bad);
    tcase_add_loop_test(tc, test_out_of_memory, 0, 5);
    tcase_add_test(tc, test_registered);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(statuspage_suite)
