/* check_timeparse.c -- every timestamp form, zone rule and duration the
 * README's "Time" section promises, with exact instants (RELIABILITY 10-11). */
#include "timeparse.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check_util.h"

#define S(x) INT64_C(x)
#define US(x) (INT64_C(x) * 1000000)

static const char *fmt(int64_t at_us)
{
    static char buf[32];
    return rg_time_format(at_us, buf);
}

static rg_tz *zone(const char *name)
{
    char err[128] = "";
    rg_tz *tz = rg_tz_load(name, err, sizeof err);
    ck_assert_msg(tz != NULL, "%s (is the tzdata package installed?)", err);
    ck_assert_str_eq(rg_tz_name(tz), name);
    return tz;
}

/* rg_time_parse on the whole text; checks the instant and the flags. */
static void parse_ok(const char *text, const rg_tz *tz, int64_t ref_us, const char *want,
                     int want_flags)
{
    rg_time_ctx ctx = {tz, ref_us};
    int64_t at = 0;
    int flags = -1;
    ck_assert_msg(rg_time_parse(text, strlen(text), &ctx, &at, &flags) == 0, "rejected '%s'", text);
    ck_assert_msg(strcmp(fmt(at), want) == 0, "'%s' -> %s, want %s", text, fmt(at), want);
    ck_assert_msg(flags == want_flags, "'%s' flags %d, want %d", text, flags, want_flags);
}

static void parse_bad(const char *text, size_t len)
{
    rg_time_ctx ctx = {NULL, US(1795183323)};
    int64_t at = 42;
    int flags = 42;
    ck_assert_msg(rg_time_parse(text, len, &ctx, &at, &flags) == -1, "accepted '%.*s' as %s",
                  (int)len, text, fmt(at));
    ck_assert_int_eq(at, 42);
}

static void local_ok(const rg_tz *tz, int y, int mo, int d, int h, int mi, int s, const char *want,
                     int want_flags)
{
    int64_t at = 0;
    int flags = -1;
    ck_assert_int_eq(rg_time_from_local(tz, y, mo, d, h, mi, s, 0, &at, &flags), 0);
    ck_assert_msg(strcmp(fmt(at), want) == 0, "%s %04d-%02d-%02d %02d:%02d:%02d -> %s, want %s",
                  rg_tz_name(tz), y, mo, d, h, mi, s, fmt(at), want);
    ck_assert_int_eq(flags, want_flags);
}

/* ---- zones ---- */

START_TEST(utc_zone_is_builtin)
{
    const rg_tz *utc = rg_tz_utc();
    ck_assert_ptr_nonnull(utc);
    ck_assert_ptr_eq(utc, rg_tz_utc());
    ck_assert_str_eq(rg_tz_name(utc), "UTC");
    ck_assert_int_eq(rg_tz_offset_at(utc, US(1795183323)), 0);
    ck_assert_int_eq(rg_tz_offset_at(NULL, US(-5000000000)), 0);
    rg_tz_free((rg_tz *)utc); /* a no-op: the shared zone is never freed */
    ck_assert_str_eq(rg_tz_name(rg_tz_utc()), "UTC");

    /* No tzdata at all: UTC and Etc/UTC still load. */
    setenv("TZDIR", RG_FIXTURES "/timeparse/no-such-dir", 1);
    char err[128] = "";
    rg_tz *a = rg_tz_load("UTC", err, sizeof err);
    rg_tz *b = rg_tz_load("Etc/UTC", err, sizeof err);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_str_eq(rg_tz_name(b), "Etc/UTC");
    local_ok(a, 2026, 3, 8, 2, 30, 0, "2026-03-08T02:30:00Z", 0);
    ck_assert_int_eq(rg_tz_offset_at(b, US(1795183323)), 0);
    ck_assert_ptr_null(rg_tz_load("Europe/Berlin", err, sizeof err));
    ck_assert_str_eq(err, "unknown time zone 'Europe/Berlin'");
    unsetenv("TZDIR");
    rg_tz_free(a);
    rg_tz_free(b);
}
END_TEST

START_TEST(unknown_zones_are_errors)
{
    static const char *const bad[] = {
        "Asia/Ho_Chi_Mihn",
        "",
        "../../etc/passwd",
        "/etc/localtime",
        "America/../Europe/Berlin",
        "America", /* a directory */
        "zone.tab",
        "Europe/Berlin ",
        "Europe/Berlin\n<script>",
        "Not/Tzif",
        "Not/Empty",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128] = "", want[160];
        rg_tz *tz = rg_tz_load(bad[i], err, sizeof err);
        ck_assert_msg(tz == NULL, "loaded '%s'", bad[i]);
        snprintf(want, sizeof want, "unknown time zone '%s'", bad[i]);
        ck_assert_str_eq(err, want);
    }
    /* Our fixture directory: files that exist but are not TZif. */
    setenv("TZDIR", RG_FIXTURES "/timeparse/zoneinfo", 1);
    char err[128] = "";
    ck_assert_ptr_null(rg_tz_load("Not/Tzif", err, sizeof err));
    ck_assert_str_eq(err, "unknown time zone 'Not/Tzif'");
    ck_assert_ptr_null(rg_tz_load("Not/Empty", err, sizeof err));
    ck_assert_str_eq(err, "unknown time zone 'Not/Empty'");
    ck_assert_ptr_null(rg_tz_load("Not/Tzif", NULL, 0)); /* err is optional */
    unsetenv("TZDIR");
    rg_tz_free(NULL);
}
END_TEST

/* A tiny TZif writer, so the reader is tested on exact bytes without relying on
 * the system's tzdata build (fat or slim, v2 or v3). */
typedef struct tzb {
    unsigned char b[1024];
    size_t n;
} tzb;

static void put32(tzb *t, uint32_t v)
{
    for (int i = 3; i >= 0; i--)
        t->b[t->n++] = (unsigned char)(v >> (i * 8));
}

static void put64(tzb *t, int64_t v)
{
    put32(t, (uint32_t)((uint64_t)v >> 32));
    put32(t, (uint32_t)v);
}

static void put_header(tzb *t, char version, uint32_t n_trans, uint32_t n_types, uint32_t n_chars)
{
    memcpy(t->b + t->n, "TZif", 4);
    t->n += 4;
    t->b[t->n++] = (unsigned char)version;
    memset(t->b + t->n, 0, 15);
    t->n += 15;
    put32(t, 0); /* isutcnt */
    put32(t, 0); /* isstdcnt */
    put32(t, 0); /* leapcnt */
    put32(t, n_trans);
    put32(t, n_types);
    put32(t, n_chars);
}

/* Writes a zone: types with offsets (designation "ZZZ\0" for all), transitions,
 * and for version '2'/'3' the 64-bit block and footer. */
static void build_tzif(tzb *t, char version, size_t n_trans, const int64_t *trans,
                       const uint8_t *idx, size_t n_types, const int32_t *offs, const char *footer)
{
    t->n = 0;
    int wide = version != '\0';
    /* v1 block: full data for version 1, a minimal one otherwise (RFC 8536 3.1). */
    put_header(t, version, wide ? 0 : (uint32_t)n_trans, wide ? 1 : (uint32_t)n_types, 4);
    if (!wide) {
        for (size_t i = 0; i < n_trans; i++)
            put32(t, (uint32_t)(int32_t)trans[i]);
        for (size_t i = 0; i < n_trans; i++)
            t->b[t->n++] = idx[i];
    }
    for (size_t i = 0; i < (wide ? 1 : n_types); i++) {
        put32(t, (uint32_t)(wide ? 0 : offs[i]));
        t->b[t->n++] = 0;
        t->b[t->n++] = 0;
    }
    memcpy(t->b + t->n, "ZZZ", 4);
    t->n += 4;
    if (!wide)
        return;
    put_header(t, version, (uint32_t)n_trans, (uint32_t)n_types, 4);
    for (size_t i = 0; i < n_trans; i++)
        put64(t, trans[i]);
    for (size_t i = 0; i < n_trans; i++)
        t->b[t->n++] = idx[i];
    for (size_t i = 0; i < n_types; i++) {
        put32(t, (uint32_t)offs[i]);
        t->b[t->n++] = i > 0;
        t->b[t->n++] = 0;
    }
    memcpy(t->b + t->n, "ZZZ", 4);
    t->n += 4;
    t->b[t->n++] = '\n';
    memcpy(t->b + t->n, footer, strlen(footer));
    t->n += strlen(footer);
    t->b[t->n++] = '\n';
}

