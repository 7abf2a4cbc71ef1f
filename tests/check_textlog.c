/* check_textlog.c -- text logs: log4j, logback, Spring Boot 2 and 3,
 * ZooKeeper, Python, glog, nginx and Apache error logs, Spark, zap console,
 * stack traces joined, a manifest pattern with a time format, the real
 * samples, the window cut, year-less glog times and bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_textlog;
extern const rg_importer rg_importer_syslog;

#define FX RG_FIXTURES "/textlog"
#define REAL RG_CORPUS "/real"

static const char *const custom_pattern =
    "^<(?<time>[^>]+)> \\[(?<actor>[^\\]]+)\\] (?<level>[A-Z]): (?<text>.*)$";

START_TEST(java_and_python)
{
    got g;
    run_log(&g, &rg_importer_textlog, 16, FX "/java.log", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 10);
    /* log4j: level, thread, logger; the stack trace joins the line. */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:02:03.123000Z log.error actor=c.e.shop.Payment origin=" FX
                     "/java.log:1 time=[2026-11-20 14:02:03,123 (UTC assumed)] attrs={level=ERROR;"
                     "thread=main;} text=[payment failed for order 42\n"
                     "java.lang.IllegalStateException: card declined\n"
                     "\tat com.example.shop.Payment.charge(Payment.java:42)\n"
                     "\tat com.example.shop.Checkout.run(Checkout.java:7)]");
    /* Spring Boot 2: pid, "---", padded logger. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:04.456000Z log.warning actor=c.e.shop.web.Controller "
                     "origin=" FX "/java.log:5 time=[2026-11-20 14:02:04.456 (UTC assumed)] "
                     "attrs={level=WARN;thread=nio-8080-exec-1;pid=2345;} text=[slow request "
                     "2300ms]");
    /* Spring Boot 3: an offset, the application's name before the thread. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T13:02:05.789000Z log.info actor=c.e.shop.Application origin=" FX
                     "/java.log:6 time=[2026-11-20T14:02:05.789+01:00] attrs={level=INFO;"
                     "thread=main;pid=2345;} text=[Started Application in 3.2 seconds]");
    /* logback with the thread first. */
    ck_assert_str_eq(dump(g.ev[3]),
                     "2026-11-20T14:02:06Z log.info actor=com.example.Cache origin=" FX
                     "/java.log:7 time=[2026-11-20 14:02:06,000 (UTC assumed)] attrs={level=DEBUG;"
                     "thread=worker-3;} text=[cache miss]");
    /* "TIME WARN text": the level, not a host. */
    ck_assert_str_eq(dump(g.ev[4]), "2026-11-20T14:02:07.123000Z log.warning actor=- origin=" FX
                                    "/java.log:8 time=[2026-11-20T14:02:07.123Z] attrs={level=WARN;"
                                    "} text=[disk almost full]");
    /* ZooKeeper and Python's asctime format. */
    ck_assert_str_eq(dump(g.ev[5]),
                     "2026-11-20T14:02:08.500000Z log.error actor=- origin=" FX
                     "/java.log:9 time=[2026-11-20 14:02:08,500 (UTC assumed)] attrs={level=ERROR;"
                     "thread=QuorumPeer[myid=1]/0.0.0.0:2181:Leader@123;} text=[quorum lost]");
    ck_assert_str_eq(dump(g.ev[6]),
                     "2026-11-20T14:02:09Z log.error actor=payments.worker origin=" FX
                     "/java.log:10 time=[2026-11-20 14:02:09,000 (UTC assumed)] "
                     "attrs={level=CRITICAL;} text=[worker crashed]");
    /* No level column: the level word of the message. */
    ck_assert_str_eq(g.ev[7]->type, "log.error");
    ck_assert_str_eq(g.ev[8]->text, "<script>alert(1)</script> | **bold**");
    /* A coloured console line reads as the plain one. */
    ck_assert_str_eq(dump(g.ev[9]),
                     "2026-11-20T14:02:12Z log.error actor=c.e.Color origin=" FX
                     "/java.log:13 time=[2026-11-20 14:02:12,000 (UTC assumed)] attrs={level=ERROR;"
                     "thread=main;} text=[coloured console line]");
    check_warning(&g, "joined",
                  FX "/java.log:2: line has no timestamp and was joined to the line before", 3);
    check_warning(&g, "ansi",
                  FX "/java.log:13: 2 ANSI terminal escapes (colour codes) removed from the text",
                  1);
    ck_assert_uint_eq(g.diag.n_warnings, 2);
    got_free(&g);
}
END_TEST

