/* irc.c -- IRC client and bot logs (irssi, WeeChat, ZNC, HexChat/XChat,
 * supybot/Limnoria), streamed line by line into chat events.
 *
 * What it reads, one dialect per file (the first line that is one of these
 * decides):
 *  - irssi: "--- Log opened Sun Aug 08 13:37:42 2021", "--- Day changed Fri
 *    Aug 13 2021", then "13:37 <@nick> text" (HH:MM or HH:MM:SS), "13:38  *
 *    nick does x", "13:39 -!- nick [u@h] has joined #chan";
 *  - WeeChat: "2020-01-01 01:05:24<TAB>@nick<TAB>text", prefixes "-->",
 *    "<--", "--", " *" for joins, leaves, status and actions;
 *  - ZNC's log module: "[12:34:56] <nick> text", "[12:34:56] * nick does x",
 *    "[12:34:56] *** Joins: nick (ident@host)", one file per day named
 *    YYYY-MM-DD.log (or ..._YYYYMMDD.log), which gives the date;
 *  - HexChat/XChat: "**** BEGIN LOGGING AT Mon Dec 31 21:11:55 2011" (the
 *    words are localised, the date is not), then "dec 31 21:11:58
 *    <nick>\ttext", "-->", "<--", "---", "*" lines with no year;
 *  - supybot/Limnoria's ChannelLogger: "2005-01-08T23:34:46  <nick> text",
 *    "*** nick has joined #chan", "* nick does x".
 * The file is streamed (importers/linereader.h): a log of years costs the
 * events it yields, not its size.
 *
 * Time (README, "Time"): every IRC log is written in the local time of the
 * machine that wrote it, with no offset: it is read in the source's zone
 * (the manifest's "timezone"), and time_text is the date and time with the
 * zone assumed ("2021-08-08 13:37 (Europe/Berlin assumed)"). The date comes
 * from irssi's header and "Day changed" lines, ZNC's file name, HexChat's
 * header (the year from it; a line in January after a header in December is
 * in the next year; with no header, the year nearest the incident), or the
 * line itself (WeeChat, supybot). A local time that does not exist at a
 * daylight-saving change is read shifted forward, one that happens twice
 * takes the reading nearer the line before (logs are written in order); both
 * are warned ("dst-gap", "dst-overlap"). A time that cannot be
 * ("39:95:90") is warning "bad-time"; a time-only line before any date
 * (irssi without its header, ZNC under another file name) is warning
 * "no-date".
 *
 * Mapping (README, "Formats"):
 *  - "<nick> text" -> chat.message, human, actor the nick with its mode
 *    prefix (@ + % ~ & !) stripped; "* nick does x" (/me) -> chat.message by
 *    nick, text "does x", attr action=me;
 *  - joins -> chat.join, parts, quits and kicks -> chat.leave, actor the nick
 *    who joined or left, text the line as written after its marker. They are
 *    not human: the server announced them and clients rejoin on every
 *    reconnect (a netsplit makes a whole channel quit and join), so counting
 *    them would list every lurker as a responder;
 *  - everything else (topics, modes, nick changes, notices, the client's own
 *    messages such as "You are now talking on #chan") is a status line: not
 *    chat, skipped and counted as warning "status-line". Headers and
 *    "Day changed" lines are structure, not counted;
 *  - source = "irc #<channel>", the channel from the file name ("#ops.log",
 *    "irc.libera.#ops.weechatlog", "#ops/2026-11-20.log", "#ops.2005-01-08.log")
 *    or, when the name has none, from the first "has joined #chan" or "You
 *    are now talking on #chan" line; else "irc <file name>". Nicks are what
 *    IRC has: a nick change is not followed, and bots are people unless the
 *    log says otherwise (it never does);
 *  - origin = path:line; identity (README, "Timeline") = the raw line with
 *    its date and channel: a copy of the log (the same file given twice, an
 *    overlapping export) folds line for line,
 *    while "[09:00:00] <bot> daily report" on two days or in two channels
 *    stays two records.
 *
 * Errors: a file with text but not one line of a known dialect is an error
 * at its first line; an empty file is an empty log (no events, no error);
 * UTF-16 is an error. Lines of the file's dialect that cannot be read are
 * counted warnings with their line ("bad-line", "bad-time", "no-date");
 * invalid UTF-8 becomes U+FFFD (warning "utf8"). */
