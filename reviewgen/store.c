/* store.c -- the SQLite store of every incident built: schema versions and
 * their forward migrations, and saving one review model in one transaction
 * (README, "Store"; RELIABILITY 12-14). */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"

/* PRAGMA application_id of a reviewgen store ("RVGN"): tells our stores
 * from other SQLite files that also use user_version. */
#define APPLICATION_ID 0x5256474e
/* A writer holding the store longer than this is reported, not waited for:
 * builds are short, and a hung build should not hang the next one. */
#define BUSY_TIMEOUT_MS 1000

struct rg_store {
    sqlite3 *db;
    char *path;
};

/* Schema version N is reached from N-1 by migrations[N-1]. A new version
 * appends a step; steps are never edited once released, because stores in
 * the field were built by them. */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema. Milestone instants are RFC 3339 UTC text and
     * durations whole seconds, NULL when unknown, as in review.json; the
     * whole model is kept too, so nothing the tables leave out is lost. */
    "CREATE TABLE incidents ("
    " id TEXT PRIMARY KEY NOT NULL,"
    " title TEXT,"
    " severity TEXT,"
    " started TEXT, detected TEXT, acknowledged TEXT, mobilized TEXT,"
    " communicated TEXT, mitigated TEXT, recovered TEXT, resolved TEXT,"
    " time_to_detect INTEGER, time_to_acknowledge INTEGER, time_to_mobilize INTEGER,"
    " time_to_communicate INTEGER, time_to_mitigate INTEGER, time_to_recover INTEGER,"
    " validation_window INTEGER, total_duration INTEGER,"
    " updates INTEGER, max_gap INTEGER, update_policy INTEGER, gaps_over_policy INTEGER,"
    " workaround_offered INTEGER,"
    " review_json TEXT NOT NULL);"
    "CREATE INDEX incidents_started ON incidents(started);"
    "CREATE TABLE incident_services ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, service TEXT NOT NULL,"
    " PRIMARY KEY (incident_id, seq));"
    "CREATE INDEX incident_services_service ON incident_services(service);"
    "CREATE TABLE events ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " at TEXT NOT NULL, last_at TEXT, count INTEGER NOT NULL,"
    " kind TEXT, type TEXT, source TEXT, actor TEXT, human INTEGER, text TEXT,"
    " origin TEXT, time_text TEXT, milestone TEXT,"
    " PRIMARY KEY (incident_id, seq));"
    "CREATE TABLE findings ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, code TEXT, text TEXT, origin TEXT,"
    " PRIMARY KEY (incident_id, seq));"
    "CREATE TABLE action_items ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " title TEXT, owner TEXT, due TEXT, priority TEXT, kind TEXT, ticket TEXT,"
    " status TEXT, origin TEXT, raised_by TEXT,"
    " PRIMARY KEY (incident_id, seq));"
    "CREATE TABLE responders ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, name TEXT, role TEXT, first_at TEXT, first_origin TEXT,"
    " PRIMARY KEY (incident_id, seq));"
    "CREATE TABLE contributing_factors ("
    " incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (incident_id, seq));",

    /* 1 -> 2: what the trend report reads without opening review_json.
     * exclude_from_trends: the manifest's flag (game days, maintenance).
     * detected_by: who noticed first, from the detected milestone's
     * evidence: 'monitoring' (alert.firing, page.triggered, an error
     * burst), 'people' (a chat message), 'manual' (set in the manifest),
     * NULL when there is no detected milestone or its rule is none of
     * these; bind_detected_by() is the same rule for new saves.
     * source_kind: 'review' (built from evidence) or 'history' (a past
     * incident imported from a list, with no review and no findings).
     * Rows of schema 1 are filled in from their stored review_json, so an
     * upgraded store reports like a rebuilt one. The index is on the
     * instant a trend period is cut by: started, else detected. */
    "ALTER TABLE incidents ADD COLUMN exclude_from_trends INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE incidents ADD COLUMN detected_by TEXT;"
    "ALTER TABLE incidents ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'review';"
    "UPDATE incidents SET"
    " exclude_from_trends = CASE WHEN json_valid(review_json) AND"
    "  json_extract(review_json, '$.incident.exclude_from_trends') = 1 THEN 1 ELSE 0 END,"
    " detected_by = CASE"
    "  WHEN detected IS NULL OR NOT json_valid(review_json) THEN NULL"
    "  WHEN json_extract(review_json, '$.milestones.detected.manual') = 1"
    "   OR json_extract(review_json, '$.milestones.detected.rule') = 'manifest' THEN 'manual'"
    "  WHEN json_extract(review_json, '$.milestones.detected.rule') LIKE '%alert.firing%'"
    "   OR json_extract(review_json, '$.milestones.detected.rule') LIKE '%page.triggered%'"
    "   OR json_extract(review_json, '$.milestones.detected.rule') LIKE '%error burst%'"
    "   THEN 'monitoring'"
    "  WHEN json_extract(review_json, '$.milestones.detected.rule') LIKE '%chat%' THEN 'people'"
    "  ELSE NULL END;"
    "CREATE INDEX incidents_period ON incidents(coalesce(started, detected));",

    /* 2 -> 3: output_token names the set of output files the incident's
     * last save went with (publish.c): written in the same transaction as
     * the rows, it is how a later run tells whether a build interrupted
     * between the store's commit and the renames of its outputs committed
     * (finish the renames) or not (remove its temporaries). NULL for rows
     * saved without outputs (import-history, older stores). */
    "ALTER TABLE incidents ADD COLUMN output_token TEXT;",
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

