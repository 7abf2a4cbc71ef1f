/* check_jsonstream.c -- the chunked JSON reader (importers/jsonstream.h):
 * element boundaries with hostile strings at every chunk size, BOM, records
 * larger than a chunk, truncation at every byte, located errors, several
 * documents, the reader's memory, and the streamed PagerDuty, Statuspage and
 * Slack importers giving exactly what the whole-document reader gives. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../importers/jsonstream.h"
#include "alloc.h"
#include "check_importer_util.h"

extern const rg_importer rg_importer_pagerduty;
extern const rg_importer rg_importer_otlp;
extern const rg_importer rg_importer_prometheus;
extern const rg_importer rg_importer_statuspage;
extern const rg_importer rg_importer_slack;
extern const rg_importer rg_importer_opsgenie;
extern const rg_importer rg_importer_discord;
extern const rg_importer rg_importer_alertmanager;
extern const rg_importer rg_importer_grafana;
extern const rg_importer rg_importer_k8s_events;
extern const rg_importer rg_importer_elasticsearch;
extern const rg_importer rg_importer_loki;
extern const rg_importer rg_importer_cloudwatch_alarms;
extern const rg_importer rg_importer_cloudwatch_logs;
extern const rg_importer rg_importer_cloudwatch_metrics;
extern const rg_importer rg_importer_datadog;
extern const rg_importer rg_importer_zabbix;
extern const rg_importer rg_importer_cachet;
extern const rg_importer rg_importer_teams;
extern const rg_importer rg_importer_telegram;

/* What the driver handed over, one line each: "E line:col key=K <element
 * text>", "D line:col <document text>", "N key=K n=<count> env=<members>". */
typedef struct seen {
    char out[8192];
    size_t n;
    rg_jsondocs *d;
} seen;

