/* stats.h -- the summary figures of a set of durations across incidents:
 * percentiles by one defined method, nearest rank (README, "Trend report"). */
#ifndef RG_STATS_H
#define RG_STATS_H

#include <stddef.h>
#include <stdint.h>

/* IMPLEMENTATION-OF: README "Trend report", percentiles. The p-th percentile
 * (0 <= p <= 100) of n >= 1 values is the value at rank ceil(p/100 * n) of
 * the values sorted ascending (ranks from 1; rank 0, for p = 0, reads as 1);
 * there is none for n = 0. The median is the 50th percentile by the same
 * method: for an even n it is the lower of the two middle values, never
 * their mean. Nearest rank never interpolates between incidents, so every
 * figure reported is the duration of an incident that happened. */

/* Sorts v[0..n) ascending. */
void rg_stats_sort(int64_t *v, size_t n);

/* The p-th percentile of sorted[0..n) (sorted ascending). Returns 0 and sets
 * *out, or -1 when n is 0 or p is outside 0..100. */
int rg_percentile(const int64_t *sorted, size_t n, int p, int64_t *out);

/* n, median, 90th percentile and maximum of a set. */
typedef struct rg_summary {
    size_t n;
    int64_t median, p90, max; /* meaningful only when n > 0 */
} rg_summary;

/* Sorts v[0..n) in place and summarises it. n = 0 gives {0}. */
void rg_summarize(int64_t *v, size_t n, rg_summary *out);

#endif
