/* check_grafana.c -- the Grafana importer: unified webhooks read exactly as
 * Alertmanager's (the shared alertpayload.c), legacy webhooks placed at the
 * manifest's "at" or skipped with a warning, the state history frame, bad
 * input with exact errors, and sniffing apart from Alertmanager. */
#include <check.h>
#include <string.h>

#include "../importers/jsonstream.h"
#include "alloc.h"
#include "build.h"
#include "check_badinput_util.h"
#include "check_paging_util.h"

extern const rg_importer rg_importer_grafana;
extern const rg_importer rg_importer_alertmanager;

#define FX RG_FIXTURES "/grafana"
#define CORPUS_DIR RG_CORPUS "/real/grafana"
#define MAX_EVENTS 64

static void run(got *g, const char *path)
{
    run_file(g, &rg_importer_grafana, MAX_EVENTS, path, "grafana alerts", 0);
}

START_TEST(corpus_unified_v11)
{
    const char *p = CORPUS_DIR "/webhook_unified_v11_firing.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2024-03-01T02:09:00Z alert.firing kind=alert actor=grafana human=0 origin=" CORPUS_DIR
        "/webhook_unified_v11_firing.json:5 time=[2024-03-01T02:09:00Z] text=[Memory (copy): High "
        "memory usage] {label.alertname=Memory "
        "(copy);label.debug=true;label.grafana_folder=device;annotation.summary=High memory "
        "usage;fingerprint=e6349a25f5ef0e9e;generator_url=https://play.grafana.org/alerting/"
        "grafana/dd2f0260-3cfc-4c65-a4c4-f3f632c551f4/view?orgId=1;receiver=Debug "
        "webhook;value.A=2473545728;value.B=0;value.C=1;value.minute=9;value_string=[ var='A' "
        "labels={instance=node_exporter:9100, job=node} value=2.473545728e+09 ], [ var='B' "
        "labels={instance=node_exporter:9100, job=node} value=0 ], [ var='C' labels={} value=1 ], "
        "[ var='minute' labels={} value=9 "
        "];dashboard_url=https://play.grafana.org/d/"
        "ece9fb32-7f71-4be9-bd94-2f23608ae5b9?orgId=1;panel_url=https://play.grafana.org/d/"
        "ece9fb32-7f71-4be9-bd94-2f23608ae5b9?orgId=1&viewPanel=2;silence_url=https://"
        "play.grafana.org/alerting/silence/"
        "new?alertmanager=grafana&matcher=alertname%3DMemory+%28copy%29&matcher=debug%3Dtrue&"
        "matcher=grafana_folder%3Ddevice&orgId=1;org_id=1;}",
    };
    check_events(&g, want, 1);
    ck_assert_str_eq(g.ev[0]->source, "grafana alerts");
    got_free(&g);
}
END_TEST

/* A resolved alert gives its firing and its resolution, a firing one only
 * its firing (its zero endsAt is no resolution); hostile text is kept as
 * written (escaping is the renderers' job); +07:00 is honoured. */
START_TEST(unified_firing_and_resolved)
{
    got g;
    run(&g, FX "/unified.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2026-11-20T14:02:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/unified.json:6 time=[2026-11-20T21:02:00+07:00] text=[CheckoutLatency: p99 above 2s "
        "<script>alert(1)</script>] "
        "{label.alertname=CheckoutLatency;label.grafana_folder=checkout;label.severity=page;"
        "annotation.summary=p99 above 2s "
        "<script>alert(1)</script>;fingerprint=9f2c1b7a0e4d5c63;severity=page;generator_url=https:/"
        "/grafana.example.com/alerting/grafana/abc/"
        "view;receiver=checkout-oncall;value.B=2.75;value.C=1;value_string=[ var='B' value=2.75 ], "
        "[ var='C' value=1 "
        "];dashboard_url=https://grafana.example.com/d/checkout;panel_url=https://"
        "grafana.example.com/d/checkout?viewPanel=4;silence_url=https://grafana.example.com/"
        "alerting/silence/new;org_id=1;}",
        "2026-11-20T14:31:30.250000Z alert.resolved kind=alert actor=grafana human=0 origin=" FX
        "/unified.json:6 time=[2026-11-20T21:31:30.25+07:00] text=[CheckoutLatency: p99 above 2s "
        "<script>alert(1)</script>] "
        "{label.alertname=CheckoutLatency;label.grafana_folder=checkout;label.severity=page;"
        "annotation.summary=p99 above 2s "
        "<script>alert(1)</script>;fingerprint=9f2c1b7a0e4d5c63;severity=page;generator_url=https:/"
        "/grafana.example.com/alerting/grafana/abc/"
        "view;receiver=checkout-oncall;value.B=2.75;value.C=1;value_string=[ var='B' value=2.75 ], "
        "[ var='C' value=1 "
        "];dashboard_url=https://grafana.example.com/d/checkout;panel_url=https://"
        "grafana.example.com/d/checkout?viewPanel=4;silence_url=https://grafana.example.com/"
        "alerting/silence/new;org_id=1;}",
        "2026-11-20T14:05:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/unified.json:20 time=[2026-11-20T14:05:00Z] text=[CheckoutErrors: 5xx ratio 7%] "
        "{label.alertname=CheckoutErrors;label.grafana_folder=checkout;annotation.description=5xx "
        "ratio 7%;fingerprint=9c0b9a33d953daa2;receiver=checkout-oncall;value.A=0.07;org_id=1;}",
    };
    check_events(&g, want, 3);
    got_free(&g);
}
END_TEST

