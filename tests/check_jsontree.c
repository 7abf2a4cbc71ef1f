/* check_jsontree.c -- our lexer's tree (importers/jsontree.h) is jansson's
 * tree, value for value and member for member, for every text it reads;
 * it declines every text jansson rejects and the cases it leaves to
 * jansson; and it reads the records real exports are made of (a Slack
 * message as Slack writes it, pretty-printed) rather than declining them. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/jsontree.h"
#include "check_util.h"

/* The text's tree both ways, as compact JSON (member order kept, reals
 * with every digit, 1 and 1.0 told apart): NULL when ours declined. When it
 * did not, jansson must read the text too and give the same. */
static char *ours_checked(const char *s, size_t n, size_t flags)
{
    json_t *mine = rg_jsontree_load(s, n, flags);
    if (!mine)
        return NULL;
    json_error_t err;
    json_t *theirs = json_loadb(s, n, flags, &err);
    if (!theirs)
        ck_abort_msg("read '%.*s' (flags %zx), which jansson rejects: %s", (int)n, s, flags,
                     err.text);
    size_t dump = JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17);
    char *a = json_dumps(mine, dump), *b = json_dumps(theirs, dump);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    if (strcmp(a, b) != 0)
        ck_abort_msg("'%.*s' (flags %zx): ours %s, jansson's %s", (int)n, s, flags, a, b);
    ck_assert_int_eq(json_typeof(mine), json_typeof(theirs));
    free(b);
    json_decref(mine);
    json_decref(theirs);
    return a;
}

static int reads(const char *s, size_t flags)
{
    char *a = ours_checked(s, strlen(s), flags);
    free(a);
    return a != NULL;
}

static void gives(const char *s, const char *want)
{
    char *a = ours_checked(s, strlen(s), JSON_DECODE_ANY);
    ck_assert_msg(a != NULL, "declined '%s'", s);
    ck_assert_str_eq(a, want);
    free(a);
}

