/* pqload.h -- libpq, loaded with dlopen when a PostgreSQL store is first
 * used, not linked: with libpq linked, every run of reviewgen loaded its
 * twenty-odd libraries (TLS, Kerberos, LDAP) and ran their constructors,
 * 11 ms of a 19 ms `reviewgen --version` and of every build (README,
 * "Stores"). The types and constants still come from libpq-fe.h. */
#ifndef RG_PQLOAD_H
#define RG_PQLOAD_H

#include <libpq-fe.h>

/* The library's file name (its SONAME on Debian and most systems); the
 * environment's REVIEWGEN_LIBPQ, when set, names another. */
#ifndef RG_LIBPQ_SONAME
#define RG_LIBPQ_SONAME "libpq.so.5"
#endif

/* The functions reviewgen calls, each a pointer of the function's type. */
#define RG_LIBPQ_FUNCS(X)                                                                          \
    X(PQclear)                                                                                     \
    X(PQconnectdbParams)                                                                           \
    X(PQconninfoFree)                                                                              \
    X(PQconninfoParse)                                                                             \
    X(PQenterPipelineMode)                                                                         \
    X(PQerrorMessage)                                                                              \
    X(PQexec)                                                                                      \
    X(PQexecParams)                                                                                \
    X(PQexecPrepared)                                                                              \
    X(PQexitPipelineMode)                                                                          \
    X(PQfinish)                                                                                    \
    X(PQfname)                                                                                     \
    X(PQfreemem)                                                                                   \
    X(PQftype)                                                                                     \
    X(PQgetResult)                                                                                 \
    X(PQgetisnull)                                                                                 \
    X(PQgetlength)                                                                                 \
    X(PQgetvalue)                                                                                  \
    X(PQlibVersion)                                                                                \
    X(PQnfields)                                                                                   \
    X(PQntuples)                                                                                   \
    X(PQpipelineSync)                                                                              \
    X(PQprepare)                                                                                   \
    X(PQreset)                                                                                     \
    X(PQresultErrorField)                                                                          \
    X(PQresultStatus)                                                                              \
    X(PQsendQueryPrepared)                                                                         \
    X(PQsetNoticeProcessor)                                                                        \
    X(PQstatus)                                                                                    \
    X(PQtransactionStatus)

typedef struct rg_libpq {
#define RG_LIBPQ_FIELD(f) __typeof__(f) *f;
    RG_LIBPQ_FUNCS(RG_LIBPQ_FIELD)
#undef RG_LIBPQ_FIELD
} rg_libpq;

/* The loaded functions, NULL until rg_libpq_load succeeds. */
extern const rg_libpq *rg_libpq_fns;

/* Loads libpq once (thread-safe). Returns 0, or -1 with *why (static
 * text) saying what is missing: the library, or a function in it. */
int rg_libpq_load(const char **why);

/* libpq's version (PQlibVersion: 150020 is 15.20), 0 when it cannot be
 * loaded. */
int rg_libpq_version(void);

/* In the one file that calls libpq (store_pg.c), after rg_libpq_load has
 * succeeded: every call goes through the loaded pointers. */
#ifdef RG_LIBPQ_CALLS
#define PQclear (rg_libpq_fns->PQclear)
#define PQconnectdbParams (rg_libpq_fns->PQconnectdbParams)
#define PQconninfoFree (rg_libpq_fns->PQconninfoFree)
#define PQconninfoParse (rg_libpq_fns->PQconninfoParse)
#define PQenterPipelineMode (rg_libpq_fns->PQenterPipelineMode)
#define PQerrorMessage (rg_libpq_fns->PQerrorMessage)
#define PQexec (rg_libpq_fns->PQexec)
#define PQexecParams (rg_libpq_fns->PQexecParams)
#define PQexecPrepared (rg_libpq_fns->PQexecPrepared)
#define PQexitPipelineMode (rg_libpq_fns->PQexitPipelineMode)
#define PQfinish (rg_libpq_fns->PQfinish)
#define PQfname (rg_libpq_fns->PQfname)
#define PQfreemem (rg_libpq_fns->PQfreemem)
#define PQftype (rg_libpq_fns->PQftype)
#define PQgetResult (rg_libpq_fns->PQgetResult)
#define PQgetisnull (rg_libpq_fns->PQgetisnull)
#define PQgetlength (rg_libpq_fns->PQgetlength)
#define PQgetvalue (rg_libpq_fns->PQgetvalue)
#define PQnfields (rg_libpq_fns->PQnfields)
#define PQntuples (rg_libpq_fns->PQntuples)
#define PQpipelineSync (rg_libpq_fns->PQpipelineSync)
#define PQprepare (rg_libpq_fns->PQprepare)
#define PQreset (rg_libpq_fns->PQreset)
#define PQresultErrorField (rg_libpq_fns->PQresultErrorField)
#define PQresultStatus (rg_libpq_fns->PQresultStatus)
#define PQsendQueryPrepared (rg_libpq_fns->PQsendQueryPrepared)
#define PQsetNoticeProcessor (rg_libpq_fns->PQsetNoticeProcessor)
#define PQstatus (rg_libpq_fns->PQstatus)
#define PQtransactionStatus (rg_libpq_fns->PQtransactionStatus)
#endif

#endif
