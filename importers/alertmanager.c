/* alertmanager.c -- Prometheus Alertmanager webhook payloads (version 4) as
 * alert.firing / alert.resolved events.
 *
 * A file holds one payload {"version": "4", "groupKey", "status", "receiver",
 * "alerts": [{"status", "labels", "annotations", "startsAt", "endsAt",
 * "generatorURL", "fingerprint"}]}, a JSON array of payloads, or payloads one
 * after another (one per line, as a webhook receiver appends them).
 *
 * Rules (README, "Formats"):
 *  - alert.firing at startsAt, for every alert, firing or resolved: a resolved
 *    notification still says when the alert began;
 *  - alert.resolved at endsAt, only when the alert's status is "resolved" and
 *    endsAt is not Go's zero time "0001-01-01T00:00:00Z". A firing alert's
 *    endsAt, when set, is Alertmanager's estimate of when it will expire if
 *    Prometheus stops re-sending it, not a resolution, so it is ignored;
 *  - Alertmanager repeats a group's notification (repeat_interval) and re-sends
 *    every alert of the group when one changes: the same alert is the same
 *    fingerprint with the same startsAt, so each (fingerprint, startsAt, firing
 *    or resolved) is the event's identity, and the timeline reads it once and
 *    counts the repeats as duplicates. Without a "fingerprint" it is derived from the
 *    labels the way Prometheus computes it (FNV-1a 64 over the label names and
 *    values sorted by name, each followed by a 0xff byte), so it matches the
 *    fingerprint Alertmanager would have sent;
 *  - an alert without "status" takes the payload's.
 * Each event: kind alert, actor "alertmanager" (the system that sent it; the
 * alerting host is in the labels), human 0, text "alertname: summary" (or the
 * description when there is no summary), attrs "label.<name>" for every label
 * and "annotation.<name>" for every annotation (sorted by name), "fingerprint",
 * "severity" (labels.severity), "generator_url", "receiver"; origin is the line
 * of the alert object. */
#include "importer.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonutil.h"

struct am {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;       /* the file's text, and whether it holds several payloads */
    const char *source;     /* src->name, copied: the source is borrowed only during parse() */
    rg_json_offsets alerts; /* elements of arrays named "alerts" */
    rg_json_offsets top;    /* elements of a top-level array */
};

