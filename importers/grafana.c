/* grafana.c -- Grafana alerting: unified-alerting webhooks (Grafana 8 and
 * later), legacy webhooks (Grafana 7 and earlier) and the alert state history
 * (GET /api/v1/rules/history) as alert events.
 *
 * What it reads, in one file:
 *  - unified webhooks: Alertmanager's payload plus "orgId", "state", "title",
 *    "message", "version": "1" and per alert "values", "valueString",
 *    "dashboardURL", "panelURL", "silenceURL", "imageURL". The alerts are read
 *    by alertpayload.c exactly as alertmanager.c reads them: alert.firing at
 *    startsAt, alert.resolved at a resolved alert's endsAt, identity
 *    fingerprint + startsAt + state. Actor "grafana"; attrs as Alertmanager's
 *    plus "value.<var>" (each of "values", as written), "value_string",
 *    "dashboard_url", "panel_url", "silence_url", "org_id";
 *  - legacy webhooks {"title", "ruleId", "ruleName", "state", "evalMatches",
 *    "message", "ruleUrl"}: these carry no time at all. A payload is read only
 *    when the manifest gives its source an "at" (the time it was received, say
 *    from the receiver's log): {"path": "grafana.json", "at": "2026-11-20T14:03:00Z"}.
 *    Without it the payload is warning "no-time" and skipped, never placed at
 *    a guessed time. state "alerting" -> alert.firing, "ok" -> alert.resolved,
 *    "no_data" -> alert.nodata, "pending"/"paused" and others -> note.
 *    Fingerprint "rule <ruleId>" (firing and resolved pair on it), identity
 *    ruleId + state + the time;
 *  - the state history: a data frame {"schema": {"fields": [{"name": "time"},
 *    {"name": "line"}, {"name": "labels"}]}, "data": {"values": [[epoch ms...],
 *    [entry...], [stream labels...]], "nanos": ...}} (bare, or under
 *    "results"), each entry {"previous", "current", "ruleTitle", "ruleUID",
 *    "fingerprint", "labels", "values", "error"}. The state before " (" is the
 *    state, what is inside the reason ("Normal (MissingSeries)"). current
 *    Alerting -> alert.firing; Normal after Alerting or Recovering ->
 *    alert.resolved; NoData -> alert.nodata; Error -> alert.error; any other
 *    change (Pending, Recovering, Normal after Pending/NoData/Error) -> a note,
 *    so no transition is lost. Text: the rule's title; attrs "previous",
 *    "current", "rule_uid", "fingerprint" (the entry's, else derived from its
 *    labels as Prometheus does), "label.<name>", "value.<var>". Identity:
 *    fingerprint + time + current state. The time is epoch milliseconds (plus
 *    the frame's "nanos" when given), read as an integer. Columns of
 *    different lengths are warning "bad-frame" at the frame: the rows are
 *    the "line" column's, a row without a time is warning "bad-time"
 *    (skipped), the times past the last line are not read. A frame over
 *    1 MiB is read row by row, its columns in lockstep (parse());
 * A JSON array of any of these, or several one after another (one per line),
 * is read too. Origins are the line of the alert, payload or history entry.
 * An alert whose "labels" or "annotations" is not an object, or whose
 * alertname, summary, description or message is not a string, is warning
 * "bad-record" (skipped), never read as if the field were absent.
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it. */
#include "importer.h"

#include <string.h>

#include "alertpayload.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

struct gf {
    rg_am_reader r;      /* the unified webhook's alerts, read as Alertmanager's */
    rg_jsondocs docs;    /* the text being read (the file, or one streamed record), and
                            whether it holds several payloads */
    rg_json_offsets top; /* elements of a top-level array */
    rg_json_offsets rows;
    size_t ntimes, nrow; /* a streamed frame: its time column's length, the next row */
};

static int oom(struct gf *g)
{
    return rg_diag_error(g->r.sink->diag, g->r.src->path, 0, 0, "out of memory");
}

/* The file's line of byte off of the text being read (a streamed record's
 * text starts at docs.line0). */
