/* check_csv_mapped.c -- the csv importer and its mapping in incident.json:
 * exact events from a ticket export (type_from + values, a time format, a
 * zone), a TSV and a ';' file, every bad row's warning, every mapping
 * mistake's error at incident.json:line:col, and a CSV never sniffed. */
#include <string.h>
#include <sys/stat.h>

#include "build.h"
#include "check_badinput_util.h"
#include "check_importer_util.h"
#include "csvmap.h"
#include "manifest.h"
#include "sources.h"

extern const rg_importer rg_importer_csv;

#define FIX RG_FIXTURES "/csv"
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A manifest loaded from text (written to dir/incident.json), kept with its
 * arena. */
typedef struct loaded {
    rg_arena *a;
    rg_manifest m;
    rg_diag d;
    char path[256];
    int rc;
} loaded;

static void load(loaded *l, const char *dir, const char *json)
{
    memset(l, 0, sizeof(*l));
    mkdir(dir, 0777);
    snprintf(l->path, sizeof(l->path), "%s/incident.json", dir);
    FILE *f = fopen(l->path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(json, f);
    fclose(f);
    l->a = rg_arena_new();
    rg_diag_init(&l->d);
    ck_assert_int_eq(rg_manifest_defaults(&l->m, l->a, "x"), 0);
    l->rc = rg_manifest_load(&l->m, l->a, l->path, &l->d);
}

static void unload(loaded *l)
{
    rg_manifest_free(&l->m);
    rg_diag_free(&l->d);
    rg_arena_free(l->a);
    remove(l->path);
}

/* Runs the csv importer on path with source entry 0 of the manifest. */
static void run_mapped(got *g, const loaded *l, const char *path, const char *zone)
{
    got_init(g, 64);
    if (zone) {
        char err[128];
        g->tz = rg_tz_load(zone, err, sizeof(err));
        ck_assert_msg(g->tz != NULL, "%s", err);
    }
    rg_source src = {.path = path,
                     .name = "tickets",
                     .zone = g->tz ? g->tz : rg_tz_utc(),
                     .zone_explicit = g->tz != NULL,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    g->sink.csv = l->m.sources[0].csv;
    g->rc = rg_importer_csv.parse(&src, &g->sink);
}

static const char *line_of(got *g, size_t i)
{
    const rg_event *ev = g->ev[i];
    ck_assert_str_eq(ev->source, "tickets");
    return rg_arena_printf(g->arena, "%s %s/%s human=%d actor=%s line=%s time=[%s] {%s} [%s]",
                           at(ev), rg_kind_name(ev->kind), ev->type, ev->human,
                           ev->actor ? ev->actor : "-", strrchr(ev->origin, ':') + 1, ev->time_text,
                           attrs_text(g->arena, ev), ev->text);
}

static void check_lines(got *g, const char *const *want, size_t n)
{
    ck_assert_uint_eq(g->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(line_of(g, i), want[i]);
}

#define TICKETS_MAP                                                                                \
    "{\"sources\": [{\"path\": \"tickets.csv\",\n"                                                 \
    "  \"columns\": {\"time\": \"Created\", \"actor\": \"Author\", \"text\": \"Message\",\n"       \
    "    \"type_from\": \"Status\", \"values\": {\"Open\": \"chat.message\", \"Acknowledged\": "   \
    "\"page.acknowledged\",\n"                                                                     \
    "    \"Investigating\": \"status.investigating\", \"Comment\": \"chat.message\", "             \
    "\"Resolved\": \"status.resolved\"}},\n"                                                       \
    "  \"time_format\": \"%d/%m/%Y %H:%M\"}]}\n"

START_TEST(test_tickets)
{
    loaded l;
    load(&l, "build/test-csv-tickets", TICKETS_MAP);
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    ck_assert_str_eq(l.m.sources[0].format, "csv"); /* "columns" alone means csv */
    got g;
    run_mapped(&g, &l, FIX "/tickets.csv", "Europe/Paris");
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    static const char *const want[] = {
        /* 14:05 in Paris (+01:00) is 13:05Z; the BOM is no character of "Created". */
        "2026-11-20T13:05:00Z chat/chat.message human=1 actor=Linh Tran line=2 time=[20/11/2026 "
        "14:05 (Europe/Paris assumed)] {Status=Open;Ticket=OPS-1} [Checkout errors reported by "
        "customers]",
        "2026-11-20T13:07:00Z page/page.acknowledged human=1 actor=Linh Tran line=3 "
        "time=[20/11/2026 14:07 (Europe/Paris assumed)] {Status=Acknowledged;Ticket=OPS-1} [On "
        "it; paging the DB team]",
        /* A quoted field keeps its line break; the row starts on line 4. */
        "2026-11-20T13:20:00Z status/status.investigating human=1 actor=Acme Status line=4 "
        "time=[20/11/2026 14:20 (Europe/Paris assumed)] {Status=Investigating;Ticket=OPS-1} [We "
        "are investigating.\r\nMore soon.]",
        "2026-11-20T13:31:00Z chat/chat.message human=1 actor=Sam Okafor line=6 time=[20/11/2026 "
        "14:31 (Europe/Paris assumed)] {Status=Comment;Ticket=OPS-1} [<script>alert(1)</script> "
        "**bold** | pipe]",
        /* Latin-1 as U+FFFD, a stray quote as text: counted, kept. */
        "2026-11-20T14:05:00Z chat/chat.message human=1 actor=Caf\xEF\xBF\xBD Bot line=11 "
        "time=[20/11/2026 15:05 (Europe/Paris assumed)] {Status=Comment;Ticket=OPS-2} [5\" "
        "screen broken]",
        /* Two identical rows are two records of one file. */
        "2026-11-20T14:40:00Z status/status.resolved human=1 actor=Acme Status line=12 "
        "time=[20/11/2026 15:40 (Europe/Paris assumed)] {Status=Resolved} [Fixed.]",
        "2026-11-20T14:40:00Z status/status.resolved human=1 actor=Acme Status line=13 "
        "time=[20/11/2026 15:40 (Europe/Paris assumed)] {Status=Resolved} [Fixed.]",
    };
    check_lines(&g, want, N(want));
    ck_assert_uint_eq(got_fold(&g), 0);
    check_warning(&g, "bad-time",
                  FIX "/tickets.csv:7:1: cannot read '2026-11-20 14:40' in column 'Created' with "
                      "\"time_format\" '%d/%m/%Y %H:%M': it does not match the format; skipped",
                  1);
    check_warning(&g, "no-time",
                  FIX "/tickets.csv:8:1: row has no time in column 'Created'; skipped", 1);
    check_warning(&g, "unknown-type",
                  FIX "/tickets.csv:9:29: value 'Escalated?' of column 'Status' maps to no event "
                      "type (add it to \"values\" in incident.json, or give a \"type\" for the "
                      "others); skipped",
                  1);
    check_warning(&g, "bad-row",
                  FIX "/tickets.csv:10:46: row has 6 fields, the header has 5; skipped", 1);
    check_warning(&g, "bad-utf8",
                  FIX "/tickets.csv:11:21: row holds 1 byte(s) that are not UTF-8, shown as "
                      "U+FFFD",
                  1);
    check_warning(&g, "stray-quote",
                  FIX "/tickets.csv:11:36: a '\"' inside an unquoted field, read as text (quote "
                      "the whole field and double the quote)",
                  1);
    /* rows read = events + rows skipped with a warning */
    ck_assert_uint_eq(g.n + 4, 11);
    got_free(&g);
    unload(&l);
}
END_TEST

START_TEST(test_tsv_and_semicolon)
{
    loaded l;
    load(&l, "build/test-csv-tsv",
         "{\"sources\": [{\"path\": \"chat.tsv\", \"format\": \"csv\", \"columns\": {\"time\": "
         "\"TIME\", \"actor\": \"user\", \"text\": \"message\", \"type\": \"message\"}, "
         "\"kind\": \"chat\", \"human\": false}]}");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    got g;
    run_mapped(&g, &l, FIX "/chat.tsv", NULL);
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    /* Tab guessed from the header; "TIME" matches "time" loosely; no time_format: any
     * form timeparse reads. */
    static const char *const tsv[] = {
        "2026-11-20T14:02:03Z chat/chat.message human=0 actor=linh line=2 "
        "time=[2026-11-20T14:02:03Z] {} [checkout is down]",
        "2026-11-20T07:03:00Z chat/chat.message human=0 actor=sam line=3 "
        "time=[2026-11-20T14:03:00+07:00] {} [quoted\ttab]",
    };
    check_lines(&g, tsv, N(tsv));
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    unload(&l);

    load(&l, "build/test-csv-semi",
         "{\"sources\": [{\"path\": \"semicolon.csv\", \"columns\": {\"time\": \"Horodatage\", "
         "\"actor\": \"Auteur\", \"text\": \"Texte\", \"type\": \"note\"}, \"time_format\": "
         "\"%d.%m.%Y %H:%M\"}]}");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    run_mapped(&g, &l, FIX "/semicolon.csv", "Europe/Paris");
    ck_assert_msg(g.rc == 0, "%s", g.diag.error);
    static const char *const semi[] = {
        "2026-11-20T13:02:00Z note/note human=1 actor=Linh line=2 time=[20.11.2026 14:02 "
        "(Europe/Paris assumed)] {} [Paiement 1,5 % en erreur]",
        /* 02:30 on 29 March 2026 does not exist in Paris: read, and warned. */
        "2026-03-29T01:30:00Z note/note human=1 actor=Sam line=3 time=[29.03.2026 02:30 "
        "(Europe/Paris assumed)] {} [heure inexistante]",
    };
    check_lines(&g, semi, N(semi));
    check_warning(&g, "dst-gap",
                  FIX "/semicolon.csv:3:1: local time '29.03.2026 02:30' does not exist in "
                      "Europe/Paris (skipped by a daylight-saving change); read as "
                      "2026-03-29T01:30:00Z",
                  1);
    got_free(&g);
    unload(&l);
}
END_TEST

/* A mapped column the file lacks is an error at the mapping's line. */
START_TEST(test_unknown_column)
{
    loaded l;
    load(&l, "build/test-csv-col",
         "{\"sources\": [{\"path\": \"tickets.csv\",\n  \"columns\": {\"time\": \"Created\", "
         "\"text\": \"Body\", \"type\": \"chat.message\"},\n  \"time_format\": \"%d/%m/%Y "
         "%H:%M\"}]}");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    got g;
    run_mapped(&g, &l, FIX "/tickets.csv", NULL);
    ck_assert_int_eq(g.rc, -1);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_str_eq(g.diag.error,
                     rg_arena_printf(g.arena,
                                     "%s:2:42: column 'Body' is not in the header of %s (its "
                                     "columns: 'Created', 'Author', 'Status', 'Message', "
                                     "'Ticket')",
                                     l.path, FIX "/tickets.csv"));
    got_free(&g);
    unload(&l);
    /* A header naming the column twice. */
    char *path = temp_path("rg-csv-dup");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("when,text,When\n2026-11-20T10:00:00Z,a,b\n", f);
    fclose(f);
    load(&l, "build/test-csv-dup",
         "{\"sources\": [{\"path\": \"x.csv\", \"columns\": {\"time\": \"WHEN\", \"text\": "
         "\"text\", \"type\": \"note\"}}]}");
    run_mapped(&g, &l, path, NULL);
    ck_assert_int_eq(g.rc, -1);
    ck_assert_str_eq(g.diag.error,
                     rg_arena_printf(g.arena,
                                     "%s:1:52: column 'WHEN' appears twice in the header of %s "
                                     "(columns 1 and 3); rename one",
                                     l.path, path));
    got_free(&g);
    unload(&l);
    remove(path);
}
END_TEST

/* Each mistake in a mapping: an error at incident.json:line:col. */
START_TEST(test_mapping_errors)
{
    static const struct {
        const char *json, *error;
    } cases[] = {
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"chat.mesage\"}}]}",
         "2:48: unknown type 'chat.mesage' (known: alert.firing, alert.resolved, alert.warning, "
         "alert.nodata, alert.acknowledged, page.triggered, page.notified, page.acknowledged, "
         "page.escalated, page.assigned, page.resolved, status.investigating, status.identified, "
         "status.monitoring, status.resolved, status.update, chat.message, chat.join, "
         "chat.leave, log.error, log.warning, log.info, change.deploy, change.rollback, "
         "change.config, note)"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"chat.message\"},\n \"time_format\": \"%Y-%m-%d %H:%Q\"}]}",
         "2:17: bad \"time_format\" '%Y-%m-%d %H:%Q': unknown conversion '%Q' (known: %Y %y %m %d "
         "%e %b %B %H %I %p %M %S %f %z %Z %s %a %F %T %R %%)"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"chat.message\"},\n \"time_format\": \"%d/%m/%Y\"}]}",
         "2:17: bad \"time_format\" '%d/%m/%Y': the time format has no hour: add %H (or %I with "
         "%p)"},
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"text\": \"X\", \"type\": "
         "\"note\"}}]}",
         "2:13: a CSV mapping needs the time's column: \"columns\": {\"time\": \"<column>\", "
         "...}"},
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"time\": \"T\", \"type\": "
         "\"note\"}}]}",
         "2:13: a CSV mapping needs the text's column: \"columns\": {\"text\": \"<column>\", "
         "...}"},
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"time\": \"T\", \"text\": "
         "\"X\"}}]}",
         "2:13: a CSV mapping needs \"type\" (one event type for every row, e.g. "
         "\"chat.message\") or \"type_from\" (a column, with \"values\" mapping its values to "
         "types)"},
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"tpye\": \"note\"}}]}",
         "2:48: unknown key 'tpye' in \"columns\" (known: time, actor, text, type, type_from, "
         "values)"},
        {"{\"sources\": [{\"path\": \"t.csv\",\n \"columns\": {\"time\": 3, \"text\": \"X\", "
         "\"type\": \"note\"}}]}",
         "2:22: \"columns\": \"time\" must name a column (a non-empty string), got a number"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type_from\": \"S\",\n \"values\": {\"Open\": \"chat.message\", \"Done\": "
         "\"status.done\"}}}]}",
         "2:45: unknown type 'status.done' (known: alert.firing, alert.resolved, alert.warning, "
         "alert.nodata, alert.acknowledged, page.triggered, page.notified, page.acknowledged, "
         "page.escalated, page.assigned, page.resolved, status.investigating, status.identified, "
         "status.monitoring, status.resolved, status.update, chat.message, chat.join, "
         "chat.leave, log.error, log.warning, log.info, change.deploy, change.rollback, "
         "change.config, note)"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"note\",\n \"values\": {}}}]}",
         "2:12: \"values\" maps the values of the \"type_from\" column, and there is no "
         "\"type_from\""},
        {"{\"sources\": [{\"path\": \"t.csv\", \"format\": \"syslog\",\n \"columns\": {}}]}",
         "2:13: \"columns\" maps the columns of a CSV source, and this source's \"format\" is "
         "'syslog' (leave \"format\" out or set it to \"csv\")"},
        {"{\"sources\": [\n {\"path\": \"t.csv\", \"format\": \"csv\"}]}",
         "2:2: a CSV source needs \"columns\": {\"time\": \"<column>\", \"text\": \"<column>\", "
         "\"type\": \"chat.message\"} (see README, \"A CSV with a mapping\")"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": [\"T\"]}]}",
         "1:43: \"columns\" must be an object, got an array"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"note\"},\n \"separator\": \"|\"}]}",
         "2:15: \"separator\" must be \",\", \";\" or \"\\t\" (\"tab\"); got |"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"note\"},\n \"human\": \"yes\"}]}",
         "2:11: \"human\" must be true or false, got a string"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"message\"},\n \"kind\": \"chats\"}]}",
         "2:10: \"kind\" must be one of log, alert, page, status, chat, change, note; got chats"},
        {"{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type\": \"status.resolved\"},\n \"kind\": \"chat\"}]}",
         "1:78: unknown type 'status.resolved' for \"kind\": \"chat\" (known: alert.firing, "
         "alert.resolved, alert.warning, alert.nodata, alert.acknowledged, page.triggered, "
         "page.notified, page.acknowledged, page.escalated, page.assigned, page.resolved, "
         "status.investigating, status.identified, status.monitoring, status.resolved, "
         "status.update, chat.message, chat.join, chat.leave, log.error, log.warning, log.info, "
         "change.deploy, change.rollback, change.config, note)"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        loaded l;
        load(&l, "build/test-csv-map", cases[i].json);
        ck_assert_msg(l.rc == -1, "case %zu: loaded", i);
        char want[1600];
        snprintf(want, sizeof(want), "%s:%s", l.path, cases[i].error);
        ck_assert_str_eq(l.d.error, want);
        unload(&l);
    }
    /* The accepted forms: "tab", a "kind" with bare types. */
    loaded l;
    load(&l, "build/test-csv-map",
         "{\"sources\": [{\"path\": \"t.csv\", \"columns\": {\"time\": \"T\", \"text\": \"X\", "
         "\"type_from\": \"S\", \"values\": {\"a\": \"join\", \"b\": \"leave\"}, \"type\": "
         "\"message\"}, \"kind\": \"chat\", \"separator\": \"tab\"}]}");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    const rg_csvmap *m = l.m.sources[0].csv;
    ck_assert_int_eq(m->separator, '\t');
    rg_kind k;
    ck_assert_str_eq(rg_csvmap_type(m, "a", &k), "chat.join");
    ck_assert_str_eq(rg_csvmap_type(m, "b", &k), "chat.leave");
    ck_assert_str_eq(rg_csvmap_type(m, "zzz", &k), "chat.message"); /* the default */
    ck_assert_str_eq(rg_csvmap_type(m, "chat.leave", &k), "chat.leave");
    ck_assert_int_eq(k, RG_KIND_CHAT);
    ck_assert_int_eq(rg_csvmap_human(m, "chat.join", RG_KIND_CHAT), 1);
    unload(&l);
}
END_TEST

