/* check_elasticsearch.c -- the elasticsearch importer: _search responses
 * (ECS and JSON-lines field names in the _source), pages of a search_after
 * loop with a hit read twice, hits one per line cut to the window, the real
 * sample, bad hits, bad input, sniffing and running out of memory; every
 * event exact. */
#include <string.h>

#include "check_importer_util.h"

#define FX RG_FIXTURES "/elasticsearch"
#define CORPUS RG_CORPUS "/real/elasticsearch"

extern const rg_importer rg_importer_elasticsearch;
#define IMP (&rg_importer_elasticsearch)

static got g;

START_TEST(search_response)
{
    run_log(&g, IMP, 16, FX "/search.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 4);
    /* ECS: nested log.level, message, host.name before service.name */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T14:03:05.123000Z log.error actor=ip-10-0-1-7 origin=" FX
                     "/search.json:17 time=[2026-11-20T14:03:05.123Z] "
                     "attrs={level=error;service=checkout-api;index=logs-checkout-2026.11.20;} "
                     "text=[checkout failed: connection refused]");
    /* JSON-lines names: level, msg, hostname; the time's offset honoured */
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:03:04Z log.warning actor=ip-10-0-1-8 origin=" FX
                                    "/search.json:43 time=[2026-11-20T21:03:04+07:00] "
                                    "attrs={level=warn;index=logs-checkout-2026.11.20;} "
                                    "text=[pool exhausted]");
    /* epoch milliseconds; no level field: the message's level word */
    ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:03:03Z log.error actor=gateway origin=" FX
                                    "/search.json:58 time=[1795183383000] "
                                    "attrs={service=gateway;index=filebeat-8;} text=[ERROR "
                                    "upstream <script>alert(1)</script>]");
    /* no message: the whole _source is the text; no _id: identity from it */
    ck_assert_str_eq(dump(g.ev[3]),
                     "2026-11-20T14:03:02Z log.info actor=- origin=" FX
                     "/search.json:72 time=[2026-11-20T14:03:02Z] attrs={index=filebeat-8;} "
                     "text=[{\"timestamp\":\"2026-11-20T14:03:02Z\",\"event\":{\"dataset\":\"nginx."
                     "access\"}}]");
    for (size_t i = 0; i < 4; i++)
        ck_assert(g.ev[i]->ident != 0);
    got_free(&g);
}
END_TEST

START_TEST(pages_fold_a_hit_read_twice)
{
    run_log(&g, IMP, 16, FX "/pages.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 4);
    /* hit a2 ends one page and starts the next: _index and _id fold it */
    ck_assert_uint_eq(got_fold(&g), 1);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(g.ev[1]->text, "pool exhausted");
    got_free(&g);
}
END_TEST

/* A response with bad hits, read whole and hit by hit (as one over 1 MiB
 * is: jsonstream.h): the same events, and each warning at its hit's line. */
START_TEST(bad_hits_whole_and_streamed)
{
    for (int streamed = 0; streamed < 2; streamed++) {
        run_log_read(&g, IMP, 16, FX "/bad-hits.json", streamed);
        ck_assert_msg(g.rc == 0, "%s", g.diag.error);
        ck_assert_uint_eq(g.n, 3);
        ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:00:01Z log.error actor=web-1 origin=" FX
                                        "/bad-hits.json:6 time=[2026-11-20T14:00:01Z] "
                                        "attrs={level=error;index=app;} "
                                        "text=[checkout failed: timeout]");
        ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:00:05Z log.warning actor=checkout-api "
                                        "origin=" FX "/bad-hits.json:11 "
                                        "time=[2026-11-20T14:00:05Z] "
                                        "attrs={level=warn;service=checkout-api;index=app;} "
                                        "text=[pool \"main\" exhausted \xC3\xA9 <b>]");
        ck_assert_str_eq(dump(g.ev[2]), "2026-11-20T14:00:06Z log.error actor=- origin=" FX
                                        "/bad-hits.json:21 time=[1795183206000] "
                                        "attrs={level=error;index=app;} text=[no id here]");
        check_warning(&g, "bad-record",
                      FX "/bad-hits.json:7:7: a hits element is not an object; skipped", 2);
        check_warning(&g, "no-time",
                      FX "/bad-hits.json:9:7: hit's _source has no \"@timestamp\", \"timestamp\" "
                         "or \"time\"; skipped",
                      1);
        check_warning(&g, "bad-time",
                      FX "/bad-hits.json:10:7: cannot read 'yesterday-ish' in \"@timestamp\" as a "
                         "time; hit skipped",
                      1);
        got_free(&g);
    }
}
END_TEST

/* A hit with inner_hits (and a "hits" array in its _source) before two
 * others: each hit on its own line, read whole and hit by hit. The whole
 * read took the offsets of every array named "hits", so the second and third
 * hits were put on the first one's _source "hits" line (5). */
START_TEST(inner_hits_located)
{
    static const long lines[] = {4, 9, 11};
    check_lines_both_ways(IMP, FX "/inner-hits.json", lines, 3, "order 43 failed");
}
END_TEST

