/* linereader.h -- what the streaming log importers share: a buffered line
 * reader (plain, gzip or zstd files alike: zfile.h), and the event that the
 * lines after a record may join. */
#ifndef RG_LINEREADER_H
#define RG_LINEREADER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "importer.h"
#include "zfile.h"

/* README, "Logs": a line longer than RG_LINE_MAX_LEN keeps its first MiB (warning
 * "long-line"; rg_linereader_next says exactly when); an event's text with its
 * joined lines stops at RG_TEXT_MAX_LEN (warning "long-text"). The buffer holds
 * RG_LINE_MAX_LEN + RG_LINE_CHUNK + 1 bytes and each read(2) asks for
 * RG_LINE_CHUNK bytes (less where the buffer has less room), so the first read of
 * a regular file ends at that offset (tests/check_linereader.c relies on it).
 * Reads of 64 KiB, not of all the buffer's room (1-2 MiB, as before): the copy
 * then lands in a block the CPU's caches and TLB still hold, and on the
 * virtual machine this was measured on the kernel's copy took 0.14 s a GiB
 * where 2 MiB reads took 0.21 s; only the buffer's first pages are touched
 * unless a line is long (README, "Evidence of any size"). */
#define RG_LINE_MAX_LEN ((size_t)1 << 20)
#define RG_LINE_CHUNK ((size_t)64 << 10)
#define RG_TEXT_MAX_LEN ((size_t)4 << 20)
/* The longest line a reader of JSON records returns whole
 * (rg_linereader_whole_records): one record a line, and a record is not cut
 * where a line of text would be (a Mattermost thread with thousands of
 * replies, an OpenTelemetry collector's batch, an Elasticsearch hit with a
 * large document). Memory follows the longest line read; a longer one is
 * cut as a text line is, at this length, and its record skipped with a
 * warning: a bound on what one hostile line can take. */
#define RG_RECORD_MAX_LEN ((size_t)64 << 20)

/* ---- the line reader ---- */

typedef struct rg_linereader {
    rg_zfile z;                          /* the file, decompressed when it is gzip or zstd */
    char *buf;                           /* owned: freed by rg_linereader_close */
    size_t cap, start, end;              /* buf's size; buf[start..end) is read, not yet returned */
    size_t max_len;                      /* the longest line returned whole */
    int eof;                             /* read(2) has returned 0 */
    int skipping;                        /* discarding the rest of a cut line */
    long line;                           /* number of the line last returned, from 1 */
    uint64_t done, total, next_progress; /* bytes of the file read, its size (0 if unknown) */
    uint64_t also;    /* bytes of it read elsewhere so far (a split's thread), for the progress */
    const char *path; /* borrowed: for messages */
    rg_sink *sink;    /* borrowed: its diag takes the errors, its progress the bytes read */
    uint64_t pos;     /* offset in the file of buf[end] (plain files; set by the seek) */
    uint64_t limit;   /* when non-zero, the file ends here for this reader (the seek's end) */
    rg_seekinfo seek; /* what rg_linereader_seek decided (also added to sink->seek) */
} rg_linereader;

/* Opens path for reading, line by line; a gzip or zstd file (known by its
 * first bytes, whatever its name) is decompressed as it is read. Returns 0, or
 * -1 with an error in sink->diag ("path: cannot open: <reason>" or "path: out
 * of memory"). path and sink are borrowed and must outlive r. After either
 * result the caller may call rg_linereader_close(r), and must after 0. */
int rg_linereader_open(rg_linereader *r, const char *path, rg_sink *sink);

/* Lines of up to max bytes (RG_RECORD_MAX_LEN for the JSON-lines importers)
 * are returned whole from now on, not cut at RG_LINE_MAX_LEN: the buffer
 * grows to hold the longest (doubling, so a line costs its length in copies
 * at most twice), and stays that size until rg_linereader_close. A longer
 * line is cut at max as rg_linereader_next says. Call after a successful
 * rg_linereader_open. */
