/* check_split.c -- a syslog file read on two threads (importers/split.h)
 * gives the review of one reading in file order, whatever line the second
 * thread starts at: before a continuation line, a repeat, an error whose
 * cluster is still kept, a bad time, a blank line, a same-second burst;
 * with the thread stopping early (a long line, a daylight-saving hour, its
 * list of handed-back lines full) and with the core refusing to merge
 * (lines out of order across the split). Every build is compared, as its
 * whole review model and warnings, with REVIEWGEN_THREADS=1. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../importers/split.h"
#include "../reviewgen/build.h"
#include "check_build_util.h"
#include "check_util.h"

/* The kinds of line the split is put in front of. */
enum {
    K_INFO,
    K_ERROR_KEPT, /* an error of a cluster still under its kept lines */
    K_ERROR,
    K_CONT_ERROR, /* a continuation line after an error */
    K_CONT_INFO,  /* after an info line */
    K_REPEAT,     /* "last message repeated" after a folded line */
    K_REPEAT_KEPT,
    K_RSYSLOG, /* rsyslog's "message repeated N times: [...]" */
    K_MARKED,
    K_NO_TIME,
    K_BLANK,
    K_COUNT
};

typedef struct layout {
    long first[K_COUNT]; /* the offset of the first line of each kind past 40 % */
    long size;
} layout;

/* "Nov 20 hh:mm:ss" for a second of the day (a static buffer: one per
 * call to printf). */
static const char *stamp(int sec)
{
    static char buf[32];
    snprintf(buf, sizeof(buf), "Nov 20 %02d:%02d:%02d", sec / 3600 % 24, sec / 60 % 60, sec % 60);
    return buf;
}

static void note(layout *l, int kind, long off)
{
    if (l->first[kind] < 0 && off > l->size * 2 / 5)
        l->first[kind] = off;
}

/* About 2.5 MiB of RFC 3164 syslog of one day (many lines a second): info
 * templates, errors and warnings of clusters large and small, marked lines
 * (restarts, deploys), stack traces, repeats of folded and kept lines,
 * rsyslog repeats, PRI lines with and without a time, RFC 5424 and RFC
 * 3339 lines, blank lines, CRLF, NUL bytes, bad UTF-8. */
