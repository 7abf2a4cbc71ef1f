/* check_store_pg.c -- the store on both back ends, SQLite and PostgreSQL
 * (a throw-away server: check_pg_util.h): the same rows from the same
 * saves, migration from every earlier schema version, a newer schema
 * refused, a rebuild replacing rows; the sample quarter's trend report
 * byte-identical from both and across `store copy` both ways; ten builds at
 * once with a trend report that never sees half an incident; a connection
 * dropped mid-save, a deadlock, a busy row, and the least-privilege role.
 * SQLite's own promises (WAL, busy timeout, quick_check, backups) are in
 * check_store.c. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "alloc.h"
#include "check_pg_util.h"
#include "check_util.h"
#include "store.h"
#include "trend.h"

#define REVIEW RG_FIXTURES "/store/review.json"
#define QUARTER "samples/quarter-2026q3"

static const char *const kind_name[] = {"SQLite", "PostgreSQL"};

static json_t *load_review(void)
{
    json_error_t err;
    json_t *r = json_load_file(REVIEW, JSON_REJECT_DUPLICATES, &err);
    ck_assert_msg(r != NULL, "%s:%d: %s", REVIEW, err.line, err.text);
    return r;
}

static json_t *with_id(const json_t *review, const char *id)
{
    json_t *r = json_deep_copy(review);
    json_object_set_new(json_object_get(r, "incident"), "id", json_string(id));
    return r;
}

static void save_ok(rg_store *st, const json_t *review)
{
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(rg_store_save(st, review, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
}

static void assert_rows(rg_store *st, const char *sql, const char *want)
{
    char *got = st_rows(st, sql);
    ck_assert_msg(!strcmp(got, want), "%s (%s):\ngot:\n%s\nwant:\n%s", sql,
                  kind_name[rg_store_kind_get(st)], got, want);
    rg_free(got);
}

static void open_fails(const char *target, const char *want)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_store *st = rg_store_open(target, &d);
    ck_assert_ptr_null(st);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
}

/* ---- schema ------------------------------------------------------------ */

/* A new store has the tables of rg_store_tables, with exactly their
 * columns, and nothing else. */
