/* check_sniff_paging.c -- the paging and alerting importers (alertmanager,
 * grafana, opsgenie, datadog, cloudwatch-alarms, nagios, zabbix) pick their
 * own files with no manifest and never steal another's, in both directions:
 * over every fixture in tests/fixtures and every file of the public corpus's
 * list (../shared/corpus/expected-formats.tsv). */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "check_util.h"
#include "sources.h"

static const char *const ours[] = {"alertmanager",      "grafana", "opsgenie", "datadog",
                                   "cloudwatch-alarms", "nagios",  "zabbix"};
#define N_OURS (sizeof(ours) / sizeof(ours[0]))

/* The fixture folders of these formats: what each holds is that format's,
 * except the bad-input fixtures, which nothing need recognise. */
static const struct {
    const char *dir, *format;
} own[] = {
    {RG_FIXTURES "/alertmanager", "alertmanager"},
    {RG_FIXTURES "/grafana", "grafana"},
    {RG_FIXTURES "/opsgenie", "opsgenie"},
    {RG_FIXTURES "/datadog", "datadog"},
    {RG_FIXTURES "/cloudwatch-alarms", "cloudwatch-alarms"},
    {RG_FIXTURES "/nagios", "nagios"},
    {RG_FIXTURES "/zabbix", "zabbix"},
};

/* Files of ours among the samples, which hold other importers' files too:
 * samples/inc-2118-search is told by issue 9's tools. */
static const struct {
    const char *path, *format;
} own_files[] = {
    {"samples/inc-2118-search/grafana-alerts.jsonl", "grafana"},
    {"samples/inc-2118-search/opsgenie-alert-log.json", "opsgenie"},
    {"samples/inc-2118-search/nagios.log", "nagios"},
};

/* Scores path with each of ours: `format` (one of ours) must reach the
 * threshold and win without a tie; every other of ours must stay below the
 * threshold. format NULL: a file of other suites or importers, which none of
 * the six new importers may claim (Alertmanager payloads appear in other
 * suites' fixtures, so alertmanager is not asked). */
static void check_path(const char *path, const char *format)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    int is_dir = S_ISDIR(st.st_mode);
    char head[4096];
    size_t len = 0;
    if (!is_dir) {
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        len = fread(head, 1, sizeof(head), f);
        fclose(f);
    }
    for (size_t i = 0; i < N_OURS; i++) {
        const rg_importer *imp = rg_importer_find(ours[i]);
        ck_assert_ptr_nonnull(imp);
        int s = imp->sniff(path, is_dir, is_dir ? NULL : head, len);
        if (format && strcmp(format, ours[i]) == 0)
            ck_assert_msg(s >= RG_SNIFF_THRESHOLD, "%s: %s scores %d, its own file", path, ours[i],
                          s);
        else if (!format && strcmp(ours[i], "alertmanager") == 0)
            continue; /* other suites' fixtures hold Alertmanager payloads too */
        else
            ck_assert_msg(s < RG_SNIFF_THRESHOLD, "%s: %s scores %d, a file that is %s", path,
                          ours[i], s, format ? format : "another importer's");
    }
    if (format) {
        int score;
        const rg_importer *tie;
        const rg_importer *best = rg_sources_sniff(path, &score, &tie);
        ck_assert_msg(best && strcmp(best->name, format) == 0, "%s: picked %s, want %s", path,
                      best ? best->name : "nothing", format);
        ck_assert_msg(tie == NULL, "%s: %s ties with %s", path, best->name, tie ? tie->name : "");
    }
}

static int files_seen;

/* Every fixture file under dir outside invalid/ folders, with its format
 * when it is in one of ours' folders. */
static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
            strcmp(de->d_name, "invalid") == 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        struct stat st;
        ck_assert_int_eq(lstat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            walk(path);
            continue;
        }
        if (!S_ISREG(st.st_mode))
            continue;
        const char *format = NULL;
        for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++) {
            size_t n = strlen(own[i].dir);
            if (strncmp(path, own[i].dir, n) == 0 && path[n] == '/')
                format = own[i].format;
        }
        for (size_t i = 0; i < sizeof(own_files) / sizeof(own_files[0]); i++)
            if (strcmp(path, own_files[i].path) == 0)
                format = own_files[i].format;
        check_path(path, format);
        files_seen++;
    }
    closedir(d);
}

START_TEST(every_fixture)
{
    files_seen = 0;
    walk(RG_FIXTURES);
    walk("samples");
    ck_assert_int_gt(files_seen, 100);
    /* Folders of pages are one source each. */
    check_path(RG_FIXTURES "/opsgenie/logs", "opsgenie");
    check_path(RG_FIXTURES "/datadog/v2", "datadog");
    check_path(RG_FIXTURES "/cloudwatch-alarms/pages", "cloudwatch-alarms");
    check_path(RG_FIXTURES "/slack/export", NULL);
    check_path(RG_FIXTURES "/grafana", NULL);
}
END_TEST

/* Every line of the corpus list: files of ours go to their importer, files
 * of every other family stay away from ours. */
START_TEST(every_corpus_file)
{
    const char *list = RG_CORPUS "/expected-formats.tsv";
    if (!rg_have_corpus(list))
        return;
    FILE *f = fopen(list, "r");
    ck_assert_ptr_nonnull(f);
    char line[1024];
    int n = 0, mine = 0;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        ck_assert_ptr_nonnull(tab);
        *tab = '\0';
        char *fmt = tab + 1;
        fmt[strcspn(fmt, "\t\n")] = '\0';
        const char *format = NULL;
        for (size_t i = 0; i < N_OURS; i++)
            if (strcmp(fmt, ours[i]) == 0)
                format = ours[i];
        char path[1200];
        snprintf(path, sizeof(path), RG_CORPUS "/real/%s", line);
        check_path(path, format);
        n++;
        mine += format != NULL;
    }
    fclose(f);
    ck_assert_int_ge(n, 70);
    ck_assert_int_eq(mine, 13);
    /* Corpus files not on the list, and the corpus folders as pages. */
    static const struct {
        const char *path, *format;
    } more[] = {
        {"/real/datadog-events/datadog-api-client-python_v1_post_event_response.json", "datadog"},
        {"/real/datadog-events", "datadog"},
        {"/real/opsgenie", "opsgenie"},
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        char path[512];
        snprintf(path, sizeof(path), RG_CORPUS "%s", more[i].path);
        check_path(path, more[i].format);
    }
}
END_TEST

static Suite *sniff_paging_suite(void)
{
    Suite *s = suite_create("sniff_paging");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_fixture);
    tcase_add_test(tc, every_corpus_file);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(sniff_paging_suite)
