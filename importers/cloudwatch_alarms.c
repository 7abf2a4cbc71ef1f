/* cloudwatch_alarms.c -- AWS CloudWatch alarm history (`aws cloudwatch
 * describe-alarm-history`, the DescribeAlarmHistory API) as alert, page and
 * note events.
 *
 * What it reads: {"AlarmHistoryItems": [{"AlarmName", "AlarmType",
 * "Timestamp", "HistoryItemType", "HistorySummary", "HistoryData"}],
 * "NextToken"}, newest first; a bare array of items; several such documents
 * one after another; a folder holding only the pages of one listing
 * (jsonpages.h; "NextToken" is not followed, so every page must be there).
 *
 * HistoryData is a JSON document inside a JSON string: it is parsed. A
 * StateUpdate item's {"oldState": {"stateValue", "stateReason"}, "newState":
 * {"stateValue", "stateReason", "stateReasonData"}} gives, per alarm, read
 * oldest first:
 *  - new state ALARM -> alert.firing;
 *  - new state OK when the alarm was in ALARM -> alert.resolved: its old state
 *    is ALARM, or it went ALARM -> INSUFFICIENT_DATA -> OK (the firing stays
 *    open while data is missing, and the OK ends it);
 *  - new state INSUFFICIENT_DATA -> alert.nodata;
 *  - new state OK otherwise (INSUFFICIENT_DATA -> OK when the alarm had not
 *    fired, as when it is created) -> a note: nothing was resolved.
 * When HistoryData cannot be read, the states come from HistorySummary
 * ("Alarm updated from OK to ALARM") and warning "bad-history-data" says so.
 * Action items (the alarm's SNS notifications and other actions) ->
 * page.notified, not human (CloudWatch sent them), actor the action's target
 * (the SNS topic's name from HistoryData's "notificationResource", else
 * "cloudwatch"), attr "action_state" ("Succeeded"/"Failed"), so a failed page
 * shows. ConfigurationUpdate items (alarm created, changed, deleted) -> a note:
 * a threshold changed during an incident is worth seeing.
 *
 * The alarm name is the alert name and its fingerprint (a firing and its
 * resolution pair on it). Actor of alerts and notes: "cloudwatch"; human 0.
 * Text: "AlarmName: stateReason" for state changes, else the
 * HistorySummary. Time: Timestamp (RFC 3339). Identity: AlarmName + Timestamp
 * + HistoryItemType + HistorySummary, so overlapping pages read an item once.
 * attrs: "alarm_name", "alarm_type", "old_state", "new_state", "fingerprint",
 * "history_type". An item whose AlarmName, HistoryItemType or HistorySummary
 * is not a string is warning "bad-record" (skipped).
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it. */
#include "importer.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonpages.h"
#include "jsontime.h"
#include "jsonutil.h"

/* One history item, read and waiting to be ordered: the items of every page
 * are ordered together, oldest first, so each alarm's states are followed in
 * the order they happened. */
typedef struct item {
    json_t *obj;      /* a reference of our own: it outlives its document */
    const char *path; /* the page it is in (borrowed for parse()) */
    long line, col;   /* col stays 0: the warnings made after every page is read
                         name the line only, as the text is gone by then */
    int64_t at_us;
    const char *time_text;
    size_t seq;
} item;

/* Alarms that are firing, by name, as the items are read oldest first. */
typedef struct open_set {
    const char **names; /* arena-owned */
    size_t n, cap;
} open_set;

struct cw {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;
    rg_json_offsets items; /* elements of arrays named "AlarmHistoryItems" */
    rg_json_offsets top;
    rg_locator loc;
    item *v; /* owned, with a reference to each item's object */
    size_t n, cap;
    open_set open; /* across pages: the state of each alarm read so far */
};