struct sqlite3 *rg_store_db(rg_store *st)
{
    return st->db;
}

int rg_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

static int is_busy(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Reports the failure of the last call on db, as the user can act on it. */
static int db_error(rg_diag *diag, const char *path, sqlite3 *db, int rc, const char *doing)
{
    if (is_busy(rc))
        return rg_diag_error(diag, path, 0, 0, "store is locked by another writer");
    if ((rc & 0xff) == SQLITE_NOTADB)
        return rg_diag_error(diag, path, 0, 0, "not a reviewgen store: %s", sqlite3_errstr(rc));
    return rg_diag_error(diag, path, 0, 0, "%s: %s", doing, db ? sqlite3_errmsg(db) : "");
}

/* Runs one statement that returns at most one integer (a pragma). */
static int query_int(sqlite3 *db, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        *out = 0;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Brings the store from its version to `target` (SCHEMA_VERSION, or lower
 * for rg_store_create_at_version) in one transaction. The version is read
 * again under the write lock: another build may have migrated the store
 * meanwhile. */
static int migrate(rg_store *st, int target, rg_diag *diag)
{
    int rc = exec(st->db, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK)
        return db_error(diag, st->path, st->db, rc, "cannot upgrade the store");
    int version = 0, tables = 0;
    char sql[64];
    rc = query_int(st->db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK && version == 0)
        rc = query_int(st->db, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc != SQLITE_OK)
        goto fail;
    if (version == 0 && tables > 0) {
        exec(st->db, "ROLLBACK");
        return rg_diag_error(diag, st->path, 0, 0,
                             "not a reviewgen store: it holds other tables and no reviewgen "
                             "schema version");
    }
    if (version > SCHEMA_VERSION) { /* a newer reviewgen got there first */
        exec(st->db, "ROLLBACK");
        return rg_diag_error(diag, st->path, 0, 0,
                             "store was written by a newer reviewgen (schema %d, this one reads "
                             "up to %d)",
                             version, SCHEMA_VERSION);
    }
    for (int v = version; v < target; v++) {
        rc = exec(st->db, migrations[v]);
        if (rc != SQLITE_OK)
            goto fail;
    }
    snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", APPLICATION_ID);
    rc = exec(st->db, sql);
    if (rc == SQLITE_OK) {
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version > target ? version : target);
        rc = exec(st->db, sql);
    }
    if (rc == SQLITE_OK)
        rc = exec(st->db, "COMMIT");
    if (rc == SQLITE_OK)
        return 0;
fail:
    db_error(diag, st->path, st->db, rc, "cannot upgrade the store");
    exec(st->db, "ROLLBACK");
    return -1;
}

rg_store *rg_store_open(const char *path, rg_diag *diag)
{
    rg_store *st = rg_calloc(1, sizeof(*st));
    if (!st || !(st->path = rg_strdup(path))) {
        rg_free(st);
        rg_diag_error(diag, path, 0, 0, "out of memory opening the store");
        return NULL;
    }
    int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        db_error(diag, path, st->db, rc, "cannot open the store");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    /* Reading the header is the first access: a file that is not SQLite
     * fails here, before anything is written. */
    int version = 0, app = 0;
    rc = query_int(st->db, "PRAGMA user_version", &version);
    if (rc == SQLITE_OK)
        rc = query_int(st->db, "PRAGMA application_id", &app);
    if (rc != SQLITE_OK) {
        db_error(diag, path, st->db, rc, "cannot read the store");
        goto fail;
    }
    if (app != 0 && app != APPLICATION_ID) {
        rg_diag_error(diag, path, 0, 0, "not a reviewgen store: application id 0x%08x",
                      (unsigned)app);
        goto fail;
    }
    if (version > 0 && app != APPLICATION_ID) {
        rg_diag_error(diag, path, 0, 0,
                      "not a reviewgen store: schema version %d but no reviewgen application id",
                      version);
        goto fail;
    }
    if (version > SCHEMA_VERSION) {
        rg_diag_error(diag, path, 0, 0,
                      "store was written by a newer reviewgen (schema %d, this one reads up to "
                      "%d)",
                      version, SCHEMA_VERSION);
        goto fail;
    }
    /* ON DELETE CASCADE is what removes an incident's old events. */
    rc = exec(st->db, "PRAGMA foreign_keys = ON");
    if (rc != SQLITE_OK) {
        db_error(diag, path, st->db, rc, "cannot read the store");
        goto fail;
    }
    if (version < SCHEMA_VERSION && migrate(st, SCHEMA_VERSION, diag) != 0)
        goto fail;
    return st;
fail:
    rg_store_close(st);
    return NULL;
}

int rg_store_create_at_version(const char *path, int version, rg_diag *diag)
{
    if (version < 1 || version > SCHEMA_VERSION)
        return rg_diag_error(diag, path, 0, 0, "no store schema version %d (this one has 1 to %d)",
                             version, SCHEMA_VERSION);
    rg_store st = {NULL, (char *)path};
    int rc = sqlite3_open_v2(path, &st.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    int tables = 0;
    if (rc == SQLITE_OK)
        rc = query_int(st.db, "SELECT count(*) FROM sqlite_master", &tables);
    if (rc != SQLITE_OK) {
        db_error(diag, path, st.db, rc, "cannot create the store");
        sqlite3_close_v2(st.db);
        return -1;
    }
    if (tables > 0) {
        sqlite3_close_v2(st.db);
        return rg_diag_error(diag, path, 0, 0, "cannot create the store: the file has tables");
    }
    rc = migrate(&st, version, diag);
    sqlite3_close_v2(st.db);
    return rc;
}

void rg_store_close(rg_store *st)
{
    if (!st)
        return;
    sqlite3_close_v2(st->db); /* NULL is a harmless no-op */
    rg_free(st->path);
    rg_free(st);
}

/* ---- saving ---------------------------------------------------------- */

/* One save: the store, where the error goes, and the statements to finalize. */
typedef struct save {
    rg_store *st;
    rg_diag *diag;
    const char *id;
    const char *output_token; /* or NULL (rg_store_save_output) */
    int failed;               /* a model error is already in diag */
} save;

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

static int model_error(save *s, const char *where, const char *key, const char *expected,
                       const json_t *got)
{
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->path, 0, 0,
                         "cannot save the review: %s%s%s is %s, expected %s", where,
                         *where ? "." : "", key, got ? type_name(got) : "missing", expected);
}

/* Binds obj[key] at idx: a string (NUL bytes kept) or NULL when absent/null. */
static int bind_text(save *s, sqlite3_stmt *stmt, int idx, const json_t *obj, const char *key,
                     const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return sqlite3_bind_null(stmt, idx) == SQLITE_OK ? 0 : -1;
    if (!json_is_string(v))
        return model_error(s, where, key, "a string or null", v);
    size_t n = json_string_length(v);
    return sqlite3_bind_text64(stmt, idx, json_string_value(v), n, SQLITE_TRANSIENT, SQLITE_UTF8) ==
                   SQLITE_OK
               ? 0
               : -1;
}

static int bind_int(save *s, sqlite3_stmt *stmt, int idx, const json_t *obj, const char *key,
                    const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return sqlite3_bind_null(stmt, idx) == SQLITE_OK ? 0 : -1;
    if (!json_is_integer(v))
        return model_error(s, where, key, "an integer or null", v);
    return sqlite3_bind_int64(stmt, idx, json_integer_value(v)) == SQLITE_OK ? 0 : -1;
}

static int bind_bool(save *s, sqlite3_stmt *stmt, int idx, const json_t *obj, const char *key,
                     const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return sqlite3_bind_null(stmt, idx) == SQLITE_OK ? 0 : -1;
    if (!json_is_boolean(v))
        return model_error(s, where, key, "true, false or null", v);
    return sqlite3_bind_int(stmt, idx, json_is_true(v)) == SQLITE_OK ? 0 : -1;
}

/* obj[key] when it is an array, NULL when absent or null (no rows). */
static int get_array(save *s, const json_t *obj, const char *key, const char *where,
                     const json_t **out)
{
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v))
        return model_error(s, where, key, "an array", v);
    *out = v;
    return 0;
}

