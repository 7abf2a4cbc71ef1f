/* csv.c -- an RFC 4180 reader that names the line and column of every
 * problem, and the quoting writer for `--format csv` outputs. */
#include "csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "utf8.h"

#define WINDOW_BYTES (64 * 1024)

void rg_csv_init(rg_csv *r, const char *path, const char *text, size_t len)
{
    memset(r, 0, sizeof(*r));
    r->path = path;
    r->text = text;
    r->len = len;
    r->line = 1;
    r->col = 1;
    r->sep = ',';
}

void rg_csv_init_stream(rg_csv *r, const char *path, FILE *fp)
{
    rg_csv_init(r, path, NULL, 0);
    r->fp = fp;
}

void rg_csv_free(rg_csv *r)
{
    rg_free(r->fields);
    rg_buf_free(&r->data);
    rg_free(r->win);
    r->fields = NULL;
    r->win = NULL;
    r->n_fields = r->cap_fields = 0;
}

uint64_t rg_csv_offset(const rg_csv *r)
{
    return r->consumed + r->pos;
}

char rg_csv_guess_separator(const char *head, size_t len)
{
    size_t n_comma = 0, n_semi = 0, n_tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = head[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            n_comma++;
        else if (!quoted && c == ';')
            n_semi++;
        else if (!quoted && c == '\t')
            n_tab++;
    }
    if (n_tab > n_comma && n_tab >= n_semi)
        return '\t';
    if (n_semi > n_comma)
        return ';';
    return ',';
}

/* 1 when n bytes from r->pos are there (refilling the window when
 * streaming), 0 when the text ends before. */
static int avail(rg_csv *r, size_t n)
{
    if (r->pos + n <= r->len)
        return 1;
    if (!r->fp || r->eof)
        return 0;
    if (!r->win) {
        r->win = rg_malloc(WINDOW_BYTES);
        if (!r->win) {
            r->oom = 1;
            r->eof = 1;
            return 0;
        }
        r->win_cap = WINDOW_BYTES;
    }
    /* Slide what is left to the front: fields are copied as they are read,
     * so nothing points into the window. */
    size_t keep = r->len - r->pos;
    if (r->pos) {
        memmove(r->win, r->win + r->pos, keep);
        r->consumed += r->pos;
        r->pos = 0;
        r->len = keep;
    }
    while (r->len < n && !r->eof) {
        size_t got = fread(r->win + r->len, 1, r->win_cap - r->len, r->fp);
        if (got == 0) {
            r->eof = 1;
            if (ferror(r->fp))
                r->read_errno = errno ? errno : EIO;
        }
        r->len += got;
    }
    r->text = r->win;
    return r->pos + n <= r->len;
}

/* Quotes one character of the input for a message: printable text as it is,
 * anything else as \xNN. */
static const char *show_char(rg_csv *r, char buf[16])
{
    avail(r, 4);
    unsigned char c = (unsigned char)r->text[r->pos];
    size_t n = rg_utf8_len((const unsigned char *)r->text + r->pos, r->len - r->pos);
    if (c >= 0x20 && c != 0x7F && n > 0) {
        memcpy(buf, r->text + r->pos, n);
        buf[n] = '\0';
    } else {
        snprintf(buf, 16, "\\x%02x", c);
    }
    return buf;
}

/* Counts a byte shown as U+FFFD (lenient reading). */
static int replace_byte(rg_csv *r, rg_diag *diag)
{
    if (r->n_replaced++ == 0) {
        r->replaced_line = r->line;
        r->replaced_col = r->col;
    }
    if (rg_buf_append(&r->data, "\xEF\xBF\xBD", 3) != 0)
        return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
    r->pos++;
    r->col++;
    return 0;
}

/* Counts a quote taken as text (lenient reading). */
static void stray(rg_csv *r)
{
    if (r->n_stray++ == 0) {
        r->stray_line = r->line;
        r->stray_col = r->col;
    }
}

/* Checks the character at r->pos and moves past it, appending it to the
 * field's bytes. Returns 0, or -1 with the error set. */
