/* split.h -- one plain log file read on two threads (README, "Evidence of
 * any size"): a second thread reads the second part of the file's range
 * through the importer's own per-line code, folding lines into a summary of
 * its own (the core's shard sink, importer.h), while the importer's thread
 * reads the first part. The lines whose handling depends on what came
 * before them (a line joined to a kept record, an event to build, a
 * warning) are handed back: the thread notes where they are and the
 * importer's state before them, and the importer's thread reads them again
 * after its own part, in file order, then merges the summary. The review is
 * the same as one reading in file order, byte for byte (tests/check_split.c);
 * what the core cannot merge exactly (rg_logsum_merge_check) is read again
 * on the importer's thread, as with REVIEWGEN_THREADS=1, which turns the
 * split off. It replaces the prepass thread (prepass.h) for that file: two
 * threads of per-line work, with nothing handed over per line, where the
 * prepass paid for a ring slot per line. */
#ifndef RG_SPLIT_H
#define RG_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "importer.h"
#include "linereader.h"

/* Ranges shorter than this are read on one thread. */
#define RG_SPLIT_MIN_BYTES ((uint64_t)32 << 20)
/* The thread stops at a line longer than this (and at a cut one): the
 * importer's thread reads it and the rest of the file itself. */
#define RG_SPLIT_LINE_MAX ((size_t)64 << 10)
/* It stops, too, when it has handed back this many lines (memory stays
 * bounded whatever the file: 40 bytes a line). */
#define RG_SPLIT_MAX_BACK ((size_t)1 << 18)
/* The thread says how far it will read every RG_SPLIT_STEP bytes
 * (rg_split_claim), and the importer's thread takes part of what is left
 * only when at least RG_SPLIT_STEAL_MIN bytes are (rg_split_steal). */
#define RG_SPLIT_STEP ((uint64_t)1 << 20)
#define RG_SPLIT_STEAL_MIN ((uint64_t)8 << 20)

/* A line handed back, or where the thread stopped, with the importer's
 * state before it (n_before, at and flags are the importer's to fill). */
typedef struct rg_split_rec {
    uint64_t off;      /* where the line starts in the file */
    uint64_t n_before; /* the importer's: e.g. the records counted before it */
    int64_t at;        /* the importer's: e.g. the instant of the line before */
    uint32_t line;     /* its number, counting the thread's first line as 1 */
    uint32_t len;      /* its length (no "\n", no trailing "\r") */
    uint32_t flags;    /* the importer's */
} rg_split_rec;

enum { RG_SPLIT_DONE = 0, RG_SPLIT_BACK = 1, RG_SPLIT_STOP = 2 };

/* The importer's work on one line, on the thread: RG_SPLIT_DONE, or
 * RG_SPLIT_BACK (hand the line back) or RG_SPLIT_STOP (stop before it: the
 * importer's thread reads it and what follows), both with rec->n_before,
 * rec->at and rec->flags set to the state before the line; -1 when it fails (out of
 * memory): the thread's work is then dropped. */
typedef int (*rg_split_fn)(void *ctx, const char *s, size_t n, long line, rg_split_rec *rec);
/* The importer's state after the last line the thread read, into rec. */
typedef void (*rg_split_end_fn)(void *ctx, rg_split_rec *rec);

typedef struct rg_split rg_split;

/* The thread's loop over its part, called once on the thread with r at the
 * part's first line: rg_split_lines with the importer's per-line and end
 * functions, so that they are called directly (a call through a pointer
 * per line, and the bookkeeping around it, made the thread's half 4 % slower
 * than the importer's). Returns 0, or -1 when it failed (the thread's work
 * is then dropped). */
typedef int (*rg_split_body_fn)(rg_split *sp, rg_linereader *r, void *ctx);

/* A place to split path's range [from, to) (to 0: to the end of the file;
 * from a line's start): the start of the line after the range's middle
 * (and the range's end in *end), or 0 when the
 * range is shorter than RG_SPLIT_MIN_BYTES, the environment says
 * REVIEWGEN_THREADS=1, the file is not a regular file, or no line starts
 * near the middle. */
uint64_t rg_split_point(const char *path, uint64_t from, uint64_t to, uint64_t *end);

/* Starts the thread on [at, to) of path (at from rg_split_point), reading
 * it with shard's diag (its own) and calling body with ctx, which the
 * thread owns until rg_split_wait. front_shard and front_ctx, when not
 * NULL, are for the part the thread may take from the importer's (the
 * thread owns them too until rg_split_wait). NULL when it does not start
 * (out of memory, no thread): the caller reads [at, to) itself. */
