/* telegram.c -- a Telegram Desktop export (result.json: one chat, or a whole
 * account's chats) read as chat events.
 *
 * What it reads: the machine-readable JSON that Telegram Desktop's "Export
 * chat history" writes: {"name", "type", "id", "messages": [...]} for one
 * chat, or {"about", "personal_information", ..., "chats": {"list": [<chat>,
 * ...]}, "left_chats": {"list": [...]}} for an account. The exporter writes
 * control characters as "\xNN" inside strings, which is not JSON: each is
 * repaired to "\u00NN" before parsing and counted in one warning
 * ("bad-escape", "repaired N invalid \x escapes"), never an error.
 *
 * Mapping (README, "Formats"):
 *  - at = "date_unixtime" (epoch seconds as a string) when present, else
 *    "date", the exporting machine's local time with no offset, read in the
 *    source's zone (time_text says which zone was assumed). A local time that
 *    does not exist or happens twice at a daylight-saving change is warned
 *    ("dst-gap", "dst-overlap"): the first reading is taken, as the time
 *    parser documents;
 *  - "type": "message" -> kind chat, type chat.message, human, actor "from"
 *    (the sender's name as Telegram shows it, first and last), else
 *    "from_id"; text = "text" as written: a string, or an array of strings
 *    and entity objects ({"type", "text"}) joined. An empty text with media
 *    says what was sent: "[photo]", "[file: name]", "[sticker 😀]",
 *    "[voice message]", "[poll: question]", ...;
 *  - "type": "service" -> not human, actor "actor" (else "actor_id"):
 *    action invite_members, join_group_by_link, join_group_by_request ->
 *    chat.join ("invited A, B"); remove_members -> chat.leave; any other
 *    action (pin_message, phone_call, group_call, edit_group_title,
 *    joined_telegram, ...) -> kind note, type "note", text the action in words;
 *  - source = "telegram <chat name>" ("telegram Saved Messages"; "telegram
 *    <type> <id>" for a chat without a name); attrs: chat, reply_to
 *    (reply_to_message_id), action (service messages), edited (UTC);
 *  - origin = path:line of the message object; identity = the chat id and
 *    the message id (ids are per chat), so a chat exported twice, or in one
 *    chat export and one account export, gives each message once;
 *  - in a chat with a bot ("type": "bot_chat", whose "id" is the bot's user
 *    id) the bot's messages ("from_id": "user<id>") are not human; every
 *    message is offered to rg_sink_fold before its event is built, so a
 *    bot's repeated template folds and a person's message never does.
 *
 * A file over rg_jsondocs_whole_max (1 MiB) holding one chat is read message
 * by message (jsonstream.h), its "\xNN" escapes repaired as the bytes are
 * read (unx_read), so memory follows the largest message; the chat's name,
 * type and id are its members wherever they are written. An account export
 * is read chat by chat and message by message ("chats.list[].messages",
 * then "left_chats.list[].messages", as the whole read reads them, whichever
 * comes first in the file); a chat export's own "messages" win over an
 * account's "chats" beside them, which are walked for their errors only.
 *
 * Errors: text that is not JSON (after the escape repair), a top level that
 * is not an object, or one with neither "messages" nor "chats" stops the
 * source with "path:line:col: message". A message that is not an object,
 * has no time or an unreadable one, a "date_unixtime" that is not a string,
 * or a "text" or "from" of the wrong type is a counted warning naming its
 * line (skipped); so is a chat without a "messages" array.
 * Bytes that are not UTF-8 stop the source at their line and column (JSON
 * text is UTF-8; "save the file as UTF-8"); a JSON "\u0000" inside a text is
 * shown as U+FFFD and counted (warning "nul"), since our texts end at NUL and
 * would lose what follows. Markup in texts is kept as written: the
 * renderers escape it. */
#include "importer.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

