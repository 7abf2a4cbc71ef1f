/* diag.h -- the error and warning record a caller owns and library code fills
 * (jansson's json_error_t pattern: the first error set is kept). */
#ifndef RG_DIAG_H
#define RG_DIAG_H

#include <stddef.h>
#include <stdint.h>

/* A warning class, counted: "what" happened `count` times, first at path:line. */
typedef struct rg_warning {
    char *path;  /* file the warning is about, or NULL */
    char *key;   /* stable id of the class, e.g. "bad-record" */
    char *first; /* the first occurrence's message, "path:line:col: text" */
    uint64_t count;
    long line;
} rg_warning;

typedef struct rg_diag {
    int has_error;
    char error[1024];     /* "path:line:col: message", no trailing newline */
    rg_warning *warnings; /* owned; freed by rg_diag_free */
    size_t n_warnings;
    size_t cap_warnings;
    /* Where each (path, key) class is in warnings: open addressing over
     * index+1 (0 empty), at most half full, so a warning finds its class in
     * constant time (5,000 files with two classes each were 50 M string
     * comparisons by a scan). Owned; only diag.c writes it or warnings. */
    size_t *slots;
    size_t n_slots;
} rg_diag;

void rg_diag_init(rg_diag *d);
void rg_diag_free(rg_diag *d);

/* Records an error as "path:line:col: message" (line/col omitted when 0, path
 * omitted when NULL) unless one is already recorded: the first error wins.
 * Always returns -1, so callers can `return rg_diag_error(...)`. */
int rg_diag_error(rg_diag *d, const char *path, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Counts a warning of class `key` for `path`; the first of each (path, key)
 * keeps its message and location. A warning never stops a build. */
void rg_diag_warn(rg_diag *d, const char *path, long line, long col, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* One summary line per warning class:
 * "app.log: warning: <first message> (and N more like it)". Caller frees with free(). */
char *rg_warning_summary(const rg_warning *w);

/* Total of all warning counts (for "events read = imported + warned"). */
uint64_t rg_diag_warning_total(const rg_diag *d, const char *key);

#endif
