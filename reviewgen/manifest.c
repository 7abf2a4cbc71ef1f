/* manifest.c -- reads incident.json over the defaults (README, "The manifest").
 * jansson keeps no positions for values, so each value's line and column is
 * found again in the text to point errors at the line the lead must fix. */
#include "manifest.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "csvmap.h"
#include "jsonutil.h"

int rg_due_check(const char *s)
{
    size_t n = strlen(s);
    if (n == 10 && s[4] == '-' && s[7] == '-') {
        int y = 0, mo = 0, d = 0;
        for (int i = 0; i < 10; i++) {
            if (i == 4 || i == 7)
                continue;
            if (s[i] < '0' || s[i] > '9')
                return -1;
        }
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        mo = (s[5] - '0') * 10 + (s[6] - '0');
        d = (s[8] - '0') * 10 + (s[9] - '0');
        if (mo < 1 || mo > 12 || d < 1)
            return -1;
        int64_t yy;
        int mm, dd;
        rg_civil_from_days(rg_days_from_civil(y, mo, d), &yy, &mm, &dd);
        return yy == y && mm == mo && dd == d ? 0 : -1; /* 2026-02-30 is not a date */
    }
    int64_t at;
    int flags;
    rg_time_ctx ctx = {NULL, 0};
    return n && rg_time_rfc3339(s, n, &ctx, &at, &flags) == n ? 0 : -1;
}

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

/* A warning for each key of o (at off) that is not one of known[]: a typo
 * in a key is said, never silently read as absent. `what` names the object
 * ("a metric"), NULL for the manifest itself. */
static void warn_unknown_keys(const loader *l, const json_t *o, size_t off,
                              const char *const *known, size_t n, const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        size_t i = 0;
        while (i < n && strcmp(key, known[i]) != 0)
            i++;
        if (i < n)
            continue;
        long line, col;
        rg_line_col(l->text, l->len, find_value(l, off, key), &line, &col);
        if (what)
            rg_diag_warn(l->diag, l->path, line, col, "unknown-key",
                         "unknown key '%s' in %s ignored", key, what);
        else
            rg_diag_warn(l->diag, l->path, line, col, "unknown-key", "unknown key '%s' ignored",
                         key);
    }
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

/* A text member: like get_string, but an empty (or all-blank) string is as
 * if absent, so a skeleton's "" fields change nothing. */