#include "importer.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linereader.h"

enum { D_NONE, D_IRSSI, D_WEECHAT, D_ZNC, D_HEXCHAT, D_SUPYBOT };
static const char *const dialect_names[] = {"", "irssi", "WeeChat", "ZNC", "HexChat", "supybot"};

enum { L_MSG, L_ACTION, L_JOIN, L_LEAVE, L_STATUS };

/* ---- small readers ---- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* n digits at s[p], or -1. */
static int num(const char *s, size_t len, size_t p, int n)
{
    int v = 0;
    if (p + (size_t)n > len)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[p + i]))
            return -1;
        v = v * 10 + (s[p + i] - '0');
    }
    return v;
}

/* "Jan".."Dec" in any case at s[p]: 1..12, else 0. */
static int month(const char *s, size_t len, size_t p)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (p + 3 > len)
        return 0;
    char low[3];
    for (int i = 0; i < 3; i++)
        low[i] = (char)(s[p + i] >= 'A' && s[p + i] <= 'Z' ? s[p + i] - 'A' + 'a' : s[p + i]);
    for (int m = 0; m < 12; m++)
        if (memcmp(names + m * 3, low, 3) == 0)
            return m + 1;
    return 0;
}

static int starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* ---- a line's date and time ---- */

typedef struct stamp {
    int y, m, d, h, mi, se; /* y/m/d 0 when the line has no date */
    int has_seconds;
    size_t len;  /* bytes of the stamp */
    size_t body; /* offset of what follows it */
} stamp;

/* "HH:MM" or "HH:MM:SS" at s[p] (digits and colons only; the values are
 * checked later, so "39:95:90" is a time that cannot be). Returns its length. */
static size_t clock_at(const char *s, size_t n, size_t p, stamp *t)
{
    if ((t->h = num(s, n, p, 2)) < 0 || p + 2 >= n || s[p + 2] != ':' ||
        (t->mi = num(s, n, p + 3, 2)) < 0)
        return 0;
    t->se = 0;
    t->has_seconds = 0;
    if (p + 5 < n && s[p + 5] == ':') {
        if ((t->se = num(s, n, p + 6, 2)) < 0)
            return 0;
        t->has_seconds = 1;
        return 8;
    }
    return 5;
}

/* "YYYY-MM-DD" + sep + "HH:MM:SS". */
static size_t iso_at(const char *s, size_t n, char sep, stamp *t)
{
    if ((t->y = num(s, n, 0, 4)) < 0 || n < 19 || s[4] != '-' || (t->m = num(s, n, 5, 2)) < 0 ||
        s[7] != '-' || (t->d = num(s, n, 8, 2)) < 0 || s[10] != sep)
        return 0;
    size_t k = clock_at(s, n, 11, t);
    return k == 8 ? 19 : 0;
}

/* Reads the stamp of a line of dialect d; 0 when the line has none. */
static int read_stamp(int d, const char *s, size_t n, stamp *t)
{
    memset(t, 0, sizeof(*t));
    size_t k;
    switch (d) {
    case D_IRSSI:
        if (!(k = clock_at(s, n, 0, t)) || k >= n || s[k] != ' ')
            return 0;
        t->len = k;
        t->body = k + 1;
        return 1;
    case D_WEECHAT:
        if (!(k = iso_at(s, n, ' ', t)) || k >= n || s[k] != '\t')
            return 0;
        t->len = k;
        t->body = k + 1;
        return 1;
    case D_SUPYBOT:
        if (!(k = iso_at(s, n, 'T', t)) || k >= n || s[k] != ' ')
            return 0;
        t->len = k;
        t->body = k + 1;
        return 1;
    case D_ZNC:
        if (n < 3 || s[0] != '[' || !(k = clock_at(s, n, 1, t)) || 1 + k >= n || s[1 + k] != ']')
            return 0;
        t->len = k + 2;
        t->body = k + 2;
        return 1;
    case D_HEXCHAT: {
        if (!(t->m = month(s, n, 0)) || n < 4 || s[3] != ' ')
            return 0;
        size_t p = 4;
        if (p < n && s[p] == ' ')
            p++;
        if ((t->d = num(s, n, p, 2)) >= 0)
            p += 2;
        else if ((t->d = num(s, n, p, 1)) >= 0)
            p += 1;
        else
            return 0;
        if (p >= n || s[p] != ' ' || clock_at(s, n, p + 1, t) != 8)
            return 0;
        t->len = p + 9;
        t->body = t->len;
        return t->len == n || is_blank(s[t->len]);
    }
    }
    return 0;
}

