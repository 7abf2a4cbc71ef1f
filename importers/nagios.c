/* nagios.c -- streams a Nagios, Icinga 1, Naemon nagios.log or an Icinga 2
 * compat log ("[epoch] TYPE: f1;f2;...") into alert, page and log events,
 * line by line (linereader.h), cut to the incident window while it reads.
 *
 * What it decides, so the README can say it:
 *  - A record is a line that opens with "[<epoch seconds>] " or the humanised
 *    "[Tue Jan 12 00:00:00 2016] " some setups write (local time, read in the
 *    source's zone, the zone said in time_text; a time a daylight-saving
 *    change skips or repeats is warned, the first reading taken). A line
 *    without one is warning "no-time" and skipped (Nagios writes one line per
 *    record, so it is nothing to join). Blank lines are skipped. An empty file
 *    is no events; a file with text but no record is an error at its first
 *    line.
 *  - The log is a log: it is read after the small sources have fixed the
 *    incident window and cut to it (a nagios.log holds a day or more of every
 *    check), as syslog is. Alone, with no window, it is read whole.
 *  - SERVICE ALERT: host;service;state;HARD|SOFT;attempt;output and HOST
 *    ALERT: host;state;HARD|SOFT;attempt;output. HARD in a non-OK state
 *    (WARNING, CRITICAL, UNKNOWN, DOWN, UNREACHABLE) -> alert.firing; HARD
 *    OK or UP -> alert.resolved; SOFT states are not alerts: a SOFT problem ->
 *    log.warning, a SOFT recovery -> log.info. Text "host/service STATE:
 *    output" ("host STATE: output"); fingerprint "host/service" ("host"), on
 *    which a firing and its resolution pair. A state that is not one of
 *    these (OK, WARNING, CRITICAL, UNKNOWN for a service; UP, DOWN,
 *    UNREACHABLE for a host), a state type other than HARD or SOFT, an
 *    attempt that is not a number or missing fields: warning "bad-record" at
 *    the field's line and column, the line skipped.
 *  - SERVICE NOTIFICATION: contact;host;service;type;command;output and HOST
 *    NOTIFICATION: contact;host;type;command;output -> page.notified, actor
 *    the contact, not human (Nagios sent it). A notification of type
 *    "ACKNOWLEDGEMENT (STATE)" -> page.acknowledged, human, actor the
 *    acknowledgement's author and text its comment: Nagios writes them after
 *    the output (";author;comment"), so they are the last two fields and the
 *    output keeps whatever lies between (an output with ';' stays whole; a
 *    comment with ';' loses its head to the output). Without them (Alignak,
 *    Shinken) the author is unknown (actor none).
 *  - EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM;host;service;sticky;notify;
 *    persistent;author;comment and ACKNOWLEDGE_HOST_PROBLEM;host;sticky;
 *    notify;persistent;author;comment -> page.acknowledged by the author
 *    (human), text the comment. Other external commands -> log.info.
 *  - The last field of every type keeps the rest of the line: plugin output
 *    and comments may contain ';'.
 *  - LOG ROTATION, LOG VERSION and CURRENT/INITIAL SERVICE/HOST STATE lines
 *    are Nagios's own bookkeeping (the states are written again at every
 *    rotation and start, they are not changes): skipped, and counted in
 *    warning "bookkeeping" so none is lost silently.
 *  - FLAPPING ALERT -> log.warning; DOWNTIME ALERT, ACKNOWLEDGE ALERT, EVENT
 *    HANDLER, PASSIVE CHECK and program messages -> log.info, except "Error:"
 *    lines -> log.error and "Warning:" lines -> log.warning (else the first
 *    upper-case level word decides, as for every log).
 *  - Actor of alerts and log lines "nagios"; attrs "nagios_type" (the TYPE),
 *    "host", "service", "state", "state_type", "attempt", "contact",
 *    "command", "notification_type", "fingerprint". Identity: the raw line,
 *    as for every log. Invalid UTF-8 and NUL become U+FFFD (warning "utf8");
 *    a line over 1 MiB keeps its first MiB (warning "long-line"). */
