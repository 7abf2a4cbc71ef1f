/* check_signature.c -- the cluster key's fast path (reviewgen/signature.c)
 * gives exactly the key of the written-out signature for every text: words
 * with a digit at every place in the 64-byte mask words and across them,
 * letter-led ids, texts cut inside a 16-byte block, NUL bytes, the 511-byte
 * cap; and texts with one signature share a key, others do not. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reviewgen/signature.h"
#include "check_util.h"

/* The fast paths this CPU can take (signature.h): SSE2, AVX-512 where it
 * has AVX-512 with VBMI2, AVX2 where it has AVX2 (both on most). */
static const int paths[] = {RG_SIG_PATH_SSE2, RG_SIG_PATH_AVX512, RG_SIG_PATH_AVX2};
static const char *const path_names[] = {"SSE2", "AVX-512", "AVX2"};

/* Every fast path on text[0..n), marked asked and not: the keys and flags
 * agree with the reference. */
static void agree(const char *text, size_t n)
{
    int m2 = -1;
    uint64_t k2 = rg_signature_key_ref(7, text, n, &m2);
    for (size_t k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
        if (rg_signature_test_path(paths[k]) != 0)
            continue;
        int m1 = -1, m4 = -2;
        uint64_t k1 = rg_signature_key(7, text, n, &m1);
        uint64_t k3 = rg_signature_key(7, text, n, NULL);
        uint64_t k4 = rg_signature_join(7, rg_signature_acc(text, n, &m4));
        rg_signature_test_path(RG_SIG_PATH_AUTO);
        /* rg_signature_acc may leave the mark to the signature: only where
         * the written-out signature is marked exactly when the text is */
        if (m4 == RG_SIG_MARKED_BY_SIG) {
            char sig[RG_SIGNATURE_MAX];
            size_t len = rg_signature(text, n, sig, sizeof(sig));
            if (rg_signature_marked(sig, len) != m2)
                ck_abort_msg("%s leaves the mark of '%.*s' to its signature '%s', which is %s",
                             path_names[k], (int)n, text, sig, m2 ? "not marked" : "marked");
        } else if (m4 != m2) {
            ck_abort_msg("%s acc marks '%.*s' %d, the reference %d", path_names[k], (int)n, text,
                         m4, m2);
        }
        if (k1 != k2 || m1 != m2 || k3 != k2 || k4 != k2) {
            char sig[RG_SIGNATURE_MAX];
            rg_signature(text, n, sig, sizeof(sig));
            ck_abort_msg("%s key differs for %zu bytes '%.*s' (signature '%s'): %llx/%d vs "
                         "%llx/%d",
                         path_names[k], n, (int)n, text, sig, (unsigned long long)k1, m1,
                         (unsigned long long)k2, m2);
        }
    }
}

/* The marked flag rg_signature_key gives text (the path the CPU takes). */
static int marked_of(const char *text)
{
    int marked = -1;
    rg_signature_key(1, text, strlen(text), &marked);
    return marked;
}

/* What rg_signature_acc says of text's mark on the path the CPU takes. */
static int acc_marked_of(const char *text)
{
    int marked = -2;
    rg_signature_acc(text, strlen(text), &marked);
    return marked;
}

/* rg_signature_acc leaves the mark to the signature where it can, and only
 * there: a word that starts with a letter and holds a digit can hold a stem
 * the signature hides ("restart2" and "down7" are '#'); such a word that
 * hides none ("a3f9") leaves it to the signature too on the SSE2 and AVX2
 * paths (the AVX-512 one says 0). Texts of 16 to 511 bytes, where the fast
 * paths answer so; shorter ones and the reference always say. */
/* 65 bytes: what follows it lies in the second 64-byte mask word. */
#define LONG_HEAD "INFO worker pool=checkout shard=eu-west-1b region=eu-west-1 now: "

