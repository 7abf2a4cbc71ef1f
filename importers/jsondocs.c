/* jsondocs.c -- reading a file of one JSON document or several, record
 * locations and located warnings, and the id set, for the JSON importers. */
#include "jsondocs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "jsonutil.h"
#include "zfile.h"

size_t rg_json_skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

static int has_bom(const char *s, size_t len)
{
    return len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

size_t rg_json_start(const char *s, size_t len)
{
    return rg_json_skip_space(s, len, has_bom(s, len) ? 3 : 0);
}

int rg_json_opening(const char *s, size_t len)
{
    size_t p = rg_json_start(s, len);
    return p < len && (s[p] == '{' || s[p] == '[') ? s[p] : 0;
}

void rg_json_top_loc(const char *text, size_t len, long *line, long *col)
{
    rg_line_col(text, len, rg_json_start(text, len), line, col);
    if (has_bom(text, len) && *line == 1)
        (*col)--; /* the BOM is not a character a person sees */
}

const char *rg_text_find(const char *h, size_t hn, const char *needle)
{
    size_t nn = strlen(needle);
    for (size_t i = 0; nn <= hn && i <= hn - nn; i++)
        if (h[i] == needle[0] && memcmp(h + i, needle, nn) == 0)
            return h + i;
    return NULL;
}

size_t rg_json_member_value(const char *text, size_t from, size_t end, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = from; i + kl + 2 <= end; i++) {
        if (text[i] != '"' || memcmp(text + i + 1, key, kl) != 0 || text[i + 1 + kl] != '"')
            continue;
        size_t j = rg_json_skip_space(text, end, i + kl + 2);
        if (j < end && text[j] == ':')
            return rg_json_skip_space(text, end, j + 1);
    }
    return from;
}

void rg_locate(rg_locator *l, size_t off, long *line, long *col)
{
    if (off > l->len)
        off = l->len;
    if (off < l->pos) {
        l->pos = 0;
        l->line = 1;
    }
    for (; l->pos < off; l->pos++)
        if (l->text[l->pos] == '\n')
            l->line++;
    size_t b = off;
    while (b > 0 && l->text[b - 1] != '\n')
        b--;
    long c = 1;
    for (size_t i = b; i < off; i++)
        if (((unsigned char)l->text[i] & 0xC0) != 0x80)
            c++;
    *line = l->line;
    *col = c;
}

void rg_locate_line(rg_locator *l, size_t off, long *line)
{
    if (off > l->len)
        off = l->len;
    if (off < l->pos) {
        l->pos = 0;
        l->line = 1;
    }
    for (; l->pos < off; l->pos++)
        if (l->text[l->pos] == '\n')
            l->line++;
    *line = l->line;
}

void rg_json_offsets_find(rg_json_offsets *o, const char *text, size_t from, size_t end,
                          const char *key)
{
    rg_json_offsets_free(o);
    o->n = rg_json_element_offsets(text + from, end - from, key, &o->off);
    for (size_t i = 0; i < o->n; i++)
        o->off[i] += from;
}

void rg_json_offsets_path(rg_json_offsets *o, const char *text, size_t from, size_t end,
                          const char *path)
{
    rg_json_offsets_free(o);
    size_t at = from == RG_JSON_NONE ? from : rg_json_skip_space(text, end, from);
    char name[128];
    for (const char *p = path; at != RG_JSON_NONE && *p;) {
        const char *dot = strchr(p, '.');
        size_t k = dot ? (size_t)(dot - p) : strlen(p);
        if (k >= sizeof(name))
            return;
        memcpy(name, p, k);
        name[k] = '\0';
        at = rg_json_member_offset_last(text, end, at, name);
        p += k + (dot != NULL);
    }
    if (at == RG_JSON_NONE || at >= end || text[at] != '[')
        return;
    o->n = rg_json_element_offsets(text + at, end - at, NULL, &o->off);
    for (size_t i = 0; i < o->n; i++)
        o->off[i] += at;
}

size_t rg_json_offsets_take(rg_json_offsets *o, size_t fallback)
{
    while (o->next < o->n) {
        size_t v = o->off[o->next++];
        if (v >= fallback)
            return v;
    }
    return fallback;
}

size_t rg_json_offsets_peek(const rg_json_offsets *o, size_t end)
{
    return o->next < o->n ? o->off[o->next] : end;
}

void rg_json_offsets_free(rg_json_offsets *o)
{
    rg_free(o->off);
    o->off = NULL;
    o->n = o->next = 0;
}

