/* slack.c -- a Slack workspace export (a folder of channel folders of day
 * files), one channel's folder, or one day file, read as chat events.
 *
 * What it reads:
 *  - a workspace export folder: users.json, channels.json (groups.json and
 *    mpims.json too, for the names of private channels in <#G123> links) and
 *    one folder per channel holding day files named YYYY-MM-DD.json, each an
 *    array of messages. Every sub-folder that holds day files is a channel,
 *    named after the folder (direct-message folders are named by their id;
 *    dms.json names nobody and is not read). Other top-level files
 *    (integration_logs.json: app installs, not conversation; canvases,
 *    huddles) are not read;
 *  - one channel's folder of day files (the folder beside it, if it holds
 *    users.json, names the people);
 *  - one day file, when the manifest names it (channel = its folder's name;
 *    users.json is looked for beside that folder).
 *  users.json and the channel lists over 1 MiB are read entry by entry
 *  (jsonstream.h), and only the names are kept: a workspace of 100,000
 *  people writes a users.json of about 30 MB, whose tree was 250 MB.
 *
 * Mapping (README, "Formats"):
 *  - every message -> kind chat, type chat.message; subtype channel_join ->
 *    chat.join and channel_leave -> chat.leave, so "X has joined the channel"
 *    never counts as someone reporting the problem;
 *  - at = the message's "ts" (epoch seconds as text), never the day file's
 *    name: Slack splits day files on the workspace's local day, not UTC;
 *  - actor = users.json real_name, else profile.display_name, else name, else
 *    the message's own user_profile, else the user id. human = 0 for bots:
 *    users.json is_bot, a message with a bot_id or subtype bot_message (actor
 *    = the bot's "username", else bot_profile.name, else the bot id), and
 *    USLACKBOT. The person's zone (users.json "tz") is the attribute "tz", for
 *    their working hours in the recognition;
 *  - text: Slack's markup made readable: <@U123> -> @DisplayName, <@U123|name>
 *    -> @name, <#C123|general> -> #general (<#C123> -> the name channels.json
 *    gives), <https://x|label> -> "label (https://x)", <https://x> ->
 *    https://x, <!here> <!channel> <!everyone> -> @here @channel @everyone,
 *    <!subteam^S1|@team> -> @team, other <!cmd|fallback> -> fallback; then
 *    &lt; &gt; &amp; are unescaped. A "<" that opens none of these (hand-made
 *    exports) stays as written. An empty text falls back to the attachments'
 *    fallback texts (alert bots post only attachments), then to "[file: name]"
 *    for shared files. A NUL inside a text becomes U+FFFD and is counted;
 *  - source = "slack #<channel>"; origin = "<source path>/<channel>/<day
 *    file>:<line of the message object>" (the core makes it relative to the
 *    incident folder: "slack/inc-2041/2026-11-20.json:3"); attrs: channel,
 *    thread (thread_ts, when present), subtype (when present), edited (RFC
 *    3339 time of the last edit). The manifest's source name is not used:
 *    each channel is its own stream.
 *
 * Edits and deletions: an export holds each message once, with its current
 * text and an "edited" mark, so an edited message keeps its original time and
 * shows its edited text (attr "edited" says when). Records with "hidden": true
 * (message_changed, message_deleted, message_replied bookkeeping) repeat or
 * retract another record; they are skipped and counted as a warning, never
 * silently. A deleted thread parent arrives as subtype "tombstone" from
 * USLACKBOT and is kept like any bot message.
 *
 * Sniffing: a folder with users.json or channels.json and a channel folder
 * of day files scores 95; a folder of day files whose first one is clearly
 * Slack's scores 80 (one channel), 75 when its messages lack "type":
 * "message" (some tools re-export them so; the day files' names and Slack's
 * ts still mark the export); a file scores 85 when it is clearly a day file
 * (an array of objects with ts strings and "type": "message") named
 * YYYY-MM-DD.json, 75 under another name; with ts strings alone, 70 named as a
 * day file and 30 (below the threshold) otherwise, so other JSON importers
 * win what is not clearly Slack. Messages without "type" are read as messages.
 *
 * Errors: a day file, users.json or channels.json that is not valid JSON, or
 * whose top level is not an array, stops the source with "path:line:col:
 * message". A record that is not a message object, lacks "ts", or has a
 * field of the wrong type is a counted warning naming its line. */
#include "importer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

/* ---- sniffing: no heap of ours, no side effects ---- */

/* YYYY-MM-DD.json, the name Slack gives every day file. */
static int is_day_name(const char *s)
{
    static const char pat[] = "dddd-dd-dd.json";
    if (strlen(s) != sizeof(pat) - 1)
        return 0;
    for (size_t i = 0; pat[i]; i++) {
        if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
            return 0;
    }
    return 1;
}

