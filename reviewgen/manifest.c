/* manifest.c -- reads incident.json over the defaults (README, "The manifest").
 * jansson keeps no positions for values, so each value's line and column is
 * found again in the text to point errors at the line the lead must fix. */
#include "manifest.h"

#include <string.h>

#include "alloc.h"
#include "csvmap.h"
#include "jsonutil.h"

static const char *const milestone_names[RG_MS_COUNT] = {
    "started",      "detected",  "acknowledged", "mobilized",
    "communicated", "mitigated", "recovered",    "resolved"};

const char *rg_milestone_name(rg_milestone_id id)
{
    return (unsigned)id < RG_MS_COUNT ? milestone_names[id] : "?";
}

int rg_milestone_parse(const char *name, rg_milestone_id *id)
{
    for (int i = 0; i < RG_MS_COUNT; i++)
        if (strcmp(name, milestone_names[i]) == 0) {
            *id = (rg_milestone_id)i;
            return 0;
        }
    return -1;
}

/* Default chat phrases (README, "Milestones"): matched case-insensitively on
 * word boundaries; a manifest "phrases" object replaces a list wholesale. */
static const char *const def_report[] = {"error",  "errors", "failing", "down",
                                         "outage", "broken", "500",     "customers report"};
static const char *const def_ack[] = {"ack", "on it", "looking into", "investigating"};
static const char *const def_mobilize[] = {"declaring", "incident commander", "IC is"};
static const char *const def_mitigated[] = {"mitigated", "back to normal", "recovered"};
static const char *const def_workaround[] = {"workaround"};
static const char *const def_action[] = {"action item", "AI:", "TODO", "follow-up"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char **copy_list(rg_arena *a, const char *const *src, size_t n)
{
    const char **out = rg_arena_alloc(a, (n ? n : 1) * sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        out[i] = src[i];
    return out;
}

static int clock_min(const char **p)
{
    int h = 0, m = 0, digits = 0;
    while (**p >= '0' && **p <= '9' && digits < 2) {
        h = h * 10 + (*(*p)++ - '0');
        digits++;
    }
    if (!digits || **p != ':')
        return -1;
    (*p)++;
    for (int i = 0; i < 2; i++) {
        if (**p < '0' || **p > '9')
            return -1;
        m = m * 10 + (*(*p)++ - '0');
    }
    return h <= 24 && m < 60 && h * 60 + m <= 1440 ? h * 60 + m : -1;
}

int rg_hours_parse(const char *s, rg_hours *h)
{
    const char *p = s;
    int a = clock_min(&p);
    if (a < 0)
        return -1;
    while (*p == ' ')
        p++;
    if (strncmp(p, "\xE2\x80\x93", 3) == 0) /* en dash */
        p += 3;
    else if (*p == '-')
        p++;
    else
        return -1;
    while (*p == ' ')
        p++;
    int b = clock_min(&p);
    if (b < 0 || *p != '\0' || b <= a)
        return -1;
    h->start_min = a;
    h->end_min = b;
    return 0;
}

int rg_manifest_defaults(rg_manifest *m, rg_arena *a, const char *default_id)
{
    memset(m, 0, sizeof(*m));
    m->working_hours.start_min = 9 * 60;
    m->working_hours.end_min = 18 * 60;
    m->id = rg_arena_strdup(a, default_id);
    m->zone = rg_tz_utc();
    m->update_interval_us = INT64_C(30) * 60 * 1000000;
    m->acknowledge_within_us = INT64_C(5) * 60 * 1000000;
    m->max_window_us = INT64_C(7) * 86400 * 1000000;
    rg_phrases *p = &m->phrases;
    p->report = copy_list(a, def_report, p->n_report = N(def_report));
    p->acknowledge = copy_list(a, def_ack, p->n_acknowledge = N(def_ack));
    p->mobilize = copy_list(a, def_mobilize, p->n_mobilize = N(def_mobilize));
    p->mitigated = copy_list(a, def_mitigated, p->n_mitigated = N(def_mitigated));
    p->workaround = copy_list(a, def_workaround, p->n_workaround = N(def_workaround));
    p->action = copy_list(a, def_action, p->n_action = N(def_action));
    if (!m->id || !p->report || !p->acknowledge || !p->mobilize || !p->mitigated ||
        !p->workaround || !p->action)
        return -1;
    return 0;
}

void rg_manifest_free(rg_manifest *m)
{
    for (size_t i = 0; i < m->n_zones; i++)
        rg_tz_free(m->zones[i]);
    rg_free(m->zones);
    m->zones = NULL;
    m->n_zones = 0;
}

/* Where things are in the text, for messages. */
typedef struct loader {
    const char *path;
    const char *text;
    size_t len;
    rg_arena *a;
    rg_diag *diag;
    rg_manifest *m;
} loader;

/* Offset of the value of member "key" of the object at `from` (the root
 * when from is 0), or `from` when absent (the message then points at the
 * enclosing object). Only that object's own members match: a "timezone" in
 * a source never stands for the manifest's own. */
static size_t find_value(const loader *l, size_t from, const char *key)
{
    size_t obj = from;
    while (obj < l->len && l->text[obj] != '{' && strchr(" \t\r\n\xEF\xBB\xBF", l->text[obj]))
        obj++;
    size_t off = rg_json_member_offset(l->text, l->len, obj, key);
    return off == RG_JSON_NONE ? from : off;
}

static int fail_at(const loader *l, size_t off, const char *msg, const char *arg)
{
    long line, col;
    rg_line_col(l->text, l->len, off, &line, &col);
    if (arg)
        return rg_diag_error(l->diag, l->path, line, col, "%s '%s'", msg, arg);
    return rg_diag_error(l->diag, l->path, line, col, "%s", msg);
}

static int want(const loader *l, size_t off, const char *key, const json_t *v, int type,
                const char *expected)
{
    if (json_typeof(v) == (json_type)type)
        return 0;
    long line, col;
    rg_line_col(l->text, l->len, off, &line, &col);
    return rg_diag_error(l->diag, l->path, line, col, "\"%s\" must be %s, got %s", key, expected,
                         rg_json_type_name(v));
}

/* A string member (absent -> *out untouched). */
static int get_string(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                      const char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    size_t off = find_value(l, obj_off, key);
    if (json_is_null(v))
        return 0;
    if (want(l, off, key, v, JSON_STRING, "a string") != 0)
        return -1;
    *out = rg_arena_strndup(l->a, json_string_value(v), json_string_length(v));
    return *out ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
}

static int get_string_list(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                           const char ***out, size_t *n)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    size_t off = find_value(l, obj_off, key);
    if (want(l, off, key, v, JSON_ARRAY, "an array of strings") != 0)
        return -1;
    size_t count = json_array_size(v);
    const char **list = rg_arena_alloc(l->a, (count ? count : 1) * sizeof(*list));
    if (!list)
        return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    for (size_t i = 0; i < count; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s))
            return fail_at(l, off, "expected only strings in", key);
        list[i] = rg_arena_strndup(l->a, json_string_value(s), json_string_length(s));
    }
    *out = list;
    *n = count;
    return 0;
}

