/* check_curate.c -- a document people can read whatever the volume (README,
 * "Timeline", "Outputs"): incidents generated here with up to 1,000,000 log
 * lines build with review.md under 1 MiB and an HTML the renderer accepts;
 * every human message, page and alert is kept below the limit, grouped by
 * author and minute with exact counts above it; milestone evidence is always
 * shown; the top error clusters carry their counts; timeline.jsonl holds
 * every entry of the timeline, and the document says how many. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "build.h"
#include "check_review_util.h"
#include "check_util.h"
#include "curate.h"
#include "jsonutil.h"
#include "output.h"
#include "publish.h"

#define GOOD RG_FIXTURES "/build/good"
/* 2026-10-02T10:00:00Z, the good fixture's pages and alert */
#define BASE_MS INT64_C(1790935200000)
#define N_SIGS 40
#define KEY_LIMIT 400 /* curate.h RG_CURATE_KEY_LIMIT, as the README states it */

static const char *const authors[] = {"ana", "binh", "chen"};

typedef struct gen {
    long log_lines;
    long n_warn; /* warnings, each with a text of its own (a cluster of one) */
    int n_human; /* human chat messages, 10 a minute, authors in turn */
    int n_bot;   /* bot chat messages */
    /* filled in while writing */
    long err_count[N_SIGS];
    long n_err, n_info, warned;
    long last_warn_line; /* the line of the last warning, 1-based */
} gen;

/* "a", "b", ... "z", "ba", ...: words without a digit, so each stays its own
 * signature for the clustering. */
static void letters(long k, char *buf)
{
    char tmp[16];
    int n = 0;
    do {
        tmp[n++] = (char)('a' + k % 26);
        k /= 26;
    } while (k && n < 15);
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
}