/* 1 when head holds `"key": "` followed by what `pred` accepts up to the
 * closing quote, anywhere in the head. */
static int has_member(const char *head, size_t len, const char *key,
                      int (*pred)(const char *, size_t))
{
    size_t klen = strlen(key);
    for (const char *p = head; (p = rg_text_find(p, len - (size_t)(p - head), key)) != NULL;
         p += klen) {
        size_t i = rg_json_skip_space(head, len, (size_t)(p - head) + klen);
        if (i >= len || head[i] != ':')
            continue;
        i = rg_json_skip_space(head, len, i + 1);
        if (i >= len || head[i] != '"')
            continue;
        size_t start = ++i;
        while (i < len && head[i] != '"')
            i++;
        if (i < len && pred(head + start, i - start))
            return 1;
    }
    return 0;
}

/* A Slack ts: epoch seconds, a dot, six digits of sequence. */
static int ts_like(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i < 9 || i >= n || s[i] != '.')
        return 0;
    size_t j = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i == n && i > j;
}

static int is_message_word(const char *s, size_t n)
{
    return n == 7 && memcmp(s, "message", 7) == 0;
}

/* 2: clearly a Slack day file (an array of objects with ts strings and
 * "type": "message"); 1: an array of objects with ts strings only; 0: not. */
static int head_kind(const char *head, size_t len)
{
    size_t i = rg_json_start(head, len);
    if (i >= len || head[i] != '[')
        return 0;
    i = rg_json_skip_space(head, len, i + 1);
    if (i >= len || head[i] != '{')
        return 0;
    if (!has_member(head + i, len - i, "\"ts\"", ts_like))
        return 0;
    return has_member(head + i, len - i, "\"type\"", is_message_word) ? 2 : 1;
}

/* Copies the name of the first day file in dir into name (when not NULL). */
static int dir_has_day_file(const char *dir, char *name, size_t name_cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *de;
    int found = 0;
    while (!found && (de = readdir(d)) != NULL) {
        if (is_day_name(de->d_name)) {
            found = 1;
            if (name)
                snprintf(name, name_cap, "%s", de->d_name);
        }
    }
    closedir(d);
    return found;
}

static int is_dir_path(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *dir, const char *file)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof(p), "%s/%s", dir, file);
    return n > 0 && (size_t)n < sizeof(p) && access(p, R_OK) == 0;
}

static int sniff_dir(const char *path)
{
    char p[PATH_MAX];
    if (exists(path, "users.json") || exists(path, "channels.json")) {
        /* A workspace export: at least one channel folder of day files. */
        DIR *d = opendir(path);
        if (!d)
            return 0;
        struct dirent *de;
        int found = 0, seen = 0;
        while (!found && seen++ < 10000 && (de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.')
                continue;
            int n = snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
            if (n > 0 && (size_t)n < sizeof(p) && is_dir_path(p) && dir_has_day_file(p, NULL, 0))
                found = 1;
        }
        closedir(d);
        return found ? 95 : 0;
    }
    /* One channel's folder: its day files must look like Slack's. */
    char day[64];
    if (!dir_has_day_file(path, day, sizeof(day)))
        return 0;
    int n = snprintf(p, sizeof(p), "%s/%s", path, day);
    if (n <= 0 || (size_t)n >= sizeof(p))
        return 0;
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return 0;
    char head[4096];
    size_t len = 0;
    ssize_t got;
    while (len < sizeof(head) && (got = read(fd, head + len, sizeof(head) - len)) > 0)
        len += (size_t)got;
    close(fd);
    /* Messages re-exported without "type": "message" still sit in day files
     * named as Slack names them, with Slack's ts: that is the export's mark. */
    int k = head_kind(head, len);
    return k == 2 ? 80 : k == 1 ? 75 : 0;
}

/* A day file alone scores below the other JSON importers unless it is
 * clearly Slack's: an array of objects with ts strings and type "message". */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return sniff_dir(path);
    if (!head)
        return 0;
    int k = head_kind(head, head_len);
    if (k == 0)
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (k == 1)
        return is_day_name(base) ? 70 : 30;
    return is_day_name(base) ? 85 : 75;
}

/* ---- id -> name tables from users.json and channels.json ---- */

typedef struct name_entry {
    const char *id;   /* borrowed from a json_t kept alive during parse */
    const char *name; /* borrowed likewise */
    const char *tz;   /* users.json "tz" (IANA zone), or NULL; borrowed likewise */
    int is_bot;
} name_entry;

typedef struct name_map {
    name_entry *v;
    size_t n, cap;
} name_map;

