/* importer.h -- the interface every input format implements, and the sink
 * that receives their events (README, "Formats"). One file per format in
 * importers/, one line per format in importers/registry.c. */
#ifndef RG_IMPORTER_H
#define RG_IMPORTER_H

#include <stddef.h>
#include <stdint.h>

#include "../reviewgen/arena.h"
#include "../reviewgen/diag.h"
#include "../reviewgen/event.h"
#include "../reviewgen/series.h"
#include "../reviewgen/timeparse.h"

struct rg_csvmap;
struct rg_foldable;

/* What the core tells an importer about the source it reads. All borrowed;
 * valid for the duration of parse(). */
typedef struct rg_source {
    const char *path;  /* file or folder, as shown in messages ("inc/app.log") */
    const char *name;  /* display name for rg_event.source; importers that hold
                          several streams (Slack channels) may derive their own */
    const rg_tz *zone; /* for timestamps without an offset; never NULL */
    int zone_explicit; /* 1 when the manifest named the zone, 0 when UTC was assumed */
    int64_t offset_us; /* clock correction: added to every timestamp of this source */
    int64_t ref_us;    /* an instant near the incident, for year-less timestamps;
                          INT64_MIN when unknown */
    /* Where ref_us came from when there is no incident window ("the other
     * sources' evidence (...)", "the file's modification time"), or NULL: an
     * importer that reads a year-less time says so once (warning "no-year"). */
    const char *ref_what;
    /* The manifest's "pattern" (a PCRE2 regular expression with named groups
     * time, level, actor, text) and "time_format" (rg_time_format_read) for a
     * text log; NULL when not given. */
    const char *pattern;
    const char *time_format;
    /* The manifest source's "at" as written, or NULL when not given: the
     * instant for records that carry no time of their own (Grafana's legacy
     * webhook); at_us is that instant, clock offset not applied. */
    const char *at_text;
    int64_t at_us;
} rg_source;

typedef struct rg_sink rg_sink;

/* A time range, both ends included. */
typedef struct rg_span {
    int64_t from, to;
} rg_span;

/* How a streaming log importer read its file(s) when the sink had a window
 * (README, "Seek, don't scan"); importers/linereader.h fills it. Counts add
 * up over the rotated pieces of one source. */
typedef struct rg_seekinfo {
    unsigned n_seek, n_scan; /* files entered by seek / read from byte 0 */
    uint64_t bytes;          /* their size in all (as stored) */
    uint64_t bytes_read;     /* bytes read and parsed as lines (the probes included) */
    uint64_t bytes_counted;  /* bytes before the seek's start: only their newlines counted */
    uint64_t lines_skipped;  /* lines before the seek's start, counted, not read */
    char why[120];           /* the last file read from byte 0: why ("the file is gzip") */
} rg_seekinfo;

/* Receives events. The importer allocates each event and its strings in
 * sink->arena (rg_event_new), fills every field but seq/count/last_us/milestone
 * and calls emit(). Returns 0, or -1 on a fatal problem (out of memory), after
 * which parse() must return -1. */
