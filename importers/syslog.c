/* syslog.c -- streams a syslog file (RFC 3164, rsyslog's RFC 3339 form, RFC 5424)
 * into log events, cut to the incident window while it reads (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - A record is a line that starts with an optional <PRI>, an optional RFC 5424
 *   version and a timestamp: "Mmm dd hh:mm:ss[.ffffff]" (rg_time_syslog: the
 *   source's zone, the year nearest the incident) or RFC 3339. Any other line
 *   (indented continuation, wrapped text, stack trace) joins the record before
 *   it with "\n" and is counted as warning "joined"; before any record it is
 *   warning "orphan-line". Blank lines are skipped.
 * - type: the PRI's severity 0-3 is log.error, 4 log.warning, else log.info;
 *   without a PRI, a level word where the host would be ("TIME WARN text"),
 *   else the first upper-case level word of the message decides.
 *   actor: the HOSTNAME (NULL when absent, "-" or a level word: those are not
 *   hosts). attrs: "app" (APP-NAME or TAG), "pid", "msgid", "sd" (RFC 5424
 *   structured data as written), "level" (the PRI's severity name).
 * - "last message repeated N times" and rsyslog's "message repeated N times:
 *   [text]" are not events: N is added to attr "repeated" of the event they
 *   repeat (and dropped with it when that event is outside the window), and
 *   handed to the core (rg_sink_fold_repeat), which counts the N lines in
 *   the minute of the line they repeat, folded or kept.
 * - Without an incident window, a year-less time takes its year from the
 *   other sources' evidence, else the file's modification time, and says which
 *   (warning "no-year").
 * - A <PRI> line without a readable timestamp (or with "-") is warning
 *   "bad-time", with its line and column.
 * - An empty file is an empty log: no events, no error. A file with text but
 *   not one record is an error at its first line; UTF-16 is an error too.
 * - Bad UTF-8 and NUL bytes become U+FFFD (warning "utf8"); a line longer than
 *   1 MiB keeps its first MiB (warning "long-line", then reading goes on); an
 *   event's text with its joined lines stops at 4 MiB (warning "long-text").
 * - A local time that happens twice at a fall-back takes the reading nearer the
 *   line before it (logs are written in order); one that does not exist is
 *   read shifted forward; both warn, saying which reading was taken.
 * - A plain file with 32 MiB or more to read is read on two threads
 *   (split.h): the second runs handle_line over the second part with `shard`
 *   set, handing back what depends on the lines before; a smaller file of
 *   8 MiB or more has the prepass thread (prepass.h). Either way the review
 *   is that of one reading. */
#include "importer.h"

#include <errno.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "linereader.h"
#include "prepass.h"
#include "signature.h"
#include "split.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* ---- the syslog line ---- */

typedef struct span {
    const char *s;
    size_t n;
} span;

typedef struct header {
    int has_pri, pri;
    int v5424;         /* "<PRI>VERSION " seen */
    size_t ts, ts_len; /* the timestamp as written */
    size_t body;       /* offset of what follows the timestamp */
    int64_t at_us;
    int flags;
} header;

typedef struct fields {
    span host, app, pid, msgid, sd, msg;
    span level; /* a level word where the host would be ("... WARN text"), or empty */
} fields;

enum { LINE_TEXT = 0, LINE_RECORD = 1, LINE_NO_TIME = 2 };

/* The importer's memos of the current minute, one per stamp form. */
typedef struct memos {
    rg_syslog_memo rfc3164;
    rg_rfc3339_memo rfc3339;
} memos;

/* What the prepass thread works out for a line (prepass.h), which is what
 * handle_line and record would: read_header's result and, for a record,
 * read_body's fields as offsets into the line, the type, and the
 * signature's part of the cluster key. Packed (lines of up to 65,535 bytes;
 * longer ones get no record), so that a slot of the ring is two cache lines. */
typedef struct pre_line {
    int64_t at_us;
    uint64_t acc;
    const char *type;
    uint32_t ts, ts_len, body;
    int32_t flags;
    uint16_t at[7], len[7]; /* host, app, pid, msgid, sd, msg, level; at 0xFFFF: NULL */
    uint8_t pri;
    int8_t kind, has_pri, v5424, has_body, marked;
} pre_line;

_Static_assert(sizeof(pre_line) <= RG_PREPASS_REC_MAX, "a prepass record holds a pre_line");

/* The thread's own (copied by rg_prepass_start): the time context and its
 * memos. */
typedef struct pre_ctx {
    rg_time_ctx ctx;
    memos memo;
} pre_ctx;

_Static_assert(sizeof(pre_ctx) <= RG_PREPASS_CTX_MAX, "a prepass context holds a pre_ctx");

/* Reads the optional <PRI>, the optional RFC 5424 version and the timestamp.
 * Returns LINE_RECORD, LINE_TEXT when the line has no timestamp (a line that
 * continues the one before), or LINE_NO_TIME when it has a PRI (or a 5424
 * NILVALUE timestamp) but no readable time. memo, when not NULL, is the
 * importer's for lines read in order (rg_time_syslog_memo: the same times). */