static int map_add(name_map *m, const char *id, const char *name, const char *tz, int is_bot)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        name_entry *v = rg_realloc(m->v, cap * sizeof(*v));
        if (!v)
            return -1;
        m->v = v;
        m->cap = cap;
    }
    m->v[m->n].id = id;
    m->v[m->n].name = name;
    m->v[m->n].tz = tz;
    m->v[m->n].is_bot = is_bot;
    m->n++;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const name_entry *)a)->id, ((const name_entry *)b)->id);
}

static const name_entry *map_find(const name_map *m, const char *id, size_t id_len)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strncmp(m->v[mid].id, id, id_len);
        if (c == 0 && m->v[mid].id[id_len] != '\0')
            c = 1;
        if (c == 0)
            return &m->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- the parse ---- */

typedef struct ctx {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    name_map users, channels;
    rg_buf text;
} ctx;

/* Reads one JSON file that must hold a top-level array. Returns the document
 * (caller json_decref()s) and, when text_out is not NULL, the text (caller
 * rg_free()s); NULL with an error in diag. A missing optional file returns
 * NULL without an error and sets *absent. */
static json_t *load_array(ctx *c, const char *path, const char *what, int optional, int *absent,
                          char **text_out, size_t *len_out)
{
    if (absent)
        *absent = 0;
    if (optional && access(path, F_OK) != 0 && errno == ENOENT) {
        *absent = 1;
        return NULL;
    }
    size_t len;
    char *text = rg_read_file(path, &len, c->diag);
    if (!text)
        return NULL;
    /* One pasted NUL should cost one message a U+FFFD, not the whole export. */
    json_t *root = rg_json_parse(path, text, len, JSON_ALLOW_NUL | JSON_DECODE_ANY, c->diag);
    if (root && !json_is_array(root)) {
        long line, col;
        rg_json_top_loc(text, len, &line, &col);
        rg_diag_error(c->diag, path, line, col, "expected an array of %s, got %s", what,
                      rg_json_type_name(root));
        json_decref(root);
        root = NULL;
    }
    if (root && text_out) {
        *text_out = text;
        *len_out = len;
    } else {
        rg_free(text);
    }
    return root;
}

static const char *nonempty(const json_t *obj, const char *key)
{
    const char *s = rg_json_str(obj, key);
    return s && *s ? s : NULL;
}

/* real_name, else display_name, else name. The full name, not the short
 * display name Slack shows: a review is read outside the team, and the full
 * name is what the pager and the manifest's responders use, so one person
 * is one responder across sources. */
static const char *person_name(const json_t *u)
{
    const json_t *profile = json_object_get(u, "profile");
    const char *s = nonempty(u, "real_name");
    if (!s && json_is_object(profile))
        s = nonempty(profile, "real_name");
    if (!s && json_is_object(profile))
        s = nonempty(profile, "display_name");
    if (!s)
        s = nonempty(u, "display_name"); /* a message's own user_profile */
    if (!s)
        s = nonempty(u, "name");
    return s;
}

/* A users.json or channel list being read into its map. */
typedef struct names_rd {
    ctx *c;
    int users;
    name_map *m;
    rg_jsondocs docs;
} names_rd;

/* One entry into the map, its strings copied into the arena: the file is
 * read entry by entry when large (a workspace of tens of thousands of
 * people writes a users.json of hundreds of MB), and no tree is kept. */
static int name_add(void *vr, const json_t *v, size_t off)
{
    names_rd *r = vr;
    ctx *c = r->c;
    const char *id = rg_json_str(v, "id");
    if (!id) {
        rg_jsondocs_warn(&r->docs, off, "bad-record", "%s entry has no \"id\" string",
                         r->users ? "user" : "channel");
        return 0;
    }
    const char *name = r->users ? person_name(v) : nonempty(v, "name");
    if (!name)
        return 0; /* dms.json: no name; the id is shown */
    int bot = r->users && json_is_true(json_object_get(v, "is_bot"));
    /* Each person's zone, for their working hours in the recognition. */
    const char *tz = r->users ? nonempty(v, "tz") : NULL;
    const char *cid = rg_arena_strdup(c->a, id), *cname = rg_arena_strdup(c->a, name);
    const char *ctz = tz ? rg_arena_strdup(c->a, tz) : NULL;
    if (!cid || !cname || (tz && !ctz) || map_add(r->m, cid, cname, ctz, bot) < 0)
        return rg_diag_error(c->diag, r->docs.path, 0, 0, "out of memory");
    return 0;
}

/* Loads dir/file (users.json when users, else a channel list) into a map.
 * Absent files are fine; bad entries are warnings. */
