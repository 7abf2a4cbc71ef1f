/* check_listing.c -- `list` and `actions` over a store of hand-made review
 * models: the period, severity and service filters, the order within one
 * second, the due-date rule, overdue on an as-of day, and the exact table,
 * CSV and JSON text (hostile text cleaned for terminals, guarded in CSV). */
#include <jansson.h>
#include <string.h>

#include "alloc.h"
#include "check_store_util.h"
#include "check_util.h"
#include "listing.h"
#include "store.h"

static char dir[128], db_path[160];
static rg_store *st;

/* Saves one model given as JSON text. */
static void save(const char *text)
{
    json_error_t err;
    json_t *m = json_loads(text, 0, &err);
    ck_assert_msg(m != NULL, "%d: %s", err.line, err.text);
    rg_diag d;
    rg_diag_init(&d);
    store_save_ok(st, m, &d);
    rg_diag_free(&d);
    json_decref(m);
}

/* Incidents, in the order they must be listed:
 *   INC-2  started 2026-06-30T23:59:59.5Z (the last half second of June)
 *   INC-1  started 2026-07-01T00:00:00Z (the first instant of the quarter)
 *   INC-0  started 2026-07-01T00:00:00.25Z (the same second, a quarter later:
 *          after INC-1 though "INC-0" < "INC-1" and "...00.250000Z" < "...00Z")
 *   INC-3  no started; detected 2026-09-30T23:59:59Z; severity "sev1"
 *   INC-4  started 2026-10-01T00:00:00Z (the first instant after the quarter)
 *   INC-5  neither started nor detected: last */
static void setup(void)
{
    st = scratch_store_open("listing", dir, sizeof(dir), db_path, sizeof(db_path));
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-1\", \"title\": \"Checkout failures, "
         "payments down\", \"severity\": \"SEV1\", \"services\": [\"checkout-api\", "
         "\"payments\"]},"
         " \"milestones\": {\"started\": {\"at\": \"2026-07-01T00:00:00Z\"}, \"detected\": "
         "{\"at\": \"2026-07-01T00:01:00Z\"}},"
         " \"durations\": {\"time_to_acknowledge\": 60, \"time_to_mitigate\": 600, "
         "\"total_duration\": 3600},"
         " \"action_items\": ["
         "  {\"title\": \"Alert on replica lag\", \"owner\": \"Linh Tran\", \"due\": "
         "\"2026-07-20\", \"priority\": \"P1\", \"ticket\": \"OPS-88\", \"status\": \"open\","
         "   \"kind\": \"detect\", \"raised_by\": \"Kim Ng\", \"raised_in_chat\": [{\"by\": "
         "\"Kim Ng\", \"origin\": \"slack/inc-1/2026-07-01.json:40\"}]},"
         "  {\"title\": \"Write the runbook\", \"owner\": \"linh tran\", \"due\": "
         "\"2026-07-05\", \"status\": \"done\"},"
         "  {\"title\": \"=cmd|' /C calc'!A0\", \"owner\": null, \"priority\": \"P1\", "
         "\"status\": \"open\"}],"
         " \"suggestions\": [{\"title\": \"rejoin the old primary\", \"raised_by\": \"Kim Ng\", "
         "\"origin\": \"slack/inc-1/2026-07-01.json:52\", \"owner\": \"Kim Ng\", \"due\": "
         "\"2026-07-01\", \"status\": \"suggested\"}]}");
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-2\", \"title\": \"Search slow\", "
         "\"severity\": \"SEV2\", \"services\": [\"search\"]},"
         " \"milestones\": {\"started\": {\"at\": \"2026-06-30T23:59:59.500000Z\"}},"
         " \"action_items\": [{\"title\": \"Cache warm-up\", \"owner\": \"Sam Okafor\", "
         "\"priority\": \"P2\", \"status\": \"in progress\"}]}");
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-0\", \"title\": \"Same second\", "
         "\"severity\": \"SEV3\", \"services\": []},"
         " \"milestones\": {\"started\": {\"at\": \"2026-07-01T00:00:00.250000Z\"}}}");
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-3\", \"title\": \"Card declines\", "
         "\"severity\": \"sev1\", \"services\": [\"Checkout-API\"]},"
         " \"milestones\": {\"started\": null, \"detected\": {\"at\": "
         "\"2026-09-30T23:59:59Z\"}},"
         " \"durations\": {\"time_to_acknowledge\": 5},"
         " \"action_items\": [{\"title\": \"Retry declines\", \"owner\": \"Sam Okafor\", "
         "\"due\": \"next week\", \"priority\": \" p1 \"}]}");
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-4\", \"title\": \"Disk\\u001b[31m "
         "full\\nagain\", \"severity\": null, \"services\": []},"
         " \"milestones\": {\"started\": {\"at\": \"2026-10-01T00:00:00Z\"}},"
         " \"action_items\": [{\"title\": \"Grow the disk\", \"owner\": \"Sam Okafor\", "
         "\"due\": \"2026-10-15T23:30:00-02:00\", \"status\": \"closed\"}]}");
    save("{\"schema\": 1, \"incident\": {\"id\": \"INC-5\", \"title\": \"Unknown times\", "
         "\"severity\": \"SEV3\", \"services\": []}, \"milestones\": {},"
         " \"action_items\": [{\"title\": \"Find the logs\"}]}");
}

