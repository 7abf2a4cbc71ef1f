/* check_draft.c -- the review as a working document: an edited review.md
 * read back (exact values, exact errors), the edit round trip on the sample
 * (durations, cards, chart, store and the printed changes), a rebuild that
 * keeps the edit, and the init/publish/build --force commands. */
#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "build.h"
#include "check_cmd_util.h"
#include "check_util.h"
#include "draft.h"
#include "init.h"
#include "jsonutil.h"

#define SAMPLE "samples/inc-2041-checkout"
#define INVALID RG_FIXTURES "/draft/invalid"

extern const rg_command rg_cmd_build;
extern const rg_command rg_cmd_publish;
extern const rg_command rg_cmd_init;
extern const rg_command rg_cmd_timeline;

static char dir[160];
static char *out_text, *err_text;

static char *slurp(const char *path, size_t *len)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t n = 0;
    char *s = rg_read_file(path, &n, &d);
    rg_diag_free(&d);
    if (len)
        *len = n;
    return s;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void sh(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "build/test-scratch/draft-%ld", (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir '%s'", dir, dir);
    sh(cmd);
}

static void teardown(void)
{
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    sh(cmd);
    rg_free(out_text);
    rg_free(err_text);
    out_text = err_text = NULL;
}

/* ---- reading back ---- */

START_TEST(test_parse)
{
    size_t len;
    char *md = slurp(RG_FIXTURES "/draft/edited.md", &len);
    ck_assert_ptr_nonnull(md);
    rg_arena *a = rg_arena_new();
    rg_draft d;
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_draft_parse(&d, "edited.md", md, len, a, &diag) == 0, "%s", diag.error);
    ck_assert(d.has_milestones);
    ck_assert_str_eq(d.ms[RG_MS_STARTED].cell, "2026-11-20 14:02:01");
    ck_assert_str_eq(d.ms[RG_MS_DETECTED].cell, "14:03:31");
    ck_assert_str_eq(d.ms[RG_MS_MITIGATED].cell, "2026-11-20T21:38:00+07:00");
    ck_assert_int_eq(d.ms[RG_MS_MITIGATED].line, 36);
    ck_assert_int_eq(d.ms[RG_MS_MITIGATED].col, 41);
    ck_assert_str_eq(d.ms[RG_MS_RESOLVED].cell, "\xE2\x80\x94");
    ck_assert(!d.ms[RG_MS_ACKNOWLEDGED].present);
    ck_assert_str_eq(d.summary, "The primary's volume stalled; the standby was\npromoted by hand "
                                "(21:33).");
    ck_assert_str_eq(d.customer_impact, "Card payments failed for *41 minutes*.");
    ck_assert_uint_eq(d.n_recognition, 2);
    ck_assert_str_eq(d.recognition[0], "Thank you to **Katrin**, who joined from Berlin.");
    ck_assert_str_eq(d.recognition[1], "Thank you to our customers,\nfor their patience.");
    /* the placeholder is no factor */
    ck_assert(d.has_factors);
    ck_assert_uint_eq(d.n_factors, 0);
    /* both lists before "### Suggested in the chat"; the suggestion is not one */
    ck_assert_uint_eq(d.n_items, 4);
    const rg_draft_item *it = &d.items[0];
    ck_assert_str_eq(it->title, "Point checkout-api at the Patroni endpoint");
    ck_assert_str_eq(it->owner, "Chinedu Okafor");
    ck_assert_str_eq(it->due, "2026-12-04");
    ck_assert_str_eq(it->priority, "P1");
    ck_assert_str_eq(it->ticket, "PAY-1187");
    ck_assert(!it->checked);
    ck_assert_int_eq(it->line, 45);
    ck_assert(d.items[1].checked);
    ck_assert_str_eq(d.items[1].title, "Alert when standby lag exceeds maximum_lag_on_failover");
    ck_assert_str_eq(d.items[1].key, "[x] Alert when standby lag exceeds maximum_lag_on_failover "
                                     "\xE2\x80\x94 owner: Katrin Vogel");
    /* " — a replica again" is no field: all of it is the title */
    ck_assert_str_eq(d.items[2].title, "Rejoin db-primary-1 \xE2\x80\x94 a replica again");
    ck_assert_ptr_null(d.items[2].owner);
    /* an adopted suggestion keeps what the chat suggested */
    ck_assert_str_eq(d.items[3].title, "Write the runbook");
    ck_assert_str_eq(d.items[3].owner, "Katrin Vogel");
    ck_assert_str_eq(d.items[3].due, "2026-11-20");
    json_t *base = rg_draft_base_json(&d);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(base, "milestones"), "detected")),
        "14:03:31");
    ck_assert_uint_eq(json_array_size(json_object_get(base, "action_items")), 4);
    json_decref(base);
    char h[32];
    ck_assert_str_eq(rg_draft_hash("", 0, h), "fnv1a64:cbf29ce484222325");
    rg_diag_free(&diag);
    rg_arena_free(a);
    rg_free(md);
}
END_TEST

