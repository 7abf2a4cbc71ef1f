/* pagerduty.c -- PagerDuty incident log entries (REST API v2 list, newest first)
 * and PagerDuty webhook deliveries (v2 "messages", v3 "event") as page events.
 *
 * What it reads, in one file:
 *  - {"log_entries": [...], "limit", "offset", "more", "total"}: one page of
 *    GET /log_entries or /incidents/{id}/log_entries, newest first, any offset;
 *  - a bare array of log entries, or {"log_entry": {...}} (GET /log_entries/{id});
 *  - v2 webhooks {"messages": [{"event": "incident.acknowledge", "log_entries":
 *    [...], "incident": {...}, "created_on"}]}; a message without log entries
 *    becomes one event at its "created_on";
 *  - v3 webhooks {"event": {"event_type": "incident.triggered", "occurred_at",
 *    "agent", "data"}};
 *  - a JSON array of any of these, or several of them one after another (one
 *    per line, as a webhook receiver appends them).
 *
 * Mapping (README, "Formats"): trigger -> page.triggered, notify -> page.notified
 * (actor: the person notified; human = 0 because PagerDuty, not that person,
 * produced it), acknowledge -> page.acknowledged, unacknowledge ->
 * page.unacknowledged, escalate -> page.escalated, resolve -> page.resolved,
 * assign -> page.assigned, delegate -> page.delegated, snooze -> page.snoozed,
 * urgency_change -> page.urgency_changed, exhaust/repeat_escalation_path ->
 * page.escalation_exhausted / page.escalation_repeated, reach_trigger_limit /
 * reach_ack_limit -> page.trigger_limit_reached / page.ack_limit_reached,
 * annotate -> kind note, type "note" with the note's text; any other
 * "X_log_entry" -> page.X, so a type PagerDuty adds later still shows up.
 * actor = agent.summary; human = 1 only when the agent is a user (user_reference
 * or user). attrs: pd_incident, pd_type (the PagerDuty type), pd_channel,
 * pd_id, service. A log entry's or webhook event's "id" is its identity: the
 * same fact delivered twice (overlapping pages, webhook retries) is read once
 * by the timeline, which counts the repeat as a duplicate. */
#include "importer.h"

#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

struct pd {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;         /* the file's text, and whether it holds several payloads */
    const char *source;       /* src->name, copied: the source is borrowed only during parse() */
    rg_json_offsets entries;  /* elements of arrays named "log_entries" */
    rg_json_offsets messages; /* elements of arrays named "messages" */
    rg_json_offsets top;      /* elements of a top-level array */
    rg_event **group;         /* events of one log-entry array, before emitting */
    size_t n_group, cap_group;
};

static int oom(struct pd *pd)
{
    return rg_diag_error(pd->sink->diag, pd->src->path, 0, 0, "out of memory");
}

static void where(const struct pd *pd, size_t off, long *line, long *col)
{
    rg_line_col(pd->docs.text, pd->docs.len, off, line, col);
    rg_jsondocs_fix(&pd->docs, line, col);
}

/* Borrowed string at obj.a.b (b may be NULL), or NULL. */
static const char *str2(const json_t *obj, const char *a, const char *b)
{
    const json_t *v = json_object_get(obj, a);
    if (b)
        v = json_is_object(v) ? json_object_get(v, b) : NULL;
    return json_is_string(v) && json_string_value(v)[0] ? json_string_value(v) : NULL;
}

static int is_user(const char *type)
{
    return type && (strcmp(type, "user_reference") == 0 || strcmp(type, "user") == 0);
}

static const struct {
    const char *pd;
    const char *type;
} entry_types[] = {
    {"trigger_log_entry", "page.triggered"},
    {"notify_log_entry", "page.notified"},
    {"acknowledge_log_entry", "page.acknowledged"},
    {"acknowledgement_log_entry", "page.acknowledged"},
    {"unacknowledge_log_entry", "page.unacknowledged"},
    {"escalate_log_entry", "page.escalated"},
    {"resolve_log_entry", "page.resolved"},
    {"assign_log_entry", "page.assigned"},
    {"delegate_log_entry", "page.delegated"},
    {"snooze_log_entry", "page.snoozed"},
    {"urgency_change_log_entry", "page.urgency_changed"},
    {"exhaust_escalation_path_log_entry", "page.escalation_exhausted"},
    {"repeat_escalation_path_log_entry", "page.escalation_repeated"},
    {"reach_trigger_limit_log_entry", "page.trigger_limit_reached"},
    {"reach_ack_limit_log_entry", "page.ack_limit_reached"},
    {"annotate_log_entry", "note"},
};