/* ---- what a line says ---- */

typedef struct said {
    int kind;
    const char *nick, *text;
    size_t nick_n, text_n;
} said;

static size_t skip_blanks(const char *s, size_t n, size_t p)
{
    while (p < n && is_blank(s[p]))
        p++;
    return p;
}

/* The nick at s[p..) up to a blank; mode prefixes stripped. */
static void nick_at(const char *s, size_t n, size_t p, said *w)
{
    p = skip_blanks(s, n, p);
    size_t e = p;
    while (e < n && !is_blank(s[e]))
        e++;
    w->nick = s + p;
    w->nick_n = e - p;
}

static void strip_modes(said *w)
{
    while (w->nick_n && strchr(" @+%~&!", w->nick[0])) {
        w->nick++;
        w->nick_n--;
    }
    while (w->nick_n && w->nick[w->nick_n - 1] == ' ')
        w->nick_n--;
}

/* A join, a leave or a status line, from the words after its marker. */
static void membership(const char *s, size_t n, size_t p, said *w)
{
    p = skip_blanks(s, n, p);
    w->text = s + p;
    w->text_n = n - p;
    const char *r = s + p;
    size_t rn = n - p;
    w->kind = L_STATUS;
    if (starts(r, rn, "Joins: ")) { /* ZNC */
        nick_at(r, rn, 7, w);
        w->kind = L_JOIN;
    } else if (starts(r, rn, "Parts: ") || starts(r, rn, "Quits: ")) {
        nick_at(r, rn, 7, w);
        w->kind = L_LEAVE;
    } else if (find(r, rn, " has joined ")) {
        nick_at(r, rn, 0, w);
        w->kind = L_JOIN;
    } else if (find(r, rn, " has left ") || find(r, rn, " has quit") ||
               find(r, rn, " was kicked ") || find(r, rn, " has been kicked ")) {
        nick_at(r, rn, 0, w);
        w->kind = L_LEAVE;
    }
    if (w->kind != L_STATUS)
        strip_modes(w);
}

/* The body of a line (after the stamp) of any dialect but WeeChat. */
static void classify(const char *s, size_t n, said *w)
{
    memset(w, 0, sizeof(*w));
    size_t p = skip_blanks(s, n, 0);
    const char *r = s + p;
    size_t rn = n - p;
    w->kind = L_STATUS;
    w->text = r;
    w->text_n = rn;
    if (rn && r[0] == '<' && !starts(r, rn, "<--")) {
        const char *gt = memchr(r, '>', rn < 128 ? rn : 128);
        if (!gt)
            return;
        w->kind = L_MSG;
        w->nick = r + 1;
        w->nick_n = (size_t)(gt - r - 1);
        strip_modes(w);
        size_t t = (size_t)(gt - r) + 1;
        if (t < rn && is_blank(r[t]))
            t++;
        w->text = r + t;
        w->text_n = rn - t;
        if (w->nick_n == 0)
            w->kind = L_STATUS;
        return;
    }
    if (rn >= 2 && r[0] == '*' && is_blank(r[1])) {
        nick_at(r, rn, 1, w);
        if (!w->nick_n)
            return;
        size_t t = (size_t)(w->nick + w->nick_n - r);
        t = skip_blanks(r, rn, t);
        w->kind = L_ACTION;
        w->text = r + t;
        w->text_n = rn - t;
        return;
    }
    if (starts(r, rn, "-!- "))
        membership(r, rn, 4, w);
    else if (starts(r, rn, "*** "))
        membership(r, rn, 4, w);
    else if (starts(r, rn, "-->") || starts(r, rn, "<--")) {
        membership(r, rn, 3, w);
        /* "-->" announces joins and the client's own messages only. */
        if ((r[0] == '-') != (w->kind == L_JOIN))
            w->kind = L_STATUS;
    }
}