START_TEST(new_store_has_the_tables)
{
    test_store t;
    ts_init(&t, _i);
    rg_store *st = ts_open(&t);
    ck_assert_int_eq(rg_store_found_version(st), 0);
    ck_assert_int_eq(ts_version(&t), rg_store_schema_version());
    for (size_t i = 0; i < rg_n_store_tables; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT * FROM %s", rg_store_tables[i].name);
        rg_diag d;
        rg_diag_init(&d);
        rg_stmt *q = rg_store_prepare(st, sql, &d);
        ck_assert_msg(q != NULL, "%s", d.error);
        ck_assert_int_eq(rg_stmt_step(q), RG_DONE);
        int n = 0;
        for (; rg_store_tables[i].columns[n]; n++)
            ck_assert_str_eq(rg_stmt_column_name(q, n), rg_store_tables[i].columns[n]);
        ck_assert_int_eq(rg_stmt_columns(q), n);
        rg_stmt_finalize(q);
        rg_diag_free(&d);
    }
    assert_rows(st,
                _i ? "SELECT count(*) FROM information_schema.tables WHERE table_schema ="
                     " current_schema() AND table_name <> 'reviewgen_schema'"
                   : "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                "7\n");
    rg_store_close(st);
    /* opening again finds it current */
    st = ts_open(&t);
    ck_assert_int_eq(rg_store_found_version(st), rg_store_schema_version());
    rg_store_close(st);
    ts_free(&t);
}
END_TEST

/* The rows of a save, exactly, in both (the columns check_store.c checks
 * in SQLite), hostile text stored as data. */
START_TEST(save_stores_exact_rows)
{
    test_store t;
    ts_init(&t, _i);
    json_t *review = load_review();
    rg_store *st = ts_open(&t);
    save_ok(st, review);
    assert_rows(st,
                "SELECT id, title, severity, started, detected, acknowledged, mobilized,"
                " communicated, mitigated, recovered, resolved FROM incidents",
                "'INC-2041'|'Checkout failures after database failover'|'SEV2'|"
                "'2026-11-20T14:02:00Z'|'2026-11-20T14:05:10Z'|'2026-11-20T14:06:45Z'|NULL|"
                "'2026-11-20T14:20:00Z'|NULL|NULL|'2026-11-20T16:02:00Z'\n");
    assert_rows(st,
                "SELECT time_to_detect, time_to_acknowledge, time_to_mobilize,"
                " time_to_communicate, time_to_mitigate, time_to_recover, validation_window,"
                " total_duration, updates, max_gap, update_policy, gaps_over_policy,"
                " workaround_offered, exclude_from_trends, detected_by, source_kind"
                " FROM incidents",
                "190|95|NULL|890|NULL|NULL|NULL|7200|5|2400|1800|1|1|0|'monitoring'|'review'\n");
    assert_rows(st, "SELECT seq, service FROM incident_services ORDER BY seq",
                "0|'checkout-api'\n1|'payments'\n");
    assert_rows(st, "SELECT text FROM events WHERE seq = 1",
                "'<script>alert(1)</script> '; DROP TABLE incidents; --'\n");
    assert_rows(st,
                "SELECT at, last_at, count, kind, type, source, actor, human, origin, time_text,"
                " milestone FROM events WHERE seq = 2",
                "'2026-11-20T14:07:00Z'|'2026-11-20T14:09:30Z'|12|'log'|'log.error'|"
                "'checkout-api log'|'web-1'|0|'app.log:10452'|'Nov 20 21:07:00'|NULL\n");
    assert_rows(st, "SELECT title, owner, raised_by FROM action_items ORDER BY seq",
                "'Alert on replica lag'|'Sam Okafor'|NULL\n"
                "'Write the failover runbook'|NULL|'Linh Tran'\n");
    assert_rows(
        st, "SELECT name, role, first_at FROM responders ORDER BY seq",
        "'Linh Tran'|'Incident commander'|'2026-11-20T14:06:45Z'\n'Sam Okafor'|NULL|NULL\n");
    char *js = json_dumps(review, JSON_COMPACT);
    char want[8192];
    snprintf(want, sizeof(want), "'%s'\n", js);
    free(js);
    assert_rows(st, "SELECT review_json FROM incidents", want);
    rg_store_close(st);
    json_decref(review);
    ts_free(&t);
}
END_TEST

/* The same saves give the same rows, row for row, in both. */
START_TEST(same_rows_in_both)
{
    test_store a, b;
    ts_init(&a, 0);
    ts_init(&b, 1);
    json_t *review = load_review();
    rg_store *sa = ts_open(&a), *sb = ts_open(&b);
    for (int i = 0; i < 3; i++) {
        char id[32];
        snprintf(id, sizeof(id), "INC-%d", 3 - i);
        json_t *r = with_id(review, id);
        /* text beyond ASCII, which a language collation sorts its own way */
        json_object_set_new(json_object_get(r, "incident"), "title",
                            json_string(i == 1 ? "Ärger mit Zahlungen"
                                        : i    ? "Zebra"
                                               : "zebra"));
        save_ok(sa, r);
        save_ok(sb, r);
        json_decref(r);
    }
    char *da = st_dump(sa), *db = st_dump(sb);
    ck_assert_str_eq(da, db);
    rg_free(da);
    rg_free(db);
    /* ORDER BY compares code points in both: 'Z' < 'z' < 'Ä' (a language's
     * order would be Ä, z, Z) */
    static const char sql[] = "SELECT title FROM incidents ORDER BY title, id";
    char *oa = st_rows(sa, sql), *ob = st_rows(sb, sql);
    ck_assert_str_eq(oa, "'Zebra'\n'zebra'\n'\xc3\x84rger mit Zahlungen'\n");
    ck_assert_str_eq(ob, oa);
    rg_free(oa);
    rg_free(ob);
    rg_store_close(sa);
    rg_store_close(sb);
    json_decref(review);
    ts_free(&a);
    ts_free(&b);
}
END_TEST

/* A rebuild replaces the incident's rows: the events gone from its sources
 * go, another incident is untouched. */
START_TEST(rebuild_replaces_rows)
{
    test_store t;
    ts_init(&t, _i);
    json_t *review = load_review(), *other = with_id(review, "INC-7");
    rg_store *st = ts_open(&t);
    save_ok(st, review);
    save_ok(st, other);
    assert_rows(st, "SELECT count(*) FROM events", "8\n");
    json_t *tl = json_object_get(review, "timeline");
    json_array_remove(tl, 2);
    json_array_remove(tl, 0);
    json_array_clear(json_object_get(review, "action_items"));
    save_ok(st, review);
    save_ok(st, review);
    assert_rows(st, "SELECT incident_id, count(*) FROM events GROUP BY incident_id ORDER BY 1",
                "'INC-2041'|2\n'INC-7'|4\n");
    assert_rows(st, "SELECT type FROM events WHERE incident_id = 'INC-2041' ORDER BY seq",
                "'page.acknowledged'\n'status.investigating'\n");
    assert_rows(st, "SELECT incident_id, count(*) FROM action_items GROUP BY incident_id",
                "'INC-7'|2\n");
    assert_rows(st, "SELECT count(*) FROM incidents", "2\n");
    rg_store_close(st);
    json_decref(review);
    json_decref(other);
    ts_free(&t);
}
END_TEST

/* A store a newer reviewgen wrote is refused, and left as it was. */
START_TEST(newer_schema_refused)
{
    test_store t;
    ts_init(&t, _i);
    json_t *review = load_review();
    rg_store *st = ts_open(&t);
    save_ok(st, review);
    rg_store_close(st);
    ts_exec(&t, _i ? "UPDATE reviewgen_schema SET version = 7" : "PRAGMA user_version = 7");
    char *name = rg_store_redact(t.target), want[1400];
    snprintf(want, sizeof(want),
             "%s: store was written by a newer reviewgen (schema 7, this one reads up to %d)", name,
             rg_store_schema_version());
    open_fails(t.target, want);
    ck_assert_int_eq(ts_version(&t), 7);
    rg_free(name);
    json_decref(review);
    ts_free(&t);
}
END_TEST

/* The schema-1 rows an older reviewgen wrote (raw SQL, the same in both). */
static void insert_v1_rows(const test_store *t)
{
    static const char *const rows[][3] = {
        {"OLD-1",
         "{\"incident\":{\"id\":\"OLD-1\",\"exclude_from_trends\":true},\"milestones\":"
         "{\"detected\":{\"at\":\"2026-05-02T10:01:00Z\",\"rule\":\"first alert.firing\","
         "\"manual\":false}}}",
         "'2026-05-02T10:01:00Z'"},
        {"OLD-2",
         "{\"incident\":{\"id\":\"OLD-2\"},\"milestones\":{\"detected\":{\"at\":"
         "\"2026-05-02T10:01:00Z\",\"rule\":\"first human Chat message that reports the "
         "problem\",\"manual\":false}}}",
         "'2026-05-02T10:01:00Z'"},
        {"OLD-3",
         "{\"incident\":{\"id\":\"OLD-3\",\"exclude_from_trends\":1},\"milestones\":"
         "{\"detected\":{\"at\":\"2026-05-02T10:01:00Z\",\"rule\":\"manifest\",\"manual\":true}}}",
         "'2026-05-02T10:01:00Z'"},
        {"OLD-4", "{\"incident\":{\"id\":\"OLD-4\"},\"milestones\":{}}", "NULL"},
        {"OLD-5", "not json", "'2026-05-02T10:01:00Z'"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char sql[1024];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO incidents (id, title, severity, started, detected, time_to_detect,"
                 " review_json) VALUES ('%s', 'Old', 'SEV3', '2026-05-02T10:00:00Z', %s, 60, '%s')",
                 rows[i][0], rows[i][2], rows[i][1]);
        ts_exec(t, sql);
    }
    ts_exec(t, "INSERT INTO events (incident_id, seq, at, count, text) VALUES "
               "('OLD-1', 0, '2026-05-02T10:01:00Z', 1, 'kept')");
}

/* From every earlier version to the current one, the same in both: every
 * row kept, the new columns filled in from review_json by one rule. */
START_TEST(migrates_from_every_version)
{
    int now = rg_store_schema_version();
    for (int v = 1; v < now; v++) {
        test_store t;
        ts_init(&t, _i);
        rg_diag d;
        rg_diag_init(&d);
        ck_assert_msg(rg_store_create_at_version(t.target, v, &d) == 0, "%s", d.error);
        ck_assert_int_eq(ts_version(&t), v);
        if (v == 1)
            insert_v1_rows(&t);
        rg_store *st = ts_open(&t);
        ck_assert_int_eq(rg_store_found_version(st), v);
        ck_assert_int_eq(ts_version(&t), now);
        if (v == 1) {
            assert_rows(st,
                        "SELECT id, exclude_from_trends, detected_by, source_kind, time_to_detect"
                        " FROM incidents ORDER BY id",
                        "'OLD-1'|1|'monitoring'|'review'|60\n'OLD-2'|0|'people'|'review'|60\n"
                        "'OLD-3'|1|'manual'|'review'|60\n'OLD-4'|0|NULL|'review'|60\n"
                        "'OLD-5'|0|NULL|'review'|60\n");
            assert_rows(st, "SELECT text FROM events", "'kept'\n");
        }
        /* and the upgraded store takes a new save */
        json_t *review = load_review();
        save_ok(st, review);
        json_decref(review);
        rg_store_close(st);
        /* the hook refuses what it cannot make */
        ck_assert_int_eq(rg_store_create_at_version(t.target, 1, &d), -1);
        char *name = rg_store_redact(t.target), want[1400];
        snprintf(want, sizeof(want), "%s: cannot create the store: it already has one (schema %d)",
                 name, now);
        ck_assert_str_eq(d.error, want);
        rg_free(name);
        rg_diag_free(&d);
        ts_free(&t);
    }
}
END_TEST

/* ---- the sample quarter: the test of record ------------------------------ */

static char scratch[128];

static void sh(const char *cmd)
{
    int rc = system(cmd);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, cmd);
}

/* Runs the reviewgen binary with arguments (shell-quoted by the caller). */
static void rg(const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), "%s %s >> '%s/log' 2>&1", RG_BIN, args, scratch);
    int rc = system(cmd);
    if (rc != 0) {
        char log[300];
        snprintf(log, sizeof(log), "cat '%s/log' >&2", scratch);
        if (system(log) != 0)
            fprintf(stderr, "(no log)\n");
    }
    ck_assert_msg(rc == 0, "exit %d: %s", rc, cmd);
}

