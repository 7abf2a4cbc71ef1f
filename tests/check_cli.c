/* check_cli.c -- the command line as a user meets it: exit codes, help,
 * whole error lines on stderr, what `build` prints. Runs build/reviewgen. */
#include <jansson.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "check_util.h"

#ifndef RG_BIN
#define RG_BIN "build/reviewgen"
#endif

/* Runs a shell command line; returns its exit status and its stdout and
 * stderr (rg_malloc'd, NUL-terminated). */
static int run(const char *args, char **out, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "%s %s >build/test-scratch/cli.out 2>build/test-scratch/cli.err",
             getenv("RG_BIN") ? getenv("RG_BIN") : RG_BIN, args);
    mkdir("build/test-scratch", 0777);
    int st = system(cmd);
    const char *files[2] = {"build/test-scratch/cli.out", "build/test-scratch/cli.err"};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "rb");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
        long size = ftell(f);
        rewind(f);
        char *buf = rg_malloc((size_t)size + 1);
        ck_assert_ptr_nonnull(buf);
        size_t n = fread(buf, 1, (size_t)size, f);
        buf[n] = '\0';
        fclose(f);
        *dst[i] = buf;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(test_version_and_help)
{
    char *out, *err;
    ck_assert_int_eq(run("--version", &out, &err), 0);
    /* the libraries as they run: "sqlite 3.40.1, libpq 15.20, jansson 2.14, ..." */
    ck_assert_int_eq(strncmp(out, "reviewgen " RG_VERSION "\nsqlite ", strlen(RG_VERSION) + 18), 0);
    ck_assert_ptr_nonnull(strstr(out, ", libpq "));
    ck_assert_ptr_nonnull(strstr(out, ", jansson "));
    ck_assert_ptr_nonnull(strstr(out, ", libxml2 2."));
    ck_assert_ptr_nonnull(strstr(out, ", cmark-gfm 0."));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("-V", &out, &err), 0);
    ck_assert_int_eq(strncmp(out, "reviewgen " RG_VERSION "\n", strlen(RG_VERSION) + 11), 0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("--help", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: reviewgen <command> [options]"));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build --help", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "usage: reviewgen build DIR"));
    rg_free(out);
    rg_free(err);
}
END_TEST

/* libpq is loaded when a PostgreSQL store is used (reviewgen/pqload.h):
 * without it, --version says so, a build into a SQLite store works, and a
 * PostgreSQL target fails with one line naming the file; a library without
 * libpq's functions is named with the first one missing. */
START_TEST(test_libpq_loaded_on_use)
{
    char *out, *err;
    setenv("REVIEWGEN_LIBPQ", "/nonexistent/libpq.so.5", 1);
    ck_assert_int_eq(run("--version", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, ", libpq not installed, jansson "));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build samples/inc-2041-checkout -o build/test-scratch/pq.out --db "
                         "build/test-scratch/pq.db --quiet",
                         &out, &err),
                     0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build samples/inc-2041-checkout -o build/test-scratch/pq.out --db "
                         "'host=/nonexistent dbname=x'",
                         &out, &err),
                     3);
    ck_assert_str_eq(err, "(a PostgreSQL connection string): cannot connect to the store: cannot "
                          "load libpq (/nonexistent/libpq.so.5); on Debian: apt-get install "
                          "libpq5\n");
    rg_free(out);
    rg_free(err);
    setenv("REVIEWGEN_LIBPQ", "libc.so.6", 1);
    ck_assert_int_eq(run("build samples/inc-2041-checkout -o build/test-scratch/pq.out --db "
                         "postgresql://localhost/x",
                         &out, &err),
                     3);
    ck_assert_str_eq(err, "postgresql://localhost/x: cannot connect to the store: libpq "
                          "(libc.so.6) has no PQclear: reviewgen needs libpq 14 or later\n");
    rg_free(out);
    rg_free(err);
    unsetenv("REVIEWGEN_LIBPQ");
}
END_TEST

