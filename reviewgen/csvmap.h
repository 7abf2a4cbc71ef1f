/* csvmap.h -- a CSV source's mapping, read from its entry in incident.json:
 * which column is the time, the actor and the text, and what type of event
 * each row is (README, "A CSV with a mapping"). Kept with the places it was
 * written, so a column the file lacks is an error at its line in the
 * manifest. */
#ifndef RG_CSVMAP_H
#define RG_CSVMAP_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "event.h"

/* A column the mapping names, and where incident.json names it. */
typedef struct rg_csvmap_col {
    const char *name; /* as written; NULL when the mapping names none */
    long line, col;
} rg_csvmap_col;

/* One entry of "values": a value of the type_from column and its type. */
typedef struct rg_csvmap_value {
    const char *value, *type;
    rg_kind kind;
} rg_csvmap_value;

typedef struct rg_csvmap {
    const char *manifest; /* incident.json's path, for messages */
    rg_csvmap_col time, actor, text, type_from;
    const char *type; /* one type for every row, or for a type_from value that
                         "values" does not list; NULL when none */
    rg_kind type_kind;
    rg_csvmap_value *values;
    size_t n_values;
    const char *kind;        /* "kind", when given: every type is of it */
    const char *time_format; /* checked by rg_time_format_check; NULL: any form
                                rg_time_parse reads */
    char separator;          /* ',', ';', '\t', or 0 to guess from the header */
    int human;               /* 1 or 0 from "human"; -1: by type (rg_csvmap_human) */
    long line, col;          /* of the source entry */
} rg_csvmap;

/* Reads the mapping keys of the source entry obj (at byte obj_off of the
 * manifest text[0..len), path its path for messages): "columns" {"time",
 * "actor", "text", "type", "type_from", "values"}, "time_format",
 * "separator", "kind", "human". format is the entry's "format" (or NULL).
 * Sets *out to the mapping (arena-owned), or to NULL when the entry has none
 * and is no CSV source. A mistake (an unknown key or type, a bad time
 * format, a mapping without a time or text column, "columns" on a source
 * of another format, a "csv" source without "columns") is an error
 * "incident.json:line:col: message" at the value concerned. Returns 0 or -1. */
int rg_csvmap_load(const rg_csvmap **out, rg_arena *a, const json_t *obj, const char *format,
                   const char *path, const char *text, size_t len, size_t obj_off, rg_diag *diag);

/* The event type a type_from value gives: its entry in "values", else the
 * value itself when it is a known type (or a type name of "kind"), else
 * the mapping's "type"; NULL when none. Sets *kind. Borrowed from m (or a
 * static string). */
const char *rg_csvmap_type(const rg_csvmap *m, const char *value, rg_kind *kind);

/* Whether a row of type `type` was written by a person: "human" when the
 * mapping gives it, else 1 for chat, status and note events and for
 * page.acknowledged, 0 for the others (logs, alerts, pages sent by a pager). */
int rg_csvmap_human(const rg_csvmap *m, const char *type, rg_kind kind);

/* 1 and *kind when type is one reviewgen reacts to or reports (README, "The
 * event"): chat.message, status.resolved, page.acknowledged, ... */
int rg_event_type_known(const char *type, rg_kind *kind);

#endif
