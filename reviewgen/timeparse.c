/* timeparse.c -- reads every timestamp form the importers meet into int64_t
 * microseconds, and resolves local times with our own TZif reader (README, "Time"). */
#include "timeparse.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

#define US_PER_S INT64_C(1000000)
#define S_PER_DAY INT64_C(86400)
/* No real zone is further than 26 hours from UTC; RFC 8536 bounds utoff the same way. */
#define MAX_ZONE_OFFSET (26 * 3600)
/* A zone file larger than this is not a zone file. */
#define MAX_TZIF_BYTES (1u << 20)

/* One date rule of a POSIX TZ string: "Jn" (1..365, no leap day), "n"
 * (0..365, counting the leap day) or "Mm.w.d" (day d of week w of month m). */
typedef struct rule_date {
    char kind; /* 'J', 'N' or 'M' */
    int n, m, w, d;
    int32_t time; /* seconds after local midnight; RFC 8536 allows -167 h .. 167 h */
} rule_date;

/* The footer rule that governs instants after the last transition. Offsets are
 * seconds east of UTC (the POSIX string writes them west-positive). */
typedef struct posix_rule {
    int32_t std_off, dst_off;
    int has_dst;
    rule_date start, end;
} posix_rule;

struct rg_tz {
    char *name;
    int32_t n_trans;
    int64_t *trans;      /* ascending UTC seconds */
    uint8_t *trans_type; /* index into type_off for each transition */
    int32_t n_types;
    int32_t *type_off; /* UTC offset of each local time type */
    int has_rule;
    posix_rule rule;
    int32_t n_cand; /* every distinct offset the zone can have, for local->UTC */
    int32_t *cand;
    int is_static;
};

static int32_t utc_off_zero = 0;
static rg_tz utc_zone = {
    .name = (char *)"UTC",
    .n_types = 1,
    .type_off = &utc_off_zero,
    .n_cand = 1,
    .cand = &utc_off_zero,
    .is_static = 1,
};

const rg_tz *rg_tz_utc(void)
{
    return &utc_zone;
}

const char *rg_tz_name(const rg_tz *tz)
{
    return tz ? tz->name : "UTC";
}

void rg_tz_free(rg_tz *tz)
{
    if (!tz || tz->is_static)
        return;
    rg_free(tz->name);
    rg_free(tz->trans);
    rg_free(tz->trans_type);
    rg_free(tz->type_off);
    rg_free(tz->cand);
    rg_free(tz);
}

/* ---- calendar arithmetic (proleptic Gregorian, 64-bit, any sign) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d; the era arithmetic keeps it exact before
 * 1970 and after 2038. */
int64_t rg_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void rg_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Sunday. */
static int weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 4) % 7);
}

/* ---- POSIX TZ footer ---- */

static int64_t rule_instant(const rule_date *r, int64_t year, int32_t off)
{
    int64_t day;
    if (r->kind == 'J') {
        day = rg_days_from_civil(year, 1, 1) + r->n - 1;
        if (is_leap(year) && r->n >= 60)
            day++;
    } else if (r->kind == 'N') {
        day = rg_days_from_civil(year, 1, 1) + r->n;
    } else {
        int64_t first = rg_days_from_civil(year, r->m, 1);
        int dom = 1 + (r->d - weekday(first) + 7) % 7 + (r->w - 1) * 7;
        while (dom > month_days(year, r->m))
            dom -= 7;
        day = first + dom - 1;
    }
    return day * S_PER_DAY + r->time - off;
}

static int32_t rule_offset(const posix_rule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_off;
    int64_t y;
    int m, d;
    rg_civil_from_days(floor_div(t + r->std_off, S_PER_DAY), &y, &m, &d);
    /* The start is written in standard time, the end in daylight time. */
    int64_t start = rule_instant(&r->start, y, r->std_off);
    int64_t end = rule_instant(&r->end, y, r->dst_off);
    int in_dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return in_dst ? r->dst_off : r->std_off;
}

static int parse_tz_name(const char **p)
{
    const char *s = *p;
    if (*s == '<') {
        s++;
        while (*s && *s != '>')
            s++;
        if (*s != '>' || s == *p + 1)
            return -1;
        *p = s + 1;
        return 0;
    }
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
        s++;
    if (s - *p < 3)
        return -1;
    *p = s;
    return 0;
}

