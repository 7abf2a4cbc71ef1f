/* timeparse.c -- reads every timestamp form the importers meet into int64_t
 * microseconds, and resolves local times with our own TZif reader (README, "Time"). */
#include "timeparse.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "fold.h"

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

/* A fixed offset as ISO 8601 writes it, "+07:00" or "-0530", sign first and
 * east positive: the one offset form a manifest may give, because "UTC+7"
 * means seven hours west in POSIX TZ and east to most people. */
static int fixed_offset(const char *s, int32_t *secs)
{
    size_t n = strlen(s);
    if ((n != 6 && n != 5) || (s[0] != '+' && s[0] != '-'))
        return 0;
    const char *m = n == 6 ? s + 4 : s + 3;
    if (n == 6 && s[3] != ':')
        return 0;
    if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
        !isdigit((unsigned char)m[0]) || !isdigit((unsigned char)m[1]))
        return 0;
    int h = (s[1] - '0') * 10 + (s[2] - '0'), mi = (m[0] - '0') * 10 + (m[1] - '0');
    if (h > 14 || mi > 59)
        return 0;
    *secs = (h * 3600 + mi * 60) * (s[0] == '-' ? -1 : 1);
    return 1;
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
    int32_t fixed = 0;
    if (is_builtin_utc(name) || fixed_offset(name, &fixed)) {
        tz->n_types = 1;
        tz->type_off = rg_calloc(1, sizeof *tz->type_off);
        tz->cand = rg_calloc(1, sizeof *tz->cand);
        if (!tz->type_off || !tz->cand)
            goto oom;
        tz->type_off[0] = tz->cand[0] = fixed;
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

/* ---- hints for a zone that did not load ---- */

/* "UTC+7", "GMT-05:00", "+7", "utc +0700": an offset written the way people
 * say it. Sets *east_secs to the offset people mean (east positive) and
 * returns 1; 0 when s is not such a form. */
static int offset_form(const char *s, int32_t *east_secs)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0)
        p += 3;
    while (*p == ' ')
        p++;
    if (*p != '+' && *p != '-')
        return 0;
    int sign = *p++ == '-' ? -1 : 1;
    while (*p == ' ')
        p++;
    int h = 0, m = 0, nd = 0;
    while (isdigit((unsigned char)*p) && nd < 2) {
        h = h * 10 + (*p++ - '0');
        nd++;
    }
    if (!nd)
        return 0;
    if (*p == ':')
        p++;
    if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
        m = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
    }
    while (*p == ' ')
        p++;
    if (*p || h > 14 || m > 59)
        return 0;
    *east_secs = sign * (h * 3600 + m * 60);
    return 1;
}

typedef struct zone_hint {
    const char *want; /* lower-cased name asked for */
    const char *want_last;
    char best[3][128];
    size_t dist[3];
} zone_hint;

static void lower_copy(char *dst, size_t cap, const char *src)
{
    size_t i = 0;
    for (; src[i] && i + 1 < cap; i++)
        dst[i] = (char)tolower((unsigned char)src[i]);
    dst[i] = '\0';
}

static void consider(zone_hint *h, const char *name)
{
    char low[128];
    if (strlen(name) >= sizeof(low))
        return;
    lower_copy(low, sizeof(low), name);
    const char *last = strrchr(low, '/');
    last = last ? last + 1 : low;
    size_t d = rg_edit_distance(h->want, low);
    size_t d2 = rg_edit_distance(h->want_last, last);
    /* "Berlin" is "Europe/Berlin" */
    if (d2 != (size_t)-1 && d2 < d)
        d = d2;
    size_t len = strlen(h->want_last);
    size_t limit = len / 4 > 2 ? len / 4 : 2;
    if (d == (size_t)-1 || d > limit)
        return;
    for (int i = 0; i < 3; i++)
        if (strcmp(h->best[i], name) == 0)
            return;
    for (int i = 0; i < 3; i++) {
        if (h->best[i][0] && (h->dist[i] < d || (h->dist[i] == d && strcmp(h->best[i], name) < 0)))
            continue;
        for (int k = 2; k > i; k--) {
            memcpy(h->best[k], h->best[k - 1], sizeof(h->best[k]));
            h->dist[k] = h->dist[k - 1];
        }
        snprintf(h->best[i], sizeof(h->best[i]), "%s", name);
        h->dist[i] = d;
        return;
    }
}

/* Walks the tz database's folders (not posix/ and right/, which repeat it),
 * taking names whose every part starts with a capital letter and holds no
 * '.': zone files, not zone.tab or tzdata.zi. */
static void walk_zones(zone_hint *h, const char *root, const char *rel, int depth)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (!isupper((unsigned char)n[0]) || strchr(n, '.'))
            continue;
        char sub[512];
        if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", n) >= sizeof(sub))
            continue;
        char full[1024];
        snprintf(full, sizeof(full), "%s/%s", root, sub);
        struct stat st;
        if (stat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 3)
                walk_zones(h, root, sub, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            consider(h, sub);
        }
    }
    closedir(d);
}

