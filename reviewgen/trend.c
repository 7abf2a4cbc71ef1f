/* trend.c -- the trend model across the incidents of a period: counts,
 * duration summaries, policy proportions, milestone coverage, action items
 * and recurrence, read from the store without touching its events (README,
 * "Trend report"; the model's shape is in trend.h). */
#include "trend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "actions.h"
#include "alloc.h"
#include "arena.h"
#include "fold.h"
#include "jsonutil.h"
#include "manifest.h"
#include "metrics.h"
#include "stats.h"

/* Policy defaults when an incident carries none (DESIGN, "Milestones and
 * durations"): acknowledge within 5 minutes, update customers every 30. */
#define DEFAULT_ACK_POLICY_S 300
#define DEFAULT_UPDATE_POLICY_S 1800
/* Action items without a due date are due this long after the incident
 * started: 4 weeks for P1, 8 weeks for the rest. */
#define DEFAULT_DUE_P1_DAYS 28
#define DEFAULT_DUE_DAYS 56
/* The oldest open action items listed by name. */
#define MAX_OLDEST_OPEN 10
#define UNSPECIFIED "unspecified"

/* ---- dates: days since 1970-01-01 in the proleptic Gregorian calendar -- */

/* The calendar is timeparse's; these adapt it to this file's longs. */
static long days_from_civil(long y, long m, long d)
{
    return (long)rg_days_from_civil(y, (int)m, (int)d);
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    int64_t yy;
    int mm, dd;
    rg_civil_from_days(z, &yy, &mm, &dd);
    *y = (long)yy;
    *m = mm;
    *d = dd;
}

static int digits(const char *s, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int rg_trend_parse_date(const char *s, long *days)
{
    long y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) ||
        digits(s + 5, 2, &m) || digits(s + 8, 2, &d) || y < 1 || m < 1 || m > 12 || d < 1)
        return -1;
    long z = days_from_civil(y, m, d), yy, mm, dd;
    civil_from_days(z, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d) /* 2026-02-30 */
        return -1;
    *days = z;
    return 0;
}

char *rg_trend_format_date(long days, char buf[11])
{
    long y, m, d;
    civil_from_days(days, &y, &m, &d);
    /* written digit by digit: years outside 1..9999 wrap, never overflow */
    unsigned long fields[3] = {(unsigned long)((y % 10000 + 10000) % 10000), (unsigned long)m,
                               (unsigned long)d};
    int widths[3] = {4, 2, 2}, k = 0;
    for (int f = 0; f < 3; f++) {
        for (int i = widths[f] - 1; i >= 0; i--, fields[f] /= 10)
            buf[k + i] = (char)('0' + fields[f] % 10);
        k += widths[f];
        buf[k++] = f < 2 ? '-' : '\0';
    }
    return buf;
}

/* The date part of a stored RFC 3339 instant, in days. */
static int instant_days(const char *at, long *days)
{
    char date[11];
    if (!at || strlen(at) < 10)
        return -1;
    memcpy(date, at, 10);
    date[10] = '\0';
    return rg_trend_parse_date(date, days);
}

/* ---- the incidents of both periods ---------------------------------- */

typedef struct name_node {
    const char *name;
    struct name_node *next;
} name_node;

typedef struct row {
    const char *id, *title, *severity, *at, *started, *detected_by, *source_kind;
    long at_days;
    int current;  /* 1: the period asked for; 0: the previous one */
    int excluded; /* exclude_from_trends */
    int has_ms[RG_MS_COUNT];
    int has_dur[RG_DUR_COUNT];
    int64_t dur[RG_DUR_COUNT];
    int has_max_gap, has_update_policy, has_gaps;
    int64_t update_policy, gaps_over_policy;
    int ack_finding, announced_finding;
    name_node *services, *services_tail;
    size_t n_services;
} row;

typedef struct trend {
    rg_store *st;
    rg_diag *diag;
    rg_arena *arena;
    row *rows;
    size_t n_rows, cap_rows;
    row **by_id; /* rows sorted by id, for the child tables */
    char from[11], to[11], prev_from[11];
    long from_days, to_days;
    const char *reviews_dir, *href_prefix;
} trend;

static int db_fail(trend *t, const char *doing)
{
    return rg_diag_error(t->diag, "reviewgen", 0, 0, "cannot read the store (%s): %s", doing,
                         rg_store_errmsg(t->st));
}

static int oom(trend *t)
{
    return rg_diag_error(t->diag, "reviewgen", 0, 0, "out of memory building the trend report");
}

/* A column as an arena string; NULL stays NULL. */
static int col_text(trend *t, rg_stmt *q, int c, const char **out)
{
    const char *v = rg_stmt_text(q, c);
    *out = NULL;
    if (!v)
        return 0;
    *out = rg_arena_strndup(t->arena, v, rg_stmt_bytes(q, c));
    return *out ? 0 : -1;
}

/* Makes room for one more element in list, which holds n of *cap (room
 * for `first` at the start, then doubled). Returns the list, possibly moved,
 * or NULL with out of memory in t and list left as it was. */
