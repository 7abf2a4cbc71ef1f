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

/* The manifest responder the evidence means by `actor` (and by ev's
 * "user", "user_id", "handle", "login" or "email" attribute, when ev is not
 * NULL): the one whose name or one of whose aliases folds (rg_fold: case and
 * accents ignored) to the same text. Borrowed from m; NULL when none. */
const rg_responder *rg_responder_for(const rg_manifest *m, const char *actor, const rg_event *ev);

/* Warns (class "responder-unmatched", at the entry's incident.json line)
 * about every manifest responder whom no human in the timeline matches:
 * with the nearest names the evidence has ("did you mean 'Nguyễn Đức
 * Minh'?"), in which case the review does not list them apart (a renamed
 * person is not a second person), else saying they are listed as the
 * manifest names them. */
void rg_recognition_check(const rg_build *b, rg_diag *diag);

#endif