static void teardown(void)
{
    scratch_store_remove(&st, dir, db_path);
}

/* The ids of a listing, space-separated. */
static char *ids(const json_t *rows, const char *key)
{
    rg_buf b = {0};
    size_t i;
    const json_t *r;
    json_array_foreach(rows, i, r)
    {
        rg_buf_printf(&b, "%s%s", i ? " " : "", json_string_value(json_object_get(r, key)));
    }
    char *s = rg_strdup(b.data ? b.data : "");
    rg_buf_free(&b);
    return s;
}

static void expect_list(const char *from, const char *to, const char *sev, const char *svc,
                        const char *want)
{
    rg_list_filter f = {from, to, sev, svc};
    rg_diag d;
    rg_diag_init(&d);
    json_t *rows = rg_list_incidents(st, &f, &d);
    ck_assert_msg(rows != NULL, "%s", d.error);
    char *got = ids(rows, "id");
    ck_assert_str_eq(got, want);
    rg_free(got);
    json_decref(rows);
    rg_diag_free(&d);
}

START_TEST(test_list_order)
{
    expect_list(NULL, NULL, NULL, NULL, "INC-2 INC-1 INC-0 INC-3 INC-4 INC-5");
}
END_TEST

START_TEST(test_list_period)
{
    /* [from, to): the first instant in, the last half second of June and the
     * first instant of October out; INC-3 counts by its detected time */
    expect_list("2026-07-01", "2026-10-01", NULL, NULL, "INC-1 INC-0 INC-3");
    expect_list("2026-10-01", NULL, NULL, NULL, "INC-4");
    expect_list(NULL, "2026-07-01", NULL, NULL, "INC-2");
    expect_list("2026-06-30", "2026-07-01", NULL, NULL, "INC-2");
    expect_list("2027-01-01", NULL, NULL, NULL, "");
}
END_TEST

START_TEST(test_list_severity_service)
{
    expect_list(NULL, NULL, "SEV1", NULL, "INC-1 INC-3");
    expect_list(NULL, NULL, "sev3", NULL, "INC-0 INC-5");
    expect_list(NULL, NULL, NULL, "checkout-api", "INC-1 INC-3");
    expect_list(NULL, NULL, NULL, "payments", "INC-1");
    expect_list(NULL, NULL, NULL, "nothing", "");
    expect_list("2026-07-01", "2026-10-01", "sev1", "CHECKOUT-API", "INC-1 INC-3");
    /* quoting is SQL's business: a quote in a filter is only text */
    expect_list(NULL, NULL, "x' OR '1'='1", NULL, "");
}
END_TEST

START_TEST(test_list_bad_dates)
{
    rg_list_filter f = {"2026-02-30", NULL, NULL, NULL};
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_ptr_null(rg_list_incidents(st, &f, &d));
    char want[300];
    snprintf(want, sizeof(want), "%s: '2026-02-30' is not a date (YYYY-MM-DD)", db_path);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
}
END_TEST

