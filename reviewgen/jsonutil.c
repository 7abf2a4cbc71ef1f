/* jsonutil.c -- JSON loading with located errors, and record locations. */
#include "jsonutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"

char *rg_read_file(const char *path, size_t *len, rg_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        rg_diag_error(diag, path, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    char *buf = rg_read_stream(f, path, len, diag);
    fclose(f);
    return buf;
}

char *rg_read_stream(FILE *f, const char *name, size_t *len, rg_diag *diag)
{
    size_t cap = 65536, n = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        cap = (size_t)st.st_size + 1;
    char *buf = rg_malloc(cap);
    if (!buf) {
        rg_diag_error(diag, name, 0, 0, "out of memory reading the file");
        return NULL;
    }
    for (;;) {
        if (cap - n < 2) {
            char *nb = rg_realloc(buf, cap * 2);
            if (!nb) {
                rg_free(buf);
                rg_diag_error(diag, name, 0, 0, "out of memory reading the file");
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        rg_free(buf);
        rg_diag_error(diag, name, 0, 0, "cannot read: %s", strerror(e ? e : EIO));
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

void rg_line_col(const char *text, size_t len, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    if (off > len)
        off = len;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int only_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 0;
    return 1;
}

json_t *rg_json_parse(const char *path, const char *text, size_t len, size_t flags, rg_diag *diag)
{
    size_t skip = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0)) {
        rg_diag_error(diag, path, 1, 1, "file is UTF-16; save it as UTF-8");
        return NULL;
    }
    if (len >= 2 && ((text[0] == 0 && text[1] != 0) || (text[0] != 0 && text[1] == 0))) {
        rg_diag_error(diag, path, 1, 1, "file is UTF-16; save it as UTF-8");
        return NULL;
    }
    if (only_space(text + skip, len - skip)) {
        rg_diag_error(diag, path, 0, 0, "file is empty, expected a JSON document");
        return NULL;
    }
    json_error_t err;
    unsigned long failures = rg_alloc_failures();
    json_t *root = json_loadb(text + skip, len - skip, flags, &err);
    if (root)
        return root;
    if (rg_alloc_failures() != failures) {
        /* jansson reports a failed allocation with an empty message at 1:1:
         * it is no syntax error */
        rg_diag_error(diag, path, 0, 0, "out of memory reading the file");
        return NULL;
    }
    long line, col;
    size_t pos = (size_t)err.position + skip;
    if (pos > len)
        pos = len;
    /* jansson's position is just past the bad token; report the line/col of the
     * byte it stopped at, counted in characters by us. */
    rg_line_col(text, len, pos > 0 ? pos - 1 : 0, &line, &col);
    if (err.line > 0) {
        line = err.line;
        col = err.column > 0 ? err.column : col;
    }
    const char *msg = err.text;
    const char *eof = strstr(msg, " near end of file");
    int at_end = eof || strstr(msg, "premature end of input") || strstr(msg, "unexpected end");
    if (at_end && text[len - 1] == '\n') {
        /* jansson puts the end of a file cut after a newline on the next line
         * but at the cut line's last column; the end is that line's column 1 */
        long end_line, end_col;
        rg_line_col(text, len, len, &end_line, &end_col);
        if (line == end_line)
            col = end_col;
    }
    if (strstr(msg, "premature end of input") || strstr(msg, "unexpected end"))
        rg_diag_error(diag, path, line, col, "unexpected end of file (truncated?): %s", msg);
    else if (eof)
        rg_diag_error(diag, path, line, col, "unexpected end of file (truncated?): %.*s",
                      (int)(eof - msg), msg);
    else if (strstr(msg, "JSON_ALLOW_NUL"))
        rg_diag_error(diag, path, line, col,
                      "a NUL character (\\u0000) inside a string is not supported");
    else if (strstr(msg, "duplicate object key"))
        rg_diag_error(diag, path, line, col, "a key appears twice: %s",
                      strstr(msg, "near ") ? strstr(msg, "near ") + 5 : msg);
    else if (strstr(msg, "unable to decode byte") || strstr(msg, "UTF-8"))
        rg_diag_error(diag, path, line, col, "not valid UTF-8 (%s); save the file as UTF-8", msg);
    else
        rg_diag_error(diag, path, line, col, "%s", msg);
    return NULL;
}

json_t *rg_json_load(const char *path, size_t flags, rg_diag *diag)
{
    size_t len;
    char *text = rg_read_file(path, &len, diag);
    if (!text)
        return NULL;
    json_t *root = rg_json_parse(path, text, len, flags, diag);
    rg_free(text);
    return root;
}

const char *rg_json_str(const json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *rg_json_type_name(const json_t *v)
{
    if (!v) /* a key that is not there (json_object_get gave NULL) */
        return "missing";
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* The index of the quote that closes the string whose text starts at
 * text[i] (past its opening quote): the first quote not escaped by a
 * backslash; len or past it when the text ends first. */
static size_t string_close(const char *text, size_t len, size_t i)
{
    while (i < len && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
    return i;
}

/* A container on the scan stack: is it an array, and is it the value of the
 * member we look for. */
struct frame {
    char array;
    char wanted;
};

size_t rg_json_element_offsets(const char *text, size_t len, const char *key, size_t **offsets)
{
    struct frame stack[256];
    int depth = 0;
    size_t n = 0, cap = 0;
    size_t *out = NULL;
    size_t keylen = key ? strlen(key) : 0;
    int last_string_was_key = 0; /* the string just read equals `key` */
    int pending_key = 0;         /* saw `"key" :` and awaiting the value */
    int expect_value = 1;        /* next token starts a value */
    *offsets = NULL;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        int starts_value = expect_value && c != ']' && c != '}' && c != ',' && c != ':';
        if (starts_value && depth > 0 && depth <= 256 && stack[depth - 1].array &&
            stack[depth - 1].wanted) {
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                size_t *no = rg_realloc(out, nc * sizeof(*no));
                if (!no)
                    break;
                out = no;
                cap = nc;
            }
            out[n++] = i;
        }
        switch (c) {
        case '"': {
            size_t start = i + 1;
            i = string_close(text, len, start);
            last_string_was_key =
                key && i - start == keylen && memcmp(text + start, key, keylen) == 0;
            expect_value = 0;
            break;
        }
        case ':':
            pending_key = last_string_was_key;
            expect_value = 1;
            break;
        case ',':
            expect_value = depth > 0 && depth <= 256 && stack[depth - 1].array;
            pending_key = 0;
            break;
        case '[':
        case '{':
            if (depth < 256) {
                stack[depth].array = c == '[';
                stack[depth].wanted = c == '[' && (key ? pending_key : depth == 0);
            }
            depth++;
            pending_key = 0;
            expect_value = c == '[';
            break;
        case ']':
        case '}':
            if (depth > 0)
                depth--;
            expect_value = 0;
            if (!key && depth == 0)
                i = len; /* the top-level value ends: what follows is not in it */
            break;
        default:
            /* numbers, true, false, null: skip to the end of the token */
            while (i + 1 < len && !strchr(" \t\r\n,]}:", text[i + 1]))
                i++;
            expect_value = 0;
            break;
        }
    }
    *offsets = out;
    return n;
}

void rg_json_set(json_t *o, const char *key, json_t *v)
{
    if (o && v)
        json_object_set_new(o, key, v);
    else
        json_decref(v);
}

void rg_json_append(json_t *a, json_t *v)
{
    if (a && v)
        json_array_append_new(a, v);
    else
        json_decref(v);
}

static int json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t rg_json_squeeze(const char *in, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c == '"') {
            /* the whole string, escapes and all: its end is the first quote
             * not preceded by an escaping backslash */
            size_t j = string_close(in, n, i + 1);
            j = j < n ? j + 1 : n;
            memcpy(out + o, in + i, j - i);
            o += j - i;
            i = j - 1;
        } else if (!json_space(c)) {
            out[o++] = c;
        }
    }
    out[o] = '\0';
    return o;
}

/* Walks the members of the object at text[obj] at its own depth only, so a
 * key of the same name inside a nested object or array never matches. */
/* rg_json_member_offset, or with last the last member of that name. */
static size_t member_offset(const char *text, size_t len, size_t obj, const char *key, int last)
{
    size_t found = RG_JSON_NONE;
    if (obj >= len || text[obj] != '{')
        return RG_JSON_NONE;
    size_t klen = strlen(key);
    int depth = 0, expect_key = 0;
    for (size_t i = obj; i < len; i++) {
        char c = text[i];
        if (c == '"') {
            size_t s = ++i;
            i = string_close(text, len, s);
            if (depth == 1 && expect_key) {
                expect_key = 0;
                size_t j = i + 1;
                while (j < len && json_space(text[j]))
                    j++;
                if (j < len && text[j] == ':' && i - s == klen &&
                    memcmp(text + s, key, klen) == 0) {
                    j++;
                    while (j < len && json_space(text[j]))
                        j++;
                    found = j < len ? j : RG_JSON_NONE;
                    if (!last || found == RG_JSON_NONE)
                        return found;
                    i = j - 1; /* the value is read on */
                }
            }
        } else if (c == '{' || c == '[') {
            depth++;
            expect_key = depth == 1;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                return found;
        } else if (c == ',' && depth == 1) {
            expect_key = 1;
        }
    }
    return found;
}

size_t rg_json_member_offset(const char *text, size_t len, size_t obj, const char *key)
{
    return member_offset(text, len, obj, key, 0);
}

size_t rg_json_member_offset_last(const char *text, size_t len, size_t obj, const char *key)
{
    return member_offset(text, len, obj, key, 1);
}
