/* grafana_csv.c -- a Grafana panel's "Download CSV" as monitoring series
 * (README, "Metrics"), streamed line by line.
 *
 * What it reads:
 * - "Series joined by time" (and a single series): a header with a "Time"
 *   column and one column per series, `"Time","checkout 5xx","api 5xx"`,
 *   then a row per instant. Grafana writes one such block per data frame
 *   when the frames are not joined, each with its own header, separated by
 *   a blank line: each block is read the same.
 * - One series per row (Grafana 6's "Series as rows"): `Series;Time;Value`.
 * - Delimiter ',' or ';' (Grafana uses the browser's list separator), found
 *   from the header, or from an Excel "sep=;" first line; quoted fields with
 *   "" for a quote; CRLF or LF.
 *
 * What it decides:
 * - A column's header is the series' name; a header written like a
 *   Prometheus series (`up{job="api"}`, `{instance="a:9090"}`, Grafana's
 *   default display name without a legend) is read as a name and labels, so
 *   a manifest "match" can name the labels.
 * - Times: epoch milliseconds (Grafana's raw data), or text as
 *   rg_time_parse reads it ("2026-11-20 14:05:00", "2019-05-10T14:03:00+02:00").
 *   Formatted times carry no zone: Grafana writes them in the dashboard's
 *   zone. They are read in the source's zone, and when the manifest named
 *   none, warning "zone-assumed" says UTC was assumed.
 * - An empty cell is a null (no sample, no warning). A value with a display
 *   unit ("5.03%", "120 ms": Grafana's "Formatted data") is read as the
 *   number shown, with warning "formatted-values" once. A column whose first
 *   value is not a number is a text column, warning "text-column", skipped.
 *   Another cell that is not a number is warning "bad-value"; a row whose
 *   time cannot be read is warning "bad-time"; a row with a quote left open
 *   is warning "bad-row". Each is skipped.
 * - Memory is constant however many rows (issue 11): a sample outside the
 *   sink's window is dropped as it is read (counted in the series'
 *   n_outside, as the core counts it), and a series holds at most
 *   RG_SAMPLES_KEPT samples, thinned in place to the first, last, lowest and
 *   highest of equal time slices (metricfmt.h), then evenly at its end;
 *   warning "thinned" says how many it had and kept. A panel's CSV holds what
 *   the panel drew (maxDataPoints), so a real export is kept whole.
 * - In the rows form a series is found by its name's text through a hash
 *   (strmap.h), so a file of many series reads in time linear in its rows,
 *   and a Prometheus-style name (`up{job="a"}`, whose parsed name is "up")
 *   is one series however many rows it has.
 * - Origins are "file:series K", K counting the series of the file from 1.
 *   Bytes of a header that are not UTF-8 become U+FFFD (warning "utf8").
 * - An empty file has no series; a file with text whose first line is not
 *   such a header is an error. */
#include "importer.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "linereader.h"
#include "metricfmt.h"
#include "strmap.h"

typedef struct field {
    const char *s; /* into the fields buffer; NUL-terminated */
    size_t off;    /* where s starts in the buffer, while it may still move */
    size_t n;
    long col; /* where it starts on the line, in characters, from 1 */
} field;

typedef struct column {
    rg_series *s;
    rg_sample_buf buf;
    int decided, text; /* the first value seen decides whether it is a number column */
} column;

typedef struct gcsv {
    const rg_source *src;
    rg_sink *sink;
    char delim;
    int in_frame, rows_form;
    size_t time_col, value_col, series_col;
    column *cols;
    size_t n_cols, cap_cols;
    rg_strmap by_name; /* rows form: a series' text -> its column index + 1 */
    rg_buf fbuf;       /* unquoted field bytes of the current line */
    field *f;
    size_t n_f, cap_f;
    size_t n_series;
    long first_line, header_line;
    int warned_zone, warned_units;
} gcsv;

static int oom(gcsv *g)
{
    return rg_diag_error(g->sink->diag, g->src->path, 0, 0, "out of memory");
}

/* Splits s[0..n) into fields on g->delim. Returns 1, 0 when a quote is
 * left open, -1 when out of memory. */
