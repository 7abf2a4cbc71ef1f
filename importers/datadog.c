/* datadog.c -- Datadog events (Events API v1 and v2) as alert, change and
 * note events.
 *
 * What it reads:
 *  - v1 lists {"events": [{"id", "id_str", "date_happened" (epoch s),
 *    "title", "text", "alert_type", "priority", "source_type_name", "host",
 *    "tags", "url", "monitor_id"}]} and single events {"event": {...}}
 *    (GET /api/v1/events/{id}, or the POST response);
 *  - v2 pages {"data": [{"id", "type": "event", "attributes": {"timestamp"
 *    (RFC 3339), "message", "tags", "attributes": {"title", "timestamp"
 *    (epoch ms), "status", "service", "hostname", "monitor_id", "monitor":
 *    {...}, "evt": {...}}}}], "links": {"next"}, "meta": {"page": {"after"}}}:
 *    the outer attributes hold the message and tags, the inner ones the rest.
 *    A listing comes in pages: a folder holding only the page files is one
 *    source (jsonpages.h); "links.next" is not followed, so every page must
 *    be there;
 *  - one of these per document, an array of them, or one per line.
 *
 * Type, from the title's prefix (monitor notifications): "[Triggered]",
 * "[Re-Triggered]" -> alert.firing; "[Recovered]" -> alert.resolved;
 * "[Warn]" -> alert.warning; "[No Data]" -> alert.nodata. A multi-alert
 * monitor writes the group in the prefix ("[Triggered on {host:web-1}]") and
 * a priority may come first ("[P1] [Triggered] ..."): both are read. Any
 * other event is a deploy -> change.deploy when its source is one of
 * "deploy", "deployment", "deployments" (v1 source_type_name, v2 inner
 * source_type_name) or it is tagged "deploy", "deployment",
 * "event_type:deploy", "event_type:deployment", or its title starts with
 * "Deploy" (case-insensitive); else a note (kind note), so nothing is lost.
 * Alert name: the title after the prefix; the fingerprint that pairs a
 * firing with its resolution is the monitor id (v1 "monitor_id", v2 inner
 * "monitor_id" or "monitor.id") and the group, else the name and the group.
 *
 * Time: v1 date_happened (epoch seconds); v2 the outer "timestamp", else the
 * inner epoch-ms "timestamp"; integers are read as int64, never through a
 * double. Identity: the event's id ("id_str" first: v1's numeric "id" is past
 * 2^53 and some clients have already rounded it). Actor: the host, else
 * "datadog"; human 0 (events are posted by integrations and monitors).
 * Text: the title (after the prefix), and the message below it when there
 * is one, without the "%%%" lines Datadog wraps Markdown in. attrs:
 * "datadog_id", "status" (v1 alert_type, v2 status), "priority", "source",
 * "host",
 * "monitor_id", "group", "fingerprint" (alerts), "tags", "url".
 * An event whose title or text (v2: message, title) is not a string is
 * warning "bad-record" (skipped): it would lose its transition prefix.
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it.
 * A file over 1 MiB is read event by event (jsonstream.h): each element of
 * "events" (v1), of "data" (v2) or of a top-level array is handed to jansson
 * alone, so memory follows the largest event, not the file. An object with
 * both "events" and "data" has the first array in the file read at any size,
 * and the other warned about ("two-arrays"), never silently left out. */
#include "importer.h"

#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonpages.h"
#include "jsonstream.h"
#include "jsontime.h"
#include "jsonutil.h"

struct dd {
    const rg_source *src; /* the file being read (a page of a folder source) */
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;
    rg_json_offsets events; /* elements of arrays named "events" */
    rg_json_offsets data;   /* elements of arrays named "data" */
    rg_json_offsets top;    /* elements of a top-level array */
    rg_locator loc;
};

