/* jsontime.h -- the instant a JSON value names, for the JSON importers whose
 * records carry RFC 3339 text in one place and epoch integers (or digit
 * strings) in another (opsgenie.c, datadog.c, cloudwatch_alarms.c,
 * zabbix.c): one reading for all, through timeparse, never a double. */
#ifndef RG_JSONTIME_H
#define RG_JSONTIME_H

#include <jansson.h>
#include <stdint.h>

#include "importer.h"

/* Reads v as an instant: a string through rg_time_parse (a time without an
 * offset is read in src->zone and time_text says so), except that a string of
 * digits is epoch time in unit_hint; an integer is epoch time in unit_hint
 * (units per second as rg_time_epoch_int: 1, 1000, 1000000, 1000000000, or 0
 * to guess by its number of digits), read as int64_t. The clock offset is not
 * applied. Returns 1 and sets *at_us and *time_text (the value as written,
 * arena-owned); 0 when v is not a time, with *why saying what it is ("a
 * number with a fraction", "'soon'"; arena-owned); -1 when out of memory. */
int rg_json_time(rg_arena *a, const rg_source *src, const json_t *v, int unit_hint, int64_t *at_us,
                 const char **time_text, const char **why);

#endif