static int split(gcsv *g, const char *s, size_t n)
{
    rg_buf_reset(&g->fbuf);
    g->n_f = 0;
    size_t p = 0;
    long col = 1;
    for (;;) {
        if (g->n_f == g->cap_f) {
            size_t cap = g->cap_f ? g->cap_f * 2 : 16;
            field *f = rg_realloc(g->f, cap * sizeof(*f));
            if (!f)
                return -1;
            g->f = f;
            g->cap_f = cap;
        }
        size_t start = g->fbuf.len;
        field *f = &g->f[g->n_f++];
        f->col = col;
        if (p < n && s[p] == '"') {
            p++;
            col++;
            int closed = 0;
            while (p < n) {
                if (s[p] == '"') {
                    if (p + 1 < n && s[p + 1] == '"') {
                        if (rg_buf_putc(&g->fbuf, '"') != 0)
                            return -1;
                        p += 2;
                        col += 2;
                        continue;
                    }
                    p++;
                    col++;
                    closed = 1;
                    break;
                }
                if (rg_buf_putc(&g->fbuf, s[p]) != 0)
                    return -1;
                col += ((unsigned char)s[p] & 0xC0) != 0x80;
                p++;
            }
            if (!closed)
                return 0;
            while (p < n && s[p] != g->delim) { /* `"a" ,` : text after the quote is kept */
                if (rg_buf_putc(&g->fbuf, s[p]) != 0)
                    return -1;
                col += ((unsigned char)s[p] & 0xC0) != 0x80;
                p++;
            }
        } else {
            while (p < n && s[p] != g->delim) {
                if (rg_buf_putc(&g->fbuf, s[p]) != 0)
                    return -1;
                col += ((unsigned char)s[p] & 0xC0) != 0x80;
                p++;
            }
        }
        if (rg_buf_putc(&g->fbuf, '\0') != 0)
            return -1;
        f->n = g->fbuf.len - 1 - start;
        f->off = start;
        if (p >= n)
            break;
        p++; /* the delimiter */
        col++;
    }
    for (size_t i = 0; i < g->n_f; i++)
        g->f[i].s = g->fbuf.data + g->f[i].off;
    return 1;
}

static int trimmed_is(const char *s, size_t n, const char *word)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

/* The delimiter that makes `line` a header with a Time column, or 0. Never
 * allocates (sniff calls it). */
static char header_delim(const char *s, size_t n)
{
    static const char delims[] = {',', ';', '\t'};
    for (size_t d = 0; d < sizeof(delims); d++) {
        size_t fields = 1, st = 0;
        int time = 0, q = 0;
        for (size_t i = 0; i <= n; i++) {
            if (i < n && s[i] == '"')
                q = !q;
            if (i == n || (!q && s[i] == delims[d])) {
                const char *f = s + st;
                size_t fn = i - st;
                if (fn >= 2 && f[0] == '"' && f[fn - 1] == '"') {
                    f++;
                    fn -= 2;
                }
                time |= trimmed_is(f, fn, "time");
                if (i < n)
                    fields++;
                st = i + 1;
            }
        }
        if (time && fields >= 2)
            return delims[d];
    }
    return 0;
}

static int header(gcsv *g, long line)
{
    g->in_frame = 1;
    g->header_line = line;
    g->rows_form = 0;
    g->n_cols = 0;
    if (g->n_f == 3 && trimmed_is(g->f[0].s, g->f[0].n, "series") &&
        trimmed_is(g->f[1].s, g->f[1].n, "time") && trimmed_is(g->f[2].s, g->f[2].n, "value")) {
        g->rows_form = 1;
        g->series_col = 0;
        g->time_col = 1;
        g->value_col = 2;
        return 0;
    }
    size_t t = g->n_f;
    for (size_t i = 0; i < g->n_f && t == g->n_f; i++)
        if (trimmed_is(g->f[i].s, g->f[i].n, "time"))
            t = i;
    g->time_col = t;
    column *cols = rg_realloc(g->cols, (g->n_f ? g->n_f : 1) * sizeof(*cols));
    if (!cols)
        return oom(g);
    g->cols = cols;
    g->cap_cols = g->n_f ? g->n_f : 1;
    memset(cols, 0, g->n_f * sizeof(*cols));
    for (size_t i = 0; i < g->n_f; i++)
        cols[i].buf.limit = RG_SAMPLES_KEPT;
    g->n_cols = g->n_f;
    size_t bad = 0;
    for (size_t i = 0; i < g->n_f; i++) {
        if (i == t)
            continue;
        rg_series *s = rg_series_new(g->sink, g->src->path, ++g->n_series, NULL);
        if (!s)
            return oom(g);
        size_t used = rg_prom_series_text(NULL, g->f[i].s, g->f[i].n, NULL);
        if (used == g->f[i].n && used > 0) {
            if (rg_prom_series_text(g->sink, g->f[i].s, g->f[i].n, s) != used)
                return oom(g);
        } else if (!(s->name = rg_utf8_clean(g->sink->arena, g->f[i].s, g->f[i].n, &bad))) {
            return oom(g);
        }
        cols[i].s = s;
    }
    if (bad)
        rg_diag_warn(g->sink->diag, g->src->path, line, 1, "utf8",
                     "%zu byte%s of the header %s not UTF-8 and became U+FFFD", bad,
                     bad == 1 ? "" : "s", bad == 1 ? "is" : "are");
    return 0;
}

