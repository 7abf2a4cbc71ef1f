/* check_logsum.c -- logs summarised while they stream (README, "Evidence of
 * any size"): folded lines in cluster and per-minute counts exactly, an error
 * burst found when its lines were folded, bot messages folded and people's
 * kept, and a million-line log built with memory that follows its clusters. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../reviewgen/build.h"
#include "../reviewgen/logsum.h"

static void scratch(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "build/test-scratch/logsum-%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

static FILE *open_in(const char *dir, const char *name)
{
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    return f;
}

static void window(const char *dir, const char *from, const char *to)
{
    FILE *f = open_in(dir, "incident.json");
    fprintf(f, "{\"window\": {\"from\": \"%s\", \"to\": \"%s\"}}\n", from, to);
    fclose(f);
}

static void build(rg_build *b, rg_diag *d, const char *dir)
{
    rg_build_opts o = {0};
    o.dir = dir;
    rg_diag_init(d);
    ck_assert_msg(rg_build_run(b, &o, d) == 0, "%s", d->error);
}

static const char *when(int64_t at_us, char *buf)
{
    return rg_time_format(at_us, buf);
}

static const rg_logsum_cluster *cluster_of(const rg_build *b, const char *type)
{
    const rg_logsum_cluster *found = NULL;
    for (size_t i = 0; i < b->logsum.n_sorted_clusters; i++)
        if (strcmp(b->logsum.sorted_clusters[i]->type, type) == 0) {
            ck_assert_ptr_null(found);
            found = b->logsum.sorted_clusters[i];
        }
    ck_assert_ptr_nonnull(found);
    return found;
}

/* Ten minutes of 30 info and 5 warning lines each, a deploy line, and a line
 * on each side of the window: every count is known. */