static int get_text(const loader *l, const json_t *obj, size_t obj_off, const char *key,
                    const char **out)
{
    const char *s = NULL;
    if (get_string(l, obj, obj_off, key, &s) != 0)
        return -1;
    if (s && s[strspn(s, " \t\r\n")] != '\0')
        *out = s;
    return 0;
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
        char hint[512];
        rg_tz_hint(name, hint, sizeof(hint));
        rg_line_col(l->text, l->len, off, &line, &col);
        return rg_diag_error(l->diag, l->path, line, col, "%s%s", err, hint);
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

static const char *const known_keys[] = {
    "id", "title", "severity", "services", "timezone", "summary", "customer_impact", "sources",
    "window", "milestones", "policy", "responders", "recognition", "contributing_factors",
    "action_items", "phrases", "exclude_from_trends", "working_hours", "metrics", "events",
    "tracker", "links", "$schema",
    /* the review's sections and header */
    "status", "authors", "reviewers", "went_well", "went_wrong", "got_lucky"};

/* A text log's "pattern" and "time_format" are checked where they are
 * written, so a typo is an error at its line, not a log that reads nothing:
 * the pattern must compile (PCRE2, UTF mode) and name a group "time"; a
 * pattern implies format "textlog", and no other format reads one. */
static int check_pattern(const loader *l, rg_manifest_source *ms, size_t off)
{
    char why[512];
    if (ms->time_format && !ms->pattern)
        return fail_at(l, find_value(l, off, "time_format"),
                       "\"time_format\" needs a \"pattern\" with a (?<time>...) group", NULL);
    if (!ms->pattern)
        return 0;
    if (ms->format && strcmp(ms->format, "textlog") != 0)
        return fail_at(l, find_value(l, off, "pattern"),
                       "\"pattern\" is read only by format \"textlog\", not", ms->format);
    if (!ms->format)
        ms->format = "textlog";
    int code;
    PCRE2_SIZE at;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)ms->pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof(msg));
        snprintf(why, sizeof(why),
                 "\"pattern\" is not a valid regular expression (%s at "
                 "character %zu):",
                 (const char *)msg, (size_t)at + 1);
        return fail_at(l, find_value(l, off, "pattern"), why, ms->pattern);
    }
    int has_time = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "time") > 0;
    pcre2_code_free(re);
    if (!has_time)
        return fail_at(l, find_value(l, off, "pattern"),
                       "\"pattern\" needs a named group for the time, (?<time>...):", ms->pattern);
    if (ms->time_format && rg_time_format_valid(ms->time_format, why, sizeof(why)) != 0) {
        char msg[600];
        snprintf(msg, sizeof(msg), "\"time_format\" %s:", why);
        return fail_at(l, find_value(l, off, "time_format"), msg, ms->time_format);
    }
    return 0;
}

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
            get_string(l, s, off, "pattern", &ms->pattern) != 0 ||
            get_string(l, s, off, "time_format", &ms->time_format) != 0 ||
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
        /* "time_format" is a text log's (with a "pattern", or format
         * "textlog") or a CSV mapping's (with "columns", or format "csv"). */
        int textlog = ms->pattern || (ms->format && strcmp(ms->format, "textlog") == 0);
        int columns = json_object_get(s, "columns") != NULL;
        int csv = columns || (ms->format && strcmp(ms->format, "csv") == 0);
        if ((textlog || !csv) && check_pattern(l, ms, off) != 0) {
            rc = -1;
            break;
        }
        /* A CSV source's mapping (csvmap.c); "columns" alone means "csv". */
        if ((!textlog || columns) && rg_csvmap_load(&ms->csv, l->a, s, ms->format, l->path, l->text,
                                                    l->len, off, l->diag) != 0) {
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
                   get_text(l, s, off, "title", &it->title) != 0 ||
                   get_text(l, s, off, "owner", &it->owner) != 0 ||
                   get_text(l, s, off, "due", &it->due) != 0 ||
                   get_text(l, s, off, "priority", &it->priority) != 0 ||
                   get_text(l, s, off, "kind", &it->kind) != 0 ||
                   get_text(l, s, off, "ticket", &it->ticket) != 0 ||
                   get_text(l, s, off, "status", &it->status) != 0) {
            rc = -1;
            break;
        }
        if (!it->title) {
            rc = fail_at(l, off, "an action item needs a \"title\"", NULL);
            break;
        }
        /* Checked here, where the lead can fix it, not turned into a default
         * due date later (README, "Action items"). */
        if (it->due && rg_due_check(it->due) != 0) {
            rc = fail_at(l, find_value(l, off, "due"),
                         "not a date (write e.g. \"2026-12-15\"):", it->due);
            break;
        }
        it->source = "manifest";
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
        long col;
        rg_line_col(l->text, l->len, off, &r->line, &col);
        if (want(l, off, "responders[]", s, JSON_OBJECT, "an object") != 0 ||
            get_string(l, s, off, "name", &r->name) != 0 ||
            get_text(l, s, off, "role", &r->role) != 0 ||
            get_string(l, s, off, "timezone", &r->timezone) != 0 ||
            get_string(l, s, off, "working_hours", &hours) != 0 ||
            get_string_list(l, s, off, "aliases", &r->aliases, &r->n_aliases) != 0)
            rc = -1;
        else if (!r->name || !r->name[strspn(r->name, " \t")])
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