START_TEST(test_bad_files)
{
    loaded l;
    load(&l, "build/test-csv-bad",
         "{\"sources\": [{\"path\": \"x.csv\", \"columns\": {\"time\": \"t\", \"text\": \"x\", "
         "\"type\": \"note\"}}]}");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    static const struct {
        const char *text;
        size_t len;
        const char *error; /* NULL: read, see warning */
        const char *warning;
    } cases[] = {
        {"", 0, "%s: file is empty, expected a header line naming the columns", NULL},
        {"\xff\xfet\0,\0x\0\n\0", 10, "%s:1:1: file is UTF-16; save it as UTF-8", NULL},
        /* Truncated at several places: inside a quoted field, after a separator, mid-line. */
        {"t,x\n2026-11-20T10:00:00Z,\"cut", 29, NULL,
         "%s:2:1: the row that starts here ends inside a quoted field at the end of the file "
         "(truncated?); skipped"},
        {"t,x\n2026-11-20T10:00:00Z,", 24, NULL, NULL},
        {"t,x\n2026-11-20T10:0", 19, NULL, NULL},
        {"t,x\n2026-11-20T10:00:00Z\n", 25, NULL,
         "%s:2:1: row has 1 field, the header has 2; skipped"},
    };
    char *path = temp_path("rg-csv-bad");
    for (size_t i = 0; i < N(cases); i++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        fwrite(cases[i].text, 1, cases[i].len, f);
        fclose(f);
        got g;
        run_mapped(&g, &l, path, NULL);
        char want[512];
        if (cases[i].error) {
            ck_assert_msg(g.rc == -1, "case %zu", i);
            snprintf(want, sizeof(want), cases[i].error, path);
            ck_assert_str_eq(g.diag.error, want);
        } else {
            ck_assert_msg(g.rc == 0, "case %zu: %s", i, g.diag.error);
            if (cases[i].warning) {
                snprintf(want, sizeof(want), cases[i].warning, path);
                ck_assert_uint_eq(g.diag.n_warnings, 1);
                ck_assert_str_eq(g.diag.warnings[0].first, want);
            }
        }
        got_free(&g);
    }
    /* an unreadable time */
    FILE *f = fopen(path, "wb");
    fputs("t,x\n2026-11-20T10:0,a\n", f);
    fclose(f);
    got g;
    run_mapped(&g, &l, path, NULL);
    ck_assert_uint_eq(g.n, 0);
    char want[512];
    snprintf(want, sizeof(want),
             "%s:2:1: cannot read '2026-11-20T10:0' in column 't' as a time (give "
             "\"time_format\" in incident.json, e.g. \"%%d/%%m/%%Y %%H:%%M\"); skipped",
             path);
    check_warning(&g, "bad-time", want, 1);
    got_free(&g);
    remove(path);
    unload(&l);
    /* Without a mapping (format forced by hand to an importer that needs one). */
    got_init(&g, 4);
    rg_source src = {.path = FIX "/chat.tsv",
                     .name = "x",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_csv.parse(&src, &g.sink), -1);
    ck_assert_str_eq(g.diag.error, FIX "/chat.tsv: a CSV file is read only with a mapping: give "
                                       "its entry in incident.json's \"sources\" \"columns\" "
                                       "(README, \"A CSV with a mapping\")");
    got_free(&g);
}
END_TEST

