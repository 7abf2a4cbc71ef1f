/* model.c -- the review model: one jansson object that review.json is, and
 * that the templates render (README, "review.json"). Every value here is
 * data; escaping happens when a template renders it. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "alloc.h"
#include "bounds.h"
#include "build.h"
#include "curate.h"
#include "jsonutil.h"
#include "modelval.h"
#include "recognition.h"

#define SCHEMA 1
/* Series rows in the review's metrics table (README, "Monitoring metrics"). */
#define SERIES_LISTED 50

#define set_str rg_model_set_str
#define time_str rg_model_time

static json_t *time_short(int64_t at_us)
{
    char buf[32];
    return json_string(rg_time_format_short(at_us, buf));
}

#define thousands rg_model_thousands

/* Where text is cut at byte n (n no more than its length): n, or the start
 * of the character n falls inside. */
static size_t char_start(const char *text, size_t n)
{
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* The first line of a message, cut at 200 bytes on a character boundary, for
 * the curated timeline's table; the appendix has the whole text. */
static json_t *excerpt(const char *text)
{
    size_t n = strcspn(text, "\r\n");
    int cut = text[n] != '\0';
    if (n > 200) {
        n = char_start(text, 200);
        cut = 1;
    }
    char buf[220];
    snprintf(buf, sizeof(buf), "%.*s%s", (int)n, text, cut ? "\u2026" : "");
    return json_string(buf);
}

/* An entry's text as review.md's full timeline shows it, when the text is
 * longer than RG_MODEL_TEXT_SHOWN bytes: its first ones (to a character)
 * and how many characters more, in e's member `key` ("text_cut" of a
 * timeline entry, "title_cut" of a chat suggestion: review.json;
 * timeline.jsonl and review.json's "text" keep it whole). Every text was
 * written whole, so one 5 MiB stack trace or JSON record made a 5 MiB
 * review.md, and two made one too large for the HTML (README, "Outputs").
 * Returns 0, -1 when out of memory. */
static int text_cut(json_t *e, const char *key, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    if (n <= RG_MODEL_TEXT_SHOWN)
        return 0;
    size_t k = char_start(text, RG_MODEL_TEXT_SHOWN);
    unsigned long long more = 0;
    for (size_t i = k; i < n; i++)
        more += ((unsigned char)text[i] & 0xC0) != 0x80;
    char num[32], tail[120];
    snprintf(tail, sizeof(tail), "\u2026 (%s more characters: the whole text is in timeline.jsonl)",
             thousands(more, num));
    size_t tn = strlen(tail);
    char *s = rg_malloc(k + tn + 1);
    if (!s)
        return -1;
    memcpy(s, text, k);
    memcpy(s + k, tail, tn + 1);
    json_t *v = json_string(s);
    rg_free(s);
    return v ? json_object_set_new(e, key, v) : -1;
}

/* The word that says what kind of event a key event is, so an alert that
 * fires and the same alert resolving, or a page acknowledged and a status
 * post, never read alike (README, "Outputs"). NULL for chat lines and
 * notes (people's words) and anything without a word of its own. */
static const char *event_label(const char *type)
{
    static const struct {
        const char *type, *label;
    } labels[] = {
        {"alert.firing", "Alert firing"},
        {"alert.resolved", "Alert resolved"},
        {"alert.warning", "Alert warning"},
        {"alert.nodata", "Alert without data"},
        {"alert.error", "Alert error"},
        {"alert.", "Alert"},
        {"page.triggered", "Paged"},
        {"page.notified", "Notified"},
        {"page.acknowledged", "Acknowledged"},
        {"page.escalated", "Escalated"},
        {"page.assigned", "Assigned"},
        {"page.resolved", "Page resolved"},
        {"page.", "Page"},
        {"status.investigating", "Status page posted (investigating)"},
        {"status.identified", "Status page posted (identified)"},
        {"status.monitoring", "Status page posted (monitoring)"},
        {"status.resolved", "Status page posted (resolved)"},
        {"status.", "Status page posted"},
        {"change.deploy", "Deployed"},
        {"change.rollback", "Rolled back"},
        {"change.", "Change"},
        {"metric.breach", "Threshold crossed"},
        {"metric.recovered", "Back within threshold"},
        {"log.error", "Errors logged"},
    };
    if (!type)
        return NULL;
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        size_t n = strlen(labels[i].type);
        if (labels[i].type[n - 1] == '.' ? strncmp(type, labels[i].type, n) == 0
                                         : strcmp(type, labels[i].type) == 0)
            return labels[i].label;
    }
    return NULL;
}

/* Whether text already starts with the label's word ("Acknowledged by Linh
 * Tran.", "Escalated to Level 2"): the label is not repeated before it. */
static int says_itself(const char *text, const char *label)
{
    size_t n = strcspn(label, " ");
    return text && strncasecmp(text, label, n) == 0 &&
           !((text[n] >= 'a' && text[n] <= 'z') || (text[n] >= 'A' && text[n] <= 'Z'));
}

static json_t *event_json(const rg_event *ev, int64_t day0_us)
{
    json_t *o = json_object();
    json_object_set_new(o, "at", time_str(ev->at_us));
    json_object_set_new(o, "time", time_short(ev->at_us));
    json_object_set_new(o, "clock", rg_model_clock(ev->at_us, day0_us));
    set_str(o, "kind", rg_kind_name(ev->kind));
    set_str(o, "type", ev->type);
    set_str(o, "source", ev->source);
    set_str(o, "actor", ev->actor);
    json_object_set_new(o, "human", json_boolean(ev->human));
    set_str(o, "text", ev->text);
    set_str(o, "origin", ev->origin);
    set_str(o, "time_text", ev->time_text);
    set_str(o, "milestone", ev->milestone);
    json_object_set_new(o, "manual", json_boolean(ev->manual));
    json_object_set_new(o, "count", json_integer((json_int_t)ev->count));
    if (ev->count > 1) {
        json_object_set_new(o, "last", time_str(ev->last_us));
        json_object_set_new(o, "last_time", time_short(ev->last_us));
        json_object_set_new(o, "last_clock", rg_model_clock(ev->last_us, day0_us));
        json_object_set_new(o, "clustered", json_true());
        char num[32];
        json_object_set_new(o, "count_text", json_string(thousands(ev->count, num)));
    }
    json_object_set_new(o, "excerpt", excerpt(ev->text ? ev->text : ""));
    const char *label = event_label(ev->type);
    set_str(o, "label", label);
    json_object_set_new(o, "label_shown", json_boolean(label && !says_itself(ev->text, label)));
    if (ev->attrs) {
        json_t *attrs = json_object();
        for (const rg_attr *at = ev->attrs; at; at = at->next)
            json_object_set_new(attrs, at->key, json_string(at->value));
        json_object_set_new(o, "attrs", attrs);
    }
    return o;
}

/* README, "Evidence of any size": "log_volume", the in-window log lines
 * (kept and folded) per UTC minute and source by level, and "clusters", each
 * cluster that has folded lines with its counts and first and last times. */
