/* split.c -- the second thread of a log file read on two (split.h): its
 * line loop, the list of lines it hands back, and their second reading. */
#include "split.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "linereader.h"
#include "prepass.h"

/* The block read at a handed-back line: most of them lie near each other.
 * 64 KiB unless the line is longer: the block's pages are new to the
 * process, and a page touched for the first time costs more than its read
 * (README, "Evidence of any size"). */
#define READ_BLOCK ((size_t)1 << 20)
#define READ_SMALL ((size_t)64 << 10)

/* One reader's claim and the limit a taker sets it (split.h), both
 * sequentially consistent. */
typedef struct claims {
    atomic_uint_least64_t limit, claimed;
} claims;

/* The reader's side: it will read what starts before upto; where it must
 * stop. */
static uint64_t claim(claims *c, uint64_t upto)
{
    atomic_store(&c->claimed, upto);
    return atomic_load(&c->limit);
}

struct rg_split {
    pthread_t thread;
    int started;
    const char *path; /* borrowed */
    uint64_t at, to;
    rg_sink *shard; /* borrowed: the core's sink for the thread */
    rg_split_body_fn body;
    void *ctx;
    /* The rests taken (split.h): each reader's claims; taken, so that only
     * one rest is; tried, for the tests' waits. */
    claims thread_claims, importer_claims;
    atomic_uint_least64_t progress; /* bytes of the part read, about (rg_split_progress) */
    atomic_int taken, tried, tried_front;
    int here;             /* read on the caller's thread, or the front part: nothing to take */
    rg_sink *front_shard; /* borrowed: for the part the thread may take */
    void *front_ctx;
    rg_split *front; /* the part the thread took, until rg_split_front */
    /* Written by the thread, read after the join. */
    int failed;
    rg_split_rec *back; /* rg_malloc'd */
    size_t n_back, cap_back;
    rg_split_rec end;
    uint64_t bytes;
    /* The second reading (the importer's thread). */
    int fd;
    char *block; /* rg_malloc'd, READ_BLOCK bytes */
    uint64_t block_off;
    size_t block_len;
};

static atomic_ullong n_split, n_merged, n_again, n_by_importer, n_by_thread;
static uint64_t test_min, test_from, test_steal_from, test_step;
static int test_taker;
static size_t test_max_back;

void rg_split_test_steal(uint64_t from, uint64_t step, int who)
{
    test_steal_from = from;
    test_step = step;
    test_taker = who;
}

void rg_split_stolen(uint64_t *by_importer, uint64_t *by_thread)
{
    *by_importer = n_by_importer;
    *by_thread = n_by_thread;
}

uint64_t rg_split_step(void)
{
    return test_step ? test_step : RG_SPLIT_STEP;
}

void rg_split_test_set(uint64_t min_bytes, uint64_t from_byte, size_t max_back)
{
    test_min = min_bytes;
    test_from = from_byte;
    test_max_back = max_back;
}

void rg_split_counts(uint64_t *split, uint64_t *merged, uint64_t *again)
{
    *split = n_split;
    *merged = n_merged;
    *again = n_again;
}

void rg_split_count(int merged)
{
    if (merged)
        n_merged++;
    else
        n_again++;
}

/* The start of the first line that starts after byte `after` (looked for in
 * the next 64 KiB) and before end, or 0. */
static uint64_t line_after(int fd, uint64_t after, uint64_t end)
{
    char buf[4096];
    for (uint64_t off = after; off < after + ((uint64_t)64 << 10) && off < end;) {
        ssize_t got = pread(fd, buf, sizeof(buf), (off_t)off);
        if (got <= 0)
            break;
        const char *nl = memchr(buf, '\n', (size_t)got);
        if (nl) {
            uint64_t at = off + (uint64_t)(nl - buf) + 1;
            return at < end ? at : 0;
        }
        off += (uint64_t)got;
    }
    return 0;
}

uint64_t rg_split_point(const char *path, uint64_t from, uint64_t to, uint64_t *end_out)
{
    if (rg_one_thread())
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    uint64_t at = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        uint64_t end = to ? to : (uint64_t)st.st_size;
        uint64_t least = test_min ? test_min : RG_SPLIT_MIN_BYTES;
        if (end > from && end - from >= least && end <= (uint64_t)st.st_size) {
            /* Half each: timed per thread on the 1 GiB whole-day syslog,
             * both read about 0.97 GB/s, and the importer's thread's own
             * work after its part (the handed-back lines and the merge)
             * took 8 ms, where with 48 % it waited 20-60 ms for the
             * thread (six runs); six runs each alternated gave 0.62 s at
             * 50 %, 0.64 s at 48 % and at 52 %. */
            uint64_t mid = test_from ? test_from : from + (end - from) / 2;
            if (mid < from)
                mid = from;
            at = line_after(fd, mid, end);
            *end_out = end;
        }
    }
    close(fd);
    return at;
}

