/* check_bounds.c -- every section of the review whose length follows the
 * input is bounded (README, "Every section bounded"): incidents generated
 * here with 20,000 chat authors and as many suggestions, 5,000 log files
 * and 10,000 warnings, 1,000 alert names, a series crossing its threshold
 * 1,000 times; each builds, review.md stays under
 * 1 MiB, the HTML step succeeds, and the document says exactly how many it
 * did not list and where they are. The unit tests hold the rules of
 * rg_bound_model on hand-made models. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "bounds.h"
#include "build.h"
#include "check_review_util.h"
#include "check_util.h"
#include "jsonutil.h"
#include "timeparse.h"

#define GOOD RG_FIXTURES "/build/good"
/* 2026-10-02T10:00:00Z, the good fixture's pages and alert */
#define BASE_MS INT64_C(1790935200000)
#define MIB (1024 * 1024)

static void scratch_dir(const char *name, char *dir, size_t n)
{
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    snprintf(dir, n, "build/test-scratch/bounds-%s-%ld", name, (long)getpid());
}

/* dir/inc with incident.json (and the good fixture's pages and alert when
 * `good`); returns the incident folder in inc. */
static void new_incident(const char *dir, int good, char *inc, size_t n)
{
    char cmd[1400];
    snprintf(inc, n, "%s/inc", dir);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, inc);
    ck_assert_int_eq(system(cmd), 0);
    if (good) {
        snprintf(cmd, sizeof(cmd), "cp " GOOD "/pagerduty.json " GOOD "/alerts.json '%s/'", inc);
        ck_assert_int_eq(system(cmd), 0);
    }
    char path[1200];
    snprintf(path, sizeof(path), "%s/incident.json", inc);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-7101\", \"title\": \"Everyone at once\", \"severity\": \"SEV2\",\n"
          " \"window\": {\"from\": \"2026-10-02T09:55:00Z\", \"to\": \"2026-10-02T12:05:00Z\"}}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
}

static FILE *create(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    return f;
}

/* A generated incident built: its out folder, model and review.md. */
typedef struct {
    char out[400];
    json_t *model;
    char *md;
    size_t md_len;
} built;

/* out/name read whole (rg_free it). */
static char *slurp_out(const built *r, const char *name, size_t *len)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", r->out, name);
    return review_slurp(path, len);
}

/* Builds inc into dir/out (no store): review.md under 1 MiB, review.html
 * written (the HTML step accepted it). Free with built_free. */
static void build(built *r, const char *dir, const char *inc)
{
    snprintf(r->out, sizeof(r->out), "%s/out", dir);
    r->model = review_build(inc, r->out);
    r->md = slurp_out(r, "review.md", &r->md_len);
    ck_assert_msg(r->md_len < MIB, "review.md is %zu bytes", r->md_len);
    char path[1200];
    snprintf(path, sizeof(path), "%s/review.html", r->out);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, 0);
}

static void built_free(built *r)
{
    rg_free(r->md);
    json_decref(r->model);
}

static void assert_has(const char *text, const char *what)
{
    ck_assert_msg(strstr(text, what) != NULL, "the document lacks: %s", what);
}

/* Lines of md that start with `start`, between the line `from` and the
 * next line starting "#". */
static size_t lines_in(const char *md, const char *from, const char *start)
{
    const char *s = strstr(md, from);
    ck_assert_msg(s != NULL, "no %s", from);
    s = strchr(s, '\n');
    size_t n = 0;
    while (s && s[1] && s[1] != '#') {
        n += strncmp(s + 1, start, strlen(start)) == 0;
        s = strchr(s + 1, '\n');
    }
    return n;
}

static json_int_t counts_int(const json_t *model, const char *obj, const char *key)
{
    const json_t *o = json_object_get(json_object_get(model, obj), key);
    ck_assert_msg(json_is_integer(o), "%s.%s", obj, key);
    return json_integer_value(o);
}

