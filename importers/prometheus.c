/* prometheus.c -- Prometheus query exports as monitoring series (README,
 * "Metrics"): HTTP API responses and `promtool tsdb dump` text.
 *
 * What it reads:
 * - A query_range response {"status": "success", "data": {"resultType":
 *   "matrix", "result": [{"metric": {...}, "values": [[1435781430.781,
 *   "1"], ...]}]}}; an instant query's "vector" ({"metric", "value": [t,
 *   "v"]}) gives one-sample series. Also the "data" object alone, the bare
 *   "result" array people save with `jq .data.result`, and several responses
 *   one after another (one per line). Loki's metric queries answer in the
 *   same shape and are read the same.
 *   A response over 1 MiB is read series by series (jsonstream.h: memory
 *   follows the largest series), unless its resultType holds no series
 *   (named in its head, or met before its result), or no series is found
 *   in it: those are read whole, which words what is wrong as before.
 * - `promtool tsdb dump` lines `{__name__="up", instance="a", job="b"} 1
 *   1435781430781` (milliseconds) and `promtool tsdb dump-openmetrics` lines
 *   `up{instance="a",job="b"} 1 1435781430.781` (seconds): streamed line by
 *   line; "#" lines are skipped.
 *
 * What it decides:
 * - A series is its name (__name__, "" for an expression) and its other
 *   labels; its origin is "file:series K", K counting the series of the file
 *   from 1 in the order they first appear.
 * - Times are read from the text as digits (never through a double): the
 *   API's epoch seconds with their fraction, the dump's milliseconds (or the
 *   OpenMetrics seconds: the unit goes by the number's size). Values are the
 *   API's strings ("0.05", "NaN", "+Inf"); NaN samples are kept as gaps.
 * - A sample that cannot be read (not a pair, a time or value that is not
 *   one) is warning "bad-sample" with its line and column and is skipped: the
 *   samples read = kept + warned. A series that is not an object with
 *   "values" or "value" is warning "bad-series". Native histogram samples are
 *   warning "histogram" (not read).
 * - {"status": "error"} is an error quoting Prometheus's; a "scalar" or
 *   "string" result is an error (it holds no series); an empty result is
 *   warning "no-series". */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"
#include "linereader.h"
#include "metricfmt.h"
#include "zfile.h"

typedef struct prom {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    rg_locator loc;
    rg_json_offsets values; /* the elements of a series' "values": the [t, "v"] pairs */
    rg_json_offsets value;  /* the elements of a series' "value": t and "v" of a vector */
    rg_json_offsets result; /* elements of arrays named "result": the series */
    rg_json_offsets top;    /* elements of a top-level array */
    rg_sample_buf buf;
    size_t n_series; /* series read so far: the K of "series K" */
    size_t handed;   /* series the streamed reader handed over */
    int no_series;   /* the streamed reader met a resultType that holds none */
} prom;

static int oom(prom *p)
{
    return rg_diag_error(p->sink->diag, p->src->path, 0, 0, "out of memory");
}

