/* sources.c -- discovers the sources of an incident folder and picks an
 * importer for each by sniffing its name and first bytes. */
#include "sources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

#define HEAD_BYTES 4096
#define MAX_DEPTH 4

int rg_sources_scores(const char *path, int *scores, size_t max, int *is_dir)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    *is_dir = S_ISDIR(st.st_mode);
    char head[HEAD_BYTES];
    size_t head_len = 0;
    if (!*is_dir) {
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            return -1;
        ssize_t got;
        while (head_len < sizeof(head) &&
               (got = read(fd, head + head_len, sizeof(head) - head_len)) > 0)
            head_len += (size_t)got;
        close(fd);
    }
    size_t n = 0;
    for (; rg_importers[n] && n < max; n++)
        scores[n] = rg_importers[n]->sniff(path, *is_dir, *is_dir ? NULL : head, head_len);
    return (int)n;
}

const rg_importer *rg_sources_pick(const int *scores, size_t n, int *score, const rg_importer **tie)
{
    const rg_importer *best = NULL;
    int best_score = 0;
    if (tie)
        *tie = NULL;
    for (size_t i = 0; i < n; i++) {
        int s = scores[i];
        if (s > best_score) {
            best = rg_importers[i];
            best_score = s;
            if (tie)
                *tie = NULL;
        } else if (s == best_score && s >= RG_SNIFF_THRESHOLD && tie && !*tie) {
            *tie = rg_importers[i];
        }
    }
    *score = best_score;
    return best_score >= RG_SNIFF_THRESHOLD ? best : NULL;
}

const rg_importer *rg_sources_nearest(const char *path, int *score)
{
    int scores[RG_MAX_IMPORTERS];
    int is_dir;
    *score = 0;
    int n = rg_sources_scores(path, scores, RG_MAX_IMPORTERS, &is_dir);
    const rg_importer *best = NULL;
    for (int i = 0; i < n; i++)
        if (scores[i] > *score) {
            *score = scores[i];
            best = rg_importers[i];
        }
    return best;
}

const rg_importer *rg_sources_sniff(const char *path, int *score, const rg_importer **tie)
{
    int scores[RG_MAX_IMPORTERS];
    int is_dir;
    *score = 0;
    if (tie)
        *tie = NULL;
    int n = rg_sources_scores(path, scores, RG_MAX_IMPORTERS, &is_dir);
    if (n < 0)
        return NULL;
    return rg_sources_pick(scores, (size_t)n, score, tie);
}

/* 1 when name ends with suffix, in any case (".CSV" too). */
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

typedef struct finder {
    const char *dir;
    const rg_manifest *m;
    rg_arena *a;
    rg_diag *diag;
    rg_found_source *list;
    size_t n, cap;
} finder;

static rg_found_source *add(finder *f)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        rg_found_source *l = rg_arena_alloc(f->a, cap * sizeof(*l));
        if (!l)
            return NULL;
        if (f->n)
            memcpy(l, f->list, f->n * sizeof(*l));
        f->list = l;
        f->cap = cap;
    }
    rg_found_source *s = &f->list[f->n++];
    memset(s, 0, sizeof(*s));
    return s;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int claimed(const finder *f, const char *rel)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->list[i].rel, rel) == 0)
            return 1;
    return 0;
}

static void set_defaults(finder *f, rg_found_source *s)
{
    s->src.path = s->path;
    s->src.name = s->rel;
    s->src.zone = f->m->zone ? f->m->zone : rg_tz_utc();
    s->src.zone_explicit = f->m->timezone != NULL;
    s->src.ref_us = INT64_MIN;
}

