/* zabbix.c -- Zabbix problems and events (the JSON-RPC API's problem.get and
 * event.get results) as alert, page and note events.
 *
 * What it reads: the result array alone, or the whole JSON-RPC response
 * {"jsonrpc": "2.0", "result": [...], "id"} (a response with "error" is an
 * error naming Zabbix's message); several documents one after another; a
 * folder holding only such files (jsonpages.h). The API writes every number
 * as a string ("clock": "1585321941"); numbers are read as integers in either
 * form, never through a double.
 *
 * Each object {"eventid", "source", "object", "objectid", "clock", "ns",
 * "value", "r_eventid", "r_clock", "r_ns", "name", "severity",
 * "acknowledges", "hosts", "tags"}:
 *  - a trigger's problem (source 0, object 0; value "1", or no value as in
 *    problem.get) -> alert.firing at clock + ns;
 *  - its recovery -> alert.resolved: at r_clock + r_ns when r_clock is not
 *    "0" (problem.get), or the recovery event itself (value "0", event.get);
 *    both carry the recovery event's id as identity, so a file holding both
 *    forms reads it once;
 *  - each of "acknowledges" [{"acknowledgeid", "userid", "clock", "message",
 *    "action", "username", "name", "surname"}]: with the acknowledge bit (2)
 *    of "action" -> page.acknowledged by that user (human), text the message;
 *    other actions (close 1, message 4, severity 8, unacknowledge 16, ...) ->
 *    a note with the message or what was done. Zabbix before 4.0 wrote no
 *    "action": every entry was an acknowledgement;
 *  - events of other sources or objects (discovery, autoregistration,
 *    internal) -> a note.
 * The fingerprint that pairs a firing with its resolution is the trigger
 * ("objectid"). Actor: "zabbix" (acknowledgements: "name surname", else the
 * username, else "user <userid>"); text: the problem's name; attrs
 * "eventid", "severity" (not classified, information, warning, average,
 * high, disaster), "trigger", "host" (hosts[0]), "tag.<tag>", "fingerprint".
 * Identity: eventid (the recovery's for alert.resolved), eventid +
 * acknowledgeid for acknowledgements. time_text: "clock.ns" as written.
 * A problem whose "name" is not a string is warning "bad-record" (skipped).
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it.
 * A file over 1 MiB is read problem by problem (jsonstream.h): each element
 * of the result array (or of "result") is handed to jansson alone, so memory
 * follows the largest problem, not the file. */
#include "importer.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonpages.h"
#include "jsonstream.h"
#include "jsonutil.h"

struct zb {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;
    rg_json_offsets result; /* elements of arrays named "result" */
    rg_json_offsets top;
    rg_json_offsets acks; /* elements of arrays named "acknowledges" */
    rg_locator loc;
};

static int oom(struct zb *z)
{
    return rg_diag_error(z->sink->diag, z->src->path, 0, 0, "out of memory");
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

/* An integer member written as a string of digits or as a JSON integer.
 * Returns 1 and sets *v, 0 when absent, -1 when it is something else. */
static int int_member(const json_t *obj, const char *key, long long *v)
{
    const json_t *m = json_object_get(obj, key);
    if (!m)
        return 0;
    if (json_is_integer(m)) {
        *v = json_integer_value(m);
        return 1;
    }
    if (!json_is_string(m))
        return -1;
    const char *s = json_string_value(m);
    size_t n = json_string_length(m);
    int neg = n > 0 && s[0] == '-';
    size_t i = (size_t)neg;
    if (i == n)
        return -1;
    unsigned long long x = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || x > (9223372036854775807ULL - 9) / 10)
            return -1;
        x = x * 10 + (unsigned)(s[i] - '0');
    }
    *v = neg ? -(long long)x : (long long)x;
    return 1;
}

/* An id member (string or integer) as text, or NULL. */
static const char *id_text(rg_arena *a, const json_t *obj, const char *key)
{
    const json_t *m = json_object_get(obj, key);
    if (json_is_string(m) && json_string_length(m))
        return rg_arena_strdup(a, json_string_value(m));
    if (json_is_integer(m))
        return rg_arena_printf(a, "%lld", (long long)json_integer_value(m));
    return NULL;
}

