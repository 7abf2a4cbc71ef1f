/* term.c -- text for a terminal: whatever came from an input is written so it
 * cannot drive the terminal (the CLI and the listing tables both use it). */
#include "term.h"

void rg_term_put_clean(const char *s, FILE *f)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n')
            fputs(" \xe2\x8f\x8e ", f);
        else if (c == '\t' || c == '\r')
            putc(' ', f);
        else if (c < 0x20 || c == 0x7f)
            putc('?', f);
        else
            putc(c, f);
    }
}
