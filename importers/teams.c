/* teams.c -- Microsoft Teams messages, from Microsoft Graph (chatMessage
 * lists, camelCase) or a tenant export (TeamsDataExport, PascalCase), read
 * as chat events.
 *
 * What it reads:
 *  - a Graph response {"@odata.context", "value": [chatMessage, ...],
 *    "@odata.nextLink"} (one file per page or per channel), a bare array of
 *    chatMessage objects, or one chatMessage object; replies fetched with
 *    $expand=replies (a "replies" array in a message) are messages too;
 *  - the tenant export folder TeamsDataExport/: teams/teamsList.json (team
 *    names), teams/<teamId>/channels_<teamId>.json (channel names) and
 *    messages_<teamId>.json (the channels' messages), users/usersList.json
 *    (people's names) and users/<userId>/messages_<userId>.json (their
 *    chats). A messages_<id>.json file given alone finds the names beside it
 *    in that layout, when they are there.
 * Every field is looked up as Graph spells it (createdDateTime) and as the
 * export does (CreatedDateTime).
 *
 * Mapping (README, "Formats"):
 *  - at = createdDateTime (RFC 3339, with its offset); an edited message
 *    keeps it, and attr "edited" says when (lastEditedDateTime);
 *  - messageType "message" with a sender -> chat.message; actor =
 *    from.user.displayName (the person's full name in the directory), else
 *    the name usersList.json gives their id, else the id; a message from an
 *    application (bot, connector, workflow) is not human, its actor the
 *    application's name;
 *  - systemEventMessage, unknownFutureValue (what the export writes for
 *    them), any other type, and a message with no "from" -> not human: the
 *    eventDetail says what happened: members added or joined -> chat.join,
 *    members deleted or left -> chat.leave (actor the first member, text
 *    "<initiator> added <members>"); any other event -> kind note, type
 *    "note", its text the event in words ("call started"), "system event"
 *    when the export does not say; its actor the initiator, when named;
 *  - text = the body: HTML ("contentType": "html") through libxml2's HTML
 *    parser (importers/htmltext.h: entities decoded, <at> mentions as the
 *    name, <br>, paragraphs and list items as lines), text bodies as
 *    written; a subject (channel posts) comes first, on its own line; an
 *    empty body gives its attachments' names ("[file: name]");
 *  - deletedDateTime set -> skipped, and counted as warning "deleted": a
 *    deleted message has no text left to show;
 *  - source = "teams <team> #<channel>" (team and channel names from the
 *    export's lists; "teams #<channel>" without the team's), "teams #<first
 *    8 characters of the channel id>" when no list names the channel, and
 *    "teams chat <first 8 of the chat id>" for chats; attrs: channel (or
 *    chat), thread (replyToId), edited, importance (when not normal), event
 *    (the system event);
 *  - every message is offered to rg_sink_fold before its event is built: an
 *    application's repeated template may fold, a person's message never;
 *  - a messages file over rg_jsondocs_whole_max (1 MiB) is read message by
 *    message (jsonstream.h: the "value" list or a top-level array), so memory
 *    follows the largest message, not the file;
 *  - origin = path:line of the message object; identity = the channel (or
 *    chat) id and the message id, so a chat found in both people's folders of
 *    a tenant export, or two overlapping Graph pages, gives it once.
 *
 * Errors: a file that is not JSON, or whose top level is none of the shapes
 * above, stops the source with "path:line:col: message"; so does a names
 * list that is not an array. A message that is not an object, lacks
 * createdDateTime or has an unreadable one is a counted warning naming its
 * line; so is one whose "from", "body" or "body.content" has the wrong type
 * (skipped, never read as a system event or an empty text). A folder with no
 * messages file at all is a warning ("empty").
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it. */
#include "importer.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "htmltext.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"
#include "strmap.h"

/* ---- sniffing ---- */

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

/* A team's folder of the export: it holds messages_<its name>.json. */
static int team_dir_has_messages(const char *dir, const char *name)
{
    char file[NAME_MAX + 16];
    snprintf(file, sizeof(file), "messages_%s.json", name);
    return exists(dir, file);
}

