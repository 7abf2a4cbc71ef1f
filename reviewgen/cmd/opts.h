/* opts.h -- the one option parser of every command (getopt_long), so that
 * `--db=x.db` and `--db x.db`, `--`, combined short flags (`-qo out`), `-` as
 * an operand and options after operands behave the same everywhere, and a
 * mistyped option or command gets the nearest name (README, "Command line"). */
#ifndef RG_OPTS_H
#define RG_OPTS_H

#include <getopt.h>
#include <stddef.h>

/* One option of a command. key is the short letter ('o' for -o), or a value
 * from RG_OPT_LONG up for an option that has only a long name. The table
 * ends with an entry whose name is NULL. -h/--help is added to every table. */
typedef struct rg_opt {
    const char *name; /* long name without "--": "out" */
    int key;
    int has_arg; /* 1: takes a value (--out DIR, --out=DIR, -o DIR, -oDIR) */
    /* for shell completion of the value: the words it can be, space-separated
     * ("table csv json"), "@dir" for a folder, NULL for a file (the default) */
    const char *values;
} rg_opt;

enum {
    RG_OPT_LONG = 256, /* first key of the long-only options */
    RG_OPT_END = -1,   /* the options are over: operands start at p->ind */
    RG_OPT_EXIT = -2   /* --help was printed or a usage error reported: return p->exit */
};

#define RG_OPT_MAX 48 /* options in one table, -h/--help included */

typedef struct rg_opts {
    const char *cmd;  /* "build": errors read "reviewgen: build: ..." */
    const char *help; /* printed by -h/--help */
    const rg_opt *opts;
    int argc;
    char **argv;     /* argv[0] is the command's name; permuted by getopt_long */
    const char *arg; /* the value of the option just returned, or NULL */
    int ind;         /* after RG_OPT_END: the index in argv of the first operand */
    int exit;        /* after RG_OPT_EXIT: the exit code to return */
    /* getopt_long's tables, built from opts by rg_opts_init */
    struct option longopts[RG_OPT_MAX + 1];
    char shortopts[2 * RG_OPT_MAX + 3];
} rg_opts;

/* Prepares p for argv[0..argc) (argv[0] is the command's name, argv
 * borrowed: it must outlive p). opts must hold fewer than RG_OPT_MAX
 * entries. */
void rg_opts_init(rg_opts *p, const char *cmd, const char *help, const rg_opt *opts, int argc,
                  char **argv);

/* Returns the key of the next option, with its value in p->arg; RG_OPT_END
 * when the options are over (operands: p->argv[p->ind..p->argc), in the order
 * given); RG_OPT_EXIT after printing the help to stdout (p->exit = 0) or a
 * usage error to stderr (p->exit = 2): an unknown option (with the nearest
 * known one: "did you mean '--templates'?"), a missing value, or a value given
 * to an option that takes none. */
int rg_opts_next(rg_opts *p);

/* The number of operands after RG_OPT_END, and the i-th of them. */
int rg_opts_n_operands(const rg_opts *p);
const char *rg_opts_operand(const rg_opts *p, int i);

/* The name in names[0..n) nearest to word by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbours), or NULL when none is
 * near enough to be a likely typo: at most 1 edit for words of up to 4
 * letters, 2 up to 8, 3 beyond. Borrowed: one of names. */
const char *rg_opts_nearest(const char *word, const char *const *names, size_t n);

#endif
