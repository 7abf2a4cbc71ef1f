/* check_cachet.c -- the Cachet importer: an /api/v1/incidents page with
 * embedded updates, the /updates endpoint (folded with the embedded copies),
 * one incident, pages one per line, the source's zone, bad records and bad
 * input with exact errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "../importers/jsonstream.h"
#include "check_badinput_util.h"
#include "check_importer_util.h"

extern const rg_importer rg_importer_cachet;

#define FIX RG_FIXTURES "/cachet"
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run(got *r, const char *path)
{
    rg_source src = {.path = path,
                     .name = "acme status",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse(r, &rg_importer_cachet, &src, 64);
}

/* One line per event with everything it holds but the source and kind
 * (asserted). */
static const char *line_of(got *r, size_t i)
{
    const rg_event *ev = r->ev[i];
    ck_assert_int_eq(ev->kind, RG_KIND_STATUS);
    ck_assert_str_eq(ev->source, "acme status");
    ck_assert_str_eq(ev->actor, "cachet");
    ck_assert_int_eq(ev->human, 1);
    return rg_arena_printf(r->arena, "%s %s line=%s time=[%s] {%s} [%s]", at(ev), ev->type,
                           strrchr(ev->origin, ':') + 1, ev->time_text, attrs_text(r->arena, ev),
                           ev->text);
}

