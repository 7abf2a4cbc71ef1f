/* statuspage_feed.c -- a status page's Atom or RSS incident history
 * (Statuspage's history.atom and history.rss, and generic status feeds), one
 * status event per customer update.
 *
 * What it reads: an Atom <feed> of <entry>s (id, title, published, updated,
 * link, content or summary) or an RSS 2.0 <rss><channel> (and RSS 1.0
 * <rdf:RDF>) of <item>s (guid, title, pubDate or dc:date, link, description
 * or content:encoded). Each entry is one incident; its content is HTML (or
 * Atom XHTML) listing the updates, newest first. Statuspage writes each as
 *   <p><small>Nov <var data-var='date'>14</var>, <var data-var='time'>14:07</var>
 *   PST</small><br><strong>Resolved</strong> - text</p>
 * and generic feeds (jpmonette/feed, the datocms status site) as
 *   <p><strong>Resolved</strong> — <p>text</p></p> with no time.
 *
 * Decisions at the edges (README, "Formats"):
 *  - Memory: the feed is read entry by entry (the parse, below "the XML
 *    document"): each entry's tree is freed once read, so memory follows the
 *    largest entry, not the file, which is read twice.
 *  - XML safety: libxml2 with XML_PARSE_NONET and XML_PARSE_BIG_LINES, never
 *    NOENT, DTDLOAD or HUGE. A feed needs no DOCTYPE, so any DOCTYPE stops the
 *    parse the moment it is read, before an entity is declared: an external
 *    entity (file://) is never opened and a billion-laughs document costs
 *    nothing; it is an error at the DOCTYPE's line. The declared encoding is
 *    honoured (ISO-8859-1, UTF-16); bytes that do not match it are an error.
 *  - The content HTML goes through libxml2's HTML parser (no network, no
 *    DTD) and only its text is kept: markup never reaches an event. Text the
 *    page escaped (&lt;script&gt;) stays literal text for the renderers to
 *    escape; the content of <script> and <style> elements is dropped (no
 *    reader of the feed sees it either), images and attributes give nothing.
 *  - An update starts at a <small> (its time) or a <strong> (its label) that
 *    opens a paragraph; a <strong> later in a paragraph is emphasis inside the
 *    text. Without a time, a <strong> is a label only when it is a status word
 *    (investigating, identified, monitoring, resolved, update, scheduled, in
 *    progress, verifying, completed, postmortem, ...), so a bold "Note:" opening a
 *    paragraph of a generic feed stays text.
 *  - The label gives the type as for the statuspage importer: investigating,
 *    identified, monitoring, resolved (any case) -> status.<label>; every
 *    other label (Update, Scheduled, In progress, Completed, ...) ->
 *    status.update, with the label as written in attr "status"; Postmortem
 *    updates are skipped and counted (warning "postmortem"), as the
 *    statuspage importer does: a post-mortem posted days later is no customer
 *    update and would stretch the window.
 *  - An update's time ("Nov 14, 14:07 PST", day padded with a space: "Nov  4")
 *    has no year and a zone abbreviation. The year is the one (of the
 *    entry's year and the years either side) that puts the date nearest the
 *    entry's own date (published, else updated, else pubDate): December
 *    updates of an entry dated in January are last year's. The abbreviation
 *    is resolved against the offsets the feed itself writes in its
 *    published/updated times: "PST" beside -08:00 is -08:00; "IST" (India,
 *    Ireland, Israel) is whichever of them the feed uses. An abbreviation
 *    that stands for one offset only is read at it even when the feed never
 *    writes it (a PDT update in an entry published in PST). One that cannot
 *    be resolved (unknown, or ambiguous and not in the feed) is read at the
 *    entry's own offset, with warning "zone-abbreviation" and time_text
 *    saying "(-08:00 assumed)"; an update time without any abbreviation is
 *    read at the entry's offset too and says so in time_text. Also read:
 *    "Nov 14, 2020 - 14:07 PST" and 12-hour "2:07 PM".
 *  - An entry whose updates carry no time (generic feeds) is one event at the
 *    entry's time (published, else updated, else pubDate). Statuspage sets
 *    published to the entry's latest post and generic feeds give only
 *    updated, so the event takes the newest label, and its text lists every
 *    update ("Label - text" lines). When some updates have a time and others
 *    do not, those without are skipped and counted ("no-time").
 *  - An entry with no readable time at all is skipped and counted.
 *  - Each event: kind status, source the source's name, actor the feed's
 *    author name (else its title, else "statuspage"), human 1 (a person
 *    posted it), text "<entry title>: <update text>" (br and paragraphs as
 *    line breaks, blanks collapsed), origin the line of the update in the
 *    file (the content's line plus the line inside its HTML), time_text the
 *    update's time as written. Attrs: status_incident (the entry's id, else
 *    guid, link or title: the core keeps only entries that overlap the
 *    incident window and counts the others, README "The incident window"),
 *    status_incident_name (the title), status (the label), link. Identity:
 *    entry id, time, label and text, so the same feed read twice folds.
 * Errors: a file that is not well-formed XML, or whose root is no feed, stops
 * with "path:line:col: message"; bad entries and updates are warnings. */
#include "importer.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonutil.h"
#include "xmlguard.h"

#define MAX_OFFSETS 16

/* ---- sniff ---- */

