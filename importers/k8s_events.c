/* k8s_events.c -- Kubernetes Events (kubectl get events -o json: a List of
 * Events; a single Event; several documents one after another, as
 * `kubectl get events -w -o json` writes them) as log and change events,
 * core/v1 and events.k8s.io/v1 field names alike (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - One Event object is one timeline event, however many times Kubernetes saw
 *   it: at its last observation -- "series.lastObservedTime", else
 *   "lastTimestamp" ("deprecatedLastTimestamp"), else "eventTime", else
 *   "firstTimestamp" ("deprecatedFirstTimestamp"), else
 *   "metadata.creationTimestamp" (kubectl's LAST SEEN) -- with attrs "count"
 *   ("series.count", else "count"/"deprecatedCount", else 1) and "first" (the
 *   first observation, RFC 3339 UTC). The text says it:
 *   "12 × BackOff, 14:02–14:09 UTC, Pod shop/web-7d4b9-x2k: Back-off restarting
 *   failed container" (one occurrence: "BackOff, Pod ...: message").
 * - type: reasons BackOff, Failed, Unhealthy, OOMKilling, Evicted,
 *   FailedScheduling and FailedMount are log.error whatever their type;
 *   ScalingReplicaSet, a SuccessfulCreate of a ReplicaSet (on a Deployment, or
 *   saying "replica set") and a Pulled that pulled an image ("Successfully
 *   pulled", not "already present") are change.deploy (kind change); any other
 *   "Warning" is log.warning; the rest log.info.
 * - actor: the component that reported it ("source.component",
 *   "reportingController", "reportingComponent", "deprecatedSource.component").
 *   attrs: "reason", "count", "first", "object" ("Pod shop/web-1"),
 *   "event_type" (Normal/Warning), "host" (the node that reported it).
 * - Identity: "metadata.uid" and the count (else namespace/name and the
 *   count). An Event is updated in place as it repeats, so two exports taken
 *   minutes apart hold it at two counts: both are kept (each is a different
 *   observation), and the same Event read twice at one count folds.
 * - Read after the window is known and cut to it like a log. The file is
 *   streamed (jsonstream.h, issue 11): documents one after another (`-w`)
 *   are read one at a time, a large List's "items" and a large top-level
 *   array element by element, so memory follows the largest Event, not the
 *   file; a file of one document up to 1 MiB is read whole.
 * - An Event without any time is warning "no-time"; a time that does not read
 *   is warning "bad-time"; a count that is not a positive integer is warning
 *   "bad-count" and read as 1; an element of "items" that is not an object is
 *   warning "bad-record". A document that is not an Event, a List or an array
 *   is an error naming its line. */
#include "importer.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

typedef struct kctx {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_jsondocs docs; /* the text being read: the file, or one streamed record */
    const char *source;
    rg_json_offsets items; /* elements of arrays named "items" */
    rg_json_offsets top;   /* elements of a top-level array */
    rg_locator loc;        /* lines of the Events, in one pass */
} kctx;

static int oom(kctx *k)
{
    return rg_diag_error(k->sink->diag, k->src->path, 0, 0, "out of memory");
}

static const json_t *obj_get(const json_t *o, const char *key)
{
    return json_is_object(o) ? json_object_get(o, key) : NULL;
}

static const char *str_of(const json_t *o, const char *key)
{
    const json_t *v = obj_get(o, key);
    return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* The first of the keys (a dotted "a.b" looks one level down) that is a
 * non-empty string; *which gets its name. */
static const char *first_str(const json_t *o, const char *const *keys, const char **which)
{
    for (; *keys; keys++) {
        const char *dot = strchr(*keys, '.');
        const char *v;
        if (dot) {
            char outer[32];
            snprintf(outer, sizeof(outer), "%.*s", (int)(dot - *keys), *keys);
            v = str_of(obj_get(o, outer), dot + 1);
        } else {
            v = str_of(o, *keys);
        }
        if (v) {
            if (which)
                *which = *keys;
            return v;
        }
    }
    return NULL;
}

static int reason_in(const char *r, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(r, *list) == 0)
            return 1;
    return 0;
}

static int contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return 1;
    return 0;
}

/* "14:02" in UTC, or "2026-11-20 14:02" when with_date. */
static void hhmm(int64_t at_us, int with_date, char *out, size_t cap)
{
    char buf[32];
    rg_time_format_short(at_us, buf); /* "2026-11-20 14:02:03" */
    if (with_date)
        snprintf(out, cap, "%.16s", buf);
    else
        snprintf(out, cap, "%.5s", buf + 11);
}

