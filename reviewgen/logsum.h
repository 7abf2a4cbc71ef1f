/* logsum.h -- logs summarised while they stream (README, "Evidence of any
 * size"): the core side of rg_sink_fold. Error and warning lines and lines a
 * rule marks (deploy, restart, failover...) become events; every other
 * in-window line is counted into its cluster and into per-minute counts by
 * level and source, so memory follows the clusters and minutes, not lines.
 * Also per cluster: its folded lines' five-minute runs (at most one per
 * minute of the cluster), and the list of log files read, to recognise a
 * whole-file copy (rg_logsum_file_is_copy), and the lines of two files that
 * overlap in part, hashed only where they overlap (rg_logsum_overlap_dup;
 * README, "Evidence of any size"). */
#ifndef RG_LOGSUM_H
#define RG_LOGSUM_H

#include <stddef.h>
#include <stdint.h>

#include "../importers/importer.h"
#include "arena.h"
#include "event.h"
#include "signature.h"

/* The first RG_LOGSUM_KEEP error, warning or marked lines of one cluster
 * become events; the rest of the cluster is folded. Bot chat messages: the
 * first RG_LOGSUM_KEEP_CHAT of a template. */
#define RG_LOGSUM_KEEP 20
#define RG_LOGSUM_KEEP_CHAT 3

/* Levels of the per-minute counts. */
enum { RG_LEVEL_ERROR, RG_LEVEL_WARNING, RG_LEVEL_INFO, RG_LEVEL_COUNT };

/* The timeline's run rule (README, "Timeline"): lines of a cluster more than
 * five minutes apart are two entries. */
#define RG_LOGSUM_GAP_US (INT64_C(5) * 60 * 1000000)

/* One run of a cluster's folded lines: no two consecutive lines of it (in
 * time) more than RG_LOGSUM_GAP_US apart, and more than that from the runs
 * beside it. Text (up to 1 KiB) and origin are those of the line that opened
 * it, arena-owned. */
typedef struct rg_logsum_run {
    int64_t first_us, last_us;
    uint64_t n;
    const char *text;
    const char *origin;
    long line; /* origin's line (0: none), so rg_logsum_merge can renumber it */
} rg_logsum_run;

/* One cluster: lines of one source, one type and one signature
 * (rg_timeline_signature). Strings arena-owned. */
typedef struct rg_logsum_cluster {
    uint64_t key;            /* hash of source, type and signature; 0 marks a free slot */
    uint64_t seq;            /* the order the clusters were met in: 0, 1, 2... */
    size_t source;           /* index of the source (rg_logsum_fold's caller numbers them) */
    const char *source_name; /* borrowed from the caller */
    const char *type;        /* "log.info", "chat.message", ... */
    rg_kind kind;
    /* Whether its lines are marked where that follows from the signature
     * (RG_SIG_MARKED_BY_SIG, signature.h): 0 not asked yet, 1 no, 2 yes. */
    signed char marked_by_sig;
    uint64_t n_kept;   /* lines of the cluster that became events */
    uint64_t n_folded; /* lines folded: counted here only */
    /* Of the folded lines: the first one's time, text, actor and origin
     * ("app.log:10452"), and the last one's time. NULL text when none folded. */
    int64_t first_us, last_us;
    const char *text;
    const char *actor;
    const char *origin;
    long line; /* origin's line (0: none), so rg_logsum_merge can renumber it */
    /* The last kept line's time and line, read by rg_logsum_merge_check. */
    int64_t kept_last_us;
    long kept_last_line;
    /* The folded lines' runs in time order (rg_malloc'd, owned by the
     * rg_logsum): at most one per minute that holds a line of the cluster,
     * so memory still follows minutes, not lines. */
    rg_logsum_run *runs;
    size_t n_runs, cap_runs;
} rg_logsum_cluster;

/* Lines of one UTC minute, one source and one level (kept and folded alike),
 * and of them the folded ones with the first and last folded instant. */
typedef struct rg_logsum_minute {
    int64_t minute; /* floor(at_us / 60 s) */
    size_t source;
    int level; /* RG_LEVEL_* */
    uint64_t n, n_folded;
    /* Of n, the repeats of kept lines (syslog's "last message repeated N
     * times" after an event, which keeps them as its "repeated"): neither
     * events nor folded, but lines of the minute and of the error burst. */
    uint64_t n_repeated;
    int64_t first_us, last_us;          /* of the folded and repeated lines */
    const char *first_path, *last_path; /* borrowed (the caller's rel paths) */
    long first_line, last_line;
    int used;
} rg_logsum_minute;

