/* logfmt.c -- streams a logfmt log (go-kit, logrus's text formatter, Heroku's
 * router and log drains) into log events, cut to the incident window while it
 * reads (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - A record is a line of key=value pairs (logrus: time="..." level=error
 *   msg="..."), or a Heroku log-drain line "TIME source[dyno]: text" whose text
 *   is read as logfmt, JSON or words (logline.c, as a Loki line is). Values
 *   are bare or double-quoted with \" and \\ escapes; a key without "=" is a
 *   bare key (a flag), "k=" an empty value. There is no spec
 *   (brandur.org/logfmt); this is what the tools above write.
 * - Time: the Heroku prefix's RFC 3339 time, else the first of the keys
 *   "time", "ts", "t", "timestamp" whose value rg_time_parse reads (RFC 3339,
 *   epoch numbers by magnitude). Zone-less times are the source's zone. A
 *   logfmt line without a time is warning "no-time", one whose time does not
 *   read is warning "bad-time" with its column; both are skipped.
 * - Level, actor, message: logline.c's logfmt table, shared with the text
 *   inside CRI and Docker lines and with log-store lines: "level", "lvl",
 *   "severity", else Heroku's "at"; "status=5xx" without a level field (the
 *   Heroku router writes at=info for a request the app failed) is log.error;
 *   actor "host"/"hostname", else "service"/"app", else "logger"/"component",
 *   else the Heroku prefix's "source[dyno]"; text "msg"/"message", else every
 *   pair as written (a router line is its request).
 * - Any other line (a stack trace, a wrapped message) joins the record before
 *   it with "\n" (warning "joined"); before any record it is warning
 *   "orphan-line". Blank lines are skipped.
 * - An empty file is an empty log; a file with text but not one logfmt line
 *   is an error at its first line; UTF-16 too. Bad UTF-8 and NUL bytes become
 *   U+FFFD (warning "utf8"); ANSI colour escapes are removed (warning "ansi").
 * - Identity: the raw line (rg_event_line_identity). Lines need not be in
 *   time order: each line's time is read. */
#include "importer.h"

#include <string.h>

#include "linereader.h"
#include "logline.h"
#include "prepass.h"
#include "signature.h"
#include "utf8.h"

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_time_ctx ctx;
    rg_linejoin join;
    rg_logpeek peek; /* the fold hook's scratch */
    uint64_t n_records;
    long first_line;
    rg_prepass *pre; /* the thread working lines out ahead, or NULL */
} state;

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

static int flush(state *st)
{
    rg_event *ev = st->join.ev;
    if (!ev)
        return 0;
    st->join.ev = NULL;
    ev->text = rg_linejoin_take(&st->join);
    if (!ev->text || st->sink->emit(st->sink, ev) != 0)
        return rg_diag_error(st->sink->diag, st->src->path, 0, 0, "out of memory");
    return 0;
}

/* What a line is, found without allocating. */
typedef struct shape {
    size_t pairs;        /* where the pairs start */
    size_t tag, tag_len; /* Heroku's "source[dyno]" (tag_len 0: none) */
    const char *ts;      /* the time as written (inside quotes), or NULL */
    size_t ts_len, ts_off;
    int from_prefix; /* the time is the Heroku prefix's */
} shape;

/* "2010-09-16T15:13:46.677020+00:00 heroku[router]: " -- Heroku's log drain
 * prefix. Returns the offset after it (0 when there is none) and sets the time
 * and the tag. */
static size_t heroku_prefix(const char *s, size_t n, const rg_time_ctx *ctx, shape *sh, int64_t *at,
                            int *flags)
{
    if (n < 20 || s[0] < '0' || s[0] > '9')
        return 0;
    size_t k = rg_time_rfc3339(s, n, ctx, at, flags);
    if (k == 0 || k >= n || s[k] != ' ')
        return 0;
    size_t t = k + 1, e = t;
    while (e < n && s[e] != ' ' && s[e] != ':')
        e++;
    if (e + 1 >= n || s[e] != ':' || s[e + 1] != ' ' || e == t || s[e - 1] != ']' ||
        !memchr(s + t, '[', e - t))
        return 0;
    sh->ts = s;
    sh->ts_len = k;
    sh->ts_off = 0;
    sh->tag = t;
    sh->tag_len = e - t;
    sh->from_prefix = 1;
    return e + 2;
}

