/* prepass.c -- the thread that works out log lines ahead of their importer
 * (prepass.h). It reads the file on its own descriptor with pread, so the
 * importer's reader is untouched, and hands records over through a ring of
 * fixed slots, one writer and one reader, with no lock: the importer never
 * waits for it. When the thread falls behind the importer it jumps ahead of
 * it (to the line after the importer's position plus RG_PREPASS_JUMP), so
 * its work is never wasted on lines already read; when the ring is full it
 * sleeps a little. */
#include "prepass.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

#define RING 8192                   /* slots, a power of two */
#define BUF_BYTES ((size_t)1 << 20) /* one pread */
#define RG_PREPASS_JUMP ((uint64_t)256 << 10)
#define CHECK_EVERY 64 /* lines between looks at the importer's place */

/* One line's record: two cache lines, aligned, so that the thread writing
 * one slot and the importer reading the one before never share a line. */
typedef struct slot {
    _Alignas(64) uint64_t off;
    uint64_t head, tail; /* the line's first and last eight bytes */
    uint32_t len;
    _Alignas(16) unsigned char rec[RG_PREPASS_REC_MAX]; /* a record may hold any type */
} slot;

_Static_assert(sizeof(slot) == 128, "a slot is two cache lines");

/* The fields each thread writes lie on cache lines of their own: written
 * by the thread, read and want by the importer, each published only every
 * PUBLISH_EVERY slots or lines; a line shared by both cost more than the
 * work it saved (the whole-day build was slower with the thread). */
#define PUBLISH_EVERY 32

struct rg_prepass {
    /* set before the thread starts, then only read */
    pthread_t thread;
    int fd;
    uint64_t from, to;
    rg_prepass_fn fn;
    size_t rec_size;
    slot *ring;
    /* written by the thread */
    _Alignas(64) _Atomic size_t written; /* slots written */
    _Atomic int done;
    _Alignas(16) unsigned char ctx[RG_PREPASS_CTX_MAX]; /* the thread's copy */
    size_t read_seen;                                   /* the thread's copy of read */
    size_t written_local; /* slots written, published every PUBLISH_EVERY */
    /* written by the importer */
    _Alignas(64) _Atomic size_t read; /* slots let go */
    _Atomic uint64_t want;            /* the offset of a line the importer asked lately */
    _Atomic int stop;
    /* the importer's own */
    _Alignas(64) size_t tail; /* the next slot to look at */
    size_t written_seen;      /* its copy of written */
    size_t read_published;    /* the last value stored in read */
    unsigned since_want;      /* takes since want was stored */
    int holding;              /* the importer holds ring[tail]'s record */
    uint64_t taken, missed;
};

static int test_wait;

void rg_prepass_test_wait(int on)
{
    test_wait = on;
}