START_TEST(test_usage_errors)
{
    char *out, *err;
    ck_assert_int_eq(run("frobnicate", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: unknown command 'frobnicate'\nTry 'reviewgen --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("timelime x", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: unknown command 'timelime'; did you mean 'timeline'?\n"
                          "Try 'reviewgen --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build: missing the incident folder (reviewgen build DIR)\n"
                          "Try 'reviewgen build --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build x --colour", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build: unknown option '--colour'\n"
                          "Try 'reviewgen build --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build x --appendix=short", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build: --appendix must be full, compact or none, not "
                          "'short'\nTry 'reviewgen build --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build-all x --appendix", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: build-all: option '--appendix' needs a value\n"
                          "Try 'reviewgen build-all --help'.\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_bad_input_exit_1)
{
    char *out, *err;
    /* a truncated pager export: the file, line and column, and nothing on stdout */
    ck_assert_int_eq(run("timeline tests/fixtures/pagerduty/invalid/truncated", &out, &err), 1);
    ck_assert_str_eq(out, "");
    const char *want = "tests/fixtures/pagerduty/invalid/truncated/input:4:22: unexpected end "
                       "of file (truncated?): premature end of input near '\"Trigg'\n";
    ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "stderr: %s", err);
    /* the fixture's "error" file beside it is a warning, after the error */
    ck_assert_ptr_nonnull(strstr(
        err, "truncated/error: not recognised and skipped: no importer reads this kind of file"));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build tests/fixtures/does-not-exist --no-store", &out, &err), 1);
    ck_assert_str_eq(err, "tests/fixtures/does-not-exist: cannot open the incident folder: No "
                          "such file or directory\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_formats)
{
    char *out, *err;
    ck_assert_int_eq(run("formats", &out, &err), 0);
    const char *names[] = {"slack",      "pagerduty", "alertmanager",
                           "statuspage", "jsonlines", "syslog"};
    const char *at = out;
    for (size_t i = 0; i < 6; i++) {
        char want[64];
        snprintf(want, sizeof(want), "%s ", names[i]);
        const char *p = strstr(at, want);
        ck_assert_msg(p != NULL, "%s missing or out of order", names[i]);
        at = p;
    }
    /* The names' column is as wide as the longest name. */
    ck_assert_ptr_nonnull(strstr(out, "\ncloudwatch-alarms  alert   AWS CloudWatch"));
    ck_assert_ptr_nonnull(strstr(out, "\nnagios             alert   Nagios"));
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_build_prints_what_it_found)
{
    char *out, *err;
    /* a review.md left by another run would be kept as edited */
    ck_assert_int_eq(system("rm -rf build/test-scratch/cli-out"), 0);
    ck_assert_int_eq(
        run("build tests/fixtures/build/good -o build/test-scratch/cli-out --no-store", &out, &err),
        0);
    ck_assert_ptr_nonnull(strstr(out, "INC-9001: Search latency after a bad deploy\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  alerts.json                        alertmanager        2 events\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  pagerduty.json                     pagerduty           3 events\n"));
    ck_assert_ptr_nonnull(
        strstr(out, "  acknowledged  2026-10-02T10:04:30Z         pagerduty.json:12 (first human "
                    "page.acknowledged)\n"));
    ck_assert_ptr_nonnull(strstr(
        out, "  time to acknowledge  4 min 30 s       (acknowledged \xE2\x88\x92 detected)\n"));
    ck_assert_ptr_nonnull(strstr(out, "wrote build/test-scratch/cli-out/review.md, "));
    rg_free(out);
    rg_free(err);
    /* the timeline: one event per line, oldest first */
    ck_assert_int_eq(run("timeline tests/fixtures/build/good", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "2026-10-02T10:00:00Z  alert  alert.firing"));
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 5);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* `-` reads one file from stdin; messages call it <stdin> */
START_TEST(test_stdin_lint)
{
    char *out, *err;
    ck_assert_int_eq(run("lint - <tests/fixtures/cli/blame.md", &out, &err), 4);
    ck_assert_str_eq(
        out, "<stdin>:3:30: human-error: 'human error' puts the cause on a person (describe what "
             "the system allowed or made hard)\n"
             "<stdin>:4:1: condescending: 'Obviously' tells the reader it was easy (leave the word "
             "out and explain the point instead)\n"
             "<stdin>:4:19: counterfactual: 'should have' judges with hindsight (say what people "
             "knew and saw at the time, and why the action made sense then)\n");
    ck_assert_str_eq(err, "");
    rg_free(out);
    rg_free(err);
    /* starting with '{': an incident.json, with its parse errors located */
    ck_assert_int_eq(run("lint - <tests/fixtures/cli/bad-manifest.json", &out, &err), 1);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "<stdin>:3:1: string or '}' expected near '}'\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("lint - tests/fixtures/cli/blame.md - </dev/null", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: lint: '-' (standard input) can be given once\n"
                          "Try 'reviewgen lint --help'.\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_lint_format_json)
{
    char *out, *err;
    ck_assert_int_eq(run("lint --format=json - <tests/fixtures/cli/blame.md", &out, &err), 4);
    ck_assert_str_eq(out,
                     "{\n"
                     "  \"findings\": [\n"
                     "    {\n"
                     "      \"file\": \"<stdin>\",\n"
                     "      \"line\": 3,\n"
                     "      \"col\": 30,\n"
                     "      \"rule\": \"human-error\",\n"
                     "      \"message\": \"'human error' puts the cause on a person\",\n"
                     "      \"suggestion\": \"describe what the system allowed or made hard\"\n"
                     "    },\n"
                     "    {\n"
                     "      \"file\": \"<stdin>\",\n"
                     "      \"line\": 4,\n"
                     "      \"col\": 1,\n"
                     "      \"rule\": \"condescending\",\n"
                     "      \"message\": \"'Obviously' tells the reader it was easy\",\n"
                     "      \"suggestion\": \"leave the word out and explain the point "
                     "instead\"\n"
                     "    },\n"
                     "    {\n"
                     "      \"file\": \"<stdin>\",\n"
                     "      \"line\": 4,\n"
                     "      \"col\": 19,\n"
                     "      \"rule\": \"counterfactual\",\n"
                     "      \"message\": \"'should have' judges with hindsight\",\n"
                     "      \"suggestion\": \"say what people knew and saw at the time, and "
                     "why the action made sense then\"\n"
                     "    }\n"
                     "  ]\n"
                     "}\n");
    rg_free(out);
    rg_free(err);
    /* clean text: an empty list and exit 0; a file that cannot be read is
     * still exit 1, its error on stderr, the document on stdout */
    ck_assert_int_eq(run("lint --format json tests/fixtures/cli/hello.md", &out, &err), 0);
    ck_assert_str_eq(out, "{\n  \"findings\": []\n}\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("lint --format json tests/fixtures/cli/missing.md tests/fixtures/cli/hello.md", &out,
            &err),
        1);
    ck_assert_str_eq(out, "{\n  \"findings\": []\n}\n");
    ck_assert_str_eq(err,
                     "tests/fixtures/cli/missing.md: cannot read: No such file or directory\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("lint --format text - <tests/fixtures/cli/hello.md", &out, &err), 0);
    ck_assert_str_eq(out, "");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("lint --format xml x.md", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: lint: unknown format 'xml' (text or json)\n"
                          "Try 'reviewgen lint --help'.\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_stdin_html)
{
    char *out, *err;
    /* from stdin to stdout: a filter, nothing else printed */
    ck_assert_int_eq(run("html - <tests/fixtures/cli/hello.md", &out, &err), 0);
    ck_assert_str_eq(err, "");
    ck_assert_int_eq(strncmp(out, "<!DOCTYPE html>\n", 16), 0);
    ck_assert_ptr_nonnull(strstr(out, "<title>Title</title>"));
    ck_assert_ptr_nonnull(strstr(out, "<p>Hello <em>world</em>.</p>"));
    ck_assert_ptr_nonnull(strstr(out, "</html>\n"));
    rg_free(out);
    rg_free(err);
    /* -o FILE still writes the file; -o - sends a file's HTML to stdout */
    ck_assert_int_eq(system("rm -f build/test-scratch/stdin.html"), 0);
    ck_assert_int_eq(
        run("html - -o build/test-scratch/stdin.html <tests/fixtures/cli/hello.md", &out, &err), 0);
    ck_assert_str_eq(out, "wrote build/test-scratch/stdin.html\n");
    struct stat st;
    ck_assert_int_eq(stat("build/test-scratch/stdin.html", &st), 0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("html tests/fixtures/cli/hello.md -o -", &out, &err), 0);
    ck_assert_int_eq(strncmp(out, "<!DOCTYPE html>\n", 16), 0);
    ck_assert_ptr_nonnull(strstr(out, "<p>Hello <em>world</em>.</p>"));
    rg_free(out);
    rg_free(err);
    /* errors name <stdin> and write nothing */
    ck_assert_int_eq(run("html - <tests/fixtures/cli/deep.md", &out, &err), 1);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "<stdin>:3:1: 40 nested block quotes or lists (the limit is 32)\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_stdin_template)
{
    char *out, *err;
    ck_assert_int_eq(
        run("template - tests/fixtures/cli/data.json <tests/fixtures/cli/hi.mustache", &out, &err),
        0);
    ck_assert_str_eq(out, "hi &lt;b&gt;\n");
    ck_assert_str_eq(err, "");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("template tests/fixtures/cli/hi.mustache - <tests/fixtures/cli/data.json", &out, &err),
        0);
    ck_assert_str_eq(out, "hi &lt;b&gt;\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("template - tests/fixtures/cli/data.json <tests/fixtures/cli/unclosed.mustache", &out,
            &err),
        1);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "<stdin>:1:4: unclosed section 'x'\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("template tests/fixtures/cli/hi.mustache - <tests/fixtures/cli/bad-data.json", &out,
            &err),
        1);
    ck_assert_str_eq(err, "<stdin>:3:1: string or '}' expected near '}'\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("template - - </dev/null", &out, &err), 2);
    ck_assert_str_eq(err,
                     "reviewgen: template: only one of FILE and DATA can be - (standard input)\n"
                     "Try 'reviewgen template --help'.\n");
    rg_free(out);
    rg_free(err);
}
END_TEST

static const json_t *at(const json_t *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof(key), "%.*s", (int)n, path);
        o = json_object_get(o, key);
        path += n + (path[n] == '.');
    }
    ck_assert_msg(o != NULL, "missing %s", path);
    return o;
}

static void want_str(const json_t *o, const char *path, const char *want)
{
    const json_t *v = at(o, path);
    ck_assert_msg(json_is_string(v), "%s is not a string", path);
    ck_assert_str_eq(json_string_value(v), want);
}

static void want_int(const json_t *o, const char *path, long long want)
{
    const json_t *v = at(o, path);
    ck_assert_msg(json_is_integer(v), "%s is not an integer", path);
    ck_assert_int_eq(json_integer_value(v), want);
}

/* `build --json`: the summary as one object, and nothing else on stdout */
START_TEST(test_build_json)
{
    char *out, *err;
    ck_assert_int_eq(system("rm -rf build/test-scratch/cli-json"), 0);
    ck_assert_int_eq(run("build samples/inc-2041-checkout -o build/test-scratch/cli-json "
                         "--no-store --json",
                         &out, &err),
                     0);
    ck_assert_str_eq(err, "");
    json_error_t je;
    json_t *o = json_loads(out, 0, &je);
    ck_assert_msg(o != NULL, "not one JSON document: %s", je.text);
    const char *keys[] = {"incident",  "sources",  "window",  "events", "series",  "milestones",
                          "durations", "findings", "outputs", "edits",  "warnings"};
    ck_assert_uint_eq(json_object_size(o), 11);
    for (size_t i = 0; i < 11; i++)
        ck_assert_msg(json_object_get(o, keys[i]) != NULL, "no key %s", keys[i]);
    want_str(o, "incident.id", "INC-2041");
    want_str(o, "incident.title", "Checkout failures after database failover");

    const json_t *sources = at(o, "sources");
    ck_assert_uint_eq(json_array_size(sources), 6);
    const json_t *syslog = json_array_get(sources, 4);
    ck_assert_uint_eq(json_object_size(syslog), 9);
    want_str(syslog, "file", "db-primary.syslog");
    want_str(syslog, "format", "syslog");
    /* its 180 in-window lines: errors and warnings (up to 20 a cluster) are
     * events, the rest folded (README, "Evidence of any size") */
    want_int(syslog, "events", 27);
    want_int(syslog, "folded", 153);
    want_int(syslog, "outside_window", 6);
    want_int(syslog, "series", 0);
    want_int(syslog, "samples", 0);
    want_int(syslog, "samples_outside_window", 0);
    want_int(syslog, "clock_offset_s", -42);

    want_str(o, "window.from", "2026-11-20T13:03:31.402857Z");
    want_str(o, "window.to", "2026-11-20T18:15:05.682453Z");
    want_int(o, "events.kept", 193);
    want_int(o, "events.folded", 1829);
    want_int(o, "events.outside_window", 24);
    want_int(o, "events.duplicates_removed", 7);
    want_int(o, "events.status_incidents_skipped", 2);
    want_int(o, "series.kept", 0);

    ck_assert_uint_eq(json_object_size(at(o, "milestones")), 8);
    want_str(o, "milestones.started.at", "2026-11-20T14:02:01Z");
    want_str(o, "milestones.started.origin", "db-primary.syslog:95");
    want_str(o, "milestones.started.rule", "start of the first error burst");
    want_str(o, "milestones.detected.at", "2026-11-20T14:03:31.402857Z");
    want_str(o, "milestones.acknowledged.at", "2026-11-20T14:07:40Z");
    want_str(o, "milestones.mobilized.at", "2026-11-20T14:10:11.902857Z");
    want_str(o, "milestones.communicated.at", "2026-11-20T14:14:20.713000Z");
    want_str(o, "milestones.mitigated.at", "2026-11-20T14:43:46.118204Z");
    want_str(o, "milestones.recovered.at", "2026-11-20T15:58:30Z");
    want_str(o, "milestones.resolved.at", "2026-11-20T15:35:00.412000Z");

    ck_assert_uint_eq(json_object_size(at(o, "durations")), 8);
    want_int(o, "durations.time_to_detect.seconds", 90);
    want_int(o, "durations.time_to_acknowledge.seconds", 249);
    want_int(o, "durations.time_to_mobilize.seconds", 401);
    want_int(o, "durations.time_to_communicate.seconds", 649);
    want_int(o, "durations.time_to_mitigate.seconds", 2505);
    want_int(o, "durations.time_to_recover.seconds", 6989);
    want_int(o, "durations.validation_window.seconds", 3074);
    want_int(o, "durations.total_duration.seconds", 5579);
    want_str(o, "durations.time_to_acknowledge.label", "time to acknowledge");
    want_str(o, "durations.time_to_acknowledge.definition", "acknowledged \xE2\x88\x92 detected");

    const json_t *findings = at(o, "findings");
    ck_assert_uint_eq(json_array_size(findings), 2);
    want_str(json_array_get(findings, 0), "code", "announced-before-recovered");
    want_str(json_array_get(findings, 0), "origin", "statuspage-incidents.json:23");
    want_str(json_array_get(findings, 1), "code", "update-gap-over-policy");

    want_str(o, "outputs.folder", "build/test-scratch/cli-json");
    const json_t *files = at(o, "outputs.files");
    ck_assert_uint_eq(json_array_size(files), 5);
    ck_assert_str_eq(json_string_value(json_array_get(files, 0)),
                     "build/test-scratch/cli-json/review.md");
    ck_assert_str_eq(json_string_value(json_array_get(files, 4)),
                     "build/test-scratch/cli-json/timeline.jsonl");
    ck_assert(json_is_false(at(o, "outputs.kept_edited")));
    ck_assert(json_is_null(at(o, "outputs.store")));
    want_int(o, "edits.read", 0);
    ck_assert_uint_eq(json_array_size(at(o, "warnings")), 0);
    json_decref(o);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* warnings go into the object, not to stderr; errors stay on stderr */
START_TEST(test_build_json_warnings_and_errors)
{
    char *out, *err;
    ck_assert_int_eq(system("rm -rf build/test-scratch/cli-json-warned"), 0);
    ck_assert_int_eq(run("build tests/fixtures/cli/warned --no-store --json "
                         "-o build/test-scratch/cli-json-warned",
                         &out, &err),
                     0);
    ck_assert_str_eq(err, "");
    json_t *o = json_loads(out, 0, NULL);
    ck_assert_ptr_nonnull(o);
    const json_t *warnings = at(o, "warnings");
    ck_assert_uint_eq(json_array_size(warnings), 1);
    const json_t *w = json_array_get(warnings, 0);
    ck_assert_uint_eq(json_object_size(w), 5);
    want_str(w, "key", "unrecognised");
    want_str(w, "file", "tests/fixtures/cli/warned/notes.bin");
    ck_assert(json_is_null(at(w, "line")));
    want_int(w, "count", 1);
    want_str(w, "message",
             "tests/fixtures/cli/warned/notes.bin: not recognised and skipped: no importer reads "
             "this kind of file (`reviewgen sniff tests/fixtures/cli/warned/notes.bin` shows "
             "every importer's score; see `reviewgen formats`)");
    json_decref(o);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build tests/fixtures/pagerduty/invalid/truncated --no-store --json "
                         "-o build/test-scratch/cli-json-bad",
                         &out, &err),
                     1);
    ck_assert_str_eq(out, "");
    ck_assert_ptr_nonnull(strstr(err, "truncated/input:4:22: unexpected end of file"));
    rg_free(out);
    rg_free(err);
}
END_TEST

/* ---- a folder of 5,000 log files and 10,000 warnings (README, "Every
 * section bounded") ---- */

#define N_FILES 5000
#define BIG "build/test-scratch/cli-5000"

/* BIG/all/inc: 5,000 jsonlines files, each with one event, a line without a
 * time and one with a time that is not one: 10,000 warnings of two classes,
 * no-time and bad-time, met in turn, file after file. */
static void big_incident(void)
{
    ck_assert_int_eq(system("rm -rf " BIG " && mkdir -p " BIG "/all/inc"), 0);
    FILE *f = fopen(BIG "/all/inc/incident.json", "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-5000\", \"title\": \"Five thousand files\"}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    for (int i = 0; i < N_FILES; i++) {
        char name[64];
        snprintf(name, sizeof(name), BIG "/all/inc/svc%04d.log", i);
        f = fopen(name, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f,
                "{\"level\":40,\"time\":%lld,\"hostname\":\"web-%d\",\"msg\":\"slow disk on "
                "volume vola\"}\n",
                1790000000000LL + i * 1000LL, i);
        fputs("{\"level\":40,\"hostname\":\"web\",\"msg\":\"no time here\"}\n", f);
        fputs("{\"level\":40,\"time\":\"yesterday\",\"hostname\":\"web\",\"msg\":\"odd\"}\n", f);
        ck_assert_int_eq(fclose(f), 0);
    }
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The last line of s (which ends with a newline), as a copy in buf. */
static const char *last_line(const char *s, char *buf, size_t cap)
{
    size_t n = strlen(s);
    ck_assert_uint_gt(n, 0);
    ck_assert_int_eq(s[n - 1], '\n');
    size_t b = n - 1;
    while (b > 0 && s[b - 1] != '\n')
        b--;
    snprintf(buf, cap, "%.*s", (int)(n - 1 - b), s + b);
    return buf;
}

/* The bounded warnings of BIG's incident on stderr: the first 50 (files 0 to
 * 24, each no-time then bad-time), one line per class of the rest, and the
 * counts with where every one is (json: the review.json written; NULL when
 * the command writes none). */
static void assert_bounded_warnings(const char *err, const char *json)
{
    char buf[600], want[600];
    ck_assert_uint_eq(count_lines(err), 50 + 2 + 1);
    ck_assert_ptr_nonnull(strstr(err, "warning: " BIG "/all/inc/svc0024.log:3:20: unreadable "
                                      "time 'yesterday' in \"time\"; line skipped\n"
                                      "reviewgen: no-time: 4,975 more warnings (4,975 "
                                      "occurrences); the first: " BIG
                                      "/all/inc/svc0025.log:2: JSON line has no time field "
                                      "(\"@timestamp\", \"timestamp\", \"time\", \"@t\", \"ts\", "
                                      "\"t\" or \"date\"); skipped\n"
                                      "reviewgen: bad-time: 4,975 more warnings (4,975 "
                                      "occurrences); the first: " BIG
                                      "/all/inc/svc0025.log:3:20: unreadable time 'yesterday' in "
                                      "\"time\"; line skipped\n"));
    ck_assert_ptr_null(strstr(err, "svc0025.log:2: JSON line has no time field (\"@timestamp\", "
                                   "\"timestamp\", \"time\", \"@t\", \"ts\", \"t\" or \"date\"); "
                                   "skipped\nwarning"));
    if (json)
        snprintf(want, sizeof(want),
                 "reviewgen: 9,950 more warnings of the 10,000 not printed here, counted by "
                 "class; %s's \"warnings\" lists every one (-v prints them all)",
                 json);
    else /* nothing written */
        snprintf(want, sizeof(want),
                 "reviewgen: 9,950 more warnings of the 10,000 not printed here, counted by "
                 "class (-v prints them all)");
    ck_assert_str_eq(last_line(err, buf, sizeof(buf)), want);
}

/* Every one of BIG's 10,000 warnings on stderr (-v), the last file's last. */
static void assert_every_warning(const char *err)
{
    char buf[600];
    ck_assert_uint_eq(count_lines(err), 2 * N_FILES);
    ck_assert_str_eq(last_line(err, buf, sizeof(buf)),
                     "warning: " BIG "/all/inc/svc4999.log:3:20: unreadable time 'yesterday' in "
                     "\"time\"; line skipped");
}

/* `build` of 5,000 files and 10,000 warnings prints the 100 sources the
 * review lists and one line for the others, and the first 50 warnings and
 * the rest counted by class; -v prints all of them. Before: 5,031 lines on
 * stdout and 10,000 on stderr. */
START_TEST(test_build_summary_bounded)
{
    char *out, *err, buf[600];
    big_incident();
    ck_assert_int_eq(run("build " BIG "/all/inc -o " BIG "/out --no-store", &out, &err), 0);
    ck_assert_uint_eq(count_lines(out), 132);
    ck_assert_ptr_nonnull(strstr(out, "sources:\n  svc0000.log   "));
    ck_assert_ptr_nonnull(
        strstr(out, "  svc0099.log                        jsonlines           1 events\n"
                    "  \xE2\x80\xA6 and 4,900 more sources: " BIG
                    "/out/review.json's \"sources\" lists each (-v prints them here)\n"
                    "window: none"));
    ck_assert_ptr_null(strstr(out, "svc0100.log"));
    ck_assert_str_eq(last_line(out, buf, sizeof(buf)),
                     "wrote " BIG "/out/review.md, " BIG "/out/review.html, " BIG
                     "/out/review.json, " BIG "/out/timeline.svg, " BIG "/out/timeline.jsonl");
    assert_bounded_warnings(err, BIG "/out/review.json");
    rg_free(out);
    rg_free(err);

    /* -v: every source and every warning, as before */
    ck_assert_int_eq(run("build " BIG "/all/inc -o " BIG "/out --no-store -v", &out, &err), 0);
    ck_assert_uint_eq(count_lines(out), 132 - 1 + 4900);
    ck_assert_ptr_nonnull(strstr(out, "  svc4999.log   "));
    assert_every_warning(err);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* A status page updated every five minutes for two hours, against a
 * one-minute update policy: 24 gaps over the policy. The terminal lists the
 * ten review.md lists (the first of the code), then the other codes'
 * findings, and says where the 14 others are; -v prints all 24. */
START_TEST(test_build_findings_bounded)
{
    const char *dir = "build/test-scratch/cli-findings";
    ck_assert_int_eq(system("rm -rf build/test-scratch/cli-findings && mkdir -p "
                            "build/test-scratch/cli-findings/inc"),
                     0);
    FILE *f = fopen("build/test-scratch/cli-findings/inc/incident.json", "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"GAPS-1\", \"title\": \"Gaps\", \"policy\": {\"update_interval\": \"1m\"}}\n",
          f);
    fclose(f);
    f = fopen("build/test-scratch/cli-findings/inc/statuspage-incidents.json", "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"page\": {\"id\": \"p1\", \"name\": \"Shop\"}, \"incidents\": [{\"id\": \"i1\", "
          "\"name\": \"Checkout failures\", \"status\": \"resolved\", \"impact\": \"major\", "
          "\"created_at\": \"2026-11-20T14:00:00Z\", \"resolved_at\": \"2026-11-20T16:00:00Z\", "
          "\"incident_updates\": [",
          f);
    for (int i = 24; i >= 0; i--)
        fprintf(f,
                "%s{\"id\": \"u%d\", \"status\": \"%s\", \"body\": \"Update %d.\", "
                "\"created_at\": \"2026-11-20T%02d:%02d:00Z\"}",
                i == 24 ? "" : ", ", i,
                i == 24  ? "resolved"
                : i == 0 ? "investigating"
                         : "identified",
                i, 14 + i * 5 / 60, i * 5 % 60);
    fputs("]}]}\n", f);
    fclose(f);
    char *out, *err, cmd[300];
    snprintf(cmd, sizeof(cmd), "build %s/inc -o %s/out --no-store", dir, dir);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    size_t shown = 0;
    for (const char *p = out; (p = strstr(p, "finding: update-gap-over-policy: ")) != NULL; p++)
        shown++;
    ck_assert_uint_eq(shown, 10);
    ck_assert_ptr_nonnull(strstr(
        out, "finding: update-gap-over-policy: Customers waited 5 min between status updates, "
             "from 14:45 UTC to 14:50 UTC, over the 1 min policy.\n"
             "finding: milestone-missing: "));
    ck_assert_ptr_nonnull(strstr(
        out,
        "\nfinding: \xE2\x80\xA6 and 14 more: build/test-scratch/cli-findings/out/review.json's "
        "\"findings\" lists each (-v prints them here)\n"));
    rg_free(out);
    rg_free(err);
    snprintf(cmd, sizeof(cmd), "build %s/inc -o %s/out --no-store -v", dir, dir);
    ck_assert_int_eq(run(cmd, &out, &err), 0);
    shown = 0;
    for (const char *p = out; (p = strstr(p, "finding: update-gap-over-policy: ")) != NULL; p++)
        shown++;
    ck_assert_uint_eq(shown, 24);
    ck_assert_ptr_null(strstr(out, "more: "));
    rg_free(out);
    rg_free(err);
}
END_TEST

#if !defined(__SANITIZE_ADDRESS__)
/* The peak memory of a shell command line and what it runs, in KiB,
 * measured in a child of its own (RUSAGE_CHILDREN keeps the largest peak
 * of all children waited for). */
static long peak_kib(const char *cmd)
{
    int fd[2];
    ck_assert_int_eq(pipe(fd), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct rusage ru;
        long kib = system(cmd) == 0 && getrusage(RUSAGE_CHILDREN, &ru) == 0 ? ru.ru_maxrss : -1;
        _exit(write(fd[1], &kib, sizeof(kib)) == (ssize_t)sizeof(kib) ? 0 : 1);
    }
    close(fd[1]);
    long kib = -1;
    ck_assert_int_eq(read(fd[0], &kib, sizeof(kib)), (ssize_t)sizeof(kib));
    close(fd[0]);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_msg(kib > 0, "%s failed", cmd);
    return kib;
}
#endif

/* `build --json` keeps every row of the 5,000 sources and 10,000 warnings
 * (scripts read them), and writes them as it goes: its peak memory is the
 * text summary's, not 11 MiB more (the whole object as one tree and one
 * string, before). */
START_TEST(test_build_json_keeps_every_row)
{
    char *out, *err, name[64];
    big_incident();
    /* first, while this process is small: a child's peak counts the pages
     * it shared with its parent before it ran reviewgen */
#if defined(__SANITIZE_ADDRESS__)
    fprintf(stderr, "skipped: build_json_keeps_every_row's peak memory: AddressSanitizer keeps "
                    "freed memory in quarantine\n");
#else
    char cmd[512];
    const char *bin = getenv("RG_BIN") ? getenv("RG_BIN") : RG_BIN;
    snprintf(cmd, sizeof(cmd),
             "%s build " BIG "/all/inc -o " BIG "/peak-text --no-store >/dev/null 2>&1", bin);
    long text = peak_kib(cmd);
    snprintf(cmd, sizeof(cmd),
             "%s build " BIG "/all/inc -o " BIG "/peak-json --no-store --json >/dev/null 2>&1",
             bin);
    long json = peak_kib(cmd);
    ck_assert_msg(json <= text + 4096, "--json peaks at %ld KiB, the text summary at %ld KiB", json,
                  text);
#endif
    ck_assert_int_eq(run("build " BIG "/all/inc -o " BIG "/out --no-store --json", &out, &err), 0);
    ck_assert_str_eq(err, "");
    json_error_t je;
    json_t *o = json_loads(out, 0, &je);
    ck_assert_msg(o != NULL, "%s", je.text);
    const json_t *sources = at(o, "sources");
    ck_assert_uint_eq(json_array_size(sources), N_FILES);
    for (size_t i = 0; i < N_FILES; i++) {
        const json_t *s = json_array_get(sources, i);
        snprintf(name, sizeof(name), "svc%04zu.log", i);
        want_str(s, "file", name);
        want_int(s, "events", 1);
    }
    const json_t *warnings = at(o, "warnings");
    ck_assert_uint_eq(json_array_size(warnings), 2 * N_FILES);
    want_str(json_array_get(warnings, 9999), "key", "bad-time");
    want_str(json_array_get(warnings, 9999), "file", BIG "/all/inc/svc4999.log");
    want_int(o, "events.kept", N_FILES);
    json_decref(o);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* `build-all` bounds each incident's warnings as `build` does, with the one
 * helper: 53 lines on stderr, not 10,000. */
START_TEST(test_build_all_warnings_bounded)
{
    char *out, *err;
    big_incident();
    ck_assert_int_eq(run("build-all " BIG "/all -o " BIG "/reviews --no-store", &out, &err), 0);
    ck_assert_str_eq(out, "INC-5000: " BIG "/reviews/INC-5000/ (5000 events, 8 findings)\n"
                          "built 1 incident, 0 failed\n");
    assert_bounded_warnings(err, BIG "/reviews/INC-5000/review.json");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("build-all " BIG "/all -o " BIG "/reviews --no-store -v", &out, &err), 0);
    assert_every_warning(err);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* `timeline` bounds the warnings of the folder it builds as `build` does (it
 * printed all 10,000 before); -v prints them all. Its timeline on stdout is
 * the same either way. */
START_TEST(test_timeline_warnings_bounded)
{
    char *out, *err, *out_v, *err_v;
    big_incident();
    ck_assert_int_eq(run("timeline " BIG "/all/inc", &out, &err), 0);
    assert_bounded_warnings(err, NULL);
    ck_assert_uint_eq(count_lines(out), N_FILES);
    ck_assert_int_eq(run("timeline -v " BIG "/all/inc", &out_v, &err_v), 0);
    ck_assert_str_eq(out_v, out);
    assert_every_warning(err_v);
    rg_free(out);
    rg_free(err);
    rg_free(out_v);
    rg_free(err_v);
}
END_TEST

/* `init` bounds the warnings of the folder it reads as `build` does (it
 * printed all 10,000 before); -v prints them all. */
START_TEST(test_init_warnings_bounded)
{
    char *out, *err;
    big_incident();
    ck_assert_int_eq(rename(BIG "/all/inc/incident.json", BIG "/incident.json.aside"), 0);
    ck_assert_int_eq(run("init -q " BIG "/all/inc", &out, &err), 0);
    ck_assert_str_eq(out, "");
    assert_bounded_warnings(err, NULL);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(unlink(BIG "/all/inc/incident.json"), 0);
    ck_assert_int_eq(run("init -q -v " BIG "/all/inc", &out, &err), 0);
    assert_every_warning(err);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(rename(BIG "/incident.json.aside", BIG "/all/inc/incident.json"), 0);
}
END_TEST

/* `publish` reads the folder again and bounds its warnings as `build` does,
 * naming the review.json it wrote (it printed all 10,000 before); -v prints
 * them all. */
START_TEST(test_publish_warnings_bounded)
{
    char *out, *err;
    big_incident();
    ck_assert_int_eq(run("build -q " BIG "/all/inc -o " BIG "/out --no-store", &out, &err), 0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("publish -q " BIG "/out/review.md --dir " BIG "/all/inc --no-store", &out, &err), 0);
    ck_assert_str_eq(out, "");
    assert_bounded_warnings(err, BIG "/out/review.json");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run("publish -q -v " BIG "/out/review.md --dir " BIG "/all/inc --no-store", &out, &err), 0);
    assert_every_warning(err);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* `html` bounds its warnings as every command does and takes -v. They cannot
 * pass 50 in practice: the warnings of one file are one per class, and
 * links.h names the first 20 dropped links, then counts the rest, so 60
 * script links, 60 remote images and 300 addresses on a line yield 23.
 * Before, -v was an unknown option. */
START_TEST(test_html_warnings_bounded)
{
    char *out, *err, *out_v, *err_v, buf[600];
    mkdir("build/test-scratch", 0777);
    FILE *f = fopen("build/test-scratch/many.md", "w");
    ck_assert_ptr_nonnull(f);
    fputs("# Many\n\n", f);
    for (int i = 0; i < 60; i++)
        fprintf(f, "[s%d](javascript:f%d) ![r%d](https://example.com/%d.png)\n\n", i, i, i, i);
    for (int i = 0; i < 300; i++)
        fprintf(f, "u%d@example.com ", i);
    fputs("\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(run("html -q build/test-scratch/many.md", &out, &err), 0);
    ck_assert_str_eq(out, "");
    ck_assert_uint_eq(count_lines(err), 23);
    ck_assert_ptr_nonnull(strstr(err, "warning: build/test-scratch/many.md:123:1: 300 e-mail "
                                      "addresses on one line (the limit is 100): no address is "
                                      "linked in the HTML\n"
                                      "warning: build/test-scratch/many.md:3: link to "
                                      "\"javascript:f0\" dropped: only https:, http:, mailto:, "
                                      "\"#...\" and relative links are kept\n"));
    ck_assert_ptr_nonnull(strstr(err, "warning: build/test-scratch/many.md:41: link to "
                                      "\"javascript:f19\" dropped: only https:, http:, mailto:, "
                                      "\"#...\" and relative links are kept\n"
                                      "warning: build/test-scratch/many.md:43: link to "
                                      "\"javascript:f20\" dropped: only https:, http:, mailto:, "
                                      "\"#...\" and relative links are kept (and 39 more like "
                                      "it)\n"));
    ck_assert_str_eq(last_line(err, buf, sizeof(buf)),
                     "warning: build/test-scratch/many.md:3: remote image "
                     "'https://example.com/0.png' dropped: the report makes no external requests "
                     "(and 59 more like it)");
    ck_assert_int_eq(run("html -q -v build/test-scratch/many.md", &out_v, &err_v), 0);
    ck_assert_str_eq(out_v, "");
    ck_assert_str_eq(err_v, err);
    rg_free(out);
    rg_free(err);
    rg_free(out_v);
    rg_free(err_v);
}
END_TEST

static Suite *cli_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_version_and_help);
    tcase_add_test(tc, test_libpq_loaded_on_use);
    tcase_add_test(tc, test_usage_errors);
    tcase_add_test(tc, test_bad_input_exit_1);
    tcase_add_test(tc, test_formats);
    tcase_add_test(tc, test_build_prints_what_it_found);
    tcase_add_test(tc, test_stdin_lint);
    tcase_add_test(tc, test_lint_format_json);
    tcase_add_test(tc, test_stdin_html);
    tcase_add_test(tc, test_stdin_template);
    tcase_add_test(tc, test_build_json);
    tcase_add_test(tc, test_build_json_warnings_and_errors);
    tcase_add_test(tc, test_build_summary_bounded);
    tcase_add_test(tc, test_build_findings_bounded);
    tcase_add_test(tc, test_build_json_keeps_every_row);
    tcase_add_test(tc, test_build_all_warnings_bounded);
    tcase_add_test(tc, test_timeline_warnings_bounded);
    tcase_add_test(tc, test_init_warnings_bounded);
    tcase_add_test(tc, test_publish_warnings_bounded);
    tcase_add_test(tc, test_html_warnings_bounded);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cli_suite)