static void *grow(trend *t, void *list, size_t n, size_t *cap, size_t first, size_t size)
{
    if (n < *cap)
        return list;
    size_t ncap = *cap ? *cap * 2 : first;
    void *l = rg_realloc(list, ncap * size);
    if (!l) {
        oom(t);
        return NULL;
    }
    *cap = ncap;
    return l;
}

/* The period test, the same expression as the schema's incidents_period
 * index so SQLite reads only the rows of the two periods. */
#define IN_PERIOD "coalesce(i.started, i.detected) >= ?1 AND coalesce(i.started, i.detected) < ?2"

static int prepare(trend *t, const char *sql, rg_stmt **q, const char *lo, const char *hi)
{
    rg_diag scratch;
    rg_diag_init(&scratch);
    *q = rg_store_prepare(t->st, sql, &scratch);
    rg_diag_free(&scratch);
    if (!*q || rg_stmt_bind_text(*q, 1, lo) != 0 || rg_stmt_bind_text(*q, 2, hi) != 0) {
        db_fail(t, "prepare");
        rg_stmt_finalize(*q);
        *q = NULL;
        return -1;
    }
    return 0;
}

static int load_rows(trend *t)
{
    static const char sql[] =
        "SELECT i.id, i.title, i.severity, coalesce(i.started, i.detected), i.started,"
        " i.detected_by, i.source_kind, i.exclude_from_trends,"
        " i.started IS NOT NULL, i.detected IS NOT NULL, i.acknowledged IS NOT NULL,"
        " i.mobilized IS NOT NULL, i.communicated IS NOT NULL, i.mitigated IS NOT NULL,"
        " i.recovered IS NOT NULL, i.resolved IS NOT NULL,"
        " i.time_to_detect, i.time_to_acknowledge, i.time_to_mobilize, i.time_to_communicate,"
        " i.time_to_mitigate, i.time_to_recover, i.validation_window, i.total_duration,"
        " i.max_gap, i.update_policy, i.gaps_over_policy,"
        " EXISTS (SELECT 1 FROM findings f WHERE f.incident_id = i.id"
        "  AND f.code = 'ack-over-policy'),"
        " EXISTS (SELECT 1 FROM findings f WHERE f.incident_id = i.id"
        "  AND f.code = 'announced-before-recovered')"
        " FROM incidents i WHERE " IN_PERIOD " ORDER BY coalesce(i.started, i.detected), i.id";
    rg_stmt *q;
    if (prepare(t, sql, &q, t->prev_from, t->to) != 0)
        return -1;
    int rc, ret = 0;
    while ((rc = rg_stmt_step(q)) == RG_ROW) {
        row *n = grow(t, t->rows, t->n_rows, &t->cap_rows, 64, sizeof(*n));
        if (!n) {
            ret = -1;
            break;
        }
        t->rows = n;
        row *r = &t->rows[t->n_rows];
        memset(r, 0, sizeof(*r));
        if (col_text(t, q, 0, &r->id) || col_text(t, q, 1, &r->title) ||
            col_text(t, q, 2, &r->severity) || col_text(t, q, 3, &r->at) ||
            col_text(t, q, 4, &r->started) || col_text(t, q, 5, &r->detected_by) ||
            col_text(t, q, 6, &r->source_kind)) {
            ret = oom(t);
            break;
        }
        if (!r->id || instant_days(r->at, &r->at_days) != 0) {
            /* not written by rg_store_save: say which row, do not guess */
            ret = rg_diag_error(t->diag, "reviewgen", 0, 0,
                                "cannot read the store: incident '%s' has a malformed instant "
                                "'%s'",
                                r->id ? r->id : "", r->at ? r->at : "");
            break;
        }
        r->current = strcmp(r->at, t->from) >= 0;
        r->excluded = rg_stmt_int(q, 7) != 0;
        for (int i = 0; i < RG_MS_COUNT; i++)
            r->has_ms[i] = (int)rg_stmt_int(q, 8 + i);
        for (int i = 0; i < RG_DUR_COUNT; i++) {
            r->has_dur[i] = rg_stmt_type(q, 16 + i) != RG_VALUE_NULL;
            r->dur[i] = rg_stmt_int(q, 16 + i);
        }
        r->has_max_gap = rg_stmt_type(q, 24) != RG_VALUE_NULL;
        r->has_update_policy = rg_stmt_type(q, 25) != RG_VALUE_NULL;
        r->update_policy = rg_stmt_int(q, 25);
        r->has_gaps = rg_stmt_type(q, 26) != RG_VALUE_NULL;
        r->gaps_over_policy = rg_stmt_int(q, 26);
        r->ack_finding = (int)rg_stmt_int(q, 27);
        r->announced_finding = (int)rg_stmt_int(q, 28);
        t->n_rows++;
    }
    if (ret == 0 && rc != RG_DONE)
        ret = db_fail(t, "incidents");
    rg_stmt_finalize(q);
    return ret;
}

static int cmp_row_id(const void *a, const void *b)
{
    return strcmp((*(row *const *)a)->id, (*(row *const *)b)->id);
}

