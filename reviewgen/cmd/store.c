/* cmd/store.c -- `reviewgen store copy FROM TO`, `store check` and `store
 * migrate`: moving, checking and upgrading a whole store, SQLite or
 * PostgreSQL (README, "One store for a team"). */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "store.h"

static const char store_help[] =
    "usage: reviewgen store copy FROM TO [--busy-timeout S] [-q]\n"
    "       reviewgen store check [--db STORE] [--busy-timeout S]\n"
    "       reviewgen store migrate [--db STORE] [--busy-timeout S]\n"
    "\n"
    "A store is a SQLite file or a PostgreSQL connection string (postgresql://...\n"
    "or service=...; put the password in ~/.pgpass, never on the command line).\n"
    "\n"
    "copy     copies every incident of the store FROM into the store TO (created\n"
    "         when missing), row for row, each replacing TO's copy of it;\n"
    "         incidents only TO holds are kept. Any direction: SQLite to\n"
    "         PostgreSQL, back, or file to file. One transaction: all or nothing.\n"
    "         Copying again changes nothing. Exit 1 when FROM cannot be read, 3\n"
    "         when TO cannot be written (it is then as it was).\n"
    "check    the full check of a store: SQLite's integrity_check (every page,\n"
    "         record and index) and its foreign keys; in both, no row without its\n"
    "         incident and every stored review.json its own incident's. Writes\n"
    "         nothing. Exit 0 when sound, 1 when not (each problem is listed) or\n"
    "         when the store cannot be read.\n"
    "migrate  creates the store, or upgrades its schema, and says its version: run\n"
    "         it as the owner of a PostgreSQL store, so that the role the builds use\n"
    "         needs no right to change tables. Exit 1 when the store cannot be read\n"
    "         or upgraded (it is then as it was).\n"
    "\n"
    "  --db STORE          the store of check and migrate (else $REVIEWGEN_DB, else\n"
    "                      ./reviews.db)\n"
    "  --busy-timeout S    wait up to S seconds for another writer (default 30, or\n"
    "                      $REVIEWGEN_BUSY_TIMEOUT)\n"
    "  -q, --quiet         print only errors\n";

static int copy(const char *src, const char *dst, int quiet)
{
    if (!strcmp(src, dst))
        return rg_cli_usage_error("store: copy: FROM and TO are the same store ('%s')",
                                  rg_store_kind_of(src) == RG_STORE_SQLITE ? src : "--");
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store_copy_result res;
    int code = RG_EXIT_OK, to_failed = 0;
    rg_store *to = NULL, *from = rg_store_open_existing(src, &diag);
    if (!from) {
        code = RG_EXIT_INPUT;
    } else if (!(to = rg_store_open(dst, &diag))) {
        code = RG_EXIT_OUTPUT;
    } else if (rg_store_copy(from, to, &res, &to_failed, &diag) != 0) {
        code = to_failed ? RG_EXIT_OUTPUT : RG_EXIT_INPUT;
    } else if (!quiet) {
        printf("copied %zu incident%s from %s to %s\n", res.incidents,
               res.incidents == 1 ? "" : "s", rg_store_name(from), rg_store_name(to));
    }
    if (code != RG_EXIT_OK)
        fprintf(stderr, "%s\n", diag.error);
    rg_store_close(from);
    rg_store_close(to);
    rg_diag_free(&diag);
    return code;
}

static int check(const char *db, int quiet)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store_check_result res;
    memset(&res, 0, sizeof(res));
    int code = RG_EXIT_INPUT;
    rg_store *st = rg_store_open_existing(db, &diag);
    if (!st || rg_store_check(st, &res, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        goto done;
    }
    /* one line per problem, each with the store's name, as errors are */
    for (const char *line = res.report; *line;) {
        size_t n = strcspn(line, "\n");
        printf("%s: %.*s\n", rg_store_name(st), (int)n, line);
        line += n + (line[n] == '\n');
    }
    if (res.problems) {
        printf("%s: %zu problem%s found (%s checked); restore the store from a backup, or "
               "copy what reads back with 'reviewgen store copy'\n",
               rg_store_name(st), res.problems, res.problems == 1 ? "" : "s", res.what);
        code = RG_EXIT_FOUND; /* a check that found something, as lint's findings */
        goto done;
    }
    if (!quiet)
        printf("%s: ok: schema %d, %zu incident%s, %zu event%s (%s checked)\n", rg_store_name(st),
               res.version, res.incidents, res.incidents == 1 ? "" : "s", res.events,
               res.events == 1 ? "" : "s", res.what);
    code = RG_EXIT_OK;
done:
    rg_free(res.report);
    rg_store_close(st);
    rg_diag_free(&diag);
    return code;
}

