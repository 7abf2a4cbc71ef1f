/* mustache.c -- the Mustache template engine: parse a template into a flat
 * list of nodes (every syntax error is found before anything renders), then
 * walk it over a context stack of jansson values (README, "Rendering"). */
#include "mustache.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "arena.h"
#include "escape.h"

/* Limits that turn a runaway template into an error instead of a stack
 * overflow or an exhausted disk: sections nested in one template, partials
 * nested in each other (a partial that includes itself unconditionally),
 * sections and partials together, and the size of the output. */
enum {
    MAX_SECTION_NESTING = 100,
    MAX_PARTIAL_DEPTH = 64,
    MAX_RENDER_DEPTH = 512,
};
#define MAX_OUTPUT ((size_t)256 << 20)

typedef enum node_type { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL } node_type;

typedef struct node {
    node_type type;
    const char *s; /* the text, or the tag's name; points into the template */
    size_t len;
    size_t offset;      /* where the tag starts in the template, for messages */
    size_t end;         /* sections: index of the first node after the body */
    const char *indent; /* standalone partials: the whitespace before the tag */
    size_t indent_len;
} node;

/* One parsed template. A partial's source is our own indented copy. */
typedef struct tmpl {
    char *name;
    char *own_src; /* NULL for the caller's template */
    const char *src;
    size_t len;
    size_t indent_len; /* prepended to every line: taken off reported columns */
    node *nodes;
    size_t n_nodes, cap_nodes;
    struct tmpl *next; /* the partial cache */
    char *key;         /* partials: name, then NUL, then the indentation */
    size_t key_len;
    int missing; /* the loader had no such partial */
} tmpl;

typedef struct render {
    const rg_mustache_opts *opts;
    rg_diag *diag;
    rg_buf out;
    const json_t **stack;
    size_t n_stack, cap_stack;
    tmpl *partials;
    int depth, partial_depth;
} render;

static const char *display_name(const char *name)
{
    return name ? name : "<template>";
}

/* Line and column (in characters, from 1) of src[offset]; a partial's
 * columns are given without the indentation we added to its lines. */
