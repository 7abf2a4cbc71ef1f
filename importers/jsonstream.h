/* jsonstream.h -- reading a large JSON document record by record: the file is
 * read in chunks into one buffer, tokenized only enough to find where each
 * element of the top-level array (or of the array under a named member of the
 * top-level object) begins and ends, and each element is handed to jansson
 * alone. Memory follows the largest record, not the file (issue 11). A data
 * frame, whose records are rows across columns written one after another, is
 * read by one stream per column in lockstep (rg_jsondocs_frame): no single
 * pass meets a row's cells together, and holding a column would make memory
 * follow the file again. */
#ifndef RG_JSONSTREAM_H
#define RG_JSONSTREAM_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "jsondocs.h"
#include "zfile.h"

/* Bytes asked of the file per read (64 KiB). Settable so tests can split
 * records across reads (e.g. 64); never 0. */
extern size_t rg_jstream_chunk;

/* A first document at most this long (1 MiB) is read as today, whole
 * (rg_jsondocs_read): its messages are exactly those of the whole-document
 * reader. Only a longer one is streamed. Settable for tests (0: always
 * stream). */
extern size_t rg_jsondocs_whole_max;

/* Where a stream's bytes come from, when not straight from the file as
 * rg_zfile_read gives them: for an importer whose files are not quite JSON
 * (Telegram Desktop writes "\xNN" in strings), which repairs them as they are
 * read, so everything after (the tokenizer, jansson, every line and column)
 * sees the repaired text, as its whole-file reader does. Returns what
 * rg_zfile_read returns (reading z); called with buf NULL and n 0 once before
 * each pass over the file (the file may be read twice: streamed, then whole),
 * so it can start its count over; with n 1 before a side pass (ops.late, or
 * the plan of path keys), a second stream over the file while the main one
 * is open, which is told from it by z and whose count is not the file's. */
typedef ssize_t (*rg_jstream_read_fn)(void *ctx, rg_zfile *z, char *buf, size_t n);

/* A file being read in chunks. buf[head..len) holds bytes read and not yet
 * consumed; off, line and col are the place of buf[head] in the file (col
 * counts characters, not bytes), kept up to date as bytes are consumed, so
 * locating a record costs only the bytes since the last one. */
typedef struct rg_jstream {
    rg_zfile z;
    int opened;
    char *buf; /* owned; one byte more than cap for a NUL after a value */
    size_t cap, head, len;
    int eof;       /* the file has no more bytes */
    int failed;    /* a read failed: why says how */
    char why[200]; /* "cannot read: ...", or zfile's reason for bad compressed data */
    uint64_t off;
    long line, col;
    size_t high;             /* the largest cap the buffer had: the reader's memory */
    rg_jstream_read_fn read; /* NULL: rg_zfile_read */
    void *read_ctx;
} rg_jstream;

/* Opens path. Returns 0, or -1 with errno set. Close with rg_jstream_close
 * (safe after -1). */
int rg_jstream_open(rg_jstream *s, const char *path);
void rg_jstream_close(rg_jstream *s);

/* Skips JSON white space (and a UTF-8 BOM at the file's first byte, which is
 * no column). Returns the next byte (0..255), -1 at the end of the file, -2
 * when a read failed (s->why). */
int rg_jstream_peek(rg_jstream *s);

/* Consumes n bytes that are in the buffer (n <= len - head). */
void rg_jstream_consume(rg_jstream *s, size_t n);

/* Finds the end of the JSON value that starts at buf[head] (after peek):
 * a string, a number or literal, or an array or object with everything in it
 * (strings may hold any brackets and escaped quotes). Does not consume it.
 * Returns 1 with *n its length in bytes (buf[head..head+n)); 0 when it is
 * longer than max (*n > max bytes seen; max 0: no limit); -1 when the file
 * ends inside it (*n: the bytes up to the end); -2 when a read failed.
 * Brackets are counted, not matched: a value jansson will reject may end
 * early, and jansson then says where. */
int rg_jstream_scan(rg_jstream *s, size_t max, size_t *n);

/* ---- the driver the importers use ---- */