static inline __attribute__((always_inline)) int
read_header(const char *s, size_t n, const rg_time_ctx *ctx, memos *memo, header *h)
{
    size_t i = 0;
    memset(h, 0, sizeof(*h));
    if (n > 2 && s[0] == '<') {
        size_t j = 1;
        int pri = 0;
        while (j < n && j < 4 && is_digit(s[j]))
            pri = pri * 10 + (s[j++] - '0');
        if (j > 1 && j < n && s[j] == '>' && pri <= 191) {
            h->has_pri = 1;
            h->pri = pri;
            i = j + 1;
        }
    }
    if (h->has_pri && i < n && s[i] >= '1' && s[i] <= '9') {
        size_t j = i;
        while (j < n && j - i < 3 && is_digit(s[j]))
            j++;
        if (j < n && s[j] == ' ') {
            h->v5424 = 1;
            i = j + 1;
        }
    }
    h->ts = i;
    if (h->v5424 && i < n && s[i] == '-' && (i + 1 == n || s[i + 1] == ' '))
        return LINE_NO_TIME;
    size_t k;
    if (i < n && is_digit(s[i]))
        k = memo ? rg_time_rfc3339_memo(&memo->rfc3339, s + i, n - i, ctx, &h->at_us, &h->flags)
                 : rg_time_rfc3339(s + i, n - i, ctx, &h->at_us, &h->flags);
    else if (memo)
        k = rg_time_syslog_memo(&memo->rfc3164, s + i, n - i, ctx, &h->at_us, &h->flags);
    else
        k = rg_time_syslog(s + i, n - i, ctx, &h->at_us, &h->flags);
    /* A timestamp ends the line or is followed by a space or the ':' of
     * "Feb 29 01:15:43: text"; "2026-11-20 14:02:03,123" is some other format. */
    if (k == 0 || (i + k < n && s[i + k] != ' ' && s[i + k] != ':'))
        return h->has_pri ? LINE_NO_TIME : LINE_TEXT;
    h->ts_len = k;
    h->body = i + k;
    return LINE_RECORD;
}

/* The end of the token at p: the next space, or n. Sixteen bytes to a
 * compare where the line has them: the host and the tag of every line are
 * found this way, and the byte loop was 10 % of a whole-day build. */
static size_t token_end(const char *s, size_t n, size_t p)
{
#if defined(__SSE2__)
    for (; p + 16 <= n; p += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')));
        if (m)
            return p + (size_t)__builtin_ctz(m);
    }
#endif
    while (p < n && s[p] != ' ')
        p++;
    return p;
}

static span nil_span(span t)
{
    if (t.n == 1 && t.s[0] == '-')
        t.n = 0;
    return t;
}

/* RFC 5424 after the timestamp: SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP
 * STRUCTURED-DATA [SP MSG], "-" meaning no value. Returns 0, or -1 when the
 * line does not have that shape (rsyslog's "host tag: msg" is tried next). */
static int body_5424(const char *s, size_t n, size_t p, fields *f)
{
    span t[4];
    for (int k = 0; k < 4; k++) {
        if (p >= n || s[p] != ' ')
            return -1;
        p++;
        size_t e = token_end(s, n, p);
        if (e == p)
            return -1;
        t[k] = (span){s + p, e - p};
        p = e;
        /* "host app: ..." is RFC 3164 even when what follows happens to
         * fit: told before the two tokens after it are looked for (every
         * rsyslog RFC 3339 line comes here first). */
        if (k == 1 && t[1].s[t[1].n - 1] == ':')
            return -1;
    }
    if (p >= n || s[p] != ' ')
        return -1;
    p++;
    size_t sd = p;
    if (p < n && s[p] == '-') {
        p++;
    } else if (p < n && s[p] == '[') {
        while (p < n && s[p] == '[') {
            p++;
            int quoted = 0;
            while (p < n && (quoted || s[p] != ']')) {
                if (quoted && s[p] == '\\')
                    p++;
                else if (s[p] == '"')
                    quoted = !quoted;
                p++;
            }
            if (p >= n)
                return -1;
            p++;
        }
    } else {
        return -1;
    }
    if (p < n && s[p] != ' ')
        return -1;
    f->host = nil_span(t[0]);
    f->app = nil_span(t[1]);
    f->pid = nil_span(t[2]);
    f->msgid = nil_span(t[3]);
    f->sd = s[sd] == '-' ? (span){s + sd, 0} : (span){s + sd, p - sd};
    while (p < n && s[p] == ' ')
        p++;
    if (n - p >= 3 && memcmp(s + p, "\xEF\xBB\xBF", 3) == 0)
        p += 3; /* RFC 5424 lets MSG open with a BOM */
    f->msg = (span){s + p, n - p};
    return 0;
}

/* "app[123]:" or "app:" -- the RFC 3164 TAG; the line goes on to end. */
static inline __attribute__((always_inline)) int tag(span t, const char *end, fields *f)
{
    if (t.n < 2 || t.s[t.n - 1] != ':')
        return 0;
    size_t inner = t.n - 1;
    if (t.s[inner - 1] == ']') {
        const char *lb;
#if !defined(__SSE2__)
        (void)end;
#else
        /* Sixteen bytes to a compare where the line has them: a memchr call
         * for the '[' of every line's tag was 4 % of a whole-day build. */
        if (inner <= 16 && end - t.s >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)t.s);
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('['))) &
                         ((1u << inner) - 1);
            lb = m ? t.s + __builtin_ctz(m) : NULL;
        } else
#endif
        {
            lb = memchr(t.s, '[', inner);
        }
        if (lb && lb > t.s) {
            f->app = (span){t.s, (size_t)(lb - t.s)};
            f->pid = (span){lb + 1, (size_t)(t.s + inner - 1 - (lb + 1))};
            return 1;
        }
    }
    f->app = (span){t.s, inner};
    return 1;
}

/* RFC 3164 after the timestamp: [HOST] [TAG:] MSG. A first word that is a tag
 * means the host was left out ("kernel: ..."); a ':' right after the time
 * means neither is there ("Feb 29 01:15:43: --- text ---"). */
static void body_3164(const char *s, size_t n, size_t p, fields *f)
{
    while (p < n && s[p] == ' ')
        p++;
    if (p < n && s[p] == ':') {
        p++;
    } else if (p < n) {
        size_t e = token_end(s, n, p);
        if (tag((span){s + p, e - p}, s + n, f)) {
            p = e;
        } else if (e - p == 1 && s[p] == '-') {
            /* A separator, not a host: "2024-05-01T12:00:00Z - app: text". */
            p = e;
            while (p < n && s[p] == ' ')
                p++;
            e = token_end(s, n, p);
            if (tag((span){s + p, e - p}, s + n, f))
                p = e;
        } else if (rg_level_may_be_word(s + p, e - p) && rg_level_is_word(s + p, e - p)) {
            /* "2024-05-01T12:00:00.123Z WARN text": a level, not a host; it
             * stays in the message and sets the type. */
            f->level = (span){s + p, e - p};
        } else {
            f->host = (span){s + p, e - p};
            p = e;
            while (p < n && s[p] == ' ')
                p++;
            e = token_end(s, n, p);
            if (tag((span){s + p, e - p}, s + n, f))
                p = e;
        }
    }
    while (p < n && s[p] == ' ')
        p++;
    f->msg = (span){s + p, n - p};
}