/* v3 webhook event types and v2 message events ("incident.acknowledge"). */
static const struct {
    const char *pd;
    const char *type;
} webhook_types[] = {
    {"incident.triggered", "page.triggered"},
    {"incident.acknowledged", "page.acknowledged"},
    {"incident.unacknowledged", "page.unacknowledged"},
    {"incident.escalated", "page.escalated"},
    {"incident.resolved", "page.resolved"},
    {"incident.reassigned", "page.assigned"},
    {"incident.delegated", "page.delegated"},
    {"incident.reopened", "page.reopened"},
    {"incident.annotated", "note"},
    {"incident.priority_updated", "page.priority_changed"},
    {"incident.responder.added", "page.responder_added"},
    {"incident.responder.replied", "page.responder_replied"},
    {"incident.status_update_published", "page.status_update"},
    {"incident.trigger", "page.triggered"},
    {"incident.acknowledge", "page.acknowledged"},
    {"incident.unacknowledge", "page.unacknowledged"},
    {"incident.escalate", "page.escalated"},
    {"incident.resolve", "page.resolved"},
    {"incident.assign", "page.assigned"},
    {"incident.delegate", "page.delegated"},
    {"incident.annotate", "note"},
};

/* "push_notification" -> "push notification", in the arena. */
static const char *words(rg_arena *a, const char *s)
{
    char *w = rg_arena_strdup(a, s);
    for (char *p = w; p && *p; p++)
        if (*p == '_')
            *p = ' ';
    return w;
}

/* Reads the timestamp in rec's `member` (the record starts at byte off; `what`
 * names it in warnings) with rg_time_parse, applies the source's clock offset
 * and fills ev->at_us and ev->time_text. Returns 1, 0 when it is missing or
 * unreadable (warned), -1 on out of memory. */