static void log_summary_json(json_t *root, const rg_build *b)
{
    const rg_logsum *sum = &b->logsum;
    json_t *vol = json_array();
    json_t *row = NULL;
    int64_t minute = 0;
    size_t src = 0;
    static const char *const level_names[RG_LEVEL_COUNT] = {"error", "warning", "info"};
    for (size_t i = 0; sum->sorted_minutes && i < sum->n_minutes; i++) {
        const rg_logsum_minute *m = sum->sorted_minutes[i];
        if (!row || m->minute != minute || m->source != src) {
            row = json_object();
            minute = m->minute;
            src = m->source;
            json_object_set_new(row, "at", time_str(minute * INT64_C(60000000)));
            set_str(row, "source", src < b->n_sources ? b->sources[src].src.name : NULL);
            for (int l = 0; l < RG_LEVEL_COUNT; l++)
                json_object_set_new(row, level_names[l], json_integer(0));
            json_object_set_new(row, "folded", json_integer(0));
            json_array_append_new(vol, row);
        }
        json_object_set_new(row, level_names[m->level], json_integer((json_int_t)m->n));
        json_int_t f = json_integer_value(json_object_get(row, "folded"));
        json_object_set_new(row, "folded", json_integer(f + (json_int_t)m->n_folded));
    }
    json_object_set_new(root, "log_volume", vol);
    json_t *clusters = json_array();
    for (size_t i = 0; i < sum->n_sorted_clusters; i++) {
        const rg_logsum_cluster *c = sum->sorted_clusters[i];
        json_t *o = json_object();
        set_str(o, "source", c->source_name);
        set_str(o, "type", c->type);
        set_str(o, "actor", c->actor);
        set_str(o, "text", c->text);
        set_str(o, "origin", c->origin);
        json_object_set_new(o, "first", time_str(c->first_us));
        json_object_set_new(o, "last", time_str(c->last_us));
        json_object_set_new(o, "folded", json_integer((json_int_t)c->n_folded));
        json_object_set_new(o, "kept", json_integer((json_int_t)c->n_kept));
        json_array_append_new(clusters, o);
    }
    json_object_set_new(root, "clusters", clusters);
    json_object_set_new(root, "has_clusters", json_boolean(sum->n_sorted_clusters > 0));
}

/* A group of the curated timeline (curate.h): the first entry's fields,
 * with the group's count and last time, and what it holds in words ("37
 * messages from Ana"). */
static void group_json(json_t *o, const rg_curated_row *row, int64_t day0_us)
{
    char num[32], text[600];
    const rg_event *ev = row->ev;
    json_object_set_new(o, "count", json_integer((json_int_t)row->count));
    json_object_set_new(o, "last", time_str(row->last_us));
    json_object_set_new(o, "last_time", time_short(row->last_us));
    json_object_set_new(o, "last_clock", rg_model_clock(row->last_us, day0_us));
    json_object_del(o, "clustered");
    json_object_del(o, "count_text");
    thousands(row->count, num);
    if (row->by_actor)
        snprintf(text, sizeof(text), "%s %s from %s", num, rg_curate_noun(ev->kind),
                 ev->actor    ? ev->actor
                 : ev->source ? ev->source
                              : "an unnamed sender");
    else
        snprintf(text, sizeof(text), "%s %s from every sender in %lld minutes", num,
                 rg_curate_noun(ev->kind), (long long)(row->width_us / 60000000));
    set_str(o, "group", text);
    json_object_set_new(o, "group_entries", json_integer((json_int_t)row->n_entries));
}

/* review.json "timeline_counts": how many entries and events the timeline
 * has, where the complete one is (timeline.jsonl), and, when the review
 * shows a curated one, what it grouped and what it left out, counted. */
static json_t *counts_json(const rg_build *b, const rg_curated *c, int64_t day0_us)
{
    char num[32];
    json_t *o = json_object();
    json_object_set_new(o, "file", json_string("timeline.jsonl"));
    json_object_set_new(o, "entries", json_integer((json_int_t)b->timeline.n_entries));
    set_str(o, "entries_text", thousands(b->timeline.n_entries, num));
    json_object_set_new(o, "events", json_integer((json_int_t)c->events));
    set_str(o, "events_text", thousands(c->events, num));
    json_object_set_new(o, "curated", json_boolean(c->curated));
    json_object_set_new(o, "shown", json_integer((json_int_t)c->n_rows));
    set_str(o, "shown_text", thousands(c->n_rows, num));
    json_object_set_new(o, "key_limit", json_integer(RG_CURATE_KEY_LIMIT));
    json_object_set_new(o, "groups", json_integer((json_int_t)c->n_groups));
    json_object_set_new(o, "top_clusters", json_integer((json_int_t)c->n_clusters));
    json_object_set_new(o, "not_shown_entries", json_integer((json_int_t)c->rest_entries));
    set_str(o, "not_shown_entries_text", thousands(c->rest_entries, num));
    json_object_set_new(o, "not_shown_events", json_integer((json_int_t)c->rest_events));
    set_str(o, "not_shown_events_text", thousands(c->rest_events, num));
    json_t *rest = json_array();
    for (size_t i = 0; i < c->n_rest; i++) {
        const rg_curated_rest *r = &c->rest[i];
        json_t *e = json_object();
        set_str(e, "source", r->source);
        set_str(e, "type", r->type);
        json_object_set_new(e, "other", json_boolean(!r->source && !r->type));
        json_object_set_new(e, "entries", json_integer((json_int_t)r->entries));
        set_str(e, "entries_text", thousands(r->entries, num));
        json_object_set_new(e, "events", json_integer((json_int_t)r->events));
        set_str(e, "events_text", thousands(r->events, num));
        json_object_set_new(e, "first", time_str(r->first_us));
        json_object_set_new(e, "first_clock", rg_model_clock(r->first_us, day0_us));
        json_object_set_new(e, "last", time_str(r->last_us));
        json_object_set_new(e, "last_clock", rg_model_clock(r->last_us, day0_us));
        json_array_append_new(rest, e);
    }
    json_object_set_new(o, "not_shown", rest);
    json_object_set_new(o, "has_not_shown", json_boolean(c->n_rest > 0));
    return o;
}

int rg_model_timeline_jsonl(const rg_build *b, size_t *next, rg_buf *out, size_t chunk)
{
    const rg_timeline *tl = &b->timeline;
    int64_t day0 = tl->n_entries ? rg_model_day(tl->entries[0]->at_us) : 0;
    unsigned long failures = rg_alloc_failures();
    json_free_t free_fn = NULL;
    json_get_alloc_funcs(NULL, &free_fn);
    while (*next < tl->n_entries && out->len < chunk) {
        json_t *e = event_json(tl->entries[*next], day0);
        char *line = e && rg_alloc_failures() == failures ? json_dumps(e, 0) : NULL;
        json_decref(e);
        int rc = line ? rg_buf_puts(out, line) : -1;
        if (line)
            free_fn(line);
        if (rc != 0 || rg_buf_putc(out, '\n') != 0)
            return -1;
        ++*next;
    }
    return *next < tl->n_entries;
}