static size_t listed(const json_t *arr)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(arr, i, v) n += json_is_true(json_object_get(v, "listed"));
    return n;
}

#define N_AUTHORS 20000

/* 20,000 people each write one message, a follow-up ("TODO ..."): the
 * responders table lists 100 and says how many more, the suggestions list
 * 50 and says how many more; review.json keeps every one of both. */
START_TEST(test_twenty_thousand_authors)
{
    char dir[300], inc[400];
    scratch_dir("authors", dir, sizeof(dir));
    new_incident(dir, 1, inc, sizeof(inc));
    FILE *f = create(inc, "chat.jsonl");
    static char big[1 << 20];
    setvbuf(f, big, _IOFBF, sizeof(big));
    fputs("{\"type\":\"version\",\"version\":1}\n", f);
    for (int m = 0; m < N_AUTHORS; m++)
        fprintf(f,
                "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\","
                "\"user\":\"person%05d\",\"message\":\"TODO check shard %d\","
                "\"create_at\":%" PRId64 "}}\n",
                m, m, BASE_MS + 30000 + (int64_t)m * 300);
    ck_assert_int_eq(fclose(f), 0);
    built r;
    build(&r, dir, inc);

    /* every person in review.json: the chat's 20,000 and the good
     * fixture's acknowledger */
    const json_t *resp = json_object_get(r.model, "responders");
    ck_assert_uint_eq(json_array_size(resp), N_AUTHORS + 1);
    ck_assert_uint_eq(listed(resp), RG_LIST_RESPONDERS);
    ck_assert_int_eq(counts_int(r.model, "responder_counts", "total"), N_AUTHORS + 1);
    ck_assert_int_eq(counts_int(r.model, "responder_counts", "not_listed"),
                     N_AUTHORS + 1 - RG_LIST_RESPONDERS);
    ck_assert_uint_eq(lines_in(r.md, "| Responder | Role |", "| "), RG_LIST_RESPONDERS + 1);
    assert_has(r.md,
               "The table lists 100 of the 20,001 people in the evidence: those incident.json "
               "names or the evidence gives a role or a deed, then the others in the order "
               "they joined. review.json's `responders` lists all 20,001.");
    /* the first to join is listed; the last one is not */
    assert_has(r.md, "| person00000 |");
    ck_assert_ptr_null(strstr(r.md, "| person19999 |"));

    const json_t *sug = json_object_get(r.model, "suggestions");
    ck_assert_uint_eq(json_array_size(sug), N_AUTHORS);
    ck_assert_uint_eq(listed(sug), RG_LIST_SUGGESTIONS);
    ck_assert_uint_eq(lines_in(r.md, "## Suggested in the chat", "- check shard "),
                      RG_LIST_SUGGESTIONS);
    assert_has(r.md, "19,950 more suggestions of the 20,000 are not listed here (those with a "
                     "suggested owner or due date come first, then in the order raised): "
                     "review.json's `suggestions` lists every one.");
    assert_has(r.md, "- check shard 49 — raised in the chat: person00049");
    ck_assert_ptr_null(strstr(r.md, "- check shard 50 —"));

    size_t html_len;
    char *html = slurp_out(&r, "review.html", &html_len);
    assert_has(html, "lists all 20,001.");
    rg_free(html);
    built_free(&r);
}
END_TEST

#define N_FILES 5000

/* 5,000 log files, each with a warning line, a line without a time and one
 * with a time that is not one: 10,000 warnings of two classes. The sources
 * table lists 100 and counts the rest in a row of totals; the warnings list
 * 50 and count the rest by class; the chart draws 30 sources alone and the
 * others in one shared lane. */
