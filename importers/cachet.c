/* cachet.c -- Cachet status pages (API v1): incidents and their updates, one
 * status event each.
 *
 * What it reads: GET /api/v1/incidents ({"meta": {"pagination"}, "data":
 * [incident]}), GET /api/v1/incidents/{id} ({"data": incident}) and GET
 * /api/v1/incidents/{id}/updates ({"data": [update]}); pages one after
 * another in one file; a bare array of incidents or updates. An incident is
 * {"id", "component_id", "name", "status", "visible", "message",
 * "occurred_at", "scheduled_at", "created_at", "updated_at", "deleted_at",
 * "human_status", "permalink", "updates": [update]} (Cachet 2.4 embeds its
 * updates); an update is {"id", "incident_id", "status", "message",
 * "created_at", "updated_at", "human_status", "permalink"}.
 *
 * Decisions at the edges (README, "Formats"):
 *  - status (a number, or a number written as a string): 1 Investigating ->
 *    status.investigating, 2 Identified -> status.identified, 3 Watching ->
 *    status.monitoring, 4 Fixed -> status.resolved, 0 Scheduled (a planned
 *    maintenance notice, Cachet 2.x) -> status.update, as the statuspage
 *    importer maps "scheduled"; attr "status" keeps Cachet's word
 *    (scheduled, investigating, identified, watching, fixed). Any other
 *    number is a counted warning and the record is skipped.
 *  - An incident is its first post, at occurred_at (when it began, as posted;
 *    Cachet 2.4) else created_at, with the status and message it was created
 *    with; each update is a post at its created_at. A scheduled notice (0) is
 *    at created_at: when customers were told, not when the work is planned.
 *  - Times are Cachet's "Y-m-d H:i:s" in the application's zone, with no
 *    offset: they are read in the source's zone (the manifest's "timezone")
 *    and time_text says which zone was assumed ("2026-11-20 14:20:00 (UTC
 *    assumed)"). An RFC 3339 time with an offset is honoured. A local time
 *    in a daylight-saving gap or overlap is read as timeparse.h says and
 *    warned ("dst-gap", "dst-overlap").
 *  - An incident with "visible": 0 was never on the public page, and one with
 *    "deleted_at" set was withdrawn: both are skipped and counted.
 *  - Each event: kind status, source the source's name, actor "cachet" (the
 *    API names no author, only a user id), human 1, text "<incident name>:
 *    <message>" (the message alone for an update read without its incident;
 *    Cachet messages are Markdown, kept as written: the renderers escape
 *    them), origin the line of the record. Attrs: status_incident (the
 *    incident's id: the core keeps only incidents that overlap the window,
 *    README "The incident window"), status_incident_name, status,
 *    component_id (when not 0), permalink. Identity: "incident/<id>" or
 *    "update/<id>", so an update read both embedded and from /updates is one
 *    post.
 *  - A file over rg_jsondocs_whole_max (1 MiB) is read record by record
 *    (jsonstream.h: the "data" list or a top-level array), and origins are
 *    located in one pass: memory follows the largest incident, time the
 *    file's length.
 * Errors: text that is not JSON, or a document that is no Cachet response,
 * stops with "path:line:col: message"; bad records are counted warnings (an
 * incident whose "name" or "message" is not text is skipped, with its
 * updates).
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it. */
#include "importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

typedef struct cachet {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;
    rg_json_offsets data;    /* elements of arrays named "data" */
    rg_json_offsets updates; /* elements of arrays named "updates" */
    rg_json_offsets top;     /* elements of a top-level array */
    rg_locator lines;        /* origins' lines, in one pass over the document or element
                                (rg_line_col from byte 0 per record was quadratic) */
    rg_buf buf;
} cachet;

static int oom(cachet *c)
{
    return rg_diag_error(c->sink->diag, c->src->path, 0, 0, "out of memory");
}

/* Cachet's status words, by number. */
static const char *const status_words[] = {"scheduled", "investigating", "identified", "watching",
                                           "fixed"};
static const char *const status_types[] = {"status.update", "status.investigating",
                                           "status.identified", "status.monitoring",
                                           "status.resolved"};

/* The status number of v (an integer, or digits in a string); -1 when it is
 * not one. */
static long status_of(const json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v) >= 0 && json_integer_value(v) <= 1000
                   ? (long)json_integer_value(v)
                   : -1;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        char *end;
        long n = strtol(s, &end, 10);
        return *s >= '0' && *s <= '9' && *end == '\0' && n <= 1000 ? n : -1;
    }
    return -1;
}

