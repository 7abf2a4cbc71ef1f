/* genlogs.c -- writes the benchmark's logs: a syslog file and a JSON-lines file
 * spanning 30 days, about 2% errors, with an error burst in the incident window;
 * and, one at a time, a gzipped syslog, an access log and a journald export.
 *
 * usage: genlogs DIR [SYSLOG_MIB [JSON_MIB]]   (default 512 and 512: 1 GiB in all)
 *        genlogs --one KIND PATH MIB [DAYS]     (KIND: syslog, syslog-rfc3339,
 *                                                syslog-gz, jsonlines, access,
 *                                                journald; MIB of log before
 *                                                compression; DAYS: the last DAYS of
 *                                                the 30, 30 by default)
 * The first writes DIR/app.log and DIR/app.jsonl; both print the incident window
 * as "FROM TO" (RFC 3339) on standard output. Deterministic: same sizes, same
 * bytes. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "gencommon.h"

/* 2026-10-22T00:00:00Z .. 2026-11-21T00:00:00Z (--one DAYS: the last DAYS
 * of it, 1 being 2026-11-20); the incident window is 2026-11-20T13:00:00Z ..
 * 17:00:00Z, its burst of errors 14:00 .. 15:30. */
#define END_S INT64_C(1795219200)
static int64_t start_s = END_S - INT64_C(30) * 86400;
static int64_t span_s = INT64_C(30) * 86400;
#define WINDOW_FROM_S INT64_C(1795179600)
#define WINDOW_TO_S (WINDOW_FROM_S + 4 * 3600)
#define BURST_FROM_S (WINDOW_FROM_S + 3600)
#define BURST_TO_S (WINDOW_FROM_S + 3600 * 5 / 2)

static const char *const hosts[] = {"web-1", "web-2", "web-3", "web-4", "db-1", "cache-1"};
static const char *const apps[] = {"checkout", "payments", "cart", "search", "auth"};
static const char *const info_msgs[] = {
    "request completed method=GET path=/api/cart status=200",
    "request completed method=POST path=/api/checkout status=201",
    "cache refreshed keys=4096 took_ms=12",
    "health check ok upstream=payments-db",
    "session created user_id=48213 region=ap-southeast-1",
    "scheduled job finished job=reindex items=120394",
};
static const char *const debug_msgs[] = {
    "connection pool stats active=12 idle=20 waiting=0",
    "feature flag evaluated flag=new_checkout value=true",
};
static const char *const warn_msgs[] = {
    "slow query took_ms=1204 table=orders",
    "retrying request attempt=2 upstream=payments-api",
};
static const char *const error_msgs[] = {
    "payment authorisation failed code=504 upstream=payments-db latency_ms=5012",
    "database connection refused host=payments-db:5432",
    "unhandled exception in handler path=/api/checkout",
};

/* The level of a line at second t: 2% errors, 5% warnings, 13% debug; 40%
 * errors during the burst. */
static int level_at(int64_t t)
{
    unsigned r = pick(1000);
    unsigned err = t >= BURST_FROM_S && t < BURST_TO_S ? 400 : 20;
    if (r < err)
        return 3;
    if (r < err + 50)
        return 2;
    if (r < err + 50 + 130)
        return 0;
    return 1;
}

static const char *message(int level)
{
    switch (level) {
    case 0:
        return debug_msgs[pick(2)];
    case 2:
        return warn_msgs[pick(2)];
    case 3:
        return error_msgs[pick(3)];
    default:
        return info_msgs[pick(6)];
    }
}

