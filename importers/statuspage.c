/* statuspage.c -- Atlassian Statuspage incidents and their customer-facing
 * updates, one status event per update.
 *
 * What it reads, in one file:
 *  - the public API v2 incidents.json (and summary.json/unresolved.json):
 *    {"page": {"id", "name", "url", "time_zone", "updated_at"}, "incidents":
 *    [{"id", "name", "status", "impact", "created_at", "resolved_at",
 *    "incident_updates": [{"id", "status", "body", "created_at", "display_at",
 *    "affected_components", ...}], "components": [...]}]};
 *  - a webhook delivery {"meta", "page", "incident": {...}}, or of kind
 *    component_update {"meta", "page", "component": {"id", "name", "status"},
 *    "component_update": {"id", "component_id", "old_status", "new_status",
 *    "created_at"}};
 *  - a single incident object, or a bare array of incidents (the manage API's
 *    GET /pages/{id}/incidents);
 *  - several of these one after another (one per line, as a webhook receiver
 *    appends them): then a document that is not JSON, or not one of these, is
 *    a counted warning and reading goes on (importers/jsondocs.h).
 *
 * Mapping (README, "Formats"):
 *  - every incident update -> kind status; type status.investigating,
 *    status.identified, status.monitoring or status.resolved for those four
 *    statuses, status.update for every other one (scheduled maintenance's
 *    scheduled, in_progress, verifying, completed, and any status Atlassian
 *    adds later); attr "status" keeps the status as written;
 *  - "postmortem" updates are skipped and counted as a warning: a postmortem
 *    is published days after the incident, and as a status post it would
 *    stretch the incident window (README, "The incident window") to it;
 *  - at = display_at (what customers saw), else created_at; both go through
 *    rg_time_parse, so an offset-less time is read in the source's zone and
 *    time_text says which zone was assumed;
 *  - text = "<incident name>: <body>" (the name alone when the body is empty),
 *    as written: Statuspage bodies are plain text;
 *  - actor = the page's name, else "statuspage"; human = 1 (a person posted
 *    the update); source = the source's display name;
 *  - attrs: status_incident (the incident id; the core keeps only incidents
 *    that overlap the window, so no window cut happens here), status_incident_name,
 *    impact, status, components (names of the affected components, ", "-joined);
 *  - a component update -> one status.update at its created_at, text "<name>
 *    changed from <old> to <new>", human = 0 (the payload names nobody, and
 *    monitors change components on their own), attrs status_incident
 *    ("component_update/<id>": each update stands alone for the window, so one
 *    outside it is skipped and counted), component, component_id, old_status,
 *    new_status; its identity is the update's id (a redelivered webhook is
 *    read once).
 * Updates arrive newest first; they are emitted as found (the core sorts).
 * origin = path:line of the update object.
 *
 * Errors: text that is not JSON stops with "path:line:col: message"; a top
 * level that is no incident export stops with "expected ...". An incident or
 * update with a missing or mistyped field is a counted warning naming its
 * line (an incident "name" of the wrong type is read as "(unnamed incident)"
 * and said; a component "name" of the wrong type skips the update). Bytes
 * that are not UTF-8 stop the source at their line and column; a NUL in an
 * incident or component name or an update body is shown as U+FFFD (warning
 * "nul-in-text"). */
#include "importer.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    int updates = rg_text_has(head, head_len, "\"incident_updates\"");
    int incidents = rg_text_has(head, head_len, "\"incidents\"");
    int incident = rg_text_has(head, head_len, "\"incident\"");
    int page = rg_text_has(head, head_len, "\"page\"");
    int vendor =
        rg_text_has(head, head_len, "stspg.io") || rg_text_has(head, head_len, "statuspage.io");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    /* A component_update webhook names the page and the component's statuses. */
    if (rg_text_has(head, head_len, "\"component_update\"") &&
        (page || rg_text_has(head, head_len, "\"new_status\"")))
        return 90;
    if (updates && (incidents || incident || page))
        return strcmp(base, "incidents.json") == 0 ? 95 : 90;
    if (updates)
        return 75;
    /* An export with no incident in its first 4 KiB, or none at all. */
    if (incidents && page && vendor)
        return 70;
    return 0;
}