/* [+-]hh[:mm[:ss]] with hours up to max_h; returns seconds. */
static int parse_tz_hms(const char **p, int max_h, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    int32_t parts[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*s != ':')
                break;
            s++;
        }
        if (*s < '0' || *s > '9')
            return -1;
        int v = 0, nd = 0;
        while (*s >= '0' && *s <= '9' && nd < 3) {
            v = v * 10 + (*s++ - '0');
            nd++;
        }
        parts[i] = v;
    }
    if (parts[0] > max_h || parts[1] > 59 || parts[2] > 59)
        return -1;
    *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    *p = s;
    return 0;
}

static int parse_rule_num(const char **p, int lo, int hi, int *out)
{
    const char *s = *p;
    int v = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 4) {
        v = v * 10 + (*s++ - '0');
        nd++;
    }
    if (nd == 0 || v < lo || v > hi)
        return -1;
    *out = v;
    *p = s;
    return 0;
}

static int parse_rule_date(const char **p, rule_date *r)
{
    const char *s = *p;
    memset(r, 0, sizeof *r);
    if (*s == 'J') {
        s++;
        r->kind = 'J';
        if (parse_rule_num(&s, 1, 365, &r->n) < 0)
            return -1;
    } else if (*s == 'M') {
        s++;
        r->kind = 'M';
        if (parse_rule_num(&s, 1, 12, &r->m) < 0 || *s++ != '.' ||
            parse_rule_num(&s, 1, 5, &r->w) < 0 || *s++ != '.' ||
            parse_rule_num(&s, 0, 6, &r->d) < 0)
            return -1;
    } else {
        r->kind = 'N';
        if (parse_rule_num(&s, 0, 365, &r->n) < 0)
            return -1;
    }
    r->time = 2 * 3600;
    if (*s == '/') {
        s++;
        if (parse_tz_hms(&s, 167, &r->time) < 0)
            return -1;
    }
    *p = s;
    return 0;
}

/* Parses a TZif footer such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<+0545>-5:45". */
static int parse_posix_tz(const char *s, posix_rule *r)
{
    int32_t off;
    memset(r, 0, sizeof *r);
    if (parse_tz_name(&s) < 0 || parse_tz_hms(&s, 24, &off) < 0)
        return -1;
    r->std_off = -off;
    if (*s == '\0')
        return 0;
    if (parse_tz_name(&s) < 0)
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (*s && *s != ',') {
        if (parse_tz_hms(&s, 24, &off) < 0)
            return -1;
        r->dst_off = -off;
    }
    if (*s == '\0') {
        /* No rule: POSIX leaves it to the implementation; the US rule is the usual default. */
        r->start = (rule_date){'M', 0, 3, 2, 0, 2 * 3600};
        r->end = (rule_date){'M', 0, 11, 1, 0, 2 * 3600};
        return 0;
    }
    if (*s++ != ',' || parse_rule_date(&s, &r->start) < 0 || *s++ != ',' ||
        parse_rule_date(&s, &r->end) < 0 || *s != '\0')
        return -1;
    return 0;
}

/* ---- TZif files (RFC 8536) ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars;
} tzif_counts;

static int tzif_header(const unsigned char *p, size_t avail, tzif_counts *c)
{
    if (avail < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    /* Bounds that keep the size arithmetic below far from overflow. */
    if (c->type == 0 || c->type > 256 || c->time > 100000 || c->leap > 100000 ||
        c->chars > 100000 || (c->isut != 0 && c->isut != c->type) ||
        (c->isstd != 0 && c->isstd != c->type))
        return -1;
    return 0;
}

static size_t tzif_block_len(const tzif_counts *c, size_t tsize)
{
    return c->time * tsize + c->time + c->type * 6 + c->chars + c->leap * (tsize + 4) + c->isstd +
           c->isut;
}

static int add_cand(rg_tz *tz, int32_t off)
{
    for (int32_t i = 0; i < tz->n_cand; i++)
        if (tz->cand[i] == off)
            return 0;
    tz->cand[tz->n_cand++] = off;
    return 0;
}

