/* logline.c -- reads one log line as JSON, logfmt or text with the field
 * tables every log importer shares (README, "Logs"). */
#include "logline.h"

#include "jsonflat.h"

#include "../reviewgen/alloc.h"
#include "jsontree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- strings ---- */

/* Appends s[0..n), NUL bytes (JSON "\u0000") as U+FFFD. */
static int put_nul_safe(rg_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *z = memchr(s + i, '\0', n - i);
        size_t e = z ? (size_t)(z - s) : n;
        if (rg_buf_append(b, s + i, e - i) != 0)
            return -1;
        if (!z)
            break;
        if (rg_buf_append(b, "\xEF\xBF\xBD", 3) != 0)
            return -1;
        i = e + 1;
    }
    return 0;
}

/* An arena copy of s[0..n), NUL bytes as U+FFFD; NULL when out of memory. */
static const char *arena_nul_safe(rg_arena *a, const char *s, size_t n)
{
    if (!memchr(s, '\0', n))
        return rg_arena_strndup(a, s, n);
    rg_buf b = {0};
    const char *out = put_nul_safe(&b, s, n) == 0 ? rg_arena_strndup(a, b.data, b.len) : NULL;
    rg_buf_free(&b);
    return out;
}

static const char *json_str(rg_arena *a, const json_t *v)
{
    return arena_nul_safe(a, json_string_value(v), json_string_length(v));
}

/* ---- JSON ---- */

/* The member `key`, or else `outer`.`inner` of a nested object (ECS writes
 * both "log.level": "x" and "log": {"level": "x"}). */
static json_t *member(const json_t *o, const char *key, const char *outer, const char *inner)
{
    json_t *v = json_object_get(o, key);
    if (!v && outer) {
        json_t *x = json_object_get(o, outer);
        if (json_is_object(x))
            v = json_object_get(x, inner);
    }
    return v;
}

static json_t *first_string(const json_t *o, const char *const *keys)
{
    for (; *keys; keys++) {
        json_t *v = json_object_get(o, *keys);
        if (json_is_string(v))
            return v;
    }
    return NULL;
}

/* A number as written: integers exactly, others the shortest way. */
static void number_text(const json_t *v, char *out, size_t cap)
{
    if (json_is_integer(v)) {
        snprintf(out, cap, "%lld", (long long)json_integer_value(v));
        return;
    }
    double d = json_number_value(v);
    if (d >= -1e15 && d <= 1e15 && d == (double)(long long)d)
        snprintf(out, cap, "%lld", (long long)d);
    else
        snprintf(out, cap, "%g", d);
}

/* Serilog renders a template's {Name} with the property's value: strings in
 * double quotes (unless the format is "l", literal), numbers and booleans as
 * written, objects and arrays as compact JSON. "{{" and "}}" are braces; a hole
 * whose property is missing stays as written. */
static int render_template(const char *t, size_t n, const json_t *o, rg_buf *out)
{
    size_t i = 0;
    while (i < n) {
        char c = t[i];
        if ((c == '{' || c == '}') && i + 1 < n && t[i + 1] == c) {
            if (rg_buf_putc(out, c) != 0)
                return -1;
            i += 2;
            continue;
        }
        if (c != '{') {
            if (rg_buf_putc(out, c) != 0)
                return -1;
            i++;
            continue;
        }
        const char *close = memchr(t + i, '}', n - i);
        if (!close) {
            if (rg_buf_append(out, t + i, n - i) != 0)
                return -1;
            break;
        }
        size_t hs = i + 1, he = (size_t)(close - t);
        size_t name = hs + (hs < he && (t[hs] == '@' || t[hs] == '$'));
        size_t ne = name;
        while (ne < he && t[ne] != ',' && t[ne] != ':')
            ne++;
        int literal = ne < he && t[ne] == ':' && he - ne == 2 && t[ne + 1] == 'l';
        char key[128];
        json_t *v = NULL;
        if (ne > name && ne - name < sizeof(key)) {
            memcpy(key, t + name, ne - name);
            key[ne - name] = '\0';
            v = json_object_get(o, key);
        }
        int rc = 0;
        if (!v) {
            rc = rg_buf_append(out, t + i, he + 1 - i);
        } else if (json_is_string(v)) {
            rc = (!literal && rg_buf_putc(out, '"') != 0) ||
                 put_nul_safe(out, json_string_value(v), json_string_length(v)) != 0 ||
                 (!literal && rg_buf_putc(out, '"') != 0);
        } else if (json_is_number(v)) {
            char num[64];
            number_text(v, num, sizeof(num));
            rc = rg_buf_puts(out, num);
        } else {
            char *js = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            rc = js ? rg_buf_puts(out, js) : -1;
            free(js);
        }
        if (rc != 0)
            return -1;
        i = he + 1;
    }
    return 0;
}