static int push_back(rg_split *sp, const rg_split_rec *rec)
{
    if (sp->n_back == sp->cap_back) {
        size_t cap = sp->cap_back ? sp->cap_back * 2 : 1024;
        rg_split_rec *v = rg_realloc(sp->back, cap * sizeof(*v));
        if (!v)
            return -1;
        sp->back = v;
        sp->cap_back = cap;
    }
    sp->back[sp->n_back++] = *rec;
    return 0;
}

int rg_split_hand_back(rg_split *sp, const rg_split_rec *rec)
{
    return push_back(sp, rec);
}

void rg_split_stop_at(rg_split *sp, const rg_split_rec *rec)
{
    sp->end = *rec;
    sp->bytes = rec->off - sp->at;
}

size_t rg_split_max_back(const rg_split *sp)
{
    (void)sp;
    return test_max_back ? test_max_back : RG_SPLIT_MAX_BACK;
}

uint64_t rg_split_to(const rg_split *sp)
{
    return sp->to;
}

/* A part of path, [at, to), with what both kinds of part need. */
static rg_split *part_new(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
                          rg_split_body_fn body, void *ctx)
{
    rg_split *sp = rg_calloc(1, sizeof(*sp));
    if (!sp)
        return NULL;
    sp->fd = -1;
    sp->path = path;
    sp->at = at;
    sp->to = to;
    sp->shard = shard;
    sp->body = body;
    sp->ctx = ctx;
    atomic_init(&sp->thread_claims.limit, to);
    atomic_init(&sp->thread_claims.claimed, at);
    atomic_init(&sp->importer_claims.limit, UINT64_MAX);
    atomic_init(&sp->importer_claims.claimed, 0);
    atomic_init(&sp->progress, 0);
    atomic_init(&sp->taken, 0);
    atomic_init(&sp->tried, 0);
    atomic_init(&sp->tried_front, 0);
    sp->block = rg_malloc(READ_BLOCK);
    sp->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (!sp->block || sp->fd < 0) {
        rg_split_free(sp);
        return NULL;
    }
    return sp;
}

/* Takes the second half of what a reader has left of [.., end) (split.h):
 * the line start L it now stops at, or 0. `who` is the taker, for the
 * tests' rule. */
static uint64_t take(rg_split *sp, claims *reader, uint64_t end, int who)
{
    uint64_t c = atomic_load(&reader->claimed), at = 0;
    if (c < end) {
        uint64_t from = c + (end - c) / 2;
        int test = test_steal_from && test_taker == who;
        if (test)
            from = test_steal_from > c ? test_steal_from - 1 : c;
        if (test || (!test_steal_from && end - c >= RG_SPLIT_STEAL_MIN))
            at = line_after(sp->fd, from, end);
    }
    int none = 0;
    if (!at || !atomic_compare_exchange_strong(&sp->taken, &none, 1))
        return 0;
    atomic_store(&reader->limit, at);
    if (atomic_load(&reader->claimed) > at)
        return 0; /* held up: the reader may be past it */
    return at;
}

/* On the thread, its own part read: the second half of what the importer's
 * thread has left of its part, read as the front part (split.h). */
static void take_front(rg_split *sp, rg_linereader *r)
{
    uint64_t at = take(sp, &sp->importer_claims, sp->at, RG_SPLIT_TAKER_THREAD);
    if (!at)
        return;
    n_by_thread++;
    /* Out of memory: the importer's thread stops at `at` all the same, and
     * reads on from there itself. */
    rg_split *f = part_new(sp->path, at, sp->at, sp->front_shard, sp->body, sp->front_ctx);
    if (!f)
        return;
    f->here = 1;
    r->sink = sp->front_shard;
    if (rg_linereader_restart(r, at, sp->at, 1) != 0 || f->body(f, r, f->ctx) != 0)
        f->failed = 1;
    sp->front = f;
}

static void *run(void *arg)
{
    rg_split *sp = arg;
    rg_linereader r;
    int ok = rg_linereader_open(&r, sp->path, sp->shard) == 0 &&
             rg_linereader_restart(&r, sp->at, sp->to, 1) == 0 && sp->body(sp, &r, sp->ctx) == 0;
    if (!ok)
        sp->failed = 1;
    atomic_store_explicit(&sp->progress, sp->bytes, memory_order_relaxed);
    /* ended: nothing is left to take */
    atomic_store(&sp->thread_claims.claimed, UINT64_MAX);
    if (ok && sp->front_shard)
        take_front(sp, &r);
    atomic_store(&sp->tried_front, 1);
    rg_linereader_close(&r);
    return NULL;
}