static int tzif_parse(rg_tz *tz, const unsigned char *buf, size_t n)
{
    tzif_counts c;
    if (tzif_header(buf, n, &c) < 0)
        return -1;
    int version = buf[4];
    size_t tsize = 4;
    const unsigned char *p = buf + 44;
    size_t block = tzif_block_len(&c, 4);
    if (block > n - 44)
        return -1;
    if (version >= '2') {
        /* Version 2+ repeats the data with 64-bit times: that is the block to read. */
        const unsigned char *h2 = p + block;
        if (tzif_header(h2, (size_t)(buf + n - h2), &c) < 0)
            return -1;
        tsize = 8;
        p = h2 + 44;
        block = tzif_block_len(&c, 8);
        if (block > (size_t)(buf + n - p))
            return -1;
    }
    tz->n_trans = (int32_t)c.time;
    tz->n_types = (int32_t)c.type;
    tz->trans = rg_malloc((c.time ? c.time : 1) * sizeof *tz->trans);
    tz->trans_type = rg_malloc(c.time ? c.time : 1);
    tz->type_off = rg_malloc(c.type * sizeof *tz->type_off);
    tz->cand = rg_malloc((c.type + 2) * sizeof *tz->cand);
    if (!tz->trans || !tz->trans_type || !tz->type_off || !tz->cand)
        return -1;
    const unsigned char *tp = p, *ip = p + c.time * tsize, *yp = ip + c.time;
    for (uint32_t i = 0; i < c.time; i++) {
        tz->trans[i] = tsize == 8 ? be64(tp + i * 8) : (int64_t)(int32_t)be32(tp + i * 4);
        tz->trans_type[i] = ip[i];
        if (ip[i] >= c.type || (i > 0 && tz->trans[i] <= tz->trans[i - 1]))
            return -1;
    }
    for (uint32_t i = 0; i < c.type; i++) {
        int32_t off = (int32_t)be32(yp + i * 6);
        if (off < -MAX_ZONE_OFFSET || off > MAX_ZONE_OFFSET || yp[i * 6 + 4] > 1 ||
            yp[i * 6 + 5] >= c.chars)
            return -1;
        tz->type_off[i] = off;
        add_cand(tz, off);
    }
    if (version >= '2') {
        const unsigned char *f = p + block, *end = buf + n;
        if (f >= end || *f != '\n')
            return -1;
        const unsigned char *nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
        if (!nl)
            return -1;
        size_t flen = (size_t)(nl - f - 1);
        if (flen > 0) {
            char footer[256];
            if (flen >= sizeof footer)
                return -1;
            memcpy(footer, f + 1, flen);
            footer[flen] = '\0';
            if (parse_posix_tz(footer, &tz->rule) < 0)
                return -1;
            if (tz->rule.std_off < -MAX_ZONE_OFFSET || tz->rule.std_off > MAX_ZONE_OFFSET ||
                tz->rule.dst_off < -MAX_ZONE_OFFSET || tz->rule.dst_off > MAX_ZONE_OFFSET)
                return -1;
            tz->has_rule = 1;
            add_cand(tz, tz->rule.std_off);
            if (tz->rule.has_dst)
                add_cand(tz, tz->rule.dst_off);
        }
    }
    return 0;
}

static int is_builtin_utc(const char *name)
{
    static const char *const names[] = {"UTC",       "Etc/UTC",       "UCT",      "Etc/UCT",
                                        "GMT",       "Etc/GMT",       "Zulu",     "Etc/Zulu",
                                        "Universal", "Etc/Universal", "Etc/GMT0", "GMT0"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

/* A zone name is a relative path of letters, digits and "_+-/."; ".." and a
 * leading '/' would let a manifest read any file. */
static int valid_zone_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200 || name[0] == '/' || strstr(name, "..") != NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '+' || ch == '-' || ch == '/' || ch == '.'))
            return 0;
    }
    return 1;
}

static unsigned char *read_zone_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct stat st;
    unsigned char *buf = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 44 &&
        (uint64_t)st.st_size <= MAX_TZIF_BYTES) {
        size_t want = (size_t)st.st_size, got = 0;
        buf = rg_malloc(want);
        while (buf && got < want) {
            ssize_t r = read(fd, buf + got, want - got);
            if (r <= 0) {
                rg_free(buf);
                buf = NULL;
                break;
            }
            got += (size_t)r;
        }
        *len = got;
    }
    close(fd);
    return buf;
}

/* rg_tz_load: the zone comes from a TZif file we read ourselves, never through
 * setenv("TZ") + localtime, because the C library silently turns an unknown TZ
 * into UTC (RELIABILITY, item 10). UTC and its aliases are built in so that they
 * work on systems without tzdata. */
