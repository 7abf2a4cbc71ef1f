/* check_k8s_events.c -- Kubernetes Events: a List with failures, rollouts and
 * repeats (core/v1 and events.k8s.io/v1), the real k9s and API samples,
 * identity across exports, the window cut and bad input. */
#include <string.h>

#include "check_importer_util.h"

extern const rg_importer rg_importer_k8s_events;

#define FX RG_FIXTURES "/k8s_events"
#define REAL RG_CORPUS "/real/k8s-events"

/* dump() for events that may be changes as well as logs. */
static const char *kdump(const rg_event *ev)
{
    static char buf[8192];
    char when[32];
    int n = snprintf(buf, sizeof(buf), "%s %s %s actor=%s origin=%s time=[%s] attrs={",
                     rg_time_format(ev->at_us, when), rg_kind_name(ev->kind), ev->type,
                     ev->actor ? ev->actor : "-", ev->origin, ev->time_text);
    for (const rg_attr *a = ev->attrs; a; a = a->next)
        n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s=%s;", a->key, a->value);
    snprintf(buf + n, sizeof(buf) - (size_t)n, "} text=[%s]", ev->text);
    ck_assert_str_eq(ev->source, "app log");
    ck_assert_int_eq(ev->human, 0);
    return buf;
}

START_TEST(event_list)
{
    got g;
    run_log(&g, &rg_importer_k8s_events, 32, FX "/list.json", NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    /* One event per Event at its last observation; the text says how many and when. */
    ck_assert_str_eq(kdump(g.ev[0]),
                     "2026-11-20T14:09:40Z log log.error actor=kubelet origin=" FX
                     "/list.json:5 time=[2026-11-20T14:09:40Z] attrs={reason=BackOff;count=12;"
                     "first=2026-11-20T14:02:11Z;object=Pod shop/web-7d4b9-x2k;event_type=Warning;"
                     "host=node-3;} text=[12 \xC3\x97 BackOff, 14:02\xE2\x80\x93"
                     "14:09 UTC, Pod shop/web-7d4b9-x2k: Back-off restarting failed container web "
                     "in pod web-7d4b9-x2k]");
    ck_assert_str_eq(kdump(g.ev[1]),
                     "2026-11-20T13:58:00Z change change.deploy actor=deployment-controller "
                     "origin=" FX "/list.json:19 time=[2026-11-20T13:58:00Z] "
                     "attrs={reason=ScalingReplicaSet;count=1;first=2026-11-20T13:58:00Z;"
                     "object=Deployment shop/web;event_type=Normal;} text=[ScalingReplicaSet, "
                     "Deployment shop/web: Scaled up replica set web-7d4b9 to 3]");
    /* A pulled image is a rollout; one already present is not. */
    ck_assert_str_eq(g.ev[2]->type, "change.deploy");
    ck_assert_int_eq(g.ev[2]->kind, RG_KIND_CHANGE);
    ck_assert_str_eq(kdump(g.ev[3]),
                     "2026-11-20T14:03:00Z log log.info actor=kubelet origin=" FX
                     "/list.json:44 time=[2026-11-20T14:03:00Z] attrs={reason=Pulled;count=4;"
                     "first=2026-11-19T23:58:00Z;object=Pod shop/web-7d4b9-x2k;event_type=Normal;"
                     "host=node-3;} text=[4 \xC3\x97 Pulled, 2026-11-19 23:58\xE2\x80\x93"
                     "2026-11-20 14:03 UTC, Pod shop/web-7d4b9-x2k: Container image "
                     "\"shop/web:1.42\" already present on machine]");
    /* events.k8s.io/v1: series, note, regarding, reportingController; hostile
     * text kept as written (escaped when rendered). */
    ck_assert_str_eq(kdump(g.ev[4]),
                     "2026-11-20T14:06:00.500000Z log log.warning actor=kubelet origin=" FX
                     "/list.json:57 time=[2026-11-20T14:06:00.500000Z] attrs={reason=ProbeWarning;"
                     "count=3;first=2026-11-20T14:04:00.250000Z;object=Pod shop/db-0;"
                     "event_type=Warning;} text=[3 \xC3\x97 ProbeWarning, 14:04\xE2\x80\x93"
                     "14:06 UTC, Pod shop/db-0: Readiness probe warning: <script>alert(1)</script> "
                     "**bold**]");
    /* A ReplicaSet creating a pod is not a rollout by itself. */
    ck_assert_str_eq(g.ev[5]->type, "log.info");
    ck_assert_str_eq(kdump(g.ev[6]),
                     "2026-11-20T14:05:00Z log log.error actor=kernel-monitor origin=" FX
                     "/list.json:90 time=[2026-11-20T14:05:00Z] attrs={reason=OOMKilling;count=1;"
                     "first=2026-11-20T14:05:00Z;object=Node node-3;event_type=Warning;"
                     "host=node-3;} text=[OOMKilling, Node node-3: Memory cgroup out of memory: "
                     "Killed process 4242 (java)]");
    /* Ten items = seven events + three skipped with a warning (the bad count is kept). */
    check_warning(&g, "no-time",
                  FX "/list.json:81:5: Event has no time (lastTimestamp, eventTime, "
                     "series.lastObservedTime or firstTimestamp); skipped",
                  1);
    check_warning(&g, "bad-record",
                  FX "/list.json:89:5: expected an Event object, got a string; "
                     "skipped",
                  1);
    check_warning(&g, "bad-time",
                  FX "/list.json:102:5: unreadable time 'yesterday' in \"lastTimestamp\"; Event "
                     "skipped",
                  1);
    check_warning(&g, "bad-count",
                  FX "/list.json:90:5: Event count is not a positive integer; read as 1", 1);
    ck_assert_uint_eq(g.diag.n_warnings, 4);
    got_free(&g);
}
END_TEST

/* The same Event read twice at one count folds; at two counts (exports taken
 * minutes apart) both stay. */
START_TEST(identity)
{
    got g;
    got_init(&g, 16);
    rg_source src = {
        .path = FX "/watch.jsonl", .name = "app log", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_k8s_events.parse(&src, &g.sink), 0);
    ck_assert_int_eq(rg_importer_k8s_events.parse(&src, &g.sink), 0);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_uint_eq(got_fold(&g), 2);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->text, "5 \xC3\x97 BackOff, 14:00\xE2\x80\x93"
                                    "14:05 UTC, Pod a/p: m");
    ck_assert_str_eq(g.ev[1]->text, "9 \xC3\x97 BackOff, 14:00\xE2\x80\x93"
                                    "14:09 UTC, Pod a/p: m");
    got_free(&g);
}
END_TEST

