/* output.h -- the file half of publishing (publish.h has the protocol): an
 * output folder locked while we write into it, temporary files under a name
 * pattern only reviewgen uses, written and fsynced; renames; the folder
 * fsynced; the I/O failure counter the fault tests drive; and the handler
 * that removes our temporaries on SIGINT, SIGTERM and SIGHUP (README,
 * "Outputs and the store change together"; RELIABILITY.md). */
#ifndef RG_OUTPUT_H
#define RG_OUTPUT_H

#include <limits.h>
#include <stddef.h>

#include "diag.h"

/* A temporary is named TARGET + RG_OUTPUT_TMP_MARK + six letters or digits
 * ("review.md.reviewgen.tmp.x3Fq9A"): a pattern nobody else uses, so
 * leftovers of a crash can be removed without touching anyone's files. */
#define RG_OUTPUT_TMP_MARK ".reviewgen.tmp."
/* Longest name (bytes) of a file in a folder, and of a temporary's name
 * buffer without its NUL. Longer target names are an error, never cut. */
#define RG_OUTPUT_NAME_MAX 255
/* Longest path (bytes) of an output folder: with '/', a name of
 * RG_OUTPUT_NAME_MAX and the NUL, every file in it stays within PATH_MAX
 * (4096 on Linux, so 3839). A longer folder is an error before anything is
 * written: never a path cut short, in our buffers or the system's. */
#define RG_OUTPUT_DIR_MAX (PATH_MAX - 2 - RG_OUTPUT_NAME_MAX)
/* How long a second reviewgen waits for the folder another one is writing
 * into before it gives up. */
#define RG_OUTPUT_LOCK_SECONDS 30

typedef struct rg_outdir {
    int fd;     /* the folder, open and locked (flock LOCK_EX) until closed */
    char *path; /* as the caller gave it, for messages; rg_malloc'd */
} rg_outdir;

/* Opens the folder `dir` to write into, creating it (not its parents) when
 * missing and `create` is set, and locks it against other reviewgen
 * processes (flock on the folder itself, so no lock file is left behind;
 * waits up to RG_OUTPUT_LOCK_SECONDS). On a file system without flock the
 * folder is used unlocked. Returns 0; 1 when the folder is missing and
 * `create` is 0; -1 with "reviewgen: cannot create 'dir': reason",
 * "reviewgen: cannot write into 'dir': reason" or "reviewgen: 'dir' is busy:
 * another reviewgen is writing into it (waited 30 s)" in diag. Close with
 * rg_outdir_close() (also after a failed open). */
int rg_outdir_open(rg_outdir *d, const char *dir, int create, rg_diag *diag);
void rg_outdir_close(rg_outdir *d);

/* Writes data to a new temporary file in the folder named after `target` (a
 * name in the folder, without '/'), fsyncs and closes it, and puts its name
 * in tmp (RG_OUTPUT_NAME_MAX + 1 bytes). The file gets the permission bits
 * of the target when there is one, else 0666 less the umask. Until
 * rg_output_untrack_all() the temporary is in the fixed table the signal
 * handler empties. Returns 0, or -1 with "reviewgen: cannot write
 * 'dir/target': reason" in diag and no temporary left behind; a target
 * whose temporary's name would pass RG_OUTPUT_NAME_MAX is "File name too
 * long". */
int rg_outdir_write_temp(rg_outdir *d, const char *target, const char *data, size_t len, char *tmp,
                         rg_diag *diag);
/* What rg_outdir_write_temp_fill asks for the file's next piece: sets
 * *data and *len (borrowed, valid until the next call) and returns 1, or
 * returns 0 at the end, or -1 with its error in diag. */
typedef int (*rg_output_fill)(void *ctx, const char **data, size_t *len, rg_diag *diag);
/* rg_outdir_write_temp for a file written piece by piece (timeline.jsonl):
 * fill is called until it returns 0, each piece written as it comes, so the
 * whole file is never in memory. Each write() is a fault step, as above.
 * On fill's -1 the temporary is removed and its error left in diag. */
