/* check_jsonflat.c -- the tree-less read of a flat JSON line
 * (importers/jsonflat.h; logline.h's rg_logline_flat) offers the fold hook
 * exactly what jansson's tree gives (type, text, actor), declines every
 * line where the two could part, and JSON-lines and journal builds give
 * the same review with it and without it. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../importers/jsonflat.h"
#include "../importers/logline.h"
#include "../importers/prepass.h"
#include "check_build_util.h"
#include "check_util.h"

/* ---- what the fold hook is offered ---- */

static char offered[8192];
static int n_offered;

static int capture(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    snprintf(offered, sizeof(offered), "%s|%.*s|%.*s", f->type, f->actor ? (int)f->actor_len : 1,
             f->actor ? f->actor : "-", (int)f->text_len, f->text);
    n_offered++;
    return 0;
}

/* What one fold offers, as "type|actor|text" (owned: free): of line
 * through rg_logpeek_fold (with its tree o, or NULL: rg_logline_read's
 * way, the walk on or off as flat says), or, with ff, through
 * rg_logpeek_fold_flat. */
static char *offer(const char *line, const json_t *o, const rg_flatfold *ff, int flat)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.diag = &d;
    sink.fold = capture;
    rg_logpeek p;
    memset(&p, 0, sizeof(p));
    int before = n_offered;
    rg_jsonflat_test_off(!flat);
    int rc = ff ? rg_logpeek_fold_flat(&p, &sink, ff, 1, 1)
                : rg_logpeek_fold(&p, &sink, line, strlen(line), o, 0, 1, 1);
    rg_jsonflat_test_off(0);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(n_offered, before + 1);
    rg_logpeek_free(&p);
    rg_diag_free(&d);
    return strdup(offered);
}

/* What the tree gives, or NULL when jansson does not read line as an
 * object (owned: free). */
