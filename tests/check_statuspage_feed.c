/* check_statuspage_feed.c -- the status feed importer: Statuspage's
 * history.atom and history.rss, a generic status feed, zone abbreviations
 * and years, encodings, hostile HTML, and XML that must never be read
 * (DOCTYPE, external entities, billion laughs) with exact errors. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "build.h"
#include "check_badinput_util.h"
#include "check_importer_util.h"
#include "xmlguard.h"

extern const rg_importer rg_importer_statuspage_feed;

#define FIX RG_FIXTURES "/statuspage-feed"

static void run_feed(got *r, const char *path)
{
    rg_source src = {.path = path,
                     .name = "acme status",
                     .zone = rg_tz_utc(),
                     .zone_explicit = 0,
                     .offset_us = 0,
                     .ref_us = INT64_MIN};
    got_parse(r, &rg_importer_statuspage_feed, &src, 64);
}

/* One line per event with everything it holds but the source (asserted). */
static const char *line_of(got *r, size_t i)
{
    const rg_event *ev = r->ev[i];
    ck_assert_int_eq(ev->kind, RG_KIND_STATUS);
    ck_assert_str_eq(ev->source, "acme status");
    ck_assert_int_eq(ev->human, 1);
    const char *origin = strrchr(ev->origin, ':');
    return rg_arena_printf(r->arena, "%s %s line=%s actor=%s time=[%s] status=%s text=[%s]", at(ev),
                           ev->type, origin ? origin + 1 : ev->origin, ev->actor, ev->time_text,
                           attr(ev, "status"), ev->text);
}

