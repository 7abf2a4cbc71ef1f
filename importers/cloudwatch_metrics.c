/* cloudwatch_metrics.c -- Amazon CloudWatch metric exports as monitoring
 * series (README, "Metrics"): `aws cloudwatch get-metric-data` and
 * `aws cloudwatch get-metric-statistics` JSON.
 *
 * What it reads:
 * - get-metric-data {"MetricDataResults": [{"Id", "Label", "Timestamps",
 *   "Values", "StatusCode"}], "Messages", "NextToken"}: one series per
 *   result, named by its Label (else its Id) with the label id=<Id>.
 *   CloudWatch lists the newest timestamp first; the core sorts.
 * - get-metric-statistics {"Label", "Datapoints": [{"Timestamp", "Average" |
 *   "Sum" | "Minimum" | "Maximum" | "SampleCount", "ExtendedStatistics":
 *   {"p99": ...}, "Unit"}]}: one series per statistic present, named by
 *   Label with the label statistic=<name>; datapoints come in no order.
 * - Several responses one after another (one per line, as a paging loop
 *   appends them) are read in turn.
 *
 * What it decides:
 * - Times are ISO 8601 text ("2024-09-29T22:10:00+00:00", "...Z"); a time
 *   without an offset is read in the source's zone. Values are JSON numbers.
 * - Origins are "file:series K", K counting the series of the file from 1.
 * - A datapoint without a readable time, or a value that is not a number, is
 *   warning "bad-sample" (skipped); Timestamps and Values of different
 *   lengths are warning "length-mismatch" (the shorter is read);
 *   "StatusCode": "PartialData" and a "NextToken" are warnings
 *   "partial-data" and "more-data": the export is incomplete.
 * - A get-metric-data response over 1 MiB is read result by result
 *   (jsonstream.h): each element of "MetricDataResults" is handed to jansson
 *   alone, so memory follows the largest result, not the file; "NextToken"
 *   is read when the array has ended. A get-metric-statistics response is
 *   read whole: CloudWatch returns at most 1,440 datapoints in one. */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"
#include "metricfmt.h"

typedef struct cw {
    const rg_source *src;
    rg_sink *sink;
    rg_jsondocs docs;
    rg_locator loc;
    rg_json_offsets results; /* elements of "MetricDataResults" */
    rg_json_offsets points;  /* elements of "Datapoints" */
    rg_json_offsets times;   /* elements of "Timestamps" */
    rg_sample_buf buf;
    size_t n_series;
} cw;

static int oom(cw *c)
{
    return rg_diag_error(c->sink->diag, c->src->path, 0, 0, "out of memory");
}

