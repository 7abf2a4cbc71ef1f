/* check_syslog.c -- the streaming syslog importer: RFC 3164, rsyslog's RFC 3339
 * form and RFC 5424 from the real corpus, the window cut, DST, continuation
 * lines, and bad input (garbage, UTF-16, bad bytes, a 2 MiB line, 70,000 lines). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "check_importer_util.h"

extern const rg_importer rg_importer_syslog;

#define FX RG_FIXTURES "/syslog"
#define REAL RG_CORPUS "/real/syslog-rfc3164"
#define REAL5424 RG_CORPUS "/real/syslog-rfc5424"
#define MAX_EVENTS 80000

/* Runs the importer. zone NULL = UTC; ref/from/to are RFC 3339 texts or NULL. */
static void run_full(got *g, const char *path, const char *zone, const char *ref, const char *from,
                     const char *to, int64_t offset_us)
{
    run_log(g, &rg_importer_syslog, MAX_EVENTS, path, zone, ref, from, to, offset_us);
}

static void run(got *g, const char *path, const char *ref)
{
    run_full(g, path, NULL, ref, NULL, NULL, 0);
}

/* ---- the real corpus ---- */

START_TEST(plaso_rfc3164)
{
    const char *p = REAL "/plaso_syslog";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, "2012-06-01T00:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 15);
    ck_assert_str_eq(
        dump(g.ev[0]),
        "2012-01-22T07:52:33Z log.info actor=myhostname.myhost.com "
        "origin=" REAL "/plaso_syslog:1 time=[Jan 22 07:52:33 (UTC assumed)] "
        "attrs={app=client;pid=30840;} text=[INFO No new content in \xc3\xadmynd.dd.]");
    /* No year: 29 February only exists in 2012; the junk "MMM" line has no
     * timestamp, so it belongs to the line before. */
    ck_assert_str_eq(dump(g.ev[6]),
                     "2012-02-29T01:15:43Z log.info actor=- origin=" REAL "/plaso_syslog:7 "
                     "time=[Feb 29 01:15:43 (UTC assumed)] attrs={} text=[--- testing leap year "
                     "in parsing, events take place in 2012 ---\nMMM 22 07:54:32 "
                     "myhostname.myhost.com anacron[29782]: Normal exit (1 job run)]");
    /* December is nearer June 2012 in 2011 than in 2012. */
    ck_assert_str_eq(dump(g.ev[7]),
                     "2011-12-18T17:54:32Z log.info actor=myhostname.myhost.com origin=" REAL
                     "/plaso_syslog:9 time=[Dec 18 17:54:32 (UTC assumed)] "
                     "attrs={app=anacron;pid=1234;} text=[No true exit can exist (124 job run)]");
    ck_assert_str_eq(dump(g.ev[9]),
                     "2012-03-23T23:01:18.123000Z log.info actor=myhostname.myhost.com origin=" REAL
                     "/plaso_syslog:11 time=[Mar 23 23:01:18.123 (UTC assumed)] "
                     "attrs={app=somrandomexe;pid=19;} text=[This syslog message has a fractional "
                     "value for seconds.]");
    ck_assert_str_eq(dump(g.ev[10]),
                     "2011-12-31T17:54:32Z log.info actor=myhostname.myhost.com origin=" REAL
                     "/plaso_syslog:12 time=[Dec 31 17:54:32 (UTC assumed)] "
                     "attrs={app=/sbin/anacron;pid=1234;} text=[Another one just like this (124 "
                     "job run)]");
    ck_assert_str_eq(g.ev[11]->text,
                     "This is a multi-line message that screws up\n\tmany syslog parsers.");
    /* "--- last message repeated 5 times ---" folds into the event before it. */
    ck_assert_str_eq(dump(g.ev[12]),
                     "2012-02-06T15:16:30Z log.info actor=victoria origin=" REAL
                     "/plaso_syslog:15 time=[Feb  6 15:16:30 (UTC assumed)] "
                     "attrs={app=process;pid=2085;repeated=5;} text=[Test message with single "
                     "character day]");
    /* "kernel:" right after the time: a tag, no host. */
    ck_assert_str_eq(dump(g.ev[13]),
                     "2012-11-18T08:30:20Z log.info actor=- origin=" REAL "/plaso_syslog:17 "
                     "time=[Nov 18 08:30:20 (UTC assumed)] attrs={app=kernel;} "
                     "text=[[997.390602] sda2: rw=0, want=65, limit=2]");
    check_warning(&g, "joined",
                  REAL "/plaso_syslog:8: line has no timestamp and was joined to the line before",
                  2);
    ck_assert_uint_eq(g.diag.n_warnings, 1);
    got_free(&g);
}
END_TEST