/* A GELF level given as a string: its digits are the syslog severity
 * ("3", "03"; a number past 7 is info, as rg_level_syslog_type says), any
 * other text a level name ("error"). Only the first digit was read before,
 * so "12" was an alert and "03" an emergency. */
static const char *gelf_level_type(const char *s, size_t n)
{
    long long v = 0;
    size_t i = 0;
    while (i < n && i < 18 && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (s[i++] - '0');
    return n > 0 && i == n ? rg_level_syslog_type(v) : rg_level_name_type(s, n);
}

static const char *const msg_keys[] = {"msg", "message", "@message", NULL};
static const char *const lv_keys[] = {"level", "lvl", "severity", "levelname", NULL};

int rg_logline_json(rg_arena *a, const json_t *o, const char *line, size_t line_len, rg_event *ev,
                    rg_buf *text)
{
    /* README, "Logs": the actor is the host that wrote the line (hostname,
     * host.name), as for syslog; without one, the service, then the logger. */
    json_t *host = member(o, "host.name", "host", "name");
    if (!json_is_string(host))
        host = json_object_get(o, "hostname");
    if (!json_is_string(host))
        host = json_object_get(o, "host");
    json_t *service = member(o, "service.name", "service", "name");
    if (!json_is_string(service))
        service = json_object_get(o, "service");
    if (!json_is_string(service))
        service = json_object_get(o, "name"); /* bunyan's and pino's application name */
    json_t *logger = json_object_get(o, "logger");
    if (!json_is_string(logger))
        logger = member(o, "log.logger", "log", "logger");
    json_t *actor = json_is_string(host)      ? host
                    : json_is_string(service) ? service
                    : json_is_string(logger)  ? logger
                                              : NULL;
    if (actor && !(ev->actor = json_str(a, actor)))
        return -1;

    /* GELF carries "short_message" and a syslog severity in "level"; CLEF
     * writes "@l" (absent: Information) and "@m" or the template "@mt". */
    json_t *gelf_msg = json_object_get(o, "short_message");
    int gelf = json_is_string(gelf_msg);
    json_t *clef_m = json_object_get(o, "@m"), *clef_mt = json_object_get(o, "@mt");
    int clef = json_is_string(clef_m) || json_is_string(clef_mt);
    json_t *lv = NULL;
    for (size_t i = 0; lv_keys[i] && !lv; i++) {
        json_t *v = json_object_get(o, lv_keys[i]);
        if (json_is_string(v) || json_is_number(v))
            lv = v;
    }
    if (!lv) {
        json_t *v = member(o, "log.level", "log", "level");
        if (json_is_string(v) || json_is_number(v))
            lv = v;
    }
    if (!lv && clef) {
        json_t *v = json_object_get(o, "@l");
        if (json_is_string(v))
            lv = v;
    }
    json_t *msg = first_string(o, msg_keys);
    if (!msg && gelf)
        msg = gelf_msg;
    if (!msg && json_is_string(clef_m))
        msg = clef_m;

    size_t start = text->len;
    if (msg) {
        if (put_nul_safe(text, json_string_value(msg), json_string_length(msg)) != 0)
            return -1;
    } else if (json_is_string(clef_mt)) {
        if (render_template(json_string_value(clef_mt), json_string_length(clef_mt), o, text) != 0)
            return -1;
    }
    int has_msg = msg || json_is_string(clef_mt);
    json_t *more = gelf   ? json_object_get(o, "full_message")
                   : clef ? json_object_get(o, "@x")
                          : NULL;
    if (has_msg && json_is_string(more) && json_string_length(more) > 0 &&
        (rg_buf_putc(text, '\n') != 0 ||
         put_nul_safe(text, json_string_value(more), json_string_length(more)) != 0))
        return -1;

    if (lv) {
        char num[64];
        const char *lt;
        if (json_is_number(lv)) {
            number_text(lv, num, sizeof(num));
            long long v = json_is_integer(lv) ? (long long)json_integer_value(lv)
                                              : (long long)json_number_value(lv);
            ev->type = gelf ? rg_level_syslog_type(v) : rg_level_number_type(v);
            lt = num;
        } else {
            const char *s = json_string_value(lv);
            size_t n = json_string_length(lv);
            ev->type = gelf ? gelf_level_type(s, n) : rg_level_name_type(s, n);
            if (!(lt = json_str(a, lv)))
                return -1;
        }
        if (rg_event_attr(a, ev, "level", lt) != 0)
            return -1;
    } else if (clef) {
        ev->type = "log.info"; /* CLEF leaves out "@l" for Information */
    } else {
        /* README, "Logs: levels": no level field, so a level word in the
         * message decides. */
        ev->type = has_msg ? rg_level_word_type(text->data + start, text->len - start) : NULL;
        if (!ev->type)
            ev->type = "log.info";
    }
    if (json_is_string(service)) {
        const char *sv = json_str(a, service);
        if (!sv || rg_event_attr(a, ev, "service", sv) != 0)
            return -1;
    }
    if (!has_msg) {
        /* No message field: the whole line is the text, so nothing is lost. */
        int rc;
        if (line) {
            rc = put_nul_safe(text, line, line_len);
        } else {
            char *js = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            rc = js ? put_nul_safe(text, js, strlen(js)) : -1;
            free(js);
        }
        if (rc != 0)
            return -1;
        if (!lv) {
            ev->type = rg_level_word_type(text->data + start, text->len - start);
            if (!ev->type)
                ev->type = "log.info";
        }
    }
    return 0;
}

/* ---- logfmt ---- */

static int is_key_byte(char c)
{
    return c != ' ' && c != '\t' && c != '=' && c != '"';
}

int rg_logfmt_next(const char *s, size_t n, size_t *pos, rg_logfmt_pair *p)
{
    size_t i = *pos;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i >= n) {
            *pos = n;
            return 0;
        }
        if (is_key_byte(s[i]))
            break;
        /* A stray quote or '=': skip this token. */
        if (s[i] == '"') {
            i++;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' && i + 1 < n ? 2 : 1;
            if (i < n)
                i++;
        }
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
    }
    memset(p, 0, sizeof(*p));
    size_t ks = i;
    while (i < n && is_key_byte(s[i]))
        i++;
    p->key = s + ks;
    p->key_len = i - ks;
    if (i < n && s[i] == '=') {
        i++;
        p->has_value = 1;
        if (i < n && s[i] == '"') {
            size_t vs = ++i;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' && i + 1 < n ? 2 : 1;
            if (i > n)
                i = n;
            p->value = s + vs;
            p->value_len = i - vs;
            p->quoted = 1;
            if (i < n)
                i++;
        } else {
            size_t vs = i;
            while (i < n && s[i] != ' ' && s[i] != '\t')
                i++;
            p->value = s + vs;
            p->value_len = i - vs;
        }
    } else {
        p->value = s + i;
        /* "key"x: a quote glued to a key is not a pair; skip to the space. */
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
    }
    *pos = i;
    return 1;
}

