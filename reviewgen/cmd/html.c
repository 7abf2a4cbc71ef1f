/* cmd/html.c -- `reviewgen html REVIEW.md`: a Markdown review, usually one
 * the incident lead has edited, to the self-contained HTML file `build`
 * writes (README, "Publishing an edited review"). `html -` is a filter:
 * Markdown from stdin, HTML to stdout unless -o names a file. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "jsonutil.h"
#include "publish.h"
#include "render_html.h"
#include "templates.h"

static const char html_help[] =
    "usage: reviewgen html REVIEW.md [-o REVIEW.html] [--model FILE | --no-cards]\n"
    "                      [--templates TDIR] [-q] [-v]\n"
    "\n"
    "Turns a Markdown review, also one you have edited, into the one self-contained\n"
    "HTML file `build` writes: a table of contents, metric cards, local SVG, PNG,\n"
    "GIF, JPEG and WebP images inlined, remote images dropped with a warning, and\n"
    "nothing that could run script. Local images are read from REVIEW.md's folder.\n"
    "The metric cards come from the review.json beside REVIEW.md when there is one.\n"
    "\n"
    "REVIEW.md - reads the Markdown from standard input (named <stdin> in errors):\n"
    "local images are then read from the current folder, the cards come only from\n"
    "--model, and the HTML goes to standard output unless -o is given.\n"
    "\n"
    "  -o, --out FILE      the HTML file to write (default: REVIEW.md's name with\n"
    "                      .html in place of .md, beside it); - writes it to\n"
    "                      standard output\n"
    "  --model FILE        take the metric cards from this review.json\n"
    "  --no-cards          no metric cards, even with a review.json beside REVIEW.md\n"
    "  --templates TDIR    use review.html.mustache and style.css from TDIR where\n"
    "                      present instead of the built-in ones\n"
    "  -q, --quiet         print only errors and warnings\n" RG_HELP_VERBOSE;

/* "notes/review.md" -> "notes/review.html"; a name without .md gets .html added. */
static char *default_output(const char *md_path)
{
    size_t n = strlen(md_path), keep = n;
    if (n > 3 && strcasecmp(md_path + n - 3, ".md") == 0)
        keep = n - 3;
    else if (n > 9 && strcasecmp(md_path + n - 9, ".markdown") == 0)
        keep = n - 9;
    char *out = rg_malloc(keep + 6);
    if (out) {
        memcpy(out, md_path, keep);
        memcpy(out + keep, ".html", 6);
    }
    return out;
}

/* The folder of path: "a/b.md" -> "a", "b.md" -> ".", "/b.md" -> "/". */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rg_strdup(".");
    if (slash == path)
        return rg_strdup("/");
    return rg_strndup(path, (size_t)(slash - path));
}

/* The review.json for the cards: --model FILE must load (exit 1 if not);
 * one found beside the Markdown that does not load is a warning, and the
 * report goes out without cards. */
