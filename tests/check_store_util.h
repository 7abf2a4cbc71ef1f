/* check_store_util.h -- what the suites over a store share: a scratch store
 * under build/test-scratch, opening and saving that must succeed, reading a
 * whole file, and a test case with its fixture. Every function is static inline: each
 * tests/check_*.c is its own binary and uses only some of them. */
#ifndef RG_CHECK_STORE_UTIL_H
#define RG_CHECK_STORE_UTIL_H

#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "check_util.h"
#include "store.h"

/* The bytes of a file (NUL-terminated; its length in *len unless len is
 * NULL); the test fails when it cannot be opened. Caller rg_free()s. */
static inline char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    rg_buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ck_assert_int_eq(rg_buf_append(&b, chunk, n), 0);
    fclose(f);
    if (len)
        *len = b.len;
    return b.data ? b.data : rg_strdup("");
}

/* Opens the store at path; the test fails with the error when it cannot. */
static inline rg_store *store_open_ok(const char *path, rg_diag *diag)
{
    rg_store *st = rg_store_open(path, diag);
    ck_assert_msg(st != NULL, "%s", diag->error);
    return st;
}

/* Saves a review model; the test fails with the error when it cannot. */
static inline void store_save_ok(rg_store *st, const json_t *model, rg_diag *diag)
{
    ck_assert_msg(rg_store_save(st, model, diag) == 0, "%s", diag->error);
}

/* A new, empty store in build/test-scratch/<name>-<pid>/reviews.db: the
 * folder's path goes into dir, the store's into db_path. Remove it with
 * scratch_store_remove(). */
static inline rg_store *scratch_store_open(const char *name, char *dir, size_t dir_size,
                                           char *db_path, size_t db_path_size)
{
    snprintf(dir, dir_size, "build/test-scratch/%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    snprintf(db_path, db_path_size, "%s/reviews.db", dir);
    unlink(db_path);
    rg_diag d;
    rg_diag_init(&d);
    rg_store *st = store_open_ok(db_path, &d);
    rg_diag_free(&d);
    return st;
}

/* Closes *st and removes what scratch_store_open() made. */
static inline void scratch_store_remove(rg_store **st, const char *dir, const char *db_path)
{
    rg_store_close(*st);
    *st = NULL;
    unlink(db_path);
    rmdir(dir);
}

/* A test case named name in suite s, with setup and teardown around each
 * test and, when seconds > 0, that long at most for each. */
static inline TCase *store_tcase(Suite *s, const char *name, void (*setup)(void),
                                 void (*teardown)(void), double seconds)
{
    TCase *tc = tcase_create(name);
    tcase_add_checked_fixture(tc, setup, teardown);
    if (seconds > 0)
        tcase_set_timeout(tc, seconds);
    suite_add_tcase(s, tc);
    return tc;
}

#endif
