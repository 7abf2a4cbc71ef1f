/* check_twoarrays_util.h -- a response holding both of the arrays an
 * importer streams (rg_json_first_array): the first in the file is read and
 * the other warned about, read whole (a small file) and streamed (every file
 * streamed, in reads of 16 bytes) alike. */
#ifndef CHECK_TWOARRAYS_UTIL_H
#define CHECK_TWOARRAYS_UTIL_H

#include <stdio.h>

#include "../importers/jsonstream.h"
#include "check_importer_util.h"

typedef struct two_arrays_case {
    const char *doc;     /* the file */
    size_t n;            /* events kept */
    const char *text;    /* the first event's text */
    const char *warning; /* the two-arrays warning, after "path" */
} two_arrays_case;

static inline void check_two_arrays(const rg_importer *imp, const char *name,
                                    const two_arrays_case *c)
{
    char *path = temp_path("two-arrays");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(c->doc, f);
    fclose(f);
    char want[1024];
    snprintf(want, sizeof(want), "%s%s", path, c->warning);
    for (int streamed = 0; streamed < 2; streamed++) {
        size_t old_chunk = rg_jstream_chunk, old_max = rg_jsondocs_whole_max;
        if (streamed) {
            rg_jstream_chunk = 16;
            rg_jsondocs_whole_max = 0;
        }
        got g;
        run_file(&g, imp, 16, path, name, 0);
        rg_jstream_chunk = old_chunk;
        rg_jsondocs_whole_max = old_max;
        ck_assert_msg(g.rc == 0, "streamed %d: parse failed", streamed);
        ck_assert_uint_eq(g.n, c->n);
        ck_assert_str_eq(g.ev[0]->text, c->text);
        check_warning(&g, "two-arrays", want, 1);
        ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 1);
        got_free(&g);
    }
    remove(path);
}

#endif
