/* check_foldedup_fmt.c -- partial overlaps of every log format (README,
 * "Evidence of any size"): two files of one format sharing minutes count the
 * shared records once, by the identity the format's kept events use. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../reviewgen/build.h"
#include "../reviewgen/logsum.h"
#include "check_foldedup_util.h"

/* 2026-11-20T14:00:00Z */
#define T0_S 1795183200LL

/* Record `slot` of minute m: slots 0 and 1 are one record written twice (the
 * same line, the same id), 2 another info record, 3 an error. */
typedef struct rec {
    int m, slot;
    int ss;      /* its second in the minute */
    int error;   /* 1 for slot 3 */
    long id;     /* the format's own id: slots 0 and 1 share it */
    long long s; /* seconds since 1970 */
    const char *text;
} rec;

static rec rec_of(int m, int slot)
{
    static const int secs[] = {0, 0, 10, 30};
    static const char *const texts[] = {"request served in 12ms", "request served in 12ms",
                                        "request served in 7ms", "disk full"};
    rec r = {m, slot, secs[slot], slot == 3, m * 4 + (slot == 1 ? 0 : slot), 0, texts[slot]};
    r.s = T0_S + m * 60 + r.ss;
    return r;
}

typedef int (*rec_fn)(char *out, size_t cap, const rec *r);

static int w_syslog(char *o, size_t n, const rec *r)
{
    return snprintf(o, n, "<%d>1 2026-11-20T14:%02d:%02dZ web-1 app 1 - - %s\n", r->error ? 11 : 14,
                    r->m, r->ss, r->text);
}

static int w_access(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "10.0.0.1 - - [20/Nov/2026:14:%02d:%02d +0000] \"GET /%s HTTP/1.1\" %d 12\n",
                    r->m, r->ss,
                    r->slot < 2 ? "a"
                    : r->error  ? "c"
                                : "b",
                    r->error ? 500 : 200);
}

static int w_textlog(char *o, size_t n, const rec *r)
{
    return snprintf(o, n, "2026-11-20 14:%02d:%02d,000 %s [main] com.app.Svc - %s\n", r->m, r->ss,
                    r->error ? "ERROR" : "INFO", r->text);
}

static int w_jsonlines(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"time\":\"2026-11-20T14:%02d:%02dZ\",\"level\":\"%s\",\"msg\":\"%s\"}\n",
                    r->m, r->ss, r->error ? "error" : "info", r->text);
}

static int w_logfmt(char *o, size_t n, const rec *r)
{
    return snprintf(o, n, "time=2026-11-20T14:%02d:%02dZ level=%s msg=\"%s\"\n", r->m, r->ss,
                    r->error ? "error" : "info", r->text);
}

static int w_cri(char *o, size_t n, const rec *r)
{
    return snprintf(o, n, "2026-11-20T14:%02d:%02d.000000000Z %s F %s %s\n", r->m, r->ss,
                    r->error ? "stderr" : "stdout", r->error ? "ERROR" : "INFO", r->text);
}

static int w_csv(char *o, size_t n, const rec *r)
{
    return snprintf(o, n, "2026-11-20T14:%02d:%02dZ,%s,%s\n", r->m, r->ss,
                    r->error ? "error" : "info", r->text);
}

static int w_journald(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"__CURSOR\":\"s=5f1;i=%lx\",\"__REALTIME_TIMESTAMP\":\"%lld000000\","
                    "\"PRIORITY\":\"%d\",\"_HOSTNAME\":\"web-1\",\"SYSLOG_IDENTIFIER\":\"app\","
                    "\"MESSAGE\":\"%s\"}\n",
                    r->id, r->s, r->error ? 3 : 6, r->text);
}

static int w_otlp(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                    "\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeLogs\":[{\"scope\":{"
                    "\"name\":\"app\"},\"logRecords\":[{\"timeUnixNano\":\"%lld000000000\","
                    "\"severityNumber\":%d,\"body\":{\"stringValue\":\"%s\"}}]}]}]}\n",
                    r->s, r->error ? 17 : 9, r->text);
}

