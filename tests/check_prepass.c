/* check_prepass.c -- the thread that works log lines out ahead of their
 * importer (importers/prepass.h): it hands over exactly the record of the
 * line asked for, or nothing; it starts only where it is worth it and not
 * with REVIEWGEN_THREADS=1; and a whole-day build of a syslog, a text log,
 * an access log and a logfmt log gives the same review.json and warnings
 * with it (every line it could take taken, or racing as it does) as without
 * it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../importers/prepass.h"
#include "../importers/split.h"
#include "../reviewgen/build.h"
#include "check_build_util.h"
#include "check_util.h"

/* ---- the ring ---- */

typedef struct rec {
    uint64_t sum;
    uint32_t n;
} rec;

/* The test's work: a checksum of the line; lines starting with '#' have no
 * record. */
static int work(void *ctx, const char *s, size_t n, void *out)
{
    (void)ctx;
    if (n && s[0] == '#')
        return 0;
    rec *r = out;
    for (size_t i = 0; i < n; i++)
        r->sum = r->sum * 31 + (unsigned char)s[i];
    r->n = (uint32_t)n;
    return 1;
}

/* A file of `lines` lines "line N xxxx..." (CRLF every 7th, '#' every 11th,
 * one of 1.5 MiB at line `long_at`), about 100 bytes each. Returns its
 * size and fills offs[]/lens[] with each line's offset and length (CR
 * excluded). */
static size_t write_lines(const char *path, size_t lines, size_t long_at, uint64_t *offs,
                          size_t *lens)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    size_t off = 0;
    for (size_t i = 0; i < lines; i++) {
        char buf[160];
        int n;
        if (i == long_at) {
            offs[i] = off;
            size_t len = ((size_t)3 << 19);
            for (size_t k = 0; k < len; k++)
                fputc('L', f);
            fputc('\n', f);
            lens[i] = len;
            off += len + 1;
            continue;
        }
        n = snprintf(buf, sizeof(buf), "%sline %zu %.*s", i % 11 == 0 ? "#" : "", i,
                     (int)(40 + i % 50),
                     "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-_");
        offs[i] = off;
        lens[i] = (size_t)n;
        fwrite(buf, 1, (size_t)n, f);
        if (i % 7 == 0) {
            fputs("\r\n", f);
            off += (size_t)n + 2;
        } else {
            fputc('\n', f);
            off += (size_t)n + 1;
        }
    }
    fclose(f);
    return off;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

#define LINES 120000

/* The test's thread on path, started and waited for until its ring is full. */
static rg_prepass *start_waited(const char *path)
{
    unsetenv("REVIEWGEN_THREADS");
    rg_prepass_test_wait(1);
    rg_prepass *p = rg_prepass_start(path, 0, 0, work, NULL, 0, sizeof(rec));
    rg_prepass_test_wait(0);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* Waiting for the thread to fill its ring, the first 8,192 lines (less the
 * '#' ones) are all taken, each with its own record; then every line asked
 * gets its record or nothing, never another line's. */
START_TEST(test_records_exact)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "ring");
    snprintf(path, sizeof(path), "%s/lines.txt", dir);
    static uint64_t offs[LINES];
    static size_t lens[LINES];
    size_t size = write_lines(path, LINES, 50000, offs, lens);
    ck_assert_uint_gt(size, RG_PREPASS_MIN_BYTES);
    size_t len;
    char *text = read_all(path, &len);
    ck_assert_uint_eq(len, size);
    uint64_t t0, m0;
    rg_prepass_counts(&t0, &m0);
    rg_prepass *p = start_waited(path);
    size_t hits = 0, first_hits = 0;
    for (size_t i = 0; i < LINES; i++) {
        if (i % 5 == 3)
            continue; /* lines may be skipped */
        const rec *r = rg_prepass_take(p, offs[i], text + offs[i], lens[i]);
        if (i < 8000 && i % 11 != 0)
            ck_assert_msg(r != NULL, "line %zu not taken", i);
        if (i % 11 == 0 || i == 50000)
            ck_assert_msg(r == NULL, "line %zu has no record but got one", i);
        if (!r)
            continue;
        rec want = {0, 0};
        work(NULL, text + offs[i], lens[i], &want);
        ck_assert_uint_eq(r->sum, want.sum);
        ck_assert_uint_eq(r->n, want.n);
        hits++;
        first_hits += i < 8000;
    }
    rg_prepass_stop(p);
    uint64_t t1, m1;
    rg_prepass_counts(&t1, &m1);
    ck_assert_uint_eq(t1 - t0, hits);
    size_t want_first = 0;
    for (size_t i = 0; i < 8000; i++)
        want_first += i % 5 != 3 && i % 11 != 0;
    ck_assert_uint_eq(first_hits, want_first);
    free(text);
}
END_TEST