START_TEST(test_five_thousand_files_ten_thousand_warnings)
{
    char dir[300], inc[400];
    scratch_dir("files", dir, sizeof(dir));
    new_incident(dir, 1, inc, sizeof(inc));
    long long log_events = 0;
    for (int i = 0; i < N_FILES; i++) {
        char name[32];
        snprintf(name, sizeof(name), "svc%04d.log", i);
        FILE *f = create(inc, name);
        log_events += i % 3 + 1;
        for (int k = 0; k <= i % 3; k++)
            fprintf(f,
                    "{\"level\":40,\"time\":%" PRId64 ",\"hostname\":\"web-%d\","
                    "\"msg\":\"slow disk on volume vol%c\"}\n",
                    BASE_MS + (int64_t)i * 1000 + k, i, "abc"[k]);
        fputs("{\"level\":40,\"hostname\":\"web\",\"msg\":\"no time here\"}\n", f);
        fputs("{\"level\":40,\"time\":\"yesterday\",\"hostname\":\"web\",\"msg\":\"odd\"}\n", f);
        ck_assert_int_eq(fclose(f), 0);
    }
    built r;
    build(&r, dir, inc);

    /* sources: the alerts and the pages first, then 98 logs of 3 events */
    const json_t *src = json_object_get(r.model, "sources");
    ck_assert_uint_eq(json_array_size(src), N_FILES + 2);
    ck_assert_uint_eq(listed(src), RG_LIST_SOURCES);
    ck_assert_uint_eq(lines_in(r.md, "| Source | Format | Path |", "| "), RG_LIST_SOURCES + 2);
    assert_has(r.md, "| alerts.json | alertmanager | alerts.json | 2 | 0 | UTC (assumed) |");
    assert_has(r.md, "| svc0002.log | jsonlines | svc0002.log | 3 | 0 | UTC (assumed) |");
    /* the files not listed: 4,902 of them; of the 5,000 logs' 9,999 events
     * (1,667 files of 1 and of 2 lines, 1,666 of 3), 98 × 3 are listed */
    ck_assert_int_eq(log_events, 1667 * 1 + 1667 * 2 + 1666 * 3);
    ck_assert_int_eq(counts_int(r.model, "source_counts", "not_listed_events"),
                     log_events - 98 * 3);
    assert_has(r.md,
               "| 4,902 other sources | | review.json's `sources` lists each | 9,705 | 0 | |");
    assert_has(r.md, "The table lists 100 of the 5,002 sources (those that are not logs first, "
                     "then those with the most records); the other 4,902 are counted in its last "
                     "row.");

    /* warnings: two classes for each file */
    const json_t *warn = json_object_get(r.model, "warnings");
    ck_assert_uint_eq(json_array_size(warn), 2 * N_FILES);
    ck_assert_uint_eq(listed(warn), RG_LIST_WARNINGS);
    ck_assert_uint_eq(lines_in(r.md, "### Warnings", "- build/test-scratch/"), RG_LIST_WARNINGS);
    assert_has(r.md, "9,950 more warnings of the 10,000, counted by class (review.json's "
                     "`warnings` lists every one):");
    const json_t *classes = json_object_get(json_object_get(r.model, "warning_counts"), "classes");
    ck_assert_uint_eq(json_array_size(classes), 2);
    json_int_t in_classes = 0;
    for (size_t i = 0; i < 2; i++)
        in_classes += json_integer_value(json_object_get(json_array_get(classes, i), "warnings"));
    ck_assert_int_eq(in_classes, 2 * N_FILES - RG_LIST_WARNINGS);
    assert_has(r.md, "- `no-time`: 4,975 warnings (4,975 occurrences); the first: ");
    assert_has(r.md, "- `bad-time`: 4,975 warnings (4,975 occurrences); the first: ");

    /* the chart: 30 lanes of their own and the shared one */
    size_t svg_len;
    char *svg = slurp_out(&r, "timeline.svg", &svg_len);
    size_t lanes = 0;
    for (const char *p = strstr(svg, "class=\"lane\""); p; p = strstr(p + 1, "class=\"lane\""))
        lanes++;
    ck_assert_uint_eq(lanes, 31);
    /* the alerts' 2 events, the pages' 3, the logs' */
    assert_has(svg, "10004 events from 5002 sources");
    ck_assert_int_eq(2 + 3 + log_events, 10004);
    /* 28 logs of 3 events drawn alone */
    ck_assert_int_eq(log_events - 28 * 3, 9915);
    assert_has(svg, "; 4972 other sources: 9915 events.");
    ck_assert_uint_lt(svg_len, 256 * 1024);
    rg_free(svg);
    built_free(&r);
}
END_TEST

