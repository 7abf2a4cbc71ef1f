/* storeopen.h -- the store opened on a thread of its own while `build`
 * renders the review: opening (and creating) a store is mostly waiting for
 * the disk, and rendering is work for the processor (README, "Evidence of
 * any size"). */
#ifndef RG_STOREOPEN_H
#define RG_STOREOPEN_H

#include "diag.h"
#include "store.h"

typedef struct rg_store_opening rg_store_opening;

/* Starts rg_store_open(target) on a new thread, with signals blocked in it
 * (the output's signal handler runs on the main thread). target is copied.
 * NULL when the thread or its state cannot be made: the caller then opens
 * the store itself, as it would have. */
rg_store_opening *rg_store_open_start(const char *target);

/* Waits for the open and frees o: the store (caller closes it with
 * rg_store_close), or NULL with exactly the error rg_store_open would have
 * put in diag. */
rg_store *rg_store_open_finish(rg_store_opening *o, rg_diag *diag);

/* Waits for the open, closes what it opened and frees o: for a build that
 * stops before it saves. NULL does nothing. */
void rg_store_open_cancel(rg_store_opening *o);

#endif
