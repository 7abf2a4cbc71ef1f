/* prepass.h -- a second thread that reads a plain log file ahead of its
 * importer and works out, for each line, what does not depend on the lines
 * before it: the per-line work of a whole-day window, done on another core
 * (README, "Evidence of any size"). Five importers use it: syslog.c (header,
 * time, host, tag, message; for files under RG_SPLIT_MIN_BYTES: a bigger
 * one is read on two threads instead, split.h), textlog.c (a built-in shape's fields and time),
 * access.c (the fields, the time, the status's type), logfmt.c (the line's
 * kind and time, and the fold's type, message and actor when the line is
 * its own clean copy and they are written without escapes) and jsonlines.c
 * (the time and the tree-less read, jsonflat.h); for each, the level and
 * the signature's part of the cluster key. What depends on order (joins,
 * repeats, the window, the fold, events, warnings) stays on the importer's
 * thread. The importer takes a line's record when the thread has it and
 * does the work itself when not, so the review is the same whichever
 * thread did it, and the same with REVIEWGEN_THREADS=1, which turns the
 * thread off. */
#ifndef RG_PREPASS_H
#define RG_PREPASS_H

#include <stddef.h>
#include <stdint.h>

/* A record holds at most this many bytes, the thread's context this many. */
#define RG_PREPASS_REC_MAX 96
#define RG_PREPASS_CTX_MAX 256
/* Files with fewer bytes left to read than this are read without the thread:
 * starting it costs more than it saves. */
#define RG_PREPASS_MIN_BYTES ((uint64_t)8 << 20)

/* Works out line s[0..n) (no "\n", no trailing "\r") into rec (rec_size
 * bytes, zeroed, aligned to 16); returns 1, or 0 when the line has no record (the importer
 * then does its own work). Runs on the thread, with the thread's own copy of
 * the ctx given to rg_prepass_start (its memos are then its own, on cache
 * lines no other thread writes: a ctx on the importer's stack cost the thread
 * a cache miss a line). What ctx points to must not change until
 * rg_prepass_stop. */
typedef int (*rg_prepass_fn)(void *ctx, const char *s, size_t n, void *rec);

typedef struct rg_prepass rg_prepass;

/* Starts the thread on path's bytes [from, to) (to 0: to the end of the
 * file; `from` must be the start of a line), with a copy of ctx[0..ctx_size)
 * (at most RG_PREPASS_CTX_MAX bytes), when they are at least
 * RG_PREPASS_MIN_BYTES and the environment does not say REVIEWGEN_THREADS=1.
 * Returns NULL when it does not start (too small, turned off, out of memory,
 * no thread): the caller then does all the work, as it would anyway. Owned:
 * rg_prepass_stop frees it. */
rg_prepass *rg_prepass_start(const char *path, uint64_t from, uint64_t to, rg_prepass_fn fn,
                             const void *ctx, size_t ctx_size, size_t rec_size);

/* The record of the line s[0..n) that starts at byte off of the file, when
 * the thread has worked it out (its offset, length and first and last eight
 * bytes agree: the same file read twice gives the same bytes; a file
 * rewritten in place while it is read could pass with other bytes between,
 * where the importer's own read is no better off), else NULL. Lines must be asked in file order;
 * lines may be skipped. Borrowed: valid until the next call or rg_prepass_stop. */
const void *rg_prepass_take(rg_prepass *p, uint64_t off, const char *s, size_t n);

/* How many lines rg_prepass_take found worked out, and how many it did not,
 * over the threads stopped so far in this process (for tests and the bench). */
void rg_prepass_counts(uint64_t *taken, uint64_t *missed);

/* Stops the thread and frees p (NULL is fine). */
void rg_prepass_stop(rg_prepass *p);

/* For tests: makes the next rg_prepass_start wait until its thread has
 * worked out every line that fits in its ring before returning (1), or
 * start as usual (0). */
void rg_prepass_test_wait(int on);

/* 1 when the environment says REVIEWGEN_THREADS=1: no thread of its own
 * for any importer (neither this prepass nor split.h's second reader). */
int rg_one_thread(void);

#endif
