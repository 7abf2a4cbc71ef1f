/* gen_store.c -- the trend benchmark's store: N generated incidents (default
 * 10,000) with E timeline events each (default 100), spread evenly over
 * 2024-2026, saved one review model at a time through rg_store_save, so the
 * rows, the stored review.json and the schema are exactly what `build` writes.
 *
 * usage: gen_store DB [N] [E] [W]   (a SQLite DB is replaced; prints one line of figures)
 *
 * DB is a SQLite path or a PostgreSQL connection string. With W writers
 * (default 1), W processes save the incidents at once, each its share, every
 * save its own transaction, as W builds on as many machines would.
 *
 * Deterministic (splitmix64, a fixed seed per incident): the same N gives the
 * same incidents whatever E, and the same N and E the same store.
 * The models carry what the trend report reads (milestones with their rules,
 * durations, communication, findings, services, action items, responders,
 * contributing factors, exclude_from_trends) with skewed, heavy-tailed
 * durations, some milestones missing, and services and factors that recur.
 * Timeline entries keep the stored fields only (no excerpt/clock copies), so
 * review_json is about half the size of a real build's per event. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "store.h"
#include "timeparse.h"

#define MIN_US (60 * INT64_C(1000000))
#define SEC_US INT64_C(1000000)
#define DAY_US (86400 * SEC_US)
#define FROM_US (INT64_C(1704067200) * SEC_US) /* 2024-01-01T00:00:00Z */
#define TO_US (INT64_C(1798761600) * SEC_US)   /* 2027-01-01T00:00:00Z */

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static double uniform(void)
{
    return (double)(next_u64() >> 11) / 9007199254740992.0;
}

static int below(int n)
{
    return (int)(uniform() * n);
}

/* Log-normal seconds with the given median and spread: incident durations are
 * skewed, with a long tail, which is what the trend's medians must survive. */
static int64_t lognormal_us(double median_s, double sigma)
{
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-12)
        u1 = 1e-12;
    double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    return (int64_t)(median_s * exp(sigma * z) * 1e6) + below(1000000);
}

static const char *const services[] = {
    "checkout-api", "payments", "search", "identity", "notifications", "catalog",
    "inventory", "shipping", "recommendations", "cart", "pricing", "reviews",
};
static const char *const people[] = {
    "Linh Tran", "Nguyễn Đức Minh", "Siti Rahmawati", "Chinedu Okafor", "Katrin Vogel",
    "Priya Raman", "Tomás Herrera", "Aiko Tanaka", "Dewi Lestari", "Jonas Berg",
    "Amara Nwosu", "Lucía Romero", "Kenji Mori", "Fatima Zahra", "Oliver Hughes",
    "Mei Lin", "Rahul Iyer", "Sofia Rossi", "Ahmed Hassan", "Hana Kim",
    "Pedro Alves", "Ingrid Lund", "Yusuf Demir", "Chloé Martin", "Ravi Shah",
    "Zanele Dube", "Marta Nowak", "Tariq Aziz", "Eva Horvat", "Diego Castro",
};
static const char *const factors[] = {
    "Deploys go to every pod at once, with no canary stage.",
    "A configuration change shipped without automated validation.",
    "Capacity limits were never load-tested at peak traffic.",
    "Clients retried failed calls immediately, without backoff.",
    "A service connects to a static database host name instead of the leader endpoint.",
    "Replica lag blocked the automatic failover.",
    "Success was announced on the status page before the fix was complete.",
    "A nightly batch job ran into business hours.",
    "A single third-party provider with no failover.",
    "Customers noticed before our monitoring did.",
    "The alert fired but paged nobody: it was a warning.",
    "The runbook was out of date.",
    "A certificate expired; renewal failed silently.",
    "A cache was cold after a node replacement.",
    "A dependency's timeout was longer than ours.",
    "The on-call engineer was unreachable; escalation took 15 minutes.",
    "A database migration locked a hot table.",
    "A feature flag was enabled for everyone at once.",
    "Disk filled up with logs.",
    "DNS TTLs kept clients on the old address.",
    "A queue was shared between bulk and transactional work.",
    "Rate limits at a partner were hit during a sale.",
    "A memory leak in a new release.",
    "Clock skew between hosts.",
    "The change was made by hand and not recorded.",
    "Health checks passed while the service was failing.",
    "A cron job ran twice after a daylight-saving change.",
    "Tests did not cover the failing path.",
    "Connection pool too small for peak traffic.",
    "A cloud provider zone outage.",
};
static const char *const log_msgs[] = {
    "checkout failed: connection refused to db-primary:5432",
    "payment authorisation failed: gateway timeout after 10000 ms",
    "upstream returned 503 Service Unavailable",
    "request failed: timeout acquiring a database connection",
    "cache miss storm: 4,812 misses in 10 s",
    "TLS handshake failed: certificate has expired",
};
static const char *const chat_msgs[] = {
    "ack, on it", "customers report errors at checkout", "looking into the dashboards now",
    "Declaring SEV2, I'm incident commander", "rolling back the last deploy",
    "error rate back to normal", "can someone check the replica lag?",
    "I'll post on the status page", "the fix is deployed, watching the graphs",
};

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static json_t *time_json(int64_t us)
{
    char buf[32];
    return json_string(rg_time_format(us, buf));
}

