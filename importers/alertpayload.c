/* alertpayload.c -- the alerts of an Alertmanager-shaped webhook payload as
 * alert.firing / alert.resolved events, for alertmanager.c and grafana.c.
 *
 * Rules (README, "Formats"):
 *  - alert.firing at startsAt, for every alert, firing or resolved: a resolved
 *    notification still says when the alert began;
 *  - alert.resolved at endsAt, only when the alert's status is "resolved" and
 *    endsAt is not Go's zero time "0001-01-01T00:00:00Z". A firing alert's
 *    endsAt, when set, is the sender's estimate of when it will expire if it
 *    stops being re-sent, not a resolution, so it is ignored;
 *  - senders repeat a group's notification (repeat_interval) and re-send every
 *    alert of the group when one changes: the same alert is the same
 *    fingerprint with the same startsAt, so each (fingerprint, startsAt, firing
 *    or resolved) is the event's identity, and the timeline reads it once and
 *    counts the repeats as duplicates. Without a "fingerprint" it is derived
 *    from the labels the way Prometheus computes it (rg_am_fingerprint), so it
 *    matches the fingerprint Alertmanager would have sent;
 *  - an alert without "status" takes the payload's.
 * Each event: kind alert, actor r->actor (the system that sent it; the
 * alerting host is in the labels), human 0, text "alertname: summary" (or the
 * description, or the message, when there is no summary), attrs "label.<name>"
 * for every label and "annotation.<name>" for every annotation (sorted by
 * name), "fingerprint", "severity" (labels.severity), "generator_url",
 * "receiver", then the importer's own (r->more); origin is the line of the
 * alert object. */
#include "alertpayload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsonutil.h"

static int oom(rg_am_reader *r)
{
    return rg_diag_error(r->sink->diag, r->src->path, 0, 0, "out of memory");
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string members of obj, names sorted (heap array of borrowed names; caller
 * frees with rg_free). Sets *n; returns NULL when there are none or out of
 * memory (*out_of_memory set). */
static const char **sorted_keys(const json_t *obj, size_t *n, int *out_of_memory)
{
    *n = 0;
    *out_of_memory = 0;
    if (!json_is_object(obj) || json_object_size(obj) == 0)
        return NULL;
    const char **keys = rg_malloc(json_object_size(obj) * sizeof(*keys));
    if (!keys) {
        *out_of_memory = 1;
        return NULL;
    }
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (json_is_string(v))
            keys[(*n)++] = k;
    }
    qsort(keys, *n, sizeof(*keys), cmp_str);
    return keys;
}

static void fingerprint_of(const json_t *labels, const char **keys, size_t n, char out[17])
{
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_object_get(labels, keys[i]);
        const char *parts[2] = {keys[i], json_string_value(v)};
        size_t lens[2] = {strlen(keys[i]), json_string_length(v)};
        for (int p = 0; p < 2; p++) {
            for (size_t j = 0; j < lens[p]; j++) {
                h ^= (unsigned char)parts[p][j];
                h *= 1099511628211ULL;
            }
            h ^= 0xffu;
            h *= 1099511628211ULL;
        }
    }
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[h & 0xf];
        h >>= 4;
    }
    out[16] = '\0';
}

int rg_am_fingerprint(const json_t *labels, char out[17])
{
    size_t n;
    int no_mem;
    const char **keys = sorted_keys(labels, &n, &no_mem);
    if (no_mem)
        return -1;
    fingerprint_of(labels, keys, n, out);
    rg_free(keys);
    return 0;
}

/* `"key"` followed by ':' and the string "value", anywhere in the head. */
static int head_string(const char *head, size_t len, const char *key, const char *value)
{
    size_t kl = strlen(key), vl = strlen(value);
    for (const char *p = head; (p = rg_text_find(p, len - (size_t)(p - head), key)) != NULL;
         p += kl) {
        size_t i = rg_json_skip_space(head, len, (size_t)(p - head) + kl);
        if (i >= len || head[i] != ':')
            continue;
        i = rg_json_skip_space(head, len, i + 1);
        if (i + vl + 2 <= len && head[i] == '"' && memcmp(head + i + 1, value, vl) == 0 &&
            head[i + 1 + vl] == '"')
            return 1;
    }
    return 0;
}

int rg_am_grafana_marks(const char *head, size_t len)
{
    static const char *const marks[] = {"\"orgId\"",       "\"dashboardURL\"", "\"panelURL\"",
                                        "\"silenceURL\"",  "\"valueString\"",  "\"imageURL\"",
                                        "\"evalMatches\"", "\"ruleUrl\""};
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        if (rg_text_has(head, len, marks[i]))
            return 1;
    return head_string(head, len, "\"version\"", "1");
}