static int read_time(struct pd *pd, const json_t *rec, const char *member, size_t off,
                     const char *what, rg_event *ev)
{
    const json_t *v = json_object_get(rec, member);
    if (!v) {
        rg_jsondocs_warn(&pd->docs, off, "no-time", "%s has no '%s'; skipped", what, member);
        return 0;
    }
    if (!json_is_string(v)) {
        rg_jsondocs_warn(&pd->docs, off, "bad-time",
                         "%s has '%s' as %s, expected a timestamp; skipped", what, member,
                         rg_json_type_name(v));
        return 0;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    rg_time_ctx ctx = {pd->src->zone, pd->src->ref_us};
    int64_t at;
    int flags = 0;
    if (rg_time_parse(s, n, &ctx, &at, &flags) != 0) {
        rg_jsondocs_warn(&pd->docs, off, "bad-time",
                         "cannot read '%s' as a time in '%s'; %s skipped", s, member, what);
        return 0;
    }
    ev->at_us = at + pd->src->offset_us;
    ev->time_text = rg_time_text(pd->sink->arena, s, n, pd->src, flags);
    return ev->time_text ? 1 : -1;
}

static int attr(struct pd *pd, rg_event *ev, const char *key, const char *value)
{
    if (!value)
        return 0;
    return rg_event_attr(pd->sink->arena, ev, key, value);
}

/* A new event with the fields every PagerDuty event shares. */
static rg_event *new_event(struct pd *pd, size_t off)
{
    rg_event *ev = rg_event_new(pd->sink->arena);
    if (!ev)
        return NULL;
    long line, col;
    where(pd, off, &line, &col);
    ev->kind = RG_KIND_PAGE;
    ev->source = pd->source;
    ev->origin = rg_origin(pd->sink->arena, pd->src->path, line);
    return ev->origin ? ev : NULL;
}

/* The text of a note: PagerDuty puts it in channel.content (REST) or
 * channel.summary, older exports in "note" or channel.notes. */
static const char *note_text(const json_t *e)
{
    const char *t = str2(e, "channel", "content");
    if (!t)
        t = str2(e, "channel", "summary");
    if (!t)
        t = str2(e, "note", NULL);
    if (!t)
        t = str2(e, "channel", "notes");
    if (!t)
        t = str2(e, "summary", NULL);
    return t;
}

/* Converts one log entry at byte offset off. Returns 1 with *out set, 0 when it
 * was skipped (warned, or already read), -1 on out of memory. */
static int entry_event(struct pd *pd, const json_t *e, size_t off, rg_event **out)
{
    rg_arena *a = pd->sink->arena;
    *out = NULL;
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&pd->docs, off, "bad-record",
                         "log entry is %s, expected an object; skipped", rg_json_type_name(e));
        return 0;
    }
    const char *pdtype = rg_json_str(e, "type");
    if (!pdtype) {
        rg_jsondocs_warn(&pd->docs, off, "bad-record", "log entry has no 'type'; skipped");
        return 0;
    }
    const char *type = NULL;
    for (size_t i = 0; i < sizeof(entry_types) / sizeof(entry_types[0]); i++)
        if (strcmp(pdtype, entry_types[i].pd) == 0)
            type = entry_types[i].type;
    if (!type) {
        size_t n = strlen(pdtype), sl = strlen("_log_entry");
        if (n <= sl || strcmp(pdtype + n - sl, "_log_entry") != 0) {
            rg_jsondocs_warn(&pd->docs, off, "unknown-type",
                             "log entry type '%s' is not a PagerDuty log entry; skipped", pdtype);
            return 0;
        }
        type = rg_arena_printf(a, "page.%.*s", (int)(n - sl), pdtype);
        if (!type)
            return -1;
    }
    rg_event *ev = new_event(pd, off);
    if (!ev)
        return -1;
    int r = read_time(pd, e, "created_at", off, "log entry", ev);
    if (r <= 0)
        return r;
    const char *id = rg_json_str(e, "id");
    if (id)
        rg_event_identity(ev, id, strlen(id));
    ev->type = type;
    const char *agent = str2(e, "agent", "summary");
    ev->human = is_user(str2(e, "agent", "type"));
    const char *channel = str2(e, "channel", "type");
    const char *text = str2(e, "summary", NULL);
    if (strcmp(type, "note") == 0) {
        ev->kind = RG_KIND_NOTE;
        text = note_text(e);
    } else if (strcmp(type, "page.notified") == 0) {
        /* The person paged did not act: PagerDuty did. */
        agent = str2(e, "user", "summary");
        ev->human = 0;
        if (!channel) {
            /* Older exports: "notification": {"type": "sms_notification"}. */
            const char *nt = str2(e, "notification", "type");
            size_t n = nt ? strlen(nt) : 0, sl = strlen("_notification");
            if (nt && n > sl && strcmp(nt + n - sl, "_notification") == 0)
                n -= sl;
            if (nt && !(channel = rg_arena_strndup(a, nt, n)))
                return -1;
        }
        if (!text) {
            const char *how = channel ? words(a, channel) : "an unknown channel";
            if (!how ||
                !(text = rg_arena_printf(a, "notified %s by %s", agent ? agent : "someone", how)))
                return -1;
        }
    }
    if (!text && !(text = words(a, pdtype)))
        return -1;
    ev->actor = agent ? rg_arena_strdup(a, agent) : NULL;
    ev->text = rg_arena_strdup(a, text);
    if (!ev->text || (agent && !ev->actor))
        return -1;
    if (attr(pd, ev, "pd_incident", str2(e, "incident", "id")) < 0 ||
        attr(pd, ev, "pd_type", pdtype) < 0 || attr(pd, ev, "pd_channel", channel) < 0 ||
        attr(pd, ev, "pd_id", id) < 0 || attr(pd, ev, "service", str2(e, "service", "summary")) < 0)
        return -1;
    *out = ev;
    return 1;
}

static int group_add(struct pd *pd, rg_event *ev)
{
    if (pd->n_group == pd->cap_group) {
        size_t cap = pd->cap_group ? pd->cap_group * 2 : 64;
        rg_event **g = rg_realloc(pd->group, cap * sizeof(*g));
        if (!g)
            return -1;
        pd->group = g;
        pd->cap_group = cap;
    }
    pd->group[pd->n_group++] = ev;
    return 0;
}

/* Emits the events of one log-entry array. The REST API lists newest first;
 * such a run is emitted oldest first, so events at the same second keep their
 * real order (trigger before notify) in the timeline's arrival order. */
static int group_flush(struct pd *pd)
{
    size_t n = pd->n_group;
    int reverse = n > 1 && pd->group[0]->at_us > pd->group[n - 1]->at_us;
    pd->n_group = 0;
    for (size_t i = 0; i < n; i++) {
        rg_event *ev = pd->group[reverse ? n - 1 - i : i];
        if (pd->sink->emit(pd->sink, ev) != 0)
            return oom(pd);
    }
    return 0;
}