void rg_linereader_whole_records(rg_linereader *r, size_t max);

/* For tests: the sink's progress hears every `bytes` read (0: every 64 MiB). */
void rg_linereader_test_progress_step(uint64_t bytes);

/* The rest of rg_linereader_next (reading, cutting, the end of the file, line
 * 1's checks). Call rg_linereader_next, not this. */
int rg_linereader_next_slow(rg_linereader *r, const char **line, size_t *len, int *cut);

/* Returns 1 and the next line, 0 at the end of the file, or -1 with an error in
 * the sink's diag: "path:N: cannot read: <reason>" (N the line it was reading)
 * or, when line 1 opens with a UTF-16 byte order mark, "path:1:1: file is
 * UTF-16; ...". The line has no "\n" or "\r\n", and line 1 no UTF-8 BOM; a last
 * line without "\n" is a line; r->line is its number, from 1. *cut is 1 when
 * the line was cut: its first RG_LINE_MAX_LEN bytes (r->max_len:
 * rg_linereader_whole_records), or up to 4 fewer so as not to split a UTF-8
 * character, are returned (no "\r" stripped) and the rest of it is skipped;
 * the caller warns (rg_linejoin_warn_cut) if it keeps the line. A line is cut
 * when more than RG_LINE_MAX_LEN bytes of it are in the buffer without its
 * end: always when it is longer than RG_LINE_MAX_LEN + RG_LINE_CHUNK, and for
 * a shorter one only where the reads happen to fall (the importers' behaviour,
 * kept; tests/check_linereader.c, cut_depends_on_position).
 * Borrowed: *line points into r's buffer, valid until the next call. The sink's
 * progress callback, if any, hears every 64 MiB read (of the file as stored).
 * Compressed data that is corrupt or ends early (a truncated .gz) ends the file
 * where the good data ends, with warning "compressed" in the sink's diag:
 * "path:N: gzip data ends early (the file is truncated); lines from N on are
 * lost" (N the line it was reading; a partial last line is still returned).
 *
 * The common case, a whole line waiting in the buffer, is inline, so that the
 * importers' loops cost what they did with a reader of their own. */
static inline int rg_linereader_next(rg_linereader *r, const char **line, size_t *len, int *cut)
{
    /* Line 1 never takes this path (the buffer is empty before it), so the
     * checks of rg_linereader_next_slow are made on it. */
    if (!r->skipping && r->end > r->start) {
        const char *s = r->buf + r->start;
        const char *nl = memchr(s, '\n', r->end - r->start);
        if (nl) {
            r->start += (size_t)(nl - s) + 1;
            r->line++;
            *line = s;
            *len = (size_t)(nl - s);
            *cut = 0;
            if (*len && s[*len - 1] == '\r')
                (*len)--;
            return 1;
        }
    }
    return rg_linereader_next_slow(r, line, len, cut);
}

/* ---- seeking into a sorted log (README, "Seek, don't scan") ---- */

/* What a line-time function says of one line. */
enum {
    RG_LINE_NO_SEEK = -1, /* the line's time cannot order the file (no year and
                             no reference instant, an ambiguous local time, a
                             user pattern): scan it */
    RG_LINE_NO_TIME = 0,  /* the line has no time of its own (a continuation
                             line, a stack trace, a bad line): look further */
    RG_LINE_TIME = 1      /* *at_us is the line's instant, clock offset applied,
                             as the importer would read it */
};

/* Reads the instant of line s[0..n) (no "\n", no "\r"). ctx is the importer's.
 * A time without a year may be given as RG_LINE_TIME when the importer infers
 * its year from a fixed reference instant (syslog's RFC 3164, nearest the
 * window's middle): the inferred instants of a sorted file are in order as
 * long as its lines lie within about six months of the reference, and a file
 * spanning less than a year that goes further wraps (its first page then
 * reads later than its last), which the order check below catches. A file
 * spanning more than a year can wrap unseen: the limit README states. */