static char *by_tree(const char *line)
{
    json_error_t err;
    json_t *o = json_loadb(line, strlen(line), JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
    char *got = json_is_object(o) ? offer(line, o, NULL, 0) : NULL;
    json_decref(o);
    return got;
}

/* The same by rg_logline_flat, or NULL when it declines (owned: free). */
static char *by_flat(const char *line)
{
    rg_flatfold ff;
    return rg_logline_flat(line, strlen(line), &ff) ? offer(line, NULL, &ff, 1) : NULL;
}

/* The same by rg_logpeek_fold as the log-store importers call it (no tree:
 * rg_logline_read's, which reads integers as integers), with the flat read
 * on or off (owned: free). */
static char *by_read(const char *line, int flat)
{
    return offer(line, NULL, NULL, flat);
}

/* ---- lines by hand ---- */

typedef struct hand {
    const char *line, *want; /* want: "type|actor|text" */
} hand;

START_TEST(flat_reads_like_the_tree)
{
    static const hand cases[] = {
        /* pino and bunyan: numeric levels, hostname before name */
        {"{\"level\":30,\"time\":1,\"pid\":7,\"hostname\":\"web-1\",\"msg\":\"request done\"}",
         "log.info|web-1|request done"},
        {"{\"level\":40,\"hostname\":\"web-1\",\"msg\":\"slow\"}", "log.warning|web-1|slow"},
        {"{\"level\":50,\"name\":\"cart\",\"msg\":\"boom\"}", "log.error|cart|boom"},
        {"{\"level\":60,\"msg\":\"fatal\"}", "log.error|-|fatal"},
        {"{\"level\":-3,\"msg\":\"x\"}", "log.info|-|x"},
        {"{\"level\":0,\"msg\":\"x\"}", "log.info|-|x"},
        {"{\"level\":123456789012345,\"msg\":\"big\"}", "log.error|-|big"},
        /* zap, logrus, slog: level words */
        {"{\"level\":\"warn\",\"ts\":1.5e9,\"logger\":\"db\",\"msg\":\"retry\"}",
         "log.warning|db|retry"},
        {"{\"level\":\"error\",\"msg\":\"failed\",\"time\":\"2026-11-20T00:00:00Z\"}",
         "log.error|-|failed"},
        {"{\"time\":\"t\",\"level\":\"WARN\",\"msg\":\"disk\",\"service\":\"api\"}",
         "log.warning|api|disk"},
        {"{\"lvl\":\"crit\",\"message\":\"down\"}", "log.error|-|down"},
        {"{\"severity\":\"E\",\"message\":\"e\"}", "log.error|-|e"},
        {"{\"levelname\":\"ERROR\",\"@message\":\"m\"}", "log.error|-|m"},
        {"{\"log.level\":\"warning\",\"message\":\"ecs\",\"host.name\":\"h1\",\"service.name\":"
         "\"s\"}",
         "log.warning|h1|ecs"},
        {"{\"log.logger\":\"L\",\"msg\":\"x\"}", "log.info|L|x"},
        /* no level field: the message's level word, else the line's */
        {"{\"msg\":\"an ERROR here\"}", "log.error|-|an ERROR here"},
        {"{\"msg\":\"all fine\"}", "log.info|-|all fine"},
        {"{\"time\":\"t\",\"text\":\"WARN but no message key\"}",
         "log.warning|-|{\"time\":\"t\",\"text\":\"WARN but no message key\"}"},
        {"{}", "log.info|-|{}"},
        {"  {  \"msg\" :  \"spaced\" ,  \"level\" : \"info\"  }  ", "log.info|-|spaced"},
        /* a level that is a literal is no level: the next key's */
        {"{\"level\":null,\"lvl\":\"error\",\"msg\":\"x\"}", "log.error|-|x"},
        {"{\"level\":true,\"msg\":\"x ERROR\"}", "log.error|-|x ERROR"},
        /* a level with no message: the whole line is the text, the level stays */
        {"{\"level\":\"debug\",\"note\":\"ERROR\"}",
         "log.info|-|{\"level\":\"debug\",\"note\":\"ERROR\"}"},
        /* members named twice: the last */
        {"{\"level\":\"info\",\"msg\":\"a\",\"level\":\"error\",\"msg\":\"b\"}", "log.error|-|b"},
        {"{\"hostname\":\"a\",\"hostname\":\"b\",\"msg\":\"m\"}", "log.info|b|m"},
        /* the actor: host, then service, then logger; a number is none */
        {"{\"host\":7,\"service\":\"svc\",\"msg\":\"m\"}", "log.info|svc|m"},
        {"{\"host\":\"h\",\"hostname\":\"hn\",\"msg\":\"m\"}", "log.info|hn|m"},
        {"{\"logger\":\"lg\",\"name\":\"nm\",\"msg\":\"m\"}", "log.info|nm|m"},
        /* GELF: short_message, a syslog severity, full_message after it */
        {"{\"version\":\"1.1\",\"host\":\"g\",\"short_message\":\"s\",\"level\":3}",
         "log.error|g|s"},
        {"{\"short_message\":\"s\",\"level\":\"4\",\"full_message\":\"more\"}",
         "log.warning|-|s\nmore"},
        /* a severity as a string: its digits (12 is no syslog severity:
         * info), not its first digit; other text a level name */
        {"{\"short_message\":\"s\",\"level\":\"12\"}", "log.info|-|s"},
        {"{\"short_message\":\"s\",\"level\":\"03\"}", "log.error|-|s"},
        {"{\"short_message\":\"s\",\"level\":\"2x\"}", "log.info|-|s"},
        {"{\"short_message\":\"s\",\"level\":\"warning\"}", "log.warning|-|s"},
        {"{\"short_message\":\"no level, ERROR\",\"full_message\":\"\"}",
         "log.error|-|no level, ERROR"},
        {"{\"short_message\":\"s\",\"full_message\":\"WARN below\"}",
         "log.warning|-|s\nWARN below"},
        /* CLEF: @m, @l (absent: Information), @x after it */
        {"{\"@t\":\"t\",\"@m\":\"hello ERROR\"}", "log.info|-|hello ERROR"},
        {"{\"@t\":\"t\",\"@m\":\"m\",\"@l\":\"Warning\",\"@x\":\"trace\"}",
         "log.warning|-|m\ntrace"},
        {"{\"@t\":\"t\",\"@mt\":\"template {A}\",\"msg\":\"plain\"}", "log.info|-|plain"},
        /* objects and arrays of other members are checked, not read */
        {"{\"tags\":[\"a\",1,[],{}],\"msg\":\"x\"}", "log.info|-|x"},
        {"{\"req\":{\"a\":{\"b\":[1,{\"c\":null}]}},\"level\":50,\"msg\":\"m\"}", "log.error|-|m"},
        {"{\"msg\":{\"text\":\"obj\"},\"message\":\"str\"}", "log.info|-|str"},
        {"{\"level\":[\"error\"],\"lvl\":\"warn\",\"msg\":\"m\"}", "log.warning|-|m"},
        {"{\"host\":{\"name\":\"h\"},\"host\":\"last\",\"msg\":\"m\"}", "log.info|last|m"},
        /* member()'s nested lookups: ECS's log, host and service objects */
        {"{\"log.level\":\"info\",\"log\":{\"logger\":\"app\",\"origin\":{\"line\":4}},"
         "\"message\":\"ecs\"}",
         "log.info|app|ecs"},
        {"{\"log\":{\"level\":\"error\",\"level\":\"warn\"},\"msg\":\"x\"}", "log.warning|-|x"},
        {"{\"log\":{\"level\":40},\"msg\":\"x\"}", "log.warning|-|x"},
        {"{\"log.level\":null,\"log\":{\"level\":\"error\"},\"msg\":\"x\"}", "log.info|-|x"},
        {"{\"host\":{\"name\":\"h\"},\"service\":{\"name\":\"s\"},\"msg\":\"x\"}", "log.info|h|x"},
        {"{\"host\":{\"ip\":\"1\"},\"service\":{\"name\":\"s\"},\"msg\":\"x\"}", "log.info|s|x"},
        {"{\"host\":[{\"name\":\"h\"}],\"hostname\":\"hn\",\"msg\":\"x\"}", "log.info|hn|x"},
        {"{\"host.name\":7,\"host\":{\"name\":\"h\"},\"msg\":\"x\"}", "log.info|-|x"},
        {"{\"service\":{\"name\":{\"x\":1}},\"name\":\"n\",\"msg\":\"x\"}", "log.info|n|x"},
        /* UTF-8, as written */
        {"{\"msg\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\"h\xc3\xb4te\":1}",
         "log.info|-|caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"{\"hostname\":\"h\xc3\xb4te\",\"msg\":\"x\"}", "log.info|h\xc3\xb4te|x"},
        /* escapes, decoded as jansson decodes them */
        {"{\"msg\":\"a \\\"quoted\\\" word\"}", "log.info|-|a \"quoted\" word"},
        {"{\"msg\":\"l1\\nl2 ERROR \\/ \\\\ \\t\"}", "log.error|-|l1\nl2 ERROR / \\ \t"},
        {"{\"msg\":\"caf\\u00e9 \\u20AC \\ud83d\\ude00\"}",
         "log.info|-|caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"{\"level\":\"\\u0065rror\",\"hostname\":\"w\\u0065b\",\"msg\":\"x\"}", "log.error|web|x"},
        {"{\"short_message\":\"s\\\"\",\"level\":\"\\u0034\",\"full_message\":\"a\\nb\"}",
         "log.warning|-|s\"\na\nb"},
        /* strings that hold JSON's own signs */
        {"{\"msg\":\"a, b: {c} [d]\",\"x\":\"}\"}", "log.info|-|a, b: {c} [d]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *tree = by_tree(cases[i].line);
        char *flat = by_flat(cases[i].line);
        ck_assert_msg(tree != NULL, "jansson reads case %zu", i);
        ck_assert_msg(flat != NULL, "case %zu declined: %s", i, cases[i].line);
        ck_assert_str_eq(tree, cases[i].want);
        ck_assert_str_eq(flat, cases[i].want);
        free(tree);
        free(flat);
    }
}
END_TEST

START_TEST(flat_declines_what_it_cannot_be_sure_of)
{
    static const char *const lines[] = {
        /* valid JSON the tree reads differently or that needs the tree */
        /* bytes that are not UTF-8, and control bytes */
        "{\"msg\":\"\xff\"}", "{\"msg\":\"\xc0\xaf\"}", "{\"msg\":\"\xed\xa0\x80\"}",
        "{\"msg\":\"\xf4\x90\x80\x80\"}", "{\"msg\":\"\xc3\"}", "{\"msg\":\"\x7f\"}",
        "{\"msg\":\"x\"}\xc3\xa9", "{\"m\xc3\xa9\":\"x\",\"a\":\"\xe2\x82\"}",
        /* escapes left to jansson: in a name, a NUL, surrogates that do
         * not pair, and what is no escape */
        "{\"m\\u0073g\":\"x\"}", "{\"msg\":\"\\u0000\"}", "{\"msg\":\"\\ud83d\"}",
        "{\"msg\":\"\\ude00\"}", "{\"msg\":\"\\ud83d\\u0041\"}", "{\"msg\":\"\\q\"}",
        "{\"msg\":\"\\u12\"}", "{\"msg\":\"\\u12G4\"}", "{\"msg\":\"x\\\"}",
        "{\"a\":\"\\u0000\",\"msg\":\"x\"}", "{\"msg\":\"tab\there\"}", /* a control byte */
        "{\"msg\":\"x\",\t\"level\":\"error\"}",                        /* a tab between members */
        "{\"a\":{\"b\":},\"msg\":\"x\"}",                               /* nested, not JSON */
        "{\"a\":[1,],\"msg\":\"x\"}", "{\"a\":[1 2],\"msg\":\"x\"}", "{\"a\":{\"b\"}}",
        "{\"a\":{1:2}}", "{\"a\":[}", "{\"a\":[{]}",
        "{\"level\":30.5,\"msg\":\"x\"}", /* a level that is a real */
        "{\"level\":1e2,\"msg\":\"x\"}", "{\"level\":-0,\"msg\":\"x\"}",
        "{\"level\":1234567890123456,\"msg\":\"x\"}",             /* 16 digits */
        "{\"@t\":\"t\",\"@mt\":\"hello {Name}\",\"Name\":\"x\"}", /* a template */
        "{\"msg\":\"x\",\"n\":1e400}",                            /* jansson: overflow */
        "{\"msg\":\"x\",\"n\":1e100}",                            /* three exponent digits */
        "{\"msg\":\"x\",\"n\":123456789012345678901}",
        "{\"msg\":\"x\",\"n\":9223372036854775808}", /* over json_int_t */
        /* not JSON */
        "{\"msg\":\"x\",}", "{\"msg\":\"x\"", "{\"msg\":\"x\"} tail", "{\"msg\":01}",
        "{\"msg\":1.}", "{\"msg\":.5}", "{\"msg\":-}", "{\"msg\":1e}", "{\"msg\":tru}",
        "{\"msg\":truex}", "{msg:\"x\"}", "{'msg':'x'}", "{\"msg\" \"x\"}", "{\"msg\":\"x\" \"y\"}",
        "[\"msg\"]", "\"msg\"", "", "{", "{\"a\":1,,\"b\":2}", "{\"a\":1 \"b\":2}"};
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        rg_flatfold ff;
        ck_assert_msg(rg_logline_flat(lines[i], strlen(lines[i]), &ff) == 0, "line %zu read: %s", i,
                      lines[i]);
    }
    /* arrays nested up to 32 deep are walked; deeper, declined */
    for (int depth = 31; depth <= 34; depth++) {
        char deep[200];
        size_t k = (size_t)snprintf(deep, sizeof(deep), "{\"a\":");
        for (int i = 0; i < depth; i++)
            deep[k++] = '[';
        for (int i = 0; i < depth; i++)
            deep[k++] = ']';
        k += (size_t)snprintf(deep + k, sizeof(deep) - k, ",\"msg\":\"x\"}");
        rg_flatfold ff;
        ck_assert_int_eq(rg_logline_flat(deep, k, &ff), depth <= 32);
        char *tree = by_tree(deep);
        ck_assert_str_eq(tree, "log.info|-|x");
        free(tree);
    }
    /* and rg_jsonflat_test_off turns it off */
    rg_flatfold ff;
    ck_assert_int_eq(rg_logline_flat("{\"msg\":\"x\"}", 11, &ff), 1);
    rg_jsonflat_test_off(1);
    ck_assert_int_eq(rg_logline_flat("{\"msg\":\"x\"}", 11, &ff), 0);
    rg_jsonflat_test_off(0);
}
END_TEST

/* ---- random lines ---- */

static uint64_t rnd_state = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return (unsigned)((rnd_state >> 11) % n);
}

static void put(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n < cap) {
        memcpy(buf + *len, s, n);
        *len += n;
        buf[*len] = '\0';
    }
}

/* A line of up to nine members whose keys are mostly the ones the field
 * table reads, their values strings, numbers, literals, now and then nested
 * or escaped; one line in four then has one byte changed, dropped or added. */
static void random_line(char *buf, size_t cap)
{
    static const char *const keys[] = {
        "level",    "lvl",        "severity",     "levelname", "log.level",
        "@l",       "msg",        "message",      "@message",  "short_message",
        "@m",       "@mt",        "full_message", "@x",        "host.name",
        "hostname", "host",       "service.name", "service",   "name",
        "logger",   "log.logger", "time",         "pid",       "",
        "log",      "m\\u0073g",  "Msg",          "x"};
    static const char *const values[] = {
        "\"error\"",
        "\"WARN\"",
        "\"info\"",
        "\"Warning\"",
        "\"E\"",
        "\"3\"",
        "\"12\"",
        "\"\"",
        "\"disk ERROR on sda\"",
        "\"all fine\"",
        "\"web-1\"",
        "\"a, b: {c}\"",
        "\"}\"",
        "\"hello {A}\"",
        "\"FATAL: x\"",
        "30",
        "40",
        "50",
        "-3",
        "0",
        "7",
        "3",
        "123456789012345",
        "1234567890123456",
        "30.5",
        "1e2",
        "-0",
        "2E+1",
        "1.5e9",
        "true",
        "false",
        "null",
        "99999999999999999999",
        "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
        "[]",
        "\"l1\\nl2\"",
        "\"\\u00e9\\u20ac\"",
        "\"\\ud83d\\ude00 ERROR\"",
        "\"\\ud83d\"",
        "\"\\u0000\"",
        "\"\\/\\b\\f\\r\\t\"",
        "\"\\q\"",
        "\"\\u0057ARN\"",
        "\"\xff\"",
        "\"\xed\xa0\x80\"",
        "\"\xe2\x82\xac \xc3\xa9\"",
        "{\"name\":\"inner\",\"logger\":\"lg\",\"level\":\"warn\"}",
        "{\"level\":50,\"name\":7}",
        "[\"x\",{},[true]]",
        "123456789012345678",
        "{}",
        "{\"level\":\"error\"}",
        "[1,2]",
        "\"a\\\"b\"",
        "\"caf\xc3\xa9\""};
    size_t len = 0;
    buf[0] = '\0';
    put(buf, cap, &len, rnd(8) ? "{" : " { ");
    unsigned members = rnd(10);
    for (unsigned i = 0; i < members; i++) {
        if (i)
            put(buf, cap, &len, rnd(6) ? "," : " , ");
        put(buf, cap, &len, "\"");
        put(buf, cap, &len, keys[rnd(sizeof(keys) / sizeof(keys[0]))]);
        put(buf, cap, &len, rnd(6) ? "\":" : "\" : ");
        put(buf, cap, &len, values[rnd(sizeof(values) / sizeof(values[0]))]);
    }
    put(buf, cap, &len, rnd(8) ? "}" : "} ");
    if (rnd(4) == 0 && len > 0) {
        static const char signs[] = ",:{}[]\" \\0e.-a\t";
        size_t at = rnd((unsigned)len);
        switch (rnd(3)) {
        case 0:
            buf[at] = signs[rnd(sizeof(signs) - 1)];
            break;
        case 1:
            memmove(buf + at, buf + at + 1, len - at);
            len--;
            break;
        default:
            if (len + 1 < cap) {
                memmove(buf + at + 1, buf + at, len - at + 1);
                buf[at] = signs[rnd(sizeof(signs) - 1)];
                len++;
            }
        }
    }
}

START_TEST(flat_agrees_on_random_lines)
{
    char line[2048];
    unsigned read = 0, declined_valid = 0, invalid = 0;
    for (int i = 0; i < 200000; i++) {
        random_line(line, sizeof(line));
        char *flat = by_flat(line);
        char *tree = by_tree(line);
        if (flat) {
            ck_assert_msg(tree != NULL, "read a line jansson rejects: %s", line);
            ck_assert_msg(strcmp(flat, tree) == 0, "%s: flat '%s', tree '%s'", line, flat, tree);
            read++;
        } else if (tree) {
            declined_valid++;
        } else {
            invalid++;
        }
        free(flat);
        free(tree);
        char *with = by_read(line, 1), *without = by_read(line, 0);
        ck_assert_msg(strcmp(with, without) == 0, "%s: read '%s' with the flat read, '%s' without",
                      line, with, without);
        free(with);
        free(without);
    }
    /* each kind is well represented, so the comparison means something */
    ck_assert_uint_gt(read, 40000);
    ck_assert_uint_gt(declined_valid, 20000);
    ck_assert_uint_gt(invalid, 20000);
}
END_TEST

/* ---- a whole build ---- */

/* About 30,000 JSON lines of one day: pino, zap, ECS (nested), GELF and
 * CLEF shapes, errors and warnings to keep, escapes, UTF-8, bad UTF-8, a
 * line that is not JSON, lines without a time, and a text line joined to
 * the one before. */
static void write_jsonlines(const char *path, int lines)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const msgs[] = {"request %d served in 12 ms", "payment failed code=%d",
                                       "deployed build %d to canary", "ERROR inside %d",
                                       "cache refreshed keys=%d"};
    unsigned seed = 5;
    for (int i = 0; i < lines; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / lines);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60, v = (int)((seed >> 4) % 5000);
        char msg[80];
        snprintf(msg, sizeof(msg), msgs[(seed >> 12) % 5], v);
        char ts[40];
        snprintf(ts, sizeof(ts), "2026-11-20T%02d:%02d:%02d.%03dZ", hh, mm, ss, v % 1000);
        switch ((seed >> 17) % 10) {
        case 0:
            fprintf(f, "{\"level\":%d,\"time\":\"%s\",\"hostname\":\"web-%d\",\"msg\":\"%s\"}\n",
                    (int)(30 + 10 * ((seed >> 21) % 3)), ts, v % 3, msg);
            break;
        case 1:
            fprintf(f, "{\"level\":\"%s\",\"ts\":\"%s\",\"logger\":\"db\",\"msg\":\"%s\"}\n",
                    (seed >> 21) % 4 ? "info" : "warn", ts, msg);
            break;
        case 2:
            fprintf(f, "{\"@timestamp\":\"%s\",\"log\":{\"level\":\"%s\"},\"message\":\"%s\"}\n",
                    ts, (seed >> 21) % 5 ? "info" : "error", msg);
            break;
        case 3:
            fprintf(f,
                    "{\"timestamp\":\"%s\",\"short_message\":\"%s\",\"level\":%d,"
                    "\"full_message\":\"trace %d\"}\n",
                    ts, msg, (int)((seed >> 21) % 7), v);
            break;
        case 4:
            fprintf(f, "{\"@t\":\"%s\",\"@m\":\"%s\"%s}\n", ts, msg,
                    (seed >> 21) % 3 ? "" : ",\"@l\":\"Warning\"");
            break;
        case 5:
            fprintf(f, "{\"time\":\"%s\",\"msg\":\"quoted \\\"%d\\\" caf\xc3\xa9\"}\n", ts, v);
            break;
        case 6:
            fprintf(f, "{\"time\":\"%s\",\"msg\":\"bad \xff byte %d\",\"level\":\"info\"}\n", ts,
                    v);
            break;
        case 7:
            if (v % 50 == 0)
                fprintf(f, "{\"time\":\"%s\",\"msg\":\"broken\",}\n", ts);
            else if (v % 50 == 1)
                fprintf(f, "{\"msg\":\"no time %d\"}\n", v);
            else if (v % 50 == 2)
                fprintf(f, "    at com.acme.Handler(Handler.java:%d)\n", v);
            else
                fprintf(f, "{\"time\":\"%s\",\"msg\":\"%s\",\"level\":\"info\"}\n", ts, msg);
            break;
        default:
            fprintf(f, "{\"time\":\"%s\",\"level\":\"info\",\"service\":\"api\",\"msg\":\"%s\"}\n",
                    ts, msg);
        }
    }
    fclose(f);
}