int rg_outdir_write_temp_fill(rg_outdir *d, const char *target, rg_output_fill fill, void *ctx,
                              char *tmp, rg_diag *diag);
/* Renames tmp onto target in the folder. Returns 0, or -1 with "reviewgen:
 * cannot write 'dir/target': reason". */
int rg_outdir_rename(rg_outdir *d, const char *tmp, const char *target, rg_diag *diag);
/* fsyncs the folder, so the names created and renamed in it survive a power
 * loss. Returns 0, or -1 with "reviewgen: cannot sync 'dir': reason". */
int rg_outdir_sync(rg_outdir *d, rg_diag *diag);
/* Removes the file `name` of the folder when it is there and takes it out of
 * the signal table. Cleanup, best effort: returns 0, or -1 (errno set). */
int rg_outdir_remove(rg_outdir *d, const char *name);

/* 1 when `name` is one of our temporaries: anything ending in
 * RG_OUTPUT_TMP_MARK and six letters or digits, or, for an earlier
 * reviewgen's leftovers, one of the `n_legacy` names followed by ".tmp." and
 * six letters or digits (the names this run writes, so no other file is
 * ever matched). */
int rg_output_is_temp(const char *name, const char *const *legacy, size_t n_legacy);

/* Calls fn(d, name, ctx) for each temporary in the folder (see
 * rg_output_is_temp), in name order; fn returns 0 to go on. Returns 0, or
 * -1 with "reviewgen: cannot read 'dir': reason" (or fn's -1). */
int rg_outdir_each_temp(rg_outdir *d, const char *const *legacy, size_t n_legacy,
                        int (*fn)(rg_outdir *d, const char *name, void *ctx), void *ctx,
                        rg_diag *diag);

/* Adds a file of the folder to the signal table (a temporary made elsewhere,
 * or the pending record). Returns 0, or -1 when the table is full. */
int rg_output_track(rg_outdir *d, const char *name);
/* Empties the signal table: what is in it is committed and must stay. */
void rg_output_untrack_all(void);

/* Installs the handler for SIGINT, SIGTERM and SIGHUP (a signal that is
 * ignored, as under nohup, stays ignored): it removes the files in the table
 * with unlinkat() (async-signal-safe), last added first, then dies of the
 * signal as it would have. Called once by main(). */
void rg_output_signals_install(void);
/* Holds SIGINT, SIGTERM and SIGHUP back across the commit and the renames,
 * so a signal cannot split them; one that arrives meanwhile is delivered by
 * rg_output_signals_release(). Not nested. */
void rg_output_signals_hold(void);
void rg_output_signals_release(void);

/* 16 lower-case hex digits from the system's entropy source (a time and pid
 * mix when there is none): names the output set of one publish. */
void rg_output_token(char token[17]);

/* ---- fault injection (tests) ----------------------------------------- */

/* Every write-side I/O step (creating a file, each write(), fsync of a file
 * or the folder, rename) calls this: it returns 0 to go on, or the errno
 * the step must fail with. The tests' SQLite VFS shim calls it for the
 * store's writes, syncs, truncations and deletions, so one counter numbers
 * every step of a publish. */
int rg_output_fault_step(void);
/* From the nth step from now on (0 = the next), every step fails with err
 * (n < 0: never), as on a full or failing disk. Returns the number of steps
 * since the last call to this or rg_output_crash_after(). */
long rg_output_fail_after(long n, int err);
/* At the nth step from now the process raises `sig` (a signal handler may
 * run), or with sig 0 leaves at once with _exit(RG_OUTPUT_CRASH_STATUS), as
 * under kill -9. n < 0: never. Returns the steps counted since the last call. */
long rg_output_crash_after(long n, int sig);
#define RG_OUTPUT_CRASH_STATUS 86
/* How long rg_outdir_open waits for a folder another process has locked, in
 * milliseconds (ms < 0: RG_OUTPUT_LOCK_SECONDS again). */
void rg_output_set_lock_wait(int ms);

#endif
