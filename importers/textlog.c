/* textlog.c -- streams the usual one-line text logs into log events, cut to
 * the incident window while it reads: Java's log4j/logback/Spring Boot
 * (Hadoop, ZooKeeper, Spark), Go's zap console encoder and glog, Python's
 * logging, Apache's and nginx's error logs, and any other shape through the
 * manifest's "pattern" (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - Built-in shapes, tried on every line (a file may mix appenders):
 *   . ISO time first ("2024-05-01 12:00:00,123", "2024-05-01T12:00:00.123Z",
 *     with or without an offset), then the body: "LEVEL [thread] logger - msg"
 *     (log4j, logback), "LEVEL pid --- [thread] logger : msg" (Spring Boot),
 *     "LEVEL [thread] logger: msg" (Hadoop), "- LEVEL [ctx] - msg" (ZooKeeper),
 *     "- logger - LEVEL - msg" (Python's logging with asctime),
 *     "\tlevel\tcaller\tmsg\t{json}" (zap's console encoder);
 *   . "17/06/09 20:10:40 LEVEL logger: msg" (Spark's log4j default, yy/MM/dd);
 *   . "2024/05/01 12:00:00 [level] pid#tid: msg" (nginx's error log);
 *   . "[Sun Dec 04 04:47:44 2005] [level] msg" (Apache's error log, also 2.4's
 *     "[... .123456 2005] [module:level] [pid N] [client A] msg");
 *   . "I0501 12:00:00.123456 1234 file.go:42] msg" (glog: I W E F levels; no
 *     year, so it takes the one nearest the incident).
 *   The level is a word of the level rule (importer.h: error, warn, info, ...,
 *   any case, bracketed or padded); a line of a shape without one takes the
 *   first upper-case level word of its message, else log.info. actor: the
 *   logger (Java class, Python logger, zap logger) when the shape names one.
 *   attrs: "level" (as written), "thread", "pid", "caller", "client". text: the
 *   message (zap's JSON fields after it, separated by a space).
 * - A manifest source with "pattern" (a PCRE2 regular expression, UTF mode)
 *   reads every line with it instead: named groups "time" (required),
 *   "level", "actor", "text" (the whole line when absent); "time_format"
 *   (rg_time_format_read, strftime-style) reads the time group, else every
 *   form rg_time_parse knows. A line the pattern does not match is a
 *   continuation line; one whose time does not read is warning "bad-time".
 * - Times without a zone are the source's zone ("(UTC assumed)" in time_text);
 *   a local time at a daylight-saving change warns and takes the first reading.
 * - Any line of no shape (a stack trace, a wrapped message) joins the record
 *   before it with "\n" (warning "joined"); before any record it is warning
 *   "orphan-line". Blank lines are skipped.
 * - An empty file is an empty log; a file with text but not one record is an
 *   error at its first line; UTF-16 too. Bad UTF-8 and NUL bytes become U+FFFD
 *   (warning "utf8"); ANSI colour escapes are removed before the line is read
 *   (a coloured Spring Boot console log reads as the plain one; warning "ansi").
 * - Identity: the line as read, colour escapes removed, before bad bytes
 *   become U+FFFD (rg_event_line_identity): the bytes fold() is offered,
 *   so a line has one identity folded, kept or checked in an overlap.
 * - Sniffing prefers these shapes over syslog (which would take a level word
 *   for the host): 85 when the first line is one with a level, and so are most
 *   of the others; Python's default "LEVEL:logger:msg" has no time and is not
 *   read. */
#include "importer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "linereader.h"
#include "prepass.h"
#include "signature.h"

typedef struct span {
    size_t s, n;
} span;

typedef struct tfields {
    span ts; /* the time as written */
    int64_t at_us;
    int flags;
    span level, actor, thread, pid, caller, client, text, extra;
    const char *type; /* set by the shape (glog's letter), else from level */
} tfields;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *s, size_t n, size_t p)
{
    while (p < n && is_blank(s[p]))
        p++;
    return p;
}

static size_t token_end(const char *s, size_t n, size_t p)
{
    while (p < n && !is_blank(s[p]))
        p++;
    return p;
}

