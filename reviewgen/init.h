/* init.h -- a starting incident.json from what the evidence shows, for
 * `reviewgen init` (README, "Starting a manifest"). */
#ifndef RG_INIT_H
#define RG_INIT_H

#include <jansson.h>
#include <stddef.h>

#include "build.h"

/* The path `reviewgen init` puts in "$schema" unless told otherwise: the
 * schema `make install` installs, as a file URL. */
#define RG_SCHEMA_URL "file://" RG_SHARE_DIR "/incident.schema.json"

/* IMPLEMENTATION-OF: README "Starting a manifest". The text of a starting
 * incident.json for the folder b was built from (with no manifest):
 * "$schema" (schema), the id (the folder's name), empty title, severity,
 * summary and customer impact to fill in, every source found with its
 * detected format, a "timezone" when some source writes times without a zone
 * (the zone most people of the chat export are in, else "UTC"), the people
 * the evidence shows with empty roles, the default policy, and empty
 * recognition, contributing factors and action items. Appended to notes
 * (strings): what a person should check (the zone and why). Caller frees
 * with rg_free; NULL when out of memory. */
char *rg_init_manifest(const rg_build *b, const char *schema, json_t *notes, size_t *len);

#endif