/* TeamsDataExport/: teams/teamsList.json, users/usersList.json, or a team
 * folder teams/<id>/messages_<id>.json. */
static int sniff_dir(const char *path)
{
    char teams[PATH_MAX];
    int n = snprintf(teams, sizeof(teams), "%s/teams", path);
    if (n <= 0 || (size_t)n >= sizeof(teams))
        return 0;
    if (exists(teams, "teamsList.json") || exists(path, "users/usersList.json"))
        return 95;
    DIR *d = opendir(teams);
    if (!d)
        return 0;
    struct dirent *de;
    int found = 0, seen = 0;
    while (!found && seen++ < 1000 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char p[PATH_MAX];
        n = snprintf(p, sizeof(p), "%s/%s", teams, de->d_name);
        if (n > 0 && (size_t)n < sizeof(p) && team_dir_has_messages(p, de->d_name))
            found = 1;
    }
    closedir(d);
    return found ? 95 : 0;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    if (is_dir)
        return sniff_dir(path);
    int open = head ? rg_json_opening(head, head_len) : 0;
    if (!open)
        return 0;
    int graph = rg_text_has(head, head_len, "\"createdDateTime\"") &&
                rg_text_has(head, head_len, "\"messageType\"") &&
                rg_text_has(head, head_len, "\"body\"");
    int pascal = rg_text_has(head, head_len, "\"CreatedDateTime\"") &&
                 rg_text_has(head, head_len, "\"MessageType\"") &&
                 rg_text_has(head, head_len, "\"Body\"");
    if (open == '{' && rg_text_has(head, head_len, "\"@odata.context\"") &&
        (rg_text_has(head, head_len, "/messages") || rg_text_has(head, head_len, "chatMessage")))
        return 95;
    return graph || pascal ? 90 : 0;
}

/* ---- fields in either spelling ---- */

/* Member `camel` of o, or its PascalCase twin ("createdDateTime" or
 * "CreatedDateTime"). */
static const json_t *get(const json_t *o, const char *camel)
{
    const json_t *v = json_object_get(o, camel);
    if (v || !json_is_object(o))
        return v;
    char pascal[64];
    snprintf(pascal, sizeof(pascal), "%s", camel);
    pascal[0] = (char)toupper((unsigned char)pascal[0]);
    return json_object_get(o, pascal);
}