int rg_logfmt_value(const rg_logfmt_pair *p, rg_buf *out)
{
    if (!p->quoted)
        return rg_buf_append(out, p->value, p->value_len);
    const char *v = p->value;
    size_t n = p->value_len, i = 0;
    while (i < n) {
        const char *bs = memchr(v + i, '\\', n - i);
        size_t e = bs ? (size_t)(bs - v) : n;
        if (rg_buf_append(out, v + i, e - i) != 0)
            return -1;
        if (!bs)
            break;
        if (e + 1 >= n) {
            if (rg_buf_putc(out, '\\') != 0)
                return -1;
            break;
        }
        char c = v[e + 1], r;
        switch (c) {
        case '"':
        case '\\':
            r = c;
            break;
        case 'n':
            r = '\n';
            break;
        case 't':
            r = '\t';
            break;
        case 'r':
            r = '\r';
            break;
        default:
            r = 0;
        }
        if (r ? rg_buf_putc(out, r) != 0 : rg_buf_append(out, v + e, 2) != 0)
            return -1;
        i = e + 2;
    }
    return 0;
}

/* A key and its length, for the tables a line's keys are compared with
 * (logfmt's pairs, the JSON field table of rg_logline_flat): a line's every
 * key meets ten or so, and a strlen for each showed in the profile. */
typedef struct lf_key {
    const char *s;
    size_t n;
} lf_key;

#define LF_KEY(k)                                                                                  \
    {                                                                                              \
        k, sizeof(k) - 1                                                                           \
    }