/* ---- sniffing ---- */

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    static const char *const chat_types[] = {
        "\"personal_chat\"",      "\"bot_chat\"",          "\"private_group\"",
        "\"private_supergroup\"", "\"public_supergroup\"", "\"private_channel\"",
        "\"public_channel\"",     "\"saved_messages\"",    NULL};
    int messages = rg_text_has(head, head_len, "\"messages\"");
    if (messages) {
        for (size_t i = 0; chat_types[i]; i++)
            if (rg_text_has(head, head_len, chat_types[i]))
                return 95;
        if (rg_text_has(head, head_len, "\"date_unixtime\"") ||
            rg_text_has(head, head_len, "\"text_entities\"") ||
            rg_text_has(head, head_len, "\"from_id\""))
            return 90;
    }
    /* A whole account: the head is its "about" and personal information. */
    if (rg_text_has(head, head_len, "\"personal_information\"") ||
        (rg_text_has(head, head_len, "\"chats\"") && rg_text_has(head, head_len, "\"about\"")))
        return 90;
    return 0;
}

/* ---- the exporter's "\xNN" escapes ---- */

static int hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Counts the "\xNN" escapes inside strings of s[0..n) (the first at
 * *first), and, when out is not NULL, writes s with each one as "\u00NN"
 * (out needs n + 2 * count + 1 bytes). Escaped backslashes are skipped, so
 * "C:\\xfiles" is left alone. */
static size_t repair(const char *s, size_t n, char *out, size_t *first)
{
    size_t count = 0, o = 0;
    int in_string = 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (in_string && c == '\\' && i + 1 < n) {
            if (s[i + 1] == 'x' && i + 3 < n && hex(s[i + 2]) && hex(s[i + 3])) {
                if (count++ == 0 && first)
                    *first = i;
                if (out) {
                    memcpy(out + o, "\\u00", 4);
                    out[o + 4] = s[i + 2];
                    out[o + 5] = s[i + 3];
                    o += 6;
                }
                i += 4;
                continue;
            }
            if (out) {
                out[o++] = c;
                out[o++] = s[i + 1];
            }
            i += 2;
            continue;
        }
        if (c == '"')
            in_string = !in_string;
        if (out)
            out[o++] = c;
        i++;
    }
    if (out)
        out[o] = '\0';
    return count;
}

/* The same repair on a file read in chunks (a large export, jsonstream.h):
 * raw bytes from the file, repaired into the stream's buffer, an escape cut
 * by a read held back until its bytes are in; the first escape's line and
 * column in the file as read, for the warning. */
typedef struct unx {
    char raw[16 * 1024];
    size_t head, len;
    int eof, in_string;
    char pend[6]; /* a repaired escape, given from ipend on */
    size_t npend, ipend;
    size_t count;   /* escapes repaired */
    long line, col; /* of raw[head] in the file */
    long first_line, first_col;
} unx;

static void unx_step(unx *u, unsigned char c)
{
    if (c == '\n') {
        u->line++;
        u->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        u->col++;
    }
}

static ssize_t unx_read(unx *u, rg_zfile *z, char *out, size_t n)
{
    if (!out) {
        memset(u, 0, sizeof(*u));
        u->line = u->col = 1;
        return 0;
    }
    size_t o = 0;
    while (o < n) {
        if (u->ipend < u->npend) { /* what a repaired escape became, not yet given */
            out[o++] = u->pend[u->ipend++];
            continue;
        }
        size_t avail = u->len - u->head;
        if (avail < 4 && !u->eof) {
            memmove(u->raw, u->raw + u->head, avail);
            u->head = 0;
            u->len = avail;
            ssize_t r = rg_zfile_read(z, u->raw + u->len, sizeof(u->raw) - u->len);
            if (r < 0)
                return r;
            if (r == 0)
                u->eof = 1;
            u->len += (size_t)r;
            continue;
        }
        if (avail == 0)
            break;
        const char *s = u->raw + u->head;
        char c = s[0];
        if (u->in_string && c == '\\' && avail >= 2) {
            size_t took = 2;
            u->pend[0] = c;
            u->pend[1] = s[1];
            u->npend = 2;
            if (s[1] == 'x' && avail >= 4 && hex(s[2]) && hex(s[3])) {
                if (u->count++ == 0) {
                    u->first_line = u->line;
                    u->first_col = u->col;
                }
                memcpy(u->pend, "\\u00", 4);
                u->pend[4] = s[2];
                u->pend[5] = s[3];
                u->npend = 6;
                took = 4;
            }
            u->ipend = 0;
            for (size_t i = 0; i < took; i++)
                unx_step(u, (unsigned char)s[i]);
            u->head += took;
            continue;
        }
        if (c == '"')
            u->in_string = !u->in_string;
        out[o++] = c;
        unx_step(u, (unsigned char)c);
        u->head++;
    }
    return (ssize_t)o;
}