#define N_ALERTS 1000

/* 1,000 alert names, each firing and resolving in a minute of its own:
 * 1,000 impact periods. The impact sentence names 10 and counts the rest;
 * the chart's description too; review.json has all. */
START_TEST(test_thousand_alert_names)
{
    char dir[300], inc[400];
    scratch_dir("alerts", dir, sizeof(dir));
    new_incident(dir, 0, inc, sizeof(inc));
    /* one Alertmanager webhook delivery with every alert, resolved */
    FILE *f = create(inc, "alerts.json");
    fputs("{\"version\": \"4\", \"status\": \"resolved\", \"receiver\": \"pager\",\n"
          " \"alerts\": [\n",
          f);
    for (int i = 0; i < N_ALERTS; i++) {
        char from[32], to[32];
        int64_t s = BASE_MS / 1000 - 240 + (int64_t)i * 7;
        rg_time_format(s * 1000000, from);
        rg_time_format((s + 3) * 1000000, to);
        fprintf(f,
                "%s{\"status\": \"resolved\", \"labels\": {\"alertname\": \"Check%04d\", "
                "\"severity\": \"page\"}, \"startsAt\": \"%s\", \"endsAt\": \"%s\", "
                "\"fingerprint\": \"f%04d\"}\n",
                i ? "," : "", i, from, to, i);
    }
    fputs("]}\n", f);
    ck_assert_int_eq(fclose(f), 0);
    built r;
    build(&r, dir, inc);
    ck_assert_uint_eq(json_array_size(json_object_get(r.model, "impact_periods")), N_ALERTS);
    assert_has(r.md, ", and 990 more times (review.json's `impact_periods` lists each) (UTC, "
                     "2026-10-02): 50 min in all.");
    /* the tenth period is named, the eleventh is not */
    assert_has(r.md, ", and again for 3 s from 09:57:03 to 09:57:06, and 990 more times");
    ck_assert_ptr_null(strstr(r.md, "from 09:57:10 to 09:57:13"));
    size_t svg_len;
    char *svg = slurp_out(&r, "timeline.svg", &svg_len);
    assert_has(svg, "2026-10-02 09:57:03 to 2026-10-02 09:57:06 UTC (3 s) and 990 more periods.");
    rg_free(svg);
    built_free(&r);
}
END_TEST

/* Findings in the review: ten of a code, then a line counting the rest of
 * it (the good fixture's model with 25 findings of one code added). */
START_TEST(test_findings_rendered)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    json_t *model = review_model(&b, GOOD, &d);
    json_t *f = json_object_get(model, "findings");
    size_t before = json_array_size(f);
    for (int i = 0; i < 25; i++) {
        char text[64];
        snprintf(text, sizeof(text), "Customers waited in gap %d.", i);
        json_t *x = json_object();
        json_object_set_new(x, "code", json_string("update-gap-over-policy"));
        json_object_set_new(x, "text", json_string(text));
        json_object_set_new(x, "display", json_string(text));
        json_object_set_new(x, "origin", json_null());
        json_array_append_new(f, x);
    }
    ck_assert_int_eq(rg_bound_model(model), 0);
    size_t len;
    char *md = rg_render_markdown(model, NULL, &len, &d);
    ck_assert_msg(md != NULL, "%s", d.error);
    assert_has(md, "- **update-gap-over-policy**: Customers waited in gap 9.\n"
                   "- **update-gap-over-policy**: 15 more findings of this kind, not listed here "
                   "(review.json's `findings` lists every one)\n");
    ck_assert_ptr_null(strstr(md, "gap 10."));
    ck_assert_int_eq(counts_int(model, "finding_counts", "total"), (json_int_t)before + 25);
    ck_assert_int_eq(counts_int(model, "finding_counts", "not_listed"), 15);
    rg_free(md);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

