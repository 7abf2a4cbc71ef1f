/* check_util.h -- what every Check suite shares: where the fixtures and the
 * shared corpus are, and one main() per suite. */
#ifndef RG_CHECK_UTIL_H
#define RG_CHECK_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The public sample corpus lives beside the repository (../shared/corpus);
 * tests that need it skip with a message when it is absent. */
#define RG_CORPUS "../shared/corpus"
#define RG_FIXTURES "tests/fixtures"

static inline int rg_have_corpus(const char *path)
{
    if (access(path, R_OK) == 0)
        return 1;
    fprintf(stderr, "skipped: %s is absent (the shared corpus is not beside the repository)\n",
            path);
    return 0;
}

#define RG_CHECK_MAIN(suite_fn)                                                                    \
    int main(void)                                                                                 \
    {                                                                                              \
        SRunner *sr = srunner_create(suite_fn());                                                  \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                               \
    }

#endif