void rg_tz_hint(const char *name, char *out, size_t out_len)
{
    if (!out || !out_len)
        return;
    out[0] = '\0';
    if (!name)
        return;
    int32_t east;
    if (offset_form(name, &east)) {
        int32_t a = east < 0 ? -east : east;
        snprintf(out, out_len,
                 ": write an IANA name such as \"Asia/Bangkok\", or a fixed offset sign first, "
                 "such as \"%c%02d:%02d\" (an offset after UTC or GMT is refused: POSIX time "
                 "zones read its sign the other way)",
                 east < 0 ? '-' : '+', (int)(a / 3600), (int)(a % 3600 / 60));
        return;
    }
    char want[128];
    if (strlen(name) >= sizeof(want) || !*name)
        return;
    lower_copy(want, sizeof(want), name);
    const char *last = strrchr(want, '/');
    zone_hint h;
    memset(&h, 0, sizeof(h));
    h.want = want;
    h.want_last = last ? last + 1 : want;
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir)
        dir = "/usr/share/zoneinfo";
    walk_zones(&h, dir, "", 0);
    consider(&h, "UTC");
    if (!h.best[0][0])
        return;
    size_t used = (size_t)snprintf(out, out_len, " (did you mean '%s'", h.best[0]);
    for (int i = 1; i < 3 && h.best[i][0] && used < out_len; i++)
        used += (size_t)snprintf(out + used, out_len - used, "%s'%s'",
                                 i == 2 || !h.best[2][0] ? " or " : ", ", h.best[i]);
    if (used < out_len)
        snprintf(out + used, out_len - used, "?)");
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
    /* Six digits and then something else (rsyslog's "14:02:03.123456+00:00"),
     * told by one word's masks: the byte loop was 5 % of a whole-day build
     * of a 1 GiB RFC 3339 syslog. A byte is a digit when its high half is 3
     * and stays 3 with 6 added (no byte of 0x30-0x3F carries). */
    if (pos + 9 <= len) {
        uint64_t w;
        memcpy(&w, s + pos + 1, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        const uint64_t six = UINT64_C(0x0000FFFFFFFFFFFF), hi = UINT64_C(0x0000F0F0F0F0F0F0),
                       threes = UINT64_C(0x0000303030303030);
        uint64_t d = w & six;
        if ((d & hi) == threes && ((d + UINT64_C(0x0000060606060606)) & hi) == threes &&
            !is_digit(s[pos + 7])) {
            d -= threes; /* byte k: the (k+1)th digit */
            int64_t v = 0;
            for (int k = 0; k < 6; k++)
                v = v * 10 + (int64_t)((d >> (8 * k)) & 0xFF);
            *usec = v;
            return 7;
        }
    }
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

/* The offset at s[p]: "Z", "+hh:mm", "+hhmm" or "+hh". Returns the offset
 * after it (p itself, *has_off 0, when there is none), or 0 when it is
 * malformed (p is never 0: a date and a time come before it). */
static size_t read_offset(const char *s, size_t len, size_t p, int *has_off, int32_t *off)
{
    *has_off = 0;
    *off = 0;
    if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
        *has_off = 1;
        return p + 1;
    }
    if (p < len && (s[p] == '+' || s[p] == '-')) {
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
        *off = (oh * 3600 + om * 60) * (s[p] == '-' ? -1 : 1);
        *has_off = 1;
        return q;
    }
    return p;
}

/* memcmp(a, b, 17) == 0 in three loads. */
static int same17(const char *a, const char *b)
{
    uint64_t x, y, u, v;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    memcpy(&u, a + 8, 8);
    memcpy(&v, b + 8, 8);
    return x == y && u == v && a[16] == b[16];
}

size_t rg_time_rfc3339_memo(rg_rfc3339_memo *m, const char *s, size_t len, const rg_time_ctx *ctx,
                            int64_t *at_us, int *flags)
{
    if (!s || len < 19 || s[16] != ':' || !is_digit(s[17]) || !is_digit(s[18]))
        return rg_time_rfc3339(s, len, ctx, at_us, flags);
    if (m->state == 0 || !same17(m->key, s)) {
        char t[20];
        memcpy(m->key, s, 17);
        memcpy(t, s, 17);
        memcpy(t + 17, "00Z", 3);
        int64_t a0;
        m->state = 2;
        if (rg_time_rfc3339(t, 20, ctx, &a0, NULL) == 20) {
            m->state = 1;
            m->base_s = a0 / US_PER_S;
        }
    }
    int se = (s[17] - '0') * 10 + (s[18] - '0');
    if (m->state != 1 || se > 60)
        return rg_time_rfc3339(s, len, ctx, at_us, flags);
    int64_t usec;
    long fl = fraction(s, len, 19, &usec);
    if (fl < 0)
        return 0;
    int has_off;
    int32_t off;
    size_t q = 19 + (size_t)fl, p;
    uint64_t w = 0;
    if (len - q >= 8)
        memcpy(&w, s + q, 8);
    if (m->off_len && len - q >= 8 && (w & m->off_mask) == m->off_word) {
        /* the offset of the stamp before, as written */
        has_off = 1;
        off = m->off;
        p = q + m->off_len;
    } else {
        p = read_offset(s, len, q, &has_off, &off);
        if (!p)
            return 0;
        /* Kept where its bytes alone decide it: "Z", "+hh:mm", "+hhmm"; not
         * "+hh", which reads on into what follows. */
        m->off_len = 0;
        if (has_off && len - q >= 8 && (p - q == 1 || p - q == 5 || p - q == 6)) {
            unsigned char bytes[8] = {0}; /* the mask in memory order, whatever the CPU's */
            memset(bytes, 0xFF, p - q);
            memcpy(&m->off_mask, bytes, 8);
            m->off_len = (unsigned char)(p - q);
            m->off_word = w & m->off_mask;
            m->off = off;
        }
    }
    if (!has_off) /* a local time: the zone's rules, in full */
        return rg_time_rfc3339(s, len, ctx, at_us, flags);
    int leap = se == 60;
    int64_t t = (m->base_s + (leap ? 59 : se) - off + leap) * US_PER_S + usec;
    if (!representable(t))
        return 0;
    if (at_us)
        *at_us = t;
    if (flags)
        *flags = 0;
    return p;
}

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
    p = read_offset(s, len, p, &has_off, &off);
    if (!p)
        return 0;

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

