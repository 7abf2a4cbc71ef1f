/* cmd/commands.c -- the table of commands, one line each (tmux's cmd_table):
 * main.c runs them, docgen.c writes the man page and completions from them. */
#include "cli.h"

extern const rg_command rg_cmd_build;
extern const rg_command rg_cmd_html;
extern const rg_command rg_cmd_lint;
extern const rg_command rg_cmd_build_all;
extern const rg_command rg_cmd_list;
extern const rg_command rg_cmd_actions;
extern const rg_command rg_cmd_import_history;
extern const rg_command rg_cmd_timeline;
extern const rg_command rg_cmd_formats;
extern const rg_command rg_cmd_sniff;
extern const rg_command rg_cmd_template;
extern const rg_command rg_cmd_trend;
extern const rg_command rg_cmd_publish;
extern const rg_command rg_cmd_init;
extern const rg_command rg_cmd_store;

const rg_command *const rg_commands[] = {
    &rg_cmd_init,     &rg_cmd_build,          &rg_cmd_publish,  &rg_cmd_build_all,
    &rg_cmd_html,     &rg_cmd_lint,           &rg_cmd_timeline, &rg_cmd_trend,
    &rg_cmd_template, &rg_cmd_formats,        &rg_cmd_sniff,    &rg_cmd_list,
    &rg_cmd_actions,  &rg_cmd_import_history, &rg_cmd_store,    NULL,
};