static int load_names(ctx *c, const char *dir, const char *file, int users)
{
    const char *path = rg_arena_printf(c->a, "%s/%s", dir, file);
    if (!path)
        return rg_diag_error(c->diag, c->src->path, 0, 0, "out of memory");
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    names_rd r = {c, users, users ? &c->users : &c->channels, {0}};
    /* One pasted NUL should cost one name a U+FFFD, not the whole export. */
    r.docs.flags = JSON_ALLOW_NUL;
    int rc =
        rg_jsondocs_entries(&r.docs, path, c->diag, users ? "users" : "channels", name_add, &r);
    if (r.m->n)
        qsort(r.m->v, r.m->n, sizeof(*r.m->v), cmp_entry);
    return rc;
}

/* Appends s[0..n) with Slack's three entities unescaped and NUL bytes as
 * U+FFFD (counted: our strings end at NUL). */
static int put_plain(rg_buf *b, const char *s, size_t n, size_t *n_nul)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        size_t skip = 0;
        if (s[i] == '&') {
            if (n - i >= 4 && memcmp(s + i, "&lt;", 4) == 0)
                rep = "<", skip = 4;
            else if (n - i >= 4 && memcmp(s + i, "&gt;", 4) == 0)
                rep = ">", skip = 4;
            else if (n - i >= 5 && memcmp(s + i, "&amp;", 5) == 0)
                rep = "&", skip = 5;
        } else if (s[i] == '\0') {
            rep = "\xEF\xBF\xBD", skip = 1;
            (*n_nul)++;
        }
        if (!rep)
            continue;
        if (rg_buf_append(b, s + start, i - start) < 0 || rg_buf_puts(b, rep) < 0)
            return -1;
        i += skip - 1;
        start = i + 1;
    }
    return rg_buf_append(b, s + start, n - start);
}

/* A URL scheme ("https:", "mailto:") opens the token: that, @, # and ! are the
 * only things Slack writes between < and >. */
static int has_scheme(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n &&
           ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (i > 0 && ((s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.'))))
        i++;
    return i > 0 && i < n && s[i] == ':';
}

static int word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* One <...> token, without its brackets. */
static int put_token(ctx *c, const char *t, size_t n, size_t *n_nul)
{
    rg_buf *b = &c->text;
    const char *bar = memchr(t, '|', n);
    size_t head_len = bar ? (size_t)(bar - t) : n;
    const char *label = bar ? bar + 1 : NULL;
    size_t label_len = bar ? n - head_len - 1 : 0;
    if (t[0] == '@') {
        if (rg_buf_putc(b, '@') < 0)
            return -1;
        if (label && label_len)
            return put_plain(b, label, label_len, n_nul);
        const name_entry *u = map_find(&c->users, t + 1, head_len - 1);
        return u ? rg_buf_puts(b, u->name) : put_plain(b, t + 1, head_len - 1, n_nul);
    }
    if (t[0] == '#') {
        if (rg_buf_putc(b, '#') < 0)
            return -1;
        if (label && label_len)
            return put_plain(b, label, label_len, n_nul);
        const name_entry *ch = map_find(&c->channels, t + 1, head_len - 1);
        return ch ? rg_buf_puts(b, ch->name) : put_plain(b, t + 1, head_len - 1, n_nul);
    }
    if (t[0] == '!') {
        const char *cmd = t + 1;
        size_t cmd_len = head_len - 1;
        if (word_is(cmd, cmd_len, "here") || word_is(cmd, cmd_len, "channel") ||
            word_is(cmd, cmd_len, "everyone") || word_is(cmd, cmd_len, "group")) {
            if (rg_buf_putc(b, '@') < 0)
                return -1;
            return put_plain(b, cmd, cmd_len, n_nul);
        }
        if (label && label_len)
            return put_plain(b, label, label_len, n_nul);
        if (cmd_len > 8 && memcmp(cmd, "subteam^", 8) == 0) {
            if (rg_buf_putc(b, '@') < 0)
                return -1;
            return put_plain(b, cmd + 8, cmd_len - 8, n_nul);
        }
        return put_plain(b, cmd, cmd_len, n_nul);
    }
    /* A link. A label that only repeats the address adds nothing. */
    if (!label || label_len == 0 || (label_len == head_len && memcmp(label, t, head_len) == 0))
        return put_plain(b, t, head_len, n_nul);
    if (head_len == label_len + 7 && memcmp(t, "mailto:", 7) == 0 &&
        memcmp(t + 7, label, label_len) == 0)
        return put_plain(b, label, label_len, n_nul);
    if (put_plain(b, label, label_len, n_nul) < 0 || rg_buf_puts(b, " (") < 0 ||
        put_plain(b, t, head_len, n_nul) < 0)
        return -1;
    return rg_buf_putc(b, ')');
}

/* Appends the readable form of Slack's text s[0..n) to c->text. */
static int put_slack_text(ctx *c, const char *s, size_t n, size_t *n_nul)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<')
            continue;
        size_t j = i + 1;
        while (j < n && s[j] != '>' && s[j] != '<' && s[j] != '\n')
            j++;
        if (j >= n || s[j] != '>' || j == i + 1)
            continue;
        const char *t = s + i + 1;
        size_t tn = j - i - 1;
        if (t[0] != '@' && t[0] != '#' && t[0] != '!' && !has_scheme(t, tn))
            continue;
        if ((t[0] == '@' || t[0] == '#' || t[0] == '!') && tn == 1)
            continue;
        if (put_plain(&c->text, s + start, i - start, n_nul) < 0 || put_token(c, t, tn, n_nul) < 0)
            return -1;
        i = j;
        start = j + 1;
    }
    return put_plain(&c->text, s + start, n - start, n_nul);
}

/* Alert bots post everything in attachments; shared files may have no text. */
static int put_fallback_text(ctx *c, const json_t *msg, size_t *n_nul)
{
    static const char *const keys[] = {"fallback", "text", "title", "pretext"};
    const json_t *att = json_object_get(msg, "attachments");
    size_t i;
    const json_t *v;
    json_array_foreach(att, i, v)
    {
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const json_t *s = json_object_get(v, keys[k]);
            if (!json_is_string(s) || json_string_length(s) == 0)
                continue;
            if (c->text.len && rg_buf_putc(&c->text, '\n') < 0)
                return -1;
            if (put_slack_text(c, json_string_value(s), json_string_length(s), n_nul) < 0)
                return -1;
            break;
        }
    }
    if (c->text.len)
        return 0;
    const json_t *files = json_object_get(msg, "files");
    json_array_foreach(files, i, v)
    {
        const char *name = nonempty(v, "name");
        if (!name)
            name = nonempty(v, "title");
        if (!name)
            continue;
        if (rg_buf_printf(&c->text, "%s[file: %s]", c->text.len ? " " : "", name) < 0)
            return -1;
    }
    return 0;
}