static int key_is_n(const rg_logfmt_pair *p, const char *k, size_t n)
{
    return p->key_len == n && memcmp(p->key, k, n) == 0;
}

/* key_is(p, "literal"): the length known where it is written. */
#define key_is(p, k) key_is_n((p), k, sizeof(k) - 1)

static int key_in(const rg_logfmt_pair *p, const lf_key *keys)
{
    for (; keys->s; keys++)
        if (key_is_n(p, keys->s, keys->n))
            return 1;
    return 0;
}

static const lf_key lf_level_keys[] = {
    LF_KEY("level"), LF_KEY("lvl"), LF_KEY("severity"), {NULL, 0}};
static const lf_key lf_msg_keys[] = {LF_KEY("msg"), LF_KEY("message"), {NULL, 0}};
static const lf_key lf_mark_keys[] = {
    LF_KEY("level"), LF_KEY("lvl"), LF_KEY("severity"), LF_KEY("msg"), LF_KEY("message"),
    LF_KEY("time"),  LF_KEY("ts"),  LF_KEY("t"),        LF_KEY("at"),  {NULL, 0}};

int rg_logfmt_is(const char *s, size_t n)
{
    size_t pos = 0, lead = 0;
    while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
        lead++;
    rg_logfmt_pair p;
    int pairs = 0, marked = 0, first = 1;
    while (rg_logfmt_next(s, n, &pos, &p)) {
        if (first && (!p.has_value || p.key != s + lead))
            return 0;
        first = 0;
        if (p.has_value) {
            pairs++;
            marked |= key_in(&p, lf_mark_keys);
        }
        if (pairs >= 2 && marked)
            return 1;
    }
    return 0;
}

/* An arena copy of p's unescaped value. */
static const char *pair_value(rg_arena *a, const rg_logfmt_pair *p, rg_buf *tmp)
{
    rg_buf_reset(tmp);
    if (rg_logfmt_value(p, tmp) != 0)
        return NULL;
    return arena_nul_safe(a, tmp->data ? tmp->data : "", tmp->len);
}

/* "30001ms", "2s": the Heroku router's "service" is how long the dyno took,
 * not a service's name. */
static int is_duration(const rg_logfmt_pair *p)
{
    size_t i = 0;
    while (i < p->value_len && p->value[i] >= '0' && p->value[i] <= '9')
        i++;
    if (i == 0)
        return 0;
    size_t rest = p->value_len - i;
    return (rest == 2 && memcmp(p->value + i, "ms", 2) == 0) || (rest == 1 && p->value[i] == 's');
}

/* The pairs of a logfmt line that say its level, message, actor and service:
 * the first of each. */
typedef struct lf_pick {
    rg_logfmt_pair level, msg, heroku_at, status, host, service, logger;
    int has_level, has_msg, has_at, has_status, has_host, has_service, has_logger;
} lf_pick;

static void lf_scan(const char *s, size_t n, lf_pick *k)
{
    memset(k, 0, sizeof(*k));
    rg_logfmt_pair p;
    size_t pos = 0;
    while (rg_logfmt_next(s, n, &pos, &p)) {
        if (!p.has_value)
            continue;
        if (!k->has_level && key_in(&p, lf_level_keys))
            k->level = p, k->has_level = 1;
        else if (!k->has_msg && key_in(&p, lf_msg_keys))
            k->msg = p, k->has_msg = 1;
        else if (!k->has_at && key_is(&p, "at"))
            k->heroku_at = p, k->has_at = 1;
        else if (!k->has_status && key_is(&p, "status"))
            k->status = p, k->has_status = 1;
        else if (!k->has_host && (key_is(&p, "host") || key_is(&p, "hostname")))
            k->host = p, k->has_host = 1;
        else if (!k->has_service && (key_is(&p, "service") || key_is(&p, "app")) &&
                 !is_duration(&p))
            k->service = p, k->has_service = 1;
        else if (!k->has_logger && (key_is(&p, "logger") || key_is(&p, "component")))
            k->logger = p, k->has_logger = 1;
    }
}

/* The pair that names the actor (the host, else the service, else the
 * logger), or NULL. */
static const rg_logfmt_pair *lf_actor(const lf_pick *k)
{
    return k->has_host      ? &k->host
           : k->has_service ? &k->service
           : k->has_logger  ? &k->logger
                            : NULL;
}

/* The pair that gives the level (Heroku's "at" without a level), or NULL. */
static const rg_logfmt_pair *lf_level(const lf_pick *k)
{
    return k->has_level ? &k->level : k->has_at ? &k->heroku_at : NULL;
}