static char tzdir[64];

static void write_zone(const char *name, const tzb *t, size_t len)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", tzdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(t->b, 1, len, f), len);
    fclose(f);
}

static rg_tz *synthetic(const char *name)
{
    char err[128] = "";
    rg_tz *tz = rg_tz_load(name, err, sizeof err);
    ck_assert_msg(tz != NULL, "%s", err);
    return tz;
}

START_TEST(tzif_reader_on_exact_bytes)
{
    strcpy(tzdir, "/tmp/rg-tzif-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tzdir));
    setenv("TZDIR", tzdir, 1);
    tzb t;

    /* Version 1, 32-bit times: +01 until 1000000000, +02 until 1010000000, +01 after. */
    const int64_t tr[] = {1000000000, 1010000000};
    const uint8_t ix[] = {1, 0};
    const int32_t offs[] = {3600, 7200};
    build_tzif(&t, '\0', 2, tr, ix, 2, offs, "");
    write_zone("V1", &t, t.n);
    rg_tz *v1 = synthetic("V1");
    ck_assert_int_eq(rg_tz_offset_at(v1, US(-5000000000)), 3600);
    ck_assert_int_eq(rg_tz_offset_at(v1, US(1000000000) - 1), 3600);
    ck_assert_int_eq(rg_tz_offset_at(v1, US(1000000000)), 7200);
    ck_assert_int_eq(rg_tz_offset_at(v1, US(1009999999)), 7200);
    ck_assert_int_eq(rg_tz_offset_at(v1, US(1010000000)), 3600);
    ck_assert_int_eq(rg_tz_offset_at(v1, US(4000000000)), 3600);
    /* 1000000000 = 2001-09-09T01:46:40Z: local 02:46:40 jumps to 03:46:40. */
    local_ok(v1, 2001, 9, 9, 3, 0, 0, "2001-09-09T02:00:00Z", RG_TIME_GAP);
    local_ok(v1, 2001, 9, 9, 2, 46, 40, "2001-09-09T01:46:40Z", RG_TIME_GAP);
    local_ok(v1, 2001, 9, 9, 2, 46, 39, "2001-09-09T01:46:39Z", 0);
    local_ok(v1, 2001, 9, 9, 3, 46, 40, "2001-09-09T01:46:40Z", 0);
    rg_tz_free(v1);

    /* A truncated copy, a copy with a transition to a type that does not
     * exist, a bad magic: each is "not a TZif file". */
    write_zone("Cut", &t, 50);
    tzb broken = t;
    broken.b[44 + 8] = 7; /* first transition index */
    write_zone("BadIndex", &broken, broken.n);
    broken = t;
    broken.b[0] = 'X';
    write_zone("BadMagic", &broken, broken.n);

    /* Slim version 2: no transitions at all, only the footer rule. */
    const int32_t cet[] = {3600};
    build_tzif(&t, '2', 0, NULL, NULL, 1, cet, "CET-1CEST,M3.5.0,M10.5.0/3");
    write_zone("Slim", &t, t.n);
    rg_tz *slim = synthetic("Slim");
    ck_assert_int_eq(rg_tz_offset_at(slim, US(1774746000) - 1), 3600);
    ck_assert_int_eq(rg_tz_offset_at(slim, US(1774746000)), 7200); /* 2026-03-29T01:00Z */
    ck_assert_int_eq(rg_tz_offset_at(slim, US(1792890000) - 1), 7200);
    ck_assert_int_eq(rg_tz_offset_at(slim, US(1792890000)), 3600); /* 2026-10-25T01:00Z */
    local_ok(slim, 2026, 3, 29, 2, 30, 0, "2026-03-29T01:30:00Z", RG_TIME_GAP);
    local_ok(slim, 2026, 10, 25, 2, 30, 0, "2026-10-25T00:30:00Z", RG_TIME_OVERLAP);
    rg_tz_free(slim);

    /* Version 3 footers: negative rule times (Greenland) and hours past 24 (Israel). */
    const int32_t m2[] = {-7200};
    build_tzif(&t, '3', 0, NULL, NULL, 1, m2, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    write_zone("Neg", &t, t.n);
    rg_tz *neg = synthetic("Neg");
    ck_assert_int_eq(rg_tz_offset_at(neg, US(1774746000) - 1), -7200);
    ck_assert_int_eq(rg_tz_offset_at(neg, US(1774746000)), -3600);
    ck_assert_int_eq(rg_tz_offset_at(neg, US(1792890000) - 1), -3600);
    ck_assert_int_eq(rg_tz_offset_at(neg, US(1792890000)), -7200);
    rg_tz_free(neg);
    const int32_t ist[] = {7200};
    build_tzif(&t, '3', 0, NULL, NULL, 1, ist, "IST-2IDT,M3.4.4/26,M10.5.0");
    write_zone("Hours", &t, t.n);
    rg_tz *hours = synthetic("Hours");
    ck_assert_int_eq(rg_tz_offset_at(hours, US(1774569600) - 1), 7200);
    ck_assert_int_eq(rg_tz_offset_at(hours, US(1774569600)), 10800); /* 2026-03-27T00:00Z */
    ck_assert_int_eq(rg_tz_offset_at(hours, US(1792882800)), 7200);  /* 2026-10-24T23:00Z */
    rg_tz_free(hours);
    /* Southern hemisphere: daylight time spans the new year. */
    const int32_t aest[] = {36000};
    build_tzif(&t, '2', 0, NULL, NULL, 1, aest, "AEST-10AEDT,M10.1.0,M4.1.0/3");
    write_zone("South", &t, t.n);
    rg_tz *south = synthetic("South");
    ck_assert_int_eq(rg_tz_offset_at(south, US(1775318400) - 1), 39600);
    ck_assert_int_eq(rg_tz_offset_at(south, US(1775318400)), 36000); /* 2026-04-04T16:00Z */
    ck_assert_int_eq(rg_tz_offset_at(south, US(1791043200)), 39600); /* 2026-10-03T16:00Z */
    ck_assert_int_eq(rg_tz_offset_at(south, US(1798675200)), 39600); /* 2027-01-01T00:00Z */
    rg_tz_free(south);
    /* Fixed offset footer with a <+0545> name. */
    const int32_t npt[] = {20700};
    build_tzif(&t, '2', 0, NULL, NULL, 1, npt, "<+0545>-5:45");
    write_zone("Fixed", &t, t.n);
    rg_tz *fixed = synthetic("Fixed");
    ck_assert_int_eq(rg_tz_offset_at(fixed, US(1795183323)), 20700);
    rg_tz_free(fixed);
    build_tzif(&t, '2', 0, NULL, NULL, 1, npt, "not a rule!");
    write_zone("BadFooter", &t, t.n);

    static const char *const bad[] = {"Cut", "BadIndex", "BadMagic", "BadFooter"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[128] = "", want[128];
        ck_assert_ptr_null(rg_tz_load(bad[i], err, sizeof err));
        snprintf(want, sizeof want, "unknown time zone '%s'", bad[i]);
        ck_assert_str_eq(err, want);
    }
    static const char *const files[] = {"V1",  "Cut",   "BadIndex", "BadMagic", "Slim",
                                        "Neg", "Hours", "South",    "Fixed",    "BadFooter"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", tzdir, files[i]);
        unlink(path);
    }
    rmdir(tzdir);
    unsetenv("TZDIR");
}
END_TEST

START_TEST(new_york_gap_and_overlap)
{
    rg_tz *ny = zone("America/New_York");
    local_ok(ny, 2026, 3, 8, 1, 59, 59, "2026-03-08T06:59:59Z", 0);
    /* 02:30 does not exist: read with EST (before the gap), i.e. 03:30 EDT. */
    local_ok(ny, 2026, 3, 8, 2, 30, 0, "2026-03-08T07:30:00Z", RG_TIME_GAP);
    local_ok(ny, 2026, 3, 8, 2, 0, 0, "2026-03-08T07:00:00Z", RG_TIME_GAP);
    local_ok(ny, 2026, 3, 8, 3, 0, 0, "2026-03-08T07:00:00Z", 0);
    /* 01:30 happens twice: the first (EDT) reading. */
    local_ok(ny, 2026, 11, 1, 1, 30, 0, "2026-11-01T05:30:00Z", RG_TIME_OVERLAP);
    local_ok(ny, 2026, 11, 1, 0, 59, 59, "2026-11-01T04:59:59Z", 0);
    local_ok(ny, 2026, 11, 1, 2, 0, 0, "2026-11-01T07:00:00Z", 0);
    ck_assert_int_eq(rg_tz_offset_at(ny, US(1793512800) - 1), -14400);
    ck_assert_int_eq(rg_tz_offset_at(ny, US(1793512800)), -18000);
    /* Past the last stored transition the footer rule decides (2060, 2100). */
    local_ok(ny, 2060, 3, 14, 2, 30, 0, "2060-03-14T07:30:00Z", RG_TIME_GAP);
    local_ok(ny, 2060, 11, 7, 1, 30, 0, "2060-11-07T05:30:00Z", RG_TIME_OVERLAP);
    local_ok(ny, 2100, 7, 1, 12, 0, 0, "2100-07-01T16:00:00Z", 0);
    local_ok(ny, 2100, 1, 1, 12, 0, 0, "2100-01-01T17:00:00Z", 0);
    /* Before 1970: 1950 had summer time in New York. */
    local_ok(ny, 1950, 7, 1, 12, 0, 0, "1950-07-01T16:00:00Z", 0);
    /* Through the text parser the flags say local + which reading. */
    parse_ok("2026-03-08 02:30:00", ny, INT64_MIN, "2026-03-08T07:30:00Z",
             RG_TIME_LOCAL | RG_TIME_GAP);
    parse_ok("2026-11-01T01:30:00", ny, INT64_MIN, "2026-11-01T05:30:00Z",
             RG_TIME_LOCAL | RG_TIME_OVERLAP);
    parse_ok("2026-11-01T01:30:00-05:00", ny, INT64_MIN, "2026-11-01T06:30:00Z", 0);
    rg_tz_free(ny);
}
END_TEST

START_TEST(other_zones)
{
    rg_tz *berlin = zone("Europe/Berlin");
    local_ok(berlin, 2026, 3, 29, 2, 30, 0, "2026-03-29T01:30:00Z", RG_TIME_GAP);
    local_ok(berlin, 2026, 10, 25, 2, 30, 0, "2026-10-25T00:30:00Z", RG_TIME_OVERLAP);
    local_ok(berlin, 2026, 7, 1, 12, 0, 0, "2026-07-01T10:00:00Z", 0);
    local_ok(berlin, 2026, 1, 1, 0, 0, 0, "2025-12-31T23:00:00Z", 0);
    rg_tz_free(berlin);

    rg_tz *ktm = zone("Asia/Kathmandu");
    ck_assert_int_eq(rg_tz_offset_at(ktm, US(1795183323)), 5 * 3600 + 45 * 60);
    parse_ok("2026-11-20 14:02:03", ktm, INT64_MIN, "2026-11-20T08:17:03Z", RG_TIME_LOCAL);
    /* Before 1986 Nepal was +05:30. */
    local_ok(ktm, 1980, 1, 1, 12, 0, 0, "1980-01-01T06:30:00Z", 0);
    rg_tz_free(ktm);

    rg_tz *chatham = zone("Pacific/Chatham");
    local_ok(chatham, 2026, 7, 1, 12, 0, 0, "2026-06-30T23:15:00Z", 0);  /* +12:45 */
    local_ok(chatham, 2026, 12, 1, 12, 0, 0, "2026-11-30T22:15:00Z", 0); /* +13:45 */
    /* Chatham changes at 02:45 standard / 03:45 daylight time. */
    local_ok(chatham, 2026, 9, 27, 3, 0, 0, "2026-09-26T14:15:00Z", RG_TIME_GAP);
    local_ok(chatham, 2026, 4, 5, 3, 0, 0, "2026-04-04T13:15:00Z", RG_TIME_OVERLAP);
    parse_ok("2026-11-20T14:02:03+13:45", chatham, INT64_MIN, "2026-11-20T00:17:03Z", 0);
    parse_ok("2026-07-20T14:02:03+12:45", NULL, INT64_MIN, "2026-07-20T01:17:03Z", 0);
    rg_tz_free(chatham);

    rg_tz *hcm = zone("Asia/Ho_Chi_Minh");
    parse_ok("2026-11-20T14:02:03", hcm, INT64_MIN, "2026-11-20T07:02:03Z", RG_TIME_LOCAL);
    parse_ok("2026-11-20T14:02:03+07:00", hcm, INT64_MIN, "2026-11-20T07:02:03Z", 0);
    rg_tz_free(hcm);
}
END_TEST

/* ---- RFC 3339 ---- */

START_TEST(rfc3339_forms)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"2026-11-20T14:02:03Z", "2026-11-20T14:02:03Z"},
        {"2026-11-20t14:02:03z", "2026-11-20T14:02:03Z"},
        {"2026-11-20 14:02:03Z", "2026-11-20T14:02:03Z"},
        {"2026-11-20T14:02:03+00:00", "2026-11-20T14:02:03Z"},
        {"2026-11-20T14:02:03-00:00", "2026-11-20T14:02:03Z"},
        {"2026-11-20T14:02:03+07:00", "2026-11-20T07:02:03Z"},
        {"2026-11-20T14:02:03+0700", "2026-11-20T07:02:03Z"},
        {"2026-11-20T14:02:03+07", "2026-11-20T07:02:03Z"},
        {"2026-11-20T14:02:03-07:00", "2026-11-20T21:02:03Z"},
        {"2026-11-20T14:02:03+05:45", "2026-11-20T08:17:03Z"},
        {"2026-11-20T14:02:03+12:45", "2026-11-20T01:17:03Z"},
        {"2026-11-20T00:10:00+12:45", "2026-11-19T11:25:00Z"},
        {"2026-11-20T14:02Z", "2026-11-20T14:02:00Z"},
        /* 0-9 fraction digits, truncated (not rounded) to microseconds */
        {"2026-11-20T14:02:03.1Z", "2026-11-20T14:02:03.100000Z"},
        {"2026-11-20T14:02:03.123Z", "2026-11-20T14:02:03.123000Z"},
        {"2026-11-20T14:02:03.123456Z", "2026-11-20T14:02:03.123456Z"},
        {"2026-11-20T14:02:03.1234567Z", "2026-11-20T14:02:03.123456Z"},
        {"2026-11-20T14:02:03.123456789Z", "2026-11-20T14:02:03.123456Z"},
        {"2026-11-20T14:02:03.999999999+05:45", "2026-11-20T08:17:03.999999Z"},
        {"2026-11-20T14:02:03,5Z", "2026-11-20T14:02:03.500000Z"},
        {"2026-11-20T14:02:03.000000Z", "2026-11-20T14:02:03Z"},
        /* leap seconds: :60 reads as :59 + 1 s */
        {"2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"},
        {"2016-12-31T23:59:60.5Z", "2017-01-01T00:00:00.500000Z"},
        {"2017-01-01T08:59:60+09:00", "2017-01-01T00:00:00Z"},
        /* before 1970 and after 2038 */
        {"1969-07-20T20:17:40Z", "1969-07-20T20:17:40Z"},
        {"1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"},
        {"1900-01-01T00:00:00Z", "1900-01-01T00:00:00Z"},
        {"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
        {"2038-01-19T03:14:08Z", "2038-01-19T03:14:08Z"},
        {"2100-02-28T12:00:00Z", "2100-02-28T12:00:00Z"},
        {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
        {"2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"},
        {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
        {"1970-01-01T00:00:00+14:00", "1969-12-31T10:00:00Z"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        parse_ok(cases[i].in, NULL, INT64_MIN, cases[i].want, 0);

    /* Every fraction length from 0 to 9 digits. */
    static const char *const fractions[] = {"",          ".1",        ".12",     ".123",
                                            ".1234",     ".12345",    ".123456", ".1234567",
                                            ".12345678", ".123456789"};
    static const int64_t frac_us[] = {0,      100000, 120000, 123000, 123400,
                                      123450, 123456, 123456, 123456, 123456};
    for (int i = 0; i < 10; i++) {
        char text[64];
        int64_t at = 0;
        snprintf(text, sizeof text, "2026-11-20T14:02:03%s+05:45", fractions[i]);
        ck_assert_int_eq(rg_time_parse(text, strlen(text), NULL, &at, NULL), 0);
        ck_assert_int_eq(at, S(1795162623000000) + frac_us[i]);
    }

    /* Exact instants, not only their formatting. */
    int64_t at;
    int flags;
    const char *s = "1969-07-20T20:17:40Z";
    ck_assert_uint_eq(rg_time_rfc3339(s, strlen(s), NULL, &at, &flags), 20);
    ck_assert_int_eq(at, S(-14182940000000));
    s = "1900-01-01T00:00:00Z";
    ck_assert_uint_eq(rg_time_rfc3339(s, strlen(s), NULL, &at, &flags), 20);
    ck_assert_int_eq(at, S(-2208988800000000));
    s = "9999-12-31T23:59:59Z";
    ck_assert_uint_eq(rg_time_rfc3339(s, strlen(s), NULL, &at, &flags), 20);
    ck_assert_int_eq(at, S(253402300799000000));

    /* Without an offset: local to the context zone, UTC when there is none. */
    parse_ok("2026-11-20T14:02:03", NULL, INT64_MIN, "2026-11-20T14:02:03Z", RG_TIME_LOCAL);
    parse_ok("2026-11-20 14:02:03.250", NULL, INT64_MIN, "2026-11-20T14:02:03.250000Z",
             RG_TIME_LOCAL);
}
END_TEST

START_TEST(rfc3339_prefix_and_length)
{
    int64_t at = 0;
    int flags = -1;
    /* The prefix parser stops where the timestamp ends, as importers need. */
    const char *line = "2022-08-27T17:22:01.694554+03:00 space01 CRON";
    ck_assert_uint_eq(rg_time_rfc3339(line, strlen(line), NULL, &at, &flags), 32);
    ck_assert_str_eq(fmt(at), "2022-08-27T14:22:01.694554Z");
    ck_assert_int_eq(flags, 0);
    /* It never reads past len: the same text cut short is not a timestamp. */
    ck_assert_uint_eq(rg_time_rfc3339(line, 15, NULL, &at, &flags), 0);
    /* Cut inside the offset: reads the local part only. */
    ck_assert_uint_eq(rg_time_rfc3339(line, 26, NULL, &at, &flags), 26);
    ck_assert_int_eq(flags, RG_TIME_LOCAL);
    ck_assert_uint_eq(rg_time_rfc3339(line, 27, NULL, &at, &flags), 0);
    ck_assert_uint_eq(rg_time_rfc3339(line, 29, NULL, &at, &flags), 29); /* "+03" */
    ck_assert_uint_eq(rg_time_rfc3339(NULL, 0, NULL, &at, &flags), 0);
}
END_TEST

START_TEST(rfc3339_invalid)
{
    static const char *const bad[] = {
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-11-20T24:00:00Z",
        "2026-11-20T14:60:00Z",
        "2026-11-20T14:02:61Z",
        "2026-11-20T14:02:03+24:00",
        "2026-11-20T14:02:03+05:60",
        "2026-11-20T14:02:03+5:00",
        "2026-11-20T14:02:03+05:",
        "2026-11-20T14:02:03.Z",
        "2026-11-20T14:02:03.1234567890Z",
        "2026-11-20T14:02:03ZZ",
        "2026-11-20T14:02:03 Z",
        "2026-11-20X14:02:03Z",
        "2026-11-20T14:02:0",
        "2026-11-20T14",
        "2026-11-20",
        "26-11-20T14:02:03Z",
        "+2026-11-20T14:02:03Z",
        "2026-1-20T14:02:03Z",
        "2026-11-20T14:02:03Z trailing",
        "2026-11-20T\xff\xfe:02:03Z",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        parse_bad(bad[i], strlen(bad[i]));
    /* An embedded NUL is not the end of the text. */
    parse_bad("2026-11-20T14:02:03Z\0junk", 25);
    parse_bad("2026-11-20\0T14:02:03Z", 21);
}
END_TEST

/* ---- epoch ---- */

START_TEST(epoch_text)
{
    int64_t at = 0;
    /* Slack ts: seconds with microseconds, exact (a double would round). */
    ck_assert_uint_eq(rg_time_epoch_text("1498401043.277604", 17, 0, &at), 17);
    ck_assert_int_eq(at, S(1498401043277604));
    ck_assert_str_eq(fmt(at), "2017-06-25T14:30:43.277604Z");
    ck_assert_uint_eq(rg_time_epoch_text("1434139102.000002", 17, 0, &at), 17);
    ck_assert_int_eq(at, S(1434139102000002));
    /* The magnitude rule: <= 11 digits s, <= 14 ms, <= 17 us, else ns. */
    ck_assert_uint_eq(rg_time_epoch_text("1700000000", 10, 0, &at), 10);
    ck_assert_int_eq(at, S(1700000000000000));
    ck_assert_uint_eq(rg_time_epoch_text("99999999999", 11, 0, &at), 11);
    ck_assert_int_eq(at, S(99999999999000000));
    ck_assert_uint_eq(rg_time_epoch_text("100000000000", 12, 0, &at), 12);
    ck_assert_int_eq(at, S(100000000000000));
    ck_assert_uint_eq(rg_time_epoch_text("1745532517537", 13, 0, &at), 13);
    ck_assert_int_eq(at, S(1745532517537000));
    ck_assert_uint_eq(rg_time_epoch_text("1534860261221373", 16, 0, &at), 16);
    ck_assert_int_eq(at, S(1534860261221373));
    /* Above 2^53: 2^53 + 1 microseconds stays exact. */
    ck_assert_uint_eq(rg_time_epoch_text("9007199254740993", 16, 0, &at), 16);
    ck_assert_int_eq(at, S(9007199254740993));
    ck_assert_str_eq(fmt(at), "2255-06-05T23:47:34.740993Z");
    ck_assert_uint_eq(rg_time_epoch_text("1700000000123456789", 19, 0, &at), 19);
    ck_assert_int_eq(at, S(1700000000123456));
    ck_assert_str_eq(fmt(at), "2023-11-14T22:13:20.123456Z");
    /* Leading zeros do not change the unit. */
    ck_assert_uint_eq(rg_time_epoch_text("0001700000000", 13, 0, &at), 13);
    ck_assert_int_eq(at, S(1700000000000000));
    ck_assert_uint_eq(rg_time_epoch_text("0", 1, 0, &at), 1);
    ck_assert_int_eq(at, 0);
    /* Explicit units, fractions in that unit, truncated below a microsecond. */
    ck_assert_uint_eq(rg_time_epoch_text("1745532517537", 13, 1000, &at), 13);
    ck_assert_int_eq(at, S(1745532517537000));
    ck_assert_uint_eq(rg_time_epoch_text("1745532517537.25", 16, 1000, &at), 16);
    ck_assert_int_eq(at, S(1745532517537250));
    ck_assert_uint_eq(rg_time_epoch_text("1745532517.5", 12, 1, &at), 12);
    ck_assert_int_eq(at, S(1745532517500000));
    ck_assert_uint_eq(rg_time_epoch_text("1.0000009", 9, 1, &at), 9);
    ck_assert_int_eq(at, S(1000000));
    ck_assert_uint_eq(rg_time_epoch_text("1534860261221373.9", 18, 1000000, &at), 18);
    ck_assert_int_eq(at, S(1534860261221373));
    ck_assert_uint_eq(rg_time_epoch_text("1999", 4, 1000000000, &at), 4);
    ck_assert_int_eq(at, 1);
    /* Prefix: stops at the first non-digit; a bare '.' is not a fraction. */
    ck_assert_uint_eq(rg_time_epoch_text("1700000000,level", 16, 0, &at), 10);
    ck_assert_uint_eq(rg_time_epoch_text("1700000000.", 11, 0, &at), 10);
    ck_assert_uint_eq(rg_time_epoch_text("17000000001234", 4, 0, &at), 4); /* never past len */
    ck_assert_int_eq(at, S(1700000000));
    /* Not epochs, or too large for int64 microseconds. */
    ck_assert_uint_eq(rg_time_epoch_text("", 0, 0, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text("-1", 2, 0, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text(".5", 2, 0, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text("abc", 3, 0, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text("99999999999999999999", 20, 0, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text("9999999999999999999", 19, 1, &at), 0);
    ck_assert_uint_eq(rg_time_epoch_text("1700000000", 10, 60, &at), 0); /* not a unit */
}
END_TEST

START_TEST(epoch_int)
{
    int64_t at = 0;
    ck_assert_int_eq(rg_time_epoch_int(1700000000, 0, &at), 0);
    ck_assert_int_eq(at, S(1700000000000000));
    ck_assert_int_eq(rg_time_epoch_int(S(1745532517537), 0, &at), 0);
    ck_assert_int_eq(at, S(1745532517537000));
    ck_assert_int_eq(rg_time_epoch_int(S(1534860261221373), 0, &at), 0);
    ck_assert_int_eq(at, S(1534860261221373));
    ck_assert_int_eq(rg_time_epoch_int(S(9007199254740993), 0, &at), 0);
    ck_assert_int_eq(at, S(9007199254740993));
    ck_assert_int_eq(rg_time_epoch_int(S(1700000000123456789), 0, &at), 0);
    ck_assert_int_eq(at, S(1700000000123456));
    ck_assert_int_eq(rg_time_epoch_int(INT64_MAX, 0, &at), 0);
    ck_assert_int_eq(at, INT64_MAX / 1000);
    /* Before 1970: nanoseconds floor towards the past. */
    ck_assert_int_eq(rg_time_epoch_int(-14182940, 0, &at), 0);
    ck_assert_str_eq(fmt(at), "1969-07-20T20:17:40Z");
    ck_assert_int_eq(rg_time_epoch_int(-1, 1000000000, &at), 0);
    ck_assert_int_eq(at, -1);
    ck_assert_int_eq(rg_time_epoch_int(INT64_MIN, 0, &at), 0);
    ck_assert_int_eq(at, INT64_MIN / 1000 - 1);
    ck_assert_int_eq(rg_time_epoch_int(0, 0, &at), 0);
    ck_assert_int_eq(at, 0);
    /* Explicit units; overflow and bad units fail. */
    ck_assert_int_eq(rg_time_epoch_int(170000000012, 1, &at), 0);
    ck_assert_int_eq(at, S(170000000012000000));
    /* in year 55840: not an instant RFC 3339 can write */
    ck_assert_int_eq(rg_time_epoch_int(1700000000123, 1, &at), -1);
    ck_assert_int_eq(rg_time_epoch_int(S(1700000000123456789), 1, &at), -1);
    ck_assert_int_eq(rg_time_epoch_int(INT64_MIN, 1, &at), -1);
    ck_assert_int_eq(rg_time_epoch_int(5, 7, &at), -1);
}
END_TEST

/* ---- syslog ---- */

START_TEST(syslog_year_inference)
{
    int64_t ref = US(1795183323); /* 2026-11-20T14:02:03Z */
    parse_ok("Nov 20 14:02:03", NULL, ref, "2026-11-20T14:02:03Z", RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Nov  3 01:59:14", NULL, ref, "2026-11-03T01:59:14Z", RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Nov 03 01:59:14", NULL, ref, "2026-11-03T01:59:14Z", RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Nov 20 14:02:03.123456", NULL, ref, "2026-11-20T14:02:03.123456Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    /* Across December -> January, both ways. */
    parse_ok("Jan  1 00:30:00", NULL, US(1767222000) /* 2025-12-31T23:00Z */,
             "2026-01-01T00:30:00Z", RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Dec 31 23:59:59", NULL, US(1767229200) /* 2026-01-01T01:00Z */,
             "2025-12-31T23:59:59Z", RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    /* 29 February only in leap years: the nearest one within a year. */
    parse_ok("Feb 29 12:00:00", NULL, US(1710072000) /* 2024-03-10 */, "2024-02-29T12:00:00Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Feb 29 12:00:00", NULL, US(1740787200) /* 2025-03-01 */, "2024-02-29T12:00:00Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    parse_ok("Feb 29 12:00:00", NULL, US(1811808000) /* 2027-06-01 */, "2028-02-29T12:00:00Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    rg_time_ctx ctx = {NULL, US(1780272000)}; /* 2026-06-01: no leap year within one */
    int64_t at;
    int flags;
    ck_assert_uint_eq(rg_time_syslog("Feb 29 12:00:00", 15, &ctx, &at, &flags), 0);
    /* Local to the zone, with DST flags. */
    rg_tz *ny = zone("America/New_York");
    parse_ok("Nov  1 01:30:00", ny, US(1795183323), "2026-11-01T05:30:00Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR | RG_TIME_OVERLAP);
    parse_ok("Mar  8 02:30:00", ny, US(1773100800) /* 2026-03-10 */, "2026-03-08T07:30:00Z",
             RG_TIME_LOCAL | RG_TIME_NO_YEAR | RG_TIME_GAP);
    rg_tz_free(ny);
    /* A prefix of a syslog line. */
    const char *line = "Nov 20 14:02:03 host sshd[12]: Accepted";
    ctx.ref_us = ref;
    ck_assert_uint_eq(rg_time_syslog(line, strlen(line), &ctx, &at, &flags), 15);
    ck_assert_str_eq(fmt(at), "2026-11-20T14:02:03Z");
    /* INT64_MIN: near now, so within a year of the clock. */
    ctx.ref_us = INT64_MIN;
    ck_assert_uint_eq(rg_time_syslog(line, strlen(line), &ctx, &at, &flags), 15);
    int64_t now = (int64_t)time(NULL) * 1000000;
    ck_assert(at > now - US(366 * 86400) && at < now + US(366 * 86400));
    /* Not syslog. */
    static const char *const bad[] = {"Nov 31 14:02:03",  "Nov 20 24:02:03",  "Foo 20 14:02:03",
                                      "Nov 20 14:02",     "Nov 20 14:02:03.", "Nov   3 01:59:14",
                                      "Nov 123 01:59:14", "Nov20 14:02:03",   "Nov 0 14:02:03"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        parse_bad(bad[i], strlen(bad[i]));
}
END_TEST

/* rg_time_syslog_memo reads a stream of stamps as rg_time_syslog does, one
 * by one: every second of a New York fall-back night (the overlap hour is
 * read in full, the others from the minute's memo), fractions, leap seconds,
 * a one-digit day, bad stamps, and a minute in which the nearest year
 * changes (half a year from the reference). */
static void memo_same(rg_syslog_memo *m, const char *text, const rg_time_ctx *ctx)
{
    int64_t a1 = 0, a2 = 0;
    int f1 = -1, f2 = -1;
    size_t n = strlen(text);
    size_t k1 = rg_time_syslog(text, n, ctx, &a1, &f1);
    size_t k2 = rg_time_syslog_memo(m, text, n, ctx, &a2, &f2);
    ck_assert_msg(k1 == k2, "%s: %zu %zu", text, k1, k2);
    if (k1) {
        ck_assert_msg(a1 == a2, "%s: %s %s", text, fmt(a1), fmt(a2));
        ck_assert_msg(f1 == f2, "%s: flags %d %d", text, f1, f2);
    }
}

START_TEST(syslog_memo_same_as_full)
{
    rg_tz *ny = zone("America/New_York");
    rg_time_ctx ctx = {ny, US(1795183323)}; /* 2026-11-20T14:02:03Z */
    rg_syslog_memo m = {0};
    char line[64];
    /* 2026-11-01 00:00 to 03:00 local, each 7 s, with a fraction each third */
    for (int s = 0; s < 3 * 3600; s += 7) {
        snprintf(line, sizeof line, "Nov  1 %02d:%02d:%02d%s host app: x", s / 3600, s / 60 % 60,
                 s % 60, s % 3 == 0 ? ".250" : "");
        memo_same(&m, line, &ctx);
    }
    /* 01:30 happens twice: the memo gives up on that minute */
    memo_same(&m, "Nov  1 01:30:05", &ctx);
    ck_assert_int_eq(m.state, 2);
    memo_same(&m, "Nov  1 02:30:05", &ctx);
    ck_assert_int_eq(m.state, 1);
    int64_t at;
    int flags;
    ck_assert_uint_eq(rg_time_syslog_memo(&m, "Nov  1 02:30:59.5", 17, &ctx, &at, &flags), 17);
    ck_assert_str_eq(fmt(at), "2026-11-01T07:30:59.500000Z");
    ck_assert_int_eq(flags, RG_TIME_LOCAL | RG_TIME_NO_YEAR);
    static const char *const odd[] = {
        "Nov 20 14:02:03",
        "Nov 20 14:02:60",
        "Nov 20 14:02:61",
        "Nov 20 14:02:03.5",
        "Nov 20 14:02:04.1234567891",
        "Nov 20 14:02:05,25",
        "Nov 3 01:59:14 h a: x",
        "Nov 3 01:59:15",
        "Nov  3 01:59:16",
        "Nov 20 14:0",
        "Nov 20 14:02:1",
        "Nov 20 14:02:99",
        "Feb 30 10:00:00",
        "Nov 20 14:02:59.999999",
        "Nov 20 14:03:00",
    };
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        memo_same(&m, odd[i], &ctx);
    /* 182.5 days before the reference (2026-05-22T02:02:30Z) the nearest year
     * changes: :00 to :29 are 2027, :30 on 2026. */
    rg_time_ctx utc = {NULL, US(1795183350)}; /* 2026-11-20T14:02:30Z */
    rg_syslog_memo u = {0};
    for (int sec = 0; sec < 60; sec++) {
        snprintf(line, sizeof line, "May 22 02:02:%02d", sec);
        memo_same(&u, line, &utc);
    }
    ck_assert_int_eq(u.state, 2);
    ck_assert_uint_eq(rg_time_syslog_memo(&u, "May 22 02:02:29", 15, &utc, &at, &flags), 15);
    ck_assert_str_eq(fmt(at), "2027-05-22T02:02:29Z");
    ck_assert_uint_eq(rg_time_syslog_memo(&u, "May 22 02:02:30", 15, &utc, &at, &flags), 15);
    ck_assert_str_eq(fmt(at), "2026-05-22T02:02:30Z");
    /* across New Year */
    rg_time_ctx ny_eve = {NULL, US(1798761600)}; /* 2027-01-01T00:00:00Z */
    rg_syslog_memo e = {0};
    static const char *const eve[] = {"Dec 31 23:59:58", "Dec 31 23:59:59.999999",
                                      "Jan  1 00:00:00", "Jan  1 00:00:01"};
    for (size_t i = 0; i < sizeof eve / sizeof eve[0]; i++)
        memo_same(&e, eve[i], &ny_eve);
    ck_assert_uint_eq(rg_time_syslog_memo(&e, "Dec 31 23:59:58", 15, &ny_eve, &at, &flags), 15);
    ck_assert_str_eq(fmt(at), "2026-12-31T23:59:58Z");
    ck_assert_uint_eq(rg_time_syslog_memo(&e, "Jan  1 00:00:01", 15, &ny_eve, &at, &flags), 15);
    ck_assert_str_eq(fmt(at), "2027-01-01T00:00:01Z");
    /* no reference ("now"): always read in full */
    rg_time_ctx now = {NULL, INT64_MIN};
    rg_syslog_memo z = {0};
    memo_same(&z, "Nov 20 14:02:03", &now);
    ck_assert_int_eq(z.state, 0);
    rg_tz_free(ny);
}
END_TEST

/* rg_time_rfc3339_memo reads a stream of stamps as rg_time_rfc3339 does. */
static void memo3339_same(rg_rfc3339_memo *m, const char *text, const rg_time_ctx *ctx)
{
    int64_t a1 = 0, a2 = 0;
    int f1 = -1, f2 = -1;
    size_t n = strlen(text);
    size_t k1 = rg_time_rfc3339(text, n, ctx, &a1, &f1);
    size_t k2 = rg_time_rfc3339_memo(m, text, n, ctx, &a2, &f2);
    ck_assert_msg(k1 == k2, "%s: %zu %zu", text, k1, k2);
    if (k1) {
        ck_assert_msg(a1 == a2, "%s: %s %s", text, fmt(a1), fmt(a2));
        ck_assert_msg(f1 == f2, "%s: flags %d %d", text, f1, f2);
    }
}

START_TEST(rfc3339_memo_same_as_full)
{
    rg_tz *ny = zone("America/New_York");
    rg_time_ctx ctx = {ny, US(1795183323)};
    rg_rfc3339_memo m = {0};
    static const char *const stamps[] = {
        "2026-11-20T14:02:03Z host",
        "2026-11-20T14:02:03.123456+00:00 host",
        "2026-11-20T14:02:04.5+07:00",
        "2026-11-20T14:02:05-0530",
        "2026-11-20T14:02:06+07",
        "2026-11-20T14:02:07",
        "2026-11-20T14:02:08.25 host",
        "2026-11-20T14:02:60Z",
        "2026-11-20T14:02:61Z",
        "2026-11-20T14:02:09.1234567891Z",
        "2026-11-20T14:02:10+24:00",
        "2026-11-20T14:02:11+07:",
        "2026-11-20T14:02:1Z",
        "2026-11-20 14:02:12Z",
        "2026-11-20t14:02:13z",
        "2026-11-20T14:03:00Z",
        "2026-11-01T01:30:00",
        "2026-11-01T01:30:01Z",
        "2026-02-30T01:30:01Z",
        "2026-02-30T01:30:02Z",
        "0000-01-01T00:00:30+01:00",
        "0000-01-01T00:00:30-01:00",
        "9999-12-31T23:59:30-01:00",
        "9999-12-31T23:59:30Z",
        "2026-11-20T14:0",
        /* six digits of fraction read as one word, and the offset of the
         * stamp before taken by its bytes, with text after the stamp */
        "2026-11-20T14:02:03.123456+00:00 host app: x",
        "2026-11-20T14:02:04.000001+00:00 host app: x",
        "2026-11-20T14:02:05.999999+01:00 host app: x",
        "2026-11-20T14:02:06.1234567+01:00 host app: x",
        "2026-11-20T14:02:07.12345+01:00 host app: x",
        "2026-11-20T14:02:08.12345a+01:00 host app: x",
        "2026-11-20T14:02:09.12:456+01:00 host app: x",
        "2026-11-20T14:02:10,654321+01:00 host",
        "2026-11-20T14:02:11.654321+01 host app: x",
        "2026-11-20T14:02:12.654321+01:00 host",
        "2026-11-20T14:02:13.654321+0100 host app",
        "2026-11-20T14:02:14.654321+01:00 host app",
        "2026-11-20T14:02:15.654321+01:0 host app",
        "2026-11-20T14:02:16.654321+01:00:00 app",
        "2026-11-20T14:02:17.654321Z host app: x",
        "2026-11-20T14:02:18.654321z host app: x",
        "2026-11-20T14:02:19.654321 host app: x",
        "2026-11-20T14:02:20.654321-01:00 host app",
        "2026-11-20T14:02:21.654321+01:00",
        "2026-11-20T14:02:22.654321",
    };
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++)
        memo3339_same(&m, stamps[i], &ctx);
    /* a day of stamps each 7 s with alternating offsets */
    char line[64];
    for (int sec = 0; sec < 86400; sec += 7) {
        snprintf(line, sizeof line, "2026-11-20T%02d:%02d:%02d.%06d%s", sec / 3600, sec / 60 % 60,
                 sec % 60, sec * 13 % 1000000, sec % 2 ? "Z" : "+05:30");
        memo3339_same(&m, line, &ctx);
        /* the same followed by text, with the offset kept for a few stamps */
        snprintf(line, sizeof line, "2026-11-20T%02d:%02d:%02d.%06d%s web-1 app: ok", sec / 3600,
                 sec / 60 % 60, sec % 60, sec * 13 % 1000000,
                 sec % 5 == 0   ? "Z"
                 : sec % 5 == 1 ? "-0800"
                                : "+05:30");
        memo3339_same(&m, line, &ctx);
    }
    int64_t at;
    int flags;
    ck_assert_uint_eq(rg_time_rfc3339_memo(&m, "2026-11-20T23:59:60.5Z", 22, &ctx, &at, &flags),
                      22);
    ck_assert_str_eq(fmt(at), "2026-11-21T00:00:00.500000Z");
    ck_assert_int_eq(flags, 0);
    ck_assert_int_eq(m.state, 1);
    rg_tz_free(ny);
}
END_TEST

/* ---- Apache ---- */

START_TEST(apache_form)
{
    int64_t at = 0;
    const char *s = "[10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\"";
    ck_assert_uint_eq(rg_time_apache(s, strlen(s), &at), 28);
    ck_assert_str_eq(fmt(at), "2000-10-10T20:55:36Z");
    ck_assert_int_eq(at, S(971211336000000));
    parse_ok("[22/Jan/2019:03:56:14 +0330]", NULL, INT64_MIN, "2019-01-22T00:26:14Z", 0);
    parse_ok("  [17/May/2015:10:05:03 +0000]\n", NULL, INT64_MIN, "2015-05-17T10:05:03Z", 0);
    ck_assert_uint_eq(rg_time_apache(s, 27, &at), 0);
    static const char *const bad[] = {
        "[31/Apr/2000:13:55:36 -0700]", "[10/Oct/2000:13:55:36]",
        "10/Oct/2000:13:55:36 -0700",   "[10/Oct/2000 13:55:36 -0700]",
        "[10/Xyz/2000:13:55:36 -0700]", "[10/Oct/2000:13:55:36 -07:00]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_uint_eq(rg_time_apache(bad[i], strlen(bad[i]), &at), 0);
        parse_bad(bad[i], strlen(bad[i]));
    }
}
END_TEST

/* ---- by a format (a text log's "time_format") ---- */

/* Reads text by format f: "<instant> <flags> <bytes read>", or "no match". */
static const char *by_format(const char *f, const char *text, const rg_tz *tz, int64_t ref)
{
    static char buf[96];
    rg_time_ctx ctx = {tz, ref};
    int64_t at = 0;
    int flags = 0;
    size_t k = rg_time_format_read(f, text, strlen(text), &ctx, &at, &flags);
    if (k == 0)
        return "no match";
    snprintf(buf, sizeof(buf), "%s %d %zu", fmt(at), flags, k);
    return buf;
}

START_TEST(format_read)
{
    rg_tz *paris = zone("Europe/Paris");
    int64_t ref = US(1795183200); /* 2026-11-20T14:00:00Z */
    /* Local to the zone, fractions after '.' or ','. */
    ck_assert_str_eq(by_format("%Y-%m-%d %H:%M:%S", "2026-11-20 14:02:03,123 rest", paris, ref),
                     "2026-11-20T13:02:03.123000Z 1 23");
    ck_assert_str_eq(by_format("%y/%m/%d %T", "17/06/09 20:10:40 INFO", NULL, ref),
                     "2017-06-09T20:10:40Z 1 17");
    /* POSIX: 69 is 1969. Fields the format leaves out are January 1st, 00:00
     * (rg_time_format_valid refuses a manifest format without a day). */
    ck_assert_str_eq(by_format("%y", "69", NULL, ref), "1969-01-01T00:00:00Z 1 2");
    ck_assert_str_eq(by_format("[%a %b %e %H:%M:%S %Y]", "[Sun Dec  4 04:47:44 2005]", NULL, ref),
                     "2005-12-04T04:47:44Z 1 26");
    ck_assert_str_eq(by_format("%d %B", "x", NULL, ref), "no match");
    ck_assert_str_eq(by_format("%d/%b/%Y:%H:%M:%S %z", "10/October/2000:13:55:36 -0700", NULL, ref),
                     "2000-10-10T20:55:36Z 0 30");
    ck_assert_str_eq(by_format("%F %T %Z", "2026-11-20 14:02:03 UTC", paris, ref),
                     "2026-11-20T14:02:03Z 0 23");
    ck_assert_str_eq(by_format("%F %T %Z", "2026-11-20 14:02:03 CET", paris, ref), "no match");
    ck_assert_str_eq(by_format("%s.%f", "1795183323.5", NULL, ref), "no match");
    ck_assert_str_eq(by_format("%s", "1795183323", NULL, ref), "2026-11-20T14:02:03Z 0 10");
    ck_assert_str_eq(by_format("%%%d", "%20", NULL, ref), "2027-01-20T00:00:00Z 9 3");
    /* No year: the one nearest the reference (December read in January). */
    ck_assert_str_eq(by_format("%m%d %H:%M:%S", "1231 23:59:59.5", NULL, US(1798761600)),
                     "2026-12-31T23:59:59.500000Z 9 15");
    ck_assert_str_eq(by_format("%b %e %T", "Feb 29 01:00:00", NULL, US(1330000000)),
                     "2012-02-29T01:00:00Z 9 15");
    /* Out of range fields do not read. */
    ck_assert_str_eq(by_format("%Y.%m.%d %H:%M:%S", "2026.13.45 99:99:99", NULL, ref), "no match");
    char why[256];
    ck_assert_int_eq(rg_time_format_valid("%Y-%m-%d %H:%M:%S", why, sizeof(why)), 0);
    ck_assert_int_eq(rg_time_format_valid("%s", why, sizeof(why)), 0);
    ck_assert_int_eq(rg_time_format_valid("%H:%M", why, sizeof(why)), -1);
    ck_assert_str_eq(why, "must name the day (%d or %e) or epoch seconds (%s)");
    ck_assert_int_eq(rg_time_format_valid("%d %Q", why, sizeof(why)), -1);
    rg_tz_free(paris);
}
END_TEST

/* ---- rg_time_parse as a whole ---- */

START_TEST(parse_garbage)
{
    static const char *const bad[] = {
        "",
        " ",
        "\t\n",
        "not a time",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "now",
        "yesterday",
        "12:00",
        "0x5f5e100",
        "-1700000000",
        "1e9",
        "1700000000 1700000000",
        "\x1b[31m2026-11-20T14:02:03Z",
        "\xc3\x28\xa0\xa1",
        "2026-11-20T14:02:03Z\x7f",
        "NaN",
        "Infinity",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        parse_bad(bad[i], strlen(bad[i]));
    int64_t at;
    ck_assert_int_eq(rg_time_parse(NULL, 0, NULL, &at, NULL), -1);
    /* A NULL context means UTC, and flags may be NULL. */
    ck_assert_int_eq(rg_time_parse(" 1700000000 ", 12, NULL, &at, NULL), 0);
    ck_assert_int_eq(at, S(1700000000000000));
    parse_ok("1498401043.277604", NULL, INT64_MIN, "2017-06-25T14:30:43.277604Z", 0);
    parse_ok("1745532517537", NULL, INT64_MIN, "2025-04-24T22:08:37.537000Z", 0);
}
END_TEST

/* ---- formatting and round trips ---- */

START_TEST(format_and_round_trip)
{
    char buf[32];
    ck_assert_str_eq(rg_time_format(0, buf), "1970-01-01T00:00:00Z");
    ck_assert_str_eq(rg_time_format(-1, buf), "1969-12-31T23:59:59.999999Z");
    ck_assert_str_eq(rg_time_format(S(1795183323123456), buf), "2026-11-20T14:02:03.123456Z");
    ck_assert_str_eq(rg_time_format_short(S(1795183323123456), buf), "2026-11-20 14:02:03");
    ck_assert_str_eq(rg_time_format_short(-1, buf), "1969-12-31 23:59:59");
    ck_assert_str_eq(rg_time_format(INT64_MAX, buf), "294247-01-10T04:00:54.775807Z");
    ck_assert_str_eq(rg_time_format(INT64_MIN, buf), "-290308-12-21T19:59:05.224192Z");

    /* Every instant from year 1 to 9999 that we format parses back to itself,
     * through both the RFC 3339 reader and the short form read as UTC. */
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t span = S(253402300799999999) - S(-62135596800000000);
        int64_t at = S(-62135596800000000) + (int64_t)(x % (uint64_t)span);
        if (i % 3 == 0)
            at -= at % 1000000; /* whole seconds format without a fraction */
        int64_t back = 0;
        int flags = -1;
        rg_time_format(at, buf);
        ck_assert_msg(rg_time_parse(buf, strlen(buf), NULL, &back, &flags) == 0, "%s", buf);
        ck_assert_msg(back == at && flags == 0, "%s -> %lld", buf, (long long)back);
        rg_time_format_short(at, buf);
        ck_assert_int_eq(rg_time_parse(buf, strlen(buf), NULL, &back, &flags), 0);
        ck_assert_int_eq(back, at - (at % 1000000 + 1000000) % 1000000);
        ck_assert_int_eq(flags, RG_TIME_LOCAL);
    }
}
END_TEST

/* What a reader returns formats and parses back, so an instant outside the
 * years 0000-9999 in UTC is not a timestamp (the timeparse fuzz target
 * found "9999-12-31T23:59:59-23:59": year 10000 in UTC, written
 * "10000-01-01T23:58:59Z", which did not parse). */
START_TEST(out_of_range_instants_refused)
{
    int64_t at = 0;
    int flags = 0;
    const char *s = "9999-12-31T23:59:59-23:59";
    ck_assert_uint_eq(rg_time_rfc3339(s, strlen(s), NULL, &at, &flags), 0);
    ck_assert_int_eq(rg_time_parse(s, strlen(s), NULL, &at, &flags), -1);
    s = "0000-01-01T00:00:00+00:01";
    ck_assert_int_eq(rg_time_parse(s, strlen(s), NULL, &at, &flags), -1);
    s = "0000-01-01T00:00:00Z";
    ck_assert_int_eq(rg_time_parse(s, strlen(s), NULL, &at, &flags), 0);
    s = "9999-12-31T23:59:59+00:00";
    ck_assert_int_eq(rg_time_parse(s, strlen(s), NULL, &at, &flags), 0);
    s = "[31/Dec/9999:23:59:59 -0100]";
    ck_assert_uint_eq(rg_time_apache(s, strlen(s), &at), 0);
    /* epochs: 253402300800 s is 10000-01-01 */
    ck_assert_uint_eq(rg_time_epoch_text("253402300799", 12, 1, &at), 12);
    ck_assert_uint_eq(rg_time_epoch_text("253402300800", 12, 1, &at), 0);
    ck_assert_int_eq(rg_time_epoch_int(INT64_C(253402300800), 1, &at), -1);
    ck_assert_int_eq(rg_time_epoch_int(-INT64_C(62167219201), 1, &at), -1);
    ck_assert_int_eq(rg_time_epoch_int(-INT64_C(62167219200), 1, &at), 0);
}
END_TEST

/* ---- durations ---- */

START_TEST(duration_parse)
{
    static const struct {
        const char *in;
        int64_t us;
    } ok[] = {
        {"-420s", S(-420000000)},
        {"30m", S(1800000000)},
        {"1h30m", S(5400000000)},
        {"2h", S(7200000000)},
        {"1d", S(86400000000)},
        {"90", S(90000000)},
        {"1.5s", S(1500000)},
        {"250ms", S(250000)},
        {"0", 0},
        {"+45s", S(45000000)},
        {"1h2m3s", S(3723000000)},
        {"1d2h", S(93600000000)},
        {"1.5h", S(5400000000)},
        {"0.5", S(500000)},
        {"10min", S(600000000)},
        {"3s250ms", S(3250000)},
        {"15us", 15},
        {"15\xc2\xb5s", 15},
        {"-1h30m", S(-5400000000)},
        {"0.0000015s", 1},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t us = 12345;
        ck_assert_msg(rg_duration_parse(ok[i].in, &us) == 0, "rejected '%s'", ok[i].in);
        ck_assert_msg(us == ok[i].us, "'%s' -> %lld", ok[i].in, (long long)us);
    }
    static const char *const bad[] = {"",
                                      "-",
                                      "s",
                                      "1x",
                                      "1h30",
                                      "30m1h",
                                      "1h1h",
                                      "1.s",
                                      ".s",
                                      "1 h",
                                      " 90",
                                      "90 ",
                                      "--1s",
                                      "1e3s",
                                      "abc",
                                      "1h-30m",
                                      "1.5.5s",
                                      "<script>",
                                      "99999999999999999999s",
                                      "9999999999d",
                                      "1m\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t us = 12345;
        ck_assert_msg(rg_duration_parse(bad[i], &us) == -1, "accepted '%s'", bad[i]);
        ck_assert_int_eq(us, 12345);
    }
    ck_assert_int_eq(rg_duration_parse(NULL, NULL), -1);
}
END_TEST

START_TEST(duration_format)
{
    static const struct {
        int64_t s;
        const char *want;
    } cases[] = {
        {0, "0 s"},
        {45, "45 s"},
        {60, "1 min"},
        {725, "12 min 05 s"},
        {3600, "1 h"},
        {3725, "1 h 02 min 05 s"},
        {7380, "2 h 03 min"},
        {7390, "2 h 03 min 10 s"},
        {7210, "2 h 00 min 10 s"},
        {86400, "1 d"},
        {93784, "1 d 02 h 03 min 04 s"},
        {-420, "-7 min"},
        {-45, "-45 s"},
        {-3725, "-1 h 02 min 05 s"},
        {INT64_MIN, "-106751991167300 d 15 h 30 min 08 s"},
    };
    char buf[48];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_str_eq(rg_duration_format(cases[i].s, buf), cases[i].want);
}
END_TEST

/* ---- the real corpus ---- */

static char *read_line(const char *path, int want_line, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *got = NULL;
    for (int i = 1; i <= want_line && (got = fgets(buf, (int)size, f)) != NULL; i++)
        ;
    fclose(f);
    ck_assert_ptr_nonnull(got);
    return got;
}

START_TEST(corpus_syslog_dst_fall_back)
{
    const char *path = RG_CORPUS "/real/syslog-rfc3164/lnav_logfile_dst.log";
    if (!rg_have_corpus(path))
        return;
    /* A Mac in a US zone on 2013-11-03: 01:59:14 EDT, then the clock falls back
     * to 01:24:56 EST. Without a year or offset, the repeated hour reads as the
     * first (EDT) reading and is flagged so a warning can say so. */
    rg_tz *ny = zone("America/New_York");
    rg_time_ctx ctx = {ny, US(1383480000)}; /* 2013-11-03T12:00Z */
    static const struct {
        int line;
        const char *want;
        int flags;
    } cases[] = {
        {1, "2013-11-03T05:01:03Z", RG_TIME_OVERLAP},
        {5, "2013-11-03T05:59:14Z", RG_TIME_OVERLAP},
        {6, "2013-11-03T05:24:56Z", RG_TIME_OVERLAP},
        {9, "2013-11-03T07:08:19Z", 0},
        {10, "2013-11-03T07:25:02Z", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char line[512];
        read_line(path, cases[i].line, line, sizeof line);
        int64_t at;
        int flags;
        ck_assert_uint_eq(rg_time_syslog(line, strlen(line), &ctx, &at, &flags), 15);
        ck_assert_str_eq(fmt(at), cases[i].want);
        ck_assert_int_eq(flags, RG_TIME_LOCAL | RG_TIME_NO_YEAR | cases[i].flags);
    }
    rg_tz_free(ny);
}
END_TEST

START_TEST(corpus_other_forms)
{
    const char *zones = RG_CORPUS "/real/syslog-rfc5424/lnav_logfile_with_zones.log";
    const char *shop = RG_CORPUS "/real/access-log/lnav_shop_access_log.head30.log";
    if (!rg_have_corpus(zones) || !rg_have_corpus(shop))
        return;
    char line[8192];
    int64_t at;
    int flags;
    read_line(zones, 1, line, sizeof line);
    ck_assert_uint_eq(rg_time_rfc3339(line, strlen(line), NULL, &at, &flags), 24);
    ck_assert_str_eq(fmt(at), "2022-08-27T14:22:01.613000Z");
    read_line(zones, 2, line, sizeof line);
    ck_assert_uint_eq(rg_time_rfc3339(line, strlen(line), NULL, &at, &flags), 32);
    ck_assert_str_eq(fmt(at), "2022-08-27T14:22:01.694554Z");
    read_line(shop, 1, line, sizeof line);
    const char *br = strchr(line, '[');
    ck_assert_ptr_nonnull(br);
    ck_assert_uint_eq(rg_time_apache(br, strlen(br), &at), 28);
    ck_assert_str_eq(fmt(at), "2019-01-22T00:26:14Z");
}
END_TEST

static Suite *timeparse_suite(void)
{
    Suite *s = suite_create("timeparse");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, utc_zone_is_builtin);
    tcase_add_test(tc, unknown_zones_are_errors);
    tcase_add_test(tc, tzif_reader_on_exact_bytes);
    tcase_add_test(tc, new_york_gap_and_overlap);
    tcase_add_test(tc, other_zones);
    tcase_add_test(tc, rfc3339_forms);
    tcase_add_test(tc, rfc3339_prefix_and_length);
    tcase_add_test(tc, rfc3339_invalid);
    tcase_add_test(tc, epoch_text);
    tcase_add_test(tc, epoch_int);
    tcase_add_test(tc, syslog_year_inference);
    tcase_add_test(tc, syslog_memo_same_as_full);
    tcase_add_test(tc, rfc3339_memo_same_as_full);
    tcase_add_test(tc, apache_form);
    tcase_add_test(tc, format_read);
    tcase_add_test(tc, parse_garbage);
    tcase_add_test(tc, format_and_round_trip);
    tcase_add_test(tc, out_of_range_instants_refused);
    tcase_add_test(tc, duration_parse);
    tcase_add_test(tc, duration_format);
    tcase_add_test(tc, corpus_syslog_dst_fall_back);
    tcase_add_test(tc, corpus_other_forms);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(timeparse_suite)
