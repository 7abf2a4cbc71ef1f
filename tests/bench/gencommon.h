/* gencommon.h -- what the bench generators (genlogs.c, gennagios.c,
 * gendocs.c) share: random numbers, xorshift64 from one fixed seed so that
 * every run writes the same files, and the window line they print. Each
 * generator is one file, so the state is its own. */
#ifndef RG_GENCOMMON_H
#define RG_GENCOMMON_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

static uint64_t rng = 0x9E3779B97F4A7C15u;

static inline uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* A number in [0, n). */
static inline unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}

/* Prints "FROM TO" (RFC 3339, UTC) for the instants from_s and to_s, with
 * no newline: the caller may add figures to the line. */
static inline void print_window(int64_t from_s, int64_t to_s)
{
    char from[32], to[32];
    time_t t = (time_t)from_s;
    strftime(from, sizeof(from), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    t = (time_t)to_s;
    strftime(to, sizeof(to), "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    printf("%s %s", from, to);
}

#endif
