/* check_timeformat.c -- times read with a format the user gives
 * (rg_time_with_format, rg_time_format_check) and zone abbreviations
 * (rg_tz_abbrev_offsets): every conversion, the year and zone rules, and the
 * exact message for each mistake in a format. */
#include <check.h>
#include <string.h>

#include "check_util.h"
#include "timeparse.h"

/* The instant s reads as with fmt in zone (NULL: UTC) near ref, as RFC 3339
 * text, with the flags in *flags; "-" and *why when it does not read. */
static const char *read_with(const char *fmt, const char *s, const char *zone, const char *ref,
                             int *flags, const char **why)
{
    static char buf[32];
    rg_tz *tz = NULL;
    if (zone) {
        char err[128];
        tz = rg_tz_load(zone, err, sizeof(err));
        ck_assert_msg(tz != NULL, "%s", err);
    }
    int64_t ref_us = INT64_MIN;
    if (ref) {
        int fl;
        ck_assert_int_eq(rg_time_parse(ref, strlen(ref), NULL, &ref_us, &fl), 0);
    }
    rg_time_ctx ctx = {tz, ref_us};
    int64_t at;
    int fl = -1;
    const char *w = NULL;
    int rc = rg_time_with_format(fmt, s, strlen(s), &ctx, &at, &fl, &w);
    rg_tz_free(tz);
    if (flags)
        *flags = fl;
    if (why)
        *why = w;
    if (rc != 0)
        return "-";
    return rg_time_format(at, buf);
}

static const char *utc(const char *fmt, const char *s)
{
    return read_with(fmt, s, NULL, "2026-06-01T00:00:00Z", NULL, NULL);
}

START_TEST(each_conversion)
{
    ck_assert_str_eq(utc("%Y-%m-%d %H:%M:%S", "2026-11-20 14:02:03"), "2026-11-20T14:02:03Z");
    ck_assert_str_eq(utc("%F %T", "2026-11-20 14:02:03"), "2026-11-20T14:02:03Z");
    ck_assert_str_eq(utc("%d/%m/%Y %R", "3/7/2026 9:05"), "2026-07-03T09:05:00Z");
    ck_assert_str_eq(utc("%d/%m/%y %H:%M", "03/07/26 09:05"), "2026-07-03T09:05:00Z");
    ck_assert_str_eq(utc("%d/%m/%y %H:%M", "03/07/69 09:05"), "1969-07-03T09:05:00Z");
    ck_assert_str_eq(utc("%d/%m/%y %H:%M", "03/07/68 09:05"), "2068-07-03T09:05:00Z");
    ck_assert_str_eq(utc("%m/%d/%Y %I:%M %p", "11/20/2026 2:02 PM"), "2026-11-20T14:02:00Z");
    ck_assert_str_eq(utc("%m/%d/%Y %I:%M %p", "11/20/2026 12:02 am"), "2026-11-20T00:02:00Z");
    ck_assert_str_eq(utc("%m/%d/%Y %I:%M %p", "11/20/2026 12:02 p.m."), "2026-11-20T12:02:00Z");
    ck_assert_str_eq(utc("%a, %d %b %Y %H:%M:%S %z", "Fri, 20 Nov 2026 14:02:03 -0800"),
                     "2026-11-20T22:02:03Z");
    ck_assert_str_eq(utc("%A %d %B %Y %H:%M", "friday 20 NOVEMBER 2026 14:02"),
                     "2026-11-20T14:02:00Z");
    ck_assert_str_eq(utc("%b %e %Y %H:%M", "Nov  4 2026 14:02"), "2026-11-04T14:02:00Z");
    ck_assert_str_eq(utc("%F %T.%f", "2026-11-20 14:02:03.123456789"),
                     "2026-11-20T14:02:03.123456Z");
    ck_assert_str_eq(utc("%F %T.%f", "2026-11-20 14:02:03.5"), "2026-11-20T14:02:03.500000Z");
    ck_assert_str_eq(utc("%FT%T%z", "2026-11-20T14:02:03+05:45"), "2026-11-20T08:17:03Z");
    ck_assert_str_eq(utc("%FT%T%z", "2026-11-20T14:02:03Z"), "2026-11-20T14:02:03Z");
    ck_assert_str_eq(utc("%FT%T%z", "2026-11-20T14:02:03+07"), "2026-11-20T07:02:03Z");
    ck_assert_str_eq(utc("%F %H:%M %Z", "2026-11-20 14:02 PST"), "2026-11-20T22:02:00Z");
    ck_assert_str_eq(utc("%F %H:%M %Z", "2026-11-20 14:02 utc"), "2026-11-20T14:02:00Z");
    ck_assert_str_eq(utc("%s", "1763647323"), "2025-11-20T14:02:03Z");
    ck_assert_str_eq(utc("%s.%f", "1763647323.25"), "2025-11-20T14:02:03.250000Z");
    ck_assert_str_eq(utc("%Y%m%d-%H%M%S", "20261120-140203"), "2026-11-20T14:02:03Z");
    ck_assert_str_eq(utc("100%% %F %T", "100% 2026-11-20 14:02:03"), "2026-11-20T14:02:03Z");
    /* A leap second reads as the next second's start; surrounding blanks pass. */
    ck_assert_str_eq(utc("%F %T", "  2016-12-31 23:59:60 "), "2017-01-01T00:00:00Z");
}
END_TEST

