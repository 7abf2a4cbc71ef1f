/* jsonlines.c -- streams a JSON-lines application log (pino, bunyan, zap, logrus,
 * slog, ECS) into log events, cut to the incident window while it reads.
 *
 * What it decides, so the README can say it:
 * - A record is a line that opens like a JSON object ('{' then a key or '}').
 *   Any other line (a stack trace, a panic) joins the record before it with
 *   "\n" and is counted as warning "joined"; before any record it is warning
 *   "orphan-line". Blank lines are skipped.
 * - Time: the first of "@timestamp", "timestamp", "time" on the line, else
 *   "ts", "t", "date"; a string in any form rg_time_parse reads (RFC 3339
 *   first), or an epoch number read as text (unit by magnitude: pino's
 *   milliseconds, zap's fractional seconds, "1.5e9" exponents shifted in the
 *   text). A key whose value is not a time falls back to the next key. A
 *   record without a time key is warning "no-time"; with an unreadable one,
 *   warning "bad-time" with its column; a record that is not valid JSON,
 *   warning "bad-json" with jansson's column. Each is skipped, so events read
 *   = events kept + events warned about.
 * - type: "level", "lvl", "severity", "levelname", then "log.level" (dotted or
 *   nested): pino/bunyan numbers (>= 50 error, 40 warning), words error, err,
 *   fatal, panic, dpanic, crit(ical), alert, emerg(ency), severe -> log.error;
 *   warn, warning -> log.warning; anything else (debug, trace, custom) ->
 *   log.info. Without a level field, the first upper-case level word of the
 *   message decides. attrs: "level" (as written), "service".
 * - text: "msg", "message" or "@message"; without one, the whole line.
 * - actor: the host that wrote the line ("host.name", "hostname", "host"), as
 *   for syslog; else the service ("service.name", "service", bunyan's and
 *   pino's "name"); else the logger ("logger", "log.logger").
 * - An empty file is an empty log: no events, no error. A file with text but
 *   not one JSON object line is an error at its first line; UTF-16 too.
 * - Bad UTF-8 and NUL bytes (raw or "\u0000") become U+FFFD (warning "utf8");
 *   a line is read whole up to 64 MiB (RG_RECORD_MAX_LEN: a record is not
 *   cut where a text line would be, at 1 MiB); a longer one keeps its first
 *   MiB as the text of its event (warning "long-line", then reading goes
 *   on); an event's text with its joined lines stops at 4 MiB (warning
 *   "long-text").
 * - A local time at a daylight-saving change warns and takes the first
 *   reading (rg_time_rfc3339's choice).
 * - A line in the window is offered to the fold hook without a jansson tree
 *   when rg_logline_flat reads it (logline.h, jsonflat.h: what a tree would
 *   give, or nothing); only the lines it declines and the lines kept are
 *   parsed with jansson. */
#include "importer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../reviewgen/alloc.h"
#include "jsonflat.h"
#include "jsontree.h"
#include "linereader.h"
#include "logline.h"
#include "prepass.h"
#include "signature.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- the fast look at a line ----
 *
 * Most lines of a big log lie outside the incident window, so a line is first
 * only walked, not parsed: the walk steps over the top-level members of the
 * object (strings by memchr, nested values by counting brackets) and notes
 * where the time keys' values are. Only a line inside the window is parsed
 * with jansson. */

typedef struct span {
    const char *s;
    size_t n;
} span;

/* Time keys, strongest first: @timestamp (ECS), timestamp (GELF), time (pino,
 * bunyan, logrus, slog), @t (CLEF), ts (zap), t, date. The first of the three strong keys ends the
 * walk; the weak ones are used only when no strong one is present. */
enum { K_AT_TIMESTAMP, K_TIMESTAMP, K_TIME, K_AT_T, K_TS, K_T, K_DATE, N_TIME_KEYS };
#define N_STRONG 4
static const char *const time_keys[N_TIME_KEYS] = {"@timestamp", "timestamp", "time", "@t",
                                                   "ts",         "t",         "date"};

enum { V_LITERAL, V_STRING, V_NESTED };

typedef struct skim {
    span v[N_TIME_KEYS];     /* the value (inside the quotes for a string) */
    size_t off[N_TIME_KEYS]; /* where the value starts in the line */
    unsigned char type[N_TIME_KEYS], found[N_TIME_KEYS];
    int has_level, has_msg; /* for sniff */
} skim;

