/* otlp.c -- OpenTelemetry logs in OTLP JSON (resourceLogs[].scopeLogs[].
 * logRecords[]): one document, or one per line as the collector's file
 * exporter writes them, cut to the incident window while it reads (README,
 * "Logs").
 *
 * What it decides, so the README can say it:
 * - A file whose first line is a whole JSON object is read line by line (the
 *   file exporter's shape: one export request per line; a bad line is warning
 *   "bad-json" and the others are read; a line of megabytes, a batch of
 *   thousands of records, is read whole in its place up to 64 MiB
 *   (RG_RECORD_MAX_LEN, linereader.h: memory follows the longest line; a
 *   longer one is warning "bad-json"). Otherwise it is one
 *   document (or several, pretty-printed): one over 1 MiB is read record by record
 *   (jsonstream.h, "resourceLogs[].scopeLogs[].logRecords", each record with
 *   its resource's and scope's other members beside it), so memory follows
 *   the largest record, not the file; smaller ones are read whole.
 * - A resource with both "scopeLogs" and the older "instrumentationLibraryLogs"
 *   is read from "scopeLogs" alone (a sender of the transition years may
 *   write both, the same records twice).
 * - Time: "timeUnixNano", else "observedTimeUnixNano" (when the collector saw
 *   it): nanoseconds as a string (the OTLP JSON mapping of a 64-bit integer)
 *   or a number, read as an integer, never through a double. "0" or absent
 *   means unset. A record with neither is warning "no-time".
 * - type: "severityNumber" 17-24 (ERROR, FATAL) is log.error, 13-16 (WARN)
 *   log.warning, 1-12 log.info; 0 or absent: "severityText" by the level rule
 *   (importer.h); neither: the body's level word. attr "level": the
 *   severityText (else the number).
 * - text: the body: a "stringValue" as is; a "kvlistValue" as "key=value"
 *   pairs joined by spaces (a nested kvlist in braces, arrays as their JSON);
 *   other values as their text. actor: the resource's "service.name", else "host.name".
 *   attrs: "level", "service", "scope" (the scope's name), "trace_id".
 * - Identity: a record has no id of its own (traceId and spanId name a span,
 *   which logs many records), so it is the record as written -- its
 *   service.name and the record's JSON with keys sorted -- with log-line
 *   semantics: identical records of one file stay distinct, another file's
 *   copy of a record folds (rg_event_line_identity).
 * - A "logRecords" element that is not an object is warning "bad-record"; a
 *   body of an unknown shape, warning "bad-body" (the event keeps an empty text); a document
 * without "resourceLogs" is an error naming its line (a single document) or warning "bad-payload"
 * (one line of several). An empty file is an empty log. */
#include "importer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../reviewgen/alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsontree.h"
#include "jsonutil.h"
#include "linereader.h"

typedef struct octx {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_jsondocs docs; /* the document reading */
    rg_locator loc;
    long line; /* per-line reading: the line of the document */
    rg_buf text;
    rg_buf id; /* a record's identity (ident) */
    uint64_t n_docs;
} octx;

static int oom(octx *o)
{
    return rg_diag_error(o->sink->diag, o->src->path, o->line, 0, "out of memory");
}

/* A warning at a record: its line when read line by line, else located. */
static void warn_at(octx *o, size_t off, const char *key, const char *msg)
{
    if (o->line)
        rg_diag_warn(o->sink->diag, o->src->path, o->line, 0, key, "%s", msg);
    else
        rg_jsondocs_warn(&o->docs, off, key, "%s", msg);
}

/* The string value of attribute `key` in an OTLP attribute list. */
static const char *attr_value(const json_t *list, const char *key)
{
    size_t i;
    const json_t *kv;
    json_array_foreach(list, i, kv)
    {
        const char *k = rg_json_str(kv, "key");
        if (k && strcmp(k, key) == 0)
            return rg_json_str(json_object_get(kv, "value"), "stringValue");
    }
    return NULL;
}

/* An OTLP time: digits in a string, or an integer. 1 and the instant, 0 when
 * unset or absent, -1 when unreadable. */
static int read_ns(const json_t *v, int64_t *at)
{
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        if (n == 0)
            return 0;
        if (rg_time_epoch_text(s, n, 1000000000, at) != n)
            return -1;
        return *at != 0;
    }
    if (json_is_integer(v)) {
        if (json_integer_value(v) == 0)
            return 0;
        return rg_time_epoch_int((int64_t)json_integer_value(v), 1000000000, at) == 0 ? 1 : -1;
    }
    return -1;
}

