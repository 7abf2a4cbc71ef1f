/* diag.c -- first-error-wins error record and counted warning classes. */
#include "diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

void rg_diag_init(rg_diag *d)
{
    memset(d, 0, sizeof(*d));
}

void rg_diag_free(rg_diag *d)
{
    for (size_t i = 0; i < d->n_warnings; i++) {
        rg_free(d->warnings[i].path);
        rg_free(d->warnings[i].key);
        rg_free(d->warnings[i].first);
    }
    rg_free(d->warnings);
    rg_free(d->slots);
    rg_diag_init(d);
}

static int prefix(char *buf, size_t n, const char *path, long line, long col)
{
    if (!path)
        return snprintf(buf, n, "%s", "");
    if (line > 0 && col > 0)
        return snprintf(buf, n, "%s:%ld:%ld: ", path, line, col);
    if (line > 0)
        return snprintf(buf, n, "%s:%ld: ", path, line);
    return snprintf(buf, n, "%s: ", path);
}

int rg_diag_error(rg_diag *d, const char *path, long line, long col, const char *fmt, ...)
{
    if (!d || d->has_error)
        return -1;
    int p = prefix(d->error, sizeof(d->error), path, line, col);
    if (p < 0 || (size_t)p >= sizeof(d->error))
        p = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->error + p, sizeof(d->error) - (size_t)p, fmt, ap);
    va_end(ap);
    d->has_error = 1;
    return -1;
}

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* FNV-1a over the path (NULL apart from "") and the key, the class's name. */
static size_t class_hash(const char *path, const char *key)
{
    uint64_t h = UINT64_C(1469598103934665603);
    const char *parts[2] = {path, key ? key : "warning"};
    for (int k = 0; k < 2; k++) {
        h = (h ^ (uint64_t)(parts[k] != NULL)) * UINT64_C(1099511628211);
        for (const unsigned char *p = (const unsigned char *)parts[k]; p && *p; p++)
            h = (h ^ *p) * UINT64_C(1099511628211);
        h = (h ^ 0xFF) * UINT64_C(1099511628211); /* "ab"+"c" is not "a"+"bc" */
    }
    return (size_t)h;
}

/* The slot of (path, key): the one holding its class, or the empty one
 * where it goes. n_slots is a power of two and never full. */
static size_t *class_slot(const rg_diag *d, const char *path, const char *key)
{
    size_t mask = d->n_slots - 1, i = class_hash(path, key) & mask;
    const char *k = key ? key : "warning";
    while (d->slots[i] != 0) {
        const rg_warning *w = &d->warnings[d->slots[i] - 1];
        if (same(w->path, path) && same(w->key, k))
            break;
        i = (i + 1) & mask;
    }
    return &d->slots[i];
}

/* Room for one more class at most half full. Returns 0, -1 out of memory. */
static int grow_slots(rg_diag *d)
{
    if ((d->n_warnings + 1) * 2 <= d->n_slots)
        return 0;
    size_t n = d->n_slots ? d->n_slots * 2 : 16;
    size_t *slots = rg_calloc(n, sizeof(*slots));
    if (!slots)
        return -1;
    rg_free(d->slots);
    d->slots = slots;
    d->n_slots = n;
    for (size_t i = 0; i < d->n_warnings; i++)
        *class_slot(d, d->warnings[i].path, d->warnings[i].key) = i + 1;
    return 0;
}

void rg_diag_warn(rg_diag *d, const char *path, long line, long col, const char *key,
                  const char *fmt, ...)
{
    if (!d)
        return;
    if (grow_slots(d) != 0)
        return; /* out of memory: the warning is lost, the build goes on */
    size_t *slot = class_slot(d, path, key);
    if (*slot != 0) {
        d->warnings[*slot - 1].count++;
        return;
    }
    if (d->n_warnings == d->cap_warnings) {
        size_t cap = d->cap_warnings ? d->cap_warnings * 2 : 8;
        rg_warning *w = rg_realloc(d->warnings, cap * sizeof(*w));
        if (!w)
            return; /* out of memory: the warning is lost, the build goes on */
        d->warnings = w;
        d->cap_warnings = cap;
    }
    char msg[1024];
    int p = prefix(msg, sizeof(msg), path, line, col);
    if (p < 0 || (size_t)p >= sizeof(msg))
        p = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + p, sizeof(msg) - (size_t)p, fmt, ap);
    va_end(ap);
    rg_warning *w = &d->warnings[d->n_warnings];
    w->path = rg_strdup(path);
    w->key = rg_strdup(key ? key : "warning");
    w->first = rg_strdup(msg);
    w->count = 1;
    w->line = line;
    if ((path && !w->path) || !w->key || !w->first) {
        rg_free(w->path);
        rg_free(w->key);
        rg_free(w->first);
        return;
    }
    *slot = ++d->n_warnings;
}

char *rg_warning_summary(const rg_warning *w)
{
    char buf[1200];
    if (w->count > 1)
        snprintf(buf, sizeof(buf), "warning: %s (and %llu more like it)", w->first,
                 (unsigned long long)(w->count - 1));
    else
        snprintf(buf, sizeof(buf), "warning: %s", w->first);
    return rg_strdup(buf);
}

uint64_t rg_diag_warning_total(const rg_diag *d, const char *key)
{
    uint64_t n = 0;
    for (size_t i = 0; i < d->n_warnings; i++)
        if (!key || strcmp(d->warnings[i].key, key) == 0)
            n += d->warnings[i].count;
    return n;
}