static long line_of(struct gf *g, size_t off)
{
    long line, col = 0;
    rg_locate_line(&g->r.loc, off, &line);
    rg_jsondocs_fix(&g->docs, &line, &col);
    return line;
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = json_is_object(obj) ? rg_json_str(obj, key) : NULL;
    return s && s[0] ? s : NULL;
}

/* A JSON scalar as text: integers exactly, fractions to 15 significant digits
 * (what a double holds of the decimal written), so 0.07 stays "0.07". */
static const char *scalar_text(rg_arena *a, const json_t *v)
{
    if (json_is_string(v))
        return rg_arena_strdup(a, json_string_value(v));
    char buf[64];
    size_t n =
        json_dumpb(v, buf, sizeof(buf), JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
    if (n == 0 || n >= sizeof(buf))
        return rg_arena_strdup(a, "?");
    return rg_arena_strndup(a, buf, n);
}

/* "value.<var>" for each member of values, in the order written. */
static int value_attrs(rg_arena *a, rg_event *ev, const json_t *values)
{
    if (!json_is_object(values))
        return 0;
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)values, k, v)
    {
        const char *key = rg_arena_printf(a, "value.%s", k);
        const char *val = scalar_text(a, v);
        if (!key || !val || rg_event_attr(a, ev, key, val) < 0)
            return -1;
    }
    return 0;
}

static int attr(rg_arena *a, rg_event *ev, const char *key, const char *value)
{
    return value ? rg_event_attr(a, ev, key, value) : 0;
}

/* The unified webhook's members beyond Alertmanager's (rg_am_reader.more). */
static int more(rg_am_reader *r, rg_event *ev, const json_t *payload, const json_t *alert)
{
    rg_arena *a = r->sink->arena;
    const json_t *org = json_object_get(payload, "orgId");
    if (value_attrs(a, ev, json_object_get(alert, "values")) != 0 ||
        attr(a, ev, "value_string", nonempty(alert, "valueString")) != 0 ||
        attr(a, ev, "dashboard_url", nonempty(alert, "dashboardURL")) != 0 ||
        attr(a, ev, "panel_url", nonempty(alert, "panelURL")) != 0 ||
        attr(a, ev, "silence_url", nonempty(alert, "silenceURL")) != 0)
        return -1;
    if (org && (json_is_integer(org) || json_is_string(org))) {
        const char *o = scalar_text(a, org);
        if (!o || rg_event_attr(a, ev, "org_id", o) < 0)
            return -1;
    }
    return 0;
}

/* ---- the legacy webhook ---- */

static int legacy(struct gf *g, const json_t *p, size_t off)
{
    rg_arena *a = g->r.sink->arena;
    const rg_source *src = g->r.src;
    const json_t *rule = json_object_get(p, "ruleId");
    const char *state = nonempty(p, "state");
    if (!state) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "legacy Grafana webhook has no 'state'; skipped");
        return 0;
    }
    if (!src->at_text) {
        rg_jsondocs_warn(&g->docs, off, "no-time",
                         "legacy Grafana webhook (Grafana 7 or earlier) carries no time; give "
                         "this source an \"at\" in incident.json to read it; skipped");
        return 0;
    }
    const char *type = "note";
    rg_kind kind = RG_KIND_NOTE;
    if (strcmp(state, "alerting") == 0)
        type = "alert.firing", kind = RG_KIND_ALERT;
    else if (strcmp(state, "ok") == 0)
        type = "alert.resolved", kind = RG_KIND_ALERT;
    else if (strcmp(state, "no_data") == 0)
        type = "alert.nodata", kind = RG_KIND_ALERT;
    const char *rule_id =
        rule && (json_is_integer(rule) || json_is_string(rule)) ? scalar_text(a, rule) : NULL;
    const char *name = nonempty(p, "ruleName");
    if (!name)
        name = nonempty(p, "title");
    const char *message = nonempty(p, "message");
    rg_event *ev = rg_event_new(a);
    if (!ev || (rule && !rule_id))
        return oom(g);
    const char *fp = rule_id ? rg_arena_printf(a, "rule %s", rule_id)
                             : rg_arena_strdup(a, name ? name : "grafana rule");
    long line = line_of(g, off);
    ev->at_us = src->at_us + src->offset_us;
    ev->kind = kind;
    ev->type = type;
    ev->source = g->r.source;
    ev->actor = "grafana";
    ev->human = 0;
    if (name && message)
        ev->text = rg_arena_printf(a, "%s: %s", name, message);
    else
        ev->text = rg_arena_strdup(a, name ? name : message ? message : state);
    ev->origin = rg_origin(a, src->path, line);
    ev->time_text = rg_arena_printf(a, "%s (\"at\" in incident.json)", src->at_text);
    if (!fp || !ev->text || !ev->origin || !ev->time_text)
        return oom(g);
    char *id = rg_arena_printf(a, "%s|%s|%lld", fp, state, (long long)src->at_us);
    if (!id)
        return oom(g);
    rg_event_identity(ev, id, strlen(id));
    if (rg_event_attr(a, ev, "fingerprint", fp) < 0 || rg_event_attr(a, ev, "state", state) < 0 ||
        attr(a, ev, "rule_url", nonempty(p, "ruleUrl")) != 0)
        return oom(g);
    if (g->r.sink->emit(g->r.sink, ev) != 0)
        return oom(g);
    return 0;
}

