/* history.c -- one review model per row of a PagerDuty incidents CSV export,
 * checked whole before any of it reaches the store (README, "Importing past
 * incidents"). */
#include "history.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "csv.h"
#include "jsonutil.h"
#include "metrics.h"

/* Which column holds what; -1 when the file has no such column. */
enum {
    C_NUMBER,
    C_CREATED,
    C_RESOLVED,
    C_ACK_S,
    C_RESOLVE_S,
    C_TITLE,
    C_DESCRIPTION,
    C_SERVICE,
    C_PRIORITY,
    C_URGENCY,
    C_ID,
    C_COUNT
};

/* Names as PagerDuty's incidents report export writes them, and the names of
 * its Analytics export where they differ. */
static const struct {
    int col;
    const char *name;
} names[] = {
    {C_NUMBER, "incident_number"},
    {C_CREATED, "created_on"},
    {C_CREATED, "created_at"},
    {C_RESOLVED, "resolved_on"},
    {C_RESOLVED, "resolved_at"},
    {C_ACK_S, "seconds_to_first_ack"},
    {C_RESOLVE_S, "seconds_to_resolve"},
    {C_TITLE, "title"},
    {C_DESCRIPTION, "description"},
    {C_SERVICE, "service_name"},
    {C_PRIORITY, "priority_name"},
    {C_PRIORITY, "priority"},
    {C_URGENCY, "urgency"},
    {C_ID, "id"},
};

typedef struct reader {
    const char *path, *base; /* base: the file name, for origins */
    const rg_tz *zone;
    rg_diag *diag;
    int col[C_COUNT];
    const char *colname[C_COUNT]; /* the name the file uses, for messages */
    rg_csv csv;
} reader;

/* "Incident Number" and "incident_number" are the same column. */
static void normalise(const char *s, char *out, size_t size)
{
    size_t o = 0;
    while (*s == ' ')
        s++;
    for (; *s && o + 1 < size; s++)
        out[o++] = *s == ' ' ? '_' : (char)tolower((unsigned char)*s);
    while (o > 0 && out[o - 1] == '_')
        o--;
    out[o] = '\0';
}

static int read_header(reader *r)
{
    size_t by[C_COUNT] = {0}; /* which of names[] claimed each column: the first alias wins */
    for (int i = 0; i < C_COUNT; i++)
        r->col[i] = -1;
    for (size_t f = 0; f < r->csv.n_fields; f++) {
        char name[64];
        normalise(r->csv.fields[f].text, name, sizeof(name));
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
            if (strcmp(name, names[k].name) != 0)
                continue;
            int c = names[k].col;
            if (r->col[c] >= 0 && by[c] == k)
                return rg_diag_error(r->diag, r->path, r->csv.fields[f].line, r->csv.fields[f].col,
                                     "column '%s' appears twice", names[k].name);
            if (r->col[c] < 0 || k < by[c]) {
                r->col[c] = (int)f;
                r->colname[c] = names[k].name;
                by[c] = k;
            }
        }
    }
    static const struct {
        int col;
        const char *name;
    } required[] = {{C_NUMBER, "incident_number"}, {C_CREATED, "created_on"}};
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        if (r->col[required[i].col] < 0)
            return rg_diag_error(r->diag, r->path, r->csv.record_line, 1,
                                 "missing the column '%s' (is this PagerDuty's incidents CSV "
                                 "export?)",
                                 required[i].name);
    return 0;
}

/* The field of column c in the current record; NULL when the file has no
 * such column. */
static const rg_csv_field *field(const reader *r, int c)
{
    return r->col[c] >= 0 ? &r->csv.fields[r->col[c]] : NULL;
}

/* A copy of the field's text without surrounding spaces, for numbers and
 * times; "" when empty or absent. */
