/* cmd/trend.c -- `reviewgen trend`: the trend report across the incidents
 * of a period, read from the store (README, "Trend report"). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "cli.h"
#include "links.h"
#include "store.h"
#include "trend.h"

static const char trend_help[] =
    "usage: reviewgen trend (--quarter YYYYQN | --from DATE --to DATE) [-o DIR] [--db STORE]\n"
    "                       [--format md,html,json,csv] [--reviews RDIR] [--templates TDIR]\n"
    "                       [-q] [-v]\n"
    "\n"
    "Writes the trend report across the incidents in the store that started in the\n"
    "period (UTC, from DATE up to but not including the --to DATE; an incident with\n"
    "no known start counts by its detection): counts by month, severity and service,\n"
    "every duration's n, median, 90th percentile and longest beside the period\n"
    "before, proportions against policy, milestone coverage, action items and\n"
    "recurrence. Incidents marked \"exclude_from_trends\" are listed apart.\n"
    "\n"
    "  --quarter YYYYQN    a calendar quarter, e.g. 2026Q3 (July to September)\n"
    "  --from DATE         first day of the period, YYYY-MM-DD\n"
    "  --to DATE           the day after the period, YYYY-MM-DD\n"
    "  -o, --out DIR       output folder (default ./trend-<period>: trend-2026Q3,\n"
    "                      trend-2026-07-01_2026-10-01), created when missing\n"
    "  --db STORE          the store to read, which must exist: a SQLite file, or a\n"
    "                      PostgreSQL connection string (postgresql://... or\n"
    "                      service=...); else $REVIEWGEN_DB, else ./reviews.db\n"
    "  --busy-timeout S    wait up to S seconds for another writer (default 30, or\n"
    "                      $REVIEWGEN_BUSY_TIMEOUT)\n"
    "  --format LIST       any of md,html,json,csv (default all four); md also writes\n"
    "                      trend-months.svg and trend-durations.svg beside trend.md,\n"
    "                      html has them inlined\n"
    "  --reviews RDIR      where the reviews are (RDIR/<id>/review.html, as build-all\n"
    "                      writes them): incidents link to theirs. Default: DIR itself\n"
    "  --templates TDIR    use trend.md.mustache, review.html.mustache and style.css\n"
    "                      from TDIR where present\n"
    "  -q, --quiet         print only errors and warnings\n" RG_HELP_VERBOSE;

/* "2026Q3" -> 2026-07-01 .. 2026-10-01. */
static int parse_quarter(const char *s, char from[11], char to[11])
{
    if (strlen(s) != 6 || (s[4] != 'Q' && s[4] != 'q') || s[5] < '1' || s[5] > '4')
        return -1;
    for (int i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return -1;
    int year = atoi(s), q = s[5] - '0';
    if (year < 1 || year > 9998)
        return -1;
    /* formatted wide, then cut: the year is four digits by the test above */
    char f[32], t[32];
    int to_year = q == 4 ? year + 1 : year, to_month = q == 4 ? 1 : q * 3 + 1;
    snprintf(f, sizeof(f), "%04d-%02d-01", year, (q - 1) * 3 + 1);
    snprintf(t, sizeof(t), "%04d-%02d-01", to_year, to_month);
    memcpy(from, f, 10);
    memcpy(to, t, 10);
    from[10] = to[10] = '\0';
    return 0;
}

static int parse_formats(const char *list, int *formats, char *bad, size_t bad_len)
{
    *formats = 0;
    const char *p = list;
    while (1) {
        size_t n = strcspn(p, ",");
        if (n == 2 && !strncmp(p, "md", 2))
            *formats |= RG_TREND_MD;
        else if (n == 4 && !strncmp(p, "html", 4))
            *formats |= RG_TREND_HTML;
        else if (n == 4 && !strncmp(p, "json", 4))
            *formats |= RG_TREND_JSON;
        else if (n == 3 && !strncmp(p, "csv", 3))
            *formats |= RG_TREND_CSV;
        else {
            snprintf(bad, bad_len, "%.*s", (int)(n < 200 ? n : 200), p);
            return -1;
        }
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

/* The path of `target` relative to folder `from`, both existing, ending
 * with '/' ("../site/"), or "" when they are the same folder. Caller frees
 * with rg_free(); NULL when either cannot be resolved. */
static char *relative_dir(const char *from, const char *target)
{
    char *a = realpath(from, NULL), *b = realpath(target, NULL);
    char *out = NULL;
    if (!a || !b)
        goto done;
    /* the longest common prefix that ends at a path component */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        int end_a = a[i] == '/' || a[i] == '\0', end_b = b[i] == '/' || b[i] == '\0';
        if (end_a && end_b)
            common = i;
        if (a[i] != b[i] || a[i] == '\0')
            break;
    }
    rg_buf r = {0};
    int rc = 0;
    for (const char *p = a + common; *p && rc == 0; p++)
        if (*p == '/')
            rc = rg_buf_puts(&r, "../");
    if (rc == 0 && b[common] == '/')
        rc = rg_buf_printf(&r, "%s/", b + common + 1);
    if (rc == 0)
        out = r.data ? r.data : rg_strdup("");
    else
        rg_buf_free(&r);
done:
    free(a);
    free(b);
    return out;
}

enum { QUARTER = RG_KEY_OWN, FROM, TO, REVIEWS };

static const rg_opt opts[] = {{"quarter", QUARTER, 1, ""},
                              {"from", FROM, 1, ""},
                              {"to", TO, 1, ""},
                              {"out", 'o', 1, "@dir"},
                              {"db", RG_KEY_DB, 1, NULL},
                              {"format", RG_KEY_FORMAT, 1, "md html json csv"},
                              {"reviews", REVIEWS, 1, "@dir"},
                              {"templates", RG_KEY_TEMPLATES, 1, "@dir"},
                              {"quiet", 'q', 0, NULL},
                              {"verbose", 'v', 0, NULL},
                              {"busy-timeout", RG_KEY_BUSY_TIMEOUT, 1, ""},
                              {NULL, 0, 0, NULL}};

static int cmd_trend(int argc, char **argv)
{
    const char *quarter = NULL, *from = NULL, *to = NULL, *out = NULL;
    const char *db = NULL, *format = "md,html,json,csv";
    const char *reviews = NULL, *templates = NULL, *busy = NULL;
    int quiet = 0, verbose = 0;
    rg_opts p;
    rg_opts_init(&p, "trend", trend_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&p)) != RG_OPT_END;) {
        switch (k) {
        case RG_OPT_EXIT:
            return p.exit;
        case QUARTER:
            quarter = p.arg;
            break;
        case FROM:
            from = p.arg;
            break;
        case TO:
            to = p.arg;
            break;
        case 'o':
            out = p.arg;
            break;
        case RG_KEY_DB:
            db = p.arg;
            break;
        case RG_KEY_FORMAT:
            format = p.arg;
            break;
        case REVIEWS:
            reviews = p.arg;
            break;
        case RG_KEY_TEMPLATES:
            templates = p.arg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case RG_KEY_BUSY_TIMEOUT:
            busy = p.arg;
            break;
        }
    }
    int stop = rg_cli_operands(&p, 0, 0, "");
    if (stop >= 0)
        return stop;
    char qfrom[11], qto[11], label[64];
    long days;
    if (quarter) {
        if (from || to)
            return rg_cli_usage_error("trend: %s",
                                      "give either --quarter or --from and --to, not both");
        if (parse_quarter(quarter, qfrom, qto) != 0)
            return rg_cli_usage_error("trend: bad quarter '%s' (expected a year and Q1 to Q4, "
                                      "e.g. 2026Q3)",
                                      quarter);
        from = qfrom;
        to = qto;
        snprintf(label, sizeof(label), "%.4sQ%c", quarter, quarter[5]);
    } else {
        if (!from || !to)
            return rg_cli_usage_error("trend: %s", "give the period: --quarter 2026Q3, or "
                                                   "--from DATE --to DATE");
        if (rg_trend_parse_date(from, &days) != 0)
            return rg_cli_usage_error("trend: bad date '%s' (expected YYYY-MM-DD)", from);
        if (rg_trend_parse_date(to, &days) != 0)
            return rg_cli_usage_error("trend: bad date '%s' (expected YYYY-MM-DD)", to);
        if (strcmp(from, to) >= 0) {
            char msg[96];
            snprintf(msg, sizeof(msg), "--from %s is not before --to %s", from, to);
            return rg_cli_usage_error("trend: empty period: %s", msg);
        }
        snprintf(label, sizeof(label), "%s_%s", from, to);
    }
    int formats;
    char bad[256];
    if (parse_formats(format, &formats, bad, sizeof(bad)) != 0)
        return rg_cli_usage_error("trend: unknown format '%s' (expected md, html, json or csv)",
                                  bad);
    char outbuf[128];
    if (!out) {
        snprintf(outbuf, sizeof(outbuf), "trend-%s", label);
        out = outbuf;
    }
    db = rg_cli_db(db);
    if ((stop = rg_cli_busy_timeout("trend", busy)) >= 0)
        return stop;

    /* Reading never creates a store: a mistyped --db is an error, not an
     * empty report. */
    struct stat sb;
    if (rg_store_kind_of(db) == RG_STORE_SQLITE && stat(db, &sb) != 0) {
        fprintf(stderr, "reviewgen: cannot read the store '%s': %s\n", db, strerror(errno));
        return RG_EXIT_INPUT;
    }
    if (reviews && (stat(reviews, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        int err = stat(reviews, &sb) != 0 ? errno : ENOTDIR;
        fprintf(stderr, "reviewgen: cannot read the reviews folder '%s': %s\n", reviews,
                strerror(err));
        return RG_EXIT_INPUT;
    }
    rg_diag diag;
    rg_diag_init(&diag);
    int code = RG_EXIT_OK;
    json_t *trend = NULL;
    char *prefix = NULL;
    rg_store *st = rg_store_open_existing(db, &diag);
    if (!st) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_INPUT;
        goto done;
    }
    /* the output folder first: links are relative to it */
    if (stat(out, &sb) != 0 && mkdir(out, 0777) != 0) {
        fprintf(stderr, "reviewgen: cannot create '%s': %s\n", out, strerror(errno));
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    if (reviews && !(prefix = relative_dir(out, reviews))) {
        fprintf(stderr, "reviewgen: cannot resolve '%s' from '%s': %s\n", reviews, out,
                strerror(errno));
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    /* a link the HTML would drop (links.h) is no link: the incidents are
     * listed without, and the warning says why */
    const char *reviews_dir = reviews ? reviews : out;
    if (prefix) {
        rg_buf probe = {0};
        if (rg_buf_printf(&probe, "%sINC/review.html", prefix) != 0) {
            fprintf(stderr, "reviewgen: out of memory\n");
            code = RG_EXIT_OUTPUT;
            goto done;
        }
        if (rg_link_refused(probe.data)) {
            rg_diag_warn(&diag, "reviewgen", 0, 0, "reviews-unreachable",
                         "the reviews folder '%s' is '%s' from the report's folder '%s', "
                         "more than one folder up: a report links only to files beside or "
                         "below it, or in a sibling folder; incidents are listed without "
                         "links to their reviews",
                         reviews, prefix, out);
            reviews_dir = NULL;
        }
        rg_buf_free(&probe);
    }
    trend = rg_trend_build(st, from, to, reviews_dir, prefix ? prefix : "", &diag);
    if (!trend) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_INPUT;
        goto done;
    }
    if (rg_trend_write(trend, out, formats, templates, &diag) != 0) {
        fprintf(stderr, "%s\n", diag.error);
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    if (!quiet) {
        printf("%s to %s: %lld incidents, %lld excluded; wrote", from, to,
               (long long)json_integer_value(json_object_get(trend, "incidents")),
               (long long)json_integer_value(json_object_get(trend, "excluded")));
        static const struct {
            int flag;
            const char *names;
        } written[] = {{RG_TREND_MD, "trend.md (with trend-months.svg, trend-durations.svg)"},
                       {RG_TREND_HTML, "trend.html"},
                       {RG_TREND_JSON, "trend.json"},
                       {RG_TREND_CSV, "trend.csv"}};
        int first = 1;
        for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++)
            if (formats & written[i].flag) {
                printf("%s %s/%s", first ? "" : ",", out, written[i].names);
                first = 0;
            }
        printf("\n");
    }
    /* as every command prints them; trend.json holds no list of warnings,
     * so the last line points at -v only */
    rg_cli_print_warnings_bounded(&diag, NULL, verbose);
done:
    json_decref(trend);
    rg_free(prefix);
    rg_store_close(st);
    rg_diag_free(&diag);
    return code;
}

const rg_command rg_cmd_trend = {
    "trend",
    "trend --quarter 2026Q3 [-o DIR]  the trend report across the incidents in the store\n"
    "                                   (or --from DATE --to DATE)",
    trend_help,
    cmd_trend,
    opts,
    NULL};
