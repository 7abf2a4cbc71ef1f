/* cmd/sniff.c -- `reviewgen sniff PATH...`: every importer's score for each
 * file or folder, as build scores them, and why the winner won (or which
 * key to set when two tie, or why nothing did). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "importer.h"
#include "sources.h"

static const char sniff_help[] =
    "usage: reviewgen sniff PATH...\n"
    "\n"
    "Says, for each file or folder, which importer build would read it with and\n"
    "why: every importer's score (0-100, from the name and the first 4 KiB; 50 is\n"
    "needed), the winner and what it recognised. When two importers tie it names\n"
    "the \"format\" to set in incident.json; when none reaches 50 it says which came\n"
    "nearest. A folder that no importer reads as one source is searched, as build\n"
    "searches it, and each file in it is reported. A CSV file is never recognised\n"
    "by itself: incident.json maps its columns (README, \"A CSV with a mapping\").\n"
    "\n"
    "Exit status: 0, or 1 when a path cannot be read.\n";

#define MAX_DEPTH 4

typedef struct ranked {
    const rg_importer *imp;
    int score;
} ranked;

static int by_score(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return x < y ? -1 : x > y; /* registry order among equals */
}

static int has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    if (n < m)
        return 0;
    for (size_t i = 0; i < m; i++) {
        char c = name[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return 0;
    }
    return 1;
}

static void print_scores(const ranked *r, size_t n)
{
    int width = 0;
    for (size_t i = 0; i < n; i++)
        if ((int)strlen(r[i].imp->name) > width)
            width = (int)strlen(r[i].imp->name);
    for (size_t i = 0; i < n; i++)
        printf("  %-*s %3d\n", width, r[i].imp->name, r[i].score);
}

static int report(const char *path, int depth);

/* A folder no importer reads as one source: its entries, as build scans them. */
static int report_folder(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "reviewgen: sniff: cannot read '%s': %s\n", path, strerror(errno));
        return RG_EXIT_INPUT;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int code = RG_EXIT_OK;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || (depth == 0 && strcmp(de->d_name, "incident.json") == 0))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = rg_realloc(names, cap * sizeof(*nn));
            if (!nn) {
                code = RG_EXIT_INPUT;
                break;
            }
            names = nn;
        }
        names[n] = rg_malloc(strlen(path) + strlen(de->d_name) + 2);
        if (!names[n]) {
            code = RG_EXIT_INPUT;
            break;
        }
        sprintf(names[n], "%s%s%s", path, has_suffix(path, "/") ? "" : "/", de->d_name);
        n++;
    }
    closedir(d);
    if (code != RG_EXIT_OK)
        fprintf(stderr, "reviewgen: sniff: out of memory\n");
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[j], names[i]) < 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (size_t i = 0; i < n; i++) {
        if (code == RG_EXIT_OK || code == RG_EXIT_INPUT) {
            int c = report(names[i], depth + 1);
            if (c != RG_EXIT_OK)
                code = c;
        }
        rg_free(names[i]);
    }
    rg_free(names);
    return code;
}

static int report(const char *path, int depth)
{
    int scores[RG_MAX_IMPORTERS];
    int is_dir;
    int n = rg_sources_scores(path, scores, RG_MAX_IMPORTERS, &is_dir);
    if (n < 0) {
        fprintf(stderr, "reviewgen: sniff: cannot read '%s': %s\n", path, strerror(errno));
        return RG_EXIT_INPUT;
    }
    int best_score;
    const rg_importer *tie;
    const rg_importer *best = rg_sources_pick(scores, (size_t)n, &best_score, &tie);
    ranked r[RG_MAX_IMPORTERS];
    for (int i = 0; i < n; i++) {
        r[i].imp = rg_importers[i];
        r[i].score = scores[i];
    }
    qsort(r, (size_t)n, sizeof(r[0]), by_score);
    if (best && tie) {
        printf("%s: two importers tie: '%s' and '%s' both give %d\n", path, best->name, tie->name,
               best_score);
        printf("  set its \"format\" in incident.json, e.g. {\"sources\": [{\"path\": \"%s\", "
               "\"format\": \"%s\"}]}\n",
               path, best->name);
    } else if (best) {
        printf("%s: %s (%d; %d needed)\n", path, best->name, best_score, RG_SNIFF_THRESHOLD);
        printf("  why: %s recognises %s\n", best->name, best->recognises);
    } else if (is_dir && depth < MAX_DEPTH) {
        printf("%s/: no importer reads this folder as one source\n", path);
        print_scores(r, (size_t)n);
        printf("%s/: searched, as build searches it:\n", path);
        return report_folder(path, depth);
    } else if (!is_dir && (has_suffix(path, ".csv") || has_suffix(path, ".tsv"))) {
        printf("%s: not recognised: a CSV file is read only with a mapping\n", path);
        printf("  add {\"path\": \"%s\", \"columns\": {\"time\": ..., \"text\": ..., \"type\": "
               "...}} to incident.json's \"sources\"\n",
               path);
    } else if (best_score > 0) {
        printf("%s: not recognised: the nearest, '%s', gives %d of the %d needed\n", path,
               r[0].imp->name, best_score, RG_SNIFF_THRESHOLD);
        printf("  if it is %s, set its \"format\" in incident.json\n", r[0].imp->name);
    } else {
        printf("%s: not recognised: no importer reads this kind of %s (see `reviewgen "
               "formats`)\n",
               path, is_dir ? "folder" : "file");
    }
    print_scores(r, (size_t)n);
    return RG_EXIT_OK;
}

static const rg_opt opts[] = {{NULL, 0, 0, NULL}};

static int cmd_sniff(int argc, char **argv)
{
    rg_opts p;
    rg_opts_init(&p, "sniff", sniff_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;)
        if (k == RG_OPT_EXIT)
            return p.exit;
    int stop = rg_cli_operands(&p, 1, -1, "a file or folder (reviewgen sniff PATH...)");
    if (stop >= 0)
        return stop;
    int code = RG_EXIT_OK;
    for (int i = 0; i < rg_opts_n_operands(&p); i++) {
        const char *path = rg_opts_operand(&p, i);
        /* "inc-7/" and "inc-7" are the same folder */
        char buf[4096];
        snprintf(buf, sizeof(buf), "%s", path);
        size_t len = strlen(buf);
        while (len > 1 && buf[len - 1] == '/')
            buf[--len] = '\0';
        if (report(buf, 0) != RG_EXIT_OK)
            code = RG_EXIT_INPUT;
    }
    return code;
}

const rg_command rg_cmd_sniff = {
    "sniff",    "sniff PATH...                    which importer reads each file, with every score",
    sniff_help, cmd_sniff,
    opts,       "@file"};
