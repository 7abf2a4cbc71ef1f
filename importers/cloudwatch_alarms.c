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
 * renderers escape it.
 *
 * Memory: a file over 1 MiB is read item by item (jsonstream.h): each element
 * of "AlarmHistoryItems" (or of a top-level array) is handed to jansson
 * alone. The states can only be followed once every item is read (the API
 * lists newest first, pages may overlap), so each item waits as the event it
 * will be, built in the sink's arena where it ends anyway, with a small note
 * of what its state change says (struct pending); only the order and the
 * state-dependent type, text and fingerprint are decided at the end. Nothing
 * else grows with the file. Warnings about an item's HistoryData are given
 * then, in time order, naming its line (its column is not kept). */
#include "importer.h"

#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonpages.h"
#include "jsonstream.h"
#include "jsontime.h"
#include "jsonutil.h"
#include "strmap.h"

/* What an item's history type is. */
enum { ITEM_STATE, ITEM_ACTION, ITEM_OTHER };

/* One history item, read and waiting to be ordered: the items of every page
 * are ordered together, oldest first, so each alarm's states are followed in
 * the order they happened. Arena-owned, as is everything it points to but
 * path. */
typedef struct pending {
    struct pending *next;      /* the item read before this one, until sorted */
    rg_event *ev;              /* built, as it will be unless its turn says the alarm was
                                  firing (maybe_resolved); NULL: a state change with no
                                  states to read, warned and skipped in its turn */
    const char *name;          /* the alarm (the event's alarm_name) */
    const char *resolved_text; /* maybe_resolved: the text as alert.resolved, when
                                  it differs ("name: stateReason") */
    const char *path;          /* the page it is in (borrowed for parse()) */
    long line;                 /* no column: it is warned after the text is gone */
    int64_t at_us;
    unsigned char what;           /* ITEM_* */
    unsigned char from_summary;   /* the states came from HistorySummary: warned */
    unsigned char maybe_resolved; /* new state OK, old not ALARM: alert.resolved if
                                     the alarm is firing in its turn, else a note */
    unsigned char sets;           /* a state change: FIRING_SET, FIRING_CLEAR, or 0 (no
                                     change: INSUFFICIENT_DATA keeps a firing open) */
} pending;

enum { FIRING_SET = 1, FIRING_CLEAR = 2 };

struct cw {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;
    rg_json_offsets items; /* elements of arrays named "AlarmHistoryItems" */
    rg_json_offsets top;
    rg_locator loc;
    pending *items_read; /* the last item read first */
    rg_strmap firing;    /* alarm name -> &firing_mark while it is in ALARM */
};

static char firing_mark;

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

static int is_firing(const struct cw *c, const char *name)
{
    return rg_strmap_get(&c->firing, name, strlen(name)) != NULL;
}

