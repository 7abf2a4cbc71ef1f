/* check_jsonlines.c -- the streaming JSON-lines importer: pino, bunyan, zap,
 * logrus, slog and ECS records from the real corpus and fixtures, the window
 * cut, stack-trace lines, and bad input (garbage, UTF-16, bad bytes, records
 * without time, a 2 MiB line). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "check_importer_util.h"
#include "linereader.h"

extern const rg_importer rg_importer_jsonlines;

#define FX RG_FIXTURES "/jsonlines"
#define REAL RG_CORPUS "/real/jsonl-app"
#define MAX_EVENTS 1000

/* Runs the importer. zone NULL = UTC; ref/from/to are RFC 3339 texts or NULL. */
static void run_full(got *g, const char *path, const char *zone, const char *ref, const char *from,
                     const char *to, int64_t offset_us)
{
    run_log(g, &rg_importer_jsonlines, MAX_EVENTS, path, zone, ref, from, to, offset_us);
}

static void run(got *g, const char *path, const char *ref)
{
    run_full(g, path, NULL, ref, NULL, NULL, 0);
}

static void check_invalid(const char *name)
{
    char input[256], error[256];
    snprintf(input, sizeof(input), FX "/invalid/%s/input", name);
    snprintf(error, sizeof(error), FX "/invalid/%s/error", name);
    check_fails_with(&rg_importer_jsonlines, input, read_text(error));
}

/* ---- the real corpus ---- */

START_TEST(bunyan)
{
    const char *p = REAL "/lnav_bunyan.jsonl";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 10);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2023-03-24T14:26:16.243000Z log.info actor=renovate-gitlab-67c4bcb5-9ggbv "
                     "origin=" REAL "/lnav_bunyan.jsonl:1 time=[2023-03-24T14:26:16.243Z] "
                     "attrs={level=20;service=renovate;} text=[Found gitlabci-include package "
                     "files]");
    ck_assert_str_eq(dump(g.ev[3]),
                     "2023-03-24T14:26:16.243000Z log.info actor=renovate-gitlab-67c4bcb5-9ggbv "
                     "origin=" REAL "/lnav_bunyan.jsonl:4 time=[2023-03-24T14:26:16.243Z] "
                     "attrs={level=30;service=renovate;} text=[Dependency extraction complete]");
    ck_assert_str_eq(dump(g.ev[9]),
                     "2023-03-24T14:26:18.331000Z log.info actor=renovate-gitlab-67c4bcb5-9ggbv "
                     "origin=" REAL "/lnav_bunyan.jsonl:10 time=[2023-03-24T14:26:18.331Z] "
                     "attrs={level=20;service=renovate;} text=[All releases are pending - using "
                     "latest]");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(pino)
{
    const char *p = REAL "/lnav_pino.jsonl";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    /* "time" in epoch milliseconds; "service.name" is a dotted top-level key. */
    ck_assert_str_eq(dump(g.ev[0]), "2025-04-24T22:08:37.537000Z log.info actor=7d82d3f28bad "
                                    "origin=" REAL "/lnav_pino.jsonl:1 time=[1745532517537] "
                                    "attrs={level=info;service=payment;} text=[Charge request "
                                    "received.]");
    got_free(&g);
}
END_TEST

START_TEST(ecs)
{
    const char *p = REAL "/lnav_ecs.jsonl";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 5);
    static const char *const types[5] = {"log.info", "log.info", "log.warning", "log.error",
                                         "log.error"};
    for (int i = 0; i < 5; i++)
        ck_assert_str_eq(g.ev[i]->type, types[i]);
    /* No host or service: the logger ("log": {"logger": "app"}) is the actor. */
    ck_assert_str_eq(dump(g.ev[4]),
                     "2025-01-13T09:58:13.634000Z log.error actor=app origin=" REAL
                     "/lnav_ecs.jsonl:5 time=[2025-01-13T09:58:13.634Z] attrs={level=critical;} "
                     "text=[this is a critical message num=52]");
    got_free(&g);
}
END_TEST