static char *render(const json_t *rows, const rg_list_column *cols, size_t n, rg_list_format fmt)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_list_render(rows, cols, n, fmt, &b), 0);
    char *s = rg_strdup(b.data ? b.data : "");
    rg_buf_free(&b);
    return s;
}

static json_t *list_all(void)
{
    rg_list_filter f = {NULL, NULL, NULL, NULL};
    rg_diag d;
    rg_diag_init(&d);
    json_t *rows = rg_list_incidents(st, &f, &d);
    ck_assert_msg(rows != NULL, "%s", d.error);
    rg_diag_free(&d);
    return rows;
}

START_TEST(test_list_json)
{
    json_t *rows = list_all();
    char *s = json_dumps(json_array_get(rows, 1), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"id\":\"INC-1\",\"started\":\"2026-07-01T00:00:00Z\",\"severity\":"
                        "\"SEV1\",\"services\":[\"checkout-api\",\"payments\"],\"title\":"
                        "\"Checkout failures, payments down\",\"time_to_acknowledge\":60,"
                        "\"time_to_mitigate\":600,\"total_duration\":3600}");
    free(s);
    s = json_dumps(json_array_get(rows, 3), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"id\":\"INC-3\",\"started\":null,\"severity\":\"sev1\",\"services\":"
                        "[\"Checkout-API\"],\"title\":\"Card declines\",\"time_to_acknowledge\":"
                        "5,\"time_to_mitigate\":null,\"total_duration\":null}");
    free(s);
    char *out = render(rows, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_JSON);
    ck_assert_int_eq(strncmp(out, "[\n  {\n    \"id\": \"INC-2\",\n", 25), 0);
    ck_assert_int_eq(out[strlen(out) - 1], '\n');
    rg_free(out);
    json_decref(rows);
}
END_TEST

START_TEST(test_list_csv)
{
    json_t *rows = list_all();
    char *out = render(rows, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_CSV);
    ck_assert_str_eq(
        out, "id,started,severity,services,title,time_to_acknowledge,time_to_mitigate,"
             "total_duration\r\n"
             "INC-2,2026-06-30T23:59:59.500000Z,SEV2,search,Search slow,,,\r\n"
             "INC-1,2026-07-01T00:00:00Z,SEV1,\"checkout-api, payments\",\"Checkout failures, "
             "payments down\",60,600,3600\r\n"
             "INC-0,2026-07-01T00:00:00.250000Z,SEV3,,Same second,,,\r\n"
             "INC-3,,sev1,Checkout-API,Card declines,5,,\r\n"
             "INC-4,2026-10-01T00:00:00Z,,,\"Disk\x1b[31m full\nagain\",,,\r\n"
             "INC-5,,SEV3,,Unknown times,,,\r\n");
    rg_free(out);
    json_decref(rows);
}
END_TEST

START_TEST(test_list_table)
{
    json_t *rows = list_all();
    char *out = render(rows, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_TABLE);
    /* the escape character becomes '?', the line break a visible mark; no
     * trailing spaces; unknown values '-' */
    ck_assert_str_eq(
        out,
        "id     started (UTC)        severity  services                title                       "
        "      time to acknowledge  time to mitigate  total duration\n"
        "INC-2  2026-06-30 23:59:59  SEV2      search                  Search slow                 "
        "      -                    -                 -\n"
        "INC-1  2026-07-01 00:00:00  SEV1      checkout-api, payments  Checkout failures, payments "
        "down  1 min                10 min            1 h\n"
        "INC-0  2026-07-01 00:00:00  SEV3      -                       Same second                 "
        "      -                    -                 -\n"
        "INC-3  -                    sev1      Checkout-API            Card declines               "
        "      5 s                  -                 -\n"
        "INC-4  2026-10-01 00:00:00  -         -                       Disk?[31m full \xe2\x8f\x8e"
        " again            -                    -                 -\n"
        "INC-5  -                    SEV3      -                       Unknown times               "
        "      -                    -                 -\n");
    rg_free(out);
    json_decref(rows);
}
END_TEST