static int oom(struct dd *d)
{
    return rg_diag_error(d->sink->diag, d->src->path, 0, 0, "out of memory");
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int ieq(const char *a, const char *b)
{
    while (*a && *b && lower(*a) == lower(*b))
        a++, b++;
    return *a == '\0' && *b == '\0';
}

static int iprefix(const char *s, const char *p)
{
    while (*p && lower(*s) == lower(*p))
        s++, p++;
    return *p == '\0';
}

/* What a monitor title's prefix says. */
typedef struct prefix {
    const char *type;  /* alert.firing ..., or NULL: not a monitor notification */
    const char *name;  /* the title after the prefix (borrowed) */
    const char *group; /* "host:web-1" from "[Triggered on {host:web-1}]", or NULL */
    size_t group_len;
} prefix;

static void read_prefix(const char *title, prefix *p)
{
    static const struct {
        const char *word, *type;
    } words[] = {
        {"Triggered", "alert.firing"},   {"Re-Triggered", "alert.firing"},
        {"Recovered", "alert.resolved"}, {"Warn", "alert.warning"},
        {"No Data", "alert.nodata"},
    };
    memset(p, 0, sizeof(*p));
    const char *s = title;
    /* "[P1] " .. "[P5] ": the monitor's priority. */
    if (s[0] == '[' && s[1] == 'P' && s[2] >= '1' && s[2] <= '5' && s[3] == ']')
        for (s += 4; *s == ' ';)
            s++;
    if (*s != '[')
        return;
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        size_t n = strlen(words[i].word);
        if (strncmp(s + 1, words[i].word, n) != 0)
            continue;
        const char *q = s + 1 + n;
        const char *close;
        if (*q == ']') {
            close = q;
        } else if (strncmp(q, " on ", 4) == 0 && (close = strchr(q, ']')) != NULL) {
            const char *g = q + 4;
            size_t gl = (size_t)(close - g);
            if (gl >= 2 && g[0] == '{' && g[gl - 1] == '}')
                g++, gl -= 2;
            p->group = g;
            p->group_len = gl;
        } else {
            continue;
        }
        p->type = words[i].type;
        for (p->name = close + 1; *p->name == ' ';)
            p->name++;
        return;
    }
}

/* The string tags of an array, joined by ", " (NULL for none); *deploy set
 * when one of them marks a deploy. */
static const char *tags_text(rg_arena *a, const json_t *tags, int *deploy)
{
    static const char *const marks[] = {"deploy", "deployment", "event_type:deploy",
                                        "event_type:deployment"};
    if (!json_is_array(tags) || json_array_size(tags) == 0)
        return NULL;
    rg_buf b = {0};
    int bad = 0;
    size_t i;
    const json_t *t;
    json_array_foreach(tags, i, t)
    {
        if (!json_is_string(t))
            continue;
        const char *s = json_string_value(t);
        for (size_t m = 0; m < sizeof(marks) / sizeof(marks[0]); m++)
            if (ieq(s, marks[m]))
                *deploy = 1;
        if ((b.len && rg_buf_puts(&b, ", ") != 0) || rg_buf_puts(&b, s) != 0)
            bad = 1;
    }
    const char *out = bad ? NULL : b.data ? rg_arena_strdup(a, b.data) : "";
    rg_buf_free(&b);
    return out;
}

/* Datadog wraps Markdown text in "%%%" lines ("%%% \n text \n %%%"): the text
 * between them, without the blank lines around it (borrowed; *len set). */
static const char *markdown_body(const char *s, size_t *len)
{
    size_t n = strlen(s);
    if (n >= 6 && memcmp(s, "%%%", 3) == 0 && memcmp(s + n - 3, "%%%", 3) == 0) {
        s += 3;
        n -= 6;
    }
    while (n && (*s == '\n' || *s == '\r' || *s == ' '))
        s++, n--;
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        n--;
    *len = n;
    return s;
}

static int is_deploy_source(const char *s)
{
    return s && (ieq(s, "deploy") || ieq(s, "deployment") || ieq(s, "deployments"));
}

/* An id member as text: a string, or an integer printed exactly. */
static const char *id_text(rg_arena *a, const json_t *v)
{
    if (json_is_string(v) && json_string_length(v))
        return rg_arena_strdup(a, json_string_value(v));
    if (json_is_integer(v))
        return rg_arena_printf(a, "%lld", (long long)json_integer_value(v));
    return NULL;
}

static int attr(rg_arena *a, rg_event *ev, const char *key, const char *value)
{
    return value && value[0] ? rg_event_attr(a, ev, key, value) : 0;
}

/* The fields of one event, v1 or v2, gathered before it is built. */
typedef struct fields {
    const json_t *time; /* the time value */
    const char *time_member;
    int unit; /* epoch unit hint for the time */
    const char *id, *title, *message, *status, *priority, *source, *host, *url, *monitor_id;
    const json_t *tags;
} fields;

