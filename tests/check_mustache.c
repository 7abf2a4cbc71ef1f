/* check_mustache.c -- the template engine against every case of the official
 * Mustache spec, in Markdown mode, and on broken templates (exact errors). */
#include "mustache.h"

#include <dirent.h>
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "jsonutil.h"

/* Partials from a JSON object of name -> template text (the spec's shape). */
static char *object_partial(void *ctx, const char *name, size_t *len)
{
    const json_t *s = json_object_get(ctx, name);
    if (!json_is_string(s))
        return NULL;
    *len = json_string_length(s);
    return rg_strndup(json_string_value(s), *len);
}

/* Renders tmpl over data given as JSON text, with partials as JSON text (or
 * NULL). Returns the output (caller frees with rg_free()) or NULL with diag. */
static char *render(rg_escape_mode mode, const char *tmpl, size_t tmpl_len, const char *data_json,
                    const char *partials_json, size_t *out_len, rg_diag *diag)
{
    json_error_t jerr;
    json_t *data = json_loads(data_json, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(data != NULL, "bad test data: %s", jerr.text);
    json_t *partials = partials_json ? json_loads(partials_json, 0, &jerr) : NULL;
    rg_mustache_opts opts = {mode, partials ? object_partial : NULL, partials};
    char *out = rg_mustache_render("t.mustache", tmpl, tmpl_len, data, &opts, out_len, diag);
    json_decref(data);
    json_decref(partials);
    return out;
}

/* Renders and expects success with exactly `want`. */
static void expect(rg_escape_mode mode, const char *tmpl, const char *data_json,
                   const char *partials_json, const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 12345;
    char *out = render(mode, tmpl, strlen(tmpl), data_json, partials_json, &len, &diag);
    ck_assert_msg(out != NULL, "template '%s' failed: %s", tmpl, diag.error);
    ck_assert_msg(strcmp(out, want) == 0, "template '%s'\n got '%s'\nwant '%s'", tmpl, out, want);
    ck_assert_uint_eq(len, strlen(want));
    rg_free(out);
    rg_diag_free(&diag);
}

/* Renders and expects failure with exactly the error line `want`. */
static void expect_error(const char *tmpl, const char *data_json, const char *partials_json,
                         const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 12345;
    char *out = render(RG_ESCAPE_HTML, tmpl, strlen(tmpl), data_json, partials_json, &len, &diag);
    ck_assert_msg(out == NULL, "template '%s' rendered '%s'", tmpl, out ? out : "");
    ck_assert_int_eq(diag.has_error, 1);
    ck_assert_str_eq(diag.error, want);
    ck_assert_uint_eq(len, 12345); /* untouched on failure */
    rg_diag_free(&diag);
}

/* ---- the official specification ---- */

START_TEST(test_spec_all_cases)
{
    static const char *const files[] = {"comments", "delimiters", "interpolation",
                                        "inverted", "partials",   "sections"};
    const char *dir = RG_CORPUS "/mustache-spec";
    if (!rg_have_corpus(dir))
        return;
    int total = 0, passed = 0;
    char failures[4096] = "";
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s.json", dir, files[f]);
        json_error_t jerr;
        json_t *doc = json_load_file(path, 0, &jerr);
        ck_assert_msg(doc != NULL, "%s: %s", path, jerr.text);
        json_t *tests = json_object_get(doc, "tests");
        ck_assert(json_array_size(tests) > 0);
        size_t i;
        json_t *tc;
        json_array_foreach(tests, i, tc)
        {
            const char *name = json_string_value(json_object_get(tc, "name"));
            json_t *tmpl = json_object_get(tc, "template");
            json_t *partials = json_object_get(tc, "partials");
            const char *expected = json_string_value(json_object_get(tc, "expected"));
            ck_assert(name && json_is_string(tmpl) && expected);
            rg_mustache_opts opts = {RG_ESCAPE_HTML, object_partial, partials};
            rg_diag diag;
            rg_diag_init(&diag);
            size_t len = 0;
            char *out = rg_mustache_render(name, json_string_value(tmpl), json_string_length(tmpl),
                                           json_object_get(tc, "data"), &opts, &len, &diag);
            total++;
            if (out && len == strlen(expected) && strcmp(out, expected) == 0) {
                passed++;
            } else {
                size_t used = strlen(failures);
                snprintf(failures + used, sizeof failures - used, "\n  %s / %s: got '%s'%s",
                         files[f], name, out ? out : "(null)", out ? "" : diag.error);
            }
            rg_free(out);
            rg_diag_free(&diag);
        }
        json_decref(doc);
    }
    fprintf(stderr, "mustache spec: %d of %d cases pass\n", passed, total);
    ck_assert_int_eq(total, 136);
    ck_assert_msg(passed == total, "%d of %d spec cases failed:%s", total - passed, total,
                  failures);
}
END_TEST