rg_tz *rg_tz_load(const char *name, char *err, size_t err_len)
{
    if (!name)
        name = "";
    rg_tz *tz = rg_calloc(1, sizeof *tz);
    if (!tz) {
        if (err && err_len)
            snprintf(err, err_len, "out of memory loading time zone '%s'", name);
        return NULL;
    }
    tz->name = rg_strdup(name);
    if (!tz->name)
        goto oom;
    if (is_builtin_utc(name)) {
        tz->n_types = 1;
        tz->type_off = rg_calloc(1, sizeof *tz->type_off);
        tz->cand = rg_calloc(1, sizeof *tz->cand);
        if (!tz->type_off || !tz->cand)
            goto oom;
        tz->n_cand = 1;
        return tz;
    }
    if (valid_zone_name(name)) {
        const char *dir = getenv("TZDIR");
        if (!dir || !*dir)
            dir = "/usr/share/zoneinfo";
        size_t plen = strlen(dir) + strlen(name) + 2;
        char *path = rg_malloc(plen);
        if (!path)
            goto oom;
        snprintf(path, plen, "%s/%s", dir, name);
        size_t len = 0;
        unsigned char *buf = read_zone_file(path, &len);
        rg_free(path);
        if (buf) {
            int rc = tzif_parse(tz, buf, len);
            rg_free(buf);
            if (rc == 0)
                return tz;
        }
    }
    if (err && err_len)
        snprintf(err, err_len, "unknown time zone '%s'", name);
    rg_tz_free(tz);
    return NULL;
oom:
    if (err && err_len)
        snprintf(err, err_len, "out of memory loading time zone '%s'", name);
    rg_tz_free(tz);
    return NULL;
}

/* ---- offsets and local time ---- */

static int32_t offset_secs(const rg_tz *tz, int64_t t)
{
    if (!tz)
        return 0;
    if (tz->n_trans == 0)
        return tz->has_rule ? rule_offset(&tz->rule, t) : tz->type_off[0];
    if (t < tz->trans[0])
        return tz->type_off[0];
    if (t >= tz->trans[tz->n_trans - 1] && tz->has_rule)
        return rule_offset(&tz->rule, t);
    int32_t lo = 0, hi = tz->n_trans - 1; /* largest i with trans[i] <= t */
    while (lo < hi) {
        int32_t mid = lo + (hi - lo + 1) / 2;
        if (tz->trans[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return tz->type_off[tz->trans_type[lo]];
}

int32_t rg_tz_offset_at(const rg_tz *zone, int64_t at_us)
{
    return offset_secs(zone, floor_div(at_us, US_PER_S));
}

/* Local seconds -> UTC seconds. Every instant whose local reading is `local`
 * is local - o for some offset o the zone can have, so trying each distinct
 * offset finds all readings exactly: none is a gap, two an overlap. */
static int64_t resolve_local(const rg_tz *tz, int64_t local, int *flags)
{
    *flags = 0;
    if (!tz || (tz->n_cand == 1 && tz->n_trans == 0))
        return local - (tz ? tz->cand[0] : 0);
    int64_t best = 0;
    int n_found = 0;
    for (int32_t i = 0; i < tz->n_cand; i++) {
        int64_t t = local - tz->cand[i];
        if (offset_secs(tz, t) == tz->cand[i]) {
            if (n_found == 0 || t < best)
                best = t;
            n_found++;
        }
    }
    if (n_found > 0) {
        if (n_found > 1)
            *flags = RG_TIME_OVERLAP;
        return best;
    }
    /* A gap between offsets before < after: local - after lies before the
     * transition (reads `before`), local - before after it (reads `after`). */
    *flags = RG_TIME_GAP;
    for (int32_t i = 0; i < tz->n_cand; i++) {
        for (int32_t j = 0; j < tz->n_cand; j++) {
            int32_t before = tz->cand[i], after = tz->cand[j];
            if (before < after && offset_secs(tz, local - after) == before &&
                offset_secs(tz, local - before) == after)
                return local - before;
        }
    }
    return local - offset_secs(tz, local - offset_secs(tz, local));
}

static int valid_fields(int year, int mon, int day, int hour, int min, int sec)
{
    return year >= 0 && year <= 9999 && mon >= 1 && mon <= 12 && day >= 1 &&
           day <= month_days(year, mon) && hour >= 0 && hour <= 23 && min >= 0 && min <= 59 &&
           sec >= 0 && sec <= 60;
}

/* Whether an instant can be written as RFC 3339 UTC (rg_time_format) and
 * read back: years 0000 to 9999. A reader refuses the rest as "not a
 * timestamp": "9999-12-31T23:59:59-23:59" is in year 10000 in UTC, and a
 * 15-digit epoch read in seconds is in year 31,000 (found by the timeparse
 * fuzz target's round trip). */
static int representable(int64_t t)
{
    return t >= rg_days_from_civil(0, 1, 1) * S_PER_DAY * US_PER_S &&
           t < rg_days_from_civil(10000, 1, 1) * S_PER_DAY * US_PER_S;
}

int rg_time_from_local(const rg_tz *zone, int year, int mon, int day, int hour, int min, int sec,
                       int64_t usec, int64_t *at_us, int *flags)
{
    int fl = 0;
    if (!valid_fields(year, mon, day, hour, min, sec) || usec < 0 || usec >= US_PER_S)
        return -1;
    int leap = sec == 60;
    int64_t local =
        rg_days_from_civil(year, mon, day) * S_PER_DAY + hour * 3600 + min * 60 + (leap ? 59 : sec);
    int64_t t = resolve_local(zone, local, &fl) + leap;
    if (at_us)
        *at_us = t * US_PER_S + usec;
    if (flags)
        *flags = fl;
    return 0;
}

/* ---- small readers ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Exactly n digits at s[pos]. */
static int digits(const char *s, size_t len, size_t pos, int n, int *out)
{
    int v = 0;
    if (pos + (size_t)n > len)
        return 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[pos + i]))
            return 0;
        v = v * 10 + (s[pos + i] - '0');
    }
    *out = v;
    return 1;
}