rg_split *rg_split_start(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
                         rg_split_body_fn body, void *ctx, rg_sink *front_shard, void *front_ctx);

/* For rg_split_lines, on the thread: hands a line back (0, or -1 out of
 * memory); records where the thread stopped (rec->off: the first line it
 * did not read; to when it read everything); the most lines handed back;
 * the end of the part. */
int rg_split_hand_back(rg_split *sp, const rg_split_rec *rec);
void rg_split_stop_at(rg_split *sp, const rg_split_rec *rec);
size_t rg_split_max_back(const rg_split *sp);
uint64_t rg_split_step(void);
uint64_t rg_split_to(const rg_split *sp);

/* ---- the rest of a part, taken by the thread that ends first ----
 *
 * The two parts seldom take the same time (the host, the lines handed
 * back): whichever thread ended first waited for the other, 3-80 ms of a
 * 0.55 s whole-day build, either way round. So once per split, the thread
 * that ends its part first takes the second half of what the other has
 * left, when that is at least RG_SPLIT_STEAL_MIN bytes:
 * - the importer's thread from the thread's part: the thread stops at a
 *   line start L and the importer's thread reads [L, end) as a part of its
 *   own (rg_split_steal, rg_split_here), merged after the thread's;
 * - the thread from the importer's part [.., at): the importer's thread
 *   stops at L (rg_split_claim_importer) and the thread reads [L, at) as a
 *   part of its own (the front part: rg_split_front), merged before the
 *   thread's.
 * How the reader taken from is sure to stop exactly at L: before every
 * rg_split_step() bytes it publishes how far it will read (a sequentially
 * consistent store, then a load of its limit), and the taker stores the
 * limit L and then loads that claim: of two such store-load pairs one sees
 * the other's store, so when the claim the taker loads is not past L,
 * every line the reader reads without having seen L lies before it, and
 * once it has seen L it stops there. When the claim is past L (the taker
 * was held up), nothing is taken: the reader stops at the first line at or
 * after L it sees the limit at, and the importer's thread reads on from
 * there, as after any stop. */

/* On the thread, for rg_split_lines: it will read lines that start before
 * upto before it asks again; returns the offset it must stop at (the part's
 * end unless its rest was taken). */
uint64_t rg_split_claim(rg_split *sp, uint64_t upto);

/* The same for the importer's thread on its own part, while the thread
 * runs: where it must stop (UINT64_MAX unless its rest was taken). */
uint64_t rg_split_claim_importer(rg_split *sp, uint64_t upto);

/* On the importer's thread, its own part read in full, while the thread
 * may run: the line start L where the thread now stops, with the part's end
 * in *to: [L, *to) is the caller's to read (rg_split_here). 0 when the
 * thread has ended, less than RG_SPLIT_STEAL_MIN is left, the thread took
 * from the importer's part, or the thread may be past L already. */
uint64_t rg_split_steal(rg_split *sp, uint64_t *to);

/* After rg_split_wait: the part the thread took from the importer's
 * (rg_split_start's front shard and context, [L, at)), now the caller's to
 * free, or NULL. The importer's thread stopped at L exactly when the thread
 * took it; had it stopped elsewhere (it cannot), the caller would read on
 * from there itself and free the part unused. */
rg_split *rg_split_front(rg_split *sp);

/* A part read on the calling thread: body on [at, to) of path through the
 * caller's reader r (restarted there with shard as its sink; its line
 * number, byte counts and sink are put back after), giving what a thread's
 * part gives (rg_split_wait, _back, _end, _bytes, _line). r's position is
 * the caller's to set again. NULL when out of memory: nothing was read. */
rg_split *rg_split_here(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
                        rg_split_body_fn body, void *ctx, rg_linereader *r);

/* The first byte of the part. */
uint64_t rg_split_at(const rg_split *sp);

/* The thread's loop (rg_split_body_fn): every line of the part through fn,
 * stopping before a cut line, one longer than RG_SPLIT_LINE_MAX, past line
 * UINT32_MAX or when RG_SPLIT_MAX_BACK lines were handed back, where fn
 * says RG_SPLIT_STOP, or where the rest was taken (rg_split_claim); end
 * gives the importer's state where it stopped. Inline, so that a body with
 * a constant fn calls it directly. Returns 0, or -1 (fn failed, or a read
 * or an allocation). */
