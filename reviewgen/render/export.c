/* export.c -- the merged timeline as CSV, JSON lines or Timesketch JSON lines
 * (README, "Timeline exports"). Every event's text came from an input, so
 * each format escapes it for the program that will read it.
 *
 * CSV (RFC 4180, written by csv.c's rg_csv_put): a header line, then one
 * record per event, CRLF line ends; a field is quoted when it holds a comma,
 * a double quote, CR or LF, and its quotes are doubled; line breaks inside a
 * message stay inside the quotes.
 * Columns: at,kind,type,source,actor,human,text,origin,time_text,count,last,
 * milestone. A missing actor, last or milestone is an empty field. Control
 * characters other than tab, CR and LF become U+FFFD (spreadsheets' own XML
 * cannot hold them).
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - or @
 * as a formula (and tab or CR before one), so a chat line such as
 * "=HYPERLINK(...)" could run on the reader's machine. Any field from an
 * input (type, source, actor, text, origin, time_text) that starts with one
 * of = + - @ TAB CR gets a single quote (') in front, which spreadsheets read
 * as "this is text" (the OWASP "CSV Injection" advice). A script that reads
 * the CSV sees the quote: use the JSON lines for scripts.
 *
 * JSON lines: one object per line with the keys of review.json's timeline
 * entries, in that order: at, kind, type, source, actor, human, text,
 * origin, time_text, milestone, count, last. "last" is null unless the entry
 * stands for a run of similar log lines (count > 1), so every line has the
 * same keys.
 *
 * Timesketch (its "Create timeline from JSONL or CSV file" guide): the
 * mandatory message, datetime (RFC 3339 UTC) and timestamp_desc ("Event
 * Time"), plus timestamp (integer microseconds since the epoch, which
 * Timesketch uses as is) and the event's fields as extra attributes; a field
 * with no value is left out rather than set to null. The message is what
 * Timesketch lists, so it says who as well as what: "actor: text", and for a
 * run of log lines "(N events until <last>)" after it. */
#include "export.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "csv.h"
#include "escape.h"
#include "timeparse.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

int rg_export_format_parse(const char *name, rg_export_format *f)
{
    static const struct {
        const char *name;
        rg_export_format f;
    } names[] = {
        {"csv", RG_EXPORT_CSV}, {"jsonl", RG_EXPORT_JSONL}, {"timesketch", RG_EXPORT_TIMESKETCH}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i].name) == 0) {
            *f = names[i].f;
            return 0;
        }
    return -1;
}

/* ---- CSV ---- */

/* Copies s into clean with control characters other than tab, CR and LF,
 * and bytes that are not UTF-8, replaced by U+FFFD. */
static int csv_clean(rg_buf *clean, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    rg_buf_reset(clean);
    int rc = rg_buf_append(clean, "", 0);
    for (size_t i = 0; i < len && rc == 0;) {
        unsigned char c = p[i];
        size_t n = rg_utf8_len(p + i, len - i);
        if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f || n == 0) {
            rc |= rg_buf_append(clean, replacement, 3);
            i++;
        } else {
            rc |= rg_buf_append(clean, s + i, n);
            i += n;
        }
    }
    return rc ? -1 : 0;
}

static int csv_event(rg_buf *out, const rg_event *ev)
{
    char at[32], last[32], count[24];
    snprintf(count, sizeof(count), "%" PRIu64, ev->count);
    /* guard: text that came from an input; our own values go through as is */
    const struct {
        const char *value;
        int guard;
    } fields[] = {{rg_time_format(ev->at_us, at), 0},
                  {rg_kind_name(ev->kind), 0},
                  {ev->type, 1},
                  {ev->source, 1},
                  {ev->actor, 1},
                  {ev->human ? "true" : "false", 0},
                  {ev->text, 1},
                  {ev->origin, 1},
                  {ev->time_text, 1},
                  {count, 0},
                  {ev->count > 1 ? rg_time_format(ev->last_us, last) : "", 0},
                  {ev->milestone, 0}};
    rg_buf clean = {0};
    int rc = 0;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && rc == 0; i++) {
        if (i > 0)
            rc |= rg_buf_putc(out, ',');
        rc |= csv_clean(&clean, fields[i].value ? fields[i].value : "");
        if (rc == 0)
            rc |= rg_csv_put(out, clean.data, clean.len, fields[i].guard);
    }
    rg_buf_free(&clean);
    if (rc == 0)
        rc = rg_csv_end_record(out);
    return rc ? -1 : 0;
}