/* The first page's headings read back as the old ones did; a factor's
 * "because" list keeps its nesting (the item's own indentation dropped,
 * the deeper levels kept), so it renders the same again. */
START_TEST(test_parse_first_page)
{
    static const char md[] =
        "# T\n\n## What happened\n\n<!-- reviewgen:begin what-happened -->\nGenerated.\n"
        "<!-- reviewgen:end what-happened -->\n\n*Written from the milestones: replace it "
        "(`\"summary\"` in incident.json).*\n\n**Customer impact.** Slow search.\n\n"
        "## What we are changing\n\n**2 follow-ups, 1 P1**, highest priority first:\n\n"
        "- [ ] Fix it \xE2\x80\x94 priority: P1\n- [x] Tidy\n\n## Thank you\n\n- Thanks,\n  "
        "all.\n\n"
        "## Contributing factors\n\n- The deploy skipped the canary\n"
        "  - because the canary list is kept by hand\n"
        "    - because search joined after it was written\n- A second factor.\n";
    rg_arena *a = rg_arena_new();
    rg_draft d;
    rg_diag diag;
    rg_diag_init(&diag);
    ck_assert_msg(rg_draft_parse(&d, "review.md", md, strlen(md), a, &diag) == 0, "%s", diag.error);
    ck_assert(d.has_summary);
    ck_assert_ptr_null(d.summary); /* the generated region is reviewgen's, not the lead's */
    ck_assert_str_eq(d.customer_impact, "Slow search.");
    ck_assert(d.has_items);
    ck_assert_uint_eq(d.n_items, 2);
    ck_assert_str_eq(d.items[0].title, "Fix it");
    ck_assert_str_eq(d.items[0].priority, "P1");
    ck_assert(d.items[1].checked);
    ck_assert_uint_eq(d.n_recognition, 1);
    ck_assert_str_eq(d.recognition[0], "Thanks,\nall.");
    ck_assert_uint_eq(d.n_factors, 2);
    ck_assert_str_eq(d.factors[0], "The deploy skipped the canary\n"
                                   "- because the canary list is kept by hand\n"
                                   "  - because search joined after it was written");
    ck_assert_str_eq(d.factors[1], "A second factor.");
    rg_diag_free(&diag);
    rg_arena_free(a);
}
END_TEST

/* The draft at path read with allocation n failing (n < 0: none); the
 * number of allocations made in *made. Returns rg_draft_parse's result,
 * its error in err, the base JSON of what it read in *base (NULL when it
 * failed). */
static int parse_failing(const char *path, const char *md, size_t len, long n, long *made,
                         char err[1024], json_t **base)
{
    rg_arena *a = rg_arena_new();
    ck_assert_ptr_nonnull(a);
    rg_draft d;
    memset(&d, 0xA5, sizeof(d)); /* a failed parse must clear what it half read */
    rg_diag diag;
    rg_diag_init(&diag);
    rg_alloc_fail_after(n < 0 ? 1000000000 : n);
    int rc = rg_draft_parse(&d, path, md, len, a, &diag);
    *made = rg_alloc_fail_after(-1);
    snprintf(err, 1024, "%s", diag.error);
    *base = NULL;
    if (rc == 0) {
        *base = rg_draft_base_json(&d);
        ck_assert_ptr_nonnull(*base);
        /* the texts the base leaves out */
        json_object_set_new(*base, "summary", d.summary ? json_string(d.summary) : json_null());
        json_object_set_new(*base, "impact",
                            d.customer_impact ? json_string(d.customer_impact) : json_null());
    } else {
        ck_assert(!d.has_milestones && !d.has_items && !d.has_summary && !d.has_factors &&
                  !d.has_recognition && d.n_items == 0 && d.items == NULL && d.summary == NULL);
    }
    rg_diag_free(&diag);
    rg_arena_free(a);
    return rc;
}

/* A draft read with every allocation failing in turn, cmark-gfm's (its
 * parser, tree, iterators) and ours (the walk's buffers and arena) alike:
 * each run ends in exactly "PATH: out of memory", never an abort (cmark-gfm's
 * own allocator aborts the process), a crash, a leak (the sanitizer run) or
 * a draft read wrong (a heading whose text could not be had read as no
 * section); the run with every allocation made reads what a run without
 * failures reads. An invalid draft ends in out of memory or its own error. */