START_TEST(test_marked_by_signature)
{
    ck_assert_uint_eq(strlen(LONG_HEAD), 65);
#if defined(__x86_64__)
    ck_assert_int_eq(acc_marked_of("INFO service restarted after 3 tries"), RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of("INFO request completed status=200"), RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of("INFO node restart2 finished ok"), 1);
    ck_assert_int_eq(acc_marked_of("INFO rolled back7 on node 4 ok"), 1);
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_SSE2), 0);
    ck_assert_int_eq(acc_marked_of("INFO cache a3f9 refreshed in 4 ms"), RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of("INFO node 4 was shut down7 by ops"), 1);
    ck_assert_int_eq(acc_marked_of("INFO node 4 was shutting down7 ok"), 1);
    ck_assert_int_eq(acc_marked_of("INFO service restarted after 3 tries"), RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of("INFO node restart2 finished ok"), 1);
    ck_assert_int_eq(acc_marked_of("short restart"), 1); /* under 16 bytes: the general path */
    /* 65 bytes or more: the general path, its stem past the first mask word */
    ck_assert_int_eq(acc_marked_of(LONG_HEAD "service restarted after 3 tries"),
                     RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD "node restart2 finished ok"), 1);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD "cache a3f9 refreshed in 4 ms"), RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD "node was failed over2 at 4"), 1);
    /* over 128 bytes: the general path, the same answers */
    ck_assert_int_eq(acc_marked_of(LONG_HEAD LONG_HEAD "service restarted after 3 tries"),
                     RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD LONG_HEAD "node restart2 finished ok"), 1);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD LONG_HEAD "cache a3f9 refreshed in 4 ms"),
                     RG_SIG_MARKED_BY_SIG);
    ck_assert_int_eq(acc_marked_of(LONG_HEAD LONG_HEAD "it was rolled back2 at 4"), 1);
    if (rg_signature_test_path(RG_SIG_PATH_AVX2) == 0) {
        ck_assert_int_eq(acc_marked_of("INFO service restarted after 3 tries"),
                         RG_SIG_MARKED_BY_SIG);
        ck_assert_int_eq(acc_marked_of("INFO node restart2 finished ok"), 1);
        ck_assert_int_eq(acc_marked_of("INFO cache a3f9 refreshed in 4 ms"), RG_SIG_MARKED_BY_SIG);
        ck_assert_int_eq(acc_marked_of("INFO node 4 was shut down7 by ops"), 1);
        /* the stem in the second load only, its first byte in both */
        ck_assert_int_eq(acc_marked_of("INFO step 1 of 2 done, then n0 Rollback7"), 1);
        ck_assert_int_eq(acc_marked_of(LONG_HEAD "service restarted after 3 tries"),
                         RG_SIG_MARKED_BY_SIG);
        ck_assert_int_eq(acc_marked_of(LONG_HEAD "node restart2 finished ok"), 1);
        ck_assert_int_eq(acc_marked_of(LONG_HEAD "cache a3f9 refreshed in 4 ms"),
                         RG_SIG_MARKED_BY_SIG);
        ck_assert_int_eq(acc_marked_of(LONG_HEAD "node was failed over2 at 4"), 1);
    }
#endif
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_REF), 0);
    ck_assert_int_eq(acc_marked_of("INFO service restarted after 3 tries"), 1);
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_AUTO), 0);
    /* the key's own answer is always 0 or 1 */
    ck_assert_int_eq(marked_of("INFO request completed status=200"), 0);
}
END_TEST

/* The paths there are: the SSE2 one on every x86-64, the AVX-512 and AVX2
 * ones said (not failed) when the CPU lacks them, the reference taken when
 * forced, and an unknown path refused. */
START_TEST(test_paths)
{
#if defined(__x86_64__)
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_SSE2), 0);
#endif
    if (rg_signature_test_path(RG_SIG_PATH_AVX512) != 0)
        printf("check_signature: this CPU has no AVX-512 with VBMI2; its path is not tested "
               "here\n");
    if (rg_signature_test_path(RG_SIG_PATH_AVX2) != 0)
        printf("check_signature: this CPU has no AVX2; its path is not tested here\n");
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_REF), 0);
    ck_assert_uint_eq(rg_signature_key(3, "took 42 ms", 10, NULL),
                      rg_signature_key_ref(3, "took 7 ms", 9, NULL));
    ck_assert_int_eq(rg_signature_test_path(99), -1);
    ck_assert_int_eq(rg_signature_test_path(RG_SIG_PATH_AUTO), 0);
}
END_TEST

START_TEST(test_examples)
{
    char sig[64];
    ck_assert_uint_eq(rg_signature("took 42 ms for ab12", 19, sig, sizeof(sig)), 15);
    ck_assert_str_eq(sig, "took # ms for #");
    ck_assert_uint_eq(rg_signature("x=0xdeadbeef,id=a3f9b c4", 24, sig, sizeof(sig)), 10);
    ck_assert_str_eq(sig, "x=#,id=# #");
    /* a literal '#' and a number give one signature, so one key */
    ck_assert_uint_eq(rg_signature_key(1, "a-#-b", 5, NULL), rg_signature_key(1, "a-1-b", 5, NULL));
    ck_assert_uint_eq(rg_signature_key(1, "took 42 ms", 10, NULL),
                      rg_signature_key(1, "took 7 ms", 9, NULL));
    ck_assert_uint_ne(rg_signature_key(1, "took 42 ms", 10, NULL),
                      rg_signature_key(1, "took 42 s", 9, NULL));
    /* a run of eight letters, then the same bytes split otherwise */
    ck_assert_uint_ne(rg_signature_key(1, "abcdefgh ijx", 12, NULL),
                      rg_signature_key(1, "abcdefghi jx", 12, NULL));
    ck_assert_uint_ne(rg_signature_key(1, "ab", 2, NULL), rg_signature_key(1, "ab ", 3, NULL));
    ck_assert_uint_ne(rg_signature_key(1, "", 0, NULL), rg_signature_key(2, "", 0, NULL));
    ck_assert_int_eq(marked_of("INFO service restarted after 3 tries"), 1);
    ck_assert_int_eq(marked_of("INFO prerestart hook 3 done"), 0);
}
END_TEST

