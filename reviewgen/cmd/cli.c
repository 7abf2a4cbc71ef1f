/* cmd/cli.c -- helpers the commands share for talking to a person. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "bounds.h"
#include "draft.h"
#include "modelval.h"

const char *const rg_exit_codes[RG_EXIT_COUNT] = {
    "success (warnings may have been printed)",
    "an input could not be read: the manifest, a source, a review, a store (the message names "
    "the file, line and column)",
    "usage: unknown command or option, missing or extra argument",
    "the outputs or the store could not be written (nothing was changed)",
    "a check found something to act on: `lint` found wording to change, `store check` found "
    "damage",
};

int rg_cli_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "reviewgen: ");
    fprintf(stderr, fmt, arg);
    /* "trend: bad date ...": point at the command's own help */
    size_t n = strspn(fmt, "abcdefghijklmnopqrstuvwxyz-");
    if (n > 0 && fmt[n] == ':')
        fprintf(stderr, "\nTry 'reviewgen %.*s --help'.\n", (int)n, fmt);
    else
        fprintf(stderr, "\nTry 'reviewgen --help'.\n");
    return RG_EXIT_USAGE;
}

/* The warnings past the listed ones of one class: how many, their
 * occurrences, and the first of them. */
typedef struct warning_class {
    const char *key;
    size_t n;
    uint64_t count;
    const rg_warning *first;
} warning_class;

