/* check_alertmanager.c -- the Alertmanager importer: firing/resolved events,
 * repeated notifications read once, JSON lines, bad input with exact errors. */
#include <check.h>
#include <string.h>

#include "alloc.h"
#include "check_importer_util.h"
#include "jsonutil.h"

extern const rg_importer rg_importer_alertmanager;

#define FX RG_FIXTURES "/alertmanager"
#define MAX_EVENTS 64

static void run_shifted(got *g, const char *path, int64_t offset_us)
{
    run_file(g, &rg_importer_alertmanager, MAX_EVENTS, path, "prometheus alerts", offset_us);
}

static void run(got *g, const char *path)
{
    run_shifted(g, path, 0);
}

static void check_event(const rg_event *ev, const char *when, const char *type, const char *text,
                        const char *origin)
{
    ck_assert_str_eq(at(ev), when);
    ck_assert_int_eq(ev->kind, RG_KIND_ALERT);
    ck_assert_str_eq(ev->type, type);
    ck_assert_str_eq(ev->source, "prometheus alerts");
    ck_assert_str_eq(ev->actor, "alertmanager");
    ck_assert_int_eq(ev->human, 0);
    ck_assert_str_eq(ev->text, text);
    ck_assert_str_eq(ev->origin, origin);
    ck_assert_uint_eq(ev->count, 1);
}

/* All attributes as "k=v;k=v", in order. */
static const char *attrs(const rg_event *ev)
{
    static char buf[2048];
    buf[0] = '\0';
    for (const rg_attr *a = ev->attrs; a; a = a->next) {
        strncat(buf, a->key, sizeof(buf) - strlen(buf) - 1);
        strncat(buf, "=", sizeof(buf) - strlen(buf) - 1);
        strncat(buf, a->value, sizeof(buf) - strlen(buf) - 1);
        strncat(buf, ";", sizeof(buf) - strlen(buf) - 1);
    }
    return buf;
}

START_TEST(corpus_webhook_v4_firing)
{
    const char *p = RG_CORPUS "/real/alertmanager/webhook_v4_firing.json";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* Two alerts with the same startsAt but different fingerprints: two events. */
    ck_assert_uint_eq(g.n, 2);
    char o[512];
    snprintf(o, sizeof(o), "%s:16", p);
    /* Nine fraction digits, kept to the microsecond. */
    check_event(g.ev[0], "2020-02-06T00:17:58.432911Z", "alert.firing",
                "High CPU Temperature: High CPU core temperature", o);
    ck_assert_str_eq(g.ev[0]->time_text, "2020-02-06T00:17:58.432911368Z");
    ck_assert_str_eq(
        attrs(g.ev[0]),
        "label.alertname=High CPU Temperature;label.host=andromeda;label.severity=critical;"
        "annotation.description=CPU core temperature is 34.75C;annotation.summary=High CPU core "
        "temperature;annotation.topic=andromeda;fingerprint=a1bc48475b20e73d;severity=critical;"
        "generator_url=http://cobalt:9090/"
        "graph?g0.expr=avg+by%28host%29+%28sensors_temp_input%7Bfeature%3D~%22core_%5B0-9%5D%2B%"
        "22%7D%29+%3E+15&g0.tab=1;receiver=ops-zulip;");
    snprintf(o, sizeof(o), "%s:33", p);
    check_event(g.ev[1], "2020-02-06T00:17:58.432911Z", "alert.firing",
                "High CPU Temperature: High CPU core temperature", o);
    ck_assert_str_eq(attr(g.ev[1], "fingerprint"), "c2ea85182f28cbd9");
    ck_assert_str_eq(attr(g.ev[1], "annotation.description"), "CPU core temperature is 17.625C");
    got_free(&g);
}
END_TEST

/* The corpus's first alert carries the fingerprint Alertmanager computed;
 * without it, the one we derive from the labels is the same. */
START_TEST(derived_fingerprint_matches_alertmanager)
{
    const char *p = RG_CORPUS "/real/alertmanager/webhook_v4_firing.json";
    if (!rg_have_corpus(p))
        return;
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *text = rg_read_file(p, &len, &d);
    ck_assert_ptr_nonnull(text);
    char *fp = strstr(text, "\"fingerprint\": \"a1bc48475b20e73d\"");
    ck_assert_ptr_nonnull(fp);
    memcpy(fp, "\"fingerprinX\"", 13); /* same length: lines and columns stay */
    char tmp[] = "/tmp/check_alertmanager_XXXXXX";
    int fd = mkstemp(tmp);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
    rg_free(text);
    rg_diag_free(&d);

    got g;
    run(&g, tmp);
    unlink(tmp);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_str_eq(attr(g.ev[0], "fingerprint"), "a1bc48475b20e73d");
    got_free(&g);
}
END_TEST

