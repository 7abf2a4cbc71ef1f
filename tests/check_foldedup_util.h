/* check_foldedup_util.h -- what the folded-duplicate tests build and compare:
 * a folder built as `reviewgen build` would, and the parts of its outputs that
 * the logs give (log_volume, clusters, timeline entries, kept and folded
 * counts), without origins, which name the file a record was read from. */
#ifndef CHECK_FOLDEDUP_UTIL_H
#define CHECK_FOLDEDUP_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "../reviewgen/build.h"
#include "../reviewgen/logsum.h"
#include "../reviewgen/timeparse.h"

static inline void build(rg_build *b, rg_diag *d, const char *dir)
{
    rg_build_opts o = {0};
    o.dir = dir;
    rg_diag_init(d);
    ck_assert_msg(rg_build_run(b, &o, d) == 0, "%s", d->error);
}

static inline const char *when(int64_t at_us, char *buf)
{
    return rg_time_format(at_us, buf);
}

/* The outputs drawn from the logs, one line per figure, into out. */
static inline void summary(const rg_build *b, char *out, size_t cap)
{
    size_t o = 0;
    char t[32], l[32];
    json_t *model = rg_model_build(b);
    ck_assert_ptr_nonnull(model);
    char *vol = json_dumps(json_object_get(model, "log_volume"), JSON_COMPACT | JSON_SORT_KEYS);
    ck_assert_ptr_nonnull(vol);
    json_t *st = json_object_get(model, "stats");
    o += (size_t)snprintf(out + o, cap - o, "events %lld folded %lld\nvolume %s\n",
                          (long long)json_integer_value(json_object_get(st, "events")),
                          (long long)json_integer_value(json_object_get(st, "folded")), vol);
    free(vol);
    json_decref(model);
    for (size_t i = 0; i < b->logsum.n_sorted_clusters && o < cap; i++) {
        const rg_logsum_cluster *c = b->logsum.sorted_clusters[i];
        o += (size_t)snprintf(out + o, cap - o, "cluster %s %llu kept %llu %s-%s %s\n", c->type,
                              (unsigned long long)c->n_folded, (unsigned long long)c->n_kept,
                              when(c->first_us, t), when(c->last_us, l), c->text);
    }
    for (size_t i = 0; i < b->timeline.n_entries && o < cap; i++) {
        const rg_event *e = b->timeline.entries[i];
        o += (size_t)snprintf(out + o, cap - o, "entry %s %llu %s %s %s\n", when(e->at_us, t),
                              (unsigned long long)e->count, when(e->last_us, l), e->type, e->text);
    }
    ck_assert_uint_lt(o, cap);
}

#endif
