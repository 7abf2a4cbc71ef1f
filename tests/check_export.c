/* check_export.c -- the timeline exports: exact CSV, JSON lines and
 * Timesketch output for a small hand-built timeline with hostile text, write
 * errors, out of memory, and `reviewgen timeline --format` end to end. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "check_cmd_util.h"
#include "check_util.h"
#include "export.h"

extern const rg_command rg_cmd_timeline;

/* Four events in the shapes the importers produce, each carrying something
 * a spreadsheet, a JSON reader or a terminal could trip over. */
static size_t sample(rg_arena *a, rg_event *evs[4])
{
    rg_event *e = rg_event_new(a);
    e->at_us = INT64_C(1795183440000000); /* 2026-11-20T14:04:00Z */
    e->kind = RG_KIND_ALERT;
    e->type = "alert.firing";
    e->source = "alertmanager";
    e->actor = "Alertmanager";
    e->text = "\t=2+2 <script>alert(1)</script>";
    e->origin = "alerts.json:2";
    e->time_text = "2026-11-20T14:04:00Z";
    e->milestone = "detected";
    evs[0] = e;

    e = rg_event_new(a);
    e->at_us = INT64_C(1795183510250000); /* 14:05:10.25 */
    e->kind = RG_KIND_CHAT;
    e->type = "chat.message";
    e->source = "slack #inc-2041";
    e->actor = "Dana \"DB\" O'Neil";
    e->human = 1;
    e->text = "=HYPERLINK(\"http://x\",\"a, b\")\nsecond line\x1b[31m\x07";
    e->origin = "slack/inc-2041/2026-11-20.json:3";
    e->time_text = "1795183510.250000";
    e->milestone = "acknowledged";
    evs[1] = e;

    e = rg_event_new(a);
    e->at_us = INT64_C(1795183560000000); /* 14:06:00, a run of 48,213 lines */
    e->kind = RG_KIND_LOG;
    e->type = "log.error";
    e->source = "+web-1";
    e->actor = NULL;
    e->text = "-rf, then @sum\ttab \xff\xfe bad \xe2\x80\xa8 end";
    e->origin = "app.log:10452";
    e->time_text = "@1795183560";
    e->count = 48213;
    e->last_us = INT64_C(1795185059999999); /* 14:30:59.999999 */
    evs[2] = e;

    e = rg_event_new(a);
    e->at_us = INT64_C(1795183800000000); /* 14:10:00 */
    e->kind = RG_KIND_NOTE;
    e->type = "note";
    e->source = "incident.json";
    e->actor = "@here";
    e->text = "\r\n=1+1";
    e->origin = "incident.json:6";
    e->time_text = "2026-11-20 21:10 (Asia/Ho_Chi_Minh assumed)";
    e->milestone = "mitigated";
    evs[3] = e;
    return 4;
}

static const char want_csv[] =
    "at,kind,type,source,actor,human,text,origin,time_text,count,last,milestone\r\n"
    "2026-11-20T14:04:00Z,alert,alert.firing,alertmanager,Alertmanager,false,"
    "'\t=2+2 <script>alert(1)</script>,alerts.json:2,2026-11-20T14:04:00Z,1,,detected\r\n"
    "2026-11-20T14:05:10.250000Z,chat,chat.message,slack #inc-2041,\"Dana \"\"DB\"\" O'Neil\","
    "true,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\nsecond line\xEF\xBF\xBD[31m\xEF\xBF\xBD\","
    "slack/inc-2041/2026-11-20.json:3,1795183510.250000,1,,acknowledged\r\n"
    "2026-11-20T14:06:00Z,log,log.error,'+web-1,,false,"
    "\"'-rf, then @sum\ttab \xEF\xBF\xBD\xEF\xBF\xBD bad \xe2\x80\xa8 end\",app.log:10452,"
    "'@1795183560,48213,2026-11-20T14:30:59.999999Z,\r\n"
    "2026-11-20T14:10:00Z,note,note,incident.json,'@here,false,\"'\r\n=1+1\",incident.json:6,"
    "2026-11-20 21:10 (Asia/Ho_Chi_Minh assumed),1,,mitigated\r\n";

