/* timeparse.h -- the one timestamp reader every importer uses, and the time
 * zones it reads local times in (README, "Time"). Instants are int64_t
 * microseconds since 1970-01-01T00:00:00Z; nothing goes through a double. */
#ifndef RG_TIMEPARSE_H
#define RG_TIMEPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A zone read from the system tz database (TZif files under /usr/share/zoneinfo,
 * or $TZDIR). Immutable once loaded; safe to share. */
typedef struct rg_tz rg_tz;

/* Loads IANA zone `name` ("Asia/Ho_Chi_Minh", "UTC"). Returns NULL and writes a
 * message such as "unknown time zone 'Asia/Ho_Chi_Mihn'" into err when the zone
 * does not exist or its file is not a valid TZif file: an unknown zone is never
 * silently UTC. Caller frees with rg_tz_free(). */
rg_tz *rg_tz_load(const char *name, char *err, size_t err_len);
void rg_tz_free(rg_tz *tz);
/* Besides IANA names, rg_tz_load takes a fixed offset written sign first,
 * "+07:00" or "-0530" (east of UTC positive, as in RFC 3339). */

/* Writes into out what to say after "unknown time zone 'NAME'" so a person
 * can fix it: for an offset written "UTC+7", "GMT-05:00" or "+7", the forms
 * that are accepted with the offset they probably meant (": write an IANA
 * name such as \"Asia/Bangkok\", or a fixed offset sign first, \"+07:00\"
 * ..."); for a misspelt name, up to three nearest zone names of the tz
 * database (" (did you mean 'Asia/Ho_Chi_Minh'?)"); else "". Reads the
 * folders under $TZDIR (else /usr/share/zoneinfo): call it only on an
 * error. */
void rg_tz_hint(const char *name, char *out, size_t out_len);
/* Borrowed: the name the zone was loaded with. */
const char *rg_tz_name(const rg_tz *tz);
/* Returns the process-wide UTC zone (never NULL, never freed). */
const rg_tz *rg_tz_utc(void);

/* How a local (zone-less) time was resolved. */
enum {
    RG_TIME_EXACT = 0,   /* the text carried its own offset, or the local time was unambiguous */
    RG_TIME_LOCAL = 1,   /* bit: the text had no offset; ctx->zone was applied */
    RG_TIME_GAP = 2,     /* bit: local time does not exist (spring forward); read with the
                            offset in force before the gap, i.e. shifted forward */
    RG_TIME_OVERLAP = 4, /* bit: local time happens twice (fall back); the first (earlier,
                            daylight) reading was taken */
    RG_TIME_NO_YEAR = 8, /* bit: the year was inferred from ctx->ref_us */
};

typedef struct rg_time_ctx {
    const rg_tz *zone; /* zone for local times; NULL means UTC */
    int64_t ref_us;    /* instant near the incident, for texts without a year; INT64_MIN = now */
} rg_time_ctx;

/* Converts a broken-down local time in `zone` (NULL = UTC) to an instant.
 * Returns 0 and sets *at_us and *flags (RG_TIME_GAP / RG_TIME_OVERLAP);
 * -1 when the fields are out of range. sec may be 60 (leap second: read as
 * the next second's start, :59 + 1 s). */
int rg_time_from_local(const rg_tz *zone, int year, int mon, int day, int hour, int min, int sec,
                       int64_t usec, int64_t *at_us, int *flags);

/* UTC offset in seconds of `zone` at instant at_us. */
int32_t rg_tz_offset_at(const rg_tz *zone, int64_t at_us);

/* Each parser reads a timestamp from the start of s[0..len). On success it
 * returns the number of bytes consumed (> 0) and sets *at_us and *flags; it
 * returns 0 when the text is not a timestamp of that form. They never read past
 * len and never allocate. An instant outside the years 0000-9999 in UTC,
 * which RFC 3339 cannot write, is not a timestamp either (rg_time_format of
 * whatever they return parses back to the same instant). */