START_TEST(hits_one_per_line_cut_to_the_window)
{
    run_log(&g, IMP, 16, FX "/hits.jsonl", NULL, NULL, "2026-11-20T13:30:00Z",
            "2026-11-20T15:00:00Z", 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:00:00Z log.warning actor=- origin=" FX
                                    "/hits.jsonl:2 time=[2026-11-20T14:00:00Z] "
                                    "attrs={level=WARNING;index=app;} text=[in the window]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:00:02Z log.info actor=- origin=" FX
                                    "/hits.jsonl:5 time=[2026-11-20T14:00:02Z] "
                                    "attrs={index=app;} text=[NOTICE fine]");
    /* 7 lines: 2 kept, 2 outside the window, 3 warned */
    ck_assert_uint_eq(g.sink.n_outside, 2);
    check_warning(&g, "bad-json",
                  FX "/hits.jsonl:3:90: invalid JSON: premature end of input near '\"cut sh'", 1);
    check_warning(&g, "no-time",
                  FX "/hits.jsonl:4: hit's _source has no \"@timestamp\", \"timestamp\" or "
                     "\"time\"; skipped",
                  1);
    check_warning(&g, "bad-record", FX "/hits.jsonl:6: hit has no \"_source\" object; skipped", 1);
    got_free(&g);
}
END_TEST

/* Hits one per line, the second of 2 MiB (a large document): read whole, its
 * message its text, each hit on its line. The line reader cut it at 1 MiB
 * and it was skipped with a warning. */
START_TEST(long_hit_line_read_whole)
{
    check_long_record_whole(
        IMP,
        "{\"_index\":\"app\",\"_id\":\"1\",\"_source\":{\"@timestamp\":\"2026-11-20T14:00:00Z\","
        "\"message\":\"first\"}}\n"
        "{\"_index\":\"app\",\"_id\":\"2\",\"_source\":{\"@timestamp\":\"2026-11-20T14:00:01Z\","
        "\"message\":\"big ",
        "\"}}\n{\"_index\":\"app\",\"_id\":\"3\",\"_source\":{\"@timestamp\":"
        "\"2026-11-20T14:00:02Z\",\"message\":\"last\"}}\n");
}
END_TEST

/* A search response of over a MiB on one line (curl's output): read as the
 * response it is, hit by hit, though the line reader now hands such a line
 * over whole. */
START_TEST(one_line_response_streamed)
{
    enum { N = 12000 };
    rg_buf b = {0};
    ck_assert_int_eq(
        rg_buf_puts(&b, "{\"took\":3,\"hits\":{\"total\":{\"value\":12000},\"hits\":["), 0);
    for (int i = 0; i < N; i++) {
        char hit[200];
        snprintf(hit, sizeof(hit),
                 "%s{\"_index\":\"app\",\"_id\":\"%d\",\"_source\":{\"@timestamp\":"
                 "\"2026-11-20T14:%02d:00Z\",\"message\":\"hit %d\"}}",
                 i ? "," : "", i, i % 60, i);
        ck_assert_int_eq(rg_buf_puts(&b, hit), 0);
    }
    ck_assert_int_eq(rg_buf_puts(&b, "]}}"), 0);
    ck_assert_uint_gt(b.len, 1024 * 1024 + 64 * 1024);
    char *path = temp_file_filled("es_oneline", b.data, ' ', 0, "\n");
    rg_buf_free(&b);
    rg_jsondocs_last_parsed_max = (size_t)-1; /* a reader that never streams leaves it so */
    run_log(&g, IMP, N, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, N);
    ck_assert_str_eq(g.ev[N - 1]->text, "hit 11999");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_uint_lt(rg_jsondocs_last_parsed_max, 200);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(real_sample)
{
    if (!rg_have_corpus(CORPUS))
        return;
    run_log(&g, IMP, 4, CORPUS "/elasticsearch-specification_search_response_example1.json", NULL,
            NULL, NULL, NULL, 0);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    ck_assert_uint_eq(g.n, 1);
    /* "@timestamp" without a zone: read in the source's zone (UTC, assumed) */
    ck_assert_ptr_nonnull(strstr(dump(g.ev[0]), "2099-11-15T14:12:12Z log.info actor=- "));
    ck_assert_ptr_nonnull(strstr(dump(g.ev[0]),
                                 " time=[2099-11-15T14:12:12 (UTC assumed)] "
                                 "attrs={index=my-index-000001;} text=[GET /search HTTP/1.1 200 "
                                 "1070000]"));
    got_free(&g);
}
END_TEST

START_TEST(empty_file)
{
    char *path = temp_path("es_empty");
    run_log(&g, IMP, 4, path, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    got_free(&g);
    unlink(path);
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(IMP, FX "/search.json"), 95);
    ck_assert_int_eq(sniff_file(IMP, FX "/hits.jsonl"), 95);
    const char *none = "{\"took\":1,\"timed_out\":false,\"_shards\":{\"total\":1},\"hits\":{"
                       "\"total\":{\"value\":0},\"hits\":[]}}";
    ck_assert_int_eq(IMP->sniff("x.json", 0, none, strlen(none)), 80);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/jsonlines/formats.jsonl"), 0);
    ck_assert_int_eq(sniff_file(IMP, RG_FIXTURES "/loki/logcli.jsonl"), 0);
    ck_assert_int_eq(IMP->sniff("dir", 1, NULL, 0), 0);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const cases[] = {"error-response", "no-hits", "not-json",
                                        "truncated",      "utf16",   "wrong-top"};
    check_invalid_fixtures(IMP, FX, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(IMP, FX "/search.json");
    check_out_of_memory(IMP, FX "/hits.jsonl");
}
END_TEST

static Suite *elasticsearch_suite(void)
{
    Suite *s = suite_create("elasticsearch");
    TCase *tc = tcase_create("elasticsearch");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, search_response);
    tcase_add_test(tc, pages_fold_a_hit_read_twice);
    tcase_add_test(tc, bad_hits_whole_and_streamed);
    tcase_add_test(tc, inner_hits_located);
    tcase_add_test(tc, hits_one_per_line_cut_to_the_window);
    tcase_add_test(tc, long_hit_line_read_whole);
    tcase_add_test(tc, one_line_response_streamed);
    tcase_add_test(tc, real_sample);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(elasticsearch_suite)