static int scan(finder *f, const char *rel_dir, int depth)
{
    char *full =
        rel_dir ? rg_arena_printf(f->a, "%s/%s", f->dir, rel_dir) : rg_arena_strdup(f->a, f->dir);
    if (!full)
        return rg_diag_error(f->diag, f->dir, 0, 0, "out of memory");
    DIR *d = opendir(full);
    if (!d)
        return rg_diag_error(f->diag, full, 0, 0, "cannot read the folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue; /* hidden files, editors' swap files, . and .. */
        if (!rel_dir && strcmp(de->d_name, "incident.json") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = rg_realloc(names, cap * sizeof(*nn));
            if (!nn) {
                rc = rg_diag_error(f->diag, full, 0, 0, "out of memory");
                break;
            }
            names = nn;
        }
        names[n++] = rg_arena_strdup(f->a, de->d_name);
    }
    closedir(d);
    if (rc == 0 && n)
        qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *rel = rel_dir ? rg_arena_printf(f->a, "%s/%s", rel_dir, names[i]) : names[i];
        if (claimed(f, rel))
            continue;
        const char *path = rg_arena_printf(f->a, "%s/%s", f->dir, rel);
        int score;
        const rg_importer *tie;
        const rg_importer *imp = rg_sources_sniff(path, &score, &tie);
        struct stat st;
        int is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        if (imp && tie) {
            rc = rg_diag_error(f->diag, path, 0, 0,
                               "both '%s' and '%s' recognise this source; set its \"format\" in "
                               "incident.json",
                               imp->name, tie->name);
            break;
        }
        if (!imp) {
            if (is_dir && depth < MAX_DEPTH) {
                rc = scan(f, rel, depth + 1);
                continue;
            }
            /* A hint that is true: a CSV needs a mapping; else the nearest
             * importer and how far it was, or that none comes near; "set its
             * format" only when one could. `reviewgen sniff` shows all. */
            const rg_importer *near = rg_sources_nearest(path, &score);
            if (!is_dir && (has_suffix(rel, ".csv") || has_suffix(rel, ".tsv")))
                rg_diag_warn(f->diag, path, 0, 0, "unrecognised",
                             "not recognised and skipped: a CSV file is read only with a mapping "
                             "(add {\"path\": \"%s\", \"columns\": {\"time\": ..., \"text\": "
                             "..., \"type\": ...}} to incident.json's \"sources\"; `reviewgen "
                             "sniff %s` shows why)",
                             rel, path);
            else if (near)
                rg_diag_warn(f->diag, path, 0, 0, "unrecognised",
                             "not recognised and skipped: the nearest importer, '%s', gave it %d "
                             "of the %d points it needs (`reviewgen sniff %s` shows every "
                             "importer's score; if it is %s, set its \"format\" in "
                             "incident.json)",
                             near->name, score, RG_SNIFF_THRESHOLD, path, near->name);
            else
                rg_diag_warn(f->diag, path, 0, 0, "unrecognised",
                             "not recognised and skipped: no importer reads this kind of %s "
                             "(`reviewgen sniff %s` shows every importer's score; see "
                             "`reviewgen formats`)",
                             is_dir ? "folder" : "file", path);
            continue;
        }
        rg_found_source *s = add(f);
        if (!s) {
            rc = rg_diag_error(f->diag, path, 0, 0, "out of memory");
            break;
        }
        s->path = path;
        s->rel = rel;
        s->importer = imp;
        s->score = score;
        set_defaults(f, s);
    }
    rg_free(names);
    return rc;
}

int rg_sources_find(const char *dir, const rg_manifest *m, rg_arena *a, rg_found_source **out,
                    size_t *n, rg_diag *diag)
{
    finder f = {dir, m, a, diag, NULL, 0, 0};
    struct stat st;
    if (stat(dir, &st) != 0)
        return rg_diag_error(diag, dir, 0, 0, "cannot open the incident folder: %s",
                             strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return rg_diag_error(diag, dir, 0, 0, "not a folder; reviewgen reads an incident folder");
    for (size_t i = 0; i < m->n_sources; i++) {
        const rg_manifest_source *ms = &m->sources[i];
        const char *path = rg_arena_printf(a, "%s/%s", dir, ms->path);
        if (!path)
            return rg_diag_error(diag, dir, 0, 0, "out of memory");
        if (access(path, R_OK) != 0)
            return rg_diag_error(diag, m->path, ms->line, 0, "source '%s' cannot be read: %s",
                                 ms->path, strerror(errno));
        const rg_importer *imp;
        int score = 100, forced = 0;
        if (ms->format) {
            imp = rg_importer_find(ms->format);
            if (!imp)
                return rg_diag_error(diag, m->path, ms->line, 0,
                                     "unknown format '%s' (see `reviewgen formats`)", ms->format);
            forced = 1;
        } else {
            const rg_importer *tie;
            imp = rg_sources_sniff(path, &score, &tie);
            if (!imp)
                return rg_diag_error(diag, m->path, ms->line, 0,
                                     "no importer recognises '%s'; set its \"format\"", ms->path);
            if (tie)
                return rg_diag_error(diag, m->path, ms->line, 0,
                                     "both '%s' and '%s' recognise '%s'; set its \"format\"",
                                     imp->name, tie->name, ms->path);
        }
        rg_found_source *s = add(&f);
        if (!s)
            return rg_diag_error(diag, dir, 0, 0, "out of memory");
        s->path = path;
        s->rel = rg_arena_strdup(a, ms->path);
        s->importer = imp;
        s->score = score;
        s->forced = forced;
        set_defaults(&f, s);
        if (ms->zone) {
            s->src.zone = ms->zone;
            s->src.zone_explicit = 1;
        }
        s->src.offset_us = ms->offset_us;
        s->src.at_text = ms->has_at ? ms->at : NULL;
        s->src.at_us = ms->at_us;
        s->csv = ms->csv;
        if (ms->name)
            s->src.name = ms->name;
    }
    if (scan(&f, NULL, 0) != 0)
        return -1;
    *out = f.list;
    *n = f.n;
    return 0;
}