static void scratch_setup(void)
{
    snprintf(scratch, sizeof(scratch), "/tmp/rg-check-stores-q-%ld", (long)getpid());
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", scratch, scratch);
    sh(cmd);
}

static void scratch_teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch);
}

/* trend --quarter 2026Q3 from a store into scratch/<out>. */
static void trend_into(const test_store *t, const char *out)
{
    char args[4096];
    snprintf(args, sizeof(args),
             "trend --quarter 2026Q3 --db \"%s\" -o '%s/%s' --reviews '%s/reviews' -q", t->target,
             scratch, out, scratch);
    rg(args);
}

static void same_files(const char *a, const char *b)
{
    static const char *const names[] = {"trend.md",  "trend.html",          "trend.json",
                                        "trend.csv", "trend-durations.svg", "trend-months.svg"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "cmp '%s/%s/%s' '%s/%s/%s'", scratch, a, names[i], scratch, b,
                 names[i]);
        sh(cmd);
    }
}

/* The sample quarter built into SQLite and into PostgreSQL gives the same
 * trend report, byte for byte; so do copies made by `store copy` in each
 * direction (twice: copying again changes nothing). */
START_TEST(sample_quarter_identical)
{
    test_store lite, pg, pg2, lite2;
    ts_init(&lite, 0);
    ts_init(&pg, 1);
    ts_init(&pg2, 1);
    ts_init(&lite2, 0);
    char args[4096];
    snprintf(args, sizeof(args), "build-all %s -o '%s/reviews' --db '%s' -q", QUARTER, scratch,
             lite.target);
    rg(args);
    snprintf(args, sizeof(args), "build-all %s -o '%s/reviews-pg' --db \"%s\" -q", QUARTER, scratch,
             pg.target);
    rg(args);
    trend_into(&lite, "sqlite");
    trend_into(&pg, "pg");
    same_files("sqlite", "pg");
    /* the listings too */
    for (int i = 0; i < 2; i++) {
        const test_store *t = i ? &pg : &lite;
        snprintf(args, sizeof(args),
                 "list --db \"%s\" --format json > '%s/list-%d.json' && %s actions --db \"%s\" "
                 "--as-of 2026-10-01 --format csv",
                 t->target, scratch, i, RG_BIN, t->target);
        char out[64];
        snprintf(out, sizeof(out), "actions-%d.csv", i);
        char cmd[8192];
        snprintf(cmd, sizeof(cmd), "%s %s > '%s/%s'", RG_BIN, args, scratch, out);
        sh(cmd);
    }
    char cmd[600];
    snprintf(cmd, sizeof(cmd),
             "cmp '%s/list-0.json' '%s/list-1.json' && cmp '%s/actions-0.csv' "
             "'%s/actions-1.csv'",
             scratch, scratch, scratch, scratch);
    sh(cmd);

    /* SQLite -> PostgreSQL, twice, and PostgreSQL -> SQLite */
    for (int i = 0; i < 2; i++) {
        snprintf(args, sizeof(args), "store copy '%s' \"%s\" -q", lite.target, pg2.target);
        rg(args);
        snprintf(args, sizeof(args), "store copy \"%s\" '%s' -q", pg.target, lite2.target);
        rg(args);
    }
    trend_into(&pg2, "pg2");
    trend_into(&lite2, "sqlite2");
    same_files("sqlite", "pg2");
    same_files("sqlite", "sqlite2");
    /* row for row the same stores */
    char *d1 = ts_dump(&lite), *d2 = ts_dump(&pg2), *d3 = ts_dump(&lite2);
    ck_assert_str_eq(d1, d2);
    ck_assert_str_eq(d1, d3);
    rg_free(d1);
    rg_free(d2);
    rg_free(d3);
    /* st_dump leaves output_token out (it differs per build); a copy must
     * carry it, or publish.c would undo the copied incidents' outputs */
    static const char tokens[] = "SELECT id, output_token FROM incidents ORDER BY id";
    rg_store *s[4] = {ts_open(&lite), ts_open(&pg2), ts_open(&pg), ts_open(&lite2)};
    char *t[4];
    for (int i = 0; i < 4; i++)
        t[i] = st_rows(s[i], tokens);
    ck_assert_ptr_null(strstr(t[0], "NULL"));
    ck_assert_ptr_null(strstr(t[2], "NULL"));
    ck_assert_uint_gt(strlen(t[0]), 0);
    ck_assert_str_eq(t[0], t[1]); /* lite -> pg2 */
    ck_assert_str_eq(t[2], t[3]); /* pg -> lite2 */
    ck_assert_str_ne(t[0], t[2]); /* two builds: two sets of tokens */
    for (int i = 0; i < 4; i++) {
        rg_free(t[i]);
        rg_store_close(s[i]);
    }
    snprintf(args, sizeof(args), "store check --db \"%s\" -q", pg2.target);
    rg(args);
    ts_free(&lite);
    ts_free(&pg);
    ts_free(&pg2);
    ts_free(&lite2);
}
END_TEST

