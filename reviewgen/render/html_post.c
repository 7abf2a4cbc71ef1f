/* html_post.c -- cmark-gfm's HTML body through libxml2 into the report's
 * body: ids, contents, cards, table classes, images inlined or dropped, and
 * an allow-list serialiser as the last word (contract in html_post.h). */
#include "html_post.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "escape.h"
#include "links.h"
#include "metrics.h"
#include "timeparse.h"
#include "xmlguard.h"

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define XML_NS "http://www.w3.org/XML/1998/namespace"
/* The name of the element that stands where an inlined SVG goes, until the
 * serialiser writes the SVG there; recognised by pointer, never by name. */
#define INLINE_SVG "rg-inline-svg"

/* ---- ids ---------------------------------------------------------------- */

/* Latin-1 Supplement and Latin Extended-A letters, lower-case ASCII base for
 * each code point from U+00C0 and U+0100; '-' is a separator (x, ÷), and the
 * letters with two-letter bases (Æ Þ ß Ĳ Œ) are handled in fold(). */
static const char latin1[] = "aaaaaa?ceeeeiiiidnooooo-ouuuuy??"
                             "aaaaaa?ceeeeiiiidnooooo-ouuuuy?y";
static const char latin_a[] = "aaaaaacc"
                              "ccccccdd"
                              "ddeeeeee"
                              "eeeegggg"
                              "gggghhhh"
                              "iiiiiiii"
                              "ii??jjkk"
                              "klllllll"
                              "lllnnnnn"
                              "nnnnoooo"
                              "oo??rrrr"
                              "rrssssss"
                              "sstttttt"
                              "uuuuuuuu"
                              "uuuuwwyy"
                              "yzzzzzzs";

/* The ASCII base of a Latin letter with diacritics (*n bytes), or NULL when
 * cp has none. Vietnamese (U+1EA0-U+1EF9, Ơ, Ư) is covered because the
 * sample's people are named in it. */
static const char *fold(uint32_t cp, size_t *n)
{
    static const char vietnamese[] = "aeiouy";
    *n = 1;
    switch (cp) {
    case 0xC6:
    case 0xE6:
        *n = 2;
        return "ae";
    case 0xDE:
    case 0xFE:
        *n = 2;
        return "th";
    case 0xDF:
        *n = 2;
        return "ss";
    case 0x132:
    case 0x133:
        *n = 2;
        return "ij";
    case 0x152:
    case 0x153:
        *n = 2;
        return "oe";
    case 0x1A0:
    case 0x1A1:
        return "o";
    case 0x1AF:
    case 0x1B0:
        return "u";
    case 0x218:
    case 0x219:
        return "s";
    case 0x21A:
    case 0x21B:
        return "t";
    default:
        break;
    }
    const char *c = NULL;
    if (cp >= 0xC0 && cp <= 0xFF)
        c = &latin1[cp - 0xC0];
    else if (cp >= 0x100 && cp <= 0x17F)
        c = &latin_a[cp - 0x100];
    else if (cp >= 0x1EA0 && cp <= 0x1EB7)
        c = &vietnamese[0];
    else if (cp >= 0x1EB8 && cp <= 0x1EC7)
        c = &vietnamese[1];
    else if (cp >= 0x1EC8 && cp <= 0x1ECB)
        c = &vietnamese[2];
    else if (cp >= 0x1ECC && cp <= 0x1EE3)
        c = &vietnamese[3];
    else if (cp >= 0x1EE4 && cp <= 0x1EF1)
        c = &vietnamese[4];
    else if (cp >= 0x1EF2 && cp <= 0x1EF9)
        c = &vietnamese[5];
    return c && *c != '?' && *c != '-' ? c : NULL;
}

/* Code points that separate words in an id: Latin-1 punctuation and
 * symbols, general punctuation to the end of the symbol blocks, CJK
 * punctuation, full-width ASCII punctuation, variation selectors and
 * emoji. Other non-ASCII code points are letters of other scripts, kept. */
static int is_separator(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
           (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
           (cp >= 0xFFF0 && cp <= 0xFFFF) || cp >= 0x1F000;
}

int rg_html_slug(rg_buf *out, const char *text, size_t len)
{
    static const char lower_ascii[] = "abcdefghijklmnopqrstuvwxyz";
    size_t start = out->len;
    int pending = 0; /* a separator is due before the next letter */
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        const char *piece = NULL;
        size_t piece_len = 0;
        if (c < 0x80) {
            i++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                piece = (const char *)&text[i - 1];
                piece_len = 1;
            } else if (c >= 'A' && c <= 'Z') {
                piece = &lower_ascii[c - 'A'];
                piece_len = 1;
            } else if (c == '\'') { /* "don't" -> "dont" */
                continue;
            } else {
                pending = 1;
                continue;
            }
        } else {
            int n = (int)(len - i > 4 ? 4 : len - i);
            int cp = xmlGetUTF8Char((const unsigned char *)text + i, &n);
            if (cp < 0 || n <= 0) { /* not UTF-8: a separator, byte by byte */
                i++;
                pending = 1;
                continue;
            }
            if ((uint32_t)cp >= 0x300 && (uint32_t)cp <= 0x36F) { /* combining marks */
                i += (size_t)n;
                continue;
            }
            const char *f = fold((uint32_t)cp, &piece_len);
            if (f) {
                piece = f;
            } else if (cp == 0x2019) { /* an apostrophe joins: "don’t" */
                i += (size_t)n;
                continue;
            } else if (is_separator((uint32_t)cp)) {
                i += (size_t)n;
                pending = 1;
                continue;
            } else {
                piece = text + i;
                piece_len = (size_t)n;
            }
            i += (size_t)n;
        }
        if (pending && out->len > start && rg_buf_putc(out, '-') != 0)
            return -1;
        pending = 0;
        if (rg_buf_append(out, piece, piece_len) != 0)
            return -1;
    }
    if (out->len == start)
        return rg_buf_puts(out, "section");
    return 0;
}

/* The ids given so far; each base remembers the next suffix to try, so a
 * thousand "## Notes" cost a thousand lookups, not half a million. */
typedef struct id_slot {
    char *key;
    unsigned long next;
} id_slot;

typedef struct id_set {
    id_slot *slots;
    size_t cap, used;
} id_set;

static size_t id_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static id_slot *id_find(id_set *set, const char *key)
{
    if (!set->cap)
        return NULL;
    size_t i = id_hash(key) & (set->cap - 1);
    while (set->slots[i].key) {
        if (strcmp(set->slots[i].key, key) == 0)
            return &set->slots[i];
        i = (i + 1) & (set->cap - 1);
    }
    return NULL;
}

static int id_add(id_set *set, const char *key)
{
    if ((set->used + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        id_slot *slots = rg_calloc(cap, sizeof(*slots));
        if (!slots)
            return -1;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slots[i].key)
                continue;
            size_t j = id_hash(set->slots[i].key) & (cap - 1);
            while (slots[j].key)
                j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
        }
        rg_free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    char *copy = rg_strdup(key);
    if (!copy)
        return -1;
    size_t i = id_hash(key) & (set->cap - 1);
    while (set->slots[i].key)
        i = (i + 1) & (set->cap - 1);
    set->slots[i].key = copy;
    set->slots[i].next = 2;
    set->used++;
    return 0;
}

static void id_free(id_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        rg_free(set->slots[i].key);
    rg_free(set->slots);
}

/* Makes slug->data unique: "timeline", then "timeline-2", "timeline-3". */
static int id_unique(id_set *set, rg_buf *slug)
{
    id_slot *base = id_find(set, slug->data);
    if (!base)
        return id_add(set, slug->data);
    size_t base_len = slug->len;
    unsigned long n = base->next;
    for (;; n++) {
        slug->len = base_len;
        slug->data[base_len] = 0;
        if (rg_buf_printf(slug, "-%lu", n) != 0)
            return -1;
        if (!id_find(set, slug->data))
            break;
    }
    char *saved = rg_strndup(slug->data, base_len);
    if (!saved)
        return -1;
    base = id_find(set, saved);
    if (base)
        base->next = n + 1;
    rg_free(saved);
    return id_add(set, slug->data);
}

/* ---- the state of one run ----------------------------------------------- */

typedef struct inline_svg {
    xmlNode *at; /* the INLINE_SVG element in the HTML tree */
    rg_buf svg;  /* what the serialiser writes there (svg_clean) */
} inline_svg;