static void check_lines(got *r, const char *const *want, size_t n)
{
    ck_assert_uint_eq(r->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(line_of(r, i), want[i]);
}

#define INC12 "status_incident=12;status_incident_name=Checkout failures;"
#define LINK "permalink=https://status.acme.example/incidents/12"

START_TEST(test_incidents)
{
    got r;
    run(&r, FIX "/incidents.json");
    ck_assert_int_eq(r.rc, 0);
    static const char *const want[] = {
        /* The incident is its first post, at occurred_at; Markdown and markup kept as
         * written (the renderers escape). */
        "2026-11-20T14:18:00Z status.investigating line=13 time=[2026-11-20 14:18:00 (UTC "
        "assumed)] {" INC12 "status=investigating;component_id=3;" LINK
        "} [Checkout failures: We are investigating errors at checkout. "
        "<script>alert(1)</script> **bold** | pipe]",
        "2026-11-20T15:40:00Z status.resolved line=29 time=[2026-11-20 15:40:00 (UTC assumed)] "
        "{" INC12 "status=fixed;" LINK "#update-31} [Checkout failures: Checkout works again.]",
        /* Watching is monitoring; a status written as a string is read. */
        "2026-11-20T15:05:00Z status.monitoring line=40 time=[2026-11-20 15:05:00 (UTC assumed)] "
        "{" INC12 "status=watching;" LINK
        "#update-30} [Checkout failures: A fix is deployed; we are watching.]",
        /* An empty message leaves the name. */
        "2026-11-20T14:40:00Z status.identified line=51 time=[2026-11-20 14:40:00 (UTC "
        "assumed)] {" INC12 "status=identified;" LINK "#update-29} [Checkout failures]",
        /* Scheduled (0): an update at created_at, when customers were told. */
        "2026-11-17T10:00:00Z status.update line=71 time=[2026-11-17 10:00:00 (UTC assumed)] "
        "{status_incident=11;status_incident_name=Database upgrade;status=scheduled;"
        "permalink=https://status.acme.example/incidents/11} [Database upgrade: We will upgrade "
        "the database on 20 November at 02:00.]",
    };
    check_lines(&r, want, N(want));
    check_warning(&r, "hidden",
                  FIX "/incidents.json:88:9: incident 'Internal drill' is not visible on the "
                      "status page (\"visible\": 0); skipped with its updates: customers never "
                      "saw it",
                  1);
    check_warning(&r, "deleted",
                  FIX "/incidents.json:100:9: incident 'Posted by mistake' was deleted "
                      "(\"deleted_at\" is set); skipped with its updates",
                  1);
    check_warning(&r, "bad-record",
                  FIX "/incidents.json:112:9: incident 'Odd status' has \"status\" 9, expected 0 "
                      "(scheduled), 1 (investigating), 2 (identified), 3 (watching) or 4 "
                      "(fixed); skipped",
                  1);
    check_warning(&r, "no-time",
                  FIX "/incidents.json:122:9: incident 'No time' has no \"occurred_at\" or "
                      "\"created_at\" time; skipped",
                  1);
    /* events read = events imported + events warned about */
    ck_assert_uint_eq(r.n + r.diag.n_warnings, 9);
    got_free(&r);
}
END_TEST

/* The /updates endpoint beside the incidents page: an update read twice is
 * one post. */
START_TEST(test_updates_fold)
{
    got r;
    run(&r, FIX "/updates.json");
    ck_assert_int_eq(r.rc, 0);
    static const char *const want[] = {
        "2026-11-20T15:40:00Z status.resolved line=7 time=[2026-11-20 15:40:00 (UTC assumed)] "
        "{status_incident=12;status=fixed;" LINK "#update-31} [Checkout works again.]",
        "2026-11-20T15:05:00Z status.monitoring line=10 time=[2026-11-20 15:05:00 (UTC assumed)] "
        "{status_incident=12;status=watching;" LINK "#update-30} [A fix is deployed; we are "
        "watching.]",
        /* An offset in the text is honoured; JSON escapes decoded. */
        "2026-11-20T07:35:00Z status.identified line=13 time=[2026-11-20T14:35:00+07:00] "
        "{status_incident=12;status=identified;" LINK "#update-28} [Caf\xC3\xA9 payments too.]",
    };
    check_lines(&r, want, N(want));
    check_warning(&r, "bad-record",
                  FIX "/updates.json:16:9: incident update has no \"incident_id\" (nor a "
                      "\"name\", which an incident has); skipped",
                  1);
    /* Read with the incidents page, the two updates both hold are folded. */
    got both;
    got_init(&both, 64);
    rg_source a = {.path = FIX "/incidents.json",
                   .name = "acme status",
                   .zone = rg_tz_utc(),
                   .zone_explicit = 0,
                   .offset_us = 0,
                   .ref_us = INT64_MIN};
    rg_source b = {.path = FIX "/updates.json",
                   .name = "acme status",
                   .zone = rg_tz_utc(),
                   .zone_explicit = 0,
                   .offset_us = 0,
                   .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_cachet.parse(&a, &both.sink), 0);
    ck_assert_int_eq(rg_importer_cachet.parse(&b, &both.sink), 0);
    ck_assert_uint_eq(both.n, 8);
    ck_assert_uint_eq(got_fold(&both), 2);
    ck_assert_uint_eq(both.n, 6);
    got_free(&both);
    got_free(&r);
}
END_TEST

START_TEST(test_zone)
{
    char err[128];
    rg_tz *tz = rg_tz_load("Europe/Berlin", err, sizeof(err));
    ck_assert_msg(tz != NULL, "%s", err);
    rg_source src = {.path = FIX "/single.json",
                     .name = "acme status",
                     .zone = tz,
                     .zone_explicit = 1,
                     .offset_us = -INT64_C(30) * 1000000,
                     .ref_us = INT64_MIN};
    got r;
    got_parse(&r, &rg_importer_cachet, &src, 8);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 1);
    /* 09:00 in Berlin (summer time, +02:00) is 07:00Z; the clock offset takes 30 s. */
    ck_assert_str_eq(at(r.ev[0]), "2026-10-01T06:59:30Z");
    ck_assert_str_eq(r.ev[0]->time_text, "2026-10-01 09:00:00 (Europe/Berlin assumed)");
    ck_assert_str_eq(r.ev[0]->type, "status.resolved");
    ck_assert_str_eq(r.ev[0]->text, "Slow search: Search was slow.");
    ck_assert_str_eq(r.ev[0]->origin, FIX "/single.json:1");
    got_free(&r);
    rg_tz_free(tz);
    /* 02:30 on 29 March 2026 does not exist in Berlin. */
    tz = rg_tz_load("Europe/Berlin", err, sizeof(err));
    char *path = temp_path("rg-cachet-dst");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"data\": [{\"id\": 1, \"name\": \"N\", \"status\": 1, \"occurred_at\": "
          "\"2026-03-29 02:30:00\"}]}",
          f);
    fclose(f);
    rg_source s2 = {.path = path,
                    .name = "acme status",
                    .zone = tz,
                    .zone_explicit = 1,
                    .offset_us = 0,
                    .ref_us = INT64_MIN};
    got_parse(&r, &rg_importer_cachet, &s2, 8);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(at(r.ev[0]), "2026-03-29T01:30:00Z");
    char want[300];
    snprintf(want, sizeof(want),
             "%s:1:11: local time '2026-03-29 02:30:00' does not exist in Europe/Berlin (skipped "
             "by a daylight-saving change); read as 2026-03-29T01:30:00Z",
             path);
    check_warning(&r, "dst-gap", want, 1);
    got_free(&r);
    rg_tz_free(tz);
    remove(path);
}
END_TEST

