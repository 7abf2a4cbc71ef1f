/* mkdoc.c -- writes the man page or a shell completion to stdout, from the
 * command table linked in (reviewgen/cmd/docgen.c): `make` runs it, so the
 * documentation is rebuilt whenever a command changes. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "docgen.h"
#include "jsonutil.h"

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "man") == 0 && argc != 3)) {
        fprintf(stderr, "usage: mkdoc man TEMPLATE | mkdoc bash | mkdoc zsh\n");
        return 2;
    }
    rg_diag d;
    rg_diag_init(&d);
    rg_buf out = {0};
    int rc;
    if (strcmp(argv[1], "man") == 0) {
        size_t len;
        char *tmpl = rg_read_file(argv[2], &len, &d);
        rc = tmpl ? rg_docgen_man(&out, tmpl, len, RG_VERSION, &d) : -1;
        rg_free(tmpl);
    } else if (strcmp(argv[1], "bash") == 0) {
        rc = rg_docgen_bash(&out);
    } else if (strcmp(argv[1], "zsh") == 0) {
        rc = rg_docgen_zsh(&out);
    } else {
        fprintf(stderr, "mkdoc: unknown output '%s'\n", argv[1]);
        return 2;
    }
    if (rc != 0) {
        fprintf(stderr, "mkdoc: %s\n", d.has_error ? d.error : "out of memory");
        rg_buf_free(&out);
        rg_diag_free(&d);
        return 1;
    }
    int bad = fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0;
    rg_buf_free(&out);
    rg_diag_free(&d);
    return bad;
}