START_TEST(plaso_rsyslog_traditional)
{
    const char *p = REAL "/plaso_syslog_rsyslog_traditional";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, "2012-06-01T00:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_str_eq(dump(g.ev[0]), "2012-01-22T07:54:32Z log.info actor=myhostname.myhost.com "
                                    "origin=" REAL "/plaso_syslog_rsyslog_traditional:1 "
                                    "time=[Jan 22 07:54:32 (UTC assumed)] attrs={} "
                                    "text=[Job `cron.daily' terminated]");
    ck_assert_str_eq(dump(g.ev[1]),
                     "2012-03-11T09:39:38Z log.info actor=ubuntu2015 origin=" REAL
                     "/plaso_syslog_rsyslog_traditional:2 time=[Mar 11 09:39:38 (UTC assumed)] "
                     "attrs={app=dhclient;repeated=5;} text=[PRC: Renewing lease on enp0s3.]");
    /* A wrapped line without indentation still joins the line before. */
    ck_assert_str_eq(g.ev[3]->text,
                     "INFO: CommitPackages() was called: dbus.Array([dbus.String('')],\n"
                     "signature=dbus.Signature('s')), dbus.Array([dbus.String('')], "
                     "signature=dbus.Signature('s')), dbus.Ar");
    /* No PRI: the level word decides; "-WARNING" is a word of its own. */
    ck_assert_str_eq(dump(g.ev[4]),
                     "2012-03-11T22:58:58Z log.warning actor=ubuntu2015 origin=" REAL
                     "/plaso_syslog_rsyslog_traditional:7 time=[Mar 11 22:58:58 (UTC assumed)] "
                     "attrs={app=com.canonical.Unity.Scope.Music;pid=1378;} "
                     "text=[(unity-music-daemon:27902): unity-music-daemon-WARNING\n **: "
                     "rhythmbox-collection.vala:574: Error while parsing rhythmbox DB: Error "
                     "opening file: No such file or directory]");
    /* The last line has no final newline. */
    ck_assert_str_eq(g.ev[6]->text,
                     "This is a multi-line message that screws up\n\tmany syslog parsers.");
    check_warning(&g, "joined",
                  REAL "/plaso_syslog_rsyslog_traditional:6: line has no timestamp and was "
                       "joined to the line before",
                  3);
    got_free(&g);
}
END_TEST

START_TEST(rsyslog_iso)
{
    const char *p = REAL "/plaso_syslog_rsyslog_iso_timestamps";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 5);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2020-05-31T00:00:45.698463Z log.info actor=localhost origin=" REAL
                     "/plaso_syslog_rsyslog_iso_timestamps:1 "
                     "time=[2020-05-31T00:00:45.698463+00:00] attrs={app=rsyslogd;} "
                     "text=[message repeated 76 times: [-- MARK --]]");
    ck_assert_str_eq(dump(g.ev[4]),
                     "2020-05-31T00:00:47.044800Z log.info actor=localhost origin=" REAL
                     "/plaso_syslog_rsyslog_iso_timestamps:5 "
                     "time=[2020-05-31T00:00:47.044800+00:00] attrs={app=systemd;pid=1;} "
                     "text=[Started Do daily mandb update.]");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* The clock goes 01:59:14 -> 01:24:56 on the night of the fall-back: the
 * second 01:24:56 is the standard-time one (README, "Time"). */
