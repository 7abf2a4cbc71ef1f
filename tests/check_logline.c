/* check_logline.c -- what every log importer shares: the one level rule, the
 * log-line reader (JSON with the JSON-lines field table, GELF and CLEF;
 * logfmt; text), the logfmt tokenizer and the removal of ANSI escapes. */
#include <string.h>

#include "../importers/logline.h"
#include "check_importer_util.h"

/* Reads line with rg_logline_read into a fresh event: "shape type actor
 * attrs=k=v;... text=[...]". */
static const char *read_line(rg_arena *a, const char *line)
{
    rg_event *ev = rg_event_new(a);
    ck_assert_ptr_nonnull(ev);
    rg_buf text = {0};
    int shape = rg_logline_read(a, line, strlen(line), ev, &text);
    ck_assert_int_ge(shape, 0);
    const char *out = rg_arena_printf(a, "%s %s actor=%s attrs={%s} text=[%s]",
                                      shape == RG_LOGLINE_JSON     ? "json"
                                      : shape == RG_LOGLINE_LOGFMT ? "logfmt"
                                                                   : "text",
                                      ev->type, ev->actor ? ev->actor : "-", attrs_text(a, ev),
                                      text.data ? text.data : "");
    rg_buf_free(&text);
    return out;
}

START_TEST(level_rule)
{
    ck_assert_str_eq(rg_level_name_type("ERROR", 5), "log.error");
    ck_assert_str_eq(rg_level_name_type("Error", 5), "log.error");
    ck_assert_str_eq(rg_level_name_type("fatal", 5), "log.error");
    ck_assert_str_eq(rg_level_name_type("CRITICAL", 8), "log.error");
    ck_assert_str_eq(rg_level_name_type("SEVERE", 6), "log.error");
    ck_assert_str_eq(rg_level_name_type("fail", 4), "log.error"); /* .NET console */
    ck_assert_str_eq(rg_level_name_type("Warning", 7), "log.warning");
    ck_assert_str_eq(rg_level_name_type("WARN", 4), "log.warning");
    ck_assert_str_eq(rg_level_name_type("Information", 11), "log.info");
    ck_assert_str_eq(rg_level_name_type("debug", 5), "log.info");
    ck_assert_str_eq(rg_level_name_type("custom", 6), "log.info");
    ck_assert_str_eq(rg_level_name_type("errors", 6), "log.info"); /* whole words only */
    ck_assert_str_eq(rg_level_name_type("50", 2), "log.error");    /* pino as text */
    ck_assert_str_eq(rg_level_name_type("40", 2), "log.warning");
    ck_assert_str_eq(rg_level_number_type(60), "log.error");
    ck_assert_str_eq(rg_level_number_type(30), "log.info");
    for (int sev = 0; sev <= 7; sev++)
        ck_assert_str_eq(rg_level_syslog_type(sev), sev <= 3   ? "log.error"
                                                    : sev == 4 ? "log.warning"
                                                               : "log.info");
    ck_assert_str_eq(rg_level_syslog_name(3), "err");
    ck_assert_ptr_null(rg_level_syslog_name(8));
    ck_assert_ptr_null(rg_level_otel_type(0));
    ck_assert_str_eq(rg_level_otel_type(9), "log.info");
    ck_assert_str_eq(rg_level_otel_type(12), "log.info");
    ck_assert_str_eq(rg_level_otel_type(13), "log.warning");
    ck_assert_str_eq(rg_level_otel_type(16), "log.warning");
    ck_assert_str_eq(rg_level_otel_type(17), "log.error");
    ck_assert_str_eq(rg_level_otel_type(24), "log.error");
    ck_assert_ptr_null(rg_level_otel_type(25));
    ck_assert_int_eq(rg_level_is_word("WARN", 4), 1);
    ck_assert_int_eq(rg_level_is_word("[WARN]", 6), 0);
    ck_assert_int_eq(rg_level_is_word("web-1", 5), 0);
}
END_TEST