/* A record is only handed over for its own line: another length, other
 * first or last bytes at the same offset get nothing. */
START_TEST(test_mismatch)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "mismatch");
    snprintf(path, sizeof(path), "%s/lines.txt", dir);
    static uint64_t offs[LINES];
    static size_t lens[LINES];
    write_lines(path, LINES, LINES, offs, lens);
    size_t len;
    char *text = read_all(path, &len);
    rg_prepass *p = start_waited(path);
    ck_assert_ptr_null(rg_prepass_take(p, offs[1], text + offs[1], lens[1] - 1));
    char copy[200];
    memcpy(copy, text + offs[2], lens[2]);
    copy[0] ^= 1;
    ck_assert_ptr_null(rg_prepass_take(p, offs[2], copy, lens[2]));
    memcpy(copy, text + offs[3], lens[3]);
    copy[lens[3] - 1] ^= 1;
    ck_assert_ptr_null(rg_prepass_take(p, offs[3], copy, lens[3]));
    ck_assert_ptr_nonnull(rg_prepass_take(p, offs[4], text + offs[4], lens[4]));
    /* an offset between lines: nothing, and the next line still comes */
    ck_assert_ptr_null(rg_prepass_take(p, offs[5] + 1, text + offs[5] + 1, lens[5] - 1));
    ck_assert_ptr_nonnull(rg_prepass_take(p, offs[6], text + offs[6], lens[6]));
    rg_prepass_stop(p);
    free(text);
}
END_TEST

/* Where the thread does not start: turned off, a small file, a range under
 * the minimum, a folder, a missing file, a record too large. Stopping NULL is
 * fine, and stopping a thread that waits on a full ring ends it. */
START_TEST(test_when_it_starts)
{
    char dir[256], path[300], small[300];
    build_scratch(dir, sizeof(dir), "prepass", "starts");
    snprintf(path, sizeof(path), "%s/lines.txt", dir);
    snprintf(small, sizeof(small), "%s/small.txt", dir);
    static uint64_t offs[LINES];
    static size_t lens[LINES];
    size_t size = write_lines(path, LINES, LINES, offs, lens);
    write_lines(small, 1000, 1000, offs, lens);
    setenv("REVIEWGEN_THREADS", "1", 1);
    ck_assert_ptr_null(rg_prepass_start(path, 0, 0, work, NULL, 0, sizeof(rec)));
    unsetenv("REVIEWGEN_THREADS");
    ck_assert_ptr_null(rg_prepass_start(small, 0, 0, work, NULL, 0, sizeof(rec)));
    ck_assert_ptr_null(
        rg_prepass_start(path, size - RG_PREPASS_MIN_BYTES + 1, 0, work, NULL, 0, sizeof(rec)));
    ck_assert_ptr_null(rg_prepass_start(path, 0, size + 1, work, NULL, 0, sizeof(rec)));
    ck_assert_ptr_null(rg_prepass_start(dir, 0, 0, work, NULL, 0, sizeof(rec)));
    ck_assert_ptr_null(
        rg_prepass_start("build/test-scratch/no-such-file", 0, 0, work, NULL, 0, sizeof(rec)));
    ck_assert_ptr_null(rg_prepass_start(path, 0, 0, work, NULL, 0, RG_PREPASS_REC_MAX + 1));
    char big[RG_PREPASS_CTX_MAX + 1] = {0};
    ck_assert_ptr_null(rg_prepass_start(path, 0, 0, work, big, sizeof(big), sizeof(rec)));
    rg_prepass_stop(NULL);
    rg_prepass *p = start_waited(path);
    rg_prepass_stop(p); /* its ring is full: it waits, and ends when told */
}
END_TEST

