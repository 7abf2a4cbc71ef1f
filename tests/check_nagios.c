/* check_nagios.c -- the Nagios / Icinga log importer: HARD states as
 * alerts, SOFT states as log lines, notifications and acknowledgements,
 * fields that keep their ';', bookkeeping lines counted, humanised stamps in
 * the source's zone, the streaming cut to the window, bad input with exact
 * errors, sniffing, and a Nagios HARD CRITICAL feeding the milestones of an
 * incident whose chat is Slack. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"

extern const rg_importer rg_importer_nagios;
extern const rg_importer rg_importer_syslog;
extern const rg_importer rg_importer_jsonlines;

#define FX RG_FIXTURES "/nagios"
#define CORPUS_DIR RG_CORPUS "/real/nagios"
#define MAX_EVENTS 64

START_TEST(corpus_samples)
{
    if (!rg_have_corpus(CORPUS_DIR))
        return;
    got g;
    run_log(&g, &rg_importer_nagios, MAX_EVENTS, CORPUS_DIR "/MonitoringJS_test_nagios.log", NULL,
            NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* Real production lines: SOFT problems are not alerts; the HARD OK is a
     * resolution (its firing is in an older log). */
    static const char *const monitoring[] = {
        "2012-02-19T15:57:52Z log.warning kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:1 time=[1329667072] text=[moggy75/PUPPET UNKNOWN: No "
        "output] {nagios_type=SERVICE "
        "ALERT;host=moggy75;service=PUPPET;state=UNKNOWN;state_type=SOFT;attempt=1;fingerprint="
        "moggy75/PUPPET;}",
        "2012-02-19T15:58:52Z log.warning kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:2 time=[1329667132] text=[moggy75/PUPPET UNKNOWN: No "
        "output] {nagios_type=SERVICE "
        "ALERT;host=moggy75;service=PUPPET;state=UNKNOWN;state_type=SOFT;attempt=2;fingerprint="
        "moggy75/PUPPET;}",
        "2012-02-19T15:59:42Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:3 time=[1329667182] text=[moggy75/PUPPET OK: OK: Puppet was "
        "last run 12 minutes and 24 seconds ago] {nagios_type=SERVICE "
        "ALERT;host=moggy75;service=PUPPET;state=OK;state_type=SOFT;attempt=3;fingerprint=moggy75/"
        "PUPPET;}",
        "2012-02-19T16:05:32Z log.warning kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:4 time=[1329667532] text=[import0/PUPPET UNKNOWN: No "
        "output] {nagios_type=SERVICE "
        "ALERT;host=import0;service=PUPPET;state=UNKNOWN;state_type=SOFT;attempt=1;fingerprint="
        "import0/PUPPET;}",
        "2012-02-19T16:06:32Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:5 time=[1329667592] text=[import0/PUPPET OK: OK: Puppet was "
        "last run 4 minutes and 44 seconds ago] {nagios_type=SERVICE "
        "ALERT;host=import0;service=PUPPET;state=OK;state_type=SOFT;attempt=2;fingerprint=import0/"
        "PUPPET;}",
        "2012-02-19T16:10:12Z log.warning kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:6 time=[1329667812] text=[magpie/PUPPET UNKNOWN: No output] "
        "{nagios_type=SERVICE "
        "ALERT;host=magpie;service=PUPPET;state=UNKNOWN;state_type=SOFT;attempt=1;fingerprint="
        "magpie/PUPPET;}",
        "2012-02-19T16:11:02Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:7 time=[1329667862] text=[magpie/PUPPET OK: OK: Puppet was "
        "last run 17 minutes and 11 seconds ago] {nagios_type=SERVICE "
        "ALERT;host=magpie;service=PUPPET;state=OK;state_type=SOFT;attempt=2;fingerprint=magpie/"
        "PUPPET;}",
        "2012-02-19T16:29:42Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:8 time=[1329668982] text=[Auto-save of retention data "
        "completed successfully.] {}",
        "2012-02-19T16:41:12Z log.warning kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:9 time=[1329669672] text=[magpie/PUPPET UNKNOWN: No output] "
        "{nagios_type=SERVICE "
        "ALERT;host=magpie;service=PUPPET;state=UNKNOWN;state_type=SOFT;attempt=1;fingerprint="
        "magpie/PUPPET;}",
        "2012-02-19T16:42:02Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:10 time=[1329669722] text=[magpie/PUPPET OK: OK: Puppet was "
        "last run 6 minutes and 43 seconds ago] {nagios_type=SERVICE "
        "ALERT;host=magpie;service=PUPPET;state=OK;state_type=SOFT;attempt=2;fingerprint=magpie/"
        "PUPPET;}",
        "2012-02-19T17:27:52Z alert.resolved kind=alert actor=nagios human=0 origin=" CORPUS_DIR
        "/MonitoringJS_test_nagios.log:11 time=[1329672472] text=[moggy8/ROOTSPACE OK: Free space "
        "22%] {nagios_type=SERVICE "
        "ALERT;host=moggy8;service=ROOTSPACE;state=OK;state_type=HARD;attempt=3;fingerprint=moggy8/"
        "ROOTSPACE;}",
    };
    check_events(&g, monitoring, 11);
    ck_assert_str_eq(g.ev[0]->source, "app log");
    got_free(&g);

    run_log(&g, &rg_importer_nagios, MAX_EVENTS, CORPUS_DIR "/nagioscore_t_var_nagios.log", NULL,
            NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    static const char *const startup[] = {
        "2009-05-14T22:56:11Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:1 time=[1242341771] text=[Nagios 3.1.0 starting... "
        "(PID=48448)] {}",
        "2009-05-14T22:56:11Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:2 time=[1242341771] text=[Local time is Thu May 14 23:56:11 "
        "BST 2009] {}",
        "2009-05-14T22:56:11Z log.error kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:4 time=[1242341771] text=[Error: Could not create external "
        "command file 'var/rw/nagios.cmd' as named pipe: (2) -> No such file or directory.  If "
        "this file already exists and you are sure that another copy of Nagios is not running, you "
        "should delete this file.] {}",
        "2009-05-14T22:56:11Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:5 time=[1242341771] text=[Bailing out due to errors "
        "encountered while trying to initialize the external command file... (PID=48448)] {}",
        "2009-05-14T22:56:31Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:6 time=[1242341791] text=[Nagios 3.1.0 starting... "
        "(PID=48451)] {}",
        "2009-05-14T22:56:31Z log.info kind=log actor=nagios human=0 origin=" CORPUS_DIR
        "/nagioscore_t_var_nagios.log:7 time=[1242341791] text=[Local time is Thu May 14 23:56:31 "
        "BST 2009] {}",
    };
    check_events(&g, startup, 6);
    check_warning(&g, "bookkeeping",
                  CORPUS_DIR "/nagioscore_t_var_nagios.log:3: 'LOG VERSION' line skipped: Nagios's "
                             "own bookkeeping (log rotation; states written again at every "
                             "rotation and start), not a change",
                  2);
    got_free(&g);
}
END_TEST