static int syslog_line(char *buf, size_t cap, int64_t us)
{
    static const char *const words[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    int level = level_at(t);
    return snprintf(buf, cap, "%s %2d %02d:%02d:%02d %s %s[%u]: %s %s\n%s", mon[tm.tm_mon],
                    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, hosts[pick(6)], apps[pick(5)],
                    1000 + pick(9000), words[level], message(level),
                    level == 3 ? "\tat com.example.checkout.Handler.charge(Handler.java:88)\n"
                               : "");
}

/* rsyslog's RSYSLOG_FileFormat (its high-precision template, the default of
 * current distributions): an RFC 3339 time with microseconds and the offset,
 * then the same host, tag and message as syslog_line. */
static int syslog3339_line(char *buf, size_t cap, int64_t us)
{
    static const char *const words[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    int level = level_at(t);
    return snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%06d+00:00 %s %s[%u]: %s %s\n%s",
                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                    (int)(us % 1000000), hosts[pick(6)], apps[pick(5)], 1000 + pick(9000),
                    words[level], message(level),
                    level == 3 ? "\tat com.example.checkout.Handler.charge(Handler.java:88)\n"
                               : "");
}

static int json_line(char *buf, size_t cap, int64_t us)
{
    static const char *const levels[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    time_t t = (time_t)(us / 1000000);
    struct tm tm;
    gmtime_r(&t, &tm);
    int level = level_at(t);
    return snprintf(buf, cap,
                    "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\",\"level\":\"%s\","
                    "\"hostname\":\"%s\",\"service\":\"%s\",\"pid\":%u,\"msg\":\"%s\","
                    "\"trace_id\":\"%016" PRIx64 "\"}\n",
                    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                    (int)(us / 1000 % 1000), levels[level], hosts[pick(6)], apps[pick(5)],
                    1000 + pick(9000), message(level), next());
}

/* nginx's combined format; nginx writes a line when a request ends, so the
 * times are a little out of order (up to 2 s back). 5xx where syslog would
 * have an error, 4xx where it would have a warning. */
static int access_line(char *buf, size_t cap, int64_t us)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const char *const paths[] = {"/api/cart", "/api/checkout", "/static/app.js",
                                        "/api/search?q=shoes", "/healthz"};
    time_t t = (time_t)(us / 1000000) - (time_t)pick(3);
    struct tm tm;
    gmtime_r(&t, &tm);
    int level = level_at(t);
    int status = level == 3 ? 500 + (int)pick(5) : level == 2 ? (pick(2) ? 404 : 429) : 200;
    return snprintf(buf, cap,
                    "10.%u.%u.%u - - [%02d/%s/%04d:%02d:%02d:%02d +0000] \"GET %s HTTP/1.1\" %d %u "
                    "\"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64) "
                    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36\"\n",
                    pick(256), pick(256), pick(256), tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
                    tm.tm_hour, tm.tm_min, tm.tm_sec, paths[pick(5)], status, 200 + pick(60000));
}

/* journalctl -o json: every value a string, the sender's time last (the
 * importer looks for it first, so this is its longer path). */
static int journald_line(char *buf, size_t cap, int64_t us)
{
    static uint64_t seq;
    static const int prio[] = {7, 6, 4, 3};
    int level = level_at((time_t)(us / 1000000));
    seq++;
    return snprintf(buf, cap,
                    "{\"__CURSOR\":\"s=0dc874d3fbd44bdbb6fbcfaa27481492;i=%" PRIx64
                    ";b=e991dd5775894620914f2f7126aae6c1;m=%" PRIx64 ";t=%" PRIx64
                    ";x=9ceeb77ef4331563\",\"__REALTIME_TIMESTAMP\":\"%" PRId64
                    "\",\"__MONOTONIC_TIMESTAMP\":\"%" PRIu64
                    "\",\"_BOOT_ID\":\"0dc874d3fbd44bdbb6fbcfaa27481492\",\"PRIORITY\":\"%d\","
                    "\"_HOSTNAME\":\"%s\",\"SYSLOG_FACILITY\":\"3\",\"_UID\":\"0\",\"_GID\":\"0\","
                    "\"_TRANSPORT\":\"stdout\",\"SYSLOG_IDENTIFIER\":\"%s\",\"_PID\":\"%u\","
                    "\"_COMM\":\"%s\",\"_SYSTEMD_UNIT\":\"%s.service\",\"MESSAGE\":\"%s\","
                    "\"_SOURCE_REALTIME_TIMESTAMP\":\"%" PRId64 "\"}\n",
                    seq, seq * 1000, (uint64_t)us, us + 300, seq * 997, prio[level], hosts[pick(6)],
                    apps[pick(5)], 1000 + pick(9000), apps[pick(5)], apps[pick(5)], message(level),
                    us);
}

/* Writes about `bytes` bytes of lines spread evenly over the 30 days (syslog
 * errors are followed by a tab-indented stack-trace line); gz: through zlib
 * at level 1 (the bytes count what is written before compression). */
static int write_file_to(const char *path, uint64_t bytes, int (*line)(char *, size_t, int64_t),
                         int gz);

static int write_file(const char *path, uint64_t bytes, int (*line)(char *, size_t, int64_t))
{
    return write_file_to(path, bytes, line, 0);
}

static int write_file_to(const char *path, uint64_t bytes, int (*line)(char *, size_t, int64_t),
                         int gz)
{
    char buf[1024];
    uint64_t sample = 0;
    for (int i = 0; i < 1000; i++)
        sample += (uint64_t)line(buf, sizeof(buf), start_s * 1000000);
    uint64_t n_lines = bytes / (sample / 1000);
    if (n_lines == 0)
        n_lines = 1;
    int64_t step_us = span_s * 1000000 / (int64_t)n_lines;
    if (step_us < 1)
        step_us = 1;
    FILE *f = gz ? NULL : fopen(path, "wb");
    gzFile z = gz ? gzopen(path, "wb1") : NULL;
    if (!f && !z) {
        perror(path);
        return -1;
    }
    static char out[1 << 20];
    if (f)
        setvbuf(f, out, _IOFBF, sizeof(out));
    else
        gzbuffer(z, 1 << 20);
    int64_t us = start_s * 1000000;
    /* By time, not by bytes: the lines' mean length is only estimated from a
     * sample, and a file that ended a little early (1.4 % for journald's
     * longer late lines) would miss the incident window near the span's end.
     * The file is then about `bytes` long, give or take a few percent. */
    const int64_t end_us = (start_s + span_s) * 1000000;
    while (us < end_us) {
        int n = line(buf, sizeof(buf), us + (int64_t)(next() % (uint64_t)step_us));
        if (n < 0 || (size_t)n >= sizeof(buf))
            n = (int)strlen(buf);
        if (f)
            fwrite(buf, 1, (size_t)n, f);
        else
            gzwrite(z, buf, (unsigned)n);
        us += step_us;
    }
    if (f ? fclose(f) != 0 : gzclose(z) != Z_OK) {
        perror(path);
        return -1;
    }
    return 0;
}

/* One file of one kind; its window is the first hour of the error burst. */
static int one(const char *kind, const char *path, uint64_t mib)
{
    int rc;
    if (strcmp(kind, "syslog-gz") == 0)
        rc = write_file_to(path, mib << 20, syslog_line, 1);
    else if (strcmp(kind, "syslog") == 0)
        rc = write_file(path, mib << 20, syslog_line);
    else if (strcmp(kind, "syslog-rfc3339") == 0)
        rc = write_file(path, mib << 20, syslog3339_line);
    else if (strcmp(kind, "jsonlines") == 0)
        rc = write_file(path, mib << 20, json_line);
    else if (strcmp(kind, "access") == 0)
        rc = write_file(path, mib << 20, access_line);
    else if (strcmp(kind, "journald") == 0)
        rc = write_file(path, mib << 20, journald_line);
    else {
        fprintf(stderr, "genlogs: unknown kind '%s'\n", kind);
        return 2;
    }
    if (rc != 0)
        return 1;
    print_window(BURST_FROM_S, BURST_FROM_S + 3600);
    putchar('\n');
    return 0;
}

int main(int argc, char **argv)
{
    if ((argc == 5 || argc == 6) && strcmp(argv[1], "--one") == 0) {
        if (argc == 6) {
            int64_t days = strtoll(argv[5], NULL, 10);
            if (days < 1 || days > 30) {
                fprintf(stderr, "genlogs: DAYS is 1 to 30\n");
                return 2;
            }
            span_s = days * 86400;
            start_s = END_S - span_s;
        }
        return one(argv[2], argv[3], strtoull(argv[4], NULL, 10));
    }
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: genlogs DIR [SYSLOG_MIB [JSON_MIB]]\n");
        return 2;
    }
    uint64_t syslog_mib = argc > 2 ? strtoull(argv[2], NULL, 10) : 512;
    uint64_t json_mib = argc > 3 ? strtoull(argv[3], NULL, 10) : 512;
    char path[4096];
    snprintf(path, sizeof(path), "%s/app.log", argv[1]);
    if (write_file(path, syslog_mib << 20, syslog_line) != 0)
        return 1;
    snprintf(path, sizeof(path), "%s/app.jsonl", argv[1]);
    if (write_file(path, json_mib << 20, json_line) != 0)
        return 1;
    print_window(WINDOW_FROM_S, WINDOW_TO_S);
    putchar('\n');
    return 0;
}