/* ---- the state history ---- */

/* "Alerting (NoData)" -> "Alerting": the state without its reason. */
static size_t state_len(const char *s)
{
    const char *p = strstr(s, " (");
    return p ? (size_t)(p - s) : strlen(s);
}

static int state_is(const char *s, const char *want)
{
    size_t n = state_len(s);
    return n == strlen(want) && memcmp(s, want, n) == 0;
}

/* The column named `name` of the frame's schema, or -1. */
static int column(const json_t *fields, const char *name)
{
    size_t i;
    const json_t *f;
    json_array_foreach(fields, i, f)
    {
        const char *n = rg_json_str(f, "name");
        if (n && strcmp(n, name) == 0)
            return (int)i;
    }
    return -1;
}

/* The type of a transition from prev to cur; *kind set. */
static const char *transition(const char *prev, const char *cur, rg_kind *kind)
{
    *kind = RG_KIND_ALERT;
    if (state_is(cur, "Alerting"))
        return "alert.firing";
    if (state_is(cur, "Normal") && (state_is(prev, "Alerting") || state_is(prev, "Recovering")))
        return "alert.resolved";
    if (state_is(cur, "NoData"))
        return "alert.nodata";
    if (state_is(cur, "Error"))
        return "alert.error";
    *kind = RG_KIND_NOTE;
    return "note";
}

/* A sorted copy of labels' string members as attrs "label.<name>". */
static int label_attrs(rg_arena *a, rg_event *ev, const json_t *labels)
{
    if (!json_is_object(labels))
        return 0;
    /* jansson keeps insertion order; labels are few, so a selection sort. */
    const char *last = NULL;
    for (;;) {
        const char *next = NULL, *k;
        const json_t *v;
        json_object_foreach((json_t *)labels, k, v)
        {
            if (json_is_string(v) && (!last || strcmp(k, last) > 0) &&
                (!next || strcmp(k, next) < 0))
                next = k;
        }
        if (!next)
            return 0;
        const char *key = rg_arena_printf(a, "label.%s", next);
        if (!key || rg_event_attr(a, ev, key, rg_json_str(labels, next)) < 0)
            return -1;
        last = next;
    }
}

