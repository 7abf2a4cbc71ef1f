/* check_otlp.c -- OTLP JSON logs: the collector's file exporter (one export
 * per line) and a pretty-printed document, times as strings and numbers,
 * severity numbers and texts, kvlist bodies, identity, the real samples and
 * bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_otlp;

#define FX RG_FIXTURES "/otlp"
#define REAL RG_CORPUS "/real"

START_TEST(file_exporter_lines)
{
    got g;
    run_log(&g, &rg_importer_otlp, 32, FX "/lines.jsonl", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 10);
    /* Nanoseconds as a string, read as an integer: the µs are exact. */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:02:03.123456Z log.error actor=checkout origin=" FX
                     "/lines.jsonl:1 time=[1795183323123456789] attrs={level=ERROR;"
                     "service=checkout;scope=com.example.pay;trace_id="
                     "5b8aa5a2d2c872e8321cf37308d69df2;} text=[payment failed card declined]");
    /* timeUnixNano "0" is unset: observedTimeUnixNano; severityText alone. */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2026-11-20T14:02:04Z log.warning actor=checkout origin=" FX
                     "/lines.jsonl:1 time=[1795183324000000000] attrs={level=Warning;"
                     "service=checkout;scope=com.example.pay;} text=[event=retry attempt=2 "
                     "ctx={db=pg}]");
    /* A number time; severityNumber 9 is info. */
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:02:05Z log.info actor=checkout origin=" FX
                                    "/lines.jsonl:1 time=[1795183325000000000] attrs={level=9;"
                                    "service=checkout;scope=com.example.pay;} text=[42]");
    ck_assert_str_eq(g.ev[3]->text, "");
    /* The old field names; no service: the host; number 0 defers to the text. */
    ck_assert_str_eq(dump(g.ev[4]),
                     "2026-11-20T14:02:07Z log.error actor=db-1 origin=" FX
                     "/lines.jsonl:4 time=[1795183327000000000] attrs={level=ERROR;scope=old;} "
                     "text=[<script>alert(1)</script> | **x**]");
    ck_assert_str_eq(g.ev[5]->type, "log.warning");
    check_warning(&g, "no-time",
                  FX "/lines.jsonl:1: log record has no timeUnixNano or observedTimeUnixNano; "
                     "skipped",
                  2);
    check_warning(&g, "bad-record",
                  FX "/lines.jsonl:1: a logRecords element is not an object; skipped", 2);
    check_warning(&g, "bad-body",
                  FX "/lines.jsonl:1: log record body is of an unknown shape; its text is empty",
                  2);
    check_warning(&g, "bad-json",
                  FX "/lines.jsonl:2:4: invalid JSON: string or '}' expected near 'not'", 1);
    check_warning(&g, "bad-payload",
                  FX "/lines.jsonl:3:1: expected an OTLP logs export ({\"resourceLogs\": [...]}); "
                     "skipped",
                  1);
    check_warning(&g, "ansi",
                  FX "/lines.jsonl:1: ANSI terminal escapes (colour codes) removed from the text",
                  2);
    /* Line 6 repeats line 1: identical records of one file are distinct... */
    ck_assert_uint_eq(got_fold(&g), 0);
    ck_assert_uint_eq(g.n, 10);
    got_free(&g);
    /* ...and another file's copy folds record for record. */
    got_init(&g, 32);
    rg_source a = {
        .path = FX "/lines.jsonl", .name = "app log", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    rg_source b = {.path = FX "/../otlp/lines.jsonl",
                   .name = "app log",
                   .zone = rg_tz_utc(),
                   .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_otlp.parse(&a, &g.sink), 0);
    ck_assert_int_eq(rg_importer_otlp.parse(&b, &g.sink), 0);
    ck_assert_uint_eq(got_fold(&g), 10);
    got_free(&g);
}
END_TEST