/* ---- the parse ---- */

typedef struct chat {
    const char *name; /* arena */
    const char *source;
    long long id;
    int has_id;
    char bot_from[32]; /* a chat with a bot: the bot's "from_id" ("user<chat id>"), else "" */
} chat;

typedef struct tg {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    const char *text; /* the (repaired) file, for locations */
    size_t len;
    rg_locator loc;
    rg_json_offsets offs; /* every element of every "messages" array */
    size_t last_off;
    rg_buf buf;
    rg_jsondocs docs; /* a large file read message by message (jsonstream.h) */
    unx *unx;         /* its "\xNN" repair: unx[0] the file's, unx[1] a side pass's */
    rg_zfile *side;   /* the side pass's file (jsonstream.h, rg_jstream_read_fn) */
    chat cur;         /* the chat whose messages are streamed */
    int have_cur;
} tg;

static int oom(tg *t, long line)
{
    return rg_diag_error(t->diag, t->src->path, line, 0, "out of memory");
}

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

/* "date_unixtime" when present, else the local "date". Returns 0 and the
 * instant, its text and the parser's flags; -1 when the message has no time
 * (*why says which). */
static int message_time(tg *t, const json_t *msg, const char *unix_key, const char *local_key,
                        int64_t *at, const char **text, int *flags, const char **why)
{
    const json_t *u = json_object_get(msg, unix_key);
    *flags = 0;
    if (json_is_string(u)) {
        *text = json_string_value(u);
        size_t n = json_string_length(u);
        if (n == 0 || rg_time_epoch_text(*text, n, 1, at) != n) {
            *why = "unreadable";
            return -1;
        }
        return add_offset(*at, t->src->offset_us, at) == 0 ? 0 : (*why = "unreadable", -1);
    }
    const json_t *d = json_object_get(msg, local_key);
    if (u && !json_is_null(u)) {
        *why = "mistyped unix";
        return -1;
    }
    if (!json_is_string(d)) {
        *why = d ? "mistyped" : "missing";
        return -1;
    }
    *text = json_string_value(d);
    rg_time_ctx ctx = {t->src->zone, t->src->ref_us};
    if (rg_time_parse(*text, json_string_length(d), &ctx, at, flags) < 0 ||
        add_offset(*at, t->src->offset_us, at) < 0) {
        *why = "unreadable";
        return -1;
    }
    return 0;
}

/* "text" as a string, or an array of strings and {"type", "text"} entities. */
static int put_text(rg_buf *b, const json_t *text)
{
    if (json_is_string(text))
        return rg_buf_append(b, json_string_value(text), json_string_length(text));
    size_t i;
    const json_t *v;
    json_array_foreach(text, i, v)
    {
        const json_t *s = json_is_object(v) ? json_object_get(v, "text") : v;
        if (json_is_string(s) && rg_buf_append(b, json_string_value(s), json_string_length(s)) < 0)
            return -1;
    }
    return 0;
}

/* The words for an action or a media type: "pin_message" -> "pin message". */
static int put_words(rg_buf *b, const char *s)
{
    for (; *s; s++)
        if (rg_buf_putc(b, *s == '_' ? ' ' : *s) < 0)
            return -1;
    return 0;
}