static const char *const error_reasons[] = {"BackOff",     "Failed",  "Unhealthy",
                                            "OOMKilling",  "Evicted", "FailedScheduling",
                                            "FailedMount", NULL};

static const char *const last_keys[] = {"series.lastObservedTime",
                                        "lastTimestamp",
                                        "deprecatedLastTimestamp",
                                        "eventTime",
                                        "firstTimestamp",
                                        "deprecatedFirstTimestamp",
                                        "metadata.creationTimestamp",
                                        NULL};
static const char *const first_keys[] = {"firstTimestamp", "deprecatedFirstTimestamp", "eventTime",
                                         NULL};

/* Reads an RFC 3339 member; 0 and the instant, or -1 (warned) when it does
 * not read. */
static int read_time(kctx *k, const char *v, const char *key, size_t off, int64_t *at)
{
    int flags;
    size_t n = strlen(v);
    rg_time_ctx ctx = {k->src->zone, k->src->ref_us};
    if (rg_time_rfc3339(v, n, &ctx, at, &flags) == n)
        return 0;
    rg_jsondocs_warn(&k->docs, off, "bad-time", "unreadable time '%.40s' in \"%s\"; Event skipped",
                     v, key);
    return -1;
}

/* An Event's identity in *id: metadata.uid and the count, else
 * namespace/name and the count. 0, -1 when out of memory. */
static int ident(const json_t *e, long long count, rg_buf *id)
{
    const json_t *md = obj_get(e, "metadata");
    const char *uid = str_of(md, "uid");
    if (uid)
        return rg_buf_printf(id, "%s|%lld", uid, count) ? -1 : 0;
    const char *ns = str_of(md, "namespace"), *name = str_of(md, "name");
    return rg_buf_printf(id, "%s/%s|%lld", ns ? ns : "", name ? name : "", count) ? -1 : 0;
}

static long long count_of(kctx *k, const json_t *e, size_t off)
{
    const json_t *c = obj_get(obj_get(e, "series"), "count");
    if (!c)
        c = obj_get(e, "count");
    if (!c || json_is_null(c))
        c = obj_get(e, "deprecatedCount");
    if (!c || json_is_null(c))
        return 1;
    if (json_is_integer(c) && json_integer_value(c) >= 1)
        return (long long)json_integer_value(c);
    rg_jsondocs_warn(&k->docs, off, "bad-count",
                     "Event count is not a positive integer; read as 1");
    return 1;
}