/* Folded error lines of one minute (all sources), and the repeats of kept
 * ones (rg_logsum_minute.n_repeated), for the burst detection
 * (README, "Error bursts"): origins formatted once per minute. */
typedef struct rg_error_minute {
    int64_t minute;
    uint64_t n;
    int64_t first_us, last_us;
    const char *first_origin, *last_origin;
} rg_error_minute;

typedef struct rg_logsum {
    rg_arena *arena;             /* borrowed: cluster texts and origins */
    rg_logsum_cluster *clusters; /* rg_malloc'd open-addressing table, cap slots */
    size_t n_clusters, cap_clusters;
    rg_logsum_minute *minutes; /* rg_malloc'd open-addressing table */
    size_t n_minutes, cap_minutes;
    /* 1 in a shard's summary (rg_logsum_merge): a line it keeps is one the
     * importer hands back to the main thread, which offers it again to its own
     * summary, so it is not counted here (only its cluster's n_kept is). */
    int shard;
    uint64_t n_lines;  /* lines offered */
    uint64_t n_folded; /* of them folded */
    /* After rg_logsum_finish: folded clusters and minutes sorted by time
     * (rg_malloc'd arrays of pointers into the tables / owned arrays). */
    rg_logsum_cluster **sorted_clusters;
    size_t n_sorted_clusters; /* clusters with folded lines */
    rg_logsum_minute **sorted_minutes;
    rg_error_minute *error_minutes; /* minutes holding folded errors, in time order */
    size_t n_error_minutes;
    /* What rg_logsum_fold remembers between lines, so that the work of a
     * type or a minute is done once, not per line: the hash of the cluster
     * key's source and type for the last few (source, type) pairs, and the
     * slot of the last minute of each level. */
    struct {
        size_t source;
        char type[32];     /* a copy: the caller's type is borrowed for one call */
        const char *fixed; /* the type's address when it is one of importer.h's
                              rg_type_log_*, which never change; else NULL */
        uint64_t hash;
        int level, is_log, used;
    } types[4];
    size_t next_type;
    size_t minute_at[RG_LEVEL_COUNT]; /* an index into minutes, checked before use */
    /* The last log line offered (its cluster key, minute, source and level,
     * its time and origin, whether it was kept), so that syslog's "last
     * message repeated N times" after it adds N to its counts
     * (rg_logsum_repeat). `has` is cleared by a line that is not a log line
     * and by a copy of a line read before (rg_logsum_overlap_dup): a repeat
     * then has nothing of its own to count. */
    struct {
        uint64_t key;
        int64_t at_us;
        size_t source;
        const char *rel;
        long line;
        int level, is_log, kept, has;
    } last;
    /* The log files read so far, for rg_logsum_file_is_copy: path (borrowed),
     * size, and the hash of the content once a file of the same size came. */
    struct rg_logsum_file {
        const char *path;
        uint64_t size, hash;
        int hashed;
    } * files; /* rg_malloc'd */
    size_t n_files, cap_files;
    uint64_t n_copied; /* in-window records of copies (whole-file or overlap) and the
                          lines their repeats stand for: duplicates, not folded */
    /* Lines in a time range two log files cover (rg_logsum_overlap_dup):
     * open addressing by line hash, one 24-byte slot per distinct line (file
     * 0 marks a free slot): how many copies of it were let through, and how
     * many the file being read has shown; rg_malloc'd, under half full. */
    struct rg_logsum_seen {
        uint64_t line;
        uint32_t file; /* the file `cur` counts in */
        uint32_t let, cur;
    } * seen;
    size_t n_seen, cap_seen; /* distinct lines, slots */
    uint64_t n_hashed;       /* lines rg_logsum_overlap_dup was asked about */
} rg_logsum;

/* Sets sum up empty; arena is borrowed and must outlive it. */
void rg_logsum_init(rg_logsum *sum, rg_arena *arena);
void rg_logsum_free(rg_logsum *sum);

/* The fold decision for one record of source `source` (named source_name,
 * read from the file shown as rel): 1 keep (the importer builds the event), 0
 * folded, -1 out of memory. Allocates only for a new cluster or minute. */
int rg_logsum_fold(rg_logsum *sum, size_t source, const char *source_name, const char *rel,
                   const rg_foldable *f);

