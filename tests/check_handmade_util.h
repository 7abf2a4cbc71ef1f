/* check_handmade_util.h -- what the milestone and metrics suites share: one
 * timeline built by hand per test, in F, with the manifest's default-like
 * phrases, and the helpers that add its events. Static: each tests/check_*.c
 * is its own binary. */
#ifndef RG_CHECK_HANDMADE_UTIL_H
#define RG_CHECK_HANDMADE_UTIL_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "milestones.h"

static const char *report[] = {"down", "errors", "failing"};
static const char *acknowledge[] = {"ack", "on it", "looking into", "investigating"};
static const char *mobilize[] = {"declaring", "incident commander", "IC is"};
static const char *mitigated[] = {"mitigated", "back to normal", "recovered"};
static const char *workaround[] = {"workaround"};

#define MINUTE INT64_C(60000000)

/* The fixture: hand_setup() empties it before each test, hand_teardown() frees it. */
static struct {
    rg_arena *a;
    rg_event **ev; /* arena-owned; in the order added until sort_events() */
    size_t n, cap;
    rg_timeline tl;
    rg_manifest m;
    rg_milestones ms;
    rg_diag diag;
} F;

static inline void hand_setup(void)
{
    memset(&F, 0, sizeof(F));
    F.a = rg_arena_new();
    ck_assert_ptr_nonnull(F.a);
    rg_diag_init(&F.diag);
    F.m.path = "inc/incident.json";
    F.m.update_interval_us = 30 * MINUTE;
    F.m.acknowledge_within_us = 5 * MINUTE;
    F.m.phrases.report = report;
    F.m.phrases.n_report = 3;
    F.m.phrases.acknowledge = acknowledge;
    F.m.phrases.n_acknowledge = 4;
    F.m.phrases.mobilize = mobilize;
    F.m.phrases.n_mobilize = 3;
    F.m.phrases.mitigated = mitigated;
    F.m.phrases.n_mitigated = 3;
    F.m.phrases.workaround = workaround;
    F.m.phrases.n_workaround = 1;
}

static inline void hand_teardown(void)
{
    rg_diag_free(&F.diag);
    rg_arena_free(F.a);
}

/* "14:05:10.5" on the incident's day, UTC. */
static inline int64_t T(const char *hms)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "2026-11-20T%sZ", hms);
    rg_time_ctx ctx = {NULL, INT64_MIN};
    int64_t at = 0;
    ck_assert_int_eq(rg_time_parse(buf, strlen(buf), &ctx, &at, NULL), 0);
    return at;
}

/* Adds an event from source "test"; seq is its place in the order added. */
static inline rg_event *add(int64_t at, rg_kind kind, const char *type, int human,
                            const char *actor, const char *text, const char *origin)
{
    if (F.n == F.cap) {
        size_t cap = F.cap ? F.cap * 2 : 64;
        rg_event **ev = rg_arena_alloc(F.a, cap * sizeof(*ev));
        ck_assert_ptr_nonnull(ev);
        if (F.n)
            memcpy(ev, F.ev, F.n * sizeof(*ev));
        F.ev = ev;
        F.cap = cap;
    }
    rg_event *e = rg_event_new(F.a);
    ck_assert_ptr_nonnull(e);
    e->at_us = at;
    e->kind = kind;
    e->type = type;
    e->human = human;
    e->actor = actor;
    e->text = text;
    e->origin = origin;
    e->source = "test";
    e->seq = F.n;
    F.ev[F.n++] = e;
    return e;
}

/* An alert from "alertmanager", with attr fingerprint when not NULL. */
static inline rg_event *alert(int64_t at, const char *type, const char *text,
                              const char *fingerprint, const char *origin)
{
    rg_event *e = add(at, RG_KIND_ALERT, type, 0, "alertmanager", text, origin);
    if (fingerprint)
        ck_assert_int_eq(rg_event_attr(F.a, e, "fingerprint", fingerprint), 0);
    return e;
}

/* Sorts the events by time, then seq, as the timeline does, into F.tl. */
static inline void sort_events(void)
{
    for (size_t i = 1; i < F.n; i++) {
        rg_event *e = F.ev[i];
        size_t j = i;
        while (j > 0 && (F.ev[j - 1]->at_us > e->at_us ||
                         (F.ev[j - 1]->at_us == e->at_us && F.ev[j - 1]->seq > e->seq))) {
            F.ev[j] = F.ev[j - 1];
            j--;
        }
        F.ev[j] = e;
    }
    F.tl.events = F.ev;
    F.tl.n_events = F.n;
}

#endif
