/* mattermost.c -- a Mattermost bulk export (`mmctl export`: one JSON object
 * per line), streamed record by record into chat events.
 *
 * What it reads: the lines of the bulk export format, in the order Mattermost
 * writes them: "version", then "scheme"/"emoji"/"role", "team", "channel",
 * "user" (and "bot"), "post", "direct_channel", "direct_post". Only one
 * record is in memory at a time (importers/linereader.h gives the lines,
 * jansson parses each), so a 100 MiB export costs the events it yields, not
 * its size. A record pretty-printed over several lines (one object written by
 * hand or by `jq`) is gathered until its braces close, then parsed.
 *
 * Mapping (README, "Formats"):
 *  - every "post" and "direct_post", and every reply nested in their
 *    "replies", is one event at its own "create_at" (epoch milliseconds):
 *    replies may be older than their root post, and the core sorts;
 *  - actor = the "user" line's "first_name last_name" (the person's full
 *    name, so one person is one responder across the chat, the pager and the
 *    manifest), else the username. A post whose user has no "user" line uses
 *    the username; that is no error;
 *  - kind chat, type chat.message, human 1, except:
 *    . system posts: "type" system_join_channel, system_join_team,
 *      system_add_to_channel, system_add_to_team -> chat.join;
 *      system_leave_channel, system_leave_team, system_remove_from_channel,
 *      system_remove_from_team -> chat.leave; the actor is the person who
 *      joined or left (props "addedUsername"/"removedUsername" when another
 *      person added or removed them); any other system_* type -> kind note,
 *      type "note". Exports that carry no "type" (older servers, the
 *      corpus's) write these as text: "harry joined the channel.", "ron added
 *      to the channel by harry.", "x left the team." are read the same way.
 *      None of them is human: the server wrote them, nobody typed them;
 *    . webhook and bot posts (props "from_webhook" or "from_bot" true or
 *      "true", or a user defined by a "bot" line) are not human; a webhook's
 *      "override_username" is its actor;
 *  - text = "message" as written (Mattermost Markdown); an empty message
 *    takes its props.attachments' fallback/text/title (alert bots post only
 *    attachments), else "[file: name]" for each attached file;
 *  - an edited post keeps its "create_at"; attr "edited" says when
 *    ("edit_at"). attrs: team, channel, thread (the root post's create_at, on
 *    a root that has replies and on its replies), post_type (when not empty),
 *    email (a human post's author's address from the "user" line, so
 *    recognition joins them to a pager that names them by it);
 *  - source = "mattermost ~<channel>", or "mattermost <team> ~<channel>" when
 *    two teams' channel lines use that name; direct posts are "mattermost
 *    direct <member>, <member>..." from "channel_members". The manifest's
 *    source name is not used: each channel is its own stream;
 *  - origin = the line the record starts on; time_text = create_at as written;
 *  - identity (README, "Timeline"): the channel (team and name, or the
 *    members), the user, create_at and the message, the fields Mattermost's
 *    own importer identifies a post by; a reply adds its own user, create_at
 *    and message to its root's. A post whose text was edited between two
 *    exports is therefore two records, never two posts one.
 *
 * Errors: a first record that is not a JSON object with a Mattermost "type"
 * stops the source ("path:line:col: message"): the file is not an export, or
 * is broken at its start; an empty file too. After that, a line that is not
 * JSON (warning "bad-json"), a record of the wrong shape, a post without
 * "user" or "create_at" ("bad-record", "no-time") and a record cut off by the
 * end of the file ("truncated") are counted warnings with their line (column
 * 1, the record's start, unless the JSON parser names the column); the rest
 * of the export is read. A field of the wrong type ("message" a number,
 * "create_at" an object, "user" a number) is a warning naming it, and the
 * post is skipped: it is never read as if the field were absent. Invalid
 * UTF-8 is repaired to U+FFFD (warning "utf8"), a JSON "\u0000" is shown as
 * U+FFFD (warning "nul"): our texts end at NUL, and would lose the rest. A
 * record is read whole however many replies its thread holds, up to 64 MiB
 * on one line or pretty-printed over several (RG_RECORD_MAX_LEN; a longer
 * one is skipped with warning "long-line" or "long-record"): memory follows
 * the largest record. */
#include "importer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "jsondocs.h"
#include "jsontree.h"
#include "jsonutil.h"
#include "linereader.h"
#include "strmap.h"

