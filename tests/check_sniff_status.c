/* check_sniff_status.c -- sniffing with every importer of the registry, as
 * build does: each status-page fixture (statuspage, statuspage-feed,
 * cachet) is picked by its own importer and by no other, a CSV by none, and
 * over the shared corpus these importers claim exactly the files
 * expected-formats.tsv gives them (no format steals another's files). */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "check_importer_util.h"
#include "sources.h"

/* The importer build would pick for path, "(none)" or "tie:a,b". */
static const char *picked(const char *path)
{
    static char buf[128];
    int score;
    const rg_importer *tie;
    const rg_importer *imp = rg_sources_sniff(path, &score, &tie);
    if (imp && tie)
        snprintf(buf, sizeof(buf), "tie:%s,%s", imp->name, tie->name);
    else
        snprintf(buf, sizeof(buf), "%s", imp ? imp->name : "(none)");
    return buf;
}

START_TEST(test_own_fixtures)
{
    static const struct {
        const char *path, *format;
    } cases[] = {
        {RG_FIXTURES "/statuspage/incidents.json", "statuspage"},
        {RG_FIXTURES "/statuspage/mixed.json", "statuspage"},
        {RG_FIXTURES "/statuspage/array.json", "statuspage"},
        {RG_FIXTURES "/statuspage/single-incident.json", "statuspage"},
        {RG_FIXTURES "/statuspage/component-update.json", "statuspage"},
        {RG_FIXTURES "/statuspage/webhooks.jsonl", "statuspage"},
        {RG_FIXTURES "/statuspage-feed/history.atom", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/history.rss", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/generic.atom", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/ist.atom", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/latin1.atom", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/utf16.rss", "statuspage-feed"},
        {RG_FIXTURES "/statuspage-feed/incident/history.atom", "statuspage-feed"},
        {RG_FIXTURES "/cachet/incidents.json", "cachet"},
        {RG_FIXTURES "/cachet/updates.json", "cachet"},
        {RG_FIXTURES "/cachet/single.json", "cachet"},
        {RG_FIXTURES "/cachet/pages.jsonl", "cachet"},
        /* never sniffed */
        {RG_FIXTURES "/csv/tickets.csv", "(none)"},
        {RG_FIXTURES "/csv/chat.tsv", "(none)"},
        {RG_FIXTURES "/csv/semicolon.csv", "(none)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(strcmp(picked(cases[i].path), cases[i].format) == 0, "%s: %s, want %s",
                      cases[i].path, picked(cases[i].path), cases[i].format);
}
END_TEST

static int is_ours(const char *name)
{
    return strcmp(name, "statuspage") == 0 || strcmp(name, "statuspage-feed") == 0 ||
           strcmp(name, "cachet") == 0 || strcmp(name, "csv") == 0;
}

/* 1 when want ("a" or "a|b") names fmt. */
static int names(const char *want, const char *fmt)
{
    size_t n = strlen(fmt);
    for (const char *p = want; *p;) {
        size_t k = strcspn(p, "|");
        if (k == n && strncmp(p, fmt, n) == 0)
            return 1;
        p += k + (p[k] == '|');
    }
    return 0;
}

/* Every file and folder of the corpus list: those listed for our formats
 * are picked by them; no other is picked by one of ours. Files the list
 * leaves out are checked too: none of ours may claim them. */
START_TEST(test_corpus)
{
    const char *tsv = RG_CORPUS "/expected-formats.tsv";
    if (!rg_have_corpus(tsv))
        return;
    FILE *f = fopen(tsv, "r");
    ck_assert_ptr_nonnull(f);
    char line[1024];
    size_t n_lines = 0, n_ours = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        ck_assert_ptr_nonnull(tab);
        *tab = '\0';
        char *want = tab + 1;
        want[strcspn(want, "\t\n")] = '\0';
        char path[1400];
        snprintf(path, sizeof(path), "%s/real/%s", RG_CORPUS, line);
        const char *got_fmt = picked(path);
        n_lines++;
        int want_ours = 0;
        for (const char *p = want; *p;) {
            size_t k = strcspn(p, "|");
            char one[64];
            snprintf(one, sizeof(one), "%.*s", (int)k, p);
            want_ours |= is_ours(one);
            p += k + (p[k] == '|');
        }
        if (want_ours) {
            n_ours++;
            ck_assert_msg(names(want, got_fmt), "%s: picked %s, want %s", line, got_fmt, want);
        } else {
            ck_assert_msg(!is_ours(got_fmt), "%s: picked %s, want %s", line, got_fmt, want);
        }
    }
    fclose(f);
    ck_assert_uint_gt(n_lines, 10);
    ck_assert_uint_ge(n_ours, 2);

    /* Every file of every corpus folder, listed or not. */
    DIR *top = opendir(RG_CORPUS "/real");
    ck_assert_ptr_nonnull(top);
    struct dirent *de;
    while ((de = readdir(top)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "LICENSES") == 0)
            continue;
        char dir[600];
        snprintf(dir, sizeof(dir), "%s/real/%s", RG_CORPUS, de->d_name);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        struct dirent *fe;
        while ((fe = readdir(d)) != NULL) {
            if (fe->d_name[0] == '.')
                continue;
            char path[1200];
            snprintf(path, sizeof(path), "%s/%s", dir, fe->d_name);
            const char *got_fmt = picked(path);
            if (strcmp(de->d_name, "statuspage") == 0)
                ck_assert_msg(strcmp(got_fmt, "statuspage") == 0, "%s: %s", path, got_fmt);
            else
                ck_assert_msg(!is_ours(got_fmt), "%s: picked %s", path, got_fmt);
        }
        closedir(d);
    }
    closedir(top);
}
END_TEST