/* ---- many writers --------------------------------------------------------- */

static pid_t spawn_build(const char *dir, const char *out, const char *target, const char *log)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execl(RG_BIN, "reviewgen", "build", dir, "-o", out, "--db", target, "-q", (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* What a reader saw of one incident: its events, or none. */
typedef struct seen {
    char id[64];
    long events;
} seen;

/* One snapshot: every incident with its count of events and of services.
 * Appends what it saw to *log. */
static void look(rg_store *st, seen **log, size_t *n, size_t *cap)
{
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(rg_store_read_begin(st, &d) == 0, "%s", d.error);
    rg_stmt *q = rg_store_prepare(st,
                                  "SELECT i.id, (SELECT count(*) FROM events e"
                                  " WHERE e.incident_id = i.id) FROM incidents i",
                                  &d);
    ck_assert_msg(q != NULL, "%s", d.error);
    int r;
    while ((r = rg_stmt_step(q)) == RG_ROW) {
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *log = rg_realloc(*log, *cap * sizeof(**log));
            ck_assert_ptr_nonnull(*log);
        }
        snprintf((*log)[*n].id, sizeof((*log)[*n].id), "%s", rg_stmt_text(q, 0));
        (*log)[(*n)++].events = (long)rg_stmt_int(q, 1);
    }
    ck_assert_int_eq(r, RG_DONE);
    rg_stmt_finalize(q);
    rg_store_read_end(st);
    rg_diag_free(&d);
}

/* Eight builds of different incidents and two of one incident, at once,
 * from ten processes: all succeed, each incident is there once and whole,
 * and every snapshot a reader took meanwhile (and every trend report) held
 * each incident whole or not at all. */
START_TEST(ten_builds_at_once)
{
    static const char *const dirs[] = {
        "inc-2061-checkout-deploy",      "inc-2070-search-index",
        "inc-2078-payments-failover",    "inc-2089-identity-slow-logins",
        "inc-2101-search-latency",       "inc-2104-card-gateway",
        "inc-2108-email-delay",          "inc-2112-login-certificate",
        "inc-2115-checkout-db-failover", "inc-2115-checkout-db-failover"};
    enum { N = sizeof(dirs) / sizeof(dirs[0]) };
    test_store t;
    ts_init(&t, _i);
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        char dir[256], out[256], log[256];
        snprintf(dir, sizeof(dir), "%s/%s", QUARTER, dirs[i]);
        snprintf(out, sizeof(out), "%s/out-%d", scratch, i);
        snprintf(log, sizeof(log), "%s/build-%d.log", scratch, i);
        pids[i] = spawn_build(dir, out, t.target, log);
    }
    /* read while they write: each build's rows appear at once or not yet */
    seen *log = NULL;
    size_t n_seen = 0, cap = 0;
    json_t *trends = json_array();
    int running = N, status[N];
    memset(status, 0xff, sizeof(status));
    rg_store *reader = NULL;
    while (running > 0) {
        for (int i = 0; i < N; i++) {
            if (status[i] != -1)
                continue;
            int s;
            if (waitpid(pids[i], &s, WNOHANG) == pids[i]) {
                status[i] = WIFEXITED(s) ? WEXITSTATUS(s) : 128;
                running--;
            }
        }
        if (!reader) {
            /* the first build creates the store */
            rg_diag d;
            rg_diag_init(&d);
            reader = rg_store_open_existing(t.target, &d);
            rg_diag_free(&d);
        }
        if (reader) {
            look(reader, &log, &n_seen, &cap);
            rg_diag d;
            rg_diag_init(&d);
            json_t *tr = rg_trend_build(reader, "2026-04-01", "2026-10-01", NULL, "", &d);
            ck_assert_msg(tr != NULL, "%s", d.error);
            json_array_append_new(trends, tr);
            rg_diag_free(&d);
        }
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < N; i++) {
        if (status[i] != 0) {
            char cmd[300];
            snprintf(cmd, sizeof(cmd), "cat '%s/build-%d.log' >&2", scratch, i);
            if (system(cmd) != 0)
                fprintf(stderr, "(no log)\n");
        }
        ck_assert_msg(status[i] == 0, "build %d (%s) exited %d", i, dirs[i], status[i]);
    }
    if (!reader)
        reader = ts_open(&t);
    /* exactly one current copy of each of the nine incidents, whole */
    assert_rows(reader, "SELECT count(*), count(DISTINCT id) FROM incidents", "9|9\n");
    size_t n_final = 0, cap_final = 0;
    seen *final = NULL;
    look(reader, &final, &n_final, &cap_final);
    ck_assert_uint_eq(n_final, 9);
    for (size_t i = 0; i < n_final; i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), "SELECT review_json FROM incidents WHERE id = '%s'",
                 final[i].id);
        rg_diag d;
        rg_diag_init(&d);
        rg_stmt *q = rg_store_prepare(reader, sql, &d);
        ck_assert_int_eq(rg_stmt_step(q), RG_ROW);
        json_t *m = json_loads(rg_stmt_text(q, 0), 0, NULL);
        ck_assert_int_eq((long)json_array_size(json_object_get(m, "timeline")), final[i].events);
        json_decref(m);
        rg_stmt_finalize(q);
        rg_diag_free(&d);
    }
    /* whatever a reader saw of an incident was all of it */
    for (size_t i = 0; i < n_seen; i++) {
        size_t k = 0;
        while (k < n_final && strcmp(final[k].id, log[i].id))
            k++;
        ck_assert_uint_lt(k, n_final);
        ck_assert_msg(log[i].events == final[k].events, "%s seen with %ld of its %ld events",
                      log[i].id, log[i].events, final[k].events);
    }
    /* and every trend report listed each incident as the final one does */
    rg_diag d;
    rg_diag_init(&d);
    json_t *last = rg_trend_build(reader, "2026-04-01", "2026-10-01", NULL, "", &d);
    ck_assert_msg(last != NULL, "%s", d.error);
    const json_t *want = json_object_get(last, "incident_list");
    size_t i;
    json_t *tr;
    json_array_foreach(trends, i, tr)
    {
        size_t j;
        json_t *e;
        json_array_foreach(json_object_get(tr, "incident_list"), j, e)
        {
            const char *id = json_string_value(json_object_get(e, "id"));
            size_t k;
            json_t *w = NULL, *c;
            json_array_foreach(want, k, c)
            {
                if (!strcmp(json_string_value(json_object_get(c, "id")), id))
                    w = c;
            }
            ck_assert_msg(w && json_equal(w, e), "trend %zu: %s is not whole", i, id);
        }
    }
    fprintf(stderr, "%s: ten builds at once: %zu snapshots and %zu trend reports taken meanwhile\n",
            kind_name[_i], n_seen, json_array_size(trends));
    json_decref(last);
    json_decref(trends);
    rg_diag_free(&d);
    rg_free(log);
    rg_free(final);
    rg_store_close(reader);
    ts_free(&t);
}
END_TEST

