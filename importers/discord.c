/* discord.c -- a DiscordChatExporter JSON export (one channel or thread per
 * file) read as chat events.
 *
 * What it reads: {"guild": {"id", "name"}, "channel": {"id", "type",
 * "category", "name", "topic"}, "dateRange", "exportedAt", "messages": [...],
 * "messageCount"}, as Tyrrrz/DiscordChatExporter writes it, one file per
 * channel or thread (a long channel may come in several "[part N]" files:
 * each is a source, all named after the channel).
 *
 * Mapping (README, "Formats"):
 *  - at = the message's "timestamp", with the offset it carries: the
 *    exporter writes the exporting machine's local time ("+07:00") and 0 to 7
 *    fraction digits ("19:04:23.18+07:00"); a timestamp without an offset is
 *    read in the source's zone and says so in time_text;
 *  - actor = author.nickname (the server nickname, what people saw), else
 *    author.name; author.isBot -> not human. No author: actor none, not human;
 *  - type: Default, Reply (and the slash-command types ChatInputCommand,
 *    ContextMenuCommand, ThreadStarterMessage) -> chat.message;
 *    GuildMemberJoin and RecipientAdd -> chat.join, RecipientRemove ->
 *    chat.leave, not human (Discord wrote them; the author is the person who
 *    joined); every other type (ChannelPinnedMessage, ThreadCreated, Call,
 *    ChannelNameChange, ...) -> kind note, type "note", not human, its text
 *    the content else the type;
 *  - text = "content" as written (the exporter has already turned mentions
 *    into @name); an empty content takes the embeds' title and description,
 *    else "[file: name]" per attachment, else "[sticker: name]";
 *  - source = "discord #<channel.name>"; attrs: guild, channel, thread (the
 *    channel's category, for a thread), reply_to (reference.messageId),
 *    message_type (when not Default), edited (timestampEdited, UTC);
 *  - origin = path:line of the message object; identity = the message id (a
 *    snowflake, unique across Discord), so two overlapping exports of one
 *    channel give each message once.
 *
 * Errors: text that is not JSON, a top level that is not an object, or one
 * without a "messages" array stops the source with "path:line:col: message".
 * A message that is not an object, lacks its timestamp or has one that is
 * not a time, or whose "content" is not a string or "author" not an object,
 * is a counted warning naming its line (skipped, never read as empty or
 * authorless).
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

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || rg_json_opening(head, head_len) != '{')
        return 0;
    int guild = rg_text_has(head, head_len, "\"guild\""),
        channel = rg_text_has(head, head_len, "\"channel\"");
    if (!guild || !channel)
        return 0;
    if (rg_text_has(head, head_len, "\"messages\""))
        return 95;
    return rg_text_has(head, head_len, "\"exportedAt\"") ||
                   rg_text_has(head, head_len, "\"dateRange\"")
               ? 90
               : 0;
}

typedef struct dc {
    const rg_source *src;
    rg_sink *sink;
    rg_arena *a;
    rg_diag *diag;
    const char *source, *guild, *channel, *thread;
    rg_buf text;
    rg_jsondocs docs; /* a large file read message by message (jsonstream.h) */
} dc;

static int oom(dc *d, long line)
{
    return rg_diag_error(d->diag, d->src->path, line, 0, "out of memory");
}

static int add_offset(int64_t at_us, int64_t off_us, int64_t *out)
{
    if ((off_us > 0 && at_us > INT64_MAX - off_us) || (off_us < 0 && at_us < INT64_MIN - off_us))
        return -1;
    *out = at_us + off_us;
    return 0;
}

static int in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int put_line(rg_buf *b, const char *s)
{
    if (!s || !*s)
        return 0;
    if (b->len && rg_buf_putc(b, '\n') < 0)
        return -1;
    return rg_buf_puts(b, s);
}