/* Every kind of line: 26 lines that are not blank = 19 events + 4
 * bookkeeping + 1 without a stamp + 2 malformed. The humanised stamp is read in Europe/Berlin
 * (UTC+1 in November); CRLF, control characters and an invalid byte survive. */
START_TEST(every_line_type)
{
    got g;
    run_log(&g, &rg_importer_nagios, MAX_EVENTS, FX "/nagios.log", "Europe/Berlin", NULL, NULL,
            NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:00:40Z log.warning kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:5 time=[1795183240] text=[web-1/HTTP CRITICAL: HTTP CRITICAL: 503 Service "
        "Unavailable; retry later] {nagios_type=SERVICE "
        "ALERT;host=web-1;service=HTTP;state=CRITICAL;state_type=SOFT;attempt=1;fingerprint=web-1/"
        "HTTP;}",
        "2026-11-20T14:01:40Z log.warning kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:6 time=[1795183300] text=[web-1/HTTP CRITICAL: HTTP CRITICAL: 503 Service "
        "Unavailable; retry later] {nagios_type=SERVICE "
        "ALERT;host=web-1;service=HTTP;state=CRITICAL;state_type=SOFT;attempt=2;fingerprint=web-1/"
        "HTTP;}",
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:7 time=[1795183320] text=[web-1/HTTP CRITICAL: HTTP CRITICAL: 503 Service "
        "Unavailable; retry later] {nagios_type=SERVICE "
        "ALERT;host=web-1;service=HTTP;state=CRITICAL;state_type=HARD;attempt=3;fingerprint=web-1/"
        "HTTP;}",
        "2026-11-20T14:02:01Z page.notified kind=page actor=linh human=0 origin=" FX
        "/nagios.log:8 time=[1795183321] text=[web-1/HTTP CRITICAL: HTTP CRITICAL: 503 Service "
        "Unavailable; retry later] {nagios_type=SERVICE "
        "NOTIFICATION;contact=linh;host=web-1;service=HTTP;notification_type=CRITICAL;command="
        "notify-service-by-email;}",
        "2026-11-20T14:02:10Z alert.firing kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:9 time=[1795183330] text=[db-1 DOWN: PING CRITICAL - Packet loss = 100%] "
        "{nagios_type=HOST ALERT;host=db-1;state=DOWN;state_type=HARD;attempt=1;fingerprint=db-1;}",
        "2026-11-20T14:02:11Z page.notified kind=page actor=linh human=0 origin=" FX
        "/nagios.log:10 time=[1795183331] text=[db-1 DOWN: PING CRITICAL - Packet loss = 100%] "
        "{nagios_type=HOST "
        "NOTIFICATION;contact=linh;host=db-1;notification_type=DOWN;command=notify-host-by-sms;}",
        "2026-11-20T14:05:00Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/nagios.log:11 time=[1795183500] text=[on it; checking the pool] {nagios_type=EXTERNAL "
        "COMMAND;host=web-1;service=HTTP;author=Linh Tran;}",
        "2026-11-20T14:05:01Z page.acknowledged kind=page actor=Linh Tran human=1 origin=" FX
        "/nagios.log:12 time=[1795183501] text=[on it] {nagios_type=SERVICE "
        "NOTIFICATION;contact=sam;host=web-1;service=HTTP;notification_type=ACKNOWLEDGEMENT "
        "(CRITICAL);command=notify-service-by-email;author=Linh Tran;}",
        "2026-11-20T14:05:10Z page.acknowledged kind=page actor=Priya Nair human=1 origin=" FX
        "/nagios.log:13 time=[1795183510] text=[failing over] {nagios_type=EXTERNAL "
        "COMMAND;host=db-1;author=Priya Nair;}",
        "2026-11-20T14:05:20Z log.warning kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:14 time=[1795183520] text=[web-2/HTTP WARNING: HTTP WARNING: slow] "
        "{nagios_type=SERVICE "
        "ALERT;host=web-2;service=HTTP;state=WARNING;state_type=SOFT;attempt=1;fingerprint=web-2/"
        "HTTP;}",
        "2026-11-20T14:06:20Z log.info kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:15 time=[1795183580] text=[web-2/HTTP OK: HTTP OK] {nagios_type=SERVICE "
        "ALERT;host=web-2;service=HTTP;state=OK;state_type=SOFT;attempt=2;fingerprint=web-2/HTTP;}",
        "2026-11-20T14:06:40Z log.warning kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:16 time=[1795183600] text=[SERVICE FLAPPING ALERT: web-3;HTTP;STARTED; "
        "Service appears to have started flapping (45.1% change >= 20.0% threshold)] "
        "{nagios_type=SERVICE FLAPPING ALERT;}",
        "2026-11-20T14:07:30Z log.warning kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:17 time=[1795183650] text=[Warning: Check result queue contained results for "
        "host 'web-4', but the host could not be found!] {}",
        "2026-11-20T14:07:40Z log.error kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:18 time=[1795183660] text=[Error: Unable to write to /var/nagios/status.dat] "
        "{}",
        "2026-11-20T14:20:00Z alert.resolved kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:23 time=[1795184400] text=[db-1 UP: PING OK - Packet loss = 0%] "
        "{nagios_type=HOST ALERT;host=db-1;state=UP;state_type=HARD;attempt=1;fingerprint=db-1;}",
        "2026-11-20T14:30:00Z alert.resolved kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:24 time=[1795185000] text=[web-1/HTTP OK: HTTP OK: HTTP/1.1 200 OK - "
        "<script>alert(1)</script> | `x` \007] {nagios_type=SERVICE "
        "ALERT;host=web-1;service=HTTP;state=OK;state_type=HARD;attempt=1;fingerprint=web-1/HTTP;}",
        "2026-11-20T14:40:00Z alert.firing kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:25 time=[Fri Nov 20 15:40:00 2026 (Europe/Berlin assumed)] text=[web-5/DNS "
        "CRITICAL: DNS CRITICAL - local time] {nagios_type=SERVICE "
        "ALERT;host=web-5;service=DNS;state=CRITICAL;state_type=HARD;attempt=1;fingerprint=web-5/"
        "DNS;}",
        "2026-11-20T14:31:40Z log.info kind=log actor=nagios human=0 origin=" FX
        "/nagios.log:26 time=[1795185100] text=[EXTERNAL COMMAND: "
        "SCHEDULE_FORCED_SVC_CHECK;web-1;HTTP;1795185100] {nagios_type=EXTERNAL COMMAND;}",
        "2026-11-20T14:33:20Z alert.firing kind=alert actor=nagios human=0 origin=" FX
        "/nagios.log:27 time=[1795185200] text=[web-6/DISK CRITICAL: disk ff� full] "
        "{nagios_type=SERVICE "
        "ALERT;host=web-6;service=DISK;state=CRITICAL;state_type=HARD;attempt=1;fingerprint=web-6/"
        "DISK;}",
    };
    check_events(&g, want, 19);
    check_warning(&g, "bookkeeping",
                  FX "/nagios.log:1: 'LOG ROTATION' line skipped: Nagios's own bookkeeping (log "
                     "rotation; states written again at every rotation and start), not a change",
                  4);
    check_warning(&g, "no-time",
                  FX "/nagios.log:19:1: line does not start with a '[timestamp]'; skipped", 1);
    check_warning(&g, "bad-record",
                  FX
                  "/nagios.log:21:48: 'SERVICE ALERT' line has state type 'HARDER', expected HARD "
                  "or SOFT; skipped",
                  2);
    check_warning(&g, "utf8",
                  FX "/nagios.log:27: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1);
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, "bookkeeping") +
                          rg_diag_warning_total(&g.diag, "no-time") +
                          rg_diag_warning_total(&g.diag, "bad-record"),
                      7);
    /* Identity is the raw line: the file read twice folds line for line. */
    for (size_t i = 0; i < g.n; i++)
        ck_assert_int_eq(g.ev[i]->ident_is_line, 1);
    got_free(&g);
}
END_TEST

/* Streamed and cut to the window while read: lines outside it are counted,
 * never built. */
START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_nagios, MAX_EVENTS, FX "/nagios.log", "Europe/Berlin", NULL,
            "2026-11-20T14:05:00Z", "2026-11-20T14:20:00Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:05:00Z");
    ck_assert_str_eq(g.ev[0]->type, "page.acknowledged");
    ck_assert_str_eq(at(g.ev[8]), "2026-11-20T14:20:00Z");
    ck_assert_str_eq(g.ev[8]->type, "alert.resolved");
    /* 10 records before 14:05 (4 of them bookkeeping) and 4 after 14:20; the
     * two malformed lines inside the window are still warned about. */
    ck_assert_uint_eq(g.sink.n_outside, 14);
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, "bad-record"), 2);
    ck_assert_ptr_null(find_warning(&g.diag, "bookkeeping"));
    got_free(&g);
}
END_TEST

