/* output.c -- temporary file, fsync, rename: the redis rdbSave pattern. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

static long fail_countdown = -1;
static int fail_errno;

void rg_output_fail_after(long n, int err)
{
    fail_countdown = n;
    fail_errno = err;
}

/* 1 when the injected failure is due now. */
static int injected(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0) {
        errno = fail_errno;
        return 1;
    }
    fail_countdown--;
    return 0;
}

static int fail(rg_diag *diag, const char *target, int err)
{
    return rg_diag_error(diag, "reviewgen", 0, 0, "cannot write '%s': %s", target, strerror(err));
}

int rg_output_stage(rg_pending *p, const char *target, const char *data, size_t len, rg_diag *diag)
{
    memset(p, 0, sizeof(*p));
    size_t tl = strlen(target);
    p->target = rg_strdup(target);
    p->tmp = rg_malloc(tl + 16);
    if (!p->target || !p->tmp) {
        rg_output_discard(p);
        return rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
    }
    snprintf(p->tmp, tl + 16, "%s.tmp.XXXXXX", target);
    int fd = injected() ? -1 : mkstemp(p->tmp);
    if (fd < 0) {
        int e = errno;
        rg_free(p->tmp);
        p->tmp = NULL;
        rg_output_discard(p);
        return fail(diag, target, e);
    }
    /* mkstemp makes 0600 files; a review is a document to share. */
    (void)fchmod(fd, 0644);
    size_t done = 0;
    while (done < len) {
        ssize_t w = injected() ? -1 : write(fd, data + done, len - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            rg_output_discard(p);
            return fail(diag, target, e);
        }
        done += (size_t)w;
    }
    if (injected() || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        rg_output_discard(p);
        return fail(diag, target, e);
    }
    if (close(fd) != 0) {
        int e = errno;
        rg_output_discard(p);
        return fail(diag, target, e);
    }
    return 0;
}

int rg_output_commit(rg_pending *p, rg_diag *diag)
{
    if (injected() || rename(p->tmp, p->target) != 0)
        return fail(diag, p->target, errno);
    rg_free(p->tmp);
    p->tmp = NULL;
    /* Sync the folder so the rename itself survives a crash. */
    char *copy = rg_strdup(p->target);
    if (copy) {
        int dfd = open(dirname(copy), O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
        rg_free(copy);
    }
    return 0;
}

void rg_output_discard(rg_pending *p)
{
    if (p->tmp)
        unlink(p->tmp);
    rg_free(p->tmp);
    rg_free(p->target);
    p->tmp = p->target = NULL;
}

int rg_output_dir(const char *dir, rg_diag *diag)
{
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (mkdir(dir, 0777) != 0)
            return rg_diag_error(diag, "reviewgen", 0, 0, "cannot create '%s': %s", dir,
                                 strerror(errno));
    } else if (!S_ISDIR(sb.st_mode)) {
        return rg_diag_error(diag, "reviewgen", 0, 0, "cannot write into '%s': %s", dir,
                             strerror(ENOTDIR));
    }
    return 0;
}