/* "metrics": [{"series", "match", "above" | "below"}] (README, "Metrics"). */
static int load_metrics(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "metrics", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "metrics", &offs);
    size_t n = json_array_size(arr);
    m->metrics = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->metrics));
    int rc = m->metrics ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    static const char *const rule_keys[] = {"series", "match", "above", "below"};
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *r = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_metric_rule *mr = &m->metrics[i];
        rg_line_col(l->text, l->len, off, &mr->line, &mr->col);
        if (want(l, off, "metrics[]", r, JSON_OBJECT, "an object") != 0 ||
            get_string(l, r, off, "series", &mr->series) != 0) {
            rc = -1;
            break;
        }
        if (!mr->series || !mr->series[0]) {
            rc = fail_at(l, mr->series ? find_value(l, off, "series") : off,
                         "a metric needs a \"series\" name", NULL);
            break;
        }
        warn_unknown_keys(l, r, off, rule_keys, N(rule_keys), "a metric");
        json_t *above = json_object_get(r, "above"), *below = json_object_get(r, "below");
        if (above && below) {
            rc = fail_at(l, find_value(l, off, "below"),
                         "a metric takes \"above\" or \"below\", not both", NULL);
            break;
        }
        if (!above && !below) {
            rc = fail_at(l, off, "a metric needs a threshold: \"above\" or \"below\"", NULL);
            break;
        }
        const char *which = above ? "above" : "below";
        json_t *t = above ? above : below;
        if (!json_is_number(t)) {
            rc = want(l, find_value(l, off, which), which, t, JSON_REAL, "a number");
            break;
        }
        mr->below = below != NULL;
        mr->threshold = json_number_value(t);
        json_t *match = json_object_get(r, "match");
        if (!match)
            continue;
        size_t moff = find_value(l, off, "match");
        if (want(l, moff, "match", match, JSON_OBJECT, "an object of label values") != 0) {
            rc = -1;
            break;
        }
        size_t nm = json_object_size(match);
        mr->has_match = 1;
        mr->match_keys = rg_arena_alloc(l->a, (nm ? nm : 1) * sizeof(*mr->match_keys));
        mr->match_values = rg_arena_alloc(l->a, (nm ? nm : 1) * sizeof(*mr->match_values));
        if (!mr->match_keys || !mr->match_values) {
            rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
            break;
        }
        const char *key;
        json_t *v;
        json_object_foreach(match, key, v)
        {
            if (!json_is_string(v)) {
                char what[300];
                snprintf(what, sizeof(what), "match.%s", key);
                rc = want(l, find_value(l, moff, key), what, v, JSON_STRING, "a string");
                break;
            }
            mr->match_keys[mr->n_match] = rg_arena_strdup(l->a, key);
            mr->match_values[mr->n_match] =
                rg_arena_strndup(l->a, json_string_value(v), json_string_length(v));
            if (!mr->match_keys[mr->n_match] || !mr->match_values[mr->n_match]) {
                rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
                break;
            }
            mr->n_match++;
        }
    }
    rg_free(offs);
    m->n_metrics = rc == 0 ? n : 0;
    return rc;
}

/* "events": lines the lead adds to the timeline (README, "The manifest").
 * "at" is read like the manifest's other times (a time without an offset is
 * in the manifest's zone); the type's first part is the kind. */
static int load_events(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "events", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "events", &offs);
    size_t n = json_array_size(arr);
    m->events = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->events));
    int rc = m->events ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *s = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_manual_event *e = &m->events[i];
        memset(e, 0, sizeof(*e));
        int has_at = 0;
        if (want(l, off, "events[]", s, JSON_OBJECT, "an object") != 0 ||
            get_time(l, s, off, "at", &e->at_us, &has_at) != 0 ||
            get_string(l, s, off, "at", &e->time_text) != 0 ||
            get_text(l, s, off, "actor", &e->actor) != 0 ||
            get_text(l, s, off, "text", &e->text) != 0 ||
            get_text(l, s, off, "type", &e->type) != 0) {
            rc = -1;
            break;
        }
        if (!has_at) {
            rc = fail_at(l, off, "an event needs an \"at\" time", NULL);
            break;
        }
        if (!e->text) {
            rc = fail_at(l, off, "an event needs a \"text\"", NULL);
            break;
        }
        if (!e->type)
            e->type = "note";
        char kind[16] = "";
        size_t kl = strcspn(e->type, ".");
        if (kl < sizeof(kind)) {
            memcpy(kind, e->type, kl);
            kind[kl] = '\0';
        }
        if (!kind[0] || rg_kind_parse(kind, &e->kind) != 0) {
            rc = fail_at(l, find_value(l, off, "type"),
                         "unknown event type (write \"note\", \"chat.message\", "
                         "\"page.acknowledged\", \"change.deploy\"...):",
                         e->type);
            break;
        }
        long line, col;
        rg_line_col(l->text, l->len, off, &line, &col);
        e->origin = rg_arena_printf(l->a, "%s:%ld", l->path, line);
        if (!e->origin) {
            rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
            break;
        }
    }
    rg_free(offs);
    m->n_events = rc == 0 ? n : 0;
    return rc;
}