/* ---- a whole-day syslog build, with and without the thread ---- */

/* About 10 MiB of syslog of one day in every shape the importer reads:
 * RFC 3164 with and without host and tag, PRI lines, RFC 5424 with
 * structured data, rsyslog's RFC 3339, level words, marked words, numbers
 * and ids, '#', continuation lines, repeats, blank lines, CRLF, bad UTF-8,
 * NUL bytes, a line over 64 KiB and lines out of order. */
static void write_syslog(const char *path)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const msgs[] = {
        "INFO request completed method=GET path=/api/cart status=200 took_ms=%d",
        "WARN slow query took_ms=%d table=orders",
        "ERROR payment failed code=%d upstream=payments-db id=a3f9%d",
        "DEBUG cache refreshed keys=%d",
        "INFO deployed build %d to canary",
        "INFO service restarted after %d tries",
        "connection reset by peer #%d",
        "Error rate ok (%d)",
        "INFO caf\xc3\xa9 order %d \xff\xfe bad bytes",
        "INFO   spaced   out   %d",
    };
    unsigned seed = 7;
    for (int i = 0; i < 110000; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / 110000);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60;
        const char *msg = msgs[(seed >> 8) % (sizeof(msgs) / sizeof(msgs[0]))];
        int v = (int)((seed >> 4) % 5000);
        switch ((seed >> 16) % 12) {
        case 0:
            fprintf(f,
                    "<%d>Nov 20 %02d:%02d:%02d web-%d app[%d]: ", (int)((seed >> 20) % 24) * 8 + 3,
                    hh, mm, ss, v % 4, v);
            break;
        case 1:
            fprintf(f,
                    "<165>1 2026-11-20T%02d:%02d:%02d.%03dZ web-%d app %d ID%d [ex@32473 k=\"v\"] ",
                    hh, mm, ss, v % 1000, v % 4, v, v % 9);
            break;
        case 2:
            fprintf(f, "2026-11-20T%02d:%02d:%02d.%06d+00:00 web-%d app: ", hh, mm, ss, v, v % 4);
            break;
        case 3:
            fprintf(f, "Nov 20 %02d:%02d:%02d kernel: ", hh, mm, ss);
            break;
        default:
            fprintf(f, "Nov 20 %02d:%02d:%02d web-%d checkout[%d]: ", hh, mm, ss, v % 4, v);
        }
        fprintf(f, msg, v, v);
        switch (i % 97) {
        case 5:
            fputs("\r\n", f);
            break;
        case 9:
            fputs("\n    at handler (app.js:12)\n\tat main\n", f);
            break;
        case 13:
            fprintf(f, "\nNov 20 %02d:%02d:%02d web-1 syslogd: last message repeated %d times\n",
                    hh, mm, ss, v % 9 + 1);
            break;
        case 17:
            fputs("\n\n   \n", f);
            break;
        case 21:
            fputs(" with a NUL \0 inside\n", f);
            fputc('\0', f);
            fputc('\n', f);
            break;
        case 33:
            fputc(' ', f);
            for (int k = 0; k < 70000; k++)
                fputc("ab1 "[k % 4], f);
            fputc('\n', f);
            break;
        case 41:
            fprintf(f, "\nNov 20 %02d:%02d:%02d web-2 app[1]: INFO out of order line\n",
                    hh > 0 ? hh - 1 : 0, mm, ss);
            break;
        default:
            fputc('\n', f);
        }
    }
    fclose(f);
}