static size_t skip_ws(const char *s, size_t n, size_t p)
{
    while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r' || s[p] == '\n'))
        p++;
    return p;
}

/* i is just after an opening quote; returns the index of the closing quote, or
 * n when the string does not end on this line. */
static size_t string_end(const char *s, size_t n, size_t i)
{
    for (;;) {
        const char *q = i < n ? memchr(s + i, '"', n - i) : NULL;
        if (!q)
            return n;
        size_t j = (size_t)(q - s), b = j;
        while (b > i && s[b - 1] == '\\')
            b--;
        if (((j - b) & 1) == 0)
            return j;
        i = j + 1;
    }
}

static size_t skip_nested(const char *s, size_t n, size_t p)
{
    int depth = 0;
    while (p < n) {
        char c = s[p];
        if (c == '"') {
            p = string_end(s, n, p + 1);
            if (p < n)
                p++;
            continue;
        }
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            if (--depth == 0)
                return p + 1;
        }
        p++;
    }
    return n;
}

static int time_rank(const char *k, size_t n)
{
    switch (n) {
    case 10:
        return memcmp(k, "@timestamp", 10) == 0 ? K_AT_TIMESTAMP : -1;
    case 9:
        return memcmp(k, "timestamp", 9) == 0 ? K_TIMESTAMP : -1;
    case 4:
        return memcmp(k, "time", 4) == 0 ? K_TIME : memcmp(k, "date", 4) == 0 ? K_DATE : -1;
    case 2:
        return k[0] == 't' && k[1] == 's' ? K_TS : k[0] == '@' && k[1] == 't' ? K_AT_T : -1;
    case 1:
        return k[0] == 't' ? K_T : -1;
    default:
        return -1;
    }
}

static int key_is(const char *k, size_t n, const char *const *names)
{
    for (; *names; names++)
        if (strlen(*names) == n && memcmp(*names, k, n) == 0)
            return 1;
    return 0;
}

static const char *const level_keys[] = {"level",     "lvl", "severity", "levelname",
                                         "log.level", "@l",  NULL};
static const char *const msg_keys[] = {"msg", "message",       "@message", "@m",
                                       "@mt", "short_message", NULL};

/* A line is a record when it opens like a JSON object: '{' then a key or '}'.
 * ("{a=1, b=2}" in a stack trace is text.) */
static int looks_like_object(const char *s, size_t n)
{
    size_t p = skip_ws(s, n, 0);
    if (p >= n || s[p] != '{')
        return 0;
    p = skip_ws(s, n, p + 1);
    return p < n && (s[p] == '"' || s[p] == '}');
}

/* Walks the top-level members of the object on the line and fills k. With
 * all = 0 it stops at the first strong time key and returns 1, else it walks
 * to the end and returns 0. The line need not be valid (or complete) JSON: the
 * walk stops where it stops making sense. */
static int skim_line(const char *s, size_t n, skim *k, int all)
{
    memset(k->found, 0, sizeof(k->found));
    k->has_level = k->has_msg = 0;
    size_t p = skip_ws(s, n, skip_ws(s, n, 0) + 1);
    while (p < n && s[p] == '"') {
        size_t ks = p + 1, ke = string_end(s, n, ks);
        if (ke >= n)
            return 0;
        p = skip_ws(s, n, ke + 1);
        if (p >= n || s[p] != ':')
            return 0;
        p = skip_ws(s, n, p + 1);
        if (p >= n)
            return 0;
        size_t vs = p, ve;
        int type = V_LITERAL;
        if (s[p] == '"') {
            type = V_STRING;
            vs = p + 1;
            ve = string_end(s, n, vs);
            p = ve < n ? ve + 1 : n;
        } else if (s[p] == '{' || s[p] == '[') {
            type = V_NESTED;
            p = skip_nested(s, n, p);
            ve = p;
        } else {
            while (p < n && s[p] != ',' && s[p] != '}' && s[p] != ' ' && s[p] != '\t')
                p++;
            ve = p;
        }
        int r = time_rank(s + ks, ke - ks);
        if (r >= 0) {
            if (!k->found[r]) {
                k->found[r] = 1;
                k->v[r] = (span){s + vs, ve - vs};
                k->off[r] = type == V_STRING ? vs - 1 : vs;
                k->type[r] = (unsigned char)type;
                if (r < N_STRONG && !all)
                    return 1;
            }
        } else if (all) {
            k->has_level |= key_is(s + ks, ke - ks, level_keys) ||
                            (ke - ks == 3 && memcmp(s + ks, "log", 3) == 0 && type == V_NESTED);
            k->has_msg |= key_is(s + ks, ke - ks, msg_keys);
        }
        p = skip_ws(s, n, p);
        if (p >= n || s[p] != ',')
            return 0;
        p = skip_ws(s, n, p + 1);
    }
    return 0;
}