/* Case-insensitive search of needle (lower case) in h[0..n). */
static int has_ci(const char *h, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; m <= n && i <= n - m; i++) {
        size_t k = 0;
        while (k < m) {
            char c = h[i + k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != needle[k])
                break;
            k++;
        }
        if (k == m)
            return 1;
    }
    return 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir || !head || head_len == 0)
        return 0;
    /* UTF-16 feeds: look at the ASCII of every other byte. */
    char ascii[2048] = {0};
    const unsigned char *u = (const unsigned char *)head;
    if (head_len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        size_t lo = u[0] == 0xFF ? 2 : 3, n = 0;
        for (size_t i = lo; i < head_len && n < sizeof(ascii); i += 2)
            ascii[n++] = (char)u[i];
        if (n < 8)
            return 0;
        head = ascii;
        head_len = n;
    }
    size_t p = rg_json_start(head, head_len); /* past a BOM and blanks */
    if (p >= head_len || head[p] != '<')
        return 0;
    int atom = rg_text_has(head, head_len, "<feed") &&
               rg_text_has(head, head_len, "http://www.w3.org/2005/Atom");
    int rss = rg_text_has(head, head_len, "<rss") || rg_text_has(head, head_len, "<rdf:RDF");
    if (!atom && !rss)
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, "history.atom") == 0 || strcmp(base, "history.rss") == 0)
        return 95;
    /* Any other feed only when it reads as an incident history: a blog's
     * feed in the folder is not status posts. */
    if (has_ci(head, head_len, "incident") || has_ci(head, head_len, "data-var=") ||
        has_ci(head, head_len, "status"))
        return 90;
    return 30;
}

/* ---- text out of HTML ---- */

/* Collapses blanks, trims every line, drops empty lines. In place. */
static void normalise(rg_buf *b)
{
    size_t o = 0;
    int space = 0, newline = 0;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (c == '\n') {
            newline = o > 0;
            space = 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space = o > 0;
            continue;
        }
        if (newline)
            b->data[o++] = '\n';
        else if (space)
            b->data[o++] = ' ';
        newline = space = 0;
        b->data[o++] = c;
    }
    b->len = o;
    if (b->data)
        b->data[o] = '\0';
}

/* A time as written, on one line: line breaks and tabs become spaces, the
 * ends are trimmed, runs of spaces are kept ("Nov  4" pads its day). */
static void trim_time(rg_buf *b)
{
    size_t start = 0, end = b->len;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] == '\n' || b->data[i] == '\t' || b->data[i] == '\r')
            b->data[i] = ' ';
    while (start < end && b->data[start] == ' ')
        start++;
    while (end > start && b->data[end - 1] == ' ')
        end--;
    if (start)
        memmove(b->data, b->data + start, end - start);
    b->len = end - start;
    if (b->data)
        b->data[b->len] = '\0';
}

/* Drops a leading " - ", " — " or " – " (and ":"), which separate a label
 * from its text. In place; b is normalised. */
static void strip_separator(rg_buf *b)
{
    static const char *const seps[] = {"- ", "\xE2\x80\x94 ", "\xE2\x80\x93 ", ": ",
                                       "-",  "\xE2\x80\x94",  "\xE2\x80\x93",  ":"};
    for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
        size_t n = strlen(seps[i]);
        if (b->len >= n && memcmp(b->data, seps[i], n) == 0) {
            memmove(b->data, b->data + n, b->len - n + 1);
            b->len -= n;
            while (b->len && (b->data[0] == ' ' || b->data[0] == '\n')) {
                memmove(b->data, b->data + 1, b->len);
                b->len--;
            }
            return;
        }
    }
}

typedef struct update {
    rg_buf time, label, body;
    long line; /* in the HTML text, from 1 */
    int has_time, has_label;
} update;

typedef struct walker {
    update *u;
    size_t n, cap;
    rg_buf pre;      /* text before the first update */
    int block_start; /* nothing but blanks, <small> or <br> since a paragraph opened */
    int oom;
} walker;

/* The line of n's start tag: the one start_element() kept (exact past line
 * 65,535, where libxml2's own element lines stop), else libxml2's. */
static long line_of(const xmlNode *n)
{
    if (n->type == XML_ELEMENT_NODE && n->psvi)
        return (long)(ptrdiff_t)n->psvi;
    return xmlGetLineNo(n);
}

static int name_is(const xmlNode *n, const char *name)
{
    return n->name && strcmp((const char *)n->name, name) == 0;
}

static int is_block(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p",  "div", "li",  "ul",     "ol",         "h1",     "h2",   "h3",      "h4",
        "h5", "h6",  "pre", "table",  "tr",         "td",     "th",   "section", "article",
        "dd", "dt",  "dl",  "header", "blockquote", "footer", "body", "html"};
    for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
        if (name_is(n, blocks[i]))
            return 1;
    return 0;
}

static int is_skipped(const xmlNode *n)
{
    return name_is(n, "script") || name_is(n, "style") || name_is(n, "template") ||
           name_is(n, "head");
}

/* The text of n and its descendants (script and style left out), appended. */
static void text_into(walker *w, const xmlNode *n, rg_buf *out)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content && rg_buf_puts(out, (const char *)c->content) != 0)
                w->oom = 1;
        } else if (c->type == XML_ELEMENT_NODE && !is_skipped(c)) {
            if (name_is(c, "br") && rg_buf_putc(out, '\n') != 0)
                w->oom = 1;
            text_into(w, c, out);
        }
    }
}

static rg_buf *target(walker *w)
{
    return w->n ? &w->u[w->n - 1].body : &w->pre;
}

/* 1 when b holds nothing but blanks and line breaks. */
static int blank(const rg_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!strchr(" \t\r\n\f\v", b->data[i]))
            return 0;
    return 1;
}

static update *new_update(walker *w, long line)
{
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 8;
        update *u = rg_realloc(w->u, cap * sizeof(*u));
        if (!u) {
            w->oom = 1;
            return NULL;
        }
        w->u = u;
        w->cap = cap;
    }
    update *u = &w->u[w->n++];
    memset(u, 0, sizeof(*u));
    u->line = line;
    return u;
}

/* 1 when s (normalised) is a status word a generic feed uses as a label. */
static int status_word(const char *s)
{
    static const char *const words[] = {
        "investigating", "identified", "monitoring",  "resolved",       "update",
        "updated",       "postmortem", "post-mortem", "scheduled",      "in progress",
        "verifying",     "completed",  "maintenance", "fixed",          "watching",
        "operational",   "degraded",   "outage",      "partial outage", "major outage"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        size_t n = strlen(words[i]);
        if (strlen(s) != n)
            continue;
        size_t k = 0;
        while (k < n) {
            char c = s[k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != words[i][k])
                break;
            k++;
        }
        if (k == n)
            return 1;
    }
    return 0;
}

