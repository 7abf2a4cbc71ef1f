/* metricfmt.c -- sample buffers, handing series to the sink, and Prometheus
 * series texts, for the metric importers (metricfmt.h). */
#include "metricfmt.h"

#include <stdint.h>
#include <string.h>

#include "alloc.h"

/* Keeps, of each of limit / 8 equal time slices of b's span, the first, last,
 * lowest and highest sample (metricfmt.h). Returns 0, -1 when out of memory. */
static int thin(rg_sample_buf *b)
{
    size_t n = b->n;
    if (n < 2)
        return 0;
    rg_sample *tmp = rg_malloc(n * sizeof(*tmp));
    if (!tmp)
        return -1;
    rg_samples_sort(b->v, tmp, n);
    rg_free(tmp);
    /* One sample per instant: the first read. */
    size_t u = 1;
    for (size_t i = 1; i < n; i++) {
        if (b->v[i].at_us == b->v[u - 1].at_us) {
            b->n_repeated++;
            continue;
        }
        b->v[u++] = b->v[i];
    }
    size_t slices = b->limit >= 16 ? b->limit / 8 : 2; /* a limit under 16 is 16 */
    uint64_t span = (uint64_t)b->v[u - 1].at_us - (uint64_t)b->v[0].at_us;
    uint64_t width = span / slices + 1; /* slice k: [t0 + k * width, t0 + (k + 1) * width) */
    size_t kept = 0;
    for (size_t i = 0; i < u;) {
        uint64_t slice = ((uint64_t)b->v[i].at_us - (uint64_t)b->v[0].at_us) / width;
        size_t j = i, lo = SIZE_MAX, hi = SIZE_MAX;
        for (; j < u && ((uint64_t)b->v[j].at_us - (uint64_t)b->v[0].at_us) / width == slice; j++) {
            double v = b->v[j].value;
            if (v != v)
                continue; /* NaN: a gap, never an extreme */
            if (lo == SIZE_MAX || v < b->v[lo].value)
                lo = j;
            if (hi == SIZE_MAX || v > b->v[hi].value)
                hi = j;
        }
        /* samples i..j-1 are the slice; keep i, lo, hi, j-1 in time order */
        for (size_t k = i; k < j; k++)
            if (k == i || k == j - 1 || k == lo || k == hi)
                b->v[kept++] = b->v[k];
        i = j;
    }
    b->n_thinned += u - kept;
    b->n = kept;
    return 0;
}

int rg_sample_buf_finish(rg_sample_buf *b)
{
    return b->limit && b->n_thinned ? thin(b) : 0;
}

int rg_sample_buf_add(rg_sample_buf *b, int64_t at_us, double value)
{
    if (b->limit && b->n >= b->limit && thin(b) != 0)
        return -1;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        rg_sample *v = rg_realloc(b->v, cap * sizeof(*v));
        if (!v)
            return -1;
        b->v = v;
        b->cap = cap;
    }
    b->v[b->n].at_us = at_us;
    b->v[b->n].value = value;
    b->n++;
    if (b->n > b->high)
        b->high = b->n;
    return 0;
}

void rg_sample_buf_free(rg_sample_buf *b)
{
    rg_free(b->v);
    memset(b, 0, sizeof(*b));
}

rg_series *rg_series_new(rg_sink *sink, const char *path, size_t k, const char *name)
{
    rg_series *s = rg_arena_alloc(sink->arena, sizeof(*s));
    if (!s)
        return NULL;
    s->name = rg_arena_strdup(sink->arena, name ? name : "");
    s->origin = rg_arena_printf(sink->arena, "%s:series %zu", path, k);
    return s->name && s->origin ? s : NULL;
}

int rg_series_add_label(rg_sink *sink, rg_series *s, const char *name, size_t name_len,
                        const char *value, size_t value_len)
{
    /* Labels are few (a handful per series): the array is copied to grow. */
    rg_label *v = rg_arena_alloc(sink->arena, (s->n_labels + 1) * sizeof(*v));
    if (!v)
        return -1;
    if (s->n_labels)
        memcpy(v, s->labels, s->n_labels * sizeof(*v));
    v[s->n_labels].name = rg_arena_strndup(sink->arena, name, name_len);
    v[s->n_labels].value = rg_utf8_clean(sink->arena, value, value_len, NULL);
    if (!v[s->n_labels].name || !v[s->n_labels].value)
        return -1;
    s->labels = v;
    s->n_labels++;
    return 0;
}

int rg_series_hand_over(rg_sink *sink, const char *path, rg_series *s, rg_sample_buf *b)
{
    if (!sink->emit_series)
        return rg_diag_error(sink->diag, path, 0, 0, "this reader takes no metric series");
    s->n_repeated += b->n_repeated; /* what thinning dropped as the core would */
    b->n_repeated = 0;
    int rc = sink->emit_series(sink, s, b->v, b->n);
    b->n = 0;
    if (rc != 0 && !sink->diag->has_error)
        rg_diag_error(sink->diag, path, 0, 0, "out of memory");
    return rc;
}

static int name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static int name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

size_t rg_prom_series_text(rg_sink *sink, const char *s, size_t n, rg_series *out)
{
    size_t p = 0;
    while (p < n && (p == 0 ? name_start(s[p]) : name_char(s[p])))
        p++;
    size_t name_len = p;
    if (out && name_len && !(out->name = rg_arena_strndup(sink->arena, s, name_len)))
        return (size_t)-1;
    if (out && !name_len)
        out->name = "";
    if (p >= n || s[p] != '{')
        return name_len;
    p++;
    rg_buf value = {0};
    size_t rc = 0;
    for (;;) {
        while (p < n && s[p] == ' ')
            p++;
        if (p < n && s[p] == '}') {
            rc = p + 1;
            break;
        }
        size_t ks = p;
        while (p < n && (p == ks ? name_start(s[p]) : name_char(s[p])) && s[p] != ':')
            p++;
        size_t ke = p;
        if (ke == ks || p >= n || s[p] != '=' || p + 1 >= n || s[p + 1] != '"')
            break;
        p += 2;
        rg_buf_reset(&value);
        int closed = 0, bad = 0;
        while (p < n) {
            char c = s[p++];
            if (c == '"') {
                closed = 1;
                break;
            }
            if (c == '\\' && p < n) {
                char e = s[p++];
                c = e == 'n' ? '\n' : e;
            }
            if (out && rg_buf_putc(&value, c) != 0) {
                bad = 1;
                break;
            }
        }
        if (bad) {
            rc = (size_t)-1;
            break;
        }
        if (!closed)
            break;
        if (out) {
            const char *v = value.data ? value.data : "";
            if (ke - ks == 8 && memcmp(s + ks, "__name__", 8) == 0) {
                if (!(out->name = rg_utf8_clean(sink->arena, v, value.len, NULL))) {
                    rc = (size_t)-1;
                    break;
                }
            } else if (rg_series_add_label(sink, out, s + ks, ke - ks, v, value.len) != 0) {
                rc = (size_t)-1;
                break;
            }
        }
        if (p < n && s[p] == ',')
            p++;
        else if (p < n && s[p] != '}')
            break;
    }
    rg_buf_free(&value);
    return rc;
}
