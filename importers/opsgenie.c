/* opsgenie.c -- Opsgenie alert activity: the alert log API (GET
 * /v2/alerts/{id}/logs, and the notes API) and webhook payloads, as page
 * events.
 *
 * What it reads:
 *  - log pages {"data": [{"log", "type", "owner", "createdAt", "offset"}],
 *    "paging": {...}, "took", "requestId"}; notes pages have "note" in place
 *    of "log". An alert's log comes in pages of at most 100: give a folder
 *    holding only the page files and it is one source (jsonpages.h); the
 *    "paging" links are not followed, so every page must be there;
 *  - webhook payloads {"action", "alert": {"alertId", "tinyId", "alias",
 *    "message", "username", "createdAt" (epoch ms), "updatedAt" (epoch ns),
 *    "note", ...}, "source": {"name", "type"}, "integrationName"}, one per
 *    document, an array of them, or one per line;
 *  - a bare array of log entries.
 *
 * Log entries carry no action name, only the text Opsgenie writes ("Alert
 * acknowledged via web", "Viewed on [web]"), so the type comes from the
 * text, tried in this order (case-insensitive): "unacknowledged" ->
 * page.unacknowledged; "acknowledged", "took ownership", "take ownership" ->
 * page.acknowledged; "closed" -> page.resolved; "escalat" -> page.escalated;
 * "created" -> page.triggered; "note" -> a note (kind note); "snoozed" ->
 * page.snoozed; "assigned", "owner" -> page.assigned; "viewed" ->
 * page.viewed; "notif", "sent ", "sms", "voice call", "push" ->
 * page.notified; anything else page.activity, so no entry is lost. A notes
 * page's entries are notes. Actor: the owner; time: createdAt (RFC 3339, or
 * epoch ms); identity: the entry's "offset" (Opsgenie's own unique key:
 * "<ms>_<ns>"), else createdAt + owner + text. Pages list newest first; a
 * page is emitted oldest first so entries of one instant keep their order.
 *
 * Webhook actions: Create -> page.triggered at the alert's createdAt; any
 * other action at the alert's updatedAt: Acknowledge, TakeOwnership ->
 * page.acknowledged; UnAcknowledge -> page.unacknowledged; AssignOwnership ->
 * page.assigned; Escalate, EscalateNext -> page.escalated; Close ->
 * page.resolved; AddNote -> a note with the note's text; Snooze ->
 * page.snoozed; any other -> page.<action in snake case> ("AddTags" ->
 * page.add_tags). Epoch integers are read as int64 (updatedAt is nanoseconds,
 * past 2^53), never through a double. Actor: alert.username; text: the
 * alert's message (the note for AddNote). Identity: alertId + action + the
 * time as written.
 *
 * Human: an entry or action is a person's when its owner / username is set
 * and is not Opsgenie's own "System" (automatic closes, escalations); a
 * notification (page.notified) is never human: Opsgenie sent it; nor is a
 * page.triggered: Opsgenie raised the page (for an integration, or at a
 * person's request: the owner of a create is often an integration's name).
 *
 * Bad input: an entry whose log, note or owner (a webhook's username, message
 * or note) is not a string is warning "bad-record" (skipped), never read as
 * if absent; bytes that are not UTF-8 stop the source at their line and
 * column; a JSON "\u0000" inside a text is shown as U+FFFD (warning "nul"). */
#include "importer.h"

#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonpages.h"
#include "jsonstream.h"
#include "jsontime.h"
#include "jsonutil.h"

struct og {
    const rg_source *src; /* the file being read (a page of a folder source) */
    rg_sink *sink;
    rg_jsondocs docs;
    const char *source;   /* src->name, copied */
    rg_json_offsets data; /* elements of arrays named "data" */
    rg_json_offsets top;  /* elements of a top-level array */
    rg_locator loc;
    rg_event **group; /* the events of one page, before emitting */
    size_t n_group, cap_group;
    int notes; /* a streamed page: -1 until its first object says whether it holds notes */
};

