/* store.c -- the store's interface over its two back ends (store_sqlite.c,
 * store_pg.c): the schema and its migrations, defined once with the dialect
 * differences named below; saving a review model in one transaction, run
 * again when PostgreSQL loses it; copying and checking a whole store
 * (README, "Across incidents", "One store for a team"; RELIABILITY 12-14). */
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "store_backend.h"

/* ---- the dialects ------------------------------------------------------
 *
 * Every difference between a SQLite and a PostgreSQL store is one of these:
 * 1. Types: "{text}" in the schema below is TEXT in SQLite and
 *    TEXT COLLATE "C" in PostgreSQL, so text compares and sorts by code
 *    point in both (a server's language collation would sort "a" before
 *    "B" and change every ORDER BY); "{int}" is INTEGER in SQLite (always
 *    64 bits) and BIGINT in PostgreSQL (whose INTEGER has 32).
 * 2. Parameters: statements here say ?1, ?2; store_pg.c sends $1, $2.
 * 3. Booleans: PostgreSQL returns x IS NULL and EXISTS (...) as booleans;
 *    rg_stmt_int reads them as 0 and 1, as SQLite gives them.
 * 4. The schema version: PRAGMA user_version and application_id in SQLite,
 *    the one row of reviewgen_schema in PostgreSQL (created by its part of
 *    step 0 -> 1).
 * 5. Step 1 -> 2 fills its new columns from each row's review_json: SQLite
 *    with its JSON functions, as released; PostgreSQL in C by the same rule
 *    (fill_v2), since its JSON cast fails the whole step on one row that is
 *    not JSON. The index on an expression is written ((expr)) there.
 * 6. Transactions: a write is BEGIN IMMEDIATE in SQLite (one writer at a
 *    time, the others waiting up to the busy timeout) and BEGIN (READ
 *    COMMITTED) in PostgreSQL, where writers of different incidents run
 *    side by side and two writers of one incident queue on its row (the
 *    incidents upsert is a save's first statement, so the second sees the
 *    first's rows and replaces them). A snapshot for several reads is BEGIN
 *    in SQLite (WAL) and REPEATABLE READ READ ONLY in PostgreSQL.
 * 7. Only SQLite has quick_check before writing, a backup file before a
 *    migration and integrity_check; only PostgreSQL loses connections and
 *    serializes, so only it runs a transaction again (RG_STORE_ATTEMPTS).
 * Everything else -- the tables, and the statements that save, list, report
 * and copy -- is the same text in both. */

/* Schema version N is reached from N-1 by migrations[N-1]: `both` first,
 * then the dialect's own part. A new version appends a step (and its
 * columns to the tables below); steps are never edited once released,
 * because stores in the field were built by them. */
typedef struct migration {
    const char *both;
    const char *sqlite;
    const char *pg;
    int (*pg_fill)(rg_store *st); /* PostgreSQL: a data step in C, after its SQL */
} migration;

static int fill_v2(rg_store *st);

static const migration migrations[] = {
    /* 0 -> 1: the first schema. Milestone instants are RFC 3339 UTC text and
     * durations whole seconds, NULL when unknown, as in review.json; the
     * whole model is kept too, so nothing the tables leave out is lost. */
    {"CREATE TABLE incidents ("
     " id {text} PRIMARY KEY NOT NULL,"
     " title {text},"
     " severity {text},"
     " started {text}, detected {text}, acknowledged {text}, mobilized {text},"
     " communicated {text}, mitigated {text}, recovered {text}, resolved {text},"
     " time_to_detect {int}, time_to_acknowledge {int}, time_to_mobilize {int},"
     " time_to_communicate {int}, time_to_mitigate {int}, time_to_recover {int},"
     " validation_window {int}, total_duration {int},"
     " updates {int}, max_gap {int}, update_policy {int}, gaps_over_policy {int},"
     " workaround_offered {int},"
     " review_json {text} NOT NULL);"
     "CREATE INDEX incidents_started ON incidents(started);"
     "CREATE TABLE incident_services ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL, service {text} NOT NULL,"
     " PRIMARY KEY (incident_id, seq));"
     "CREATE INDEX incident_services_service ON incident_services(service);"
     "CREATE TABLE events ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL,"
     " at {text} NOT NULL, last_at {text}, count {int} NOT NULL,"
     " kind {text}, type {text}, source {text}, actor {text}, human {int}, text {text},"
     " origin {text}, time_text {text}, milestone {text},"
     " PRIMARY KEY (incident_id, seq));"
     "CREATE TABLE findings ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL, code {text}, text {text}, origin {text},"
     " PRIMARY KEY (incident_id, seq));"
     "CREATE TABLE action_items ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL,"
     " title {text}, owner {text}, due {text}, priority {text}, kind {text}, ticket {text},"
     " status {text}, origin {text}, raised_by {text},"
     " PRIMARY KEY (incident_id, seq));"
     "CREATE TABLE responders ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL, name {text}, role {text}, first_at {text}, first_origin {text},"
     " PRIMARY KEY (incident_id, seq));"
     "CREATE TABLE contributing_factors ("
     " incident_id {text} NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,"
     " seq {int} NOT NULL, text {text} NOT NULL,"
     " PRIMARY KEY (incident_id, seq));",
     NULL,
     /* the version's home; its one row is set by set_version */
     "CREATE TABLE reviewgen_schema (application TEXT NOT NULL, version BIGINT NOT NULL);"
     "INSERT INTO reviewgen_schema (application, version) VALUES ('reviewgen', 0);",
     NULL},

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
    {"ALTER TABLE incidents ADD COLUMN exclude_from_trends {int} NOT NULL DEFAULT 0;"
     "ALTER TABLE incidents ADD COLUMN detected_by {text};"
     "ALTER TABLE incidents ADD COLUMN source_kind {text} NOT NULL DEFAULT 'review';",
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
     "CREATE INDEX incidents_period ON incidents((coalesce(started, detected)));", fill_v2},

    /* 2 -> 3: output_token names the set of output files the incident's
     * last save went with (publish.c): written in the same transaction as
     * the rows, it is how a later run tells whether a build interrupted
     * between the store's commit and the renames of its outputs committed
     * (finish the renames) or not (remove its temporaries). NULL for rows
     * saved without outputs (import-history, older stores). */
    {"ALTER TABLE incidents ADD COLUMN output_token {text};", NULL, NULL, NULL},

    /* 3 -> 4: the review as a working document (README, "Action items" and
     * "The manifest", events). events.manual: 1 for a line the lead added
     * by hand ("events" in incident.json). action_items.suggested: 1 for a
     * chat line that matches none of the lead's items, which is listed apart
     * and never counted (RG_ACTION_COUNTED_SQL, actions.h: the one rule of
     * `actions` and `trend`); raised_in: the origin of the chat line that
     * raised or matched the item; source: 'manifest', 'draft' (added or
     * changed in the edited review, by publish) or 'chat' (a suggestion).
     * Rows of schema 3 raised in the chat (raised_by set) become
     * suggestions: under the new rule a chat line is not an item until it is
     * adopted, and a rebuild matches it again. */
    {"ALTER TABLE events ADD COLUMN manual {int} NOT NULL DEFAULT 0;"
     "ALTER TABLE action_items ADD COLUMN suggested {int} NOT NULL DEFAULT 0;"
     "ALTER TABLE action_items ADD COLUMN raised_in {text};"
     "ALTER TABLE action_items ADD COLUMN source {text};"
     "UPDATE action_items SET suggested = 1, raised_in = origin, source = 'chat'"
     " WHERE raised_by IS NOT NULL;"
     "UPDATE action_items SET source = 'manifest' WHERE source IS NULL;",
     NULL, NULL, NULL},
};

