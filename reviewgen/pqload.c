/* pqload.c -- libpq loaded on first use (pqload.h). */
#include "pqload.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const rg_libpq *rg_libpq_fns;

static rg_libpq fns;
static const char *load_why;
static char why_buf[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    /* REVIEWGEN_LIBPQ names another file (a libpq outside the loader's
     * path); RTLD_LOCAL keeps libpq's symbols out of everything else's way */
    const char *file = getenv("REVIEWGEN_LIBPQ");
    if (!file || !*file)
        file = RG_LIBPQ_SONAME;
    void *h = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why_buf, sizeof(why_buf),
                 "cannot load libpq (%.300s); on Debian: apt-get install libpq5", file);
        load_why = why_buf;
        return;
    }
    const char *missing = NULL;
    /* dlsym's void * to a function pointer: POSIX guarantees it works, C
     * does not say, so the bytes are copied. */
#define RG_LIBPQ_SYM(f)                                                                            \
    if (!missing) {                                                                                \
        void *p = dlsym(h, #f);                                                                    \
        if (p)                                                                                     \
            memcpy(&fns.f, &p, sizeof(p));                                                         \
        else                                                                                       \
            missing = #f;                                                                          \
    }
    RG_LIBPQ_FUNCS(RG_LIBPQ_SYM)
#undef RG_LIBPQ_SYM
    if (missing) {
        snprintf(why_buf, sizeof(why_buf),
                 "libpq (%.300s) has no %s: reviewgen needs libpq 14 or later", file, missing);
        load_why = why_buf;
        dlclose(h);
        return;
    }
    rg_libpq_fns = &fns;
}

int rg_libpq_load(const char **why)
{
    pthread_once(&once, load);
    if (rg_libpq_fns)
        return 0;
    if (why)
        *why = load_why;
    return -1;
}

int rg_libpq_version(void)
{
    return rg_libpq_load(NULL) == 0 ? rg_libpq_fns->PQlibVersion() : 0;
}