/* A series over RG_SAMPLES_KEPT samples in the window was thinned as it was
 * read (metricfmt.h): evenly now, and said. */
static int thinned(gcsv *g, column *c)
{
    if (!c->buf.n_thinned)
        return 0;
    if (rg_sample_buf_finish(&c->buf) != 0)
        return oom(g);
    rg_diag_warn(g->sink->diag, g->src->path, g->header_line, 1, "thinned",
                 "series '%s' has %llu samples in the window; %zu kept for the chart (the first, "
                 "last, lowest and highest of each of %d equal time slices), so a threshold "
                 "crossing is placed at a kept sample",
                 c->s->name, (unsigned long long)(c->buf.n + c->buf.n_thinned), c->buf.n,
                 RG_SAMPLES_KEPT / 8);
    return 0;
}

/* Hands every series of the frame to the sink. */
static int end_frame(gcsv *g)
{
    int rc = 0;
    for (size_t i = 0; i < g->n_cols; i++) {
        column *c = &g->cols[i];
        if (c->s && !c->text && rc == 0)
            rc = thinned(g, c);
        if (c->s && !c->text && rc == 0)
            rc = rg_series_hand_over(g->sink, g->src->path, c->s, &c->buf);
        rg_sample_buf_free(&c->buf);
        c->s = NULL;
    }
    g->n_cols = 0;
    g->in_frame = 0;
    /* the next frame's names are its own (keys stay in the arena) */
    rg_strmap_free(&g->by_name);
    rg_strmap_init(&g->by_name, g->sink->arena);
    return rc;
}

/* The column of the series called name in the rows form, made on first
 * sight. Looked up by the name's text as written, through by_name (the
 * column's index + 1, since the array moves as it grows). */
static column *named(gcsv *g, const char *name, size_t n)
{
    uintptr_t at = (uintptr_t)rg_strmap_get(&g->by_name, name, n);
    if (at)
        return &g->cols[at - 1];
    if (g->n_cols == g->cap_cols) {
        size_t cap = g->cap_cols ? g->cap_cols * 2 : 16;
        column *cols = rg_realloc(g->cols, cap * sizeof(*cols));
        if (!cols)
            return NULL;
        g->cols = cols;
        g->cap_cols = cap;
    }
    column *c = &g->cols[g->n_cols];
    memset(c, 0, sizeof(*c));
    c->buf.limit = RG_SAMPLES_KEPT;
    c->s = rg_series_new(g->sink, g->src->path, ++g->n_series, NULL);
    if (!c->s)
        return NULL;
    size_t used = rg_prom_series_text(NULL, name, n, NULL);
    if (used == n && used > 0 ? rg_prom_series_text(g->sink, name, n, c->s) != used
                              : !(c->s->name = rg_utf8_clean(g->sink->arena, name, n, NULL)))
        return NULL;
    if (rg_strmap_put(&g->by_name, name, n, (void *)(uintptr_t)(g->n_cols + 1)) != 0)
        return NULL;
    g->n_cols++;
    return c;
}

/* A value cell: a number, or a number with a display unit. Returns 0 and
 * sets *v, 1 for a unit-carrying value, -1 when not a number. */
static int cell_value(const char *s, size_t n, double *v)
{
    if (rg_metric_value_parse(s, n, v) == 0)
        return 0;
    size_t e = 0;
    while (e < n && ((s[e] >= '0' && s[e] <= '9') || s[e] == '.' || s[e] == '-' || s[e] == '+' ||
                     s[e] == 'e' || s[e] == 'E'))
        e++;
    if (e == 0 || rg_metric_value_parse(s, e, v) != 0)
        return -1;
    size_t u = e;
    while (u < n && s[u] == ' ')
        u++;
    if (u == n || n - u > 8)
        return -1;
    for (size_t i = u; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '%' ||
              s[i] == '/' || (unsigned char)s[i] >= 0x80))
            return -1;
    return 1;
}

