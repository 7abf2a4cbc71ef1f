/* arena.h -- one region for the many small strings and records of one build;
 * everything allocated here is freed at once by rg_arena_free(). */
#ifndef RG_ARENA_H
#define RG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct rg_arena rg_arena;

/* Returns a new arena, or NULL when out of memory. Caller frees with rg_arena_free(). */
rg_arena *rg_arena_new(void);
void rg_arena_free(rg_arena *a);
/* Forgets everything allocated in a (all of it becomes invalid), keeping one
 * chunk for reuse: a scratch arena for one record at a time. */
void rg_arena_reset(rg_arena *a);

/* Returns n zeroed bytes aligned for any type, or NULL when out of memory.
 * Arena-owned: valid until rg_arena_free(a). */
void *rg_arena_alloc(rg_arena *a, size_t n);
/* Copies s (NUL-terminated) / the first n bytes of s and NUL-terminates. Arena-owned.
 * rg_arena_strdup(a, NULL) returns NULL. */
char *rg_arena_strdup(rg_arena *a, const char *s);
char *rg_arena_strndup(rg_arena *a, const char *s, size_t n);
/* printf into the arena. Arena-owned. */
char *rg_arena_printf(rg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *rg_arena_vprintf(rg_arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for benchmarks and tests). */
size_t rg_arena_used(const rg_arena *a);

/* A growable byte buffer, always NUL-terminated when data != NULL.
 * The caller owns buf->data and frees it with rg_buf_free(). */
typedef struct rg_buf {
    char *data;
    size_t len;
    size_t cap;
} rg_buf;

/* Each returns 0, or -1 when out of memory (the buffer is left as it was). */
int rg_buf_append(rg_buf *b, const char *s, size_t n);
int rg_buf_puts(rg_buf *b, const char *s);
int rg_buf_putc(rg_buf *b, char c);
int rg_buf_printf(rg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rg_buf_reset(rg_buf *b);
void rg_buf_free(rg_buf *b);

#endif
