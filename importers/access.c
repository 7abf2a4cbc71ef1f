/* access.c -- streams an Apache or nginx access log (common, combined,
 * vhost_combined, nginx's combined with "$http_x_forwarded_for") into log
 * events, cut to the incident window while it reads (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - A record is "%h %l %u %t \"%r\" %>s %b", optionally followed by quoted
 *   fields (referer, user agent, X-Forwarded-For, anything else), optionally
 *   preceded by "%v:%p" (vhost_combined). Time: %t,
 *   "[10/Oct/2000:13:55:36 -0700]", which carries its own offset.
 * - Lines are not assumed to be in time order: Apache writes the time a
 *   request started, nginx the time it was logged (when it ended), so a slow
 *   request's line comes after faster, later ones. Every line's time is read
 *   and cut on its own; nothing stops or skips ahead on time.
 * - type: status 5xx is log.error; 4xx (429 included) and everything else is
 *   log.info. A status is the response, not the server's health: a 404 flood
 *   is noise, and 429 is the service protecting itself. attrs: "status" on
 *   every event (so requests can be counted per status), "client" (%h),
 *   "user" (%u when not "-"), "bytes" (%b when not "-"), "referer" and "agent"
 *   (when present and not "-").
 * - text: the request line as written, quotes included, and the status:
 *   "\"GET /checkout HTTP/1.1\" 503". actor: the virtual host of
 *   vhost_combined, else none (the client is an attribute, not the actor).
 * - The request may hold escaped quotes (\" or \x22), as both servers write
 *   them, or raw ones (old Apache): then it ends at the first quote that a
 *   status follows. A line that is not of this shape (a truncated write, garbage) is
 *   warning "bad-line" naming its line, and skipped: access logs have no
 *   continuation lines. Blank lines are skipped.
 * - An empty file is an empty log; a file with text but not one access line
 *   is an error at its first line; UTF-16 too. Bad UTF-8 and NUL bytes become
 *   U+FFFD (warning "utf8"); ANSI colour escapes are removed (warning "ansi").
 * - Identity: the line as read, colour escapes removed, before bad bytes
 *   become U+FFFD (rg_event_line_identity): the bytes fold() is offered,
 *   so a line has one identity folded, kept or checked in an overlap. */
#include "importer.h"

#include <string.h>

#include "linereader.h"
#include "prepass.h"
#include "signature.h"

typedef struct span {
    size_t s, n;
} span;

typedef struct fields {
    span vhost, client, user, time, request, status, bytes, referer, agent;
    int64_t at_us;
} fields;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* i is at an opening quote; returns the index just after the closing one, or
 * 0 when the string does not close. Backslash escapes are stepped over. */
static size_t quoted_end(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n)
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

/* A status after a request: " 503 ", " 503" at the end, or " - ". */
static int status_follows(const char *s, size_t n, size_t i)
{
    if (i >= n || s[i] != ' ')
        return 0;
    if (i + 1 < n && s[i + 1] == '-')
        return i + 2 == n || s[i + 2] == ' ';
    return i + 3 < n && is_digit(s[i + 1]) && is_digit(s[i + 2]) && is_digit(s[i + 3]) &&
           (i + 4 == n || s[i + 4] == ' ');
}

/* The end of the quoted request at s[open]. Servers escape a quote inside it
 * (\" or \x22), but old Apache and hand-made requests leave them raw
 * ("GET /?q=<script>alert("x")</script> HTTP/1.0"): then the request ends at
 * the first quote followed by a status. Returns the index after the closing
 * quote, or 0. */
static size_t request_end(const char *s, size_t n, size_t open)
{
    size_t q = quoted_end(s, n, open);
    if (q && status_follows(s, n, q))
        return q;
    for (size_t i = open + 1; i < n; i++)
        if (s[i] == '"' && status_follows(s, n, i + 1))
            return i + 1;
    return 0;
}

