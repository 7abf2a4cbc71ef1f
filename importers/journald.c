/* journald.c -- streams a systemd journal export (journalctl -o json, -o
 * json-seq, -o json-pretty) into log events, cut to the incident window while
 * it reads (README, "Logs").
 *
 * What it decides, so the README can say it:
 * - A record is one JSON object: one per line (json), after an RS byte
 *   (json-seq), or spread over the lines from a "{" line to a "}" line
 *   (json-pretty). Other lines are warning "bad-json" and skipped; the
 *   journal has no continuation lines. A line is read whole up to 64 MiB
 *   (RG_RECORD_MAX_LEN; `journalctl --all` prints fields of any size); a
 *   longer one is skipped with warning "bad-json".
 * - Time: "_SOURCE_REALTIME_TIMESTAMP" (when the sender logged it), else
 *   "__REALTIME_TIMESTAMP" (when journald received it): microseconds since
 *   the epoch as a string, read as digits. The time is found without parsing
 *   the line (the key then ':'), so a line outside the window costs one scan
 *   and no allocation. No time is warning "no-time", an unreadable one
 *   "bad-time"; both skip the record.
 * - type: "PRIORITY" "0"-"7" by the syslog rule (0-3 error, 4 warning, else
 *   info; attr "level" its name); without it, the message's level word.
 * - text: "MESSAGE". journalctl writes a value that is not valid UTF-8 as an
 *   array of byte values: it is decoded, and bytes that are still not UTF-8
 *   become U+FFFD (warning "utf8"). A field logged several times is an array
 *   of its values: they are joined with "\n". A value journalctl left out (null:
 *   over 64 KiB without --all) is warning "null-message" and an empty text.
 * - actor: "_HOSTNAME" and "SYSLOG_IDENTIFIER" (else "_COMM") joined by a
 *   space, as a syslog line reads ("web-1 nginx"). attrs: "app" (the
 *   identifier), "pid" ("_PID"), "unit" ("_SYSTEMD_UNIT"), "level".
 * - Identity: "__CURSOR", the journal's own id of the entry, so two exports of
 *   one journal (json and json-seq, or with different fields) fold entry for
 *   entry; without a cursor, the raw line.
 * - An empty file is an empty log; a file with text but not one entry is an
 *   error at its first line; UTF-16 too. ANSI colour escapes in messages are
 *   removed (warning "ansi").
 * - An entry in the window whose MESSAGE is a string is offered to the fold
 *   hook without a jansson tree when jsonflat.h's walk reads it (fold_flat);
 *   entries it declines and the entries kept are parsed with jansson. */
#define _GNU_SOURCE /* memmem: glibc's is many times faster than a byte loop */
#include "importer.h"

#include <jansson.h>
#include <string.h>

#include "../reviewgen/alloc.h"
#include "jsondocs.h"
#include "jsonflat.h"
#include "jsontree.h"
#include "linereader.h"

typedef struct state {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    const char *source;
    rg_linejoin join;
    rg_buf pretty;    /* a json-pretty entry being gathered */
    long pretty_line; /* its first line, 0 when not gathering */
    rg_buf bytes;     /* a MESSAGE byte array, decoded */
    uint64_t n_records;
    long first_line;
} state;

static int oom(state *st, long line)
{
    return rg_diag_error(st->sink->diag, st->src->path, line, 0, "out of memory");
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The string value of top-level key `"key"` (quotes included in key), found
 * in the text: a match followed by ':' is a key, since a quote inside a JSON
 * string is always escaped. Returns 1 with the value's span. */
static int find_string(const char *s, size_t n, const char *key, size_t klen, const char **v,
                       size_t *vn, size_t *voff)
{
    const char *p = s;
    while ((size_t)(s + n - p) > klen) {
        const char *m = memmem(p, (size_t)(s + n - p), key, klen);
        if (!m)
            return 0;
        size_t i = (size_t)(m - s) + klen;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && s[i] == ':') {
            i++;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            if (i >= n || s[i] != '"')
                return 0;
            size_t b = ++i;
            while (i < n && s[i] != '"')
                i++;
            if (i >= n)
                return 0;
            *v = s + b;
            *vn = i - b;
            *voff = b - 1;
            return 1;
        }
        p = m + 1;
    }
    return 0;
}