static void check_lines(got *r, const char *const *want, size_t n)
{
    ck_assert_uint_eq(r->n, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_str_eq(line_of(r, i), want[i]);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

START_TEST(test_history_atom)
{
    const char *path = FIX "/history.atom";
    got r;
    run_feed(&r, path);
    ck_assert_int_eq(r.rc, 0);
    static const char *const want[] = {
        /* Dec -> Jan: the entry was published on 1 January 2027. */
        "2027-01-01T08:20:00Z status.resolved line=17 actor=Acme Cloud time=[Jan  1, 00:20 PST] "
        "status=Resolved text=[Login delays at midnight: Logins are fast again.]",
        "2027-01-01T07:50:00Z status.investigating line=17 actor=Acme Cloud time=[Dec 31, 23:50 "
        "PST] status=Investigating text=[Login delays at midnight: Logins take a minute.]",
        /* Newest first, as the feed lists them (the core sorts); the postmortem is skipped. */
        "2026-11-20T15:40:00Z status.resolved line=26 actor=Acme Cloud time=[Nov 20, 07:40 PST] "
        "status=Resolved text=[Checkout failures for some customers: This incident has been "
        "resolved.]",
        /* <br /> is a line break; a <strong> inside the text is the text's. */
        "2026-11-20T15:05:00Z status.monitoring line=27 actor=Acme Cloud time=[Nov 20, 07:05 PST] "
        "status=Monitoring text=[Checkout failures for some customers: A fix has been "
        "implemented.\nWorkaround: retry the payment, it is safe to do so.]",
        /* Escaped markup stays literal text; the img and the script element give nothing. */
        "2026-11-20T14:50:00Z status.update line=28 actor=Acme Cloud time=[Nov 20, 06:50 PST] "
        "status=Update text=[Checkout failures for some customers: Customers reported "
        "<script>alert(1)</script> in the page. [x](javascript:alert(3)) # not a heading]",
        "2026-11-20T14:40:00Z status.identified line=29 actor=Acme Cloud time=[Nov 20, 06:40 PST] "
        "status=Identified text=[Checkout failures for some customers: The issue has been "
        "identified & a fix is being implemented.]",
        "2026-11-20T14:20:00Z status.investigating line=30 actor=Acme Cloud time=[Nov 20, 06:20 "
        "PST] status=Investigating text=[Checkout failures for some customers: We are "
        "investigating errors at checkout.]",
        /* A day padded with a space; maintenance labels are updates. */
        "2026-11-04T12:09:00Z status.update line=38 actor=Acme Cloud time=[Nov  4, 04:09 PST] "
        "status=Completed text=[Database maintenance: The maintenance has completed.]",
        "2026-11-04T10:00:00Z status.update line=38 actor=Acme Cloud time=[Nov  4, 02:00 PST] "
        "status=In progress text=[Database maintenance: Scheduled maintenance is currently in "
        "progress.]",
        /* PDT in an entry published in PST: PDT names one offset, -07:00. */
        "2026-10-30T23:28:00Z status.update line=38 actor=Acme Cloud time=[Oct 30, 16:28 PDT] "
        "status=Scheduled text=[Database maintenance: We will upgrade the database on November "
        "4.]",
        /* An unknown zone and no zone: the entry's own offset, said in time_text. */
        "2026-10-02T11:59:00Z status.resolved line=46 actor=Acme Cloud time=[Oct  2, 04:59 XYZ "
        "(-07:00 assumed)] status=Resolved text=[Edge cases: Unknown zone.]",
        "2026-10-02T09:55:00Z status.investigating line=46 actor=Acme Cloud time=[Oct  2, 02:55 "
        "(-07:00 assumed)] status=Investigating text=[Edge cases: No zone at all.]",
    };
    check_lines(&r, want, N(want));
    const rg_event *ev = r.ev[2];
    ck_assert_str_eq(ev->origin, FIX "/history.atom:26");
    ck_assert_str_eq(attrs_text(r.arena, ev),
                     "status_incident=tag:status.acme.example,2005:Incident/9000003;"
                     "status_incident_name=Checkout failures for some customers;status=Resolved;"
                     "link=https://status.acme.example/incidents/checkout0001");
    check_warning(&r, "postmortem",
                  FIX "/history.atom:25:1: postmortem update of entry 'Checkout failures for some "
                      "customers' skipped: it is not a status update and would stretch the "
                      "incident window",
                  1);
    check_warning(&r, "zone-abbreviation",
                  FIX "/history.atom:46:1: zone 'XYZ' of update time 'Oct  2, 04:59 XYZ' in "
                      "entry 'Edge cases' is unknown or stands for several offsets, none of them "
                      "the feed's; read at -07:00, the offset of the entry's published time",
                  1);
    /* Oct 44, and the last entry's published time. */
    check_warning(&r, "bad-time",
                  FIX "/history.atom:46:1: cannot read update time 'Oct 44, 04:30 PDT' of entry "
                      "'Edge cases' (expected e.g. 'Nov 14, 14:07 PST'); skipped",
                  2);
    /* An update without a time among timed ones; an entry without any. */
    check_warning(&r, "no-time",
                  FIX "/history.atom:46:1: update 'Identified' of entry 'Edge cases' has no time "
                      "while the others do; skipped",
                  2);
    ck_assert_uint_eq(r.diag.n_warnings, 4);
    got_free(&r);
}
END_TEST

/* An entry with no time it can read, alone, to see its own warnings. */
START_TEST(test_entry_without_time)
{
    char *path = temp_path("rg-feed-notime");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("<rss version=\"2.0\"><channel><title>T</title>\n<item><title>Gone</title>\n"
          "<pubDate>yesterday</pubDate><description>x</description></item>\n"
          "<item><title>Kept</title><pubDate>Fri, 20 Nov 2026 07:40:00 GMT</pubDate></item>"
          "</channel></rss>\n",
          f);
    fclose(f);
    got r;
    run_feed(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.ev[0]->text, "Kept");
    ck_assert_str_eq(r.ev[0]->type, "status.update");
    ck_assert_str_eq(r.ev[0]->time_text, "Fri, 20 Nov 2026 07:40:00 GMT");
    ck_assert_str_eq(at(r.ev[0]), "2026-11-20T07:40:00Z");
    char want[300];
    snprintf(want, sizeof(want),
             "%s:3:1: cannot read <pubDate> 'yesterday' as an RFC 3339 or RFC 822 time", path);
    check_warning(&r, "bad-time", want, 1);
    snprintf(want, sizeof(want),
             "%s:2:1: entry 'Gone' has no readable published, updated or pubDate time; skipped",
             path);
    check_warning(&r, "no-time", want, 1);
    got_free(&r);
    remove(path);
}
END_TEST

START_TEST(test_history_rss)
{
    got r;
    run_feed(&r, FIX "/history.rss");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    /* The channel title without Statuspage's " - Incident History" names the page. */
    static const char *const want[] = {
        "2026-11-20T15:40:00Z status.resolved line=11 actor=Acme Cloud time=[Nov 20, 07:40 PST] "
        "status=Resolved text=[Checkout failures for some customers: This incident has been "
        "resolved.]",
        "2026-11-20T14:20:00Z status.investigating line=11 actor=Acme Cloud time=[Nov 20, 06:20 "
        "PST] status=Investigating text=[Checkout failures for some customers: We are "
        "investigating errors at checkout.]",
        /* pubDate with an RFC 822 zone name ("PST") gives the year. */
        /* Parenthesised: clang's -Wstring-concatenation takes a two-piece last element for a
         * missing comma. */
        ("2026-11-03T18:06:00Z status.resolved line=19 actor=Acme Cloud time=[Nov  3, 10:06 PST] "
         "status=Resolved text=[API latency: Latency is back to normal.]"),
    };
    check_lines(&r, want, N(want));
    ck_assert_str_eq(attr(r.ev[2], "status_incident"),
                     "https://status.acme.example/incidents/latency00001");
    got_free(&r);
}
END_TEST

START_TEST(test_generic_feed)
{
    got r;
    run_feed(&r, FIX "/generic.atom");
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.diag.n_warnings, 0);
    static const char *const want[] = {
        /* No time per update: one event at the entry's time, the newest label, every
         * update a line; a bold "Note:" opening a paragraph is text, not a label. */
        "2026-11-20T16:43:20Z status.resolved line=12 actor=Example "
        "time=[2026-11-20T16:43:20.000Z] status=Resolved text=[Issues sending emails: Resolved "
        "- The issue has been resolved.\nIdentified - Email delivery has resumed.\nNote: some "
        "emails may arrive twice.\nInvestigating - We are investigating an issue with email "
        "delivery.]",
        /* Atom XHTML content; published wins over updated. */
        "2026-11-02T08:00:00Z status.monitoring line=23 actor=Example "
        "time=[2026-11-02T09:00:00+01:00] status=Monitoring text=[Short blip: Monitoring - "
        "Requests failed for eight minutes.]",
        /* A plain-text summary without a label. */
        ("2026-10-01T12:00:00Z status.update line=31 actor=Example time=[2026-10-01T12:00:00Z] "
         "status=(none) text=[Plain notice: Planned network work tonight.]"),
    };
    check_lines(&r, want, N(want));
    got_free(&r);
}
END_TEST

START_TEST(test_zone_abbreviations)
{
    got r;
    run_feed(&r, FIX "/ist.atom");
    ck_assert_int_eq(r.rc, 0);
    static const char *const want[] = {
        /* IST is India, Ireland or Israel: the feed writes +05:30. */
        "2026-11-20T13:40:00Z status.resolved line=10 actor=Bharat Pay Status time=[Nov 20, 19:10 "
        "IST] status=Resolved text=[UPI payments failing: Payments work again.]",
        /* CST is the US or China, and the feed writes neither: its own offset, warned. */
        "2026-11-20T13:10:00Z status.update line=10 actor=Bharat Pay Status time=[Nov 20, 18:40 "
        "CST (+05:30 assumed)] status=Update text=[UPI payments failing: Posted by a colleague "
        "abroad.]",
    };
    check_lines(&r, want, N(want));
    check_warning(&r, "zone-abbreviation",
                  FIX "/ist.atom:10:1: zone 'CST' of update time 'Nov 20, 18:40 CST' in entry "
                      "'UPI payments failing' is unknown or stands for several offsets, none of "
                      "them the feed's; read at +05:30, the offset of the entry's published time",
                  1);
    got_free(&r);
}
END_TEST

START_TEST(test_encodings)
{
    got r;
    /* Declared ISO-8859-1: read as such, text becomes UTF-8. */
    run_feed(&r, FIX "/latin1.atom");
    ck_assert_int_eq(r.rc, 0);
    static const char *const latin1[] = {
        "2026-11-20T10:00:00Z status.resolved line=8 actor=Caf\xC3\xA9 Status time=[Nov 20, "
        "10:00 UTC] status=Resolved text=[Commandes retard\xC3\xA9"
        "es: Les commandes sont trait\xC3\xA9"
        "es.]",
    };
    check_lines(&r, latin1, N(latin1));
    got_free(&r);
    /* UTF-16 with a BOM is XML too: the same events as the UTF-8 file. */
    got u;
    run_feed(&u, FIX "/utf16.rss");
    run_feed(&r, FIX "/history.rss");
    ck_assert_int_eq(u.rc, 0);
    ck_assert_uint_eq(u.n, r.n);
    for (size_t i = 0; i < r.n; i++) {
        const char *a = line_of(&r, i), *b = line_of(&u, i);
        ck_assert_str_eq(a, b);
    }
    ck_assert_int_eq(sniff_file(&rg_importer_statuspage_feed, FIX "/utf16.rss"), 90);
    got_free(&u);
    got_free(&r);
}
END_TEST

START_TEST(test_invalid)
{
    static const char *const cases[] = {
        "empty",           "blank",        "truncated-content", "truncated-tag", "truncated-open",
        "wrong-root",      "not-xml",      "not-utf8",          "doctype",       "billion-laughs",
        "external-entity", "external-dtd", "undefined-entity"};
    check_invalid_fixtures(&rg_importer_statuspage_feed, FIX, cases, N(cases));
}
END_TEST

START_TEST(test_invalid_exact_lines)
{
    got r;
    run_feed(&r, FIX "/invalid/billion-laughs/input");
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/billion-laughs/input:3:1: the feed has a DOCTYPE, which is not "
                         "read: a feed needs none, and one can declare entities that expand "
                         "without bound or read local files");
    got_free(&r);
    run_feed(&r, FIX "/invalid/truncated-content/input");
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/truncated-content/input:26:39: not a well-formed feed "
                         "(truncated?): premature end of data in tag content line 25");
    got_free(&r);
    run_feed(&r, FIX "/invalid/not-utf8/input");
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/not-utf8/input:3:13: not a well-formed feed: byte 0xE9 is not "
                         "UTF-8 and the feed declares no other encoding (save it as UTF-8, or "
                         "name its encoding in <?xml ... encoding=\"...\"?>)");
    got_free(&r);
    run_feed(&r, FIX "/invalid/wrong-root/input");
    ck_assert_str_eq(r.diag.error,
                     FIX "/invalid/wrong-root/input:2:1: expected an Atom <feed> or an RSS <rss> "
                         "of a status page's incidents, got <html>");
    got_free(&r);
    run_feed(&r, FIX "/no-such.atom");
    ck_assert_str_eq(r.diag.error, FIX "/no-such.atom: cannot read: No such file or directory");
    got_free(&r);
}
END_TEST

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* An external entity or DTD naming a FIFO: opening it would block (no writer),
 * so a parse that returns at all has not opened it; and the billion laughs,
 * ten levels deep, answer at once. */