/* Who wrote msg, and whether a person did; *tz gets their zone when
 * users.json gives one. */
static const char *author(ctx *c, const json_t *msg, const char *subtype, int *human,
                          const char **tz)
{
    const char *user = rg_json_str(msg, "user");
    const json_t *bot_id = json_object_get(msg, "bot_id");
    int bot = json_is_string(bot_id) || (subtype && strcmp(subtype, "bot_message") == 0) ||
              (user && strcmp(user, "USLACKBOT") == 0);
    const name_entry *u = user ? map_find(&c->users, user, strlen(user)) : NULL;
    if (u && u->is_bot)
        bot = 1;
    *human = !bot && user != NULL;
    *tz = u && !bot ? u->tz : NULL;
    if (bot) {
        const char *s = nonempty(msg, "username");
        const json_t *bp = json_object_get(msg, "bot_profile");
        if (!s && json_is_object(bp))
            s = nonempty(bp, "name");
        if (!s && u)
            s = u->name;
        if (!s && user && strcmp(user, "USLACKBOT") == 0)
            s = "Slackbot";
        if (!s && json_is_string(bot_id))
            s = json_string_value(bot_id);
        if (!s)
            s = user;
        return s;
    }
    if (u)
        return u->name;
    const json_t *up = json_object_get(msg, "user_profile");
    const char *s = json_is_object(up) ? person_name(up) : NULL;
    return s ? s : user;
}

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

/* Reads a Slack ts string into an instant with the source's clock offset. */
static int read_ts(const rg_source *src, const char *s, size_t n, int64_t *at_us)
{
    int64_t t;
    if (n == 0 || rg_time_epoch_text(s, n, 1, &t) != n)
        return -1;
    return add_offset(t, src->offset_us, at_us);
}

typedef struct day {
    const char *path;    /* openable; messages and origins name it */
    const char *channel; /* folder name */
    const char *source;  /* "slack #channel" */
} day;