static void write_day(const char *path, layout *l)
{
    for (int k = 0; k < K_COUNT; k++)
        l->first[k] = -1;
    l->size = 2600000;
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static const char *const info[] = {
        "INFO request served path=/api/cart status=200 took_ms=%d",
        "INFO cache refreshed keys=%d",
        "DEBUG heartbeat seq=%d",
        "INFO caf\xc3\xa9 order %d \xff bad byte",
        "Restarting worker %d",
        "INFO deployed version %d",
    };
    unsigned seed = 11;
    for (int i = 0; i < 34000; i++) {
        seed = seed * 1103515245u + 12345u;
        int sec = (int)((long long)i * 86000 / 34000);
        int hh = sec / 3600, mm = sec / 60 % 60, ss = sec % 60;
        const char *when = stamp(sec);
        int v = (int)((seed >> 4) % 5000);
        unsigned pick = (seed >> 16) % 40;
        long off = ftell(f);
        char head[64];
        snprintf(head, sizeof(head), "%s web-%d app[%d]: ", when, v % 3, v % 7);
        if (pick < 2) {
            /* 40 error clusters, most under 20 lines a day: kept */
            fprintf(f, "%sERROR payment failed kind%c code=%d\n", head, 'a' + (int)(seed % 40), v);
            note(l, K_ERROR_KEPT, off);
            if (pick == 0) {
                note(l, K_CONT_ERROR, ftell(f));
                fputs("    at pay (pay.js:12)\n\tat main\n", f);
            }
        } else if (pick < 5) {
            fprintf(f, "%sERROR upstream timeout after %d ms\n", head, v);
            note(l, K_ERROR, off);
            if (pick == 4) {
                note(l, K_REPEAT_KEPT, ftell(f));
                fprintf(f, "%s web-1 last message repeated %d times\n", when, v % 5 + 1);
            }
        } else if (pick < 7) {
            fprintf(f, "%sWARN slow query took_ms=%d\n", head, v);
        } else if (pick == 7) {
            fprintf(f, "%sRestarting worker %d\n", head, v);
            note(l, K_MARKED, off);
        } else if (pick == 8) {
            fprintf(f, "<13>Nov 99 %d not a time\n", v);
            note(l, K_NO_TIME, off);
        } else if (pick == 9) {
            fputs("\n", f);
            note(l, K_BLANK, off);
        } else if (pick == 10) {
            fprintf(f, "%sINFO request served path=/x took_ms=%d\n", head, v);
            note(l, K_REPEAT, ftell(f));
            fprintf(f, "%s web-2 last message repeated %d times\n", when, v % 9 + 1);
        } else if (pick == 11) {
            note(l, K_RSYSLOG, off);
            fprintf(f, "%smessage repeated %d times: [ INFO cache refreshed keys=1]\n", head,
                    v % 4 + 1);
        } else if (pick == 13) {
            fprintf(f, "<%d>%s web-%d app[%d]: disk usage %d%%\n",
                    (int)((seed >> 20) % 24) * 8 + (int)(seed % 8), when, v % 3, v % 7, v);
        } else if (pick == 14) {
            fprintf(f,
                    "<165>1 2026-11-20T%02d:%02d:%02d.%03dZ web-%d app %d ID%d [ex@32473 k=\"v\"] "
                    "login ok user%d\n",
                    hh, mm, ss, v % 1000, v % 3, v, v % 9, v);
        } else if (pick == 15) {
            fprintf(f, "2026-11-20T%02d:%02d:%02d.%06d+00:00 web-%d app: queue depth %d\r\n", hh,
                    mm, ss, v, v % 3, v);
        } else if (pick == 16) {
            fprintf(f, "%sINFO with a NUL ", head);
            fputc('\0', f);
            fprintf(f, " inside %d\n", v);
        } else {
            fputs(head, f);
            fprintf(f, info[(seed >> 8) % (sizeof(info) / sizeof(info[0]))], v);
            fputc('\n', f);
            note(l, K_INFO, off);
            if (pick == 12) {
                note(l, K_CONT_INFO, ftell(f));
                fputs("  continued text of the line\n", f);
            }
        }
    }
    l->size = ftell(f);
    fclose(f);
    for (int k = 0; k < K_COUNT; k++)
        ck_assert_msg(l->first[k] > 0, "kind %d missing", k);
}

/* A scratch incident of one day with one syslog, app.log, opened for
 * writing. */