START_TEST(window_cut)
{
    got g;
    run_log(&g, &rg_importer_k8s_events, 32, FX "/list.json", NULL, NULL, "2026-11-20T14:00:00Z",
            "2026-11-20T14:07:00Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(g.sink.n_outside, 4);
    got_free(&g);
    /* A clock offset moves every time, the first one too. */
    run_log(&g, &rg_importer_k8s_events, 32, FX "/watch.jsonl", NULL, NULL, NULL, NULL,
            -INT64_C(60) * 1000000);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T14:04:00Z");
    ck_assert_str_eq(attr(g.ev[0], "first"), "2026-11-20T13:59:00Z");
    got_free(&g);
}
END_TEST

START_TEST(corpus)
{
    const char *p = REAL "/k9s_testdata_ev.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run_log(&g, &rg_importer_k8s_events, 8, p, NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(kdump(g.ev[0]),
                     "2019-08-30T20:43:05Z change change.deploy actor=kubelet origin=" REAL
                     "/k9s_testdata_ev.json:1 time=[2019-08-30T20:43:05Z] attrs={reason=Pulled;"
                     "count=1;first=2019-08-30T20:43:05Z;object=Pod default/hello-1567197780-mn4mv;"
                     "event_type=Normal;host=gke-k9s-default-pool-0fa2fb89-qnkc;} text=[Pulled, "
                     "Pod default/hello-1567197780-mn4mv: Successfully pulled image "
                     "\"blang/busybox-bash\"]");
    got_free(&g);
    /* The API's generated objects: nonsense values, read without a crash. The
     * core/v1 one takes series.lastObservedTime and series.count. */
    run_log(&g, &rg_importer_k8s_events, 8, REAL "/kubernetes_api_testdata_core.v1.Event.fuzz.json",
            NULL, NULL, NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(at(g.ev[0]), "2951-04-21T20:18:51.456715Z");
    ck_assert_str_eq(attr(g.ev[0], "count"), "1266076158");
    got_free(&g);
    run_log(&g, &rg_importer_k8s_events, 8,
            REAL "/kubernetes_api_testdata_events.k8s.io.v1.Event.fuzz.json", NULL, NULL, NULL,
            NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_str_eq(at(g.ev[0]), "2429-02-18T17:57:56.343118Z");
    ck_assert_str_eq(g.ev[0]->actor, "20");
    ck_assert_uint_eq(find_warning(&g.diag, "bad-count")->count, 1);
    got_free(&g);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",     "truncated", "scalar",
                                        "not-event", "utf16",     "not-utf8"};
    check_invalid_fixtures(&rg_importer_k8s_events, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events, FX "/list.json"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events, FX "/watch.jsonl"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events, FX "/invalid/not-event/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events, RG_FIXTURES "/alertmanager/resolved.json"),
                     0);
    if (!rg_have_corpus(REAL))
        return;
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events, REAL "/k9s_testdata_ev.json"), 90);
    ck_assert_int_eq(sniff_file(&rg_importer_k8s_events,
                                REAL "/kubernetes_api_testdata_core.v1.Event.fuzz.json"),
                     90);
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_k8s_events, FX "/list.json");
}
END_TEST

static Suite *k8s_suite(void)
{
    Suite *s = suite_create("k8s_events");
    TCase *tc = tcase_create("k8s_events");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, event_list);
    tcase_add_test(tc, identity);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, corpus);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(k8s_suite)
