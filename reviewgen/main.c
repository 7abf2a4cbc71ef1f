/* main.c -- the reviewgen command line: the only place that prints and exits
 * (README, "Commands" and "Exit codes"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "build.h"
#include "importer.h"

/* Exit codes, documented in the README. */
enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_OUTPUT = 3 };

static const char usage_text[] =
    "usage: reviewgen <command> [options]\n"
    "\n"
    "Turns the exports of an incident (logs, alerts, pages, status posts, chat)\n"
    "into a blameless post-incident review.\n"
    "\n"
    "commands:\n"
    "  build DIR [-o OUT] [--db FILE]   write OUT/review.md, review.html, review.json\n"
    "                                   and record the incident in the store\n"
    "  timeline DIR [--raw]             print the merged timeline, one event per line\n"
    "  formats                          list the importers and what each recognises\n"
    "\n"
    "options:\n"
    "  -h, --help      this help (reviewgen <command> --help for a command's)\n"
    "  --version       print the version\n";

static const char build_help[] =
    "usage: reviewgen build DIR [-o OUT] [--db FILE | --no-store] [--templates TDIR] [-q]\n"
    "\n"
    "Reads every source in the incident folder DIR (and its incident.json, if any),\n"
    "merges them into one timeline, chooses the milestones, and writes\n"
    "OUT/review.md, OUT/review.html and OUT/review.json (OUT defaults to\n"
    "./<id>-review). The incident is recorded in the store: --db FILE, else\n"
    "$REVIEWGEN_DB, else ./reviews.db. Outputs and store change together or not at all.\n"
    "\n"
    "  -o, --out OUT       output folder (created when missing)\n"
    "  --db FILE           the SQLite store to record the incident in\n"
    "  --no-store          do not touch any store\n"
    "  --templates TDIR    use review.md.mustache, review.html.mustache and style.css\n"
    "                      from TDIR where present instead of the built-in ones\n"
    "  -q, --quiet         print only errors and warnings\n";

static const char timeline_help[] =
    "usage: reviewgen timeline DIR [--raw]\n"
    "\n"
    "Prints the merged timeline of the incident folder DIR, one event per line:\n"
    "time (UTC), kind, type, source, actor, text, origin. Runs of similar log lines\n"
    "are shown once with their count (\"48,213 x\"); --raw prints every event.\n";

static const char formats_help[] = "usage: reviewgen formats\n"
                                   "\n"
                                   "Lists the importers: their name (the manifest's \"format\"),\n"
                                   "what they produce and what they recognise.\n";

static int is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "reviewgen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'reviewgen --help'.\n");
    return EXIT_USAGE;
}

static void print_warnings(const rg_diag *d)
{
    for (size_t i = 0; i < d->n_warnings; i++) {
        char *s = rg_warning_summary(&d->warnings[i]);
        if (s)
            fprintf(stderr, "%s\n", s);
        rg_free(s);
    }
}

/* A progress line on a terminal only, so logs and pipes stay clean. */
static void progress(void *ctx, const char *path, uint64_t done, uint64_t total)
{
    (void)ctx;
    if (total == 0)
        return;
    fprintf(stderr, "\r\033[Kreading %s: %3d%% (%llu of %llu MB)", path,
            (int)(done * 100 / total), (unsigned long long)(done >> 20),
            (unsigned long long)(total >> 20));
    if (done >= total)
        fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

/* Writes text on one terminal line: control characters (including ESC, which
 * could drive the terminal) become '?', line breaks become a visible mark. */
static void put_clean(const char *s, FILE *f)
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

static int run_build(rg_build *b, const char *dir, const char *templates, int quiet,
                     rg_diag *diag)
{
    rg_build_opts opts = {dir, templates, NULL, NULL};
    if (!quiet && isatty(2))
        opts.progress = progress;
    int rc = rg_build_run(b, &opts, diag);
    if (rc != 0) {
        fprintf(stderr, "%s\n", diag->error);
        print_warnings(diag);
    }
    return rc;
}

static void print_summary(const rg_build *b, const json_t *model)
{
    const json_t *inc = json_object_get(model, "incident");
    printf("%s: %s\n", json_string_value(json_object_get(inc, "id")),
           json_string_value(json_object_get(inc, "title")));
    printf("sources:\n");
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        printf("  %-34s %-12s %8llu events", s->rel, s->importer->name,
               (unsigned long long)s->n_events);
        if (s->n_outside)
            printf(", %llu outside the window", (unsigned long long)s->n_outside);
        if (s->src.offset_us)
            printf(", clock offset %+llds", (long long)(s->src.offset_us / 1000000));
        printf("\n");
    }
    char f[32], t[32];
    if (b->has_window)
        printf("window: %s to %s (%s)\n", rg_time_format(b->window_from_us, f),
               rg_time_format(b->window_to_us, t), b->window_rule);
    else
        printf("window: none (%s)\n", b->window_rule);
    printf("events: %zu kept, %llu outside the window, %llu duplicates removed",
           b->timeline.n_events, (unsigned long long)b->n_outside,
           (unsigned long long)b->timeline.n_duplicates);
    if (b->n_status_incidents_skipped)
        printf(", %zu unrelated status-page incidents skipped", b->n_status_incidents_skipped);
    printf("\nmilestones:\n");
    for (int i = 0; i < RG_MS_COUNT; i++) {
        const rg_milestone *ms = &b->milestones.m[i];
        if (ms->present)
            printf("  %-13s %-27s  %s (%s)\n", rg_milestone_name((rg_milestone_id)i),
                   rg_time_format(ms->at_us, f), ms->origin ? ms->origin : "-", ms->rule);
        else
            printf("  %-13s %-27s  no evidence; set \"milestones\": {\"%s\": "
                   "\"...\"} in incident.json\n",
                   rg_milestone_name((rg_milestone_id)i), "-", rg_milestone_name((rg_milestone_id)i));
    }
    printf("durations:\n");
    for (int i = 0; i < RG_DUR_COUNT; i++) {
        char buf[48];
        printf("  %-20s %-16s (%s)\n", rg_duration_label((rg_duration_id)i),
               b->metrics.has[i] ? rg_duration_format(b->metrics.seconds[i], buf) : "unknown",
               rg_duration_definition((rg_duration_id)i));
    }
    for (size_t i = 0; i < b->metrics.n_findings; i++)
        printf("finding: %s: %s\n", b->metrics.findings[i].code, b->metrics.findings[i].text);
}