START_TEST(flat_build_same_review)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "flat", "build");
    build_manifest(dir, "jsonlines", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_jsonlines(path, 30000);
    rg_jsonflat_test_off(1);
    char *tree = build_text(dir);
    rg_jsonflat_test_off(0);
    char *flat = build_text(dir);
    same_text(flat, tree, "a day of JSON lines");
    ck_assert_ptr_nonnull(strstr(tree, "\"folded\""));
    ck_assert_ptr_nonnull(strstr(tree, "bad-json"));
    free(tree);
    free(flat);
    /* a window of six hours, and the lines the thread could fold outside */
    build_manifest(dir, "jsonlines", "2026-11-20T06:00:00Z", "2026-11-20T12:00:00Z");
    rg_jsonflat_test_off(1);
    tree = build_text(dir);
    rg_jsonflat_test_off(0);
    flat = build_text(dir);
    same_text(flat, tree, "six hours of JSON lines");
    free(tree);
    free(flat);
}
END_TEST

/* A journal export (journalctl -o json) of 20,000 entries of one day in
 * two files that share 1,000 of them, entries built from parts: MESSAGE a
 * string, a byte array, an array of strings, null or missing, or written
 * twice; PRIORITY one digit, two, empty, a number or missing; a host or
 * not; a cursor or an empty one; escapes and UTF-8; json-seq's RS; one
 * line in sixteen then has a byte changed. */
