/* csv.h -- reading and writing comma-separated values as RFC 4180 defines
 * them, with errors a person can act on ("path:line:col: message"). The
 * reader serves `reviewgen import-history`; the writer serves every
 * `--format csv` output (README, "Listing incidents and action items"). */
#ifndef RG_CSV_H
#define RG_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "diag.h"

/* One field of the record just read. */
typedef struct rg_csv_field {
    const char *text; /* the value with its quotes removed and "" read as ";
                         NUL-terminated. Borrowed: valid until the next
                         rg_csv_next() or rg_csv_free() */
    size_t len;
    long line, col; /* where the field starts (its opening quote when quoted);
                       the column counts characters */
    int quoted;
} rg_csv_field;

/* A reader over text in memory (rg_csv_init) or streamed from a file
 * (rg_csv_init_stream: a window of 64 KiB, so a file of any size reads in
 * bounded memory). The first record is the header: every
 * later record must have as many fields, as RFC 4180 asks. Accepted beyond the
 * RFC: LF or CR alone as a line break, no line break after the last record, a
 * UTF-8 byte order mark, and blank lines between records (skipped, never read
 * as a record of one empty field). Refused with an error at the offending
 * character: a quote inside an unquoted field, anything but a comma or a line
 * break after a closing quote, a quoted field not closed before the end of the
 * file (reported where it opens), a NUL byte, bytes that are not UTF-8, and a
 * UTF-16 file (said so). Fields may hold line breaks when quoted; they are kept
 * as written. */
typedef struct rg_csv {
    const char *path; /* for messages */
    const char *text; /* borrowed; when streaming, the window over the file */
    size_t len, pos;
    long line, col;       /* position of text[pos] */
    long record_line;     /* line where the last record read starts */
    size_t n_header;      /* fields in the first record; 0 before it is read */
    rg_csv_field *fields; /* rg_malloc'd */
    size_t n_fields, cap_fields;
    rg_buf data; /* the fields' bytes, each NUL-terminated */
    char sep;    /* the separator: ',' unless changed after init (';', '\t') */
    /* Lenient reading, for exports from other tools (set after init): a
     * record with another number of fields than the header is returned as
     * it is (the caller compares n_fields with n_header); invalid UTF-8 bytes
     * and NULs become U+FFFD, a quote inside an unquoted field or text after
     * a closing quote is taken as text, and a quoted field still open at the
     * end of the file ends the last record there; each is counted below for
     * the record just read, so the caller warns about it. UTF-16 stays an
     * error. */
    int lenient;
    size_t n_replaced;                /* lenient: bytes shown as U+FFFD in the last record */
    long replaced_line, replaced_col; /* the first of them */
    size_t n_stray;                   /* lenient: quotes taken as text in the last record */
    long stray_line, stray_col;       /* the first of them */
    int unterminated;                 /* lenient: the last record ends inside a quoted field */
    /* streaming */
    FILE *fp; /* borrowed */
    char *win;
    size_t win_cap;
    int eof, read_errno, oom, started;
    uint64_t consumed; /* bytes of the file before text[0] */
} rg_csv;

void rg_csv_init(rg_csv *r, const char *path, const char *text, size_t len);
/* A reader over the open file fp (borrowed: the caller closes it after
 * rg_csv_free). A read error is reported by rg_csv_next as "path: cannot
 * read: <reason>". */
void rg_csv_init_stream(rg_csv *r, const char *path, FILE *fp);
/* Bytes read past so far (for progress). */
uint64_t rg_csv_offset(const rg_csv *r);
/* The separator the first line of head[0..len) uses: the most frequent of
 * ',', ';' and tab outside quotes (',' on a tie or when none). */
char rg_csv_guess_separator(const char *head, size_t len);
/* Reads the next record into r->fields[0 .. r->n_fields). Returns 1 when a
 * record was read, 0 at the end of the text, -1 with "path:line:col: message"
 * in diag on malformed text or when out of memory. */
int rg_csv_next(rg_csv *r, rg_diag *diag);
void rg_csv_free(rg_csv *r);

/* Appends s[0..len) to b as one field: quoted, with quotes doubled, when it
 * holds a comma, a quote, CR or LF, or starts with U+FEFF (bare, a reader
 * would drop it as a byte order mark). When `guard` is set (text that came from
 * an input, never numbers we computed), a value starting with =, +, -, @, tab
 * or CR gets a leading apostrophe, so a spreadsheet shows it as text instead
 * of running it as a formula (OWASP "CSV injection"). Returns 0, -1 when out
 * of memory. */
int rg_csv_put(rg_buf *b, const char *s, size_t len, int guard);
/* Ends a record with CRLF, as RFC 4180 writes it. Returns 0 or -1. */
int rg_csv_end_record(rg_buf *b);

#endif