static int w_loki(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"labels\":{\"app\":\"checkout\",\"host\":\"web-1\"},\"line\":\"%s %s\","
                    "\"timestamp\":\"2026-11-20T14:%02d:%02dZ\"}\n",
                    r->error ? "ERROR" : "INFO", r->text, r->m, r->ss);
}

static int w_elasticsearch(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"_index\":\"logs-1\",\"_id\":\"d%ld\",\"_source\":{\"@timestamp\":"
                    "\"2026-11-20T14:%02d:%02dZ\",\"level\":\"%s\",\"message\":\"%s\"}}\n",
                    r->id, r->m, r->ss, r->error ? "error" : "info", r->text);
}

static int w_cloudwatch(char *o, size_t n, const rec *r)
{
    return snprintf(o, n,
                    "{\"logStreamName\":\"web-1\",\"timestamp\":%lld000,\"message\":\"%s %s\","
                    "\"ingestionTime\":%lld500,\"eventId\":\"e%ld\"}",
                    r->s, r->error ? "ERROR" : "INFO", r->text, r->s, r->id);
}

static int w_k8s(char *o, size_t n, const rec *r)
{
    return snprintf(
        o, n,
        "{\"metadata\":{\"uid\":\"u%ld\",\"namespace\":\"default\",\"name\":\"web.%ld\"},"
        "\"reason\":\"%s\",\"message\":\"%s\",\"type\":\"%s\",\"count\":1,"
        "\"lastTimestamp\":\"2026-11-20T14:%02d:%02dZ\",\"involvedObject\":{\"kind\":"
        "\"Pod\",\"namespace\":\"default\",\"name\":\"web-1\"},\"source\":{"
        "\"component\":\"kubelet\"}}",
        r->id, r->id, r->error ? "BackOff" : "Started", r->text, r->error ? "Warning" : "Normal",
        r->m, r->ss);
}

/* One log format: its file extension, what its files start and end with
 * and what goes between records (one JSON document holding them all), and
 * what a source entry of incident.json adds to "path" and "name". */
typedef struct fmt {
    const char *name, *ext;
    rec_fn rec;
    const char *head, *sep, *tail;
    const char *entry;
    int by_id; /* 1: kept records' identity is the format's own id, not the line */
} fmt;

static const fmt fmts[] = {
    {"syslog", "log", w_syslog, "", "", "", "\"format\": \"syslog\"", 0},
    {"access", "log", w_access, "", "", "", "\"format\": \"access\"", 0},
    {"textlog", "log", w_textlog, "", "", "", "\"format\": \"textlog\"", 0},
    {"jsonlines", "jsonl", w_jsonlines, "", "", "", "\"format\": \"jsonlines\"", 0},
    {"logfmt", "log", w_logfmt, "", "", "", "\"format\": \"logfmt\"", 0},
    {"cri", "log", w_cri, "", "", "", "\"format\": \"cri\"", 0},
    {"csv", "csv", w_csv, "time,level,message\n", "", "",
     "\"columns\": {\"time\": \"time\", \"text\": \"message\", \"type_from\": \"level\", "
     "\"values\": {\"info\": \"log.info\", \"error\": \"log.error\"}}",
     0},
    {"journald", "json", w_journald, "", "", "", "\"format\": \"journald\"", 1},
    {"otlp", "json", w_otlp, "", "", "", "\"format\": \"otlp\"", 0},
    {"loki", "jsonl", w_loki, "", "", "", "\"format\": \"loki\"", 1},
    {"elasticsearch", "json", w_elasticsearch, "", "", "", "\"format\": \"elasticsearch\"", 1},
    {"cloudwatch-logs", "json", w_cloudwatch, "{\"events\": [\n", ",\n", "\n]}\n",
     "\"format\": \"cloudwatch-logs\"", 1},
    {"k8s-events", "json", w_k8s, "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n",
     ",\n", "\n]}\n", "\"format\": \"k8s-events\"", 1},
};
#define N_FMTS ((int)(sizeof(fmts) / sizeof(fmts[0])))