/* A level token at p: "ERROR", "[ERROR]", "<error>". Sets *lv to the word. */
static int level_token(const char *s, size_t n, size_t p, size_t e, span *lv)
{
    if (e - p >= 3 && ((s[p] == '[' && s[e - 1] == ']') || (s[p] == '<' && s[e - 1] == '>'))) {
        p++;
        e--;
    }
    if (!rg_level_is_word(s + p, e - p))
        return 0;
    *lv = (span){p, e - p};
    (void)n;
    return 1;
}

/* The end of a "[...]" group at p (nested brackets counted), or 0. */
static size_t bracket_end(const char *s, size_t n, size_t p)
{
    int depth = 0;
    for (size_t i = p; i < n; i++) {
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && --depth == 0)
            return i + 1;
    }
    return 0;
}

/* A logger name: a Java class or dotted name ("c.e.Foo", "o.a.h.MRAppMaster$X",
 * "executor.CoarseGrainedExecutorBackend"), at least one '.', no spaces. */
static int logger_like(const char *s, size_t n)
{
    int dot = 0;
    if (n == 0 || n > 200)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.')
            dot = 1;
        else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' ||
                   c == '$' || c == '-'))
            return 0;
    }
    return dot;
}

/* After the level: "pid --- [app] [thread] logger : msg", "[thread]
 * logger - msg", "logger: msg", or just the message. */
static void java_body(const char *s, size_t n, size_t p, tfields *f)
{
    p = skip_blanks(s, n, p);
    /* Spring Boot: "2345 --- ". */
    size_t e = token_end(s, n, p);
    if (e > p && e + 4 < n && memcmp(s + e, " ---", 4) == 0) {
        int all = 1;
        for (size_t i = p; i < e; i++)
            all &= is_digit(s[i]);
        if (all) {
            f->pid = (span){p, e - p};
            p = skip_blanks(s, n, e + 4);
        }
    }
    /* nginx: "1234#0: ". */
    e = token_end(s, n, p);
    if (e > p + 2 && s[e - 1] == ':' && memchr(s + p, '#', e - p) && is_digit(s[p])) {
        f->pid = (span){p, e - 1 - p};
        p = skip_blanks(s, n, e);
    }
    /* Bracketed groups: the last is the thread. */
    while (p < n && s[p] == '[') {
        size_t b = bracket_end(s, n, p);
        if (!b)
            break;
        /* Spring Boot pads the thread: "[           main]". */
        size_t ts = skip_blanks(s, b - 1, p + 1);
        f->thread = (span){ts, b - 1 - ts};
        p = skip_blanks(s, n, b);
    }
    /* A logger, then " - ", " : " (padded) or ": ". */
    e = p;
    while (e < n && !is_blank(s[e]) && s[e] != ':')
        e++;
    if (logger_like(s + p, e - p)) {
        size_t q = skip_blanks(s, n, e);
        if (q + 1 < n && (s[q] == '-' || s[q] == ':') && s[q + 1] == ' ') {
            f->actor = (span){p, e - p};
            p = q + 2;
        } else if (q < n && s[q] == ':' && q + 1 == n) {
            f->actor = (span){p, e - p};
            p = n;
        }
    }
    f->text = (span){p, n - p};
}

/* zap's console encoder: TIME \t level \t [logger \t] [caller \t] msg [\t {json}]. */
static int zap_body(const char *s, size_t n, size_t p, tfields *f)
{
    span col[8];
    size_t nc = 0;
    while (p <= n && nc < 8) {
        const char *t = memchr(s + p, '\t', n - p);
        size_t e = t ? (size_t)(t - s) : n;
        col[nc++] = (span){p, e - p};
        if (!t)
            break;
        p = e + 1;
    }
    if (nc < 2 || !rg_level_is_word(s + col[0].s, col[0].n))
        return 0;
    f->level = col[0];
    size_t last = nc - 1;
    if (nc > 2 && col[last].n && s[col[last].s] == '{') {
        f->extra = col[last];
        last--;
    }
    f->text = col[last];
    for (size_t i = 1; i < last; i++) {
        const char *c = s + col[i].s;
        size_t cn = col[i].n;
        const char *colon = memchr(c, ':', cn);
        if (colon && colon + 1 < c + cn && is_digit(colon[1]))
            f->caller = col[i];
        else
            f->actor = col[i];
    }
    return 1;
}