/* Reads clock (+ ns) members; returns 1, 0 (warned), -1 (out of memory). */
static int read_clock(struct zb *z, const json_t *obj, const char *clock_key, const char *ns_key,
                      size_t off, const char *what, int64_t *at_us, const char **text)
{
    long long clock, ns = 0;
    int r = int_member(obj, clock_key, &clock);
    if (r == 0) {
        rg_jsondocs_warn(&z->docs, off, "no-time", "%s has no '%s'; skipped", what, clock_key);
        return 0;
    }
    if (r < 0 || rg_time_epoch_int(clock, 1, at_us) != 0) {
        const char *v = rg_json_str(obj, clock_key);
        rg_jsondocs_warn(&z->docs, off, "bad-time",
                         "%s has '%s' as '%s', expected epoch seconds; skipped", what, clock_key,
                         v ? v : "a value that is not a number");
        return 0;
    }
    int rn = ns_key ? int_member(obj, ns_key, &ns) : 0;
    if (rn < 0 || ns < 0 || ns > 999999999) {
        const char *v = rg_json_str(obj, ns_key);
        rg_jsondocs_warn(&z->docs, off, "bad-time",
                         "%s has '%s' as '%s', expected nanoseconds 0 to 999999999; skipped", what,
                         ns_key, v ? v : "a value that is not a number");
        return 0;
    }
    *at_us += ns / 1000;
    *text = rn > 0 ? rg_arena_printf(z->sink->arena, "%lld.%09lld", clock, ns)
                   : rg_arena_printf(z->sink->arena, "%lld", clock);
    return *text ? 1 : -1;
}

static const char *const severities[] = {"not classified", "information", "warning",
                                         "average",        "high",        "disaster"};

static int attr(rg_arena *a, rg_event *ev, const char *key, const char *value)
{
    return value ? rg_event_attr(a, ev, key, value) : 0;
}

/* The attributes every event of a problem shares. */
static int problem_attrs(struct zb *z, rg_event *ev, const json_t *e, const char *eventid,
                         const char *trigger)
{
    rg_arena *a = z->sink->arena;
    long long sev;
    const char *severity = NULL;
    if (int_member(e, "severity", &sev) == 1 && sev >= 0 && sev <= 5)
        severity = severities[sev];
    const json_t *hosts = json_object_get(e, "hosts");
    const json_t *h0 = json_array_get(hosts, 0);
    const char *host = nonempty(h0, "name");
    if (!host)
        host = nonempty(h0, "host");
    if (attr(a, ev, "eventid", eventid) != 0 || attr(a, ev, "severity", severity) != 0 ||
        attr(a, ev, "trigger", trigger) != 0 || attr(a, ev, "host", host) != 0)
        return -1;
    size_t i;
    const json_t *t;
    json_array_foreach(json_object_get(e, "tags"), i, t)
    {
        const char *tag = nonempty(t, "tag");
        if (!tag)
            continue;
        const char *k = rg_arena_printf(a, "tag.%s", tag);
        const char *v = rg_json_str(t, "value");
        if (!k || rg_event_attr(a, ev, k, v ? v : "") < 0)
            return -1;
    }
    return 0;
}

static rg_event *new_event(struct zb *z, size_t off, int64_t at_us, const char *time_text)
{
    rg_event *ev = rg_event_new(z->sink->arena);
    if (!ev)
        return NULL;
    long line;
    rg_locate_line(&z->loc, off, &line);
    if (z->docs.line0 > 0) /* the text is one problem of a streamed file */
        line += z->docs.line0 - 1;
    ev->at_us = at_us + z->src->offset_us;
    ev->time_text = time_text;
    ev->source = z->source;
    ev->actor = "zabbix";
    ev->human = 0;
    ev->origin = rg_origin(z->sink->arena, z->src->path, line);
    return ev->origin ? ev : NULL;
}