static int event(kctx *k, const json_t *e, size_t off)
{
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&k->docs, off, "bad-record", "expected an Event object, got %s; skipped",
                         rg_json_type_name(e));
        return 0;
    }
    const char *last_key = NULL;
    const char *last = first_str(e, last_keys, &last_key);
    if (!last) {
        rg_jsondocs_warn(&k->docs, off, "no-time",
                         "Event has no time (lastTimestamp, eventTime, series.lastObservedTime "
                         "or firstTimestamp); skipped");
        return 0;
    }
    int64_t at;
    if (read_time(k, last, last_key, off, &at) != 0)
        return 0;
    at += k->src->offset_us;
    if (!rg_sink_keep(k->sink, at))
        return 0;
    /* From here on the Event is kept: allocating is fine. */
    const char *first_key = NULL;
    const char *first = first_str(e, first_keys, &first_key);
    int64_t first_at = at;
    if (first && read_time(k, first, first_key, off, &first_at) != 0)
        return 0;
    if (first)
        first_at += k->src->offset_us;
    if (first_at > at)
        first_at = at;
    long long count = count_of(k, e, off);
    const char *reason = str_of(e, "reason");
    const char *message = first_str(e, (const char *const[]){"message", "note", NULL}, NULL);
    const char *etype = str_of(e, "type");
    const json_t *obj = obj_get(e, "involvedObject");
    if (!obj)
        obj = obj_get(e, "regarding");
    const char *okind = str_of(obj, "kind"), *ons = str_of(obj, "namespace"),
               *oname = str_of(obj, "name");
    const char *actor =
        first_str(e,
                  (const char *const[]){"source.component", "reportingController",
                                        "reportingComponent", "deprecatedSource.component", NULL},
                  NULL);
    const char *host =
        first_str(e, (const char *const[]){"source.host", "deprecatedSource.host", NULL}, NULL);

    /* Type: a reason that means failure, a rollout, else the Event's own type. */
    const char *r = reason ? reason : "", *type;
    if (reason_in(r, error_reasons)) {
        type = "log.error";
    } else if (strcmp(r, "ScalingReplicaSet") == 0 ||
               (strcmp(r, "SuccessfulCreate") == 0 &&
                ((okind && strcmp(okind, "Deployment") == 0) ||
                 (message &&
                  (contains_ci(message, "replica set") || contains_ci(message, "replicaset"))))) ||
               (strcmp(r, "Pulled") == 0 && message &&
                contains_ci(message, "successfully pulled"))) {
        type = "change.deploy";
    } else if (etype && strcmp(etype, "Warning") == 0) {
        type = "log.warning";
    } else {
        type = "log.info";
    }
    /* README, "Evidence of any size": the core folds most routine Events
     * (their "reason: message" clustered) before anything is allocated. */
    long line, col = 0;
    rg_locate_line(&k->loc, off, &line);
    rg_jsondocs_fix(&k->docs, &line, &col); /* a streamed record's text starts at line0 */
    char ftext[512];
    int fn = snprintf(ftext, sizeof(ftext), "%s: %s", r, message ? message : "");
    rg_foldable fo = {
        at,    type,
        ftext, fn < 0 ? 0 : (size_t)fn < sizeof(ftext) ? (size_t)fn : sizeof(ftext) - 1,
        actor, actor ? strlen(actor) : 0,
        0,     line,
        NULL,  0,
        0,     0,
        0};
    rg_buf id = {0};
    int have_id = rg_sink_wants_ident(k->sink, at);
    if (have_id) { /* only where files overlap */
        if (ident(e, count, &id) != 0) {
            rg_buf_free(&id);
            return oom(k);
        }
        fo.raw = id.data;
        fo.raw_len = id.len;
    }
    int keep = rg_sink_fold(k->sink, &fo);
    if (keep <= 0) {
        rg_buf_free(&id);
        return keep;
    }
    rg_event *ev = rg_event_new(k->a);
    if (!ev) {
        rg_buf_free(&id);
        return oom(k);
    }
    ev->at_us = at;
    ev->source = k->source;
    ev->actor = actor ? rg_arena_strdup(k->a, actor) : NULL;
    ev->origin = rg_origin(k->a, k->src->path, line);
    ev->time_text = rg_arena_strdup(k->a, last);
    if ((actor && !ev->actor) || !ev->origin || !ev->time_text) {
        rg_buf_free(&id);
        return oom(k);
    }
    ev->type = type;
    ev->kind = strncmp(ev->type, "change.", 7) == 0 ? RG_KIND_CHANGE : RG_KIND_LOG;

    char object[512] = "";
    if (okind || oname)
        snprintf(object, sizeof(object), "%s%s%s%s%s", okind ? okind : "", okind ? " " : "",
                 ons ? ons : "", ons ? "/" : "", oname ? oname : "");
    rg_buf t = {0};
    int rc = 0;
    if (count > 1) {
        char a1[24], a2[24];
        char d1[32], d2[32];
        rg_time_format_short(first_at, d1);
        rg_time_format_short(at, d2);
        int same_day = memcmp(d1, d2, 10) == 0;
        hhmm(first_at, !same_day, a1, sizeof(a1));
        hhmm(at, !same_day, a2, sizeof(a2));
        rc |= rg_buf_printf(&t, "%lld \xC3\x97 %s, %s\xE2\x80\x93%s UTC", count,
                            reason ? reason : "(no reason)", a1, a2);
    } else {
        rc |= rg_buf_puts(&t, reason ? reason : "(no reason)");
    }
    if (object[0])
        rc |= rg_buf_printf(&t, ", %s", object);
    if (message)
        rc |= rg_buf_printf(&t, ": %s", message);
    char num[32], firsttxt[32];
    snprintf(num, sizeof(num), "%lld", count);
    rg_time_format(first_at, firsttxt);
    if (!have_id)
        rc |= ident(e, count, &id);
    if (rc != 0 || !(ev->text = rg_arena_strndup(k->a, t.data ? t.data : "", t.len)))
        goto fail;
    rg_event_identity(ev, id.data, id.len);
    if ((reason && rg_event_attr(k->a, ev, "reason", reason) != 0) ||
        rg_event_attr(k->a, ev, "count", num) != 0 ||
        rg_event_attr(k->a, ev, "first", firsttxt) != 0 ||
        (object[0] && rg_event_attr(k->a, ev, "object", object) != 0) ||
        (etype && rg_event_attr(k->a, ev, "event_type", etype) != 0) ||
        (host && rg_event_attr(k->a, ev, "host", host) != 0))
        goto fail;
    rg_buf_free(&t);
    rg_buf_free(&id);
    return k->sink->emit(k->sink, ev) == 0 ? 0 : oom(k);
fail:
    rg_buf_free(&t);
    rg_buf_free(&id);
    return oom(k);
}

