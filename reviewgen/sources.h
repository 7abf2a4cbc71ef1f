/* sources.h -- finds the sources of an incident folder: the manifest's
 * "sources" first, then every file or folder an importer recognises
 * (README, "The incident folder"). */
#ifndef RG_SOURCES_H
#define RG_SOURCES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "importer.h"
#include "manifest.h"

typedef struct rg_found_source {
    const char *path; /* openable path: "<dir>/<rel>" */
    const char *rel;  /* relative to the incident folder, used in origins */
    const rg_importer *importer;
    int score;                   /* sniff score, 100 when the manifest forced the format */
    int forced;                  /* the manifest named the format */
    rg_source src;               /* what the importer is told */
    const struct rg_csvmap *csv; /* the manifest's CSV mapping (given to the sink), or NULL */
    uint64_t n_events;           /* events kept from it */
    uint64_t n_folded;           /* in-window lines folded (README, "Evidence of any size") */
    uint64_t n_copied;           /* in-window records of copies and their repeats (duplicates) */
    uint64_t n_outside;          /* events outside the window */
    uint64_t n_series;          /* monitoring series read from it (metric sources), merged or not */
    uint64_t n_samples;         /* their samples inside the window */
    uint64_t n_samples_outside; /* their samples cut: outside the window */
    rg_seekinfo seek; /* how its log file(s) were read: by seek or in full (README, "Seek") */
    int listed;       /* the manifest lists it */
    /* The rotated pieces of one log (app.log-20261120.zst, app.log.2.gz,
     * app.log.1, app.log), oldest first, when there are several: the source
     * is then named after their base ("app.log"), and the importer reads each
     * piece in turn. n_pieces 0: the source is path alone. Arena-owned. */
    const char **pieces, **piece_rels;
    size_t n_pieces;
} rg_found_source;

/* The base of a rotated log's piece: for "app.log.1", "app.log.2.gz",
 * "app.log-20261120.zst", "app.log.2026-11-20" and "app.log.gz", the length of
 * "app.log", and its age (*kind 1 numbered with *key its number, 2 dated with
 * *key the date's digits, 0 the live file with *key 0). For any other name,
 * strlen(name) and kind 0. Exposed for tests. */
size_t rg_rotation_base(const char *name, int *kind, long long *key);

/* Fills *out with the sources of dir (arena-owned array, sorted: manifest
 * sources in manifest order, then the rest by name). Files nothing recognises
 * are warnings; two importers claiming a file with the same score is an error
 * (set "format" in the manifest). The rotated pieces of a log that the same
 * streaming importer reads become one source (README, "Compressed and rotated
 * logs"); a piece the manifest lists on its own stays its own. Returns 0 or -1. */
int rg_sources_find(const char *dir, const rg_manifest *m, rg_arena *a, rg_found_source **out,
                    size_t *n, rg_diag *diag);

/* The most importers the registry may hold (rg_sources_scores's arrays). */
#define RG_MAX_IMPORTERS 64

/* Scores path with every importer, as build does (a file by its name and
 * first 4 KiB, a folder by what sniff finds in it): scores[i] is
 * rg_importers[i]'s score, for the first max importers. Sets *is_dir.
 * Returns how many were scored, or -1 when path cannot be read (errno
 * says why). For `reviewgen sniff`. */
int rg_sources_scores(const char *path, int *scores, size_t max, int *is_dir);

/* The importer the scores (as rg_sources_scores gave them) pick: the
 * highest, when it reaches RG_SNIFF_THRESHOLD, else NULL. *score gets the
 * highest score; *tie (tie may be NULL) the first other importer with that
 * same score, when it reaches the threshold. Borrowed: registry entries. */
const rg_importer *rg_sources_pick(const int *scores, size_t n, int *score,
                                   const rg_importer **tie);

/* Scores path with every importer and returns the best (NULL when none
 * reaches the threshold); *score gets its score and *tie the second importer
 * with the same score, if any. Exposed for `reviewgen formats` and tests. */
const rg_importer *rg_sources_sniff(const char *path, int *score, const rg_importer **tie);

/* The importer that comes nearest to reading path, whatever its score (NULL
 * when every importer says 0); *score gets its score. For saying why a file
 * was not read. */
const rg_importer *rg_sources_nearest(const char *path, int *score);

/* The lowest sniff score that counts as recognition. */
#define RG_SNIFF_THRESHOLD 50

#endif
