/* check_compressed.c -- gzip and zstd logs read as the plain file (zfile.c
 * under the line reader, the sniffing head and JSON documents), several gzip
 * members, truncated and corrupt data with the line reached, and the rotated
 * pieces of one log read as one source, oldest first. The compressed fixtures
 * are made here with zlib and libzstd from the plain ones. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "../importers/zfile.h"
#include "build.h"
#include "check_importer_util.h"
#include "sources.h"

extern const rg_importer rg_importer_syslog;
extern const rg_importer rg_importer_jsonlines;
extern const rg_importer rg_importer_k8s_events;
extern const rg_importer rg_importer_prometheus;

#define PLAIN RG_FIXTURES "/syslog/window.log"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    static char buf[1 << 16];
    *n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return buf;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* gzip of data into out (one member); when flush_at > 0, a sync flush after
 * that many bytes of input, whose compressed offset goes to *flushed. */
static size_t gzip_bytes(const char *data, size_t n, unsigned char *out, size_t cap,
                         size_t flush_at, size_t *flushed)
{
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    size_t first = flush_at ? flush_at : n;
    zs.next_in = (Bytef *)data;
    zs.avail_in = (uInt)first;
    ck_assert_int_eq(deflate(&zs, flush_at ? Z_SYNC_FLUSH : Z_FINISH),
                     flush_at ? Z_OK : Z_STREAM_END);
    if (flush_at) {
        *flushed = cap - zs.avail_out;
        zs.next_in = (Bytef *)data + first;
        zs.avail_in = (uInt)(n - first);
        ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
    }
    size_t len = cap - zs.avail_out;
    deflateEnd(&zs);
    return len;
}

static size_t zstd_bytes(const char *data, size_t n, unsigned char *out, size_t cap,
                         size_t flush_at, size_t *flushed)
{
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    ck_assert_ptr_nonnull(cc);
    ZSTD_outBuffer ob = {out, cap, 0};
    ZSTD_inBuffer ib = {data, flush_at ? flush_at : n, 0};
    size_t rc;
    do
        rc = ZSTD_compressStream2(cc, &ob, &ib, flush_at ? ZSTD_e_flush : ZSTD_e_end);
    while (rc != 0 && !ZSTD_isError(rc));
    ck_assert(!ZSTD_isError(rc));
    if (flush_at) {
        *flushed = ob.pos;
        ZSTD_inBuffer rest = {data + flush_at, n - flush_at, 0};
        do
            rc = ZSTD_compressStream2(cc, &ob, &rest, ZSTD_e_end);
        while (rc != 0 && !ZSTD_isError(rc));
        ck_assert(!ZSTD_isError(rc));
    }
    ZSTD_freeCCtx(cc);
    return ob.pos;
}

/* Every event field but the origin's file name. */
static const char *event_line(const rg_event *ev)
{
    static char buf[4096];
    const char *colon = strrchr(ev->origin, ':');
    char when[32];
    snprintf(buf, sizeof(buf), "%s %s %s %s line %s [%s] %s", rg_time_format(ev->at_us, when),
             ev->type, ev->actor ? ev->actor : "-", ev->time_text, colon ? colon + 1 : "?",
             ev->text, ev->attrs ? ev->attrs->value : "");
    return buf;
}

static void same_events(const got *a, const got *b)
{
    ck_assert_uint_eq(a->n, b->n);
    ck_assert_uint_gt(a->n, 0);
    for (size_t i = 0; i < a->n; i++) {
        char want[4096];
        snprintf(want, sizeof(want), "%s", event_line(a->ev[i]));
        ck_assert_str_eq(event_line(b->ev[i]), want);
    }
    ck_assert_uint_eq(a->diag.n_warnings, b->diag.n_warnings);
}

