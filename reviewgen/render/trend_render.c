/* trend_render.c -- the trend model to its files: trend.md (the template
 * over display rows derived from the model), trend.html with the charts
 * inlined, trend.json, trend.csv, written all or nothing (README, "Trend
 * report"; RELIABILITY 12). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "html_post.h"
#include "jsonutil.h"
#include "manifest.h"
#include "metrics.h"
#include "mustache.h"
#include "publish.h"
#include "render_html.h"
#include "templates.h"
#include "timeparse.h"
#include "trend.h"

#define NONE_TEXT "\xe2\x80\x94" /* an em dash: no value */

static json_int_t get_int(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* A duration for people ("4 min 00 s"), or a dash when there is none. */
static json_t *duration_text(const json_t *v)
{
    char buf[48];
    if (!json_is_integer(v))
        return json_string(NONE_TEXT);
    return json_string(rg_duration_format((int64_t)json_integer_value(v), buf));
}

/* "10 of 13 (77%)"; the share rounded half up; a dash when n is 0. */
static json_t *share_text(json_int_t part, json_int_t n)
{
    if (n <= 0)
        return json_string(NONE_TEXT);
    return json_sprintf("%lld of %lld (%lld%%)", (long long)part, (long long)n,
                        (long long)((part * 200 + n) / (2 * n)));
}

/* The period for people: "2026 Q3" for a calendar quarter, else the dates. */
static json_t *period_label(const char *from, const char *to)
{
    long f, t;
    if (from && to && rg_trend_parse_date(from, &f) == 0 && rg_trend_parse_date(to, &t) == 0 &&
        !strcmp(from + 8, "01") && !strcmp(to + 8, "01")) {
        int fm = atoi(from + 5), fy = atoi(from), tm = atoi(to + 5), ty = atoi(to);
        if ((fm - 1) % 3 == 0 && ty * 12 + tm - (fy * 12 + fm) == 3)
            return json_sprintf("%d Q%d", fy, (fm - 1) / 3 + 1);
    }
    return json_sprintf("%s to %s", from ? from : "", to ? to : "");
}

static json_t *summary_cells(json_t *row, const char *prefix, const json_t *d)
{
    char key[64];
    static const char *const k[] = {"n", "missing"};
    for (int i = 0; i < 2; i++) {
        snprintf(key, sizeof(key), "%s%s", prefix, k[i]);
        rg_json_set(row, key, json_integer(get_int(d, k[i])));
    }
    static const char *const f[] = {"median", "p90", "max"};
    for (int i = 0; i < 3; i++) {
        snprintf(key, sizeof(key), "%s%s", prefix, f[i]);
        rg_json_set(row, key, duration_text(json_object_get(d, f[i])));
    }
    return row;
}

static void policy_rows(json_t *rows, const json_t *cur, const json_t *prev)
{
    static const struct {
        const char *key, *part, *label;
    } measures[] = {
        {"acknowledged_within", "within",
         "Acknowledged within the policy (the incident's own, default 5 min)"},
        {"first_update_within", "within",
         "First customer update within the update policy of detection (default 30 min)"},
        {"update_gaps_over_policy", "over",
         "Incidents with a gap between customer updates over the policy"},
        {"announced_before_recovered", "before", "Success announced before recovery"},
    };
    for (size_t i = 0; i < sizeof(measures) / sizeof(measures[0]); i++) {
        const json_t *c = json_object_get(cur, measures[i].key);
        const json_t *p = json_object_get(prev, measures[i].key);
        json_t *r = json_object();
        rg_json_set(r, "label", json_string(measures[i].label));
        rg_json_set(r, "current", share_text(get_int(c, measures[i].part), get_int(c, "n")));
        rg_json_set(r, "previous", share_text(get_int(p, measures[i].part), get_int(p, "n")));
        rg_json_append(rows, r);
    }
    static const struct {
        const char *key, *label;
    } detect[] = {{"monitoring", "Detected by monitoring (an alert, a page, an error burst)"},
                  {"people", "Detected by people (a chat message)"},
                  {"manual", "Detection set by hand in the manifest"},
                  {"unknown", "Detection unknown"}};
    const json_t *cd = json_object_get(cur, "detected_by");
    const json_t *pd = json_object_get(prev, "detected_by");
    json_int_t cn = 0, pn = 0;
    for (size_t i = 0; i < 4; i++) {
        cn += get_int(cd, detect[i].key);
        pn += get_int(pd, detect[i].key);
    }
    for (size_t i = 0; i < 4; i++) {
        json_t *r = json_object();
        rg_json_set(r, "label", json_string(detect[i].label));
        rg_json_set(r, "current", share_text(get_int(cd, detect[i].key), cn));
        rg_json_set(r, "previous", share_text(get_int(pd, detect[i].key), pn));
        rg_json_append(rows, r);
    }
}

/* "2026-07-03T02:10:06.333Z" as "2026-07-03 02:10" for a table. */
static json_t *clock_text(const char *at)
{
    if (!at || strlen(at) < 16 || at[10] != 'T')
        return json_string(at ? at : NONE_TEXT);
    char buf[17];
    memcpy(buf, at, 16);
    buf[10] = ' ';
    buf[16] = '\0';
    return json_string(buf);
}

static json_t *id_list_text(const json_t *ids)
{
    rg_buf b = {0};
    size_t i;
    const json_t *v;
    json_array_foreach(ids, i, v)
    {
        const char *id = json_string_value(v);
        if (rg_buf_printf(&b, "%s%s", i ? ", " : "", id ? id : "") != 0) {
            rg_buf_free(&b);
            return NULL;
        }
    }
    json_t *s = json_string(b.data ? b.data : "");
    rg_buf_free(&b);
    return s;
}

/* The rows the template shows, derived from the model: tables as arrays
 * (Mustache cannot walk an object's keys), figures formatted for people. */
/* The rows of a recurrence list: what recurred (its key), in how many
 * incidents, and which. */
static json_t *recurring_rows(const json_t *list, const char *key)
{
    json_t *rows = json_array();
    size_t i;
    const json_t *m;
    json_array_foreach(list, i, m)
    {
        json_t *r = json_object();
        rg_json_set(r, key, json_incref(json_object_get(m, key)));
        rg_json_set(r, "count",
                    json_integer((json_int_t)json_array_size(json_object_get(m, "incidents"))));
        rg_json_set(r, "incidents", id_list_text(json_object_get(m, "incidents")));
        rg_json_append(rows, r);
    }
    return rows;
}

static json_t *view(const json_t *t)
{
    json_t *v = json_object();
    const json_t *period = json_object_get(t, "period");
    const json_t *prev = json_object_get(t, "previous");
    const json_t *prev_period = json_object_get(prev, "period");
    const char *from = json_string_value(json_object_get(period, "from"));
    const char *to = json_string_value(json_object_get(period, "to"));
    rg_json_set(v, "label", period_label(from, to));
    rg_json_set(v, "from", json_string(from ? from : ""));
    rg_json_set(v, "to", json_string(to ? to : ""));
    rg_json_set(v, "previous_label",
                period_label(json_string_value(json_object_get(prev_period, "from")),
                             json_string_value(json_object_get(prev_period, "to"))));
    rg_json_set(v, "incidents", json_integer(get_int(t, "incidents")));
    rg_json_set(v, "excluded", json_integer(get_int(t, "excluded")));
    rg_json_set(v, "previous_incidents", json_integer(get_int(prev, "incidents")));

    const json_t *durs = json_object_get(t, "durations");
    const json_t *pdurs = json_object_get(prev, "durations");
    json_t *rows = json_array();
    for (int d = 0; d < RG_DUR_COUNT; d++) {
        const char *key = rg_duration_key((rg_duration_id)d);
        json_t *r = json_object();
        rg_json_set(r, "label", json_string(rg_duration_label((rg_duration_id)d)));
        rg_json_set(r, "definition", json_string(rg_duration_definition((rg_duration_id)d)));
        summary_cells(r, "", json_object_get(durs, key));
        summary_cells(r, "prev_", json_object_get(pdurs, key));
        rg_json_append(rows, r);
    }
    rg_json_set(v, "durations", rows);

    /* durations by severity: one column per severity */
    const json_t *bs = json_object_get(t, "by_severity");
    json_t *sevs = json_array(), *sev_rows = json_array(), *sev_counts = json_array();
    const char *name;
    const json_t *sv;
    json_object_foreach((json_t *)bs, name, sv)
    {
        json_t *s = json_object();
        rg_json_set(s, "name", json_string(name));
        rg_json_append(sevs, s);
        json_t *c = json_object();
        rg_json_set(c, "name", json_string(name));
        rg_json_set(c, "incidents", json_integer(get_int(sv, "incidents")));
        rg_json_append(sev_counts, c);
    }
    for (int d = 0; d < RG_DUR_COUNT; d++) {
        const char *key = rg_duration_key((rg_duration_id)d);
        json_t *r = json_object(), *cells = json_array();
        rg_json_set(r, "label", json_string(rg_duration_label((rg_duration_id)d)));
        json_object_foreach((json_t *)bs, name, sv)
        {
            const json_t *e = json_object_get(json_object_get(sv, "durations"), key);
            char med[48], p90[48];
            json_t *cell = json_object();
            if (get_int(e, "n") > 0)
                rg_json_set(cell, "text",
                            json_sprintf("%s / %s (n=%lld)",
                                         rg_duration_format(get_int(e, "median"), med),
                                         rg_duration_format(get_int(e, "p90"), p90),
                                         (long long)get_int(e, "n")));
            else
                rg_json_set(cell, "text", json_string(NONE_TEXT));
            rg_json_append(cells, cell);
        }
        rg_json_set(r, "cells", cells);
        rg_json_append(sev_rows, r);
    }
    rg_json_set(v, "severities", sevs);
    rg_json_set(v, "severity_counts", sev_counts);
    rg_json_set(v, "severity_durations", sev_rows);

    json_t *months = json_array();
    size_t i;
    const json_t *m;
    json_array_foreach(json_object_get(t, "by_month"), i, m)
    {
        json_t *r = json_object();
        rg_buf b = {0};
        const json_t *c;
        json_object_foreach((json_t *)json_object_get(m, "by_severity"), name, c)
        {
            rg_buf_printf(&b, "%s%s %lld", b.len ? ", " : "", name,
                          (long long)json_integer_value(c));
        }
        rg_json_set(r, "month", json_incref(json_object_get(m, "month")));
        rg_json_set(r, "incidents", json_integer(get_int(m, "incidents")));
        rg_json_set(r, "by_severity", json_string(b.data ? b.data : NONE_TEXT));
        rg_buf_free(&b);
        rg_json_append(months, r);
    }
    rg_json_set(v, "months", months);

    json_t *services = json_array();
    json_object_foreach((json_t *)json_object_get(t, "by_service"), name, sv)
    {
        json_t *r = json_object();
        rg_json_set(r, "service", json_string(name));
        rg_json_set(r, "incidents", json_integer(get_int(sv, "incidents")));
        rg_json_append(services, r);
    }
    rg_json_set(v, "services", services);
    rg_json_set(v, "has_services", json_boolean(json_array_size(services) > 0));

    json_t *policy = json_array();
    policy_rows(policy, json_object_get(t, "policy"), json_object_get(prev, "policy"));
    rg_json_set(v, "policy", policy);

    const json_t *cov = json_object_get(t, "coverage");
    json_int_t total = get_int(cov, "incidents");
    json_t *coverage = json_array();
    for (int k = 0; k < RG_MS_COUNT; k++) {
        const char *ms = rg_milestone_name((rg_milestone_id)k);
        json_t *r = json_object();
        rg_json_set(r, "milestone", json_string(ms));
        rg_json_set(r, "share", share_text(get_int(cov, ms), total));
        rg_json_append(coverage, r);
    }
    rg_json_set(v, "coverage", coverage);

    const json_t *act = json_object_get(t, "actions");
    json_t *actions = json_object();
    rg_json_set(actions, "reference_date", json_incref(json_object_get(act, "reference_date")));
    static const char *const counts[] = {"opened", "done", "open", "overdue"};
    for (size_t k = 0; k < 4; k++)
        rg_json_set(actions, counts[k], json_integer(get_int(act, counts[k])));
    json_t *oldest = json_array();
    json_array_foreach(json_object_get(act, "oldest_open"), i, m)
    {
        json_t *r = json_deep_copy(m);
        if (r && json_is_null(json_object_get(r, "owner")))
            json_object_del(r, "owner");
        rg_json_append(oldest, r);
    }
    rg_json_set(actions, "oldest_open", oldest);
    rg_json_set(v, "actions", actions);

    const json_t *rec = json_object_get(t, "recurrence");
    rg_json_set(v, "recurring_services",
                recurring_rows(json_object_get(rec, "services"), "service"));
    rg_json_set(v, "recurring_factors",
                recurring_rows(json_object_get(rec, "contributing_factors"), "factor"));

    json_t *list = json_array();
    json_array_foreach(json_object_get(t, "incident_list"), i, m)
    {
        json_t *r = json_object();
        const json_t *svc = json_object_get(m, "services");
        rg_json_set(r, "id", json_incref(json_object_get(m, "id")));
        rg_json_set(r, "title", json_incref(json_object_get(m, "title")));
        rg_json_set(r, "severity", json_incref(json_object_get(m, "severity")));
        rg_json_set(r, "services",
                    json_array_size(svc) ? id_list_text(svc) : json_string(NONE_TEXT));
        rg_json_set(r, "at", clock_text(json_string_value(json_object_get(m, "at"))));
        rg_json_set(r, "review", json_incref(json_object_get(m, "review")));
        rg_json_append(list, r);
    }
    rg_json_set(v, "incident_list", list);
    json_t *ex = json_array();
    json_array_foreach(json_object_get(t, "excluded_list"), i, m)
    {
        json_t *r = json_deep_copy(m);
        if (r)
            json_object_set_new(r, "at", clock_text(json_string_value(json_object_get(m, "at"))));
        rg_json_append(ex, r);
    }
    rg_json_set(v, "excluded_list", ex);
    return v;
}

char *rg_trend_markdown(const json_t *trend, const char *templates_dir, size_t *len, rg_diag *diag)
{
    const char *name = "trend.md.mustache";
    unsigned long failures = rg_alloc_failures();
    json_t *v = view(trend);
    if (!v || rg_alloc_failures() != failures) {
        json_decref(v);
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing trend.md");
        return NULL;
    }
    size_t tlen;
    char *tmpl = rg_template_load(templates_dir, name, &tlen, diag);
    char *out = NULL;
    if (tmpl) {
        rg_template_partials p = {templates_dir, ".md.mustache"};
        rg_mustache_opts opts = {RG_ESCAPE_MARKDOWN, rg_template_partial, &p};
        out = rg_mustache_render(name, tmpl, tlen, v, &opts, len, diag);
    }
    rg_free(tmpl);
    json_decref(v);
    return out;
}

/* ---- CSV ------------------------------------------------------------ */

static int csv_int(rg_buf *b, const json_t *v)
{
    return json_is_integer(v) ? rg_buf_printf(b, ",%lld", (long long)json_integer_value(v))
                              : rg_buf_puts(b, ",");
}

char *rg_trend_csv(const json_t *trend, size_t *len, rg_diag *diag)
{
    static const char *const fields[] = {"n", "missing", "median", "p90", "max"};
    rg_buf b = {0};
    int rc = rg_buf_puts(&b, "duration,definition,n,missing,median,p90,max,previous_n,"
                             "previous_missing,previous_median,previous_p90,previous_max\r\n");
    const json_t *cur = json_object_get(trend, "durations");
    const json_t *prev = json_object_get(json_object_get(trend, "previous"), "durations");
    for (int d = 0; d < RG_DUR_COUNT && rc == 0; d++) {
        const char *key = rg_duration_key((rg_duration_id)d);
        /* our own keys and definitions: no comma, quote or line break */
        rc = rg_buf_printf(&b, "%s,%s", key, rg_duration_definition((rg_duration_id)d));
        for (int half = 0; half < 2 && rc == 0; half++) {
            const json_t *e = json_object_get(half ? prev : cur, key);
            for (size_t f = 0; f < 5 && rc == 0; f++)
                rc = csv_int(&b, json_object_get(e, fields[f]));
        }
        if (rc == 0)
            rc = rg_buf_puts(&b, "\r\n");
    }
    if (rc != 0) {
        rg_buf_free(&b);
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing trend.csv");
        return NULL;
    }
    *len = b.len;
    return b.data;
}

/* ---- writing -------------------------------------------------------- */

enum { F_MD, F_MONTHS, F_DURATIONS, F_HTML, F_JSON, F_CSV, F_COUNT };

int rg_trend_write(const json_t *trend, const char *out_dir, int formats, const char *templates_dir,
                   rg_diag *diag)
{
    static const char *const names[F_COUNT] = {
        "trend.md",   "trend-months.svg", "trend-durations.svg",
        "trend.html", "trend.json",       "trend.csv"};
    char *data[F_COUNT] = {0};
    size_t lens[F_COUNT] = {0};
    char *shell = NULL, *style = NULL;
    int rc = -1;

    if (formats & (RG_TREND_MD | RG_TREND_HTML)) {
        data[F_MD] = rg_trend_markdown(trend, templates_dir, &lens[F_MD], diag);
        if (!data[F_MD])
            goto done;
        data[F_MONTHS] = rg_chart_trend_months(trend, &lens[F_MONTHS]);
        data[F_DURATIONS] = rg_chart_trend_durations(trend, &lens[F_DURATIONS]);
        if (!data[F_MONTHS] || !data[F_DURATIONS]) {
            rg_diag_error(diag, "reviewgen", 0, 0, "out of memory drawing the trend charts");
            goto done;
        }
    }
    if (formats & RG_TREND_HTML) {
        size_t shell_len, style_len;
        shell = rg_template_load(templates_dir, "review.html.mustache", &shell_len, diag);
        style = shell ? rg_template_load(templates_dir, "style.css", &style_len, diag) : NULL;
        if (!style)
            goto done;
        json_t *label = period_label(
            json_string_value(json_object_get(json_object_get(trend, "period"), "from")),
            json_string_value(json_object_get(json_object_get(trend, "period"), "to")));
        char title[160];
        snprintf(title, sizeof(title), "Incident trends, %s",
                 label ? json_string_value(label) : "");
        json_decref(label);
        /* the charts are inlined from memory: the page loads no file, and
         * they are not on disk until the renames at the end */
        rg_html_file charts[2] = {{names[F_MONTHS], data[F_MONTHS], lens[F_MONTHS]},
                                  {names[F_DURATIONS], data[F_DURATIONS], lens[F_DURATIONS]}};
        rg_html_post_opts post;
        memset(&post, 0, sizeof(post));
        post.files = charts;
        post.n_files = 2;
        data[F_HTML] =
            rg_render_html_model("trend.md", data[F_MD], lens[F_MD], title, shell, shell_len, style,
                                 style_len, &post, &lens[F_HTML], diag);
        if (!data[F_HTML])
            goto done;
    }
    if (formats & RG_TREND_JSON) {
        /* insertion order and fixed indentation: the same store gives the
         * same bytes */
        char *js = json_dumps(trend, JSON_INDENT(2));
        size_t n = js ? strlen(js) : 0;
        data[F_JSON] = js ? rg_malloc(n + 2) : NULL;
        if (data[F_JSON]) {
            memcpy(data[F_JSON], js, n);
            data[F_JSON][n] = '\n';
            data[F_JSON][n + 1] = '\0';
            lens[F_JSON] = n + 1;
        }
        json_free_t free_fn = NULL;
        json_get_alloc_funcs(NULL, &free_fn);
        if (js)
            free_fn(js);
        if (!data[F_JSON]) {
            rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing trend.json");
            goto done;
        }
    }
    if (formats & RG_TREND_CSV) {
        data[F_CSV] = rg_trend_csv(trend, &lens[F_CSV], diag);
        if (!data[F_CSV])
            goto done;
    }
    /* the charts go beside the Markdown that links them */
    int wanted[F_COUNT] = {formats & RG_TREND_MD,   formats & RG_TREND_MD,
                           formats & RG_TREND_MD,   formats & RG_TREND_HTML,
                           formats & RG_TREND_JSON, formats & RG_TREND_CSV};
    rg_out_file files[F_COUNT];
    size_t n_files = 0;
    for (int f = 0; f < F_COUNT; f++)
        if (wanted[f])
            files[n_files++] = (rg_out_file){names[f], data[f], lens[f], NULL, NULL};
    rc = rg_publish_files(out_dir, files, n_files, NULL, NULL, diag);
done:
    for (int f = 0; f < F_COUNT; f++)
        rg_free(data[f]);
    rg_free(shell);
    rg_free(style);
    return rc;
}
