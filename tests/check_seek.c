/* check_seek.c -- a sorted log with a window is entered by binary search
 * (README, "Seek, don't scan"): exactly the events of a full scan, far fewer
 * bytes read; unsorted, gzip and pipe inputs fall back to the scan. The full
 * scan it is compared with is the same importer without a window, its events
 * cut to the window here. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "../importers/linereader.h"
#include "check_importer_util.h"

extern const rg_importer rg_importer_syslog;
extern const rg_importer rg_importer_jsonlines;

/* 2026-11-20T00:00:00Z */
#define DAY0 INT64_C(1795132800)
#define MAX_EVENTS 220000

/* What a generated log looks like. */
typedef struct shape {
    long n;          /* records over the day, evenly spaced */
    int per_second;  /* when > 0: this many records share each second, from 00:00:00 */
    int cont;        /* continuation lines after each record */
    int crlf;        /* "\r\n" line ends */
    int json;        /* JSON lines instead of syslog */
    int halves;      /* the afternoon first, then the morning (not in order) */
    int bsd;         /* RFC 3164 stamps: no year, no fraction */
    long plain_from; /* lines without a time inserted before this record (with plain_n) */
    long plain_n;
    int64_t start; /* when non-zero: the first record's second (else DAY0) */
    int64_t span;  /* when non-zero: the seconds the records spread over (else a day) */
} shape;

static int64_t rec_time(const shape *sh, long i)
{
    if (sh->per_second > 0)
        return (DAY0 + i / sh->per_second) * 1000000;
    long k = i;
    if (sh->halves)
        k = i < sh->n / 2 ? i + sh->n / 2 : i - sh->n / 2;
    int64_t start = sh->start ? sh->start : DAY0, span = sh->span ? sh->span : 86400;
    return start * 1000000 + (int64_t)k * (span * 1000000 / sh->n);
}

static void write_line(FILE *f, const shape *sh, const char *s)
{
    fputs(s, f);
    fputs(sh->crlf ? "\r\n" : "\n", f);
}

static void write_log(const char *path, const shape *sh)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    char line[256], when[40];
    for (long i = 0; i < sh->n; i++) {
        if (i == sh->plain_from)
            for (long p = 0; p < sh->plain_n; p++) {
                snprintf(line, sizeof(line), "    plain text line %ld without a time", p);
                write_line(f, sh, line);
            }
        int64_t at = rec_time(sh, i);
        time_t s = (time_t)(at / 1000000);
        struct tm tm;
        gmtime_r(&s, &tm);
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
        const char *level = i % 50 == 0 ? "ERROR" : i % 7 == 0 ? "WARN" : "INFO";
        if (sh->json)
            snprintf(line, sizeof(line),
                     "{\"time\":\"%s.%06dZ\",\"level\":\"%s\",\"msg\":\"request %ld done\"}", when,
                     (int)(at % 1000000), level, i);
        else if (sh->bsd) {
            strftime(when, sizeof(when), "%b %d %H:%M:%S", &tm);
            snprintf(line, sizeof(line), "%s web-%ld app[%ld]: %s request %ld done", when, i % 4,
                     100 + i % 7, level, i);
        } else
            snprintf(line, sizeof(line), "%s.%06dZ web-%ld app[%ld]: %s request %ld done", when,
                     (int)(at % 1000000), i % 4, 100 + i % 7, level, i);
        write_line(f, sh, line);
        for (int c = 0; c < sh->cont; c++) {
            snprintf(line, sizeof(line), "    at frame %d of request %ld", c, i);
            write_line(f, sh, line);
        }
    }
    ck_assert_int_eq(fclose(f), 0);
}

static uint64_t file_size(const char *path)
{
    struct stat sb;
    ck_assert_int_eq(stat(path, &sb), 0);
    return (uint64_t)sb.st_size;
}

/* Runs imp on path with the window [from, to] (seek allowed) into *seek, and
 * without a window into *full, whose events are then cut to the window; asserts
 * both hold the same events, field by field. Returns the number of events. */
