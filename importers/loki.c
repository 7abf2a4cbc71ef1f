/* loki.c -- Grafana Loki exports as log events, cut to the incident window
 * while they are read (README, "Evidence from a log store").
 *
 * What it reads:
 * - `logcli query --output=jsonl` lines {"labels": {...}, "line": "...",
 *   "timestamp": "2026-11-20T14:02:03.123456789+07:00"}, streamed line by
 *   line: the timestamp (logcli writes it last) is found without parsing the
 *   line, and a line outside the window is dropped before anything is
 *   allocated for it. logcli writes the newest first: no order is assumed.
 *   A line is read whole up to 64 MiB (RG_RECORD_MAX_LEN; a longer one is
 *   skipped with warning "bad-json"), but a first line over 1 MiB is taken
 *   for a response on one line.
 * - The HTTP API's query_range response {"data": {"resultType": "streams",
 *   "result": [{"stream": {...}, "values": [["<ns>", "<line>"], ...]}]}},
 *   one or several one after another, each read alone; a streams response
 *   over 1 MiB value by value (importers/jsonstream.h: memory follows one
 *   value, not the response). A third element of a value (structured
 *   metadata) is ignored.
 *
 * What it decides:
 * - Time: logcli's RFC 3339 text with its offset; the API's epoch
 *   nanoseconds, read as digits.
 * - The line is read as a log line (importers/logline.h: JSON, logfmt or
 *   text) for its level and text, as the JSON-lines and logfmt importers
 *   read theirs.
 * - Actor: the stream's labels name who wrote the line: the first of "pod",
 *   "host", "hostname", "instance", "container", "app", "service_name",
 *   "service", "job"; without one of them, whatever the line itself names.
 *   attrs: "level", "service" (from the line) and "label.<name>" for every
 *   stream label.
 * - Identity: the stream's labels, the instant (to the microsecond) and the
 *   line: what Loki itself takes as one entry, so the same entry read from
 *   two exports folds.
 * - A record without a readable time is warning "no-time" or "bad-time"; a
 *   logcli line that is not JSON, "bad-json"; a value that is not [time,
 *   line], "bad-record"; each is skipped. A "matrix" or "vector" result (a
 *   metric query) is the prometheus importer's. An empty result is no events. */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsontree.h"
#include "jsonutil.h"
#include "linereader.h"
#include "logline.h"

typedef struct loki {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_jsondocs docs;
    rg_locator loc;
    rg_json_offsets values; /* elements of arrays named "values" */
    rg_linejoin join;
    rg_logpeek peek; /* the fold hook's scratch */
    rg_buf id;
    long line;     /* reading logcli lines: the line being read */
    size_t handed; /* calls from the streamed reader: 0, it found nothing */
} loki;

static int oom(loki *l)
{
    return rg_diag_error(l->sink->diag, l->src->path, l->line, 0, "out of memory");
}

