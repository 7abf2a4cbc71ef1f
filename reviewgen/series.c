/* series.c -- monitoring metric series: values, identity, samples sorted and
 * cut to the window, manifest thresholds matched, crossings and the events
 * they give (README, "Metrics"; series.h has the contract). */
#include "series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "timeparse.h"

int rg_metric_value_parse(const char *s, size_t n, double *v)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    char buf[64];
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    const char *p = buf;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (strcasecmp(p, "nan") == 0) {
        *v = NAN;
        return 0;
    }
    if (strcasecmp(p, "inf") == 0 || strcasecmp(p, "infinity") == 0) {
        *v = neg ? -INFINITY : INFINITY;
        return 0;
    }
    /* strtod would also take hex floats and "0x..."; metric systems write
     * decimals, so anything else is not a value */
    for (const char *q = p; *q; q++)
        if (!((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' || *q == '+' ||
              *q == '-'))
            return -1;
    if (!(*p >= '0' && *p <= '9') && !(*p == '.' && p[1] >= '0' && p[1] <= '9'))
        return -1;
    char *end;
    double d = strtod(buf, &end);
    if (*end != '\0')
        return -1;
    *v = d;
    return 0;
}

char *rg_metric_value_text(double v, char buf[32])
{
    if (isnan(v))
        snprintf(buf, 32, "NaN");
    else if (isinf(v))
        snprintf(buf, 32, "%s", v > 0 ? "+Inf" : "-Inf");
    else if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, 32, "%.0f", v == 0 ? 0.0 : v); /* no "-0" */
    else
        snprintf(buf, 32, "%.6g", v);
    return buf;
}

static int cmp_labels(const void *a, const void *b)
{
    const rg_label *x = *(const rg_label *const *)a, *y = *(const rg_label *const *)b;
    return strcmp(x->name, y->name);
}

const char *rg_series_key_text(rg_arena *a, const rg_series *s)
{
    const char *name = s->name ? s->name : "";
    if (s->n_labels == 0)
        return rg_arena_strdup(a, name);
    const rg_label **sorted = rg_malloc(s->n_labels * sizeof(*sorted));
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < s->n_labels; i++)
        sorted[i] = &s->labels[i];
    qsort(sorted, s->n_labels, sizeof(*sorted), cmp_labels);
    rg_buf b = {0};
    int bad = rg_buf_puts(&b, name) != 0 || rg_buf_putc(&b, '{') != 0;
    for (size_t i = 0; i < s->n_labels && !bad; i++) {
        bad |= (i && rg_buf_putc(&b, ',') != 0) || rg_buf_puts(&b, sorted[i]->name) != 0 ||
               rg_buf_puts(&b, "=\"") != 0;
        /* a quote or backslash inside a value is escaped, so two label sets
         * never give the same key */
        for (const char *c = sorted[i]->value ? sorted[i]->value : ""; *c && !bad; c++)
            bad |= ((*c == '"' || *c == '\\') && rg_buf_putc(&b, '\\') != 0) ||
                   rg_buf_putc(&b, *c) != 0;
        bad |= !bad && rg_buf_putc(&b, '"') != 0;
    }
    bad |= !bad && rg_buf_putc(&b, '}') != 0;
    const char *out = bad ? NULL : rg_arena_strndup(a, b.data, b.len);
    rg_buf_free(&b);
    rg_free(sorted);
    return out;
}

void rg_samples_sort(rg_sample *v, rg_sample *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    rg_samples_sort(v, tmp, h);
    rg_samples_sort(v + h, tmp, n - h);
    if (v[h - 1].at_us <= v[h].at_us)
        return;
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = v[j].at_us < v[i].at_us ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof(*v));
}

int rg_series_set_samples(rg_arena *a, rg_series *s, const rg_sample *in, size_t n, int has_window,
                          int64_t from_us, int64_t to_us)
{
    rg_sample *tmp = rg_malloc((n ? n : 1) * 2 * sizeof(*tmp));
    if (!tmp)
        return -1;
    memcpy(tmp, in, n * sizeof(*tmp));
    rg_samples_sort(tmp, tmp + n, n);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (has_window && (tmp[i].at_us < from_us || tmp[i].at_us > to_us)) {
            s->n_outside++;
            continue;
        }
        if (kept && tmp[kept - 1].at_us == tmp[i].at_us) {
            s->n_repeated++;
            continue;
        }
        tmp[kept++] = tmp[i];
    }
    s->samples = rg_arena_alloc(a, (kept ? kept : 1) * sizeof(*s->samples));
    if (s->samples)
        memcpy(s->samples, tmp, kept * sizeof(*tmp));
    s->n_samples = s->samples ? kept : 0;
    rg_free(tmp);
    return s->samples ? 0 : -1;
}

int rg_series_merge(rg_arena *a, rg_series *into, const rg_series *from)
{
    size_t n = into->n_samples + from->n_samples, k = 0, i = 0, j = 0;
    rg_sample *out = rg_arena_alloc(a, (n ? n : 1) * sizeof(*out));
    if (!out)
        return -1;
    while (i < into->n_samples || j < from->n_samples) {
        if (j == from->n_samples ||
            (i < into->n_samples && into->samples[i].at_us <= from->samples[j].at_us)) {
            if (j < from->n_samples && into->samples[i].at_us == from->samples[j].at_us) {
                into->n_repeated++;
                j++;
            }
            out[k++] = into->samples[i++];
        } else {
            out[k++] = from->samples[j++];
        }
    }
    into->samples = out;
    into->n_samples = k;
    into->n_outside += from->n_outside;
    into->n_repeated += from->n_repeated;
    return 0;
}

