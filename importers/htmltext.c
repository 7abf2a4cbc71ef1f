/* htmltext.c -- walks the tree libxml2's HTML parser builds and writes its
 * text with the line breaks a browser would show (contract in htmltext.h). */
#include "htmltext.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

#include "xmlguard.h"

typedef struct writer {
    rg_buf *out;
    size_t start; /* out->len before: the text appended begins here */
    int space;    /* a space is due before the next character */
    int newline;  /* a line break is due before the next character */
    int pre;      /* inside this many <pre> */
    int failed;
} writer;

static int line_start(const writer *w)
{
    return w->out->len == w->start || w->out->data[w->out->len - 1] == '\n';
}

/* Appends s[0..n), after the line break or space that is due. */
static void put(writer *w, const char *s, size_t n)
{
    if (w->failed || n == 0)
        return;
    if (w->newline && !line_start(w)) {
        if (rg_buf_putc(w->out, '\n') < 0)
            w->failed = 1;
    } else if (w->space && !line_start(w)) {
        if (rg_buf_putc(w->out, ' ') < 0)
            w->failed = 1;
    }
    w->newline = w->space = 0;
    if (!w->failed && rg_buf_append(w->out, s, n) < 0)
        w->failed = 1;
}

static int is_space(const unsigned char *s, size_t n, size_t i, size_t *width)
{
    *width = 1;
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f')
        return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) { /* &nbsp; */
        *width = 2;
        return 1;
    }
    return 0;
}

static void text(writer *w, const char *t)
{
    if (!t)
        return;
    const unsigned char *s = (const unsigned char *)t;
    size_t n = strlen(t);
    if (w->pre) {
        /* As written, but the line break after <pre> and before </pre> are
         * the block's own, and CR is no character a reader sees. */
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && s[j] != '\n' && s[j] != '\r')
                j++;
            put(w, t + i, j - i);
            if (j < n && s[j] == '\n')
                w->newline = 1;
            i = j + 1;
        }
        return;
    }
    for (size_t i = 0; i < n;) {
        size_t width;
        if (is_space(s, n, i, &width)) {
            w->space = 1;
            i += width;
            continue;
        }
        size_t j = i;
        while (j < n && !is_space(s, n, j, &width))
            j++;
        put(w, t + i, j - i);
        i = j;
    }
}

static int named(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (xmlStrcasecmp(n->name, (const xmlChar *)names[i]) == 0)
            return 1;
    return 0;
}

static const char *const silent[] = {"script", "style", "head", "title", "template", NULL};
static const char *const blocks[] = {
    "p",       "div",     "li",       "ul",    "ol",      "dl",     "dt",         "dd",
    "h1",      "h2",      "h3",       "h4",    "h5",      "h6",     "pre",        "blockquote",
    "table",   "thead",   "tbody",    "tfoot", "tr",      "hr",     "section",    "article",
    "header",  "footer",  "nav",      "aside", "figure",  "main",   "figcaption", "address",
    "details", "summary", "fieldset", "form",  "caption", "center", NULL};
static const char *const cells[] = {"td", "th", NULL};
static const char *const pictures[] = {"img", "emoji", NULL};

static void walk(writer *w, const xmlNode *node, int depth)
{
    for (const xmlNode *n = node; n && !w->failed; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text(w, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || named(n, silent))
            continue;
        if (xmlStrcasecmp(n->name, (const xmlChar *)"br") == 0) {
            w->newline = 1;
            continue;
        }
        if (named(n, pictures) && !n->children) {
            xmlChar *alt = xmlGetProp(n, (const xmlChar *)"alt");
            text(w, (const char *)alt);
            xmlFree(alt);
            continue;
        }
        int block = named(n, blocks);
        int pre = xmlStrcasecmp(n->name, (const xmlChar *)"pre") == 0;
        if (block)
            w->newline = 1;
        w->pre += pre;
        /* libxml2 nests no deeper than 256; the bound keeps the stack safe
         * should that ever change. */
        if (depth < 1024)
            walk(w, n->children, depth + 1);
        w->pre -= pre;
        if (block)
            w->newline = 1;
        else if (named(n, cells))
            w->space = 1;
    }
}

int rg_html_text(rg_buf *out, const char *html, size_t len)
{
    static const char head[] = "<html><body>", tail[] = "</body></html>";
    if (len == 0)
        return 0;
    if (len > (size_t)INT_MAX - sizeof(head) - sizeof(tail))
        return -1;
    /* Inside <body> from the start, so a fragment's first text is body text
     * and not something libxml2 may move into <head>. */
    rg_buf in = {0};
    if (rg_buf_puts(&in, head) < 0 || rg_buf_append(&in, html, len) < 0 ||
        rg_buf_puts(&in, tail) < 0) {
        rg_buf_free(&in);
        return -1;
    }
    htmlParserCtxtPtr ctxt = rg_xml_html_ctxt();
    if (!ctxt) {
        rg_buf_free(&in);
        return -1;
    }
    rg_xml_watch watch;
    rg_xml_begin(&watch, ctxt);
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, in.data, (int)in.len, NULL, "UTF-8",
                                        HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                            HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD);
    int lost = rg_xml_end(&watch);
    htmlFreeParserCtxt(ctxt);
    rg_buf_free(&in);
    if (lost) {
        /* a partial tree would drop text silently: out of memory instead */
        xmlFreeDoc(doc);
        return -1;
    }
    if (!doc)
        return -1;
    writer w = {out, out->len, 0, 0, 0, 0};
    xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *body = NULL;
    for (const xmlNode *c = root ? root->children : NULL; c && !body; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcasecmp(c->name, (const xmlChar *)"body") == 0)
            body = c;
    walk(&w, body ? body->children : root, 0);
    xmlFreeDoc(doc);
    if (w.failed) {
        out->len = w.start;
        if (out->data)
            out->data[out->len] = '\0';
        return -1;
    }
    return 0;
}
