/* csvmap.c -- reads a CSV source's mapping from its incident.json entry and
 * checks it there, so a typo is an error at its line before any file is
 * read (README, "A CSV with a mapping"). */
#include "csvmap.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsonutil.h"
#include "timeparse.h"

/* The types the core reacts to or reports (README, "The event"; the
 * milestone and metric rules name most of them). A type outside this list
 * would be read and then match no rule, so a typo ("chat.mesage") is an
 * error, not a silent loss. */
static const char *const known_types[] = {"alert.firing",       "alert.resolved",
                                          "alert.warning",      "alert.nodata",
                                          "alert.acknowledged", "page.triggered",
                                          "page.notified",      "page.acknowledged",
                                          "page.escalated",     "page.assigned",
                                          "page.resolved",      "status.investigating",
                                          "status.identified",  "status.monitoring",
                                          "status.resolved",    "status.update",
                                          "chat.message",       "chat.join",
                                          "chat.leave",         "log.error",
                                          "log.warning",        "log.info",
                                          "change.deploy",      "change.rollback",
                                          "change.config",      "note"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

int rg_event_type_known(const char *type, rg_kind *kind)
{
    for (size_t i = 0; i < N(known_types); i++) {
        if (strcmp(type, known_types[i]) != 0)
            continue;
        char k[16];
        size_t n = strcspn(type, ".");
        snprintf(k, sizeof(k), "%.*s", (int)n, type);
        return rg_kind_parse(k, kind) == 0;
    }
    return 0;
}

typedef struct loader {
    const char *path, *text;
    size_t len;
    rg_arena *a;
    rg_diag *diag;
    rg_csvmap *m;
} loader;

/* Offset of the value of member key of the object at obj, or obj. */
static size_t value_at(const loader *l, size_t obj, const char *key)
{
    while (obj < l->len && l->text[obj] != '{' && strchr(" \t\r\n", l->text[obj]))
        obj++;
    size_t off = rg_json_member_offset(l->text, l->len, obj, key);
    return off == RG_JSON_NONE ? obj : off;
}

static int fail(const loader *l, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(const loader *l, size_t off, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_line_col(l->text, l->len, off, &line, &col);
    return rg_diag_error(l->diag, l->path, line, col, "%s", msg);
}

static const char *known_list(void)
{
    return "alert.firing, alert.resolved, alert.warning, alert.nodata, alert.acknowledged, "
           "page.triggered, page.notified, page.acknowledged, page.escalated, page.assigned, "
           "page.resolved, status.investigating, status.identified, status.monitoring, "
           "status.resolved, status.update, chat.message, chat.join, chat.leave, log.error, "
           "log.warning, log.info, change.deploy, change.rollback, change.config, note";
}

/* Resolves a type as written (with "kind", "message" stands for
 * "chat.message"). Returns the type (arena-owned or static) or NULL. */
static const char *resolve_type(const loader *l, const char *written, rg_kind *kind)
{
    char full[64];
    const char *type = written;
    if (l->m->kind && !strchr(written, '.') && strcmp(written, "note") != 0) {
        snprintf(full, sizeof(full), "%s.%s", l->m->kind, written);
        type = full;
    }
    for (size_t i = 0; i < N(known_types); i++) {
        if (strcmp(type, known_types[i]) != 0 || !rg_event_type_known(type, kind))
            continue;
        if (l->m->kind && strcmp(rg_kind_name(*kind), l->m->kind) != 0)
            return NULL;
        return known_types[i]; /* static: the manifest's JSON is freed after loading */
    }
    return NULL;
}

static int type_error(const loader *l, size_t off, const char *written)
{
    if (l->m->kind)
        return fail(l, off, "unknown type '%s' for \"kind\": \"%s\" (known: %s)", written,
                    l->m->kind, known_list());
    return fail(l, off, "unknown type '%s' (known: %s)", written, known_list());
}

static int column(const loader *l, const json_t *cols, size_t cols_off, const char *key,
                  rg_csvmap_col *out)
{
    const json_t *v = json_object_get(cols, key);
    if (!v)
        return 0;
    size_t off = value_at(l, cols_off, key);
    if (!json_is_string(v) || json_string_length(v) == 0)
        return fail(l, off, "\"columns\": \"%s\" must name a column (a non-empty string), got %s",
                    key, json_is_string(v) ? "an empty string" : rg_json_type_name(v));
    out->name = rg_arena_strdup(l->a, json_string_value(v));
    rg_line_col(l->text, l->len, off, &out->line, &out->col);
    return out->name ? 0 : rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
}

static int load_values(loader *l, const json_t *values, size_t off)
{
    rg_csvmap *m = l->m;
    if (!json_is_object(values))
        return fail(l, off, "\"values\" must be an object of column values and types, got %s",
                    rg_json_type_name(values));
    m->values = rg_arena_alloc(l->a, (json_object_size(values) + 1) * sizeof(*m->values));
    if (!m->values)
        return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)values, key, v)
    {
        size_t voff = value_at(l, off, key);
        if (!json_is_string(v))
            return fail(l, voff, "\"values\": '%s' must map to an event type (a string), got %s",
                        key, rg_json_type_name(v));
        rg_csvmap_value *e = &m->values[m->n_values];
        e->value = rg_arena_strdup(l->a, key);
        e->type = resolve_type(l, json_string_value(v), &e->kind);
        if (!e->value)
            return rg_diag_error(l->diag, l->path, 0, 0, "out of memory");
        if (!e->type)
            return type_error(l, voff, json_string_value(v));
        m->n_values++;
    }
    return 0;
}