#define SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The tables that hold an incident, the incident's own row first, with
 * their columns in the current schema: what `store copy` copies and `store
 * check` looks at. A test compares this list with the tables a new store
 * has, in both back ends, so a migration that adds a column or a table
 * adds it here too. */
static const char *const incident_columns[] = {
    "id",
    "title",
    "severity",
    "started",
    "detected",
    "acknowledged",
    "mobilized",
    "communicated",
    "mitigated",
    "recovered",
    "resolved",
    "time_to_detect",
    "time_to_acknowledge",
    "time_to_mobilize",
    "time_to_communicate",
    "time_to_mitigate",
    "time_to_recover",
    "validation_window",
    "total_duration",
    "updates",
    "max_gap",
    "update_policy",
    "gaps_over_policy",
    "workaround_offered",
    "review_json",
    "exclude_from_trends",
    "detected_by",
    "source_kind",
    "output_token",
    NULL,
};
static const char *const service_columns[] = {"incident_id", "seq", "service", NULL};
static const char *const event_columns[] = {
    "incident_id", "seq",   "at",   "last_at", "count",     "kind",      "type",   "source",
    "actor",       "human", "text", "origin",  "time_text", "milestone", "manual", NULL,
};
static const char *const finding_columns[] = {"incident_id", "seq", "code", "text", "origin", NULL};
static const char *const action_columns[] = {
    "incident_id", "seq",    "title",     "owner",     "due",       "priority", "kind", "ticket",
    "status",      "origin", "raised_by", "suggested", "raised_in", "source",   NULL,
};
static const char *const responder_columns[] = {"incident_id", "seq",          "name", "role",
                                                "first_at",    "first_origin", NULL};
static const char *const factor_columns[] = {"incident_id", "seq", "text", NULL};

const rg_store_table rg_store_tables[] = {
    {"incidents", "id", incident_columns},
    {"incident_services", "incident_id", service_columns},
    {"events", "incident_id", event_columns},
    {"findings", "incident_id", finding_columns},
    {"action_items", "incident_id", action_columns},
    {"responders", "incident_id", responder_columns},
    {"contributing_factors", "incident_id", factor_columns},
};
const size_t rg_n_store_tables = sizeof(rg_store_tables) / sizeof(rg_store_tables[0]);

int rg_store_schema_version(void)
{
    return SCHEMA_VERSION;
}

/* The schema text for a dialect: "{text}" and "{int}" replaced. Caller
 * rg_free()s; NULL when out of memory. */
static char *expand(const rg_store_backend *be, const char *sql)
{
    rg_buf b = {0};
    for (const char *p = sql; *p;) {
        const char *brace = strchr(p, '{');
        size_t n = brace ? (size_t)(brace - p) : strlen(p);
        if (rg_buf_append(&b, p, n) != 0)
            goto oom;
        p += n;
        if (!brace)
            break;
        const char *with = NULL;
        size_t skip = 1;
        if (!strncmp(brace, "{text}", 6))
            with = be->text_type, skip = 6;
        else if (!strncmp(brace, "{int}", 5))
            with = be->int_type, skip = 5;
        if (with ? rg_buf_puts(&b, with) != 0 : rg_buf_putc(&b, '{') != 0)
            goto oom;
        p += skip;
    }
    return b.data ? b.data : rg_strdup("");
oom:
    rg_buf_free(&b);
    return NULL;
}

/* ---- targets, errors, settings ----------------------------------------- */

static int busy_timeout_s = RG_STORE_BUSY_TIMEOUT_DEFAULT;

void rg_store_set_busy_timeout(int seconds)
{
    busy_timeout_s = seconds > 0 ? seconds : RG_STORE_BUSY_TIMEOUT_DEFAULT;
}

int rg_store_busy_timeout(void)
{
    return busy_timeout_s;
}

rg_store_kind rg_store_kind_of(const char *target)
{
    if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11))
        return RG_STORE_PG;
    if (strchr(target, '=') && rg_store_pg_is_conninfo(target))
        return RG_STORE_PG;
    return RG_STORE_SQLITE;
}

char *rg_store_redact(const char *target)
{
    if (rg_store_kind_of(target) == RG_STORE_PG)
        return rg_store_pg_redact(target);
    return rg_strdup(target);
}

const char *rg_store_name(const rg_store *st)
{
    return st->name;
}

int rg_store_found_version(const rg_store *st)
{
    return st->found;
}

rg_store_kind rg_store_kind_get(const rg_store *st)
{
    return st->be == &rg_store_pg_backend ? RG_STORE_PG : RG_STORE_SQLITE;
}

const char *rg_store_errmsg(rg_store *st)
{
    return st->err;
}

int rg_store_fail_set(rg_store *st, rg_store_fail fail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof(st->err), fmt, ap);
    va_end(ap);
    /* one line: libpq's messages end with a newline and may go on */
    st->err[strcspn(st->err, "\n")] = '\0';
    st->fail = fail;
    return -1;
}

int rg_store_report(rg_store *st, rg_diag *diag, const char *doing)
{
    switch (st->fail) {
    case RG_FAIL_BUSY:
        return rg_diag_error(diag, st->name, 0, 0,
                             "the store is busy: another reviewgen or a reader holds it; retried "
                             "for %d s",
                             st->busy_timeout_s);
    case RG_FAIL_NOTADB:
        return rg_diag_error(diag, st->name, 0, 0, "not a reviewgen store: %s", st->err);
    case RG_FAIL_CORRUPT:
        return rg_diag_error(diag, st->name, 0, 0,
                             "the store is damaged (%s); nothing was written: restore it from a "
                             "backup ('reviewgen store check' lists what is wrong)",
                             st->err);
    default:
        return rg_diag_error(diag, st->name, 0, 0, "%s: %s", doing, st->err);
    }
}

static int exec(rg_store *st, const char *sql)
{
    return st->be->exec(st, sql);
}

static void run_hook(rg_store *st)
{
    if (st->hook && st->in_write)
        st->hook(st->hook_ctx, st, ++st->n_statements);
}

/* ---- statements --------------------------------------------------------- */

rg_stmt *rg_store_prepare(rg_store *st, const char *sql, rg_diag *diag)
{
    rg_stmt *q = st->be->prepare(st, sql);
    if (!q)
        rg_store_report(st, diag, "cannot read the store");
    return q;
}

int rg_stmt_bind_textn(rg_stmt *q, int idx, const char *s, size_t len)
{
    if (!s)
        return q->st->be->bind_null(q, idx);
    return q->st->be->bind_text(q, idx, s, len);
}

int rg_stmt_bind_text(rg_stmt *q, int idx, const char *s)
{
    return rg_stmt_bind_textn(q, idx, s, s ? strlen(s) : 0);
}

int rg_stmt_bind_int(rg_stmt *q, int idx, int64_t v)
{
    return q->st->be->bind_int(q, idx, v);
}

int rg_stmt_bind_null(rg_stmt *q, int idx)
{
    return q->st->be->bind_null(q, idx);
}

int rg_stmt_step(rg_stmt *q)
{
    return q->st->be->step(q);
}

void rg_stmt_reset(rg_stmt *q)
{
    q->st->be->reset(q);
}

int rg_stmt_columns(rg_stmt *q)
{
    return q->st->be->columns(q);
}

const char *rg_stmt_column_name(rg_stmt *q, int col)
{
    return q->st->be->column_name(q, col);
}

int rg_stmt_type(rg_stmt *q, int col)
{
    return q->st->be->type(q, col);
}

const char *rg_stmt_text(rg_stmt *q, int col)
{
    return q->st->be->text(q, col, NULL);
}