/* ISO time first, then one of the bodies. */
static int shape_iso(const char *s, size_t n, const rg_time_ctx *ctx, tfields *f)
{
    if (n < 19 || !is_digit(s[0]) || s[4] != '-')
        return 0;
    size_t k = rg_time_rfc3339(s, n, ctx, &f->at_us, &f->flags);
    if (k < 19 || (k < n && !is_blank(s[k])))
        return 0;
    f->ts = (span){0, k};
    if (k < n && s[k] == '\t' && zap_body(s, n, k + 1, f))
        return 1;
    size_t p = skip_blanks(s, n, k);
    if (p + 1 < n && s[p] == '-' && s[p + 1] == ' ') {
        /* "- LEVEL  [ctx] - msg" (ZooKeeper) or "- logger - LEVEL - msg" (Python). */
        size_t a = skip_blanks(s, n, p + 2), ae = token_end(s, n, a);
        if (level_token(s, n, a, ae, &f->level)) {
            size_t q = skip_blanks(s, n, ae);
            if (q < n && s[q] == '[') {
                size_t b = bracket_end(s, n, q);
                if (b) {
                    f->thread = (span){q + 1, b - 1 - (q + 1)};
                    q = skip_blanks(s, n, b);
                }
            }
            if (q + 1 < n && s[q] == '-' && s[q + 1] == ' ')
                q += 2;
            f->text = (span){q, n - q};
            return 1;
        }
        const char *sep = NULL;
        for (size_t i = a; i + 2 < n; i++)
            if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') {
                sep = s + i;
                break;
            }
        if (sep) {
            size_t le = (size_t)(sep - s);
            size_t b = skip_blanks(s, n, le + 3), be = token_end(s, n, b);
            if (level_token(s, n, b, be, &f->level)) {
                f->actor = (span){a, le - a};
                size_t q = skip_blanks(s, n, be);
                if (q + 1 < n && s[q] == '-' && s[q + 1] == ' ')
                    q += 2;
                f->text = (span){q, n - q};
                return 1;
            }
        }
        f->text = (span){p, n - p};
        return 1;
    }
    /* "LEVEL ..." or "[thread] LEVEL ...". */
    size_t e = token_end(s, n, p);
    if (level_token(s, n, p, e, &f->level)) {
        java_body(s, n, e, f);
        return 1;
    }
    if (p < n && s[p] == '[') {
        size_t b = bracket_end(s, n, p);
        if (b) {
            size_t q = skip_blanks(s, n, b), qe = token_end(s, n, q);
            if (level_token(s, n, q, qe, &f->level)) {
                f->thread = (span){p + 1, b - 1 - (p + 1)};
                java_body(s, n, qe, f);
                return 1;
            }
        }
    }
    f->text = (span){p, n - p};
    return 1;
}

/* "17/06/09 20:10:40 LEVEL logger: msg" (Spark) and "2024/05/01 12:00:00
 * [level] pid#tid: msg" (nginx): a slash date, then a level. */
static int shape_slash(const char *s, size_t n, const rg_time_ctx *ctx, tfields *f)
{
    if (n < 18 || !is_digit(s[0]) || !is_digit(s[1]))
        return 0;
    const char *fmt = s[2] == '/' ? "%y/%m/%d %H:%M:%S" : s[4] == '/' ? "%Y/%m/%d %H:%M:%S" : NULL;
    if (!fmt)
        return 0;
    size_t k = rg_time_format_read(fmt, s, n, ctx, &f->at_us, &f->flags);
    if (k == 0 || (k < n && !is_blank(s[k])))
        return 0;
    f->ts = (span){0, k};
    size_t p = skip_blanks(s, n, k), e = token_end(s, n, p);
    if (!level_token(s, n, p, e, &f->level))
        return 0;
    java_body(s, n, e, f);
    return 1;
}

/* Apache: "[Sun Dec 04 04:47:44 2005] [error] msg", 2.4: "[Wed Oct 11
 * 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client
 * 10.0.0.1:5555] msg". */