/* The content, else what the message shows instead of it. */
static int message_text(dc *d, const json_t *msg)
{
    rg_buf_reset(&d->text);
    const char *content = rg_json_str(msg, "content");
    if (content && *content)
        return rg_buf_puts(&d->text, content);
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(msg, "embeds"), i, v)
    {
        if (put_line(&d->text, rg_json_str(v, "title")) < 0 ||
            put_line(&d->text, rg_json_str(v, "description")) < 0)
            return -1;
    }
    if (d->text.len)
        return 0;
    json_array_foreach(json_object_get(msg, "attachments"), i, v)
    {
        const char *name = rg_json_str(v, "fileName");
        if (name && *name &&
            rg_buf_printf(&d->text, "%s[file: %s]", d->text.len ? " " : "", name) < 0)
            return -1;
    }
    json_array_foreach(json_object_get(msg, "stickers"), i, v)
    {
        const char *name = rg_json_str(v, "name");
        if (name && *name &&
            rg_buf_printf(&d->text, "%s[sticker: %s]", d->text.len ? " " : "", name) < 0)
            return -1;
    }
    return 0;
}

static int message(dc *d, const json_t *msg, long line, long col)
{
#define WARN(key, ...) (rg_diag_warn(d->diag, d->src->path, line, col, key, __VA_ARGS__), 0)
    if (!json_is_object(msg))
        return WARN("bad-record", "message is %s, expected an object; skipped",
                    rg_json_type_name(msg));
    const json_t *ts = json_object_get(msg, "timestamp");
    if (!ts || json_is_null(ts))
        return WARN("no-time", "message has no \"timestamp\"; skipped");
    if (!json_is_string(ts))
        return WARN("bad-time",
                    "message \"timestamp\" is %s, expected a time such as "
                    "\"2026-06-24T19:04:23.18+07:00\"; skipped",
                    rg_json_type_name(ts));
    const json_t *content_v = json_object_get(msg, "content");
    if (content_v && !json_is_null(content_v) && !json_is_string(content_v))
        return WARN("bad-record", "message \"content\" is %s, expected a string; skipped",
                    rg_json_type_name(content_v));
    const json_t *author_v = json_object_get(msg, "author");
    if (author_v && !json_is_null(author_v) && !json_is_object(author_v))
        return WARN("bad-record", "message \"author\" is %s, expected an object; skipped",
                    rg_json_type_name(author_v));
    const char *tstext = json_string_value(ts);
    size_t tslen = json_string_length(ts);
    rg_time_ctx ctx = {d->src->zone, d->src->ref_us};
    int64_t at;
    int flags;
    if (rg_time_parse(tstext, tslen, &ctx, &at, &flags) < 0 ||
        add_offset(at, d->src->offset_us, &at) < 0)
        return WARN("bad-time", "unreadable message \"timestamp\" '%s'; skipped", tstext);
    const json_t *type_v = json_object_get(msg, "type");
    if (type_v && !json_is_string(type_v))
        return WARN("bad-record", "message \"type\" is %s, expected a string; skipped",
                    rg_json_type_name(type_v));
#undef WARN
    if (!rg_sink_keep(d->sink, at))
        return 0;
    const char *type = type_v ? json_string_value(type_v) : "Default";
    static const char *const messages[] = {
        "Default", "Reply", "ChatInputCommand", "ContextMenuCommand", "ThreadStarterMessage", NULL};
    static const char *const joins[] = {"GuildMemberJoin", "RecipientAdd", NULL};
    static const char *const leaves[] = {"RecipientRemove", NULL};
    rg_kind kind = RG_KIND_CHAT;
    const char *etype = "chat.message";
    int system = 1;
    if (in_list(type, messages))
        system = 0;
    else if (in_list(type, joins))
        etype = "chat.join";
    else if (in_list(type, leaves))
        etype = "chat.leave";
    else
        kind = RG_KIND_NOTE, etype = "note";

    const json_t *author = json_object_get(msg, "author");
    const char *actor = rg_json_str(author, "nickname");
    if (!actor || !*actor)
        actor = rg_json_str(author, "name");
    if (actor && !*actor)
        actor = NULL;
    int bot = json_is_true(json_object_get(author, "isBot"));
    if (message_text(d, msg) < 0)
        return oom(d, line);
    if (d->text.len == 0 && kind == RG_KIND_NOTE && rg_buf_puts(&d->text, type) < 0)
        return oom(d, line);

    int human = actor && !bot && !system;
    /* The core may fold a bot's repeated message into its cluster: then no
     * event is built (importer.h). */
    rg_foldable f = {at,
                     etype,
                     d->text.data ? d->text.data : "",
                     d->text.len,
                     actor,
                     actor ? strlen(actor) : 0,
                     human,
                     line,
                     NULL,
                     0,
                     0,
                     0,
                     0};
    int keep = rg_sink_fold(d->sink, &f);
    if (keep <= 0)
        return keep;
    rg_arena *a = d->a;
    rg_event *ev = rg_event_new(a);
    if (!ev)
        return oom(d, line);
    ev->at_us = at;
    ev->kind = kind;
    ev->type = etype;
    ev->source = d->source;
    ev->actor = actor ? rg_arena_strdup(a, actor) : NULL;
    ev->human = human;
    ev->text = rg_arena_strndup(a, d->text.data ? d->text.data : "", d->text.len);
    ev->origin = rg_origin(a, d->src->path, line);
    ev->time_text = rg_time_text(a, tstext, tslen, d->src, flags);
    if ((actor && !ev->actor) || !ev->text || !ev->origin || !ev->time_text)
        return oom(d, line);
    const char *id = rg_json_str(msg, "id");
    if (id)
        rg_event_identity(ev, id, strlen(id));
    const json_t *ref = json_object_get(msg, "reference");
    const char *reply_to = rg_json_str(ref, "messageId");
    if ((d->guild && rg_event_attr(a, ev, "guild", d->guild) < 0) ||
        (d->channel && rg_event_attr(a, ev, "channel", d->channel) < 0) ||
        (d->thread && rg_event_attr(a, ev, "thread", d->thread) < 0) ||
        (reply_to && rg_event_attr(a, ev, "reply_to", reply_to) < 0) ||
        (strcmp(type, "Default") != 0 && rg_event_attr(a, ev, "message_type", type) < 0))
        return oom(d, line);
    const char *edited = rg_json_str(msg, "timestampEdited");
    int64_t edited_us;
    int eflags;
    if (edited && rg_time_parse(edited, strlen(edited), &ctx, &edited_us, &eflags) == 0 &&
        add_offset(edited_us, d->src->offset_us, &edited_us) == 0) {
        char buf[32];
        if (rg_event_attr(a, ev, "edited", rg_time_format(edited_us, buf)) < 0)
            return oom(d, line);
    }
    return d->sink->emit(d->sink, ev);
}