static row *find_row(trend *t, const char *id)
{
    row key, *kp = &key;
    key.id = id;
    row **hit = bsearch(&kp, t->by_id, t->n_rows, sizeof(*t->by_id), cmp_row_id);
    return hit ? *hit : NULL;
}

/* Steps q to its next row about an incident of the periods (the id in
 * column 0); NULL at the end or on an error, with the step's result in *rc. */
static row *next_row(trend *t, rg_stmt *q, int *rc)
{
    while ((*rc = rg_stmt_step(q)) == RG_ROW) {
        row *r = find_row(t, rg_stmt_text(q, 0));
        if (r)
            return r;
    }
    return NULL;
}

static int index_rows(trend *t)
{
    if (t->n_rows == 0)
        return 0;
    t->by_id = rg_malloc(t->n_rows * sizeof(*t->by_id));
    if (!t->by_id)
        return oom(t);
    for (size_t i = 0; i < t->n_rows; i++)
        t->by_id[i] = &t->rows[i];
    qsort(t->by_id, t->n_rows, sizeof(*t->by_id), cmp_row_id);
    return 0;
}

static int load_services(trend *t)
{
    static const char sql[] = "SELECT s.incident_id, s.service FROM incident_services s"
                              " JOIN incidents i ON i.id = s.incident_id WHERE " IN_PERIOD
                              " ORDER BY s.incident_id, s.seq";
    rg_stmt *q;
    if (prepare(t, sql, &q, t->from, t->to) != 0)
        return -1;
    int rc, ret = 0;
    row *r;
    while ((r = next_row(t, q, &rc)) != NULL) {
        name_node *n = rg_arena_alloc(t->arena, sizeof(*n));
        if (!n || col_text(t, q, 1, &n->name)) {
            ret = oom(t);
            break;
        }
        if (!n->name)
            continue;
        if (r->services_tail)
            r->services_tail->next = n;
        else
            r->services = n;
        r->services_tail = n;
        r->n_services++;
    }
    if (ret == 0 && rc != RG_DONE)
        ret = db_fail(t, "services");
    rg_stmt_finalize(q);
    return ret;
}

/* ---- figures ------------------------------------------------------- */