START_TEST(test_xml_reads_no_file)
{
    char dir[] = "/tmp/rg-feed-fifo-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char fifo[64], feed_path[64];
    snprintf(fifo, sizeof(fifo), "%s/secret", dir);
    snprintf(feed_path, sizeof(feed_path), "%s/history.atom", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    static const char *const forms[] = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM \"file://%s\">]>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&x;</title></feed>\n",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feed SYSTEM \"%s\">\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>\n",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY %% p SYSTEM \"%s\"> %%p;]>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>\n",
    };
    alarm(3); /* a blocked open fails the test instead of hanging it */
    for (size_t i = 0; i < N(forms); i++) {
        FILE *f = fopen(feed_path, "wb");
        ck_assert_ptr_nonnull(f);
        fprintf(f, forms[i], fifo);
        fclose(f);
        got r;
        run_feed(&r, feed_path);
        ck_assert_int_eq(r.rc, -1);
        char want[512];
        snprintf(want, sizeof(want),
                 "%s:2:1: the feed has a DOCTYPE, which is not read: a feed needs none, and one "
                 "can declare entities that expand without bound or read local files",
                 feed_path);
        ck_assert_str_eq(r.diag.error, want);
        got_free(&r);
    }
    alarm(0);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    got r;
    run_feed(&r, FIX "/invalid/billion-laughs/input");
    ck_assert_int_eq(r.rc, -1);
    got_free(&r);
    ck_assert_msg(seconds_since(&t0) < 0.5, "billion laughs took %.3f s", seconds_since(&t0));
    remove(feed_path);
    remove(fifo);
    rmdir(dir);
}
END_TEST

