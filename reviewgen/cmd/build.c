/* cmd/build.c -- `reviewgen build DIR`: the review of one incident, written
 * with its store rows all or nothing, and a summary of what was found, for
 * people or (--json) as one JSON object for scripts (README, "build --json"). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "anonymize.h"
#include "bounds.h"
#include "cli.h"
#include "jsonutil.h"
#include "modelval.h"
#include "storeopen.h"

static const char build_help[] =
    "usage: reviewgen build DIR [-o OUT] [--db STORE | --no-store] [--force] [--templates TDIR]\n"
    "                           [--anonymize] [--appendix full|compact|none]\n"
    "                           [--busy-timeout S] [-q] [-v] [--json]\n"
    "\n"
    "Reads every source in the incident folder DIR (and its incident.json, if any),\n"
    "merges them into one timeline, chooses the milestones, and writes\n"
    "OUT/review.md, OUT/review.html and OUT/review.json (OUT defaults to\n"
    "./<id>-review). The incident is recorded in the store: --db STORE, else\n"
    "$REVIEWGEN_DB, else ./reviews.db. Outputs and store change together or not at all.\n"
    "\n"
    "OUT/review.md is the draft you edit. A review.md edited since reviewgen wrote it\n"
    "is kept: its edits (milestone times, action items, text) are read back and\n"
    "published, and the new draft from the evidence goes to OUT/review.new.md.\n"
    "\n"
    "  -o, --out OUT       output folder (created when missing)\n"
    "  --db STORE          the store: a SQLite file, or a PostgreSQL connection string\n"
    "                      (postgresql://... or service=...); else $REVIEWGEN_DB,\n"
    "                      else ./reviews.db\n"
    "  --busy-timeout S    wait up to S seconds for another writer (default 30, or\n"
    "                      $REVIEWGEN_BUSY_TIMEOUT)\n"
    "  --no-store          do not touch any store\n"
    "  --force             replace an edited review.md with the new draft (its edits\n"
    "                      are lost)\n"
    "  --anonymize         replace people's names everywhere (text and mentions too)\n"
    "                      by their role, or Responder A, B, ...\n"
    "  --appendix A        full (the default): the whole merged timeline, the sources\n"
    "                      and the warnings; compact: only the timeline's clusters\n"
    "                      and milestones; none: no appendix\n"
    "  --templates TDIR    use review.md.mustache, review.html.mustache and style.css\n"
    "                      from TDIR where present instead of the built-in ones\n"
    "  -q, --quiet         print only errors and warnings\n"
    "  -v, --verbose       print every source, warning and finding; else the\n"
    "                      summary lists the sources the review's table lists\n"
    "                      (100), the first 50 warnings and the first 10 findings\n"
    "                      of each kind, and counts the rest, which\n"
    "                      OUT/review.json lists\n"
    "  --json              print the summary as one JSON object on stdout instead of\n"
    "                      the text, warnings included (errors still go to stderr):\n"
    "                      {incident {id, title}, sources [{file, format, events,\n"
    "                      outside_window, series, samples, samples_outside_window,\n"
    "                      clock_offset_s}], window {from, to, rule}, events {kept,\n"
    "                      outside_window, duplicates_removed,\n"
    "                      status_incidents_skipped}, series {kept, merged},\n"
    "                      milestones {NAME: {at, origin, rule}}, durations {KEY:\n"
    "                      {seconds, label, definition}}, findings [{code, text,\n"
    "                      origin}], outputs {folder, files, kept_edited, store},\n"
    "                      edits {read, changes, draft_refreshed}, warnings [{key,\n"
    "                      file, line, count, message}]} (README, \"build --json\")\n";

static const rg_opt opts[] = {{"out", 'o', 1, "@dir"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"no-store", RG_KEY_NO_STORE, 0, NULL},
                              {"force", RG_KEY_FORCE, 0, NULL},
                              {"anonymize", RG_KEY_ANONYMIZE, 0, NULL},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {"json", RG_KEY_JSON, 0, NULL},
                              {"appendix", RG_KEY_APPENDIX, 1, "full compact none"},
                              {NULL, 0, 0, NULL}};

/* The summary for people. Its sources are the ones review.md's table lists
 * (model's "listed": those that are not logs, then the most records; README,
 * "Every section bounded"), in the order read, and one line counting the
 * others; every one with verbose. */
