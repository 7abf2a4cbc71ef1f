/* fuzz_html_post.c -- the HTML post-processor's allow-list: the input is an
 * HTML body, and after a 0xFF byte the SVG file "a.svg" it may inline
 * (<img src="a.svg">). Property, checked on the output by a tag scanner of
 * its own (what a browser would read): no script element, no on*
 * attribute, and no javascript:, vbscript: or data: address in an href, src
 * or xlink:href except an <img>'s data:image/png, gif, jpeg or webp. */
#include <ctype.h>

#include "alloc.h"
#include "fuzz.h"
#include "html_post.h"

static int starts_ci(const char *s, size_t n, const char *p)
{
    size_t pl = strlen(p);
    if (n < pl)
        return 0;
    for (size_t i = 0; i < pl; i++)
        if (tolower((unsigned char)s[i]) != p[i])
            return 0;
    return 1;
}

/* The value as a browser reads the scheme: entities decoded (the ones our
 * serialiser writes, and numeric ones), white space and controls dropped,
 * lower case. */
static size_t squeeze(const char *v, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '&') {
            size_t j = i + 1;
            unsigned long cp = 0;
            int ok = 0;
            if (j < n && v[j] == '#') {
                j++;
                int hex = j < n && (v[j] == 'x' || v[j] == 'X');
                j += hex;
                while (j < n && isxdigit((unsigned char)v[j]) && cp < 0x110000) {
                    cp = cp * (hex ? 16 : 10) +
                         (unsigned long)(isdigit((unsigned char)v[j])
                                             ? v[j] - '0'
                                             : tolower((unsigned char)v[j]) - 'a' + 10);
                    if (!hex && !isdigit((unsigned char)v[j]))
                        break;
                    j++;
                }
                ok = j < n && v[j] == ';';
            } else {
                static const char *const names[][2] = {
                    {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"colon;", ":"}};
                for (size_t e = 0; e < 5; e++)
                    if (starts_ci(v + j, n - j, names[e][0])) {
                        cp = (unsigned char)names[e][1][0];
                        j += strlen(names[e][0]) - 1;
                        ok = 1;
                        break;
                    }
            }
            if (ok) {
                i = j;
                c = cp < 0x80 ? (unsigned char)cp : 'x';
            }
        }
        if (c <= 0x20 || c == 0x7F)
            continue;
        out[k++] = (char)tolower(c);
    }
    out[k] = '\0';
    return k;
}

static int raster_data(const char *v)
{
    static const char *const ok[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
                                     "data:image/webp"};
    for (size_t i = 0; i < 4; i++)
        if (!strncmp(v, ok[i], strlen(ok[i])) &&
            (v[strlen(ok[i])] == ';' || v[strlen(ok[i])] == ','))
            return 1;
    return 0;
}

/* Walks every tag of the output. Our serialiser escapes '<' in text, so
 * every '<' starts markup. */
static void check_output(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<')
            continue;
        if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
            const char *end = NULL;
            for (size_t j = i + 4; j + 3 <= n; j++)
                if (!memcmp(s + j, "-->", 3)) {
                    end = s + j;
                    break;
                }
            FUZZ_CHECK(end != NULL, "an unclosed comment");
            i = (size_t)(end - s) + 2;
            continue;
        }
        size_t j = i + 1;
        if (j < n && s[j] == '/')
            j++;
        size_t name_start = j;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == ':' || s[j] == '-'))
            j++;
        char tag[32];
        size_t tl = j - name_start < sizeof(tag) - 1 ? j - name_start : sizeof(tag) - 1;
        for (size_t k = 0; k < tl; k++)
            tag[k] = (char)tolower((unsigned char)s[name_start + k]);
        tag[tl] = '\0';
        FUZZ_CHECK(tl > 0, "a '<' that starts no tag at %zu: %.40s", i, s + i);
        FUZZ_CHECK(strcmp(tag, "script") && strcmp(tag, "iframe") && strcmp(tag, "object") &&
                       strcmp(tag, "embed") && strcmp(tag, "base") && strcmp(tag, "meta") &&
                       strcmp(tag, "form") && strcmp(tag, "style") && strcmp(tag, "foreignobject"),
                   "<%s> survived", tag);
        /* attributes up to '>' */
        while (j < n && s[j] != '>') {
            while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '/'))
                j++;
            if (j >= n || s[j] == '>')
                break;
            size_t an = j;
            while (j < n && s[j] != '=' && s[j] != ' ' && s[j] != '>' && s[j] != '/')
                j++;
            char attr[64];
            size_t al = j - an < sizeof(attr) - 1 ? j - an : sizeof(attr) - 1;
            for (size_t k = 0; k < al; k++)
                attr[k] = (char)tolower((unsigned char)s[an + k]);
            attr[al] = '\0';
            FUZZ_CHECK(strncmp(attr, "on", 2) != 0, "<%s %s=...> survived", tag, attr);
            const char *v = "";
            size_t vl = 0;
            if (j < n && s[j] == '=') {
                j++;
                FUZZ_CHECK(j < n && s[j] == '"', "an unquoted value in <%s %s>", tag, attr);
                v = s + j + 1;
                const char *q = memchr(v, '"', n - (j + 1));
                FUZZ_CHECK(q != NULL, "an unclosed value in <%s %s>", tag, attr);
                vl = (size_t)(q - v);
                j = (size_t)(q - s) + 1;
            }
            if (!strcmp(attr, "href") || !strcmp(attr, "src") || !strcmp(attr, "xlink:href") ||
                !strcmp(attr, "action") || !strcmp(attr, "formaction")) {
                char sq[64];
                squeeze(v, vl, sq, sizeof(sq));
                int img_data = !strcmp(tag, "img") && !strcmp(attr, "src") && raster_data(sq);
                FUZZ_CHECK(strncmp(sq, "javascript:", 11) && strncmp(sq, "vbscript:", 9) &&
                               (strncmp(sq, "data:", 5) || img_data),
                           "<%s %s=\"%.*s\"> survived", tag, attr, (int)(vl < 80 ? vl : 80), v);
            }
        }
        i = j;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *split = memchr(data, 0xFF, size);
    size_t body_len = split ? (size_t)(split - data) : size;
    rg_html_file files[1] = {
        {"a.svg", split ? (const char *)split + 1 : "", split ? size - body_len - 1 : 0}};
    rg_html_post_opts o;
    memset(&o, 0, sizeof(o));
    o.files = files;
    o.n_files = 1;
    rg_diag d;
    rg_diag_init(&d);
    size_t out_len = 0;
    char *title = NULL;
    char *out = rg_html_postprocess((const char *)data, body_len, &o, &out_len, &title, &d);
    FUZZ_CHECK(out != NULL || (d.has_error && d.error[0]), "failed without a message");
    if (out)
        check_output(out, out_len);
    rg_free(out);
    rg_free(title);
    rg_diag_free(&d);
    return 0;
}