typedef struct post {
    const rg_html_post_opts *o;
    const char *md_name;
    rg_diag *diag;
    htmlDocPtr doc;
    xmlNode *body;
    xmlNode **headings, **tables, **images;
    size_t n_headings, n_tables, n_images;
    char **slugs; /* each heading's id before it is made unique; NULL for h1 */
    id_set ids;   /* heading ids and the ids inside inlined SVGs */
    inline_svg *svgs;
    size_t n_svgs;
    size_t inlined_bytes;
    size_t links_dropped; /* only the first few are looked for in the Markdown */
    int oom;
} post;

static int push(xmlNode ***list, size_t *n, xmlNode *node)
{
    if ((*n & (*n - 1)) == 0) { /* 0, 1, 2, 4...: grow at powers of two */
        size_t cap = *n ? *n * 2 : 1;
        xmlNode **l = rg_realloc(*list, cap * sizeof(**list));
        if (!l)
            return -1;
        *list = l;
    }
    (*list)[(*n)++] = node;
    return 0;
}

/* Depth-first order without recursion: a Markdown file can nest emphasis
 * hundreds of thousands deep. */
static xmlNode *next_in(xmlNode *n, const xmlNode *root, int descend)
{
    if (descend && n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

static int name_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int heading_level(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name || n->name[0] != 'h' || n->name[1] < '1' ||
        n->name[1] > '6' || n->name[2])
        return 0;
    return n->name[1] - '0';
}

/* The text of an element, runs of white space as one space, trimmed. */
static int text_of(const xmlNode *n, rg_buf *out)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return -1;
    int space = 0, r = 0;
    for (const xmlChar *s = t; *s && r == 0; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
            space = 1;
            continue;
        }
        if (space && out->len > 0)
            r = rg_buf_putc(out, ' ');
        space = 0;
        if (r == 0)
            r = rg_buf_putc(out, (char)*s);
    }
    if (!out->data)
        r = r ? r : rg_buf_append(out, "", 0);
    xmlFree(t);
    return r;
}

static int starts_ci(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncasecmp(s, prefix, n) == 0;
}

/* ---- warnings with the Markdown's line ---------------------------------- */

static int warned(const post *p, const char *key)
{
    if (!p->diag)
        return 1;
    for (size_t i = 0; i < p->diag->n_warnings; i++)
        if (strcmp(p->diag->warnings[i].key, key) == 0 &&
            ((!p->diag->warnings[i].path) || strcmp(p->diag->warnings[i].path, p->md_name) == 0))
            return 1;
    return 0;
}

/* The line of the Markdown where `what` is written, 0 when not found. Only
 * the first warning of a class keeps its location, so this runs a handful
 * of times, not once per image. */
static long md_line(const post *p, const char *what)
{
    const char *md = p->o ? p->o->md : NULL;
    size_t md_len = p->o ? p->o->md_len : 0, n = strlen(what);
    if (!md || n == 0 || n > md_len)
        return 0;
    for (size_t i = 0; i + n <= md_len; i++) {
        if (md[i] == what[0] && memcmp(md + i, what, n) == 0) {
            long line = 1;
            for (size_t j = 0; j < i; j++)
                line += md[j] == '\n';
            return line;
        }
    }
    return 0;
}

/* rg_diag_warn with the line where src (or, failing that, decoded) is written. */
static void warn_image(post *p, const char *key, const char *src, const char *decoded,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void warn_image(post *p, const char *key, const char *src, const char *decoded,
                       const char *fmt, ...)
{
    long line = 0;
    if (!warned(p, key)) {
        line = md_line(p, src);
        if (!line && decoded)
            line = md_line(p, decoded);
    }
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* an address or alt text is quoted on a terminal: no control characters */
    for (char *c = msg; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = '?';
    rg_diag_warn(p->diag, p->md_name, line, 0, key, "%s", msg);
}

/* ---- local images ------------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* src without its query or fragment, percent-decoded (cmark-gfm encodes
 * spaces and non-ASCII), then checked: a relative path whose segments stay
 * in the folder. Returns the normalised path ("charts/timeline.svg"),
 * rg_malloc'd, or NULL with *why set (NULL too when out of memory). */
static char *local_path(const char *src, const char **why)
{
    size_t n = strcspn(src, "?#");
    char *dec = rg_malloc(n + 1), *out = rg_malloc(n + 1);
    size_t d = 0, o = 0;
    *why = NULL;
    if (!dec || !out)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '%' && i + 2 < n && hexval(src[i + 1]) >= 0 && hexval(src[i + 2]) >= 0) {
            dec[d++] = (char)(hexval(src[i + 1]) * 16 + hexval(src[i + 2]));
            i += 2;
        } else {
            dec[d++] = src[i];
        }
    }
    dec[d] = 0;
    if (d == 0 || strlen(dec) != d || dec[0] == '/' || strchr(dec, '\\') || strchr(dec, ':')) {
        *why = "the path must be relative to the review's folder";
        goto fail;
    }
    for (const char *seg = dec; *seg;) {
        size_t len = strcspn(seg, "/");
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            *why = "the path leaves the review's folder";
            goto fail;
        }
        if (len > 0 && !(len == 1 && seg[0] == '.')) {
            if (o > 0)
                out[o++] = '/';
            memcpy(out + o, seg, len);
            o += len;
        }
        seg += len;
        while (*seg == '/')
            seg++;
    }
    out[o] = 0;
    if (o == 0) {
        *why = "the path names no file";
        goto fail;
    }
    rg_free(dec);
    return out;
fail:
    rg_free(dec);
    rg_free(out);
    return NULL;
}

/* Reads base_dir/rel when it is a regular file inside base_dir (after
 * symbolic links) of at most RG_HTML_MAX_IMAGE_BYTES. Returns the bytes,
 * rg_malloc'd, or NULL with the reason in why[]. */
static char *read_local(const char *base_dir, const char *rel, size_t *len, char *why,
                        size_t why_len)
{
    char base_real[PATH_MAX], file_real[PATH_MAX], path[PATH_MAX];
    if (!realpath(base_dir, base_real)) {
        snprintf(why, why_len, "cannot read the folder '%s': %s", base_dir, strerror(errno));
        return NULL;
    }
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", base_dir, rel) >= sizeof(path)) {
        snprintf(why, why_len, "the path is too long");
        return NULL;
    }
    if (!realpath(path, file_real)) {
        snprintf(why, why_len, "cannot read it: %s", strerror(errno));
        return NULL;
    }
    size_t bl = strlen(base_real);
    if (strncmp(file_real, base_real, bl) != 0 ||
        (file_real[bl] != '/' && !(bl == 1 && base_real[0] == '/'))) {
        snprintf(why, why_len, "it leaves the review's folder through a symbolic link");
        return NULL;
    }
    int fd = open(file_real, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_len, "cannot read it: %s", strerror(errno));
        return NULL;
    }
    struct stat sb;
    char *data = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        snprintf(why, why_len, "it is not a regular file");
        goto done;
    }
    if (sb.st_size > RG_HTML_MAX_IMAGE_BYTES) {
        snprintf(why, why_len, "it is larger than %d bytes (4 MiB)", RG_HTML_MAX_IMAGE_BYTES);
        goto done;
    }
    data = rg_malloc((size_t)sb.st_size + 1);
    if (!data) {
        snprintf(why, why_len, "out of memory");
        goto done;
    }
    size_t got = 0;
    while (got < (size_t)sb.st_size) {
        ssize_t r = read(fd, data + got, (size_t)sb.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            snprintf(why, why_len, "cannot read it: %s", r < 0 ? strerror(errno) : "truncated");
            rg_free(data);
            data = NULL;
            goto done;
        }
        got += (size_t)r;
    }
    data[got] = 0;
    *len = got;
done:
    close(fd);
    return data;
}

/* The image type by its first bytes: what a browser will decode, whatever
 * the file's name says. NULL for anything else. */
static const char *raster_type(const unsigned char *d, size_t n)
{
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
        return "image/gif";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return "image/webp";
    return NULL;
}

static int base64(rg_buf *out, const unsigned char *d, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)d[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)d[i + 1] << 8;
        if (i + 2 < n)
            v |= d[i + 2];
        char q[4] = {abc[(v >> 18) & 63], abc[(v >> 12) & 63], i + 1 < n ? abc[(v >> 6) & 63] : '=',
                     i + 2 < n ? abc[v & 63] : '='};
        if (rg_buf_append(out, q, 4) != 0)
            return -1;
    }
    return 0;
}