#include "importer.h"

#include <string.h>

#include "linereader.h"

typedef struct span {
    const char *s;
    size_t n;
} span;

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_linejoin join; /* only for its UTF-8 cleaning and long-line warning */
    uint64_t n_records;
    long first_line; /* first non-blank line, for "nothing recognised" */
    const char *ls;  /* the start of the record being read, for warnings' columns */
} state;

/* The column of p, a byte of the record being read. */
static long col_of(const state *st, const char *p)
{
    return (long)(p - st->ls) + 1;
}

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int starts(span s, const char *p)
{
    size_t n = strlen(p);
    return s.n >= n && memcmp(s.s, p, n) == 0;
}

static int span_is(span s, const char *p)
{
    return s.n == strlen(p) && memcmp(s.s, p, s.n) == 0;
}

/* "[1329667072] " -> the instant; returns the offset after the "] ", or 0. */
static size_t epoch_stamp(const char *s, size_t n, int64_t *at_us)
{
    if (n < 4 || s[0] != '[')
        return 0;
    size_t i = 1;
    int64_t v = 0;
    while (i < n && is_digit(s[i]) && i <= 12)
        v = v * 10 + (s[i++] - '0');
    if (i == 1 || i > 12 || i + 1 >= n || s[i] != ']' || s[i + 1] != ' ')
        return 0;
    *at_us = v * 1000000;
    return i + 2;
}

static int month_of(const char *m)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (memcmp(names + 3 * i, m, 3) == 0)
            return i + 1;
    return 0;
}

static int two(const char *s, int *v)
{
    if (!is_digit(s[0]) || !is_digit(s[1]))
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

/* "[Tue Jan 12 00:00:00 2016] " (ctime, local): returns the offset after
 * "] " and the broken-down time, or 0. */
static size_t human_stamp(const char *s, size_t n, int f[6])
{
    /* [Www Mmm dd HH:MM:SS YYYY] with dd maybe " 5" */
    if (n < 27 || s[0] != '[' || s[4] != ' ' || s[8] != ' ' || s[11] != ' ' || s[14] != ':' ||
        s[17] != ':' || s[20] != ' ' || s[25] != ']' || s[26] != ' ')
        return 0;
    int mon = month_of(s + 5);
    int day = 0, h, mi, se, y1, y2;
    if (s[9] == ' ' && is_digit(s[10]))
        day = s[10] - '0';
    else if (!two(s + 9, &day))
        return 0;
    if (!mon || !two(s + 12, &h) || !two(s + 15, &mi) || !two(s + 18, &se) || !two(s + 21, &y1) ||
        !two(s + 23, &y2))
        return 0;
    f[0] = y1 * 100 + y2, f[1] = mon, f[2] = day, f[3] = h, f[4] = mi, f[5] = se;
    return 27;
}

/* Splits s into at most max fields on ';'; the last keeps the rest. Returns
 * the number of fields. */
static size_t split(span s, span *out, size_t max)
{
    size_t k = 0;
    const char *p = s.s, *end = s.s + s.n;
    while (k + 1 < max) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi)
            break;
        out[k++] = (span){p, (size_t)(semi - p)};
        p = semi + 1;
    }
    out[k++] = (span){p, (size_t)(end - p)};
    return k;
}

static const char *dup(state *st, span v)
{
    return rg_arena_strndup(st->a, v.s, v.n);
}

static int attr(state *st, rg_event *ev, const char *key, span v)
{
    if (v.n == 0)
        return 0;
    const char *s = dup(st, v);
    return s ? rg_event_attr(st->a, ev, key, s) : -1;
}