START_TEST(gzip_and_zstd_equal_plain)
{
    size_t n;
    const char *data = slurp(PLAIN, &n);
    static unsigned char z[1 << 16];
    char gz[64], zs[64];
    snprintf(gz, sizeof(gz), "%s", temp_path("rg_gz"));
    write_file(gz, z, gzip_bytes(data, n, z, sizeof(z), 0, NULL));
    snprintf(zs, sizeof(zs), "%s", temp_path("rg_zst"));
    write_file(zs, z, zstd_bytes(data, n, z, sizeof(z), 0, NULL));
    got plain, g1, g2;
    run_log(&plain, &rg_importer_syslog, 64, PLAIN, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
    run_log(&g1, &rg_importer_syslog, 64, gz, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
    run_log(&g2, &rg_importer_syslog, 64, zs, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
    ck_assert_int_eq(plain.rc, 0);
    ck_assert_int_eq(g1.rc, 0);
    ck_assert_int_eq(g2.rc, 0);
    same_events(&plain, &g1);
    same_events(&plain, &g2);
    /* The same with the window cut. */
    got_free(&g1);
    got_free(&plain);
    run_log(&plain, &rg_importer_syslog, 64, PLAIN, NULL, "2026-11-20T14:00:00Z",
            "2026-11-20T14:00:00Z", "2026-11-20T15:00:00Z", 0);
    run_log(&g1, &rg_importer_syslog, 64, gz, NULL, "2026-11-20T14:00:00Z", "2026-11-20T14:00:00Z",
            "2026-11-20T15:00:00Z", 0);
    same_events(&plain, &g1);
    ck_assert_uint_eq(plain.sink.n_outside, g1.sink.n_outside);
    /* The core sniffs the decompressed head. */
    const char *head =
        "Nov 20 14:02:03 web-1 app[12]: started\nNov 20 14:02:04 web-1 app[12]: ok\n";
    write_file(gz, z, gzip_bytes(head, strlen(head), z, sizeof(z), 0, NULL));
    write_file(zs, z, zstd_bytes(head, strlen(head), z, sizeof(z), 0, NULL));
    int score;
    ck_assert_ptr_eq(rg_sources_sniff(gz, &score, NULL), &rg_importer_syslog);
    ck_assert_ptr_eq(rg_sources_sniff(zs, &score, NULL), &rg_importer_syslog);
    ck_assert_int_eq(score, 85);
    got_free(&plain);
    got_free(&g1);
    got_free(&g2);
    unlink(gz);
    unlink(zs);
}
END_TEST

/* gzip files may be several members one after another (cat a.gz b.gz). */
START_TEST(gzip_members)
{
    const char *a = "{\"time\":\"2026-11-20T14:02:03Z\",\"level\":\"error\",\"msg\":\"one\"}\n";
    const char *b = "{\"time\":\"2026-11-20T14:02:04Z\",\"level\":\"info\",\"msg\":\"two\"}\n";
    static unsigned char z[4096];
    size_t na = gzip_bytes(a, strlen(a), z, sizeof(z), 0, NULL);
    size_t nb = gzip_bytes(b, strlen(b), z + na, sizeof(z) - na, 0, NULL);
    char p[64];
    snprintf(p, sizeof(p), "%s", temp_path("rg_members"));
    write_file(p, z, na + nb);
    got g;
    run_log(&g, &rg_importer_jsonlines, 8, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "one");
    ck_assert_str_eq(g.ev[1]->text, "two");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unlink(p);
}
END_TEST

/* A .gz / .zst cut after line 4: lines 1-4 are read, then a warning names
 * the line reached. */
START_TEST(truncated)
{
    size_t n;
    const char *data = slurp(PLAIN, &n);
    size_t four = 0;
    for (int k = 0; k < 4; k++)
        four = (size_t)((const char *)memchr(data + four, '\n', n - four) - data) + 1;
    static unsigned char z[1 << 16];
    for (int codec = 0; codec < 2; codec++) {
        size_t flushed = 0;
        size_t len = codec == 0 ? gzip_bytes(data, n, z, sizeof(z), four, &flushed)
                                : zstd_bytes(data, n, z, sizeof(z), four, &flushed);
        ck_assert_uint_lt(flushed, len);
        char p[64], want[256];
        snprintf(p, sizeof(p), "%s", temp_path("rg_trunc"));
        write_file(p, z, flushed);
        got g, plain;
        run_log(&g, &rg_importer_syslog, 64, p, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
        ck_assert_int_eq(g.rc, 0);
        snprintf(want, sizeof(want),
                 "%s:5: %s data ends early (the file is truncated); lines from 5 on are lost", p,
                 codec == 0 ? "gzip" : "zstd");
        check_warning(&g, "compressed", want, 1);
        /* The events are those of the plain file's first four lines. */
        write_file(p, data, four);
        run_log(&plain, &rg_importer_syslog, 64, p, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
        ck_assert_uint_eq(g.n, plain.n);
        for (size_t i = 0; i < g.n; i++) {
            char w[4096];
            snprintf(w, sizeof(w), "%s", event_line(plain.ev[i]));
            ck_assert_str_eq(event_line(g.ev[i]), w);
        }
        got_free(&g);
        got_free(&plain);
        unlink(p);
    }
}
END_TEST

START_TEST(corrupt)
{
    size_t n;
    const char *data = slurp(PLAIN, &n);
    static unsigned char z[1 << 16];
    size_t len = gzip_bytes(data, n, z, sizeof(z), 0, NULL);
    for (size_t i = 20; i < len - 8; i++)
        z[i] ^= 0x5A; /* the deflate data is garbage from byte 20 on */
    char p[64];
    snprintf(p, sizeof(p), "%s", temp_path("rg_corrupt"));
    write_file(p, z, len);
    got g;
    run_log(&g, &rg_importer_syslog, 64, p, NULL, "2026-11-20T14:00:00Z", NULL, NULL, 0);
    const char *w = first_warning(&g.diag, "compressed");
    char prefix[128];
    snprintf(prefix, sizeof(prefix), "%s:", p);
    ck_assert_msg(strncmp(w, prefix, strlen(prefix)) == 0, "%s", w);
    ck_assert_msg(strstr(w, ": gzip data is corrupt (") != NULL, "%s", w);
    ck_assert_msg(strstr(w, " on are lost") != NULL, "%s", w);
    got_free(&g);
    /* A head that is not even a gzip header: the data error, nothing read. */
    static const unsigned char bad[] = {0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF};
    write_file(p, bad, sizeof(bad));
    run_log(&g, &rg_importer_syslog, 64, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    char want[256];
    snprintf(want, sizeof(want),
             "%s:1: gzip data ends early (the file is truncated); lines from 1 on are lost", p);
    check_warning(&g, "compressed", want, 1);
    got_free(&g);
    unlink(p);
}
END_TEST

/* A compressed copy (zstd, else gzip) of the fixture at path, written to a
 * temporary file whose path goes to p[64]. */
static void compressed_copy(const char *path, int zstd, char *p)
{
    size_t n;
    const char *data = slurp(path, &n);
    static unsigned char z[1 << 16];
    snprintf(p, 64, "%s", temp_path("rg_json"));
    write_file(p, z,
               zstd ? zstd_bytes(data, n, z, sizeof(z), 0, NULL)
                    : gzip_bytes(data, n, z, sizeof(z), 0, NULL));
}

/* JSON documents (a k8s event list) read through zfile too. */
START_TEST(json_document)
{
    char p[64];
    compressed_copy(RG_FIXTURES "/k8s_events/list.json", 1, p);
    got g, plain;
    run_log(&g, &rg_importer_k8s_events, 64, p, NULL, NULL, NULL, NULL, 0);
    run_log(&plain, &rg_importer_k8s_events, 64, RG_FIXTURES "/k8s_events/list.json", NULL, NULL,
            NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, plain.n);
    for (size_t i = 0; i < g.n; i++)
        ck_assert_str_eq(g.ev[i]->text, plain.ev[i]->text);
    got_free(&g);
    got_free(&plain);
    unlink(p);
}
END_TEST

/* A Prometheus query response gzipped: read as JSON, the plain file's
 * series and samples (the importer chose JSON or dump text on the raw
 * bytes, and a .gz went to the dump reader, which found neither). */
START_TEST(prometheus_response)
{
    char p[64];
    compressed_copy(RG_FIXTURES "/prometheus/range.json", 0, p);
    got g, plain;
    run_log(&g, &rg_importer_prometheus, 8, p, NULL, NULL, NULL, NULL, 0);
    run_log(&plain, &rg_importer_prometheus, 8, RG_FIXTURES "/prometheus/range.json", NULL, NULL,
            NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n_series, 2);
    ck_assert_uint_eq(plain.n_series, 2);
    for (size_t i = 0; i < g.n_series; i++) {
        char a[512];
        snprintf(a, sizeof(a), "%s", strstr(series_text(&g, i), ":series "));
        ck_assert_str_eq(a, strstr(series_text(&plain, i), ":series ")); /* after the path */
    }
    got_free(&g);
    got_free(&plain);
    unlink(p);
}
END_TEST

START_TEST(rotation_names)
{
    int kind;
    long long key;
    ck_assert_uint_eq(rg_rotation_base("app.log", &kind, &key), 7);
    ck_assert_int_eq(kind, 0);
    ck_assert_uint_eq(rg_rotation_base("app.log.1", &kind, &key), 7);
    ck_assert_int_eq(kind, 1);
    ck_assert_int_eq(key, 1);
    ck_assert_uint_eq(rg_rotation_base("app.log.12.gz", &kind, &key), 7);
    ck_assert_int_eq(kind, 1);
    ck_assert_int_eq(key, 12);
    ck_assert_uint_eq(rg_rotation_base("app.log-20261120.zst", &kind, &key), 7);
    ck_assert_int_eq(kind, 2);
    ck_assert_int_eq(key, 20261120);
    ck_assert_uint_eq(rg_rotation_base("app.log.2026-11-19", &kind, &key), 7);
    ck_assert_int_eq(kind, 2);
    ck_assert_int_eq(key, 20261119);
    ck_assert_uint_eq(rg_rotation_base("app.log.gz", &kind, &key), 7);
    ck_assert_int_eq(kind, 0);
    ck_assert_uint_eq(rg_rotation_base("2026-11-20.json", &kind, &key), 15);
    ck_assert_int_eq(kind, 0);
}
END_TEST

static void put(const char *dir, const char *name, const char *text, int codec)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    static unsigned char z[1 << 16];
    size_t n = strlen(text);
    if (codec == 1)
        write_file(p, z, gzip_bytes(text, n, z, sizeof(z), 0, NULL));
    else if (codec == 2)
        write_file(p, z, zstd_bytes(text, n, z, sizeof(z), 0, NULL));
    else
        write_file(p, text, n);
}

/* app.log, app.log.1, app.log.2.gz, app.log-20261119.zst: one source named
 * app.log, read oldest first; a piece of another log stays apart. */
START_TEST(rotated_pieces)
{
    char dir[256];
    snprintf(dir, sizeof(dir), "build/test-scratch/rotated-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    mkdir(dir, 0777);
    put(dir, "app.log", "Nov 20 14:04:00 web-1 app: live ERROR\n", 0);
    put(dir, "app.log.1", "Nov 20 14:03:00 web-1 app: piece one\n", 0);
    put(dir, "app.log.2.gz", "Nov 20 14:02:00 web-1 app: piece two\n", 1);
    put(dir, "app.log-20261119.zst", "Nov 19 23:59:00 web-1 app: dated piece\n", 2);
    put(dir, "other.log.1", "Nov 20 14:05:00 web-2 db: lone piece\n", 0);
    rg_arena *a = rg_arena_new();
    rg_manifest m;
    rg_manifest_defaults(&m, a, "x");
    rg_diag d;
    rg_diag_init(&d);
    rg_found_source *list;
    size_t n;
    ck_assert_int_eq(rg_sources_find(dir, &m, a, &list, &n, &d), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(list[0].rel, "app.log");
    ck_assert_str_eq(list[0].src.name, "app.log");
    ck_assert_uint_eq(list[0].n_pieces, 4);
    ck_assert_str_eq(list[0].piece_rels[0], "app.log-20261119.zst");
    ck_assert_str_eq(list[0].piece_rels[1], "app.log.2.gz");
    ck_assert_str_eq(list[0].piece_rels[2], "app.log.1");
    ck_assert_str_eq(list[0].piece_rels[3], "app.log");
    ck_assert_str_eq(list[1].rel, "other.log.1");
    ck_assert_uint_eq(list[1].n_pieces, 0);
    rg_diag_free(&d);
    rg_arena_free(a);

    /* Built: the events come in that order, as one source. */
    char manifest[512];
    snprintf(manifest, sizeof(manifest), "%s/incident.json", dir);
    write_file(manifest,
               "{\"window\": {\"from\": \"2026-11-19T00:00:00Z\", \"to\": "
               "\"2026-11-21T00:00:00Z\"}}",
               strlen("{\"window\": {\"from\": \"2026-11-19T00:00:00Z\", \"to\": "
                      "\"2026-11-21T00:00:00Z\"}}"));
    rg_build b;
    rg_build_opts o = {0};
    o.dir = dir;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_build_run(&b, &o, &d), 0);
    ck_assert_uint_eq(b.n_sources, 2);
    /* the error line is an event; the info lines are folded (README,
     * "Evidence of any size"), each cluster naming the piece it came from */
    ck_assert_uint_eq(b.sources[0].n_events, 1);
    ck_assert_uint_eq(b.sources[0].n_folded, 3);
    ck_assert_str_eq(b.events[0]->origin, "app.log:1");
    ck_assert_str_eq(b.events[0]->source, "app.log");
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 4);
    const rg_logsum_cluster *const *cl = (const rg_logsum_cluster *const *)b.logsum.sorted_clusters;
    ck_assert_str_eq(cl[0]->origin, "app.log-20261119.zst:1");
    ck_assert_str_eq(cl[0]->text, "dated piece");
    ck_assert_str_eq(cl[1]->origin, "app.log.2.gz:1");
    ck_assert_str_eq(cl[2]->origin, "app.log.1:1");
    ck_assert_str_eq(cl[2]->source_name, "app.log");
    ck_assert_str_eq(cl[3]->origin, "other.log.1:1");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *compressed_suite(void)
{
    Suite *s = suite_create("compressed");
    TCase *tc = tcase_create("compressed");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, gzip_and_zstd_equal_plain);
    tcase_add_test(tc, gzip_members);
    tcase_add_test(tc, truncated);
    tcase_add_test(tc, corrupt);
    tcase_add_test(tc, json_document);
    tcase_add_test(tc, prometheus_response);
    tcase_add_test(tc, rotation_names);
    tcase_add_test(tc, rotated_pieces);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(compressed_suite)