size_t rg_stmt_bytes(rg_stmt *q, int col)
{
    size_t n = 0;
    q->st->be->text(q, col, &n);
    return n;
}

int64_t rg_stmt_int(rg_stmt *q, int col)
{
    return q->st->be->integer(q, col);
}

void rg_stmt_finalize(rg_stmt *q)
{
    if (q)
        q->st->be->finalize(q);
}

int rg_store_exec(rg_store *st, const char *sql, rg_diag *diag)
{
    return exec(st, sql) == 0 ? 0 : rg_store_report(st, diag, "cannot run the statement");
}

void rg_store_set_hook(rg_store *st, rg_store_hook hook, void *ctx)
{
    st->hook = hook;
    st->hook_ctx = ctx;
}

/* ---- opening and migrating ---------------------------------------------- */

static int newer_error(rg_store *st, rg_diag *diag, int version)
{
    return rg_diag_error(diag, st->name, 0, 0,
                         "store was written by a newer reviewgen (schema %d, this one reads up "
                         "to %d)",
                         version, SCHEMA_VERSION);
}

/* One step of the schema, in st's dialect. */
static int run_step(rg_store *st, const migration *m)
{
    const char *parts[] = {m->both, st->be == &rg_store_pg_backend ? m->pg : m->sqlite};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        char *sql = expand(st->be, parts[i]);
        if (!sql)
            return rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
        int rc = exec(st, sql);
        rg_free(sql);
        if (rc != 0)
            return -1;
    }
    if (st->be == &rg_store_pg_backend && m->pg_fill)
        return m->pg_fill(st);
    return 0;
}

static int before_write(rg_store *st, rg_diag *diag)
{
    if (!st->existed || st->checked || !st->be->before_write)
        return 0;
    if (st->be->before_write(st, diag) != 0)
        return -1;
    st->checked = 1;
    return 0;
}

/* Brings the store from its version to `target` (SCHEMA_VERSION, or lower
 * for rg_store_create_at_version) in one transaction that holds off every
 * other migration. The version is read again under that lock: another
 * build may have migrated the store meanwhile. */
static int migrate(rg_store *st, int target, rg_diag *diag)
{
    if (before_write(st, diag) != 0)
        return -1;
    if (st->be->begin_migration(st) != 0)
        return rg_store_report(st, diag, "cannot upgrade the store");
    int version = 0;
    if (st->be->version(st, &version, diag) != 0)
        goto undo;
    if (version > SCHEMA_VERSION) { /* a newer reviewgen got there first */
        newer_error(st, diag, version);
        goto undo;
    }
    if (version < target) {
        if (version >= 1 && st->be->before_migration &&
            st->be->before_migration(st, version, diag) != 0)
            goto undo;
        for (int v = version; v < target; v++)
            if (run_step(st, &migrations[v]) != 0)
                goto fail;
        if (st->be->set_version(st, target) != 0)
            goto fail;
    }
    if (exec(st, "COMMIT") == 0)
        return 0;
fail:
    if (st->be == &rg_store_pg_backend &&
        (strstr(st->err, "must be owner") || strstr(st->err, "permission denied"))) {
        /* the least-privilege role of README "One store for a team" */
        rg_diag_error(diag, st->name, 0, 0,
                      "cannot upgrade the store: %s; the owner of its tables can ('reviewgen "
                      "store migrate')",
                      st->err);
        goto undo;
    }
    rg_store_report(st, diag, "cannot upgrade the store");
undo:
    if (st->be->in_transaction(st))
        exec(st, "ROLLBACK");
    return -1;
}

static rg_store *store_new(const char *target, rg_diag *diag)
{
    rg_store *st = rg_calloc(1, sizeof(*st));
    if (st) {
        st->be = rg_store_kind_of(target) == RG_STORE_PG ? &rg_store_pg_backend
                                                         : &rg_store_sqlite_backend;
        st->target = rg_strdup(target);
        st->name = rg_store_redact(target);
        st->busy_timeout_s = busy_timeout_s;
    }
    if (!st || !st->target || !st->name) {
        /* the name may be all there is to print, and it must not be the target */
        rg_diag_error(diag, st && st->name ? st->name : "reviewgen", 0, 0,
                      "out of memory opening the store");
        if (st) {
            rg_free(st->target);
            rg_free(st->name);
        }
        rg_free(st);
        return NULL;
    }
    return st;
}

static rg_store *open_store(const char *target, int must_exist, rg_diag *diag)
{
    rg_store *st = store_new(target, diag);
    if (!st)
        return NULL;
    int version = 0;
    if (st->be->connect(st, must_exist, diag) != 0 || st->be->version(st, &version, diag) != 0)
        goto fail;
    if (version > SCHEMA_VERSION) {
        newer_error(st, diag, version);
        goto fail;
    }
    st->existed = version > 0;
    st->found = version;
    if (version < SCHEMA_VERSION && migrate(st, SCHEMA_VERSION, diag) != 0)
        goto fail;
    if (st->be->after_open)
        st->be->after_open(st);
    return st;
fail:
    rg_store_close(st);
    return NULL;
}

rg_store *rg_store_open(const char *target, rg_diag *diag)
{
    return open_store(target, 0, diag);
}

rg_store *rg_store_open_existing(const char *target, rg_diag *diag)
{
    return open_store(target, 1, diag);
}

static void clear_ops(rg_store *st)
{
    for (size_t i = 0; i < st->n_ops; i++)
        json_decref(st->ops[i].payload);
    st->n_ops = 0;
}

void rg_store_close(rg_store *st)
{
    if (!st)
        return;
    if (st->conn)
        st->be->disconnect(st);
    clear_ops(st);
    rg_free(st->ops);
    rg_free(st->target);
    rg_free(st->name);
    rg_free(st);
}

int rg_store_create_at_version(const char *target, int version, rg_diag *diag)
{
    rg_store *st = store_new(target, diag);
    if (!st)
        return -1;
    int rc = -1, have = 0;
    if (version < 1 || version > SCHEMA_VERSION) {
        rg_diag_error(diag, st->name, 0, 0, "no store schema version %d (this one has 1 to %d)",
                      version, SCHEMA_VERSION);
        goto done;
    }
    if (st->be->connect(st, 0, diag) != 0 || st->be->version(st, &have, diag) != 0)
        goto done;
    if (have != 0) {
        rg_diag_error(diag, st->name, 0, 0,
                      "cannot create the store: it already has one (schema %d)", have);
        goto done;
    }
    rc = migrate(st, version, diag);
done:
    rg_store_close(st);
    return rc;
}

/* ---- the v2 columns in C (PostgreSQL's step 1 -> 2) --------------------- */

/* ASCII case-insensitive strstr, as SQL's LIKE in the 1 -> 2 migration. */
static int contains(const char *s, const char *part)
{
    size_t n = strlen(part);
    for (; *s; s++)
        if (strncasecmp(s, part, n) == 0)
            return 1;
    return 0;
}

/* SQLite's json_extract(...) = 1: true, or the number 1. */
static int is_one(const json_t *v)
{
    return json_is_true(v) || (json_is_integer(v) && json_integer_value(v) == 1) ||
           (json_is_real(v) && json_real_value(v) == 1.0);
}

/* The detected_by of a schema-1 row, as step 1 -> 2's SQL derives it. */
static const char *v2_detected_by(const json_t *review, int has_detected)
{
    if (!review || !has_detected)
        return NULL;
    const json_t *d = json_object_get(json_object_get(review, "milestones"), "detected");
    const json_t *rule = json_object_get(d, "rule");
    const char *r = json_string_value(rule);
    if (is_one(json_object_get(d, "manual")) || (r && !strcmp(r, "manifest")))
        return "manual";
    if (r && (contains(r, "alert.firing") || contains(r, "page.triggered") ||
              contains(r, "error burst")))
        return "monitoring";
    if (r && contains(r, "chat"))
        return "people";
    return NULL;
}