static int shape_apache(const char *s, size_t n, const rg_time_ctx *ctx, tfields *f)
{
    if (n < 28 || s[0] != '[')
        return 0;
    size_t k = rg_time_format_read("[%a %b %d %H:%M:%S %Y]", s, n, ctx, &f->at_us, &f->flags);
    if (k == 0)
        return 0;
    f->ts = (span){1, k - 2};
    size_t p = skip_blanks(s, n, k);
    if (p >= n || s[p] != '[')
        return 0;
    size_t b = bracket_end(s, n, p);
    if (!b)
        return 0;
    size_t ls = p + 1, le = b - 1;
    const char *colon = memchr(s + ls, ':', le - ls);
    if (colon)
        ls = (size_t)(colon - s) + 1;
    if (!rg_level_is_word(s + ls, le - ls))
        return 0;
    f->level = (span){ls, le - ls};
    p = skip_blanks(s, n, b);
    while (p < n && s[p] == '[') {
        size_t q = bracket_end(s, n, p);
        if (!q)
            break;
        if (q - p > 5 && memcmp(s + p, "[pid ", 5) == 0)
            f->pid = (span){p + 5, q - 1 - (p + 5)};
        else if (q - p > 8 && memcmp(s + p, "[client ", 8) == 0)
            f->client = (span){p + 8, q - 1 - (p + 8)};
        else
            break;
        p = skip_blanks(s, n, q);
    }
    f->text = (span){p, n - p};
    return 1;
}

/* glog: "I0501 12:00:00.123456 1234 file.go:42] msg". */
static int shape_glog(const char *s, size_t n, const rg_time_ctx *ctx, tfields *f)
{
    if (n < 22 || !strchr("IWEF", s[0]) || !is_digit(s[1]))
        return 0;
    size_t k = rg_time_format_read("%m%d %H:%M:%S", s + 1, n - 1, ctx, &f->at_us, &f->flags);
    if (k < 14 || 1 + k >= n || s[1 + k] != ' ')
        return 0;
    f->ts = (span){0, 1 + k};
    size_t p = skip_blanks(s, n, 1 + k), e = token_end(s, n, p);
    for (size_t i = p; i < e; i++)
        if (!is_digit(s[i]))
            return 0;
    f->thread = (span){p, e - p};
    p = skip_blanks(s, n, e);
    const char *rb = memchr(s + p, ']', n - p);
    if (!rb)
        return 0;
    f->caller = (span){p, (size_t)(rb - s) - p};
    p = (size_t)(rb - s) + 1;
    if (p < n && s[p] == ' ')
        p++;
    f->text = (span){p, n - p};
    f->level = (span){0, 1};
    f->type = s[0] == 'E' || s[0] == 'F' ? "log.error" : s[0] == 'W' ? "log.warning" : "log.info";
    return 1;
}

/* Tries the shapes; 1 with the fields when the line is a record. */
static int read_builtin(const char *s, size_t n, const rg_time_ctx *ctx, tfields *f)
{
    memset(f, 0, sizeof(*f));
    if (n == 0)
        return 0;
    if (is_digit(s[0])) {
        if (n > 4 && s[4] == '-')
            return shape_iso(s, n, ctx, f);
        return shape_slash(s, n, ctx, f);
    }
    if (s[0] == '[')
        return shape_apache(s, n, ctx, f);
    return shape_glog(s, n, ctx, f);
}

/* ---- the importer ---- */

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_time_ctx ctx;
    rg_linejoin join;
    uint64_t n_records;
    long first_line;
    pcre2_code *re; /* the manifest's pattern, or NULL */
    pcre2_match_data *md;
    uint32_t g_time, g_level, g_actor, g_text; /* group numbers, 0 when absent */
    rg_prepass *pre; /* the thread working built-in shapes out ahead, or NULL */
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

enum { L_TEXT, L_RECORD, L_BAD_TIME };

/* The manifest's pattern on a line. */
static int read_pattern(state *st, const char *s, size_t n, tfields *f)
{
    memset(f, 0, sizeof(*f));
    int rc = pcre2_match(st->re, (PCRE2_SPTR)s, n, 0, 0, st->md, NULL);
    if (rc < 0)
        return L_TEXT;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(st->md);
    uint32_t groups[4] = {st->g_time, st->g_level, st->g_actor, st->g_text};
    span *out[4] = {&f->ts, &f->level, &f->actor, &f->text};
    for (int i = 0; i < 4; i++) {
        uint32_t g = groups[i];
        if (g && (int)g < rc && ov[2 * g] != PCRE2_UNSET)
            *out[i] = (span){ov[2 * g], ov[2 * g + 1] - ov[2 * g]};
    }
    if (!st->g_text)
        f->text = (span){0, n};
    if (f->ts.n == 0)
        return L_BAD_TIME;
    const char *t = s + f->ts.s;
    if (st->src->time_format) {
        if (rg_time_format_read(st->src->time_format, t, f->ts.n, &st->ctx, &f->at_us, &f->flags) !=
            f->ts.n)
            return L_BAD_TIME;
    } else if (rg_time_parse(t, f->ts.n, &st->ctx, &f->at_us, &f->flags) != 0) {
        return L_BAD_TIME;
    }
    return L_RECORD;
}

