/* check_store.c -- the SQLite store: schema creation and migration, saving a
 * review replaces exactly that incident's rows, and every way a store can be
 * wrong (newer, not SQLite, locked, a bad model) leaves it as it was. */
#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alloc.h"
#include "arena.h"
#include "check_store_util.h"
#include "check_util.h"
#include "store.h"

#define REVIEW RG_FIXTURES "/store/review.json"
#define NOT_A_DB RG_FIXTURES "/store/not-a-database.csv"

static char dir[64];
static char db_path[128];

static void setup(void)
{
    /* a lock is waited for one second here, not the default 30 */
    rg_store_set_busy_timeout(1);
    strcpy(dir, "/tmp/rg-check-store-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(db_path, sizeof(db_path), "%s/reviews.db", dir);
}

static void teardown(void)
{
    char p[160];
    const char *names[] = {"reviews.db",
                           "reviews.db-journal",
                           "reviews.db-wal",
                           "reviews.db-shm",
                           "reviews.db.schema-1.bak",
                           "copy.csv",
                           "other.db",
                           "other.db-wal",
                           "other.db-shm"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static json_t *load_review(void)
{
    json_error_t err;
    json_t *r = json_load_file(REVIEW, JSON_REJECT_DUPLICATES, &err);
    ck_assert_msg(r != NULL, "%s:%d: %s", REVIEW, err.line, err.text);
    return r;
}

/* Every row of every table, in key order, with NULL told from text. */
static char *dump(const char *path)
{
    static const char *const queries[] = {
        "SELECT * FROM incidents ORDER BY id",
        "SELECT * FROM incident_services ORDER BY incident_id, seq",
        "SELECT * FROM events ORDER BY incident_id, seq",
        "SELECT * FROM findings ORDER BY incident_id, seq",
        "SELECT * FROM action_items ORDER BY incident_id, seq",
        "SELECT * FROM responders ORDER BY incident_id, seq",
        "SELECT * FROM contributing_factors ORDER BY incident_id, seq",
    };
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    rg_buf b = {0};
    for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db, queries[q], -1, &st, NULL), SQLITE_OK);
        rg_buf_printf(&b, "%s\n", queries[q]);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const char *name = sqlite3_column_name(st, c);
                switch (sqlite3_column_type(st, c)) {
                case SQLITE_NULL:
                    rg_buf_printf(&b, "%s=NULL|", name);
                    break;
                case SQLITE_INTEGER:
                    rg_buf_printf(&b, "%s=%lld|", name, (long long)sqlite3_column_int64(st, c));
                    break;
                default:
                    rg_buf_printf(&b, "%s='%s'|", name, (const char *)sqlite3_column_text(st, c));
                }
            }
            rg_buf_puts(&b, "\n");
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return b.data;
}

static long long query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* The first column of the first row as text ("NULL" for NULL). Caller rg_free()s. */
static char *query_text(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(st, 0);
    char *v = rg_strdup(t ? t : "NULL");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void assert_text(const char *sql, const char *want)
{
    char *got = query_text(db_path, sql);
    ck_assert_str_eq(got, want);
    rg_free(got);
}

static void save_ok(const json_t *review)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = store_open_ok(db_path, &diag);
    store_save_ok(st, review, &diag);
    rg_store_close(st);
    rg_diag_free(&diag);
}

/* Saves review and expects exactly `want` as the error. */
static void save_fails(const json_t *review, const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = store_open_ok(db_path, &diag);
    ck_assert_int_eq(rg_store_save(st, review, &diag), -1);
    ck_assert_str_eq(diag.error, want);
    rg_store_close(st);
    rg_diag_free(&diag);
}

static void open_fails(const char *path, const char *want)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = rg_store_open(path, &diag);
    ck_assert_ptr_null(st);
    ck_assert_str_eq(diag.error, want);
    rg_diag_free(&diag);
}

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "");
    sqlite3_close(db);
}

