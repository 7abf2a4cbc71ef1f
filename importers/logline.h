/* logline.h -- what one log line says, whatever its shape: a JSON object (the
 * JSON-lines field table: pino, bunyan, zap, logrus, slog, ECS, GELF, CLEF),
 * logfmt pairs, or plain text with a level word (README, "Logs"). One reader
 * for jsonlines.c, logfmt.c, cri.c (the text inside CRI and Docker lines) and
 * the log-store importers (a Loki line, an Elasticsearch message), so a line
 * reads alike wherever it was stored. */
#ifndef RG_LOGLINE_H
#define RG_LOGLINE_H

#include <jansson.h>
#include <stddef.h>

#include "importer.h"

typedef enum rg_logline_shape {
    RG_LOGLINE_TEXT,
    RG_LOGLINE_JSON,
    RG_LOGLINE_LOGFMT
} rg_logline_shape;

/* Reads the time-independent fields of one log line s[0..n) into ev (its time,
 * origin, source and identity are the caller's):
 *  - ev->type: from the line's level field by the one level rule (importer.h,
 *    rg_level_name_type and friends; GELF's level is a syslog severity, CLEF's
 *    absent "@l" is Information), else from the first upper-case level word of
 *    the message (rg_level_word_type), else "log.info". Never NULL afterwards.
 *    A logfmt line with a "status" of 5xx and no level field but Heroku's "at"
 *    (the Heroku router) is log.error;
 *  - ev->actor, only when the line names one: the host ("host.name",
 *    "hostname", "host"), else the service ("service.name", "service", "app",
 *    bunyan's and pino's "name"), else the logger ("logger", "log.logger");
 *    otherwise left as the caller set it;
 *  - attrs appended: "level" (as written) and "service", when present;
 *  - the message appended to *text: "msg", "message", "@message", CLEF's "@m" or
 *    its "@mt" template rendered with the properties (Serilog's way: strings in
 *    double quotes unless the format is ":l"), GELF's "short_message"; CLEF's
 *    "@x" and GELF's "full_message" follow on their own line. Without a message
 *    field the whole line is the text, so nothing is lost. NUL bytes become U+FFFD.
 * The shape: a line that opens with '{' and parses as a JSON object is JSON; a
 * line of at least two logfmt pairs with a level, message or time key is
 * logfmt; anything else is text. s must be valid UTF-8 (rg_linejoin_clean).
 * Strings go to arena a. Returns the shape, or -1 when out of memory (no
 * error set; ev and *text may hold part of the line). */
int rg_logline_read(rg_arena *a, const char *s, size_t n, rg_event *ev, rg_buf *text);

/* rg_logline_read for a JSON object the caller parsed (o borrowed) from
 * line[0..line_len) (the text when the object has no message field; NULL: the
 * object re-serialised). Returns 0 or -1 when out of memory. */
int rg_logline_json(rg_arena *a, const json_t *o, const char *line, size_t line_len, rg_event *ev,
                    rg_buf *text);

/* rg_logline_read for logfmt pairs s[0..n) (the caller knows the shape).
 * Returns 0 or -1 when out of memory. */
int rg_logline_logfmt(rg_arena *a, const char *s, size_t n, rg_event *ev, rg_buf *text);

/* What rg_logpeek_fold offers the core for a line s[0..n) read as logfmt
 * pairs (logfmt 1) or as rg_logline_read would (logfmt 0), as spans of s,
 * found without allocating (for the prepass thread, prepass.h): the type
 * as the fold gets it (never NULL), the message s[text..text+text_len) and
 * the actor s[actor..actor+actor_len] (has_actor 0: none). Returns 1, or 0
 * when the message, the actor or the level is not a span of s (a quoted
 * value with an escape to undo) or the line may be JSON: then only
 * rg_logpeek_fold reads it. s must be valid UTF-8 without NUL bytes (as
 * rg_linejoin_clean leaves it). Reads nothing but s: safe on any thread. */
typedef struct rg_logspans {
    const char *type;
    size_t text, text_len;
    size_t actor, actor_len;
    int has_actor;
} rg_logspans;

int rg_logline_spans(const char *s, size_t n, int logfmt, rg_logspans *out);

/* ---- folding a line before its event is built ---- */

/* README, "Evidence of any size": a line's type and message are read into a
 * scratch event in a scratch arena (emptied for each line) and offered to
 * rg_sink_fold, so a folded line leaves nothing in the build's arena. */