/* An RFC 3339 time member, read in `zone` when it has no offset; *text (when
 * not NULL) gets it as written. */
static int get_time_in(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                       const rg_tz *zone, int64_t *at, int *has, const char **text)
{
    const char *s = NULL;
    if (get_string(l, obj, obj_off, key, &s) != 0)
        return -1;
    if (!s)
        return 0;
    if (text)
        *text = s;
    rg_time_ctx ctx = {zone, INT64_MIN};
    int flags = 0;
    /* Only RFC 3339 here: a bare number would otherwise read as epoch seconds. */
    size_t len = strlen(s);
    if (len == 0 || rg_time_rfc3339(s, len, &ctx, at, &flags) != len)
        return fail_at(l, find_value(l, obj_off, key), "not an RFC 3339 time:", s);
    *has = 1;
    return 0;
}

static int get_time(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                    int64_t *at, int *has)
{
    return get_time_in(l, obj, obj_off, key, l->m->zone, at, has, NULL);
}

static int get_duration(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                        int64_t *us)
{
    const char *s = NULL;
    json_t *v = json_object_get(obj, key);
    if (json_is_integer(v)) { /* a bare number is seconds */
        *us = (int64_t)json_integer_value(v) * 1000000;
        return 0;
    }
    if (get_string(l, obj, obj_off, key, &s) != 0)
        return -1;
    if (s && rg_duration_parse(s, us) != 0)
        return fail_at(l, find_value(l, obj_off, key),
                       "not a duration (write e.g. \"30m\", \"-420s\", \"1h30m\"):", s);
    return 0;
}