/* Names the source after the export's guild and channel (or thread), copied. */
static int set_channel(dc *d, const json_t *root)
{
    const json_t *channel = json_object_get(root, "channel");
    const char *name = rg_json_str(channel, "name");
    const char *guild = rg_json_str(json_object_get(root, "guild"), "name");
    d->guild = guild ? rg_arena_strdup(d->a, guild) : NULL;
    d->channel = name && *name ? rg_arena_strdup(d->a, name) : NULL;
    if ((guild && !d->guild) || (name && *name && !d->channel))
        return -1;
    /* A thread's export names its parent channel as the category. */
    const char *ctype = rg_json_str(channel, "type");
    if (ctype && strstr(ctype, "Thread")) {
        const char *cat = rg_json_str(channel, "category");
        d->thread = d->channel;
        d->channel = cat ? rg_arena_strdup(d->a, cat) : NULL;
        if (cat && !d->channel)
            return -1;
    }
    d->source = d->thread    ? rg_arena_printf(d->a, "discord #%s", d->thread)
                : d->channel ? rg_arena_printf(d->a, "discord #%s", d->channel)
                             : "discord";
    return d->source ? 0 : -1;
}

/* A file larger than rg_jsondocs_whole_max is read message by message
 * (jsonstream.h): "guild" and "channel" come before "messages" in
 * DiscordChatExporter's output; the envelope read so far names the source. */
