/* check_import_history.c -- past incidents from a PagerDuty incidents CSV
 * export (tests/fixtures/history/pagerduty-incidents.csv: a BOM, CRLF, a
 * title holding a line break and quotes, offsets other than Z, an unresolved
 * and a hostile row): the exact stored milestones and durations, importing
 * twice changes nothing, a built review is kept, and every malformed file
 * (tests/fixtures/history/invalid/<case>/{input,error}) imports nothing and
 * gives its exact error line. */
#include <jansson.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "check_store_util.h"
#include "check_util.h"
#include "history.h"
#include "jsonutil.h"
#include "store.h"

#define HISTORY RG_FIXTURES "/history/pagerduty-incidents.csv"
#define INVALID RG_FIXTURES "/history/invalid"

static char dir[128], db_path[160];
static rg_store *st;

static void setup(void)
{
    st = scratch_store_open("history", dir, sizeof(dir), db_path, sizeof(db_path));
}

static void teardown(void)
{
    scratch_store_remove(&st, dir, db_path);
}

/* The columns a trend report reads, one line per incident. */
static char *dump(void)
{
    static const char sql[] =
        "SELECT id, title, severity, started, detected, acknowledged, mobilized, communicated,"
        " mitigated, recovered, resolved, time_to_detect, time_to_acknowledge, time_to_mobilize,"
        " time_to_communicate, time_to_mitigate, time_to_recover, validation_window,"
        " total_duration, (SELECT group_concat(service, '+') FROM incident_services s"
        " WHERE s.incident_id = i.id) FROM incidents i ORDER BY id";
    rg_diag d;
    rg_diag_init(&d);
    rg_stmt *q = rg_store_prepare(st, sql, &d);
    ck_assert_msg(q != NULL, "%s", d.error);
    rg_diag_free(&d);
    rg_buf b = {0};
    while (rg_stmt_step(q) == RG_ROW) {
        for (int c = 0; c < rg_stmt_columns(q); c++) {
            const char *t = rg_stmt_text(q, c);
            rg_buf_printf(&b, "%s%s", c ? "|" : "", t ? t : "NULL");
        }
        rg_buf_puts(&b, "\n");
    }
    rg_stmt_finalize(q);
    char *s = rg_strdup(b.data ? b.data : "");
    rg_buf_free(&b);
    return s;
}

static int count_incidents(void)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_stmt *q = rg_store_prepare(st, "SELECT count(*) FROM incidents", &d);
    ck_assert_msg(q != NULL, "%s", d.error);
    rg_diag_free(&d);
    ck_assert_int_eq(rg_stmt_step(q), RG_ROW);
    int n = (int)rg_stmt_int(q, 0);
    rg_stmt_finalize(q);
    return n;
}

