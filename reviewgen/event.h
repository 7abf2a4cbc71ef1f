/* event.h -- the one record every importer produces (README, "The event"). */
#ifndef RG_EVENT_H
#define RG_EVENT_H

#include <stdint.h>

#include "arena.h"

typedef enum rg_kind {
    RG_KIND_LOG,
    RG_KIND_ALERT,
    RG_KIND_PAGE,
    RG_KIND_STATUS,
    RG_KIND_CHAT,
    RG_KIND_CHANGE,
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
    /* Filled by the core, not by importers. */
    uint64_t seq;    /* arrival order, so sorting is stable for ties */
    uint64_t count;  /* timeline clusters: how many events this entry stands for (1 = itself) */
    int64_t last_us; /* timeline clusters: time of the last event of the run */
    const char *milestone; /* milestone name this event is the evidence for, or NULL */
} rg_event;

/* Returns a zeroed event with count = 1, or NULL when out of memory. Arena-owned. */
rg_event *rg_event_new(rg_arena *a);
/* Appends an attribute (both strings copied into the arena). Returns 0, -1 when out of memory. */
int rg_event_attr(rg_arena *a, rg_event *ev, const char *key, const char *value);
/* Borrowed: the value of `key`, or NULL. */
const char *rg_event_attr_get(const rg_event *ev, const char *key);

const char *rg_kind_name(rg_kind k);
/* Returns 0 and sets *k for "log", "alert", ...; -1 when unknown. */
int rg_kind_parse(const char *name, rg_kind *k);

#endif