static json_t *int_or_null(int has, int64_t v)
{
    return has ? json_integer((json_int_t)v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* {key: {n, missing, median, p90, max}} over grp[0..n). */
static json_t *durations_json(row **grp, size_t n)
{
    json_t *o = json_object();
    int64_t *vals = rg_malloc((n ? n : 1) * sizeof(*vals));
    if (!vals) {
        json_decref(o);
        return NULL;
    }
    for (int d = 0; d < RG_DUR_COUNT; d++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (grp[i]->has_dur[d])
                vals[k++] = grp[i]->dur[d];
        rg_summary s;
        rg_summarize(vals, k, &s);
        json_t *e = json_object();
        rg_json_set(e, "n", json_integer((json_int_t)k));
        rg_json_set(e, "missing", json_integer((json_int_t)(n - k)));
        rg_json_set(e, "median", int_or_null(k > 0, s.median));
        rg_json_set(e, "p90", int_or_null(k > 0, s.p90));
        rg_json_set(e, "max", int_or_null(k > 0, s.max));
        rg_json_set(o, rg_duration_key((rg_duration_id)d), e);
    }
    rg_free(vals);
    return o;
}

static json_t *pair(const char *k1, size_t v1, const char *k2, size_t v2)
{
    json_t *o = json_object();
    rg_json_set(o, k1, json_integer((json_int_t)v1));
    rg_json_set(o, k2, json_integer((json_int_t)v2));
    return o;
}

/* IMPLEMENTATION-OF: README "Trend report", proportions against policy. */
static json_t *policy_json(row **grp, size_t n)
{
    size_t ack_n = 0, ack_in = 0, upd_n = 0, upd_in = 0, gap_n = 0, gap_over = 0;
    size_t mon = 0, ppl = 0, man = 0, unk = 0, ann_n = 0, ann_before = 0;
    for (size_t i = 0; i < n; i++) {
        const row *r = grp[i];
        int review = !r->source_kind || strcmp(r->source_kind, "history") != 0;
        if (r->has_dur[RG_DUR_TIME_TO_ACKNOWLEDGE]) {
            /* A review judged the acknowledgement against its own manifest's
             * policy (the ack-over-policy finding); a history row has no
             * review, so the default policy judges it. */
            int over =
                review ? r->ack_finding : r->dur[RG_DUR_TIME_TO_ACKNOWLEDGE] > DEFAULT_ACK_POLICY_S;
            ack_n++;
            ack_in += !over;
        }
        if (r->has_dur[RG_DUR_TIME_TO_COMMUNICATE]) {
            int64_t policy = r->has_update_policy ? r->update_policy : DEFAULT_UPDATE_POLICY_S;
            upd_n++;
            upd_in += r->dur[RG_DUR_TIME_TO_COMMUNICATE] <= policy;
        }
        if (r->has_max_gap) {
            gap_n++;
            gap_over += r->has_gaps && r->gaps_over_policy > 0;
        }
        if (!r->detected_by)
            unk++;
        else if (!strcmp(r->detected_by, "monitoring"))
            mon++;
        else if (!strcmp(r->detected_by, "people"))
            ppl++;
        else if (!strcmp(r->detected_by, "manual"))
            man++;
        else
            unk++;
        if (review && r->has_ms[RG_MS_RESOLVED]) {
            ann_n++;
            ann_before += r->announced_finding != 0;
        }
    }
    json_t *o = json_object();
    rg_json_set(o, "acknowledged_within", pair("n", ack_n, "within", ack_in));
    rg_json_set(o, "first_update_within", pair("n", upd_n, "within", upd_in));
    rg_json_set(o, "update_gaps_over_policy", pair("n", gap_n, "over", gap_over));
    json_t *by = json_object();
    rg_json_set(by, "monitoring", json_integer((json_int_t)mon));
    rg_json_set(by, "people", json_integer((json_int_t)ppl));
    rg_json_set(by, "manual", json_integer((json_int_t)man));
    rg_json_set(by, "unknown", json_integer((json_int_t)unk));
    rg_json_set(o, "detected_by", by);
    rg_json_set(o, "announced_before_recovered", pair("n", ann_n, "before", ann_before));
    return o;
}

static json_t *coverage_json(row **grp, size_t n)
{
    json_t *o = json_object();
    rg_json_set(o, "incidents", json_integer((json_int_t)n));
    for (int m = 0; m < RG_MS_COUNT; m++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            k += grp[i]->has_ms[m] != 0;
        rg_json_set(o, rg_milestone_name((rg_milestone_id)m), json_integer((json_int_t)k));
    }
    return o;
}

/* Natural order: digit runs compare as numbers, so SEV2 < SEV10;
 * "unspecified" (no severity) always last. */
static int natural_cmp(const char *a, const char *b)
{
    int ua = !strcmp(a, UNSPECIFIED), ub = !strcmp(b, UNSPECIFIED);
    if (ua || ub)
        return ua - ub;
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = 0, lb = 0;
            while (a[la] >= '0' && a[la] <= '9')
                la++;
            while (b[lb] >= '0' && b[lb] <= '9')
                lb++;
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return (*a != 0) - (*b != 0);
}

static const char *severity_of(const row *r)
{
    return r->severity && *r->severity ? r->severity : UNSPECIFIED;
}

static int cmp_str_natural(const void *a, const void *b)
{
    int c = natural_cmp(*(const char *const *)a, *(const char *const *)b);
    return c ? c : strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct strings of list[0..n), sorted by cmp, in place; returns the
 * count. */
static size_t sort_unique(const char **list, size_t n, int (*cmp)(const void *, const void *))
{
    if (n == 0)
        return 0;
    qsort(list, n, sizeof(*list), cmp);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(list[i], list[k - 1]) != 0)
            list[k++] = list[i];
    return k;
}

/* The rows of the period (current or previous), included or excluded. */
static size_t select_rows(trend *t, row **out, int current, int excluded)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        if (t->rows[i].current == current && t->rows[i].excluded == excluded)
            out[k++] = &t->rows[i];
    return k;
}

static json_t *by_severity_json(row **grp, size_t n, const char **sev, size_t n_sev, row **tmp)
{
    json_t *o = json_object();
    for (size_t s = 0; s < n_sev; s++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(severity_of(grp[i]), sev[s]))
                tmp[k++] = grp[i];
        json_t *e = json_object();
        rg_json_set(e, "incidents", json_integer((json_int_t)k));
        rg_json_set(e, "durations", durations_json(tmp, k));
        rg_json_set(o, sev[s], e);
    }
    return o;
}

typedef struct svc_count {
    const char *name;
    size_t n;
    row **rows; /* into a shared array, in the rows' order */
} svc_count;

