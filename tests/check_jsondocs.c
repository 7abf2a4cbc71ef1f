/* check_jsondocs.c -- the JSON importers' shared locating: rg_locate_line
 * agrees with rg_line_col whatever the order of the offsets, and a file's
 * warnings keep the first one's exact place while the rest are only counted
 * (so a file of many bad records is located in one pass). */
#include <check.h>
#include <string.h>

#include "../importers/jsondocs.h"
#include "check_util.h"
#include "jsonutil.h"

START_TEST(locate_line_matches_line_col)
{
    const char *text = "{\n  \"a\": [1,\n 2],\n\n  \"b\": \"\xC3\xA9t\xC3\xA9\"\n}\n";
    size_t len = strlen(text);
    rg_locator l = {text, len, 0, 1};
    /* Forward, backward (starts over), past the end (clamped). */
    size_t offs[] = {0, 3, 9, 10, 16, 17, 18, 25, 5, 1, len - 1, len, len + 40};
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
        long line, want_line, want_col, col;
        rg_locate_line(&l, offs[i], &line);
        rg_line_col(text, len, offs[i] > len ? len : offs[i], &want_line, &want_col);
        ck_assert_msg(line == want_line, "offset %zu: line %ld, want %ld", offs[i], line,
                      want_line);
        rg_locator l2 = {text, len, 0, 1};
        rg_locate(&l2, offs[i] > len ? len : offs[i], &line, &col);
        ck_assert_int_eq(line, want_line);
        ck_assert_int_eq(col, want_col);
    }
}
END_TEST

START_TEST(warnings_first_place_then_counted)
{
    char path[] = "/tmp/check_jsondocs_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *text = "[1,\n 2, 3,\n  4]\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    rg_diag diag;
    rg_diag_init(&diag);
    rg_jsondocs d;
    ck_assert_int_eq(rg_jsondocs_load(&d, path, &diag), 0);
    rg_jsondocs_warn(&d, 9, "bad", "second line, a comma");
    rg_jsondocs_warn(&d, 1, "bad", "earlier: counted only");
    rg_jsondocs_warn(&d, 14, "bad", "later: counted only");
    rg_jsondocs_warn(&d, 14, "other", "its own place");
    rg_jsondocs_warn(&d, 1, "again", "back to the top");
    d.stream = 1;
    ck_assert_int_eq(rg_jsondocs_shape(&d, 5, "a shape"), 0);
    d.stream = 0;
    ck_assert_int_eq(rg_jsondocs_shape(&d, 12, "fatal"), -1);
    char want[256];
    ck_assert_uint_eq(diag.n_warnings, 4);
    snprintf(want, sizeof(want), "%s:2:6: second line, a comma", path);
    ck_assert_str_eq(diag.warnings[0].first, want);
    ck_assert_uint_eq(diag.warnings[0].count, 3);
    snprintf(want, sizeof(want), "%s:3:4: its own place", path);
    ck_assert_str_eq(diag.warnings[1].first, want);
    snprintf(want, sizeof(want), "%s:1:2: back to the top", path);
    ck_assert_str_eq(diag.warnings[2].first, want);
    snprintf(want, sizeof(want), "%s:2:2: a shape; skipped", path);
    ck_assert_str_eq(diag.warnings[3].first, want);
    snprintf(want, sizeof(want), "%s:3:2: fatal", path);
    ck_assert_str_eq(diag.error, want);
    rg_jsondocs_free(&d);
    rg_diag_free(&diag);
    unlink(path);
}
END_TEST

static Suite *jsondocs_suite(void)
{
    Suite *s = suite_create("jsondocs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, locate_line_matches_line_col);
    tcase_add_test(tc, warnings_first_place_then_counted);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(jsondocs_suite)