static void write_journal(const char *path, int from, int to)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const msgs[] = {
        "\"request %d served\"", "\"payment failed code=%d\"", "\"deployed build %d\"",
        "\"ERROR inside %d\"",   "\"a \\\"quoted\\\" %d\"",    "\"caf\xc3\xa9 %d\"",
        "[104,105,%d]",          "[\"one %d\",\"two\"]",       "null",
        "\"WARN disk %d\""};
    static const char *const prios[] = {"\"6\"", "\"3\"", "\"4\"", "\"\"", "\"12\"", "3", ""};
    for (int i = from; i < to; i++) {
        /* entry i is the same in both files: one journal exported twice */
        unsigned seed = (unsigned)i * 2654435761u;
        seed = seed * 1103515245u + 12345u;
        long long us = 1795132800000000LL + (long long)i * 4300000LL + (seed >> 8) % 1000;
        int v = (int)((seed >> 4) % 5000);
        char msg[120], line[600];
        snprintf(msg, sizeof(msg), msgs[(seed >> 12) % 10], v % 256);
        const char *prio = prios[(seed >> 16) % 7];
        /* the same cursor in both files is the same entry; an empty one
         * leaves the line as the identity */
        char cursor[32] = "";
        if ((seed >> 20) % 11 != 0)
            snprintf(cursor, sizeof(cursor), "s=1;i=%d", i);
        int k =
            snprintf(line, sizeof(line), "%s{\"__CURSOR\":\"%s\",\"__REALTIME_TIMESTAMP\":\"%lld\"",
                     (seed >> 19) % 13 == 0 ? "\x1e" : "", cursor, us);
        if (*prio)
            k += snprintf(line + k, sizeof(line) - (size_t)k, ",\"PRIORITY\":%s", prio);
        if ((seed >> 23) % 4)
            k += snprintf(line + k, sizeof(line) - (size_t)k, ",\"_HOSTNAME\":\"web-%d\"", v % 3);
        if ((seed >> 25) % 9)
            k += snprintf(line + k, sizeof(line) - (size_t)k, ",\"MESSAGE\":%s", msg);
        if ((seed >> 27) % 17 == 0)
            k += snprintf(line + k, sizeof(line) - (size_t)k, ",\"MESSAGE\":\"again %d\"", v);
        k += snprintf(line + k, sizeof(line) - (size_t)k, ",\"SYSLOG_IDENTIFIER\":\"app\"}");
        if ((seed >> 28) % 50 == 0 && k > 4)
            line[(seed >> 3) % (unsigned)k] = ",:{}\" \\x"[(seed >> 5) % 9];
        fprintf(f, "%s\n", line);
    }
    fclose(f);
}