static void location(const tmpl *t, size_t offset, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < offset && i < t->len; i++) {
        unsigned char ch = (unsigned char)t->src[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    if (c > (long)t->indent_len)
        c -= (long)t->indent_len;
    *line = l;
    *col = c;
}

static int error_at(render *r, const tmpl *t, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int error_at(render *r, const tmpl *t, size_t offset, const char *fmt, ...)
{
    long line, col;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    location(t, offset, &line, &col);
    return rg_diag_error(r->diag, display_name(t->name), line, col, "%s", msg);
}

static int oom(render *r, const tmpl *t)
{
    return rg_diag_error(r->diag, display_name(t ? t->name : NULL), 0, 0, "out of memory");
}

/* ---- parsing ---- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Returns the offset of needle in src[from..limit), or SIZE_MAX. */
static size_t find(const char *src, size_t from, size_t limit, const char *needle, size_t n)
{
    if (n == 0 || limit < from || limit - from < n)
        return SIZE_MAX;
    size_t last = limit - n; /* the last offset where needle fits */
    for (size_t i = from; i <= last;) {
        const char *p = memchr(src + i, needle[0], last - i + 1);
        if (!p)
            return SIZE_MAX;
        i = (size_t)(p - src);
        if (memcmp(p, needle, n) == 0)
            return i;
        i++;
    }
    return SIZE_MAX;
}

/* The closing delimiter preceded by `before` (the '}' of a triple mustache,
 * the '=' of a set-delimiter tag), searched in src[from..limit). Returns the
 * offset of `before`, or SIZE_MAX. */
static size_t find_close_after(const char *src, size_t from, size_t limit, const char *close,
                               size_t close_len, char before)
{
    size_t at = from;
    for (;;) {
        size_t q = find(src, at, limit, close, close_len);
        if (q == SIZE_MAX)
            return SIZE_MAX;
        if (q > from && src[q - 1] == before)
            return q - 1;
        at = q + 1;
    }
}

static node *add_node(tmpl *t, node_type type, const char *s, size_t len, size_t offset)
{
    if (t->n_nodes == t->cap_nodes) {
        size_t cap = t->cap_nodes ? t->cap_nodes * 2 : 32;
        node *p = rg_realloc(t->nodes, cap * sizeof *p);
        if (!p)
            return NULL;
        t->nodes = p;
        t->cap_nodes = cap;
    }
    node *nd = &t->nodes[t->n_nodes++];
    memset(nd, 0, sizeof *nd);
    nd->type = type;
    nd->s = s;
    nd->len = len;
    nd->offset = offset;
    return nd;
}

/* Quotes at most 40 bytes of what the user wrote, for messages. */
static const char *quote(char *buf, size_t size, const char *s, size_t len)
{
    size_t n = len < 40 ? len : 40;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\n' || buf[i] == '\r')
            buf[i] = ' ';
    if (len > n && n >= 3)
        memcpy(buf + n - 3, "...", 3);
    return buf;
}

/* A name is one run of non-whitespace characters (the spec's "MUST"). */
static int check_name(render *r, const tmpl *t, size_t offset, const char *s, size_t len)
{
    char q[64];
    if (len == 0)
        return error_at(r, t, offset, "empty tag name");
    for (size_t i = 0; i < len; i++)
        if (is_space(s[i]))
            return error_at(r, t, offset, "tag name '%s' contains a space",
                            quote(q, sizeof q, s, len));
    return 0;
}

/* {{=<% %>=}}: two non-blank delimiters, separated by whitespace, neither
 * holding '=' (which would make the next set-delimiter tag unreadable). */
static int set_delimiters(render *r, const tmpl *t, size_t offset, const char *s, size_t len,
                          const char **open, size_t *open_len, const char **close,
                          size_t *close_len)
{
    size_t i = 0, a, a_len, b, b_len;
    while (i < len && is_space(s[i]))
        i++;
    a = i;
    while (i < len && !is_space(s[i]))
        i++;
    a_len = i - a;
    while (i < len && is_space(s[i]))
        i++;
    b = i;
    while (i < len && !is_space(s[i]))
        i++;
    b_len = i - b;
    while (i < len && is_space(s[i]))
        i++;
    int bad = a_len == 0 || b_len == 0 || i < len || memchr(s + a, '=', a_len) ||
              memchr(s + b, '=', b_len);
    if (bad) {
        char q[64];
        return error_at(r, t, offset,
                        "bad delimiters '%s': expected two delimiters without '=' separated by "
                        "a space",
                        quote(q, sizeof q, s, len));
    }
    *open = s + a;
    *open_len = a_len;
    *close = s + b;
    *close_len = b_len;
    return 0;
}

/* Parses t->src into t->nodes. A section node's `end` is set by its closing
 * tag; the standalone-line rule (a section, inverted, closing, comment,
 * partial or set-delimiter tag alone on its line, with only blanks around it)
 * removes the whole line, and a standalone partial keeps the blanks before it
 * as the indentation of every line it renders. */
static int parse(render *r, tmpl *t)
{
    const char *src = t->src;
    size_t len = t->len;
    const char *open = "{{", *close = "}}";
    size_t open_len = 2, close_len = 2;
    size_t open_sections[MAX_SECTION_NESTING];
    size_t n_open = 0;
    size_t pos = 0, line_end = SIZE_MAX;
    char q1[64], q2[64];

    while (pos < len) {
        size_t start = find(src, pos, len, open, open_len);
        if (start == SIZE_MAX)
            break;
        size_t p = start + open_len;
        char sigil = p < len ? src[p] : '\0';
        if (line_end == SIZE_MAX || line_end < p) { /* once per line: long lines stay linear */
            line_end = p;
            while (line_end < len && src[line_end] != '\n')
                line_end++;
        }
        size_t c0, c1, end; /* content [c0, c1), tag ends at end */
        if (sigil == '!') {
            size_t q = find(src, p, len, close, close_len);
            if (q == SIZE_MAX)
                return error_at(r, t, start, "unclosed comment: no '%s' after '%s!'",
                                quote(q1, sizeof q1, close, close_len),
                                quote(q2, sizeof q2, open, open_len));
            c0 = p + 1, c1 = q, end = q + close_len;
        } else if (sigil == '{' || sigil == '=') {
            size_t q =
                find_close_after(src, p + 1, line_end, close, close_len, sigil == '{' ? '}' : '=');
            if (q == SIZE_MAX) {
                char want[80];
                snprintf(want, sizeof want, "%c%s", sigil == '{' ? '}' : '=',
                         quote(q1, sizeof q1, close, close_len));
                return error_at(r, t, start, "unclosed tag '%s': no '%s' on its line",
                                quote(q2, sizeof q2, src + start, line_end - start), want);
            }
            c0 = p + 1, c1 = q, end = q + 1 + close_len;
        } else {
            size_t q = find(src, p, line_end, close, close_len);
            if (q == SIZE_MAX)
                return error_at(r, t, start, "unclosed tag '%s': no '%s' on its line",
                                quote(q2, sizeof q2, src + start, line_end - start),
                                quote(q1, sizeof q1, close, close_len));
            c0 = p, c1 = q, end = q + close_len;
            if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '&')
                c0++;
        }
        while (c0 < c1 && is_space(src[c0]))
            c0++;
        while (c1 > c0 && is_space(src[c1 - 1]))
            c1--;

        int can_stand_alone = sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' ||
                              sigil == '>' || sigil == '=';
        size_t text_end = start, next = end;
        size_t ls = start;
        if (can_stand_alone) {
            while (ls > pos && is_blank(src[ls - 1]))
                ls--;
            size_t e = end;
            while (e < len && is_blank(src[e]))
                e++;
            int before_ok = ls == 0 || src[ls - 1] == '\n';
            size_t after = SIZE_MAX;
            if (e == len)
                after = e;
            else if (src[e] == '\n')
                after = e + 1;
            else if (src[e] == '\r' && e + 1 < len && src[e + 1] == '\n')
                after = e + 2;
            if (before_ok && after != SIZE_MAX) {
                text_end = ls;
                next = after;
            } else {
                ls = start;
            }
        }
        if (text_end > pos && !add_node(t, N_TEXT, src + pos, text_end - pos, pos))
            return oom(r, t);
        pos = next;

        const char *name = src + c0;
        size_t name_len = c1 - c0;
        switch (sigil) {
        case '!':
            break;
        case '=':
            if (set_delimiters(r, t, start, name, name_len, &open, &open_len, &close, &close_len) !=
                0)
                return -1;
            break;
        case '#':
        case '^': {
            if (check_name(r, t, start, name, name_len) != 0)
                return -1;
            if (n_open == MAX_SECTION_NESTING)
                return error_at(r, t, start, "section '%s' nested more than %d deep",
                                quote(q1, sizeof q1, name, name_len), MAX_SECTION_NESTING);
            if (!add_node(t, sigil == '#' ? N_SECTION : N_INVERTED, name, name_len, start))
                return oom(r, t);
            open_sections[n_open++] = t->n_nodes - 1;
            break;
        }
        case '/': {
            if (check_name(r, t, start, name, name_len) != 0)
                return -1;
            if (n_open == 0)
                return error_at(r, t, start, "closing tag '%s' has no open section",
                                quote(q1, sizeof q1, name, name_len));
            node *sec = &t->nodes[open_sections[n_open - 1]];
            if (sec->len != name_len || memcmp(sec->s, name, name_len) != 0) {
                long line, col;
                location(t, sec->offset, &line, &col);
                return error_at(r, t, start,
                                "closing tag '%s' does not match section '%s' opened at line %ld",
                                quote(q1, sizeof q1, name, name_len),
                                quote(q2, sizeof q2, sec->s, sec->len), line);
            }
            sec->end = t->n_nodes;
            n_open--;
            break;
        }
        case '>': {
            if (check_name(r, t, start, name, name_len) != 0)
                return -1;
            node *nd = add_node(t, N_PARTIAL, name, name_len, start);
            if (!nd)
                return oom(r, t);
            nd->indent = src + ls;
            nd->indent_len = start - ls;
            break;
        }
        default:
            if (check_name(r, t, start, name, name_len) != 0)
                return -1;
            if (!add_node(t, sigil == '{' || sigil == '&' ? N_RAW : N_VAR, name, name_len, start))
                return oom(r, t);
            break;
        }
    }
    if (pos < len && !add_node(t, N_TEXT, src + pos, len - pos, pos))
        return oom(r, t);
    if (n_open > 0) {
        const node *sec = &t->nodes[open_sections[n_open - 1]];
        return error_at(r, t, sec->offset, "unclosed section '%s'",
                        quote(q1, sizeof q1, sec->s, sec->len));
    }
    return 0;
}

static void tmpl_free(tmpl *t)
{
    if (!t)
        return;
    rg_free(t->name);
    rg_free(t->own_src);
    rg_free(t->nodes);
    rg_free(t->key);
    rg_free(t);
}

/* ---- rendering ---- */

static int push(render *r, const json_t *v)
{
    if (r->n_stack == r->cap_stack) {
        size_t cap = r->cap_stack ? r->cap_stack * 2 : 16;
        const json_t **p = rg_realloc((void *)r->stack, cap * sizeof *p);
        if (!p)
            return -1;
        r->stack = p;
        r->cap_stack = cap;
    }
    r->stack[r->n_stack++] = v;
    return 0;
}

/* The spec's name resolution: "." is the top of the stack; otherwise the
 * first part is looked up from the top of the stack down, in the first
 * object that has it, and every further part only inside the value found
 * (so "a.b" never falls back to an outer "b"). Returns NULL on a miss. */
static const json_t *lookup(const render *r, const char *name, size_t len)
{
    if (len == 1 && name[0] == '.')
        return r->n_stack ? r->stack[r->n_stack - 1] : NULL;
    const char *dot = memchr(name, '.', len);
    size_t part = dot ? (size_t)(dot - name) : len;
    const json_t *v = NULL;
    for (size_t i = r->n_stack; i-- > 0;) {
        if (json_is_object(r->stack[i]) && (v = json_object_getn(r->stack[i], name, part)) != NULL)
            break;
    }
    while (v && dot) {
        const char *rest = dot + 1;
        size_t rest_len = len - (size_t)(rest - name);
        dot = memchr(rest, '.', rest_len);
        part = dot ? (size_t)(dot - rest) : rest_len;
        v = json_is_object(v) ? json_object_getn(v, rest, part) : NULL;
    }
    return v;
}

/* JavaScript's truthiness, which the spec's "!!data" borrows: a miss, null,
 * false, 0, "" and [] are false; everything else, {} included, is true. */
static int truthy(const json_t *v)
{
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_NULL:
    case JSON_FALSE:
        return 0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    default:
        return 1;
    }
}

