/* manifest.h -- incident.json: what the incident lead tells reviewgen
 * (README, "The manifest"). Every field is optional. */
#ifndef RG_MANIFEST_H
#define RG_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "timeparse.h"

typedef enum rg_milestone_id {
    RG_MS_STARTED,
    RG_MS_DETECTED,
    RG_MS_ACKNOWLEDGED,
    RG_MS_MOBILIZED,
    RG_MS_COMMUNICATED,
    RG_MS_MITIGATED,
    RG_MS_RECOVERED,
    RG_MS_RESOLVED,
    RG_MS_COUNT
} rg_milestone_id;

/* "started", "detected", ... */
const char *rg_milestone_name(rg_milestone_id id);
int rg_milestone_parse(const char *name, rg_milestone_id *id);

struct rg_csvmap;

typedef struct rg_manifest_source {
    const char *path;     /* relative to the incident folder */
    const char *format;   /* importer name, or NULL to sniff */
    const char *timezone; /* or NULL: the manifest's timezone */
    const rg_tz *zone;    /* loaded zone (owned by the manifest), or NULL */
    int64_t offset_us;
    const char *name; /* display name, or NULL */
    long line;        /* where it is in incident.json, for messages */
    /* "at": the instant to give records that carry no time of their own
     * (Grafana's legacy webhook), read in the source's zone; has_at 0 when
     * not given. */
    const char *at;
    int64_t at_us;
    int has_at;
    /* A CSV source's mapping ("columns", "time_format", "separator", "kind",
     * "human"; reviewgen/csvmap.h), or NULL. Arena-owned. */
    const struct rg_csvmap *csv;
} rg_manifest_source;

/* Working hours as minutes after local midnight, [start, end). */
typedef struct rg_hours {
    int start_min, end_min;
} rg_hours;

typedef struct rg_responder {
    const char *name;
    const char *role;
    const char *timezone; /* or NULL: from the chat export, else the manifest's */
    const rg_tz *zone;    /* loaded zone, or NULL */
    int has_hours;
    rg_hours hours; /* when has_hours: this person's working hours */
} rg_responder;

typedef struct rg_action_item {
    const char *title, *owner, *due, *priority, *kind, *ticket, *status;
    const char *origin; /* "incident.json" or the chat event's origin */
} rg_action_item;

/* Chat phrase lists; matched case-insensitively on word boundaries. */
typedef struct rg_phrases {
    const char **report; /* a human reports a problem: detection */
    size_t n_report;
    const char **acknowledge; /* "ack", "on it", "looking into", "investigating" */
    size_t n_acknowledge;
    const char **mobilize; /* "declaring", "incident commander", "IC is" */
    size_t n_mobilize;
    const char **mitigated; /* "mitigated", "back to normal", "recovered" */
    size_t n_mitigated;
    const char **workaround; /* status posts offering a workaround */
    size_t n_workaround;
    const char **action; /* chat lines starting with these are action items */
    size_t n_action;
} rg_phrases;

typedef struct rg_manifest {
    const char *path; /* incident.json path, or NULL when there is none */
    const char *id, *title, *severity;
    const char **services;
    size_t n_services;
    const char *timezone;                  /* NULL when not given (UTC is assumed and said so) */
    const rg_tz *zone;                     /* never NULL after load: UTC when not given */
    const char *summary, *customer_impact; /* Markdown, or NULL */
    rg_manifest_source *sources;
    size_t n_sources;
    int has_window;
    int64_t window_from_us, window_to_us;
    int has_milestone[RG_MS_COUNT];
    int64_t milestone_us[RG_MS_COUNT];
    int64_t update_interval_us;    /* policy, default 30 min */
    int64_t acknowledge_within_us; /* policy, default 5 min */
    int64_t max_window_us;         /* policy: a longer window is suspect, default 7 days */
    rg_responder *responders;
    size_t n_responders;
    const char **recognition;
    size_t n_recognition;
    const char **contributing_factors;
    size_t n_contributing_factors;
    rg_action_item *action_items;
    size_t n_action_items;
    rg_phrases phrases;
    int exclude_from_trends; /* game days, maintenance: kept apart in trend reports */
    rg_hours working_hours;  /* default 09:00-18:00, Monday to Friday, local to each person */
    /* zones loaded for the manifest and its sources; freed by rg_manifest_free */
    rg_tz **zones;
    size_t n_zones;
} rg_manifest;

/* Parses "09:00-18:00" (also "9:00–18:00" with an en dash). Returns 0, -1
 * when malformed or when the end is not after the start. */
int rg_hours_parse(const char *s, rg_hours *h);

/* Fills m with the defaults (no manifest): id = default_id, UTC, default policy
 * and phrases. Strings arena-owned. Returns 0, -1 when out of memory. */
int rg_manifest_defaults(rg_manifest *m, rg_arena *a, const char *default_id);

/* Reads incident.json at `path` over the defaults already in m. Duplicate keys,
 * wrong types, unknown time zones, malformed times and durations are errors
 * "incident.json:line:col: message" naming the line of the offending value.
 * Unknown keys are warnings. Returns 0 or -1. Strings arena-owned; the zones
 * are freed by rg_manifest_free(). */
int rg_manifest_load(rg_manifest *m, rg_arena *a, const char *path, rg_diag *diag);
void rg_manifest_free(rg_manifest *m);

#endif
