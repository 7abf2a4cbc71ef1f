/* output.c -- output folders, temporary files, renames and folder syncs,
 * each write-side step counted for the fault tests, and the signal handler
 * that removes our temporaries (the protocol is publish.c's). */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

/* ---- fault injection ------------------------------------------------- */

static long step_no;
static long fail_from = -1;
static int fail_errno;
static long crash_at = -1;
static int crash_sig;

int rg_output_fault_step(void)
{
    long k = step_no++;
    if (crash_at >= 0 && k == crash_at) {
        if (crash_sig == 0)
            _exit(RG_OUTPUT_CRASH_STATUS);
        raise(crash_sig); /* held back during the commit: delivered later */
    }
    if (fail_from >= 0 && k >= fail_from)
        return fail_errno;
    return 0;
}

long rg_output_fail_after(long n, int err)
{
    long was = step_no;
    step_no = 0;
    fail_from = n;
    fail_errno = err;
    crash_at = -1;
    return was;
}

long rg_output_crash_after(long n, int sig)
{
    long was = step_no;
    step_no = 0;
    fail_from = -1;
    crash_at = n;
    crash_sig = sig;
    return was;
}

/* ---- the signal table ------------------------------------------------ */

/* Fixed, so the handler needs no allocation: slots are appended and only
 * emptied all at once (rg_output_untrack_all), so the handler can remove
 * them last added first (the pending record before the files it names). */
#define TABLE_SIZE 64
static struct slot {
    volatile sig_atomic_t used;
    int dirfd;
    char name[RG_OUTPUT_NAME_MAX + 1];
} table[TABLE_SIZE];
static volatile sig_atomic_t table_n;

int rg_output_track(rg_outdir *d, const char *name)
{
    size_t len = strlen(name);
    if (table_n >= TABLE_SIZE || len > RG_OUTPUT_NAME_MAX)
        return -1;
    struct slot *s = &table[table_n];
    s->dirfd = d->fd;
    memcpy(s->name, name, len + 1);
    atomic_signal_fence(memory_order_seq_cst); /* the name is whole before it is used */
    s->used = 1;
    table_n = table_n + 1;
    return 0;
}

static void untrack(const rg_outdir *d, const char *name)
{
    for (sig_atomic_t i = 0; i < table_n; i++)
        if (table[i].used && table[i].dirfd == d->fd && strcmp(table[i].name, name) == 0)
            table[i].used = 0;
}

void rg_output_untrack_all(void)
{
    for (sig_atomic_t i = 0; i < table_n; i++)
        table[i].used = 0;
    atomic_signal_fence(memory_order_seq_cst);
    table_n = 0;
}

/* Async-signal-safe: unlinkat and raise only. SA_RESETHAND has put back the
 * default action, so the raise ends the process as the signal would have. */
static void on_signal(int sig)
{
    for (sig_atomic_t i = table_n; i > 0; i--)
        if (table[i - 1].used)
            (void)unlinkat(table[i - 1].dirfd, table[i - 1].name, 0);
    raise(sig);
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};

void rg_output_signals_install(void)
{
    for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
        struct sigaction old;
        if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < sizeof(caught) / sizeof(caught[0]); j++)
            sigaddset(&sa.sa_mask, caught[j]);
        sa.sa_flags = SA_RESETHAND;
        (void)sigaction(caught[i], &sa, NULL);
    }
}

static sigset_t held_mask;

void rg_output_signals_hold(void)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
        sigaddset(&set, caught[i]);
    sigprocmask(SIG_BLOCK, &set, &held_mask);
}

void rg_output_signals_release(void)
{
    sigprocmask(SIG_SETMASK, &held_mask, NULL);
}

/* ---- names ----------------------------------------------------------- */

static int is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when name's last bytes are `mark` and six letters or digits. */
static int ends_temp(const char *name, size_t len, const char *mark)
{
    size_t ml = strlen(mark);
    if (len < ml + 6)
        return 0;
    for (size_t i = len - 6; i < len; i++)
        if (!is_alnum(name[i]))
            return 0;
    return memcmp(name + len - 6 - ml, mark, ml) == 0;
}

int rg_output_is_temp(const char *name, const char *const *legacy, size_t n_legacy)
{
    size_t len = strlen(name);
    if (len > strlen(RG_OUTPUT_TMP_MARK) + 6 && ends_temp(name, len, RG_OUTPUT_TMP_MARK))
        return 1;
    for (size_t i = 0; i < n_legacy; i++) {
        size_t ll = strlen(legacy[i]);
        if (len == ll + 5 + 6 && memcmp(name, legacy[i], ll) == 0 && ends_temp(name, len, ".tmp."))
            return 1;
    }
    return 0;
}

