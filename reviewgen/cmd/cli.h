/* cli.h -- what the commands share: exit codes, the command table entry,
 * and the helpers for printing. The CLI layer (main.c, cli.c, cmd_*.c) is the
 * only code that prints or exits; library code returns errors in an rg_diag. */
#ifndef RG_CLI_H
#define RG_CLI_H

#include <stdio.h>

#include "build.h"
#include "listing.h"
#include "opts.h"
#include "store.h"
#include "term.h"

/* Exit codes: one table for every command, printed in the man page from
 * rg_exit_codes and in the README ("Errors and exit codes"; a test checks
 * that the two say the same). */
enum {
    RG_EXIT_OK = 0,
    RG_EXIT_INPUT = 1,
    RG_EXIT_USAGE = 2,
    RG_EXIT_OUTPUT = 3,
    RG_EXIT_FOUND = 4,
    RG_EXIT_COUNT
};
/* How standard input is named in messages when a command reads it for the
 * operand "-" ("<stdin>:3:1: ..."). */
#define RG_STDIN_NAME "<stdin>"

/* Borrowed: what exit code c means, for people ("usage: ..."). */
extern const char *const rg_exit_codes[RG_EXIT_COUNT];

/* Keys of the long-only options several commands share (rg_opt.key); a
 * command's own long-only options take keys from RG_KEY_OWN up. */
enum {
    RG_KEY_DB = RG_OPT_LONG,
    RG_KEY_FORMAT,
    RG_KEY_TEMPLATES,
    RG_KEY_NO_STORE,
    RG_KEY_ANONYMIZE,
    RG_KEY_FORCE,
    RG_KEY_BUSY_TIMEOUT,
    RG_KEY_JSON,
    RG_KEY_APPENDIX,
    RG_KEY_OWN = RG_OPT_LONG + 64
};

/* One command: `reviewgen <name> ...`. Each lives in reviewgen/cmd/<name>.c
 * and has one line in main.c's table (tmux's cmd_table). run() gets argv[0] =
 * the command's name, then its arguments, and parses them with rg_opts. */
typedef struct rg_command {
    const char *name;
    const char *synopsis;              /* one line for `reviewgen --help` */
    const char *help;                  /* the text of `reviewgen <name> --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the name; returns an exit code */
    /* For the man page and the shell completions (reviewgen/cmd/docgen.c),
     * written once here: the options run() parses (NULL: none besides
     * --help) and what its operands are ("@dir", "@file", or NULL: none). */
    const rg_opt *opts;
    const char *operands;
} rg_command;

/* The command table, in the order `reviewgen --help` lists them; NULL ends
 * it. Defined in reviewgen/cmd/commands.c, one line per command. */
extern const rg_command *const rg_commands[];

/* Prints "reviewgen: <message>" and the hint to stderr ("Try 'reviewgen CMD
 * --help'." when the message starts with a command's name and a colon, as
 * "trend: bad date ..."; else "Try 'reviewgen --help'."); returns
 * RG_EXIT_USAGE. */
int rg_cli_usage_error(const char *fmt, const char *arg);
/* The warnings on stderr bounded as review.md bounds them (README, "Every
 * section bounded"): every one when all is set or there are at most
 * RG_LIST_WARNINGS, else the first RG_LIST_WARNINGS in the order met, then
 * one line per class of the rest ("reviewgen: no-time: 4,975 more warnings
 * (4,975 occurrences); the first: ...") and a last line with the counts and
 * where each one is: where's "warnings" (a review.json's path), or only -v
 * when where is NULL (nothing was written). */
void rg_cli_print_warnings_bounded(const rg_diag *d, const char *where, int all);
/* The -v line of the --help of the commands whose only bounded output is
 * the warnings (init, publish, html, trend): one text, so they cannot come
 * to say different things. */
#define RG_HELP_VERBOSE                                                                            \
    "  -v, --verbose       every warning; else the first 50 and the rest counted by\n"             \
    "                      class, as `build` prints them\n"
/* Runs the pipeline for dir with a progress line on a terminal; prints the
 * error and the warnings (every one when verbose, else bounded: nothing was
 * written to hold them) on failure. Returns 0 or -1; rg_build_free(b) either
 * way. */
int rg_cli_run_build(rg_build *b, const char *dir, const char *templates, int quiet, int verbose,
                     rg_diag *diag);
/* Prints what publishing an edited review did (rg_publish_ex's result):
 * each value the edits changed ("time to mitigate: 41 min 45 s → 36 min,
 * from the edited milestone table"), the computed parts refreshed or kept,
 * and, for build, that review.md was kept and where the new draft is. md is
 * the edited review's path. */
void rg_cli_print_publish(const rg_publish_result *r, const char *md);