static void walk(walker *w, const xmlNode *n)
{
    for (const xmlNode *c = n->children; c && !w->oom; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            if (!t)
                continue;
            if (rg_buf_puts(target(w), t) != 0)
                w->oom = 1;
            for (; *t; t++)
                if (*t != ' ' && *t != '\n' && *t != '\t' && *t != '\r')
                    w->block_start = 0;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE || is_skipped(c))
            continue;
        if (name_is(c, "br")) {
            if (rg_buf_putc(target(w), '\n') != 0)
                w->oom = 1;
            continue;
        }
        if (w->block_start && name_is(c, "small")) {
            update *u = new_update(w, line_of(c));
            if (!u)
                return;
            text_into(w, c, &u->time);
            trim_time(&u->time);
            u->has_time = u->time.len > 0;
            continue;
        }
        if (w->block_start && (name_is(c, "strong") || name_is(c, "b"))) {
            rg_buf label = {0};
            text_into(w, c, &label);
            normalise(&label);
            update *last = w->n ? &w->u[w->n - 1] : NULL;
            int after_time = last && last->has_time && !last->has_label && blank(&last->body);
            if (label.len && (after_time || status_word(label.data))) {
                update *u = after_time ? last : new_update(w, line_of(c));
                if (u) {
                    u->label = label;
                    u->has_label = 1;
                    w->block_start = 0;
                    continue;
                }
            }
            rg_buf_free(&label);
            if (w->oom)
                return;
            /* Emphasis, not a label: its text belongs to the text around it. */
        }
        int block = is_block(c);
        if (block) {
            if (rg_buf_putc(target(w), '\n') != 0)
                w->oom = 1;
            w->block_start = 1;
        }
        walk(w, c);
        if (block) {
            if (rg_buf_putc(target(w), '\n') != 0)
                w->oom = 1;
            w->block_start = 1;
        }
    }
}

static void walker_free(walker *w)
{
    for (size_t i = 0; i < w->n; i++) {
        rg_buf_free(&w->u[i].time);
        rg_buf_free(&w->u[i].label);
        rg_buf_free(&w->u[i].body);
    }
    rg_free(w->u);
    rg_buf_free(&w->pre);
    memset(w, 0, sizeof(*w));
}

/* ---- the feed ---- */

/* An entry's own time, with the offset it was written in. */
typedef struct entry_time {
    int ok;
    int64_t at_us;
    int32_t off_s;
    int year, mon, day; /* its local date */
    const char *key;    /* "published", "updated", "pubDate", "date" */
    const char *text;   /* as written; arena-owned (NULL when out of memory) */
} entry_time;

typedef struct feed {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    const char *actor, *source;
    int32_t offsets[MAX_OFFSETS]; /* every offset the feed's own times are written in */
    int n_offsets;
    rg_buf tmp;
    int oom; /* an allocation failed where a NULL also means "absent" */
} feed;

static int oom(feed *f, long line)
{
    return rg_diag_error(f->diag, f->src->path, line, 0, "out of memory");
}

/* The first child element of n called name (any namespace), or NULL. */
static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_is(c, name))
            return c;
    return NULL;
}

/* The text of n, trimmed, in f->tmp (NULL when n is NULL or it is empty).
 * Borrowed until the next call. */
static const char *node_text(feed *f, const xmlNode *n)
{
    if (!n)
        return NULL;
    rg_buf_reset(&f->tmp);
    walker w = {0};
    text_into(&w, n, &f->tmp);
    if (w.oom) {
        f->oom = 1;
        return NULL;
    }
    normalise(&f->tmp);
    return f->tmp.len ? f->tmp.data : NULL;
}

/* Offsets of RFC 822's zone names (RSS pubDate), which are fixed: CST is
 * the US's here, whatever else it names elsewhere. */
static int rfc822_zone(const char *z, size_t n, int32_t *off)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {{"UT", 0},   {"GMT", 0},  {"Z", 0},    {"EST", -5}, {"EDT", -4}, {"CST", -6},
                 {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
        if (strlen(zones[i].name) == n && memcmp(zones[i].name, z, n) == 0) {
            *off = zones[i].hours * 3600;
            return 1;
        }
    int32_t offs[3];
    if (rg_tz_abbrev_offsets(z, n, offs, 3) == 1) {
        *off = offs[0];
        return 1;
    }
    return 0;
}

/* Reads an Atom (RFC 3339) or RSS (RFC 822) time with its offset. */
static int read_entry_time(const char *s, entry_time *t)
{
    static const char *const forms[] = {"%FT%T%z",
                                        "%FT%T.%f%z",
                                        "%FT%R%z",
                                        "%a, %d %b %Y %T %z",
                                        "%a, %d %b %Y %R %z",
                                        "%d %b %Y %T %z",
                                        "%a, %d %b %y %T %z",
                                        "%a, %d %b %Y %T %Z",
                                        "%a, %d %b %Y %R %Z",
                                        "%d %b %Y %T %Z",
                                        "%a, %d %b %y %T %Z"};
    size_t len = strlen(s);
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        rg_time_fields fl;
        if (rg_time_scan(forms[i], s, len, &fl) != len)
            continue;
        int32_t off = fl.offset_s;
        if (!fl.has_offset && !(fl.zone && rfc822_zone(fl.zone, fl.zone_len, &off)))
            continue;
        int64_t at;
        int flags;
        /* In UTC, then less the offset: the text's own reading. */
        if (rg_time_from_local(NULL, fl.year, fl.mon, fl.day, fl.hour, fl.min, fl.sec, fl.usec, &at,
                               &flags) != 0)
            continue;
        t->ok = 1;
        t->at_us = at - (int64_t)off * 1000000;
        t->off_s = off;
        t->year = fl.year;
        t->mon = fl.mon;
        t->day = fl.day;
        return 0;
    }
    return -1;
}