START_TEST(test_pages)
{
    got r;
    run(&r, FIX "/pages.jsonl");
    ck_assert_int_eq(r.rc, 0);
    static const char *const want[] = {
        "2026-11-20T10:00:00Z status.investigating line=1 time=[2026-11-20 10:00:00 (UTC "
        "assumed)] {status_incident=2;status_incident_name=API errors;status=investigating} "
        "[API errors: Errors.]",
        "2026-11-19T08:00:00Z status.resolved line=3 time=[2026-11-19 08:00:00 (UTC assumed)] "
        "{status_incident=1;status_incident_name=DNS;status=fixed} [DNS: Fixed.]",
    };
    check_lines(&r, want, N(want));
    check_warning(&r, "bad-payload",
                  FIX "/pages.jsonl:2:73: expected \"data\" to be an array of incidents or "
                      "updates, got a string; skipped",
                  1);
    got_free(&r);
}
END_TEST

/* Many records, generated: more than rg_jsondocs_whole_max (1 MiB), so they
 * are read record by record; every incident and update gives its event, each
 * on the line it was written on (origins located in one pass: before, each
 * record was located from byte 0 and the file took quadratic time). */
START_TEST(test_many_records)
{
    enum { N_INC = 20000 };
    char path[] = "/tmp/rg-cachet-many-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"meta\": {\"pagination\": {\"total\": 20000}},\n\"data\": [\n", f);
    for (int i = 1; i <= N_INC; i++)
        fprintf(f,
                "{\"id\": %d, \"component_id\": 3, \"name\": \"Incident %d\", \"status\": 1, "
                "\"visible\": 1, \"message\": \"Looking into it, with a longer message so the "
                "file passes one MiB.\", \"occurred_at\": \"2026-11-20 %02d:%02d:%02d\",\n"
                "\"updates\": [{\"id\": %d, \"incident_id\": %d, \"status\": 4, \"message\": "
                "\"Fixed.\", \"created_at\": \"2026-11-20 %02d:%02d:%02d\"}]}%s\n",
                i, i, i / 3600 % 24, i / 60 % 60, i % 60, 100000 + i, i, i / 3600 % 24, i / 60 % 60,
                i % 60, i < N_INC ? "," : "");
    fputs("]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    got r;
    got_init(&r, 2 * N_INC);
    rg_source src = {.path = path, .name = "acme status", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    r.rc = rg_importer_cachet.parse(&src, &r.sink);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    ck_assert_uint_eq(r.n, 2 * N_INC);
    /* read record by record: the reader held 2 MiB of a file of over 6 */
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, 6 * 1024 * 1024);
    ck_assert_uint_le(rg_jsondocs_last_high, 2 * 1024 * 1024);
    /* incident i is on line 2i + 1, its update on line 2i + 2 */
    ck_assert_str_eq(strrchr(r.ev[0]->origin, ':'), ":3");
    ck_assert_str_eq(strrchr(r.ev[1]->origin, ':'), ":4");
    ck_assert_str_eq(strrchr(r.ev[2 * N_INC - 2]->origin, ':'), ":40001");
    ck_assert_str_eq(strrchr(r.ev[2 * N_INC - 1]->origin, ':'), ":40002");
    ck_assert_str_eq(r.ev[2 * N_INC - 1]->type, "status.resolved");
    ck_assert_str_eq(attr(r.ev[2 * N_INC - 1], "status_incident"), "20000");
    got_free(&r);
    remove(path);
}
END_TEST

