/* cmguard.h -- cmark-gfm under memory failure: its allocations go through
 * rg_malloc, and a failed one jumps out of the parse, walk or render that
 * made it, with every block cmark-gfm held freed (RELIABILITY.md, "Memory"). */
#ifndef RG_CMGUARD_H
#define RG_CMGUARD_H

#include <cmark-gfm.h>

/* What rg_cm_run returns when an allocation failed inside it. */
#define RG_CM_OUT_OF_MEMORY (-99)

/* The allocator to hand cmark-gfm (cmark_parser_new_with_mem,
 * cmark_render_html_with_mem). Only inside rg_cm_run: a failure jumps to the
 * innermost run. */
cmark_mem *rg_cm_mem(void);

/* Registers cmark-gfm's core extensions (table, tasklist, ...). Their
 * registry allocates with cmark-gfm's own allocator, which aborts on
 * failure: main calls this at start-up, while memory is plentiful; the
 * later calls (every rg_cm_run) find it done and allocate nothing. */
void rg_cm_register(void);

/* Runs fn(ctx) with cmark-gfm's allocations guarded. cmark-gfm never checks
 * an allocation (its own allocator aborts the process instead of returning
 * NULL), so a failed one cannot be returned to it: the failure jumps back
 * here and rg_cm_run returns RG_CM_OUT_OF_MEMORY (also when the run's own
 * record cannot be allocated); otherwise it returns what fn returned (fn
 * must not return RG_CM_OUT_OF_MEMORY itself). Either way every block
 * allocated through rg_cm_mem() during the run and not yet freed is freed
 * when it ends: nothing cmark-gfm made outlives the run. Anything else fn
 * allocates must be reachable from ctx by the time it can jump (so the
 * caller frees it on both paths): fn's locals are lost on a jump. Runs
 * nest; one thread. */
int rg_cm_run(int (*fn)(void *ctx), void *ctx);

/* Inside fn: ends the run as out of memory (for fn's own failed
 * allocations, so every failure takes the same path). */
_Noreturn void rg_cm_out_of_memory(void);

/* p when not NULL; else, inside a run, rg_cm_out_of_memory(). */
void *rg_cm_need(void *p);

#endif