static void print_summary(const rg_build *b, const json_t *model, const char *out, int verbose)
{
    const json_t *inc = json_object_get(model, "incident");
    printf("%s: %s\n", json_string_value(json_object_get(inc, "id")),
           json_string_value(json_object_get(inc, "title")));
    printf("sources:\n");
    const json_t *rows = json_object_get(model, "sources");
    size_t not_listed = 0;
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        const json_t *listed = json_object_get(json_array_get(rows, i), "listed");
        if (!verbose && (listed ? json_is_false(listed) : i >= RG_LIST_SOURCES)) {
            not_listed++;
            continue;
        }
        printf("  %-34s %-12s %8llu events", s->rel, s->importer->name,
               (unsigned long long)s->n_events);
        if (s->n_folded)
            printf(" + %llu lines folded", (unsigned long long)s->n_folded);
        if (s->n_outside)
            printf(", %llu outside the window", (unsigned long long)s->n_outside);
        if (s->importer->kind == RG_KIND_METRIC) {
            printf(", %llu series, %llu samples", (unsigned long long)s->n_series,
                   (unsigned long long)s->n_samples);
            if (s->n_samples_outside)
                printf(" (%llu outside the window)", (unsigned long long)s->n_samples_outside);
        }
        if (s->src.offset_us)
            printf(", clock offset %+llds", (long long)(s->src.offset_us / 1000000));
        printf("\n");
    }
    char f[32], t[32];
    if (not_listed)
        printf("  \xE2\x80\xA6 and %s more source%s: %s/review.json's \"sources\" lists each "
               "(-v prints them here)\n",
               rg_model_thousands(not_listed, f), not_listed == 1 ? "" : "s", out);
    if (b->has_window)
        printf("window: %s to %s (%s)\n", rg_time_format(b->window_from_us, f),
               rg_time_format(b->window_to_us, t), b->window_rule);
    else
        printf("window: none (%s)\n", b->window_rule);
    printf("events: %zu kept, %llu outside the window, %llu duplicates removed",
           b->timeline.n_events, (unsigned long long)b->n_outside,
           (unsigned long long)b->timeline.n_duplicates);
    if (b->logsum.n_folded)
        printf(", %llu lines folded into %zu clusters", (unsigned long long)b->logsum.n_folded,
               b->logsum.n_sorted_clusters);
    if (b->n_status_incidents_skipped)
        printf(", %zu unrelated status-page incidents skipped", b->n_status_incidents_skipped);
    if (b->n_series)
        printf("\nseries: %zu kept, %zu read again and merged", b->n_series, b->n_series_merged);
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
    /* for people, as the review shows them ("15:35 UTC"); --json and
     * review.json keep the exact times. The findings review.md lists (the
     * first RG_LIST_FINDINGS_PER_CODE of each code: a status page updated
     * every few minutes for a week has thousands of gaps), every one with
     * -v. */
    const json_t *frows = json_object_get(model, "findings");
    size_t findings_not_listed = 0;
    for (size_t i = 0; i < b->metrics.n_findings; i++) {
        const json_t *listed = json_object_get(json_array_get(frows, i), "listed");
        if (!verbose && listed && json_is_false(listed)) {
            findings_not_listed++;
            continue;
        }
        char *display = rg_model_finding_display(b, b->metrics.findings[i].text);
        printf("finding: %s: %s\n", b->metrics.findings[i].code,
               display ? display : b->metrics.findings[i].text);
        rg_free(display);
    }
    if (findings_not_listed)
        printf("finding: \xE2\x80\xA6 and %s more: %s/review.json's \"findings\" lists each "
               "(-v prints them here)\n",
               rg_model_thousands(findings_not_listed, f), out);
}

/* A string, or JSON null for NULL. */
static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *count(uint64_t n)
{
    return json_integer((json_int_t)n);
}

/* `build --json` is written as it is made (README, "build --json"): the
 * fixed parts are small objects, and the two lists that follow the input,
 * sources and warnings, one row at a time, so a folder of 5,000 files and
 * 10,000 warnings never holds them all as one tree and one string. The text
 * is byte for byte what json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) gave
 * for the whole object. */