static FILE *day_log(char *dir, size_t dir_n, char *path, size_t path_n, const char *name)
{
    build_scratch(dir, dir_n, "split", name);
    build_manifest(dir, "syslog", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, path_n, "%s/app.log", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    return f;
}

/* The build of dir on one thread (owned): what every split must give. */
static char *alone_text(const char *dir)
{
    setenv("REVIEWGEN_THREADS", "1", 1);
    char *alone = build_text(dir);
    unsetenv("REVIEWGEN_THREADS");
    return alone;
}

/* A scratch incident of one day whose app.log is write_day's, at path. */
static void day_dir(char *dir, size_t dir_n, char *path, size_t path_n, const char *name, layout *l)
{
    build_scratch(dir, dir_n, "split", name);
    build_manifest(dir, "syslog", "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    snprintf(path, path_n, "%s/app.log", dir);
    write_day(path, l);
}

/* Any merged count (splits_agree). */
#define ANY_MERGED UINT64_MAX

/* The build of dir on one thread (returned, owned) and split at each of
 * offs[0..n) (the thread starts at the line that starts there): each must
 * equal it; `merged` of them must be merged, the rest read again (ANY_MERGED:
 * any number). */
static char *splits_agree(const char *dir, const long *offs, size_t n, uint64_t merged_want,
                          const char *what)
{
    char *alone = alone_text(dir);
    uint64_t s0, m0, a0, s1, m1, a1;
    rg_split_counts(&s0, &m0, &a0);
    for (size_t i = 0; i < n; i++) {
        rg_split_test_set(1024, (uint64_t)offs[i] - 1, 0);
        char *got = build_text(dir);
        char label[160];
        snprintf(label, sizeof(label), "%s, split at byte %ld", what, offs[i]);
        same_text(got, alone, label);
        free(got);
    }
    rg_split_test_set(0, 0, 0);
    rg_split_counts(&s1, &m1, &a1);
    ck_assert_uint_eq(s1 - s0, n);
    ck_assert_uint_eq((m1 - m0) + (a1 - a0), n);
    if (merged_want != ANY_MERGED)
        ck_assert_uint_eq(m1 - m0, merged_want);
    return alone;
}

/* The build of dir split at byte `split` with the rest of one part taken
 * by `who` (split.h) from each line start at or after takes[0..n): each
 * must equal `alone` (the one-thread build), each took a rest, and `merged`
 * of the 2n parts were merged (ANY_MERGED: any number), the rest read
 * again. step: the readers' claims, in bytes. */
static void takes_agree(const char *dir, const char *alone, long split, const long *takes, size_t n,
                        int who, uint64_t step, uint64_t merged_want, const char *what)
{
    uint64_t s0, m0, a0, s1, m1, a1, i0, t0, i1, t1;
    rg_split_counts(&s0, &m0, &a0);
    rg_split_stolen(&i0, &t0);
    for (size_t i = 0; i < n; i++) {
        rg_split_test_set(1024, (uint64_t)split - 1, 0);
        rg_split_test_steal((uint64_t)takes[i], step, who);
        char *got = build_text(dir);
        rg_split_test_steal(0, 0, 0);
        rg_split_test_set(0, 0, 0);
        char label[200];
        snprintf(label, sizeof(label), "%s, split at byte %ld, the %s taking from byte %ld", what,
                 split, who == RG_SPLIT_TAKER_THREAD ? "thread" : "importer's thread", takes[i]);
        same_text(got, alone, label);
        free(got);
    }
    rg_split_counts(&s1, &m1, &a1);
    rg_split_stolen(&i1, &t1);
    ck_assert_uint_eq(s1 - s0, n);
    ck_assert_uint_eq(who == RG_SPLIT_TAKER_THREAD ? t1 - t0 : i1 - i0, n);
    ck_assert_uint_eq(who == RG_SPLIT_TAKER_THREAD ? i1 - i0 : t1 - t0, 0);
    ck_assert_uint_eq((m1 - m0) + (a1 - a0), 2 * n);
    if (merged_want != ANY_MERGED)
        ck_assert_uint_eq(m1 - m0, merged_want);
}

/* The rest of either part taken by the other thread (split.h), at a line
 * of every kind: the importer's thread takes from the thread's part (split
 * at 30 %), the thread from the importer's (split at 90 %); the readers
 * claim a line or 4 KiB at a time. */
START_TEST(test_split_taken)
{
    char dir[256], path[300];
    layout l;
    day_dir(dir, sizeof(dir), path, sizeof(path), "taken", &l);
    char *alone = alone_text(dir);
    long early = l.size * 3 / 10, late = l.size * 9 / 10;
    for (int k = 0; k < K_COUNT; k++)
        ck_assert_int_lt(l.first[k], late);
    takes_agree(dir, alone, early, l.first, K_COUNT, RG_SPLIT_TAKER_IMPORTER, 1, 2 * K_COUNT,
                "a day");
    takes_agree(dir, alone, late, l.first, K_COUNT, RG_SPLIT_TAKER_THREAD, 4096, 2 * K_COUNT,
                "a day");
    free(alone);
}
END_TEST

/* 60,000 lines a second apart from 01:00 with a line over RG_SPLIT_LINE_MAX
 * before line 35,000 (58 %), and when `jump`, the clock eleven hours behind
 * from line 50,000 on; at[k]: line 10,000 k's offset. */
static char *gap_day(char *dir, size_t dir_n, const char *name, int jump, long at[6])
{
    char path[300];
    FILE *f = day_log(dir, dir_n, path, sizeof(path), name);
    for (int i = 0; i < 60000; i++) {
        if (i % 10000 == 0)
            at[i / 10000] = ftell(f);
        int sec = i < 50000 || !jump ? 3600 + i : i - 50000;
        if (i == 35000) {
            fprintf(f, "%s web-1 app[2]: ERROR huge ", stamp(sec));
            for (int k = 0; k < 70000; k++)
                fputc("ab1 "[k % 4], f);
            fputc('\n', f);
        }
        fprintf(f, "%s web-1 app[2]: INFO tick %d %s\n", stamp(sec), i, i % 3 ? "a" : "b");
    }
    fclose(f);
    char *alone = alone_text(dir);
    return alone;
}

/* A rest taken from a part that stops before it (at the long line: the
 * lines between are read by the importer's thread), and parts whose lines
 * the core cannot merge (the clock jumps back): each such part is read
 * again on the importer's thread, the others merged. */
START_TEST(test_split_taken_gaps)
{
    char dir[256];
    long at[6];
    char *alone = gap_day(dir, sizeof(dir), "takengap", 0, at);
    long take_late[] = {at[4]};
    takes_agree(dir, alone, at[2], take_late, 1, RG_SPLIT_TAKER_IMPORTER, 0, 2, "a long line");
    free(alone);

    alone = gap_day(dir, sizeof(dir), "takenjump", 1, at);
    takes_agree(dir, alone, at[2], take_late, 1, RG_SPLIT_TAKER_IMPORTER, 0, ANY_MERGED,
                "a long line and a jump back in the part taken");
    long take_jump[] = {at[5]};
    takes_agree(dir, alone, at[2], take_jump, 1, RG_SPLIT_TAKER_IMPORTER, 0, ANY_MERGED,
                "the part taken starts at the jump");
    long take_front[] = {at[1]};
    takes_agree(dir, alone, at[3], take_front, 1, RG_SPLIT_TAKER_THREAD, 0, ANY_MERGED,
                "a jump in the thread's part");
    free(alone);
}
END_TEST

/* The progress line's reports (rg_build_opts.progress). */
typedef struct reports {
    uint64_t done[64], total;
    size_t n;
} reports;

static void on_progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
    (void)path;
    reports *p = ctx;
    if (p->n < sizeof(p->done) / sizeof(p->done[0]))
        p->done[p->n++] = done;
    p->total = total;
}

/* The progress line counts the thread's bytes as it reads them, not at the
 * merge: here the thread ends its part before the importer's thread has
 * read its second block (it waits for the thread, split.h's tests' wait),
 * so that block's report holds both parts. Every report is in order and
 * within the file, the last the whole file. */
START_TEST(test_split_progress)
{
    char dir[256], path[300];
    FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), "progress");
    long half = 0;
    for (int i = 0; i < 100000; i++) {
        if (i == 50000)
            half = ftell(f);
        fprintf(f, "%s web-1 app[2]: INFO tick %d of the day\n",
                stamp((int)((long)i * 86400 / 100000)), i);
    }
    long size = ftell(f);
    fclose(f);
    ck_assert_int_gt(half, 2 << 20); /* the importer's part takes two reads */
    rg_split_test_set(1024, (uint64_t)half - 1, 0);
    rg_split_test_steal((uint64_t)half - 200, 4096, RG_SPLIT_TAKER_THREAD);
    rg_linereader_test_progress_step(64 << 10);
    reports rep = {{0}, 0, 0};
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {dir, NULL, on_progress, &rep};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    rg_build_free(&b);
    rg_diag_free(&d);
    rg_linereader_test_progress_step(0);
    rg_split_test_steal(0, 0, 0);
    rg_split_test_set(0, 0, 0);
    ck_assert_uint_eq(rep.total, (uint64_t)size);
    ck_assert_uint_ge(rep.n, 3);
    ck_assert_uint_eq(rep.done[rep.n - 1], (uint64_t)size);
    uint64_t most_before_end = 0;
    for (size_t i = 0; i < rep.n; i++) {
        ck_assert_uint_le(rep.done[i], (uint64_t)size);
        if (i > 0)
            ck_assert_uint_ge(rep.done[i], rep.done[i - 1]);
        if (i + 1 < rep.n && rep.done[i] > most_before_end)
            most_before_end = rep.done[i];
    }
    /* before the end, more than the importer's own part was reported */
    ck_assert_uint_gt(most_before_end, (uint64_t)half);
}
END_TEST