START_TEST(dst_fall_back)
{
    const char *p = REAL "/lnav_logfile_dst.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run_full(&g, p, "America/Los_Angeles", "2013-11-01T00:00:00Z", NULL, NULL, 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 10);
    char b[32];
    static const char *const want[10] = {"2013-11-03T08:01:03Z", "2013-11-03T08:13:04Z",
                                         "2013-11-03T08:23:29Z", "2013-11-03T08:41:30Z",
                                         "2013-11-03T08:59:14Z", "2013-11-03T09:24:56Z",
                                         "2013-11-03T09:38:13Z", "2013-11-03T09:50:16Z",
                                         "2013-11-03T10:08:19Z", "2013-11-03T10:25:02Z"};
    for (int i = 0; i < 10; i++)
        ck_assert_str_eq(rg_time_format(g.ev[i]->at_us, b), want[i]);
    ck_assert_str_eq(g.ev[5]->time_text, "Nov  3 01:24:56 (America/Los_Angeles assumed)");
    check_warning(&g, "dst-overlap",
                  REAL "/lnav_logfile_dst.log:1: local time 'Nov  3 01:01:03' happens twice in "
                       "America/Los_Angeles (daylight-saving change); read as "
                       "2013-11-03T08:01:03Z, the first one",
                  8);
    got_free(&g);
}
END_TEST

START_TEST(multiline_tabs)
{
    const char *p = REAL "/lnav_logfile_syslog_multiline.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, "2015-01-01T00:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    /* August is nearer January 2015 in 2014. */
    ck_assert_str_eq(dump(g.ev[5]),
                     "2014-08-16T00:32:15Z log.info actor=Tims-Air origin=" REAL
                     "/lnav_logfile_syslog_multiline.log:12 time=[Aug 16 00:32:15 (UTC assumed)] "
                     "attrs={app=syslogd;pid=314;} text=[Configuration Notice:\n\tASL Module "
                     "\"com.apple.authd\" sharing output destination \"/var/log/system.log\" with "
                     "ASL Module \"com.apple.asl\".\n\tOutput parameters from ASL Module "
                     "\"com.apple.asl\" override any specified in ASL Module "
                     "\"com.apple.authd\".]");
    check_warning(&g, "joined",
                  REAL "/lnav_logfile_syslog_multiline.log:4: line has no timestamp and was "
                       "joined to the line before",
                  10);
    got_free(&g);
}
END_TEST

START_TEST(mixed_times_keep_file_order)
{
    const char *p = REAL "/lnav_logfile_syslog_with_mixed_times.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, "2015-01-01T00:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 13);
    char b[32];
    ck_assert_str_eq(rg_time_format(g.ev[5]->at_us, b), "2014-09-13T01:25:39Z");
    ck_assert_str_eq(g.ev[1]->actor, "Tim-Stacks-iMac.local");
    ck_assert_str_eq(g.ev[1]->origin, REAL "/lnav_logfile_syslog_with_mixed_times.log:2");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

START_TEST(rfc5424_rsyslog)
{
    const char *p = REAL5424 "/plaso_syslog_rsyslog_SyslogProtocol23Format";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 9);
    /* <15>: severity 7 (debug) is info; NILVALUE procid, msgid "123". */
    ck_assert_str_eq(dump(g.ev[0]),
                     "2021-03-06T04:07:38.251122Z log.info actor=hostname origin=" REAL5424
                     "/plaso_syslog_rsyslog_SyslogProtocol23Format:1 "
                     "time=[2021-03-06T04:07:38.251122+00:00] "
                     "attrs={app=log_tag;msgid=123;level=debug;} text=[this is debug]");
    ck_assert_str_eq(g.ev[1]->text, "this is info\nwith another line");
    /* <10>: severity 2 (crit) is an error. */
    ck_assert_str_eq(dump(g.ev[3]),
                     "2021-03-06T04:07:38.251352Z log.error actor=hostname origin=" REAL5424
                     "/plaso_syslog_rsyslog_SyslogProtocol23Format:5 "
                     "time=[2021-03-06T04:07:38.251352+00:00] attrs={app=log_tag;level=crit;} "
                     "text=[this is critical]");
    /* The PRI wins over the "INFO" in the text; <78> is cron.info. */
    ck_assert_str_eq(dump(g.ev[8]),
                     "2021-03-06T04:07:38.269077Z log.info actor=hostname origin=" REAL5424
                     "/plaso_syslog_rsyslog_SyslogProtocol23Format:10 "
                     "time=[2021-03-06T04:07:38.269077+00:00] "
                     "attrs={app=cron;pid=18898;level=info;} text=[(CRON) INFO (Skipping @reboot "
                     "jobs -- not system startup)]");
    got_free(&g);
}
END_TEST

