/* cri.c -- streams container logs as the node keeps them: CRI logs
 * (containerd, CRI-O: /var/log/pods/.../0.log) and Docker's json-file driver
 * (/var/lib/docker/containers/<id>/<id>-json.log), cut to the incident window
 * while it reads (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - CRI: "TIME STREAM TAG TEXT", TIME RFC 3339 with nanoseconds (UTC), STREAM
 *   stdout or stderr, TAG "P" (a partial line: the runtime split a long line)
 *   or "F" (the full line, or the last part). Docker: one JSON object per line,
 *   {"log": "text\n", "stream": "stdout", "time": "RFC 3339"}; a "log" that
 *   does not end with "\n" is a partial line (Docker splits at 16 KiB).
 * - Partial lines are joined, per stream, up to the part that ends the line;
 *   the event has the first part's time, line and time text. A partial line
 *   the file never completes is kept as it is, with warning "partial".
 * - The joined text is then read as one log line by logline.c, the reader the
 *   JSON-lines and logfmt importers use: a JSON or logfmt line gives its
 *   level, message and actor (its own time is not used: the runtime's is the
 *   one every line has); plain text takes its level word, else log.info.
 *   stderr is not an error by itself. attrs: "stream", then what the line
 *   gives ("level", "service").
 * - A line of neither shape is warning "bad-line" naming it, and skipped:
 *   the runtime writes no continuation lines of its own.
 * - An empty file is an empty log; a file with text but not one container log
 *   line is an error at its first line; UTF-16 too. Bad UTF-8 and NUL bytes
 *   become U+FFFD (warning "utf8"); ANSI colour escapes are removed (warning
 *   "ansi").
 * - Identity: the raw line, or for a joined line the raw lines of its parts,
 *   with log-line semantics (rg_event_line_identity). */
#define _GNU_SOURCE /* memmem: glibc's is many times faster than a byte loop */
#include "importer.h"

#include <jansson.h>
#include <string.h>

#include "../reviewgen/alloc.h"
#include "jsontree.h"
#include "linereader.h"
#include "logline.h"

enum { SHAPE_NONE, SHAPE_CRI, SHAPE_DOCKER };

/* A line being joined, one per stream. */
typedef struct partial {
    int open;      /* parts are waiting for the one that ends the line */
    int keep;      /* the first part lies inside the window */
    long line;     /* the first part's line */
    int64_t at_us; /* the first part's time (offset applied) */
    char ts[48];   /* the first part's time as written */
    size_t ts_len;
    uint64_t ident; /* hash of the parts' raw lines */
    rg_buf raw;     /* owned: those lines, each ending in '\n', when the sink wants them */
    rg_buf text;    /* owned: the text so far (clean UTF-8, no ANSI escapes) */
    size_t ansi;    /* ANSI escapes removed from it */
    int cut;        /* text reached RG_TEXT_MAX_LEN */
} partial;

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_linejoin join;
    rg_logpeek peek; /* the fold hook's scratch */
    partial part[2]; /* stdout, stderr */
    int shape;       /* of the first record line; the other shape is a bad line */
    uint64_t n_records;
    long first_line;
    rg_buf dtext; /* a Docker "log" value, decoded */
} state;

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

static const char *const stream_names[2] = {"stdout", "stderr"};

/* ---- the two shapes, read without allocating ---- */

typedef struct cline {
    int stream;      /* 0 stdout, 1 stderr */
    int partial;     /* P, or a Docker "log" without "\n" at its end */
    size_t ts, ts_n; /* the time as written */
    int64_t at_us;
    int flags;
    size_t text, text_n; /* CRI: the text; Docker: the JSON string value, still escaped */
} cline;

static int read_cri(const char *s, size_t n, cline *c)
{
    memset(c, 0, sizeof(*c));
    rg_time_ctx utc = {NULL, INT64_MIN};
    if (n < 20 || s[0] < '0' || s[0] > '9')
        return 0;
    size_t k = rg_time_rfc3339(s, n, &utc, &c->at_us, &c->flags);
    if (k == 0 || k + 9 > n || s[k] != ' ')
        return 0;
    c->ts_n = k;
    size_t p = k + 1;
    if (memcmp(s + p, "stdout ", 7) == 0)
        c->stream = 0;
    else if (memcmp(s + p, "stderr ", 7) == 0)
        c->stream = 1;
    else
        return 0;
    p += 7;
    /* The tag: "P" or "F", possibly with more flags after ':' in later runtimes. */
    if (p >= n || (s[p] != 'P' && s[p] != 'F'))
        return 0;
    c->partial = s[p] == 'P';
    size_t e = p + 1;
    while (e < n && s[e] != ' ')
        e++;
    if (e > p + 1 && s[p + 1] != ':')
        return 0;
    c->text = e < n ? e + 1 : n;
    c->text_n = n - c->text;
    return 1;
}

/* i just after an opening quote: the index of the closing one, or n. */
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