typedef struct rg_jsondocs_ops {
    /* Members of a top-level object whose array is streamed, NULL-terminated
     * (NULL: none); a top-level array is always streamed. A key with dots is
     * a path to deeper arrays: "chats.list[].messages" streams the
     * "messages" of each object of the array "list" of the object "chats"
     * (each object and array on the way walked member by member, never held
     * whole). ops->element then gets key the path and env the members of the
     * innermost object (its chat) alone, those of the objects further out in
     * d->outer (jsondocs.h), ops->done(key, env, n) after each
     * innermost object whose array was read, and an element on the way that
     * is no object, or an innermost object without the array, whole under
     * the path up to it ("chats.list[]"; env NULL; d->line0/col0 its place).
     * Paths are streamed when no plain key holds an array (a chat export's
     * "messages" wins over an account's "chats": the paths are then walked
     * for their errors and NULs alone, one element at a time); a first pass
     * over the file (tokenized, nothing kept) finds that out. The records
     * come in the order of keys, as a whole read gives them: a path met in
     * the file before one that comes first in keys ("left_chats" before
     * "chats") is walked for its errors and NULs when met, without a word
     * to ops, and read again by a pass of its own (from its place) once the
     * paths before it are read. The other members on the way are parsed one
     * at a time for their errors and dropped. A segment after the first may
     * name alternatives, "resourceLogs[].scopeLogs|instrumentationLibraryLogs
     * [].logRecords": in each object the first alternative written (of any
     * value) is the path, as an importer that tries the names in turn on a
     * whole tree takes it; the others are walked for their errors alone.
     * With ops->late, every object on the path (not only the innermost) has
     * the members written after its path in env or d->outer.
     *
     * A name written twice in one object: the last is read, as jansson
     * keeps the last for the whole read. Where a first pass is made (path
     * keys, ops->late) it counts how often each array's name is written;
     * the main pass walks every earlier one for its errors alone (no NUL
     * counted, no record handed: the whole read's tree does not hold it)
     * and streams the last; the last not an array: the file is read whole,
     * as the whole read has no array there either. Without a first pass (no
     * path keys, no ops->late) the streamed array is the first of its name:
     * knowing of a later one would cost a second read of every file, for a
     * shape no API writes. Other members named twice: the last, in env. */
    const char *const *keys;
    /* A whole document, as rg_jsondocs_read gives it: a small file, or each
     * of several documents one after another. */
    int (*document)(void *ctx, const json_t *root, size_t off, size_t end);
    /* One element of a streamed array: key is the member it is under (NULL:
     * the top-level array); env holds the members of the top-level object
     * read before the array (NULL for a top-level array), borrowed. While it
     * runs, d->text is the element's text alone (off 0, end its length) and
     * d->line0/col0 its place, so rg_jsondocs_warn locates in the file. */
    int (*element)(void *ctx, const char *key, const json_t *env, const json_t *elem, size_t off,
                   size_t end);
    /* After a streamed array's document: key as above, env every other member
     * of the object (NULL for a top-level array), n the elements read. d->text
     * is empty then; off 0 stands for the document's first byte. May be NULL. */
    int (*done)(void *ctx, const char *key, const json_t *env, size_t n);
    /* 1: the members written after the streamed array are in env too, for
     * every element: a webhook payload may name its receiver or group after
     * its alerts. They are found by a first pass over the file that only
     * tokenizes the array (each element scanned, none parsed: memory still
     * follows the largest element) and parses the members after it; with a
     * read hook its bytes come through the hook too (n 1: a side pass). */
    int late;
    /* May be NULL. Asked before the array of key is streamed, env as
     * ops->element will get it: 1 streams it, 0 reads the file whole instead
     * (the object is of a kind whose array is not its records), -1 stops
     * (error in diag). */
    int (*want)(void *ctx, const char *key, const json_t *env);
} rg_jsondocs_ops;

/* Reads the file at path (borrowed, as is diag) into d, whose flags and
 * repair_nul the caller has set (everything else is set here), and calls ops
 * for what it holds. A file whose first document is at most
 * rg_jsondocs_whole_max bytes and is alone is read as by rg_jsondocs_load and
 * rg_jsondocs_read, with the same messages. Several documents are read one
 * at a time (memory: the largest) with the warnings of rg_jsondocs_read. A
 * larger first document that is an array, or an object with a member of
 * ops->keys that is an array, is read element by element: an element jansson
 * rejects, or a file that ends inside the array, is the error
 * "path:line:col: ..." located in the file (a single document's error is
 * fatal today too; a syntax error between elements or members in jansson's
 * words for the whole file); an element of the wrong shape is the importer's warning,
 * as before. Any other large document is read whole, as before. Returns 0 or
 * -1 (error in diag). d is freed before returning. */
int rg_jsondocs_stream(rg_jsondocs *d, const char *path, rg_diag *diag, const rg_jsondocs_ops *ops,
                       void *ctx);

/* For an importer that takes no top-level array: the error
 * "path:line:col: message" at the array's first byte (d->top_line,
 * d->top_col, as rg_jsondocs_stream set them while streaming d). Returns -1. */