START_TEST(edge_cases)
{
    const char *p = REAL "/lnav_json_edgecases.jsonl";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 13);
    /* Escapes are decoded: the text is the message as the program wrote it,
     * less its terminal colour codes (counted). */
    ck_assert_str_eq(dump(g.ev[1]),
                     "2013-09-06T20:00:49.124817Z log.info actor=com.example.demo\xc2\xb5s "
                     "origin=" REAL "/lnav_json_edgecases.jsonl:2 "
                     "time=[2013-09-06T20:00:49.124817Z] attrs={level=INFO;} text=[Starting up "
                     "service]");
    check_warning(&g, "ansi",
                  REAL "/lnav_json_edgecases.jsonl:2: 2 ANSI terminal escapes (colour codes) "
                       "removed from the text",
                  1);
    ck_assert_str_eq(g.ev[3]->text, "D\bDetails...\n");
    /* A space instead of 'T'. */
    ck_assert_str_eq(dump(g.ev[7]), "2013-09-06T22:01:00Z log.info actor=- origin=" REAL
                                    "/lnav_json_edgecases.jsonl:9 time=[2013-09-06 22:01:00Z] "
                                    "attrs={level=DEBUG;} text=[Details...]");
    ck_assert_str_eq(g.ev[9]->type, "log.warning");
    ck_assert_str_eq(g.ev[10]->type, "log.error");
    ck_assert_str_eq(g.ev[11]->type, "log.error");
    ck_assert_str_eq(dump(g.ev[12]),
                     "2013-09-06T22:01:49.124817Z log.error actor=- origin=" REAL
                     "/lnav_json_edgecases.jsonl:14 time=[2013-09-06T22:01:49.124817Z] "
                     "attrs={level=FATAL;} text=[shoot]");
    check_warning(&g, "bad-time",
                  REAL "/lnav_json_edgecases.jsonl:6:8: unreadable time 'xxx' in \"ts\"; line "
                       "skipped",
                  1);
    ck_assert_uint_eq(g.diag.n_warnings, 2);
    got_free(&g);
}
END_TEST

/* Not JSON lines: zap's console encoder (tab-separated), and OTLP records
 * whose time is nested. */
START_TEST(other_formats)
{
    const char *p = REAL "/lnav_zap_console.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, -1);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_str_eq(g.diag.error, REAL "/lnav_zap_console.log:1:1: expected one JSON object "
                                        "per line, found no line that is one");
    got_free(&g);
    run(&g, REAL "/lnav_otel_collector.jsonl", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    check_warning(&g, "no-time",
                  REAL
                  "/lnav_otel_collector.jsonl:1: JSON line has no time field "
                  "(\"@timestamp\", \"timestamp\", \"time\", \"@t\", \"ts\", \"t\" or \"date\"); "
                  "skipped",
                  6);
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    if (!rg_have_corpus(REAL "/lnav_bunyan.jsonl"))
        return;
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_bunyan.jsonl"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_pino.jsonl"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_ecs.jsonl"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_json_edgecases.jsonl"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_otel_collector.jsonl"), 5);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, REAL "/lnav_zap_console.log"), 0);
    ck_assert_int_eq(
        sniff_file(&rg_importer_jsonlines, RG_CORPUS "/real/syslog-rfc3164/plaso_syslog"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, FX "/empty.jsonl"), 0);
    /* A pretty-printed document is not JSON lines. */
    const char *doc = "{\n  \"time\": \"2026-11-20T14:02:03Z\",\n  \"msg\": \"x\"\n}\n";
    ck_assert_int_eq(rg_importer_jsonlines.sniff("x.json", 0, doc, strlen(doc)), 0);
    /* A head cut inside a long first line still counts. */
    const char *cut = "{\"time\":\"2026-11-20T14:02:03Z\",\"level\":\"info\",\"msg\":\"abc";
    ck_assert_int_eq(rg_importer_jsonlines.sniff("x.log", 0, cut, strlen(cut)), 90);
    ck_assert_int_eq(rg_importer_jsonlines.sniff("dir", 1, NULL, 0), 0);
}
END_TEST