/* A record's id as text (Cachet ids are numbers; some proxies quote them),
 * in the arena; NULL when it has none. */
static const char *id_of(cachet *c, const json_t *v)
{
    if (json_is_integer(v))
        return rg_arena_printf(c->sink->arena, "%lld", (long long)json_integer_value(v));
    if (json_is_string(v) && json_string_length(v) > 0)
        return rg_arena_strdup(c->sink->arena, json_string_value(v));
    return NULL;
}

/* Reads member key of rec as a time. Returns 1 and sets the outputs, 0 when
 * absent or null, -1 when present but unreadable (warned). */
static int read_time(cachet *c, const json_t *rec, const char *key, size_t off, const char *what,
                     int64_t *at_us, int *flags, const char **text)
{
    const json_t *v = json_object_get(rec, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "%s has \"%s\" as %s, expected a time; skipped", what, key,
                         rg_json_type_name(v));
        return -1;
    }
    *text = json_string_value(v);
    rg_time_ctx ctx = {c->src->zone, c->src->ref_us};
    if (rg_time_parse(*text, json_string_length(v), &ctx, at_us, flags) != 0) {
        rg_jsondocs_warn(&c->docs, off, "bad-record", "%s has an unreadable \"%s\" '%s'; skipped",
                         what, key, *text);
        return -1;
    }
    char when[32];
    rg_time_format(*at_us, when);
    if (*flags & RG_TIME_GAP)
        rg_jsondocs_warn(&c->docs, off, "dst-gap",
                         "local time '%s' does not exist in %s (skipped by a daylight-saving "
                         "change); read as %s",
                         *text, rg_tz_name(c->src->zone), when);
    else if (*flags & RG_TIME_OVERLAP)
        rg_jsondocs_warn(&c->docs, off, "dst-overlap",
                         "local time '%s' happens twice in %s (daylight-saving change); read as "
                         "%s, the first one",
                         *text, rg_tz_name(c->src->zone), when);
    return 1;
}

/* One post: an incident (inc_name NULL means rec is the incident) or an
 * update of incident inc_id. */
static int post(cachet *c, const json_t *rec, size_t off, int is_update, const char *inc_id,
                const char *inc_name)
{
    char what[160];
    if (is_update)
        snprintf(what, sizeof(what), "update of incident %s", inc_id);
    else
        snprintf(what, sizeof(what), "incident '%s'", inc_name);
    const json_t *sv = json_object_get(rec, "status");
    long status = status_of(sv);
    if (status < 0 || status > 4) {
        char got[80];
        if (!sv)
            snprintf(got, sizeof(got), "no \"status\"");
        else if (json_is_integer(sv))
            snprintf(got, sizeof(got), "\"status\" %lld", (long long)json_integer_value(sv));
        else if (json_is_string(sv))
            snprintf(got, sizeof(got), "\"status\" '%.40s'", json_string_value(sv));
        else
            snprintf(got, sizeof(got), "\"status\" as %s", rg_json_type_name(sv));
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "%s has %s, expected 0 (scheduled), 1 (investigating), 2 (identified), 3 "
                         "(watching) or 4 (fixed); skipped",
                         what, got);
        return 0;
    }
    int64_t at_us = 0;
    int flags = 0;
    const char *when = NULL;
    int got = 0;
    if (!is_update && status != 0)
        got = read_time(c, rec, "occurred_at", off, what, &at_us, &flags, &when);
    if (got == 0)
        got = read_time(c, rec, "created_at", off, what, &at_us, &flags, &when);
    if (got < 0)
        return 0;
    if (got == 0) {
        rg_jsondocs_warn(&c->docs, off, "no-time", "%s has no \"%s\" time; skipped", what,
                         is_update || status == 0 ? "created_at" : "occurred_at\" or \"created_at");
        return 0;
    }
    const json_t *msg = json_object_get(rec, "message");
    if (msg && !json_is_string(msg) && !json_is_null(msg)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "%s has \"message\" as %s, expected text; skipped", what,
                         rg_json_type_name(msg));
        return 0;
    }
    rg_arena *a = c->sink->arena;
    const char *id = id_of(c, json_object_get(rec, "id"));
    const char *message = json_is_string(msg) ? json_string_value(msg) : "";
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(c);
    long line, col = 0;
    rg_locate_line(&c->lines, off, &line);
    rg_jsondocs_fix(&c->docs, &line, &col);
    ev->at_us = at_us + c->src->offset_us;
    ev->kind = RG_KIND_STATUS;
    ev->type = status_types[status];
    ev->source = c->source;
    ev->actor = "cachet";
    ev->human = 1;
    if (inc_name && *message)
        ev->text = rg_arena_printf(a, "%s: %s", inc_name, message);
    else
        ev->text = rg_arena_strdup(a, inc_name ? inc_name : message);
    ev->origin = rg_origin(a, c->src->path, line);
    ev->time_text = rg_time_text(a, when, strlen(when), c->src, flags);
    if (!ev->text || !ev->origin || !ev->time_text)
        return oom(c);
    rg_buf_reset(&c->buf);
    int rc = id ? rg_buf_printf(&c->buf, "%s/%s", is_update ? "update" : "incident", id)
                : rg_buf_printf(&c->buf, "%s\x1f%s\x1f%s\x1f%ld", inc_id ? inc_id : "", when,
                                message, status);
    if (rc != 0)
        return oom(c);
    rg_event_identity(ev, c->buf.data, c->buf.len);
    const char *component = id_of(c, json_object_get(rec, "component_id"));
    const char *permalink = rg_json_str(rec, "permalink");
    if ((inc_id && rg_event_attr(a, ev, "status_incident", inc_id) < 0) ||
        (inc_name && rg_event_attr(a, ev, "status_incident_name", inc_name) < 0) ||
        rg_event_attr(a, ev, "status", status_words[status]) < 0 ||
        (component && strcmp(component, "0") != 0 &&
         rg_event_attr(a, ev, "component_id", component) < 0) ||
        (permalink && *permalink && rg_event_attr(a, ev, "permalink", permalink) < 0))
        return oom(c);
    return c->sink->emit(c->sink, ev);
}