/* A local time without a year: the year is whichever of ref-1, ref, ref+1
 * lands nearest the reference, so a December line read in January belongs to
 * last year, and 29 February is only tried in leap years. Returns 0 and the
 * instant (flags with RG_TIME_LOCAL | RG_TIME_NO_YEAR), -1 when no year fits. */
static int nearest_year(const rg_time_ctx *ctx, int mon, int day, int h, int mi, int se,
                        int64_t usec, int64_t *at_us, int *flags)
{
    int64_t ref;
    if (now_year_ref(ctx, &ref) < 0)
        return -1;
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
        if (rg_time_from_local(zone, (int)y, mon, day, h, mi, se, usec, &t, &f) < 0)
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
        return -1;
    if (at_us)
        *at_us = best;
    if (flags)
        *flags = best_flags | RG_TIME_LOCAL | RG_TIME_NO_YEAR;
    return 0;
}

/* RFC 3164: the year comes from nearest_year. */
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

    if (nearest_year(ctx, mon, day, h, mi, se, usec, at_us, flags) != 0)
        return 0;
    return p;
}

size_t rg_time_syslog_memo_full(rg_syslog_memo *m, const char *s, size_t len,
                                const rg_time_ctx *ctx, int64_t *at_us, int *flags)
{
    if (!s || len < 15 || !ctx || ctx->ref_us == INT64_MIN || !is_digit(s[13]) ||
        !is_digit(s[14]) || s[13] > '5')
        return rg_time_syslog(s, len, ctx, at_us, flags);
    if (m->state == 0 || !rg_same13(m->key, s)) {
        char t[22];
        memcpy(m->key, s, 13);
        memcpy(t, s, 13);
        memcpy(t + 13, "00", 2);
        int64_t a0, a59;
        int f0, f59;
        m->state = 2;
        /* "Nov 3 01:59:1" + "00" is read as 14 bytes: not this layout */
        if (rg_time_syslog(t, 15, ctx, &a0, &f0) != 15)
            return rg_time_syslog(s, len, ctx, at_us, flags);
        memcpy(t + 13, "59.999999", 9);
        if (rg_time_syslog(t, 22, ctx, &a59, &f59) != 22 || a59 - a0 != INT64_C(59999999) ||
            f0 != f59 || (f0 & (RG_TIME_GAP | RG_TIME_OVERLAP)))
            return rg_time_syslog(s, len, ctx, at_us, flags);
        m->state = 1;
        m->base_us = a0;
        m->flags = f0;
    }
    if (m->state != 1)
        return rg_time_syslog(s, len, ctx, at_us, flags);
    int64_t usec;
    long fl = fraction(s, len, 15, &usec);
    if (fl < 0)
        return 0;
    if (at_us)
        *at_us = m->base_us + ((s[13] - '0') * 10 + (s[14] - '0')) * US_PER_S + usec;
    if (flags)
        *flags = m->flags;
    return 15 + (size_t)fl;
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

/* ---- by a format ---- */

/* A run of 1..max digits at s[*p] (at least min). */
static int num_run(const char *s, size_t len, size_t *p, int min, int max, int *out)
{
    int v = 0, n = 0;
    while (*p < len && n < max && is_digit(s[*p])) {
        v = v * 10 + (s[*p] - '0');
        (*p)++;
        n++;
    }
    if (n < min)
        return 0;
    *out = v;
    return 1;
}

/* An English day or month name: its three-letter abbreviation, or the whole
 * name, any case. Returns its index in names (3 letters each) or -1. */
static int name_at(const char *s, size_t len, size_t *p, const char *abbr, const char *const *full,
                   int count)
{
    for (int i = 0; i < count; i++) {
        size_t fl = strlen(full[i]);
        if (*p + fl <= len && strncasecmp(s + *p, full[i], fl) == 0) {
            *p += fl;
            return i;
        }
    }
    for (int i = 0; i < count; i++)
        if (*p + 3 <= len && strncasecmp(s + *p, abbr + 3 * i, 3) == 0) {
            *p += 3;
            return i;
        }
    return -1;
}

static const char month_abbr[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
static const char *const month_full[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};
static const char day_abbr[] = "MonTueWedThuFriSatSun";
static const char *const day_full[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};

int rg_time_format_valid(const char *fmt, char *why, size_t why_len)
{
    int has_date = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%')
            continue;
        f++;
        if (!*f || !strchr("YymdeHMSfbhaAzZsTF%", *f)) {
            snprintf(why, why_len,
                     "has an unknown directive '%%%.1s' (known: %%Y %%y %%m %%d %%e %%H "
                     "%%M %%S %%f %%b %%a %%z %%Z %%s %%T %%F %%%%)",
                     *f ? f : "");
            return -1;
        }
        has_date |= *f == 'd' || *f == 'e' || *f == 's' || *f == 'F';
    }
    if (!has_date) {
        snprintf(why, why_len, "must name the day (%%d or %%e) or epoch seconds (%%s)");
        return -1;
    }
    return 0;
}

size_t rg_time_format_read(const char *fmt, const char *s, size_t len, const rg_time_ctx *ctx,
                           int64_t *at_us, int *flags)
{
    int y = -1, mo = 1, d = 1, h = 0, mi = 0, se = 0, has_off = 0, epoch = 0;
    int32_t off = 0;
    int64_t usec = 0, ep = 0;
    size_t p = 0;
    if (!fmt || !s)
        return 0;
    for (const char *f = fmt; *f; f++) {
        if (*f == ' ') {
            /* One space in the format matches any run of spaces (day padding). */
            if (p >= len || (s[p] != ' ' && s[p] != '\t'))
                return 0;
            while (p < len && (s[p] == ' ' || s[p] == '\t'))
                p++;
            continue;
        }
        if (*f != '%') {
            if (p >= len || s[p] != *f)
                return 0;
            p++;
            continue;
        }
        int ok = 1;
        switch (*++f) {
        case 'Y':
            ok = num_run(s, len, &p, 4, 4, &y);
            break;
        case 'y':
            /* POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068. */
            ok = num_run(s, len, &p, 2, 2, &y);
            y += y >= 69 ? 1900 : 2000;
            break;
        case 'm':
            ok = num_run(s, len, &p, 1, 2, &mo);
            break;
        case 'd':
            ok = num_run(s, len, &p, 1, 2, &d);
            break;
        case 'e':
            while (p < len && s[p] == ' ')
                p++;
            ok = num_run(s, len, &p, 1, 2, &d);
            break;
        case 'H':
            ok = num_run(s, len, &p, 1, 2, &h);
            break;
        case 'M':
            ok = num_run(s, len, &p, 2, 2, &mi);
            break;
        case 'S': {
            /* Seconds, and a fraction after '.' or ',' when the text has one
             * ("12:00:00,123" in log4j, "12:00:00.123456" in Apache 2.4). */
            ok = num_run(s, len, &p, 2, 2, &se);
            long fl = ok ? fraction(s, len, p, &usec) : 0;
            if (fl < 0)
                return 0;
            p += (size_t)fl;
            break;
        }
        case 'f': {
            int64_t v = 0;
            int nd = 0;
            while (p < len && is_digit(s[p])) {
                if (nd < 6)
                    v = v * 10 + (s[p] - '0');
                nd++;
                p++;
            }
            if (nd == 0 || nd > 9)
                return 0;
            for (int i = nd; i < 6; i++)
                v *= 10;
            usec = v;
            break;
        }
        case 'b':
        case 'h': {
            int m = name_at(s, len, &p, month_abbr, month_full, 12);
            ok = m >= 0;
            mo = m + 1;
            break;
        }
        case 'a':
        case 'A':
            ok = name_at(s, len, &p, day_abbr, day_full, 7) >= 0;
            break;
        case 'z':
            if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
                p++;
                has_off = 1;
            } else if (p < len && (s[p] == '+' || s[p] == '-')) {
                int oh = 0, om = 0, neg = s[p] == '-';
                p++;
                ok = digits(s, len, p, 2, &oh);
                p += 2;
                if (ok && p < len && s[p] == ':')
                    p++;
                if (ok && digits(s, len, p, 2, &om))
                    p += 2;
                ok = ok && oh <= 23 && om <= 59;
                off = (oh * 3600 + om * 60) * (neg ? -1 : 1);
                has_off = 1;
            } else {
                ok = 0;
            }
            break;
        case 'Z':
            /* Only the names that mean UTC: any other abbreviation is
             * ambiguous (CST is three zones), so it does not match. */
            if (p + 3 <= len && (strncmp(s + p, "UTC", 3) == 0 || strncmp(s + p, "GMT", 3) == 0))
                p += 3;
            else if (p < len && s[p] == 'Z')
                p++;
            else
                ok = 0;
            has_off = 1;
            break;
        case 's': {
            size_t k = rg_time_epoch_text(s + p, len - p, 1, &ep);
            ok = k > 0;
            p += k;
            epoch = 1;
            break;
        }
        case 'T':
            ok = clock_hms(s, len, p, &h, &mi, &se);
            p += ok ? 8 : 0;
            break;
        case 'F':
            ok = digits(s, len, p, 4, &y) && p + 10 <= len && s[p + 4] == '-' &&
                 digits(s, len, p + 5, 2, &mo) && s[p + 7] == '-' && digits(s, len, p + 8, 2, &d);
            p += ok ? 10 : 0;
            break;
        case '%':
            ok = p < len && s[p] == '%';
            p++;
            break;
        default:
            return 0;
        }
        if (!ok)
            return 0;
    }
    int64_t t;
    int fl = 0;
    if (epoch) {
        t = ep;
    } else if (y < 0) {
        if (!valid_fields(2000, mo, d, h, mi, se) ||
            nearest_year(ctx, mo, d, h, mi, se, usec, &t, &fl) != 0)
            return 0;
        if (has_off) {
            /* A zone but no year: read in UTC, then shift. */
            rg_time_ctx utc = {NULL, ctx ? ctx->ref_us : INT64_MIN};
            if (nearest_year(&utc, mo, d, h, mi, se, usec, &t, &fl) != 0)
                return 0;
            t -= (int64_t)off * US_PER_S;
            fl = RG_TIME_NO_YEAR;
        }
    } else if (has_off) {
        if (!valid_fields(y, mo, d, h, mi, se))
            return 0;
        int leap = se == 60;
        t = (rg_days_from_civil(y, mo, d) * S_PER_DAY + h * 3600 + mi * 60 + (leap ? 59 : se) -
             off + leap) *
                US_PER_S +
            usec;
    } else {
        if (rg_time_from_local(ctx_zone(ctx), y, mo, d, h, mi, se, usec, &t, &fl) < 0)
            return 0;
        fl |= RG_TIME_LOCAL;
    }
    if (at_us)
        *at_us = t;
    if (flags)
        *flags = fl;
    return p;
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

/* ---- times in a format the user gives (a CSV mapping's "time_format") ----
 *
 * Not strptime: that one follows the C locale's month names and differs
 * between C libraries. These conversions are fixed and English, and each
 * reads as many digits as it needs (README, "CSV with a mapping"). */

/* Classes of conversions, to refuse a field given twice. */
enum {
    F_YEAR,
    F_MONTH,
    F_DAY,
    F_HOUR24,
    F_HOUR12,
    F_AMPM,
    F_MINUTE,
    F_SECOND,
    F_FRACTION,
    F_ZONE,
    F_EPOCH,
    F_WEEKDAY,
    F_COUNT
};

/* The class of conversion c, or -1 when c is none we read. */
static int conversion_class(char c)
{
    switch (c) {
    case 'Y':
    case 'y':
        return F_YEAR;
    case 'm':
    case 'b':
    case 'B':
    case 'h':
        return F_MONTH;
    case 'd':
    case 'e':
        return F_DAY;
    case 'H':
        return F_HOUR24;
    case 'I':
        return F_HOUR12;
    case 'p':
        return F_AMPM;
    case 'M':
        return F_MINUTE;
    case 'S':
        return F_SECOND;
    case 'f':
        return F_FRACTION;
    case 'z':
    case 'Z':
        return F_ZONE;
    case 's':
        return F_EPOCH;
    case 'a':
    case 'A':
        return F_WEEKDAY;
    default:
        return -1;
    }
}

/* %F, %T and %R stand for these. */
static const char *conversion_expansion(char c)
{
    switch (c) {
    case 'F':
        return "%Y-%m-%d";
    case 'T':
        return "%H:%M:%S";
    case 'R':
        return "%H:%M";
    default:
        return NULL;
    }
}

static int check_walk(const char *fmt, size_t base, int seen[F_COUNT], char *err, size_t err_len,
                      size_t *at)
{
    for (size_t i = 0; fmt[i]; i++) {
        if (fmt[i] != '%')
            continue;
        char c = fmt[i + 1];
        if (c == '\0') {
            snprintf(err, err_len, "'%%' at the end of the format (write %%%% for a '%%')");
            *at = base + i;
            return -1;
        }
        i++;
        if (c == '%')
            continue;
        const char *exp = conversion_expansion(c);
        if (exp) {
            if (check_walk(exp, base + i - 1, seen, err, err_len, at) != 0)
                return -1;
            continue;
        }
        int k = conversion_class(c);
        if (k < 0) {
            if ((unsigned char)c >= 0x80 || c < 0x20)
                snprintf(err, err_len, "unknown conversion after '%%'");
            else
                snprintf(err, err_len,
                         "unknown conversion '%%%c' (known: %%Y %%y %%m %%d %%e %%b %%B %%H %%I "
                         "%%p %%M %%S %%f %%z %%Z %%s %%a %%F %%T %%R %%%%)",
                         c);
            *at = base + i - 1;
            return -1;
        }
        if (seen[k]) {
            snprintf(err, err_len, "'%%%c' gives a field the format already has", c);
            *at = base + i - 1;
            return -1;
        }
        seen[k] = 1;
    }
    return 0;
}

int rg_time_format_check(const char *fmt, char *err, size_t err_len, size_t *at)
{
    int seen[F_COUNT] = {0};
    size_t where = 0;
    if (!at)
        at = &where;
    *at = 0;
    if (!fmt || !*fmt) {
        snprintf(err, err_len, "the time format is empty");
        return -1;
    }
    if (check_walk(fmt, 0, seen, err, err_len, at) != 0)
        return -1;
    if (seen[F_EPOCH]) {
        for (int k = 0; k < F_COUNT; k++)
            if (seen[k] && k != F_EPOCH && k != F_FRACTION && k != F_ZONE && k != F_WEEKDAY) {
                snprintf(err, err_len,
                         "%%s (seconds since 1970) stands alone: only %%f may go with it");
                return -1;
            }
        return 0;
    }
    if (!seen[F_MONTH] || !seen[F_DAY]) {
        snprintf(err, err_len,
                 "the time format has no %s: give the month (%%m or %%b) and the day (%%d or "
                 "%%e), or use %%s",
                 seen[F_MONTH] ? "day" : "month");
        return -1;
    }
    if (!seen[F_HOUR24] && !seen[F_HOUR12]) {
        snprintf(err, err_len, "the time format has no hour: add %%H (or %%I with %%p)");
        return -1;
    }
    if (seen[F_HOUR24] && seen[F_HOUR12]) {
        snprintf(err, err_len, "the time format has both %%H and %%I: keep one");
        return -1;
    }
    if (seen[F_HOUR12] != seen[F_AMPM]) {
        snprintf(err, err_len,
                 seen[F_AMPM] ? "%%p (AM/PM) needs %%I, the 12-hour clock"
                              : "%%I (12-hour clock) needs %%p for AM/PM");
        return -1;
    }
    return 0;
}

/* Up to max digits (at least one) at s[*p]. */
static int scan_number(const char *s, size_t len, size_t *p, int max, int64_t *out)
{
    int64_t v = 0;
    int n = 0;
    while (*p < len && n < max && is_digit(s[*p])) {
        v = v * 10 + (s[*p] - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n;
}

static char lower_ascii(char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* The index (from 1) of the first of names (full names, each also read by
 * its first three letters) that s[*p] starts with, case-insensitively; 0
 * when none. */
static int scan_name(const char *s, size_t len, size_t *p, const char *const *names, int n)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            size_t l = pass == 0 ? strlen(names[i]) : 3;
            if (*p + l > len)
                continue;
            size_t k = 0;
            while (k < l && lower_ascii(s[*p + k]) == names[i][k])
                k++;
            if (k == l) {
                *p += l;
                return i + 1;
            }
        }
    }
    return 0;
}

static const char *const month_names[12] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};
static const char *const day_names[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};

