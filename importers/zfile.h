/* zfile.h -- reads a file that may be gzip- or zstd-compressed as if it were
 * plain (README, "Compressed and rotated logs"). The line reader, the sniffing
 * head (reviewgen/sources.c) and the JSON documents read through it, so every
 * importer reads app.log.2.gz and app.log-20261120.zst as it reads app.log. */
#ifndef RG_ZFILE_H
#define RG_ZFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { RG_Z_PLAIN, RG_Z_GZIP, RG_Z_ZSTD };

/* What rg_zfile_read returns besides a byte count. */
enum { RG_Z_EOF = 0, RG_Z_IO = -1, RG_Z_DATA = -2 };

typedef struct rg_zfile {
    int fd;
    int codec;         /* RG_Z_PLAIN, RG_Z_GZIP or RG_Z_ZSTD, from the file's magic */
    void *stream;      /* owned: the z_stream or ZSTD_DStream of a compressed file */
    unsigned char *in; /* owned: compressed bytes read and not yet decompressed */
    size_t in_cap, in_pos, in_len;
    int in_eof;           /* read(2) has returned 0 */
    int frame_open;       /* inside a gzip member or zstd frame not yet ended */
    int done;             /* the compressed stream has ended */
    int failed, reported; /* the data is bad (why says how); RG_Z_DATA was returned */
    uint64_t raw_read;    /* bytes read from the file itself (for progress) */
    char why[160];        /* RG_Z_DATA: what is wrong, "gzip data ends early (...)" */
} rg_zfile;

/* The codec that the first bytes of a file announce: gzip (1f 8b) or zstd
 * (28 b5 2f fd); RG_Z_PLAIN for anything else. */
int rg_z_codec(const unsigned char *head, size_t len);

/* Opens path. Returns 0, or -1 with errno set (the file cannot be opened, or
 * ENOMEM). The codec is read from the file's first bytes with pread(2), so the
 * offset of a plain file is untouched. Close with rg_zfile_close() after 0. */
int rg_zfile_open(rg_zfile *z, const char *path);

/* Reads up to n bytes of the file's (decompressed) content into buf. Returns
 * the number of bytes (> 0), RG_Z_EOF at the end, RG_Z_IO with errno set when
 * read(2) fails, or RG_Z_DATA when the compressed data is corrupt or truncated
 * (z->why says which; everything returned before it is good). A plain file is
 * read with one read(2) per call, asking for n bytes. */
ssize_t rg_zfile_read(rg_zfile *z, void *buf, size_t n);

/* Frees the decompressor and closes the file. Safe after a failed open. */
void rg_zfile_close(rg_zfile *z);

/* Fills buf with up to cap bytes of the (decompressed) start of the file at
 * path, for sniffing: as many as there are, even when the data after them is
 * bad. Returns the count; 0 when the file cannot be read. Allocates only for
 * a compressed file (the decompressor), and frees it before returning. */
size_t rg_zfile_head(const char *path, char *buf, size_t cap);

/* Reads the whole (decompressed) file into a NUL-terminated heap buffer that
 * the caller frees with rg_free(). Returns NULL with errno set (I/O, ENOMEM)
 * or, for bad compressed data, errno EILSEQ and the reason in why (of
 * why_cap bytes). *len gets the length. */
char *rg_zfile_slurp(const char *path, size_t *len, char *why, size_t why_cap);

#endif