/* ---- fixtures ---- */

START_TEST(logger_formats)
{
    got g;
    run_full(&g, FX "/formats.jsonl", "Asia/Ho_Chi_Minh", NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 13);
    static const char *const want[13] = {
        /* pino: epoch ms, string level, dotted service.name */
        "2026-11-20T14:02:03.123000Z log.warning actor=web-1 origin=" FX "/formats.jsonl:1 "
        "time=[1795183323123] attrs={level=warn;service=checkout;} text=[pino warn]",
        /* bunyan: numeric level 50, ISO time, "name" as the service */
        "2026-11-20T14:02:03.500000Z log.error actor=web-2 origin=" FX "/formats.jsonl:2 "
        "time=[2026-11-20T14:02:03.5Z] attrs={level=50;service=api;} text=[bunyan error]",
        /* zap: float seconds, read as text */
        "2026-11-20T14:02:04.123456Z log.info actor=- origin=" FX "/formats.jsonl:3 "
        "time=[1795183324.123456] attrs={level=info;} text=[zap float seconds]",
        "2026-11-20T14:02:05Z log.error actor=- origin=" FX "/formats.jsonl:4 "
        "time=[1.795183325e9] attrs={level=dpanic;} text=[zap exponent]",
        /* logrus: offset */
        "2026-11-20T14:02:06Z log.warning actor=- origin=" FX "/formats.jsonl:5 "
        "time=[2026-11-20T21:02:06+07:00] attrs={level=warning;} text=[logrus]",
        /* slog: nanoseconds cut to microseconds; nested service.name */
        "2026-11-20T14:02:07.123456Z log.error actor=payments origin=" FX "/formats.jsonl:6 "
        "time=[2026-11-20T14:02:07.123456789Z] attrs={level=ERROR;service=payments;} "
        "text=[slog]",
        /* ECS dotted and nested */
        "2026-11-20T14:02:08Z log.error actor=node-9 origin=" FX "/formats.jsonl:7 "
        "time=[2026-11-20T14:02:08.000Z] attrs={level=critical;} text=[ecs dotted]",
        "2026-11-20T14:02:09Z log.warning actor=app origin=" FX "/formats.jsonl:8 "
        "time=[2026-11-20T14:02:09Z] attrs={level=warn;} text=[ecs nested]",
        /* no level field: the level word in the message */
        "2026-11-20T14:02:10Z log.error actor=- origin=" FX "/formats.jsonl:9 "
        "time=[2026-11-20T14:02:10Z] attrs={} text=[no level field, CRIT word]",
        /* a local time in the source's zone, said so */
        "2026-11-20T07:02:11Z log.info actor=- origin=" FX "/formats.jsonl:10 "
        "time=[2026-11-20 14:02:11 (Asia/Ho_Chi_Minh assumed)] attrs={level=30;} "
        "text=[local time, numeric 30]",
        /* "time": "12ms" is not a time; "timestamp" is */
        "2026-11-20T14:02:12Z log.info actor=- origin=" FX "/formats.jsonl:11 "
        "time=[2026-11-20T14:02:12Z] attrs={level=debug;} text=[timestamp beats time]",
        /* \u0000 becomes U+FFFD; hostile text is kept as written; a huge number is fine */
        "2026-11-20T14:02:13Z log.error actor=- origin=" FX "/formats.jsonl:12 "
        "time=[2026-11-20T14:02:13Z] attrs={level=fatal;} text=[nul\xef\xbf\xbdin string "
        "<script>x</script>]",
        /* no message key: the whole line is the text */
        "2026-11-20T14:02:14Z log.info actor=- origin=" FX "/formats.jsonl:13 "
        "time=[2026-11-20T14:02:14Z] attrs={level=info;} text=[{\"time\":\"2026-11-20T14:02:14Z\","
        "\"level\":\"info\",\"data\":{\"msg\":\"nested msg is not the message\"},\"note\":\"no "
        "msg key\"}]",
    };
    for (int i = 0; i < 13; i++)
        ck_assert_str_eq(dump(g.ev[i]), want[i]);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* BOM, CRLF, a stack trace, records without time, a truncated record, bad
 * bytes, no final newline: events read = events kept + events warned about. */
START_TEST(messy)
{
    got g;
    run(&g, FX "/messy.jsonl", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:02:03Z log.error actor=- origin=" FX
                                    "/messy.jsonl:2 time=[2026-11-20T14:02:03Z] "
                                    "attrs={level=error;} text=[request failed\n"
                                    "java.lang.IllegalStateException: boom\n"
                                    "\tat com.example.Foo.bar(Foo.java:10)]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:02:05Z log.info actor=- origin=" FX
                                    "/messy.jsonl:10 time=[2026-11-20T14:02:05Z] "
                                    "attrs={level=info;} text=[caf\xef\xbf\xbd \xef\xbf\xbd]");
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:02:06Z log.info actor=- origin=" FX
                                    "/messy.jsonl:11 time=[2026-11-20T14:02:06Z] "
                                    "attrs={level=info;} text=[last, no newline]");
    check_warning(&g, "orphan-line",
                  FX "/messy.jsonl:1: line is not a JSON object and no line before it is one; "
                     "skipped",
                  1);
    check_warning(&g, "joined",
                  FX "/messy.jsonl:3: line is not a JSON object and was joined to the line "
                     "before",
                  2);
    check_warning(&g, "no-time",
                  FX "/messy.jsonl:6: JSON line has no time field (\"@timestamp\", "
                     "\"timestamp\", \"time\", \"@t\", \"ts\", \"t\" or \"date\"); skipped",
                  1);
    check_warning(&g, "bad-time",
                  FX "/messy.jsonl:8:7: unreadable time 'xxx' in \"ts\"; line "
                     "skipped",
                  1);
    check_warning(&g, "bad-json",
                  FX "/messy.jsonl:9:62: invalid JSON: premature end of input near '\"truncated'",
                  1);
    check_warning(&g, "utf8",
                  FX "/messy.jsonl:10: line is not valid UTF-8; 2 bytes replaced by U+FFFD", 1);
    ck_assert_uint_eq(g.diag.n_warnings, 6);
    /* 6 records: 3 kept + 3 warned (no-time, bad-time, bad-json). */
    ck_assert_uint_eq(g.n + rg_diag_warning_total(&g.diag, "no-time") +
                          rg_diag_warning_total(&g.diag, "bad-time") +
                          rg_diag_warning_total(&g.diag, "bad-json"),
                      6);
    got_free(&g);
}
END_TEST

