/* listing.h -- the incidents and action items in the store, read for
 * `reviewgen list` and `reviewgen actions`, and written as a terminal table,
 * CSV or JSON (README, "Listing incidents and action items"). Read only: the
 * queries are prepared statements through the store's interface (store.h),
 * the same on SQLite and PostgreSQL, and never write. */
#ifndef RG_LISTING_H
#define RG_LISTING_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "store.h"

/* 0 when s is a calendar date written "YYYY-MM-DD" (2026-02-30 is not), -1
 * otherwise. */
int rg_date_check(const char *s);
/* Today's date in UTC from the system clock, "YYYY-MM-DD". Returns buf. */
char *rg_date_today(char buf[11]);

/* `reviewgen list` filters; NULL members do not filter. */
typedef struct rg_list_filter {
    const char *from, *to; /* dates (UTC): the half-open period [from, to) on the incident's
                              started, else detected, as trend periods are */
    const char *severity;  /* equal, ignoring case */
    const char *service;   /* one of the incident's services, ignoring case */
} rg_list_filter;

/* Returns a JSON array with one object per incident:
 *   {"id", "started", "severity", "services": [...], "title",
 *    "time_to_acknowledge", "time_to_mitigate", "total_duration"}
 * (times RFC 3339 UTC as stored, durations whole seconds, unknown null),
 * ordered by started (else detected; incidents with neither last), then id.
 * Caller frees with json_decref(). NULL with "<store>: message" in diag when
 * the store cannot be read or memory runs out. */
json_t *rg_list_incidents(rg_store *st, const rg_list_filter *f, rg_diag *diag);

typedef enum rg_actions_which {
    RG_ACTIONS_ALL,
    RG_ACTIONS_OPEN,    /* status other than "done" and "closed" */
    RG_ACTIONS_OVERDUE, /* open, and due before as_of */
} rg_actions_which;

typedef struct rg_actions_filter {
    rg_actions_which which;
    const char *owner; /* NULL: everyone; else equal, ignoring case */
    const char *as_of; /* "YYYY-MM-DD": the day against which "overdue" is judged */
    int suggestions;   /* 1: the chat's suggestions instead of the action items (actions.h) */
} rg_actions_filter;

/* Returns a JSON array with one object per action item (the items counted
 * by RG_ACTION_COUNTED_SQL, or with f->suggestions the chat's suggestions,
 * whose status is "suggested"):
 *   {"incident", "incident_title", "title", "owner", "due", "due_rule",
 *    "status", "priority", "ticket", "overdue", "kind", "raised_by",
 *    "raised_in"}
 * where "due" is the date rg_action_due() gives (null when it gives none) and
 * "overdue" is true when the item is open and due before as_of. Ordered by due
 * date (items without one last), then by incident as rg_list_incidents orders
 * them, then in the incident's own order. Caller frees with json_decref().
 * NULL with the error in diag. */
json_t *rg_list_actions(rg_store *st, const rg_actions_filter *f, rg_diag *diag);

/* IMPLEMENTATION-OF: README "Action items: due dates". The due date of an
 * action item, written into out ("YYYY-MM-DD", or "" when there is none):
 * the item's own `due` when it is a date ("2026-12-15", or an RFC 3339 time,
 * whose UTC date is taken); else the incident's start (started, else detected:
 * the RFC 3339 text `incident_start`) plus 4 weeks when the priority is P1 and
 * 8 weeks otherwise. *rule gets the words for people: "given",
 * "started + 4 weeks (P1)", "started + 8 weeks", or "none (no due date and no
 * incident start)"; a `due` that is not a date falls back to the default and
 * the rule says so. Returns 1 when out holds a date, 0 when not. */
int rg_action_due(const char *due, const char *priority, const char *incident_start, char out[11],
                  char *rule, size_t rule_size);
/* 1 unless status is "done" or "closed" in any case (rg_action_is_done). */
int rg_action_is_open(const char *status);

typedef enum rg_list_format { RG_FORMAT_TABLE, RG_FORMAT_CSV, RG_FORMAT_JSON } rg_list_format;
/* "table", "csv" or "json". Returns 0, -1 for anything else. */
int rg_list_format_parse(const char *s, rg_list_format *out);

typedef enum rg_col_kind {
    RG_COL_TEXT,    /* text from an input: cleaned for terminals, guarded in CSV */
    RG_COL_TIME,    /* RFC 3339 UTC; the table shows "2026-11-20 14:02:00" */
    RG_COL_DATE,    /* "YYYY-MM-DD" */
    RG_COL_LIST,    /* array of text, joined with ", " in table and CSV */
    RG_COL_SECONDS, /* whole seconds; the table shows "1 min 35 s" */
    RG_COL_BOOL,    /* the table shows "yes" or nothing */
} rg_col_kind;

typedef struct rg_list_column {
    const char *key;    /* the JSON key, also the CSV header */
    const char *header; /* the table header */
    rg_col_kind kind;
    size_t max_chars; /* table only: longer text is cut with "…"; 0 = no limit */
    int table;        /* shown in the table (CSV and JSON have every column) */
} rg_list_column;

extern const rg_list_column rg_incident_columns[];
extern const size_t rg_n_incident_columns;
extern const rg_list_column rg_action_columns[];
extern const size_t rg_n_action_columns;

/* Appends rows (an array of objects as above) to out in the format:
 * table: a header line and one aligned line per row, columns two spaces apart,
 *   text made safe for a terminal as rg_term_put_clean() does (control
 *   characters become '?', line breaks a visible mark), unknown or empty
 *   values "-";
 * csv: RFC 4180 with a header line of the keys, CRLF line ends, text guarded
 *   against formulas (rg_csv_put), unknown values empty;
 * json: the array, indented, with a final newline.
 * Returns 0, -1 when out of memory. */
int rg_list_render(const json_t *rows, const rg_list_column *cols, size_t n_cols,
                   rg_list_format fmt, rg_buf *out);

#endif