static void assert_integrity(void)
{
    assert_text("PRAGMA integrity_check", "ok");
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

START_TEST(new_store_has_schema)
{
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_int_eq(rg_store_schema_version(), 4);
    rg_store *st = store_open_ok(db_path, &diag);
    rg_store_close(st);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    ck_assert_int_eq(query_int(db_path, "PRAGMA application_id"), 0x5256474e);
    assert_text("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE "
                "type = 'table' ORDER BY name)",
                "action_items,contributing_factors,events,findings,incident_services,incidents,"
                "responders");
    assert_integrity();
    /* opening again changes nothing */
    size_t len1, len2;
    char *before = read_all(db_path, &len1);
    st = rg_store_open(db_path, &diag);
    ck_assert_ptr_nonnull(st);
    rg_store_close(st);
    char *after = read_all(db_path, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert_int_eq(memcmp(before, after, len1), 0);
    rg_free(before);
    rg_free(after);
    rg_diag_free(&diag);
}
END_TEST

START_TEST(save_stores_exact_rows)
{
    json_t *review = load_review();
    save_ok(review);
    assert_text("SELECT id || '|' || title || '|' || severity FROM incidents",
                "INC-2041|Checkout failures after database failover|SEV2");
    assert_text("SELECT started || ' ' || detected || ' ' || acknowledged || ' ' || "
                "ifnull(mobilized, 'NULL') || ' ' || communicated || ' ' || "
                "ifnull(mitigated, 'NULL') || ' ' || ifnull(recovered, 'NULL') || ' ' || "
                "resolved FROM incidents",
                "2026-11-20T14:02:00Z 2026-11-20T14:05:10Z 2026-11-20T14:06:45Z NULL "
                "2026-11-20T14:20:00Z NULL NULL 2026-11-20T16:02:00Z");
    assert_text("SELECT time_to_detect || ',' || time_to_acknowledge || ',' || "
                "ifnull(time_to_mobilize, 'NULL') || ',' || time_to_communicate || ',' || "
                "ifnull(time_to_mitigate, 'NULL') || ',' || ifnull(time_to_recover, 'NULL') || "
                "',' || ifnull(validation_window, 'NULL') || ',' || total_duration FROM incidents",
                "190,95,NULL,890,NULL,NULL,NULL,7200");
    assert_text("SELECT updates || ',' || max_gap || ',' || update_policy || ',' || "
                "gaps_over_policy || ',' || workaround_offered FROM incidents",
                "5,2400,1800,1,1");
    assert_text("SELECT group_concat(service, ',') FROM (SELECT service FROM incident_services "
                "ORDER BY seq)",
                "checkout-api,payments");
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM events"), 4);
    /* hostile text is data: stored byte for byte */
    assert_text("SELECT text FROM events WHERE seq = 1",
                "<script>alert(1)</script> '; DROP TABLE incidents; --");
    assert_text("SELECT at || '|' || last_at || '|' || count || '|' || kind || '|' || type || "
                "'|' || source || '|' || actor || '|' || human || '|' || origin || '|' || "
                "time_text || '|' || ifnull(milestone, 'NULL') FROM events WHERE seq = 2",
                "2026-11-20T14:07:00Z|2026-11-20T14:09:30Z|12|log|log.error|checkout-api "
                "log|web-1|0|app.log:10452|Nov 20 21:07:00|NULL");
    assert_text("SELECT ifnull(actor, 'NULL') || '|' || ifnull(last_at, 'NULL') || '|' || count "
                "|| '|' || milestone FROM events WHERE seq = 3",
                "NULL|NULL|1|communicated");
    assert_text("SELECT code || '|' || text || '|' || origin FROM findings",
                "update-gap-over-policy|40m between updates (policy 30m)|statuspage.json:12");
    assert_text("SELECT group_concat(title || '/' || ifnull(owner, 'NULL') || '/' || "
                "ifnull(raised_by, 'NULL'), ';') FROM (SELECT * FROM action_items ORDER BY seq)",
                "Alert on replica lag/Sam Okafor/NULL;Write the failover runbook/NULL/Linh Tran");
    assert_text("SELECT group_concat(name || '/' || ifnull(role, 'NULL') || '/' || "
                "ifnull(first_at, 'NULL'), ';') FROM (SELECT * FROM responders ORDER BY seq)",
                "Linh Tran/Incident commander/2026-11-20T14:06:45Z;Sam Okafor/NULL/NULL");
    assert_text("SELECT text FROM contributing_factors", "Replica lag was not alerted on");
    /* schema 2: what the trend report reads */
    assert_text("SELECT exclude_from_trends || '|' || detected_by || '|' || source_kind FROM "
                "incidents",
                "0|monitoring|review");
    /* the whole model, compact, in the model's key order */
    char *js = json_dumps(review, JSON_COMPACT);
    assert_text("SELECT review_json FROM incidents", js);
    free(js);
    assert_integrity();
    json_decref(review);
}
END_TEST

START_TEST(save_twice_is_identical)
{
    json_t *review = load_review();
    save_ok(review);
    char *first = dump(db_path);
    save_ok(review);
    char *second = dump(db_path);
    ck_assert_str_eq(first, second);
    ck_assert_ptr_nonnull(strstr(first, "INC-2041"));
    assert_integrity();
    rg_free(first);
    rg_free(second);
    json_decref(review);
}
END_TEST

START_TEST(rebuild_removes_lost_events)
{
    json_t *review = load_review();
    save_ok(review);
    /* another incident, which must not be touched */
    json_t *other = json_deep_copy(review);
    json_object_set_new(json_object_get(other, "incident"), "id", json_string("INC-7"));
    save_ok(other);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM events"), 8);

    json_t *tl = json_object_get(review, "timeline");
    json_array_remove(tl, 2);
    json_array_remove(tl, 0);
    json_array_clear(json_object_get(review, "action_items"));
    json_object_set_new(json_object_get(review, "incident"), "services", json_array());
    save_ok(review);
    assert_text("SELECT group_concat(type, ',') FROM (SELECT type FROM events WHERE incident_id "
                "= 'INC-2041' ORDER BY seq)",
                "page.acknowledged,status.investigating");
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM events WHERE incident_id = 'INC-7'"),
                     4);
    ck_assert_int_eq(
        query_int(db_path, "SELECT count(*) FROM action_items WHERE incident_id = 'INC-2041'"), 0);
    ck_assert_int_eq(
        query_int(db_path, "SELECT count(*) FROM action_items WHERE incident_id = 'INC-7'"), 2);
    ck_assert_int_eq(
        query_int(db_path, "SELECT count(*) FROM incident_services WHERE incident_id = 'INC-2041'"),
        0);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM incidents"), 2);
    assert_integrity();
    json_decref(other);
    json_decref(review);
}
END_TEST

START_TEST(newer_store_refused_untouched)
{
    json_t *review = load_review();
    save_ok(review);
    exec_sql(db_path, "PRAGMA user_version = 7");
    size_t len1, len2;
    char *before = read_all(db_path, &len1);
    char want[256];
    snprintf(want, sizeof(want),
             "%s: store was written by a newer reviewgen (schema 7, this one reads up to 4)",
             db_path);
    open_fails(db_path, want);
    char *after = read_all(db_path, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert_int_eq(memcmp(before, after, len1), 0);
    rg_free(before);
    rg_free(after);
    json_decref(review);
}
END_TEST

START_TEST(text_file_is_not_a_store)
{
    size_t len1, len2;
    char *text = read_all(NOT_A_DB, &len1);
    char copy[160];
    snprintf(copy, sizeof(copy), "%s/copy.csv", dir);
    FILE *f = fopen(copy, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len1, f), len1);
    fclose(f);
    char want[256];
    snprintf(want, sizeof(want), "%s: not a reviewgen store: file is not a database", copy);
    open_fails(copy, want);
    char *after = read_all(copy, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert_int_eq(memcmp(text, after, len1), 0);
    rg_free(text);
    rg_free(after);
}
END_TEST

START_TEST(other_sqlite_files_are_not_stores)
{
    exec_sql(db_path, "CREATE TABLE incidents (x); PRAGMA user_version = 0");
    char want[256];
    snprintf(want, sizeof(want),
             "%s: not a reviewgen store: it holds other tables and no reviewgen schema version",
             db_path);
    open_fails(db_path, want);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 0);
    exec_sql(db_path, "PRAGMA application_id = 305419896");
    snprintf(want, sizeof(want), "%s: not a reviewgen store: application id 0x12345678", db_path);
    open_fails(db_path, want);
    exec_sql(db_path, "PRAGMA application_id = 0; PRAGMA user_version = 3");
    snprintf(want, sizeof(want),
             "%s: not a reviewgen store: schema version 3 but no reviewgen application id",
             db_path);
    open_fails(db_path, want);
}
END_TEST

START_TEST(unopenable_path)
{
    char path[160], want[256];
    /* a path through a regular file (ENOTDIR) */
    snprintf(path, sizeof(path), "%s/reviews.db/inner.db", dir);
    exec_sql(db_path, "PRAGMA user_version = 0");
    snprintf(want, sizeof(want), "%s: cannot open the store: unable to open database file", path);
    open_fails(path, want);
    /* a folder */
    snprintf(want, sizeof(want), "%s: cannot open the store: unable to open database file", dir);
    open_fails(dir, want);
}
END_TEST

/* Another connection holds the write lock: the save waits for the busy
 * timeout (1 s here), then says so, and leaves the store to the other
 * writer (issue 13: the message names readers too). */
START_TEST(locked_store)
{
    json_t *review = load_review();
    save_ok(review);
    char *before = dump(db_path);
    sqlite3 *other = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &other), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(other, "BEGIN IMMEDIATE; DELETE FROM contributing_factors", NULL, NULL, NULL),
        SQLITE_OK);
    char want[256];
    snprintf(want, sizeof(want),
             "%s: the store is busy: another reviewgen or a reader holds it; retried for 1 s",
             db_path);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    save_fails(review, want);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(waited >= 0.9 && waited < 5, "waited %.2f s", waited);
    /* the same message when the other writer takes the store before the
     * schema is even read: an exclusive lock in a store that is not yet
     * WAL (as an older reviewgen left it) */
    ck_assert_int_eq(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(other, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), SQLITE_OK);
    open_fails(db_path, want);
    ck_assert_int_eq(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    char *after = dump(db_path);
    ck_assert_str_eq(before, after);
    save_ok(review);
    assert_integrity();
    rg_free(before);
    rg_free(after);
    json_decref(review);
}
END_TEST

