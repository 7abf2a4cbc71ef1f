/* csv_mapped.c -- any CSV or TSV export (a ticket history, a spreadsheet of
 * who did what, a chat tool we do not know) read through the mapping its
 * source entry in incident.json gives (reviewgen/csvmap.h), one event per
 * row.
 *
 * Decisions at the edges (README, "A CSV with a mapping"):
 *  - Never sniffed: a CSV says nothing about what its rows mean, so a file
 *    is read as CSV only when incident.json maps its columns. Without a
 *    mapping it is listed as unrecognised, with the hint to add one.
 *  - The header (the first record) names the columns; the mapping's names
 *    are matched exactly, else ignoring case and surrounding blanks. A
 *    mapped column the header lacks, or holds twice, is an error at the
 *    mapping's line in incident.json, with the header's columns listed.
 *  - RFC 4180 through reviewgen/csv.c (quotes, "" inside quotes, line breaks
 *    inside quoted fields, CRLF), streamed through a 64 KiB window: the file
 *    is never loaded whole. A UTF-8 BOM is skipped; the separator is the
 *    mapping's "separator", else the one the header line uses most (',',
 *    ';' or tab). UTF-16 is an error (save as UTF-8).
 *  - A bad row is a counted warning at file:line:col, and skipped: a row
 *    with another number of fields than the header, a row with no time or
 *    one that does not read (with "time_format" when given, else any form
 *    reviewgen/timeparse.h reads), a type_from value that maps to no type,
 *    a last row cut inside its quotes. Not skipped, but counted: bytes that
 *    are not UTF-8 (shown as U+FFFD), a '"' inside an unquoted field (read
 *    as text), a local time in a daylight-saving gap or overlap.
 *  - Times without a zone are read in the source's zone and time_text says
 *    which (" (Europe/Paris assumed)"); the clock offset applies.
 *  - Each event: type from "type" or "type_from" + "values", kind from the
 *    type, actor the actor column (none when empty), human from "human",
 *    else by type (rg_csvmap_human), text the text column as written,
 *    source the source's name, origin file:line of the row's start,
 *    time_text the time cell as written. Every other non-empty column
 *    (type_from's too, with its value as written) is an attr named by its
 *    header. Identity: the row's fields as read, so a row
 *    exported twice (overlapping exports) folds, and two identical rows of
 *    one file stay two events (as identical log lines do). */
#include "importer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../reviewgen/csv.h"
#include "alloc.h"
#include "csvmap.h"

typedef struct reader {
    const rg_source *src;
    rg_sink *sink;
    rg_diag *diag;
    const rg_csvmap *m;
    rg_csv csv;
    char **header; /* the header's names, heap copies */
    size_t n_header;
    long i_time, i_actor, i_text, i_type; /* column indexes, -1 when unmapped */
    const char *source;
    rg_buf buf;
} reader;

static int oom(reader *r)
{
    return rg_diag_error(r->diag, r->src->path, 0, 0, "out of memory");
}

/* Compares ignoring case and surrounding blanks. */
static int loose_eq(const char *a, const char *b)
{
    while (*a == ' ' || *a == '\t')
        a++;
    while (*b == ' ' || *b == '\t')
        b++;
    size_t na = strlen(a), nb = strlen(b);
    while (na && (a[na - 1] == ' ' || a[na - 1] == '\t'))
        na--;
    while (nb && (b[nb - 1] == ' ' || b[nb - 1] == '\t'))
        nb--;
    return na == nb && strncasecmp(a, b, na) == 0;
}

/* The header's columns as "'a', 'b', ..." for a message. */
static const char *header_list(reader *r)
{
    rg_buf_reset(&r->buf);
    for (size_t i = 0; i < r->n_header && r->buf.len < 600; i++)
        rg_buf_printf(&r->buf, "%s'%s'", i ? ", " : "", r->header[i]);
    if (r->buf.len >= 600)
        rg_buf_puts(&r->buf, ", ...");
    return r->buf.data ? r->buf.data : "";
}