typedef struct sp {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    const char *actor;
    const char *source;
    /* Offsets of every element of every "incident_updates" array, in document
     * order, which is the order the updates are visited in. */
    size_t *upd_offs;
    size_t n_upd_offs, next_upd;
    rg_locator loc;
    int offsets_usable; /* the counts agree, so the Nth update is at upd_offs[N] */
    rg_buf buf;
    rg_jsondocs docs; /* the file's text, and whether it holds several documents */
} sp;

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

static const char *event_type(const char *status)
{
    static const char *const known[] = {"investigating", "identified", "monitoring", "resolved"};
    static const char *const types[] = {"status.investigating", "status.identified",
                                        "status.monitoring", "status.resolved"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(status, known[i]) == 0)
            return types[i];
    return "status.update";
}

/* Names of the affected components, ", "-joined, into sp->buf. */
static int components(sp *p, const json_t *upd)
{
    rg_buf_reset(&p->buf);
    const json_t *list = json_object_get(upd, "affected_components");
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *name = rg_json_str(v, "name");
        if (!name || !*name)
            continue;
        if ((p->buf.len && rg_buf_puts(&p->buf, ", ") < 0) || rg_buf_puts(&p->buf, name) < 0)
            return -1;
    }
    return 0;
}

/* A string member with any NUL shown as U+FFFD (our strings end at NUL).
 * Arena-owned; NULL only when out of memory. */
static char *string_copy(sp *p, const json_t *s, size_t *n_nul)
{
    const char *v = json_string_value(s);
    size_t n = json_string_length(s);
    if (!memchr(v, '\0', n))
        return rg_arena_strndup(p->a, v, n);
    rg_buf_reset(&p->buf);
    for (size_t i = 0; i < n; i++) {
        int rc = v[i] ? rg_buf_putc(&p->buf, v[i]) : rg_buf_puts(&p->buf, "\xEF\xBF\xBD");
        if (rc < 0)
            return NULL;
        if (!v[i])
            (*n_nul)++;
    }
    return rg_arena_strndup(p->a, p->buf.data, p->buf.len);
}

static int update(sp *p, const json_t *inc, const char *inc_id, const char *inc_name,
                  const json_t *upd, long line, long col)
{
    const char *path = p->src->path;
#define WARN(key, ...) (rg_diag_warn(p->diag, path, line, col, key, __VA_ARGS__), 0)
    if (!json_is_object(upd))
        return WARN("bad-record", "expected an incident update object, got %s; skipped",
                    rg_json_type_name(upd));
    const json_t *status = json_object_get(upd, "status");
    if (!json_is_string(status))
        return WARN("bad-record", "incident update has %s \"status\", expected a string; skipped",
                    status ? rg_json_type_name(status) : "no");
    const char *st = json_string_value(status);
    if (strcmp(st, "postmortem") == 0)
        return WARN("postmortem",
                    "postmortem update of incident '%s' skipped: it is not a status update "
                    "and would stretch the incident window",
                    inc_name);
    const char *key = "display_at";
    const json_t *when = json_object_get(upd, key);
    if (!json_is_string(when)) {
        if (when && !json_is_null(when))
            return WARN("bad-record",
                        "incident update \"display_at\" is %s, expected a string; skipped",
                        rg_json_type_name(when));
        key = "created_at";
        when = json_object_get(upd, key);
    }
    if (!json_is_string(when))
        return WARN("bad-record", "incident update has %s \"created_at\", expected a time; skipped",
                    when ? rg_json_type_name(when) : "no");
    const char *when_s = json_string_value(when);
    size_t when_len = json_string_length(when);
    rg_time_ctx tctx = {p->src->zone, p->src->ref_us};
    int64_t at_us;
    int flags = 0;
    if (rg_time_parse(when_s, when_len, &tctx, &at_us, &flags) < 0 ||
        add_offset(at_us, p->src->offset_us, &at_us) < 0)
        return WARN("bad-record", "unreadable incident update \"%s\" '%s'", key, when_s);
    const json_t *body = json_object_get(upd, "body");
    if (body && !json_is_string(body) && !json_is_null(body))
        return WARN("bad-record", "incident update \"body\" is %s, expected a string; skipped",
                    rg_json_type_name(body));
#undef WARN

    size_t n_nul = 0;
    const char *body_s = json_is_string(body) ? string_copy(p, body, &n_nul) : "";
    if (!body_s)
        goto oom;
    if (n_nul)
        rg_diag_warn(p->diag, path, line, col, "nul-in-text",
                     "incident update body holds %zu NUL byte(s), shown as U+FFFD", n_nul);
    rg_event *ev = rg_event_new(p->a);
    if (!ev)
        goto oom;
    ev->at_us = at_us;
    ev->kind = RG_KIND_STATUS;
    ev->type = event_type(st);
    ev->source = p->source;
    ev->actor = p->actor;
    ev->human = 1;
    ev->text = *body_s ? rg_arena_printf(p->a, "%s: %s", inc_name, body_s)
                       : rg_arena_strdup(p->a, inc_name);
    ev->origin = rg_origin(p->a, path, line);
    ev->time_text = rg_time_text(p->a, when_s, when_len, p->src, flags);
    if (!ev->text || !ev->origin || !ev->time_text)
        goto oom;
    /* An update is its id; without one, its incident, time and status. */
    const char *upd_id = rg_json_str(upd, "id");
    rg_buf_reset(&p->buf);
    if ((upd_id ? rg_buf_puts(&p->buf, upd_id)
                : rg_buf_printf(&p->buf, "%s\x1f%s\x1f%s", inc_id, when_s, st)) < 0)
        goto oom;
    rg_event_identity(ev, p->buf.data, p->buf.len);
    const char *impact = rg_json_str(inc, "impact");
    if (rg_event_attr(p->a, ev, "status_incident", inc_id) < 0 ||
        rg_event_attr(p->a, ev, "status_incident_name", inc_name) < 0 ||
        (impact && rg_event_attr(p->a, ev, "impact", impact) < 0) ||
        rg_event_attr(p->a, ev, "status", st) < 0 || components(p, upd) < 0 ||
        (p->buf.len && rg_event_attr(p->a, ev, "components", p->buf.data) < 0))
        goto oom;
    return p->sink->emit(p->sink, ev);
oom:
    return rg_diag_error(p->diag, path, line, 0, "out of memory");
}