#define K_SOURCE "\"_SOURCE_REALTIME_TIMESTAMP\""
#define K_REALTIME "\"__REALTIME_TIMESTAMP\""

enum { T_OK, T_NONE, T_BAD };

/* The entry's time: the sender's, else journald's. */
static int entry_time(const char *s, size_t n, int64_t *at, const char **ts, size_t *ts_n,
                      size_t *off)
{
    int found = 0;
    if (find_string(s, n, K_SOURCE, sizeof(K_SOURCE) - 1, ts, ts_n, off)) {
        found = 1;
        if (*ts_n && is_digit(**ts) && rg_time_epoch_text(*ts, *ts_n, 1000000, at) == *ts_n)
            return T_OK;
    }
    const char *t2;
    size_t n2, o2;
    if (find_string(s, n, K_REALTIME, sizeof(K_REALTIME) - 1, &t2, &n2, &o2)) {
        if (!found) {
            *ts = t2, *ts_n = n2, *off = o2;
            found = 1;
        }
        if (n2 && is_digit(*t2) && rg_time_epoch_text(t2, n2, 1000000, at) == n2) {
            *ts = t2, *ts_n = n2, *off = o2;
            return T_OK;
        }
    }
    return found ? T_BAD : T_NONE;
}

static const char *str_field(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Appends one MESSAGE value: a string, or an array of byte values. Returns 0,
 * 1 when the value is not one of those (the caller warns), -1 out of memory. */
static int put_value(state *st, const json_t *v, long line)
{
    if (json_is_string(v)) {
        size_t n = json_string_length(v);
        const char *s = json_string_value(v);
        const char *c = rg_linejoin_clean(&st->join, s, &n, line);
        return c && rg_linejoin_append(&st->join, c, n, line) == 0 ? 0 : -1;
    }
    if (!json_is_array(v))
        return 1;
    rg_buf_reset(&st->bytes);
    size_t i;
    json_t *b;
    json_array_foreach(v, i, b)
    {
        if (!json_is_integer(b) || json_integer_value(b) < 0 || json_integer_value(b) > 255)
            return 1;
        if (rg_buf_putc(&st->bytes, (char)json_integer_value(b)) != 0)
            return -1;
    }
    size_t n = st->bytes.len;
    const char *c = rg_linejoin_clean(&st->join, st->bytes.data ? st->bytes.data : "", &n, line);
    return c && rg_linejoin_append(&st->join, c, n, line) == 0 ? 0 : -1;
}

/* MESSAGE: a string, a byte array, or an array of either (repeated field). */
static int put_message(state *st, const json_t *m, long line)
{
    if (json_is_null(m)) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "null-message",
                     "MESSAGE is null (journalctl leaves out values over 64 KiB unless run with "
                     "--all); the text is empty");
        return 0;
    }
    int rc = put_value(st, m, line);
    if (rc != 1)
        return rc;
    /* An array that is not bytes: the values of a repeated field. */
    size_t i;
    json_t *v;
    json_array_foreach(m, i, v)
    {
        if (i > 0 && rg_linejoin_append(&st->join, "\n", 1, line) != 0)
            return -1;
        rc = put_value(st, v, line);
        if (rc != 0)
            break;
    }
    if (rc == 1)
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "bad-field",
                     "MESSAGE is neither a string nor an array of bytes or strings; part of it "
                     "was left out");
    return rc < 0 ? -1 : 0;
}

static int attr_str(state *st, rg_event *ev, const char *key, const char *v)
{
    return v ? rg_event_attr(st->a, ev, key, v) : 0;
}

/* README, "Milestones and durations": PRIORITY "0"-"7" by the syslog rule
 * (*sev its digit), else the message's level word (*sev -1). prio[0..n)
 * is the PRIORITY string, NULL when there is none or it is no string. */