static const char *str(const json_t *o, const char *camel)
{
    const json_t *v = get(o, camel);
    return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

/* ---- the parse ---- */

typedef struct tm {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    rg_strmap users;    /* user id -> display name */
    rg_strmap teams;    /* team id -> name */
    rg_strmap channels; /* channel id -> display name */
    rg_strmap sources;  /* channel or chat id -> source name */
    rg_buf text, body, id;
    size_t n_files;
    rg_jsondocs docs;     /* a large file read message by message (jsonstream.h) */
    const char *doc_path; /* the file docs reads */
} tm;

typedef struct where {
    const char *path; /* the file the message is in */
    long line, col;
} where;

static int oom(tm *t, const char *path)
{
    return rg_diag_error(t->diag, path, 0, 0, "out of memory");
}

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

/* A person's name: the one the message gives, else the directory's. */
static const char *person(const tm *t, const json_t *identity)
{
    const char *name = str(identity, "displayName");
    if (name)
        return name;
    const char *id = str(identity, "id");
    const char *known = id ? rg_strmap_get(&t->users, id, strlen(id)) : NULL;
    return known ? known : NULL;
}

/* The short form of a Teams id: "19:lqdix95v...@thread.tacv2" -> "lqdix95v". */
static int put_short_id(rg_buf *b, const char *id)
{
    if (strncmp(id, "19:", 3) == 0)
        id += 3;
    size_t n = strcspn(id, "@");
    return rg_buf_append(b, id, n < 8 ? n : 8);
}

/* The stream a message belongs to, made once per channel or chat. */
static const char *source_of(tm *t, const char *team, const char *channel, const char *chat,
                             const char *path)
{
    const char *key = channel ? channel : chat ? chat : "";
    const char *s = rg_strmap_get(&t->sources, key, strlen(key));
    if (s)
        return s;
    rg_buf_reset(&t->body);
    const char *cname = channel ? rg_strmap_get(&t->channels, channel, strlen(channel)) : NULL;
    const char *tname = team ? rg_strmap_get(&t->teams, team, strlen(team)) : NULL;
    int rc;
    if (cname && tname)
        rc = rg_buf_printf(&t->body, "teams %s #%s", tname, cname);
    else if (cname)
        rc = rg_buf_printf(&t->body, "teams #%s", cname);
    else if (channel)
        rc = rg_buf_puts(&t->body, "teams #") < 0 ? -1 : put_short_id(&t->body, channel);
    else if (chat)
        rc = rg_buf_puts(&t->body, "teams chat ") < 0 ? -1 : put_short_id(&t->body, chat);
    else
        rc = rg_buf_puts(&t->body, "teams");
    if (rc < 0)
        return oom(t, path), NULL;
    s = rg_arena_strndup(t->a, t->body.data, t->body.len);
    if (!s || rg_strmap_put(&t->sources, key, strlen(key), (void *)s) < 0)
        return oom(t, path), NULL;
    return s;
}

/* "membersAdded" -> "members added". */
static int put_words(rg_buf *b, const char *s)
{
    for (; *s; s++) {
        if (isupper((unsigned char)*s) && b->len && rg_buf_putc(b, ' ') < 0)
            return -1;
        if (rg_buf_putc(b, (char)tolower((unsigned char)*s)) < 0)
            return -1;
    }
    return 0;
}

/* What a system event was: its name ("membersAdded") from Graph's
 * "@odata.type", or the export's one member that is not null. */
static const char *event_name(const json_t *detail, const json_t **sub, char *buf, size_t cap)
{
    *sub = NULL;
    if (!json_is_object(detail))
        return NULL;
    const char *odata = rg_json_str(detail, "@odata.type");
    if (odata) {
        const char *p = strrchr(odata, '.');
        p = p ? p + 1 : odata;
        const char *end = strstr(p, "EventMessageDetail");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        snprintf(buf, cap, "%.*s", (int)n, p);
        *sub = detail;
        return buf[0] ? buf : NULL;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)detail, key, v)
    {
        if (json_is_null(v) || strcmp(key, "EventType") == 0 || strcmp(key, "Initiator") == 0)
            continue;
        snprintf(buf, cap, "%s", key);
        buf[0] = (char)tolower((unsigned char)buf[0]);
        *sub = v;
        return buf;
    }
    return NULL;
}

/* The members an event names, ", "-joined into b; *first the first one's
 * name. Returns 0, -1 when out of memory. */
static int put_members(tm *t, rg_buf *b, const json_t *detail, const json_t *sub,
                       const char **first)
{
    const json_t *members = get(sub, "members");
    if (!json_is_array(members))
        members = get(detail, "members");
    *first = NULL;
    size_t i;
    const json_t *m;
    json_array_foreach(members, i, m)
    {
        const char *name = person(t, m);
        if (!name)
            name = str(m, "id");
        if (!name)
            continue;
        if (!*first)
            *first = name;
        if ((b->len && rg_buf_puts(b, ", ") < 0) || rg_buf_puts(b, name) < 0)
            return -1;
    }
    return 0;
}

