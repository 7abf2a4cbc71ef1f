/* cmguard.c -- cmark-gfm's allocations through rg_malloc, each run's blocks
 * on a list so a failed allocation can jump out and free them (cmguard.h). */
#include "cmguard.h"

#include <cmark-gfm-core-extensions.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "alloc.h"

/* Each block starts with its links in the list of the run that allocated
 * it; what follows is aligned as malloc's. */
typedef union cm_head {
    struct {
        union cm_head *prev, *next;
    } l;
    max_align_t align;
} cm_head;

typedef struct cm_run {
    jmp_buf escape;
    cm_head blocks; /* the list's head */
    struct cm_run *outer;
} cm_run;

static cm_run *current; /* the innermost run, NULL outside any */

static void cm_link(cm_head *h)
{
    cm_head *head = &current->blocks;
    h->l.prev = head;
    h->l.next = head->l.next;
    head->l.next->l.prev = h;
    head->l.next = h;
}

/* Unlinking needs no head: a block of an outer run freed inside an inner
 * one leaves its own list. */
static void cm_unlink(cm_head *h)
{
    h->l.prev->l.next = h->l.next;
    h->l.next->l.prev = h->l.prev;
}

_Noreturn void rg_cm_out_of_memory(void)
{
    if (!current)
        abort(); /* cmark-gfm used outside rg_cm_run: a bug of ours */
    longjmp(current->escape, 1);
}

void *rg_cm_need(void *p)
{
    if (!p)
        rg_cm_out_of_memory();
    return p;
}

static void *cm_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(cm_head)) / size)
        rg_cm_out_of_memory();
    cm_head *h = rg_calloc(1, sizeof(cm_head) + count * size);
    if (!h)
        rg_cm_out_of_memory();
    cm_link(h);
    return h + 1;
}

static void *cm_realloc(void *p, size_t size)
{
    if (!p)
        return cm_calloc(1, size);
    if (size > SIZE_MAX - sizeof(cm_head))
        rg_cm_out_of_memory();
    cm_head *h = (cm_head *)p - 1;
    cm_unlink(h);
    cm_head *grown = rg_realloc(h, sizeof(cm_head) + size);
    if (!grown) {
        cm_link(h); /* still valid, freed with the rest */
        rg_cm_out_of_memory();
    }
    cm_link(grown);
    return grown + 1;
}

static void cm_free(void *p)
{
    if (!p)
        return;
    cm_head *h = (cm_head *)p - 1;
    cm_unlink(h);
    rg_free(h);
}

static cmark_mem cm_mem = {cm_calloc, cm_realloc, cm_free};

cmark_mem *rg_cm_mem(void)
{
    return &cm_mem;
}

void rg_cm_register(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

/* The run is on the heap, not in this frame: its list changes between
 * setjmp and the jump, and a local changed there would be indeterminate
 * after it (C11 7.13.2.1). */
int rg_cm_run(int (*fn)(void *ctx), void *ctx)
{
    rg_cm_register();
    cm_run *run = rg_malloc(sizeof(*run));
    if (!run)
        return RG_CM_OUT_OF_MEMORY;
    run->blocks.l.prev = run->blocks.l.next = &run->blocks;
    run->outer = current;
    current = run;
    int rc;
    if (setjmp(run->escape) == 0)
        rc = fn(ctx);
    else
        rc = RG_CM_OUT_OF_MEMORY;
    /* current is still this run (an inner run restores its outer before it
     * returns, and a jump only ever goes to the innermost). Whatever is left
     * on the list is freed: everything after a jump, and after a normal end
     * what cmark-gfm may have lost, so nothing of a run outlives it. */
    while (run->blocks.l.next != &run->blocks) {
        cm_head *h = run->blocks.l.next;
        cm_unlink(h);
        rg_free(h);
    }
    current = run->outer;
    rg_free(run);
    return rc;
}
