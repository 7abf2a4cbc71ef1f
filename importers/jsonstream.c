/* jsonstream.c -- a JSON file read in chunks and cut into records at the
 * elements of its top-level array (jsonstream.h), and the driver that hands
 * each record to an importer with its place in the file; and a data frame's
 * columns read in lockstep, one stream each, row by row. */
#include "jsonstream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsontree.h"
#include "jsonutil.h"

size_t rg_jstream_chunk = 64 * 1024;
size_t rg_jsondocs_whole_max = 1024 * 1024;
size_t rg_jsondocs_last_high;
size_t rg_jsondocs_last_parsed_max;

/* n bytes handed to jansson at once (rg_jsondocs_last_parsed_max). */
static void parsed(size_t n)
{
    if (n > rg_jsondocs_last_parsed_max)
        rg_jsondocs_last_parsed_max = n;
}

int rg_jstream_open(rg_jstream *s, const char *path)
{
    memset(s, 0, sizeof(*s));
    s->line = 1;
    s->col = 1;
    if (rg_zfile_open(&s->z, path) != 0)
        return -1;
    s->opened = 1;
    return 0;
}

void rg_jstream_close(rg_jstream *s)
{
    if (s->opened)
        rg_zfile_close(&s->z);
    s->opened = 0;
    rg_free(s->buf);
    s->buf = NULL;
    s->cap = s->head = s->len = 0;
}

/* Reads one more chunk after buf[len), first moving the unconsumed bytes to
 * the front (once per record: after that head is 0) and growing the buffer
 * only when a record does not fit. Returns 1 with bytes added, 0 at the end
 * of the file, -1 when the read failed (s->why). */
static int fill(rg_jstream *s)
{
    if (s->eof)
        return 0;
    if (s->failed)
        return -1;
    size_t chunk = rg_jstream_chunk ? rg_jstream_chunk : 1;
    if (s->head > 0 && s->cap - s->len < chunk) {
        memmove(s->buf, s->buf + s->head, s->len - s->head);
        s->len -= s->head;
        s->head = 0;
    }
    if (s->cap - s->len < chunk) {
        size_t cap = s->cap ? s->cap * 2 : chunk;
        while (cap - s->len < chunk)
            cap *= 2;
        char *b = rg_realloc(s->buf, cap + 1);
        if (!b) {
            s->failed = 1;
            snprintf(s->why, sizeof(s->why), "out of memory reading the file");
            return -1;
        }
        s->buf = b;
        s->cap = cap;
        if (cap > s->high)
            s->high = cap;
    }
    ssize_t r = s->read ? s->read(s->read_ctx, &s->z, s->buf + s->len, chunk)
                        : rg_zfile_read(&s->z, s->buf + s->len, chunk);
    if (r > 0) {
        s->len += (size_t)r;
        return 1;
    }
    if (r == RG_Z_EOF) {
        s->eof = 1;
        return 0;
    }
    s->failed = 1;
    if (r == RG_Z_DATA)
        snprintf(s->why, sizeof(s->why), "%s", s->z.why);
    else
        snprintf(s->why, sizeof(s->why), "cannot read: %s", strerror(errno));
    return -1;
}

/* Byte head+i, reading as needed: 0..255, -1 at the end, -2 on a failed read. */
static int byte_at(rg_jstream *s, size_t i)
{
    while (s->head + i >= s->len) {
        int r = fill(s);
        if (r <= 0)
            return r == 0 ? -1 : -2;
    }
    return (unsigned char)s->buf[s->head + i];
}