START_TEST(other_shapes)
{
    got g;
    run_log(&g, &rg_importer_textlog, 16, FX "/other.log", "Europe/Paris", "2026-11-20T00:00:00Z",
            NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    /* glog: a letter, no year (nearest the reference), the zone assumed. */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T13:02:03.123456Z log.error actor=- origin=" FX
                     "/other.log:1 time=[E1120 14:02:03.123456 (Europe/Paris assumed)] "
                     "attrs={level=E;thread=4242;caller=server.go:88;} text=[listener failed: "
                     "address in use\n    goroutine 1 [running]:]");
    ck_assert_str_eq(g.ev[1]->type, "log.warning");
    ck_assert_str_eq(g.ev[2]->type, "log.info");
    ck_assert_str_eq(dump(g.ev[3]),
                     "2026-11-20T13:02:06Z log.error actor=- origin=" FX
                     "/other.log:5 time=[2026/11/20 14:02:06 (Europe/Paris assumed)] attrs={"
                     "level=error;pid=1234#0;} text=[*55 connect() failed (111: Connection "
                     "refused) while connecting to upstream]");
    ck_assert_str_eq(g.ev[4]->type, "log.warning");
    ck_assert_str_eq(dump(g.ev[5]),
                     "2026-11-20T13:02:08Z log.error actor=- origin=" FX
                     "/other.log:7 time=[Fri Nov 20 14:02:08 2026 (Europe/Paris assumed)] "
                     "attrs={level=error;client=10.0.0.1;} text=[File does not exist: "
                     "/var/www/favicon.ico]");
    ck_assert_str_eq(dump(g.ev[6]),
                     "2026-11-20T13:02:09.123456Z log.error actor=- origin=" FX
                     "/other.log:8 time=[Fri Nov 20 14:02:09.123456 2026 (Europe/Paris assumed)] "
                     "attrs={level=error;pid=4242:tid 140;client=10.0.0.2:5555;} text=[AH00898: "
                     "Error reading from remote server]");
    ck_assert_str_eq(dump(g.ev[7]),
                     "2026-11-20T13:02:10Z log.info actor=scheduler.DAGScheduler origin=" FX
                     "/other.log:9 time=[26/11/20 14:02:10 (Europe/Paris assumed)] attrs={"
                     "level=INFO;} text=[Job 3 finished]");
    /* zap's console encoder: logger, caller, message, then its fields. */
    ck_assert_str_eq(dump(g.ev[8]),
                     "2026-11-20T14:02:11Z log.error actor=checkout origin=" FX
                     "/other.log:10 time=[2026-11-20T14:02:11.000Z] attrs={level=error;"
                     "caller=svc/pay.go:42;} text=[payment failed {\"order\": 42}]");
    got_free(&g);
}
END_TEST

/* The manifest's pattern and time format; a line it does not match joins
 * the one before; a time that does not read is skipped with a warning. */
