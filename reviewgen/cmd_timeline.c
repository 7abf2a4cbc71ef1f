/* cmd_timeline.c -- `reviewgen timeline DIR`: the merged timeline on the
 * terminal, one event per line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char timeline_help[] =
    "usage: reviewgen timeline DIR [--raw]\n"
    "\n"
    "Prints the merged timeline of the incident folder DIR, one event per line:\n"
    "time (UTC), kind, type, source, actor, text, origin. Runs of similar log lines\n"
    "are shown once with their count (\"48,213 x\"); --raw prints every event.\n";

static int cmd_timeline(int argc, char **argv)
{
    const char *dir = NULL;
    int raw = 0;
    for (int i = 0; i < argc; i++) {
        if (rg_cli_is_help(argv[i])) {
            fputs(timeline_help, stdout);
            return RG_EXIT_OK;
        } else if (!strcmp(argv[i], "--raw")) {
            raw = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return rg_cli_usage_error("timeline: unknown option '%s'", argv[i]);
        } else if (!dir) {
            dir = argv[i];
        } else {
            return rg_cli_usage_error("timeline: unexpected argument '%s'", argv[i]);
        }
    }
    if (!dir)
        return rg_cli_usage_error("timeline: %s",
                                  "missing the incident folder (reviewgen timeline DIR)");
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = RG_EXIT_OK;
    if (rg_cli_run_build(&b, dir, NULL, 0, &diag) != 0) {
        code = RG_EXIT_INPUT;
    } else {
        rg_event **list = raw ? b.timeline.events : b.timeline.entries;
        size_t n = raw ? b.timeline.n_events : b.timeline.n_entries;
        for (size_t i = 0; i < n; i++) {
            const rg_event *ev = list[i];
            char t[32];
            printf("%s  %-6s %-20s ", rg_time_format(ev->at_us, t), rg_kind_name(ev->kind),
                   ev->type);
            rg_cli_put_clean(ev->source, stdout);
            fputs("  ", stdout);
            rg_cli_put_clean(ev->actor ? ev->actor : "-", stdout);
            fputs("  ", stdout);
            if (ev->count > 1) {
                char l[32];
                printf("%llu x (until %s) ", (unsigned long long)ev->count,
                       rg_time_format(ev->last_us, l));
            }
            rg_cli_put_clean(ev->text, stdout);
            fputs("  (", stdout);
            rg_cli_put_clean(ev->origin, stdout);
            fputs(")", stdout);
            if (ev->milestone)
                printf("  [%s]", ev->milestone);
            putchar('\n');
        }
        rg_cli_print_warnings(&diag);
    }
    rg_build_free(&b);
    rg_diag_free(&diag);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reviewgen: cannot write the timeline: %s\n", strerror(errno));
        return RG_EXIT_OUTPUT;
    }
    return code;
}

const rg_command rg_cmd_timeline = {
    "timeline", "timeline DIR [--raw]             print the merged timeline, one event per line",
    timeline_help, cmd_timeline};
