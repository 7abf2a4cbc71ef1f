/* cmd/init.c -- `reviewgen init DIR`: a starting incident.json from what the
 * evidence shows, never over an existing one (README, "Starting a
 * manifest"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "init.h"

static const char init_help[] =
    "usage: reviewgen init DIR [--schema URL] [-q] [-v]\n"
    "\n"
    "Writes DIR/incident.json, a starting manifest from what the evidence in DIR\n"
    "shows: the id (the folder's name), every source with the format it was read\n"
    "as, a \"timezone\" when some source writes times without a zone, the people\n"
    "the evidence shows with empty roles, the default policy, and empty fields for\n"
    "the title, severity, summary, customer impact, contributing factors and\n"
    "action items. Its \"$schema\" names incident.schema.json (JSON Schema\n"
    "2020-12), so an editor checks and completes the file. An existing\n"
    "incident.json is never overwritten.\n"
    "\n"
    "  --schema URL        what \"$schema\" says (default: the installed\n"
    "                      " RG_SCHEMA_URL ")\n"
    "  -q, --quiet         print only errors and warnings\n" RG_HELP_VERBOSE;

enum { SCHEMA = RG_KEY_OWN };
static const rg_opt opts[] = {{"schema", SCHEMA, 1, ""},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {NULL, 0, 0, NULL}};

static int cmd_init(int argc, char **argv)
{
    const char *schema = NULL;
    int quiet = 0, verbose = 0;
    rg_opts p;
    rg_opts_init(&p, "init", init_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT)
            return p.exit;
        else if (k == SCHEMA)
            schema = p.arg;
        else if (k == 'q')
            quiet = 1;
        else if (k == 'v')
            verbose = 1;
    }
    int stop = rg_cli_operands(&p, 1, 1, "the incident folder (reviewgen init DIR)");
    if (stop >= 0)
        return stop;
    const char *dir = rg_opts_operand(&p, 0);
    char path[4096];
    if ((size_t)snprintf(path, sizeof(path), "%s/incident.json", dir) >= sizeof(path)) {
        fprintf(stderr, "reviewgen: init: the path is too long\n");
        return RG_EXIT_USAGE;
    }
    struct stat sb;
    if (stat(path, &sb) == 0) {
        fprintf(stderr, "reviewgen: init: %s already exists: init never overwrites a manifest\n",
                path);
        return RG_EXIT_INPUT;
    }
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = RG_EXIT_OK;
    char *text = NULL;
    json_t *notes = json_array();
    if (rg_cli_run_build(&b, dir, NULL, quiet, verbose, &diag) != 0) {
        code = RG_EXIT_INPUT;
        goto done;
    }
    size_t len = 0;
    text = notes ? rg_init_manifest(&b, schema, notes, &len) : NULL;
    if (!text) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    /* O_EXCL: a manifest written meanwhile is not overwritten either */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    ssize_t w = fd >= 0 ? write(fd, text, len) : -1;
    int err = errno;
    if (fd >= 0 && (w != (ssize_t)len || fsync(fd) != 0)) {
        err = errno;
        close(fd);
        unlink(path);
        fd = -1;
    } else if (fd >= 0 && close(fd) != 0) {
        err = errno;
        unlink(path);
        fd = -1;
    }
    if (fd < 0) {
        fprintf(stderr, "reviewgen: cannot write '%s': %s\n", path, strerror(err));
        code = err == EEXIST ? RG_EXIT_INPUT : RG_EXIT_OUTPUT;
        goto done;
    }
    if (!quiet) {
        json_t *m = json_loads(text, 0, NULL);
        size_t people = json_array_size(json_object_get(m, "responders"));
        json_decref(m);
        printf("wrote %s: %zu source%s, %zu %s; fill in the title, severity, summary, roles "
               "and action items\n",
               path, b.n_sources, b.n_sources == 1 ? "" : "s", people,
               people == 1 ? "person" : "people");
        for (size_t i = 0; i < json_array_size(notes); i++)
            printf("  %s\n", json_string_value(json_array_get(notes, i)));
    }
    /* incident.json has no warnings list: the last line points at -v only */
    rg_cli_print_warnings_bounded(&diag, NULL, verbose);
done:
    json_decref(notes);
    rg_free(text);
    rg_build_free(&b);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_init = {
    "init",    "init DIR                         write a starting incident.json from the evidence",
    init_help, cmd_init,
    opts,      "@dir"};
