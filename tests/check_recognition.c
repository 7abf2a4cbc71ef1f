/* check_recognition.c -- thanks earned from the evidence: working hours in
 * each person's zone, roles and deeds on the sample incident. */
#include <string.h>

#include "build.h"
#include "check_util.h"
#include "recognition.h"

static int64_t at(const char *rfc3339)
{
    int64_t us;
    int flags;
    rg_time_ctx ctx = {NULL, INT64_MIN};
    ck_assert_int_eq(rg_time_parse(rfc3339, strlen(rfc3339), &ctx, &us, &flags), 0);
    return us;
}

START_TEST(test_outside_hours)
{
    rg_hours h = {9 * 60, 18 * 60};
    char err[128];
    rg_tz *berlin = rg_tz_load("Europe/Berlin", err, sizeof(err));
    rg_tz *hcm = rg_tz_load("Asia/Ho_Chi_Minh", err, sizeof(err));
    ck_assert_ptr_nonnull(berlin);
    /* Friday 2026-11-20, 15:15-18:15 in Berlin (UTC+1): the last 15 minutes */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-20T14:15:00Z"), at("2026-11-20T17:15:00Z"), berlin, h), 900);
    /* the same instants in Ho Chi Minh City (21:15-00:15): all of it */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-20T14:15:00Z"), at("2026-11-20T17:15:00Z"), hcm, h), 10800);
    /* inside working hours, to the second */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-19T09:00:00Z"), at("2026-11-19T17:59:59.6Z"), NULL, h), 0);
    /* a Saturday counts as outside all day */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-21T10:00:00Z"), at("2026-11-21T11:00:30Z"), NULL, h), 3630);
    /* partial minutes at both ends: 08:59:30-09:00:45 has 30 s outside */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-19T08:59:30Z"), at("2026-11-19T09:00:45Z"), NULL, h), 30);
    /* Berlin's fall-back night, Sunday 2026-10-25: 25 hours long, all outside */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-10-24T22:00:00Z"), at("2026-10-25T23:00:00Z"), berlin, h), 90000);
    /* an empty or backwards interval */
    ck_assert_int_eq(
        rg_outside_hours(at("2026-11-19T10:00:00Z"), at("2026-11-19T09:00:00Z"), NULL, h), 0);
    rg_tz_free(berlin);
    rg_tz_free(hcm);
}
END_TEST

static const json_t *responder(const json_t *rec, const char *name)
{
    const json_t *list = json_object_get(rec, "responders");
    for (size_t i = 0; i < json_array_size(list); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(list, i), "name")), name) == 0)
            return json_array_get(list, i);
    return NULL;
}

static int has_role(const json_t *r, const char *role)
{
    const json_t *roles = json_object_get(r, "roles");
    for (size_t i = 0; i < json_array_size(roles); i++)
        if (strcmp(json_string_value(json_array_get(roles, i)), role) == 0)
            return 1;
    return 0;
}

START_TEST(test_sample_recognition)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {"samples/inc-2041-checkout", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *rec = rg_recognition_json(&b);
    ck_assert_ptr_nonnull(rec);
    const json_t *list = json_object_get(rec, "responders");
    ck_assert_uint_eq(json_array_size(list), 5);
    /* in the order they joined; nobody ranked, no message counts */
    const char *order[] = {"Nguyễn Đức Minh", "Siti Rahmawati", "Chinedu Okafor", "Linh Tran",
                           "Katrin Vogel"};
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, i), "name")),
                         order[i]);
    const json_t *minh = responder(rec, "Nguyễn Đức Minh");
    ck_assert(has_role(minh, "first responder"));
    const json_t *did = json_object_get(minh, "did");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(did, 0), "what")),
                     "took ownership");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(did, 0), "origin")),
                     "pagerduty-log-entries.json:276");
    const json_t *siti = responder(rec, "Siti Rahmawati");
    ck_assert(has_role(siti, "talked to customers"));
    ck_assert(!has_role(siti, "incident commander"));
    const json_t *katrin = responder(rec, "Katrin Vogel");
    ck_assert(has_role(katrin, "joined later"));
    ck_assert_str_eq(json_string_value(json_object_get(katrin, "first_at")),
                     "2026-11-20T14:15:10Z");
    /* Linh's role is in the manifest; the derived one is not said twice */
    const json_t *linh = responder(rec, "Linh Tran");
    ck_assert_uint_eq(json_array_size(json_object_get(linh, "roles")), 0);
    /* the response and the customers */
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(rec, "response"), "seconds")), 6899);
    const json_t *cust = json_object_get(rec, "customers");
    ck_assert_int_eq(json_integer_value(json_object_get(cust, "updates")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(cust, "over")), 4840);
    json_decref(rec);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *recognition_suite(void)
{
    Suite *s = suite_create("recognition");
    TCase *tc = tcase_create("recognition");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_outside_hours);
    tcase_add_test(tc, test_sample_recognition);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(recognition_suite)