START_TEST(test_build_same_with_thread)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "build");
    build_manifest(dir, "syslog", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_syslog(path);
    /* The file is big enough to be split between two threads (split.h,
     * tested by check_split): here it is read with the prepass. */
    rg_split_test_set(UINT64_MAX, 0, 0);
    char *alone = builds_agree(dir, 8000, "a day"); /* the ring's lines, at least */
    ck_assert_ptr_nonnull(strstr(alone, "\"folded\""));
    free(alone);

    /* a window of six hours: lines outside it are counted, not worked on */
    build_manifest(dir, "syslog", "2026-11-20T06:00:00Z", "2026-11-20T12:00:00Z");
    alone = builds_agree(dir, 4000, "six hours"); /* the ring's lines in the window */
    ck_assert_ptr_nonnull(strstr(alone, "\"outside_window\": "));
    ck_assert_ptr_null(strstr(alone, "\"outside_window\": 0,"));
    free(alone);
    rg_split_test_set(0, 0, 0);
}
END_TEST

/* About 10 MiB of text log of one day in the built-in shapes (log4j,
 * Spring Boot, Python, zap, nginx, Apache, glog), with colour escapes,
 * stack traces, a bad time, level words in the message, marked words,
 * numbers and ids, bad UTF-8 and CRLF. */
static void write_textlog(const char *path)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const msgs[] = {
        "request %d served in 12 ms",    "payment failed code=%d upstream=payments-db id=a3f9%d",
        "deployed build %d to canary",   "ERROR inside a message %d",
        "caf\xc3\xa9 order %d \xff bad", "cache refreshed keys=%d",
    };
    static const char *const levels[] = {"INFO", "WARN", "ERROR", "DEBUG", "info", "error"};
    unsigned seed = 11;
    for (int i = 0; i < 120000; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / 120000);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60, v = (int)((seed >> 4) % 5000);
        const char *lv = levels[(seed >> 9) % 6];
        const char *msg = msgs[(seed >> 12) % 6];
        switch ((seed >> 17) % 8) {
        case 0:
            fprintf(f, "2026-11-20 %02d:%02d:%02d,%03d %s [main-%d] com.acme.Svc - ", hh, mm, ss,
                    v % 1000, lv, v % 7);
            break;
        case 1:
            fprintf(f, "2026-11-20T%02d:%02d:%02d.%03dZ %5s %d --- [nio-%d] c.a.Web : ", hh, mm, ss,
                    v % 1000, lv, v, v % 9);
            break;
        case 2:
            fprintf(f, "2026-11-20 %02d:%02d:%02d,%03d - app.db - %s - ", hh, mm, ss, v % 1000, lv);
            break;
        case 3:
            fprintf(f, "2026/11/20 %02d:%02d:%02d [%s] %d#0: ", hh, mm, ss,
                    v % 2 ? "error" : "warn", v);
            break;
        case 4:
            fprintf(f, "[Fri Nov 20 %02d:%02d:%02d 2026] [%s] ", hh, mm, ss,
                    v % 2 ? "error" : "notice");
            break;
        case 5:
            fprintf(f, "%c1120 %02d:%02d:%02d.%06d %d main.go:%d] ", "IWEF"[v % 4], hh, mm, ss, v,
                    v, v % 300);
            break;
        case 6:
            fprintf(f, "\x1b[32m2026-11-20 %02d:%02d:%02d,%03d\x1b[0m %s [main] com.acme.Svc - ",
                    hh, mm, ss, v % 1000, lv);
            break;
        default:
            fprintf(f, "2026-11-20T%02d:%02d:%02d.%03dZ\t%s\tsvc/handler.go:%d\t", hh, mm, ss,
                    v % 1000, v % 2 ? "info" : "error", v % 90);
        }
        fprintf(f, msg, v, v);
        switch (i % 89) {
        case 3:
            fputs("\r\n", f);
            break;
        case 7:
            fputs("\njava.lang.IllegalStateException: boom\n\tat com.acme.Svc.run(Svc.java:42)\n",
                  f);
            break;
        case 11:
            fputs("\n\n", f);
            break;
        case 19:
            fprintf(f, "\n2026-13-45 %02d:%02d:%02d,000 INFO [main] x - bad month\n", hh, mm, ss);
            break;
        default:
            fputc('\n', f);
        }
    }
    fclose(f);
}

