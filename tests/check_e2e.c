/* check_e2e.c -- the sample incident end to end: review.json's milestones,
 * durations, communication figures and findings against the values computed
 * by hand in tests/e2e/inc-2041/EXPECTED.md, and hostile chat text staying
 * text in the Markdown and the HTML. */
#include <string.h>

#include "alloc.h"
#include "build.h"
#include "check_util.h"
#include "jsonutil.h"
#include "render_html.h"
#include "templates.h"

#define SAMPLE "samples/inc-2041-checkout"
#define EXPECTED "tests/e2e/inc-2041/expected.json"

static rg_build b;
static rg_diag d;
static json_t *model, *expected;

static void setup(void)
{
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    expected = rg_json_load(EXPECTED, 0, &d);
    ck_assert_msg(expected != NULL, "%s", d.error);
}

static void teardown(void)
{
    json_decref(model);
    json_decref(expected);
    rg_build_free(&b);
    rg_diag_free(&d);
}

START_TEST(test_milestones_match_hand_computation)
{
    const char *key;
    json_t *want;
    json_t *got_all = json_object_get(model, "milestones");
    json_object_foreach(json_object_get(expected, "milestones"), key, want)
    {
        json_t *got = json_object_get(got_all, key);
        if (json_is_null(want)) {
            ck_assert_msg(json_is_null(got), "%s should be null", key);
            continue;
        }
        ck_assert_msg(json_is_object(got), "%s missing", key);
        ck_assert_msg(
            strcmp(json_string_value(json_object_get(got, "at")), json_string_value(want)) == 0,
            "%s: got %s, want %s", key, json_string_value(json_object_get(got, "at")),
            json_string_value(want));
    }
    ck_assert_int_eq(json_object_size(json_object_get(expected, "milestones")), 8);
}
END_TEST

START_TEST(test_durations_match_hand_computation)
{
    const char *key;
    json_t *want;
    json_t *got_all = json_object_get(model, "durations");
    json_object_foreach(json_object_get(expected, "durations"), key, want)
    {
        json_t *got = json_object_get(got_all, key);
        ck_assert_msg(json_equal(got, want), "%s: got %lld, want %lld", key,
                      (long long)json_integer_value(got), (long long)json_integer_value(want));
    }
    ck_assert_int_eq(json_object_size(json_object_get(expected, "durations")), 8);
}
END_TEST

START_TEST(test_communication_and_findings)
{
    const char *key;
    json_t *want;
    json_t *comm = json_object_get(model, "communication");
    json_object_foreach(json_object_get(expected, "communication"), key, want)
    {
        ck_assert_msg(json_equal(json_object_get(comm, key), want), "communication.%s", key);
    }
    json_t *codes = json_array();
    json_t *f = json_object_get(model, "findings");
    for (size_t i = 0; i < json_array_size(f); i++)
        json_array_append(codes, json_object_get(json_array_get(f, i), "code"));
    ck_assert_msg(json_equal(codes, json_object_get(expected, "findings")), "findings differ");
    json_decref(codes);
}
END_TEST

/* README, "Impact periods"; EXPECTED.md, "Impact periods" and "Duplicates". */
START_TEST(test_impact_periods_and_duplicates)
{
    json_t *got = json_object_get(model, "impact_periods");
    json_t *want = json_object_get(expected, "impact_periods");
    ck_assert_uint_eq(json_array_size(got), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *g = json_array_get(got, i), *w = json_array_get(want, i);
        ck_assert_str_eq(json_string_value(json_object_get(g, "from")),
                         json_string_value(json_object_get(w, "from")));
        ck_assert_str_eq(json_string_value(json_object_get(g, "to")),
                         json_string_value(json_object_get(w, "to")));
        ck_assert_int_eq(json_integer_value(json_object_get(g, "seconds")),
                         json_integer_value(json_object_get(w, "seconds")));
    }
    ck_assert_int_eq(json_integer_value(json_object_get(model, "impact_total")),
                     json_integer_value(json_object_get(expected, "impact_total")));
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(model, "stats"), "duplicates")),
        json_integer_value(json_object_get(expected, "duplicates")));
}
END_TEST

START_TEST(test_sources_and_window)
{
    json_t *win = json_object_get(json_object_get(model, "incident"), "window");
    ck_assert_str_eq(json_string_value(json_object_get(win, "from")),
                     "2026-11-20T13:03:31.402857Z");
    ck_assert_str_eq(json_string_value(json_object_get(win, "to")), "2026-11-20T18:15:05.682453Z");
    ck_assert_uint_eq(b.n_status_incidents_skipped, 2);
    ck_assert_uint_eq(b.n_sources, 6);
    /* every source reached its importer by sniffing, except the syslog the
     * manifest names a format for */
    const char *formats[6] = {0};
    for (size_t i = 0; i < b.n_sources; i++)
        formats[i] = b.sources[i].importer->name;
    ck_assert_str_eq(formats[0], "pagerduty");
    ck_assert_str_eq(formats[1], "alertmanager");
    ck_assert_str_eq(formats[2], "statuspage");
    ck_assert_str_eq(formats[3], "jsonlines");
    ck_assert_str_eq(formats[4], "syslog");
    ck_assert_str_eq(formats[5], "slack");
    /* the burst's first error is a database line, placed by the -42 s offset */
    ck_assert_str_eq(
        json_string_value(json_object_get(
            json_object_get(json_object_get(model, "milestones"), "started"), "origin")),
        "db-primary.syslog:95");
}
END_TEST