static void note_offset(feed *f, int32_t off)
{
    for (int i = 0; i < f->n_offsets; i++)
        if (f->offsets[i] == off)
            return;
    if (f->n_offsets < MAX_OFFSETS)
        f->offsets[f->n_offsets++] = off;
}

static int is_entry(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && (name_is(n, "entry") || name_is(n, "item"));
}

/* The time of one entry: published, else updated, else pubDate or dc:date.
 * Warns (once per entry) about a time it cannot read and goes on to the next. */
static void entry_when(feed *f, const xmlNode *e, entry_time *t, int warn)
{
    static const char *const keys[] = {"published", "updated", "pubDate", "date"};
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const xmlNode *n = child(e, keys[i]);
        const char *s = node_text(f, n);
        if (!s)
            continue;
        if (read_entry_time(s, t) == 0) {
            t->key = keys[i];
            t->text = rg_arena_strdup(f->a, s);
            f->oom |= !t->text;
            return;
        }
        if (warn)
            rg_diag_warn(f->diag, f->src->path, line_of(n), 1, "bad-time",
                         "cannot read <%s> '%s' as an RFC 3339 or RFC 822 time", keys[i], s);
    }
}

/* Reads an update's "Nov 14, 14:07 PST" into an instant near the entry's
 * date (README above). Returns 0, -1 when it is not such a time. Sets
 * *assumed to the offset read when the zone was not resolved. */
static int update_time(feed *f, const char *s, const entry_time *et, int64_t *at_us, int *assumed,
                       int32_t *off_out, int *unresolved, const char **zone, size_t *zone_len)
{
    static const char *const forms[] = {"%b %e, %H:%M %Z",      "%b %e, %H:%M",
                                        "%b %e, %I:%M %p %Z",   "%b %e, %I:%M %p",
                                        "%b %e, %Y - %H:%M %Z", "%b %e, %Y, %H:%M %Z",
                                        "%b %e, %Y %H:%M %Z",   "%b %e, %Y - %I:%M %p %Z",
                                        "%b %e, %Y - %H:%M",    "%b %e %Y, %H:%M %Z",
                                        "%b %e, %H:%M:%S %Z"};
    size_t len = strlen(s);
    rg_time_fields fl;
    size_t i;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
        if (rg_time_scan(forms[i], s, len, &fl) == len)
            break;
    if (i == sizeof(forms) / sizeof(forms[0]))
        return -1;
    if (fl.pm)
        fl.hour += 12;
    *assumed = 0;
    *unresolved = 0;
    *zone = fl.zone;
    *zone_len = fl.zone_len;
    int32_t off = et->off_s;
    if (fl.zone) {
        int32_t cand[3];
        int n = rg_tz_abbrev_offsets(fl.zone, fl.zone_len, cand, 3);
        int found = 0;
        /* The entry's own offset first, then any the feed writes. */
        for (int k = 0; k < n && k < 3 && !found; k++)
            if (cand[k] == et->off_s) {
                off = cand[k];
                found = 1;
            }
        for (int k = 0; k < n && k < 3 && !found; k++)
            for (int j = 0; j < f->n_offsets && !found; j++)
                if (cand[k] == f->offsets[j]) {
                    off = cand[k];
                    found = 1;
                }
        if (!found && n == 1) {
            off = cand[0];
            found = 1;
        }
        if (!found) {
            *assumed = 1;
            *unresolved = 1;
        }
    } else {
        *assumed = 1;
    }
    int year = fl.year;
    if (!fl.has_year) {
        int64_t ref = rg_days_from_civil(et->year, et->mon, et->day);
        int best = 0, found = 0;
        int64_t best_dist = 0;
        for (int y = et->year - 1; y <= et->year + 1; y++) {
            int64_t at;
            int flags;
            if (rg_time_from_local(NULL, y, fl.mon, fl.day, 0, 0, 0, 0, &at, &flags) != 0)
                continue;
            int64_t d = rg_days_from_civil(y, fl.mon, fl.day) - ref;
            if (d < 0)
                d = -d;
            if (!found || d < best_dist) {
                found = 1;
                best = y;
                best_dist = d;
            }
        }
        if (!found)
            return -1;
        year = best;
    }
    int64_t at;
    int flags;
    if (rg_time_from_local(NULL, year, fl.mon, fl.day, fl.hour, fl.min, fl.sec, 0, &at, &flags) !=
        0)
        return -1;
    *at_us = at - (int64_t)off * 1000000;
    *off_out = off;
    return 0;
}

static const char *event_type(const char *label)
{
    static const char *const known[] = {"investigating", "identified", "monitoring", "resolved"};
    static const char *const types[] = {"status.investigating", "status.identified",
                                        "status.monitoring", "status.resolved"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        size_t n = strlen(known[i]), k = 0;
        if (strlen(label) != n)
            continue;
        while (k < n && (label[k] | 0x20) == known[i][k])
            k++;
        if (k == n)
            return types[i];
    }
    return "status.update";
}

static int is_postmortem(const char *label)
{
    return status_word(label) && (label[0] | 0x20) == 'p' && (label[1] | 0x20) == 'o';
}

typedef struct entry {
    const char *id, *title, *link;
    entry_time when;
    const char *when_text; /* the entry's time as written */
    long line;             /* of the entry */
    long content_line;     /* of its content's text, for update lines */
} entry;

