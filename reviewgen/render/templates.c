/* templates.c -- finds a template by name: the --templates folder first,
 * then the copy built into the binary. */
#include "templates.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "jsonutil.h"

char *rg_template_load(const char *dir, const char *name, size_t *len, rg_diag *diag)
{
    if (strchr(name, '/') || strcmp(name, "..") == 0) {
        rg_diag_error(diag, name, 0, 0, "template names cannot contain '/'");
        return NULL;
    }
    if (dir) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (access(path, F_OK) == 0)
            return rg_read_file(path, len, diag);
    }
    for (size_t i = 0; rg_builtin_templates[i].name; i++) {
        if (strcmp(rg_builtin_templates[i].name, name) == 0) {
            *len = rg_builtin_templates[i].len;
            char *s = rg_strndup(rg_builtin_templates[i].text, *len);
            if (!s)
                rg_diag_error(diag, name, 0, 0, "out of memory");
            return s;
        }
    }
    rg_diag_error(diag, name, 0, 0, "no such template");
    return NULL;
}

char *rg_template_partial(void *ctx, const char *name, size_t *len)
{
    const rg_template_partials *p = ctx;
    char file[256];
    if ((size_t)snprintf(file, sizeof(file), "%s%s", name, p->ext) >= sizeof(file))
        return NULL;
    rg_diag quiet;
    rg_diag_init(&quiet);
    char *text = rg_template_load(p->dir, file, len, &quiet);
    rg_diag_free(&quiet);
    return text;
}