int rg_jsondocs_top_error(rg_jsondocs *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Where the value of member key of the streamed object is in the file, for
 * a message about it located as the whole-document reader locates it: during
 * ops->element (the members before the array) and ops->done (all of them).
 * Returns 1 with *line and *col set, or 0 when there is no such member (or
 * nothing is being streamed). */
int rg_jsondocs_member_at(const rg_jsondocs *d, const char *key, long *line, long *col);

/* rg_jsondocs_stream with the file's bytes read by read(ctx, ...) (see
 * rg_jstream_read_fn), also when the file is read whole. */
int rg_jsondocs_stream_read(rg_jsondocs *d, const char *path, rg_diag *diag,
                            const rg_jsondocs_ops *ops, void *ctx, rg_jstream_read_fn read);

/* ---- a data frame: columns read row by row ---- */

/* A data frame (Grafana's state history: {"schema": ..., "data": {"values":
 * [[t1, t2...], [line1, line2...]]}}) is columns, not records: row k is
 * element k of each column, and the columns follow one another in the file.
 * No one pass over the file meets a row's cells together, so the rows are
 * read in lockstep by one stream per column, each its own pass over the file
 * from the column's '['; memory follows one element per column. */

#define RG_JFRAME_TABLES 4 /* ops->tables at most */
#define RG_JFRAME_PICKS 4  /* columns read in lockstep at most */

/* One column of a table: where its first byte is, and when it is an array,
 * how many elements it has. */
typedef struct rg_jcolumn {
    uint64_t off;
    long line, col;
    int is_array;
    size_t n;
} rg_jcolumn;

/* A member of the frame that holds columns ("data.values"). found: the
 * member is there; is_array: its value is an array, of col[0..ncol). */
typedef struct rg_jtable {
    int found, is_array;
    rg_jcolumn *col; /* owned by the reader */
    size_t ncol;
} rg_jtable;

/* What the first pass saw of the frame: env its members as the whole read
 * has them (parsed one at a time), except the tables, which are in table[]
 * (an object on a table's path, "data", has its other members), and where
 * the frame's '{' is. Borrowed, during ops->plan. */
typedef struct rg_jframe {
    json_t *env;
    long line, col;
    rg_jtable table[RG_JFRAME_TABLES];
} rg_jframe;

/* A column to read in lockstep: column col of table ops->tables[table]. */
typedef struct rg_jpick {
    size_t table, col;
} rg_jpick;

typedef struct rg_jframe_ops {
    /* Where the frame may be, tried in order, NULL-terminated (at most 4):
     * "" the top-level object, or the name of one of its members ("results").
     * The frame is the first that has every member of has. */
    const char *const *at;
    const char *const *has; /* NULL-terminated, at most 4 */
    /* Members of the frame, by dotted path through objects ("data.values"),
     * whose arrays hold columns; NULL-terminated, at most RG_JFRAME_TABLES. */
    const char *const *tables;
    /* After the first pass (the whole file read in order, every value
     * parsed, one element of a column at a time, for its errors): chooses
     * up to RG_JFRAME_PICKS columns that are arrays, pick[0] the one whose
     * elements are the rows; returns how many (0: no rows), or -1 to stop
     * (error in diag). d->text is empty then, at the frame's '{' (d->line0,
     * d->col0): rg_jsondocs_shape(d, 0, ...) says where the frame is. */
    int (*plan)(void *ctx, const rg_jframe *f, rg_jpick pick[RG_JFRAME_PICKS]);
    /* One row: cell[i] the next element of pick i (NULL past its end),
     * borrowed, npick cells; while it runs d->text is cell[0]'s text alone,
     * as for ops->element. */
    int (*row)(void *ctx, const json_t *const *cell, size_t npick);
} rg_jframe_ops;

/* Reads the file at path as a data frame when its first document is an
 * object over rg_jsondocs_whole_max bytes, alone in the file, that is (or
 * whose member named by ops->at holds) a frame: a first pass of the tokenizer
 * finds the frame by its members' names; a second reads the file in order,
 * as rg_jsondocs_stream reads an object, every value parsed alone and the
 * columns element by element, so an error is the one rg_jsondocs_stream
 * gives, before any row (a whole read gives none either); then the picked
 * columns are read in lockstep, one stream each. d as for
 * rg_jsondocs_stream, without a read hook. Returns 1 when it read the file
 * (or failed: then -1, error in diag), 0 when the file is not such a frame,
 * or names a table or an object on its path twice (the whole read takes the
 * last): nothing is said then, and the caller reads the file as before. */
int rg_jsondocs_frame(rg_jsondocs *d, const char *path, rg_diag *diag, const rg_jframe_ops *ops,
                      void *ctx);

/* ---- a file that holds one array of entries ---- */

/* Reads the file at path, whose document is an array of entries (a users
 * list, a channel list), entry by entry: read whole when small, streamed
 * when large, as rg_jsondocs_stream reads it, so memory follows one entry;
 * each to entry(ctx, elem, off), off its place in d->text
 * (rg_jsondocs_warn(d, off, ...) locates it in the file). A document that is
 * no array is the error "path:line:col: expected an array of <what>, got
 * <its type>". d as for rg_jsondocs_stream (its flags the caller's).
 * Returns 0 or -1 (error in diag). */
int rg_jsondocs_entries(rg_jsondocs *d, const char *path, rg_diag *diag, const char *what,
                        int (*entry)(void *ctx, const json_t *elem, size_t off), void *ctx);

/* Largest buffer the last rg_jsondocs_stream used (bytes): the reader's
 * memory, for tests and the bench. */
extern size_t rg_jsondocs_last_high;

/* The most bytes the last rg_jsondocs_stream handed to jansson in one parse
 * (a record, a member, or the whole file when it read it whole), for tests:
 * what the tree in memory follows. */
extern size_t rg_jsondocs_last_parsed_max;

#endif
