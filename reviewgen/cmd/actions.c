/* cmd/actions.c -- `reviewgen actions`: the action items of every incident in
 * the store with their due dates, open or overdue ones only when asked, as a
 * table, CSV or JSON (listing.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "listing.h"
#include "store.h"
#include "tracker.h"

static const char actions_help[] =
    "usage: reviewgen actions [--open | --overdue] [--owner NAME] [--as-of DATE] [--suggested]\n"
    "                         [--format table|csv|json|jira-csv|github] [--review-url URL]\n"
    "                         [--with-tickets] [--db STORE] [--busy-timeout S]\n"
    "\n"
    "Lists the action items of every incident in the store: incident, title, owner,\n"
    "due date, where the date comes from, status, priority, ticket and whether it is\n"
    "overdue, the earliest due first.\n"
    "\n"
    "An item is due on its own \"due\" date; without one, 4 weeks after the incident\n"
    "started for a P1 item and 8 weeks for any other (the start is the started\n"
    "milestone, else detected). An item is open unless its status is \"done\" or\n"
    "\"closed\", and overdue when it is open and its due date is before the as-of day.\n"
    "A chat line that raised a follow-up matching none of an incident's items is a\n"
    "suggestion, not an item: --suggested lists those instead. `trend` counts the\n"
    "same items by the same rule.\n"
    "\n"
    "  --open              only open items\n"
    "  --overdue           only overdue items\n"
    "  --owner NAME        only this owner's items (ignoring case)\n"
    "  --as-of DATE        judge \"overdue\" on this UTC date (YYYY-MM-DD); the default\n"
    "                      is today's date in UTC from the clock: this is a live\n"
    "                      listing, unlike the reports, which use their period's end\n"
    "  --format table      aligned columns for a terminal (the default)\n"
    "  --format csv        RFC 4180 with a header line; a text cell starting with\n"
    "                      = + - @ tab or CR gets a ' in front (never a formula)\n"
    "  --format json       an array of objects\n"
    "  --format jira-csv   a CSV file for Jira's importer: Summary, Assignee, Due date\n"
    "                      (set its date format to yyyy-MM-dd), Priority (P1..P5 as\n"
    "                      Highest..Lowest), Labels (three columns), Description with\n"
    "                      the link to the review\n"
    "  --format github     JSON lines, one issue each, for GitHub's API:\n"
    "                        ... | while IFS= read -r issue; do printf '%s' \"$issue\" |\n"
    "                        gh api repos/OWNER/REPO/issues --input -; done\n"
    "  --review-url URL    the review's address in those two formats, {id} standing\n"
    "                      for the incident id (default reviews/{id}/review.html)\n"
    "  --with-tickets      also export items that already have a ticket\n"
    "  --suggested         the chat's suggestions instead of the items\n"
    "  --db STORE          the store: a SQLite file, or a PostgreSQL connection string\n"
    "                      (postgresql://... or service=...); else $REVIEWGEN_DB,\n"
    "                      else ./reviews.db\n"
    "  --busy-timeout S    wait up to S seconds for another writer (default 30, or\n"
    "                      $REVIEWGEN_BUSY_TIMEOUT)\n";

/* The count, how many are overdue, and where due dates come from. */
static int table_end(rg_buf *out, const json_t *rows, const void *ctx)
{
    const rg_actions_filter *f = ctx;
    size_t n = json_array_size(rows), overdue = 0;
    if (f->suggestions)
        return rg_buf_printf(out,
                             "\n%zu chat suggestion%s: lines of the chat that match no action "
                             "item; not action items until adopted in incident.json or the "
                             "edited review.\n",
                             n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++)
        overdue += json_is_true(json_object_get(json_array_get(rows, i), "overdue"));
    return rg_buf_printf(out,
                         "\n%zu action item%s, %zu overdue as of %s (UTC). Due: the item's own "
                         "date, else the incident's start + 4 weeks for P1 and + 8 weeks for "
                         "others.\n",
                         n, n == 1 ? "" : "s", overdue, f->as_of);
}

/* The items as issues for a tracker (README, "Exporting action items to a
 * tracker"); then frees what the listing holds, as rg_cli_listing_end does. */