static int emit(struct dd *d, const fields *f, size_t off, const char *what)
{
    rg_arena *a = d->sink->arena;
    if (!f->time) {
        rg_jsondocs_warn(&d->docs, off, "no-time", "%s has no '%s'; skipped", what, f->time_member);
        return 0;
    }
    int64_t at;
    const char *time_text, *why;
    int r = rg_json_time(a, d->src, f->time, f->unit, &at, &time_text, &why);
    if (r < 0)
        return oom(d);
    if (r == 0) {
        rg_jsondocs_warn(&d->docs, off, "bad-time", "%s has '%s' as %s, expected a time; skipped",
                         what, f->time_member, why);
        return 0;
    }
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(d);
    long line;
    rg_locate_line(&d->loc, off, &line);
    if (d->docs.line0 > 0) /* the text is one event of a streamed file */
        line += d->docs.line0 - 1;
    const char *title = f->title ? f->title : "";
    prefix p;
    read_prefix(title, &p);
    int deploy = 0;
    const char *tags = tags_text(a, f->tags, &deploy);
    if (f->tags && json_array_size(f->tags) && !tags)
        return oom(d);
    deploy = deploy || is_deploy_source(f->source) || iprefix(title, "deploy");
    ev->at_us = at + d->src->offset_us;
    ev->time_text = time_text;
    ev->source = d->source;
    ev->actor = f->host ? rg_arena_strdup(a, f->host) : "datadog";
    ev->human = 0;
    ev->origin = rg_origin(a, d->src->path, line);
    const char *fp = NULL, *group = NULL;
    if (p.type) {
        ev->kind = RG_KIND_ALERT;
        ev->type = p.type;
        group = p.group ? rg_arena_strndup(a, p.group, p.group_len) : NULL;
        const char *key = f->monitor_id ? f->monitor_id : p.name;
        fp = group ? rg_arena_printf(a, "%s|%s", key, group) : rg_arena_strdup(a, key);
        if (!fp || (p.group && !group))
            return oom(d);
    } else if (deploy) {
        ev->kind = RG_KIND_CHANGE;
        ev->type = "change.deploy";
    } else {
        ev->kind = RG_KIND_NOTE;
        ev->type = "note";
    }
    const char *head = p.type ? p.name : title;
    size_t mlen = 0;
    const char *msg = f->message ? markdown_body(f->message, &mlen) : NULL;
    if (msg && mlen == 0)
        msg = NULL;
    if (msg && head[0])
        ev->text = rg_arena_printf(a, "%s\n%.*s", head, (int)mlen, msg);
    else if (msg)
        ev->text = rg_arena_strndup(a, msg, mlen);
    else
        ev->text = rg_arena_strdup(a, head);
    if (!ev->text || !ev->actor || !ev->origin)
        return oom(d);
    const char *id = f->id ? f->id : rg_arena_printf(a, "%s|%s", time_text, title);
    if (!id)
        return oom(d);
    rg_event_identity(ev, id, strlen(id));
    if (attr(a, ev, "datadog_id", f->id) != 0 || attr(a, ev, "status", f->status) != 0 ||
        attr(a, ev, "priority", f->priority) != 0 || attr(a, ev, "source", f->source) != 0 ||
        attr(a, ev, "host", f->host) != 0 || attr(a, ev, "monitor_id", f->monitor_id) != 0 ||
        attr(a, ev, "group", group) != 0 || attr(a, ev, "fingerprint", fp) != 0 ||
        attr(a, ev, "tags", tags) != 0 || attr(a, ev, "url", f->url) != 0)
        return oom(d);
    if (d->sink->emit(d->sink, ev) != 0)
        return oom(d);
    return 0;
}

static int v1_event(struct dd *d, const json_t *e, size_t off)
{
    rg_arena *a = d->sink->arena;
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&d->docs, off, "bad-record", "event is %s, expected an object; skipped",
                         rg_json_type_name(e));
        return 0;
    }
    static const char *const texts[] = {"title", "text", NULL};
    const char *bad = rg_json_mistyped_string(e, texts);
    if (bad) {
        rg_jsondocs_warn(&d->docs, off, "bad-record",
                         "event has '%s' as %s, expected a string; skipped", bad,
                         rg_json_type_name(json_object_get(e, bad)));
        return 0;
    }
    fields f = {0};
    f.time = json_object_get(e, "date_happened");
    f.time_member = "date_happened";
    f.unit = 1;
    f.id = id_text(a, json_object_get(e, "id_str"));
    if (!f.id)
        f.id = id_text(a, json_object_get(e, "id"));
    f.title = nonempty(e, "title");
    f.message = nonempty(e, "text");
    f.status = nonempty(e, "alert_type");
    f.priority = nonempty(e, "priority");
    f.source = nonempty(e, "source_type_name");
    f.host = nonempty(e, "host");
    f.url = nonempty(e, "url");
    f.monitor_id = id_text(a, json_object_get(e, "monitor_id"));
    f.tags = json_object_get(e, "tags");
    return emit(d, &f, off, "event");
}