/* One log entry of a group; a non-entry is warned about. */
static int group_entry(struct pd *pd, const json_t *e, size_t off)
{
    rg_event *ev;
    int r = entry_event(pd, e, off, &ev);
    if (r < 0)
        return oom(pd);
    if (r > 0 && group_add(pd, ev) != 0)
        return oom(pd);
    return 0;
}

static int entries_array(struct pd *pd, const json_t *arr, size_t arr_off)
{
    size_t i;
    const json_t *e;
    json_array_foreach(arr, i, e)
    {
        if (group_entry(pd, e, rg_json_offsets_take(&pd->entries, arr_off)) != 0)
            return -1;
    }
    return group_flush(pd);
}

static const char *webhook_type(struct pd *pd, const char *ev_type)
{
    for (size_t i = 0; i < sizeof(webhook_types) / sizeof(webhook_types[0]); i++)
        if (strcmp(ev_type, webhook_types[i].pd) == 0)
            return webhook_types[i].type;
    if (strncmp(ev_type, "incident.", 9) != 0)
        return NULL;
    char *t = rg_arena_printf(pd->sink->arena, "page.%s", ev_type + 9);
    for (char *p = t ? t + 5 : NULL; p && *p; p++)
        if (*p == '.')
            *p = '_';
    return t;
}

/* Completes and emits the event of a webhook record (v3 event or v2 message):
 * type (kind note or page), actor (agent, copied; NULL for none), text (else
 * the webhook's event type ev_type) and attrs. Returns 0, or -1 with an error. */
static int webhook_emit(struct pd *pd, rg_event *ev, const char *type, const char *ev_type,
                        const char *agent, int human, const char *text, const char *incident,
                        const char *id, const char *service)
{
    rg_arena *a = pd->sink->arena;
    ev->type = type;
    ev->kind = strcmp(type, "note") == 0 ? RG_KIND_NOTE : RG_KIND_PAGE;
    ev->human = human;
    ev->actor = agent ? rg_arena_strdup(a, agent) : NULL;
    ev->text = rg_arena_strdup(a, text ? text : ev_type);
    if (!ev->text || (agent && !ev->actor))
        return oom(pd);
    if (attr(pd, ev, "pd_incident", incident) < 0 || attr(pd, ev, "pd_type", ev_type) < 0 ||
        attr(pd, ev, "pd_id", id) < 0 || attr(pd, ev, "service", service) < 0)
        return oom(pd);
    if (pd->sink->emit(pd->sink, ev) != 0)
        return oom(pd);
    return 0;
}

/* A v3 webhook: {"event": {"id", "event_type", "occurred_at", "agent", "data"}}. */
static int v3_event(struct pd *pd, const json_t *event, size_t off)
{
    const char *ev_type = rg_json_str(event, "event_type");
    if (!ev_type) {
        rg_jsondocs_warn(&pd->docs, off, "bad-record",
                         "webhook event has no 'event_type'; skipped");
        return 0;
    }
    const char *type = webhook_type(pd, ev_type);
    if (!type) {
        rg_jsondocs_warn(&pd->docs, off, "unknown-type",
                         "webhook event '%s' is not about an incident; skipped", ev_type);
        return 0;
    }
    rg_event *ev = new_event(pd, off);
    if (!ev)
        return oom(pd);
    int r = read_time(pd, event, "occurred_at", off, "webhook event", ev);
    if (r < 0)
        return oom(pd);
    if (r == 0)
        return 0;
    const char *id = rg_json_str(event, "id");
    if (id)
        rg_event_identity(ev, id, strlen(id));
    const json_t *data = json_object_get(event, "data");
    const char *incident = NULL, *text = NULL;
    if (json_is_object(data)) {
        const char *dt = rg_json_str(data, "type");
        if (dt && strcmp(dt, "incident") == 0) {
            incident = str2(data, "id", NULL);
            text = str2(data, "title", NULL);
        } else {
            incident = str2(data, "incident", "id");
            text = str2(data, "incident", "summary");
        }
        if (strcmp(type, "note") == 0 && str2(data, "content", NULL))
            text = str2(data, "content", NULL);
        else if (strcmp(type, "page.status_update") == 0 && str2(data, "message", NULL))
            text = str2(data, "message", NULL);
    }
    return webhook_emit(pd, ev, type, ev_type, str2(event, "agent", "summary"),
                        is_user(str2(event, "agent", "type")), text, incident, id,
                        json_is_object(data) ? str2(data, "service", "summary") : NULL);
}

