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
 *    or resolved) is read once. Without a "fingerprint" it is derived from the
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

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "jsonutil.h"

/* The set of (fingerprint, startsAt, state) already emitted. Heap copies,
 * freed with the set. */
struct seen {
    char **slot;
    size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Returns 1 when key is new (and remembers it), 0 when already seen, -1 when
 * out of memory. */
static int seen_add(struct seen *s, const char *key)
{
    if (s->n * 2 >= s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **slot = rg_calloc(cap, sizeof(*slot));
        if (!slot)
            return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->slot[i])
                continue;
            size_t j = hash_str(s->slot[i]) & (cap - 1);
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = s->slot[i];
        }
        rg_free(s->slot);
        s->slot = slot;
        s->cap = cap;
    }
    size_t j = hash_str(key) & (s->cap - 1);
    while (s->slot[j]) {
        if (strcmp(s->slot[j], key) == 0)
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    s->slot[j] = rg_strdup(key);
    if (!s->slot[j])
        return -1;
    s->n++;
    return 1;
}

static void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->cap; i++)
        rg_free(s->slot[i]);
    rg_free(s->slot);
}

struct am {
    const rg_source *src;
    rg_sink *sink;
    const char *text;
    size_t len;
    int stream;         /* several documents: a bad one is a warning, not an error */
    const char *source; /* src->name, copied: the source is borrowed only during parse() */
    struct seen seen;
    size_t *alert_off; /* elements of arrays named "alerts", in document order */
    size_t n_alert_off, next_alert_off;
    size_t *top_off; /* elements of a top-level array */
    size_t n_top_off, next_top_off;
};

static const char *kind_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static int oom(struct am *am)
{
    return rg_diag_error(am->sink->diag, am->src->path, 0, 0, "out of memory");
}