rg_split *rg_split_start(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
                         rg_split_body_fn body, void *ctx, rg_sink *front_shard, void *front_ctx)
{
    rg_split *sp = part_new(path, at, to, shard, body, ctx);
    if (!sp)
        return NULL;
    sp->front_shard = front_ctx ? front_shard : NULL;
    sp->front_ctx = front_ctx;
    if (pthread_create(&sp->thread, NULL, run, sp) != 0) {
        rg_split_free(sp);
        return NULL;
    }
    sp->started = 1;
    n_split++;
    return sp;
}

rg_split *rg_split_here(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
                        rg_split_body_fn body, void *ctx, rg_linereader *r)
{
    rg_split *sp = part_new(path, at, to, shard, body, ctx);
    if (!sp)
        return NULL;
    sp->here = 1;
    /* What the caller's reading needs back: its sink (the part's errors go
     * to the shard's diag, as on a thread), its line, and its byte counts
     * (the part's bytes are added at its merge, as a thread's). */
    rg_sink *sink = r->sink;
    long line = r->line;
    uint64_t raw = r->z.raw_read, done = r->done, next = r->next_progress;
    r->sink = shard;
    if (rg_linereader_restart(r, at, to, 1) != 0 || body(sp, r, ctx) != 0)
        sp->failed = 1;
    r->sink = sink;
    r->line = line;
    r->z.raw_read = raw;
    r->done = done;
    r->next_progress = next;
    return sp;
}

uint64_t rg_split_at(const rg_split *sp)
{
    return sp->at;
}

uint64_t rg_split_claim(rg_split *sp, uint64_t upto)
{
    if (sp->here)
        return UINT64_MAX;
    if (test_steal_from && test_taker == RG_SPLIT_TAKER_IMPORTER)
        while (!atomic_load(&sp->tried)) /* the tests' wait */
            sched_yield();
    atomic_store_explicit(&sp->progress, (upto < sp->to ? upto : sp->to) - sp->at,
                          memory_order_relaxed);
    return claim(&sp->thread_claims, upto);
}

uint64_t rg_split_progress(rg_split *sp)
{
    return atomic_load_explicit(&sp->progress, memory_order_relaxed);
}

uint64_t rg_split_claim_importer(rg_split *sp, uint64_t upto)
{
    if (test_steal_from && test_taker == RG_SPLIT_TAKER_THREAD)
        while (!atomic_load(&sp->tried_front)) /* the tests' wait */
            sched_yield();
    return claim(&sp->importer_claims, upto);
}

uint64_t rg_split_steal(rg_split *sp, uint64_t *to)
{
    /* not started: a part read here, or the thread already joined */
    uint64_t at = sp->started ? take(sp, &sp->thread_claims, sp->to, RG_SPLIT_TAKER_IMPORTER) : 0;
    atomic_store(&sp->tried, 1);
    if (!at)
        return 0;
    *to = sp->to;
    n_by_importer++;
    return at;
}

rg_split *rg_split_front(rg_split *sp)
{
    rg_split *f = sp->front;
    sp->front = NULL;
    return f;
}

int rg_split_wait(rg_split *sp)
{
    atomic_store(&sp->tried, 1); /* a thread waiting in the tests goes on */
    if (sp->started) {
        pthread_join(sp->thread, NULL);
        sp->started = 0;
    }
    return sp->failed ? -1 : 0;
}

size_t rg_split_n_back(const rg_split *sp)
{
    return sp->n_back;
}

const rg_split_rec *rg_split_back(const rg_split *sp, size_t i)
{
    return &sp->back[i];
}

const rg_split_rec *rg_split_end(const rg_split *sp)
{
    return &sp->end;
}

uint64_t rg_split_bytes(const rg_split *sp)
{
    return sp->bytes;
}

int rg_split_line(rg_split *sp, const rg_split_rec *rec, const char **s)
{
    if (rec->off < sp->block_off || rec->off + rec->len > sp->block_off + sp->block_len) {
        size_t want = rec->len <= READ_SMALL ? READ_SMALL : READ_BLOCK;
        sp->block_len = 0;
        while (sp->block_len < rec->len) {
            ssize_t got = pread(sp->fd, sp->block + sp->block_len, want - sp->block_len,
                                (off_t)(rec->off + sp->block_len));
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                if (got == 0)
                    errno = EIO;
                sp->block_len = 0;
                return -1;
            }
            sp->block_len += (size_t)got;
        }
        sp->block_off = rec->off;
    }
    *s = sp->block + (rec->off - sp->block_off);
    return 0;
}

void rg_split_free(rg_split *sp)
{
    if (!sp)
        return;
    rg_split_wait(sp);
    rg_split_free(sp->front);
    if (sp->fd >= 0)
        close(sp->fd);
    rg_free(sp->block);
    rg_free(sp->back);
    rg_free(sp);
}