/* Never sniffed: in a folder without a mapping, a CSV is unrecognised, with
 * the hint; with one, it is read. */
START_TEST(test_in_a_folder)
{
    ck_assert_int_eq(sniff_file(&rg_importer_csv, FIX "/tickets.csv"), 0);
    int score;
    const rg_importer *tie;
    ck_assert_ptr_null(rg_sources_sniff(FIX "/tickets.csv", &score, &tie));
    ck_assert_ptr_null(rg_sources_sniff(FIX "/chat.tsv", &score, &tie));

    const char *dir = "build/test-csv-folder";
    mkdir("build", 0777);
    mkdir(dir, 0777);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "cp %s/tickets.csv %s/chat.tsv %s/", FIX, FIX, dir);
    ck_assert_int_eq(system(cmd), 0);
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {dir, NULL, NULL, NULL};
    char mpath[200];
    snprintf(mpath, sizeof(mpath), "%s/incident.json", dir);
    remove(mpath);
    /* nothing else in the folder: nothing recognised is an error, the warnings say why */
    ck_assert_int_eq(rg_build_run(&b, &o, &d), -1);
    /* one warning per file (warnings are counted per file and class) */
    ck_assert_uint_eq(rg_diag_warning_total(&d, "unrecognised"), 2);
    const rg_warning *w = find_warning(&d, "unrecognised");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->first,
                     "build/test-csv-folder/chat.tsv: not recognised and skipped: "
                     "a CSV file is read only with a mapping (add {\"path\": \"chat.tsv\", "
                     "\"columns\": {\"time\": ..., \"text\": ..., \"type\": ...}} to "
                     "incident.json's \"sources\"; `reviewgen sniff "
                     "build/test-csv-folder/chat.tsv` shows why)");
    rg_build_free(&b);
    rg_diag_free(&d);

    FILE *f = fopen(mpath, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(TICKETS_MAP, f);
    fclose(f);
    rg_diag_init(&d);
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_uint_eq(b.n_sources, 1);
    ck_assert_str_eq(b.sources[0].importer->name, "csv");
    ck_assert_uint_eq(b.sources[0].n_events, 7);
    rg_build_free(&b);
    rg_diag_free(&d);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_out_of_memory)
{
    loaded l;
    load(&l, "build/test-csv-oom", TICKETS_MAP);
    rg_alloc_install_jansson();
    int ok = 0;
    long n;
    for (n = 0; n < 100000 && !ok; n++) {
        got g;
        got_init(&g, 64);
        rg_source src = {.path = FIX "/tickets.csv",
                         .name = "tickets",
                         .zone = rg_tz_utc(),
                         .zone_explicit = 0,
                         .offset_us = 0,
                         .ref_us = INT64_MIN};
        g.sink.csv = l.m.sources[0].csv;
        rg_alloc_fail_after(n);
        g.rc = rg_importer_csv.parse(&src, &g.sink);
        rg_alloc_fail_after(-1);
        if (g.rc == 0)
            ok = 1;
        else
            ck_assert_msg(g.diag.has_error, "failure at allocation %ld without an error", n);
        got_free(&g);
    }
    ck_assert(ok);
    ck_assert_int_gt(n, 10);
    unload(&l);
}
END_TEST