static json_t *milestone(int64_t us, const char *origin, const char *rule, int manual)
{
    json_t *m = json_object();
    json_object_set_new(m, "at", time_json(us));
    json_object_set_new(m, "origin", origin ? json_string(origin) : json_null());
    json_object_set_new(m, "rule", json_string(rule));
    json_object_set_new(m, "manual", json_boolean(manual));
    return m;
}

/* Whole seconds, halves away from zero, as metrics.c rounds. */
static json_t *seconds(int have_a, int64_t a_us, int have_b, int64_t b_us)
{
    if (!have_a || !have_b)
        return json_null();
    int64_t d = b_us - a_us;
    return json_integer(d >= 0 ? (d + SEC_US / 2) / SEC_US : -((-d + SEC_US / 2) / SEC_US));
}

static void add_finding(json_t *findings, const char *code, const char *text)
{
    json_t *f = json_object();
    json_object_set_new(f, "code", json_string(code));
    json_object_set_new(f, "text", json_string(text));
    json_object_set_new(f, "origin", json_null());
    json_array_append_new(findings, f);
}

enum { STARTED, DETECTED, ACKNOWLEDGED, MOBILIZED, COMMUNICATED, MITIGATED, RECOVERED, RESOLVED };
static const char *const ms_names[] = {"started",   "detected",     "acknowledged",
                                       "mobilized", "communicated", "mitigated",
                                       "recovered", "resolved"};

/* incidents generated whose start falls in 2026Q3, for the report line */
static long n_2026q3;