/* Long text is cut with "…" on a character boundary, in the table only. */
START_TEST(test_table_cut)
{
    json_t *rows = json_pack("[{s:s}]", "title",
                             "Nguyễn Đức Minh reported that every checkout since 14:02 fails with "
                             "a timeout");
    static const rg_list_column cols[] = {{"title", "title", RG_COL_TEXT, 20, 1}};
    char *out = render(rows, cols, 1, RG_FORMAT_TABLE);
    ck_assert_str_eq(out, "title\nNguyễn Đức Minh rep\xe2\x80\xa6\n");
    rg_free(out);
    json_decref(rows);
}
END_TEST

START_TEST(test_empty_listing)
{
    json_t *rows = json_array();
    char *out = render(rows, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_CSV);
    ck_assert_str_eq(out, "id,started,severity,services,title,time_to_acknowledge,"
                          "time_to_mitigate,total_duration\r\n");
    rg_free(out);
    out = render(rows, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_JSON);
    ck_assert_str_eq(out, "[]\n");
    rg_free(out);
    json_decref(rows);
}
END_TEST

/* ---- action items ------------------------------------------------------ */

static void expect_due(const char *due, const char *priority, const char *start,
                       const char *want_date, const char *want_rule)
{
    char out[11], rule[128];
    int has = rg_action_due(due, priority, start, out, rule, sizeof(rule));
    ck_assert_int_eq(has, want_date[0] != '\0');
    ck_assert_str_eq(out, want_date);
    ck_assert_str_eq(rule, want_rule);
}

START_TEST(test_due_rule)
{
    expect_due("2026-12-15", "P1", "2026-11-20T14:02:00Z", "2026-12-15", "given");
    /* an RFC 3339 due: its UTC date (23:30 at -02:00 is 01:30 the next day) */
    expect_due("2026-10-15T23:30:00-02:00", NULL, NULL, "2026-10-16", "given");
    /* 4 weeks for P1, 8 for the rest, from the start's UTC date */
    expect_due(NULL, "P1", "2026-11-20T23:59:59Z", "2026-12-18", "started + 4 weeks (P1)");
    expect_due(NULL, "p1", "2026-11-20T14:02:00Z", "2026-12-18", "started + 4 weeks (P1)");
    expect_due(NULL, "P2", "2026-11-20T14:02:00Z", "2027-01-15", "started + 8 weeks");
    expect_due("", NULL, "2026-11-20T14:02:00.5Z", "2027-01-15", "started + 8 weeks");
    expect_due(NULL, "P10", "2026-11-20T14:02:00Z", "2027-01-15", "started + 8 weeks");
    /* across a year end and a leap day */
    expect_due(NULL, "P1", "2028-02-01T00:00:00Z", "2028-02-29", "started + 4 weeks (P1)");
    expect_due("next week", "P1", "2026-11-20T14:02:00Z", "2026-12-18",
               "started + 4 weeks (P1) (the item's due is not a date)");
    expect_due("2026-02-30", NULL, "2026-11-20T14:02:00Z", "2027-01-15",
               "started + 8 weeks (the item's due is not a date)");
    expect_due(NULL, "P1", NULL, "", "none (no due date and no incident start)");
    ck_assert_int_eq(rg_action_is_open("open"), 1);
    ck_assert_int_eq(rg_action_is_open(NULL), 1);
    ck_assert_int_eq(rg_action_is_open("in progress"), 1);
    ck_assert_int_eq(rg_action_is_open("done"), 0);
    ck_assert_int_eq(rg_action_is_open("closed"), 0);
}
END_TEST

START_TEST(test_dates)
{
    ck_assert_int_eq(rg_date_check("2024-02-29"), 0);
    ck_assert_int_eq(rg_date_check("2000-02-29"), 0);
    ck_assert_int_eq(rg_date_check("2100-02-29"), -1);
    ck_assert_int_eq(rg_date_check("2026-02-29"), -1);
    ck_assert_int_eq(rg_date_check("2026-04-31"), -1);
    ck_assert_int_eq(rg_date_check("2026-13-01"), -1);
    ck_assert_int_eq(rg_date_check("2026-00-10"), -1);
    ck_assert_int_eq(rg_date_check("2026-1-01"), -1);
    ck_assert_int_eq(rg_date_check("2026-01-01T00:00:00Z"), -1);
    ck_assert_int_eq(rg_date_check(""), -1);
    char buf[11];
    ck_assert_int_eq(rg_date_check(rg_date_today(buf)), 0);
}
END_TEST

