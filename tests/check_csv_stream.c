/* check_csv_stream.c -- the CSV reader streamed from a file (the same
 * records as in memory, across the window's edges), separators, and the
 * lenient reading the CSV importer uses for other tools' exports. */
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "csv.h"

/* The records of a reader as "f1|f2\n..." ("ERR: message" on an error). */
static char *records(rg_csv *r)
{
    rg_buf out = {0};
    rg_diag d;
    rg_diag_init(&d);
    int rc;
    while ((rc = rg_csv_next(r, &d)) == 1) {
        for (size_t i = 0; i < r->n_fields; i++) {
            if (i)
                rg_buf_putc(&out, '|');
            rg_buf_append(&out, r->fields[i].text, r->fields[i].len);
        }
        rg_buf_putc(&out, '\n');
    }
    if (rc < 0)
        rg_buf_printf(&out, "ERR: %s", d.error);
    rg_diag_free(&d);
    rg_buf_putc(&out, '\0');
    return out.data;
}

static char *from_memory(const char *text, size_t len, char sep, int lenient)
{
    rg_csv r;
    rg_csv_init(&r, "t.csv", text, len);
    r.sep = sep;
    r.lenient = lenient;
    char *s = records(&r);
    rg_csv_free(&r);
    return s;
}

static char *from_file(const char *text, size_t len, char sep, int lenient)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    rewind(f);
    rg_csv r;
    rg_csv_init_stream(&r, "t.csv", f);
    r.sep = sep;
    r.lenient = lenient;
    char *s = records(&r);
    if (!strstr(s, "ERR: "))
        ck_assert_uint_eq(rg_csv_offset(&r), len);
    rg_csv_free(&r);
    fclose(f);
    return s;
}

/* Quotes, doubled quotes, CRLF inside a field and a multi-byte character,
 * placed across the 64 KiB window edge at every offset near it. */
START_TEST(stream_matches_memory)
{
    const char *tail = "\"a \"\"quoted\"\"\r\nline\",\xC3\xA9t\xC3\xA9,3\r\n";
    for (size_t pad = 65520; pad < 65545; pad++) {
        rg_buf b = {0};
        rg_buf_puts(&b, "\xEF\xBB\xBFh1,h2,h3\r\n");
        while (b.len + 6 < pad)
            rg_buf_puts(&b, "x,y,z\n");
        while (b.len < pad - 1)
            rg_buf_putc(&b, 'p');
        rg_buf_puts(&b, ",,\n");
        rg_buf_puts(&b, tail);
        char *m = from_memory(b.data, b.len, ',', 0);
        char *f = from_file(b.data, b.len, ',', 0);
        ck_assert_msg(strncmp(m, "ERR", 3) != 0, "%s", m);
        ck_assert_str_eq(f, m);
        ck_assert_msg(strstr(m, "a \"quoted\"\r\nline|\xC3\xA9t\xC3\xA9|3\n") != NULL, "pad %zu",
                      pad);
        rg_free(m);
        rg_free(f);
        rg_buf_free(&b);
    }
}
END_TEST

START_TEST(stream_errors_locate)
{
    char *f = from_file("a,b\n1,\"open\n", 12, ',', 0);
    ck_assert_str_eq(f, "a|b\nERR: t.csv:2:3: unterminated quoted field (no closing '\"' before "
                        "the end of the file)");
    rg_free(f);
    f = from_file("\xff\xfe"
                  "a\0",
                  4, ',', 0);
    ck_assert_str_eq(f, "ERR: t.csv:1:1: file is UTF-16; save it as UTF-8");
    rg_free(f);
    f = from_file("", 0, ',', 0);
    ck_assert_str_eq(f, "");
    rg_free(f);
}
END_TEST

START_TEST(separators)
{
    ck_assert_int_eq(rg_csv_guess_separator("a;b;c\n1,5;2;3", 14), ';');
    ck_assert_int_eq(rg_csv_guess_separator("a\tb\tc\n", 6), '\t');
    ck_assert_int_eq(rg_csv_guess_separator("a,b;c\n", 6), ',');
    ck_assert_int_eq(rg_csv_guess_separator("\"x;y;z\",b\n", 10), ',');
    ck_assert_int_eq(rg_csv_guess_separator("single\n", 7), ',');
    ck_assert_int_eq(rg_csv_guess_separator("", 0), ',');
    char *s = from_file("a;b\n\"1;5\";2\n", 12, ';', 0);
    ck_assert_str_eq(s, "a|b\n1;5|2\n");
    rg_free(s);
    s = from_memory("a\tb\nx y\t\"t\tz\"\n", 14, '\t', 0);
    ck_assert_str_eq(s, "a|b\nx y|t\tz\n");
    rg_free(s);
    /* with ';' a comma is text */
    s = from_memory("a;b\n1,5;2\n", 10, ';', 0);
    ck_assert_str_eq(s, "a|b\n1,5|2\n");
    rg_free(s);
}
END_TEST

/* Lenient: what other tools write is read, and counted per record. */
START_TEST(lenient)
{
    rg_csv r;
    rg_diag d;
    rg_diag_init(&d);
    static const char text[] = "a,b\n"
                               "5\" screen,x\n" /* a stray quote */
                               "\"q\"tail,y\n"  /* text after a closing quote */
                               "caf\xe9,z\n"    /* Latin-1, not UTF-8 */
                               "1,2,3\n"        /* more fields than the header */
                               "n\0ul,w\n"      /* a NUL */
                               "\"cut";         /* the file ends inside quotes */
    rg_csv_init(&r, "t.csv", text, sizeof(text) - 1);
    r.lenient = 1;
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_str_eq(r.fields[0].text, "5\" screen");
    ck_assert_uint_eq(r.n_stray, 1);
    ck_assert_int_eq(r.stray_line, 2);
    ck_assert_int_eq(r.stray_col, 2);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_str_eq(r.fields[0].text, "qtail");
    ck_assert_uint_eq(r.n_stray, 1);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_str_eq(r.fields[0].text, "caf\xEF\xBF\xBD");
    ck_assert_uint_eq(r.n_stray, 0);
    ck_assert_uint_eq(r.n_replaced, 1);
    ck_assert_int_eq(r.replaced_line, 4);
    ck_assert_int_eq(r.replaced_col, 4);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_uint_eq(r.n_fields, 3);
    ck_assert_uint_eq(r.n_header, 2);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_str_eq(r.fields[0].text, "n\xEF\xBF\xBDul");
    ck_assert_uint_eq(r.n_replaced, 1);
    ck_assert_int_eq(rg_csv_next(&r, &d), 1);
    ck_assert_int_eq(r.unterminated, 1);
    ck_assert_str_eq(r.fields[0].text, "cut");
    ck_assert_int_eq(rg_csv_next(&r, &d), 0);
    ck_assert_int_eq(d.has_error, 0);
    rg_csv_free(&r);
    rg_diag_free(&d);
}
END_TEST

static Suite *csv_stream_suite(void)
{
    Suite *s = suite_create("csv_stream");
    TCase *tc = tcase_create("csv_stream");
    tcase_add_test(tc, stream_matches_memory);
    tcase_add_test(tc, stream_errors_locate);
    tcase_add_test(tc, separators);
    tcase_add_test(tc, lenient);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(csv_stream_suite)