static json_t *make_review(long i, long n, int n_events)
{
    /* Each incident draws from its own seed, and the timeline from a copy of
     * the state: the same incidents whatever the number of events. */
    rng_state = UINT64_C(2026) + (uint64_t)i * UINT64_C(0x9e3779b97f4a7c15);
    /* evenly spread with jitter, so ids run in time order */
    int64_t span = (TO_US - FROM_US) / n;
    int64_t t0 = FROM_US + span * i + (int64_t)(uniform() * (double)span);
    n_2026q3 += t0 >= INT64_C(1782864000) * SEC_US && t0 < INT64_C(1790812800) * SEC_US;
    int sev_roll = below(100);
    int sev = sev_roll < 5 ? 1 : sev_roll < 25 ? 2 : sev_roll < 70 ? 3 : 4;
    char id[32], title[160], sevs[8];
    snprintf(id, sizeof(id), "GEN-%06ld", i + 1);
    snprintf(sevs, sizeof(sevs), "SEV%d", sev);
    /* some services far more often than others: u^2 skews to the front */
    double u = uniform();
    const char *svc = services[(int)(u * u * N_OF(services))];
    snprintf(title, sizeof(title), "%s: %s", svc, log_msgs[below(N_OF(log_msgs))]);

    json_t *review = json_object();
    json_object_set_new(review, "schema", json_integer(1));
    json_t *inc = json_object();
    json_object_set_new(inc, "id", json_string(id));
    json_object_set_new(inc, "title", json_string(title));
    json_object_set_new(inc, "severity", json_string(sevs));
    json_t *svcs = json_array();
    json_array_append_new(svcs, json_string(svc));
    if (below(100) < 30) {
        const char *other = services[below(N_OF(services))];
        if (strcmp(other, svc) != 0)
            json_array_append_new(svcs, json_string(other));
    }
    json_object_set_new(inc, "services", svcs);
    json_object_set_new(inc, "timezone", json_string("UTC"));
    json_object_set_new(inc, "exclude_from_trends", json_boolean(below(100) == 0));
    json_object_set_new(review, "incident", inc);

    /* milestones */
    int64_t at[8];
    int have[8];
    for (int k = 0; k < 8; k++)
        have[k] = 1;
    at[STARTED] = t0;
    at[DETECTED] = t0 + (below(100) < 25 ? 0 : lognormal_us(120, 1.2));
    at[ACKNOWLEDGED] = at[DETECTED] + lognormal_us(150, 1.0);
    have[ACKNOWLEDGED] = below(100) >= 3;
    at[MOBILIZED] = at[DETECTED] + lognormal_us(360, 0.9);
    have[MOBILIZED] = below(100) >= 10;
    at[COMMUNICATED] = at[DETECTED] + lognormal_us(600, 0.8);
    have[COMMUNICATED] = below(100) < (sev <= 2 ? 90 : 55);
    at[MITIGATED] = t0 + lognormal_us(sev == 1 ? 2400 : 1800, 1.1);
    if (at[MITIGATED] < at[DETECTED])
        at[MITIGATED] = at[DETECTED] + 60 * SEC_US;
    have[MITIGATED] = below(100) >= 2;
    at[RECOVERED] = at[MITIGATED] + lognormal_us(1200, 1.0);
    at[RESOLVED] = at[MITIGATED] + lognormal_us(1500, 0.9);
    have[RESOLVED] = have[COMMUNICATED] && below(100) < 85;
    if (!have[MITIGATED])
        at[RECOVERED] = t0 + lognormal_us(3600, 1.0);

    int how = below(100); /* who noticed first */
    const char *detected_rule = how < 60   ? "first alert.firing"
                                : how < 80 ? "first page.triggered"
                                : how < 97 ? "first human chat message that reports the problem"
                                           : "manifest";
    json_t *ms = json_object();
    static const char *const rules[] = {
        "start of the first error burst", NULL, "first human page.acknowledged",
        "first chat message that declares the incident or names a commander", "first status post",
        "last alert.resolved", "last page.resolved", "last status.resolved"};
    for (int k = 0; k < 8; k++) {
        if (!have[k]) {
            json_object_set_new(ms, ms_names[k], json_null());
            continue;
        }
        const char *rule = k == DETECTED ? detected_rule : rules[k];
        int manual = strcmp(rule, "manifest") == 0;
        char origin[48];
        snprintf(origin, sizeof(origin), "%s:%d", k < 2 ? "alertmanager.jsonl" : "pagerduty.json",
                 1 + below(400));
        json_object_set_new(ms, ms_names[k], milestone(at[k], manual ? NULL : origin, rule, manual));
    }
    json_object_set_new(review, "milestones", ms);

    json_t *dur = json_object();
    json_object_set_new(dur, "time_to_detect", seconds(1, at[STARTED], 1, at[DETECTED]));
    json_object_set_new(dur, "time_to_acknowledge",
                        seconds(1, at[DETECTED], have[ACKNOWLEDGED], at[ACKNOWLEDGED]));
    json_object_set_new(dur, "time_to_mobilize",
                        seconds(1, at[DETECTED], have[MOBILIZED], at[MOBILIZED]));
    json_object_set_new(dur, "time_to_communicate",
                        seconds(1, at[DETECTED], have[COMMUNICATED], at[COMMUNICATED]));
    json_object_set_new(dur, "time_to_mitigate",
                        seconds(1, at[STARTED], have[MITIGATED], at[MITIGATED]));
    json_object_set_new(dur, "time_to_recover", seconds(1, at[STARTED], 1, at[RECOVERED]));
    json_object_set_new(dur, "validation_window",
                        seconds(have[MITIGATED], at[MITIGATED], have[RESOLVED], at[RESOLVED]));
    json_object_set_new(dur, "total_duration",
                        have[RESOLVED] ? seconds(1, at[STARTED], 1, at[RESOLVED])
                                       : seconds(1, at[STARTED], 1, at[RECOVERED]));
    json_object_set_new(review, "durations", dur);

    json_t *comm = json_object();
    int updates = have[COMMUNICATED] ? 2 + below(6) : 0;
    int64_t max_gap = updates ? lognormal_us(1200, 0.6) / SEC_US : 0;
    int gaps_over = updates && max_gap > 1800 ? 1 + (below(100) < 20) : 0;
    json_object_set_new(comm, "updates", json_integer(updates));
    json_object_set_new(comm, "max_gap", updates >= 2 ? json_integer(max_gap) : json_null());
    json_object_set_new(comm, "policy", json_integer(1800));
    json_object_set_new(comm, "gaps_over_policy", json_integer(gaps_over));
    json_object_set_new(comm, "workaround_offered", json_boolean(updates && below(100) < 20));
    json_object_set_new(review, "communication", comm);

    json_t *findings = json_array();
    if (have[ACKNOWLEDGED] && at[ACKNOWLEDGED] - at[DETECTED] > 300 * SEC_US)
        add_finding(findings, "ack-over-policy", "Time to acknowledge was over the 5 min policy.");
    for (int g = 0; g < gaps_over; g++)
        add_finding(findings, "update-gap-over-policy", "A gap between status posts was over 30 min.");
    if (!have[COMMUNICATED])
        add_finding(findings, "no-customer-update", "Customers were affected and never told.");
    if (have[RESOLVED] && below(100) < 6)
        add_finding(findings, "announced-before-recovered",
                    "An alert fired again after success was announced.");
    for (int k = 0; k < 8; k++)
        if (!have[k])
            add_finding(findings, "milestone-missing", ms_names[k]);
    json_object_set_new(review, "findings", findings);

    /* the timeline: n_events entries over the incident, in time order */
    uint64_t saved = rng_state;
    json_t *timeline = json_array();
    int64_t tl_from = t0 - 10 * MIN_US, tl_to = at[RECOVERED] + 10 * MIN_US;
    for (int e = 0; e < n_events; e++) {
        int64_t when = tl_from + (tl_to - tl_from) / n_events * e + below(1000000);
        int kind = below(100);
        json_t *ev = json_object();
        char origin[64], tt[48], buf[32];
        json_object_set_new(ev, "at", time_json(when));
        const char *k, *type, *source, *actor, *text;
        int human = 0;
        if (kind < 50) {
            k = "log", type = below(3) ? "log.error" : "log.warning", source = "app log";
            actor = "app-7d9f8b6c5-x2kqp", text = log_msgs[below(N_OF(log_msgs))];
            snprintf(origin, sizeof(origin), "app.log:%d", 1 + e * 37);
        } else if (kind < 60) {
            k = "alert", type = below(2) ? "alert.firing" : "alert.resolved";
            source = "alertmanager", actor = "Alertmanager", text = "ErrorRate: 5xx ratio above 5%";
            snprintf(origin, sizeof(origin), "alertmanager.jsonl:%d", 1 + e);
        } else if (kind < 70) {
            k = "page", type = "page.notified", source = "pagerduty", actor = people[below(N_OF(people))];
            text = "Notified by push notification.";
            snprintf(origin, sizeof(origin), "pagerduty.json:%d", 10 + e * 12);
        } else if (kind < 75) {
            k = "status", type = "status.investigating", source = "status page", actor = "Statuspage";
            text = "We are investigating errors. We will post another update within 30 minutes.";
            snprintf(origin, sizeof(origin), "statuspage.json:%d", 10 + e * 9);
        } else {
            k = "chat", type = "chat.message", source = "slack #inc", actor = people[below(N_OF(people))];
            text = chat_msgs[below(N_OF(chat_msgs))];
            human = 1;
            snprintf(origin, sizeof(origin), "slack/inc/%.10s.json:%d", rg_time_format(when, buf),
                     3 + e * 40);
        }
        snprintf(tt, sizeof(tt), "%s", rg_time_format(when, buf));
        json_object_set_new(ev, "kind", json_string(k));
        json_object_set_new(ev, "type", json_string(type));
        json_object_set_new(ev, "source", json_string(source));
        json_object_set_new(ev, "actor", json_string(actor));
        json_object_set_new(ev, "human", json_boolean(human));
        json_object_set_new(ev, "text", json_string(text));
        json_object_set_new(ev, "origin", json_string(origin));
        json_object_set_new(ev, "time_text", json_string(tt));
        json_object_set_new(ev, "milestone", json_null());
        json_object_set_new(ev, "count", json_integer(kind < 50 ? 1 + below(40) : 1));
        json_array_append_new(timeline, ev);
    }
    json_object_set_new(review, "timeline", timeline);
    rng_state = saved;

    json_t *responders = json_array();
    int n_resp = 2 + below(4);
    for (int r = 0; r < n_resp; r++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(people[below(N_OF(people))]));
        json_object_set_new(o, "role", json_string(r == 0 ? "Incident commander" : "Responder"));
        json_object_set_new(o, "first_at", time_json(at[DETECTED] + r * MIN_US));
        json_object_set_new(o, "first_origin", json_string("pagerduty.json:12"));
        json_array_append_new(responders, o);
    }
    json_object_set_new(review, "responders", responders);

    json_t *cf = json_array();
    int n_cf = 1 + below(3);
    for (int c = 0; c < n_cf; c++) {
        double v = uniform(); /* a few factors recur far more than the rest */
        json_array_append_new(cf, json_string(factors[(int)(v * v * N_OF(factors))]));
    }
    json_object_set_new(review, "contributing_factors", cf);

    json_t *items = json_array();
    int n_items = below(5);
    for (int a = 0; a < n_items; a++) {
        json_t *o = json_object();
        char t[96], ticket[32], due[16];
        int prio = 1 + below(3);
        snprintf(t, sizeof(t), "Follow-up %d of %s", a + 1, id);
        snprintf(ticket, sizeof(ticket), "OPS-%ld", 1000 + i * 5 + a);
        json_object_set_new(o, "title", json_string(t));
        json_object_set_new(o, "owner", json_string(people[below(N_OF(people))]));
        if (below(100) < 80) {
            char buf[32];
            snprintf(due, sizeof(due), "%.10s",
                     rg_time_format(t0 + (7 + below(63)) * DAY_US, buf));
            json_object_set_new(o, "due", json_string(due));
        } else
            json_object_set_new(o, "due", json_null());
        static const char *const prios[] = {"P1", "P2", "P3"};
        json_object_set_new(o, "priority", json_string(prios[prio - 1]));
        json_object_set_new(o, "kind", json_string(below(2) ? "prevent" : "detect"));
        json_object_set_new(o, "ticket", json_string(ticket));
        /* older incidents' items are more often done */
        double age = (double)(TO_US - t0) / (double)(TO_US - FROM_US);
        int done = uniform() < 0.3 + 0.6 * age;
        json_object_set_new(o, "status", json_string(done ? "done" : "open"));
        json_object_set_new(o, "done", json_boolean(done));
        json_object_set_new(o, "origin", json_string("incident.json:40"));
        json_array_append_new(items, o);
    }
    json_object_set_new(review, "action_items", items);
    json_object_set_new(review, "lint", json_array());
    json_object_set_new(review, "warnings", json_array());
    return review;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The store at db, with *diag initialised for it (the caller frees both);
 * NULL, the error printed and *diag freed, when it does not open. */