static const char want_jsonl[] =
    "{\"at\":\"2026-11-20T14:04:00Z\",\"kind\":\"alert\",\"type\":\"alert.firing\","
    "\"source\":\"alertmanager\",\"actor\":\"Alertmanager\",\"human\":false,"
    "\"text\":\"\\t=2+2 <script>alert(1)</script>\",\"origin\":\"alerts.json:2\","
    "\"time_text\":\"2026-11-20T14:04:00Z\",\"milestone\":\"detected\",\"count\":1,"
    "\"last\":null}\n"
    "{\"at\":\"2026-11-20T14:05:10.250000Z\",\"kind\":\"chat\",\"type\":\"chat.message\","
    "\"source\":\"slack #inc-2041\",\"actor\":\"Dana \\\"DB\\\" O'Neil\",\"human\":true,"
    "\"text\":\"=HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\\nsecond line\\u001b[31m\\u0007\","
    "\"origin\":\"slack/inc-2041/2026-11-20.json:3\",\"time_text\":\"1795183510.250000\","
    "\"milestone\":\"acknowledged\",\"count\":1,\"last\":null}\n"
    "{\"at\":\"2026-11-20T14:06:00Z\",\"kind\":\"log\",\"type\":\"log.error\","
    "\"source\":\"+web-1\",\"actor\":null,\"human\":false,"
    "\"text\":\"-rf, then @sum\\ttab \xEF\xBF\xBD\xEF\xBF\xBD bad \\u2028 end\","
    "\"origin\":\"app.log:10452\",\"time_text\":\"@1795183560\",\"milestone\":null,"
    "\"count\":48213,\"last\":\"2026-11-20T14:30:59.999999Z\"}\n"
    "{\"at\":\"2026-11-20T14:10:00Z\",\"kind\":\"note\",\"type\":\"note\","
    "\"source\":\"incident.json\",\"actor\":\"@here\",\"human\":false,"
    "\"text\":\"\\r\\n=1+1\",\"origin\":\"incident.json:6\","
    "\"time_text\":\"2026-11-20 21:10 (Asia/Ho_Chi_Minh assumed)\",\"milestone\":\"mitigated\","
    "\"count\":1,\"last\":null}\n";

static const char want_timesketch[] =
    "{\"message\":\"Alertmanager: \\t=2+2 <script>alert(1)</script>\","
    "\"datetime\":\"2026-11-20T14:04:00Z\",\"timestamp\":1795183440000000,"
    "\"timestamp_desc\":\"Event Time\",\"kind\":\"alert\",\"type\":\"alert.firing\","
    "\"source\":\"alertmanager\",\"actor\":\"Alertmanager\",\"human\":false,"
    "\"text\":\"\\t=2+2 <script>alert(1)</script>\",\"origin\":\"alerts.json:2\","
    "\"time_text\":\"2026-11-20T14:04:00Z\",\"milestone\":\"detected\",\"count\":1}\n"
    "{\"message\":\"Dana \\\"DB\\\" O'Neil: =HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\\nsecond "
    "line\\u001b[31m\\u0007\",\"datetime\":\"2026-11-20T14:05:10.250000Z\","
    "\"timestamp\":1795183510250000,\"timestamp_desc\":\"Event Time\",\"kind\":\"chat\","
    "\"type\":\"chat.message\",\"source\":\"slack #inc-2041\",\"actor\":\"Dana \\\"DB\\\" "
    "O'Neil\",\"human\":true,\"text\":\"=HYPERLINK(\\\"http://x\\\",\\\"a, b\\\")\\nsecond "
    "line\\u001b[31m\\u0007\",\"origin\":\"slack/inc-2041/2026-11-20.json:3\","
    "\"time_text\":\"1795183510.250000\",\"milestone\":\"acknowledged\",\"count\":1}\n"
    "{\"message\":\"-rf, then @sum\\ttab \xEF\xBF\xBD\xEF\xBF\xBD bad \\u2028 end (48213 events "
    "until 2026-11-20T14:30:59.999999Z)\",\"datetime\":\"2026-11-20T14:06:00Z\","
    "\"timestamp\":1795183560000000,\"timestamp_desc\":\"Event Time\",\"kind\":\"log\","
    "\"type\":\"log.error\",\"source\":\"+web-1\",\"human\":false,"
    "\"text\":\"-rf, then @sum\\ttab \xEF\xBF\xBD\xEF\xBF\xBD bad \\u2028 end\","
    "\"origin\":\"app.log:10452\",\"time_text\":\"@1795183560\",\"count\":48213,"
    "\"last\":\"2026-11-20T14:30:59.999999Z\"}\n"
    "{\"message\":\"@here: \\r\\n=1+1\",\"datetime\":\"2026-11-20T14:10:00Z\","
    "\"timestamp\":1795183800000000,\"timestamp_desc\":\"Event Time\",\"kind\":\"note\","
    "\"type\":\"note\",\"source\":\"incident.json\",\"actor\":\"@here\",\"human\":false,"
    "\"text\":\"\\r\\n=1+1\",\"origin\":\"incident.json:6\","
    "\"time_text\":\"2026-11-20 21:10 (Asia/Ho_Chi_Minh assumed)\",\"milestone\":\"mitigated\","
    "\"count\":1}\n";