/* Go's zero time.Time, which senders give as endsAt when there is none. */
static int zero_time(const char *s)
{
    return strncmp(s, "0001-01-01T00:00:00", 19) == 0;
}

/* Reads timestamp member `member` of alert (at off). Returns 1 and sets *at_us
 * and *flags, 0 when missing or unreadable (warned with `key`). */
static int read_time(rg_am_reader *r, const json_t *alert, const char *member, size_t off,
                     int64_t *at_us, int *flags, const char **text)
{
    const json_t *v = json_object_get(alert, member);
    if (!v) {
        rg_jsondocs_warn(r->docs, off, "no-time", "alert has no '%s'; skipped", member);
        return 0;
    }
    if (!json_is_string(v)) {
        rg_jsondocs_warn(r->docs, off, "bad-time",
                         "alert has '%s' as %s, expected a timestamp; skipped", member,
                         rg_json_type_name(v));
        return 0;
    }
    *text = json_string_value(v);
    rg_time_ctx ctx = {r->src->zone, r->src->ref_us};
    *flags = 0;
    if (rg_time_parse(*text, json_string_length(v), &ctx, at_us, flags) != 0) {
        rg_jsondocs_warn(r->docs, off, "bad-time",
                         "cannot read '%s' as a time in '%s'; alert skipped", *text, member);
        return 0;
    }
    return 1;
}

/* Emits one event of an alert, with its identity (fingerprint, time, state):
 * the timeline reads a repeated notification once and counts it. Returns 0
 * or -1. */
static int emit_alert(rg_am_reader *r, const json_t *payload, const json_t *alert, long line,
                      const char *type, int64_t at_us, int flags, const char *time_text,
                      const char *fp, const char **label_keys, size_t n_labels)
{
    rg_arena *a = r->sink->arena;
    size_t klen = strlen(fp) + strlen(type) + 32;
    char *k = rg_malloc(klen);
    if (!k)
        return oom(r);
    int kn = snprintf(k, klen, "%s|%lld|%s", fp, (long long)at_us, type);
    rg_event *ev = rg_event_new(a);
    if (!ev) {
        rg_free(k);
        return oom(r);
    }
    rg_event_identity(ev, k, kn > 0 ? (size_t)kn : 0);
    rg_free(k);
    const json_t *labels = json_object_get(alert, "labels");
    const json_t *ann = json_object_get(alert, "annotations");
    const char *name = nonempty(labels, "alertname");
    const char *detail = nonempty(ann, "summary");
    if (!detail)
        detail = nonempty(ann, "description");
    if (!detail)
        detail = nonempty(ann, "message");
    ev->at_us = at_us + r->src->offset_us;
    ev->kind = RG_KIND_ALERT;
    ev->type = type;
    ev->source = r->source;
    ev->actor = r->actor;
    ev->human = 0;
    if (name && detail)
        ev->text = rg_arena_printf(a, "%s: %s", name, detail);
    else if (name || detail)
        ev->text = rg_arena_strdup(a, name ? name : detail);
    else
        ev->text = rg_arena_printf(a, "alert %s", fp);
    ev->origin = rg_origin(a, r->src->path, line);
    ev->time_text = rg_time_text(a, time_text, strlen(time_text), r->src, flags);
    if (!ev->text || !ev->origin || !ev->time_text)
        return oom(r);
    for (size_t i = 0; i < n_labels; i++) {
        const char *lk = rg_arena_printf(a, "label.%s", label_keys[i]);
        if (!lk || rg_event_attr(a, ev, lk, rg_json_str(labels, label_keys[i])) < 0)
            return oom(r);
    }
    size_t n_ann;
    int no_mem;
    const char **ann_keys = sorted_keys(ann, &n_ann, &no_mem);
    if (no_mem)
        return oom(r);
    for (size_t i = 0; i < n_ann; i++) {
        const char *ak = rg_arena_printf(a, "annotation.%s", ann_keys[i]);
        if (!ak || rg_event_attr(a, ev, ak, rg_json_str(ann, ann_keys[i])) < 0) {
            rg_free(ann_keys);
            return oom(r);
        }
    }
    rg_free(ann_keys);
    const char *sev = nonempty(labels, "severity");
    const char *url = nonempty(alert, "generatorURL");
    const char *receiver = nonempty(payload, "receiver");
    if (rg_event_attr(a, ev, "fingerprint", fp) < 0 ||
        (sev && rg_event_attr(a, ev, "severity", sev) < 0) ||
        (url && rg_event_attr(a, ev, "generator_url", url) < 0) ||
        (receiver && rg_event_attr(a, ev, "receiver", receiver) < 0))
        return oom(r);
    if (r->more && r->more(r, ev, payload, alert) != 0)
        return oom(r);
    if (r->sink->emit(r->sink, ev) != 0)
        return oom(r);
    return 0;
}