/* A located warning; offsets mostly grow, so the locator walks forward. */
static void warn_at(prom *p, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(prom *p, size_t off, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_locate(&p->loc, off, &line, &col);
    rg_jsondocs_fix(&p->docs, &line, &col);
    rg_diag_warn(p->sink->diag, p->src->path, line, col, key, "%s", msg);
}

/* The epoch time written at text[off...] (a JSON number, or a string of
 * one), read as digits in seconds. Returns 0 and sets *at_us, -1 when it is
 * not one. */
static int time_at(prom *p, size_t off, int64_t *at_us)
{
    const char *t = p->docs.text;
    size_t len = p->docs.len, s = off, e;
    if (s < len && t[s] == '"') {
        s++;
        e = s;
        while (e < len && t[e] != '"')
            e++;
    } else {
        e = s;
        while (e < len && ((t[e] >= '0' && t[e] <= '9') || t[e] == '.' || t[e] == '-'))
            e++;
    }
    if (e == s || rg_time_epoch_text(t + s, e - s, 1, at_us) != e - s)
        return -1;
    *at_us += p->src->offset_us;
    return 0;
}

static int value_of(const json_t *v, double *out)
{
    if (json_is_string(v))
        return rg_metric_value_parse(json_string_value(v), json_string_length(v), out);
    if (json_is_number(v)) {
        *out = json_number_value(v);
        return 0;
    }
    return -1;
}

/* One [t, "v"] pair at text[off] ('['). Returns 0 (read or warned), -1 when
 * out of memory. */
static int pair(prom *p, const json_t *pr, size_t off)
{
    if (!json_is_array(pr) || json_array_size(pr) != 2) {
        warn_at(p, off, "bad-sample", "expected a sample [time, \"value\"], got %s; skipped",
                json_is_array(pr) ? "an array of another length" : rg_json_type_name(pr));
        return 0;
    }
    int64_t at;
    double v;
    size_t toff = rg_json_skip_space(p->docs.text, p->docs.len, off + 1);
    if (p->docs.text[off] != '[' || time_at(p, toff, &at) != 0) {
        warn_at(p, toff, "bad-sample", "the sample's time is not epoch seconds; skipped");
        return 0;
    }
    if (value_of(json_array_get(pr, 1), &v) != 0) {
        warn_at(p, off, "bad-sample", "the sample's value is not a number; skipped");
        return 0;
    }
    return rg_sample_buf_add(&p->buf, at, v) == 0 ? 0 : oom(p);
}

static int labels_of(prom *p, rg_series *s, const json_t *metric, size_t off)
{
    if (!metric)
        return 0;
    if (!json_is_object(metric)) {
        warn_at(p, off, "bad-series", "\"metric\" is %s, expected an object of labels",
                rg_json_type_name(metric));
        return 0;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)metric, k, v)
    {
        if (!json_is_string(v))
            continue;
        if (strcmp(k, "__name__") == 0) {
            s->name =
                rg_utf8_clean(p->sink->arena, json_string_value(v), json_string_length(v), NULL);
            if (!s->name)
                return oom(p);
        } else if (rg_series_add_label(p->sink, s, k, strlen(k), json_string_value(v),
                                       json_string_length(v)) != 0) {
            return oom(p);
        }
    }
    return 0;
}

/* One element of a result array at text[off]. */
static int series(prom *p, const json_t *el, size_t off)
{
    if (!json_is_object(el)) {
        warn_at(p, off, "bad-series", "expected a series {\"metric\", \"values\"}, got %s; skipped",
                rg_json_type_name(el));
        return 0;
    }
    const json_t *values = json_object_get(el, "values");
    const json_t *value = json_object_get(el, "value");
    if (!values && !value) {
        if (json_object_get(el, "histograms") || json_object_get(el, "histogram"))
            warn_at(p, off, "histogram", "native histogram samples are not read; series skipped");
        else
            warn_at(p, off, "bad-series", "series has neither \"values\" nor \"value\"; skipped");
        return 0;
    }
    if ((values && !json_is_array(values)) || (!values && !json_is_array(value))) {
        warn_at(p, off, "bad-series", "\"%s\" is %s, expected an array; series skipped",
                values ? "values" : "value", rg_json_type_name(values ? values : value));
        return 0;
    }
    rg_series *s = rg_series_new(p->sink, p->src->path, ++p->n_series, NULL);
    if (!s || labels_of(p, s, json_object_get(el, "metric"), off) != 0)
        return oom(p);
    /* its samples located in its own array (the last of the name, as the
     * tree holds it) */
    rg_json_offsets_path(values ? &p->values : &p->value, p->docs.text, off, p->docs.len,
                         values ? "values" : "value");
    p->buf.n = 0;
    if (values) {
        size_t i;
        const json_t *pr;
        json_array_foreach(values, i, pr)
        {
            if (pair(p, pr, rg_json_offsets_take(&p->values, off)) != 0)
                return -1;
        }
    } else {
        /* a vector's "value": [t, "v"]: its two elements are found as
         * elements of an array named "value" */
        size_t toff = rg_json_offsets_take(&p->value, off);
        rg_json_offsets_take(&p->value, off);
        int64_t at;
        double v;
        if (json_array_size(value) != 2 || time_at(p, toff, &at) != 0)
            warn_at(p, toff, "bad-sample", "the sample's time is not epoch seconds; skipped");
        else if (value_of(json_array_get(value, 1), &v) != 0)
            warn_at(p, toff, "bad-sample", "the sample's value is not a number; skipped");
        else if (rg_sample_buf_add(&p->buf, at, v) != 0)
            return oom(p);
    }
    return rg_series_hand_over(p->sink, p->src->path, s, &p->buf);
}

