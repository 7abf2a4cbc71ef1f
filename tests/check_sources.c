/* check_sources.c -- finding an incident folder's sources: the right
 * importer for each file or folder under any name, with no manifest. */
#include <string.h>
#include <sys/stat.h>

#include "check_util.h"
#include "sources.h"

static const char *sniffed(const char *path)
{
    int score;
    const rg_importer *tie;
    const rg_importer *imp = rg_sources_sniff(path, &score, &tie);
    ck_assert_msg(tie == NULL, "%s: tie between %s and %s", path, imp ? imp->name : "-",
                  tie ? tie->name : "-");
    return imp ? imp->name : "none";
}

START_TEST(test_sniff_fixtures)
{
    ck_assert_str_eq(sniffed(RG_FIXTURES "/build/good/pagerduty.json"), "pagerduty");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/build/good/alerts.json"), "alertmanager");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/slack/export"), "slack");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/statuspage/incidents.json"), "statuspage");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/jsonlines/formats.jsonl"), "jsonlines");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/syslog/rfc-examples.log"), "syslog");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/build/good/incident.json"), "none");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/manifest"), "none");
}
END_TEST

/* Real exports from the public corpus, under the names they were published
 * with: each must reach the right importer without a manifest. */
START_TEST(test_sniff_corpus)
{
    static const struct {
        const char *path, *format;
    } cases[] = {
        {"/real/slack-export/plan8team", "slack"},
        {"/real/pagerduty/webhook_v3_incident.triggered.json", "pagerduty"},
        {"/real/alertmanager/webhook_v4_firing.json", "alertmanager"},
        {"/real/statuspage/webhook_incident_created.json", "statuspage"},
        {"/real/jsonl-app/lnav_bunyan.jsonl", "jsonlines"},
        {"/real/jsonl-app/lnav_pino.jsonl", "jsonlines"},
        {"/real/jsonl-app/lnav_ecs.jsonl", "jsonlines"},
        {"/real/syslog-rfc3164/lnav_logfile_dst.log", "syslog"},
        {"/real/syslog-rfc5424/plaso_syslog_rsyslog_SyslogProtocol23Format", "syslog"},
        {"/real/loghub/Linux_2k.head60.log", "syslog"},
    };
    if (!rg_have_corpus(RG_CORPUS "/real"))
        return;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), RG_CORPUS "%s", cases[i].path);
        ck_assert_msg(strcmp(sniffed(path), cases[i].format) == 0, "%s: got %s, want %s",
                      cases[i].path, sniffed(path), cases[i].format);
    }
}
END_TEST

START_TEST(test_find_in_folder)
{
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_manifest_defaults(&m, a, "x");
    rg_diag d;
    rg_diag_init(&d);
    rg_found_source *list;
    size_t n;
    ck_assert_int_eq(rg_sources_find(RG_FIXTURES "/build/good", &m, a, &list, &n, &d), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(list[0].rel, "alerts.json");
    ck_assert_str_eq(list[0].importer->name, "alertmanager");
    ck_assert_str_eq(list[1].rel, "pagerduty.json");
    ck_assert_str_eq(list[1].path, RG_FIXTURES "/build/good/pagerduty.json");
    ck_assert_str_eq(rg_tz_name(list[1].src.zone), "UTC");
    ck_assert_int_eq(list[1].src.zone_explicit, 0);
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_unrecognised_and_forced)
{
    char dir[256];
    snprintf(dir, sizeof(dir), "build/test-scratch/sources-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    char path[512];
    snprintf(path, sizeof(path), "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("remember to buy milk\n", f);
    fclose(f);
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_manifest_defaults(&m, a, "x");
    rg_diag d;
    rg_diag_init(&d);
    rg_found_source *list;
    size_t n;
    ck_assert_int_eq(rg_sources_find(dir, &m, a, &list, &n, &d), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(d.n_warnings, 1);
    char want[1400];
    snprintf(want, sizeof(want),
             "%s: not recognised and skipped: no importer reads this kind of file (`reviewgen "
             "sniff %s` shows every importer's score; see `reviewgen formats`)",
             path, path);
    ck_assert_str_eq(d.warnings[0].first, want);
    rg_diag_free(&d);

    /* The manifest can force a format on a file nothing recognises... */
    rg_manifest_source src = {0};
    src.path = "notes.txt";
    src.format = "syslog";
    src.line = 3;
    m.sources = &src;
    m.n_sources = 1;
    m.path = "incident.json";
    rg_diag_init(&d);
    ck_assert_int_eq(rg_sources_find(dir, &m, a, &list, &n, &d), 0);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(list[0].importer->name, "syslog");
    ck_assert_int_eq(list[0].forced, 1);
    ck_assert_uint_eq(d.n_warnings, 0);
    rg_diag_free(&d);
    /* ...but not a format that does not exist, nor a file that is not there. */
    src.format = "splunk";
    rg_diag_init(&d);
    ck_assert_int_eq(rg_sources_find(dir, &m, a, &list, &n, &d), -1);
    ck_assert_str_eq(d.error, "incident.json:3: unknown format 'splunk' (see `reviewgen formats`)");
    rg_diag_free(&d);
    src.path = "gone.log";
    rg_diag_init(&d);
    ck_assert_int_eq(rg_sources_find(dir, &m, a, &list, &n, &d), -1);
    ck_assert_str_eq(
        d.error, "incident.json:3: source 'gone.log' cannot be read: No such file or directory");
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

static Suite *sources_suite(void)
{
    Suite *s = suite_create("sources");
    TCase *tc = tcase_create("sources");
    tcase_add_test(tc, test_sniff_fixtures);
    tcase_add_test(tc, test_sniff_corpus);
    tcase_add_test(tc, test_find_in_folder);
    tcase_add_test(tc, test_unrecognised_and_forced);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(sources_suite)