/* Location of the next update in document order, or the incident's when the
 * scan and the parsed document disagree (duplicate keys, an
 * "incident_updates" member somewhere unexpected). */
static void next_update_loc(sp *p, long *line, long *col)
{
    size_t k = p->next_upd++;
    if (p->offsets_usable && k < p->n_upd_offs) {
        rg_locate(&p->loc, p->upd_offs[k], line, col);
        rg_jsondocs_fix(&p->docs, line, col);
    }
}

static int incident(sp *p, const json_t *inc, long line, long col)
{
    const char *path = p->src->path;
    if (!json_is_object(inc)) {
        rg_diag_warn(p->diag, path, line, col, "bad-record", "expected an incident object, got %s",
                     rg_json_type_name(inc));
        return 0;
    }
    const json_t *updates = json_object_get(inc, "incident_updates");
    const char *name = rg_json_str(inc, "name");
    if (!name) {
        const json_t *nv = json_object_get(inc, "name");
        if (nv && !json_is_null(nv))
            rg_diag_warn(p->diag, path, line, col, "bad-record",
                         "incident has \"name\" as %s, expected a string; read as (unnamed "
                         "incident)",
                         rg_json_type_name(nv));
        else
            rg_diag_warn(p->diag, path, line, col, "bad-record", "incident has no \"name\" string");
        name = "(unnamed incident)";
    } else {
        size_t n_nul = 0;
        name = string_copy(p, json_object_get(inc, "name"), &n_nul);
        if (!name)
            return rg_diag_error(p->diag, path, line, col, "out of memory");
        if (n_nul)
            rg_diag_warn(p->diag, path, line, col, "nul-in-text",
                         "incident name holds %zu NUL byte(s), shown as U+FFFD", n_nul);
    }
    if (!json_is_array(updates)) {
        rg_diag_warn(p->diag, path, line, col, "bad-record",
                     "incident '%s' has %s \"incident_updates\", expected an array", name,
                     updates ? rg_json_type_name(updates) : "no");
        return 0;
    }
    const char *id = rg_json_str(inc, "id");
    size_t i;
    const json_t *upd;
    json_array_foreach(updates, i, upd)
    {
        long uline = line, ucol = col;
        next_update_loc(p, &uline, &ucol);
        /* The core groups updates by incident id: without one the update
         * cannot be placed in or out of the window. */
        const char *uid = id ? id : rg_json_str(upd, "incident_id");
        if (!uid) {
            rg_diag_warn(p->diag, path, uline, ucol, "bad-record",
                         "update of incident '%s' skipped: the incident has no \"id\"", name);
            continue;
        }
        if (update(p, inc, uid, name, upd, uline, ucol) < 0)
            return -1;
    }
    return 0;
}