START_TEST(test_values)
{
    gives("{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}",
          "{\"a\":1,\"b\":[true,false,null],\"c\":\"x\"}");
    /* white space of every kind between tokens, none inside them */
    gives(" \n\t{ \"a\" :\r\n [ 1 , 2 ] }\n ", "{\"a\":[1,2]}");
    gives("-0", "0");
    gives("123456789012345678", "123456789012345678");
    gives("-1.5e3", "-1500.0");
    gives("2E-2", "0.02");
    gives("1e-400", "0.0"); /* underflow is no error in jansson */
    gives("0.1", "0.10000000000000001");
    /* the last of a name written twice, at the first one's place */
    gives("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
    gives("\"tab\\t quote\\\" slash\\/ u\\u00e9 pair\\ud83d\\ude00\"",
          "\"tab\\t quote\\\" slash/ u\xc3\xa9 pair\xf0\x9f\x98\x80\"");
    gives("\"caf\xc3\xa9 \x7f\"", "\"caf\xc3\xa9 \x7f\"");
    gives("[]", "[]");
    gives("{}", "{}");
    /* integers as reals when asked */
    char *a = ours_checked("[7, -0]", 7, JSON_DECODE_INT_AS_REAL);
    ck_assert_str_eq(a, "[7.0,-0.0]");
    free(a);
}
END_TEST

/* What jansson rejects, and what is left to it though it may read it. */
START_TEST(test_declines)
{
    static const char *const texts[] = {
        "",
        "   ",
        "{",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "01",
        "1.",
        "-",
        ".5",
        "1e",
        "1e+",
        "tru",
        "nul",
        "True",
        "\"open",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"nul \\u0000 inside\"",
        "\"lone \\udc00 low\"",
        "\"high \\ud800 alone\"",
        "\"high \\ud800\\u0041\"",
        "\"tab\tinside\"",
        "\"bad \xc3 utf-8\"",
        "\"overlong \xc0\xaf\"",
        "\"surrogate \xed\xa0\x80\"",
        "{\"na\\u006de\":1}",  /* a name with an escape */
        "1234567890123456789", /* 19 digits */
        "1e400",
        "-1e400",
        "[1] x",
        "{} {}",
        "\xef\xbb\xbf{}", /* a BOM */
    };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        ck_assert_msg(!reads(texts[i], JSON_DECODE_ANY | JSON_ALLOW_NUL), "read '%s'", texts[i]);
    /* a scalar at the top without JSON_DECODE_ANY, flags it does not know */
    ck_assert(!reads("1", 0));
    ck_assert(reads("[1]", 0));
    ck_assert(!reads("{\"a\":1}", JSON_REJECT_DUPLICATES));
    /* 64 levels are read, 65 declined; far deeper costs no stack */
    char deep[300000];
    for (int depth = 64; depth <= 65; depth++) {
        memset(deep, '[', (size_t)depth);
        memset(deep + depth, ']', (size_t)depth);
        deep[2 * depth] = '\0';
        ck_assert_int_eq(reads(deep, 0), depth == 64);
    }
    memset(deep, '[', sizeof(deep) - 1);
    deep[sizeof(deep) - 1] = '\0';
    ck_assert_ptr_null(rg_jsontree_load(deep, sizeof(deep) - 1, 0));
    /* never past n: the text cut inside a literal, a number, a string */
    ck_assert_ptr_null(rg_jsontree_load("[true]", 3, 0));
    ck_assert_ptr_null(rg_jsontree_load("[12]", 2, 0));
    ck_assert_ptr_null(rg_jsontree_load("[\"ab\"]", 4, 0));
    rg_jsontree_test_off(1);
    ck_assert(!reads("[1]", 0));
    rg_jsontree_test_off(0);
    ck_assert(reads("[1]", 0));
}
END_TEST

/* A message as Slack's export writes it (indented four spaces a level) is
 * read, not declined: the records the lexer is for. */
START_TEST(test_slack_message)
{
    const char *msg = "{\n"
                      "    \"client_msg_id\": \"0f2c7a4e-0000-4c4b-9a1e-2f7b1c9d0a11\",\n"
                      "    \"type\": \"message\",\n"
                      "    \"text\": \"rolling back <https://deploy.example.com|deploy 42> "
                      "\\u2014 caf\xc3\xa9\",\n"
                      "    \"user\": \"U01ABCDEF\",\n"
                      "    \"ts\": \"1795176000.000200\",\n"
                      "    \"team\": \"T01ABCDEF\",\n"
                      "    \"user_profile\": {\n"
                      "        \"real_name\": \"Linh Tran\",\n"
                      "        \"is_restricted\": false\n"
                      "    },\n"
                      "    \"blocks\": [\n"
                      "        {\n"
                      "            \"type\": \"rich_text\",\n"
                      "            \"elements\": []\n"
                      "        }\n"
                      "    ],\n"
                      "    \"reply_count\": 3,\n"
                      "    \"edited\": null\n"
                      "}";
    ck_assert(reads(msg, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL));
}
END_TEST

/* ---- random texts, most of them JSON ---- */

static unsigned seed = 2026;

static unsigned rnd(unsigned n)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) % n;
}

typedef struct text {
    char b[4096];
    size_t n;
} text;

static void put(text *t, const char *s)
{
    size_t k = strlen(s);
    if (t->n + k < sizeof(t->b))
        memcpy(t->b + t->n, s, k), t->n += k;
}

static void space(text *t)
{
    static const char *const ws[] = {"", "", "", " ", "\n    ", "\t", "\r\n"};
    put(t, ws[rnd(7)]);
}

static void string(text *t)
{
    static const char *const bits[] = {
        "a", "Z", " ", "9", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r", "\\u00e9",
        "\\u20AC", "\\ud83d\\ude00", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x7f", "#",
        "=", "{", "]", ",", ":",
        /* rare: what jansson rejects or we leave to it */
        "\\u0000", "\\udc00", "\\ud800", "\t", "\xc3", "\xff", "\\q", "\x01"};
    put(t, "\"");
    unsigned len = rnd(12);
    for (unsigned i = 0; i < len; i++) {
        unsigned r = rnd(100);
        put(t, bits[r < 97 ? rnd(25) : 25 + rnd(8)]);
    }
    put(t, "\"");
}

