/* xmlguard.c -- libxml2 allocating through us, and stopping a parse at its
 * first failed allocation (xmlguard.h). */
#include "xmlguard.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* libxml2 2.9.14's HTML parser must never be handed NULL: after a failed
 * allocation htmlParseDocument reads through a NULL or retries the same
 * bytes for ever (RELIABILITY.md, "Memory"). So during an HTML parse (and
 * while its context is made) a failed allocation, injected or real, is
 * counted as failed (rg_alloc_failures, which rg_xml_end reads) and then
 * served anyway: the reserve, an untouched block taken before the parse,
 * is given back to the C library and the allocation retried there. The
 * parse runs to its end and its result is thrown away as out of memory.
 * The reserve is RG_XML_RESERVE_FACTOR times the input (what the parse
 * holds at most, measured: 19-23 times), at least RG_XML_RESERVE_MIN. */
#define RG_XML_RESERVE_MIN ((size_t)8 << 20)
#define RG_XML_RESERVE_FACTOR 24

static void *reserve;
static size_t reserve_size;
static int in_html; /* inside an HTML parse or htmlNewParserCtxt */

/* Out of memory inside an HTML parse: the reserve goes back, so the C
 * library's allocator has room again. */
static void give_back_reserve(void)
{
    free(reserve);
    reserve = NULL;
    reserve_size = 0;
}

static void *xml_malloc(size_t n)
{
    void *p = rg_malloc(n);
    if (!p && in_html) {
        give_back_reserve();
        p = malloc(n ? n : 1);
    }
    return p;
}

static void *xml_realloc(void *p, size_t n)
{
    void *q = rg_realloc(p, n);
    if (!q && in_html) {
        give_back_reserve();
        q = realloc(p, n ? n : 1);
    }
    return q;
}

static char *xml_strdup(const char *s)
{
    char *t = rg_strdup(s);
    if (!t && in_html) {
        give_back_reserve();
        t = strdup(s);
    }
    return t;
}

/* Every libxml2 error comes here once installed: the parsers' own are read
 * from the context by their callers (xmlCtxtGetLastError), so nothing is
 * printed ("parser error : out of memory error" on stderr otherwise). */
static void on_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
}

/* The messages libxml2 gives without a parser context (a failed
 * allocation in some of its constructors: "error : out of memory error")
 * come here: the caller reports the failure itself. */
static void on_generic_error(void *data, const char *msg, ...)
{
    (void)data;
    (void)msg;
}

int rg_xml_install(void)
{
    if (xmlMemSetup(free, xml_malloc, xml_realloc, xml_strdup) != 0)
        return -1;
    xmlSetStructuredErrorFunc(NULL, on_error);
    xmlSetGenericErrorFunc(NULL, on_generic_error);
    return 0;
}

htmlParserCtxtPtr rg_xml_html_ctxt_for(size_t len)
{
    size_t want = RG_XML_RESERVE_MIN;
    if (len < (SIZE_MAX - want) / RG_XML_RESERVE_FACTOR && len * RG_XML_RESERVE_FACTOR > want)
        want = len * RG_XML_RESERVE_FACTOR;
    else if (len >= (SIZE_MAX - want) / RG_XML_RESERVE_FACTOR)
        return NULL;
    if (reserve_size < want) {
        /* the C library's, not rg_malloc: never an injected failure, and
         * never counted as an allocation of the parse */
        give_back_reserve();
        reserve = malloc(want);
        if (!reserve)
            return NULL; /* out of memory before libxml2 is involved */
        reserve_size = want;
    }
    in_html = 1;
    htmlParserCtxtPtr c = htmlNewParserCtxt();
    in_html = 0;
    if (c && !reserve) {
        /* the context took the reserve: the parse needs one again */
        reserve = malloc(want);
        if (!reserve) {
            htmlFreeParserCtxt(c);
            return NULL;
        }
        reserve_size = want;
    }
    return c;
}

htmlParserCtxtPtr rg_xml_html_ctxt(void)
{
    return rg_xml_html_ctxt_for(0);
}

int rg_xml_is_oom(const xmlError *e)
{
    return e && e->code == XML_ERR_NO_MEMORY;
}

void rg_xml_begin(rg_xml_watch *w, xmlParserCtxtPtr ctxt)
{
    w->failures = rg_alloc_failures();
    /* The XML parser halts cleanly at a NULL and is left to it; the HTML
     * parser is served from the reserve (above). */
    w->held = ctxt && ctxt->html;
    if (w->held)
        in_html = 1;
}

int rg_xml_end(rg_xml_watch *w)
{
    if (w->held)
        in_html = 0;
    return rg_alloc_failures() != w->failures;
}