static const char *entry_type(const char *prio, size_t prio_n, const char *text, size_t text_n,
                              int *sev)
{
    *sev = prio && prio_n == 1 && is_digit(prio[0]) ? prio[0] - '0' : -1;
    if (*sev >= 0)
        return rg_level_syslog_type(*sev);
    const char *type = rg_level_word_type(text, text_n);
    return type ? type : "log.info";
}

/* The members an entry is folded by, read without a tree (jsonflat.h). */
enum { J_MESSAGE, J_PRIORITY, J_HOSTNAME, J_CURSOR, J_COUNT };

static int journal_key(const char *k, size_t n)
{
    if (n == 7 && memcmp(k, "MESSAGE", 7) == 0)
        return J_MESSAGE;
    if (n == 8)
        return memcmp(k, "PRIORITY", 8) == 0   ? J_PRIORITY
               : memcmp(k, "__CURSOR", 8) == 0 ? J_CURSOR
                                               : -1;
    if (n == 9 && memcmp(k, "_HOSTNAME", 9) == 0)
        return J_HOSTNAME;
    return -1;
}

/* README, "Evidence of any size": an entry of printable ASCII whose
 * MESSAGE is a string is offered to the fold without a jansson tree, with
 * what record() below would offer. Returns rg_sink_fold's answer, or 2
 * when the entry is not such a one (record() reads it with jansson). */
static int fold_flat(state *st, const char *s, size_t n, int64_t at, long line)
{
    rg_jsonflat_value v[J_COUNT];
    memset(v, 0, sizeof(v));
    if (!rg_jsonflat_walk(s, n, journal_key, v) || v[J_MESSAGE].kind != RG_JF_STRING)
        return 2; /* an array of bytes or values, null, none: warned about there */
    for (int k = 0; k < J_COUNT; k++)
        if (v[k].escaped)
            return 2; /* a value to decode: jansson's */
    const rg_jsonflat_value *m = &v[J_MESSAGE], *p = &v[J_PRIORITY];
    int sev;
    const char *type = entry_type(p->kind == RG_JF_STRING ? p->s : NULL, p->n, m->s, m->n, &sev);
    int host = v[J_HOSTNAME].kind == RG_JF_STRING;
    int by_cursor = v[J_CURSOR].kind == RG_JF_STRING && v[J_CURSOR].n > 0;
    rg_foldable fo = {at,
                      type,
                      m->s,
                      m->n,
                      host ? v[J_HOSTNAME].s : NULL,
                      host ? v[J_HOSTNAME].n : 0,
                      0,
                      line,
                      by_cursor ? v[J_CURSOR].s : s,
                      by_cursor ? v[J_CURSOR].n : n,
                      0,
                      0,
                      0};
    return rg_sink_fold(st->sink, &fo);
}

