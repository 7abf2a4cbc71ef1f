/* cmd/publish.c -- `reviewgen publish REVIEW.md`: the edited draft read back
 * (milestones, action items, text), the numbers computed again from it, the
 * store and the report updated together, and every value the edits changed
 * printed (README, "The review as a working document"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "anonymize.h"
#include "cli.h"
#include "jsonutil.h"

static const char publish_help[] =
    "usage: reviewgen publish REVIEW.md [--dir DIR] [--db FILE | --no-store]\n"
    "                         [--templates TDIR] [-q] [-v]\n"
    "\n"
    "Publishes a review you have edited. Reads REVIEW.md back (the milestone table's\n"
    "Time column, the action items' task list -- checked is done, owner, due,\n"
    "priority, ticket --, the summary, the customer impact, the contributing factors\n"
    "and the recognition lines), builds the incident again from its evidence with\n"
    "those edits, and writes, all or nothing: the HTML report beside REVIEW.md,\n"
    "review.json, timeline.svg, the incident's rows in the store, and the computed\n"
    "parts of REVIEW.md itself (durations, findings, ...) brought up to date. It\n"
    "prints every value the edits changed. An edit that cannot be read is an error\n"
    "at its REVIEW.md:line:col, and then nothing is written.\n"
    "\n"
    "The review.json that `build` wrote beside REVIEW.md says where the evidence is\n"
    "and what the draft said when it was written.\n"
    "\n"
    "  --dir DIR           the incident folder (default: the one review.json names)\n"
    "  --db FILE           the store (else $REVIEWGEN_DB, else ./reviews.db)\n"
    "  --no-store          do not touch any store\n"
    "  --templates TDIR    templates to use instead of the built-in ones\n"
    "  -q, --quiet         print only errors and warnings\n" RG_HELP_VERBOSE;

/* The folder of path: "a/b.md" -> "a", "b.md" -> ".". Caller frees. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return rg_strdup(".");
    if (slash == path)
        return rg_strdup("/");
    return rg_strndup(path, (size_t)(slash - path));
}

enum { DIR_ = RG_KEY_OWN };
static const rg_opt opts[] = {{"dir", DIR_, 1, "@dir"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"no-store", RG_KEY_NO_STORE, 0, NULL},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_publish(int argc, char **argv)
{
    const char *dir = NULL, *templates = NULL, *db = getenv("REVIEWGEN_DB");
    int quiet = 0, no_store = 0, verbose = 0;
    rg_opts p;
    rg_opts_init(&p, "publish", publish_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == DIR_)
            dir = p.arg;
        else if (k == RG_KEY_DB)
            db = p.arg;
        else if (k == RG_KEY_NO_STORE)
            no_store = 1;
        else if (k == RG_KEY_TEMPLATES)
            templates = p.arg;
        else if (k == 'q')
            quiet = 1;
        else if (k == 'v')
            verbose = 1;
    }
    int stop = rg_cli_operands(&p, 1, 1, "the edited review (reviewgen publish REVIEW.md)");
    if (stop >= 0)
        return stop;
    const char *md_path = rg_opts_operand(&p, 0);
    if (!db || !*db)
        db = "reviews.db";

    int code = RG_EXIT_OK;
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    memset(&b, 0, sizeof(b));
    int built = 0;
    json_t *old = NULL, *model = NULL;
    char *out_dir = folder_of(md_path), *evidence = NULL;
    rg_publish_result res;
    memset(&res, 0, sizeof(res));
    if (!out_dir) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    struct stat sb;
    if (stat(md_path, &sb) != 0) {
        fprintf(stderr, "reviewgen: publish: cannot read '%s': %s\n", md_path, strerror(errno));
        code = RG_EXIT_INPUT;
        goto done;
    }
    char json_path[4096];
    snprintf(json_path, sizeof(json_path), "%s/review.json", out_dir);
    old = rg_json_load(json_path, 0, &diag);
    const json_t *draft = json_object_get(old, "draft");
    if (!old || !json_is_object(draft)) {
        if (old)
            rg_diag_error(&diag, json_path, 0, 0,
                          "no \"draft\" record (written by an older reviewgen): build the "
                          "incident again");
        fprintf(stderr,
                "%s\n(publish reads the review.json that `reviewgen build` wrote beside "
                "the draft)\n",
                diag.error);
        code = RG_EXIT_INPUT;
        goto done;
    }
    const char *folder = json_string_value(json_object_get(draft, "folder"));
    if (!dir && folder) {
        /* recorded relative to the output folder */
        size_t n = strlen(out_dir) + strlen(folder) + 2;
        evidence = rg_malloc(n);
        if (evidence && folder[0] == '/')
            snprintf(evidence, n, "%s", folder);
        else if (evidence)
            snprintf(evidence, n, "%s/%s", out_dir, folder);
        dir = evidence;
    }
    if (!dir || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr,
                "reviewgen: publish: the incident folder '%s' is not there (give it with --dir "
                "DIR)\n",
                dir ? dir : "?");
        code = RG_EXIT_INPUT;
        goto done;
    }
    built = 1;
    if (rg_cli_run_build(&b, dir, templates, quiet, verbose, &diag) != 0) {
        code = RG_EXIT_INPUT;
        goto done;
    }
    int anonymized = json_is_true(json_object_get(draft, "anonymized"));
    if (anonymized && rg_anonymize(&b, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    model = rg_model_build(&b);
    if (!model) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    rg_publish_opts po = {out_dir, no_store ? NULL : db, templates,        0,
                          md_path, anonymized,           RG_APPENDIX_FULL, NULL};
    if (rg_publish_ex(&b, model, &po, &res, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = res.input_error ? RG_EXIT_INPUT : RG_EXIT_OUTPUT;
        goto done;
    }
    if (!quiet) {
        const char *name = strrchr(md_path, '/') ? strrchr(md_path, '/') + 1 : md_path;
        size_t nl = strlen(name);
        if (nl > 3 && strcmp(name + nl - 3, ".md") == 0)
            nl -= 3;
        printf("published %s: wrote %s/%.*s.html, %s/review.json, %s/timeline.svg", md_path,
               out_dir, (int)nl, name, out_dir, out_dir);
        if (!no_store)
            printf("; recorded in %s", db);
        printf("\n");
        if (!res.n_edits && !json_array_size(res.changes))
            printf("no edits since reviewgen wrote %s\n", md_path);
        rg_cli_print_publish(&res, md_path);
    }
    rg_cli_print_warnings_bounded(&diag, json_path, verbose);
done:
    rg_publish_result_free(&res);
    json_decref(model);
    json_decref(old);
    if (built)
        rg_build_free(&b);
    rg_free(out_dir);
    rg_free(evidence);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_publish = {
    "publish",
    "publish REVIEW.md                publish an edited review: its edits read back into\n"
    "                                   the numbers, the report and the store",
    publish_help,
    cmd_publish,
    opts,
    "@file"};