START_TEST(pretty_document)
{
    got g;
    run_log(&g, &rg_importer_otlp, 8, FX "/pretty.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:03:20Z log.warning actor=cart origin=" FX
                                    "/pretty.json:20 time=[1795183400000000000] attrs={level=13;"
                                    "service=cart;scope=a;} text=[cart slow]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:03:21Z log.error actor=cart origin=" FX
                                    "/pretty.json:34 time=[1795183401000000000] attrs={level=FATAL;"
                                    "service=cart;scope=b;} text=[cart down]");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* One document of odd shapes, read whole and streamed record by record
 * (jsonstream.h): a resource and a scope whose other members come after
 * their records (keys sorted), a resource with both scopeLogs and the older
 * instrumentationLibraryLogs (scopeLogs read), one with the older alone, a
 * resource and scopes that are no objects or have no records, scopeLogs
 * null beside older records (none read) and scopeLogs written twice (the
 * last read). Both readings give exactly these events and warnings. */
START_TEST(shapes_whole_and_streamed)
{
    for (int streamed = 0; streamed < 2; streamed++) {
        got g;
        run_log_read(&g, &rg_importer_otlp, 16, FX "/shapes.json", streamed);
        ck_assert_int_eq(g.rc, 0);
        ck_assert_uint_eq(g.n, 3);
        ck_assert_str_eq(dump(g.ev[0]),
                         "2026-11-20T14:05:00Z log.error actor=api origin=" FX
                         "/shapes.json:4 time=[1795183500000000000] attrs={level=17;service=api;"
                         "scope=sorted;} text=[late scope and resource]");
        ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:05:02Z log.warning actor=db-2 origin=" FX
                                        "/shapes.json:17 time=[1795183502000000000] attrs={level="
                                        "WARN;scope=old;} text=[old names]");
        ck_assert_str_eq(dump(g.ev[2]),
                         "2026-11-20T14:05:05Z log.error actor=web origin=" FX
                         "/shapes.json:27 time=[1795183505000000000] attrs={level=21;service=web;"
                         "scope=last;} text=[last scopeLogs]");
        ck_assert_uint_eq(g.diag.n_warnings, 2);
        check_warning(&g, "bad-record",
                      FX "/shapes.json:5:6: a logRecords element is not an object; skipped", 1);
        check_warning(&g, "no-time",
                      FX "/shapes.json:6:6: log record has no timeUnixNano or "
                         "observedTimeUnixNano; skipped",
                      1);
        got_free(&g);
    }
}
END_TEST

/* A 3 MB document, two resources of 12,000 records, the second's resource
 * and scope written after its records: read record by record, each with its
 * resource's service and its scope's name, located on its line, in memory
 * that follows one record (jansson never holds more than one). */
START_TEST(large_document_record_by_record)
{
    char *path = temp_path("otlp_big");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    enum { PER = 12000 };
    static const char rec[] = "    {\"timeUnixNano\": \"%d000000000\", \"severityNumber\": %d, "
                              "\"body\": {\"stringValue\": \"record %d of %s\"}}%s\n";
    static const char res[] = "   \"resource\": {\"attributes\": [{\"key\": \"service.name\", "
                              "\"value\": {\"stringValue\": \"%s\"}}]}%s\n";
    fputs("{\"resourceLogs\": [\n  {\n", f); /* lines 1-2 */
    fprintf(f, res, "cart", ",");            /* line 3 */
    fputs("   \"scopeLogs\": [{\"scope\": {\"name\": \"s1\"}, \"logRecords\": [\n", f);
    for (int i = 0; i < PER; i++) /* lines 5 .. PER + 4 */
        fprintf(f, rec, 1795183200 + i, 9, i, "cart", i + 1 < PER ? "," : "");
    fputs("   ]}]},\n  {\"scopeLogs\": [{\"logRecords\": [\n", f);
    for (int i = 0; i < PER; i++) /* lines PER + 7 .. 2 PER + 6 */
        fprintf(f, rec, 1795190400 + i, i == PER - 1 ? 17 : 9, i, "web", i + 1 < PER ? "," : "");
    fputs("   ], \"scope\": {\"name\": \"s2\"}}],\n", f);
    fprintf(f, res, "web", "");
    fputs("  }\n]}\n", f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 2 * 1024 * 1024);
    got g;
    rg_jsondocs_last_parsed_max = (size_t)-1; /* a reader that never streams leaves it so */
    run_log(&g, &rg_importer_otlp, 2 * PER, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 2 * PER);
    char want[512];
    snprintf(want, sizeof(want),
             "2026-11-20T14:00:00Z log.info actor=cart origin=%s:5 time=[1795183200000000000] "
             "attrs={level=9;service=cart;scope=s1;} text=[record 0 of cart]",
             path);
    ck_assert_str_eq(dump(g.ev[0]), want);
    snprintf(want, sizeof(want),
             "2026-11-20T19:19:59Z log.error actor=web origin=%s:%d time=[1795202399000000000] "
             "attrs={level=17;service=web;scope=s2;} text=[record 11999 of web]",
             path, 2 * PER + 6);
    ck_assert_str_eq(dump(g.ev[2 * PER - 1]), want);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* one record parsed at a time (the longest is 100 bytes), the buffer a
     * 64 KiB read or two and the 1 MiB looked at to choose */
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 200);
    ck_assert_uint_le(rg_jsondocs_last_high, 2 * 1024 * 1024);
    got_free(&g);
    unlink(path);
}
END_TEST