static int phrase_any(const rg_manifest *m, const char *text)
{
    const rg_phrases *p = &m->phrases;
    return rg_phrase_match(text, p->report, p->n_report) ||
           rg_phrase_match(text, p->acknowledge, p->n_acknowledge) ||
           rg_phrase_match(text, p->mobilize, p->n_mobilize) ||
           rg_phrase_match(text, p->mitigated, p->n_mitigated);
}

/* The curated timeline a reader wants: what the tools and people did, not
 * every log line. Logs appear as their clusters of ten errors or more. */
static int curated(const rg_build *b, const rg_event *ev)
{
    if (ev->milestone || ev->manual)
        return 1;
    switch (ev->kind) {
    case RG_KIND_ALERT:
    case RG_KIND_STATUS:
    case RG_KIND_CHANGE:
    case RG_KIND_METRIC:
    case RG_KIND_NOTE:
        return 1;
    case RG_KIND_PAGE:
        return strcmp(ev->type, "page.notified") != 0;
    case RG_KIND_CHAT:
        return ev->human && strcmp(ev->type, "chat.message") == 0 &&
               (phrase_any(&b->manifest, ev->text) || rg_has_action_line(&b->manifest, ev->text));
    case RG_KIND_LOG:
        return strcmp(ev->type, "log.error") == 0 && ev->count >= 10;
    default:
        return 0;
    }
}

static const char *const ms_labels[RG_MS_COUNT] = {"customers first affected",
                                                   "first signal a person would see",
                                                   "a person took ownership",
                                                   "the response team assembled",
                                                   "customers first told",
                                                   "customer impact stopped",
                                                   "service restored, responders stood down",
                                                   "success announced to customers"};

static json_t *milestones_json(const rg_build *b, json_t **list)
{
    json_t *o = json_object();
    *list = json_array();
    for (int i = 0; i < RG_MS_COUNT; i++) {
        const rg_milestone *ms = &b->milestones.m[i];
        const char *name = rg_milestone_name((rg_milestone_id)i);
        json_t *item = json_object();
        set_str(item, "name", name);
        set_str(item, "meaning", ms_labels[i]);
        if (!ms->present) {
            json_object_set_new(o, name, json_null());
            json_object_set_new(item, "missing", json_true());
            json_array_append_new(*list, item);
            continue;
        }
        json_t *m = json_object();
        json_object_set_new(m, "at", time_str(ms->at_us));
        set_str(m, "origin", ms->origin);
        set_str(m, "rule", ms->rule);
        json_object_set_new(m, "manual", json_boolean(ms->manual));
        if (b->manifest.milestone_origin[i]) /* set in the edited review */
            json_object_set_new(m, "edited", json_true());
        json_object_set_new(o, name, m);
        json_object_update(item, m);
        json_object_set_new(item, "time", time_short(ms->at_us));
        json_array_append_new(*list, item);
    }
    return o;
}

static json_t *durations_json(const rg_build *b, json_t **list)
{
    json_t *o = json_object();
    *list = json_array();
    for (int i = 0; i < RG_DUR_COUNT; i++) {
        const char *key = rg_duration_key((rg_duration_id)i);
        json_t *item = json_object();
        set_str(item, "key", key);
        set_str(item, "label", rg_duration_label((rg_duration_id)i));
        set_str(item, "definition", rg_duration_definition((rg_duration_id)i));
        if (b->metrics.has[i]) {
            char buf[48];
            json_object_set_new(o, key, json_integer(b->metrics.seconds[i]));
            json_object_set_new(item, "seconds", json_integer(b->metrics.seconds[i]));
            set_str(item, "text", rg_duration_format(b->metrics.seconds[i], buf));
        } else {
            json_object_set_new(o, key, json_null());
            json_object_set_new(item, "seconds", json_null());
            json_object_set_new(item, "missing", json_true());
            set_str(item, "why_unknown", b->metrics.why_unknown[i]);
        }
        json_array_append_new(*list, item);
    }
    return o;
}

static json_t *communication_json(const rg_build *b)
{
    const rg_metrics *mt = &b->metrics;
    char buf[48];
    json_t *o = json_object();
    json_object_set_new(o, "updates", json_integer((json_int_t)mt->updates));
    json_object_set_new(o, "max_gap", mt->has_max_gap ? json_integer(mt->max_gap_s) : json_null());
    if (mt->has_max_gap)
        set_str(o, "max_gap_text", rg_duration_format(mt->max_gap_s, buf));
    json_object_set_new(o, "policy", json_integer(mt->policy_s));
    set_str(o, "policy_text", rg_duration_format(mt->policy_s, buf));
    json_object_set_new(o, "gaps_over_policy", json_integer((json_int_t)mt->gaps_over_policy));
    json_object_set_new(o, "workaround_offered", json_boolean(mt->workaround_offered));
    return o;
}

/* One "key: value" field of an action item's line in the draft; the first
 * is preceded by " — " and the others by " · " (templates cannot tell). */
static void add_field(json_t *fields, const char *key, const char *value)
{
    if (!value)
        return;
    json_t *f = json_object();
    set_str(f, "key", key);
    set_str(f, "value", value);
    json_object_set_new(f, "first", json_boolean(json_array_size(fields) == 0));
    json_array_append_new(fields, f);
}

static const char *chat_where(const rg_chat_item *c, int64_t day0, char *buf, size_t len)
{
    json_t *clock = rg_model_clock(c->at_us, day0);
    snprintf(buf, len, "%s (%s, %s)", c->raised_by ? c->raised_by : "someone",
             json_string_value(clock) ? json_string_value(clock) : "", c->origin);
    json_decref(clock);
    return buf;
}

/* IMPLEMENTATION-OF: README "Action items". The items are the manifest's
 * (or the edited review's, after publish); a chat line that matches one is
 * shown as its source, with the owner or due date the chat stated when the
 * item has none; a chat line that matches none is a suggestion, listed apart
 * and never counted as an open item. */
