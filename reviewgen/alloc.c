/* alloc.c -- heap wrappers with an optional failure counter for fault tests. */
#include "alloc.h"

#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Atomic: a log file may be read on two threads (importers/split.h), both
 * allocating. The injection test hook is set while one thread runs. */
static atomic_long fail_after = -1;
static atomic_long made;
static atomic_ulong failures;

static int should_fail(void)
{
    if (atomic_load_explicit(&fail_after, memory_order_relaxed) < 0)
        return 0;
    if (atomic_fetch_add(&made, 1) >= fail_after) {
        atomic_fetch_sub(&made, 1);
        failures++;
        return 1;
    }
    return 0;
}

unsigned long rg_alloc_failures(void)
{
    return failures;
}

/* Counts a real allocation failure too. */
static void *counted(void *p)
{
    if (!p)
        failures++;
    return p;
}

long rg_alloc_fail_after(long n)
{
    long was = made;
    made = 0;
    fail_after = n;
    return was;
}

void *rg_malloc(size_t n)
{
    return should_fail() ? NULL : counted(malloc(n ? n : 1));
}

void *rg_calloc(size_t count, size_t n)
{
    return should_fail() ? NULL : counted(calloc(count ? count : 1, n ? n : 1));
}

void *rg_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : counted(realloc(p, n ? n : 1));
}

char *rg_strndup(const char *s, size_t n)
{
    char *p = rg_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rg_strdup(const char *s)
{
    return s ? rg_strndup(s, strlen(s)) : NULL;
}

void rg_free(void *p)
{
    free(p);
}

static void *json_malloc(size_t n)
{
    return rg_malloc(n);
}

void rg_alloc_install_jansson(void)
{
    json_set_alloc_funcs(json_malloc, free);
}
