/* listing.c -- reads the incidents and action items of the store for
 * `reviewgen list` and `reviewgen actions`, and writes them as a table, CSV
 * or JSON (README, "Listing incidents and action items"). */
#include "listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "actions.h"
#include "alloc.h"
#include "csv.h"
#include "term.h"
#include "timeparse.h"

#define DAY_US (INT64_C(86400) * 1000000)

/* ---- dates ------------------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rg_date_check(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1)
        return -1;
    int max = mdays[m - 1] + (m == 2 && is_leap(y));
    return d <= max ? 0 : -1;
}

char *rg_date_today(char buf[11])
{
    char t[32];
    rg_time_format((int64_t)time(NULL) * 1000000, t);
    memcpy(buf, t, 10);
    buf[10] = '\0';
    return buf;
}

/* The UTC date of an RFC 3339 text; 0 when it is not one. */
static int date_of_time(const char *s, int64_t add_us, char out[11])
{
    int64_t at;
    int flags;
    rg_time_ctx ctx = {NULL, 0};
    size_t n = strlen(s);
    if (n < 11 || rg_time_rfc3339(s, n, &ctx, &at, &flags) != n)
        return 0;
    char t[32];
    rg_time_format(at + add_us, t);
    memcpy(out, t, 10);
    out[10] = '\0';
    return 1;
}

/* Instants in the store are rg_time_format() text: "2026-11-20T14:02:03Z" or
 * "...03.250000Z". Text order is time order except within one second, where
 * "03.25Z" sorts before "03Z" ('.' < 'Z'); so order by the first 19
 * characters, then by the fraction ("" when none, which comes first), and put
 * unknown instants last. */
#define ORDER_BY_INSTANT(expr)                                                                     \
    "(" expr ") IS NULL, substr(" expr ", 1, 19), "                                                \
    "CASE WHEN substr(" expr ", 20, 1) = '.' THEN substr(" expr ", 20) ELSE '' END"

/* ---- action items ------------------------------------------------------ */

int rg_action_is_open(const char *status)
{
    return !rg_action_is_done(status); /* actions.c: the one rule */
}

static int is_p1(const char *priority)
{
    if (!priority)
        return 0;
    while (*priority == ' ')
        priority++;
    size_t n = strlen(priority);
    while (n > 0 && priority[n - 1] == ' ')
        n--;
    return n == 2 && (priority[0] == 'P' || priority[0] == 'p') && priority[1] == '1';
}

int rg_action_due(const char *due, const char *priority, const char *incident_start, char out[11],
                  char *rule, size_t rule_size)
{
    out[0] = '\0';
    if (due && *due) {
        if (rg_date_check(due) == 0) {
            memcpy(out, due, 11);
            snprintf(rule, rule_size, "given");
            return 1;
        }
        if (date_of_time(due, 0, out)) {
            snprintf(rule, rule_size, "given");
            return 1;
        }
    }
    int p1 = is_p1(priority);
    const char *why = due && *due ? " (the item's due is not a date)" : "";
    if (incident_start && date_of_time(incident_start, (p1 ? 28 : 56) * DAY_US, out)) {
        snprintf(rule, rule_size, "started + %s%s", p1 ? "4 weeks (P1)" : "8 weeks", why);
        return 1;
    }
    snprintf(rule, rule_size, "none (no due date and no incident start)");
    return 0;
}

/* ---- queries ----------------------------------------------------------- */

/* How a query stopped when not at RG_DONE: out of memory, else the store's
 * error. */
#define QUERY_OOM (-2)

/* Ends a query: returns rows when it ran to the end (rc RG_DONE) with every
 * allocation made, else NULL with the error in diag and rows freed;
 * finalizes q and q2 and ends the read either way. jansson swallows failed
 * allocations in the setters: a listing with a hole in it is an error, not
 * a shorter listing. */
static json_t *query_end(json_t *rows, int rc, unsigned long failures, rg_stmt *q, rg_stmt *q2,
                         rg_store *st, rg_diag *diag)
{
    rg_stmt_finalize(q);
    rg_stmt_finalize(q2);
    rg_store_read_end(st);
    if (rc == RG_DONE && rg_alloc_failures() == failures)
        return rows;
    if (rc == RG_DONE || rc == QUERY_OOM || rg_alloc_failures() != failures)
        rg_diag_error(diag, rg_store_name(st), 0, 0, "out of memory reading the store");
    else
        rg_diag_error(diag, rg_store_name(st), 0, 0, "cannot read the store: %s",
                      rg_store_errmsg(st));
    json_decref(rows);
    return NULL;
}