typedef int (*rg_line_time_fn)(void *ctx, const char *s, size_t n, int64_t *at_us);

/* The disorder a sorted log may have: lines up to this much earlier than a
 * line before them (threads writing one file, buffered writers) still count
 * as in order, and the seek starts at a line at least this much before the
 * window's start and stops at one at least this much after its end. */
#define RG_SEEK_TOLERANCE_US INT64_C(10000000)
/* Smaller files are read in full: a binary search saves little there. */
#define RG_SEEK_MIN_BYTES ((size_t)2 << 20)
/* The bytes read at each probe of the binary search. */
#define RG_SEEK_PAGE ((size_t)16 << 10)

/* Before the first rg_linereader_next, when the sink has a window: enters a
 * sorted log by binary search over its byte offsets instead of reading it
 * from byte 0. At each probe it preads RG_SEEK_PAGE bytes, takes the first
 * line that starts in them and asks time_fn(ctx, line) for its instant, going on
 * to the next lines (and pages) while a line has none; every timed line of the
 * pages read must be in order (within RG_SEEK_TOLERANCE_US of each other and
 * of all the other probes). The reader then starts at a line that has its own
 * time, earlier than the window's start by more than the tolerance (so a
 * record's continuation lines are never split from it), and ends before a
 * line that has its own time, later than the window's end by more than the
 * tolerance; everything outside that range is left unread.
 *
 * Line numbers stay exact: the newlines before the start are counted (pread
 * in 1 MiB blocks, counted without per-line calls), so r->line and every
 * origin are those of a full scan. The importer then sees exactly the lines
 * of a full scan from its start to its end, so it builds exactly the events
 * of a full scan, on one condition: that the file is in order where it was
 * not probed. What is not read is not reported: warnings about unread lines
 * are not given, and sink->n_outside counts only the lines read (the
 * margins); r->seek says how many lines and bytes were left.
 *
 * It reads the file from byte 0 as before (r->seek.used 0, r->seek.why
 * saying why) when the sink has no window, the file is compressed, not a
 * regular file (a pipe), smaller than RG_SEEK_MIN_BYTES, when a probed line
 * says RG_LINE_NO_SEEK, when no line of the first probe has a time, when the
 * pages read are out of order, or when the window lies wholly before the
 * file's first time or after its last (then the full scan counts the lines
 * outside, so the "all-outside" warning keeps its count). Returns 0, or -1
 * with "path: cannot read: <reason>" in the sink's diag (a failed pread). */
int rg_linereader_seek(rg_linereader *r, rg_line_time_fn time_fn, void *ctx);

/* Goes on reading from byte off (the start of a line) of a plain file, up to
 * limit (0: the end of the file), as if the lines before it had been read
 * and the last of them was line number `line` (at least 1 when off > 0:
 * line 1's checks are not made again). What was buffered is dropped. For a
 * file read on two threads (split.h). Returns 0, or -1 with "path: cannot
 * read: <reason>" in the sink's diag. */
int rg_linereader_restart(rg_linereader *r, uint64_t off, uint64_t limit, long line);

/* Tells the sink's progress callback, if any, how much was read in all. */
void rg_linereader_finish(const rg_linereader *r);

/* Frees the buffer and closes the file. Safe after a failed open. */
void rg_linereader_close(rg_linereader *r);

/* ---- the event being built ---- */

/* Where the last record line went (the lines without a record's mark that
 * follow it join it only when it was kept). */
enum { RG_JOIN_NONE, RG_JOIN_KEPT, RG_JOIN_DROPPED };