/* The kind, type, actor and text of a system event message. */
static int system_event(tm *t, const json_t *msg, rg_kind *kind, const char **type,
                        const char **actor, char *name, size_t name_cap, const char **event)
{
    const json_t *detail = get(msg, "eventDetail");
    const json_t *sub;
    const char *ev = event_name(detail, &sub, name, name_cap);
    const json_t *init = get(detail, "initiator");
    const char *initiator = person(t, get(init, "user"));
    if (!initiator)
        initiator = str(get(init, "application"), "displayName");
    *event = ev;
    *kind = RG_KIND_NOTE;
    *type = "note";
    *actor = initiator;
    rg_buf_reset(&t->text);
    if (ev && (strcmp(ev, "membersAdded") == 0 || strcmp(ev, "membersJoined") == 0 ||
               strcmp(ev, "membersDeleted") == 0 || strcmp(ev, "membersLeft") == 0)) {
        int join = strcmp(ev, "membersAdded") == 0 || strcmp(ev, "membersJoined") == 0;
        int by_other = strcmp(ev, "membersAdded") == 0 || strcmp(ev, "membersDeleted") == 0;
        rg_buf_reset(&t->body);
        const char *first;
        if (put_members(t, &t->body, detail, sub, &first) < 0)
            return -1;
        *kind = RG_KIND_CHAT;
        *type = join ? "chat.join" : "chat.leave";
        *actor = first ? first : initiator;
        const char *who = t->body.data ? t->body.data : "";
        int rc =
            by_other && initiator
                ? rg_buf_printf(&t->text, "%s %s %s", initiator, join ? "added" : "removed", who)
                : rg_buf_printf(&t->text, "%s %s", who, join ? "joined" : "left");
        return rc;
    }
    if (ev)
        return put_words(&t->text, ev);
    return rg_buf_puts(&t->text, "system event");
}

/* The body as text, after the subject. */
static int message_text(tm *t, const json_t *msg)
{
    rg_buf_reset(&t->text);
    const char *subject = str(msg, "subject");
    if (subject) {
        size_t n = strlen(subject);
        while (n && (subject[n - 1] == ' ' || subject[n - 1] == '\t'))
            n--;
        if (rg_buf_append(&t->text, subject, n) < 0)
            return -1;
    }
    const json_t *body = get(msg, "body");
    const char *content = str(body, "content");
    const char *ctype = str(body, "contentType");
    if (content) {
        rg_buf_reset(&t->body);
        int rc = ctype && strcasecmp(ctype, "text") == 0
                     ? rg_buf_puts(&t->body, content)
                     : rg_html_text(&t->body, content, strlen(content));
        if (rc < 0)
            return -1;
        if (t->body.len && ((t->text.len && rg_buf_putc(&t->text, '\n') < 0) ||
                            rg_buf_append(&t->text, t->body.data, t->body.len) < 0))
            return -1;
    }
    if (t->text.len)
        return 0;
    size_t i;
    const json_t *v;
    json_array_foreach(get(msg, "attachments"), i, v)
    {
        const char *name = str(v, "name");
        if (name && rg_buf_printf(&t->text, "%s[file: %s]", t->text.len ? " " : "", name) < 0)
            return -1;
    }
    return 0;
}