/* A record pretty-printed over more lines than this is not an export's: as
 * long as one on a single line may be (linereader.h). */
#define MAX_RECORD_BYTES RG_RECORD_MAX_LEN

/* ---- sniffing ---- */

static const char *const record_types[] = {
    "version",        "team",  "channel", "user", "bot",  "post", "direct_post",
    "direct_channel", "emoji", "scheme",  "role", "info", NULL};

static int known_type(const char *s, size_t n)
{
    for (size_t i = 0; record_types[i]; i++)
        if (strlen(record_types[i]) == n && memcmp(record_types[i], s, n) == 0)
            return 1;
    return 0;
}

/* The string value of the first member `"type"` of the object opening at
 * head[i]; 0 when there is none in the head. */
static int head_type(const char *head, size_t len, size_t i, const char **v, size_t *vn)
{
    const char *p = rg_text_find(head + i, len - i, "\"type\"");
    if (!p)
        return 0;
    size_t j = rg_json_skip_space(head, len, (size_t)(p - head) + 6);
    if (j >= len || head[j] != ':')
        return 0;
    j = rg_json_skip_space(head, len, j + 1);
    if (j >= len || head[j] != '"')
        return 0;
    size_t s = ++j;
    while (j < len && head[j] != '"' && head[j] != '\\')
        j++;
    if (j >= len || head[j] != '"')
        return 0;
    *v = head + s;
    *vn = j - s;
    return 1;
}

/* A version line first is Mattermost's own mark; another record type of the
 * format, with the member named after it ("type": "post", "post": {...}),
 * is nearly as sure (a part of an export, one pretty-printed record). */
static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head)
        return 0;
    size_t i = rg_json_start(head, head_len);
    if (i >= head_len || head[i] != '{')
        return 0;
    const char *v;
    size_t vn;
    if (!head_type(head, head_len, i, &v, &vn) || !known_type(v, vn))
        return 0;
    if (vn == 7 && memcmp(v, "version", 7) == 0)
        return rg_text_has(head, head_len, "\"version\":") ||
                       rg_text_has(head, head_len, "\"version\" :")
                   ? 95
                   : 0;
    char member[32];
    snprintf(member, sizeof(member), "\"%.*s\"", (int)vn, v);
    const char *m = rg_text_find(v + vn, head_len - (size_t)(v + vn - head), member);
    if (!m)
        return 0;
    size_t j = rg_json_skip_space(head, head_len, (size_t)(m - head) + vn + 2);
    if (j >= head_len || head[j] != ':')
        return 0;
    j = rg_json_skip_space(head, head_len, j + 1);
    return j < head_len && head[j] == '{' ? 90 : 0;
}

/* ---- the parse ---- */

typedef struct mm {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    rg_strmap users;    /* username -> full name (arena) */
    rg_strmap emails;   /* username -> e-mail address (arena) */
    rg_strmap bots;     /* username -> non-NULL */
    rg_strmap channels; /* channel name -> team of its first channel line, or `shared` */
    rg_strmap sources;  /* team \x1f channel, or \x1e members -> source name (arena) */
    /* The record being gathered over several lines, and its brace scanner. */
    rg_buf rec;
    long rec_line;
    int gathering, depth, in_string, escaped;
    rg_buf text, id, clean;
    unsigned long n_records; /* records parsed */
    long first_line;         /* first line that is not blank */
} mm;

static const char shared[] = "";

static int oom(mm *m, long line)
{
    return rg_diag_error(m->diag, m->src->path, line, 0, "out of memory");
}

/* The person behind a username: their full name when a user line gave one. */
static const char *person(const mm *m, const char *username)
{
    const char *name = rg_strmap_get(&m->users, username, strlen(username));
    return name ? name : username;
}