/* The string value of "key" in a Docker line (which writes no spaces). */
static int docker_value(const char *s, size_t n, const char *key, size_t *v, size_t *vn)
{
    char pat[16];
    size_t kl = strlen(key);
    pat[0] = '"';
    memcpy(pat + 1, key, kl);
    memcpy(pat + 1 + kl, "\":\"", 3);
    const char *m = memmem(s, n, pat, kl + 4);
    if (!m)
        return 0;
    size_t b = (size_t)(m - s) + kl + 4, e = string_end(s, n, b);
    if (e >= n)
        return 0;
    *v = b;
    *vn = e - b;
    return 1;
}

static int read_docker(const char *s, size_t n, cline *c)
{
    memset(c, 0, sizeof(*c));
    if (n < 2 || s[0] != '{')
        return 0;
    size_t v, vn;
    if (!docker_value(s, n, "time", &v, &vn))
        return 0;
    rg_time_ctx utc = {NULL, INT64_MIN};
    if (rg_time_rfc3339(s + v, vn, &utc, &c->at_us, &c->flags) != vn)
        return 0;
    c->ts = v;
    c->ts_n = vn;
    if (!docker_value(s, n, "stream", &v, &vn))
        return 0;
    if (vn == 6 && memcmp(s + v, "stdout", 6) == 0)
        c->stream = 0;
    else if (vn == 6 && memcmp(s + v, "stderr", 6) == 0)
        c->stream = 1;
    else
        return 0;
    if (!docker_value(s, n, "log", &v, &vn))
        return 0;
    c->text = v;
    c->text_n = vn;
    /* Ends with an escaped newline: "\n" after an even run of backslashes. */
    size_t b = vn;
    int nl = b >= 2 && s[v + b - 1] == 'n' && s[v + b - 2] == '\\';
    if (nl) {
        size_t r = b - 2, k = 0;
        while (r > 0 && s[v + r - 1] == '\\')
            r--, k++;
        nl = (k & 1) == 0;
    }
    c->partial = !nl;
    return 1;
}

/* ---- joining and emitting ---- */

static void part_reset(partial *p)
{
    p->open = p->keep = p->cut = 0;
    p->ansi = 0;
    rg_buf_reset(&p->text);
    rg_buf_reset(&p->raw);
}

/* Appends a part's text, cut at RG_TEXT_MAX_LEN (warning "long-text" once). */
static int part_append(state *st, partial *p, const char *s, size_t n, long line)
{
    if (p->cut)
        return 0;
    if (p->text.len + n + 1 > RG_TEXT_MAX_LEN) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "long-text",
                     "the text of the event at line %ld is longer than %zu bytes with its "
                     "joined parts; cut here",
                     p->line, RG_TEXT_MAX_LEN);
        p->cut = 1;
        n = p->text.len < RG_TEXT_MAX_LEN ? RG_TEXT_MAX_LEN - p->text.len - 1 : 0;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return rg_buf_append(&p->text, s, n);
}

/* Emits the joined line of stream k. */
static int finish(state *st, int k)
{
    partial *p = &st->part[k];
    if (!p->open || !p->keep) {
        part_reset(p);
        return 0;
    }
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    if (rg_sink_wants_ident(st->sink, p->at_us)) { /* the parts' lines, as hashed in ident */
        st->peek.raw = p->raw.data ? p->raw.data : "";
        st->peek.raw_len = p->raw.len;
    }
    int keep = rg_logpeek_fold(&st->peek, st->sink, p->text.data ? p->text.data : "", p->text.len,
                               NULL, 0, p->at_us, p->line);
    if (keep <= 0) {
        part_reset(p);
        return keep;
    }
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return oom(st, p->line);
    ev->at_us = p->at_us;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->origin = rg_origin(st->a, st->src->path, p->line);
    ev->time_text = rg_arena_strndup(st->a, p->ts, p->ts_len);
    if (!ev->origin || !ev->time_text)
        return oom(st, p->line);
    ev->ident = p->ident ? p->ident : 1;
    ev->ident_is_line = 1;
    if (rg_event_attr(st->a, ev, "stream", stream_names[k]) != 0)
        return oom(st, p->line);
    rg_buf_reset(&st->join.text);
    st->join.ev_line = p->line;
    st->join.n_ansi = p->ansi;
    if (rg_logline_read(st->a, p->text.data ? p->text.data : "", p->text.len, ev, &st->join.text) <
        0)
        return oom(st, p->line);
    ev->text = rg_linejoin_take(&st->join);
    part_reset(p);
    if (!ev->text || st->sink->emit(st->sink, ev) != 0)
        return oom(st, 0);
    return 0;
}