static int is_time_key(const rg_logfmt_pair *p)
{
    switch (p->key_len) {
    case 1:
        return p->key[0] == 't';
    case 2:
        return p->key[0] == 't' && p->key[1] == 's';
    case 4:
        return memcmp(p->key, "time", 4) == 0;
    case 9:
        return memcmp(p->key, "timestamp", 9) == 0;
    default:
        return 0;
    }
}

enum { L_TEXT, L_RECORD, L_NO_TIME, L_BAD_TIME };

/* Classifies a line and, for a record, reads its time. */
static int read_line(const char *s, size_t n, const rg_time_ctx *ctx, shape *sh, int64_t *at,
                     int *flags)
{
    memset(sh, 0, sizeof(*sh));
    *flags = 0;
    size_t p = heroku_prefix(s, n, ctx, sh, at, flags);
    sh->pairs = p;
    if (sh->from_prefix)
        return L_RECORD; /* a drain line: its text may be anything */
    if (!rg_logfmt_is(s, n))
        return L_TEXT;
    size_t pos = p;
    rg_logfmt_pair pr;
    while (rg_logfmt_next(s, n, &pos, &pr)) {
        if (!pr.has_value || !is_time_key(&pr))
            continue;
        if (!sh->ts) {
            sh->ts = pr.value;
            sh->ts_len = pr.value_len;
            sh->ts_off = (size_t)(pr.value - s) - (size_t)pr.quoted;
        }
        if (pr.value_len && rg_time_parse(pr.value, pr.value_len, ctx, at, flags) == 0) {
            sh->ts = pr.value;
            sh->ts_len = pr.value_len;
            return L_RECORD;
        }
    }
    return sh->ts ? L_BAD_TIME : L_NO_TIME;
}

/* Column (in characters, from 1) of byte offset off in s. */
static long column_of(const char *s, size_t off)
{
    long col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)s[i] & 0xC0) != 0x80;
    return col;
}

/* What the prepass thread works out for a line (prepass.h), which is what
 * handle_line and record would before the window and the fold: read_line's
 * kind, time and shape as offsets, and for a record whose fold needs no
 * copy of the line (fold 1: valid UTF-8 without NUL bytes, so the clean copy
 * is the line; rg_logline_spans found the message, actor and level as
 * written) the type, the message and actor as offsets, and the signature's
 * part of the cluster key. Lines of up to 65,535 bytes without a colour
 * escape (those are read on the importer's thread, from their plain copy). */
typedef struct pre_line {
    int64_t at_us;
    uint64_t acc;
    const char *type;
    int32_t flags;
    uint16_t pairs, tag, tag_len, ts, ts_len, ts_off, text, text_len, actor, actor_len;
    int8_t kind, from_prefix, has_ts, fold, has_actor, marked;
} pre_line;

_Static_assert(sizeof(pre_line) <= RG_PREPASS_REC_MAX, "a prepass record holds a pre_line");

/* The thread's own copy (rg_prepass_start copies it): the time context. */
typedef struct pre_ctx {
    rg_time_ctx ctx;
} pre_ctx;

/* 1 when rg_linejoin_clean would give s[0..n) back as it is: valid UTF-8,
 * no NUL byte. */
