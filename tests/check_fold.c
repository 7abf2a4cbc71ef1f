/* check_fold.c -- names and words compared ignoring case and accents through
 * utf8proc: composed and decomposed spellings, letters without a
 * decomposition, word boundaries, edit distance and "did you mean". */
#include <string.h>

#include "alloc.h"
#include "check_util.h"
#include "fold.h"

static void fold_is(const char *in, const char *want)
{
    char *got = rg_fold(in, strlen(in));
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    rg_free(got);
}

START_TEST(test_fold)
{
    fold_is("Nguyễn Đức Minh", "nguyen duc minh");
    /* the same name in NFD: e + combining circumflex + combining tilde */
    fold_is("Nguye\xCC\x82\xCC\x83n \xC4\x90u\xCC\x9B\xCC\x81\x63 Minh", "nguyen duc minh");
    fold_is("  NGUYEN\t DUC\nMINH ", "nguyen duc minh");
    fold_is("đặng", "dang");
    fold_is("Søren Łukasz", "soren lukasz");
    fold_is("Straße", "strasse");
    fold_is("ＡＢＣ", "abc");         /* fullwidth: compatibility decomposition */
    fold_is("a\xE2\x80\x93z", "a-z"); /* an en dash is lumped to '-' */
    fold_is("", "");
    /* not UTF-8: ASCII folded, the other bytes kept */
    fold_is("AB\xFF"
            "C",
            "ab\xFF"
            "c");
    ck_assert(rg_fold_equal("Katrin Vogel", "katrin VOGEL"));
    ck_assert(rg_fold_equal("Nguyen Duc Minh", "Nguyễn Đức Minh"));
    ck_assert(!rg_fold_equal("Linh Tran", "Linh Tan"));
}
END_TEST

START_TEST(test_words)
{
    ck_assert(rg_fold_has_word("@minh, please take comms", "minh"));
    ck_assert(rg_fold_has_word("@minh, please take comms", "@minh"));
    ck_assert(!rg_fold_has_word("minhtran please", "minh"));
    ck_assert(!rg_fold_has_word("aminh", "minh"));
    ck_assert(rg_fold_has_word("thanks, đức!", "đức"));
    ck_assert(!rg_fold_has_word("anything", ""));
    ck_assert(rg_fold_has_word("minh.nguyen is here", "minh.nguyen"));
}
END_TEST

START_TEST(test_distance)
{
    ck_assert_uint_eq(rg_edit_distance("kitten", "sitting"), 3);
    ck_assert_uint_eq(rg_edit_distance("Vogel", "Vogle"), 1); /* a swap */
    ck_assert_uint_eq(rg_edit_distance("", "abc"), 3);
    ck_assert_uint_eq(rg_edit_distance("Đức", "Đúc"), 1); /* characters, not bytes */
    char longer[300];
    memset(longer, 'a', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    ck_assert_uint_eq(rg_edit_distance(longer, "a"), (size_t)-1);
    ck_assert(rg_fold_near("Katrin Vogl", "Katrin Vogel"));
    ck_assert(rg_fold_near("Minh", "Nguyễn Đức Minh")); /* a shared word */
    ck_assert(!rg_fold_near("Linh Tran", "Katrin Vogel"));
    ck_assert(!rg_fold_near("nguyen duc minh", "Nguyễn Đức Minh")); /* a match */
}
END_TEST

static Suite *fold_suite(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");
    tcase_add_test(tc, test_fold);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_distance);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(fold_suite)