/* One row of the history: time t (epoch ms), its extra nanoseconds, entry. */
static int history_row(struct gf *g, const json_t *t, const json_t *nanos, const json_t *entry,
                       size_t off)
{
    rg_arena *a = g->r.sink->arena;
    json_t *parsed = NULL;
    if (json_is_string(entry)) { /* Loki's raw line, when a proxy kept it a string */
        parsed = json_loads(json_string_value(entry), 0, NULL);
        entry = parsed;
    }
    int rc = 0;
    if (!json_is_object(entry)) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "state history entry is %s, expected an object; skipped",
                         parsed || !entry ? "not JSON" : rg_json_type_name(entry));
        goto done;
    }
    if (!json_is_integer(t)) {
        rg_jsondocs_warn(&g->docs, off, "bad-time",
                         "state history entry has time %s, expected epoch milliseconds; skipped",
                         t ? rg_json_type_name(t) : "missing");
        goto done;
    }
    const char *cur = rg_json_str(entry, "current");
    const char *prev = rg_json_str(entry, "previous");
    if (!cur) {
        rg_jsondocs_warn(&g->docs, off, "bad-record",
                         "state history entry has no 'current' state; skipped");
        goto done;
    }
    if (!prev)
        prev = "";
    long long ms = json_integer_value(t);
    int64_t at_us;
    if (rg_time_epoch_int(ms, 1000, &at_us) != 0) {
        rg_jsondocs_warn(&g->docs, off, "bad-time",
                         "state history entry has time %lld, out of range; skipped", ms);
        goto done;
    }
    if (json_is_integer(nanos) && json_integer_value(nanos) >= 0 &&
        json_integer_value(nanos) < 1000000)
        at_us += json_integer_value(nanos) / 1000;
    rg_kind kind;
    const char *type = transition(prev, cur, &kind);
    const char *title = nonempty(entry, "ruleTitle");
    const char *uid = nonempty(entry, "ruleUID");
    const json_t *labels = json_object_get(entry, "labels");
    char derived[17];
    const char *fp = nonempty(entry, "fingerprint");
    if (!fp) {
        if (rg_am_fingerprint(labels, derived) != 0) {
            rc = oom(g);
            goto done;
        }
        fp = derived;
    }
    rg_event *ev = rg_event_new(a);
    if (!ev) {
        rc = oom(g);
        goto done;
    }
    long line = line_of(g, off);
    ev->at_us = at_us + g->r.src->offset_us;
    ev->kind = kind;
    ev->type = type;
    ev->source = g->r.source;
    ev->actor = "grafana";
    ev->human = 0;
    const char *error = nonempty(entry, "error");
    if (kind == RG_KIND_NOTE)
        ev->text = rg_arena_printf(a, "%s: %s -> %s", title ? title : "alert rule", prev, cur);
    else if (error)
        ev->text = rg_arena_printf(a, "%s: %s", title ? title : "alert rule", error);
    else
        ev->text = rg_arena_strdup(a, title ? title : uid ? uid : fp);
    ev->origin = rg_origin(a, g->r.src->path, line);
    ev->time_text = rg_arena_printf(a, "%lld", ms);
    char *id = rg_arena_printf(a, "%s|%s|%lld|%s", uid ? uid : "", fp, (long long)at_us, cur);
    if (!ev->text || !ev->origin || !ev->time_text || !id) {
        rc = oom(g);
        goto done;
    }
    rg_event_identity(ev, id, strlen(id));
    if (rg_event_attr(a, ev, "previous", prev) < 0 || rg_event_attr(a, ev, "current", cur) < 0 ||
        attr(a, ev, "rule_uid", uid) != 0 || rg_event_attr(a, ev, "fingerprint", fp) < 0 ||
        label_attrs(a, ev, labels) != 0 ||
        value_attrs(a, ev, json_object_get(entry, "values")) != 0) {
        rc = oom(g);
        goto done;
    }
    if (g->r.sink->emit(g->r.sink, ev) != 0)
        rc = oom(g);
done:
    json_decref(parsed);
    return rc;
}

/* The frame's schema and the shape of its columns, as the whole read
 * (history()) and the streamed one (frame_plan()) both see them: 0 with the
 * indexes of the "time" and "line" columns; -1 on the error, or 1 when the
 * frame is skipped with a warning (one payload among several), the frame
 * located at off. values_array: "data.values" is an array. */