static int emit(feed *f, const entry *e, int64_t at_us, const char *time_text, const char *label,
                const char *body, long line)
{
    rg_arena *a = f->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(f, line);
    ev->at_us = at_us + f->src->offset_us;
    ev->kind = RG_KIND_STATUS;
    ev->type = label ? event_type(label) : "status.update";
    ev->source = f->source;
    ev->actor = f->actor;
    ev->human = 1;
    const char *title = e->title ? e->title : "(untitled entry)";
    ev->text =
        body && *body ? rg_arena_printf(a, "%s: %s", title, body) : rg_arena_strdup(a, title);
    ev->origin = rg_origin(a, f->src->path, line);
    ev->time_text = rg_arena_strdup(a, time_text);
    if (!ev->text || !ev->origin || !ev->time_text)
        return oom(f, line);
    rg_buf_reset(&f->tmp);
    if (rg_buf_printf(&f->tmp, "%s\x1f%s\x1f%s\x1f%s", e->id, time_text, label ? label : "",
                      body ? body : "") != 0)
        return oom(f, line);
    rg_event_identity(ev, f->tmp.data, f->tmp.len);
    if (rg_event_attr(a, ev, "status_incident", e->id) < 0 ||
        (e->title && rg_event_attr(a, ev, "status_incident_name", e->title) < 0) ||
        (label && rg_event_attr(a, ev, "status", label) < 0) ||
        (e->link && rg_event_attr(a, ev, "link", e->link) < 0))
        return oom(f, line);
    return f->sink->emit(f->sink, ev);
}

/* "-08:00" for an offset in seconds. */
static void offset_text(int32_t off, char buf[16])
{
    unsigned m = (unsigned)(off < 0 ? -off : off) / 60;
    snprintf(buf, 16, "%c%02u:%02u", off < 0 ? '-' : '+', m / 60 % 100, m % 60);
}

/* An entry whose updates carry no time: one event at the entry's time, with
 * the newest label and every update as a line of its text. */
static int entry_as_one(feed *f, const entry *e, walker *w)
{
    rg_buf all = {0};
    int rc = 0;
    const char *label = NULL;
    for (size_t i = 0; i < w->n && rc == 0; i++) {
        update *u = &w->u[i];
        if (all.len)
            rc |= rg_buf_putc(&all, '\n');
        if (u->has_label)
            rc |= rg_buf_printf(&all, "%s%s", u->label.data, u->body.len ? " - " : "");
        if (u->body.len)
            rc |= rg_buf_puts(&all, u->body.data);
        if (!label && u->has_label && !is_postmortem(u->label.data))
            label = u->label.data;
    }
    if (!w->n) {
        normalise(&w->pre);
        if (w->pre.len)
            rc |= rg_buf_puts(&all, w->pre.data);
    }
    if (rc == 0)
        rc = emit(f, e, e->when.at_us, e->when_text, label, all.data ? all.data : "", e->line);
    else
        rc = oom(f, e->line);
    rg_buf_free(&all);
    return rc;
}

/* The entry's updates, one event each (README above). */
static int entry_updates(feed *f, const entry *e, walker *w)
{
    const char *title = e->title ? e->title : "(untitled entry)";
    size_t n_timed = 0;
    for (size_t i = 0; i < w->n; i++) {
        normalise(&w->u[i].body);
        strip_separator(&w->u[i].body);
        n_timed += w->u[i].has_time;
    }
    if (n_timed == 0)
        return entry_as_one(f, e, w);
    for (size_t i = 0; i < w->n; i++) {
        update *u = &w->u[i];
        long line = e->content_line + (u->line > 0 ? u->line - 1 : 0);
        const char *label = u->has_label ? u->label.data : NULL;
        if (!u->has_time) {
            rg_diag_warn(f->diag, f->src->path, line, 1, "no-time",
                         "update '%s' of entry '%s' has no time while the others do; skipped",
                         label ? label : "(no label)", title);
            continue;
        }
        if (label && is_postmortem(label)) {
            rg_diag_warn(f->diag, f->src->path, line, 1, "postmortem",
                         "postmortem update of entry '%s' skipped: it is not a status update and "
                         "would stretch the incident window",
                         title);
            continue;
        }
        int64_t at;
        int assumed, unresolved;
        int32_t off;
        const char *zone;
        size_t zone_len;
        if (update_time(f, u->time.data, &e->when, &at, &assumed, &off, &unresolved, &zone,
                        &zone_len) != 0) {
            rg_diag_warn(f->diag, f->src->path, line, 1, "bad-time",
                         "cannot read update time '%s' of entry '%s' (expected e.g. 'Nov 14, "
                         "14:07 PST'); skipped",
                         u->time.data, title);
            continue;
        }
        char offs[16];
        offset_text(off, offs);
        if (unresolved)
            rg_diag_warn(f->diag, f->src->path, line, 1, "zone-abbreviation",
                         "zone '%.*s' of update time '%s' in entry '%s' is unknown or stands for "
                         "several offsets, none of them the feed's; read at %s, the offset of "
                         "the entry's %s time",
                         (int)zone_len, zone, u->time.data, title, offs, e->when.key);
        const char *tt = u->time.data;
        if (assumed && !(tt = rg_arena_printf(f->a, "%s (%s assumed)", u->time.data, offs)))
            return oom(f, line);
        if (emit(f, e, at, tt, label, u->body.data ? u->body.data : "", line) != 0)
            return -1;
    }
    return 0;
}

/* The href of an Atom <link rel="alternate"> (or one without rel), else an
 * RSS <link>'s text. Arena-owned, or NULL. */
static const char *entry_link(feed *f, const xmlNode *e)
{
    for (const xmlNode *c = e->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !name_is(c, "link"))
            continue;
        xmlChar *href = xmlGetProp(c, BAD_CAST "href");
        if (href) {
            xmlChar *rel = xmlGetProp(c, BAD_CAST "rel");
            int alt = !rel || strcmp((const char *)rel, "alternate") == 0;
            xmlFree(rel);
            const char *out = alt ? rg_arena_strdup(f->a, (const char *)href) : NULL;
            f->oom |= alt && !out;
            xmlFree(href);
            if (alt)
                return out;
            continue;
        }
        const char *t = node_text(f, c);
        const char *out = t ? rg_arena_strdup(f->a, t) : NULL;
        f->oom |= t && !out;
        if (out)
            return out;
    }
    return NULL;
}