static size_t run_both_ref(const rg_importer *imp, const char *path, const char *read_path,
                           const char *ref, const char *from, const char *to, got *seek, got *full)
{
    /* the reference instant places year-less times (RFC 3164) */
    run_log(seek, imp, MAX_EVENTS, read_path, NULL, ref, from, to, 0);
    ck_assert_int_eq(seek->rc, 0);
    run_log(full, imp, MAX_EVENTS, path, NULL, ref, NULL, NULL, 0);
    ck_assert_int_eq(full->rc, 0);
    int64_t f = instant(from), t = instant(to);
    size_t k = 0;
    for (size_t i = 0; i < full->n; i++)
        if (full->ev[i]->at_us >= f && full->ev[i]->at_us <= t)
            full->ev[k++] = full->ev[i];
    full->n = k;
    ck_assert_uint_eq(seek->n, full->n);
    for (size_t i = 0; i < seek->n; i++) {
        const rg_event *a = seek->ev[i], *b = full->ev[i];
        ck_assert_int_eq(a->at_us, b->at_us);
        ck_assert_str_eq(a->type, b->type);
        ck_assert_str_eq(a->text, b->text);
        ck_assert_str_eq(a->time_text, b->time_text);
        const char *ao = strrchr(a->origin, ':'), *bo = strrchr(b->origin, ':');
        ck_assert_str_eq(ao, bo); /* the line numbers (paths differ for a copy) */
        ck_assert_int_eq(a->actor == NULL, b->actor == NULL);
        if (a->actor)
            ck_assert_str_eq(a->actor, b->actor);
    }
    return seek->n;
}

/* run_both_ref with the reference instant at noon of the window's day. */
static size_t run_both(const rg_importer *imp, const char *path, const char *read_path,
                       const char *from, const char *to, got *seek, got *full)
{
    return run_both_ref(imp, path, read_path, "2026-11-20T12:00:00Z", from, to, seek, full);
}

/* 200,000 records over a day (one each 0.432 s), a one-hour window: records
 * 116,667 (14:00:00.144) to 125,000 (15:00:00.000), 8,334 of them. */