static void make_incident(const char *dir, gen *g)
{
    char cmd[1200], path[1200];
    snprintf(cmd, sizeof(cmd),
             "rm -rf '%s' && mkdir -p '%s' && cp " GOOD "/pagerduty.json " GOOD
             "/alerts.json '%s/'",
             dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-7001\", \"title\": \"Everything at once\", \"severity\": \"SEV2\",\n"
          " \"window\": {\"from\": \"2026-10-02T09:55:00Z\", \"to\": \"2026-10-02T12:05:00Z\"}}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);

    snprintf(path, sizeof(path), "%s/app.log", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    static char big[1 << 20];
    setvbuf(f, big, _IOFBF, sizeof(big));
    long n_err = 0;
    for (long i = 0; i < g->log_lines; i++) {
        int64_t at = BASE_MS + i * 7000 / (g->log_lines / 1000 + 1);
        char w[16];
        if (i % 50 == 7) {
            /* the first ten signatures twice as often: distinct counts */
            int s = (n_err % 2) ? (int)((n_err / 2) % 10) : (int)((n_err / 2) % N_SIGS);
            letters(s, w);
            fprintf(f,
                    "{\"level\":50,\"time\":%" PRId64 ",\"pid\":1,\"hostname\":\"web-1\","
                    "\"msg\":\"upstream svc%s refused request %ld\"}\n",
                    at, w, i);
            g->err_count[s]++;
            n_err++;
        } else if (i % 12 == 5 && g->warned < g->n_warn) {
            letters(g->warned + 26 * 26 * 26, w);
            fprintf(f,
                    "{\"level\":40,\"time\":%" PRId64 ",\"pid\":1,\"hostname\":\"web-1\","
                    "\"msg\":\"slow disk on volume vol%s: fsync took too long and writes queued "
                    "behind it\"}\n",
                    at, w);
            g->warned++;
            g->last_warn_line = i + 1;
        } else {
            fprintf(f,
                    "{\"level\":30,\"time\":%" PRId64 ",\"pid\":1,\"hostname\":\"web-1\","
                    "\"msg\":\"GET /api/orders/%ld served in %ld ms\"}\n",
                    at, i, i % 97);
            g->n_info++;
        }
    }
    g->n_err = n_err;
    ck_assert_int_eq(fclose(f), 0);

    snprintf(path, sizeof(path), "%s/chat.jsonl", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"type\":\"version\",\"version\":1}\n", f);
    for (int m = 0; m < g->n_human; m++)
        fprintf(
            f,
            "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\",\"user\":\"%s\","
            "\"message\":\"looking at shard %d now\",\"create_at\":%" PRId64 "}}\n",
            authors[m % 3], m, BASE_MS + 30000 + (int64_t)m * 6000);
    for (int m = 0; m < g->n_bot; m++)
        fprintf(
            f,
            "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"inc\",\"user\":\"ci\","
            "\"message\":\"build %d passed on main\",\"props\":{\"from_bot\":true},"
            "\"create_at\":%" PRId64 "}}\n",
            m, BASE_MS + 1000 + (int64_t)m * 2000);
    ck_assert_int_eq(fclose(f), 0);
}

static void scratch_dir(const char *name, char *dir, size_t n)
{
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    snprintf(dir, n, "build/test-scratch/curate-%s-%ld", name, (long)getpid());
}

static long long stat_int(const json_t *model, const char *key)
{
    return json_integer_value(json_object_get(json_object_get(model, "stats"), key));
}

static void assert_has(const char *md, const char *what)
{
    ck_assert_msg(strstr(md, what) != NULL, "review.md lacks: %s", what);
}

/* "1,000,000" */
static void commas(long long v, char *buf)
{
    char d[32];
    int len = snprintf(d, sizeof(d), "%lld", v), o = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = d[i];
    }
    buf[o] = '\0';
}

/* timeline.jsonl: one entry a line, as many as the timeline has, their
 * counts adding up to every event; the first and last lines are the
 * timeline's first and last entries exactly. */
static void check_jsonl(const char *out, const json_t *model, const char *first, const char *last)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/timeline.jsonl", out);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
    static char line[1 << 16];
    static char first_line[1 << 16], last_line[1 << 16];
    first_line[0] = last_line[0] = '\0';
    long long lines = 0, events = 0;
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);
        ck_assert_msg(n > 0 && line[n - 1] == '\n', "line %lld is cut or too long", lines + 1);
        json_error_t e;
        json_t *o = json_loads(line, 0, &e);
        ck_assert_msg(json_is_object(o), "line %lld: %s", lines + 1, e.text);
        events += json_integer_value(json_object_get(o, "count"));
        json_decref(o);
        if (!lines)
            memcpy(first_line, line, n + 1);
        memcpy(last_line, line, n + 1);
        lines++;
    }
    fclose(f);
    ck_assert_int_eq(lines, stat_int(model, "entries"));
    /* the entries stand for every record: the events kept and the log lines
     * and bot messages folded into their clusters (README, "Evidence of any
     * size") */
    ck_assert_int_eq(events, stat_int(model, "events"));
    ck_assert_str_eq(first_line, first);
    if (last)
        ck_assert_str_eq(last_line, last);
}

/* Every line of `path` (timeline.jsonl), or every item of the timeline of
 * review.json (`review`), against schema/timeline.schema.json, by the
 * python3-jsonschema the Makefile installs. */
static void check_schema(const char *path, int review)
{
    char cmd[2000];
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import json,sys,jsonschema\n"
             "s=json.load(open(\"schema/timeline.schema.json\"))\n"
             "v=jsonschema.Draft202012Validator(s)\n"
             "f=open(sys.argv[1])\n"
             "items=json.load(f)[\"timeline\"] if sys.argv[2]==\"1\" else map(json.loads,f)\n"
             "for i,e in enumerate(items):\n"
             "  for err in v.iter_errors(e):\n"
             "    print(i,err.message);sys.exit(1)\n' '%s' %d",
             path, review);
    ck_assert_msg(system(cmd) == 0, "%s does not follow schema/timeline.schema.json", path);
}