/* The file exporter's lines of more than a MiB (a batch of thousands of
 * records): read whole in their place, every record located on its line;
 * two that are not JSON (one cut inside a string, one no object) are
 * warnings naming their line.
 * The line reader cut them, and they were skipped with a warning. */
START_TEST(file_exporter_long_lines)
{
    char *path = temp_path("otlp_long");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char head[] =
        "{\"resourceLogs\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", "
        "\"value\": {\"stringValue\": \"%s\"}}]}, \"scopeLogs\": [{\"logRecords\": [";
    static const char rec[] = "%s{\"timeUnixNano\": \"%d000000000\", \"severityNumber\": 17, "
                              "\"body\": {\"stringValue\": \"batch record %d\"}}";
    enum { BATCH = 14000 };
    for (int line = 1; line <= 5; line++) {
        const char *svc = line == 2 ? "batch" : "small";
        if (line == 4) { /* over a MiB, cut inside a string: not JSON */
            fprintf(f, head, "broken");
            fputs("{\"body\": {\"stringValue\": \"", f);
            for (int i = 0; i < 1200000; i++)
                fputc('y', f);
            fputs("\n", f);
            continue;
        }
        if (line == 5) { /* over a MiB, no object */
            for (int i = 0; i < 1100000; i++)
                fputc('z', f);
            fputs("\n", f);
        }
        fprintf(f, head, svc);
        int n = line == 2 ? BATCH : 1;
        for (int i = 0; i < n; i++)
            fprintf(f, rec, i ? ", " : "", 1795183200 + line * 100 + (line == 2 ? i % 60 : 0), i);
        fputs("]}]}]}\n", f);
    }
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 3 * 1024 * 1024);
    got g;
    run_log(&g, &rg_importer_otlp, BATCH + 8, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, BATCH + 3);
    char want[512];
    /* in file order: line 1, line 2's records, lines 3 and 6 */
    snprintf(want, sizeof(want), "%s:2", path);
    ck_assert_str_eq(g.ev[1]->origin, want);
    ck_assert_str_eq(g.ev[1]->text, "batch record 0");
    ck_assert_str_eq(g.ev[BATCH]->origin, want);
    snprintf(want, sizeof(want), "batch record %d", BATCH - 1);
    ck_assert_str_eq(g.ev[BATCH]->text, want);
    ck_assert_str_eq(attr(g.ev[BATCH], "service"), "batch");
    snprintf(want, sizeof(want), "%s:3", path);
    ck_assert_str_eq(g.ev[BATCH + 1]->origin, want);
    snprintf(want, sizeof(want), "%s:6", path);
    ck_assert_str_eq(g.ev[BATCH + 2]->origin, want);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    snprintf(want, sizeof(want), "%s:4:1200166: invalid JSON: premature end of input", path);
    check_warning(&g, "bad-json", want, 2);
    got_free(&g);
    unlink(path);
}
END_TEST

/* One export of over a MiB on one line (an API response saved by curl): the
 * first line is a whole object, but it is read as the document it is,
 * record by record, not as a line parsed whole (the line reader returns
 * such lines whole for the file exporter's batches). */