/* Counts the updates the parsed document holds where the scan will find them,
 * to know whether the scan's offsets can be matched one to one. */
static size_t count_updates(const json_t *incidents)
{
    size_t n = 0, i;
    const json_t *inc;
    json_array_foreach(incidents, i, inc)
    {
        const json_t *u = json_object_get(inc, "incident_updates");
        n += json_is_array(u) ? json_array_size(u) : 0;
    }
    return n;
}

/* The page's name (API v2 exports have one; webhooks only an id), copied. */
static int set_actor(sp *p, const json_t *page)
{
    const char *page_name = json_is_object(page) ? rg_json_str(page, "name") : NULL;
    p->actor = rg_arena_strdup(p->a, page_name && *page_name ? page_name : "statuspage");
    return p->actor ? 0 : -1;
}

/* A component_update webhook: {"page", "component": {"id", "name",
 * "status"}, "component_update": {"id", "component_id", "old_status",
 * "new_status", "created_at"}}. One status.update event, not human: the
 * payload does not say who changed the component, and integrations and
 * monitors change components on their own. Each is its own status-page
 * "incident" for the window (README, "The incident window"), so one outside
 * the window is skipped and counted like an unrelated incident. */
static int component_update(sp *p, const json_t *root, size_t off, size_t end)
{
    const char *path = p->src->path;
    const json_t *cu = json_object_get(root, "component_update");
    size_t cu_off = rg_json_member_value(p->docs.text, off, end, "component_update");
    if (!json_is_object(cu))
        return rg_jsondocs_shape(&p->docs, cu_off, "\"component_update\" is %s, expected an object",
                                 rg_json_type_name(cu));
    long line, col;
    rg_line_col(p->docs.text, p->docs.len, cu_off, &line, &col);
    rg_jsondocs_fix(&p->docs, &line, &col);
    const json_t *comp = json_object_get(root, "component");
    const char *cid = rg_json_str(cu, "component_id");
    if (!cid && json_is_object(comp))
        cid = rg_json_str(comp, "id");
    const char *name = json_is_object(comp) ? rg_json_str(comp, "name") : NULL;
    static const char *const texts[] = {"name", NULL};
    if (rg_json_mistyped_string(comp, texts)) {
        rg_diag_warn(p->diag, path, line, col, "bad-record",
                     "component update's \"component\" has \"name\" as %s, expected a string; "
                     "skipped",
                     rg_json_type_name(json_object_get(comp, "name")));
        return 0;
    }
    if (name) {
        size_t n_nul = 0;
        name = string_copy(p, json_object_get(comp, "name"), &n_nul);
        if (!name)
            return rg_diag_error(p->diag, path, line, col, "out of memory");
        if (n_nul)
            rg_diag_warn(p->diag, path, line, col, "nul-in-text",
                         "component name holds %zu NUL byte(s), shown as U+FFFD", n_nul);
    }
    if (!name || !*name)
        name = cid ? cid : "(unnamed component)";
    const char *new_status = rg_json_str(cu, "new_status");
    const char *old_status = rg_json_str(cu, "old_status");
    if (!new_status) {
        rg_diag_warn(p->diag, path, line, col, "bad-record",
                     "component update of '%s' has no \"new_status\" string; skipped", name);
        return 0;
    }
    const json_t *when = json_object_get(cu, "created_at");
    if (!json_is_string(when)) {
        rg_diag_warn(p->diag, path, line, col, "bad-record",
                     "component update of '%s' has %s \"created_at\", expected a time; skipped",
                     name, when ? rg_json_type_name(when) : "no");
        return 0;
    }
    const char *when_s = json_string_value(when);
    size_t when_len = json_string_length(when);
    rg_time_ctx tctx = {p->src->zone, p->src->ref_us};
    int64_t at_us;
    int flags = 0;
    if (rg_time_parse(when_s, when_len, &tctx, &at_us, &flags) < 0 ||
        add_offset(at_us, p->src->offset_us, &at_us) < 0) {
        rg_diag_warn(p->diag, path, line, col, "bad-record",
                     "unreadable component update \"created_at\" '%s'; skipped", when_s);
        return 0;
    }
    rg_event *ev = rg_event_new(p->a);
    if (!ev)
        goto oom;
    ev->at_us = at_us;
    ev->kind = RG_KIND_STATUS;
    ev->type = "status.update";
    ev->source = p->source;
    ev->actor = p->actor;
    ev->human = 0;
    ev->text = old_status
                   ? rg_arena_printf(p->a, "%s changed from %s to %s", name, old_status, new_status)
                   : rg_arena_printf(p->a, "%s changed to %s", name, new_status);
    ev->origin = rg_origin(p->a, path, line);
    ev->time_text = rg_time_text(p->a, when_s, when_len, p->src, flags);
    if (!ev->text || !ev->origin || !ev->time_text)
        goto oom;
    const char *uid = rg_json_str(cu, "id");
    rg_buf_reset(&p->buf);
    if ((uid ? rg_buf_puts(&p->buf, uid)
             : rg_buf_printf(&p->buf, "%s\x1f%s\x1f%s", cid ? cid : name, when_s, new_status)) < 0)
        goto oom;
    rg_event_identity(ev, p->buf.data, p->buf.len);
    const char *span = rg_arena_printf(p->a, "component_update/%s", p->buf.data);
    if (!span || rg_event_attr(p->a, ev, "status_incident", span) < 0 ||
        rg_event_attr(p->a, ev, "component", name) < 0 ||
        (cid && rg_event_attr(p->a, ev, "component_id", cid) < 0) ||
        (old_status && rg_event_attr(p->a, ev, "old_status", old_status) < 0) ||
        rg_event_attr(p->a, ev, "new_status", new_status) < 0)
        goto oom;
    return p->sink->emit(p->sink, ev);
oom:
    return rg_diag_error(p->diag, path, line, 0, "out of memory");
}

