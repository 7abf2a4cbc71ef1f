/* check_actions.c -- action items: chat lines matched to the lead's items by
 * ticket or shared words, or kept apart as suggestions; owners and due dates
 * stated in the chat; the counting rule; the Jira CSV and GitHub exports. */
#include <string.h>

#include "actions.h"
#include "alloc.h"
#include "check_util.h"
#include "tracker.h"

static rg_arena *A;
static rg_manifest M;
static rg_timeline TL;
static rg_event *EV[16];

static int64_t at(const char *rfc3339)
{
    int64_t us;
    int flags;
    rg_time_ctx ctx = {NULL, INT64_MIN};
    ck_assert_int_eq(rg_time_parse(rfc3339, strlen(rfc3339), &ctx, &us, &flags), 0);
    return us;
}

static void setup(void)
{
    A = rg_arena_new();
    ck_assert_int_eq(rg_manifest_defaults(&M, A, "hand"), 0);
    memset(&TL, 0, sizeof(TL));
    TL.events = EV;
}

static void teardown(void)
{
    rg_manifest_free(&M);
    rg_arena_free(A);
}

static void say(const char *when, const char *actor, const char *text)
{
    rg_event *ev = rg_event_new(A);
    ev->at_us = at(when);
    ev->kind = RG_KIND_CHAT;
    ev->type = "chat.message";
    ev->actor = actor;
    ev->human = 1;
    ev->text = text;
    ev->origin = rg_arena_printf(A, "chat.json:%zu", TL.n_events + 1);
    EV[TL.n_events++] = ev;
}

static const rg_action_item items[] = {
    {"Point checkout-api at the Patroni-managed endpoint instead of the static db-primary name",
     "Chinedu Okafor", "2026-12-04", "P1", "prevent", "PAY-1187", "open", "incident.json:30",
     "manifest"},
    {"Alert when standby lag exceeds maximum_lag_on_failover", NULL, NULL, "P1", "detect",
     "DBA-342", "open", "incident.json:31", "manifest"},
    {"Write the failover runbook", NULL, NULL, "P2", NULL, NULL, "done", "incident.json:32",
     "manifest"},
};

START_TEST(test_words)
{
    /* "the", "and", "on", "with" are too common; one letter is no word */
    ck_assert_uint_eq(rg_action_shared_words("Alert on replication lag above "
                                             "maximum_lag_on_failover",
                                             "Alert when standby lag exceeds "
                                             "maximum_lag_on_failover"),
                      3);
    ck_assert(rg_action_words_match("alert on lag", "Alert when standby lag exceeds the limit"));
    ck_assert(!rg_action_words_match("chronyd is not running", "Alert when the disk is full"));
    /* accents and case are folded, as for names */
    ck_assert_uint_eq(rg_action_shared_words("Réindex the CAFÉ table", "reindex cafe"), 2);
    ck_assert(rg_action_is_done("done") && rg_action_is_done("Closed"));
    ck_assert(!rg_action_is_done("open") && !rg_action_is_done(NULL) &&
              !rg_action_is_done("in progress"));
}
END_TEST

START_TEST(test_chat_items)
{
    say("2026-11-20T14:49:00Z", "Linh Tran",
        "Action item: make checkout-api use the Patroni-managed endpoint instead of the static "
        "db-primary CNAME");
    say("2026-11-20T14:50:30Z", "Katrin Vogel",
        "TODO: rejoin db-primary-1 as a replica; I will do it within the hour.");
    say("2026-11-20T16:05:00Z", "Linh Tran",
        "AI: alert on standby lag above the limit. Owner @Katrin Vogel.");
    say("2026-11-20T16:06:00Z", "Linh Tran", "follow-up: DBA-342 needs a runbook link too");
    say("2026-11-20T16:07:00Z", "Siti Rahmawati",
        "Review at 10:00\nfollow-up: ask the owner of the vendor contract, within 2 days");
    say("2026-11-20T16:08:00Z", "Siti Rahmawati",
        "TODO send the customer letter tomorrow, owner: Siti Rahmawati");
    say("2026-11-20T16:09:00Z", "Linh Tran", "TODO write the postmortem by 2026-12-01");
    rg_chat_item *c;
    size_t n;
    ck_assert_int_eq(rg_chat_items(&TL, &M, items, 3, A, &c, &n), 0);
    ck_assert_uint_eq(n, 7);
    /* shared words: checkout-api, patroni-managed, endpoint, static, db-primary */
    ck_assert_int_eq(c[0].match, 0);
    ck_assert_str_eq(c[0].match_rule, "5 words in common");
    ck_assert_ptr_null(c[0].owner);
    /* a suggestion: the speaker will do it, within the hour of 14:50:30 */
    ck_assert_int_eq(c[1].match, -1);
    ck_assert_str_eq(c[1].title, "rejoin db-primary-1 as a replica; I will do it within the hour.");
    ck_assert_str_eq(c[1].owner, "Katrin Vogel");
    ck_assert_str_eq(c[1].due, "2026-11-20");
    ck_assert_str_eq(c[1].due_text, "within the hour");
    /* alert, standby, lag: three words (the owner's name is not counted) */
    ck_assert_int_eq(c[2].match, 1);
    ck_assert_str_eq(c[2].owner, "Katrin Vogel");
    /* the ticket key wins */
    ck_assert_int_eq(c[3].match, 1);
    ck_assert_str_eq(c[3].match_rule, "ticket DBA-342");
    /* the second line of a message; "the owner of" names nobody */
    ck_assert_int_eq(c[4].match, -1);
    ck_assert_str_eq(c[4].origin, "chat.json:5");
    ck_assert_ptr_null(c[4].owner);
    ck_assert_str_eq(c[4].due, "2026-11-22");
    ck_assert_str_eq(c[4].due_text, "within 2 days");
    /* "tomorrow" in the manifest's zone (UTC here) */
    ck_assert_str_eq(c[5].owner, "Siti Rahmawati");
    ck_assert_str_eq(c[5].due, "2026-11-21");
    ck_assert_str_eq(c[6].due, "2026-12-01");
    ck_assert_ptr_null(c[6].owner);
}
END_TEST

