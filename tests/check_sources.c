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
    ck_assert_str_eq(sniffed(RG_FIXTURES "/mattermost/export.jsonl"), "mattermost");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/teams/TeamsDataExport"), "teams");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/teams/graph-page.json"), "teams");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/discord/thread.json"), "discord");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/irc/#inc-2041.log"), "irc");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/irc/xchat.log"), "irc");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/telegram/result.json"), "telegram");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/logfmt/app.log"), "logfmt");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/access/access.log"), "access");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/journald/journal.json"), "journald");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/journald/pretty.json"), "journald");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/cri/cri.log"), "cri");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/cri/docker.log"), "cri");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/k8s_events/list.json"), "k8s-events");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/otlp/lines.jsonl"), "otlp");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/otlp/pretty.json"), "otlp");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/textlog/java.log"), "textlog");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/textlog/other.log"), "textlog");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/textlog/custom.log"), "none");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/jsonlines/gelf-clef.jsonl"), "jsonlines");
    ck_assert_str_eq(sniffed(RG_FIXTURES "/slack/untyped/ops"), "slack");
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
        {"/real/mattermost-bulk/export.jsonl", "mattermost"},
        {"/real/mattermost-bulk/direct_post.v11.json", "mattermost"},
        {"/real/teams/TeamsDataExport", "teams"},
        {"/real/discord-dce/zulip-discord server - Text Channels - general "
         "[1519311538035490958].json",
         "discord"},
        {"/real/irc/irclog2html_supybot_sample.log", "irc"},
        {"/real/irc/plaso_xchat.log", "irc"},
        {"/real/telegram/chat-analytics_DM_2A_7M.result.json", "telegram"},
        {"/real/access-log/elastic_apache_logs.head40.log", "access"},
        {"/real/access-log/lnav_logfile_access_log.log", "access"},
        {"/real/access-log/lnav_shop_access_log.head30.log", "access"},
        {"/real/access-log/plaso_apache_access.log", "access"},
        {"/real/cri-log/plaso_cri.log", "cri"},
        {"/real/docker-json-file/fluent-bit_core_base_fluent-bit.log", "cri"},
        {"/real/docker-json-file/fluent-bit_socks_session-db_istio-proxy.log", "cri"},
        {"/real/journald-json/lnav_logfile_journald.json", "journald"},
        {"/real/jsonl-app/lnav_otel_collector.jsonl", "otlp"},
        {"/real/jsonl-app/lnav_zap_console.log", "textlog"},
        {"/real/logfmt/lnav_logfile_logfmt.log", "logfmt"},
        {"/real/loghub/Hadoop_2k.head30.log", "textlog"},
        {"/real/loghub/Zookeeper_2k.head30.log", "textlog"},
        {"/real/loghub/Spark_2k.head30.log", "textlog"},
        {"/real/loghub/Apache_2k.head40.log", "textlog"},
        {"/real/loghub/Mac_2k.head30.log", "syslog"},
        {"/real/loghub/OpenSSH_2k.head40.log", "syslog"},
        {"/real/clef/clef-tool_data_example.clef", "jsonlines"},
        {"/real/otlp-json/opentelemetry-proto_examples_logs.json", "otlp"},
        {"/real/k8s-events/k9s_testdata_ev.json", "k8s-events"},
        {"/real/k8s-events/kubernetes_api_testdata_core.v1.Event.fuzz.json", "k8s-events"},
        {"/real/syslog-rfc3164/plaso_syslog_rsyslog_iso_timestamps", "syslog"},
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