struct rg_sink {
    rg_arena *arena;
    rg_diag *diag;
    int (*emit)(rg_sink *sink, rg_event *ev);
    void *ctx;
    /* Streaming cut for logs: when has_window, rg_sink_keep() says whether an
     * instant lies in [from_us, to_us] and counts those that do not. */
    int has_window;
    int64_t from_us, to_us;
    uint64_t n_outside;
    /* Optional progress callback for big files (bytes read, bytes in total). */
    void (*progress)(rg_sink *sink, uint64_t done, uint64_t total);
    /* Receives a monitoring series (metric importers, README "Metrics";
     * reviewgen/series.h). The importer allocates the rg_series and its
     * strings in sink->arena, sets name, labels, unit and origin
     * ("path:series 2"), and passes the samples (times with src->offset_us
     * applied, in any order) in samples[0..n), which it keeps owning: the
     * core copies them (sorted, one per instant, cut to the window when
     * has_window) and keeps the series. Returns 0, or -1 on a fatal problem
     * (out of memory), after which parse() must return -1. NULL in a sink
     * that takes no series: a metric importer then fails with an error. */
    int (*emit_series)(rg_sink *sink, rg_series *series, const rg_sample *samples, size_t n);
    /* The manifest's mapping of the CSV source being read (reviewgen/csvmap.h;
     * only the csv importer reads it), or NULL. It rides on the sink rather
     * than on rg_source so that rg_source keeps its fields: importers' tests
     * build it positionally. */
    const struct rg_csvmap *csv;
    /* Summarising evidence of any size (README, "Evidence of any size"): an
     * importer offers every in-window log line and every chat message to
     * rg_sink_fold() before it allocates anything for it; the core either
     * folds it into its cluster and per-minute counts (returns 0: the importer
     * builds no event) or asks for the event (returns 1). NULL: every record
     * becomes an event, as in importers' own tests. */
    int (*fold)(rg_sink *sink, const struct rg_foldable *f);
    /* "last message repeated n times" right after a line fold() folded or
     * kept: the core counts n more lines of its minute, and of its cluster
     * when folded (a kept line's event holds them as "repeated"). NULL with
     * fold. */
    void (*fold_repeat)(rg_sink *sink, long n);
    /* How the log files were read (filled by rg_linereader_seek; zero when
     * not tried: no window, or a file smaller than the seek's minimum). */
    rg_seekinfo seek;
    /* The parts of the file being read's time that another file of its
     * format covers (README, "Evidence of any size"), in time order; none
     * (NULL, 0) for the usual file. fold() wants the identity
     * (rg_foldable.raw) of a record timed inside one: rg_sink_wants_ident. */
    const struct rg_span *overlaps;
    size_t n_overlaps;
    /* When not NULL, the caller wants only the span of the file's times
     * (build.c's first read of the log files of a format, without a window:
     * README, "Evidence of any size"). A plain log file of at least
     * RG_SEEK_MIN_BYTES whose probed pages are in time order is then not
     * read: rg_linereader_seek probes its first and last pages and 14 pages
     * between, tells range() the span of their times widened by
     * RG_SEEK_TOLERANCE_US on each side, and leaves nothing to read. Any
     * other file is read as usual (fold and emit see its records). */
    void (*range)(rg_sink *sink, int64_t first_us, int64_t last_us);
    /* One file read on two threads (split.h; README, "Evidence of any
     * size"). shard_open gives a sink for the second thread, or NULL when
     * the file must be read on one (no fold, a copy, an overlap with another
     * file, out of memory): its fold and fold_repeat count into a summary of
     * its own, a line it would keep is handed back (fold returns 1 and
     * counts nothing but its cluster's kept lines), it has its own diag
     * (never read: a thread whose work fails is read again), window and
     * n_outside, and no emit, progress or arena for events. After the
     * thread, shard_check says 0 when its summary can be merged after the
     * lines handed back, 1 when not (the importer's thread then reads the
     * thread's part itself); shard_merge merges it (its line numbers plus
     * line_base; take_last: its last line is the one a repeat after it
     * counts onto) and adds its n_outside, 0 or -1 (out of memory, error
     * in diag). shard_close frees the shard (NULL is fine). */
    rg_sink *(*shard_open)(rg_sink *sink);
    int (*shard_check)(rg_sink *sink, rg_sink *shard);
    int (*shard_merge)(rg_sink *sink, rg_sink *shard, long line_base, int take_last);
    void (*shard_close)(rg_sink *sink, rg_sink *shard);
};

/* What an importer knows of a record before it builds an event: enough for
 * the core to cluster it. Every pointer is borrowed, valid during the call
 * only; lengths are in bytes; strings need not be NUL-terminated. */
