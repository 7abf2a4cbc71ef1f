/* export.h -- the merged timeline as data for other tools: CSV for
 * spreadsheets, JSON lines for scripts, and Timesketch's JSON lines import
 * format (README, "Timeline exports"). */
#ifndef RG_EXPORT_H
#define RG_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"
#include "event.h"

typedef enum rg_export_format {
    RG_EXPORT_CSV,        /* RFC 4180, with a header line and CRLF line ends */
    RG_EXPORT_JSONL,      /* one object per event, review.json's timeline keys */
    RG_EXPORT_TIMESKETCH, /* JSON lines with message, datetime, timestamp_desc */
} rg_export_format;

/* Returns 0 and sets *f for "csv", "jsonl" or "timesketch"; -1 otherwise. */
int rg_export_format_parse(const char *name, rg_export_format *f);

/* Appends what goes before the first event: the CSV header line, nothing for
 * the JSON formats. Returns 0, -1 when out of memory. */
int rg_export_header(rg_buf *out, rg_export_format f);

/* Appends one event as one CSV record or one JSON line (ending in CRLF for
 * CSV, LF for JSON). Invalid UTF-8 becomes U+FFFD in every format, so the
 * output is always valid UTF-8. Returns 0, -1 when out of memory (out may then
 * hold part of the record; callers reset it). */
int rg_export_event(rg_buf *out, rg_export_format f, const rg_event *ev);

/* Writes the header and events[0..n) to `to`, one event at a time, so memory
 * stays bounded however long the timeline. `to_name` names the stream in
 * errors ("reviewgen: cannot write '<stdout>': No space left on device").
 * Returns 0, or -1 with the error in diag (out of memory or a write error;
 * what was written before stays written). */
int rg_export_write(FILE *to, const char *to_name, rg_export_format f, rg_event *const *events,
                    size_t n, rg_diag *diag);

#endif