/* The event of a kept line, with what every event of the file shares. */
static rg_event *new_event(state *st, int64_t at_us, const char *line_text, size_t line_len,
                           const char *time_text, long line)
{
    rg_event *ev = rg_event_new(st->a);
    if (!ev)
        return NULL;
    ev->at_us = at_us;
    ev->source = st->source;
    ev->actor = "nagios";
    ev->human = 0;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = time_text;
    rg_event_line_identity(ev, line_text, line_len);
    return ev->origin ? ev : NULL;
}

static int emit(state *st, rg_event *ev, long line)
{
    if (!ev->text)
        return oom(st, line);
    return st->sink->emit(st->sink, ev) != 0 ? oom(st, line) : 0;
}

/* SERVICE ALERT / HOST ALERT. */
static int alert(state *st, rg_event *ev, span type, span body, int service, long line)
{
    span f[6];
    size_t want = service ? 6 : 5;
    if (split(body, f, want) != want) {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, body.s), "bad-record",
                     "'%.*s' line has fewer than %zu fields; skipped", (int)type.n, type.s, want);
        return 0;
    }
    span host = f[0], svc = service ? f[1] : (span){"", 0};
    span stv = f[service ? 2 : 1], kind = f[service ? 3 : 2], attempt = f[service ? 4 : 3];
    span out = f[service ? 5 : 4];
    int ok = span_is(stv, "OK") || span_is(stv, "UP");
    int known = service ? ok || span_is(stv, "WARNING") || span_is(stv, "CRITICAL") ||
                              span_is(stv, "UNKNOWN")
                        : ok || span_is(stv, "DOWN") || span_is(stv, "UNREACHABLE");
    if (!known || (service && span_is(stv, "UP")) || (!service && span_is(stv, "OK"))) {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, stv.s), "bad-record",
                     "'%.*s' line has state '%.*s', expected %s; skipped", (int)type.n, type.s,
                     (int)stv.n, stv.s,
                     service ? "OK, WARNING, CRITICAL or UNKNOWN" : "UP, DOWN or UNREACHABLE");
        return 0;
    }
    size_t d = 0;
    while (d < attempt.n && is_digit(attempt.s[d]))
        d++;
    if (d == 0 || d != attempt.n) {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, attempt.s), "bad-record",
                     "'%.*s' line has attempt '%.*s', expected a number; skipped", (int)type.n,
                     type.s, (int)attempt.n, attempt.s);
        return 0;
    }
    if (span_is(kind, "HARD")) {
        ev->kind = RG_KIND_ALERT;
        ev->type = ok ? "alert.resolved" : "alert.firing";
    } else if (span_is(kind, "SOFT")) {
        ev->kind = RG_KIND_LOG;
        ev->type = ok ? "log.info" : "log.warning";
    } else {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, kind.s), "bad-record",
                     "'%.*s' line has state type '%.*s', expected HARD or SOFT; skipped",
                     (int)type.n, type.s, (int)kind.n, kind.s);
        return 0;
    }
    if (service)
        ev->text = rg_arena_printf(st->a, "%.*s/%.*s %.*s: %.*s", (int)host.n, host.s, (int)svc.n,
                                   svc.s, (int)stv.n, stv.s, (int)out.n, out.s);
    else
        ev->text = rg_arena_printf(st->a, "%.*s %.*s: %.*s", (int)host.n, host.s, (int)stv.n, stv.s,
                                   (int)out.n, out.s);
    const char *fp =
        service ? rg_arena_printf(st->a, "%.*s/%.*s", (int)host.n, host.s, (int)svc.n, svc.s)
                : dup(st, host);
    if (!fp || attr(st, ev, "host", host) || attr(st, ev, "service", svc) ||
        attr(st, ev, "state", stv) || attr(st, ev, "state_type", kind) ||
        attr(st, ev, "attempt", attempt) || rg_event_attr(st->a, ev, "fingerprint", fp) < 0)
        return oom(st, line);
    return emit(st, ev, line);
}