static int load_model(const char *model_path, const char *folder, json_t **model, rg_diag *diag)
{
    *model = NULL;
    char beside[4096];
    const char *path = model_path;
    if (!path) {
        if ((size_t)snprintf(beside, sizeof(beside), "%s/review.json", folder) >= sizeof(beside) ||
            access(beside, F_OK) != 0)
            return 0;
        path = beside;
    }
    rg_diag tmp;
    rg_diag_init(&tmp);
    json_t *m = rg_json_load(path, 0, &tmp);
    if (m && !json_is_object(m)) {
        rg_diag_error(&tmp, path, 0, 0, "expected the review.json object, got %s",
                      json_is_array(m) ? "an array" : "another JSON value");
        json_decref(m);
        m = NULL;
    }
    if (!m) {
        if (model_path)
            rg_diag_error(diag, NULL, 0, 0, "%s", tmp.error);
        else
            rg_diag_warn(diag, path, 0, 0, "model", "%s (the report has no metric cards)",
                         tmp.error);
        rg_diag_free(&tmp);
        return model_path ? -1 : 0;
    }
    rg_diag_free(&tmp);
    *model = m;
    return 0;
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (strcmp(a, b) == 0)
        return 1;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

enum { MODEL = RG_KEY_OWN, NO_CARDS };

static const rg_opt opts[] = {{"out", 'o', 1, NULL},
                              {"model", MODEL, 1, NULL},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"no-cards", NO_CARDS, 0, NULL},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_html(int argc, char **argv)
{
    const char *out = NULL, *model_path = NULL, *templates = NULL;
    int quiet = 0, no_cards = 0, verbose = 0;
    rg_opts p;
    rg_opts_init(&p, "html", html_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == 'o')
            out = p.arg;
        else if (k == MODEL)
            model_path = p.arg;
        else if (k == RG_KEY_TEMPLATES)
            templates = p.arg;
        else if (k == NO_CARDS)
            no_cards = 1;
        else if (k == 'q')
            quiet = 1;
        else if (k == 'v')
            verbose = 1;
    }
    int stop = rg_cli_operands(&p, 1, 1, "the Markdown review (reviewgen html REVIEW.md)");
    if (stop >= 0)
        return stop;
    const char *md_path = rg_opts_operand(&p, 0);
    /* "-": the Markdown from stdin, named "<stdin>" in errors; a filter, so
     * the HTML goes to stdout unless -o names a file */
    int from_stdin = strcmp(md_path, "-") == 0;
    if (from_stdin && !out)
        out = "-";
    int to_stdout = out && strcmp(out, "-") == 0;
    if (model_path && no_cards)
        return rg_cli_usage_error("html: %s", "--model and --no-cards cannot be used together");

    int code = RG_EXIT_OK;
    rg_diag diag;
    rg_diag_init(&diag);
    char *out_owned = NULL, *folder = NULL, *out_folder = NULL, *md = NULL, *shell = NULL,
         *style = NULL;
    char *html = NULL;
    json_t *model = NULL;
    size_t md_len = 0, shell_len = 0, style_len = 0, html_len = 0;

    if (!out) {
        out = out_owned = default_output(md_path);
        if (!out)
            goto oom;
    }
    if (!to_stdout && !from_stdin && same_file(out, md_path)) {
        fprintf(stderr, "reviewgen: html: the output '%s' is the Markdown file itself\n", out);
        code = RG_EXIT_USAGE;
        goto done;
    }
    folder = from_stdin ? rg_strdup(".") : folder_of(md_path);
    if (!folder)
        goto oom;
    md = from_stdin ? rg_read_stream(stdin, RG_STDIN_NAME, &md_len, &diag)
                    : rg_read_file(md_path, &md_len, &diag);
    /* from stdin there is no "beside": cards only from --model */
    if (!md || (!no_cards && (!from_stdin || model_path) &&
                load_model(model_path, folder, &model, &diag) != 0)) {
        code = RG_EXIT_INPUT;
        goto report;
    }
    shell = rg_template_load(templates, "review.html.mustache", &shell_len, &diag);
    style = shell ? rg_template_load(templates, "style.css", &style_len, &diag) : NULL;
    if (!style) {
        code = RG_EXIT_INPUT;
        goto report;
    }
    rg_html_post_opts post;
    memset(&post, 0, sizeof(post));
    post.base_dir = folder;
    post.model = model;
    html = rg_render_html_model(from_stdin ? RG_STDIN_NAME : md_path, md, md_len, NULL, shell,
                                shell_len, style, style_len, &post, &html_len, &diag);
    if (!html) {
        code = RG_EXIT_INPUT;
        goto report;
    }
    if (to_stdout) {
        if ((html_len && fwrite(html, 1, html_len, stdout) != html_len) || fflush(stdout) != 0) {
            fprintf(stderr, "reviewgen: cannot write the HTML to standard output: %s\n",
                    strerror(errno));
            code = RG_EXIT_OUTPUT;
        }
        goto report;
    }
    out_folder = folder_of(out);
    if (!out_folder)
        goto oom;
    const char *slash = strrchr(out, '/');
    rg_out_file file = {slash ? slash + 1 : out, html, html_len, NULL, NULL};
    if (rg_publish_files(out_folder, &file, 1, NULL, NULL, &diag) != 0) {
        code = RG_EXIT_OUTPUT;
        goto report;
    }
    if (!quiet)
        printf("wrote %s\n", out);
report:
    if (diag.has_error)
        fprintf(stderr, "%s\n", diag.error);
    /* as every command prints them; the HTML holds no list of warnings, so
     * the last line points at -v only */
    rg_cli_print_warnings_bounded(&diag, NULL, verbose);
    goto done;
oom:
    fprintf(stderr, "reviewgen: out of memory\n");
    code = RG_EXIT_OUTPUT;
done:
    rg_free(out_folder);
    json_decref(model);
    rg_free(html);
    rg_free(shell);
    rg_free(style);
    rg_free(md);
    rg_free(folder);
    rg_free(out_owned);
    rg_diag_free(&diag);
    if (code == RG_EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "reviewgen: cannot write to standard output: %s\n", strerror(errno));
        return RG_EXIT_OUTPUT;
    }
    return code;
}

const rg_command rg_cmd_html = {
    "html",
    "html REVIEW.md [-o REVIEW.html]  turn a (possibly edited) Markdown review into\n"
    "                                   the self-contained HTML report",
    html_help,
    cmd_html,
    opts,
    "@file"};