START_TEST(test_parse_out_of_memory)
{
    static const char *const inputs[] = {RG_FIXTURES "/draft/edited.md", INVALID "/bad-time/input",
                                         INVALID "/bad-due/input",
                                         INVALID "/unknown-milestone/input"};
    rg_alloc_install_jansson();
    long total_failed = 0;
    for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
        const char *path = inputs[k];
        size_t len;
        char *md = slurp(path, &len);
        ck_assert_ptr_nonnull(md);
        char want_err[1024], err[1024], oom[1024];
        json_t *want, *got;
        long made, m;
        int want_rc = parse_failing(path, md, len, -1, &made, want_err, &want);
        ck_assert_int_eq(want_rc, k == 0 ? 0 : -1);
        /* cmark-gfm's allocations are counted: hundreds for the 57 lines
         * of edited.md, not the walk's few dozen */
        ck_assert_int_gt(made, k == 0 ? 500 : 20);
        snprintf(oom, sizeof(oom), "%s: out of memory", path);
        for (long n = 0; n < made; n++) {
            unsigned long before = rg_alloc_failures();
            int rc = parse_failing(path, md, len, n, &m, err, &got);
            ck_assert_msg(rc == -1 && got == NULL, "%s: allocation %ld failed, parse went on", path,
                          n);
            ck_assert_uint_gt(rg_alloc_failures(), before);
            /* a real error found before the failure is kept (the first
             * error wins) */
            ck_assert_msg(strcmp(err, oom) == 0 || (want_rc != 0 && strcmp(err, want_err) == 0),
                          "%s: allocation %ld: %s", path, n, err);
            total_failed++;
        }
        /* every allocation made: the same as without failures */
        int rc = parse_failing(path, md, len, made, &m, err, &got);
        ck_assert_int_eq(rc, want_rc);
        ck_assert_int_eq(m, made);
        if (want_rc == 0) {
            ck_assert_msg(json_equal(got, want), "%s: read differently", path);
            ck_assert_str_eq(json_string_value(json_object_get(got, "impact")),
                             "Card payments failed for *41 minutes*.");
        } else {
            ck_assert_str_eq(err, want_err);
        }
        json_decref(got);
        json_decref(want);
        rg_free(md);
    }
    fprintf(stderr, "draft parse: %ld runs with an allocation failing, each a clean error\n",
            total_failed);
}
END_TEST

/* Every folder under draft/invalid/ holds an input and the exact error. */
START_TEST(test_invalid)
{
    DIR *dp = opendir(INVALID);
    ck_assert_ptr_nonnull(dp);
    int cases = 0;
    for (struct dirent *de; (de = readdir(dp)) != NULL;) {
        if (de->d_name[0] == '.')
            continue;
        char in[512], ep[512], want[1024];
        snprintf(in, sizeof(in), INVALID "/%s/input", de->d_name);
        snprintf(ep, sizeof(ep), INVALID "/%s/error", de->d_name);
        size_t len, elen;
        char *md = slurp(in, &len), *err = slurp(ep, &elen);
        ck_assert(md && err);
        while (elen && err[elen - 1] == '\n')
            err[--elen] = '\0';
        snprintf(want, sizeof(want), "%s%s", in, err + strlen("input"));
        rg_arena *a = rg_arena_new();
        rg_draft d;
        rg_diag diag;
        rg_diag_init(&diag);
        ck_assert_msg(rg_draft_parse(&d, in, md, len, a, &diag) == -1, "%s read", de->d_name);
        ck_assert_msg(strcmp(diag.error, want) == 0, "%s:\n got  %s\n want %s", de->d_name,
                      diag.error, want);
        rg_diag_free(&diag);
        rg_arena_free(a);
        rg_free(md);
        rg_free(err);
        cases++;
    }
    closedir(dp);
    ck_assert_int_ge(cases, 5);
}
END_TEST

