/* check_jsonutil.c -- rg_json_squeeze: jansson's indented text made compact
 * in one pass is exactly jansson's compact text, for the strings a review
 * holds (quotes, backslashes, spaces, escapes, non-ASCII), and a cut text
 * is copied without reading past its end; where members and elements are in
 * a text (the first or last member of a name, an array's elements alone). */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"

/* squeeze(in) into an exact-size buffer, so a write past it is seen by
 * the sanitizers; the caller frees */
static char *squeezed(const char *in, size_t n, size_t *out_len)
{
    char *src = rg_malloc(n ? n : 1); /* no NUL: the length is the end */
    char *out = rg_malloc(n + 1);
    ck_assert_ptr_nonnull(src);
    ck_assert_ptr_nonnull(out);
    memcpy(src, in, n);
    *out_len = rg_json_squeeze(src, n, out);
    ck_assert_uint_le(*out_len, n);
    ck_assert_uint_eq(strlen(out), *out_len);
    rg_free(src);
    return out;
}

START_TEST(test_exact)
{
    const char *in = "{\n  \"a b\": \"x y\\\"z \\\\\",\n  \"c\": [\n    1,\n    {},\n    []\n  ],"
                     "\n  \"d\": \"\\\\\",\n  \"e\": \"\xE2\x80\x99 \\n\\t\"\n}";
    size_t n;
    char *out = squeezed(in, strlen(in), &n);
    ck_assert_str_eq(
        out, "{\"a b\":\"x y\\\"z \\\\\",\"c\":[1,{},[]],\"d\":\"\\\\\",\"e\":\"\xE2\x80\x99 "
             "\\n\\t\"}");
    rg_free(out);
    out = squeezed("", 0, &n);
    ck_assert_str_eq(out, "");
    rg_free(out);
    out = squeezed(" \t\r\n 7 \n", 8, &n);
    ck_assert_str_eq(out, "7");
    rg_free(out);
}
END_TEST

/* A string cut inside (or at a trailing backslash) runs to the text's end. */
START_TEST(test_cut)
{
    const char *cases[][2] = {
        {"[\"a b", "[\"a b"},
        {"[\"a b\\", "[\"a b\\"},
        {"[\"a\\\"", "[\"a\\\""},
        {"{ \"k\" : \"v \\\\\" ", "{\"k\":\"v \\\\\""},
        {"\"", "\""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n;
        char *out = squeezed(cases[i][0], strlen(cases[i][0]), &n);
        ck_assert_msg(strcmp(out, cases[i][1]) == 0, "case %zu: got '%s'", i, out);
        rg_free(out);
    }
}
END_TEST

static unsigned long seed = 12345;
static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(seed >> 33) % n;
}

static json_t *random_string(void)
{
    static const char *const bits[] = {" ",    "\"",       "\\",           "\\\"", "\n", "\t",
                                       "\x01", "a",        "Z9",           ": ",   ", ", "{",
                                       "]",    "\xC3\xA9", "\xE2\x80\x99", "/"};
    char b[64];
    size_t n = 0, parts = rnd(8);
    b[0] = '\0';
    for (size_t i = 0; i < parts; i++) {
        const char *p = bits[rnd(sizeof(bits) / sizeof(bits[0]))];
        size_t l = strlen(p);
        memcpy(b + n, p, l);
        n += l;
    }
    return json_stringn(b, n);
}

static json_t *random_value(int depth)
{
    switch (depth > 3 ? rnd(4) : rnd(6)) {
    case 0:
        return random_string();
    case 1:
        return json_integer((json_int_t)rnd(100000) - 50000);
    case 2:
        return rnd(3) == 0 ? json_null() : json_real((double)rnd(1000000) / 7.0);
    case 3:
        return json_boolean(rnd(2));
    case 4: {
        json_t *a = json_array();
        for (unsigned i = rnd(4); i > 0; i--)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = rnd(4); i > 0; i--) {
            json_t *k = random_string();
            json_object_set_new(o, json_string_value(k), random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

START_TEST(test_agrees_with_jansson)
{
    for (int round = 0; round < 3000; round++) {
        json_t *v = random_value(0);
        size_t flags = JSON_ENCODE_ANY | (round % 2 ? JSON_ENSURE_ASCII : 0);
        char *indented = json_dumps(v, JSON_INDENT(round % 4 + 1) | flags);
        char *compact = json_dumps(v, JSON_COMPACT | flags);
        ck_assert_ptr_nonnull(indented);
        ck_assert_ptr_nonnull(compact);
        size_t n;
        char *out = squeezed(indented, strlen(indented), &n);
        ck_assert_msg(strcmp(out, compact) == 0, "round %d: '%s' squeezed to '%s', not '%s'", round,
                      indented, out, compact);
        rg_free(out);
        free(indented);
        free(compact);
        json_decref(v);
    }
}
END_TEST

/* A name written twice: the first, or the last (jansson's); names inside
 * nested values and in strings do not count; absent, not an object. */
START_TEST(test_member_offsets)
{
    static const char t[] = "{\"a\": {\"k\": 1}, \"s\": \"\\\"k\\\": 2\", \"k\": [3],\n"
                            " \"b\": [{\"k\": 4}], \"k\" :  5}";
    size_t n = strlen(t);
    ck_assert_uint_eq(rg_json_member_offset(t, n, 0, "k"), (size_t)(strchr(t, '[') - t));
    ck_assert_uint_eq(rg_json_member_offset_last(t, n, 0, "k"), (size_t)(strrchr(t, '5') - t));
    ck_assert_uint_eq(rg_json_member_offset_last(t, n, 0, "a"), 6);
    ck_assert_uint_eq(rg_json_member_offset_last(t, n, 0, "z"), RG_JSON_NONE);
    ck_assert_uint_eq(rg_json_member_offset_last(t, n, 1, "k"), RG_JSON_NONE);
    ck_assert_uint_eq(rg_json_member_offset_last(t, n, 6, "k"), 12); /* inside "a" */
    /* cut after a match: what was found */
    ck_assert_uint_eq(rg_json_member_offset_last(t, 28, 0, "a"), 6);
}
END_TEST

/* key NULL: the elements of the array the text opens with, and none of a
 * value after it (a slice of a document: the rest is not the array's). */
START_TEST(test_elements_of_one_array)
{
    static const char t[] = "[1, {\"x\": [7, 8]}, \"]\", [9]] [10, 11], {\"k\": [12]}";
    size_t *off = NULL;
    size_t n = rg_json_element_offsets(t, strlen(t), NULL, &off);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(off[0], 1);
    ck_assert_uint_eq(off[1], 4);
    ck_assert_uint_eq(off[2], 19);
    ck_assert_uint_eq(off[3], 24);
    rg_free(off);
    n = rg_json_element_offsets(t, strlen(t), "k", &off);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(off[0], strlen(t) - 4);
    rg_free(off);
}
END_TEST

static Suite *jsonutil_suite(void)
{
    Suite *s = suite_create("jsonutil");
    TCase *tc = tcase_create("squeeze");
    tcase_add_test(tc, test_exact);
    tcase_add_test(tc, test_cut);
    tcase_add_test(tc, test_agrees_with_jansson);
    tcase_add_test(tc, test_member_offsets);
    tcase_add_test(tc, test_elements_of_one_array);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(jsonutil_suite)