START_TEST(flat_journal_same_review)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "flat", "journal");
    snprintf(path, sizeof(path), "%s/a.json", dir);
    write_journal(path, 0, 11000);
    snprintf(path, sizeof(path), "%s/b.json", dir);
    write_journal(path, 10000, 20000);
    static const char *const windows[][2] = {{"2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"},
                                             {"2026-11-20T06:00:00Z", "2026-11-20T15:00:00Z"}};
    for (size_t w = 0; w < 2; w++) {
        build_manifest_sources(dir, windows[w][0], windows[w][1],
                               "{\"path\": \"a.json\", \"format\": \"journald\", \"name\": \"a\"}, "
                               "{\"path\": \"b.json\", \"format\": \"journald\", \"name\": \"a\"}");
        rg_jsonflat_test_off(1);
        char *tree = build_text(dir);
        rg_jsonflat_test_off(0);
        char *flat = build_text(dir);
        same_text(flat, tree, w ? "nine hours of journal" : "a day of journal");
        ck_assert_ptr_nonnull(strstr(tree, "\"folded\""));
        ck_assert_ptr_nonnull(strstr(tree, "null-message"));
        ck_assert_ptr_nonnull(strstr(tree, "bad-json"));
        free(tree);
        free(flat);
    }
}
END_TEST

