/* metricfmt.c -- sample buffers, handing series to the sink, and Prometheus
 * series texts, for the metric importers (metricfmt.h). */
#include "metricfmt.h"

#include <string.h>

#include "alloc.h"

int rg_sample_buf_add(rg_sample_buf *b, int64_t at_us, double value)
{
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
