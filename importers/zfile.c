/* zfile.c -- plain, gzip (zlib) and zstd (libzstd) files read alike: the codec
 * is chosen by the file's magic bytes, never by its name, so a compressed file
 * under any name (and a plain one named .gz) is read right. */
#include "zfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "../reviewgen/alloc.h"

#define IN_CHUNK ((size_t)1 << 17)

int rg_z_codec(const unsigned char *h, size_t len)
{
    if (len >= 2 && h[0] == 0x1F && h[1] == 0x8B)
        return RG_Z_GZIP;
    if (len >= 4 && h[0] == 0x28 && h[1] == 0xB5 && h[2] == 0x2F && h[3] == 0xFD)
        return RG_Z_ZSTD;
    return RG_Z_PLAIN;
}

/* zlib allocates through our allocator, so the out-of-memory runs reach it
 * too (libzstd's custom allocator is in its static-linking-only API). */
static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return rg_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    rg_free(p);
}

int rg_zfile_open(rg_zfile *z, const char *path)
{
    memset(z, 0, sizeof(*z));
    z->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (z->fd < 0)
        return -1;
    unsigned char magic[4];
    ssize_t got;
    do
        got = pread(z->fd, magic, sizeof(magic), 0);
    while (got < 0 && errno == EINTR);
    z->codec = got > 0 ? rg_z_codec(magic, (size_t)got) : RG_Z_PLAIN;
    if (z->codec == RG_Z_PLAIN)
        return 0;
    z->in_cap = IN_CHUNK;
    z->in = rg_malloc(z->in_cap);
    if (!z->in)
        goto oom;
    if (z->codec == RG_Z_GZIP) {
        z_stream *zs = rg_calloc(1, sizeof(*zs));
        if (!zs)
            goto oom;
        zs->zalloc = z_alloc;
        zs->zfree = z_free;
        /* 15 + 16: gzip only (a zlib stream is not a file format we read). */
        if (inflateInit2(zs, 15 + 16) != Z_OK) {
            rg_free(zs);
            goto oom;
        }
        z->stream = zs;
    } else {
        ZSTD_DStream *ds = ZSTD_createDStream();
        if (!ds)
            goto oom;
        z->stream = ds;
    }
    return 0;
oom:
    rg_zfile_close(z);
    errno = ENOMEM;
    return -1;
}

/* Reads more compressed input when all of it was used. Returns 1 when there
 * is input, 0 at the end of the file, -1 with errno on a read error. */
static int fill(rg_zfile *z)
{
    if (z->in_pos < z->in_len)
        return 1;
    if (z->in_eof)
        return 0;
    ssize_t got;
    do
        got = read(z->fd, z->in, z->in_cap);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return -1;
    z->in_pos = 0;
    z->in_len = (size_t)got;
    z->raw_read += (uint64_t)got;
    if (got == 0) {
        z->in_eof = 1;
        return 0;
    }
    return 1;
}

/* Notes what is wrong with the data; rg_zfile_read reports it once the good
 * bytes before it have been handed over. */
static void fail(rg_zfile *z, const char *what, const char *detail)
{
    if (detail)
        snprintf(z->why, sizeof(z->why), "%s data is corrupt (%s)", what, detail);
    else
        snprintf(z->why, sizeof(z->why), "%s data ends early (the file is truncated)", what);
    z->failed = 1;
}

static size_t read_gzip(rg_zfile *z, unsigned char *buf, size_t n, int *io)
{
    z_stream *zs = z->stream;
    zs->next_out = buf;
    zs->avail_out = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    size_t want = zs->avail_out;
    while (zs->avail_out > 0 && !z->failed && !z->done) {
        int f = fill(z);
        if (f < 0) {
            *io = 1;
            break;
        }
        if (f == 0) {
            if (z->frame_open)
                fail(z, "gzip", NULL);
            z->done = 1;
            break;
        }
        if (!z->frame_open) {
            /* A new member starts (a gzip file may be several, concatenated);
             * anything else after a member is padding, not data. */
            if (z->in[z->in_pos] != 0x1F) {
                z->done = 1;
                break;
            }
            inflateReset(zs);
            z->frame_open = 1;
        }
        zs->next_in = z->in + z->in_pos;
        zs->avail_in = (uInt)(z->in_len - z->in_pos);
        int rc = inflate(zs, Z_NO_FLUSH);
        z->in_pos = z->in_len - zs->avail_in;
        if (rc == Z_STREAM_END) {
            z->frame_open = 0;
        } else if (rc == Z_MEM_ERROR) {
            errno = ENOMEM;
            *io = 1;
            break;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            fail(z, "gzip", zs->msg ? zs->msg : "bad data");
        }
    }
    return want - zs->avail_out;
}