static json_t *actions(rg_actions_which which, const char *owner, const char *as_of)
{
    rg_actions_filter f = {which, owner, as_of, 0};
    rg_diag d;
    rg_diag_init(&d);
    json_t *rows = rg_list_actions(st, &f, &d);
    ck_assert_msg(rows != NULL, "%s", d.error);
    rg_diag_free(&d);
    return rows;
}

static void expect_actions(rg_actions_which which, const char *owner, const char *as_of,
                           const char *want)
{
    json_t *rows = actions(which, owner, as_of);
    char *got = ids(rows, "title");
    ck_assert_str_eq(got, want);
    rg_free(got);
    json_decref(rows);
}

START_TEST(test_actions_all)
{
    /* by due date; no due date last */
    expect_actions(RG_ACTIONS_ALL, NULL, "2026-07-21",
                   "Write the runbook Alert on replica lag =cmd|' /C calc'!A0 Cache warm-up "
                   "Grow the disk Retry declines Find the logs");
    json_t *rows = actions(RG_ACTIONS_ALL, NULL, "2026-07-21");
    char *s = json_dumps(json_array_get(rows, 2), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"incident\":\"INC-1\",\"incident_title\":\"Checkout failures, "
                        "payments down\",\"title\":\"=cmd|' /C calc'!A0\",\"owner\":null,"
                        "\"due\":\"2026-07-29\",\"due_rule\":\"started + 4 weeks (P1)\","
                        "\"status\":\"open\",\"priority\":\"P1\",\"ticket\":null,"
                        "\"overdue\":false,\"kind\":null,\"raised_by\":null,\"raised_in\":null}");
    free(s);
    s = json_dumps(json_array_get(rows, 3), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"incident\":\"INC-2\",\"incident_title\":\"Search slow\",\"title\":"
                        "\"Cache warm-up\",\"owner\":\"Sam Okafor\",\"due\":\"2026-08-25\","
                        "\"due_rule\":\"started + 8 weeks\",\"status\":\"in progress\","
                        "\"priority\":\"P2\",\"ticket\":null,\"overdue\":false,\"kind\":null,"
                        "\"raised_by\":null,\"raised_in\":null}");
    free(s);
    s = json_dumps(json_array_get(rows, 5), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"incident\":\"INC-3\",\"incident_title\":\"Card declines\",\"title\":"
                        "\"Retry declines\",\"owner\":\"Sam Okafor\",\"due\":\"2026-10-28\","
                        "\"due_rule\":\"started + 4 weeks (P1) (the item's due is not a date)\","
                        "\"status\":\"open\",\"priority\":\" p1 \",\"ticket\":null,"
                        "\"overdue\":false,\"kind\":null,\"raised_by\":null,\"raised_in\":null}");
    free(s);
    s = json_dumps(json_array_get(rows, 6), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"incident\":\"INC-5\",\"incident_title\":\"Unknown times\",\"title\":"
                        "\"Find the logs\",\"owner\":null,\"due\":null,\"due_rule\":\"none (no "
                        "due date and no incident start)\",\"status\":\"open\",\"priority\":"
                        "null,\"ticket\":null,\"overdue\":false,\"kind\":null,\"raised_by\":null,"
                        "\"raised_in\":null}");
    free(s);
    json_decref(rows);
}
END_TEST