static size_t scan_walk(const char *fmt, const char *s, size_t len, size_t p, rg_time_fields *f)
{
    for (size_t i = 0; fmt[i]; i++) {
        char c = fmt[i];
        if (c == ' ') {
            if (p >= len || (s[p] != ' ' && s[p] != '\t'))
                return 0;
            while (p < len && (s[p] == ' ' || s[p] == '\t'))
                p++;
            continue;
        }
        if (c != '%' || fmt[i + 1] == '%') {
            if (p >= len || s[p] != c)
                return 0;
            p++;
            if (c == '%')
                i++;
            continue;
        }
        c = fmt[++i];
        const char *exp = conversion_expansion(c);
        if (exp) {
            p = scan_walk(exp, s, len, p, f);
            if (!p)
                return 0;
            continue;
        }
        int64_t v = 0;
        int n;
        size_t q;
        switch (c) {
        case 'Y':
            if (scan_number(s, len, &p, 4, &v) != 4)
                return 0;
            f->year = (int)v;
            f->has_year = 1;
            break;
        case 'y':
            if (scan_number(s, len, &p, 2, &v) != 2)
                return 0;
            f->year = (int)(v < 69 ? 2000 + v : 1900 + v); /* POSIX's pivot */
            f->has_year = 1;
            break;
        case 'm':
            if (!scan_number(s, len, &p, 2, &v) || v < 1 || v > 12)
                return 0;
            f->mon = (int)v;
            break;
        case 'b':
        case 'B':
        case 'h':
            if (!(f->mon = scan_name(s, len, &p, month_names, 12)))
                return 0;
            break;
        case 'e':
            if (p < len && s[p] == ' ')
                p++;
            /* fall through */
        case 'd':
            if (!scan_number(s, len, &p, 2, &v) || v < 1 || v > 31)
                return 0;
            f->day = (int)v;
            break;
        case 'H':
            if (!scan_number(s, len, &p, 2, &v) || v > 23)
                return 0;
            f->hour = (int)v;
            break;
        case 'I':
            if (!scan_number(s, len, &p, 2, &v) || v < 1 || v > 12)
                return 0;
            f->hour = (int)v % 12;
            break;
        case 'p':
            q = p;
            if (q < len && (lower_ascii(s[q]) == 'a' || lower_ascii(s[q]) == 'p')) {
                int pm = lower_ascii(s[q]) == 'p';
                q++;
                if (q < len && s[q] == '.')
                    q++;
                if (q < len && lower_ascii(s[q]) == 'm') {
                    q++;
                    if (q < len && s[q] == '.')
                        q++;
                    f->pm = pm;
                    p = q;
                    break;
                }
            }
            return 0;
        case 'M':
            if (!scan_number(s, len, &p, 2, &v) || v > 59)
                return 0;
            f->min = (int)v;
            break;
        case 'S':
            if (!scan_number(s, len, &p, 2, &v) || v > 60)
                return 0;
            f->sec = (int)v;
            break;
        case 'f': {
            int64_t usec = 0;
            int nd = 0;
            while (p < len && is_digit(s[p]) && nd < 9) {
                if (nd < 6)
                    usec = usec * 10 + (s[p] - '0');
                nd++;
                p++;
            }
            if (!nd || (p < len && is_digit(s[p])))
                return 0;
            for (int k = nd; k < 6; k++)
                usec *= 10;
            f->usec = usec;
            break;
        }
        case 'z': {
            if (p < len && (s[p] == 'Z' || s[p] == 'z')) {
                p++;
                f->has_offset = 1;
                f->offset_s = 0;
                break;
            }
            if (p >= len || (s[p] != '+' && s[p] != '-'))
                return 0;
            int sign = s[p] == '-' ? -1 : 1;
            int oh, om = 0;
            if (!digits(s, len, p + 1, 2, &oh))
                return 0;
            p += 3;
            if (p < len && s[p] == ':') {
                if (!digits(s, len, p + 1, 2, &om))
                    return 0;
                p += 3;
            } else if (digits(s, len, p, 2, &om)) {
                p += 2;
            }
            if (oh > 23 || om > 59)
                return 0;
            f->has_offset = 1;
            f->offset_s = sign * (oh * 3600 + om * 60);
            break;
        }
        case 'Z':
            q = p;
            while (q < len && q - p < 6 &&
                   ((s[q] >= 'A' && s[q] <= 'Z') || (s[q] >= 'a' && s[q] <= 'z')))
                q++;
            if (q == p ||
                (q < len && ((s[q] >= 'A' && s[q] <= 'Z') || (s[q] >= 'a' && s[q] <= 'z'))))
                return 0;
            f->zone = s + p;
            f->zone_len = q - p;
            p = q;
            break;
        case 's': {
            int neg = p < len && s[p] == '-';
            if (neg)
                p++;
            if (!(n = scan_number(s, len, &p, 12, &v)))
                return 0;
            f->has_epoch = 1;
            f->epoch_s = neg ? -v : v;
            break;
        }
        case 'a':
        case 'A':
            if (!scan_name(s, len, &p, day_names, 7))
                return 0;
            break;
        default:
            return 0; /* rg_time_format_check refuses it */
        }
    }
    return p;
}

