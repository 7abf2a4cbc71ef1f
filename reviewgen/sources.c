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
#include "zfile.h"

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
        /* A gzip or zstd file is sniffed on its decompressed start, so
         * app.log.2.gz goes to the importer app.log goes to. */
        if (access(path, R_OK) != 0)
            return -1;
        head_len = rg_zfile_head(path, head, sizeof(head));
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

/* ---- rotated logs ---- */

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static size_t ends_with(const char *s, size_t n, const char *tail)
{
    size_t t = strlen(tail);
    return n > t && memcmp(s + n - t, tail, t) == 0 ? t : 0;
}

size_t rg_rotation_base(const char *name, int *kind, long long *key)
{
    size_t n = strlen(name), z;
    *kind = 0;
    *key = 0;
    /* A compression suffix first: logrotate's compress adds it last. */
    if ((z = ends_with(name, n, ".gz")) || (z = ends_with(name, n, ".zst")) ||
        (z = ends_with(name, n, ".zstd")))
        n -= z;
    size_t full = n;
    /* ".N": logrotate's default numbering, 1 the newest piece. */
    size_t i = n;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    size_t digits = n - i;
    if (digits >= 1 && digits <= 4 && i > 1 && name[i - 1] == '.') {
        *kind = 1;
        *key = atoll(name + i);
        return i - 1;
    }
    /* "-YYYYMMDD[HH...]" (dateext) or ".YYYY-MM-DD" / "-YYYY-MM-DD". */
    if (digits >= 8 && digits <= 14 && i > 1 && (name[i - 1] == '-' || name[i - 1] == '.')) {
        *kind = 2;
        *key = atoll(name + i);
        return i - 1;
    }
    if (n >= 11 && all_digits(name + n - 2, 2) && name[n - 3] == '-' &&
        all_digits(name + n - 5, 2) && name[n - 6] == '-' && all_digits(name + n - 10, 4) &&
        (name[n - 11] == '-' || name[n - 11] == '.') && n > 11) {
        *kind = 2;
        *key = atoll(name + n - 10) * 10000 + atoll(name + n - 5) * 100 + atoll(name + n - 2);
        return n - 11;
    }
    return full;
}

typedef struct piece {
    const char *path, *rel;
    int kind;
    long long key;
} piece;

/* Oldest first: dated pieces by date, then numbered ones from the highest
 * number, then the live file (README: when a folder mixes the two schemes,
 * the dated pieces are taken as the older). */
static int cmp_pieces(const void *pa, const void *pb)
{
    const piece *a = pa, *b = pb;
    static const int order[3] = {2, 1, 0}; /* kind -> rank: dated, numbered, live */
    int ra = order[a->kind], rb = order[b->kind];
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (a->key != b->key)
        return a->kind == 1 ? (a->key > b->key ? -1 : 1) : (a->key < b->key ? -1 : 1);
    return strcmp(a->rel, b->rel);
}

/* The base rel of a source: its folder and the base of its name. */
static char *base_rel(rg_arena *a, const char *rel, int *kind, long long *key)
{
    const char *slash = strrchr(rel, '/');
    const char *name = slash ? slash + 1 : rel;
    size_t b = rg_rotation_base(name, kind, key);
    return rg_arena_strndup(a, rel, (size_t)(name - rel) + b);
}

/* Merges the rotated pieces of one log into one source. */
static int group_rotated(finder *f)
{
    size_t n = f->n;
    char **bases = rg_calloc(n ? n : 1, sizeof(*bases));
    int *kinds = rg_calloc(n ? n : 1, sizeof(*kinds));
    long long *keys = rg_calloc(n ? n : 1, sizeof(*keys));
    int *gone = rg_calloc(n ? n : 1, sizeof(*gone));
    piece *ps = rg_calloc(n ? n : 1, sizeof(*ps));
    int rc = 0;
    if (!bases || !kinds || !keys || !gone || !ps) {
        rc = rg_diag_error(f->diag, f->dir, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        if (!(bases[i] = base_rel(f->a, f->list[i].rel, &kinds[i], &keys[i]))) {
            rc = rg_diag_error(f->diag, f->dir, 0, 0, "out of memory");
            goto out;
        }
    for (size_t i = 0; i < n; i++) {
        rg_found_source *s = &f->list[i];
        if (gone[i] || !s->importer->streams)
            continue;
        size_t np = 0;
        ps[np++] = (piece){s->path, s->rel, kinds[i], keys[i]};
        for (size_t j = i + 1; j < n; j++) {
            rg_found_source *t = &f->list[j];
            if (gone[j] || t->listed || t->importer != s->importer || strcmp(bases[i], bases[j]))
                continue;
            ps[np++] = (piece){t->path, t->rel, kinds[j], keys[j]};
            gone[j] = 1;
        }
        if (np < 2)
            continue;
        qsort(ps, np, sizeof(*ps), cmp_pieces);
        s->pieces = rg_arena_alloc(f->a, np * sizeof(*s->pieces));
        s->piece_rels = rg_arena_alloc(f->a, np * sizeof(*s->piece_rels));
        if (!s->pieces || !s->piece_rels) {
            rc = rg_diag_error(f->diag, f->dir, 0, 0, "out of memory");
            goto out;
        }
        for (size_t k = 0; k < np; k++) {
            s->pieces[k] = ps[k].path;
            s->piece_rels[k] = ps[k].rel;
        }
        s->n_pieces = np;
        /* Named after the base, unless the manifest named it. */
        if (s->src.name == s->rel)
            s->src.name = bases[i];
        s->rel = bases[i];
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!gone[i])
            f->list[kept++] = f->list[i];
    f->n = kept;
out:
    rg_free(bases);
    rg_free(kinds);
    rg_free(keys);
    rg_free(gone);
    rg_free(ps);
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
        s->listed = 1;
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
        s->src.pattern = ms->pattern;
        s->src.time_format = ms->time_format;
    }
    if (scan(&f, NULL, 0) != 0 || group_rotated(&f) != 0)
        return -1;
    *out = f.list;
    *n = f.n;
    return 0;
}