static void warn(struct am *am, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(struct am *am, size_t off, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_line_col(am->text, am->len, off, &line, &col);
    rg_diag_warn(am->sink->diag, am->src->path, line, col, key, "%s", msg);
}

/* A payload whose shape is wrong: fatal when the file is that one payload, a
 * counted warning when it is one of several. */
static int shape(struct am *am, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int shape(struct am *am, size_t off, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_line_col(am->text, am->len, off, &line, &col);
    if (!am->stream)
        return rg_diag_error(am->sink->diag, am->src->path, line, col, "%s", msg);
    rg_diag_warn(am->sink->diag, am->src->path, line, col, "bad-payload", "%s; skipped", msg);
    return 0;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Offset of the value of the first member `"key":` at or after `from` (best
 * effort, for messages about a member's value), else `from`. */
static size_t member_value(const struct am *am, size_t from, size_t end, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = from; i + kl + 2 <= end; i++) {
        if (am->text[i] != '"' || memcmp(am->text + i + 1, key, kl) != 0 ||
            am->text[i + 1 + kl] != '"')
            continue;
        size_t j = skip_space(am->text, end, i + kl + 2);
        if (j < end && am->text[j] == ':')
            return skip_space(am->text, end, j + 1);
    }
    return from;
}

/* Next recorded offset at or after `fallback`, else `fallback`: the scan is a
 * tolerant tokenizer and may find fewer elements than jansson did. */
static size_t take(const size_t *off, size_t n, size_t *next, size_t fallback)
{
    while (*next < n) {
        size_t v = off[(*next)++];
        if (v >= fallback)
            return v;
    }
    return fallback;
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
        warn(am, off, "no-time", "alert has no '%s'; skipped", member);
        return 0;
    }
    if (!json_is_string(v)) {
        warn(am, off, "bad-time", "alert has '%s' as %s, expected a timestamp; skipped", member,
             kind_of(v));
        return 0;
    }
    *text = json_string_value(v);
    rg_time_ctx ctx = {am->src->zone, am->src->ref_us};
    *flags = 0;
    if (rg_time_parse(*text, json_string_length(v), &ctx, at_us, flags) != 0) {
        warn(am, off, "bad-time", "cannot read '%s' as a time in '%s'; alert skipped", *text,
             member);
        return 0;
    }
    return 1;
}

/* Emits one event of an alert unless its key was seen. Returns 0 or -1. */
static int emit_alert(struct am *am, const json_t *payload, const json_t *alert, size_t off,
                      const char *type, int64_t at_us, int flags, const char *time_text,
                      const char *fp, const char **label_keys, size_t n_labels)
{
    rg_arena *a = am->sink->arena;
    size_t klen = strlen(fp) + strlen(type) + 32;
    char *k = rg_malloc(klen);
    if (!k)
        return oom(am);
    snprintf(k, klen, "%s|%lld|%s", fp, (long long)at_us, type);
    int r = seen_add(&am->seen, k);
    rg_free(k);
    if (r < 0)
        return oom(am);
    if (r == 0)
        return 0;

    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(am);
    long line, col;
    rg_line_col(am->text, am->len, off, &line, &col);
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
        warn(am, off, "bad-record", "alert is %s, expected an object; skipped", kind_of(al));
        return 0;
    }
    const char *status = nonempty(al, "status");
    if (!status)
        status = nonempty(payload, "status");
    if (!status)
        status = "firing";
    int resolved = strcmp(status, "resolved") == 0;
    if (!resolved && strcmp(status, "firing") != 0) {
        warn(am, off, "bad-record",
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
            warn(am, off, "no-end-time",
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
        return shape(am, off, "expected an Alertmanager webhook payload, got %s", kind_of(p));
    const json_t *alerts = json_object_get(p, "alerts");
    if (!alerts)
        return shape(am, off,
                     "expected an Alertmanager webhook payload, got an object without 'alerts'");
    if (!json_is_array(alerts))
        return shape(am, member_value(am, off, end, "alerts"),
                     "expected an array of alerts, got %s", kind_of(alerts));
    size_t i;
    const json_t *al;
    json_array_foreach(alerts, i, al)
    {
        size_t aoff = take(am->alert_off, am->n_alert_off, &am->next_alert_off, off);
        if (alert(am, p, al, aoff) != 0)
            return -1;
    }
    return 0;
}

/* One JSON document at text[off..end). */
static int document(struct am *am, const json_t *root, size_t off, size_t end)
{
    am->n_alert_off = rg_json_element_offsets(am->text + off, end - off, "alerts", &am->alert_off);
    am->n_top_off = rg_json_element_offsets(am->text + off, end - off, NULL, &am->top_off);
    am->next_alert_off = am->next_top_off = 0;
    for (size_t i = 0; i < am->n_alert_off; i++)
        am->alert_off[i] += off;
    for (size_t i = 0; i < am->n_top_off; i++)
        am->top_off[i] += off;
    int rc = 0;
    if (json_is_array(root)) {
        int was = am->stream;
        am->stream = 1; /* one bad payload in an array is one bad record */
        size_t i;
        const json_t *p;
        json_array_foreach(root, i, p)
        {
            size_t poff = take(am->top_off, am->n_top_off, &am->next_top_off, off);
            size_t pend = am->next_top_off < am->n_top_off ? am->top_off[am->next_top_off] : end;
            if ((rc = payload(am, p, poff, pend)) != 0)
                break;
        }
        am->stream = was;
    } else {
        rc = payload(am, root, off, end);
    }
    rg_free(am->alert_off);
    rg_free(am->top_off);
    am->alert_off = am->top_off = NULL;
    return rc;
}

/* Start of the next line that opens a document at column 1, after a document
 * that did not parse. */
static size_t resync(const char *text, size_t len, size_t i)
{
    for (; i < len; i++)
        if (text[i] == '\n' && i + 1 < len && (text[i + 1] == '{' || text[i + 1] == '['))
            return i + 1;
    return len;
}

/* Reads every document of the file: one JSON document (errors are fatal and
 * located by rg_json_parse), or several one after another (JSON lines), where a
 * bad one is a counted warning and the others are kept. */
static int documents(struct am *am)
{
    const char *text = am->text;
    size_t len = am->len;
    size_t p = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    p = skip_space(text, len, p);
    json_error_t err;
    json_t *doc = NULL;
    size_t used = 0;
    if (p < len && (text[p] == '{' || text[p] == '[')) {
        doc = json_loadb(text + p, len - p, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
        if (doc) {
            used = (size_t)err.position;
            size_t q = skip_space(text, len, p + used);
            am->stream = q < len && (text[q] == '{' || text[q] == '[');
        }
    }
    if (!am->stream) {
        json_decref(doc);
        json_t *root = rg_json_parse(am->src->path, text, len, JSON_DECODE_ANY, am->sink->diag);
        if (!root)
            return -1;
        int rc = document(am, root, p, len);
        json_decref(root);
        return rc;
    }
    for (;;) {
        int rc = document(am, doc, p, p + used);
        json_decref(doc);
        if (rc != 0)
            return -1;
        p = skip_space(text, len, p + used);
        while (p < len) {
            doc = json_loadb(text + p, len - p, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
            if (doc)
                break;
            if (json_error_code(&err) == json_error_out_of_memory)
                return oom(am);
            size_t bad = p + (err.position > 0 ? (size_t)err.position - 1 : 0);
            long start, col;
            rg_line_col(text, len, p, &start, &col);
            warn(am, bad, "bad-json",
                 "the document that starts on line %ld is not valid JSON (%s); skipped", start,
                 err.text);
            p = skip_space(text, len, resync(text, len, p));
        }
        if (p >= len)
            return 0;
        used = (size_t)err.position;
    }
}

static int parse(const rg_source *src, rg_sink *sink)
{
    struct am am;
    memset(&am, 0, sizeof(am));
    am.src = src;
    am.sink = sink;
    char *text = rg_read_file(src->path, &am.len, sink->diag);
    if (!text)
        return -1;
    am.text = text;
    am.source = rg_arena_strdup(sink->arena, src->name);
    int rc = am.source ? documents(&am) : oom(&am);
    seen_free(&am.seen);
    rg_free(text);
    return rc;
}

/* Bounded search in the head (memmem is not in C11). */
static int has(const char *head, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (head[i] == needle[0] && memcmp(head + i, needle, n) == 0)
            return 1;
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t p = head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    p = skip_space(head, head_len, p);
    if (p >= head_len || (head[p] != '{' && head[p] != '['))
        return 0;
    if (!has(head, head_len, "\"alerts\""))
        return 0;
    if (has(head, head_len, "\"startsAt\"") || has(head, head_len, "\"groupKey\""))
        return 90;
    if (has(head, head_len, "\"fingerprint\"") || has(head, head_len, "\"generatorURL\""))
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