START_TEST(test_refresh_regions)
{
    const char *fresh = "a\n<!-- reviewgen:begin x -->\nNEW\n<!-- reviewgen:end x -->\n"
                        "<!-- reviewgen:begin y -->\nNEW Y\n<!-- reviewgen:end y -->\n"
                        "<!-- reviewgen:begin z -->\nZ\n<!-- reviewgen:end z -->\n";
    const char *written = "a\n<!-- reviewgen:begin x -->\nold\n<!-- reviewgen:end x -->\n"
                          "<!-- reviewgen:begin y -->\nold y\n<!-- reviewgen:end y -->\n";
    json_t *regions = rg_draft_regions(written, strlen(written));
    /* the lead wrote in y; z is no longer marked */
    const char *edited = "a\nmine\n<!-- reviewgen:begin x -->\nold\n<!-- reviewgen:end x -->\n"
                         "<!-- reviewgen:begin y -->\nold y, and a note\n<!-- reviewgen:end y "
                         "-->\n";
    json_t *missing = json_array(), *kept = json_array();
    size_t n;
    char *out = rg_draft_refresh(edited, strlen(edited), fresh, strlen(fresh), regions, NULL, 0, &n,
                                 missing, kept);
    ck_assert_str_eq(out, "a\nmine\n<!-- reviewgen:begin x -->\nNEW\n<!-- reviewgen:end x -->\n"
                          "<!-- reviewgen:begin y -->\nold y, and a note\n<!-- reviewgen:end y "
                          "-->\n");
    ck_assert_str_eq(json_string_value(json_array_get(kept, 0)), "y");
    ck_assert_str_eq(json_string_value(json_array_get(missing, 0)), "z");
    rg_free(out);
    /* the milestone table's Time column is the lead's to edit */
    const char *t1 = "| Milestone | Time | Rule |\n| --- | --- | --- |\n| started | 14:02 | a |\n";
    const char *t2 = "| Milestone | Time | Rule |\n| --- | --- | --- |\n| started | 14:05 | a |\n";
    const char *t3 = "| Milestone | Time | Rule |\n| --- | --- | --- |\n| started | 14:02 | b |\n";
    char w1[200], w2[200], w3[200];
    snprintf(w1, sizeof(w1),
             "<!-- reviewgen:begin milestones -->\n%s<!-- reviewgen:end "
             "milestones -->\n",
             t1);
    snprintf(w2, sizeof(w2),
             "<!-- reviewgen:begin milestones -->\n%s<!-- reviewgen:end "
             "milestones -->\n",
             t2);
    snprintf(w3, sizeof(w3),
             "<!-- reviewgen:begin milestones -->\n%s<!-- reviewgen:end "
             "milestones -->\n",
             t3);
    json_t *r1 = rg_draft_regions(w1, strlen(w1)), *r2 = rg_draft_regions(w2, strlen(w2)),
           *r3 = rg_draft_regions(w3, strlen(w3));
    ck_assert(json_equal(r1, r2));
    ck_assert(!json_equal(r1, r3));
    json_decref(r1);
    json_decref(r2);
    json_decref(r3);
    json_decref(regions);
    json_decref(missing);
    json_decref(kept);
}
END_TEST

/* ---- the round trip on the sample ---- */

static char out_dir[300], db[300], md_path[400];

/* Builds the sample into dir/out with a store, as `reviewgen build` does. */
static void build_sample(int force, rg_publish_result *res)
{
    snprintf(out_dir, sizeof(out_dir), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    snprintf(md_path, sizeof(md_path), "%s/review.md", out_dir);
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model = rg_model_build(&b);
    rg_publish_opts po = {out_dir, db, NULL, force, NULL, 0, RG_APPENDIX_FULL, NULL};
    ck_assert_msg(rg_publish_ex(&b, model, &po, res, &d) == 0, "%s", d.error);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}

/* Replaces the first `from` in review.md with `to`. */
static void edit(const char *from, const char *to)
{
    size_t len;
    char *s = slurp(md_path, &len);
    ck_assert_ptr_nonnull(s);
    char *at = strstr(s, from);
    ck_assert_msg(at != NULL, "'%s' not in review.md", from);
    FILE *f = fopen(md_path, "wb");
    fwrite(s, 1, (size_t)(at - s), f);
    fputs(to, f);
    fputs(at + strlen(from), f);
    fclose(f);
    rg_free(s);
}

static char *query(const char *sql)
{
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(h));
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        out = rg_strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0)
                                                   : "NULL");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out ? out : rg_strdup("(none)");
}

static void expect_query(const char *sql, const char *want)
{
    char *got = query(sql);
    ck_assert_msg(strcmp(got, want) == 0, "%s\n got  %s\n want %s", sql, got, want);
    rg_free(got);
}

static const char *change_line(const rg_publish_result *r, size_t i)
{
    static char buf[1024];
    char *s = rg_draft_change_text(json_array_get(r->changes, i));
    snprintf(buf, sizeof(buf), "%s", s ? s : "(none)");
    rg_free(s);
    return buf;
}

/* EXPECTED.md, "The edit round trip": mitigated edited from 14:43:46.118204
 * to 14:38:01 changes time to mitigate to 36 min 00 s (2160 s) and the
 * validation window to 56 min 59 s (3419 s); an item checked done, one
 * added, the summary rewritten. */