static int alert(rg_am_reader *r, const json_t *payload, const json_t *al, size_t off)
{
    if (!json_is_object(al)) {
        rg_jsondocs_warn(r->docs, off, "bad-record", "alert is %s, expected an object; skipped",
                         rg_json_type_name(al));
        return 0;
    }
    const char *status = nonempty(al, "status");
    if (!status)
        status = nonempty(payload, "status");
    if (!status)
        status = "firing";
    int resolved = strcmp(status, "resolved") == 0;
    if (!resolved && strcmp(status, "firing") != 0) {
        rg_jsondocs_warn(r->docs, off, "bad-record",
                         "alert has status '%s', expected 'firing' or 'resolved'; skipped", status);
        return 0;
    }
    int64_t start_us;
    int flags;
    const char *start_text;
    if (!read_time(r, al, "startsAt", off, &start_us, &flags, &start_text))
        return 0;
    /* The labels and annotations make the alert's name and text: one of the
     * wrong type is said, not read as absent. */
    static const char *const texts[] = {"summary", "description", "message", NULL};
    static const char *const names[] = {"alertname", NULL};
    const char *bad = NULL, *where = NULL;
    const json_t *holder = NULL;
    for (int k = 0; k < 2 && !bad; k++) {
        const char *member = k ? "annotations" : "labels";
        const json_t *v = json_object_get(al, member);
        if (v && !json_is_null(v) && !json_is_object(v)) {
            rg_jsondocs_warn(r->docs, off, "bad-record",
                             "alert has '%s' as %s, expected an object; skipped", member,
                             rg_json_type_name(v));
            return 0;
        }
        bad = rg_json_mistyped_string(v, k ? texts : names);
        where = member;
        holder = v;
    }
    if (bad) {
        rg_jsondocs_warn(r->docs, off, "bad-record",
                         "alert has '%s.%s' as %s, expected a string; skipped", where, bad,
                         rg_json_type_name(json_object_get(holder, bad)));
        return 0;
    }

    const json_t *labels = json_object_get(al, "labels");
    size_t n_labels;
    int no_mem;
    const char **keys = sorted_keys(labels, &n_labels, &no_mem);
    if (no_mem)
        return oom(r);
    char derived[17];
    const char *fp = nonempty(al, "fingerprint");
    if (!fp) {
        fingerprint_of(labels, keys, n_labels, derived);
        fp = derived;
    }
    long line, col = 0;
    rg_locate_line(&r->loc, off, &line);
    rg_jsondocs_fix(r->docs, &line, &col); /* a streamed record's text is not the file's */
    int rc = emit_alert(r, payload, al, line, "alert.firing", start_us, flags, start_text, fp, keys,
                        n_labels);
    if (rc == 0 && resolved) {
        const char *end = nonempty(al, "endsAt");
        int64_t end_us;
        int end_flags;
        const char *end_text;
        if (!end || zero_time(end))
            rg_jsondocs_warn(r->docs, off, "no-end-time",
                             "resolved alert has no 'endsAt'; when it resolved is unknown");
        else if (read_time(r, al, "endsAt", off, &end_us, &end_flags, &end_text))
            rc = emit_alert(r, payload, al, line, "alert.resolved", end_us, end_flags, end_text, fp,
                            keys, n_labels);
    }
    rg_free(keys);
    return rc;
}

void rg_am_document_begin(rg_am_reader *r, size_t off, size_t end)
{
    rg_json_offsets_find(&r->offsets, r->docs->text, off, end, "alerts");
    rg_jsondocs_follow(r->docs, &r->loc);
}

void rg_am_document_end(rg_am_reader *r)
{
    rg_json_offsets_free(&r->offsets);
}

int rg_am_payload(rg_am_reader *r, const json_t *p, size_t off, size_t end)
{
    if (!json_is_object(p))
        return rg_jsondocs_shape(r->docs, off, "expected %s, got %s", r->payload,
                                 rg_json_type_name(p));
    const json_t *alerts = json_object_get(p, "alerts");
    if (!alerts)
        return rg_jsondocs_shape(r->docs, off, "expected %s, got an object without 'alerts'",
                                 r->payload);
    if (!json_is_array(alerts))
        return rg_jsondocs_shape(r->docs, rg_json_member_value(r->docs->text, off, end, "alerts"),
                                 "expected an array of alerts, got %s", rg_json_type_name(alerts));
    size_t i;
    const json_t *al;
    json_array_foreach(alerts, i, al)
    {
        size_t aoff = rg_json_offsets_take(&r->offsets, off);
        if (alert(r, p, al, aoff) != 0)
            return -1;
    }
    return 0;
}

int rg_am_streamed_alert(rg_am_reader *r, const json_t *env, const json_t *al)
{
    r->loc = (rg_locator){r->docs->text, r->docs->len, 0, 1};
    return alert(r, env, al, 0);
}