START_TEST(test_split_anywhere)
{
    char dir[256], path[300];
    layout l;
    day_dir(dir, sizeof(dir), path, sizeof(path), "day", &l);
    char *alone = splits_agree(dir, l.first, K_COUNT, K_COUNT, "a day");
    /* the day is folded and kept as expected: not an empty review */
    ck_assert_ptr_nonnull(strstr(alone, "\"folded\""));
    ck_assert_ptr_nonnull(strstr(alone, "payment failed kinda"));
    free(alone);
    /* a window: the seek enters the file, the split cuts what it reads */
    build_manifest(dir, "syslog", "2026-11-20T06:00:00Z", "2026-11-20T18:00:00Z");
    long mid[] = {l.size / 2};
    free(splits_agree(dir, mid, 1, 1, "twelve hours"));
}
END_TEST

/* The thread stops before a line over RG_SPLIT_LINE_MAX and when its list
 * of handed-back lines is full; the importer's thread reads on from there. */
START_TEST(test_split_stops)
{
    char dir[256], path[300];
    layout l;
    day_dir(dir, sizeof(dir), path, sizeof(path), "stops", &l);
    /* a long error line at 70 % */
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc((size_t)l.size + 100000);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)l.size, f), (size_t)l.size);
    long at = l.size * 7 / 10;
    while (buf[at - 1] != '\n')
        at++;
    rewind(f);
    fwrite(buf, 1, (size_t)at, f);
    fputs("Nov 20 16:00:00 web-1 app[1]: ERROR huge ", f);
    for (int k = 0; k < 70000; k++)
        fputc("ab1 "[k % 4], f);
    fputc('\n', f);
    fwrite(buf + at, 1, (size_t)(l.size - at), f);
    fclose(f);
    free(buf);
    long mid[] = {l.size / 2};
    free(splits_agree(dir, mid, 1, 1, "a long line"));

    /* a list of three handed-back lines */
    char *alone = alone_text(dir);
    rg_split_test_set(1024, (uint64_t)l.first[K_ERROR_KEPT] - 1, 3);
    char *got = build_text(dir);
    rg_split_test_set(0, 0, 0);
    same_text(got, alone, "three lines handed back at most");
    free(got);
    free(alone);
}
END_TEST