static int cmd_build(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL, *db = getenv("REVIEWGEN_DB"), *templates = NULL;
    int quiet = 0, no_store = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(build_help, stdout);
            return EXIT_OK;
        } else if ((!strcmp(a, "-o") || !strcmp(a, "--out")) && i + 1 < argc) {
            out = argv[++i];
        } else if (!strcmp(a, "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(a, "--templates") && i + 1 < argc) {
            templates = argv[++i];
        } else if (!strcmp(a, "--no-store")) {
            no_store = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("build: unknown or incomplete option '%s'", a);
        } else if (!dir) {
            dir = a;
        } else {
            return usage_error("build: unexpected argument '%s'", a);
        }
    }
    if (!dir)
        return usage_error("build: %s", "missing the incident folder (reviewgen build DIR)");
    if (!db || !*db)
        db = "reviews.db";
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = EXIT_OK;
    json_t *model = NULL;
    if (run_build(&b, dir, templates, quiet, &diag) != 0) {
        code = EXIT_INPUT;
        goto done;
    }
    model = rg_model_build(&b);
    if (!model) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = EXIT_OUTPUT;
        goto done;
    }
    char outbuf[4096];
    if (!out) {
        snprintf(outbuf, sizeof(outbuf), "%s-review",
                 json_string_value(json_object_get(json_object_get(model, "incident"), "id")));
        out = outbuf;
    }
    if (rg_publish(&b, model, out, no_store ? NULL : db, templates, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = EXIT_OUTPUT;
        goto done;
    }
    if (!quiet) {
        print_summary(&b, model);
        printf("wrote %s/review.md, %s/review.html, %s/review.json", out, out, out);
        if (!no_store)
            printf("; recorded in %s", db);
        printf("\n");
    }
    print_warnings(&diag);
done:
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&diag);
    return code;
}

static int cmd_timeline(int argc, char **argv)
{
    const char *dir = NULL;
    int raw = 0;
    for (int i = 0; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(timeline_help, stdout);
            return EXIT_OK;
        } else if (!strcmp(argv[i], "--raw")) {
            raw = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("timeline: unknown option '%s'", argv[i]);
        } else if (!dir) {
            dir = argv[i];
        } else {
            return usage_error("timeline: unexpected argument '%s'", argv[i]);
        }
    }
    if (!dir)
        return usage_error("timeline: %s", "missing the incident folder (reviewgen timeline DIR)");
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = EXIT_OK;
    if (run_build(&b, dir, NULL, 0, &diag) != 0) {
        code = EXIT_INPUT;
    } else {
        rg_event **list = raw ? b.timeline.events : b.timeline.entries;
        size_t n = raw ? b.timeline.n_events : b.timeline.n_entries;
        for (size_t i = 0; i < n; i++) {
            const rg_event *ev = list[i];
            char t[32];
            printf("%s  %-6s %-20s ", rg_time_format(ev->at_us, t), rg_kind_name(ev->kind),
                   ev->type);
            put_clean(ev->source, stdout);
            fputs("  ", stdout);
            put_clean(ev->actor ? ev->actor : "-", stdout);
            fputs("  ", stdout);
            if (ev->count > 1) {
                char l[32];
                printf("%llu x (until %s) ", (unsigned long long)ev->count,
                       rg_time_format(ev->last_us, l));
            }
            put_clean(ev->text, stdout);
            fputs("  (", stdout);
            put_clean(ev->origin, stdout);
            fputs(")", stdout);
            if (ev->milestone)
                printf("  [%s]", ev->milestone);
            putchar('\n');
        }
        print_warnings(&diag);
    }
    rg_build_free(&b);
    rg_diag_free(&diag);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reviewgen: cannot write the timeline: %s\n", strerror(errno));
        return EXIT_OUTPUT;
    }
    return code;
}

static int cmd_formats(int argc, char **argv)
{
    if (argc > 0 && is_help(argv[0])) {
        fputs(formats_help, stdout);
        return EXIT_OK;
    }
    if (argc > 0)
        return usage_error("formats: unexpected argument '%s'", argv[0]);
    for (size_t i = 0; rg_importers[i]; i++) {
        const rg_importer *imp = rg_importers[i];
        printf("%-13s %-7s %s\n", imp->name, rg_kind_name(imp->kind), imp->summary);
        printf("%-13s %-7s recognises: %s\n", "", "", imp->recognises);
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    /* jansson allocates through us, so a failed allocation is noticed. */
    rg_alloc_install_jansson();
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (is_help(cmd)) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("reviewgen %s\n", RG_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "build"))
        return cmd_build(argc - 2, argv + 2);
    if (!strcmp(cmd, "timeline"))
        return cmd_timeline(argc - 2, argv + 2);
    if (!strcmp(cmd, "formats"))
        return cmd_formats(argc - 2, argv + 2);
    return usage_error("unknown command '%s'", cmd);
}
