/* cli.h -- what the commands share: exit codes, the command table entry,
 * and the helpers for printing. The CLI layer (main.c, cli.c, cmd_*.c) is the
 * only code that prints or exits; library code returns errors in an rg_diag. */
#ifndef RG_CLI_H
#define RG_CLI_H

#include <stdio.h>

#include "build.h"

/* Exit codes, documented in the README ("Errors and exit codes"). */
enum { RG_EXIT_OK = 0, RG_EXIT_INPUT = 1, RG_EXIT_USAGE = 2, RG_EXIT_OUTPUT = 3 };

/* One command: `reviewgen <name> ...`. Each lives in cmd_<name>.c and has one
 * line in main.c's table (tmux's cmd_table). */
typedef struct rg_command {
    const char *name;
    const char *synopsis;              /* one line for `reviewgen --help` */
    const char *help;                  /* the text of `reviewgen <name> --help` */
    int (*run)(int argc, char **argv); /* the arguments after the name; returns an exit code */
} rg_command;

int rg_cli_is_help(const char *arg);
/* Prints "reviewgen: <message>" and the hint to stderr; returns RG_EXIT_USAGE. */
int rg_cli_usage_error(const char *fmt, const char *arg);
/* One line per warning class on stderr. */
void rg_cli_print_warnings(const rg_diag *d);
/* Writes s on one terminal line: control characters (ESC among them, which
 * could drive the terminal) become '?', line breaks a visible mark. */
void rg_cli_put_clean(const char *s, FILE *f);
/* Runs the pipeline for dir with a progress line on a terminal; prints the
 * error and warnings on failure. Returns 0 or -1; rg_build_free(b) either way. */
int rg_cli_run_build(rg_build *b, const char *dir, const char *templates, int quiet, rg_diag *diag);

#endif