/* An address the report will link (README, "Links"): it must start with
 * one of the schemes given and hold no space or control character. Returns
 * NULL when it is fine, else what is wrong. */
static const char *url_problem(const char *url, int mailto)
{
    static const char *const schemes[] = {"https://", "http://", "mailto:"};
    size_t k;
    for (k = 0; k < (mailto ? 3u : 2u); k++)
        if (strncasecmp(url, schemes[k], strlen(schemes[k])) == 0 &&
            url[strlen(schemes[k])] != '\0')
            break;
    if (k == (mailto ? 3u : 2u))
        return mailto ? "must be an https://, http:// or mailto: address"
                      : "must be an https:// or http:// address";
    for (const unsigned char *c = (const unsigned char *)url; *c; c++)
        if (*c <= 0x20 || *c == 0x7F)
            return "must not contain spaces or control characters (percent-encode them)";
    return NULL;
}

/* "tracker": "https://jira.example.com/browse/{key}" */
static int load_tracker(const loader *l, const json_t *root)
{
    rg_manifest *m = l->m;
    if (get_text(l, root, 0, "tracker", &m->tracker) != 0)
        return -1;
    if (!m->tracker)
        return 0;
    size_t off = find_value(l, 0, "tracker");
    char msg[160];
    const char *bad = url_problem(m->tracker, 0);
    if (bad) {
        snprintf(msg, sizeof(msg), "\"tracker\" %s:", bad);
        return fail_at(l, off, msg, m->tracker);
    }
    if (!strstr(m->tracker, "{key}"))
        return fail_at(l, off,
                       "\"tracker\" must contain {key} where the ticket key goes (e.g. "
                       "\"https://jira.example.com/browse/{key}\"):",
                       m->tracker);
    return 0;
}

/* "links": [{"title": "Checkout dashboard", "url": "https://grafana..."}] */
static int load_links(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "links", arr, JSON_ARRAY, "an array") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "links", &offs);
    size_t n = json_array_size(arr);
    m->links = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*m->links));
    int rc = m->links ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    static const char *const link_keys[] = {"title", "url"};
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *e = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_manifest_link *k = &m->links[i];
        memset(k, 0, sizeof(*k));
        long col;
        rg_line_col(l->text, l->len, off, &k->line, &col);
        if (want(l, off, "links[]", e, JSON_OBJECT, "an object") != 0 ||
            get_text(l, e, off, "title", &k->title) != 0 ||
            get_text(l, e, off, "url", &k->url) != 0) {
            rc = -1;
            break;
        }
        warn_unknown_keys(l, e, off, link_keys, N(link_keys), "a link");
        if (!k->url) {
            rc = fail_at(l, off, "a link needs a \"url\"", NULL);
            break;
        }
        if (!k->title) {
            rc = fail_at(l, off, "a link needs a \"title\"", NULL);
            break;
        }
        const char *bad = url_problem(k->url, 1);
        if (bad) {
            char msg[160];
            snprintf(msg, sizeof(msg), "a link's \"url\" %s:", bad);
            rc = fail_at(l, find_value(l, off, "url"), msg, k->url);
            break;
        }
    }
    rg_free(offs);
    m->n_links = rc == 0 ? n : 0;
    return rc;
}

