/* replay.c -- the plain driver: runs a fuzz target's LLVMFuzzerTestOneInput
 * on every file named (or in every folder named) on the command line, plus
 * the empty input, without libFuzzer. `make check` builds one per target with
 * the normal compiler and replays tests/fuzz-regressions/<target>/, so every
 * input a fuzzer ever crashed on stays fixed. It prints a Check-style
 * summary for tests/run.sh; a crash or a failed property aborts. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Weak: targets that need no set-up do not define it. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    /* a copy of exactly n bytes, so reading past the input is caught */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(buf);
        return -1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir, in name order; returns how many ran, -1 on error. */
static long run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof(*names));
            if (!grown)
                break;
            names = grown;
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), by_name);
    long ran = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        if (names[i] &&
            (size_t)snprintf(path, sizeof(path), "%s/%s", dir, names[i]) < sizeof(path) &&
            stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (run_file(path) != 0)
                ran = -1;
            else if (ran >= 0)
                ran++;
        }
        free(names[i]);
    }
    free(names);
    return ran;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    printf("Running suite(s): fuzz replay\n");
    LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
    long total = 1;
    int failed = 0;
    /* no argument: this target's regressions (tests/run.sh runs it so) */
    char *dflt[] = {argv[0], RG_FUZZ_REGRESSIONS};
    if (argc < 2) {
        argc = 2;
        argv = dflt;
    }
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        long ran = 0;
        if (argv == dflt && stat(argv[i], &sb) != 0)
            ran = 0; /* no regression yet */
        else if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
            ran = run_dir(argv[i]);
        else
            ran = run_file(argv[i]) == 0 ? 1 : -1;
        if (ran < 0)
            failed++;
        else
            total += ran;
    }
    printf("%d%%: Checks: %ld, Failures: %d, Errors: 0\n", failed ? 0 : 100, total + failed,
           failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