START_TEST(one_line_document_streamed)
{
    char *path = temp_path("otlp_oneline");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    enum { N = 15000 };
    fputs("{\"resourceLogs\": [{\"resource\": {\"attributes\": [{\"key\": \"service.name\", "
          "\"value\": {\"stringValue\": \"cart\"}}]}, \"scopeLogs\": [{\"logRecords\": [",
          f);
    for (int i = 0; i < N; i++)
        fprintf(f, "%s{\"timeUnixNano\": \"%d000000000\", \"body\": {\"stringValue\": \"r%d\"}}",
                i ? ", " : "", 1795183200 + i % 60, i);
    fputs("]}]}]}\n", f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 1024 * 1024 + 64 * 1024);
    got g;
    rg_jsondocs_last_parsed_max = (size_t)-1; /* a reader that never streams leaves it so */
    run_log(&g, &rg_importer_otlp, N, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, N);
    char want[512];
    snprintf(want, sizeof(want), "%s:1", path);
    ck_assert_str_eq(g.ev[N - 1]->origin, want);
    ck_assert_str_eq(g.ev[N - 1]->text, "r14999");
    ck_assert_str_eq(attr(g.ev[N - 1], "service"), "cart");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 200);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_otlp, 32, FX "/lines.jsonl", NULL, NULL, "2026-11-20T14:02:04Z",
            "2026-11-20T14:02:06Z", 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_uint_eq(g.sink.n_outside, 4);
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
#define P_PROTO REAL "/otlp-json/opentelemetry-proto_examples_logs.json"
#define P_COLL REAL "/jsonl-app/lnav_otel_collector.jsonl"
    const char *p = P_PROTO;
    if (!rg_have_corpus(p))
        return;
    got g;
    run_log(&g, &rg_importer_otlp, 8, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    /* A number above 2^53, read exactly; severityText "Information". */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2018-12-13T14:51:00.300000Z log.info actor=my.service origin=" P_PROTO
                     ":29 time=[1544712660300000000] attrs={level=Information;service=my.service;"
                     "scope=my.library;trace_id=5B8EFFF798038103D269B633813FC60C;} text=[Example "
                     "log record]");
    got_free(&g);
    const char *q = P_COLL;
    run_log(&g, &rg_importer_otlp, 16, q, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 11);
    static const char *const types[11] = {"log.info", "log.warning", "log.info", "log.error",
                                          "log.info", "log.info",    "log.info", "log.error",
                                          "log.info", "log.info",    "log.info"};
    for (int i = 0; i < 11; i++)
        ck_assert_str_eq(g.ev[i]->type, types[i]);
    ck_assert_str_eq(dump(g.ev[3]),
                     "2023-11-14T22:13:23Z log.error actor=order-service origin=" P_COLL
                     ":2 time=[1700000003000000000] attrs={level=ERROR;service=order-service;"
                     "scope=com.example.order;trace_id=6c9bb6b3e3d983f9432d048419e7ae03;} "
                     "text=[Failed to update order status: database connection timeout]");
    ck_assert_ptr_null(g.ev[8]->actor); /* empty resource attributes */
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"truncated", "scalar", "no-resource-logs", "utf16"};
    check_invalid_fixtures(&rg_importer_otlp, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(empty_file)
{
    got g;
    char *p = temp_path("rg_otlp_empty");
    run_log(&g, &rg_importer_otlp, 4, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    got_free(&g);
    unlink(p);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_otlp, FX "/lines.jsonl"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_otlp, FX "/pretty.json"), 95);
    ck_assert_int_eq(sniff_file(&rg_importer_otlp, FX "/invalid/no-resource-logs/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_otlp, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_otlp, FX "/pretty.json");
}
END_TEST

static Suite *otlp_suite(void)
{
    Suite *s = suite_create("otlp");
    TCase *tc = tcase_create("otlp");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, file_exporter_lines);
    tcase_add_test(tc, pretty_document);
    tcase_add_test(tc, shapes_whole_and_streamed);
    tcase_add_test(tc, large_document_record_by_record);
    tcase_add_test(tc, file_exporter_long_lines);
    tcase_add_test(tc, one_line_document_streamed);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(otlp_suite)