static rg_store *open_store(const char *db, rg_diag *diag)
{
    rg_diag_init(diag);
    rg_store *st = rg_store_open(db, diag);
    if (!st) {
        fprintf(stderr, "gen_store: %s\n", diag->error);
        rg_diag_free(diag);
    }
    return st;
}

/* Saves incidents w, w + writers, w + 2 * writers, ... of n into db, each
 * in its own transaction (rg_store_save); the count that starts in 2026Q3 is
 * added to *q3. Returns 0 or 1 (the error printed). */
static int write_share(const char *db, long n, int e, int w, int writers, int fast, long *q3)
{
    rg_diag diag;
    rg_store *st = open_store(db, &diag);
    if (!st)
        return 1;
    /* A throwaway SQLite store written by one process: no fsync and the
     * rollback journal in memory, for this connection only, so 10,000
     * one-transaction saves take seconds, not minutes. What is written is
     * the same. */
    if (fast)
        rg_store_exec(st, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY", &diag);
    int rc = 0;
    for (long i = w; i < n && rc == 0; i += writers) {
        long before = n_2026q3;
        json_t *review = make_review(i, n, e);
        if (!review || rg_store_save(st, review, &diag) != 0) {
            fprintf(stderr, "gen_store: incident %ld: %s\n", i + 1,
                    review ? diag.error : "out of memory");
            rc = 1;
        }
        *q3 += n_2026q3 - before;
        json_decref(review);
    }
    rg_store_close(st);
    rg_diag_free(&diag);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: gen_store DB [INCIDENTS] [EVENTS_PER_INCIDENT] [WRITERS]\n");
        return 2;
    }
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
    int e = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 100;
    int writers = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 1;
    if (n < 1 || e < 0 || writers < 1 || writers > 64) {
        fprintf(stderr, "gen_store: bad counts '%s' '%s' '%s'\n", argc > 2 ? argv[2] : "",
                argc > 3 ? argv[3] : "", argc > 4 ? argv[4] : "");
        return 2;
    }
    const char *db = argv[1];
    int sqlite = rg_store_kind_of(db) == RG_STORE_SQLITE;
    if (sqlite)
        unlink(db);
    double t0 = now_s();
    long q3 = 0;
    int rc = 0;
    if (writers == 1) {
        rc = write_share(db, n, e, 0, 1, sqlite, &q3);
    } else {
        /* the schema first, so the writers start on a store */
        rg_diag diag;
        rg_store *st = open_store(db, &diag);
        if (!st)
            return 1;
        rg_store_close(st);
        rg_diag_free(&diag);
        t0 = now_s();
        /* each writer is a process of its own, as builds on many machines
         * are; each says through its pipe how many of its incidents start
         * in 2026Q3 */
        pid_t pids[64];
        int fds[64];
        for (int w = 0; w < writers; w++) {
            int p[2];
            if (pipe(p) != 0 || (pids[w] = fork()) < 0) {
                perror("gen_store");
                return 1;
            }
            if (pids[w] == 0) {
                close(p[0]);
                long mine = 0;
                int r = write_share(db, n, e, w, writers, 0, &mine);
                char line[32];
                int len = snprintf(line, sizeof(line), "%ld\n", mine);
                if (write(p[1], line, (size_t)len) != len)
                    r = 1;
                _exit(r);
            }
            close(p[1]);
            fds[w] = p[0];
        }
        for (int w = 0; w < writers; w++) {
            char line[32] = "";
            ssize_t got = read(fds[w], line, sizeof(line) - 1);
            close(fds[w]);
            int status = 0;
            waitpid(pids[w], &status, 0);
            if (got <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
                rc = 1;
            else
                q3 += strtol(line, NULL, 10);
        }
    }
    double secs = now_s() - t0;
    if (rc == 0)
        printf("incidents=%ld events=%ld in_2026q3=%ld writers=%d seconds=%.1f "
               "incidents_per_s=%.0f\n",
               n, n * (long)e, q3, writers, secs, secs > 0 ? (double)n / secs : 0);
    return rc;
}