START_TEST(repeated_notifications_read_once)
{
    got g;
    run(&g, FX "/repeated.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    /* 3 payloads, 8 alert objects: checkout-1 firing + resolved, checkout-2
     * (no fingerprint, derived) firing, checkout-3 firing. The importer gives
     * each notification's alerts (9 events); the repeats carry the identity of
     * the first and the timeline folds them (5). */
    ck_assert_uint_eq(g.n, 9);
    ck_assert_uint_eq(got_fold(&g), 5);
    ck_assert_uint_eq(g.n, 4);
    check_event(g.ev[0], "2026-11-20T14:02:00Z", "alert.firing",
                "CheckoutErrors: Checkout 5xx ratio above 5%", FX "/repeated.json:13");
    ck_assert_str_eq(attr(g.ev[0], "fingerprint"), "1b2c3d4e5f607182");
    /* The first notification's description, not a repeat's. */
    ck_assert_str_eq(attr(g.ev[0], "annotation.description"), "5xx ratio is 7.2% on checkout-1");
    check_event(g.ev[1], "2026-11-20T14:02:30.123000Z", "alert.firing",
                "CheckoutErrors: Checkout 5xx ratio above 5%", FX "/repeated.json:22");
    ck_assert_str_eq(attr(g.ev[1], "fingerprint"), "dfdb7cccc272ff92");
    ck_assert_str_eq(attr(g.ev[1], "label.instance"), "checkout-2:8080");
    /* No summary: the description stands in. */
    check_event(g.ev[2], "2026-11-20T14:06:00Z", "alert.firing",
                "CheckoutErrors: 5xx ratio is 5.1% on checkout-3", FX "/repeated.json:53");
    ck_assert_str_eq(attr(g.ev[2], "severity"), "warning");
    ck_assert_str_eq(attr(g.ev[2], "generator_url"), "(none)");
    check_event(g.ev[3], "2026-11-20T14:41:00Z", "alert.resolved",
                "CheckoutErrors: Checkout 5xx ratio above 5%", FX "/repeated.json:69");
    ck_assert_str_eq(attr(g.ev[3], "fingerprint"), "1b2c3d4e5f607182");
    ck_assert_str_eq(attr(g.ev[3], "receiver"), "pagerduty-checkout");
    got_free(&g);
}
END_TEST

START_TEST(resolved_payload)
{
    got g;
    run(&g, FX "/resolved.json");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    /* Hostile text is kept as written; escaping is the renderers' job. */
    const char *text = "DatabaseFailover: Primary changed <script>alert(1)</script> "
                       "[x](javascript:alert(1)) \a";
    check_event(g.ev[0], "2026-11-20T07:01:45Z", "alert.firing", text, FX "/resolved.json:12");
    ck_assert_str_eq(g.ev[0]->time_text, "2026-11-20T14:01:45+07:00");
    check_event(g.ev[1], "2026-11-20T07:20:15.500000Z", "alert.resolved", text,
                FX "/resolved.json:12");
    ck_assert_str_eq(g.ev[1]->time_text, "2026-11-20T14:20:15.5+07:00");
    /* A resolved alert whose endsAt is Go's zero time: fired, end unknown. */
    check_event(g.ev[2], "2026-11-20T07:01:50Z", "alert.firing", "DatabaseFailover",
                FX "/resolved.json:21");
    ck_assert_str_eq(attr(g.ev[2], "label.member"), "pg-2");
    ck_assert_str_eq(first_warning(&g.diag, "no-end-time"),
                     FX "/resolved.json:21:5: resolved alert has no 'endsAt'; when it resolved "
                        "is unknown");
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    got_free(&g);
}
END_TEST

START_TEST(clock_offset_applied)
{
    got g;
    run_shifted(&g, FX "/resolved.json", -420 * 1000000LL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(at(g.ev[0]), "2026-11-20T06:54:45Z");
    ck_assert_str_eq(at(g.ev[1]), "2026-11-20T07:13:15.500000Z");
    ck_assert_str_eq(g.ev[1]->time_text, "2026-11-20T14:20:15.5+07:00");
    got_free(&g);
}
END_TEST

START_TEST(json_lines)
{
    got g;
    run(&g, FX "/payloads.jsonl");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_int_eq(g.diag.has_error, 0);
    /* Lines 1 and 2 are the same firing alert, and line 3 (resolved) says again
     * when it fired: 5 events, of which the timeline folds 2 repeats by their
     * identity. Their future endsAt is Alertmanager's expiry estimate, not a
     * resolution. */
    ck_assert_uint_eq(g.n, 5);
    ck_assert_uint_eq(got_fold(&g), 2);
    ck_assert_uint_eq(g.n, 3);
    check_event(g.ev[0], "2026-11-20T14:03:00Z", "alert.firing", "HighLatency: p99 above 2s",
                FX "/payloads.jsonl:1");
    check_event(g.ev[1], "2026-11-20T14:09:00Z", "alert.firing", "QueueBacklog",
                FX "/payloads.jsonl:4");
    ck_assert_str_eq(attrs(g.ev[1]), "label.alertname=QueueBacklog;fingerprint=8a3ea7f662b00792;");
    /* Line 3: no alert status, the payload's "resolved" applies. */
    check_event(g.ev[2], "2026-11-20T14:35:00Z", "alert.resolved", "HighLatency: p99 above 2s",
                FX "/payloads.jsonl:3");
    ck_assert_str_eq(first_warning(&g.diag, "no-time"),
                     FX "/payloads.jsonl:4:44: alert has no 'startsAt'; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-record"),
                     FX "/payloads.jsonl:4:147: alert has status 'pending', expected 'firing' or "
                        "'resolved'; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-payload"),
                     FX "/payloads.jsonl:5:1: expected an Alertmanager webhook payload, got an "
                        "object without 'alerts'; skipped");
    ck_assert_str_eq(first_warning(&g.diag, "bad-json"),
                     FX "/payloads.jsonl:6:90: the document that starts on line 6 is not valid "
                        "JSON (unexpected newline near '\"Trunc'); skipped");
    /* Every record not imported is counted: no startsAt, "pending", line 5, line 6. */
    ck_assert_uint_eq(rg_diag_warning_total(&g.diag, NULL), 4);
    got_free(&g);
}
END_TEST