/* RFC 3339 / ISO 8601: "2026-11-20T14:02:03.123456789Z", "+07:00", "+0700",
 * "-00:00", a space instead of 'T', 0-9 fraction digits (truncated to µs),
 * ":60" leap seconds. Without an offset the time is local to ctx->zone. */
size_t rg_time_rfc3339(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us,
                       int *flags);
/* rg_time_rfc3339 for a stream of lines in time order: the same result,
 * with the date and the hour read once per minute ("2026-11-20T14:02:"),
 * then the seconds, fraction and offset of each stamp. A stamp without an
 * offset, or of another layout, is read by rg_time_rfc3339. The memo starts
 * zeroed; ctx must be the same for every call with one memo. */
typedef struct rg_rfc3339_memo {
    char key[17];   /* "2026-11-20T14:02:" */
    int state;      /* 0 empty, 1 memoised, 2 not a minute of this layout */
    int64_t base_s; /* the minute's :00 read as UTC, in seconds */
    /* The last offset read, as its first eight bytes masked to its own
     * ("+00:00" and then nothing), and its value: the next stamp with the
     * same bytes there has it without reading it again; off_len 0: none. */
    unsigned char off_len;
    uint64_t off_mask, off_word;
    int32_t off;
} rg_rfc3339_memo;
size_t rg_time_rfc3339_memo(rg_rfc3339_memo *m, const char *s, size_t len, const rg_time_ctx *ctx,
                            int64_t *at_us, int *flags);
/* Epoch integers as text: digits with an optional fraction ("1498401043.277604",
 * Slack ts). unit_hint 0 = guess by magnitude (<= 11 digits seconds, <= 14 ms,
 * <= 17 µs, else ns); or 1, 1000, 1000000, 1000000000 = units per second. */
size_t rg_time_epoch_text(const char *s, size_t len, int unit_hint, int64_t *at_us);
/* Epoch as an integer value, same magnitude rule when unit_hint is 0.
 * Returns 0, or -1 when out of range (see above) or unit_hint is not one. */
int rg_time_epoch_int(int64_t v, int unit_hint, int64_t *at_us);
/* Syslog RFC 3164 "Nov 20 14:02:03" / "Nov  3 01:59:14" (optional ".123456"
 * fraction): no year, no zone; the year is the one that puts the instant
 * nearest ctx->ref_us, local to ctx->zone. */
size_t rg_time_syslog(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us,
                      int *flags);
/* rg_time_syslog for a stream of lines in time order: the same result,
 * with the work of a minute done once. For "Mmm dd hh:mm:" it reads the
 * minute's :00.000000 and :59.999999 once; when they are 59.999999 s apart
 * with the same flags and neither a daylight-saving gap nor an overlap (so
 * one year and one offset hold for the whole minute), a stamp of that
 * minute is the :00 instant plus its seconds and fraction, no calendar or
 * zone work. Anything else (a leap second, another layout, a minute at a
 * change) goes to rg_time_syslog. Not checked: a minute whose :00 and :59
 * take the same year while a second between them would take the other one
 * because that other year's reading of it crosses a zone change in that very
 * minute (the nearest-year switch, half a year from the reference, falling
 * on a daylight-saving minute of the neighbouring year). The memo starts zeroed (= {0}); ctx must
 * be the same for every call with one memo, and have its ref_us (with
 * INT64_MIN, "now", every stamp is read in full). */
/* memcmp(a, b, 13) == 0 as two 8-byte loads: a minute's key ("Nov 20 14:02:")
 * is compared on every syslog line (here and in the syslog importer), and the
 * call to memcmp cost more than it; inline so no call replaces it. */
static inline int rg_same13(const char *a, const char *b)
{
    uint64_t x, y, u, v;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    memcpy(&u, a + 5, 8);
    memcpy(&v, b + 5, 8);
    return x == y && u == v;
}