static int oom(struct cw *c)
{
    return rg_diag_error(c->sink->diag, c->src->path, 0, 0, "out of memory");
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

static int attr(rg_arena *a, rg_event *ev, const char *key, const char *value)
{
    return value ? rg_event_attr(a, ev, key, value) : 0;
}

static size_t find_open(const open_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return i;
    return s->n;
}

static int set_open(struct cw *c, const char *name, int firing)
{
    open_set *s = &c->open;
    size_t i = find_open(s, name);
    if (!firing) {
        if (i < s->n)
            s->names[i] = s->names[--s->n];
        return 0;
    }
    if (i < s->n)
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        const char **nn = rg_arena_alloc(c->sink->arena, cap * sizeof(*nn));
        if (!nn)
            return -1;
        if (s->n)
            memcpy(nn, s->names, s->n * sizeof(*nn));
        s->names = nn;
        s->cap = cap;
    }
    s->names[s->n] = rg_arena_strdup(c->sink->arena, name);
    return s->names[s->n++] ? 0 : -1;
}

/* "Alarm updated from OK to ALARM": the two states, into old/new (each up to
 * 31 bytes). Returns 1 when the summary has that shape. */
static int states_from_summary(const char *s, char old[32], char now[32])
{
    const char *p = s ? strstr(s, " from ") : NULL;
    const char *q = p ? strstr(p + 6, " to ") : NULL;
    if (!p || !q)
        return 0;
    size_t on = (size_t)(q - (p + 6)), nn = strcspn(q + 4, " ");
    if (on == 0 || on >= 32 || nn == 0 || nn >= 32)
        return 0;
    memcpy(old, p + 6, on);
    old[on] = '\0';
    memcpy(now, q + 4, nn);
    now[nn] = '\0';
    return 1;
}

/* One item, in time order. */
static int item_event(struct cw *c, const item *it)
{
    rg_arena *a = c->sink->arena;
    const json_t *obj = it->obj;
    const char *name = nonempty(obj, "AlarmName");
    const char *kind = nonempty(obj, "HistoryItemType");
    const char *summary = nonempty(obj, "HistorySummary");
    const char *data_text = nonempty(obj, "HistoryData");
    json_t *data = data_text ? json_loads(data_text, 0, NULL) : NULL;
    int rc = 0;
    rg_event *ev = rg_event_new(a);
    if (!ev) {
        rc = oom(c);
        goto done;
    }
    ev->at_us = it->at_us + c->src->offset_us;
    ev->time_text = it->time_text;
    ev->source = c->source;
    ev->actor = "cloudwatch";
    ev->human = 0;
    ev->origin = rg_origin(a, it->path, it->line);
    const char *old_state = NULL, *new_state = NULL, *reason = NULL;
    char old_buf[32], new_buf[32];
    if (strcmp(kind, "StateUpdate") == 0) {
        const json_t *o = json_object_get(data, "oldState"), *n = json_object_get(data, "newState");
        old_state = nonempty(o, "stateValue");
        new_state = nonempty(n, "stateValue");
        reason = nonempty(n, "stateReason");
        if (!new_state) {
            if (!states_from_summary(summary, old_buf, new_buf)) {
                rg_diag_warn(c->sink->diag, it->path, it->line, it->col, "bad-record",
                             "StateUpdate of alarm '%s' has no readable 'HistoryData' nor a "
                             "summary 'from X to Y'; skipped",
                             name);
                goto done;
            }
            rg_diag_warn(c->sink->diag, it->path, it->line, it->col, "bad-history-data",
                         "StateUpdate of alarm '%s' has no readable 'HistoryData'; the states "
                         "were taken from its summary",
                         name);
            old_state = old_buf;
            new_state = new_buf;
        }
        int was_firing = find_open(&c->open, name) < c->open.n;
        if (strcmp(new_state, "ALARM") == 0) {
            ev->kind = RG_KIND_ALERT;
            ev->type = "alert.firing";
        } else if (strcmp(new_state, "INSUFFICIENT_DATA") == 0) {
            ev->kind = RG_KIND_ALERT;
            ev->type = "alert.nodata";
        } else if (strcmp(new_state, "OK") == 0 &&
                   ((old_state && strcmp(old_state, "ALARM") == 0) || was_firing)) {
            ev->kind = RG_KIND_ALERT;
            ev->type = "alert.resolved";
        } else {
            ev->kind = RG_KIND_NOTE;
            ev->type = "note";
        }
        if (strcmp(new_state, "INSUFFICIENT_DATA") != 0 &&
            set_open(c, name, strcmp(new_state, "ALARM") == 0) != 0) {
            rc = oom(c);
            goto done;
        }
        if (ev->kind == RG_KIND_ALERT && reason)
            ev->text = rg_arena_printf(a, "%s: %s", name, reason);
        else
            ev->text = rg_arena_strdup(a, summary ? summary : name);
    } else if (strcmp(kind, "Action") == 0) {
        ev->kind = RG_KIND_PAGE;
        ev->type = "page.notified";
        const char *target = nonempty(data, "notificationResource");
        if (target) {
            const char *colon = strrchr(target, ':');
            ev->actor = rg_arena_strdup(a, colon && colon[1] ? colon + 1 : target);
        }
        ev->text = rg_arena_strdup(a, summary ? summary : name);
    } else {
        ev->kind = RG_KIND_NOTE;
        ev->type = "note";
        ev->text = rg_arena_strdup(a, summary ? summary : name);
    }
    char *id = rg_arena_printf(a, "%s|%s|%s|%s", name, it->time_text, kind, summary ? summary : "");
    if (!ev->text || !ev->actor || !ev->origin || !id) {
        rc = oom(c);
        goto done;
    }
    rg_event_identity(ev, id, strlen(id));
    if (rg_event_attr(a, ev, "alarm_name", name) < 0 ||
        attr(a, ev, "alarm_type", nonempty(obj, "AlarmType")) != 0 ||
        rg_event_attr(a, ev, "history_type", kind) < 0 ||
        attr(a, ev, "old_state", old_state) != 0 || attr(a, ev, "new_state", new_state) != 0 ||
        attr(a, ev, "action_state", nonempty(data, "actionState")) != 0 ||
        (ev->kind == RG_KIND_ALERT && rg_event_attr(a, ev, "fingerprint", name) < 0)) {
        rc = oom(c);
        goto done;
    }
    if (c->sink->emit(c->sink, ev) != 0)
        rc = oom(c);
done:
    json_decref(data);
    return rc;
}

