/* term.h -- text for a terminal, below both the CLI and the listings. */
#ifndef RG_TERM_H
#define RG_TERM_H

#include <stdio.h>

/* Writes s on one terminal line: control characters (ESC among them, which
 * could drive the terminal) become '?', line breaks a visible mark. */
void rg_term_put_clean(const char *s, FILE *f);

#endif