static const char *label_value(const rg_series *s, const char *name)
{
    if (strcmp(name, "__name__") == 0)
        return s->name ? s->name : "";
    for (size_t i = 0; i < s->n_labels; i++)
        if (strcmp(s->labels[i].name, name) == 0)
            return s->labels[i].value ? s->labels[i].value : "";
    return NULL;
}

int rg_series_match(const rg_series *s, const rg_metric_rule *rule)
{
    if (!rule->has_match)
        return s->name && strcmp(s->name, rule->series) == 0;
    for (size_t i = 0; i < rule->n_match; i++) {
        const char *v = label_value(s, rule->match_keys[i]);
        if (!v || strcmp(v, rule->match_values[i]) != 0)
            return 0;
    }
    return 1;
}

static int beyond(const rg_metric_rule *r, double v)
{
    return r->below ? v < r->threshold : v > r->threshold;
}

int rg_series_crossings(rg_arena *a, rg_series *s)
{
    s->crossings = NULL;
    s->n_crossings = 0;
    if (!s->rule)
        return 0;
    size_t n = 0;
    int state = -1; /* -1 no sample yet, 0 within, 1 beyond */
    for (size_t i = 0; i < s->n_samples; i++) {
        if (isnan(s->samples[i].value))
            continue;
        int b = beyond(s->rule, s->samples[i].value);
        if (b && state != 1)
            n++;
        state = b;
    }
    if (n == 0)
        return 0;
    s->crossings = rg_arena_alloc(a, n * sizeof(*s->crossings));
    if (!s->crossings)
        return -1;
    state = -1;
    for (size_t i = 0; i < s->n_samples; i++) {
        const rg_sample *p = &s->samples[i];
        if (isnan(p->value))
            continue;
        int b = beyond(s->rule, p->value);
        if (b && state != 1) {
            rg_crossing *c = &s->crossings[s->n_crossings++];
            c->breach_us = p->at_us;
            c->breach_value = p->value;
            c->from_start = state == -1;
        } else if (!b && state == 1) {
            rg_crossing *c = &s->crossings[s->n_crossings - 1];
            c->recovered = 1;
            c->recovered_us = p->at_us;
            c->recovered_value = p->value;
        }
        state = b;
    }
    return 0;
}

int rg_series_extreme(const rg_series *s, int want_max, rg_sample *out)
{
    int any = 0;
    for (size_t i = 0; i < s->n_samples; i++) {
        const rg_sample *p = &s->samples[i];
        if (isnan(p->value))
            continue;
        if (!any || (want_max ? p->value > out->value : p->value < out->value))
            *out = *p;
        any = 1;
    }
    return any ? 0 : -1;
}

/* One crossing's event: the breach, or (recovered = 1) its recovery. */
static rg_event *crossing_event(rg_arena *a, const rg_series *s, const rg_crossing *c,
                                int recovered)
{
    const rg_metric_rule *r = s->rule;
    char thr[32], val[32], when[32];
    rg_metric_value_text(r->threshold, thr);
    rg_metric_value_text(recovered ? c->recovered_value : c->breach_value, val);
    int64_t at = recovered ? c->recovered_us : c->breach_us;
    const char *dir = r->below ? "below" : "above";
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return NULL;
    ev->at_us = at;
    ev->kind = RG_KIND_METRIC;
    ev->type = recovered ? "metric.recovered" : "metric.breach";
    ev->source = s->source;
    ev->actor = s->display;
    ev->human = 0;
    /* The sample's own text is not kept with the series: the instant is
     * given as reviewgen reads it, in UTC. */
    ev->time_text = rg_arena_strdup(a, rg_time_format(at, when));
    if (recovered) {
        ev->text = rg_arena_printf(a, "%s back %s %s: %s", s->display,
                                   r->below ? "at or above" : "at or below", thr, val);
        ev->origin = rg_arena_printf(a, "%s (first sample back %s %s)", s->origin,
                                     r->below ? "at or above" : "at or below", thr);
    } else {
        ev->text = rg_arena_printf(a, "%s %s %s: %s%s", s->display, dir, thr, val,
                                   c->from_start ? " (already at the first sample)" : "");
        ev->origin = rg_arena_printf(a, "%s (first sample %s %s)", s->origin, dir, thr);
    }
    if (!ev->time_text || !ev->text || !ev->origin || rg_event_attr(a, ev, "value", val) != 0 ||
        rg_event_attr(a, ev, "threshold", thr) != 0 ||
        rg_event_attr(a, ev, "direction", dir) != 0 ||
        rg_event_attr(a, ev, "series", s->origin) != 0 ||
        (!recovered && c->from_start && rg_event_attr(a, ev, "from_start", "true") != 0))
        return NULL;
    /* The same series read from two copies of an export is merged before
     * this, so the identity only guards a series given under two formats'
     * names: the key, the instant and the type. */
    char id[64];
    snprintf(id, sizeof(id), "\x1f%lld", (long long)at);
    const char *ident = rg_arena_printf(a, "%s%s", s->key ? s->key : "", id);
    if (!ident)
        return NULL;
    rg_event_identity(ev, ident, strlen(ident));
    return ev;
}

int rg_series_events(rg_arena *a, const rg_series *s, int (*emit)(void *ctx, rg_event *ev),
                     void *ctx)
{
    for (size_t i = 0; i < s->n_crossings; i++) {
        const rg_crossing *c = &s->crossings[i];
        for (int rec = 0; rec <= c->recovered; rec++) {
            rg_event *ev = crossing_event(a, s, c, rec);
            if (!ev || emit(ctx, ev) != 0)
                return -1;
        }
    }
    return 0;
}
