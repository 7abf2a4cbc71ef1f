/* check_cloudwatch_alarms.c -- the CloudWatch alarm-history importer:
 * HistoryData parsed from its JSON string, each alarm's states followed
 * oldest first (ALARM -> INSUFFICIENT_DATA -> OK resolves, a new alarm's
 * first OK does not), SNS actions as notifications, pages of one listing in
 * a folder, bad input with exact errors, sniffing. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"

extern const rg_importer rg_importer_cloudwatch_alarms;

#define FX RG_FIXTURES "/cloudwatch-alarms"
#define CORPUS_DIR RG_CORPUS "/real/cloudwatch"
#define MAX_EVENTS 64

static void run(got *g, const char *path)
{
    run_file(g, &rg_importer_cloudwatch_alarms, MAX_EVENTS, path, "cloudwatch", 0);
}

START_TEST(corpus_awscli_example)
{
    const char *p = CORPUS_DIR "/describe-alarm-history.awscli-example.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* Newest first in the file, oldest first here. */
    static const char *const want[] = {
        "2014-04-09T18:59:05.805000Z alert.firing kind=alert actor=cloudwatch human=0 "
        "origin=" CORPUS_DIR "/describe-alarm-history.awscli-example.json:10 "
        "time=[2014-04-09T18:59:05.805Z] text=[myalarm: testing purposes] "
        "{alarm_name=myalarm;history_type=StateUpdate;old_state=OK;new_state="
        "ALARM;fingerprint=myalarm;}",
        "2014-04-09T18:59:06.442000Z alert.resolved kind=alert actor=cloudwatch human=0 "
        "origin=" CORPUS_DIR
        "/describe-alarm-history.awscli-example.json:3 time=[2014-04-09T18:59:06.442Z] "
        "text=[myalarm: Threshold Crossed: 2 datapoints were not greater than the threshold "
        "(70.0). The most recent datapoints: [38.958, 40.292].] "
        "{alarm_name=myalarm;history_type=StateUpdate;old_state=ALARM;new_state=OK;fingerprint="
        "myalarm;}",
    };
    check_events(&g, want, 2);
    ck_assert_str_eq(g.ev[0]->source, "cloudwatch");
    got_free(&g);
}
END_TEST

/* One alarm's whole life and another's broken HistoryData (its states read
 * from the summary); an item without a time counted; hostile names kept as
 * written. */
START_TEST(alarm_history)
{
    got g;
    run(&g, FX "/history.json");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-01T08:59:00Z note kind=note actor=cloudwatch human=0 origin=" FX
        "/history.json:65 time=[2026-11-01T08:59:00Z] text=[Alarm \"checkout-5xx\" created] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=ConfigurationUpdate;}",
        "2026-11-01T09:00:00Z note kind=note actor=cloudwatch human=0 origin=" FX
        "/history.json:57 time=[2026-11-01T09:00:00Z] text=[Alarm updated from INSUFFICIENT_DATA "
        "to OK] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state="
        "INSUFFICIENT_DATA;new_state=OK;}",
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=cloudwatch human=0 origin=" FX
        "/history.json:35 time=[2026-11-20T14:02:00.000Z] text=[checkout-5xx: Threshold Crossed: 2 "
        "datapoints [7.2, 6.9] were greater than the threshold (5.0).] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=OK;new_"
        "state=ALARM;fingerprint=checkout-5xx;}",
        "2026-11-20T14:02:01.250000Z page.notified kind=page actor=checkout-oncall human=0 "
        "origin=" FX "/history.json:27 time=[2026-11-20T14:02:01.250Z] text=[Successfully executed "
        "action arn:aws:sns:eu-west-1:123456789012:checkout-oncall] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=Action;action_"
        "state=Succeeded;}",
        "2026-11-20T14:05:00Z alert.firing kind=alert actor=cloudwatch human=0 origin=" FX
        "/history.json:43 time=[2026-11-20T14:05:00Z] text=[Alarm updated from OK to ALARM] "
        "{alarm_name=db-cpu "
        "<script>;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=OK;new_state=ALARM;"
        "fingerprint=db-cpu <script>;}",
        "2026-11-20T14:30:00Z alert.nodata kind=alert actor=cloudwatch human=0 origin=" FX
        "/history.json:19 time=[2026-11-20T14:30:00.000Z] text=[checkout-5xx: Insufficient Data: 1 "
        "datapoint was unknown.] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=ALARM;"
        "new_state=INSUFFICIENT_DATA;fingerprint=checkout-5xx;}",
        "2026-11-20T14:41:00Z alert.resolved kind=alert actor=cloudwatch human=0 origin=" FX
        "/history.json:11 time=[2026-11-20T14:41:00.000+00:00] text=[checkout-5xx: Threshold "
        "Crossed: 1 datapoint [1.2 (20/11/26 14:40:00)] was not greater than the threshold (5.0).] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state="
        "INSUFFICIENT_DATA;new_state=OK;fingerprint=checkout-5xx;}",
        "2026-11-20T14:50:00Z note kind=note actor=cloudwatch human=0 origin=" FX
        "/history.json:3 time=[2026-11-20T14:50:00.000Z] text=[Alarm \"checkout-5xx\" updated] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=ConfigurationUpdate;}",
    };
    check_events(&g, want, 8);
    check_warning(&g, "no-time",
                  FX "/history.json:51:9: alarm history item has no 'Timestamp'; skipped", 1);
    check_warning(&g, "bad-history-data",
                  FX "/history.json:43: StateUpdate of alarm 'db-cpu <script>' has no readable "
                     "'HistoryData'; the states were taken from its summary",
                  1);
    /* 9 items = 8 imported + 1 warned (the other warning is about one that was read). */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, "no-time"), 1);
    got_free(&g);
}
END_TEST