static int oom(struct og *g)
{
    return rg_diag_error(g->sink->diag, g->src->path, 0, 0, "out of memory");
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

static int attr(struct og *g, rg_event *ev, const char *key, const char *value)
{
    return value ? rg_event_attr(g->sink->arena, ev, key, value) : 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive: does s contain needle (lower case)? */
static int has_word(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && lower(s[i]) == needle[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* A person, not Opsgenie's automation. */
static int is_person(const char *who)
{
    if (!who || !who[0])
        return 0;
    static const char sys[] = "system";
    size_t i = 0;
    while (sys[i] && lower(who[i]) == sys[i])
        i++;
    return !(sys[i] == '\0' && who[i] == '\0');
}

/* The type a log entry's text gives (see the file comment). */
static const char *log_type(const char *text)
{
    static const struct {
        const char *word, *type;
    } rules[] = {
        {"unacknowledged", "page.unacknowledged"},
        {"acknowledged", "page.acknowledged"},
        {"took ownership", "page.acknowledged"},
        {"take ownership", "page.acknowledged"},
        {"closed", "page.resolved"},
        {"escalat", "page.escalated"},
        {"created", "page.triggered"},
        {"note", "note"},
        {"snoozed", "page.snoozed"},
        {"assigned", "page.assigned"},
        {"owner", "page.assigned"},
        {"viewed", "page.viewed"},
        {"notif", "page.notified"},
        {"sent ", "page.notified"},
        {"sms", "page.notified"},
        {"voice call", "page.notified"},
        {"push", "page.notified"},
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (has_word(text, rules[i].word))
            return rules[i].type;
    return "page.activity";
}

static int group_add(struct og *g, rg_event *ev)
{
    if (g->n_group == g->cap_group) {
        size_t cap = g->cap_group ? g->cap_group * 2 : 64;
        rg_event **e = rg_realloc(g->group, cap * sizeof(*e));
        if (!e)
            return -1;
        g->group = e;
        g->cap_group = cap;
    }
    g->group[g->n_group++] = ev;
    return 0;
}

/* Emits a page's events oldest first (the API lists newest first). */
static int group_flush(struct og *g)
{
    size_t n = g->n_group;
    int reverse = n > 1 && g->group[0]->at_us > g->group[n - 1]->at_us;
    g->n_group = 0;
    for (size_t i = 0; i < n; i++)
        if (g->sink->emit(g->sink, g->group[reverse ? n - 1 - i : i]) != 0)
            return oom(g);
    return 0;
}

/* Reads member `member` of rec as the record's time; 1, 0 (warned), -1. */
static int record_time(struct og *g, const json_t *rec, const char *member, size_t off,
                       const char *what, rg_event *ev)
{
    const json_t *v = json_object_get(rec, member);
    if (!v) {
        rg_jsondocs_warn(&g->docs, off, "no-time", "%s has no '%s'; skipped", what, member);
        return 0;
    }
    int64_t at;
    const char *why;
    int r = rg_json_time(g->sink->arena, g->src, v, 0, &at, &ev->time_text, &why);
    if (r == 0)
        rg_jsondocs_warn(&g->docs, off, "bad-time", "%s has '%s' as %s, expected a time; skipped",
                         what, member, why);
    if (r == 1)
        ev->at_us = at + g->src->offset_us;
    return r;
}

static rg_event *new_event(struct og *g, size_t off)
{
    rg_event *ev = rg_event_new(g->sink->arena);
    if (!ev)
        return NULL;
    long line;
    rg_locate_line(&g->loc, off, &line);
    if (g->docs.line0 > 0) /* the text is one record of a streamed file */
        line += g->docs.line0 - 1;
    ev->source = g->source;
    ev->origin = rg_origin(g->sink->arena, g->src->path, line);
    return ev->origin ? ev : NULL;
}

/* One entry of a log or notes page; its event joins the page's group. */
static int log_entry(struct og *g, const json_t *e, size_t off, int notes)
{
    rg_arena *a = g->sink->arena;
    if (!json_is_object(e)) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "log entry is %s, expected an object; skipped", rg_json_type_name(e));
        return 0;
    }
    const char *key = notes ? "note" : "log";
    const json_t *tv = json_object_get(e, key);
    if (!json_is_string(tv)) {
        if (tv)
            rg_jsondocs_warn(&g->docs, off, "bad-record", "%s entry has '%s' as %s; skipped",
                             notes ? "note" : "log", key, rg_json_type_name(tv));
        else
            rg_jsondocs_warn(&g->docs, off, "bad-record", "%s entry has no '%s'; skipped",
                             notes ? "note" : "log", key);
        return 0;
    }
    static const char *const texts[] = {"owner", NULL};
    if (rg_json_mistyped_string(e, texts)) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "%s entry has 'owner' as %s, expected a string; skipped",
                         notes ? "note" : "log", rg_json_type_name(json_object_get(e, "owner")));
        return 0;
    }
    rg_event *ev = new_event(g, off);
    if (!ev)
        return oom(g);
    int r = record_time(g, e, "createdAt", off, notes ? "note entry" : "log entry", ev);
    if (r <= 0)
        return r < 0 ? oom(g) : 0;
    const char *text = json_string_value(tv);
    const char *owner = nonempty(e, "owner");
    const char *type = notes ? "note" : log_type(text);
    ev->type = type;
    ev->kind = strcmp(type, "note") == 0 ? RG_KIND_NOTE : RG_KIND_PAGE;
    ev->human = strcmp(type, "page.notified") != 0 && strcmp(type, "page.triggered") != 0 &&
                is_person(owner);
    ev->actor = owner ? rg_arena_strdup(a, owner) : NULL;
    ev->text = rg_arena_strdup(a, text);
    if (!ev->text || (owner && !ev->actor))
        return oom(g);
    const char *offset = nonempty(e, "offset");
    const char *id = offset
                         ? rg_arena_printf(a, "offset|%s", offset)
                         : rg_arena_printf(a, "%s|%s|%s", ev->time_text, owner ? owner : "", text);
    if (!id)
        return oom(g);
    rg_event_identity(ev, id, strlen(id));
    if (attr(g, ev, "opsgenie_type", nonempty(e, "type")) != 0 ||
        attr(g, ev, "opsgenie_offset", offset) != 0)
        return oom(g);
    return group_add(g, ev) != 0 ? oom(g) : 0;
}

/* "AddTags" -> "page.add_tags". */
static const char *action_type(rg_arena *a, const char *action)
{
    static const struct {
        const char *action, *type;
    } map[] = {
        {"Create", "page.triggered"},
        {"Acknowledge", "page.acknowledged"},
        {"TakeOwnership", "page.acknowledged"},
        {"UnAcknowledge", "page.unacknowledged"},
        {"AssignOwnership", "page.assigned"},
        {"Escalate", "page.escalated"},
        {"EscalateNext", "page.escalated"},
        {"Close", "page.resolved"},
        {"AddNote", "note"},
        {"Snooze", "page.snoozed"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(action, map[i].action) == 0)
            return map[i].type;
    rg_buf b = {0};
    int bad = rg_buf_puts(&b, "page.");
    for (const char *p = action; *p && !bad; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') {
            if (p != action && rg_buf_putc(&b, '_') != 0)
                bad = 1;
            c = lower(c);
        } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            c = '_';
        }
        if (!bad && rg_buf_putc(&b, c) != 0)
            bad = 1;
    }
    const char *t = bad ? NULL : rg_arena_strdup(a, b.data);
    rg_buf_free(&b);
    return t;
}

