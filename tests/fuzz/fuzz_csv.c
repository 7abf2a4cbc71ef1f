/* fuzz_csv.c -- the RFC 4180 reader (import-history) and writer. Properties:
 * the reader ends or fails with a message, every record has the header's
 * width, and a record written with rg_csv_put reads back field for field. */
#include "alloc.h"
#include "csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_csv r;
    rg_csv_init(&r, "fuzz.csv", (const char *)data, size);
    rg_diag d;
    rg_diag_init(&d);
    int rc;
    size_t records = 0;
    while ((rc = rg_csv_next(&r, &d)) == 1) {
        records++;
        FUZZ_CHECK(r.n_fields == r.n_header, "record %zu has %zu fields, the header %zu", records,
                   r.n_fields, r.n_header);
        /* the writer's round trip */
        rg_buf b = {0};
        int ok = 0;
        for (size_t i = 0; i < r.n_fields && ok == 0; i++) {
            if (i && rg_buf_putc(&b, ',') != 0)
                ok = -1;
            else
                ok = rg_csv_put(&b, r.fields[i].text, r.fields[i].len, 0);
        }
        if (ok == 0 && rg_csv_end_record(&b) == 0) {
            rg_csv back;
            rg_diag bd;
            rg_diag_init(&bd);
            rg_csv_init(&back, "back.csv", b.data, b.len);
            int brc = rg_csv_next(&back, &bd);
            /* a record of one empty field is a blank line, which the reader skips */
            if (!(r.n_fields == 1 && r.fields[0].len == 0)) {
                FUZZ_CHECK(brc == 1, "a written record does not read back: %s", bd.error);
                FUZZ_CHECK(back.n_fields == r.n_fields, "%zu fields written, %zu read", r.n_fields,
                           back.n_fields);
                for (size_t i = 0; i < r.n_fields; i++)
                    FUZZ_CHECK(back.fields[i].len == r.fields[i].len &&
                                   !memcmp(back.fields[i].text, r.fields[i].text, r.fields[i].len),
                               "field %zu changed on the round trip", i);
            }
            rg_csv_free(&back);
            rg_diag_free(&bd);
        }
        rg_buf_free(&b);
    }
    FUZZ_CHECK(rc == 0 || (rc == -1 && d.has_error && d.error[0]), "rc %d without a message", rc);
    rg_csv_free(&r);
    rg_diag_free(&d);
    return 0;
}