static int is_true(const json_t *v)
{
    return json_is_true(v) || (json_is_string(v) && strcmp(json_string_value(v), "true") == 0);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* The system message texts of servers that write no "type": "<who> joined
 * the channel.", "<who> added to the channel by <whom>.", ... Returns
 * "chat.join", "chat.leave" or NULL, and the person in who[0..*who_n). */
static const char *system_text(const char *msg, const char **who, size_t *who_n)
{
    static const char *const joins[] = {"joined the channel", "joined the team",
                                        "has joined the channel", "has joined the team", NULL};
    static const char *const leaves[] = {"left the channel",
                                         "left the team",
                                         "has left the channel",
                                         "has left the team",
                                         "removed from the channel",
                                         "removed from the team",
                                         "was removed from the channel",
                                         "was removed from the team",
                                         NULL};
    size_t n = strlen(msg);
    if (n && msg[n - 1] == '.')
        n--;
    const char *sp = memchr(msg, ' ', n);
    if (!sp || sp == msg)
        return NULL;
    *who = msg[0] == '@' ? msg + 1 : msg;
    *who_n = (size_t)(sp - *who);
    const char *rest = sp + 1;
    size_t rn = n - (size_t)(rest - msg);
    for (size_t i = 0; joins[i]; i++)
        if (strlen(joins[i]) == rn && memcmp(rest, joins[i], rn) == 0)
            return "chat.join";
    for (size_t i = 0; leaves[i]; i++)
        if (strlen(leaves[i]) == rn && memcmp(rest, leaves[i], rn) == 0)
            return "chat.leave";
    static const char *const added[] = {"added to the channel by ", "added to the team by ", NULL};
    for (size_t i = 0; added[i]; i++) {
        size_t an = strlen(added[i]);
        if (rn > an && memcmp(rest, added[i], an) == 0 && !memchr(rest + an, ' ', rn - an))
            return "chat.join";
    }
    return NULL;
}

/* A post's text: the message, else what its attachments say. */
static int post_text(mm *m, const char *message, const json_t *props, const json_t *files)
{
    rg_buf_reset(&m->text);
    if (message && *message)
        return rg_buf_puts(&m->text, message);
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(props, "attachments"), i, v)
    {
        static const char *const keys[] = {"fallback", "text", "title", "pretext", NULL};
        for (size_t k = 0; keys[k]; k++) {
            const char *s = rg_json_str(v, keys[k]);
            if (!s || !*s)
                continue;
            if ((m->text.len && rg_buf_putc(&m->text, '\n') < 0) || rg_buf_puts(&m->text, s) < 0)
                return -1;
            break;
        }
    }
    if (m->text.len)
        return 0;
    json_array_foreach(files, i, v)
    {
        const char *p = rg_json_str(v, "path");
        if (!p || !*p)
            continue;
        const char *base = strrchr(p, '/');
        if (rg_buf_printf(&m->text, "%s[file: %s]", m->text.len ? " " : "", base ? base + 1 : p) <
            0)
            return -1;
    }
    return 0;
}

/* What one post or reply is about to become. */
typedef struct post {
    const char *team, *channel; /* NULL for a direct post */
    const char *members;        /* ", "-joined, for a direct post */
    const char *source;
    const char *thread; /* root create_at as text, when the thread has replies */
    long line;
} post;

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

/* Emits one post or reply `o`; id_base is the identity so far (the root's,
 * for a reply), and m->id holds it extended with this record's fields on
 * return. Bad fields are warnings. */