static void scratch(char *buf, size_t n, const char *fmt_name, const char *name)
{
    snprintf(buf, n, "build/test-scratch/foldedup-fmt-%s-%s-%ld", fmt_name, name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

/* Minutes from..to (included) of a file: the records whose slots are in
 * `slots` (a bit each), the error written `errors` times. */
typedef struct part {
    int from, to;
    unsigned slots;
    int errors;
} part;

/* Parts of format f as dir/NAME.EXT. */
static void write_parts(const char *dir, const fmt *f, const char *name, const part *ps, int n)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s.%s", dir, name, f->ext);
    FILE *out = fopen(p, "wb");
    ck_assert_ptr_nonnull(out);
    fputs(f->head, out);
    int first = 1;
    for (int k = 0; k < n; k++)
        for (int m = ps[k].from; m <= ps[k].to; m++)
            for (int slot = 0; slot < 4; slot++)
                for (int c = 0; (ps[k].slots >> slot & 1) && c < (slot == 3 ? ps[k].errors : 1);
                     c++) {
                    char line[2048];
                    rec r = rec_of(m, slot);
                    int len = f->rec(line, sizeof(line), &r);
                    ck_assert(len > 0 && (size_t)len < sizeof(line));
                    if (!first)
                        fputs(f->sep, out);
                    first = 0;
                    fputs(line, out);
                }
    fputs(f->tail, out);
    fclose(out);
}

/* Minutes from..to (included) of format f as dir/NAME.EXT, every record. */
static void write_minutes(const char *dir, const fmt *f, const char *name, int from, int to)
{
    part p = {from, to, 0xf, 1};
    write_parts(dir, f, name, &p, 1);
}

/* incident.json naming the files (each source named "app", so the outputs
 * of one file and of two agree), with or without the window 13:00-15:00. */
static void write_manifest(const char *dir, const fmt *f, const char *const *names, int n,
                           int window)
{
    char text[4096], p[512];
    size_t o = (size_t)snprintf(text, sizeof(text), "{%s\"sources\": [",
                                window ? "\"window\": {\"from\": \"2026-11-20T13:00:00Z\", "
                                         "\"to\": \"2026-11-20T15:00:00Z\"}, "
                                       : "");
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(text + o, sizeof(text) - o,
                              "%s{\"path\": \"%s.%s\", \"name\": \"app\", %s}", i ? ", " : "",
                              names[i], f->ext, f->entry);
    snprintf(text + o, sizeof(text) - o, "]}\n");
    snprintf(p, sizeof(p), "%s/incident.json", dir);
    FILE *out = fopen(p, "wb");
    ck_assert_ptr_nonnull(out);
    fputs(text, out);
    fclose(out);
}

/* The records of minute 14:MM in log_volume, at every level. */
static long long volume_at(const rg_build *b, int mm)
{
    char want[32];
    snprintf(want, sizeof(want), "2026-11-20T14:%02d:00Z", mm);
    long long n = 0;
    char t[32];
    for (size_t i = 0; i < b->logsum.n_minutes; i++) {
        const rg_logsum_minute *m = b->logsum.sorted_minutes[i];
        if (strcmp(when(m->minute * 60000000, t), want) == 0)
            n += (long long)m->n;
    }
    return n;
}

/* The yardstick: the union of minutes 0..59 with each record once, as the
 * two files of the pieces would hold it (a: 0..a_to, b: the rest), since a
 * format's clusters and the errors kept first are counted per source. Every
 * format keeps the first 20 errors of each source and folds the other 200
 * records (the two copies of a record of one file are two records: 4 a
 * minute). */
static void union_summary(const fmt *f, int window, int a_to, char *out, size_t cap)
{
    char dir[256];
    scratch(dir, sizeof(dir), f->name, window ? "union" : "union-nowin");
    static const char *const names[] = {"a", "b"};
    write_manifest(dir, f, names, 2, window);
    write_minutes(dir, f, "a", 0, a_to);
    write_minutes(dir, f, "b", a_to + 1, 59);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.logsum.n_folded, 200);
    ck_assert_uint_eq(b.timeline.n_events, 40);
    ck_assert_uint_eq(b.timeline.n_duplicates, 0);
    ck_assert_uint_eq(b.logsum.n_copied, 0);
    ck_assert_uint_eq(b.logsum.n_hashed, 0);
    ck_assert_int_eq(volume_at(&b, 35), 4);
    summary(&b, out, cap);
    rg_build_free(&b);
    rg_diag_free(&d);
}