/* WeeChat's "prefix<TAB>text". */
static void classify_weechat(const char *s, size_t n, said *w)
{
    memset(w, 0, sizeof(*w));
    const char *tab = memchr(s, '\t', n);
    size_t pn = tab ? (size_t)(tab - s) : n;
    const char *t = tab ? tab + 1 : s + n;
    size_t tn = n - (size_t)(t - s);
    w->kind = L_STATUS;
    w->text = t;
    w->text_n = tn;
    if ((pn == 3 && memcmp(s, "-->", 3) == 0) || (pn == 3 && memcmp(s, "<--", 3) == 0)) {
        membership(t, tn, 0, w);
        if ((s[0] == '-') != (w->kind == L_JOIN))
            w->kind = L_STATUS;
        return;
    }
    size_t q = skip_blanks(s, pn, 0);
    if (pn - q == 1 && s[q] == '*') {
        nick_at(t, tn, 0, w);
        size_t b = skip_blanks(t, tn, (size_t)(w->nick + w->nick_n - t));
        w->kind = w->nick_n ? L_ACTION : L_STATUS;
        w->text = t + b;
        w->text_n = tn - b;
        return;
    }
    /* Status prefixes ("--", "=!=", "-", "") hold no nick character. */
    w->nick = s;
    w->nick_n = pn;
    strip_modes(w);
    int letters = 0;
    for (size_t i = 0; i < w->nick_n; i++)
        letters |= w->nick[i] != '-' && w->nick[i] != '=' && w->nick[i] != '!';
    if (letters && tab)
        w->kind = L_MSG;
}

/* ---- dialect ---- */

/* A header line: irssi's "--- Log opened/closed/Day changed", HexChat's
 * "**** ... <ctime>". */
static int irssi_header(const char *s, size_t n)
{
    return starts(s, n, "--- Log opened ") || starts(s, n, "--- Log closed ") ||
           starts(s, n, "--- Day changed ");
}

/* "**** <words> Www Mmm dd hh:mm:ss yyyy": the ctime at the end. Returns 1
 * and its year, month, day. */
static int hexchat_header(const char *s, size_t n, int *y, int *m, int *d)
{
    if (!starts(s, n, "**** "))
        return 0;
    while (n && is_blank(s[n - 1]))
        n--;
    if (n < 5 + 24 || (*y = num(s, n, n - 4, 4)) < 0 || s[n - 5] != ' ')
        return 0;
    size_t p = n - 5; /* the space before the year */
    stamp t;
    if (p < 8 || clock_at(s, n, p - 8, &t) != 8 || s[p - 9] != ' ')
        return 0;
    p -= 9; /* the space before the time */
    size_t e = p;
    while (p > 0 && is_digit(s[p - 1]))
        p--;
    if (e - p < 1 || e - p > 2)
        return 0;
    *d = num(s, n, p, (int)(e - p));
    while (p > 0 && s[p - 1] == ' ')
        p--;
    if (p < 4 || !(*m = month(s, n, p - 3)))
        return 0;
    return 1;
}

/* The dialect a line is written in, and how sure that is (sniff's score). */
static int line_dialect(const char *s, size_t n, int *score)
{
    int y, m, d;
    said w;
    stamp t;
    size_t p = skip_blanks(s, n, 0);
    s += p;
    n -= p;
    *score = 0;
    if (irssi_header(s, n))
        return *score = 95, D_IRSSI;
    if (hexchat_header(s, n, &y, &m, &d))
        return *score = 95, D_HEXCHAT;
    if (read_stamp(D_WEECHAT, s, n, &t) && memchr(s + t.body, '\t', n - t.body))
        return *score = 90, D_WEECHAT;
    if (read_stamp(D_SUPYBOT, s, n, &t)) {
        classify(s + t.body, n - t.body, &w);
        if (w.kind != L_STATUS || starts(s + t.body, n - t.body, " *** ") ||
            starts(s + t.body, n - t.body, " -"))
            return *score = 90, D_SUPYBOT;
        return D_NONE;
    }
    int ds[] = {D_ZNC, D_HEXCHAT, D_IRSSI};
    int sc[] = {85, 90, 80};
    for (int i = 0; i < 3; i++) {
        if (!read_stamp(ds[i], s, n, &t))
            continue;
        const char *b = s + t.body;
        size_t bn = n - t.body;
        classify(b, bn, &w);
        size_t q = skip_blanks(b, bn, 0);
        int marked = w.kind != L_STATUS || starts(b + q, bn - q, "-!- ") ||
                     starts(b + q, bn - q, "*** ") || starts(b + q, bn - q, "---");
        if (marked)
            return *score = sc[i], ds[i];
    }
    return D_NONE;
}

