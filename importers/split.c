/* split.c -- the second thread of a log file read on two (split.h): its
 * line loop, the list of lines it hands back, and their second reading. */
#include "split.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

struct rg_split {
    pthread_t thread;
    int started;
    const char *path; /* borrowed */
    uint64_t at, to;
    rg_sink *shard; /* borrowed: the core's sink for the thread */
    rg_split_body_fn body;
    void *ctx;
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

static atomic_ullong n_split, n_merged, n_again;
static uint64_t test_min, test_from;
static size_t test_max_back;

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
            char buf[4096];
            for (uint64_t off = mid; off < mid + ((uint64_t)64 << 10) && off < end;) {
                ssize_t got = pread(fd, buf, sizeof(buf), (off_t)off);
                if (got <= 0)
                    break;
                const char *nl = memchr(buf, '\n', (size_t)got);
                if (nl) {
                    at = off + (uint64_t)(nl - buf) + 1;
                    break;
                }
                off += (uint64_t)got;
            }
            if (at >= end)
                at = 0;
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

static void *run(void *arg)
{
    rg_split *sp = arg;
    rg_linereader r;
    if (rg_linereader_open(&r, sp->path, sp->shard) != 0 ||
        rg_linereader_restart(&r, sp->at, sp->to, 1) != 0 || sp->body(sp, &r, sp->ctx) != 0)
        sp->failed = 1;
    rg_linereader_close(&r);
    return NULL;
}

rg_split *rg_split_start(const char *path, uint64_t at, uint64_t to, rg_sink *shard,
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
    sp->block = rg_malloc(READ_BLOCK);
    sp->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (!sp->block || sp->fd < 0 || pthread_create(&sp->thread, NULL, run, sp) != 0) {
        rg_split_free(sp);
        return NULL;
    }
    sp->started = 1;
    n_split++;
    return sp;
}

int rg_split_wait(rg_split *sp)
{
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
    if (sp->fd >= 0)
        close(sp->fd);
    rg_free(sp->block);
    rg_free(sp->back);
    rg_free(sp);
}