/* The JSON-lines prepass thread (jsonlines.c, prepass.h): a day of about
 * 12 MiB of the shapes above, the whole day and 21 hours in the window. */
START_TEST(flat_jsonlines_same_with_thread)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "flat", "thread");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_jsonlines(path, 130000);
    build_manifest(dir, "jsonlines", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    free(builds_agree(dir, 8000, "a day of JSON lines")); /* the ring's lines, at least */
    /* a window the thread still starts for (8 MiB to read), and lines after it */
    build_manifest(dir, "jsonlines", "2026-11-20T00:00:00Z", "2026-11-20T21:00:00Z");
    free(builds_agree(dir, 8000, "21 hours of JSON lines"));
}
END_TEST

static Suite *flat_suite(void)
{
    Suite *s = suite_create("logline_flat");
    TCase *tc = tcase_create("logline_flat");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, flat_reads_like_the_tree);
    tcase_add_test(tc, flat_declines_what_it_cannot_be_sure_of);
    tcase_add_test(tc, flat_agrees_on_random_lines);
    tcase_add_test(tc, flat_build_same_review);
    tcase_add_test(tc, flat_journal_same_review);
    suite_add_tcase(s, tc);
    /* a case of its own, which `make tsan` runs alone (CK_RUN_CASE) */
    TCase *th = tcase_create("thread");
    tcase_set_timeout(th, 60);
    tcase_add_test(th, flat_jsonlines_same_with_thread);
    suite_add_tcase(s, th);
    return s;
}

RG_CHECK_MAIN(flat_suite)