/* WAL (issue 13): a reader holding a read transaction for as long as it
 * likes (a dashboard, a sqlite3 shell) does not stop a build, and goes on
 * seeing the store as it was when it began. */
START_TEST(reader_does_not_block_a_build)
{
    json_t *review = load_review();
    save_ok(review);
    assert_text("PRAGMA journal_mode", "wal");
    sqlite3 *reader = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &reader), SQLITE_OK);
    ck_assert_int_eq(
        sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM incidents", NULL, NULL, NULL), SQLITE_OK);
    json_t *other = json_deep_copy(review);
    json_object_set_new(json_object_get(other, "incident"), "id", json_string("INC-7"));
    save_ok(other);
    sqlite3_stmt *q = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(reader, "SELECT count(*) FROM incidents", -1, &q, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(q, 0), 1); /* its snapshot */
    sqlite3_finalize(q);
    ck_assert_int_eq(sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(reader);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM incidents"), 2);
    json_decref(other);
    json_decref(review);
}
END_TEST

/* A fresh store being created while another writer holds it. */
START_TEST(locked_during_migration)
{
    sqlite3 *other = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &other), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE; CREATE TABLE t(x)", NULL, NULL, NULL),
                     SQLITE_OK);
    char want[256];
    snprintf(want, sizeof(want),
             "%s: the store is busy: another reviewgen or a reader holds it; retried for 1 s",
             db_path);
    open_fails(db_path, want);
    ck_assert_int_eq(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 0);
}
END_TEST