void rg_cli_print_warnings_bounded(const rg_diag *d, const char *where, int all)
{
    size_t listed = all || d->n_warnings <= RG_LIST_WARNINGS ? d->n_warnings : RG_LIST_WARNINGS;
    for (size_t i = 0; i < listed; i++) {
        char *s = rg_warning_summary(&d->warnings[i]);
        if (s)
            fprintf(stderr, "%s\n", s);
        rg_free(s);
    }
    if (listed == d->n_warnings)
        return;
    /* Classes are the warning keys the code has (a few dozen), so a scan of
     * them per warning stays linear in the warnings. */
    warning_class *cls = rg_calloc(d->n_warnings - listed, sizeof(*cls));
    size_t n_cls = 0;
    for (size_t i = listed; cls && i < d->n_warnings; i++) {
        const rg_warning *w = &d->warnings[i];
        size_t k = 0;
        while (k < n_cls && strcmp(cls[k].key, w->key) != 0)
            k++;
        if (k == n_cls)
            cls[n_cls++] = (warning_class){w->key, 0, 0, w};
        cls[k].n++;
        cls[k].count += w->count;
    }
    char a[32], b[32];
    for (size_t k = 0; k < n_cls; k++)
        fprintf(stderr, "reviewgen: %s: %s more warning%s (%s occurrence%s); the first: %s\n",
                cls[k].key, rg_model_thousands(cls[k].n, a), cls[k].n == 1 ? "" : "s",
                rg_model_thousands(cls[k].count, b), cls[k].count == 1 ? "" : "s",
                cls[k].first->first);
    rg_free(cls);
    fprintf(stderr, "reviewgen: %s more warning%s of the %s not printed here, counted by class",
            rg_model_thousands(d->n_warnings - listed, a), d->n_warnings - listed == 1 ? "" : "s",
            rg_model_thousands(d->n_warnings, b));
    if (where)
        fprintf(stderr, "; %s's \"warnings\" lists every one", where);
    fprintf(stderr, " (-v prints them all)\n");
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

int rg_cli_run_build(rg_build *b, const char *dir, const char *templates, int quiet, int verbose,
                     rg_diag *diag)
{
    rg_build_opts opts = {dir, templates, NULL, NULL};
    if (!quiet && isatty(2))
        opts.progress = progress;
    int rc = rg_build_run(b, &opts, diag);
    if (rc != 0) {
        fprintf(stderr, "%s\n", diag->error);
        rg_cli_print_warnings_bounded(diag, NULL, verbose);
    }
    return rc;
}

const char *rg_cli_db(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("REVIEWGEN_DB");
    return env && *env ? env : "reviews.db";
}

int rg_cli_busy_timeout(const char *cmd, const char *arg)
{
    const char *from = "--busy-timeout";
    if (!arg) {
        arg = getenv("REVIEWGEN_BUSY_TIMEOUT");
        from = "REVIEWGEN_BUSY_TIMEOUT";
    }
    if (!arg || !*arg) {
        rg_store_set_busy_timeout(RG_STORE_BUSY_TIMEOUT_DEFAULT);
        return -1;
    }
    char *end;
    errno = 0;
    long s = strtol(arg, &end, 10);
    if (errno || *end || end == arg || s < 1 || s > 86400) {
        fprintf(stderr,
                "reviewgen: %s: %s '%s' is not a number of seconds from 1 to 86400\nTry "
                "'reviewgen %s --help'.\n",
                cmd, from, arg, cmd);
        return RG_EXIT_USAGE;
    }
    rg_store_set_busy_timeout((int)s);
    return -1;
}

const char *rg_cli_store_name(const char *db, char *buf, size_t size)
{
    char *name = rg_store_redact(db);
    snprintf(buf, size, "%s", name ? name : "the store");
    rg_free(name);
    return buf;
}

int rg_cli_operands(const rg_opts *p, int min, int max, const char *missing)
{
    int n = rg_opts_n_operands(p);
    if (n < min) {
        fprintf(stderr, "reviewgen: %s: missing %s\nTry 'reviewgen %s --help'.\n", p->cmd, missing,
                p->cmd);
        return RG_EXIT_USAGE;
    }
    if (max >= 0 && n > max) {
        fprintf(stderr, "reviewgen: %s: unexpected argument '%s'\nTry 'reviewgen %s --help'.\n",
                p->cmd, rg_opts_operand(p, max), p->cmd);
        return RG_EXIT_USAGE;
    }
    return -1;
}

void rg_cli_print_publish(const rg_publish_result *r, const char *md)
{
    if (r->kept_edited)
        printf("%s was edited since reviewgen wrote it: kept, and its edits published; the new "
               "draft from the evidence is %.*sreview.new.md (compare them; --force replaces "
               "%s with it)\n",
               md, (int)(strrchr(md, '/') ? strrchr(md, '/') - md + 1 : 0), md, md);
    size_t n = json_array_size(r->changes);
    if (r->n_edits || n)
        printf("%zu edit%s read back from %s; %s\n", r->n_edits, r->n_edits == 1 ? "" : "s", md,
               n ? "they changed:" : "they change no computed value");
    for (size_t i = 0; i < n; i++) {
        char *line = rg_draft_change_text(json_array_get(r->changes, i));
        if (line)
            printf("  %s\n", line);
        rg_free(line);
    }
    if (r->draft_refreshed)
        printf("the computed parts of %s were brought up to date\n", md);
    for (size_t i = 0; i < json_array_size(r->kept); i++)
        fprintf(stderr,
                "%s: warning: the computed part '%s' was written in by hand: left as it is "
                "(the report may show old values there)\n",
                md, json_string_value(json_array_get(r->kept, i)));
    for (size_t i = 0; i < json_array_size(r->missing); i++)
        fprintf(stderr,
                "%s: warning: the computed part '%s' is no longer marked in it: not brought "
                "up to date\n",
                md, json_string_value(json_array_get(r->missing, i)));
}

int rg_cli_build_args(const char *cmd, const char *help, const char *missing, const rg_opt *opts,
                      int argc, char **argv, rg_build_args *a)
{
    a->dir = NULL;
    a->db = NULL;
    a->templates = NULL;
    a->busy_timeout = NULL;
    a->quiet = a->no_store = a->anonymize = a->force = a->json = a->verbose = 0;
    a->appendix = RG_APPENDIX_FULL;
    rg_opts p;
    rg_opts_init(&p, cmd, help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        switch (k) {
        case RG_OPT_EXIT:
            return p.exit;
        case 'o':
            a->out = p.arg;
            break;
        case RG_KEY_DB:
            a->db = p.arg;
            break;
        case RG_KEY_TEMPLATES:
            a->templates = p.arg;
            break;
        case RG_KEY_NO_STORE:
            a->no_store = 1;
            break;
        case 'q':
            a->quiet = 1;
            break;
        case 'v':
            a->verbose = 1;
            break;
        case RG_KEY_ANONYMIZE:
            a->anonymize = 1;
            break;
        case RG_KEY_FORCE:
            a->force = 1;
            break;
        case RG_KEY_BUSY_TIMEOUT:
            a->busy_timeout = p.arg;
            break;
        case RG_KEY_JSON:
            a->json = 1;
            break;
        case RG_KEY_APPENDIX:
            if (rg_appendix_parse(p.arg, &a->appendix) != 0) {
                char fmt[96];
                snprintf(fmt, sizeof(fmt),
                         "%s: --appendix must be full, compact or none, not '%%s'", cmd);
                return rg_cli_usage_error(fmt, p.arg);
            }
            break;
        }
    }
    int code = rg_cli_operands(&p, 1, 1, missing);
    if (code >= 0)
        return code;
    a->dir = rg_opts_operand(&p, 0);
    a->db = rg_cli_db(a->db);
    return rg_cli_busy_timeout(cmd, a->busy_timeout);
}

void rg_cli_listing_init(rg_cli_listing *l, const char *cmd)
{
    l->cmd = cmd;
    l->db = NULL;
    l->busy_timeout = NULL;
    l->fmt = RG_FORMAT_TABLE;
    l->store = NULL;
    rg_diag_init(&l->diag);
}

int rg_cli_listing_option(rg_cli_listing *l, int key, const char *arg)
{
    if (key == RG_KEY_DB) {
        l->db = arg;
        return 0;
    }
    if (key == RG_KEY_BUSY_TIMEOUT) {
        l->busy_timeout = arg;
        return 0;
    }
    if (key == RG_KEY_FORMAT) {
        if (rg_list_format_parse(arg, &l->fmt) == 0)
            return 0;
        fprintf(stderr,
                "reviewgen: %s: unknown format '%s' (table, csv or json)\nTry 'reviewgen %s "
                "--help'.\n",
                l->cmd, arg, l->cmd);
        return RG_EXIT_USAGE;
    }
    return 1;
}

int rg_cli_listing_open(rg_cli_listing *l)
{
    l->db = rg_cli_db(l->db);
    int code = rg_cli_busy_timeout(l->cmd, l->busy_timeout);
    if (code >= 0)
        return code;
    /* a listing never creates a store: a mistyped --db must not leave an
     * empty one behind */
    if (rg_store_kind_of(l->db) == RG_STORE_SQLITE && access(l->db, F_OK) != 0) {
        fprintf(stderr,
                "reviewgen: %s: no store here (build an incident first, or give --db "
                "FILE)\n",
                l->db);
        return RG_EXIT_INPUT;
    }
    l->store = rg_store_open_existing(l->db, &l->diag);
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
        printf("no %s in %s match", what, rg_store_name(l->store));
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