static void import_ok(const char *path, const rg_tz *zone, rg_history_result *res)
{
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(rg_history_import(path, st, zone, res, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
}

/* created_on 09:14:05-07:00 is 16:14:05Z; 1043's +07:00 times fall on the
 * previous UTC day; 1044 has no resolved_on and takes created_on +
 * seconds_to_resolve; 1042 is unresolved and unacknowledged. */
static const char expected_rows[] =
    "PD-1041|Checkout API 5xx rate above 5%, payments failing|high|2026-07-03T16:14:05Z|"
    "2026-07-03T16:14:05Z|2026-07-03T16:18:10Z|NULL|NULL|NULL|2026-07-03T17:02:35Z|NULL|"
    "0|245|NULL|NULL|NULL|2910|NULL|2910|checkout-api\n"
    "PD-1042|Search latency p99 > 2s\non the \"search-api\" cluster|low|2026-07-15T22:40:00Z|"
    "2026-07-15T22:40:00Z|NULL|NULL|NULL|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL|"
    "search-api\n"
    "PD-1043|=HYPERLINK(\"http://evil.example/\",\"<script>alert(1)</script>\")|high|"
    "2026-07-31T20:00:00Z|2026-07-31T20:00:00Z|2026-07-31T20:01:00Z|NULL|NULL|NULL|"
    "2026-07-31T21:30:00Z|NULL|0|60|NULL|NULL|NULL|5400|NULL|5400|thanh-to\xc3\xa1n\n"
    "PD-1044|Incident PD-1044|high|2026-09-30T23:59:59Z|2026-09-30T23:59:59Z|NULL|NULL|NULL|"
    "NULL|2026-10-01T00:01:59Z|NULL|0|NULL|NULL|NULL|NULL|120|NULL|120|checkout-api\n";

START_TEST(test_import_values)
{
    rg_history_result res;
    import_ok(HISTORY, NULL, &res);
    ck_assert_uint_eq(res.rows, 4);
    ck_assert_uint_eq(res.imported, 4);
    ck_assert_uint_eq(res.kept, 0);
    char *s = dump();
    ck_assert_str_eq(s, expected_rows);
    rg_free(s);
}
END_TEST

/* The models themselves: the evidence names the file's line, the rule says
 * where each instant came from, and the record is marked as history. */
static int collect(void *ctx, const json_t *model, long line)
{
    json_t *list = ctx;
    json_t *m = json_deep_copy(model);
    json_object_set_new(m, "line", json_integer(line));
    json_array_append_new(list, m);
    return 0;
}

START_TEST(test_models)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *text = rg_read_file(HISTORY, &len, &d);
    ck_assert_ptr_nonnull(text);
    json_t *list = json_array();
    ck_assert_int_eq(rg_history_read(HISTORY, text, len, NULL, collect, list, &d), 0);
    ck_assert_uint_eq(json_array_size(list), 4);
    /* the row with a line break in its title starts on line 3 and ends on 4;
     * the next starts on 5 */
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(list, 1), "line")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(list, 2), "line")), 5);
    const json_t *m = json_array_get(list, 0);
    char *s = json_dumps(json_object_get(m, "milestones"), JSON_COMPACT);
    ck_assert_str_eq(
        s, "{\"started\":{\"at\":\"2026-07-03T16:14:05Z\",\"origin\":\"pagerduty-incidents.csv:2\","
           "\"rule\":\"no earlier signal: started = detected\",\"manual\":false},"
           "\"detected\":{\"at\":\"2026-07-03T16:14:05Z\",\"origin\":\"pagerduty-incidents.csv:2\","
           "\"rule\":\"created_on (the PagerDuty incident was opened)\",\"manual\":false},"
           "\"acknowledged\":{\"at\":\"2026-07-03T16:18:10Z\",\"origin\":"
           "\"pagerduty-incidents.csv:2\",\"rule\":\"created_on + seconds_to_first_ack\","
           "\"manual\":false},\"mobilized\":null,\"communicated\":null,\"mitigated\":null,"
           "\"recovered\":{\"at\":\"2026-07-03T17:02:35Z\",\"origin\":"
           "\"pagerduty-incidents.csv:2\",\"rule\":\"resolved_on (the PagerDuty incident was "
           "resolved)\",\"manual\":false},\"resolved\":null}");
    free(s);
    s = json_dumps(json_object_get(m, "incident"), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"id\":\"PD-1041\",\"title\":\"Checkout API 5xx rate above 5%, payments "
                        "failing\",\"severity\":\"high\",\"services\":[\"checkout-api\"],"
                        "\"services_text\":\"checkout-api\",\"urgency\":\"high\",\"priority\":"
                        "null,\"pagerduty_id\":\"PT4KHLK\",\"timezone\":\"UTC\","
                        "\"timezone_assumed\":false,\"exclude_from_trends\":false,"
                        "\"source_kind\":\"history\",\"detected_by\":null}");
    free(s);
    ck_assert_str_eq(rg_json_str(m, "source"), "pagerduty-csv");
    ck_assert_uint_eq(json_array_size(json_object_get(m, "timeline")), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(m, "action_items")), 0);
    ck_assert(json_is_null(json_object_get(json_object_get(m, "communication"), "updates")));
    /* 1044: recovered from seconds_to_resolve, said so */
    m = json_array_get(list, 3);
    ck_assert_str_eq(
        rg_json_str(json_object_get(json_object_get(m, "milestones"), "recovered"), "rule"),
        "created_on + seconds_to_resolve");
    json_decref(list);
    rg_free(text);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_import_twice)
{
    rg_history_result res;
    import_ok(HISTORY, NULL, &res);
    char *first = dump();
    import_ok(HISTORY, NULL, &res);
    ck_assert_uint_eq(res.imported, 4);
    char *second = dump();
    ck_assert_str_eq(first, second);
    rg_free(first);
    rg_free(second);
}
END_TEST