START_TEST(test_round_trip)
{
    rg_publish_result res;
    build_sample(0, &res);
    ck_assert(!res.kept_edited);
    rg_publish_result_free(&res);
    expect_query("SELECT time_to_mitigate FROM incidents", "2505");
    edit("| mitigated | customer impact stopped | 2026-11-20 14:43:46 |",
         "| mitigated | customer impact stopped | 14:38:01 |");
    edit("- [ ] Move the nightly reindex job", "- [x] Move the nightly reindex job");
    edit("\n## Thank you", "\n- [ ] Rejoin db-primary-1 with pg\\_rewind \xE2\x80\x94 "
                           "owner: Katrin Vogel \xC2\xB7 due: 2026-11-21\n\n"
                           "## Thank you");
    edit("On 20 November 2026 at 21:01 (UTC+7)", "On Friday 20 November 2026 at 21:01 (UTC+7)");

    /* publish it */
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    json_t *model0 = rg_model_build(&b);
    rg_publish_opts po = {out_dir, db, NULL, 0, md_path, 0, RG_APPENDIX_FULL, NULL};
    ck_assert_msg(rg_publish_ex(&b, model0, &po, &res, &d) == 0, "%s", d.error);
    ck_assert_uint_eq(res.n_edits, 4);
    const char *want[] = {
        "mitigated: 2026-11-20 14:43:46 \xE2\x86\x92 2026-11-20 14:38:01, from the edited "
        "milestone table",
        "time to mitigate: 41 min 45 s \xE2\x86\x92 36 min, from the edited milestone table",
        "validation window: 51 min 14 s \xE2\x86\x92 56 min 59 s, from the edited milestone "
        "table",
        "action item 'Move the nightly reindex job off the failover candidate, or raise "
        "maximum_lag_on_failover with a documented data-loss bound': open \xE2\x86\x92 done, "
        "from the edited action items",
        "action item 'Rejoin db-primary-1 with pg_rewind': none \xE2\x86\x92 open, from the "
        "edited action items",
        "summary: as in incident.json \xE2\x86\x92 as edited, from the edited review"};
    size_t n_want = sizeof(want) / sizeof(want[0]);
    ck_assert_uint_eq(json_array_size(res.changes), n_want);
    for (size_t i = 0; i < n_want; i++)
        ck_assert_str_eq(change_line(&res, i), want[i]);
    /* the model, the cards, the chart, the store */
    const json_t *m1 = res.model;
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(m1, "durations"), "time_to_mitigate")),
        2160);
    ck_assert_int_eq(
        json_integer_value(json_object_get(json_object_get(m1, "durations"), "validation_window")),
        3419);
    const json_t *mit = json_object_get(json_object_get(m1, "milestones"), "mitigated");
    ck_assert_str_eq(json_string_value(json_object_get(mit, "at")), "2026-11-20T14:38:01Z");
    ck_assert_str_eq(json_string_value(json_object_get(mit, "rule")), "edited in review.md");
    ck_assert_str_eq(json_string_value(json_object_get(mit, "origin")), "review.md:114");
    expect_query("SELECT mitigated || ' ' || time_to_mitigate || ' ' || validation_window FROM "
                 "incidents",
                 "2026-11-20T14:38:01Z 2160 3419");
    expect_query("SELECT group_concat(status || ':' || source, ' ') FROM (SELECT * FROM "
                 "action_items WHERE suggested = 0 ORDER BY seq)",
                 "open:manifest open:manifest done:draft open:manifest done:manifest "
                 "done:manifest open:draft");
    /* the added item adopts Katrin's suggestion (rejoin, db-primary-1,
     * pg_rewind): its chat line is now that item's source, one suggestion is
     * left */
    expect_query("SELECT count(*) FROM action_items WHERE suggested = 1", "1");
    expect_query("SELECT raised_in FROM action_items WHERE title LIKE 'Rejoin%'",
                 "slack/inc-2041/2026-11-20.json:1169");
    char path[500];
    snprintf(path, sizeof(path), "%s/review.html", out_dir);
    char *html = slurp(path, NULL), *md = slurp(md_path, NULL);
    snprintf(path, sizeof(path), "%s/timeline.svg", out_dir);
    char *svg = slurp(path, NULL);
    /* time to mitigate is no card (customer impact is the one headline
     * duration): the metrics table has it */
    ck_assert_ptr_null(strstr(html, "<span class=\"rg-card-label\">Time to mitigate</span>"));
    ck_assert_ptr_nonnull(strstr(html, "<td>time to mitigate</td>\n<td>36 min</td>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>mitigated: 2026-11-20 14:38:01 UTC, set in "
                                      "review.md:114</title>"));
    /* the draft: the lead's cell and text as written, the computed parts new */
    ck_assert_ptr_nonnull(strstr(md, "| mitigated | customer impact stopped | 2026-11-20 "
                                     "14:38:01 | review.md:114 | edited in review.md |"));
    ck_assert_ptr_nonnull(strstr(md, "| time to mitigate | 36 min |"));
    ck_assert_ptr_nonnull(strstr(md, "On Friday 20 November 2026"));
    ck_assert_ptr_nonnull(strstr(md, "- [ ] Rejoin db-primary-1 with pg\\_rewind"));
    ck_assert(res.draft_refreshed);
    rg_free(html);
    rg_free(md);
    rg_free(svg);
    rg_publish_result_free(&res);
    json_decref(model0);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A rebuild never loses the edit: review.md is kept, its edits published
 * again, the new draft beside it; --force replaces it. */