static int result_array(prom *p, const json_t *result, rg_json_offsets *offs, size_t off)
{
    if (json_array_size(result) == 0) {
        warn_at(p, off, "no-series", "the query returned no series");
        return 0;
    }
    size_t i;
    const json_t *el;
    json_array_foreach(result, i, el)
    {
        if (series(p, el, rg_json_offsets_take(offs, off)) != 0)
            return -1;
    }
    return 0;
}

static int shape(prom *p, size_t off, const char *fmt, const char *arg)
{
    return rg_jsondocs_shape(&p->docs, off, fmt, arg);
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    prom *p = ctx;
    const char *text = p->docs.text;
    rg_jsondocs_follow(&p->docs, &p->loc);
    rg_json_offsets_find(&p->result, text, off, end, "result");
    rg_json_offsets_find(&p->top, text, off, end, NULL);
    int rc = 0;
    if (json_is_array(root)) {
        rc = result_array(p, root, &p->top, off);
        goto done;
    }
    if (!json_is_object(root)) {
        rc = shape(p, off,
                   "expected a Prometheus query response {\"status\", \"data\"} or its result "
                   "array, got %s",
                   rg_json_type_name(root));
        goto done;
    }
    const char *status = rg_json_str(root, "status");
    if (status && strcmp(status, "error") == 0) {
        const char *type = rg_json_str(root, "errorType"), *err = rg_json_str(root, "error");
        char what[300];
        snprintf(what, sizeof(what), "%s%s%s", type ? type : "", type && err ? ": " : "",
                 err ? err : "");
        rc = shape(p, off, "the export is Prometheus's error response: %s", what);
        goto done;
    }
    const json_t *data = json_object_get(root, "data");
    if (!data && json_object_get(root, "resultType"))
        data = root; /* `jq .data` */
    if (!json_is_object(data)) {
        rc = shape(p, data ? rg_json_member_value(text, off, end, "data") : off,
                   "expected a Prometheus query response with \"data\": {\"resultType\", "
                   "\"result\"}, got %s",
                   data ? rg_json_type_name(data) : "an object without \"data\"");
        goto done;
    }
    const char *type = rg_json_str(data, "resultType");
    const json_t *result = json_object_get(data, "result");
    size_t roff = rg_json_member_value(text, off, end, "result");
    if (type && strcmp(type, "matrix") != 0 && strcmp(type, "vector") != 0) {
        rc = shape(p, rg_json_member_value(text, off, end, "resultType"),
                   "a '%s' result holds no series; export a range query (query_range) instead",
                   type);
        goto done;
    }
    if (!json_is_array(result)) {
        rc = shape(p, result ? roff : off, "expected \"result\" to be an array of series, got %s",
                   result ? rg_json_type_name(result) : "none");
        goto done;
    }
    rc = result_array(p, result, &p->result, roff);
done:
    rg_json_offsets_free(&p->values);
    rg_json_offsets_free(&p->value);
    rg_json_offsets_free(&p->result);
    rg_json_offsets_free(&p->top);
    return rc;
}

/* A series of a large response read series by series (jsonstream.h): of
 * "data.result" or "result" (env the members before it), or of a bare result
 * array (key NULL). A "data" without "result" (key "data", env NULL) is
 * not counted: nothing handed, the file is read whole, which says what is
 * wrong. So is a result whose resultType, written before it but past the
 * head parse() looked at, holds no series (a scalar's [t, "v"]): the read
 * stops at its first element, before anything is handed. */
static int element(void *ctx, const char *key, const json_t *env, const json_t *el, size_t off,
                   size_t end)
{
    prom *p = ctx;
    (void)end;
    if (key && !env && strcmp(key, "data") == 0)
        return 0;
    const char *type = env ? rg_json_str(env, "resultType") : NULL;
    if (type && strcmp(type, "matrix") != 0 && strcmp(type, "vector") != 0) {
        p->no_series = 1;
        return -1;
    }
    p->handed++;
    rg_jsondocs_follow(&p->docs, &p->loc);
    int rc = series(p, el, off); /* it finds its samples' offsets itself */
    rg_json_offsets_free(&p->values);
    rg_json_offsets_free(&p->value);
    return rc;
}

static const char *const stream_keys[] = {"data.result", "result", NULL};

/* ---- promtool tsdb dump text ---- */

static size_t token_end(const char *s, size_t n, size_t p)
{
    while (p < n && s[p] != ' ' && s[p] != '\t')
        p++;
    return p;
}

