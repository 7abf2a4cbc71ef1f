/* docgen.h -- the man page and the shell completions, written from the
 * command table (commands.c), each command's --help text and options table,
 * and the exit-code table: the help a person reads in the terminal, in man
 * and in completion is written once (README, "Command line"). */
#ifndef RG_DOCGEN_H
#define RG_DOCGEN_H

#include "arena.h"
#include "diag.h"

/* Appends the man page (roff, man macros) to out: the prose of the template
 * text tmpl[0..tmpl_len) (doc/reviewgen.1.in) with "@VERSION@" replaced by
 * version, "@COMMANDS@" by a section per command (its synopsis and --help
 * text) and "@EXIT_STATUS@" by the exit-code table. Returns 0, or -1 with the
 * error in diag (out of memory, a placeholder missing from tmpl). */
int rg_docgen_man(rg_buf *out, const char *tmpl, size_t tmpl_len, const char *version,
                  rg_diag *diag);

/* Appends a bash completion script (complete -F _reviewgen reviewgen): the
 * commands, each command's options, their values and the format names.
 * Returns 0, -1 when out of memory. */
int rg_docgen_bash(rg_buf *out);

/* Appends a zsh completion function (#compdef reviewgen) with the same
 * content. Returns 0, -1 when out of memory. */
int rg_docgen_zsh(rg_buf *out);

#endif