START_TEST(pattern)
{
    got g;
    got_init(&g, 16);
    rg_source src = {.path = FX "/custom.log",
                     .name = "app log",
                     .zone = rg_tz_utc(),
                     .ref_us = INT64_MIN,
                     .pattern = custom_pattern,
                     .time_format = "%Y.%m.%d %H:%M:%S"};
    g.rc = rg_importer_textlog.parse(&src, &g.sink);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:02:03Z log.error actor=web-1 origin=" FX
                                    "/custom.log:1 time=[2026.11.20 14:02:03 (UTC assumed)] attrs={"
                                    "level=E;} text=[something broke\n  detail line]");
    ck_assert_str_eq(g.ev[1]->type, "log.warning");
    ck_assert_str_eq(g.ev[2]->type, "log.info");
    check_warning(&g, "bad-time",
                  FX "/custom.log:4:2: the pattern's time '2026.13.45 99:99:99' does not read as "
                     "%Y.%m.%d %H:%M:%S; line skipped",
                  1);
    got_free(&g);
    /* Without a time format, rg_time_parse reads the group. */
    got_init(&g, 16);
    char *p = temp_path("rg_pattern");
    FILE *f = fopen(p, "w");
    fputs("[2026-11-20T14:02:03Z] boom\nno match\n", f);
    fclose(f);
    src = (rg_source){.path = p,
                      .name = "app log",
                      .zone = rg_tz_utc(),
                      .ref_us = INT64_MIN,
                      .pattern = "^\\[(?<time>[^\\]]+)\\] (?<text>.*)"};
    g.rc = rg_importer_textlog.parse(&src, &g.sink);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(g.ev[0]->text, "boom\nno match");
    got_free(&g);
    /* A pattern that cannot compile, or has no time group: an error. */
    got_init(&g, 4);
    src.pattern = "(?<time>[";
    ck_assert_int_eq(rg_importer_textlog.parse(&src, &g.sink), -1);
    char want[256];
    snprintf(want, sizeof(want),
             "%s: its \"pattern\" is not a valid regular expression (missing terminating ] for "
             "character class at character 10)",
             p);
    ck_assert_str_eq(g.diag.error, want);
    got_free(&g);
    got_init(&g, 4);
    src.pattern = "^(?<when>\\S+)";
    ck_assert_int_eq(rg_importer_textlog.parse(&src, &g.sink), -1);
    snprintf(want, sizeof(want), "%s: its \"pattern\" has no (?<time>...) group", p);
    ck_assert_str_eq(g.diag.error, want);
    got_free(&g);
    /* Nothing matches: an error at the first line. */
    got_init(&g, 4);
    src.pattern = "^NEVER(?<time>x)";
    ck_assert_int_eq(rg_importer_textlog.parse(&src, &g.sink), -1);
    snprintf(want, sizeof(want), "%s:1:1: no line matches the source's \"pattern\"", p);
    ck_assert_str_eq(g.diag.error, want);
    got_free(&g);
    unlink(p);
}
END_TEST

/* With no window, glog's year comes from src->ref_what's reference and the
 * importer says so once. */
START_TEST(no_year)
{
    got g;
    got_init(&g, 16);
    rg_source src = {.path = FX "/other.log",
                     .name = "app log",
                     .zone = rg_tz_utc(),
                     .ref_us = instant("2027-01-02T00:00:00Z"),
                     .ref_what = "the other sources' evidence (k8s.json)"};
    ck_assert_int_eq(rg_importer_textlog.parse(&src, &g.sink), 0);
    /* November is nearer January 2027 in 2026. */
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:02:03.123456Z");
    check_warning(&g, "no-year",
                  FX "/other.log:1: timestamps have no year; each takes the year that puts it "
                     "nearest the other sources' evidence (k8s.json) (2027-01-02T00:00:00Z)",
                  3);
    got_free(&g);
}
END_TEST

