/* cmd/main.c -- the reviewgen command line: finds the command in the table and
 * runs it (README, "Commands"). */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "output.h"

extern const rg_command rg_cmd_build;
extern const rg_command rg_cmd_html;
extern const rg_command rg_cmd_lint;
extern const rg_command rg_cmd_build_all;
extern const rg_command rg_cmd_list;
extern const rg_command rg_cmd_actions;
extern const rg_command rg_cmd_import_history;
extern const rg_command rg_cmd_timeline;
extern const rg_command rg_cmd_formats;
extern const rg_command rg_cmd_template;
extern const rg_command rg_cmd_trend;

/* One line per command, in the order `reviewgen --help` lists them. */
static const rg_command *const commands[] = {
    &rg_cmd_build,    &rg_cmd_build_all, &rg_cmd_html,           &rg_cmd_lint,
    &rg_cmd_timeline, &rg_cmd_trend,     &rg_cmd_template,       &rg_cmd_formats,
    &rg_cmd_list,     &rg_cmd_actions,   &rg_cmd_import_history,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
    fputs("usage: reviewgen <command> [options]\n"
          "\n"
          "Turns the exports of an incident (logs, alerts, pages, status posts, chat)\n"
          "into a blameless post-incident review.\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %s\n", commands[i]->synopsis);
    fputs("\n"
          "options:\n"
          "  -h, --help      this help (reviewgen <command> --help for a command's)\n"
          "  --version       print the version\n",
          f);
}

int main(int argc, char **argv)
{
    /* jansson allocates through us, so a failed allocation is noticed. */
    rg_alloc_install_jansson();
    /* Ctrl-C or a kill while outputs are being written removes our
     * temporaries (README, "Outputs and the store change together"). */
    rg_output_signals_install();
    if (argc < 2) {
        usage(stderr);
        return RG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (rg_cli_is_help(cmd)) {
        usage(stdout);
        return RG_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("reviewgen %s\n", RG_VERSION);
        return RG_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i]->name) == 0)
            return commands[i]->run(argc - 2, argv + 2);
    return rg_cli_usage_error("unknown command '%s'", cmd);
}
