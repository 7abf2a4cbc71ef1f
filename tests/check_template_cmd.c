/* check_template_cmd.c -- `reviewgen template FILE DATA`: escaping chosen by
 * the template's name, partials by the template's extension, output byte for
 * byte, and whole error lines. Calls the command's entry with stdout and
 * stderr sent to files. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "check_cmd_util.h"
#include "check_util.h"

extern const rg_command rg_cmd_template;

#define FIX RG_FIXTURES "/template/"
#define SCRATCH "build/test-scratch/template"

typedef struct result {
    int rc;
    char *out, *err; /* rg_malloc'd, NUL-terminated */
    size_t out_len;
} result;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = rg_malloc(1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

/* Runs the command with up to four arguments (NULL ends the list). */
static result run(const char *a0, const char *a1, const char *a2, const char *a3)
{
    char *argv[5] = {(char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 0;
    while (argc < 4 && argv[argc])
        argc++;
    mkdir("build/test-scratch", 0777);
    fflush(stdout);
    fflush(stderr);
    int save_out = dup(1), save_err = dup(2);
    int fo = open(SCRATCH ".out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(SCRATCH ".err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert(fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    result r;
    r.rc = rg_test_run_cmd(&rg_cmd_template, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(save_out, 1);
    dup2(save_err, 2);
    close(fo);
    close(fe);
    close(save_out);
    close(save_err);
    r.out = slurp(SCRATCH ".out", &r.out_len);
    r.err = slurp(SCRATCH ".err", NULL);
    return r;
}

static void result_free(result *r)
{
    rg_free(r->out);
    rg_free(r->err);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(test_html_escaping_and_partials)
{
    result r = run(FIX "card.html.mustache", FIX "data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    /* {{x}} HTML-escaped as the spec expects; {{{x}}} and {{&x}} as they are;
     * the standalone partial indented; the missing one empty */
    ck_assert_str_eq(r.out, "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; "
                            "&#39;a&#39;</h1>\n"
                            "<ul>\n"
                            "  <li>[x](javascript:alert(1)) **b** | =cmd</li>\n"
                            "</ul>\n"
                            "<b>ok</b>|<b>ok</b>\n"
                            "end\n");
    ck_assert_str_eq(r.err, FIX "card.html.mustache: warning: partial 'missing' was not found "
                                "(no " FIX "missing.html.mustache); it renders as empty\n" FIX
                                "card.html.mustache: warning: partial '../outside' is outside "
                                "the partials folder and was not read; it renders as empty\n");
    result_free(&r);
}
END_TEST

START_TEST(test_partials_folder)
{
    result r = run(FIX "card.html.mustache", FIX "data.json", "--partials", FIX "parts");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_ptr_nonnull(
        strstr(r.out, "<ul>\n  <li class=\"other\">[x](javascript:alert(1)) **b** | =cmd</li>\n"));
    ck_assert_ptr_nonnull(strstr(r.err, "(no " FIX "parts/missing.html.mustache)"));
    result_free(&r);
    /* --partials=DIR is the same */
    r = run("--partials=" FIX "parts", FIX "card.html.mustache", FIX "data.json", NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "<li class=\"other\">"));
    result_free(&r);
}
END_TEST

START_TEST(test_markdown_escaping)
{
    result r = run(FIX "notes.md.mustache", FIX "data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_str_eq(r.out, "# \\<script\\>alert(1)\\</script\\> \\& \"q\" 'a'\n"
                            "\n"
                            "- \\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\| =cmd\n"
                            "* \\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\| =cmd\n");
    ck_assert_str_eq(r.err, "");
    result_free(&r);
}
END_TEST

START_TEST(test_other_names_escape_html)
{
    /* "plain.mustache": HTML escaping, partials read as NAME.mustache */
    result r = run(FIX "plain.mustache", FIX "data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_str_eq(r.out, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; "
                            "&#39;a&#39; [[x](javascript:alert(1)) **b** | =cmd]\n");
    result_free(&r);
}
END_TEST

START_TEST(test_byte_for_byte)
{
    /* CRLF, a byte that is not UTF-8, a tab, no final newline, a BEL in the
     * data: all reach stdout unchanged */
    result r = run(FIX "bytes.html.mustache", FIX "bytes.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    const char want[] = "a\r\nb\xff \xc3\xa9\x07&lt;\r\n\t1,2.5,three,true,,";
    ck_assert_uint_eq(r.out_len, sizeof(want) - 1);
    ck_assert_mem_eq(r.out, want, sizeof(want) - 1);
    result_free(&r);
}
END_TEST

START_TEST(test_partial_names)
{
    mkdir("build/test-scratch", 0777);
    mkdir(SCRATCH, 0777);
    mkdir(SCRATCH "/sub", 0777);
    mkdir(SCRATCH "/dir.txt.mustache", 0777); /* a partial that is a folder */
    write_file(SCRATCH "/page.txt.mustache", "[{{> sub/head}}][{{> head.txt.mustache}}]\n");
    write_file(SCRATCH "/sub/head.txt.mustache", "sub {{v}}");
    write_file(SCRATCH "/head.txt.mustache", "top {{v}}");
    write_file(SCRATCH "/data.json", "{\"v\": \"<&>\"}");
    result r = run(SCRATCH "/page.txt.mustache", SCRATCH "/data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    /* a subfolder inside the partials folder is fine; a name that already
     * carries the extension is read as it is; .txt.mustache escapes HTML */
    ck_assert_str_eq(r.out, "[sub &lt;&amp;&gt;][top &lt;&amp;&gt;]\n");
    ck_assert_str_eq(r.err, "");
    result_free(&r);
    /* a partial that exists but cannot be read stops the render: no output */
    write_file(SCRATCH "/broken.txt.mustache", "before {{> dir}} after\n");
    r = run(SCRATCH "/broken.txt.mustache", SCRATCH "/data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, SCRATCH "/dir.txt.mustache: cannot read: Is a directory\n");
    result_free(&r);
}
END_TEST

START_TEST(test_scalar_data)
{
    mkdir("build/test-scratch", 0777);
    mkdir(SCRATCH, 0777);
    write_file(SCRATCH "/dot.html.mustache", "<{{.}}>");
    write_file(SCRATCH "/scalar.json", "\"a & b\"");
    result r = run(SCRATCH "/dot.html.mustache", SCRATCH "/scalar.json", NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_str_eq(r.out, "<a &amp; b>");
    result_free(&r);
}
END_TEST

START_TEST(test_input_errors)
{
    result r = run(FIX "invalid/unclosed.html.mustache", FIX "data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, FIX "invalid/unclosed.html.mustache:2:3: unclosed section 'items'\n");
    result_free(&r);

    r = run(FIX "card.html.mustache", FIX "invalid/truncated.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.out, "");
    ck_assert_str_eq(r.err, FIX "invalid/truncated.json:1:15: unexpected end of file "
                                "(truncated?): ']' expected\n");
    result_free(&r);

    r = run(FIX "card.html.mustache", FIX "invalid/empty.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.err, FIX "invalid/empty.json: file is empty, expected a JSON document\n");
    result_free(&r);

    r = run(FIX "card.html.mustache", FIX "invalid/duplicate.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.err, FIX "invalid/duplicate.json:2:4: a key appears twice: '\"a\"'\n");
    result_free(&r);

    r = run(FIX "no-such.html.mustache", FIX "data.json", NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_INPUT);
    ck_assert_str_eq(r.err, FIX "no-such.html.mustache: cannot read: No such file or directory\n");
    result_free(&r);
}
END_TEST

START_TEST(test_usage)
{
    result r = run(FIX "card.html.mustache", NULL, NULL, NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_USAGE);
    ck_assert_str_eq(r.err,
                     "reviewgen: template: missing the template or the data (reviewgen "
                     "template FILE.mustache DATA.json)\nTry 'reviewgen template --help'.\n");
    result_free(&r);
    r = run("a", "b", "c", NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_USAGE);
    ck_assert_str_eq(r.err, "reviewgen: template: unexpected argument 'c'\n"
                            "Try 'reviewgen template --help'.\n");
    result_free(&r);
    r = run("a", "b", "--partials", NULL);
    ck_assert_int_eq(r.rc, RG_EXIT_USAGE);
    ck_assert_str_eq(r.err, "reviewgen: template: option '--partials' needs a value\n"
                            "Try 'reviewgen template --help'.\n");
    result_free(&r);
    r = run("--help", NULL, NULL, NULL);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_int_eq(strncmp(r.out, "usage: reviewgen template FILE.mustache DATA.json", 49), 0);
    result_free(&r);
}
END_TEST

static Suite *template_cmd_suite(void)
{
    Suite *s = suite_create("template_cmd");
    TCase *tc = tcase_create("template_cmd");
    tcase_add_test(tc, test_html_escaping_and_partials);
    tcase_add_test(tc, test_partials_folder);
    tcase_add_test(tc, test_markdown_escaping);
    tcase_add_test(tc, test_other_names_escape_html);
    tcase_add_test(tc, test_byte_for_byte);
    tcase_add_test(tc, test_partial_names);
    tcase_add_test(tc, test_scalar_data);
    tcase_add_test(tc, test_input_errors);
    tcase_add_test(tc, test_usage);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(template_cmd_suite)