/* Each bad model fails the save in the middle (after the old rows were
 * deleted inside the transaction) and the store keeps the previous build. */
START_TEST(failed_save_leaves_previous_rows)
{
    json_t *review = load_review();
    save_ok(review);
    char *before = dump(db_path);
    char want[512];

    json_t *bad = json_deep_copy(review);
    json_object_del(json_object_get(bad, "incident"), "id");
    snprintf(want, sizeof(want),
             "%s: cannot save the review: incident.id is missing, expected a non-empty string",
             db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_object_set_new(json_array_get(json_object_get(bad, "timeline"), 3), "text",
                        json_integer(42));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: timeline[3].text is an integer, expected a string or "
             "null",
             db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_array_set_new(json_object_get(bad, "timeline"), 2, json_string("not an event"));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: timeline[2] is a string, expected an object", db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_object_del(json_array_get(json_object_get(bad, "timeline"), 1), "at");
    snprintf(want, sizeof(want),
             "%s: cannot save the review: timeline[1].at is missing, expected a string", db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_object_set_new(json_object_get(bad, "durations"), "time_to_detect", json_real(1.5));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: durations.time_to_detect is a real number, expected an "
             "integer or null",
             db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_object_set_new(json_object_get(json_object_get(bad, "milestones"), "detected"), "at",
                        json_true());
    snprintf(want, sizeof(want),
             "%s: cannot save the review: milestones.detected.at is a boolean, expected a string "
             "or null",
             db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_object_set_new(bad, "action_items", json_object());
    snprintf(want, sizeof(want),
             "%s: cannot save the review: action_items is an object, expected an array", db_path);
    save_fails(bad, want);
    json_decref(bad);

    bad = json_deep_copy(review);
    json_array_append_new(json_object_get(json_object_get(bad, "incident"), "services"),
                          json_null());
    snprintf(want, sizeof(want),
             "%s: cannot save the review: incident.services[2] is null, expected a string",
             db_path);
    save_fails(bad, want);
    json_decref(bad);

    snprintf(want, sizeof(want), "%s: cannot save the review: it is an array, expected an object",
             db_path);
    bad = json_array();
    save_fails(bad, want);
    json_decref(bad);

    char *after = dump(db_path);
    ck_assert_str_eq(before, after);
    assert_integrity();
    rg_free(before);
    rg_free(after);
    json_decref(review);
}
END_TEST

/* Version 0 is an empty database (a new or zero-length file): migrated. */
/* Several saves in one transaction (import-history): a failed save is
 * undone alone (a savepoint); nothing is visible before the commit, and a
 * rollback leaves the store as it was. */
START_TEST(saves_in_one_transaction)
{
    json_t *review = load_review();
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = store_open_ok(db_path, &diag);
    json_t *a = json_deep_copy(review), *b = json_deep_copy(review), *bad = json_deep_copy(review);
    json_object_set_new(json_object_get(a, "incident"), "id", json_string("TX-A"));
    json_object_set_new(json_object_get(b, "incident"), "id", json_string("TX-B"));
    json_object_set_new(json_object_get(bad, "incident"), "id", json_string("TX-BAD"));
    json_object_set_new(json_array_get(json_object_get(bad, "timeline"), 3), "text",
                        json_integer(42));

    ck_assert_int_eq(rg_store_begin(st, &diag), 0);
    ck_assert_int_eq(rg_store_save(st, a, &diag), 0);
    ck_assert_int_eq(rg_store_save(st, bad, &diag), -1);
    rg_diag_free(&diag);
    rg_diag_init(&diag);
    ck_assert_int_eq(rg_store_save(st, b, &diag), 0);
    /* another connection sees nothing yet */
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM incidents WHERE id LIKE 'TX-%'"), 0);
    ck_assert_int_eq(rg_store_commit(st, &diag), 0);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM incidents WHERE id LIKE 'TX-%'"), 2);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM events WHERE incident_id = 'TX-BAD'"),
                     0);

    char *before = dump(db_path);
    json_object_set_new(json_object_get(a, "incident"), "id", json_string("TX-C"));
    ck_assert_int_eq(rg_store_begin(st, &diag), 0);
    ck_assert_int_eq(rg_store_save(st, a, &diag), 0);
    rg_store_rollback(st);
    rg_store_rollback(st); /* none open: nothing happens */
    char *after = dump(db_path);
    ck_assert_str_eq(after, before);
    rg_free(before);
    rg_free(after);
    assert_integrity();
    rg_store_close(st);
    rg_diag_free(&diag);
    json_decref(a);
    json_decref(b);
    json_decref(bad);
    json_decref(review);
}
END_TEST

START_TEST(version_zero_is_migrated)
{
    FILE *f = fopen(db_path, "wb");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    json_t *review = load_review();
    save_ok(review);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM events"), 4);
    assert_integrity();
    json_decref(review);

    /* an SQLite file at version 0 with no tables, e.g. after a VACUUM'd reset */
    teardown();
    setup();
    exec_sql(db_path, "CREATE TABLE t(x); DROP TABLE t; PRAGMA user_version = 0");
    review = load_review();
    save_ok(review);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    json_decref(review);
}
END_TEST

/* The schema-1 incidents row of the fixture, as reviewgen 1 wrote it. */
static void insert_v1_incident(const char *id, const char *review_json, const char *detected)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db,
                                        "INSERT INTO incidents (id, title, severity, started, "
                                        "detected, time_to_detect, review_json) VALUES (?1, "
                                        "'Old', 'SEV3', '2026-05-02T10:00:00Z', ?2, 60, ?3)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (detected)
        sqlite3_bind_text(st, 2, detected, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, review_json, -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A store left by the first release is upgraded in place: same file, same
 * rows (events included), new columns filled in from each review_json. */
START_TEST(version_one_is_upgraded_not_rebuilt)
{
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_store_create_at_version(db_path, 1, &diag) == 0, "%s", diag.error);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 1);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM pragma_table_info('incidents') "
                                        "WHERE name = 'detected_by'"),
                     0);
    insert_v1_incident("OLD-1",
                       "{\"incident\":{\"id\":\"OLD-1\",\"exclude_from_trends\":true},"
                       "\"milestones\":{\"detected\":{\"at\":\"2026-05-02T10:01:00Z\","
                       "\"rule\":\"first alert.firing\",\"manual\":false}}}",
                       "2026-05-02T10:01:00Z");
    insert_v1_incident("OLD-2",
                       "{\"incident\":{\"id\":\"OLD-2\"},\"milestones\":{\"detected\":{\"at\":"
                       "\"2026-05-02T10:01:00Z\",\"rule\":\"first human chat message that "
                       "reports the problem\",\"manual\":false}}}",
                       "2026-05-02T10:01:00Z");
    insert_v1_incident("OLD-3",
                       "{\"incident\":{\"id\":\"OLD-3\",\"exclude_from_trends\":false},"
                       "\"milestones\":{\"detected\":{\"at\":\"2026-05-02T10:01:00Z\","
                       "\"rule\":\"manifest\",\"manual\":true}}}",
                       "2026-05-02T10:01:00Z");
    insert_v1_incident("OLD-4", "{\"incident\":{\"id\":\"OLD-4\"},\"milestones\":{}}", NULL);
    insert_v1_incident("OLD-5", "not json", "2026-05-02T10:01:00Z");
    exec_sql(db_path, "INSERT INTO events (incident_id, seq, at, count, text) VALUES "
                      "('OLD-1', 0, '2026-05-02T10:01:00Z', 1, 'kept')");
    struct stat before, after;
    ck_assert_int_eq(stat(db_path, &before), 0);

    rg_store *st = store_open_ok(db_path, &diag);
    rg_store_close(st);
    ck_assert_int_eq(stat(db_path, &after), 0);
    ck_assert_uint_eq(before.st_ino, after.st_ino);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    assert_text("SELECT group_concat(id || ':' || exclude_from_trends || ':' || "
                "ifnull(detected_by, 'NULL') || ':' || source_kind || ':' || time_to_detect, ' ') "
                "FROM (SELECT * FROM incidents ORDER BY id)",
                "OLD-1:1:monitoring:review:60 OLD-2:0:people:review:60 OLD-3:0:manual:review:60 "
                "OLD-4:0:NULL:review:60 OLD-5:0:NULL:review:60");
    assert_text("SELECT text FROM events WHERE incident_id = 'OLD-1'", "kept");
    assert_text("SELECT review_json FROM incidents WHERE id = 'OLD-5'", "not json");
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM sqlite_master WHERE name = "
                                        "'incidents_period'"),
                     1);
    assert_integrity();
    /* and a new save into the upgraded store works */
    json_t *review = load_review();
    save_ok(review);
    ck_assert_int_eq(query_int(db_path, "SELECT count(*) FROM incidents"), 6);
    json_decref(review);

    /* the hook refuses what it cannot make */
    ck_assert_int_eq(rg_store_create_at_version(db_path, 1, &diag), -1);
    char want[256];
    snprintf(want, sizeof(want), "%s: cannot create the store: it already has one (schema 4)",
             db_path);
    ck_assert_str_eq(diag.error, want);
    rg_diag_free(&diag);
    rg_diag_init(&diag);
    ck_assert_int_eq(rg_store_create_at_version(db_path, 5, &diag), -1);
    snprintf(want, sizeof(want), "%s: no store schema version 5 (this one has 1 to 4)", db_path);
    ck_assert_str_eq(diag.error, want);
    rg_diag_free(&diag);
}
END_TEST