static void add(seen *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(seen *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(s->out + s->n, sizeof(s->out) - s->n, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(k, 0);
    s->n += (size_t)k;
    ck_assert_uint_lt(s->n, sizeof(s->out));
}

static int on_element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                      size_t end)
{
    seen *s = ctx;
    (void)env;
    (void)e;
    add(s, "E %ld:%ld key=%s %.*s\n", s->d->line0, s->d->col0, key ? key : "-", (int)(end - off),
        s->d->text + off);
    return 0;
}

static int on_document(void *ctx, const json_t *root, size_t off, size_t end)
{
    seen *s = ctx;
    (void)root;
    add(s, "D %ld:%ld %.*s\n", s->d->line0, s->d->col0, (int)(end - off), s->d->text + off);
    return 0;
}

static int on_done(void *ctx, const char *key, const json_t *env, size_t n)
{
    seen *s = ctx;
    char *m = env ? json_dumps(env, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    add(s, "N key=%s n=%zu env=%s\n", key ? key : "-", n, m ? m : "-");
    free(m);
    return 0;
}

static const char *const keys[] = {"log_entries", "incidents", NULL};

static char *write_temp(const char *text, size_t len)
{
    char *path = temp_path("jsonstream");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

/* Streams text (every document streamed: whole_max 0) with reads of chunk
 * bytes; returns rc, what was seen in s and the diag in *diag. */
static size_t test_whole_max; /* rg_jsondocs_whole_max for stream() */

static int stream(const char *path, size_t chunk, seen *s, rg_diag *diag)
{
    memset(s, 0, sizeof(*s));
    rg_diag_init(diag);
    rg_jsondocs d;
    memset(&d, 0, sizeof(d));
    s->d = &d;
    size_t old_chunk = rg_jstream_chunk, old_max = rg_jsondocs_whole_max;
    rg_jstream_chunk = chunk;
    rg_jsondocs_whole_max = test_whole_max;
    const rg_jsondocs_ops ops = {keys, on_document, on_element, on_done, 0, NULL};
    int rc = rg_jsondocs_stream(&d, path, diag, &ops, s);
    rg_jstream_chunk = old_chunk;
    rg_jsondocs_whole_max = old_max;
    return rc;
}

/* Brackets, braces, escaped quotes and backslashes inside strings, \u
 * escapes, nested arrays, scalars: the same elements at every chunk size. */
START_TEST(hostile_strings_every_chunk_size)
{
    const char *text = "[ {\"a\":\"]}\\\"[{\"},\n"
                       "  \"x\\\\\", [1,[2,[3]]],\"\\u005d\\\"\" ,12.5e3,\n"
                       "true , null,{\"k\":{\"l\":[]}} ]\n";
    const char *want = "E 1:3 key=- {\"a\":\"]}\\\"[{\"}\n"
                       "E 2:3 key=- \"x\\\\\"\n"
                       "E 2:10 key=- [1,[2,[3]]]\n"
                       "E 2:22 key=- \"\\u005d\\\"\"\n"
                       "E 2:34 key=- 12.5e3\n"
                       "E 3:1 key=- true\n"
                       "E 3:8 key=- null\n"
                       "E 3:13 key=- {\"k\":{\"l\":[]}}\n"
                       "N key=- n=8 env=-\n";
    char *path = write_temp(text, strlen(text));
    for (size_t chunk = 1; chunk <= 80; chunk++) {
        seen s;
        rg_diag diag;
        int rc = stream(path, chunk, &s, &diag);
        ck_assert_msg(rc == 0, "chunk %zu: %s", chunk, diag.error);
        ck_assert_str_eq(s.out, want);
        rg_diag_free(&diag);
    }
    unlink(path);
}
END_TEST

/* The array under a member: members before it are the envelope its elements
 * see; the others arrive with done(). A BOM is no column. */
START_TEST(member_array_and_bom)
{
    const char *text = "\xEF\xBB\xBF{\"page\": {\"name\": \"Ops\"},\n"
                       " \"log_entries\": [{\"id\": \"a\"},\n"
                       "   {\"id\": \"b\", \"s\": \"caf\xC3\xA9 ]\"}, {\"id\": \"c\"}],\n"
                       " \"more\": true, \"total\": 9}\n";
    char *path = write_temp(text, strlen(text));
    for (size_t chunk = 1; chunk <= 64; chunk *= 2) {
        seen s;
        rg_diag diag;
        ck_assert_int_eq(stream(path, chunk, &s, &diag), 0);
        ck_assert_str_eq(s.out, "E 2:18 key=log_entries {\"id\": \"a\"}\n"
                                "E 3:4 key=log_entries {\"id\": \"b\", \"s\": \"caf\xC3\xA9 ]\"}\n"
                                "E 3:32 key=log_entries {\"id\": \"c\"}\n"
                                "N key=log_entries n=3 "
                                "env={\"more\":true,\"page\":{\"name\":\"Ops\"},\"total\":9}\n");
        rg_diag_free(&diag);
    }
    unlink(path);
}
END_TEST

/* "key@line:col" for each of page, more and total that rg_jsondocs_member_at
 * knows ("key@-" for one it does not). */
static void add_places(seen *s)
{
    static const char *const names[] = {"page", "more", "total"};
    for (size_t i = 0; i < 3; i++) {
        long line = 0, col = 0;
        if (rg_jsondocs_member_at(s->d, names[i], &line, &col))
            add(s, " %s@%ld:%ld", names[i], line, col);
        else
            add(s, " %s@-", names[i]);
    }
    add(s, "\n");
}

static int on_element_places(void *ctx, const char *key, const json_t *env, const json_t *e,
                             size_t off, size_t end)
{
    seen *s = ctx;
    (void)key;
    (void)env;
    (void)e;
    add(s, "E %.*s", (int)(end - off), s->d->text + off);
    add_places(s);
    return 0;
}

static int on_done_places(void *ctx, const char *key, const json_t *env, size_t n)
{
    seen *s = ctx;
    (void)env;
    add(s, "N key=%s n=%zu", key ? key : "-", n);
    add_places(s);
    return 0;
}

/* Where the envelope's members are: those before the array while its
 * elements are read, all of them at its end, nothing for a top-level array
 * nor once the document is read; at every chunk size. */
START_TEST(member_places)
{
    const char *text = "{\"page\":\n  {\"name\": \"Ops\"},\n \"log_entries\": [1,\n 2],\n"
                       "   \"more\": true, \"total\":\n\t9}\n";
    char *path = write_temp(text, strlen(text));
    for (size_t chunk = 1; chunk <= 64; chunk *= 2) {
        seen s;
        memset(&s, 0, sizeof(s));
        rg_diag diag;
        rg_diag_init(&diag);
        rg_jsondocs d;
        memset(&d, 0, sizeof(d));
        s.d = &d;
        rg_jstream_chunk = chunk;
        rg_jsondocs_whole_max = 0;
        const rg_jsondocs_ops ops = {keys, on_document, on_element_places, on_done_places, 0, NULL};
        ck_assert_int_eq(rg_jsondocs_stream(&d, path, &diag, &ops, &s), 0);
        ck_assert_str_eq(s.out, "E 1 page@2:3 more@- total@-\n"
                                "E 2 page@2:3 more@- total@-\n"
                                "N key=log_entries n=2 page@2:3 more@5:12 total@6:2\n");
        long line = 0, col = 0;
        ck_assert_int_eq(rg_jsondocs_member_at(&d, "page", &line, &col), 0);
        rg_diag_free(&diag);
    }
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
    unlink(path);
    /* a top-level array has no members */
    path = write_temp("[1]", 3);
    seen s;
    memset(&s, 0, sizeof(s));
    rg_diag diag;
    rg_diag_init(&diag);
    rg_jsondocs d;
    memset(&d, 0, sizeof(d));
    s.d = &d;
    rg_jsondocs_whole_max = 0;
    const rg_jsondocs_ops ops = {keys, on_document, on_element_places, on_done_places, 0, NULL};
    ck_assert_int_eq(rg_jsondocs_stream(&d, path, &diag, &ops, &s), 0);
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_str_eq(s.out, "E 1 page@- more@- total@-\nN key=- n=1 page@- more@- total@-\n");
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

/* A backslash at every place around the limit, and chunk boundaries: scan
 * says "longer than max" or finds the end, never waits for ever (a
 * backslash at byte max looped once the buffer held more than max). */
START_TEST(backslash_at_the_limit)
{
    char text[400];
    const size_t max = 100;
    for (size_t at = 90; at < 110; at++) {
        for (size_t chunk = 16; chunk <= 256; chunk *= 4) {
            size_t n = (size_t)sprintf(text, "[\"");
            memset(text + n, 'a', 300);
            text[at] = '\\';
            text[at + 1] = '"';
            n += 300;
            n += (size_t)sprintf(text + n, "\"]");
            char *path = write_temp(text, n);
            rg_jstream_chunk = chunk;
            rg_jstream js;
            ck_assert_int_eq(rg_jstream_open(&js, path), 0);
            size_t len = 0;
            ck_assert_int_eq(rg_jstream_scan(&js, max, &len), 0);
            ck_assert_msg(len > max, "backslash at %zu, chunk %zu: %zu", at, chunk, len);
            ck_assert_int_eq(rg_jstream_scan(&js, 0, &len), 1);
            ck_assert_uint_eq(len, n);
            rg_jstream_close(&js);
            unlink(path);
        }
    }
    rg_jstream_chunk = 64 * 1024;
}
END_TEST

/* A record of 5000 bytes read with 64-byte chunks, among small ones. */
START_TEST(record_larger_than_chunk)
{
    size_t big = 5000;
    char *text = rg_malloc(big + 64);
    ck_assert_ptr_nonnull(text);
    size_t n = (size_t)sprintf(text, "[1,\"");
    memset(text + n, 'x', big);
    n += big;
    n += (size_t)sprintf(text + n, "\",2]");
    char *path = write_temp(text, n);
    seen s;
    rg_diag diag;
    memset(&s, 0, sizeof(s));
    rg_diag_init(&diag);
    rg_jsondocs d;
    memset(&d, 0, sizeof(d));
    s.d = &d;
    rg_jstream_chunk = 64;
    rg_jsondocs_whole_max = 0;
    /* elements are checked by length here: the big one is too long for `seen` */
    rg_jstream js;
    ck_assert_int_eq(rg_jstream_open(&js, path), 0);
    ck_assert_int_eq(rg_jstream_peek(&js), '[');
    rg_jstream_consume(&js, 1);
    size_t len;
    ck_assert_int_eq(rg_jstream_scan(&js, 0, &len), 1);
    ck_assert_uint_eq(len, 1);
    rg_jstream_consume(&js, 2);
    ck_assert_int_eq(rg_jstream_scan(&js, 0, &len), 1);
    ck_assert_uint_eq(len, big + 2);
    ck_assert_int_eq(js.buf[js.head + len - 1], '"');
    ck_assert_int_eq(js.buf[js.head + len - 2], 'x');
    /* over a limit, scan says so instead of reading on */
    ck_assert_int_eq(rg_jstream_scan(&js, 100, &len), 0);
    ck_assert_uint_gt(len, 100);
    ck_assert_uint_eq(js.off, 3);
    rg_jstream_consume(&js, big + 2);
    ck_assert_int_eq(js.col, (long)big + 6);
    ck_assert_int_eq(rg_jstream_peek(&js), ',');
    rg_jstream_close(&js);
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
    rg_diag_free(&diag);
    rg_free(text);
    unlink(path);
}
END_TEST

/* Cut after every byte: a located error (or, for the empty file, today's
 * message), never a crash, never an element read twice or past the cut. */
START_TEST(truncated_at_every_byte)
{
    const char *text = "{\"log_entries\": [{\"id\": \"a]\\\"\"},\n {\"id\": [1, {\"b\": 2}]}], "
                       "\"more\": false}";
    size_t len = strlen(text);
    for (size_t k = 0; k < len; k++) {
        char *path = write_temp(text, k);
        seen s;
        rg_diag diag;
        int rc = stream(path, 16, &s, &diag);
        ck_assert_msg(rc == -1, "cut at %zu read as whole", k);
        ck_assert_int_eq(diag.has_error, 1);
        ck_assert_msg(strncmp(diag.error, path, strlen(path)) == 0, "%s", diag.error);
        if (k > 0) {
            long line = 0, col = 0;
            ck_assert_msg(sscanf(diag.error + strlen(path), ":%ld:%ld:", &line, &col) == 2,
                          "cut at %zu: not located: %s", k, diag.error);
            ck_assert_int_ge(line, 1);
        }
        rg_diag_free(&diag);
        unlink(path);
    }
    /* Two exact ones: between elements, and inside the second. */
    char *path = write_temp(text, 34);
    seen s;
    rg_diag diag;
    ck_assert_int_eq(stream(path, 16, &s, &diag), -1);
    char want[512];
    snprintf(want, sizeof(want),
             "%s:2:2: unexpected end of file (truncated?): the array that opens at line 1, "
             "column 17 is not closed",
             path);
    ck_assert_str_eq(diag.error, want);
    ck_assert_str_eq(s.out, "E 1:18 key=log_entries {\"id\": \"a]\\\"\"}\n");
    rg_diag_free(&diag);
    unlink(path);
    path = write_temp(text, 50);
    ck_assert_int_eq(stream(path, 16, &s, &diag), -1);
    snprintf(want, sizeof(want), "%s:2:17: unexpected end of file (truncated?): unexpected token",
             path);
    ck_assert_str_eq(diag.error, want);
    /* inside an element, the very error of the whole-document reader */
    rg_diag whole;
    rg_diag_init(&whole);
    rg_json_parse(path, text, 50, JSON_DECODE_ANY, &whole);
    ck_assert_str_eq(diag.error, whole.error);
    rg_diag_free(&whole);
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

/* An element jansson rejects: the error the whole-document reader gives for
 * the same file, at the same line and column. */
START_TEST(bad_element_located_like_whole_document)
{
    const char *text = "[\n  {\"a\": 1},\n  {\"a\": 2,\n   \"b\": tru},\n  {\"a\": 3}\n]\n";
    char *path = write_temp(text, strlen(text));
    seen s;
    rg_diag diag;
    ck_assert_int_eq(stream(path, 8, &s, &diag), -1);
    ck_assert_str_eq(s.out, "E 2:3 key=- {\"a\": 1}\n");
    rg_diag whole;
    rg_diag_init(&whole);
    rg_json_parse(path, text, strlen(text), JSON_DECODE_ANY, &whole);
    ck_assert_str_eq(diag.error, whole.error);
    char want[256];
    snprintf(want, sizeof(want), "%s:4:11: invalid token near 'tru'", path);
    ck_assert_str_eq(diag.error, want);
    rg_diag_free(&whole);
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

/* A BOM inside the array (rg_json_parse would skip it, jansson does not):
 * jansson's error, at the BOM's place, and nothing leaked (a fuzzer found the
 * second parse's value dropped). */
START_TEST(bom_inside_array)
{
    const char *text = "[1,\n \xEF\xBB\xBF"
                       "2]\n";
    char *path = write_temp(text, strlen(text));
    seen s;
    rg_diag diag;
    ck_assert_int_eq(stream(path, 4, &s, &diag), -1);
    ck_assert_str_eq(s.out, "E 1:2 key=- 1\n");
    char want[256];
    snprintf(want, sizeof(want), "%s:2:2: invalid token near '\xEF\xBB\xBF'", path);
    ck_assert_str_eq(diag.error, want);
    rg_diag whole; /* the same as the whole-document reader's */
    rg_diag_init(&whole);
    rg_json_parse(path, text, strlen(text), JSON_DECODE_ANY, &whole);
    ck_assert_str_eq(diag.error, whole.error);
    rg_diag_free(&whole);
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

/* Documents one after another: each whole, one at a time, a bad one a
 * located warning and the next line that opens one read. */
START_TEST(several_documents)
{
    const char *text = "{\"a\": 1}\n[2,\n 3]\n{\"b\": bad}\n{\"c\": 4}\n";
    char *path = write_temp(text, strlen(text));
    test_whole_max = 16; /* more than the first document: they are several */
    for (size_t chunk = 1; chunk <= 32; chunk++) {
        seen s;
        rg_diag diag;
        ck_assert_int_eq(stream(path, chunk, &s, &diag), 0);
        ck_assert_str_eq(s.out, "D 1:1 {\"a\": 1}\nD 2:1 [2,\n 3]\nD 5:1 {\"c\": 4}\n");
        ck_assert_uint_eq(diag.n_warnings, 1);
        char want[256];
        snprintf(want, sizeof(want),
                 "%s:4:9: the document that starts on line 4 is not valid JSON (invalid token "
                 "near 'bad'); skipped",
                 path);
        ck_assert_str_eq(diag.warnings[0].first, want);
        rg_diag_free(&diag);
    }
    test_whole_max = 0;
    unlink(path);
}
END_TEST

static int on_element_count(void *ctx, const char *key, const json_t *env, const json_t *e,
                            size_t off, size_t end)
{
    (void)key;
    (void)env;
    (void)off;
    (void)end;
    ck_assert(json_is_object(e));
    (*(size_t *)ctx)++;
    return 0;
}

/* Memory follows the largest record: 40,000 records and one
 * of 20 KB (2.7 MB) are read with a buffer of at most twice (a chunk + the largest). */
START_TEST(memory_bounded_by_largest_record)
{
    char *path = temp_path("jsonstream_big");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"log_entries\": [\n", f);
    for (int i = 0; i < 40000; i++) {
        fprintf(f, "%s{\"id\": \"E%06d\", \"type\": \"notify_log_entry\", \"n\": [%d, %d]}",
                i ? ",\n" : "", i, i, i * 2);
        if (i == 20000) {
            fputs(",\n{\"big\": \"", f);
            for (int k = 0; k < 20000; k++)
                fputc('y', f);
            fputs("\"}", f);
        }
    }
    fputs("\n], \"more\": false}\n", f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 2500000);
    rg_diag diag;
    rg_diag_init(&diag);
    rg_jsondocs d;
    memset(&d, 0, sizeof(d));
    static const char *const k2[] = {"log_entries", NULL};
    rg_jstream_chunk = 4096;
    rg_jsondocs_whole_max = 16 * 1024;
    const rg_jsondocs_ops real = {k2, NULL, on_element_count, NULL, 0, NULL};
    size_t count = 0;
    int rc = rg_jsondocs_stream(&d, path, &diag, &real, &count);
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_msg(rc == 0, "%s", diag.error);
    ck_assert_uint_eq(count, 40001);
    /* the first 16 KiB are looked at to choose whole or streamed reading;
     * then the buffer holds a chunk and the record being read */
    ck_assert_uint_le(rg_jsondocs_last_high, 2 * (20011 + 4096));
    ck_assert_uint_ge(rg_jsondocs_last_high, 20011);
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

/* ---- the importers: streamed exactly as read whole ---- */

/* Everything an importer gave: events (all fields that show) and diag. */
static char *outcome(const rg_importer *imp, const char *path)
{
    got g;
    run_file(&g, imp, 4096, path, "src", 0);
    size_t cap = 1 << 20, n = 0;
    char *out = rg_malloc(cap);
    ck_assert_ptr_nonnull(out);
    n += (size_t)snprintf(out + n, cap - n, "rc=%d error=[%s]\n", g.rc, g.diag.error);
    for (size_t i = 0; i < g.n && n < cap; i++) {
        const rg_event *ev = g.ev[i];
        char when[32];
        n += (size_t)snprintf(out + n, cap - n, "%s %d %s actor=%s human=%d origin=%s time=[%s] {",
                              rg_time_format(ev->at_us, when), (int)ev->kind, ev->type,
                              ev->actor ? ev->actor : "-", ev->human, ev->origin,
                              ev->time_text ? ev->time_text : "-");
        for (const rg_attr *a = ev->attrs; a && n < cap; a = a->next)
            n += (size_t)snprintf(out + n, cap - n, "%s=%s;", a->key, a->value);
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "} [%s] src=%s\n", ev->text, ev->source);
    }
    for (size_t i = 0; i < g.n_series && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "S %s\n", series_text(&g, i));
    /* Warnings in key order: a streamed page learns "more" after its entries,
     * so its "incomplete" warning comes last. */
    for (size_t i = 0; i < g.diag.n_warnings; i++)
        for (size_t j = i + 1; j < g.diag.n_warnings; j++)
            if (strcmp(g.diag.warnings[j].key, g.diag.warnings[i].key) < 0) {
                rg_warning t = g.diag.warnings[i];
                g.diag.warnings[i] = g.diag.warnings[j];
                g.diag.warnings[j] = t;
            }
    for (size_t i = 0; i < g.diag.n_warnings && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "W %s %llu %s\n", g.diag.warnings[i].key,
                              (unsigned long long)g.diag.warnings[i].count,
                              g.diag.warnings[i].first);
    if (g.rc != 0) /* a failed source is dropped: what came before the error differs */
        n = (size_t)snprintf(out, cap, "rc=%d error=[%s]\n", g.rc, g.diag.error);
    ck_assert_uint_lt(n, cap);
    got_free(&g);
    return out;
}

static void same_streamed(const rg_importer *imp, const char *path)
{
    char *whole = outcome(imp, path);
    rg_jsondocs_whole_max = 0;
    for (size_t chunk = 16; chunk <= 4096; chunk *= 16) {
        rg_jstream_chunk = chunk;
        char *streamed = outcome(imp, path);
        ck_assert_msg(strcmp(whole, streamed) == 0, "%s, chunk %zu:\nwhole:\n%s\nstreamed:\n%s",
                      path, chunk, whole, streamed);
        rg_free(streamed);
    }
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
    rg_free(whole);
}

#define FX RG_FIXTURES

/* RG_FIXTURES/dir/file streamed (64-byte reads) fails with exactly
 * "<path>:<want>": for a file cut between two elements, whose message names
 * the array left open (README, "Large JSON documents"). */
static void streamed_error(const rg_importer *imp, const char *dir, const char *file,
                           const char *want)
{
    char path[512], expect[1024];
    snprintf(path, sizeof(path), "%s/%s/%s", FX, dir, file);
    snprintf(expect, sizeof(expect), "%s:%s", path, want);
    rg_jsondocs_whole_max = 0;
    rg_jstream_chunk = 64;
    got g;
    run_file(&g, imp, 4096, path, "src", 0);
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_int_eq(g.rc, -1);
    ck_assert_str_eq(g.diag.error, expect);
    got_free(&g);
}

/* The fixture RG_FIXTURES/dir/file (one document) cut at about 100 points
 * spread over it (a prime stride, so the cuts fall in names, values, strings
 * and between records) and at each of its first and last 8 bytes, and
 * streamed with 64-byte reads: each cut fails with an error "path:line:col:
 * ..." on a line of the file, never a crash; the whole file streamed reads.
 * (check_jsonstream's truncated_at_every_byte cuts the reader itself at every
 * byte.) */
static void truncated_streamed(const rg_importer *imp, const char *dir, const char *file)
{
    char full[512];
    snprintf(full, sizeof(full), "%s/%s/%s", FX, dir, file);
    FILE *f = fopen(full, "rb");
    ck_assert_ptr_nonnull(f);
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof(text), f), last = len;
    ck_assert_uint_lt(len, sizeof(text));
    fclose(f);
    while (last > 0 && text[last - 1] != '}' && text[last - 1] != ']')
        last--;
    ck_assert_uint_gt(last, 1);
    long lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    rg_jsondocs_whole_max = 0;
    rg_jstream_chunk = 64;
    got g;
    run_file(&g, imp, 4096, full, "src", 0);
    ck_assert_msg(g.rc == 0, "%s: %s", full, g.diag.error);
    got_free(&g);
    size_t stride = last / 100 + 1;
    while (stride > 2 && (stride % 2 == 0 || stride % 3 == 0 || stride % 5 == 0))
        stride++;
    for (size_t k = 1; k < last; k++) {
        if (k >= 8 && k + 8 < last && (k - 8) % stride != 0)
            continue;
        char *path = write_temp(text, k);
        run_file(&g, imp, 4096, path, "src", 0);
        ck_assert_msg(g.rc == -1, "%s cut at %zu read", file, k);
        size_t pl = strlen(path);
        ck_assert_msg(strncmp(g.diag.error, path, pl) == 0, "%s", g.diag.error);
        long line = 0, col = 0;
        int used = 0;
        ck_assert_msg(sscanf(g.diag.error + pl, ":%ld:%ld: %n", &line, &col, &used) == 2 &&
                          used > 0,
                      "%s cut at %zu: not located: %s", file, k, g.diag.error);
        ck_assert_msg(line >= 1 && line <= lines && col >= 1, "%s cut at %zu: %s", file, k,
                      g.diag.error);
        got_free(&g);
        unlink(path);
    }
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
}
#define NFILES(a) (sizeof(a) / sizeof((a)[0]))

/* Each importer's fixtures (under RG_FIXTURES/dir) that stream exactly as
 * they read whole (same_streamed), and those of them also cut at about 100
 * points (truncated_streamed); both lists end with NULL. One row an
 * importer, each run by its own named test below so a failure names it. */
struct streamed_fixtures {
    const char *dir;
    const rg_importer *imp;
    const char *const *files;
    const char *const *cut; /* NULL: none */
};

static const struct streamed_fixtures streamed_table[] = {
    {"pagerduty", &rg_importer_pagerduty,
     (const char *const[]){"log_entries.json", "bare_array.json", "mixed.json",
                           "webhook_v2_messages.json", "nested-details.json", "webhooks_v3.jsonl",
                           "invalid/log-entries-object/input", "invalid/not-an-object/input",
                           "invalid/scalar/input", "invalid/empty/input", "invalid/utf16/input",
                           "invalid/not-utf8/input", NULL},
     NULL},
    {"statuspage", &rg_importer_statuspage,
     (const char *const[]){"array.json", "component-update.json", "incidents.json", "mixed.json",
                           "single-incident.json", "webhooks.jsonl", "invalid/no-incidents/input",
                           "invalid/wrong-type/input", "invalid/empty/input", "invalid/utf16/input",
                           NULL},
     NULL},
    {"slack", &rg_importer_slack,
     (const char *const[]){"export", "bad-records", "untyped", "broken-day", NULL}, NULL},
    {"opsgenie", &rg_importer_opsgenie,
     (const char *const[]){"logs", "webhooks.jsonl", "invalid/data-object/input",
                           "invalid/empty/input", "invalid/neither/input", "invalid/scalar/input",
                           "invalid/truncated/input", "invalid/truncated-in-entry/input",
                           "invalid/utf16/input", "invalid/not-utf8/input", NULL},
     NULL},
    {"discord", &rg_importer_discord,
     (const char *const[]){"Shop Ops - Incidents - inc-2041 [901].json", "thread.json",
                           "bad-records.json", "invalid/array/input", "invalid/empty/input",
                           "invalid/messages-object/input", "invalid/no-messages/input",
                           "invalid/truncated/input", "invalid/truncated-start/input",
                           "invalid/utf16/input", "invalid/not-utf8/input", NULL},
     NULL},
    {"alertmanager", &rg_importer_alertmanager,
     (const char *const[]){"payloads.jsonl", "repeated.json", "resolved.json",
                           "invalid/alerts-string/input", "invalid/empty/input",
                           "invalid/no-alerts/input", "invalid/not-utf8/input",
                           "invalid/scalar/input", "invalid/truncated-between-tokens/input",
                           "invalid/truncated/input", "invalid/utf16/input", NULL},
     NULL},
    {"grafana", &rg_importer_grafana,
     (const char *const[]){"history.json", "legacy.json", "repeats.jsonl", "unified.json",
                           "invalid/alerts-string/input", "invalid/empty/input",
                           "invalid/frame-no-fields/input", "invalid/no-alerts/input",
                           "invalid/not-utf8/input", "invalid/scalar/input",
                           "invalid/truncated-in-frame/input", "invalid/truncated/input",
                           "invalid/utf16/input", NULL},
     NULL},
    {"k8s_events", &rg_importer_k8s_events,
     (const char *const[]){"list.json", "watch.jsonl", "invalid/empty/input",
                           "invalid/not-event/input", "invalid/not-utf8/input",
                           "invalid/scalar/input", "invalid/truncated/input", "invalid/utf16/input",
                           NULL},
     NULL},
    {"loki", &rg_importer_loki,
     (const char *const[]){
         "query_range.json", "bare-result.json", "bad-values.json", "logcli.jsonl", "mixed.jsonl",
         "invalid/error-response/input", "invalid/matrix/input", "invalid/matrix-values/input",
         "invalid/vector/input", "invalid/no-result/input", "invalid/not-json/input",
         "invalid/truncated/input", "invalid/utf16/input", "invalid/wrong-top/input", NULL},
     (const char *const[]){"query_range.json", "bad-values.json", NULL}},
    {"elasticsearch", &rg_importer_elasticsearch,
     (const char *const[]){"search.json", "pages.json", "bad-hits.json", "inner-hits.json",
                           "hits.jsonl", "invalid/error-response/input", "invalid/no-hits/input",
                           "invalid/not-json/input", "invalid/truncated/input",
                           "invalid/utf16/input", "invalid/wrong-top/input", NULL},
     (const char *const[]){"search.json", "bad-hits.json", NULL}},
    {"cachet", &rg_importer_cachet,
     (const char *const[]){"incidents.json", "pages.jsonl", "single.json", "updates.json",
                           "invalid/data-string/input", "invalid/empty/input",
                           "invalid/no-data/input", "invalid/not-utf8/input",
                           "invalid/truncated/input", "invalid/truncated-string/input",
                           "invalid/utf16/input", "invalid/wrong-type/input", NULL},
     NULL},
    {"teams", &rg_importer_teams,
     (const char *const[]){"graph-page.json", "bad-records.json", "one-message.json",
                           "TeamsDataExport", "bad-users/TeamsDataExport", "invalid/empty/input",
                           "invalid/not-utf8/input", "invalid/number/input", "invalid/object/input",
                           "invalid/truncated/input", "invalid/truncated-start/input",
                           "invalid/utf16/input", NULL},
     NULL},
    {"telegram", &rg_importer_telegram,
     (const char *const[]){
         "result.json", "account.json", "bad-records.json", "dst.json", "invalid/array/input",
         "invalid/bad-escape-outside/input", "invalid/empty/input", "invalid/messages-object/input",
         "invalid/no-messages/input", "invalid/not-utf8/input", "invalid/truncated/input",
         "invalid/truncated-start/input", "invalid/utf16/input", NULL},
     NULL},
    {"cloudwatch-logs", &rg_importer_cloudwatch_logs,
     (const char *const[]){"filter.json", "get.json", "insights.json", "mixed.json",
                           "invalid/empty/input", "invalid/events-not-array/input",
                           "invalid/neither/input", "invalid/utf16/input",
                           "invalid/wrong-top/input", NULL},
     (const char *const[]){"filter.json", "insights.json", NULL}},
    {"cloudwatch-metrics", &rg_importer_cloudwatch_metrics,
     (const char *const[]){
         "data.json", "mixed.json", "stats.json", "invalid/empty/input", "invalid/neither/input",
         "invalid/not-utf8/input", "invalid/results-not-array/input", "invalid/truncated-1/input",
         "invalid/truncated-2/input", "invalid/utf16/input", "invalid/wrong-top/input", NULL},
     (const char *const[]){"data.json", NULL}},
    {"zabbix", &rg_importer_zabbix,
     (const char *const[]){
         "events.json", "problems.json", "invalid/api-error/input", "invalid/empty/input",
         "invalid/no-result/input", "invalid/not-utf8/input", "invalid/result-object/input",
         "invalid/scalar/input", "invalid/truncated/input", "invalid/utf16/input", NULL},
     (const char *const[]){"events.json", "problems.json", NULL}},
    {"datadog", &rg_importer_datadog,
     (const char *const[]){
         "single.json", "v1.json", "v2", "nested-data.json", "invalid/data-string/input",
         "invalid/empty/input", "invalid/events-object/input", "invalid/none/input",
         "invalid/not-utf8/input", "invalid/scalar/input", "invalid/truncated/input",
         "invalid/truncated-in-string/input", "invalid/utf16/input", NULL},
     (const char *const[]){"v1.json", "v2/page-1.json", NULL}},
    {"otlp", &rg_importer_otlp,
     (const char *const[]){"pretty.json", "shapes.json", "lines.jsonl",
                           "invalid/no-resource-logs/input", "invalid/scalar/input",
                           "invalid/truncated/input", "invalid/utf16/input", NULL},
     (const char *const[]){"pretty.json", "shapes.json", NULL}},
    {"prometheus", &rg_importer_prometheus,
     (const char *const[]){
         "range.json", "data.json", "bare.json", "mixed.json", "empty-result.json", "pages.jsonl",
         "invalid/empty/input", "invalid/error-response/input", "invalid/no-data/input",
         "invalid/not-utf8/input", "invalid/result-not-array/input", "invalid/scalar/input",
         "invalid/truncated-array/input", "invalid/truncated-object/input",
         "invalid/truncated-string/input", "invalid/utf16/input", "invalid/wrong-top/input", NULL},
     (const char *const[]){"range.json", "mixed.json", NULL}},
    {"cloudwatch-alarms", &rg_importer_cloudwatch_alarms,
     (const char *const[]){"history.json", "pages", "invalid/empty/input",
                           "invalid/items-object/input", "invalid/no-items/input",
                           "invalid/not-utf8/input", "invalid/scalar/input",
                           "invalid/truncated/input", "invalid/utf16/input", NULL},
     (const char *const[]){"history.json", NULL}},
};

/* The row of streamed_table for dir: every file streamed as whole, then the
 * cut ones cut. */
static void streamed_as_whole(const char *dir)
{
    const struct streamed_fixtures *row = NULL;
    for (size_t i = 0; i < NFILES(streamed_table); i++)
        if (strcmp(streamed_table[i].dir, dir) == 0)
            row = &streamed_table[i];
    ck_assert_msg(row != NULL, "no fixtures for %s", dir);
    for (const char *const *f = row->files; *f; f++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s/%s", FX, dir, *f);
        same_streamed(row->imp, path);
    }
    for (const char *const *f = row->cut; f && *f; f++)
        truncated_streamed(row->imp, dir, *f);
}

START_TEST(pagerduty_streamed_as_whole)
{
    streamed_as_whole("pagerduty");
}
END_TEST

START_TEST(statuspage_streamed_as_whole)
{
    streamed_as_whole("statuspage");
}
END_TEST

START_TEST(slack_streamed_as_whole)
{
    streamed_as_whole("slack");
}
END_TEST

START_TEST(opsgenie_streamed_as_whole)
{
    streamed_as_whole("opsgenie");
}
END_TEST

START_TEST(discord_streamed_as_whole)
{
    streamed_as_whole("discord");
}
END_TEST

START_TEST(alertmanager_streamed_as_whole)
{
    streamed_as_whole("alertmanager");
}
END_TEST

START_TEST(grafana_streamed_as_whole)
{
    streamed_as_whole("grafana");
}
END_TEST

START_TEST(k8s_events_streamed_as_whole)
{
    streamed_as_whole("k8s_events");
}
END_TEST

/* A _search response read hit by hit (its "hits.hits"): the events and
 * warnings of the whole read, located alike. */
START_TEST(elasticsearch_streamed_as_whole)
{
    streamed_as_whole("elasticsearch");
}
END_TEST

/* A query_range response read value by value (its "data.result[].values",
 * the stream's labels beside each): the events and warnings of the whole
 * read; a matrix or vector result is still the whole read's error. */
START_TEST(loki_streamed_as_whole)
{
    streamed_as_whole("loki");
}
END_TEST

/* An OTLP document read record by record (its "resourceLogs[].scopeLogs|
 * instrumentationLibraryLogs[].logRecords", the resource's members in
 * d->outer): the events and warnings of the whole read. */
START_TEST(otlp_streamed_as_whole)
{
    streamed_as_whole("otlp");
}
END_TEST

/* A query_range response read series by series ("data.result", "result",
 * or a bare result array): the series, samples and warnings of the whole
 * read; a result of no series is still the whole read's error. */
START_TEST(prometheus_streamed_as_whole)
{
    streamed_as_whole("prometheus");
}
END_TEST

START_TEST(cachet_streamed_as_whole)
{
    streamed_as_whole("cachet");
}
END_TEST

START_TEST(teams_streamed_as_whole)
{
    streamed_as_whole("teams");
}
END_TEST

START_TEST(telegram_streamed_as_whole)
{
    streamed_as_whole("telegram");
}
END_TEST

START_TEST(cloudwatch_logs_streamed_as_whole)
{
    streamed_as_whole("cloudwatch-logs");
    streamed_error(&rg_importer_cloudwatch_logs, "cloudwatch-logs", "invalid/truncated/input",
                   "1:79: unexpected end of file (truncated?): the array that opens at line 1, "
                   "column 12 is not closed");
}
END_TEST

START_TEST(cloudwatch_metrics_streamed_as_whole)
{
    streamed_as_whole("cloudwatch-metrics");
}
END_TEST

START_TEST(zabbix_streamed_as_whole)
{
    streamed_as_whole("zabbix");
}
END_TEST

START_TEST(datadog_streamed_as_whole)
{
    streamed_as_whole("datadog");
    /* a top-level array of v1 events, pages, v2 events and a stray value */
    const char *array =
        "[{\"id_str\": \"1\", \"date_happened\": 1795183320, \"title\": \"[Triggered] A\"},\n"
        " {\"events\": [{\"id_str\": \"2\", \"date_happened\": 1795183380, \"title\": \"B\"},\n"
        "   7, {\"id_str\": \"3\", \"title\": \"no time\"}]},\n"
        " 42, {\"nothing\": 1},\n"
        " {\"data\": [{\"id\": \"v2\", \"type\": \"event\", \"attributes\": {\"timestamp\": "
        "\"2026-11-20T14:04:00Z\", \"message\": \"m\\u0000n\"}}]},\n"
        " {\"id\": \"v2b\", \"attributes\": {\"message\": 5}}]\n";
    char *path = write_temp(array, strlen(array));
    char *whole = outcome(&rg_importer_datadog, path);
    ck_assert_ptr_nonnull(strstr(whole, "W bad-payload 2 "));
    ck_assert_ptr_nonnull(strstr(whole, "W nul 1 "));
    rg_free(whole);
    same_streamed(&rg_importer_datadog, path);
    unlink(path);
}
END_TEST

START_TEST(cloudwatch_alarms_streamed_as_whole)
{
    streamed_as_whole("cloudwatch-alarms");
}
END_TEST

/* ---- files of many records: read in memory that does not grow with them ---- */

#define MANY 8000

/* Writes MANY records, record i at 2026-11-20T00:00:00Z + i s, one per line
 * (line i + first_line): form 0 Alertmanager payloads one per line, 1 a
 * top-level array of Grafana payloads, 2 a Kubernetes List of Events. */
static char *many_records(int form)
{
    char *path = temp_path("jsonstream_many");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    if (form == 1)
        fputs("[\n", f);
    if (form == 2)
        fputs("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n", f);
    if (form == 3)
        fputs("{\"took\": 3, \"hits\": {\"total\": {\"value\": 8000}, \"hits\": [\n", f);
    if (form == 4)
        fputs("{\"status\": \"success\", \"data\": {\"resultType\": \"streams\", \"result\": "
              "[{\"stream\": {\"app\": \"checkout\", \"pod\": \"web-0\"}, \"values\": [\n",
              f);
    for (int i = 0; i < MANY; i++) {
        char at[32];
        snprintf(at, sizeof(at), "2026-11-20T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60);
        const char *sep = form && i + 1 < MANY ? "," : "";
        if (form == 4)
            fprintf(f,
                    "[\"%lld000000000\", \"level=error msg=\\\"restarting %d\\\" "
                    "node=ip-10-0-1-%d.eu-west-1.compute.internal reason=CrashLoopBackOff "
                    "container=checkout-api\"]%s\n",
                    (long long)(1795132800 + i), i, i % 7, sep);
        else if (form == 3)
            fprintf(f,
                    "{\"_index\": \"app\", \"_id\": \"h%d\", \"_source\": {\"@timestamp\": "
                    "\"%s\", \"log.level\": \"error\", \"message\": \"restarting %d\", "
                    "\"host.name\": \"web-%d\"}}%s\n",
                    i, at, i, i % 7, sep);
        else if (form == 2)
            fprintf(f,
                    "{\"kind\": \"Event\", \"metadata\": {\"name\": \"e%d\", \"namespace\": "
                    "\"shop\", \"uid\": \"u%d\"}, \"involvedObject\": {\"kind\": \"Pod\", "
                    "\"namespace\": \"shop\", \"name\": \"web-%d\"}, \"reason\": \"BackOff\", "
                    "\"message\": \"restarting %d\", \"lastTimestamp\": \"%s\", \"count\": 1, "
                    "\"type\": \"Warning\"}%s\n",
                    i, i, i % 7, i, at, sep);
        else
            fprintf(f,
                    "{\"version\": \"%s\", %s\"status\": \"firing\", \"receiver\": \"ops\", "
                    "\"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": "
                    "\"HighLatency\", \"n\": \"%d\"}, \"annotations\": {\"summary\": \"p99 %d\"}, "
                    "\"startsAt\": \"%s\", \"fingerprint\": \"%016x\"}]}%s\n",
                    form ? "1" : "4", form ? "\"orgId\": 1, " : "", i, i, at, (unsigned)i, sep);
    }
    if (form)
        fputs(form == 4   ? "]}]}}\n"
              : form == 3 ? "], \"max_score\": null}}\n"
              : form == 2 ? "]}\n"
                          : "]\n",
              f);
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(size, 1024 * 1024); /* past rg_jsondocs_whole_max: streamed */
    return path;
}

START_TEST(many_records_in_bounded_memory)
{
    static const struct {
        const rg_importer *imp;
        long first_line;
        const char *type, *first_text, *last_text;
    } cases[] = {
        {&rg_importer_alertmanager, 1, "alert.firing", "HighLatency: p99 0",
         "HighLatency: p99 7999"},
        {&rg_importer_grafana, 2, "alert.firing", "HighLatency: p99 0", "HighLatency: p99 7999"},
        {&rg_importer_k8s_events, 2, "log.error", "BackOff, Pod shop/web-0: restarting 0",
         "BackOff, Pod shop/web-5: restarting 7999"},
        {&rg_importer_elasticsearch, 2, "log.error", "restarting 0", "restarting 7999"},
        {&rg_importer_loki, 2, "log.error", "restarting 0", "restarting 7999"},
    };
    for (int form = 0; form < 5; form++) {
        char *path = many_records(form);
        /* The importers read whole used no stream: a stale mark would pass. */
        rg_jsondocs_last_high = (size_t)-1;
        /* The look at the first document, whole or streamed, buffers up to
         * rg_jsondocs_whole_max (1 MiB: 2 MiB with the doubling, whatever the
         * file's size); 16 KiB here, so what remains is the records' buffer. */
        rg_jsondocs_whole_max = 16 * 1024;
        got g;
        run_file(&g, cases[form].imp, MANY + 1, path, "src", 0);
        rg_jsondocs_whole_max = 1024 * 1024;
        ck_assert_msg(g.rc == 0, "%s", g.diag.error);
        ck_assert_uint_eq(g.diag.n_warnings, 0);
        ck_assert_uint_eq(g.n, MANY);
        char want[128];
        ck_assert_str_eq(at(g.ev[0]), "2026-11-20T00:00:00Z");
        ck_assert_str_eq(at(g.ev[MANY - 1]), "2026-11-20T02:13:19Z");
        ck_assert_str_eq(g.ev[0]->type, cases[form].type);
        ck_assert_str_eq(g.ev[0]->text, cases[form].first_text);
        ck_assert_str_eq(g.ev[MANY - 1]->text, cases[form].last_text);
        snprintf(want, sizeof(want), "%s:%ld", path, cases[form].first_line);
        ck_assert_str_eq(g.ev[0]->origin, want);
        snprintf(want, sizeof(want), "%s:%ld", path, cases[form].first_line + MANY - 1);
        ck_assert_str_eq(g.ev[MANY - 1]->origin, want);
        /* The reader's buffer: a 64 KiB chunk and the record being read (under
         * 1 KiB), doubled at most; never the file (over 1 MiB). */
        ck_assert_uint_gt(rg_jsondocs_last_high, 0);
        ck_assert_uint_le(rg_jsondocs_last_high, 2 * (64 * 1024 + 1024));
        got_free(&g);
        unlink(path);
    }
}
END_TEST

/* Telegram's "\\xNN" repaired as the file is read (rg_jstream_read_fn): runs
 * of escapes in every message, so the reads of the file (16 KiB) and of the
 * stream (16 to 4096 bytes) cut escapes at every place; the events, their
 * lines and columns and the "bad-escape" count are the whole reader's. */
START_TEST(telegram_escapes_cut_by_reads)
{
    char path[] = "/tmp/rg-tg-escapes-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"name\": \"ops\", \"type\": \"private_group\", \"id\": 7, \"messages\": [\n", f);
    for (int i = 0; i < 200; i++) {
        fprintf(f,
                "%s{\"id\": %d, \"type\": \"message\", \"date_unixtime\": \"%d\", "
                "\"from\": \"Ann\", \"text\": \"%.*s",
                i ? ",\n" : "", i, 1795132800 + i, i % 4, "abc");
        for (int k = 0; k < 40; k++)
            fputs("\\x07", f);
        fputs(" end\\\\x07\"}", f); /* an escaped backslash then x07: not an escape */
    }
    fputs("\n]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    same_streamed(&rg_importer_telegram, path);
    got g;
    run_file(&g, &rg_importer_telegram, 256, path, "src", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 200);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    ck_assert_str_eq(g.diag.warnings[0].key, "bad-escape");
    ck_assert_uint_eq(g.diag.warnings[0].count, 1);
    char want[256];
    snprintf(want, sizeof(want),
             "%s:2:85: repaired 8000 invalid \\x escape(s) (Telegram Desktop writes control "
             "characters so); read as \\u00XX",
             path);
    ck_assert_str_eq(g.diag.warnings[0].first, want);
    got_free(&g);
    unlink(path);
}
END_TEST

/* A chat export or status page cut at every 7th byte and read message by
 * message: each cut stops the source (the core then drops what came before)
 * with an error located in the file, "path:line:col: ...". */
START_TEST(cut_everywhere_streamed_located)
{
    static const struct {
        const rg_importer *imp;
        const char *file;
    } cases[] = {{&rg_importer_teams, FX "/teams/graph-page.json"},
                 {&rg_importer_telegram, FX "/telegram/result.json"},
                 {&rg_importer_cachet, FX "/cachet/incidents.json"},
                 {&rg_importer_telegram, FX "/telegram/account.json"}};
    const rg_importer *imp = cases[_i].imp;
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(cases[_i].file, &len, &d);
    ck_assert_ptr_nonnull(text);
    char tmp[] = "/tmp/rg-cut-XXXXXX";
    int fd = mkstemp(tmp);
    ck_assert_int_ge(fd, 0);
    close(fd);
    rg_jsondocs_whole_max = 0;
    for (size_t cut = 1; cut < len; cut += 7) {
        size_t skip = 0;
        while (skip < cut && strchr(" \t\r\n", text[skip]))
            skip++;
        if (skip == cut)
            continue; /* only blanks: "empty", located nowhere */
        FILE *f = fopen(tmp, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(text, 1, cut, f);
        fclose(f);
        got g;
        run_file(&g, imp, 64, tmp, "cut", 0);
        ck_assert_msg(g.rc == -1, "%s cut at %zu: no error", cases[_i].file, cut);
        long line = 0, col = 0;
        size_t n = strlen(tmp);
        ck_assert_msg(strncmp(g.diag.error, tmp, n) == 0 &&
                          sscanf(g.diag.error + n, ":%ld:%ld: ", &line, &col) == 2 && line > 0 &&
                          col > 0,
                      "%s cut at %zu: %s", cases[_i].file, cut, g.diag.error);
        got_free(&g);
    }
    rg_jsondocs_whole_max = 1024 * 1024;
    unlink(tmp);
    rg_free(text);
    rg_diag_free(&d);
}
END_TEST

/* Syntax errors between the elements and members the stream cuts: the same
 * words at the same place as the whole-document reader's. */
START_TEST(syntax_errors_worded_as_whole)
{
    static const char *const texts[] = {
        "{\"value\": [{\"id\": \"1\"}\n {\"id\": \"2\"}]}\n", /* no ',' between elements */
        "{\"value\" [1]}\n",                                  /* no ':' */
        "{\"value\": [{\"id\": \"1\"},\n]}\n",                /* ',' then ']' */
        "{\"x\": 1\n \"value\": []}\n",                       /* no ',' between members */
        "{\"x\": 1, 2: []}\n",                                /* a member name not a string */
        "[{\"id\": \"1\"} 2]\n",                              /* a top-level array */
    };
    for (size_t i = 0; i < NFILES(texts); i++) {
        char *path = write_temp(texts[i], strlen(texts[i]));
        same_streamed(&rg_importer_teams, path);
        unlink(path);
    }
}
END_TEST

/* Streamed (64-byte reads), an allocation failing at every allocation in
 * turn: an error or success, never a crash or a leak (RELIABILITY 17). */
START_TEST(streamed_out_of_memory)
{
    static const struct {
        const rg_importer *imp;
        const char *file;
    } cases[] = {
        {&rg_importer_cloudwatch_alarms, "cloudwatch-alarms/history.json"},
        {&rg_importer_cloudwatch_logs, "cloudwatch-logs/filter.json"},
        {&rg_importer_cloudwatch_metrics, "cloudwatch-metrics/data.json"},
        {&rg_importer_datadog, "datadog/v2"},
        {&rg_importer_zabbix, "zabbix/problems.json"},
    };
    rg_jsondocs_whole_max = 0;
    rg_jstream_chunk = 64;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", FX, cases[i].file);
        check_out_of_memory(cases[i].imp, path);
    }
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
}
END_TEST

/* ---- one large document whose records are deeper (issue 11) ---- */

/* A fingerprint of every event of g (all the fields that show, as outcome()
 * prints them), so two reads of tens of thousands of events compare. */
static uint64_t events_digest(const got *g)
{
    uint64_t h = 14695981039346656037ULL;
    char line[4096];
    for (size_t i = 0; i < g->n; i++) {
        const rg_event *ev = g->ev[i];
        char when[32];
        int n = snprintf(line, sizeof(line), "%s %d %s %s %d %s [%s] [%s] %s|",
                         rg_time_format(ev->at_us, when), (int)ev->kind, ev->type,
                         ev->actor ? ev->actor : "-", ev->human, ev->origin,
                         ev->time_text ? ev->time_text : "-", ev->text, ev->source);
        for (const rg_attr *a = ev->attrs; a && n > 0 && (size_t)n < sizeof(line); a = a->next)
            n += snprintf(line + n, sizeof(line) - (size_t)n, "%s=%s;", a->key, a->value);
        ck_assert_int_gt(n, 0);
        ck_assert_uint_lt((size_t)n, sizeof(line));
        for (int k = 0; k < n; k++) {
            h ^= (unsigned char)line[k];
            h *= 1099511628211ULL;
        }
    }
    return h;
}

/* g's warnings, one a line, in key order (as outcome() lists them). */
static void warnings_text(got *g, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < g->diag.n_warnings; i++)
        for (size_t j = i + 1; j < g->diag.n_warnings; j++)
            if (strcmp(g->diag.warnings[j].key, g->diag.warnings[i].key) < 0) {
                rg_warning t = g->diag.warnings[i];
                g->diag.warnings[i] = g->diag.warnings[j];
                g->diag.warnings[j] = t;
            }
    for (size_t i = 0; i < g->diag.n_warnings && n < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "W %s %llu %s\n", g->diag.warnings[i].key,
                              (unsigned long long)g->diag.warnings[i].count,
                              g->diag.warnings[i].first);
    ck_assert_uint_lt(n, cap);
}

/* Reads path with imp whole (whole_max past the file) and as it is by
 * default (over 1 MiB: streamed); asserts the same events in the same order
 * and returns the streamed read in *g, rg_jsondocs_last_parsed_max and
 * rg_jsondocs_last_high its. */
static void whole_then_streamed(const rg_importer *imp, const char *path, size_t max, got *g)
{
    got w;
    rg_jsondocs_whole_max = (size_t)1 << 30;
    run_file(&w, imp, max, path, "src", 0);
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_msg(w.rc == 0, "%s", w.diag.error);
    uint64_t whole = events_digest(&w);
    size_t n = w.n;
    char warned[4096];
    warnings_text(&w, warned, sizeof(warned));
    got_free(&w);
    /* the look at the first document buffers up to whole_max: 16 KiB here,
     * so what remains is the records' buffer */
    rg_jsondocs_whole_max = 16 * 1024;
    run_file(g, imp, max, path, "src", 0);
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_msg(g->rc == 0, "%s", g->diag.error);
    ck_assert_uint_eq(g->n, n);
    ck_assert_msg(events_digest(g) == whole, "%s: streamed events differ from whole", path);
    char streamed[4096];
    warnings_text(g, streamed, sizeof(streamed));
    ck_assert_str_eq(streamed, warned);
}

#define ALERTS 20000

/* One Alertmanager (form 0) or Grafana (1) webhook payload of ALERTS alerts,
 * alert i on line i + 2, with the members each alert takes from the payload
 * written after the array: "status" (the alerts have none: each resolves),
 * "receiver" (with a \u0000) and Grafana's "orgId". */
static char *big_payload(int form)
{
    char *path = temp_path("jsonstream_payload");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "{\"version\": \"%s\", \"groupLabels\": {\"alertname\": \"DiskFull\"}, \"alerts\": [\n",
            form ? "1" : "4");
    for (int i = 0; i < ALERTS; i++)
        fprintf(f,
                "{\"labels\": {\"alertname\": \"DiskFull\", \"n\": \"%d\"}, \"annotations\": "
                "{\"summary\": \"disk %d\"}, \"startsAt\": \"2026-11-20T%02d:%02d:%02dZ\", "
                "\"endsAt\": \"2026-11-21T%02d:%02d:%02dZ\"%s}%s\n",
                i, i, i / 3600, i / 60 % 60, i % 60, i / 3600, i / 60 % 60, i % 60,
                form ? ", \"valueString\": \"[ var='A' value=1 ]\"" : "",
                i + 1 < ALERTS ? "," : "");
    fprintf(f,
            "], \"receiver\": \"ops%steam\", \"status\": \"resolved\", %s\"groupKey\": "
            "\"{}:{alertname=\\\"DiskFull\\\"}\", \"commonLabels\": {\"alertname\": "
            "\"DiskFull\"}, \"externalURL\": \"http://am:9093\"}\n",
            form ? "\\u0000" : " ", form ? "\"orgId\": 7, " : "");
    fclose(f);
    return path;
}

/* A payload of 20,000 alerts (5 MB) is read one alert at a time: at most one
 * alert's bytes are handed to jansson at once, and the events (with the
 * payload's status, receiver and orgId, written after the alerts) are those
 * of the whole read, in the same order. */
START_TEST(one_payload_alert_by_alert)
{
    const rg_importer *imps[] = {&rg_importer_alertmanager, &rg_importer_grafana};
    for (int form = 0; form < 2; form++) {
        char *path = big_payload(form);
        got g;
        whole_then_streamed(imps[form], path, 2 * ALERTS, &g);
        ck_assert_uint_eq(g.n, 2 * ALERTS);
        ck_assert_str_eq(g.ev[0]->type, "alert.firing");
        ck_assert_str_eq(g.ev[1]->type, "alert.resolved");
        ck_assert_str_eq(at(g.ev[1]), "2026-11-21T00:00:00Z");
        ck_assert_str_eq(g.ev[2 * ALERTS - 1]->text, "DiskFull: disk 19999");
        /* Grafana's texts take a NUL (shown as U+FFFD), Alertmanager's not */
        ck_assert_str_eq(rg_event_attr_get(g.ev[2 * ALERTS - 1], "receiver"),
                         form ? "ops\xEF\xBF\xBDteam" : "ops team");
        if (form)
            ck_assert_str_eq(rg_event_attr_get(g.ev[0], "org_id"), "7");
        char want[128];
        snprintf(want, sizeof(want), "%s:%d", path, ALERTS + 1);
        ck_assert_str_eq(g.ev[2 * ALERTS - 1]->origin, want);
        ck_assert_uint_eq(g.diag.n_warnings, (size_t)form);
        if (form) {
            ck_assert_str_eq(g.diag.warnings[0].key, "nul");
            snprintf(want, sizeof(want),
                     "%s:%d:20: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", path,
                     ALERTS + 2);
            ck_assert_str_eq(g.diag.warnings[0].first, want);
        }
        /* one alert is under 300 bytes: no more is parsed at once; the
         * buffer is a 64 KiB read and the alert being read, doubled at most */
        ck_assert_uint_gt(rg_jsondocs_last_parsed_max, 100);
        ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 300);
        ck_assert_uint_le(rg_jsondocs_last_high, 2 * (64 * 1024 + 1024));
        got_free(&g);
        unlink(path);
    }
}
END_TEST

#define CHATS 40
#define PER_CHAT 600

/* Where the lines of big_account_form's file are: for the tests' exact
 * origins and warnings, counted as the file is written. */
typedef struct account_lines {
    long first[CHATS + 2]; /* chat c's first message */
    long a_chat;           /* the chat that is a string */
    long nul;              /* chat 3's name, whose \u0000 is at column 17 */
    long top;              /* form 2, 3: the chat export's first message */
} account_lines;

static long lines_written; /* the line the next fputs starts on */

/* What a big account's streamed read parsed and buffered at once: one
 * message (over 100 bytes, under 150) and two 64 KiB reads. */
static void assert_one_message_at_once(void)
{
    ck_assert_uint_gt(rg_jsondocs_last_parsed_max, 100);
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 150);
    ck_assert_uint_le(rg_jsondocs_last_high, 2 * (64 * 1024 + 1024));
}

/* The two warnings of a big account read once (the string chat, twice, and
 * chat 3's NUL), and one message parsed at once. */
static void assert_account_warnings_and_memory(const got *g, const char *path,
                                               const account_lines *at)
{
    char want[256];
    ck_assert_uint_eq(g->diag.n_warnings, 2);
    snprintf(want, sizeof(want), "%s:%ld:1: chat is a string, expected an object; skipped", path,
             at->a_chat);
    ck_assert_str_eq(g->diag.warnings[0].key, "bad-record");
    ck_assert_uint_eq(g->diag.warnings[0].count, 2);
    ck_assert_str_eq(g->diag.warnings[0].first, want);
    snprintf(want, sizeof(want), "%s:%ld:17: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD",
             path, at->nul);
    ck_assert_str_eq(g->diag.warnings[1].first, want);
    assert_one_message_at_once();
}

static void put(FILE *f, const char *s)
{
    fputs(s, f);
    for (; *s; s++)
        lines_written += *s == '\n';
}

/* Chat c (CHATS and up: a left chat) of PER_CHAT messages, its "id" written
 * after them; message m's time is 1795132800 + c * PER_CHAT + m whatever
 * the order of the chats in the file. */
static void account_chat(FILE *f, int c, const char *sep, account_lines *at)
{
    char line[256];
    snprintf(line, sizeof(line),
             "{\"name\": \"%s %d%s\", \"type\": \"private_group\", \"messages\": [\n",
             c >= CHATS ? "left" : "chat", c, c == 3 ? "\\u0000" : "");
    if (c == 3)
        at->nul = lines_written;
    put(f, line);
    at->first[c] = lines_written;
    for (int m = 0; m < PER_CHAT; m++) {
        snprintf(line, sizeof(line),
                 "{\"id\": %d, \"type\": \"message\", \"date_unixtime\": \"%d\", \"from\": "
                 "\"Ann\", \"from_id\": \"user5\", \"text\": \"msg %d %d\"}%s\n",
                 m, 1795132800 + c * PER_CHAT + m, c, m, m + 1 < PER_CHAT ? "," : "");
        put(f, line);
    }
    snprintf(line, sizeof(line), "], \"id\": %d}%s\n", 1000 + c, sep);
    put(f, line);
}

/* The list of "chats" (form 1: after "left_chats"): chats 0 to CHATS - 1,
 * then a chat that is no object and one without "messages". */
static void account_chats(FILE *f, account_lines *at)
{
    put(f, "\"chats\": {\"about\": \"chats\", \"list\": [\n");
    for (int c = 0; c < CHATS; c++)
        account_chat(f, c, ",", at);
    at->a_chat = lines_written;
    put(f, "\"a chat\", {\"name\": \"no messages\", \"id\": 9}]}");
}

/* A Telegram account export: CHATS chats of PER_CHAT messages in "chats"
 * (chat 3 named with a \u0000, each chat's "id" written after its
 * messages), a chat that is no object and one without "messages" among them,
 * and "left_chats" with two more: form 0 "chats" first, form 1 "left_chats"
 * first. Form 2 and 3 are a chat export (three messages of its own) that
 * also has those "chats", before its "messages" (2) or after them (3, the
 * chat's "id" after both). Form 4 writes "chats" twice, "left_chats"
 * between them. at (may be NULL) gets the lines (form 4: of the last). */
static char *big_account_form(int form, account_lines *at)
{
    account_lines scratch;
    if (!at)
        at = &scratch;
    memset(at, 0, sizeof(*at));
    lines_written = 1;
    char *path = temp_path("jsonstream_account");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    put(f, "{\"about\": \"Here is the data you requested.\", \"personal_information\": "
           "{\"user_id\": 5}, ");
    if (form == 2 || form == 3) {
        if (form == 2) {
            account_chats(f, at);
            put(f, ",\n");
        }
        put(f, "\"name\": \"top\", \"type\": \"private_group\",");
        if (form == 2)
            put(f, " \"id\": 3,");
        put(f, " \"messages\": [\n");
        at->top = lines_written;
        for (int m = 0; m < 3; m++) {
            char line[256];
            snprintf(line, sizeof(line),
                     "{\"id\": %d, \"type\": \"message\", \"date_unixtime\": \"%d\", "
                     "\"from\": \"Bo\", \"text\": \"top %d\"}%s\n",
                     m, 1795100000 + m, m, m < 2 ? "," : "");
            put(f, line);
        }
        put(f, "]");
        if (form == 3) {
            put(f, ",\n");
            account_chats(f, at);
            put(f, ", \"id\": 3");
        }
        put(f, "}\n");
        fclose(f);
        return path;
    }
    if (form == 4) { /* "chats" twice, the left chats between: the last is read */
        account_chats(f, at);
        put(f, ",\n\"left_chats\": {\"about\": \"left\", \"list\": [\n");
        account_chat(f, CHATS, ",", at);
        account_chat(f, CHATS + 1, "", at);
        put(f, "]},\n");
        account_chats(f, at);
        put(f, "}\n");
        fclose(f);
        return path;
    }
    if (form == 1) {
        put(f, "\"left_chats\": {\"about\": \"left\", \"list\": [\n");
        account_chat(f, CHATS, ",", at);
        account_chat(f, CHATS + 1, "", at);
        put(f, "]},\n");
        account_chats(f, at);
        put(f, "}\n");
        fclose(f);
        return path;
    }
    put(f, "\"chats\": {\"about\": \"chats\", \"list\": [\n");
    for (int c = 0; c < CHATS; c++)
        account_chat(f, c, ",", at);
    at->a_chat = lines_written;
    put(f, "\"a chat\", {\"name\": \"no messages\", \"id\": 9}]},\n"
           "\"left_chats\": {\"about\": \"left\", \"list\": [\n");
    account_chat(f, CHATS, ",", at);
    account_chat(f, CHATS + 1, "", at);
    put(f, "]}}\n");
    fclose(f);
    return path;
}

static char *big_account(void)
{
    return big_account_form(0, NULL);
}

/* An account export of 40 chats x 600 messages (4 MB) is read message by
 * message, chats before left chats, each chat's name and id (written after
 * its messages) on its messages; the events are the whole read's. */
START_TEST(account_message_by_message)
{
    account_lines at;
    char *path = big_account_form(0, &at);
    got g;
    whole_then_streamed(&rg_importer_telegram, path, (CHATS + 2) * PER_CHAT, &g);
    ck_assert_uint_eq(g.n, (CHATS + 2) * PER_CHAT);
    ck_assert_str_eq(g.ev[0]->text, "msg 0 0");
    ck_assert_str_eq(g.ev[0]->source, "telegram chat 0");
    ck_assert_str_eq(g.ev[3 * PER_CHAT]->source, "telegram chat 3\xEF\xBF\xBD");
    ck_assert_str_eq(g.ev[(CHATS + 2) * PER_CHAT - 1]->source, "telegram left 41");
    ck_assert_str_eq(g.ev[(CHATS + 2) * PER_CHAT - 1]->text, "msg 41 599");
    char want[256];
    snprintf(want, sizeof(want), "%s:%d", path, 4 + (CHATS + 1) * (PER_CHAT + 2) + PER_CHAT);
    ck_assert_str_eq(g.ev[(CHATS + 2) * PER_CHAT - 1]->origin, want);
    /* the places the warnings name, worked out from the file's layout */
    ck_assert_int_eq(at.a_chat, 2 + CHATS * (PER_CHAT + 2));
    ck_assert_int_eq(at.nul, 2 + 3 * (PER_CHAT + 2));
    /* a message is under 150 bytes: no more is parsed at once */
    assert_account_warnings_and_memory(&g, path, &at);
    got_free(&g);
    unlink(path);
}
END_TEST

/* An account export whose "left_chats" (2 chats) come before its "chats"
 * (40 x 600 messages, 4 MB) is read message by message too, in the whole
 * read's order: the chats, then the left chats, each message at its own
 * line (until then the whole read located the chats' messages at the left
 * chats' lines, and the streamed read read the file whole). */
START_TEST(account_left_chats_first)
{
    account_lines at;
    char *path = big_account_form(1, &at);
    got g;
    whole_then_streamed(&rg_importer_telegram, path, (CHATS + 2) * PER_CHAT, &g);
    ck_assert_uint_eq(g.n, (CHATS + 2) * PER_CHAT);
    char want[256];
    ck_assert_int_eq(at.first[0], 4 + 2 * (PER_CHAT + 2) + 1);
    ck_assert_int_eq(at.first[CHATS], 3);
    static const int picks[] = {
        0, 1, 3 * PER_CHAT + 7, CHATS * PER_CHAT - 1, CHATS * PER_CHAT, (CHATS + 2) * PER_CHAT - 1};
    for (size_t i = 0; i < NFILES(picks); i++) {
        int k = picks[i], c = k / PER_CHAT, m = k % PER_CHAT;
        const rg_event *ev = g.ev[k];
        snprintf(want, sizeof(want), "msg %d %d", c, m);
        ck_assert_str_eq(ev->text, want);
        snprintf(want, sizeof(want), "telegram %s %d%s", c >= CHATS ? "left" : "chat", c,
                 c == 3 ? "\xEF\xBF\xBD" : "");
        ck_assert_str_eq(ev->source, want);
        snprintf(want, sizeof(want), "%s:%ld", path, at.first[c] + m);
        ck_assert_str_eq(ev->origin, want);
        snprintf(want, sizeof(want), "%d", 1795132800 + k);
        ck_assert_str_eq(ev->time_text, want);
    }
    /* a message is under 150 bytes: no more is parsed at once, in the walk
     * of the left chats or in their second read */
    assert_account_warnings_and_memory(&g, path, &at);
    got_free(&g);
    unlink(path);
}
END_TEST

/* A chat export (3 messages) that also holds an account's "chats" (40 x 600
 * messages, 4 MB), before its "messages" or after them: the chat's own
 * messages are read, as the whole read reads them, and "chats" is walked
 * message by message for its errors and NULs (the whole read counts chat
 * 3's \u0000), never parsed as one value (until then: 4 MB at once). */
START_TEST(chat_export_beside_chats)
{
    for (int form = 2; form <= 3; form++) {
        account_lines at;
        char *path = big_account_form(form, &at);
        got g;
        whole_then_streamed(&rg_importer_telegram, path, (CHATS + 2) * PER_CHAT, &g);
        ck_assert_uint_eq(g.n, 3);
        char want[256];
        for (int m = 0; m < 3; m++) {
            snprintf(want, sizeof(want), "top %d", m);
            ck_assert_str_eq(g.ev[m]->text, want);
            ck_assert_str_eq(g.ev[m]->source, "telegram top");
            snprintf(want, sizeof(want), "%s:%ld", path, at.top + m);
            ck_assert_str_eq(g.ev[m]->origin, want);
        }
        /* the chat's "id", after "chats" in form 3, makes the identity */
        rg_event id = {0};
        rg_event_identity(&id,
                          "3\x1f"
                          "2",
                          3);
        ck_assert(g.ev[2]->ident == id.ident);
        ck_assert_uint_eq(g.diag.n_warnings, 1);
        snprintf(want, sizeof(want),
                 "%s:%ld:17: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", path, at.nul);
        ck_assert_str_eq(g.diag.warnings[0].first, want);
        assert_one_message_at_once();
        got_free(&g);
        unlink(path);
    }
}
END_TEST

/* A member named twice in one object: the streamed read takes the last, as
 * jansson does for the whole read, on the path of an account's chats (a
 * list, a chat's "messages") and for a chat export's "messages"; an array
 * dropped so is walked for its errors only (no warning, no NUL counted: the
 * whole read's tree does not hold it). Events and warnings exact; the whole
 * read gives the same texts in the same order (its origins of a dropped
 * member's twin are best effort). */
START_TEST(named_twice_last_wins)
{
    static const struct {
        const char *text;
        int rc;
        const char *events; /* "source|text|line;" each */
        const char *warned; /* "key count first;" each, or the error */
    } cases[] = {
        {"{\"chats\": {\"list\": [{\"name\": \"first\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"dropped\\u0000\"}, 5]}]},\n"
         " \"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183321\", \"text\": \"bye\"}]}]},\n"
         " \"chats\": {\"list\": [{\"name\": \"again\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183322\", \"text\": \"last\"}]}]}}\n",
         0, "telegram again|last|3;telegram old|bye|2;", ""},
        {"{\"chats\": {\"list\": [{\"name\": \"a\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"dropped\"}, 5],\n"
         " \"name\": \"b\", \"messages\": [{\"id\": 2, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183321\", \"text\": \"kept\"}], \"id\": 7},\n"
         " {\"name\": \"c\", \"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183322\", \"text\": \"x\"}], \"messages\": 3}],\n"
         " \"list\": [{\"name\": \"d\", \"messages\": [{\"id\": 3, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183323\", \"text\": \"last list\"}]}]}}\n",
         0, "telegram d|last list|4;", ""},
        {"{\"chats\": {\"list\": [{\"name\": \"a\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"dropped\"}, 5],\n"
         " \"name\": \"b\", \"messages\": [{\"id\": 2, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183321\", \"text\": \"kept\"}], \"id\": 7},\n"
         " {\"name\": \"c\", \"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183322\", \"text\": \"x\"}], \"messages\": 3}]}}\n",
         0, "telegram b|kept|2;", "bad-record 1 {P}:3:2: chat has no \"messages\" array; skipped;"},
        {"{\"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183320\", \"text\": \"dropped\\u0000\"}, 5],\n \"type\": \"private_group\", "
         "\"messages\": [{\"id\": 2, \"type\": \"message\", \"date_unixtime\": \"1795183321\", "
         "\"text\": \"kept\"}], \"id\": 4}\n",
         0, "telegram top|kept|2;", ""},
        /* three times, the second malformed: the whole read's error (the
         * name of the array being dropped is freed: fuzz_import_telegram) */
        {"{\"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183320\", \"text\": \"a\"}],\n \"messages\": [{\"id\": 2} {\"id\": 3}], "
         "\"messages\": [], \"id\": 4}\n",
         -1, "", "{P}:2:25: ']' expected near '{'"},
        {"{\"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": "
         "\"1795183320\", \"text\": \"dropped\"}],\n \"messages\": 7}\n",
         -1, "",
         "{P}:1:1: expected a Telegram Desktop export (result.json: a chat with \"messages\" or an "
         "account with \"chats\"), got an object with neither"},
    };
    /* an Alertmanager payload naming "alerts" and "receiver" twice: the
     * last of each (the first pass of the members after the array counts
     * the arrays), whole and streamed; the origin streamed is exact */
    const char *am = "{\"alerts\": [{\"labels\": {\"alertname\": \"Dropped\"}, \"startsAt\": "
                     "\"2026-11-20T14:00:00Z\"}, 5],\n \"receiver\": \"a\", \"alerts\": "
                     "[{\"labels\": {\"alertname\": \"Kept\"}, \"startsAt\": "
                     "\"2026-11-20T14:01:00Z\"}],\n \"status\": \"firing\", \"receiver\": \"b\"}\n";
    char *ampath = write_temp(am, strlen(am));
    for (int streamed = 0; streamed < 2; streamed++) {
        rg_jsondocs_whole_max = streamed ? 0 : (size_t)1 << 30;
        got g;
        run_file(&g, &rg_importer_alertmanager, 16, ampath, "src", 0);
        rg_jsondocs_whole_max = 1024 * 1024;
        ck_assert_msg(g.rc == 0, "%s", g.diag.error);
        ck_assert_uint_eq(g.n, 1);
        ck_assert_uint_eq(g.diag.n_warnings, 0);
        ck_assert_str_eq(g.ev[0]->text, "Kept");
        ck_assert_str_eq(rg_event_attr_get(g.ev[0], "receiver"), "b");
        if (streamed) {
            char want[128];
            snprintf(want, sizeof(want), "%s:2", ampath);
            ck_assert_str_eq(g.ev[0]->origin, want);
        }
        got_free(&g);
    }
    unlink(ampath);
    for (size_t i = 0; i < NFILES(cases); i++) {
        char *path = write_temp(cases[i].text, strlen(cases[i].text));
        char want[1024], out[1024], whole[1024];
        for (int streamed = 0; streamed < 2; streamed++) {
            rg_jsondocs_whole_max = streamed ? 0 : (size_t)1 << 30;
            rg_jstream_chunk = 64;
            got g;
            run_file(&g, &rg_importer_telegram, 16, path, "src", 0);
            rg_jstream_chunk = 64 * 1024;
            rg_jsondocs_whole_max = 1024 * 1024;
            ck_assert_int_eq(g.rc, cases[i].rc);
            size_t n = 0, w = 0;
            out[0] = whole[0] = '\0';
            for (size_t k = 0; k < g.n; k++) {
                const char *colon = strrchr(g.ev[k]->origin, ':');
                n += (size_t)snprintf(out + n, sizeof(out) - n, "%s|%s|%s;", g.ev[k]->source,
                                      g.ev[k]->text, colon ? colon + 1 : "?");
                w += (size_t)snprintf(whole + w, sizeof(whole) - w, "%s|%s;", g.ev[k]->source,
                                      g.ev[k]->text);
            }
            if (streamed) {
                ck_assert_str_eq(out, cases[i].events);
                ck_assert_str_eq(whole, want); /* the whole read's texts, in its order */
            } else {
                snprintf(want, sizeof(want), "%s", whole);
            }
            char warned[1024];
            size_t m = 0;
            warned[0] = '\0';
            if (cases[i].rc != 0)
                m += (size_t)snprintf(warned, sizeof(warned), "%s", g.diag.error);
            for (size_t k = 0; k < g.diag.n_warnings; k++)
                m += (size_t)snprintf(warned + m, sizeof(warned) - m, "%s %zu %s;",
                                      g.diag.warnings[k].key, g.diag.warnings[k].count,
                                      g.diag.warnings[k].first);
            char expect[1024];
            const char *p = strstr(cases[i].warned, "{P}");
            if (p)
                snprintf(expect, sizeof(expect), "%.*s%s%s", (int)(p - cases[i].warned),
                         cases[i].warned, path, p + 3);
            else
                snprintf(expect, sizeof(expect), "%s", cases[i].warned);
            ck_assert_str_eq(warned, expect);
            got_free(&g);
        }
        unlink(path);
    }
}
END_TEST

/* "chats" twice (40 x 600 messages each, 8 MB), the left chats between
 * them: the last is read, message by message, and the first walked for its
 * errors only; until then the file was read whole. */
START_TEST(account_chats_named_twice)
{
    account_lines at;
    char *path = big_account_form(4, &at);
    got g;
    rg_jsondocs_whole_max = 16 * 1024;
    run_file(&g, &rg_importer_telegram, (CHATS + 2) * PER_CHAT, path, "src", 0);
    rg_jsondocs_whole_max = 1024 * 1024;
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, (CHATS + 2) * PER_CHAT);
    char want[256];
    static const int picks[] = {0, CHATS * PER_CHAT - 1, CHATS * PER_CHAT,
                                (CHATS + 2) * PER_CHAT - 1};
    for (size_t i = 0; i < NFILES(picks); i++) {
        int k = picks[i], c = k / PER_CHAT, m = k % PER_CHAT;
        snprintf(want, sizeof(want), "msg %d %d", c, m);
        ck_assert_str_eq(g.ev[k]->text, want);
        snprintf(want, sizeof(want), "%s:%ld", path, at.first[c] + m);
        ck_assert_str_eq(g.ev[k]->origin, want);
    }
    ck_assert_int_gt(at.first[0], at.first[CHATS + 1]); /* the second "chats" */
    /* the first "chats" is dropped: its chat 3's NUL and two bad chats are
     * not counted; the second's are */
    assert_account_warnings_and_memory(&g, path, &at);
    got_free(&g);
    unlink(path);
}
END_TEST

/* Small files of these shapes streamed (reads of 16, 256 and 4096 bytes,
 * whole_max 0) read as whole: members after the array, a frame that also has
 * "alerts", an account whose chats have their members after "messages", no
 * "messages", are no object, or whose left chats come first, and a chat
 * export that also has "chats". */
START_TEST(deeper_records_streamed_as_whole)
{
    static const struct {
        const rg_importer *imp;
        const char *text;
    } cases[] = {
        {&rg_importer_alertmanager,
         "{\"alerts\": [{\"labels\": {\"alertname\": \"A\"}, \"startsAt\": "
         "\"2026-11-20T14:00:00Z\", \"endsAt\": \"2026-11-20T15:00:00Z\"},\n"
         " {\"status\": \"firing\", \"labels\": \"x\", \"startsAt\": \"2026-11-20T14:01:00Z\"},\n"
         " {\"labels\": {\"alertname\": \"B\"}, \"startsAt\": \"2026-11-20T14:02:00Z\"}],\n"
         " \"status\": \"resolved\", \"receiver\": \"ops\\u0000\", \"groupKey\": \"g\"}\n"},
        {&rg_importer_alertmanager, "{\"receiver\": \"a\", \"alerts\": [], \"status\": 3}\n"},
        {&rg_importer_grafana,
         "{\"version\": \"1\", \"alerts\": [{\"labels\": {\"alertname\": \"A\"}, \"values\": "
         "{\"B\": 0.07}, \"startsAt\": \"2026-11-20T14:00:00Z\"}],\n \"orgId\": 1, \"receiver\": "
         "\"r\"}\n"},
        {&rg_importer_grafana,
         "{\"alerts\": [], \"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": "
         "\"line\"}]}, \"data\": {\"values\": [[1795183320000], [{\"current\": \"Alerting\", "
         "\"previous\": \"Normal\", \"ruleTitle\": \"T\"}]]}}\n"},
        {&rg_importer_telegram,
         "{\"about\": \"a\\u0000\", \"chats\": {\"list\": [\n"
         "{\"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1795183320\", "
         "\"text\": \"hi\"},\n {\"id\": 2, \"type\": \"message\", \"date\": 5}],\n"
         " \"name\": \"ops\\u0000\", \"type\": \"bot_chat\", \"id\": 8},\n"
         " 7, {\"name\": \"x\", \"messages\": {}}, {\"name\": \"empty\", \"messages\": []}]},\n"
         " \"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183321\", \"from\": \"Bo\", \"text\": "
         "\"bye\"}]}]}}\n"},
        {&rg_importer_telegram,
         "{\"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183321\", \"text\": \"left\"}]}]},\n"
         " \"chats\": {\"list\": [{\"name\": \"new\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"chat\"}]}]}}\n"},
        {&rg_importer_telegram,
         "{\"chats\": {\"list\": [{\"name\": \"in list\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"listed\"}]}]},\n"
         " \"name\": \"top\", \"type\": \"private_group\", \"id\": 3, \"messages\": [{\"id\": 1, "
         "\"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": \"top\"}]}\n"},
        /* left chats first: a left chat with its members after "messages",
         * a bad time, NULs and \x escapes in both lists, a left chat that
         * is no object and one whose "messages" is no array, a bot chat */
        {&rg_importer_telegram,
         "{\"about\": \"a\\u0000\", \"left_chats\": {\"list\": [\n"
         "{\"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1795183321\", "
         "\"from\": \"Bo\", \"text\": \"bye\\x07\"},\n {\"id\": 2, \"type\": \"message\", "
         "\"date\": 5}],\n \"name\": \"old\\u0000\", \"type\": \"private_group\", \"id\": 4},\n"
         " 7, {\"name\": \"x\", \"messages\": {}}]},\n"
         " \"chats\": {\"list\": [{\"name\": \"new\", \"type\": \"bot_chat\", \"id\": 8, "
         "\"messages\": [{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1795183320\", "
         "\"from_id\": \"user8\", \"text\": \"chat\\x01\"},\n {\"id\": 2, \"type\": "
         "\"service\", \"actor\": \"Ann\", \"action\": \"invite_members\", \"members\": "
         "[\"Bo\"], \"date_unixtime\": \"1795183322\"}]}, \"str\"]}}\n"},
        /* left chats first, the file cut, malformed, or not UTF-8 in them:
         * the whole read's error, and no event (the chats come first) */
        {&rg_importer_telegram,
         "{\"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, "
         "\"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": \"bye\"},\n"
         " {\"id\": 2, \"ty"},
        {&rg_importer_telegram,
         "{\"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, "
         "\"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": \"bye\"},,\n"
         " {\"id\": 2}]}]},\n \"chats\": {\"list\": [{\"name\": \"new\", \"messages\": "
         "[{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1795183320\", \"text\": "
         "\"chat\"}]}]}}\n"},
        {&rg_importer_telegram,
         "{\"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, "
         "\"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": \"b\xff\"}]}]},\n"
         " \"chats\": {\"list\": [{\"name\": \"new\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"chat\"}]}]}}\n"},
        /* a chat export with "chats" after its "messages" (NULs and a \x
         * escape in them, a chat that is no object) and its "id" after both */
        {&rg_importer_telegram,
         "{\"name\": \"top\", \"type\": \"private_group\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"t\\x07\"}],\n"
         " \"chats\": {\"about\": \"x\\u0000\", \"list\": [7, {\"name\": \"c\\x01\", \"messages\": "
         "[{\"id\": 1, \"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": "
         "\"in\\u0000\"}]}]},\n \"id\": 5}\n"},
        /* and "chats" before "messages", malformed or not UTF-8 in them */
        {&rg_importer_telegram,
         "{\"chats\": {\"list\": [{\"name\": \"c\", \"messages\": [{\"id\": 1} {\"id\": 2}]}]},\n"
         " \"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183320\", \"text\": \"t\"}]}\n"},
        {&rg_importer_telegram,
         "{\"chats\": {\"list\": [{\"name\": \"c\\xff\", \"messages\": [{\"id\": 1, \"text\": "
         "\"\xc3\"}]}]},\n \"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183320\", \"text\": \"t\"}]}\n"},
    };
    for (size_t i = 0; i < NFILES(cases); i++) {
        char *path = write_temp(cases[i].text, strlen(cases[i].text));
        same_streamed(cases[i].imp, path);
        unlink(path);
    }
}
END_TEST

/* Cuts the file at path after its line `line` (its newline kept). */
static void cut_after_line(const char *path, long line)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    long at = 0, n = 0;
    int c;
    while (n < line && (c = fgetc(f)) != EOF) {
        at++;
        n += c == '\n';
    }
    fclose(f);
    ck_assert_int_eq(n, line);
    ck_assert_int_eq(truncate(path, at), 0);
}