/* Walks the HTML text of a content element. Returns 0, -1 when out of memory. */
static int walk_html(walker *w, const char *html)
{
    size_t len = strlen(html);
    if (len == 0)
        return 0;
    if (len > (size_t)1 << 30) /* libxml2 takes an int */
        len = (size_t)1 << 30;
    htmlParserCtxtPtr hc = rg_xml_html_ctxt();
    if (!hc)
        return -1;
    /* No network, no DTD; NOERROR and NOWARNING keep libxml2 quiet. */
    rg_xml_watch watch;
    rg_xml_begin(&watch, hc);
    htmlDocPtr hd = htmlCtxtReadMemory(hc, html, (int)len, NULL, "UTF-8",
                                       HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                           HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
    htmlFreeParserCtxt(hc);
    if (rg_xml_end(&watch)) {
        /* never part of the entry's text as if it were all of it */
        xmlFreeDoc(hd);
        return -1;
    }
    if (!hd) {
        /* Nothing libxml2 could build: keep the text as it is. */
        return rg_buf_puts(&w->pre, html);
    }
    w->block_start = 1;
    walk(w, (const xmlNode *)hd);
    xmlFreeDoc(hd);
    return w->oom ? -1 : 0;
}

static int read_entry(feed *f, const xmlNode *n)
{
    entry e;
    memset(&e, 0, sizeof(e));
    e.line = line_of(n);
    const char *t = node_text(f, child(n, "title"));
    e.title = t ? rg_arena_strdup(f->a, t) : NULL;
    e.link = entry_link(f, n);
    entry_when(f, n, &e.when, 1);
    e.when_text = e.when.text;
    const char *id = node_text(f, child(n, "id"));
    if (!id)
        id = node_text(f, child(n, "guid"));
    if (id)
        e.id = rg_arena_strdup(f->a, id);
    else if (e.link)
        e.id = e.link;
    else
        e.id = rg_arena_printf(f->a, "%s\x1f%s", e.title ? e.title : "",
                               e.when_text ? e.when_text : "");
    if (!e.id || (t && !e.title) || (e.when.ok && !e.when_text) || f->oom)
        return oom(f, e.line);
    if (!e.when.ok) {
        rg_diag_warn(f->diag, f->src->path, e.line, 1, "no-time",
                     "entry '%s' has no readable published, updated or pubDate time; skipped",
                     e.title ? e.title : "(untitled entry)");
        return 0;
    }
    const xmlNode *content = child(n, "content");
    if (!content)
        content = child(n, "encoded"); /* content:encoded */
    if (!content)
        content = child(n, "summary");
    if (!content)
        content = child(n, "description");
    walker w;
    memset(&w, 0, sizeof(w));
    int rc = 0;
    if (content) {
        xmlChar *type = xmlGetProp(content, BAD_CAST "type");
        int xhtml = type && strcmp((const char *)type, "xhtml") == 0;
        int text = type && strcmp((const char *)type, "text") == 0;
        xmlFree(type);
        if (xhtml) {
            /* Atom XHTML: elements, not escaped text; lines are the file's. */
            e.content_line = 1;
            w.block_start = 1;
            walk(&w, content);
            rc = w.oom ? -1 : 0;
        } else {
            /* The HTML starts right after the start tag, on its line. */
            e.content_line = line_of(content);
            xmlChar *html = xmlNodeGetContent(content);
            if (!html)
                rc = -1;
            else if (text && !strchr((const char *)html, '<'))
                rc = rg_buf_puts(&w.pre, (const char *)html);
            else
                rc = walk_html(&w, (const char *)html);
            xmlFree(html);
        }
    }
    if (rc == 0)
        rc = entry_updates(f, &e, &w);
    else
        rc = oom(f, e.line);
    walker_free(&w);
    return rc;
}

/* ---- the XML document, read entry by entry ---- */

/* The file is read twice through libxml2's pull parser (xmlCtxtReadIO, the
 * parser xmlCtxtReadMemory is, so its errors are the same), building the
 * tree as before, but each entry is handed over when its end tag is read and
 * then freed: the tree never holds more than the feed's own elements and one
 * entry, and libxml2 keeps only the bytes it has not parsed yet. The first
 * pass checks the whole file (an error anywhere stops it before any event),
 * finds the root and the feed's name, and gathers the offsets its times are
 * written in (update times need every one of them); the second reads the
 * entries. */

/* Largest number of entries the tree held at once during the last parse:
 * 1 when entries are freed as they are read (for tests). */
size_t rg_feed_held_max;

enum { PASS_OFFSETS, PASS_ENTRIES };

#define ENTRY_OFFSETS (MAX_OFFSETS + 4)

typedef struct pass {
    int doctype; /* a DOCTYPE was read: the parse was stopped there */
    long doctype_line;
    int mode; /* PASS_OFFSETS or PASS_ENTRIES */
    feed *f;
    int rc; /* PASS_ENTRIES: -1 when an entry failed (the parse was stopped) */
    /* PASS_OFFSETS: the distinct offsets of the entries' own times, in the
     * order read (read_feed notes them after the feed's own) */
    int32_t entry_offsets[ENTRY_OFFSETS];
    int n_entry_offsets;
    /* the file */
    int fd;
    int read_errno;
    char *head; /* its first bytes (up to HEAD_MAX): where a DOCTYPE is, for the message */
    size_t head_len;
} pass;

#define HEAD_MAX (64 * 1024)

static int io_read(void *ctx, char *buf, int len)
{
    pass *p = ctx;
    ssize_t r;
    do
        r = read(p->fd, buf, (size_t)len);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        p->read_errno = errno;
        return -1;
    }
    if (p->head && p->head_len < HEAD_MAX) {
        size_t n = (size_t)r < HEAD_MAX - p->head_len ? (size_t)r : HEAD_MAX - p->head_len;
        memcpy(p->head + p->head_len, buf, n);
        p->head_len += n;
    }
    return (int)r;
}

static int io_close(void *ctx)
{
    (void)ctx; /* the file is closed by parse() */
    return 0;
}

/* SAX hook: a DOCTYPE stops the parse before its internal subset (and any
 * entity in it) is read (README above). */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr c = ctx;
    pass *p = c->_private;
    p->doctype = 1;
    p->doctype_line = c->input ? c->input->line : 0;
    xmlStopParser(c);
}