/* Lines out of time order across the split point: a cluster's lines of
 * the thread's part are earlier than the importer's, so its runs cannot be
 * merged as one reading would count them; the thread's part is read again. */
START_TEST(test_split_refused)
{
    char dir[256], path[300];
    FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), "refused");
    long half = 0;
    for (int i = 0; i < 40000; i++) {
        /* the second half's clock is twelve hours behind the first's */
        int sec = i < 20000 ? 43200 + i : i - 20000;
        if (i == 20000)
            half = ftell(f);
        fprintf(f, "%s web-1 app[2]: INFO tick %d of the clock\n", stamp(sec), i);
    }
    fclose(f);
    long at[] = {half};
    free(splits_agree(dir, at, 1, 0, "out of order"));
}
END_TEST

/* Errors fifty a second in two bursts two hours apart. The first burst's
 * last second and the second's first hold 500 lines each, all folded (past
 * their clusters' kept lines); they are the impact's end ("mitigated") and
 * the second period's start. The split falls inside one of those seconds:
 * lines of the importer's part and of the thread's share an instant, and
 * the minute's first and last lines are chosen by line number. */
START_TEST(test_split_same_second)
{
    char dir[256], path[300];
    FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), "second");
    long at[2] = {0, 0};
    for (int i = 0; i < 40000; i++) {
        int sec = i < 1500 ? i / 50 : i < 2000 ? 30 : i < 2500 ? 7200 : 7200 + (i - 2500) / 50;
        if (i == 1750 || i == 2250)
            at[i > 2000] = ftell(f);
        fprintf(f, "%s web-1 app[2]: ERROR beat %d %s\n", stamp(sec), i, i % 2 ? "odd" : "even");
    }
    fclose(f);
    char *alone = splits_agree(dir, at, 2, 2, "fifty errors a second");
    ck_assert_ptr_nonnull(strstr(alone, "\"last_origin\": \"app.log:2000\""));
    free(alone);
}
END_TEST