START_TEST(test_actions_open_overdue)
{
    expect_actions(RG_ACTIONS_OPEN, NULL, "2026-07-21",
                   "Alert on replica lag =cmd|' /C calc'!A0 Cache warm-up Retry declines Find the "
                   "logs");
    /* due 2026-07-20: not overdue on its own day, overdue the day after; a
     * done item never is */
    expect_actions(RG_ACTIONS_OVERDUE, NULL, "2026-07-20", "");
    expect_actions(RG_ACTIONS_OVERDUE, NULL, "2026-07-21", "Alert on replica lag");
    expect_actions(RG_ACTIONS_OVERDUE, NULL, "2026-07-30",
                   "Alert on replica lag =cmd|' /C calc'!A0");
    /* a closed item due 2026-10-16 is not overdue; the undated one never is */
    expect_actions(RG_ACTIONS_OVERDUE, NULL, "2027-06-01",
                   "Alert on replica lag =cmd|' /C calc'!A0 Cache warm-up Retry declines");
}
END_TEST

/* The chat's suggestions are listed apart, by the same rule `trend` uses,
 * and never among the items. */
START_TEST(test_actions_suggestions)
{
    rg_actions_filter f = {RG_ACTIONS_ALL, NULL, "2026-07-21", 1};
    rg_diag d;
    rg_diag_init(&d);
    json_t *rows = rg_list_actions(st, &f, &d);
    ck_assert_msg(rows != NULL, "%s", d.error);
    ck_assert_uint_eq(json_array_size(rows), 1);
    char *s = json_dumps(json_array_get(rows, 0), JSON_COMPACT);
    ck_assert_str_eq(s, "{\"incident\":\"INC-1\",\"incident_title\":\"Checkout failures, "
                        "payments down\",\"title\":\"rejoin the old primary\",\"owner\":\"Kim "
                        "Ng\",\"due\":\"2026-07-01\",\"due_rule\":\"given\",\"status\":"
                        "\"suggested\",\"priority\":null,\"ticket\":null,\"overdue\":false,"
                        "\"kind\":null,\"raised_by\":\"Kim Ng\",\"raised_in\":"
                        "\"slack/inc-1/2026-07-01.json:52\"}");
    free(s);
    json_decref(rows);
    rg_diag_free(&d);
    /* and not among the items */
    expect_actions(RG_ACTIONS_ALL, "Kim Ng", "2026-07-21", "");
}
END_TEST

START_TEST(test_actions_owner)
{
    expect_actions(RG_ACTIONS_ALL, "LINH TRAN", "2026-07-21",
                   "Write the runbook Alert on replica lag");
    expect_actions(RG_ACTIONS_OPEN, "linh tran", "2026-07-21", "Alert on replica lag");
    expect_actions(RG_ACTIONS_ALL, "Nobody", "2026-07-21", "");
}
END_TEST

START_TEST(test_actions_bad_as_of)
{
    rg_actions_filter f = {RG_ACTIONS_OVERDUE, NULL, "21/07/2026", 0};
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_ptr_null(rg_list_actions(st, &f, &d));
    char want[300];
    snprintf(want, sizeof(want), "%s: '21/07/2026' is not a date (YYYY-MM-DD)", db_path);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_actions_csv_table)
{
    json_t *rows = actions(RG_ACTIONS_OVERDUE, NULL, "2026-07-30");
    char *out = render(rows, rg_action_columns, rg_n_action_columns, RG_FORMAT_CSV);
    /* the formula in the title is guarded; the hostile title has no comma or
     * quote, so it is not quoted */
    ck_assert_str_eq(out, "incident,incident_title,title,owner,due,due_rule,status,priority,"
                          "ticket,overdue,kind,raised_by,raised_in\r\n"
                          "INC-1,\"Checkout failures, payments down\",Alert on replica lag,"
                          "Linh Tran,2026-07-20,given,open,P1,OPS-88,true,detect,Kim Ng,"
                          "slack/inc-1/2026-07-01.json:40\r\n"
                          "INC-1,\"Checkout failures, payments down\",'=cmd|' /C calc'!A0,,"
                          "2026-07-29,started + 4 weeks (P1),open,P1,,true,,,\r\n");
    rg_free(out);
    out = render(rows, rg_action_columns, rg_n_action_columns, RG_FORMAT_TABLE);
    ck_assert_str_eq(out, "incident  action item           owner      due         due from      "
                          "          status  priority  ticket  overdue\n"
                          "INC-1     Alert on replica lag  Linh Tran  2026-07-20  given         "
                          "          open    P1        OPS-88  yes\n"
                          "INC-1     =cmd|' /C calc'!A0    -          2026-07-29  started + 4 "
                          "weeks (P1)  open    P1        -       yes\n");
    rg_free(out);
    json_decref(rows);
}
END_TEST