static inline __attribute__((always_inline)) void read_body(const char *s, size_t n,
                                                            const header *h, fields *f)
{
    /* Assigned, not memset: this runs for every line, and GCC turns a memset
     * of this size into "rep stos", slow to start (16 % of the importer's
     * time when it was done twice). body_5424 writes f only when it succeeds. */
    static const fields none;
    *f = none;
    /* rsyslog's RFC 3339 lines without <PRI> can be either shape
     * ("2022-08-27T14:22:01Z host NSX 3106 - [sd] msg" or "... host app: msg"). */
    if ((h->v5424 || is_digit(s[h->ts])) && body_5424(s, n, h->body, f) == 0)
        return;
    body_3164(s, n, h->body, f);
}

/* rsyslog's reduction of repeated messages: "message repeated 5 times: [
 * text]" (after the tag of the program that repeated). Returns N, or 0. */
static long rsyslog_repeated(span m)
{
    static const char lead[] = "message repeated ";
    size_t ll = sizeof(lead) - 1;
    const char *s = m.s;
    size_t n = m.n;
    if (n <= ll + 10 || memcmp(s, lead, ll) != 0 || s[n - 1] != ']')
        return 0;
    size_t i = ll;
    long v = 0;
    while (i < n && is_digit(s[i]) && v < 100000000)
        v = v * 10 + (s[i++] - '0');
    if (i == ll)
        return 0;
    if (n - i > 10 && memcmp(s + i, " times: [", 9) == 0)
        return v;
    if (n - i > 9 && memcmp(s + i, " time: [", 8) == 0)
        return v;
    return 0;
}

/* "last message repeated 5 times", with or without rsyslog's "--- ... ---".
 * Returns N, or 0 when msg is something else. */
static long repeated(span m)
{
    const char *s = m.s;
    size_t n = m.n;
    if (n >= 4 && memcmp(s, "--- ", 4) == 0) {
        s += 4;
        n -= 4;
        if (n >= 4 && memcmp(s + n - 4, " ---", 4) == 0)
            n -= 4;
    }
    static const char lead[] = "last message repeated ";
    size_t ll = sizeof(lead) - 1;
    if (n <= ll || memcmp(s, lead, ll) != 0)
        return 0;
    size_t i = ll;
    long v = 0;
    while (i < n && is_digit(s[i]) && v < 100000000)
        v = v * 10 + (s[i++] - '0');
    if (i == ll)
        return 0;
    if ((n - i == 6 && memcmp(s + i, " times", 6) == 0) ||
        (n - i == 5 && memcmp(s + i, " time", 5) == 0))
        return v;
    return 0;
}

static int contains(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (const char *p = s; (size_t)(s + n - p) >= m; p++) {
        p = memchr(p, needle[0], (size_t)(s + n - p) - m + 1);
        if (!p)
            return 0;
        if (memcmp(p, needle, m) == 0)
            return 1;
    }
    return 0;
}

/* README, "Milestones and durations": the PRI's severity when there is one
 * (0-3 emerg..err are errors, 4 warning), else a level word where the host
 * would be, else in the message. */
static inline __attribute__((always_inline)) const char *line_type(const header *h, const fields *f)
{
    if (h->has_pri)
        return rg_level_syslog_type(h->pri & 7);
    const char *type = f->level.n ? rg_level_name_type(f->level.s, f->level.n)
                                  : rg_level_word_type(f->msg.s, f->msg.n);
    return type ? type : rg_type_log_info;
}

static span *field_at(fields *f, int k)
{
    span *all[7] = {&f->host, &f->app, &f->pid, &f->msgid, &f->sd, &f->msg, &f->level};
    return all[k];
}

/* The prepass thread's work on one line (rg_prepass_fn). */
static int pre_work(void *ctx, const char *s, size_t n, void *rec)
{
    pre_ctx *c = ctx;
    pre_line *pl = rec;
    if (n >= UINT16_MAX || rg_is_blank(s, n))
        return 0;
    header h;
    pl->kind = (int8_t)read_header(s, n, &c->ctx, &c->memo, &h);
    pl->has_pri = (int8_t)h.has_pri;
    pl->pri = (uint8_t)h.pri;
    pl->v5424 = (int8_t)h.v5424;
    pl->ts = (uint32_t)h.ts;
    pl->ts_len = (uint32_t)h.ts_len;
    pl->body = (uint32_t)h.body;
    pl->at_us = h.at_us;
    pl->flags = h.flags;
    if (pl->kind != LINE_RECORD)
        return 1;
    fields f;
    read_body(s, n, &h, &f);
    pl->type = line_type(&h, &f);
    for (int k = 0; k < 7; k++) {
        const span *sp = field_at(&f, k);
        pl->at[k] = sp->s ? (uint16_t)(sp->s - s) : UINT16_MAX; /* NULL stays NULL */
        pl->len[k] = (uint16_t)sp->n;
    }
    int marked;
    pl->acc = rg_signature_acc(f.msg.s, f.msg.n, &marked);
    pl->marked = (int8_t)marked;
    pl->has_body = 1;
    return 1;
}

/* read_header's result for line s, from the prepass. */
static int pre_header(const pre_line *pl, header *h)
{
    h->has_pri = pl->has_pri;
    h->pri = pl->pri;
    h->v5424 = pl->v5424;
    h->ts = pl->ts;
    h->ts_len = pl->ts_len;
    h->body = pl->body;
    h->at_us = pl->at_us;
    h->flags = pl->flags;
    return pl->kind;
}

/* read_body's fields of line s, from the prepass's offsets. */
static void pre_fields(const pre_line *pl, const char *s, fields *f)
{
    for (int k = 0; k < 7; k++) {
        span *sp = field_at(f, k);
        sp->s = pl->at[k] == UINT16_MAX ? NULL : s + pl->at[k];
        sp->n = pl->len[k];
    }
}