/* Two files of format f, minutes 0..a_to and b_from..59, give the union's
 * summary; `dups` records are duplicates and `hashed` were hashed. */
static void check_pieces(const fmt *f, int window, int a_to, int b_from, uint64_t dups,
                         uint64_t hashed)
{
    static char want[65536], got[65536];
    char dir[256];
    scratch(dir, sizeof(dir), f->name, window ? "pieces" : "pieces-nowin");
    static const char *const names[] = {"a", "b"};
    write_manifest(dir, f, names, 2, window);
    write_minutes(dir, f, "a", 0, a_to);
    write_minutes(dir, f, "b", b_from, 59);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_sources, 2);
    ck_assert_uint_eq(b.logsum.n_copied, dups);
    ck_assert_uint_eq(b.sources[1].n_copied, dups);
    ck_assert_uint_eq(b.timeline.n_duplicates, dups);
    ck_assert_uint_eq(b.logsum.n_hashed, hashed);
    ck_assert_uint_eq(b.logsum.n_folded, 200);
    ck_assert_uint_eq(b.sources[0].n_folded + b.sources[1].n_folded, 200);
    ck_assert_uint_eq(b.timeline.n_events, 40);
    ck_assert_int_eq(volume_at(&b, 35), 4); /* a shared minute: its two copies, not 1 or 4 */
    summary(&b, got, sizeof(got));
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *st = json_object_get(model, "stats");
    ck_assert_int_eq(json_integer_value(json_object_get(st, "duplicates")), (json_int_t)dups);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "folded")), 200);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    union_summary(f, window, a_to, want, sizeof(want));
    ck_assert_str_eq(got, want);
}

/* a 14:00-14:39, b 14:30-14:59, in the window: b's 40 records of the ten
 * shared minutes are duplicates; only those minutes are hashed, 40 records
 * in each file. */
START_TEST(test_overlap_window)
{
    check_pieces(&fmts[_i], 1, 39, 30, 40, 80);
}
END_TEST

/* The same without a window: each file's range is its whole range. */
START_TEST(test_overlap_no_window)
{
    check_pieces(&fmts[_i], 0, 39, 30, 40, 80);
}
END_TEST

/* Files that meet without sharing a minute (14:00-14:29, 14:30-14:59):
 * nothing is hashed, nothing is a duplicate. */
START_TEST(test_touch_window)
{
    check_pieces(&fmts[_i], 1, 29, 30, 0, 0);
}
END_TEST

START_TEST(test_touch_no_window)
{
    check_pieces(&fmts[_i], 0, 29, 30, 0, 0);
}
END_TEST

/* Kept records in the shared minutes (14:30-14:39), a holding each error
 * once, b twice: b's second copy is a record a did not have, let through
 * and kept (b's first 20 errors: 14:30-14:49), and the timeline keeps it
 * too (30 events). For a format whose identity is its own id (a journal
 * cursor) the copies are one record however often read, the timeline's
 * rule for kept events: it drops b's second copies (20 events). */
