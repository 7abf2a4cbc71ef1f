/* xmlguard.h -- libxml2 under memory failure: its allocations go through
 * rg_malloc, a parse stops at its first failed allocation, and a parse that
 * lost an allocation is told apart from a syntax error (RELIABILITY.md,
 * "Memory"). */
#ifndef RG_XMLGUARD_H
#define RG_XMLGUARD_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

/* Routes libxml2's allocations through rg_malloc (xmlMemSetup), so injected
 * failures reach it and real ones are counted, and installs a quiet error
 * handler (libxml2 would print "out of memory error" lines). Call it
 * before any other libxml2 function: main does, and tests that inject
 * failures. Returns 0, -1 when libxml2 refused the functions. Without it
 * libxml2 keeps the C library's allocator and prints its own errors. */
int rg_xml_install(void);

/* One parse under watch: rg_xml_begin before htmlCtxtReadMemory or
 * xmlCtxtReadMemory on ctxt, rg_xml_end after. rg_xml_end returns 1 when an
 * allocation failed in between (libxml2 may still have returned a partial
 * tree: the caller must treat the result as out of memory), else 0. Not
 * nested, not thread-safe (reviewgen runs one parse at a time). libxml2
 * 2.9.14's HTML parser crashes or loops after a failed allocation, so
 * during an HTML parse no allocation fails as libxml2 sees it: a failure
 * (injected or real) is counted, for rg_xml_end, and served from a reserve
 * taken by rg_xml_html_ctxt_for (RELIABILITY.md, "Memory"). */
typedef struct {
    unsigned long failures;
    int held; /* an HTML parse: failures are served from the reserve */
} rg_xml_watch;
void rg_xml_begin(rg_xml_watch *w, xmlParserCtxtPtr ctxt);
int rg_xml_end(rg_xml_watch *w);

/* htmlNewParserCtxt() for a parse of len bytes, after taking the reserve
 * that parse may need when an allocation fails in it (24 times len, at
 * least 8 MiB; kept for the next parse). NULL when out of memory, before
 * libxml2 is involved (libxml2 2.9.14 leaks a half-made context when one
 * of its allocations fails; there it gets none). Free with
 * htmlFreeParserCtxt. rg_xml_html_ctxt() is rg_xml_html_ctxt_for(0), for
 * fragments well below 8 MiB / 24 (chat messages, status updates). */
htmlParserCtxtPtr rg_xml_html_ctxt_for(size_t len);
htmlParserCtxtPtr rg_xml_html_ctxt(void);

/* Whether libxml2's error e is a failed allocation. */
int rg_xml_is_oom(const xmlError *e);

#endif
