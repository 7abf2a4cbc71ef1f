/* cloudwatch_logs.c -- Amazon CloudWatch Logs exports as log events, cut to
 * the incident window while they are read (README, "Evidence from a log
 * store").
 *
 * What it reads:
 * - `aws logs filter-log-events` and `aws logs get-log-events` JSON:
 *   {"events": [{"logStreamName", "timestamp" (epoch ms), "message",
 *   "ingestionTime", "eventId"}], "nextToken" | "nextForwardToken"}.
 * - Logs Insights results (`aws logs get-query-results`): {"results":
 *   [[{"field": "@timestamp", "value": "2024-05-19 06:10:35.743"},
 *   {"field": "@message", ...}, {"field": "@logStream", ...}, {"field":
 *   "@ptr", ...}]], "status"}.
 * - Several responses one after another (a paging loop appending pages).
 *
 * What it decides:
 * - Time: "timestamp" in epoch milliseconds, read as an integer; Insights'
 *   "@timestamp" is UTC as CloudWatch writes it (it has no zone), so it is
 *   read in UTC whatever the manifest's zone, and its time_text says "(UTC
 *   assumed)".
 * - The message is read as a log line (importers/logline.h: JSON, logfmt or
 *   text) for its level, text and own actor; a trailing newline is dropped.
 *   The log stream ("logStreamName", "@logStream": the instance, task or
 *   function that wrote it) is the actor when the export names it. attrs:
 *   "level", "service" (from the message), "log_stream", "log_group"
 *   (Insights' "@log").
 * - Identity: "eventId"; for Insights "@ptr"; else the stream, timestamp,
 *   ingestion time and message joined (get-log-events omits eventId, and one
 *   millisecond may hold two events with the same text, told apart by when
 *   CloudWatch took them in).
 * - An event without a readable time is warning "no-time" or "bad-time"; an
 *   element that is not an event is warning "bad-record"; each is skipped, so
 *   events read = kept + warned + outside the window. "nextToken" (not
 *   "nextForwardToken", which get-log-events always writes) is warning
 *   "more-data": the export holds one page of more. Insights "status" other
 *   than "Complete" is warning "partial-data".
 * - A response over 1 MiB is read record by record (jsonstream.h): each
 *   element of "events" or "results" is handed to jansson alone, so memory
 *   follows the largest record, not the file; the warnings are the same, and
 *   "nextToken" and "status" are read when the array has ended.
 * - A response with both "events" and "results" has the first in the file
 *   read and the other warned about ("two-arrays"), at any size. */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"
#include "linereader.h"
#include "logline.h"

typedef struct cwl {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_jsondocs docs;
    rg_locator loc;
    rg_json_offsets events;  /* elements of arrays named "events" */
    rg_json_offsets results; /* elements of arrays named "results" */
    rg_linejoin join;        /* the text being built (UTF-8 repair, ANSI removal) */
    rg_logpeek peek;         /* the fold hook's scratch */
    rg_buf id;
} cwl;

static int oom(cwl *c)
{
    return rg_diag_error(c->sink->diag, c->src->path, 0, 0, "out of memory");
}

