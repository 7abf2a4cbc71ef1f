/* elasticsearch.c -- Elasticsearch and OpenSearch exports as log events, cut
 * to the incident window while they are read (README, "Evidence from a log
 * store").
 *
 * What it reads:
 * - `_search` responses {"hits": {"hits": [{"_index", "_id", "_source":
 *   {...}, "sort"}]}}, one or several one after another (pages of a
 *   search_after or scroll loop appended to one file), each read alone; a
 *   response over 1 MiB hit by hit (importers/jsonstream.h: memory follows
 *   the largest hit, not the response; read whole, a 100 MiB response took
 *   927 MiB).
 * - Hits one per line (elasticdump's output, `jq -c '.hits.hits[]'`),
 *   streamed line by line: a line's "@timestamp" is found without parsing
 *   the line, and a line outside the window is dropped before anything is
 *   allocated for it. A hit is read whole up to 64 MiB on its line
 *   (RG_RECORD_MAX_LEN; a longer one is skipped with warning "bad-json"),
 *   but a first line over 1 MiB is taken for a response on one line.
 * - OpenSearch writes the same shapes.
 *
 * What it decides:
 * - Time: the _source's "@timestamp" (ECS), else "timestamp", else "time":
 *   text as rg_time_parse reads it (a time without a zone is read in the
 *   source's zone and says so), or epoch digits (unit by size). A hit without
 *   one is warning "no-time"; an unreadable one, "bad-time".
 * - Level, text and actor come from the _source through the JSON-lines field
 *   table (importers/logline.h), which holds the ECS names: "log.level"
 *   (dotted or nested), "message", "host.name" then "service.name" for the
 *   actor. attrs: "level", "service", "index" (the hit's _index).
 * - Identity: _index and _id, so the same document read from two exports
 *   folds; a hit without _id is identified by its raw line (or its JSON).
 * - A hit that is not an object or has no "_source" object is warning
 *   "bad-record"; a line that is not JSON, "bad-json"; each is skipped.
 *   {"error": ...} is an error quoting Elasticsearch's reason. An empty
 *   result is no events. */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsondocs.h"
#include "jsonstream.h"
#include "jsontree.h"
#include "jsonutil.h"
#include "linereader.h"
#include "logline.h"

typedef struct es {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_jsondocs docs;
    rg_locator loc;
    rg_json_offsets hits; /* elements of arrays named "hits" */
    rg_linejoin join;
    rg_logpeek peek; /* the fold hook's scratch */
    rg_buf id;
    long line; /* reading hits one per line: the line being read */
} es;

static int oom(es *e)
{
    return rg_diag_error(e->sink->diag, e->src->path, e->line, 0, "out of memory");
}