static int emit(struct zb *z, rg_event *ev)
{
    return z->sink->emit(z->sink, ev) != 0 ? oom(z) : 0;
}

/* One entry of "acknowledges". */
static int acknowledgement(struct zb *z, const json_t *e, const json_t *ack, size_t off,
                           const char *eventid, const char *trigger, const char *name)
{
    rg_arena *a = z->sink->arena;
    if (!json_is_object(ack)) {
        rg_jsondocs_warn(&z->docs, off, "bad-record",
                         "acknowledgement is %s, expected an object; skipped",
                         rg_json_type_name(ack));
        return 0;
    }
    int64_t at;
    const char *tt;
    int r = read_clock(z, ack, "clock", NULL, off, "acknowledgement", &at, &tt);
    if (r <= 0)
        return r < 0 ? oom(z) : 0;
    long long action = 2; /* before Zabbix 4.0 every entry was an acknowledgement */
    int has_action = int_member(ack, "action", &action);
    if (has_action < 0) {
        rg_jsondocs_warn(&z->docs, off, "bad-record",
                         "acknowledgement has an 'action' that is not a number; skipped");
        return 0;
    }
    rg_event *ev = new_event(z, off, at, tt);
    if (!ev)
        return oom(z);
    const char *message = nonempty(ack, "message");
    const char *first = nonempty(ack, "name"), *last = nonempty(ack, "surname");
    const char *user = nonempty(ack, "username");
    const char *uid = id_text(a, ack, "userid");
    if (first && last)
        ev->actor = rg_arena_printf(a, "%s %s", first, last);
    else if (first || last)
        ev->actor = rg_arena_strdup(a, first ? first : last);
    else if (user)
        ev->actor = rg_arena_strdup(a, user);
    else
        ev->actor = uid ? rg_arena_printf(a, "user %s", uid) : NULL;
    ev->human = 1;
    if (action & 2) {
        ev->kind = RG_KIND_PAGE;
        ev->type = "page.acknowledged";
        ev->text =
            message ? rg_arena_strdup(a, message) : rg_arena_printf(a, "acknowledged: %s", name);
    } else {
        ev->kind = RG_KIND_NOTE;
        ev->type = "note";
        const char *did = action & 1    ? "closed the problem"
                          : action & 16 ? "unacknowledged the problem"
                          : action & 8  ? "changed the severity"
                                        : "updated the problem";
        ev->text = message ? rg_arena_strdup(a, message) : rg_arena_printf(a, "%s: %s", did, name);
    }
    const char *ackid = id_text(a, ack, "acknowledgeid");
    const char *id = rg_arena_printf(a, "%s|ack|%s", eventid, ackid ? ackid : tt);
    char act[24];
    snprintf(act, sizeof(act), "%lld", action);
    if (!ev->text || !id || (!ev->actor && (first || last || user || uid)))
        return oom(z);
    rg_event_identity(ev, id, strlen(id));
    if (problem_attrs(z, ev, e, eventid, trigger) != 0 ||
        (has_action && rg_event_attr(a, ev, "action", act) < 0))
        return oom(z);
    return emit(z, ev);
}

/* An alert event of a problem. */
static int alert_event(struct zb *z, const json_t *e, size_t off, const char *type, int64_t at_us,
                       const char *tt, const char *ident, const char *eventid, const char *trigger,
                       const char *name)
{
    rg_arena *a = z->sink->arena;
    rg_event *ev = new_event(z, off, at_us, tt);
    if (!ev)
        return oom(z);
    ev->kind = RG_KIND_ALERT;
    ev->type = type;
    ev->text = rg_arena_strdup(a, name);
    const char *fp = trigger ? rg_arena_printf(a, "trigger %s", trigger)
                             : rg_arena_printf(a, "event %s", eventid);
    if (!ev->text || !fp)
        return oom(z);
    rg_event_identity(ev, ident, strlen(ident));
    if (problem_attrs(z, ev, e, eventid, trigger) != 0 ||
        rg_event_attr(a, ev, "fingerprint", fp) < 0)
        return oom(z);
    return emit(z, ev);
}

