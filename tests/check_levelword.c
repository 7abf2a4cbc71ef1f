/* check_levelword.c -- the level-word scans of importers/common.c
 * (rg_level_word_type, rg_level_is_word) give exactly the answers of the
 * straightforward versions kept below, which they replaced for speed: on
 * every level word with each byte changed to each of the 256 values, with
 * bytes before and after, and on random texts over the bytes that matter
 * (upper-case runs, word bytes, colour codes, NUL, high bytes). Each text is
 * copied to a buffer of its own length, so a sanitizer build catches a read
 * past its end. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/importer.h"
#include "check_util.h"

/* ---- the reference versions, written plainly ---- */

static int ref_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int ref_word(char c)
{
    return (c >= '0' && c <= '9') || ref_upper(c) || (c >= 'a' && c <= 'z') || c == '_';
}

static const char *ref_word_type(const char *s, size_t n)
{
    static const struct {
        const char *word, *type;
    } words[] = {{"ERR", "log.error"},   {"INFO", "log.info"},       {"WARN", "log.warning"},
                 {"CRIT", "log.error"},  {"ERROR", "log.error"},     {"DEBUG", "log.info"},
                 {"FATAL", "log.error"}, {"EMERG", "log.error"},     {"ALERT", "log.error"},
                 {"PANIC", "log.error"}, {"TRACE", "log.info"},      {"SEVERE", "log.error"},
                 {"NOTICE", "log.info"}, {"WARNING", "log.warning"}, {"CRITICAL", "log.error"}};
    size_t i = 0;
    while (i < n) {
        if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '[') {
            i += 2;
            while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
                i++;
            i += i < n;
            continue;
        }
        if (!ref_word(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        int upper = 1;
        while (j < n && ref_word(s[j]))
            upper &= ref_upper(s[j++]);
        for (size_t k = 0; upper && k < sizeof(words) / sizeof(words[0]); k++)
            if (strlen(words[k].word) == j - i && memcmp(words[k].word, s + i, j - i) == 0)
                return words[k].type;
        i = j;
    }
    return NULL;
}

static const char *const level_words[] = {
    "trace",  "debug",   "info",  "information", "notice",   "warn",   "warning",
    "error",  "err",     "fatal", "crit",        "critical", "severe", "panic",
    "dpanic", "alert",   "emerg", "emergency",   "fine",     "finer",  "finest",
    "config", "verbose", "dbug",  "trce",        "fail"};

static int ref_is_word(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof(level_words) / sizeof(level_words[0]); k++) {
        if (strlen(level_words[k]) != n)
            continue;
        size_t i = 0;
        while (i < n && (s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]) == level_words[k][i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* ---- the comparisons ---- */

/* Both scans on text[0..n), from a copy of exactly n bytes. */
static void agree(const char *text, size_t n)
{
    char *copy = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(copy);
    if (n)
        memcpy(copy, text, n);
    const char *got = rg_level_word_type(copy, n), *want = ref_word_type(text, n);
    if (got != want && (!got || !want || strcmp(got, want) != 0))
        ck_abort_msg("rg_level_word_type of %zu bytes '%.*s': %s, want %s", n, (int)n, text,
                     got ? got : "NULL", want ? want : "NULL");
    int is = rg_level_is_word(copy, n), ref_is = ref_is_word(text, n);
    ck_assert_msg(is == ref_is, "rg_level_is_word of %zu bytes '%.*s': %d, want %d", n, (int)n,
                  text, is, ref_is);
    free(copy);
}

START_TEST(test_examples)
{
    static const char *const texts[] = {"INFO health check ok",
                                        "DEBUG feature flag",
                                        "\tat com.example.Handler(x:88)",
                                        "\x1b[31mERROR\x1b[0m boom",
                                        "\x1b[1;2AERROR x",
                                        "\x1b[31",
                                        "\x1b[",
                                        "\x1b",
                                        "x\x1b[mWARN",
                                        "ERRORS ERROR",
                                        "ERROR_ WARN",
                                        "WARN2 INFO",
                                        "INFOx CRIT",
                                        "a-WARN-b",
                                        "CRITICALCRITICAL ERR",
                                        "é ERR",
                                        "\xC3\x89RROR ERR",
                                        "errors 0 ERR",
                                        "",
                                        " ",
                                        "ERR",
                                        "ER",
                                        "ABCDEFGHIJKLMNOP ERR",
                                        "INFO request served in 4 ms",
                                        "INFOS are fine, ERROR later",
                                        "ERROR_CODES listed, then WARN",
                                        "WARNING: disk nearly full",
                                        "CRITICAL: disk is full now!",
                                        "CRITICALS then an ERR here",
                                        "ABCDEFGHIJKLMNOPQ ERROR",
                                        "INFORMATION: an ERROR in it",
                                        "XYZ is not a level but WARN is",
                                        "ERR\xC3\x89 then INFO somewhere",
                                        "DEBUG1 then WARN and more"};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        agree(texts[i], strlen(texts[i]));
    ck_assert_str_eq(rg_level_word_type("\x1b[31mERROR", 10), "log.error");
    ck_assert_ptr_null(rg_level_word_type("\x1b[1;2AERRORx", 12));
    ck_assert_str_eq(rg_level_word_type("x INFO", 6), "log.info");
    ck_assert_int_eq(rg_level_is_word("DBUG", 4), 1);
    ck_assert_int_eq(rg_level_is_word("db-1", 4), 0);
}
END_TEST

/* Every level word, in upper and lower case, with each byte set to each of
 * the 256 values, alone and between other bytes. */
START_TEST(test_every_byte)
{
    for (size_t k = 0; k < sizeof(level_words) / sizeof(level_words[0]); k++) {
        size_t n = strlen(level_words[k]);
        for (int up = 0; up < 2; up++) {
            char text[64];
            text[0] = ' ';
            for (size_t i = 0; i < n; i++)
                text[1 + i] = up ? (char)(level_words[k][i] - 'a' + 'A') : level_words[k][i];
            text[n + 1] = ' ';
            /* text going on past 16 bytes: the first word's fast path */
            memcpy(text + n + 2, "and more text after it", 22);
            agree(text + 1, n);
            for (size_t at = 0; at < n + 2; at++) {
                char keep = text[at];
                for (int b = 0; b < 256; b++) {
                    text[at] = (char)b;
                    agree(text + 1, n);
                    agree(text, n + 2);
                    agree(text, n + 1);
                    agree(text + 1, n + 1);
                    agree(text + 1, n + 23);
                    agree(text, n + 24);
                }
                text[at] = keep;
            }
        }
    }
}
END_TEST

/* Random texts over the bytes that matter, level words and their pieces
 * among them. */
START_TEST(test_random)
{
    static const char *const pieces[] = {
        "INFO", "WARN", "ERR",  "ERROR", "CRITICAL", "WARNING",  "NOTICE",  "EMERG", "DEBUG",
        "info", "Warn", "ERRO", "RROR",  "\x1b[",    "\x1b[31m", "\x1b[0m", "_",     "db-1"};
    static const char alphabet[] = "AZERIWNOCT aez09_-:[]=.\x1b\x01\x80\xC3\xFF\t";
    char text[200];
    unsigned seed = 4242;
    for (int round = 0; round < 300000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 8) % (round % 10 == 0 ? 200 : 24);
        for (size_t i = 0; i < n;) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            if (r < 20) {
                const char *p = pieces[(seed >> 8) % (sizeof(pieces) / sizeof(pieces[0]))];
                for (size_t k = 0; p[k] && i < n; k++)
                    text[i++] = p[k];
            } else {
                text[i++] = r < 21 ? '\0' : alphabet[r % (sizeof(alphabet) - 1)];
            }
        }
        agree(text, n);
    }
}
END_TEST

static Suite *levelword_suite(void)
{
    Suite *s = suite_create("levelword");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_examples);
    tcase_add_test(tc, test_every_byte);
    tcase_add_test(tc, test_random);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(levelword_suite)