static int message(tm *t, const json_t *msg, const where *w, int depth)
{
    const char *path = w->path;
#define WARN(key, ...) (rg_diag_warn(t->diag, path, w->line, w->col, key, __VA_ARGS__), 0)
    if (!json_is_object(msg))
        return WARN("bad-record", "message is %s, expected an object; skipped",
                    rg_json_type_name(msg));
    const char *deleted = str(msg, "deletedDateTime");
    if (deleted)
        return WARN("deleted", "message deleted at %s skipped: nothing of it is left to show",
                    deleted);
    const json_t *created = get(msg, "createdDateTime");
    if (!created || json_is_null(created))
        return WARN("no-time", "message has no \"createdDateTime\"; skipped");
    if (!json_is_string(created))
        return WARN("bad-time",
                    "message \"createdDateTime\" is %s, expected a time such as "
                    "\"2025-09-25T14:30:13.079+00:00\"; skipped",
                    rg_json_type_name(created));
    const char *ttext = json_string_value(created);
    rg_time_ctx ctx = {t->src->zone, t->src->ref_us};
    int64_t at;
    int flags;
    if (rg_time_parse(ttext, json_string_length(created), &ctx, &at, &flags) < 0 ||
        add_offset(at, t->src->offset_us, &at) < 0)
        return WARN("bad-time", "unreadable message \"createdDateTime\" '%s'; skipped", ttext);
    const json_t *from_v = get(msg, "from");
    if (from_v && !json_is_null(from_v) && !json_is_object(from_v))
        return WARN("bad-record", "message \"from\" is %s, expected an object; skipped",
                    rg_json_type_name(from_v));
    const json_t *body_v = get(msg, "body");
    if (body_v && !json_is_null(body_v) && !json_is_object(body_v))
        return WARN("bad-record", "message \"body\" is %s, expected an object; skipped",
                    rg_json_type_name(body_v));
    const json_t *content_v = get(body_v, "content");
    if (content_v && !json_is_null(content_v) && !json_is_string(content_v))
        return WARN("bad-record", "message \"body\".\"content\" is %s, expected a string; skipped",
                    rg_json_type_name(content_v));
#undef WARN
    if (!rg_sink_keep(t->sink, at))
        goto replies;
    const char *mtype = str(msg, "messageType");
    const json_t *from = get(msg, "from");
    const json_t *user = get(from, "user");
    const json_t *app = get(from, "application");
    int system = (mtype && strcmp(mtype, "message") != 0) || !json_is_object(from) ||
                 (!json_is_object(user) && !json_is_object(app));
    rg_kind kind = RG_KIND_CHAT;
    const char *type = "chat.message", *actor = NULL, *event = NULL;
    int human = 0;
    char evname[64];
    if (system) {
        if (system_event(t, msg, &kind, &type, &actor, evname, sizeof(evname), &event) < 0)
            return oom(t, path);
    } else {
        if (message_text(t, msg) < 0)
            return oom(t, path);
        if (json_is_object(user)) {
            actor = person(t, user);
            if (!actor)
                actor = str(user, "id");
            human = 1;
        } else {
            actor = str(app, "displayName");
        }
    }
    /* The core may fold an application's or a system event's repeated
     * message into its cluster: then no event is built (importer.h). A
     * person's message is never folded. */
    rg_foldable f = {at,
                     type,
                     t->text.data ? t->text.data : "",
                     t->text.len,
                     actor,
                     actor ? strlen(actor) : 0,
                     human,
                     w->line,
                     NULL,
                     0,
                     0,
                     0,
                     0};
    int keep = rg_sink_fold(t->sink, &f);
    if (keep < 0)
        return -1;
    if (keep == 0)
        goto replies;
    const json_t *ci = get(msg, "channelIdentity");
    const char *team = str(ci, "teamId"), *channel = str(ci, "channelId");
    const char *chat = str(msg, "chatId");
    const char *source = source_of(t, team, channel, chat, path);
    if (!source)
        return -1;

    rg_arena *a = t->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(t, path);
    ev->at_us = at;
    ev->kind = kind;
    ev->type = type;
    ev->source = source;
    ev->actor = actor ? rg_arena_strdup(a, actor) : NULL;
    ev->human = human;
    ev->text = rg_arena_strndup(a, t->text.data ? t->text.data : "", t->text.len);
    ev->origin = rg_origin(a, path, w->line);
    ev->time_text = rg_time_text(a, ttext, strlen(ttext), t->src, flags);
    if ((actor && !ev->actor) || !ev->text || !ev->origin || !ev->time_text)
        return oom(t, path);
    const char *id = str(msg, "id");
    if (id) {
        rg_buf_reset(&t->id);
        if (rg_buf_printf(&t->id, "%s\x1f%s", channel ? channel : chat ? chat : "", id) < 0)
            return oom(t, path);
        rg_event_identity(ev, t->id.data, t->id.len);
    }
    const char *cname = channel ? rg_strmap_get(&t->channels, channel, strlen(channel)) : NULL;
    const char *thread = str(msg, "replyToId");
    const char *importance = str(msg, "importance");
    if (importance && strcmp(importance, "normal") == 0)
        importance = NULL;
    if ((channel && rg_event_attr(a, ev, "channel", cname ? cname : channel) < 0) ||
        (!channel && chat && rg_event_attr(a, ev, "chat", chat) < 0) ||
        (thread && rg_event_attr(a, ev, "thread", thread) < 0) ||
        (importance && rg_event_attr(a, ev, "importance", importance) < 0) ||
        (system && rg_event_attr(a, ev, "event", event ? event : "unknown") < 0))
        return oom(t, path);
    const char *edited = str(msg, "lastEditedDateTime");
    int64_t edited_us;
    int eflags;
    if (edited && rg_time_parse(edited, strlen(edited), &ctx, &edited_us, &eflags) == 0 &&
        add_offset(edited_us, t->src->offset_us, &edited_us) == 0) {
        char buf[32];
        if (rg_event_attr(a, ev, "edited", rg_time_format(edited_us, buf)) < 0)
            return oom(t, path);
    }
    if (t->sink->emit(t->sink, ev) < 0)
        return -1;
replies:;
    /* Graph's $expand=replies: the thread's replies inside their root. */
    size_t i;
    const json_t *r;
    json_array_foreach(get(msg, "replies"), i, r)
    {
        if (depth < 4 && message(t, r, w, depth + 1) < 0)
            return -1;
    }
    return 0;
}