/* A payload and an account export cut between two records, and inside one,
 * streamed: the source stops at the end of the file with the array left
 * open named, or jansson's words for the record cut. */
START_TEST(deeper_records_cut)
{
    char path[64], want[512];
    for (int inside = 0; inside < 2; inside++) {
        snprintf(path, sizeof(path), "%s", big_payload(0));
        if (inside)
            ck_assert_int_eq(truncate(path, 3 * 1024 * 1024), 0); /* in alert 19,199 */
        else
            cut_after_line(path, 10001);
        got g;
        run_file(&g, &rg_importer_alertmanager, 2 * ALERTS, path, "src", 0);
        ck_assert_int_eq(g.rc, -1);
        if (inside)
            snprintf(want, sizeof(want),
                     "%s:19201:42: unexpected end of file (truncated?): unexpected token", path);
        else
            snprintf(want, sizeof(want),
                     "%s:10002:1: unexpected end of file (truncated?): the array that opens at "
                     "line 1, column 70 is not closed",
                     path);
        ck_assert_str_eq(g.diag.error, want);
        got_free(&g);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s", big_account());
    cut_after_line(path, 2 + 2 * (PER_CHAT + 2) + 100); /* after message 99 of chat 2 */
    got g;
    run_file(&g, &rg_importer_telegram, (CHATS + 2) * PER_CHAT, path, "src", 0);
    ck_assert_int_eq(g.rc, -1);
    /* the end of the file: column 1 of the line after the cut */
    snprintf(want, sizeof(want), "%s:%d:1: unexpected end of file (truncated?): ']' expected", path,
             3 + 2 * (PER_CHAT + 2) + 100);
    ck_assert_str_eq(g.diag.error, want);
    got_free(&g);
    unlink(path);
    /* left chats first, cut in them (no event: the chats may come after the
     * cut, and come first) or in
     * the chats after them (the chats' messages before the cut, none of
     * the left chats'): the error at the whole read's place, worded as the
     * streamed read words a cut between elements (the whole read: "']'
     * expected") */
    for (int in_chats = 0; in_chats < 2; in_chats++) {
        account_lines at;
        snprintf(path, sizeof(path), "%s", big_account_form(1, &at));
        int c = in_chats ? 2 : CHATS + 1;
        long line = at.first[c] + (in_chats ? 99 : 9);
        cut_after_line(path, line);
        snprintf(want, sizeof(want),
                 "%s:%ld:1: unexpected end of file (truncated?): the array that opens at line %ld, "
                 "column %d is not closed",
                 path, line + 1, at.first[c] - 1, in_chats ? 57 : 58);
        rg_jsondocs_whole_max = 16 * 1024; /* the cut file is under 1 MiB */
        run_file(&g, &rg_importer_telegram, (CHATS + 2) * PER_CHAT, path, "src", 0);
        rg_jsondocs_whole_max = 1024 * 1024;
        ck_assert_int_eq(g.rc, -1);
        ck_assert_str_eq(g.diag.error, want);
        ck_assert_uint_eq(g.n, (in_chats ? 2 * PER_CHAT + 100 : 0));
        if (in_chats)
            ck_assert_str_eq(g.ev[g.n - 1]->text, "msg 2 99");
        got_free(&g);
        rg_jsondocs_whole_max = (size_t)1 << 30;
        run_file(&g, &rg_importer_telegram, (CHATS + 2) * PER_CHAT, path, "src", 0);
        rg_jsondocs_whole_max = 1024 * 1024;
        snprintf(want, sizeof(want), "%s:%ld:1: unexpected end of file (truncated?): ']' expected",
                 path, line + 1);
        ck_assert_str_eq(g.diag.error, want);
        ck_assert_uint_eq(g.n, 0);
        got_free(&g);
        unlink(path);
    }
}
END_TEST

/* Streamed (64-byte reads), every allocation failing in turn: the late
 * members' pass, the walk of an account's chats and of an OTLP export end in an
 * error or read, never crash or leak. */
START_TEST(deeper_records_out_of_memory)
{
    static const struct {
        const rg_importer *imp;
        const char *text;
    } cases[] = {
        {&rg_importer_alertmanager,
         "{\"alerts\": [{\"labels\": {\"alertname\": \"A\"}, \"startsAt\": "
         "\"2026-11-20T14:00:00Z\", \"endsAt\": \"2026-11-20T15:00:00Z\"}],\n"
         " \"status\": \"resolved\", \"receiver\": \"ops\"}\n"},
        {&rg_importer_grafana,
         "{\"version\": \"1\", \"alerts\": [{\"labels\": {\"alertname\": \"A\"}, \"startsAt\": "
         "\"2026-11-20T14:00:00Z\"}],\n \"orgId\": 1, \"receiver\": \"r\\u0000\"}\n"},
        {&rg_importer_grafana,
         "{\"x\": [1], \"results\": {\"data\": {\"values\": [[1795183200000, 1795183260000], "
         "[{\"current\": \"Alerting\", \"ruleTitle\": \"T\\u0000\"}, \"{}\", 3]], \"nanos\": "
         "[[5, 6]]},\n \"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": "
         "\"line\"}]}}}\n"},
        {&rg_importer_telegram,
         "{\"chats\": {\"list\": [{\"messages\": [{\"id\": 1, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183320\", \"text\": \"hi\"}], \"name\": \"ops\", \"id\": 8},\n"
         " 7]}, \"left_chats\": {\"list\": [{\"name\": \"old\", \"messages\": [{\"id\": 1, "
         "\"type\": \"message\", \"date_unixtime\": \"1795183321\", \"text\": \"bye\"}]}]}}\n"},
        {&rg_importer_telegram,
         "{\"left_chats\": {\"list\": [{\"messages\": [{\"id\": 1, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183321\", \"text\": \"bye\\u0000\"}], \"name\": \"old\"}, 7]},\n"
         " \"chats\": {\"list\": [{\"name\": \"ops\", \"messages\": [{\"id\": 1, \"type\": "
         "\"message\", \"date_unixtime\": \"1795183320\", \"text\": \"hi\"}]}]}}\n"},
        {&rg_importer_telegram,
         "{\"name\": \"top\", \"messages\": [{\"id\": 1, \"type\": \"message\", "
         "\"date_unixtime\": \"1795183320\", \"text\": \"t\"}], \"chats\": {\"list\": [{\"name\": "
         "\"c\", \"messages\": [{\"id\": 1, \"text\": \"in\\u0000\"}]}, 7]}, \"id\": 5}\n"},
        /* a resource's and a scope's members after their records (the
         * plan's late members), an older name beside the newer */
        {&rg_importer_otlp,
         "{\"resourceLogs\": [{\"instrumentationLibraryLogs\": [{\"logRecords\": [{}]}],\n"
         " \"scopeLogs\": [{\"logRecords\": [{\"timeUnixNano\": \"1795183320000000000\", "
         "\"body\": {\"stringValue\": \"a\"}}], \"scope\": {\"name\": \"s\"}}],\n"
         " \"resource\": {\"attributes\": [{\"key\": \"service.name\", \"value\": "
         "{\"stringValue\": \"api\"}}]}}, 7]}\n"},
    };
    rg_jsondocs_whole_max = 0;
    rg_jstream_chunk = 64;
    for (size_t i = 0; i < NFILES(cases); i++) {
        char *path = write_temp(cases[i].text, strlen(cases[i].text));
        char keep[64];
        snprintf(keep, sizeof(keep), "%s", path);
        check_out_of_memory(cases[i].imp, keep);
        unlink(keep);
    }
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
}
END_TEST

/* ---- a state history frame, row by row ---- */

#define ROWS 20000

/* A Grafana state history frame of ROWS rows (4 MB), one element a line:
 * form 0 bare, "schema" first, a "labels" column and the frame's "nanos";
 * form 1 under "results" after another member, "data" before "schema", no
 * "nanos", the time column 3 rows short; form 2 bare, the time column 2 rows
 * longer. Row 7's title holds a \u0000, row 11's entry is a string (Loki's
 * raw line), row 13 has no "current", row 17's time is a string. */
static char *big_frame(int form)
{
    char *path = temp_path("jsonstream_frame");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    const char *schema = "\"schema\": {\"name\": \"states\", \"fields\": [{\"name\": \"time\"}, "
                         "{\"name\": \"line\"}, {\"name\": \"labels\"}]}";
    int ntimes = form == 1 ? ROWS - 3 : form == 2 ? ROWS + 2 : ROWS;
    if (form == 1)
        fputs("{\"status\": \"ok\", \"results\": {\"data\": {\"values\": [\n[\n", f);
    else
        fprintf(f, "{%s,\n\"data\": {\"values\": [\n[\n", schema);
    for (int i = 0; i < ntimes; i++) {
        if (i == 17)
            fprintf(f, "\"late\"%s\n", i + 1 < ntimes ? "," : "");
        else
            fprintf(f, "%lld%s\n", 1795183200000LL + 1000LL * i, i + 1 < ntimes ? "," : "");
    }
    fputs("],\n[\n", f);
    static const char *const states[] = {"Normal", "Pending", "Alerting", "Normal (MissingSeries)",
                                         "NoData", "Error"};
    for (int i = 0; i < ROWS; i++) {
        const char *sep = i + 1 < ROWS ? "," : "";
        if (i == 11)
            fprintf(f,
                    "\"{\\\"previous\\\": \\\"Normal\\\", \\\"current\\\": \\\"Alerting\\\", "
                    "\\\"ruleTitle\\\": \\\"raw %d\\\"}\"%s\n",
                    i, sep);
        else {
            char current[64] = "";
            if (i != 13)
                snprintf(current, sizeof(current), "\"current\": \"%s\", ", states[(i + 1) % 6]);
            fprintf(f,
                    "{\"schemaVersion\": 1, \"previous\": \"%s\", %s\"ruleTitle\": \"Rule %d%s\", "
                    "\"ruleUID\": \"r-%d\", \"fingerprint\": \"%08x\", \"labels\": "
                    "{\"alertname\": \"Rule %d\", \"team\": \"pay\"}, \"values\": {\"A\": 0.%d}, "
                    "\"error\": \"%s\"}%s\n",
                    states[i % 6], current, i, i == 7 ? "\\u0000" : "", i % 97,
                    (unsigned)(i * 2654435761u), i % 97, i % 1000 + 1,
                    i % 6 == 4 ? "datasource timed out" : "", sep);
        }
    }
    fputs("]", f);
    if (form != 1) {
        fputs(",\n[", f);
        for (int i = 0; i < ROWS; i++)
            fprintf(f, "{\"from\": \"state-history\"}%s", i + 1 < ROWS ? ", " : "");
        fputs("]\n]", f);
    } else {
        fputs("\n]", f);
    }
    if (form == 0) {
        fputs(", \"nanos\": [[", f);
        for (int i = 0; i < ROWS; i++)
            fprintf(f, "%d%s", i % 5 == 3 ? 456000 : 0, i + 1 < ROWS ? ", " : "");
        fputs("], null, null]", f);
    }
    if (form == 1)
        fprintf(f, "},\n%s}}\n", schema);
    else
        fputs("}}\n", f);
    fclose(f);
    return path;
}

/* A frame of 20,000 rows (4 MB) is read row by row, its columns in
 * lockstep: at most one element (a row's entry, under 300 bytes) is handed
 * to jansson at once, and the events and warnings are the whole read's, in
 * the same order, whatever the columns' lengths, where the frame is and
 * whether "schema" comes first. */
START_TEST(frame_row_by_row)
{
    for (int form = 0; form < 3; form++) {
        char *path = big_frame(form);
        got g;
        size_t skipped = form == 1 ? 5 : 2; /* rows 13 and 17, and 3 without a time */
        whole_then_streamed(&rg_importer_grafana, path, ROWS, &g);
        ck_assert_uint_eq(g.n, ROWS - skipped);
        long ntimes = form == 1 ? ROWS - 3 : form == 2 ? ROWS + 2 : ROWS;
        long first = (form == 1 ? 5 : 6) + ntimes; /* the line of row 0's entry */
        char want[256];
        /* row 0: Normal -> Pending, a note */
        ck_assert_str_eq(g.ev[0]->type, "note");
        ck_assert_str_eq(g.ev[0]->text, "Rule 0: Normal -> Pending");
        ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:00:00Z");
        snprintf(want, sizeof(want), "%s:%ld", path, first);
        ck_assert_str_eq(g.ev[0]->origin, want);
        /* row 3: Normal (MissingSeries) -> NoData, with the frame's nanos */
        ck_assert_str_eq(g.ev[3]->type, "alert.nodata");
        ck_assert_str_eq(at(g.ev[3]),
                         form == 0 ? "2026-11-20T14:00:03.000456Z" : "2026-11-20T14:00:03Z");
        /* row 7's title with its NUL shown as U+FFFD; row 11 read from a string */
        ck_assert_str_eq(g.ev[7]->text, "Rule 7\xEF\xBF\xBD");
        ck_assert_str_eq(g.ev[11]->text, "raw 11");
        ck_assert_str_eq(g.ev[11]->type, "alert.firing");
        /* the last row read: 19999, or 19996 when the time column is 3 short */
        size_t last = form == 1 ? ROWS - 4 : ROWS - 1;
        snprintf(want, sizeof(want), "%s:%ld", path, first + (long)last);
        ck_assert_str_eq(g.ev[g.n - 1]->origin, want);
        ck_assert_uint_eq(g.diag.n_warnings, form == 0 ? 3 : 4);
        for (size_t i = 0; i < g.diag.n_warnings; i++) {
            const rg_warning *w = &g.diag.warnings[i];
            if (strcmp(w->key, "bad-frame") == 0) {
                if (form == 1)
                    snprintf(want, sizeof(want),
                             "%s:1:29: the frame's 'time' column has 19997 rows and its 'line' "
                             "column 20000; the rows without both are skipped",
                             path);
                else
                    snprintf(want, sizeof(want),
                             "%s:1:1: the frame's 'time' column has 20002 rows and its 'line' "
                             "column 20000; the rows without both are skipped",
                             path);
                ck_assert_str_eq(w->first, want);
                ck_assert_uint_eq(w->count, 1);
            } else if (strcmp(w->key, "bad-time") == 0) {
                snprintf(want, sizeof(want),
                         "%s:%ld:1: state history entry has time a string, expected epoch "
                         "milliseconds; skipped",
                         path, first + 17);
                ck_assert_str_eq(w->first, want);
                ck_assert_uint_eq(w->count, form == 1 ? 4 : 1);
            } else if (strcmp(w->key, "bad-record") == 0) {
                snprintf(want, sizeof(want),
                         "%s:%ld:1: state history entry has no 'current' state; skipped", path,
                         first + 13);
                ck_assert_str_eq(w->first, want);
            } else {
                ck_assert_str_eq(w->key, "nul");
                snprintf(want, sizeof(want),
                         "%s:%ld:%zu: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", path,
                         first + 7,
                         strlen("{\"schemaVersion\": 1, \"previous\": \"Pending\", \"current\": "
                                "\"Alerting\", \"ruleTitle\": \"Rule 7") +
                             1);
                ck_assert_str_eq(w->first, want);
            }
        }
        /* a row's entry is under 300 bytes: no more is parsed at once; each
         * column's stream holds a 64 KiB read and the element being read */
        ck_assert_uint_gt(rg_jsondocs_last_parsed_max, 200);
        ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 300);
        ck_assert_uint_le(rg_jsondocs_last_high, 2 * (64 * 1024 + 1024));
        got_free(&g);
        unlink(path);
    }
}
END_TEST