/* What a message with no text sent instead. */
static int put_media(rg_buf *b, const json_t *msg)
{
    const char *media = rg_json_str(msg, "media_type");
    const char *name = rg_json_str(msg, "file_name");
    const json_t *poll = json_object_get(msg, "poll");
    if (media) {
        if (rg_buf_putc(b, '[') < 0 || put_words(b, media) < 0)
            return -1;
        const char *emoji = rg_json_str(msg, "sticker_emoji");
        if (emoji && *emoji && rg_buf_printf(b, " %s", emoji) < 0)
            return -1;
        if (name && *name && rg_buf_printf(b, ": %s", name) < 0)
            return -1;
        return rg_buf_putc(b, ']');
    }
    if (json_object_get(msg, "photo"))
        return rg_buf_puts(b, "[photo]");
    if (json_object_get(msg, "file"))
        return name && *name ? rg_buf_printf(b, "[file: %s]", name) : rg_buf_puts(b, "[file]");
    if (json_is_object(poll))
        return rg_buf_printf(b, "[poll: %s]",
                             rg_json_str(poll, "question") ? rg_json_str(poll, "question") : "");
    if (json_object_get(msg, "location_information"))
        return rg_buf_puts(b, "[location]");
    if (json_object_get(msg, "contact_information"))
        return rg_buf_puts(b, "[contact]");
    return 0;
}

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

/* A service message's words: "invited Ann, Bob", "joined by link", "pin
 * message", with the text Telegram gave it, if any. */
static int put_service(rg_buf *b, const char *action, const json_t *msg)
{
    const json_t *members = json_object_get(msg, "members");
    if (strcmp(action, "invite_members") == 0 || strcmp(action, "remove_members") == 0 ||
        strcmp(action, "create_group") == 0) {
        if (rg_buf_puts(b, action[0] == 'i'   ? "invited "
                           : action[0] == 'r' ? "removed "
                                              : "created the group with ") < 0)
            return -1;
        size_t i;
        const json_t *v;
        int n = 0;
        json_array_foreach(members, i, v)
        {
            if (json_is_string(v) &&
                rg_buf_printf(b, "%s%s", n++ ? ", " : "", json_string_value(v)) < 0)
                return -1;
        }
    } else if (strcmp(action, "join_group_by_link") == 0) {
        if (rg_buf_puts(b, "joined by link") < 0)
            return -1;
    } else if (put_words(b, action) < 0) {
        return -1;
    }
    const char *title = rg_json_str(msg, "title");
    if (title && *title && rg_buf_printf(b, ": %s", title) < 0)
        return -1;
    const json_t *text = json_object_get(msg, "text");
    size_t before = b->len;
    if (rg_buf_puts(b, " (") < 0)
        return -1;
    size_t mark = b->len;
    if (put_text(b, text) < 0)
        return -1;
    if (b->len == mark) {
        b->len = before;
        b->data[before] = '\0';
        return 0;
    }
    return rg_buf_putc(b, ')');
}