/* Appends an AnyValue as text. Returns 0, 1 for an unknown shape, -1 OOM. */
static int put_any(rg_buf *b, const json_t *v, int depth)
{
    if (!json_is_object(v))
        return 1;
    const json_t *x;
    if ((x = json_object_get(v, "stringValue")) && json_is_string(x))
        return rg_buf_append(b, json_string_value(x), json_string_length(x));
    if ((x = json_object_get(v, "kvlistValue"))) {
        const json_t *vals = json_object_get(x, "values");
        if (depth > 0 && rg_buf_putc(b, '{') != 0)
            return -1;
        size_t i;
        const json_t *kv;
        json_array_foreach(vals, i, kv)
        {
            const char *k = rg_json_str(kv, "key");
            if ((i > 0 && rg_buf_putc(b, ' ') != 0) || rg_buf_puts(b, k ? k : "") != 0 ||
                rg_buf_putc(b, '=') != 0)
                return -1;
            if (depth > 32 || put_any(b, json_object_get(kv, "value"), depth + 1) < 0)
                return -1;
        }
        return depth > 0 ? rg_buf_putc(b, '}') : 0;
    }
    const char *keys[] = {"intValue", "doubleValue", "boolValue", "bytesValue", "arrayValue"};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        if (!(x = json_object_get(v, keys[k])))
            continue;
        if (json_is_string(x))
            return rg_buf_append(b, json_string_value(x), json_string_length(x));
        char *js = json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY);
        int rc = js ? rg_buf_puts(b, js) : -1;
        free(js);
        return rc;
    }
    return json_object_size(v) == 0 ? 0 : 1;
}

/* A record's identity in o->id: its service.name and its JSON with keys
 * sorted. 0, -1 when out of memory. */
static int ident(octx *o, const json_t *r, const char *service)
{
    char *js = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    if (!js)
        return -1;
    rg_buf_reset(&o->id);
    int rc = rg_buf_puts(&o->id, service ? service : "") || rg_buf_putc(&o->id, '\x1f') ||
             rg_buf_puts(&o->id, js);
    free(js);
    return rc ? -1 : 0;
}

static int record(octx *o, const json_t *r, size_t off, const char *service, const char *host,
                  const char *scope)
{
    if (!json_is_object(r)) {
        warn_at(o, off, "bad-record", "a logRecords element is not an object; skipped");
        return 0;
    }
    int64_t at = 0;
    const json_t *tv = json_object_get(r, "timeUnixNano");
    int t = read_ns(tv, &at);
    if (t == 0) {
        tv = json_object_get(r, "observedTimeUnixNano");
        t = read_ns(tv, &at);
    }
    if (t == 0) {
        warn_at(o, off, "no-time",
                "log record has no timeUnixNano or observedTimeUnixNano; skipped");
        return 0;
    }
    if (t < 0) {
        warn_at(o, off, "bad-time",
                "log record time is not nanoseconds since 1970 (a string of digits); skipped");
        return 0;
    }
    at += o->src->offset_us;
    if (!rg_sink_keep(o->sink, at))
        return 0;
    /* README, "Evidence of any size": the body and level first, so the core
     * folds most records before anything is allocated for them. */
    long line = o->line, col = 0;
    if (!line) {
        rg_locate_line(&o->loc, off, &line);
        rg_jsondocs_fix(&o->docs, &line, &col);
    }
    rg_buf_reset(&o->text);
    int rc = put_any(&o->text, json_object_get(r, "body"), 0);
    if (rc < 0)
        return oom(o);
    const json_t *sn = json_object_get(r, "severityNumber");
    const char *stext = rg_json_str(r, "severityText");
    long long number = json_is_integer(sn)  ? (long long)json_integer_value(sn)
                       : json_is_string(sn) ? atoll(json_string_value(sn))
                                            : 0;
    const char *type = rg_level_otel_type(number);
    if (!type && stext && *stext)
        type = rg_level_name_type(stext, strlen(stext));
    const char *body = o->text.data ? o->text.data : "";
    if (!type)
        type = rg_level_word_type(body, o->text.len);
    if (!type)
        type = "log.info";
    const char *actor = service ? service : host;
    rg_foldable fo = {at,   type, body, o->text.len, actor, actor ? strlen(actor) : 0, 0, line,
                      NULL, 0,    0,    0,           0};
    int have_id = 0;
    if (rg_sink_wants_ident(o->sink, at)) { /* only where files overlap */
        if (ident(o, r, service) != 0)
            return oom(o);
        have_id = 1;
        fo.raw = o->id.data;
        fo.raw_len = o->id.len;
    }
    int keep = rg_sink_fold(o->sink, &fo);
    if (keep <= 0)
        return keep;
    /* From here on the record is kept: allocating is fine. */
    rg_event *ev = rg_event_new(o->a);
    if (!ev)
        return oom(o);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = o->source;
    ev->origin = rg_origin(o->a, o->src->path, line);
    char num[32] = "";
    if (json_is_integer(tv))
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(tv));
    ev->time_text = rg_arena_strdup(o->a, json_is_string(tv) ? json_string_value(tv) : num);
    if (actor && !(ev->actor = rg_arena_strdup(o->a, actor)))
        return oom(o);
    if (!ev->origin || !ev->time_text)
        return oom(o);
    if (rc > 0)
        warn_at(o, off, "bad-body", "log record body is of an unknown shape; its text is empty");
    size_t bad = 0;
    ev->text = rg_utf8_clean(o->a, o->text.data ? o->text.data : "", o->text.len, &bad);
    if (!ev->text)
        return oom(o);
    size_t tl = strlen(ev->text), removed = 0;
    tl = rg_ansi_strip((char *)ev->text, tl, &removed);
    ((char *)ev->text)[tl] = '\0';
    if (removed)
        warn_at(o, off, "ansi", "ANSI terminal escapes (colour codes) removed from the text");
    /* the level word is read on the cleaned text, as before */
    ev->type = rg_level_otel_type(number);
    if (!ev->type && stext && *stext)
        ev->type = rg_level_name_type(stext, strlen(stext));
    if (!ev->type)
        ev->type = rg_level_word_type(ev->text, tl);
    if (!ev->type)
        ev->type = "log.info";
    char lvl[24];
    snprintf(lvl, sizeof(lvl), "%lld", number);
    const char *level = stext && *stext ? stext : number ? lvl : NULL;
    const char *trace = rg_json_str(r, "traceId");
    if ((level && rg_event_attr(o->a, ev, "level", level) != 0) ||
        (service && rg_event_attr(o->a, ev, "service", service) != 0) ||
        (scope && *scope && rg_event_attr(o->a, ev, "scope", scope) != 0) ||
        (trace && *trace && rg_event_attr(o->a, ev, "trace_id", trace) != 0))
        return oom(o);
    if (!have_id && ident(o, r, service) != 0)
        return oom(o);
    rg_event_line_identity(ev, o->id.data, o->id.len);
    return o->sink->emit(o->sink, ev) == 0 ? 0 : oom(o);
}