static int load_zone(const loader *l, size_t off, const char *name, const rg_tz **out)
{
    char err[256];
    rg_tz *tz = rg_tz_load(name, err, sizeof(err));
    if (!tz) {
        long line, col;
        rg_line_col(l->text, l->len, off, &line, &col);
        return rg_diag_error(l->diag, l->path, line, col, "%s", err);
    }
    rg_manifest *m = l->m;
    rg_tz **zones = rg_realloc(m->zones, (m->n_zones + 1) * sizeof(*zones));
    if (!zones) {
        rg_tz_free(tz);
        return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    }
    zones[m->n_zones++] = tz;
    m->zones = zones;
    *out = tz;
    return 0;
}

static const char *const known_keys[] = {"id",
                                         "title",
                                         "severity",
                                         "services",
                                         "timezone",
                                         "summary",
                                         "customer_impact",
                                         "sources",
                                         "window",
                                         "milestones",
                                         "policy",
                                         "responders",
                                         "recognition",
                                         "contributing_factors",
                                         "action_items",
                                         "phrases",
                                         "exclude_from_trends",
                                         "working_hours",
                                         "$schema"};

static int load_sources(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "sources", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "sources", &offs);
    size_t n = json_array_size(arr);
    m->sources = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->sources));
    if (!m->sources) {
        rg_free(offs);
        return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *s = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_manifest_source *ms = &m->sources[i];
        long col;
        rg_line_col(l->text, l->len, off, &ms->line, &col);
        if (want(l, off, "sources[]", s, JSON_OBJECT, "an object") != 0 ||
            get_string(l, s, off, "path", &ms->path) != 0 ||
            get_string(l, s, off, "format", &ms->format) != 0 ||
            get_string(l, s, off, "timezone", &ms->timezone) != 0 ||
            get_string(l, s, off, "name", &ms->name) != 0 ||
            get_duration(l, s, off, "offset", &ms->offset_us) != 0) {
            rc = -1;
            break;
        }
        if (!ms->path) {
            rc = fail_at(l, off, "a source needs a \"path\"", NULL);
            break;
        }
        if (ms->path[0] == '/' || strstr(ms->path, "..")) {
            rc = fail_at(
                l, find_value(l, off, "path"),
                "source paths are relative to the incident folder and stay inside it:", ms->path);
            break;
        }
        if (ms->timezone &&
            load_zone(l, find_value(l, off, "timezone"), ms->timezone, &ms->zone) != 0) {
            rc = -1;
            break;
        }
        /* "at" is local to the source's zone, else the manifest's. */
        if (get_time_in(l, s, off, "at", ms->zone ? ms->zone : m->zone, &ms->at_us, &ms->has_at,
                        &ms->at) != 0) {
            rc = -1;
            break;
        }
        /* A CSV source's mapping (csvmap.c); "columns" alone means "csv". */
        if (rg_csvmap_load(&ms->csv, l->a, s, ms->format, l->path, l->text, l->len, off, l->diag) !=
            0) {
            rc = -1;
            break;
        }
        if (ms->csv && !ms->format)
            ms->format = "csv";
    }
    rg_free(offs);
    m->n_sources = rc == 0 ? n : 0;
    return rc;
}