/* One JSON document at text[off..end): an export, a webhook delivery or an
 * incident. */
static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    sp *p = ctx;
    const char *text = p->docs.text;
    int rc = -1;
    json_t *wrapped = NULL;
    size_t *inc_offs = NULL;
    /* Find the list of incidents, whatever the shape. */
    json_t *incidents = NULL;
    const json_t *page = NULL;
    int has_component = json_is_object(root) && json_object_get(root, "component_update");
    if (json_is_object(root)) {
        page = json_object_get(root, "page");
        json_t *list = json_object_get(root, "incidents");
        json_t *one = json_object_get(root, "incident");
        if (json_is_array(list)) {
            incidents = list;
        } else if (json_is_object(one) || json_object_get(root, "incident_updates")) {
            wrapped = json_array();
            if (!wrapped ||
                json_array_append(wrapped, json_is_object(one) ? one : (json_t *)root) < 0) {
                rg_diag_error(p->diag, p->src->path, 0, 0, "out of memory");
                goto done;
            }
            incidents = wrapped;
        }
    } else if (json_is_array(root)) {
        incidents = (json_t *)root;
    }
    if (!incidents && !has_component) {
        rc = rg_jsondocs_shape(
            &p->docs, off,
            "expected a Statuspage export (an object with \"incidents\", a webhook "
            "with \"incident\" or \"component_update\", or an incident with "
            "\"incident_updates\"), got %s",
            json_is_object(root) ? "an object without them" : rg_json_type_name(root));
        goto done;
    }
    if (set_actor(p, page) != 0) {
        rg_diag_error(p->diag, p->src->path, 0, 0, "out of memory");
        goto done;
    }
    if (has_component && component_update(p, root, off, end) != 0)
        goto done;
    if (!incidents) {
        rc = 0;
        goto done;
    }
    rg_free(p->upd_offs);
    p->upd_offs = NULL;
    p->next_upd = 0;
    p->n_upd_offs =
        rg_json_element_offsets(text + off, end - off, "incident_updates", &p->upd_offs);
    for (size_t k = 0; k < p->n_upd_offs; k++)
        p->upd_offs[k] += off;
    p->offsets_usable = p->n_upd_offs == count_updates(incidents);
    p->loc.text = text;
    p->loc.len = p->docs.len;
    p->loc.pos = 0;
    p->loc.line = 1;
    /* Lines of the incidents themselves, for warnings about a whole incident. */
    size_t n_inc_offs = 0;
    rg_locator inc_loc = {text, p->docs.len, 0, 1};
    if (incidents == root)
        n_inc_offs = rg_json_element_offsets(text + off, end - off, NULL, &inc_offs);
    else if (incidents != wrapped)
        n_inc_offs = rg_json_element_offsets(text + off, end - off, "incidents", &inc_offs);
    if (n_inc_offs != json_array_size(incidents))
        n_inc_offs = 0;
    long first_line, first_col;
    rg_line_col(text, p->docs.len, off, &first_line, &first_col);
    if (off == rg_json_start(text, p->docs.len))
        rg_json_top_loc(text, p->docs.len, &first_line, &first_col);
    rg_jsondocs_fix(&p->docs, &first_line, &first_col);
    size_t i;
    json_t *inc;
    json_array_foreach(incidents, i, inc)
    {
        long line = first_line, col = first_col;
        if (n_inc_offs) {
            rg_locate(&inc_loc, inc_offs[i] + off, &line, &col);
            rg_jsondocs_fix(&p->docs, &line, &col);
        }
        if (incident(p, inc, line, col) < 0)
            goto done;
    }
    rc = 0;