/* Tags as "a, b, c", or NULL when there are none. */
static const char *tags_text(rg_arena *a, const json_t *tags)
{
    if (!json_is_array(tags) || json_array_size(tags) == 0)
        return NULL;
    const char *s = "";
    size_t i;
    const json_t *t;
    json_array_foreach(tags, i, t)
    {
        if (json_is_string(t))
            s = rg_arena_printf(a, "%s%s%s", s, *s ? ", " : "", json_string_value(t));
        if (!s)
            return NULL;
    }
    return *s ? s : NULL;
}

/* A webhook payload at off: one event. */
static int webhook(struct og *g, const json_t *p, size_t off, size_t end)
{
    rg_arena *a = g->sink->arena;
    const char *action = nonempty(p, "action");
    const json_t *al = json_object_get(p, "alert");
    if (!action || !json_is_object(al)) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "webhook payload needs an 'action' string and an 'alert' object; skipped");
        return 0;
    }
    size_t aoff = rg_json_member_value(g->docs.text, off, end, "alert");
    static const char *const texts[] = {"username", "message", "note", NULL};
    const char *bad = rg_json_mistyped_string(al, texts);
    if (bad) {
        rg_jsondocs_warn(&g->docs, aoff, "bad-record",
                         "webhook alert has '%s' as %s, expected a string; skipped", bad,
                         rg_json_type_name(json_object_get(al, bad)));
        return 0;
    }
    const char *type = action_type(a, action);
    rg_event *ev = new_event(g, off);
    if (!type || !ev)
        return oom(g);
    int create = strcmp(action, "Create") == 0;
    const char *member = create ? "createdAt" : "updatedAt";
    int r = record_time(g, al, member, aoff, "webhook alert", ev);
    if (r <= 0)
        return r < 0 ? oom(g) : 0;
    const char *user = nonempty(al, "username");
    const char *alert_id = nonempty(al, "alertId");
    const char *message = nonempty(al, "message");
    const char *note = nonempty(al, "note");
    ev->type = type;
    ev->kind = strcmp(type, "note") == 0 ? RG_KIND_NOTE : RG_KIND_PAGE;
    ev->human = !create && is_person(user);
    ev->actor = user ? rg_arena_strdup(a, user) : NULL;
    const char *text = ev->kind == RG_KIND_NOTE && note ? note : message;
    ev->text = rg_arena_strdup(a, text ? text : action);
    const char *id =
        rg_arena_printf(a, "%s|%s|%s", alert_id ? alert_id : "", action, ev->time_text);
    if (!ev->text || !id || (user && !ev->actor))
        return oom(g);
    rg_event_identity(ev, id, strlen(id));
    const json_t *prio = json_object_get(al, "priority");
    const char *priority = json_is_string(prio) ? json_string_value(prio) : NULL;
    char pbuf[24];
    if (json_is_integer(prio)) {
        snprintf(pbuf, sizeof(pbuf), "P%lld", (long long)json_integer_value(prio));
        priority = pbuf;
    }
    const json_t *via = json_object_get(p, "source");
    if (attr(g, ev, "opsgenie_action", action) != 0 || attr(g, ev, "alert_id", alert_id) != 0 ||
        attr(g, ev, "tiny_id", nonempty(al, "tinyId")) != 0 ||
        attr(g, ev, "alias", nonempty(al, "alias")) != 0 ||
        attr(g, ev, "entity", nonempty(al, "entity")) != 0 ||
        attr(g, ev, "priority", priority) != 0 ||
        attr(g, ev, "tags", tags_text(a, json_object_get(al, "tags"))) != 0 ||
        attr(g, ev, "note", ev->kind == RG_KIND_NOTE ? NULL : note) != 0 ||
        attr(g, ev, "via", nonempty(via, "type")) != 0 ||
        attr(g, ev, "integration", nonempty(p, "integrationName")) != 0)
        return oom(g);
    if (g->sink->emit(g->sink, ev) != 0)
        return oom(g);
    return 0;
}