/* RELIABILITY 17: the Nth allocation fails, for every N until the listing
 * succeeds; each run ends with NULL and an error, or the whole listing,
 * never a shorter one. */
START_TEST(test_out_of_memory)
{
    rg_alloc_install_jansson();
    json_t *whole = list_all();
    char *want = render(whole, rg_incident_columns, rg_n_incident_columns, RG_FORMAT_TABLE);
    json_decref(whole);
    int done = 0;
    for (long n = 0; n < 5000 && !done; n++) {
        rg_list_filter f = {NULL, NULL, NULL, NULL};
        rg_diag d;
        rg_diag_init(&d);
        rg_alloc_fail_after(n);
        json_t *rows = rg_list_incidents(st, &f, &d);
        rg_buf b = {0};
        int rc = rows ? rg_list_render(rows, rg_incident_columns, rg_n_incident_columns,
                                       RG_FORMAT_TABLE, &b)
                      : -1;
        rg_actions_filter af = {RG_ACTIONS_ALL, NULL, "2026-07-21", 0};
        json_t *acts = rows ? rg_list_actions(st, &af, &d) : NULL;
        rg_alloc_fail_after(-1);
        char oom[300];
        snprintf(oom, sizeof(oom), "%s: out of memory reading the store", db_path);
        if (!rows || !acts)
            ck_assert_str_eq(d.error, oom);
        else if (rc == 0) {
            ck_assert_str_eq(b.data, want);
            ck_assert_uint_eq(json_array_size(acts), 7);
            done = 1;
        }
        json_decref(rows);
        json_decref(acts);
        rg_buf_free(&b);
        rg_diag_free(&d);
    }
    ck_assert_int_eq(done, 1);
    rg_free(want);
}
END_TEST

/* A file that is not a store is an error from the store, not a crash here. */
START_TEST(test_format_parse)
{
    rg_list_format f;
    ck_assert_int_eq(rg_list_format_parse("table", &f), 0);
    ck_assert_int_eq(f, RG_FORMAT_TABLE);
    ck_assert_int_eq(rg_list_format_parse("csv", &f), 0);
    ck_assert_int_eq(f, RG_FORMAT_CSV);
    ck_assert_int_eq(rg_list_format_parse("json", &f), 0);
    ck_assert_int_eq(f, RG_FORMAT_JSON);
    ck_assert_int_eq(rg_list_format_parse("JSON", &f), -1);
    ck_assert_int_eq(rg_list_format_parse("md", &f), -1);
}
END_TEST

static Suite *listing_suite(void)
{
    Suite *s = suite_create("listing");
    TCase *tc = store_tcase(s, "list", setup, teardown, 0);
    tcase_add_test(tc, test_list_order);
    tcase_add_test(tc, test_list_period);
    tcase_add_test(tc, test_list_severity_service);
    tcase_add_test(tc, test_list_bad_dates);
    tcase_add_test(tc, test_list_json);
    tcase_add_test(tc, test_list_csv);
    tcase_add_test(tc, test_list_table);
    tcase_add_test(tc, test_out_of_memory);
    tc = store_tcase(s, "actions", setup, teardown, 0);
    tcase_add_test(tc, test_actions_all);
    tcase_add_test(tc, test_actions_open_overdue);
    tcase_add_test(tc, test_actions_owner);
    tcase_add_test(tc, test_actions_suggestions);
    tcase_add_test(tc, test_actions_bad_as_of);
    tcase_add_test(tc, test_actions_csv_table);
    tc = tcase_create("rules");
    tcase_add_test(tc, test_due_rule);
    tcase_add_test(tc, test_dates);
    tcase_add_test(tc, test_table_cut);
    tcase_add_test(tc, test_empty_listing);
    tcase_add_test(tc, test_format_parse);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(listing_suite)