static void check_kept(const fmt *f, int window)
{
    char dir[256];
    scratch(dir, sizeof(dir), f->name, window ? "kept" : "kept-nowin");
    static const char *const names[] = {"a", "b"};
    write_manifest(dir, f, names, 2, window);
    part a = {30, 39, 0xf, 1};
    write_parts(dir, f, "a", &a, 1);
    part bp[] = {{30, 39, 0xf, 2}, {40, 59, 0xf, 1}};
    write_parts(dir, f, "b", bp, 2);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    uint64_t id_dups = f->by_id ? 10 : 0;
    ck_assert_uint_eq(b.logsum.n_copied, 40);
    ck_assert_uint_eq(b.logsum.n_hashed, 90);
    ck_assert_uint_eq(b.logsum.n_folded,
                      30 + 60 + 10); /* info: a 30, b 60 (14:40-); b errors 14:50- */
    ck_assert_uint_eq(b.timeline.n_events, 30 - id_dups);
    ck_assert_uint_eq(b.timeline.n_duplicates, 40 + id_dups);
    ck_assert_int_eq(volume_at(&b, 35), 5);
    rg_build_free(&b);
    rg_diag_free(&d);
}

START_TEST(test_kept_window)
{
    check_kept(&fmts[_i], 1);
}
END_TEST

START_TEST(test_kept_no_window)
{
    check_kept(&fmts[_i], 0);
}
END_TEST

/* ---- lines with bad bytes: one identity, the line as read ------------- */

/* The formats whose lines are cleaned (bad UTF-8 and NUL become U+FFFD)
 * before a kept event is built: a line in the format at 14:MM:SS, an error
 * or not, with text (which may hold bad bytes). */
typedef struct bad_fmt {
    const char *name, *format;
    int (*line)(char *o, size_t n, int mm, int ss, int error, const char *text);
} bad_fmt;

static int b_syslog(char *o, size_t n, int mm, int ss, int error, const char *text)
{
    return snprintf(o, n, "<%d>1 2026-11-20T14:%02d:%02dZ web-1 app 1 - - %s\n", error ? 11 : 14,
                    mm, ss, text);
}

static int b_access(char *o, size_t n, int mm, int ss, int error, const char *text)
{
    return snprintf(o, n,
                    "10.0.0.1 - - [20/Nov/2026:14:%02d:%02d +0000] \"GET /%s HTTP/1.1\" %d 12\n",
                    mm, ss, text, error ? 500 : 200);
}

static int b_textlog(char *o, size_t n, int mm, int ss, int error, const char *text)
{
    return snprintf(o, n, "2026-11-20 14:%02d:%02d,000 %s [main] com.app.Svc - %s\n", mm, ss,
                    error ? "ERROR" : "INFO", text);
}

static const bad_fmt bad_fmts[] = {
    {"syslog", "syslog", b_syslog},
    {"access", "access", b_access},
    {"textlog", "textlog", b_textlog},
};
#define N_BAD_FMTS ((int)(sizeof(bad_fmts) / sizeof(bad_fmts[0])))

static void write_text(const char *dir, const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *out = fopen(p, "wb");
    ck_assert_ptr_nonnull(out);
    fputs(text, out);
    fclose(out);
}

/* dir/NAME.log: the info line "served\xff M" at 14:MM:00 for each minute
 * from..to, and the error "disk \xfe full" at 14:02:30. */
static void write_bad(const char *dir, const bad_fmt *f, const char *name, int from, int to)
{
    char text[4096], line[512], p[64], t[64];
    size_t o = 0;
    for (int m = from; m <= to; m++) {
        snprintf(t, sizeof(t), "served\xff %d", m);
        f->line(line, sizeof(line), m, 0, 0, t);
        o += (size_t)snprintf(text + o, sizeof(text) - o, "%s", line);
        if (m == 2) {
            f->line(line, sizeof(line), 2, 30, 1, "disk \xfe full");
            o += (size_t)snprintf(text + o, sizeof(text) - o, "%s", line);
        }
    }
    snprintf(p, sizeof(p), "%s.log", name);
    write_text(dir, p, text);
}

/* Two pieces sharing lines with bad bytes (a 14:00-14:03, b 14:01-14:04, in
 * the window): the shared records are counted once, the folded info lines
 * and the kept error alike: 1 error kept, 5 info lines folded, 4 copies (3
 * info lines and the error). */