/* ---- JSON ---- */

/* Appends s as the body of a JSON string (no quotes): quote, backslash and
 * control characters escaped, invalid UTF-8 as U+FFFD, and U+2028/U+2029
 * escaped too, so a line stays one line for JavaScript readers. */
static int json_chars(rg_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        unsigned char c = p[i];
        const char *esc = NULL;
        switch (c) {
        case '"':
            esc = "\\\"";
            break;
        case '\\':
            esc = "\\\\";
            break;
        case '\b':
            esc = "\\b";
            break;
        case '\f':
            esc = "\\f";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\t':
            esc = "\\t";
            break;
        default:
            break;
        }
        if (esc) {
            rc |= rg_buf_puts(out, esc);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            rc |= rg_buf_printf(out, "\\u%04x", c);
            i++;
        } else {
            size_t n = rg_utf8_len(p + i, len - i);
            if (n == 0) {
                rc |= rg_buf_append(out, replacement, 3);
                i++;
            } else if (n == 3 && p[i] == 0xE2 && p[i + 1] == 0x80 &&
                       (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
                rc |= rg_buf_puts(out, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
                i += n;
            } else {
                rc |= rg_buf_append(out, s + i, n);
                i += n;
            }
        }
    }
    return rc ? -1 : 0;
}

/* Appends ,"key":"value" (or "key":null when value is NULL); `first` leaves
 * out the comma. */
static int json_str(rg_buf *out, int first, const char *key, const char *value)
{
    if (rg_buf_printf(out, "%s\"%s\":", first ? "" : ",", key) != 0)
        return -1;
    if (!value)
        return rg_buf_puts(out, "null");
    if (rg_buf_putc(out, '"') != 0 || json_chars(out, value) != 0)
        return -1;
    return rg_buf_putc(out, '"');
}

static int jsonl_event(rg_buf *out, const rg_event *ev)
{
    char at[32], last[32];
    int rc = rg_buf_putc(out, '{');
    rc |= json_str(out, 1, "at", rg_time_format(ev->at_us, at));
    rc |= json_str(out, 0, "kind", rg_kind_name(ev->kind));
    rc |= json_str(out, 0, "type", ev->type);
    rc |= json_str(out, 0, "source", ev->source);
    rc |= json_str(out, 0, "actor", ev->actor);
    rc |= rg_buf_printf(out, ",\"human\":%s", ev->human ? "true" : "false");
    rc |= json_str(out, 0, "text", ev->text);
    rc |= json_str(out, 0, "origin", ev->origin);
    rc |= json_str(out, 0, "time_text", ev->time_text);
    rc |= json_str(out, 0, "milestone", ev->milestone);
    rc |= rg_buf_printf(out, ",\"count\":%" PRIu64, ev->count);
    rc |= json_str(out, 0, "last", ev->count > 1 ? rg_time_format(ev->last_us, last) : NULL);
    rc |= rg_buf_append(out, "}\n", 2);
    return rc ? -1 : 0;
}

/* Like json_str, but a field with no value is left out (Timesketch). */
static int ts_str(rg_buf *out, const char *key, const char *value)
{
    return value ? json_str(out, 0, key, value) : 0;
}

static int timesketch_event(rg_buf *out, const rg_event *ev)
{
    char at[32], last[32];
    const char *text = ev->text ? ev->text : "";
    int rc = rg_buf_puts(out, "{\"message\":\"");
    if (ev->actor) {
        rc |= json_chars(out, ev->actor);
        rc |= rg_buf_puts(out, ": ");
    }
    rc |= json_chars(out, text);
    if (ev->count > 1)
        rc |= rg_buf_printf(out, " (%" PRIu64 " events until %s)", ev->count,
                            rg_time_format(ev->last_us, last));
    rc |= rg_buf_putc(out, '"');
    rc |= json_str(out, 0, "datetime", rg_time_format(ev->at_us, at));
    rc |= rg_buf_printf(out, ",\"timestamp\":%" PRId64, ev->at_us);
    rc |= json_str(out, 0, "timestamp_desc", "Event Time");
    rc |= ts_str(out, "kind", rg_kind_name(ev->kind));
    rc |= ts_str(out, "type", ev->type);
    rc |= ts_str(out, "source", ev->source);
    rc |= ts_str(out, "actor", ev->actor);
    rc |= rg_buf_printf(out, ",\"human\":%s", ev->human ? "true" : "false");
    rc |= ts_str(out, "text", ev->text);
    rc |= ts_str(out, "origin", ev->origin);
    rc |= ts_str(out, "time_text", ev->time_text);
    rc |= ts_str(out, "milestone", ev->milestone);
    rc |= rg_buf_printf(out, ",\"count\":%" PRIu64, ev->count);
    if (ev->count > 1)
        rc |= ts_str(out, "last", rg_time_format(ev->last_us, last));
    rc |= rg_buf_append(out, "}\n", 2);
    return rc ? -1 : 0;
}

/* ---- the stream ---- */

int rg_export_header(rg_buf *out, rg_export_format f)
{
    if (f != RG_EXPORT_CSV)
        return rg_buf_append(out, "", 0);
    return rg_buf_puts(out, "at,kind,type,source,actor,human,text,origin,time_text,count,last,"
                            "milestone\r\n");
}

int rg_export_event(rg_buf *out, rg_export_format f, const rg_event *ev)
{
    switch (f) {
    case RG_EXPORT_CSV:
        return csv_event(out, ev);
    case RG_EXPORT_JSONL:
        return jsonl_event(out, ev);
    case RG_EXPORT_TIMESKETCH:
        return timesketch_event(out, ev);
    }
    return -1;
}

static int flush_buf(FILE *to, const char *to_name, rg_buf *b, rg_diag *diag)
{
    if (b->len > 0 && fwrite(b->data, 1, b->len, to) != b->len)
        return rg_diag_error(diag, NULL, 0, 0, "reviewgen: cannot write '%s': %s", to_name,
                             strerror(errno));
    rg_buf_reset(b);
    return 0;
}

int rg_export_write(FILE *to, const char *to_name, rg_export_format f, rg_event *const *events,
                    size_t n, rg_diag *diag)
{
    rg_buf b = {0};
    int rc = -1;
    if (rg_export_header(&b, f) != 0) {
        rg_diag_error(diag, NULL, 0, 0, "reviewgen: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (rg_export_event(&b, f, events[i]) != 0) {
            rg_diag_error(diag, NULL, 0, 0, "reviewgen: out of memory");
            goto done;
        }
        /* write in pieces of about 64 KiB: few system calls, bounded memory */
        if (b.len >= 65536 && flush_buf(to, to_name, &b, diag) != 0)
            goto done;
    }
    if (flush_buf(to, to_name, &b, diag) != 0)
        goto done;
    if (fflush(to) != 0 || ferror(to)) {
        rg_diag_error(diag, NULL, 0, 0, "reviewgen: cannot write '%s': %s", to_name,
                      strerror(errno));
        goto done;
    }
    rc = 0;
done:
    rg_buf_free(&b);
    return rc;
}