static int is_log_entry(const json_t *v)
{
    return json_is_object(v) && (json_object_get(v, "log") || json_object_get(v, "note")) &&
           json_object_get(v, "createdAt");
}

/* A page {"data": [...]}: its entries, emitted oldest first. */
static int page(struct og *g, const json_t *data, size_t off)
{
    size_t i;
    const json_t *e;
    int notes = 0;
    json_array_foreach(data, i, e)
    {
        if (json_is_object(e)) {
            notes = !json_object_get(e, "log") && json_object_get(e, "note");
            break;
        }
    }
    json_array_foreach(data, i, e)
    {
        if (log_entry(g, e, rg_json_offsets_take(&g->data, off), notes) != 0)
            return -1;
    }
    return group_flush(g);
}

static int object(struct og *g, const json_t *obj, size_t off, size_t end)
{
    const json_t *data = json_object_get(obj, "data");
    if (data) {
        if (!json_is_array(data))
            return rg_jsondocs_shape(&g->docs, rg_json_member_value(g->docs.text, off, end, "data"),
                                     "expected an array of alert log entries, got %s",
                                     rg_json_type_name(data));
        return page(g, data, off);
    }
    if (json_object_get(obj, "action") || json_object_get(obj, "alert"))
        return webhook(g, obj, off, end);
    return rg_jsondocs_shape(&g->docs, off,
                             "expected an Opsgenie alert log page ('data') or webhook payload "
                             "('action', 'alert'), got an object with neither");
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct og *g = ctx;
    rg_jsondocs_follow(&g->docs, &g->loc);
    rg_json_offsets_find(&g->data, g->docs.text, off, end, "data");
    rg_json_offsets_find(&g->top, g->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_object(root)) {
        rc = object(g, root, off, end);
    } else if (json_is_array(root)) {
        /* Webhook payloads, or a bare array of log entries. */
        int was = g->docs.stream;
        g->docs.stream = 1;
        size_t i;
        const json_t *e;
        json_array_foreach(root, i, e)
        {
            size_t eoff = rg_json_offsets_take(&g->top, off);
            if (is_log_entry(e))
                rc = log_entry(g, e, eoff, !json_object_get(e, "log"));
            else if (json_is_object(e))
                rc = object(g, e, eoff, rg_json_offsets_peek(&g->top, end));
            else
                rc = rg_jsondocs_shape(&g->docs, eoff,
                                       "expected an Opsgenie log entry or webhook payload, got %s",
                                       rg_json_type_name(e));
            if (rc != 0)
                break;
        }
        g->docs.stream = was;
        if (rc == 0)
            rc = group_flush(g);
    } else {
        rc = rg_jsondocs_shape(&g->docs, off,
                               "expected an Opsgenie alert log page or webhook payload, got %s",
                               rg_json_type_name(root));
    }
    rg_json_offsets_free(&g->data);
    rg_json_offsets_free(&g->top);
    return rc;
}