/* Checks one item and queues it. */
static int add_item(struct cw *c, const json_t *obj, size_t off)
{
    if (!json_is_object(obj)) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "alarm history item is %s, expected an object; skipped",
                         rg_json_type_name(obj));
        return 0;
    }
    static const char *const texts[] = {"AlarmName", "HistoryItemType", "HistorySummary", NULL};
    const char *bad = rg_json_mistyped_string(obj, texts);
    if (bad) {
        rg_jsondocs_warn(&c->docs, off, "bad-record",
                         "alarm history item has '%s' as %s, expected a string; skipped", bad,
                         rg_json_type_name(json_object_get(obj, bad)));
        return 0;
    }
    const char *missing = !nonempty(obj, "AlarmName")         ? "AlarmName"
                          : !nonempty(obj, "HistoryItemType") ? "HistoryItemType"
                                                              : NULL;
    if (missing) {
        rg_jsondocs_warn(&c->docs, off, "bad-record", "alarm history item has no '%s'; skipped",
                         missing);
        return 0;
    }
    const json_t *t = json_object_get(obj, "Timestamp");
    if (!t) {
        rg_jsondocs_warn(&c->docs, off, "no-time",
                         "alarm history item has no 'Timestamp'; skipped");
        return 0;
    }
    item it = {NULL, c->src->path, 0, 0, 0, NULL, c->n};
    rg_locate_line(&c->loc, off, &it.line); /* no column: see item */
    const char *why;
    int r = rg_json_time(c->sink->arena, c->src, t, 0, &it.at_us, &it.time_text, &why);
    if (r < 0)
        return oom(c);
    if (r == 0) {
        rg_jsondocs_warn(&c->docs, off, "bad-time",
                         "alarm history item has 'Timestamp' as %s, expected a time; skipped", why);
        return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        item *v = rg_realloc(c->v, cap * sizeof(*v));
        if (!v)
            return oom(c);
        c->v = v;
        c->cap = cap;
    }
    it.obj = json_incref((json_t *)obj);
    c->v[c->n++] = it;
    return 0;
}

