/* cmd/build.c -- `reviewgen build DIR`: the review of one incident, written
 * with its store rows all or nothing, and a summary of what was found. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "anonymize.h"
#include "cli.h"

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
    "  --anonymize         replace people's names everywhere (text and mentions too)\n"
    "                      by their role, or Responder A, B, ...\n"
    "  --templates TDIR    use review.md.mustache, review.html.mustache and style.css\n"
    "                      from TDIR where present instead of the built-in ones\n"
    "  -q, --quiet         print only errors and warnings\n";

static const rg_opt opts[] = {{"out", 'o', 1, "@dir"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"no-store", RG_KEY_NO_STORE, 0, NULL},
                              {"anonymize", RG_KEY_ANONYMIZE, 0, NULL},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"quiet", 'q', 0, NULL},
                              {NULL, 0, 0, NULL}};

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
                   rg_milestone_name((rg_milestone_id)i), "-",
                   rg_milestone_name((rg_milestone_id)i));
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
    rg_build_args args = {.out = NULL};
    int stop = rg_cli_build_args("build", build_help, "the incident folder (reviewgen build DIR)",
                                 opts, argc, argv, &args);
    if (stop >= 0)
        return stop;
    const char *out = args.out, *db = args.db, *templates = args.templates;
    int quiet = args.quiet, no_store = args.no_store;
    rg_diag diag;
    rg_diag_init(&diag);
    rg_build b;
    int code = RG_EXIT_OK;
    json_t *model = NULL;
    if (rg_cli_run_build(&b, args.dir, templates, quiet, &diag) != 0) {
        code = RG_EXIT_INPUT;
        goto done;
    }
    if (args.anonymize && rg_anonymize(&b, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    model = rg_model_build(&b);
    if (!model) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
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
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    if (!quiet) {
        print_summary(&b, model);
        printf("wrote %s/review.md, %s/review.html, %s/review.json, %s/timeline.svg", out, out, out,
               out);
        if (!no_store)
            printf("; recorded in %s", db);
        printf("\n");
    }
    rg_cli_print_warnings(&diag);
done:
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_build = {
    "build",
    "build DIR [-o OUT] [--db FILE]   write OUT/review.md, review.html, review.json\n"
    "                                   and record the incident in the store",
    build_help,
    cmd_build,
    opts,
    "@dir"};
