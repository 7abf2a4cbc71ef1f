/* check_storeopen.c -- the store opened on a thread of its own while the
 * review is rendered (storeopen.h): the same store, the same error, nothing
 * left behind when the build stops first. Run under ThreadSanitizer by
 * `make tsan`. */
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_store_util.h"
#include "storeopen.h"

static char dir[200], db_path[260];

static void fresh_dir(const char *name)
{
    snprintf(dir, sizeof(dir), "build/test-scratch/storeopen-%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    snprintf(db_path, sizeof(db_path), "%s/reviews.db", dir);
    unlink(db_path);
}

static void remove_dir(void)
{
    static const char *const tails[] = {"", "-wal", "-shm", "-journal"};
    char p[300];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof(p), "%s%s", db_path, tails[i]);
        unlink(p);
    }
    snprintf(p, sizeof(p), "%s/copy.txt", dir);
    unlink(p);
    rmdir(dir);
}

/* A new store, created on the thread: the schema rg_store_open makes, and
 * a review saved through the handle the thread opened. */
START_TEST(opens_a_new_store)
{
    fresh_dir("new");
    rg_store_opening *o = rg_store_open_start(db_path);
    ck_assert_ptr_nonnull(o);
    /* meanwhile the main thread renders: allocations and JSON, as publish
     * does (ThreadSanitizer watches the two) */
    json_t *busy = json_object();
    for (int i = 0; i < 2000; i++)
        json_object_set_new(busy, "k", json_integer(i));
    char *dumped = json_dumps(busy, 0);
    ck_assert_str_eq(dumped, "{\"k\": 1999}");
    free(dumped);
    json_decref(busy);
    rg_diag d;
    rg_diag_init(&d);
    rg_store *st = rg_store_open_finish(o, &d);
    ck_assert_msg(st != NULL, "%s", d.error);
    ck_assert_int_eq(d.has_error, 0);
    json_t *review = json_load_file(RG_FIXTURES "/store/review.json", 0, NULL);
    ck_assert_ptr_nonnull(review);
    store_save_ok(st, review, &d);
    json_decref(review);
    rg_store_close(st);
    rg_diag_free(&d);
    /* the same store a plain open gives, with the review in it */
    rg_diag_init(&d);
    st = rg_store_open_existing(db_path, &d);
    ck_assert_msg(st != NULL, "%s", d.error);
    rg_store_close(st);
    rg_diag_free(&d);
    remove_dir();
}
END_TEST

/* What cannot be a store gives, word for word, what rg_store_open gives,
 * and stays as it was. */
START_TEST(same_error_as_an_open)
{
    fresh_dir("error");
    char copy[300];
    snprintf(copy, sizeof(copy), "%s/copy.txt", dir);
    FILE *f = fopen(copy, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("when,what\n2026-11-20,not a database\n", f);
    fclose(f);
    rg_diag plain, threaded;
    rg_diag_init(&plain);
    rg_diag_init(&threaded);
    ck_assert_ptr_null(rg_store_open(copy, &plain));
    rg_store_opening *o = rg_store_open_start(copy);
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_null(rg_store_open_finish(o, &threaded));
    char want[400];
    snprintf(want, sizeof(want), "%s: not a reviewgen store: file is not a database", copy);
    ck_assert_str_eq(plain.error, want);
    ck_assert_str_eq(threaded.error, want);
    size_t len;
    char *after = read_all(copy, &len);
    ck_assert_str_eq(after, "when,what\n2026-11-20,not a database\n");
    rg_free(after);
    rg_diag_free(&plain);
    rg_diag_free(&threaded);
    remove_dir();
}
END_TEST

/* A build that stops before it saves cancels the open: the thread is
 * joined and the store closed (a leak or a running thread would show under
 * the sanitizers); cancelling nothing does nothing. */
START_TEST(cancel_closes_what_was_opened)
{
    fresh_dir("cancel");
    rg_store_open_cancel(NULL);
    rg_store_opening *o = rg_store_open_start(db_path);
    ck_assert_ptr_nonnull(o);
    rg_store_open_cancel(o);
    /* closed: a second writer gets it at once */
    rg_diag d;
    rg_diag_init(&d);
    rg_store *st = rg_store_open(db_path, &d);
    ck_assert_msg(st != NULL, "%s", d.error);
    rg_store_close(st);
    rg_diag_free(&d);
    remove_dir();
}
END_TEST

/* The thread runs with every signal blocked, so a Ctrl-C reaches the main
 * thread (whose handler removes the temporaries), and the caller's mask is
 * as it was afterwards. */
START_TEST(signals_stay_with_the_caller)
{
    fresh_dir("signals");
    sigset_t before, after;
    ck_assert_int_eq(pthread_sigmask(SIG_SETMASK, NULL, &before), 0);
    ck_assert_int_eq(sigismember(&before, SIGINT), 0);
    rg_store_opening *o = rg_store_open_start(db_path);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(pthread_sigmask(SIG_SETMASK, NULL, &after), 0);
    ck_assert_int_eq(sigismember(&after, SIGINT), 0);
    ck_assert_int_eq(sigismember(&after, SIGTERM), 0);
    rg_store_open_cancel(o);
    remove_dir();
}
END_TEST

static Suite *storeopen_suite(void)
{
    Suite *s = suite_create("storeopen");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, opens_a_new_store);
    tcase_add_test(tc, same_error_as_an_open);
    tcase_add_test(tc, cancel_closes_what_was_opened);
    tcase_add_test(tc, signals_stay_with_the_caller);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(storeopen_suite)