/* A warning at a hit: its line when read line by line, else located. */
static void warn_at(es *e, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(es *e, size_t off, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line = e->line, col = 0;
    if (!line) {
        rg_locate(&e->loc, off, &line, &col);
        rg_jsondocs_fix(&e->docs, &line, &col); /* a streamed hit's text starts at line0 */
    }
    rg_diag_warn(e->sink->diag, e->src->path, line, col, key, "%s", msg);
}

static const char *const time_keys[] = {"@timestamp", "timestamp", "time"};

/* Reads a time value. 1 and *at (offset applied), 0 when v is NULL, -1 when
 * unreadable. */
static int read_time(es *e, const json_t *v, int64_t *at, int *flags, char *text, size_t cap)
{
    *flags = 0;
    if (!v)
        return 0;
    rg_time_ctx ctx = {e->src->zone, e->src->ref_us};
    if (json_is_string(v)) {
        snprintf(text, cap, "%s", json_string_value(v));
        if (rg_time_parse(json_string_value(v), json_string_length(v), &ctx, at, flags) != 0)
            return -1;
    } else if (json_is_integer(v)) {
        snprintf(text, cap, "%lld", (long long)json_integer_value(v));
        if (rg_time_epoch_int((int64_t)json_integer_value(v), 0, at) != 0)
            return -1;
    } else {
        snprintf(text, cap, "%s", rg_json_type_name(v));
        return -1;
    }
    *at += e->src->offset_us;
    return 1;
}

/* A hit's identity in e->id: _index and _id, else its line as written, else
 * its JSON with keys sorted (*is_line 1 for those two). 0, -1 when out of
 * memory. */
static int ident(es *e, const json_t *o, const char *raw, size_t n, int *is_line)
{
    const char *index = rg_json_str(o, "_index"), *id = rg_json_str(o, "_id");
    rg_buf_reset(&e->id);
    *is_line = !(id && *id);
    if (id && *id)
        return rg_buf_puts(&e->id, index ? index : "") || rg_buf_putc(&e->id, '\x1f') ||
                       rg_buf_puts(&e->id, id)
                   ? -1
                   : 0;
    if (raw)
        return rg_buf_append(&e->id, raw, n) ? -1 : 0;
    char *js = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    int rc = js ? rg_buf_puts(&e->id, js) : -1;
    free(js);
    return rc ? -1 : 0;
}

/* One hit (o borrowed) at text offset off, or on line e->line (raw[0..n)
 * then). Returns 0 (kept, skipped or warned) or -1. */
static int hit(es *e, const json_t *o, size_t off, const char *raw, size_t n)
{
    const json_t *src = json_is_object(o) ? json_object_get(o, "_source") : NULL;
    if (!json_is_object(src)) {
        warn_at(e, off, "bad-record", "%s; skipped",
                json_is_object(o) ? "hit has no \"_source\" object"
                                  : "a hits element is not an object");
        return 0;
    }
    const json_t *tv = NULL;
    const char *key = NULL;
    for (size_t i = 0; i < sizeof(time_keys) / sizeof(time_keys[0]) && !tv; i++)
        if ((tv = json_object_get(src, time_keys[i])))
            key = time_keys[i];
    int64_t at;
    int flags;
    char tt[128];
    int t = read_time(e, tv, &at, &flags, tt, sizeof(tt));
    if (t == 0) {
        warn_at(e, off, "no-time",
                "hit's _source has no \"@timestamp\", \"timestamp\" or \"time\"; skipped");
        return 0;
    }
    if (t < 0) {
        warn_at(e, off, "bad-time", "cannot read '%.40s' in \"%s\" as a time; hit skipped", tt,
                key);
        return 0;
    }
    if (!rg_sink_keep(e->sink, at))
        return 0;
    long line = e->line, col = 0;
    if (!line) {
        rg_locate_line(&e->loc, off, &line);
        rg_jsondocs_fix(&e->docs, &line, &col);
    }
    /* README, "Evidence of any size": most hits are folded by the core
     * before anything is allocated for them. */
    int have_id = 0, is_line = 0;
    if (rg_sink_wants_ident(e->sink, at)) { /* only where files overlap */
        have_id = 1;
        if (ident(e, o, raw, n, &is_line) != 0)
            return oom(e);
        e->peek.raw = e->id.data ? e->id.data : "";
        e->peek.raw_len = e->id.len;
    }
    int keep = rg_logpeek_fold(&e->peek, e->sink, NULL, 0, src, 0, at, line);
    if (keep <= 0)
        return keep;
    rg_event *ev = rg_event_new(e->a);
    if (!ev)
        return oom(e);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = e->source;
    ev->human = 0;
    ev->origin = rg_origin(e->a, e->src->path, line);
    ev->time_text = rg_time_text(e->a, tt, strlen(tt), e->src, flags);
    if (!ev->origin || !ev->time_text)
        return oom(e);
    e->join.ev_line = line;
    if (rg_logline_json(e->a, src, NULL, 0, ev, &e->join.text) != 0 ||
        !(ev->text = rg_linejoin_take(&e->join)))
        return oom(e);
    const char *index = rg_json_str(o, "_index");
    if (index && rg_event_attr(e->a, ev, "index", index) != 0)
        return oom(e);
    if (!have_id && ident(e, o, raw, n, &is_line) != 0)
        return oom(e);
    if (is_line)
        rg_event_line_identity(ev, e->id.data ? e->id.data : "", e->id.len);
    else
        rg_event_identity(ev, e->id.data, e->id.len);
    return e->sink->emit(e->sink, ev) == 0 ? 0 : oom(e);
}

#define NOT_A_RESPONSE                                                                             \
    "expected an Elasticsearch _search response ({\"hits\": {\"hits\": [...]}}) or hits one per "  \
    "line, got %s"

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    es *e = ctx;
    rg_jsondocs_follow(&e->docs, &e->loc);
    const char *text = e->docs.text;
    /* the hits of "hits.hits" alone: a hit's inner_hits hold arrays of that
     * name too */
    rg_json_offsets_path(&e->hits, text, off, end, "hits.hits");
    int rc = 0;
    const json_t *err = json_is_object(root) ? json_object_get(root, "error") : NULL;
    const json_t *outer = json_is_object(root) ? json_object_get(root, "hits") : NULL;
    const json_t *hits = json_is_object(outer) ? json_object_get(outer, "hits") : NULL;
    if (err) {
        const char *type = rg_json_str(err, "type"), *reason = rg_json_str(err, "reason");
        char what[400];
        snprintf(what, sizeof(what), "%s%s%s", type ? type : "", type && reason ? ": " : "",
                 reason                ? reason
                 : json_is_string(err) ? json_string_value(err)
                                       : "");
        rc = rg_jsondocs_shape(&e->docs, off, "the export is Elasticsearch's error response: %s",
                               what);
    } else if (json_is_array(hits)) {
        size_t i;
        const json_t *h;
        json_array_foreach(hits, i, h)
        {
            if ((rc = hit(e, h, rg_json_offsets_take(&e->hits, off), NULL, 0)) != 0)
                break;
        }
    } else if (json_is_object(root) && json_object_get(root, "_source")) {
        rc = hit(e, root, off, NULL, 0); /* a single hit, pretty-printed */
    } else {
        rc = rg_jsondocs_shape(&e->docs, off, NOT_A_RESPONSE,
                               json_is_object(root) ? "an object without \"hits\""
                                                    : rg_json_type_name(root));
    }
    rg_json_offsets_free(&e->hits);
    return rc;
}