/* Reads the fields of an access-log line (all 0: up to the status, which
 * decides whether it is one; bytes, referer and agent are left empty).
 * Returns 1 when it is one. */
static int read_fields_to(const char *s, size_t n, fields *f, int all)
{
    memset(f, 0, sizeof(*f));
    span tok[4];
    size_t nt = 0, i = 0;
    while (i < n && s[i] != '[') {
        if (nt == 4)
            return 0;
        size_t e = i;
        while (e < n && s[e] != ' ')
            e++;
        if (e == i || e >= n)
            return 0;
        tok[nt++] = (span){i, e - i};
        i = e + 1;
    }
    if (nt < 3 || i >= n)
        return 0;
    size_t k = nt - 3;
    if (k == 1)
        f->vhost = tok[0];
    f->client = tok[k];
    f->user = tok[k + 2];
    if (rg_time_apache(s + i, n - i, &f->at_us) != 28)
        return 0;
    f->time = (span){i, 28};
    i += 28;
    if (i + 1 >= n || s[i] != ' ' || s[i + 1] != '"')
        return 0;
    size_t q = request_end(s, n, i + 1);
    if (q == 0)
        return 0;
    f->request = (span){i + 1, q - (i + 1)};
    i = q;
    if (i >= n || s[i] != ' ')
        return 0;
    i++;
    size_t st = i;
    while (i < n && is_digit(s[i]))
        i++;
    if (i - st != 3 && !(i == st && i < n && s[i] == '-' && (i++, 1)))
        return 0;
    f->status = (span){st, i - st};
    if (!all)
        return 1; /* nothing after the status can make it not a line */
    if (i < n && s[i] == ' ') {
        size_t b = ++i;
        while (i < n && s[i] != ' ')
            i++;
        f->bytes = (span){b, i - b};
    }
    /* Referer and user agent, when the format is combined. */
    span *more[2] = {&f->referer, &f->agent};
    for (int m = 0; m < 2; m++) {
        if (i + 1 >= n || s[i] != ' ' || s[i + 1] != '"')
            break;
        size_t e = quoted_end(s, n, i + 1);
        if (e == 0)
            break;
        *more[m] = (span){i + 2, e - 1 - (i + 2)};
        i = e;
    }
    return 1;
}

/* Every field, for the event. */
static int read_fields(const char *s, size_t n, fields *f)
{
    return read_fields_to(s, n, f, 1);
}

/* The verdict, the time and the fields the fold needs (vhost, request,
 * status): the work of every line, where read_fields is a kept line's. */
static int read_head(const char *s, size_t n, fields *f)
{
    return read_fields_to(s, n, f, 0);
}

/* The text the core clusters a request by, "REQUEST STATUS", put together
 * in text (at least FOLD_TEXT bytes): the request cut to leave room for the
 * status. Returns its length. */
#define FOLD_TEXT 512
static size_t fold_text(const char *s, span request, span status, char *text)
{
    size_t tn = request.n < FOLD_TEXT - 8 ? request.n : FOLD_TEXT - 8;
    memcpy(text, s + request.s, tn);
    text[tn++] = ' ';
    size_t sn = status.n < 6 ? status.n : 6;
    memcpy(text + tn, s + status.s, sn);
    return tn + sn;
}

/* A status 5xx is an error; everything else, 4xx included, is not. */
static const char *status_type(const char *s, span status)
{
    return status.n == 3 && s[status.s] == '5' ? "log.error" : "log.info";
}

/* What the prepass thread works out for a line (prepass.h), which is what
 * handle_line would before the window: read_head's verdict, the time, the
 * spans the fold needs (vhost, request, status) as offsets, the type and the
 * signature's part of the cluster key of "REQUEST STATUS". Lines of up to
 * 65,535 bytes without a colour escape (those are read on the importer's
 * thread, from their plain copy). */
typedef struct pre_line {
    int64_t at_us;
    uint64_t acc;
    const char *type;
    uint16_t vhost, vhost_len, request, request_len, status, status_len;
    int8_t ok, marked;
} pre_line;