static int event(struct zb *z, const json_t *e, size_t off, size_t end)
{
    rg_arena *a = z->sink->arena;
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&z->docs, off, "bad-record",
                         "problem or event is %s, expected an object; skipped",
                         rg_json_type_name(e));
        return 0;
    }
    const char *eventid = id_text(a, e, "eventid");
    if (!eventid) {
        rg_jsondocs_warn(&z->docs, off, "bad-record", "problem or event has no 'eventid'; skipped");
        return 0;
    }
    const char *trigger = id_text(a, e, "objectid");
    const json_t *name_v = json_object_get(e, "name");
    if (name_v && !json_is_null(name_v) && !json_is_string(name_v)) {
        rg_jsondocs_warn(&z->docs, off, "bad-record",
                         "problem or event has 'name' as %s, expected a string; skipped",
                         rg_json_type_name(name_v));
        return 0;
    }
    const char *name = nonempty(e, "name");
    if (!name)
        name = rg_arena_printf(a, "event %s", eventid);
    if (!name)
        return oom(z);
    long long source = 0, object = 0, value = 1;
    int rs = int_member(e, "source", &source), ro = int_member(e, "object", &object);
    int rv = int_member(e, "value", &value);
    int64_t at;
    const char *tt;
    int r = read_clock(z, e, "clock", "ns", off, "problem or event", &at, &tt);
    if (r <= 0)
        return r < 0 ? oom(z) : 0;
    if (rs < 0 || ro < 0 || rv < 0 || source != 0 || object != 0) {
        /* Discovery, autoregistration and internal events are not alerts. */
        rg_event *ev = new_event(z, off, at, tt);
        const char *id = rg_arena_printf(a, "event|%s", eventid);
        if (!ev || !id)
            return oom(z);
        ev->kind = RG_KIND_NOTE;
        ev->type = "note";
        ev->text = rg_arena_strdup(a, name);
        if (!ev->text)
            return oom(z);
        rg_event_identity(ev, id, strlen(id));
        if (problem_attrs(z, ev, e, eventid, trigger) != 0)
            return oom(z);
        return emit(z, ev);
    }
    const char *rid = id_text(a, e, "r_eventid");
    if (rid && strcmp(rid, "0") == 0)
        rid = NULL;
    if (value == 0) {
        /* A recovery event (event.get): it resolves the trigger's problem. */
        if (alert_event(z, e, off, "alert.resolved", at, tt, eventid, eventid, trigger, name) != 0)
            return -1;
    } else {
        if (alert_event(z, e, off, "alert.firing", at, tt, eventid, eventid, trigger, name) != 0)
            return -1;
        long long rclock;
        if (int_member(e, "r_clock", &rclock) == 1 && rclock != 0) {
            int64_t rat;
            const char *rtt;
            r = read_clock(z, e, "r_clock", json_object_get(e, "r_ns") ? "r_ns" : NULL, off,
                           "problem", &rat, &rtt);
            if (r < 0)
                return oom(z);
            const char *rident = rid ? rid : rg_arena_printf(a, "%s|recovery", eventid);
            if (!rident)
                return oom(z);
            if (r > 0 && alert_event(z, e, off, "alert.resolved", rat, rtt, rident, eventid,
                                     trigger, name) != 0)
                return -1;
        }
    }
    const json_t *acks = json_object_get(e, "acknowledges");
    if (acks && !json_is_array(acks)) {
        rg_jsondocs_warn(&z->docs, off, "bad-record",
                         "problem has 'acknowledges' as %s, expected an array; they are skipped",
                         rg_json_type_name(acks));
        return 0;
    }
    size_t i;
    const json_t *ack;
    json_array_foreach(acks, i, ack)
    {
        size_t aoff = rg_json_offsets_take(&z->acks, off);
        if (aoff >= end)
            aoff = off;
        if (acknowledgement(z, e, ack, aoff, eventid, trigger, name) != 0)
            return -1;
    }
    return 0;
}