/* The HTML was written (the renderer refused nothing) and says the counts. */
static void check_html(const char *out, const char *jsonl_line)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/review.html", out);
    size_t len;
    char *html = review_slurp(path, &len);
    ck_assert_ptr_nonnull(strstr(html, "href=\"timeline.jsonl\""));
    ck_assert_msg(strstr(html, jsonl_line) != NULL, "review.html lacks %s", jsonl_line);
    rg_free(html);
}

/* Every milestone's evidence is a row of its own in the curated timeline
 * (an event that is the evidence of two milestones names one of them). */
static void check_milestone_evidence(const json_t *model, const char *md)
{
    const char *name;
    json_t *ms;
    int shown = 0;
    json_object_foreach(json_object_get(model, "milestones"), name, ms)
    {
        if (!json_is_object(ms))
            continue;
        const char *origin = json_string_value(json_object_get(ms, "origin"));
        const char *at = json_string_value(json_object_get(ms, "at"));
        int found = 0;
        json_t *e;
        size_t i;
        json_array_foreach(json_object_get(model, "timeline"), i, e)
        {
            if (json_object_get(e, "group") || !json_string_value(json_object_get(e, "milestone")))
                continue;
            found |= !strcmp(json_string_value(json_object_get(e, "origin")), origin) &&
                     !strcmp(json_string_value(json_object_get(e, "at")), at);
        }
        ck_assert_msg(found, "milestone %s: its evidence %s is not in the curated timeline", name,
                      origin);
        char cell[300];
        snprintf(cell, sizeof(cell), "| %s |", origin);
        assert_has(md, cell);
        shown++;
    }
    ck_assert_int_gt(shown, 2);
}