int rg_jsondocs_load(rg_jsondocs *d, const char *path, rg_diag *diag)
{
    memset(d, 0, sizeof(*d));
    d->path = path;
    d->diag = diag;
    /* Through zfile, so a gzip or zstd export reads as the plain one. */
    char why[160];
    d->text = rg_zfile_slurp(path, &d->len, why, sizeof(why));
    if (d->text)
        return 0;
    if (errno == EILSEQ)
        return rg_diag_error(diag, path, 0, 0, "%s", why);
    if (errno == ENOMEM)
        return rg_diag_error(diag, path, 0, 0, "out of memory reading the file");
    return rg_diag_error(diag, path, 0, 0, "cannot read: %s", strerror(errno));
}

void rg_jsondocs_free(rg_jsondocs *d)
{
    rg_free(d->text);
    d->text = NULL;
    d->len = 0;
}

void rg_jsondocs_fix(const rg_jsondocs *d, long *line, long *col)
{
    if (d->line0 <= 0 || *line <= 0)
        return;
    if (*line == 1 && *col > 0)
        *col += d->col0 - 1;
    *line += d->line0 - 1;
}

void rg_jsondocs_follow(const rg_jsondocs *d, rg_locator *loc)
{
    if (loc->text != d->text || d->line0 > 0)
        *loc = (rg_locator){d->text, d->len, 0, 1};
}

/* 1 when a warning of class key about this file was already counted. */
static int seen(const rg_jsondocs *d, const char *key)
{
    for (size_t i = 0; i < d->diag->n_warnings; i++) {
        const rg_warning *w = &d->diag->warnings[i];
        if (w->path && strcmp(w->path, d->path) == 0 && strcmp(w->key, key) == 0)
            return 1;
    }
    return 0;
}

/* Formats and locates one message; reports it as an error when fatal (and
 * returns -1), else as warning `key` with `suffix` added (and returns 0). */
static int report(rg_jsondocs *d, size_t off, int fatal, const char *key, const char *suffix,
                  const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static int report(rg_jsondocs *d, size_t off, int fatal, const char *key, const char *suffix,
                  const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    long line = 0, col = 0;
    if (d->loc.text != d->text)
        d->loc = (rg_locator){d->text, d->len, 0, 1};
    /* Only the first warning of a class keeps its place: the others are
     * counted, so their column (a walk back to the line's start) is skipped. */
    if (fatal || !seen(d, key))
        rg_locate(&d->loc, off, &line, &col);
    rg_jsondocs_fix(d, &line, &col);
    if (fatal)
        return rg_diag_error(d->diag, d->path, line, col, "%s", msg);
    rg_diag_warn(d->diag, d->path, line, col, key, "%s%s", msg, suffix);
    return 0;
}

void rg_jsondocs_warn(rg_jsondocs *d, size_t off, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(d, off, 0, key, "", fmt, ap);
    va_end(ap);
}

const char *rg_json_first_array(const json_t *obj, const char *const names[2])
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        if (json_is_array(v) && (strcmp(k, names[0]) == 0 || strcmp(k, names[1]) == 0))
            return strcmp(k, names[0]) == 0 ? names[0] : names[1];
    }
    return NULL;
}

void rg_jsondocs_warn_unread(rg_jsondocs *d, long line, long col, size_t off, const char *read,
                             const char *other, const json_t *v, const char *holds)
{
    char count[64] = "";
    if (json_is_array(v))
        snprintf(count, sizeof(count), " (%zu element%s)", json_array_size(v),
                 json_array_size(v) == 1 ? "" : "s");
    const char *fmt =
        "\"%s\"%s is not read: %s, and this one holds both; only \"%s\", the first array in "
        "the file, is read";
    if (line > 0)
        rg_diag_warn(d->diag, d->path, line, col, "two-arrays", fmt, other, count, holds, read);
    else
        rg_jsondocs_warn(d, off, "two-arrays", fmt, other, count, holds, read);
}

int rg_jsondocs_shape(rg_jsondocs *d, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = report(d, off, !d->stream, "bad-payload", "; skipped", fmt, ap);
    va_end(ap);
    return rc;
}

/* Start of the next line that opens a document at column 1, after a document
 * that did not parse. */
static size_t resync(const char *text, size_t len, size_t i)
{
    for (; i < len; i++)
        if (text[i] == '\n' && i + 1 < len && (text[i + 1] == '{' || text[i + 1] == '['))
            return i + 1;
    return len;
}

const char *rg_json_mistyped_string(const json_t *obj, const char *const *keys)
{
    if (!json_is_object(obj))
        return NULL;
    for (size_t i = 0; keys[i]; i++) {
        const json_t *v = json_object_get(obj, keys[i]);
        if (v && !json_is_null(v) && !json_is_string(v))
            return keys[i];
    }
    return NULL;
}