/* Splits a dump line into its series text, value and time. Returns 1 when
 * it is one (without allocating), else 0. */
static int dump_line(const char *s, size_t n, size_t *series_len, double *v, const char **ts,
                     size_t *ts_len)
{
    size_t p = rg_prom_series_text(NULL, s, n, NULL);
    if (p == 0 || p == (size_t)-1 || p >= n || s[p] != ' ')
        return 0;
    *series_len = p;
    while (p < n && s[p] == ' ')
        p++;
    size_t ve = token_end(s, n, p);
    if (ve == p || rg_metric_value_parse(s + p, ve - p, v) != 0)
        return 0;
    p = ve;
    while (p < n && s[p] == ' ')
        p++;
    size_t te = token_end(s, n, p);
    if (te == p)
        return 0;
    *ts = s + p;
    *ts_len = te - p;
    p = te;
    while (p < n && (s[p] == ' ' || s[p] == '\t'))
        p++;
    return p == n;
}

typedef struct dump {
    prom *p;
    rg_series *s; /* the series being read */
    char *key;    /* its text as written (owned), to see where the next begins */
    size_t key_len;
} dump;

static int dump_flush(dump *d)
{
    if (!d->s)
        return 0;
    int rc = rg_series_hand_over(d->p->sink, d->p->src->path, d->s, &d->p->buf);
    d->s = NULL;
    return rc;
}

static int parse_dump(prom *p)
{
    rg_linereader r;
    if (rg_linereader_open(&r, p->src->path, p->sink) != 0)
        return -1;
    dump d = {p, NULL, NULL, 0};
    long first = 0;
    uint64_t n_lines = 0;
    int rc = 0, got, cut;
    const char *line;
    size_t len;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1) {
        if (rg_is_blank(line, len) || line[0] == '#')
            continue;
        if (!first)
            first = r.line;
        size_t sl, tl;
        const char *ts;
        double v;
        int64_t at;
        if (cut || !dump_line(line, len, &sl, &v, &ts, &tl)) {
            rg_diag_warn(p->sink->diag, p->src->path, r.line, 1, "bad-sample",
                         "not a `promtool tsdb dump` sample line (series value time); skipped");
            continue;
        }
        n_lines++;
        if (rg_time_epoch_text(ts, tl, 0, &at) != tl) {
            rg_diag_warn(p->sink->diag, p->src->path, r.line, (long)(ts - line) + 1, "bad-sample",
                         "the sample's time '%.*s' is not an epoch time; skipped",
                         (int)(tl > 40 ? 40 : tl), ts);
            continue;
        }
        if (!d.s || sl != d.key_len || memcmp(line, d.key, sl) != 0) {
            if (dump_flush(&d) != 0) {
                rc = -1;
                break;
            }
            char *k = rg_realloc(d.key, sl + 1);
            if (!k) {
                rc = oom(p);
                break;
            }
            memcpy(k, line, sl);
            d.key = k;
            d.key_len = sl;
            d.s = rg_series_new(p->sink, p->src->path, ++p->n_series, NULL);
            if (!d.s || rg_prom_series_text(p->sink, line, sl, d.s) != sl) {
                rc = oom(p);
                break;
            }
        }
        if (rg_sample_buf_add(&p->buf, at + p->src->offset_us, v) != 0) {
            rc = oom(p);
            break;
        }
    }
    if (rc == 0 && (got < 0 || dump_flush(&d) != 0))
        rc = -1;
    if (rc == 0)
        rg_linereader_finish(&r);
    if (rc == 0 && n_lines == 0 && first)
        rc = rg_diag_error(p->sink->diag, p->src->path, first, 1,
                           "expected Prometheus query JSON or `promtool tsdb dump` lines, found "
                           "neither");
    rg_free(d.key);
    rg_linereader_close(&r);
    return rc;
}

/* JSON opens with '{' and a key or '}', '[', a string or a number; a dump
 * line opens with a name or with '{' and a label name. */
static int is_json(const char *s, size_t n)
{
    size_t p = rg_json_start(s, n);
    if (p >= n)
        return 1; /* empty: let the JSON reader say so */
    if (s[p] == '[' || s[p] == '"' || s[p] == '-' || (s[p] >= '0' && s[p] <= '9'))
        return 1;
    if (s[p] != '{')
        return 0;
    p = rg_json_skip_space(s, n, p + 1);
    return p >= n || s[p] == '"' || s[p] == '}';
}