/* 1 when rec is an update rather than an incident: updates have no name. */
static int is_update(const json_t *rec)
{
    return !json_object_get(rec, "name");
}

static int incident(cachet *c, const json_t *rec, size_t off)
{
    const json_t *name_v = json_object_get(rec, "name");
    if (name_v && !json_is_null(name_v) && !json_is_string(name_v)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "incident has \"name\" as %s, expected text; skipped with its updates",
                         rg_json_type_name(name_v));
        return 0;
    }
    const char *name = rg_json_str(rec, "name");
    const char *id = id_of(c, json_object_get(rec, "id"));
    if (!name || !*name)
        name = "(unnamed incident)";
    const json_t *deleted = json_object_get(rec, "deleted_at");
    if (deleted && !json_is_null(deleted)) {
        rg_jsondocs_warn(&c->docs, off, "deleted",
                         "incident '%s' was deleted (\"deleted_at\" is set); skipped with its "
                         "updates",
                         name);
        return 0;
    }
    const json_t *visible = json_object_get(rec, "visible");
    if ((json_is_integer(visible) && json_integer_value(visible) == 0) || json_is_false(visible) ||
        (json_is_string(visible) && strcmp(json_string_value(visible), "0") == 0)) {
        rg_jsondocs_warn(&c->docs, off, "hidden",
                         "incident '%s' is not visible on the status page (\"visible\": 0); "
                         "skipped with its updates: customers never saw it",
                         name);
        return 0;
    }
    if (!id) {
        rg_jsondocs_warn(&c->docs, off, "bad-record", "incident '%s' has no \"id\"; skipped", name);
        return 0;
    }
    if (post(c, rec, off, 0, id, name) != 0)
        return -1;
    const json_t *updates = json_object_get(rec, "updates");
    if (updates && !json_is_array(updates) && !json_is_null(updates)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "incident '%s' has \"updates\" as %s, expected an array; its updates are "
                         "skipped",
                         name, rg_json_type_name(updates));
        return 0;
    }
    size_t i;
    const json_t *u;
    json_array_foreach(updates, i, u)
    {
        size_t uoff = rg_json_offsets_take(&c->updates, off);
        if (!json_is_object(u)) {
            rg_jsondocs_warn(&c->docs, uoff, "bad-record",
                             "incident update is %s, expected an object; skipped",
                             rg_json_type_name(u));
            continue;
        }
        if (post(c, u, uoff, 1, id, name) != 0)
            return -1;
    }
    return 0;
}

static int update(cachet *c, const json_t *rec, size_t off)
{
    const char *inc = id_of(c, json_object_get(rec, "incident_id"));
    if (!inc) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "incident update has no \"incident_id\" (nor a \"name\", which an "
                         "incident has); skipped");
        return 0;
    }
    return post(c, rec, off, 1, inc, NULL);
}