/* The fixtures of the other importers' suites: none picked by ours. */
START_TEST(test_other_fixtures)
{
    static const char *const dirs[] = {"slack", "pagerduty", "alertmanager", "jsonlines", "syslog"};
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        char dir[256];
        snprintf(dir, sizeof(dir), "%s/%s", RG_FIXTURES, dirs[i]);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        struct dirent *fe;
        while ((fe = readdir(d)) != NULL) {
            if (fe->d_name[0] == '.')
                continue;
            char path[600];
            snprintf(path, sizeof(path), "%s/%s", dir, fe->d_name);
            const char *got_fmt = picked(path);
            ck_assert_msg(!is_ours(got_fmt), "%s: picked %s", path, got_fmt);
        }
        closedir(d);
    }
}
END_TEST

START_TEST(test_scores)
{
    int scores[RG_MAX_IMPORTERS];
    int is_dir;
    int n = rg_sources_scores(RG_FIXTURES "/statuspage-feed/history.atom", scores, RG_MAX_IMPORTERS,
                              &is_dir);
    ck_assert_int_gt(n, 5);
    ck_assert_int_eq(is_dir, 0);
    int score;
    const rg_importer *tie;
    const rg_importer *imp = rg_sources_pick(scores, (size_t)n, &score, &tie);
    ck_assert_ptr_nonnull(imp);
    ck_assert_str_eq(imp->name, "statuspage-feed");
    ck_assert_int_eq(score, 95);
    ck_assert_ptr_null(tie);
    ck_assert_int_eq(rg_sources_scores(RG_FIXTURES "/no-such", scores, RG_MAX_IMPORTERS, &is_dir),
                     -1);
    /* a tie: two importers at the same score over the threshold */
    int two[3] = {60, 90, 90};
    imp = rg_sources_pick(two, 3, &score, &tie);
    ck_assert_ptr_eq(imp, rg_importers[1]);
    ck_assert_ptr_eq(tie, rg_importers[2]);
    int low[2] = {40, 10};
    ck_assert_ptr_null(rg_sources_pick(low, 2, &score, &tie));
    ck_assert_int_eq(score, 40);
}
END_TEST

static Suite *sniff_suite(void)
{
    Suite *s = suite_create("sniff_status");
    TCase *tc = tcase_create("sniff_status");
    tcase_add_test(tc, test_own_fixtures);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_other_fixtures);
    tcase_add_test(tc, test_scores);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(sniff_suite)
