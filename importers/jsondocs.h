/* jsondocs.h -- what the JSON importers (alertmanager.c, pagerduty.c, slack.c,
 * statuspage.c) share: reading a file that is one document or several written
 * one after another, finding where a record sits in the text, located
 * warnings. */
#ifndef RG_JSONDOCS_H
#define RG_JSONDOCS_H

#include <jansson.h>
#include <stddef.h>

#include "../reviewgen/diag.h"

/* ---- the text, before and without jansson ---- */

/* The first index at or after i that is not JSON white space (i itself, or
 * len when only white space is left). */
size_t rg_json_skip_space(const char *s, size_t len, size_t i);

/* Offset of the top-level value's first byte: past a UTF-8 BOM and white
 * space; len when there is none. Never reads past s[len - 1], so sniff() may
 * call it on a head. */
size_t rg_json_start(const char *s, size_t len);

/* Line and column of the top-level value's first byte (the BOM is no column a
 * person sees), for messages about the whole document. */
void rg_json_top_loc(const char *text, size_t len, long *line, long *col);

/* The first occurrence of needle (not empty) in h[0..hn), or NULL. Borrowed:
 * points into h. A bounded memmem, which C11 lacks. */
const char *rg_text_find(const char *h, size_t hn, const char *needle);

/* 1 when needle (not empty) occurs in h[0..hn), else 0. */
static inline int rg_text_has(const char *h, size_t hn, const char *needle)
{
    return rg_text_find(h, hn, needle) != NULL;
}

/* '{' or '[' when the top-level value of s[0..len) opens with it (after a
 * UTF-8 BOM and white space), else 0: whether a head can be JSON we read. */
int rg_json_opening(const char *s, size_t len);

/* Offset of the value of the first member `"key":` in text[from..end), or
 * `from` when there is none: best effort, for messages about a member's value. */
size_t rg_json_member_value(const char *text, size_t from, size_t end, const char *key);

/* ---- where records are ---- */

/* Line and column of byte offsets given in increasing order, in one pass over
 * the text (a million records must stay linear; rg_line_col starts over each
 * time). An offset below the last one starts over from the top. Initialise as
 * {text, len, 0, 1}; text is borrowed. */
typedef struct rg_locator {
    const char *text;
    size_t len, pos;
    long line;
} rg_locator;

void rg_locate(rg_locator *l, size_t off, long *line, long *col);

/* The line alone: what an event's origin needs. rg_locate's column walks back
 * to the start of the line, which on a file of one long line (a minified API
 * response) would cost the line's length per record; this costs only the
 * bytes since the last offset. */
void rg_locate_line(rg_locator *l, size_t off, long *line);

/* The byte offsets of the elements of the arrays an importer walks in one
 * document, taken in document order (jansson keeps no positions). */
typedef struct rg_json_offsets {
    size_t *off; /* owned: freed by rg_json_offsets_free */
    size_t n, next;
} rg_json_offsets;

/* Fills o with the offsets (from the start of text) of the elements of every
 * array that is the value of a member named key (key NULL: of a top-level
 * array) in text[from..end); see rg_json_element_offsets. Frees what o held.
 * Out of memory finds fewer, and rg_json_offsets_take() then falls back. */
void rg_json_offsets_find(rg_json_offsets *o, const char *text, size_t from, size_t end,
                          const char *key);

/* Fills o with the offsets of the elements of the one array at the end of
 * path, member names joined by '.' ("hits.hits"), each the last member of
 * its name (the one jansson keeps), from the object at text[from] (white
 * space before it skipped; from RG_JSON_NONE: none): the records a walk of
 * the tree along that path reads, whatever arrays of the same name lie
 * elsewhere (an Elasticsearch hit's inner_hits) or are left out (OTLP's
 * older name beside the newer). Empty when the path leads to no array. Frees
 * what o held. */
void rg_json_offsets_path(rg_json_offsets *o, const char *text, size_t from, size_t end,
                          const char *path);

/* Offset of the next element, or `fallback` when the scan found fewer
 * elements than jansson did (the tokenizer is tolerant, not exact). */
size_t rg_json_offsets_take(rg_json_offsets *o, size_t fallback);

/* Offset of the element after the one last taken, or `end` when there is none:
 * where the element last taken ends, at most. */
size_t rg_json_offsets_peek(const rg_json_offsets *o, size_t end);

/* Frees the offsets; o is empty afterwards. */
void rg_json_offsets_free(rg_json_offsets *o);

/* ---- a file of JSON documents ---- */

/* One source being read. */
#define RG_JSONDOCS_OUTER 7 /* a path's objects above its innermost one, at most */