/* The shortest form that reads back as the same double ("1.21", not
 * "1.2100000000000000"), written without an exponent below 1e21 as
 * JavaScript does ("100", not "1e+02"). */
static int format_real(char *buf, size_t size, double d)
{
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(buf, size, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    snprintf(buf, size, "%.*g", prec, d);
    const char *e = strchr(buf, 'e');
    if (e) {
        int exponent = atoi(e + 1);
        if (exponent >= prec && exponent < 21)
            snprintf(buf, size, "%.*g", exponent + 1, d);
    }
    return (int)strlen(buf);
}

/* Strings are escaped for the output; numbers and true are inserted as they
 * are, since digits, '.', '-', '+', 'e' and "true" cannot start markup on
 * their own (and "1.5" reads better in the Markdown draft than "1\.5").
 * Objects and arrays interpolate as empty. */
static int emit_value(render *r, const json_t *v, int raw)
{
    char num[64];
    int n;
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_STRING: {
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (raw || r->opts->escape == RG_ESCAPE_NONE)
            return rg_buf_append(&r->out, s, len);
        if (r->opts->escape == RG_ESCAPE_MARKDOWN)
            return rg_md_escape(&r->out, s, len);
        return rg_html_escape(&r->out, s, len);
    }
    case JSON_INTEGER:
        n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return rg_buf_append(&r->out, num, (size_t)n);
    case JSON_REAL:
        n = format_real(num, sizeof num, json_real_value(v));
        return rg_buf_append(&r->out, num, (size_t)n);
    case JSON_TRUE:
        return rg_buf_puts(&r->out, "true");
    default:
        return 0;
    }
}

