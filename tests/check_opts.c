/* check_opts.c -- the one option parser every command uses (cmd/opts.c):
 * long options with = or a separate value, combined short flags, "--", "-"
 * as an operand, options after operands, and the exact usage errors with
 * their suggestions. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "check_util.h"
#include "opts.h"

enum { DB = RG_OPT_LONG, TEMPLATES, NO_STORE };

static const rg_opt opts[] = {{"out", 'o', 1, NULL},
                              {"quiet", 'q', 0, NULL},
                              {"db", DB, 1, NULL},
                              {"templates", TEMPLATES, 1, NULL},
                              {"no-store", NO_STORE, 0, NULL},
                              {"timezone", 'z', 1, NULL},
                              {NULL, 0, 0, NULL}};

/* What the parser made of args: "o=out q db=x | op1 op2" or "exit 2", and
 * stderr's text in err (static buffer). */
static char trace[1024], err[1024];

static const char *parse(const char *const *args)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"build";
    for (; args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    argv[argc] = NULL;
    fflush(stderr);
    FILE *tmp = tmpfile();
    ck_assert_ptr_nonnull(tmp);
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    rg_opts p;
    rg_opts_init(&p, "build", "usage: reviewgen build DIR\n", opts, argc, argv);
    trace[0] = '\0';
    int k;
    while ((k = rg_opts_next(&p)) != RG_OPT_END && k != RG_OPT_EXIT) {
        char one[128];
        const char *name = k == DB          ? "db"
                           : k == TEMPLATES ? "templates"
                           : k == NO_STORE  ? "no-store"
                                            : NULL;
        if (name)
            snprintf(one, sizeof(one), "%s", name);
        else
            snprintf(one, sizeof(one), "%c", k);
        strcat(trace, one);
        if (p.arg) {
            strcat(trace, "=");
            strcat(trace, p.arg);
        }
        strcat(trace, " ");
    }
    if (k == RG_OPT_EXIT) {
        snprintf(trace, sizeof(trace), "exit %d", p.exit);
    } else {
        strcat(trace, "|");
        for (int i = 0; i < rg_opts_n_operands(&p); i++) {
            strcat(trace, " ");
            strcat(trace, rg_opts_operand(&p, i));
        }
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(tmp);
    size_t n = fread(err, 1, sizeof(err) - 1, tmp);
    err[n] = '\0';
    fclose(tmp);
    return trace;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

START_TEST(long_options_with_and_without_equals)
{
    ck_assert_str_eq(parse(ARGS("--db=x.db", "inc")), "db=x.db | inc");
    ck_assert_str_eq(parse(ARGS("--db", "x.db", "inc")), "db=x.db | inc");
    ck_assert_str_eq(parse(ARGS("--out=", "inc")), "o= | inc");
    /* a unique prefix is the option, as in every GNU tool */
    ck_assert_str_eq(parse(ARGS("--temp", "t", "inc")), "templates=t | inc");
    ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(short_options_combined_and_attached)
{
    ck_assert_str_eq(parse(ARGS("-qo", "out", "inc")), "q o=out | inc");
    ck_assert_str_eq(parse(ARGS("-oout", "inc")), "o=out | inc");
    ck_assert_str_eq(parse(ARGS("-q", "-z", "Asia/Ho_Chi_Minh", "inc")),
                     "q z=Asia/Ho_Chi_Minh | inc");
}
END_TEST

START_TEST(operands_anywhere_dash_and_double_dash)
{
    /* options after operands, operands kept in order */
    ck_assert_str_eq(parse(ARGS("a", "-q", "b", "--no-store")), "q no-store | a b");
    /* "-" is an operand (stdin) */
    ck_assert_str_eq(parse(ARGS("-", "-q")), "q | -");
    /* after "--" everything is an operand, even what looks like an option */
    ck_assert_str_eq(parse(ARGS("-q", "--", "--db", "-x")), "q | --db -x");
}
END_TEST

START_TEST(usage_errors)
{
    ck_assert_str_eq(parse(ARGS("--tempaltes", "t")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: unknown option '--tempaltes'; did you mean "
                          "'--templates'?\nTry 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("--dbb=x")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: unknown option '--dbb'; did you mean '--db'?\n"
                          "Try 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("--colour")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: unknown option '--colour'\n"
                          "Try 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("-x")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: unknown option '-x'\n"
                          "Try 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("inc", "-o")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: option '-o' needs a value\n"
                          "Try 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("--db")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: option '--db' needs a value\n"
                          "Try 'reviewgen build --help'.\n");
    ck_assert_str_eq(parse(ARGS("--no-store=yes")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: option '--no-store' takes no value "
                          "('--no-store=yes')\nTry 'reviewgen build --help'.\n");
    /* "--t" could be --templates or --timezone */
    ck_assert_str_eq(parse(ARGS("--t", "x")), "exit 2");
    ck_assert_str_eq(err, "reviewgen: build: option '--t' is ambiguous (give more of its name)\n"
                          "Try 'reviewgen build --help'.\n");
}
END_TEST

START_TEST(help_everywhere)
{
    /* -h and --help are in every table, even after operands */
    fflush(stdout);
    FILE *tmp = tmpfile();
    int saved = dup(1);
    dup2(fileno(tmp), 1);
    const char *t1 = parse(ARGS("inc", "--help"));
    ck_assert_str_eq(t1, "exit 0");
    const char *t2 = parse(ARGS("-h"));
    ck_assert_str_eq(t2, "exit 0");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    rewind(tmp);
    char out[256];
    size_t n = fread(out, 1, sizeof(out) - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    ck_assert_str_eq(out, "usage: reviewgen build DIR\nusage: reviewgen build DIR\n");
}
END_TEST

START_TEST(nearest_names)
{
    const char *const commands[] = {"build", "build-all", "html", "lint", "timeline", "trend"};
    size_t n = sizeof(commands) / sizeof(commands[0]);
    ck_assert_str_eq(rg_opts_nearest("biuld", commands, n), "build");
    ck_assert_str_eq(rg_opts_nearest("timelime", commands, n), "timeline");
    ck_assert_str_eq(rg_opts_nearest("trnd", commands, n), "trend");
    ck_assert_str_eq(rg_opts_nearest("buildall", commands, n), "build-all");
    /* too far from everything: no guess */
    ck_assert_ptr_null(rg_opts_nearest("publish", commands, n));
    ck_assert_ptr_null(rg_opts_nearest("x", commands, n));
}
END_TEST

static Suite *opts_suite(void)
{
    Suite *s = suite_create("opts");
    TCase *tc = tcase_create("opts");
    tcase_add_test(tc, long_options_with_and_without_equals);
    tcase_add_test(tc, short_options_combined_and_attached);
    tcase_add_test(tc, operands_anywhere_dash_and_double_dash);
    tcase_add_test(tc, usage_errors);
    tcase_add_test(tc, help_everywhere);
    tcase_add_test(tc, nearest_names);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(opts_suite)
