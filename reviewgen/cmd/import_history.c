/* cmd/import_history.c -- `reviewgen import-history FILE.csv`: past
 * incidents from a PagerDuty incidents CSV export into the store, so trend
 * reports reach back before reviewgen was used (history.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "history.h"
#include "store.h"

static const char import_history_help[] =
    "usage: reviewgen import-history FILE.csv [--timezone ZONE] [--db STORE]\n"
    "\n"
    "Reads PagerDuty's incidents CSV export (Analytics or the incidents report:\n"
    "\"Download CSV\") and records each row as a past incident in the store, with the\n"
    "id PD-<incident_number>. The export is the pager's record, so only what it\n"
    "holds is known: detected = created_on (and started = detected, as no earlier\n"
    "signal is known), acknowledged = created_on + seconds_to_first_ack, recovered =\n"
    "resolved_on; the other milestones stay unknown. Severity is the priority when\n"
    "the export has one, else the urgency (\"high\", \"low\").\n"
    "\n"
    "The whole file is checked first: a malformed file imports nothing and the\n"
    "error names its line and column. Importing the same file again changes nothing.\n"
    "An incident the store holds from a build (a review with its evidence) is kept.\n"
    "\n"
    "  --timezone ZONE  read times written without a UTC offset in this IANA zone\n"
    "                   (without it, such a time is an error: never silently UTC)\n"
    "  --db STORE       the store: a SQLite file, or a PostgreSQL connection string\n"
    "                   (postgresql://... or service=...); else $REVIEWGEN_DB, else\n"
    "                   ./reviews.db\n"
    "  --busy-timeout S wait up to S seconds for another writer (default 30, or\n"
    "                   $REVIEWGEN_BUSY_TIMEOUT)\n";

enum { TIMEZONE = RG_KEY_OWN };

static const rg_opt opts[] = {{"db", RG_KEY_DB, 1, NULL},
                              {"timezone", TIMEZONE, 1, ""},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {NULL, 0, 0, NULL}};

static int cmd_import_history(int argc, char **argv)
{
    const char *db = NULL, *zone_name = NULL, *busy = NULL;
    rg_opts p;
    rg_opts_init(&p, "import-history", import_history_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == RG_KEY_DB)
            db = p.arg;
        else if (k == TIMEZONE)
            zone_name = p.arg;
        else if (k == RG_KEY_BUSY_TIMEOUT)
            busy = p.arg;
    }
    int stop = rg_cli_operands(&p, 1, 1, "the CSV file (reviewgen import-history FILE.csv)");
    if (stop >= 0)
        return stop;
    const char *file = rg_opts_operand(&p, 0);
    db = rg_cli_db(db);
    if ((stop = rg_cli_busy_timeout("import-history", busy)) >= 0)
        return stop;
    rg_tz *zone = NULL;
    if (zone_name) {
        char err[256];
        zone = rg_tz_load(zone_name, err, sizeof(err));
        if (!zone)
            return rg_cli_usage_error("import-history: %s", err);
    }
    rg_diag diag;
    rg_diag_init(&diag);
    rg_history_result res;
    memset(&res, 0, sizeof(res));
    int code = RG_EXIT_OK;
    rg_store *st = rg_store_open(db, &diag);
    if (!st) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    if (rg_history_import(file, st, zone, &res, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        if (res.imported)
            /* a store failure part way: the file itself was good */
            fprintf(stderr,
                    "reviewgen: %zu of the file's incidents were recorded before the failure; "
                    "import the file again to record the rest\n",
                    res.imported);
        code = res.store_failed ? RG_EXIT_OUTPUT : RG_EXIT_INPUT;
        goto done;
    }
    printf("imported %zu incident%s from %s into %s\n", res.imported, res.imported == 1 ? "" : "s",
           file, rg_store_name(st));
    if (res.kept)
        printf("kept %zu incident%s that the store holds from a build with its evidence "
               "(first: %s)\n",
               res.kept, res.kept == 1 ? "" : "s", res.first_kept);
done:
    rg_store_close(st);
    rg_tz_free(zone);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_import_history = {
    "import-history",
    "import-history FILE.csv [--db STORE]\n"
    "                                   past incidents from a PagerDuty incidents CSV export",
    import_history_help,
    cmd_import_history,
    opts,
    "@file"};