static int cmp_svc_count(const void *a, const void *b)
{
    const svc_count *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* by_service and recurrence.services from the same tally. */
static int services_json(trend *t, row **grp, size_t n, json_t **by_service, json_t **recurring)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += grp[i]->n_services;
    const char **names = rg_malloc((total ? total : 1) * sizeof(*names));
    svc_count *counts = rg_calloc(total ? total : 1, sizeof(*counts));
    row **members = rg_malloc((total ? total : 1) * sizeof(*members));
    if (!names || !counts || !members) {
        rg_free(names);
        rg_free(counts);
        rg_free(members);
        return oom(t);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (const name_node *s = grp[i]->services; s; s = s->next)
            names[k++] = s->name;
    size_t n_names = sort_unique(names, k, cmp_str);
    size_t used = 0;
    *by_service = json_object();
    for (size_t j = 0; j < n_names; j++) {
        counts[j].name = names[j];
        counts[j].rows = members + used;
        for (size_t i = 0; i < n; i++) {
            int listed = 0;
            for (const name_node *s = grp[i]->services; s && !listed; s = s->next)
                listed = !strcmp(s->name, names[j]);
            if (listed)
                counts[j].rows[counts[j].n++] = grp[i];
        }
        used += counts[j].n;
        json_t *e = json_object();
        rg_json_set(e, "incidents", json_integer((json_int_t)counts[j].n));
        rg_json_set(*by_service, names[j], e);
    }
    qsort(counts, n_names, sizeof(*counts), cmp_svc_count);
    *recurring = json_array();
    for (size_t j = 0; j < n_names && counts[j].n >= 2; j++) {
        json_t *e = json_object(), *ids = json_array();
        rg_json_set(e, "service", json_string(counts[j].name));
        for (size_t i = 0; i < counts[j].n; i++)
            rg_json_append(ids, json_string(counts[j].rows[i]->id));
        rg_json_set(e, "incidents", ids);
        rg_json_append(*recurring, e);
    }
    rg_free(names);
    rg_free(counts);
    rg_free(members);
    return 0;
}

static json_t *by_month_json(trend *t, row **grp, size_t n, const char **sev, size_t n_sev)
{
    json_t *a = json_array();
    long y, m, d, ty, tm, td;
    civil_from_days(t->from_days, &y, &m, &d);
    civil_from_days(t->to_days - 1, &ty, &tm, &td);
    while (y < ty || (y == ty && m <= tm)) {
        char month[32];
        snprintf(month, sizeof(month), "%04ld-%02ld", y % 10000, m);
        json_t *e = json_object(), *bs = json_object();
        size_t total = 0;
        for (size_t s = 0; s < n_sev; s++) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (!strncmp(grp[i]->at, month, 7) && !strcmp(severity_of(grp[i]), sev[s]))
                    k++;
            if (k)
                rg_json_set(bs, sev[s], json_integer((json_int_t)k));
            total += k;
        }
        rg_json_set(e, "month", json_string(month));
        rg_json_set(e, "incidents", json_integer((json_int_t)total));
        rg_json_set(e, "by_severity", bs);
        rg_json_append(a, e);
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return a;
}

/* ---- action items --------------------------------------------------- */

typedef struct action {
    const row *inc;
    long seq;
    const char *title, *owner, *due_text;
    long due_days;
    int due_default, done;
    long age_days;
} action;

static int cmp_action_age(const void *a, const void *b)
{
    const action *x = a, *y = b;
    if (x->age_days != y->age_days)
        return x->age_days > y->age_days ? -1 : 1;
    int c = strcmp(x->inc->id, y->inc->id);
    if (c)
        return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* IMPLEMENTATION-OF: README "Trend report", action items. The items of the
 * period's incidents, counted by the rule `actions` uses (actions.h): a chat
 * line that matched none of the lead's items is a suggestion and is not
 * counted; done when the status is "done" or "closed", else open. Due on
 * their due date, else 4 weeks (P1) or 8
 * weeks (others) after the incident's day. Overdue and age are measured on
 * the period's end date, never the clock, so a report is reproducible. */
static json_t *actions_json(trend *t)
{
    static const char sql[] =
        "SELECT a.incident_id, a.seq, a.title, a.owner, a.due, a.priority, a.status"
        " FROM action_items a JOIN incidents i ON i.id = a.incident_id WHERE " IN_PERIOD
        " AND i.exclude_from_trends = 0"
        /* the items `actions` lists, by the same rule (actions.h): a chat
         * suggestion is not an item until the lead adopts it */
        " AND " RG_ACTION_COUNTED_SQL " ORDER BY a.incident_id, a.seq";
    rg_stmt *q;
    if (prepare(t, sql, &q, t->from, t->to) != 0)
        return NULL;
    action *items = NULL;
    size_t n = 0, cap = 0, done = 0, overdue = 0;
    int rc, failed = 0;
    const row *r;
    while ((r = next_row(t, q, &rc)) != NULL) {
        action *na = grow(t, items, n, &cap, 32, sizeof(*na));
        if (!na) {
            failed = -1;
            break;
        }
        items = na;
        action *a = &items[n];
        memset(a, 0, sizeof(*a));
        a->inc = r;
        a->seq = (long)rg_stmt_int(q, 1);
        const char *priority = rg_stmt_text(q, 5);
        const char *status = rg_stmt_text(q, 6);
        if (col_text(t, q, 2, &a->title) || col_text(t, q, 3, &a->owner) ||
            col_text(t, q, 4, &a->due_text)) {
            failed = oom(t);
            break;
        }
        a->done = rg_action_is_done(status);
        if (rg_trend_parse_date(a->due_text, &a->due_days) != 0) {
            int p1 = priority && (priority[0] == 'P' || priority[0] == 'p') &&
                     !strcmp(priority + 1, "1");
            a->due_days = r->at_days + (p1 ? DEFAULT_DUE_P1_DAYS : DEFAULT_DUE_DAYS);
            a->due_default = 1;
        }
        a->age_days = t->to_days - r->at_days;
        done += a->done;
        overdue += !a->done && a->due_days < t->to_days;
        n++;
    }
    if (!failed && rc != RG_DONE)
        failed = db_fail(t, "action items");
    rg_stmt_finalize(q);
    if (failed) {
        rg_free(items);
        return NULL;
    }
    json_t *o = json_object();
    rg_json_set(o, "reference_date", json_string(t->to));
    rg_json_set(o, "opened", json_integer((json_int_t)n));
    rg_json_set(o, "done", json_integer((json_int_t)done));
    rg_json_set(o, "open", json_integer((json_int_t)(n - done)));
    rg_json_set(o, "overdue", json_integer((json_int_t)overdue));
    if (n)
        qsort(items, n, sizeof(*items), cmp_action_age);
    json_t *oldest = json_array();
    for (size_t i = 0, listed = 0; i < n && listed < MAX_OLDEST_OPEN; i++) {
        const action *a = &items[i];
        if (a->done)
            continue;
        char due[11];
        json_t *e = json_object();
        rg_json_set(e, "title", str_or_null(a->title));
        rg_json_set(e, "owner", str_or_null(a->owner));
        rg_json_set(e, "incident", json_string(a->inc->id));
        rg_json_set(e, "due", json_string(rg_trend_format_date(a->due_days, due)));
        rg_json_set(e, "due_default", json_boolean(a->due_default));
        rg_json_set(e, "age_days", json_integer(a->age_days));
        rg_json_set(e, "overdue", json_boolean(a->due_days < t->to_days));
        rg_json_append(oldest, e);
        listed++;
    }
    rg_json_set(o, "oldest_open", oldest);
    rg_free(items);
    return o;
}

/* ---- recurring contributing factors --------------------------------- */

typedef struct factor {
    char *norm;       /* case-folded, whitespace collapsed */
    const char *text; /* as written */
    const row *inc;
    size_t order; /* the row's position: earliest incident first */
} factor;

static int cmp_factor(const void *a, const void *b)
{
    const factor *x = a, *y = b;
    int c = strcmp(x->norm, y->norm);
    if (c)
        return c;
    return (x->order > y->order) - (x->order < y->order);
}

/* The form two factors are compared in: rg_fold's (README, "Trend report",
 * recurrence): case and accents ignored through Unicode case folding and
 * normalisation, runs of white space made one space, none at either end --
 * the same folding that matches people's names. */
static char *normalise(rg_arena *a, const char *s)
{
    char *f = rg_fold(s, strlen(s));
    if (!f)
        return NULL;
    char *out = rg_arena_strdup(a, f);
    rg_free(f);
    return out;
}

typedef struct factor_group {
    size_t first, end, distinct;
} factor_group;

static int cmp_factor_group_fn(const factor_group *x, const factor_group *y, const factor *f)
{
    if (x->distinct != y->distinct)
        return x->distinct > y->distinct ? -1 : 1;
    return strcmp(f[x->first].norm, f[y->first].norm);
}

static json_t *factors_json(trend *t)
{
    static const char sql[] = "SELECT c.incident_id, c.text FROM contributing_factors c"
                              " JOIN incidents i ON i.id = c.incident_id WHERE " IN_PERIOD
                              " AND i.exclude_from_trends = 0 ORDER BY c.incident_id, c.seq";
    rg_stmt *q;
    if (prepare(t, sql, &q, t->from, t->to) != 0)
        return NULL;
    factor *f = NULL;
    size_t n = 0, cap = 0;
    int rc, failed = 0;
    const row *r;
    while ((r = next_row(t, q, &rc)) != NULL) {
        factor *nf = grow(t, f, n, &cap, 32, sizeof(*nf));
        if (!nf) {
            failed = -1;
            break;
        }
        f = nf;
        if (col_text(t, q, 1, &f[n].text) || !f[n].text ||
            !(f[n].norm = normalise(t->arena, f[n].text))) {
            failed = oom(t);
            break;
        }
        if (!*f[n].norm)
            continue;
        f[n].inc = r;
        f[n].order = (size_t)(r - t->rows);
        n++;
    }
    if (!failed && rc != RG_DONE)
        failed = db_fail(t, "contributing factors");
    rg_stmt_finalize(q);
    factor_group *groups = NULL;
    size_t n_groups = 0;
    if (!failed && n) {
        qsort(f, n, sizeof(*f), cmp_factor);
        groups = rg_malloc(n * sizeof(*groups));
        if (!groups)
            failed = oom(t);
        for (size_t i = 0; groups && i < n;) {
            size_t j = i + 1, distinct = 1;
            for (; j < n && !strcmp(f[j].norm, f[i].norm); j++)
                distinct += f[j].inc != f[j - 1].inc;
            if (distinct >= 2)
                groups[n_groups++] = (factor_group){i, j, distinct};
            i = j;
        }
    }
    if (failed) {
        rg_free(f);
        rg_free(groups);
        return NULL;
    }
    /* insertion sort: a handful of groups, and qsort has no context */
    for (size_t i = 1; i < n_groups; i++)
        for (size_t j = i; j > 0 && cmp_factor_group_fn(&groups[j], &groups[j - 1], f) < 0; j--) {
            factor_group tmp = groups[j];
            groups[j] = groups[j - 1];
            groups[j - 1] = tmp;
        }
    json_t *a = json_array();
    for (size_t g = 0; g < n_groups; g++) {
        json_t *e = json_object(), *ids = json_array();
        rg_json_set(e, "factor", json_string(f[groups[g].first].text));
        for (size_t i = groups[g].first; i < groups[g].end; i++)
            if (i == groups[g].first || f[i].inc != f[i - 1].inc)
                rg_json_append(ids, json_string(f[i].inc->id));
        rg_json_set(e, "incidents", ids);
        rg_json_append(a, e);
    }
    rg_free(f);
    rg_free(groups);
    return a;
}

/* ---- the incidents listed ------------------------------------------- */

/* Percent-encodes everything but unreserved characters and '/'. */
static int put_href(rg_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (plain ? rg_buf_putc(b, (char)c) : rg_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]))
            return -1;
    }
    return 0;
}