static int load_action_items(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "action_items", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "action_items", &offs);
    size_t n = json_array_size(arr);
    m->action_items = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->action_items));
    int rc = m->action_items ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *s = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_action_item *it = &m->action_items[i];
        if (json_is_string(s)) { /* a bare string is a title */
            it->title = rg_arena_strdup(l->a, json_string_value(s));
        } else if (want(l, off, "action_items[]", s, JSON_OBJECT, "an object or a string") != 0 ||
                   get_string(l, s, off, "title", &it->title) != 0 ||
                   get_string(l, s, off, "owner", &it->owner) != 0 ||
                   get_string(l, s, off, "due", &it->due) != 0 ||
                   get_string(l, s, off, "priority", &it->priority) != 0 ||
                   get_string(l, s, off, "kind", &it->kind) != 0 ||
                   get_string(l, s, off, "ticket", &it->ticket) != 0 ||
                   get_string(l, s, off, "status", &it->status) != 0) {
            rc = -1;
            break;
        }
        if (!it->title) {
            rc = fail_at(l, off, "an action item needs a \"title\"", NULL);
            break;
        }
        long line, col;
        rg_line_col(l->text, l->len, off, &line, &col);
        it->origin = rg_arena_printf(l->a, "%s:%ld", l->path, line);
    }
    rg_free(offs);
    m->n_action_items = rc == 0 ? n : 0;
    return rc;
}

static int load_responders(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "responders", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "responders", &offs);
    size_t n = json_array_size(arr);
    m->responders = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->responders));
    int rc = m->responders ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *s = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_responder *r = &m->responders[i];
        const char *hours = NULL;
        if (want(l, off, "responders[]", s, JSON_OBJECT, "an object") != 0 ||
            get_string(l, s, off, "name", &r->name) != 0 ||
            get_string(l, s, off, "role", &r->role) != 0 ||
            get_string(l, s, off, "timezone", &r->timezone) != 0 ||
            get_string(l, s, off, "working_hours", &hours) != 0)
            rc = -1;
        else if (!r->name)
            rc = fail_at(l, off, "a responder needs a \"name\"", NULL);
        else if (r->timezone &&
                 load_zone(l, find_value(l, off, "timezone"), r->timezone, &r->zone) != 0)
            rc = -1;
        else if (hours && rg_hours_parse(hours, &r->hours) != 0)
            rc = fail_at(l, find_value(l, off, "working_hours"),
                         "working hours must look like \"09:00-18:00\":", hours);
        else
            r->has_hours = hours != NULL;
    }
    rg_free(offs);
    m->n_responders = rc == 0 ? n : 0;
    return rc;
}

static int load_phrases(const loader *l, const json_t *obj, size_t off)
{
    if (want(l, off, "phrases", obj, JSON_OBJECT, "an object") != 0)
        return -1;
    rg_phrases *p = &l->m->phrases;
    struct {
        const char *key;
        const char ***list;
        size_t *n;
    } lists[] = {{"report", &p->report, &p->n_report},
                 {"acknowledge", &p->acknowledge, &p->n_acknowledge},
                 {"mobilize", &p->mobilize, &p->n_mobilize},
                 {"mitigated", &p->mitigated, &p->n_mitigated},
                 {"workaround", &p->workaround, &p->n_workaround},
                 {"action", &p->action, &p->n_action}};
    for (size_t i = 0; i < N(lists); i++)
        if (get_string_list(l, obj, off, lists[i].key, lists[i].list, lists[i].n) != 0)
            return -1;
    return 0;
}