/* The Heroku router writes at=info for a request the app answered with a
 * 5xx: the status, not "at", says it failed. An explicit level wins. */
static int lf_router_error(const lf_pick *k)
{
    const rg_logfmt_pair *st = &k->status;
    return !k->has_level && k->has_status && st->value_len == 3 && st->value[0] == '5' &&
           st->value[1] >= '0' && st->value[1] <= '9' && st->value[2] >= '0' && st->value[2] <= '9';
}

int rg_logline_logfmt(rg_arena *a, const char *s, size_t n, rg_event *ev, rg_buf *text)
{
    lf_pick k;
    lf_scan(s, n, &k);
    rg_buf tmp = {0};
    int rc = -1;
    const rg_logfmt_pair *actor = lf_actor(&k);
    if (actor && actor->value_len && !(ev->actor = pair_value(a, actor, &tmp)))
        goto out;
    const rg_logfmt_pair *lv = lf_level(&k);
    size_t start = text->len;
    if (k.has_msg ? rg_logfmt_value(&k.msg, text) != 0 : rg_buf_append(text, s, n) != 0)
        goto out;
    if (lv) {
        rg_buf_reset(&tmp);
        if (rg_logfmt_value(lv, &tmp) != 0)
            goto out;
        ev->type = rg_level_name_type(tmp.data ? tmp.data : "", tmp.len);
        const char *lt = arena_nul_safe(a, tmp.data ? tmp.data : "", tmp.len);
        if (!lt || rg_event_attr(a, ev, "level", lt) != 0)
            goto out;
    } else {
        ev->type = rg_level_word_type(text->data + start, text->len - start);
        if (!ev->type)
            ev->type = "log.info";
    }
    if (lf_router_error(&k))
        ev->type = "log.error";
    if (k.has_service) {
        const char *sv = pair_value(a, &k.service, &tmp);
        if (!sv || rg_event_attr(a, ev, "service", sv) != 0)
            goto out;
    }
    rc = 0;
out:
    rg_buf_free(&tmp);
    return rc;
}

/* 1 when p's value is its bytes as written (no escape to undo). */
static int lf_as_written(const rg_logfmt_pair *p)
{
    return !p->quoted || !memchr(p->value, '\\', p->value_len);
}

int rg_logline_spans(const char *s, size_t n, int logfmt, rg_logspans *out)
{
    memset(out, 0, sizeof(*out));
    size_t i = 0;
    if (!logfmt) { /* rg_logline_read's order: JSON, logfmt, text */
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        if (i < n && s[i] == '{')
            return 0;
        if (!rg_logfmt_is(s + i, n - i)) {
            out->text_len = n;
            out->type = rg_level_word_type(s, n);
            if (!out->type)
                out->type = "log.info";
            return 1;
        }
    }
    const char *t = s + i;
    size_t tn = n - i;
    lf_pick k;
    lf_scan(t, tn, &k);
    const rg_logfmt_pair *actor = lf_actor(&k), *lv = lf_level(&k);
    if ((actor && actor->value_len && !lf_as_written(actor)) ||
        (k.has_msg && !lf_as_written(&k.msg)) || (lv && !lf_as_written(lv)))
        return 0;
    if (actor && actor->value_len) {
        out->has_actor = 1;
        out->actor = (size_t)(actor->value - s);
        out->actor_len = actor->value_len;
    }
    if (k.has_msg) {
        out->text = (size_t)(k.msg.value - s);
        out->text_len = k.msg.value_len;
    } else {
        out->text = i;
        out->text_len = tn;
    }
    if (lv)
        out->type = rg_level_name_type(lv->value, lv->value_len);
    else
        out->type = rg_level_word_type(s + out->text, out->text_len);
    if (lf_router_error(&k))
        out->type = "log.error";
    if (!out->type)
        out->type = "log.info";
    return 1;
}

/* ---- any line ---- */

int rg_logline_read(rg_arena *a, const char *s, size_t n, rg_event *ev, rg_buf *text)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && s[i] == '{') {
        json_error_t err;
        unsigned long failures = rg_alloc_failures();
        json_t *o = rg_json_loadb(s, n, JSON_ALLOW_NUL, &err);
        if (!o && rg_alloc_failures() != failures)
            return -1;
        if (json_is_object(o)) {
            int rc = rg_logline_json(a, o, s, n, ev, text);
            json_decref(o);
            return rc == 0 ? RG_LOGLINE_JSON : -1;
        }
        json_decref(o);
    }
    if (rg_logfmt_is(s + i, n - i))
        return rg_logline_logfmt(a, s + i, n - i, ev, text) == 0 ? RG_LOGLINE_LOGFMT : -1;
    if (rg_buf_append(text, s, n) != 0)
        return -1;
    ev->type = rg_level_word_type(s, n);
    if (!ev->type)
        ev->type = "log.info";
    return RG_LOGLINE_TEXT;
}