/* "<prefix><id>/review.html" when reviews_dir/<id>/review.html exists.
 * An id that could climb out of the folder ("..", a '/') gets no link. */
static json_t *review_link(trend *t, const char *id)
{
    if (!t->reviews_dir || !*id || strchr(id, '/') || !strcmp(id, ".") || !strcmp(id, ".."))
        return json_null();
    rg_buf path = {0};
    struct stat sb;
    if (rg_buf_printf(&path, "%s/%s/review.html", t->reviews_dir, id) != 0) {
        rg_buf_free(&path);
        return NULL;
    }
    int exists = stat(path.data, &sb) == 0 && S_ISREG(sb.st_mode);
    rg_buf_free(&path);
    if (!exists)
        return json_null();
    rg_buf href = {0};
    json_t *v = NULL;
    if (put_href(&href, t->href_prefix ? t->href_prefix : "") == 0 && put_href(&href, id) == 0 &&
        rg_buf_puts(&href, "/review.html") == 0)
        v = json_string(href.data);
    rg_buf_free(&href);
    return v;
}

static json_t *incident_json(trend *t, const row *r)
{
    json_t *e = json_object(), *svc = json_array(), *dur = json_object();
    rg_json_set(e, "id", json_string(r->id));
    rg_json_set(e, "title", str_or_null(r->title));
    rg_json_set(e, "severity", json_string(severity_of(r)));
    for (const name_node *s = r->services; s; s = s->next)
        rg_json_append(svc, json_string(s->name));
    rg_json_set(e, "services", svc);
    rg_json_set(e, "at", json_string(r->at));
    rg_json_set(e, "started", str_or_null(r->started));
    rg_json_set(e, "source", json_string(r->source_kind ? r->source_kind : "review"));
    rg_json_set(e, "review", review_link(t, r->id));
    for (int d = 0; d < RG_DUR_COUNT; d++)
        rg_json_set(dur, rg_duration_key((rg_duration_id)d), int_or_null(r->has_dur[d], r->dur[d]));
    rg_json_set(e, "durations", dur);
    return e;
}