/* ".123456789" / ",5": returns bytes consumed (0 when absent), -1 when it has
 * more than 9 digits. Digits past the sixth are truncated. */
static long fraction(const char *s, size_t len, size_t pos, int64_t *usec)
{
    *usec = 0;
    if (pos + 1 >= len || (s[pos] != '.' && s[pos] != ',') || !is_digit(s[pos + 1]))
        return 0;
    size_t p = pos + 1;
    int nd = 0;
    int64_t v = 0;
    while (p < len && is_digit(s[p])) {
        if (nd < 6)
            v = v * 10 + (s[p] - '0');
        nd++;
        p++;
    }
    if (nd > 9)
        return -1;
    for (int i = nd; i < 6; i++)
        v *= 10;
    *usec = v;
    return (long)(p - pos);
}

static int now_year_ref(const rg_time_ctx *ctx, int64_t *ref)
{
    if (ctx && ctx->ref_us != INT64_MIN) {
        *ref = ctx->ref_us;
        return 0;
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return -1;
    *ref = (int64_t)ts.tv_sec * US_PER_S + ts.tv_nsec / 1000;
    return 0;
}

static const rg_tz *ctx_zone(const rg_time_ctx *ctx)
{
    return ctx ? ctx->zone : NULL;
}

/* ---- RFC 3339 ---- */

size_t rg_time_rfc3339(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us,
                       int *flags)
{
    int y, mo, d, h, mi, se = 0;
    if (!s || !digits(s, len, 0, 4, &y) || len < 16 || s[4] != '-' || !digits(s, len, 5, 2, &mo) ||
        s[7] != '-' || !digits(s, len, 8, 2, &d))
        return 0;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return 0;
    if (!digits(s, len, 11, 2, &h) || s[13] != ':' || !digits(s, len, 14, 2, &mi))
        return 0;
    size_t p = 16;
    if (p < len && s[p] == ':') {
        if (!digits(s, len, p + 1, 2, &se))
            return 0;
        p += 3;
    }
    int64_t usec;
    long fl = fraction(s, len, p, &usec);
    if (fl < 0)
        return 0;
    p += (size_t)fl;
    if (!valid_fields(y, mo, d, h, mi, se))
        return 0;

    int has_off = 0;
    int32_t off = 0;
    if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
        has_off = 1;
        p++;
    } else if (p < len && (s[p] == '+' || s[p] == '-')) {
        int oh, om = 0;
        size_t q = p + 1;
        if (!digits(s, len, q, 2, &oh))
            return 0;
        q += 2;
        if (q < len && s[q] == ':') {
            if (!digits(s, len, q + 1, 2, &om))
                return 0;
            q += 3;
        } else if (digits(s, len, q, 2, &om)) {
            q += 2;
        }
        if (oh > 23 || om > 59)
            return 0;
        off = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
        has_off = 1;
        p = q;
    }

    int fls = 0;
    int64_t t;
    if (has_off) {
        int leap = se == 60;
        t = rg_days_from_civil(y, mo, d) * S_PER_DAY + h * 3600 + mi * 60 + (leap ? 59 : se) - off +
            leap;
        t = t * US_PER_S + usec;
    } else {
        if (rg_time_from_local(ctx_zone(ctx), y, mo, d, h, mi, se, usec, &t, &fls) < 0)
            return 0;
        fls |= RG_TIME_LOCAL;
    }
    if (!representable(t))
        return 0;
    if (at_us)
        *at_us = t;
    if (flags)
        *flags = fls;
    return p;
}

/* ---- epoch numbers ---- */

static int count_digits_u64(uint64_t v)
{
    int n = 0;
    while (v) {
        n++;
        v /= 10;
    }
    return n;
}