/* Eight bytes or fewer as one number, the first byte lowest. */
static uint64_t le_bytes(const char *s, size_t n)
{
    uint64_t w = 0;
    for (size_t i = 0; i < n && i < 8; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    return w;
}

static uint64_t first8(const char *s, size_t n)
{
    if (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        return w;
    }
    return le_bytes(s, n);
}

static uint64_t last8(const char *s, size_t n)
{
    return n >= 8 ? first8(s + n - 8, 8) : le_bytes(s, n);
}

/* Sleeps *us microseconds and doubles it up to a millisecond: a thread
 * that waits long (the importer slow on a stretch of kept lines, or past
 * every line it wanted) wakes up a thousand times a second, not fifty
 * thousand. */
static void pause_briefly(unsigned *us)
{
    struct timespec ts = {0, (long)*us * 1000};
    nanosleep(&ts, NULL);
    if (*us < 1000)
        *us *= 2;
}

/* Lets the importer see the slots written so far. */
static void publish(rg_prepass *p)
{
    atomic_store_explicit(&p->written, p->written_local, memory_order_release);
}

/* Puts the record of line s[0..n) at off into the next slot, waiting while
 * the ring is full. 0, or -1 when told to stop. */
static int put(rg_prepass *p, uint64_t off, const char *s, size_t n)
{
    size_t w = p->written_local;
    unsigned us = 20;
    while (w - p->read_seen >= RING) {
        publish(p);
        p->read_seen = atomic_load_explicit(&p->read, memory_order_acquire);
        if (w - p->read_seen < RING)
            break;
        if (atomic_load_explicit(&p->stop, memory_order_relaxed))
            return -1;
        pause_briefly(&us);
    }
    slot *sl = &p->ring[w & (RING - 1)];
    memset(sl->rec, 0, p->rec_size); /* a record's padding too, the same every run */
    if (!p->fn(p->ctx, s, n, sl->rec))
        return 0;
    sl->off = off;
    sl->len = (uint32_t)n;
    sl->head = first8(s, n);
    sl->tail = last8(s, n);
    p->written_local = w + 1;
    if (p->written_local % PUBLISH_EVERY == 0)
        publish(p);
    return 0;
}

static void *run(void *arg)
{
    rg_prepass *p = arg;
    char *buf = malloc(BUF_BYTES);
    uint64_t pos = p->from; /* the file offset of buf[0] */
    size_t have = 0;
    int partial = 0; /* buf starts inside a line (after a jump): skip to its end */
    unsigned since_check = 0;
    while (buf && !atomic_load_explicit(&p->stop, memory_order_relaxed)) {
        size_t want = BUF_BYTES - have;
        if (p->to && pos + have >= p->to)
            break;
        if (p->to && p->to - pos - have < want)
            want = (size_t)(p->to - pos - have);
        ssize_t got = want ? pread(p->fd, buf + have, want, (off_t)(pos + have)) : 0;
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break; /* the end, or an error the importer's own read reports */
        have += (size_t)got;
        size_t at = 0;
        if (partial) {
            const char *nl = memchr(buf, '\n', have);
            if (!nl) { /* a line longer than the buffer: no records in it */
                pos += have;
                have = 0;
                continue;
            }
            at = (size_t)(nl - buf) + 1;
            partial = 0;
        }
        for (;;) {
            const char *s = buf + at;
            const char *nl = memchr(s, '\n', have - at);
            if (!nl)
                break;
            size_t n = (size_t)(nl - s);
            uint64_t off = pos + at;
            at += n + 1;
            if (n && s[n - 1] == '\r')
                n--;
            if (++since_check == CHECK_EVERY) {
                since_check = 0;
                uint64_t w = atomic_load_explicit(&p->want, memory_order_relaxed);
                if (w > off) { /* behind the importer: jump ahead of it */
                    publish(p);
                    pos = w + RG_PREPASS_JUMP;
                    have = 0;
                    at = 0;
                    partial = 1;
                    break;
                }
            }
            if (put(p, off, s, n) != 0)
                goto out;
        }
        if (partial)
            continue;
        if (at == 0 && have == BUF_BYTES) { /* a line longer than the buffer */
            pos += have;
            have = 0;
            partial = 1;
            continue;
        }
        memmove(buf, buf + at, have - at);
        pos += at;
        have -= at;
    }
out:
    publish(p);
    free(buf);
    atomic_store_explicit(&p->done, 1, memory_order_release);
    return NULL;
}

int rg_one_thread(void)
{
    const char *env = getenv("REVIEWGEN_THREADS");
    return env && strcmp(env, "1") == 0;
}

rg_prepass *rg_prepass_start(const char *path, uint64_t from, uint64_t to, rg_prepass_fn fn,
                             const void *ctx, size_t ctx_size, size_t rec_size)
{
    if (rg_one_thread() || rec_size > RG_PREPASS_REC_MAX || ctx_size > RG_PREPASS_CTX_MAX)
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (to && to > (uint64_t)st.st_size)) {
        close(fd);
        return NULL;
    }
    uint64_t end = to ? to : (uint64_t)st.st_size;
    if (end < from || end - from < RG_PREPASS_MIN_BYTES) {
        close(fd);
        return NULL;
    }
    rg_prepass *p = rg_calloc(1, sizeof(*p));
    slot *ring = p ? rg_malloc(RING * sizeof(*ring)) : NULL;
    if (!ring) {
        rg_free(p);
        close(fd);
        return NULL;
    }
    p->fd = fd;
    p->from = from;
    p->to = to;
    p->fn = fn;
    if (ctx_size)
        memcpy(p->ctx, ctx, ctx_size);
    p->rec_size = rec_size;
    p->ring = ring;
    atomic_init(&p->written, 0);
    atomic_init(&p->read, 0);
    atomic_init(&p->want, from);
    atomic_init(&p->stop, 0);
    atomic_init(&p->done, 0);
    /* Signals stay with the importer's thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&p->thread, NULL, run, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        rg_free(ring);
        rg_free(p);
        close(fd);
        return NULL;
    }
    unsigned us = 20;
    while (test_wait && !atomic_load_explicit(&p->done, memory_order_acquire) &&
           atomic_load_explicit(&p->written, memory_order_acquire) < RING)
        pause_briefly(&us);
    return p;
}

const void *rg_prepass_take(rg_prepass *p, uint64_t off, const char *s, size_t n)
{
    size_t t = p->tail + (size_t)p->holding;
    p->holding = 0;
    if (++p->since_want == PUBLISH_EVERY) {
        p->since_want = 0;
        atomic_store_explicit(&p->want, off, memory_order_relaxed);
    }
    const void *rec = NULL;
    for (;;) {
        if (t == p->written_seen) {
            p->written_seen = atomic_load_explicit(&p->written, memory_order_acquire);
            if (t == p->written_seen)
                break;
        }
        const slot *sl = &p->ring[t & (RING - 1)];
        if (sl->off < off) {
            t++;
            continue;
        }
        if (sl->off == off && sl->len == n && sl->head == first8(s, n) && sl->tail == last8(s, n)) {
            rec = sl->rec;
            p->holding = 1;
        } else if (sl->off == off) {
            t++; /* the same place, other bytes: not this line's record */
        }
        break;
    }
    p->tail = t;
    /* Let the slots before t go, now and then (always when none are left,
     * so that a thread waiting on a full ring goes on). */
    if (t - p->read_published >= PUBLISH_EVERY || t == p->written_seen) {
        if (t != p->read_published) {
            atomic_store_explicit(&p->read, t, memory_order_release);
            p->read_published = t;
        }
    }
    if (rec)
        p->taken++;
    else
        p->missed++;
    return rec;
}

static _Atomic uint64_t all_taken, all_missed;

void rg_prepass_counts(uint64_t *taken, uint64_t *missed)
{
    *taken = atomic_load(&all_taken);
    *missed = atomic_load(&all_missed);
}

void rg_prepass_stop(rg_prepass *p)
{
    if (!p)
        return;
    atomic_store_explicit(&p->stop, 1, memory_order_relaxed);
    pthread_join(p->thread, NULL);
    atomic_fetch_add(&all_taken, p->taken);
    atomic_fetch_add(&all_missed, p->missed);
    close(p->fd);
    rg_free(p->ring);
    rg_free(p);
}