/* The same comparison for a text log: the thread works out the built-in
 * shapes (lines with colour escapes are read on the importer's thread). */
START_TEST(test_textlog_same_with_thread)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "textlog");
    build_manifest(dir, "textlog", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_textlog(path);
    /* the ring's lines, less the coloured ones */
    char *alone = builds_agree(dir, 7000, "a text log");
    ck_assert_ptr_nonnull(strstr(alone, "\"folded\""));
    free(alone);
}
END_TEST

/* About 10 MiB of access log of one day in every shape the importer reads:
 * combined, common, vhost_combined, nginx's with X-Forwarded-For, other
 * offsets, escaped and raw quotes in the request, status "-", bytes "-",
 * 5xx and 4xx, marked words, numbers and ids, a bad time, garbage, colour
 * escapes, bad UTF-8, NUL bytes, a line over 64 KiB, a request over the
 * fold's 512 bytes, blank lines, CRLF and lines out of order. */
static void write_access(const char *path)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const reqs[] = {
        "GET /api/cart?id=%d HTTP/1.1",
        "POST /api/checkout HTTP/1.1",
        "GET /static/app.%d.js HTTP/2.0",
        "GET /?q=\\\"quoted %d\\\" HTTP/1.1",
        "GET /?q=<script>alert(\"x%d\")</script> HTTP/1.0",
        "POST /admin/deploy/%d HTTP/1.1",
        "GET /caf\xc3\xa9/%d \xff\xfe HTTP/1.1",
        "GET /search?q=a%%20b&page=%d HTTP/1.1",
    };
    static const char *const mon = "Nov";
    static const int statuses[] = {200, 200, 200, 304, 404, 429, 500, 503, 502, 201};
    unsigned seed = 13;
    for (int i = 0; i < 48000; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / 48000);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60, v = (int)((seed >> 4) % 5000);
        char req[200];
        snprintf(req, sizeof(req), reqs[(seed >> 9) % 8], v);
        int status = statuses[(seed >> 13) % 10];
        char when[40];
        if ((seed >> 18) % 9 == 0) /* the same instant in another offset */
            snprintf(when, sizeof(when), "20/%s/2026:%02d:%02d:%02d +0130", mon, hh, mm, ss);
        else
            snprintf(when, sizeof(when), "20/%s/2026:%02d:%02d:%02d +0000", mon, hh, mm, ss);
        switch ((seed >> 21) % 7) {
        case 0: /* common */
            fprintf(f, "10.0.%d.%d - - [%s] \"%s\" %d %d", v % 256, v % 7, when, req, status, v);
            break;
        case 1: /* vhost_combined, a user, bytes "-" */
            fprintf(
                f, "shop-%d.example.com:443 10.1.0.%d - alice [%s] \"%s\" %d - \"-\" \"curl/8.%d\"",
                v % 3, v % 256, when, req, status, v % 9);
            break;
        case 2: /* nginx with X-Forwarded-For */
            fprintf(f,
                    "10.2.0.%d - bob [%s] \"%s\" %d %d \"https://shop.example.com/p/%d\" "
                    "\"Mozilla/5.0 (X11)\" \"203.0.113.%d\"",
                    v % 256, when, req, status, v * 3, v, v % 200);
            break;
        case 3: /* status "-" */
            fprintf(f, "10.3.0.%d - - [%s] \"%s\" - 0", v % 256, when, req);
            break;
        default: /* combined */
            fprintf(f,
                    "10.4.%d.%d - - [%s] \"%s\" %d %d \"https://shop.example.com/\" "
                    "\"Mozilla/5.0 (X11; Linux x86_64) Chrome/121.0\"",
                    v % 256, v % 9, when, req, status, 200 + v);
        }
        switch (i % 83) {
        case 3:
            fputs("\r\n", f);
            break;
        case 7: /* a bad time, garbage, a truncated write */
            fprintf(f,
                    "\n10.9.9.9 - - [32/Nov/2026:%02d:%02d:%02d +0000] \"GET / HTTP/1.1\" 200 1\n",
                    hh, mm, ss);
            fputs("garbage that is no access line\n10.9.9.9 - - [20/Nov/2026:01:02", f);
            fputc('\n', f);
            break;
        case 11:
            fputs("\n\n  \n", f);
            break;
        case 19: /* colour escapes: the importer's own */
            fprintf(f,
                    "\n\x1b[31m10.5.0.1 - - [20/Nov/2026:%02d:%02d:%02d +0000] \"GET /red "
                    "HTTP/1.1\" 500 12\x1b[0m\n",
                    hh, mm, ss);
            break;
        case 23: /* NUL bytes in the request */
            fprintf(f, "\n10.6.0.1 - - [20/Nov/2026:%02d:%02d:%02d +0000] \"GET /nul", hh, mm, ss);
            fputc('\0', f);
            fputs("here HTTP/1.1\" 503 1\n", f);
            break;
        case 29: /* a request over the fold's 512 bytes, and one over 64 KiB */
            fprintf(f, "\n10.7.0.1 - - [20/Nov/2026:%02d:%02d:%02d +0000] \"GET /", hh, mm, ss);
            for (int k = 0; k < (i % 830 == 29 ? 70000 : 900); k++)
                fputc("ab1/"[k % 4], f);
            fputs(" HTTP/1.1\" 502 7\n", f);
            break;
        case 41: /* an hour back: out of order */
            fprintf(f,
                    "\n10.8.0.1 - - [20/Nov/2026:%02d:%02d:%02d +0000] \"GET /late HTTP/1.1\" "
                    "504 0\n",
                    hh > 0 ? hh - 1 : 0, mm, ss);
            break;
        default:
            fputc('\n', f);
        }
    }
    fclose(f);
}

