/* fuzz.h -- what the fuzz targets share: the libFuzzer entry point, a file
 * holding the input for code that reads files (importers, the manifest, the
 * TZif reader), and a property check that stops the run with a message.
 * Built two ways: with clang's libFuzzer (make fuzz), and with the plain
 * driver replay.c and the normal compiler (make check replays
 * tests/fuzz-regressions/<target>/). */
#ifndef RG_FUZZ_H
#define RG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property that must hold for every input: when it does not, the run
 * stops here (libFuzzer saves the input as a crash). */
#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz property failed: %s: ", #cond);                                  \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, "\n");                                                                 \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* The folder fuzz_dir() made and what was written in it, removed at exit
 * (sub-folders after the files in them: names are added deepest last). */
static char fuzz_dir_path[128];
static char fuzz_names[8][64];
static int fuzz_n_names;

static inline void fuzz_cleanup(void)
{
    char path[256];
    for (int i = fuzz_n_names - 1; i >= 0; i--) {
        snprintf(path, sizeof(path), "%s/%s", fuzz_dir_path, fuzz_names[i]);
        if (unlink(path) != 0)
            rmdir(path);
    }
    rmdir(fuzz_dir_path);
}

static inline void fuzz_remember(const char *name)
{
    for (int i = 0; i < fuzz_n_names; i++)
        if (!strcmp(fuzz_names[i], name))
            return;
    if (fuzz_n_names < 8)
        snprintf(fuzz_names[fuzz_n_names++], sizeof(fuzz_names[0]), "%s", name);
}

/* A folder of this process's own, in memory when /dev/shm is there (each
 * input is written to a file; the disk would slow the run down), removed
 * at exit. */
static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        struct stat sb;
        const char *base = stat("/dev/shm", &sb) == 0 && access("/dev/shm", W_OK) == 0
                               ? "/dev/shm"
                               : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        snprintf(fuzz_dir_path, sizeof(fuzz_dir_path), "%s/reviewgen-fuzz-%ld", base,
                 (long)getpid());
        mkdir(fuzz_dir_path, 0700);
        atexit(fuzz_cleanup);
    }
    return fuzz_dir_path;
}

/* Makes the sub-folder fuzz_dir()/name (removed at exit). */
static inline void fuzz_subdir(const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
    mkdir(path, 0700);
    fuzz_remember(name);
}

/* Writes data to fuzz_dir()/name (sub-folders made by fuzz_subdir) and
 * returns the path (a static buffer); NULL when it cannot. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
    fuzz_remember(name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    return fclose(f) == 0 ? path : NULL;
}

#endif