static void warn_at(loki *l, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(loki *l, size_t off, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line = l->line, col = 0;
    if (!line) {
        rg_locate(&l->loc, off, &line, &col);
        rg_jsondocs_fix(&l->docs, &line, &col); /* a streamed value's text starts at line0 */
    }
    rg_diag_warn(l->sink->diag, l->src->path, line, col, key, "%s", msg);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The labels' names, sorted (heap; caller frees), and *n. NULL with *n = 0
 * when there are none; *bad set when out of memory. */
static const char **label_names(const json_t *labels, size_t *n, int *bad)
{
    *n = 0;
    *bad = 0;
    if (!json_is_object(labels) || json_object_size(labels) == 0)
        return NULL;
    const char **k = rg_malloc(json_object_size(labels) * sizeof(*k));
    if (!k) {
        *bad = 1;
        return NULL;
    }
    const char *name;
    const json_t *v;
    json_object_foreach((json_t *)labels, name, v)
    {
        if (json_is_string(v))
            k[(*n)++] = name;
    }
    qsort(k, *n, sizeof(*k), cmp_str);
    return k;
}

static const char *const actor_labels[] = {
    "pod", "host", "hostname", "instance", "container", "app", "service_name", "service", "job"};

/* An entry's identity in l->id: its stream's labels sorted, its instant and
 * its line as written. 0, -1 when out of memory. */
static int ident(loki *l, const json_t *labels, int64_t at, const char *text, size_t n)
{
    size_t nk;
    int bad;
    const char **keys = label_names(labels, &nk, &bad);
    if (bad)
        return -1;
    rg_buf_reset(&l->id);
    int rc = 0;
    for (size_t i = 0; i < nk && rc == 0; i++)
        rc = rg_buf_puts(&l->id, keys[i]) || rg_buf_putc(&l->id, '=') ||
             rg_buf_puts(&l->id, rg_json_str(labels, keys[i])) || rg_buf_putc(&l->id, '\x1f');
    rg_free(keys);
    return rc || rg_buf_printf(&l->id, "%lld\x1f", (long long)at) || rg_buf_append(&l->id, text, n)
               ? -1
               : 0;
}

/* One kept entry: line text[0..n) of the stream with these labels. */
static int entry(loki *l, size_t off, int64_t at, const char *time_text, int flags,
                 const json_t *labels, const char *text, size_t n)
{
    long line = l->line, col = 0;
    if (!line) {
        rg_locate_line(&l->loc, off, &line);
        rg_jsondocs_fix(&l->docs, &line, &col);
    }
    const char *s = rg_linejoin_clean(&l->join, text, &n, line);
    if (!s)
        return oom(l);
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    int have_id = 0;
    if (rg_sink_wants_ident(l->sink, at)) { /* only where files overlap */
        have_id = 1;
        if (ident(l, labels, at, text, n) != 0)
            return oom(l);
        l->peek.raw = l->id.data;
        l->peek.raw_len = l->id.len;
    }
    int keep = rg_logpeek_fold(&l->peek, l->sink, s, n, NULL, 0, at, line);
    if (keep <= 0)
        return keep;
    rg_event *ev = rg_event_new(l->a);
    if (!ev)
        return oom(l);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = l->source;
    ev->human = 0;
    ev->origin = rg_origin(l->a, l->src->path, line);
    ev->time_text = rg_time_text(l->a, time_text, strlen(time_text), l->src, flags);
    if (!ev->origin || !ev->time_text)
        return oom(l);
    l->join.ev_line = line;
    if (rg_logline_read(l->a, s, n, ev, &l->join.text) < 0 ||
        !(ev->text = rg_linejoin_take(&l->join)))
        return oom(l);
    for (size_t i = 0; i < sizeof(actor_labels) / sizeof(actor_labels[0]); i++) {
        const char *v = rg_json_str(labels, actor_labels[i]);
        if (v && *v) {
            if (!(ev->actor = rg_arena_strdup(l->a, v)))
                return oom(l);
            break;
        }
    }
    size_t nk;
    int bad;
    const char **keys = label_names(labels, &nk, &bad);
    if (bad)
        return oom(l);
    int rc = 0;
    for (size_t i = 0; i < nk && rc == 0; i++) {
        const char *k = rg_arena_printf(l->a, "label.%s", keys[i]);
        rc = !k || rg_event_attr(l->a, ev, k, rg_json_str(labels, keys[i])) != 0;
    }
    rg_free(keys);
    if (rc || (!have_id && ident(l, labels, at, text, n) != 0))
        return oom(l);
    rg_event_identity(ev, l->id.data, l->id.len);
    return l->sink->emit(l->sink, ev) == 0 ? 0 : oom(l);
}

/* ---- the HTTP API's query_range response ---- */

/* One value ["<ns>", "<line>"] of a stream with these labels, at off. */
static int value(loki *l, const json_t *labels, const json_t *v, size_t off)
{
    const json_t *t = json_array_get(v, 0), *s = json_array_get(v, 1);
    if (!json_is_array(v) || json_array_size(v) < 2 || !json_is_string(s)) {
        warn_at(l, off, "bad-record", "expected a value [\"<ns>\", \"<line>\"]; skipped");
        return 0;
    }
    int64_t at;
    const char *tt = json_is_string(t) ? json_string_value(t) : "";
    size_t tn = json_is_string(t) ? json_string_length(t) : 0;
    if (tn == 0 || rg_time_epoch_text(tt, tn, 1000000000, &at) != tn) {
        warn_at(l, off, "bad-time",
                "the value's time is not epoch nanoseconds (a string of digits); skipped");
        return 0;
    }
    at += l->src->offset_us;
    if (!rg_sink_keep(l->sink, at))
        return 0;
    return entry(l, off, at, tt, 0, labels, json_string_value(s), json_string_length(s));
}

static int stream(loki *l, const json_t *st, size_t off)
{
    if (!json_is_object(st)) {
        warn_at(l, off, "bad-record", "a result element is %s, expected a stream; skipped",
                rg_json_type_name(st));
        return 0;
    }
    const json_t *labels = json_object_get(st, "stream");
    const json_t *values = json_object_get(st, "values");
    if (!json_is_array(values)) {
        warn_at(l, off, "bad-record", "stream without a \"values\" array; skipped");
        return 0;
    }
    size_t i;
    const json_t *v;
    json_array_foreach(values, i, v)
    {
        if (value(l, labels, v, rg_json_offsets_take(&l->values, off)) != 0)
            return -1;
    }
    return 0;
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    loki *l = ctx;
    l->handed++;
    rg_jsondocs_follow(&l->docs, &l->loc);
    const char *text = l->docs.text;
    rg_json_offsets_find(&l->values, text, off, end, "values");
    rg_json_offsets result = {0};
    rg_json_offsets_find(&result, text, off, end, "result");
    int rc = 0;
    const json_t *data = json_is_object(root) ? json_object_get(root, "data") : NULL;
    if (!data && json_is_object(root) && json_object_get(root, "resultType"))
        data = root;
    const char *status = json_is_object(root) ? rg_json_str(root, "status") : NULL;
    const char *type = json_is_object(data) ? rg_json_str(data, "resultType") : NULL;
    const json_t *res = json_is_object(data) ? json_object_get(data, "result") : NULL;
    if (json_is_array(root)) { /* the result array alone, `jq .data.result` */
        res = root;
        rg_json_offsets_free(&result);
        rg_json_offsets_find(&result, text, off, end, NULL);
    }
    if (status && strcmp(status, "error") == 0) {
        const char *err = rg_json_str(root, "error");
        rc = rg_jsondocs_shape(&l->docs, off, "the export is Loki's error response: %s",
                               err ? err : "(no message)");
    } else if (type && strcmp(type, "streams") != 0) {
        rc = rg_jsondocs_shape(&l->docs, rg_json_member_value(text, off, end, "resultType"),
                               "a '%s' result is a metric query's, not log lines (read it with "
                               "\"format\": \"prometheus\")",
                               type);
    } else if (json_is_array(res)) {
        size_t i;
        const json_t *st;
        json_array_foreach(res, i, st)
        {
            if ((rc = stream(l, st, rg_json_offsets_take(&result, off))) != 0)
                break;
        }
    } else {
        rc = rg_jsondocs_shape(&l->docs, off,
                               "expected a Loki query_range response ({\"data\": {\"resultType\": "
                               "\"streams\", \"result\": [...]}}), got %s",
                               json_is_object(root) ? "an object without data.result"
                                                    : rg_json_type_name(root));
    }
    rg_json_offsets_free(&l->values);
    rg_json_offsets_free(&result);
    return rc;
}

/* A large response read value by value (jsonstream.h). Only a streams
 * result is: a stream's env holds its "stream" labels, where a matrix's
 * holds "metric" (read whole, it is the error document() gives). */
static int want(void *ctx, const char *key, const json_t *env)
{
    loki *l = ctx;
    (void)key;
    l->handed++;
    return json_is_object(json_object_get(env, "stream"));
}

/* A value of a stream (key "...result[].values", env the stream's other
 * members); a result element that is no stream, whole (key "...result[]");
 * a stream of the result array alone (`jq .data.result`, key NULL). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *v, size_t off,
                   size_t end)
{
    loki *l = ctx;
    l->handed++;
    rg_jsondocs_follow(&l->docs, &l->loc);
    if (key && env)
        return value(l, json_object_get(env, "stream"), v, off);
    rg_json_offsets_find(&l->values, l->docs.text, off, end, "values");
    int rc = stream(l, v, off);
    rg_json_offsets_free(&l->values);
    return rc;
}

static const char *const stream_keys[] = {"data.result[].values", "result[].values", NULL};

/* Whether the response may be read value by value: not when the file's
 * first 64 KiB name a resultType other than "streams" (Loki writes it before
 * the result). A metric result would reach the streamed reader as result
 * elements without "values", or as an empty array, where the whole read
 * says what it is; it is small by nature and read whole. */
static int streams_result(const char *path)
{
    rg_zfile z;
    if (rg_zfile_open(&z, path) != 0)
        return 1; /* the reader says why */
    static const size_t cap = 64 * 1024;
    char *head = rg_malloc(cap + 1);
    size_t n = 0;
    ssize_t got = 1;
    while (head && n < cap && (got = rg_zfile_read(&z, head + n, cap - n)) > 0)
        n += (size_t)got;
    rg_zfile_close(&z);
    if (!head)
        return 1;
    int streams = 1;
    const char *k = rg_text_find(head, n, "\"resultType\"");
    if (k) {
        size_t p = rg_json_skip_space(head, n, (size_t)(k - head) + 12);
        if (p < n && head[p] == ':')
            p = rg_json_skip_space(head, n, p + 1);
        streams =
            p >= n || head[p] != '"' || (n - p >= 9 && memcmp(head + p, "\"streams\"", 9) == 0);
    }
    rg_free(head);
    return streams;
}

/* ---- logcli --output=jsonl ---- */

/* The text of the last `"timestamp": "..."` member of a line (logcli writes
 * its keys sorted, so the top-level one comes after the labels'). */
static int quick_time(const char *s, size_t n, const char **v, size_t *vn)
{
    const char *k = NULL;
    for (const char *p = s; (p = rg_text_find(p, n - (size_t)(p - s), "\"timestamp\"")); p++)
        k = p;
    if (!k)
        return 0;
    size_t p = rg_json_skip_space(s, n, (size_t)(k - s) + 11);
    if (p >= n || s[p] != ':')
        return 0;
    p = rg_json_skip_space(s, n, p + 1);
    if (p >= n || s[p] != '"')
        return 0;
    size_t q = p + 1;
    while (q < n && s[q] != '"' && s[q] != '\\')
        q++;
    if (q >= n || s[q] != '"')
        return 0;
    *v = s + p + 1;
    *vn = q - p - 1;
    return 1;
}

/* Returns 0, -1, or 1 when the first line is not a logcli line (the file is
 * read as documents instead). */
static int read_lines(loki *l)
{
    rg_linereader r;
    if (rg_linereader_open(&r, l->src->path, l->sink) != 0)
        return -1;
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
    int rc = 0, first = 1, got, cut;
    const char *line;
    size_t len;
    rg_time_ctx ctx = {l->src->zone, l->src->ref_us};
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1) {
        if (rg_is_blank(line, len))
            continue;
        l->line = r.line;
        /* A first line over 1 MiB is no line of records but a document on
         * one line (curl's output), which the document reader streams: it
         * is not parsed here whole. */
        if (first && len > RG_LINE_MAX_LEN)
            cut = 1;
        const char *v;
        size_t vn;
        int flags = 0;
        int64_t at = 0;
        int have =
            !cut && quick_time(line, len, &v, &vn) && rg_time_parse(v, vn, &ctx, &at, &flags) == 0;
        if (!first && have && !rg_sink_keep(l->sink, at + l->src->offset_us))
            continue;
        json_error_t err;
        json_t *o = cut ? NULL : rg_json_loadb(line, len, JSON_ALLOW_NUL, &err);
        if (first) {
            first = 0;
            if (!json_is_object(o) || !json_is_string(json_object_get(o, "line"))) {
                json_decref(o);
                rc = 1;
                break;
            }
        }
        if (!o) {
            if (cut)
                rg_diag_warn(l->sink->diag, l->src->path, r.line, 0, "bad-json",
                             "line longer than %zu bytes; skipped", RG_RECORD_MAX_LEN);
            else
                rg_diag_warn(l->sink->diag, l->src->path, r.line, err.column > 0 ? err.column : 0,
                             "bad-json", "invalid JSON: %s", err.text);
            continue;
        }
        const json_t *ts = json_object_get(o, "timestamp"), *text = json_object_get(o, "line");
        if (!json_is_object(o) || !json_is_string(text)) {
            rg_diag_warn(l->sink->diag, l->src->path, r.line, 1, "bad-record",
                         "expected a logcli line {\"labels\", \"line\", \"timestamp\"}; skipped");
        } else if (!ts) {
            rg_diag_warn(l->sink->diag, l->src->path, r.line, 1, "no-time",
                         "logcli line has no \"timestamp\"; skipped");
        } else if (!json_is_string(ts) ||
                   rg_time_parse(json_string_value(ts), json_string_length(ts), &ctx, &at,
                                 &flags) != 0) {
            rg_diag_warn(l->sink->diag, l->src->path, r.line, 1, "bad-time",
                         "logcli line's \"timestamp\" is not a time; skipped");
        } else {
            at += l->src->offset_us;
            if (rg_sink_keep(l->sink, at))
                rc = entry(l, 0, at, json_string_value(ts), flags, json_object_get(o, "labels"),
                           json_string_value(text), json_string_length(text));
        }
        json_decref(o);
        if (rc != 0)
            break;
    }
    if (got < 0)
        rc = -1;
    if (rc == 0)
        rg_linereader_finish(&r);
    rg_linereader_close(&r);
    l->line = 0;
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    loki l;
    memset(&l, 0, sizeof(l));
    l.src = src;
    l.sink = sink;
    l.a = sink->arena;
    l.source = rg_arena_strdup(l.a, src->name ? src->name : src->path);
    if (!l.source)
        return oom(&l);
    rg_linejoin_init(&l.join, src->path, sink);
    int rc = read_lines(&l);
    if (rc == 1 && streams_result(src->path)) {
        const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, want};
        rc = rg_jsondocs_stream(&l.docs, src->path, sink->diag, &ops, &l);
        /* a response the streamed reader found no stream in ({"data": {}},
         * an empty result) is read whole, which says what it lacks */
        if (rc == 0 && l.handed == 0)
            rc = 1;
    }
    if (rc == 1) {
        rc = rg_jsondocs_load(&l.docs, src->path, sink->diag);
        if (rc == 0)
            rc = rg_jsondocs_read(&l.docs, document, &l);
        rg_jsondocs_free(&l.docs);
    }
    rg_linejoin_free(&l.join);
    rg_logpeek_free(&l.peek);
    rg_buf_free(&l.id);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    int open = is_dir || !head ? 0 : rg_json_opening(head, head_len);
    if (!open)
        return 0;
    if (open == '[') /* the result array alone */
        return rg_text_has(head, head_len, "\"stream\"") &&
                       rg_text_has(head, head_len, "\"values\"")
                   ? 90
                   : 0;
    const char *k = rg_text_find(head, head_len, "\"resultType\"");
    if (k) {
        size_t p = rg_json_skip_space(head, head_len, (size_t)(k - head) + 12);
        if (p < head_len && head[p] == ':')
            p = rg_json_skip_space(head, head_len, p + 1);
        return p + 9 <= head_len && memcmp(head + p, "\"streams\"", 9) == 0 ? 95 : 0;
    }
    /* logcli --output=jsonl: keys sorted, so a line opens with "labels" (or
     * "line" with --no-labels) and holds "timestamp"; above the JSON-lines
     * importer, which would take it for an application log */
    const char *nl = memchr(head, '\n', head_len);
    size_t n = nl ? (size_t)(nl - head) : head_len;
    size_t at = rg_json_start(head, n);
    if (at >= n) /* an empty first line, or one of only spaces: n - p would wrap */
        return 0;
    size_t p = rg_json_skip_space(head, n, at + 1);
    if ((rg_text_find(head + p, n - p, "\"labels\"") == head + p ||
         rg_text_find(head + p, n - p, "\"line\"") == head + p) &&
        rg_text_has(head, n, "\"timestamp\""))
        return 92;
    return 0;
}

const rg_importer rg_importer_loki = {
    .name = "loki",
    .kind = RG_KIND_LOG,
    .summary = "Grafana Loki: logcli query --output=jsonl lines and query_range stream responses",
    .recognises =
        "JSON with \"resultType\": \"streams\" (or a result array of \"stream\" and "
        "\"values\"), or lines opening with \"labels\" or \"line\" that hold \"timestamp\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