START_TEST(test_bad_bytes_overlap)
{
    const bad_fmt *f = &bad_fmts[_i];
    char dir[256], text[1024];
    scratch(dir, sizeof(dir), f->name, "bad-overlap");
    snprintf(
        text, sizeof(text),
        "{\"window\": {\"from\": \"2026-11-20T13:00:00Z\", \"to\": "
        "\"2026-11-20T15:00:00Z\"}, \"sources\": [{\"path\": \"a.log\", \"name\": \"app\", "
        "\"format\": \"%s\"}, {\"path\": \"b.log\", \"name\": \"app\", \"format\": \"%s\"}]}\n",
        f->format, f->format);
    write_text(dir, "incident.json", text);
    write_bad(dir, f, "a", 0, 3);
    write_bad(dir, f, "b", 1, 4);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 1);
    ck_assert_str_eq(b.timeline.events[0]->type, "log.error");
    ck_assert_uint_eq(b.logsum.n_folded, 5);
    ck_assert_uint_eq(b.logsum.n_copied, 4);
    ck_assert_uint_eq(b.timeline.n_duplicates, 4);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *st = json_object_get(model, "stats");
    ck_assert_int_eq(json_integer_value(json_object_get(st, "duplicates")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(st, "events")), 6); /* kept + folded */
    ck_assert_int_eq(json_integer_value(json_object_get(st, "folded")), 5);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* Two sources an hour apart by their clocks ("offset": "1h" on b), so no
 * time is shared and only the timeline compares their kept errors, by
 * identity. "disk \xfe full" in a and "disk \xff full" in b are two lines
 * (their bytes differ) that clean to the same text: two records, as fold()
 * hashing the line as read would count them. "cpu \xfe hot" is in both,
 * the same bytes: one record read twice (the timeline's rule, whatever the
 * clocks). Before, kept events' identity was the clean line, and b's disk
 * error was dropped as a's copy (2 events, 2 duplicates). */
START_TEST(test_bad_bytes_kept_identity)
{
    const bad_fmt *f = &bad_fmts[_i];
    char dir[256], text[1024], l1[512], l2[512];
    scratch(dir, sizeof(dir), f->name, "bad-kept");
    snprintf(text, sizeof(text),
             "{\"sources\": [{\"path\": \"a.log\", \"format\": \"%s\"}, {\"path\": \"b.log\", "
             "\"format\": \"%s\", \"offset\": \"1h\"}]}\n",
             f->format, f->format);
    write_text(dir, "incident.json", text);
    f->line(l1, sizeof(l1), 2, 30, 1, "disk \xfe full");
    f->line(l2, sizeof(l2), 2, 40, 1, "cpu \xfe hot");
    snprintf(text, sizeof(text), "%s%s", l1, l2);
    write_text(dir, "a.log", text);
    f->line(l1, sizeof(l1), 2, 30, 1, "disk \xff full");
    snprintf(text, sizeof(text), "%s%s", l1, l2);
    write_text(dir, "b.log", text);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.logsum.n_hashed, 0);
    ck_assert_uint_eq(b.timeline.n_events, 3);
    ck_assert_uint_eq(b.timeline.n_duplicates, 1);
    char t[32];
    ck_assert_str_eq(when(b.timeline.events[2]->at_us, t), "2026-11-20T15:02:30Z");
    ck_assert_str_eq(b.timeline.events[2]->origin, "b.log:1");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *foldedup_fmt_suite(void)
{
    Suite *s = suite_create("foldedup_fmt");
    TCase *tc = tcase_create("foldedup_fmt");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_overlap_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_overlap_no_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_touch_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_touch_no_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_kept_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_kept_no_window, 0, N_FMTS);
    tcase_add_loop_test(tc, test_bad_bytes_overlap, 0, N_BAD_FMTS);
    tcase_add_loop_test(tc, test_bad_bytes_kept_identity, 0, N_BAD_FMTS);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(foldedup_fmt_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