static int64_t unit_for_digits(int n)
{
    if (n <= 11)
        return 1;
    if (n <= 14)
        return 1000;
    if (n <= 17)
        return 1000000;
    return 1000000000;
}

/* value in `unit` per second, plus frac_us already in µs, to µs; -1 on overflow. */
static int scale_epoch(uint64_t mag, int negative, int64_t unit, int64_t frac_us, int64_t *at_us)
{
    uint64_t us;
    if (unit <= US_PER_S) {
        uint64_t mul = (uint64_t)(US_PER_S / unit);
        if (mag > ((uint64_t)INT64_MAX - (uint64_t)frac_us) / mul)
            return -1;
        us = mag * mul + (uint64_t)frac_us;
    } else {
        /* Nanoseconds: even 2^63 ns fits once divided; floor toward the past. */
        uint64_t div = (uint64_t)(unit / US_PER_S);
        us = mag / div + (negative && mag % div != 0);
    }
    *at_us = negative ? -(int64_t)us : (int64_t)us;
    return 0;
}

static int valid_unit(int u)
{
    return u == 0 || u == 1 || u == 1000 || u == 1000000 || u == 1000000000;
}

size_t rg_time_epoch_text(const char *s, size_t len, int unit_hint, int64_t *at_us)
{
    if (!s || !valid_unit(unit_hint))
        return 0;
    size_t p = 0;
    uint64_t mag = 0;
    int sig = 0;
    while (p < len && is_digit(s[p])) {
        int dgt = s[p] - '0';
        if (mag > (UINT64_MAX - (uint64_t)dgt) / 10)
            return 0;
        mag = mag * 10 + (uint64_t)dgt;
        if (mag)
            sig++;
        p++;
    }
    if (p == 0)
        return 0;
    int64_t unit = unit_hint ? unit_hint : unit_for_digits(sig);
    /* The fraction counts in the same unit: keep the digits that are still
     * above a microsecond and truncate the rest. */
    int64_t frac_us = 0;
    if (p + 1 < len && s[p] == '.' && is_digit(s[p + 1])) {
        int64_t step = US_PER_S / unit;
        for (p++; p < len && is_digit(s[p]); p++) {
            step /= 10;
            frac_us += (s[p] - '0') * step;
        }
    }
    int64_t v;
    if (scale_epoch(mag, 0, unit, frac_us, &v) < 0 || !representable(v))
        return 0;
    if (at_us)
        *at_us = v;
    return p;
}

int rg_time_epoch_int(int64_t v, int unit_hint, int64_t *at_us)
{
    if (!valid_unit(unit_hint))
        return -1;
    int negative = v < 0;
    uint64_t mag = negative ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int64_t unit = unit_hint ? unit_hint : unit_for_digits(count_digits_u64(mag));
    int64_t out;
    if (scale_epoch(mag, negative, unit, 0, &out) < 0 || !representable(out))
        return -1;
    if (at_us)
        *at_us = out;
    return 0;
}

/* ---- syslog and Apache ---- */