static json_t *action_items_json(const rg_build *b, json_t **suggestions, json_t **counts)
{
    json_t *list = json_array();
    *suggestions = json_array();
    const rg_manifest *m = &b->manifest;
    rg_chat_item *chat = NULL;
    size_t n_chat = 0;
    if (rg_chat_items(&b->timeline, m, m->action_items, m->n_action_items, b->arena, &chat,
                      &n_chat) != 0) {
        n_chat = 0; /* out of memory: rg_model_build sees the failed allocation */
    }
    int64_t day0 = b->timeline.n_entries ? rg_model_day(b->timeline.entries[0]->at_us) : 0;
    size_t open = 0, done_n = 0;
    char where[512];
    for (size_t i = 0; i < m->n_action_items; i++) {
        const rg_action_item *it = &m->action_items[i];
        json_t *o = json_object();
        int done = rg_action_is_done(it->status);
        set_str(o, "title", it->title);
        set_str(o, "owner", it->owner);
        set_str(o, "due", it->due);
        set_str(o, "priority", it->priority);
        set_str(o, "kind", it->kind);
        set_str(o, "ticket", it->ticket);
        const char *ticket_url = rg_ticket_url(m, b->arena, it->ticket);
        set_str(o, "ticket_url", ticket_url);
        set_str(o, "status", it->status ? it->status : "open");
        json_object_set_new(o, "done", json_boolean(done));
        set_str(o, "origin", it->origin);
        set_str(o, "source", it->source ? it->source : "manifest");
        json_t *from_chat = json_array(), *fields = json_array();
        const char *raised_by = NULL, *suggested_owner = NULL, *suggested_due = NULL;
        for (size_t k = 0; k < n_chat; k++) {
            const rg_chat_item *c = &chat[k];
            if (c->match != (long)i)
                continue;
            json_t *e = json_object();
            set_str(e, "by", c->raised_by);
            set_str(e, "origin", c->origin);
            json_object_set_new(e, "at", rg_model_time(c->at_us));
            json_object_set_new(e, "clock", rg_model_clock(c->at_us, day0));
            set_str(e, "text", c->title);
            set_str(e, "rule", c->match_rule);
            json_array_append_new(from_chat, e);
            if (!raised_by)
                raised_by = c->raised_by;
            if (!suggested_owner && c->owner)
                suggested_owner = c->owner;
            if (!suggested_due && c->due)
                suggested_due = c->due;
        }
        add_field(fields, "owner", it->owner);
        add_field(fields, "due", it->due);
        add_field(fields, "priority", it->priority);
        add_field(fields, "ticket", it->ticket);
        if (it->ticket && ticket_url) /* the template links the ticket */
            json_object_set_new(json_array_get(fields, json_array_size(fields) - 1), "url",
                                json_string(ticket_url));
        add_field(fields, "kind", it->kind);
        if (it->status && !done && strcasecmp(it->status, "open") != 0)
            add_field(fields, "status", it->status);
        if (!it->owner)
            add_field(fields, "owner suggested in the chat", suggested_owner);
        if (!it->due)
            add_field(fields, "due suggested in the chat", suggested_due);
        for (size_t k = 0; k < json_array_size(from_chat); k++) {
            const rg_chat_item *c = NULL;
            for (size_t j = 0, seen = 0; j < n_chat && !c; j++)
                if (chat[j].match == (long)i && seen++ == k)
                    c = &chat[j];
            if (c)
                add_field(fields, "raised in the chat", chat_where(c, day0, where, sizeof(where)));
        }
        set_str(o, "raised_by", raised_by);
        json_object_set_new(o, "raised_in_chat", from_chat);
        set_str(o, "suggested_owner", it->owner ? NULL : suggested_owner);
        set_str(o, "suggested_due", it->due ? NULL : suggested_due);
        json_object_set_new(o, "fields", fields);
        json_array_append_new(list, o);
        open += !done;
        done_n += done;
    }
    for (size_t k = 0; k < n_chat; k++) {
        const rg_chat_item *c = &chat[k];
        if (c->match >= 0)
            continue;
        json_t *o = json_object();
        set_str(o, "title", c->title);
        (void)text_cut(o, "title_cut", c->title); /* a failure is a counted one */
        set_str(o, "raised_by", c->raised_by);
        set_str(o, "origin", c->origin);
        json_object_set_new(o, "at", rg_model_time(c->at_us));
        json_object_set_new(o, "clock", rg_model_clock(c->at_us, day0));
        set_str(o, "owner", c->owner);
        set_str(o, "due", c->due);
        set_str(o, "due_text",
                c->due_text && c->due && strcmp(c->due_text, c->due) != 0 ? c->due_text : NULL);
        set_str(o, "status", "suggested");
        json_array_append_new(*suggestions, o);
    }
    *counts = json_object();
    json_object_set_new(*counts, "open", json_integer((json_int_t)open));
    json_object_set_new(*counts, "done", json_integer((json_int_t)done_n));
    json_object_set_new(*counts, "suggested",
                        json_integer((json_int_t)json_array_size(*suggestions)));
    return list;
}

/* A sample for the review: its instant three ways and its value as a number
 * (null when not finite, which JSON cannot hold) and as text. */
static json_t *sample_json(int64_t at_us, double value, int64_t day0_us)
{
    char buf[32];
    json_t *o = json_object();
    rg_json_set(o, "at", time_str(at_us));
    rg_json_set(o, "time", time_short(at_us));
    rg_json_set(o, "clock", rg_model_clock(at_us, day0_us));
    rg_json_set(o, "value", isfinite(value) ? json_real(value) : json_null());
    rg_json_set(o, "value_text", json_string(rg_metric_value_text(value, buf)));
    return o;
}

/* review.json "series" (README, "Metrics"): each monitoring series with its
 * peak (the lowest value for a "below" threshold) and, when the manifest gave
 * it a threshold, each breach and when it came back. */
static json_t *series_json(const rg_build *b, int64_t day0_us, size_t *n_unlisted)
{
    json_t *list = json_array();
    /* The review's table lists the series with a threshold, then the others
     * in the order read, SERIES_LISTED in all (a promtool dump can hold
     * thousands); review.json has every one. */
    size_t n_ruled = 0, ruled = 0, others = 0;
    for (size_t i = 0; i < b->n_series; i++)
        n_ruled += b->series[i]->rule != NULL;
    *n_unlisted = 0;
    for (size_t i = 0; i < b->n_series; i++) {
        const rg_series *s = b->series[i];
        const rg_metric_rule *r = s->rule;
        json_t *o = json_object();
        size_t rank = r ? ruled++ : n_ruled + others++;
        rg_json_set(o, "listed", json_boolean(rank < SERIES_LISTED));
        *n_unlisted += rank >= SERIES_LISTED;
        set_str(o, "name", s->display);
        set_str(o, "metric", s->name);
        json_t *labels = json_object();
        for (size_t k = 0; k < s->n_labels; k++)
            rg_json_set(labels, s->labels[k].name, json_string(s->labels[k].value));
        rg_json_set(o, "labels", labels);
        set_str(o, "key", s->key);
        set_str(o, "source", s->source);
        set_str(o, "format", s->format);
        set_str(o, "origin", s->origin);
        set_str(o, "unit", s->unit);
        rg_json_set(o, "samples", json_integer((json_int_t)s->n_samples));
        rg_json_set(o, "outside_window", json_integer((json_int_t)s->n_outside));
        rg_json_set(o, "from", s->n_samples ? time_str(s->samples[0].at_us) : json_null());
        rg_json_set(o, "to",
                    s->n_samples ? time_str(s->samples[s->n_samples - 1].at_us) : json_null());
        rg_sample peak;
        int lowest = r && r->below;
        rg_json_set(o, "peak",
                    rg_series_extreme(s, !lowest, &peak) == 0
                        ? sample_json(peak.at_us, peak.value, day0_us)
                        : json_null());
        set_str(o, "peak_kind", lowest ? "lowest" : "highest");
        json_t *thr = json_null(), *breaches = json_array();
        if (r) {
            char buf[32], text[64];
            thr = json_object();
            set_str(thr, "direction", r->below ? "below" : "above");
            rg_json_set(thr, "value", json_real(r->threshold));
            snprintf(text, sizeof(text), "%s %s", r->below ? "below" : "above",
                     rg_metric_value_text(r->threshold, buf));
            set_str(thr, "text", text);
            for (size_t k = 0; k < s->n_crossings; k++) {
                const rg_crossing *c = &s->crossings[k];
                json_t *x = sample_json(c->breach_us, c->breach_value, day0_us);
                rg_json_set(x, "from_start", json_boolean(c->from_start));
                if (c->recovered) {
                    rg_json_set(x, "recovered",
                                sample_json(c->recovered_us, c->recovered_value, day0_us));
                    int64_t sec = rg_round_seconds(c->recovered_us - c->breach_us);
                    char d[48];
                    rg_json_set(x, "duration", json_integer(sec));
                    set_str(x, "duration_text", rg_duration_format(sec, d));
                } else {
                    rg_json_set(x, "recovered", json_null());
                    rg_json_set(x, "duration", json_null());
                }
                rg_json_set(x, "last", json_boolean(k + 1 == s->n_crossings));
                rg_json_append(breaches, x);
            }
        }
        rg_json_set(o, "threshold", thr);
        rg_json_set(o, "breaches", breaches);
        rg_json_set(o, "has_breaches", json_boolean(s->n_crossings > 0));
        rg_json_append(list, o);
    }
    return list;
}