/* Marked lines that share their cluster with unmarked ones ("deploy7
 * done" is marked, "build7 done" is not; both sign "# done"). The first
 * part keeps the cluster's 20 marked lines and folds none; the thread folds
 * "build" lines and hands back "deploy" ones, which the importer's thread
 * folds (the cluster's kept lines are used up) between the thread's own:
 * the cluster's first folded line is a "build" one, which the merge cannot
 * tell; the part is read again. */
START_TEST(test_split_shared_signature)
{
    /* twice: in time order, and with the thread's "deploy" lines written
     * earlier than all its "build" ones (then only their place in the file
     * tells the merge it cannot) */
    for (int early = 0; early <= 1; early++) {
        char dir[256], path[300];
        FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), early ? "shared2" : "shared");
        long at[] = {0};
        for (int i = 0; i < 40000; i++) { /* a line a second */
            if (i == 20000)
                at[0] = ftell(f);
            int deploy = i < 20000 ? i % 1000 == 0 : i % 2;
            int sec = i >= 20000 && deploy && early ? i - 20000 : i;
            const char *word = deploy ? "deploy" : i < 20000 ? "tick " : "build";
            fprintf(f, "%s web-1 app[2]: INFO %s%d done\n", stamp(sec), word, i);
        }
        fclose(f);
        char *alone = splits_agree(dir, at, 1, 0, "a shared signature");
        ck_assert_ptr_nonnull(strstr(alone, "build20000 done"));
        free(alone);
    }
}
END_TEST

/* Random days, half of them with a window of 90 minutes: lines of every
 * kind above, PRI lines at midnight, mutated bytes (NUL, CR, bad UTF-8, a
 * space where a field ends, digits in a time), clocks that jump back, lines
 * of 64 KiB, blank lines; each split at five random line starts, most
 * merged, some read again, every review the one-thread one. */
START_TEST(test_split_random)
{
    static const char *const kinds[] = {
        "%sINFO request served path=/api took_ms=%d\n",
        "%sERROR payment failed code=%d\n",
        "%sWARN slow query took_ms=%d\n",
        "%sRestarting worker %d\n",
        "%slast message repeated %d times\n",
        "%smessage repeated %d times: [ INFO x]\n",
        "    at frame %d\n",
        "<%d>Nov 99 bad time\n",
        "\n",
        "%sdeploy%d done\n",
        "<%d>Nov 20 00:00:00 web-1 app: ERROR early line\n",
        "%sERROR rare kind %d\n",
    };
    unsigned seed = 2026;
    uint64_t merged0, again0, split0, merged1, again1, split1;
    rg_split_counts(&split0, &merged0, &again0);
    for (int round = 0; round < 10; round++) {
        char dir[256], path[300], name[32];
        snprintf(name, sizeof(name), "random%d", round);
        FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), name);
        if (round % 2) /* a window: lines outside it are counted on both threads */
            build_manifest(dir, "syslog", "2026-11-20T00:30:00Z", "2026-11-20T02:00:00Z");
        int sec = 0;
        enum { N = 6000 };
        static long starts[N];
        long offs[5];
        for (int i = 0; i < N; i++) {
            starts[i] = ftell(f);
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            sec += (int)(r % 7);
            if (r % 997 == 0)
                sec -= 600; /* the clock jumps back ten minutes */
            if (sec < 0)
                sec = 0;
            char head[64], line[256];
            snprintf(head, sizeof(head), "%s web-%u app[%u]: ", stamp(sec), r % 3, r % 5);
            unsigned k = (r >> 4) % (sizeof(kinds) / sizeof(kinds[0]));
            int len;
            if (k == 6 || k == 8)
                len = snprintf(line, sizeof(line), kinds[k], (int)(r % 100));
            else if (k == 7 || k == 10)
                len = snprintf(line, sizeof(line), kinds[k], (int)(r % 192));
            else
                len = snprintf(line, sizeof(line), kinds[k], head, (int)(r % 1000));
            if (r % 13 == 0 && len > 2) /* one byte mutated */
                line[(r >> 12) % (unsigned)(len - 1)] = "\0\r\xff :9\t"[(r >> 20) % 7];
            fwrite(line, 1, (size_t)len, f);
            if (r % 2503 == 0) { /* a line over RG_SPLIT_LINE_MAX */
                fputs(head, f);
                for (int b = 0; b < 70000; b++)
                    fputc("ab1 "[b % 4], f);
                fputc('\n', f);
            }
        }
        fclose(f);
        for (int k = 0; k < 5; k++) { /* the start of a line past the first */
            seed = seed * 1103515245u + 12345u;
            offs[k] = starts[1 + (seed >> 8) % (N - 1)];
        }
        free(splits_agree(dir, offs, 5, ANY_MERGED, name));
    }
    rg_split_counts(&split1, &merged1, &again1);
    ck_assert_uint_eq(split1 - split0, 50);
    ck_assert_uint_ge(merged1 - merged0, 15); /* most merged */
    ck_assert_uint_ge(again1 - again0, 1);    /* and some refused */
}
END_TEST