/* Every length up to 200 and every place of one word with a digit. */
START_TEST(test_every_place)
{
    char text[600] = {0};
    for (size_t n = 0; n <= 200; n++) {
        for (size_t i = 0; i < n; i++)
            text[i] = (char)("abcdefg h"[i % 9]);
        agree(text, n);
        for (size_t at = 0; at < n; at++) {
            char keep = text[at];
            text[at] = '5';
            agree(text, n);
            text[at] = keep;
        }
    }
    /* a run of letters across the 64-byte words with its digit after them */
    memset(text, 'q', sizeof(text));
    for (size_t n = 60; n < 511; n += 7) {
        text[n - 1] = '9';
        agree(text, n);
        text[n / 2] = ' ';
        agree(text, n);
        text[n - 1] = 'q';
        text[n / 2] = 'q';
    }
    /* a digit just before a word boundary in a run that goes on in letters
     * past it: the add's carry crosses the words (64 and 128 bits) */
    for (size_t bound = 64; bound < 511; bound += 64)
        for (size_t at = bound - 9; at < bound + 3; at++) {
            memset(text, 'q', sizeof(text));
            text[bound - 12] = ' ';
            text[at] = '7';
            agree(text, bound + 20 < 511 ? bound + 20 : 511);
            agree(text, 511);
        }
    memset(text, 'q', sizeof(text));
    agree(text, 511);
    agree(text, 512); /* over the fast path: the cap */
    text[300] = '1';
    agree(text, 511);
    agree(text, 600);
}
END_TEST

/* Every stem of the rule at every place of a 64-byte text and across it,
 * in three cases, at a word start and inside a word, and cut short by the
 * text's end: the fast paths' candidates (two or four first bytes) miss
 * none and let no false one through. */
START_TEST(test_marks)
{
    static const char *const stems[] = {"deploy",      "restart",  "reboot",      "rollback",
                                        "rolled back", "failover", "failed over", "promoted",
                                        "promoting",   "shutdown", "shut down",   "shutting down",
                                        "deplo",       "rest",     "fail",        "shu"};
    char text[160];
    for (size_t k = 0; k < sizeof(stems) / sizeof(stems[0]); k++) {
        size_t len = strlen(stems[k]);
        for (size_t at = 0; at + len <= 100; at++) {
            for (int variant = 0; variant < 4; variant++) {
                memset(text, variant == 3 ? 'x' : ' ', sizeof(text));
                for (size_t i = 0; i < at; i += 7)
                    text[i] = 'a';
                memcpy(text + at, stems[k], len);
                if (variant == 1)
                    text[at] = (char)(text[at] - 'a' + 'A');
                if (variant == 2)
                    for (size_t i = 0; i < len; i++)
                        if (text[at + i] != ' ')
                            text[at + i] = (char)(text[at + i] - 'a' + 'A');
                agree(text, at + len + 8);
                agree(text, at + len);     /* the stem ends the text */
                agree(text, at + len - 1); /* cut one byte short */
            }
        }
    }
    ck_assert_int_eq(marked_of("x deployed"), 1);
    ck_assert_int_eq(marked_of("x redeployed"), 0);
}
END_TEST

/* Random texts over bytes that matter (letters, digits, spaces, '#', marks'
 * first letters, high bytes, NUL), at random offsets, some with a stem, some
 * with a stem in a word that holds a digit. */
START_TEST(test_random)
{
    static const char alphabet[] = "aZq09 #=-_.dDrRsSpPfF\x01\x80\xC3\xFF\t";
    char text[600] = {0};
    unsigned seed = 12345;
    for (int round = 0; round < 200000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % (round % 10 == 0 ? 600 : 130);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            text[i] = r < 40   ? (char)('a' + r % 26)
                      : r < 55 ? (char)('0' + r % 10)
                      : r < 65 ? ' '
                      : r < 66 ? '\0'
                               : alphabet[r % (sizeof(alphabet) - 1)];
        }
        if (round % 3 == 0 && n > 12)
            memcpy(text + (seed >> 4) % (n - 12), " Restarting ", 12);
        /* a stem in a word with a digit: marked, though its signature is not */
        if (round % 3 == 1 && n > 16)
            memcpy(text + (seed >> 4) % (n - 16), round % 2 ? " rollback2 " : " shut down7 ", 11);
        agree(text, n);
    }
}
END_TEST

static Suite *signature_suite(void)
{
    Suite *s = suite_create("signature");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_paths);
    tcase_add_test(tc, test_examples);
    tcase_add_test(tc, test_every_place);
    tcase_add_test(tc, test_marks);
    tcase_add_test(tc, test_marked_by_signature);
    tcase_add_test(tc, test_random);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(signature_suite)