static int frame_shape(struct gf *g, const json_t *fields, int values_array, size_t off, int *ti,
                       int *li)
{
    int rc = 0;
    if (!json_is_array(fields) || !values_array)
        rc = rg_jsondocs_shape(&g->docs, off,
                               "expected a Grafana state history frame with 'schema.fields' "
                               "and 'data.values' arrays");
    else if ((*ti = column(fields, "time")) < 0 || (*li = column(fields, "line")) < 0)
        rc = rg_jsondocs_shape(&g->docs, off,
                               "expected a Grafana state history frame with 'time' and 'line' "
                               "fields");
    else
        return 0;
    return rc < 0 ? -1 : 1; /* an error, or a frame among payloads skipped */
}

/* The "time" or "line" column is no array: what rg_jsondocs_shape returns. */
static int columns_not_arrays(struct gf *g, size_t off)
{
    return rg_jsondocs_shape(&g->docs, off,
                             "expected the frame's 'time' and 'line' columns as arrays");
}

/* Columns of different lengths: the rows are those of the "line" column;
 * a row without a time is warned one by one (row()), times past the last
 * line are not read. Said once, at the frame. */
static void row_counts(struct gf *g, size_t off, size_t ntimes, size_t nlines)
{
    if (ntimes != nlines)
        rg_jsondocs_warn(&g->docs, off, "bad-frame",
                         "the frame's 'time' column has %zu rows and its 'line' column %zu; "
                         "the rows without both are skipped",
                         ntimes, nlines);
}

/* Row i (its "line" element entry at roff) of a frame whose "time" column
 * has ntimes rows. */
static int row(struct gf *g, size_t i, size_t ntimes, const json_t *t, const json_t *nanos,
               const json_t *entry, size_t roff)
{
    if (i >= ntimes) {
        rg_jsondocs_warn(&g->docs, roff, "bad-time",
                         "state history entry has time missing; skipped");
        return 0;
    }
    return history_row(g, t, nanos, entry, roff);
}

/* A data frame at text[off..end), read whole: a small file, or one frame of
 * several documents or of an array's. */
static int history(struct gf *g, const json_t *frame, size_t off, size_t end)
{
    const char *text = g->docs.text;
    const json_t *fields = json_object_get(json_object_get(frame, "schema"), "fields");
    const json_t *data = json_object_get(frame, "data");
    const json_t *values = json_object_get(data, "values");
    int ti, li, rc = frame_shape(g, fields, json_is_array(values), off, &ti, &li);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    const json_t *times = json_array_get(values, (size_t)ti);
    const json_t *lines = json_array_get(values, (size_t)li);
    if (!json_is_array(times) || !json_is_array(lines))
        return columns_not_arrays(g, off);
    const json_t *nanos = json_array_get(json_object_get(data, "nanos"), (size_t)ti);
    /* Where the rows of the "line" column are, for their origins: data ->
     * values -> the li-th column -> its elements. */
    size_t doff = rg_json_member_offset(text, end, rg_json_skip_space(text, end, off), "data");
    size_t voff =
        doff == RG_JSON_NONE ? RG_JSON_NONE : rg_json_member_offset(text, end, doff, "values");
    rg_json_offsets_free(&g->rows);
    if (voff != RG_JSON_NONE) {
        rg_json_offsets cols = {0};
        rg_json_offsets_find(&cols, text, voff, end, NULL);
        if ((size_t)li < cols.n) {
            size_t c0 = cols.off[li], c1 = (size_t)li + 1 < cols.n ? cols.off[li + 1] : end;
            rg_json_offsets_find(&g->rows, text, c0, c1, NULL);
        }
        rg_json_offsets_free(&cols);
    }
    size_t n = json_array_size(lines), ntimes = json_array_size(times);
    row_counts(g, off, ntimes, n);
    for (size_t i = 0; i < n; i++) {
        size_t roff = rg_json_offsets_take(&g->rows, off);
        if (row(g, i, ntimes, json_array_get(times, i), json_array_get(nanos, i),
                json_array_get(lines, i), roff) != 0)
            return -1;
    }
    rg_json_offsets_free(&g->rows);
    return 0;
}

/* ---- the state history frame of a large file, row by row ---- */