/* Schema 2 -> 4 (through 3): a chat-raised row (raised_by set) becomes a suggestion,
 * the others the manifest's items; events get manual = 0. A new save
 * stores items, suggestions and hand-added events apart. */
START_TEST(version_two_chat_rows_become_suggestions)
{
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_store_create_at_version(db_path, 2, &diag) == 0, "%s", diag.error);
    insert_v1_incident("OLD-1", "{\"incident\":{\"id\":\"OLD-1\"}}", NULL);
    exec_sql(db_path,
             "INSERT INTO action_items (incident_id, seq, title, status, origin, raised_by) VALUES"
             " ('OLD-1', 0, 'Alert on lag', 'open', 'incident.json:20', NULL),"
             " ('OLD-1', 1, 'rejoin the primary', 'open', 'slack/c/2026-05-02.json:9', 'Kim Ng');"
             "INSERT INTO events (incident_id, seq, at, count, text) VALUES"
             " ('OLD-1', 0, '2026-05-02T10:01:00Z', 1, 'kept')");
    rg_store *st = store_open_ok(db_path, &diag);
    rg_store_close(st);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    assert_text(
        "SELECT group_concat(title || ':' || suggested || ':' || ifnull(raised_in, 'NULL')"
        " || ':' || source, ' | ') FROM (SELECT * FROM action_items ORDER BY seq)",
        "Alert on lag:0:NULL:manifest | rejoin the primary:1:slack/c/2026-05-02.json:9:chat");
    assert_text("SELECT manual FROM events", "0");
    assert_integrity();

    json_t *review = load_review();
    json_t *items = json_array(), *sugg = json_array(), *tl = json_object_get(review, "timeline");
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}]}", "title",
                                           "Alert on lag", "source", "draft", "raised_by", "Kim Ng",
                                           "raised_in_chat", "by", "Kim Ng", "origin", "c.json:4"));
    json_array_append_new(sugg, json_pack("{s:s, s:s, s:s, s:s}", "title", "rejoin", "raised_by",
                                          "Kim Ng", "origin", "c.json:9", "status", "suggested"));
    json_object_set_new(review, "action_items", items);
    json_object_set_new(review, "suggestions", sugg);
    json_object_set_new(json_array_get(tl, 0), "manual", json_true());
    save_ok(review);
    const char *id = json_string_value(json_object_get(json_object_get(review, "incident"), "id"));
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(seq || ':' || title || ':' || suggested || ':' || raised_in || "
             "':' || source, ' | ') FROM (SELECT * FROM action_items WHERE incident_id = '%s' "
             "ORDER BY seq)",
             id);
    assert_text(sql, "0:Alert on lag:0:c.json:4:draft | 1:rejoin:1:c.json:9:chat");
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(seq || ':' || manual, ' ') FROM (SELECT * FROM events WHERE "
             "incident_id = '%s' ORDER BY seq)",
             id);
    assert_text(sql, "0:1 1:0 2:0 3:0");
    json_decref(review);
    rg_diag_free(&diag);
}
END_TEST