START_TEST(test_rebuild_keeps_edit)
{
    rg_publish_result res;
    build_sample(0, &res);
    rg_publish_result_free(&res);
    edit("| mitigated | customer impact stopped | 2026-11-20 14:43:46 |",
         "| mitigated | customer impact stopped | 2026-11-20 14:38:01 |");
    edit("- [ ] Block configuration-management", "- [x] Block configuration-management");
    for (int round = 0; round < 2; round++) {
        build_sample(0, &res);
        ck_assert(res.kept_edited);
        ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(res.model, "durations"),
                                                            "time_to_mitigate")),
                         2160);
        rg_publish_result_free(&res);
        char *md = slurp(md_path, NULL);
        ck_assert_ptr_nonnull(strstr(md, "| 2026-11-20 14:38:01 | review.md:112 |"));
        ck_assert_ptr_nonnull(strstr(md, "- [x] Block configuration-management"));
        rg_free(md);
        char np[500];
        snprintf(np, sizeof(np), "%s/review.new.md", out_dir);
        char *nmd = slurp(np, NULL);
        ck_assert_ptr_nonnull(nmd);
        ck_assert_ptr_nonnull(strstr(nmd, "| time to mitigate | 41 min 45 s |"));
        rg_free(nmd);
        expect_query("SELECT time_to_mitigate || ' ' || (SELECT status FROM action_items WHERE "
                     "ticket = 'OPS-88') FROM incidents",
                     "2160 done");
    }
    build_sample(1, &res);
    ck_assert(!res.kept_edited);
    rg_publish_result_free(&res);
    expect_query("SELECT time_to_mitigate FROM incidents", "2505");
    char *md = slurp(md_path, NULL);
    ck_assert_ptr_nonnull(strstr(md, "| time to mitigate | 41 min 45 s |"));
    rg_free(md);
    /* unedited now: the next build replaces it without a word */
    build_sample(0, &res);
    ck_assert(!res.kept_edited);
    rg_publish_result_free(&res);
}
END_TEST

/* An edit that cannot be read: an error at its line and column, nothing
 * written, the store as it was. */