/* Builds the event of an entry inside the window. */
static int record(state *st, const char *s, size_t n, const char *ts, size_t ts_n, int64_t at,
                  long line)
{
    int folded = 0;
    if (st->sink->fold) {
        int keep = fold_flat(st, s, n, at, line);
        if (keep <= 0)
            return keep;
        folded = keep == 1;
    }
    char tcopy[32];
    size_t tn = ts_n < sizeof(tcopy) - 1 ? ts_n : sizeof(tcopy) - 1;
    memcpy(tcopy, ts, tn);
    json_error_t err;
    unsigned long failures = rg_alloc_failures();
    json_t *o = rg_json_loadb(s, n, JSON_ALLOW_NUL, &err);
    if (!o && rg_alloc_failures() != failures)
        return oom(st, line); /* jansson says "invalid JSON" when it ran out of memory */
    if (!json_is_object(o)) {
        if (o)
            rg_diag_warn(st->sink->diag, st->src->path, line, 1, "bad-json",
                         "expected a journal entry (a JSON object)");
        else
            rg_diag_warn(st->sink->diag, st->src->path, line, err.column > 0 ? err.column : 0,
                         "bad-json", "invalid JSON: %s", err.text);
        json_decref(o);
        return 0;
    }
    int rc = -1;
    rg_event *ev = NULL;
    /* The message and level first: README, "Evidence of any size", the core
     * folds most entries before anything is allocated for them. */
    const char *host = str_field(o, "_HOSTNAME");
    rg_buf_reset(&st->join.text);
    st->join.ev_line = line;
    if (put_message(st, json_object_get(o, "MESSAGE"), line) != 0)
        goto out;
    const char *prio = str_field(o, "PRIORITY");
    int sev;
    const char *type =
        entry_type(prio, prio ? strlen(prio) : 0, st->join.text.data ? st->join.text.data : "",
                   st->join.text.len, &sev);
    const char *level = sev >= 0 ? rg_level_syslog_name(sev) : NULL;
    /* The identity, as the kept event's below: the cursor, else the entry. */
    const char *cursor = str_field(o, "__CURSOR");
    int by_cursor = cursor && *cursor;
    rg_foldable fo = {at,
                      type,
                      st->join.text.data ? st->join.text.data : "",
                      st->join.text.len,
                      host,
                      host ? strlen(host) : 0,
                      0,
                      line,
                      by_cursor ? cursor : s,
                      by_cursor ? strlen(cursor) : n,
                      0,
                      0,
                      0};
    int keep = folded ? 1 : rg_sink_fold(st->sink, &fo);
    if (keep <= 0) {
        rg_buf_reset(&st->join.text);
        json_decref(o);
        return keep;
    }
    ev = rg_event_new(st->a);
    if (!ev)
        goto out;
    ev->at_us = at;
    ev->kind = RG_KIND_LOG;
    ev->type = type;
    ev->source = st->source;
    ev->origin = rg_origin(st->a, st->src->path, line);
    ev->time_text = rg_arena_strndup(st->a, tcopy, tn);
    if (!ev->origin || !ev->time_text)
        goto out;
    if (by_cursor)
        rg_event_identity(ev, cursor, strlen(cursor));
    else
        rg_event_line_identity(ev, s, n);
    const char *ident = str_field(o, "SYSLOG_IDENTIFIER");
    if (!ident)
        ident = str_field(o, "_COMM");
    if (host || ident) {
        const char *a = host && ident ? rg_arena_printf(st->a, "%s %s", host, ident)
                                      : rg_arena_strdup(st->a, host ? host : ident);
        size_t an = a ? strlen(a) : 0;
        if (!a || !(ev->actor = rg_linejoin_clean(&st->join, a, &an, line)))
            goto out;
    }
    if (attr_str(st, ev, "app", ident) != 0 || attr_str(st, ev, "pid", str_field(o, "_PID")) ||
        attr_str(st, ev, "unit", str_field(o, "_SYSTEMD_UNIT")) != 0 ||
        attr_str(st, ev, "level", level) != 0)
        goto out;
    ev->text = rg_linejoin_take(&st->join);
    if (!ev->text || st->sink->emit(st->sink, ev) != 0)
        goto out;
    rc = 0;
out:
    json_decref(o);
    return rc == 0 ? 0 : oom(st, line);
}

/* One entry's text s[0..n), first line `line`. */
static int entry(state *st, const char *s, size_t n, long line)
{
    st->n_records++;
    int64_t at = 0;
    const char *ts = NULL;
    size_t ts_n = 0, off = 0;
    int t = entry_time(s, n, &at, &ts, &ts_n, &off);
    if (t == T_NONE) {
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "no-time",
                     "journal entry has no \"__REALTIME_TIMESTAMP\" or "
                     "\"_SOURCE_REALTIME_TIMESTAMP\"; skipped");
        return 0;
    }
    if (t == T_BAD) {
        size_t vn = ts_n > 40 ? 40 : ts_n;
        long col = 1;
        for (size_t i = 0; i < off && i < n && s[i] != '\n'; i++)
            col += ((unsigned char)s[i] & 0xC0) != 0x80;
        rg_diag_warn(st->sink->diag, st->src->path, line, col, "bad-time",
                     "unreadable time '%.*s%s' (expected microseconds since 1970); skipped",
                     (int)vn, ts, vn < ts_n ? "..." : "");
        return 0;
    }
    at += st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    return record(st, s, n, ts, ts_n, at, line);
}

