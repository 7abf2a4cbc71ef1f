/* storeopen.c -- rg_store_open on a thread of its own (storeopen.h). */
#include "storeopen.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "alloc.h"

struct rg_store_opening {
    pthread_t thread;
    char *target; /* owned */
    rg_store *st; /* written by the thread, read after the join */
    rg_diag diag; /* the thread's; its error is handed over by finish */
};

static void *run(void *arg)
{
    rg_store_opening *o = arg;
    o->st = rg_store_open(o->target, &o->diag);
    return NULL;
}

rg_store_opening *rg_store_open_start(const char *target)
{
    rg_store_opening *o = rg_calloc(1, sizeof(*o));
    if (!o)
        return NULL;
    o->target = rg_strdup(target);
    if (!o->target) {
        rg_free(o);
        return NULL;
    }
    rg_diag_init(&o->diag);
    /* The thread inherits the mask: SIGINT and the like reach the main
     * thread, whose handler removes the temporaries (output.h). */
    sigset_t all, old;
    sigfillset(&all);
    int masked = pthread_sigmask(SIG_SETMASK, &all, &old) == 0;
    int made = pthread_create(&o->thread, NULL, run, o) == 0;
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!made) {
        rg_diag_free(&o->diag);
        rg_free(o->target);
        rg_free(o);
        return NULL;
    }
    return o;
}

static rg_store *join(rg_store_opening *o, rg_diag *diag)
{
    pthread_join(o->thread, NULL);
    rg_store *st = o->st;
    if (!st && diag)
        /* the message as it is: "<target>: ..." already */
        rg_diag_error(diag, NULL, 0, 0, "%s", o->diag.has_error ? o->diag.error : "out of memory");
    rg_diag_free(&o->diag);
    rg_free(o->target);
    rg_free(o);
    return st;
}

rg_store *rg_store_open_finish(rg_store_opening *o, rg_diag *diag)
{
    return join(o, diag);
}

void rg_store_open_cancel(rg_store_opening *o)
{
    if (o)
        rg_store_close(join(o, NULL));
}