typedef struct rg_logpeek {
    rg_arena *scratch; /* owned; made on first use */
    rg_buf text;       /* owned */
    rg_buf actor;      /* owned: an actor rg_logpeek_fold_flat decoded */
    /* The record's whole line when it is its identity (jsonlines), set by
     * the caller for the next rg_logpeek_fold only (rg_foldable.raw); NULL
     * otherwise. Borrowed. */
    const char *raw;
    size_t raw_len;
} rg_logpeek;

/* Frees what p owns. */
void rg_logpeek_free(rg_logpeek *p);

/* rg_sink_fold for the line s[0..n) read as rg_logline_read would (o NULL,
 * logfmt 0), as the JSON object o parsed from it (rg_logline_json), or as
 * logfmt pairs (logfmt 1). Returns 1 (build the event), 0 (folded) or -1 with
 * the error in sink->diag. Without a fold hook returns 1 at once. */
int rg_logpeek_fold(rg_logpeek *p, rg_sink *sink, const char *s, size_t n, const json_t *o,
                    int logfmt, int64_t at_us, long line);

/* ---- a flat JSON line without a tree (README, "Evidence of any size") ----
 *
 * Most JSON-lines logs (pino, bunyan, zap, logrus, slog) write one flat
 * object of strings and numbers a line, and jansson's tree costs about ten
 * times the rest of a folded line. rg_logline_flat reads what
 * rg_logpeek_fold needs from such a line by one walk over it, and declines
 * (returns 0: the caller parses with jansson as before) every line where
 * the two could differ (jsonflat.h: bytes outside printable ASCII, some
 * escapes, deep nesting, anything that is not JSON), a level that is a
 * number other than a plain integer of up to 15 digits or a string over 64
 * bytes with escapes, and a CLEF "@mt" template to render. A member named
 * twice reads as jansson reads it: the last; member()'s lookups into host,
 * service and log objects are made as it makes them. */
typedef struct rg_flatfold {
    const char *type; /* the level field's type, or NULL */
    int word_type;    /* 1: no level field; the text's level word decides */
    const char *text; /* the message, or the whole line without one */
    size_t text_len;
    const char *more; /* GELF's full_message or CLEF's @x after "\n", or NULL */
    size_t more_len;
    const char *actor; /* host, service or logger, or NULL */
    size_t actor_len;
    /* text, more or actor as written in the line, with escapes to decode
     * (rg_jsonflat_unescape) */
    int text_escaped, more_escaped, actor_escaped;
    /* When has_sig is 1, the text's part of the cluster key, worked out
     * before (a prepass thread: rg_foldable.has_sig); never set by
     * rg_logline_flat. */
    int has_sig, sig_marked;
    uint64_t sig_acc;
} rg_flatfold;

/* Reads line s[0..n) as a flat JSON object into *ff (pointers into s), by
 * rg_jsonflat_walk (jsonflat.h, which says what it declines; its test
 * switch, rg_jsonflat_test_off, turns this off too). Returns 1, or 0 when
 * it declines (see above). Never allocates. */
int rg_logline_flat(const char *s, size_t n, rg_flatfold *ff);

/* rg_logpeek_fold for a line rg_logline_flat read: the same foldable, so
 * the same result. */
int rg_logpeek_fold_flat(rg_logpeek *p, rg_sink *sink, const rg_flatfold *ff, int64_t at_us,
                         long line);

/* ---- logfmt pairs (brandur.org/logfmt; there is no spec) ---- */

typedef struct rg_logfmt_pair {
    const char *key; /* borrowed: points into the line */
    size_t key_len;
    const char *value; /* borrowed: as written, inside the quotes when quoted */
    size_t value_len;
    int quoted;    /* the value was in double quotes: it may hold \" \\ \n \t escapes */
    int has_value; /* 0 for a bare key ("debug"), 1 for "k=" and "k=v" */
} rg_logfmt_pair;

/* The next pair of s[0..n) from *pos, which it advances. Returns 1 and the
 * pair, or 0 at the end. A key is a run of bytes other than space, '=' and
 * '"'; a value is quoted ("a \"b\" c", ending at the first unescaped quote or
 * the end of the line) or bare (up to the next space). Anything else (a stray
 * quote, "=x") is skipped up to the next space. Never allocates. */
int rg_logfmt_next(const char *s, size_t n, size_t *pos, rg_logfmt_pair *p);

/* Appends p's value to out, unescaped (\" \\ \n \t \r; any other "\x" stays as
 * written). Returns 0 or -1 when out of memory. */
int rg_logfmt_value(const rg_logfmt_pair *p, rg_buf *out);

/* 1 when s[0..n) reads as logfmt: its first token and at least one more are
 * key=value pairs, and one key is a level, message or time key (level, lvl,
 * severity, msg, message, time, ts, t, at). Never allocates. */
int rg_logfmt_is(const char *s, size_t n);

#endif
