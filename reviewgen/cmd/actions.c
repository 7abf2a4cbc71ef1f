/* cmd/actions.c -- `reviewgen actions`: the action items of every incident in
 * the store with their due dates, open or overdue ones only when asked, as a
 * table, CSV or JSON (listing.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "listing.h"
#include "store.h"

static const char actions_help[] =
    "usage: reviewgen actions [--open | --overdue] [--owner NAME] [--as-of DATE]\n"
    "                         [--format table|csv|json] [--db FILE]\n"
    "\n"
    "Lists the action items of every incident in the store: incident, title, owner,\n"
    "due date, where the date comes from, status, priority, ticket and whether it is\n"
    "overdue, the earliest due first.\n"
    "\n"
    "An item is due on its own \"due\" date; without one, 4 weeks after the incident\n"
    "started for a P1 item and 8 weeks for any other (the start is the started\n"
    "milestone, else detected). An item is open unless its status is \"done\" or\n"
    "\"closed\", and overdue when it is open and its due date is before the as-of day.\n"
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
    "  --db FILE           the store (else $REVIEWGEN_DB, else ./reviews.db)\n";

/* The count, how many are overdue, and where due dates come from. */
static int table_end(rg_buf *out, const json_t *rows, const void *ctx)
{
    const rg_actions_filter *f = ctx;
    size_t n = json_array_size(rows), overdue = 0;
    for (size_t i = 0; i < n; i++)
        overdue += json_is_true(json_object_get(json_array_get(rows, i), "overdue"));
    return rg_buf_printf(out,
                         "\n%zu action item%s, %zu overdue as of %s (UTC). Due: the item's own "
                         "date, else the incident's start + 4 weeks for P1 and + 8 weeks for "
                         "others.\n",
                         n, n == 1 ? "" : "s", overdue, f->as_of);
}

enum { OPEN = RG_KEY_OWN, OVERDUE, OWNER, AS_OF };

static const rg_opt opts[] = {{"open", OPEN, 0, NULL},
                              {"overdue", OVERDUE, 0, NULL},
                              {"owner", OWNER, 1, ""},
                              {"as-of", AS_OF, 1, ""},
                              {"format", RG_KEY_FORMAT, 1, "table csv json"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_actions(int argc, char **argv)
{
    rg_actions_filter f = {RG_ACTIONS_ALL, NULL, NULL};
    rg_cli_listing l;
    rg_cli_listing_init(&l, "actions");
    char today[11];
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
    json_t *rows = rg_list_actions(rg_store_db(l.store), l.db, &f, &l.diag);
    /* as_of is a checked date: the note fits */
    char note[64];
    snprintf(note, sizeof(note), "none overdue as of %s", f.as_of);
    return rg_cli_listing_end(&l, rows, rg_action_columns, rg_n_action_columns, "action items",
                              f.which == RG_ACTIONS_OVERDUE ? note : NULL, table_end, &f);
}

const rg_command rg_cmd_actions = {
    "actions",
    "actions [--open | --overdue] [--owner NAME]\n"
    "                                   action items across incidents, with due dates",
    actions_help,
    cmd_actions,
    opts,
    NULL};