static int one(mm *m, const post *p, const json_t *o, const char *what, size_t id_base)
{
    long line = p->line;
#define WARN(key, ...) (rg_diag_warn(m->diag, m->src->path, line, 1, key, __VA_ARGS__), 0)
    if (!json_is_object(o))
        return WARN("bad-record", "%s is %s, expected an object; skipped", what,
                    rg_json_type_name(o));
    const json_t *user = json_object_get(o, "user");
    if (user && !json_is_null(user) && !json_is_string(user))
        return WARN("bad-record", "%s \"user\" is %s, expected a string; skipped", what,
                    rg_json_type_name(user));
    if (!json_is_string(user) || json_string_length(user) == 0)
        return WARN("bad-record", "%s has no \"user\" string; skipped", what);
    const json_t *ca = json_object_get(o, "create_at");
    if (!ca || json_is_null(ca))
        return WARN("no-time", "%s has no \"create_at\"; skipped", what);
    if (!json_is_integer(ca) || json_integer_value(ca) <= 0)
        return WARN("bad-time",
                    "%s \"create_at\" is %s, expected epoch milliseconds such as 1553166657086; "
                    "skipped",
                    what, json_is_integer(ca) ? "not after 1970" : rg_json_type_name(ca));
    const json_t *msg = json_object_get(o, "message");
    if (msg && !json_is_string(msg) && !json_is_null(msg))
        return WARN("bad-record", "%s \"message\" is %s, expected a string; skipped", what,
                    rg_json_type_name(msg));
    const json_t *ty = json_object_get(o, "type");
    if (ty && !json_is_string(ty) && !json_is_null(ty))
        return WARN("bad-record", "%s \"type\" is %s, expected a string; skipped", what,
                    rg_json_type_name(ty));
#undef WARN
    int64_t ms = json_integer_value(ca), at;
    if (rg_time_epoch_int(ms, 1000, &at) < 0 || add_offset(at, m->src->offset_us, &at) < 0) {
        rg_diag_warn(m->diag, m->src->path, line, 1, "bad-time",
                     "%s \"create_at\" %lld is out of range; skipped", what, (long long)ms);
        return 0;
    }
    const char *username = json_string_value(user);
    const char *message = json_is_string(msg) ? json_string_value(msg) : "";
    const char *type = json_is_string(ty) ? json_string_value(ty) : "";
    const json_t *props = json_object_get(o, "props");

    /* The identity, whether or not the event is kept. */
    m->id.len = id_base;
    if (m->id.data)
        m->id.data[id_base] = '\0';
    if (rg_buf_printf(&m->id, "\x1f%s\x1f%lld\x1f", username, (long long)ms) < 0 ||
        rg_buf_puts(&m->id, message) < 0)
        return oom(m, line);
    if (!rg_sink_keep(m->sink, at))
        return 0;

    static const char *const join_types[] = {"system_join_channel", "system_join_team",
                                             "system_add_to_channel", "system_add_to_team", NULL};
    static const char *const leave_types[] = {"system_leave_channel", "system_leave_team",
                                              "system_remove_from_channel",
                                              "system_remove_from_team", NULL};
    rg_kind kind = RG_KIND_CHAT;
    const char *etype = "chat.message";
    int human = 1;
    const char *actor = NULL, *email = NULL;
    if (starts_with(type, "system_")) {
        human = 0;
        const char *who = NULL;
        if (in_list(type, join_types)) {
            etype = "chat.join";
            who = rg_json_str(props, "addedUsername");
        } else if (in_list(type, leave_types)) {
            etype = "chat.leave";
            who = rg_json_str(props, "removedUsername");
        } else {
            kind = RG_KIND_NOTE;
            etype = "note";
        }
        actor = person(m, who && *who ? who : username);
    } else {
        const char *who;
        size_t who_n;
        const char *st = *type ? NULL : system_text(message, &who, &who_n);
        if (st) {
            etype = st;
            human = 0;
            char name[256];
            if (who_n < sizeof(name)) {
                memcpy(name, who, who_n);
                name[who_n] = '\0';
                actor = rg_arena_strdup(m->a, person(m, name));
            } else {
                actor = rg_arena_strndup(m->a, who, who_n);
            }
            if (!actor)
                return oom(m, line);
        } else {
            int webhook = is_true(json_object_get(props, "from_webhook"));
            int bot = webhook || is_true(json_object_get(props, "from_bot")) ||
                      rg_strmap_get(&m->bots, username, strlen(username)) != NULL;
            human = !bot;
            const char *override = webhook ? rg_json_str(props, "override_username") : NULL;
            actor = override && *override ? override : person(m, username);
            if (human)
                email = rg_strmap_get(&m->emails, username, strlen(username));
        }
    }
    if (post_text(m, message, props, json_object_get(o, "attachments")) < 0)
        return oom(m, line);
    /* README, "Evidence of any size": a bot's messages of one template are
     * folded after the first few; a person's never are. */
    rg_foldable fo = {at,
                      etype,
                      m->text.data ? m->text.data : "",
                      m->text.len,
                      actor,
                      actor ? strlen(actor) : 0,
                      human,
                      line,
                      NULL,
                      0,
                      0,
                      0,
                      0};
    int keep = rg_sink_fold(m->sink, &fo);
    if (keep <= 0)
        return keep;

    rg_arena *a = m->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(m, line);
    char num[32];
    int num_n = snprintf(num, sizeof(num), "%lld", (long long)ms);
    ev->at_us = at;
    ev->kind = kind;
    ev->type = etype;
    ev->source = p->source;
    ev->actor = rg_arena_strdup(a, actor);
    ev->human = human;
    ev->text = rg_arena_strndup(a, m->text.data ? m->text.data : "", m->text.len);
    ev->origin = rg_origin(a, m->src->path, line);
    ev->time_text = rg_time_text(a, num, (size_t)num_n, m->src, 0);
    if (!ev->actor || !ev->text || !ev->origin || !ev->time_text)
        return oom(m, line);
    rg_event_identity(ev, m->id.data, m->id.len);
    if ((p->team && rg_event_attr(a, ev, "team", p->team) < 0) ||
        rg_event_attr(a, ev, "channel", p->channel ? p->channel : p->members) < 0 ||
        (p->thread && rg_event_attr(a, ev, "thread", p->thread) < 0) ||
        (*type && rg_event_attr(a, ev, "post_type", type) < 0) ||
        (email && rg_event_attr(a, ev, "email", email) < 0))
        return oom(m, line);
    const json_t *ea = json_object_get(o, "edit_at");
    int64_t edited;
    if (json_is_integer(ea) && json_integer_value(ea) > 0 &&
        rg_time_epoch_int(json_integer_value(ea), 1000, &edited) == 0 &&
        add_offset(edited, m->src->offset_us, &edited) == 0) {
        char buf[32];
        if (rg_event_attr(a, ev, "edited", rg_time_format(edited, buf)) < 0)
            return oom(m, line);
    }
    return m->sink->emit(m->sink, ev);
}