static void number(text *t)
{
    char buf[64];
    int k = 0;
    if (rnd(3) == 0)
        buf[k++] = '-';
    unsigned digits = rnd(5) == 0 ? 1 + rnd(22) : 1 + rnd(6);
    for (unsigned i = 0; i < digits; i++)
        buf[k++] = (char)('0' + (i == 0 && digits > 1 ? 1 + rnd(9) : rnd(10)));
    if (rnd(3) == 0) {
        buf[k++] = '.';
        for (unsigned i = 0, f = 1 + rnd(8); i < f; i++)
            buf[k++] = (char)('0' + rnd(10));
    }
    if (rnd(4) == 0) {
        buf[k++] = rnd(2) ? 'e' : 'E';
        if (rnd(2))
            buf[k++] = rnd(2) ? '+' : '-';
        for (unsigned i = 0, e = 1 + rnd(3); i < e; i++)
            buf[k++] = (char)('0' + rnd(10));
    }
    buf[k] = '\0';
    put(t, buf);
}

static void value(text *t, int depth)
{
    unsigned r = rnd(depth > 4 ? 6 : 9);
    switch (r) {
    case 0:
    case 1:
        string(t);
        break;
    case 2:
    case 3:
        number(t);
        break;
    case 4:
        put(t, rnd(2) ? "true" : "false");
        break;
    case 5:
        put(t, "null");
        break;
    case 6:
    case 7: {
        static const char *const names[] = {"\"ts\"", "\"text\"",        "\"user\"",    "\"a\"",
                                            "\"\"",   "\"caf\xc3\xa9\"", "\"k\\u0041\""};
        put(t, "{");
        for (unsigned i = 0, m = rnd(5); i < m; i++) {
            if (i)
                put(t, ",");
            space(t);
            put(t, names[rnd(20) == 0 ? 6 : rnd(6)]);
            space(t);
            put(t, ":");
            space(t);
            value(t, depth + 1);
            space(t);
        }
        put(t, "}");
        break;
    }
    default:
        put(t, "[");
        for (unsigned i = 0, m = rnd(5); i < m; i++) {
            if (i)
                put(t, ",");
            space(t);
            value(t, depth + 1);
            space(t);
        }
        put(t, "]");
    }
}

/* 200,000 texts, a tenth of them then cut or with one byte changed, under
 * each set of flags the streaming reader uses: every text ours reads is
 * jansson's tree; and ours reads most of the texts jansson does, so the
 * comparison is not of a lexer that declines everything. */
START_TEST(test_random)
{
    static const size_t flag_sets[] = {JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL,
                                       JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, 0};
    long both = 0, theirs_only = 0;
    for (int round = 0; round < 200000; round++) {
        text t = {.n = 0};
        space(&t);
        value(&t, 0);
        space(&t);
        if (round % 10 == 0 && t.n > 1) {
            if (rnd(2))
                t.n = 1 + rnd((unsigned)t.n - 1);
            else
                t.b[rnd((unsigned)t.n)] = "{}[]\",:0a\\ \x80"[rnd(12)];
        }
        size_t flags = flag_sets[round % 3];
        char *a = ours_checked(t.b, t.n, flags);
        json_error_t err;
        json_t *j = json_loadb(t.b, t.n, flags, &err);
        if (a)
            both++;
        else if (j)
            theirs_only++;
        free(a);
        json_decref(j);
    }
    ck_assert_msg(both > 10 * theirs_only, "ours read %ld texts, left %ld jansson reads", both,
                  theirs_only);
}
END_TEST

static Suite *jsontree_suite(void)
{
    Suite *s = suite_create("jsontree");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_values);
    tcase_add_test(tc, test_declines);
    tcase_add_test(tc, test_slack_message);
    tcase_add_test(tc, test_random);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(jsontree_suite)