START_TEST(test_million_lines_bounded_document)
{
    char dir[300], inc[400], out[400];
    scratch_dir("big", dir, sizeof(dir));
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    static gen g;
    memset(&g, 0, sizeof(g));
    g.log_lines = 1000000;
    g.n_warn = 80000;
    g.n_human = 600;
    g.n_bot = 3000;
    make_incident(inc, &g);
    json_t *model = review_build(inc, out);

    char path[1200];
    snprintf(path, sizeof(path), "%s/review.md", out);
    size_t len;
    char *md = review_slurp(path, &len);
    ck_assert_uint_lt(len, 1024 * 1024);

    /* every event is counted: the lines, the chat, 3 pages, firing and resolved */
    long long events = g.log_lines + g.n_human + g.n_bot + 3 + 2;
    ck_assert_int_eq(stat_int(model, "events"), events);
    char ev_text[32], en_text[32], want[200];
    commas(events, ev_text);
    commas(stat_int(model, "entries"), en_text);
    snprintf(want, sizeof(want), "The complete timeline, %s events in %s entries: [timeline.jsonl]",
             ev_text, en_text);
    assert_has(md, want);

    /* above the limit: human messages grouped by author and minute, exact
     * counts; milestone evidence stays on its own row, out of the groups */
    const json_t *tl = json_object_get(model, "timeline");
    long long human_seen = 0;
    int groups = 0;
    for (int minute = 0; minute * 10 < g.n_human + 10; minute++) {
        for (int a = 0; a < 3; a++) {
            int n = 0, first = -1, last = -1;
            for (int m = 0; m < g.n_human; m++) {
                int64_t at = BASE_MS + 30000 + (int64_t)m * 6000;
                if ((at - BASE_MS) / 60000 != minute || m % 3 != a)
                    continue;
                /* evidence of a milestone is not in a group */
                char origin[64];
                snprintf(origin, sizeof(origin), "chat.jsonl:%d", m + 2);
                int evidence = 0;
                json_t *e;
                size_t i;
                json_array_foreach(tl, i, e)
                {
                    const char *o = json_string_value(json_object_get(e, "origin"));
                    evidence |= o && !strcmp(o, origin) &&
                                json_string_value(json_object_get(e, "milestone"));
                }
                if (evidence)
                    continue;
                n++;
                if (first < 0)
                    first = m;
                last = m;
            }
            if (n < 2)
                continue;
            int64_t last_s = (30000 + (int64_t)last * 6000) / 1000;
            snprintf(want, sizeof(want),
                     "| %s | %d messages from %s (first: looking at shard %d now; last at "
                     "%02d:%02d:%02d) | chat.jsonl:%d |",
                     authors[a], n, authors[a], first, (int)(10 + last_s / 3600),
                     (int)(last_s / 60 % 60), (int)(last_s % 60), first + 2);
            assert_has(md, want);
            groups++;
        }
    }
    ck_assert_int_gt(groups, 100);
    /* review.json says the same: the groups' counts add up to every message */
    json_t *e;
    size_t i;
    json_array_foreach(tl, i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        if (kind && !strcmp(kind, "chat") && json_is_true(json_object_get(e, "human")))
            human_seen += json_integer_value(json_object_get(e, "count"));
    }
    ck_assert_int_eq(human_seen, g.n_human);

    /* the top error clusters, with their counts and first/last times */
    long best[N_SIGS];
    for (int s = 0; s < N_SIGS; s++)
        best[s] = g.err_count[s];
    long top20 = 0;
    for (int k = 0; k < 20; k++) {
        int bi = 0;
        for (int s = 1; s < N_SIGS; s++)
            if (best[s] > best[bi])
                bi = s;
        char w[16], c[32];
        letters(bi, w);
        commas(best[bi], c);
        snprintf(want, sizeof(want), " | %s × upstream svc%s refused request", c, w);
        assert_has(md, want);
        top20 += best[bi];
        best[bi] = -1;
    }
    /* and the rest summarised with counts: the other 20 error clusters,
     * every warning */
    char c[32], c2[32];
    commas(g.n_err - top20, c);
    snprintf(want, sizeof(want), "| app.log | log.error | %d | %s |", N_SIGS - 20, c);
    assert_has(md, want);
    commas(g.n_warn, c);
    commas(g.n_warn, c2);
    snprintf(want, sizeof(want), "| app.log | log.warning | %s | %s |", c, c2);
    assert_has(md, want);

    check_milestone_evidence(model, md);
    check_html(out, "timeline.jsonl</a>");
    char *first = json_dumps(json_array_get(json_object_get(model, "timeline"), 0), 0);
    ck_assert_ptr_nonnull(first);
    char first_nl[4096];
    snprintf(first_nl, sizeof(first_nl), "%s\n", first);
    free(first);
    check_jsonl(out, model, first_nl, NULL);
    snprintf(path, sizeof(path), "%s/review.json", out);
    check_schema(path, 1);
    rg_free(md);
    json_decref(model);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (!getenv("RG_KEEP_SCRATCH")) /* kept: to look at, or to time the CLI on */
        ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* Below the limit every human message, page and alert has its own row, even
 * when the logs around them run to thousands of entries. */
START_TEST(test_below_limit_every_human_page_alert)
{
    char dir[300], inc[400], out[400];
    scratch_dir("small", dir, sizeof(dir));
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    static gen g;
    memset(&g, 0, sizeof(g));
    g.log_lines = 100000;
    g.n_warn = 5000;
    g.n_human = KEY_LIMIT - 5; /* with 3 pages and 2 alert events: the limit */
    g.n_bot = 500;
    make_incident(inc, &g);
    json_t *model = review_build(inc, out);
    char path[1200];
    snprintf(path, sizeof(path), "%s/review.md", out);
    size_t len;
    char *md = review_slurp(path, &len);
    ck_assert_uint_lt(len, 1024 * 1024);
    for (int m = 0; m < g.n_human; m++) {
        char want[200];
        snprintf(want, sizeof(want), "| %s | looking at shard %d now", authors[m % 3], m);
        assert_has(md, want);
        snprintf(want, sizeof(want), " | chat.jsonl:%d |", m + 2);
        assert_has(md, want);
    }
    int pages = 0, alerts = 0;
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(model, "timeline"), i, e)
    {
        const char *kind = json_string_value(json_object_get(e, "kind"));
        ck_assert_ptr_null(json_object_get(e, "group"));
        if (strcmp(kind, "page") && strcmp(kind, "alert"))
            continue;
        pages += !strcmp(kind, "page");
        alerts += !strcmp(kind, "alert");
        char want[300];
        snprintf(want, sizeof(want), " | %s |", json_string_value(json_object_get(e, "origin")));
        assert_has(md, want);
    }
    ck_assert_int_eq(pages, 3);
    ck_assert_int_eq(alerts, 2);
    check_milestone_evidence(model, md);

    /* timeline.jsonl: the first line is the timeline's first entry (the
     * alert firing at 10:00:00, a row of the curated timeline too) exactly;
     * the last is the last log line's entry */
    char *want_first = json_dumps(json_array_get(json_object_get(model, "timeline"), 0), 0);
    ck_assert_ptr_nonnull(want_first);
    char first[4096];
    snprintf(first, sizeof(first), "%s\n", want_first);
    free(want_first);
    ck_assert_ptr_nonnull(strstr(first, "{\"at\": \"2026-10-02T10:00:00Z\", \"time\": \"2026-10-02 "
                                        "10:00:00\", \"clock\": \"10:00:00\", \"kind\": \"alert\", "
                                        "\"type\": \"alert.firing\""));
    char last[4096];
    {
        char p[1200];
        snprintf(p, sizeof(p), "%s/timeline.jsonl", out);
        size_t jl;
        char *js = review_slurp(p, &jl);
        ck_assert_uint_gt(jl, 2);
        char *lp = js + jl - 2;
        while (lp > js && lp[-1] != '\n')
            lp--;
        snprintf(last, sizeof(last), "%s", lp);
        rg_free(js);
    }
    /* entries are in the order of their first event: the last is the last
     * warning, a cluster of one, after the info lines' cluster began */
    char want_last[400], w[16];
    letters(g.n_warn - 1 + 26 * 26 * 26, w);
    snprintf(want_last, sizeof(want_last),
             "\"type\": \"log.warning\", \"source\": \"app.log\", \"actor\": \"web-1\", "
             "\"human\": false, \"text\": \"slow disk on volume vol%s: fsync took too long and "
             "writes queued behind it\", \"origin\": \"app.log:%ld\"",
             w, g.last_warn_line);
    ck_assert_msg(strstr(last, want_last) != NULL, "last line: %s", last);
    ck_assert_ptr_nonnull(strstr(last, "\"count\": 1,"));
    check_jsonl(out, model, first, last);
    char p2[1200];
    snprintf(p2, sizeof(p2), "%s/timeline.jsonl", out);
    check_schema(p2, 0);
    snprintf(p2, sizeof(p2), "%s/review.json", out);
    check_schema(p2, 1);
    rg_free(md);
    json_decref(model);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (!getenv("RG_KEEP_SCRATCH")) /* kept: to look at, or to time the CLI on */
        ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* The files of folder `dir` (not . and ..), how many, and whether each of
 * `names` is one of them. */
static int folder_files(const char *dir, const char *const *names, size_t n_names, int *all)
{
    DIR *d = opendir(dir);
    int n = 0;
    *all = 1;
    size_t seen = 0;
    if (!d) {
        *all = n_names == 0;
        return 0;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        n++;
        for (size_t i = 0; i < n_names; i++)
            seen += !strcmp(e->d_name, names[i]);
    }
    closedir(d);
    *all = seen == n_names;
    return n;
}

/* timeline.jsonl is streamed in pieces, each write a step of the publish:
 * a failure at any step, inside the file too, leaves nothing (or, once
 * recovered after the commit, the whole set); never a cut timeline.jsonl. */
START_TEST(test_streamed_jsonl_fails_whole)
{
    char dir[300], inc[400], out[400], cmd[1200];
    scratch_dir("fault", dir, sizeof(dir));
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    static gen g;
    memset(&g, 0, sizeof(g));
    g.log_lines = 20000;
    g.n_warn = 1500;
    g.n_human = 10;
    make_incident(inc, &g);
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    json_t *model = review_model(&b, inc, &d);
    rg_output_fail_after(-1, 0);
    ck_assert_msg(rg_publish(&b, model, out, NULL, NULL, &d) == 0, "%s", d.error);
    long steps = rg_output_fail_after(-1, 0);
    char path[1200];
    snprintf(path, sizeof(path), "%s/timeline.jsonl", out);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    /* written in pieces of about 64 KiB: more write steps than files */
    long pieces = (long)(st.st_size / 65536);
    ck_assert_int_gt(pieces, 8);
    ck_assert_int_gt(steps, 5 * 3 + pieces);
    off_t whole = st.st_size;
    static const char *const names[] = {"review.md", "review.html", "review.json", "timeline.svg",
                                        "timeline.jsonl"};
    int before = 0, after = 0;
    for (long n = 0; n < steps; n++) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", out);
        ck_assert_int_eq(system(cmd), 0);
        rg_diag fd;
        rg_diag_init(&fd);
        rg_output_fail_after(n, EIO);
        int rc = rg_publish(&b, model, out, NULL, NULL, &fd);
        rg_output_fail_after(-1, 0);
        ck_assert_msg(rc == -1, "step %ld of %ld: the publish did not fail", n, steps);
        ck_assert_msg(strstr(fd.error, "Input/output error") != NULL, "step %ld: %s", n, fd.error);
        rg_diag_free(&fd);
        rg_diag rd;
        rg_diag_init(&rd);
        ck_assert_msg(rg_publish_recover(out, NULL, 0, &rd) == 0, "step %ld: %s", n, rd.error);
        rg_diag_free(&rd);
        int all;
        int files = folder_files(out, names, 5, &all);
        if (files == 0) {
            before++;
            continue;
        }
        ck_assert_msg(files == 5 && all, "step %ld: %d files after recovery", n, files);
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert_int_eq(st.st_size, whole);
        after++;
    }
    ck_assert_int_gt(before, pieces);
    ck_assert_int_gt(after, 0);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* ---- rg_curate on its own ---------------------------------------------- */

static rg_event *mk(rg_arena *a, rg_kind kind, const char *type, const char *source,
                    const char *actor, int64_t at_s, uint64_t seq)
{
    rg_event *e = rg_event_new(a);
    ck_assert_ptr_nonnull(e);
    e->kind = kind;
    e->type = type;
    e->source = rg_arena_strdup(a, source);
    e->actor = actor ? rg_arena_strdup(a, actor) : NULL;
    e->human = kind == RG_KIND_CHAT;
    e->text = "x";
    e->origin = "o";
    e->at_us = at_s * 1000000;
    e->seq = seq;
    return e;
}

/* 1,000 people, one message each, each in a minute of its own: grouping by
 * author and minute makes 1,000 rows, so the groups take every author and
 * wider spans until at most the limit remain; nothing is lost. */
START_TEST(test_groups_widen_until_they_fit)
{
    rg_arena *a = rg_arena_new();
    rg_event *ev[1000];
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof(name), "person %d", i);
        ev[i] = mk(a, RG_KIND_CHAT, "chat.message", "chat", name, 36000 + i * 60, (uint64_t)i);
    }
    rg_timeline tl = {ev, 1000, ev, 1000, 0, NULL, 0};
    rg_curated c;
    ck_assert_int_eq(rg_curate(&tl, NULL, 0, &c), 0);
    ck_assert_int_eq(c.curated, 1);
    ck_assert_uint_le(c.n_rows, KEY_LIMIT);
    /* 5-minute buckets of every author: 200 rows of 5 messages */
    ck_assert_uint_eq(c.n_rows, 200);
    uint64_t sum = 0;
    for (size_t i = 0; i < c.n_rows; i++) {
        ck_assert_int_eq(c.rows[i].by_actor, 0);
        ck_assert_int_eq(c.rows[i].width_us, INT64_C(300000000));
        ck_assert_uint_eq(c.rows[i].count, 5);
        ck_assert_int_eq(c.rows[i].last_us - c.rows[i].ev->at_us, INT64_C(240000000));
        sum += c.rows[i].count;
    }
    ck_assert_uint_eq(sum, 1000);
    ck_assert_uint_eq(c.rest_entries, 0);
    rg_curated_free(&c);
    rg_arena_free(a);
}
END_TEST

