/* stats.c -- nearest-rank percentiles and the summary of a set of durations
 * (README, "Trend report"; the method is stated in stats.h). */
#include "stats.h"

#include <stdlib.h>

static int cmp_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

void rg_stats_sort(int64_t *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_int64);
}

int rg_percentile(const int64_t *sorted, size_t n, int p, int64_t *out)
{
    if (n == 0 || p < 0 || p > 100)
        return -1;
    /* ceil(p * n / 100) in integers: no rounding error at exact ranks
     * (p90 of 10 values is rank 9, not 10). */
    size_t rank = ((size_t)p * n + 99) / 100;
    if (rank < 1)
        rank = 1;
    *out = sorted[rank - 1];
    return 0;
}

void rg_summarize(int64_t *v, size_t n, rg_summary *out)
{
    out->n = n;
    out->median = out->p90 = out->max = 0;
    if (n == 0)
        return;
    rg_stats_sort(v, n);
    rg_percentile(v, n, 50, &out->median);
    rg_percentile(v, n, 90, &out->p90);
    out->max = v[n - 1];
}