static int message(ctx *c, const day *d, const json_t *msg, long line, long col)
{
    rg_diag *diag = c->diag;
#define WARN(key, ...) (rg_diag_warn(diag, d->path, line, col, key, __VA_ARGS__), 0)
    if (!json_is_object(msg))
        return WARN("bad-record", "expected a message object, got %s", rg_json_type_name(msg));
    const json_t *type = json_object_get(msg, "type");
    if (type && !json_is_string(type))
        return WARN("bad-record", "message \"type\" is %s, expected a string",
                    rg_json_type_name(type));
    if (type && strcmp(json_string_value(type), "message") != 0)
        return WARN("bad-record", "record of type '%s' is not a message and was skipped",
                    json_string_value(type));
    const json_t *st = json_object_get(msg, "subtype");
    if (st && !json_is_string(st) && !json_is_null(st))
        return WARN("bad-record", "message \"subtype\" is %s, expected a string",
                    rg_json_type_name(st));
    const char *subtype = json_is_string(st) ? json_string_value(st) : NULL;
    if (json_is_true(json_object_get(msg, "hidden")))
        return WARN("hidden",
                    "hidden record (subtype '%s') skipped: Slack keeps the current "
                    "text in the original message",
                    subtype ? subtype : "none");
    const json_t *ts = json_object_get(msg, "ts");
    if (!ts)
        return WARN("bad-record", "message has no \"ts\" and was skipped");
    if (!json_is_string(ts))
        return WARN("bad-record",
                    "message \"ts\" is %s, expected a string such as "
                    "\"1498401043.277604\"",
                    rg_json_type_name(ts));
    int64_t at_us;
    if (read_ts(c->src, json_string_value(ts), json_string_length(ts), &at_us) < 0)
        return WARN("bad-record", "unreadable message \"ts\" '%s'", json_string_value(ts));
    const json_t *user = json_object_get(msg, "user");
    if (user && !json_is_string(user) && !json_is_null(user))
        return WARN("bad-record", "message \"user\" is %s, expected a string",
                    rg_json_type_name(user));
    const json_t *text = json_object_get(msg, "text");
    if (text && !json_is_string(text) && !json_is_null(text))
        return WARN("bad-record", "message \"text\" is %s, expected a string",
                    rg_json_type_name(text));
#undef WARN

    size_t n_nul = 0;
    rg_buf_reset(&c->text);
    if (json_is_string(text) &&
        put_slack_text(c, json_string_value(text), json_string_length(text), &n_nul) < 0)
        goto oom;
    if (c->text.len == 0 && put_fallback_text(c, msg, &n_nul) < 0)
        goto oom;
    if (n_nul)
        rg_diag_warn(diag, d->path, line, col, "nul-in-text",
                     "message text holds %zu NUL byte(s), shown as U+FFFD", n_nul);

    int human;
    const char *tz;
    const char *actor = author(c, msg, subtype, &human, &tz);
    const char *ev_type = "chat.message";
    if (subtype && strcmp(subtype, "channel_join") == 0)
        ev_type = "chat.join";
    else if (subtype && strcmp(subtype, "channel_leave") == 0)
        ev_type = "chat.leave";
    /* The core may fold a bot's repeated message into its cluster: then no
     * event is built (importer.h). */
    rg_foldable f = {at_us,
                     ev_type,
                     c->text.data ? c->text.data : "",
                     c->text.len,
                     actor,
                     actor ? strlen(actor) : 0,
                     human,
                     line,
                     NULL,
                     0,
                     0,
                     0,
                     0};
    int keep = rg_sink_fold(c->sink, &f);
    if (keep <= 0)
        return keep;
    rg_arena *a = c->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        goto oom;
    ev->at_us = at_us;
    ev->kind = RG_KIND_CHAT;
    ev->type = ev_type;
    ev->source = d->source;
    ev->actor = actor ? rg_arena_strdup(a, actor) : NULL;
    ev->human = human;
    ev->text = rg_arena_strndup(a, c->text.data ? c->text.data : "", c->text.len);
    ev->origin = rg_origin(a, d->path, line);
    ev->time_text = rg_time_text(a, json_string_value(ts), json_string_length(ts), c->src, 0);
    if ((actor && !ev->actor) || !ev->text || !ev->origin || !ev->time_text)
        goto oom;
    /* A message is the channel's ts: the same export read twice, or two
     * overlapping exports, give it once (README, "Timeline"). */
    char ident[512];
    int ident_n = snprintf(ident, sizeof(ident), "%s\x1f%s", d->channel, json_string_value(ts));
    if (ident_n < 0 || (size_t)ident_n >= sizeof(ident))
        ident_n = 0; /* a name past 500 bytes: no identity, never folded */
    rg_event_identity(ev, ident, (size_t)ident_n);
    if (rg_event_attr(a, ev, "channel", d->channel) < 0)
        goto oom;
    const char *thread = rg_json_str(msg, "thread_ts");
    if (thread && rg_event_attr(a, ev, "thread", thread) < 0)
        goto oom;
    if (subtype && rg_event_attr(a, ev, "subtype", subtype) < 0)
        goto oom;
    if (tz && rg_event_attr(a, ev, "tz", tz) < 0)
        goto oom;
    const json_t *edited = json_object_get(msg, "edited");
    const char *edited_ts = json_is_object(edited) ? rg_json_str(edited, "ts") : NULL;
    int64_t edited_us;
    if (edited_ts && read_ts(c->src, edited_ts, strlen(edited_ts), &edited_us) == 0) {
        char buf[32];
        if (rg_event_attr(a, ev, "edited", rg_time_format(edited_us, buf)) < 0)
            goto oom;
    }
    return c->sink->emit(c->sink, ev);
oom:
    return rg_diag_error(diag, d->path, line, 0, "out of memory");
}