/* ---- SVG: what may stay ------------------------------------------------- */

/* Drawing elements only: no <script>, <foreignObject> (HTML inside SVG),
 * <style> (it would restyle the whole report), animation (<set> and
 * <animate> can rewrite an href into javascript:), <image> or <use> of
 * another file. */
static const char svg_elements[] =
    " svg g defs title desc symbol use path rect circle ellipse line "
    "polyline polygon text tspan textPath marker linearGradient "
    "radialGradient stop clipPath mask pattern a filter feBlend "
    "feColorMatrix feComposite feDropShadow feFlood feGaussianBlur feMerge "
    "feMergeNode feOffset ";

static int in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* The lists' words are lower-case letters: a name whose first byte, lower-
 * cased, is not the word's is not compared. A chart's SVG has some 18,000
 * attributes, each looked up twice, and a strcasecmp with every word of the
 * list was a fifth of the time spent writing a whole-day review's HTML. */
static int in_list_ci(const char *name, const char *const *list, size_t n)
{
    char first = (char)(name[0] | 0x20);
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == first && strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* Whether element name (in namespace uri, NULL for none) may stay. */
static int svg_element_ok(const char *uri, const char *name)
{
    if (uri && strcmp(uri, SVG_NS) != 0)
        return 0;
    /* a word of the space-separated list, spaces on both sides */
    size_t len = strlen(name);
    if (len == 0 || strchr(name, ' '))
        return 0;
    for (const char *at = strstr(svg_elements, name); at; at = strstr(at + 1, name))
        if (at[-1] == ' ' && at[len] == ' ')
            return 1;
    return 0;
}

/* An attribute's value when it is plain text; 1 when it holds an entity
 * reference, which is never expanded (a "billion laughs" stays small). */
static int attr_value(const xmlAttr *a, rg_buf *out)
{
    rg_buf_reset(out);
    if (rg_buf_append(out, "", 0) != 0)
        return -1;
    for (const xmlNode *c = a->children; c; c = c->next) {
        if (c->type != XML_TEXT_NODE)
            return 1;
        if (c->content && rg_buf_puts(out, (const char *)c->content) != 0)
            return -1;
    }
    return 0;
}

/* Every "url(" must point inside the document: url(#clip). */
static int urls_local(const char *v)
{
    for (const char *s = v; (s = strchr(s, '(')) != NULL; s++) {
        if (s - v < 3 || strncasecmp(s - 3, "url", 3) != 0)
            continue;
        const char *t = s + 1;
        while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '"' || *t == '\'')
            t++;
        if (*t != '#')
            return 0;
    }
    return 1;
}

/* v contains word once white space and control characters are removed,
 * which browsers ignore inside a scheme ("java\tscript:"). */
static int contains_squeezed(const char *v, const char *word)
{
    size_t wn = strlen(word), k = 0;
    for (const char *s = v; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c <= 0x20 || c == 0x7F)
            continue;
        if ((char)(c | 0x20) == word[k] || (char)c == word[k]) {
            if (++k == wn)
                return 1;
        } else {
            k = ((char)(c | 0x20) == word[0] || (char)c == word[0]) ? 1 : 0;
        }
    }
    return 0;
}

/* Whether an SVG attribute (name in namespace uri, NULL for none) may
 * stay, and the name to write it under. */
