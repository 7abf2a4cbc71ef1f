/* check_recognition.c -- thanks earned from the evidence: working hours in
 * each person's zone, roles and deeds on the sample incident. */
#include <string.h>

#include "alloc.h"
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

/* The fixtures of tests/fixtures/recognition: one Slack export, built with
 * no manifest (chat/) and with one (with-manifest/). */
static json_t *build_rec(const char *dir, rg_build *b, rg_diag *d)
{
    rg_diag_init(d);
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(b, &o, d) == 0, "%s", d->error);
    json_t *rec = rg_recognition_json(b);
    ck_assert_ptr_nonnull(rec);
    return rec;
}

static const char *roles_of(const json_t *r)
{
    static char buf[512];
    buf[0] = '\0';
    const json_t *roles = json_object_get(r, "roles");
    for (size_t i = 0; i < json_array_size(roles); i++)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? ", " : "",
                 json_string_value(json_array_get(roles, i)));
    return buf;
}

static const char *did_of(const json_t *r)
{
    const char *s = json_string_value(json_object_get(r, "did_text"));
    return s ? s : "";
}

/* No manifest: the chat alone says who was commander, who talked to
 * customers (by declaring it, by accepting when asked, or by saying an
 * update went out) and who found the cause, rolled back and restarted. */
START_TEST(test_roles_from_chat_without_manifest)
{
    rg_build b;
    rg_diag d;
    json_t *rec = build_rec(RG_FIXTURES "/recognition/chat", &b, &d);
    const json_t *list = json_object_get(rec, "responders");
    ck_assert_uint_eq(json_array_size(list), 5);
    const json_t *peter = responder(rec, "Peter Novak");
    ck_assert_str_eq(roles_of(peter),
                     "first responder, confirmed the mitigation, made the change that mitigated");
    ck_assert_str_eq(did_of(peter), "raised the alarm (09:00:00); rolled back a change (09:12:00); "
                                    "reported the impact stopped (09:20:00); restarted a service "
                                    "(09:20:00)");
    /* "declaring a SEV1, I'll be IC" */
    ck_assert_str_eq(roles_of(responder(rec, "Grace Obi")), "incident commander");
    /* "Hana, please take the status page" ... "on it" */
    ck_assert_str_eq(roles_of(responder(rec, "Hana Kobayashi")),
                     "talked to customers, joined later");
    /* "@Omar Haddad can you own comms ...?" ... a question of his own ... "sure, I can" */
    ck_assert_str_eq(roles_of(responder(rec, "Omar Haddad")), "talked to customers, joined later");
    /* "customer update is out", and "Found it: ..." with its time and origin */
    const json_t *ha = responder(rec, "Đặng Thu Hà");
    ck_assert_str_eq(roles_of(ha), "talked to customers, joined later");
    const json_t *found = json_array_get(json_object_get(ha, "did"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(found, "what")), "found the cause");
    ck_assert_str_eq(json_string_value(json_object_get(found, "at")),
                     "2026-03-02T09:10:00.000700Z");
    ck_assert_str_eq(json_string_value(json_object_get(found, "origin")),
                     "slack/inc-3001/2026-03-02.json:44");
    /* Omar's "should we restart the workers?" is a question, not a deed */
    ck_assert_str_eq(did_of(responder(rec, "Omar Haddad")), "");
    json_decref(rec);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* The manifest names people differently from the export: accents
 * ("Dang Thu Ha" is "Đặng Thu Hà"), an alias ("Omar H." is "Omar Haddad"),
 * a misspelling that matches nobody (warned, not a second Hana), and a
 * person the evidence does not show (listed, warned). */
START_TEST(test_aliases_accents_no_phantom)
{
    rg_build b;
    rg_diag d;
    json_t *rec = build_rec(RG_FIXTURES "/recognition/with-manifest", &b, &d);
    const json_t *list = json_object_get(rec, "responders");
    const char *names[] = {"Peter Novak", "Grace Obi",   "Hana Kobayashi",
                           "Omar H.",     "Dang Thu Ha", "Ines Duarte"};
    ck_assert_uint_eq(json_array_size(list), 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(list, i), "name")),
                         names[i]);
    const json_t *ha = responder(rec, "Dang Thu Ha");
    ck_assert_str_eq(json_string_value(json_object_get(ha, "role")), "Support lead");
    ck_assert_str_eq(json_string_value(json_object_get(ha, "first_at")),
                     "2026-03-02T09:10:00.000700Z");
    ck_assert_str_eq(json_string_value(json_object_get(ha, "timezone")), "Asia/Ho_Chi_Minh");
    const json_t *omar = responder(rec, "Omar H.");
    ck_assert_str_eq(json_string_value(json_object_get(omar, "role")), "Partner manager");
    ck_assert_str_eq(roles_of(omar), "talked to customers, joined later");
    ck_assert(json_is_null(json_object_get(responder(rec, "Ines Duarte"), "first_at")));
    ck_assert_uint_eq(d.n_warnings, 2);
    ck_assert_str_eq(d.warnings[0].first,
                     RG_FIXTURES "/recognition/with-manifest/incident.json:6: responder 'Hana "
                                 "Kobayasi' matches nobody in the evidence (did you mean 'Hana "
                                 "Kobayashi'? add the evidence's spelling to its \"aliases\")");
    ck_assert_str_eq(d.warnings[1].first,
                     RG_FIXTURES "/recognition/with-manifest/incident.json:7: responder 'Ines "
                                 "Duarte' matches nobody in the evidence; listed as the manifest "
                                 "names them");
    json_decref(rec);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A timeline of chat messages built by hand, one a minute from 10:00Z. */