/* A day file read record by record (jsonstream.h), when it is larger than
 * rg_jsondocs_whole_max: each message alone in memory. */
typedef struct day_stream {
    ctx *c;
    const day *d;
    rg_jsondocs docs;
} day_stream;

static int day_element(void *vctx, const char *key, const json_t *env, const json_t *msg,
                       size_t off, size_t end)
{
    day_stream *ds = vctx;
    (void)key;
    (void)env;
    (void)off;
    (void)end;
    return message(ds->c, ds->d, msg, ds->docs.line0, ds->docs.col0) < 0 ? -1 : 0;
}

/* A whole document of a large day file that is not one streamed array. */
static int day_document(void *vctx, const json_t *root, size_t off, size_t end)
{
    day_stream *ds = vctx;
    rg_jsondocs *docs = &ds->docs;
    if (!json_is_array(root)) {
        long line, col;
        rg_line_col(docs->text, docs->len, off, &line, &col);
        if (off == rg_json_start(docs->text, docs->len))
            rg_json_top_loc(docs->text, docs->len, &line, &col);
        rg_jsondocs_fix(docs, &line, &col);
        return rg_diag_error(ds->c->diag, ds->d->path, line, col,
                             "expected an array of messages, got %s", rg_json_type_name(root));
    }
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(docs->text + off, end - off, NULL, &offs);
    rg_locator loc = {docs->text, docs->len, 0, 1};
    int rc = 0;
    size_t i;
    json_t *msg;
    json_array_foreach(root, i, msg)
    {
        long line = 0, col = 0;
        if (i < n_offs) {
            rg_locate(&loc, offs[i] + off, &line, &col);
            rg_jsondocs_fix(docs, &line, &col);
        }
        if (message(ds->c, ds->d, msg, line, col) < 0) {
            rc = -1;
            break;
        }
    }
    rg_free(offs);
    return rc;
}

static int day_file(ctx *c, const day *d)
{
    struct stat st;
    if (stat(d->path, &st) == 0 && (uint64_t)st.st_size > rg_jsondocs_whole_max) {
        day_stream ds = {c, d, {0}};
        ds.docs.flags = JSON_ALLOW_NUL; /* a pasted NUL costs one message a U+FFFD */
        const rg_jsondocs_ops ops = {NULL, day_document, day_element, NULL, 0, NULL};
        return rg_jsondocs_stream(&ds.docs, d->path, c->diag, &ops, &ds);
    }
    size_t len = 0;
    char *text = NULL;
    json_t *root = load_array(c, d->path, "messages", 0, NULL, &text, &len);
    if (!root)
        return -1;
    size_t *offs = NULL;
    size_t n_offs = rg_json_element_offsets(text, len, NULL, &offs);
    rg_locator loc = {text, len, 0, 1};
    int rc = 0;
    size_t i;
    json_t *msg;
    json_array_foreach(root, i, msg)
    {
        long line = 0, col = 0;
        if (i < n_offs)
            rg_locate(&loc, offs[i], &line, &col);
        if (message(c, d, msg, line, col) < 0) {
            rc = -1;
            break;
        }
    }
    rg_free(offs);
    rg_free(text);
    json_decref(root);
    return rc;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir: day files (want_dirs 0) or sub-folders (1). The array
 * and its strings are arena-owned. Returns 0, or -1 with an error. */
static int list_dir(ctx *c, const char *dir, int want_dirs, char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return rg_diag_error(c->diag, dir, 0, 0, "cannot read the folder: %s", strerror(errno));
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (want_dirs) {
            const char *p = rg_arena_printf(c->a, "%s/%s", dir, de->d_name);
            if (!p) {
                rc = rg_diag_error(c->diag, dir, 0, 0, "out of memory");
                break;
            }
            if (!is_dir_path(p))
                continue;
        } else if (!is_day_name(de->d_name)) {
            continue;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nv = rg_arena_alloc(c->a, nc * sizeof(*nv));
            if (!nv) {
                rc = rg_diag_error(c->diag, dir, 0, 0, "out of memory");
                break;
            }
            if (n)
                memcpy(nv, v, n * sizeof(*nv));
            v = nv;
            cap = nc;
        }
        if (!(v[n++] = rg_arena_strdup(c->a, de->d_name))) {
            rc = rg_diag_error(c->diag, dir, 0, 0, "out of memory");
            break;
        }
    }
    closedir(d);
    if (rc == 0 && n)
        qsort(v, n, sizeof(*v), cmp_names);
    *out = v;
    *n_out = n;
    return rc;
}