typedef struct rg_syslog_memo {
    char key[13];    /* "Nov 20 14:02:" */
    int state;       /* 0 empty, 1 the minute is memoised, 2 read every stamp in full */
    int64_t base_us; /* the minute's :00 */
    int flags;
} rg_syslog_memo;
size_t rg_time_syslog_memo_full(rg_syslog_memo *m, const char *s, size_t len,
                                const rg_time_ctx *ctx, int64_t *at_us, int *flags);
/* The common case inline, a stamp of the memoised minute without a
 * fraction (no call for most lines of a big file: the call was 5 % of a
 * whole-day build); the rest is rg_time_syslog_memo_full's. */
static inline size_t rg_time_syslog_memo(rg_syslog_memo *m, const char *s, size_t len,
                                         const rg_time_ctx *ctx, int64_t *at_us, int *flags)
{
    if (s && len >= 16 && m->state == 1 && ctx && ctx->ref_us != INT64_MIN &&
        rg_same13(m->key, s) && s[13] >= '0' && s[13] <= '5' && s[14] >= '0' && s[14] <= '9' &&
        s[15] != '.' && s[15] != ',') {
        if (at_us)
            *at_us = m->base_us + ((s[13] - '0') * 10 + (s[14] - '0')) * INT64_C(1000000);
        if (flags)
            *flags = m->flags;
        return 15;
    }
    return rg_time_syslog_memo_full(m, s, len, ctx, at_us, flags);
}
/* Apache/nginx "[10/Oct/2000:13:55:36 -0700]" (brackets included). */
size_t rg_time_apache(const char *s, size_t len, int64_t *at_us);

/* Reads a timestamp from the start of s[0..len) by a strftime-style format
 * (the manifest's "time_format" for a text log): %Y year, %y two-digit year
 * (69-99 -> 19xx, else 20xx), %m month, %d day, %e day padded with a space,
 * %H %M %S (seconds with an optional fraction after '.' or ','), %f fraction
 * digits, %b or %h month name (abbreviated or whole, any case), %a or %A day
 * name (skipped), %z offset (Z, +hh:mm, +hhmm), %Z "UTC", "GMT" or "Z" (no
 * other abbreviation: they are ambiguous), %s epoch seconds, %T = %H:%M:%S,
 * %F = %Y-%m-%d, %% a percent sign. A space matches any run of blanks; other
 * characters match themselves. Without %z/%Z the time is local to ctx->zone;
 * without a year it takes the one nearest ctx->ref_us (RG_TIME_NO_YEAR).
 * Returns the bytes consumed (0 when the text does not match). */
size_t rg_time_format_read(const char *fmt, const char *s, size_t len, const rg_time_ctx *ctx,
                           int64_t *at_us, int *flags);
/* 0 when fmt is a format rg_time_format_read knows and names a day; else -1
 * and a reason in why ("has an unknown directive '%Q' ..."). */
int rg_time_format_valid(const char *fmt, char *why, size_t why_len);

/* Tries every form above on the whole string s (surrounding spaces allowed).
 * Returns 0 on success, -1 when s is not a timestamp. */
int rg_time_parse(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us, int *flags);

/* Formats at_us as RFC 3339 UTC: "2026-11-20T14:02:03Z", with ".ffffff" only
 * when the microseconds are not zero. buf needs 32 bytes. Returns buf. */
char *rg_time_format(int64_t at_us, char buf[32]);
/* Formats at_us as "2026-11-20 14:02:03" in UTC for tables (no zone letter). */
char *rg_time_format_short(int64_t at_us, char buf[32]);

/* Days since 1970-01-01 of y-m-d in the proleptic Gregorian calendar, and
 * back; exact before 1970 and after 2038. No range checks: callers validate
 * the date. */
int64_t rg_days_from_civil(int64_t y, int m, int d);
void rg_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Durations as written in manifests: "-420s", "30m", "1h30m", "90", "2h", "1d",
 * "1.5s". Returns 0 and sets *us, -1 when malformed. Units d, h, m or min, s,
 * ms, us or µs, each at most once and largest first; any part may have a
 * fraction; a bare number is seconds; no spaces. */