/* An incident built from its evidence is never replaced by an export row. */
START_TEST(test_built_review_kept)
{
    json_t *built = json_pack("{s:i, s:{s:s, s:s, s:s, s:[s]}}", "schema", 1, "incident", "id",
                              "PD-1042", "title", "Search outage (full review)", "severity", "SEV2",
                              "services", "search-api");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_store_save(st, built, &d), 0);
    json_decref(built);
    rg_history_result res;
    import_ok(HISTORY, NULL, &res);
    ck_assert_uint_eq(res.imported, 3);
    ck_assert_uint_eq(res.kept, 1);
    ck_assert_str_eq(res.first_kept, "PD-1042");
    char *s = dump();
    ck_assert_ptr_nonnull(strstr(s, "\nPD-1042|Search outage (full review)|SEV2|NULL|"));
    rg_free(s);
    ck_assert_int_eq(count_incidents(), 4);
    rg_diag_free(&d);
}
END_TEST

/* Times without an offset are read in the zone given, and only then. */
START_TEST(test_timezone)
{
    char path[200];
    snprintf(path, sizeof(path), "%s/local.csv", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("incident_number,created_on,resolved_on,seconds_to_first_ack,urgency\n"
          "77,2026-07-02 08:00:00,2026-07-02 09:15:30,30,high\n",
          f);
    fclose(f);
    char err[128];
    rg_tz *zone = rg_tz_load("Asia/Ho_Chi_Minh", err, sizeof(err));
    ck_assert_msg(zone != NULL, "%s", err);
    rg_history_result res;
    import_ok(path, zone, &res);
    rg_tz_free(zone);
    char *s = dump();
    ck_assert_str_eq(s, "PD-77|Incident PD-77|high|2026-07-02T01:00:00Z|2026-07-02T01:00:00Z|"
                        "2026-07-02T01:00:30Z|NULL|NULL|NULL|2026-07-02T02:15:30Z|NULL|0|30|NULL|"
                        "NULL|NULL|4530|NULL|4530|NULL\n");
    rg_free(s);
    unlink(path);
}
END_TEST

/* Header names as a person might retype them, PagerDuty's Analytics names,
 * columns in another order, a priority, and fractional seconds. */
START_TEST(test_other_layout)
{
    char path[200];
    snprintf(path, sizeof(path), "%s/analytics.csv", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Urgency,Priority Name,Created At,Incident Number,Title,Description,Resolved At,"
          "Seconds To First Ack\n"
          "high,P1,2026-08-10T12:00:00.000Z,9,Payments down,ignored,2026-08-10T12:30:00Z,"
          "89.5\n"
          "low,,2026-08-11T12:00:00Z,10,,Described only,, \n",
          f);
    fclose(f);
    rg_history_result res;
    import_ok(path, NULL, &res);
    char *s = dump();
    ck_assert_str_eq(s, "PD-10|Described only|low|2026-08-11T12:00:00Z|2026-08-11T12:00:00Z|"
                        "NULL|NULL|NULL|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL\n"
                        "PD-9|Payments down|P1|2026-08-10T12:00:00Z|2026-08-10T12:00:00Z|"
                        "2026-08-10T12:01:30Z|NULL|NULL|NULL|2026-08-10T12:30:00Z|NULL|0|90|NULL|"
                        "NULL|NULL|1800|NULL|1800|NULL\n");
    rg_free(s);
    /* the rules name the columns as this file names them */
    rg_diag d;
    rg_diag_init(&d);
    rg_stmt *q = rg_store_prepare(st, "SELECT review_json FROM incidents WHERE id = 'PD-9'", &d);
    ck_assert_msg(q != NULL, "%s", d.error);
    rg_diag_free(&d);
    ck_assert_int_eq(rg_stmt_step(q), RG_ROW);
    json_t *m = json_loads(rg_stmt_text(q, 0), 0, NULL);
    rg_stmt_finalize(q);
    const json_t *ms = json_object_get(m, "milestones");
    ck_assert_str_eq(rg_json_str(json_object_get(ms, "detected"), "rule"),
                     "created_at (the PagerDuty incident was opened)");
    ck_assert_str_eq(rg_json_str(json_object_get(ms, "recovered"), "rule"),
                     "resolved_at (the PagerDuty incident was resolved)");
    json_decref(m);
    unlink(path);
}
END_TEST

static int count_rows(void *ctx, const json_t *model, long line)
{
    (void)model;
    (void)line;
    ++*(int *)ctx;
    return 0;
}

/* RELIABILITY 17: with the Nth allocation failing, reading ends with an
 * "out of memory" error, never with fewer incidents than the file holds. */
START_TEST(test_out_of_memory)
{
    rg_alloc_install_jansson();
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *text = rg_read_file(HISTORY, &len, &d);
    ck_assert_ptr_nonnull(text);
    rg_diag_free(&d);
    int done = 0;
    for (long n = 0; n < 20000 && !done; n++) {
        int rows = 0;
        rg_diag_init(&d);
        rg_alloc_fail_after(n);
        int rc = rg_history_read(HISTORY, text, len, NULL, count_rows, &rows, &d);
        rg_alloc_fail_after(-1);
        if (rc == 0) {
            ck_assert_int_eq(rows, 4);
            done = 1;
        } else {
            ck_assert_msg(strstr(d.error, ": out of memory") != NULL, "%s", d.error);
        }
        rg_diag_free(&d);
    }
    ck_assert_int_eq(done, 1);
    rg_free(text);
}
END_TEST

static char *slurp(const char *path)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *s = rg_read_file(path, &len, &d);
    ck_assert_msg(s != NULL, "%s", d.error);
    rg_diag_free(&d);
    while (len && s[len - 1] == '\n')
        s[--len] = '\0';
    return s;
}