/* Renders the sample in format f into a string the caller frees with rg_buf_free. */
static rg_buf render(rg_export_format f)
{
    rg_arena *a = rg_arena_new();
    rg_event *evs[4];
    size_t n = sample(a, evs);
    rg_buf b = {0};
    ck_assert_int_eq(rg_export_header(&b, f), 0);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(rg_export_event(&b, f, evs[i]), 0);
    rg_arena_free(a);
    return b;
}

START_TEST(test_format_names)
{
    rg_export_format f = RG_EXPORT_JSONL;
    ck_assert_int_eq(rg_export_format_parse("csv", &f), 0);
    ck_assert_int_eq(f, RG_EXPORT_CSV);
    ck_assert_int_eq(rg_export_format_parse("timesketch", &f), 0);
    ck_assert_int_eq(f, RG_EXPORT_TIMESKETCH);
    ck_assert_int_eq(rg_export_format_parse("jsonl", &f), 0);
    ck_assert_int_eq(f, RG_EXPORT_JSONL);
    ck_assert_int_eq(rg_export_format_parse("CSV", &f), -1);
    ck_assert_int_eq(rg_export_format_parse("text", &f), -1); /* the CLI's, not an export */
    ck_assert_int_eq(rg_export_format_parse("", &f), -1);
}
END_TEST

START_TEST(test_csv_exact)
{
    rg_buf b = render(RG_EXPORT_CSV);
    ck_assert_uint_eq(b.len, strlen(want_csv));
    ck_assert_str_eq(b.data, want_csv);
    rg_buf_free(&b);
}
END_TEST

START_TEST(test_jsonl_exact_and_parses)
{
    rg_buf b = render(RG_EXPORT_JSONL);
    ck_assert_str_eq(b.data, want_jsonl);
    /* every line is one JSON object with review.json's timeline keys, in order */
    static const char *keys[] = {"at",   "kind",   "type",      "source",    "actor", "human",
                                 "text", "origin", "time_text", "milestone", "count", "last"};
    size_t lines = 0;
    for (const char *p = b.data; *p; lines++) {
        const char *nl = strchr(p, '\n');
        ck_assert_ptr_nonnull(nl);
        json_error_t err;
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, &err);
        ck_assert_msg(o != NULL, "line %zu: %s", lines + 1, err.text);
        ck_assert_uint_eq(json_object_size(o), 12);
        const char *at = p;
        for (size_t k = 0; k < 12; k++) {
            ck_assert_ptr_nonnull(json_object_get(o, keys[k]));
            char quoted[32];
            snprintf(quoted, sizeof(quoted), "\"%s\":", keys[k]);
            const char *q = strstr(at, quoted);
            ck_assert_msg(q && q < nl, "key %s out of order", keys[k]);
            at = q;
        }
        json_decref(o);
        p = nl + 1;
    }
    ck_assert_uint_eq(lines, 4);
    rg_buf_free(&b);
}
END_TEST

START_TEST(test_timesketch_exact_and_mandatory_fields)
{
    rg_buf b = render(RG_EXPORT_TIMESKETCH);
    ck_assert_str_eq(b.data, want_timesketch);
    size_t lines = 0;
    for (const char *p = b.data; *p; lines++) {
        const char *nl = strchr(p, '\n');
        json_error_t err;
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, &err);
        ck_assert_msg(o != NULL, "line %zu: %s", lines + 1, err.text);
        /* Timesketch's mandatory fields, and the µs timestamp as an integer */
        ck_assert(json_is_string(json_object_get(o, "message")));
        ck_assert(json_is_string(json_object_get(o, "datetime")));
        ck_assert_str_eq(json_string_value(json_object_get(o, "timestamp_desc")), "Event Time");
        ck_assert(json_is_integer(json_object_get(o, "timestamp")));
        json_decref(o);
        p = nl + 1;
    }
    ck_assert_uint_eq(lines, 4);
    rg_buf_free(&b);
}
END_TEST