/* SAX hook: builds the element as libxml2 does, then keeps the line its
 * start tag ends on in the node's psvi (unused without schema validation),
 * which stays exact past line 65,535 (line_of). */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr c = ctx;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    if (c->node && c->input && c->input->line > 0)
        c->node->psvi = (void *)(ptrdiff_t)c->input->line;
}

/* The element whose children are the feed's entries: the Atom <feed>, the
 * first <channel> of an RSS 2.0 <rss>, the RSS 1.0 <rdf:RDF>; NULL for
 * another root. *atom says which. */
static const xmlNode *top_of(const xmlNode *root, int *atom)
{
    *atom = root && name_is(root, "feed");
    if (*atom)
        return root;
    if (root && name_is(root, "rss"))
        return child(root, "channel");
    if (root && name_is(root, "RDF"))
        return root; /* RSS 1.0: items beside the channel */
    return NULL;
}

static void entry_offset(pass *p, int32_t off)
{
    for (int i = 0; i < p->n_entry_offsets; i++)
        if (p->entry_offsets[i] == off)
            return;
    if (p->n_entry_offsets < ENTRY_OFFSETS)
        p->entry_offsets[p->n_entry_offsets++] = off;
}

/* SAX hook: the element ends; an entry of the feed is read (or its time
 * noted), then it is freed with the text and comments beside it. */
static void end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri)
{
    xmlParserCtxtPtr c = ctx;
    xmlNode *n = c->node;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    pass *p = c->_private;
    if (!n || !is_entry(n) || !n->parent || !c->myDoc)
        return;
    int atom;
    xmlNode *parent = n->parent;
    if (top_of(xmlDocGetRootElement(c->myDoc), &atom) != parent)
        return;
    size_t held = 0;
    for (const xmlNode *k = parent->children; k; k = k->next)
        held += is_entry(k);
    if (held > rg_feed_held_max)
        rg_feed_held_max = held;
    if (p->mode == PASS_OFFSETS) {
        entry_time t;
        entry_when(p->f, n, &t, 0);
        if (t.ok)
            entry_offset(p, t.off_s);
    } else if (p->rc == 0 && read_entry(p->f, n) != 0) {
        p->rc = -1;
        xmlStopParser(c);
    }
    /* Free it, and the text and comments between entries, so the parent's
     * last child is never a text node libxml2 would append to with the
     * lengths of a freed one. */
    xmlNode *k = parent->children;
    while (k) {
        xmlNode *next = k->next;
        if (k == n || k->type != XML_ELEMENT_NODE) {
            xmlUnlinkNode(k);
            xmlFreeNode(k);
        }
        k = next;
    }
}

/* The error libxml2 stopped on, as "path:line:col: message". */
static int xml_error(feed *f, xmlParserCtxtPtr ctxt)
{
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    char msg[300] = "not well-formed XML";
    if (e && e->message) {
        snprintf(msg, sizeof(msg), "%s", e->message);
        size_t n = strcspn(msg, "\n");
        while (n > 0 && msg[n - 1] == ' ')
            n--;
        msg[n] = '\0';
        if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
            msg[0] = (char)(msg[0] - 'A' + 'a');
    }
    int truncated = e && (e->code == XML_ERR_TAG_NOT_FINISHED ||
                          e->code == XML_ERR_LTSLASH_REQUIRED || e->code == XML_ERR_GT_REQUIRED);
    const char *bytes = e && e->message ? strstr(e->message, "Bytes: ") : NULL;
    if (bytes && strncmp(msg, "input is not proper UTF-8", 25) == 0) {
        char first[8] = "";
        sscanf(bytes + 7, "%6s", first);
        snprintf(msg, sizeof(msg),
                 "byte %s is not UTF-8 and the feed declares no other encoding (save it as "
                 "UTF-8, or name its encoding in <?xml ... encoding=\"...\"?>)",
                 first);
    }
    long line = e && e->line > 0 ? e->line : 1;
    long col = e && e->int2 > 0 ? e->int2 : 1;
    if (strcmp(msg, "xmlParseEntityRef: no name") == 0) {
        /* libxml2 points past the '&'. */
        snprintf(msg, sizeof(msg), "a '&' that starts no entity (write it as &amp;)");
        col = col > 1 ? col - 1 : col;
    }
    if (rg_xml_is_oom(e))
        return oom(f, 0);
    return rg_diag_error(f->diag, f->src->path, line, col, "not a well-formed feed%s: %s",
                         truncated ? " (truncated?)" : "", msg);
}

/* After the first pass: the root, the feed's name (its actor) and the
 * offsets of its times, from the feed's own elements (the entries are
 * gone). */
static int read_feed(feed *f, xmlDoc *doc, const pass *p)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    int atom;
    const xmlNode *top = top_of(root, &atom);
    if (!top)
        return rg_diag_error(f->diag, f->src->path, root ? line_of(root) : 1, 1,
                             "expected an Atom <feed> or an RSS <rss> of a status page's "
                             "incidents, got <%s>",
                             root ? (const char *)root->name : "nothing");
    /* The actor: the page's name. Statuspage titles its RSS channel
     * "<page> - Incident History". */
    const char *name = atom ? node_text(f, child(child(root, "author"), "name")) : NULL;
    if (!name) {
        name = node_text(f, child(top == root && !atom ? child(root, "channel") : top, "title"));
        const char *suffix = " - Incident History";
        if (name && strlen(name) > strlen(suffix) &&
            strcmp(name + strlen(name) - strlen(suffix), suffix) == 0)
            f->tmp.data[f->tmp.len -= strlen(suffix)] = '\0';
    }
    f->actor = rg_arena_strdup(f->a, name ? name : "statuspage");
    if (!f->actor || f->oom)
        return oom(f, 1);
    /* The offsets the feed writes its own times in, for zone abbreviations:
     * the feed's, then its entries'. */
    entry_time t;
    static const char *const feed_times[] = {"updated", "pubDate", "lastBuildDate"};
    for (size_t i = 0; i < sizeof(feed_times) / sizeof(feed_times[0]); i++) {
        const char *s = node_text(f, child(top, feed_times[i]));
        if (s && read_entry_time(s, &t) == 0)
            note_offset(f, t.off_s);
    }
    for (int i = 0; i < p->n_entry_offsets; i++)
        note_offset(f, p->entry_offsets[i]);
    return f->oom ? oom(f, 1) : 0;
}