/* ---- our own cases ---- */

START_TEST(test_markdown_mode)
{
    const char *data = "{\"who\": \"<script>alert(1)</script> **x** [a](javascript:b)\","
                       " \"n\": 1.5, \"i\": -3, \"t\": true, \"f\": false}";
    expect(RG_ESCAPE_MARKDOWN, "| {{who}} | {{n}} | {{i}} | {{t}} | {{f}} |\n", data, NULL,
           "| \\<script\\>alert(1)\\</script\\> \\*\\*x\\*\\* "
           "\\[a\\](javascript:b) | 1.5 | -3 | true |  |\n");
    /* triple braces and & leave the lead's own Markdown alone */
    expect(RG_ESCAPE_MARKDOWN, "{{{md}}} {{&md}}", "{\"md\": \"**ok** `x`\"}", NULL,
           "**ok** `x` **ok** `x`");
    expect(RG_ESCAPE_MARKDOWN, "- {{.}}\n", "\"# title\\n1. item\"", NULL, "- \\# title 1. item\n");
    expect(RG_ESCAPE_MARKDOWN, "{{#list}}- {{.}}\n{{/list}}", "{\"list\": [\"a|b\", \"~~c~~\"]}",
           NULL, "- a\\|b\n- \\~\\~c\\~\\~\n");
}
END_TEST