/* A statement whose failure query_end reports (out of memory, or the
 * store's error), so a failed allocation reads as one. */
static rg_stmt *prepare(rg_store *st, const char *sql)
{
    rg_diag scratch;
    rg_diag_init(&scratch);
    rg_stmt *q = rg_store_prepare(st, sql, &scratch);
    rg_diag_free(&scratch);
    return q;
}

static json_t *col_text(rg_stmt *q, int i)
{
    const char *s = rg_stmt_text(q, i);
    if (!s)
        return json_null();
    json_t *v = json_stringn(s, rg_stmt_bytes(q, i));
    /* text that is not UTF-8 cannot come from rg_store_save; say so rather
     * than drop the value silently */
    return v ? v : json_string("\xef\xbf\xbd");
}

static json_t *col_int(rg_stmt *q, int i)
{
    if (rg_stmt_type(q, i) == RG_VALUE_NULL)
        return json_null();
    return json_integer((json_int_t)rg_stmt_int(q, i));
}

/* The bound of a half-open period for the store's instants: "2026-07-01"
 * becomes "2026-07-01T00:00:00" without its zone letter, so that every
 * instant of that second compares >= it ("...00Z" and "...00.5Z" are longer
 * texts with it as their prefix), and every earlier instant < it. NULL
 * binds NULL: no bound. */
static int bind_bound(rg_stmt *q, int idx, const char *date)
{
    if (!date)
        return rg_stmt_bind_null(q, idx);
    char b[32];
    snprintf(b, sizeof(b), "%.10sT00:00:00", date);
    return rg_stmt_bind_text(q, idx, b);
}

static int check_dates(const char *name, const char *from, const char *to, rg_diag *diag)
{
    if (from && rg_date_check(from) != 0)
        return rg_diag_error(diag, name, 0, 0, "'%s' is not a date (YYYY-MM-DD)", from);
    if (to && rg_date_check(to) != 0)
        return rg_diag_error(diag, name, 0, 0, "'%s' is not a date (YYYY-MM-DD)", to);
    return 0;
}

/* The period filter of both queries of rg_list_incidents. ?1 IS NULL alone
 * leaves PostgreSQL without a type for ?1: the CAST gives it one. */
#define IN_LIST_PERIOD                                                                             \
    " (CAST(?1 AS TEXT) IS NULL OR coalesce(i.started, i.detected) >= ?1)"                         \
    " AND (CAST(?2 AS TEXT) IS NULL OR coalesce(i.started, i.detected) < ?2)"

/* One service of an incident, as read, sorted by incident id. */
typedef struct service_row {
    char *id, *service;
} service_row;

static int cmp_service_id(const void *key, const void *elem)
{
    return strcmp(key, ((const service_row *)elem)->id);
}

/* Filters compare ignoring ASCII case, as SQLite's NOCASE did, in C so both
 * back ends compare alike (PostgreSQL has no NOCASE, and its lower() folds
 * by the database's language). */