/* 120 log sources with 1 to 120 lines each: 50 rows, the 49 largest and
 * "everything else" adding up exactly; the largest clusters shown. */
START_TEST(test_rest_counted_by_source_and_type)
{
    rg_arena *a = rg_arena_new();
    rg_event *ev[120];
    char name[32];
    for (int i = 0; i < 120; i++) {
        snprintf(name, sizeof(name), "log%03d", i);
        ev[i] = mk(a, RG_KIND_LOG, "log.warning", name, "host", 36000 + i, (uint64_t)i);
        ev[i]->count = (uint64_t)i + 1;
        ev[i]->last_us = ev[i]->at_us + 1000000;
    }
    /* and 500 pages: more than the limit of people's and tools' entries */
    rg_event *all[620];
    memcpy(all, ev, sizeof(ev));
    for (int i = 0; i < 500; i++)
        all[120 + i] = mk(a, RG_KIND_PAGE, "page.triggered", "pd", "pager", 40000 + i * 60,
                          (uint64_t)(120 + i));
    rg_timeline tl = {all, 620, all, 620, 0, NULL, 0};
    rg_curated c;
    ck_assert_int_eq(rg_curate(&tl, NULL, 0, &c), 0);
    ck_assert_int_eq(c.curated, 1);
    /* the 20 largest clusters: counts 120 down to 101 */
    ck_assert_uint_eq(c.n_clusters, 20);
    /* the rest: 100 sources of counts 1..100 */
    ck_assert_uint_eq(c.rest_entries, 100);
    ck_assert_uint_eq(c.rest_events, 5050);
    ck_assert_uint_eq(c.n_rest, RG_CURATE_REST_ROWS);
    ck_assert_str_eq(c.rest[0].source, "log099");
    ck_assert_uint_eq(c.rest[0].events, 100);
    ck_assert_str_eq(c.rest[48].source, "log051");
    ck_assert_ptr_null(c.rest[49].source);
    /* everything else: counts 1..51 */
    ck_assert_uint_eq(c.rest[49].entries, 51);
    ck_assert_uint_eq(c.rest[49].events, 51 * 52 / 2);
    ck_assert_int_eq(c.rest[49].first_us, INT64_C(36000000000));
    ck_assert_int_eq(c.rest[49].last_us, INT64_C(36051000000));
    /* 500 pages, one a minute: 500 groups of one by author and minute, too
     * many; 5-minute buckets make 100 groups of 5 */
    ck_assert_uint_eq(c.n_groups, 100);
    ck_assert_uint_eq(c.events, 120 * 121 / 2 + 500);
    rg_curated_free(&c);
    rg_arena_free(a);
}
END_TEST