static int month_from_name(const char *s, size_t len, size_t pos)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (pos + 3 > len)
        return 0;
    char low[3];
    for (int i = 0; i < 3; i++) {
        char c = s[pos + i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    for (int m = 0; m < 12; m++)
        if (memcmp(names + m * 3, low, 3) == 0)
            return m + 1;
    return 0;
}

/* "hh:mm:ss" at pos. */
static int clock_hms(const char *s, size_t len, size_t pos, int *h, int *mi, int *se)
{
    return digits(s, len, pos, 2, h) && pos + 2 < len && s[pos + 2] == ':' &&
           digits(s, len, pos + 3, 2, mi) && pos + 5 < len && s[pos + 5] == ':' &&
           digits(s, len, pos + 6, 2, se);
}

/* The year is whichever of ref-1, ref, ref+1 lands nearest the reference, so
 * a December line read in January belongs to last year, and 29 February is
 * only tried in leap years. */
size_t rg_time_syslog(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us, int *flags)
{
    if (!s)
        return 0;
    int mon = month_from_name(s, len, 0);
    if (!mon || len < 4 || s[3] != ' ')
        return 0;
    size_t p = 4;
    int day;
    if (p < len && s[p] == ' ')
        p++;
    if (digits(s, len, p, 2, &day))
        p += 2;
    else if (digits(s, len, p, 1, &day))
        p += 1;
    else
        return 0;
    if (p >= len || s[p] != ' ')
        return 0;
    p++;
    int h, mi, se;
    if (!clock_hms(s, len, p, &h, &mi, &se))
        return 0;
    p += 8;
    int64_t usec;
    long fl = fraction(s, len, p, &usec);
    if (fl < 0)
        return 0;
    p += (size_t)fl;
    if (day < 1 || day > 31 || !valid_fields(2000, mon, day, h, mi, se))
        return 0;

    int64_t ref;
    if (now_year_ref(ctx, &ref) < 0)
        return 0;
    const rg_tz *zone = ctx_zone(ctx);
    int64_t ref_local = floor_div(ref, US_PER_S) + rg_tz_offset_at(zone, ref);
    int64_t ref_year;
    int rm, rd;
    rg_civil_from_days(floor_div(ref_local, S_PER_DAY), &ref_year, &rm, &rd);

    int found = 0, best_flags = 0;
    int64_t best = 0;
    uint64_t best_dist = 0;
    for (int64_t y = ref_year - 1; y <= ref_year + 1; y++) {
        if (y < 0 || y > 9999)
            continue;
        int64_t t;
        int f;
        if (rg_time_from_local(zone, (int)y, mon, day, h, mi, se, usec, &t, &f) < 0 ||
            !representable(t))
            continue;
        uint64_t dist = t >= ref ? (uint64_t)t - (uint64_t)ref : (uint64_t)ref - (uint64_t)t;
        if (!found || dist < best_dist) {
            found = 1;
            best = t;
            best_dist = dist;
            best_flags = f;
        }
    }
    if (!found)
        return 0;
    if (at_us)
        *at_us = best;
    if (flags)
        *flags = best_flags | RG_TIME_LOCAL | RG_TIME_NO_YEAR;
    return p;
}

size_t rg_time_apache(const char *s, size_t len, int64_t *at_us)
{
    /* [dd/Mon/yyyy:hh:mm:ss +hhmm] */
    int d, y, h, mi, se, oh, om;
    if (!s || len < 28 || s[0] != '[' || !digits(s, len, 1, 2, &d) || s[3] != '/')
        return 0;
    int mon = month_from_name(s, len, 4);
    if (!mon || s[7] != '/' || !digits(s, len, 8, 4, &y) || s[12] != ':' ||
        !clock_hms(s, len, 13, &h, &mi, &se) || s[21] != ' ' || (s[22] != '+' && s[22] != '-') ||
        !digits(s, len, 23, 2, &oh) || !digits(s, len, 25, 2, &om) || s[27] != ']')
        return 0;
    if (!valid_fields(y, mon, d, h, mi, se) || oh > 23 || om > 59)
        return 0;
    int32_t off = (oh * 3600 + om * 60) * (s[22] == '-' ? -1 : 1);
    int leap = se == 60;
    int64_t t = rg_days_from_civil(y, mon, d) * S_PER_DAY + h * 3600 + mi * 60 + (leap ? 59 : se) -
                off + leap;
    if (!representable(t * US_PER_S))
        return 0;
    if (at_us)
        *at_us = t * US_PER_S;
    return 28;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int rg_time_parse(const char *s, size_t len, const rg_time_ctx *ctx, int64_t *at_us, int *flags)
{
    if (!s)
        return -1;
    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (len == 0)
        return -1;
    /* Each form must cover the whole text; a prefix match of one form (which
     * may have set f) never leaks into the next. */
    int64_t t = 0;
    int f = 0;
    if (rg_time_rfc3339(s, len, ctx, &t, &f) != len) {
        f = 0;
        if (rg_time_apache(s, len, &t) != len && rg_time_syslog(s, len, ctx, &t, &f) != len) {
            f = 0;
            if (rg_time_epoch_text(s, len, 0, &t) != len)
                return -1;
        }
    }
    if (at_us)
        *at_us = t;
    if (flags)
        *flags = f;
    return 0;
}

/* ---- formatting ---- */

static void split_instant(int64_t at_us, int64_t *y, int *mo, int *d, int *h, int *mi, int *se,
                          int64_t *usec)
{
    int64_t secs = floor_div(at_us, US_PER_S);
    *usec = (at_us % US_PER_S + US_PER_S) % US_PER_S; /* secs * US_PER_S may not fit */
    int64_t days = floor_div(secs, S_PER_DAY);
    int64_t rem = secs - days * S_PER_DAY;
    rg_civil_from_days(days, y, mo, d);
    *h = (int)(rem / 3600);
    *mi = (int)(rem / 60 % 60);
    *se = (int)(rem % 60);
}

char *rg_time_format(int64_t at_us, char buf[32])
{
    int64_t y, usec;
    int mo, d, h, mi, se;
    split_instant(at_us, &y, &mo, &d, &h, &mi, &se, &usec);
    if (usec)
        snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02d.%06lldZ", (long long)y, mo, d, h, mi, se,
                 (long long)usec);
    else
        snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d, h, mi, se);
    return buf;
}