static int same_text(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

json_t *rg_list_incidents(rg_store *st, const rg_list_filter *f, rg_diag *diag)
{
    static const char sql[] =
        "SELECT i.id, i.title, i.severity, i.started, i.time_to_acknowledge,"
        " i.time_to_mitigate, i.total_duration"
        " FROM incidents i WHERE" IN_LIST_PERIOD
        " ORDER BY " ORDER_BY_INSTANT("coalesce(i.started, i.detected)") ", i.id";
    static const char services_sql[] =
        "SELECT s.incident_id, s.service FROM incident_services s"
        " JOIN incidents i ON i.id = s.incident_id WHERE" IN_LIST_PERIOD
        " ORDER BY s.incident_id, s.seq";
    if (check_dates(rg_store_name(st), f->from, f->to, diag) != 0)
        return NULL;
    rg_stmt *q = NULL, *sv = NULL;
    service_row *svc = NULL;
    size_t n_svc = 0, cap_svc = 0;
    unsigned long failures = rg_alloc_failures();
    json_t *rows = NULL;
    int rc = QUERY_OOM;
    /* one snapshot: the services belong to the incidents listed */
    if (rg_store_read_begin(st, diag) != 0)
        return NULL;
    rows = json_array();
    if (!rows)
        goto out;
    rc = -1;
    if (!(q = prepare(st, sql)) || !(sv = prepare(st, services_sql)) ||
        bind_bound(q, 1, f->from) != 0 || bind_bound(q, 2, f->to) != 0 ||
        bind_bound(sv, 1, f->from) != 0 || bind_bound(sv, 2, f->to) != 0)
        goto out;
    while ((rc = rg_stmt_step(sv)) == RG_ROW) {
        if (n_svc == cap_svc) {
            size_t ncap = cap_svc ? cap_svc * 2 : 64;
            service_row *l = rg_realloc(svc, ncap * sizeof(*l));
            if (!l) {
                rc = QUERY_OOM;
                break;
            }
            svc = l;
            cap_svc = ncap;
        }
        svc[n_svc].id = rg_strdup(rg_stmt_text(sv, 0));
        svc[n_svc].service = rg_strdup(rg_stmt_text(sv, 1) ? rg_stmt_text(sv, 1) : "");
        if (!svc[n_svc].id || !svc[n_svc].service) {
            rg_free(svc[n_svc].id);
            rg_free(svc[n_svc].service);
            rc = QUERY_OOM;
            break;
        }
        n_svc++;
    }
    if (rc != RG_DONE)
        goto out;
    while ((rc = rg_stmt_step(q)) == RG_ROW) {
        const char *id = rg_stmt_text(q, 0);
        if (f->severity && !same_text(rg_stmt_text(q, 2), f->severity))
            continue;
        /* the incident's services: a run in svc, found by binary search */
        size_t first = n_svc, end;
        service_row *hit = n_svc ? bsearch(id, svc, n_svc, sizeof(*svc), cmp_service_id) : NULL;
        if (hit) {
            first = (size_t)(hit - svc);
            while (first > 0 && !strcmp(svc[first - 1].id, id))
                first--;
        }
        int match = !f->service;
        for (end = first; end < n_svc && !strcmp(svc[end].id, id); end++)
            match |= same_text(svc[end].service, f->service);
        if (!match)
            continue;
        /* services first, then the row, which is appended last: a failed
         * set or append frees what it was given, so nothing is touched
         * after it is handed over */
        json_t *services = json_array();
        json_t *o = services ? json_object() : NULL;
        if (!o) {
            json_decref(services);
            rc = QUERY_OOM;
            break;
        }
        for (size_t k = first; k < end; k++)
            json_array_append_new(services, json_string(svc[k].service));
        json_object_set_new(o, "id", col_text(q, 0));
        json_object_set_new(o, "started", col_text(q, 3));
        json_object_set_new(o, "severity", col_text(q, 2));
        json_object_set_new(o, "services", services);
        json_object_set_new(o, "title", col_text(q, 1));
        json_object_set_new(o, "time_to_acknowledge", col_int(q, 4));
        json_object_set_new(o, "time_to_mitigate", col_int(q, 5));
        json_object_set_new(o, "total_duration", col_int(q, 6));
        json_array_append_new(rows, o);
    }
out:
    for (size_t i = 0; i < n_svc; i++) {
        rg_free(svc[i].id);
        rg_free(svc[i].service);
    }
    rg_free(svc);
    return query_end(rows, rc, failures, q, sv, st, diag);
}

/* One action item on its way to the output, with what it is sorted by. */
typedef struct action_row {
    json_t *o;
    const char *due; /* borrowed from o; NULL when none */
    size_t index;    /* order of the query: incident, then the item's place */
} action_row;

static int cmp_action(const void *pa, const void *pb)
{
    const action_row *a = pa, *b = pb;
    if (!a->due != !b->due)
        return a->due ? -1 : 1;
    int c = a->due ? strcmp(a->due, b->due) : 0;
    if (c != 0)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

json_t *rg_list_actions(rg_store *st, const rg_actions_filter *f, rg_diag *diag)
{
#define ACTIONS_SQL(which)                                                                         \
    "SELECT a.incident_id, i.title, a.title, a.owner, a.due, a.priority, a.status,"                \
    " a.ticket, coalesce(i.started, i.detected), a.kind, a.raised_by, a.raised_in"                 \
    " FROM action_items a JOIN incidents i ON i.id = a.incident_id"                                \
    " WHERE " which                                                                                \
    " ORDER BY " ORDER_BY_INSTANT("coalesce(i.started, i.detected)") ", i.id, a.seq"
    /* the items `actions` and `trend` count, or the chat's suggestions: the
     * same rule either way (actions.h) */
    static const char items_sql[] = ACTIONS_SQL(RG_ACTION_COUNTED_SQL);
    static const char suggestions_sql[] = ACTIONS_SQL("NOT (" RG_ACTION_COUNTED_SQL ")");
    const char *sql = f->suggestions ? suggestions_sql : items_sql;
    if (!f->as_of || rg_date_check(f->as_of) != 0) {
        rg_diag_error(diag, rg_store_name(st), 0, 0, "'%s' is not a date (YYYY-MM-DD)",
                      f->as_of ? f->as_of : "");
        return NULL;
    }
    rg_stmt *q = NULL;
    action_row *list = NULL;
    size_t n = 0, cap = 0;
    json_t *rows = NULL;
    unsigned long failures = rg_alloc_failures();
    int rc = -1;
    if (rg_store_read_begin(st, diag) != 0)
        return NULL;
    if (!(q = prepare(st, sql)))
        goto out;
    while ((rc = rg_stmt_step(q)) == RG_ROW) {
        if (f->owner && !same_text(rg_stmt_text(q, 3), f->owner))
            continue;
        const char *status = f->suggestions ? "suggested" : rg_stmt_text(q, 6);
        int open = rg_action_is_open(status);
        if (f->which != RG_ACTIONS_ALL && !open)
            continue;
        char due[11], rule[128];
        int has_due = rg_action_due(rg_stmt_text(q, 4), rg_stmt_text(q, 5), rg_stmt_text(q, 8), due,
                                    rule, sizeof(rule));
        if (f->suggestions && has_due && strcmp(rule, "given") != 0) {
            /* nobody's commitment yet: no default due date */
            has_due = 0;
            snprintf(rule, sizeof(rule), "none (a suggestion)");
        }
        /* a suggestion is nobody's commitment yet: never overdue */
        int overdue = open && !f->suggestions && has_due && strcmp(due, f->as_of) < 0;
        if (f->which == RG_ACTIONS_OVERDUE && !overdue)
            continue;
        rc = QUERY_OOM; /* what a break below means */
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            action_row *l = rg_realloc(list, ncap * sizeof(*l));
            if (!l)
                break;
            list = l;
            cap = ncap;
        }
        json_t *o = json_object();
        if (!o)
            break;
        list[n].o = o;
        list[n].index = n;
        n++;
        json_object_set_new(o, "incident", col_text(q, 0));
        json_object_set_new(o, "incident_title", col_text(q, 1));
        json_object_set_new(o, "title", col_text(q, 2));
        json_object_set_new(o, "owner", col_text(q, 3));
        json_object_set_new(o, "due", has_due ? json_string(due) : json_null());
        json_object_set_new(o, "due_rule", json_string(rule));
        json_object_set_new(o, "status", json_string(status ? status : "open"));
        json_object_set_new(o, "priority", col_text(q, 5));
        json_object_set_new(o, "ticket", col_text(q, 7));
        json_object_set_new(o, "overdue", json_boolean(overdue));
        json_object_set_new(o, "kind", col_text(q, 9));
        json_object_set_new(o, "raised_by", col_text(q, 10));
        json_object_set_new(o, "raised_in", col_text(q, 11));
        list[n - 1].due = json_string_value(json_object_get(o, "due"));
    }
    if (rc != RG_DONE)
        goto out;
    if (n)
        qsort(list, n, sizeof(*list), cmp_action);
    rows = json_array();
    if (!rows)
        rc = QUERY_OOM;
    for (size_t i = 0; rows && i < n; i++) {
        json_array_append_new(rows, list[i].o);
        list[i].o = NULL;
    }
out:
    for (size_t i = 0; i < n; i++)
        json_decref(list[i].o);
    rg_free(list);
    return query_end(rows, rc, failures, q, NULL, st, diag);
}

/* ---- output ------------------------------------------------------------ */

const rg_list_column rg_incident_columns[] = {
    {"id", "id", RG_COL_TEXT, 24, 1},
    {"started", "started (UTC)", RG_COL_TIME, 0, 1},
    {"severity", "severity", RG_COL_TEXT, 12, 1},
    {"services", "services", RG_COL_LIST, 30, 1},
    {"title", "title", RG_COL_TEXT, 50, 1},
    {"time_to_acknowledge", "time to acknowledge", RG_COL_SECONDS, 0, 1},
    {"time_to_mitigate", "time to mitigate", RG_COL_SECONDS, 0, 1},
    {"total_duration", "total duration", RG_COL_SECONDS, 0, 1},
};
const size_t rg_n_incident_columns = sizeof(rg_incident_columns) / sizeof(rg_incident_columns[0]);

const rg_list_column rg_action_columns[] = {
    {"incident", "incident", RG_COL_TEXT, 24, 1},
    {"incident_title", "incident title", RG_COL_TEXT, 40, 0},
    {"title", "action item", RG_COL_TEXT, 50, 1},
    {"owner", "owner", RG_COL_TEXT, 24, 1},
    {"due", "due", RG_COL_DATE, 0, 1},
    {"due_rule", "due from", RG_COL_TEXT, 0, 1},
    {"status", "status", RG_COL_TEXT, 12, 1},
    {"priority", "priority", RG_COL_TEXT, 8, 1},
    {"ticket", "ticket", RG_COL_TEXT, 16, 1},
    {"overdue", "overdue", RG_COL_BOOL, 0, 1},
    {"kind", "kind", RG_COL_TEXT, 10, 0},
    {"raised_by", "raised in the chat by", RG_COL_TEXT, 24, 0},
    {"raised_in", "chat line", RG_COL_TEXT, 40, 0},
};
const size_t rg_n_action_columns = sizeof(rg_action_columns) / sizeof(rg_action_columns[0]);

int rg_list_format_parse(const char *s, rg_list_format *out)
{
    if (!strcmp(s, "table"))
        *out = RG_FORMAT_TABLE;
    else if (!strcmp(s, "csv"))
        *out = RG_FORMAT_CSV;
    else if (!strcmp(s, "json"))
        *out = RG_FORMAT_JSON;
    else
        return -1;
    return 0;
}

/* A list's items joined with ", ". */
static int join(const json_t *list, rg_buf *b)
{
    size_t i;
    const json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *s = json_string_value(v);
        if ((i && rg_buf_puts(b, ", ") != 0) || (s && rg_buf_puts(b, s) != 0))
            return -1;
    }
    return 0;
}