static int fill_v2(rg_store *st)
{
    rg_stmt *q = st->be->prepare(st, "SELECT id, detected IS NOT NULL, review_json FROM incidents"
                                     " ORDER BY id");
    rg_stmt *u = q ? st->be->prepare(st, "UPDATE incidents SET exclude_from_trends = ?2,"
                                         " detected_by = ?3 WHERE id = ?1")
                   : NULL;
    int rc = q && u ? 0 : -1, r;
    while (rc == 0 && (r = rg_stmt_step(q)) == RG_ROW) {
        json_t *review = json_loads(rg_stmt_text(q, 2), JSON_DECODE_ANY, NULL);
        const json_t *ex =
            json_object_get(json_object_get(review, "incident"), "exclude_from_trends");
        if (rg_stmt_bind_text(u, 1, rg_stmt_text(q, 0)) != 0 ||
            rg_stmt_bind_int(u, 2, is_one(ex)) != 0 ||
            rg_stmt_bind_text(u, 3, v2_detected_by(review, (int)rg_stmt_int(q, 1))) != 0 ||
            rg_stmt_step(u) < 0)
            rc = -1;
        rg_stmt_reset(u);
        json_decref(review);
    }
    if (rc == 0 && r < 0)
        rc = -1;
    rg_stmt_finalize(q);
    rg_stmt_finalize(u);
    return rc;
}

/* ---- saving ------------------------------------------------------------ */

/* One save: the store, where the error goes, and the incident's id. */
typedef struct save {
    rg_store *st;
    rg_diag *diag;
    const char *id;
    const char *output_token; /* or NULL (rg_store_save_output) */
    int failed;               /* a model error is already in diag: final, never retried */
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
    return rg_diag_error(s->diag, s->st->name, 0, 0,
                         "cannot save the review: %s%s%s is %s, expected %s", where,
                         *where ? "." : "", key, got ? type_name(got) : "missing", expected);
}

/* A value the back end would not take (PostgreSQL's text has no NUL
 * character): a model error too, since no retry changes it. */
static int bind_failed(save *s, const char *where, const char *key)
{
    if (s->st->fail != RG_FAIL_OTHER)
        return -1;
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->name, 0, 0, "cannot save the review: %s%s%s: %s", where,
                         *where && *key ? "." : "", key, s->st->err);
}

/* Binds obj[key] at idx: a string or NULL when absent/null. */
static int bind_text(save *s, rg_stmt *q, int idx, const json_t *obj, const char *key,
                     const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return rg_stmt_bind_null(q, idx);
    if (!json_is_string(v))
        return model_error(s, where, key, "a string or null", v);
    if (rg_stmt_bind_textn(q, idx, json_string_value(v), json_string_length(v)) != 0)
        return bind_failed(s, where, key);
    return 0;
}

static int bind_int(save *s, rg_stmt *q, int idx, const json_t *obj, const char *key,
                    const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return rg_stmt_bind_null(q, idx);
    if (!json_is_integer(v))
        return model_error(s, where, key, "an integer or null", v);
    return rg_stmt_bind_int(q, idx, json_integer_value(v));
}

static int bind_bool(save *s, rg_stmt *q, int idx, const json_t *obj, const char *key,
                     const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return rg_stmt_bind_null(q, idx);
    if (!json_is_boolean(v))
        return model_error(s, where, key, "true, false or null", v);
    return rg_stmt_bind_int(q, idx, json_is_true(v));
}