/* A state history frame (bare, and under "results" with "data" first) cut
 * at every byte: read row by row, each cut after the frame is known by its
 * members' names is the whole read's error, in its words at its place (the
 * rows of a source that fails are dropped); a cut before it fails at the
 * same place. */
START_TEST(frame_cut_everywhere_as_whole)
{
    size_t len;
    rg_diag d;
    rg_diag_init(&d);
    char *text = rg_read_file(FX "/grafana/history.json", &len, &d);
    ck_assert_ptr_nonnull(text);
    const char *results =
        "{\"status\": \"ok\",\n \"results\": {\"data\": {\"values\": [[1795183200000,"
        " 1795183260000], [{\"current\": \"Alerting\", \"ruleTitle\": \"T\"}, "
        "\"{}\"]], \"nanos\": [[1, 2]]},\n \"schema\": {\"fields\": [{\"name\": "
        "\"time\"}, {\"name\": \"line\"}]}}}\n";
    for (int form = 0; form < 2; form++) {
        const char *t = form ? results : text;
        size_t n = form ? strlen(results) : len;
        const char *last = form ? "\"schema\":" : "\"data\":"; /* the second member named */
        size_t known = (size_t)(strstr(t, last) - t) + strlen(last);
        for (size_t cut = 1; cut < n; cut++) {
            char *path = write_temp(t, cut);
            char *whole = outcome(&rg_importer_grafana, path);
            rg_jsondocs_whole_max = 0;
            rg_jstream_chunk = 64;
            char *streamed = outcome(&rg_importer_grafana, path);
            rg_jstream_chunk = 64 * 1024;
            rg_jsondocs_whole_max = 1024 * 1024;
            /* before the frame's members are both named, it is not yet known
             * as a frame: the streamed reader of objects reads it, whose
             * words for a cut between values name what is left open */
            size_t same = cut >= known ? strlen(whole) : strcspn(whole, " ") + 1;
            ck_assert_msg(strncmp(whole, streamed, same) == 0,
                          "cut at %zu:\nwhole:\n%s\nstreamed:\n%s", cut, whole, streamed);
            rg_free(whole);
            rg_free(streamed);
            unlink(path);
        }
    }
    rg_free(text);
    rg_diag_free(&d);
}
END_TEST