static int row(gcsv *g, long line)
{
    if (g->time_col >= g->n_f) {
        rg_diag_warn(g->sink->diag, g->src->path, line, 1, "bad-row",
                     "row has %zu field%s, no time in column %zu; skipped", g->n_f,
                     g->n_f == 1 ? "" : "s", g->time_col + 1);
        return 0;
    }
    const field *tf = &g->f[g->time_col];
    int64_t at;
    int flags = 0;
    int digits = tf->n > 0;
    for (size_t i = 0; i < tf->n; i++)
        digits &= tf->s[i] >= '0' && tf->s[i] <= '9';
    rg_time_ctx ctx = {g->src->zone, g->src->ref_us};
    if (digits ? rg_time_epoch_text(tf->s, tf->n, 0, &at) != tf->n
               : rg_time_parse(tf->s, tf->n, &ctx, &at, &flags) != 0) {
        rg_diag_warn(g->sink->diag, g->src->path, line, tf->col, "bad-time",
                     "cannot read '%.*s' as a time; row skipped", (int)(tf->n > 40 ? 40 : tf->n),
                     tf->s);
        return 0;
    }
    at += g->src->offset_us;
    if ((flags & RG_TIME_LOCAL) && !g->src->zone_explicit && !g->warned_zone) {
        g->warned_zone = 1;
        rg_diag_warn(g->sink->diag, g->src->path, line, tf->col, "zone-assumed",
                     "times have no zone (Grafana writes the dashboard's zone); read as %s, "
                     "assumed: set the source's \"timezone\" in incident.json if they are not",
                     rg_tz_name(g->src->zone));
    }
    size_t from = 0, to = g->n_f;
    column *only = NULL;
    if (g->rows_form) {
        if (g->n_f != 3) {
            rg_diag_warn(g->sink->diag, g->src->path, line, 1, "bad-row",
                         "row has %zu fields, expected Series, Time and Value; skipped", g->n_f);
            return 0;
        }
        only = named(g, g->f[0].s, g->f[0].n);
        if (!only)
            return oom(g);
        from = 2;
        to = 3;
    }
    for (size_t i = from; i < to; i++) {
        column *c = only ? only : i < g->n_cols ? &g->cols[i] : NULL;
        if (i == g->time_col || !c || !c->s || c->text)
            continue;
        const field *f = &g->f[i];
        if (rg_is_blank(f->s, f->n))
            continue; /* a null */
        double v;
        int r = cell_value(f->s, f->n, &v);
        if (r < 0) {
            if (!c->decided) {
                c->text = 1;
                rg_diag_warn(g->sink->diag, g->src->path, line, f->col, "text-column",
                             "column '%s' holds text ('%.*s'), not numbers; skipped", c->s->name,
                             (int)(f->n > 40 ? 40 : f->n), f->s);
            } else {
                rg_diag_warn(g->sink->diag, g->src->path, line, f->col, "bad-value",
                             "'%.*s' is not a number; value skipped", (int)(f->n > 40 ? 40 : f->n),
                             f->s);
            }
            continue;
        }
        c->decided = 1;
        if (r == 1 && !g->warned_units) {
            g->warned_units = 1;
            rg_diag_warn(g->sink->diag, g->src->path, line, f->col, "formatted-values",
                         "values carry display units ('%.*s', Grafana's \"Formatted data\"); "
                         "read as the number shown",
                         (int)(f->n > 40 ? 40 : f->n), f->s);
        }
        if (g->sink->has_window && (at < g->sink->from_us || at > g->sink->to_us)) {
            /* cut here, as the core would, so that thinning spends its
             * samples inside the window; counted as the core counts */
            c->s->n_outside++;
            continue;
        }
        if (rg_sample_buf_add(&c->buf, at, v) != 0)
            return oom(g);
    }
    return 0;
}