static int oom(struct am *am)
{
    return rg_diag_error(am->sink->diag, am->src->path, 0, 0, "out of memory");
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
 * memory (*oom set). */
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

/* Prometheus's label-set fingerprint (model.LabelSet.Fingerprint): FNV-1a 64
 * over name, 0xff, value, 0xff for each label sorted by name, as 16 hex digits. */
static void fingerprint(const json_t *labels, const char **keys, size_t n, char out[17])
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

/* Go's zero time.Time, which Alertmanager sends as endsAt when it has none. */
static int zero_time(const char *s)
{
    return strncmp(s, "0001-01-01T00:00:00", 19) == 0;
}

/* Reads timestamp member `member` of alert (at off). Returns 1 and sets *at_us
 * and *flags, 0 when missing or unreadable (warned with `key`). */
static int read_time(struct am *am, const json_t *alert, const char *member, size_t off,
                     int64_t *at_us, int *flags, const char **text)
{
    const json_t *v = json_object_get(alert, member);
    if (!v) {
        rg_jsondocs_warn(&am->docs, off, "no-time", "alert has no '%s'; skipped", member);
        return 0;
    }
    if (!json_is_string(v)) {
        rg_jsondocs_warn(&am->docs, off, "bad-time",
                         "alert has '%s' as %s, expected a timestamp; skipped", member,
                         rg_json_type_name(v));
        return 0;
    }
    *text = json_string_value(v);
    rg_time_ctx ctx = {am->src->zone, am->src->ref_us};
    *flags = 0;
    if (rg_time_parse(*text, json_string_length(v), &ctx, at_us, flags) != 0) {
        rg_jsondocs_warn(&am->docs, off, "bad-time",
                         "cannot read '%s' as a time in '%s'; alert skipped", *text, member);
        return 0;
    }
    return 1;
}

/* Emits one event of an alert, with its identity (fingerprint, time, state):
 * the timeline reads a repeated notification once and counts it. Returns 0
 * or -1. */
static int emit_alert(struct am *am, const json_t *payload, const json_t *alert, size_t off,
                      const char *type, int64_t at_us, int flags, const char *time_text,
                      const char *fp, const char **label_keys, size_t n_labels)
{
    rg_arena *a = am->sink->arena;
    size_t klen = strlen(fp) + strlen(type) + 32;
    char *k = rg_malloc(klen);
    if (!k)
        return oom(am);
    int kn = snprintf(k, klen, "%s|%lld|%s", fp, (long long)at_us, type);
    rg_event *ev = rg_event_new(a);
    if (!ev) {
        rg_free(k);
        return oom(am);
    }
    rg_event_identity(ev, k, kn > 0 ? (size_t)kn : 0);
    rg_free(k);
    long line, col;
    rg_line_col(am->docs.text, am->docs.len, off, &line, &col);
    const json_t *labels = json_object_get(alert, "labels");
    const json_t *ann = json_object_get(alert, "annotations");
    const char *name = nonempty(labels, "alertname");
    const char *detail = nonempty(ann, "summary");
    if (!detail)
        detail = nonempty(ann, "description");
    if (!detail)
        detail = nonempty(ann, "message");
    ev->at_us = at_us + am->src->offset_us;
    ev->kind = RG_KIND_ALERT;
    ev->type = type;
    ev->source = am->source;
    ev->actor = "alertmanager";
    ev->human = 0;
    if (name && detail)
        ev->text = rg_arena_printf(a, "%s: %s", name, detail);
    else if (name || detail)
        ev->text = rg_arena_strdup(a, name ? name : detail);
    else
        ev->text = rg_arena_printf(a, "alert %s", fp);
    ev->origin = rg_origin(a, am->src->path, line);
    ev->time_text = rg_time_text(a, time_text, strlen(time_text), am->src, flags);
    if (!ev->text || !ev->origin || !ev->time_text)
        return oom(am);
    for (size_t i = 0; i < n_labels; i++) {
        const char *lk = rg_arena_printf(a, "label.%s", label_keys[i]);
        if (!lk || rg_event_attr(a, ev, lk, rg_json_str(labels, label_keys[i])) < 0)
            return oom(am);
    }
    size_t n_ann;
    int no_mem;
    const char **ann_keys = sorted_keys(ann, &n_ann, &no_mem);
    if (no_mem)
        return oom(am);
    for (size_t i = 0; i < n_ann; i++) {
        const char *ak = rg_arena_printf(a, "annotation.%s", ann_keys[i]);
        if (!ak || rg_event_attr(a, ev, ak, rg_json_str(ann, ann_keys[i])) < 0) {
            rg_free(ann_keys);
            return oom(am);
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
        return oom(am);
    if (am->sink->emit(am->sink, ev) != 0)
        return oom(am);
    return 0;
}

static int alert(struct am *am, const json_t *payload, const json_t *al, size_t off)
{
    if (!json_is_object(al)) {
        rg_jsondocs_warn(&am->docs, off, "bad-record", "alert is %s, expected an object; skipped",
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
        rg_jsondocs_warn(&am->docs, off, "bad-record",
                         "alert has status '%s', expected 'firing' or 'resolved'; skipped", status);
        return 0;
    }
    int64_t start_us;
    int flags;
    const char *start_text;
    if (!read_time(am, al, "startsAt", off, &start_us, &flags, &start_text))
        return 0;

    const json_t *labels = json_object_get(al, "labels");
    size_t n_labels;
    int no_mem;
    const char **keys = sorted_keys(labels, &n_labels, &no_mem);
    if (no_mem)
        return oom(am);
    char derived[17];
    const char *fp = nonempty(al, "fingerprint");
    if (!fp) {
        fingerprint(labels, keys, n_labels, derived);
        fp = derived;
    }
    int rc = emit_alert(am, payload, al, off, "alert.firing", start_us, flags, start_text, fp, keys,
                        n_labels);
    if (rc == 0 && resolved) {
        const char *end = nonempty(al, "endsAt");
        int64_t end_us;
        int end_flags;
        const char *end_text;
        if (!end || zero_time(end))
            rg_jsondocs_warn(&am->docs, off, "no-end-time",
                             "resolved alert has no 'endsAt'; when it resolved is unknown");
        else if (read_time(am, al, "endsAt", off, &end_us, &end_flags, &end_text))
            rc = emit_alert(am, payload, al, off, "alert.resolved", end_us, end_flags, end_text, fp,
                            keys, n_labels);
    }
    rg_free(keys);
    return rc;
}

static int payload(struct am *am, const json_t *p, size_t off, size_t end)
{
    if (!json_is_object(p))
        return rg_jsondocs_shape(&am->docs, off, "expected an Alertmanager webhook payload, got %s",
                                 rg_json_type_name(p));
    const json_t *alerts = json_object_get(p, "alerts");
    if (!alerts)
        return rg_jsondocs_shape(
            &am->docs, off,
            "expected an Alertmanager webhook payload, got an object without 'alerts'");
    if (!json_is_array(alerts))
        return rg_jsondocs_shape(&am->docs, rg_json_member_value(am->docs.text, off, end, "alerts"),
                                 "expected an array of alerts, got %s", rg_json_type_name(alerts));
    size_t i;
    const json_t *al;
    json_array_foreach(alerts, i, al)
    {
        size_t aoff = rg_json_offsets_take(&am->alerts, off);
        if (alert(am, p, al, aoff) != 0)
            return -1;
    }
    return 0;
}

/* One JSON document at text[off..end). */
static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct am *am = ctx;
    rg_json_offsets_find(&am->alerts, am->docs.text, off, end, "alerts");
    rg_json_offsets_find(&am->top, am->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_array(root)) {
        int was = am->docs.stream;
        am->docs.stream = 1; /* one bad payload in an array is one bad record */
        size_t i;
        const json_t *p;
        json_array_foreach(root, i, p)
        {
            size_t poff = rg_json_offsets_take(&am->top, off);
            size_t pend = rg_json_offsets_peek(&am->top, end);
            if ((rc = payload(am, p, poff, pend)) != 0)
                break;
        }
        am->docs.stream = was;
    } else {
        rc = payload(am, root, off, end);
    }
    rg_json_offsets_free(&am->alerts);
    rg_json_offsets_free(&am->top);
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct am am;
    memset(&am, 0, sizeof(am));
    am.src = src;
    am.sink = sink;
    if (rg_jsondocs_load(&am.docs, src->path, sink->diag) != 0)
        return -1;
    am.source = rg_arena_strdup(sink->arena, src->name);
    int rc = am.source ? rg_jsondocs_read(&am.docs, document, &am) : oom(&am);
    rg_jsondocs_free(&am.docs);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    if (!rg_text_has(head, head_len, "\"alerts\""))
        return 0;
    if (rg_text_has(head, head_len, "\"startsAt\"") || rg_text_has(head, head_len, "\"groupKey\""))
        return 90;
    if (rg_text_has(head, head_len, "\"fingerprint\"") ||
        rg_text_has(head, head_len, "\"generatorURL\""))
        return 60;
    return 0;
}

const rg_importer rg_importer_alertmanager = {
    .name = "alertmanager",
    .kind = RG_KIND_ALERT,
    .summary = "Prometheus Alertmanager webhook payloads (one, an array, or one per line)",
    .recognises = "JSON with \"alerts\" and \"startsAt\" or \"groupKey\"",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
