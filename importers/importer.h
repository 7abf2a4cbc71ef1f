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
#include "../reviewgen/timeparse.h"

struct rg_csvmap;

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
    /* The manifest source's "at" as written, or NULL when not given: the
     * instant for records that carry no time of their own (Grafana's legacy
     * webhook); at_us is that instant, clock offset not applied. */
    const char *at_text;
    int64_t at_us;
} rg_source;

typedef struct rg_sink rg_sink;

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
    /* The manifest's mapping of the CSV source being read (reviewgen/csvmap.h;
     * only the csv importer reads it), or NULL. It rides on the sink rather
     * than on rg_source so that rg_source keeps its fields: importers' tests
     * build it positionally. */
    const struct rg_csvmap *csv;
};

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
/* Copies s[0..len) into the arena as valid UTF-8: each invalid byte becomes
 * U+FFFD and *n_bad (if not NULL) is incremented by the number replaced. */
char *rg_utf8_clean(rg_arena *a, const char *s, size_t len, size_t *n_bad);

/* The type a log line's level word gives when the format has no level field
 * ("log.error" for FATAL, CRIT, ERROR, ERR, ...; "log.warning"; "log.info"),
 * from the first upper-case level word on word boundaries; NULL when none.
 * Shared by the syslog and JSON-lines importers so both read levels alike. */
const char *rg_level_word_type(const char *s, size_t n);
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