static int cmp_items(const void *pa, const void *pb)
{
    const item *a = pa, *b = pb;
    if (a->at_us != b->at_us)
        return a->at_us < b->at_us ? -1 : 1;
    /* Same instant: the API lists newest first, so the later-listed is older. */
    return a->seq < b->seq ? 1 : a->seq > b->seq ? -1 : 0;
}

/* Orders the queued items oldest first and emits them; drops them all. */
static int flush(struct cw *c)
{
    if (c->n > 1)
        qsort(c->v, c->n, sizeof(*c->v), cmp_items);
    int rc = 0;
    for (size_t i = 0; i < c->n && rc == 0; i++)
        rc = item_event(c, &c->v[i]);
    for (size_t i = 0; i < c->n; i++)
        json_decref(c->v[i].obj);
    c->n = 0;
    return rc;
}

static int items_array(struct cw *c, const json_t *arr, size_t off, rg_json_offsets *offs)
{
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        if (add_item(c, e, rg_json_offsets_take(offs, off)) != 0)
            return -1;
    }
    return 0;
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct cw *c = ctx;
    rg_json_offsets_find(&c->items, c->docs.text, off, end, "AlarmHistoryItems");
    rg_json_offsets_find(&c->top, c->docs.text, off, end, NULL);
    int rc = 0;
    const json_t *v;
    if (json_is_object(root) && (v = json_object_get(root, "AlarmHistoryItems"))) {
        if (!json_is_array(v))
            rc = rg_jsondocs_shape(
                &c->docs, rg_json_member_value(c->docs.text, off, end, "AlarmHistoryItems"),
                "expected an array of alarm history items, got %s", rg_json_type_name(v));
        else
            rc = items_array(c, v, off, &c->items);
    } else if (json_is_array(root)) {
        rc = items_array(c, root, off, &c->top);
    } else if (json_is_object(root)) {
        rc = rg_jsondocs_shape(&c->docs, off,
                               "expected CloudWatch alarm history, got an object without "
                               "'AlarmHistoryItems'");
    } else {
        rc = rg_jsondocs_shape(&c->docs, off, "expected CloudWatch alarm history, got %s",
                               rg_json_type_name(root));
    }
    rg_json_offsets_free(&c->items);
    rg_json_offsets_free(&c->top);
    return rc;
}

/* One file: its items are queued (emitted by parse() once every page is read). */
static int read_file(void *ctx, const rg_source *file)
{
    struct cw *c = ctx;
    c->src = file;
    if (rg_jsondocs_load(&c->docs, file->path, c->sink->diag) != 0)
        return -1;
    c->docs.flags |= JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    c->docs.repair_nul = 1;
    c->loc = (rg_locator){c->docs.text, c->docs.len, 0, 1};
    int rc = rg_jsondocs_read(&c->docs, document, c);
    rg_jsondocs_free(&c->docs);
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct cw c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    c.source = rg_arena_strdup(sink->arena, src->name);
    int rc = c.source ? rg_pages_read(src, sink, read_file, &c) : oom(&c);
    c.src = src; /* read_file's page source was on rg_pages_read's stack */
    if (rc == 0)
        rc = flush(&c);
    for (size_t i = 0; i < c.n; i++)
        json_decref(c.v[i].obj);
    rg_free(c.v);
    return rc;
}

static int sniff_file(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    (void)is_dir;
    if (!head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"AlarmHistoryItems\""))
        return 95;
    if (rg_text_has(head, head_len, "\"HistoryItemType\"") &&
        rg_text_has(head, head_len, "\"AlarmName\""))
        return 85;
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return rg_pages_sniff(path, sniff_file);
    return sniff_file(path, 0, head, head_len);
}

const rg_importer rg_importer_cloudwatch_alarms = {
    .name = "cloudwatch-alarms",
    .kind = RG_KIND_ALERT,
    .summary = "AWS CloudWatch alarm history (describe-alarm-history; a file or a folder of "
               "pages)",
    .recognises = "JSON with \"AlarmHistoryItems\", or items with \"HistoryItemType\" and "
                  "\"AlarmName\"; a folder of such pages",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