static int handle_line(state *st, const char *s, size_t n, long line, int cut)
{
    if (st->pretty_line) {
        /* json-pretty: gather until the "}" line that closes the entry. */
        if (rg_buf_append(&st->pretty, s, n) != 0 || rg_buf_putc(&st->pretty, '\n') != 0)
            return oom(st, line);
        if (n == 1 && s[0] == '}') {
            long first = st->pretty_line;
            st->pretty_line = 0;
            int rc = entry(st, st->pretty.data, st->pretty.len, first);
            rg_buf_reset(&st->pretty);
            return rc;
        }
        if (st->pretty.len > RG_RECORD_MAX_LEN) { /* as long as one on a line may be */
            rg_diag_warn(st->sink->diag, st->src->path, st->pretty_line, 0, "bad-json",
                         "journal entry has no closing '}' within %zu bytes; skipped",
                         RG_RECORD_MAX_LEN);
            st->pretty_line = 0;
            rg_buf_reset(&st->pretty);
        }
        return 0;
    }
    if (n && s[0] == 0x1E) { /* json-seq's record separator */
        s++;
        n--;
    }
    if (rg_is_blank(s, n))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    if (n == 1 && s[0] == '{') {
        st->pretty_line = line;
        rg_buf_reset(&st->pretty);
        return rg_buf_append(&st->pretty, "{\n", 2) == 0 ? 0 : oom(st, line);
    }
    if (s[0] != '{') {
        rg_diag_warn(st->sink->diag, st->src->path, line, 1, "bad-json",
                     "not a journal entry (expected a JSON object per line); skipped");
        return 0;
    }
    if (cut) { /* skipped whole: nothing of it is kept, as "long-line" would say */
        st->n_records++;
        rg_diag_warn(st->sink->diag, st->src->path, line, 0, "bad-json",
                     "journal entry longer than %zu bytes; skipped", RG_RECORD_MAX_LEN);
        return 0;
    }
    return entry(st, s, n, line);
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
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
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
    rg_linereader_finish(&r);
    if (st.pretty_line)
        rg_diag_warn(sink->diag, src->path, st.pretty_line, 0, "bad-json",
                     "journal entry has no closing '}' before the end of the file; skipped");
    if (st.n_records == 0 && st.first_line)
        rc = rg_diag_error(sink->diag, src->path, st.first_line, 1,
                           "expected journal entries (journalctl -o json: one JSON object per "
                           "line with \"__REALTIME_TIMESTAMP\"), found none");
done:
    rg_linereader_close(&r);
    rg_linejoin_free(&st.join);
    rg_buf_free(&st.pretty);
    rg_buf_free(&st.bytes);
    return rc;
}

/* A head that opens with an object (after json-seq's RS) and holds the
 * journal's own keys is an export: 95, above JSON lines. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = 0;
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < head_len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
                            head[i] == '\t' || head[i] == 0x1E))
        i++;
    if (i >= head_len || head[i] != '{')
        return 0;
    const char *h = head + i;
    size_t hn = head_len - i;
    int realtime = rg_text_has(h, hn, K_REALTIME);
    int cursor = rg_text_has(h, hn, "\"__CURSOR\"");
    int message = rg_text_has(h, hn, "\"MESSAGE\"");
    if (realtime && (cursor || message))
        return 95;
    return realtime ? 70 : 0;
}

const rg_importer rg_importer_journald = {
    .name = "journald",
    .kind = RG_KIND_LOG,
    .summary = "systemd journal exports: journalctl -o json, json-seq, json-pretty",
    .recognises = "JSON objects with \"__REALTIME_TIMESTAMP\" and \"__CURSOR\" or \"MESSAGE\"",
    .streams = 1,
    .sniff = sniff,
    .parse = parse,
};