START_TEST(test_access_same_with_thread)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "access");
    build_manifest(dir, "access", "2026-11-19T12:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_access(path);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_ge(st.st_size, 10 << 20);
    /* the ring's lines, less the coloured and the long ones */
    char *alone = builds_agree(dir, 7000, "an access log");
    ck_assert_ptr_nonnull(strstr(alone, "\"folded\""));
    ck_assert_ptr_nonnull(strstr(alone, "bad-line"));
    ck_assert_ptr_nonnull(strstr(alone, "utf8"));
    ck_assert_ptr_nonnull(strstr(alone, "ansi"));
    free(alone);
}
END_TEST

/* About 10 MiB of logfmt of one day in every shape the importer reads:
 * logrus, go-kit, epoch and zone-less times, "timestamp"/"severity", a
 * Heroku router line (5xx by its status) and drain lines holding words or
 * JSON, lines without "msg", escaped messages and actors (the importer
 * folds those), empty values, bare keys, marked words, numbers and ids,
 * no time, a bad time, continuation lines, colour escapes, bad UTF-8, valid
 * UTF-8, NUL bytes, a line over 64 KiB, blank lines, CRLF and lines out of
 * order. */
static void write_logfmt(const char *path)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const msgs[] = {
        "request %d served in 12 ms",  "payment failed code=%d upstream=payments-db id=a3f9%d",
        "deployed build %d to canary", "ERROR inside a message %d",
        "caf\xc3\xa9 order %d",        "bad \xff byte %d",
        "cache refreshed keys=%d",     "quoted \\\"inner\\\" %d",
    };
    static const char *const levels[] = {"info", "warn", "error", "debug", "INFO", "\"err\""};
    unsigned seed = 17;
    for (int i = 0; i < 62000; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / 62000);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60, v = (int)((seed >> 4) % 5000);
        const char *lv = levels[(seed >> 9) % 6];
        char msg[120];
        snprintf(msg, sizeof(msg), msgs[(seed >> 12) % 8], v, v);
        switch ((seed >> 17) % 10) {
        case 0: /* go-kit */
            fprintf(f, "ts=2026-11-20T%02d:%02d:%02d.%03dZ caller=main.go:%d level=%s msg=\"%s\"",
                    hh, mm, ss, v % 1000, v % 300, lv, msg);
            break;
        case 1: /* epoch seconds, lvl, message */
            fprintf(f, "t=%lld.%03d lvl=%s message=\"%s\" component=db", 1795132800LL + sec,
                    v % 1000, lv, msg);
            break;
        case 2: /* timestamp, severity, no msg */
            fprintf(f, "timestamp=2026-11-20T%02d:%02d:%02dZ severity=%s path=/api/%d status=200",
                    hh, mm, ss, lv, v % 40);
            break;
        case 3: /* the Heroku router: 5xx by its status */
            fprintf(f,
                    "2026-11-20T%02d:%02d:%02d.%06d+00:00 heroku[router]: at=info method=GET "
                    "path=\"/p/%d\" host=shop.example.com status=%d service=%dms",
                    hh, mm, ss, v, v, v % 3 ? 200 : 503, v % 900);
            break;
        case 4: /* a drain line of words, and one of JSON */
            if (v % 2)
                fprintf(f, "2026-11-20T%02d:%02d:%02d+00:00 app[web.%d]: %s", hh, mm, ss, v % 3,
                        msg);
            else
                fprintf(f,
                        "2026-11-20T%02d:%02d:%02d+00:00 app[web.%d]: {\"level\":\"warn\","
                        "\"msg\":\"json %d\"}",
                        hh, mm, ss, v % 3, v);
            break;
        case 5: /* an escaped actor, an empty host, a bare key */
            fprintf(f, "time=\"2026-11-20T%02d:%02d:%02dZ\" level=%s msg=\"%s\" host=\"%s\" debug",
                    hh, mm, ss, lv, msg, v % 2 ? "web\\\\1" : "");
            break;
        case 6: /* zone-less */
            fprintf(f, "time=\"2026-11-20 %02d:%02d:%02d\" level=%s msg=\"%s\" app=cart", hh, mm,
                    ss, lv, msg);
            break;
        default: /* logrus */
            fprintf(f,
                    "time=\"2026-11-20T%02d:%02d:%02d.%03dZ\" level=%s msg=\"%s\" "
                    "service=checkout host=web-%d trace=%08x",
                    hh, mm, ss, v % 1000, lv, msg, v % 4, seed);
        }
        switch (i % 89) {
        case 3:
            fputs("\r\n", f);
            break;
        case 7: /* a stack trace joins the line before */
            fputs("\ngoroutine 1 [running]:\n\tmain.go:42 +0x1d\n", f);
            break;
        case 11:
            fputs("\n\n  \n", f);
            break;
        case 19: /* no time, a bad time */
            fprintf(f, "\nlevel=info msg=\"no time %d\"\n", v);
            fprintf(f, "time=\"2026-13-45T%02d:%02d:%02dZ\" level=info msg=\"bad month\"\n", hh, mm,
                    ss);
            break;
        case 23: /* colour escapes: the importer's own */
            fprintf(
                f, "\n\x1b[31mtime=\"2026-11-20T%02d:%02d:%02dZ\" level=error msg=\"red\"\x1b[0m\n",
                hh, mm, ss);
            break;
        case 29: /* NUL bytes */
            fprintf(f, "\ntime=\"2026-11-20T%02d:%02d:%02dZ\" level=error msg=\"nul", hh, mm, ss);
            fputc('\0', f);
            fputs("here\"\n", f);
            break;
        case 31: /* a line over 64 KiB, now and then */
            if (i % 890 != 31) {
                fputc('\n', f);
                break;
            }
            fprintf(f, "\ntime=\"2026-11-20T%02d:%02d:%02dZ\" level=warn msg=\"", hh, mm, ss);
            for (int k = 0; k < 70000; k++)
                fputc("ab1 "[k % 4], f);
            fputs("\"\n", f);
            break;
        case 41: /* an hour back: out of order */
            fprintf(f, "\ntime=\"2026-11-20T%02d:%02d:%02dZ\" level=info msg=\"late line\"\n",
                    hh > 0 ? hh - 1 : 0, mm, ss);
            break;
        default:
            fputc('\n', f);
        }
    }
    fclose(f);
}