/* Most of the first lines must be one dialect's; the first decides. */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int seen = 0, hits = 0, first = -1, dialect = D_NONE;
    while (i < head_len && seen < 8) {
        const char *nl = memchr(head + i, '\n', head_len - i);
        if (!nl && seen > 0)
            break; /* a line cut by the end of the head */
        size_t e = nl ? (size_t)(nl - head) : head_len;
        const char *s = head + i;
        size_t n = e - i;
        i = e + 1;
        if (n && s[n - 1] == '\r')
            n--;
        if (rg_is_blank(s, n))
            continue;
        int score;
        int d = line_dialect(s, n, &score);
        if (first < 0) {
            first = score;
            dialect = d;
        }
        seen++;
        hits += d != D_NONE && d == dialect;
    }
    if (first <= 0 || hits * 2 < seen)
        return 0;
    return first;
}

/* ---- the channel ---- */

static int is_chan(char c)
{
    return c == '#' || c == '&';
}

static int date_suffix(const char *s, size_t n, size_t *cut)
{
    /* [._-]YYYY-MM-DD or [._-]YYYYMMDD at the end */
    if (n >= 11 && strchr("._-", s[n - 11]) && num(s, n, n - 10, 4) >= 0 && s[n - 6] == '-' &&
        num(s, n, n - 5, 2) >= 0 && s[n - 3] == '-' && num(s, n, n - 2, 2) >= 0) {
        *cut = n - 11;
        return 1;
    }
    if (n >= 9 && strchr("._-", s[n - 9]) && num(s, n, n - 8, 8) >= 0) {
        *cut = n - 9;
        return 1;
    }
    return 0;
}

static size_t strip_ext(const char *s, size_t n)
{
    static const char *const exts[] = {".weechatlog", ".log", ".txt", NULL};
    for (size_t i = 0; exts[i]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && memcmp(s + n - k, exts[i], k) == 0)
            return n - k;
    }
    return n;
}

/* The channel the path names: a '#' in the file name, or the folder of a
 * ZNC day file. Returns its length (0: none) and where it starts. */
static size_t channel_from_path(const char *path, const char **out)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strip_ext(base, strlen(base));
    const char *h = NULL;
    for (size_t i = 0; i < n && !h; i++)
        if (is_chan(base[i]) && (i == 0 || strchr("._-", base[i - 1])))
            h = base + i;
    if (h) {
        size_t k = n - (size_t)(h - base), cut;
        if (date_suffix(h, k, &cut))
            k = cut;
        *out = h;
        return k > 1 ? k : 0;
    }
    /* ZNC: .../<network>/#chan/2026-11-20.log */
    if (base > path + 1) {
        const char *end = base - 1, *dir = end;
        while (dir > path && dir[-1] != '/')
            dir--;
        if (is_chan(*dir) && end - dir > 1) {
            *out = dir;
            return (size_t)(end - dir);
        }
    }
    return 0;
}

/* The first "has joined #chan" or "talking on #chan" in the file's first
 * 64 KiB, for a log whose name says nothing. */
static size_t channel_from_text(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    char head[65536];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof(head) && (got = read(fd, head + len, sizeof(head) - len)) > 0)
        len += (size_t)got;
    close(fd);
    static const char *const marks[] = {" has joined ", "talking on ", NULL};
    for (size_t i = 0; marks[i]; i++) {
        const char *p = find(head, len, marks[i]);
        if (!p)
            continue;
        p += strlen(marks[i]);
        size_t k = 0;
        while (p + k < head + len && !is_blank(p[k]) && p[k] != '\r' && p[k] != '\n' &&
               p[k] != ',' && k + 1 < cap)
            k++;
        if (k > 1 && is_chan(p[0])) {
            memcpy(buf, p, k);
            return k;
        }
    }
    return 0;
}