_Static_assert(sizeof(pre_line) <= RG_PREPASS_REC_MAX, "a prepass record holds a pre_line");

/* The prepass thread's work on one line (rg_prepass_fn); no context. */
static int pre_work(void *ctx, const char *s, size_t n, void *rec)
{
    (void)ctx;
    pre_line *pl = rec;
    if (n >= UINT16_MAX || rg_is_blank(s, n) || memchr(s, 0x1B, n))
        return 0;
    fields f;
    if (!read_head(s, n, &f))
        return 1; /* ok 0: a bad line, warned about in file order */
    pl->ok = 1;
    pl->at_us = f.at_us;
    pl->vhost = (uint16_t)f.vhost.s;
    pl->vhost_len = (uint16_t)f.vhost.n;
    pl->request = (uint16_t)f.request.s;
    pl->request_len = (uint16_t)f.request.n;
    pl->status = (uint16_t)f.status.s;
    pl->status_len = (uint16_t)f.status.n;
    pl->type = status_type(s, f.status);
    char text[FOLD_TEXT];
    size_t tn = fold_text(s, f.request, f.status, text);
    int marked;
    pl->acc = rg_signature_acc(text, tn, &marked);
    pl->marked = (int8_t)marked;
    return 1;
}

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_linejoin join;
    uint64_t n_records;
    long first_line;
    rg_prepass *pre; /* the thread working lines out ahead, or NULL */
} state;

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

static int attr_span(state *st, rg_event *ev, const char *key, const char *s, span v, int dash)
{
    if (v.n == 0 || (dash && v.n == 1 && s[v.s] == '-'))
        return 0;
    char *t = rg_arena_strndup(st->a, s + v.s, v.n);
    return t ? rg_event_attr(st->a, ev, key, t) : -1;
}

static int record(state *st, const char *s, size_t n, int64_t at, long line, int cut)
{
    if (cut)
        rg_linejoin_warn_cut(&st->join, line);
    size_t line_ansi = st->join.line_ansi;
    /* the identity is the line offered to fold() (fo.raw), as syslog's */
    size_t raw_n = n;
    const char *c = rg_linejoin_clean(&st->join, s, &n, line);
    if (!c)
        return oom(st, line);
    fields f;
    if (!read_fields(c, n, &f))
        return oom(st, line); /* cannot happen: the clean copy keeps the shape */
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return oom(st, line);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_arena_strndup(st->a, c + f.time.s + 1, f.time.n - 2);
    if (!ev->origin || !ev->time_text)
        return oom(st, line);
    rg_event_line_identity(ev, s, raw_n);
    ev->type = f.status.n == 3 && c[f.status.s] == '5' ? "log.error" : "log.info";
    if (f.vhost.n && !(ev->actor = rg_arena_strndup(st->a, c + f.vhost.s, f.vhost.n)))
        return oom(st, line);
    if (attr_span(st, ev, "status", c, f.status, 0) != 0 ||
        attr_span(st, ev, "client", c, f.client, 1) != 0 ||
        attr_span(st, ev, "user", c, f.user, 1) != 0 ||
        attr_span(st, ev, "bytes", c, f.bytes, 1) != 0 ||
        attr_span(st, ev, "referer", c, f.referer, 1) != 0 ||
        attr_span(st, ev, "agent", c, f.agent, 1) != 0)
        return oom(st, line);
    st->join.ev_line = line;
    st->join.n_ansi = line_ansi;
    if (rg_linejoin_append(&st->join, c + f.request.s, f.request.n, line) != 0 ||
        rg_linejoin_append(&st->join, " ", 1, line) != 0 ||
        rg_linejoin_append(&st->join, c + f.status.s, f.status.n, line) != 0)
        return oom(st, line);
    ev->text = rg_linejoin_take(&st->join);
    if (!ev->text || st->sink->emit(st->sink, ev) != 0)
        return oom(st, line);
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
    fields f;
    if (pre) {
        /* the fold's fields only: record() reads them all again */
        memset(&f, 0, sizeof(f));
        f.at_us = pre->at_us;
        f.vhost = (span){pre->vhost, pre->vhost_len};
        f.request = (span){pre->request, pre->request_len};
        f.status = (span){pre->status, pre->status_len};
    }
    if (pre ? !pre->ok : !read_head(s, n, &f)) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "bad-line",
                     "not an access-log line ('HOST - USER [TIME] \"REQUEST\" STATUS BYTES'); "
                     "skipped");
        return 0;
    }
    st->n_records++;
    int64_t at = f.at_us + st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    /* README, "Evidence of any size": the core folds most requests into
     * their cluster before anything is allocated for them; the text it
     * clusters is the event's, "REQUEST STATUS", put together on the stack. */
    char text[FOLD_TEXT];
    size_t tn = fold_text(s, f.request, f.status, text);
    rg_foldable fo = {at,
                      pre ? pre->type : status_type(s, f.status),
                      text,
                      tn,
                      f.vhost.n ? s + f.vhost.s : NULL,
                      f.vhost.n,
                      0,
                      line,
                      s,
                      n,
                      0,
                      0,
                      0};
    if (pre) {
        fo.has_sig = 1;
        fo.sig_acc = pre->acc;
        fo.sig_marked = pre->marked;
    }
    int keep = rg_sink_fold(st->sink, &fo);
    if (keep <= 0)
        return keep;
    return record(st, s, n, at, line, cut);
}