static int record(cachet *c, const json_t *rec, size_t off)
{
    if (!json_is_object(rec)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "expected an incident or an update object, got %s; skipped",
                         rg_json_type_name(rec));
        return 0;
    }
    return is_update(rec) ? update(c, rec, off) : incident(c, rec, off);
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    cachet *c = ctx;
    c->lines = (rg_locator){c->docs.text, c->docs.len, 0, 1};
    rg_json_offsets_find(&c->data, c->docs.text, off, end, "data");
    rg_json_offsets_find(&c->updates, c->docs.text, off, end, "updates");
    rg_json_offsets_find(&c->top, c->docs.text, off, end, NULL);
    const json_t *data = json_is_object(root) ? json_object_get(root, "data") : root;
    int rc = 0;
    if (json_is_array(data)) {
        rg_json_offsets *o = data == root ? &c->top : &c->data;
        size_t i;
        const json_t *rec;
        json_array_foreach(data, i, rec)
        {
            size_t roff = rg_json_offsets_take(o, off);
            if ((rc = record(c, rec, roff)) != 0)
                break;
        }
    } else if (json_is_object(data) && data != root) {
        rc = record(c, data, rg_json_member_value(c->docs.text, off, end, "data"));
    } else if (json_is_object(root) && data) {
        rc = rg_jsondocs_shape(&c->docs, rg_json_member_value(c->docs.text, off, end, "data"),
                               "expected \"data\" to be an array of incidents or updates, got %s",
                               rg_json_type_name(data));
    } else {
        rc = rg_jsondocs_shape(&c->docs, off,
                               "expected a Cachet API response ({\"data\": [incidents]} or "
                               "{\"data\": [updates]}), got %s",
                               json_is_object(root) ? "an object without \"data\""
                                                    : rg_json_type_name(root));
    }
    rg_json_offsets_free(&c->data);
    rg_json_offsets_free(&c->updates);
    rg_json_offsets_free(&c->top);
    return rc;
}

/* One incident or update of a large document read record by record
 * (jsonstream.h): the elements of a top-level array or of "data". The
 * element's text alone is d->text; its updates are located in it. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *rec, size_t off,
                   size_t end)
{
    cachet *c = ctx;
    (void)key;
    (void)env;
    c->lines = (rg_locator){c->docs.text, c->docs.len, 0, 1};
    rg_json_offsets_find(&c->updates, c->docs.text, off, end, "updates");
    int rc = record(c, rec, off);
    rg_json_offsets_free(&c->updates);
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    cachet c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    c.source = rg_arena_strdup(sink->arena, src->name && *src->name ? src->name : "cachet");
    if (!c.source)
        return oom(&c);
    /* A file over rg_jsondocs_whole_max is read record by record: memory
     * follows the largest incident, not the file (issue 11). */
    static const char *const keys[] = {"data", NULL};
    const rg_jsondocs_ops ops = {keys, document, element, NULL, 0, NULL};
    c.docs.flags = JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    c.docs.repair_nul = 1;
    int rc = rg_jsondocs_stream(&c.docs, src->path, sink->diag, &ops, &c);
    rg_buf_free(&c.buf);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    /* "human_status" is Cachet's presenter; the other pairs are its columns. */
    int human = rg_text_has(head, head_len, "\"human_status\"");
    int incident = rg_text_has(head, head_len, "\"component_id\"") &&
                   (rg_text_has(head, head_len, "\"occurred_at\"") ||
                    rg_text_has(head, head_len, "\"stickied\"") ||
                    rg_text_has(head, head_len, "\"scheduled_at\""));
    int upd = rg_text_has(head, head_len, "\"incident_id\"") &&
              rg_text_has(head, head_len, "\"permalink\"") &&
              !rg_text_has(head, head_len, "\"incident_updates\"");
    if (!rg_text_has(head, head_len, "\"data\"") && rg_json_opening(head, head_len) != '[')
        return 0;
    if (human && (incident || upd))
        return 92;
    if (human || incident || upd)
        return 85;
    return 0;
}

const rg_importer rg_importer_cachet = {
    .name = "cachet",
    .kind = RG_KIND_STATUS,
    .summary = "Cachet status page API v1 incidents and incident updates as status posts",
    .recognises = "JSON {\"data\": [...]} of Cachet incidents or updates (\"human_status\", "
                  "\"component_id\" with \"occurred_at\", \"incident_id\" with \"permalink\")",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