START_TEST(sorted_is_sought)
{
    const char *path = "build/tests/seek_sorted.log";
    shape sh = {.n = 200000};
    write_log(path, &sh);
    uint64_t size = file_size(path);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    ck_assert_uint_eq(n, 8334);
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_sorted.log:116668");
    ck_assert_str_eq(s.ev[0]->text, "INFO request 116667 done");
    ck_assert_str_eq(at(s.ev[0]), "2026-11-20T14:00:00.144000Z");
    ck_assert_str_eq(s.ev[n - 1]->origin, "build/tests/seek_sorted.log:125001");
    ck_assert_str_eq(at(s.ev[n - 1]), "2026-11-20T15:00:00Z");
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    ck_assert_uint_eq(s.sink.seek.n_scan, 0);
    ck_assert_uint_eq(s.sink.seek.bytes, size);
    /* the hour and its 10-second margins, the probes: under a tenth of the file */
    ck_assert_uint_lt(s.sink.seek.bytes_read, size / 10);
    /* The start is record 116,499 (13:58:47.568), the last probed line earlier
     * than 13:59:50; its line number comes from the 116,499 newlines counted
     * in the 7,929,651 bytes before it. The end is the first probed record
     * after 15:00:10, so the records read outside the window are 168 before
     * it and 143 after it. */
    ck_assert_uint_eq(s.sink.seek.lines_skipped, 116499);
    ck_assert_uint_eq(s.sink.seek.bytes_counted, 7929651);
    ck_assert_uint_eq(s.sink.n_outside, 168 + 143);
    ck_assert_uint_eq(f.sink.n_outside, 0);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* The afternoon written before the morning: the first and last pages' times
 * disagree, the file is read from byte 0, and the events are the same. */
START_TEST(unsorted_falls_back)
{
    const char *path = "build/tests/seek_unsorted.log";
    shape sh = {.n = 100000, .halves = 1};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    /* one each 0.864 s: records 58,334 .. 62,500 of the morning-first order */
    ck_assert_uint_eq(n, 4167);
    ck_assert_uint_eq(s.sink.seek.n_seek, 0);
    ck_assert_uint_eq(s.sink.seek.n_scan, 1);
    ck_assert_msg(strncmp(s.sink.seek.why, "not in time order at byte ", 26) == 0, "%s",
                  s.sink.seek.why);
    ck_assert_uint_eq(s.sink.n_outside, 100000 - 4167);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* RFC 3164 stamps have no year: each takes the one nearest the reference,
 * as the scan reads it, and a sorted file is sought on those instants. */
START_TEST(yearless_is_sought)
{
    const char *path = "build/tests/seek_bsd.log";
    shape sh = {.n = 100000, .bsd = 1};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    /* whole seconds: records 58,334 (14:00:00.576 written 14:00:00) to 62,501 */
    ck_assert_uint_eq(n, 4168);
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_bsd.log:58335");
    ck_assert_str_eq(at(s.ev[0]), "2026-11-20T14:00:00Z");
    ck_assert_str_eq(s.ev[n - 1]->origin, "build/tests/seek_bsd.log:62502");
    ck_assert_str_eq(at(s.ev[n - 1]), "2026-11-20T15:00:00Z");
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    ck_assert_uint_eq(s.sink.seek.n_scan, 0);
    ck_assert_uint_lt(s.sink.seek.bytes_read, file_size(path) / 10);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* A year-less file across New Year (Dec 31 12:00 to Jan 1 12:00), the window
 * at midnight and the reference at its middle: December reads as 2026,
 * January as 2027, in order, and the seek gives the scan's events. */
START_TEST(yearless_new_year_sought)
{
    const char *path = "build/tests/seek_newyear.log";
    /* 2026-12-31T12:00:00Z, one record each 0.864 s */
    shape sh = {.n = 100000, .bsd = 1, .start = INT64_C(1798718400)};
    write_log(path, &sh);
    static const char *const win[2][2] = {{"2026-12-31T23:30:00Z", "2027-01-01T00:30:00Z"},
                                          {"2027-01-01T05:00:00Z", "2027-01-01T06:00:00Z"}};
    /* 23:30:00 is 41,400 s in: records 47,917 (written 23:30:00) to 52,084
     * (00:30:00.576); 05:00 is 61,200 s in: records 70,834 to 75,001 */
    static const long first[2] = {47917, 70834};
    for (int w = 0; w < 2; w++) {
        got s, f;
        size_t n = run_both_ref(&rg_importer_syslog, path, path, "2027-01-01T00:00:00Z", win[w][0],
                                win[w][1], &s, &f);
        ck_assert_uint_eq(n, 4168);
        char origin[64];
        snprintf(origin, sizeof(origin), "build/tests/seek_newyear.log:%ld", first[w] + 1);
        ck_assert_str_eq(s.ev[0]->origin, origin);
        ck_assert_str_eq(at(s.ev[0]), w == 0 ? "2026-12-31T23:30:00Z" : "2027-01-01T05:00:00Z");
        ck_assert_str_eq(at(s.ev[n - 1]), w == 0 ? "2027-01-01T00:30:00Z" : "2027-01-01T06:00:00Z");
        ck_assert_uint_eq(s.sink.seek.n_seek, 1);
        ck_assert_uint_eq(s.sink.seek.n_scan, 0);
        got_free(&s);
        got_free(&f);
    }
    unlink(path);
}
END_TEST

/* Year-less and unsorted (the afternoon first): the pages disagree, the file
 * is scanned, the events are the same. */
START_TEST(yearless_unsorted_falls_back)
{
    const char *path = "build/tests/seek_bsd_unsorted.log";
    shape sh = {.n = 100000, .bsd = 1, .halves = 1};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    ck_assert_uint_eq(n, 4168);
    ck_assert_uint_eq(s.sink.seek.n_seek, 0);
    ck_assert_uint_eq(s.sink.seek.n_scan, 1);
    ck_assert_msg(strncmp(s.sink.seek.why, "not in time order at byte ", 26) == 0, "%s",
                  s.sink.seek.why);
    ck_assert_uint_eq(s.sink.n_outside, 100000 - 4168);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* Year-less, sorted, but spanning 2026-04-01 to 2026-12-01 with the
 * reference on 2026-11-20: the lines more than about six months before it
 * (before 2026-05-22) read as 2027, so the file's first page reads later
 * than its last; the seek falls back and the events are the scan's. */
START_TEST(yearless_wrapping_falls_back)
{
    const char *path = "build/tests/seek_bsd_wrap.log";
    /* 2026-04-01T00:00:00Z, 244 days: one record each 210.816 s */
    shape sh = {.n = 100000, .bsd = 1, .start = INT64_C(1775001600), .span = INT64_C(244) * 86400};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-09-01T00:00:00Z",
                        "2026-09-02T00:00:00Z", &s, &f);
    /* 2026-09-01 is 153 days in: records 62,705 (00:00:17) to 63,114 */
    ck_assert_uint_eq(n, 410);
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_bsd_wrap.log:62706");
    ck_assert_uint_eq(s.sink.seek.n_seek, 0);
    ck_assert_uint_eq(s.sink.seek.n_scan, 1);
    ck_assert_msg(strncmp(s.sink.seek.why, "not in time order at byte ", 26) == 0, "%s",
                  s.sink.seek.why);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* The same sorted log gzip-compressed (stored, level 0, so that it is as big) is scanned. */
START_TEST(gzip_falls_back)
{
    const char *path = "build/tests/seek_gz.log", *gz = "build/tests/seek_gz.log.gz";
    shape sh = {.n = 100000};
    write_log(path, &sh);
    FILE *in = fopen(path, "r");
    gzFile out = gzopen(gz, "wb0");
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    char buf[65536];
    size_t got_n;
    while ((got_n = fread(buf, 1, sizeof(buf), in)) > 0)
        ck_assert_int_eq(gzwrite(out, buf, (unsigned)got_n), (int)got_n);
    fclose(in);
    ck_assert_int_eq(gzclose(out), Z_OK);
    ck_assert_uint_ge(file_size(gz), RG_SEEK_MIN_BYTES);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, gz, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    ck_assert_uint_eq(n, 4167);
    ck_assert_uint_eq(s.sink.seek.n_scan, 1);
    ck_assert_str_eq(s.sink.seek.why, "the file is gzip-compressed");
    ck_assert_uint_eq(s.sink.n_outside, 100000 - 4167);
    got_free(&s);
    got_free(&f);
    unlink(path);
    unlink(gz);
}
END_TEST

/* A FIFO fed by a child is scanned. */
START_TEST(pipe_falls_back)
{
    const char *path = "build/tests/seek_pipe.log", *fifo = "build/tests/seek_pipe.fifo";
    shape sh = {.n = 100000};
    write_log(path, &sh);
    unlink(fifo);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        FILE *in = fopen(path, "r");
        int fd = open(fifo, O_WRONLY);
        char buf[65536];
        size_t k;
        while (in && fd >= 0 && (k = fread(buf, 1, sizeof(buf), in)) > 0)
            if (write(fd, buf, k) != (ssize_t)k)
                _exit(1);
        _exit(0);
    }
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, fifo, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_uint_eq(n, 4167);
    ck_assert_uint_eq(s.sink.seek.n_scan, 1);
    ck_assert_str_eq(s.sink.seek.why, "not a regular file");
    got_free(&s);
    got_free(&f);
    unlink(path);
    unlink(fifo);
}
END_TEST

/* A window wholly before the first line, or after the last, is scanned so
 * that every line is counted outside (the "all-outside" warning's count). */
START_TEST(window_outside_the_file)
{
    const char *path = "build/tests/seek_outside.log";
    shape sh = {.n = 100000};
    write_log(path, &sh);
    static const char *const win[2][2] = {{"2026-11-19T10:00:00Z", "2026-11-19T11:00:00Z"},
                                          {"2026-11-21T10:00:00Z", "2026-11-21T11:00:00Z"}};
    for (int w = 0; w < 2; w++) {
        got s, f;
        ck_assert_uint_eq(run_both(&rg_importer_syslog, path, path, win[w][0], win[w][1], &s, &f),
                          0);
        ck_assert_uint_eq(s.sink.seek.n_scan, 1);
        ck_assert_str_eq(s.sink.seek.why, "the window lies outside its times");
        ck_assert_uint_eq(s.sink.n_outside, 100000);
        got_free(&s);
        got_free(&f);
    }
    unlink(path);
}
END_TEST

/* 20 records to each second; the window's edges fall inside runs of records
 * of one second: all 20 of 14:00:00 and of 15:00:00 are kept. */
START_TEST(edge_inside_one_second)
{
    const char *path = "build/tests/seek_second.log";
    shape sh = {.n = 120000, .per_second = 20}; /* 00:00:00 .. 01:39:59 */
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T00:30:00Z",
                        "2026-11-20T00:31:00Z", &s, &f);
    ck_assert_uint_eq(n, 61 * 20);
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_second.log:36001");
    ck_assert_str_eq(s.ev[n - 1]->origin, "build/tests/seek_second.log:37220");
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* Two continuation lines after every record, CRLF line ends: the seek starts
 * at a record, each kept event has its two joined lines, line numbers hold. */
START_TEST(continuations_and_crlf)
{
    const char *path = "build/tests/seek_cont.log";
    shape sh = {.n = 60000, .cont = 2, .crlf = 1};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    /* one each 1.44 s: records 35,000 (14:00:00) .. 37,500 (15:00:00) */
    ck_assert_uint_eq(n, 2501);
    ck_assert_str_eq(s.ev[0]->text, "ERROR request 35000 done\n    at frame 0 of request 35000\n"
                                    "    at frame 1 of request 35000");
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_cont.log:105001");
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* 30,000 lines without a time in the middle (at 12:00): probes that land in
 * them look on to the next record; the events are the same. */
START_TEST(untimed_middle)
{
    const char *path = "build/tests/seek_plain.log";
    shape sh = {.n = 100000, .plain_from = 50000, .plain_n = 30000};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_syslog, path, path, "2026-11-20T11:00:00Z",
                        "2026-11-20T14:00:00Z", &s, &f);
    /* records 45,834 .. 58,333; the first joined by the plain lines is 49,999 */
    ck_assert_uint_eq(n, 12500);
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    ck_assert_str_eq(s.ev[n - 1]->origin, "build/tests/seek_plain.log:88334");
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

/* JSON lines are sought the same way. */
START_TEST(jsonlines_sought)
{
    const char *path = "build/tests/seek_json.jsonl";
    shape sh = {.n = 100000, .json = 1};
    write_log(path, &sh);
    got s, f;
    size_t n = run_both(&rg_importer_jsonlines, path, path, "2026-11-20T14:00:00Z",
                        "2026-11-20T15:00:00Z", &s, &f);
    ck_assert_uint_eq(n, 4167);
    ck_assert_uint_eq(s.sink.seek.n_seek, 1);
    ck_assert_str_eq(s.ev[0]->origin, "build/tests/seek_json.jsonl:58335");
    /* 4 % of the file, the margins and the probes (16 KiB each) */
    ck_assert_uint_lt(s.sink.seek.bytes_read, file_size(path) / 4);
    got_free(&s);
    got_free(&f);
    unlink(path);
}
END_TEST

static Suite *seek_suite(void)
{
    Suite *s = suite_create("seek");
    TCase *tc = tcase_create("seek");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, sorted_is_sought);
    tcase_add_test(tc, unsorted_falls_back);
    tcase_add_test(tc, yearless_is_sought);
    tcase_add_test(tc, yearless_new_year_sought);
    tcase_add_test(tc, yearless_unsorted_falls_back);
    tcase_add_test(tc, yearless_wrapping_falls_back);
    tcase_add_test(tc, gzip_falls_back);
    tcase_add_test(tc, pipe_falls_back);
    tcase_add_test(tc, window_outside_the_file);
    tcase_add_test(tc, edge_inside_one_second);
    tcase_add_test(tc, continuations_and_crlf);
    tcase_add_test(tc, untimed_middle);
    tcase_add_test(tc, jsonlines_sought);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(seek_suite)
