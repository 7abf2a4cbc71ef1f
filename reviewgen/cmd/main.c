/* cmd/main.c -- the reviewgen command line: finds the command in the table
 * (commands.c) and runs it (README, "Command line"). */
#include <cmark-gfm.h>
#include <jansson.h>
#include <libxml/globals.h>
#include <libxml/xmlversion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "alloc.h"
#include "cli.h"
#include "cmguard.h"
#include "output.h"
#include "pqload.h"
#include "xmlguard.h"

static void usage(FILE *f)
{
    fputs("usage: reviewgen <command> [options]\n"
          "\n"
          "Turns the exports of an incident (logs, alerts, pages, status posts, chat)\n"
          "into a blameless post-incident review.\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; rg_commands[i]; i++)
        fprintf(f, "  %s\n", rg_commands[i]->synopsis);
    fputs("\n"
          "options:\n"
          "  -h, --help      this help (reviewgen <command> --help for a command's)\n"
          "  -V, --version   print the version, and the versions of the libraries it runs with\n",
          f);
}

/* -V: ours and the libraries' versions as they run (not as compiled), which
 * is what a bug report needs. */
static void version(void)
{
    /* libxml2 says its version as one number: 20914 is 2.9.14 */
    long x = strtol(xmlParserVersion, NULL, 10);
    printf("reviewgen %s\n", RG_VERSION);
    /* libpq too: 150020 is 15.20 (and 90624 was 9.6.24) */
    int pq = rg_libpq_version(); /* loads it: pqload.h */
    char pqv[48] = "libpq not installed";
    if (pq)
        snprintf(pqv, sizeof(pqv), "libpq %d.%d", pq / 10000,
                 pq >= 100000 ? pq % 10000 : pq / 100 % 100);
    printf("sqlite %s, %s, jansson %s, libxml2 %ld.%ld.%ld, cmark-gfm %s\n", sqlite3_libversion(),
           pqv, jansson_version_str(), x / 10000, x / 100 % 100, x % 100, cmark_version_string());
}

/* Freed memory is kept for the allocations that follow instead of going
 * back to the system: a page the process touches for the first time costs a
 * page fault, and on virtual machines with shadow paging a fault costs 6 to
 * 11 us (measured here: 5,200 of them were a tenth of a whole-day build of a
 * 1 GiB log, README "Evidence of any size"). The line buffers and the second
 * thread's tables, freed after the import, then hold the model and the HTML.
 * Large blocks come from the heap too (glibc would map each one afresh) and
 * the heap is not trimmed; the peak stays what it was, and the memory is the
 * system's again when reviewgen exits. glibc only; elsewhere a no-op. */
static void keep_freed_memory(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    /* jansson allocates through us, so a failed allocation is noticed. */
    rg_alloc_install_jansson();
    /* libxml2 too, before it allocates anything (RELIABILITY.md, "Memory"). */
    rg_xml_install();
    /* cmark-gfm's extension registry allocates with cmark-gfm's aborting
     * allocator: done now, while memory is plentiful (cmguard.h). */
    rg_cm_register();
    /* Ctrl-C or a kill while outputs are being written removes our
     * temporaries (README, "Outputs and the store change together"). */
    rg_output_signals_install();
    if (argc < 2) {
        usage(stderr);
        return RG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return RG_EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        version();
        return RG_EXIT_OK;
    }
    const char *names[64];
    size_t n = 0;
    for (; rg_commands[n] && n < 64; n++) {
        if (strcmp(cmd, rg_commands[n]->name) == 0)
            return rg_commands[n]->run(argc - 1, argv + 1);
        names[n] = rg_commands[n]->name;
    }
    const char *near = rg_opts_nearest(cmd, names, n);
    if (near)
        fprintf(stderr, "reviewgen: unknown command '%s'; did you mean '%s'?\n", cmd, near);
    else
        fprintf(stderr, "reviewgen: unknown command '%s'\n", cmd);
    fprintf(stderr, "Try 'reviewgen --help'.\n");
    return RG_EXIT_USAGE;
}