static int attr_span(state *st, rg_event *ev, const char *key, const char *s, span v)
{
    if (v.n == 0)
        return 0;
    char *t = rg_arena_strndup(st->a, s + v.s, v.n);
    return t ? rg_event_attr(st->a, ev, key, t) : -1;
}

/* What the prepass thread works out for a line of a built-in shape
 * (prepass.h), which is what handle_line and record would: read_builtin's
 * kind and fields, the type and the signature's part of the cluster key.
 * Packed: lines of up to 65,535 bytes without a colour escape (those are
 * read on the importer's thread, from their plain copy). */
typedef struct pre_line {
    int64_t at_us;
    uint64_t acc;
    const char *type;  /* as record would take it */
    const char *ftype; /* tfields.type: the shape's own (glog's letter) */
    int32_t flags;
    uint16_t at[9], len[9]; /* ts, level, actor, thread, pid, caller, client, text, extra */
    int8_t kind, marked;
} pre_line;

_Static_assert(sizeof(pre_line) <= RG_PREPASS_REC_MAX, "a prepass record holds a pre_line");

/* The thread's own copy (rg_prepass_start copies it): the time context. */
typedef struct pre_ctx {
    rg_time_ctx ctx;
} pre_ctx;

static span *tfield_at(tfields *f, int k)
{
    span *all[9] = {&f->ts,     &f->level,  &f->actor, &f->thread, &f->pid,
                    &f->caller, &f->client, &f->text,  &f->extra};
    return all[k];
}

/* The type record gives a line of fields f: the shape's, else the level
 * word's, else the message's first level word (NULL: log.info). */
static const char *fields_type(const char *s, const tfields *f)
{
    return f->type      ? f->type
           : f->level.n ? rg_level_name_type(s + f->level.s, f->level.n)
                        : rg_level_word_type(s + f->text.s, f->text.n);
}

/* The prepass thread's work on one line (rg_prepass_fn). */
static int pre_work(void *ctx, const char *s, size_t n, void *rec)
{
    const pre_ctx *c = ctx;
    pre_line *pl = rec;
    if (n >= UINT16_MAX || rg_is_blank(s, n) || memchr(s, 0x1B, n))
        return 0;
    tfields f;
    pl->kind = (int8_t)read_builtin(s, n, &c->ctx, &f);
    pl->at_us = f.at_us;
    pl->flags = f.flags;
    pl->ftype = f.type;
    for (int k = 0; k < 9; k++) {
        const span *sp = tfield_at(&f, k);
        pl->at[k] = (uint16_t)sp->s;
        pl->len[k] = (uint16_t)sp->n;
    }
    if (pl->kind == L_RECORD) {
        pl->type = fields_type(s, &f);
        int marked;
        pl->acc = rg_signature_acc(s + f.text.s, f.text.n, &marked);
        pl->marked = (int8_t)marked;
    }
    return 1;
}

/* read_builtin's result for a line, from the prepass. */
static int pre_fields(const pre_line *pl, tfields *f)
{
    memset(f, 0, sizeof(*f));
    f->at_us = pl->at_us;
    f->flags = pl->flags;
    f->type = pl->ftype;
    for (int k = 0; k < 9; k++)
        *tfield_at(f, k) = (span){pl->at[k], pl->len[k]};
    return pl->kind;
}

