/* cmd_list.c -- `reviewgen list`: the incidents in the store, filtered by
 * period, severity and service, as a table, CSV or JSON (listing.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
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

/* Writes the rendered listing; a full disk or a closed pipe is an error. */
static int write_out(const rg_buf *out)
{
    if ((out->len && fwrite(out->data, 1, out->len, stdout) != out->len) || fflush(stdout) != 0) {
        fprintf(stderr, "reviewgen: cannot write the listing: %s\n", strerror(errno));
        return RG_EXIT_OUTPUT;
    }
    return RG_EXIT_OK;
}

static int cmd_list(int argc, char **argv)
{
    rg_list_filter f = {NULL, NULL, NULL, NULL};
    const char *db = getenv("REVIEWGEN_DB");
    rg_list_format fmt = RG_FORMAT_TABLE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (rg_cli_is_help(a)) {
            fputs(list_help, stdout);
            return RG_EXIT_OK;
        } else if (!strcmp(a, "--from") && v) {
            f.from = argv[++i];
        } else if (!strcmp(a, "--to") && v) {
            f.to = argv[++i];
        } else if (!strcmp(a, "--severity") && v) {
            f.severity = argv[++i];
        } else if (!strcmp(a, "--service") && v) {
            f.service = argv[++i];
        } else if (!strcmp(a, "--db") && v) {
            db = argv[++i];
        } else if (!strcmp(a, "--format") && v) {
            if (rg_list_format_parse(argv[++i], &fmt) != 0)
                return rg_cli_usage_error("list: unknown format '%s' (table, csv or json)",
                                          argv[i]);
        } else if (a[0] == '-' && a[1]) {
            return rg_cli_usage_error("list: unknown or incomplete option '%s'", a);
        } else {
            return rg_cli_usage_error("list: unexpected argument '%s'", a);
        }
    }
    if (f.from && rg_date_check(f.from) != 0)
        return rg_cli_usage_error("list: --from '%s' is not a date (YYYY-MM-DD)", f.from);
    if (f.to && rg_date_check(f.to) != 0)
        return rg_cli_usage_error("list: --to '%s' is not a date (YYYY-MM-DD)", f.to);
    if (f.from && f.to && strcmp(f.from, f.to) >= 0)
        return rg_cli_usage_error("list: the period is empty: --to must come after --from "
                                  "(%s)",
                                  f.to);
    if (!db || !*db)
        db = "reviews.db";
    /* a listing never creates a store: a mistyped --db must not leave an
     * empty one behind */
    if (access(db, F_OK) != 0) {
        fprintf(stderr,
                "reviewgen: %s: no store here (build an incident first, or give --db "
                "FILE)\n",
                db);
        return RG_EXIT_INPUT;
    }
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = rg_store_open(db, &diag);
    json_t *rows = st ? rg_list_incidents(rg_store_db(st), db, &f, &diag) : NULL;
    rg_buf out = {0};
    int code = RG_EXIT_OK;
    if (!rows) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_INPUT;
        goto done;
    }
    size_t n = json_array_size(rows);
    if (fmt == RG_FORMAT_TABLE && n == 0) {
        printf("no incidents in %s match\n", db);
        goto done;
    }
    if (rg_list_render(rows, rg_incident_columns, rg_n_incident_columns, fmt, &out) != 0 ||
        (fmt == RG_FORMAT_TABLE &&
         rg_buf_printf(&out,
                       "\n%zu incident%s. Times are UTC. time to acknowledge = %s; time to "
                       "mitigate = %s; total duration = %s.\n",
                       n, n == 1 ? "" : "s", rg_duration_definition(RG_DUR_TIME_TO_ACKNOWLEDGE),
                       rg_duration_definition(RG_DUR_TIME_TO_MITIGATE),
                       rg_duration_definition(RG_DUR_TOTAL_DURATION)) != 0)) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    code = write_out(&out);
done:
    rg_buf_free(&out);
    json_decref(rows);
    rg_store_close(st);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_list = {
    "list",
    "list [--from D --to D] [--severity S] [--service S]\n"
    "                                   the incidents in the store (--format table|csv|json)",
    list_help, cmd_list};