typedef struct rg_linejoin {
    const char *path; /* borrowed: for warnings */
    rg_sink *sink;    /* borrowed: its arena and diag are used */
    rg_event *ev;     /* the event being built, or NULL; arena-owned, and the
                         importer's to emit, with text as its text */
    long ev_line;     /* its line */
    rg_buf text;      /* owned: the event's text so far */
    int text_cut;     /* 1 once text was cut; the importer resets it per event */
    int last;         /* RG_JOIN_NONE, _KEPT or _DROPPED */
    size_t cut_at;    /* where the reader cuts a line, as rg_linejoin_warn_cut says:
                         its max_len (0: RG_LINE_MAX_LEN); what is kept of the line
                         is RG_LINE_MAX_LEN at most */
    rg_buf scratch;   /* owned: for rg_linejoin_clean */
    rg_buf plain;     /* owned: for rg_linejoin_plain */
    size_t line_ansi; /* escapes rg_linejoin_plain removed from the line it was last given */
    size_t n_ansi;    /* escapes already removed from the event's lines: an importer that
                         starts an event from a line it gave rg_linejoin_plain sets it to
                         line_ansi; rg_linejoin_continue adds line_ansi of a joined line */
} rg_linejoin;

/* Empties j (last = RG_JOIN_NONE). path and sink are borrowed and must
 * outlive j. Free it with rg_linejoin_free(). */
void rg_linejoin_init(rg_linejoin *j, const char *path, rg_sink *sink);
/* Frees text and scratch (not ev: the arena owns it). */
void rg_linejoin_free(rg_linejoin *j);

/* Returns s[0..*n) as valid UTF-8 without NUL bytes, *n set to its length: s
 * itself when nothing had to change, else a copy in the sink's arena, where each
 * bad byte and NUL is U+FFFD and warning "utf8" counts the line. NULL when out
 * of memory (no error set: the caller reports it). */
const char *rg_linejoin_clean(rg_linejoin *j, const char *s, size_t *n, long line);

/* The event's text as an arena string, taken from j->text, which is emptied
 * (and j->text_cut reset) for the next event. ANSI colour escapes are removed
 * (rg_ansi_strip) with warning "ansi" naming the event's line, so a log written
 * for a terminal reads as text, not as U+FFFD or control bytes. NULL when out
 * of memory (no error set). */
const char *rg_linejoin_take(rg_linejoin *j);

/* s[0..*n) without ANSI terminal escapes, for the formats whose fields must be
 * found in a coloured line (a coloured level word, a coloured timestamp): s
 * itself when it has none, else a copy in j->plain (valid until the next call;
 * no allocation once the buffer has grown), *n its length, and j->line_ansi
 * the number removed (see n_ansi: rg_linejoin_take counts them in its warning
 * when the line is kept). NULL when out of memory. */
const char *rg_linejoin_plain(rg_linejoin *j, const char *s, size_t *n);

/* Appends s[0..n) to j->text, unless that would reach RG_TEXT_MAX_LEN: then it
 * appends what fits (cut on a character boundary), warns "long-text" once and
 * ignores what comes after until j->text_cut is reset. Returns 0, or -1 when
 * out of memory (no error set). */
int rg_linejoin_append(rg_linejoin *j, const char *s, size_t n, long line);

/* Counts warning "long-line" for a cut line (see rg_linereader_next). */
void rg_linejoin_warn_cut(rg_linejoin *j, long line);

/* The same for a cut line s[0..n) that is kept, and the length of it kept:
 * RG_LINE_MAX_LEN at most (on a character boundary), whatever the reader's
 * max_len, as the warning says. */
size_t rg_linejoin_cut(rg_linejoin *j, const char *s, size_t n, long line);

/* A line without a record's mark (a wrapped message, a stack trace) joins the
 * event being built with "\n" and warning "joined" (message `joined`). It is
 * skipped without a word after a record that was dropped, and with warning
 * "orphan-line" (message `orphan`) before any record. Returns 0, or -1 with
 * "path:line: out of memory" in the sink's diag. */
int rg_linejoin_continue(rg_linejoin *j, const char *s, size_t n, long line, int cut,
                         const char *orphan, const char *joined);

#endif