/* One hit of a large response read hit by hit (jsonstream.h), key
 * "hits.hits"; a large top-level array is no response, as read whole. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *h, size_t off,
                   size_t end)
{
    es *e = ctx;
    (void)env;
    (void)end;
    if (!key)
        return rg_jsondocs_top_error(&e->docs, NOT_A_RESPONSE, "an array");
    rg_jsondocs_follow(&e->docs, &e->loc);
    return hit(e, h, off, NULL, 0);
}

static const char *const stream_keys[] = {"hits.hits", NULL};

/* The value text of the first `"@timestamp":` member on a line: found
 * without parsing, so a line outside the window costs no allocation. */
static int quick_time(const char *s, size_t n, const char **v, size_t *vn, int *quoted)
{
    const char *k = rg_text_find(s, n, "\"@timestamp\"");
    if (!k)
        return 0;
    size_t p = rg_json_skip_space(s, n, (size_t)(k - s) + 12);
    if (p >= n || s[p] != ':')
        return 0;
    p = rg_json_skip_space(s, n, p + 1);
    if (p < n && s[p] == '"') {
        size_t q = p + 1;
        while (q < n && s[q] != '"' && s[q] != '\\')
            q++;
        if (q >= n || s[q] != '"')
            return 0;
        *v = s + p + 1;
        *vn = q - p - 1;
        *quoted = 1;
        return 1;
    }
    size_t q = p;
    while (q < n && s[q] >= '0' && s[q] <= '9')
        q++;
    if (q == p)
        return 0;
    *v = s + p;
    *vn = q - p;
    *quoted = 0;
    return 1;
}

/* Hits one per line. Returns 0, -1, or 1 when the first line is not a hit
 * (the file is read as documents instead). */
static int read_lines(es *e)
{
    rg_linereader r;
    if (rg_linereader_open(&r, e->src->path, e->sink) != 0)
        return -1;
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
    int rc = 0, first = 1, got, cut;
    const char *line;
    size_t len;
    rg_time_ctx ctx = {e->src->zone, e->src->ref_us};
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1) {
        if (rg_is_blank(line, len))
            continue;
        e->line = r.line;
        /* A first line over 1 MiB is no line of records but a document on
         * one line (curl's output), which the document reader streams: it
         * is not parsed here whole. */
        if (first && len > RG_LINE_MAX_LEN)
            cut = 1;
        const char *v;
        size_t vn;
        int quoted, flags = 0;
        int64_t at;
        if (!first && !cut && quick_time(line, len, &v, &vn, &quoted) &&
            (quoted ? rg_time_parse(v, vn, &ctx, &at, &flags) == 0
                    : rg_time_epoch_text(v, vn, 0, &at) == vn) &&
            !rg_sink_keep(e->sink, at + e->src->offset_us))
            continue;
        json_error_t err;
        json_t *o = cut ? NULL : rg_json_loadb(line, len, JSON_ALLOW_NUL, &err);
        if (first) {
            first = 0;
            if (!json_is_object(o) || !json_object_get(o, "_source")) {
                json_decref(o);
                rc = 1;
                break;
            }
        }
        if (!o) {
            if (cut)
                rg_diag_warn(e->sink->diag, e->src->path, r.line, 0, "bad-json",
                             "line longer than %zu bytes; skipped", RG_RECORD_MAX_LEN);
            else
                rg_diag_warn(e->sink->diag, e->src->path, r.line, err.column > 0 ? err.column : 0,
                             "bad-json", "invalid JSON: %s", err.text);
            continue;
        }
        rc = hit(e, o, 0, line, len);
        json_decref(o);
        if (rc != 0)
            break;
    }
    if (got < 0)
        rc = -1;
    if (rc == 0)
        rg_linereader_finish(&r);
    rg_linereader_close(&r);
    e->line = 0;
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    es e;
    memset(&e, 0, sizeof(e));
    e.src = src;
    e.sink = sink;
    e.a = sink->arena;
    e.source = rg_arena_strdup(e.a, src->name ? src->name : src->path);
    if (!e.source)
        return oom(&e);
    rg_linejoin_init(&e.join, src->path, sink);
    int rc = read_lines(&e);
    if (rc == 1) {
        const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
        rc = rg_jsondocs_stream(&e.docs, src->path, sink->diag, &ops, &e);
    }
    rg_linejoin_free(&e.join);
    rg_logpeek_free(&e.peek);
    rg_buf_free(&e.id);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    if (rg_text_has(head, head_len, "\"_source\"") &&
        (rg_text_has(head, head_len, "\"_index\"") || rg_text_has(head, head_len, "\"_id\"")))
        return 95;
    if (rg_text_has(head, head_len, "\"hits\"") && rg_text_has(head, head_len, "\"_shards\""))
        return 80; /* a search that found nothing */
    return 0;
}

const rg_importer rg_importer_elasticsearch = {
    .name = "elasticsearch",
    .kind = RG_KIND_LOG,
    .summary = "Elasticsearch / OpenSearch _search responses and hits one per line (elasticdump)",
    .recognises = "JSON with \"_source\" and \"_index\" or \"_id\", or \"hits\" and \"_shards\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