static int take_char(rg_csv *r, rg_diag *diag)
{
    avail(r, 4);
    const unsigned char *s = (const unsigned char *)r->text + r->pos;
    if (*s == '\0') {
        if (r->lenient)
            return replace_byte(r, diag);
        return rg_diag_error(diag, r->path, r->line, r->col,
                             "NUL byte in the file (is it a CSV file?)");
    }
    /* Overlong forms, surrogates and values past U+10FFFF are refused here,
     * because jansson refuses them later and a row must not fail there. */
    size_t n = rg_utf8_len(s, r->len - r->pos);
    if (n == 0) {
        if (r->lenient)
            return replace_byte(r, diag);
        return rg_diag_error(diag, r->path, r->line, r->col,
                             "invalid UTF-8 byte 0x%02x (save the file as UTF-8)", *s);
    }
    if (rg_buf_append(&r->data, (const char *)s, n) != 0)
        return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
    r->pos += n;
    r->col++;
    return 0;
}

static int at_break(rg_csv *r)
{
    return avail(r, 1) && (r->text[r->pos] == '\n' || r->text[r->pos] == '\r');
}

static int at_sep(rg_csv *r)
{
    return avail(r, 1) && r->text[r->pos] == r->sep;
}

/* Moves past one line break (CRLF, LF or CR), appending it when `keep`. */
static int take_break(rg_csv *r, int keep)
{
    size_t n = (r->text[r->pos] == '\r' && avail(r, 2) && r->text[r->pos + 1] == '\n') ? 2 : 1;
    if (keep && rg_buf_append(&r->data, r->text + r->pos, n) != 0)
        return -1;
    r->pos += n;
    r->line++;
    r->col = 1;
    return 0;
}

static rg_csv_field *new_field(rg_csv *r, rg_diag *diag)
{
    if (r->n_fields == r->cap_fields) {
        size_t cap = r->cap_fields ? r->cap_fields * 2 : 32;
        rg_csv_field *f = rg_realloc(r->fields, cap * sizeof(*f));
        if (!f) {
            rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
            return NULL;
        }
        r->fields = f;
        r->cap_fields = cap;
    }
    rg_csv_field *f = &r->fields[r->n_fields++];
    memset(f, 0, sizeof(*f));
    f->line = r->line;
    f->col = r->col;
    /* the offset into r->data until the record is complete: the buffer may
     * move while it grows */
    f->text = (const char *)(uintptr_t)r->data.len;
    return f;
}

static int plain_field(rg_csv *r, rg_diag *diag);

static int quoted_field(rg_csv *r, rg_csv_field *f, rg_diag *diag)
{
    f->quoted = 1;
    r->pos++; /* the opening quote */
    r->col++;
    for (;;) {
        if (!avail(r, 1)) {
            if (r->lenient && !r->read_errno && !r->oom) {
                r->unterminated = 1;
                return 0;
            }
            return rg_diag_error(diag, r->path, f->line, f->col,
                                 "unterminated quoted field (no closing '\"' before the end of "
                                 "the file)");
        }
        char c = r->text[r->pos];
        if (c == '"') {
            if (avail(r, 2) && r->text[r->pos + 1] == '"') {
                if (rg_buf_putc(&r->data, '"') != 0)
                    return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
                r->pos += 2;
                r->col += 2;
                continue;
            }
            r->pos++;
            r->col++;
            break;
        }
        if (c == '\n' || c == '\r') {
            if (take_break(r, 1) != 0)
                return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
        } else if (take_char(r, diag) != 0) {
            return -1;
        }
    }
    if (avail(r, 1) && !at_sep(r) && !at_break(r)) {
        if (r->lenient) { /* "x"y: the rest is text of the same field */
            stray(r);
            return plain_field(r, diag);
        }
        char buf[16];
        return rg_diag_error(diag, r->path, r->line, r->col,
                             "unexpected '%s' after the closing quote of a field (a quote inside "
                             "a quoted field is written \"\")",
                             show_char(r, buf));
    }
    return 0;
}

