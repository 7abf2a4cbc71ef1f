/* cmd/list.c -- `reviewgen list`: the incidents in the store, filtered by
 * period, severity and service, as a table, CSV or JSON (listing.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "listing.h"
#include "store.h"

static const char list_help[] =
    "usage: reviewgen list [--from DATE] [--to DATE] [--severity S] [--service S]\n"
    "                      [--format table|csv|json] [--db FILE]\n"
    "\n"
    "Lists the incidents in the store: id, started (UTC), severity, services, title,\n"
    "time to acknowledge, time to mitigate and total duration, ordered by start\n"
    "time, then id.\n"
    "\n"
    "  --from DATE, --to DATE  only incidents that started in [from, to): from\n"
    "                          included, to excluded, UTC dates (YYYY-MM-DD); an\n"
    "                          incident without a start time counts by detected\n"
    "  --severity S            only this severity (ignoring case)\n"
    "  --service S             only incidents that affected this service\n"
    "  --format table          aligned columns for a terminal (the default); long\n"
    "                          titles are cut with '...'\n"
    "  --format csv            RFC 4180 with a header line; a text cell starting\n"
    "                          with = + - @ tab or CR gets a ' in front so a\n"
    "                          spreadsheet never runs it as a formula\n"
    "  --format json           an array of objects, durations in seconds\n"
    "  --db FILE               the store (else $REVIEWGEN_DB, else ./reviews.db)\n";

/* The count, and what the duration columns mean. */
static int table_end(rg_buf *out, const json_t *rows, const void *ctx)
{
    (void)ctx;
    size_t n = json_array_size(rows);
    return rg_buf_printf(out,
                         "\n%zu incident%s. Times are UTC. time to acknowledge = %s; time to "
                         "mitigate = %s; total duration = %s.\n",
                         n, n == 1 ? "" : "s", rg_duration_definition(RG_DUR_TIME_TO_ACKNOWLEDGE),
                         rg_duration_definition(RG_DUR_TIME_TO_MITIGATE),
                         rg_duration_definition(RG_DUR_TOTAL_DURATION));
}

enum { FROM = RG_KEY_OWN, TO, SEVERITY, SERVICE };

static const rg_opt opts[] = {{"from", FROM, 1, ""},
                              {"to", TO, 1, ""},
                              {"severity", SEVERITY, 1, ""},
                              {"service", SERVICE, 1, ""},
                              {"format", RG_KEY_FORMAT, 1, "table csv json"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_list(int argc, char **argv)
{
    rg_list_filter f = {NULL, NULL, NULL, NULL};
    rg_cli_listing l;
    rg_cli_listing_init(&l, "list");
    rg_opts p;
    rg_opts_init(&p, "list", list_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == FROM)
            f.from = p.arg;
        else if (k == TO)
            f.to = p.arg;
        else if (k == SEVERITY)
            f.severity = p.arg;
        else if (k == SERVICE)
            f.service = p.arg;
        else if (rg_cli_listing_option(&l, k, p.arg) != 0)
            return RG_EXIT_USAGE;
    }
    int code = rg_cli_operands(&p, 0, 0, "");
    if (code >= 0)
        return code;
    if (f.from && rg_date_check(f.from) != 0)
        return rg_cli_usage_error("list: --from '%s' is not a date (YYYY-MM-DD)", f.from);
    if (f.to && rg_date_check(f.to) != 0)
        return rg_cli_usage_error("list: --to '%s' is not a date (YYYY-MM-DD)", f.to);
    if (f.from && f.to && strcmp(f.from, f.to) >= 0)
        return rg_cli_usage_error("list: the period is empty: --to must come after --from "
                                  "(%s)",
                                  f.to);
    code = rg_cli_listing_open(&l);
    if (code != RG_EXIT_OK)
        return code;
    json_t *rows = rg_list_incidents(rg_store_db(l.store), l.db, &f, &l.diag);
    return rg_cli_listing_end(&l, rows, rg_incident_columns, rg_n_incident_columns, "incidents",
                              NULL, table_end, NULL);
}

const rg_command rg_cmd_list = {
    "list",
    "list [--from D --to D] [--severity S] [--service S]\n"
    "                                   the incidents in the store (--format table|csv|json)",
    list_help,
    cmd_list,
    opts,
    NULL};