static const char *svg_attr_name(const char *uri, const char *name, const char *value)
{
    if (uri) {
        const char *href = uri;
        if (strcmp(href, XLINK_NS) == 0 && strcmp(name, "href") == 0)
            return value[0] == '#' ? "href" : NULL;
        if (strcmp(href, XML_NS) == 0 && strcmp(name, "space") == 0)
            return "xml:space";
        if (strcmp(href, XML_NS) == 0 && strcmp(name, "lang") == 0)
            return "xml:lang";
        return NULL;
    }
    if (!((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z')))
        return NULL;
    for (const char *s = name; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return NULL;
    if (starts_ci(name, "on"))
        return NULL;
    /* An address may only point inside the document: no javascript:, no
     * data:, no other file. */
    static const char *const url_attrs[] = {
        "href",       "src",      "action",   "formaction", "data",     "poster", "srcset",
        "background", "cite",     "longdesc", "usemap",     "codebase", "ping",   "lowsrc",
        "dynsrc",     "manifest", "classid",  "archive",    "icon",     "profile"};
    if (in_list_ci(name, url_attrs, sizeof(url_attrs) / sizeof(url_attrs[0])))
        return value[0] == '#' ? name : NULL;
    /* Text for people (the chart's aria-label is the incident's title): never
     * an address or style, so "javascript:" or "url(" in it is just text,
     * kept, and no reason to warn. */
    if (starts_ci(name, "aria-") || strcmp(name, "role") == 0 || strcmp(name, "id") == 0 ||
        strcmp(name, "class") == 0 || strcmp(name, "lang") == 0)
        return name;
    /* each test needs a ':' or a '(' in the value (a reference in it was
     * decoded by the parser): most of a chart's 18,000 values have neither */
    if (strpbrk(value, ":(") &&
        (!urls_local(value) || contains_squeezed(value, "javascript:") ||
         contains_squeezed(value, "vbscript:") || contains_squeezed(value, "data:")))
        return NULL;
    if (strcmp(name, "style") == 0 &&
        (strchr(value, '\\') || strchr(value, '<') || strchr(value, '@') ||
         contains_squeezed(value, "expression(")))
        return NULL;
    return name;
}

/* The SVG's parse: no network (NONET). Never NOENT, DTDLOAD or HUGE:
 * entities stay unexpanded, no DTD is fetched, depth and sizes stay capped
 * (libxml2 caps the depth at 256). NOERROR/NOWARNING only keep libxml2 from
 * printing. */
#define SVG_PARSE (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* What svg_clean writes, and what it removed. */
typedef struct svg_out {
    rg_buf *out;
    rg_buf tmp;        /* an attribute's value */
    size_t elements;   /* removed, each with all it held */
    size_t attributes; /* removed from the elements kept */
    int open;          /* the last start tag's '>' is not written yet */
} svg_out;

/* The '>' of the start tag before: an element with nothing kept inside is
 * written "<g/>", as a tree's serialiser would. */
static int svg_close_start(svg_out *s)
{
    if (!s->open)
        return 0;
    s->open = 0;
    return rg_buf_putc(s->out, '>');
}

/* An attribute's value as the SAX parser gives it, [v, end), into out as
 * text. Without entity substitution the parser leaves two things behind a
 * '&': "&#38;", a literal '&' (kept for the tree builder to decode), and
 * "&name;", a reference to an entity, which is never expanded (a "billion
 * laughs" stays small): 1, and the attribute goes, as attr_value has it. */
static int raw_attr_value(const xmlChar *v, const xmlChar *end, rg_buf *out)
{
    rg_buf_reset(out);
    if (rg_buf_append(out, "", 0) != 0)
        return -1;
    const char *s = (const char *)v, *e = (const char *)end;
    while (s < e) {
        const char *amp = memchr(s, '&', (size_t)(e - s));
        if (rg_buf_append(out, s, (size_t)((amp ? amp : e) - s)) != 0)
            return -1;
        if (!amp)
            break;
        if (e - amp < 5 || memcmp(amp, "&#38;", 5) != 0)
            return 1;
        if (rg_buf_putc(out, '&') != 0)
            return -1;
        s = amp + 5;
    }
    return 0;
}

/* Writes the start tag of element name, what may stay of it, without its
 * '>' (svg_close_start); attrs holds n_attrs attributes as the SAX parser
 * gives them (local name, prefix, namespace, value, its end). The root gets
 * the namespace and the <img>'s alt text, so a screen reader still names
 * the chart. Its ids go into p->ids, which the headings then avoid. */
static int svg_start(post *p, svg_out *s, const char *name_el, int n_attrs, const xmlChar **attrs,
                     const char *alt, int root)
{
    rg_buf *out = s->out;
    if (rg_buf_putc(out, '<') != 0 || rg_buf_puts(out, name_el) != 0)
        return -1;
    if (root && rg_buf_puts(out, " xmlns=\"" SVG_NS "\"") != 0)
        return -1;
    int has_role = 0, has_label = 0;
    for (int i = 0; i < n_attrs; i++) {
        const xmlChar **a = attrs + 5 * i;
        const char *uri = (const char *)a[2];
        /* a prefix bound to no namespace: the tree builder names it
         * "prefix:local", which no allowed name is */
        int r = a[1] && !uri ? 1 : raw_attr_value(a[3], a[4], &s->tmp);
        if (r < 0)
            return -1;
        const char *name = r == 0 ? svg_attr_name(uri, (const char *)a[0], s->tmp.data) : NULL;
        if (!name) {
            s->attributes++;
            continue;
        }
        has_role |= strcmp(name, "role") == 0;
        has_label |= strcmp(name, "aria-label") == 0;
        if (!uri && strcmp(name, "id") == 0 && s->tmp.len > 0 && !id_find(&p->ids, s->tmp.data) &&
            id_add(&p->ids, s->tmp.data) != 0)
            return -1;
        if (rg_buf_putc(out, ' ') != 0 || rg_buf_puts(out, name) != 0 ||
            rg_buf_puts(out, "=\"") != 0 || rg_html_escape(out, s->tmp.data, s->tmp.len) ||
            rg_buf_putc(out, '"') != 0)
            return -1;
    }
    if (root && alt && *alt) {
        if (!has_role && rg_buf_puts(out, " role=\"img\"") != 0)
            return -1;
        if (!has_label &&
            (rg_buf_puts(out, " aria-label=\"") != 0 ||
             rg_html_escape(out, alt, strlen(alt)) != 0 || rg_buf_putc(out, '"') != 0))
            return -1;
    }
    s->open = 1;
    return 0;
}

/* svg_clean's parse: the SAX parser's events written as they come, no node
 * made (the parser itself checks that the document is well-formed, its
 * namespaces and its entities; raw_attr_value reads what it leaves in a
 * value). A parse libxml2 starts inside for an entity's text has a context
 * of its own, which gets the tree builder's default behaviour (xmlSAX2*):
 * the entity's content is checked as a whole-document parse checks it, and
 * never shown. */
typedef struct svg_sax {
    post *p;
    xmlParserCtxtPtr ctxt; /* the document's parse */
    svg_out s;
    const char *alt;
    int depth;  /* elements open */
    int skip;   /* the depth of the removed element being skipped, or 0 */
    int root;   /* 1: the root is <svg>; -1: it is not, and the rest is only checked */
    int failed; /* out of memory writing: the parse is stopped */
    char root_name[200];
} svg_sax;

static svg_sax *sax_state(void *ctx, int *own)
{
    xmlParserCtxtPtr c = ctx;
    svg_sax *st = c->_private;
    *own = st && c == st->ctxt && !st->failed;
    return st;
}

static void sax_fail(svg_sax *st)
{
    st->failed = 1;
    xmlStopParser(st->ctxt);
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    int own;
    svg_sax *st = sax_state(ctx, &own);
    if (!own) { /* an entity's text */
        xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                              nb_defaulted, attributes);
        return;
    }
    const char *name = (const char *)localname, *ns = (const char *)uri;
    /* DTD defaults are not the document's (no XML_PARSE_DTDATTR), as the tree
     * builder has it */
    nb_attributes -= nb_defaulted;
    /* a prefix bound to no namespace: the tree builder names the element
     * "prefix:local", which is not SVG */
    int prefix_unbound = prefix && !uri;
    st->depth++;
    if (st->skip)
        return;
    int r = 0;
    if (st->root == 0) {
        st->root = !prefix_unbound && strcmp(name, "svg") == 0 && svg_element_ok(ns, name) ? 1 : -1;
        if (st->root < 0) {
            snprintf(st->root_name, sizeof(st->root_name), "%s%s%s",
                     prefix_unbound ? (const char *)prefix : "", prefix_unbound ? ":" : "", name);
            st->skip = st->depth;
            return;
        }
        r = svg_start(st->p, &st->s, name, nb_attributes, attributes, st->alt, 1);
    } else if (prefix_unbound || !svg_element_ok(ns, name)) {
        st->s.elements++;
        st->skip = st->depth;
        return;
    } else {
        r = svg_close_start(&st->s);
        if (r == 0)
            r = svg_start(st->p, &st->s, name, nb_attributes, attributes, NULL, 0);
    }
    if (r != 0)
        sax_fail(st);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
    int own;
    svg_sax *st = sax_state(ctx, &own);
    if (!own) {
        xmlSAX2EndElementNs(ctx, localname, prefix, uri);
        return;
    }
    if (st->depth == 0)
        return;
    int r = 0;
    if (!st->skip) {
        if (st->s.open) {
            st->s.open = 0;
            r = rg_buf_puts(st->s.out, "/>");
        } else if (rg_buf_puts(st->s.out, "</") != 0 ||
                   rg_buf_puts(st->s.out, (const char *)localname) != 0 ||
                   rg_buf_putc(st->s.out, '>') != 0) {
            r = -1;
        }
    }
    if (st->skip == st->depth)
        st->skip = 0;
    st->depth--;
    if (r != 0)
        sax_fail(st);
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    int own;
    svg_sax *st = sax_state(ctx, &own);
    if (!own) {
        xmlSAX2Characters(ctx, ch, len);
        return;
    }
    if (st->skip || st->depth == 0)
        return;
    if (svg_close_start(&st->s) != 0 ||
        rg_html_escape(st->s.out, (const char *)ch, (size_t)len) != 0)
        sax_fail(st);
}

static void sax_cdata(void *ctx, const xmlChar *ch, int len)
{
    int own;
    sax_state(ctx, &own);
    if (own)
        sax_text(ctx, ch, len);
    else
        xmlSAX2CDataBlock(ctx, ch, len);
}

/* Entity references, comments and processing instructions show nothing:
 * not kept, not counted. */
static void sax_reference(void *ctx, const xmlChar *name)
{
    int own;
    sax_state(ctx, &own);
    if (!own)
        xmlSAX2Reference(ctx, name);
}

static void sax_comment(void *ctx, const xmlChar *value)
{
    int own;
    sax_state(ctx, &own);
    if (!own)
        xmlSAX2Comment(ctx, value);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    int own;
    sax_state(ctx, &own);
    if (!own)
        xmlSAX2ProcessingInstruction(ctx, target, data);
}

/* Reads data as SVG and writes into out, as HTML, what may stay of it:
 * elements of svg_elements with the attributes svg_attr_name keeps, and
 * text; an element that may not stay goes with all it holds (counted once),
 * and comments, processing instructions and entity references go uncounted.
 * Streamed (svg_sax): the document never becomes a tree; a chart of a whole
 * day has some 5,000 elements, and their tree was 1,700 pages the process
 * had never touched (README, "Evidence of any size"). Returns 0, or -1 with
 * the reason in why[] (the file is dropped) or p->oom set. */
static int svg_clean(post *p, const char *rel, const char *data, size_t len, const char *src,
                     const char *alt, rg_buf *out, char *why, size_t why_len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        p->oom = 1;
        return -1;
    }
    svg_sax st;
    memset(&st, 0, sizeof(st));
    st.p = p;
    st.ctxt = ctxt;
    st.s.out = out;
    st.alt = alt;
    ctxt->_private = &st;
    ctxt->sax->startElementNs = sax_start;
    ctxt->sax->endElementNs = sax_end;
    ctxt->sax->characters = sax_text;
    ctxt->sax->ignorableWhitespace = sax_text;
    ctxt->sax->cdataBlock = sax_cdata;
    ctxt->sax->reference = sax_reference;
    ctxt->sax->comment = sax_comment;
    ctxt->sax->processingInstruction = sax_pi;
    rg_xml_watch w;
    rg_xml_begin(&w, ctxt);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, rel, NULL, SVG_PARSE);
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    int oom = rg_xml_end(&w) || rg_xml_is_oom(e) || st.failed;
    xmlFreeDoc(doc);
    rg_buf_free(&st.s.tmp);
    if (oom) {
        /* out of memory, never "not well-formed" (nor a partial tree) */
        xmlFreeParserCtxt(ctxt);
        p->oom = 1;
        return -1;
    }
    if (!doc) {
        char msg[300] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%s", e->message);
            size_t n = strlen(msg);
            while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = 0;
        }
        if (e && e->line > 0)
            snprintf(why, why_len, "cannot read it as SVG: %s:%d:%d: %s", rel, e->line,
                     e->int2 > 0 ? e->int2 : 1, msg);
        else
            snprintf(why, why_len, "cannot read it as SVG: %s: %s", rel, msg);
        xmlFreeParserCtxt(ctxt);
        return -1;
    }
    xmlFreeParserCtxt(ctxt);
    if (st.root <= 0) {
        snprintf(why, why_len, "it is not SVG: its root element is '%s'", st.root_name);
        return -1;
    }
    svg_out s = st.s;
    if (s.elements || s.attributes) {
        char counts[120];
        int k = 0;
        if (s.elements)
            k = snprintf(counts, sizeof(counts), "%zu element%s", s.elements,
                         s.elements == 1 ? "" : "s");
        if (s.attributes)
            snprintf(counts + k, sizeof(counts) - (size_t)k, "%s%zu attribute%s",
                     s.elements ? " and " : "", s.attributes, s.attributes == 1 ? "" : "s");
        warn_image(p, "svg-unsafe", src, rel,
                   "local image '%s': removed %s that could run script, load other files or "
                   "restyle the report",
                   src, counts);
    }
    return 0;
}