/* ---- the importer ---- */

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_time_ctx ctx;
    rg_linejoin join; /* the event being built: lines after it may still join it */
    long repeats;
    uint64_t folded_record; /* n_records of the last line folded, 0 when none */
    int have_prev;
    int64_t prev_at; /* the last record's instant, before the clock offset */
    uint64_t n_records;
    long first_line; /* first non-blank line, for "nothing recognised" */
    /* The minute memo (see outside_minute). */
    char memo_key[16];
    int memo_state;  /* 0 none, 1 the minute lies outside the window, 2 it does not */
    int64_t memo_at; /* the minute's :00 */
    memos memo;      /* the current minute's stamps, read once (rg_time_syslog_memo...) */
    rg_prepass *pre; /* the thread working lines out ahead, or NULL */
    /* On the split's second thread (split.h): shard is 1; handle_line sets
     * back when the line must be handed back (its handling depends on what
     * the thread does not know: the lines before its part, an event being
     * built) and stop when the thread must stop before it (a warning to
     * give, a daylight-saving reading that depends on the line before).
     * by_shard: the thread read the last non-blank line itself (the state
     * the importer's thread needs before the next one is then the thread's:
     * SPLIT_BY_SHARD, SPLIT_FOLDED). */
    int shard, back, stop;
    uint32_t by_shard;
} state;

enum { SPLIT_BY_SHARD = 1, SPLIT_FOLDED = 2 };

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
    if (!ev->text)
        return -1;
    if (st->repeats > 0) {
        char num[24];
        snprintf(num, sizeof(num), "%ld", st->repeats);
        if (rg_event_attr(st->a, ev, "repeated", num) != 0)
            return -1;
    }
    st->repeats = 0;
    if (st->sink->emit(st->sink, ev) != 0) {
        rg_diag_error(st->sink->diag, st->src->path, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}

/* A local time that happens twice (the hour after a fall-back) has two
 * readings; logs are written in order, so take the one nearer the record
 * before it (README, "Time"). Returns the instant and sets *second. */
static int64_t overlap_pick(state *st, int64_t first, int *second)
{
    *second = 0;
    if (!st->have_prev)
        return first;
    int32_t before = rg_tz_offset_at(st->src->zone, first);
    int32_t after = rg_tz_offset_at(st->src->zone, first + INT64_C(86400000000));
    if (before <= after)
        return first;
    int64_t later = first + (int64_t)(before - after) * 1000000;
    int64_t d_first = st->prev_at > first ? st->prev_at - first : first - st->prev_at;
    int64_t d_later = st->prev_at > later ? st->prev_at - later : later - st->prev_at;
    if (d_later < d_first) {
        *second = 1;
        return later;
    }
    return first;
}

static void warn_dst(state *st, const char *ts, size_t ts_len, int flags, int second, int64_t at,
                     long line)
{
    char when[32];
    rg_time_format(at, when);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "dst-gap",
                     "local time '%.*s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     (int)ts_len, ts, rg_tz_name(st->src->zone), when);
    else if (flags & RG_TIME_OVERLAP)
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "dst-overlap",
                     "local time '%.*s' happens twice in %s (daylight-saving change); read "
                     "as %s, the %s",
                     (int)ts_len, ts, rg_tz_name(st->src->zone), when,
                     second ? "second one, nearer the line before" : "first one");
}

static int attr_span(state *st, rg_event *ev, const char *key, span v)
{
    if (v.n == 0)
        return 0;
    char *s = rg_arena_strndup(st->a, v.s, v.n);
    return s ? rg_event_attr(st->a, ev, key, s) : -1;
}