/* The stream a post belongs to, made once per channel. */
static const char *source_of(mm *m, const char *team, const char *channel, const char *members,
                             long line)
{
    rg_buf_reset(&m->clean);
    int rc = channel ? rg_buf_printf(&m->clean, "%s\x1f%s", team ? team : "", channel)
                     : rg_buf_printf(&m->clean, "\x1e%s", members);
    if (rc < 0)
        return oom(m, line), NULL;
    const char *s = rg_strmap_get(&m->sources, m->clean.data, m->clean.len);
    if (s)
        return s;
    const char *owner = channel ? rg_strmap_get(&m->channels, channel, strlen(channel)) : NULL;
    if (!channel)
        s = rg_arena_printf(m->a, "mattermost direct %s", members);
    else if (owner == shared && team && *team)
        s = rg_arena_printf(m->a, "mattermost %s ~%s", team, channel);
    else
        s = rg_arena_printf(m->a, "mattermost ~%s", channel);
    if (!s || rg_strmap_put(&m->sources, m->clean.data, m->clean.len, (void *)s) < 0)
        return oom(m, line), NULL;
    return s;
}

static int post_record(mm *m, const json_t *o, int direct, long line)
{
    const char *what = direct ? "direct_post" : "post";
    if (!json_is_object(o)) {
        rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                     "\"%s\" is %s, expected an object; skipped", what, rg_json_type_name(o));
        return 0;
    }
    post p = {NULL, NULL, NULL, NULL, NULL, line};
    rg_buf_reset(&m->id);
    if (direct) {
        const json_t *mem = json_object_get(o, "channel_members");
        if (!json_is_array(mem) || json_array_size(mem) == 0) {
            rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                         "direct_post has no \"channel_members\" array; skipped");
            return 0;
        }
        rg_buf_reset(&m->text);
        size_t i;
        const json_t *v;
        json_array_foreach(mem, i, v)
        {
            if (!json_is_string(v))
                continue;
            if ((m->text.len && rg_buf_puts(&m->text, ", ") < 0) ||
                rg_buf_puts(&m->text, json_string_value(v)) < 0)
                return oom(m, line);
        }
        p.members = rg_arena_strndup(m->a, m->text.data ? m->text.data : "", m->text.len);
        if (!p.members || rg_buf_printf(&m->id, "\x1e%s", p.members) < 0)
            return oom(m, line);
    } else {
        p.team = rg_json_str(o, "team");
        p.channel = rg_json_str(o, "channel");
        if (!p.channel || !*p.channel) {
            rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                         "post has no \"channel\" string; skipped");
            return 0;
        }
        if (p.team && !*p.team)
            p.team = NULL;
        if (rg_buf_printf(&m->id, "%s\x1f%s", p.team ? p.team : "", p.channel) < 0)
            return oom(m, line);
    }
    p.source = source_of(m, p.team, p.channel, p.members, line);
    if (!p.source)
        return -1;
    /* Borrowed strings of o stay valid while o is; the arena copies them
     * once per event (rg_event_attr). */
    const json_t *replies = json_object_get(o, "replies");
    if (replies && !json_is_array(replies) && !json_is_null(replies)) {
        rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                     "%s \"replies\" is %s, expected an array; the replies were skipped", what,
                     rg_json_type_name(replies));
        replies = NULL;
    }
    const json_t *ca = json_object_get(o, "create_at");
    char root_at[32];
    if (json_array_size(replies) && json_is_integer(ca)) {
        snprintf(root_at, sizeof(root_at), "%lld", (long long)json_integer_value(ca));
        p.thread = root_at;
    }
    size_t base = m->id.len;
    if (one(m, &p, o, what, base) < 0)
        return -1;
    /* A reply's identity is its root's plus its own fields. */
    size_t root_len = m->id.len;
    size_t i;
    const json_t *r;
    json_array_foreach(replies, i, r)
    {
        m->id.len = root_len;
        m->id.data[root_len] = '\0';
        if (rg_buf_puts(&m->id, "\x1freply") < 0)
            return oom(m, line);
        if (one(m, &p, r, "reply", m->id.len) < 0)
            return -1;
    }
    return 0;
}