/* Reads the day files of one channel folder. */
static int channel(ctx *c, const char *dir, const char *name)
{
    char **files;
    size_t n;
    if (list_dir(c, dir, 0, &files, &n) < 0)
        return -1;
    day d;
    d.channel = name;
    d.source = rg_arena_printf(c->a, "slack #%s", name);
    if (!d.source)
        return rg_diag_error(c->diag, dir, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        d.path = rg_arena_printf(c->a, "%s/%s", dir, files[i]);
        if (!d.path)
            return rg_diag_error(c->diag, dir, 0, 0, "out of memory");
        if (day_file(c, &d) < 0)
            return -1;
    }
    return 0;
}

/* The last component of path, and the folder holding it ("." when none). */
static const char *base_name(rg_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    return rg_arena_strdup(a, s ? s + 1 : path);
}

static const char *dir_name(rg_arena *a, const char *path)
{
    const char *s = strrchr(path, '/');
    if (!s)
        return ".";
    if (s == path)
        return "/";
    return rg_arena_strndup(a, path, (size_t)(s - path));
}

static int load_people(ctx *c, const char *dir)
{
    if (!dir)
        return rg_diag_error(c->diag, c->src->path, 0, 0, "out of memory");
    if (load_names(c, dir, "users.json", 1) < 0 || load_names(c, dir, "channels.json", 0) < 0 ||
        load_names(c, dir, "groups.json", 0) < 0 || load_names(c, dir, "mpims.json", 0) < 0)
        return -1;
    return 0;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    ctx c;
    memset(&c, 0, sizeof(c));
    c.src = src;
    c.sink = sink;
    c.a = sink->arena;
    c.diag = sink->diag;
    int rc = -1;
    /* "slack/" and "slack" name the same folder. */
    size_t plen = strlen(src->path);
    while (plen > 1 && src->path[plen - 1] == '/')
        plen--;
    const char *root = rg_arena_strndup(c.a, src->path, plen);
    const char *root_name = root ? base_name(c.a, root) : NULL;
    if (!root_name) {
        rg_diag_error(c.diag, src->path, 0, 0, "out of memory");
        goto done;
    }
    struct stat st;
    if (stat(root, &st) != 0) {
        rg_diag_error(c.diag, src->path, 0, 0, "cannot read: %s", strerror(errno));
        goto done;
    }
    if (!S_ISDIR(st.st_mode)) {
        /* One day file: its folder is the channel, the folder above the export. */
        const char *chan_dir = dir_name(c.a, root);
        const char *chan = NULL, *export_dir = NULL;
        if (chan_dir && strcmp(chan_dir, ".") == 0) {
            char cwd[PATH_MAX];
            chan = getcwd(cwd, sizeof(cwd)) ? base_name(c.a, cwd) : "slack";
            export_dir = "..";
        } else if (chan_dir) {
            chan = base_name(c.a, chan_dir);
            export_dir = dir_name(c.a, chan_dir);
        }
        day d = {root, chan, chan ? rg_arena_printf(c.a, "slack #%s", chan) : NULL};
        if (!d.source || !export_dir) {
            rg_diag_error(c.diag, src->path, 0, 0, "out of memory");
            goto done;
        }
        if (load_people(&c, export_dir) < 0)
            goto done;
        rc = day_file(&c, &d);
        goto done;
    }
    if (dir_has_day_file(root, NULL, 0)) {
        /* One channel's folder. */
        if (load_people(&c, dir_name(c.a, root)) < 0)
            goto done;
        rc = channel(&c, root, root_name);
        goto done;
    }
    if (load_people(&c, root) < 0)
        goto done;
    char **dirs;
    size_t n_dirs, n_channels = 0;
    if (list_dir(&c, root, 1, &dirs, &n_dirs) < 0)
        goto done;
    for (size_t i = 0; i < n_dirs; i++) {
        const char *dir = rg_arena_printf(c.a, "%s/%s", root, dirs[i]);
        if (!dir) {
            rg_diag_error(c.diag, root, 0, 0, "out of memory");
            goto done;
        }
        if (!dir_has_day_file(dir, NULL, 0))
            continue;
        n_channels++;
        if (channel(&c, dir, dirs[i]) < 0)
            goto done;
    }
    if (n_channels == 0)
        rg_diag_warn(c.diag, root, 0, 0, "empty",
                     "no channel folder with day files (YYYY-MM-DD.json) was found");
    rc = 0;
done:
    rg_free(c.users.v);
    rg_free(c.channels.v);
    rg_buf_free(&c.text);
    return rc;
}

const rg_importer rg_importer_slack = {
    .name = "slack",
    .kind = RG_KIND_CHAT,
    .summary = "Slack workspace export: channel messages, joins, threads",
    .recognises = "a folder with users.json or channels.json and channel folders of "
                  "YYYY-MM-DD.json day files; one channel's folder; a day file of messages",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
