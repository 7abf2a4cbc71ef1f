/* manifest.h -- incident.json: what the incident lead tells reviewgen
 * (README, "The manifest"). Every field is optional. */
#ifndef RG_MANIFEST_H
#define RG_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "event.h"
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
    const char *name;        /* display name, or NULL */
    const char *pattern;     /* a text log's PCRE2 pattern (named groups time, level, actor,
                                text), checked when loaded; or NULL */
    const char *time_format; /* its time's strftime-style format, or NULL */
    long line;               /* where it is in incident.json, for messages */
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
    const char *role;     /* NULL when absent or empty */
    const char *timezone; /* or NULL: from the chat export, else the manifest's */
    const rg_tz *zone;    /* loaded zone, or NULL */
    int has_hours;
    rg_hours hours; /* when has_hours: this person's working hours */
    /* Every other way the evidence names this person ("Minh", "minh.nguyen",
     * "U01MAI"): matched like the name, ignoring case and accents. */
    const char **aliases;
    size_t n_aliases;
    long line; /* where the entry is in incident.json, for warnings */
} rg_responder;

typedef struct rg_action_item {
    const char *title, *owner, *due, *priority, *kind, *ticket, *status;
    const char *origin; /* "incident.json:LINE", or "review.md:LINE" for an item of the draft */
    const char *source; /* "manifest" or "draft" (added or changed in the edited review) */
} rg_action_item;

/* A line the lead adds to the timeline that no export holds (a phone call, a
 * vendor's answer): "events" in incident.json. It becomes an event like any
 * other, marked as added by hand in every output. */
typedef struct rg_manual_event {
    int64_t at_us;
    const char *type;      /* "note" unless given; "<kind>.<what>" or a kind */
    rg_kind kind;          /* from the type's first part */
    const char *actor;     /* or NULL */
    const char *text;      /* never NULL */
    const char *time_text; /* "at" as written */
    const char *origin;    /* "incident.json:LINE" */
} rg_manual_event;

/* A dashboard, runbook or other page the review points readers to ("links"
 * in incident.json): listed under "Supporting links". */
typedef struct rg_manifest_link {
    const char *title, *url; /* url: https:, http: or mailto:, checked when loaded */
    long line;               /* where the entry is in incident.json */
} rg_manifest_link;

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

/* A threshold on monitoring series ("metrics" in incident.json, README
 * "Metrics"): the series it matches take `series` as their display name, and
 * where they cross the threshold they give metric.breach and
 * metric.recovered events (reviewgen/series.h). */
typedef struct rg_metric_rule {
    const char *series;      /* display name */
    const char **match_keys; /* "match": label names ("__name__" is the metric's name) */
    const char **match_values;
    size_t n_match;
    int has_match; /* 0: no "match"; the rule matches a series named `series` */
    int below;     /* 0: "above" (beyond = value > threshold), 1: "below" (value < threshold) */
    double threshold;
    long line, col; /* where the rule starts in incident.json, for messages */
} rg_metric_rule;

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
    /* A milestone the edited review sets (publish, README "The review as a
     * working document"): its evidence ("review.md:41") and rule ("edited in
     * review.md") instead of the manifest's; NULL for the manifest's own. */
    const char *milestone_origin[RG_MS_COUNT];
    const char *milestone_rule[RG_MS_COUNT];
    /* 1: the edited review says the milestone is unknown ("—"): it stays
     * absent whatever the evidence shows. */
    int milestone_unset[RG_MS_COUNT];
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
    rg_manual_event *events; /* "events": timeline lines added by hand */
    size_t n_events;
    rg_phrases phrases;
    rg_metric_rule *metrics; /* "metrics": thresholds on monitoring series */
    size_t n_metrics;
    int exclude_from_trends; /* game days, maintenance: kept apart in trend reports */
    /* "tracker": the issue tracker's address of a ticket, "{key}" standing
     * for the ticket key ("https://jira.example.com/browse/{key}"); an
     * https: or http: URL with "{key}" in it, checked when loaded. NULL:
     * tickets are not linked. */
    const char *tracker;
    rg_manifest_link *links; /* "links": [{"title", "url"}] */
    size_t n_links;
    rg_hours working_hours; /* default 09:00-18:00, Monday to Friday, local to each person */
    /* zones loaded for the manifest and its sources; freed by rg_manifest_free */
    rg_tz **zones;
    size_t n_zones;

    /* ---- the review's own sections and header (README, "The manifest";
     * loaded by load_review_sections in manifest.c). Arena-owned. ---- */
    const char *status; /* "draft", "in review" or "final"; NULL: not given (a draft) */
    const char **authors;
    size_t n_authors;
    const char **reviewers;
    size_t n_reviewers;
    const char **went_well; /* Markdown lines, as recognition */
    size_t n_went_well;
    const char **went_wrong;
    size_t n_went_wrong;
    const char **got_lucky; /* "where we got lucky" */
    size_t n_got_lucky;
    /* contributing_factors above holds each factor as Markdown: a chain
     * {"factor", "because": [...]} is its factor's text followed by a nested
     * list, one "- because ..." line per cause, each cause's own causes two
     * spaces deeper (rg_factor_markdown). */
} rg_manifest;

/* 0 when s is a due date an action item may have: a calendar date
 * "YYYY-MM-DD" ("2026-02-30" is not one) or an RFC 3339 time; -1 otherwise. */
int rg_due_check(const char *s);

/* The address of ticket `key` through the tracker pattern (every "{key}"
 * replaced by the key, percent-encoded but for A-Z a-z 0-9 - . _ ~), in the
 * arena; NULL when there is no tracker, no key, or out of memory. */
const char *rg_ticket_url(const rg_manifest *m, rg_arena *a, const char *key);

/* Parses "09:00-18:00" (also "9:00–18:00" with an en dash). Returns 0, -1
 * when malformed or when the end is not after the start. */
int rg_hours_parse(const char *s, rg_hours *h);

/* Fills m with the defaults (no manifest): id = default_id, UTC, default policy
 * and phrases. Strings arena-owned. Returns 0, -1 when out of memory. */
int rg_manifest_defaults(rg_manifest *m, rg_arena *a, const char *default_id);

/* Reads incident.json at `path` over the defaults already in m. Duplicate keys,
 * wrong types, malformed times, durations and due dates ("4 Dec",
 * "2026-13-45"), and time zones that do not load are errors
 * "incident.json:line:col: message" naming the line of the offending value; a
 * misspelt zone gets the nearest zone names, an offset written "UTC+7" the
 * forms that are accepted (rg_tz_hint). Unknown keys are warnings. An empty
 * string for a text field (title, severity, summary, customer_impact, a
 * role, an action item's fields) is as if it were absent, so the skeleton
 * `reviewgen init` writes can be filled in gradually. Returns 0 or -1.
 * Strings arena-owned; the zones are freed by rg_manifest_free(). */
int rg_manifest_load(rg_manifest *m, rg_arena *a, const char *path, rg_diag *diag);
void rg_manifest_free(rg_manifest *m);

/* The deepest chain of "because" a contributing factor may have. */
#define RG_FACTOR_MAX_DEPTH 8

#endif