static int record(state *st, const char *s, size_t n, const header *h, long line, int cut,
                  const pre_line *pre)
{
    int64_t at = h->at_us;
    int second = 0;
    if (st->shard && ((h->flags & (RG_TIME_GAP | RG_TIME_OVERLAP)) ||
                      ((h->flags & RG_TIME_NO_YEAR) && st->src->ref_what))) {
        st->stop = 1; /* a warning to give, or a reading that needs the line before */
        return 0;
    }
    if (h->flags & RG_TIME_OVERLAP)
        at = overlap_pick(st, at, &second);
    st->prev_at = at;
    st->have_prev = 1;
    at += st->src->offset_us;
    if (!rg_sink_keep(st->sink, at)) {
        st->join.last = RG_JOIN_DROPPED;
        return 0;
    }
    if (cut)
        rg_linejoin_warn_cut(&st->join, line);
    if (h->flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
        warn_dst(st, s + h->ts, h->ts_len, h->flags, second, at, line);
    if ((h->flags & RG_TIME_NO_YEAR) && st->src->ref_what) /* most lines: no call */
        rg_warn_no_year(st->sink->diag, st->src, line, h->flags);
    /* README, "Evidence of any size": the core folds most lines into their
     * cluster before anything is allocated for them. */
    fields f;
    const char *type;
    uint64_t acc;
    int marked;
    if (pre && pre->has_body) {
        pre_fields(pre, s, &f);
        type = pre->type;
        acc = pre->acc;
        marked = pre->marked;
    } else {
        read_body(s, n, h, &f);
        /* The cluster key's text part before the level word and the core's
         * bookkeeping, which do not need it: its chain of dependent steps
         * (masks, compress, mix) then runs beside them, where the core
         * computing it waited for it before the cluster's probe. */
        acc = rg_signature_acc(f.msg.s, f.msg.n, &marked);
        type = line_type(h, &f);
    }
    rg_foldable fo = {at, type, f.msg.s, f.msg.n, f.host.s, f.host.n, 0, line, s, n, 0, 0, 0};
    fo.has_sig = 1;
    fo.sig_acc = acc;
    fo.sig_marked = marked;
    int keep = rg_sink_fold(st->sink, &fo);
    if (keep < 0)
        return -1;
    if (keep == 0) {
        st->join.last = RG_JOIN_DROPPED;
        st->folded_record = st->n_records;
        return 0;
    }
    if (st->shard) { /* an event to build: the importer's thread builds it */
        st->back = 1;
        return 0;
    }
    /* From here on the line is kept: allocating is fine. Its identity is
     * the line offered to fold() (fo.raw), not the clean copy: a line with a
     * bad byte has one identity whether it is folded, kept or checked in an
     * overlap, and two lines that differ only in their bad bytes stay two. */
    const char *raw = s;
    size_t raw_n = n;
    s = rg_linejoin_clean(&st->join, s, &n,
                          line); /* the header is ASCII, so its offsets stay valid */
    if (!s)
        return oom(st, line);
    read_body(s, n, h, &f);
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return oom(st, line);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->human = 0;
    ev->actor = f.host.n ? rg_arena_strndup(st->a, f.host.s, f.host.n) : NULL;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_time_text(st->a, s + h->ts, h->ts_len, st->src, h->flags);
    if ((f.host.n && !ev->actor) || !ev->origin || !ev->time_text)
        return oom(st, line);
    rg_event_line_identity(ev, raw, raw_n);
    /* README, "Milestones and durations": the PRI's severity when there is one
     * (0-3 emerg..err are errors, 4 warning), else a level word in the message. */
    const char *level = h->has_pri ? rg_level_syslog_name(h->pri & 7) : NULL;
    ev->type = type;
    if (attr_span(st, ev, "app", f.app) != 0 || attr_span(st, ev, "pid", f.pid) != 0 ||
        attr_span(st, ev, "msgid", f.msgid) != 0 || attr_span(st, ev, "sd", f.sd) != 0 ||
        (level && rg_event_attr(st->a, ev, "level", level) != 0))
        return oom(st, line);
    rg_buf_reset(&st->join.text);
    st->join.ev_line = line;
    if (rg_linejoin_append(&st->join, f.msg.s, f.msg.n, line) != 0)
        return oom(st, line);
    st->join.ev = ev;
    st->join.last = RG_JOIN_KEPT;
    return 0;
}

/* Most lines of a big file lie outside the window, and rg_time_syslog works
 * out the year and the zone for each. Lines come in time order, many to a
 * minute, so the verdict is kept for the current minute ("Nov 20 14:02:"):
 * rg_time_syslog reads the minute's :00 and :59, and when they are 59 s apart
 * (no daylight-saving change or year boundary inside), flags alike and every
 * second of the minute falls outside the window, a line of that minute is
 * counted outside without reading its time again. Only lines shaped exactly
 * "Mmm dd hh:mm:ss " (no PRI, no fraction) take this path; the rest, and
 * every minute that touches the window, are read in full. Returns 1 when the
 * line is outside the window (and counted), 0 when it must be read. */
static int outside_minute(state *st, const char *s, size_t n)
{
    if (!st->sink->has_window || n < 17)
        return 0;
    /* A line of a minute already found to touch the window, the common case
     * when the window holds the file: read in full, and the checks below
     * (its key passed them; the rest would say 0 too) skipped. */
    if (st->memo_state == 2 && rg_same13(st->memo_key, s))
        return 0;
    if (s[3] != ' ' || s[9] != ':' || s[12] != ':' || !is_digit(s[13]) || !is_digit(s[14]) ||
        (s[15] != ' ' && s[15] != ':') || s[13] > '6' || (s[13] == '6' && s[14] != '0') ||
        !is_upper(s[0]))
        return 0;
    if (st->memo_state == 0 || !rg_same13(st->memo_key, s)) {
        char t[16];
        memcpy(st->memo_key, s, 13);
        memcpy(t, s, 13);
        int64_t a0, a59;
        int f0, f59;
        st->memo_state = 2;
        t[13] = '0', t[14] = '0';
        if (rg_time_syslog(t, 15, &st->ctx, &a0, &f0) != 15)
            return 0;
        t[13] = '5', t[14] = '9';
        if (rg_time_syslog(t, 15, &st->ctx, &a59, &f59) != 15)
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
    st->prev_at = st->memo_at;
    st->have_prev = 1;
    return !rg_sink_keep(st->sink, st->memo_at + st->src->offset_us);
}

static int ends_with(const char *s, size_t n, const char *tail)
{
    size_t m = strlen(tail);
    return n >= m && memcmp(s + n - m, tail, m) == 0;
}

static int handle_line(state *st, const char *s, size_t n, long line, int cut, uint64_t off)
{
    if (rg_is_blank(s, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    /* the last byte first: most lines end in none of the four */
    char last = n ? s[n - 1] : '\0';
    int maybe_repeat =
        last == ']' || (last == 's' && (ends_with(s, n, " times"))) ||
        (last == 'e' && ends_with(s, n, " time")) ||
        (last == '-' && (ends_with(s, n, " times ---") || ends_with(s, n, " time ---")));
    if (!maybe_repeat && outside_minute(st, s, n)) {
        st->n_records++;
        st->join.last = RG_JOIN_DROPPED;
        /* Most lines of a big file end here with nothing to flush: testing
         * first saves a call a line, which keeps the loop in registers. */
        return st->join.ev ? flush(st) : 0;
    }
    header h;
    int kind;
    const pre_line *pre = st->pre ? rg_prepass_take(st->pre, off, s, n) : NULL;
    if (pre) {
        kind = pre_header(pre, &h);
    } else {
        kind = read_header(s, n, &st->ctx, &st->memo, &h);
    }
    /* On the split's thread, a line that joins a record it did not read
     * itself goes back (split.h). */
    if (st->shard && st->join.last != RG_JOIN_DROPPED && kind == LINE_TEXT) {
        st->back = 1;
        return 0;
    }
    if (kind == LINE_TEXT)
        return rg_linejoin_continue(&st->join, s, n, line, cut,
                                    "line has no timestamp and no line before it has one; skipped",
                                    "line has no timestamp and was joined to the line before");
    st->n_records++;
    if (kind == LINE_RECORD && maybe_repeat &&
        (contains(s + h.body, n - h.body, "last message repeated ") ||
         contains(s + h.body, n - h.body, " message repeated "))) {
        fields f;
        read_body(s, n, &h, &f);
        /* "last message repeated" comes without a tag (syslogd wrote it);
         * rsyslog's "message repeated N times: [text]" with the program's. */
        long times = f.app.n ? rsyslog_repeated(f.msg) : repeated(f.msg);
        /* rsyslog's form carries the text it repeats: at the top of a file
         * (the message it repeats is in an older one) it is a record of its own. */
        int alone = f.app.n && st->join.last == RG_JOIN_NONE;
        /* On the split's thread, a repeat of a record it did not read
         * itself goes back; a line that only looks like one is read on. */
        if (times > 0 && st->shard && st->join.last != RG_JOIN_DROPPED) {
            st->back = 1;
            return 0;
        }
        if (times > 0 && !alone) {
            /* Folded into the event it repeats, as attr "repeated"; one that
             * repeats nothing we kept is outside the window or warned about. */
            if (st->join.last == RG_JOIN_KEPT) {
                st->repeats += times;
                /* the event keeps them; its minute and the burst count them */
                rg_sink_fold_repeat(st->sink, times);
            } else if (st->folded_record && st->folded_record == st->n_records - 1)
                rg_sink_fold_repeat(st->sink, times); /* the line before was folded */
            else if (st->join.last == RG_JOIN_NONE)
                rg_diag_warn(st->sink->diag, st->src->path, line, 0, "orphan-line",
                             "'last message repeated' with no message before it; skipped");
            return 0;
        }
    }
    if (st->join.ev && flush(st) != 0) /* most lines: nothing to flush, no call */
        return -1;
    if (kind == LINE_NO_TIME && st->shard) {
        st->back = 1; /* a warning: given in file order */
        return 0;
    }
    if (kind == LINE_NO_TIME) {
        size_t k = h.ts;
        size_t e = token_end(s, n, k);
        if (e - k > 40)
            e = k + 40;
        rg_diag_warn(st->sink->diag, st->src->path, line, (long)k + 1, "bad-time",
                     "expected a timestamp after the PRI, found '%.*s'", (int)(e - k), s + k);
        st->join.last = RG_JOIN_DROPPED;
        return 0;
    }
    return record(st, s, n, &h, line, cut, pre);
}

/* The seek's line time (linereader.h). RFC 3339 and RFC 5424 stamps carry a
 * year. A year-less RFC 3164 stamp ("Nov 20 14:02:03") gets the year nearest
 * the reference instant (the window's middle), exactly as the scan reads it,
 * so it orders the file too: that year is right for every line within about
 * six months of the reference, and a sorted file that goes further wraps
 * (its lines from seven months before read as five months after), which puts
 * its last page before its first when it spans less than a year, so the
 * order check sends it to the scan (README, "Seek, don't scan"). Without a
 * reference (INT64_MIN: "now") the year could change between the probes and
 * the scan, so such a file is scanned. A local time that happens twice or
 * not at all cannot order a file either. "last message repeated" lines
 * belong to the line before them, so they have no time here. */
static int line_time(void *ctx, const char *s, size_t n, int64_t *at_us)
{
    state *st = ctx;
    header h;
    if (read_header(s, n, &st->ctx, NULL, &h) != LINE_RECORD)
        return RG_LINE_NO_TIME;
    if ((h.flags & (RG_TIME_GAP | RG_TIME_OVERLAP)) ||
        ((h.flags & RG_TIME_NO_YEAR) && st->ctx.ref_us == INT64_MIN))
        return RG_LINE_NO_SEEK;
    if (contains(s + h.body, n - h.body, "message repeated "))
        return RG_LINE_NO_TIME;
    *at_us = h.at_us + st->src->offset_us;
    return RG_LINE_TIME;
}

/* ---- one file read on two threads (split.h) ---- */

/* The split thread's state, with its own copy of the source: the main
 * thread writes the cache lines around its own (the build counts lines in
 * the structure that holds the source), and the thread reads the source
 * for every line; padded on both sides for the same reason. */
typedef struct shard_side {
    char pad_before[128];
    state st;
    rg_source src;
    char pad_after[128];
} shard_side;

/* The state before the line to come, as the split's thread hands it back. */
static void shard_before(const state *st, rg_split_rec *rec)
{
    rec->n_before = st->n_records;
    rec->at = st->prev_at;
    rec->flags = st->by_shard;
}

static void shard_end(void *ctx, rg_split_rec *rec)
{
    shard_before(ctx, rec);
}

/* handle_line on the split's thread (rg_split_fn). */
static int shard_line(void *ctx, const char *s, size_t n, long line, rg_split_rec *rec)
{
    state *st = ctx;
    if (rg_is_blank(s, n))
        return RG_SPLIT_DONE;
    shard_before(st, rec);
    st->back = st->stop = 0;
    if (handle_line(st, s, n, line, 0, 0) != 0)
        return -1;
    if (st->stop) {
        return RG_SPLIT_STOP;
    }
    if (st->back) {
        /* What the line leaves is the importer's thread's to know: the
         * lines after it that depend on it go back too. */
        st->by_shard = 0;
        st->join.last = RG_JOIN_KEPT;
        st->folded_record = 0;
        return RG_SPLIT_BACK;
    }
    st->by_shard = SPLIT_BY_SHARD;
    if (st->join.last == RG_JOIN_DROPPED && st->folded_record && st->folded_record == st->n_records)
        st->by_shard |= SPLIT_FOLDED;
    return RG_SPLIT_DONE;
}

/* The split's thread (rg_split_body_fn): shard_line called directly. */
static int shard_body(rg_split *sp, rg_linereader *r, void *ctx)
{
    return rg_split_lines(sp, r, shard_line, shard_end, ctx);
}

/* On the importer's thread, before a handed-back line (or where the thread
 * stopped): the state one reading in file order would have there. When the
 * thread read the line before, it flushed the event being built and left a
 * dropped record (folded, or outside the window) at its instant. */
static int shard_resume(state *st, const rg_split_rec *rec, uint64_t base_records)
{
    if (rec->flags & SPLIT_BY_SHARD) {
        if (flush(st) != 0)
            return -1;
        st->join.last = RG_JOIN_DROPPED;
        st->folded_record = rec->flags & SPLIT_FOLDED ? base_records + rec->n_before : 0;
        st->prev_at = rec->at;
        st->have_prev = 1;
    }
    st->n_records = base_records + rec->n_before;
    return 0;
}

/* After the importer's own part: the thread's handed-back lines, in file
 * order, then its summary. Returns 0 and sets *resume, *resume_line to where
 * the importer reads on (the end of the range when the thread read it all),
 * 1 when the thread's part must be read again (it failed, or the core
 * cannot merge it), -1 on a fatal error. */
static int shard_finish(state *st, rg_sink *sink, rg_split *sp, rg_sink *shard, long base,
                        uint64_t *resume, long *resume_line)
{
    /* Before any record, a repeat handed back would be read as a record of
     * its own ("alone" in handle_line), folded where the check below does
     * not look: the part is read again. */
    if (rg_split_wait(sp) != 0 || st->join.last == RG_JOIN_NONE ||
        sink->shard_check(sink, shard) != 0)
        return 1;
    uint64_t base_records = st->n_records;
    for (size_t i = 0; i < rg_split_n_back(sp); i++) {
        const rg_split_rec *rec = rg_split_back(sp, i);
        const char *text;
        if (rg_split_line(sp, rec, &text) != 0)
            return rg_diag_error(sink->diag, st->src->path, base + (long)rec->line, 0,
                                 "cannot read: %s", strerror(errno));
        if (shard_resume(st, rec, base_records) != 0 ||
            handle_line(st, text, rec->len, base + (long)rec->line, 0, rec->off) != 0)
            return -1;
    }
    const rg_split_rec *end = rg_split_end(sp);
    if (shard_resume(st, end, base_records) != 0 ||
        sink->shard_merge(sink, shard, base, (end->flags & SPLIT_FOLDED) != 0) != 0)
        return -1;
    *resume = end->off;
    *resume_line = base + (long)end->line;
    return 0;
}

/* A part of the file read apart (split.h): the thread's, or the rest of it
 * taken on the importer's thread; its shard of the summary and its state. */
typedef struct part {
    rg_split *sp;
    rg_sink *shard;
    shard_side *side;
} part;

static void part_free(rg_sink *sink, part *p)
{
    rg_split_free(p->sp);
    if (p->side)
        rg_linejoin_free(&p->side->st.join);
    rg_free(p->side);
    if (p->shard)
        sink->shard_close(sink, p->shard);
    memset(p, 0, sizeof(*p));
}

/* The shard and the state a part starts from: 0, or -1 when the core gives
 * no shard or memory runs out (nothing is left open). */
static int part_open(part *p, rg_sink *sink, const rg_source *src, const state *st)
{
    memset(p, 0, sizeof(*p));
    if (!sink->shard_open || !(p->shard = sink->shard_open(sink)) ||
        !(p->side = rg_calloc(1, sizeof(*p->side)))) {
        part_free(sink, p);
        return -1;
    }
    state *bst = &p->side->st;
    p->side->src = *src;
    bst->src = &p->side->src;
    bst->sink = p->shard;
    bst->a = p->shard->arena;
    bst->source = st->source;
    bst->ctx = st->ctx;
    bst->shard = 1;
    rg_linejoin_init(&bst->join, src->path, p->shard);
    return 0;
}

/* The lines of r's range through handle_line. With `from` (the split whose
 * thread may take the rest of the range), it claims the range as it goes
 * and stops before the line the rest was taken from (split.h): *stop is
 * that line's offset and *stop_line the lines before it (*stop 0: the range
 * was read to its end). Returns 0, or -1. hot: this loop runs for every
 * line of files of gigabytes; without it GCC's guessed profile may treat
 * the per-line code as cold and call memcmp for the short compares it
 * would otherwise inline. */
__attribute__((hot)) static int read_lines(state *st, rg_linereader *r, rg_split *from,
                                           uint64_t *stop, long *stop_line)
{
    const char *line;
    size_t len;
    int cut, got;
    uint64_t check_at = 0, stop_off = UINT64_MAX;
    while ((got = rg_linereader_next(r, &line, &len, &cut)) == 1) {
        /* the line's offset: r->pos is buf[end]'s */
        uint64_t off = r->pos - (r->end - (size_t)(line - r->buf));
        if (from) { /* one compare a line, a claim a mebibyte */
            if (off >= check_at) {
                check_at = off + rg_split_step();
                stop_off = rg_split_claim_importer(from, check_at);
                r->also = rg_split_progress(from); /* the progress line counts both */
            }
            if (off >= stop_off) {
                *stop = off;
                *stop_line = r->line - 1;
                return 0;
            }
        }
        if (handle_line(st, line, len, r->line, cut, off) != 0)
            return -1;
    }
    return got < 0 ? -1 : 0;
}

/* r's range [pos, to) read on, the line before pos numbered pos_line. */
static int read_on(state *st, rg_linereader *r, uint64_t pos, uint64_t to, long pos_line)
{
    if (rg_linereader_restart(r, pos, to, pos_line) != 0)
        return -1;
    return read_lines(st, r, NULL, NULL, NULL);
}

/* The parts of a file read apart, in file order (split.h): the rest of the
 * importer's part taken by the thread, the thread's, the rest of the
 * thread's taken by the importer's thread. */
enum { PART_FRONT, PART_THREAD, PART_TAKEN, N_PARTS };

/* After the importer's own part, read up to pos (pos_line lines before
 * it): the parts merged in file order, what lies between them (a part that
 * stopped early, or was refused) read here, then on to limit. */
static int merge_parts(state *st, rg_sink *sink, rg_linereader *r, part *parts, uint64_t pos,
                       long pos_line, uint64_t limit)
{
    for (int k = PART_FRONT; k < N_PARTS; k++) {
        if (!parts[k].sp)
            continue;
        uint64_t at = rg_split_at(parts[k].sp);
        if (pos > at) { /* what it read was read before it (cannot happen: split.h) */
            part_free(sink, &parts[k]);
            continue;
        }
        if (pos < at) {
            if (read_on(st, r, pos, at, pos_line) != 0)
                return -1;
            pos = at;
            pos_line = r->line;
        }
        uint64_t resume = at;
        long resume_line = pos_line;
        int fin =
            shard_finish(st, sink, parts[k].sp, parts[k].shard, pos_line, &resume, &resume_line);
        if (fin < 0)
            return -1;
        rg_split_count(fin == 0);
        if (fin == 0)
            r->z.raw_read += rg_split_bytes(parts[k].sp);
        part_free(sink, &parts[k]);
        pos = resume;
        pos_line = resume_line;
    }
    return read_on(st, r, pos, limit, pos_line);
}

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
    int rc = 0;
    part parts[N_PARTS];
    memset(parts, 0, sizeof(parts));
    part *thread = &parts[PART_THREAD], *front = &parts[PART_FRONT], *taken = &parts[PART_TAKEN];
    if (rg_linereader_seek(&r, line_time, &st) != 0) {
        rc = -1;
        goto done;
    }
    /* A big plain file is read on two threads (split.h), else with the
     * thread that works lines out ahead (prepass.h): plain files only, whose
     * lines lie at known offsets. */
    uint64_t split_at = 0, split_to = 0, limit = r.limit;
    if (r.z.codec == RG_Z_PLAIN && sink->fold && sink->shard_open && !r.eof && r.end == r.start)
        split_at = rg_split_point(src->path, r.pos, r.limit, &split_to);
    if (split_at && part_open(thread, sink, src, &st) == 0) {
        /* without a front shard the thread takes nothing from this part */
        part_open(front, sink, src, &st);
        thread->sp =
            rg_split_start(src->path, split_at, split_to, thread->shard, shard_body,
                           &thread->side->st, front->shard, front->side ? &front->side->st : NULL);
    }
    if (thread->sp) {
        r.limit = split_at;
    } else {
        part_free(sink, thread);
        part_free(sink, front);
    }
    pre_ctx pc;
    memset(&pc, 0, sizeof(pc));
    pc.ctx = st.ctx;
    if (!thread->sp && r.z.codec == RG_Z_PLAIN && sink->fold && !r.eof)
        st.pre = rg_prepass_start(src->path, r.pos - (r.end - r.start), r.limit, pre_work, &pc,
                                  sizeof(pc), sizeof(pre_line));
    uint64_t stop = 0;
    long stop_line = 0;
    if (read_lines(&st, &r, thread->sp, &stop, &stop_line) != 0) {
        rc = -1;
        goto done;
    }
    if (thread->sp) {
        /* The importer's part is read, to its end or to where the thread
         * took the rest of it. Read to its end, and the thread has much
         * left: the second half of that is read here first (split.h; a
         * rest taken but not read, for want of memory, is read after the
         * thread's part like any gap). */
        uint64_t pos = stop ? stop : split_at, take_to = 0, take_at = 0;
        long pos_line = stop ? stop_line : r.line;
        if (!stop)
            take_at = rg_split_steal(thread->sp, &take_to);
        if (take_at && part_open(taken, sink, src, &st) == 0)
            taken->sp = rg_split_here(src->path, take_at, take_to, taken->shard, shard_body,
                                      &taken->side->st, &r);
        if (!taken->sp)
            part_free(sink, taken);
        rg_split_wait(thread->sp); /* its outcome is shard_finish's to read */
        r.also = 0;                /* from here a part's bytes count once it is merged */
        front->sp = rg_split_front(thread->sp);
        if (!front->sp)
            part_free(sink, front);
        if (merge_parts(&st, sink, &r, parts, pos, pos_line, limit) != 0) {
            rc = -1;
            goto done;
        }
    }
    if (flush(&st) != 0) {
        rc = -1;
        goto done;
    }
    rg_linereader_finish(&r);
    /* An empty file is an empty log (no events, no error); a file with text
     * but not one timestamped line is not syslog at all. */
    if (st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected syslog lines ('Mmm dd hh:mm:ss host app: message', "
                           "'<PRI>1 RFC 3339-time ...' or 'RFC 3339-time host ...'), found no "
                           "line with a timestamp");
done:
    /* the thread first: it may hold the front part's shard and state */
    part_free(sink, thread);
    for (int k = 0; k < N_PARTS; k++)
        part_free(sink, &parts[k]);
    rg_prepass_stop(st.pre);
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    return rc;
}

/* Scores the first lines of the head: a <PRI> or a "Mmm dd hh:mm:ss host"
 * timestamp is syslog's own mark; an RFC 3339 time followed by a host is
 * weaker (other logs start that way too). */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    rg_time_ctx ctx = {NULL, INT64_MIN};
    size_t i = 0;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    int seen = 0, records = 0, first = -1;
    while (i < head_len && seen < 6) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (rg_is_blank(s, n))
            continue;
        header h;
        int score = 0;
        if (read_header(s, n, &ctx, NULL, &h) == LINE_RECORD) {
            size_t b = h.body;
            int has_host = b + 1 < n && s[b] == ' ' && s[b + 1] != ' ';
            if (has_host) {
                /* "TIME WARN text" and "TIME - text" have no host: another
                 * format's (textlog's), not syslog's. */
                size_t he = token_end(s, n, b + 1);
                if ((he - (b + 1) == 1 && s[b + 1] == '-') ||
                    rg_level_is_word(s + b + 1, he - b - 1))
                    has_host = 0;
            }
            if (h.has_pri)
                score = 95;
            else if (!is_digit(s[h.ts]))
                score = 85;
            else if (has_host)
                score = 60;
        }
        if (first < 0)
            first = score;
        seen++;
        records += score > 0;
    }
    /* Continuation lines are allowed, but most lines must be records. */
    if (first <= 0 || records * 2 < seen)
        return 0;
    return first;
}

const rg_importer rg_importer_syslog = {
    .name = "syslog",
    .kind = RG_KIND_LOG,
    .summary = "syslog files: RFC 3164 (BSD), rsyslog high-precision, RFC 5424",
    .recognises = "lines starting with '<PRI>', 'Mmm dd hh:mm:ss host' or an RFC 3339 time "
                  "and a host",
    .streams = 1,
    .yearless = 1,
    .sniff = sniff,
    .parse = parse,
};