/* Schema 3: the output set's token goes in with the rows, in the same
 * transaction, and tells a later run whether that save committed
 * (publish.c); a store of schema 2 gains the column, NULL in old rows. */
START_TEST(output_token_saved_with_the_rows)
{
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_store_create_at_version(db_path, 2, &diag) == 0, "%s", diag.error);
    insert_v1_incident("OLD-1", "{\"incident\":{\"id\":\"OLD-1\"}}", NULL);
    rg_store *st = store_open_ok(db_path, &diag);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), rg_store_schema_version());
    assert_text("SELECT ifnull(output_token, 'NULL') FROM incidents", "NULL");
    ck_assert_int_eq(rg_store_has_output(st, "OLD-1", "0123456789abcdef", &diag), 0);
    json_t *review = load_review();
    const char *id = json_string_value(json_object_get(json_object_get(review, "incident"), "id"));
    ck_assert_msg(rg_store_save_output(st, review, NULL, "0123456789abcdef", &diag) == 0, "%s",
                  diag.error);
    ck_assert_int_eq(rg_store_has_output(st, id, "0123456789abcdef", &diag), 1);
    ck_assert_int_eq(rg_store_has_output(st, id, "fedcba9876543210", &diag), 0);
    ck_assert_int_eq(rg_store_has_output(st, "OLD-1", "0123456789abcdef", &diag), 0);
    /* a save without outputs (import-history) clears it */
    store_save_ok(st, review, &diag);
    ck_assert_int_eq(rg_store_has_output(st, id, "0123456789abcdef", &diag), 0);
    rg_store_close(st);
    json_decref(review);
    ck_assert(!diag.has_error);
    rg_diag_free(&diag);
}
END_TEST

static void assert_detected_by(json_t *review, const char *want)
{
    save_ok(review);
    assert_text("SELECT ifnull(detected_by, 'NULL') FROM incidents", want);
}

