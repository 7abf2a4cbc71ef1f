/* check_anonymize.c -- names out everywhere, the same substitute each time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "anonymize.h"
#include "check_util.h"

START_TEST(test_text)
{
    rg_arena *a = rg_arena_new();
    const char *names[] = {"Linh Tran", "Linh", "Katrin Vogel", "Katrin"};
    const char *subs[] = {"Incident commander", "Incident commander", "Responder A", "Responder A"};
    ck_assert_str_eq(
        rg_anonymize_text(a, "Linh is IC; ask @Katrin Vogel (katrin's pager)", names, subs, 4),
        "Incident commander is IC; ask @Responder A (katrin's pager)");
    /* full names ignore case; a single word must be written as the name is */
    ck_assert_str_eq(rg_anonymize_text(a, "LINH TRAN and linh", names, subs, 4),
                     "Incident commander and linh");
    /* whole words only: not inside another word, a zone or an identifier */
    ck_assert_str_eq(rg_anonymize_text(a, "Linhas Asia/Ho_Chi_Linh Katrin2", names, subs, 4),
                     "Linhas Asia/Ho_Chi_Linh Katrin2");
    /* nothing to replace: the same pointer back, no copy */
    const char *same = "no names here";
    ck_assert_ptr_eq(rg_anonymize_text(a, same, names, subs, 4), same);
    rg_arena_free(a);
}
END_TEST

START_TEST(test_sample_has_no_names)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {"samples/inc-2041-checkout", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_int_eq(rg_anonymize(&b, &d), 0);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    char *text = json_dumps(model, 0);
    const char *people[] = {"Linh",      "Tran",    "Minh",   "Nguy",   "Siti",
                            "Rahmawati", "Chinedu", "Okafor", "Katrin", "Vogel"};
    /* the zone Asia/Ho_Chi_Minh is not a person */
    for (char *z; (z = strstr(text, "Ho_Chi_Minh")) != NULL;)
        memcpy(z, "Ho_Chi_Xxxx", 11);
    for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
        ck_assert_msg(strstr(text, people[i]) == NULL, "'%s' is still in the model", people[i]);
    /* a unique role stands for the person, consistently */
    const json_t *r = json_object_get(model, "responders");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(r, 0), "name")),
                     "Operations lead (primary on-call)");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(r, 3), "name")),
                     "Incident commander");
    ck_assert_ptr_nonnull(strstr(text, "Declaring SEV2 for checkout failures. Incident commander "
                                       "is incident commander"));
    free(text);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* INC-2118 without its manifest: Opsgenie and Nagios name Dana by her
 * address, Mattermost by her name and gives the address on its user line.
 * The address gets the name's substitute (one person, one letter), and no
 * attribute keeps a name or an address (Nagios's "author", the chat's
 * "email"). */
START_TEST(test_addresses_and_attributes)
{
    char dir[96], cmd[512];
    snprintf(dir, sizeof(dir), "build/test-scratch/anon-mail-%ld", (long)getpid());
    snprintf(cmd, sizeof(cmd),
             "mkdir -p build/test-scratch && rm -rf '%s' && mkdir '%s' && "
             "cp samples/inc-2118-search/* '%s' && rm '%s/incident.json'",
             dir, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {dir, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_int_eq(rg_anonymize(&b, &d), 0);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    char *text = json_dumps(model, 0);
    const char *people[] = {"Dana",   "Whitfield", "whitfield", "Omar",     "Haddad",
                            "haddad", "Hana",      "Sato",      "hana.sato"};
    for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
        ck_assert_msg(strstr(text, people[i]) == NULL, "'%s' is still in the model", people[i]);
    const json_t *r = json_object_get(model, "responders");
    ck_assert_uint_eq(json_array_size(r), 3);
    static const char *const subs[] = {"Responder A", "Responder B", "Responder C"};
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(r, i), "name")), subs[i]);
    free(text);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_letters_without_roles)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {RG_FIXTURES "/build/good", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_int_eq(rg_anonymize(&b, &d), 0);
    /* the pager's only person has no role in the manifest: Responder A */
    int seen = 0;
    for (size_t i = 0; i < b.timeline.n_events; i++) {
        const rg_event *ev = b.timeline.events[i];
        if (ev->human) {
            ck_assert_str_eq(ev->actor, "Responder A");
            seen++;
        }
        ck_assert_ptr_null(strstr(ev->text, "Amara"));
    }
    ck_assert_int_eq(seen, 2);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* Aliases, accents and a misspelt manifest name: every spelling of a person
 * gets the same substitute, and no name survives anywhere, warnings included. */
START_TEST(test_aliases_and_warnings)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {RG_FIXTURES "/recognition/with-manifest", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_int_eq(rg_anonymize(&b, &d), 0);
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    char *text = json_dumps(model, 0);
    const char *people[] = {"Omar", "Haddad", "Hana",   "Kobay", "\u0110\u1eb7ng",
                            "Dang", "Ines",   "Duarte", "Grace", "Peter"};
    for (size_t i = 0; i < sizeof(people) / sizeof(people[0]); i++)
        ck_assert_msg(strstr(text, people[i]) == NULL, "'%s' is still in the model", people[i]);
    /* "Omar H." (manifest) and "Omar Haddad" (the export, an alias) are one */
    const json_t *r = json_object_get(model, "responders");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(r, 3), "name")),
                     "Partner manager");
    for (size_t i = 0; i < b.timeline.n_events; i++)
        if (strcmp(b.timeline.events[i]->text, "sure, I can") == 0)
            ck_assert_str_eq(b.timeline.events[i]->actor, "Partner manager");
    free(text);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

static Suite *anonymize_suite(void)
{
    Suite *s = suite_create("anonymize");
    TCase *tc = tcase_create("anonymize");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_text);
    tcase_add_test(tc, test_sample_has_no_names);
    tcase_add_test(tc, test_letters_without_roles);
    tcase_add_test(tc, test_aliases_and_warnings);
    tcase_add_test(tc, test_addresses_and_attributes);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(anonymize_suite)