/* ---- PostgreSQL alone: lost connections, deadlocks, busy rows, roles ----- */

typedef struct killer {
    unsigned long at;   /* the statement before which the connection is ended */
    int times;          /* how many times (attempts) */
    int done;           /* how many times it was */
    unsigned long last; /* the last statement counted */
} killer;

/* Ends every connection named rg-victim, from an administrator's
 * connection, and waits until they are gone. */
static void terminate_victims(void)
{
    PGconn *c = pg_admin();
    pg_exec_ok(c, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  " WHERE application_name = 'rg-victim'");
    for (int i = 0; i < 200; i++) {
        PGresult *r = PQexec(c, "SELECT count(*) FROM pg_stat_activity"
                                " WHERE application_name = 'rg-victim'");
        int left = atoi(PQgetvalue(r, 0, 0));
        PQclear(r);
        if (!left)
            break;
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    PQfinish(c);
}

static void kill_hook(void *ctx, rg_store *st, unsigned long n)
{
    killer *k = ctx;
    (void)st;
    k->last = n;
    if (n == k->at && k->done < k->times) {
        k->done++;
        terminate_victims();
    }
}

/* The server ends the connection in the middle of a save: the save runs
 * again on a new connection and the incident is whole, once; when every
 * attempt is cut, the error says so and the previous build is intact. */
START_TEST(connection_dropped_mid_save)
{
    test_store t;
    ts_init_with(&t, 1, "application_name=rg-victim");
    json_t *review = load_review();
    rg_store *st = ts_open(&t);
    save_ok(st, review);
    char *before = st_dump(st);
    /* statement 1 is BEGIN, 2 the incidents row, then the deletes and the
     * events: the connection goes after the row and some events */
    killer k = {12, 1, 0, 0};
    rg_store_set_hook(st, kill_hook, &k);
    json_t *changed = json_deep_copy(review);
    json_object_set_new(json_object_get(changed, "incident"), "title", json_string("Changed"));
    save_ok(st, changed);
    ck_assert_int_eq(k.done, 1);
    assert_rows(st, "SELECT title FROM incidents", "'Changed'\n");
    assert_rows(st, "SELECT count(*) FROM events", "4\n");

    /* every attempt cut: the error, and the last good build */
    save_ok(st, review);
    k = (killer){12, 100, 0, 0};
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_store_save(st, changed, &d), -1);
    ck_assert_int_eq(k.done, RG_STORE_ATTEMPTS);
    char *name = rg_store_redact(t.target), want[1400];
    snprintf(want, sizeof(want), "%s: cannot save incident 'INC-2041': ", name);
    ck_assert_msg(!strncmp(d.error, want, strlen(want)), "%s", d.error);
    snprintf(want, sizeof(want), "(tried %d times)", RG_STORE_ATTEMPTS);
    ck_assert_msg(strstr(d.error, want) && strstr(d.error, "connection"), "%s", d.error);
    rg_diag_free(&d);
    rg_store_set_hook(st, NULL, NULL);
    rg_store_close(st);
    st = ts_open(&t);
    char *after = st_dump(st);
    ck_assert_str_eq(before, after);

    /* an explicit transaction cut in its second save (statement 30: the
     * first save is statements 2 to 22), then at its commit: run again
     * whole, every save of it */
    json_t *a = with_id(review, "TX-A"), *b = with_id(review, "TX-B");
    rg_store_set_hook(st, kill_hook, &k);
    k = (killer){30, 1, 0, 0};
    rg_diag_init(&d);
    ck_assert_int_eq(rg_store_begin(st, &d), 0);
    save_ok(st, a);
    save_ok(st, b);
    ck_assert_int_eq(k.done, 1);
    k.at = k.last + 1; /* the COMMIT */
    k.done = 0;
    ck_assert_msg(rg_store_commit(st, &d) == 0, "%s", d.error);
    ck_assert_int_eq(k.done, 1);
    assert_rows(st,
                "SELECT incident_id, count(*) FROM events WHERE incident_id LIKE 'TX-%'"
                " GROUP BY incident_id ORDER BY 1",
                "'TX-A'|4\n'TX-B'|4\n");
    rg_diag_free(&d);
    rg_store_set_hook(st, NULL, NULL);
    rg_store_close(st);
    rg_free(name);
    rg_free(before);
    rg_free(after);
    json_decref(a);
    json_decref(b);
    json_decref(changed);
    json_decref(review);
    ts_free(&t);
}
END_TEST