static int migrate(const char *db, int quiet)
{
    rg_diag diag;
    rg_diag_init(&diag);
    rg_store *st = rg_store_open(db, &diag);
    if (!st) {
        fprintf(stderr, "%s\n", diag.error);
        rg_diag_free(&diag);
        return RG_EXIT_INPUT;
    }
    int found = rg_store_found_version(st), now = rg_store_schema_version();
    if (quiet)
        ;
    else if (found == 0)
        printf("%s: created, schema %d\n", rg_store_name(st), now);
    else if (found < now && rg_store_kind_get(st) == RG_STORE_SQLITE)
        printf("%s: upgraded from schema %d to %d (the store as it was is in %s.schema-%d.bak)\n",
               rg_store_name(st), found, now, db, found);
    else if (found < now)
        printf("%s: upgraded from schema %d to %d\n", rg_store_name(st), found, now);
    else
        printf("%s: schema %d, nothing to do\n", rg_store_name(st), now);
    rg_store_close(st);
    rg_diag_free(&diag);
    return RG_EXIT_OK;
}

static const rg_opt opts[] = {{"db", RG_KEY_DB, 1, NULL},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {"quiet", 'q', 0, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_store(int argc, char **argv)
{
    const char *db = NULL, *busy = NULL;
    int quiet = 0;
    rg_opts p;
    rg_opts_init(&p, "store", store_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == RG_KEY_DB)
            db = p.arg;
        else if (k == RG_KEY_BUSY_TIMEOUT)
            busy = p.arg;
        else if (k == 'q')
            quiet = 1;
    }
    int code = rg_cli_operands(&p, 1, -1, "what to do: copy FROM TO, check or migrate");
    if (code >= 0)
        return code;
    if ((code = rg_cli_busy_timeout("store", busy)) >= 0)
        return code;
    static const char *const actions[] = {"copy", "check", "migrate"};
    const char *what = rg_opts_operand(&p, 0);
    if (!strcmp(what, "copy")) {
        if (db)
            return rg_cli_usage_error("store: copy: %s",
                                      "give FROM and TO as its two arguments, not --db");
        if ((code = rg_cli_operands(&p, 3, 3, "FROM and TO (reviewgen store copy FROM TO)")) >= 0)
            return code;
        return copy(rg_opts_operand(&p, 1), rg_opts_operand(&p, 2), quiet);
    }
    if (!strcmp(what, "check") || !strcmp(what, "migrate")) {
        if ((code = rg_cli_operands(&p, 1, 1, "")) >= 0)
            return code;
        return what[1] == 'h' ? check(rg_cli_db(db), quiet) : migrate(rg_cli_db(db), quiet);
    }
    const char *near = rg_opts_nearest(what, actions, sizeof(actions) / sizeof(actions[0]));
    if (near) {
        char msg[200];
        snprintf(msg, sizeof(msg), "store: unknown action '%%s' (did you mean '%s'?)", near);
        return rg_cli_usage_error(msg, what);
    }
    return rg_cli_usage_error("store: unknown action '%s' (copy, check or migrate)", what);
}

const rg_command rg_cmd_store = {
    "store",
    "store copy FROM TO | check | migrate\n"
    "                                   copy a whole store (SQLite <-> PostgreSQL), check it,\n"
    "                                   create or upgrade it",
    store_help, cmd_store, opts,
    /* FROM and TO: files, or connection strings the shell cannot complete */
    "@file"};