/* No record before the split point (the first part is lines without a
 * time): an rsyslog repeat the thread hands back is then a record of its
 * own, folded where the merge check does not look (here before, in time,
 * the thread's lines of its cluster); the part is read again. */
START_TEST(test_split_no_record_before)
{
    char dir[256], path[300];
    FILE *f = day_log(dir, sizeof(dir), path, sizeof(path), "norecord");
    for (int i = 0; i < 30000; i++)
        fprintf(f, "   orphan text without a time %d\n", i);
    long at[] = {ftell(f)};
    fputs("Nov 20 01:00:00 web-1 app: message repeated 5 times: [ INFO x]\n", f);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "Nov 20 00:%02d:%02d web-1 app: message repeated 0 times: [ INFO x]\n", i / 400,
                i / 7 % 60);
    fclose(f);
    free(splits_agree(dir, at, 1, 0, "no record before"));
}
END_TEST

/* A local zone with a fall-back inside the file (Europe/Berlin, 2026-10-25
 * 03:00 CEST -> 02:00 CET): the thread stops at the hour read twice. */
START_TEST(test_split_dst)
{
    char dir[256], path[300], src[200];
    build_scratch(dir, sizeof(dir), "split", "dst");
    snprintf(src, sizeof(src),
             "{\"path\": \"app.log\", \"format\": \"syslog\", \"name\": \"app\", "
             "\"timezone\": \"Europe/Berlin\"}");
    build_manifest_sources(dir, "2026-10-24T20:00:00Z", "2026-10-25T06:00:00Z", src);
    snprintf(path, sizeof(path), "%s/app.log", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    long mid = 0;
    /* four and a half hours from 00:00 CEST, written in local time: the
     * clock goes back from 03:00 to 02:00, so 02:xx is written twice */
    for (int i = 0; i < 32400; i++) {
        int real = i / 2;
        int t = real < 3 * 3600 ? real : real - 3600;
        if (real == 5400 && !mid)
            mid = ftell(f);
        fprintf(f, "Oct 25 %02d:%02d:%02d web-1 app[3]: INFO step %d\n", t / 3600, t / 60 % 60,
                t % 60, i);
    }
    fclose(f);
    long at[] = {mid};
    free(splits_agree(dir, at, 1, 1, "a fall-back hour"));
}
END_TEST

static Suite *split_suite(void)
{
    Suite *s = suite_create("split");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_split_anywhere);
    tcase_add_test(tc, test_split_stops);
    tcase_add_test(tc, test_split_refused);
    tcase_add_test(tc, test_split_same_second);
    tcase_add_test(tc, test_split_shared_signature);
    tcase_add_test(tc, test_split_no_record_before);
    tcase_add_test(tc, test_split_dst);
    tcase_add_test(tc, test_split_random);
    tcase_add_test(tc, test_split_taken);
    tcase_add_test(tc, test_split_taken_gaps);
    tcase_add_test(tc, test_split_progress);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(split_suite)