/* Two transactions that save two incidents in opposite orders deadlock;
 * the server picks one, which runs again, and both end saved. */
START_TEST(deadlock_is_run_again)
{
    test_store t;
    ts_init(&t, 1);
    rg_store *st = ts_open(&t);
    rg_store_close(st);
    json_t *review = load_review();
    int ready[2][2], go[2][2];
    pid_t pid[2];
    for (int c = 0; c < 2; c++) {
        ck_assert_int_eq(pipe(ready[c]), 0);
        ck_assert_int_eq(pipe(go[c]), 0);
        pid[c] = fork();
        ck_assert_int_ge(pid[c], 0);
        if (pid[c] == 0) {
            rg_diag d;
            rg_diag_init(&d);
            rg_store *s = rg_store_open(t.target, &d);
            json_t *x = with_id(review, c ? "DL-B" : "DL-A"),
                   *y = with_id(review, c ? "DL-A" : "DL-B");
            char byte = 'r';
            int ok = s && rg_store_begin(s, &d) == 0 && rg_store_save(s, x, &d) == 0 &&
                     write(ready[c][1], &byte, 1) == 1 && read(go[c][0], &byte, 1) == 1 &&
                     rg_store_save(s, y, &d) == 0 && rg_store_commit(s, &d) == 0;
            if (!ok)
                fprintf(stderr, "child %d: %s\n", c, d.error);
            _exit(ok ? 0 : 1);
        }
    }
    char byte;
    for (int c = 0; c < 2; c++)
        ck_assert_int_eq(read(ready[c][0], &byte, 1), 1);
    for (int c = 0; c < 2; c++)
        ck_assert_int_eq(write(go[c][1], "g", 1), 1);
    for (int c = 0; c < 2; c++) {
        int s;
        ck_assert_int_eq(waitpid(pid[c], &s, 0), pid[c]);
        ck_assert_msg(WIFEXITED(s) && WEXITSTATUS(s) == 0, "child %d failed", c);
    }
    st = ts_open(&t);
    assert_rows(st, "SELECT incident_id, count(*) FROM events GROUP BY incident_id ORDER BY 1",
                "'DL-A'|4\n'DL-B'|4\n");
    rg_store_close(st);
    json_decref(review);
    ts_free(&t);
}
END_TEST

/* Writers of different incidents do not wait for each other; a writer of
 * an incident whose row another holds waits the busy timeout, then says so. */
START_TEST(busy_row)
{
    test_store t;
    ts_init(&t, 1);
    json_t *review = load_review(), *other = with_id(review, "INC-7");
    rg_store *st = ts_open(&t);
    save_ok(st, review);
    rg_store_close(st);
    PGconn *holder = pg_connect_ok(t.target);
    pg_exec_ok(holder, "BEGIN; SELECT 1 FROM incidents WHERE id = 'INC-2041' FOR UPDATE");
    rg_store_set_busy_timeout(1);
    st = ts_open(&t);
    save_ok(st, other); /* another incident: no wait */
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_store_save(st, review, &d), -1);
    char *name = rg_store_redact(t.target), want[1400];
    snprintf(want, sizeof(want),
             "%s: the store is busy: another reviewgen or a reader holds it; retried for 1 s",
             name);
    ck_assert_str_eq(d.error, want);
    pg_exec_ok(holder, "ROLLBACK");
    PQfinish(holder);
    save_ok(st, review);
    assert_rows(st, "SELECT count(*) FROM incidents", "2\n");
    rg_store_close(st);
    rg_store_set_busy_timeout(0);
    rg_free(name);
    rg_diag_free(&d);
    json_decref(other);
    json_decref(review);
    ts_free(&t);
}
END_TEST