static int plain_field(rg_csv *r, rg_diag *diag)
{
    while (avail(r, 1) && !at_sep(r) && !at_break(r)) {
        if (r->text[r->pos] == '"') {
            if (!r->lenient)
                return rg_diag_error(diag, r->path, r->line, r->col,
                                     "'\"' inside an unquoted field (quote the whole field and "
                                     "double the quote)");
            stray(r);
        }
        if (take_char(r, diag) != 0)
            return -1;
    }
    return 0;
}

int rg_csv_next(rg_csv *r, rg_diag *diag)
{
    if (!r->started) { /* the start of the text */
        r->started = 1;
        avail(r, 3);
        const unsigned char *s = (const unsigned char *)r->text;
        if (r->len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
            return rg_diag_error(diag, r->path, 1, 1, "file is UTF-16; save it as UTF-8");
        /* a BOM is not a character a person sees: columns count after it */
        if (r->len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
            r->pos = 3;
    }
    r->n_replaced = r->n_stray = 0;
    r->unterminated = 0;
    while (at_break(r)) /* blank lines */
        take_break(r, 0);
    int more = avail(r, 1);
    if (r->oom)
        return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
    if (r->read_errno)
        return rg_diag_error(diag, r->path, 0, 0, "cannot read: %s", strerror(r->read_errno));
    if (!more)
        return 0;
    r->n_fields = 0;
    rg_buf_reset(&r->data);
    r->record_line = r->line;
    long end_line, end_col;
    for (;;) {
        rg_csv_field *f = new_field(r, diag);
        if (!f)
            return -1;
        int rc = (avail(r, 1) && r->text[r->pos] == '"') ? quoted_field(r, f, diag)
                                                         : plain_field(r, diag);
        if (rc != 0)
            return -1;
        size_t start = (size_t)(uintptr_t)f->text;
        f->len = r->data.len - start;
        if (rg_buf_putc(&r->data, '\0') != 0)
            return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
        if (at_sep(r)) {
            r->pos++;
            r->col++;
            continue;
        }
        end_line = r->line;
        end_col = r->col;
        if (at_break(r))
            take_break(r, 0);
        break;
    }
    if (r->oom)
        return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
    if (r->read_errno)
        return rg_diag_error(diag, r->path, 0, 0, "cannot read: %s", strerror(r->read_errno));
    for (size_t i = 0; i < r->n_fields; i++)
        r->fields[i].text = r->data.data + (size_t)(uintptr_t)r->fields[i].text;
    if (r->n_header == 0) {
        r->n_header = r->n_fields;
    } else if (r->lenient) {
        /* the caller compares */
    } else if (r->n_fields > r->n_header) {
        const rg_csv_field *extra = &r->fields[r->n_header];
        return rg_diag_error(diag, r->path, extra->line, extra->col,
                             "record has %zu fields, the header has %zu", r->n_fields, r->n_header);
    } else if (r->n_fields < r->n_header) {
        return rg_diag_error(diag, r->path, end_line, end_col,
                             "record has %zu field%s, the header has %zu", r->n_fields,
                             r->n_fields == 1 ? "" : "s", r->n_header);
    }
    return 1;
}

int rg_csv_put(rg_buf *b, const char *s, size_t len, int guard)
{
    int formula = guard && len > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    /* A value that starts with U+FEFF is quoted: at the start of a file a
     * reader (ours, a spreadsheet) takes the bare bytes for a byte order
     * mark and drops them. */
    int quote = len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3);
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote && rg_buf_putc(b, '"') != 0)
        return -1;
    if (formula && rg_buf_putc(b, '\'') != 0)
        return -1;
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"')
            continue;
        /* a quote is written twice: copy up to and including it, then once more */
        if (rg_buf_append(b, s + from, i + 1 - from) != 0 || rg_buf_putc(b, '"') != 0)
            return -1;
        from = i + 1;
    }
    if (rg_buf_append(b, s + from, len - from) != 0)
        return -1;
    return quote ? rg_buf_putc(b, '"') : 0;
}

int rg_csv_end_record(rg_buf *b)
{
    return rg_buf_append(b, "\r\n", 2);
}
