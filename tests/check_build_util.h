/* check_build_util.h -- an incident built in the test's own process as one
 * text (review model with the warnings), the comparison of two such texts,
 * and the three builds with and without the prepass thread, for the tests
 * that prove two ways of reading give one review. */
#ifndef CHECK_BUILD_UTIL_H
#define CHECK_BUILD_UTIL_H

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../importers/prepass.h"
#include "../reviewgen/build.h"

/* build/test-scratch/PREFIX-NAME-PID, made empty. */
static inline void build_scratch(char *buf, size_t n, const char *prefix, const char *name)
{
    snprintf(buf, n, "build/test-scratch/%s-%s-%ld", prefix, name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

/* The review model of the incident in dir, with the build's warnings as
 * "test_warnings", sorted and indented (owned: free). */
static inline char *build_text(const char *dir)
{
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {0};
    o.dir = dir;
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *warnings = json_array();
    for (size_t i = 0; i < d.n_warnings; i++)
        json_array_append_new(warnings, json_sprintf("%s (%llu)", d.warnings[i].first,
                                                     (unsigned long long)d.warnings[i].count));
    json_object_set_new(model, "test_warnings", warnings);
    char *js = json_dumps(model, JSON_SORT_KEYS | JSON_INDENT(1));
    ck_assert_ptr_nonnull(js);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    return js;
}

/* Equal texts, else a failure that shows where they part (Check cannot
 * print whole review models). */
static inline void same_text(const char *got, const char *want, const char *what)
{
    size_t i = 0;
    while (got[i] && got[i] == want[i])
        i++;
    size_t from = i > 60 ? i - 60 : 0;
    ck_assert_msg(got[i] == want[i], "%s differs at byte %zu: '%.120s' where '%.120s'", what, i,
                  got + from, want + from);
}

/* dir/incident.json over [from, to] with the sources given as JSON
 * objects ("{...}, {...}"). */
static inline void build_manifest_sources(const char *dir, const char *from, const char *to,
                                          const char *sources)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "{\"id\": \"PRE-1\", \"title\": \"Prepass\", \"timezone\": \"UTC\", \"window\": "
            "{\"from\": \"%s\", \"to\": \"%s\"}, \"sources\": [%s]}\n",
            from, to, sources);
    fclose(f);
}

/* dir/incident.json: one source, app.log of `format`, over [from, to]. */
static inline void build_manifest(const char *dir, const char *format, const char *from,
                                  const char *to)
{
    char source[200];
    snprintf(source, sizeof(source),
             "{\"path\": \"app.log\", \"format\": \"%s\", \"name\": \"app\"}", format);
    build_manifest_sources(dir, from, to, source);
}

/* Builds dir (whose log, app.log, has enough bytes for the prepass thread)
 * three times: without the thread (none starts), with every line it can
 * take taken (at least `taken` lines), and racing; the last two must equal
 * the first, which is returned (owned) for more checks. */
static inline char *builds_agree(const char *dir, uint64_t taken, const char *what)
{
    char path[300];
    struct stat st;
    snprintf(path, sizeof(path), "%s/app.log", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, (long)RG_PREPASS_MIN_BYTES);
    uint64_t t0, m0, t1, m1, t2, m2;
    setenv("REVIEWGEN_THREADS", "1", 1);
    rg_prepass_counts(&t0, &m0);
    char *alone = build_text(dir);
    rg_prepass_counts(&t1, &m1);
    ck_assert_uint_eq(t1 + m1, t0 + m0); /* no thread */
    unsetenv("REVIEWGEN_THREADS");
    rg_prepass_test_wait(1);
    char *waited = build_text(dir);
    rg_prepass_test_wait(0);
    rg_prepass_counts(&t2, &m2);
    ck_assert_uint_ge(t2 - t1, taken);
    char *raced = build_text(dir);
    char label[120];
    snprintf(label, sizeof(label), "%s, with the thread waited for", what);
    same_text(waited, alone, label);
    snprintf(label, sizeof(label), "%s, with the thread racing", what);
    same_text(raced, alone, label);
    free(waited);
    free(raced);
    return alone;
}

#endif