typedef struct rg_foldable {
    int64_t at_us;    /* the instant, src->offset_us applied */
    const char *type; /* the event type it would get: "log.info", "chat.message", ... */
    const char *text; /* the message as written (may hold invalid UTF-8) */
    size_t text_len;
    const char *actor; /* who wrote it (chat author, host, bot name), or NULL */
    size_t actor_len;
    int human; /* 1 when a person wrote it (never folded away) */
    long line; /* its line in src->path (0 when the format has none) */
    /* The record's identity, the bytes the kept event's identity is hashed
     * from (rg_event_line_identity or rg_event_identity: the line as
     * written, or the format's own id such as journald's __CURSOR), or NULL
     * when the importer gives none: then its copies in a file that overlaps
     * another in part are not recognised (README, "Evidence of any size").
     * Importers that must build it do so only when rg_sink_wants_ident. */
    const char *raw;
    size_t raw_len;
    /* When has_sig is 1, text's part of the cluster key
     * (rg_signature_acc(text, text_len, &sig_marked)), worked out before
     * (prepass.h); the core then does not read text for the key. sig_marked
     * may be RG_SIG_MARKED_BY_SIG (signature.h): the core then asks the
     * text once per cluster. */
    int has_sig, sig_marked;
    uint64_t sig_acc;
} rg_foldable;

/* The log types the level functions below return (common.c), always these
 * objects: the summary knows them by their address, without comparing
 * text for every line (reviewgen/logsum.c). Another pointer with the same
 * text is the same type. */
extern const char rg_type_log_info[], rg_type_log_warning[], rg_type_log_error[];

/* 1: build and emit the event; 0: folded by the core (nothing to build);
 * -1: out of memory (error in sink->diag; parse() returns -1). */
static inline int rg_sink_fold(rg_sink *sink, const rg_foldable *f)
{
    return sink->fold ? sink->fold(sink, f) : 1;
}

/* 1 when fold() wants the identity of a record at at_us (rg_foldable.raw):
 * its file shares that time with another file of its format. An importer
 * that must build the string (OTLP's sorted JSON, Loki's labels, a CSV row)
 * builds it only then, so the usual record costs nothing more. */
static inline int rg_sink_wants_ident(const rg_sink *sink, int64_t at_us)
{
    for (size_t i = 0; i < sink->n_overlaps; i++)
        if (at_us >= sink->overlaps[i].from && at_us <= sink->overlaps[i].to)
            return 1;
    return 0;
}

/* Counts n repeats of the line just offered to rg_sink_fold. */
static inline void rg_sink_fold_repeat(rg_sink *sink, long n)
{
    if (sink->fold_repeat && n > 0)
        sink->fold_repeat(sink, n);
}

/* 1 when an event at at_us should be built and emitted; 0 when it falls outside
 * the window (counted in n_outside). Call it before allocating anything for a
 * log line, so memory grows with the events kept, not with file size. */
static inline int rg_sink_keep(rg_sink *sink, int64_t at_us)
{
    if (!sink->has_window || (at_us >= sink->from_us && at_us <= sink->to_us))
        return 1;
    sink->n_outside++;
    return 0;
}

typedef struct rg_importer {
    const char *name;       /* the manifest's "format" value */
    rg_kind kind;           /* the kind of most of its events */
    const char *summary;    /* one line for `reviewgen formats` */
    const char *recognises; /* what sniff looks for, for `reviewgen formats` */
    int streams;            /* 1 for logs: read after the window is known, cut while streaming */
    int yearless;           /* 1 when its times may lack a year (RFC 3164, glog): with no
                               window it is read after the sources whose times have one, and
                               takes its year from their evidence (README, "Time") */
    /* Scores 0..100 how sure it is that `path` is its format. For a file, head
     * holds its first bytes (up to 4 KiB, head_len of them); for a folder
     * (is_dir = 1) head is NULL and sniff may stat/open files inside it. Never
     * allocates on the heap, never fails, has no side effects. */
    int (*sniff)(const char *path, int is_dir, const char *head, size_t head_len);
    /* Reads the source and emits its events. Returns 0, or -1 with an error
     * "path:line:col: message" in sink->diag when the source cannot be read.
     * Bad records inside a readable source are warnings (rg_diag_warn), never
     * silently dropped. */
    int (*parse)(const rg_source *src, rg_sink *sink);
} rg_importer;

/* The registry: NULL-terminated, in the order `reviewgen formats` lists them. */
extern const rg_importer *const rg_importers[];
/* Borrowed: the importer called `name`, or NULL. */
const rg_importer *rg_importer_find(const char *name);

/* Shared helpers for importers (importers/common.c). */