/* ---- the whole model ------------------------------------------------ */

static json_t *period_json(const char *from, const char *to)
{
    json_t *p = json_object();
    rg_json_set(p, "from", json_string(from));
    rg_json_set(p, "to", json_string(to));
    return p;
}

/* The previous period: as many whole months when both ends are the first
 * of a month (2026Q3 -> 2026Q2, whatever the months' lengths), else as
 * many days. */
static long previous_from(long from_days, long to_days)
{
    long fy, fm, fd, ty, tm, td;
    civil_from_days(from_days, &fy, &fm, &fd);
    civil_from_days(to_days, &ty, &tm, &td);
    if (fd != 1 || td != 1)
        return from_days - (to_days - from_days);
    long months = (ty * 12 + tm - 1) - (fy * 12 + fm - 1);
    long k = fy * 12 + fm - 1 - months;
    long py = k >= 0 ? k / 12 : -((-k + 11) / 12);
    return days_from_civil(py, k - py * 12 + 1, 1);
}

static json_t *build(trend *t)
{
    row **cur = rg_malloc((t->n_rows ? t->n_rows : 1) * sizeof(*cur));
    row **tmp = rg_malloc((t->n_rows ? t->n_rows : 1) * sizeof(*tmp));
    const char **sev = rg_malloc((t->n_rows ? t->n_rows : 1) * sizeof(*sev));
    json_t *root = NULL;
    if (!cur || !tmp || !sev) {
        oom(t);
        goto done;
    }
    size_t n_cur = select_rows(t, cur, 1, 0);
    size_t n_cur_ex = select_rows(t, tmp, 1, 1);
    size_t n_prev_ex = select_rows(t, tmp, 0, 1);
    size_t n_prev = select_rows(t, tmp, 0, 0);

    root = json_object();
    rg_json_set(root, "schema", json_integer(1));
    rg_json_set(root, "period", period_json(t->from, t->to));
    rg_json_set(
        root, "percentile_method",
        json_string("nearest rank: the p-th percentile is the value at rank ceil(p/100 * n) of "
                    "the n values sorted ascending; the median is the 50th percentile"));
    rg_json_set(root, "incidents", json_integer((json_int_t)n_cur));
    rg_json_set(root, "excluded", json_integer((json_int_t)n_cur_ex));
    json_t *defs = json_object();
    for (int d = 0; d < RG_DUR_COUNT; d++)
        rg_json_set(defs, rg_duration_key((rg_duration_id)d),
                    json_string(rg_duration_definition((rg_duration_id)d)));
    rg_json_set(root, "definitions", defs);
    rg_json_set(root, "durations", durations_json(cur, n_cur));

    json_t *prev = json_object();
    rg_json_set(prev, "period", period_json(t->prev_from, t->from));
    rg_json_set(prev, "incidents", json_integer((json_int_t)n_prev));
    rg_json_set(prev, "excluded", json_integer((json_int_t)n_prev_ex));
    rg_json_set(prev, "durations", durations_json(tmp, n_prev));
    rg_json_set(prev, "policy", policy_json(tmp, n_prev));
    rg_json_set(root, "previous", prev);

    for (size_t i = 0; i < n_cur; i++)
        sev[i] = severity_of(cur[i]);
    size_t n_sev = sort_unique(sev, n_cur, cmp_str_natural);
    rg_json_set(root, "by_severity", by_severity_json(cur, n_cur, sev, n_sev, tmp));
    json_t *by_service = NULL, *recurring = NULL;
    if (services_json(t, cur, n_cur, &by_service, &recurring) != 0) {
        json_decref(root);
        root = NULL;
        goto done;
    }
    rg_json_set(root, "by_service", by_service);
    rg_json_set(root, "by_month", by_month_json(t, cur, n_cur, sev, n_sev));
    rg_json_set(root, "policy", policy_json(cur, n_cur));
    rg_json_set(root, "coverage", coverage_json(cur, n_cur));
    json_t *actions = actions_json(t);
    json_t *factors = actions ? factors_json(t) : NULL;
    if (!actions || !factors) {
        json_decref(actions);
        json_decref(recurring);
        json_decref(root);
        root = NULL;
        goto done;
    }
    rg_json_set(root, "actions", actions);
    json_t *rec = json_object();
    rg_json_set(rec, "services", recurring);
    rg_json_set(rec, "contributing_factors", factors);
    rg_json_set(root, "recurrence", rec);

    json_t *list = json_array(), *ex = json_array();
    for (size_t i = 0; i < n_cur; i++)
        rg_json_append(list, incident_json(t, cur[i]));
    rg_json_set(root, "incident_list", list);
    n_cur_ex = select_rows(t, tmp, 1, 1);
    for (size_t i = 0; i < n_cur_ex; i++) {
        json_t *e = json_object();
        rg_json_set(e, "id", json_string(tmp[i]->id));
        rg_json_set(e, "title", str_or_null(tmp[i]->title));
        rg_json_set(e, "severity", json_string(severity_of(tmp[i])));
        rg_json_set(e, "at", json_string(tmp[i]->at));
        rg_json_set(e, "review", review_link(t, tmp[i]->id));
        rg_json_set(e, "reason",
                    json_string("marked \"exclude_from_trends\" in its incident.json"));
        rg_json_append(ex, e);
    }
    rg_json_set(root, "excluded_list", ex);
done:
    rg_free(cur);
    rg_free(tmp);
    rg_free(sev);
    return root;
}