static int user_record(mm *m, const json_t *u, int bot, long line)
{
    const char *username = rg_json_str(u, "username");
    if (!json_is_object(u) || !username || !*username) {
        rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                     "%s record has no \"username\" string; skipped", bot ? "bot" : "user");
        return 0;
    }
    const char *name = NULL;
    if (bot) {
        const char *d = rg_json_str(u, "display_name");
        name = d && *d ? rg_arena_strdup(m->a, d) : NULL;
        if ((d && *d && !name) ||
            rg_strmap_put(&m->bots, username, strlen(username), (void *)shared) < 0)
            return oom(m, line);
    } else {
        /* the address joins the person to a pager that names them by it
         * (Opsgenie's log names users by their e-mail login) */
        const char *email = rg_json_str(u, "email");
        if (email && *email) {
            const char *e = rg_arena_strdup(m->a, email);
            if (!e || rg_strmap_put(&m->emails, username, strlen(username), (void *)e) < 0)
                return oom(m, line);
        }
        const char *first = rg_json_str(u, "first_name"), *last = rg_json_str(u, "last_name");
        first = first ? first : "";
        last = last ? last : "";
        if (!*first && !*last)
            return 0; /* the username is the name */
        name = rg_arena_printf(m->a, "%s%s%s", first, *first && *last ? " " : "", last);
        if (!name)
            return oom(m, line);
    }
    if (name && rg_strmap_put(&m->users, username, strlen(username), (void *)name) < 0)
        return oom(m, line);
    return 0;
}

static int channel_record(mm *m, const json_t *c, long line)
{
    const char *name = rg_json_str(c, "name"), *team = rg_json_str(c, "team");
    if (!name || !*name) {
        rg_diag_warn(m->diag, m->src->path, line, 1, "bad-record",
                     "channel record has no \"name\" string; skipped");
        return 0;
    }
    team = team ? team : "";
    const char *had = rg_strmap_get(&m->channels, name, strlen(name));
    const char *now = had && had != shared && strcmp(had, team) != 0 ? shared
                      : had                                          ? had
                                                                     : rg_arena_strdup(m->a, team);
    if (!now || rg_strmap_put(&m->channels, name, strlen(name), (void *)now) < 0)
        return oom(m, line);
    return 0;
}

/* What a broken record is called, as rg_json_parse words it. */
static void json_problem(const json_error_t *err, char *buf, size_t cap)
{
    const char *msg = err->text;
    if (json_error_code(err) == json_error_premature_end_of_input)
        snprintf(buf, cap, "unexpected end of file (truncated?): %s", msg);
    else if (json_error_code(err) == json_error_invalid_utf8)
        snprintf(buf, cap, "not valid UTF-8 (%s)", msg);
    else
        snprintf(buf, cap, "%s", msg);
}

/* A record that cannot be read: the source's error when nothing was read
 * before it (the file is not an export, or broken from its start), else a
 * counted warning. */