START_TEST(test_escape_modes)
{
    const char *data = "{\"v\": \"<a href='x'>&\\\"</a>\"}";
    expect(RG_ESCAPE_HTML, "{{v}}", data, NULL, "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
    expect(RG_ESCAPE_NONE, "{{v}}", data, NULL, "<a href='x'>&\"</a>");
    expect(RG_ESCAPE_HTML, "{{{v}}}", data, NULL, "<a href='x'>&\"</a>");
}
END_TEST

START_TEST(test_numbers)
{
    expect(RG_ESCAPE_HTML, "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
           "{\"a\": 0.1, \"b\": 1e21, \"c\": 100.0, \"d\": -2.5, \"e\": 0.3333333333333333,"
           " \"f\": 9007199254740993, \"g\": -9223372036854775808, \"h\": 1.21}",
           NULL,
           "0.1 1e+21 100 -2.5 0.3333333333333333 9007199254740993 -9223372036854775808 1.21");
    expect(RG_ESCAPE_HTML, "{{a}} {{b}} {{c}} {{d}}", "[1e20, 1.5e-7, 123456.5, 0.0001]", NULL,
           "   ");
    expect(RG_ESCAPE_HTML, "{{#.}}{{.}} {{/.}}", "[1e20, 1.5e-7, 123456.5, 0.0001, 2.0]", NULL,
           "100000000000000000000 1.5e-07 123456.5 0.0001 2 ");
}
END_TEST

START_TEST(test_truthiness)
{
    const char *data = "{\"zero\": 0, \"zf\": 0.0, \"empty\": \"\", \"obj\": {}, \"list\": [],"
                       " \"null\": null, \"f\": false, \"one\": 1, \"s\": \"x\", \"t\": true}";
    expect(RG_ESCAPE_HTML,
           "{{#zero}}A{{/zero}}{{#zf}}B{{/zf}}{{#empty}}C{{/empty}}{{#obj}}D{{/obj}}"
           "{{#list}}E{{/list}}{{#null}}F{{/null}}{{#f}}G{{/f}}{{#one}}H{{.}}{{/one}}"
           "{{#s}}I{{.}}{{/s}}{{#t}}J{{.}}{{/t}}{{#miss}}K{{/miss}}",
           data, NULL, "DH1IxJtrue");
    expect(RG_ESCAPE_HTML,
           "{{^zero}}a{{/zero}}{{^empty}}b{{/empty}}{{^obj}}c{{/obj}}{{^list}}d{{/list}}"
           "{{^one}}e{{/one}}{{^miss}}f{{/miss}}",
           data, NULL, "abdf");
}
END_TEST

START_TEST(test_lookup)
{
    /* objects and arrays interpolate as empty; dots never index a string */
    expect(RG_ESCAPE_HTML, "[{{o}}][{{l}}][{{s.x}}][{{o.k.z}}]",
           "{\"o\": {\"k\": 1}, \"l\": [1], \"s\": \"str\"}", NULL, "[][][][]");
    /* a name found lower in the stack, from inside a list of scalars */
    expect(RG_ESCAPE_HTML, "{{#l}}{{.}}{{sep}}{{/l}}", "{\"l\": [1, 2], \"sep\": \",\"}", NULL,
           "1,2,");
    /* no data at all: everything misses */
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 99;
    const char *tmpl = "a{{x}}b{{#y}}c{{/y}}{{^y}}d{{/y}}";
    char *out = rg_mustache_render("t", tmpl, strlen(tmpl), NULL, NULL, &len, &diag);
    ck_assert_str_eq(out, "abd");
    ck_assert_uint_eq(len, 3);
    rg_free(out);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(test_empty_and_binary_templates)
{
    expect(RG_ESCAPE_HTML, "", "{}", NULL, "");
    rg_diag diag;
    rg_diag_init(&diag);
    size_t len = 0;
    json_t *data = json_pack("{s:s}", "x", "y");
    char *out = rg_mustache_render("t", "a\0{{x}}\0b", 9, data, NULL, &len, &diag);
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(len, 5);
    ck_assert_int_eq(memcmp(out, "a\0y\0b", 6), 0);
    rg_free(out);
    json_decref(data);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(test_partials)
{
    /* missing partial, no loader at all, and a partial used at two indents */
    expect(RG_ESCAPE_HTML, "[{{>nope}}]", "{}", "{}", "[]");
    expect(RG_ESCAPE_HTML, "[{{>p}}]", "{}", NULL, "[]");
    expect(RG_ESCAPE_HTML, "  {{>p}}\n{{>p}}\n    {{>p}}\n", "{\"v\": 1}",
           "{\"p\": \"a{{v}}\\nb\\n\"}", "  a1\n  b\na1\nb\n    a1\n    b\n");
    /* a standalone partial inside an indented partial is indented twice */
    expect(RG_ESCAPE_HTML, "  {{>outer}}\n", "{}",
           "{\"outer\": \"o\\n  {{>inner}}\\n\", \"inner\": \"i1\\ni2\\n\"}",
           "  o\n    i1\n    i2\n");
    /* set delimiters do not leak into or out of a partial */
    expect(RG_ESCAPE_HTML, "{{=<% %>=}}<%>p%>{{x}}<%x%>", "{\"x\": 7}", "{\"p\": \"{{x}}<%x%>\"}",
           "7<%x%>{{x}}7");
    /* recursion that ends with the data (a leaf needs its own empty "c", or
     * the lookup finds its parent's) */
    expect(RG_ESCAPE_HTML, "{{>n}}",
           "{\"v\": 1, \"c\": [{\"v\": 2, \"c\": [{\"v\": 3, \"c\": []}]}]}",
           "{\"n\": \"{{v}}({{#c}}{{>n}}{{/c}})\"}", "1(2(3()))");
}
END_TEST

START_TEST(test_errors_in_code)
{
    /* a partial that includes itself for ever */
    expect_error("x\n{{>loop}}", "{}", "{\"loop\": \"a{{>loop}}\"}",
                 "loop:1:2: partial 'loop' nested more than 64 deep (does it include itself?)");
    /* sections and partials together past the render limit */
    expect_error("{{>n}}", "{\"a\": true}",
                 "{\"n\": \"{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
                 "{{>n}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}\"}",
                 "n:1:37: sections and partials nested more than 512 deep");
    /* a syntax error in an indented partial: columns without our indentation */
    expect_error("x\n   {{>p}}\n", "{}", "{\"p\": \"a\\n{{#s}}\\n\"}",
                 "p:2:1: unclosed section 's'");
    /* a syntax error in a partial that is never reached is not an error */
    expect(RG_ESCAPE_HTML, "{{#no}}{{>bad}}{{/no}}ok", "{}", "{\"bad\": \"{{#x}}\"}", "ok");
    /* sections nested past the limit */
    char deep[2048] = "";
    for (int i = 0; i < 101; i++)
        strcat(deep, "{{#a}}");
    expect_error(deep, "{}", NULL, "t.mustache:1:601: section 'a' nested more than 100 deep");
    /* exactly 100 levels is fine */
    deep[600] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(deep, "{{/a}}");
    expect(RG_ESCAPE_HTML, deep, "{\"a\": {}}", NULL, "");
}
END_TEST

/* Every tests/fixtures/mustache/invalid/<case>/input fails with exactly the
 * line in <case>/error, the template being named "input". */
START_TEST(test_invalid_fixtures)
{
    const char *base = RG_FIXTURES "/mustache/invalid";
    DIR *d = opendir(base);
    ck_assert_msg(d != NULL, "cannot open %s", base);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        size_t in_len, err_len;
        rg_diag diag;
        rg_diag_init(&diag);
        snprintf(path, sizeof path, "%s/%s/input", base, e->d_name);
        char *input = rg_read_file(path, &in_len, &diag);
        snprintf(path, sizeof path, "%s/%s/error", base, e->d_name);
        char *want = rg_read_file(path, &err_len, &diag);
        ck_assert_msg(input && want, "%s: %s", e->d_name, diag.error);
        while (err_len > 0 && want[err_len - 1] == '\n')
            want[--err_len] = '\0';
        json_t *data = json_object();
        rg_mustache_opts opts = {RG_ESCAPE_MARKDOWN, NULL, NULL};
        size_t len = 0;
        char *out = rg_mustache_render("input", input, in_len, data, &opts, &len, &diag);
        ck_assert_msg(out == NULL, "%s: rendered '%s'", e->d_name, out ? out : "");
        ck_assert_msg(strcmp(diag.error, want) == 0, "%s:\n got %s\nwant %s", e->d_name, diag.error,
                      want);
        json_decref(data);
        rg_free(input);
        rg_free(want);
        rg_diag_free(&diag);
        n++;
    }
    closedir(d);
    ck_assert_int_ge(n, 18);
}
END_TEST

/* A loader outside the failure counter: the loader interface cannot tell a
 * failed allocation from a missing partial, so only the engine is tested. */
static char *libc_partial(void *ctx, const char *name, size_t *len)
{
    const json_t *s = json_object_get(ctx, name);
    if (!json_is_string(s))
        return NULL;
    *len = json_string_length(s);
    return strndup(json_string_value(s), *len);
}

/* Out of memory at each allocation in turn: NULL with "out of memory" and no
 * leak (the sanitizer run checks), then success once allocation works. */
START_TEST(test_out_of_memory)
{
    const char *tmpl = "{{#l}}\n  {{>p}}\n{{/l}}{{x}}";
    json_t *data = json_pack("{s:[i,i],s:s}", "l", 1, 2, "x", "<b>");
    json_t *partials = json_pack("{s:s}", "p", "{{.}}\n");
    rg_mustache_opts opts = {RG_ESCAPE_HTML, libc_partial, partials};
    int failures = 0;
    for (long k = 0;; k++) {
        rg_diag diag;
        rg_diag_init(&diag);
        size_t len = 0;
        rg_alloc_fail_after(k);
        char *out = rg_mustache_render("t", tmpl, strlen(tmpl), data, &opts, &len, &diag);
        rg_alloc_fail_after(-1);
        if (out) {
            ck_assert_str_eq(out, "  1\n  2\n&lt;b&gt;");
            rg_free(out);
            rg_diag_free(&diag);
            break;
        }
        failures++;
        ck_assert_msg(strcmp(diag.error, "t: out of memory") == 0 ||
                          strcmp(diag.error, "p: out of memory") == 0,
                      "after %ld allocations: %s", k, diag.error);
        rg_diag_free(&diag);
        ck_assert_int_lt(k, 1000);
    }
    ck_assert_int_gt(failures, 3);
    json_decref(data);
    json_decref(partials);
}
END_TEST

static Suite *mustache_suite(void)
{
    Suite *s = suite_create("mustache");
    TCase *tc = tcase_create("mustache");
    tcase_add_test(tc, test_spec_all_cases);
    tcase_add_test(tc, test_markdown_mode);
    tcase_add_test(tc, test_escape_modes);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_truthiness);
    tcase_add_test(tc, test_lookup);
    tcase_add_test(tc, test_empty_and_binary_templates);
    tcase_add_test(tc, test_partials);
    tcase_add_test(tc, test_errors_in_code);
    tcase_add_test(tc, test_invalid_fixtures);
    tcase_add_test(tc, test_out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(mustache_suite)