char *rg_time_format_short(int64_t at_us, char buf[32])
{
    int64_t y, usec;
    int mo, d, h, mi, se;
    split_instant(at_us, &y, &mo, &d, &h, &mi, &se, &usec);
    snprintf(buf, 32, "%04lld-%02d-%02d %02d:%02d:%02d", (long long)y, mo, d, h, mi, se);
    return buf;
}

/* ---- durations ---- */

/* Units in descending order; each may appear once, larger before smaller, so
 * "30m1h" and "1h1h" are typos we report rather than sum. */
static const struct {
    const char *name;
    int64_t us;
} duration_units[] = {
    {"d", 86400 * US_PER_S},
    {"h", 3600 * US_PER_S},
    {"min", 60 * US_PER_S},
    {"m", 60 * US_PER_S},
    {"s", US_PER_S},
    {"ms", 1000},
    {"us", 1},
    {"\xc2\xb5s", 1},
};

static int unit_rank(int64_t us)
{
    switch (us) {
    case 86400 * US_PER_S:
        return 0;
    case 3600 * US_PER_S:
        return 1;
    case 60 * US_PER_S:
        return 2;
    case US_PER_S:
        return 3;
    case 1000:
        return 4;
    default:
        return 5;
    }
}

int rg_duration_parse(const char *s, int64_t *us)
{
    /* Half the range keeps every intermediate sum clear of overflow. */
    const int64_t limit = INT64_MAX / 2;
    if (!s)
        return -1;
    int negative = 0;
    if (*s == '-' || *s == '+')
        negative = *s++ == '-';
    if (!is_digit(*s) && !(*s == '.' && is_digit(s[1])))
        return -1;
    int64_t total = 0;
    int last_rank = -1;
    while (*s) {
        int64_t whole = 0;
        int nd = 0;
        const char *frac = NULL;
        size_t n_frac = 0;
        while (is_digit(*s)) {
            if (whole > (limit - 9) / 10)
                return -1;
            whole = whole * 10 + (*s++ - '0');
            nd++;
        }
        if (*s == '.') {
            s++;
            frac = s;
            while (is_digit(*s)) {
                s++;
                n_frac++;
            }
            if (n_frac == 0)
                return -1;
        }
        if (nd == 0 && n_frac == 0)
            return -1;
        int64_t unit = 0;
        size_t ulen = 0;
        for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
            size_t l = strlen(duration_units[i].name);
            /* longest match: "ms" before "m", "min" before "m" */
            if (strncmp(s, duration_units[i].name, l) == 0 && l > ulen) {
                unit = duration_units[i].us;
                ulen = l;
            }
        }
        if (ulen == 0) {
            /* A bare number is seconds, and only as the whole text: "90", "1.5". */
            if (*s != '\0' || last_rank >= 0)
                return -1;
            unit = US_PER_S;
        }
        int rank = unit_rank(unit);
        if (rank <= last_rank)
            return -1;
        last_rank = rank;
        s += ulen;
        if (whole > (limit - total) / unit)
            return -1;
        total += whole * unit;
        int64_t step = unit;
        for (size_t i = 0; i < n_frac; i++) {
            step /= 10;
            total += (frac[i] - '0') * step;
        }
        if (total > limit)
            return -1;
    }
    if (us)
        *us = negative ? -total : total;
    return 0;
}

/* "2 h 03 min 10 s": the largest unit unpadded, the rest two digits, trailing
 * zero units left out; days appear from 24 h on ("1 d 02 h 03 min"). */
char *rg_duration_format(int64_t seconds, char buf[48])
{
    uint64_t v = seconds < 0 ? (uint64_t)0 - (uint64_t)seconds : (uint64_t)seconds;
    unsigned long long parts[4] = {v / 86400, v / 3600 % 24, v / 60 % 60, v % 60};
    static const char *const names[4] = {"d", "h", "min", "s"};
    int first = 0, last = 3;
    while (first < 3 && parts[first] == 0)
        first++;
    while (last > first && parts[last] == 0)
        last--;
    size_t n = 0;
    if (seconds < 0)
        buf[n++] = '-';
    for (int i = first; i <= last; i++)
        n += (size_t)snprintf(buf + n, 48 - n, i == first ? "%s%llu %s" : "%s%02llu %s",
                              i == first ? "" : " ", parts[i], names[i]);
    buf[n] = '\0';
    return buf;
}