/* The element i of o, or RG_JSON_NONE. */
static size_t nth(const rg_json_offsets *o, size_t i)
{
    return i < o->n ? o->off[i] : RG_JSON_NONE;
}

/* An export request: a line (o->line), or a document at docs.text[off]. */
static int export_request(octx *o, const json_t *root, size_t off)
{
    const json_t *rl = json_is_object(root) ? json_object_get(root, "resourceLogs") : NULL;
    if (!json_is_array(rl)) {
        if (o->line) {
            rg_diag_warn(o->sink->diag, o->src->path, o->line, 1, "bad-payload",
                         "expected an OTLP logs export ({\"resourceLogs\": [...]}); skipped");
            return 0;
        }
        return rg_jsondocs_shape(
            &o->docs, off, "expected an OTLP logs export ({\"resourceLogs\": [...]}), got %s",
            json_is_object(root) ? "an object without \"resourceLogs\"" : rg_json_type_name(root));
    }
    o->n_docs++;
    /* Each record located along the tree's own path (rg_json_offsets_path):
     * an older name beside the newer, or a name written twice, leaves arrays
     * out that a scan of every "logRecords" would count. */
    rg_json_offsets res_at = {0}, sc_at = {0}, rec_at = {0};
    const char *t = o->docs.text;
    size_t len = o->docs.len, i, j, k;
    if (!o->line)
        rg_json_offsets_path(&res_at, t, off, len, "resourceLogs");
    const json_t *res, *sl, *r;
    int rc = 0;
    json_array_foreach(rl, i, res)
    {
        const json_t *attrs = json_object_get(json_object_get(res, "resource"), "attributes");
        const char *service = attr_value(attrs, "service.name");
        const char *host = attr_value(attrs, "host.name");
        const char *name = "scopeLogs";
        const json_t *scopes = json_object_get(res, name);
        if (!scopes)
            scopes = json_object_get(res, name = "instrumentationLibraryLogs"); /* before 0.15 */
        if (!o->line)
            rg_json_offsets_path(&sc_at, t, nth(&res_at, i), len, name);
        json_array_foreach(scopes, j, sl)
        {
            const json_t *sc = json_object_get(sl, "scope");
            if (!sc)
                sc = json_object_get(sl, "instrumentationLibrary");
            const char *scope = rg_json_str(sc, "name");
            if (!o->line)
                rg_json_offsets_path(&rec_at, t, nth(&sc_at, j), len, "logRecords");
            json_array_foreach(json_object_get(sl, "logRecords"), k, r)
            {
                size_t at = nth(&rec_at, k);
                if ((rc = record(o, r, o->line || at == RG_JSON_NONE ? off : at, service, host,
                                 scope)) != 0)
                    goto out;
            }
        }
    }
out:
    rg_json_offsets_free(&res_at);
    rg_json_offsets_free(&sc_at);
    rg_json_offsets_free(&rec_at);
    return rc;
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    octx *o = ctx;
    (void)end;
    rg_jsondocs_follow(&o->docs, &o->loc);
    return export_request(o, root, off);
}