static void warn_dst(tg *t, const char *text, int flags, int64_t at, long line, long col)
{
    char when[32];
    rg_time_format(at, when);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(t->diag, t->src->path, line, col, "dst-gap",
                     "local time '%s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     text, rg_tz_name(t->src->zone), when);
    else if (flags & RG_TIME_OVERLAP)
        rg_diag_warn(t->diag, t->src->path, line, col, "dst-overlap",
                     "local time '%s' happens twice in %s (daylight-saving change); read as %s, "
                     "the first one",
                     text, rg_tz_name(t->src->zone), when);
}

static int message(tg *t, const chat *c, const json_t *msg, long line, long col)
{
#define WARN(key, ...) (rg_diag_warn(t->diag, t->src->path, line, col, key, __VA_ARGS__), 0)
    if (!json_is_object(msg))
        return WARN("bad-record", "message is %s, expected an object; skipped",
                    rg_json_type_name(msg));
    int64_t at;
    const char *ttext, *why;
    int flags;
    if (message_time(t, msg, "date_unixtime", "date", &at, &ttext, &flags, &why) < 0) {
        if (strcmp(why, "missing") == 0)
            return WARN("no-time", "message has no \"date\" or \"date_unixtime\"; skipped");
        if (strcmp(why, "mistyped") == 0)
            return WARN("bad-time", "message \"date\" is not a string such as "
                                    "\"2019-07-05T16:55:32\"; skipped");
        if (strcmp(why, "mistyped unix") == 0)
            return WARN("bad-time",
                        "message \"date_unixtime\" is %s, expected a string such as "
                        "\"1562338532\"; skipped",
                        rg_json_type_name(json_object_get(msg, "date_unixtime")));
        return WARN("bad-time", "unreadable message time '%s'; skipped", ttext);
    }
    const json_t *text = json_object_get(msg, "text");
    if (text && !json_is_string(text) && !json_is_array(text))
        return WARN("bad-record", "message \"text\" is %s, expected a string or an array; skipped",
                    rg_json_type_name(text));
    const json_t *from = json_object_get(msg, "from");
    if (from && !json_is_null(from) && !json_is_string(from))
        return WARN("bad-record", "message \"from\" is %s, expected a string; skipped",
                    rg_json_type_name(from));
#undef WARN
    if (!rg_sink_keep(t->sink, at))
        return 0;
    if (flags & (RG_TIME_GAP | RG_TIME_OVERLAP))
        warn_dst(t, ttext, flags, at, line, col);
    const char *type = rg_json_str(msg, "type");
    int service = type && strcmp(type, "service") == 0;
    const char *action = service ? rg_json_str(msg, "action") : NULL;
    rg_kind kind = RG_KIND_CHAT;
    const char *etype = "chat.message";
    const char *actor;
    rg_buf_reset(&t->buf);
    if (service) {
        static const char *const joins[] = {"invite_members", "join_group_by_link",
                                            "join_group_by_request", NULL};
        action = action && *action ? action : "service";
        if (in_list(action, joins))
            etype = "chat.join";
        else if (strcmp(action, "remove_members") == 0)
            etype = "chat.leave";
        else
            kind = RG_KIND_NOTE, etype = "note";
        actor = rg_json_str(msg, "actor");
        if (!actor || !*actor)
            actor = rg_json_str(msg, "actor_id");
        if (put_service(&t->buf, action, msg) < 0)
            return oom(t, line);
    } else {
        actor = rg_json_str(msg, "from");
        if (!actor || !*actor)
            actor = rg_json_str(msg, "from_id");
        if (put_text(&t->buf, text) < 0 || (t->buf.len == 0 && put_media(&t->buf, msg) < 0))
            return oom(t, line);
    }
    if (actor && !*actor)
        actor = NULL;
    /* The core may fold a service message's or a bot's repeated template
     * into its cluster: then no event is built (importer.h). A person's
     * message is never folded. */
    const char *from_id = rg_json_str(msg, "from_id");
    int bot = c->bot_from[0] && from_id && strcmp(from_id, c->bot_from) == 0;
    int human = !service && !bot && actor != NULL;
    rg_foldable f = {at,         etype, t->buf.data ? t->buf.data : "",
                     t->buf.len, actor, actor ? strlen(actor) : 0,
                     human,      line,  NULL,
                     0,          0,     0,
                     0};
    int keep = rg_sink_fold(t->sink, &f);
    if (keep <= 0)
        return keep;

    rg_arena *a = t->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(t, line);
    ev->at_us = at;
    ev->kind = kind;
    ev->type = etype;
    ev->source = c->source;
    ev->actor = actor ? rg_arena_strdup(a, actor) : NULL;
    ev->human = human;
    ev->text = rg_arena_strndup(a, t->buf.data ? t->buf.data : "", t->buf.len);
    ev->origin = rg_origin(a, t->src->path, line);
    ev->time_text = rg_time_text(a, ttext, strlen(ttext), t->src, flags);
    if ((actor && !ev->actor) || !ev->text || !ev->origin || !ev->time_text)
        return oom(t, line);
    const json_t *id = json_object_get(msg, "id");
    if (json_is_integer(id)) {
        char ident[64];
        int n = snprintf(ident, sizeof(ident), "%lld\x1f%lld", c->has_id ? c->id : 0,
                         (long long)json_integer_value(id));
        rg_event_identity(ev, ident, (size_t)n);
    }
    const json_t *reply = json_object_get(msg, "reply_to_message_id");
    char num[32];
    if ((c->name && rg_event_attr(a, ev, "chat", c->name) < 0) ||
        (json_is_integer(reply) &&
         (snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(reply)),
          rg_event_attr(a, ev, "reply_to", num) < 0)) ||
        (action && rg_event_attr(a, ev, "action", action) < 0))
        return oom(t, line);
    int64_t edited;
    const char *etext, *ewhy;
    int eflags;
    if (message_time(t, msg, "edited_unixtime", "edited", &edited, &etext, &eflags, &ewhy) == 0) {
        char buf[32];
        if (rg_event_attr(a, ev, "edited", rg_time_format(edited, buf)) < 0)
            return oom(t, line);
    }
    return t->sink->emit(t->sink, ev);
}