static size_t read_zstd(rg_zfile *z, unsigned char *buf, size_t n, int *io)
{
    ZSTD_outBuffer out = {buf, n, 0};
    while (out.pos < out.size && !z->failed && !z->done) {
        int f = fill(z);
        if (f < 0) {
            *io = 1;
            break;
        }
        if (f == 0) {
            if (z->frame_open)
                fail(z, "zstd", NULL);
            z->done = 1;
            break;
        }
        ZSTD_inBuffer in = {z->in, z->in_len, z->in_pos};
        size_t rc = ZSTD_decompressStream(z->stream, &out, &in);
        z->in_pos = in.pos;
        if (ZSTD_isError(rc)) {
            if (ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation) {
                errno = ENOMEM;
                *io = 1;
                break;
            }
            fail(z, "zstd", ZSTD_getErrorName(rc));
            break;
        }
        z->frame_open = rc != 0;
    }
    return out.pos;
}

ssize_t rg_zfile_read(rg_zfile *z, void *buf, size_t n)
{
    if (z->codec == RG_Z_PLAIN) {
        ssize_t got;
        do
            got = read(z->fd, buf, n);
        while (got < 0 && errno == EINTR);
        if (got > 0)
            z->raw_read += (uint64_t)got;
        return got < 0 ? RG_Z_IO : got;
    }
    if (n > SSIZE_MAX)
        n = SSIZE_MAX;
    int io = 0;
    size_t got = 0;
    if (!z->failed && !z->done)
        got = z->codec == RG_Z_GZIP ? read_gzip(z, buf, n, &io) : read_zstd(z, buf, n, &io);
    if (got > 0)
        return (ssize_t)got; /* the good bytes first; an error found after them comes next */
    if (io)
        return RG_Z_IO;
    if (z->failed && !z->reported) {
        z->reported = 1;
        return RG_Z_DATA;
    }
    return RG_Z_EOF;
}

void rg_zfile_close(rg_zfile *z)
{
    if (z->stream) {
        if (z->codec == RG_Z_GZIP) {
            inflateEnd(z->stream);
            rg_free(z->stream);
        } else {
            ZSTD_freeDStream(z->stream);
        }
    }
    z->stream = NULL;
    rg_free(z->in);
    z->in = NULL;
    if (z->fd >= 0)
        close(z->fd);
    z->fd = -1;
}

size_t rg_zfile_head(const char *path, char *buf, size_t cap)
{
    rg_zfile z;
    if (rg_zfile_open(&z, path) != 0)
        return 0;
    size_t len = 0;
    while (len < cap) {
        ssize_t got = rg_zfile_read(&z, buf + len, cap - len);
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    rg_zfile_close(&z);
    return len;
}

char *rg_zfile_slurp(const char *path, size_t *len, char *why, size_t why_cap)
{
    rg_zfile z;
    if (rg_zfile_open(&z, path) != 0)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = rg_malloc(cap);
    if (!buf) {
        rg_zfile_close(&z);
        errno = ENOMEM;
        return NULL;
    }
    for (;;) {
        if (cap - n < 2) {
            char *nb = rg_realloc(buf, cap * 2);
            if (!nb) {
                rg_free(buf);
                rg_zfile_close(&z);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t got = rg_zfile_read(&z, buf + n, cap - n - 1);
        if (got > 0) {
            n += (size_t)got;
            continue;
        }
        if (got == RG_Z_EOF)
            break;
        int e = got == RG_Z_DATA ? EILSEQ : errno;
        if (got == RG_Z_DATA && why)
            snprintf(why, why_cap, "%s", z.why);
        rg_free(buf);
        rg_zfile_close(&z);
        errno = e;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    rg_zfile_close(&z);
    return buf;
}