/* A record of a large document, streamed: env its scope's other members,
 * d->outer[0] its resource's. A scope or resource that is no object, or a
 * scope without "logRecords" (env NULL), has no record: the whole read
 * finds none in it either. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *r, size_t off,
                   size_t end)
{
    octx *o = ctx;
    (void)key;
    (void)end;
    if (!env)
        return 0;
    rg_jsondocs_follow(&o->docs, &o->loc);
    const json_t *attrs =
        json_object_get(json_object_get(o->docs.outer[0], "resource"), "attributes");
    const json_t *sc = json_object_get(env, "scope");
    if (!sc)
        sc = json_object_get(env, "instrumentationLibrary");
    return record(o, r, off, attr_value(attrs, "service.name"), attr_value(attrs, "host.name"),
                  rg_json_str(sc, "name"));
}

/* The newer name first: a resource with both is read from it alone, as
 * export_request reads a whole one. */
static const char *const stream_keys[] = {
    "resourceLogs[].scopeLogs|instrumentationLibraryLogs[].logRecords", NULL};

/* A line of the file exporter parsed: the export request, or NULL with err
 * set (*oom when memory ran out, which err does not tell apart). */
static json_t *load_line(const char *s, size_t n, json_error_t *err, int *oom)
{
    unsigned long failures = rg_alloc_failures();
    json_t *root = rg_json_loadb(s, n, 0, err);
    *oom = !root && rg_alloc_failures() != failures;
    return root;
}

/* Line `line`'s export request read (root, taken), or warning "bad-json"
 * with err when it did not parse. Returns 0 or -1. */
static int line_request(octx *o, json_t *root, const json_error_t *err, long line)
{
    int rc = 0;
    o->line = line;
    if (root)
        rc = export_request(o, root, 0);
    else
        rg_diag_warn(o->sink->diag, o->src->path, line, err->column > 0 ? err->column : 0,
                     "bad-json", "invalid JSON: %s", err->text);
    json_decref(root);
    return rc;
}

/* The collector's file exporter: one export request per line. Returns 0, -1,
 * or 1 when the first line is not a whole document (read it whole instead). */
static int read_lines(octx *o)
{
    rg_linereader r;
    if (rg_linereader_open(&r, o->src->path, o->sink) != 0)
        return -1;
    /* The collector's batches of thousands of records make lines of
     * megabytes: each read whole (memory: the longest line). */
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
    int rc = 0, first = 1;
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1) {
        if (rg_is_blank(line, len))
            continue;
        o->line = r.line;
        /* A first line over 1 MiB is no export per line but one document on
         * one line, which the document reader streams: not parsed here. */
        if (first && len > RG_LINE_MAX_LEN) {
            rc = 1;
            break;
        }
        json_error_t err;
        int no_memory = 0;
        json_t *root = cut ? NULL : load_line(line, len, &err, &no_memory);
        if (no_memory) {
            rc = oom(o);
            break;
        }
        if (first) {
            first = 0;
            if (!json_is_object(root)) {
                json_decref(root);
                rc = 1;
                break;
            }
        }
        if (cut) {
            rg_diag_warn(o->sink->diag, o->src->path, r.line, 0, "bad-json",
                         "line longer than %zu bytes; skipped", RG_RECORD_MAX_LEN);
            continue;
        }
        if ((rc = line_request(o, root, &err, r.line)) != 0)
            break;
    }
    if (got < 0)
        rc = -1;
    if (rc == 0)
        rg_linereader_finish(&r);
    rg_linereader_close(&r);
    o->line = 0;
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    octx o;
    memset(&o, 0, sizeof(o));
    o.src = src;
    o.sink = sink;
    o.a = sink->arena;
    o.source = rg_arena_strdup(o.a, src->name ? src->name : src->path);
    if (!o.source)
        return oom(&o);
    int rc = read_lines(&o);
    if (rc == 1) {
        /* One (pretty-printed) document, or several. ops.late: a scope's
         * name may come after its records (keys sorted, as jq -S writes). */
        const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 1, NULL};
        rc = rg_jsondocs_stream(&o.docs, src->path, sink->diag, &ops, &o);
    }
    rg_buf_free(&o.text);
    rg_buf_free(&o.id);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    if (rg_text_has(head, head_len, "\"resourceLogs\""))
        return 95;
    return 0;
}

const rg_importer rg_importer_otlp = {
    .name = "otlp",
    .kind = RG_KIND_LOG,
    .summary = "OpenTelemetry logs in OTLP JSON: one export, or one per line (file exporter)",
    .recognises = "JSON with \"resourceLogs\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