/* The frame of a file over 1 MiB (jsonstream.h, rg_jsondocs_frame): the
 * same checks as history(), on what the first pass saw; the rows are the
 * "line" column's elements, read in lockstep with the "time" column and,
 * when it is an array, the frame's "nanos" of the time column. */
static int frame_plan(void *ctx, const rg_jframe *f, rg_jpick pick[RG_JFRAME_PICKS])
{
    struct gf *g = ctx;
    const rg_jtable *values = &f->table[0], *nanos = &f->table[1];
    const json_t *fields = json_object_get(json_object_get(f->env, "schema"), "fields");
    int ti, li, rc = frame_shape(g, fields, values->is_array, 0, &ti, &li);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    const rg_jcolumn *times = (size_t)ti < values->ncol ? &values->col[ti] : NULL;
    const rg_jcolumn *lines = (size_t)li < values->ncol ? &values->col[li] : NULL;
    if (!times || !lines || !times->is_array || !lines->is_array)
        return columns_not_arrays(g, 0) < 0 ? -1 : 0;
    row_counts(g, 0, times->n, lines->n);
    g->ntimes = times->n;
    g->nrow = 0;
    pick[0] = (rg_jpick){0, (size_t)li};
    pick[1] = (rg_jpick){0, (size_t)ti};
    if (nanos->is_array && (size_t)ti < nanos->ncol && nanos->col[ti].is_array) {
        pick[2] = (rg_jpick){1, (size_t)ti};
        return 3;
    }
    return 2;
}

/* One row: cell[0] its "line" element (the text being read), cell[1] its
 * time, cell[2] its nanoseconds when the frame has them. */
static int frame_row(void *ctx, const json_t *const *cell, size_t n)
{
    struct gf *g = ctx;
    g->r.loc = (rg_locator){g->docs.text, g->docs.len, 0, 1};
    return row(g, g->nrow++, g->ntimes, cell[1], n > 2 ? cell[2] : NULL, cell[0], 0);
}

/* ---- documents ---- */

static int is_frame(const json_t *v)
{
    return json_is_object(v) && json_object_get(v, "schema") && json_object_get(v, "data");
}

static int payload(struct gf *g, const json_t *p, size_t off, size_t end)
{
    if (is_frame(p))
        return history(g, p, off, end);
    const json_t *results = json_object_get(p, "results");
    if (is_frame(results)) {
        size_t roff = rg_json_member_value(g->docs.text, off, end, "results");
        return history(g, results, roff, end);
    }
    if (json_is_object(p) && !json_object_get(p, "alerts") &&
        (json_object_get(p, "evalMatches") || json_object_get(p, "ruleId")))
        return legacy(g, p, off);
    return rg_am_payload(&g->r, p, off, end);
}

/* One JSON document at text[off..end). */
static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct gf *g = ctx;
    rg_am_document_begin(&g->r, off, end);
    if (json_is_array(root)) /* a scan of the text, only when there are elements */
        rg_json_offsets_find(&g->top, g->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_array(root)) {
        int was = g->docs.stream;
        g->docs.stream = 1; /* one bad payload in an array is one bad record */
        size_t i;
        const json_t *p;
        json_array_foreach(root, i, p)
        {
            size_t poff = rg_json_offsets_take(&g->top, off);
            size_t pend = rg_json_offsets_peek(&g->top, end);
            if ((rc = payload(g, p, poff, pend)) != 0)
                break;
        }
        g->docs.stream = was;
    } else {
        rc = payload(g, root, off, end);
    }
    rg_am_document_end(&g->r);
    rg_json_offsets_free(&g->top);
    rg_json_offsets_free(&g->rows);
    return rc;
}

/* One element of a large top-level array, or one alert of a large unified
 * webhook, read record by record (jsonstream.h): its text alone is in
 * g->docs; env holds the webhook's other members (ops.late). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *p, size_t off,
                   size_t end)
{
    struct gf *g = ctx;
    if (key) /* an alert of one large unified webhook */
        return rg_am_streamed_alert(&g->r, env, p);
    rg_am_document_begin(&g->r, off, end);
    g->docs.stream = 1; /* one bad payload in an array is one bad record */
    int rc = payload(g, p, off, end);
    g->docs.stream = 0;
    rg_am_document_end(&g->r);
    rg_json_offsets_free(&g->rows);
    return rc;
}