START_TEST(invalid_fixtures)
{
    static const char *const names[] = {"empty",     "truncated",     "truncated-between-tokens",
                                        "no-alerts", "alerts-string", "scalar",
                                        "not-utf8",  "utf16"};
    check_invalid_fixtures(&rg_importer_alertmanager, FX, names, sizeof(names) / sizeof(names[0]));
}
END_TEST

START_TEST(sniff_scores)
{
    const rg_importer *imp = &rg_importer_alertmanager;
    const char *am = "{\"receiver\": \"ops\", \"status\": \"firing\", \"alerts\": [{\"startsAt\": "
                     "\"2026-11-20T14:02:00Z\"}]}";
    const char *grouped = "{\"version\": \"4\", \"groupKey\": \"{}:{}\", \"alerts\": []}";
    const char *weak = "[{\"alerts\": [{\"fingerprint\": \"x\"}]}]";
    const char *pd = "{\"log_entries\": [], \"alerts\": []}";
    const char *text = "alerts startsAt groupKey";
    ck_assert_int_eq(imp->sniff("a.json", 0, am, strlen(am)), 90);
    ck_assert_int_eq(imp->sniff("a.json", 0, grouped, strlen(grouped)), 90);
    ck_assert_int_eq(imp->sniff("a.json", 0, weak, strlen(weak)), 60);
    ck_assert_int_eq(imp->sniff("a.json", 0, pd, strlen(pd)), 0);
    ck_assert_int_eq(imp->sniff("a.txt", 0, text, strlen(text)), 0);
    ck_assert_int_eq(imp->sniff("dir", 1, NULL, 0), 0);
    ck_assert_str_eq(imp->name, "alertmanager");
    ck_assert_int_eq(imp->kind, RG_KIND_ALERT);
}
END_TEST

static Suite *alertmanager_suite(void)
{
    Suite *s = suite_create("alertmanager");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, corpus_webhook_v4_firing);
    tcase_add_test(tc, derived_fingerprint_matches_alertmanager);
    tcase_add_test(tc, repeated_notifications_read_once);
    tcase_add_test(tc, resolved_payload);
    tcase_add_test(tc, clock_offset_applied);
    tcase_add_test(tc, json_lines);
    tcase_add_test(tc, invalid_fixtures);
    tcase_add_test(tc, sniff_scores);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(alertmanager_suite)