#define N_FLAPS 1000

/* A monitoring series that crosses its threshold 1,000 times (a Grafana
 * CSV, a sample every 10 s, beyond and back in turn): the metrics table
 * names 5 crossings and counts the rest, as does the chart's description;
 * review.json has all 1,000. */
START_TEST(test_thousand_crossings)
{
    char dir[300], inc[400];
    scratch_dir("flaps", dir, sizeof(dir));
    new_incident(dir, 0, inc, sizeof(inc));
    FILE *f = create(inc, "incident.json");
    fputs("{\"id\": \"INC-7102\", \"title\": \"Flapping\",\n"
          " \"window\": {\"from\": \"2026-10-02T09:55:00Z\", \"to\": \"2026-10-02T16:05:00Z\"},\n"
          " \"metrics\": [{\"series\": \"checkout 5xx ratio\", \"above\": 0.05}]}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    f = create(inc, "checkout.csv");
    fputs("\"Time\",\"checkout 5xx ratio\"\n", f);
    for (int i = 0; i < 2 * N_FLAPS; i++)
        fprintf(f, "%" PRId64 ",%s\n", BASE_MS + (int64_t)i * 10000, i % 2 ? "0.01" : "0.08");
    ck_assert_int_eq(fclose(f), 0);
    built r;
    build(&r, dir, inc);
    const json_t *se = json_array_get(json_object_get(r.model, "series"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(se, "breaches")), N_FLAPS);
    ck_assert_uint_eq(listed(json_object_get(se, "breaches")), RG_LIST_CROSSINGS);
    /* values are Markdown-escaped ("0\\.08") */
    assert_has(r.md, "| above 0.05 | 10:00:00 (0\\.08, at the first sample); 10:00:20 (0\\.08); "
                     "10:00:40 (0\\.08); 10:01:00 (0\\.08); 10:01:20 (0\\.08); and 995 more "
                     "(review.json's `series` lists each) | 10:00:10 (0\\.01); 10:00:30 (0\\.01); "
                     "10:00:50 (0\\.01); 10:01:10 (0\\.01); 10:01:30 (0\\.01); and 995 more |");
    size_t svg_len;
    char *svg = slurp_out(&r, "timeline.svg", &svg_len);
    assert_has(svg, ", crossed at 2026-10-02 10:01:20 UTC and back at 2026-10-02 10:01:30 UTC, "
                    "and 995 more crossings.");
    rg_free(svg);
    built_free(&r);
}
END_TEST

/* ---- the rules, on hand-made models ---- */

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *v = json_loads(text, 0, &e);
    ck_assert_msg(v != NULL, "%s", e.text);
    return v;
}

static const char *flags(const json_t *arr, char *buf)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) buf[i] = json_is_true(json_object_get(v, "listed")) ? 'y' : 'n';
    buf[json_array_size(arr)] = '\0';
    return buf;
}