START_TEST(test_registered)
{
    ck_assert_ptr_eq(rg_importer_find("csv"), &rg_importer_csv);
    ck_assert_int_eq(rg_importer_csv.streams, 0);
}
END_TEST

/* The mapping the bad-input table reads with (a fixed type, times the parser knows). */
static const struct rg_csvmap *bad_map;

static void bad_prepare_csv(got *g, rg_source *src)
{
    (void)src;
    g->sink.csv = bad_map;
}

/* Bad input, one case per kind of damage (issue 9, house rules): empty,
 * truncated, malformed (a stray quote, too few fields, a row written with
 * another separator), a time that is not one, a row without its time, bytes
 * that are not UTF-8 (and NUL), UTF-16, hostile text kept verbatim (escaping
 * is the renderer's). Each case's whole error line, or every warning and the
 * events kept. */
START_TEST(bad_input_table)
{
    static const bad_case cases[] = {
        {"empty",
         "",
         0,
         "{P}: file is empty, expected a header line naming the columns",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"header only", "Created,Author,Message\n", 0, NULL, {{NULL, NULL, 0}}, 0, NULL, NULL},
        {"truncated: open quote at the end",
         "Created,Author,Message\n2026-11-20T14:00:00Z,Linh Tran,good\n2026-11-20T14:01:00Z,Linh "
         "Tran,\"cut off",
         0,
         NULL,
         {{"cut-row",
           "{P}:3:1: the row that starts here ends inside a quoted field at the end of the file "
           "(truncated?); skipped",
           1}},
         1,
         "good",
         NULL},
        {"malformed: stray quote",
         "Created,Author,Message\n2026-11-20T14:00:00Z,Linh Tran,good\n2026-11-20T14:01:00Z,Linh "
         "Tran,a \"b\" c\n",
         0,
         NULL,
         {{"stray-quote",
           "{P}:3:34: a '\"' inside an unquoted field, read as text (quote the whole field and "
           "double the quote)",
           1}},
         2,
         "good",
         "a \"b\" c"},
        {"malformed: too few fields",
         "Created,Author,Message\n2026-11-20T14:01:00Z,Linh Tran\n2026-11-20T14:00:00Z,Linh "
         "Tran,good\n",
         0,
         NULL,
         {{"bad-row", "{P}:2:1: row has 2 fields, the header has 3; skipped", 1}},
         1,
         "good",
         NULL},
        {"mixed separators",
         "Created,Author,Message\n2026-11-20T14:01:00Z;Linh Tran;semi\n2026-11-20T14:00:00Z,Linh "
         "Tran,good\n",
         0,
         NULL,
         {{"bad-row", "{P}:2:1: row has 1 field, the header has 3; skipped", 1}},
         1,
         "good",
         NULL},
        {"wrong type: time not a time",
         "Created,Author,Message\nyesterday,Linh Tran,x\n2026-11-20T14:00:00Z,Linh Tran,good\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:2:1: cannot read 'yesterday' in column 'Created' as a time (give \"time_format\" "
           "in incident.json, e.g. \"%d/%m/%Y %H:%M\"); skipped",
           1}},
         1,
         "good",
         NULL},
        {"no time",
         "Created,Author,Message\n,Linh Tran,x\n2026-11-20T14:00:00Z,Linh Tran,good\n",
         0,
         NULL,
         {{"no-time", "{P}:2:1: row has no time in column 'Created'; skipped", 1}},
         1,
         "good",
         NULL},
        {"not utf-8",
         "Created,Author,Message\n2026-11-20T14:00:00Z,Caf\351,bad byte\n",
         0,
         NULL,
         {{"bad-utf8", "{P}:2:25: row holds 1 byte(s) that are not UTF-8, shown as U+FFFD", 1}},
         1,
         "bad byte",
         NULL},
        {"utf-16",
         "\377\376C\000r\000e\000a\000t\000e\000d\000,\000A\000u\000t\000h\000o\000r\000,"
         "\000M\000e\000s\000s\000a\000g\000e\000\n\0002\0000\0002\0006\000-\0001\0001\000-"
         "\0002\0000\000T\0001\0004\000:\0000\0000\000:\0000\0000\000Z\000,"
         "\000L\000i\000n\000h\000 \000T\000r\000a\000n\000,\000g\000o\000o\000d\000\n\000",
         120,
         "{P}:1:1: file is UTF-16; save it as UTF-8",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"hostile",
         "Created,Author,Message\n2026-11-20T14:00:00Z,Linh Tran,\"<script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker |\n# heading \007\"\n",
         0,
         NULL,
         {{NULL, NULL, 0}},
         1,
         "<script>alert(1)</script> ](javascript:alert(1)) | table | breaker |\n# heading \007",
         NULL},
        {"NUL byte",
         "Created,Author,Message\n2026-11-20T14:00:00Z,Linh Tran,a\000b\n",
         58,
         NULL,
         {{"bad-utf8", "{P}:2:33: row holds 1 byte(s) that are not UTF-8, shown as U+FFFD", 1}},
         1,
         "a\357\277\275b",
         NULL},
    };
    loaded l;
    load(&l, "build/test-csv-bad",
         "{\"sources\": [{\"path\": \"tickets.csv\", \"columns\": {\"time\": \"Created\", "
         "\"actor\": \"Author\", \"text\": \"Message\", \"type\": \"chat.message\"}}]}\n");
    ck_assert_msg(l.rc == 0, "%s", l.d.error);
    bad_map = l.m.sources[0].csv;
    check_bad_inputs(&rg_importer_csv, "csv", "tickets.csv", cases, N(cases), bad_prepare_csv);
    unload(&l);
}
END_TEST

static Suite *csv_mapped_suite(void)
{
    Suite *s = suite_create("csv_mapped");
    TCase *tc = tcase_create("csv_mapped");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_tickets);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_tsv_and_semicolon);
    tcase_add_test(tc, test_unknown_column);
    tcase_add_test(tc, test_mapping_errors);
    tcase_add_test(tc, test_bad_files);
    tcase_add_test(tc, test_in_a_folder);
    tcase_add_test(tc, test_out_of_memory);
    tcase_add_test(tc, test_registered);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(csv_mapped_suite)