static int bad(mm *m, const char *key, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad(mm *m, const char *key, long line, long col, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (m->n_records == 0)
        return rg_diag_error(m->diag, m->src->path, line, col, "%s", msg);
    rg_diag_warn(m->diag, m->src->path, line, col, key, "%s; skipped", msg);
    return 0;
}

static int record(mm *m, const json_t *root, long line)
{
    if (!json_is_object(root))
        return bad(m, "bad-record", line, 1,
                   "expected a Mattermost bulk export record (an object with a \"type\"), got %s",
                   rg_json_type_name(root));
    const char *type = rg_json_str(root, "type");
    if (!type)
        return bad(m, "bad-record", line, 1,
                   "record has no \"type\" string (\"version\", \"post\", ...)");
    if (!known_type(type, strlen(type))) {
        if (m->n_records == 0)
            return bad(m, "bad-record", line, 1,
                       "expected a Mattermost bulk export record, got \"type\" '%s'", type);
        rg_diag_warn(m->diag, m->src->path, line, 1, "unknown-record",
                     "record of type '%s' is not read", type);
        m->n_records++;
        return 0;
    }
    m->n_records++;
    const json_t *body = json_object_get(root, type);
    if (strcmp(type, "user") == 0)
        return user_record(m, body, 0, line);
    if (strcmp(type, "bot") == 0)
        return user_record(m, body, 1, line);
    if (strcmp(type, "channel") == 0)
        return channel_record(m, body, line);
    if (strcmp(type, "post") == 0)
        return post_record(m, body, 0, line);
    if (strcmp(type, "direct_post") == 0)
        return post_record(m, body, 1, line);
    return 0; /* version, team, emoji, ...: nothing that happened */
}

/* Parses text[0..len), which starts on line `line`, as one record. *partial
 * is set when the text ends inside the record (more lines may complete it). */
static int parse_record(mm *m, const char *text, size_t len, long line, int *partial)
{
    json_error_t err;
    *partial = 0;
    json_t *root = rg_json_loadb(text, len, JSON_ALLOW_NUL, &err);
    if (!root && json_error_code(&err) == json_error_invalid_utf8) {
        /* Repaired, counted, and read: one bad byte costs one character. */
        size_t n_bad = 0;
        char *clean = rg_utf8_clean(m->a, text, len, &n_bad);
        if (!clean)
            return oom(m, line);
        rg_diag_warn(m->diag, m->src->path, line, 1, "utf8",
                     "invalid UTF-8 replaced by U+FFFD (%zu byte(s))", n_bad);
        root = rg_json_loadb(clean, strlen(clean), JSON_ALLOW_NUL, &err);
    }
    if (!root) {
        if (json_error_code(&err) == json_error_out_of_memory)
            return oom(m, line);
        if (json_error_code(&err) == json_error_premature_end_of_input) {
            *partial = 1;
            return 0;
        }
        char msg[300];
        json_problem(&err, msg, sizeof(msg));
        return bad(m, "bad-json", line + (err.line > 0 ? err.line - 1 : 0),
                   err.column > 0 ? err.column : 1, "%s", msg);
    }
    if (rg_json_repair_nul(root, m->src->path, text, 0, len, line, m->diag) != 0) {
        json_decref(root);
        return -1;
    }
    int rc = record(m, root, line);
    json_decref(root);
    return rc;
}

/* Follows the braces of a record written over several lines, outside its
 * strings, so it is parsed once, when it closes. */
static void scan(mm *m, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (m->in_string) {
            if (m->escaped)
                m->escaped = 0;
            else if (c == '\\')
                m->escaped = 1;
            else if (c == '"')
                m->in_string = 0;
        } else if (c == '"') {
            m->in_string = 1;
        } else if (c == '{' || c == '[') {
            m->depth++;
        } else if (c == '}' || c == ']') {
            m->depth--;
        }
    }
}

static int gather(mm *m, const char *s, size_t n, long line)
{
    if (m->rec.len + n + 1 > MAX_RECORD_BYTES) {
        m->gathering = 0;
        return bad(m, "long-record", m->rec_line, 1, "record is longer than %zu MiB",
                   MAX_RECORD_BYTES >> 20);
    }
    if (rg_buf_append(&m->rec, s, n) < 0 || rg_buf_putc(&m->rec, '\n') < 0)
        return oom(m, line);
    scan(m, s, n);
    if (m->depth > 0)
        return 0;
    m->gathering = 0;
    int partial;
    if (parse_record(m, m->rec.data, m->rec.len, m->rec_line, &partial) < 0)
        return -1;
    if (partial) /* the braces closed, jansson disagrees: not JSON */
        return bad(m, "bad-json", m->rec_line, 1, "record is not valid JSON");
    return 0;
}