typedef struct rg_jsondocs {
    const char *path; /* borrowed: for messages */
    rg_diag *diag;    /* borrowed */
    char *text;       /* owned: the whole file, NUL-terminated; freed by rg_jsondocs_free */
    size_t len;
    int stream;             /* reading one of several documents (or of an array's payloads):
                               a bad one is a warning, not an error */
    rg_locator loc;         /* where messages are located, in one pass over the text: a
                               file of a million bad records stays linear */
    size_t flags;           /* jansson flags added when the file is one document (set after
                               rg_jsondocs_load; JSON_ALLOW_NUL for an importer that shows a
                               NUL as U+FFFD); several documents are always read with
                               JSON_ALLOW_NUL */
    int repair_nul;         /* 1: each document goes through rg_json_repair_nul first */
    long line0, col0;       /* where text[0] is in the file (0: line 1, column 1): when
                               jsonstream.h hands over one record's text alone */
    long top_line, top_col; /* jsonstream.h: where the streamed document opens */
    const json_t *places;   /* jsonstream.h: where the envelope's members are (borrowed;
                               read with rg_jsondocs_member_at) */
    /* jsonstream.h, while a path key's records are handed over: outer[j] the
     * members of the object at level j + 1 of the path, above the innermost
     * one ("resourceLogs[].scopeLogs[].logRecords": outer[0] the
     * resourceLogs element's, its "resource"), borrowed; NULL elsewhere. */
    const json_t *outer[RG_JSONDOCS_OUTER];
} rg_jsondocs;

/* Turns a line and column counted in d->text into the file's (d->line0,
 * d->col0 added): what an importer that locates by itself must call. */
void rg_jsondocs_fix(const rg_jsondocs *d, long *line, long *col);

/* Keeps an importer's own locator on the text jsonstream hands over: one
 * pass over a file read whole (its documents one after another), started
 * over for each streamed record (d->line0 > 0: a text of its own). Call it
 * as each document or record comes. */
void rg_jsondocs_follow(const rg_jsondocs *d, rg_locator *loc);

/* Reads the file at path into d (path and diag borrowed: they must outlive d).
 * Returns 0, or -1 with "path: cannot read: <reason>" in diag. After 0, call
 * rg_jsondocs_free(d) (it is safe after -1 too). */
int rg_jsondocs_load(rg_jsondocs *d, const char *path, rg_diag *diag);

/* Frees the text. */
void rg_jsondocs_free(rg_jsondocs *d);

/* Counts warning `key` at byte off of the text: "path:line:col: message". */
void rg_jsondocs_warn(rg_jsondocs *d, size_t off, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* README, "Large JSON documents": a response holding two of the arrays an
 * importer streams (Datadog "events" and "data", CloudWatch Logs "events"
 * and "results"; no API writes both) is read at any size as the streamed
 * reader must read a large one: the first of the two arrays in the file.
 * Returns that member's name, names[0] or names[1] (the first whose value is
 * an array, in the object's order, which jansson keeps), or NULL when
 * neither is an array. */
const char *rg_json_first_array(const json_t *obj, const char *const names[2]);

/* Warning "two-arrays" at member `other` (value v), not read beside the
 * array `read`: at line:col when line > 0 (where the streamed reader saw the
 * member), else at byte off of d->text. `holds` says what each array is
 * ("a Datadog response holds \"events\" (API v1) or \"data\" (v2)"). */
void rg_jsondocs_warn_unread(rg_jsondocs *d, long line, long col, size_t off, const char *read,
                             const char *other, const json_t *v, const char *holds);

/* A document (or payload) whose shape is wrong, at byte off: the error
 * "path:line:col: message" and -1 when the file is that one document (the
 * whole source is unreadable); when d->stream, warning "bad-payload" with
 * "; skipped" added, and 0. */
int rg_jsondocs_shape(rg_jsondocs *d, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first of keys (NULL-terminated) whose member in obj is there, not null
 * and not a string, or NULL (also when obj is no object). A text field that
 * holds a number or an object is reported by the importer (warning
 * "bad-record"), never read as if it were absent. */
const char *rg_json_mistyped_string(const json_t *obj, const char *const *keys);

/* Replaces each NUL inside the strings of root (values, not keys) by U+FFFD:
 * our strings end at NUL, so a "\u0000" would otherwise cut the text after it
 * without a word. When any was replaced, warns "nul" once at the first
 * "\u0000" of text[from..len) (located in the whole text, whose first byte is
 * on line line0, column 1) with how many were. Returns 0, or -1 with "out of
 * memory" in diag. */
int rg_json_repair_nul(json_t *root, const char *path, const char *text, size_t from, size_t len,
                       long line0, rg_diag *diag);

/* The same for a text whose first byte is on line line0, column col0 of the
 * file (one record of a streamed file, jsonstream.h, which may start in the
 * middle of a line). */
int rg_json_repair_nul_at(json_t *root, const char *path, const char *text, size_t from, size_t len,
                          long line0, long col0, rg_diag *diag);

/* rg_json_repair_nul_at's two halves, for a reader that warns once for the
 * records of one document read apart (jsonstream.c): the NULs of root
 * replaced (*n how many; returns 0, or -1 when out of memory), and the
 * offset of the first "\u0000" of text[from..len) (from when none). */
int rg_json_repair_nul_count(json_t *root, size_t *n);
size_t rg_json_first_nul(const char *text, size_t from, size_t len);

/* Reads every document of d->text and calls document(ctx, root, off, end) for
 * each, with root borrowed for the call and text[off..end) its text. A file is
 * one JSON document (any JSON value; an error is fatal and located by
 * rg_json_parse), or several written one after another (JSON lines from a
 * webhook receiver): then d->stream is 1, and a document that does not parse
 * is warning "bad-json" naming the line it starts on, after which reading
 * resumes at the next line that opens with '{' or '['. Returns 0, or -1 when
 * document() returned non-zero or on an error (in d->diag). */
int rg_jsondocs_read(rg_jsondocs *d,
                     int (*document)(void *ctx, const json_t *root, size_t off, size_t end),
                     void *ctx);

#endif