/* At most the limit entries: every entry, as it is, not curated. */
START_TEST(test_short_timeline_whole)
{
    rg_arena *a = rg_arena_new();
    rg_event *ev[KEY_LIMIT];
    for (int i = 0; i < KEY_LIMIT; i++)
        ev[i] = mk(a, RG_KIND_LOG, "log.info", "app", "h", 36000 + i, (uint64_t)i);
    rg_timeline tl = {ev, KEY_LIMIT, ev, KEY_LIMIT, 0, NULL, 0};
    rg_curated c;
    ck_assert_int_eq(rg_curate(&tl, NULL, 0, &c), 0);
    ck_assert_int_eq(c.curated, 0);
    ck_assert_uint_eq(c.n_rows, KEY_LIMIT);
    for (int i = 0; i < KEY_LIMIT; i++)
        ck_assert_ptr_eq(c.rows[i].ev, ev[i]);
    rg_curated_free(&c);
    rg_arena_free(a);
}
END_TEST

/* Two log records of 3 MiB each (a stack trace, a dumped payload) in a
 * short timeline: the full timeline of review.md shows each as its first
 * 1,000 bytes and how many characters more, review.json and timeline.jsonl
 * keep them whole. Every text was written whole, so the two made a 6 MiB
 * review.md, and three one too large for the HTML: the build failed. */