static json_t *string_list(const char *const *items, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(items[i]));
    return a;
}

static json_t *warnings_json(const rg_diag *d)
{
    json_t *a = json_array();
    for (size_t i = 0; d && i < d->n_warnings; i++) {
        const rg_warning *w = &d->warnings[i];
        json_t *o = json_object();
        set_str(o, "code", w->key);
        set_str(o, "first", w->first);
        json_object_set_new(o, "count", json_integer((json_int_t)w->count));
        json_array_append_new(a, o);
    }
    return a;
}

/* README, "Impact periods": impact_periods and impact_total for scripts and
 * the store, and "impact", the periods in words for the summary. */
static void impact_json(json_t *root, const rg_metrics *mt)
{
    json_t *list = json_array();
    json_t *words = json_array();
    int64_t d0 = mt->n_periods ? rg_model_day(mt->periods[0].from_us) : 0;
    for (size_t i = 0; i < mt->n_periods; i++) {
        const rg_period *p = &mt->periods[i];
        char buf[48];
        int64_t s = rg_round_seconds(p->to_us - p->from_us);
        json_t *o = json_object();
        json_object_set_new(o, "from", rg_model_time(p->from_us));
        json_object_set_new(o, "to", rg_model_time(p->to_us));
        json_object_set_new(o, "seconds", json_integer(s));
        json_object_set_new(o, "open", json_boolean(p->open));
        set_str(o, "origin", p->origin);
        json_array_append_new(list, o);
        json_t *w = json_object();
        set_str(w, "text", rg_duration_format(s, buf));
        json_object_set_new(w, "from_clock", rg_model_clock(p->from_us, d0));
        json_object_set_new(w, "to_clock", rg_model_clock(p->to_us, d0));
        json_object_set_new(w, "again", json_boolean(i > 0));
        json_object_set_new(w, "open", json_boolean(p->open));
        json_array_append_new(words, w);
    }
    json_object_set_new(root, "impact_periods", list);
    json_object_set_new(root, "impact_total",
                        mt->n_periods ? json_integer(mt->impact_total_s) : json_null());
    if (!mt->n_periods) {
        json_decref(words);
        json_object_set_new(root, "impact", json_null());
        return;
    }
    json_t *impact = json_object();
    char buf[48], day[32];
    json_object_set_new(impact, "periods", words);
    set_str(impact, "total_text", rg_duration_format(mt->impact_total_s, buf));
    json_object_set_new(impact, "several", json_boolean(mt->n_periods > 1));
    rg_time_format_short(mt->periods[0].from_us, day);
    day[10] = '\0';
    set_str(impact, "day", day);
    json_object_set_new(root, "impact", impact);
}

char *rg_model_finding_display(const rg_build *b, const char *text)
{
    char first_day[32] = "";
    int multi_day = 0;
    if (b->timeline.n_entries) {
        const rg_event *first = b->timeline.entries[0],
                       *last = b->timeline.entries[b->timeline.n_entries - 1];
        rg_time_format_short(first->at_us, first_day);
        first_day[10] = '\0';
        multi_day = rg_model_day(first->at_us) !=
                    rg_model_day(last->count > 1 ? last->last_us : last->at_us);
    }
    return rg_model_human_times(text ? text : "", first_day[0] ? first_day : NULL, multi_day);
}

/* ---- the review's first page and its own sections ------------------------
 * (README, "Outputs"): the header's status, authors and reviewers; "What
 * happened" written from the milestones when the manifest has no summary;
 * "What we are changing", the action items P1 first with a count; the
 * lead's went-well, went-wrong and got-lucky lines; the contributing
 * factors as list items. */

/* "14:02 UTC on 2026-11-20" (the day only when it is not day0's). */
static void human_time(int64_t at_us, int64_t day0_us, char *buf, size_t size)
{
    char t[32];
    rg_time_format_short(at_us, t);
    t[16] = '\0';
    if (rg_model_day(at_us) == day0_us)
        snprintf(buf, size, "%s UTC", t + 11);
    else
        snprintf(buf, size, "%s UTC on %.10s", t + 11, t);
}

/* An event's text cut to at most 80 bytes at a character boundary, one line. */
static void short_excerpt(const char *text, char *buf, size_t size)
{
    size_t n = 0, cap = size - 4 < 80 ? size - 4 : 80;
    while (text[n] && text[n] != '\n' && text[n] != '\r' && n < cap)
        n++;
    int cut = text[n] && text[n] != '\n' && text[n] != '\r';
    if (cut)
        n = char_start(text, n);
    memcpy(buf, text, n);
    if (cut)
        memcpy(buf + n, "\xE2\x80\xA6", 3), n += 3;
    buf[n] = '\0';
}