typedef struct json_out {
    FILE *f;
    int first;      /* no key written yet at the top level */
    int first_item; /* no row written yet in the open list */
    int bad;        /* out of memory (a value or its text) */
} json_out;

/* Writes v (stolen) as json_dumps(JSON_INDENT(2)) writes it `depth` levels
 * deep: its lines after the first indented 2 * depth spaces more. A newline
 * in the text is always layout, since strings escape theirs. */
static void put_value(json_out *w, json_t *v, int depth)
{
    char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
    json_decref(v);
    if (!text) {
        w->bad = 1;
        return;
    }
    for (const char *p = text; *p; p++) {
        fputc(*p, w->f);
        if (*p == '\n')
            fprintf(w->f, "%*s", 2 * depth, "");
    }
    free(text);
}

static void put_key(json_out *w, const char *key)
{
    fprintf(w->f, "%s  \"%s\": ", w->first ? "{\n" : ",\n", key);
    w->first = 0;
}

/* One top-level key and its value (stolen). */
static void put(json_out *w, const char *key, json_t *v)
{
    put_key(w, key);
    put_value(w, v, 1);
}

static void open_list(json_out *w, const char *key)
{
    put_key(w, key);
    fputc('[', w->f);
    w->first_item = 1;
}

/* A row (stolen) of the open list. */
static void put_item(json_out *w, json_t *v)
{
    fputs(w->first_item ? "\n    " : ",\n    ", w->f);
    w->first_item = 0;
    put_value(w, v, 2);
}

static void close_list(json_out *w)
{
    fputs(w->first_item ? "]" : "\n  ]", w->f);
}

/* The warnings of d as {key, file, line, count, message}; message is the
 * first occurrence's "path:line:col: text" (as on stderr without --json). */
static void json_warnings(json_out *w, const rg_diag *d)
{
    for (size_t i = 0; i < d->n_warnings; i++) {
        const rg_warning *wa = &d->warnings[i];
        json_t *o = json_object();
        rg_json_set(o, "key", json_string(wa->key));
        rg_json_set(o, "file", str_or_null(wa->path));
        rg_json_set(o, "line", wa->line > 0 ? json_integer(wa->line) : json_null());
        rg_json_set(o, "count", count(wa->count));
        rg_json_set(o, "message", json_string(wa->first));
        put_item(w, o);
    }
}

/* A warning of publish's (a computed part kept or no longer marked), in the
 * shape of json_warnings's. */
static void json_publish_warnings(json_out *w, const json_t *parts, const char *key, const char *md,
                                  const char *what)
{
    for (size_t i = 0; i < json_array_size(parts); i++) {
        char msg[1200];
        snprintf(msg, sizeof(msg), "%s: the computed part '%s' %s", md,
                 json_string_value(json_array_get(parts, i)), what);
        json_t *o = json_object();
        rg_json_set(o, "key", json_string(key));
        rg_json_set(o, "file", json_string(md));
        rg_json_set(o, "line", json_null());
        rg_json_set(o, "count", json_integer(1));
        rg_json_set(o, "message", json_string(msg));
        put_item(w, o);
    }
}

/* `build --json`: print_summary's figures, the outputs and the warnings as
 * one object on f (README, "build --json": a contract for scripts; keys are
 * only ever added), every source and warning in it. Returns 0, -1 when out of
 * memory (f then holds part of it). */