void rg_logpeek_free(rg_logpeek *p)
{
    rg_arena_free(p->scratch);
    rg_buf_free(&p->text);
    rg_buf_free(&p->actor);
    memset(p, 0, sizeof(*p));
}

int rg_logpeek_fold(rg_logpeek *p, rg_sink *sink, const char *s, size_t n, const json_t *o,
                    int logfmt, int64_t at_us, long line)
{
    if (!sink->fold)
        return 1;
    if (!o && !logfmt) {
        /* a line that is a flat JSON object: no tree (rg_logline_flat) */
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        rg_flatfold ff;
        if (i < n && s[i] == '{' && rg_logline_flat(s, n, &ff))
            return rg_logpeek_fold_flat(p, sink, &ff, at_us, line);
    }
    if (!p->scratch && !(p->scratch = rg_arena_new()))
        return rg_diag_error(sink->diag, NULL, line, 0, "out of memory");
    rg_arena_reset(p->scratch);
    rg_buf_reset(&p->text);
    rg_event ev;
    memset(&ev, 0, sizeof(ev));
    int rc = o        ? rg_logline_json(p->scratch, o, s, n, &ev, &p->text)
             : logfmt ? rg_logline_logfmt(p->scratch, s, n, &ev, &p->text)
                      : rg_logline_read(p->scratch, s, n, &ev, &p->text);
    if (rc < 0)
        return rg_diag_error(sink->diag, NULL, line, 0, "out of memory");
    rg_foldable f = {at_us,
                     ev.type ? ev.type : "log.info",
                     p->text.data ? p->text.data : "",
                     p->text.len,
                     ev.actor,
                     ev.actor ? strlen(ev.actor) : 0,
                     0,
                     line,
                     p->raw,
                     p->raw_len,
                     0,
                     0,
                     0};
    p->raw = NULL;
    return rg_sink_fold(sink, &f);
}

/* ---- a flat JSON line without a tree ---- */

/* The members rg_logline_json looks at, in one table. */
enum {
    F_LEVEL,
    F_LVL,
    F_SEVERITY,
    F_LEVELNAME,
    F_LOG_LEVEL,
    F_AT_L,
    F_MSG,
    F_MESSAGE,
    F_AT_MESSAGE,
    F_SHORT_MESSAGE,
    F_AT_M,
    F_AT_MT,
    F_FULL_MESSAGE,
    F_AT_X,
    F_HOST_NAME,
    F_HOSTNAME,
    F_HOST,
    F_SERVICE_NAME,
    F_SERVICE,
    F_NAME,
    F_LOGGER,
    F_LOG_LOGGER,
    F_LOG, /* an object here is looked into by member() */
    F_COUNT
};
static const lf_key flat_names[F_COUNT] = {
    LF_KEY("level"),         LF_KEY("lvl"),       LF_KEY("severity"),
    LF_KEY("levelname"),     LF_KEY("log.level"), LF_KEY("@l"),
    LF_KEY("msg"),           LF_KEY("message"),   LF_KEY("@message"),
    LF_KEY("short_message"), LF_KEY("@m"),        LF_KEY("@mt"),
    LF_KEY("full_message"),  LF_KEY("@x"),        LF_KEY("host.name"),
    LF_KEY("hostname"),      LF_KEY("host"),      LF_KEY("service.name"),
    LF_KEY("service"),       LF_KEY("name"),      LF_KEY("logger"),
    LF_KEY("log.logger"),    LF_KEY("log")};

