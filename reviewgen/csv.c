/* csv.c -- an RFC 4180 reader that names the line and column of every
 * problem, and the quoting writer for `--format csv` outputs. */
#include "csv.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "utf8.h"

void rg_csv_init(rg_csv *r, const char *path, const char *text, size_t len)
{
    memset(r, 0, sizeof(*r));
    r->path = path;
    r->text = text;
    r->len = len;
    r->line = 1;
    r->col = 1;
}

void rg_csv_free(rg_csv *r)
{
    rg_free(r->fields);
    rg_buf_free(&r->data);
    r->fields = NULL;
    r->n_fields = r->cap_fields = 0;
}

/* Quotes one character of the input for a message: printable text as it is,
 * anything else as \xNN. */
static const char *show_char(const rg_csv *r, char buf[16])
{
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

/* Checks the character at r->pos and moves past it, appending it to the
 * field's bytes. Returns 0, or -1 with the error set. */
static int take_char(rg_csv *r, rg_diag *diag)
{
    const unsigned char *s = (const unsigned char *)r->text + r->pos;
    if (*s == '\0')
        return rg_diag_error(diag, r->path, r->line, r->col,
                             "NUL byte in the file (is it a CSV file?)");
    /* Overlong forms, surrogates and values past U+10FFFF are refused here,
     * because jansson refuses them later and a row must not fail there. */
    size_t n = rg_utf8_len(s, r->len - r->pos);
    if (n == 0)
        return rg_diag_error(diag, r->path, r->line, r->col,
                             "invalid UTF-8 byte 0x%02x (save the file as UTF-8)", *s);
    if (rg_buf_append(&r->data, (const char *)s, n) != 0)
        return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
    r->pos += n;
    r->col++;
    return 0;
}

static int at_break(const rg_csv *r)
{
    return r->pos < r->len && (r->text[r->pos] == '\n' || r->text[r->pos] == '\r');
}

/* Moves past one line break (CRLF, LF or CR), appending it when `keep`. */
static int take_break(rg_csv *r, int keep)
{
    size_t n =
        (r->text[r->pos] == '\r' && r->pos + 1 < r->len && r->text[r->pos + 1] == '\n') ? 2 : 1;
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

static int quoted_field(rg_csv *r, rg_csv_field *f, rg_diag *diag)
{
    f->quoted = 1;
    r->pos++; /* the opening quote */
    r->col++;
    for (;;) {
        if (r->pos >= r->len)
            return rg_diag_error(diag, r->path, f->line, f->col,
                                 "unterminated quoted field (no closing '\"' before the end of "
                                 "the file)");
        char c = r->text[r->pos];
        if (c == '"') {
            if (r->pos + 1 < r->len && r->text[r->pos + 1] == '"') {
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
    if (r->pos < r->len && r->text[r->pos] != ',' && !at_break(r)) {
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
    while (r->pos < r->len && r->text[r->pos] != ',' && !at_break(r)) {
        if (r->text[r->pos] == '"')
            return rg_diag_error(diag, r->path, r->line, r->col,
                                 "'\"' inside an unquoted field (quote the whole field and "
                                 "double the quote)");
        if (take_char(r, diag) != 0)
            return -1;
    }
    return 0;
}

int rg_csv_next(rg_csv *r, rg_diag *diag)
{
    if (r->record_line == 0 && r->pos == 0) { /* the start of the text */
        const unsigned char *s = (const unsigned char *)r->text;
        if (r->len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
            return rg_diag_error(diag, r->path, 1, 1, "file is UTF-16; save it as UTF-8");
        /* a BOM is not a character a person sees: columns count after it */
        if (r->len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
            r->pos = 3;
    }
    while (at_break(r)) /* blank lines */
        take_break(r, 0);
    if (r->pos >= r->len)
        return 0;
    r->n_fields = 0;
    rg_buf_reset(&r->data);
    r->record_line = r->line;
    long end_line, end_col;
    for (;;) {
        rg_csv_field *f = new_field(r, diag);
        if (!f)
            return -1;
        int rc = (r->pos < r->len && r->text[r->pos] == '"') ? quoted_field(r, f, diag)
                                                             : plain_field(r, diag);
        if (rc != 0)
            return -1;
        size_t start = (size_t)(uintptr_t)f->text;
        f->len = r->data.len - start;
        if (rg_buf_putc(&r->data, '\0') != 0)
            return rg_diag_error(diag, r->path, r->line, r->col, "out of memory");
        if (r->pos < r->len && r->text[r->pos] == ',') {
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
    for (size_t i = 0; i < r->n_fields; i++)
        r->fields[i].text = r->data.data + (size_t)(uintptr_t)r->fields[i].text;
    if (r->n_header == 0) {
        r->n_header = r->n_fields;
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