static void warn_at(cw *c, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(cw *c, size_t off, const char *key, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    long line, col;
    rg_locate(&c->loc, off, &line, &col);
    rg_jsondocs_fix(&c->docs, &line, &col); /* a streamed result: its place in the file */
    rg_diag_warn(c->sink->diag, c->src->path, line, col, key, "%s", msg);
}

static int read_time(cw *c, const json_t *v, int64_t *at_us)
{
    if (!json_is_string(v))
        return -1;
    rg_time_ctx ctx = {c->src->zone, c->src->ref_us};
    int flags = 0;
    if (rg_time_parse(json_string_value(v), json_string_length(v), &ctx, at_us, &flags) != 0)
        return -1;
    *at_us += c->src->offset_us;
    return 0;
}

static rg_series *new_series(cw *c, const char *name, const char *label, const char *value,
                             const char *unit)
{
    rg_series *s = rg_series_new(c->sink, c->src->path, ++c->n_series, name);
    if (!s ||
        (label && rg_series_add_label(c->sink, s, label, strlen(label), value, strlen(value)) != 0))
        return NULL;
    if (unit && !(s->unit = rg_arena_strdup(c->sink->arena, unit)))
        return NULL;
    return s;
}

/* One MetricDataResults element at text[off]. */
static int data_result(cw *c, const json_t *r, size_t off)
{
    if (!json_is_object(r)) {
        warn_at(c, off, "bad-series", "expected a metric data result, got %s; skipped",
                rg_json_type_name(r));
        return 0;
    }
    const char *id = rg_json_str(r, "Id"), *label = rg_json_str(r, "Label");
    const json_t *ts = json_object_get(r, "Timestamps"), *vs = json_object_get(r, "Values");
    if (!json_is_array(ts) || !json_is_array(vs)) {
        warn_at(c, off, "bad-series",
                "metric data result without \"Timestamps\" and \"Values\" arrays; skipped");
        for (size_t i = 0; i < json_array_size(ts); i++) /* keep the offsets in step */
            rg_json_offsets_take(&c->times, off);
        return 0;
    }
    const char *status = rg_json_str(r, "StatusCode");
    if (status && strcmp(status, "Complete") != 0)
        warn_at(c, off, "partial-data",
                "result '%s' has StatusCode '%s': CloudWatch returned only part of its data",
                id ? id : "?", status);
    size_t n = json_array_size(ts);
    if (json_array_size(vs) != n) {
        size_t nv = json_array_size(vs);
        warn_at(c, off, "length-mismatch",
                "result '%s' has %zu timestamp%s but %zu value%s; the first %zu pair%s read",
                id ? id : "?", n, n == 1 ? "" : "s", nv, nv == 1 ? "" : "s", n < nv ? n : nv,
                (n < nv ? n : nv) == 1 ? " is" : "s are");
        if (json_array_size(vs) < n)
            n = json_array_size(vs);
    }
    rg_series *s = new_series(c, label && label[0] ? label : id, id ? "id" : NULL, id, NULL);
    if (!s)
        return oom(c);
    c->buf.n = 0;
    for (size_t i = 0; i < json_array_size(ts); i++) {
        size_t toff = rg_json_offsets_take(&c->times, off);
        if (i >= n)
            continue;
        int64_t at;
        const json_t *v = json_array_get(vs, i);
        if (read_time(c, json_array_get(ts, i), &at) != 0) {
            warn_at(c, toff, "bad-sample", "result '%s': timestamp %zu is not a time; skipped",
                    id ? id : "?", i + 1);
            continue;
        }
        if (!json_is_number(v)) {
            warn_at(c, toff, "bad-sample",
                    "result '%s': the value for timestamp %zu is not a number; skipped",
                    id ? id : "?", i + 1);
            continue;
        }
        if (rg_sample_buf_add(&c->buf, at, json_number_value(v)) != 0)
            return oom(c);
    }
    return rg_series_hand_over(c->sink, c->src->path, s, &c->buf);
}

/* get-metric-statistics: the statistics the datapoints carry, in a fixed
 * order, then the extended ones (percentiles) in the order first seen. */
static const char *const stats[] = {"Average", "Sum", "Minimum", "Maximum", "SampleCount"};
#define N_STATS (sizeof(stats) / sizeof(stats[0]))

static int statistic(cw *c, const json_t *points, const char *name, const char *stat, int extended,
                     const size_t *offs, const int64_t *at)
{
    const char *unit = NULL;
    size_t i;
    const json_t *p;
    json_array_foreach(points, i, p)
    {
        if (json_is_object(p) && !unit)
            unit = rg_json_str(p, "Unit");
    }
    rg_series *s = new_series(c, name, "statistic", stat, unit);
    if (!s)
        return oom(c);
    c->buf.n = 0;
    json_array_foreach(points, i, p)
    {
        if (at[i] == INT64_MIN)
            continue; /* warned in statistics() */
        const json_t *v = extended ? json_object_get(json_object_get(p, "ExtendedStatistics"), stat)
                                   : json_object_get(p, stat);
        if (!v)
            continue; /* this datapoint has other statistics */
        if (!json_is_number(v)) {
            warn_at(c, offs[i], "bad-sample", "datapoint's \"%s\" is not a number; skipped", stat);
            continue;
        }
        if (rg_sample_buf_add(&c->buf, at[i], json_number_value(v)) != 0)
            return oom(c);
    }
    return rg_series_hand_over(c->sink, c->src->path, s, &c->buf);
}

/* get-metric-statistics. The datapoints are checked in file order first, so
 * the first warning names the first bad datapoint; then one series per
 * statistic present. */
static int statistics(cw *c, const json_t *doc, const json_t *points, size_t off)
{
    const char *label = rg_json_str(doc, "Label");
    size_t n = json_array_size(points);
    size_t *offs = rg_arena_alloc(c->sink->arena, (n ? n : 1) * sizeof(*offs));
    int64_t *at = rg_arena_alloc(c->sink->arena, (n ? n : 1) * sizeof(*at));
    if (!offs || !at)
        return oom(c);
    size_t i;
    const json_t *p;
    json_array_foreach(points, i, p)
    {
        offs[i] = rg_json_offsets_take(&c->points, off);
        at[i] = INT64_MIN;
        if (!json_is_object(p))
            warn_at(c, offs[i], "bad-sample", "datapoint is %s, expected an object; skipped",
                    rg_json_type_name(p));
        else if (read_time(c, json_object_get(p, "Timestamp"), &at[i]) != 0) {
            at[i] = INT64_MIN;
            warn_at(c, offs[i], "bad-sample", "datapoint has no readable \"Timestamp\"; skipped");
        }
    }
    for (size_t k = 0; k < N_STATS; k++) {
        int present = 0;
        json_array_foreach(points, i, p)
        {
            present |= json_is_object(p) && json_object_get(p, stats[k]) != NULL;
        }
        if (present && statistic(c, points, label, stats[k], 0, offs, at) != 0)
            return -1;
    }
    /* extended statistics ("p99"), each once, in the order first seen */
    json_array_foreach(points, i, p)
    {
        const json_t *ext = json_object_get(p, "ExtendedStatistics");
        if (!json_is_object(ext))
            continue;
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)ext, k, v)
        {
            int seen = 0;
            for (size_t j = 0; j < i && !seen; j++)
                seen = json_object_get(
                           json_object_get(json_array_get(points, j), "ExtendedStatistics"), k) !=
                       NULL;
            if (!seen && statistic(c, points, label, k, 1, offs, at) != 0)
                return -1;
        }
    }
    return 0;
}