static int handle(gcsv *g, const char *s, size_t n, long line, int cut)
{
    if (rg_is_blank(s, n)) {
        /* a blank line ends a frame; the next line is a header */
        return g->in_frame ? end_frame(g) : 0;
    }
    if (!g->first_line) {
        g->first_line = line;
        if (n == 5 && strncmp(s, "sep=", 4) == 0) {
            g->delim = s[4];
            return 0;
        }
    }
    if (cut) {
        rg_diag_warn(g->sink->diag, g->src->path, line, 1, "long-line",
                     "line is longer than 1 MiB; skipped");
        return 0;
    }
    if (!g->in_frame) {
        char d = header_delim(s, n);
        if (!d) {
            if (g->n_series == 0)
                return rg_diag_error(g->sink->diag, g->src->path, line, 1,
                                     "expected a Grafana CSV header with a \"Time\" column "
                                     "(\"Time\",\"<series>\",... or Series;Time;Value)");
            rg_diag_warn(g->sink->diag, g->src->path, line, 1, "bad-frame",
                         "a block that does not start with a header with a \"Time\" column; "
                         "line skipped");
            return 0;
        }
        if (!g->delim) /* an Excel "sep=" line, or the first header, decides */
            g->delim = d;
        int r = split(g, s, n);
        if (r < 0)
            return oom(g);
        if (r == 0)
            return rg_diag_error(g->sink->diag, g->src->path, line, 1,
                                 "the header has a quote that is not closed");
        return header(g, line);
    }
    int r = split(g, s, n);
    if (r < 0)
        return oom(g);
    if (r == 0) {
        rg_diag_warn(g->sink->diag, g->src->path, line, 1, "bad-row",
                     "row has a quote that is not closed; skipped");
        return 0;
    }
    return row(g, line);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    gcsv g;
    memset(&g, 0, sizeof(g));
    g.src = src;
    g.sink = sink;
    rg_strmap_init(&g.by_name, sink->arena);
    rg_linereader r;
    if (rg_linereader_open(&r, src->path, sink) != 0)
        return -1;
    int rc = 0, got, cut;
    const char *line;
    size_t len;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle(&g, line, len, r.line, cut) != 0) {
            rc = -1;
            break;
        }
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0 && g.in_frame)
        rc = end_frame(&g);
    if (rc == 0)
        rg_linereader_finish(&r);
    for (size_t i = 0; i < g.n_cols; i++)
        rg_sample_buf_free(&g.cols[i].buf);
    rg_free(g.cols);
    rg_strmap_free(&g.by_name);
    rg_free(g.f);
    rg_buf_free(&g.fbuf);
    rg_linereader_close(&r);
    return rc;
}

/* 1 when a field of the row (after the first, the time or series name) reads
 * as a value: a number, possibly with a unit, "null" or "NaN". */
static int row_has_value(const char *s, size_t n, char delim)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != delim)
            continue;
        size_t j = i + 1;
        while (j < n && (s[j] == ' ' || s[j] == '"'))
            j++;
        if (j >= n)
            continue;
        char c = s[j];
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
            (n - j >= 4 && strncasecmp(s + j, "null", 4) == 0) ||
            (n - j >= 3 && strncasecmp(s + j, "nan", 3) == 0))
            return 1;
    }
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir || !head)
        return 0;
    size_t i = 0;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    const char *nl = memchr(head + i, '\n', head_len - i);
    if (!nl)
        return 0;
    size_t n = (size_t)(nl - head) - i;
    const char *s = head + i;
    if (n >= 5 && strncmp(s, "sep=", 4) == 0) {
        i += n + 1;
        nl = i < head_len ? memchr(head + i, '\n', head_len - i) : NULL;
        if (!nl)
            return 0;
        s = head + i;
        n = (size_t)(nl - head) - i;
    }
    if (n && s[n - 1] == '\r')
        n--;
    char delim = header_delim(s, n);
    if (!delim)
        return 0;
    /* A chat or ticket table also has a "time" column: Grafana's first row
     * holds a value (a number, "null", "NaN"), theirs only words. */
    const char *row = s + n + 1;
    if (row < head + head_len && *row == '\n')
        row++;
    const char *row_end =
        row < head + head_len ? memchr(row, '\n', (size_t)(head + head_len - row)) : NULL;
    if (row_end && !row_has_value(row, (size_t)(row_end - row), delim))
        return 0;
    size_t pl = strlen(path);
    return pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0 ? 85 : 65;
}

const rg_importer rg_importer_grafana_csv = {
    .name = "grafana-csv",
    .kind = RG_KIND_METRIC,
    .summary =
        "a Grafana panel's Download CSV: Time plus a column per series, or Series;Time;Value",
    .recognises = "a first line (after \"sep=\") with a \"Time\" field and at least one more",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
