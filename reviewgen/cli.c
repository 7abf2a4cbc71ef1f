/* cli.c -- helpers the commands share for talking to a person. */
#include "cli.h"

#include <stdio.h>
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

void rg_cli_put_clean(const char *s, FILE *f)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs(" \xe2\x8f\x8e ", f);
        else if (c == '\t' || c == '\r')
            putc(' ', f);
        else if (c < 0x20 || c == 0x7f)
            putc('?', f);
        else
            putc(c, f);
    }
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