/* SERVICE NOTIFICATION / HOST NOTIFICATION. */
static int notification(state *st, rg_event *ev, span body, int service, long line)
{
    span f[6];
    size_t want = service ? 6 : 5;
    if (split(body, f, want) != want) {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, body.s), "bad-record",
                     "notification line has fewer than %zu fields; skipped", want);
        return 0;
    }
    span contact = f[0], host = f[1], svc = service ? f[2] : (span){"", 0};
    span ntype = f[service ? 3 : 2], command = f[service ? 4 : 3], rest = f[service ? 5 : 4];
    span out = rest, author = {"", 0}, comment = {"", 0};
    int ack = starts(ntype, "ACKNOWLEDGEMENT");
    if (ack || starts(ntype, "CUSTOM")) {
        /* ";author;comment" after the output: the last two fields. */
        const char *last = NULL, *before = NULL;
        for (const char *p = rest.s; p < rest.s + rest.n; p++)
            if (*p == ';')
                before = last, last = p;
        if (before) {
            out = (span){rest.s, (size_t)(before - rest.s)};
            author = (span){before + 1, (size_t)(last - before - 1)};
            comment = (span){last + 1, (size_t)(rest.s + rest.n - last - 1)};
        }
    }
    const char *what =
        service ? rg_arena_printf(st->a, "%.*s/%.*s", (int)host.n, host.s, (int)svc.n, svc.s)
                : dup(st, host);
    if (!what)
        return oom(st, line);
    ev->kind = RG_KIND_PAGE;
    if (ack) {
        ev->type = "page.acknowledged";
        ev->human = 1;
        ev->actor = author.n ? dup(st, author) : NULL;
        ev->text = comment.n
                       ? dup(st, comment)
                       : rg_arena_printf(st->a, "%s acknowledged: %.*s", what, (int)out.n, out.s);
        if (author.n && !ev->actor)
            return oom(st, line);
    } else {
        ev->type = "page.notified";
        ev->actor = dup(st, contact);
        ev->text =
            rg_arena_printf(st->a, "%s %.*s: %.*s", what, (int)ntype.n, ntype.s, (int)out.n, out.s);
        if (!ev->actor)
            return oom(st, line);
    }
    if (attr(st, ev, "contact", contact) || attr(st, ev, "host", host) ||
        attr(st, ev, "service", svc) || attr(st, ev, "notification_type", ntype) ||
        attr(st, ev, "command", command) || attr(st, ev, "author", author))
        return oom(st, line);
    return emit(st, ev, line);
}

/* EXTERNAL COMMAND: ACKNOWLEDGE_SVC_PROBLEM / ACKNOWLEDGE_HOST_PROBLEM. */
static int ack_command(state *st, rg_event *ev, span body, int service, long line)
{
    span f[8];
    size_t want = service ? 8 : 7;
    if (split(body, f, want) != want) {
        rg_diag_warn(st->sink->diag, st->src->path, line, col_of(st, body.s), "bad-record",
                     "acknowledgement command has fewer than %zu fields; skipped", want);
        return 0;
    }
    span host = f[1], svc = service ? f[2] : (span){"", 0};
    span author = f[service ? 6 : 5], comment = f[service ? 7 : 6];
    ev->kind = RG_KIND_PAGE;
    ev->type = "page.acknowledged";
    ev->human = 1;
    ev->actor = author.n ? dup(st, author) : NULL;
    if (comment.n)
        ev->text = dup(st, comment);
    else if (service)
        ev->text = rg_arena_printf(st->a, "%.*s/%.*s acknowledged", (int)host.n, host.s, (int)svc.n,
                                   svc.s);
    else
        ev->text = rg_arena_printf(st->a, "%.*s acknowledged", (int)host.n, host.s);
    if ((author.n && !ev->actor) || attr(st, ev, "host", host) || attr(st, ev, "service", svc) ||
        attr(st, ev, "author", author))
        return oom(st, line);
    return emit(st, ev, line);
}