START_TEST(test_counts_exact)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "counts");
    window(dir, "2026-11-20T14:00:00Z", "2026-11-20T14:59:59Z");
    FILE *f = open_in(dir, "app.log");
    fprintf(f, "<14>1 2026-11-20T13:59:59Z web-1 app 1 - - request 1 served in 3 ms\n");
    long line = 1;
    for (int m = 0; m < 10; m++)
        for (int s = 0; s < 60; s++) {
            if (s % 2 == 0)
                fprintf(
                    f,
                    "<14>1 2026-11-20T14:%02d:%02dZ web-1 app 1 - - request %d served in %d ms\n",
                    m, s, m * 100 + s, s + 1);
            else if (s < 10)
                fprintf(f,
                        "<12>1 2026-11-20T14:%02d:%02dZ web-1 app 1 - - slow query on orders took "
                        "%d ms\n",
                        m, s, 900 + s);
            else
                continue;
            line++;
        }
    fprintf(f, "<14>1 2026-11-20T14:10:00Z web-1 app 1 - - deploy of build 42 started\n");
    fprintf(f, "<14>1 2026-11-20T15:00:00Z web-1 app 1 - - request 2 served in 3 ms\n");
    fclose(f);
    ck_assert_int_eq(line, 351);

    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.n_outside, 2);
    /* 20 warnings and the deploy are events; 300 info and 30 warnings folded */
    ck_assert_uint_eq(b.timeline.n_events, 21);
    ck_assert_uint_eq(b.logsum.n_folded, 330);
    ck_assert_uint_eq(b.sources[0].n_events, 21);
    ck_assert_uint_eq(b.sources[0].n_folded, 330);
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 2);

    const rg_logsum_cluster *info = cluster_of(&b, "log.info");
    ck_assert_uint_eq(info->n_folded, 300);
    ck_assert_uint_eq(info->n_kept, 0);
    ck_assert_str_eq(info->text, "request 0 served in 1 ms");
    ck_assert_str_eq(info->origin, "app.log:2");
    ck_assert_str_eq(when(info->first_us, t), "2026-11-20T14:00:00Z");
    ck_assert_str_eq(when(info->last_us, t), "2026-11-20T14:09:58Z");

    /* the 21st warning is the first folded: minute 4, second 1, line 2 + 4 * 35 + 1 */
    const rg_logsum_cluster *warn = cluster_of(&b, "log.warning");
    ck_assert_uint_eq(warn->n_kept, 20);
    ck_assert_uint_eq(warn->n_folded, 30);
    ck_assert_str_eq(warn->text, "slow query on orders took 901 ms");
    ck_assert_str_eq(warn->origin, "app.log:143");
    ck_assert_str_eq(when(warn->first_us, t), "2026-11-20T14:04:01Z");
    ck_assert_str_eq(when(warn->last_us, t), "2026-11-20T14:09:09Z");

    /* per minute and level: 30 info and 5 warnings in each of ten minutes,
     * the deploy line alone in 14:10 */
    ck_assert_uint_eq(b.logsum.n_minutes, 21);
    for (size_t i = 0; i < b.logsum.n_minutes; i++) {
        const rg_logsum_minute *mi = b.logsum.sorted_minutes[i];
        int64_t m = mi->minute - INT64_C(1795183200) / 60; /* 14:00 */
        ck_assert_int_eq(m, (int64_t)(i / 2));
        ck_assert_uint_eq(mi->source, 0);
        if (m == 10) {
            ck_assert_int_eq(mi->level, RG_LEVEL_INFO);
            ck_assert_uint_eq(mi->n, 1);
            ck_assert_uint_eq(mi->n_folded, 0);
            continue;
        }
        ck_assert_int_eq(mi->level, i % 2 ? RG_LEVEL_INFO : RG_LEVEL_WARNING);
        ck_assert_uint_eq(mi->n, i % 2 ? 30 : 5);
        ck_assert_uint_eq(mi->n_folded, i % 2 ? 30 : (m < 4 ? 0 : 5));
    }

    /* the folded clusters are timeline entries standing for their lines:
     * the info cluster alone, the warnings' after their last kept run */
    size_t n_info = 0;
    for (size_t i = 0; i < b.timeline.n_entries; i++) {
        const rg_event *e = b.timeline.entries[i];
        if (strcmp(e->type, "log.info") != 0 || e->count != 300)
            continue;
        n_info++;
        ck_assert_str_eq(e->origin, "app.log:2");
        ck_assert_str_eq(when(e->last_us, t), "2026-11-20T14:09:58Z");
    }
    ck_assert_uint_eq(n_info, 1);
    uint64_t warnings = 0;
    for (size_t i = 0; i < b.timeline.n_entries; i++)
        if (strcmp(b.timeline.entries[i]->type, "log.warning") == 0)
            warnings += b.timeline.entries[i]->count;
    ck_assert_uint_eq(warnings, 50);

    /* and in review.json */
    json_t *model = rg_model_build(&b);
    ck_assert_ptr_nonnull(model);
    json_t *vol = json_object_get(model, "log_volume");
    ck_assert_uint_eq(json_array_size(vol), 11);
    json_t *row = json_array_get(vol, 4);
    ck_assert_str_eq(json_string_value(json_object_get(row, "at")), "2026-11-20T14:04:00Z");
    ck_assert_str_eq(json_string_value(json_object_get(row, "source")), "app.log");
    ck_assert_int_eq(json_integer_value(json_object_get(row, "info")), 30);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "warning")), 5);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "error")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(row, "folded")), 35);
    json_t *cl = json_object_get(model, "clusters");
    ck_assert_uint_eq(json_array_size(cl), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(cl, 0), "folded")), 300);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(model, "stats"), "folded")),
                     330);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* An hour of one error a minute, then five minutes of thirty: the burst's
 * errors are all past the cluster's first 20, so folded, and it is found
 * with the span the rule gives (README, "Error bursts"). */
