/* cmd/template.c -- `reviewgen template FILE DATA`: renders a Mustache
 * template with a JSON document to stdout, byte for byte, so people can write
 * and try their own templates (README, "Writing your own templates").
 *
 * Escaping follows the template's name: "*.md.mustache" renders {{x}} with
 * Markdown escaping (rg_md_escape), every other name with HTML escaping. HTML
 * is the default because the Mustache specification says an unadorned {{x}}
 * is HTML-escaped, so a template behaves here as in any other Mustache
 * implementation, and because escaping too much shows on the page while
 * escaping too little can run script. {{{x}}} and {{&x}} are never escaped.
 *
 * Partials: {{> name}} reads name + the template's own extension from the
 * partials folder (--partials DIR, else the template's folder): in
 * "review.html.mustache", {{> header}} reads "header.html.mustache"; in
 * "page.mustache", "header.mustache". A name that already ends with the
 * extension is read as it is. A missing partial renders as empty, as the
 * specification says, with a warning on stderr; a name that would leave the
 * folder (absolute, or with a ".." part) is not read and is treated the same.
 *
 * FILE or DATA (one of them) may be "-", standard input, "<stdin>" in
 * messages; such a template is named "<stdin>.mustache" for its escaping and
 * partials (HTML, part.mustache from the current folder or --partials). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "jsonutil.h"
#include "mustache.h"

static const char template_help[] =
    "usage: reviewgen template FILE.mustache DATA.json [--partials DIR]\n"
    "\n"
    "Renders the Mustache template FILE with the JSON document DATA (review.json is\n"
    "one) and writes the result to stdout, byte for byte.\n"
    "\n"
    "{{name}} is escaped for the template's output: Markdown for *.md.mustache, HTML\n"
    "for every other name (the Mustache specification's default); {{{name}}} and\n"
    "{{& name}} insert the value as it is. {{> part}} includes part + the template's\n"
    "own extension (part.html.mustache for review.html.mustache) from DIR; a missing\n"
    "partial renders as empty, with a warning.\n"
    "\n"
    "\n"
    "Either FILE or DATA (not both) may be - for standard input, named <stdin> in\n"
    "errors. A template read from standard input is HTML-escaped and its partials\n"
    "are part.mustache, read from DIR, else the current folder.\n"
    "\n"
    "  --partials DIR   where partials are read from (default: FILE's folder)\n";

/* The partial loader's state. */
typedef struct partials {
    const char *template_path; /* for warnings */
    const char *dir;
    const char *ext; /* ".html.mustache" */
    rg_diag *diag;   /* a partial that exists but cannot be read is an error */
    char **warned;   /* names already warned about, so each is said once */
    size_t n_warned;
} partials;

/* The template's extension: ".X.mustache" when the name ends that way, else
 * ".mustache", else the name's last extension ("" when none). Borrowed: points
 * into path. */
static const char *template_ext(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    static const char suffix[] = ".mustache";
    const size_t sn = sizeof(suffix) - 1;
    if (n >= sn && strcmp(base + n - sn, suffix) == 0) {
        for (const char *p = base + n - sn; p > base; p--)
            if (p[-1] == '.')
                return p - 1;
        return base + n - sn;
    }
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot : base + n;
}

static rg_escape_mode escape_for(const char *path)
{
    return strcmp(template_ext(path), ".md.mustache") == 0 ? RG_ESCAPE_MARKDOWN : RG_ESCAPE_HTML;
}

/* A partial name must stay inside the partials folder: no absolute path and
 * no ".." part. */
static int name_is_safe(const char *name)
{
    if (!*name || name[0] == '/')
        return 0;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return 0;
        p += n;
        if (*p == '/')
            p++;
    }
    return 1;
}

static void warn_once(partials *ps, const char *name, const char *why, const char *path)
{
    for (size_t i = 0; i < ps->n_warned; i++)
        if (strcmp(ps->warned[i], name) == 0)
            return;
    char **grown = rg_realloc(ps->warned, (ps->n_warned + 1) * sizeof(*grown));
    char *copy = rg_strdup(name);
    if (grown)
        ps->warned = grown;
    if (grown && copy)
        ps->warned[ps->n_warned++] = copy;
    else
        rg_free(copy);
    fprintf(stderr, "%s: warning: partial '", ps->template_path);
    rg_term_put_clean(name, stderr);
    fprintf(stderr, "' %s", why);
    if (path) {
        fputs(" (no ", stderr);
        rg_term_put_clean(path, stderr);
        fputc(')', stderr);
    }
    fputs("; it renders as empty\n", stderr);
}