static int get_object(save *s, const json_t *obj, const char *key, const char *where, int required,
                      const json_t **out)
{
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? model_error(s, where, key, "an object", v) : 0;
    if (!json_is_object(v))
        return model_error(s, where, key, "an object", v);
    *out = v;
    return 0;
}

/* Runs a bound statement to completion and resets it for the next row. */
static int step(sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char *const milestone_names[] = {"started",   "detected",     "acknowledged",
                                              "mobilized", "communicated", "mitigated",
                                              "recovered", "resolved"};
static const char *const duration_keys[] = {
    "time_to_detect",   "time_to_acknowledge", "time_to_mobilize",  "time_to_communicate",
    "time_to_mitigate", "time_to_recover",     "validation_window", "total_duration"};

#define N_MILESTONES (sizeof(milestone_names) / sizeof(milestone_names[0]))
#define N_DURATIONS (sizeof(duration_keys) / sizeof(duration_keys[0]))

/* A string key of the model with a value outside its set: quoted. */
static int value_error(save *s, const char *key, const json_t *got, const char *expected)
{
    if (!json_is_string(got))
        return model_error(s, "incident", key, expected, got);
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->path, 0, 0,
                         "cannot save the review: incident.%s is '%.100s', expected %s", key,
                         json_string_value(got), expected);
}