static int tracker_out(rg_cli_listing *l, json_t *rows, rg_tracker_format tf, const char *url,
                       int with_tickets)
{
    int code = RG_EXIT_OK;
    rg_buf out = {0};
    size_t skipped = 0;
    if (!rows) {
        fprintf(stderr, "%s\n", l->diag.error);
        code = RG_EXIT_INPUT;
    } else if (rg_tracker_render(rows, tf, url, with_tickets, &out, &skipped) != 0) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
    } else if ((out.len && fwrite(out.data, 1, out.len, stdout) != out.len) ||
               fflush(stdout) != 0) {
        fprintf(stderr, "reviewgen: cannot write the issues: %s\n", strerror(errno));
        code = RG_EXIT_OUTPUT;
    } else if (skipped) {
        fprintf(stderr,
                "reviewgen: %zu item%s with a ticket left out: %s in a tracker already "
                "(--with-tickets exports them too)\n",
                skipped, skipped == 1 ? "" : "s", skipped == 1 ? "it is" : "they are");
    }
    rg_buf_free(&out);
    json_decref(rows);
    rg_store_close(l->store);
    l->store = NULL;
    rg_diag_free(&l->diag);
    return code;
}

enum { OPEN = RG_KEY_OWN, OVERDUE, OWNER, AS_OF, SUGGESTED, REVIEW_URL, WITH_TICKETS };

static const rg_opt opts[] = {{"open", OPEN, 0, NULL},
                              {"overdue", OVERDUE, 0, NULL},
                              {"owner", OWNER, 1, ""},
                              {"as-of", AS_OF, 1, ""},
                              {"format", RG_KEY_FORMAT, 1, "table csv json jira-csv github"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"suggested", SUGGESTED, 0, NULL},
                              {"review-url", REVIEW_URL, 1, ""},
                              {"with-tickets", WITH_TICKETS, 0, NULL},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {NULL, 0, 0, NULL}};

static int cmd_actions(int argc, char **argv)
{
    rg_actions_filter f = {RG_ACTIONS_ALL, NULL, NULL, 0};
    rg_cli_listing l;
    rg_cli_listing_init(&l, "actions");
    char today[11];
    int tracker = 0, with_tickets = 0;
    rg_tracker_format tf = RG_TRACKER_JIRA_CSV;
    const char *review_url = NULL;
    rg_opts p;
    rg_opts_init(&p, "actions", actions_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT) {
            return p.exit;
        } else if (k == OPEN || k == OVERDUE) {
            rg_actions_which w = k == OPEN ? RG_ACTIONS_OPEN : RG_ACTIONS_OVERDUE;
            if (f.which != RG_ACTIONS_ALL && f.which != w)
                return rg_cli_usage_error("actions: %s", "give --open or --overdue, not both");
            f.which = w;
        } else if (k == OWNER) {
            f.owner = p.arg;
        } else if (k == AS_OF) {
            f.as_of = p.arg;
        } else if (k == SUGGESTED) {
            f.suggestions = 1;
        } else if (k == REVIEW_URL) {
            review_url = p.arg;
        } else if (k == WITH_TICKETS) {
            with_tickets = 1;
        } else if (k == RG_KEY_FORMAT && rg_tracker_format_parse(p.arg, &tf) == 0) {
            tracker = 1;
        } else if (k == RG_KEY_FORMAT) {
            tracker = 0;
            if (rg_cli_listing_option(&l, k, p.arg) != 0)
                return RG_EXIT_USAGE;
        } else if (rg_cli_listing_option(&l, k, p.arg) != 0) {
            return RG_EXIT_USAGE;
        }
    }
    int code = rg_cli_operands(&p, 0, 0, "");
    if (code >= 0)
        return code;
    if (f.as_of && rg_date_check(f.as_of) != 0)
        return rg_cli_usage_error("actions: --as-of '%s' is not a date (YYYY-MM-DD)", f.as_of);
    if (!f.as_of)
        f.as_of = rg_date_today(today);
    code = rg_cli_listing_open(&l);
    if (code != RG_EXIT_OK)
        return code;
    json_t *rows = rg_list_actions(l.store, &f, &l.diag);
    if (tracker)
        return tracker_out(&l, rows, tf, review_url, with_tickets);
    /* as_of is a checked date: the note fits */
    char note[64];
    snprintf(note, sizeof(note), "none overdue as of %s", f.as_of);
    return rg_cli_listing_end(&l, rows, rg_action_columns, rg_n_action_columns,
                              f.suggestions ? "chat suggestions" : "action items",
                              f.which == RG_ACTIONS_OVERDUE ? note : NULL, table_end, &f);
}

const rg_command rg_cmd_actions = {
    "actions",
    "actions [--open | --overdue] [--owner NAME] [--format jira-csv|github]\n"
    "                                   action items across incidents, with due dates,\n"
    "                                   or as issues for Jira or GitHub",
    actions_help,
    cmd_actions,
    opts,
    NULL};