/* The seek's line time (linereader.h): access-log times carry a year and an
 * offset ("[20/Nov/2026:14:02:03 +0000]"). */
static int line_time(void *ctx, const char *raw, size_t n, int64_t *at_us)
{
    state *st = ctx;
    const char *s = rg_linejoin_plain(&st->join, raw, &n);
    if (!s)
        return RG_LINE_NO_SEEK;
    fields f;
    if (!read_head(s, n, &f))
        return RG_LINE_NO_TIME;
    *at_us = f.at_us + st->src->offset_us;
    return RG_LINE_TIME;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    state st;
    memset(&st, 0, sizeof(st));
    st.src = src;
    st.sink = sink;
    st.a = sink->arena;
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
    if (r.z.codec == RG_Z_PLAIN && sink->fold && !r.eof)
        st.pre = rg_prepass_start(src->path, r.pos - (r.end - r.start), r.limit, pre_work, NULL, 0,
                                  sizeof(pre_line));
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle_line(&st, line, len, r.line, cut, r.pos - (r.end - (size_t)(line - r.buf))) !=
            0) {
            rc = -1;
            goto done;
        }
    if (got < 0) {
        rc = -1;
        goto done;
    }
    rg_linereader_finish(&r);
    if (st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected access-log lines ('HOST - USER [10/Oct/2000:13:55:36 -0700] "
                           "\"GET / HTTP/1.1\" 200 512'), found none");
done:
    rg_prepass_stop(st.pre);
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    return rc;
}

/* The shape is distinctive ("[dd/Mon/yyyy:hh:mm:ss +zzzz] \"" after three or
 * four words): 90 when the first line and most of the others have it. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = 0;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    int seen = 0, records = 0, first = -1;
    while (i < head_len && seen < 8) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        if (!nl && seen > 0)
            break;
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (rg_is_blank(s, n))
            continue;
        fields f;
        int ok = read_head(s, n, &f);
        if (first < 0)
            first = ok;
        seen++;
        records += ok;
    }
    if (first <= 0 || records * 2 < seen)
        return 0;
    return 90;
}

const rg_importer rg_importer_access = {
    .name = "access",
    .kind = RG_KIND_LOG,
    .summary = "Apache and nginx access logs: common, combined, vhost_combined",
    .recognises = "lines 'HOST - USER [10/Oct/2000:13:55:36 -0700] \"REQUEST\" STATUS BYTES'",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