/* Two pages of one listing, newest first: read together oldest first, so the
 * OK on page 1 knows the ALARM on page 2; the item both hold is one record. */
START_TEST(pages_folder)
{
    got g;
    run(&g, FX "/pages");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=cloudwatch human=0 origin=" FX
        "/pages/page2.json:11 time=[2026-11-20T14:02:00.000Z] text=[checkout-5xx: Threshold "
        "Crossed: 2 datapoints [7.2, 6.9] were greater than the threshold (5.0).] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=OK;new_"
        "state=ALARM;fingerprint=checkout-5xx;}",
        "2026-11-20T14:30:00Z alert.nodata kind=alert actor=cloudwatch human=0 origin=" FX
        "/pages/page2.json:3 time=[2026-11-20T14:30:00.000Z] text=[checkout-5xx: Insufficient "
        "Data: 1 datapoint was unknown.] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=ALARM;"
        "new_state=INSUFFICIENT_DATA;fingerprint=checkout-5xx;}",
        "2026-11-20T14:30:00Z alert.nodata kind=alert actor=cloudwatch human=0 origin=" FX
        "/pages/page1.json:11 time=[2026-11-20T14:30:00.000Z] text=[checkout-5xx: Insufficient "
        "Data: 1 datapoint was unknown.] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state=ALARM;"
        "new_state=INSUFFICIENT_DATA;fingerprint=checkout-5xx;}",
        "2026-11-20T14:41:00Z alert.resolved kind=alert actor=cloudwatch human=0 origin=" FX
        "/pages/page1.json:3 time=[2026-11-20T14:41:00.000+00:00] text=[checkout-5xx: Threshold "
        "Crossed: 1 datapoint [1.2 (20/11/26 14:40:00)] was not greater than the threshold (5.0).] "
        "{alarm_name=checkout-5xx;alarm_type=MetricAlarm;history_type=StateUpdate;old_state="
        "INSUFFICIENT_DATA;new_state=OK;fingerprint=checkout-5xx;}",
    };
    check_events(&g, want, 4);
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 3);
    got_free(&g);
}
END_TEST

/* The second of item i of the file items_in writes (N items). */
typedef int (*second_fn)(int i, int n);

/* N items of second sec(i) past 14:00, i in file order, run through the
 * importer: out oldest first, and of one instant the later-listed first, as
 * the API's newest-first listing needs. */
static void items_in(second_fn sec, int n)
{
    char *path = temp_path("cwa_order");
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"AlarmHistoryItems\": [\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "%s{\"AlarmName\": \"a%d\", \"Timestamp\": \"2026-11-20T14:%02d:%02d.000Z\", "
                "\"HistoryItemType\": \"Action\", \"HistorySummary\": \"Successfully executed "
                "action arn:aws:sns:eu-west-1:1:x\"}\n",
                i ? "," : "", i, sec(i, n) / 60, sec(i, n) % 60);
    fputs("]}\n", f);
    fclose(f);
    got g;
    run_file(&g, &rg_importer_cloudwatch_alarms, (size_t)n, path, "cloudwatch", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, (size_t)n);
    int seen = 0;
    for (int t = 0; t < 3600 && seen < n; t++) {
        for (int i = n - 1; i >= 0; i--) {
            if (sec(i, n) != t)
                continue;
            char name[16];
            snprintf(name, sizeof(name), "a%d", i);
            const char *got_name = rg_event_attr_get(g.ev[seen], "alarm_name");
            ck_assert_msg(strcmp(got_name, name) == 0, "event %d is %s, want %s", seen, got_name,
                          name);
            ck_assert_int_eq(g.ev[seen]->at_us,
                             instant("2026-11-20T14:00:00Z") + (int64_t)t * 1000000);
            seen++;
        }
    }
    ck_assert_int_eq(seen, n);
    got_free(&g);
    unlink(path);
}

/* two items to each second, listed in no order (97 i mod n, halved) */
static int scrambled(int i, int n)
{
    return (i * 97) % n / 2;
}

/* newest first, as the API lists, two to each second but the last */
static int newest_first(int i, int n)
{
    return (n - 1 - i) / 2;
}