/* A v2 webhook message that carries no log entry: one event at "created_on",
 * by whoever last changed the incident's status. */
static int v2_message(struct pd *pd, const json_t *msg, size_t off)
{
    const char *ev_type = rg_json_str(msg, "event");
    const char *type = ev_type ? webhook_type(pd, ev_type) : NULL;
    if (!type) {
        rg_jsondocs_warn(&pd->docs, off, "unknown-type",
                         "webhook message '%s' is not about an incident; skipped",
                         ev_type ? ev_type : "(no event)");
        return 0;
    }
    rg_event *ev = new_event(pd, off);
    if (!ev)
        return oom(pd);
    int r = read_time(pd, msg, "created_on", off, "webhook message", ev);
    if (r <= 0)
        return r < 0 ? oom(pd) : 0;
    const char *id = rg_json_str(msg, "id");
    if (id)
        rg_event_identity(ev, id, strlen(id));
    const json_t *inc = json_object_get(msg, "incident");
    const char *agent = NULL, *agent_type = NULL, *text = NULL, *incident = NULL;
    if (json_is_object(inc)) {
        agent = str2(inc, "last_status_change_by", "summary");
        agent_type = str2(inc, "last_status_change_by", "type");
        text = str2(inc, "summary", NULL);
        if (!text)
            text = str2(inc, "title", NULL);
        incident = str2(inc, "id", NULL);
    }
    return webhook_emit(pd, ev, type, ev_type, agent, is_user(agent_type), text, incident, id,
                        json_is_object(inc) ? str2(inc, "service", "summary") : NULL);
}

/* The "more" flag says this page is not the whole list; since the API lists
 * newest first, what is missing is the older entries, the trigger among them. */
static void check_more(struct pd *pd, const json_t *obj, size_t n, size_t off)
{
    if (!json_is_true(json_object_get(obj, "more")))
        return;
    const json_t *total = json_object_get(obj, "total");
    if (json_is_integer(total))
        rg_jsondocs_warn(
            &pd->docs, off, "incomplete",
            "the export is one page of %zu of %lld log entries ('more' is true); the others "
            "are missing",
            n, (long long)json_integer_value(total));
    else
        rg_jsondocs_warn(
            &pd->docs, off, "incomplete",
            "the export is one page of %zu log entries ('more' is true); the others are missing",
            n);
}

/* An object: a page of log entries, a v2 or v3 webhook, or one log entry. */
static int object(struct pd *pd, const json_t *obj, size_t off, size_t end)
{
    const json_t *v;
    if ((v = json_object_get(obj, "log_entries"))) {
        if (!json_is_array(v))
            return rg_jsondocs_shape(
                &pd->docs, rg_json_member_value(pd->docs.text, off, end, "log_entries"),
                "expected an array of log entries, got %s", rg_json_type_name(v));
        check_more(pd, obj, json_array_size(v), off);
        /* located in this array alone (as the next two): an entry's
         * channel details are the sender's own JSON, and may hold arrays
         * named "log_entries" or "messages" */
        rg_json_offsets_path(&pd->entries, pd->docs.text, off, end, "log_entries");
        return entries_array(pd, v, off);
    }
    if ((v = json_object_get(obj, "messages")) && json_is_array(v)) {
        size_t i;
        const json_t *msg;
        rg_json_offsets_path(&pd->messages, pd->docs.text, off, end, "messages");
        json_array_foreach(v, i, msg)
        {
            size_t moff = rg_json_offsets_take(&pd->messages, off);
            const json_t *le = json_is_object(msg) ? json_object_get(msg, "log_entries") : NULL;
            int rc;
            if (!json_is_object(msg)) {
                rg_jsondocs_warn(&pd->docs, moff, "bad-record",
                                 "webhook message is %s, expected an object; skipped",
                                 rg_json_type_name(msg));
                rc = 0;
            } else if (json_is_array(le) && json_array_size(le) > 0) {
                rg_json_offsets_path(&pd->entries, pd->docs.text, moff, end, "log_entries");
                rc = entries_array(pd, le, moff);
            } else {
                rc = v2_message(pd, msg, moff);
            }
            if (rc != 0)
                return -1;
        }
        return 0;
    }
    if ((v = json_object_get(obj, "event")) && json_is_object(v))
        return v3_event(pd, v, rg_json_member_value(pd->docs.text, off, end, "event"));
    if ((v = json_object_get(obj, "log_entry")) && json_is_object(v)) {
        if (group_entry(pd, v, rg_json_member_value(pd->docs.text, off, end, "log_entry")) != 0)
            return -1;
        return group_flush(pd);
    }
    if (rg_json_str(obj, "type") && json_object_get(obj, "created_at")) {
        if (group_entry(pd, obj, off) != 0)
            return -1;
        return group_flush(pd);
    }
    return rg_jsondocs_shape(
        &pd->docs, off, "expected an array of log entries, got an object without 'log_entries'");
}

