/* alloc.h -- the one place reviewgen allocates from the C heap, so tests can
 * make the Nth allocation fail, ours and jansson's and
 * cmark-gfm's alike (RELIABILITY.md, "Memory"). */
#ifndef RG_ALLOC_H
#define RG_ALLOC_H

#include <stddef.h>

/* Same contracts as malloc/calloc/realloc/free/strdup. */
void *rg_malloc(size_t n);
void *rg_calloc(size_t count, size_t n);
void *rg_realloc(void *p, size_t n);
char *rg_strdup(const char *s);
char *rg_strndup(const char *s, size_t n);
void rg_free(void *p);

/* Test hook: after `n` more successful allocations, every allocation fails
 * (n < 0 turns failure injection off). Also installed into jansson by
 * rg_alloc_install_jansson(). Returns how many allocations have been made
 * since the last call. */
long rg_alloc_fail_after(long n);
/* How many allocations have failed since the process started (injected or
 * real). Code that calls libraries which swallow a failed allocation (jansson's
 * json_object_set_new) compares this before and after, so an incomplete
 * result is never passed on as a complete one. */
unsigned long rg_alloc_failures(void);
void rg_alloc_install_jansson(void);
/* cmark-gfm's allocations always go through rg_malloc (cmguard.h);
 * libxml2's once rg_xml_install() (xmlguard.h) has run. */

#endif