/* ZNC's day from the file name: YYYY-MM-DD.log or ..._YYYYMMDD.log. */
static int date_from_name(const char *path, int *y, int *m, int *d)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strip_ext(base, strlen(base));
    if (n >= 10 && (*y = num(base, n, n - 10, 4)) >= 0 && base[n - 6] == '-' &&
        (*m = num(base, n, n - 5, 2)) >= 0 && base[n - 3] == '-' &&
        (*d = num(base, n, n - 2, 2)) >= 0)
        return 1;
    if (n >= 8 && (n == 8 || strchr("._-", base[n - 9])) && num(base, n, n - 8, 8) >= 0) {
        *y = num(base, n, n - 8, 4);
        *m = num(base, n, n - 4, 2);
        *d = num(base, n, n - 2, 2);
        return 1;
    }
    return 0;
}

/* ---- the parse ---- */

typedef struct irc {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    rg_linejoin clean; /* for its UTF-8 repair only */
    int dialect;
    int y, m, d, have_date; /* the current day (irssi, ZNC), or HexChat's year and month */
    int name_y, name_m, name_d, name_date; /* the day the file name gives */
    int64_t prev_at;
    int have_prev;
    const char *channel, *source;
    rg_buf key;
    unsigned long n_lines; /* lines of the dialect read */
    long first_line;
} irc;

static int oom(irc *st, long line)
{
    return rg_diag_error(st->diag, st->src->path, line, 0, "out of memory");
}

/* The later reading of a time that happens twice when it is nearer the line
 * before (logs are in order), as syslog.c does. */
static int64_t overlap_pick(const irc *st, int64_t first, int *second)
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

static int record(irc *st, const char *raw, size_t raw_n, const stamp *t, const said *w, long line)
{
    char when[64];
    int wn = t->has_seconds ? snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d", t->y,
                                       t->m, t->d, t->h, t->mi, t->se)
                            : snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d", t->y, t->m,
                                       t->d, t->h, t->mi);
    int64_t at;
    int flags;
    if (rg_time_from_local(st->src->zone, t->y, t->m, t->d, t->h, t->mi, t->se, 0, &at, &flags) <
        0) {
        rg_diag_warn(st->diag, st->src->path, line, 1, "bad-time",
                     "'%s' is not a time that can be; skipped", when);
        return 0;
    }
    int second = 0;
    if (flags & RG_TIME_OVERLAP)
        at = overlap_pick(st, at, &second);
    st->prev_at = at;
    st->have_prev = 1;
    if ((st->src->offset_us > 0 && at > INT64_MAX - st->src->offset_us) ||
        (st->src->offset_us < 0 && at < INT64_MIN - st->src->offset_us)) {
        rg_diag_warn(st->diag, st->src->path, line, 1, "bad-time", "'%s' is out of range; skipped",
                     when);
        return 0;
    }
    at += st->src->offset_us;
    if (!rg_sink_keep(st->sink, at))
        return 0;
    char iso[32];
    rg_time_format(at, iso);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(st->diag, st->src->path, line, 1, "dst-gap",
                     "local time '%s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     when, rg_tz_name(st->src->zone), iso);
    else if (flags & RG_TIME_OVERLAP)
        rg_diag_warn(st->diag, st->src->path, line, 1, "dst-overlap",
                     "local time '%s' happens twice in %s (daylight-saving change); read as %s, "
                     "the %s",
                     when, rg_tz_name(st->src->zone), iso,
                     second ? "second one, nearer the line before" : "first one");
    const char *type = w->kind == L_JOIN    ? "chat.join"
                       : w->kind == L_LEAVE ? "chat.leave"
                                            : "chat.message";
    int human = w->kind == L_MSG || w->kind == L_ACTION;
    /* README, "Evidence of any size": notices of one template (a bot's) are
     * folded after the first few; a person's messages never are. */
    rg_foldable fo = {at,   type, w->text, w->text_n, w->nick, w->nick_n, human,
                      line, NULL, 0,       0,         0,       0};
    int keep = rg_sink_fold(st->sink, &fo);
    if (keep <= 0)
        return keep;
    rg_arena *a = st->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(st, line);
    ev->at_us = at;
    ev->kind = RG_KIND_CHAT;
    ev->type = type;
    ev->human = human;
    ev->source = st->source;
    ev->actor = w->nick_n ? rg_arena_strndup(a, w->nick, w->nick_n) : NULL;
    ev->text = rg_arena_strndup(a, w->text, w->text_n);
    ev->origin = rg_origin(a, st->src->path, line);
    ev->time_text = rg_time_text(a, when, (size_t)wn, st->src, RG_TIME_LOCAL);
    if ((w->nick_n && !ev->actor) || !ev->text || !ev->origin || !ev->time_text)
        return oom(st, line);
    /* The raw line with its day and channel (README, "Timeline"). */
    rg_buf_reset(&st->key);
    if (rg_buf_printf(&st->key, "%04d-%02d-%02d\x1f%s\x1f", t->y, t->m, t->d,
                      st->channel ? st->channel : "") < 0 ||
        rg_buf_append(&st->key, raw, raw_n) < 0)
        return oom(st, line);
    rg_event_line_identity(ev, st->key.data, st->key.len);
    if ((st->channel && rg_event_attr(a, ev, "channel", st->channel) < 0) ||
        (w->kind == L_ACTION && rg_event_attr(a, ev, "action", "me") < 0))
        return oom(st, line);
    return st->sink->emit(st->sink, ev);
}