/* A feed whose entry sits past line 70,000, with its title well-formed or
 * not. */
static void write_long_feed(const char *path, const char *title)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n", f);
    for (int i = 0; i < 70000; i++)
        fputs("  <!-- padding -->\n", f);
    fprintf(f,
            "  <entry>\n    <id>e1</id>\n    <published>2026-11-20T10:00:00Z</published>\n"
            "    <title>%s</title>\n    <content type=\"html\">\n"
            "&lt;p&gt;&lt;small&gt;Nov 20, 10:00 UTC&lt;/small&gt;&lt;br&gt;"
            "&lt;strong&gt;Resolved&lt;/strong&gt; - Found.&lt;/p&gt;</content>\n  </entry>\n"
            "</feed>\n",
            title);
    fclose(f);
}

/* Lines past 65,535 are told right (XML_PARSE_BIG_LINES, and the start-tag
 * lines start_element keeps). */
START_TEST(test_big_lines)
{
    char *path = temp_path("rg-feed-lines");
    write_long_feed(path, "Far down");
    got r;
    run_feed(&r, path);
    ck_assert_int_eq(r.rc, 0);
    ck_assert_uint_eq(r.n, 1);
    /* line 70007 holds <content>, its HTML starts on the next line */
    ck_assert_str_eq(r.ev[0]->origin, rg_arena_printf(r.arena, "%s:70008", path));
    got_free(&r);
    write_long_feed(path, "Far & down");
    run_feed(&r, path);
    ck_assert_int_eq(r.rc, -1);
    ck_assert_str_eq(r.diag.error,
                     rg_arena_printf(r.arena,
                                     "%s:70006:16: not a well-formed feed: a '&' that starts "
                                     "no entity (write it as &amp;)",
                                     path));
    got_free(&r);
    remove(path);
}
END_TEST