/* What a kept record's body says: the type it names and its fields. */
static int record(state *st, const char *s, size_t n, size_t body, int64_t at_us,
                  const char *time_text, long line, int cut)
{
    if (cut)
        rg_linejoin_warn_cut(&st->join, line);
    s = rg_linejoin_clean(&st->join, s, &n, line); /* the stamp is ASCII: body stays valid */
    if (!s)
        return oom(st, line);
    st->ls = s;
    span msg = {s + body, n - body};
    /* "TYPE: fields": TYPE is upper case, spaces and underscores. */
    size_t t = 0;
    while (t < msg.n &&
           ((msg.s[t] >= 'A' && msg.s[t] <= 'Z') || msg.s[t] == ' ' || msg.s[t] == '_'))
        t++;
    span type = {msg.s, 0}, fields = msg;
    if (t > 0 && t + 1 < msg.n && msg.s[t] == ':' && msg.s[t + 1] == ' ') {
        type.n = t;
        fields = (span){msg.s + t + 2, msg.n - t - 2};
    }
    if (span_is(type, "LOG ROTATION") || span_is(type, "LOG VERSION") ||
        span_is(type, "CURRENT SERVICE STATE") || span_is(type, "CURRENT HOST STATE") ||
        span_is(type, "INITIAL SERVICE STATE") || span_is(type, "INITIAL HOST STATE")) {
        rg_diag_warn(
            st->sink->diag, st->src->path, line, 0, "bookkeeping",
            "'%.*s' line skipped: Nagios's own bookkeeping (log rotation; states written again "
            "at every rotation and start), not a change",
            (int)type.n, type.s);
        return 0;
    }
    rg_event *ev = new_event(st, at_us, s, n, time_text, line);
    if (!ev)
        return oom(st, line);
    if (type.n && rg_event_attr(st->a, ev, "nagios_type", dup(st, type)) < 0)
        return oom(st, line);
    if (span_is(type, "SERVICE ALERT") || span_is(type, "HOST ALERT"))
        return alert(st, ev, type, fields, type.s[0] == 'S', line);
    if (span_is(type, "SERVICE NOTIFICATION") || span_is(type, "HOST NOTIFICATION"))
        return notification(st, ev, fields, type.s[0] == 'S', line);
    if (span_is(type, "EXTERNAL COMMAND") && starts(fields, "ACKNOWLEDGE_SVC_PROBLEM;"))
        return ack_command(st, ev, fields, 1, line);
    if (span_is(type, "EXTERNAL COMMAND") && starts(fields, "ACKNOWLEDGE_HOST_PROBLEM;"))
        return ack_command(st, ev, fields, 0, line);
    ev->kind = RG_KIND_LOG;
    if (span_is(type, "SERVICE FLAPPING ALERT") || span_is(type, "HOST FLAPPING ALERT"))
        ev->type = "log.warning";
    else if (starts(msg, "Error:") || starts(msg, "ERROR:"))
        ev->type = "log.error";
    else if (starts(msg, "Warning:") || starts(msg, "WARNING:"))
        ev->type = "log.warning";
    else if (type.n)
        ev->type = "log.info";
    else if (!(ev->type = rg_level_word_type(msg.s, msg.n)))
        ev->type = "log.info";
    ev->text = dup(st, msg);
    return emit(st, ev, line);
}