/* The same alert notified again is the same record: the timeline reads it
 * once. A bad alert and a bad line are counted; the rest is read. */
START_TEST(repeated_notifications_and_bad_lines)
{
    got g;
    run(&g, FX "/repeats.jsonl");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:10:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/repeats.jsonl:1 time=[2026-11-20T14:10:00Z] text=[DiskFull: disk 95%] "
        "{label.alertname=DiskFull;label.instance=db-1;annotation.summary=disk "
        "95%;fingerprint=aa11bb22cc33dd44;receiver=ops;org_id=1;}",
        "2026-11-20T14:10:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/repeats.jsonl:2 time=[2026-11-20T14:10:00Z] text=[DiskFull: disk 95%] "
        "{label.alertname=DiskFull;label.instance=db-1;annotation.summary=disk "
        "95%;fingerprint=aa11bb22cc33dd44;receiver=ops;org_id=1;}",
        "2026-11-20T14:10:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/repeats.jsonl:4 time=[2026-11-20T14:10:00Z] text=[DiskFull: disk 95%] "
        "{label.alertname=DiskFull;label.instance=db-1;annotation.summary=disk "
        "95%;fingerprint=aa11bb22cc33dd44;receiver=ops;org_id=1;}",
        "2026-11-20T14:40:00Z alert.resolved kind=alert actor=grafana human=0 origin=" FX
        "/repeats.jsonl:4 time=[2026-11-20T14:40:00Z] text=[DiskFull: disk 95%] "
        "{label.alertname=DiskFull;label.instance=db-1;annotation.summary=disk "
        "95%;fingerprint=aa11bb22cc33dd44;receiver=ops;org_id=1;}",
    };
    check_events(&g, want, 4);
    ck_assert_uint_eq(got_fold(&g), 2);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(g.ev[0]->type, "alert.firing");
    ck_assert_str_eq(g.ev[1]->type, "alert.resolved");
    check_warning(&g, "bad-time",
                  FX "/repeats.jsonl:2:304: cannot read 'soon' as a time in 'startsAt'; alert "
                     "skipped",
                  1);
    check_warning(&g, "bad-json",
                  FX "/repeats.jsonl:3:130: the document that starts on line 3 is not valid JSON "
                     "(unexpected newline near '\"Trunc'); skipped",
                  1);
    /* Records read: 4 alerts and a line that is not JSON = 3 alerts
     * imported (4 events, one a resolution) + 2 warned. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 2);
    got_free(&g);
}
END_TEST

/* A legacy webhook carries no time: without "at" it is skipped with a
 * warning, never placed at a guessed time. */
START_TEST(legacy_without_at_is_skipped)
{
    got g;
    run(&g, FX "/legacy.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    check_warning(&g, "no-time",
                  FX "/legacy.json:1:1: legacy Grafana webhook (Grafana 7 or earlier) carries no "
                     "time; give this source an \"at\" in incident.json to read it; skipped",
                  1);
    got_free(&g);
}
END_TEST

