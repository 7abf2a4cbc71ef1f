/* cmd/build_all.c -- `reviewgen build-all DIR`: every incident folder
 * directly under DIR built as `build` builds one, each into OUTDIR/<id>/ and
 * all into one store; one failing incident does not stop the others. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"

static const char build_all_help[] =
    "usage: reviewgen build-all DIR [-o OUTDIR] [--db STORE | --no-store] [--force]\n"
    "                           [--templates TDIR] [--appendix full|compact|none]\n"
    "                           [--busy-timeout S] [-q] [-v]\n"
    "\n"
    "Builds every incident folder directly under DIR, in name order, as `reviewgen\n"
    "build` does: its review goes to OUTDIR/<id>/ (review.md, review.html,\n"
    "review.json) and the incident into the store. A folder is an incident folder\n"
    "when it holds an incident.json or a file or folder an importer recognises;\n"
    "other folders are skipped and counted; files and hidden entries are ignored.\n"
    "An incident that fails is reported with its error and leaves its outputs and\n"
    "store rows as they were; the others are still built. Two folders with the same\n"
    "incident id are an error for the second. Ends with \"built N incidents, M\n"
    "failed\"; the exit status is 1 when any failed. A review.md edited since reviewgen\n"
    "wrote it is kept and its edits published, as `build` does.\n"
    "\n"
    "  -o, --out OUTDIR    where the reviews go (default ./reviews; created when missing)\n"
    "  --db STORE          the store: a SQLite file, or a PostgreSQL connection string\n"
    "                      (postgresql://... or service=...); else $REVIEWGEN_DB,\n"
    "                      else ./reviews.db\n"
    "  --busy-timeout S    wait up to S seconds for another writer (default 30, or\n"
    "                      $REVIEWGEN_BUSY_TIMEOUT)\n"
    "  --no-store          do not touch any store\n"
    "  --force             replace edited review.md files with the new drafts\n"
    "  --templates TDIR    templates to use instead of the built-in ones\n"
    "  --appendix A        each review's appendix: full (the default), compact (the\n"
    "                      timeline's clusters and milestones only) or none\n"
    "  -q, --quiet         print only failures, warnings and the summary\n"
    "  -v, --verbose       print every warning of each incident, not the first 50 and\n"
    "                      the rest counted by class (each review.json lists them all)\n";

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when path is a folder that holds an incident.json or an entry some
 * importer recognises (looked at one level deep, as `build` starts). */
static int is_incident_folder(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char p[4096];
    if (snprintf(p, sizeof(p), "%s/incident.json", path) >= (int)sizeof(p))
        return 0;
    if (stat(p, &st) == 0)
        return 1;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        int score;
        found = snprintf(p, sizeof(p), "%s/%s", path, de->d_name) < (int)sizeof(p) &&
                rg_sources_sniff(p, &score, NULL) != NULL;
    }
    closedir(d);
    return found;
}

/* The folders directly under dir, sorted. Caller frees each and the array
 * with rg_free(). Returns -1 with errno set when dir cannot be read. */
static int list_dir(const char *dir, char ***out, size_t *n_out)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = rg_realloc(names, cap * sizeof(*nn));
            if (!nn) {
                rc = -1;
                errno = ENOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = rg_strdup(de->d_name))) {
            rc = -1;
            errno = ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_names);
    *out = names;
    *n_out = n;
    return rc;
}