static int render_range(render *r, const tmpl *t, size_t from, size_t to);

/* Copies a partial's source with `indent` before every line (the spec's
 * standalone partial rule); no indentation after a final newline. */
static char *indent_source(const char *src, size_t len, const char *indent, size_t indent_len,
                           size_t *out_len)
{
    size_t lines = 1;
    for (size_t i = 0; i + 1 < len; i++)
        if (src[i] == '\n')
            lines++;
    if (len == 0)
        lines = 0;
    size_t total = len + lines * indent_len;
    char *p = rg_malloc(total + 1);
    if (!p)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (indent_len && (i == 0 || (src[i - 1] == '\n'))) {
            memcpy(p + o, indent, indent_len);
            o += indent_len;
        }
        p[o++] = src[i];
    }
    p[o] = '\0';
    *out_len = o;
    return p;
}

/* Finds partial `nd` in the cache (by name and indentation) or loads and
 * parses it. Returns NULL on an error (in diag); *missing when there is no
 * such partial. */
static tmpl *get_partial(render *r, const tmpl *t, const node *nd)
{
    size_t key_len = nd->len + 1 + nd->indent_len;
    for (tmpl *p = r->partials; p; p = p->next) {
        if (p->key_len == key_len && memcmp(p->key, nd->s, nd->len) == 0 &&
            p->key[nd->len] == '\0' &&
            memcmp(p->key + nd->len + 1, nd->indent, nd->indent_len) == 0)
            return p;
    }
    tmpl *p = rg_calloc(1, sizeof *p);
    if (!p) {
        oom(r, t);
        return NULL;
    }
    p->key = rg_malloc(key_len + 1);
    p->name = rg_strndup(nd->s, nd->len);
    if (!p->key || !p->name) {
        tmpl_free(p);
        oom(r, t);
        return NULL;
    }
    memcpy(p->key, nd->s, nd->len);
    p->key[nd->len] = '\0';
    memcpy(p->key + nd->len + 1, nd->indent, nd->indent_len);
    p->key[key_len] = '\0';
    p->key_len = key_len;
    p->next = r->partials;
    r->partials = p;

    size_t src_len = 0;
    char *src = r->opts->partial ? r->opts->partial(r->opts->partial_ctx, p->name, &src_len) : NULL;
    if (!src) {
        p->missing = 1;
        return p;
    }
    if (nd->indent_len) {
        size_t n = 0;
        p->own_src = indent_source(src, src_len, nd->indent, nd->indent_len, &n);
        rg_free(src);
        if (!p->own_src) {
            oom(r, t);
            return NULL;
        }
        src_len = n;
    } else {
        p->own_src = src;
    }
    p->src = p->own_src;
    p->len = src_len;
    p->indent_len = nd->indent_len;
    if (parse(r, p) != 0)
        return NULL;
    return p;
}