START_TEST(test_long_texts_cut_in_review_md)
{
    char dir[300], out[400], path[1200];
    scratch_dir("long", dir, sizeof(dir));
    snprintf(out, sizeof(out), "%s.out", dir);
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s' && mkdir -p '%s'", dir, out, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(path, sizeof(path), "%s/incident.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-7002\", \"title\": \"Long texts\",\n"
          " \"window\": {\"from\": \"2026-10-02T09:55:00Z\", \"to\": \"2026-10-02T12:05:00Z\"},\n"
          " \"sources\": [{\"path\": \"app.jsonl\", \"format\": \"jsonlines\"}]}\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    enum { BIG = 3 * 1024 * 1024 };
    snprintf(path, sizeof(path), "%s/app.jsonl", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    for (int k = 0; k < 3; k++) {
        fprintf(f, "{\"time\":\"2026-10-02T10:0%d:00Z\",\"level\":\"error\",\"msg\":\"%s ", k,
                k == 1 ? "short" : "trace \u00e9");
        for (int i = 0; k != 1 && i < BIG; i++)
            fputc('a' + k, f);
        fputs("\"}\n", f);
    }
    ck_assert_int_eq(fclose(f), 0);
    json_t *model = review_build(dir, out);
    snprintf(path, sizeof(path), "%s/review.md", out);
    size_t len;
    char *md = review_slurp(path, &len);
    ck_assert_uint_lt(len, 64 * 1024);
    /* "trace é " is 9 bytes: 991 a's fill the 1,000, BIG - 991 are left */
    char want[1300];
    int w = snprintf(want, sizeof(want), "| trace \xC3\xA9 ");
    for (int i = 0; i < 991; i++)
        want[w++] = 'a';
    snprintf(want + w, sizeof(want) - (size_t)w,
             "\xE2\x80\xA6 (3,144,737 more characters: the whole text is in timeline.jsonl) |");
    assert_has(md, want);
    assert_has(md, "| short  |");
    rg_free(md);
    json_t *tl = json_object_get(model, "timeline");
    ck_assert_uint_eq(json_array_size(tl), 3);
    ck_assert_uint_eq(strlen(json_string_value(json_object_get(json_array_get(tl, 2), "text"))),
                      BIG + 9);
    ck_assert_ptr_null(json_object_get(json_array_get(tl, 1), "text_cut"));
    json_decref(model);
    snprintf(path, sizeof(path), "%s/review.json", out);
    check_schema(path, 1);
    snprintf(path, sizeof(path), "%s/timeline.jsonl", out);
    check_schema(path, 0);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", dir, out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *curate_suite(void)
{
    Suite *s = suite_create("curate");
    TCase *tc = tcase_create("volume");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_below_limit_every_human_page_alert);
    tcase_add_test(tc, test_million_lines_bounded_document);
    tcase_add_test(tc, test_streamed_jsonl_fails_whole);
    suite_add_tcase(s, tc);
    TCase *unit = tcase_create("unit");
    tcase_add_test(unit, test_groups_widen_until_they_fit);
    tcase_add_test(unit, test_rest_counted_by_source_and_type);
    tcase_add_test(unit, test_short_timeline_whole);
    tcase_add_test(unit, test_long_texts_cut_in_review_md);
    suite_add_tcase(s, unit);
    return s;
}

RG_CHECK_MAIN(curate_suite)