/* The role the README shows: reads and writes rows, changes no table; a
 * store that needs an upgrade says it cannot, and is left as it was. */
START_TEST(least_privilege_role)
{
    test_store owner, app;
    ts_init(&owner, 1);
    char role[64], extra[128], sql[1024];
    snprintf(role, sizeof(role), "rg_app_%ld", (long)getpid());
    PGconn *admin = pg_admin();
    snprintf(sql, sizeof(sql), "DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN", role, role);
    pg_exec_ok(admin, sql);
    rg_store *st = ts_open(&owner); /* the owner creates the schema */
    rg_store_close(st);
    /* the grants of README "One store for a team" */
    snprintf(sql, sizeof(sql),
             "SET search_path = %s; GRANT USAGE ON SCHEMA %s TO %s;"
             " GRANT SELECT, INSERT, UPDATE, DELETE ON incidents, incident_services, events,"
             " findings, action_items, responders, contributing_factors TO %s;"
             " GRANT SELECT ON reviewgen_schema TO %s",
             owner.schema, owner.schema, role, role, role);
    pg_exec_ok(admin, sql);
    app = owner;
    snprintf(extra, sizeof(extra), " user=%s", role);
    strncat(app.target, extra, sizeof(app.target) - strlen(app.target) - 1);
    json_t *review = load_review();
    st = ts_open(&app);
    save_ok(st, review);
    save_ok(st, review);
    rg_diag d;
    rg_diag_init(&d);
    json_t *tr = rg_trend_build(st, "2026-10-01", "2027-01-01", NULL, "", &d);
    ck_assert_msg(tr != NULL, "%s", d.error);
    ck_assert_int_eq(json_integer_value(json_object_get(tr, "incidents")), 1);
    json_decref(tr);
    ck_assert_int_eq(rg_store_exec(st, "CREATE TABLE x (y TEXT)", &d), -1);
    rg_diag_free(&d);
    rg_store_close(st);
    /* an older schema: the role cannot upgrade it */
    ts_exec(&owner, "UPDATE reviewgen_schema SET version = 3;"
                    " ALTER TABLE events DROP COLUMN manual;"
                    " ALTER TABLE action_items DROP COLUMN suggested, DROP COLUMN raised_in,"
                    " DROP COLUMN source");
    char *name = rg_store_redact(app.target), want[1400];
    rg_diag_init(&d);
    ck_assert_ptr_null(rg_store_open(app.target, &d));
    snprintf(want, sizeof(want), "%s: cannot upgrade the store: ", name);
    ck_assert_msg(!strncmp(d.error, want, strlen(want)) && strstr(d.error, "owner"), "%s", d.error);
    ck_assert_int_eq(ts_version(&owner), 3);
    rg_diag_free(&d);
    st = ts_open(&owner); /* the owner can */
    rg_store_close(st);
    ck_assert_int_eq(ts_version(&owner), rg_store_schema_version());
    snprintf(sql, sizeof(sql), "DROP OWNED BY %s; DROP ROLE %s", role, role);
    ts_free(&owner);
    pg_exec_ok(admin, sql);
    PQfinish(admin);
    rg_free(name);
    json_decref(review);
}
END_TEST

/* Databases that are not stores, or hold someone else's tables. */
START_TEST(not_a_store)
{
    test_store t;
    ts_init(&t, 1);
    char *name = rg_store_redact(t.target), want[1400];
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_ptr_null(rg_store_open_existing(t.target, &d));
    snprintf(want, sizeof(want), "%s: no store here (the database has no reviewgen tables)", name);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
    ts_exec(&t, "CREATE TABLE incidents (x TEXT)");
    snprintf(want, sizeof(want),
             "%s: not a reviewgen store: it holds a table 'incidents' and no reviewgen schema "
             "version",
             name);
    open_fails(t.target, want);
    ts_exec(&t, "CREATE TABLE reviewgen_schema (application TEXT, version BIGINT);"
                "INSERT INTO reviewgen_schema VALUES ('other', 1)");
    snprintf(want, sizeof(want),
             "%s: not a reviewgen store: its table reviewgen_schema does not hold one reviewgen "
             "version",
             name);
    open_fails(t.target, want);
    rg_free(name);
    ts_free(&t);
}
END_TEST

/* ---- without a server ------------------------------------------------------ */