START_TEST(window_cut)
{
    got g;
    run_full(&g, FX "/window.jsonl", NULL, NULL, "2026-11-20T14:00:00Z", "2026-11-20T14:59:59Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.sink.n_outside, 2);
    ck_assert_str_eq(g.ev[0]->text, "first inside");
    ck_assert_str_eq(g.ev[0]->origin, FX "/window.jsonl:3");
    ck_assert_str_eq(g.ev[1]->text, "last inside");
    /* The panic line belongs to a record outside the window: no warning. */
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* Lines of a minute wholly outside the window are counted without reading
 * their time again; the same minute in another zone is read afresh. */
START_TEST(minute_memo)
{
    got g;
    run_full(&g, FX "/minutes.jsonl", NULL, NULL, "2026-11-20T14:00:00Z", "2026-11-20T14:59:59Z",
             0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.sink.n_outside, 6);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:58:03Z log.info actor=- origin=" FX
                                    "/minutes.jsonl:3 time=[2026-11-20T13:58:03-01:00] attrs={} "
                                    "text=[c]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:30:00Z log.info actor=- origin=" FX
                                    "/minutes.jsonl:7 time=[2026-11-20T14:30:00Z] attrs={} "
                                    "text=[e]");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* A clock offset of -420 s moves every time, before the window cut. */
START_TEST(clock_offset)
{
    got g;
    run_full(&g, FX "/window.jsonl", NULL, NULL, "2026-11-20T14:52:59Z", "2026-11-20T14:52:59Z",
             -420 * INT64_C(1000000));
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_uint_eq(g.sink.n_outside, 3);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:52:59Z log.error actor=- origin=" FX
                                    "/window.jsonl:4 time=[2026-11-20T14:59:59Z] "
                                    "attrs={level=error;} text=[last inside]");
    got_free(&g);
}
END_TEST

START_TEST(empty)
{
    got g;
    run(&g, FX "/empty.jsonl", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_int_eq(g.diag.has_error, 0);
    got_free(&g);
}
END_TEST

START_TEST(invalid_garbage)
{
    check_invalid("garbage");
}
END_TEST

START_TEST(invalid_utf16)
{
    check_invalid("utf16");
}
END_TEST

START_TEST(invalid_text_only)
{
    check_invalid("text-only");
}
END_TEST

/* A file of three records, the middle one `"msg":"ERROR xxx..."` with
 * `extra` bytes of x and then `more` ("\"}" closes it). */
static char *long_record_file(size_t extra, const char *more, long *size)
{
    char *path = temp_path("check_jsonl");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"time\":\"2026-11-20T14:02:02Z\",\"msg\":\"before\"}\n", f);
    fputs("{\"time\":\"2026-11-20T14:02:03Z\",\"msg\":\"ERROR ", f);
    for (size_t i = 0; i < extra; i++)
        fputc('x', f);
    fputs(more, f);
    fputs("\n{\"time\":\"2026-11-20T14:02:04Z\",\"msg\":\"after\"}\n", f);
    *size = ftell(f);
    fclose(f);
    return path;
}

/* A 2 MiB record is read whole (a record is not cut where a text line would
 * be, at 1 MiB): its message is its text, its level its type; no warning.
 * Before, it kept its first MiB of JSON as its text, with warning
 * "long-line". */
START_TEST(long_line_whole)
{
    long size;
    char *path = long_record_file(2 * 1024 * 1024, "\",\"level\":\"warn\"}", &size);
    got g;
    run(&g, path, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(strlen(g.ev[1]->text), 2 * 1024 * 1024 + 6);
    ck_assert_int_eq(strncmp(g.ev[1]->text, "ERROR xxx", 9), 0);
    ck_assert_str_eq(g.ev[1]->type, "log.warning");
    ck_assert_str_eq(attr(g.ev[1], "level"), "warn");
    ck_assert_str_eq(g.ev[2]->text, "after");
    char want[256];
    snprintf(want, sizeof(want), "%s:3", path);
    ck_assert_str_eq(g.ev[2]->origin, want);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_eq(g.progress_done, (uint64_t)size);
    got_free(&g);
    unlink(path);
}
END_TEST

/* A record longer than RG_RECORD_MAX_LEN (64 MiB) keeps its first MiB as its
 * text (it is no longer JSON), as a text log keeps of a cut line, with a
 * warning naming its line; the next record is read as usual. */
START_TEST(long_line_cut)
{
    long size;
    char *path = long_record_file(RG_RECORD_MAX_LEN + 2 * RG_LINE_CHUNK, "\"}", &size);
    got g;
    run(&g, path, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(strlen(g.ev[1]->text), RG_LINE_MAX_LEN);
    ck_assert_int_eq(
        strncmp(g.ev[1]->text, "{\"time\":\"2026-11-20T14:02:03Z\",\"msg\":\"ERROR xxx", 45), 0);
    ck_assert_str_eq(g.ev[1]->type, "log.error");
    ck_assert_str_eq(g.ev[2]->text, "after");
    char want[256];
    snprintf(want, sizeof(want), "%s:3", path);
    ck_assert_str_eq(g.ev[2]->origin, want);
    snprintf(want, sizeof(want),
             "%s:2: line is longer than 67108864 bytes; only its first 1048576 bytes were kept",
             path);
    check_warning(&g, "long-line", want, 1);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    ck_assert_uint_eq(g.progress_done, (uint64_t)size);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(missing_file)
{
    got g;
    run(&g, FX "/no-such.jsonl", NULL);
    ck_assert_int_eq(g.rc, -1);
    ck_assert_str_eq(g.diag.error, FX "/no-such.jsonl: cannot open: No such file or directory");
    got_free(&g);
}
END_TEST

/* GELF and Serilog CLEF are JSON lines with their own field names, read by
 * the same field table (logline.c). */
START_TEST(gelf_and_clef)
{
    got g;
    run(&g, FX "/gelf-clef.jsonl", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 5);
    /* GELF: timestamp in seconds read as digits, level a syslog severity. */
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:02:03.520000Z log.error actor=db-1 origin=" FX
                                    "/gelf-clef.jsonl:1 time=[1795183323.52] attrs={level=3;} "
                                    "text=[disk full\ndisk full\nat /var/lib]");
    ck_assert_str_eq(g.ev[1]->type, "log.info");
    /* CLEF: @t, the template rendered, no @l is Information. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:02:05.123456Z log.info actor=- origin=" FX
                     "/gelf-clef.jsonl:3 time=[2026-11-20T14:02:05.1234567Z] attrs={} "
                     "text=[Order 42 paid by \"ana\"]");
    ck_assert_str_eq(dump(g.ev[3]), "2026-11-20T14:02:06Z log.error actor=- origin=" FX
                                    "/gelf-clef.jsonl:4 time=[2026-11-20T14:02:06Z] attrs={"
                                    "level=Error;} text=[Payment failed\nSystem.TimeoutException: "
                                    "gateway\n   at Pay()]");
    ck_assert_str_eq(g.ev[4]->type, "log.warning");
    ck_assert_str_eq(g.ev[4]->text, "Queue \"orders\" at 91%");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, FX "/gelf-clef.jsonl"), 90);
    got_free(&g);
    const char *p = RG_CORPUS "/real/clef/clef-tool_data_example.clef";
    if (!rg_have_corpus(p))
        return;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 15);
    ck_assert_str_eq(g.ev[14]->text, "Loop 14");
    ck_assert_str_eq(at(g.ev[0]), "2017-04-20T04:24:47.025171Z");
    /* Fifteen identical-looking records, all distinct. */
    ck_assert_uint_eq(got_fold(&g), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_jsonlines, p), 90);
    got_free(&g);
}
END_TEST

static Suite *jsonlines_suite(void)
{
    Suite *s = suite_create("jsonlines");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, bunyan);
    tcase_add_test(tc, pino);
    tcase_add_test(tc, ecs);
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, other_formats);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, gelf_and_clef);
    suite_add_tcase(s, tc);
    tc = tcase_create("fixtures");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, logger_formats);
    tcase_add_test(tc, messy);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, minute_memo);
    tcase_add_test(tc, clock_offset);
    tcase_add_test(tc, empty);
    tcase_add_test(tc, invalid_garbage);
    tcase_add_test(tc, invalid_utf16);
    tcase_add_test(tc, invalid_text_only);
    tcase_add_test(tc, long_line_whole);
    tcase_add_test(tc, long_line_cut);
    tcase_add_test(tc, missing_file);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(jsonlines_suite)