START_TEST(test_unreadable_edit_writes_nothing)
{
    rg_publish_result res;
    build_sample(0, &res);
    rg_publish_result_free(&res);
    edit("| started | customers first affected | 2026-11-20 14:02:01 |",
         "| started | customers first affected | 14h02 |");
    char jp[500];
    snprintf(jp, sizeof(jp), "%s/review.json", out_dir);
    char *before = slurp(jp, NULL);
    rg_build b;
    rg_diag d;
    rg_diag_init(&d);
    rg_build_opts o = {SAMPLE, NULL, NULL, NULL};
    ck_assert_int_eq(rg_build_run(&b, &o, &d), 0);
    json_t *model0 = rg_model_build(&b);
    rg_publish_opts po = {out_dir, db, NULL, 0, md_path, 0, RG_APPENDIX_FULL, NULL};
    ck_assert_int_eq(rg_publish_ex(&b, model0, &po, &res, &d), -1);
    ck_assert(res.input_error);
    char want[600];
    snprintf(
        want, sizeof(want),
        "%s:107:40: not a time: '14h02' (write \"2026-11-20 14:38:00\", UTC, or \"\xE2\x80\x94\" "
        "for unknown)",
        md_path);
    ck_assert_str_eq(d.error, want);
    char *after = slurp(jp, NULL);
    ck_assert_str_eq(after, before);
    expect_query("SELECT time_to_mitigate FROM incidents", "2505");
    rg_free(before);
    rg_free(after);
    rg_publish_result_free(&res);
    json_decref(model0);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* ---- the commands ---- */

static int run(const rg_command *c, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, c);
    for (const char *a; argc < 31 && (a = va_arg(ap, const char *)) != NULL;)
        argv[argc++] = (char *)a;
    va_end(ap);
    char op[300], ep[300];
    snprintf(op, sizeof(op), "%s/stdout", dir);
    snprintf(ep, sizeof(ep), "%s/stderr", dir);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    int fo = open(op, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    int fe = open(ep, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    dup2(fo, 1);
    dup2(fe, 2);
    int rc = rg_test_run_cmd(c, argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fo);
    close(fe);
    rg_free(out_text);
    rg_free(err_text);
    out_text = slurp(op, NULL);
    err_text = slurp(ep, NULL);
    return rc;
}

START_TEST(test_publish_command)
{
    snprintf(out_dir, sizeof(out_dir), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    snprintf(md_path, sizeof(md_path), "%s/review.md", out_dir);
    ck_assert_int_eq(run(&rg_cmd_build, SAMPLE, "-o", out_dir, "--db", db, "-q", NULL), 0);
    ck_assert_int_eq(run(&rg_cmd_publish, md_path, "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "no edits since reviewgen wrote"));
    edit("| mitigated | customer impact stopped | 2026-11-20 14:43:46 |",
         "| mitigated | customer impact stopped | 2026-11-20 14:38:01 |");
    ck_assert_int_eq(run(&rg_cmd_publish, md_path, "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "  time to mitigate: 41 min 45 s \xE2\x86\x92 36 min, "
                                           "from the edited milestone table\n"));
    /* the build afterwards keeps it and says so */
    ck_assert_int_eq(run(&rg_cmd_build, SAMPLE, "-o", out_dir, "--db", db, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "review.md was edited since reviewgen wrote it: kept"));
    ck_assert_ptr_nonnull(strstr(out_text, "  time to mitigate     36 min"));
    ck_assert_int_eq(run(&rg_cmd_build, SAMPLE, "-o", out_dir, "--db", db, "--force", "-q", NULL),
                     0);
    expect_query("SELECT time_to_mitigate FROM incidents", "2505");
    /* a draft with no review.json beside it */
    char lone[400];
    snprintf(lone, sizeof(lone), "%s/lone.md", dir);
    spit(lone, "# x\n");
    ck_assert_int_eq(run(&rg_cmd_publish, lone, "--no-store", NULL), 1);
    ck_assert_ptr_nonnull(strstr(err_text, "review.json"));
}
END_TEST

/* init: a manifest from the evidence that the shipped schema accepts. */
START_TEST(test_init)
{
    char inc[300], manifest[400], cmd[1400];
    snprintf(inc, sizeof(inc), "%s/inc-2041", dir);
    snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s' && rm '%s/incident.json'", SAMPLE, inc, inc);
    sh(cmd);
    snprintf(manifest, sizeof(manifest), "%s/incident.json", inc);
    ck_assert_int_eq(run(&rg_cmd_init, inc, NULL), 0);
    size_t len;
    char *text = slurp(manifest, &len);
    json_t *m = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(json_string_value(json_object_get(m, "id")), "inc-2041");
    ck_assert_str_eq(json_string_value(json_object_get(m, "$schema")), RG_SCHEMA_URL);
    /* the syslog writes times without a zone: the chat's people's zone */
    ck_assert_str_eq(json_string_value(json_object_get(m, "timezone")), "Asia/Ho_Chi_Minh");
    ck_assert_ptr_nonnull(strstr(out_text, "[\"db-primary.syslog\"] writes times without a zone"));
    const json_t *src = json_object_get(m, "sources");
    ck_assert_uint_eq(json_array_size(src), 6);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(src, 2), "format")),
                     "syslog");
    const json_t *people = json_object_get(m, "responders");
    ck_assert_uint_eq(json_array_size(people), 5);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(people, 0), "name")),
                     "Nguyễn Đức Minh");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(people, 0), "role")), "");
    /* the review's header and sections, to fill in */
    ck_assert_str_eq(json_string_value(json_object_get(m, "status")), "draft");
    static const char *const lists[] = {"authors", "reviewers", "went_well", "went_wrong",
                                        "got_lucky"};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_msg(json_is_array(json_object_get(m, lists[i])), "%s", lists[i]);
        ck_assert_uint_eq(json_array_size(json_object_get(m, lists[i])), 0);
    }
    json_decref(m);
    /* never over an existing manifest */
    ck_assert_int_eq(run(&rg_cmd_init, inc, NULL), 1);
    char *again = slurp(manifest, NULL);
    ck_assert_str_eq(again, text);
    rg_free(again);
    rg_free(text);
    /* the manifest builds, its zone puts the syslog in the window */
    char out[400];
    snprintf(out, sizeof(out), "%s/out", dir);
    ck_assert_int_eq(run(&rg_cmd_build, inc, "-o", out, "--no-store", "-q", NULL), 0);
    ck_assert_ptr_null(strstr(err_text, "all 186 events are outside"));
    /* and the shipped schema accepts it (JSON Schema 2020-12) */
    if (system("python3 -c 'import jsonschema' 2>/dev/null") != 0) {
        fprintf(stderr, "skipped: python3-jsonschema is not installed (make deps installs it)\n");
        return;
    }
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import json,sys,jsonschema; s=json.load(open(\"schema/"
             "incident.schema.json\")); jsonschema.Draft202012Validator.check_schema(s); "
             "jsonschema.Draft202012Validator(s).validate(json.load(open(sys.argv[1]))); "
             "jsonschema.Draft202012Validator(s).validate(json.load(open(sys.argv[2])))' '%s' "
             "'%s/incident.json'",
             manifest, SAMPLE);
    sh(cmd);
    /* and refuses what reviewgen refuses */
    char bad[400];
    snprintf(bad, sizeof(bad), "%s/bad.json", dir);
    spit(bad, "{\"timezone\": \"\", \"action_items\": [{\"title\": \"x\", \"due\": \"4 Dec\"}]}");
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import json,sys,jsonschema; s=json.load(open(\"schema/"
             "incident.schema.json\")); jsonschema.Draft202012Validator(s).validate(json.load("
             "open(sys.argv[1])))' '%s' 2>/dev/null",
             bad);
    ck_assert_int_ne(system(cmd), 0);
}
END_TEST

/* build's summary shows findings with times for people, as the review does;
 * --json keeps the exact RFC 3339 text for scripts. */
START_TEST(test_build_prints_findings_for_people)
{
    char inc[300], cmd[800], out[300];
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s'", RG_FIXTURES "/build/good", inc);
    sh(cmd);
    snprintf(cmd, sizeof(cmd), "%s/incident.json", inc);
    spit(cmd, "{\"id\": \"INC-9001\", \"events\": [{\"at\": \"2026-10-02T10:29:00Z\", \"type\": "
              "\"status.resolved\", \"text\": \"Fixed\"}]}\n");
    snprintf(out, sizeof(out), "%s/out", dir);
    ck_assert_int_eq(run(&rg_cmd_build, inc, "-o", out, "--no-store", NULL), 0);
    ck_assert_ptr_nonnull(
        strstr(out_text, "\nfinding: announced-before-recovered: Success was announced at 10:29 "
                         "UTC while alert \"SearchLatencyHigh: search p99 above 2s\" was still "
                         "firing: it fired at 10:00 UTC and resolved at 10:30 UTC "
                         "(alerts.json:11).\n"));
    ck_assert_ptr_null(strstr(out_text, "announced at 2026-"));
    ck_assert_int_eq(run(&rg_cmd_build, inc, "-o", out, "--no-store", "--json", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "Success was announced at 2026-10-02T10:29:00Z while "
                                           "alert"));
}
END_TEST

/* Manifest "events": lines the lead adds, marked as added by hand in the
 * Markdown, the HTML, review.json, the timeline exports and the store. */
START_TEST(test_manual_events)
{
    char inc[300], cmd[800], out[300];
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s'", RG_FIXTURES "/build/good", inc);
    sh(cmd);
    snprintf(cmd, sizeof(cmd), "%s/incident.json", inc);
    spit(cmd, "{\"id\": \"INC-9001\", \"title\": \"Search latency\",\n"
              " \"events\": [{\"at\": \"2026-10-02T10:06:00Z\", \"actor\": \"Amara Osei\",\n"
              "   \"text\": \"Vendor confirmed the index node was healthy (phone call)\"}]}\n");
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    ck_assert_int_eq(run(&rg_cmd_build, inc, "-o", out, "--db", db, "-q", NULL), 0);
    char p[500];
    snprintf(p, sizeof(p), "%s/review.md", out);
    char *md = slurp(p, NULL);
    ck_assert_ptr_nonnull(strstr(md, "| 10:06:00 | added by hand | Amara Osei | Vendor confirmed "
                                     "the index node was healthy (phone call) |"));
    snprintf(p, sizeof(p), "%s/review.html", out);
    char *html = slurp(p, NULL);
    ck_assert_ptr_nonnull(strstr(html, "<td>added by hand</td>"));
    snprintf(p, sizeof(p), "%s/review.json", out);
    json_t *m = rg_json_load(p, 0, NULL);
    const json_t *tl = json_object_get(m, "timeline");
    int found = 0;
    for (size_t i = 0; i < json_array_size(tl); i++) {
        const json_t *e = json_array_get(tl, i);
        if (!json_is_true(json_object_get(e, "manual")))
            continue;
        found++;
        ck_assert_str_eq(json_string_value(json_object_get(e, "origin")), "incident.json:2");
        ck_assert_str_eq(json_string_value(json_object_get(e, "source")), "added by hand");
        ck_assert_str_eq(json_string_value(json_object_get(e, "type")), "note");
    }
    ck_assert_int_eq(found, 1);
    json_decref(m);
    expect_query("SELECT source || '|' || manual || '|' || origin FROM events WHERE manual = 1",
                 "added by hand|1|incident.json:2");
    ck_assert_int_eq(run(&rg_cmd_timeline, inc, "--format", "csv", NULL), 0);
    ck_assert_ptr_nonnull(strstr(out_text, "2026-10-02T10:06:00Z,note,note,added by hand,Amara "
                                           "Osei,true,Vendor confirmed the index node was "
                                           "healthy (phone call),incident.json:2,"));
    rg_free(md);
    rg_free(html);
}
END_TEST

static Suite *draft_suite(void)
{
    Suite *s = suite_create("draft");
    TCase *tc = tcase_create("draft");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_parse);
    tcase_add_test(tc, test_parse_first_page);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_parse_out_of_memory);
    tcase_add_test(tc, test_refresh_regions);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_rebuild_keeps_edit);
    tcase_add_test(tc, test_unreadable_edit_writes_nothing);
    tcase_add_test(tc, test_publish_command);
    tcase_add_test(tc, test_init);
    tcase_add_test(tc, test_manual_events);
    tcase_add_test(tc, test_build_prints_findings_for_people);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(draft_suite)
