/* xmlguard.c -- libxml2 allocating through us, and stopping a parse at its
 * first failed allocation (xmlguard.h). */
#include "xmlguard.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <stdlib.h>

#include "alloc.h"

static void *xml_malloc(size_t n)
{
    return rg_malloc(n);
}

static void *xml_realloc(void *p, size_t n)
{
    return rg_realloc(p, n);
}

static char *xml_strdup(const char *s)
{
    return rg_strdup(s);
}

/* Every libxml2 error comes here once installed: the parsers' own are read
 * from the context by their callers (xmlCtxtGetLastError), so nothing is
 * printed ("parser error : out of memory error" on stderr otherwise). */
static void on_error(void *data, xmlErrorPtr e)
{
    (void)data;
    (void)e;
}

int rg_xml_install(void)
{
    if (xmlMemSetup(free, xml_malloc, xml_realloc, xml_strdup) != 0)
        return -1;
    xmlSetStructuredErrorFunc(NULL, on_error);
    return 0;
}

htmlParserCtxtPtr rg_xml_html_ctxt(void)
{
    rg_alloc_hold(1);
    htmlParserCtxtPtr c = htmlNewParserCtxt();
    rg_alloc_hold(0);
    return c;
}

int rg_xml_is_oom(const xmlError *e)
{
    return e && e->code == XML_ERR_NO_MEMORY;
}

void rg_xml_begin(rg_xml_watch *w, xmlParserCtxtPtr ctxt)
{
    w->failures = rg_alloc_failures();
    /* libxml2 2.9.14's HTML parser, given a NULL by the allocator, reads
     * through a NULL or retries the same bytes for ever (htmlParseDocument):
     * injected failures are held back there. The XML parser halts cleanly
     * and is left to them. A real failure is still seen by rg_xml_end. */
    w->held = ctxt && ctxt->html;
    if (w->held)
        rg_alloc_hold(1);
}

int rg_xml_end(rg_xml_watch *w)
{
    if (w->held)
        rg_alloc_hold(0);
    return rg_alloc_failures() != w->failures;
}