START_TEST(test_burst_of_folded_errors)
{
    char dir[256], t[32];
    scratch(dir, sizeof(dir), "burst");
    window(dir, "2026-11-20T12:00:00Z", "2026-11-20T16:00:00Z");
    FILE *f = open_in(dir, "app.log");
    for (int m = 0; m < 60; m++)
        fprintf(f, "<11>1 2026-11-20T13:%02d:10Z db-1 app 1 - - db call %d failed: timeout\n", m,
                m);
    for (int m = 0; m < 5; m++)
        for (int s = 0; s < 30; s++)
            fprintf(f, "<11>1 2026-11-20T14:%02d:%02dZ db-1 app 1 - - db call %d failed: timeout\n",
                    m, s, 1000 + m * 30 + s);
    fclose(f);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 20);
    ck_assert_uint_eq(b.logsum.n_folded, 190);
    const rg_burst *bu = &b.milestones.burst;
    ck_assert(bu->present);
    ck_assert_str_eq(when(bu->from_us, t), "2026-11-20T14:00:00Z");
    ck_assert_str_eq(when(bu->to_us, t), "2026-11-20T14:04:29Z");
    ck_assert_uint_eq(bu->errors, 150);
    ck_assert_double_eq(bu->baseline_per_min, 1.0);
    ck_assert_str_eq(bu->first_origin, "app.log:61");
    ck_assert_str_eq(bu->last_origin, "app.log:210");
    ck_assert_ptr_null(bu->first_event);
    ck_assert_uint_eq(b.milestones.n_bursts, 1);
    const rg_milestone *started = &b.milestones.m[RG_MS_STARTED];
    ck_assert(started->present);
    ck_assert_str_eq(when(started->at_us, t), "2026-11-20T14:00:00Z");
    ck_assert_str_eq(started->origin, "app.log:61");
    ck_assert_str_eq(started->rule, "start of the first error burst");
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A bot's ten messages of one template: three kept, seven folded; the four
 * messages a person wrote, the same text each time, all kept. */