typedef struct said {
    const char *actor, *text;
} said;

static json_t *chat_only(const said *lines, size_t n, rg_build *b, rg_diag *d)
{
    memset(b, 0, sizeof(*b));
    rg_diag_init(d);
    b->diag = d;
    b->arena = rg_arena_new();
    ck_assert_int_eq(rg_manifest_defaults(&b->manifest, b->arena, "hand"), 0);
    b->events = rg_calloc(n + 1, sizeof(*b->events));
    for (size_t i = 0; i < n; i++) {
        rg_event *ev = rg_event_new(b->arena);
        ev->at_us = at("2026-03-02T10:00:00Z") + (int64_t)i * 60000000;
        ev->kind = RG_KIND_CHAT;
        ev->type = "chat.message";
        ev->source = "slack #hand";
        ev->actor = lines[i].actor;
        ev->human = 1;
        ev->text = lines[i].text;
        ev->origin = rg_arena_printf(b->arena, "hand.json:%zu", i + 1);
        ev->time_text = "";
        ev->seq = i;
        b->events[b->n_events++] = ev;
    }
    ck_assert_int_eq(rg_timeline_build(&b->timeline, b->arena, b->events, b->n_events, d), 0);
    ck_assert_int_eq(rg_milestones_choose(&b->milestones, &b->timeline, &b->manifest, b->arena, d),
                     0);
    json_t *rec = rg_recognition_json(b);
    ck_assert_ptr_nonnull(rec);
    return rec;
}

/* Each case: the chat, then who has the role "incident commander" and who
 * "talked to customers" (NULL: nobody). */
START_TEST(test_role_phrasings)
{
    static const struct {
        said lines[3];
        const char *ic, *comms;
    } cases[] = {
        {{{"Ana Silva", "I'm IC for this one"}}, "Ana Silva", NULL},
        {{{"Ana Silva", "ok. I am incident commander"}}, "Ana Silva", NULL},
        {{{"Ana Silva", "I'll take comms"}}, NULL, "Ana Silva"},
        {{{"Ana Silva", "I have the status page, Ben has the logs"}}, NULL, "Ana Silva"},
        {{{"Ben Ode", "looking"}, {"Ana Silva", "IC is Ben Ode"}}, "Ben Ode", NULL},
        {{{"Ben Ode", "looking"}, {"Ana Silva", "@Ben can you own comms?"}, {"Ben Ode", "will do"}},
         NULL,
         "Ben Ode"},
        {{{"Ben Ode", "looking"}, {"Ana Silva", "Ben, please take the status page"}}, NULL, NULL},
        {{{"Ana Silva", "status page updated with the workaround"}}, NULL, "Ana Silva"},
        {{{"Ana Silva", "Posted the update to customers"}}, NULL, "Ana Silva"},
        {{{"Ana Silva", "Should I take comms?"}}, NULL, NULL},
        {{{"Ana Silva", "I think the status page is slow"}}, NULL, NULL},
        {{{"Ana Silva", "Can someone take comms?"}}, NULL, NULL},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        size_t n = 0;
        while (n < 3 && cases[c].lines[n].actor)
            n++;
        rg_build b;
        rg_diag d;
        json_t *rec = chat_only(cases[c].lines, n, &b, &d);
        const json_t *list = json_object_get(rec, "responders");
        for (size_t i = 0; i < json_array_size(list); i++) {
            const json_t *r = json_array_get(list, i);
            const char *name = json_string_value(json_object_get(r, "name"));
            int want_ic = cases[c].ic && strcmp(cases[c].ic, name) == 0;
            int want_comms = cases[c].comms && strcmp(cases[c].comms, name) == 0;
            ck_assert_msg(has_role(r, "incident commander") == want_ic,
                          "case %zu: %s incident commander: %d", c, name, !want_ic);
            ck_assert_msg(has_role(r, "talked to customers") == want_comms,
                          "case %zu: %s talked to customers: %d", c, name, !want_comms);
        }
        json_decref(rec);
        rg_free(b.events);
        b.events = NULL;
        rg_build_free(&b);
        rg_diag_free(&d);
    }
}
END_TEST

static Suite *recognition_suite(void)
{
    Suite *s = suite_create("recognition");
    TCase *tc = tcase_create("recognition");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_outside_hours);
    tcase_add_test(tc, test_sample_recognition);
    tcase_add_test(tc, test_roles_from_chat_without_manifest);
    tcase_add_test(tc, test_aliases_accents_no_phantom);
    tcase_add_test(tc, test_role_phrasings);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(recognition_suite)