/* The chat's name and source, from its members (name, type, id). Returns 0,
 * -1 when out of memory. */
static int make_chat(tg *t, const json_t *chat_v, chat *c)
{
    memset(c, 0, sizeof(*c));
    const char *name = rg_json_str(chat_v, "name");
    const char *type = rg_json_str(chat_v, "type");
    const json_t *id = json_object_get(chat_v, "id");
    if (json_is_integer(id)) {
        c->id = (long long)json_integer_value(id);
        c->has_id = 1;
    }
    /* A chat with a bot is named after the bot and has its id: the messages
     * from that id are the bot's. */
    if (type && strcmp(type, "bot_chat") == 0 && c->has_id)
        snprintf(c->bot_from, sizeof(c->bot_from), "user%lld", c->id);
    if (name && *name)
        c->name = rg_arena_strdup(t->a, name);
    else if (type && strcmp(type, "saved_messages") == 0)
        c->name = "Saved Messages";
    if (c->name)
        c->source = rg_arena_printf(t->a, "telegram %s", c->name);
    else
        c->source = rg_arena_printf(t->a, "telegram %s %lld", type ? type : "chat", c->id);
    return (name && *name && !c->name) || !c->source ? -1 : 0;
}

static int one_chat(tg *t, const json_t *chat_v, long line, long col)
{
    if (!json_is_object(chat_v)) {
        rg_diag_warn(t->diag, t->src->path, line, col, "bad-record",
                     "chat is %s, expected an object; skipped", rg_json_type_name(chat_v));
        return 0;
    }
    const json_t *messages = json_object_get(chat_v, "messages");
    if (!json_is_array(messages)) {
        rg_diag_warn(t->diag, t->src->path, line, col, "bad-record",
                     "chat has no \"messages\" array; skipped");
        return 0;
    }
    chat c;
    if (make_chat(t, chat_v, &c) != 0)
        return oom(t, line);
    size_t i;
    const json_t *msg;
    json_array_foreach(messages, i, msg)
    {
        long ml, mc;
        t->last_off = rg_json_offsets_take(&t->offs, t->last_off);
        rg_locate(&t->loc, t->last_off, &ml, &mc);
        rg_jsondocs_fix(&t->docs, &ml, &mc);
        if (message(t, &c, msg, ml, mc) < 0)
            return -1;
    }
    return 0;
}

/* Every chat of an account export's list `key` ("chats", "left_chats"),
 * located by the elements of the first "list" array after the key, and its
 * messages by the "messages" arrays from there on: the lists are read chats
 * first wherever they are in the file (an export may write "left_chats"
 * first), so each list's messages are located from its own place. */
static int chat_list(tg *t, const json_t *root, const char *key)
{
    const json_t *list = json_object_get(json_object_get(root, key), "list");
    if (!json_is_array(list))
        return 0;
    rg_json_offsets o = {0};
    size_t from = rg_json_member_value(t->text, 0, t->len, key);
    t->last_off = from;
    rg_json_offsets_find(&t->offs, t->text, from, t->len, "messages");
    rg_json_offsets_find(&o, t->text, from, t->len, "list");
    rg_locator loc = {t->text, t->len, 0, 1};
    size_t i, off = from;
    const json_t *c;
    int rc = 0;
    json_array_foreach(list, i, c)
    {
        long line, col;
        off = rg_json_offsets_take(&o, off);
        rg_locate(&loc, off, &line, &col);
        rg_jsondocs_fix(&t->docs, &line, &col);
        if ((rc = one_chat(t, c, line, col)) < 0)
            break;
    }
    rg_json_offsets_free(&o);
    return rc;
}