/* Findings: ten of each code in order, the rest counted by code. */
START_TEST(test_findings_ten_of_each_code)
{
    json_t *m = parse("{\"findings\": [], \"responders\": [], \"sources\": [], "
                      "\"suggestions\": [], \"warnings\": []}");
    json_t *f = json_object_get(m, "findings");
    for (int i = 0; i < 25; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(i % 5 == 0 ? "ack-over-policy" : "gap"));
        json_array_append_new(f, o);
    }
    ck_assert_int_eq(rg_bound_model(m), 0);
    char buf[64];
    /* 5 ack-over-policy (0, 5, ... 20: all listed), 20 gap (the first 10,
     * up to 12, listed) */
    ck_assert_str_eq(flags(f, buf), "yyyyyyyyyyyyynnynnnnynnnn");
    ck_assert_int_eq(counts_int(m, "finding_counts", "not_listed"), 10);
    const json_t *codes = json_object_get(json_object_get(m, "finding_counts"), "codes");
    ck_assert_uint_eq(json_array_size(codes), 1);
    ck_assert_str_eq(rg_json_str(json_array_get(codes, 0), "code"), "gap");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(codes, 0), "findings")), 10);
    ck_assert_str_eq(rg_json_str(json_array_get(codes, 0), "findings_text"), "10");
    json_decref(m);
}
END_TEST

/* Responders: named, with a role or a deed first, then in joining order;
 * suggestions with an owner or due date first; listed in their own order. */
START_TEST(test_people_and_suggestions_ranked)
{
    json_t *m = parse("{\"findings\": [], \"responders\": [], \"sources\": [], "
                      "\"suggestions\": [], \"warnings\": []}");
    json_t *r = json_object_get(m, "responders"), *s = json_object_get(m, "suggestions");
    for (int i = 0; i < RG_LIST_RESPONDERS + 3; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "role", i == 101 ? json_string("incident commander") : json_null());
        json_object_set_new(o, "roles", json_array());
        json_t *did = json_array();
        if (i == 102)
            json_array_append_new(did, json_string("rolled back"));
        json_object_set_new(o, "did", did);
        json_array_append_new(r, o);
    }
    for (int i = 0; i < RG_LIST_SUGGESTIONS + 2; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "owner",
                            i == RG_LIST_SUGGESTIONS + 1 ? json_string("ana") : json_null());
        json_object_set_new(o, "due", json_null());
        json_array_append_new(s, o);
    }
    ck_assert_int_eq(rg_bound_model(m), 0);
    /* people 101 and 102 are listed; 98 and 99 (the last two who joined
     * of the rest) give way */
    for (int i = 0; i < RG_LIST_RESPONDERS + 3; i++)
        ck_assert_msg(json_is_true(json_object_get(json_array_get(r, (size_t)i), "listed")) ==
                          (i < 98 || i > 100),
                      "responder %d", i);
    for (int i = 0; i < RG_LIST_SUGGESTIONS + 2; i++)
        ck_assert_msg(json_is_true(json_object_get(json_array_get(s, (size_t)i), "listed")) ==
                          (i < RG_LIST_SUGGESTIONS - 1 || i == RG_LIST_SUGGESTIONS + 1),
                      "suggestion %d", i);
    ck_assert_int_eq(counts_int(m, "responder_counts", "not_listed"), 3);
    ck_assert_int_eq(counts_int(m, "suggestion_counts", "not_listed"), 2);
    json_decref(m);
}
END_TEST

/* Twelve chat lines of 300,000 bytes that raise a follow-up ("TODO ..."):
 * each suggestion and each message in the full timeline shown as its first
 * 1,000 bytes and how much more, review.md under 1 MiB. Every one was
 * written whole twice: a 7 MB review.md. */