static json_t *what_happened(const rg_build *b, const char *title)
{
    const rg_milestone *ms = b->milestones.m;
    const rg_metrics *mt = &b->metrics;
    const rg_manifest *m = &b->manifest;
    const rg_milestone *start = &ms[RG_MS_STARTED], *mit = &ms[RG_MS_MITIGATED],
                       *res = &ms[RG_MS_RESOLVED];
    int64_t day0 = start->present  ? rg_model_day(start->at_us)
                   : mt->n_periods ? rg_model_day(mt->periods[0].from_us)
                                   : 0;
    char s1[1400], s2[300], s3[600], at[64], at2[64], dur[48];
    if (start->present) {
        human_time(start->at_us, -1, at, sizeof(at)); /* with its date */
        snprintf(s1, sizeof(s1), "%s: customers were first affected at %s", title, at);
    } else {
        snprintf(s1, sizeof(s1),
                 "%s: the evidence does not show when customers were first affected", title);
    }
    if (m->n_services) {
        size_t used = strlen(s1);
        snprintf(s1 + used, sizeof(s1) - used, ", in ");
        for (size_t i = 0; i < m->n_services; i++) {
            used = strlen(s1);
            snprintf(s1 + used, sizeof(s1) - used, "%s%s",
                     i == 0                   ? ""
                     : i + 1 == m->n_services ? " and "
                                              : ", ",
                     m->services[i]);
        }
    }
    if (mt->n_periods == 0)
        snprintf(s2, sizeof(s2),
                 "How long customers were affected is unknown: no alert, error burst or "
                 "threshold breach in the evidence shows it.");
    else if (mt->n_periods == 1)
        snprintf(s2, sizeof(s2), "Customers were affected for %s%s.",
                 rg_duration_format(mt->impact_total_s, dur),
                 mt->periods[0].open ? " (still affected when the evidence ends)" : "");
    else
        snprintf(s2, sizeof(s2), "Customers were affected for %s in all, in %zu periods.",
                 rg_duration_format(mt->impact_total_s, dur), mt->n_periods);
    if (mit->present) {
        human_time(mit->at_us, day0, at, sizeof(at));
        char ex[96] = "";
        if (mit->event && mit->event->text && mit->event->text[0])
            short_excerpt(mit->event->text, ex, sizeof(ex));
        /* how it ended, as the evidence says it: the rule that chose the
         * milestone and the event's own words */
        const char *rule = mit->rule ? mit->rule : "set by hand";
        int n = ex[0] ? snprintf(s3, sizeof(s3), "The impact stopped at %s (%s: \"%s\", %s)", at,
                                 rule, ex, mit->origin ? mit->origin : "")
                      : snprintf(s3, sizeof(s3), "The impact stopped at %s (%s)", at, rule);
        if (res->present && n > 0 && (size_t)n < sizeof(s3)) {
            human_time(res->at_us, day0, at2, sizeof(at2));
            snprintf(s3 + n, sizeof(s3) - (size_t)n, " and the incident was resolved at %s.", at2);
        } else if (n > 0 && (size_t)n < sizeof(s3)) {
            snprintf(s3 + n, sizeof(s3) - (size_t)n, ".");
        }
    } else if (res->present) {
        human_time(res->at_us, day0, at2, sizeof(at2));
        snprintf(s3, sizeof(s3),
                 "The evidence does not show when the impact stopped; the incident was resolved at "
                 "%s.",
                 at2);
    } else {
        snprintf(s3, sizeof(s3), "The evidence does not show how or when it was fixed.");
    }
    return json_sprintf("%s. %s %s", s1, s2, s3);
}

/* The rank of a priority for "P1 first": P0 < P1 < P2 ... (also "p1",
 * "1"); anything else after them, no priority last. */
static int priority_rank(const char *p)
{
    if (!p)
        return 1000001;
    const char *d = p + (p[0] == 'P' || p[0] == 'p');
    if (*d >= '0' && *d <= '9' && strspn(d, "0123456789") == strlen(d) && strlen(d) < 6)
        return atoi(d);
    return 1000000;
}

static json_t *changing_json(const json_t *items)
{
    size_t n = json_array_size(items), p1 = 0, open = 0;
    json_t *sorted = json_array();
    int min = 1000001;
    for (size_t i = 0; i < n; i++) {
        const json_t *it = json_array_get(items, i);
        int r = priority_rank(rg_json_str(it, "priority"));
        if (r < min)
            min = r;
        p1 += r == 1;
        open += !json_is_true(json_object_get(it, "done"));
    }
    /* a stable selection by rank: items of one priority keep their order */
    for (int r = min, next; r <= 1000001; r = next) {
        next = 1000002;
        for (size_t i = 0; i < n; i++) {
            json_t *it = json_array_get(items, i);
            int ri = priority_rank(rg_json_str(it, "priority"));
            if (ri == r)
                json_array_append(sorted, it);
            if (ri > r && ri < next)
                next = ri;
        }
    }
    json_t *o = json_object();
    json_object_set_new(o, "items", sorted);
    json_object_set_new(o, "count_text",
                        json_sprintf("%zu follow-up%s, %zu P1", n, n == 1 ? "" : "s", p1));
    json_object_set_new(o, "any", json_boolean(n > 0));
    json_object_set_new(o, "open", json_integer((json_int_t)open));
    json_object_set_new(o, "p1", json_integer((json_int_t)p1));
    return o;
}

/* "A, B and C", or NULL for none. */
static json_t *names_text(const char *const *names, size_t n)
{
    if (!n)
        return json_null();
    rg_buf b = {0};
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        rc |= rg_buf_puts(&b, i == 0 ? "" : i + 1 == n ? " and " : ", ");
        rc |= rg_buf_puts(&b, names[i]);
    }
    json_t *s = rc == 0 && b.data ? json_stringn(b.data, b.len) : NULL;
    rg_buf_free(&b);
    return s;
}

/* Each line as a Markdown list item's content: continuation lines two
 * spaces deeper, so a factor's "because" list nests under it. */
static json_t *item_lines(const char *const *lines, size_t n)
{
    json_t *a = json_array();
    rg_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        rg_buf_reset(&b);
        int rc = 0;
        for (const char *c = lines[i]; *c; c++) {
            rc |= rg_buf_putc(&b, *c);
            if (*c == '\n')
                rc |= rg_buf_puts(&b, "  ");
        }
        if (rc == 0)
            json_array_append_new(a, json_stringn(b.data ? b.data : "", b.len));
    }
    rg_buf_free(&b);
    return a;
}

static void review_sections_json(json_t *root, const rg_build *b)
{
    const rg_manifest *m = &b->manifest;
    json_t *r = json_object();
    set_str(r, "status", m->status ? m->status : "draft");
    json_object_set_new(r, "status_given", json_boolean(m->status != NULL));
    json_object_set_new(r, "authors", string_list(m->authors, m->n_authors));
    json_object_set_new(r, "reviewers", string_list(m->reviewers, m->n_reviewers));
    json_object_set_new(r, "authors_text", names_text(m->authors, m->n_authors));
    json_object_set_new(r, "reviewers_text", names_text(m->reviewers, m->n_reviewers));
    json_object_set_new(root, "review", r);
    json_object_set_new(root, "went_well", string_list(m->went_well, m->n_went_well));
    json_object_set_new(root, "went_wrong", string_list(m->went_wrong, m->n_went_wrong));
    json_object_set_new(root, "got_lucky", string_list(m->got_lucky, m->n_got_lucky));
    json_object_set_new(root, "factor_items",
                        item_lines(m->contributing_factors, m->n_contributing_factors));
    const char *title = rg_json_str(json_object_get(root, "incident"), "title");
    json_object_set_new(root, "what_happened",
                        m->summary ? json_null() : what_happened(b, title ? title : m->id));
    json_object_set_new(root, "changing", changing_json(json_object_get(root, "action_items")));
}

static const char *const appendix_modes[] = {"full", "compact", "none"};

int rg_appendix_parse(const char *s, rg_appendix *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, appendix_modes[i]) == 0) {
            *out = (rg_appendix)i;
            return 0;
        }
    return -1;
}

void rg_model_set_appendix(json_t *model, rg_appendix a)
{
    json_t *o = json_object();
    set_str(o, "mode", appendix_modes[a]);
    json_object_set_new(o, "full", json_boolean(a == RG_APPENDIX_FULL));
    json_object_set_new(o, "compact", json_boolean(a == RG_APPENDIX_COMPACT));
    json_object_set_new(o, "none", json_boolean(a == RG_APPENDIX_NONE));
    json_object_set_new(model, "appendix", o);
}