static int flat_key(const char *k, size_t n)
{
    /* The members of each length, -1 ending; most keys of a line are none
     * of them and are ruled out by their length and first byte. */
    static const signed char by_len[14][5] = {{-1},
                                              {-1},
                                              {F_AT_L, F_AT_M, F_AT_X, -1},
                                              {F_LVL, F_MSG, F_AT_MT, F_LOG, -1},
                                              {F_HOST, F_NAME, -1},
                                              {F_LEVEL, -1},
                                              {F_LOGGER, -1},
                                              {F_MESSAGE, F_SERVICE, -1},
                                              {F_SEVERITY, F_AT_MESSAGE, F_HOSTNAME, -1},
                                              {F_LEVELNAME, F_LOG_LEVEL, F_HOST_NAME, -1},
                                              {F_LOG_LOGGER, -1},
                                              {-1},
                                              {F_FULL_MESSAGE, F_SERVICE_NAME, -1},
                                              {F_SHORT_MESSAGE, -1}};
    if (n >= sizeof(by_len) / sizeof(by_len[0]))
        return -1;
    for (const signed char *c = by_len[n]; *c >= 0; c++)
        if (flat_names[*c].s[0] == k[0] && memcmp(flat_names[*c].s, k, n) == 0)
            return *c;
    return -1;
}

static const rg_jsonflat_value *flat_string(const rg_jsonflat_value *m, const int *keys, size_t nk)
{
    for (size_t i = 0; i < nk; i++)
        if (m[keys[i]].kind == RG_JF_STRING)
            return &m[keys[i]];
    return NULL;
}

enum { INNER_NAME, INNER_LEVEL, INNER_LOGGER, INNER_COUNT };

static int inner_key(const char *k, size_t n)
{
    if (n == 4 && memcmp(k, "name", 4) == 0)
        return INNER_NAME;
    if (n == 5 && memcmp(k, "level", 5) == 0)
        return INNER_LEVEL;
    if (n == 6 && memcmp(k, "logger", 6) == 0)
        return INNER_LOGGER;
    return -1;
}

/* member(o, "outer.inner", "outer", "inner") of rg_logline_json: the dotted
 * member, else, when the line has none, `inner` of the object `outer`
 * (the last of each name, as jansson keeps them); set in m[dotted]. */
static void look_into(rg_jsonflat_value *m, int dotted, int outer, int inner)
{
    if (m[dotted].kind != RG_JF_NONE || m[outer].kind != RG_JF_NESTED || m[outer].s[0] != '{')
        return;
    rg_jsonflat_value in[INNER_COUNT];
    memset(in, 0, sizeof(in));
    /* the object was checked by the walk of its line: this reads it again */
    if (rg_jsonflat_walk(m[outer].s, m[outer].n, inner_key, in))
        m[dotted] = in[inner];
}

/* The value of a plain integer, as jansson's double gives it. */
static long long flat_int(const rg_jsonflat_value *v)
{
    long long x = 0;
    size_t i = v->s[0] == '-';
    for (; i < v->n; i++)
        x = x * 10 + (v->s[i] - '0');
    return v->s[0] == '-' ? -x : x;
}