size_t rg_time_scan(const char *fmt, const char *s, size_t len, rg_time_fields *f)
{
    memset(f, 0, sizeof(*f));
    if (!fmt || !s)
        return 0;
    return scan_walk(fmt, s, len, 0, f);
}

/* Zone abbreviations as status pages and exports print them, with every
 * offset (minutes east of UTC) each is commonly used for. An abbreviation
 * is a name, not a zone: "IST" is India, Ireland and Israel, "CST" the US
 * and China. */
static const struct {
    const char *abbr;
    int16_t min[3];
    int n;
} zone_abbrevs[] = {
    {"UTC", {0}, 1},         {"UT", {0}, 1},     {"GMT", {0}, 1},       {"Z", {0}, 1},
    {"WET", {0}, 1},         {"WEST", {60}, 1},  {"BST", {60, 360}, 2}, {"IST", {330, 60, 120}, 3},
    {"CET", {60}, 1},        {"CEST", {120}, 1}, {"MET", {60}, 1},      {"MEST", {120}, 1},
    {"EET", {120}, 1},       {"EEST", {180}, 1}, {"MSK", {180}, 1},     {"TRT", {180}, 1},
    {"SAST", {120}, 1},      {"WAT", {60}, 1},   {"CAT", {120}, 1},     {"EAT", {180}, 1},
    {"GST", {240}, 1},       {"PKT", {300}, 1},  {"NPT", {345}, 1},     {"ICT", {420}, 1},
    {"WIB", {420}, 1},       {"SGT", {480}, 1},  {"HKT", {480}, 1},     {"AWST", {480}, 1},
    {"PHT", {480}, 1},       {"JST", {540}, 1},  {"KST", {540}, 1},     {"ACST", {570}, 1},
    {"ACDT", {630}, 1},      {"AEST", {600}, 1}, {"AEDT", {660}, 1},    {"NZST", {720}, 1},
    {"NZDT", {780}, 1},      {"HST", {-600}, 1}, {"AKST", {-540}, 1},   {"AKDT", {-480}, 1},
    {"PST", {-480}, 1},      {"PDT", {-420}, 1}, {"MST", {-420}, 1},    {"MDT", {-360}, 1},
    {"CST", {-360, 480}, 2}, {"CDT", {-300}, 1}, {"EST", {-300}, 1},    {"EDT", {-240}, 1},
    {"AST", {-240, 180}, 2}, {"ADT", {-180}, 1}, {"NST", {-210}, 1},    {"NDT", {-150}, 1},
    {"BRT", {-180}, 1},      {"ART", {-180}, 1}, {"CLT", {-240}, 1},
};