START_TEST(test_empty_timeline)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_export_header(&b, RG_EXPORT_CSV), 0);
    ck_assert_str_eq(b.data, "at,kind,type,source,actor,human,text,origin,time_text,count,last,"
                             "milestone\r\n");
    rg_buf_free(&b);
    ck_assert_int_eq(rg_export_header(&b, RG_EXPORT_JSONL), 0);
    ck_assert_str_eq(b.data, "");
    rg_buf_free(&b);
    /* an event with every optional string missing and empty text */
    rg_arena *a = rg_arena_new();
    rg_event *e = rg_event_new(a);
    e->type = "";
    e->source = "";
    e->text = "";
    e->origin = "";
    e->time_text = "";
    ck_assert_int_eq(rg_export_event(&b, RG_EXPORT_CSV, e), 0);
    ck_assert_str_eq(b.data, "1970-01-01T00:00:00Z,log,,,,false,,,,1,,\r\n");
    rg_buf_reset(&b);
    ck_assert_int_eq(rg_export_event(&b, RG_EXPORT_TIMESKETCH, e), 0);
    ck_assert_str_eq(b.data, "{\"message\":\"\",\"datetime\":\"1970-01-01T00:00:00Z\","
                             "\"timestamp\":0,\"timestamp_desc\":\"Event Time\",\"kind\":\"log\","
                             "\"type\":\"\",\"source\":\"\",\"human\":false,\"text\":\"\","
                             "\"origin\":\"\",\"time_text\":\"\",\"count\":1}\n");
    rg_buf_free(&b);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_write_stream_and_errors)
{
    rg_arena *a = rg_arena_new();
    rg_event *evs[4];
    size_t n = sample(a, evs);
    rg_diag d;
    rg_diag_init(&d);
    mkdir("build/test-scratch", 0777);
    FILE *f = fopen("build/test-scratch/export.csv", "w+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(rg_export_write(f, "export.csv", RG_EXPORT_CSV, evs, n, &d), 0);
    rewind(f);
    char got[4096];
    size_t len = fread(got, 1, sizeof(got) - 1, f);
    got[len] = '\0';
    fclose(f);
    ck_assert_str_eq(got, want_csv);
    /* a full disk is a whole error line, never silence */
    FILE *full = fopen("/dev/full", "wb");
    if (full) {
        ck_assert_int_eq(rg_export_write(full, "/dev/full", RG_EXPORT_JSONL, evs, n, &d), -1);
        ck_assert_str_eq(d.error, "reviewgen: cannot write '/dev/full': No space left on device");
        fclose(full);
    }
    rg_diag_free(&d);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_out_of_memory)
{
    rg_arena *a = rg_arena_new();
    rg_event *evs[4];
    size_t n = sample(a, evs);
    const rg_export_format fs[] = {RG_EXPORT_CSV, RG_EXPORT_JSONL, RG_EXPORT_TIMESKETCH};
    for (size_t k = 0; k < 3; k++) {
        int ok = 0;
        for (long fail = 0; fail < 200 && !ok; fail++) {
            rg_diag d;
            rg_diag_init(&d);
            FILE *f = tmpfile();
            ck_assert_ptr_nonnull(f);
            rg_alloc_fail_after(fail);
            int rc = rg_export_write(f, "tmp", fs[k], evs, n, &d);
            rg_alloc_fail_after(-1);
            if (rc == 0) {
                ok = 1;
            } else {
                ck_assert_str_eq(d.error, "reviewgen: out of memory");
            }
            fclose(f);
            rg_diag_free(&d);
        }
        ck_assert_msg(ok, "format %zu never succeeded", k);
    }
    rg_arena_free(a);
}
END_TEST

/* Runs `reviewgen timeline` through its command entry with stdout and
 * stderr sent to files; returns the exit code and the two outputs. */
static int run_timeline(const char *a1, const char *a2, const char *a3, char **out, char **err)
{
    char *argv[4] = {(char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = a3 ? 3 : a2 ? 2 : 1;
    mkdir("build/test-scratch", 0777);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    int fo = open("build/test-scratch/export.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open("build/test-scratch/export.err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert(fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    int rc = rg_test_run_cmd(&rg_cmd_timeline, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(fo);
    close(fe);
    close(save_out);
    close(save_err);
    const char *files[2] = {"build/test-scratch/export.out", "build/test-scratch/export.err"};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "rb");
        ck_assert_ptr_nonnull(f);
        char *buf = rg_malloc(1 << 20);
        size_t len = fread(buf, 1, (1 << 20) - 1, f);
        buf[len] = '\0';
        fclose(f);
        *dst[i] = buf;
    }
    return rc;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

START_TEST(test_command_formats)
{
    const char *dir = RG_FIXTURES "/build/good";
    char *text, *out, *err;
    ck_assert_int_eq(run_timeline(dir, NULL, NULL, &text, &err), 0);
    rg_free(err);
    /* the default is the text view, and --format text is the same bytes */
    ck_assert_int_eq(run_timeline(dir, "--format", "text", &out, &err), 0);
    ck_assert_str_eq(out, text);
    ck_assert_uint_eq(count_lines(text), 5);
    ck_assert_ptr_nonnull(strstr(text, "2026-10-02T10:00:00Z  alert  alert.firing"));
    rg_free(out);
    rg_free(err);

    ck_assert_int_eq(run_timeline(dir, "--format=csv", NULL, &out, &err), 0);
    ck_assert_str_eq(err, "");
    ck_assert_uint_eq(count_lines(out), 6); /* header + the 5 events */
    const char *head = "at,kind,type,source,actor,human,text,origin,time_text,count,last,"
                       "milestone\r\n2026-10-02T10:00:00Z,alert,alert.firing,";
    ck_assert_int_eq(strncmp(out, head, strlen(head)), 0);
    rg_free(out);
    rg_free(err);

    ck_assert_int_eq(run_timeline(dir, "--format", "jsonl", &out, &err), 0);
    ck_assert_uint_eq(count_lines(out), 5);
    head = "{\"at\":\"2026-10-02T10:00:00Z\",\"kind\":\"alert\",";
    ck_assert_int_eq(strncmp(out, head, strlen(head)), 0);
    rg_free(out);
    rg_free(err);

    ck_assert_int_eq(run_timeline(dir, "--format", "timesketch", &out, &err), 0);
    ck_assert_uint_eq(count_lines(out), 5);
    ck_assert_ptr_nonnull(strstr(out, "\"datetime\":\"2026-10-02T10:00:00Z\","
                                      "\"timestamp\":1790935200000000,"
                                      "\"timestamp_desc\":\"Event Time\""));
    rg_free(out);
    rg_free(err);
    rg_free(text);
}
END_TEST

START_TEST(test_command_usage_errors)
{
    char *out, *err;
    ck_assert_int_eq(run_timeline("x", "--format", "xml", &out, &err), RG_EXIT_USAGE);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "reviewgen: timeline: unknown format 'xml' (text, csv, jsonl or "
                          "timesketch)\nTry 'reviewgen timeline --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run_timeline("x", "--format", NULL, &out, &err), RG_EXIT_USAGE);
    ck_assert_str_eq(err, "reviewgen: timeline: option '--format' needs a value\n"
                          "Try 'reviewgen timeline --help'.\n");
    rg_free(out);
    rg_free(err);
    /* a bad source: the error line, nothing on stdout, whatever the format */
    ck_assert_int_eq(
        run_timeline(RG_FIXTURES "/pagerduty/invalid/truncated", "--format", "csv", &out, &err),
        RG_EXIT_INPUT);
    ck_assert_str_eq(out, "");
    ck_assert_ptr_nonnull(strstr(err, "truncated/input:4:22: unexpected end of file"));
    rg_free(out);
    rg_free(err);
}
END_TEST

static Suite *export_suite(void)
{
    Suite *s = suite_create("export");
    TCase *tc = tcase_create("export");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_format_names);
    tcase_add_test(tc, test_csv_exact);
    tcase_add_test(tc, test_jsonl_exact_and_parses);
    tcase_add_test(tc, test_timesketch_exact_and_mandatory_fields);
    tcase_add_test(tc, test_empty_timeline);
    tcase_add_test(tc, test_write_stream_and_errors);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_test(tc, test_command_formats);
    tcase_add_test(tc, test_command_usage_errors);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(export_suite)