/* ---- images ------------------------------------------------------------- */

/* Puts the alt text where a dropped image was, so the reader sees that
 * something was meant to be there. */
static void drop_image(post *p, xmlNode *img, const char *alt)
{
    if (alt && *alt) {
        xmlNode *span = xmlNewDocNode(p->doc, NULL, BAD_CAST "span", NULL);
        xmlNode *text = span ? xmlNewDocText(p->doc, BAD_CAST alt) : NULL;
        if (!span || !text || !xmlNewProp(span, BAD_CAST "class", BAD_CAST "rg-dropped-image")) {
            xmlFreeNode(span);
            xmlFreeNode(text);
            p->oom = 1;
            return;
        }
        xmlAddChild(span, text);
        xmlReplaceNode(img, span);
    } else {
        xmlUnlinkNode(img);
    }
    xmlFreeNode(img);
}

static const rg_html_file *memory_file(const post *p, const char *rel)
{
    for (size_t i = 0; p->o && i < p->o->n_files; i++)
        if (p->o->files[i].name && strcmp(p->o->files[i].name, rel) == 0)
            return &p->o->files[i];
    return NULL;
}

static int is_raster_data_url(const char *src)
{
    static const char *const types[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
                                        "data:image/webp"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(types[i]);
        if (strncasecmp(src, types[i], n) == 0 && (src[n] == ';' || src[n] == ','))
            return 1;
    }
    return 0;
}

static void local_image(post *p, xmlNode *img, const char *src, const char *alt)
{
    const char *bad = NULL;
    char why[600];
    char *rel = local_path(src, &bad);
    char *owned = NULL;
    const char *data = NULL;
    size_t len = 0;
    if (!rel) {
        if (!bad) {
            p->oom = 1;
            return;
        }
        warn_image(p, "local-image", src, NULL, "local image '%s' dropped: %s", src, bad);
        drop_image(p, img, alt);
        return;
    }
    const rg_html_file *mem = memory_file(p, rel);
    if (mem) {
        data = mem->data;
        len = mem->len;
    } else if (!p->o || !p->o->base_dir) {
        warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src,
                   "no folder was given to read it from");
        goto drop;
    } else {
        owned = read_local(p->o->base_dir, rel, &len, why, sizeof(why));
        if (!owned) {
            warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src, why);
            goto drop;
        }
        data = owned;
    }
    if (len > RG_HTML_MAX_IMAGE_BYTES) {
        warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src,
                   "it is larger than 4 MiB");
        goto drop;
    }
    if (p->inlined_bytes + len > RG_HTML_MAX_INLINED_BYTES) {
        warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src,
                   "the images inlined into the report would pass 16 MiB");
        goto drop;
    }
    const char *type = raster_type((const unsigned char *)data, len);
    if (type) {
        rg_buf url = {0};
        if (rg_buf_printf(&url, "data:%s;base64,", type) != 0 ||
            base64(&url, (const unsigned char *)data, len) != 0 ||
            !xmlSetProp(img, BAD_CAST "src", BAD_CAST url.data))
            p->oom = 1;
        rg_buf_free(&url);
        p->inlined_bytes += len;
        goto done;
    }
    size_t lead = 0;
    while (lead < len &&
           (data[lead] == ' ' || data[lead] == '\t' || data[lead] == '\n' || data[lead] == '\r'))
        lead++;
    int looks_xml =
        (lead < len && data[lead] == '<') || (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0);
    if (!looks_xml) {
        warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src,
                   "it is not an SVG, PNG, GIF, JPEG or WebP image");
        goto drop;
    }
    rg_buf clean = {0};
    if (svg_clean(p, rel, data, len, src, alt, &clean, why, sizeof(why)) != 0) {
        rg_buf_free(&clean);
        if (!p->oom)
            warn_image(p, "local-image", src, rel, "local image '%s' dropped: %s", src, why);
        goto drop;
    }
    inline_svg *l = rg_realloc(p->svgs, (p->n_svgs + 1) * sizeof(*l));
    xmlNode *at = xmlNewDocNode(p->doc, NULL, BAD_CAST INLINE_SVG, NULL);
    if (!l || !at) {
        if (l)
            p->svgs = l;
        rg_buf_free(&clean);
        xmlFreeNode(at);
        p->oom = 1;
        goto done;
    }
    p->svgs = l;
    l[p->n_svgs].at = at;
    l[p->n_svgs].svg = clean;
    p->n_svgs++;
    p->inlined_bytes += len;
    xmlReplaceNode(img, at);
    xmlFreeNode(img);
    goto done;
drop:
    drop_image(p, img, alt);
done:
    rg_free(owned);
    rg_free(rel);
}

/* What an <img> holds goes where it was, before the image is replaced or
 * dropped. HTML's img holds nothing, but libxml2's HTML parser names
 * "<s:img>" img (the prefix split off) and lets it hold what follows; the
 * headings and images in there are on the lists still to be processed, and
 * freeing them with the image was a use after free (fuzz_html_post). */
static void lift_children(xmlNode *img)
{
    xmlNode *at = img;
    while (img->children) {
        xmlNode *c = img->children;
        xmlUnlinkNode(c);
        at = xmlAddNextSibling(at, c); /* c, or the text it merged into */
    }
}

static void process_image(post *p, xmlNode *img)
{
    lift_children(img);
    xmlChar *src_x = xmlGetProp(img, BAD_CAST "src");
    xmlChar *alt_x = xmlGetProp(img, BAD_CAST "alt");
    const char *src = src_x ? (const char *)src_x : "";
    const char *alt = alt_x ? (const char *)alt_x : "";
    if (starts_ci(src, "http:") || starts_ci(src, "https:") || strncmp(src, "//", 2) == 0) {
        warn_image(p, "remote-image", src, NULL,
                   "remote image '%s' dropped: the report makes no external requests", src);
        drop_image(p, img, alt);
    } else if (is_raster_data_url(src)) {
        /* shown as it is: the Content-Security-Policy allows data: images */
    } else if (!*src) {
        /* cmark-gfm's safe mode empties javascript:, vbscript:, file: and
         * data: addresses other than images. */
        rg_buf needle = {0};
        if (rg_buf_printf(&needle, "![%s]", alt) != 0)
            p->oom = 1;
        else
            warn_image(p, "unsafe-image", needle.data, NULL,
                       "image '%s' dropped: its address was removed as unsafe", alt);
        rg_buf_free(&needle);
        drop_image(p, img, alt);
    } else if (src[strcspn(src, ":/?#")] == ':') {
        warn_image(p, "unsafe-image", src, NULL,
                   "image '%s' dropped: only local files and data:image addresses can be shown",
                   src);
        drop_image(p, img, alt);
    } else {
        local_image(p, img, src, alt);
    }
    xmlFree(src_x);
    xmlFree(alt_x);
}

/* ---- contents and cards ------------------------------------------------- */

static xmlNode *element(post *p, xmlNode *parent, const char *name, const char *cls,
                        const char *text)
{
    xmlNode *n = xmlNewDocNode(p->doc, NULL, BAD_CAST name, NULL);
    if (!n) {
        p->oom = 1;
        return NULL;
    }
    if (cls && !xmlNewProp(n, BAD_CAST "class", BAD_CAST cls))
        p->oom = 1;
    if (text) {
        xmlNode *t = xmlNewDocText(p->doc, BAD_CAST text);
        if (!t)
            p->oom = 1;
        else
            xmlAddChild(n, t);
    }
    if (parent)
        xmlAddChild(parent, n);
    return n;
}