static void trimmed(const rg_csv_field *f, char *out, size_t size)
{
    out[0] = '\0';
    if (!f)
        return;
    const char *s = f->text;
    size_t n = f->len;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

/* A value quoted in a message: control characters (ESC among them, which
 * could drive the terminal the message is printed on) become '?', and a
 * long value is cut at 60 bytes on a character boundary, with "...". */
static const char *shown(const char *t, char out[80])
{
    size_t o = 0, i = 0;
    for (; t[i] && o < 60; i++)
        out[o++] = ((unsigned char)t[i] < 0x20 || t[i] == 0x7f) ? '?' : t[i];
    while (o > 0 && t[i] && ((unsigned char)t[i] & 0xC0) == 0x80) /* mid-character */
        o--, i--;
    if (t[i])
        out[o++] = '.', out[o++] = '.', out[o++] = '.';
    out[o] = '\0';
    return out;
}

/* A number of seconds: digits with an optional fraction, rounded to the
 * nearest second. Returns 1 with *s set, 0 when empty, -1 with the error. */
static int seconds(reader *r, int c, int64_t *out)
{
    const char *colname = r->colname[c];
    const rg_csv_field *f = field(r, c);
    char t[64];
    trimmed(f, t, sizeof(t));
    if (!t[0])
        return 0;
    const char *p = t;
    int64_t v = 0;
    int digits = 0;
    /* 10,000 years at most: more is a typo, not a duration */
    for (; isdigit((unsigned char)*p) && v <= INT64_C(315360000000); p++, digits++)
        v = v * 10 + (*p - '0');
    if (digits && *p == '.' && isdigit((unsigned char)p[1])) {
        if (p[1] >= '5')
            v++;
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    }
    char sh[80];
    if (!digits || *p || v > INT64_C(315360000000))
        return rg_diag_error(r->diag, r->path, f->line, f->col,
                             "%s '%s' is not a number of seconds", colname, shown(t, sh));
    *out = v;
    return 1;
}

/* A time: RFC 3339 / ISO 8601, the whole field. Returns 1 with *at set, 0
 * when empty, -1 with the error. */
static int instant(reader *r, int c, int64_t *at)
{
    const char *colname = r->colname[c];
    const rg_csv_field *f = field(r, c);
    char t[128];
    trimmed(f, t, sizeof(t));
    if (!t[0])
        return 0;
    rg_time_ctx ctx = {r->zone, 0};
    int flags = 0;
    size_t n = strlen(t);
    char sh[80];
    if (rg_time_rfc3339(t, n, &ctx, at, &flags) != n)
        return rg_diag_error(r->diag, r->path, f->line, f->col,
                             "%s '%s' is not a time (expected ISO 8601, e.g. "
                             "2026-07-01T14:02:00Z)",
                             colname, shown(t, sh));
    if ((flags & RG_TIME_LOCAL) && !r->zone)
        return rg_diag_error(r->diag, r->path, f->line, f->col,
                             "%s '%s' has no UTC offset; give --timezone ZONE (the time zone "
                             "of the PagerDuty account that exported it)",
                             colname, shown(t, sh));
    return 1;
}

/* The field's text as a JSON string, NULL (json null) when empty. */
static json_t *text_or_null(const rg_csv_field *f)
{
    if (!f || f->len == 0)
        return json_null();
    return json_stringn(f->text, f->len);
}

static json_t *milestone(int64_t at_us, const char *origin, const char *rule)
{
    char buf[32];
    json_t *m = json_object();
    json_object_set_new(m, "at", json_string(rg_time_format(at_us, buf)));
    json_object_set_new(m, "origin", json_string(origin));
    json_object_set_new(m, "rule", json_string(rule));
    json_object_set_new(m, "manual", json_false());
    return m;
}

static json_t *empty_array(void)
{
    return json_array();
}

/* The review model of the current record (README, "Importing past
 * incidents"). Caller frees with json_decref(). NULL with the error set. */
static json_t *row_model(reader *r, int64_t *number_out)
{
    const rg_csv_field *fnum = field(r, C_NUMBER);
    char num[64];
    trimmed(fnum, num, sizeof(num));
    int64_t number = 0;
    size_t i = 0;
    for (; isdigit((unsigned char)num[i]) && number < INT64_C(1000000000000000); i++)
        number = number * 10 + (num[i] - '0');
    if (i == 0 || num[i] || number == 0) {
        char sh[80];
        rg_diag_error(r->diag, r->path, fnum->line, fnum->col,
                      "incident_number '%s' is not a positive whole number", shown(num, sh));
        return NULL;
    }
    *number_out = number;

    int64_t created, resolved = 0, ack_s = 0, resolve_s = 0;
    int rc = instant(r, C_CREATED, &created);
    if (rc == 0) {
        const rg_csv_field *f = field(r, C_CREATED);
        rg_diag_error(r->diag, r->path, f->line, f->col, "%s is empty", r->colname[C_CREATED]);
        return NULL;
    }
    int has_resolved, has_ack, has_resolve_s;
    if (rc < 0 || (has_resolved = instant(r, C_RESOLVED, &resolved)) < 0 ||
        (has_ack = seconds(r, C_ACK_S, &ack_s)) < 0 ||
        (has_resolve_s = seconds(r, C_RESOLVE_S, &resolve_s)) < 0)
        return NULL;
    if (has_resolved && resolved < created) {
        const rg_csv_field *f = field(r, C_RESOLVED);
        char t[64];
        trimmed(f, t, sizeof(t));
        char sh[80];
        rg_diag_error(r->diag, r->path, f->line, f->col, "%s '%s' is before %s",
                      r->colname[C_RESOLVED], shown(t, sh), r->colname[C_CREATED]);
        return NULL;
    }
    int has_recovered = has_resolved || has_resolve_s;
    int64_t recovered = has_resolved ? resolved : created + resolve_s * 1000000;
    int64_t acknowledged = created + ack_s * 1000000;

    char origin[300], id[40];
    snprintf(origin, sizeof(origin), "%s:%ld", r->base, r->csv.record_line);
    snprintf(id, sizeof(id), "PD-%" PRId64, number);

    unsigned long failures = rg_alloc_failures();
    json_t *m = json_object();
    if (!m)
        goto oom;
    json_object_set_new(m, "schema", json_integer(1));
    json_object_set_new(m, "source", json_string("pagerduty-csv"));

    json_t *inc = json_object();
    json_object_set_new(inc, "id", json_string(id));
    const rg_csv_field *title = field(r, C_TITLE);
    if (!title || title->len == 0)
        title = field(r, C_DESCRIPTION);
    if (title && title->len)
        json_object_set_new(inc, "title", json_stringn(title->text, title->len));
    else
        json_object_set_new(inc, "title", json_sprintf("Incident %s", id));
    const rg_csv_field *sev = field(r, C_PRIORITY);
    if (!sev || sev->len == 0)
        sev = field(r, C_URGENCY);
    json_object_set_new(inc, "severity", text_or_null(sev));
    json_t *services = json_array();
    const rg_csv_field *svc = field(r, C_SERVICE);
    if (svc && svc->len)
        json_array_append_new(services, json_stringn(svc->text, svc->len));
    json_object_set_new(inc, "services", services);
    json_object_set_new(inc, "services_text", text_or_null(svc));
    json_object_set_new(inc, "urgency", text_or_null(field(r, C_URGENCY)));
    json_object_set_new(inc, "priority", text_or_null(field(r, C_PRIORITY)));
    json_object_set_new(inc, "pagerduty_id", text_or_null(field(r, C_ID)));
    json_object_set_new(inc, "timezone", json_string("UTC"));
    json_object_set_new(inc, "timezone_assumed", json_false());
    json_object_set_new(inc, "exclude_from_trends", json_false());
    /* a past incident from a list, with no evidence behind it (store schema
     * 2); who noticed first is unknown: an integration or a person may have
     * opened the PagerDuty incident, and the export does not say which */
    json_object_set_new(inc, "source_kind", json_string("history"));
    json_object_set_new(inc, "detected_by", json_null());
    /* each part is attached once it is complete: a failed set frees what it
     * was given, and nothing is touched after it is handed over */
    json_object_set_new(m, "incident", inc);
    json_object_set_new(m, "summary", json_null());
    json_object_set_new(m, "customer_impact", json_null());

    /* The export is the pager's record: created_on is when the page
     * triggered (detected), and nothing earlier is known, so started =
     * detected by the design's rule 3, as a build from the pager log alone
     * would choose. */
    const char *cname = r->colname[C_CREATED];
    char detected_rule[80], ack_rule[80], recovered_rule[80];
    snprintf(detected_rule, sizeof(detected_rule), "%s (the PagerDuty incident was opened)", cname);
    snprintf(ack_rule, sizeof(ack_rule), "%s + seconds_to_first_ack", cname);
    if (has_resolved)
        snprintf(recovered_rule, sizeof(recovered_rule), "%s (the PagerDuty incident was resolved)",
                 r->colname[C_RESOLVED]);
    else
        snprintf(recovered_rule, sizeof(recovered_rule), "%s + seconds_to_resolve", cname);
    json_t *ms = json_object();
    json_object_set_new(ms, "started",
                        milestone(created, origin, "no earlier signal: started = detected"));
    json_object_set_new(ms, "detected", milestone(created, origin, detected_rule));
    json_object_set_new(ms, "acknowledged",
                        has_ack ? milestone(acknowledged, origin, ack_rule) : json_null());
    json_object_set_new(ms, "mobilized", json_null());
    json_object_set_new(ms, "communicated", json_null());
    json_object_set_new(ms, "mitigated", json_null());
    json_object_set_new(ms, "recovered",
                        has_recovered ? milestone(recovered, origin, recovered_rule) : json_null());
    json_object_set_new(ms, "resolved", json_null());

    json_object_set_new(m, "milestones", ms);

    /* DESIGN "Milestones and durations": each duration from its two
     * milestones, null when either is unknown. */
    json_t *d = json_object();
    json_object_set_new(d, "time_to_detect", json_integer(0));
    json_object_set_new(d, "time_to_acknowledge",
                        has_ack ? json_integer(rg_round_seconds(acknowledged - created))
                                : json_null());
    json_object_set_new(d, "time_to_mobilize", json_null());
    json_object_set_new(d, "time_to_communicate", json_null());
    json_object_set_new(d, "time_to_mitigate", json_null());
    /* two values, not one shared: a failed set frees what it was given */
    int64_t recover_s = rg_round_seconds(recovered - created);
    json_object_set_new(d, "time_to_recover",
                        has_recovered ? json_integer(recover_s) : json_null());
    json_object_set_new(d, "validation_window", json_null());
    /* no resolved milestone (customers told), so recovered − started */
    json_object_set_new(d, "total_duration", has_recovered ? json_integer(recover_s) : json_null());

    json_object_set_new(m, "durations", d);

    json_t *comm = json_object();
    static const char *const comm_keys[] = {"updates", "max_gap", "policy", "gaps_over_policy",
                                            "workaround_offered"};
    for (size_t k = 0; k < sizeof(comm_keys) / sizeof(comm_keys[0]); k++)
        json_object_set_new(comm, comm_keys[k], json_null()); /* the export does not say */
    json_object_set_new(m, "communication", comm);

    json_t *sources = json_array(), *src = json_object();
    json_object_set_new(src, "name", json_string("PagerDuty incidents CSV"));
    json_object_set_new(src, "format", json_string("pagerduty-csv"));
    json_object_set_new(src, "path", json_string(r->base));
    json_object_set_new(src, "line", json_integer(r->csv.record_line));
    json_object_set_new(src, "events", json_integer(0));
    json_array_append_new(sources, src);
    json_object_set_new(m, "findings", empty_array());
    json_object_set_new(m, "sources", sources);
    json_object_set_new(m, "timeline", empty_array());
    json_object_set_new(m, "responders", empty_array());
    json_object_set_new(m, "recognition", empty_array());
    json_object_set_new(m, "contributing_factors", empty_array());
    json_object_set_new(m, "action_items", empty_array());
    json_object_set_new(m, "lint", empty_array());
    json_object_set_new(m, "warnings", empty_array());
    if (rg_alloc_failures() == failures)
        return m;
oom:
    json_decref(m);
    rg_diag_error(r->diag, r->path, r->csv.record_line, 0, "out of memory");
    return NULL;
}

/* Incident numbers seen, to refuse a file that holds one twice. */
typedef struct seen {
    int64_t number;
    long line, col;
} seen;

static int cmp_seen(const void *a, const void *b)
{
    const seen *x = a, *y = b;
    if (x->number != y->number)
        return x->number < y->number ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

int rg_history_read(const char *path, const char *text, size_t len, const rg_tz *zone,
                    int (*each)(void *ctx, const json_t *model, long line), void *ctx,
                    rg_diag *diag)
{
    reader r;
    memset(&r, 0, sizeof(r));
    r.path = path;
    const char *slash = strrchr(path, '/');
    r.base = slash ? slash + 1 : path;
    r.zone = zone;
    r.diag = diag;
    rg_csv_init(&r.csv, path, text, len);
    seen *list = NULL;
    size_t n = 0, cap = 0;
    int rc = rg_csv_next(&r.csv, diag);
    if (rc == 0)
        rg_diag_error(diag, path, 1, 1,
                      "file is empty; expected PagerDuty's incidents CSV export "
                      "with its header line");
    if (rc <= 0 || read_header(&r) != 0)
        goto fail;
    while ((rc = rg_csv_next(&r.csv, diag)) == 1) {
        int64_t number;
        json_t *m = row_model(&r, &number);
        if (!m)
            goto fail;
        int ok = each ? each(ctx, m, r.csv.record_line) : 0;
        json_decref(m);
        if (ok != 0)
            goto fail;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            seen *l = rg_realloc(list, ncap * sizeof(*l));
            if (!l) {
                rg_diag_error(diag, path, r.csv.record_line, 0, "out of memory");
                goto fail;
            }
            list = l;
            cap = ncap;
        }
        list[n].number = number;
        list[n].line = field(&r, C_NUMBER)->line;
        list[n].col = field(&r, C_NUMBER)->col;
        n++;
    }
    if (rc < 0)
        goto fail;
    if (n)
        qsort(list, n, sizeof(*list), cmp_seen);
    for (size_t i = 1; i < n; i++)
        if (list[i].number == list[i - 1].number) {
            rg_diag_error(diag, path, list[i].line, list[i].col,
                          "incident number %" PRId64 " is also on line %ld", list[i].number,
                          list[i - 1].line);
            goto fail;
        }
    rg_free(list);
    rg_csv_free(&r.csv);
    return 0;
fail:
    rg_free(list);
    rg_csv_free(&r.csv);
    return -1;
}

/* ---- saving ---------------------------------------------------------- */

typedef struct import_ctx {
    rg_store *st;
    const char *path;
    rg_diag *diag;
    rg_stmt *stored; /* the stored review of an id */
    rg_history_result *res;
    int save; /* 0 on the checking pass */
} import_ctx;

/* 1 when the store holds id from anything but an earlier import (a build,
 * with its evidence, which an export row must not overwrite); 0 when it is
 * absent or was imported; -1 on a store error. */
static int built_from_evidence(import_ctx *c, const char *id)
{
    rg_stmt *q = c->stored;
    int rc = rg_stmt_bind_text(q, 1, id);
    int built = 0;
    if (rc == 0 && (rc = rg_stmt_step(q)) == RG_ROW) {
        json_t *review = json_loads(rg_stmt_text(q, 0), 0, NULL);
        const char *source = rg_json_str(review, "source");
        built = !source || strcmp(source, "pagerduty-csv") != 0;
        json_decref(review);
        rc = RG_DONE;
    }
    if (rc != RG_DONE)
        rg_diag_error(c->diag, c->path, 0, 0, "cannot read the store: %s", rg_store_errmsg(c->st));
    rg_stmt_reset(q);
    return rc == RG_DONE ? built : -1;
}

static int save_one(void *ctx, const json_t *model, long line)
{
    import_ctx *c = ctx;
    (void)line;
    c->res->rows++;
    if (!c->save)
        return 0;
    const char *id = rg_json_str(json_object_get(model, "incident"), "id");
    int built = built_from_evidence(c, id);
    if (built < 0) {
        c->res->store_failed = 1;
        return -1;
    }
    if (built) {
        if (c->res->kept++ == 0)
            snprintf(c->res->first_kept, sizeof(c->res->first_kept), "%s", id);
        return 0;
    }
    if (rg_store_save(c->st, model, c->diag) != 0) {
        c->res->store_failed = 1;
        return -1;
    }
    c->res->imported++;
    return 0;
}

int rg_history_import(const char *path, rg_store *st, const rg_tz *zone, rg_history_result *res,
                      rg_diag *diag)
{
    memset(res, 0, sizeof(*res));
    size_t len;
    char *text = rg_read_file(path, &len, diag);
    if (!text)
        return -1;
    import_ctx c = {st, path, diag, NULL, res, 0};
    int rc = -1;
    /* First pass: the whole file is checked before anything is saved. */
    if (rg_history_read(path, text, len, zone, save_one, &c, diag) != 0)
        goto done;
    c.stored = rg_store_prepare(st, "SELECT review_json FROM incidents WHERE id = ?1", diag);
    if (!c.stored) {
        res->store_failed = 1;
        goto done;
    }
    memset(res, 0, sizeof(*res));
    c.save = 1;
    /* One transaction for the file: all rows or none, and fast (one sync). */
    if (rg_store_begin(st, diag) != 0) {
        res->store_failed = 1;
        goto done;
    }
    rc = rg_history_read(path, text, len, zone, save_one, &c, diag);
    if (rc == 0 && rg_store_commit(st, diag) != 0) {
        res->store_failed = 1;
        rc = -1;
    }
    if (rc != 0) {
        rg_store_rollback(st);
        res->imported = 0;
    }
done:
    rg_stmt_finalize(c.stored);
    rg_free(text);
    return rc;
}
