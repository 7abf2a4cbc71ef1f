/* check_cmd_sniff.c -- `reviewgen sniff` as a user meets it: the exact
 * lines for a winner, a tie, a CSV, a near miss, nothing, a folder searched,
 * an unreadable path, and usage. Runs build/reviewgen. The score table lists
 * every registered importer: its lines are checked against the registry (so
 * the test holds as importers are added), the rest word for word. */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "alloc.h"
#include "check_util.h"
#include "importer.h"
#include "sources.h"

#ifndef RG_BIN
#define RG_BIN "build/reviewgen"
#endif

static int run(const char *args, char **out, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "%s %s >build/test-scratch/sniff.out 2>build/test-scratch/sniff.err",
             getenv("RG_BIN") ? getenv("RG_BIN") : RG_BIN, args);
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    int st = system(cmd);
    const char *files[2] = {"build/test-scratch/sniff.out", "build/test-scratch/sniff.err"};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "rb");
        ck_assert_ptr_nonnull(f);
        char *buf = rg_malloc(1 << 20);
        size_t n = fread(buf, 1, (1 << 20) - 1, f);
        buf[n] = '\0';
        fclose(f);
        *dst[i] = buf;
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The score table sniff prints for path: every importer, highest first
 * (registry order among equals), names padded to the longest. */
static char *table(const char *path)
{
    int scores[RG_MAX_IMPORTERS];
    int is_dir;
    int n = rg_sources_scores(path, scores, RG_MAX_IMPORTERS, &is_dir);
    ck_assert_int_gt(n, 0);
    int width = 0;
    for (int i = 0; i < n; i++)
        if ((int)strlen(rg_importers[i]->name) > width)
            width = (int)strlen(rg_importers[i]->name);
    rg_buf b = {0};
    int done[RG_MAX_IMPORTERS] = {0};
    for (int k = 0; k < n; k++) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && (best < 0 || scores[i] > scores[best]))
                best = i;
        done[best] = 1;
        rg_buf_printf(&b, "  %-*s %3d\n", width, rg_importers[best]->name, scores[best]);
    }
    return b.data;
}

/* Asserts out == head + table(path) + tail. */
static void expect(const char *out, const char *head, const char *path, const char *tail)
{
    char *t = table(path);
    size_t hn = strlen(head), tn = strlen(t);
    ck_assert_msg(strncmp(out, head, hn) == 0, "got:\n%s\nwant head:\n%s", out, head);
    ck_assert_msg(strncmp(out + hn, t, tn) == 0, "got:\n%s\nwant table:\n%s", out + hn, t);
    ck_assert_str_eq(out + hn + tn, tail);
    rg_buf b = {t, tn, tn + 1};
    rg_buf_free(&b);
}

#define FEED RG_FIXTURES "/statuspage-feed"

START_TEST(test_winner)
{
    char *out, *err;
    ck_assert_int_eq(run(FEED "/history.atom", &out, &err), 2); /* no command: usage */
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("sniff " FEED "/history.atom", &out, &err), 0);
    ck_assert_str_eq(err, "");
    expect(out,
           FEED "/history.atom: statuspage-feed (95; 50 needed)\n"
                "  why: statuspage-feed recognises an Atom <feed> or RSS <rss> named "
                "history.atom/history.rss, or one that mentions incidents or status\n",
           FEED "/history.atom", "");
    /* its first score line is the winner's */
    ck_assert_ptr_nonnull(strstr(out, "needed)\n  why: "));
    ck_assert_ptr_nonnull(strstr(out, " status\n  statuspage-feed "));
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_csv_and_unrecognised)
{
    char *out, *err;
    ck_assert_int_eq(run("sniff " RG_FIXTURES "/csv/tickets.csv", &out, &err), 0);
    expect(out,
           RG_FIXTURES "/csv/tickets.csv: not recognised: a CSV file is read only with a "
                       "mapping\n"
                       "  add {\"path\": \"" RG_FIXTURES "/csv/tickets.csv\", \"columns\": "
                       "{\"time\": ..., \"text\": ..., \"type\": ...}} to incident.json's "
                       "\"sources\"\n",
           RG_FIXTURES "/csv/tickets.csv", "");
    rg_free(out);
    rg_free(err);

    /* a blog's feed comes near, not near enough */
    const char *blog = "build/test-scratch/notes.atom";
    mkdir("build/test-scratch", 0777);
    FILE *f = fopen(blog, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Cooking"
          "</title></feed>\n",
          f);
    fclose(f);
    ck_assert_int_eq(run("sniff build/test-scratch/notes.atom", &out, &err), 0);
    expect(out,
           "build/test-scratch/notes.atom: not recognised: the nearest, 'statuspage-feed', "
           "gives 30 of the 50 needed\n"
           "  if it is statuspage-feed, set its \"format\" in incident.json\n",
           blog, "");
    rg_free(out);
    rg_free(err);
    remove(blog);

    ck_assert_int_eq(run("sniff " RG_FIXTURES "/statuspage-feed/invalid/blank/input", &out, &err),
                     0);
    expect(out,
           RG_FIXTURES "/statuspage-feed/invalid/blank/input: not recognised: no importer reads "
                       "this kind of file (see `reviewgen formats`)\n",
           RG_FIXTURES "/statuspage-feed/invalid/blank/input", "");
    rg_free(out);
    rg_free(err);
}
END_TEST