START_TEST(clock_offset)
{
    got g;
    run_log(&g, &rg_importer_nagios, MAX_EVENTS, FX "/nagios.log", NULL, NULL, NULL, NULL,
            -INT64_C(42) * 1000000);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_str_eq(at(g.ev[2]), "2026-11-20T14:01:18Z");
    ck_assert_str_eq(g.ev[2]->time_text, "1795183320");
    /* No zone given: the humanised stamp is read as UTC and says so. */
    ck_assert_str_eq(g.ev[16]->time_text, "Fri Nov 20 15:40:00 2026 (UTC assumed)");
    got_free(&g);
}
END_TEST

START_TEST(empty_and_invalid)
{
    char *p = temp_path("check_nagios");
    got g;
    run_log(&g, &rg_importer_nagios, MAX_EVENTS, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(p);
    static const char *const names[] = {"text-only", "utf16"};
    check_invalid_fixtures(&rg_importer_nagios, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_nagios;
    ck_assert_int_eq(sniff_file(imp, FX "/nagios.log"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, FX "/nagios.log"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, FX "/nagios.log"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    ck_assert_int_eq(sniff_file(imp, FX "/invalid/text-only/input"), 0);
    /* Bare epoch stamps without a Nagios TYPE are weaker; a humanised stamp
     * alone is an Apache error log's, not ours. */
    const char *bare = "[1795183320] something happened\n[1795183321] and again\n";
    const char *apache = "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok\n";
    const char *human = "[Sun Dec 04 04:47:44 2005] SERVICE ALERT: a;b;OK;HARD;1;x\n";
    ck_assert_int_eq(imp->sniff("x.log", 0, bare, strlen(bare)), 60);
    ck_assert_int_eq(imp->sniff("x.log", 0, apache, strlen(apache)), 0);
    ck_assert_int_eq(imp->sniff("x.log", 0, human, strlen(human)), 90);
    ck_assert_int_eq(imp->sniff("dir", 1, NULL, 0), 0);
    if (rg_have_corpus(CORPUS_DIR)) {
        ck_assert_int_eq(sniff_file(imp, CORPUS_DIR "/MonitoringJS_test_nagios.log"), 90);
        ck_assert_int_eq(sniff_file(imp, CORPUS_DIR "/nagioscore_t_var_nagios.log"), 90);
        ck_assert_int_eq(sniff_file(imp, RG_CORPUS "/real/loghub/Apache_2k.head40.log"), 0);
    }
    ck_assert_str_eq(imp->name, "nagios");
    ck_assert_int_eq(imp->streams, 1);
}
END_TEST

/* A Slack channel and a nagios.log, no manifest: the HARD CRITICAL is the
 * first alert.firing, so it detects (before any chat report) and starts the
 * incident; the EXTERNAL COMMAND acknowledgement is the first human
 * page.acknowledged; the last HARD OK of an alert that fired mitigates. */
START_TEST(milestones_from_nagios_and_slack)
{
    char dir[256], path[512];
    scratch_dir(dir, sizeof(dir), "nagios-slack");
    snprintf(path, sizeof(path), "%s/slack", dir);
    copy_path(RG_FIXTURES "/slack/export", path);
    snprintf(path, sizeof(path), "%s/monitoring.log", dir);
    copy_path(FX "/nagios.log", path);
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_uint_eq(b.n_sources, 2);
    ck_assert_str_eq(b.sources[0].importer->name, "nagios");
    ck_assert_str_eq(b.sources[1].importer->name, "slack");
    static const struct {
        rg_milestone_id id;
        const char *at, *origin, *rule;
    } want[] = {
        {RG_MS_STARTED, "2026-11-20T14:02:00Z", "monitoring.log:7", "first alert.firing"},
        {RG_MS_DETECTED, "2026-11-20T14:02:00Z", "monitoring.log:7", "first alert.firing"},
        {RG_MS_ACKNOWLEDGED, "2026-11-20T14:05:00Z", "monitoring.log:11",
         "first human page.acknowledged"},
        {RG_MS_MITIGATED, "2026-11-20T14:30:00Z", "monitoring.log:24", "last alert.resolved"},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const rg_milestone *ms = &b.milestones.m[want[i].id];
        char when[32];
        ck_assert_msg(ms->present, "%s absent", rg_milestone_name(want[i].id));
        ck_assert_str_eq(rg_time_format(ms->at_us, when), want[i].at);
        ck_assert_str_eq(ms->origin, want[i].origin);
        ck_assert_str_eq(ms->rule, want[i].rule);
    }
    rg_build_free(&b);
    rg_diag_free(&d);
    remove_dir(dir);
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
        {"empty", "", 0, NULL, {{NULL, NULL, 0}}, 0, NULL, NULL},
        {"truncated",
         "[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n[17951833",
         0,
         NULL,
         {{"no-time", "{P}:2:1: line does not start with a '[timestamp]'; skipped", 1}},
         1,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         NULL},
        {"malformed",
         "[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\nthis is not a "
         "nagios line\n[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: line does not start with a '[timestamp]'; skipped", 1}},
         2,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503"},
        {"wrong type: epoch not a number",
         "[17951x3320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;x\n[1795183320] SERVICE ALERT: "
         "web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n",
         0,
         NULL,
         {{"no-time", "{P}:1:1: line does not start with a '[timestamp]'; skipped", 1}},
         1,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         NULL},
        {"wrong type: attempt not a number",
         "[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;three;x\n[1795183320] SERVICE "
         "ALERT: web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:54: 'SERVICE ALERT' line has attempt 'three', expected a number; skipped", 1}},
         1,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         NULL},
        {"wrong type: state unknown",
         "[1795183320] SERVICE ALERT: web-1;HTTP;PURPLE;HARD;3;x\n[1795183320] SERVICE ALERT: "
         "web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:40: 'SERVICE ALERT' line has state 'PURPLE', expected OK, WARNING, CRITICAL or "
           "UNKNOWN; skipped",
           1}},
         1,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         NULL},
        {"no time",
         "SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;x\n[1795183320] SERVICE ALERT: "
         "web-1;HTTP;CRITICAL;HARD;3;HTTP CRITICAL: 503\n",
         0,
         NULL,
         {{"no-time", "{P}:1:1: line does not start with a '[timestamp]'; skipped", 1}},
         1,
         "web-1/HTTP CRITICAL: HTTP CRITICAL: 503",
         NULL},
        {"not utf-8",
         "[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;bad \377 byte\n",
         0,
         NULL,
         {{"utf8", "{P}:1: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1}},
         1,
         "web-1/HTTP CRITICAL: bad \357\277\275 byte",
         NULL},
        {"hostile",
         "[1795183320] SERVICE ALERT: web-1;HTTP;CRITICAL;HARD;3;<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker | # heading \007\000nul\n",
         140,
         NULL,
         {{"utf8", "{P}:1: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1}},
         1,
         "web-1/HTTP CRITICAL: <script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "| # heading \007\357\277\275nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_nagios, "nagios", "nagios.log", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *nagios_suite(void)
{
    Suite *s = suite_create("nagios");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, corpus_samples);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, every_line_type);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, clock_offset);
    tcase_add_test(tc, empty_and_invalid);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, milestones_from_nagios_and_slack);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(nagios_suite)