json_t *rg_trend_build(rg_store *st, const char *from, const char *to, const char *reviews_dir,
                       const char *href_prefix, rg_diag *diag)
{
    trend t;
    memset(&t, 0, sizeof(t));
    t.st = st;
    t.diag = diag;
    t.reviews_dir = reviews_dir;
    t.href_prefix = href_prefix;
    if (rg_trend_parse_date(from, &t.from_days) != 0) {
        rg_diag_error(diag, "reviewgen", 0, 0, "bad date '%s' (expected YYYY-MM-DD)",
                      from ? from : "");
        return NULL;
    }
    if (rg_trend_parse_date(to, &t.to_days) != 0) {
        rg_diag_error(diag, "reviewgen", 0, 0, "bad date '%s' (expected YYYY-MM-DD)", to ? to : "");
        return NULL;
    }
    if (t.to_days <= t.from_days) {
        rg_diag_error(diag, "reviewgen", 0, 0, "empty period: %s is not before %s", from, to);
        return NULL;
    }
    memcpy(t.from, from, 11);
    memcpy(t.to, to, 11);
    rg_trend_format_date(previous_from(t.from_days, t.to_days), t.prev_from);
    unsigned long failures = rg_alloc_failures();
    json_t *root = NULL;
    t.arena = rg_arena_new();
    if (!t.arena) {
        oom(&t);
        return NULL;
    }
    /* One snapshot: every query sees the same store, with each incident
     * whole or not at all, however many builds write meanwhile. */
    if (rg_store_read_begin(st, diag) != 0)
        goto done;
    if (load_rows(&t) == 0 && index_rows(&t) == 0 && load_services(&t) == 0)
        root = build(&t);
    rg_store_read_end(st);
    /* jansson drops a value it could not allocate without telling: a
     * model missing a piece is not passed on as a whole one */
    if (root && rg_alloc_failures() != failures) {
        json_decref(root);
        root = NULL;
        oom(&t);
    }
done:
    rg_free(t.rows);
    rg_free(t.by_id);
    rg_arena_free(t.arena);
    return root;
}