/* A size for people: "512 KiB", "41.2 MiB", "1.00 GiB". */
static void size_text(uint64_t n, char *out, size_t cap)
{
    if (n >= ((uint64_t)1 << 30))
        snprintf(out, cap, "%.2f GiB", (double)n / (double)((uint64_t)1 << 30));
    else if (n >= ((uint64_t)1 << 20))
        snprintf(out, cap, "%.1f MiB", (double)n / (double)((uint64_t)1 << 20));
    else
        snprintf(out, cap, "%llu KiB", (unsigned long long)((n + 1023) >> 10));
}

/* README, "Seek, don't scan": how a log source with a window was read.
 * Nothing when no seek was tried (no window, a file under 2 MiB, not a log). */
static void add_read(json_t *o, const rg_seekinfo *k)
{
    if (k->n_seek + k->n_scan == 0)
        return;
    json_t *r = json_object();
    const char *method = k->n_scan == 0 ? "seek" : k->n_seek == 0 ? "scan" : "mixed";
    set_str(r, "method", method);
    json_object_set_new(r, "files_sought", json_integer((json_int_t)k->n_seek));
    json_object_set_new(r, "files_scanned", json_integer((json_int_t)k->n_scan));
    json_object_set_new(r, "bytes", json_integer((json_int_t)k->bytes));
    json_object_set_new(r, "bytes_read", json_integer((json_int_t)k->bytes_read));
    json_object_set_new(r, "bytes_counted", json_integer((json_int_t)k->bytes_counted));
    json_object_set_new(r, "lines_skipped", json_integer((json_int_t)k->lines_skipped));
    set_str(r, "scan_reason", k->n_scan ? k->why : NULL);
    json_object_set_new(o, "read", r);
    char text[256], got[32], all[32], counted[32];
    size_text(k->bytes_read, got, sizeof(got));
    size_text(k->bytes, all, sizeof(all));
    size_text(k->bytes_counted, counted, sizeof(counted));
    if (k->n_scan == 0)
        snprintf(text, sizeof(text), "sought: %s read of %s, the %s before it only counted", got,
                 all, counted);
    else if (k->n_seek == 0)
        snprintf(text, sizeof(text), "read in full: %s", k->why);
    else
        snprintf(text, sizeof(text), "%u file%s sought, %u read in full (%s): %s read of %s",
                 k->n_seek, k->n_seek == 1 ? "" : "s", k->n_scan, k->why, got, all);
    set_str(o, "read_text", text);
}