/* Every word of both level lists, found by its length and packed bytes
 * (common.c), and the words beside them that are not levels. */
START_TEST(level_word_tables)
{
    static const char *const is_word[] = {
        "trace",  "debug",   "info",  "information", "notice",   "warn",   "warning",
        "error",  "err",     "fatal", "crit",        "critical", "severe", "panic",
        "dpanic", "alert",   "emerg", "emergency",   "fine",     "finer",  "finest",
        "config", "verbose", "dbug",  "trce",        "fail"};
    for (size_t i = 0; i < sizeof(is_word) / sizeof(is_word[0]); i++) {
        char up[16];
        size_t n = strlen(is_word[i]);
        for (size_t k = 0; k <= n; k++)
            up[k] = k < n && k % 2 == 0 ? (char)(is_word[i][k] - 'a' + 'A') : is_word[i][k];
        ck_assert_msg(rg_level_is_word(is_word[i], n) == 1, "%s", is_word[i]);
        ck_assert_msg(rg_level_is_word(up, n) == 1, "%s", up);
        /* the word less its last letter: a level word only for "finer" */
        ck_assert_msg(rg_level_is_word(is_word[i], n - 1) == (strcmp(is_word[i], "finer") == 0),
                      "%.*s", (int)n - 1, is_word[i]);
    }
    ck_assert_int_eq(rg_level_is_word("informatio", 10), 0);
    ck_assert_int_eq(rg_level_is_word("wart", 4), 0);
    ck_assert_int_eq(rg_level_is_word("er", 2), 0);
    ck_assert_int_eq(rg_level_is_word("informations", 12), 0);
    static const struct {
        const char *text, *type;
    } word_type[] = {
        {"ERR x", "log.error"},
        {"INFO x", "log.info"},
        {"WARN x", "log.warning"},
        {"CRIT x", "log.error"},
        {"ERROR x", "log.error"},
        {"DEBUG x", "log.info"},
        {"FATAL x", "log.error"},
        {"EMERG x", "log.error"},
        {"ALERT x", "log.error"},
        {"PANIC x", "log.error"},
        {"TRACE x", "log.info"},
        {"SEVERE x", "log.error"},
        {"NOTICE x", "log.info"},
        {"WARNING x", "log.warning"},
        {"CRITICAL x", "log.error"},
        {"x y: FATAL z", "log.error"},
        {"12 INFO ERROR", "log.info"},
        {"INFOS ERROR", "log.error"},
        {"Error WARN", "log.warning"},
        {"ERRORS", NULL},
        {"_ERROR", NULL},
        {"CRITICALX", NULL},
        {"ERROR_CODE", NULL},
        {"ERR2 boom", NULL},
        {"EROR", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof(word_type) / sizeof(word_type[0]); i++) {
        const char *t = rg_level_word_type(word_type[i].text, strlen(word_type[i].text));
        if (word_type[i].type)
            ck_assert_msg(t && strcmp(t, word_type[i].type) == 0, "%s: %s", word_type[i].text,
                          t ? t : "NULL");
        else
            ck_assert_msg(t == NULL, "%s: %s", word_type[i].text, t);
    }
}
END_TEST

START_TEST(ansi)
{
    char s[] = "\x1b[0;32mservice\x1b[0m up \x1b]0;title\x07"
               "done\x1b[K\x1b";
    size_t removed = 0;
    size_t n = rg_ansi_strip(s, strlen(s), &removed);
    s[n] = '\0';
    ck_assert_str_eq(s, "service up done");
    ck_assert_uint_eq(removed, 5);
    char plain[] = "no escapes";
    removed = 0;
    ck_assert_uint_eq(rg_ansi_strip(plain, strlen(plain), &removed), strlen(plain));
    ck_assert_uint_eq(removed, 0);
    /* The level word rule reads through colour codes. */
    ck_assert_str_eq(rg_level_word_type("\x1b[31mERROR\x1b[0m boom", 19), "log.error");
    ck_assert_ptr_null(rg_level_word_type("\x1b[31merrors", 11));
}
END_TEST

START_TEST(json_lines)
{
    rg_arena *a = rg_arena_new();
    ck_assert_str_eq(read_line(a, "{\"level\":\"error\",\"msg\":\"db down\",\"hostname\":\"web-1\","
                                  "\"service\":\"checkout\"}"),
                     "json log.error actor=web-1 attrs={level=error;service=checkout} text=[db "
                     "down]");
    /* pino's numbers; the service is the actor when there is no host. */
    ck_assert_str_eq(read_line(a, "{\"level\":40,\"msg\":\"slow\",\"name\":\"api\"}"),
                     "json log.warning actor=api attrs={level=40;service=api} text=[slow]");
    /* No message field: the whole line, and its level word. */
    ck_assert_str_eq(read_line(a, "{\"event\":\"ERROR in worker\"}"),
                     "json log.error actor=- attrs={} text=[{\"event\":\"ERROR in worker\"}]");
    /* NUL inside a string. */
    ck_assert_str_eq(read_line(a, "{\"msg\":\"a\\u0000b\"}"),
                     "json log.info actor=- attrs={} text=[a\xEF\xBF\xBD"
                     "b]");
    rg_arena_free(a);
}
END_TEST

/* GELF: short_message, a syslog severity in level, full_message after it. */
START_TEST(gelf)
{
    rg_arena *a = rg_arena_new();
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"disk full\",\"full_message\":\"disk full\\nat /var\","
                                  "\"timestamp\":1795183323.52,\"level\":3,\"_unit\":\"pg\"}"),
                     "json log.error actor=db-1 attrs={level=3} text=[disk full\ndisk full\nat "
                     "/var]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"checkpoint\",\"level\":6}"),
                     "json log.info actor=db-1 attrs={level=6} text=[checkpoint]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"slow\",\"level\":4}"),
                     "json log.warning actor=db-1 attrs={level=4} text=[slow]");
    /* a severity written as a string: its digits, not its first digit */
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"x\",\"level\":\"12\"}"),
                     "json log.info actor=db-1 attrs={level=12} text=[x]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"x\",\"level\":\"03\"}"),
                     "json log.error actor=db-1 attrs={level=03} text=[x]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"x\",\"level\":\"4\"}"),
                     "json log.warning actor=db-1 attrs={level=4} text=[x]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"x\",\"level\":\"2x\"}"),
                     "json log.info actor=db-1 attrs={level=2x} text=[x]");
    ck_assert_str_eq(read_line(a, "{\"version\":\"1.1\",\"host\":\"db-1\",\"short_message\":"
                                  "\"x\",\"level\":\"error\"}"),
                     "json log.error actor=db-1 attrs={level=error} text=[x]");
    rg_arena_free(a);
}
END_TEST