static int v2_event(struct dd *d, const json_t *e, size_t off)
{
    rg_arena *a = d->sink->arena;
    const json_t *outer = json_object_get(e, "attributes");
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&d->docs, off, "bad-record", "event is %s, expected an object; skipped",
                         rg_json_type_name(e));
        return 0;
    }
    if (!json_is_object(outer)) {
        rg_jsondocs_warn(&d->docs, off, "bad-record", "event has no 'attributes' object; skipped");
        return 0;
    }
    const json_t *inner = json_object_get(outer, "attributes");
    static const char *const outer_texts[] = {"message", "title", NULL};
    static const char *const inner_texts[] = {"title", NULL};
    const char *bad = rg_json_mistyped_string(outer, outer_texts);
    const json_t *holder = outer;
    if (!bad)
        bad = rg_json_mistyped_string(inner, inner_texts), holder = inner;
    if (bad) {
        rg_jsondocs_warn(&d->docs, off, "bad-record",
                         "event has '%s' as %s, expected a string; skipped", bad,
                         rg_json_type_name(json_object_get(holder, bad)));
        return 0;
    }
    fields f = {0};
    f.time = json_object_get(outer, "timestamp");
    f.time_member = "timestamp";
    f.unit = 1000;
    if (!f.time && json_is_object(inner)) {
        f.time = json_object_get(inner, "timestamp");
        f.unit = 1000;
    }
    f.id = id_text(a, json_object_get(e, "id"));
    f.message = nonempty(outer, "message");
    f.tags = json_object_get(outer, "tags");
    f.title = nonempty(inner, "title");
    f.status = nonempty(inner, "status");
    f.priority = nonempty(inner, "priority");
    f.source = nonempty(inner, "source_type_name");
    f.host = nonempty(inner, "hostname");
    f.monitor_id = id_text(a, json_object_get(inner, "monitor_id"));
    if (!f.monitor_id)
        f.monitor_id = id_text(a, json_object_get(json_object_get(inner, "monitor"), "id"));
    if (!f.title)
        f.title = nonempty(outer, "title");
    return emit(d, &f, off, "event");
}

/* The arrays of a response, v1 and v2: an object with both has the first in
 * the file read (rg_json_first_array). */
static const char *const arrays[] = {"events", "data"};
static const char holds[] = "a Datadog response holds \"events\" (API v1) or \"data\" (v2)";

static const char *other_array(const char *key)
{
    return strcmp(key, arrays[0]) == 0 ? arrays[1] : arrays[0];
}

static int object(struct dd *d, const json_t *obj, size_t off, size_t end)
{
    const json_t *v;
    const char *key = rg_json_first_array(obj, arrays);
    if (key) {
        int v1 = strcmp(key, "events") == 0;
        /* this object's array alone: an event's own attributes may hold an
         * array of that name */
        rg_json_offsets *at = v1 ? &d->events : &d->data;
        rg_json_offsets_path(at, d->docs.text, off, end, key);
        size_t i;
        const json_t *e;
        json_array_foreach(json_object_get(obj, key), i, e)
        {
            size_t eoff = rg_json_offsets_take(at, off);
            int rc = v1 ? v1_event(d, e, eoff) : v2_event(d, e, eoff);
            if (rc != 0)
                return -1;
        }
        const char *other = other_array(key);
        if ((v = json_object_get(obj, other)))
            rg_jsondocs_warn_unread(&d->docs, 0, 0,
                                    rg_json_member_value(d->docs.text, off, end, other), key, other,
                                    v, holds);
        return 0;
    }
    if ((v = json_object_get(obj, "events")) || (v = json_object_get(obj, "data"))) {
        const char *name = json_object_get(obj, "events") ? "events" : "data";
        return rg_jsondocs_shape(&d->docs, rg_json_member_value(d->docs.text, off, end, name),
                                 "expected an array of events, got %s", rg_json_type_name(v));
    }
    if ((v = json_object_get(obj, "event")) && json_is_object(v))
        return v1_event(d, v, rg_json_member_value(d->docs.text, off, end, "event"));
    if (json_object_get(obj, "date_happened"))
        return v1_event(d, obj, off);
    if (json_is_object(json_object_get(obj, "attributes")))
        return v2_event(d, obj, off);
    return rg_jsondocs_shape(&d->docs, off,
                             "expected Datadog events ('events', 'event' or 'data'), got an "
                             "object with none of them");
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct dd *d = ctx;
    rg_jsondocs_follow(&d->docs, &d->loc);
    rg_json_offsets_find(&d->top, d->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_object(root)) {
        rc = object(d, root, off, end);
    } else if (json_is_array(root)) {
        int was = d->docs.stream;
        d->docs.stream = 1;
        size_t i;
        const json_t *e;
        json_array_foreach(root, i, e)
        {
            size_t eoff = rg_json_offsets_take(&d->top, off);
            if (json_is_object(e))
                rc = object(d, e, eoff, rg_json_offsets_peek(&d->top, end));
            else
                rc = rg_jsondocs_shape(&d->docs, eoff, "expected a Datadog event, got %s",
                                       rg_json_type_name(e));
            if (rc != 0)
                break;
        }
        d->docs.stream = was;
    } else {
        rc = rg_jsondocs_shape(&d->docs, off, "expected Datadog events, got %s",
                               rg_json_type_name(root));
    }
    rg_json_offsets_free(&d->events);
    rg_json_offsets_free(&d->data);
    rg_json_offsets_free(&d->top);
    return rc;
}

