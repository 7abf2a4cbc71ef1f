/* history.h -- past incidents from a PagerDuty incidents CSV export, turned
 * into review models and saved in the store, so trend reports reach back
 * before reviewgen was used (README, "Importing past incidents"). */
#ifndef RG_HISTORY_H
#define RG_HISTORY_H

#include <jansson.h>
#include <stddef.h>

#include "diag.h"
#include "store.h"
#include "timeparse.h"

/* The columns read, by name (matched ignoring case, with spaces read as
 * underscores; any other column is ignored):
 *   incident_number            required; the incident id is "PD-<number>"
 *   created_on | created_at    required; detected (and started: no earlier signal)
 *   resolved_on | resolved_at  recovered; empty while unresolved
 *   seconds_to_first_ack       acknowledged = created_on + it
 *   seconds_to_resolve         recovered = created_on + it, when resolved_on is absent
 *   title | description        the title (PagerDuty's export calls it description)
 *   service_name               the one service
 *   priority_name | priority   the severity; else urgency
 *   urgency                    "high" or "low"
 *   id                         PagerDuty's own id, kept as incident.pagerduty_id */

typedef struct rg_history_result {
    size_t rows;     /* incidents in the file */
    size_t imported; /* saved in the store */
    size_t kept;     /* not saved: the store holds a review built from the evidence */
    char first_kept[64];
    int store_failed; /* the error is the store's, not the file's */
} rg_history_result;

/* Reads the CSV text (path names it in messages and origins) and calls
 * each(ctx, model, line) with the review model of every row in file order;
 * the model is borrowed for the call. Times without a UTC offset are read
 * in `zone`; with zone NULL they are an error. Returns 0, or -1 with
 * "path:line:col: message" in diag: a malformed CSV, a missing required
 * column, a bad number or time, two rows with one incident number, or
 * whatever each() returned -1 for. */
int rg_history_read(const char *path, const char *text, size_t len, const rg_tz *zone,
                    int (*each)(void *ctx, const json_t *model, long line), void *ctx,
                    rg_diag *diag);

/* Imports the CSV file at path into st. The whole file is read and checked
 * first, so a malformed file imports nothing; then every incident is saved
 * in one transaction (rg_store_begin, a savepoint per incident, one
 * commit), each replacing an earlier import of the same incident: all of
 * the file or none of it. An incident whose id the store already holds
 * from a build (a review with evidence) is kept as it is and counted in
 * res->kept. Importing the file again changes nothing. Returns 0 or -1. */
int rg_history_import(const char *path, rg_store *st, const rg_tz *zone, rg_history_result *res,
                      rg_diag *diag);

#endif