int rg_logline_flat(const char *s, size_t n, rg_flatfold *ff)
{
    rg_jsonflat_value m[F_COUNT];
    memset(m, 0, sizeof(m));
    memset(ff, 0, sizeof(*ff));
    if (!rg_jsonflat_walk(s, n, flat_key, m))
        return 0;
    /* member()'s nested lookups ("host": {"name": ...}, ECS's "log":
     * {"level": ...}); other members' objects and arrays are never read */
    look_into(m, F_HOST_NAME, F_HOST, INNER_NAME);
    look_into(m, F_SERVICE_NAME, F_SERVICE, INNER_NAME);
    look_into(m, F_LOG_LEVEL, F_LOG, INNER_LEVEL);
    look_into(m, F_LOG_LOGGER, F_LOG, INNER_LOGGER);
    /* Below, rg_logline_json's choices one by one. */
    static const int host_k[] = {F_HOST_NAME, F_HOSTNAME, F_HOST};
    static const int service_k[] = {F_SERVICE_NAME, F_SERVICE, F_NAME};
    static const int logger_k[] = {F_LOGGER, F_LOG_LOGGER};
    static const int msg_k[] = {F_MSG, F_MESSAGE, F_AT_MESSAGE};
    const rg_jsonflat_value *actor = flat_string(m, host_k, 3);
    if (!actor)
        actor = flat_string(m, service_k, 3);
    if (!actor)
        actor = flat_string(m, logger_k, 2);
    if (actor) {
        ff->actor = actor->s;
        ff->actor_len = actor->n;
        ff->actor_escaped = actor->escaped;
    }
    int gelf = m[F_SHORT_MESSAGE].kind == RG_JF_STRING;
    int clef = m[F_AT_M].kind == RG_JF_STRING || m[F_AT_MT].kind == RG_JF_STRING;
    const rg_jsonflat_value *lv = NULL;
    static const int lv_k[] = {F_LEVEL, F_LVL, F_SEVERITY, F_LEVELNAME, F_LOG_LEVEL};
    for (size_t i = 0; i < sizeof(lv_k) / sizeof(lv_k[0]) && !lv; i++)
        if (m[lv_k[i]].kind == RG_JF_STRING || m[lv_k[i]].kind == RG_JF_INT ||
            m[lv_k[i]].kind == RG_JF_NUMBER)
            lv = &m[lv_k[i]];
    if (!lv && clef && m[F_AT_L].kind == RG_JF_STRING)
        lv = &m[F_AT_L];
    if (lv && lv->kind == RG_JF_NUMBER)
        return 0; /* its type is what a double rounds to: jansson's */
    const rg_jsonflat_value *msg = flat_string(m, msg_k, 3);
    if (!msg && gelf)
        msg = &m[F_SHORT_MESSAGE];
    if (!msg && m[F_AT_M].kind == RG_JF_STRING)
        msg = &m[F_AT_M];
    if (!msg && m[F_AT_MT].kind == RG_JF_STRING)
        return 0; /* a template to render */
    const rg_jsonflat_value *more = gelf ? &m[F_FULL_MESSAGE] : clef ? &m[F_AT_X] : NULL;
    if (msg) {
        ff->text = msg->s;
        ff->text_len = msg->n;
        ff->text_escaped = msg->escaped;
        if (more && more->kind == RG_JF_STRING && more->n > 0) {
            ff->more = more->s;
            ff->more_len = more->n;
            ff->more_escaped = more->escaped;
        }
    } else {
        ff->text = s;
        ff->text_len = n;
    }
    if (lv && lv->kind == RG_JF_INT) {
        long long v = flat_int(lv);
        ff->type = gelf ? rg_level_syslog_type(v) : rg_level_number_type(v);
    } else if (lv) {
        char word[64];
        const char *ls = lv->s;
        size_t ln = lv->n;
        if (lv->escaped) {
            if (ln > sizeof(word))
                return 0;
            ln = rg_jsonflat_unescape(ls, ln, word);
            ls = word;
        }
        ff->type = gelf ? gelf_level_type(ls, ln) : rg_level_name_type(ls, ln);
    } else if (clef) {
        ff->type = "log.info"; /* CLEF leaves out "@l" for Information */
    } else {
        ff->word_type = 1;
    }
    return 1;
}

/* Appends a string the walk read: s[0..n) as written, decoded when it
 * holds escapes (in place: decoding never lengthens it). */
static int put_flat(rg_buf *b, const char *s, size_t n, int escaped)
{
    size_t at = b->len;
    if (rg_buf_append(b, s, n) != 0)
        return -1;
    if (escaped)
        b->len = at + rg_jsonflat_unescape(b->data + at, n, b->data + at);
    return 0;
}

int rg_logpeek_fold_flat(rg_logpeek *p, rg_sink *sink, const rg_flatfold *ff, int64_t at_us,
                         long line)
{
    if (!sink->fold)
        return 1;
    const char *text = ff->text, *actor = ff->actor;
    size_t text_len = ff->text_len, actor_len = ff->actor_len;
    if (ff->more || ff->text_escaped) {
        rg_buf_reset(&p->text);
        if (put_flat(&p->text, ff->text, ff->text_len, ff->text_escaped) != 0 ||
            (ff->more && (rg_buf_putc(&p->text, '\n') != 0 ||
                          put_flat(&p->text, ff->more, ff->more_len, ff->more_escaped) != 0)))
            return rg_diag_error(sink->diag, NULL, line, 0, "out of memory");
        text = p->text.data;
        text_len = p->text.len;
    }
    if (ff->actor_escaped) {
        rg_buf_reset(&p->actor);
        if (put_flat(&p->actor, ff->actor, ff->actor_len, 1) != 0)
            return rg_diag_error(sink->diag, NULL, line, 0, "out of memory");
        actor = p->actor.data;
        actor_len = p->actor.len;
    }
    const char *type = ff->word_type ? rg_level_word_type(text, text_len) : ff->type;
    rg_foldable f = {at_us,       type ? type : "log.info",
                     text,        text_len,
                     actor,       actor_len,
                     0,           line,
                     p->raw,      p->raw_len,
                     ff->has_sig, ff->sig_marked,
                     ff->sig_acc};
    p->raw = NULL;
    return rg_sink_fold(sink, &f);
}