/* ASCII case-insensitive strstr, as SQL's LIKE in the 1 -> 2 migration. */
static int contains(const char *s, const char *part)
{
    size_t n = strlen(part);
    for (; *s; s++)
        if (strncasecmp(s, part, n) == 0)
            return 1;
    return 0;
}

/* detected_by for a new save: the model's incident.detected_by when it
 * names one (an imported history row knows it), else the rule of the
 * detected milestone, as the 1 -> 2 migration derives it for old rows. */
static int bind_detected_by(save *s, sqlite3_stmt *stmt, int idx, const json_t *incident,
                            const json_t *milestones)
{
    const char *by = NULL;
    const json_t *v = json_object_get(incident, "detected_by");
    if (v && !json_is_null(v)) {
        const char *t = json_string_value(v);
        if (!t || (strcmp(t, "monitoring") && strcmp(t, "people") && strcmp(t, "manual")))
            return value_error(s, "detected_by", v, "\"monitoring\", \"people\" or \"manual\"");
        by = t;
    } else {
        const json_t *d = json_object_get(milestones, "detected");
        const char *rule = json_string_value(json_object_get(d, "rule"));
        if (!json_is_object(d) || !json_is_string(json_object_get(d, "at")))
            by = NULL;
        else if (json_is_true(json_object_get(d, "manual")) || (rule && !strcmp(rule, "manifest")))
            by = "manual";
        else if (rule && (contains(rule, "alert.firing") || contains(rule, "page.triggered") ||
                          contains(rule, "error burst")))
            by = "monitoring";
        else if (rule && contains(rule, "chat"))
            by = "people";
    }
    return (by ? sqlite3_bind_text(stmt, idx, by, -1, SQLITE_STATIC)
               : sqlite3_bind_null(stmt, idx)) == SQLITE_OK
               ? 0
               : -1;
}