/* A folder no importer reads whole is searched; trailing slashes do not
 * matter; a path that cannot be read is said on stderr and exits 1 after
 * the others are reported. */
START_TEST(test_folder_and_errors)
{
    char *out, *err;
    ck_assert_int_eq(run("sniff " FEED "/incident/ build/no-such-file", &out, &err), 1);
    ck_assert_str_eq(err, "reviewgen: sniff: cannot read 'build/no-such-file': No such file or "
                          "directory\n");
    char *t_dir = table(FEED "/incident");
    char *t_alerts = table(FEED "/incident/alerts.json");
    char *t_feed = table(FEED "/incident/history.atom");
    rg_buf want = {0};
    rg_buf_printf(&want,
                  "%s/incident/: no importer reads this folder as one source\n%s"
                  "%s/incident/: searched, as build searches it:\n"
                  "%s/incident/alerts.json: alertmanager (90; 50 needed)\n"
                  "  why: alertmanager recognises JSON with \"alerts\" and \"startsAt\" or "
                  "\"groupKey\", without Grafana's members\n%s"
                  "%s/incident/history.atom: statuspage-feed (95; 50 needed)\n"
                  "  why: statuspage-feed recognises an Atom <feed> or RSS <rss> named "
                  "history.atom/history.rss, or one that mentions incidents or status\n%s",
                  FEED, t_dir, FEED, FEED, t_alerts, FEED, t_feed);
    ck_assert_str_eq(out, want.data);
    rg_buf_free(&want);
    rg_free(t_dir);
    rg_free(t_alerts);
    rg_free(t_feed);
    rg_free(out);
    rg_free(err);
}
END_TEST

/* Two importers at the same score: the key to set. A file made to look like
 * both an Alertmanager payload and a Statuspage export (90 each). */
START_TEST(test_tie)
{
    const char *path = "build/test-scratch/both.json";
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"alerts\": [{\"startsAt\": \"2026-11-20T14:00:00Z\"}], \"incidents\": [], "
          "\"incident_updates\": []}\n",
          f);
    fclose(f);
    char *out, *err;
    ck_assert_int_eq(run("sniff build/test-scratch/both.json", &out, &err), 0);
    expect(out,
           "build/test-scratch/both.json: two importers tie: 'alertmanager' and 'statuspage' "
           "both give 90\n"
           "  set its \"format\" in incident.json, e.g. {\"sources\": [{\"path\": "
           "\"build/test-scratch/both.json\", \"format\": \"alertmanager\"}]}\n",
           path, "");
    rg_free(out);
    rg_free(err);
    remove(path);
}
END_TEST

START_TEST(test_usage)
{
    char *out, *err;
    ck_assert_int_eq(run("sniff", &out, &err), 2);
    ck_assert_str_eq(err, "reviewgen: sniff: missing a file or folder (reviewgen sniff PATH...)\n"
                          "Try 'reviewgen sniff --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("sniff --help", &out, &err), 0);
    ck_assert_int_eq(strncmp(out, "usage: reviewgen sniff PATH...\n", 31), 0);
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("sniff --frob x", &out, &err), 2);
    ck_assert_ptr_nonnull(strstr(err, "reviewgen: sniff: "));
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run("--help", &out, &err), 0);
    ck_assert_ptr_nonnull(strstr(out, "  sniff PATH...                    which importer reads "
                                      "each file, with every score\n"));
    rg_free(out);
    rg_free(err);
}
END_TEST

static Suite *cmd_sniff_suite(void)
{
    Suite *s = suite_create("cmd_sniff");
    TCase *tc = tcase_create("cmd_sniff");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_winner);
    tcase_add_test(tc, test_csv_and_unrecognised);
    tcase_add_test(tc, test_folder_and_errors);
    tcase_add_test(tc, test_tie);
    tcase_add_test(tc, test_usage);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(cmd_sniff_suite)