START_TEST(rfc5424_without_pri)
{
    const char *p = REAL5424 "/lnav_logfile_with_zones.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run(&g, p, NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    char b[32];
    ck_assert_str_eq(rg_time_format(g.ev[1]->at_us, b), "2022-08-27T14:22:01.694554Z");
    ck_assert_str_eq(g.ev[1]->time_text, "2022-08-27T17:22:01.694554+03:00");
    ck_assert_str_eq(g.ev[1]->text, "(root) CMD (   /usr/bin/nice -n 10 "
                                    "/opt/acme/bin/mem_usage_monitor.py >/dev/null 2>&1)");
    ck_assert_str_eq(dump(g.ev[2]),
                     "2022-08-27T14:22:01.888000Z log.info actor=space01.global-acme.entp "
                     "origin=" REAL5424 "/lnav_logfile_with_zones.log:3 "
                     "time=[2022-08-27T14:22:01.888Z] attrs={app=NSX;pid=4828;msgid=SWITCHING;"
                     "sd=[abc@6876 comp=\"abc-edge\" subcomp=\"datapathd\" s2comp=\"neigh\" "
                     "tname=\"dp-learning3\" level=\"INFO\"];} text=[dynamic arp "
                     "entry(28b18eb1-3575-4179-956b-aae009433d27, 10.12.160.4) is created]");
    got_free(&g);
}
END_TEST

START_TEST(sniff_scores)
{
    if (!rg_have_corpus(REAL "/plaso_syslog"))
        return;
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, REAL "/plaso_syslog"), 85);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, REAL "/lnav_logfile_syslog_multiline.log"),
                     85);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, REAL "/plaso_syslog_rsyslog_iso_timestamps"),
                     60);
    ck_assert_int_eq(
        sniff_file(&rg_importer_syslog, REAL5424 "/plaso_syslog_rsyslog_SyslogProtocol23Format"),
        95);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, REAL5424 "/lnav_logfile_with_zones.log"), 60);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, RG_CORPUS "/real/jsonl-app/lnav_bunyan.jsonl"),
                     0);
    ck_assert_int_eq(
        sniff_file(&rg_importer_syslog, RG_CORPUS "/real/jsonl-app/lnav_zap_console.log"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, FX "/invalid/garbage/input"), 0);
    ck_assert_int_eq(sniff_file(&rg_importer_syslog, FX "/empty.log"), 0);
    ck_assert_int_eq(rg_importer_syslog.sniff("dir", 1, NULL, 0), 0);
}
END_TEST

/* ---- fixtures ---- */

START_TEST(rfc_examples)
{
    got g;
    run(&g, FX "/rfc-examples.log", "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_str_eq(
        dump(g.ev[0]),
        "2026-10-11T22:14:15Z log.error actor=mymachine origin=" FX
        "/rfc-examples.log:1 time=[Oct 11 22:14:15 (UTC assumed)] "
        "attrs={app=su;level=crit;} text=['su root' failed for lonvick on /dev/pts/8]");
    ck_assert_str_eq(dump(g.ev[1]), "2027-02-05T17:32:18Z log.info actor=10.0.0.99 origin=" FX
                                    "/rfc-examples.log:2 time=[Feb  5 17:32:18 (UTC assumed)] "
                                    "attrs={level=notice;} text=[Use the BFG!]");
    /* The BOM that RFC 5424 allows before MSG is not text. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2003-10-11T22:14:15.003000Z log.error actor=mymachine.example.com origin=" FX
                     "/rfc-examples.log:3 time=[2003-10-11T22:14:15.003Z] "
                     "attrs={app=su;msgid=ID47;level=crit;} text=['su root' failed for lonvick on "
                     "/dev/pts/8]");
    ck_assert_str_eq(dump(g.ev[3]),
                     "2003-08-24T12:14:15.000003Z log.info actor=192.0.2.1 origin=" FX
                     "/rfc-examples.log:4 time=[2003-08-24T05:14:15.000003-07:00] "
                     "attrs={app=myproc;pid=8710;level=notice;} text=[%% It's time to make the "
                     "do-nuts.]");
    ck_assert_str_eq(g.ev[4]->text, "An application event log entry...");
    /* An escaped ']' inside a quoted SD value does not end the element. */
    ck_assert_str_eq(dump(g.ev[5]),
                     "2003-10-11T22:14:15.003000Z log.info actor=mymachine.example.com origin=" FX
                     "/rfc-examples.log:6 time=[2003-10-11T22:14:15.003Z] "
                     "attrs={app=evntslog;msgid=ID47;sd=[exampleSDID@32473 iut=\"3\" "
                     "eventSource=\"App\\]\" eventID=\"1011\"][examplePriority@32473 "
                     "class=\"high\"];level=notice;} text=[]");
    check_warning(&g, "bad-time",
                  FX "/rfc-examples.log:7:7: expected a timestamp after the PRI, found '-'", 2);
    got_free(&g);
}
END_TEST