static int bind_source_kind(save *s, sqlite3_stmt *stmt, int idx, const json_t *incident)
{
    const char *kind = "review";
    const json_t *v = json_object_get(incident, "source_kind");
    if (v && !json_is_null(v)) {
        kind = json_string_value(v);
        if (!kind || (strcmp(kind, "review") && strcmp(kind, "history")))
            return value_error(s, "source_kind", v, "\"review\" or \"history\"");
    }
    return sqlite3_bind_text(stmt, idx, kind, -1, SQLITE_STATIC) == SQLITE_OK ? 0 : -1;
}

static int save_incident(save *s, const json_t *review, const json_t *incident,
                         const char *review_json)
{
    static const char sql[] =
        "INSERT INTO incidents (id, title, severity,"
        " started, detected, acknowledged, mobilized, communicated, mitigated, recovered,"
        " resolved, time_to_detect, time_to_acknowledge, time_to_mobilize,"
        " time_to_communicate, time_to_mitigate, time_to_recover, validation_window,"
        " total_duration, updates, max_gap, update_policy, gaps_over_policy,"
        " workaround_offered, review_json, exclude_from_trends, detected_by, source_kind,"
        " output_token)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";
    sqlite3_stmt *stmt = NULL;
    int rc = -1;
    const json_t *milestones, *durations, *comm;
    if (get_object(s, review, "milestones", "", 0, &milestones) != 0 ||
        get_object(s, review, "durations", "", 0, &durations) != 0 ||
        get_object(s, review, "communication", "", 0, &comm) != 0)
        return -1;
    if (sqlite3_prepare_v2(s->st->db, sql, sizeof(sql), &stmt, NULL) != SQLITE_OK)
        return -1;
    if (bind_text(s, stmt, 1, incident, "id", "incident") != 0 ||
        bind_text(s, stmt, 2, incident, "title", "incident") != 0 ||
        bind_text(s, stmt, 3, incident, "severity", "incident") != 0)
        goto done;
    int idx = 4;
    for (size_t i = 0; i < N_MILESTONES; i++, idx++) {
        const json_t *m;
        char where[64];
        snprintf(where, sizeof(where), "milestones.%s", milestone_names[i]);
        if (get_object(s, milestones, milestone_names[i], "milestones", 0, &m) != 0)
            goto done;
        if (m ? bind_text(s, stmt, idx, m, "at", where) != 0
              : sqlite3_bind_null(stmt, idx) != SQLITE_OK)
            goto done;
    }
    for (size_t i = 0; i < N_DURATIONS; i++, idx++)
        if (bind_int(s, stmt, idx, durations, duration_keys[i], "durations") != 0)
            goto done;
    if (bind_int(s, stmt, idx++, comm, "updates", "communication") != 0 ||
        bind_int(s, stmt, idx++, comm, "max_gap", "communication") != 0 ||
        bind_int(s, stmt, idx++, comm, "policy", "communication") != 0 ||
        bind_int(s, stmt, idx++, comm, "gaps_over_policy", "communication") != 0 ||
        bind_bool(s, stmt, idx++, comm, "workaround_offered", "communication") != 0)
        goto done;
    if (sqlite3_bind_text(stmt, idx++, review_json, -1, SQLITE_STATIC) != SQLITE_OK)
        goto done;
    /* absent is false: a model from before the flag existed is a real incident */
    const json_t *ex = json_object_get(incident, "exclude_from_trends");
    if (ex && !json_is_null(ex) && !json_is_boolean(ex)) {
        model_error(s, "incident", "exclude_from_trends", "true or false", ex);
        goto done;
    }
    if (sqlite3_bind_int(stmt, idx++, json_is_true(ex)) != SQLITE_OK ||
        bind_detected_by(s, stmt, idx++, incident, milestones) != 0 ||
        bind_source_kind(s, stmt, idx++, incident) != 0)
        goto done;
    if ((s->output_token ? sqlite3_bind_text(stmt, idx++, s->output_token, -1, SQLITE_STATIC)
                         : sqlite3_bind_null(stmt, idx++)) != SQLITE_OK)
        goto done;
    rc = step(stmt);
done:
    sqlite3_finalize(stmt);
    return rc;
}