START_TEST(test_hostile_chat_stays_text)
{
    size_t md_len, html_len;
    char *md = rg_render_markdown(model, NULL, &md_len, &d);
    ck_assert_msg(md != NULL, "%s", d.error);
    ck_assert_ptr_nonnull(strstr(md, "\\<script\\>alert(1)\\</script\\>"));
    ck_assert_ptr_nonnull(strstr(md, "\\[x\\](javascript:alert(1))"));
    size_t shell_len, style_len;
    char *shell = rg_template_load(NULL, "review.html.mustache", &shell_len, &d);
    char *style = rg_template_load(NULL, "style.css", &style_len, &d);
    char *html =
        rg_render_html(md, md_len, "INC-2041", shell, shell_len, style, style_len, &html_len, &d);
    ck_assert_msg(html != NULL, "%s", d.error);
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "javascript:alert(1)\""));
    ck_assert_ptr_null(strstr(html, "href=\"javascript"));
    ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_nonnull(strstr(html, "Content-Security-Policy"));
    /* sections in the order the README gives: the first page (what
     * happened, what we are changing; no model here, so no cards), thanks
     * before any analysis, the appendix last; the headings themselves, not
     * the contents' links to them */
    const char *order[] = {">What happened</h2>",
                           ">What we are changing</h2>",
                           "<nav class=\"toc\"",
                           ">Thank you</h2>",
                           ">Timeline</h2>",
                           ">Response metrics</h2>",
                           ">Customer communication</h2>",
                           ">What went well</h2>",
                           ">What went wrong</h2>",
                           ">Where we got lucky</h2>",
                           ">Contributing factors</h2>",
                           ">Appendix</h2>"};
    const char *at = html;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        const char *p = strstr(at, order[i]);
        ck_assert_msg(p != NULL, "section '%s' missing or out of order", order[i]);
        at = p;
    }
    rg_free(md);
    rg_free(shell);
    rg_free(style);
    rg_free(html);
}
END_TEST

/* EXPECTED.md, "Action items and chat suggestions": six items from the
 * manifest, four open; of the six chat lines that start with a marker, four
 * match an item (three by shared words, one by four shared words after a
 * line break) and two are suggestions, not open items. */
START_TEST(test_action_items_from_chat)
{
    json_t *items = json_object_get(model, "action_items");
    ck_assert_int_eq(json_array_size(items), 6);
    const json_t *counts = json_object_get(model, "action_counts");
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "open")), 4);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "done")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "suggested")), 2);
    /* item -> the chat line that is its source, or none */
    static const char *const source[6] = {
        "slack/inc-2041/2026-11-20.json:1131", "slack/inc-2041/2026-11-20.json:1571", NULL, NULL,
        "slack/inc-2041/2026-11-21.json:2",    "slack/inc-2041/2026-11-21.json:40"};
    static const char *const rule[6] = {"6 words in common", "3 words in common", NULL, NULL,
                                        "8 words in common", "3 words in common"};
    for (size_t i = 0; i < 6; i++) {
        const json_t *chat = json_object_get(json_array_get(items, i), "raised_in_chat");
        if (!source[i]) {
            ck_assert_msg(json_array_size(chat) == 0, "item %zu has a chat source", i);
            continue;
        }
        ck_assert_msg(json_array_size(chat) == 1, "item %zu", i);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(chat, 0), "origin")),
                         source[i]);
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(chat, 0), "rule")),
                         rule[i]);
    }
    const json_t *sugg = json_object_get(model, "suggestions");
    ck_assert_int_eq(json_array_size(sugg), 2);
    const json_t *s0 = json_array_get(sugg, 0), *s1 = json_array_get(sugg, 1);
    ck_assert_str_eq(json_string_value(json_object_get(s0, "origin")),
                     "slack/inc-2041/2026-11-20.json:1169");
    /* "I will do it within the hour": the speaker, 14:50:30 + 1 h */
    ck_assert_str_eq(json_string_value(json_object_get(s0, "owner")), "Katrin Vogel");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "due")), "2026-11-20");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "due_text")), "within the hour");
    ck_assert_str_eq(json_string_value(json_object_get(s1, "origin")),
                     "slack/inc-2041/2026-11-20.json:1207");
    ck_assert(json_is_null(json_object_get(s1, "owner")));
    /* "Owner @Katrin Vogel" on the line that matched DBA-342, whose owner the
     * manifest already gives: no suggestion shown */
    ck_assert(json_is_null(json_object_get(json_array_get(items, 1), "suggested_owner")));
}
END_TEST

static Suite *e2e_suite(void)
{
    Suite *s = suite_create("e2e");
    TCase *tc = tcase_create("inc-2041");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_milestones_match_hand_computation);
    tcase_add_test(tc, test_durations_match_hand_computation);
    tcase_add_test(tc, test_communication_and_findings);
    tcase_add_test(tc, test_sources_and_window);
    tcase_add_test(tc, test_impact_periods_and_duplicates);
    tcase_add_test(tc, test_hostile_chat_stays_text);
    tcase_add_test(tc, test_action_items_from_chat);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(e2e_suite)
