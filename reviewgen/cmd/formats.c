/* cmd/formats.c -- `reviewgen formats`: the importers and what each
 * recognises. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "importer.h"

static const char formats_help[] = "usage: reviewgen formats\n"
                                   "\n"
                                   "Lists the importers: their name (the manifest's \"format\"),\n"
                                   "what they produce and what they recognise.\n";

static const rg_opt opts[] = {{NULL, 0, 0, NULL}};

static int cmd_formats(int argc, char **argv)
{
    rg_opts p;
    rg_opts_init(&p, "formats", formats_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;)
        if (k == RG_OPT_EXIT)
            return p.exit;
    int code = rg_cli_operands(&p, 0, 0, "");
    if (code >= 0)
        return code;
    /* The names' column is as wide as the longest ("cloudwatch-alarms"). */
    int w = 12;
    for (size_t i = 0; rg_importers[i]; i++)
        if ((int)strlen(rg_importers[i]->name) > w)
            w = (int)strlen(rg_importers[i]->name);
    for (size_t i = 0; rg_importers[i]; i++) {
        const rg_importer *imp = rg_importers[i];
        printf("%-*s %-7s %s\n", w, imp->name, rg_kind_name(imp->kind), imp->summary);
        printf("%-*s %-7s recognises: %s\n", w, "", "", imp->recognises);
    }
    return RG_EXIT_OK;
}

const rg_command rg_cmd_formats = {
    "formats",    "formats                          list the importers and what each recognises",
    formats_help, cmd_formats,
    opts,         NULL};