static int load_root(loader *l, const json_t *root)
{
    rg_manifest *m = l->m;
    if (!json_is_object(root))
        return rg_diag_error(l->diag, l->path, 1, 1, "expected an object, got %s",
                             rg_json_type_name(root));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v)
    {
        size_t i;
        for (i = 0; i < N(known_keys); i++)
            if (strcmp(key, known_keys[i]) == 0)
                break;
        if (i == N(known_keys)) {
            long line, col;
            rg_line_col(l->text, l->len, find_value(l, 0, key), &line, &col);
            rg_diag_warn(l->diag, l->path, line, col, "unknown-key", "unknown key '%s' ignored",
                         key);
        }
    }
    /* The zone first: times in the manifest without an offset are read in it. */
    if (get_string(l, root, 0, "timezone", &m->timezone) != 0)
        return -1;
    if (m->timezone && load_zone(l, find_value(l, 0, "timezone"), m->timezone, &m->zone) != 0)
        return -1;
    if (get_string(l, root, 0, "id", &m->id) != 0 || get_string(l, root, 0, "title", &m->title) ||
        get_string(l, root, 0, "severity", &m->severity) != 0 ||
        get_string(l, root, 0, "summary", &m->summary) != 0 ||
        get_string(l, root, 0, "customer_impact", &m->customer_impact) != 0 ||
        get_string_list(l, root, 0, "services", &m->services, &m->n_services) != 0 ||
        get_string_list(l, root, 0, "recognition", &m->recognition, &m->n_recognition) != 0 ||
        get_string_list(l, root, 0, "contributing_factors", &m->contributing_factors,
                        &m->n_contributing_factors) != 0)
        return -1;
    if (m->id && (!m->id[0] || strchr(m->id, '/')))
        return fail_at(l, find_value(l, 0, "id"),
                       "an id must be non-empty and contain no '/':", m->id);
    if ((v = json_object_get(root, "sources")) && load_sources(l, v, find_value(l, 0, "sources")))
        return -1;
    if ((v = json_object_get(root, "window"))) {
        size_t off = find_value(l, 0, "window");
        int has_from = 0, has_to = 0;
        if (want(l, off, "window", v, JSON_OBJECT, "an object") != 0 ||
            get_time(l, v, off, "from", &m->window_from_us, &has_from) != 0 ||
            get_time(l, v, off, "to", &m->window_to_us, &has_to) != 0)
            return -1;
        if (!has_from || !has_to)
            return fail_at(l, off, "a window needs both \"from\" and \"to\"", NULL);
        if (m->window_to_us <= m->window_from_us)
            return fail_at(l, off, "the window ends before it starts", NULL);
        m->has_window = 1;
    }
    if ((v = json_object_get(root, "milestones"))) {
        size_t off = find_value(l, 0, "milestones");
        if (want(l, off, "milestones", v, JSON_OBJECT, "an object") != 0)
            return -1;
        json_t *mv;
        json_object_foreach(v, key, mv)
        {
            rg_milestone_id id;
            if (rg_milestone_parse(key, &id) != 0)
                return fail_at(l, find_value(l, off, key), "unknown milestone", key);
            if (get_time(l, v, off, key, &m->milestone_us[id], &m->has_milestone[id]) != 0)
                return -1;
        }
    }
    if ((v = json_object_get(root, "policy"))) {
        size_t off = find_value(l, 0, "policy");
        if (want(l, off, "policy", v, JSON_OBJECT, "an object") != 0 ||
            get_duration(l, v, off, "update_interval", &m->update_interval_us) != 0 ||
            get_duration(l, v, off, "acknowledge_within", &m->acknowledge_within_us) != 0 ||
            get_duration(l, v, off, "max_window", &m->max_window_us) != 0)
            return -1;
        if (m->update_interval_us <= 0 || m->acknowledge_within_us <= 0 || m->max_window_us <= 0)
            return fail_at(l, off, "policy durations must be positive", NULL);
    }
    if ((v = json_object_get(root, "responders")) &&
        load_responders(l, v, find_value(l, 0, "responders")) != 0)
        return -1;
    if ((v = json_object_get(root, "action_items")) &&
        load_action_items(l, v, find_value(l, 0, "action_items")) != 0)
        return -1;
    if ((v = json_object_get(root, "phrases")) && load_phrases(l, v, find_value(l, 0, "phrases")))
        return -1;
    const char *hours = NULL;
    if (get_string(l, root, 0, "working_hours", &hours) != 0)
        return -1;
    if (hours && rg_hours_parse(hours, &m->working_hours) != 0)
        return fail_at(l, find_value(l, 0, "working_hours"),
                       "working hours must look like \"09:00-18:00\":", hours);
    if ((v = json_object_get(root, "exclude_from_trends"))) {
        if (!json_is_boolean(v))
            return want(l, find_value(l, 0, "exclude_from_trends"), "exclude_from_trends", v,
                        JSON_TRUE, "true or false");
        m->exclude_from_trends = json_is_true(v);
    }
    return 0;
}

int rg_manifest_load(rg_manifest *m, rg_arena *a, const char *path, rg_diag *diag)
{
    size_t len;
    char *text = rg_read_file(path, &len, diag);
    if (!text)
        return -1;
    json_t *root = rg_json_parse(path, text, len, JSON_REJECT_DUPLICATES, diag);
    int rc = -1;
    if (root) {
        m->path = rg_arena_strdup(a, path);
        loader l = {path, text, len, a, diag, m};
        rc = load_root(&l, root);
        json_decref(root);
    }
    rg_free(text);
    return rc;
}