/* detected_by from the detected milestone's rule, or the model's own value. */
START_TEST(detected_by_and_source_kind)
{
    json_t *review = load_review();
    json_t *det = json_object_get(json_object_get(review, "milestones"), "detected");
    json_t *inc = json_object_get(review, "incident");
    json_object_set_new(det, "rule", json_string("first alert.firing"));
    assert_detected_by(review, "monitoring");
    json_object_set_new(det, "rule", json_string("start of the first error burst"));
    assert_detected_by(review, "monitoring");
    json_object_set_new(det, "rule",
                        json_string("first human chat message that reports the "
                                    "problem"));
    assert_detected_by(review, "people");
    json_object_set_new(det, "rule", json_string("manifest"));
    json_object_set_new(det, "manual", json_true());
    assert_detected_by(review, "manual");
    json_object_set_new(det, "manual", json_false());
    json_object_set_new(det, "rule", json_string("something else"));
    assert_detected_by(review, "NULL");
    json_object_set_new(json_object_get(review, "milestones"), "detected", json_null());
    assert_detected_by(review, "NULL");
    json_object_set_new(inc, "detected_by", json_string("people"));
    assert_detected_by(review, "people");
    json_object_set_new(inc, "source_kind", json_string("history"));
    json_object_set_new(inc, "exclude_from_trends", json_true());
    save_ok(review);
    assert_text("SELECT exclude_from_trends || '|' || source_kind FROM incidents", "1|history");

    char *before = dump(db_path);
    char want[256];
    json_object_set_new(inc, "detected_by", json_string("robots"));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: incident.detected_by is 'robots', expected "
             "\"monitoring\", \"people\" or \"manual\"",
             db_path);
    save_fails(review, want);
    json_object_del(inc, "detected_by");
    json_object_set_new(inc, "source_kind", json_integer(2));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: incident.source_kind is an integer, expected "
             "\"review\" or \"history\"",
             db_path);
    save_fails(review, want);
    json_object_set_new(inc, "source_kind", json_string("review"));
    json_object_set_new(inc, "exclude_from_trends", json_string("yes"));
    snprintf(want, sizeof(want),
             "%s: cannot save the review: incident.exclude_from_trends is a string, expected "
             "true or false",
             db_path);
    save_fails(review, want);
    char *after = dump(db_path);
    ck_assert_str_eq(before, after);
    rg_free(before);
    rg_free(after);
    json_decref(review);
}
END_TEST

/* Overwrites page `page` (from 1) of the file with `byte`, as a failing
 * disk or a stray write would: the header still says "a reviewgen store". */
static void damage_page(const char *path, long page, int byte)
{
    long size = query_int(path, "PRAGMA page_size");
    FILE *f = fopen(path, "r+b");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, (page - 1) * size, SEEK_SET), 0);
    for (long i = 0; i < size; i++)
        fputc(byte, f);
    fclose(f);
}

/* A store with many pages: every incident of the fixture under its own id. */
static void save_many(json_t *review, int n)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = store_open_ok(db_path, &diag);
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof(id), "INC-%04d", i);
        json_object_set_new(json_object_get(review, "incident"), "id", json_string(id));
        store_save_ok(st, review, &diag);
    }
    rg_store_close(st);
    rg_diag_free(&diag);
}

/* Issue 13: a store with damaged interior pages passes the header checks;
 * quick_check before the first write refuses it, and the file is left
 * byte for byte as it was. */