/* An incident id becomes a folder name: it must not leave OUTDIR or hide. */
static int safe_folder_name(const char *id)
{
    if (!id || !*id || id[0] == '.' || strlen(id) > 200)
        return 0;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static const rg_opt opts[] = {{"out", 'o', 1, "@dir"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"no-store", RG_KEY_NO_STORE, 0, NULL},
                              {"force", RG_KEY_FORCE, 0, NULL},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {"appendix", RG_KEY_APPENDIX, 1, "full compact none"},
                              {NULL, 0, 0, NULL}};

static int cmd_build_all(int argc, char **argv)
{
    rg_build_args args = {.out = "reviews"};
    int stop = rg_cli_build_args("build-all", build_all_help,
                                 "the folder of incident folders (reviewgen build-all DIR)", opts,
                                 argc, argv, &args);
    if (stop >= 0)
        return stop;
    const char *dir = args.dir, *out = args.out, *db = args.db, *templates = args.templates;
    int quiet = args.quiet, no_store = args.no_store;
    char **names = NULL;
    size_t n_names = 0;
    if (list_dir(dir, &names, &n_names) != 0) {
        fprintf(stderr, "reviewgen: cannot read the folder '%s': %s\n", dir, strerror(errno));
        for (size_t i = 0; i < n_names; i++)
            rg_free(names[i]);
        rg_free(names);
        return RG_EXIT_INPUT;
    }
    struct stat sb;
    if (stat(out, &sb) != 0 && mkdir(out, 0777) != 0) {
        fprintf(stderr, "reviewgen: cannot create '%s': %s\n", out, strerror(errno));
        for (size_t i = 0; i < n_names; i++)
            rg_free(names[i]);
        rg_free(names);
        return RG_EXIT_OUTPUT;
    }
    size_t built = 0, failed = 0, skipped = 0, n_listed = n_names;
    char *first_skipped = NULL;
    /* the ids built so far and their folders, to refuse a second folder
     * with the same id instead of overwriting the first one's review */
    char **ids = rg_calloc(n_names ? n_names : 1, sizeof(*ids));
    char **id_dirs = rg_calloc(n_names ? n_names : 1, sizeof(*id_dirs));
    if (!ids || !id_dirs) {
        fprintf(stderr, "reviewgen: out of memory\n");
        n_names = 0;
        failed = 1;
    }
    for (size_t i = 0; i < n_names; i++) {
        char path[4096];
        struct stat es;
        if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path) ||
            stat(path, &es) != 0 || !S_ISDIR(es.st_mode))
            continue; /* files beside the incident folders (a README) are not incidents */
        if (!is_incident_folder(path)) {
            if (skipped++ == 0)
                first_skipped = names[i];
            continue;
        }
        rg_diag diag;
        rg_diag_init(&diag);
        rg_build b;
        json_t *model = NULL;
        /* rg_cli_run_build prints the error and the warnings when it fails */
        if (rg_cli_run_build(&b, path, templates, quiet, args.verbose, &diag) != 0) {
            failed++;
            goto next;
        }
        model = rg_model_build(&b);
        if (!model) {
            fprintf(stderr, "%s: out of memory building the review\n", path);
            failed++;
            goto next;
        }
        const char *id =
            json_string_value(json_object_get(json_object_get(model, "incident"), "id"));
        if (!safe_folder_name(id)) {
            fprintf(stderr,
                    "%s: the incident id '%s' cannot be a folder name; set a plain \"id\" in "
                    "its incident.json\n",
                    path, id ? id : "");
            failed++;
            goto next;
        }
        size_t seen = 0;
        for (; seen < built; seen++)
            if (strcmp(ids[seen], id) == 0)
                break;
        if (seen < built) {
            fprintf(stderr,
                    "%s: incident id '%s' is also the id of %s; set a distinct \"id\" in its "
                    "incident.json\n",
                    path, id, id_dirs[seen]);
            failed++;
            goto next;
        }
        char target[4096];
        if (snprintf(target, sizeof(target), "%s/%s", out, id) >= (int)sizeof(target)) {
            fprintf(stderr, "%s: not built: the output path is too long\n", path);
            failed++;
            goto next;
        }
        rg_publish_opts po = {target, no_store ? NULL : db, templates, args.force, NULL,
                              0,      args.appendix,        NULL};
        rg_publish_result res;
        int prc = rg_publish_ex(&b, model, &po, &res, &diag);
        if (prc == 0 && res.kept_edited)
            fprintf(stderr,
                    "%s/review.md was edited: kept, with %zu edit%s published; the new draft is "
                    "%s/review.new.md\n",
                    target, res.n_edits, res.n_edits == 1 ? "" : "s", target);
        rg_publish_result_free(&res);
        if (prc != 0) {
            fprintf(stderr, "%s: not built: %s\n", path, diag.error);
            failed++;
            goto next;
        }
        if (!(ids[built] = rg_strdup(id)) || !(id_dirs[built] = rg_strdup(path))) {
            rg_free(ids[built]);
            ids[built] = NULL;
            fprintf(stderr, "reviewgen: out of memory\n");
            failed++;
            goto next;
        }
        built++;
        if (!quiet) {
            size_t found = json_array_size(json_object_get(model, "findings"));
            printf("%s: %s/ (%zu events, %zu finding%s)\n", id, target,
                   (size_t)json_integer_value(
                       json_object_get(json_object_get(model, "stats"), "entries")),
                   found, found == 1 ? "" : "s");
        }
        char json_path[4200];
        snprintf(json_path, sizeof(json_path), "%s/review.json", target);
        rg_cli_print_warnings_bounded(&diag, json_path, args.verbose);
    next:
        json_decref(model);
        rg_build_free(&b);
        rg_diag_free(&diag);
    }
    if (skipped)
        fprintf(stderr,
                "reviewgen: skipped %zu folder%s with no incident.json and no recognised source "
                "(first: %s/%s)\n",
                skipped, skipped == 1 ? "" : "s", dir, first_skipped);
    printf("built %zu incident%s, %zu failed", built, built == 1 ? "" : "s", failed);
    char name[1024];
    if (built && !no_store)
        printf("; reviews in %s/, recorded in %s", out, rg_cli_store_name(db, name, sizeof(name)));
    printf("\n");
    for (size_t i = 0; i < built; i++) {
        rg_free(ids[i]);
        rg_free(id_dirs[i]);
    }
    rg_free(ids);
    rg_free(id_dirs);
    for (char **p = names; p && p < names + n_listed; p++)
        rg_free(*p);
    rg_free(names);
    return failed ? RG_EXIT_INPUT : RG_EXIT_OK;
}

const rg_command rg_cmd_build_all = {
    "build-all",
    "build-all DIR [-o OUTDIR] [--db STORE]\n"
    "                                   every incident folder under DIR, reviews in OUTDIR/<id>/",
    build_all_help,
    cmd_build_all,
    opts,
    "@dir"};
