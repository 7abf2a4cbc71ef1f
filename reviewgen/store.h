/* store.h -- the store of every incident built: one interface, two back ends
 * (README, "Across incidents" and "One store for a team"). A store is a
 * SQLite file (store_sqlite.c: the default, `reviews.db`) or a PostgreSQL
 * database (store_pg.c), named by the same --db value; store.c holds what
 * both share: the schema and its migrations (defined once, with the few
 * dialect differences named there), saving a review model, copying and
 * checking a store. Both give the same rows and the same query results. */
#ifndef RG_STORE_H
#define RG_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Schema 1 (store.c holds the SQL and the migrations): incidents (one row per
 * incident id: title, severity, the eight milestone instants as RFC 3339
 * text, the eight durations in seconds, the communication figures and the
 * whole review.json), and per incident, numbered in the model's order:
 * incident_services, events (the full timeline), findings, action_items,
 * responders, contributing_factors; each child row goes with its incident
 * (ON DELETE CASCADE).
 * Schema 2 adds to incidents what the trend report reads: exclude_from_trends
 * (0/1, from incident.exclude_from_trends), detected_by ('monitoring' when
 * the detected milestone came from an alert.firing, a page.triggered or an
 * error burst, 'people' from a chat message, 'manual' from the manifest, NULL
 * without one; a model's incident.detected_by, when present, wins) and
 * source_kind ('review', or 'history' for past incidents imported from a
 * list: incident.source_kind), and an index on coalesce(started, detected).
 * A schema-1 store is upgraded in place, its new columns filled in from each
 * row's review_json.
 * Schema 3 adds incidents.output_token: the token of the output set the
 * incident's last save went with (rg_store_save_output), NULL without one.
 * Schema 4 (the review as a working document): events.manual (1: added by
 * hand, "events" in incident.json); action_items.suggested (1: a chat line
 * that matches none of the lead's items, from the model's "suggestions",
 * numbered after its "action_items"; never counted, RG_ACTION_COUNTED_SQL),
 * action_items.raised_in (the origin of the chat line that raised or matched
 * the item) and action_items.source ('manifest', 'draft' or 'chat'). Rows of
 * schema 3 with raised_by set become suggestions.
 *
 * The version is PRAGMA user_version in a SQLite file (with PRAGMA
 * application_id "RVGN" marking a reviewgen store) and the one row of the
 * table reviewgen_schema in PostgreSQL; the numbers and the steps are the
 * same in both. */
typedef struct rg_store rg_store;

typedef enum rg_store_kind { RG_STORE_SQLITE, RG_STORE_PG } rg_store_kind;

/* Which back end a --db value names: PostgreSQL for a libpq URI
 * ("postgresql://..." or "postgres://...") or a libpq keyword/value
 * connection string ("service=reviews", "host=db dbname=reviews ..."), which
 * libpq must accept as one; anything else is a SQLite file path (write
 * "./a=b.db" for a file whose name holds '='). */
rg_store_kind rg_store_kind_of(const char *target);

/* The --db value as it may be printed: a SQLite path as given; a connection
 * string without its password (a URI's "user:secret@" becomes "user@" and a
 * password parameter is left out). Caller frees with rg_free(); NULL when
 * out of memory. */
char *rg_store_redact(const char *target);

/* Seconds a store wait for another writer before giving up with "the store
 * is busy: ...". Default 30 (RG_STORE_BUSY_TIMEOUT_DEFAULT).
 * Process-wide: applies to the stores opened afterwards (the CLI sets it
 * from --busy-timeout or REVIEWGEN_BUSY_TIMEOUT). */
#define RG_STORE_BUSY_TIMEOUT_DEFAULT 30
void rg_store_set_busy_timeout(int seconds);
int rg_store_busy_timeout(void);

/* Opens the store `target` (a SQLite path, created when absent, or a
 * PostgreSQL connection string) and brings its schema up to date with
 * forward migrations. Before a SQLite store is migrated it is copied to
 * "<path>.schema-<N>.bak" (N: its version); a failed migration leaves it as
 * it was. A store from a newer reviewgen is refused without writing; a file
 * or database that is not a store, a server that cannot be reached, or a
 * store held by another writer for the whole busy timeout is an error
 * "<target>: message" (the target redacted). A SQLite store is switched to
 * WAL journal mode, so readers never block a build. Caller closes with
 * rg_store_close(). Returns NULL on error. */
rg_store *rg_store_open(const char *target, rg_diag *diag);
/* As rg_store_open, but a store that does not exist yet (no SQLite file, no
 * reviewgen tables in the database) is an error "<target>: no store here"
 * instead of being created: what the reporting commands and the source of
 * `store copy` use. */
rg_store *rg_store_open_existing(const char *target, rg_diag *diag);
void rg_store_close(rg_store *st);

/* Borrowed: the target as it may be printed (rg_store_redact), valid while
 * st is open. */
const char *rg_store_name(const rg_store *st);
rg_store_kind rg_store_kind_get(const rg_store *st);
/* The schema version the store had when this open found it (0: there was
 * no store, this open created it); it is rg_store_schema_version() now. */
int rg_store_found_version(const rg_store *st);

/* ---- writing ---------------------------------------------------------
 *
 * Every write is begin, save(s), commit, in one transaction:
 *   rg_store_begin(st)   -- a write transaction (SQLite: BEGIN IMMEDIATE,
 *                           the one writer at a time; PostgreSQL: BEGIN)
 *   rg_store_save(st, m) -- any number; each its own savepoint
 *   rg_store_commit(st)  -- all of them visible at once, or none
 * rg_store_save outside rg_store_begin is the three in one.
 *
 * Before the first write to a SQLite store that existed before this open,
 * PRAGMA quick_check runs: a damaged store is refused ("the store is
 * damaged ...") and left as it was. On PostgreSQL, a transaction that fails
 * with a serialization failure or a deadlock, or whose connection is lost,
 * is run again from its beginning on a new connection (every save of it,
 * which rg_store_save remembers), up to RG_STORE_ATTEMPTS times in all; then
 * the error says how often it was tried. */
#define RG_STORE_ATTEMPTS 5

/* Replaces everything stored for review["incident"]["id"] with this review
 * model (the review.json object): the incident with its milestones and
 * durations, its events (the full timeline), findings, action items,
 * responders and contributing factors. Two saves of one incident at once
 * (two processes) end with one of them whole, never a mix. On error nothing
 * changes (inside rg_store_begin, nothing of this save). Returns 0 or -1. */
int rg_store_save(rg_store *st, const json_t *review, rg_diag *diag);

/* rg_store_save, also writing output_token (16 hex digits from publish.c;
 * NULL: none) into the incident's row in the same transaction: a later run
 * asks rg_store_has_output() whether this save committed, to finish or undo
 * the outputs that went with it (README, "Outputs and the store change
 * together"). review_json (borrowed; NULL: made here) is the stored copy of
 * the model, exactly json_dumps(review, JSON_COMPACT | JSON_ENCODE_ANY): the
 * build has the indented review.json already and squeezes it
 * (rg_json_squeeze) rather than have the tree walked a second time. */
int rg_store_save_output(rg_store *st, const json_t *review, const char *review_json,
                         const char *output_token, rg_diag *diag);
/* 1 when incident `id`'s row carries output_token (its save committed), 0
 * when it does not (or there is no such incident), -1 with "<store>:
 * message" in diag when the store cannot be read. */
int rg_store_has_output(rg_store *st, const char *id, const char *output_token, rg_diag *diag);

/* One transaction around several saves (import-history, store copy, a
 * build's save with what publishing adds): nothing is visible until
 * rg_store_commit. Each returns 0 or -1 with "<target>: message" in diag;
 * rg_store_rollback undoes everything since rg_store_begin (a no-op when
 * none is open). */
int rg_store_begin(rg_store *st, rg_diag *diag);
int rg_store_commit(rg_store *st, rg_diag *diag);
void rg_store_rollback(rg_store *st);

/* ---- reading ---------------------------------------------------------
 *
 * The modules that read the store (trend, listing, history) use prepared
 * statements through this interface only, so both back ends answer alike.
 * SQL is the portable subset both engines share, with parameters written
 * ?1, ?2, ... (PostgreSQL's $1 is made from them; no other text is
 * changed). Values bound are never spliced into the SQL. Text compares and
 * sorts byte by byte (code point order) in both: PostgreSQL's text columns
 * are COLLATE "C". A boolean result (x IS NULL, EXISTS) reads as 0 or 1. */
typedef struct rg_stmt rg_stmt;

/* Returns a statement, or NULL with "<target>: cannot read the store:
 * message" in diag. Finalize with rg_stmt_finalize(). */
rg_stmt *rg_store_prepare(rg_store *st, const char *sql, rg_diag *diag);
/* Parameters count from 1; text is copied (s NULL binds NULL). 0 or -1. */
int rg_stmt_bind_text(rg_stmt *q, int idx, const char *s);
int rg_stmt_bind_textn(rg_stmt *q, int idx, const char *s, size_t len);
int rg_stmt_bind_int(rg_stmt *q, int idx, int64_t v);
int rg_stmt_bind_null(rg_stmt *q, int idx);
/* Runs the statement (the first call) or moves to its next row: RG_ROW (a
 * row is there), RG_DONE, or -1 with the reason in rg_store_errmsg(). */
enum { RG_DONE = 0, RG_ROW = 1 };
int rg_stmt_step(rg_stmt *q);
/* Ends the run; the bindings stay, for the next rg_stmt_step. */
void rg_stmt_reset(rg_stmt *q);
int rg_stmt_columns(rg_stmt *q);
/* Borrowed, valid while q is. */
const char *rg_stmt_column_name(rg_stmt *q, int col);
enum { RG_VALUE_NULL, RG_VALUE_INT, RG_VALUE_TEXT };
int rg_stmt_type(rg_stmt *q, int col);
/* Borrowed, valid until the next step or reset; NULL for NULL. */
const char *rg_stmt_text(rg_stmt *q, int col);
size_t rg_stmt_bytes(rg_stmt *q, int col);
int64_t rg_stmt_int(rg_stmt *q, int col);
void rg_stmt_finalize(rg_stmt *q);
/* Borrowed: the back end's message for the last failure. */
const char *rg_store_errmsg(rg_store *st);

/* One snapshot for several queries (the trend report): every query between
 * them sees the same store, with each incident whole or absent. Returns 0
 * or -1 with the error in diag. */
int rg_store_read_begin(rg_store *st, rg_diag *diag);
void rg_store_read_end(rg_store *st);

/* ---- whole stores ------------------------------------------------------ */

typedef struct rg_store_copy_result {
    size_t incidents; /* copied, each replacing the destination's own copy */
} rg_store_copy_result;

/* IMPLEMENTATION-OF: README "One store for a team": `reviewgen store copy`.
 * Copies every incident of `from` into `to`, row for row (every table's
 * rows of the incident, as stored), each replacing the destination's copy of
 * that incident; incidents only `to` holds are kept. Copying again changes
 * nothing. The whole copy is one transaction of `to`, read from one snapshot
 * of `from`. Returns 0, or -1 with the error in diag and *to_failed set
 * when the error was writing (0 when reading). */
int rg_store_copy(rg_store *from, rg_store *to, rg_store_copy_result *res, int *to_failed,
                  rg_diag *diag);

/* What `reviewgen store check` found. */
typedef struct rg_store_check_result {
    int version;
    size_t incidents, events;
    size_t problems;  /* 0: the store is sound */
    char *report;     /* one line per problem ("" when none); caller rg_free()s */
    const char *what; /* borrowed: what was checked ("integrity_check and the rows") */
} rg_store_check_result;

/* The full check: SQLite's PRAGMA integrity_check (every page, index and
 * constraint) and foreign_key_check; on PostgreSQL, which checks its own
 * pages, the same rows check alone: no child row without its incident, and
 * every review_json a JSON object naming its own incident. Writes nothing.
 * Returns 0 when the check ran (res->problems says what it found), -1 with
 * the error in diag when it could not. */
int rg_store_check(rg_store *st, rg_store_check_result *res, rg_diag *diag);

/* The tables that hold an incident's rows, the incidents table first, each
 * with the column naming the incident and its columns in the current schema
 * (NULL-terminated): what `store copy` copies and `store check` checks. */
typedef struct rg_store_table {
    const char *name, *key;
    const char *const *columns;
} rg_store_table;
extern const rg_store_table rg_store_tables[];
extern const size_t rg_n_store_tables;

/* Schema version this build writes. */
int rg_store_schema_version(void);

/* Test hook: creates a new store at target with the schema of `version` (1
 * to the current one), as an older reviewgen left it, so upgrades can be
 * tested. Refuses a store that already has tables. Returns 0 or -1. */
int rg_store_create_at_version(const char *target, int version, rg_diag *diag);

/* Test and benchmark hook: runs SQL that takes no parameters and returns no
 * rows (a PRAGMA, DROP TABLE). Never with text from an input. 0 or -1. */
int rg_store_exec(rg_store *st, const char *sql, rg_diag *diag);

/* Test hook: called before each statement a write transaction runs, with
 * the count of statements run so far in it (from 1); what the hook does
 * (end the connection from outside) is what the test is about. */
typedef void (*rg_store_hook)(void *ctx, rg_store *st, unsigned long n);
void rg_store_set_hook(rg_store *st, rg_store_hook hook, void *ctx);

#endif