/* jansson's layout: each case a folder with the input and its error line. */
START_TEST(test_invalid_fixtures)
{
    static const char *const cases[] = {
        "bad-number",
        "bad-seconds",
        "bad-time",
        "control-chars",
        "created-empty",
        "duplicate-column",
        "duplicate-number",
        "empty",
        "latin1",
        "missing-column",
        "no-offset",
        "nul-byte",
        "quote-in-unquoted-field",
        "resolved-before-created",
        "text-after-closing-quote",
        "too-few-fields",
        "too-many-fields",
        "unterminated-quote",
        "utf16",
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char input[256], error[256], want[1200];
        snprintf(input, sizeof(input), "%s/%s/input", INVALID, cases[i]);
        snprintf(error, sizeof(error), "%s/%s/error", INVALID, cases[i]);
        char *e = slurp(error);
        snprintf(want, sizeof(want), "%s/%s/%s", INVALID, cases[i], e);
        rg_free(e);
        rg_diag d;
        rg_diag_init(&d);
        rg_history_result res;
        ck_assert_msg(rg_history_import(input, st, NULL, &res, &d) == -1, "%s imported", cases[i]);
        ck_assert_str_eq(d.error, want);
        ck_assert_int_eq(res.store_failed, 0);
        ck_assert_uint_eq(res.imported, 0);
        rg_diag_free(&d);
        /* nothing at all: not even the good rows before the bad one */
        ck_assert_msg(count_incidents() == 0, "%s left incidents behind", cases[i]);
    }
}
END_TEST

START_TEST(test_missing_file)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_history_result res;
    ck_assert_int_eq(rg_history_import(INVALID "/absent.csv", st, NULL, &res, &d), -1);
    ck_assert_str_eq(d.error, INVALID "/absent.csv: cannot read: No such file or directory");
    rg_diag_free(&d);
}
END_TEST

static Suite *import_history_suite(void)
{
    Suite *s = suite_create("import_history");
    TCase *tc = store_tcase(s, "import", setup, teardown, 0);
    tcase_add_test(tc, test_import_values);
    tcase_add_test(tc, test_models);
    tcase_add_test(tc, test_import_twice);
    tcase_add_test(tc, test_built_review_kept);
    tcase_add_test(tc, test_timezone);
    tcase_add_test(tc, test_other_layout);
    tcase_add_test(tc, test_invalid_fixtures);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_out_of_memory);
    return s;
}

RG_CHECK_MAIN(import_history_suite)