static int results(struct zb *z, const json_t *arr, size_t off, size_t end, rg_json_offsets *offs)
{
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        size_t eoff = rg_json_offsets_take(offs, off);
        if (event(z, e, eoff, rg_json_offsets_peek(offs, end)) != 0)
            return -1;
    }
    return 0;
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct zb *z = ctx;
    rg_jsondocs_follow(&z->docs, &z->loc);
    rg_json_offsets_find(&z->result, z->docs.text, off, end, "result");
    rg_json_offsets_find(&z->top, z->docs.text, off, end, NULL);
    rg_json_offsets_find(&z->acks, z->docs.text, off, end, "acknowledges");
    int rc = 0;
    const json_t *v;
    if (json_is_array(root)) {
        rc = results(z, root, off, end, &z->top);
    } else if (json_is_object(root) && (v = json_object_get(root, "result"))) {
        if (!json_is_array(v))
            rc = rg_jsondocs_shape(&z->docs, rg_json_member_value(z->docs.text, off, end, "result"),
                                   "expected an array of problems or events, got %s",
                                   rg_json_type_name(v));
        else
            rc = results(z, v, off, end, &z->result);
    } else if (json_is_object(root) && (v = json_object_get(root, "error"))) {
        const char *msg = nonempty(v, "message"), *data = nonempty(v, "data");
        rc = rg_jsondocs_shape(
            &z->docs, off, "the Zabbix API answered with an error, not results: '%s'%s%s%s",
            msg ? msg : "", data ? " ('" : "", data ? data : "", data ? "')" : "");
    } else if (json_is_object(root) && json_object_get(root, "eventid")) {
        rc = event(z, root, off, end);
    } else {
        rc = rg_jsondocs_shape(&z->docs, off,
                               "expected Zabbix problems or events (an array, or a JSON-RPC "
                               "response with 'result'), got %s",
                               json_is_object(root) ? "an object without 'result'"
                                                    : rg_json_type_name(root));
    }
    rg_json_offsets_free(&z->result);
    rg_json_offsets_free(&z->top);
    rg_json_offsets_free(&z->acks);
    return rc;
}

/* One problem or event of a large file read record by record (jsonstream.h):
 * an element of "result" or of a top-level array. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    struct zb *z = ctx;
    (void)key;
    (void)env;
    rg_jsondocs_follow(&z->docs, &z->loc);
    rg_json_offsets_find(&z->acks, z->docs.text, off, end, "acknowledges");
    int rc = event(z, e, off, end);
    rg_json_offsets_free(&z->acks);
    return rc;
}

static const char *const stream_keys[] = {"result", NULL};

static int read_file(void *ctx, const rg_source *file)
{
    struct zb *z = ctx;
    z->src = file;
    z->docs.flags = JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    z->docs.repair_nul = 1;
    z->loc = (rg_locator){NULL, 0, 0, 1};
    const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
    return rg_jsondocs_stream(&z->docs, file->path, z->sink->diag, &ops, z);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct zb z;
    memset(&z, 0, sizeof(z));
    z.src = src;
    z.sink = sink;
    z.source = rg_arena_strdup(sink->arena, src->name);
    return z.source ? rg_pages_read(src, sink, read_file, &z) : oom(&z);
}

static int sniff_file(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    (void)is_dir;
    if (!head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"eventid\"") && rg_text_has(head, head_len, "\"clock\"") &&
        (rg_text_has(head, head_len, "\"objectid\"") ||
         rg_text_has(head, head_len, "\"r_eventid\"")))
        return 90;
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return rg_pages_sniff(path, sniff_file);
    return sniff_file(path, 0, head, head_len);
}

const rg_importer rg_importer_zabbix = {
    .name = "zabbix",
    .kind = RG_KIND_ALERT,
    .summary = "Zabbix problem.get / event.get results (with or without the JSON-RPC wrapper; "
               "a file or a folder of them)",
    .recognises = "JSON with \"eventid\", \"clock\" and \"objectid\" or \"r_eventid\"; a folder "
                  "of such files",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