/* Replaces the NULs of one string; adds how many to *n. */
static int repair_string(json_t *s, size_t *n)
{
    const char *v = json_string_value(s);
    size_t len = json_string_length(s);
    if (!memchr(v, '\0', len))
        return 0;
    size_t nul = 0;
    for (size_t i = 0; i < len; i++)
        nul += v[i] == '\0';
    char *out = rg_malloc(len + 2 * nul + 1);
    if (!out)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i]) {
            out[k++] = v[i];
            continue;
        }
        memcpy(out + k, "\xEF\xBF\xBD", 3);
        k += 3;
    }
    int rc = json_string_setn(s, out, k);
    rg_free(out);
    *n += nul;
    return rc == 0 ? 0 : -1;
}

static int repair_value(json_t *v, size_t *n)
{
    if (json_is_string(v))
        return repair_string(v, n);
    if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            if (repair_value(json_array_get(v, i), n) != 0)
                return -1;
    } else if (json_is_object(v)) {
        const char *key;
        json_t *m;
        json_object_foreach(v, key, m)
        {
            if (repair_value(m, n) != 0)
                return -1;
        }
    }
    return 0;
}

int rg_json_repair_nul_count(json_t *root, size_t *n)
{
    *n = 0;
    return repair_value(root, n);
}

size_t rg_json_first_nul(const char *text, size_t from, size_t len)
{
    /* The first escape "\u0000" whose backslash is not itself escaped. */
    for (size_t i = from; i + 6 <= len; i++) {
        if (text[i] != '\\')
            continue;
        if (memcmp(text + i + 1, "u0000", 5) == 0)
            return i;
        i++; /* the escaped character */
    }
    return from;
}

int rg_json_repair_nul(json_t *root, const char *path, const char *text, size_t from, size_t len,
                       long line0, rg_diag *diag)
{
    return rg_json_repair_nul_at(root, path, text, from, len, line0, 1, diag);
}

int rg_json_repair_nul_at(json_t *root, const char *path, const char *text, size_t from, size_t len,
                          long line0, long col0, rg_diag *diag)
{
    size_t n = 0;
    if (repair_value(root, &n) != 0)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    if (!n)
        return 0;
    size_t at = rg_json_first_nul(text, from, len);
    long line, col;
    rg_line_col(text, len, at, &line, &col);
    if (line == 1)
        col += col0 - 1;
    rg_diag_warn(diag, path, line + line0 - 1, col, "nul",
                 "%zu NUL character(s) (\\u0000) in text, shown as U+FFFD", n);
    return 0;
}

int rg_jsondocs_read(rg_jsondocs *d,
                     int (*document)(void *ctx, const json_t *root, size_t off, size_t end),
                     void *ctx)
{
    const char *text = d->text;
    size_t len = d->len;
    size_t p = rg_json_start(text, len);
    json_error_t err;
    json_t *doc = NULL;
    size_t used = 0;
    d->stream = 0;
    if (p < len && (text[p] == '{' || text[p] == '[')) {
        doc = json_loadb(text + p, len - p, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
        if (doc) {
            used = (size_t)err.position;
            size_t q = rg_json_skip_space(text, len, p + used);
            d->stream = q < len && (text[q] == '{' || text[q] == '[');
        }
    }
    if (!d->stream) {
        json_decref(doc);
        json_t *root = rg_json_parse(d->path, text, len, JSON_DECODE_ANY | d->flags, d->diag);
        if (!root)
            return -1;
        if (d->repair_nul && rg_json_repair_nul(root, d->path, text, p, len, 1, d->diag) != 0) {
            json_decref(root);
            return -1;
        }
        int rc = document(ctx, root, p, len);
        json_decref(root);
        return rc;
    }
    for (;;) {
        if (d->repair_nul && rg_json_repair_nul(doc, d->path, text, p, p + used, 1, d->diag) != 0) {
            json_decref(doc);
            return -1;
        }
        int rc = document(ctx, doc, p, p + used);
        json_decref(doc);
        if (rc != 0)
            return -1;
        p = rg_json_skip_space(text, len, p + used);
        while (p < len) {
            doc = json_loadb(text + p, len - p, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &err);
            if (doc)
                break;
            if (json_error_code(&err) == json_error_out_of_memory)
                return rg_diag_error(d->diag, d->path, 0, 0, "out of memory");
            size_t bad = p + (err.position > 0 ? (size_t)err.position - 1 : 0);
            long start, col;
            rg_line_col(text, len, p, &start, &col);
            rg_jsondocs_warn(d, bad, "bad-json",
                             "the document that starts on line %ld is not valid JSON (%s); skipped",
                             start, err.text);
            p = rg_json_skip_space(text, len, resync(text, len, p));
        }
        if (p >= len)
            return 0;
        used = (size_t)err.position;
    }
}