/* CLEF: @m as is; @mt rendered as Serilog does; @l absent is Information;
 * @x on its own line. */
START_TEST(clef)
{
    rg_arena *a = rg_arena_new();
    ck_assert_str_eq(read_line(a, "{\"@t\":\"2026-11-20T14:02:03Z\",\"@mt\":\"User {User} paid "
                                  "{Amount} in {@Cart} {Missing} {{literal}} {User:l}\",\"User\":"
                                  "\"ana\",\"Amount\":12.5,\"Cart\":{\"items\":2}}"),
                     "json log.info actor=- attrs={} text=[User \"ana\" paid 12.5 in "
                     "{\"items\":2} {Missing} {literal} ana]");
    ck_assert_str_eq(read_line(a, "{\"@t\":\"2026-11-20T14:02:03Z\",\"@m\":\"Payment failed\","
                                  "\"@mt\":\"Payment {Id} failed\",\"@l\":\"Error\",\"@x\":"
                                  "\"System.Exception: boom\\n   at Pay()\"}"),
                     "json log.error actor=- attrs={level=Error} text=[Payment failed\n"
                     "System.Exception: boom\n   at Pay()]");
    ck_assert_str_eq(read_line(a, "{\"@t\":\"2026-11-20T14:02:03Z\",\"@mt\":\"Disk {Pct}% "
                                  "full\",\"Pct\":91,\"@l\":\"Warning\"}"),
                     "json log.warning actor=- attrs={level=Warning} text=[Disk 91% full]");
    rg_arena_free(a);
}
END_TEST