START_TEST(mismatches)
{
    const char *why;
    ck_assert_str_eq(read_with("%F %T", "2026-11-20T14:02:03", NULL, NULL, NULL, &why), "-");
    ck_assert_str_eq(why, "it does not match the format");
    ck_assert_str_eq(utc("%F %T", "2026-11-20 14:02:03 extra"), "-");
    ck_assert_str_eq(utc("%F %T", "2026-13-20 14:02:03"), "-");
    ck_assert_str_eq(utc("%F %T", "2026-11-20 24:00:00"), "-");
    ck_assert_str_eq(utc("%F %H:%M", "2026-11-20 14:60"), "-");
    ck_assert_str_eq(utc("%Y %m %d %H", "26 11 20 14"), "-");
    ck_assert_str_eq(utc("%F %T", ""), "-");
    ck_assert_str_eq(utc("%F %T.%f", "2026-11-20 14:02:03.1234567891"), "-");
    ck_assert_str_eq(utc("%m/%d/%Y %I:%M %p", "11/20/2026 13:02 PM"), "-");
    ck_assert_str_eq(read_with("%F %T", "2026-02-30 14:02:03", NULL, NULL, NULL, &why), "-");
    ck_assert_str_eq(why, "it names a date that does not exist");
    ck_assert_str_eq(read_with("%F %H:%M %Z", "2026-11-20 14:02 IST", NULL, NULL, NULL, &why), "-");
    ck_assert_str_eq(why, "its zone abbreviation is unknown or stands for several offsets (use "
                          "%z, or leave the zone out and set the source's \"timezone\")");
    ck_assert_str_eq(utc("%F %H:%M %Z", "2026-11-20 14:02 XYZ"), "-");
    ck_assert_str_eq(utc("%F %H:%M %Z", "2026-11-20 14:02 TOOLONGZ"), "-");
}
END_TEST

