/* event.c -- constructors and small accessors for rg_event. */
#include "event.h"

#include <string.h>

static const char *const kind_names[RG_KIND_COUNT] = {"log",  "alert",  "page",   "status",
                                                      "chat", "change", "metric", "note"};

rg_event *rg_event_new(rg_arena *a)
{
    rg_event *ev = rg_arena_alloc(a, sizeof(*ev));
    if (ev)
        ev->count = 1;
    return ev;
}

int rg_event_attr(rg_arena *a, rg_event *ev, const char *key, const char *value)
{
    rg_attr *at = rg_arena_alloc(a, sizeof(*at));
    if (!at)
        return -1;
    at->key = rg_arena_strdup(a, key);
    at->value = rg_arena_strdup(a, value ? value : "");
    if (!at->key || !at->value)
        return -1;
    rg_attr **tail = &ev->attrs;
    while (*tail)
        tail = &(*tail)->next;
    *tail = at;
    return 0;
}

void rg_event_identity(rg_event *ev, const char *id, size_t n)
{
    /* 0 means "none", so a hash that happens to be 0 becomes 1 */
    uint64_t h = n ? rg_hash(RG_HASH_INIT, id, n) : 0;
    ev->ident = n ? (h ? h : 1) : 0;
    ev->ident_is_line = 0;
}

void rg_event_line_identity(rg_event *ev, const char *raw, size_t n)
{
    rg_event_identity(ev, raw, n);
    ev->ident_is_line = ev->ident != 0;
}

const char *rg_event_attr_get(const rg_event *ev, const char *key)
{
    for (const rg_attr *at = ev->attrs; at; at = at->next)
        if (strcmp(at->key, key) == 0)
            return at->value;
    return NULL;
}

const char *rg_kind_name(rg_kind k)
{
    return (unsigned)k < RG_KIND_COUNT ? kind_names[k] : "note";
}

int rg_kind_parse(const char *name, rg_kind *k)
{
    for (int i = 0; i < RG_KIND_COUNT; i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *k = (rg_kind)i;
            return 0;
        }
    return -1;
}