/* Set by the importer: the most entries its tree held at once. */
extern size_t rg_feed_held_max;

/* A feed of 3000 entries, each with one update, is read entry by entry: every
 * update is an event, on its own line, and the tree never held more than the
 * entry being read (a whole-document parse holds all 3000). The one entry
 * written in IST, late in the file, still decides how "IST" reads in the
 * first: the feed's offsets are gathered before any entry is read. */
START_TEST(test_many_entries_one_at_a_time)
{
    enum { N_ENTRIES = 3000 };
    char *path = temp_path("rg-feed-many");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
          "<title>Acme Status - Incident History</title>\n",
          f);
    for (int i = 0; i < N_ENTRIES; i++)
        fprintf(f,
                "<entry><id>e%d</id><published>2026-11-20T%02d:%02d:00%s</published>"
                "<title>Incident %d</title><content type=\"html\">&lt;p&gt;&lt;small&gt;Nov 20, "
                "%02d:%02d %s&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - "
                "Fixed %d.&lt;/p&gt;</content></entry>\n",
                i, i / 60 % 24, i % 60, i == N_ENTRIES - 1 ? "+05:30" : "Z", i, i / 60 % 24, i % 60,
                i == 0 ? "IST" : "UTC", i);
    fputs("</feed>\n", f);
    fclose(f);
    got r;
    rg_source src = {.path = path, .name = "acme status", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    got_init(&r, N_ENTRIES);
    r.rc = rg_importer_statuspage_feed.parse(&src, &r.sink);
    ck_assert_msg(r.rc == 0, "%s", r.diag.error);
    ck_assert_uint_eq(r.n, N_ENTRIES);
    ck_assert_uint_eq(rg_feed_held_max, 1);
    char when[32];
    /* 00:00 IST, India's (+05:30, the offset the last entry is written in) */
    ck_assert_str_eq(rg_time_format(r.ev[0]->at_us, when), "2026-11-19T18:30:00Z");
    ck_assert_str_eq(r.ev[0]->text, "Incident 0: Fixed 0.");
    ck_assert_str_eq(r.ev[N_ENTRIES - 1]->text, "Incident 2999: Fixed 2999.");
    ck_assert_str_eq(strrchr(r.ev[N_ENTRIES - 1]->origin, ':'), ":3003");
    got_free(&r);
    remove(path);
}
END_TEST