static int line_of(mm *m, const char *s, size_t n, long line, int cut)
{
    if (m->gathering) {
        /* A string does not go on over a line break, and a record does not
         * start inside another: the record gathered so far is broken, and
         * this line is read afresh. */
        if (!m->in_string && !(n && s[0] == '{')) {
            if (!cut)
                return gather(m, s, n, line);
            m->gathering = 0;
            return bad(m, "long-line", line, 1, "line is longer than %zu MiB",
                       RG_RECORD_MAX_LEN >> 20);
        }
        m->gathering = 0;
        if (bad(m, "bad-json", m->rec_line, 1, "record is not valid JSON (it never closes)") < 0)
            return -1;
    }
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || rg_is_blank(s + i, n - i))
        return 0;
    if (!m->first_line)
        m->first_line = line;
    if (cut)
        return bad(m, "long-line", line, 1, "line is longer than %zu MiB", RG_RECORD_MAX_LEN >> 20);
    if (s[i] != '{') {
        size_t e = i;
        while (e < n && e - i < 20)
            e++;
        return bad(m, "bad-record", line, (long)i + 1,
                   "expected a JSON object (a Mattermost bulk export record), found '%.*s'",
                   (int)(e - i), s + i);
    }
    int partial;
    if (parse_record(m, s, n, line, &partial) < 0)
        return -1;
    if (!partial)
        return 0;
    /* The record goes on over the next lines. */
    m->gathering = 1;
    m->rec_line = line;
    m->depth = m->in_string = m->escaped = 0;
    rg_buf_reset(&m->rec);
    return gather(m, s, n, line);
}

static int parse(const rg_source *src, rg_sink *sink)
{
    mm m;
    memset(&m, 0, sizeof(m));
    m.src = src;
    m.sink = sink;
    m.a = sink->arena;
    m.diag = sink->diag;
    rg_strmap_init(&m.users, m.a);
    rg_strmap_init(&m.emails, m.a);
    rg_strmap_init(&m.bots, m.a);
    rg_strmap_init(&m.channels, m.a);
    rg_strmap_init(&m.sources, m.a);
    rg_linereader r;
    int rc = -1;
    if (rg_linereader_open(&r, src->path, sink) != 0)
        goto done;
    rg_linereader_whole_records(&r, RG_RECORD_MAX_LEN);
    const char *line;
    size_t len;
    int cut, got;
    while ((got = rg_linereader_next(&r, &line, &len, &cut)) == 1)
        if (line_of(&m, line, len, r.line, cut) != 0)
            goto done;
    if (got < 0)
        goto done;
    rg_linereader_finish(&r);
    if (m.gathering) {
        /* Cut off by the end of the file: what jansson says about it. */
        json_error_t err;
        size_t n = m.rec.len;
        while (n && m.rec.data[n - 1] == '\n')
            n--; /* the line break is ours, not the file's */
        json_t *root = json_loadb(m.rec.data, n, JSON_ALLOW_NUL, &err);
        json_decref(root);
        char msg[300];
        json_problem(&err, msg, sizeof(msg));
        long l = m.rec_line + (err.line > 0 ? err.line - 1 : 0);
        if (m.n_records == 0) {
            rg_diag_error(m.diag, src->path, l, err.column > 0 ? err.column : 1, "%s", msg);
            goto done;
        }
        rg_diag_warn(m.diag, src->path, m.rec_line, 1, "truncated",
                     "the record starting here is cut off by the end of the file "
                     "(truncated export?); skipped");
    }
    if (!m.first_line) {
        rg_diag_error(m.diag, src->path, 0, 0,
                      "file is empty, expected Mattermost bulk export lines");
        goto done;
    }
    rc = 0;
done:
    rg_linereader_close(&r);
    rg_strmap_free(&m.users);
    rg_strmap_free(&m.emails);
    rg_strmap_free(&m.bots);
    rg_strmap_free(&m.channels);
    rg_strmap_free(&m.sources);
    rg_buf_free(&m.rec);
    rg_buf_free(&m.text);
    rg_buf_free(&m.id);
    rg_buf_free(&m.clean);
    return rc;
}

const rg_importer rg_importer_mattermost = {
    .name = "mattermost",
    .kind = RG_KIND_CHAT,
    .summary = "Mattermost bulk export (mmctl export, JSON lines): posts, replies, joins",
    .recognises = "JSON lines of {\"type\": \"version\"|\"post\"|\"user\"|..., <type>: {...}} "
                  "records",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