/* What a file of messages must be, and what it was instead. */
static int not_messages(tm *t, const char *path, const json_t *root, long line, long col)
{
    return rg_diag_error(t->diag, path, line, col,
                         "expected Microsoft Teams messages (a Graph list {\"value\": [...]}, an "
                         "array of chatMessage objects or one of them), got %s",
                         !json_is_object(root)            ? rg_json_type_name(root)
                         : json_object_get(root, "value") ? "an object whose \"value\" is not an "
                                                            "array"
                                                          : "an object without \"value\" or "
                                                            "\"createdDateTime\"");
}

/* One message of a large file read message by message (jsonstream.h): an
 * element of a top-level array or of a Graph list's "value". While it runs,
 * docs.line0/col0 are the message's place in the file. */
static int stream_element(void *ctx, const char *key, const json_t *env, const json_t *msg,
                          size_t off, size_t end)
{
    tm *t = ctx;
    (void)key;
    (void)env;
    (void)off;
    (void)end;
    where w = {t->doc_path, t->docs.line0, t->docs.col0};
    return message(t, msg, &w, 0) < 0 ? -1 : 0;
}

/* A large file that holds no streamed array: one chatMessage (with its
 * replies), or not messages at all. */
static int stream_document(void *ctx, const json_t *root, size_t off, size_t end)
{
    tm *t = ctx;
    (void)end;
    if (!json_is_object(root) && !json_is_array(root)) {
        /* a bare scalar (read whole): the error the whole-file parser gives */
        json_t *again = rg_json_parse(t->doc_path, t->docs.text, t->docs.len, 0, t->diag);
        if (!again)
            return -1;
        json_decref(again);
    }
    long line, col;
    rg_line_col(t->docs.text, t->docs.len, off, &line, &col);
    rg_jsondocs_fix(&t->docs, &line, &col);
    if (json_is_object(root) && !json_is_array(json_object_get(root, "value")) &&
        get(root, "createdDateTime")) {
        where w = {t->doc_path, line, col};
        return message(t, root, &w, 0) < 0 ? -1 : 0;
    }
    return not_messages(t, t->doc_path, root, line, col);
}

/* Reads one file of messages: a file over rg_jsondocs_whole_max message by
 * message, so memory follows the largest message, not the file (issue 11);
 * a smaller one whole, as it always was. */