/* JSON numbers may carry an exponent ("1.5e9"); epoch text takes plain digits,
 * so the decimal point is moved in the text (never through a double). Returns
 * the length written to out, 0 when v is not such a number. */
static size_t plain_number(const char *v, size_t n, char *out, size_t cap)
{
    char digits[64];
    size_t nd = 0, i = 0, int_digits = 0;
    while (i < n && is_digit(v[i]) && nd < sizeof(digits))
        digits[nd++] = v[i++];
    int_digits = nd;
    if (int_digits == 0)
        return 0;
    if (i < n && v[i] == '.') {
        i++;
        while (i < n && is_digit(v[i]) && nd < sizeof(digits))
            digits[nd++] = v[i++];
    }
    long exp = 0;
    if (i < n && (v[i] == 'e' || v[i] == 'E')) {
        i++;
        int neg = 0;
        if (i < n && (v[i] == '+' || v[i] == '-'))
            neg = v[i++] == '-';
        size_t e0 = i;
        while (i < n && is_digit(v[i]) && exp < 1000)
            exp = exp * 10 + (v[i++] - '0');
        if (i == e0)
            return 0;
        if (neg)
            exp = -exp;
    }
    if (i != n || exp > 30 || exp < -30)
        return 0;
    long point = (long)int_digits + exp;
    size_t o = 0;
    if (point <= 0) {
        if ((size_t)(2 - point) + nd >= cap)
            return 0;
        out[o++] = '0';
        out[o++] = '.';
        for (long z = 0; z < -point; z++)
            out[o++] = '0';
        memcpy(out + o, digits, nd);
        o += nd;
    } else if ((size_t)point >= nd) {
        if ((size_t)point >= cap)
            return 0;
        memcpy(out, digits, nd);
        o = nd;
        while (o < (size_t)point)
            out[o++] = '0';
    } else {
        if (nd + 1 >= cap)
            return 0;
        memcpy(out, digits, (size_t)point);
        o = (size_t)point;
        out[o++] = '.';
        memcpy(out + o, digits + point, nd - (size_t)point);
        o += nd - (size_t)point;
    }
    return o;
}

/* Reads a time value: a string in any form rg_time_parse knows (RFC 3339 is
 * tried first, being the common case), or an epoch number whose unit is
 * guessed by magnitude (pino's milliseconds, zap's fractional seconds). */
static int read_time(span v, int type, const rg_time_ctx *ctx, int64_t *at_us, int *flags)
{
    *flags = 0;
    if (v.n == 0)
        return -1;
    if (type == V_STRING) {
        if (rg_time_rfc3339(v.s, v.n, ctx, at_us, flags) == v.n)
            return 0;
        *flags = 0;
        return rg_time_parse(v.s, v.n, ctx, at_us, flags);
    }
    if (type != V_LITERAL)
        return -1;
    if (rg_time_epoch_text(v.s, v.n, 0, at_us) == v.n)
        return 0;
    char plain[96];
    size_t pn = plain_number(v.s, v.n, plain, sizeof(plain));
    if (pn && rg_time_epoch_text(plain, pn, 0, at_us) == pn)
        return 0;
    return -1;
}

/* ---- the importer ---- */

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_time_ctx ctx;
    rg_linejoin join; /* the event being built: text lines after it may still join it */
    rg_logpeek peek;  /* the fold hook's scratch (README, "Evidence of any size") */
    uint64_t n_records;
    long first_line; /* first non-blank line, for "nothing recognised" */
    /* The minute memo (see outside_minute). */
    char memo_key[48];
    size_t memo_len;
    int memo_state; /* 0 none, 1 the minute lies outside the window, 2 it does not */
    int64_t memo_at;
    /* The line that set an "outside" memo, up to its time's minutes (see
     * same_outside_minute). */
    char prefix[64];
    size_t prefix_len;
    rg_prepass *pre; /* the thread working lines out ahead, or NULL */
} state;

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

