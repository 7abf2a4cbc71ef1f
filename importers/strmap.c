/* strmap.c -- open addressing over FNV-1a hashes of the keys, doubled at
 * half full, so a lookup stays one or two probes for a million names. */
#include "strmap.h"

#include <stdint.h>
#include <string.h>

#include "../reviewgen/alloc.h"
#include "../reviewgen/event.h"

void rg_strmap_init(rg_strmap *m, rg_arena *a)
{
    memset(m, 0, sizeof(*m));
    m->arena = a;
}

void rg_strmap_free(rg_strmap *m)
{
    rg_free(m->slot);
    m->slot = NULL;
    m->cap = m->n = 0;
}

static size_t find(const rg_strmap_slot *slot, size_t cap, const char *key, size_t len)
{
    size_t i = (size_t)rg_hash(RG_HASH_INIT, key, len) & (cap - 1);
    while (slot[i].key && (slot[i].key_len != len || (len && memcmp(slot[i].key, key, len) != 0)))
        i = (i + 1) & (cap - 1);
    return i;
}

void *rg_strmap_get(const rg_strmap *m, const char *key, size_t len)
{
    if (m->n == 0)
        return NULL;
    size_t i = find(m->slot, m->cap, key, len);
    return m->slot[i].key ? m->slot[i].value : NULL;
}

static int grow(rg_strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    rg_strmap_slot *slot = rg_calloc(cap, sizeof(*slot));
    if (!slot)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].key)
            slot[find(slot, cap, m->slot[i].key, m->slot[i].key_len)] = m->slot[i];
    rg_free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return 0;
}

int rg_strmap_put(rg_strmap *m, const char *key, size_t len, void *value)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
        return -1;
    size_t i = find(m->slot, m->cap, key, len);
    if (!m->slot[i].key) {
        char *k = rg_arena_strndup(m->arena, key, len);
        if (!k)
            return -1;
        m->slot[i].key = k;
        m->slot[i].key_len = len;
        m->n++;
    }
    m->slot[i].value = value;
    return 0;
}