static void newline(post *p, xmlNode *parent)
{
    xmlNode *t = xmlNewDocText(p->doc, BAD_CAST "\n");
    if (!t)
        p->oom = 1;
    else
        xmlAddChild(parent, t);
}

/* <nav class="toc">: the h2 headings, each with its h3s, when there are at
 * least two entries. */
static xmlNode *contents(post *p)
{
    size_t entries = 0;
    for (size_t i = 0; i < p->n_headings; i++) {
        int level = heading_level(p->headings[i]);
        entries += level == 2 || level == 3;
    }
    if (entries < 2)
        return NULL;
    xmlNode *nav = element(p, NULL, "nav", "toc", NULL);
    if (!nav)
        return NULL;
    if (!xmlNewProp(nav, BAD_CAST "aria-label", BAD_CAST "Contents"))
        p->oom = 1;
    newline(p, nav);
    element(p, nav, "p", "toc-title", "Contents");
    newline(p, nav);
    xmlNode *top = element(p, nav, "ul", NULL, NULL), *sub = NULL, *last = NULL;
    newline(p, nav);
    if (!top)
        return nav;
    newline(p, top);
    rg_buf text = {0};
    for (size_t i = 0; i < p->n_headings && !p->oom; i++) {
        xmlNode *h = p->headings[i];
        int level = heading_level(h);
        if (level != 2 && level != 3)
            continue;
        xmlChar *id = xmlGetProp(h, BAD_CAST "id");
        rg_buf_reset(&text);
        if (!id || text_of(h, &text) != 0) {
            xmlFree(id);
            p->oom = 1;
            break;
        }
        xmlNode *list = top;
        if (level == 3 && last) {
            if (!sub) {
                newline(p, last);
                sub = element(p, last, "ul", NULL, NULL);
                newline(p, last);
                if (sub)
                    newline(p, sub);
            }
            list = sub ? sub : top;
        } else {
            sub = NULL;
        }
        xmlNode *li = element(p, list, "li", NULL, NULL);
        newline(p, list);
        if (li && level == 2)
            last = li;
        xmlNode *a = li ? element(p, li, "a", NULL, text.data) : NULL;
        rg_buf href = {0};
        if (!a || rg_buf_printf(&href, "#%s", (const char *)id) != 0 ||
            !xmlNewProp(a, BAD_CAST "href", BAD_CAST href.data))
            p->oom = 1;
        rg_buf_free(&href);
        xmlFree(id);
    }
    rg_buf_free(&text);
    return nav;
}

static void card(post *p, xmlNode *box, const char *label, const char *value,
                 const char *definition, int unknown)
{
    xmlNode *c = element(p, box, "div", unknown ? "rg-card rg-card-unknown" : "rg-card", NULL);
    if (!c)
        return;
    char title[400];
    snprintf(title, sizeof(title), "%s = %s", label, definition);
    title[0] = (char)(title[0] >= 'A' && title[0] <= 'Z' ? title[0] - 'A' + 'a' : title[0]);
    if (!xmlNewProp(c, BAD_CAST "title", BAD_CAST title))
        p->oom = 1;
    element(p, c, "span", "rg-card-label", label);
    element(p, c, "span", "rg-card-value", value);
    element(p, c, "small", "rg-card-def", definition);
    newline(p, box);
}

/* The metric cards from the model's "impact_total", "durations" (seconds or
 * null) and "communication"; NULL when the model has none of them. One
 * headline duration, customer impact (the impact periods together); then
 * the two durations no reader takes for "how long" (detect, acknowledge)
 * and the updates. Mitigate, recover and the total stay in the metrics
 * table with their definitions. Labels and definitions are metrics.c's,
 * the same words as every other output. */
static xmlNode *cards(post *p)
{
    const json_t *model = p->o ? p->o->model : NULL;
    const json_t *dur = json_object_get(model, "durations");
    const json_t *com = json_object_get(model, "communication");
    if (!json_is_object(dur) && !json_is_object(com))
        return NULL;
    xmlNode *box = element(p, NULL, "section", "rg-cards", NULL);
    if (!box)
        return NULL;
    if (!xmlNewProp(box, BAD_CAST "aria-label", BAD_CAST "Response at a glance"))
        p->oom = 1;
    newline(p, box);
    {
        const json_t *total = json_object_get(model, "impact_total");
        size_t periods = json_array_size(json_object_get(model, "impact_periods"));
        char value[48], definition[200];
        int known = json_is_integer(total) && json_integer_value(total) >= 0;
        if (known)
            rg_duration_format((int64_t)json_integer_value(total), value);
        else
            snprintf(value, sizeof(value), "unknown");
        if (periods > 1)
            snprintf(definition, sizeof(definition),
                     "the %zu impact periods together: alerts firing, error bursts, breaches",
                     periods);
        else
            snprintf(definition, sizeof(definition),
                     "the impact period: alerts firing, error bursts, breaches");
        card(p, box, "Customer impact", value, definition, !known);
    }
    static const rg_duration_id shown[] = {RG_DUR_TIME_TO_DETECT, RG_DUR_TIME_TO_ACKNOWLEDGE};
    for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
        const json_t *v = json_object_get(dur, rg_duration_key(shown[i]));
        char label[64], value[48];
        snprintf(label, sizeof(label), "%s", rg_duration_label(shown[i]));
        if (label[0] >= 'a' && label[0] <= 'z')
            label[0] = (char)(label[0] - 'a' + 'A');
        int known = json_is_integer(v) && json_integer_value(v) >= 0;
        if (known)
            rg_duration_format((int64_t)json_integer_value(v), value);
        else
            snprintf(value, sizeof(value), "unknown");
        card(p, box, label, value, rg_duration_definition(shown[i]), !known);
    }
    const json_t *updates = json_object_get(com, "updates");
    const json_t *gap = json_object_get(com, "max_gap");
    const json_t *policy = json_object_get(com, "policy");
    char value[32], definition[200], g[48], pol[48];
    int known = json_is_integer(updates) && json_integer_value(updates) >= 0;
    if (known)
        snprintf(value, sizeof(value), "%lld", (long long)json_integer_value(updates));
    else
        snprintf(value, sizeof(value), "unknown");
    int n = snprintf(definition, sizeof(definition), "status-page posts");
    if (json_is_integer(gap) && json_integer_value(gap) >= 0 && n > 0 &&
        (size_t)n < sizeof(definition))
        n += snprintf(definition + n, sizeof(definition) - (size_t)n, "; longest gap while open %s",
                      rg_duration_format((int64_t)json_integer_value(gap), g));
    if (json_is_integer(policy) && json_integer_value(policy) > 0 && n > 0 &&
        (size_t)n < sizeof(definition))
        snprintf(definition + n, sizeof(definition) - (size_t)n, " (policy %s)",
                 rg_duration_format((int64_t)json_integer_value(policy), pol));
    card(p, box, "Updates to customers", value, definition, !known);
    return box;
}

/* Every table gets a <caption> for screen readers (GFM tables have none):
 * the text of the heading it is under, ", table 2", ", table 3"... for the
 * later tables of one section; "Table" before any heading. The stylesheet
 * hides it from sight; the heading above already says it. */