/* Each bad record alone, to see its own warning. */
START_TEST(test_each_warning)
{
    static const struct {
        const char *json, *key, *first;
    } cases[] = {
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": \"high\", \"created_at\": "
         "\"2026-11-20 10:00:00\"}]}",
         "bad-record",
         "2:2: incident 'N' has \"status\" 'high', expected 0 (scheduled), 1 (investigating), 2 "
         "(identified), 3 (watching) or 4 (fixed); skipped"},
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": [1], \"created_at\": "
         "\"2026-11-20 10:00:00\"}]}",
         "bad-record",
         "2:2: incident 'N' has \"status\" as an array, expected 0 (scheduled), 1 "
         "(investigating), 2 (identified), 3 (watching) or 4 (fixed); skipped"},
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": 1, \"created_at\": 1763632800}]}",
         "bad-record",
         "2:2: incident 'N' has \"created_at\" as a number, expected a time; skipped"},
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": 1, \"occurred_at\": \"soon\"}]}",
         "bad-record", "2:2: incident 'N' has an unreadable \"occurred_at\" 'soon'; skipped"},
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": 1, \"message\": 5, "
         "\"created_at\": \"2026-11-20 10:00:00\"}]}",
         "bad-record", "2:2: incident 'N' has \"message\" as a number, expected text; skipped"},
        {"{\"data\": [\n {\"name\": \"N\", \"status\": 1, \"created_at\": \"2026-11-20 "
         "10:00:00\"}]}",
         "bad-record", "2:2: incident 'N' has no \"id\"; skipped"},
        {"{\"data\": [\n 7]}", "bad-record",
         "2:2: expected an incident or an update object, got a number; skipped"},
        {"{\"data\": [\n {\"id\": 1, \"name\": \"N\", \"status\": 1, \"created_at\": \"2026-11-20 "
         "10:00:00\", \"updates\": {}}]}",
         "bad-record",
         "2:2: incident 'N' has \"updates\" as an object, expected an array; its updates are "
         "skipped"},
        {"{\"data\": [{\"id\": 1, \"name\": \"N\", \"status\": 1, \"created_at\": \"2026-11-20 "
         "10:00:00\", \"updates\": [\n \"x\", {\"id\": 2, \"status\": 4}]}]}",
         "bad-record", "2:2: incident update is a string, expected an object; skipped"},
        {"{\"data\": [{\"id\": 1, \"name\": \"N\", \"status\": 1, \"created_at\": \"2026-11-20 "
         "10:00:00\", \"updates\": [\n {\"id\": 2, \"status\": 4}]}]}",
         "no-time", "2:2: update of incident 1 has no \"created_at\" time; skipped"},
    };
    char *path = temp_path("rg-cachet");
    for (size_t i = 0; i < N(cases); i++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fputs(cases[i].json, f);
        fclose(f);
        got r;
        run(&r, path);
        ck_assert_int_eq(r.rc, 0);
        char want[512];
        snprintf(want, sizeof(want), "%s:%s", path, cases[i].first);
        const rg_warning *w = find_warning(&r.diag, cases[i].key);
        ck_assert_msg(w != NULL, "case %zu: no %s warning", i, cases[i].key);
        ck_assert_str_eq(w->first, want);
        got_free(&r);
    }
    remove(path);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {"empty",   "truncated",   "truncated-string", "wrong-type",
                                        "no-data", "data-string", "not-utf8",         "utf16"};
    check_invalid_fixtures(&rg_importer_cachet, FIX, cases, N(cases));
}
END_TEST

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_cachet;
    ck_assert_int_eq(sniff_file(imp, FIX "/incidents.json"), 92);
    ck_assert_int_eq(sniff_file(imp, FIX "/updates.json"), 92);
    ck_assert_int_eq(sniff_file(imp, FIX "/single.json"), 92);
    ck_assert_int_eq(sniff_file(imp, FIX "/pages.jsonl"), 92);
    /* One page without a presenter field: Cachet's columns alone. */
    static const char cols[] = "{\"data\": [{\"id\": 1, \"component_id\": 0, \"name\": \"x\", "
                               "\"occurred_at\": \"2026-11-20 10:00:00\"}]}";
    ck_assert_int_eq(imp->sniff("incidents.json", 0, cols, sizeof(cols) - 1), 85);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/statuspage/incidents.json"), 0);
    /* An Opsgenie log page is also {"data": [...]}. */
    static const char og[] = "{\"data\": [{\"log\": \"Alert created\", \"type\": \"system\", "
                             "\"owner\": \"\", \"createdAt\": \"2026-11-20T14:00:00.03Z\"}]}";
    ck_assert_int_eq(imp->sniff("logs.json", 0, og, sizeof(og) - 1), 0);
}
END_TEST