static int is_clean(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    /* eight bytes at a time while they are ASCII without a NUL */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        if ((w | ((w - UINT64_C(0x0101010101010101)) & ~w)) & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < n) {
        if (u[i] == 0)
            return 0;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = rg_utf8_len(u + i, n - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* The prepass thread's work on one line (rg_prepass_fn). */
static int pre_work(void *ctx, const char *s, size_t n, void *rec)
{
    const pre_ctx *c = ctx;
    pre_line *pl = rec;
    if (n >= UINT16_MAX || rg_is_blank(s, n) || memchr(s, 0x1B, n))
        return 0;
    shape sh;
    int64_t at = 0;
    int flags = 0;
    pl->kind = (int8_t)read_line(s, n, &c->ctx, &sh, &at, &flags);
    pl->at_us = at;
    pl->flags = flags;
    pl->pairs = (uint16_t)sh.pairs;
    pl->tag = (uint16_t)sh.tag;
    pl->tag_len = (uint16_t)sh.tag_len;
    pl->has_ts = sh.ts != NULL;
    pl->ts = sh.ts ? (uint16_t)(sh.ts - s) : 0;
    pl->ts_len = (uint16_t)sh.ts_len;
    pl->ts_off = (uint16_t)sh.ts_off;
    pl->from_prefix = (int8_t)sh.from_prefix;
    if (pl->kind != L_RECORD || !is_clean(s, n))
        return 1;
    size_t skip = sh.tag_len ? sh.pairs : 0;
    rg_logspans sp;
    if (!rg_logline_spans(s + skip, n - skip, sh.tag_len == 0, &sp))
        return 1;
    pl->fold = 1;
    pl->type = sp.type;
    pl->text = (uint16_t)(skip + sp.text);
    pl->text_len = (uint16_t)sp.text_len;
    pl->has_actor = (int8_t)sp.has_actor;
    pl->actor = (uint16_t)(skip + sp.actor);
    pl->actor_len = (uint16_t)sp.actor_len;
    int marked;
    pl->acc = rg_signature_acc(s + pl->text, pl->text_len, &marked);
    pl->marked = (int8_t)marked;
    return 1;
}

/* read_line's result for line s, from the prepass. */
static int pre_shape(const pre_line *pl, const char *s, shape *sh, int64_t *at, int *flags)
{
    memset(sh, 0, sizeof(*sh));
    sh->pairs = pl->pairs;
    sh->tag = pl->tag;
    sh->tag_len = pl->tag_len;
    sh->ts = pl->has_ts ? s + pl->ts : NULL;
    sh->ts_len = pl->ts_len;
    sh->ts_off = pl->ts_off;
    sh->from_prefix = pl->from_prefix;
    *at = pl->at_us;
    *flags = pl->flags;
    return pl->kind;
}

static int record(state *st, const char *s, size_t n, const shape *sh, int64_t at, int flags,
                  long line, int cut, const pre_line *pre)
{
    if (cut)
        rg_linejoin_warn_cut(&st->join, line);
    /* The time as written, before the line is cleaned (the offsets of the
     * clean copy may differ after a bad byte). */
    char ts[128];
    size_t ts_n = sh->ts_len < sizeof(ts) ? sh->ts_len : sizeof(ts);
    memcpy(ts, sh->ts, ts_n);
    size_t tag = sh->tag, tag_len = sh->tag_len, pairs = sh->pairs;
    /* A line of valid UTF-8 without NUL bytes is its own clean copy (the
     * prepass checked the lines it worked out for the fold): a copy in the
     * build's arena for every folded line with a byte over 0x7F made memory
     * follow the file (63 MiB for 355,000 such lines of a 256 MiB day,
     * against 18 MiB). */
    const char *c =
        (pre && pre->fold) || is_clean(s, n) ? s : rg_linejoin_clean(&st->join, s, &n, line);
    if (!c)
        return oom(st, line);
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    int keep;
    if (pre && pre->fold) {
        /* what rg_logpeek_fold would offer, from the prepass's spans */
        rg_foldable fo = {at,
                          pre->type,
                          c + pre->text,
                          pre->text_len,
                          pre->has_actor ? c + pre->actor : NULL,
                          pre->actor_len,
                          0,
                          line,
                          c, /* the line is the record's identity */
                          n,
                          1,
                          pre->marked,
                          pre->acc};
        keep = rg_sink_fold(st->sink, &fo);
    } else {
        size_t skip = tag_len ? (pairs > n ? n : pairs) : 0;
        st->peek.raw = c; /* the line is the record's identity */
        st->peek.raw_len = n;
        keep =
            rg_logpeek_fold(&st->peek, st->sink, c + skip, n - skip, NULL, tag_len == 0, at, line);
    }
    if (keep <= 0) {
        st->join.last = RG_JOIN_DROPPED;
        return keep;
    }
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return oom(st, line);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_time_text(st->a, ts, ts_n, st->src, flags);
    if (!ev->origin || !ev->time_text)
        return oom(st, line);
    rg_event_line_identity(ev, c, n);
    st->join.ev_line = line;
    st->join.n_ansi = st->join.line_ansi;
    if (pairs > n)
        pairs = n;
    /* After a Heroku prefix the text is whatever the dyno wrote (logfmt, JSON
     * or words); the prefix's source[dyno] wrote it, so it is the actor. The
     * prefix is ASCII, so its offsets hold in the clean copy. */
    if (tag_len ? rg_logline_read(st->a, c + pairs, n - pairs, ev, &st->join.text) < 0
                : rg_logline_logfmt(st->a, c, n, ev, &st->join.text) != 0)
        return oom(st, line);
    if (tag_len && !(ev->actor = rg_arena_strndup(st->a, c + tag, tag_len)))
        return oom(st, line);
    st->join.ev = ev;
    st->join.last = RG_JOIN_KEPT;
    return 0;
}

static int handle_line(state *st, const char *raw, size_t n, long line, int cut, uint64_t off)
{
    if (rg_is_blank(raw, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    const pre_line *pre = st->pre ? rg_prepass_take(st->pre, off, raw, n) : NULL;
    const char *s = rg_linejoin_plain(&st->join, raw, &n);
    if (!s)
        return oom(st, line);
    shape sh;
    int64_t at = 0;
    int flags = 0;
    int kind =
        pre ? pre_shape(pre, s, &sh, &at, &flags) : read_line(s, n, &st->ctx, &sh, &at, &flags);
    if (kind == L_TEXT)
        return rg_linejoin_continue(&st->join, s, n, line, cut,
                                    "line is not logfmt and no line before it is; skipped",
                                    "line is not logfmt and was joined to the line before");
    st->n_records++;
    if (flush(st) != 0)
        return -1;
    st->join.last = RG_JOIN_DROPPED;
    if (kind == L_NO_TIME) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "no-time",
                     "logfmt line has no time (\"time\", \"ts\", \"t\" or \"timestamp\"); "
                     "skipped");
        return 0;
    }
    if (kind == L_BAD_TIME) {
        size_t vn = sh.ts_len > 40 ? 40 : sh.ts_len;
        while (vn > 0 && vn < sh.ts_len && ((unsigned char)sh.ts[vn] & 0xC0) == 0x80)
            vn--;
        rg_diag_warn(st->sink->diag, st->src->path, line, column_of(s, sh.ts_off), "bad-time",
                     "unreadable time '%.*s%s'; line skipped", (int)vn, sh.ts,
                     vn < sh.ts_len ? "..." : "");
        return 0;
    }
    at += st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    return record(st, s, n, &sh, at, flags, line, cut, pre);
}

/* The seek's line time (linereader.h): the time handle_line would read. A
 * time that does not start with a digit (a year or an epoch number) may lack
 * a year, and a local time that happens twice or not at all is ambiguous:
 * neither can order a file. */
static int line_time(void *ctx, const char *raw, size_t n, int64_t *at_us)
{
    state *st = ctx;
    const char *s = rg_linejoin_plain(&st->join, raw, &n);
    if (!s)
        return RG_LINE_NO_SEEK;
    shape sh;
    int flags = 0;
    if (read_line(s, n, &st->ctx, &sh, at_us, &flags) != L_RECORD)
        return RG_LINE_NO_TIME;
    if (sh.ts[0] < '0' || sh.ts[0] > '9' || (flags & (RG_TIME_GAP | RG_TIME_OVERLAP)))
        return RG_LINE_NO_SEEK;
    *at_us += st->src->offset_us;
    return RG_LINE_TIME;
}

static int parse(const rg_source *src, rg_sink *sink)
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
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle_line(&st, line, len, r.line, cut, r.pos - (r.end - (size_t)(line - r.buf))) !=
            0) {
            rc = -1;
            goto done;
        }
    if (got < 0 || flush(&st) != 0) {
        rc = -1;
        goto done;
    }
    rg_linereader_finish(&r);
    if (st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected logfmt lines ('time=... level=... msg=\"...\"'), found no "
                           "line of key=value pairs with a level, message or time key");
done:
    rg_prepass_stop(st.pre);
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    rg_logpeek_free(&st.peek);
    return rc;
}

/* Most of the first lines must be logfmt with a time; a Heroku prefix counts.
 * 85 beats syslog's 60 for "TIME source[dyno]: ..." lines. */
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
    while (i < head_len && seen < 8) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        if (!nl && seen > 0)
            break; /* a line cut by the end of the head proves nothing */
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (rg_is_blank(s, n))
            continue;
        shape sh;
        int64_t at;
        int flags;
        int k = read_line(s, n, &ctx, &sh, &at, &flags);
        int ok = k == L_RECORD;
        if (first < 0)
            first = ok;
        seen++;
        records += ok;
    }
    if (first <= 0 || records * 2 < seen)
        return 0;
    return 85;
}

const rg_importer rg_importer_logfmt = {
    .name = "logfmt",
    .kind = RG_KIND_LOG,
    .summary = "logfmt logs: go-kit, logrus text, Heroku router and log drains",
    .recognises = "lines of key=value pairs with a time (\"time\", \"ts\", \"t\") or a Heroku "
                  "\"TIME source[dyno]:\" prefix",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