static int oldest_first(int i, int n)
{
    (void)n;
    return i / 2;
}

/* Many runs to merge, with ties across them; and the two orders a listing
 * is read in, each one run (the first falling, with ties in it). */
START_TEST(items_out_of_order)
{
    items_in(scrambled, 301);
    items_in(newest_first, 301);
    items_in(oldest_first, 301);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",    "truncated", "scalar", "items-object",
                                        "no-items", "not-utf8",  "utf16"};
    check_invalid_fixtures(&rg_importer_cloudwatch_alarms, FX, names,
                           sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_cloudwatch_alarms;
    ck_assert_int_eq(sniff_file(imp, FX "/history.json"), 95);
    ck_assert_int_eq(imp->sniff(FX "/pages", 1, NULL, 0), 95);
    ck_assert_int_eq(imp->sniff(FX, 1, NULL, 0), 0);
    const char *metrics = "{\"Label\": \"CPUUtilization\", \"Datapoints\": []}";
    const char *logs = "{\"events\": [{\"logStreamName\": \"a\", \"timestamp\": 1}]}";
    ck_assert_int_eq(imp->sniff("a.json", 0, metrics, strlen(metrics)), 0);
    ck_assert_int_eq(imp->sniff("a.json", 0, logs, strlen(logs)), 0);
    if (rg_have_corpus(CORPUS_DIR))
        ck_assert_int_eq(sniff_file(imp, CORPUS_DIR "/describe-alarm-history.awscli-example.json"),
                         95);
    ck_assert_str_eq(imp->name, "cloudwatch-alarms");
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_cloudwatch_alarms, FX "/history.json");
    check_out_of_memory(&rg_importer_cloudwatch_alarms, FX "/pages");
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
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\","
         "\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\"",
         0,
         "{P}:3:296: unexpected end of file (truncated?): premature end of input",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\","
         "\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},,\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\","
         "\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         "{P}:2:324: unexpected token near ','",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: AlarmName a number",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":42,\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: alarm history item has 'AlarmName' as a number, expected a string; skipped",
           1}},
         1,
         "db-cpu: Threshold crossed",
         NULL},
        {"wrong type: Timestamp an object",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":{\"x\":1},\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":\"Alarm "
         "updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: alarm history item has 'Timestamp' as an object, expected a time; skipped",
           1}},
         1,
         "db-cpu: Threshold crossed",
         NULL},
        {"wrong type: HistoryData an object",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\","
         "\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":{\"newState\":{}}},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":"
         "\"MetricAlarm\",\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":"
         "\"StateUpdate\",\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"bad-history-data",
           "{P}:2: StateUpdate of alarm 'db-cpu' has no readable 'HistoryData'; the states were "
           "taken from its summary",
           1}},
         2,
         "db-cpu: Threshold crossed",
         "Alarm updated from OK to ALARM"},
        {"wrong type: HistorySummary a number",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"Timestamp\":\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\","
         "\"HistorySummary\":7,\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:2:1: alarm history item has 'HistorySummary' as a number, expected a string; "
           "skipped",
           1}},
         1,
         "db-cpu: Threshold crossed",
         NULL},
        {"no time",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\","
         "\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold "
         "crossed\\\"}}\"},\n{\"AlarmName\":\"db-cpu\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":"
         "\"2026-11-20T14:02:00.000Z\",\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":"
         "\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: alarm history item has no 'Timestamp'; skipped", 1}},
         1,
         "db-cpu: Threshold crossed",
         NULL},
        {"not utf-8",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"db-cpu "
         "\377\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":\"2026-11-20T14:02:00.000Z\","
         "\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":\"Alarm updated from OK to "
         "ALARM\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         "{P}:2:21: not valid UTF-8 (unable to decode byte 0xff near '\"db-cpu '); save the file "
         "as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"AlarmHistoryItems\":[\n{\"AlarmName\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"AlarmType\":\"MetricAlarm\",\"Timestamp\":\"2026-11-20T14:02:00.000Z\","
         "\"HistoryItemType\":\"StateUpdate\",\"HistorySummary\":\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\",\"HistoryData\":\"{\\\"version\\\":\\\"1.0\\\",\\\"oldState\\\":{"
         "\\\"stateValue\\\":\\\"OK\\\"},\\\"newState\\\":{\\\"stateValue\\\":\\\"ALARM\\\","
         "\\\"stateReason\\\":\\\"Threshold crossed\\\"}}\"}\n]}\n",
         0,
         NULL,
         {{"nul", "{P}:2:102: 2 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul: Threshold crossed",
         NULL},
    };
    check_bad_inputs(&rg_importer_cloudwatch_alarms, "cloudwatch_alarms", "history.json", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *cloudwatch_alarms_suite(void)
{
    Suite *s = suite_create("cloudwatch-alarms");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_awscli_example);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, alarm_history);
    tcase_add_test(tc, pages_folder);
    tcase_add_test(tc, items_out_of_order);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cloudwatch_alarms_suite)
