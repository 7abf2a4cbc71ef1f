/* recognition.h -- the "Thank you" section, earned from the evidence: who
 * responded and what each did, how much of it fell outside their working
 * hours, and what the customers were told (README, "Recognition"). */
#ifndef RG_RECOGNITION_H
#define RG_RECOGNITION_H

#include <jansson.h>
#include <stdint.h>

#include "build.h"

/* Returns {"responders": [...], "response": {...}, "customers": {...}} for the
 * review model. Caller frees with json_decref(); NULL when out of memory. */
json_t *rg_recognition_json(const rg_build *b);

/* Seconds of [from_us, to_us) that fall outside working hours in zone (NULL =
 * UTC): before start_min or after end_min local time, or on a Saturday or
 * Sunday. Exposed for tests. */
int64_t rg_outside_hours(int64_t from_us, int64_t to_us, const rg_tz *zone, rg_hours hours);

#endif