START_TEST(test_long_chat_lines_cut)
{
    char dir[300], inc[400];
    scratch_dir("longchat", dir, sizeof(dir));
    new_incident(dir, 0, inc, sizeof(inc));
    FILE *f = create(inc, "chat.jsonl");
    fputs("{\"type\":\"version\",\"version\":1}\n", f);
    enum { N = 12, LEN = 300000 };
    for (int m = 0; m < N; m++) {
        fprintf(f,
                "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\","
                "\"user\":\"ana\",\"create_at\":%" PRId64 ",\"message\":\"TODO shard %02d ",
                BASE_MS + 30000 + (int64_t)m * 1000, m);
        for (int i = 0; i < LEN; i++)
            fputc('q', f);
        fputs("\"}}\n", f);
    }
    ck_assert_int_eq(fclose(f), 0);
    built r;
    build(&r, dir, inc);
    /* "TODO shard 00 " is 14 bytes, "shard 00 " 9 of the title */
    char want[1200];
    int w = snprintf(want, sizeof(want), "- shard 00 ");
    memset(want + w, 'q', 991);
    snprintf(want + w + 991, sizeof(want) - (size_t)w - 991,
             "\xE2\x80\xA6 (%d,%03d more characters: the whole text is in timeline.jsonl) "
             "\xE2\x80\x94 raised in the chat: ana",
             (LEN - 991) / 1000, (LEN - 991) % 1000);
    assert_has(r.md, want);
    w = snprintf(want, sizeof(want), "| TODO shard 11 ");
    memset(want + w, 'q', 986);
    snprintf(want + w + 986, sizeof(want) - (size_t)w - 986,
             "\xE2\x80\xA6 (%d,%03d more characters: the whole text is in timeline.jsonl) |",
             (LEN - 986) / 1000, (LEN - 986) % 1000);
    assert_has(r.md, want);
    const json_t *s = json_object_get(r.model, "suggestions");
    ck_assert_uint_eq(json_array_size(s), N);
    ck_assert_uint_eq(strlen(rg_json_str(json_array_get(s, 0), "title")), LEN + 9);
    built_free(&r);
}
END_TEST

/* review.json's clusters: the 1,000 of the most folded lines, in their own
 * order; the folded lines of the others counted. */
START_TEST(test_clusters_cut_to_largest)
{
    json_t *m = parse("{\"findings\": [], \"responders\": [], \"sources\": [], "
                      "\"suggestions\": [], \"warnings\": [], \"clusters\": []}");
    json_t *c = json_object_get(m, "clusters");
    for (int i = 0; i < RG_JSON_CLUSTERS + 5; i++) {
        json_t *o = json_object();
        /* clusters 0..4 fold one line, the others i lines */
        json_object_set_new(o, "folded", json_integer(i < 5 ? 1 : i));
        json_array_append_new(c, o);
    }
    ck_assert_int_eq(rg_bound_model(m), 0);
    c = json_object_get(m, "clusters");
    ck_assert_uint_eq(json_array_size(c), RG_JSON_CLUSTERS);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(c, 0), "folded")), 5);
    ck_assert_int_eq(counts_int(m, "cluster_counts", "total"), RG_JSON_CLUSTERS + 5);
    ck_assert_int_eq(counts_int(m, "cluster_counts", "not_listed"), 5);
    ck_assert_int_eq(counts_int(m, "cluster_counts", "not_listed_folded"), 5);
    ck_assert_str_eq(rg_json_str(json_object_get(m, "cluster_counts"), "where"), "timeline.jsonl");
    json_decref(m);
}
END_TEST

static Suite *bounds_suite(void)
{
    Suite *s = suite_create("bounds");
    TCase *tc = tcase_create("generated");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_twenty_thousand_authors);
    tcase_add_test(tc, test_five_thousand_files_ten_thousand_warnings);
    tcase_add_test(tc, test_thousand_alert_names);
    tcase_add_test(tc, test_thousand_crossings);
    tcase_add_test(tc, test_long_chat_lines_cut);
    suite_add_tcase(s, tc);
    TCase *unit = tcase_create("rules");
    tcase_add_test(unit, test_findings_ten_of_each_code);
    tcase_add_test(unit, test_findings_rendered);
    tcase_add_test(unit, test_people_and_suggestions_ranked);
    tcase_add_test(unit, test_clusters_cut_to_largest);
    suite_add_tcase(s, unit);
    return s;
}

RG_CHECK_MAIN(bounds_suite)