static char *load_partial(void *ctx, const char *name, size_t *len)
{
    partials *ps = ctx;
    if (!name_is_safe(name)) {
        warn_once(ps, name, "is outside the partials folder and was not read", NULL);
        return NULL;
    }
    size_t n = strlen(name), en = strlen(ps->ext);
    int has_ext = en > 0 && n > en && strcmp(name + n - en, ps->ext) == 0;
    size_t cap = strlen(ps->dir) + 1 + n + en + 1;
    char *path = rg_malloc(cap);
    if (!path) {
        rg_diag_error(ps->diag, ps->template_path, 0, 0, "out of memory");
        return NULL;
    }
    snprintf(path, cap, "%s/%s%s", ps->dir, name, has_ext ? "" : ps->ext);
    char *text = NULL;
    struct stat st;
    if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
        warn_once(ps, name, "was not found", path);
    else
        text = rg_read_file(path, len, ps->diag); /* any other failure is an error */
    rg_free(path);
    return text;
}

enum { PARTIALS = RG_KEY_OWN };

static const rg_opt opts[] = {{"partials", PARTIALS, 1, "@dir"}, {NULL, 0, 0, NULL}};

static int cmd_template(int argc, char **argv)
{
    const char *dir = NULL;
    rg_opts p;
    rg_opts_init(&p, "template", template_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        if (k == PARTIALS)
            dir = p.arg;
    }
    int stop = rg_cli_operands(&p, 2, 2,
                               "the template or the data (reviewgen template FILE.mustache "
                               "DATA.json)");
    if (stop >= 0)
        return stop;
    const char *file = rg_opts_operand(&p, 0), *data_path = rg_opts_operand(&p, 1);
    int tmpl_stdin = strcmp(file, "-") == 0, data_stdin = strcmp(data_path, "-") == 0;
    if (tmpl_stdin && data_stdin)
        return rg_cli_usage_error("template: %s",
                                  "only one of FILE and DATA can be - (standard input)");
    /* stdin has no name to take an extension or a folder from: ".mustache"
     * (HTML escaping) and the current folder */
    if (tmpl_stdin)
        file = RG_STDIN_NAME ".mustache";
    rg_diag diag;
    rg_diag_init(&diag);
    int code = RG_EXIT_INPUT;
    char *tmpl = NULL, *out = NULL, *own_dir = NULL;
    json_t *data = NULL;
    partials ps = {tmpl_stdin ? RG_STDIN_NAME : file, dir, template_ext(file), &diag, NULL, 0};
    if (!ps.dir) {
        const char *slash = tmpl_stdin ? NULL : strrchr(file, '/');
        own_dir =
            slash ? rg_strndup(file, slash == file ? 1 : (size_t)(slash - file)) : rg_strdup(".");
        if (!own_dir) {
            fprintf(stderr, "reviewgen: out of memory\n");
            goto done;
        }
        ps.dir = own_dir;
    }
    size_t tmpl_len = 0, out_len = 0;
    tmpl = tmpl_stdin ? rg_read_stream(stdin, RG_STDIN_NAME, &tmpl_len, &diag)
                      : rg_read_file(file, &tmpl_len, &diag);
    if (tmpl && data_stdin) {
        size_t len = 0;
        char *text = rg_read_stream(stdin, RG_STDIN_NAME, &len, &diag);
        if (text)
            data = rg_json_parse(RG_STDIN_NAME, text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
                                 &diag);
        rg_free(text);
    } else if (tmpl) {
        data = rg_json_load(data_path, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &diag);
    }
    if (data) {
        rg_mustache_opts mo = {escape_for(file), load_partial, &ps};
        out = rg_mustache_render(ps.template_path, tmpl, tmpl_len, data, &mo, &out_len, &diag);
    }
    /* the loader records a partial it could not read; the output is then
     * incomplete and is not written */
    if (!out || diag.has_error) {
        fprintf(stderr, "%s\n", diag.error);
        goto done;
    }
    if ((out_len > 0 && fwrite(out, 1, out_len, stdout) != out_len) || fflush(stdout) != 0 ||
        ferror(stdout)) {
        fprintf(stderr, "reviewgen: cannot write the output: %s\n", strerror(errno));
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    code = RG_EXIT_OK;
done:
    for (size_t i = 0; i < ps.n_warned; i++)
        rg_free(ps.warned[i]);
    rg_free(ps.warned);
    rg_free(own_dir);
    rg_free(out);
    rg_free(tmpl);
    json_decref(data);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_template = {
    "template",
    "template FILE.mustache DATA.json render a Mustache template with JSON data to stdout",
    template_help,
    cmd_template,
    opts,
    "@file"};