START_TEST(crlf_bom_no_final_newline_hostile)
{
    got g;
    run(&g, FX "/crlf-bom.log", "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:02:03Z log.error actor=web-1 origin=" FX
                                    "/crlf-bom.log:1 time=[Nov 20 14:02:03 (UTC assumed)] "
                                    "attrs={app=checkout;pid=4242;} text=[ERROR payment declined "
                                    "<script>alert(1)</script>\n\tat Charge.run(Charge.java:42)]");
    ck_assert_str_eq(g.ev[1]->type, "log.warning");
    ck_assert_str_eq(g.ev[1]->text, "retry WARN [x](javascript:alert(1)) | ~~x~~ \x01\x7f");
    /* Lower-case, capitalised or joined words are not level words. */
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:02:05Z log.info actor=web-1 origin=" FX
                     "/crlf-bom.log:4 time=[Nov 20 14:02:05 (UTC assumed)] "
                     "attrs={app=checkout;pid=4242;} text=[0 errors, Error rate ok, ERROR_CODES "
                     "loaded]");
    got_free(&g);
}
END_TEST

START_TEST(invalid_utf8_and_nul)
{
    got g;
    run(&g, FX "/bad-utf8.log", "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_str_eq(g.ev[0]->text, "caf\xef\xbf\xbd au lait \xef\xbf\xbd\xef\xbf\xbd");
    ck_assert_str_eq(g.ev[1]->text, "nul\xef\xbf\xbd"
                                    "byte");
    ck_assert_str_eq(g.ev[2]->text, "caf\xc3\xa9 ok");
    check_warning(&g, "utf8",
                  FX "/bad-utf8.log:1: line is not valid UTF-8; 3 bytes replaced by U+FFFD", 2);
    got_free(&g);
}
END_TEST

/* Window 14:00:00 .. 14:59:59: lines outside are counted, not emitted, and the
 * lines that continue or repeat them go with them. */
START_TEST(window_cut)
{
    got g;
    run_full(&g, FX "/window.log", NULL, "2026-11-20T14:00:00Z", "2026-11-20T14:00:00Z",
             "2026-11-20T14:59:59Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.sink.n_outside, 2);
    ck_assert_str_eq(dump(g.ev[0]), "2026-11-20T14:00:00Z log.error actor=db-1 origin=" FX
                                    "/window.log:4 time=[Nov 20 14:00:00 (UTC assumed)] "
                                    "attrs={app=postgres;pid=77;} text=[FATAL: too many "
                                    "connections\n\tDETAIL: 100 of 100 slots used]");
    ck_assert_str_eq(dump(g.ev[1]), "2026-11-20T14:00:01Z log.info actor=db-1 origin=" FX
                                    "/window.log:6 time=[Nov 20 14:00:01 (UTC assumed)] "
                                    "attrs={app=postgres;pid=77;repeated=5;} text=[LOG: "
                                    "checkpoint starting]");
    check_warning(&g, "orphan-line",
                  FX "/window.log:1: line has no timestamp and no line before it has one; "
                     "skipped",
                  1);
    check_warning(&g, "joined",
                  FX "/window.log:5: line has no timestamp and was joined to the line before", 1);
    ck_assert_uint_eq(g.diag.n_warnings, 2);
    got_free(&g);
}
END_TEST

/* Lines of a minute wholly outside the window are counted without reading
 * their time again; minutes that touch the window are read line by line. */
START_TEST(minute_memo)
{
    got g;
    run_full(&g, FX "/minutes.log", NULL, "2026-11-20T14:00:00Z", "2026-11-20T14:00:00Z",
             "2026-11-20T14:59:59Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(g.sink.n_outside, 5);
    ck_assert_str_eq(g.ev[0]->origin, FX "/minutes.log:4");
    ck_assert_str_eq(g.ev[1]->origin, FX "/minutes.log:7");
    ck_assert_str_eq(g.ev[1]->text, "in again");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

/* The fall-back night cut to 09:00..10:00Z: the second 01:24:56 and what
 * follows it are inside. */
START_TEST(dst_fall_back_window)
{
    const char *p = REAL "/lnav_logfile_dst.log";
    if (!rg_have_corpus(p))
        return;
    got g;
    run_full(&g, p, "America/Los_Angeles", "2013-11-01T00:00:00Z", "2013-11-03T09:00:00Z",
             "2013-11-03T10:00:00Z", 0);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(g.sink.n_outside, 7);
    ck_assert_str_eq(g.ev[0]->origin, REAL "/lnav_logfile_dst.log:6");
    ck_assert_str_eq(g.ev[2]->origin, REAL "/lnav_logfile_dst.log:8");
    got_free(&g);
}
END_TEST

/* A clock offset of -420 s moves every time, before the window cut. */
START_TEST(clock_offset)
{
    got g;
    run_full(&g, FX "/window.log", "Asia/Ho_Chi_Minh", "2026-11-20T14:00:00Z",
             "2026-11-20T06:53:00Z", "2026-11-20T06:53:00Z", -420 * INT64_C(1000000));
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_uint_eq(g.sink.n_outside, 3);
    ck_assert_str_eq(dump(g.ev[0]),
                     "2026-11-20T06:53:00Z log.error actor=db-1 origin=" FX
                     "/window.log:4 time=[Nov 20 14:00:00 (Asia/Ho_Chi_Minh assumed)] "
                     "attrs={app=postgres;pid=77;} text=[FATAL: too many connections\n\tDETAIL: "
                     "100 of 100 slots used]");
    got_free(&g);
}
END_TEST

/* An empty log is not an error: it has no events. */
/* rsyslog's "message repeated N times: [text]" folds into the line it
 * repeats (at the top of a file it is a record of its own); "-" and a level
 * word where the host would be are not hosts. */
START_TEST(repeats_and_hosts)
{
    const char *p = FX "/repeats-and-hosts.log";
    got g;
    run(&g, p, "2026-11-20T00:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 6);
    ck_assert_str_eq(g.ev[0]->text,
                     "message repeated 3 times: [ Failed password for root from 10.0.0.1 port 22 "
                     "ssh2]");
    ck_assert_str_eq(
        dump(g.ev[1]),
        "2026-11-20T14:02:01Z log.info actor=web-1 origin=" FX
        "/repeats-and-hosts.log:2 time=[Nov 20 14:02:01 (UTC assumed)] attrs={app=sshd;"
        "pid=42;repeated=7;} text=[Failed password for admin from 10.0.0.2 port 22 "
        "ssh2]");
    ck_assert_str_eq(dump(g.ev[2]),
                     "2026-11-20T14:02:04Z log.info actor=- origin=" FX
                     "/repeats-and-hosts.log:5 time=[2026-11-20T14:02:04.000000+00:00] "
                     "attrs={app=app;} text=[a separator, not a host]");
    ck_assert_str_eq(dump(g.ev[3]), "2026-11-20T14:02:05.123000Z log.warning actor=- origin=" FX
                                    "/repeats-and-hosts.log:6 time=[2026-11-20T14:02:05.123Z] "
                                    "attrs={} text=[WARN disk almost full]");
    ck_assert_str_eq(g.ev[4]->type, "log.error");
    ck_assert_ptr_null(g.ev[4]->actor);
    ck_assert_str_eq(g.ev[5]->actor, "web-1");
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
    /* The real case: OpenSSH's line 30 repeats line 29 five times. */
#define SSH RG_CORPUS "/real/loghub/OpenSSH_2k.head40.log"
    const char *ssh = SSH;
    if (rg_have_corpus(ssh)) {
        got o;
        run(&o, ssh, "2017-12-10T00:00:00Z");
        ck_assert_uint_eq(o.n, 39);
        ck_assert_str_eq(o.ev[28]->origin, SSH ":29");
        ck_assert_str_eq(attr(o.ev[28], "repeated"), "5");
        ck_assert_str_eq(o.ev[29]->origin, SSH ":31");
        got_free(&o);
    }
    /* The repeats of a line outside the window go with it. */
    run_full(&g, p, NULL, "2026-11-20T00:00:00Z", "2026-11-20T14:02:04Z", "2026-11-20T14:03:00Z",
             0);
    ck_assert_uint_eq(g.n, 4);
    ck_assert_ptr_null(rg_event_attr_get(g.ev[0], "repeated"));
    got_free(&g);
}
END_TEST

START_TEST(empty_and_blank)
{
    got g;
    run(&g, FX "/empty.log", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    ck_assert_int_eq(g.diag.has_error, 0);
    got_free(&g);
    run(&g, FX "/blank.log", NULL);
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 0);
    ck_assert_uint_eq(g.diag.n_warnings, 0);
    got_free(&g);
}
END_TEST

static void check_invalid(const char *name)
{
    char input[256], error[256];
    snprintf(input, sizeof(input), FX "/invalid/%s/input", name);
    snprintf(error, sizeof(error), FX "/invalid/%s/error", name);
    check_fails_with(&rg_importer_syslog, input, read_text(error));
}

START_TEST(invalid_garbage)
{
    check_invalid("garbage");
}
END_TEST

START_TEST(invalid_utf16)
{
    check_invalid("utf16");
}
END_TEST

START_TEST(missing_file)
{
    got g;
    run(&g, FX "/no-such.log", NULL);
    ck_assert_int_eq(g.rc, -1);
    ck_assert_str_eq(g.diag.error, FX "/no-such.log: cannot open: No such file or directory");
    got_free(&g);
}
END_TEST

/* A 2 MiB line keeps its first MiB, warns with its line number, and the line
 * after it is read as usual. */
START_TEST(long_line_cut)
{
    char *path = temp_path("check_syslog");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Nov 20 14:02:02 host app: before\n", f);
    fputs("Nov 20 14:02:03 host app: ", f);
    for (int i = 0; i < 2 * 1024 * 1024; i++)
        fputc('x', f);
    fputs("\nNov 20 14:02:04 host app: after\n", f);
    fclose(f);
    got g;
    run(&g, path, "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 3);
    ck_assert_uint_eq(strlen(g.ev[1]->text), 1024 * 1024 - strlen("Nov 20 14:02:03 host app: "));
    ck_assert_str_eq(g.ev[2]->text, "after");
    char want[256], origin[128];
    snprintf(origin, sizeof(origin), "%s:3", path);
    ck_assert_str_eq(g.ev[2]->origin, origin);
    snprintf(want, sizeof(want),
             "%s:2: line is longer than 1048576 bytes; only its first 1048576 bytes were read",
             path);
    check_warning(&g, "long-line", want, 1);
    got_free(&g);
    unlink(path);
}
END_TEST

/* Joined lines stop growing an event's text at 4 MiB, with a warning. */
START_TEST(long_joined_text_cut)
{
    char *path = temp_path("check_syslog");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Nov 20 14:02:03 host app: start\n", f);
    for (int l = 0; l < 5; l++) {
        fputc('\t', f);
        for (int i = 0; i < 1000000; i++)
            fputc('y', f);
        fputc('\n', f);
    }
    fputs("Nov 20 14:02:04 host app: after\n", f);
    fclose(f);
    got g;
    run(&g, path, "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 2);
    ck_assert_uint_eq(strlen(g.ev[0]->text), 4 * 1024 * 1024 - 1);
    ck_assert_str_eq(g.ev[1]->text, "after");
    char want[256];
    snprintf(want, sizeof(want),
             "%s:6: the text of the event at line 1 is longer than 4194304 bytes with its joined "
             "lines; cut here",
             path);
    check_warning(&g, "long-text", want, 1);
    got_free(&g);
    unlink(path);
}
END_TEST

/* The tag's '[' found by the 16-byte compare and by memchr alike: the
 * first '[' of the tag, a tag of 16 bytes or more, a tag that ends the line;
 * and a host that is a level word ("ERROR"), or ends in a letter like one,
 * read as the rule says. */
START_TEST(tag_shapes)
{
    char *path = temp_path("check_syslog");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Nov 20 14:00:01 web-1 a[b][12]: ERROR first bracket\n"
          "Nov 20 14:00:02 web-1 averyveryverylongappname[77]: ERROR long tag\n"
          "Nov 20 14:00:03 web-1 sixteen_bytes_a[9]: ERROR sixteen\n"
          "Nov 20 14:00:04 web-1 x[5]:\n"
          "Nov 20 14:00:05 ERROR disk gone\n"
          "Nov 20 14:00:06 webhost app[3]: ERROR host ends in a letter\n"
          "Nov 20 14:00:07 Error app[4]: ERROR the host is a level word\n",
          f);
    fclose(f);
    got g;
    run(&g, path, "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 7);
    ck_assert_str_eq(attr(g.ev[0], "app"), "a");
    ck_assert_str_eq(attr(g.ev[0], "pid"), "b][12");
    ck_assert_str_eq(attr(g.ev[1], "app"), "averyveryverylongappname");
    ck_assert_str_eq(attr(g.ev[1], "pid"), "77");
    ck_assert_str_eq(attr(g.ev[2], "app"), "sixteen_bytes_a");
    ck_assert_str_eq(attr(g.ev[2], "pid"), "9");
    ck_assert_str_eq(attr(g.ev[3], "app"), "x");
    ck_assert_str_eq(attr(g.ev[3], "pid"), "5");
    ck_assert_ptr_null(g.ev[4]->actor);
    ck_assert_str_eq(g.ev[4]->text, "ERROR disk gone");
    ck_assert_str_eq(g.ev[5]->actor, "webhost");
    ck_assert_str_eq(attr(g.ev[5], "app"), "app");
    ck_assert_ptr_null(g.ev[6]->actor);
    ck_assert_str_eq(g.ev[6]->text, "Error app[4]: ERROR the host is a level word");
    got_free(&g);
    unlink(path);
}
END_TEST

/* Line numbers past 65,535 are right; progress reports the whole file. */
START_TEST(seventy_thousand_lines)
{
    char *path = temp_path("check_syslog");
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    for (int i = 1; i <= 70000; i++)
        fprintf(f, "Nov 20 14:%02d:%02d host app: line %d\n", i / 60 % 60, i % 60, i);
    fputs("<13>Nov 99 14:02:03 host app: bad\n", f);
    long size = ftell(f);
    fclose(f);
    got g;
    run(&g, path, "2026-11-20T14:00:00Z");
    ck_assert_int_eq(g.rc, 0);
    ck_assert_uint_eq(g.n, 70000);
    char want[256];
    snprintf(want, sizeof(want), "%s:70000", path);
    ck_assert_str_eq(g.ev[69999]->origin, want);
    ck_assert_str_eq(g.ev[69999]->text, "line 70000");
    snprintf(want, sizeof(want), "%s:70001:5: expected a timestamp after the PRI, found 'Nov'",
             path);
    check_warning(&g, "bad-time", want, 1);
    ck_assert_int_ge(g.progress_calls, 1);
    ck_assert_uint_eq(g.progress_done, (uint64_t)size);
    ck_assert_uint_eq(g.progress_total, (uint64_t)size);
    got_free(&g);
    unlink(path);
}
END_TEST

static Suite *syslog_suite(void)
{
    Suite *s = suite_create("syslog");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, plaso_rfc3164);
    tcase_add_test(tc, plaso_rsyslog_traditional);
    tcase_add_test(tc, rsyslog_iso);
    tcase_add_test(tc, dst_fall_back);
    tcase_add_test(tc, dst_fall_back_window);
    tcase_add_test(tc, multiline_tabs);
    tcase_add_test(tc, mixed_times_keep_file_order);
    tcase_add_test(tc, rfc5424_rsyslog);
    tcase_add_test(tc, rfc5424_without_pri);
    tcase_add_test(tc, sniff_scores);
    suite_add_tcase(s, tc);
    tc = tcase_create("fixtures");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, rfc_examples);
    tcase_add_test(tc, crlf_bom_no_final_newline_hostile);
    tcase_add_test(tc, invalid_utf8_and_nul);
    tcase_add_test(tc, window_cut);
    tcase_add_test(tc, minute_memo);
    tcase_add_test(tc, clock_offset);
    tcase_add_test(tc, repeats_and_hosts);
    tcase_add_test(tc, empty_and_blank);
    tcase_add_test(tc, invalid_garbage);
    tcase_add_test(tc, invalid_utf16);
    tcase_add_test(tc, missing_file);
    tcase_add_test(tc, long_line_cut);
    tcase_add_test(tc, long_joined_text_cut);
    tcase_add_test(tc, seventy_thousand_lines);
    tcase_add_test(tc, tag_shapes);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(syslog_suite)
