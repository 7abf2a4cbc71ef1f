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
extern const rg_importer rg_importer_statuspage;
extern const rg_importer rg_importer_slack;
extern const rg_importer rg_importer_opsgenie;
extern const rg_importer rg_importer_discord;
extern const rg_importer rg_importer_alertmanager;
extern const rg_importer rg_importer_grafana;
extern const rg_importer rg_importer_k8s_events;
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
                           "webhook_v2_messages.json", "webhooks_v3.jsonl",
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
     (const char *const[]){"single.json", "v1.json", "v2", "invalid/data-string/input",
                           "invalid/empty/input", "invalid/events-object/input",
                           "invalid/none/input", "invalid/not-utf8/input", "invalid/scalar/input",
                           "invalid/truncated/input", "invalid/truncated-in-string/input",
                           "invalid/utf16/input", NULL},
     (const char *const[]){"v1.json", "v2/page-1.json", NULL}},
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
    for (int i = 0; i < MANY; i++) {
        char at[32];
        snprintf(at, sizeof(at), "2026-11-20T%02d:%02d:%02dZ", i / 3600, i / 60 % 60, i % 60);
        const char *sep = form && i + 1 < MANY ? "," : "";
        if (form == 2)
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
        fputs(form == 2 ? "]}\n" : "]\n", f);
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
    };
    for (int form = 0; form < 3; form++) {
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
                 {&rg_importer_cachet, FX "/cachet/incidents.json"}};
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

static Suite *suite(void)
{
    Suite *s = suite_create("jsonstream");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, hostile_strings_every_chunk_size);
    tcase_add_test(tc, member_array_and_bom);
    tcase_add_test(tc, member_places);
    tcase_add_test(tc, record_larger_than_chunk);
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
    tcase_add_test(tc, cachet_streamed_as_whole);
    tcase_add_test(tc, teams_streamed_as_whole);
    tcase_add_test(tc, telegram_streamed_as_whole);
    tcase_add_test(tc, telegram_escapes_cut_by_reads);
    tcase_add_test(tc, syntax_errors_worded_as_whole);
    tcase_add_loop_test(tc, cut_everywhere_streamed_located, 0, 3);
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