/* A whole export (t->text holds it): one chat, or an account's chats. */
static int read_root(tg *t, const json_t *root, size_t from, long line, long col)
{
    const json_t *messages = json_object_get(root, "messages");
    const json_t *chats = json_object_get(root, "chats");
    if (!json_is_object(root) || (!json_is_array(messages) && !json_is_object(chats)))
        return rg_diag_error(t->diag, t->src->path, line, col,
                             "expected a Telegram Desktop export (result.json: a chat with "
                             "\"messages\" or an account with \"chats\"), got %s",
                             json_is_object(root) ? "an object with neither"
                                                  : rg_json_type_name(root));
    t->loc = (rg_locator){t->text, t->len, 0, 1};
    t->last_off = from;
    if (json_is_array(messages)) {
        /* the chat's own messages, not those of an account's chats the
         * same file may hold before them */
        size_t obj = from + rg_json_start(t->text + from, t->len - from);
        size_t at = rg_json_member_offset(t->text, t->len, obj, "messages");
        t->last_off = at == RG_JSON_NONE ? from : at;
        rg_json_offsets_find(&t->offs, t->text, t->last_off, t->len,
                             at == RG_JSON_NONE ? "messages" : NULL);
    }
    int rc;
    if (json_is_array(messages))
        rc = one_chat(t, root, line, col);
    else
        rc = chat_list(t, root, "chats") < 0 ? -1 : chat_list(t, root, "left_chats");
    rg_json_offsets_free(&t->offs);
    return rc;
}

/* One message of a large export read message by message (jsonstream.h):
 * of a chat export ("messages"), or of a chat of an account's list
 * ("chats.list[].messages", "left_chats.list[].messages"); env is the
 * chat's other members (those after "messages" too: ops.late), whose name,
 * type and id make the chat. A chat of a list that is no object, or has no
 * "messages" array, comes whole (key "chats.list[]") and is read as the
 * whole read reads it. */
static int stream_element(void *ctx, const char *key, const json_t *env, const json_t *msg,
                          size_t off, size_t end)
{
    tg *t = ctx;
    (void)off;
    (void)end;
    if (!key) /* a top-level array */
        return rg_jsondocs_top_error(&t->docs,
                                     "expected a Telegram Desktop export (result.json: a chat with "
                                     "\"messages\" or an account with \"chats\"), got an array");
    size_t kl = strlen(key);
    if (kl > 2 && strcmp(key + kl - 2, "[]") == 0)
        return one_chat(t, msg, t->docs.line0, t->docs.col0) < 0 ? -1 : 0;
    if (!t->have_cur) {
        if (make_chat(t, env, &t->cur) != 0)
            return oom(t, t->docs.line0);
        t->have_cur = 1;
    }
    return message(t, &t->cur, msg, t->docs.line0, t->docs.col0) < 0 ? -1 : 0;
}

/* After the messages of one chat of an account: the next chat is another. */
static int stream_done(void *ctx, const char *key, const json_t *env, size_t n)
{
    tg *t = ctx;
    (void)key;
    (void)env;
    (void)n;
    t->have_cur = 0;
    return 0;
}

/* A large export that is no streamed chat (an account's, read whole), or
 * what is no export. */