static int set_firing(struct cw *c, const char *name, int firing)
{
    if (!firing && !is_firing(c, name))
        return 0;
    return rg_strmap_put(&c->firing, name, strlen(name), firing ? &firing_mark : NULL);
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

/* Builds item obj (checked by add_item) into p: the event as it will be
 * unless the alarm's earlier states make it a resolution. Returns 0 or -1
 * (out of memory). */
static int build(struct cw *c, const json_t *obj, pending *p, const char *time_text)
{
    rg_arena *a = c->sink->arena;
    const char *name = nonempty(obj, "AlarmName");
    const char *kind = nonempty(obj, "HistoryItemType");
    const char *summary = nonempty(obj, "HistorySummary");
    const char *data_text = nonempty(obj, "HistoryData");
    json_t *data = data_text ? json_loads(data_text, 0, NULL) : NULL;
    p->what = strcmp(kind, "StateUpdate") == 0 ? ITEM_STATE
              : strcmp(kind, "Action") == 0    ? ITEM_ACTION
                                               : ITEM_OTHER;
    const char *old_state = NULL, *new_state = NULL, *reason = NULL;
    char old_buf[32], new_buf[32];
    if (p->what == ITEM_STATE) {
        const json_t *o = json_object_get(data, "oldState"), *n = json_object_get(data, "newState");
        old_state = nonempty(o, "stateValue");
        new_state = nonempty(n, "stateValue");
        reason = nonempty(n, "stateReason");
        if (!new_state) {
            if (!states_from_summary(summary, old_buf, new_buf)) {
                json_decref(data);
                p->name = rg_arena_strdup(a, name); /* no event: warned in its turn */
                return p->name ? 0 : -1;
            }
            p->from_summary = 1;
            old_state = old_buf;
            new_state = new_buf;
        }
    }
    int rc = -1;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        goto out;
    ev->at_us = p->at_us;
    ev->time_text = time_text;
    ev->source = c->source;
    ev->actor = "cloudwatch";
    ev->human = 0;
    ev->origin = rg_origin(a, p->path, p->line);
    const char *plain = summary ? summary : name;
    if (p->what == ITEM_STATE) {
        ev->kind = RG_KIND_ALERT;
        if (strcmp(new_state, "ALARM") == 0) {
            ev->type = "alert.firing";
        } else if (strcmp(new_state, "INSUFFICIENT_DATA") == 0) {
            ev->type = "alert.nodata";
        } else if (strcmp(new_state, "OK") == 0 && old_state && strcmp(old_state, "ALARM") == 0) {
            ev->type = "alert.resolved";
        } else {
            /* OK after INSUFFICIENT_DATA ends a firing only if there was one */
            p->maybe_resolved = strcmp(new_state, "OK") == 0;
            ev->kind = RG_KIND_NOTE;
            ev->type = "note";
        }
        p->sets = strcmp(new_state, "INSUFFICIENT_DATA") == 0 ? 0
                  : strcmp(new_state, "ALARM") == 0           ? FIRING_SET
                                                              : FIRING_CLEAR;
        if (ev->kind == RG_KIND_ALERT && reason)
            ev->text = rg_arena_printf(a, "%s: %s", name, reason);
        else
            ev->text = rg_arena_strdup(a, plain);
        if (p->maybe_resolved && reason &&
            !(p->resolved_text = rg_arena_printf(a, "%s: %s", name, reason)))
            goto out;
    } else if (p->what == ITEM_ACTION) {
        ev->kind = RG_KIND_PAGE;
        ev->type = "page.notified";
        const char *target = nonempty(data, "notificationResource");
        if (target) {
            const char *colon = strrchr(target, ':');
            ev->actor = rg_arena_strdup(a, colon && colon[1] ? colon + 1 : target);
        }
        ev->text = rg_arena_strdup(a, plain);
    } else {
        ev->kind = RG_KIND_NOTE;
        ev->type = "note";
        ev->text = rg_arena_strdup(a, plain);
    }
    char *id = rg_arena_printf(a, "%s|%s|%s|%s", name, time_text, kind, summary ? summary : "");
    if (!ev->text || !ev->actor || !ev->origin || !id)
        goto out;
    rg_event_identity(ev, id, strlen(id));
    /* the fingerprint, last, is added in the item's turn, when it is an alert */
    if (rg_event_attr(a, ev, "alarm_name", name) < 0 ||
        attr(a, ev, "alarm_type", nonempty(obj, "AlarmType")) != 0 ||
        rg_event_attr(a, ev, "history_type", kind) < 0 ||
        attr(a, ev, "old_state", old_state) != 0 || attr(a, ev, "new_state", new_state) != 0 ||
        attr(a, ev, "action_state", nonempty(data, "actionState")) != 0)
        goto out;
    p->name = ev->attrs->value; /* alarm_name's copy */
    p->ev = ev;
    rc = 0;
out:
    json_decref(data);
    return rc;
}

/* One item in its turn, oldest first: a state change read against the
 * alarm's state so far, then the event to the sink. */
static int item_event(struct cw *c, const pending *p)
{
    rg_event *ev = p->ev;
    if (!ev) {
        rg_diag_warn(c->sink->diag, p->path, p->line, 0, "bad-record",
                     "StateUpdate of alarm '%s' has no readable 'HistoryData' nor a "
                     "summary 'from X to Y'; skipped",
                     p->name);
        return 0;
    }
    if (p->what == ITEM_STATE) {
        if (p->from_summary)
            rg_diag_warn(c->sink->diag, p->path, p->line, 0, "bad-history-data",
                         "StateUpdate of alarm '%s' has no readable 'HistoryData'; the states "
                         "were taken from its summary",
                         p->name);
        if (p->maybe_resolved && is_firing(c, p->name)) {
            ev->kind = RG_KIND_ALERT;
            ev->type = "alert.resolved";
            if (p->resolved_text)
                ev->text = p->resolved_text;
        }
        if (p->sets && set_firing(c, p->name, p->sets == FIRING_SET) != 0)
            return oom(c);
        if (ev->kind == RG_KIND_ALERT &&
            rg_event_attr(c->sink->arena, ev, "fingerprint", p->name) < 0)
            return oom(c);
    }
    return c->sink->emit(c->sink, ev) != 0 ? oom(c) : 0;
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
    int64_t at;
    const char *time_text, *why;
    int r = rg_json_time(c->sink->arena, c->src, t, 0, &at, &time_text, &why);
    if (r < 0)
        return oom(c);
    if (r == 0) {
        rg_jsondocs_warn(&c->docs, off, "bad-time",
                         "alarm history item has 'Timestamp' as %s, expected a time; skipped", why);
        return 0;
    }
    pending *p = rg_arena_alloc(c->sink->arena, sizeof(*p));
    if (!p)
        return oom(c);
    memset(p, 0, sizeof(*p));
    p->path = c->src->path;
    p->at_us = at + c->src->offset_us;
    rg_locate_line(&c->loc, off, &p->line);
    if (c->docs.line0 > 0) /* the text is one item of a streamed file */
        p->line += c->docs.line0 - 1;
    if (build(c, obj, p, time_text) != 0)
        return oom(c);
    p->next = c->items_read;
    c->items_read = p;
    return 0;
}

/* The run that starts at *p, cut from what follows it (returned): items in
 * time order, ties in list order, or items in strictly falling time order,
 * turned around (no ties in it, so the sort stays stable). *p becomes the
 * run's first item. Both ways, so that a listing read newest first or
 * oldest first is one run. */
static pending *cut_run(pending **p)
{
    pending *q = *p;
    if (q->next && q->next->at_us < q->at_us) {
        pending *rev = NULL;
        for (;;) {
            pending *next = q->next;
            q->next = rev;
            rev = q;
            if (!next || next->at_us >= q->at_us) {
                *p = rev;
                return next;
            }
            q = next;
        }
    }
    while (q->next && q->next->at_us >= q->at_us)
        q = q->next;
    pending *rest = q->next;
    q->next = NULL;
    return rest;
}

/* Runs a and b (a before b in the list) merged, ties taken from a: the
 * merge stays stable. *last gets the merged run's last item. */
static pending *merge_runs(pending *a, pending *b, pending **last)
{
    pending *head = NULL, **tail = &head, *end = NULL;
    while (a || b) {
        pending **from = !b || (a && a->at_us <= b->at_us) ? &a : &b;
        end = *from;
        *tail = end;
        tail = &end->next;
        *from = end->next;
    }
    *last = end;
    return head;
}

/* The items read, oldest first; of one instant, the later-listed first (the
 * API lists newest first). The list holds the last read first, so a stable
 * sort by time alone gives that order. A natural merge sort, in place: a
 * listing read whole, newest or oldest first, is one run and is walked
 * once. The merge sort by runs of fixed length it replaced walked a list
 * of 267,000 items (a 100 MiB history) eighteen times, from cache miss to
 * cache miss, and took 12 times as long as for a tenth of it (bench row
 * 7). */
static pending *sort_items(pending *list)
{
    while (list) {
        pending *head = NULL, **tail = &head;
        size_t runs = 0;
        while (list) {
            pending *a = list, *b = cut_run(&a);
            list = b ? cut_run(&b) : NULL;
            pending *last;
            *tail = merge_runs(a, b, &last);
            tail = &last->next;
            runs++;
        }
        if (runs <= 1)
            return head;
        list = head;
    }
    return NULL;
}

/* Orders the queued items oldest first and emits them. */
static int flush(struct cw *c)
{
    pending *p = sort_items(c->items_read);
    c->items_read = NULL;
    for (; p; p = p->next)
        if (item_event(c, p) != 0)
            return -1;
    return 0;
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
    rg_jsondocs_follow(&c->docs, &c->loc);
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

/* One item of a large file read record by record (jsonstream.h): an element
 * of "AlarmHistoryItems" or of a top-level array. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    struct cw *c = ctx;
    (void)key;
    (void)env;
    (void)end;
    rg_jsondocs_follow(&c->docs, &c->loc);
    return add_item(c, e, off);
}

static const char *const stream_keys[] = {"AlarmHistoryItems", NULL};

/* One file: its items are queued (emitted by parse() once every page is read). */
static int read_file(void *ctx, const rg_source *file)
{
    struct cw *c = ctx;
    c->src = file;
    c->docs.flags = JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    c->docs.repair_nul = 1;
    c->loc = (rg_locator){NULL, 0, 0, 1};
    const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
    return rg_jsondocs_stream(&c->docs, file->path, c->sink->diag, &ops, c);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct cw c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    rg_strmap_init(&c.firing, sink->arena);
    c.source = rg_arena_strdup(sink->arena, src->name);
    int rc = c.source ? rg_pages_read(src, sink, read_file, &c) : oom(&c);
    c.src = src; /* read_file's page source was on rg_pages_read's stack */
    if (rc == 0)
        rc = flush(&c);
    rg_strmap_free(&c.firing);
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