START_TEST(test_chat_bot_folded)
{
    char dir[256];
    scratch(dir, sizeof(dir), "chat");
    window(dir, "2026-11-20T14:00:00Z", "2026-11-20T15:00:00Z");
    FILE *f = open_in(dir, "export.jsonl");
    fprintf(f,
            "{\"type\":\"version\",\"version\":1}\n"
            "{\"type\":\"team\",\"team\":{\"name\":\"t\",\"display_name\":\"T\",\"type\":\"O\"}}\n"
            "{\"type\":\"channel\",\"channel\":{\"team\":\"t\",\"name\":\"ops\","
            "\"display_name\":\"ops\",\"type\":\"O\"}}\n"
            "{\"type\":\"user\",\"user\":{\"username\":\"dana\",\"email\":\"d@x.example\","
            "\"first_name\":\"Dana\",\"last_name\":\"W\"}}\n");
    int64_t base = INT64_C(1795183200000); /* 2026-11-20T14:00:00Z in ms */
    for (int i = 0; i < 10; i++)
        fprintf(f,
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"ops\",\"user\":\"dana\","
                "\"message\":\"Deploy %d of checkout finished\",\"create_at\":%lld,\"props\":{"
                "\"from_webhook\":\"true\",\"override_username\":\"CI\"}}}\n",
                100 + i, (long long)(base + i * 60000));
    for (int i = 0; i < 4; i++)
        fprintf(f,
                "{\"type\":\"post\",\"post\":{\"team\":\"t\",\"channel\":\"ops\",\"user\":\"dana\","
                "\"message\":\"on it\",\"create_at\":%lld}}\n",
                (long long)(base + 30000 + i * 60000));
    fclose(f);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    size_t human = 0, bot = 0;
    for (size_t i = 0; i < b.timeline.n_events; i++) {
        const rg_event *ev = b.timeline.events[i];
        if (strcmp(ev->type, "chat.message") != 0)
            continue;
        if (ev->human)
            human++;
        else
            bot++;
    }
    ck_assert_uint_eq(human, 4);
    ck_assert_uint_eq(bot, 3);
    ck_assert_uint_eq(b.logsum.n_folded, 7);
    ck_assert_uint_eq(b.logsum.n_sorted_clusters, 1);
    const rg_logsum_cluster *c = b.logsum.sorted_clusters[0];
    ck_assert_str_eq(c->actor, "CI");
    ck_assert_str_eq(c->text, "Deploy 103 of checkout finished");
    ck_assert_uint_eq(c->n_kept, 3);
    ck_assert_uint_eq(c->n_folded, 7);
    ck_assert_int_eq(c->kind, RG_KIND_CHAT);
    /* no per-minute log counts for chat */
    ck_assert_uint_eq(b.logsum.n_minutes, 0);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

/* A million in-window info lines of five templates over a day: the build
 * keeps no event, five entries, a minute count per minute, and an arena that
 * does not grow with the lines. */
START_TEST(test_million_lines_bounded)
{
    char dir[256];
    scratch(dir, sizeof(dir), "million");
    window(dir, "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
    FILE *f = open_in(dir, "app.log");
    static const char *const tpl[5] = {"request %d served", "cache hit for key %d",
                                       "GC pause %d ms", "heartbeat %d ok", "queue depth %d"};
    const long n = 1000000;
    for (long i = 0; i < n; i++) {
        long ms = i * 864 / 10; /* spread over the day: 86.4 ms apart */
        long sec = ms / 1000;
        fprintf(f, "<14>1 2026-11-20T%02ld:%02ld:%02ld.%03ldZ h app 1 - - ", sec / 3600,
                sec / 60 % 60, sec % 60, ms % 1000);
        fprintf(f, tpl[i % 5], (int)(i % 9973));
        fputc('\n', f);
    }
    fclose(f);
    rg_build b;
    rg_diag d;
    build(&b, &d, dir);
    ck_assert_uint_eq(b.timeline.n_events, 0);
    ck_assert_uint_eq(b.logsum.n_folded, 1000000);
    ck_assert_uint_eq(b.logsum.n_clusters, 5);
    ck_assert_uint_eq(b.timeline.n_entries, 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_uint_eq(b.timeline.entries[i]->count, 200000);
    ck_assert_uint_eq(b.logsum.n_minutes, 1440);
    /* what the build kept is a few hundred KiB, not a million lines' worth */
    ck_assert_uint_lt(rg_arena_used(b.arena), 1024 * 1024);
    json_t *model = rg_model_build(&b);
    ck_assert_uint_eq(json_array_size(json_object_get(model, "log_volume")), 1440);
    ck_assert_uint_eq(json_array_size(json_object_get(model, "timeline")), 5);
    json_decref(model);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_marked_words)
{
    ck_assert_int_eq(rg_signature_marked("deploy of build 42 started", 26), 1);
    ck_assert_int_eq(rg_signature_marked("Deployment checkout scaled", 26), 1);
    ck_assert_int_eq(rg_signature_marked("patroni: promoted replica db-2", 30), 1);
    ck_assert_int_eq(rg_signature_marked("failed over to db-2", 19), 1);
    ck_assert_int_eq(rg_signature_marked("redeploy queued", 15), 0); /* not at a word start */
    ck_assert_int_eq(rg_signature_marked("request 7 served", 16), 0);
    ck_assert_int_eq(rg_signature_marked("restar", 6), 0);
    char sig[64];
    ck_assert_uint_eq(rg_signature("took 42 ms for ab12", 19, sig, sizeof(sig)), 15);
    ck_assert_str_eq(sig, "took # ms for #");
}
END_TEST

/* The fold's one pass (the cluster key's hash with the marked-word check):
 * lines with one signature share a cluster, lines whose signatures differ
 * anywhere (a letter run split at another byte, a run longer than eight)
 * do not, the signature stops at 511 bytes and at a NUL, and a marked word
 * past either is still seen. */
static int fold_one(rg_logsum *sum, const rg_foldable *f)
{
    int rc = rg_logsum_fold(sum, 0, "app", "app.log", f);
    ck_assert_int_ge(rc, 0);
    return rc;
}

static int fold_text(rg_logsum *sum, const char *type, const char *text, size_t n, int64_t at)
{
    rg_foldable f = {at, type, text, n, NULL, 0, 0, 1, NULL, 0, 0, 0, 0};
    return fold_one(sum, &f);
}

START_TEST(test_fold_one_pass)
{
    rg_arena *a = rg_arena_new();
    rg_logsum sum;
    rg_logsum_init(&sum, a);
    int64_t t = INT64_C(1795183200000000);
    ck_assert_int_eq(fold_text(&sum, "log.info", "took 42 ms", 10, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "took 7 ms", 9, t + 1), 0);
    ck_assert_uint_eq(sum.n_clusters, 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", "abcdefghij x", 12, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "abcdefghi jx", 12, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "abcdefgh ijx", 12, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "abcdefghijklmnopq", 17, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "abcdefghijklmnopr", 17, t), 0);
    ck_assert_uint_eq(sum.n_clusters, 6);
    /* the same text as a warning is another cluster (and kept) */
    ck_assert_int_eq(fold_text(&sum, "log.warning", "took 42 ms", 10, t), 1);
    ck_assert_uint_eq(sum.n_clusters, 7);
    /* 600 letters then different tails: one signature (its first 511 bytes) */
    char long1[700], long2[700];
    memset(long1, 'q', 600);
    memcpy(long2, long1, 600);
    memcpy(long1 + 600, " tail one", 9);
    memcpy(long2 + 600, " tail two", 9);
    ck_assert_int_eq(fold_text(&sum, "log.info", long1, 609, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", long2, 609, t), 0);
    ck_assert_uint_eq(sum.n_clusters, 8);
    /* a marked word past the cap, and past a NUL, keeps the line */
    memcpy(long2 + 600, " deployed", 9);
    ck_assert_int_eq(rg_signature_marked(long2, 609), 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", long2, 609, t), 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", "ok\0 restarted", 14, t), 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", "ok\0 restorted", 14, t), 0);
    ck_assert_uint_eq(sum.n_clusters, 9); /* "ok": the signature stops at the NUL */
    /* marked words in the signature's own pass, at any word start */
    ck_assert_int_eq(fold_text(&sum, "log.info", "db-2 PROMOTED to primary", 24, t), 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", "x.shutting down", 15, t), 1);
    ck_assert_int_eq(fold_text(&sum, "log.info", "xshutting down", 14, t), 0);
    ck_assert_int_eq(fold_text(&sum, "log.info", "rolled bac", 10, t), 0);
    ck_assert_uint_eq(sum.n_lines, 17);
    ck_assert_uint_eq(sum.n_folded, 12);
    ck_assert_uint_eq(sum.n_clusters, 13);
    ck_assert_uint_eq(sum.n_minutes, 2); /* 14:00 info and warning */
    rg_logsum_free(&sum);
    rg_arena_free(a);
}
END_TEST

/* A line as an importer with a prepass offers it: its key's text part
 * worked out before (rg_signature_acc), its mark as given. */
static int fold_sig(rg_logsum *sum, const char *type, const char *text, int marked, int64_t at)
{
    size_t n = strlen(text);
    rg_foldable f = {at, type, text, n, NULL, 0, 0, 1, NULL, 0, 1, marked, 0};
    f.sig_acc = rg_signature_acc(text, n, NULL);
    return fold_one(sum, &f);
}

/* A mark left to the signature (RG_SIG_MARKED_BY_SIG) is read from the
 * first such line of the cluster and kept for the rest; a line whose mark
 * was given (a stem inside a word with a digit: "restart2" is '#' in the
 * signature "node # done") keeps its own and does not set the cluster's. */
START_TEST(test_mark_by_signature)
{
    rg_arena *a = rg_arena_new();
    rg_logsum sum;
    rg_logsum_init(&sum, a);
    int64_t t = INT64_C(1795183200000000);
    /* "node # done": marked only where the word itself holds the stem */
    ck_assert_int_eq(fold_sig(&sum, "log.info", "node restart2 done", 1, t), 1);
    ck_assert_int_eq(fold_sig(&sum, "log.info", "node 42 done", RG_SIG_MARKED_BY_SIG, t + 1), 0);
    ck_assert_int_eq(fold_sig(&sum, "log.info", "node 43 done", RG_SIG_MARKED_BY_SIG, t + 2), 0);
    ck_assert_int_eq(fold_sig(&sum, "log.info", "node restart3 done", 1, t + 3), 1);
    ck_assert_int_eq(fold_sig(&sum, "log.info", "node x3 done", 0, t + 4), 0);
    ck_assert_uint_eq(sum.n_clusters, 1);
    /* "deploy # started": every line marked, the text read once */
    ck_assert_int_eq(fold_sig(&sum, "log.info", "deploy 7 started", RG_SIG_MARKED_BY_SIG, t), 1);
    ck_assert_int_eq(fold_sig(&sum, "log.info", "deploy 8 started", RG_SIG_MARKED_BY_SIG, t), 1);
    ck_assert_uint_eq(sum.n_clusters, 2);
    /* a warning is kept whatever its mark, and its cluster's is not asked */
    ck_assert_int_eq(fold_sig(&sum, "log.warning", "disk 91 full", RG_SIG_MARKED_BY_SIG, t), 1);
    ck_assert_uint_eq(sum.n_clusters, 3);
    for (size_t i = 0; i < sum.cap_clusters; i++) {
        const rg_logsum_cluster *c = &sum.clusters[i];
        if (!c->key)
            continue;
        if (strcmp(c->text ? c->text : "", "node 42 done") == 0) {
            ck_assert_uint_eq(c->n_kept, 2);
            ck_assert_uint_eq(c->n_folded, 3);
            ck_assert_int_eq(c->marked_by_sig, 1); /* asked: not marked */
        } else if (strcmp(c->type, "log.warning") == 0) {
            ck_assert_int_eq(c->marked_by_sig, 0); /* never asked */
        } else {
            ck_assert_uint_eq(c->n_kept, 2);
            ck_assert_int_eq(c->marked_by_sig, 2); /* asked: marked */
        }
    }
    ck_assert_uint_eq(sum.n_folded, 3);
    rg_logsum_free(&sum);
    rg_arena_free(a);
}
END_TEST

/* Two bots post the same text at the same instant: two clusters that tie on
 * time, source, type and text are listed in the order they were met. */
START_TEST(test_tied_clusters_in_order_met)
{
    rg_arena *a = rg_arena_new();
    rg_logsum sum;
    rg_logsum_init(&sum, a);
    int64_t t = INT64_C(1795183200000000);
    static const char *const bots[] = {"zeta-bot", "alpha-bot", "mid-bot"};
    for (int r = 0; r < 2; r++)
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < RG_LOGSUM_KEEP_CHAT + 1; k++) {
                rg_foldable f = {t,
                                 "chat.message",
                                 "build done",
                                 10,
                                 bots[i],
                                 strlen(bots[i]),
                                 0,
                                 0,
                                 NULL,
                                 0,
                                 0,
                                 0,
                                 0};
                ck_assert_int_ge(rg_logsum_fold(&sum, 0, "chat", "chat", &f), 0);
            }
    ck_assert_int_eq(rg_logsum_finish(&sum), 0);
    ck_assert_uint_eq(sum.n_sorted_clusters, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(sum.sorted_clusters[i]->actor, bots[i]);
        ck_assert_uint_eq(sum.sorted_clusters[i]->n_folded, 5);
    }
    rg_logsum_free(&sum);
    rg_arena_free(a);
}
END_TEST

/* A type is its text: rg_type_log_info and another "log.info" are one
 * type; a buffer whose text changes between lines is the type it holds
 * each time (only the rg_type_log_* objects are known by their address). */
START_TEST(test_type_by_text)
{
    rg_arena *a = rg_arena_new();
    rg_logsum sum;
    rg_logsum_init(&sum, a);
    int64_t t = INT64_C(1795183200000000);
    char buf[32];
    strcpy(buf, "log.info");
    ck_assert_int_eq(fold_text(&sum, rg_type_log_info, "took 42 ms", 10, t), 0);
    ck_assert_int_eq(fold_text(&sum, buf, "took 43 ms", 10, t), 0);
    ck_assert_uint_eq(sum.n_clusters, 1);
    strcpy(buf, "log.error"); /* the same address, another type */
    ck_assert_int_eq(fold_text(&sum, buf, "took 44 ms", 10, t), 1);
    ck_assert_int_eq(fold_text(&sum, rg_type_log_error, "took 45 ms", 10, t), 1);
    ck_assert_uint_eq(sum.n_clusters, 2);
    strcpy(buf, "log.info");
    ck_assert_int_eq(fold_text(&sum, buf, "took 46 ms", 10, t), 0);
    ck_assert_int_eq(fold_text(&sum, rg_type_log_info, "took 47 ms", 10, t), 0);
    ck_assert_uint_eq(sum.n_clusters, 2);
    ck_assert_uint_eq(sum.n_folded, 4);
    ck_assert_uint_eq(sum.n_minutes, 2); /* 14:00 info and error */
    rg_logsum_free(&sum);
    rg_arena_free(a);
}
END_TEST

static Suite *logsum_suite(void)
{
    Suite *s = suite_create("logsum");
    TCase *tc = tcase_create("logsum");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_counts_exact);
    tcase_add_test(tc, test_burst_of_folded_errors);
    tcase_add_test(tc, test_chat_bot_folded);
    tcase_add_test(tc, test_million_lines_bounded);
    tcase_add_test(tc, test_marked_words);
    tcase_add_test(tc, test_fold_one_pass);
    tcase_add_test(tc, test_mark_by_signature);
    tcase_add_test(tc, test_tied_clusters_in_order_met);
    tcase_add_test(tc, test_type_by_text);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(logsum_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