START_TEST(targets_and_redaction)
{
    ck_assert_int_eq(rg_store_kind_of("reviews.db"), RG_STORE_SQLITE);
    ck_assert_int_eq(rg_store_kind_of("./a=b.db"), RG_STORE_SQLITE);
    ck_assert_int_eq(rg_store_kind_of("a b=c"), RG_STORE_SQLITE);
    ck_assert_int_eq(rg_store_kind_of("postgresql://db.internal/reviews"), RG_STORE_PG);
    ck_assert_int_eq(rg_store_kind_of("postgres://u@h/d"), RG_STORE_PG);
    ck_assert_int_eq(rg_store_kind_of("service=reviews"), RG_STORE_PG);
    ck_assert_int_eq(rg_store_kind_of("host=db dbname=reviews sslmode=verify-full"), RG_STORE_PG);
    static const char *const cases[][2] = {
        {"reviews.db", "reviews.db"},
        {"postgresql://reviews@db.internal/reviews?sslmode=verify-full",
         "postgresql://reviews@db.internal/reviews?sslmode=verify-full"},
        {"postgresql://reviews:s3cret@db.internal:5433/reviews",
         "postgresql://reviews@db.internal:5433/reviews"},
        {"postgresql://reviews:s3cret@db.internal/reviews?password=x&sslmode=verify-full&"
         "sslpassword=y",
         "postgresql://reviews@db.internal/reviews?sslmode=verify-full"},
        {"postgres://:pw@h/d", "postgres://@h/d"},
        {"service=reviews", "service=reviews"},
        {"host=db dbname=reviews password='a b\\'c' sslmode=verify-full",
         "dbname=reviews host=db sslmode=verify-full"},
        {"host=db application_name='my app'", "host=db application_name='my app'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = rg_store_redact(cases[i][0]);
        ck_assert_str_eq(got, cases[i][1]);
        ck_assert_ptr_null(strstr(got, "s3cret"));
        rg_free(got);
    }
}
END_TEST

/* A server that is not there: a clear error, the password nowhere in it. */
START_TEST(unreachable_server)
{
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_ptr_null(rg_store_open(
        "postgresql://reviews:s3cret@/reviews?host=/nonexistent&connect_timeout=2", &d));
    const char *want = "postgresql://reviews@/reviews?host=/nonexistent&connect_timeout=2: "
                       "cannot connect to the store: ";
    ck_assert_msg(!strncmp(d.error, want, strlen(want)), "%s", d.error);
    ck_assert_ptr_null(strstr(d.error, "s3cret"));
    rg_diag_free(&d);
}
END_TEST

/* Schema 3: the output set's token goes in with the rows, in the same
 * transaction (publish.c asks later whether that save committed); a save
 * without one clears it; on PostgreSQL a transaction run again after its
 * connection was lost writes it again. */
START_TEST(output_token_goes_with_the_rows)
{
    test_store t;
    ts_init_with(&t, _i, _i ? "application_name=rg-victim" : NULL);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(rg_store_create_at_version(t.target, 2, &d) == 0, "%s", d.error);
    insert_v1_rows(&t);
    rg_store *st = ts_open(&t);
    assert_rows(st, "SELECT count(*) FROM incidents WHERE output_token IS NULL", "5\n");
    ck_assert_int_eq(rg_store_has_output(st, "OLD-1", "0123456789abcdef", &d), 0);
    json_t *review = load_review();
    ck_assert_msg(rg_store_save_output(st, review, NULL, "0123456789abcdef", &d) == 0, "%s",
                  d.error);
    ck_assert_int_eq(rg_store_has_output(st, "INC-2041", "0123456789abcdef", &d), 1);
    ck_assert_int_eq(rg_store_has_output(st, "INC-2041", "fedcba9876543210", &d), 0);
    save_ok(st, review);
    ck_assert_int_eq(rg_store_has_output(st, "INC-2041", "0123456789abcdef", &d), 0);
    if (_i) {
        killer k = {0, 0, 0, 0};
        rg_store_set_hook(st, kill_hook, &k);
        ck_assert_int_eq(rg_store_begin(st, &d), 0);
        ck_assert_msg(rg_store_save_output(st, review, NULL, "00000000000000aa", &d) == 0, "%s",
                      d.error);
        k.at = k.last + 1; /* the COMMIT */
        k.times = 1;
        ck_assert_msg(rg_store_commit(st, &d) == 0, "%s", d.error);
        ck_assert_int_eq(k.done, 1);
        rg_store_set_hook(st, NULL, NULL);
        ck_assert_int_eq(rg_store_has_output(st, "INC-2041", "00000000000000aa", &d), 1);
    }
    rg_store_close(st);
    rg_diag_free(&d);
    json_decref(review);
    ts_free(&t);
}
END_TEST

static void setup(void)
{
    scratch_setup();
}

static void teardown(void)
{
    scratch_teardown();
}

static Suite *stores_suite(void)
{
    Suite *s = suite_create("store_pg");
    /* the loop tests' PostgreSQL runs and the case below */
    int have = pg_available(7 + 7), backends = have ? 2 : 1;
    TCase *both = tcase_create("both");
    tcase_add_checked_fixture(both, setup, teardown);
    tcase_set_timeout(both, 120);
    tcase_add_loop_test(both, new_store_has_the_tables, 0, backends);
    tcase_add_loop_test(both, save_stores_exact_rows, 0, backends);
    tcase_add_loop_test(both, rebuild_replaces_rows, 0, backends);
    tcase_add_loop_test(both, newer_schema_refused, 0, backends);
    tcase_add_loop_test(both, migrates_from_every_version, 0, backends);
    tcase_add_loop_test(both, ten_builds_at_once, 0, backends);
    tcase_add_loop_test(both, output_token_goes_with_the_rows, 0, backends);
    suite_add_tcase(s, both);
    TCase *pg = tcase_create("postgresql");
    tcase_add_checked_fixture(pg, setup, teardown);
    tcase_set_timeout(pg, 120);
    tcase_add_test(pg, same_rows_in_both);
    tcase_add_test(pg, sample_quarter_identical);
    tcase_add_test(pg, connection_dropped_mid_save);
    tcase_add_test(pg, deadlock_is_run_again);
    tcase_add_test(pg, busy_row);
    tcase_add_test(pg, least_privilege_role);
    tcase_add_test(pg, not_a_store);
    pg_add_tcase(s, pg, have);
    TCase *none = tcase_create("offline");
    tcase_add_test(none, targets_and_redaction);
    tcase_add_test(none, unreachable_server);
    suite_add_tcase(s, none);
    return s;
}

int main(void)
{
    rg_alloc_install_jansson();
    pg_server_start();
    SRunner *sr = srunner_create(stores_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    pg_server_stop();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