static int is_payload(const json_t *v)
{
    return json_is_object(v) &&
           (json_object_get(v, "log_entries") || json_is_array(json_object_get(v, "messages")) ||
            json_is_object(json_object_get(v, "event")) ||
            json_is_object(json_object_get(v, "log_entry")));
}

/* One JSON document at text[off..end). */
static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct pd *pd = ctx;
    rg_json_offsets_find(&pd->top, pd->docs.text, off, end, NULL);

    int rc = 0;
    if (json_is_object(root)) {
        rc = object(pd, root, off, end);
    } else if (json_is_array(root)) {
        /* A bare array of log entries, or of whole payloads. */
        size_t i;
        const json_t *e;
        json_array_foreach(root, i, e)
        {
            size_t eoff = rg_json_offsets_take(&pd->top, off);
            if (is_payload(e)) {
                size_t next = rg_json_offsets_peek(&pd->top, end);
                rc = group_flush(pd);
                if (rc == 0) {
                    int was = pd->docs.stream;
                    pd->docs.stream = 1; /* one bad payload in an array is one bad record */
                    rc = object(pd, e, eoff, next);
                    pd->docs.stream = was;
                }
            } else {
                rc = group_entry(pd, e, eoff);
            }
            if (rc != 0)
                break;
        }
        if (rc == 0)
            rc = group_flush(pd);
    } else {
        rc = rg_jsondocs_shape(&pd->docs, off, "expected an array of log entries, got %s",
                               rg_json_type_name(root));
    }
    rg_json_offsets_free(&pd->entries);
    rg_json_offsets_free(&pd->messages);
    rg_json_offsets_free(&pd->top);
    return rc;
}

/* One element of a large document read record by record (jsonstream.h): of
 * "log_entries", a log entry; of a top-level array, as document() takes it. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    struct pd *pd = ctx;
    (void)env;
    if (key || !is_payload(e))
        return group_entry(pd, e, off);
    int rc = group_flush(pd);
    if (rc == 0) {
        pd->docs.stream = 1; /* one bad payload in an array is one bad record */
        rc = object(pd, e, off, end);
        pd->docs.stream = 0;
    }
    rg_json_offsets_free(&pd->entries);
    rg_json_offsets_free(&pd->messages);
    return rc;
}

/* The end of a streamed array: its run of entries is emitted; a page's "more"
 * is read now, since it follows "log_entries" in the API's output. */
static int done(void *ctx, const char *key, const json_t *env, size_t n)
{
    struct pd *pd = ctx;
    if (key)
        check_more(pd, env, n, 0);
    return group_flush(pd);
}

static const char *const stream_keys[] = {"log_entries", NULL};

static int parse(const rg_source *src, rg_sink *sink)
{
    struct pd pd;
    memset(&pd, 0, sizeof(pd));
    pd.src = src;
    pd.sink = sink;
    pd.source = rg_arena_strdup(sink->arena, src->name);
    if (!pd.source)
        return oom(&pd);
    const rg_jsondocs_ops ops = {stream_keys, document, element, done, 0, NULL};
    int rc = rg_jsondocs_stream(&pd.docs, src->path, sink->diag, &ops, &pd);
    rg_free(pd.group);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"log_entries\"") ||
        rg_text_has(head, head_len, "_log_entry\""))
        return 90;
    if (rg_text_has(head, head_len, "\"event_type\"") && rg_text_has(head, head_len, "\"incident."))
        return 85;
    if (rg_text_has(head, head_len, "\"messages\"") && rg_text_has(head, head_len, "\"incident."))
        return 80;
    return 0;
}

const rg_importer rg_importer_pagerduty = {
    .name = "pagerduty",
    .kind = RG_KIND_PAGE,
    .summary = "PagerDuty incident log entries (REST API export) and webhook deliveries",
    .recognises = "JSON with \"log_entries\" or \"*_log_entry\" types, or PagerDuty v2/v3 "
                  "webhook payloads (\"messages\" / \"event_type\": \"incident.*\")",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