/* One element of a large file read record by record (jsonstream.h): a v1
 * event of "events", a v2 event of "data", or what a top-level array holds,
 * as document() takes it (a bad one is a warning there too). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    struct dd *d = ctx;
    (void)env;
    rg_jsondocs_follow(&d->docs, &d->loc);
    if (key)
        return strcmp(key, "events") == 0 ? v1_event(d, e, off) : v2_event(d, e, off);
    if (!json_is_object(e)) {
        d->docs.stream = 1;
        int rc = rg_jsondocs_shape(&d->docs, off, "expected a Datadog event, got %s",
                                   rg_json_type_name(e));
        d->docs.stream = 0;
        return rc;
    }
    d->docs.stream = 1;
    int rc = object(d, e, off, end);
    d->docs.stream = 0;
    rg_json_offsets_free(&d->events);
    rg_json_offsets_free(&d->data);
    return rc;
}

/* The end of a streamed "events" or "data": the other one, before or after
 * it, is not read (object()). */
static int done(void *ctx, const char *key, const json_t *env, size_t n)
{
    struct dd *d = ctx;
    (void)n;
    const json_t *v;
    if (key && env && (v = json_object_get(env, other_array(key)))) {
        long line = 0, col = 0;
        rg_jsondocs_member_at(&d->docs, other_array(key), &line, &col);
        rg_jsondocs_warn_unread(&d->docs, line, col, 0, key, other_array(key), v, holds);
    }
    return 0;
}

static const char *const stream_keys[] = {"events", "data", NULL};

static int read_file(void *ctx, const rg_source *file)
{
    struct dd *d = ctx;
    d->src = file;
    d->docs.flags = JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    d->docs.repair_nul = 1;
    d->loc = (rg_locator){NULL, 0, 0, 1};
    const rg_jsondocs_ops ops = {stream_keys, document, element, done, 0, NULL};
    return rg_jsondocs_stream(&d->docs, file->path, d->sink->diag, &ops, d);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct dd d;
    memset(&d, 0, sizeof(d));
    d.src = src;
    d.sink = sink;
    d.source = rg_arena_strdup(sink->arena, src->name);
    return d.source ? rg_pages_read(src, sink, read_file, &d) : oom(&d);
}

/* `"type"` followed by ':' and the string "event", anywhere in the head. */
static int type_event(const char *head, size_t len)
{
    for (const char *p = head; (p = rg_text_find(p, len - (size_t)(p - head), "\"type\"")) != NULL;
         p += 6) {
        size_t i = rg_json_skip_space(head, len, (size_t)(p - head) + 6);
        if (i >= len || head[i] != ':')
            continue;
        i = rg_json_skip_space(head, len, i + 1);
        if (i + 7 <= len && memcmp(head + i, "\"event\"", 7) == 0)
            return 1;
    }
    return 0;
}

static int sniff_file(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    (void)is_dir;
    if (!head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"date_happened\""))
        return 90;
    if (rg_text_has(head, head_len, "\"attributes\"") && type_event(head, head_len) &&
        rg_text_has(head, head_len, "\"timestamp\""))
        return 90;
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return rg_pages_sniff(path, sniff_file);
    return sniff_file(path, 0, head, head_len);
}

const rg_importer rg_importer_datadog = {
    .name = "datadog",
    .kind = RG_KIND_ALERT,
    .summary = "Datadog events: API v1 lists and single events, v2 pages (a file or a folder "
               "of them); monitor transitions from the title",
    .recognises = "JSON with \"date_happened\" (v1), or \"type\": \"event\" with \"attributes\" "
                  "and \"timestamp\" (v2); a folder of such pages",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