json_t *rg_model_build(const rg_build *b)
{
    unsigned long failures = rg_alloc_failures();
    const rg_manifest *m = &b->manifest;
    json_t *root = json_object();
    if (!root)
        return NULL;
    json_object_set_new(root, "schema", json_integer(SCHEMA));

    json_t *inc = json_object();
    set_str(inc, "id", m->id);
    if (m->title)
        set_str(inc, "title", m->title);
    else
        json_object_set_new(inc, "title", json_sprintf("Incident %s", m->id));
    set_str(inc, "severity", m->severity);
    json_object_set_new(inc, "services", string_list(m->services, m->n_services));
    char services[1024] = "";
    for (size_t i = 0; i < m->n_services; i++) {
        size_t used = strlen(services);
        snprintf(services + used, sizeof(services) - used, "%s%s", i ? ", " : "", m->services[i]);
    }
    set_str(inc, "services_text", m->n_services ? services : NULL);
    set_str(inc, "timezone", m->timezone ? m->timezone : "UTC");
    json_object_set_new(inc, "timezone_assumed", json_boolean(m->timezone == NULL));
    json_object_set_new(inc, "exclude_from_trends", json_boolean(m->exclude_from_trends));
    json_t *win = json_object();
    if (b->has_window) {
        json_object_set_new(win, "from", time_str(b->window_from_us));
        json_object_set_new(win, "to", time_str(b->window_to_us));
    } else {
        json_object_set_new(win, "from", json_null());
        json_object_set_new(win, "to", json_null());
    }
    set_str(win, "rule", b->window_rule);
    json_object_set_new(inc, "window", win);
    json_object_set_new(root, "incident", inc);
    set_str(root, "summary", m->summary);
    set_str(root, "customer_impact", m->customer_impact);

    json_t *ms_list, *dur_list;
    json_object_set_new(root, "milestones", milestones_json(b, &ms_list));
    json_object_set_new(root, "milestone_list", ms_list);
    json_object_set_new(root, "durations", durations_json(b, &dur_list));
    json_object_set_new(root, "metrics", dur_list);
    json_object_set_new(root, "communication", communication_json(b));

    /* "text" keeps the exact RFC 3339 times for scripts; "display" is the
     * sentence the review shows, with times for people ("15:35 UTC") */
    json_t *findings = json_array();
    for (size_t i = 0; i < b->metrics.n_findings; i++) {
        const rg_finding *f = &b->metrics.findings[i];
        json_t *o = json_object();
        set_str(o, "code", f->code);
        set_str(o, "text", f->text);
        char *display = rg_model_finding_display(b, f->text);
        set_str(o, "display", display);
        rg_free(display);
        set_str(o, "origin", f->origin);
        json_array_append_new(findings, o);
    }
    json_object_set_new(root, "findings", findings);

    json_t *burst = json_null();
    if (b->milestones.burst.present) {
        const rg_burst *bu = &b->milestones.burst;
        burst = json_object();
        json_object_set_new(burst, "from", time_str(bu->from_us));
        json_object_set_new(burst, "to", time_str(bu->to_us));
        /* the review's sentence shows times for people, as findings do */
        const char *f = json_string_value(json_object_get(burst, "from")),
                   *t = json_string_value(json_object_get(burst, "to"));
        char span[128];
        snprintf(span, sizeof(span), "from %s to %s", f ? f : "?", t ? t : "?");
        char *shown = rg_model_finding_display(b, span);
        set_str(burst, "span_text", shown);
        rg_free(shown);
        json_object_set_new(burst, "errors", json_integer((json_int_t)bu->errors));
        json_object_set_new(burst, "baseline_per_min", json_real(bu->baseline_per_min));
        set_str(burst, "first_origin", bu->first_origin);
        set_str(burst, "last_origin", bu->last_origin);
    }
    json_object_set_new(root, "error_burst", burst);

    json_t *sources = json_array();
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        json_t *o = json_object();
        set_str(o, "name", s->src.name);
        set_str(o, "format", s->importer->name);
        set_str(o, "kind", rg_kind_name(s->importer->kind)); /* bounds.c lists non-logs first */
        set_str(o, "path", s->rel);
        /* "events" counts the records read from the source, as it always
         * did (users' scripts compare it with the file): those kept as events
         * ("kept") and the log lines and bot messages folded into their
         * clusters ("folded"; README, "Evidence of any size"). */
        json_object_set_new(o, "events",
                            json_integer((json_int_t)(s->n_events + s->n_folded + s->n_copied)));
        json_object_set_new(o, "kept", json_integer((json_int_t)s->n_events));
        json_object_set_new(o, "outside_window", json_integer((json_int_t)s->n_outside));
        json_object_set_new(o, "folded", json_integer((json_int_t)s->n_folded));
        set_str(o, "timezone", rg_tz_name(s->src.zone));
        json_object_set_new(o, "timezone_assumed", json_boolean(!s->src.zone_explicit));
        json_object_set_new(o, "offset", json_integer(s->src.offset_us / 1000000));
        if (s->importer->kind == RG_KIND_METRIC) {
            json_object_set_new(o, "series", json_integer((json_int_t)s->n_series));
            json_object_set_new(o, "samples", json_integer((json_int_t)s->n_samples));
            json_object_set_new(o, "samples_outside_window",
                                json_integer((json_int_t)s->n_samples_outside));
        }
        add_read(o, &s->seek);
        if (s->n_pieces) {
            json_t *pieces = json_array();
            for (size_t k = 0; k < s->n_pieces; k++)
                json_array_append_new(pieces, json_string(s->piece_rels[k]));
            json_object_set_new(o, "pieces", pieces);
        }
        json_array_append_new(sources, o);
    }
    json_object_set_new(root, "sources", sources);
    log_summary_json(root, b);

    json_t *timeline = json_array(), *key_events = json_array();
    int64_t day0 = b->timeline.n_entries ? rg_model_day(b->timeline.entries[0]->at_us) : 0;
    /* an incident of monitoring series alone still gets its day */
    int has_day = b->timeline.n_entries > 0;
    for (size_t i = 0; !b->timeline.n_entries && i < b->n_series; i++)
        if (b->series[i]->n_samples &&
            (!has_day || rg_model_day(b->series[i]->samples[0].at_us) < day0)) {
            day0 = rg_model_day(b->series[i]->samples[0].at_us);
            has_day = 1;
        }
    set_str(root, "first_day", NULL);
    if (has_day) {
        char buf[32];
        rg_time_format_short(day0, buf);
        buf[10] = '\0';
        set_str(root, "first_day", buf);
    }
    /* The timeline a person reads (curate.h): every entry while there are
     * few; past RG_CURATE_KEY_LIMIT the curated rows, with timeline.jsonl
     * holding every entry. */
    rg_curated cur;
    const rg_event *evidence[RG_MS_COUNT];
    for (int i = 0; i < RG_MS_COUNT; i++)
        evidence[i] = b->milestones.m[i].present ? b->milestones.m[i].event : NULL;
    int cur_failed = rg_curate(&b->timeline, evidence, RG_MS_COUNT, &cur) != 0;
    for (size_t i = 0; i < cur.n_rows; i++) {
        const rg_curated_row *row = &cur.rows[i];
        const rg_event *ev = row->ev;
        json_t *e = event_json(ev, day0);
        if (e && text_cut(e, "text_cut", ev->text) != 0)
            cur_failed = 1;
        int key = curated(b, ev);
        if (row->n_entries > 1) {
            group_json(e, row, day0);
            key = ev->kind != RG_KIND_CHAT && ev->kind != RG_KIND_LOG;
        }
        if (key)
            json_array_append(key_events, e);
        json_array_append_new(timeline, e);
    }
    json_object_set_new(root, "timeline", timeline);
    json_object_set_new(root, "key_events", key_events);
    json_object_set_new(root, "timeline_counts", counts_json(b, &cur, day0));
    rg_curated_free(&cur);
    size_t n_unlisted;
    json_object_set_new(root, "series", series_json(b, day0, &n_unlisted));
    json_object_set_new(root, "has_series", json_boolean(b->n_series > 0));
    json_object_set_new(root, "series_not_listed", json_integer((json_int_t)n_unlisted));

    json_t *rec = rg_recognition_json(b);
    json_t *responders = json_object_get(rec, "responders");
    json_object_set(root, "responders", responders ? responders : json_array());
    json_object_set(root, "response", json_object_get(rec, "response"));
    json_object_set(root, "customers", json_object_get(rec, "customers"));
    json_decref(rec);
    json_object_set_new(root, "recognition", string_list(m->recognition, m->n_recognition));
    json_object_set_new(root, "contributing_factors",
                        string_list(m->contributing_factors, m->n_contributing_factors));
    json_t *links = json_array();
    for (size_t i = 0; i < m->n_links; i++) {
        json_t *o = json_object();
        set_str(o, "title", m->links[i].title);
        set_str(o, "url", m->links[i].url);
        json_array_append_new(links, o);
    }
    json_object_set_new(root, "links", links);
    json_object_set_new(root, "has_links", json_boolean(m->n_links > 0));
    json_t *suggestions, *action_counts;
    json_object_set_new(root, "action_items", action_items_json(b, &suggestions, &action_counts));
    json_object_set_new(root, "suggestions", suggestions);
    json_object_set_new(root, "action_counts", action_counts);
    json_object_set_new(root, "lint", json_array());
    json_object_set_new(root, "warnings", warnings_json(b->diag));

    impact_json(root, &b->metrics);
    review_sections_json(root, b);
    rg_model_set_appendix(root, RG_APPENDIX_FULL);

    /* Flags for the templates, which cannot test a list's length. */
    json_object_set_new(root, "has_responders",
                        json_boolean(json_array_size(json_object_get(root, "responders")) > 0));
    json_object_set_new(root, "has_findings", json_boolean(b->metrics.n_findings > 0));
    json_object_set_new(root, "has_suggestions", json_boolean(json_array_size(suggestions) > 0));
    json_object_set_new(root, "has_warnings", json_boolean(b->diag && b->diag->n_warnings > 0));

    json_t *stats = json_object();
    /* "events": every record the timeline stands for, kept or folded (so a
     * review of a folded log still says how much evidence it read); "kept":
     * the events themselves, which milestones are chosen from. */
    json_object_set_new(stats, "events",
                        json_integer((json_int_t)(b->timeline.n_events + b->logsum.n_folded)));
    json_object_set_new(stats, "kept", json_integer((json_int_t)b->timeline.n_events));
    json_object_set_new(stats, "entries", json_integer((json_int_t)b->timeline.n_entries));
    json_object_set_new(stats, "duplicates", json_integer((json_int_t)b->timeline.n_duplicates));
    json_object_set_new(stats, "folded", json_integer((json_int_t)b->logsum.n_folded));
    json_object_set_new(stats, "outside_window", json_integer((json_int_t)b->n_outside));
    json_object_set_new(stats, "status_incidents_skipped",
                        json_integer((json_int_t)b->n_status_incidents_skipped));
    json_object_set_new(stats, "series", json_integer((json_int_t)b->n_series));
    json_object_set_new(stats, "series_merged", json_integer((json_int_t)b->n_series_merged));
    json_object_set_new(root, "stats", stats);
    /* every list whose length follows the input: what review.md lists */
    int bound_failed = rg_bound_model(root) != 0;
    /* jansson swallows a failed allocation inside json_object_set_new and
     * friends; a model with a hole in it must not be published. */
    if (rg_alloc_failures() != failures || cur_failed || bound_failed) {
        json_decref(root);
        return NULL;
    }
    return root;
}