int rg_duration_parse(const char *s, int64_t *us);
/* "1 h 02 min 05 s" style human text for a duration in seconds ("45 s",
 * "12 min 05 s", "2 h 03 min"); negative values get a leading '-'. The rule:
 * units d, h, min, s; the largest non-zero unit is written unpadded, the ones
 * after it with two digits; trailing zero units are left out ("2 h 03 min",
 * "2 h 00 min 10 s", "1 d 02 h"); zero is "0 s". Returns buf. */
char *rg_duration_format(int64_t seconds, char buf[48]);

/* ---- times in a format the user gives (a CSV mapping's "time_format") ----
 *
 * A small strftime-like language, fixed and locale-independent (not
 * strptime): %Y (4 digits), %y (2 digits: 69-99 are 19xx, 00-68 20xx), %m,
 * %d, %H, %I, %M, %S (1 or 2 digits), %e (a day, maybe space-padded), %b %B
 * %h (an English month name, full or its first three letters, any case), %a
 * %A (a weekday name, read and not checked), %p (AM, PM, a.m., p.m.), %f (1-9
 * fraction digits, truncated to microseconds; write "%S.%f"), %z ("Z",
 * "+07", "+0700", "+07:00"), %Z (a zone abbreviation such as "PST": read only
 * when it stands for one offset, see rg_tz_abbrev_offsets), %s (seconds since
 * 1970, alone or with %f), %F (%Y-%m-%d), %T (%H:%M:%S), %R (%H:%M), %% (a
 * '%'). A space matches one or more blanks; any other character matches
 * itself. Without %Y or %y the year is the one nearest ctx->ref_us (as for
 * syslog); without %z or %Z the time is local to ctx->zone. */

/* Checks fmt. Returns 0, or -1 with a message ("unknown conversion '%Q'",
 * "the time format has no hour: add %H (or %I with %p)") in err and the byte
 * offset in fmt it concerns in *at (at may be NULL). */
int rg_time_format_check(const char *fmt, char *err, size_t err_len, size_t *at);

/* The fields a format read (rg_time_scan); absent ones are 0. */
typedef struct rg_time_fields {
    int year, mon, day, hour, min, sec; /* hour: 0-11 when %I was read and pm says which half */
    int64_t usec;
    int has_year, pm;
    int has_offset; /* %z */
    int32_t offset_s;
    const char *zone; /* %Z as written, not resolved; borrowed from the text; NULL when none */
    size_t zone_len;
    int has_epoch; /* %s */
    int64_t epoch_s;
} rg_time_fields;

/* Reads the start of s[0..len) with fmt (which rg_time_format_check
 * accepted). Returns the bytes read (> 0), or 0 when the text does not
 * match. Importers use it for texts whose year or zone they resolve
 * themselves (a status feed's "Nov 14, 14:07 PST"). */
size_t rg_time_scan(const char *fmt, const char *s, size_t len, rg_time_fields *f);

/* Reads the whole of s[0..len) (surrounding blanks allowed) with fmt, as the
 * comment above says. Returns 0 and sets *at_us and *flags (RG_TIME_LOCAL,
 * RG_TIME_NO_YEAR, RG_TIME_GAP, RG_TIME_OVERLAP), or -1 with *why (a static
 * text, why may be NULL) saying what is wrong: "it does not match the
 * format", "it names a date that does not exist", or that its zone
 * abbreviation is unknown or ambiguous. */
int rg_time_with_format(const char *fmt, const char *s, size_t len, const rg_time_ctx *ctx,
                        int64_t *at_us, int *flags, const char **why);

/* The UTC offsets (seconds east) the zone abbreviation abbr[0..len) is
 * commonly used for, case-insensitively: "PST" -28800, "CEST" 7200; "IST" is
 * India, Ireland and Israel, "CST" the US and China, "BST" Britain and
 * Bangladesh, "AST" the Atlantic and Arabia. Writes up to max of them to
 * offs and returns how many there are (0: unknown). */
int rg_tz_abbrev_offsets(const char *abbr, size_t len, int32_t *offs, int max);

#endif