/* Hands the event being built to the sink with its joined text. */
static int flush(state *st)
{
    rg_event *ev = st->join.ev;
    if (!ev)
        return 0;
    st->join.ev = NULL;
    ev->text = rg_linejoin_take(&st->join);
    if (!ev->text || st->sink->emit(st->sink, ev) != 0) {
        rg_diag_error(st->sink->diag, st->src->path, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}

/* Column (in characters, from 1) of byte offset off in s. */
static long column_of(const char *s, size_t off)
{
    long col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

static void warn_dst(state *st, span ts, int flags, int64_t at, long line)
{
    char when[32];
    rg_time_format(at, when);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "dst-gap",
                     "local time '%.*s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     (int)ts.n, ts.s, rg_tz_name(st->src->zone), when);
    else if (flags & RG_TIME_OVERLAP)
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "dst-overlap",
                     "local time '%.*s' happens twice in %s (daylight-saving change); read "
                     "as %s, the first one",
                     (int)ts.n, ts.s, rg_tz_name(st->src->zone), when);
}

/* Builds the event of a kept line: fully parsed now, with jansson. */
static int record(state *st, const char *s, size_t n, span ts, int64_t at, int flags, long line,
                  int cut, const rg_flatfold *pre_ff)
{
    /* No longer JSON: its first MiB is its text, as a text log keeps of a
     * line; the 64 MiB read would only weigh on every output. */
    if (cut)
        n = rg_linejoin_cut(&st->join, s, n, line);
    if (flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
        warn_dst(st, ts, flags, at, line);
    /* README, "Evidence of any size": a line the tree-less walk reads
     * (logline.h, rg_logline_flat; pre_ff: the prepass thread's reading of
     * it) is folded without a tree; jansson parses the rest, and the lines
     * kept. */
    int folded = 0;
    if (!cut && st->sink->fold) {
        rg_flatfold ff;
        const rg_flatfold *flat = pre_ff ? pre_ff : rg_logline_flat(s, n, &ff) ? &ff : NULL;
        if (flat) {
            st->peek.raw = s; /* valid UTF-8 without NUL: its own clean copy */
            st->peek.raw_len = n;
            int keep = rg_logpeek_fold_flat(&st->peek, st->sink, flat, at, line);
            if (keep <= 0) {
                st->join.last = RG_JOIN_DROPPED;
                return keep;
            }
            folded = 1;
        }
    }
    char ts_copy[128];
    size_t ts_n = ts.n < sizeof(ts_copy) ? ts.n : sizeof(ts_copy);
    memcpy(ts_copy, ts.s, ts_n); /* the time as written, before s is cleaned */
    const char *c = rg_linejoin_clean(&st->join, s, &n, line);
    if (!c)
        return oom(st, line);
    json_error_t err;
    unsigned long failures = rg_alloc_failures();
    json_t *o = rg_json_loadb(c, n, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
    if (!o && rg_alloc_failures() != failures)
        return oom(st, line); /* jansson says "invalid JSON" when it ran out of memory */
    if (!o && cut) {
        /* A cut line is no longer JSON; keep what was read as the text. */
        o = json_object();
        if (!o)
            return oom(st, line);
    } else if (!o || !json_is_object(o)) {
        if (o)
            rg_diag_warn(st->sink->diag, st->src->path, line, 1, "bad-json",
                         "expected a JSON object");
        else
            rg_diag_warn(st->sink->diag, st->src->path, line, err.column > 0 ? err.column : 0,
                         "bad-json", "invalid JSON: %s", err.text);
        json_decref(o);
        st->join.last = RG_JOIN_DROPPED;
        return 0;
    }
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    st->peek.raw = c; /* the line is the record's identity */
    st->peek.raw_len = n;
    int keep = folded ? 1 : rg_logpeek_fold(&st->peek, st->sink, c, n, o, 0, at, line);
    if (keep <= 0) {
        json_decref(o);
        st->join.last = RG_JOIN_DROPPED;
        return keep;
    }
    int rc = -1;
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        goto out;
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->human = 0;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_time_text(st->a, ts_copy, ts_n, st->src, flags);
    if (!ev->origin || !ev->time_text)
        goto out;
    rg_event_line_identity(ev, c, n);

    /* The field table (actor, level, message; GELF and CLEF too) is the one
     * every log format shares: logline.c. */
    rg_buf_reset(&st->join.text);
    st->join.ev_line = line;
    if (rg_logline_json(st->a, o, c, n, ev, &st->join.text) != 0)
        goto out;
    st->join.ev = ev;
    st->join.last = RG_JOIN_KEPT;
    rc = 0;
out:
    json_decref(o);
    return rc == 0 ? 0 : oom(st, line);
}

static void warn_no_time(state *st, long line)
{
    rg_diag_warn(st->sink->diag, st->src->path, line, 0, "no-time",
                 "JSON line has no time field (\"@timestamp\", \"timestamp\", \"time\", \"@t\", "
                 "\"ts\", \"t\" or \"date\"); skipped");
}

/* Most lines of a big file lie outside the window. Lines come in time order,
 * many to a minute, so the verdict is kept for the current minute: for an RFC
 * 3339 value "2026-11-20T14:02:SS[.fff]ZONE", rg_time_rfc3339 reads the
 * minute's :00 and :59 (same zone text); when they are 59 s apart, flags alike,
 * and every second of the minute falls outside the window, the lines of that
 * minute are counted outside without reading their time again. Other shapes,
 * and minutes that touch the window, are read in full. Returns 1 when the
 * value is outside the window (and counted), 0 when it must be read. */
static int outside_minute(state *st, span v)
{
    const char *s = v.s;
    if (!st->sink->has_window || v.n < 19 || v.n > 40 || s[4] != '-' || s[13] != ':' ||
        s[16] != ':' || !is_digit(s[17]) || !is_digit(s[18]) || s[17] > '6' ||
        (s[17] == '6' && s[18] != '0'))
        return 0;
    size_t p = 19;
    if (p < v.n && s[p] == '.') {
        size_t f = ++p;
        while (p < v.n && is_digit(s[p]))
            p++;
        if (p == f || p - f > 9)
            return 0;
    }
    /* The key: the text up to the minutes, then the zone ("Z", "+07:00", ""). */
    size_t rest = v.n - p, key_len = 16 + rest;
    if (st->memo_state == 0 || st->memo_len != key_len || memcmp(st->memo_key, s, 16) != 0 ||
        memcmp(st->memo_key + 16, s + p, rest) != 0) {
        memcpy(st->memo_key, s, 16);
        memcpy(st->memo_key + 16, s + p, rest);
        st->memo_len = key_len;
        st->memo_state = 2;
        st->prefix_len = 0;
        char t[48];
        size_t tn = 19 + rest;
        memcpy(t, s, 16);
        memcpy(t + 19, s + p, rest);
        int64_t a0, a59;
        int f0, f59;
        t[16] = ':', t[17] = '0', t[18] = '0';
        if (rg_time_rfc3339(t, tn, &st->ctx, &a0, &f0) != tn)
            return 0;
        t[17] = '5', t[18] = '9';
        if (rg_time_rfc3339(t, tn, &st->ctx, &a59, &f59) != tn)
            return 0;
        if (a59 - a0 != INT64_C(59000000) || f0 != f59 || (f0 & (RG_TIME_GAP | RG_TIME_OVERLAP)))
            return 0;
        int64_t lo = a0 + st->src->offset_us, hi = lo + INT64_C(60999999);
        if (hi < st->sink->from_us || lo > st->sink->to_us) {
            st->memo_state = 1;
            st->memo_at = a0;
        }
    }
    if (st->memo_state != 1)
        return 0;
    return !rg_sink_keep(st->sink, st->memo_at + st->src->offset_us);
}

/* A line that starts with the same bytes as the line that found its minute
 * outside the window, up to the minutes of its time, has the same members
 * before its time key, so the walk would find the same key; when the value
 * goes on with ":SS", an optional fraction and the same zone text, it is in
 * the same minute. Returns 1 when that is so (and counts the line outside). */
static int same_outside_minute(state *st, const char *s, size_t n)
{
    size_t p = st->prefix_len;
    if (p == 0 || st->memo_state != 1 || n < p + 4 || memcmp(s, st->prefix, p) != 0 ||
        s[p] != ':' || !is_digit(s[p + 1]) || !is_digit(s[p + 2]) || s[p + 1] > '6' ||
        (s[p + 1] == '6' && s[p + 2] != '0'))
        return 0;
    p += 3;
    if (p < n && s[p] == '.') {
        size_t f = ++p;
        while (p < n && is_digit(s[p]))
            p++;
        if (p == f || p - f > 9)
            return 0;
    }
    size_t zone = st->memo_len - 16;
    if (n - p <= zone || memcmp(s + p, st->memo_key + 16, zone) != 0 || s[p + zone] != '"')
        return 0;
    return !rg_sink_keep(st->sink, st->memo_at + st->src->offset_us);
}

/* ---- the prepass thread (prepass.h) ----
 *
 * For a line whose first time key in handle_line's order reads as RFC 3339
 * or an epoch number, and which rg_logline_flat reads, the thread works out
 * what handle_line and record would: the instant, the time's place, the
 * flat read's offsets and type, and, when the text is the line's own bytes,
 * the signature's part of the cluster key. Any other line (another time
 * form, one rg_time_parse reads, a line the walk declines) gets no record
 * and is worked out on the importer's thread, as every line is without the
 * thread. The window, the fold and everything after stay in file order on
 * the importer's thread. */

#define PRE_NONE UINT32_MAX

typedef struct pre_line {
    int64_t at_us; /* before the source's clock offset */
    uint64_t acc;
    const char *type;
    uint32_t ts, ts_len, text, text_len, more, more_len, actor, actor_len; /* PRE_NONE: none */
    int32_t flags;
    int8_t word_type, text_escaped, more_escaped, actor_escaped, has_sig, marked;
} pre_line;

_Static_assert(sizeof(pre_line) <= RG_PREPASS_REC_MAX, "a prepass record holds a pre_line");

/* The thread's own copy (rg_prepass_start copies it): the time context. */
typedef struct pre_ctx {
    rg_time_ctx ctx;
} pre_ctx;

static uint32_t pre_off(const char *s, const char *p)
{
    return p ? (uint32_t)(p - s) : PRE_NONE;
}

static int pre_work(void *ctx, const char *s, size_t n, void *rec)
{
    const pre_ctx *c = ctx;
    pre_line *pl = rec;
    if (n >= PRE_NONE || !looks_like_object(s, n))
        return 0;
    skim k;
    skim_line(s, n, &k, 0);
    int r = 0;
    while (r < N_TIME_KEYS && !k.found[r])
        r++;
    if (r == N_TIME_KEYS)
        return 0;
    /* the first key read as read_time reads it, but never by
     * rg_time_parse (the importer's thread takes those) */
    span v = k.v[r];
    int64_t at;
    int flags = 0;
    if (k.type[r] == V_STRING) {
        if (v.n == 0 || rg_time_rfc3339(v.s, v.n, &c->ctx, &at, &flags) != v.n)
            return 0;
    } else if (k.type[r] != V_LITERAL || read_time(v, V_LITERAL, &c->ctx, &at, &flags) != 0) {
        return 0;
    }
    rg_flatfold ff;
    if (!rg_logline_flat(s, n, &ff))
        return 0;
    pl->at_us = at;
    pl->flags = flags;
    pl->ts = (uint32_t)(v.s - s);
    pl->ts_len = (uint32_t)v.n;
    pl->type = ff.type;
    pl->word_type = (int8_t)ff.word_type;
    pl->text = pre_off(s, ff.text);
    pl->text_len = (uint32_t)ff.text_len;
    pl->more = pre_off(s, ff.more);
    pl->more_len = (uint32_t)ff.more_len;
    pl->actor = pre_off(s, ff.actor);
    pl->actor_len = (uint32_t)ff.actor_len;
    pl->text_escaped = (int8_t)ff.text_escaped;
    pl->more_escaped = (int8_t)ff.more_escaped;
    pl->actor_escaped = (int8_t)ff.actor_escaped;
    if (!ff.more && !ff.text_escaped) { /* the text is the line's own bytes */
        if (ff.word_type) {
            pl->type = rg_level_word_type(ff.text, ff.text_len);
            pl->word_type = 0;
        }
        int marked;
        pl->acc = rg_signature_acc(ff.text, ff.text_len, &marked);
        pl->marked = (int8_t)marked;
        pl->has_sig = 1;
    }
    return 1;
}

/* rg_logline_flat's read of line s, from the prepass record. */
static void pre_flatfold(const pre_line *pl, const char *s, rg_flatfold *ff)
{
    memset(ff, 0, sizeof(*ff));
    ff->type = pl->type;
    ff->word_type = pl->word_type;
    ff->text = s + pl->text;
    ff->text_len = pl->text_len;
    ff->more = pl->more == PRE_NONE ? NULL : s + pl->more;
    ff->more_len = pl->more_len;
    ff->actor = pl->actor == PRE_NONE ? NULL : s + pl->actor;
    ff->actor_len = pl->actor_len;
    ff->text_escaped = pl->text_escaped;
    ff->more_escaped = pl->more_escaped;
    ff->actor_escaped = pl->actor_escaped;
    ff->has_sig = pl->has_sig;
    ff->sig_marked = pl->marked;
    ff->sig_acc = pl->acc;
}

static int handle_line(state *st, const char *s, size_t n, long line, int cut, uint64_t off)
{
    if (same_outside_minute(st, s, n)) {
        st->n_records++;
        st->join.last = RG_JOIN_DROPPED;
        /* Most lines of a big file end here with nothing to flush: testing
         * first saves a call a line, which keeps the loop in registers. */
        return st->join.ev ? flush(st) : 0;
    }
    if (rg_is_blank(s, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    if (!looks_like_object(s, n))
        return rg_linejoin_continue(
            &st->join, s, n, line, cut,
            "line is not a JSON object and no line before it is one; skipped",
            "line is not a JSON object and was joined to the line before");
    st->n_records++;
    if (flush(st) != 0)
        return -1;
    st->join.last = RG_JOIN_DROPPED;
    const pre_line *pre = st->pre && !cut ? rg_prepass_take(st->pre, off, s, n) : NULL;
    if (pre) {
        int64_t at = pre->at_us + st->src->offset_us;
        if (!rg_sink_keep(st->sink, at))
            return 0;
        rg_flatfold ff;
        pre_flatfold(pre, s, &ff);
        return record(st, s, n, (span){s + pre->ts, pre->ts_len}, at, pre->flags, line, cut, &ff);
    }
    skim k;
    int early = skim_line(s, n, &k, 0);
    int first = -1;
    int64_t at = 0;
    int flags = 0;
    for (int r = 0; r < N_TIME_KEYS; r++) {
        if (!k.found[r])
            continue;
        if (first < 0) {
            first = r;
            if (k.type[r] == V_STRING && outside_minute(st, k.v[r])) {
                size_t end = (size_t)(k.v[r].s - s) + 16;
                if (end <= sizeof(st->prefix)) {
                    memcpy(st->prefix, s, end);
                    st->prefix_len = end;
                }
                return 0;
            }
        }
        if (read_time(k.v[r], k.type[r], &st->ctx, &at, &flags) == 0) {
            at += st->src->offset_us;
            if (!rg_sink_keep(st->sink, at))
                return 0;
            return record(st, s, n, k.v[r], at, flags, line, cut, NULL);
        }
        /* "time": "12ms" beside a real "timestamp" later on the line. */
        if (early) {
            early = skim_line(s, n, &k, 1);
            r = -1;
            first = -1;
        }
    }
    if (first >= 0) {
        size_t vn = k.v[first].n > 40 ? 40 : k.v[first].n;
        while (vn > 0 && vn < k.v[first].n && ((unsigned char)k.v[first].s[vn] & 0xC0) == 0x80)
            vn--;
        rg_diag_warn(st->sink->diag, st->src->path, line, column_of(s, k.off[first]), "bad-time",
                     "unreadable time '%.*s%s' in \"%s\"; line skipped", (int)vn, k.v[first].s,
                     vn < k.v[first].n ? "..." : "", time_keys[first]);
        return 0;
    }
    /* No time key: a JSON record without time, or text that only looks like
     * one. Rare, so jansson decides. */
    json_error_t err;
    json_t *o = rg_json_loadb(s, n, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
    if (o)
        warn_no_time(st, line);
    else
        rg_diag_warn(st->sink->diag, st->src->path, line, err.column > 0 ? err.column : 0,
                     "bad-json", "invalid JSON: %s", err.text);
    json_decref(o);
    return 0;
}

/* The seek's line time (linereader.h): the time handle_line would read, or
 * none for a line that is not an object with a readable time. A local time
 * that happens twice or not at all cannot order a file. */
static int line_time(void *ctx, const char *s, size_t n, int64_t *at_us)
{
    state *st = ctx;
    if (!looks_like_object(s, n))
        return RG_LINE_NO_TIME;
    skim k;
    int early = skim_line(s, n, &k, 0);
    for (int r = 0; r < N_TIME_KEYS; r++) {
        if (!k.found[r])
            continue;
        int flags = 0;
        if (read_time(k.v[r], k.type[r], &st->ctx, at_us, &flags) == 0) {
            if (flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
                return RG_LINE_NO_SEEK;
            *at_us += st->src->offset_us;
            return RG_LINE_TIME;
        }
        if (early) {
            early = skim_line(s, n, &k, 1);
            r = -1;
        }
    }
    return RG_LINE_NO_TIME;
}

/* hot: the loop below runs for every line of files of gigabytes; without it GCC's
 * guessed profile may treat the per-line code as cold and call memcmp for the
 * short compares it would otherwise inline. */
__attribute__((hot)) static int parse(const rg_source *src, rg_sink *sink)
{
    state st;
    memset(&st, 0, sizeof(st));
    st.src = src;
    st.sink = sink;
    st.a = sink->arena;
    st.ctx.zone = src->zone;
    st.ctx.ref_us = src->ref_us;
    rg_linejoin_init(&st.join, src->path, sink);
    st.source = rg_arena_strdup(st.a, src->name ? src->name : src->path);
    if (!st.source)
        return rg_diag_error(sink->diag, src->path, 0, 0, "out of memory");

    rg_linereader r;
    if (rg_linereader_open(&r, src->path, sink) != 0)
        return -1;
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
    st.join.cut_at = RG_RECORD_MAX_LEN;
    int rc = 0;
    if (rg_linereader_seek(&r, line_time, &st) != 0) {
        rc = -1;
        goto done;
    }
    /* The thread that works lines out ahead (prepass.h): plain files only,
     * whose lines lie at known offsets. */
    pre_ctx pc = {st.ctx};
    if (r.z.codec == RG_Z_PLAIN && sink->fold && !r.eof)
        st.pre = rg_prepass_start(src->path, r.pos - (r.end - r.start), r.limit, pre_work, &pc,
                                  sizeof(pc), sizeof(pre_line));
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1) {
        uint64_t off = r.pos - (r.end - (size_t)(line - r.buf)); /* r.pos is buf[end]'s */
        if (handle_line(&st, line, len, r.line, cut, off) != 0) {
            rc = -1;
            goto done;
        }
    }
    if (got < 0 || flush(&st) != 0) {
        rc = -1;
        goto done;
    }
    rg_linereader_finish(&r);
    /* An empty file is an empty log (no events, no error); a file with text
     * but not one JSON object line is not JSON lines at all. */
    if (st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected one JSON object per line, found no line that is one");
done:
    rg_prepass_stop(st.pre);
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    rg_logpeek_free(&st.peek);
    return rc;
}

/* High when the first non-blank line is a JSON object with a time key and a
 * level or message key; a pretty-printed document ("{" alone) scores nothing. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = 0;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < head_len) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (rg_is_blank(s, n))
            continue;
        if (!looks_like_object(s, n))
            return 0;
        skim k;
        skim_line(s, n, &k, 1);
        int has_time = 0;
        for (int r = 0; r < N_TIME_KEYS; r++)
            has_time |= k.found[r] && k.type[r] != V_NESTED;
        if (has_time && (k.has_level || k.has_msg))
            return 90;
        return has_time ? 60 : 5;
    }
    return 0;
}

const rg_importer rg_importer_jsonlines = {
    .name = "jsonlines",
    .kind = RG_KIND_LOG,
    .summary = "JSON-lines application logs: pino, bunyan, zap, logrus, slog, ECS",
    .recognises = "one JSON object per line with a time key (\"time\", \"ts\", \"@timestamp\", "
                  "...) and a level or message key",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
