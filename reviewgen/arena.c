/* arena.c -- bump allocator in chunks, and the growable buffer used to build
 * strings before they are copied into an arena or written out. */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

#define CHUNK_MIN (64 * 1024)
#define ALIGN 16

struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(ALIGN) unsigned char data[];
};

struct rg_arena {
    struct chunk *head;
    size_t total;
};

rg_arena *rg_arena_new(void)
{
    return rg_calloc(1, sizeof(rg_arena));
}

void rg_arena_free(rg_arena *a)
{
    if (!a)
        return;
    struct chunk *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        rg_free(c);
        c = next;
    }
    rg_free(a);
}

void rg_arena_reset(rg_arena *a)
{
    struct chunk *keep = NULL, *c = a->head;
    while (c) {
        struct chunk *next = c->next;
        if (!keep && c->size == CHUNK_MIN) {
            keep = c;
        } else {
            rg_free(c);
        }
        c = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->total = 0;
}

void *rg_arena_alloc(rg_arena *a, size_t n)
{
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (need < n)
        return NULL;
    struct chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        /* Large requests get a chunk of their own so the current chunk keeps its free tail. */
        size_t size = need > CHUNK_MIN / 4 ? need : CHUNK_MIN;
        if (size > SIZE_MAX - sizeof(struct chunk))
            return NULL;
        struct chunk *nc = rg_malloc(sizeof(struct chunk) + size);
        if (!nc)
            return NULL;
        nc->size = size;
        nc->used = 0;
        if (c && size != CHUNK_MIN) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        c = nc;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *rg_arena_strndup(rg_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = rg_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rg_arena_strdup(rg_arena *a, const char *s)
{
    return s ? rg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *rg_arena_vprintf(rg_arena *a, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    char *p = rg_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *rg_arena_printf(rg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = rg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

size_t rg_arena_used(const rg_arena *a)
{
    return a->total;
}

static int reserve(rg_buf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->len <= extra) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *p = rg_realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int rg_buf_append(rg_buf *b, const char *s, size_t n)
{
    if (reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int rg_buf_puts(rg_buf *b, const char *s)
{
    return rg_buf_append(b, s, strlen(s));
}

int rg_buf_putc(rg_buf *b, char c)
{
    return rg_buf_append(b, &c, 1);
}

int rg_buf_printf(rg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void rg_buf_reset(rg_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void rg_buf_free(rg_buf *b)
{
    rg_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