static unsigned long long mix(unsigned long long x)
{
    x += 0x9e3779b97f4a7c15ULL; /* splitmix64 */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static unsigned long long random64(void)
{
    unsigned long long r;
    if (getentropy(&r, sizeof(r)) == 0)
        return r;
    static unsigned long long counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return mix((unsigned long long)ts.tv_nsec ^ ((unsigned long long)ts.tv_sec << 30) ^
               ((unsigned long long)getpid() << 16) ^ ++counter);
}

void rg_output_token(char token[17])
{
    static const char hex[] = "0123456789abcdef";
    unsigned long long r = random64();
    for (int i = 0; i < 16; i++, r >>= 4)
        token[i] = hex[r & 15];
    token[16] = '\0';
}

/* ---- the folder ------------------------------------------------------ */

static int lock_wait_ms = RG_OUTPUT_LOCK_SECONDS * 1000;

void rg_output_set_lock_wait(int ms)
{
    lock_wait_ms = ms < 0 ? RG_OUTPUT_LOCK_SECONDS * 1000 : ms;
}

static int open_folder(const char *dir)
{
    return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int rg_outdir_open(rg_outdir *d, const char *dir, int create, rg_diag *diag)
{
    d->fd = -1;
    d->path = NULL;
    size_t len = strlen(dir);
    if (len > RG_OUTPUT_DIR_MAX)
        return rg_diag_error(diag, "reviewgen", 0, 0,
                             "cannot write into '%.40s...': the path is too long (%zu bytes; an "
                             "output folder's may have %d, so that the path of every file in it "
                             "stays within PATH_MAX, %d)",
                             dir, len, RG_OUTPUT_DIR_MAX, PATH_MAX);
    d->path = rg_strdup(dir);
    if (!d->path)
        return rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
    d->fd = open_folder(dir);
    if (d->fd < 0 && errno == ENOENT) {
        if (!create)
            return 1;
        int e = rg_output_fault_step();
        if (e || mkdir(dir, 0777) != 0) {
            if (e)
                errno = e;
            if (errno != EEXIST)
                return rg_diag_error(diag, "reviewgen", 0, 0, "cannot create '%s': %s", dir,
                                     strerror(errno));
        }
        d->fd = open_folder(dir);
    }
    if (d->fd < 0)
        return rg_diag_error(diag, "reviewgen", 0, 0, "cannot write into '%s': %s", dir,
                             strerror(errno));
    /* The lock is on the folder itself: nothing to leave behind, and it
     * goes with the process however it ends. */
    for (int waited = 0;; waited += 100) {
        if (flock(d->fd, LOCK_EX | LOCK_NB) == 0)
            break;
        if (errno != EWOULDBLOCK && errno != EINTR)
            break; /* no flock here (some network file systems): go on unlocked */
        if (waited >= lock_wait_ms)
            return rg_diag_error(diag, "reviewgen", 0, 0,
                                 "'%s' is busy: another reviewgen is writing into it (waited "
                                 "%d s)",
                                 dir, lock_wait_ms / 1000);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

void rg_outdir_close(rg_outdir *d)
{
    if (d->fd >= 0)
        close(d->fd); /* releases the lock */
    d->fd = -1;
    rg_free(d->path);
    d->path = NULL;
}

static int write_error(rg_outdir *d, const char *target, int err, rg_diag *diag)
{
    return rg_diag_error(diag, "reviewgen", 0, 0, "cannot write '%s/%s': %s", d->path, target,
                         strerror(err));
}

/* The fill of rg_outdir_write_temp: the one buffer, handed over once. */
typedef struct whole {
    const char *data;
    size_t len;
    int given;
} whole;

static int fill_whole(void *ctx, const char **data, size_t *len, rg_diag *diag)
{
    (void)diag;
    whole *w = ctx;
    if (w->given)
        return 0;
    w->given = 1;
    *data = w->data;
    *len = w->len;
    return 1;
}

int rg_outdir_write_temp(rg_outdir *d, const char *target, const char *data, size_t len, char *tmp,
                         rg_diag *diag)
{
    whole w = {data, len, 0};
    return rg_outdir_write_temp_fill(d, target, fill_whole, &w, tmp, diag);
}

int rg_outdir_write_temp_fill(rg_outdir *d, const char *target, rg_output_fill fill, void *ctx,
                              char *tmp, rg_diag *diag)
{
    tmp[0] = '\0';
    size_t tl = strlen(target);
    if (strchr(target, '/') || tl == 0)
        return write_error(d, target, EINVAL, diag);
    if (tl + strlen(RG_OUTPUT_TMP_MARK) + 6 > RG_OUTPUT_NAME_MAX)
        return write_error(d, target, ENAMETOOLONG, diag);
    /* A target's mode is kept (a lead's chmod stays); a new file follows
     * the umask, as any file a tool creates. */
    struct stat sb;
    int keep_mode = fstatat(d->fd, target, &sb, 0) == 0 && S_ISREG(sb.st_mode);
    int fd = -1, e = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        static const char letters[] =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        unsigned long long r = random64();
        int n = snprintf(tmp, RG_OUTPUT_NAME_MAX + 1, "%s%s", target, RG_OUTPUT_TMP_MARK);
        for (int i = 0; i < 6; i++, r /= 62)
            tmp[n + i] = letters[r % 62];
        tmp[n + 6] = '\0';
        e = rg_output_fault_step();
        if (e) {
            errno = e;
            break;
        }
        fd = openat(d->fd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int err = errno;
        tmp[0] = '\0';
        return write_error(d, target, err, diag);
    }
    if (rg_output_track(d, tmp) != 0) {
        close(fd);
        unlinkat(d->fd, tmp, 0);
        tmp[0] = '\0';
        return write_error(d, target, EMFILE, diag);
    }
    if (keep_mode)
        (void)fchmod(fd, sb.st_mode & 07777);
    for (;;) {
        const char *data = NULL;
        size_t len = 0;
        int more = fill(ctx, &data, &len, diag);
        if (more < 0) { /* the fill's own error (out of memory) is in diag */
            close(fd);
            rg_outdir_remove(d, tmp);
            tmp[0] = '\0';
            return -1;
        }
        if (more == 0)
            break;
        size_t done = 0;
        while (done < len) {
            e = rg_output_fault_step();
            ssize_t w = e ? -1 : write(fd, data + done, len - done);
            if (w < 0) {
                if (e)
                    errno = e;
                else if (errno == EINTR)
                    continue;
                goto fail;
            }
            done += (size_t)w;
        }
    }
    e = rg_output_fault_step();
    if (e || fsync(fd) != 0) {
        if (e)
            errno = e;
        goto fail;
    }
    e = close(fd);
    fd = -1;
    if (e != 0)
        goto fail;
    return 0;
fail:;
    int err = errno;
    if (fd >= 0)
        close(fd);
    rg_outdir_remove(d, tmp);
    tmp[0] = '\0';
    return write_error(d, target, err, diag);
}

int rg_outdir_rename(rg_outdir *d, const char *tmp, const char *target, rg_diag *diag)
{
    int e = rg_output_fault_step();
    if (e || renameat(d->fd, tmp, d->fd, target) != 0)
        return write_error(d, target, e ? e : errno, diag);
    untrack(d, tmp);
    return 0;
}

int rg_outdir_sync(rg_outdir *d, rg_diag *diag)
{
    int e = rg_output_fault_step();
    if (!e && fsync(d->fd) != 0 && errno != EINVAL) /* EINVAL: a file system that cannot */
        e = errno;
    if (e)
        return rg_diag_error(diag, "reviewgen", 0, 0, "cannot sync '%s': %s", d->path, strerror(e));
    return 0;
}

int rg_outdir_remove(rg_outdir *d, const char *name)
{
    untrack(d, name);
    if (unlinkat(d->fd, name, 0) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int rg_outdir_each_temp(rg_outdir *d, const char *const *legacy, size_t n_legacy,
                        int (*fn)(rg_outdir *d, const char *name, void *ctx), void *ctx,
                        rg_diag *diag)
{
    int fd = dup(d->fd);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return rg_diag_error(diag, "reviewgen", 0, 0, "cannot read '%s': %s", d->path, strerror(e));
    }
    rewinddir(dir); /* the dup shares the offset of d->fd */
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (!rg_output_is_temp(e->d_name, legacy, n_legacy))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            char **grown = rg_realloc(names, nc * sizeof(*names));
            if (!grown) {
                rc = rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
                break;
            }
            names = grown;
            cap = nc;
        }
        if (!(names[n] = rg_strdup(e->d_name))) {
            rc = rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
            break;
        }
        n++;
    }
    closedir(dir);
    if (rc == 0 && n > 1)
        qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && fn(d, names[i], ctx) != 0)
            rc = -1;
        rg_free(names[i]);
    }
    rg_free(names);
    return rc;
}