/* The store a command uses: given (--db), else $REVIEWGEN_DB, else
 * "reviews.db" in the current folder. Borrowed. */
const char *rg_cli_db(const char *given);
/* Sets the store's busy timeout from --busy-timeout's value (arg; NULL when
 * not given), else $REVIEWGEN_BUSY_TIMEOUT, else 30 s: whole seconds, 1 to
 * 86400. Returns -1, or RG_EXIT_USAGE after printing "reviewgen: <cmd>:
 * ..." for a value that is not one. */
int rg_cli_busy_timeout(const char *cmd, const char *arg);
/* The store as it may be printed (a connection string without its
 * password), into buf. Returns buf. */
const char *rg_cli_store_name(const char *db, char *buf, size_t size);

/* The options `build` and `build-all` share. */
typedef struct rg_build_args {
    const char *dir;          /* the one argument; NULL when none was given */
    const char *out;          /* -o, --out; left as the caller set it when absent */
    const char *db;           /* --db, else $REVIEWGEN_DB, else "reviews.db" */
    const char *templates;    /* --templates; NULL: the built-in ones */
    const char *busy_timeout; /* --busy-timeout; NULL when not given */
    int quiet, no_store;
    int force;            /* --force: replace a review.md edited since reviewgen wrote it */
    int anonymize;        /* --anonymize, accepted only when the caller allows it */
    int json;             /* --json (build): the summary as one JSON object on stdout */
    int verbose;          /* -v, --verbose: every source and warning, not the first ones */
    rg_appendix appendix; /* --appendix full|compact|none (build); full when absent */
} rg_build_args;
/* After rg_opts_next() returned RG_OPT_END: fewer than min operands is the
 * usage error "missing <missing>", more than max (max >= 0) "unexpected
 * argument". Returns -1 when the count is right, else RG_EXIT_USAGE after
 * printing the error. */
int rg_cli_operands(const rg_opts *p, int min, int max, const char *missing);

/* Parses argv (argv[0] the command's name) for command cmd ("build",
 * "build-all") with its options table (keys 'o', 'q', RG_KEY_DB,
 * RG_KEY_TEMPLATES, RG_KEY_NO_STORE, RG_KEY_ANONYMIZE, RG_KEY_FORCE, RG_KEY_JSON) into a, whose out
 * the caller has set to its default; missing says what the one operand is when it is absent. --help
 * prints help. Returns -1 when the command goes on, else the exit code to
 * return (RG_EXIT_OK after --help, RG_EXIT_USAGE after printing a usage
 * error). */
int rg_cli_build_args(const char *cmd, const char *help, const char *missing, const rg_opt *opts,
                      int argc, char **argv, rg_build_args *a);

/* What the listing commands (`list`, `actions`) share: the store they read,
 * the format they write and the diag of their query. */
typedef struct rg_cli_listing {
    const char *cmd;          /* "list", "actions": the start of its usage errors */
    const char *db;           /* --db, else $REVIEWGEN_DB; "reviews.db" once opened */
    const char *busy_timeout; /* --busy-timeout; NULL when not given */
    rg_list_format fmt;
    rg_store *store; /* rg_cli_listing_open's */
    rg_diag diag;
} rg_cli_listing;

void rg_cli_listing_init(rg_cli_listing *l, const char *cmd);
/* Takes an option a listing command shares (key RG_KEY_DB: --db FILE,
 * RG_KEY_FORMAT: --format F, RG_KEY_BUSY_TIMEOUT: --busy-timeout S).
 * Returns 0 when taken, 1 when key is none of them, RG_EXIT_USAGE after
 * printing an error (an unknown format). */
int rg_cli_listing_option(rg_cli_listing *l, int key, const char *arg);
/* Opens the store at l->db, which must exist: a listing never creates one.
 * Returns RG_EXIT_OK, RG_EXIT_USAGE after a bad busy timeout, or
 * RG_EXIT_INPUT after printing the error (nothing is then left to free). */
int rg_cli_listing_open(rg_cli_listing *l);
/* The text under a table of rows (ctx is the caller's); 0, or -1 when out
 * of memory. */
typedef int (*rg_cli_table_end)(rg_buf *out, const json_t *rows, const void *ctx);
/* Ends a listing: prints the query's error when rows is NULL; else prints
 * "no <what> in <db> match" (with " (<empty_note>)" when given) for an empty
 * table, or writes rows to stdout in l->fmt, a table followed by table_end.
 * Then frees rows, l's store and diag. Returns the command's exit code. */
int rg_cli_listing_end(rg_cli_listing *l, json_t *rows, const rg_list_column *cols, size_t n_cols,
                       const char *what, const char *empty_note, rg_cli_table_end table_end,
                       const void *ctx);

#endif
