/* check_cmd_util.h -- running a command in the test process, as main.c runs
 * it: argv[0] is the command's name, then its arguments. */
#ifndef RG_CHECK_CMD_UTIL_H
#define RG_CHECK_CMD_UTIL_H

#include <check.h>
#include <string.h>

#include "cli.h"

/* Runs cmd with args[0..argc) (argv without the name, as a person types it
 * after "reviewgen <name>"). Returns the exit code. */
static inline int rg_test_run_cmd(const rg_command *cmd, int argc, char **args)
{
    char *argv[64];
    ck_assert_int_lt(argc, 63);
    argv[0] = (char *)cmd->name;
    if (argc > 0)
        memcpy(argv + 1, args, (size_t)argc * sizeof(*argv));
    argv[argc + 1] = NULL;
    return cmd->run(argc + 1, argv);
}

#endif