static const char *const column_keys[] = {"time", "actor", "text", "type", "type_from", "values"};

static int load_columns(loader *l, const json_t *cols, size_t off)
{
    rg_csvmap *m = l->m;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)cols, key, v)
    {
        size_t i;
        for (i = 0; i < N(column_keys); i++)
            if (strcmp(key, column_keys[i]) == 0)
                break;
        if (i == N(column_keys))
            return fail(l, value_at(l, off, key),
                        "unknown key '%s' in \"columns\" (known: time, actor, text, type, "
                        "type_from, values)",
                        key);
    }
    if (column(l, cols, off, "time", &m->time) != 0 ||
        column(l, cols, off, "actor", &m->actor) != 0 ||
        column(l, cols, off, "text", &m->text) != 0 ||
        column(l, cols, off, "type_from", &m->type_from) != 0)
        return -1;
    if (!m->time.name)
        return fail(l, off,
                    "a CSV mapping needs the time's column: \"columns\": {\"time\": "
                    "\"<column>\", ...}");
    if (!m->text.name)
        return fail(l, off,
                    "a CSV mapping needs the text's column: \"columns\": {\"text\": "
                    "\"<column>\", ...}");
    const json_t *type = json_object_get(cols, "type");
    if (type) {
        size_t toff = value_at(l, off, "type");
        if (!json_is_string(type))
            return fail(l, toff, "\"columns\": \"type\" must be an event type (a string), got %s",
                        rg_json_type_name(type));
        m->type = resolve_type(l, json_string_value(type), &m->type_kind);
        if (!m->type)
            return type_error(l, toff, json_string_value(type));
    }
    const json_t *values = json_object_get(cols, "values");
    if (values && !m->type_from.name)
        return fail(l, value_at(l, off, "values"),
                    "\"values\" maps the values of the \"type_from\" column, and there is no "
                    "\"type_from\"");
    if (values && load_values(l, values, value_at(l, off, "values")) != 0)
        return -1;
    if (!m->type && !m->type_from.name)
        return fail(l, off,
                    "a CSV mapping needs \"type\" (one event type for every row, e.g. "
                    "\"chat.message\") or \"type_from\" (a column, with \"values\" "
                    "mapping its values to types)");
    return 0;
}

