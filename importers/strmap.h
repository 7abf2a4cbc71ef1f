/* strmap.h -- a string-keyed hash table for the importers that name things by
 * id while they stream (Mattermost usernames and channels, Teams user and
 * channel ids): keys are copied into the build's arena, values are pointers
 * the caller owns (usually arena strings). */
#ifndef RG_STRMAP_H
#define RG_STRMAP_H

#include <stddef.h>

#include "../reviewgen/arena.h"

typedef struct rg_strmap_slot {
    const char *key; /* arena-owned copy; NULL when the slot is free */
    size_t key_len;
    void *value; /* borrowed: whatever the caller put */
} rg_strmap_slot;

typedef struct rg_strmap {
    rg_arena *arena;      /* borrowed: holds the keys */
    rg_strmap_slot *slot; /* owned: freed by rg_strmap_free */
    size_t cap, n;
} rg_strmap;

/* An empty map whose keys go into arena a (borrowed; it must outlive the map). */
void rg_strmap_init(rg_strmap *m, rg_arena *a);
/* Frees the table (not the keys: the arena owns them, nor the values). */
void rg_strmap_free(rg_strmap *m);

/* Borrowed: the value stored under key[0..len), or NULL when there is none. */
void *rg_strmap_get(const rg_strmap *m, const char *key, size_t len);

/* Stores value under key[0..len), replacing what was there. Returns 0, or -1
 * when out of memory (the map is left as it was). */
int rg_strmap_put(rg_strmap *m, const char *key, size_t len, void *value);

#endif