/* The text of one cell, before table cleaning or CSV quoting; *unknown is set
 * for a null value. */
static int cell_text(const json_t *v, const rg_list_column *c, rg_list_format fmt, rg_buf *b,
                     int *unknown)
{
    *unknown = !v || json_is_null(v);
    if (*unknown)
        return 0;
    char buf[48];
    switch (c->kind) {
    case RG_COL_LIST:
        return join(v, b);
    case RG_COL_SECONDS:
        if (!json_is_integer(v))
            break;
        if (fmt == RG_FORMAT_TABLE)
            return rg_buf_puts(b, rg_duration_format(json_integer_value(v), buf));
        return rg_buf_printf(b, "%lld", (long long)json_integer_value(v));
    case RG_COL_BOOL:
        if (fmt == RG_FORMAT_TABLE)
            return rg_buf_puts(b, json_is_true(v) ? "yes" : "");
        return rg_buf_puts(b, json_is_true(v) ? "true" : "false");
    case RG_COL_TIME:
        if (fmt == RG_FORMAT_TABLE && json_is_string(v)) {
            int64_t at;
            int flags;
            const char *s = json_string_value(v);
            rg_time_ctx ctx = {NULL, 0};
            if (rg_time_rfc3339(s, strlen(s), &ctx, &at, &flags) == strlen(s))
                return rg_buf_puts(b, rg_time_format_short(at, buf));
        }
        break;
    default:
        break;
    }
    const char *s = json_string_value(v);
    return s ? rg_buf_append(b, s, json_string_length(v)) : 0;
}