const char *rg_ticket_url(const rg_manifest *m, rg_arena *a, const char *key)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!m || !m->tracker || !key || !*key)
        return NULL;
    rg_buf b = {0};
    int rc = 0;
    for (const char *p = m->tracker; *p && rc == 0;) {
        if (strncmp(p, "{key}", 5) == 0) {
            for (const unsigned char *c = (const unsigned char *)key; *c && rc == 0; c++) {
                int plain = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                            (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_' ||
                            *c == '~';
                rc = plain ? rg_buf_putc(&b, (char)*c)
                           : rg_buf_printf(&b, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
            }
            p += 5;
        } else {
            rc = rg_buf_putc(&b, *p++);
        }
    }
    const char *out = rc == 0 && b.data ? rg_arena_strdup(a, b.data) : NULL;
    rg_buf_free(&b);
    return out;
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

/* ---- the review's sections and header ------------------------------------
 * "status", "authors", "reviewers", "went_well", "went_wrong", "got_lucky"
 * and "contributing_factors", whose entries are Markdown strings or chains
 * {"factor": "...", "because": [string or chain, ...]} (the 5-whys form). */

static const char *const review_statuses[] = {"draft", "in review", "final"};

/* Appends a chain's causes to out as a nested Markdown list: "- because X",
 * indent spaces deep, a cause's own causes two deeper. */
static int factor_causes(const loader *l, const json_t *because, size_t off, int depth, rg_buf *out)
{
    if (!json_is_array(because))
        return want(l, off, "because", because, JSON_ARRAY, "an array of strings or chains");
    for (size_t i = 0; i < json_array_size(because); i++) {
        const json_t *c = json_array_get(because, i);
        const json_t *text = json_is_object(c) ? json_object_get(c, "factor") : c;
        if (!json_is_string(text) || !json_string_length(text)) {
            long line, col;
            rg_line_col(l->text, l->len, off, &line, &col);
            return rg_diag_error(l->diag, l->path, line, col,
                                 "\"because\" must hold strings or {\"factor\": \"...\", "
                                 "\"because\": [...]} objects, got %s at [%zu]%s",
                                 rg_json_type_name(json_is_object(c) ? text : c), i,
                                 json_is_object(c) ? "'s \"factor\"" : "");
        }
        const char *t = json_string_value(text);
        int has_word = strncasecmp(t, "because ", 8) == 0, oom = rg_buf_putc(out, '\n');
        for (int k = 0; k < 2 * (depth - 1); k++)
            oom |= rg_buf_putc(out, ' ');
        oom |= rg_buf_puts(out, has_word ? "- " : "- because ");
        oom |= rg_buf_puts(out, t);
        if (oom)
            return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
        const json_t *more = json_is_object(c) ? json_object_get(c, "because") : NULL;
        if (more) {
            if (depth + 1 > RG_FACTOR_MAX_DEPTH) {
                long line, col;
                rg_line_col(l->text, l->len, off, &line, &col);
                return rg_diag_error(l->diag, l->path, line, col,
                                     "a contributing factor's \"because\" chain is deeper than "
                                     "%d",
                                     RG_FACTOR_MAX_DEPTH);
            }
            if (factor_causes(l, more, off, depth + 1, out) != 0)
                return -1;
        }
    }
    return 0;
}

static int load_factors(const loader *l, const json_t *arr, size_t arr_off)
{
    rg_manifest *m = l->m;
    if (want(l, arr_off, "contributing_factors", arr, JSON_ARRAY,
             "an array of strings or {\"factor\", \"because\"} objects") != 0)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(l->text, l->len, "contributing_factors", &offs);
    size_t n = json_array_size(arr);
    const char **list = rg_arena_alloc(l->a, (n ? n : 1) * sizeof(*list));
    int rc = list ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    rg_buf b = {0};
    for (size_t i = 0; i < n && rc == 0; i++) {
        const json_t *f = json_array_get(arr, i);
        size_t off = i < n_offs ? offs[i] : arr_off;
        rg_buf_reset(&b);
        if (json_is_string(f)) {
            if (rg_buf_append(&b, json_string_value(f), json_string_length(f)) != 0)
                rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
        } else if (json_is_object(f)) {
            const json_t *text = json_object_get(f, "factor");
            const char *key;
            const json_t *v;
            json_object_foreach((json_t *)f, key, v)
            {
                if (strcmp(key, "factor") != 0 && strcmp(key, "because") != 0) {
                    rc = fail_at(l, find_value(l, off, key),
                                 "a contributing factor has only \"factor\" and \"because\", "
                                 "not",
                                 key);
                    break;
                }
            }
            if (rc != 0)
                break;
            if (!text) {
                rc = fail_at(l, off, "a contributing factor needs a \"factor\"", NULL);
                break;
            }
            if (want(l, find_value(l, off, "factor"), "factor", text, JSON_STRING, "a string") !=
                0) {
                rc = -1;
                break;
            }
            if (rg_buf_append(&b, json_string_value(text), json_string_length(text)) != 0) {
                rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
                break;
            }
            const json_t *because = json_object_get(f, "because");
            if (because && factor_causes(l, because, find_value(l, off, "because"), 1, &b) != 0) {
                rc = -1;
                break;
            }
        } else {
            rc = want(l, off, "contributing_factors[]", f, JSON_STRING,
                      "a string or a {\"factor\", \"because\"} object");
            break;
        }
        if (rc != 0)
            break;
        list[i] = rg_arena_strndup(l->a, b.data ? b.data : "", b.len);
        if (!list[i])
            rc = rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    }
    rg_buf_free(&b);
    rg_free(offs);
    if (rc == 0) {
        m->contributing_factors = list;
        m->n_contributing_factors = n;
    }
    return rc;
}

static int load_review_sections(const loader *l, const json_t *root)
{
    rg_manifest *m = l->m;
    const json_t *v;
    if (get_text(l, root, 0, "status", &m->status) != 0)
        return -1;
    if (m->status) {
        size_t i;
        for (i = 0; i < N(review_statuses); i++)
            if (strcmp(m->status, review_statuses[i]) == 0)
                break;
        if (i == N(review_statuses)) {
            long line, col;
            rg_line_col(l->text, l->len, find_value(l, 0, "status"), &line, &col);
            return rg_diag_error(l->diag, l->path, line, col,
                                 "unknown review status '%s' (write \"draft\", \"in review\" or "
                                 "\"final\")",
                                 m->status);
        }
        m->status = review_statuses[i];
    }
    if (get_string_list(l, root, 0, "authors", &m->authors, &m->n_authors) != 0 ||
        get_string_list(l, root, 0, "reviewers", &m->reviewers, &m->n_reviewers) != 0 ||
        get_string_list(l, root, 0, "went_well", &m->went_well, &m->n_went_well) != 0 ||
        get_string_list(l, root, 0, "went_wrong", &m->went_wrong, &m->n_went_wrong) != 0 ||
        get_string_list(l, root, 0, "got_lucky", &m->got_lucky, &m->n_got_lucky) != 0)
        return -1;
    if ((v = json_object_get(root, "contributing_factors")) &&
        load_factors(l, v, find_value(l, 0, "contributing_factors")) != 0)
        return -1;
    return 0;
}

static int load_root(loader *l, const json_t *root)
{
    rg_manifest *m = l->m;
    if (!json_is_object(root))
        return rg_diag_error(l->diag, l->path, 1, 1, "expected an object, got %s",
                             rg_json_type_name(root));
    warn_unknown_keys(l, root, 0, known_keys, N(known_keys), NULL);
    const char *key;
    json_t *v;
    /* The zone first: times in the manifest without an offset are read in it. */
    if (get_string(l, root, 0, "timezone", &m->timezone) != 0)
        return -1;
    if (m->timezone && load_zone(l, find_value(l, 0, "timezone"), m->timezone, &m->zone) != 0)
        return -1;
    if (get_string(l, root, 0, "id", &m->id) != 0 || get_text(l, root, 0, "title", &m->title) ||
        get_text(l, root, 0, "severity", &m->severity) != 0 ||
        get_text(l, root, 0, "summary", &m->summary) != 0 ||
        get_text(l, root, 0, "customer_impact", &m->customer_impact) != 0 ||
        get_string_list(l, root, 0, "services", &m->services, &m->n_services) != 0 ||
        get_string_list(l, root, 0, "recognition", &m->recognition, &m->n_recognition) != 0 ||
        load_review_sections(l, root) != 0)
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
    if ((v = json_object_get(root, "metrics")) &&
        load_metrics(l, v, find_value(l, 0, "metrics")) != 0)
        return -1;
    if ((v = json_object_get(root, "events")) && load_events(l, v, find_value(l, 0, "events")))
        return -1;
    if (load_tracker(l, root) != 0)
        return -1;
    if ((v = json_object_get(root, "links")) && load_links(l, v, find_value(l, 0, "links")))
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