static int stream_element(void *ctx, const char *key, const json_t *env, const json_t *msg,
                          size_t off, size_t end)
{
    dc *d = ctx;
    (void)off;
    (void)end;
    if (!key) /* a top-level array */
        return rg_jsondocs_top_error(
            &d->docs, "expected a DiscordChatExporter export (an object with \"guild\", "
                      "\"channel\" and a \"messages\" array), got an array");
    if (!d->source && set_channel(d, env) != 0)
        return oom(d, 0);
    return message(d, msg, d->docs.line0, d->docs.col0) < 0 ? -1 : 0;
}

/* A large file that is no streamed "messages" array: not an export. */
static int stream_document(void *ctx, const json_t *root, size_t off, size_t end)
{
    dc *d = ctx;
    (void)end;
    long line, col;
    rg_line_col(d->docs.text, d->docs.len, off, &line, &col);
    rg_jsondocs_fix(&d->docs, &line, &col);
    const json_t *messages = json_object_get(root, "messages");
    return rg_diag_error(d->diag, d->src->path, line, col,
                         "expected a DiscordChatExporter export (an object with \"guild\", "
                         "\"channel\" and a \"messages\" array), got %s",
                         !json_is_object(root) ? rg_json_type_name(root)
                         : messages            ? "\"messages\" that is not an array"
                                               : "an object without \"messages\"");
}

static int parse(const rg_source *src, rg_sink *sink)
{
    dc d;
    memset(&d, 0, sizeof(d));
    d.src = src;
    d.sink = sink;
    d.a = sink->arena;
    d.diag = sink->diag;
    struct stat st;
    if (stat(src->path, &st) == 0 && (uint64_t)st.st_size > rg_jsondocs_whole_max) {
        static const char *const keys[] = {"messages", NULL};
        const rg_jsondocs_ops ops = {keys, stream_document, stream_element, NULL, 0, NULL};
        d.docs.flags = JSON_ALLOW_NUL;
        d.docs.repair_nul = 1;
        int src_rc = rg_jsondocs_stream(&d.docs, src->path, d.diag, &ops, &d);
        rg_buf_free(&d.text);
        return src_rc;
    }
    size_t len;
    char *text = rg_read_file(src->path, &len, d.diag);
    if (!text)
        return -1;
    int rc = -1;
    size_t *offs = NULL;
    json_t *root = rg_json_parse(src->path, text, len, JSON_ALLOW_NUL, d.diag);
    if (!root || rg_json_repair_nul(root, src->path, text, 0, len, 1, d.diag) != 0)
        goto done;
    long line, col;
    rg_json_top_loc(text, len, &line, &col);
    const json_t *messages = json_object_get(root, "messages");
    if (!json_is_object(root) || !json_is_array(messages)) {
        rg_diag_error(d.diag, src->path, line, col,
                      "expected a DiscordChatExporter export (an object with \"guild\", "
                      "\"channel\" and a \"messages\" array), got %s",
                      !json_is_object(root) ? rg_json_type_name(root)
                      : messages            ? "\"messages\" that is not an array"
                                            : "an object without \"messages\"");
        goto done;
    }
    if (set_channel(&d, root) != 0) {
        oom(&d, 0);
        goto done;
    }
    size_t n_offs = rg_json_element_offsets(text, len, "messages", &offs);
    rg_locator loc = {text, len, 0, 1};
    size_t i;
    const json_t *msg;
    json_array_foreach(messages, i, msg)
    {
        line = col = 0;
        if (i < n_offs)
            rg_locate(&loc, offs[i], &line, &col);
        if (message(&d, msg, line, col) < 0)
            goto done;
    }
    rc = 0;
done:
    json_decref(root);
    rg_free(offs);
    rg_free(text);
    rg_buf_free(&d.text);
    return rc;
}

const rg_importer rg_importer_discord = {
    .name = "discord",
    .kind = RG_KIND_CHAT,
    .summary = "DiscordChatExporter JSON: one channel or thread per file",
    .recognises =
        "a JSON object with \"guild\", \"channel\" and \"messages\" (DiscordChatExporter)",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
