/* benchrng.h -- the bench generators' random numbers (genlogs.c, gennagios.c,
 * gendocs.c): xorshift64 from one fixed seed, so that every run writes the
 * same files. Each generator is one file, so the state is its own. */
#ifndef RG_BENCHRNG_H
#define RG_BENCHRNG_H

#include <stdint.h>

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

#endif
