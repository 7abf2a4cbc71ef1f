/* event.h -- the one record every importer produces (README, "The event"). */
#ifndef RG_EVENT_H
#define RG_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum rg_kind {
    RG_KIND_LOG,
    RG_KIND_ALERT,
    RG_KIND_PAGE,
    RG_KIND_STATUS,
    RG_KIND_CHAT,
    RG_KIND_CHANGE,
    RG_KIND_METRIC, /* metric.breach, metric.recovered: a monitoring series crossing the
                       manifest's threshold (reviewgen/series.h) */
    RG_KIND_NOTE,
    RG_KIND_COUNT
} rg_kind;

/* Format-specific key/value (alert labels, severity, thread id, ...). */
typedef struct rg_attr {
    const char *key;
    const char *value;
    struct rg_attr *next;
} rg_attr;

/* Every string is UTF-8, NUL-terminated and arena-owned (the build's arena).
 * Strings are never NULL once emitted except `actor`, which may be NULL when
 * the source names nobody. */
typedef struct rg_event {
    int64_t at_us; /* instant, UTC, microseconds since the epoch (offset applied) */
    rg_kind kind;
    const char *type;      /* "alert.firing", "chat.message", "log.error", ... */
    const char *source;    /* human name of the stream: "slack #inc-2041", "pagerduty" */
    const char *actor;     /* display name, bot name or host; NULL when unknown */
    int human;             /* 1 when a person produced it */
    const char *text;      /* the message as written (unescaped source text) */
    const char *origin;    /* "slack/inc-2041/2026-11-20.json:3", "app.log:10452" */
    const char *time_text; /* timestamp as written, plus " (Asia/Ho_Chi_Minh assumed)" when it had
                              no zone */
    rg_attr *attrs;        /* list, in insertion order */
    /* The record's identity (README, "Timeline"): two events are one record read
     * twice only when both carry an identity and the identities are equal. Set
     * by the importer through rg_event_identity() (its own id of the record:
     * alert fingerprint + startsAt, PagerDuty entry id, Slack channel + ts) or
     * rg_event_line_identity() (a log's whole raw line); the core mixes in the
     * importer's name and the event type. 0: no identity, never folded. */
    uint64_t ident;
    int ident_is_line; /* 1: ident is a raw line's; identical lines of one file
                          are distinct records, only another file's copy folds */
    /* Filled by the core, not by importers. */
    uint64_t seq;    /* arrival order, so sorting is stable for ties */
    uint64_t count;  /* timeline clusters: how many events this entry stands for (1 = itself) */
    int64_t last_us; /* timeline clusters: time of the last event of the run */
    const char *milestone; /* milestone name this event is the evidence for, or NULL */
    int manual; /* 1: added by hand ("events" in incident.json), said so in every output */
} rg_event;

/* Returns a zeroed event with count = 1, or NULL when out of memory. Arena-owned. */
rg_event *rg_event_new(rg_arena *a);
/* Appends an attribute (both strings copied into the arena). Returns 0, -1 when out of memory. */
int rg_event_attr(rg_arena *a, rg_event *ev, const char *key, const char *value);
/* A 64-bit FNV-1a hash of s[0..n), continuing from h (start with
 * RG_HASH_INIT). Identities are compared by hash only: with 64 bits two
 * distinct records of one incident collide with a chance of about n^2 / 2^65,
 * under 1e-7 for a million events. */
#define RG_HASH_INIT UINT64_C(1469598103934665603)
static inline uint64_t rg_hash(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(1099511628211);
    return h;
}
/* Sets ev's identity from the importer's own id of the record (id[0..n), may
 * be built from several fields joined by '\x1f'). An empty id leaves none. */
void rg_event_identity(rg_event *ev, const char *id, size_t n);
/* Sets ev's identity from a log line as it was written (raw[0..n)). */
void rg_event_line_identity(rg_event *ev, const char *raw, size_t n);

/* Borrowed: the value of `key`, or NULL. */
const char *rg_event_attr_get(const rg_event *ev, const char *key);

const char *rg_kind_name(rg_kind k);
/* Returns 0 and sets *k for "log", "alert", ...; -1 when unknown. */
int rg_kind_parse(const char *name, rg_kind *k);

#endif
