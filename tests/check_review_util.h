/* check_review_util.h -- for suites that build generated incident folders
 * into a review (check_bounds, check_curate): reading an output back and
 * building a folder, each failing the test with the library's message. */
#ifndef RG_CHECK_REVIEW_UTIL_H
#define RG_CHECK_REVIEW_UTIL_H

#include <check.h>

#include "build.h"
#include "jsonutil.h"

/* The whole file at path (caller frees with rg_free); *len its size. */
static inline char *review_slurp(const char *path, size_t *len)
{
    rg_diag d;
    rg_diag_init(&d);
    char *s = rg_read_file(path, len, &d);
    ck_assert_msg(s != NULL, "%s", d.error);
    rg_diag_free(&d);
    return s;
}

/* Reads the incident folder inc into b (caller rg_build_frees it, d
 * initialised by the caller); its model is returned (caller decrefs). */
static inline json_t *review_model(rg_build *b, const char *inc, rg_diag *d)
{
    rg_build_opts o = {inc, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(b, &o, d) == 0, "%s", d->error);
    json_t *model = rg_model_build(b);
    ck_assert_ptr_nonnull(model);
    return model;
}

/* Builds inc into out (no store); the model is returned (caller decrefs). */
static inline json_t *review_build(const char *inc, const char *out)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    json_t *model = review_model(&b, inc, &d);
    ck_assert_msg(rg_publish(&b, model, out, NULL, NULL, &d) == 0, "%s", d.error);
    rg_build_free(&b);
    rg_diag_free(&d);
    return model;
}

#endif