START_TEST(test_out_of_memory)
{
    static const char *const paths[] = {FIX "/incidents.json", FIX "/updates.json",
                                        FIX "/pages.jsonl"};
    check_out_of_memory(&rg_importer_cachet, paths[_i]);
}
END_TEST

START_TEST(test_registered)
{
    ck_assert_ptr_eq(rg_importer_find("cachet"), &rg_importer_cachet);
    ck_assert_int_eq(rg_importer_cachet.kind, RG_KIND_STATUS);
    ck_assert_int_eq(rg_importer_cachet.streams, 0);
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
        {"truncated",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 "
         "09:30:00\",\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:0",
         0,
         "{P}:3:130: unexpected end of file (truncated?): premature end of input near "
         "'\"2026-10-01 09:30:0'",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 "
         "09:30:00\",\"human_status\":\"Fixed\"},,\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         "{P}:2:158: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: message a number",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":42,\"created_at\":\"2026-10-01 "
         "09:30:00\",\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: incident 'Slow search' has \"message\" as a number, expected text; skipped",
           1}},
         1,
         "Slow search: Search was slow.",
         NULL},
        {"wrong type: name an object",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":{\"a\":1},\"status\":4,"
         "\"visible\":1,\"message\":\"Search was slow.\",\"created_at\":\"2026-10-01 "
         "09:30:00\",\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: incident has \"name\" as an object, expected text; skipped with its updates",
           1}},
         1,
         "Slow search: Search was slow.",
         NULL},
        {"wrong type: status a string word",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":\"fixed\",\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 "
         "09:30:00\",\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: incident 'Slow search' has \"status\" 'fixed', expected 0 (scheduled), 1 "
           "(investigating), 2 (identified), 3 (watching) or 4 (fixed); skipped",
           1}},
         1,
         "Slow search: Search was slow.",
         NULL},
        {"wrong type: created_at an object",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":{\"x\":1},\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_"
         "id\":0,\"name\":\"Slow search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: incident 'Slow search' has \"created_at\" as an object, expected a time; "
           "skipped",
           1}},
         1,
         "Slow search: Search was slow.",
         NULL},
        {"no time",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"human_status\":\"Fixed\"},\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was "
         "slow.\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"no-time",
           "{P}:2:1: incident 'Slow search' has no \"occurred_at\" or \"created_at\" time; skipped",
           1}},
         1,
         "Slow search: Search was slow.",
         NULL},
        {"not utf-8",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"Slow "
         "search\",\"status\":4,\"visible\":1,\"message\":\"Search was slow "
         "\377\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         "{P}:2:96: not valid UTF-8 (unable to decode byte 0xff near '\"Search was slow '); save "
         "the file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"meta\":{},\"data\":[\n{\"id\":5,\"component_id\":0,\"name\":\"<script>alert(1)</"
         "script> ](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"status\":4,\"visible\":1,\"message\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"created_at\":\"2026-10-01 09:30:00\",\"human_status\":\"Fixed\"}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:121: 2 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul: <script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\n# heading \007 \357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_cachet, "cachet", "incidents.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *cachet_suite(void)
{
    Suite *s = suite_create("cachet");
    TCase *tc = tcase_create("cachet");
    tcase_add_test(tc, test_incidents);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_updates_fold);
    tcase_add_test(tc, test_zone);
    tcase_add_test(tc, test_pages);
    tcase_add_test(tc, test_many_records);
    tcase_add_test(tc, test_each_warning);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_sniff);
    tcase_add_loop_test(tc, test_out_of_memory, 0, 3);
    tcase_add_test(tc, test_registered);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cachet_suite)