/* Adds n more lines like the last log line offered (syslog's "last message
 * repeated n times" after it, README "Evidence of any size"), at the instant
 * of the line it repeats: for a folded line, n to its cluster's folded count
 * and to its minute's count and folded count; for a kept one, n to its
 * minute's count and n_repeated (so log_volume and the error burst count
 * them as they would count folded ones; the importer adds n to the event's
 * "repeated" attribute). Returns the lines folded: n, or 0 after a kept line,
 * a copy (rg_logsum_overlap_dup) or nothing. Allocates nothing. */
uint64_t rg_logsum_repeat(rg_logsum *sum, uint64_t n);

/* One file read on two threads (importers/split.h; README, "Evidence of any
 * size"): a second thread folds the lines after a point of the file into a
 * summary of its own (`from`: shard set, its own arena, the same source and
 * rel as the main thread's) and hands back the lines it would keep; the
 * main thread reads the lines before that point, then the handed-back ones,
 * then merges. The result must be the summary of one reading in file order.
 * Counts add up whatever the order; a minute's first and last lines are
 * chosen by time, then by line number (rg_logsum_merge). What remains is a
 * cluster whose folded lines from both threads could mix: given `into` as
 * the main thread left it before the handed-back lines, 0 when every
 * cluster of `from` with folded lines comes after all of `into`'s and the
 * handed-back ones' folded lines of that cluster, in file order (no
 * handed-back line that would fold comes after from's first folded line)
 * and in time (from's first is no earlier than their last): its runs then
 * join as one reading would join them. 1 when not: the caller reads the
 * lines itself. */
int rg_logsum_merge_check(const rg_logsum *into, const rg_logsum *from);

/* Adds from's folded clusters, runs and minutes to into (after the
 * handed-back lines), its line numbers shifted by line_base and its strings
 * copied to into's arena; with take_last, from's last line offered becomes
 * the one a repeat counts onto (the line before the main thread's next one
 * was from's). from is left as it was (the caller frees it). 0, or -1 when
 * out of memory. */
int rg_logsum_merge(rg_logsum *into, const rg_logsum *from, long line_base, const char *rel,
                    int take_last);

/* Whole-file duplicates (README, "Evidence of any size"): 1 when the log
 * file at path has the size and the content of a file already offered here
 * (the same log in the folder twice, a rotated piece copied whole), 0 when
 * not (it is then remembered), -1 when out of memory. Only files of equal
 * size are read for their 64-bit content hash, so the usual folder costs one
 * stat per file and nothing per line. A file that cannot be read is not a
 * copy (its importer reports the error). Every line of a copy is a record
 * read twice: the caller counts its in-window records in n_copied and folds
 * or keeps none of them, exactly what the timeline's rule gives for a
 * line-for-line copy (README, "Timeline"). */
int rg_logsum_file_is_copy(rg_logsum *sum, const char *path);

/* Partial overlaps (README, "Evidence of any size"): for a line raw[0..n)
 * of log file `file` (1, 2, ...: one number per file read; the lines of a
 * file are offered together, file after file, as the build reads them) whose
 * time lies where two files of its format overlap, 1 when it is a record
 * read before (the caller counts it in n_copied and neither folds nor keeps
 * it), 0 when it is let through, -1 when out of memory. The timeline's rule
 * (README, "Timeline"): the k-th copy of a line in a file is let through
 * only when no file had k copies of it before, so a line keeps as many
 * copies as the file that holds the most, and identical lines of one file
 * stay distinct. Memory: one 24-byte slot per distinct line asked about, the
 * table doubling and kept under half full (24 to 96 bytes a line, and the
 * old table beside the new one while it grows), so it follows the overlap,
 * not the files. Counts stop at 2^32 - 1 copies of one line in one file. */
int rg_logsum_overlap_dup(rg_logsum *sum, const char *raw, size_t n, uint32_t file);

/* Sorts what was gathered for the outputs and the burst detection.
 * Returns 0, -1 when out of memory. */
int rg_logsum_finish(rg_logsum *sum);

/* Adds the folded lines to the timeline's entries (*entries, in time order),
 * keeping its five-minute runs (README, "Timeline"): the runs of a cluster's
 * folded lines and its kept entries (same source, type and signature) that
 * lie within RG_LOGSUM_GAP_US of each other are one run, shown as its first
 * kept entry with the count and last time of all its lines (a later kept
 * entry of the run is absorbed into it); a run of folded lines alone gets an
 * entry of its own (an arena event: count, first and last time, text and
 * origin of the line that opened it), merged in by time. *entries is
 * replaced by a new arena array. 0 or -1. */
int rg_logsum_entries(const rg_logsum *sum, rg_arena *a, rg_event ***entries, size_t *n);

#endif