/* An Event, a List of them (any kind with "items"), or an array of either. */
static int value(kctx *k, const json_t *v, size_t off)
{
    if (json_is_object(v) && json_is_array(json_object_get(v, "items"))) {
        int was = k->docs.stream;
        k->docs.stream = 1;
        size_t i;
        const json_t *e;
        json_array_foreach(json_object_get(v, "items"), i, e)
        {
            size_t eoff = rg_json_offsets_take(&k->items, off);
            if (event(k, e, eoff) != 0)
                return -1;
        }
        k->docs.stream = was;
        return 0;
    }
    if (json_is_object(v)) {
        const char *kind = str_of(v, "kind");
        if ((kind && strcmp(kind, "Event") == 0) || obj_get(v, "involvedObject") ||
            obj_get(v, "regarding") || obj_get(v, "reason"))
            return event(k, v, off);
        return rg_jsondocs_shape(&k->docs, off,
                                 "expected a Kubernetes Event or a List of Events, got an object "
                                 "of kind '%s'",
                                 kind ? kind : "(none)");
    }
    return rg_jsondocs_shape(&k->docs, off,
                             "expected a Kubernetes Event or a List of Events, got %s",
                             rg_json_type_name(v));
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    kctx *k = ctx;
    rg_jsondocs_follow(&k->docs, &k->loc);
    /* Scans of the text, only when there are elements to place: a stream of
     * single Events (kubectl -w) needs none. */
    if (json_is_array(root) || json_is_array(obj_get(root, "items")))
        rg_json_offsets_find(&k->items, k->docs.text, off, end, "items");
    if (json_is_array(root))
        rg_json_offsets_find(&k->top, k->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_array(root)) {
        int was = k->docs.stream;
        k->docs.stream = 1;
        size_t i;
        const json_t *v;
        json_array_foreach(root, i, v)
        {
            size_t voff = rg_json_offsets_take(&k->top, off);
            if ((rc = value(k, v, voff)) != 0)
                break;
        }
        k->docs.stream = was;
    } else {
        rc = value(k, root, off);
    }
    rg_json_offsets_free(&k->items);
    rg_json_offsets_free(&k->top);
    return rc;
}

/* One element of a large document read record by record (jsonstream.h): an
 * Event of a List's "items", or a value of a top-level array. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    kctx *k = ctx;
    (void)env;
    rg_jsondocs_follow(&k->docs, &k->loc);
    k->docs.stream = 1; /* one bad record of a List or an array is a warning */
    int rc;
    if (key) {
        rc = event(k, e, off);
    } else {
        if (json_is_array(obj_get(e, "items")))
            rg_json_offsets_find(&k->items, k->docs.text, off, end, "items");
        rc = value(k, e, off);
        rg_json_offsets_free(&k->items);
    }
    k->docs.stream = 0;
    return rc;
}

static const char *const stream_keys[] = {"items", NULL};

static int parse(const rg_source *src, rg_sink *sink)
{
    kctx k;
    memset(&k, 0, sizeof(k));
    k.src = src;
    k.sink = sink;
    k.a = sink->arena;
    k.source = rg_arena_strdup(sink->arena, src->name ? src->name : src->path);
    if (!k.source)
        return oom(&k);
    const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
    int rc = rg_jsondocs_stream(&k.docs, src->path, sink->diag, &ops, &k);
    rg_json_offsets_free(&k.items);
    rg_json_offsets_free(&k.top);
    return rc;
}

/* "kind": "Event" (or an EventList / List whose items are Events) with the
 * fields only an Event has. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    int event_kind = rg_text_has(head, head_len, "\"kind\": \"Event\"") ||
                     rg_text_has(head, head_len, "\"kind\":\"Event\"") ||
                     rg_text_has(head, head_len, "\"kind\": \"EventList\"") ||
                     rg_text_has(head, head_len, "\"kind\":\"EventList\"");
    int fields = rg_text_has(head, head_len, "\"involvedObject\"") ||
                 rg_text_has(head, head_len, "\"regarding\"");
    int reason = rg_text_has(head, head_len, "\"reason\"");
    if (event_kind && (fields || reason))
        return 90;
    if (fields && reason)
        return 80;
    return 0;
}

const rg_importer rg_importer_k8s_events = {
    .name = "k8s-events",
    .kind = RG_KIND_LOG,
    .summary = "Kubernetes Events: kubectl get events -o json (core/v1 and events.k8s.io/v1)",
    .recognises = "JSON with \"kind\": \"Event\" (or a List of them) and \"involvedObject\" or "
                  "\"regarding\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