static int record(state *st, const char *s, size_t n, const tfields *f, int64_t at, long line,
                  int cut, const pre_line *pre)
{
    if (cut)
        rg_linejoin_warn_cut(&st->join, line);
    rg_warn_local_time(st->sink->diag, st->src, line, s + f->ts.s, f->ts.n, f->flags, at,
                       "the first one");
    rg_warn_no_year(st->sink->diag, st->src, line, f->flags);
    size_t line_ansi = st->join.line_ansi;
    /* README, "Evidence of any size": most lines are folded by the core
     * before anything is allocated for them. */
    const char *type = pre ? pre->type : fields_type(s, f);
    rg_foldable fo = {at,
                      type ? type : "log.info",
                      s + f->text.s,
                      f->text.n,
                      f->actor.n ? s + f->actor.s : NULL,
                      f->actor.n,
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
    if (keep <= 0) {
        st->join.last = RG_JOIN_DROPPED;
        return keep;
    }
    /* Cleaning replaces bad bytes with three-byte U+FFFD, which moves the
     * offsets: fields are read again on the clean copy when it differs. The
     * identity stays the line offered to fold() (fo.raw), as syslog's. */
    size_t raw_n = n;
    const char *c = rg_linejoin_clean(&st->join, s, &n, line);
    if (!c)
        return oom(st, line);
    tfields g = *f;
    if (c != s) {
        int k = st->re ? read_pattern(st, c, n, &g) : read_builtin(c, n, &st->ctx, &g);
        if (!k) {
            g = *f;
            g.text = (span){0, n};
            g.level = g.actor = g.thread = g.pid = g.caller = g.client = g.extra = (span){0, 0};
            g.ts = (span){0, 0};
        }
    }
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return oom(st, line);
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->source = st->source;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_time_text(st->a, c + g.ts.s, g.ts.n, st->src, g.flags);
    if (!ev->origin || !ev->time_text)
        return oom(st, line);
    rg_event_line_identity(ev, s, raw_n);
    if (g.actor.n && !(ev->actor = rg_arena_strndup(st->a, c + g.actor.s, g.actor.n)))
        return oom(st, line);
    if (g.type)
        ev->type = g.type;
    else if (g.level.n)
        ev->type = rg_level_name_type(c + g.level.s, g.level.n);
    else
        ev->type = rg_level_word_type(c + g.text.s, g.text.n);
    if (!ev->type)
        ev->type = "log.info";
    if (attr_span(st, ev, "level", c, g.level) != 0 ||
        attr_span(st, ev, "thread", c, g.thread) != 0 || attr_span(st, ev, "pid", c, g.pid) != 0 ||
        attr_span(st, ev, "caller", c, g.caller) != 0 ||
        attr_span(st, ev, "client", c, g.client) != 0)
        return oom(st, line);
    st->join.ev_line = line;
    st->join.n_ansi = line_ansi;
    if (rg_linejoin_append(&st->join, c + g.text.s, g.text.n, line) != 0 ||
        (g.extra.n && (rg_linejoin_append(&st->join, " ", 1, line) != 0 ||
                       rg_linejoin_append(&st->join, c + g.extra.s, g.extra.n, line) != 0)))
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
    tfields f;
    int kind = pre      ? pre_fields(pre, &f)
               : st->re ? read_pattern(st, s, n, &f)
                        : read_builtin(s, n, &st->ctx, &f);
    if (kind == L_TEXT)
        return rg_linejoin_continue(&st->join, s, n, line, cut,
                                    "line has no timestamp and no line before it has one; skipped",
                                    "line has no timestamp and was joined to the line before");
    st->n_records++;
    if (flush(st) != 0)
        return -1;
    st->join.last = RG_JOIN_DROPPED;
    if (kind == L_BAD_TIME) {
        size_t vn = f.ts.n > 40 ? 40 : f.ts.n;
        rg_diag_warn(st->sink->diag, st->src->path, line, (long)f.ts.s + 1, "bad-time",
                     "the pattern's time '%.*s%s' does not read%s%s; line skipped", (int)vn,
                     s + f.ts.s, vn < f.ts.n ? "..." : "", st->src->time_format ? " as " : "",
                     st->src->time_format ? st->src->time_format : "");
        return 0;
    }
    int64_t at = f.at_us + st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    return record(st, s, n, &f, at, line, cut, pre);
}

static int compile(state *st)
{
    int code;
    PCRE2_SIZE at;
    st->re = pcre2_compile((PCRE2_SPTR)st->src->pattern, PCRE2_ZERO_TERMINATED,
                           PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
    if (!st->re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(code, msg, sizeof(msg));
        return rg_diag_error(st->sink->diag, st->src->path, 0, 0,
                             "its \"pattern\" is not a valid regular expression (%s at "
                             "character %zu)",
                             (const char *)msg, (size_t)at + 1);
    }
    pcre2_jit_compile(st->re, PCRE2_JIT_COMPLETE); /* faster when available; fine without */
    st->md = pcre2_match_data_create_from_pattern(st->re, NULL);
    if (!st->md)
        return oom(st, 0);
    int g;
    st->g_time = (g = pcre2_substring_number_from_name(st->re, (PCRE2_SPTR) "time")) > 0 ? g : 0;
    st->g_level = (g = pcre2_substring_number_from_name(st->re, (PCRE2_SPTR) "level")) > 0 ? g : 0;
    st->g_actor = (g = pcre2_substring_number_from_name(st->re, (PCRE2_SPTR) "actor")) > 0 ? g : 0;
    st->g_text = (g = pcre2_substring_number_from_name(st->re, (PCRE2_SPTR) "text")) > 0 ? g : 0;
    if (!st->g_time)
        return rg_diag_error(st->sink->diag, st->src->path, 0, 0,
                             "its \"pattern\" has no (?<time>...) group");
    return 0;
}

/* The seek's line time (linereader.h): the built-in shapes' time (a user's
 * pattern is not sought: its time may lack a year). glog's "I1120 14:02:03"
 * has no year, and a local time that happens twice or not at all is
 * ambiguous: neither can order a file. */
static int line_time(void *ctx, const char *raw, size_t n, int64_t *at_us)
{
    state *st = ctx;
    if (st->re)
        return RG_LINE_NO_SEEK;
    const char *s = rg_linejoin_plain(&st->join, raw, &n);
    if (!s)
        return RG_LINE_NO_SEEK;
    tfields f;
    if (read_builtin(s, n, &st->ctx, &f) != L_RECORD)
        return RG_LINE_NO_TIME;
    if (!is_digit(s[0]) && s[0] != '[')
        return RG_LINE_NO_SEEK;
    if (f.flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
        return RG_LINE_NO_SEEK;
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
    st.ctx.zone = src->zone;
    st.ctx.ref_us = src->ref_us;
    rg_linejoin_init(&st.join, src->path, sink);
    int rc = 0;
    rg_linereader r;
    memset(&r, 0, sizeof(r));
    r.z.fd = -1;
    st.source = rg_arena_strdup(st.a, src->name ? src->name : src->path);
    if (!st.source) {
        rc = oom(&st, 0);
        goto done;
    }
    if (src->pattern && compile(&st) != 0) {
        rc = -1;
        goto done;
    }
    if (rg_linereader_open(&r, src->path, sink) != 0 ||
        rg_linereader_seek(&r, line_time, &st) != 0) {
        rc = -1;
        goto done;
    }
    /* The thread that works lines out ahead (prepass.h): built-in shapes of
     * plain files, whose lines lie at known offsets. */
    pre_ctx pc = {st.ctx};
    if (!st.re && r.z.codec == RG_Z_PLAIN && sink->fold && !r.eof)
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
                           st.re ? "no line matches the source's \"pattern\""
                                 : "expected a text log ('2024-05-01 12:00:00,123 ERROR ...', "
                                   "'[Sun Dec 04 04:47:44 2005] [error] ...', glog, ...), "
                                   "found no line with a timestamp");
done:
    rg_prepass_stop(st.pre);
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    pcre2_match_data_free(st.md);
    pcre2_code_free(st.re);
    return rc;
}

/* A built-in shape with a level on the first line, and on most of the
 * others: 85, above syslog's 60 for an ISO time followed by a word (which
 * would be the level, read as a host). A shape without a level (an ISO time
 * then words) does not count: that is syslog's or nobody's. */
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
    while (i < head_len && seen < 10) {
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
        tfields f;
        int ok = read_builtin(s, n, &ctx, &f) && f.level.n > 0;
        if (first < 0)
            first = ok;
        seen++;
        records += ok;
    }
    /* Stack traces may fill the head, so a third of the lines will do. */
    if (first <= 0 || records * 3 < seen)
        return 0;
    return 85;
}

const rg_importer rg_importer_textlog = {
    .name = "textlog",
    .kind = RG_KIND_LOG,
    .summary = "text logs: log4j/logback/Spring Boot, Spark, ZooKeeper, zap console, glog, Python, "
               "Apache and nginx error logs, or a manifest \"pattern\"",
    .recognises = "lines starting with a time and a level word ('2024-05-01 12:00:00,123 ERROR', "
                  "'17/06/09 20:10:40 INFO', '[Sun Dec 04 04:47:44 2005] [error]', 'I0501 "
                  "12:00:00.123456')",
    .streams = 1,
    .yearless = 1,
    .sniff = sniff,
    .parse = parse,
};