START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_textlog, 16, FX "/java.log", NULL, NULL, "2026-11-20T14:02:04Z",
            "2026-11-20T14:02:07Z", 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "slow request 2300ms");
    ck_assert_str_eq(g.ev[1]->text, "cache miss");
    ck_assert_uint_eq(g.sink.n_outside, 8);
    /* The stack trace of a line outside the window goes with it, silently. */
    ck_assert_ptr_null(find_warning(&g.diag, "joined"));
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    if (!rg_have_corpus(REAL "/loghub"))
        return;
    static const struct {
        const char *file;
        size_t events;
        const char *first_type, *first_actor, *first_text;
    } cases[] = {
        {"/loghub/Hadoop_2k.head30.log", 30, "log.info",
         "org.apache.hadoop.mapreduce.v2.app.MRAppMaster",
         "Created MRAppMaster for application appattempt_1445144423722_0020_000001"},
        {"/loghub/Zookeeper_2k.head30.log", 30, "log.info", NULL, "Notification time out: 3200"},
        {"/loghub/Spark_2k.head30.log", 30, "log.info", "executor.CoarseGrainedExecutorBackend",
         "Registered signal handlers for [TERM, HUP, INT]"},
        {"/loghub/Apache_2k.head40.log", 40, "log.info", NULL,
         "workerEnv.init() ok /etc/httpd/conf/workers2.properties"},
        {"/jsonl-app/lnav_zap_console.log", 3, "log.info", NULL,
         "Metrics {\"otelcol.component.id\": \"debug\", \"otelcol.component.kind\": \"Exporter\", "
         "\"otelcol.signal\": \"metrics\", \"resource metrics\": 3, \"metrics\": 27, \"data "
         "points\": 60}"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char p[256];
        snprintf(p, sizeof(p), REAL "%s", cases[i].file);
        got g;
        run_log(&g, &rg_importer_textlog, 64, p, NULL, NULL, NULL, NULL, 0);
        ck_assert_int_eq(g.rc, 0);
        ck_assert_msg(g.n == cases[i].events, "%s: %zu events", p, g.n);
        ck_assert_str_eq(g.ev[0]->type, cases[i].first_type);
        if (cases[i].first_actor)
            ck_assert_str_eq(g.ev[0]->actor, cases[i].first_actor);
        else
            ck_assert_ptr_null(g.ev[0]->actor);
        ck_assert_str_eq(g.ev[0]->text, cases[i].first_text);
        ck_assert_int_eq(sniff_file(&rg_importer_textlog, p), 85);
        /* syslog used to claim these; it leaves them now. */
        ck_assert_int_lt(sniff_file(&rg_importer_syslog, p), 85);
        got_free(&g);
    }
    got g;
    run_log(&g, &rg_importer_textlog, 64, REAL "/loghub/Apache_2k.head40.log", NULL, NULL, NULL,
            NULL, 0);
    ck_assert_str_eq(g.ev[1]->type, "log.error");
    ck_assert_str_eq(g.ev[1]->text, "mod_jk child workerEnv in error state 6");
    got_free(&g);
    run_log(&g, &rg_importer_textlog, 64, REAL "/jsonl-app/lnav_zap_console.log", NULL, NULL, NULL,
            NULL, 0);
    ck_assert_str_eq(g.ev[1]->type, "log.error");
    ck_assert_str_eq(attr(g.ev[1], "caller"), "internal/queue_sender.go:128");
    ck_assert_uint_eq(find_warning(&g.diag, "joined")->count, 6);
    got_free(&g);
}
END_TEST

START_TEST(bad_input)
{
    static const char *const names[] = {"garbage", "utf16"};
    check_invalid_fixtures(&rg_importer_textlog, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_textlog, FX "/java.log"), 85);
    ck_assert_int_eq(sniff_file(&rg_importer_textlog, FX "/other.log"), 85);
    ck_assert_int_eq(sniff_file(&rg_importer_textlog, FX "/custom.log"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_textlog, FX "/invalid/garbage/input"), 0);
    /* Syslog's own lines, an ISO time then a host, are not text logs. */
    ck_assert_int_eq(sniff_file(&rg_importer_textlog, RG_FIXTURES "/syslog/rfc-examples.log"), 0);
    const char *rsyslog = "2020-05-31T00:00:45.698885+00:00 localhost rsyslogd: HUPed\n";
    ck_assert_int_eq(rg_importer_textlog.sniff("x.log", 0, rsyslog, strlen(rsyslog)), 0);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory_min(&rg_importer_textlog, FX "/java.log", 3);
}
END_TEST

static Suite *textlog_suite(void)
{
    Suite *s = suite_create("textlog");
    TCase *tc = tcase_create("textlog");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, java_and_python);
    tcase_add_test(tc, other_shapes);
    tcase_add_test(tc, pattern);
    tcase_add_test(tc, no_year);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(textlog_suite)