int rg_tz_abbrev_offsets(const char *abbr, size_t len, int32_t *offs, int max)
{
    for (size_t i = 0; i < sizeof(zone_abbrevs) / sizeof(zone_abbrevs[0]); i++) {
        const char *a = zone_abbrevs[i].abbr;
        if (strlen(a) != len)
            continue;
        size_t k = 0;
        while (k < len && lower_ascii(abbr[k]) == lower_ascii(a[k]))
            k++;
        if (k != len)
            continue;
        int n = 0;
        for (; n < zone_abbrevs[i].n && n < max; n++)
            offs[n] = zone_abbrevs[i].min[n] * 60;
        return zone_abbrevs[i].n;
    }
    return 0;
}

/* The instant of a local reading in zone (fixed_off when has_fixed), the
 * year taken nearest ref when the text has none. */
static int fields_instant(const rg_time_fields *f, const rg_tz *zone, int has_fixed,
                          int32_t fixed_off, int64_t ref, int64_t *at_us, int *flags)
{
    int y0 = f->year, y1 = f->year;
    if (!f->has_year) {
        int64_t ref_local =
            floor_div(ref, US_PER_S) + (has_fixed ? fixed_off : rg_tz_offset_at(zone, ref));
        int64_t ry;
        int rm, rd;
        rg_civil_from_days(floor_div(ref_local, S_PER_DAY), &ry, &rm, &rd);
        if (ry < 1 || ry > 9998)
            return -1;
        y0 = (int)ry - 1;
        y1 = (int)ry + 1;
    }
    int found = 0;
    uint64_t best_dist = 0;
    for (int y = y0; y <= y1; y++) {
        int64_t t;
        int fl = 0;
        if (has_fixed) {
            if (!valid_fields(y, f->mon, f->day, f->hour, f->min, f->sec))
                continue;
            int leap = f->sec == 60;
            t = rg_days_from_civil(y, f->mon, f->day) * S_PER_DAY + f->hour * 3600 + f->min * 60 +
                (leap ? 59 : f->sec) - fixed_off + leap;
            t = t * US_PER_S + f->usec;
        } else if (rg_time_from_local(zone, y, f->mon, f->day, f->hour, f->min, f->sec, f->usec, &t,
                                      &fl) < 0) {
            continue;
        }
        uint64_t dist = t >= ref ? (uint64_t)t - (uint64_t)ref : (uint64_t)ref - (uint64_t)t;
        if (!found || (!f->has_year && dist < best_dist)) {
            found = 1;
            best_dist = dist;
            *at_us = t;
            *flags = fl | (f->has_year ? 0 : RG_TIME_NO_YEAR);
        }
    }
    return found ? 0 : -1;
}