static void table_captions(post *p)
{
    rg_buf heading = {0}, text = {0};
    int count = 0;
    for (xmlNode *n = p->body->children; n && !p->oom; n = next_in(n, p->body, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int level = heading_level(n);
        if (level >= 1 && level <= 6) {
            rg_buf_reset(&heading);
            if (text_of(n, &heading) != 0)
                p->oom = 1;
            count = 0;
            continue;
        }
        if (!name_is(n, "table"))
            continue;
        count++;
        rg_buf_reset(&text);
        int rc = heading.len ? rg_buf_append(&text, heading.data, heading.len)
                             : rg_buf_puts(&text, "Table");
        if (rc == 0 && count > 1)
            rc = rg_buf_printf(&text, ", table %d", count);
        xmlNode *cap = rc == 0 ? element(p, NULL, "caption", "rg-caption", text.data) : NULL;
        if (!cap) {
            p->oom = 1;
            break;
        }
        if (n->children)
            xmlAddPrevSibling(n->children, cap);
        else
            xmlAddChild(n, cap);
    }
    rg_buf_free(&heading);
    rg_buf_free(&text);
}

/* The body's child that holds n. */
static xmlNode *top_level(post *p, xmlNode *n)
{
    while (n && n->parent != p->body)
        n = n->parent;
    return n;
}

/* Puts `it` (and a line break) before `anchor`; with no anchor, after h1,
 * else first in the body. */
static void insert_before(post *p, xmlNode *it, xmlNode *anchor, xmlNode *h1)
{
    xmlNode *nl = xmlNewDocText(p->doc, BAD_CAST "\n");
    if (!nl) {
        xmlFreeNode(it);
        p->oom = 1;
        return;
    }
    if (anchor)
        xmlAddPrevSibling(anchor, it);
    else if (h1)
        xmlAddNextSibling(h1, it);
    else if (p->body->children)
        xmlAddPrevSibling(p->body->children, it);
    else
        xmlAddChild(p->body, it);
    /* the line break goes in last, as libxml2 merges it into a neighbouring
     * text node (and frees it) when there is one */
    xmlAddNextSibling(it, nl);
}

/* The review's first screen (README, "The HTML report"): when there is an
 * h2 "What we are changing", the cards go just before it (after what
 * happened and the impact) and the contents just after its section, before
 * the analysis. Otherwise cards, then contents, before the first h2 or h3
 * (so the title and the lines under it come first); with none, after the
 * first h1, else first. */
static void insert_front(post *p, xmlNode *cards_box, xmlNode *nav)
{
    xmlNode *anchor = NULL, *h1 = NULL, *changing = NULL, *after = NULL;
    for (size_t i = 0; i < p->n_headings; i++) {
        int level = heading_level(p->headings[i]);
        if ((level == 2 || level == 3) && !anchor)
            anchor = top_level(p, p->headings[i]);
        else if (level == 1 && !h1)
            h1 = top_level(p, p->headings[i]);
        if (level == 2 && changing && !after)
            after = top_level(p, p->headings[i]);
        if (level == 2 && !changing && p->slugs && p->slugs[i] &&
            strcmp(p->slugs[i], "what-we-are-changing") == 0)
            changing = top_level(p, p->headings[i]);
    }
    if (changing) {
        if (cards_box)
            insert_before(p, cards_box, changing, NULL);
        if (nav) {
            if (after)
                insert_before(p, nav, after, NULL);
            else
                xmlAddChild(p->body, nav);
        }
        return;
    }
    if (nav)
        insert_before(p, nav, anchor, h1);
    if (cards_box)
        insert_before(p, cards_box, nav ? nav : anchor, nav ? NULL : h1);
}

/* ---- the allow-list serialiser ------------------------------------------ */

static const char *const html_elements[] = {
    "a",          "abbr",   "b",      "blockquote", "br",      "caption", "code",  "col",
    "colgroup",   "dd",     "del",    "details",    "div",     "dl",      "dt",    "em",
    "figcaption", "figure", "h1",     "h2",         "h3",      "h4",      "h5",    "h6",
    "hr",         "i",      "img",    "input",      "ins",     "kbd",     "li",    "mark",
    "nav",        "ol",     "p",      "pre",        "q",       "s",       "samp",  "section",
    "small",      "span",   "strong", "sub",        "summary", "sup",     "table", "tbody",
    "td",         "tfoot",  "th",     "thead",      "tr",      "u",       "ul",    "var"};

static int is_void(const char *name)
{
    return !strcmp(name, "br") || !strcmp(name, "hr") || !strcmp(name, "img") ||
           !strcmp(name, "input") || !strcmp(name, "col");
}

/* The attributes an element may keep; href and src are checked apart. */
static int html_attr_ok(const char *el, const char *name)
{
    static const char *const global[] = {"id",  "class", "title",     "lang",
                                         "dir", "role",  "aria-label"};
    if (in_list(name, global, sizeof(global) / sizeof(global[0])))
        return 1;
    if (!strcmp(el, "img"))
        return !strcmp(name, "alt") || !strcmp(name, "width") || !strcmp(name, "height");
    if (!strcmp(el, "ol"))
        return !strcmp(name, "start");
    if (!strcmp(el, "th") || !strcmp(el, "td"))
        return !strcmp(name, "align") || !strcmp(name, "colspan") || !strcmp(name, "rowspan");
    if (!strcmp(el, "col") || !strcmp(el, "colgroup"))
        return !strcmp(name, "span");
    if (!strcmp(el, "details"))
        return !strcmp(name, "open");
    return 0;
}

static int put_attr(rg_buf *out, const char *name, const char *v)
{
    if (rg_buf_printf(out, " %s=\"", name) != 0 || rg_html_escape(out, v, strlen(v)) != 0)
        return -1;
    return rg_buf_putc(out, '"');
}

/* Writes the start tag of an allowed element; returns 1 when the element
 * is left out after all (an <img> that is not a data: image, an <input>
 * that is not a checkbox), 0 written, -1 out of memory. */
static int start_tag(post *p, rg_buf *out, const xmlNode *n, rg_buf *tmp)
{
    const char *el = (const char *)n->name;
    if (!strcmp(el, "img")) {
        xmlChar *src = xmlGetProp(n, BAD_CAST "src");
        int ok = src && is_raster_data_url((const char *)src);
        xmlFree(src);
        if (!ok)
            return 1;
    }
    if (!strcmp(el, "input")) {
        xmlChar *type = xmlGetProp(n, BAD_CAST "type");
        int ok = type && strcasecmp((const char *)type, "checkbox") == 0;
        int checked = xmlHasProp(n, BAD_CAST "checked") != NULL;
        xmlFree(type);
        if (!ok)
            return 1;
        /* never enabled: there is no form, and a click would change nothing */
        return rg_buf_printf(out, "<input type=\"checkbox\"%s disabled=\"\" />",
                             checked ? " checked=\"\"" : "");
    }
    if (rg_buf_putc(out, '<') != 0 || rg_buf_puts(out, el) != 0)
        return -1;
    int external = 0;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (a->ns)
            continue;
        int r = attr_value(a, tmp);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (!strcmp(el, "a") && !strcmp(name, "href")) {
            /* Markdown's links were judged before cmark-gfm rendered them
             * (render_html.c), with their exact line; what is refused here
             * came as HTML, and gets the line where it is first written */
            const char *why = rg_link_refused(tmp->data);
            if (why) {
                long line = p->links_dropped++ < RG_LINK_WARNINGS ? md_line(p, tmp->data) : 0;
                rg_link_warn(p->diag, p->md_name, line, tmp->data, why);
                continue;
            }
            external = starts_ci(tmp->data, "http");
        } else if (!strcmp(el, "img") && !strcmp(name, "src")) {
            if (!is_raster_data_url(tmp->data))
                continue;
        } else if (!html_attr_ok(el, name)) {
            continue;
        }
        if (put_attr(out, name, tmp->data) != 0)
            return -1;
    }
    if (external && rg_buf_puts(out, " rel=\"noopener noreferrer\"") != 0)
        return -1;
    return rg_buf_puts(out, is_void(el) ? " />" : ">");
}

/* Comments are kept only when they are plain words, as cmark-gfm's "raw
 * HTML omitted": nothing in one can end it early ("--!>") in a browser. */
static int comment_ok(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == ' '))
            return 0;
    return 1;
}

static const inline_svg *svg_at(const post *p, const xmlNode *n)
{
    if (!name_is(n, INLINE_SVG))
        return NULL;
    for (size_t i = 0; i < p->n_svgs; i++)
        if (p->svgs[i].at == n)
            return &p->svgs[i];
    return NULL;
}