/* The feed in an incident folder: entries that do not overlap the window
 * (an hour around the alert) are skipped and counted; the one that does
 * widens it to its last post. */
START_TEST(test_window)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_build b;
    rg_build_opts o = {FIX "/incident", NULL, NULL, NULL};
    ck_assert_msg(rg_build_run(&b, &o, &d) == 0, "%s", d.error);
    ck_assert_uint_eq(b.n_status_incidents_skipped, 2);
    ck_assert_uint_eq(b.n_status_updates_skipped, 5);
    char buf[32];
    ck_assert_str_eq(rg_time_format(b.window_to_us, buf), "2026-11-20T15:40:00Z");
    size_t status = 0;
    for (size_t i = 0; i < b.n_events; i++)
        status += b.events[i]->kind == RG_KIND_STATUS;
    ck_assert_uint_eq(status, 5);
    rg_build_free(&b);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_sniff)
{
    const rg_importer *imp = &rg_importer_statuspage_feed;
    ck_assert_int_eq(sniff_file(imp, FIX "/history.atom"), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/history.rss"), 95);
    ck_assert_int_eq(sniff_file(imp, FIX "/generic.atom"), 90);
    ck_assert_int_eq(sniff_file(imp, FIX "/ist.atom"), 90);
    ck_assert_int_eq(sniff_file(imp, FIX "/latin1.atom"), 90);
    ck_assert_int_eq(imp->sniff(FIX, 1, NULL, 0), 0);
    static const char blog[] = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                               "<title>Cooking notes</title><entry><title>Bread</title></entry>"
                               "</feed>";
    ck_assert_int_eq(imp->sniff("notes.atom", 0, blog, sizeof(blog) - 1), 30);
    static const char html[] = "<!doctype html><html><body>status incident</body></html>";
    ck_assert_int_eq(imp->sniff("status.html", 0, html, sizeof(html) - 1), 0);
    static const char json[] = "{\"incidents\": []}";
    ck_assert_int_eq(imp->sniff("history.atom", 0, json, sizeof(json) - 1), 0);
    ck_assert_int_eq(imp->sniff("x", 0, "", 0), 0);
    ck_assert_int_eq(sniff_file(imp, RG_FIXTURES "/statuspage/incidents.json"), 0);
}
END_TEST

START_TEST(test_out_of_memory)
{
    rg_xml_install(); /* libxml2's allocations fail in turn too */
    static const char *const paths[] = {FIX "/history.atom", FIX "/generic.atom",
                                        FIX "/history.rss"};
    check_out_of_memory(&rg_importer_statuspage_feed, paths[_i]);
}
END_TEST

START_TEST(test_registered)
{
    ck_assert_ptr_eq(rg_importer_find("statuspage-feed"), &rg_importer_statuspage_feed);
    ck_assert_int_eq(rg_importer_statuspage_feed.kind, RG_KIND_STATUS);
    ck_assert_int_eq(rg_importer_statuspage_feed.streams, 0);
}
END_TEST

/* Bad input, one case per kind of damage (issue 9, house rules): empty,
 * truncated, malformed, a field of the wrong type, a record without its time,
 * bytes that are not UTF-8, hostile text kept verbatim (escaping is the
 * renderer's). Each case's whole error line, or every warning and the events
 * kept. */
START_TEST(bad_input_table)
{
    static const bad_case cases[] = {
        {"empty",
         "",
         0,
         "{P}: file is empty, expected an Atom or RSS feed",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"truncated",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout "
         "failures</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n<item><title>Check",
         0,
         "{P}:12:19: not a well-formed feed (truncated?): premature end of data in tag title line "
         "12",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"malformed",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout "
         "failures</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n<item><title>x</titel></item></channel>\n</"
         "rss>\n",
         0,
         "{P}:12:23: not a well-formed feed: opening and ending tag mismatch: title line 12 and "
         "titel",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"wrong type: pubDate not a date",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout failures</title>\n<description>plain "
         "words</description>\n<pubDate>yesterday</pubDate>\n<guid>g1</guid>\n</"
         "item>\n<item>\n<title>Checkout failures</title>\n<description>&lt;p&gt;&lt;small&gt;Nov "
         "20, 06:20 PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         NULL,
         {{"bad-time", "{P}:9:1: cannot read <pubDate> 'yesterday' as an RFC 3339 or RFC 822 time",
           1},
          {"no-time",
           "{P}:6:1: entry 'Checkout failures' has no readable published, updated or pubDate time; "
           "skipped",
           1}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"wrong type: update time not a time",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout "
         "failures</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 99, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - "
         "x&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         NULL,
         {{"bad-time",
           "{P}:8:1: cannot read update time 'Nov 99, 06:20 PST' of entry 'Checkout failures' "
           "(expected e.g. 'Nov 14, 14:07 PST'); skipped",
           1}},
         0,
         NULL,
         NULL},
        {"no time",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout failures</title>\n<description>plain "
         "words</description>\n\n<guid>g1</guid>\n</item>\n<item>\n<title>Checkout "
         "failures</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         NULL,
         {{"no-time",
           "{P}:6:1: entry 'Checkout failures' has no readable published, updated or pubDate time; "
           "skipped",
           1}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"not utf-8",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>Checkout "
         "\377</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         "{P}:7:17: not a well-formed feed: byte 0xFF is not UTF-8 and the feed declares no other "
         "encoding (save it as UTF-8, or name its encoding in <?xml ... encoding=\"...\"?>)",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"control character",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>bell "
         "&#7;</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are "
         "investigating.&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         "{P}:7:17: not a well-formed feed: xmlParseCharRef: invalid xmlChar value 7",
         {{NULL, NULL, 0}},
         0,
         NULL,
         NULL},
        {"utf-16",
         "\377\376<\000?\000x\000m\000l\000 "
         "\000v\000e\000r\000s\000i\000o\000n\000=\000\"\0001\000.\0000\000\"\000 "
         "\000e\000n\000c\000o\000d\000i\000n\000g\000=\000\"\000U\000T\000F\000-"
         "\0001\0006\000\"\000?\000>\000\n\000<\000r\000s\000s\000 "
         "\000v\000e\000r\000s\000i\000o\000n\000=\000\"\0002\000.\0000\000\"\000>\000\n\000<"
         "\000c\000h\000a\000n\000n\000e\000l\000>\000\n\000<\000t\000i\000t\000l\000e\000>"
         "\000A\000c\000m\000e\000 "
         "\000s\000t\000a\000t\000u\000s\000<\000/"
         "\000t\000i\000t\000l\000e\000>\000\n\000<\000p\000u\000b\000D\000a\000t\000e\000>"
         "\000F\000r\000i\000,\000 \0002\0000\000 \000N\000o\000v\000 \0002\0000\0002\0006\000 "
         "\0000\0007\000:\0004\0000\000:\0003\0000\000 "
         "\000-\0000\0008\0000\0000\000<\000/"
         "\000p\000u\000b\000D\000a\000t\000e\000>\000\n\000<\000i\000t\000e\000m\000>\000\n\000<"
         "\000t\000i\000t\000l\000e\000>\000C\000h\000e\000c\000k\000o\000u\000t\000 "
         "\000f\000a\000i\000l\000u\000r\000e\000s\000<\000/"
         "\000t\000i\000t\000l\000e\000>\000\n\000<"
         "\000d\000e\000s\000c\000r\000i\000p\000t\000i\000o\000n\000>\000&\000l\000t\000;"
         "\000p\000&\000g\000t\000;\000&\000l\000t\000;\000s\000m\000a\000l\000l\000&"
         "\000g\000t\000;\000N\000o\000v\000 \0002\0000\000,\000 \0000\0006\000:\0002\0000\000 "
         "\000P\000S\000T\000&\000l\000t\000;\000/"
         "\000s\000m\000a\000l\000l\000&\000g\000t\000;\000&\000l\000t\000;\000b\000r\000&"
         "\000g\000t\000;\000&\000l\000t\000;\000s\000t\000r\000o\000n\000g\000&\000g\000t\000;"
         "\000I\000n\000v\000e\000s\000t\000i\000g\000a\000t\000i\000n\000g\000&\000l\000t\000;"
         "\000/\000s\000t\000r\000o\000n\000g\000&\000g\000t\000;\000 \000-\000 \000W\000e\000 "
         "\000a\000r\000e\000 "
         "\000i\000n\000v\000e\000s\000t\000i\000g\000a\000t\000i\000n\000g\000.\000&"
         "\000l\000t\000;\000/\000p\000&\000g\000t\000;\000<\000/"
         "\000d\000e\000s\000c\000r\000i\000p\000t\000i\000o\000n\000>\000\n\000<"
         "\000p\000u\000b\000D\000a\000t\000e\000>\000F\000r\000i\000,\000 \0002\0000\000 "
         "\000N\000o\000v\000 \0002\0000\0002\0006\000 "
         "\0000\0007\000:\0004\0000\000:\0000\0000\000 "
         "\000-\0000\0008\0000\0000\000<\000/"
         "\000p\000u\000b\000D\000a\000t\000e\000>\000\n\000<\000g\000u\000i\000d\000>"
         "\000g\0001\000<\000/\000g\000u\000i\000d\000>\000\n\000<\000/"
         "\000i\000t\000e\000m\000>\000\n\000<\000/"
         "\000c\000h\000a\000n\000n\000e\000l\000>\000\n\000<\000/\000r\000s\000s\000>\000\n\000",
         898,
         NULL,
         {{NULL, NULL, 0}},
         1,
         "Checkout failures: We are investigating.",
         NULL},
        {"hostile",
         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "
         "version=\"2.0\">\n<channel>\n<title>Acme status</title>\n<pubDate>Fri, 20 Nov 2026 "
         "07:40:30 -0800</pubDate>\n<item>\n<title>&lt;script&gt;alert(1)&lt;/script&gt; | table | "
         "breaker |</title>\n<description>&lt;p&gt;&lt;small&gt;Nov 20, 06:20 "
         "PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - "
         "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; ](javascript:alert(1)) | table | "
         "breaker | # heading&lt;/p&gt;</description>\n<pubDate>Fri, 20 Nov 2026 07:40:00 "
         "-0800</pubDate>\n<guid>g1</guid>\n</item>\n</channel>\n</rss>\n",
         0,
         NULL,
         {{NULL, NULL, 0}},
         1,
         "<script>alert(1)</script> | table | breaker |: <script>alert(1)</script> "
         "](javascript:alert(1)) | table | breaker | # heading",
         NULL},
    };
    check_bad_inputs(&rg_importer_statuspage_feed, "statuspage_feed", "history.rss", cases,
                     sizeof(cases) / sizeof(cases[0]), NULL);
}
END_TEST

static Suite *feed_suite(void)
{
    Suite *s = suite_create("statuspage_feed");
    TCase *tc = tcase_create("statuspage_feed");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_history_atom);
    tcase_add_test(tc, bad_input_table);
    tcase_add_test(tc, test_entry_without_time);
    tcase_add_test(tc, test_history_rss);
    tcase_add_test(tc, test_generic_feed);
    tcase_add_test(tc, test_zone_abbreviations);
    tcase_add_test(tc, test_encodings);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_invalid_exact_lines);
    tcase_add_test(tc, test_xml_reads_no_file);
    tcase_add_test(tc, test_big_lines);
    tcase_add_test(tc, test_many_entries_one_at_a_time);
    tcase_add_test(tc, test_window);
    tcase_add_test(tc, test_sniff);
    tcase_add_loop_test(tc, test_out_of_memory, 0, 3);
    tcase_add_test(tc, test_registered);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(feed_suite)