/* irssi's "--- Log opened Sun Aug 08 13:37:42 2021" and "--- Day changed Fri
 * Aug 13 2021": the day the lines after it are on. */
static void irssi_day(irc *st, const char *s, size_t n, long line)
{
    if (starts(s, n, "--- Log closed "))
        return;
    size_t p = starts(s, n, "--- Day changed ") ? 16 : 15;
    p = skip_blanks(s, n, p);
    while (p < n && !is_blank(s[p])) /* the weekday */
        p++;
    p = skip_blanks(s, n, p);
    int m = month(s, n, p), d = -1, y = -1;
    p = skip_blanks(s, n, p + 3);
    size_t q = p;
    while (q < n && is_digit(s[q]))
        q++;
    if (q > p && q - p <= 2)
        d = num(s, n, p, (int)(q - p));
    p = skip_blanks(s, n, q);
    stamp t;
    if (clock_at(s, n, p, &t) == 8)
        p = skip_blanks(s, n, p + 8);
    y = num(s, n, p, 4);
    if (!m || d < 1 || d > 31 || y < 0) {
        rg_diag_warn(st->diag, st->src->path, line, 1, "bad-line",
                     "irssi header without a date it can read; the lines after it keep the day "
                     "before");
        return;
    }
    st->y = y, st->m = m, st->d = d, st->have_date = 1;
}

