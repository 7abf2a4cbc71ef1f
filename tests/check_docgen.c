/* check_docgen.c -- the man page and the completions are written from the
 * command tables, and the README's exit table is the same as rg_exit_codes:
 * help written once must not drift between terminal, man, shell and README. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "check_util.h"
#include "cli.h"
#include "diag.h"
#include "docgen.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t r;
    while (s && (r = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n < 2) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                s = NULL;
            } else
                s = t;
        }
    }
    fclose(f);
    if (s) {
        s[n] = '\0';
        if (len)
            *len = n;
    }
    return s;
}

static char *man_page(void)
{
    size_t tlen = 0;
    char *tmpl = slurp("doc/reviewgen.1.in", &tlen);
    ck_assert_ptr_nonnull(tmpl);
    rg_buf out = {0};
    rg_diag diag = {0};
    ck_assert_int_eq(rg_docgen_man(&out, tmpl, tlen, "9.9.9", &diag), 0);
    free(tmpl);
    char *s = malloc(out.len + 1);
    memcpy(s, out.data, out.len);
    s[out.len] = '\0';
    rg_buf_free(&out);
    return s;
}

START_TEST(test_man_has_every_command_and_exit_code)
{
    char *man = man_page();
    ck_assert_ptr_nonnull(strstr(man, "9.9.9"));
    ck_assert_ptr_null(strstr(man, "@COMMANDS@"));
    ck_assert_ptr_null(strstr(man, "@EXIT_STATUS@"));
    ck_assert_ptr_null(strstr(man, "@VERSION@"));
    for (int i = 0; rg_commands[i]; i++) {
        char want[128];
        snprintf(want, sizeof want, ".SS \"reviewgen %s\"\n", rg_commands[i]->name);
        ck_assert_msg(strstr(man, want), "man page has no section for %s", rg_commands[i]->name);
    }
    for (int c = 0; c < RG_EXIT_COUNT; c++) {
        char want[32];
        snprintf(want, sizeof want, ".B %d\n", c);
        ck_assert_msg(strstr(man, want), "man page has no exit code %d", c);
    }
    free(man);
}
END_TEST

START_TEST(test_man_without_placeholder_is_an_error)
{
    const char tmpl[] = ".TH REVIEWGEN 1\n@VERSION@\n";
    rg_buf out = {0};
    rg_diag diag = {0};
    ck_assert_int_eq(rg_docgen_man(&out, tmpl, sizeof tmpl - 1, "1", &diag), -1);
    ck_assert_ptr_nonnull(strstr(diag.error, "@COMMANDS@"));
    rg_buf_free(&out);
}
END_TEST

/* Every option a command parses is in its --help text: the table and the
 * prose are two places, and the man page prints the prose. */
START_TEST(test_every_option_is_in_its_help)
{
    for (int i = 0; rg_commands[i]; i++) {
        const rg_command *c = rg_commands[i];
        for (const rg_opt *o = c->opts; o && o->name; o++) {
            char want[96];
            snprintf(want, sizeof want, "--%s", o->name);
            ck_assert_msg(strstr(c->help, want), "%s --help does not mention %s", c->name, want);
        }
    }
}
END_TEST

/* The README's exit table row by row against rg_exit_codes. */
START_TEST(test_readme_exit_table_is_rg_exit_codes)
{
    char *readme = slurp("README.md", NULL);
    ck_assert_ptr_nonnull(readme);
    const char *t = strstr(readme, "| exit code | meaning |\n| --- | --- |\n");
    ck_assert_ptr_nonnull(t);
    t = strchr(strchr(t, '\n') + 1, '\n') + 1;
    int c = 0;
    for (; *t == '|'; c++) {
        const char *eol = strchr(t, '\n');
        ck_assert_ptr_nonnull(eol);
        char want[512];
        ck_assert_int_lt(c, RG_EXIT_COUNT);
        snprintf(want, sizeof want, "| %d | %s |", c, rg_exit_codes[c]);
        ck_assert_msg(strlen(want) == (size_t)(eol - t) && !memcmp(want, t, eol - t),
                      "README exit row %d differs from rg_exit_codes:\n%.*s\n%s", c, (int)(eol - t),
                      t, want);
        t = eol + 1;
    }
    ck_assert_int_eq(c, RG_EXIT_COUNT);
    free(readme);
}
END_TEST

static int run_sh(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    return pclose(p);
}

/* The bash completion, sourced in a real bash, completes commands, options
 * and option values. */