/* Small frames streamed (reads of 16, 256 and 4096 bytes, whole_max 0)
 * read as whole: columns of different lengths, empty, "nanos" short or no
 * array, "schema" after "data", under "results" beside other members, deep
 * nesting and a long string in an entry; and the frames the row reader
 * leaves to the whole read, each with a \u0000 warned once: "data" or
 * "values" named twice (the last one counts), "results" twice, a frame
 * followed by another document, frames in a top-level array. */
START_TEST(frames_streamed_as_whole)
{
#define SCHEMA "\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]}"
#define ROW(t) "{\"previous\": \"Normal\", \"current\": \"Alerting\", \"ruleTitle\": \"" t "\"}"
    static char deep[8192], longstr[70000];
    size_t n = (size_t)snprintf(deep, sizeof(deep),
                                "{" SCHEMA
                                ", \"data\": {\"values\": [[1795183200000, 1], [" ROW("a") ", ");
    for (int i = 0; i < 3000; i++)
        deep[n++] = '[';
    snprintf(deep + n, sizeof(deep) - n, "]]}}\n");
    n = (size_t)snprintf(longstr, sizeof(longstr),
                         "{" SCHEMA ", \"data\": {\"values\": [[1795183200000], [{\"current\": "
                         "\"Alerting\", \"ruleTitle\": \"");
    memset(longstr + n, 'x', 65536);
    snprintf(longstr + n + 65536, sizeof(longstr) - n - 65536, "\"}]]}}\n");
    const char *const texts[] = {
        "{" SCHEMA ", \"data\": {\"values\": [[1795183200000], [" ROW("a") ", " ROW("b") "]]}}\n",
        "{" SCHEMA ", \"data\": {\"values\": [[1795183200000, 2, 3], [" ROW("a") "]]}}\n",
        "{" SCHEMA ", \"data\": {\"values\": [[], []], \"nanos\": [[]]}}\n",
        "{" SCHEMA ",\n \"data\": {\"values\": [[1795183200000, 1795183260000], [" ROW(
            "a") ",\n " ROW("b") "]], \"nanos\": [[7000]]}}\n",
        "{\"data\": {\"nanos\": 5, \"values\": [[1795183200000], [" ROW("a") "]]}, " SCHEMA "}\n",
        "{\"data\": {\"values\": [[1795183200000], [" ROW(
            "a") "], 3]}, \"x\": [1, {\"y\": 2}], "
                 "\"schema\": {\"fields\": [{\"name\": \"line\"}, {\"name\": \"time\"}]}}\n",
        "{\"a\": [1], \"results\": {" SCHEMA
        ", \"data\": {\"values\": [[1795183200000], [" ROW("r") "]]}}, \"b\": {}}\n",
        "{" SCHEMA ", \"data\": {\"values\": {}}}\n",
        "{" SCHEMA ", \"data\": 3}\n",
        "{" SCHEMA ", \"data\": {\"values\": [[1795183200000], \"x\"]}}\n",
        deep,
        longstr,
        "{" SCHEMA ", \"data\": {\"values\": [[1], [" ROW(
            "first\\u0000") "]]},\n"
                            " \"data\": {\"values\": [[1795183200000], [" ROW("second") "]]}}\n",
        "{" SCHEMA ", \"data\": {\"values\": [[1], [" ROW(
            "first\\u0000") "]],\n"
                            " \"values\": [[1795183200000], [" ROW("second") "]]}}\n",
        "{\"results\": {" SCHEMA ", \"data\": {\"values\": [[1], [" ROW(
            "a\\u0000") "]]}},\n"
                        " \"results\": {" SCHEMA
                        ", \"data\": {\"values\": [[1795183200000], [" ROW("b") "]]}}}\n",
        "{" SCHEMA ", \"data\": {\"values\": [[1795183200000], [" ROW(
            "one\\u0000") "]]}}\n"
                          "{" SCHEMA
                          ", \"data\": {\"values\": [[1795183260000], [" ROW("two") "]]}}\n",
        "[{" SCHEMA ", \"data\": {\"values\": [[1795183200000], [" ROW(
            "one\\u0000") "]]}},\n"
                          " {" SCHEMA
                          ", \"data\": {\"values\": [[1795183260000, 5], [" ROW("two") "]]}}]\n",
    };
#undef ROW
#undef SCHEMA
    for (size_t i = 0; i < NFILES(texts); i++) {
        char *path = write_temp(texts[i], strlen(texts[i]));
        same_streamed(&rg_importer_grafana, path);
        unlink(path);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("jsonstream");
    TCase *tc = tcase_create("core");
    /* the files of many megabytes (20,000-row frames, 8 MB accounts) take
     * seconds under the sanitizers on a loaded machine: Check's default of 4
     * (times CK_TIMEOUT_MULTIPLIER) cut one short */
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, hostile_strings_every_chunk_size);
    tcase_add_test(tc, member_array_and_bom);
    tcase_add_test(tc, member_places);
    tcase_add_test(tc, record_larger_than_chunk);
    tcase_add_test(tc, backslash_at_the_limit);
    tcase_add_test(tc, truncated_at_every_byte);
    tcase_add_test(tc, bad_element_located_like_whole_document);
    tcase_add_test(tc, bom_inside_array);
    tcase_add_test(tc, several_documents);
    tcase_add_test(tc, memory_bounded_by_largest_record);
    tcase_add_test(tc, pagerduty_streamed_as_whole);
    tcase_add_test(tc, statuspage_streamed_as_whole);
    tcase_add_test(tc, slack_streamed_as_whole);
    tcase_add_test(tc, opsgenie_streamed_as_whole);
    tcase_add_test(tc, discord_streamed_as_whole);
    tcase_add_test(tc, alertmanager_streamed_as_whole);
    tcase_add_test(tc, grafana_streamed_as_whole);
    tcase_add_test(tc, k8s_events_streamed_as_whole);
    tcase_add_test(tc, many_records_in_bounded_memory);
    tcase_add_test(tc, cloudwatch_logs_streamed_as_whole);
    tcase_add_test(tc, cloudwatch_metrics_streamed_as_whole);
    tcase_add_test(tc, zabbix_streamed_as_whole);
    tcase_add_test(tc, datadog_streamed_as_whole);
    tcase_add_test(tc, cloudwatch_alarms_streamed_as_whole);
    tcase_add_test(tc, streamed_out_of_memory);
    tcase_add_test(tc, elasticsearch_streamed_as_whole);
    tcase_add_test(tc, loki_streamed_as_whole);
    tcase_add_test(tc, otlp_streamed_as_whole);
    tcase_add_test(tc, prometheus_streamed_as_whole);
    tcase_add_test(tc, cachet_streamed_as_whole);
    tcase_add_test(tc, teams_streamed_as_whole);
    tcase_add_test(tc, telegram_streamed_as_whole);
    tcase_add_test(tc, telegram_escapes_cut_by_reads);
    tcase_add_test(tc, syntax_errors_worded_as_whole);
    tcase_add_loop_test(tc, cut_everywhere_streamed_located, 0, 4);
    tcase_add_test(tc, one_payload_alert_by_alert);
    tcase_add_test(tc, account_message_by_message);
    tcase_add_test(tc, account_left_chats_first);
    tcase_add_test(tc, chat_export_beside_chats);
    tcase_add_test(tc, named_twice_last_wins);
    tcase_add_test(tc, account_chats_named_twice);
    tcase_add_test(tc, deeper_records_streamed_as_whole);
    tcase_add_test(tc, deeper_records_cut);
    tcase_add_test(tc, deeper_records_out_of_memory);
    tcase_add_test(tc, frame_row_by_row);
    tcase_add_test(tc, frame_cut_everywhere_as_whole);
    tcase_add_test(tc, frames_streamed_as_whole);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