static int messages_file(tm *t, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && (uint64_t)st.st_size > rg_jsondocs_whole_max) {
        static const char *const keys[] = {"value", NULL};
        const rg_jsondocs_ops ops = {keys, stream_document, stream_element, NULL, 0, NULL};
        t->n_files++;
        t->doc_path = path;
        memset(&t->docs, 0, sizeof(t->docs));
        t->docs.flags = JSON_ALLOW_NUL;
        t->docs.repair_nul = 1;
        return rg_jsondocs_stream(&t->docs, path, t->diag, &ops, t);
    }
    size_t len;
    char *text = rg_read_file(path, &len, t->diag);
    if (!text)
        return -1;
    t->n_files++;
    int rc = -1;
    json_t *root = rg_json_parse(path, text, len, JSON_ALLOW_NUL, t->diag);
    rg_json_offsets offs = {0};
    if (!root || rg_json_repair_nul(root, path, text, 0, len, 1, t->diag) != 0)
        goto done;
    long line, col;
    rg_json_top_loc(text, len, &line, &col);
    const json_t *list = NULL;
    if (json_is_array(root)) {
        list = root;
        rg_json_offsets_find(&offs, text, 0, len, NULL);
    } else if (json_is_object(root) && json_is_array(json_object_get(root, "value"))) {
        list = json_object_get(root, "value");
        rg_json_offsets_find(&offs, text, 0, len, "value");
    } else if (json_is_object(root) && get(root, "createdDateTime")) {
        where w = {path, line, col};
        rc = message(t, root, &w, 0);
        goto done;
    } else {
        not_messages(t, path, root, line, col);
        goto done;
    }
    rg_locator loc = {text, len, 0, 1};
    size_t i, off = 0;
    const json_t *msg;
    json_array_foreach(list, i, msg)
    {
        off = rg_json_offsets_take(&offs, off);
        where w = {path, 0, 0};
        rg_locate(&loc, off, &w.line, &w.col);
        if (message(t, msg, &w, 0) < 0)
            goto done;
    }
    rc = 0;
done:
    rg_json_offsets_free(&offs);
    json_decref(root);
    rg_free(text);
    return rc;
}

/* A names list being read into its map. */
typedef struct names_rd {
    tm *t;
    const char *path;
    rg_strmap *m;
    const char *id_key, *name_key;
} names_rd;

static int name_add(void *vr, const json_t *v, size_t off)
{
    names_rd *r = vr;
    (void)off;
    const char *id = str(v, r->id_key), *name = str(v, r->name_key);
    if (!id || !name)
        return 0;
    const char *copy = rg_arena_strdup(r->t->a, name);
    if (!copy || rg_strmap_put(r->m, id, strlen(id), (void *)copy) < 0)
        return oom(r->t, r->path);
    return 0;
}

/* Loads a names list (usersList.json, teamsList.json, channels_<id>.json)
 * into m: id_key -> name_key of each entry. A missing file is no error. One
 * over 1 MiB (a tenant of tens of thousands of people) is read entry by
 * entry (jsonstream.h): only the names are kept. */
static int names(tm *t, const char *path, rg_strmap *m, const char *id_key, const char *name_key)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    names_rd r = {t, path, m, id_key, name_key};
    memset(&t->docs, 0, sizeof(t->docs));
    return rg_jsondocs_entries(&t->docs, path, t->diag, "names", name_add, &r);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sub-folders of dir, sorted; arena-owned. */
