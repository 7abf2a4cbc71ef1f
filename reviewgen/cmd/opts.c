/* cmd/opts.c -- the one option parser of every command: getopt_long behind a
 * table per command, with the errors and suggestions a person can act on. */
#include "opts.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const rg_opt help_opt = {"help", 'h', 0, NULL};

void rg_opts_init(rg_opts *p, const char *cmd, const char *help, const rg_opt *opts, int argc,
                  char **argv)
{
    memset(p, 0, sizeof(*p));
    p->cmd = cmd;
    p->help = help;
    p->opts = opts;
    p->argc = argc;
    p->argv = argv;
    /* ':' first: a missing value is reported as ':' rather than '?', so the
     * two errors can be told apart. */
    size_t s = 0, l = 0;
    p->shortopts[s++] = ':';
    for (size_t i = 0; l < RG_OPT_MAX; i++) {
        const rg_opt *o = opts && opts[i].name ? &opts[i] : &help_opt;
        p->longopts[l].name = o->name;
        p->longopts[l].has_arg = o->has_arg ? required_argument : no_argument;
        p->longopts[l].flag = NULL;
        p->longopts[l].val = o->key;
        l++;
        if (o->key > 0 && o->key < RG_OPT_LONG) {
            p->shortopts[s++] = (char)o->key;
            if (o->has_arg)
                p->shortopts[s++] = ':';
        }
        if (o == &help_opt)
            break;
    }
    p->shortopts[s] = '\0';
    memset(&p->longopts[l], 0, sizeof(p->longopts[l]));
    /* glibc: 0 starts a new scan (the tests run several commands in one
     * process); getopt's own messages are replaced by ours. */
    optind = 0;
    opterr = 0;
}

/* The long name of the option with this key, or NULL. */
static const char *long_name(const rg_opts *p, int key)
{
    for (const struct option *o = p->longopts; o->name; o++)
        if (o->val == key)
            return o->name;
    return NULL;
}

/* "-o" or "--out" as the user would have typed it for key. */
static void spelled(const rg_opts *p, int key, const char *typed, char *buf, size_t cap)
{
    if (typed && strncmp(typed, "--", 2) == 0) {
        size_t n = strcspn(typed, "=");
        snprintf(buf, cap, "%.*s", (int)n, typed);
    } else if (key > 0 && key < RG_OPT_LONG && (!typed || typed[1] != '-')) {
        snprintf(buf, cap, "-%c", key);
    } else {
        const char *name = long_name(p, key);
        snprintf(buf, cap, "--%s", name ? name : "?");
    }
}

static int usage(rg_opts *p, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "reviewgen: %s: ", p->cmd);
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\nTry 'reviewgen %s --help'.\n", p->cmd);
    p->exit = RG_EXIT_USAGE;
    return RG_OPT_EXIT;
}

/* An unknown or ambiguous long option: "--tempaltes" or "--temp=x". */
static int unknown_long(rg_opts *p, const char *typed)
{
    const char *word = typed + 2;
    size_t n = strcspn(word, "=");
    char name[64];
    snprintf(name, sizeof(name), "%.*s", (int)n, word);
    const char *names[RG_OPT_MAX];
    size_t k = 0, prefixed = 0;
    for (const struct option *o = p->longopts; o->name; o++) {
        names[k++] = o->name;
        prefixed += n > 0 && strncmp(o->name, name, n) == 0;
    }
    if (prefixed > 1)
        return usage(p, "option '--%s' is ambiguous (%s)", name, "give more of its name");
    const char *near = rg_opts_nearest(name, names, k);
    if (near) {
        char hint[96];
        snprintf(hint, sizeof(hint), "did you mean '--%s'?", near);
        return usage(p, "unknown option '--%s'; %s", name, hint);
    }
    return usage(p, "unknown option '--%s'%s", name, "");
}

int rg_opts_next(rg_opts *p)
{
    p->arg = NULL;
    int longind = -1;
    int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, &longind);
    /* the element getopt_long just read, for messages */
    const char *typed = optind > 0 && optind <= p->argc ? p->argv[optind - 1] : NULL;
    char opt[80];
    switch (c) {
    case -1:
        p->ind = optind;
        return RG_OPT_END;
    case 'h':
        fputs(p->help, stdout);
        p->exit = RG_EXIT_OK;
        return RG_OPT_EXIT;
    case ':':
        spelled(p, optopt, typed, opt, sizeof(opt));
        return usage(p, "option '%s' needs a value%s", opt, "");
    case '?':
        if (optopt == 0 && typed && strncmp(typed, "--", 2) == 0)
            return unknown_long(p, typed);
        if (optopt != 0 && typed && strncmp(typed, "--", 2) == 0 && strchr(typed, '=')) {
            spelled(p, optopt, typed, opt, sizeof(opt));
            return usage(p, "option '%s' takes no value ('%s')", opt, typed);
        }
        if (optopt > 0 && optopt < 128) {
            snprintf(opt, sizeof(opt), "-%c", optopt);
            return usage(p, "unknown option '%s'%s", opt, "");
        }
        return usage(p, "unknown option '%s'%s", typed ? typed : "?", "");
    default:
        p->arg = optarg;
        return c;
    }
}

int rg_opts_n_operands(const rg_opts *p)
{
    return p->argc - p->ind;
}

const char *rg_opts_operand(const rg_opts *p, int i)
{
    return i >= 0 && p->ind + i < p->argc ? p->argv[p->ind + i] : NULL;
}

/* Optimal string alignment distance, capped: a + b are short (option and
 * command names), so the table lives on the stack. */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return (size_t)-1;
    size_t d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *rg_opts_nearest(const char *word, const char *const *names, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}