static int json_summary(FILE *f, const rg_build *b, const json_t *model,
                        const rg_publish_result *res, const char *out, const char *store,
                        const rg_diag *diag)
{
    unsigned long failures = rg_alloc_failures();
    json_out w = {f, 1, 1, 0};
    char t[32], md[4200];
    const json_t *inc = json_object_get(model, "incident");
    json_t *incident = json_object();
    rg_json_set(incident, "id", str_or_null(json_string_value(json_object_get(inc, "id"))));
    rg_json_set(incident, "title", str_or_null(json_string_value(json_object_get(inc, "title"))));
    put(&w, "incident", incident);

    open_list(&w, "sources");
    for (size_t i = 0; i < b->n_sources; i++) {
        const rg_found_source *s = &b->sources[i];
        json_t *so = json_object();
        rg_json_set(so, "file", json_string(s->rel));
        rg_json_set(so, "format", json_string(s->importer->name));
        rg_json_set(so, "events", count(s->n_events));
        rg_json_set(so, "folded", count(s->n_folded));
        rg_json_set(so, "outside_window", count(s->n_outside));
        rg_json_set(so, "series", count(s->n_series));
        rg_json_set(so, "samples", count(s->n_samples));
        rg_json_set(so, "samples_outside_window", count(s->n_samples_outside));
        rg_json_set(so, "clock_offset_s", json_integer((json_int_t)(s->src.offset_us / 1000000)));
        put_item(&w, so);
    }
    close_list(&w);

    json_t *window = json_object();
    rg_json_set(window, "from",
                b->has_window ? json_string(rg_time_format(b->window_from_us, t)) : json_null());
    rg_json_set(window, "to",
                b->has_window ? json_string(rg_time_format(b->window_to_us, t)) : json_null());
    rg_json_set(window, "rule", str_or_null(b->window_rule));
    put(&w, "window", window);

    json_t *events = json_object();
    rg_json_set(events, "kept", count(b->timeline.n_events));
    rg_json_set(events, "outside_window", count(b->n_outside));
    rg_json_set(events, "duplicates_removed", count(b->timeline.n_duplicates));
    rg_json_set(events, "folded", count(b->logsum.n_folded));
    rg_json_set(events, "status_incidents_skipped", count(b->n_status_incidents_skipped));
    put(&w, "events", events);
    json_t *series = json_object();
    rg_json_set(series, "kept", count(b->n_series));
    rg_json_set(series, "merged", count(b->n_series_merged));
    put(&w, "series", series);

    json_t *ms = json_object();
    for (int i = 0; i < RG_MS_COUNT; i++) {
        const rg_milestone *m = &b->milestones.m[i];
        json_t *mo = json_object();
        rg_json_set(mo, "at", m->present ? json_string(rg_time_format(m->at_us, t)) : json_null());
        rg_json_set(mo, "origin", str_or_null(m->present ? m->origin : NULL));
        rg_json_set(mo, "rule", str_or_null(m->present ? m->rule : NULL));
        rg_json_set(ms, rg_milestone_name((rg_milestone_id)i), mo);
    }
    put(&w, "milestones", ms);

    json_t *durations = json_object();
    for (int i = 0; i < RG_DUR_COUNT; i++) {
        json_t *d = json_object();
        rg_json_set(d, "seconds",
                    b->metrics.has[i] ? json_integer((json_int_t)b->metrics.seconds[i])
                                      : json_null());
        rg_json_set(d, "label", json_string(rg_duration_label((rg_duration_id)i)));
        rg_json_set(d, "definition", json_string(rg_duration_definition((rg_duration_id)i)));
        rg_json_set(durations, rg_duration_key((rg_duration_id)i), d);
    }
    put(&w, "durations", durations);

    open_list(&w, "findings");
    for (size_t i = 0; i < b->metrics.n_findings; i++) {
        const rg_finding *fi = &b->metrics.findings[i];
        json_t *fo = json_object();
        rg_json_set(fo, "code", json_string(fi->code));
        rg_json_set(fo, "text", json_string(fi->text));
        rg_json_set(fo, "origin", str_or_null(fi->origin));
        put_item(&w, fo);
    }
    close_list(&w);

    json_t *outputs = json_object();
    json_t *files = json_array();
    static const char *const names[] = {"review.md",    "review.html",    "review.json",
                                        "timeline.svg", "timeline.jsonl", "review.new.md"};
    for (size_t i = 0; i < 6; i++) {
        if (i == 5 && !res->kept_edited)
            break;
        snprintf(md, sizeof(md), "%s/%s", out, names[i]);
        rg_json_append(files, json_string(md));
    }
    rg_json_set(outputs, "folder", json_string(out));
    rg_json_set(outputs, "files", files);
    rg_json_set(outputs, "kept_edited", json_boolean(res->kept_edited));
    rg_json_set(outputs, "store", str_or_null(store));
    put(&w, "outputs", outputs);

    json_t *edits = json_object();
    rg_json_set(edits, "read", count(res->n_edits));
    rg_json_set(edits, "changes", res->changes ? json_incref(res->changes) : json_array());
    rg_json_set(edits, "draft_refreshed", json_boolean(res->draft_refreshed));
    put(&w, "edits", edits);

    open_list(&w, "warnings");
    json_warnings(&w, diag);
    snprintf(md, sizeof(md), "%s/review.md", out);
    json_publish_warnings(&w, res->kept, "computed-part-kept", md,
                          "was written in by hand: left as it is (the report may show old "
                          "values there)");
    json_publish_warnings(&w, res->missing, "computed-part-missing", md,
                          "is no longer marked in it: not brought up to date");
    close_list(&w);
    fputs("\n}\n", f);
    return w.bad || rg_alloc_failures() != failures ? -1 : 0;
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
    rg_publish_result res;
    memset(&res, 0, sizeof(res));
    rg_store_opening *opening = NULL;
    if (rg_cli_run_build(&b, args.dir, templates, quiet || args.json, args.verbose, &diag) != 0) {
        code = RG_EXIT_INPUT;
        goto done;
    }
    if (args.anonymize && rg_anonymize(&b, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    /* The store opens (or is created) while the review is rendered: mostly
     * waiting for the disk, 5-12 ms of a whole-day build (storeopen.h). Not
     * before the evidence is read: a build that fails on its input creates
     * no store. */
    if (!no_store)
        opening = rg_store_open_start(db);
    model = rg_model_build(&b);
    if (!model) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    char outbuf[4096];
    if (!out) {
        const char *id =
            json_string_value(json_object_get(json_object_get(model, "incident"), "id"));
        if ((size_t)snprintf(outbuf, sizeof(outbuf), "%s-review", id ? id : "") >= sizeof(outbuf)) {
            /* never a folder named after part of the id */
            fprintf(stderr, "reviewgen: the incident id is too long to name the output folder "
                            "after; give one with -o\n");
            code = RG_EXIT_OUTPUT;
            goto done;
        }
        out = outbuf;
    }
    rg_publish_opts po = {out,  no_store ? NULL : db, templates,     args.force,
                          NULL, args.anonymize,       args.appendix, &opening};
    if (rg_publish_ex(&b, model, &po, &res, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = res.input_error ? RG_EXIT_INPUT : RG_EXIT_OUTPUT;
        goto done;
    }
    if (args.json) {
        char name[1024];
        int rc = json_summary(stdout, &b, res.model ? res.model : model, &res, out,
                              no_store ? NULL : rg_cli_store_name(db, name, sizeof(name)), &diag);
        if (rc != 0) {
            fprintf(stderr, "reviewgen: out of memory writing the summary\n");
            code = RG_EXIT_OUTPUT;
        } else if (ferror(stdout) || fflush(stdout) != 0) {
            fprintf(stderr, "reviewgen: cannot write the summary: %s\n", strerror(errno));
            code = RG_EXIT_OUTPUT;
        }
        goto done;
    }
    if (!quiet) {
        char name[1024];
        /* after an edit, the numbers are the published ones */
        print_summary(&b, res.model ? res.model : model, out, args.verbose);
        printf("wrote %s/review.md%s, %s/review.html, %s/review.json, %s/timeline.svg, "
               "%s/timeline.jsonl",
               out, res.kept_edited ? " (kept: edited)" : "", out, out, out, out);
        if (res.kept_edited)
            printf(", %s/review.new.md", out);
        if (!no_store)
            printf("; recorded in %s", rg_cli_store_name(db, name, sizeof(name)));
        printf("\n");
        char md[4200];
        snprintf(md, sizeof(md), "%s/review.md", out);
        rg_cli_print_publish(&res, md);
    } else if (res.kept_edited) {
        fprintf(stderr, "%s/review.md was edited: kept; the new draft is %s/review.new.md\n", out,
                out);
    }
    char json_path[4200];
    snprintf(json_path, sizeof(json_path), "%s/review.json", out);
    rg_cli_print_warnings_bounded(&diag, json_path, args.verbose);
done:
    rg_store_open_cancel(opening);
    rg_publish_result_free(&res);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_build = {
    "build",
    "build DIR [-o OUT] [--db STORE]  write OUT/review.md, review.html, review.json\n"
    "                                   and record the incident in the store",
    build_help,
    cmd_build,
    opts,
    "@dir"};