/* The text of a Docker "log" value, decoded (jansson reads the escapes). */
static int docker_text(state *st, const char *s, const cline *c, const char **out, size_t *out_n,
                       long line)
{
    rg_buf_reset(&st->dtext);
    if (rg_buf_putc(&st->dtext, '"') != 0 ||
        rg_buf_append(&st->dtext, s + c->text, c->text_n) != 0 || rg_buf_putc(&st->dtext, '"') != 0)
        return -1;
    json_error_t err;
    unsigned long failures = rg_alloc_failures();
    json_t *v =
        rg_json_loadb(st->dtext.data, st->dtext.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!v && rg_alloc_failures() != failures)
        return -1;
    if (!json_is_string(v)) {
        json_decref(v);
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "bad-line",
                     "the \"log\" value is not a valid JSON string; line skipped");
        *out = NULL;
        return 0;
    }
    size_t n = json_string_length(v);
    if (n && json_string_value(v)[n - 1] == '\n')
        n--;
    if (n && json_string_value(v)[n - 1] == '\r')
        n--;
    rg_buf_reset(&st->dtext);
    int rc = rg_buf_append(&st->dtext, json_string_value(v), n);
    json_decref(v);
    if (rc != 0)
        return -1;
    *out = st->dtext.data ? st->dtext.data : "";
    *out_n = st->dtext.len;
    return 0;
}

static int handle_line(state *st, const char *raw, size_t n, long line, int cut)
{
    if (rg_is_blank(raw, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    cline c;
    int shape = SHAPE_NONE;
    if (st->shape != SHAPE_DOCKER && read_cri(raw, n, &c))
        shape = SHAPE_CRI;
    else if (st->shape != SHAPE_CRI && read_docker(raw, n, &c))
        shape = SHAPE_DOCKER;
    if (shape == SHAPE_NONE) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "bad-line",
                     "not a container log line ('TIME stdout|stderr P|F TEXT' or Docker's "
                     "{\"log\",\"stream\",\"time\"}); skipped");
        return 0;
    }
    st->shape = shape;
    st->n_records++;
    partial *p = &st->part[c.stream];
    if (!p->open) {
        p->open = 1;
        p->line = line;
        p->at_us = c.at_us + st->src->offset_us;
        p->keep = rg_sink_keep(st->sink, p->at_us);
        p->ident = RG_HASH_INIT;
        p->ts_len = c.ts_n < sizeof(p->ts) ? c.ts_n : sizeof(p->ts);
        memcpy(p->ts, raw + c.ts, p->ts_len);
    }
    if (p->keep) {
        /* From here on the line is kept: allocating is fine. */
        if (cut)
            rg_linejoin_warn_cut(&st->join, line);
        p->ident = rg_hash(rg_hash(p->ident, raw, n), "\n", 1);
        if (rg_sink_wants_ident(st->sink, p->at_us) &&
            (rg_buf_append(&p->raw, raw, n) != 0 || rg_buf_putc(&p->raw, '\n') != 0))
            return oom(st, line);
        const char *t = raw + c.text;
        size_t tn = c.text_n;
        if (shape == SHAPE_DOCKER) {
            if (docker_text(st, raw, &c, &t, &tn, line) != 0)
                return oom(st, line);
            if (!t) {
                part_reset(p);
                return 0;
            }
        }
        /* Colour codes go before the line is read: "\e[31mERROR" is a level. */
        t = rg_linejoin_plain(&st->join, t, &tn);
        if (!t)
            return oom(st, line);
        p->ansi += st->join.line_ansi;
        const char *clean = rg_linejoin_clean(&st->join, t, &tn, line);
        if (!clean || part_append(st, p, clean, tn, line) != 0)
            return oom(st, line);
    }
    return c.partial ? 0 : finish(st, c.stream);
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
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle_line(&st, line, len, r.line, cut) != 0) {
            rc = -1;
            goto done;
        }
    if (got < 0) {
        rc = -1;
        goto done;
    }
    for (int k = 0; k < 2 && rc == 0; k++) {
        if (st.part[k].open && st.part[k].keep)
            rg_diag_warn(sink->diag, src->path, st.part[k].line, 0, "partial",
                         "partial %s line never completed before the end of the file; kept as "
                         "it is",
                         stream_names[k]);
        rc = finish(&st, k);
    }
    rg_linereader_finish(&r);
    if (rc == 0 && st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected container log lines ('TIME stdout|stderr P|F TEXT' or "
                           "Docker's {\"log\",\"stream\",\"time\"}), found none");
done:
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    rg_logpeek_free(&st.peek);
    for (int k = 0; k < 2; k++) {
        rg_buf_free(&st.part[k].text);
        rg_buf_free(&st.part[k].raw);
    }
    rg_buf_free(&st.dtext);
    return rc;
}

/* Both shapes are exact: 95 when the first line and most others have one,
 * above syslog (which would take the stream for a host) and JSON lines. */
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
        cline c;
        int ok = read_cri(s, n, &c) || read_docker(s, n, &c);
        if (first < 0)
            first = ok;
        seen++;
        records += ok;
    }
    if (first <= 0 || records * 2 < seen)
        return 0;
    return 95;
}

const rg_importer rg_importer_cri = {
    .name = "cri",
    .kind = RG_KIND_LOG,
    .summary = "container logs: CRI (containerd, CRI-O) and Docker json-file",
    .recognises = "lines 'RFC3339 stdout|stderr P|F text', or {\"log\", \"stream\", \"time\"} "
                  "objects",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