/* s as rg_term_put_clean() writes it to a terminal, so a table is measured
 * exactly as it is shown. Caller frees with free() (open_memstream's buffer). */
static char *clean(const char *s)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    if (!f)
        return NULL;
    rg_term_put_clean(s, f);
    if (fclose(f) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* Characters (UTF-8 code points) in s. Wide East Asian characters take two
 * terminal cells and misalign their row; the table is still readable. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Cuts s to at most max characters, the last one "…", on a character
 * boundary. Returns s, or its reallocation (free() either), NULL when out of
 * memory. */
static char *cut(char *s, size_t max)
{
    if (max == 0 || chars(s) <= max)
        return s;
    size_t seen = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && seen++ == max - 1)
            break;
    char *t = realloc(s, i + 4);
    if (!t) {
        free(s);
        return NULL;
    }
    memcpy(t + i, "\xe2\x80\xa6", 4); /* with the NUL */
    return t;
}

static int render_table(const json_t *rows, const rg_list_column *cols, size_t n_cols, rg_buf *out)
{
    size_t n_rows = json_array_size(rows);
    size_t n_cells = (n_rows + 1) * n_cols;
    char **cells = rg_calloc(n_cells ? n_cells : 1, sizeof(*cells));
    size_t *width = rg_calloc(n_cols ? n_cols : 1, sizeof(*width));
    rg_buf b = {0};
    int rc = -1;
    if (!cells || !width)
        goto done;
    for (size_t r = 0; r <= n_rows; r++) {
        const json_t *row = r ? json_array_get(rows, r - 1) : NULL;
        for (size_t c = 0; c < n_cols; c++) {
            if (!cols[c].table)
                continue;
            int unknown = 0;
            rg_buf_reset(&b);
            if (!row) {
                if (rg_buf_puts(&b, cols[c].header) != 0)
                    goto done;
            } else if (cell_text(json_object_get(row, cols[c].key), &cols[c], RG_FORMAT_TABLE, &b,
                                 &unknown) != 0) {
                goto done;
            }
            /* unknown and empty (no services) both show as '-' */
            char *s = clean(unknown || !b.len ? "-" : b.data);
            if (!s)
                goto done;
            if (row && !(s = cut(s, cols[c].max_chars)))
                goto done;
            cells[r * n_cols + c] = s;
            size_t w = chars(s);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t r = 0; r <= n_rows; r++) {
        size_t last = 0;
        for (size_t c = 0; c < n_cols; c++)
            if (cols[c].table)
                last = c;
        int first = 1;
        for (size_t c = 0; c < n_cols; c++) {
            const char *s = cells[r * n_cols + c];
            if (!cols[c].table)
                continue;
            if (!first && rg_buf_puts(out, "  ") != 0)
                goto done;
            first = 0;
            if (rg_buf_puts(out, s) != 0)
                goto done;
            /* no padding after the last column: no trailing spaces */
            for (size_t w = chars(s); c != last && w < width[c]; w++)
                if (rg_buf_putc(out, ' ') != 0)
                    goto done;
        }
        while (out->len && out->data[out->len - 1] == ' ') /* an empty last cell */
            out->data[--out->len] = '\0';
        if (rg_buf_putc(out, '\n') != 0)
            goto done;
    }
    rc = 0;
done:
    for (size_t i = 0; cells && i < n_cells; i++)
        free(cells[i]);
    rg_free(cells);
    rg_free(width);
    rg_buf_free(&b);
    return rc;
}

static int render_csv(const json_t *rows, const rg_list_column *cols, size_t n_cols, rg_buf *out)
{
    for (size_t c = 0; c < n_cols; c++)
        if ((c && rg_buf_putc(out, ',') != 0) ||
            rg_csv_put(out, cols[c].key, strlen(cols[c].key), 0) != 0)
            return -1;
    if (rg_csv_end_record(out) != 0)
        return -1;
    rg_buf b = {0};
    size_t i;
    const json_t *row;
    json_array_foreach(rows, i, row)
    {
        for (size_t c = 0; c < n_cols; c++) {
            int unknown;
            rg_buf_reset(&b);
            if (cell_text(json_object_get(row, cols[c].key), &cols[c], RG_FORMAT_CSV, &b,
                          &unknown) != 0 ||
                (c && rg_buf_putc(out, ',') != 0) ||
                rg_csv_put(out, b.data ? b.data : "", b.len,
                           cols[c].kind == RG_COL_TEXT || cols[c].kind == RG_COL_LIST) != 0) {
                rg_buf_free(&b);
                return -1;
            }
        }
        if (rg_csv_end_record(out) != 0) {
            rg_buf_free(&b);
            return -1;
        }
    }
    rg_buf_free(&b);
    return 0;
}

int rg_list_render(const json_t *rows, const rg_list_column *cols, size_t n_cols,
                   rg_list_format fmt, rg_buf *out)
{
    if (fmt == RG_FORMAT_TABLE)
        return render_table(rows, cols, n_cols, out);
    if (fmt == RG_FORMAT_CSV)
        return render_csv(rows, cols, n_cols, out);
    char *s = json_dumps(rows, JSON_INDENT(2));
    if (!s)
        return -1;
    int rc = rg_buf_puts(out, s) != 0 || rg_buf_putc(out, '\n') != 0 ? -1 : 0;
    free(s);
    return rc;
}
