/* diag.c -- first-error-wins error record and counted warning classes. */
#include "diag.h"

#include <stdarg.h>
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

void rg_diag_warn(rg_diag *d, const char *path, long line, long col, const char *key,
                  const char *fmt, ...)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_warnings; i++) {
        if (same(d->warnings[i].path, path) && same(d->warnings[i].key, key)) {
            d->warnings[i].count++;
            return;
        }
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
    d->n_warnings++;
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
