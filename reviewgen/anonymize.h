/* anonymize.h -- `build --anonymize`: every person's name, in every field
 * and inside text and mentions, replaced by their role or "Responder A",
 * "Responder B", ... consistently (README, "Anonymised reviews"). */
#ifndef RG_ANONYMIZE_H
#define RG_ANONYMIZE_H

#include "build.h"

/* Replaces the names in b's events (actors and text), its manifest
 * (responders, recognition, contributing factors, summary, impact, action
 * items) in place; new strings are arena-owned. Call after rg_build_run and
 * before rg_model_build. Returns 0, -1 when out of memory. */
int rg_anonymize(rg_build *b, rg_diag *diag);

/* Replaces every whole-word occurrence of each names[i] in text by subs[i]
 * (longest names first; full names case-insensitively, single words as
 * written). Returns text itself when nothing matched, else an arena copy;
 * NULL when out of memory. Exposed for tests. */
const char *rg_anonymize_text(rg_arena *a, const char *text, const char *const *names,
                              const char *const *subs, size_t n);

#endif