/* The index of mapped column c; -1 when the mapping names none. Returns -2
 * after the error when the header lacks it or holds it twice. */
static long find_column(reader *r, const rg_csvmap_col *c)
{
    if (!c->name)
        return -1;
    long found = -1;
    for (int pass = 0; pass < 2 && found < 0; pass++) {
        for (size_t i = 0; i < r->n_header; i++) {
            int eq =
                pass == 0 ? strcmp(r->header[i], c->name) == 0 : loose_eq(r->header[i], c->name);
            if (!eq)
                continue;
            if (found >= 0) {
                rg_diag_error(r->diag, r->m->manifest, c->line, c->col,
                              "column '%s' appears twice in the header of %s (columns %ld and "
                              "%zu); rename one",
                              c->name, r->src->path, found + 1, i + 1);
                return -2;
            }
            found = (long)i;
        }
    }
    if (found < 0) {
        rg_diag_error(r->diag, r->m->manifest, c->line, c->col,
                      "column '%s' is not in the header of %s (its columns: %s)", c->name,
                      r->src->path, header_list(r));
        return -2;
    }
    return found;
}

static int read_header(reader *r)
{
    int rc = rg_csv_next(&r->csv, r->diag);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return rg_diag_error(r->diag, r->src->path, 0, 0,
                             "file is empty, expected a header line naming the columns");
    r->n_header = r->csv.n_fields;
    r->header = rg_calloc(r->n_header, sizeof(*r->header));
    if (!r->header)
        return oom(r);
    for (size_t i = 0; i < r->n_header; i++) {
        const rg_csv_field *f = &r->csv.fields[i];
        r->header[i] = rg_malloc(f->len + 1);
        if (!r->header[i])
            return oom(r);
        memcpy(r->header[i], f->text, f->len + 1);
    }
    if ((r->i_time = find_column(r, &r->m->time)) == -2 ||
        (r->i_actor = find_column(r, &r->m->actor)) == -2 ||
        (r->i_text = find_column(r, &r->m->text)) == -2 ||
        (r->i_type = find_column(r, &r->m->type_from)) == -2)
        return -1;
    return 0;
}