/* Builds "path:line" in the arena (origin of an event). */
const char *rg_origin(rg_arena *a, const char *path, long line);
/* Builds time_text: the text as written, plus " (ZONE assumed)" when flags has
 * RG_TIME_LOCAL. Arena-owned. */
const char *rg_time_text(rg_arena *a, const char *text, size_t len, const rg_source *src,
                         int flags);
/* Warns "dst-gap" or "dst-overlap" when flags say the local time ts[0..ts_len)
 * does not exist or happens twice in src's zone, naming the reading taken
 * (at_us, and for an overlap `which`, e.g. "the first one"). Nothing otherwise. */
void rg_warn_local_time(rg_diag *d, const rg_source *src, long line, const char *ts, size_t ts_len,
                        int flags, int64_t at_us, const char *which);
/* Warns "no-year" once per source when a time without a year was read and
 * src->ref_what says where its year came from (no incident window). */
void rg_warn_no_year(rg_diag *d, const rg_source *src, long line, int flags);
/* Copies s[0..len) into the arena as valid UTF-8: each invalid byte becomes
 * U+FFFD and *n_bad (if not NULL) is incremented by the number replaced. */
char *rg_utf8_clean(rg_arena *a, const char *s, size_t len, size_t *n_bad);

/* The type a log line's level word gives when the format has no level field
 * ("log.error" for FATAL, CRIT, ERROR, ERR, ...; "log.warning"; "log.info"),
 * from the first upper-case level word on word boundaries; NULL when none.
 * Shared by the syslog and JSON-lines importers so both read levels alike. */
const char *rg_level_word_type(const char *s, size_t n);
/* The one level rule of every log importer (README, "Logs: levels"): the
 * level field's value, in whatever form the format writes it, gives the type
 * "log.error", "log.warning" or "log.info". */

/* A level word, any case: fatal, panic, dpanic, crit(ical), alert, emerg(ency),
 * severe, error, err, failure -> log.error; warn, warning -> log.warning; any other
 * word (info, notice, debug, trace, information, verbose, custom) -> log.info.
 * One capital letter is logcat's and glog's level: E, F, A error; W warning.
 * Digits are read as a number by rg_level_number_type. */
const char *rg_level_name_type(const char *s, size_t n);
/* 1 when s[0..n) is a level word (any case): error, warn, info, debug, ...
 * (the words a log's level column holds), so a shape can tell it from a host. */
int rg_level_is_word(const char *s, size_t n);
/* 0 when s[0..n) cannot be a level word: every one is 3 to 11 letters, so
 * one that ends in a digit ("web-1") is ruled out without a call; a test
 * callers make before rg_level_is_word where it runs for every line (the
 * syslog host), and rg_level_is_word's own first. */
static inline int rg_level_may_be_word(const char *s, size_t n)
{
    return n >= 3 && n <= 11 && (unsigned)(((unsigned char)s[n - 1] | 0x20u) - 'a') < 26;
}
/* pino and bunyan numbers: >= 50 error, 40-49 warning, else info. */
const char *rg_level_number_type(long long v);
/* A syslog severity 0-7 (journald PRIORITY, GELF level, syslog PRI & 7): 0-3
 * error, 4 warning, else info. */
const char *rg_level_syslog_type(long long sev);
/* The syslog name of a severity 0-7 ("emerg" .. "debug"), or NULL. */
const char *rg_level_syslog_name(long long sev);
/* An OpenTelemetry severityNumber: 17-24 error, 13-16 warning, 1-12 info; NULL
 * for 0 (unspecified) and out of range, so the severity text decides. */
const char *rg_level_otel_type(long long number);

/* Removes ANSI terminal escapes (colour codes "ESC[31m", other CSI sequences,
 * OSC titles, two-byte ESC sequences) from s[0..n) in place, never writing
 * past s[n - 1]. Returns the new length (the caller terminates the string) and
 * adds the number of sequences removed to *removed (if not NULL).
 * Log importers run every kept text through it (README, "Logs"). */
size_t rg_ansi_strip(char *s, size_t n, size_t *removed);

/* 1 when s[0..n) holds only blanks (space, tab, CR, FF, VT). Inline: the
 * log importers ask it of every line. */
static inline int rg_is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\f' && s[i] != '\v')
            return 0;
    return 1;
}

#endif