int rg_csvmap_load(const rg_csvmap **out, rg_arena *a, const json_t *obj, const char *format,
                   const char *path, const char *text, size_t len, size_t obj_off, rg_diag *diag)
{
    static const char *const keys[] = {"columns", "time_format", "separator", "kind", "human"};
    *out = NULL;
    loader l = {path, text, len, a, diag, NULL};
    const char *given = NULL;
    for (size_t i = 0; i < N(keys) && !given; i++)
        if (json_object_get(obj, keys[i]))
            given = keys[i];
    int is_csv = format && strcmp(format, "csv") == 0;
    if (!given && !is_csv)
        return 0;
    if (given && format && !is_csv)
        return fail(&l, value_at(&l, obj_off, given),
                    "\"%s\" maps the columns of a CSV source, and this source's \"format\" is "
                    "'%s' (leave \"format\" out or set it to \"csv\")",
                    given, format);
    const json_t *cols = json_object_get(obj, "columns");
    if (!cols)
        return fail(&l, obj_off,
                    "a CSV source needs \"columns\": {\"time\": \"<column>\", \"text\": "
                    "\"<column>\", \"type\": \"chat.message\"} (see README, \"A CSV with a "
                    "mapping\")");
    size_t cols_off = value_at(&l, obj_off, "columns");
    if (!json_is_object(cols))
        return fail(&l, cols_off, "\"columns\" must be an object, got %s", rg_json_type_name(cols));
    rg_csvmap *m = rg_arena_alloc(a, sizeof(*m));
    if (!m)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    memset(m, 0, sizeof(*m));
    l.m = m;
    m->manifest = rg_arena_strdup(a, path);
    m->human = -1;
    rg_line_col(text, len, obj_off, &m->line, &m->col);
    const json_t *v;
    if ((v = json_object_get(obj, "kind"))) {
        rg_kind k;
        size_t off = value_at(&l, obj_off, "kind");
        if (!json_is_string(v) || rg_kind_parse(json_string_value(v), &k) != 0)
            return fail(&l, off,
                        "\"kind\" must be one of log, alert, page, status, chat, change, note; "
                        "got %s",
                        json_is_string(v) ? json_string_value(v) : rg_json_type_name(v));
        m->kind = rg_arena_strdup(a, json_string_value(v));
    }
    if (load_columns(&l, cols, cols_off) != 0)
        return -1;
    if ((v = json_object_get(obj, "time_format"))) {
        size_t off = value_at(&l, obj_off, "time_format");
        if (!json_is_string(v))
            return fail(&l, off,
                        "\"time_format\" must be a string such as \"%%d/%%m/%%Y %%H:%%M\", "
                        "got %s",
                        rg_json_type_name(v));
        char err[400];
        if (rg_time_format_check(json_string_value(v), err, sizeof(err), NULL) != 0)
            return fail(&l, off, "bad \"time_format\" '%s': %s", json_string_value(v), err);
        m->time_format = rg_arena_strdup(a, json_string_value(v));
    }
    if ((v = json_object_get(obj, "separator"))) {
        size_t off = value_at(&l, obj_off, "separator");
        const char *s = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0 || strcmp(s, "\t") == 0)
            m->separator = s[0];
        else if (strcmp(s, "tab") == 0)
            m->separator = '\t';
        else
            return fail(&l, off, "\"separator\" must be \",\", \";\" or \"\\t\" (\"tab\"); got %s",
                        json_is_string(v) ? s : rg_json_type_name(v));
    }
    if ((v = json_object_get(obj, "human"))) {
        if (!json_is_boolean(v))
            return fail(&l, value_at(&l, obj_off, "human"),
                        "\"human\" must be true or false, got %s", rg_json_type_name(v));
        m->human = json_is_true(v);
    }
    if (!m->manifest || (json_object_get(obj, "kind") && !m->kind) ||
        (json_object_get(obj, "time_format") && !m->time_format))
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    *out = m;
    return 0;
}

const char *rg_csvmap_type(const rg_csvmap *m, const char *value, rg_kind *kind)
{
    for (size_t i = 0; i < m->n_values; i++)
        if (strcmp(m->values[i].value, value) == 0) {
            *kind = m->values[i].kind;
            return m->values[i].type;
        }
    for (size_t i = 0; i < N(known_types); i++)
        if (strcmp(value, known_types[i]) == 0 && rg_event_type_known(value, kind) &&
            (!m->kind || strcmp(rg_kind_name(*kind), m->kind) == 0))
            return known_types[i];
    if (m->type) {
        *kind = m->type_kind;
        return m->type;
    }
    return NULL;
}

int rg_csvmap_human(const rg_csvmap *m, const char *type, rg_kind kind)
{
    if (m->human >= 0)
        return m->human;
    return kind == RG_KIND_CHAT || kind == RG_KIND_STATUS || kind == RG_KIND_NOTE ||
           strcmp(type, "page.acknowledged") == 0;
}