/* A flag column (NOT NULL): obj[key] as 0/1, 0 when absent or null. */
static int bind_flag(save *s, rg_stmt *q, int idx, const json_t *obj, const char *key,
                     const char *where)
{
    const json_t *v = json_object_get(obj, key);
    if (v && !json_is_null(v) && !json_is_boolean(v))
        return model_error(s, where, key, "true, false or null", v);
    return rg_stmt_bind_int(q, idx, json_is_true(v));
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

/* Runs a bound write statement to completion and resets it for the next
 * row; the hook sees it first. */
static int write_step(rg_store *st, rg_stmt *q)
{
    run_hook(st);
    int rc = rg_stmt_step(q);
    rg_stmt_reset(q);
    return rc == RG_DONE ? 0 : -1;
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
    return rg_diag_error(s->diag, s->st->name, 0, 0,
                         "cannot save the review: incident.%s is '%.100s', expected %s", key,
                         json_string_value(got), expected);
}

/* detected_by for a new save: the model's incident.detected_by when it
 * names one (an imported history row knows it), else the rule of the
 * detected milestone, as the 1 -> 2 migration derives it for old rows. */
static int bind_detected_by(save *s, rg_stmt *q, int idx, const json_t *incident,
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
    return rg_stmt_bind_text(q, idx, by);
}

static int bind_source_kind(save *s, rg_stmt *q, int idx, const json_t *incident)
{
    const char *kind = "review";
    const json_t *v = json_object_get(incident, "source_kind");
    if (v && !json_is_null(v)) {
        kind = json_string_value(v);
        if (!kind || (strcmp(kind, "review") && strcmp(kind, "history")))
            return value_error(s, "source_kind", v, "\"review\" or \"history\"");
    }
    return rg_stmt_bind_text(q, idx, kind);
}

/* "INSERT INTO t (c1, ...) VALUES (?1, ...)", and for the incidents row
 * "ON CONFLICT (id) DO UPDATE SET c2 = excluded.c2, ...": the upsert that
 * makes a second writer of the same incident wait for the first (its row
 * lock) and then replace it. Built from the column lists, so the columns
 * are said once. Caller rg_free()s; NULL when out of memory. */
static char *insert_sql(const rg_store_table *t, int upsert)
{
    rg_buf b = {0};
    int rc = rg_buf_printf(&b, "INSERT INTO %s (", t->name);
    size_t n = 0;
    for (; t->columns[n]; n++)
        rc |= rg_buf_printf(&b, "%s%s", n ? ", " : "", t->columns[n]);
    rc |= rg_buf_puts(&b, ") VALUES (");
    for (size_t i = 0; i < n; i++)
        rc |= rg_buf_printf(&b, "%s?%zu", i ? ", " : "", i + 1);
    rc |= rg_buf_puts(&b, ")");
    if (upsert) {
        rc |= rg_buf_printf(&b, " ON CONFLICT (%s) DO UPDATE SET ", t->key);
        for (size_t i = 1; i < n; i++)
            rc |= rg_buf_printf(&b, "%s%s = excluded.%s", i > 1 ? ", " : "", t->columns[i],
                                t->columns[i]);
    }
    if (rc != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static int oom_save(save *s)
{
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->name, 0, 0, "cannot save incident '%.200s': out of memory",
                         s->id);
}

/* Prepares the insert into table i (0: the incidents upsert). */
static rg_stmt *prepare_insert(save *s, size_t i)
{
    char *sql = insert_sql(&rg_store_tables[i], i == 0);
    if (!sql) {
        oom_save(s);
        return NULL;
    }
    rg_stmt *q = s->st->be->prepare(s->st, sql);
    rg_free(sql);
    return q;
}

static int save_incident(save *s, const json_t *review, const json_t *incident,
                         const char *review_json)
{
    const json_t *milestones, *durations, *comm;
    if (get_object(s, review, "milestones", "", 0, &milestones) != 0 ||
        get_object(s, review, "durations", "", 0, &durations) != 0 ||
        get_object(s, review, "communication", "", 0, &comm) != 0)
        return -1;
    rg_stmt *q = prepare_insert(s, 0);
    if (!q)
        return -1;
    int rc = -1;
    /* in incident_columns' order */
    if (bind_text(s, q, 1, incident, "id", "incident") != 0 ||
        bind_text(s, q, 2, incident, "title", "incident") != 0 ||
        bind_text(s, q, 3, incident, "severity", "incident") != 0)
        goto done;
    int idx = 4;
    for (size_t i = 0; i < N_MILESTONES; i++, idx++) {
        const json_t *m;
        char where[64];
        snprintf(where, sizeof(where), "milestones.%s", milestone_names[i]);
        if (get_object(s, milestones, milestone_names[i], "milestones", 0, &m) != 0)
            goto done;
        if (m ? bind_text(s, q, idx, m, "at", where) != 0 : rg_stmt_bind_null(q, idx) != 0)
            goto done;
    }
    for (size_t i = 0; i < N_DURATIONS; i++, idx++)
        if (bind_int(s, q, idx, durations, duration_keys[i], "durations") != 0)
            goto done;
    if (bind_int(s, q, idx++, comm, "updates", "communication") != 0 ||
        bind_int(s, q, idx++, comm, "max_gap", "communication") != 0 ||
        bind_int(s, q, idx++, comm, "policy", "communication") != 0 ||
        bind_int(s, q, idx++, comm, "gaps_over_policy", "communication") != 0 ||
        bind_bool(s, q, idx++, comm, "workaround_offered", "communication") != 0)
        goto done;
    if (rg_stmt_bind_text(q, idx++, review_json) != 0) {
        bind_failed(s, "", "review_json");
        goto done;
    }
    /* absent is false: a model from before the flag existed is a real incident */
    const json_t *ex = json_object_get(incident, "exclude_from_trends");
    if (ex && !json_is_null(ex) && !json_is_boolean(ex)) {
        model_error(s, "incident", "exclude_from_trends", "true or false", ex);
        goto done;
    }
    if (rg_stmt_bind_int(q, idx++, json_is_true(ex)) != 0 ||
        bind_detected_by(s, q, idx++, incident, milestones) != 0 ||
        bind_source_kind(s, q, idx++, incident) != 0 ||
        rg_stmt_bind_text(q, idx++, s->output_token) != 0)
        goto done;
    rc = write_step(s->st, q);
done:
    rg_stmt_finalize(q);
    return rc;
}

/* A child table's rows: one per element of obj[key] (obj is the review, or
 * the `parent` object inside it), numbered from 0 in the model's order.
 * `bind` binds parameters ?3.. of one row. */
typedef int (*bind_row)(save *s, rg_stmt *q, const json_t *item, const char *where);

static int save_rows_from(save *s, size_t table, const json_t *obj, const char *parent,
                          const char *key, bind_row bind, size_t first_seq);

static int save_rows(save *s, size_t table, const json_t *obj, const char *parent, const char *key,
                     bind_row bind)
{
    return save_rows_from(s, table, obj, parent, key, bind, 0);
}

/* Rows numbered from first_seq: two lists of the model in one table. */
static int save_rows_from(save *s, size_t table, const json_t *obj, const char *parent,
                          const char *key, bind_row bind, size_t first_seq)
{
    const json_t *list;
    if (get_array(s, obj, key, parent, &list) != 0)
        return -1;
    if (!list || json_array_size(list) == 0)
        return 0;
    rg_stmt *q = prepare_insert(s, table);
    if (!q)
        return -1;
    int rc = 0;
    size_t i;
    const json_t *item;
    json_array_foreach(list, i, item)
    {
        char where[64];
        snprintf(where, sizeof(where), "%s%s%s[%zu]", parent, *parent ? "." : "", key, i);
        if (rg_stmt_bind_text(q, 1, s->id) != 0 ||
            rg_stmt_bind_int(q, 2, (int64_t)(first_seq + i)) != 0 || bind(s, q, item, where) != 0 ||
            write_step(s->st, q) != 0) {
            rc = -1;
            break;
        }
    }
    rg_stmt_finalize(q);
    return rc;
}

static int need_object(save *s, const json_t *item, const char *where)
{
    if (json_is_object(item))
        return 0;
    s->failed = 1;
    return rg_diag_error(s->diag, s->st->name, 0, 0,
                         "cannot save the review: %s is %s, expected an object", where,
                         type_name(item));
}

static int bind_string(save *s, rg_stmt *q, const json_t *item, const char *where)
{
    if (!json_is_string(item)) {
        s->failed = 1;
        return rg_diag_error(s->diag, s->st->name, 0, 0,
                             "cannot save the review: %s is %s, expected a string", where,
                             type_name(item));
    }
    if (rg_stmt_bind_textn(q, 3, json_string_value(item), json_string_length(item)) != 0)
        return bind_failed(s, where, "");
    return 0;
}

static int bind_event(save *s, rg_stmt *q, const json_t *e, const char *where)
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
    if (bind_text(s, q, 3, e, "at", where) != 0 || bind_text(s, q, 4, e, "last", where) != 0 ||
        rg_stmt_bind_int(q, 5, count ? json_integer_value(count) : 1) != 0 ||
        bind_text(s, q, 6, e, "kind", where) != 0 || bind_text(s, q, 7, e, "type", where) != 0 ||
        bind_text(s, q, 8, e, "source", where) != 0 || bind_text(s, q, 9, e, "actor", where) != 0 ||
        bind_bool(s, q, 10, e, "human", where) != 0 || bind_text(s, q, 11, e, "text", where) != 0 ||
        bind_text(s, q, 12, e, "origin", where) != 0 ||
        bind_text(s, q, 13, e, "time_text", where) != 0 ||
        bind_text(s, q, 14, e, "milestone", where) != 0 ||
        bind_flag(s, q, 15, e, "manual", where) != 0)
        return -1;
    return 0;
}

/* The origin of the first chat line that raised or matched an item. */
static int bind_raised_in(save *s, rg_stmt *q, int idx, const json_t *a, const char *where)
{
    const json_t *list = json_object_get(a, "raised_in_chat");
    if (list && !json_is_null(list) && !json_is_array(list))
        return model_error(s, where, "raised_in_chat", "an array", list);
    const json_t *first = json_array_get(list, 0);
    if (!first)
        return rg_stmt_bind_null(q, idx);
    return bind_text(s, q, idx, first, "origin", where);
}

static int bind_finding(save *s, rg_stmt *q, const json_t *f, const char *where)
{
    if (need_object(s, f, where) != 0 || bind_text(s, q, 3, f, "code", where) != 0 ||
        bind_text(s, q, 4, f, "text", where) != 0 || bind_text(s, q, 5, f, "origin", where) != 0)
        return -1;
    return 0;
}

static int bind_action_common(save *s, rg_stmt *q, const json_t *a, const char *where)
{
    /* in action_columns' order */
    static const char *const keys[] = {"title",  "owner",  "due",    "priority", "kind",
                                       "ticket", "status", "origin", "raised_by"};
    if (need_object(s, a, where) != 0)
        return -1;
    for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
        if (bind_text(s, q, 3 + i, a, keys[i], where) != 0)
            return -1;
    return 0;
}

/* An item of "action_items": counted (suggested = 0). */
static int bind_action_item(save *s, rg_stmt *q, const json_t *a, const char *where)
{
    if (bind_action_common(s, q, a, where) != 0 || rg_stmt_bind_int(q, 12, 0) != 0 ||
        bind_raised_in(s, q, 13, a, where) != 0)
        return -1;
    const json_t *src = json_object_get(a, "source");
    if (src && !json_is_null(src))
        return bind_text(s, q, 14, a, "source", where);
    return rg_stmt_bind_text(q, 14, "manifest");
}

/* A chat line of "suggestions": listed apart, never counted. */
static int bind_suggestion(save *s, rg_stmt *q, const json_t *a, const char *where)
{
    if (bind_action_common(s, q, a, where) != 0 || rg_stmt_bind_int(q, 12, 1) != 0 ||
        bind_text(s, q, 13, a, "origin", where) != 0 || rg_stmt_bind_text(q, 14, "chat") != 0)
        return -1;
    return 0;
}

static int bind_responder(save *s, rg_stmt *q, const json_t *r, const char *where)
{
    if (need_object(s, r, where) != 0 || bind_text(s, q, 3, r, "name", where) != 0 ||
        bind_text(s, q, 4, r, "role", where) != 0 ||
        bind_text(s, q, 5, r, "first_at", where) != 0 ||
        bind_text(s, q, 6, r, "first_origin", where) != 0)
        return -1;
    return 0;
}

/* Deletes the incident's rows from every child table: its new rows replace
 * them, and rows the new build no longer has (an event gone from a source)
 * go. */
static int delete_children(rg_store *st, const char *id)
{
    for (size_t i = 1; i < rg_n_store_tables; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE %s = ?1", rg_store_tables[i].name,
                 rg_store_tables[i].key);
        rg_stmt *q = st->be->prepare(st, sql);
        int rc = q ? rg_stmt_bind_text(q, 1, id) : -1;
        if (rc == 0)
            rc = write_step(st, q);
        rg_stmt_finalize(q);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int save_children(save *s, const json_t *review, const json_t *incident)
{
    const json_t *items;
    if (save_rows(s, 1, incident, "incident", "services", bind_string) != 0 ||
        save_rows(s, 2, review, "", "timeline", bind_event) != 0 ||
        save_rows(s, 3, review, "", "findings", bind_finding) != 0 ||
        get_array(s, review, "action_items", "", &items) != 0 ||
        save_rows(s, 4, review, "", "action_items", bind_action_item) != 0 ||
        save_rows_from(s, 4, review, "", "suggestions", bind_suggestion, json_array_size(items)) !=
            0 ||
        save_rows(s, 5, review, "", "responders", bind_responder) != 0 ||
        save_rows(s, 6, review, "", "contributing_factors", bind_string) != 0)
        return -1;
    return 0;
}

/* The statements of one save, inside a transaction or savepoint: the
 * incidents upsert first (it takes the incident's row, so a second writer
 * of it waits here), then the old child rows out and the new ones in. */
static int save_body(save *s, const json_t *review, const json_t *incident, const char *review_json)
{
    if (save_incident(s, review, incident, review_json) != 0 ||
        delete_children(s->st, s->id) != 0 || save_children(s, review, incident) != 0)
        return -1;
    return 0;
}

/* The checks made before any statement runs; fills s->id. */
static int check_model(save *s, const json_t *review, const json_t **incident)
{
    if (!json_is_object(review))
        return rg_diag_error(s->diag, s->st->name, 0, 0,
                             "cannot save the review: it is %s, expected an object",
                             review ? type_name(review) : "missing");
    if (get_object(s, review, "incident", "", 1, incident) != 0)
        return -1;
    const json_t *id = json_object_get(*incident, "id");
    if (!json_is_string(id) || json_string_length(id) == 0 ||
        strlen(json_string_value(id)) != json_string_length(id))
        return model_error(s, "incident", "id", "a non-empty string", id);
    s->id = json_string_value(id);
    return 0;
}

static void free_json_text(char *text)
{
    json_free_t free_fn = NULL;
    json_get_alloc_funcs(NULL, &free_fn);
    free_fn(text);
}

/* ---- transactions, and running them again ------------------------------ */

/* Opens a write transaction of ours (the hook counts from its BEGIN). */
static int begin_write(rg_store *st)
{
    st->in_write = 1;
    st->n_statements = 0;
    run_hook(st);
    if (exec(st, st->be->begin_write) != 0) {
        st->in_write = 0;
        return -1;
    }
    return 0;
}

static int commit_write(rg_store *st)
{
    run_hook(st);
    int rc = exec(st, "COMMIT");
    if (rc == 0)
        st->in_write = 0;
    return rc;
}

/* Ends whatever transaction is open, keeping st->fail and st->err (the
 * failure being reported, not the rollback's). */
static void rollback_write(rg_store *st)
{
    rg_store_fail fail = st->fail;
    char err[sizeof(st->err)];
    memcpy(err, st->err, sizeof(err));
    if (fail != RG_FAIL_LOST && st->be->in_transaction(st))
        exec(st, "ROLLBACK");
    st->in_write = 0;
    st->fail = fail;
    memcpy(st->err, err, sizeof(err));
}

/* 1 when a failed attempt may run again: a serialization failure, a
 * deadlock or a lost connection, on a back end that can, attempts left. */
static int may_retry(rg_store *st, int attempt)
{
    return st->be->can_reconnect && attempt < RG_STORE_ATTEMPTS &&
           !(st->writing && st->no_replay) &&
           (st->fail == RG_FAIL_RETRY || st->fail == RG_FAIL_LOST);
}

/* Waits before attempt n+1: 0.1 s, 0.2 s, 0.4 s, ... with a jitter, so two
 * writers that collided do not collide again in step. */
static void backoff(int attempt)
{
    static unsigned seed;
    if (!seed)
        seed = (unsigned)getpid() ^ (unsigned)time(NULL);
    seed = seed * 1103515245u + 12345u;
    long ms = 100L << (attempt - 1 < 4 ? attempt - 1 : 4);
    ms += (long)((seed >> 16) % (unsigned)(ms / 2 + 1));
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Makes the connection ready for a new attempt: a new one when it was
 * lost, else the failed transaction ended. */
static int ready_again(rg_store *st)
{
    if (st->fail == RG_FAIL_LOST)
        return st->be->reconnect(st);
    if (st->be->in_transaction(st))
        exec(st, "ROLLBACK");
    return 0;
}

/* One save inside the open transaction, as its own savepoint. */
static int save_savepoint(save *s, const json_t *review, const json_t *incident,
                          const char *review_json)
{
    rg_store *st = s->st;
    run_hook(st);
    if (exec(st, "SAVEPOINT rg_save") != 0)
        return -1;
    if (save_body(s, review, incident, review_json) == 0) {
        run_hook(st);
        if (exec(st, "RELEASE rg_save") == 0)
            return 0;
    }
    if (st->fail != RG_FAIL_LOST && st->fail != RG_FAIL_RETRY) {
        /* the transaction goes on without this save */
        rg_store_fail fail = st->fail;
        char err[sizeof(st->err)];
        memcpy(err, st->err, sizeof(err));
        exec(st, "ROLLBACK TO rg_save");
        exec(st, "RELEASE rg_save");
        st->fail = fail;
        memcpy(st->err, err, sizeof(err));
    }
    return -1;
}

/* Runs a remembered save again (a replay): the payload is the model saved
 * before, or [model, output token] (rg_store_save_output). */
static int replay_save(rg_store *st, const json_t *payload)
{
    rg_diag scratch;
    rg_diag_init(&scratch);
    const json_t *review = json_is_array(payload) ? json_array_get(payload, 0) : payload;
    save s = {st, &scratch, NULL, json_string_value(json_array_get(payload, 1)), 0};
    const json_t *incident;
    char *review_json = NULL;
    int rc = -1;
    if (check_model(&s, review, &incident) == 0 &&
        (review_json = json_dumps(review, JSON_COMPACT | JSON_ENCODE_ANY)) != NULL)
        rc = save_savepoint(&s, review, incident, review_json);
    if (!review_json)
        rg_store_fail_set(st, RG_FAIL_OTHER, "out of memory");
    else
        free_json_text(review_json);
    rg_diag_free(&scratch);
    return rc;
}

/* After a lost or aborted transaction: a new one with every save it had,
 * so the caller's transaction goes on as if nothing happened. */
static int replay(rg_store *st)
{
    if (ready_again(st) != 0 || begin_write(st) != 0)
        return -1;
    for (size_t i = 0; i < st->n_ops; i++)
        if (st->ops[i].run(st, st->ops[i].payload) != 0)
            return -1;
    st->poisoned = 0;
    return 0;
}

/* Remembers a write that succeeded in the caller's transaction, to run it
 * again should the transaction be lost (only on a back end that can lose
 * it). A new kind of write in a transaction (what publishing may add
 * beside a save) is a function like replay_save that runs it as a
 * savepoint, and a call of this after it succeeds. 0, or -1 when out of
 * memory. */
static int remember(rg_store *st, int (*run)(rg_store *st, const json_t *payload),
                    const json_t *payload)
{
    if (!st->writing || !st->be->can_reconnect)
        return 0;
    json_t *copy = json_deep_copy(payload);
    if (copy && st->n_ops == st->cap_ops) {
        size_t cap = st->cap_ops ? st->cap_ops * 2 : 16;
        rg_store_op *ops = rg_realloc(st->ops, cap * sizeof(*ops));
        if (ops) {
            st->ops = ops;
            st->cap_ops = cap;
        }
    }
    if (!copy || st->n_ops == st->cap_ops) {
        json_decref(copy);
        return -1;
    }
    st->ops[st->n_ops].run = run;
    st->ops[st->n_ops++].payload = copy;
    return 0;
}

/* The error of a write that failed after `attempts` tries. */
static int write_error(rg_store *st, rg_diag *diag, const char *doing, int attempts)
{
    if (attempts <= 1 || st->fail == RG_FAIL_BUSY)
        return rg_store_report(st, diag, doing);
    return rg_diag_error(diag, st->name, 0, 0, "%s: %s (tried %d times)", doing, st->err, attempts);
}

int rg_store_save(rg_store *st, const json_t *review, rg_diag *diag)
{
    return rg_store_save_output(st, review, NULL, NULL, diag);
}

int rg_store_save_output(rg_store *st, const json_t *review, const char *given_json,
                         const char *output_token, rg_diag *diag)
{
    save s = {st, diag, NULL, output_token, 0};
    const json_t *incident;
    if (check_model(&s, review, &incident) != 0)
        return -1;
    /* The stored copy of the model: compact, keys in the model's order, so
     * the same review gives the same bytes. */
    char *own_json = given_json ? NULL : json_dumps(review, JSON_COMPACT | JSON_ENCODE_ANY);
    const char *review_json = given_json ? given_json : own_json;
    if (!review_json)
        return oom_save(&s);
    char doing[300];
    snprintf(doing, sizeof(doing), "cannot save incident '%.200s'", s.id);
    int rc = -1, attempt;
    if (!st->writing && before_write(st, diag) != 0)
        goto out;
    for (attempt = 1;; attempt++) {
        if (st->writing) {
            if ((!st->poisoned || replay(st) == 0) &&
                save_savepoint(&s, review, incident, review_json) == 0) {
                rc = 0;
                break;
            }
            if (!s.failed && may_retry(st, attempt)) {
                st->poisoned = 1;
                backoff(attempt);
                continue;
            }
        } else {
            if ((attempt == 1 || ready_again(st) == 0) && begin_write(st) == 0) {
                if (save_body(&s, review, incident, review_json) == 0 && commit_write(st) == 0) {
                    rc = 0;
                    break;
                }
                rollback_write(st);
            }
            if (!s.failed && may_retry(st, attempt)) {
                backoff(attempt);
                continue;
            }
        }
        if (!s.failed)
            write_error(st, diag, doing, attempt);
        break;
    }
    if (rc == 0 && output_token) {
        json_t *pair = json_pack("[Os]", (json_t *)review, output_token);
        if (!pair || remember(st, replay_save, pair) != 0)
            rc = oom_save(&s);
        json_decref(pair);
    } else if (rc == 0 && remember(st, replay_save, review) != 0) {
        rc = oom_save(&s);
    }
out:
    if (own_json)
        free_json_text(own_json);
    return rc;
}

int rg_store_has_output(rg_store *st, const char *id, const char *output_token, rg_diag *diag)
{
    rg_stmt *q = rg_store_prepare(
        st, "SELECT count(*) FROM incidents WHERE id = ?1 AND output_token = ?2", diag);
    if (!q)
        return -1;
    int found = -1;
    if (rg_stmt_bind_text(q, 1, id) == 0 && rg_stmt_bind_text(q, 2, output_token) == 0 &&
        rg_stmt_step(q) == RG_ROW)
        found = rg_stmt_int(q, 0) > 0;
    rg_stmt_finalize(q);
    if (found < 0)
        rg_store_report(st, diag, "cannot read the store");
    return found;
}

int rg_store_begin(rg_store *st, rg_diag *diag)
{
    if (before_write(st, diag) != 0)
        return -1;
    clear_ops(st);
    st->poisoned = 0;
    for (int attempt = 1;; attempt++) {
        if ((attempt == 1 || ready_again(st) == 0) && begin_write(st) == 0) {
            st->writing = 1;
            return 0;
        }
        if (!may_retry(st, attempt))
            return write_error(st, diag, "cannot start a transaction", attempt);
        backoff(attempt);
    }
}

int rg_store_commit(rg_store *st, rg_diag *diag)
{
    int rc = -1;
    for (int attempt = 1;; attempt++) {
        /* a commit whose connection was lost may or may not have happened:
         * running the transaction again is right either way, since every
         * save replaces its incident */
        if ((!st->poisoned || replay(st) == 0) && commit_write(st) == 0) {
            rc = 0;
            break;
        }
        if (may_retry(st, attempt)) {
            st->poisoned = 1;
            backoff(attempt);
            continue;
        }
        write_error(st, diag, "cannot commit", attempt);
        rollback_write(st);
        break;
    }
    st->writing = 0;
    st->poisoned = 0;
    st->no_replay = 0;
    clear_ops(st);
    return rc;
}

void rg_store_rollback(rg_store *st)
{
    if (st->fail != RG_FAIL_LOST && st->be->in_transaction(st))
        exec(st, "ROLLBACK");
    st->in_write = 0;
    st->writing = 0;
    st->poisoned = 0;
    st->no_replay = 0;
    clear_ops(st);
}

int rg_store_read_begin(rg_store *st, rg_diag *diag)
{
    if (exec(st, st->be->begin_read) != 0)
        return rg_store_report(st, diag, "cannot read the store");
    return 0;
}

void rg_store_read_end(rg_store *st)
{
    if (st->be->in_transaction(st))
        exec(st, "COMMIT");
}

/* ---- copying ------------------------------------------------------------ */

/* Copies one incident's rows of every table from `from` into `to`'s open
 * transaction, replacing what `to` had of it. */
static int copy_incident(rg_store *from, rg_store *to, const char *id, int *to_failed)
{
    for (size_t t = 0; t < rg_n_store_tables; t++) {
        const rg_store_table *tb = &rg_store_tables[t];
        rg_buf sql = {0};
        size_t n = 0;
        int rc = rg_buf_puts(&sql, "SELECT ");
        for (; tb->columns[n]; n++)
            rc |= rg_buf_printf(&sql, "%s%s", n ? ", " : "", tb->columns[n]);
        rc |= rg_buf_printf(&sql, " FROM %s WHERE %s = ?1%s", tb->name, tb->key,
                            t ? " ORDER BY seq" : "");
        char *ins = rc == 0 ? insert_sql(tb, t == 0) : NULL;
        rg_stmt *q = ins ? from->be->prepare(from, sql.data) : NULL;
        rg_stmt *w = q ? to->be->prepare(to, ins) : NULL;
        rg_buf_free(&sql);
        rg_free(ins);
        if (!q)
            rc = -1;
        else if (!w)
            rc = -1, *to_failed = 1;
        if (rc == 0)
            rc = rg_stmt_bind_text(q, 1, id);
        int r = RG_DONE;
        while (rc == 0 && (r = rg_stmt_step(q)) == RG_ROW) {
            for (size_t c = 0; rc == 0 && c < n; c++) {
                switch (rg_stmt_type(q, (int)c)) {
                case RG_VALUE_NULL:
                    rc = rg_stmt_bind_null(w, (int)c + 1);
                    break;
                case RG_VALUE_INT:
                    rc = rg_stmt_bind_int(w, (int)c + 1, rg_stmt_int(q, (int)c));
                    break;
                default:
                    rc = rg_stmt_bind_textn(w, (int)c + 1, rg_stmt_text(q, (int)c),
                                            rg_stmt_bytes(q, (int)c));
                }
            }
            if (rc == 0)
                rc = write_step(to, w);
            if (rc != 0)
                *to_failed = 1;
        }
        if (rc == 0 && r < 0)
            rc = -1;
        rg_stmt_finalize(q);
        rg_stmt_finalize(w);
        if (rc != 0)
            return -1;
        if (t == 0 && delete_children(to, id) != 0) {
            *to_failed = 1;
            return -1;
        }
    }
    return 0;
}

int rg_store_copy(rg_store *from, rg_store *to, rg_store_copy_result *res, int *to_failed,
                  rg_diag *diag)
{
    memset(res, 0, sizeof(*res));
    *to_failed = 0;
    char **ids = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;
    if (rg_store_read_begin(from, diag) != 0)
        return -1;
    rg_stmt *q = rg_store_prepare(from, "SELECT id FROM incidents ORDER BY id", diag);
    int r = q ? RG_DONE : -1;
    while (q && (r = rg_stmt_step(q)) == RG_ROW) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **l = rg_realloc(ids, ncap * sizeof(*l));
            if (!l)
                break;
            ids = l;
            cap = ncap;
        }
        if (!(ids[n] = rg_strdup(rg_stmt_text(q, 0))))
            break;
        n++;
    }
    rg_stmt_finalize(q);
    if (!q)
        goto done;
    if (r < 0) {
        rg_store_report(from, diag, "cannot read the store");
        goto done;
    }
    if (r == RG_ROW) {
        rg_diag_error(diag, from->name, 0, 0, "out of memory reading the store");
        goto done;
    }
    /* One transaction of `to`. It is not remembered for a replay (it holds
     * no models): a lost connection ends the copy, which is run again as a
     * whole, changing nothing that was already copied. */
    if (rg_store_begin(to, diag) != 0) {
        *to_failed = 1;
        goto done;
    }
    to->no_replay = 1;
    for (size_t i = 0; i < n; i++) {
        if (copy_incident(from, to, ids[i], to_failed) != 0) {
            rg_store *bad = *to_failed ? to : from;
            char doing[300];
            snprintf(doing, sizeof(doing), "cannot copy incident '%.200s'", ids[i]);
            rg_store_report(bad, diag, doing);
            rg_store_rollback(to);
            goto done;
        }
        res->incidents++;
    }
    if (rg_store_commit(to, diag) != 0) {
        *to_failed = 1;
        goto done;
    }
    rc = 0;
done:
    rg_store_read_end(from);
    for (size_t i = 0; i < n; i++)
        rg_free(ids[i]);
    rg_free(ids);
    if (rc != 0)
        res->incidents = 0;
    return rc;
}

/* ---- checking ----------------------------------------------------------- */

static int count_rows(rg_store *st, const char *sql, size_t *out, rg_diag *diag)
{
    rg_stmt *q = rg_store_prepare(st, sql, diag);
    if (!q)
        return -1;
    int r = rg_stmt_step(q);
    if (r == RG_ROW)
        *out = (size_t)rg_stmt_int(q, 0);
    rg_stmt_finalize(q);
    return r == RG_ROW ? 0 : rg_store_report(st, diag, "cannot read the store");
}

/* One line of the check's report. 0, or -1 when out of memory. */
static int problem(rg_buf *report, size_t *problems, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int problem(rg_buf *report, size_t *problems, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    (*problems)++;
    return rg_buf_puts(report, line) != 0 || rg_buf_putc(report, '\n') != 0 ? -1 : 0;
}

int rg_store_check(rg_store *st, rg_store_check_result *res, rg_diag *diag)
{
    memset(res, 0, sizeof(*res));
    rg_buf report = {0};
    int rc = -1;
    res->what = st->be->integrity ? st->be->integrity_name : "the rows";
    if (st->be->version(st, &res->version, diag) != 0)
        return -1;
    if (rg_store_read_begin(st, diag) != 0)
        return -1;
    if (st->be->integrity && st->be->integrity(st, &report, &res->problems, diag) != 0)
        goto done;
    if (count_rows(st, "SELECT count(*) FROM incidents", &res->incidents, diag) != 0 ||
        count_rows(st, "SELECT count(*) FROM events", &res->events, diag) != 0)
        goto done;
    /* rows whose incident is gone (foreign keys were off when they were
     * written, or a copy went wrong) */
    for (size_t t = 1; t < rg_n_store_tables; t++) {
        char sql[256];
        size_t orphans = 0;
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM %s c WHERE NOT EXISTS (SELECT 1 FROM incidents i"
                 " WHERE i.id = c.incident_id)",
                 rg_store_tables[t].name);
        if (count_rows(st, sql, &orphans, diag) != 0)
            goto done;
        if (orphans && problem(&report, &res->problems, "%s: %zu rows belong to no incident",
                               rg_store_tables[t].name, orphans) != 0)
            goto oom;
    }
    /* every stored model reads back, and is the model of its own row */
    rg_stmt *q = rg_store_prepare(st, "SELECT id, review_json FROM incidents ORDER BY id", diag);
    if (!q)
        goto done;
    int r;
    while ((r = rg_stmt_step(q)) == RG_ROW) {
        const char *id = rg_stmt_text(q, 0);
        json_t *m = json_loadb(rg_stmt_text(q, 1), rg_stmt_bytes(q, 1), 0, NULL);
        const char *mid = json_string_value(json_object_get(json_object_get(m, "incident"), "id"));
        int bad = !json_is_object(m) ? 1 : (!mid || strcmp(mid, id)) ? 2 : 0;
        json_decref(m);
        if (bad && problem(&report, &res->problems, "incident '%.200s': review_json is %s", id,
                           bad == 1 ? "not a JSON object" : "another incident's model") != 0) {
            rg_stmt_finalize(q);
            goto oom;
        }
    }
    rg_stmt_finalize(q);
    if (r < 0) {
        rg_store_report(st, diag, "cannot read the store");
        goto done;
    }
    res->report = report.data ? report.data : rg_strdup("");
    if (!res->report)
        goto oom;
    report.data = NULL;
    rc = 0;
    goto done;
oom:
    rg_diag_error(diag, st->name, 0, 0, "out of memory checking the store");
done:
    rg_store_read_end(st);
    rg_buf_free(&report);
    return rc;
}