void rg_jstream_consume(rg_jstream *s, size_t n)
{
    const unsigned char *b = (const unsigned char *)s->buf + s->head;
    long line = s->line, col = s->col;
    for (size_t i = 0; i < n; i++) {
        if (b[i] == '\n') {
            line++;
            col = 1;
        } else if ((b[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    s->line = line;
    s->col = col;
    s->head += n;
    s->off += n;
}

int rg_jstream_peek(rg_jstream *s)
{
    if (s->off == 0 && byte_at(s, 0) == 0xEF && byte_at(s, 1) == 0xBB && byte_at(s, 2) == 0xBF) {
        s->head += 3; /* the BOM is no character a person sees: no column */
        s->off += 3;
    }
    for (;;) {
        int c = byte_at(s, 0);
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c;
        rg_jstream_consume(s, 1);
    }
}

int rg_jstream_scan(rg_jstream *s, size_t max, size_t *n)
{
    int c = byte_at(s, 0);
    if (c < 0) {
        *n = 0;
        return c == -1 ? -1 : -2;
    }
    size_t i = 0;
    if (c != '[' && c != '{' && c != '"') {
        /* A number or literal: up to the next delimiter. */
        for (;;) {
            c = byte_at(s, i);
            if (c == -2)
                return -2;
            if (c == -1 || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' ||
                c == ']' || c == '}' || c == ':' || (i > 0 && (c == '[' || c == '{' || c == '"')))
                break;
            i++;
            if (max && i > max) {
                *n = i;
                return 0;
            }
        }
        *n = i > 0 ? i : 1; /* a lone delimiter is one bad byte: jansson says so */
        return 1;
    }
    size_t depth = 0;
    int in_str = 0;
    for (;;) {
        /* Whole buffered runs at a time: only the bytes that matter stop the loop. */
        if (s->head + i >= s->len) {
            int r = fill(s);
            if (r < 0)
                return -2;
            if (r == 0) {
                *n = s->len - s->head;
                return -1;
            }
        }
        const char *b = s->buf + s->head;
        size_t end = s->len - s->head;
        if (max && end > max + 1)
            end = max + 1; /* over the limit is all a caller with one needs to know */
        for (; i < end; i++) {
            char ch = b[i];
            if (in_str) {
                if (ch == '\\') {
                    if (i + 1 >= end) {
                        /* the escaped byte is in the next chunk, or past
                         * max: then the value is longer than max (waiting
                         * for more bytes there looped for ever on a file
                         * with a backslash at byte max of a document) */
                        if (end < s->len - s->head)
                            i = end;
                        break;
                    }
                    i++;
                } else if (ch == '"') {
                    in_str = 0;
                    if (depth == 0) {
                        *n = i + 1;
                        return 1;
                    }
                }
            } else if (ch == '"') {
                in_str = 1;
            } else if (ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ']' || ch == '}') {
                if (depth <= 1) {
                    *n = i + 1;
                    return 1;
                }
                depth--;
            }
        }
        if (max && i > max) {
            *n = i;
            return 0;
        }
        if (i < end && s->head + i + 1 >= s->len) { /* a backslash ends the buffer */
            int r = fill(s);
            if (r < 0)
                return -2;
            if (r == 0) {
                *n = s->len - s->head;
                return -1;
            }
        }
    }
}

/* ---- the driver ---- */

/* A key of ops->keys naming a deeper array, "chats.list[].messages": the
 * objects and arrays of objects on the way (seg[0..n-1)) and the array
 * streamed (seg[n-1]). A segment after the first may name alternatives,
 * "scopeLogs|instrumentationLibraryLogs": in each object the first of them
 * that is written is the path, as an importer reading the whole tree takes
 * the first it finds (OTLP's newer name before its older one); the others
 * are walked for their errors alone. */
#define RG_PATH_SEGS 8
#define RG_PATH_ALTS 4
_Static_assert(RG_PATH_SEGS - 1 <= RG_JSONDOCS_OUTER, "d->outer holds a path's outer objects");
typedef struct pathkey {
    const char *key;
    const char *seg[RG_PATH_SEGS][RG_PATH_ALTS]; /* into key, not terminated: len */
    size_t len[RG_PATH_SEGS][RG_PATH_ALTS];
    size_t nalt[RG_PATH_SEGS];  /* 1 but where a segment names alternatives */
    int arr[RG_PATH_SEGS];      /* "list[]": an array whose objects are the next level */
    char *prefix[RG_PATH_SEGS]; /* owned: the key up to seg[i] ("chats.list[]"), for an
                                   element handed whole at level i */
    size_t n;
} pathkey;

#define RG_PATH_KEYS 4

/* A path key met in the file before a key that comes first in ops->keys
 * (an account whose "left_chats" precede its "chats"): walked in the file's
 * order for its errors and NULs without a word to the importer, then read
 * again from off by a pass of its own once the keys before it are read, so
 * the importer gets the records in the order of ops->keys, as a whole read
 * gives them. */
typedef struct deferred {
    const pathkey *pk;
    uint64_t off; /* the value's first byte ('[' or '{') */
    size_t occ_i; /* v->occ's index at it */
} deferred;

/* What the plan saw of one object on a path, in the order the main pass
 * meets them (each object where the walk enters it, before those inside). */
typedef struct occ {
    size_t times; /* how often the path's next segment is named (the last is read);
                     0: never, or the plan did not get here */
    int alt;      /* which of its alternatives the whole read takes: the first
                     written (-1: none, or not known) */
    json_t *late; /* owned: with ops->late, the members written after the last
                     naming of the path (NULL: none) */
} occ;

typedef struct drv {
    rg_jsondocs *d;
    rg_jstream s;
    const rg_jsondocs_ops *ops;
    void *ctx;
    pathkey pk[RG_PATH_KEYS];
    size_t npk;
    int have_late;              /* the plan's late members are known (ops->late, and the plan read
                                   the file to its end): env takes them from occ[].late */
    size_t depth;               /* rg_jsondocs_frame: the arrays and objects open around the
                                   stream's place */
    size_t nul_n;               /* NULs repaired in the records of one document */
    long nul_line, nul_col;     /* the first of them in the file */
    unsigned present;           /* the plan's: the path keys (bit i: v->pk[i]) in the file */
    size_t times[RG_PATH_KEYS]; /* the plan's: how often each path key is named */
    size_t met[RG_PATH_KEYS];   /* the main pass's: how often it met each so far */
    occ *occ;                   /* the plan's: per object on a path (owned) */
    size_t nocc, capocc;
    size_t occ_i;     /* the main pass's next */
    unsigned emitted; /* the path keys read to the importer so far */
    int quiet;        /* parse for errors and NULs, hand nothing to ops */
    int nocount;      /* a second read of bytes whose NULs were counted */
    deferred defer[RG_PATH_KEYS];
    size_t ndefer;
} drv;

/* A record's or member's NULs (d->repair_nul), text[0..n) at line:col of the
 * file, repaired and counted: the records of one document are one warning,
 * "nul", at the first in the file (a side pass meets some out of order), as
 * the whole read gives it. Returns 0, or -1 when out of memory. */
static int repair_nul(drv *v, json_t *j, const char *text, size_t n, long line, long col)
{
    size_t k;
    if (!v->d->repair_nul)
        return 0;
    if (rg_json_repair_nul_count(j, &k) != 0)
        return rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
    if (!k || v->nocount)
        return 0;
    long l, c;
    rg_line_col(text, n, rg_json_first_nul(text, 0, n), &l, &c);
    if (l == 1)
        c += col - 1;
    l += line - 1;
    if (!v->nul_n || l < v->nul_line || (l == v->nul_line && c < v->nul_col)) {
        v->nul_line = l;
        v->nul_col = c;
    }
    v->nul_n += k;
    return 0;
}

/* Puts the value buf[head..head+n) in d as the text messages are located in. */
static void window(drv *v, size_t n)
{
    rg_jsondocs *d = v->d;
    d->text = v->s.buf + v->s.head;
    d->len = n;
    d->line0 = v->s.line;
    d->col0 = v->s.col;
    d->loc = (rg_locator){d->text, n, 0, 1};
}

static void unwindow(drv *v)
{
    v->d->text = NULL;
    v->d->len = 0;
    v->d->line0 = v->d->col0 = 0;
    v->d->loc = (rg_locator){NULL, 0, 0, 1};
}

/* The error at the stream's place: "path:line:col: msg". */
static int error_here(drv *v, const char *msg)
{
    return rg_diag_error(v->d->diag, v->d->path, v->s.line, v->s.col, "%s", msg);
}

/* A syntax error at the stream's place, in the words the whole-document
 * reader (rg_json_parse) gives for it: jansson reads prefix (what puts it in
 * the state the stream is in here: "{" before a member name) and the bytes
 * buffered from here on, and its message is located back in the file.
 * fallback when jansson finds no error there. */
static int syntax_error(drv *v, const char *prefix, const char *fallback)
{
    (void)byte_at(&v->s, 255); /* a token's worth buffered, or the file's end */
    size_t pn = strlen(prefix), n = v->s.len - v->s.head;
    if (n > 4096)
        n = 4096;
    char *tmp = rg_malloc(pn + n + 1);
    if (!tmp)
        return error_here(v, fallback);
    memcpy(tmp, prefix, pn);
    memcpy(tmp + pn, v->s.buf + v->s.head, n);
    tmp[pn + n] = '\0';
    parsed(pn + n);
    rg_diag scratch;
    rg_diag_init(&scratch);
    json_t *j = rg_json_parse("-", tmp, pn + n, v->d->flags | JSON_ALLOW_NUL, &scratch);
    long line = 0, col = 0;
    int used = 0;
    int rc;
    if (!j && sscanf(scratch.error, "-:%ld:%ld: %n", &line, &col, &used) >= 2 && used > 0 &&
        (line > 1 || col > (long)pn)) {
        rg_jsondocs tmpd = {.line0 = v->s.line, .col0 = v->s.col - (long)pn};
        rg_jsondocs_fix(&tmpd, &line, &col);
        rc = rg_diag_error(v->d->diag, v->d->path, line, col, "%s", scratch.error + used);
    } else {
        rc = error_here(v, fallback);
    }
    json_decref(j);
    rg_diag_free(&scratch);
    rg_free(tmp);
    return rc;
}

static int read_failed(drv *v)
{
    return rg_diag_error(v->d->diag, v->d->path, 0, 0, "%s", v->s.why);
}

/* Parses buf[head..head+n) (NUL-terminated for the call); on failure, the
 * error rg_json_parse gives for it, located in the file. */
static json_t *parse_value(drv *v, size_t n, size_t flags)
{
    char *p = v->s.buf + v->s.head;
    char save = p[n];
    p[n] = '\0';
    parsed(n);
    json_error_t err;
    json_t *j = rg_json_loadb(p, n, flags | JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
    if (!j) {
        rg_diag scratch;
        rg_diag_init(&scratch);
        json_t *again =
            rg_json_parse("-", p, n, flags | JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &scratch);
        if (again) {
            /* rg_json_parse skips a BOM, which inside a document is jansson's
             * error: that one, located in the value */
            json_decref(again);
            rg_diag_error(&scratch, "-", err.line > 0 ? err.line : 1,
                          err.column > 0 ? err.column : 1, "%s", err.text);
        }
        long line = 0, col = 0;
        int used = 0;
        const char *msg = scratch.error;
        if (sscanf(scratch.error, "-:%ld:%ld: %n", &line, &col, &used) >= 2 && used > 0) {
            msg += used;
            rg_jsondocs tmp = {.line0 = v->s.line, .col0 = v->s.col};
            rg_jsondocs_fix(&tmp, &line, &col);
        } else if (strncmp(msg, "-: ", 3) == 0) {
            msg += 3;
            line = v->s.line;
            col = v->s.col;
        }
        rg_diag_error(v->d->diag, v->d->path, line, col, "%s", msg[0] ? msg : err.text);
        rg_diag_free(&scratch);
    }
    p[n] = save;
    return j;
}

/* Hands the parsed value j of buf[head..head+n) to the importer, with the
 * locator's window on its text and the text NUL-terminated for the call:
 * to ops->document when it is a whole document (key and env unused), else to
 * ops->element as an element of the streamed array. */
static int hand(drv *v, json_t *j, size_t n, int is_element, const char *key, const json_t *env)
{
    rg_jsondocs *d = v->d;
    window(v, n);
    char *p = v->s.buf + v->s.head;
    char save = p[n];
    p[n] = '\0';
    int rc = 0;
    if (is_element ? repair_nul(v, j, p, n, d->line0, d->col0) != 0
                   : d->repair_nul && rg_json_repair_nul_at(j, d->path, p, 0, n, d->line0, d->col0,
                                                            d->diag) != 0)
        rc = -1;
    if (rc == 0 && !(is_element && v->quiet))
        rc = (is_element ? v->ops->element(v->ctx, key, env, j, 0, n)
                         : v->ops->document(v->ctx, j, 0, n)) != 0
                 ? -1
                 : 0;
    p[n] = save;
    unwindow(v);
    return rc;
}

/* A whole document at buf[head..head+n), parsed: handed to ops->document. */
static int whole(drv *v, json_t *doc, size_t n)
{
    return hand(v, doc, n, 0, NULL, NULL);
}

/* Several documents one after another, from the stream's place on (the first
 * one, already known to parse, among them): rg_jsondocs_read's loop, one
 * document in memory at a time. */
static int several(drv *v)
{
    rg_jsondocs *d = v->d;
    d->stream = 1;
    for (;;) {
        int c = rg_jstream_peek(&v->s);
        if (c == -1)
            return 0;
        if (c == -2)
            return read_failed(v);
        size_t n;
        int r = rg_jstream_scan(&v->s, 0, &n);
        if (r == -2)
            return read_failed(v);
        char *p = v->s.buf + v->s.head;
        char save = p[n];
        p[n] = '\0';
        parsed(n);
        json_error_t err;
        json_t *doc =
            rg_json_loadb(p, n, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
        p[n] = save;
        if (doc && !json_is_object(doc) && !json_is_array(doc)) {
            /* a bare scalar: rg_jsondocs_read's json_loadb (no DECODE_ANY) rejects it */
            json_decref(doc);
            doc = rg_json_loadb(p, n, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
        }
        if (doc) {
            int rc = whole(v, doc, n);
            json_decref(doc);
            if (rc != 0)
                return -1;
            rg_jstream_consume(&v->s, n);
            continue;
        }
        if (json_error_code(&err) == json_error_out_of_memory)
            return rg_diag_error(d->diag, d->path, 0, 0, "out of memory");
        size_t bad = err.position > 0 ? (size_t)err.position - 1 : 0;
        if (bad > n)
            bad = n;
        long start = v->s.line;
        window(v, n);
        rg_jsondocs_warn(d, bad, "bad-json",
                         "the document that starts on line %ld is not valid JSON (%s); skipped",
                         start, err.text);
        unwindow(v);
        /* Resume at the next line that opens with '{' or '['. */
        for (;;) {
            int b = byte_at(&v->s, 0);
            if (b == -2)
                return read_failed(v);
            if (b == -1)
                return 0;
            int nl = b == '\n';
            int next = nl ? byte_at(&v->s, 1) : 0;
            if (next == -2)
                return read_failed(v);
            rg_jstream_consume(&v->s, 1);
            if (nl && (next == '{' || next == '['))
                break;
        }
    }
}

/* ends: the error for a file that ends inside the array or object (what)
 * that opens at line:col. */
static void not_closed(char *ends, size_t size, const char *what, long line, long col)
{
    snprintf(ends, size,
             "unexpected end of file (truncated?): the %s that opens at line %ld, column %ld "
             "is not closed",
             what, line, col);
}

/* The array element at buf[head] parsed, handed to ops->element under key
 * (with env) and consumed. Returns 0 or -1. */
static int one_element(drv *v, const char *key, const json_t *env, const char *ends)
{
    size_t n;
    int r = rg_jstream_scan(&v->s, 0, &n);
    if (r == -2)
        return read_failed(v);
    json_t *e = parse_value(v, n, v->d->flags);
    if (!e)
        return -1;
    if (r == -1) { /* jansson took a cut value: cannot be, but never read past it */
        json_decref(e);
        rg_jstream_consume(&v->s, n);
        return error_here(v, ends);
    }
    int rc = hand(v, e, n, 1, key, env);
    json_decref(e);
    if (rc != 0)
        return -1;
    rg_jstream_consume(&v->s, n);
    return 0;
}

/* What follows an array element: 1 when the array closes (']' consumed), 0
 * when another element follows (',' consumed), -1 on an error. */
static int after_element(drv *v, const char *ends)
{
    int c = rg_jstream_peek(&v->s);
    if (c == ']') {
        rg_jstream_consume(&v->s, 1);
        return 1;
    }
    if (c == -1)
        return error_here(v, ends);
    if (c == -2)
        return read_failed(v);
    if (c != ',')
        return syntax_error(v, "[0 ", "invalid JSON: expected ',' or ']' after an array element");
    rg_jstream_consume(&v->s, 1);
    if (rg_jstream_peek(&v->s) == ']')
        return syntax_error(v, "[0,", "invalid JSON: a value is expected after ','");
    return 0;
}

/* The elements of the array whose '[' was just consumed, to ops->element.
 * Returns 0 with *count, or -1. */
static int elements(drv *v, const char *key, const json_t *env, size_t *count)
{
    long oline = v->s.line, ocol = v->s.col - 1;
    char ends[160];
    not_closed(ends, sizeof(ends), "array", oline, ocol);
    *count = 0;
    int c = rg_jstream_peek(&v->s);
    if (c == ']') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    for (;;) {
        if (c == -1)
            return error_here(v, ends);
        if (c == -2)
            return read_failed(v);
        if (one_element(v, key, env, ends) != 0)
            return -1;
        (*count)++;
        int r = after_element(v, ends);
        if (r != 0)
            return r < 0 ? -1 : 0;
        c = rg_jstream_peek(&v->s);
    }
}

/* The value buf[head..head+n) of s parsed (NULL: not JSON, or out of memory
 * when *oom). */
static json_t *load(rg_jstream *s, size_t n, size_t flags, int *oom)
{
    char *p = s->buf + s->head;
    char save = p[n];
    p[n] = '\0';
    parsed(n);
    json_error_t err;
    json_t *j = rg_json_loadb(p, n, flags | JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
    p[n] = save;
    *oom = !j && json_error_code(&err) == json_error_out_of_memory;
    return j;
}

/* Past the elements of the array whose '[' was just consumed, each scanned
 * alone and none parsed. Returns 0 after its ']', -1 when it is not read to
 * its end. */
static int skip_elements(rg_jstream *s)
{
    int c = rg_jstream_peek(s);
    if (c == ']') {
        rg_jstream_consume(s, 1);
        return 0;
    }
    for (;;) {
        size_t n;
        if (c < 0 || c == ',' || c == ']' || rg_jstream_scan(s, 0, &n) != 1)
            return -1;
        rg_jstream_consume(s, n);
        c = rg_jstream_peek(s);
        if (c == ']') {
            rg_jstream_consume(s, 1);
            return 0;
        }
        if (c != ',')
            return -1;
        rg_jstream_consume(s, 1);
        c = rg_jstream_peek(s);
    }
}

static int is_key(const rg_jsondocs_ops *ops, const char *k)
{
    for (size_t i = 0; ops->keys && ops->keys[i]; i++)
        if (!strchr(ops->keys[i], '.') && strcmp(ops->keys[i], k) == 0)
            return 1;
    return 0;
}

/* Past the value at the stream's place without keeping it: bytes are
 * consumed as they are scanned, so a member a pass has no use for (an
 * account's left chats, while its chats are planned) costs no memory.
 * Returns 0, or -1 when the file ends in it or a read fails. */
static int skip_value(rg_jstream *s)
{
    int c = byte_at(s, 0);
    if (c < 0)
        return -1;
    if (c != '[' && c != '{' && c != '"') {
        size_t n;
        if (rg_jstream_scan(s, 0, &n) != 1)
            return -1;
        rg_jstream_consume(s, n);
        return 0;
    }
    size_t depth = 0;
    int in_str = 0;
    for (;;) {
        if (s->head >= s->len && fill(s) <= 0)
            return -1;
        const char *b = s->buf + s->head;
        size_t end = s->len - s->head, i;
        for (i = 0; i < end; i++) {
            char ch = b[i];
            if (in_str) {
                if (ch == '\\') {
                    if (i + 1 >= end)
                        break; /* the escaped byte is in the next read */
                    i++;
                } else if (ch == '"') {
                    in_str = 0;
                    if (depth == 0) {
                        rg_jstream_consume(s, i + 1);
                        return 0;
                    }
                }
            } else if (ch == '"') {
                in_str = 1;
            } else if (ch == '[' || ch == '{') {
                depth++;
            } else if (ch == ']' || ch == '}') {
                if (depth <= 1) {
                    rg_jstream_consume(s, i + 1);
                    return 0;
                }
                depth--;
            }
        }
        rg_jstream_consume(s, i);
        if (i < end && fill(s) <= 0) /* a backslash left alone: its byte */
            return -1;
    }
}

/* In a side pass (no errors reported): after an object's member, the
 * separator. Returns the next byte to read (the '"' of a name, or '}') with
 * the ',' consumed, or -1 when the object does not go on as JSON. */
static int side_after_member(rg_jstream *s)
{
    int c = rg_jstream_peek(s);
    if (c == ',') {
        rg_jstream_consume(s, 1);
        return rg_jstream_peek(s);
    }
    return c == '}' ? c : -1;
}

/* Which alternative of segment i of p the name k is, or -1. */
static int seg_alt(const pathkey *p, size_t i, const char *k, size_t klen)
{
    if (i >= p->n)
        return -1;
    for (size_t a = 0; a < p->nalt[i]; a++)
        if (p->len[i][a] == klen && memcmp(p->seg[i][a], k, klen) == 0)
            return (int)a;
    return -1;
}

/* The path key whose segment i is k, whatever its value (pk: that key
 * only), or NULL, with *alt (when not NULL) the alternative it names: a
 * name written twice counts each time, as the whole read takes the last
 * value. */
static const pathkey *path_name_alt(const drv *v, const char *k, size_t klen, size_t i,
                                    const pathkey *pk, int *alt)
{
    for (size_t j = 0; j < v->npk; j++) {
        const pathkey *p = pk ? pk : &v->pk[j];
        int a = seg_alt(p, i, k, klen);
        if (a >= 0) {
            if (alt)
                *alt = a;
            return p;
        }
        if (pk)
            break;
    }
    return NULL;
}

static const pathkey *path_name(const drv *v, const char *k, size_t klen, size_t i,
                                const pathkey *pk)
{
    return path_name_alt(v, k, klen, i, pk, NULL);
}

/* The path key whose segment i is k with a value opening with c (a '{' or,
 * for "list[]" or the streamed array itself, a '['), or NULL. */
static const pathkey *path_at(const drv *v, const char *k, size_t klen, size_t i, const pathkey *pk,
                              int c)
{
    for (size_t j = 0; j < v->npk; j++) {
        const pathkey *p = pk ? pk : &v->pk[j];
        if (seg_alt(p, i, k, klen) >= 0 && c == (i + 1 == p->n || p->arr[i] ? '[' : '{'))
            return p;
        if (pk)
            break;
    }
    return NULL;
}

/* What the plan noted of the next object on a path the main pass enters
 * (NULL: nothing, the plan did not get so far). */
static const occ *occ_next(drv *v)
{
    return v->occ_i < v->nocc ? &v->occ[v->occ_i++] : NULL;
}

/* A new slot for an object the plan enters: *slot its index (the array may
 * move while the objects inside are planned). 0, or -1 when out of memory. */
static int occ_add(drv *v, size_t *slot)
{
    if (v->nocc == v->capocc) {
        size_t cap = v->capocc ? 2 * v->capocc : 16;
        occ *o = rg_realloc(v->occ, cap * sizeof(*o));
        if (!o)
            return -1;
        v->occ = o;
        v->capocc = cap;
    }
    *slot = v->nocc++;
    v->occ[*slot] = (occ){0, -1, NULL};
    return 0;
}

static void occ_free(drv *v)
{
    for (size_t i = 0; i < v->nocc; i++)
        json_decref(v->occ[i].late);
    rg_free(v->occ);
    v->occ = NULL;
    v->nocc = v->capocc = 0;
}

/* ---- side passes: a second stream over the file, parsing only names ---- */

/* Opens s on v's file for a side pass, read through v's hook when it has one
 * (told so by n 1: rg_jstream_read_fn). 0, or -1 when it cannot be opened
 * (s closed; the main pass reads the file and says why). */
static int side_open(const drv *v, rg_jstream *s)
{
    if (rg_jstream_open(s, v->d->path) != 0) {
        rg_jstream_close(s);
        return -1;
    }
    if (v->s.read) {
        s->read = v->s.read;
        s->read_ctx = v->s.read_ctx;
        s->read(s->read_ctx, &s->z, NULL, 1);
    }
    return 0;
}

/* Closes s, its buffer's largest size kept in rg_jsondocs_last_high. */
static void close_noting_high(rg_jstream *s)
{
    if (s->high > rg_jsondocs_last_high)
        rg_jsondocs_last_high = s->high;
    rg_jstream_close(s);
}

/* A member name at s's place, whose first byte is c, and its ':', consumed.
 * Returns 0 with *k the name (owned), or -1 with *k NULL when the file is not
 * read so far (the main pass says why; *oom set when memory ran out). */
static int side_name(rg_jstream *s, int c, json_t **k, int *oom)
{
    size_t n;
    *k = NULL;
    if (c != '"' || rg_jstream_scan(s, 0, &n) != 1)
        return -1;
    json_t *j = load(s, n, JSON_ALLOW_NUL, oom);
    if (json_is_string(j)) {
        rg_jstream_consume(s, n);
        if (rg_jstream_peek(s) == ':') {
            rg_jstream_consume(s, 1);
            *k = j;
            return 0;
        }
    }
    json_decref(j);
    return -1;
}

/* ---- the plan: a first pass over a file with path keys ---- */

static int plan_array(drv *v, rg_jstream *s, const pathkey *pk, size_t i);

/* The object at level i (>= 1) of pk whose '{' was just consumed, noted in
 * a slot of v->occ: how often each alternative of the path's next segment is
 * named, which the whole read takes, and (ops->late) the members after its
 * last naming. Returns 0, -1 when the file is not read to the object's end
 * (the main pass says why), -2 when out of memory. */
static int plan_object(drv *v, rg_jstream *s, const pathkey *pk, size_t i)
{
    rg_jsondocs *d = v->d;
    json_t *mine[RG_PATH_ALTS] = {NULL}, *k = NULL;
    size_t times[RG_PATH_ALTS] = {0}, slot;
    int oom = 0, rc = -1;
    if (occ_add(v, &slot) != 0)
        return -2;
    int c = rg_jstream_peek(s);
    if (c == '}') {
        rg_jstream_consume(s, 1);
        return 0;
    }
    for (;;) {
        size_t n;
        if (side_name(s, c, &k, &oom) != 0)
            goto out;
        c = rg_jstream_peek(s);
        const char *ks = json_string_value(k);
        int a = -1, later = 0;
        for (size_t x = 0; x < RG_PATH_ALTS; x++)
            later |= mine[x] != NULL;
        if (path_name_alt(v, ks, json_string_length(k), i, pk, &a)) {
            /* each time it is named: the members after the last are late */
            times[a]++;
            json_decref(mine[a]);
            mine[a] = NULL;
            if (path_at(v, ks, json_string_length(k), i, pk, c)) {
                rg_jstream_consume(s, 1);
                int r = i + 1 == pk->n ? skip_elements(s)
                        : pk->arr[i]   ? plan_array(v, s, pk, i + 1)
                                       : plan_object(v, s, pk, i + 1);
                if (r != 0) {
                    oom = r == -2;
                    goto out;
                }
                if (v->ops->late && !(mine[a] = json_object())) {
                    oom = 1;
                    goto out;
                }
            } else if (skip_value(s) != 0) {
                goto out;
            }
        } else if (later) {
            if (c < 0 || rg_jstream_scan(s, 0, &n) != 1)
                goto out;
            json_t *m = load(s, n, d->flags | JSON_ALLOW_NUL, &oom);
            if (!m)
                goto out;
            /* repaired for the importer; the main pass counts them */
            v->nocount++;
            int bad = repair_nul(v, m, s->buf + s->head, n, s->line, s->col);
            v->nocount--;
            for (size_t x = 0; !bad && x < RG_PATH_ALTS; x++)
                if (mine[x] && json_object_set(mine[x], ks, m) != 0)
                    oom = 1;
            json_decref(m);
            if (bad != 0) { /* the error is said */
                rc = -2;
                goto out;
            }
            if (oom)
                goto out;
            rg_jstream_consume(s, n);
        } else if (skip_value(s) != 0) {
            goto out;
        }
        json_decref(k);
        k = NULL;
        c = rg_jstream_peek(s);
        if (c == '}') {
            rg_jstream_consume(s, 1);
            break;
        }
        if (c != ',')
            goto out;
        rg_jstream_consume(s, 1);
        c = rg_jstream_peek(s);
    }
    rc = 0;
    occ *o = &v->occ[slot];
    for (size_t x = 0; x < pk->nalt[i] && o->alt < 0; x++)
        if (times[x]) {
            o->alt = (int)x;
            o->times = times[x];
            if (mine[x] && json_object_size(mine[x]) > 0) {
                o->late = mine[x];
                mine[x] = NULL;
            }
        }
out:
    json_decref(k);
    for (size_t x = 0; x < RG_PATH_ALTS; x++)
        json_decref(mine[x]);
    return oom ? -2 : rc;
}

/* The array of objects at level i of pk whose '[' was just consumed. */
static int plan_array(drv *v, rg_jstream *s, const pathkey *pk, size_t i)
{
    int c = rg_jstream_peek(s);
    if (c == ']') {
        rg_jstream_consume(s, 1);
        return 0;
    }
    for (;;) {
        if (c == '{') {
            rg_jstream_consume(s, 1);
            int r = plan_object(v, s, pk, i);
            if (r != 0)
                return r;
        } else if (c < 0 || c == ',' || c == ']' || skip_value(s) != 0) {
            return -1;
        }
        c = rg_jstream_peek(s);
        if (c == ']') {
            rg_jstream_consume(s, 1);
            return 0;
        }
        if (c != ',')
            return -1;
        rg_jstream_consume(s, 1);
        c = rg_jstream_peek(s);
    }
}

/* Splits the keys of ops->keys with a '.' into v->pk. Returns 0, -1 when out
 * of memory. */
static int path_keys(drv *v)
{
    for (size_t i = 0; v->ops->keys && v->ops->keys[i] && v->npk < RG_PATH_KEYS; i++) {
        const char *key = v->ops->keys[i];
        if (!strchr(key, '.'))
            continue;
        pathkey *p = &v->pk[v->npk++];
        p->key = key;
        for (const char *q = key; *q && p->n < RG_PATH_SEGS;) {
            const char *dot = strchr(q, '.');
            size_t len = dot ? (size_t)(dot - q) : strlen(q);
            p->arr[p->n] = len > 2 && memcmp(q + len - 2, "[]", 2) == 0;
            size_t names = p->arr[p->n] ? len - 2 : len, a = 0;
            /* alternatives after the first segment only: the top-level
             * object's are ops->keys themselves */
            for (const char *x = q; p->n > 0 && a + 1 < RG_PATH_ALTS;) {
                const char *bar = memchr(x, '|', names - (size_t)(x - q));
                if (!bar)
                    break;
                p->seg[p->n][a] = x;
                p->len[p->n][a++] = (size_t)(bar - x);
                x = bar + 1;
            }
            p->seg[p->n][a] = a ? p->seg[p->n][a - 1] + p->len[p->n][a - 1] + 1 : q;
            p->len[p->n][a] = names - (size_t)(p->seg[p->n][a] - q);
            p->nalt[p->n] = a + 1;
            p->prefix[p->n] = rg_strndup(key, (size_t)(q + len - key));
            if (!p->prefix[p->n])
                return -1;
            p->n++;
            q += len + (dot != NULL);
        }
    }
    return 0;
}

/* The plan of a top-level object with path keys (ops->keys), by a pass over
 * the file that parses nothing but what ops->late asks for: whether the
 * paths are streamed (1: no plain key of ops->keys holds an array, as a chat
 * export's "messages" wins over an account's "chats", and no path comes in
 * the file twice) or the object is read as before (0); -1 when out of
 * memory. v->present: the paths in the file (a path met before one that
 * comes first in ops->keys is deferred by the main pass: struct deferred).
 * v->occ: each object on a path (struct occ), with ops->late its members
 * written after the path (kept only when the file is read to its end:
 * v->have_late; else the main pass says why it is not). */
static int plan(drv *v)
{
    rg_jsondocs *d = v->d;
    rg_jstream s;
    if (side_open(v, &s) != 0)
        return 0;
    occ_free(v);
    int rc = 0, plain = 0, all = 0;
    unsigned bad_last = 0; /* bit i: path i last named with a value not on the path */
    json_t *k = NULL;
    v->present = 0;
    if (rg_jstream_peek(&s) != '{')
        goto out;
    rg_jstream_consume(&s, 1);
    int c = rg_jstream_peek(&s);
    for (;;) {
        int oom = 0;
        if (c == '}') {
            all = 1;
            break;
        }
        if (side_name(&s, c, &k, &oom) != 0) {
            rc = oom ? -1 : 0;
            goto out;
        }
        c = rg_jstream_peek(&s);
        const pathkey *pk = path_at(v, json_string_value(k), json_string_length(k), 0, NULL, c);
        const pathkey *named = path_name(v, json_string_value(k), json_string_length(k), 0, NULL);
        if (c == '[' && is_key(v->ops, json_string_value(k)))
            plain = 1;
        if (named) { /* named twice: the whole read takes the last */
            unsigned bit = 1u << (named - v->pk);
            v->times[named - v->pk]++;
            bad_last = pk ? bad_last & ~bit : bad_last | bit;
        }
        if (pk) {
            v->present |= 1u << (pk - v->pk);
            rg_jstream_consume(&s, 1);
            int r = pk->n == 1   ? skip_elements(&s)
                    : pk->arr[0] ? plan_array(v, &s, pk, 1)
                                 : plan_object(v, &s, pk, 1);
            if (r == -2) {
                rc = -1;
                goto out;
            }
            if (r != 0)
                goto out;
        } else if (skip_value(&s) != 0) {
            goto out;
        }
        json_decref(k);
        k = NULL;
        if ((c = side_after_member(&s)) < 0)
            goto out;
    }
out:
    if (rc < 0)
        rg_diag_error(d->diag, d->path, 0, 0, "out of memory");
    else
        rc = !plain && !bad_last && v->present != 0;
    if (!all) /* cut or malformed: any path may be further on, so each one
                 met waits for those before it (the main pass stops first) */
        v->present = (1u << v->npk) - 1;
    v->have_late = all && v->ops->late;
    for (size_t i = 0; !v->have_late && i < v->nocc; i++) {
        json_decref(v->occ[i].late);
        v->occ[i].late = NULL;
    }
    json_decref(k);
    close_noting_high(&s);
    return rc;
}

/* ops->late: the members of the top-level object written after the array
 * object() is about to stream, parsed into env with their places, by a pass
 * over the file of its own that only scans the array. The members before it
 * are skipped (env has them). What this pass cannot read it leaves to the
 * main one, which says where (the same bytes, the same words): *all is then
 * 0, and env holds what came before the fault. *times: how often the
 * array's name is written in the object (more than once: the whole read
 * takes the last, and so does object(); the members after the first are all
 * in env, those between the main pass sets again). Their NULs are repaired
 * for the importer and counted by the main pass, which parses them again.
 * Returns 0, or -1 when out of memory (error in diag). */
static int late_members(drv *v, json_t *env, json_t *places, int *all, size_t *times)
{
    rg_jsondocs *d = v->d;
    rg_jstream s;
    *all = 0;
    *times = 1;
    if (side_open(v, &s) != 0)
        return 0;
    int rc = 0, after = 0, oom = 0;
    json_t *k = NULL, *first = NULL;
    if (rg_jstream_peek(&s) != '{')
        goto out;
    rg_jstream_consume(&s, 1);
    int c = rg_jstream_peek(&s);
    if (c == '}')
        goto out; /* cannot be: the main pass found an array */
    for (;;) {
        size_t n;
        if (side_name(&s, c, &k, &oom) != 0)
            goto out;
        c = rg_jstream_peek(&s);
        if (!after && c == '[' && is_key(v->ops, json_string_value(k))) {
            rg_jstream_consume(&s, 1);
            if (skip_elements(&s) != 0)
                goto out;
            after = 1;
            first = json_incref(k);
        } else if (after && json_equal(k, first)) { /* named again */
            ++*times;
            if (skip_value(&s) != 0)
                goto out;
        } else if (v->npk && path_at(v, json_string_value(k), json_string_length(k), 0, NULL, c)) {
            /* on a path (a chat export's "chats"): the main pass walks it,
             * and env does not keep it */
            if (skip_value(&s) != 0)
                goto out;
        } else {
            if (c < 0 || rg_jstream_scan(&s, 0, &n) != 1)
                goto out;
            if (after) {
                json_t *m = load(&s, n, d->flags | JSON_ALLOW_NUL, &oom);
                if (!m)
                    goto out;
                v->nocount++;
                int bad = repair_nul(v, m, s.buf + s.head, n, s.line, s.col);
                v->nocount--;
                if (bad != 0) {
                    json_decref(m); /* the error is said */
                    rc = -1;
                    goto out;
                }
                if (json_object_set_new(env, json_string_value(k), m) != 0 ||
                    json_object_set_new(places, json_string_value(k),
                                        json_pack("[II]", (json_int_t)s.line, (json_int_t)s.col)) !=
                        0) {
                    oom = 1;
                    goto out;
                }
            }
            rg_jstream_consume(&s, n);
        }
        json_decref(k);
        k = NULL;
        c = rg_jstream_peek(&s);
        if (c == '}') {
            *all = 1;
            break;
        }
        if (c != ',')
            goto out;
        rg_jstream_consume(&s, 1);
        c = rg_jstream_peek(&s);
    }
out:
    if (oom)
        rc = rg_diag_error(d->diag, d->path, 0, 0, "out of memory");
    json_decref(k);
    json_decref(first);
    close_noting_high(&s);
    return rc;
}

/* ---- the main pass along path keys ---- */

static int nest_array(drv *v, const pathkey *pk, size_t i);

/* A member name and its ':' at the stream's place (an object that opens at
 * `ends`' place): *key owned. Returns 0, or -1 (error in diag). */
static int member_name(drv *v, const char *ends, char **key)
{
    *key = NULL;
    int c = rg_jstream_peek(&v->s);
    if (c == -1)
        return error_here(v, ends);
    if (c == -2)
        return read_failed(v);
    if (c != '"')
        return syntax_error(v, "{", "invalid JSON: expected a member name in double quotes");
    size_t n;
    int r = rg_jstream_scan(&v->s, 0, &n);
    if (r == -1) {
        rg_jstream_consume(&v->s, n);
        return error_here(v, ends);
    }
    json_t *k = r == 1 ? parse_value(v, n, JSON_ALLOW_NUL) : NULL;
    if (!k)
        return r == -2 ? read_failed(v) : -1;
    *key = rg_strdup(json_string_value(k));
    json_decref(k);
    if (!*key)
        return rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
    rg_jstream_consume(&v->s, n);
    c = rg_jstream_peek(&v->s);
    if (c != ':') {
        rg_free(*key);
        *key = NULL;
        return c == -1
                   ? error_here(v, ends)
                   : syntax_error(v, "{\"k\"", "invalid JSON: expected ':' after a member name");
    }
    rg_jstream_consume(&v->s, 1);
    return 0;
}

/* The value of a member at the stream's place, parsed (its \u0000 repaired
 * as the whole read repairs it, when repair: not a member the plan parsed
 * and repaired already), or NULL (error in diag). */
static json_t *member_value(drv *v, const char *ends, int repair)
{
    int c = rg_jstream_peek(&v->s);
    if (c == -1) {
        error_here(v, ends);
        return NULL;
    }
    size_t n;
    int r = rg_jstream_scan(&v->s, 0, &n);
    json_t *m = r == -2 ? NULL : parse_value(v, n, v->d->flags);
    if (!m) {
        if (r == -2)
            read_failed(v);
        return NULL;
    }
    if (repair && repair_nul(v, m, v->s.buf + v->s.head, n, v->s.line, v->s.col) != 0) {
        json_decref(m);
        return NULL;
    }
    rg_jstream_consume(&v->s, n);
    return m;
}

/* After a member: its ',' (1: another member follows) or the object's '}'
 * (0), consumed; -1 on an error. */
static int member_end(drv *v, const char *ends)
{
    int c = rg_jstream_peek(&v->s);
    if (c == '}') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    if (c == -1)
        return error_here(v, ends);
    if (c == -2)
        return read_failed(v);
    if (c != ',')
        return syntax_error(v, "{\"k\":0 ", "invalid JSON: expected ',' or '}' after a member");
    rg_jstream_consume(&v->s, 1);
    return 1;
}

/* The object at level i (>= 1) of pk whose '{', at oline:ocol, was just
 * consumed. Its members are parsed one at a time and kept as env (with the
 * plan's late members, those written after the path): the innermost
 * object's for the elements of its array, then ops->done(key, env, n); an
 * object further out's in d->outer while the objects inside it are read. An
 * innermost object without that array is handed whole to ops->element under
 * the key up to its level ("chats.list[]"), as the whole read would read it.
 * Returns 0 or -1. */
static int nest_object(drv *v, const pathkey *pk, size_t i, long oline, long ocol)
{
    char ends[160];
    not_closed(ends, sizeof(ends), "object", oline, ocol);
    int inner = i + 1 == pk->n, taken = 0, rc = -1;
    size_t count = 0;
    char *key = NULL;
    json_t *env = json_object();
    if (!env)
        return rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
    /* what the plan saw here: how often the path is named (the last is read,
     * as the whole read takes it), and which of its alternatives (NULL: the
     * plan did not get here; the first met) */
    const occ *seen = occ_next(v);
    size_t times = seen ? seen->times : 0, met = 0;
    int alt = seen ? seen->alt : -1;
    int c = rg_jstream_peek(&v->s);
    int more = 1;
    if (c == '}') {
        rg_jstream_consume(&v->s, 1);
        more = 0;
    }
    while (more) {
        if (member_name(v, ends, &key) != 0)
            goto out;
        c = rg_jstream_peek(&v->s);
        int a = -1;
        int named = path_name_alt(v, key, strlen(key), i, pk, &a) != NULL;
        /* an alternative the whole read does not take, or a name written
         * again further on: walked for its errors alone */
        int dropped = named && ((alt >= 0 && a != alt) || ++met < times);
        if (dropped && path_at(v, key, strlen(key), i, pk, c)) {
            long line = v->s.line, col = v->s.col;
            size_t n;
            rg_jstream_consume(&v->s, 1);
            v->quiet++;
            v->nocount++;
            int r = inner        ? elements(v, pk->key, NULL, &n)
                    : pk->arr[i] ? nest_array(v, pk, i + 1)
                                 : nest_object(v, pk, i + 1, line, col);
            v->quiet--;
            v->nocount--;
            if (r != 0)
                goto out;
        } else if (!dropped && !taken && path_at(v, key, strlen(key), i, pk, c)) {
            taken = 1;
            long line = v->s.line, col = v->s.col;
            rg_jstream_consume(&v->s, 1);
            if (seen && seen->late && v->have_late && json_object_update(env, seen->late) != 0) {
                rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
                goto out;
            }
            int r;
            if (inner) {
                r = elements(v, pk->key, env, &count);
            } else {
                v->d->outer[i - 1] = env;
                r = pk->arr[i] ? nest_array(v, pk, i + 1) : nest_object(v, pk, i + 1, line, col);
                v->d->outer[i - 1] = NULL;
            }
            if (r != 0)
                goto out;
        } else {
            json_t *m = member_value(v, ends, !dropped);
            if (!m)
                goto out;
            /* kept (until the path: after it, the plan's copy is in env),
             * else parsed for its errors alone */
            int keep = !dropped && !(taken && v->have_late);
            if (keep && json_object_set_new(env, key, m) != 0) {
                rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
                goto out;
            } else if (!keep) {
                json_decref(m);
            }
        }
        rg_free(key);
        key = NULL;
        int e = member_end(v, ends);
        if (e < 0)
            goto out;
        more = e;
    }
    rc = 0;
    if (v->quiet) {
        /* walked for its errors: nothing said */
    } else if (inner && taken) {
        if (v->ops->done && v->ops->done(v->ctx, pk->key, env, count) != 0)
            rc = -1;
    } else if (inner) {
        rg_jsondocs *d = v->d;
        d->text = "";
        d->len = 0;
        d->line0 = oline;
        d->col0 = ocol;
        d->loc = (rg_locator){d->text, 0, 0, 1};
        rc = v->ops->element(v->ctx, pk->prefix[i - 1], NULL, env, 0, 0) != 0 ? -1 : 0;
        unwindow(v);
    }
out:
    rg_free(key);
    json_decref(env);
    return rc;
}

/* The array of objects at level i of pk whose '[' was just consumed: each
 * object walked (nest_object); an element that is no object handed whole to
 * ops->element under the key up to here ("chats.list[]"). */
static int nest_array(drv *v, const pathkey *pk, size_t i)
{
    long oline = v->s.line, ocol = v->s.col - 1;
    char ends[160];
    not_closed(ends, sizeof(ends), "array", oline, ocol);
    int c = rg_jstream_peek(&v->s);
    if (c == ']') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    for (;;) {
        if (c == -1)
            return error_here(v, ends);
        if (c == -2)
            return read_failed(v);
        if (c == '{') {
            long line = v->s.line, col = v->s.col;
            rg_jstream_consume(&v->s, 1);
            if (nest_object(v, pk, i, line, col) != 0)
                return -1;
        } else if (one_element(v, pk->prefix[i - 1], NULL, ends) != 0) {
            return -1;
        }
        int r = after_element(v, ends);
        if (r != 0)
            return r < 0 ? -1 : 0;
        c = rg_jstream_peek(&v->s);
    }
}

/* The value of path key pk at the stream's place (its '[' or '{' not yet
 * consumed) walked along the path: each element of its arrays parsed alone,
 * each other member one at a time. Returns 0 or -1. */
static int walk_path(drv *v, const pathkey *pk)
{
    long line = v->s.line, col = v->s.col;
    size_t count;
    rg_jstream_consume(&v->s, 1);
    return pk->n == 1   ? elements(v, pk->key, NULL, &count)
           : pk->arr[0] ? nest_array(v, pk, 1)
                        : nest_object(v, pk, 1, line, col);
}

/* 1 when every path key before pk in ops->keys that the file holds has been
 * read to the importer: pk's records may follow now. */
static int path_due(const drv *v, const pathkey *pk)
{
    unsigned before = (1u << (pk - v->pk)) - 1;
    return (v->present & before & ~v->emitted) == 0;
}

/* Moves s to the file's byte off (at or after its place), keeping its line
 * and column. Returns 0, or -1 when the file ends first or a read fails. */
static int seek_forward(rg_jstream *s, uint64_t off)
{
    while (s->off < off) {
        if (byte_at(s, 0) < 0)
            return -1;
        size_t n = s->len - s->head;
        if ((uint64_t)n > off - s->off)
            n = (size_t)(off - s->off);
        rg_jstream_consume(s, n);
    }
    return 0;
}

/* The deferred path keys, in the order of ops->keys, each read again from
 * its place by a pass of its own (the main pass has walked it: its errors
 * were said and its NULs counted, which this pass does not count again).
 * Returns 0 or -1. */
static int read_deferred(drv *v)
{
    for (size_t i = 0; i < v->npk; i++) {
        for (size_t j = 0; j < v->ndefer; j++) {
            const deferred *df = &v->defer[j];
            if (df->pk != &v->pk[i])
                continue;
            drv w = *v; /* the same file, keys, importer and plan */
            w.quiet = 0;
            w.nocount = 1;
            w.occ_i = df->occ_i;
            if (side_open(v, &w.s) != 0)
                return rg_diag_error(v->d->diag, v->d->path, 0, 0, "cannot read: %s",
                                     strerror(errno));
            int rc;
            if (seek_forward(&w.s, df->off) != 0 ||
                byte_at(&w.s, 0) != (df->pk->n == 1 || df->pk->arr[0] ? '[' : '{'))
                rc = w.s.failed ? read_failed(&w)
                                : rg_diag_error(v->d->diag, v->d->path, 0, 0,
                                                "the file changed while it was read");
            else
                rc = walk_path(&w, df->pk);
            close_noting_high(&w.s);
            if (rc != 0)
                return -1;
        }
    }
    return 0;
}

/* The top-level object whose '{' was just consumed: its members, and the
 * array of one of ops->keys streamed. Returns 1 when an array was streamed, 0
 * when none was (the caller reads the file whole), -1 on an error. */
static int object(drv *v)
{
    long oline = v->s.line, ocol = v->s.col - 1;
    char ends[160];
    not_closed(ends, sizeof(ends), "object", oline, ocol);
    json_t *env = json_object();
    json_t *places = json_object(); /* each member of env: [line, col] of its value */
    char *streamed = NULL;
    size_t count = 0;
    int rc = -1, late = 0; /* late: env holds every member (late_members) */
    char *again = NULL;    /* the streamed array's name, written again further on */
    size_t again_left = 0; /* how often it is still to be met, this one included */
    int nested = 0;        /* a path key was streamed */
    v->d->places = places;
    if (!env || !places) {
        rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
        goto out;
    }
    int paths = 0; /* 1: the plan streams path keys (nested) */
    if (v->npk > 0 && (paths = plan(v)) < 0)
        goto out;
    int c = rg_jstream_peek(&v->s);
    if (c == '}') {
        rc = 0;
        goto out;
    }
    for (;;) {
        if (c == -1) {
            error_here(v, ends);
            goto out;
        }
        if (c == -2) {
            read_failed(v);
            goto out;
        }
        if (c != '"') {
            syntax_error(v, "{", "invalid JSON: expected a member name in double quotes");
            goto out;
        }
        size_t n;
        int r = rg_jstream_scan(&v->s, 0, &n);
        if (r == -1) {
            rg_jstream_consume(&v->s, n);
            error_here(v, ends);
            goto out;
        }
        json_t *k = r == 1 ? parse_value(v, n, JSON_ALLOW_NUL) : NULL;
        if (!k) {
            if (r == -2)
                read_failed(v);
            goto out;
        }
        char *key = rg_strdup(json_string_value(k));
        json_decref(k);
        if (!key) {
            rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
            goto out;
        }
        rg_jstream_consume(&v->s, n);
        c = rg_jstream_peek(&v->s);
        if (c != ':') {
            rg_free(key);
            if (c == -1)
                error_here(v, ends);
            else
                syntax_error(v, "{\"k\"", "invalid JSON: expected ':' after a member name");
            goto out;
        }
        rg_jstream_consume(&v->s, 1);
        c = rg_jstream_peek(&v->s);
        const pathkey *pk = v->npk ? path_at(v, key, strlen(key), 0, NULL, c) : NULL;
        const pathkey *named = v->npk ? path_name(v, key, strlen(key), 0, NULL) : NULL;
        int dropped = 0; /* named again further on: the whole read takes that one */
        if (named) {
            size_t t = (size_t)(named - v->pk);
            dropped = ++v->met[t] < v->times[t];
        }
        if (pk && paths && !dropped) {
            /* no other member of this object is kept. A path whose keys
             * before it in ops->keys are still to come is walked quietly
             * now and read again after them. */
            rg_free(key);
            nested = 1;
            int due = path_due(v, pk);
            if (!due) {
                if (v->ndefer == RG_PATH_KEYS) /* cannot be: each path once */
                    goto out;
                v->defer[v->ndefer++] = (deferred){pk, v->s.off, v->occ_i};
            }
            v->quiet = !due;
            r = walk_path(v, pk);
            v->quiet = 0;
            if (r != 0)
                goto out;
            if (due)
                v->emitted |= 1u << (pk - v->pk);
        } else if (pk) {
            /* on a path, not streamed (a chat export's "chats" beside its
             * "messages": the whole read reads the chat's own messages
             * only; or named again further on): walked for its errors and
             * NULs (none of a value the whole read drops), nothing kept, so
             * memory follows its largest record, not the member */
            rg_free(key);
            v->quiet = 1;
            v->nocount += dropped;
            r = walk_path(v, pk);
            v->nocount -= dropped;
            v->quiet = 0;
            if (r != 0)
                goto out;
        } else if (paths) {
            rg_free(key);
            json_t *m = member_value(v, ends, !dropped);
            if (!m)
                goto out;
            json_decref(m);
        } else if (c == '[' && !streamed && is_key(v->ops, key) &&
                   (!again || strcmp(key, again) == 0)) {
            size_t times = 1;
            if (v->ops->late && !again && late_members(v, env, places, &late, &times) != 0) {
                rg_free(key);
                goto out;
            }
            if (times > 1) { /* named again further on: the last is read */
                again = key;
                again_left = times;
            }
            if (again && --again_left > 0) {
                rg_jstream_consume(&v->s, 1);
                v->quiet++;
                v->nocount++;
                r = elements(v, key, env, &n);
                v->quiet--;
                v->nocount--;
                if (key != again)
                    rg_free(key);
                if (r != 0)
                    goto out;
                goto next;
            }
            rg_free(again); /* the last: streamed */
            again = NULL;
            int want = v->ops->want ? v->ops->want(v->ctx, key, env) : 1;
            if (want <= 0) { /* read whole, or stop */
                rg_free(key);
                rc = want == 0 ? 0 : -1;
                goto out;
            }
            rg_jstream_consume(&v->s, 1);
            streamed = key;
            if (elements(v, key, env, &count) != 0)
                goto out;
        } else if (again && strcmp(key, again) == 0) {
            /* the streamed array's name again, with no array: dropped by
             * the whole read unless it is the last (then no array is
             * streamed, and the file is read whole) */
            rg_free(key);
            json_t *m = member_value(v, ends, --again_left == 0);
            if (!m)
                goto out;
            json_decref(m);
        } else if (late && (streamed || again)) {
            /* in env already, the last of its name (between two arrays of
             * one name too): parsed again for its errors (in the words and
             * at the place the whole read gives) and its NULs */
            rg_free(key);
            json_t *m = member_value(v, ends, 1);
            if (!m)
                goto out;
            json_decref(m);
        } else {
            if (c == -1) {
                rg_free(key);
                error_here(v, ends);
                goto out;
            }
            r = rg_jstream_scan(&v->s, 0, &n);
            json_t *m = r == -2 ? NULL : parse_value(v, n, v->d->flags);
            if (m && repair_nul(v, m, v->s.buf + v->s.head, n, v->s.line, v->s.col) != 0) {
                json_decref(m);
                rg_free(key);
                goto out;
            }
            if (!m || json_object_set_new(env, key, m) != 0 ||
                json_object_set_new(
                    places, key, json_pack("[II]", (json_int_t)v->s.line, (json_int_t)v->s.col)) !=
                    0) {
                if (r == -2)
                    read_failed(v);
                else if (m)
                    rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
                rg_free(key);
                goto out;
            }
            rg_free(key);
            rg_jstream_consume(&v->s, n);
        }
    next:
        c = rg_jstream_peek(&v->s);
        if (c == '}')
            break;
        if (c == -1) {
            error_here(v, ends);
            goto out;
        }
        if (c != ',') {
            syntax_error(v, "{\"k\":0 ", "invalid JSON: expected ',' or '}' after a member");
            goto out;
        }
        rg_jstream_consume(&v->s, 1);
        c = rg_jstream_peek(&v->s);
    }
    rg_jstream_consume(&v->s, 1);
    if (nested && read_deferred(v) != 0)
        goto out;
    rc = nested;
    if (streamed) {
        rc = v->ops->done && v->ops->done(v->ctx, streamed, env, count) != 0 ? -1 : 1;
    }
out:
    v->d->places = NULL;
    rg_free(streamed);
    rg_free(again);
    json_decref(env);
    json_decref(places);
    return rc;
}

int rg_jsondocs_member_at(const rg_jsondocs *d, const char *key, long *line, long *col)
{
    const json_t *at = json_object_get(d->places, key);
    if (json_array_size(at) != 2)
        return 0;
    *line = (long)json_integer_value(json_array_get(at, 0));
    *col = (long)json_integer_value(json_array_get(at, 1));
    return 1;
}

/* The whole file through the stream's read hook, as d->text. */
static int load_through(drv *v)
{
    rg_jsondocs *d = v->d;
    rg_jstream s;
    if (rg_jstream_open(&s, d->path) != 0)
        return rg_diag_error(d->diag, d->path, 0, 0, "cannot read: %s", strerror(errno));
    s.read = v->s.read;
    s.read_ctx = v->s.read_ctx;
    s.read(s.read_ctx, &s.z, NULL, 0);
    int r;
    while ((r = fill(&s)) > 0)
        ;
    if (r < 0) {
        int rc = rg_diag_error(d->diag, d->path, 0, 0, "%s", s.why);
        rg_jstream_close(&s);
        return rc;
    }
    s.buf[s.len] = '\0'; /* fill allocated one byte more than cap before reading */
    d->text = s.buf;
    d->len = s.len;
    s.buf = NULL;
    rg_jstream_close(&s);
    return 0;
}

/* A driver for a read of path into d: d emptied but for the caller's
 * flags and NUL repair, its place at line 1. */
static void drv_begin(drv *v, rg_jsondocs *d, const char *path, rg_diag *diag)
{
    memset(v, 0, sizeof(*v));
    size_t flags = d->flags;
    int repair = d->repair_nul;
    memset(d, 0, sizeof(*d));
    d->path = path;
    d->diag = diag;
    d->flags = flags;
    d->repair_nul = repair;
    d->loc.line = 1;
    v->d = d;
}

/* Today's reader, the whole file in memory. */
static int read_whole(drv *v)
{
    rg_jsondocs *d = v->d;
    size_t flags = d->flags;
    int repair = d->repair_nul;
    if (v->s.read) {
        rg_jsondocs_free(d);
        if (load_through(v) != 0)
            return -1;
        parsed(d->len);
        return rg_jsondocs_read(d, v->ops->document, v->ctx);
    }
    if (rg_jsondocs_load(d, d->path, d->diag) != 0)
        return -1;
    d->flags = flags;
    d->repair_nul = repair;
    parsed(d->len);
    return rg_jsondocs_read(d, v->ops->document, v->ctx);
}

int rg_jsondocs_stream(rg_jsondocs *d, const char *path, rg_diag *diag, const rg_jsondocs_ops *ops,
                       void *ctx)
{
    return rg_jsondocs_stream_read(d, path, diag, ops, ctx, NULL);
}

int rg_jsondocs_stream_read(rg_jsondocs *d, const char *path, rg_diag *diag,
                            const rg_jsondocs_ops *ops, void *ctx, rg_jstream_read_fn read)
{
    drv v;
    int rc;
    drv_begin(&v, d, path, diag);
    v.ops = ops;
    v.ctx = ctx;
    rg_jsondocs_last_high = 0;
    if (path_keys(&v) != 0) {
        rc = rg_diag_error(diag, path, 0, 0, "out of memory");
        goto out;
    }
    rg_jsondocs_last_parsed_max = 0;
    if (rg_jstream_open(&v.s, path) != 0) {
        rc = rg_diag_error(diag, path, 0, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (read) {
        v.s.read = read;
        v.s.read_ctx = ctx;
        read(ctx, &v.s.z, NULL, 0);
    }
    int c = rg_jstream_peek(&v.s);
    if (c == '[' || c == '{') {
        int c1 = byte_at(&v.s, 1);
        if (c1 == 0) /* UTF-16 ('{' 00 '"' 00): today's message says so */
            c = 0;
    }
    if (c != '[' && c != '{') {
        rc = c == -2 ? read_failed(&v) : read_whole(&v); /* empty, UTF-16, a scalar: as today */
        goto out;
    }
    size_t n;
    /* whole_max 0: stream whatever the size (a limit of 1 byte) */
    int r = rg_jstream_scan(&v.s, rg_jsondocs_whole_max ? rg_jsondocs_whole_max : 1, &n);
    if (r == -2) {
        rc = read_failed(&v);
        goto out;
    }
    if (r == 1 || r == -1) {
        /* Small enough to read as today; several documents only when another
         * one follows and the first parses (else today's error for the file). */
        json_t *first = NULL;
        if (r == 1) {
            char *p = v.s.buf + v.s.head;
            char save = p[n];
            p[n] = '\0';
            parsed(n);
            json_error_t err;
            first = rg_json_loadb(p, n, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
            p[n] = save;
        }
        int next = -1;
        for (size_t i = n; first; i++) { /* past the first document, keeping its place */
            next = byte_at(&v.s, i);
            if (next != ' ' && next != '\t' && next != '\r' && next != '\n')
                break;
        }
        json_decref(first);
        if (next == '{' || next == '[') {
            rc = several(&v);
        } else {
            rg_jsondocs_last_high = v.s.high;
            rg_jstream_close(&v.s);
            rc = read_whole(&v);
        }
        goto out;
    }
    /* A large first document: streamed. */
    d->top_line = v.s.line;
    d->top_col = v.s.col;
    rg_jstream_consume(&v.s, 1);
    if (c == '[') {
        size_t count;
        rc = elements(&v, NULL, NULL, &count);
        if (rc == 0 && ops->done)
            rc = ops->done(ctx, NULL, NULL, count) != 0 ? -1 : 0;
    } else {
        rc = object(&v);
        if (rc == 0) {   /* no array to stream: read as today */
            v.nul_n = 0; /* the whole read counts them again, and warns */
            rg_jsondocs_last_high = v.s.high;
            rg_jstream_close(&v.s);
            rc = read_whole(&v);
            goto out;
        }
        rc = rc > 0 ? 0 : -1;
    }
    if (rc == 0) {
        c = rg_jstream_peek(&v.s);
        if (c == '{' || c == '[')
            rc = several(&v);
        else if (c == -2)
            rc = read_failed(&v);
        else if (c != -1)
            rc = error_here(&v, "end of file expected after the document");
    }
out:
    if (rc == 0 && v.nul_n)
        rg_diag_warn(diag, path, v.nul_line, v.nul_col, "nul",
                     "%zu NUL character(s) (\\u0000) in text, shown as U+FFFD", v.nul_n);
    close_noting_high(&v.s);
    for (size_t i = 0; i < v.npk; i++)
        for (size_t j = 0; j < v.pk[i].n; j++)
            rg_free(v.pk[i].prefix[j]);
    occ_free(&v);
    rg_jsondocs_free(d);
    return rc;
}

/* ---- a file that holds one array of entries ---- */

typedef struct entries_rd {
    rg_jsondocs *d;
    const char *what;
    int (*entry)(void *ctx, const json_t *elem, size_t off);
    void *ctx;
} entries_rd;

static int entries_document(void *vr, const json_t *root, size_t off, size_t end)
{
    entries_rd *r = vr;
    if (!json_is_array(root))
        return rg_jsondocs_shape(r->d, off, "expected an array of %s, got %s", r->what,
                                 rg_json_type_name(root));
    rg_json_offsets at = {0};
    rg_json_offsets_find(&at, r->d->text, off, end, NULL);
    size_t i;
    const json_t *v;
    int rc = 0;
    json_array_foreach(root, i, v)
    {
        if ((rc = r->entry(r->ctx, v, rg_json_offsets_take(&at, off))) != 0)
            break;
    }
    rg_json_offsets_free(&at);
    return rc;
}

static int entries_element(void *vr, const char *key, const json_t *env, const json_t *v,
                           size_t off, size_t end)
{
    entries_rd *r = vr;
    (void)key;
    (void)env;
    (void)end;
    return r->entry(r->ctx, v, off);
}

int rg_jsondocs_entries(rg_jsondocs *d, const char *path, rg_diag *diag, const char *what,
                        int (*entry)(void *ctx, const json_t *elem, size_t off), void *ctx)
{
    entries_rd r = {d, what, entry, ctx};
    const rg_jsondocs_ops ops = {NULL, entries_document, entries_element, NULL, 0, NULL};
    return rg_jsondocs_stream(d, path, diag, &ops, &r);
}

int rg_jsondocs_top_error(rg_jsondocs *d, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return rg_diag_error(d->diag, d->path, d->top_line, d->top_col, "%s", msg);
}

/* ---- a data frame: columns read in lockstep (jsonstream.h) ---- */

/* The state of the walk of a frame's file (the first and second passes). */
typedef struct fwalk {
    const rg_jframe_ops *ops;
    const char *at; /* the member of the top-level object that is the frame ("": itself) */
    rg_jframe f;
    int found; /* the frame was walked */
    int dup;   /* a table, an object on a table's path or the frame came twice */
} fwalk;

/* The table whose path is rel (relative to the frame), or -1. */
static int table_of(const rg_jframe_ops *ops, const char *rel)
{
    for (int i = 0; ops->tables[i] && i < RG_JFRAME_TABLES; i++)
        if (strcmp(ops->tables[i], rel) == 0)
            return i;
    return -1;
}

/* 1 when rel is an object on the path of a table ("data" of "data.values"). */
static int on_table_path(const rg_jframe_ops *ops, const char *rel)
{
    size_t n = strlen(rel);
    for (int i = 0; ops->tables[i] && i < RG_JFRAME_TABLES; i++)
        if (strncmp(ops->tables[i], rel, n) == 0 && ops->tables[i][n] == '.')
            return 1;
    return 0;
}

static void table_reset(rg_jtable *t)
{
    rg_free(t->col);
    memset(t, 0, sizeof(*t));
}

/* The file ends inside an array or object of the frame, after prefix
 * ("[0,", "{\"k\":"...: what puts jansson in the state the walk is in):
 * the error in the words the whole read gives (jansson's for prefix alone),
 * at the place it gives, the file's last character (column 1 of the line
 * after a final newline, as rg_json_parse corrects it); ends when jansson
 * says nothing. */
static int eof_in(drv *v, const char *prefix, const char *ends)
{
    rg_diag scratch;
    rg_diag_init(&scratch);
    json_t *j = rg_json_parse("-", prefix, strlen(prefix), JSON_ALLOW_NUL, &scratch);
    long line = 0, col = 0;
    int used = 0, rc;
    if (!j && sscanf(scratch.error, "-:%ld:%ld: %n", &line, &col, &used) >= 2 && used > 0)
        rc = rg_diag_error(v->d->diag, v->d->path, v->s.line, v->s.col > 1 ? v->s.col - 1 : 1, "%s",
                           scratch.error + used);
    else
        rc = error_here(v, ends);
    json_decref(j);
    rg_diag_free(&scratch);
    return rc;
}

static int at_eof(drv *v)
{
    return rg_jstream_peek(&v->s) == -1;
}

/* Before member_name at a '"': a name the file ends in, or after, is the
 * whole read's error (jansson's for the cut name; for a file that ends before
 * the ':', eof_in's). Returns 0 when the name and something after it are
 * there, else -1 (error in diag). */
static int name_cut(drv *v, const char *ends)
{
    size_t n, i;
    if (rg_jstream_peek(&v->s) != '"')
        return 0; /* member_name says what is wrong */
    int r = rg_jstream_scan(&v->s, 0, &n);
    if (r == -2)
        return read_failed(v);
    if (r == -1) {
        json_t *k = parse_value(v, n, JSON_ALLOW_NUL);
        if (!k)
            return -1;
        json_decref(k); /* cannot be: a cut string parsed */
        return error_here(v, ends);
    }
    int c;
    for (i = n; (c = byte_at(&v->s, i)) == ' ' || c == '\t' || c == '\r' || c == '\n'; i++)
        ;
    if (c != -1)
        return c == -2 ? read_failed(v) : 0;
    rg_jstream_consume(&v->s, i);
    return eof_in(v, "{\"k\"", ends);
}

/* member_value for the frame's walk: a value too deeply nested is the whole
 * read's error at its place, jansson's depth counted from the file's first
 * bracket, not the value's (v->depth arrays and objects are open around it). */
static json_t *frame_value(drv *v, const char *ends)
{
    size_t n;
    if (rg_jstream_peek(&v->s) < 0 || rg_jstream_scan(&v->s, 0, &n) == -2 || v->depth > 64)
        return member_value(v, ends, 1); /* scanned again: says what is wrong */
    char *p = v->s.buf + v->s.head;
    char save = p[n];
    p[n] = '\0';
    parsed(n);
    json_error_t err;
    json_t *j = rg_json_loadb(p, n, v->d->flags | JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &err);
    p[n] = save;
    if (j) {
        if (repair_nul(v, j, p, n, v->s.line, v->s.col) != 0) {
            json_decref(j);
            return NULL;
        }
        rg_jstream_consume(&v->s, n);
        return j;
    }
    if (!strstr(err.text, "maximum parsing depth"))
        return member_value(v, ends, 1); /* parsed again: its error, located */
    char *tmp = rg_malloc(v->depth + n + 1);
    if (!tmp) {
        rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
        return NULL;
    }
    memset(tmp, '[', v->depth);
    memcpy(tmp + v->depth, p, n);
    tmp[v->depth + n] = '\0';
    parsed(v->depth + n);
    rg_diag scratch;
    rg_diag_init(&scratch);
    j = rg_json_parse("-", tmp, v->depth + n, v->d->flags | JSON_ALLOW_NUL, &scratch);
    long line = 0, col = 0;
    int used = 0;
    if (!j && sscanf(scratch.error, "-:%ld:%ld: %n", &line, &col, &used) >= 2 && used > 0) {
        rg_jsondocs tmpd = {.line0 = v->s.line, .col0 = v->s.col - (long)v->depth};
        rg_jsondocs_fix(&tmpd, &line, &col);
        rg_diag_error(v->d->diag, v->d->path, line, col, "%s", scratch.error + used);
    } else {
        error_here(v, err.text);
    }
    json_decref(j);
    rg_diag_free(&scratch);
    rg_free(tmp);
    return NULL;
}

/* The elements of the column whose '[' was just consumed, each parsed alone
 * (for its errors and NULs) and dropped. Returns 0 with *count, or -1. */
static int walk_column(drv *v, size_t *count)
{
    char ends[160];
    not_closed(ends, sizeof(ends), "array", v->s.line, v->s.col - 1);
    *count = 0;
    if (rg_jstream_peek(&v->s) == ']') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    for (int first = 1;; first = 0) {
        if (at_eof(v))
            return eof_in(v, first ? "[" : "[0,", ends);
        json_t *e = frame_value(v, ends);
        if (!e)
            return -1;
        json_decref(e);
        (*count)++;
        if (at_eof(v))
            return eof_in(v, "[0", ends);
        int r = after_element(v, ends);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
}

/* The table whose '[' was just consumed: each column's place noted, an
 * array walked element by element (walk_column), anything else parsed
 * alone. Returns 0 or -1. */
static int walk_table(drv *v, rg_jtable *t)
{
    char ends[160];
    not_closed(ends, sizeof(ends), "array", v->s.line, v->s.col - 1);
    table_reset(t);
    t->found = t->is_array = 1;
    size_t cap = 0;
    int c = rg_jstream_peek(&v->s);
    if (c == ']') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    for (int first = 1;; first = 0) {
        if (c == -1)
            return eof_in(v, first ? "[" : "[0,", ends);
        if (c == -2)
            return read_failed(v);
        if (t->ncol == cap) {
            rg_jcolumn *more = rg_realloc(t->col, (cap ? cap * 2 : 4) * sizeof(*more));
            if (!more)
                return rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
            t->col = more;
            cap = cap ? cap * 2 : 4;
        }
        rg_jcolumn *col = &t->col[t->ncol++];
        memset(col, 0, sizeof(*col));
        col->off = v->s.off;
        col->line = v->s.line;
        col->col = v->s.col;
        if (c == '[') {
            rg_jstream_consume(&v->s, 1);
            col->is_array = 1;
            v->depth++;
            if (walk_column(v, &col->n) != 0)
                return -1;
            v->depth--;
        } else {
            json_t *m = frame_value(v, ends);
            if (!m)
                return -1;
            json_decref(m);
        }
        if (at_eof(v))
            return eof_in(v, "[0", ends);
        int r = after_element(v, ends);
        if (r != 0)
            return r < 0 ? -1 : 0;
        c = rg_jstream_peek(&v->s);
    }
}

/* The object whose '{', at oline:ocol, was just consumed, walked member by
 * member: in the frame (in_frame; rel its path from the frame, "" the frame
 * itself) its tables walked (walk_table), the objects on their paths walked
 * into env, every other member parsed alone into env; outside it (the
 * top-level object of a frame under w->at) the frame walked and the other
 * members parsed alone for their errors and dropped. Returns 0 or -1. */
static int walk_object(drv *v, fwalk *w, const char *rel, int in_frame, json_t *env, long oline,
                       long ocol)
{
    char ends[160];
    not_closed(ends, sizeof(ends), "object", oline, ocol);
    char *key = NULL;
    int rc = -1;
    int c = rg_jstream_peek(&v->s);
    if (c == '}') {
        rg_jstream_consume(&v->s, 1);
        return 0;
    }
    for (int first = 1;; first = 0) {
        if (at_eof(v)) {
            eof_in(v, first ? "{" : "{\"k\":0,", ends);
            goto out;
        }
        if (name_cut(v, ends) != 0 || member_name(v, ends, &key) != 0)
            goto out;
        c = rg_jstream_peek(&v->s);
        if (c == -1) { /* after the name's ':' */
            eof_in(v, "{\"k\":", ends);
            goto out;
        }
        char sub[256];
        int fits = in_frame && snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "." : "", key) <
                                   (int)sizeof(sub);
        int t = fits ? table_of(w->ops, sub) : -1;
        int path = fits && on_table_path(w->ops, sub);
        long line = v->s.line, col = v->s.col;
        if (t >= 0) {
            rg_jtable *tb = &w->f.table[t];
            if (tb->found)
                w->dup = 1;
            if (c == '[') {
                rg_jstream_consume(&v->s, 1);
                v->depth++;
                if (walk_table(v, tb) != 0)
                    goto out;
                v->depth--;
            } else {
                json_t *m = frame_value(v, ends);
                if (!m)
                    goto out;
                json_decref(m);
                table_reset(tb);
                tb->found = 1;
            }
        } else if (!in_frame && c == '{' && strcmp(key, w->at) == 0) {
            if (w->found)
                w->dup = 1;
            w->found = 1;
            w->f.line = line;
            w->f.col = col;
            rg_jstream_consume(&v->s, 1);
            v->depth++;
            if (walk_object(v, w, "", 1, w->f.env, line, col) != 0)
                goto out;
            v->depth--;
        } else if (path && c == '{') {
            json_t *o = json_object();
            if (json_object_get(env, key))
                w->dup = 1;
            if (!o || json_object_set_new(env, key, o) != 0) {
                rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
                goto out;
            }
            rg_jstream_consume(&v->s, 1);
            v->depth++;
            if (walk_object(v, w, sub, 1, o, line, col) != 0)
                goto out;
            v->depth--;
        } else {
            json_t *m = frame_value(v, ends);
            if (!m)
                goto out;
            if (!in_frame) {
                json_decref(m);
            } else {
                if (path && json_object_get(env, key))
                    w->dup = 1; /* an object on a table's path, then this */
                if (json_object_set_new(env, key, m) != 0) {
                    rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
                    goto out;
                }
            }
        }
        rg_free(key);
        key = NULL;
        if (at_eof(v)) {
            eof_in(v, "{\"k\":0", ends);
            goto out;
        }
        int e = member_end(v, ends);
        if (e < 0)
            goto out;
        if (e == 0)
            break;
    }
    rc = 0;
out:
    rg_free(key);
    return rc;
}

#define RG_JFRAME_NAMES 4

/* The first pass: a side stream that tokenizes the file and parses only
 * member names, to tell whether it is one large object holding a frame at
 * one of ops->at, alone in the file. Returns 1 with *at set, 0 when it is
 * not (or the frame's member comes twice), -1 when out of memory. A file
 * that cannot be read to its end is judged by what was read: the second pass
 * says where it breaks, in the words of rg_jsondocs_stream. */
static int frame_find(drv *v, const rg_jframe_ops *ops, size_t *at)
{
    rg_jstream s;
    if (side_open(v, &s) != 0)
        return 0;
    int has[RG_JFRAME_NAMES + 1][RG_JFRAME_NAMES] = {{0}}; /* [at][has]; row 0: "" */
    int seen[RG_JFRAME_NAMES] = {0};
    size_t nat = 0, nhas = 0;
    while (nat < RG_JFRAME_NAMES && ops->at[nat])
        nat++;
    while (nhas < RG_JFRAME_NAMES && ops->has[nhas])
        nhas++;
    int rc = 0, all = 0, oom = 0;
    json_t *k = NULL;
    size_t n;
    int c = rg_jstream_peek(&s);
    if (c != '{' || byte_at(&s, 1) == 0)
        goto out;
    if (rg_jstream_scan(&s, rg_jsondocs_whole_max ? rg_jsondocs_whole_max : 1, &n) != 0)
        goto out; /* small enough to read whole, or not read so far */
    rg_jstream_consume(&s, 1);
    c = rg_jstream_peek(&s);
    while (c != '}') {
        if (side_name(&s, c, &k, &oom) != 0)
            goto decide;
        const char *name = json_string_value(k);
        for (size_t j = 0; j < nhas; j++)
            if (strcmp(name, ops->has[j]) == 0)
                has[0][j] = 1;
        c = rg_jstream_peek(&s);
        size_t a = nat;
        for (size_t i = 0; i < nat; i++)
            if (ops->at[i][0] && strcmp(name, ops->at[i]) == 0)
                a = i;
        if (a < nat && ++seen[a] == 1 && c == '{') {
            /* the names of a frame under a member */
            rg_jstream_consume(&s, 1);
            c = rg_jstream_peek(&s);
            while (c != '}') {
                json_decref(k);
                if (side_name(&s, c, &k, &oom) != 0)
                    goto decide;
                for (size_t j = 0; j < nhas; j++)
                    if (strcmp(json_string_value(k), ops->has[j]) == 0)
                        has[a + 1][j] = 1;
                if (rg_jstream_peek(&s) < 0 || skip_value(&s) != 0)
                    goto decide;
                if ((c = side_after_member(&s)) < 0)
                    goto decide;
            }
            rg_jstream_consume(&s, 1);
        } else if (skip_value(&s) != 0) {
            goto decide;
        }
        json_decref(k);
        k = NULL;
        if ((c = side_after_member(&s)) < 0)
            goto decide;
    }
    rg_jstream_consume(&s, 1);
    all = 1;
decide:
    if (oom) {
        rc = rg_diag_error(v->d->diag, v->d->path, 0, 0, "out of memory");
        goto out;
    }
    if (all && rg_jstream_peek(&s) != -1)
        goto out; /* several documents: each read as before */
    for (size_t i = 0; i < nat; i++) {
        int row = ops->at[i][0] ? (int)i + 1 : 0, every = 1;
        for (size_t j = 0; j < nhas; j++)
            every &= has[row][j];
        if (every) {
            *at = i;
            rc = row == 0 || seen[i] == 1;
            break;
        }
    }
out:
    json_decref(k);
    close_noting_high(&s);
    return rc;
}

/* Opens a stream for a column of the frame: its own pass over the file,
 * up to and past the column's '['. Returns 0, or -1 (error in diag). */
static int cursor_open(drv *c, const drv *v, const rg_jcolumn *col)
{
    memset(c, 0, sizeof(*c));
    c->d = v->d;
    c->ops = v->ops;
    if (side_open(v, &c->s) != 0)
        return rg_diag_error(v->d->diag, v->d->path, 0, 0, "cannot read: %s", strerror(errno));
    (void)rg_jstream_peek(&c->s); /* past a BOM, which has no column */
    while (c->s.off < col->off) {
        if (c->s.head >= c->s.len && byte_at(&c->s, 0) < 0)
            return c->s.failed ? read_failed(c) : error_here(c, "the file changed while read");
        uint64_t left = col->off - c->s.off;
        size_t have = c->s.len - c->s.head;
        rg_jstream_consume(&c->s, left < have ? (size_t)left : have);
    }
    if (rg_jstream_peek(&c->s) != '[')
        return error_here(c, "the file changed while read");
    rg_jstream_consume(&c->s, 1);
    return 0;
}

/* The next element of a column at c's place, parsed, its NULs repaired as
 * the first pass counted them; *n its length. NULL with *end set past the
 * column's ']'; NULL with *end 0 on an error (in diag). The element is not
 * consumed: cursor_next_done() does that. */
static json_t *cursor_next(drv *c, size_t *n, int *end)
{
    *end = 0;
    int ch = rg_jstream_peek(&c->s);
    if (ch == ']') {
        rg_jstream_consume(&c->s, 1);
        *end = 1;
        return NULL;
    }
    if (ch == -2) {
        read_failed(c);
        return NULL;
    }
    int r = rg_jstream_scan(&c->s, 0, n);
    if (r != 1) {
        if (r == -2)
            read_failed(c);
        else
            error_here(c, "the file changed while read");
        return NULL;
    }
    json_t *e = parse_value(c, *n, c->d->flags);
    size_t k;
    if (e && c->d->repair_nul && rg_json_repair_nul_count(e, &k) != 0) {
        json_decref(e);
        rg_diag_error(c->d->diag, c->d->path, 0, 0, "out of memory");
        return NULL;
    }
    return e;
}

/* Past the element cursor_next gave (n bytes) and its ',' or ']' (*end set
 * then). Returns 0 or -1. */
static int cursor_next_done(drv *c, size_t n, int *end)
{
    rg_jstream_consume(&c->s, n);
    int ch = rg_jstream_peek(&c->s);
    if (ch == ']') {
        rg_jstream_consume(&c->s, 1);
        *end = 1;
        return 0;
    }
    if (ch != ',')
        return ch == -2 ? read_failed(c) : error_here(c, "the file changed while read");
    rg_jstream_consume(&c->s, 1);
    return 0;
}

/* The third pass: the picked columns in lockstep, a row each element of
 * pick[0]. Returns 0 or -1. */
static int frame_rows(drv *v, const rg_jframe_ops *ops, const rg_jframe *f, const rg_jpick *pick,
                      size_t np, void *ctx)
{
    drv cur[RG_JFRAME_PICKS];
    int ended[RG_JFRAME_PICKS] = {0};
    json_t *cell[RG_JFRAME_PICKS] = {NULL};
    size_t opened = 0;
    int rc = -1;
    for (; opened < np; opened++) {
        const rg_jtable *t = &f->table[pick[opened].table];
        const rg_jcolumn *col = &t->col[pick[opened].col];
        if (cursor_open(&cur[opened], v, col) != 0) {
            opened++;
            goto out;
        }
    }
    for (;;) {
        size_t n0 = 0;
        for (size_t i = np; i-- > 0;) { /* pick 0 last: its text is the row's */
            size_t n;
            if (ended[i])
                continue;
            cell[i] = cursor_next(&cur[i], &n, &ended[i]);
            if (!cell[i] && !ended[i])
                goto out;
            if (i > 0 && cell[i] && cursor_next_done(&cur[i], n, &ended[i]) != 0)
                goto out;
            if (i == 0)
                n0 = n;
        }
        if (!cell[0]) {
            rc = 0;
            break;
        }
        window(&cur[0], n0);
        char *p = cur[0].s.buf + cur[0].s.head;
        char save = p[n0];
        p[n0] = '\0';
        int r = ops->row(ctx, (const json_t *const *)cell, np);
        p[n0] = save;
        unwindow(&cur[0]);
        for (size_t i = 0; i < np; i++) {
            json_decref(cell[i]);
            cell[i] = NULL;
        }
        if (r != 0 || cursor_next_done(&cur[0], n0, &ended[0]) != 0)
            goto out;
    }
out:
    for (size_t i = 0; i < np; i++)
        json_decref(cell[i]);
    for (size_t i = 0; i < opened; i++)
        close_noting_high(&cur[i].s);
    return rc;
}

int rg_jsondocs_frame(rg_jsondocs *d, const char *path, rg_diag *diag, const rg_jframe_ops *ops,
                      void *ctx)
{
    drv v;
    fwalk w;
    memset(&w, 0, sizeof(w));
    drv_begin(&v, d, path, diag);
    size_t flags = d->flags; /* kept past rg_jsondocs_free at the end */
    int repair = d->repair_nul;
    size_t at = 0;
    rg_jsondocs_last_high = 0;
    rg_jsondocs_last_parsed_max = 0;
    int rc = frame_find(&v, ops, &at);
    if (rc <= 0)
        goto done;
    w.ops = ops;
    w.at = ops->at[at];
    rc = -1;
    if (rg_jstream_open(&v.s, path) != 0) {
        rg_diag_error(diag, path, 0, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    if (!(w.f.env = json_object())) {
        rg_diag_error(diag, path, 0, 0, "out of memory");
        goto out;
    }
    if (rg_jstream_peek(&v.s) != '{') {
        error_here(&v, "the file changed while read");
        goto out;
    }
    d->top_line = v.s.line;
    d->top_col = v.s.col;
    long line = v.s.line, col = v.s.col;
    rg_jstream_consume(&v.s, 1);
    if (!w.at[0]) {
        w.found = 1;
        w.f.line = line;
        w.f.col = col;
    }
    v.depth = 1;
    if (walk_object(&v, &w, "", !w.at[0], w.f.env, line, col) != 0)
        goto out;
    int c = rg_jstream_peek(&v.s);
    if (c == -2) {
        read_failed(&v);
        goto out;
    }
    if (c != -1) {
        error_here(&v, "end of file expected after the document");
        goto out;
    }
    if (w.dup || !w.found) { /* read as before, whole */
        rc = 0;
        goto out;
    }
    /* the whole read warns of NULs before it reads the document */
    if (v.nul_n)
        rg_diag_warn(diag, path, v.nul_line, v.nul_col, "nul",
                     "%zu NUL character(s) (\\u0000) in text, shown as U+FFFD", v.nul_n);
    rg_jpick pick[RG_JFRAME_PICKS];
    d->text = "";
    d->len = 0;
    d->line0 = w.f.line;
    d->col0 = w.f.col;
    d->loc = (rg_locator){d->text, 0, 0, 1};
    int np = ops->plan(ctx, &w.f, pick);
    unwindow(&v);
    if (np < 0)
        goto out;
    for (int i = 0; i < np && i < RG_JFRAME_PICKS; i++)
        if (pick[i].table >= RG_JFRAME_TABLES || pick[i].col >= w.f.table[pick[i].table].ncol ||
            !w.f.table[pick[i].table].col[pick[i].col].is_array)
            np = 0; /* not a column to read: a fault of the importer's, read nothing */
    rc = np > 0 && frame_rows(&v, ops, &w.f, pick,
                              np > RG_JFRAME_PICKS ? RG_JFRAME_PICKS : (size_t)np, ctx) != 0
             ? -1
             : 1;
out:
    close_noting_high(&v.s);
    json_decref(w.f.env);
    for (size_t i = 0; i < RG_JFRAME_TABLES; i++)
        table_reset(&w.f.table[i]);
done:
    rg_jsondocs_free(d);
    d->flags = flags;
    d->repair_nul = repair;
    return rc;
}