done:
    json_decref(wrapped);
    rg_free(inc_offs);
    return rc;
}

/* One incident of a large document read record by record (jsonstream.h):
 * an element of "incidents" or of a top-level array. The page's name is taken
 * from the members read before the array ("page" comes first in the API's
 * incidents.json; a "page" after the array is not seen, and the actor is then
 * "statuspage"). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *inc, size_t off,
                   size_t end)
{
    sp *p = ctx;
    if (!p->actor && set_actor(p, key ? json_object_get(env, "page") : NULL) != 0)
        return rg_diag_error(p->diag, p->src->path, 0, 0, "out of memory");
    rg_free(p->upd_offs);
    p->upd_offs = NULL;
    p->next_upd = 0;
    p->n_upd_offs =
        rg_json_element_offsets(p->docs.text + off, end - off, "incident_updates", &p->upd_offs);
    const json_t *u = json_object_get(inc, "incident_updates");
    p->offsets_usable = p->n_upd_offs == (json_is_array(u) ? json_array_size(u) : 0);
    p->loc = (rg_locator){p->docs.text, p->docs.len, 0, 1};
    return incident(p, inc, p->docs.line0, p->docs.col0) < 0 ? -1 : 0;
}

static const char *const stream_keys[] = {"incidents", NULL};

static int parse(const rg_source *src, rg_sink *sink)
{
    sp p;
    memset(&p, 0, sizeof(p));
    p.src = src;
    p.sink = sink;
    p.a = sink->arena;
    p.diag = sink->diag;
    /* A NUL in a body becomes U+FFFD with a warning (string_copy), not an error. */
    p.docs.flags = JSON_ALLOW_NUL;
    int rc = -1;
    /* src is borrowed for this call only; events outlive it. */
    p.source = rg_arena_strdup(p.a, src->name && *src->name ? src->name : "statuspage");
    if (!p.source)
        rg_diag_error(p.diag, src->path, 0, 0, "out of memory");
    else {
        const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
        rc = rg_jsondocs_stream(&p.docs, src->path, p.diag, &ops, &p);
    }
    rg_free(p.upd_offs);
    rg_buf_free(&p.buf);
    return rc;
}

const rg_importer rg_importer_statuspage = {
    .name = "statuspage",
    .kind = RG_KIND_STATUS,
    .summary = "Atlassian Statuspage incidents and component changes: every customer update as "
               "a status post",
    .recognises = "JSON with \"incident_updates\" (API v2 incidents.json, an incident webhook, "
                  "one incident) or a \"component_update\" webhook",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