START_TEST(logfmt_lines)
{
    rg_arena *a = rg_arena_new();
    ck_assert_str_eq(read_line(a, "time=2026-11-20T14:02:03Z level=error msg=\"call \\\"pay\\\" "
                                  "failed\" host=web-2 service=checkout"),
                     "logfmt log.error actor=web-2 attrs={level=error;service=checkout} "
                     "text=[call \"pay\" failed]");
    /* Heroku's router: at=info, but the app answered 503. */
    ck_assert_str_eq(read_line(a, "at=info method=GET path=\"/\" dyno=web.1 status=503 bytes=0"),
                     "logfmt log.error actor=- attrs={level=info} text=[at=info method=GET "
                     "path=\"/\" dyno=web.1 status=503 bytes=0]");
    /* An explicit level wins over the status. */
    ck_assert_str_eq(read_line(a, "level=info msg=\"served\" status=503"),
                     "logfmt log.info actor=- attrs={level=info} text=[served]");
    /* One pair is not logfmt: words with '=' in them are text. */
    ck_assert_str_eq(read_line(a, "ERROR retry=3 exhausted"),
                     "text log.error actor=- attrs={} text=[ERROR retry=3 exhausted]");
    ck_assert_str_eq(read_line(a, "plain words"),
                     "text log.info actor=- attrs={} text=[plain words]");
    rg_arena_free(a);
}
END_TEST

static const char *pairs(rg_arena *a, const char *s)
{
    const char *out = "";
    size_t pos = 0;
    rg_logfmt_pair p;
    while (rg_logfmt_next(s, strlen(s), &pos, &p)) {
        rg_buf v = {0};
        ck_assert_int_eq(rg_logfmt_value(&p, &v), 0);
        out = rg_arena_printf(a, "%s<%.*s%s%s>", out, (int)p.key_len, p.key, p.has_value ? "=" : "",
                              v.data ? v.data : "");
        rg_buf_free(&v);
    }
    return out;
}

START_TEST(logfmt_tokens)
{
    rg_arena *a = rg_arena_new();
    ck_assert_str_eq(pairs(a, "a=1 b=\"x y\" c= d e=\"q\\\"uote\\\\\" f=\"tab\\there\""),
                     "<a=1><b=x y><c=><d><e=q\"uote\\><f=tab\there>");
    /* A quoted word without a key and "=x" are skipped; an unterminated quote
     * runs to the end. */
    ck_assert_str_eq(pairs(a, "\"stray\" k=v =x g=\"open end"), "<k=v><g=open end>");
    ck_assert_str_eq(pairs(a, ""), "");
    ck_assert_int_eq(rg_logfmt_is("time=1 level=info", 17), 1);
    ck_assert_int_eq(rg_logfmt_is("a=1 b=2", 7), 0); /* no level, message or time key */
    ck_assert_int_eq(rg_logfmt_is("words level=info msg=x", 22), 0);
    rg_arena_free(a);
}
END_TEST

static Suite *logline_suite(void)
{
    Suite *s = suite_create("logline");
    TCase *tc = tcase_create("logline");
    tcase_add_test(tc, level_rule);
    tcase_add_test(tc, level_word_tables);
    tcase_add_test(tc, ansi);
    tcase_add_test(tc, json_lines);
    tcase_add_test(tc, gelf);
    tcase_add_test(tc, clef);
    tcase_add_test(tc, logfmt_lines);
    tcase_add_test(tc, logfmt_tokens);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(logline_suite)
