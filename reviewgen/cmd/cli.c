/* cmd/cli.c -- helpers the commands share for talking to a person. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"

int rg_cli_is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

int rg_cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "reviewgen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'reviewgen --help'.\n");
    return RG_EXIT_USAGE;
}

void rg_cli_print_warnings(const rg_diag *d)
{
    for (size_t i = 0; i < d->n_warnings; i++) {
        char *s = rg_warning_summary(&d->warnings[i]);
        if (s)
            fprintf(stderr, "%s\n", s);
        rg_free(s);
    }
}

/* A progress line on a terminal only, so logs and pipes stay clean. */
static void progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
    (void)ctx;
    if (total == 0)
        return;
    fprintf(stderr, "\r\033[Kreading %s: %3d%% (%llu of %llu MB)", path, (int)(done * 100 / total),
            (unsigned long long)(done >> 20), (unsigned long long)(total >> 20));
    if (done >= total)
        fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

int rg_cli_run_build(rg_build *b, const char *dir, const char *templates, int quiet, rg_diag *diag)
{
    rg_build_opts opts = {dir, templates, NULL, NULL};
    if (!quiet && isatty(2))
        opts.progress = progress;
    int rc = rg_build_run(b, &opts, diag);
    if (rc != 0) {
        fprintf(stderr, "%s\n", diag->error);
        rg_cli_print_warnings(diag);
    }
    return rc;
}

/* A usage error of command cmd: "reviewgen: <cmd>: <what, with arg>". */
static int cmd_usage_error(const char *cmd, const char *what, const char *arg)
{
    char fmt[128];
    snprintf(fmt, sizeof(fmt), "%s: %s", cmd, what);
    return rg_cli_usage_error(fmt, arg);
}

int rg_cli_build_args(const char *cmd, const char *help, int allow_anonymize, int argc, char **argv,
                      rg_build_args *a)
{
    a->dir = NULL;
    a->db = getenv("REVIEWGEN_DB");
    a->templates = NULL;
    a->quiet = a->no_store = a->anonymize = 0;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (rg_cli_is_help(s)) {
            fputs(help, stdout);
            return RG_EXIT_OK;
        } else if ((!strcmp(s, "-o") || !strcmp(s, "--out")) && i + 1 < argc) {
            a->out = argv[++i];
        } else if (!strcmp(s, "--db") && i + 1 < argc) {
            a->db = argv[++i];
        } else if (!strcmp(s, "--templates") && i + 1 < argc) {
            a->templates = argv[++i];
        } else if (!strcmp(s, "--no-store")) {
            a->no_store = 1;
        } else if (!strcmp(s, "-q") || !strcmp(s, "--quiet")) {
            a->quiet = 1;
        } else if (allow_anonymize && !strcmp(s, "--anonymize")) {
            a->anonymize = 1;
        } else if (s[0] == '-' && s[1]) {
            return cmd_usage_error(cmd, "unknown or incomplete option '%s'", s);
        } else if (!a->dir) {
            a->dir = s;
        } else {
            return cmd_usage_error(cmd, "unexpected argument '%s'", s);
        }
    }
    if (!a->db || !*a->db)
        a->db = "reviews.db";
    return -1;
}

void rg_cli_listing_init(rg_cli_listing *l, const char *cmd)
{
    l->cmd = cmd;
    l->db = getenv("REVIEWGEN_DB");
    l->fmt = RG_FORMAT_TABLE;
    l->store = NULL;
    rg_diag_init(&l->diag);
}

int rg_cli_listing_option(rg_cli_listing *l, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int has_value = *i + 1 < argc;
    if (!strcmp(a, "--db") && has_value) {
        l->db = argv[++*i];
    } else if (!strcmp(a, "--format") && has_value) {
        if (rg_list_format_parse(argv[++*i], &l->fmt) != 0)
            return cmd_usage_error(l->cmd, "unknown format '%s' (table, csv or json)", argv[*i]);
    } else if (a[0] == '-' && a[1]) {
        return cmd_usage_error(l->cmd, "unknown or incomplete option '%s'", a);
    } else {
        return cmd_usage_error(l->cmd, "unexpected argument '%s'", a);
    }
    return 0;
}

int rg_cli_listing_open(rg_cli_listing *l)
{
    if (!l->db || !*l->db)
        l->db = "reviews.db";
    /* a listing never creates a store: a mistyped --db must not leave an
     * empty one behind */
    if (access(l->db, F_OK) != 0) {
        fprintf(stderr,
                "reviewgen: %s: no store here (build an incident first, or give --db "
                "FILE)\n",
                l->db);
        return RG_EXIT_INPUT;
    }
    l->store = rg_store_open(l->db, &l->diag);
    if (!l->store) {
        fprintf(stderr, "%s\n", l->diag.error);
        rg_diag_free(&l->diag);
        return RG_EXIT_INPUT;
    }
    return RG_EXIT_OK;
}

/* Writes the rendered listing; a full disk or a closed pipe is an error. */
static int write_out(const rg_buf *out)
{
    if ((out->len && fwrite(out->data, 1, out->len, stdout) != out->len) || fflush(stdout) != 0) {
        fprintf(stderr, "reviewgen: cannot write the listing: %s\n", strerror(errno));
        return RG_EXIT_OUTPUT;
    }
    return RG_EXIT_OK;
}

int rg_cli_listing_end(rg_cli_listing *l, json_t *rows, const rg_list_column *cols, size_t n_cols,
                       const char *what, const char *empty_note, rg_cli_table_end table_end,
                       const void *ctx)
{
    rg_buf out = {0};
    int code = RG_EXIT_OK;
    if (!rows) {
        fprintf(stderr, "%s\n", l->diag.error);
        code = RG_EXIT_INPUT;
    } else if (l->fmt == RG_FORMAT_TABLE && json_array_size(rows) == 0) {
        printf("no %s in %s match", what, l->db);
        if (empty_note)
            printf(" (%s)", empty_note);
        printf("\n");
    } else if (rg_list_render(rows, cols, n_cols, l->fmt, &out) != 0 ||
               (l->fmt == RG_FORMAT_TABLE && table_end(&out, rows, ctx) != 0)) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
    } else {
        code = write_out(&out);
    }
    rg_buf_free(&out);
    json_decref(rows);
    rg_store_close(l->store);
    l->store = NULL;
    rg_diag_free(&l->diag);
    return code;
}