START_TEST(test_logfmt_same_with_thread)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "logfmt");
    build_manifest(dir, "logfmt", "2026-11-19T12:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    write_logfmt(path);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_ge(st.st_size, 10 << 20);
    /* the ring's lines, less the coloured and the long ones */
    char *alone = builds_agree(dir, 7000, "a logfmt log");
    ck_assert_ptr_nonnull(strstr(alone, "\"folded\""));
    ck_assert_ptr_nonnull(strstr(alone, "no-time"));
    ck_assert_ptr_nonnull(strstr(alone, "bad-time"));
    ck_assert_ptr_nonnull(strstr(alone, "joined"));
    ck_assert_ptr_nonnull(strstr(alone, "utf8"));
    free(alone);
}
END_TEST

/* Folded logfmt lines of valid UTF-8 with bytes over 0x7F leave nothing in
 * the build's arena, with the thread off as with it: such a line is its own
 * clean copy (before, each left a copy of itself). */
START_TEST(test_logfmt_utf8_bounded)
{
    char dir[256], path[300];
    build_scratch(dir, sizeof(dir), "prepass", "logfmt-utf8");
    build_manifest(dir, "logfmt", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, sizeof(path), "%s/app.log", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    for (int i = 0; i < 100000; i++) {
        int sec = (int)((long long)i * 86000 / 100000);
        fprintf(f,
                "time=\"2026-11-20T%02d:%02d:%02dZ\" level=info msg=\"caf\xc3\xa9 order %d "
                "\xe2\x82\xac\" host=web-%d\n",
                sec / 3600, sec / 60 % 60, sec % 60, i, i % 4);
    }
    fclose(f);
    for (int threads = 1; threads <= 2; threads++) {
        if (threads == 1)
            setenv("REVIEWGEN_THREADS", "1", 1);
        else
            unsetenv("REVIEWGEN_THREADS");
        rg_build b;
        rg_diag d;
        rg_diag_init(&d);
        rg_build_opts o = {0};
        o.dir = dir;
        ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
        ck_assert_uint_eq(b.logsum.n_folded, 100000);
        ck_assert_uint_lt(rg_arena_used(b.arena), 1024 * 1024);
        rg_build_free(&b);
        rg_diag_free(&d);
    }
}
END_TEST

static Suite *prepass_suite(void)
{
    Suite *s = suite_create("prepass");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_records_exact);
    tcase_add_test(tc, test_mismatch);
    tcase_add_test(tc, test_when_it_starts);
    tcase_add_test(tc, test_build_same_with_thread);
    tcase_add_test(tc, test_textlog_same_with_thread);
    tcase_add_test(tc, test_access_same_with_thread);
    tcase_add_test(tc, test_logfmt_same_with_thread);
    tcase_add_test(tc, test_logfmt_utf8_bounded);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(prepass_suite)
