/* jsonpages.c -- a folder of JSON pages as one source: sniffing it file by
 * file, reading its files in natural name order. */
#include "jsonpages.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

#define SNIFF_THRESHOLD 50

/* Kind of the entry dir/name: 1 regular file, 2 folder, 0 other or unreadable. */
static int entry_kind(const char *dir, const char *name, char *path, size_t cap)
{
    int n = snprintf(path, cap, "%s/%s", dir, name);
    struct stat st;
    if (n <= 0 || (size_t)n >= cap || stat(path, &st) != 0)
        return 0;
    return S_ISREG(st.st_mode) ? 1 : S_ISDIR(st.st_mode) ? 2 : 0;
}

int rg_pages_sniff(const char *dir, int (*file_sniff)(const char *path, int is_dir,
                                                      const char *head, size_t head_len))
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int best = 100, files = 0, seen = 0;
    struct dirent *de;
    char path[PATH_MAX];
    char head[4096];
    while (best >= SNIFF_THRESHOLD && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (++seen > RG_PAGES_MAX) {
            best = 0;
            break;
        }
        if (entry_kind(dir, de->d_name, path, sizeof(path)) != 1) {
            best = 0;
            break;
        }
        int fd = open(path, O_RDONLY);
        if (fd < 0) {
            best = 0;
            break;
        }
        size_t len = 0;
        ssize_t got;
        while (len < sizeof(head) && (got = read(fd, head + len, sizeof(head) - len)) > 0)
            len += (size_t)got;
        close(fd);
        int s = file_sniff(path, 0, head, len);
        if (s < best)
            best = s;
        files++;
    }
    closedir(d);
    return files > 0 && best >= SNIFF_THRESHOLD ? best : 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Natural order: runs of digits compare by value ("page2" < "page10"), the
 * rest byte by byte; equal values fall back to strcmp so the order is total. */
static int natural_cmp(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    const char *x = a, *y = b;
    while (*x && *y) {
        if (is_digit(*x) && is_digit(*y)) {
            while (*x == '0')
                x++;
            while (*y == '0')
                y++;
            size_t nx = 0, ny = 0;
            while (is_digit(x[nx]))
                nx++;
            while (is_digit(y[ny]))
                ny++;
            if (nx != ny)
                return nx < ny ? -1 : 1;
            int c = memcmp(x, y, nx);
            if (c)
                return c;
            x += nx;
            y += ny;
            continue;
        }
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++;
        y++;
    }
    if (*x || *y)
        return *x ? 1 : -1;
    return strcmp(a, b);
}

int rg_pages_read(const rg_source *src, rg_sink *sink,
                  int (*page)(void *ctx, const rg_source *file), void *ctx)
{
    struct stat st;
    if (stat(src->path, &st) != 0 || !S_ISDIR(st.st_mode))
        return page(ctx, src);
    DIR *d = opendir(src->path);
    if (!d)
        return rg_diag_error(sink->diag, src->path, 0, 0, "cannot read the folder: %s",
                             strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    char path[PATH_MAX];
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || entry_kind(src->path, de->d_name, path, sizeof(path)) != 1)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            char **nn = rg_realloc(names, c * sizeof(*nn));
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
            cap = c;
        }
        if (!(names[n] = rg_arena_printf(sink->arena, "%s/%s", src->path, de->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc != 0) {
        rg_free(names);
        return rg_diag_error(sink->diag, src->path, 0, 0, "out of memory");
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), natural_cmp);
    for (size_t i = 0; i < n && rc == 0; i++) {
        rg_source file = *src;
        file.path = names[i];
        rc = page(ctx, &file) != 0 ? -1 : 0;
    }
    rg_free(names);
    return rc;
}