static int stream_document(void *ctx, const json_t *root, size_t off, size_t end)
{
    tg *t = ctx;
    if (!json_is_object(root) && !json_is_array(root)) {
        /* a bare scalar: the error the whole-file parser gives */
        json_t *again = rg_json_parse(t->src->path, t->docs.text, t->docs.len, 0, t->diag);
        if (!again)
            return -1;
        json_decref(again);
    }
    t->text = t->docs.text;
    t->len = end;
    long line, col;
    rg_json_top_loc(t->text + off, end - off, &line, &col);
    if (off > 0) {
        long l0, c0;
        rg_line_col(t->text, t->len, off, &l0, &c0);
        line += l0 - 1;
        col = line == l0 ? col + c0 - 1 : col;
    }
    rg_jsondocs_fix(&t->docs, &line, &col);
    return read_root(t, root, off, line, col);
}

static void warn_escapes(tg *t, size_t n_bad, long line, long col)
{
    rg_diag_warn(t->diag, t->src->path, line, col, "bad-escape",
                 "repaired %zu invalid \\x escape(s) (Telegram Desktop writes control "
                 "characters so); read as \\u00XX",
                 n_bad);
}

static ssize_t stream_read(void *ctx, rg_zfile *z, char *buf, size_t n)
{
    tg *t = ctx;
    if (!buf)
        t->side = n == 1 ? z : NULL; /* a side pass's escapes are not counted */
    return unx_read(&t->unx[z == t->side], z, buf, n);
}

/* A file over rg_jsondocs_whole_max: its messages one by one, so memory
 * follows the largest message, not the file (issue 11); "\xNN" repaired as
 * read. */
static int parse_stream(tg *t)
{
    t->unx = rg_malloc(2 * sizeof(*t->unx));
    if (!t->unx)
        return oom(t, 0);
    static const char *const keys[] = {"messages", "chats.list[].messages",
                                       "left_chats.list[].messages", NULL};
    const rg_jsondocs_ops ops = {keys, stream_document, stream_element, stream_done, 1, NULL};
    t->docs.flags = JSON_ALLOW_NUL;
    t->docs.repair_nul = 1;
    int rc = rg_jsondocs_stream_read(&t->docs, t->src->path, t->diag, &ops, t, stream_read);
    if (t->unx[0].count)
        warn_escapes(t, t->unx[0].count, t->unx[0].first_line, t->unx[0].first_col);
    rg_free(t->unx);
    return rc;
}

static int parse(const rg_source *src, rg_sink *sink)
{
    tg t;
    memset(&t, 0, sizeof(t));
    t.src = src;
    t.sink = sink;
    t.a = sink->arena;
    t.diag = sink->diag;
    struct stat st;
    if (stat(src->path, &st) == 0 && (uint64_t)st.st_size > rg_jsondocs_whole_max) {
        int src_rc = parse_stream(&t);
        rg_buf_free(&t.buf);
        return src_rc;
    }
    size_t len;
    char *raw = rg_read_file(src->path, &len, t.diag);
    if (!raw)
        return -1;
    char *fixed = NULL;
    size_t first = 0;
    size_t n_bad = repair(raw, len, NULL, &first);
    if (n_bad) {
        long line, col;
        rg_line_col(raw, len, first, &line, &col);
        warn_escapes(&t, n_bad, line, col);
        fixed = rg_malloc(len + 2 * n_bad + 1);
        if (!fixed) {
            rg_free(raw);
            return oom(&t, 0);
        }
        repair(raw, len, fixed, NULL);
        len += 2 * n_bad;
        rg_free(raw);
        raw = fixed;
    }
    t.text = raw;
    t.len = len;
    int rc = -1;
    json_t *root = rg_json_parse(src->path, raw, len, JSON_ALLOW_NUL, t.diag);
    if (root && rg_json_repair_nul(root, src->path, raw, 0, len, 1, t.diag) == 0) {
        long line, col;
        rg_json_top_loc(raw, len, &line, &col);
        rc = read_root(&t, root, 0, line, col);
    }
    json_decref(root);
    rg_free(raw);
    rg_buf_free(&t.buf);
    return rc;
}

const rg_importer rg_importer_telegram = {
    .name = "telegram",
    .kind = RG_KIND_CHAT,
    .summary = "Telegram Desktop export (result.json): one chat or a whole account",
    .recognises = "a JSON object with \"messages\" of Telegram chat types, or an account export "
                  "with \"chats\"",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
