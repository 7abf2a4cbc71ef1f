/* cmd/timeline.c -- `reviewgen timeline DIR`: the merged timeline on the
 * terminal, one event per line, or exported for spreadsheets and Timesketch
 * (--format csv|jsonl|timesketch; the formats are in export.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"

static const char timeline_help[] =
    "usage: reviewgen timeline DIR [--format text|csv|jsonl|timesketch] [--raw] [-v]\n"
    "\n"
    "Prints the merged timeline of the incident folder DIR, one event per line:\n"
    "time (UTC), kind, type, source, actor, text, origin. Runs of similar log lines\n"
    "are shown once with their count (\"48,213 x\"); --raw prints every event.\n"
    "\n"
    "  --format text        the terminal view above (the default)\n"
    "  --format csv         RFC 4180 CSV with a header line, for spreadsheets; a cell\n"
    "                       that starts with = + - @ tab or CR gets a ' in front so\n"
    "                       a spreadsheet never runs it as a formula\n"
    "  --format jsonl       one JSON object per line, the keys of review.json's timeline\n"
    "  --format timesketch  JSON lines for Timesketch's import (message, datetime,\n"
    "                       timestamp_desc, timestamp and the event's fields)\n"
    "  --raw                every event instead of the clustered entries\n"
    "  -v, --verbose        every warning on stderr; else the first 50 and the rest\n"
    "                       counted by class, as `build` prints them\n";

/* The terminal view: one line per event, control characters made harmless. */
static void print_text(rg_event *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const rg_event *ev = list[i];
        char t[32];
        printf("%s  %-6s %-20s ", rg_time_format(ev->at_us, t), rg_kind_name(ev->kind), ev->type);
        rg_term_put_clean(ev->source, stdout);
        fputs("  ", stdout);
        rg_term_put_clean(ev->actor ? ev->actor : "-", stdout);
        fputs("  ", stdout);
        if (ev->count > 1) {
            char l[32];
            printf("%llu x (until %s) ", (unsigned long long)ev->count,
                   rg_time_format(ev->last_us, l));
        }
        rg_term_put_clean(ev->text, stdout);
        fputs("  (", stdout);
        rg_term_put_clean(ev->origin, stdout);
        fputs(")", stdout);
        if (ev->milestone)
            printf("  [%s]", ev->milestone);
        putchar('\n');
    }
}

enum { RAW = RG_KEY_OWN };

static const rg_opt opts[] = {{"raw", RAW, 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {"format", RG_KEY_FORMAT, 1, "text csv jsonl timesketch"},
                              {NULL, 0, 0, NULL}};

static int cmd_timeline(int argc, char **argv)
{
    int raw = 0, text = 1, verbose = 0;
    rg_export_format format = RG_EXPORT_CSV;
    rg_opts p;
    rg_opts_init(&p, "timeline", timeline_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT) {
            return p.exit;
        } else if (k == RAW) {
            raw = 1;
        } else if (k == 'v') {
            verbose = 1;
        } else if (k == RG_KEY_FORMAT) {
            if (!strcmp(p.arg, "text"))
                text = 1;
            else if (rg_export_format_parse(p.arg, &format) == 0)
                text = 0;
            else
                return rg_cli_usage_error(
                    "timeline: unknown format '%s' (text, csv, jsonl or timesketch)", p.arg);
        }
    }
    int stop = rg_cli_operands(&p, 1, 1, "the incident folder (reviewgen timeline DIR)");
    if (stop >= 0)
        return stop;
    const char *dir = rg_opts_operand(&p, 0);
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = RG_EXIT_OK;
    if (rg_cli_run_build(&b, dir, NULL, 0, verbose, &diag) != 0) {
        code = RG_EXIT_INPUT;
    } else {
        rg_event **list = raw ? b.timeline.events : b.timeline.entries;
        size_t n = raw ? b.timeline.n_events : b.timeline.n_entries;
        if (text) {
            print_text(list, n);
        } else if (rg_export_write(stdout, "<stdout>", format, list, n, &diag) != 0) {
            fprintf(stderr, "%s\n", diag.error);
            code = RG_EXIT_OUTPUT;
        }
        /* nothing is written: the last line points at -v only */
        rg_cli_print_warnings_bounded(&diag, NULL, verbose);
    }
    rg_build_free(&b);
    rg_diag_free(&diag);
    if (code != RG_EXIT_OUTPUT && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, "reviewgen: cannot write the timeline: %s\n", strerror(errno));
        return RG_EXIT_OUTPUT;
    }
    return code;
}

const rg_command rg_cmd_timeline = {
    "timeline",
    "timeline DIR [--format F]        print the merged timeline, one event per line;\n"
    "                                   F: text (default), csv, jsonl or timesketch",
    timeline_help,
    cmd_timeline,
    opts,
    "@dir"};