#define MORE_DATA                                                                                  \
    "the response has a \"NextToken\": CloudWatch has more data than this export holds"
#define NOT_A_RESPONSE                                                                             \
    "expected a CloudWatch get-metric-data response (\"MetricDataResults\") or "                   \
    "get-metric-statistics response (\"Datapoints\"), got %s"

static int has_next_token(const json_t *root)
{
    const json_t *next = json_object_get(root, "NextToken");
    return next && !json_is_null(next);
}

static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    cw *c = ctx;
    rg_jsondocs_follow(&c->docs, &c->loc);
    const char *text = c->docs.text;
    rg_json_offsets_find(&c->results, text, off, end, "MetricDataResults");
    rg_json_offsets_find(&c->points, text, off, end, "Datapoints");
    rg_json_offsets_find(&c->times, text, off, end, "Timestamps");
    int rc = 0;
    const json_t *results =
        json_is_object(root) ? json_object_get(root, "MetricDataResults") : NULL;
    const json_t *points = json_is_object(root) ? json_object_get(root, "Datapoints") : NULL;
    if (results && json_is_array(results)) {
        if (has_next_token(root))
            warn_at(c, rg_json_member_value(text, off, end, "NextToken"), "more-data", MORE_DATA);
        size_t i;
        const json_t *r;
        json_array_foreach(results, i, r)
        {
            if ((rc = data_result(c, r, rg_json_offsets_take(&c->results, off))) != 0)
                break;
        }
    } else if (points && json_is_array(points)) {
        rc = statistics(c, root, points, rg_json_member_value(text, off, end, "Datapoints"));
    } else if (results || points) {
        rc = rg_jsondocs_shape(
            &c->docs,
            rg_json_member_value(text, off, end, results ? "MetricDataResults" : "Datapoints"),
            "expected \"%s\" to be an array, got %s", results ? "MetricDataResults" : "Datapoints",
            rg_json_type_name(results ? results : points));
    } else {
        rc = rg_jsondocs_shape(&c->docs, off, NOT_A_RESPONSE,
                               json_is_object(root) ? "an object without either"
                                                    : rg_json_type_name(root));
    }
    rg_json_offsets_free(&c->results);
    rg_json_offsets_free(&c->points);
    rg_json_offsets_free(&c->times);
    return rc;
}

/* A large top-level array: no CloudWatch response, the error document() gives
 * for it, at the array's first byte. */
static int not_a_response(cw *c)
{
    return rg_jsondocs_top_error(&c->docs, NOT_A_RESPONSE, "an array");
}

/* One result of a large get-metric-data response (jsonstream.h). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *r, size_t off,
                   size_t end)
{
    cw *c = ctx;
    (void)env;
    if (!key)
        return not_a_response(c);
    rg_jsondocs_follow(&c->docs, &c->loc);
    rg_json_offsets_find(&c->times, c->docs.text, off, end, "Timestamps");
    int rc = data_result(c, r, off);
    rg_json_offsets_free(&c->times);
    return rc;
}

/* The end of a streamed "MetricDataResults": "NextToken" follows it. */
static int done(void *ctx, const char *key, const json_t *env, size_t n)
{
    cw *c = ctx;
    (void)n;
    if (!key)
        return not_a_response(c);
    if (has_next_token(env)) {
        long line = 0, col = 0;
        rg_jsondocs_member_at(&c->docs, "NextToken", &line, &col);
        rg_diag_warn(c->sink->diag, c->src->path, line, col, "more-data", "%s", MORE_DATA);
    }
    return 0;
}

static const char *const stream_keys[] = {"MetricDataResults", NULL};

static int parse(const rg_source *src, rg_sink *sink)
{
    cw c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    const rg_jsondocs_ops ops = {stream_keys, document, element, done, 0, NULL};
    int rc = rg_jsondocs_stream(&c.docs, src->path, sink->diag, &ops, &c);
    rg_sample_buf_free(&c.buf);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    if (rg_text_has(head, head_len, "\"MetricDataResults\""))
        return 95;
    if (rg_text_has(head, head_len, "\"Datapoints\"") &&
        rg_text_has(head, head_len, "\"Timestamp\""))
        return 90;
    return 0;
}

const rg_importer rg_importer_cloudwatch_metrics = {
    .name = "cloudwatch-metrics",
    .kind = RG_KIND_METRIC,
    .summary = "Amazon CloudWatch get-metric-data and get-metric-statistics JSON",
    .recognises = "JSON with \"MetricDataResults\", or \"Datapoints\" with \"Timestamp\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
