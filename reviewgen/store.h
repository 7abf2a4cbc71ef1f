/* store.h -- the SQLite store of every incident built (README, "Store"). */
#ifndef RG_STORE_H
#define RG_STORE_H

#include <jansson.h>

#include "diag.h"

/* Schema 1 (store.c holds the SQL and the migrations): incidents (one row per
 * incident id: title, severity, the eight milestone instants as RFC 3339
 * text, the eight durations in seconds, the communication figures and the
 * whole review.json), and per incident, numbered in the model's order:
 * incident_services, events (the full timeline), findings, action_items,
 * responders, contributing_factors; each child row goes with its incident
 * (ON DELETE CASCADE). PRAGMA application_id marks a reviewgen store. A store
 * held by another writer is waited for one second, then reported.
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
 * incident's last save went with (rg_store_save_output), NULL without one. */
typedef struct rg_store rg_store;

/* Opens (creating when absent) the store at path and brings its schema up to
 * date with forward migrations (PRAGMA user_version). A store from a newer
 * reviewgen is refused without writing; a file that is not a store, or one
 * locked by another writer, is an error "path: message". Caller closes with
 * rg_store_close(). Returns NULL on error. */
rg_store *rg_store_open(const char *path, rg_diag *diag);
void rg_store_close(rg_store *st);

/* Replaces everything stored for review["incident"]["id"] with this review
 * model (the review.json object) in one transaction: the incident with its
 * milestones and durations, its events (the full timeline), action items and
 * responders. On error nothing changes. Returns 0 or -1. */
int rg_store_save(rg_store *st, const json_t *review, rg_diag *diag);

/* rg_store_save, also writing output_token (16 hex digits from publish.c;
 * NULL: none) into the incident's row in the same transaction: a later run
 * asks rg_store_has_output() whether this save committed, to finish or undo
 * the outputs that went with it (README, "Outputs and the store change
 * together"). */
int rg_store_save_output(rg_store *st, const json_t *review, const char *output_token,
                         rg_diag *diag);
/* 1 when incident `id`'s row carries output_token (its save committed), 0
 * when it does not (or there is no such incident), -1 with "path: message"
 * in diag when the store cannot be read. */
int rg_store_has_output(rg_store *st, const char *id, const char *output_token, rg_diag *diag);

/* One transaction around several saves (import-history): rg_store_save
 * inside it uses a savepoint, and nothing is visible until rg_store_commit.
 * Each returns 0 or -1 with "path: message" in diag; rg_store_rollback undoes
 * everything since rg_store_begin (a no-op when none is open). */
int rg_store_begin(rg_store *st, rg_diag *diag);
int rg_store_commit(rg_store *st, rg_diag *diag);
void rg_store_rollback(rg_store *st);

/* Borrowed: the open SQLite handle, for the modules that read the store
 * (trend, list, actions). They use prepared statements only and never
 * write; writing goes through rg_store_save so it stays one transaction. */
struct sqlite3;
struct sqlite3 *rg_store_db(rg_store *st);

/* Schema version this build writes. */
int rg_store_schema_version(void);

/* Test hook: creates a new store at path with the schema of `version` (1 to
 * the current one), as an older reviewgen left it, so upgrades can be
 * tested. Refuses a file that already has tables. Returns 0 or -1. */
int rg_store_create_at_version(const char *path, int version, rg_diag *diag);

#endif