static int subdirs(tm *t, const char *dir, char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0
                               : rg_diag_error(t->diag, dir, 0, 0, "cannot read the folder: %s",
                                               strerror(errno));
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        const char *p = rg_arena_printf(t->a, "%s/%s", dir, de->d_name);
        if (!p) {
            rc = oom(t, dir);
            break;
        }
        if (!is_dir_path(p))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nv = rg_arena_alloc(t->a, nc * sizeof(*nv));
            if (!nv) {
                rc = oom(t, dir);
                break;
            }
            if (n)
                memcpy(nv, v, n * sizeof(*nv));
            v = nv;
            cap = nc;
        }
        if (!(v[n++] = rg_arena_strdup(t->a, de->d_name))) {
            rc = oom(t, dir);
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

/* The messages of every team (channels) and every user (chats) in the
 * tenant export folder root. */
static int export_folder(tm *t, const char *root)
{
    const char *p;
    if (!(p = rg_arena_printf(t->a, "%s/users/usersList.json", root)) ||
        names(t, p, &t->users, "id", "displayName") < 0)
        return p ? -1 : oom(t, root);
    if (!(p = rg_arena_printf(t->a, "%s/teams/teamsList.json", root)) ||
        names(t, p, &t->teams, "groupsId", "name") < 0)
        return p ? -1 : oom(t, root);
    static const char *const parts[] = {"teams", "users"};
    for (size_t k = 0; k < 2; k++) {
        const char *dir = rg_arena_printf(t->a, "%s/%s", root, parts[k]);
        char **ids;
        size_t n;
        if (!dir)
            return oom(t, root);
        if (subdirs(t, dir, &ids, &n) < 0)
            return -1;
        for (size_t i = 0; i < n; i++) {
            const char *channels =
                rg_arena_printf(t->a, "%s/%s/channels_%s.json", dir, ids[i], ids[i]);
            const char *msgs = rg_arena_printf(t->a, "%s/%s/messages_%s.json", dir, ids[i], ids[i]);
            if (!channels || !msgs)
                return oom(t, root);
            if (names(t, channels, &t->channels, "id", "displayName") < 0)
                return -1;
            if (access(msgs, F_OK) == 0 && messages_file(t, msgs) < 0)
                return -1;
        }
    }
    if (t->n_files == 0)
        rg_diag_warn(t->diag, root, 0, 0, "empty",
                     "no messages_<id>.json file under teams/ or users/ was found");
    return 0;
}

/* A messages_<id>.json of the export given alone: the names beside it. */
static int names_beside(tm *t, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (strncmp(base, "messages_", 9) != 0)
        return 0;
    const char *dir = slash ? rg_arena_strndup(t->a, path, (size_t)(slash - path)) : ".";
    const char *channels = dir ? rg_arena_printf(t->a, "%s/channels_%s", dir, base + 9) : NULL;
    const char *teams = dir ? rg_arena_printf(t->a, "%s/../teamsList.json", dir) : NULL;
    const char *users = dir ? rg_arena_printf(t->a, "%s/../../users/usersList.json", dir) : NULL;
    if (!channels || !teams || !users)
        return oom(t, path);
    if (names(t, channels, &t->channels, "id", "displayName") < 0 ||
        names(t, teams, &t->teams, "groupsId", "name") < 0 ||
        names(t, users, &t->users, "id", "displayName") < 0)
        return -1;
    return 0;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    tm t;
    memset(&t, 0, sizeof(t));
    t.src = src;
    t.sink = sink;
    t.a = sink->arena;
    t.diag = sink->diag;
    rg_strmap_init(&t.users, t.a);
    rg_strmap_init(&t.teams, t.a);
    rg_strmap_init(&t.channels, t.a);
    rg_strmap_init(&t.sources, t.a);
    /* "TeamsDataExport/" and "TeamsDataExport" are the same folder. */
    size_t plen = strlen(src->path);
    while (plen > 1 && src->path[plen - 1] == '/')
        plen--;
    const char *path = rg_arena_strndup(t.a, src->path, plen);
    int rc;
    struct stat st;
    if (!path)
        rc = oom(&t, src->path);
    else if (stat(path, &st) != 0)
        rc = rg_diag_error(t.diag, src->path, 0, 0, "cannot read: %s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        rc = export_folder(&t, path);
    else
        rc = names_beside(&t, path) < 0 ? -1 : messages_file(&t, path);
    rg_strmap_free(&t.users);
    rg_strmap_free(&t.teams);
    rg_strmap_free(&t.channels);
    rg_strmap_free(&t.sources);
    rg_buf_free(&t.text);
    rg_buf_free(&t.body);
    rg_buf_free(&t.id);
    return rc;
}

const rg_importer rg_importer_teams = {
    .name = "teams",
    .kind = RG_KIND_CHAT,
    .summary = "Microsoft Teams: Graph chatMessage lists and the tenant export (TeamsDataExport)",
    .recognises = "Graph {\"value\": [chatMessage...]} or arrays of them (camelCase or "
                  "PascalCase); a TeamsDataExport folder (teams/, users/usersList.json)",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