/* The string value of the first member `"key"` in head, copied to out. */
static int head_string(const char *head, size_t n, const char *key, char *out, size_t cap)
{
    char quoted[32];
    snprintf(quoted, sizeof(quoted), "\"%s\"", key);
    const char *k = rg_text_find(head, n, quoted);
    if (!k)
        return 0;
    size_t p = rg_json_skip_space(head, n, (size_t)(k - head) + strlen(quoted));
    if (p >= n || head[p] != ':')
        return 0;
    p = rg_json_skip_space(head, n, p + 1);
    if (p >= n || head[p] != '"')
        return 0;
    size_t o = 0;
    for (p++; p < n && head[p] != '"' && o + 1 < cap; p++)
        out[o++] = head[p];
    out[o] = '\0';
    return p < n && head[p] == '"';
}

static int parse(const rg_source *src, rg_sink *sink)
{
    prom p;
    memset(&p, 0, sizeof(p));
    p.src = src;
    p.sink = sink;
    char head[256];
    size_t hn = 0;
    /* the head as the readers will see it: a .gz or .zst decompressed (the
     * raw bytes sent a compressed response to the dump reader) */
    rg_zfile z;
    int opened = rg_zfile_open(&z, src->path) == 0;
    if (opened) {
        ssize_t got;
        while (hn < sizeof(head) && (got = rg_zfile_read(&z, head + hn, sizeof(head) - hn)) > 0)
            hn += (size_t)got;
        rg_zfile_close(&z);
    }
    int rc;
    size_t warned = sink->diag->n_warnings;
    if (opened && !is_json(head, hn)) {
        rc = parse_dump(&p);
    } else {
        /* Streamed when large (series by series: memory follows the largest
         * series), unless the head names a result that holds no series,
         * which the whole read words as an error. A response the streamed
         * reader handed no series of (an empty result, "data" without one)
         * is read whole too: it says what the response lacks. */
        char type[16];
        rc = 1;
        if (!opened || !head_string(head, hn, "resultType", type, sizeof(type)) ||
            strcmp(type, "matrix") == 0 || strcmp(type, "vector") == 0) {
            const rg_jsondocs_ops ops = {stream_keys, document, element, NULL, 0, NULL};
            rc = rg_jsondocs_stream(&p.docs, src->path, sink->diag, &ops, &p);
            if ((rc == 0 && p.handed == 0 && p.n_series == 0 && sink->diag->n_warnings == warned) ||
                p.no_series)
                rc = 1;
        }
        if (rc == 1) {
            if (rg_jsondocs_load(&p.docs, src->path, sink->diag) != 0)
                return -1;
            rc = rg_jsondocs_read(&p.docs, document, &p);
            rg_jsondocs_free(&p.docs);
        }
    }
    rg_sample_buf_free(&p.buf);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || head_len == 0)
        return 0;
    if (is_json(head, head_len)) {
        char type[16];
        if (head_string(head, head_len, "resultType", type, sizeof(type)))
            return strcmp(type, "matrix") == 0 || strcmp(type, "vector") == 0 ? 95 : 0;
        /* the bare result array: [{"metric": {...}, "values": [...]}] */
        if (rg_json_opening(head, head_len) == '[' && rg_text_has(head, head_len, "\"metric\"") &&
            (rg_text_has(head, head_len, "\"values\"") || rg_text_has(head, head_len, "\"value\"")))
            return 90;
        return 0;
    }
    /* promtool tsdb dump: the first sample line decides */
    size_t i = 0;
    while (i < head_len) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        if (!nl)
            return 0; /* the line goes on past the head */
        size_t e = (size_t)(nl - head), n = e - i;
        const char *s = head + i;
        i = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (rg_is_blank(s, n) || s[0] == '#')
            continue;
        size_t sl, tl;
        double v;
        const char *ts;
        int64_t at;
        return dump_line(s, n, &sl, &v, &ts, &tl) && rg_time_epoch_text(ts, tl, 0, &at) == tl ? 85
                                                                                              : 0;
    }
    return 0;
}

const rg_importer rg_importer_prometheus = {
    .name = "prometheus",
    .kind = RG_KIND_METRIC,
    .summary = "Prometheus query_range / query API responses and promtool tsdb dump text",
    .recognises = "JSON with \"resultType\": \"matrix\" or \"vector\", a bare result array of "
                  "{\"metric\", \"values\"}, or `{labels} value time` lines",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