START_TEST(zones_and_years)
{
    int flags;
    /* No zone: local to the source's zone, said in the flags. */
    ck_assert_str_eq(
        read_with("%d.%m.%Y %H:%M", "20.11.2026 14:02", "Asia/Ho_Chi_Minh", NULL, &flags, NULL),
        "2026-11-20T07:02:00Z");
    ck_assert_int_eq(flags, RG_TIME_LOCAL);
    /* A zone in the text wins over the source's. */
    ck_assert_str_eq(read_with("%d.%m.%Y %H:%M %z", "20.11.2026 14:02 +0000", "Asia/Ho_Chi_Minh",
                               NULL, &flags, NULL),
                     "2026-11-20T14:02:00Z");
    ck_assert_int_eq(flags, 0);
    /* Daylight saving: the gap and the overlap are flagged. */
    ck_assert_str_eq(
        read_with("%F %H:%M", "2026-03-08 02:30", "America/New_York", NULL, &flags, NULL),
        "2026-03-08T07:30:00Z");
    ck_assert_int_eq(flags, RG_TIME_LOCAL | RG_TIME_GAP);
    ck_assert_str_eq(
        read_with("%F %H:%M", "2026-11-01 01:30", "America/New_York", NULL, &flags, NULL),
        "2026-11-01T05:30:00Z");
    ck_assert_int_eq(flags, RG_TIME_LOCAL | RG_TIME_OVERLAP);
    /* No year: the one nearest the incident, December read in January. */
    ck_assert_str_eq(
        read_with("%b %e %H:%M", "Dec 31 23:50", NULL, "2027-01-01T00:10:00Z", &flags, NULL),
        "2026-12-31T23:50:00Z");
    ck_assert_int_eq(flags, RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    ck_assert_str_eq(
        read_with("%b %e %H:%M %Z", "Jan  1 00:05 PST", NULL, "2026-12-31T23:00:00Z", &flags, NULL),
        "2027-01-01T08:05:00Z");
    ck_assert_int_eq(flags, RG_TIME_NO_YEAR);
    /* 29 February only in a leap year within a year of the reference. */
    ck_assert_str_eq(
        read_with("%b %d %H:%M", "Feb 29 12:00", NULL, "2028-03-01T00:00:00Z", NULL, NULL),
        "2028-02-29T12:00:00Z");
    ck_assert_str_eq(
        read_with("%b %d %H:%M", "Feb 29 12:00", NULL, "2026-12-01T00:00:00Z", NULL, NULL), "-");
}
END_TEST

/* The message and offset rg_time_format_check gives for fmt, as "at N: message". */
static const char *check_msg(const char *fmt)
{
    static char out[400];
    char err[300] = "";
    size_t at = 99;
    if (rg_time_format_check(fmt, err, sizeof(err), &at) == 0)
        return "ok";
    snprintf(out, sizeof(out), "at %zu: %s", at, err);
    return out;
}

START_TEST(format_check)
{
    ck_assert_str_eq(check_msg("%F %T"), "ok");
    ck_assert_str_eq(check_msg("%b %e %H:%M"), "ok");
    ck_assert_str_eq(check_msg("%m/%d/%Y %I:%M %p"), "ok");
    ck_assert_str_eq(check_msg("%s"), "ok");
    ck_assert_str_eq(check_msg("%s.%f"), "ok");
    ck_assert_str_eq(check_msg(""), "at 0: the time format is empty");
    ck_assert_str_eq(check_msg("%Y-%m-%d %H:%Q"),
                     "at 12: unknown conversion '%Q' (known: %Y %y %m %d %e %b %B %H %I %p %M %S "
                     "%f %z %Z %s %a %F %T %R %%)");
    ck_assert_str_eq(check_msg("%F %H:%M %"),
                     "at 9: '%' at the end of the format (write %% for a '%')");
    ck_assert_str_eq(check_msg("%F %T %Y"), "at 6: '%Y' gives a field the format already has");
    ck_assert_str_eq(check_msg("%Y-%m-%d"),
                     "at 0: the time format has no hour: add %H (or %I with %p)");
    ck_assert_str_eq(check_msg("%Y-%m %H:%M"),
                     "at 0: the time format has no day: give the month (%m or %b) and the day "
                     "(%d or %e), or use %s");
    ck_assert_str_eq(check_msg("%d %H:%M"),
                     "at 0: the time format has no month: give the month (%m or %b) and the day "
                     "(%d or %e), or use %s");
    ck_assert_str_eq(check_msg("%F %I:%M"), "at 0: %I (12-hour clock) needs %p for AM/PM");
    ck_assert_str_eq(check_msg("%F %H:%M %p"), "at 0: %p (AM/PM) needs %I, the 12-hour clock");
    ck_assert_str_eq(check_msg("%F %H %I:%M %p"),
                     "at 0: the time format has both %H and %I: keep one");
    ck_assert_str_eq(check_msg("%s %H"),
                     "at 0: %s (seconds since 1970) stands alone: only %f may go with it");
    ck_assert_str_eq(check_msg("%F %H:%M %z %Z"),
                     "at 12: '%Z' gives a field the format already has");
}
END_TEST

START_TEST(abbreviations)
{
    int32_t offs[3];
    ck_assert_int_eq(rg_tz_abbrev_offsets("PST", 3, offs, 3), 1);
    ck_assert_int_eq(offs[0], -8 * 3600);
    ck_assert_int_eq(rg_tz_abbrev_offsets("pdt", 3, offs, 3), 1);
    ck_assert_int_eq(offs[0], -7 * 3600);
    ck_assert_int_eq(rg_tz_abbrev_offsets("NPT", 3, offs, 3), 1);
    ck_assert_int_eq(offs[0], 5 * 3600 + 45 * 60);
    ck_assert_int_eq(rg_tz_abbrev_offsets("IST", 3, offs, 3), 3);
    ck_assert_int_eq(offs[0], 5 * 3600 + 30 * 60);
    ck_assert_int_eq(offs[1], 3600);
    ck_assert_int_eq(offs[2], 2 * 3600);
    ck_assert_int_eq(rg_tz_abbrev_offsets("CST", 3, offs, 1), 2); /* only one written */
    ck_assert_int_eq(offs[0], -6 * 3600);
    ck_assert_int_eq(rg_tz_abbrev_offsets("XYZ", 3, offs, 3), 0);
    ck_assert_int_eq(rg_tz_abbrev_offsets("PSTX", 3, offs, 3), 1); /* len counts */
}
END_TEST

START_TEST(scan_fields)
{
    rg_time_fields f;
    const char *s = "Nov  4, 14:07 PDT and more";
    ck_assert_uint_eq(rg_time_scan("%b %e, %H:%M %Z", s, strlen(s), &f), 17);
    ck_assert_int_eq(f.mon, 11);
    ck_assert_int_eq(f.day, 4);
    ck_assert_int_eq(f.hour, 14);
    ck_assert_int_eq(f.min, 7);
    ck_assert_int_eq(f.has_year, 0);
    ck_assert_uint_eq(f.zone_len, 3);
    ck_assert_int_eq(memcmp(f.zone, "PDT", 3), 0);
    ck_assert_uint_eq(rg_time_scan("%b %e, %H:%M %Z", "Nov 4 14:07", 11, &f), 0);
}
END_TEST

static Suite *timeformat_suite(void)
{
    Suite *s = suite_create("timeformat");
    TCase *tc = tcase_create("timeformat");
    tcase_add_test(tc, each_conversion);
    tcase_add_test(tc, mismatches);
    tcase_add_test(tc, zones_and_years);
    tcase_add_test(tc, format_check);
    tcase_add_test(tc, abbreviations);
    tcase_add_test(tc, scan_fields);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(timeformat_suite)