static int handle_line(state *st, const char *s, size_t n, long line, int cut)
{
    if (rg_is_blank(s, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    int64_t at;
    size_t body = epoch_stamp(s, n, &at);
    int f[6], flags = 0;
    if (!body) {
        body = human_stamp(s, n, f);
        if (!body || rg_time_from_local(st->src->zone, f[0], f[1], f[2], f[3], f[4], f[5], 0, &at,
                                        &flags) != 0) {
            rg_diag_warn(st->sink->diag, st->src->path, line, 1, "no-time",
                         "line does not start with a '[timestamp]'; skipped");
            return 0;
        }
        flags |= RG_TIME_LOCAL;
    }
    st->n_records++;
    at += st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    /* Kept: from here on allocating is fine. */
    const char *tt;
    if (flags & RG_TIME_LOCAL) {
        tt = rg_time_text(st->a, s + 1, body - 3, st->src, flags);
        if (flags & (RG_TIME_GAP | RG_TIME_OVERLAP)) {
            char when[32];
            rg_time_format(at, when);
            rg_diag_warn(st->sink->diag, st->src->path, line, 2, "dst",
                         "local time '%.*s' %s in %s (daylight-saving change); read as %s",
                         (int)(body - 3), s + 1,
                         flags & RG_TIME_GAP ? "does not exist" : "happens twice",
                         rg_tz_name(st->src->zone), when);
        }
    } else {
        tt = rg_arena_strndup(st->a, s + 1, body - 3);
    }
    if (!tt)
        return oom(st, line);
    return record(st, s, n, body, at, tt, line, cut);
}

__attribute__((hot)) static int parse(const rg_source *src, rg_sink *sink)
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
    if (rg_linereader_open(&r, src->path, sink) != 0) {
        rg_linejoin_free(&st.join);
        return -1;
    }
    int rc = 0, got;
    const char *line;
    size_t len;
    int cut;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle_line(&st, line, len, r.line, cut) != 0) {
            rc = -1;
            break;
        }
    if (rc == 0 && got < 0)
        rc = -1;
    if (rc == 0) {
        rg_linereader_finish(&r);
        if (st.n_records == 0 && st.first_line)
            rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                               "expected Nagios log lines ('[epoch] TYPE: field;field;...'), "
                               "found no line that starts with a '[timestamp]'");
    }
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    return rc;
}

/* The TYPEs and program messages only a Nagios-family log writes. */
static int known_type(const char *s, size_t n)
{
    static const char *const marks[] = {
        "SERVICE ALERT: ",
        "HOST ALERT: ",
        "SERVICE NOTIFICATION: ",
        "HOST NOTIFICATION: ",
        "EXTERNAL COMMAND: ",
        "CURRENT SERVICE STATE: ",
        "CURRENT HOST STATE: ",
        "LOG ROTATION: ",
        "LOG VERSION: ",
        "SERVICE FLAPPING ALERT: ",
        "SERVICE DOWNTIME ALERT: ",
        "HOST DOWNTIME ALERT: ",
        "INITIAL SERVICE STATE: ",
        "INITIAL HOST STATE: ",
        "SERVICE EVENT HANDLER: ",
        "Nagios ",
        "Icinga ",
        "Naemon ",
        "Local time is ",
        "Auto-save of retention data",
    };
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
        size_t m = strlen(marks[i]);
        if (n >= m && memcmp(s, marks[i], m) == 0)
            return 1;
    }
    return 0;
}

/* Most of the first lines must open with a '[timestamp] '; an epoch stamp is
 * Nagios's own mark, a humanised one (which an Apache error log shares)
 * counts only with a Nagios TYPE after it. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int seen = 0, epoch = 0, human = 0, known = 0;
    while (i < head_len && seen < 8) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (!nl && seen > 0)
            break; /* a line cut by the head's end proves nothing */
        if (rg_is_blank(s, n))
            continue;
        seen++;
        int64_t at;
        int f[6];
        size_t b = epoch_stamp(s, n, &at);
        if (b)
            epoch++;
        else if ((b = human_stamp(s, n, f)) != 0)
            human++;
        if (b && known_type(s + b, n - b))
            known++;
    }
    int stamped = epoch + human;
    if (stamped == 0 || stamped < seen - (seen >= 4)) /* one odd line in four or more */
        return 0;
    if (known)
        return 90;
    return human ? 0 : 60;
}

const rg_importer rg_importer_nagios = {
    .name = "nagios",
    .kind = RG_KIND_ALERT,
    .summary = "Nagios / Icinga / Naemon nagios.log and Icinga 2 compat logs (streamed)",
    .recognises = "lines starting with '[epoch] ', with Nagios's TYPEs (SERVICE ALERT, HOST "
                  "NOTIFICATION, ...)",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
