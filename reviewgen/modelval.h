/* modelval.h -- the values of review.json that model.c and recognition.c
 * both write, so every part of the model writes them alike. */
#ifndef RG_MODELVAL_H
#define RG_MODELVAL_H

#include <jansson.h>
#include <stdint.h>

/* set_str: v, or null when v is NULL. time: RFC 3339 UTC (a new reference,
 * NULL when out of memory). day: the start of the UTC day of at_us. clock:
 * "14:05:22" on the incident's first day (day0_us), "11-21 00:58:00" after it,
 * "2027-01-01 00:58:00" in another year, so the tables stay narrow and a reader
 * still sees when midnight, or New Year, passed. */
void rg_model_set_str(json_t *o, const char *k, const char *v);
json_t *rg_model_time(int64_t at_us);
int64_t rg_model_day(int64_t at_us);
json_t *rg_model_clock(int64_t at_us, int64_t day0_us);
/* 48213 -> "48,213" in buf (counts people read at a glance); returns buf. */
const char *rg_model_thousands(uint64_t n, char buf[32]);

/* text with every RFC 3339 UTC time in it ("2026-11-20T15:35:00.412000Z",
 * as findings write them for review.json) made one for people: "15:35 UTC",
 * cut to the minute as the clocks of the timeline are cut to the second;
 * "15:35:00 UTC" with seconds when two of the text's times fall in the same
 * minute; "2026-11-21 00:15 UTC" with the date on every time when
 * multi_day is set (the incident spans UTC days) or a time is not on day0
 * ("YYYY-MM-DD"; NULL: dates always). Other text is kept byte for byte.
 * Caller frees with rg_free(); NULL when out of memory. */
char *rg_model_human_times(const char *text, const char *day0, int multi_day);

#endif