static inline int rg_split_lines(rg_split *sp, rg_linereader *r, rg_split_fn fn,
                                 rg_split_end_fn end, void *ctx)
{
    const char *s;
    size_t n, n_back = 0, max_back = rg_split_max_back(sp);
    uint64_t check_at = 0, stop_off = UINT64_MAX;
    int cut, got;
    while ((got = rg_linereader_next(r, &s, &n, &cut)) == 1) {
        uint64_t off = r->pos - (r->end - (size_t)(s - r->buf));
        long line = r->line - 1;
        rg_split_rec rec = {off, 0, 0, (uint32_t)line, (uint32_t)n, 0};
        int rc;
        if (off >= check_at) { /* one compare a line; a claim a mebibyte */
            check_at = off + rg_split_step();
            stop_off = rg_split_claim(sp, check_at);
        }
        if (off >= stop_off || cut || n > RG_SPLIT_LINE_MAX || line >= (long)UINT32_MAX ||
            n_back == max_back) {
            end(ctx, &rec);
            rc = RG_SPLIT_STOP;
        } else {
            rc = fn(ctx, s, n, line, &rec);
            if (rc < 0)
                return -1;
            if (rc == RG_SPLIT_BACK) {
                if (rg_split_hand_back(sp, &rec) != 0)
                    return -1;
                n_back++;
            }
        }
        if (rc == RG_SPLIT_STOP) {
            rec.off = off;
            rec.line = (uint32_t)(line - 1);
            rg_split_stop_at(sp, &rec);
            return 0;
        }
    }
    if (got < 0)
        return -1;
    rg_split_rec rec = {rg_split_to(sp), 0, 0, (uint32_t)(r->line - 1), 0, 0};
    end(ctx, &rec);
    rg_split_stop_at(sp, &rec);
    return 0;
}

/* Waits for the thread: 0 when it read its part (the handed-back lines and
 * the end are then read below), -1 when it failed (nothing of its work may
 * be used; the caller reads [at, to) itself). */
int rg_split_wait(rg_split *sp);

/* The handed-back lines, in file order, and the end: where the thread
 * stopped (off; `to` when it read everything), the lines before that
 * (line: counting the thread's first line as 1) and the importer's state
 * there. Borrowed from sp. */
size_t rg_split_n_back(const rg_split *sp);
const rg_split_rec *rg_split_back(const rg_split *sp, size_t i);
const rg_split_rec *rg_split_end(const rg_split *sp);
/* The bytes the thread read. */
uint64_t rg_split_bytes(const rg_split *sp);
/* While it runs: about how many bytes of its part the thread has read (up
 * to a claim's step ahead), for the importer's progress line. */
uint64_t rg_split_progress(rg_split *sp);

/* The text of a handed-back line, read again from the file: 0 and *s
 * (borrowed, valid until the next call), or -1 with errno (a failed read,
 * or EIO when the file is shorter than before). */
int rg_split_line(rg_split *sp, const rg_split_rec *rec, const char **s);

/* How many files were split, merged, and read again on the importer's
 * thread after a split (refused by the core or failed), over the process
 * (for tests and the bench); a part taken by the importer's thread
 * (rg_split_steal) counts as merged or read again too. */
void rg_split_counts(uint64_t *split, uint64_t *merged, uint64_t *again);
/* How many parts were taken by the importer's thread and by the thread,
 * over the process. */
void rg_split_stolen(uint64_t *by_importer, uint64_t *by_thread);
/* Counts one merge (1) or one reading again (0): the importer's verdict. */
void rg_split_count(int merged);

/* For tests: the least range to split (0: RG_SPLIT_MIN_BYTES), the byte
 * the split point is looked for from (0: about the middle) and the most
 * lines handed back (0: RG_SPLIT_MAX_BACK); set while no file is read. */
void rg_split_test_set(uint64_t min_bytes, uint64_t from_byte, size_t max_back);
/* For tests: a rest taken from the line start at or after byte `from` (0:
 * the usual rule, which takes nothing from a small file) by `who`
 * (RG_SPLIT_TAKER_IMPORTER or RG_SPLIT_TAKER_THREAD), the readers claiming
 * `step` bytes at a time (0: RG_SPLIT_STEP), the one taken from waiting at
 * its first claim until the other has tried, so that the rest is taken
 * whatever the timing. */
enum { RG_SPLIT_TAKER_IMPORTER = 1, RG_SPLIT_TAKER_THREAD = 2 };
void rg_split_test_steal(uint64_t from, uint64_t step, int who);

/* Stops the thread if it runs, frees sp (NULL is fine). */
void rg_split_free(rg_split *sp);

#endif