/* A child table's rows: one per element of obj[key] (obj is the review, or
 * the `parent` object inside it), numbered from 0 in the model's order.
 * `bind` binds parameters ?3.. of one row. */
typedef int (*bind_row)(save *s, sqlite3_stmt *stmt, const json_t *item, const char *where);

static int save_rows(save *s, const json_t *obj, const char *parent, const char *key,
                     const char *sql, bind_row bind)
{
    const json_t *list;
    if (get_array(s, obj, key, parent, &list) != 0)
        return -1;
    if (!list || json_array_size(list) == 0)
        return 0;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(s->st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        return -1;
    int rc = 0;
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        char where[64];
        snprintf(where, sizeof(where), "%s%s%s[%zu]", parent, *parent ? "." : "", key, i);
        if (sqlite3_bind_text(stmt, 1, s->id, -1, SQLITE_STATIC) != SQLITE_OK ||
            sqlite3_bind_int64(stmt, 2, (sqlite3_int64)i) != SQLITE_OK ||
            bind(s, stmt, item, where) != 0 || step(stmt) != 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int need_object(save *s, const json_t *item, const char *where)
{
    if (json_is_object(item))
        return 0;
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->path, 0, 0,
                         "cannot save the review: %s is %s, expected an object", where,
                         type_name(item));
}

static int need_string(save *s, const json_t *item, const char *where)
{
    if (json_is_string(item))
        return 0;
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->path, 0, 0,
                         "cannot save the review: %s is %s, expected a string", where,
                         type_name(item));
}

static int bind_string(save *s, sqlite3_stmt *stmt, const json_t *item, const char *where)
{
    if (need_string(s, item, where) != 0)
        return -1;
    return sqlite3_bind_text64(stmt, 3, json_string_value(item), json_string_length(item),
                               SQLITE_TRANSIENT, SQLITE_UTF8) == SQLITE_OK
               ? 0
               : -1;
}

static int bind_event(save *s, sqlite3_stmt *stmt, const json_t *e, const char *where)
{
    if (need_object(s, e, where) != 0)
        return -1;
    /* every event has an instant; the rest may be unknown */
    const json_t *at = json_object_get(e, "at");
    if (!json_is_string(at))
        return model_error(s, where, "at", "a string", at);
    const json_t *count = json_object_get(e, "count");
    if (count && !json_is_integer(count))
        return model_error(s, where, "count", "an integer", count);
    if (bind_text(s, stmt, 3, e, "at", where) != 0 ||
        bind_text(s, stmt, 4, e, "last", where) != 0 ||
        sqlite3_bind_int64(stmt, 5, count ? json_integer_value(count) : 1) != SQLITE_OK ||
        bind_text(s, stmt, 6, e, "kind", where) != 0 ||
        bind_text(s, stmt, 7, e, "type", where) != 0 ||
        bind_text(s, stmt, 8, e, "source", where) != 0 ||
        bind_text(s, stmt, 9, e, "actor", where) != 0 ||
        bind_bool(s, stmt, 10, e, "human", where) != 0 ||
        bind_text(s, stmt, 11, e, "text", where) != 0 ||
        bind_text(s, stmt, 12, e, "origin", where) != 0 ||
        bind_text(s, stmt, 13, e, "time_text", where) != 0 ||
        bind_text(s, stmt, 14, e, "milestone", where) != 0)
        return -1;
    return 0;
}

static int bind_finding(save *s, sqlite3_stmt *stmt, const json_t *f, const char *where)
{
    if (need_object(s, f, where) != 0 || bind_text(s, stmt, 3, f, "code", where) != 0 ||
        bind_text(s, stmt, 4, f, "text", where) != 0 ||
        bind_text(s, stmt, 5, f, "origin", where) != 0)
        return -1;
    return 0;
}

static int bind_action_item(save *s, sqlite3_stmt *stmt, const json_t *a, const char *where)
{
    static const char *const keys[] = {"title",  "owner",  "due",    "priority", "kind",
                                       "ticket", "status", "origin", "raised_by"};
    if (need_object(s, a, where) != 0)
        return -1;
    for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
        if (bind_text(s, stmt, 3 + i, a, keys[i], where) != 0)
            return -1;
    return 0;
}

static int bind_responder(save *s, sqlite3_stmt *stmt, const json_t *r, const char *where)
{
    if (need_object(s, r, where) != 0 || bind_text(s, stmt, 3, r, "name", where) != 0 ||
        bind_text(s, stmt, 4, r, "role", where) != 0 ||
        bind_text(s, stmt, 5, r, "first_at", where) != 0 ||
        bind_text(s, stmt, 6, r, "first_origin", where) != 0)
        return -1;
    return 0;
}

static int save_children(save *s, const json_t *review, const json_t *incident)
{
    if (save_rows(s, incident, "incident", "services",
                  "INSERT INTO incident_services (incident_id, seq, service) VALUES (?1, ?2, ?3)",
                  bind_string) != 0)
        return -1;
    if (save_rows(s, review, "", "timeline",
                  "INSERT INTO events (incident_id, seq, at, last_at, count, kind, type, source,"
                  " actor, human, text, origin, time_text, milestone)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                  bind_event) != 0)
        return -1;
    if (save_rows(s, review, "", "findings",
                  "INSERT INTO findings (incident_id, seq, code, text, origin)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
                  bind_finding) != 0)
        return -1;
    if (save_rows(s, review, "", "action_items",
                  "INSERT INTO action_items (incident_id, seq, title, owner, due, priority, kind,"
                  " ticket, status, origin, raised_by)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                  bind_action_item) != 0)
        return -1;
    if (save_rows(s, review, "", "responders",
                  "INSERT INTO responders (incident_id, seq, name, role, first_at, first_origin)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  bind_responder) != 0)
        return -1;
    return save_rows(s, review, "", "contributing_factors",
                     "INSERT INTO contributing_factors (incident_id, seq, text)"
                     " VALUES (?1, ?2, ?3)",
                     bind_string);
}

/* IMPLEMENTATION-OF: README "Store": rebuilding an incident replaces its rows
 * in one transaction. The old rows go by ON DELETE CASCADE from the incident;
 * every new row is inserted; any failure (a model value of the wrong type, a
 * constraint, a full disk, a lock) rolls the whole save back, so the store
 * holds the previous build exactly as it was. */
int rg_store_save(rg_store *st, const json_t *review, rg_diag *diag)
{
    return rg_store_save_output(st, review, NULL, diag);
}

int rg_store_save_output(rg_store *st, const json_t *review, const char *output_token,
                         rg_diag *diag)
{
    save s = {st, diag, NULL, output_token, 0};
    if (!json_is_object(review))
        return rg_diag_error(diag, st->path, 0, 0,
                             "cannot save the review: it is %s, expected an object",
                             review ? type_name(review) : "missing");
    const json_t *incident;
    if (get_object(&s, review, "incident", "", 1, &incident) != 0)
        return -1;
    const json_t *id = json_object_get(incident, "id");
    if (!json_is_string(id) || json_string_length(id) == 0 ||
        strlen(json_string_value(id)) != json_string_length(id))
        return model_error(&s, "incident", "id", "a non-empty string", id);
    s.id = json_string_value(id);

    /* The stored copy of the model: compact, keys in the model's order, so
     * the same review gives the same bytes. */
    char *review_json = json_dumps(review, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!review_json)
        return rg_diag_error(diag, st->path, 0, 0, "cannot save incident '%s': out of memory",
                             s.id);

    /* Inside the caller's transaction (rg_store_begin) a savepoint makes
     * this save its own all-or-nothing step; else it is one transaction. */
    int nested = !sqlite3_get_autocommit(st->db);
    int rc = exec(st->db, nested ? "SAVEPOINT rg_save" : "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) {
        db_error(diag, st->path, st->db, rc, "cannot save the review");
        rc = -1;
        goto out;
    }
    sqlite3_stmt *del = NULL;
    rc = sqlite3_prepare_v2(st->db, "DELETE FROM incidents WHERE id = ?1", -1, &del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(del, 1, s.id, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(del) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
    sqlite3_finalize(del);
    if (rc != SQLITE_OK || save_incident(&s, review, incident, review_json) != 0 ||
        save_children(&s, review, incident) != 0)
        goto rollback;
    rc = exec(st->db, nested ? "RELEASE rg_save" : "COMMIT");
    if (rc == SQLITE_OK) {
        rc = 0;
        goto out;
    }
rollback:
    if (!s.failed) {
        char doing[300];
        snprintf(doing, sizeof(doing), "cannot save incident '%.200s'", s.id);
        db_error(diag, st->path, st->db, sqlite3_extended_errcode(st->db), doing);
    }
    if (nested) {
        exec(st->db, "ROLLBACK TO rg_save");
        exec(st->db, "RELEASE rg_save");
    } else {
        exec(st->db, "ROLLBACK");
    }
    rc = -1;
out:;
    json_free_t free_fn = NULL;
    json_get_alloc_funcs(NULL, &free_fn);
    free_fn(review_json);
    return rc;
}

int rg_store_has_output(rg_store *st, const char *id, const char *output_token, rg_diag *diag)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(
        st->db, "SELECT count(*) FROM incidents WHERE id = ?1 AND output_token = ?2", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(q, 2, output_token, -1, SQLITE_STATIC);
    int found = -1;
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        found = sqlite3_column_int(q, 0) > 0;
    sqlite3_finalize(q);
    if (found < 0)
        db_error(diag, st->path, st->db, rc, "cannot read the store");
    return found;
}

int rg_store_begin(rg_store *st, rg_diag *diag)
{
    int rc = exec(st->db, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) {
        db_error(diag, st->path, st->db, rc, "cannot start a transaction");
        return -1;
    }
    return 0;
}

int rg_store_commit(rg_store *st, rg_diag *diag)
{
    int rc = exec(st->db, "COMMIT");
    if (rc != SQLITE_OK) {
        db_error(diag, st->path, st->db, rc, "cannot commit");
        exec(st->db, "ROLLBACK");
        return -1;
    }
    return 0;
}

void rg_store_rollback(rg_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        exec(st->db, "ROLLBACK");
}
