/* output.h -- writing files so a failure never leaves a half-written or
 * missing output: a temporary file beside the target, flushed, synced,
 * closed, and renamed only when everything else has succeeded (RELIABILITY 12). */
#ifndef RG_OUTPUT_H
#define RG_OUTPUT_H

#include <stddef.h>

#include "diag.h"

typedef struct rg_pending {
    char *tmp;    /* the temporary file, beside target (rg_malloc'd) */
    char *target; /* rg_malloc'd */
} rg_pending;

/* Makes sure dir is a folder to write into, creating it (not its parents)
 * when missing. Returns 0, or -1 with "reviewgen: cannot create 'dir':
 * reason" or "reviewgen: cannot write into 'dir': Not a directory" in diag. */
int rg_output_dir(const char *dir, rg_diag *diag);

/* Writes data to a new temporary file beside target, fsyncs and closes it.
 * Returns 0, or -1 with "reviewgen: cannot write 'target': reason" in diag and
 * no temporary file left behind. */
int rg_output_stage(rg_pending *p, const char *target, const char *data, size_t len, rg_diag *diag);
/* Renames the temporary file onto its target and syncs the folder. */
int rg_output_commit(rg_pending *p, rg_diag *diag);
/* Removes the temporary file (if any) and frees p's strings. Safe after commit. */
void rg_output_discard(rg_pending *p);

/* Test hook: make the nth write-side system call from now fail with errno
 * err (n < 0: never). Simulates ENOSPC/EIO without root-only tricks. */
void rg_output_fail_after(long n, int err);

#endif