static int serialise(post *p, rg_buf *out)
{
    rg_buf tmp = {0};
    int rc = -1;
    xmlNode *n = p->body->children;
    while (n) {
        int descend = 0;
        if (n->type == XML_ELEMENT_NODE) {
            const inline_svg *s = svg_at(p, n);
            const char *el = (const char *)n->name;
            if (s) {
                if (rg_buf_append(out, s->svg.data, s->svg.len) != 0)
                    goto done;
            } else if (in_list(el, html_elements,
                               sizeof(html_elements) / sizeof(html_elements[0]))) {
                int r = start_tag(p, out, n, &tmp);
                if (r < 0)
                    goto done;
                if (r == 0 && !is_void(el)) {
                    if (n->children)
                        descend = 1;
                    else if (rg_buf_printf(out, "</%s>", el) != 0)
                        goto done;
                }
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            if (rg_html_escape(out, (const char *)n->content, strlen((const char *)n->content)))
                goto done;
        } else if (n->type == XML_COMMENT_NODE && n->content &&
                   comment_ok((const char *)n->content)) {
            if (rg_buf_printf(out, "<!--%s-->", (const char *)n->content) != 0)
                goto done;
        }
        if (descend) {
            n = n->children;
            continue;
        }
        /* to the next node, closing the elements that end here */
        while (n && !n->next) {
            n = n->parent;
            if (!n || n == p->body) {
                n = NULL;
                break;
            }
            if (rg_buf_printf(out, "</%s>", (const char *)n->name) != 0)
                goto done;
        }
        if (n)
            n = n->next;
    }
    rc = rg_buf_append(out, "", 0);
done:
    rg_buf_free(&tmp);
    return rc;
}

/* ---- the whole pass ----------------------------------------------------- */

static void collect(post *p)
{
    for (xmlNode *n = p->body->children; n && !p->oom; n = next_in(n, p->body, 1)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int r = 0;
        if (heading_level(n))
            r = push(&p->headings, &p->n_headings, n);
        else if (name_is(n, "table"))
            r = push(&p->tables, &p->n_tables, n);
        else if (name_is(n, "img"))
            r = push(&p->images, &p->n_images, n);
        if (r != 0)
            p->oom = 1;
    }
}

/* Each heading's text becomes its id-to-be (the title's, the document's
 * title), before images are replaced: an image's alt text is no part of a
 * heading's text. */
static void heading_slugs(post *p, char **title)
{
    rg_buf text = {0}, slug = {0};
    p->slugs = rg_calloc(p->n_headings ? p->n_headings : 1, sizeof(*p->slugs));
    if (!p->slugs)
        p->oom = 1;
    for (size_t i = 0; i < p->n_headings && !p->oom; i++) {
        xmlNode *h = p->headings[i];
        rg_buf_reset(&text);
        if (text_of(h, &text) != 0) {
            p->oom = 1;
            break;
        }
        if (heading_level(h) == 1) {
            if (title && !*title && !(*title = rg_strdup(text.data)))
                p->oom = 1;
            continue;
        }
        rg_buf_reset(&slug);
        if (rg_html_slug(&slug, text.data, text.len) != 0 || !(p->slugs[i] = rg_strdup(slug.data)))
            p->oom = 1;
    }
    rg_buf_free(&text);
    rg_buf_free(&slug);
}

/* After the SVGs are inlined, so a heading never takes an id one of them
 * uses (its clip paths and gradients are found by id). */
static void assign_ids(post *p)
{
    rg_buf slug = {0};
    for (size_t i = 0; i < p->n_headings && !p->oom; i++) {
        if (!p->slugs[i])
            continue;
        rg_buf_reset(&slug);
        if (rg_buf_puts(&slug, p->slugs[i]) != 0 || id_unique(&p->ids, &slug) != 0 ||
            !xmlSetProp(p->headings[i], BAD_CAST "id", BAD_CAST slug.data))
            p->oom = 1;
    }
    rg_buf_free(&slug);
}

char *rg_html_postprocess(const char *body, size_t len, const rg_html_post_opts *opts,
                          size_t *out_len, char **title, rg_diag *diag)
{
    post p;
    memset(&p, 0, sizeof(p));
    p.o = opts;
    p.md_name = opts && opts->md_name ? opts->md_name : "review.md";
    p.diag = diag;
    if (title)
        *title = NULL;
    rg_buf in = {0}, out = {0};
    char *result = NULL;
    /* libxml2's tree and serialising functions may lose an allocation
     * without saying so: any failure during the run fails the run */
    unsigned long failures = rg_alloc_failures();
    if (len > INT_MAX / 2) {
        rg_diag_error(diag, p.md_name, 0, 0, "too large to post-process as HTML: %zu bytes", len);
        return NULL;
    }
    /* Inside <body> from the start, so white space before the first block
     * is text like any other and the output keeps cmark-gfm's layout. */
    if (rg_buf_puts(&in, "<!DOCTYPE html><html><head></head><body>") != 0 ||
        rg_buf_append(&in, body, len) != 0 || rg_buf_puts(&in, "</body></html>") != 0)
        goto oom;
    htmlParserCtxtPtr ctxt = rg_xml_html_ctxt_for(in.len);
    if (!ctxt)
        goto oom;
    /* Never HTML_PARSE_HUGE; NOERROR and NOWARNING keep libxml2 quiet (its
     * complaints about HTML5 elements are no concern of ours). */
    rg_xml_watch w;
    rg_xml_begin(&w, ctxt);
    p.doc = htmlCtxtReadMemory(ctxt, in.data, (int)in.len, NULL, "UTF-8",
                               HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NODEFDTD);
    const xmlError *e = xmlCtxtGetLastError(ctxt);
    if (rg_xml_end(&w) || rg_xml_is_oom(e)) {
        /* libxml2 may return part of the document after a failed
         * allocation: never passed on as the whole */
        htmlFreeParserCtxt(ctxt);
        goto oom;
    }
    if (e && e->code == XML_ERR_INTERNAL_ERROR) {
        /* libxml2 stops at 256 nested elements ("Excessive depth in
         * document"), which only emphasis or links nested inside each other
         * hundreds of times reach; the rest would be lost, so the document
         * is refused, as render_html.c refuses what cmark-gfm cannot take. */
        if (e->message && strstr(e->message, "depth")) {
            rg_diag_error(diag, p.md_name, 0, 0,
                          "cannot post-process the HTML: elements nest more than 255 deep "
                          "(emphasis, links or lists inside each other), deeper than libxml2 "
                          "reads");
        } else {
            char msg[200];
            snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "internal error");
            msg[strcspn(msg, "\n")] = 0;
            rg_diag_error(diag, p.md_name, 0, 0, "cannot post-process the HTML: libxml2: %s", msg);
        }
        htmlFreeParserCtxt(ctxt);
        goto done;
    }
    htmlFreeParserCtxt(ctxt);
    xmlNode *root = p.doc ? xmlDocGetRootElement(p.doc) : NULL;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (name_is(c, "body"))
            p.body = c;
    if (!p.body)
        goto oom;
    collect(&p);
    heading_slugs(&p, title);
    for (size_t i = 0; i < p.n_tables && !p.oom; i++)
        if (!xmlSetProp(p.tables[i], BAD_CAST "class", BAD_CAST "rg-table"))
            p.oom = 1;
    table_captions(&p);
    for (size_t i = 0; i < p.n_images && !p.oom; i++)
        process_image(&p, p.images[i]);
    assign_ids(&p);
    if (p.oom)
        goto oom;
    xmlNode *box = cards(&p), *nav = p.oom ? NULL : contents(&p);
    if (p.oom) {
        xmlFreeNode(box);
        xmlFreeNode(nav);
        goto oom;
    }
    insert_front(&p, box, nav);
    if (p.oom || serialise(&p, &out) != 0)
        goto oom;
    /* libxml2 keeps no text after the last element; cmark-gfm ends with a
     * line break, and so does what we return. */
    if (len > 0 && body[len - 1] == '\n' && (out.len == 0 || out.data[out.len - 1] != '\n') &&
        rg_buf_putc(&out, '\n') != 0)
        goto oom;
    if (rg_alloc_failures() != failures)
        goto oom;
    result = out.data;
    if (out_len)
        *out_len = out.len;
    out.data = NULL;
    goto done;
oom:
    rg_diag_error(diag, p.md_name, 0, 0, "out of memory post-processing the HTML");
    if (title) {
        rg_free(*title);
        *title = NULL;
    }
done:
    for (size_t i = 0; i < p.n_svgs; i++) {
        rg_buf_free(&p.svgs[i].svg);
        /* the INLINE_SVG element belongs to p.doc, freed below */
    }
    rg_free(p.svgs);
    for (size_t i = 0; p.slugs && i < p.n_headings; i++)
        rg_free(p.slugs[i]);
    rg_free(p.slugs);
    id_free(&p.ids);
    rg_free(p.headings);
    rg_free(p.tables);
    rg_free(p.images);
    if (p.doc)
        xmlFreeDoc(p.doc);
    rg_buf_free(&in);
    rg_buf_free(&out);
    return result;
}