/* A large object whose "alerts" is an array: payload() reads it as a
 * unified webhook unless it is a state history frame (bare or under
 * "results") that rg_jsondocs_frame left to the whole read (a member named
 * twice), read whole as payload() reads it. */
static int want(void *ctx, const char *key, const json_t *env)
{
    (void)ctx;
    (void)key;
    return !is_frame(env) && !is_frame(json_object_get(env, "results"));
}

/* The file is streamed (jsonstream.h, issue 11): payloads one per line are
 * read one at a time, a large top-level array payload by payload and one
 * large unified webhook alert by alert, so memory follows the largest
 * payload or alert, not the file. One state history frame over 1 MiB (bare
 * or under "results", alone in the file) is columns, not records: it is read
 * row by row, one stream per column in lockstep (rg_jsondocs_frame), so
 * memory follows a row, not the frame. A file of one document up to 1 MiB,
 * a frame among payloads, or one larger object of another kind is read
 * whole as before. */
static int parse(const rg_source *src, rg_sink *sink)
{
    struct gf g;
    memset(&g, 0, sizeof(g));
    g.r.src = src;
    g.r.sink = sink;
    g.r.docs = &g.docs;
    g.r.actor = "grafana";
    g.r.payload = "a Grafana webhook payload or state history";
    g.r.more = more;
    g.docs.flags |= JSON_ALLOW_NUL; /* a NUL is shown as U+FFFD, counted */
    g.docs.repair_nul = 1;
    g.r.source = rg_arena_strdup(sink->arena, src->name);
    if (!g.r.source)
        return oom(&g);
    static const char *const at[] = {"", "results", NULL};
    static const char *const has[] = {"schema", "data", NULL};
    static const char *const tables[] = {"data.values", "data.nanos", NULL};
    const rg_jframe_ops fops = {at, has, tables, frame_plan, frame_row};
    int rc = rg_jsondocs_frame(&g.docs, src->path, sink->diag, &fops, &g);
    if (rc != 0) {
        rg_am_document_end(&g.r);
        return rc < 0 ? -1 : 0;
    }
    static const char *const keys[] = {"alerts", NULL};
    const rg_jsondocs_ops ops = {keys, document, element, NULL, 1, want};
    rc = rg_jsondocs_stream(&g.docs, src->path, sink->diag, &ops, &g);
    rg_am_document_end(&g.r);
    rg_json_offsets_free(&g.top);
    rg_json_offsets_free(&g.rows);
    return rc;
}

/* Unified webhooks: Alertmanager's shape with Grafana's own members (the
 * same test alertmanager.c uses to stay away). Legacy webhooks: "evalMatches"
 * or "ruleId" with "ruleUrl". History: a data frame whose lines are state
 * history entries. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"alerts\"") && rg_am_grafana_marks(head, head_len))
        return 95;
    if (rg_text_has(head, head_len, "\"evalMatches\"") ||
        (rg_text_has(head, head_len, "\"ruleId\"") && rg_text_has(head, head_len, "\"ruleUrl\"")))
        return 90;
    if (rg_text_has(head, head_len, "\"schema\"") && rg_text_has(head, head_len, "\"fields\"") &&
        (rg_text_has(head, head_len, "\"ruleUID\"") ||
         rg_text_has(head, head_len, "\"ruleTitle\"") ||
         rg_text_has(head, head_len, "state-history")))
        return 90;
    return 0;
}

const rg_importer rg_importer_grafana = {
    .name = "grafana",
    .kind = RG_KIND_ALERT,
    .summary = "Grafana alerting: unified and legacy webhooks, alert state history "
               "(/api/v1/rules/history)",
    .recognises = "JSON with \"alerts\" and Grafana's members (\"orgId\", \"dashboardURL\", "
                  "\"valueString\", \"version\": \"1\"...), \"evalMatches\", or a data frame "
                  "of state history entries",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