START_TEST(damaged_store_refused_untouched)
{
    json_t *review = load_review();
    save_many(review, 40);
    long page = query_int(db_path, "SELECT rootpage FROM sqlite_master WHERE name = 'events'");
    ck_assert_int_gt(page, 1);
    damage_page(db_path, page, 0x55);
    size_t len1, len2;
    char *before = read_all(db_path, &len1);
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = rg_store_open(db_path, &diag);
    ck_assert_msg(st != NULL, "%s", diag.error); /* the header is fine */
    ck_assert_int_eq(rg_store_save(st, review, &diag), -1);
    char want[512];
    snprintf(want, sizeof(want), "%s: the store is damaged (PRAGMA quick_check: ", db_path);
    ck_assert_msg(strncmp(diag.error, want, strlen(want)) == 0, "%s", diag.error);
    ck_assert_ptr_nonnull(strstr(diag.error, "); nothing was written: restore it from a backup "
                                             "('reviewgen store check' lists what is wrong)"));
    /* an explicit transaction is refused the same way */
    rg_diag_free(&diag);
    rg_diag_init(&diag);
    ck_assert_int_eq(rg_store_begin(st, &diag), -1);
    ck_assert_msg(strncmp(diag.error, want, strlen(want)) == 0, "%s", diag.error);
    rg_store_close(st);
    char *after = read_all(db_path, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert_int_eq(memcmp(before, after, len1), 0);
    /* and store check says what is wrong */
    rg_diag_free(&diag);
    rg_diag_init(&diag);
    st = rg_store_open(db_path, &diag);
    ck_assert_ptr_nonnull(st);
    rg_store_check_result res;
    ck_assert_msg(rg_store_check(st, &res, &diag) == 0, "%s", diag.error);
    ck_assert_uint_gt(res.problems, 0);
    ck_assert_str_eq(res.what, "integrity_check and the rows");
    ck_assert_msg(strstr(res.report, "btreeInitPage() returns error code 11") != NULL, "%s",
                  res.report);
    rg_free(res.report);
    rg_store_close(st);
    rg_free(before);
    rg_free(after);
    rg_diag_free(&diag);
    json_decref(review);
}
END_TEST

/* Issue 13: before a migration the store is copied aside; a migration that
 * fails leaves the file byte for byte as it was, and the copy is the old
 * store. */
START_TEST(failed_migration_leaves_store_unchanged)
{
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_store_create_at_version(db_path, 1, &diag) == 0, "%s", diag.error);
    insert_v1_incident("OLD-1", "{\"incident\":{\"id\":\"OLD-1\"}}", "2026-05-02T10:01:00Z");
    /* step 1 -> 2 creates this index: an object in its way fails the step
     * after its first statements ran */
    exec_sql(db_path, "CREATE INDEX incidents_period ON incidents(title)");
    size_t len1, len2;
    char *before = read_all(db_path, &len1);
    char *rows = dump(db_path);
    char want[512];
    snprintf(want, sizeof(want),
             "%s: cannot upgrade the store: index incidents_period already exists", db_path);
    open_fails(db_path, want);
    char *after = read_all(db_path, &len2);
    ck_assert_uint_eq(len1, len2);
    ck_assert_int_eq(memcmp(before, after, len1), 0);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 1);
    /* the copy made before the attempt holds the same rows at version 1 */
    char bak[200];
    snprintf(bak, sizeof(bak), "%s.schema-1.bak", db_path);
    ck_assert_int_eq(query_int(bak, "PRAGMA user_version"), 1);
    ck_assert_int_eq(query_int(bak, "PRAGMA application_id"), 0x5256474e);
    char *bak_rows = dump(bak);
    ck_assert_str_eq(bak_rows, rows);
    rg_free(bak_rows);

    /* with the obstacle gone the migration runs, and copies again first */
    exec_sql(db_path, "DROP INDEX incidents_period");
    rg_store *st = store_open_ok(db_path, &diag);
    rg_store_close(st);
    ck_assert_int_eq(query_int(db_path, "PRAGMA user_version"), 4);
    ck_assert_int_eq(query_int(bak, "PRAGMA user_version"), 1);
    assert_text("PRAGMA journal_mode", "wal");
    rg_free(before);
    rg_free(after);
    rg_free(rows);
    rg_diag_free(&diag);
}
END_TEST

/* store check: a sound store, then rows a reviewgen would never write. */
START_TEST(check_reports_problems)
{
    json_t *review = load_review();
    save_ok(review);
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = store_open_ok(db_path, &diag);
    rg_store_check_result res;
    ck_assert_msg(rg_store_check(st, &res, &diag) == 0, "%s", diag.error);
    ck_assert_int_eq(res.version, 4);
    ck_assert_uint_eq(res.incidents, 1);
    ck_assert_uint_eq(res.events, 4);
    ck_assert_uint_eq(res.problems, 0);
    ck_assert_str_eq(res.report, "");
    rg_free(res.report);
    rg_store_close(st);
    exec_sql(db_path, "PRAGMA foreign_keys = OFF;"
                      "INSERT INTO events (incident_id, seq, at, count) VALUES ('GONE', 0, 'x', 1);"
                      "UPDATE incidents SET review_json = '[1]'");
    st = store_open_ok(db_path, &diag);
    ck_assert_msg(rg_store_check(st, &res, &diag) == 0, "%s", diag.error);
    ck_assert_uint_eq(res.problems, 3);
    ck_assert_str_eq(res.report, "events: row 5 refers to a missing incidents row\n"
                                 "events: 1 rows belong to no incident\n"
                                 "incident 'INC-2041': review_json is not a JSON object\n");
    rg_free(res.report);
    rg_store_close(st);
    rg_diag_free(&diag);
    json_decref(review);
}
END_TEST

static Suite *store_suite(void)
{
    Suite *s = suite_create("store");
    TCase *tc = store_tcase(s, "core", setup, teardown, 30);
    tcase_add_test(tc, new_store_has_schema);
    tcase_add_test(tc, save_stores_exact_rows);
    tcase_add_test(tc, save_twice_is_identical);
    tcase_add_test(tc, rebuild_removes_lost_events);
    tcase_add_test(tc, newer_store_refused_untouched);
    tcase_add_test(tc, text_file_is_not_a_store);
    tcase_add_test(tc, other_sqlite_files_are_not_stores);
    tcase_add_test(tc, unopenable_path);
    tcase_add_test(tc, locked_store);
    tcase_add_test(tc, reader_does_not_block_a_build);
    tcase_add_test(tc, locked_during_migration);
    tcase_add_test(tc, failed_save_leaves_previous_rows);
    tcase_add_test(tc, saves_in_one_transaction);
    tcase_add_test(tc, version_zero_is_migrated);
    tcase_add_test(tc, version_one_is_upgraded_not_rebuilt);
    tcase_add_test(tc, output_token_saved_with_the_rows);
    tcase_add_test(tc, version_two_chat_rows_become_suggestions);
    tcase_add_test(tc, detected_by_and_source_kind);
    tcase_add_test(tc, damaged_store_refused_untouched);
    tcase_add_test(tc, failed_migration_leaves_store_unchanged);
    tcase_add_test(tc, check_reports_problems);
    return s;
}

RG_CHECK_MAIN(store_suite)