START_TEST(legacy_with_at)
{
    got g;
    got_init(&g, MAX_EVENTS);
    rg_source src = {.path = FX "/legacy.json",
                     .name = "grafana alerts",
                     .zone = rg_tz_utc(),
                     .ref_us = INT64_MIN,
                     .at_text = "2026-11-20T14:03:00Z",
                     .at_us = instant("2026-11-20T14:03:00Z")};
    got_parse_named(&g, &rg_importer_grafana, &src);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    static const char *const want[] = {
        "2026-11-20T14:03:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/legacy.json:1 time=[2026-11-20T14:03:00Z (\"at\" in incident.json)] text=[Checkout queue "
        "depth: Checkout queue is backing up] {fingerprint=rule "
        "7;state=alerting;rule_url=https://grafana.example.com/d/queue?panelId=2;}",
    };
    check_events(&g, want, 1);
    got_free(&g);
}
END_TEST

/* From incident.json to the importer: the source's "at", local to the
 * manifest's zone, places the legacy payload; the clock offset applies. */
START_TEST(legacy_at_from_the_manifest)
{
    char dir[256], path[512];
    scratch_dir(dir, sizeof(dir), "grafana-legacy");
    snprintf(path, sizeof(path), "%s/grafana-v7.json", dir);
    copy_path(FX "/legacy.json", path);
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    write_text(path, "{\n  \"timezone\": \"Asia/Ho_Chi_Minh\",\n  \"sources\": [\n"
                     "    {\"path\": \"grafana-v7.json\", \"at\": \"2026-11-20 21:03:00\", "
                     "\"offset\": \"-30s\"}\n  ]\n}\n");
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_str_eq(b.sources[0].importer->name, "grafana");
    ck_assert_uint_eq(b.timeline.n_events, 1);
    const rg_event *ev = b.timeline.events[0];
    ck_assert_str_eq(at(ev), "2026-11-20T14:02:30Z");
    ck_assert_str_eq(ev->type, "alert.firing");
    ck_assert_str_eq(ev->time_text, "2026-11-20 21:03:00 (\"at\" in incident.json)");
    ck_assert_str_eq(ev->origin, "grafana-v7.json:1");
    const rg_milestone *det = &b.milestones.m[RG_MS_DETECTED];
    ck_assert_int_eq(det->present, 1);
    ck_assert_int_eq(det->at_us, ev->at_us);
    rg_build_free(&b);
    rg_diag_free(&d);
    remove_dir(dir);
}
END_TEST

/* The state history: one event per transition, a bad row counted, the
 * frame's nanoseconds added, a reason after the state read as the state. */