static json_t *rows(void)
{
    json_error_t err;
    json_t *r = json_loads(
        "[{\"incident\": \"INC-2041\", \"incident_title\": \"Checkout failures, again\","
        "  \"title\": \"=HYPERLINK(\\\"x\\\") alert on lag\", \"owner\": \"Katrin Vogel\","
        "  \"due\": \"2026-12-11\", \"due_rule\": \"given\", \"status\": \"open\","
        "  \"priority\": \"P1\", \"ticket\": null, \"overdue\": false, \"kind\": \"detect\","
        "  \"raised_by\": \"Linh Tran\", \"raised_in\": \"slack/inc-2041/2026-11-20.json:1571\"},"
        " {\"incident\": \"INC 7\", \"incident_title\": null, \"title\": \"Write the runbook\","
        "  \"owner\": null, \"due\": \"2027-01-15\", \"due_rule\": \"started + 8 weeks\","
        "  \"status\": \"open\", \"priority\": \"urgent\", \"ticket\": null, \"overdue\": false,"
        "  \"kind\": null, \"raised_by\": null, \"raised_in\": null},"
        " {\"incident\": \"INC-2041\", \"title\": \"Has a ticket\", \"ticket\": \"PAY-1\"}]",
        0, &err);
    ck_assert_msg(r != NULL, "%s", err.text);
    return r;
}

START_TEST(test_jira_csv)
{
    json_t *r = rows();
    rg_buf b = {0};
    size_t skipped;
    ck_assert_int_eq(rg_tracker_render(r, RG_TRACKER_JIRA_CSV, "https://wiki.example/r/{id}.html",
                                       0, &b, &skipped),
                     0);
    ck_assert_uint_eq(skipped, 1);
    ck_assert_str_eq(
        b.data,
        "Summary,Assignee,Due date,Priority,Labels,Labels,Labels,Description\r\n"
        "\"'=HYPERLINK(\"\"x\"\") alert on lag\",Katrin Vogel,2026-12-11,Highest,post-incident,"
        "INC-2041,detect,\"Action item from the post-incident review of INC-2041 (Checkout "
        "failures, again): https://wiki.example/r/INC-2041.html\nRaised in the chat by Linh Tran "
        "(slack/inc-2041/2026-11-20.json:1571)\"\r\n"
        "Write the runbook,,,urgent,post-incident,INC-7,,\"Action item from the post-incident "
        "review of INC 7: https://wiki.example/r/INC%207.html\nDue: 2027-01-15 (started + 8 "
        "weeks)\"\r\n");
    rg_buf_free(&b);
    ck_assert_int_eq(rg_tracker_render(r, RG_TRACKER_JIRA_CSV, NULL, 1, &b, &skipped), 0);
    ck_assert_uint_eq(skipped, 0);
    ck_assert_ptr_nonnull(strstr(b.data, "Has a ticket"));
    ck_assert_ptr_nonnull(strstr(b.data, "reviews/INC-2041/review.html"));
    rg_buf_free(&b);
    json_decref(r);
}
END_TEST

START_TEST(test_github)
{
    json_t *r = rows();
    rg_buf b = {0};
    size_t skipped;
    ck_assert_int_eq(rg_tracker_render(r, RG_TRACKER_GITHUB, NULL, 0, &b, &skipped), 0);
    ck_assert_str_eq(
        b.data,
        "{\"title\":\"=HYPERLINK(\\\"x\\\") alert on lag\",\"body\":\"Action item from the "
        "post-incident review of INC-2041 (Checkout failures, again): "
        "reviews/INC-2041/review.html\\n\\nOwner: Katrin Vogel\\n\\nDue: 2026-12-11 "
        "(given)\\n\\nPriority: P1\\n\\nRaised in the chat by Linh Tran "
        "(slack/inc-2041/2026-11-20.json:1571)\",\"labels\":[\"post-incident\",\"INC-2041\","
        "\"P1\",\"detect\"]}\n"
        "{\"title\":\"Write the runbook\",\"body\":\"Action item from the post-incident review "
        "of INC 7: reviews/INC%207/review.html\\n\\nDue: 2027-01-15 (started + 8 "
        "weeks)\\n\\nPriority: urgent\",\"labels\":[\"post-incident\",\"INC-7\",\"urgent\"]}\n");
    /* every line is one JSON object the API takes */
    for (const char *p = b.data; *p;) {
        const char *nl = strchr(p, '\n');
        json_error_t err;
        json_t *o = json_loadb(p, (size_t)(nl - p), 0, &err);
        ck_assert_msg(o && json_is_string(json_object_get(o, "title")) &&
                          json_is_array(json_object_get(o, "labels")),
                      "%s", err.text);
        json_decref(o);
        p = nl + 1;
    }
    rg_buf_free(&b);
    json_decref(r);
    rg_tracker_format f;
    ck_assert_int_eq(rg_tracker_format_parse("github", &f), 0);
    ck_assert_int_eq(f, RG_TRACKER_GITHUB);
    ck_assert_int_eq(rg_tracker_format_parse("jira", &f), -1);
}
END_TEST

static Suite *actions_suite(void)
{
    Suite *s = suite_create("actions");
    TCase *tc = tcase_create("actions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_words);
    tcase_add_test(tc, test_chat_items);
    tcase_add_test(tc, test_jira_csv);
    tcase_add_test(tc, test_github);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(actions_suite)