static int render_partial(render *r, const tmpl *t, const node *nd)
{
    char q[64];
    if (r->partial_depth >= MAX_PARTIAL_DEPTH)
        return error_at(r, t, nd->offset,
                        "partial '%s' nested more than %d deep (does it include itself?)",
                        quote(q, sizeof q, nd->s, nd->len), MAX_PARTIAL_DEPTH);
    tmpl *p = get_partial(r, t, nd);
    if (!p)
        return -1;
    if (p->missing)
        return 0;
    r->partial_depth++;
    int rc = render_range(r, p, 0, p->n_nodes);
    r->partial_depth--;
    return rc;
}

static int render_section(render *r, const tmpl *t, size_t i)
{
    const node *nd = &t->nodes[i];
    const json_t *v = lookup(r, nd->s, nd->len);
    if (nd->type == N_INVERTED)
        return truthy(v) ? 0 : render_range(r, t, i + 1, nd->end);
    if (!truthy(v))
        return 0;
    if (!json_is_array(v)) {
        if (push(r, v) != 0)
            return oom(r, t);
        int rc = render_range(r, t, i + 1, nd->end);
        r->n_stack--;
        return rc;
    }
    for (size_t k = 0; k < json_array_size(v); k++) {
        if (push(r, json_array_get(v, k)) != 0)
            return oom(r, t);
        int rc = render_range(r, t, i + 1, nd->end);
        r->n_stack--;
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int render_range(render *r, const tmpl *t, size_t from, size_t to)
{
    char q[64];
    if (from >= to)
        return 0;
    if (r->depth >= MAX_RENDER_DEPTH) {
        const node *nd = from > 0 ? &t->nodes[from - 1] : &t->nodes[from];
        return error_at(r, t, nd->offset, "sections and partials nested more than %d deep",
                        MAX_RENDER_DEPTH);
    }
    r->depth++;
    int rc = 0;
    for (size_t i = from; i < to && rc == 0;) {
        const node *nd = &t->nodes[i];
        switch (nd->type) {
        case N_TEXT:
            if (rg_buf_append(&r->out, nd->s, nd->len) != 0)
                rc = oom(r, t);
            i++;
            break;
        case N_VAR:
        case N_RAW:
            if (emit_value(r, lookup(r, nd->s, nd->len), nd->type == N_RAW) != 0)
                rc = oom(r, t);
            i++;
            break;
        case N_SECTION:
        case N_INVERTED:
            rc = render_section(r, t, i);
            i = nd->end;
            break;
        case N_PARTIAL:
            rc = render_partial(r, t, nd);
            i++;
            break;
        }
        if (rc == 0 && r->out.len > MAX_OUTPUT)
            rc = error_at(r, t, nd->offset, "output larger than %zu MiB at '%s'",
                          (size_t)(MAX_OUTPUT >> 20), quote(q, sizeof q, nd->s, nd->len));
    }
    r->depth--;
    return rc;
}

char *rg_mustache_render(const char *name, const char *tmpl_text, size_t len, const json_t *data,
                         const rg_mustache_opts *opts, size_t *out_len, rg_diag *diag)
{
    static const rg_mustache_opts defaults = {RG_ESCAPE_HTML, NULL, NULL};
    render r = {0};
    r.opts = opts ? opts : &defaults;
    r.diag = diag;
    tmpl root = {0};
    root.name = (char *)name; /* borrowed: never freed below */
    root.src = tmpl_text;
    root.len = len;
    char *result = NULL;

    if (parse(&r, &root) != 0)
        goto done;
    if (data && push(&r, data) != 0) {
        oom(&r, &root);
        goto done;
    }
    if (render_range(&r, &root, 0, root.n_nodes) != 0)
        goto done;
    if (!r.out.data && rg_buf_append(&r.out, "", 0) != 0) {
        oom(&r, &root);
        goto done;
    }
    result = r.out.data;
    if (out_len)
        *out_len = r.out.len;
    r.out.data = NULL;

done:
    rg_buf_free(&r.out);
    rg_free(root.nodes);
    rg_free((void *)r.stack);
    while (r.partials) {
        tmpl *next = r.partials->next;
        tmpl_free(r.partials);
        r.partials = next;
    }
    return result;
}