/* One element of a large file read record by record (jsonstream.h): an entry
 * of "data" (whether the page is of notes is read from its first object, as
 * page() does), or of a top-level array, as document() takes it. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *e, size_t off,
                   size_t end)
{
    struct og *g = ctx;
    (void)env;
    g->loc = (rg_locator){g->docs.text, g->docs.len, 0, 1};
    if (key) {
        if (g->notes < 0 && json_is_object(e))
            g->notes = !json_object_get(e, "log") && json_object_get(e, "note");
        return log_entry(g, e, off, g->notes > 0);
    }
    int was = g->docs.stream;
    g->docs.stream = 1;
    int rc;
    if (is_log_entry(e)) {
        rc = log_entry(g, e, off, !json_object_get(e, "log"));
    } else if (json_is_object(e)) {
        rg_json_offsets_find(&g->data, g->docs.text, off, end, "data");
        rc = object(g, e, off, end);
        rg_json_offsets_free(&g->data);
    } else {
        rc = rg_jsondocs_shape(&g->docs, off,
                               "expected an Opsgenie log entry or webhook payload, got %s",
                               rg_json_type_name(e));
    }
    g->docs.stream = was;
    return rc;
}

static int done(void *ctx, const char *key, const json_t *env, size_t n)
{
    struct og *g = ctx;
    (void)key;
    (void)env;
    (void)n;
    g->notes = -1;
    return group_flush(g);
}

static const char *const stream_keys[] = {"data", NULL};

/* One file: a page of a folder source, or the source itself. */
static int read_file(void *ctx, const rg_source *file)
{
    struct og *g = ctx;
    g->src = file;
    g->notes = -1;
    g->docs.flags = JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    g->docs.repair_nul = 1;
    g->loc = (rg_locator){NULL, 0, 0, 1};
    const rg_jsondocs_ops ops = {stream_keys, document, element, done, 0, NULL};
    return rg_jsondocs_stream(&g->docs, file->path, g->sink->diag, &ops, g);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct og g;
    memset(&g, 0, sizeof(g));
    g.src = src;
    g.sink = sink;
    g.source = rg_arena_strdup(sink->arena, src->name);
    int rc = g.source ? rg_pages_read(src, sink, read_file, &g) : oom(&g);
    rg_free(g.group);
    return rc;
}

static int sniff_file(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    (void)is_dir;
    if (!head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"action\"") && rg_text_has(head, head_len, "\"alert\"") &&
        (rg_text_has(head, head_len, "\"alertId\"") || rg_text_has(head, head_len, "\"tinyId\"") ||
         rg_text_has(head, head_len, "\"integrationName\"")))
        return 90;
    if ((rg_text_has(head, head_len, "\"log\"") || rg_text_has(head, head_len, "\"note\"")) &&
        rg_text_has(head, head_len, "\"owner\"") && rg_text_has(head, head_len, "\"createdAt\"") &&
        (rg_text_has(head, head_len, "\"offset\"") || rg_text_has(head, head_len, "\"data\"")))
        return 85;
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return rg_pages_sniff(path, sniff_file);
    return sniff_file(path, 0, head, head_len);
}

const rg_importer rg_importer_opsgenie = {
    .name = "opsgenie",
    .kind = RG_KIND_PAGE,
    .summary = "Opsgenie alert logs and notes (API pages, a file or a folder of them) and "
               "webhook payloads",
    .recognises = "JSON with \"action\", \"alert\" and \"alertId\"/\"tinyId\", or log entries "
                  "with \"log\"/\"note\", \"owner\" and \"createdAt\"; a folder of such pages",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
