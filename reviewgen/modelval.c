/* modelval.c -- the values of review.json that every module writing part of
 * the model (model.c, recognition.c) writes alike: strings, times, clocks. */
#include "modelval.h"

#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "timeparse.h"

void rg_model_set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

json_t *rg_model_time(int64_t at_us)
{
    char buf[32];
    return json_string(rg_time_format(at_us, buf));
}

int64_t rg_model_day(int64_t at_us)
{
    const int64_t day = INT64_C(86400000000);
    return at_us >= 0 ? at_us - at_us % day : at_us - (day + at_us % day) % day;
}

json_t *rg_model_clock(int64_t at_us, int64_t day0_us)
{
    char buf[32];
    rg_time_format_short(at_us, buf); /* "2026-11-20 14:05:22" */
    if (rg_model_day(at_us) == day0_us)
        return json_string(buf + 11);
    /* another year than the first day's: the year too (README, "Outputs") */
    char first[32];
    rg_time_format_short(day0_us, first);
    return json_string(strncmp(buf, first, 4) == 0 ? buf + 5 : buf);
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* The length of the RFC 3339 UTC time at s ("YYYY-MM-DDThh:mm:ss", an
 * optional fraction, "Z"), 0 when there is none. */
static size_t utc_time_at(const char *s)
{
    if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2))
        return 0;
    size_t n = 19;
    if (s[n] == '.') {
        size_t f = n + 1;
        while (s[f] >= '0' && s[f] <= '9')
            f++;
        if (f == n + 1)
            return 0;
        n = f;
    }
    return s[n] == 'Z' ? n + 1 : 0;
}

char *rg_model_human_times(const char *text, const char *day0, int multi_day)
{
    /* first pass: do two times share a minute, is one on another day? */
    int seconds = 0, dates = multi_day || !day0;
    const char *minutes[16];
    size_t n_minutes = 0;
    for (const char *p = text; *p;) {
        size_t n = utc_time_at(p);
        if (!n || (p > text && (p[-1] >= '0' && p[-1] <= '9'))) {
            p++;
            continue;
        }
        if (day0 && strncmp(p, day0, 10) != 0)
            dates = 1;
        for (size_t i = 0; i < n_minutes; i++)
            if (strncmp(minutes[i], p, 16) == 0 && strncmp(minutes[i], p, 19) != 0)
                seconds = 1;
        if (n_minutes < sizeof(minutes) / sizeof(minutes[0]))
            minutes[n_minutes++] = p;
        p += n;
    }
    rg_buf b = {0};
    int rc = 0;
    for (const char *p = text; *p && rc == 0;) {
        size_t n = utc_time_at(p);
        if (!n || (p > text && (p[-1] >= '0' && p[-1] <= '9'))) {
            rc = rg_buf_putc(&b, *p++);
            continue;
        }
        if (dates)
            rc = rg_buf_printf(&b, "%.10s ", p);
        if (rc == 0)
            rc = rg_buf_printf(&b, "%.*s UTC", seconds ? 8 : 5, p + 11);
        p += n;
    }
    if (rc == 0 && !b.data)
        rc = rg_buf_append(&b, "", 0);
    if (rc != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

const char *rg_model_thousands(uint64_t n, char buf[32])
{
    char digits[24];
    int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)n);
    int o = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}