int rg_time_with_format(const char *fmt, const char *s, size_t len, const rg_time_ctx *ctx,
                        int64_t *at_us, int *flags, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = "it does not match the format";
    if (!s)
        return -1;
    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    rg_time_fields f;
    if (len == 0 || rg_time_scan(fmt, s, len, &f) != len)
        return -1;
    int64_t t;
    int fl = 0;
    if (f.has_epoch) {
        if (f.epoch_s > INT64_MAX / US_PER_S - 1 || f.epoch_s < INT64_MIN / US_PER_S + 1)
            return -1;
        t = f.epoch_s * US_PER_S + (f.epoch_s < 0 ? -f.usec : f.usec);
    } else {
        if (f.pm)
            f.hour += 12;
        int has_fixed = f.has_offset;
        int32_t off = f.offset_s;
        if (f.zone) {
            int32_t offs[3];
            if (rg_tz_abbrev_offsets(f.zone, f.zone_len, offs, 3) != 1) {
                *why = "its zone abbreviation is unknown or stands for several offsets (use %z, "
                       "or leave the zone out and set the source's \"timezone\")";
                return -1;
            }
            has_fixed = 1;
            off = offs[0];
        }
        int64_t ref = 0;
        if (!f.has_year && now_year_ref(ctx, &ref) < 0)
            return -1;
        if (fields_instant(&f, ctx_zone(ctx), has_fixed, off, ref, &t, &fl) != 0) {
            *why = "it names a date that does not exist";
            return -1;
        }
        if (!has_fixed)
            fl |= RG_TIME_LOCAL;
    }
    if (at_us)
        *at_us = t;
    if (flags)
        *flags = fl;
    return 0;
}