START_TEST(test_bash_completion_completes)
{
    if (system("command -v bash >/dev/null 2>&1") != 0) {
        fprintf(stderr, "skipped: no bash\n");
        return;
    }
    rg_buf out = {0};
    ck_assert_int_eq(rg_docgen_bash(&out), 0);
    char path[] = "/tmp/rg-bashcomp-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fwrite(out.data, 1, out.len, f);
    fclose(f);
    rg_buf_free(&out);

    char cmd[1024], got[4096];
    snprintf(cmd, sizeof cmd,
             "bash -c 'source %s; COMP_WORDS=(reviewgen bu); COMP_CWORD=1; _reviewgen; "
             "printf \"%%s\\n\" \"${COMPREPLY[@]}\"'",
             path);
    ck_assert_int_eq(run_sh(cmd, got, sizeof got), 0);
    ck_assert_str_eq(got, "build\nbuild-all\n");

    snprintf(cmd, sizeof cmd,
             "bash -c 'source %s; COMP_WORDS=(reviewgen trend --qua); COMP_CWORD=2; _reviewgen; "
             "printf \"%%s\\n\" \"${COMPREPLY[@]}\"'",
             path);
    ck_assert_int_eq(run_sh(cmd, got, sizeof got), 0);
    ck_assert_str_eq(got, "--quarter\n");
    remove(path);
}
END_TEST

/* make install DESTDIR=... puts the program, the man page and both
 * completions where the packaging conventions expect them. */
START_TEST(test_install_layout)
{
    char dir[] = "/tmp/rg-install-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[1024], build[256], stamp[300];
    /* RG_BIN is "BUILD/reviewgen": install what this build made */
    snprintf(build, sizeof build, "%s", RG_BIN);
    *strrchr(build, '/') = '\0';
    /* The share folder this build's program was made with (Makefile,
     * BUILD/sharedir): another would rebuild it under the running suite. */
    snprintf(stamp, sizeof stamp, "%s/sharedir", build);
    size_t len;
    char *share = slurp(stamp, &len);
    ck_assert_ptr_nonnull(share);
    ck_assert_uint_gt(len, 1);
    share[strcspn(share, "\n")] = '\0';
    snprintf(cmd, sizeof cmd,
             "make -s install BUILD=%s DESTDIR=%s PREFIX=/usr SHAREDIR='%s' >/dev/null 2>&1", build,
             dir, share);
    ck_assert_int_eq(system(cmd), 0);
    char schema[512];
    snprintf(schema, sizeof schema, "%s/incident.schema.json", share);
    const char *want[] = {"/usr/bin/reviewgen", "/usr/share/man/man1/reviewgen.1",
                          "/usr/share/bash-completion/completions/reviewgen",
                          "/usr/share/zsh/site-functions/_reviewgen", schema};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char p[512];
        struct stat st;
        snprintf(p, sizeof p, "%s%s", dir, want[i]);
        ck_assert_msg(stat(p, &st) == 0 && st.st_size > 0, "%s not installed", want[i]);
    }
    snprintf(cmd, sizeof cmd,
             "make -s uninstall BUILD=%s DESTDIR=%s PREFIX=/usr SHAREDIR='%s' >/dev/null 2>&1",
             build, dir, share);
    ck_assert_int_eq(system(cmd), 0);
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/usr/bin/reviewgen", dir);
    ck_assert_int_ne(stat(p, &st), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(share);
}
END_TEST

/* How many times needle occurs in the file at path (a binary one too). */
static int occurs(const char *path, const char *needle)
{
    size_t len, n = strlen(needle);
    char *t = slurp(path, &len);
    ck_assert_ptr_nonnull(t);
    int k = 0;
    for (size_t i = 0; i + n <= len; i++)
        k += memcmp(t + i, needle, n) == 0;
    free(t);
    return k;
}

/* The share folder is compiled into `reviewgen init`'s "$schema": a build
 * with another PREFIX (`make install PREFIX=/usr` after a plain `make`)
 * rebuilds what holds it, and the same PREFIX rebuilds nothing. */
START_TEST(test_prefix_rebuilds_the_share_path)
{
    char dir[] = "/tmp/rg-prefix-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[1024], obj[300];
    snprintf(obj, sizeof obj, "%s/obj/reviewgen/init.o", dir);
    const char *make = "make -s BUILD=%s PREFIX=%s %s >/dev/null 2>&1";
    snprintf(cmd, sizeof cmd, make, dir, "/opt/rg-a", obj);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(occurs(obj, "/opt/rg-a/share/reviewgen/incident.schema.json"), 1);
    struct stat before, after;
    ck_assert_int_eq(stat(obj, &before), 0);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(stat(obj, &after), 0);
    ck_assert(before.st_mtim.tv_sec == after.st_mtim.tv_sec &&
              before.st_mtim.tv_nsec == after.st_mtim.tv_nsec);
    snprintf(cmd, sizeof cmd, make, dir, "/opt/rg-b", obj);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(occurs(obj, "/opt/rg-a/"), 0);
    ck_assert_int_eq(occurs(obj, "/opt/rg-b/share/reviewgen/incident.schema.json"), 1);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *docgen_suite(void)
{
    Suite *s = suite_create("docgen");
    TCase *tc = tcase_create("docgen");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_man_has_every_command_and_exit_code);
    tcase_add_test(tc, test_man_without_placeholder_is_an_error);
    tcase_add_test(tc, test_every_option_is_in_its_help);
    tcase_add_test(tc, test_readme_exit_table_is_rg_exit_codes);
    tcase_add_test(tc, test_bash_completion_completes);
    tcase_add_test(tc, test_install_layout);
    tcase_add_test(tc, test_prefix_rebuilds_the_share_path);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(docgen_suite)