START_TEST(state_history)
{
    got g;
    run(&g, FX "/history.json");
    ck_assert_int_eq(g.rc, 0);
    static const char *const want[] = {
        "2026-11-20T14:00:00Z note kind=note actor=grafana human=0 origin=" FX
        "/history.json:14 time=[1795183200000] text=[Checkout 5xx: Normal -> Pending] "
        "{previous=Normal;current=Pending;rule_uid=r-1;fingerprint=f00d;label.alertname=Checkout "
        "5xx;label.team=pay;value.A=0.06;}",
        "2026-11-20T14:01:00Z alert.firing kind=alert actor=grafana human=0 origin=" FX
        "/history.json:15 time=[1795183260000] text=[Checkout 5xx] "
        "{previous=Pending;current=Alerting;rule_uid=r-1;fingerprint=f00d;label.alertname=Checkout "
        "5xx;label.team=pay;value.A=0.071;}",
        "2026-11-20T14:02:00Z alert.error kind=alert actor=grafana human=0 origin=" FX
        "/history.json:16 time=[1795183320000] text=[Queue depth: datasource timed out] "
        "{previous=Normal;current=Error;rule_uid=r-2;fingerprint=730d93844e5adce4;label.alertname="
        "Queue depth;}",
        "2026-11-20T14:30:00.123456Z alert.resolved kind=alert actor=grafana human=0 origin=" FX
        "/history.json:17 time=[1795185000123] text=[Checkout 5xx] "
        "{previous=Alerting;current=Normal "
        "(MissingSeries);rule_uid=r-1;fingerprint=f00d;label.alertname=Checkout "
        "5xx;label.team=pay;}",
        "2026-11-20T14:46:40Z note kind=note actor=grafana human=0 origin=" FX
        "/history.json:19 time=[1795186000000] text=[Queue depth: Error -> Normal] "
        "{previous=Error;current=Normal;rule_uid=r-2;fingerprint=730d93844e5adce4;label.alertname="
        "Queue depth;}",
    };
    check_events(&g, want, 5);
    check_warning(&g, "bad-time",
                  FX "/history.json:18:9: state history entry has time a string, expected epoch "
                     "milliseconds; skipped",
                  1);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    got_free(&g);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {
        "empty",         "truncated",       "truncated-in-frame", "scalar", "no-alerts",
        "alerts-string", "frame-no-fields", "not-utf8",           "utf16",
    };
    check_invalid_fixtures(&rg_importer_grafana, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

/* Grafana's payloads are Grafana's, Alertmanager's are Alertmanager's: each
 * sniff claims its own and leaves the other's alone. */
START_TEST(sniffed_apart_from_alertmanager)
{
    static const char *const grafana_files[] = {FX "/unified.json", FX "/repeats.jsonl",
                                                FX "/legacy.json", FX "/history.json"};
    for (size_t i = 0; i < sizeof(grafana_files) / sizeof(grafana_files[0]); i++) {
        ck_assert_int_ge(sniff_file(&rg_importer_grafana, grafana_files[i]), 90);
        ck_assert_int_eq(sniff_file(&rg_importer_alertmanager, grafana_files[i]), 0);
    }
    static const char *const am_files[] = {RG_FIXTURES "/alertmanager/repeated.json",
                                           RG_FIXTURES "/alertmanager/resolved.json",
                                           RG_FIXTURES "/alertmanager/payloads.jsonl"};
    for (size_t i = 0; i < sizeof(am_files) / sizeof(am_files[0]); i++) {
        ck_assert_int_eq(sniff_file(&rg_importer_grafana, am_files[i]), 0);
        ck_assert_int_ge(sniff_file(&rg_importer_alertmanager, am_files[i]), 90);
    }
    const char *p = CORPUS_DIR "/webhook_unified_v11_firing.json";
    const char *am = RG_CORPUS "/real/alertmanager/webhook_v4_firing.json";
    if (rg_have_corpus(p) && rg_have_corpus(am)) {
        ck_assert_int_eq(sniff_file(&rg_importer_grafana, p), 95);
        ck_assert_int_eq(sniff_file(&rg_importer_alertmanager, p), 0);
        ck_assert_int_eq(sniff_file(&rg_importer_grafana, am), 0);
        ck_assert_int_eq(sniff_file(&rg_importer_alertmanager, am), 90);
    }
    const char *v1 = "{\"alerts\": [{\"startsAt\": \"x\"}], \"version\": \"1\"}";
    const char *v4 = "{\"alerts\": [{\"startsAt\": \"x\"}], \"version\":\"4\"}";
    ck_assert_int_eq(rg_importer_grafana.sniff("a.json", 0, v1, strlen(v1)), 95);
    ck_assert_int_eq(rg_importer_alertmanager.sniff("a.json", 0, v1, strlen(v1)), 0);
    ck_assert_int_eq(rg_importer_grafana.sniff("a.json", 0, v4, strlen(v4)), 0);
    ck_assert_int_eq(rg_importer_alertmanager.sniff("a.json", 0, v4, strlen(v4)), 90);
    ck_assert_int_eq(rg_importer_grafana.sniff("dir", 1, NULL, 0), 0);
    ck_assert_str_eq(rg_importer_grafana.name, "grafana");
}
END_TEST

START_TEST(out_of_memory)
{
    check_out_of_memory(&rg_importer_grafana, FX "/unified.json");
    check_out_of_memory(&rg_importer_grafana, FX "/history.json");
}
END_TEST

/* Bad input, one case per kind of damage (issue 9, house rules): empty,
 * truncated, malformed, a field of the wrong type, a record without its time,
 * bytes that are not UTF-8, hostile text kept verbatim (escaping is the
 * renderer's). Each case's whole error line, or every warning and the events
 * kept. */
START_TEST(bad_input_table)
{
    static const bad_case cases[] = {
        {"empty",
         "",
         0,
         "{P}: file is empty, expected a JSON document",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"truncated",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n{\"receiver\":\"ops\",\"status\":\"firing\","
         "\"orgId\":1,\"version\":\"1\",\"state\":\"alerting\",\"alerts\":[{\"status\":\"firing\","
         "\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"},\"annotations\":{"
         "\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"finge",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:269: the document that starts on line 2 is not valid JSON (premature end of "
           "input near '\"finge'); skipped",
           1}},
         1,
         "DiskFull: disk 95%",
         NULL},
        {"malformed",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n{\"receiver\":,\"x\"}\n{\"receiver\":\"ops\","
         "\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":\"alerting\",\"alerts\":[{"
         "\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"db-1\"},"
         "\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"bad-json",
           "{P}:2:13: the document that starts on line 2 is not valid JSON (unexpected token near "
           "','); skipped",
           1}},
         2,
         "DiskFull: disk 95%",
         "DiskFull: disk 95%"},
        {"wrong type: summary a number",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":42},\"startsAt\":\"2026-11-20T14:10:"
         "00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"bad-record",
           "{P}:1:90: alert has 'annotations.summary' as a number, expected a string; skipped", 1}},
         0,
         NULL,
         NULL},
        {"wrong type: labels an array",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":[\"a\"],\"annotations\":{"
         "\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"bad-record", "{P}:1:90: alert has 'labels' as an array, expected an object; skipped",
           1}},
         0,
         NULL,
         NULL},
        {"wrong type: startsAt an object",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":{\"x\":1},\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":"
         "\"aa11bb22cc33dd44\"}]}\n{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,"
         "\"version\":\"1\",\"state\":\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{"
         "\"alertname\":\"DiskFull\",\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"bad-time", "{P}:1:90: alert has 'startsAt' as an object, expected a timestamp; skipped",
           1}},
         1,
         "DiskFull: disk 95%",
         NULL},
        {"no time",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n{"
         "\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk "
         "95%\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"no-time", "{P}:1:90: alert has no 'startsAt'; skipped", 1}},
         1,
         "DiskFull: disk 95%",
         NULL},
        {"not utf-8",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\","
         "\"instance\":\"db-1\"},\"annotations\":{\"summary\":\"disk 95% "
         "\377\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         "{P}:1:195: not valid UTF-8 (unable to decode byte 0xff near '\"disk 95% '); save the "
         "file as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "{\"receiver\":\"ops\",\"status\":\"firing\",\"orgId\":1,\"version\":\"1\",\"state\":"
         "\"alerting\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"<script>"
         "alert(1)</script> ](javascript:alert(1)) | table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\"},\"annotations\":{\"summary\":\"<script>alert(1)</script> ](javascript:alert(1)) | "
         "table | breaker |\\n# heading \\u0007 \\u0000 "
         "nul\"},\"startsAt\":\"2026-11-20T14:10:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
         "\"fingerprint\":\"aa11bb22cc33dd44\"}]}\n",
         0,
         NULL,
         {{"nul", "{P}:1:219: 2 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007 "
         "\357\277\275 nul: <script>alert(1)</script> ](javascript:alert(1)) | table | breaker "
         "|\n# heading \007 \357\277\275 nul",
         NULL},
    };
    check_bad_inputs(&rg_importer_grafana, "grafana", "alerts.jsonl", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

/* A state history frame, schema first: "{P}" the path, T the time column's
 * elements, L the line column's. */
#define FRAME(T, L)                                                                                \
    "{\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]},\n"                   \
    "\"data\": {\"values\": [\n[" T "],\n[" L "]]}}\n"
#define ENTRY(prev, cur, title)                                                                    \
    "{\"previous\": \"" prev "\", \"current\": \"" cur "\", \"ruleTitle\": \"" title "\"}"

/* Bad state history frames, one case per kind of damage, read whole and
 * row by row (every column its own stream, 64-byte reads): the same error
 * line, or the same warnings and events (README, "Evidence of any size").
 * Columns of different lengths are warned once at the frame; the rows of
 * the "line" column are read, a row without a time warned and skipped, the
 * times past the last line not read. */
static const bad_case frame_cases[] = {
    {"frame: time column short",
     FRAME("1795183200000",
           ENTRY("Normal", "Alerting", "A") ",\n" ENTRY("Alerting", "Normal", "A")),
     0,
     NULL,
     {{"bad-frame",
       "{P}:1:1: the frame's 'time' column has 1 rows and its 'line' column 2; the rows without "
       "both are skipped",
       1},
      {"bad-time", "{P}:5:1: state history entry has time missing; skipped", 1}},
     1,
     "A",
     NULL},
    {"frame: time column long",
     FRAME("1795183200000, 1795183260000, 1795183320000", ENTRY("Normal", "Alerting", "A")),
     0,
     NULL,
     {{"bad-frame",
       "{P}:1:1: the frame's 'time' column has 3 rows and its 'line' column 1; the rows without "
       "both are skipped",
       1}},
     1,
     "A",
     NULL},
    {"frame: empty columns", FRAME("", ""), 0, NULL, {{NULL, NULL, 0}}, 0, NULL, NULL},
    {"frame: values an object",
     "{\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]},\n"
     "  \"data\": {\"values\": {\"time\": []}}}\n",
     0,
     "{P}:1:1: expected a Grafana state history frame with 'schema.fields' and 'data.values' "
     "arrays",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: no line field",
     "{\"schema\": {\"fields\": [{\"name\": \"time\"}]}, \"data\": {\"values\": [[1]]}}\n",
     0,
     "{P}:1:1: expected a Grafana state history frame with 'time' and 'line' fields",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: time column a number",
     "{\"results\": {\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]},\n"
     "  \"data\": {\"values\": [5, []]}}}\n",
     0,
     "{P}:1:13: expected the frame's 'time' and 'line' columns as arrays",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: truncated in an entry",
     "{\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]},\n"
     "\"data\": {\"values\": [\n[1795183200000, 1795183260000],\n[" ENTRY(
         "Normal", "Alerting", "A") ",\n{\"previous\": \"Al",
     0,
     "{P}:5:16: unexpected end of file (truncated?): premature end of input near '\"Al'",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: truncated between entries",
     "{\"schema\": {\"fields\": [{\"name\": \"time\"}, {\"name\": \"line\"}]},\n"
     "\"data\": {\"values\": [\n[1795183200000, 1795183260000],\n[" ENTRY("Normal", "Alerting",
                                                                          "A") ",\n",
     0,
     "{P}:5:1: unexpected end of file (truncated?): ']' expected",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: malformed, no ',' between times",
     FRAME("1795183200000\n 1795183260000", ENTRY("Normal", "Alerting", "A")),
     0,
     "{P}:4:14: ']' expected near '1795183260000'",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: not UTF-8 in an entry",
     FRAME("1795183200000", ENTRY("Normal", "Alerting", "disk \377")),
     0,
     "{P}:4:66: not valid UTF-8 (unable to decode byte 0xff near '\"disk '); save the file as "
     "UTF-8",
     {{NULL, NULL, 0}},
     0,
     NULL,
     NULL},
    {"frame: hostile text and a NUL",
     FRAME("1795183200000", ENTRY("Normal", "Alerting", "<script>x</script> \\u0000 | ](j:x)")),
     0,
     NULL,
     {{"nul", "{P}:4:81: 1 NUL character(s) (\\u0000) in text, shown as U+FFFD", 1}},
     1,
     "<script>x</script> \357\277\275 | ](j:x)",
     NULL},
};

/* frame_cases, whole and then streamed. */
START_TEST(frame_bad_input_whole_and_streamed)
{
    check_bad_inputs(&rg_importer_grafana, "grafana", "history.json", frame_cases,
                     sizeof(frame_cases) / sizeof(frame_cases[0]), NULL);
    rg_jsondocs_whole_max = 0;
    rg_jstream_chunk = 64;
    check_bad_inputs(&rg_importer_grafana, "grafana", "history.json", frame_cases,
                     sizeof(frame_cases) / sizeof(frame_cases[0]), NULL);
    rg_jstream_chunk = 64 * 1024;
    rg_jsondocs_whole_max = 1024 * 1024;
}
END_TEST

static Suite *grafana_suite(void)
{
    Suite *s = suite_create("grafana");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, corpus_unified_v11);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, unified_firing_and_resolved);
    tcase_add_test(tc, repeated_notifications_and_bad_lines);
    tcase_add_test(tc, legacy_without_at_is_skipped);
    tcase_add_test(tc, legacy_with_at);
    tcase_add_test(tc, legacy_at_from_the_manifest);
    tcase_add_test(tc, state_history);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniffed_apart_from_alertmanager);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, frame_bad_input_whole_and_streamed);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(grafana_suite)