/* Where "<!DOCTYPE" starts in an ASCII-compatible text, for the message. */
static void doctype_loc(const char *text, size_t len, long fallback_line, long *line, long *col)
{
    const char *p = text ? rg_text_find(text, len, "<!DOCTYPE") : NULL;
    if (p) {
        rg_line_col(text, len, (size_t)(p - text), line, col);
        return;
    }
    *line = fallback_line > 0 ? fallback_line : 1;
    *col = 1;
}

/* One pass over the file at path: the parse, with the hooks above. Returns
 * the document (the feed's elements without its entries), or NULL with the
 * error in f->diag. */
static xmlDoc *one_pass(feed *f, pass *p)
{
    if (lseek(p->fd, 0, SEEK_SET) != 0) {
        rg_diag_error(f->diag, f->src->path, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    p->head_len = 0;
    p->read_errno = 0;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        oom(f, 0);
        return NULL;
    }
    ctxt->_private = p;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->startElementNs = start_element;
    ctxt->sax->endElementNs = end_element;
    /* XML_PARSE_NONET: no network; BIG_LINES: lines past 65,535. Never
     * NOENT, DTDLOAD or HUGE. NOERROR and NOWARNING keep libxml2 quiet;
     * NOCDATA reads CDATA as text. */
    rg_xml_watch watch;
    rg_xml_begin(&watch, ctxt);
    unsigned long failures = rg_alloc_failures();
    xmlDoc *doc = xmlCtxtReadIO(ctxt, io_read, io_close, p, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    int lost = rg_xml_end(&watch);
    /* libxml2's tree functions (xmlNodeGetContent) return NULL for "no
     * text" and for "no memory" alike */
    if (p->rc == 0 && rg_alloc_failures() != failures)
        lost = 1;
    int ok = 0;
    if (p->rc != 0) {
        /* an entry failed: its error is in diag */
    } else if (lost) {
        /* a failed allocation, whatever libxml2 made of it: never a syntax
         * error, never a feed read in part */
        oom(f, 0);
    } else if (p->doctype) {
        long line, col;
        doctype_loc(p->head, p->head_len, p->doctype_line, &line, &col);
        rg_diag_error(f->diag, f->src->path, line, col,
                      "the feed has a DOCTYPE, which is not read: a feed needs none, and one can "
                      "declare entities that expand without bound or read local files");
    } else if (p->read_errno) {
        rg_diag_error(f->diag, f->src->path, 0, 0, "cannot read: %s", strerror(p->read_errno));
    } else if (!doc) {
        xml_error(f, ctxt);
    } else {
        ok = 1;
    }
    xmlFreeParserCtxt(ctxt);
    if (!ok) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* 0 when the open file holds only blanks (and NUL bytes, as rg_buf's blank
 * reads them), 1 when it holds something else, -1 when it cannot be read. */
static int has_text(int fd)
{
    char buf[4096];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return (int)r;
        for (ssize_t i = 0; i < r; i++)
            if (!strchr(" \t\r\n\f\v", buf[i]))
                return 1;
    }
}

static int parse(const rg_source *src, rg_sink *sink)
{
    feed f;
    memset(&f, 0, sizeof(f));
    f.src = src;
    f.sink = sink;
    f.a = sink->arena;
    f.diag = sink->diag;
    f.source = rg_arena_strdup(f.a, src->name && *src->name ? src->name : "status feed");
    if (!f.source)
        return oom(&f, 0);
    rg_feed_held_max = 0;
    pass p;
    memset(&p, 0, sizeof(p));
    p.f = &f;
    p.fd = open(src->path, O_RDONLY | O_CLOEXEC);
    if (p.fd < 0)
        return rg_diag_error(f.diag, src->path, 0, 0, "cannot read: %s", strerror(errno));
    int rc = -1;
    xmlDoc *doc = NULL;
    struct stat st;
    int text = has_text(p.fd);
    if (text < 0 || fstat(p.fd, &st) != 0) {
        rg_diag_error(f.diag, src->path, 0, 0, "cannot read: %s", strerror(errno));
        goto done;
    }
    if (text == 0) {
        rg_diag_error(f.diag, src->path, 0, 0, "file is empty, expected an Atom or RSS feed");
        goto done;
    }
    if ((uint64_t)st.st_size > (uint64_t)1 << 30) {
        rg_diag_error(f.diag, src->path, 0, 0, "a feed of over 1 GiB is not read");
        goto done;
    }
    p.head = rg_malloc(HEAD_MAX);
    if (!p.head) {
        oom(&f, 0);
        goto done;
    }
    p.mode = PASS_OFFSETS;
    doc = one_pass(&f, &p);
    if (!doc || read_feed(&f, doc, &p) != 0)
        goto done;
    xmlFreeDoc(doc);
    p.mode = PASS_ENTRIES;
    doc = one_pass(&f, &p);
    rc = doc ? 0 : -1;
done:
    xmlFreeDoc(doc);
    rg_free(p.head);
    close(p.fd);
    rg_buf_free(&f.tmp);
    return rc;
}

const rg_importer rg_importer_statuspage_feed = {
    .name = "statuspage-feed",
    .kind = RG_KIND_STATUS,
    .summary = "a status page's Atom or RSS incident history (Statuspage history.atom/.rss, "
               "generic status feeds): every update as a status post",
    .recognises = "an Atom <feed> or RSS <rss> named history.atom/history.rss, or one that "
                  "mentions incidents or status",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