static void warn_at(cwl *c, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(cwl *c, size_t off, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_locate(&c->loc, off, &line, &col);
    rg_jsondocs_fix(&c->docs, &line, &col); /* a streamed record: its place in the file */
    rg_diag_warn(c->sink->diag, c->src->path, line, col, key, "%s", msg);
}

/* A warning at the value of a member of the streamed response's object. */
static void warn_member(cwl *c, const char *member, const char *key, const char *msg)
{
    long line = 0, col = 0;
    rg_jsondocs_member_at(&c->docs, member, &line, &col);
    rg_diag_warn(c->sink->diag, c->src->path, line, col, key, "%s", msg);
}

/* Builds and emits one kept event. msg may be NULL (no message). */
static int emit(cwl *c, size_t off, int64_t at, const char *time_text, int flags, const char *msg,
                size_t msg_len, const char *stream, const char *group)
{
    long line;
    rg_locate_line(&c->loc, off, &line);
    if (c->docs.line0 > 0) /* a streamed record: its text alone */
        line += c->docs.line0 - 1;
    while (msg_len && (msg[msg_len - 1] == '\n' || msg[msg_len - 1] == '\r'))
        msg_len--;
    const char *s = msg ? rg_linejoin_clean(&c->join, msg, &msg_len, line) : "";
    if (!s)
        return oom(c);
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    c->peek.raw = c->id.data ? c->id.data : ""; /* built by the caller (id_of) */
    c->peek.raw_len = c->id.len;
    int keep = rg_logpeek_fold(&c->peek, c->sink, s, msg ? msg_len : 0, NULL, 0, at, line);
    if (keep <= 0)
        return keep;
    rg_event *ev = rg_event_new(c->a);
    if (!ev)
        return oom(c);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = c->source;
    ev->human = 0;
    ev->origin = rg_origin(c->a, c->src->path, line);
    rg_source utc = *c->src;
    utc.zone = rg_tz_utc();
    ev->time_text = rg_time_text(c->a, time_text, strlen(time_text), &utc, flags);
    if (!ev->origin || !ev->time_text)
        return oom(c);
    c->join.ev_line = line;
    if (rg_logline_read(c->a, s, msg ? msg_len : 0, ev, &c->join.text) < 0 ||
        !(ev->text = rg_linejoin_take(&c->join)))
        return oom(c);
    if (stream && *stream && !(ev->actor = rg_arena_strdup(c->a, stream)))
        return oom(c);
    if ((stream && *stream && rg_event_attr(c->a, ev, "log_stream", stream) != 0) ||
        (group && *group && rg_event_attr(c->a, ev, "log_group", group) != 0))
        return oom(c);
    rg_event_identity(ev, c->id.data ? c->id.data : "", c->id.len);
    return c->sink->emit(c->sink, ev) == 0 ? 0 : oom(c);
}

/* The identity of a record without an id of its own: its fields joined. */
static int id_of(cwl *c, const char *const *parts, size_t n)
{
    rg_buf_reset(&c->id);
    for (size_t i = 0; i < n; i++)
        if ((i && rg_buf_putc(&c->id, '\x1f') != 0) ||
            rg_buf_puts(&c->id, parts[i] ? parts[i] : "") != 0)
            return -1;
    return 0;
}

/* One element of "events" at text[off]. */
static int event(cwl *c, const json_t *e, size_t off)
{
    if (!json_is_object(e)) {
        warn_at(c, off, "bad-record", "an events element is %s, expected an object; skipped",
                rg_json_type_name(e));
        return 0;
    }
    const json_t *ts = json_object_get(e, "timestamp");
    if (!ts) {
        warn_at(c, off, "no-time", "event has no \"timestamp\"; skipped");
        return 0;
    }
    int64_t at;
    if (!json_is_integer(ts) ||
        rg_time_epoch_int((int64_t)json_integer_value(ts), 1000, &at) != 0) {
        warn_at(c, off, "bad-time",
                "event's \"timestamp\" is not epoch milliseconds (an integer); skipped");
        return 0;
    }
    at += c->src->offset_us;
    if (!rg_sink_keep(c->sink, at))
        return 0;
    char tt[32], it[32] = "";
    snprintf(tt, sizeof(tt), "%lld", (long long)json_integer_value(ts));
    const json_t *ing = json_object_get(e, "ingestionTime");
    if (json_is_integer(ing))
        snprintf(it, sizeof(it), "%lld", (long long)json_integer_value(ing));
    const char *stream = rg_json_str(e, "logStreamName");
    const char *id = rg_json_str(e, "eventId");
    const json_t *m = json_object_get(e, "message");
    const char *msg = json_is_string(m) ? json_string_value(m) : NULL;
    const char *own[] = {id}, *parts[] = {stream, tt, it, msg};
    if (id && *id ? id_of(c, own, 1) : id_of(c, parts, 4))
        return oom(c);
    return emit(c, off, at, tt, 0, msg, msg ? json_string_length(m) : 0, stream, NULL);
}

/* The value of field `name` in an Insights result row, or NULL. */
static const json_t *field(const json_t *row, const char *name)
{
    size_t i;
    const json_t *f;
    json_array_foreach(row, i, f)
    {
        const char *k = rg_json_str(f, "field");
        if (k && strcmp(k, name) == 0)
            return json_object_get(f, "value");
    }
    return NULL;
}

/* One row of Insights "results" at text[off]. */
static int result(cwl *c, const json_t *row, size_t off)
{
    if (!json_is_array(row)) {
        warn_at(c, off, "bad-record", "a results row is %s, expected an array of fields; skipped",
                rg_json_type_name(row));
        return 0;
    }
    const json_t *ts = field(row, "@timestamp");
    if (!json_is_string(ts)) {
        warn_at(c, off, ts ? "bad-time" : "no-time",
                "result row has no \"@timestamp\" text; skipped");
        return 0;
    }
    int64_t at;
    int flags = 0;
    rg_time_ctx ctx = {rg_tz_utc(), c->src->ref_us};
    const char *tt = json_string_value(ts);
    if (rg_time_parse(tt, json_string_length(ts), &ctx, &at, &flags) != 0) {
        warn_at(c, off, "bad-time", "cannot read '%.40s' as a time; row skipped", tt);
        return 0;
    }
    at += c->src->offset_us;
    if (!rg_sink_keep(c->sink, at))
        return 0;
    const json_t *m = field(row, "@message");
    const char *msg = json_is_string(m) ? json_string_value(m) : NULL;
    const json_t *sv = field(row, "@logStream"), *gv = field(row, "@log"), *pv = field(row, "@ptr");
    const char *stream = json_is_string(sv) ? json_string_value(sv) : NULL;
    const char *group = json_is_string(gv) ? json_string_value(gv) : NULL;
    const char *ptr = json_is_string(pv) ? json_string_value(pv) : NULL;
    const char *own[] = {ptr}, *parts[] = {stream, tt, "", msg};
    if (ptr && *ptr ? id_of(c, own, 1) : id_of(c, parts, 4))
        return oom(c);
    return emit(c, off, at, tt, flags, msg, msg ? json_string_length(m) : 0, stream, group);
}

#define MORE_DATA                                                                                  \
    "the response has a \"nextToken\": CloudWatch has more events than this export holds"
#define NOT_A_RESPONSE                                                                             \
    "expected CloudWatch Logs events ({\"events\": [...]}) or Logs Insights results "              \
    "({\"results\": [[...]]}), got %s"
#define PARTIAL_DATA "the Logs Insights query has status '%s', not Complete: rows may be missing"

static int has_next_token(const json_t *root)
{
    const json_t *next = json_object_get(root, "nextToken");
    return json_is_string(next) && json_string_length(next) > 0;
}

/* Insights "status" when it is not "Complete", else NULL. */
static const char *partial_status(const json_t *root)
{
    const char *status = rg_json_str(root, "status");
    return status && strcmp(status, "Complete") != 0 ? status : NULL;
}

/* The arrays of a response: an object with both has the first in the file
 * read (rg_json_first_array), and the other warned about. */
static const char *const arrays[] = {"events", "results"};
static const char holds[] = "a CloudWatch Logs response holds \"events\" (filter-log-events, "
                            "get-log-events) or \"results\" (Logs Insights)";

static const char *other_array(const char *key)
{
    return strcmp(key, arrays[0]) == 0 ? arrays[1] : arrays[0];
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    cwl *c = ctx;
    rg_jsondocs_follow(&c->docs, &c->loc);
    const char *text = c->docs.text;
    rg_json_offsets_find(&c->events, text, off, end, "events");
    rg_json_offsets_find(&c->results, text, off, end, "results");
    int rc = 0;
    const json_t *events = json_is_object(root) ? json_object_get(root, "events") : NULL;
    const json_t *results = json_is_object(root) ? json_object_get(root, "results") : NULL;
    const char *first = json_is_object(root) ? rg_json_first_array(root, arrays) : NULL;
    if (first == arrays[0]) {
        if (has_next_token(root))
            warn_at(c, rg_json_member_value(text, off, end, "nextToken"), "more-data", MORE_DATA);
        size_t i;
        const json_t *e;
        json_array_foreach(events, i, e)
        {
            if ((rc = event(c, e, rg_json_offsets_take(&c->events, off))) != 0)
                break;
        }
    } else if (first == arrays[1]) {
        const char *status = partial_status(root);
        if (status)
            warn_at(c, rg_json_member_value(text, off, end, "status"), "partial-data", PARTIAL_DATA,
                    status);
        size_t i;
        const json_t *row;
        json_array_foreach(results, i, row)
        {
            if ((rc = result(c, row, rg_json_offsets_take(&c->results, off))) != 0)
                break;
        }
    } else if (events || results) {
        rc = rg_jsondocs_shape(
            &c->docs, rg_json_member_value(text, off, end, events ? "events" : "results"),
            "expected \"%s\" to be an array, got %s", events ? "events" : "results",
            rg_json_type_name(events ? events : results));
    } else {
        rc = rg_jsondocs_shape(&c->docs, off, NOT_A_RESPONSE,
                               json_is_object(root) ? "an object without either"
                                                    : rg_json_type_name(root));
    }
    const json_t *v;
    if (first && rc == 0 && (v = json_object_get(root, other_array(first))))
        rg_jsondocs_warn_unread(&c->docs, 0, 0,
                                rg_json_member_value(text, off, end, other_array(first)), first,
                                other_array(first), v, holds);
    rg_json_offsets_free(&c->events);
    rg_json_offsets_free(&c->results);
    return rc;
}

/* A large top-level array: no CloudWatch response, the error document() gives
 * for it, at the array's first byte. */
static int not_a_response(cwl *c)
{
    return rg_jsondocs_top_error(&c->docs, NOT_A_RESPONSE, "an array");
}

/* One element of a large response read record by record (jsonstream.h). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    cwl *c = ctx;
    (void)env;
    (void)end;
    if (!key)
        return not_a_response(c);
    rg_jsondocs_follow(&c->docs, &c->loc);
    return strcmp(key, "events") == 0 ? event(c, e, off) : result(c, e, off);
}

/* The end of a streamed array: the members that say the export is incomplete
 * usually follow it. */
static int done(void *ctx, const char *key, const json_t *env, size_t n)
{
    cwl *c = ctx;
    (void)n;
    if (!key)
        return not_a_response(c);
    if (strcmp(key, "events") == 0 && has_next_token(env))
        warn_member(c, "nextToken", "more-data", MORE_DATA);
    const char *status = strcmp(key, "results") == 0 ? partial_status(env) : NULL;
    if (status) {
        char msg[300];
        snprintf(msg, sizeof(msg), PARTIAL_DATA, status);
        warn_member(c, "status", "partial-data", msg);
    }
    const json_t *v = env ? json_object_get(env, other_array(key)) : NULL;
    if (v) {
        long line = 0, col = 0;
        rg_jsondocs_member_at(&c->docs, other_array(key), &line, &col);
        rg_jsondocs_warn_unread(&c->docs, line, col, 0, key, other_array(key), v, holds);
    }
    return 0;
}

static const char *const stream_keys[] = {"events", "results", NULL};

static int parse(const rg_source *src, rg_sink *sink)
{
    cwl c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    c.a = sink->arena;
    c.source = rg_arena_strdup(c.a, src->name ? src->name : src->path);
    if (!c.source)
        return oom(&c);
    rg_linejoin_init(&c.join, src->path, sink);
    const rg_jsondocs_ops ops = {stream_keys, document, element, done, 0, NULL};
    int rc = rg_jsondocs_stream(&c.docs, src->path, sink->diag, &ops, &c);
    rg_linejoin_free(&c.join);
    rg_logpeek_free(&c.peek);
    rg_buf_free(&c.id);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    if (rg_text_has(head, head_len, "\"events\"") &&
        (rg_text_has(head, head_len, "\"logStreamName\"") ||
         rg_text_has(head, head_len, "\"ingestionTime\"") ||
         rg_text_has(head, head_len, "\"nextForwardToken\"")))
        return 90;
    if (rg_text_has(head, head_len, "\"results\"") && rg_text_has(head, head_len, "\"field\"") &&
        (rg_text_has(head, head_len, "\"@timestamp\"") ||
         rg_text_has(head, head_len, "\"@message\"")))
        return 90;
    return 0;
}

const rg_importer rg_importer_cloudwatch_logs = {
    .name = "cloudwatch-logs",
    .kind = RG_KIND_LOG,
    .summary = "Amazon CloudWatch Logs: filter-log-events / get-log-events JSON and Logs Insights "
               "results",
    .recognises = "JSON with \"events\" and \"logStreamName\", \"ingestionTime\" or "
                  "\"nextForwardToken\"; or \"results\" of {\"field\", \"value\"} with "
                  "\"@timestamp\" or \"@message\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