static void warn_dst(reader *r, const rg_csv_field *f, int flags, int64_t at)
{
    char when[32];
    rg_time_format(at, when);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(r->diag, r->src->path, f->line, f->col, "dst-gap",
                     "local time '%s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     f->text, rg_tz_name(r->src->zone), when);
    else if (flags & RG_TIME_OVERLAP)
        rg_diag_warn(r->diag, r->src->path, f->line, f->col, "dst-overlap",
                     "local time '%s' happens twice in %s (daylight-saving change); read as %s, "
                     "the first one",
                     f->text, rg_tz_name(r->src->zone), when);
}

/* The row's identity in r->buf: its fields as read, joined by '\x1f'. 0, -1
 * when out of memory. */
static int row_ident(reader *r)
{
    const rg_csv *c = &r->csv;
    rg_buf_reset(&r->buf);
    for (size_t i = 0; i < c->n_fields; i++)
        if ((i && rg_buf_putc(&r->buf, '\x1f') != 0) ||
            rg_buf_append(&r->buf, c->fields[i].text, c->fields[i].len) != 0)
            return -1;
    return 0;
}

/* One data row. Returns 0 (the row read or warned about) or -1. */
static int row(reader *r)
{
    rg_csv *c = &r->csv;
    const char *path = r->src->path;
    long line = c->record_line;
    if (c->n_replaced)
        rg_diag_warn(r->diag, path, c->replaced_line, c->replaced_col, "bad-utf8",
                     "row holds %zu byte(s) that are not UTF-8, shown as U+FFFD", c->n_replaced);
    if (c->n_stray)
        rg_diag_warn(r->diag, path, c->stray_line, c->stray_col, "stray-quote",
                     "a '\"' inside an unquoted field, read as text (quote the whole field and "
                     "double the quote)");
    if (c->unterminated) {
        rg_diag_warn(r->diag, path, line, 1, "cut-row",
                     "the row that starts here ends inside a quoted field at the end of the file "
                     "(truncated?); skipped");
        return 0;
    }
    if (c->n_fields != r->n_header) {
        const rg_csv_field *f = &c->fields[c->n_fields > r->n_header ? r->n_header : 0];
        rg_diag_warn(r->diag, path, f->line, c->n_fields > r->n_header ? f->col : 1, "bad-row",
                     "row has %zu field%s, the header has %zu; skipped", c->n_fields,
                     c->n_fields == 1 ? "" : "s", r->n_header);
        return 0;
    }
    const rg_csv_field *tf = &c->fields[r->i_time];
    if (rg_is_blank(tf->text, tf->len)) {
        rg_diag_warn(r->diag, path, tf->line, tf->col, "no-time",
                     "row has no time in column '%s'; skipped", r->m->time.name);
        return 0;
    }
    rg_time_ctx ctx = {r->src->zone, r->src->ref_us};
    int64_t at;
    int flags = 0;
    const char *why = NULL;
    int bad = r->m->time_format ? rg_time_with_format(r->m->time_format, tf->text, tf->len, &ctx,
                                                      &at, &flags, &why)
                                : rg_time_parse(tf->text, tf->len, &ctx, &at, &flags);
    if (bad) {
        if (r->m->time_format)
            rg_diag_warn(r->diag, path, tf->line, tf->col, "bad-time",
                         "cannot read '%s' in column '%s' with \"time_format\" '%s': %s; skipped",
                         tf->text, r->m->time.name, r->m->time_format, why);
        else
            rg_diag_warn(r->diag, path, tf->line, tf->col, "bad-time",
                         "cannot read '%s' in column '%s' as a time (give \"time_format\" in "
                         "incident.json, e.g. \"%%d/%%m/%%Y %%H:%%M\"); skipped",
                         tf->text, r->m->time.name);
        return 0;
    }
    at += r->src->offset_us;
    if (flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
        warn_dst(r, tf, flags, at);
    rg_kind kind = RG_KIND_NOTE;
    const char *type;
    if (r->i_type >= 0) {
        const rg_csv_field *yf = &c->fields[r->i_type];
        type = rg_csvmap_type(r->m, yf->text, &kind);
        if (!type) {
            rg_diag_warn(r->diag, path, yf->line, yf->col, "unknown-type",
                         "value '%s' of column '%s' maps to no event type (add it to \"values\" "
                         "in incident.json, or give a \"type\" for the others); skipped",
                         yf->text, r->m->type_from.name);
            return 0;
        }
    } else {
        type = r->m->type;
        kind = r->m->type_kind;
    }
    if (!rg_sink_keep(r->sink, at))
        return 0;
    /* README, "Evidence of any size": a row mapped to a log line or a bot's
     * message may be folded by the core before anything is allocated. */
    const rg_csv_field *xf = &c->fields[r->i_text];
    const rg_csv_field *wf = r->i_actor >= 0 ? &c->fields[r->i_actor] : NULL;
    rg_foldable fo = {at,
                      type,
                      xf->text,
                      xf->len,
                      wf ? wf->text : NULL,
                      wf ? wf->len : 0,
                      rg_csvmap_human(r->m, type, kind),
                      line,
                      NULL,
                      0,
                      0,
                      0,
                      0};
    int folds = kind == RG_KIND_LOG || kind == RG_KIND_CHAT, have_id = 0;
    if (folds && rg_sink_wants_ident(r->sink, at)) { /* only where files overlap */
        if (row_ident(r) != 0)
            return oom(r);
        have_id = 1;
        fo.raw = r->buf.data ? r->buf.data : "";
        fo.raw_len = r->buf.len;
    }
    int keep = folds ? rg_sink_fold(r->sink, &fo) : 1;
    if (keep <= 0)
        return keep;
    rg_arena *a = r->sink->arena;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(r);
    ev->at_us = at;
    ev->kind = kind;
    ev->type = type;
    ev->source = r->source;
    const rg_csv_field *af = r->i_actor >= 0 ? &c->fields[r->i_actor] : NULL;
    ev->actor = af && !rg_is_blank(af->text, af->len) ? rg_arena_strdup(a, af->text) : NULL;
    ev->human = rg_csvmap_human(r->m, type, kind);
    ev->text = rg_arena_strdup(a, c->fields[r->i_text].text);
    ev->origin = rg_origin(a, path, line);
    ev->time_text = rg_time_text(a, tf->text, tf->len, r->src, flags);
    if ((af && !rg_is_blank(af->text, af->len) && !ev->actor) || !ev->text || !ev->origin ||
        !ev->time_text)
        return oom(r);
    if (!have_id && row_ident(r) != 0)
        return oom(r);
    for (size_t i = 0; i < c->n_fields; i++) {
        long k = (long)i;
        if (k == r->i_time || k == r->i_actor || k == r->i_text ||
            rg_is_blank(c->fields[i].text, c->fields[i].len))
            continue;
        const char *key = *r->header[i] ? r->header[i] : rg_arena_printf(a, "column %zu", i + 1);
        if (!key || rg_event_attr(a, ev, key, c->fields[i].text) < 0)
            return oom(r);
    }
    rg_event_line_identity(ev, r->buf.data ? r->buf.data : "", r->buf.len);
    return r->sink->emit(r->sink, ev);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    reader r;
    memset(&r, 0, sizeof(r));
    r.src = src;
    r.sink = sink;
    r.diag = sink->diag;
    r.m = sink->csv;
    if (!r.m)
        return rg_diag_error(sink->diag, src->path, 0, 0,
                             "a CSV file is read only with a mapping: give its entry in "
                             "incident.json's \"sources\" \"columns\" (README, \"A CSV with a "
                             "mapping\")");
    FILE *fp = fopen(src->path, "rb");
    if (!fp)
        return rg_diag_error(sink->diag, src->path, 0, 0, "cannot read: %s", strerror(errno));
    struct stat st;
    uint64_t total = fstat(fileno(fp), &st) == 0 ? (uint64_t)st.st_size : 0;
    char sep = r.m->separator;
    if (!sep) {
        char head[4096];
        size_t n = fread(head, 1, sizeof(head), fp);
        size_t skip = n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        sep = rg_csv_guess_separator(head + skip, n - skip);
        rewind(fp);
    }
    rg_csv_init_stream(&r.csv, src->path, fp);
    r.csv.sep = sep;
    r.csv.lenient = 1;
    int rc = -1;
    r.source = rg_arena_strdup(sink->arena, src->name && *src->name ? src->name : src->path);
    if (!r.source) {
        oom(&r);
        goto done;
    }
    if (read_header(&r) != 0)
        goto done;
    uint64_t rows = 0;
    int got;
    while ((got = rg_csv_next(&r.csv, r.diag)) == 1) {
        if (row(&r) != 0)
            goto done;
        if (++rows % 4096 == 0 && sink->progress)
            sink->progress(sink, rg_csv_offset(&r.csv), total);
    }
    if (got == 0)
        rc = 0;
done:
    rg_csv_free(&r.csv);
    fclose(fp);
    for (size_t i = 0; r.header && i < r.n_header; i++)
        rg_free(r.header[i]);
    rg_free(r.header);
    rg_buf_free(&r.buf);
    return rc;
}

/* Never recognised from the bytes alone (the header above): the manifest
 * names the format. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    (void)is_dir;
    (void)head;
    (void)head_len;
    return 0;
}

const rg_importer rg_importer_csv = {
    .name = "csv",
    .kind = RG_KIND_NOTE,
    .summary = "any CSV or TSV export, read through the column mapping its source entry in "
               "incident.json gives",
    .recognises = "nothing by itself: a CSV file is read only when incident.json maps its "
                  "columns ({\"path\": \"x.csv\", \"columns\": {\"time\", \"text\", \"type\"}})",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