static int handle(irc *st, const char *s, size_t n, long line, int cut)
{
    size_t p = skip_blanks(s, n, 0);
    const char *r = s + p;
    size_t rn = n - p;
    if (rn == 0 || rg_is_blank(r, rn))
        return 0;
    if (!st->first_line)
        st->first_line = line;
    if (st->dialect == D_NONE) {
        int score;
        st->dialect = line_dialect(r, rn, &score);
        if (st->dialect == D_NONE) {
            size_t e = rn < 40 ? rn : 40;
            return rg_diag_error(st->diag, st->src->path, line, (long)p + 1,
                                 "expected an IRC log (irssi, WeeChat, ZNC, HexChat or supybot "
                                 "lines), found '%.*s'",
                                 (int)e, r);
        }
        /* ZNC's day is its file's name; irssi's headers say it again. HexChat's
         * year and month come from its headers only. */
        if (st->name_date && (st->dialect == D_ZNC || st->dialect == D_IRSSI)) {
            st->y = st->name_y, st->m = st->name_m, st->d = st->name_d;
            st->have_date = 1;
        }
    }
    st->n_lines++;
    if (cut)
        rg_linejoin_warn_cut(&st->clean, line);
    int hy, hm, hd;
    if (st->dialect == D_IRSSI && irssi_header(r, rn)) {
        irssi_day(st, r, rn, line);
        return 0;
    }
    if (st->dialect == D_HEXCHAT && hexchat_header(r, rn, &hy, &hm, &hd)) {
        st->y = hy, st->m = hm, st->d = hd, st->have_date = 1;
        return 0;
    }
    stamp t;
    if (!read_stamp(st->dialect, r, rn, &t)) {
        rg_diag_warn(st->diag, st->src->path, line, (long)p + 1, "bad-line",
                     "line is not in this log's %s format; skipped", dialect_names[st->dialect]);
        return 0;
    }
    switch (st->dialect) {
    case D_IRSSI:
    case D_ZNC:
        if (!st->have_date) {
            rg_diag_warn(st->diag, st->src->path, line, (long)p + 1, "no-date",
                         st->dialect == D_IRSSI
                             ? "time without a date: no \"--- Log opened\" or \"--- Day "
                               "changed\" line before it; skipped"
                             : "time without a date: ZNC names each day's file YYYY-MM-DD.log; "
                               "skipped");
            return 0;
        }
        t.y = st->y, t.m = st->m, t.d = st->d;
        break;
    case D_HEXCHAT:
        if (st->have_date) {
            /* No year on the line: the header's, and the next one after
             * December (a log left open over New Year). */
            if (t.m < st->m)
                st->y++;
            st->m = t.m;
            t.y = st->y;
        } else {
            rg_time_ctx ctx = {st->src->zone, st->src->ref_us};
            int64_t guess;
            int f;
            if (rg_time_syslog(r, t.len, &ctx, &guess, &f) == t.len) {
                int64_t y;
                int mm, dd;
                rg_civil_from_days(
                    (guess + (int64_t)rg_tz_offset_at(st->src->zone, guess) * 1000000) /
                        INT64_C(86400000000),
                    &y, &mm, &dd);
                t.y = (int)y;
            } else {
                t.y = 1970; /* an impossible time: warned below */
            }
        }
        break;
    default:
        break;
    }
    s = rg_linejoin_clean(&st->clean, s, &n, line);
    if (!s)
        return oom(st, line);
    r = s + p;
    rn = n - p;
    said w;
    if (st->dialect == D_WEECHAT)
        classify_weechat(r + t.body, rn - t.body, &w);
    else
        classify(r + t.body, rn - t.body, &w);
    if (w.kind == L_STATUS) {
        /* Check the time all the same: an impossible one is worth a word. */
        int64_t at;
        int f;
        if (rg_time_from_local(st->src->zone, t.y ? t.y : 2000, t.m ? t.m : 1, t.d ? t.d : 1, t.h,
                               t.mi, t.se, 0, &at, &f) < 0)
            rg_diag_warn(st->diag, st->src->path, line, (long)p + 1, "bad-time",
                         "'%.*s' is not a time that can be; skipped", (int)t.len, r);
        else
            rg_diag_warn(st->diag, st->src->path, line, (long)p + 1, "status-line",
                         "status line (topic, mode, nick change, notice, client message) is not "
                         "chat; skipped");
        return 0;
    }
    return record(st, s, n, &t, &w, line);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    irc st;
    memset(&st, 0, sizeof(st));
    st.src = src;
    st.sink = sink;
    st.a = sink->arena;
    st.diag = sink->diag;
    rg_linejoin_init(&st.clean, src->path, sink);
    const char *chan;
    size_t k = channel_from_path(src->path, &chan);
    char buf[256];
    if (!k && (k = channel_from_text(src->path, buf, sizeof(buf))) != 0)
        chan = buf;
    if (k) {
        st.channel = rg_arena_strndup(st.a, chan, k);
        st.source = st.channel ? rg_arena_printf(st.a, "irc %s", st.channel) : NULL;
    } else {
        const char *base = strrchr(src->path, '/');
        base = base ? base + 1 : src->path;
        st.source = rg_arena_printf(st.a, "irc %.*s", (int)strip_ext(base, strlen(base)), base);
    }
    if (!st.source || (k && !st.channel))
        return oom(&st, 0);
    st.name_date = date_from_name(src->path, &st.name_y, &st.name_m, &st.name_d);
    rg_linereader r;
    int rc = -1;
    if (rg_linereader_open(&r, src->path, sink) != 0)
        goto done;
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (handle(&st, line, len, r.line, cut) != 0)
            goto done;
    if (got < 0)
        goto done;
    rg_linereader_finish(&r);
    rc = 0;
done:
    rg_linereader_close(&r);
    rg_linejoin_free(&st.clean);
    rg_buf_free(&st.key);
    return rc;
}

const rg_importer rg_importer_irc = {
    .name = "irc",
    .kind = RG_KIND_CHAT,
    .summary = "IRC logs: irssi, WeeChat, ZNC, HexChat/XChat, supybot/Limnoria",
    .recognises = "irssi '--- Log opened', WeeChat 'date<TAB>nick<TAB>text', ZNC '[hh:mm:ss] "
                  "<nick>', HexChat '**** BEGIN LOGGING', supybot 'dateTtime  <nick>' lines",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
