/* publish.c -- writes a build's outputs and store rows all or nothing, and
 * finishes or undoes what an interrupted run left (README, "Outputs and the
 * store change together"; RELIABILITY.md). An edited review.md is never
 * overwritten: its edits are read back and published instead (README, "The
 * review as a working document"); whichever files one publish writes are one
 * set of the protocol below.
 *
 * IMPLEMENTATION-OF: the publish protocol. It works file by file inside the
 * output folder, because the folder may hold files that are not ours (a
 * lead's attachments, an edited review.md that is not in the set): nothing
 * outside the set is ever renamed or removed, except our own temporaries.
 *
 *  1. Lock the folder (flock on the folder: a second reviewgen waits). The
 *     lock is taken once and held through recovery, reading the draft,
 *     rendering and the last rename (rg_publish_ex).
 *  2. Recover (rg_publish_recover): a pending record RG_PUBLISH_PENDING left
 *     by an interrupted run is finished or undone (9); other temporaries of
 *     ours (NAME.reviewgen.tmp.XXXXXX) are removed.
 *  3. Write each output to a temporary beside its target and fsync it.
 *  4. fsync the folder: the temporaries' names are durable.
 *  5. Write the pending record (a token of 16 hex digits, the store's
 *     absolute path and the incident id, each temporary and its target) to
 *     a temporary, fsync it, rename it into place, fsync the folder.
 *  6. The commit point. With a store: one transaction saves the incident's
 *     rows with the token in incidents.output_token. Without a store: the
 *     record's rename in 5 is the commit.
 *  7. Rename each temporary onto its target; fsync the folder.
 *  8. Remove the pending record.
 *  9. A later run that finds a pending record asks the store it names
 *     whether the incident's row carries the token. Yes (or no store named):
 *     the commit happened, so the temporaries still there are renamed onto
 *     their targets. No: the temporaries are removed. Either way the record
 *     goes, and outputs and store agree again.
 *
 * A failure before 6 removes the temporaries and the record: nothing has
 * changed. When the save in 6 fails, the store is asked for the token (a
 * failed COMMIT normally leaves none) and the set is undone, or carried on
 * when the commit did happen. A failure after 6 leaves the record, and the
 * message says the next run completes the outputs. SIGINT, SIGTERM and
 * SIGHUP remove the temporaries and the record (record first) until 6, and
 * are held back from just before 6 until 8, so no signal splits the commit
 * from the renames; a kill -9 anywhere is step 9's case. Every write, fsync
 * and rename goes through output.c's fault counter: check_publish_fault.c
 * fails each in turn and kills the process at each.
 */
#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "build.h"
#include "chart_timeline.h"
#include "draft.h"
#include "html_post.h"
#include "jsonutil.h"
#include "lint.h"
#include "modelval.h"
#include "output.h"
#include "render_html.h"
#include "store.h"
#include "storeopen.h"
#include "templates.h"

/* ---- the pending record ---------------------------------------------- */

/* Longest pending record we read back: a few names and paths. */
#define PENDING_MAX (1024 * 1024)

typedef struct pending {
    char token[17];
    char *store;    /* absolute path (or connection string), NULL: no store */
    char *incident; /* NULL without a store */
    size_t n;
    char (*tmp)[RG_OUTPUT_NAME_MAX + 1];
    char **target;
} pending;

static void pending_free(pending *p)
{
    for (size_t i = 0; p->target && i < p->n; i++)
        rg_free(p->target[i]);
    rg_free(p->target);
    rg_free(p->tmp);
    rg_free(p->store);
    rg_free(p->incident);
    memset(p, 0, sizeof(*p));
}

static int pending_alloc(pending *p, size_t n)
{
    p->n = n;
    p->tmp = rg_calloc(n ? n : 1, sizeof(*p->tmp));
    p->target = rg_calloc(n ? n : 1, sizeof(*p->target));
    return p->tmp && p->target ? 0 : -1;
}

/* A field of the record: bytes that could end or split it (controls, space,
 * '%', DEL) as %XX, everything else as it is. */
static int put_field(rg_buf *b, const char *s)
{
    if (!s)
        return rg_buf_putc(b, '-');
    if (!*s || !strcmp(s, "-"))
        return rg_buf_printf(b, "%%%02X", (unsigned char)*s); /* "" and "-" stay distinct */
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        int r = (*c <= ' ' || *c == '%' || *c == 0x7f) ? rg_buf_printf(b, "%%%02X", *c)
                                                       : rg_buf_putc(b, (char)*c);
        if (r != 0)
            return -1;
    }
    return 0;
}

static char *pending_text(const pending *p, size_t *len)
{
    rg_buf b = {0};
    int r = rg_buf_printf(&b, "reviewgen-pending 1\ntoken %s\nstore ", p->token);
    r |= put_field(&b, p->store);
    r |= rg_buf_puts(&b, "\nincident ");
    r |= put_field(&b, p->incident);
    r |= rg_buf_putc(&b, '\n');
    for (size_t i = 0; i < p->n; i++) {
        r |= rg_buf_puts(&b, "file ");
        r |= put_field(&b, p->tmp[i]);
        r |= rg_buf_putc(&b, ' ');
        r |= put_field(&b, p->target[i]);
        r |= rg_buf_putc(&b, '\n');
    }
    r |= rg_buf_puts(&b, "end\n");
    if (r != 0) {
        rg_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes one field of [s, e) into a new string; "-" is NULL (*out stays
 * NULL, 0 returned). -1: malformed or out of memory. */
static int get_field(const char *s, const char *e, char **out)
{
    *out = NULL;
    if (e - s == 1 && *s == '-')
        return 0;
    char *v = rg_malloc((size_t)(e - s) + 1);
    if (!v)
        return -1;
    size_t n = 0;
    for (const char *c = s; c < e; c++) {
        if (*c == '%') {
            int hi = e - c >= 3 ? hex_digit(c[1]) : -1, lo = e - c >= 3 ? hex_digit(c[2]) : -1;
            if (hi < 0 || lo < 0) {
                rg_free(v);
                return -1;
            }
            v[n++] = (char)(hi * 16 + lo);
            c += 2;
        } else {
            v[n++] = *c;
        }
    }
    v[n] = '\0';
    if (strlen(v) != n) { /* a %00 */
        rg_free(v);
        return -1;
    }
    *out = v;
    return 0;
}

/* Reads the record; 0, or -1 with what is wrong in why. Only names that
 * are ours are accepted: a temporary must look like one, a target must be a
 * plain name in the folder, so a damaged record cannot move other files. */
static int pending_parse(const char *text, size_t len, pending *p, const char **why)
{
    memset(p, 0, sizeof(*p));
    size_t files = 0;
    for (size_t i = 0; i < len; i++)
        files += i + 5 < len && (i == 0 || text[i - 1] == '\n') && !memcmp(text + i, "file ", 5);
    if (pending_alloc(p, files) != 0) {
        *why = "out of memory";
        return -1;
    }
    p->n = 0;
    const char *s = text, *end = text + len;
    int line = 0, ended = 0;
    *why = "it is not a reviewgen pending record";
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            goto bad; /* every line ends: a cut record is damaged */
        const char *sp = memchr(s, ' ', (size_t)(nl - s));
        size_t kl = (size_t)((sp ? sp : nl) - s);
        const char *v = sp ? sp + 1 : nl;
        line++;
        if (ended)
            goto bad;
        if (line == 1) {
            if (kl != 17 || memcmp(s, "reviewgen-pending", 17) || nl - v != 1 || *v != '1')
                goto bad;
        } else if (kl == 5 && !memcmp(s, "token", 5)) {
            if (nl - v != 16)
                goto bad;
            for (int i = 0; i < 16; i++)
                if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
                    goto bad;
            memcpy(p->token, v, 16);
        } else if (kl == 5 && !memcmp(s, "store", 5)) {
            if (get_field(v, nl, &p->store) != 0)
                goto bad;
        } else if (kl == 8 && !memcmp(s, "incident", 8)) {
            if (get_field(v, nl, &p->incident) != 0)
                goto bad;
        } else if (kl == 4 && !memcmp(s, "file", 4)) {
            const char *sp2 = memchr(v, ' ', (size_t)(nl - v));
            char *tmp = NULL, *target = NULL;
            if (!sp2 || get_field(v, sp2, &tmp) != 0 || !tmp) {
                rg_free(tmp);
                goto bad;
            }
            int ok = get_field(sp2 + 1, nl, &target) == 0 && target && *target &&
                     !strchr(target, '/') && strcmp(target, ".") && strcmp(target, "..") &&
                     !strchr(tmp, '/') && strlen(tmp) <= RG_OUTPUT_NAME_MAX &&
                     rg_output_is_temp(tmp, NULL, 0);
            if (!ok) {
                rg_free(tmp);
                rg_free(target);
                goto bad;
            }
            memcpy(p->tmp[p->n], tmp, strlen(tmp) + 1);
            p->target[p->n++] = target;
            rg_free(tmp);
        } else if (kl == 3 && !memcmp(s, "end", 3) && v == nl) {
            ended = 1;
        } else {
            goto bad;
        }
        s = nl + 1;
    }
    if (!ended || !p->token[0] || (p->store && !p->incident))
        goto bad;
    return 0;
bad:
    pending_free(p);
    return -1;
}

/* ---- recovery -------------------------------------------------------- */

static int is_connection_string(const char *db)
{
    return strstr(db, "://") != NULL || strchr(db, '=') != NULL;
}

/* 1: the set's commit happened (finish it), 0: it did not (undo it), -1:
 * the store cannot tell now (error in diag). */
static int pending_committed(const pending *p, rg_diag *diag)
{
    if (!p->store)
        return 1; /* no store: the record itself was the commit */
    /* A store file that is gone cannot hold the commit; do not let opening
     * it create an empty one. */
    if (!is_connection_string(p->store) && access(p->store, F_OK) != 0)
        return 0;
    rg_store *st = rg_store_open(p->store, diag);
    if (!st)
        return -1;
    int r = rg_store_has_output(st, p->incident, p->token, diag);
    rg_store_close(st);
    return r;
}

typedef struct sweep {
    size_t removed;
    const char *first;
    char first_buf[RG_OUTPUT_NAME_MAX + 1];
} sweep;

static int remove_stale(rg_outdir *d, const char *name, void *ctx)
{
    sweep *s = ctx;
    if (rg_outdir_remove(d, name) == 0) {
        if (s->removed++ == 0) {
            snprintf(s->first_buf, sizeof(s->first_buf), "%s", name);
            s->first = s->first_buf;
        }
    }
    return 0;
}

static int recover_locked(rg_outdir *d, const char *const *legacy, size_t n_legacy, rg_diag *diag)
{
    int fd = openat(d->fd, RG_PUBLISH_PENDING, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno != ENOENT)
        return rg_diag_error(diag, "reviewgen", 0, 0, "cannot read '%s/%s': %s", d->path,
                             RG_PUBLISH_PENDING, strerror(errno));
    if (fd >= 0) {
        rg_buf b = {0};
        char chunk[4096];
        ssize_t got;
        int err = 0;
        while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                err = errno;
                break;
            }
            if (b.len + (size_t)got > PENDING_MAX || rg_buf_append(&b, chunk, (size_t)got) != 0) {
                err = b.len + (size_t)got > PENDING_MAX ? EFBIG : ENOMEM;
                break;
            }
        }
        close(fd);
        pending p;
        const char *why = NULL;
        if (!err && pending_parse(b.data ? b.data : "", b.len, &p, &why) != 0)
            err = -1;
        rg_buf_free(&b);
        if (err)
            return rg_diag_error(
                diag, "reviewgen", 0, 0,
                "'%s/%s' records an interrupted build but cannot be read (%s); move it away "
                "once you have checked the outputs beside it",
                d->path, RG_PUBLISH_PENDING, err > 0 ? strerror(err) : why);
        rg_diag sd;
        rg_diag_init(&sd);
        int committed = pending_committed(&p, &sd);
        if (committed < 0) {
            rg_diag_error(diag, "reviewgen", 0, 0,
                          "cannot finish the interrupted build recorded in '%s/%s': %s", d->path,
                          RG_PUBLISH_PENDING, sd.error);
            rg_diag_free(&sd);
            pending_free(&p);
            return -1;
        }
        rg_diag_free(&sd);
        size_t done = 0;
        for (size_t i = 0; i < p.n; i++) {
            if (faccessat(d->fd, p.tmp[i], F_OK, AT_SYMLINK_NOFOLLOW) != 0)
                continue; /* renamed before the interruption */
            if (!committed) {
                rg_outdir_remove(d, p.tmp[i]);
                done++;
            } else if (rg_outdir_rename(d, p.tmp[i], p.target[i], diag) != 0) {
                pending_free(&p);
                return -1;
            } else {
                done++;
            }
        }
        if (committed && rg_outdir_sync(d, diag) != 0) {
            pending_free(&p);
            return -1;
        }
        if (committed)
            rg_diag_warn(diag, d->path, 0, 0, "interrupted-build",
                         "finished the outputs of an interrupted build (%zu of %zu files "
                         "renamed into place)",
                         done, p.n);
        else
            rg_diag_warn(diag, d->path, 0, 0, "interrupted-build",
                         "undid an interrupted build whose store did not commit (%zu temporary "
                         "files removed)",
                         done);
        pending_free(&p);
        if (rg_outdir_remove(d, RG_PUBLISH_PENDING) != 0)
            return rg_diag_error(diag, "reviewgen", 0, 0, "cannot remove '%s/%s': %s", d->path,
                                 RG_PUBLISH_PENDING, strerror(errno));
    }
    sweep s = {0, NULL, {0}};
    if (rg_outdir_each_temp(d, legacy, n_legacy, remove_stale, &s, diag) != 0)
        return -1;
    if (s.removed)
        rg_diag_warn(diag, d->path, 0, 0, "stale-temporary",
                     "removed %zu temporary files left by an interrupted reviewgen (%s%s)",
                     s.removed, s.first, s.removed > 1 ? ", ..." : "");
    return 0;
}

int rg_publish_recover(const char *dir, const char *const *legacy, size_t n_legacy, rg_diag *diag)
{
    rg_outdir d;
    int r = rg_outdir_open(&d, dir, 0, diag);
    if (r == 0)
        r = recover_locked(&d, legacy, n_legacy, diag);
    else if (r == 1)
        r = 0; /* no folder: nothing to recover */
    rg_outdir_close(&d);
    return r;
}

/* ---- publishing a set ------------------------------------------------ */

/* The store as the record names it: an absolute path, so a run from
 * another folder finds it; a connection string as it is. */
static char *store_location(const char *db, rg_diag *diag)
{
    if (db[0] == '/' || is_connection_string(db))
        return rg_strdup(db);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) {
        rg_diag_error(diag, "reviewgen", 0, 0, "cannot find the current folder: %s",
                      strerror(errno));
        return NULL;
    }
    size_t cl = strlen(cwd), dl = strlen(db);
    if (cl + 1 + dl + 1 > PATH_MAX) {
        rg_diag_error(diag, "reviewgen", 0, 0, "cannot use the store '%s': %s", db,
                      strerror(ENAMETOOLONG));
        return NULL;
    }
    char *abs = rg_malloc(cl + 1 + dl + 1);
    if (abs) {
        memcpy(abs, cwd, cl);
        abs[cl] = '/';
        memcpy(abs + cl + 1, db, dl + 1);
    }
    return abs;
}

/* Removes what this run made before its commit: the record first, so a
 * record never names missing temporaries of an uncommitted set. */
static void undo_own(rg_outdir *d, pending *p, int record, const char *record_tmp)
{
    if (record)
        rg_outdir_remove(d, RG_PUBLISH_PENDING);
    if (record_tmp && record_tmp[0])
        rg_outdir_remove(d, record_tmp);
    for (size_t i = 0; i < p->n; i++)
        if (p->tmp[i][0])
            rg_outdir_remove(d, p->tmp[i]);
}

/* A failure after the commit point: the set stays pending for the next run,
 * and the message says so. */
static int after_commit_error(rg_outdir *d, const rg_diag *what, int store, rg_diag *diag)
{
    return rg_diag_error(diag, NULL, 0, 0,
                         "%s; %sthe next reviewgen run that writes into '%s' "
                         "completes the outputs of this build",
                         what->error, store ? "the store already holds this build: " : "", d->path);
}

/* Steps 3-8 in a folder the caller has opened, locked and recovered.
 * model_json: the store's copy of model (rg_store_save_output), or NULL to
 * have the store make it. opening: the store being opened on a thread
 * (storeopen.h), or NULL; when it is used, *opening is taken and set to NULL. */
static int publish_locked(rg_outdir *d, const rg_out_file *files, size_t n_files,
                          const char *db_path, const json_t *model, const char *model_json,
                          rg_store_opening **opening, rg_diag *diag)
{
    pending p;
    memset(&p, 0, sizeof(p));
    rg_store *st = NULL;
    char record_tmp[RG_OUTPUT_NAME_MAX + 1] = "";
    char *text = NULL;
    int rc = -1, record = 0, held = 0;
    if (pending_alloc(&p, n_files) != 0) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    rg_output_token(p.token);
    if (db_path) {
        const char *id =
            json_string_value(json_object_get(json_object_get(model, "incident"), "id"));
        p.store = store_location(db_path, diag);
        p.incident = id ? rg_strdup(id) : NULL;
        if (!p.store || !id || !p.incident) {
            if (p.store && !id)
                rg_diag_error(diag, db_path, 0, 0, "cannot save the review: it has no incident id");
            else
                rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
            goto done;
        }
        /* Open (and upgrade) the store before writing anything: a store that
         * cannot be used stops the build with no file written. */
        if (opening && *opening) {
            st = rg_store_open_finish(*opening, diag);
            *opening = NULL;
        } else {
            st = rg_store_open(db_path, diag);
        }
        if (!st)
            goto done;
    }
    /* 3, 4: the temporaries */
    for (size_t i = 0; i < n_files; i++) {
        p.target[i] = rg_strdup(files[i].name);
        if (!p.target[i]) {
            rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
            goto undo;
        }
        int w = files[i].fill ? rg_outdir_write_temp_fill(d, files[i].name, files[i].fill,
                                                          files[i].fill_ctx, p.tmp[i], diag)
                              : rg_outdir_write_temp(d, files[i].name, files[i].data, files[i].len,
                                                     p.tmp[i], diag);
        if (w != 0)
            goto undo;
    }
    if (rg_outdir_sync(d, diag) != 0)
        goto undo;
    /* 5: the pending record */
    size_t text_len = 0;
    text = pending_text(&p, &text_len);
    if (!text) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto undo;
    }
    if (rg_outdir_write_temp(d, RG_PUBLISH_PENDING, text, text_len, record_tmp, diag) != 0)
        goto undo;
    if (!st) {
        /* without a store the record's rename is the commit point */
        rg_output_signals_hold();
        held = 1;
    }
    if (rg_outdir_rename(d, record_tmp, RG_PUBLISH_PENDING, diag) != 0)
        goto undo;
    record_tmp[0] = '\0';
    record = 1;
    if (st) {
        /* the record goes first if a signal undoes the set */
        if (rg_output_track(d, RG_PUBLISH_PENDING) != 0) {
            rg_diag_error(diag, "reviewgen", 0, 0, "too many files in one output set");
            goto undo;
        }
    }
    rg_diag fd;
    rg_diag_init(&fd);
    if (rg_outdir_sync(d, &fd) != 0) {
        if (!st) { /* committed: the next run finishes it */
            after_commit_error(d, &fd, 0, diag);
            rg_diag_free(&fd);
            goto done;
        }
        rg_diag_error(diag, NULL, 0, 0, "%s", fd.error);
        rg_diag_free(&fd);
        goto undo;
    }
    /* 6: the commit point */
    if (st) {
        rg_output_signals_hold();
        held = 1;
        rg_diag sd;
        rg_diag_init(&sd);
        if (rg_store_save_output(st, model, model_json, p.token, &sd) != 0) {
            /* A failed COMMIT normally left nothing; ask, to be sure, on a
             * new connection: in WAL mode a commit frame written before a
             * failed sync is invisible to the connection that wrote it but
             * part of the store for the next one. */
            rg_diag q;
            rg_diag_init(&q);
            rg_store_close(st);
            st = rg_store_open(db_path, &q);
            int there = st ? rg_store_has_output(st, p.incident, p.token, &q) : -1;
            rg_diag_free(&q);
            if (there == 0) {
                rg_diag_error(diag, NULL, 0, 0, "%s", sd.error);
                rg_diag_free(&sd);
                goto undo;
            }
            if (there < 0) {
                rg_diag_error(diag, NULL, 0, 0,
                              "%s; the next reviewgen run that writes into '%s' finishes or "
                              "undoes this build, as the store says",
                              sd.error, d->path);
                rg_diag_free(&sd);
                goto done;
            }
        }
        rg_diag_free(&sd);
    }
    rg_output_untrack_all(); /* committed: the set must survive any signal now */
    /* 7: the renames */
    for (size_t i = 0; i < n_files; i++) {
        if (rg_outdir_rename(d, p.tmp[i], p.target[i], &fd) != 0) {
            after_commit_error(d, &fd, st != NULL, diag);
            rg_diag_free(&fd);
            goto done;
        }
    }
    if (rg_outdir_sync(d, &fd) != 0) {
        after_commit_error(d, &fd, st != NULL, diag);
        rg_diag_free(&fd);
        goto done;
    }
    rg_diag_free(&fd);
    /* 8: done; a record that cannot be removed is finished (harmlessly) by
     * the next run */
    (void)rg_outdir_remove(d, RG_PUBLISH_PENDING);
    rc = 0;
    goto done;
undo:
    undo_own(d, &p, record, record_tmp);
done:
    /* Whatever is left now is committed, or was removed: no signal may
     * touch it, nor a later publish's handler. */
    rg_output_untrack_all();
    if (held)
        rg_output_signals_release();
    if (st)
        rg_store_close(st);
    rg_free(text);
    pending_free(&p);
    return rc;
}

int rg_publish_files(const char *dir, const rg_out_file *files, size_t n_files, const char *db_path,
                     const json_t *model, rg_diag *diag)
{
    const char **legacy = rg_calloc(n_files ? n_files : 1, sizeof(*legacy));
    if (!legacy) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n_files; i++)
        legacy[i] = files[i].name;
    rg_outdir d;
    int rc = -1;
    if (rg_outdir_open(&d, dir, 1, diag) == 0 && recover_locked(&d, legacy, n_files, diag) == 0)
        rc = publish_locked(&d, files, n_files, db_path, model, NULL, NULL, diag);
    rg_outdir_close(&d);
    rg_free(legacy);
    return rc;
}

/* ---- the build's outputs --------------------------------------------- */

/* The Markdown of model, linted: the findings go into the model and at the
 * very end of the appendix, so the lines they name do not move when it is
 * rendered again (README, "Blameless wording"). Caller frees with rg_free. */
static char *render_linted(json_t *model, const char *templates_dir, size_t *len, rg_diag *diag)
{
    char *md = rg_render_markdown(model, templates_dir, len, diag);
    if (!md)
        return NULL;
    json_t *lint = rg_lint_review_json(model, md, *len, diag);
    rg_free(md);
    if (!lint)
        return NULL;
    json_object_set_new(model, "has_lint", json_boolean(json_array_size(lint) > 0));
    json_object_set_new(model, "lint", lint);
    return rg_render_markdown(model, templates_dir, len, diag);
}

/* What one publish writes. */
typedef struct outputs {
    const char *md_name; /* the review's file name in out_dir */
    const char *md;      /* NULL: review.md is left as it is */
    size_t md_len;
    const char *new_md; /* review.new.md, or NULL */
    size_t new_len;
    const char *html_md; /* the Markdown the HTML is made of */
    size_t html_md_len;
    const char *html_name;
} outputs;

enum { OUT_MD, OUT_NEW, OUT_HTML, OUT_JSON, OUT_SVG, OUT_JSONL, OUT_COUNT };

/* timeline.jsonl, handed to the publish piece by piece: about 64 KiB of
 * whole lines at a time (rg_model_timeline_jsonl), never the whole file. */
typedef struct jsonl_fill {
    const rg_build *b;
    size_t next;
    rg_buf buf;
} jsonl_fill;

static int fill_jsonl(void *ctx, const char **data, size_t *len, rg_diag *diag)
{
    jsonl_fill *f = ctx;
    rg_buf_reset(&f->buf);
    int more = rg_model_timeline_jsonl(f->b, &f->next, &f->buf, 65536);
    if (more < 0)
        return rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing timeline.jsonl");
    *data = f->buf.data;
    *len = f->buf.len;
    return f->buf.len > 0 ? 1 : 0;
}

static int write_all(const rg_build *b, json_t *model, rg_outdir *out_dir, const outputs *w,
                     const char *db_path, rg_store_opening **opening, const char *templates_dir,
                     rg_diag *diag)
{
    int rc = -1;
    char *html = NULL, *js = NULL, *shell = NULL, *style = NULL, *svg = NULL, *js_nl = NULL,
         *js_compact = NULL;
    size_t html_len = 0, shell_len = 0, style_len = 0, svg_len = 0;
    jsonl_fill jsonl = {b, 0, {0}};

    shell = rg_template_load(templates_dir, "review.html.mustache", &shell_len, diag);
    style = shell ? rg_template_load(templates_dir, "style.css", &style_len, diag) : NULL;
    if (!style)
        goto done;
    const char *title =
        json_string_value(json_object_get(json_object_get(model, "incident"), "title"));
    /* The chart first: the HTML inlines it from memory, so an old
     * timeline.svg in the output folder is never what the report shows. */
    svg = rg_chart_timeline(b, &svg_len, diag);
    if (!svg)
        goto done;
    rg_html_file charts[] = {{"timeline.svg", svg, svg_len}};
    rg_html_post_opts post;
    memset(&post, 0, sizeof(post));
    post.md = w->html_md;
    post.md_len = w->html_md_len;
    post.files = charts;
    post.n_files = 1;
    post.model = model; /* the metric cards */
    html = rg_render_html_model(w->md_name, w->html_md, w->html_md_len,
                                title ? title : "Incident review", shell, shell_len, style,
                                style_len, &post, &html_len, diag);
    if (!html)
        goto done;
    /* Insertion order and fixed indentation: the keys come in the order the
     * README documents, and the same inputs give byte-identical JSON. */
    js = json_dumps(model, JSON_INDENT(2));
    size_t js_len = js ? strlen(js) : 0;
    js_nl = js ? rg_malloc(js_len + 1) : NULL;
    if (!js_nl) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing review.json");
        goto done;
    }
    memcpy(js_nl, js, js_len);
    js_nl[js_len++] = '\n';
    /* the store's compact copy, squeezed from this text (a second dump
     * was a sixteenth of the sample build) */
    if (db_path) {
        js_compact = rg_malloc(js_len + 1);
        if (!js_compact) {
            rg_diag_error(diag, "reviewgen", 0, 0, "out of memory writing review.json");
            goto done;
        }
        rg_json_squeeze(js, js_len - 1, js_compact);
    }
    /* the set: review.md only when it changes, review.new.md beside an
     * edited review */
    const rg_out_file all[OUT_COUNT] = {
        [OUT_MD] = {w->md_name, w->md, w->md_len, NULL, NULL},
        [OUT_NEW] = {"review.new.md", w->new_md, w->new_len, NULL, NULL},
        [OUT_HTML] = {w->html_name, html, html_len, NULL, NULL},
        [OUT_JSON] = {"review.json", js_nl, js_len, NULL, NULL},
        [OUT_SVG] = {"timeline.svg", svg, svg_len, NULL, NULL},
        [OUT_JSONL] = {"timeline.jsonl", NULL, 0, fill_jsonl, &jsonl},
    };
    rg_out_file files[OUT_COUNT];
    size_t n_files = 0;
    for (int i = 0; i < OUT_COUNT; i++)
        if (all[i].data || all[i].fill)
            files[n_files++] = all[i];
    rc = publish_locked(out_dir, files, n_files, db_path, model, js_compact, opening, diag);
done:
    rg_buf_free(&jsonl.buf);
    rg_free(html);
    rg_free(js_nl);
    rg_free(js_compact);
    if (js) {
        json_free_t free_fn = NULL;
        json_get_alloc_funcs(NULL, &free_fn);
        free_fn(js);
    }
    rg_free(shell);
    rg_free(style);
    rg_free(svg);
    return rc;
}

/* path as seen from folder `from` ("../samples/inc-2041"), so the output
 * folder and the evidence can move together; as given when either cannot be
 * resolved. Caller frees with rg_free. */
static char *relative_to(const char *from, const char *path)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(from, a) || !realpath(path, b))
        return rg_strdup(path);
    /* the longest common run of whole components */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        int end_a = a[i] == '\0' || a[i] == '/', end_b = b[i] == '\0' || b[i] == '/';
        if (end_a && end_b)
            common = i;
        if (a[i] != b[i] || !a[i])
            break;
    }
    rg_buf out = {0};
    int rc = 0;
    for (const char *p = a + common; *p; p++)
        if (*p == '/' && p[1])
            rc |= rg_buf_puts(&out, out.len ? "/.." : "..");
    const char *rest = b + common;
    while (*rest == '/')
        rest++;
    if (*rest)
        rc |= rg_buf_printf(&out, "%s%s", out.len ? "/" : "", rest);
    if (rc) {
        rg_buf_free(&out);
        return NULL;
    }
    if (!out.data || !out.len) {
        rg_buf_free(&out);
        return rg_strdup(".");
    }
    return out.data;
}

/* review.json "draft": what build wrote as the draft, against which edits
 * are told apart (README, "Outputs"). */
static void set_draft_record(json_t *model, const rg_build *b, const char *out_dir,
                             const char *md_name, const char *hash, int anonymized, json_t *base,
                             json_t *regions)
{
    json_t *d = json_object();
    rg_model_set_str(d, "file", md_name);
    rg_model_set_str(d, "hash", hash);
    char *folder = b->dir ? relative_to(out_dir, b->dir) : NULL;
    rg_model_set_str(d, "folder", folder);
    rg_free(folder);
    json_object_set_new(d, "anonymized", json_boolean(anonymized));
    json_object_set_new(d, "base", base ? base : json_object());
    json_object_set_new(d, "regions", regions ? regions : json_object());
    json_object_set_new(model, "draft", d);
}

static json_t *base_of(const char *md, size_t len, rg_diag *diag)
{
    rg_arena *a = rg_arena_new();
    rg_draft d;
    json_t *base = NULL;
    if (a && rg_draft_parse(&d, "review.md", md, len, a, diag) == 0)
        base = rg_draft_base_json(&d);
    rg_arena_free(a);
    return base;
}

static int fresh(const rg_build *b, json_t *model, const rg_publish_opts *o, rg_outdir *od,
                 rg_diag *diag)
{
    size_t md_len;
    char *md = render_linted(model, o->templates_dir, &md_len, diag);
    if (!md)
        return -1;
    char hash[32];
    /* jansson swallows failed allocations: count them instead */
    unsigned long failures = rg_alloc_failures();
    json_t *base = base_of(md, md_len, diag);
    if (base)
        set_draft_record(model, b, o->out_dir, "review.md", rg_draft_hash(md, md_len, hash),
                         o->anonymized, base, rg_draft_regions(md, md_len));
    if (!base || rg_alloc_failures() != failures) {
        rg_free(md);
        return rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
    }
    outputs w = {"review.md", md, md_len, NULL, 0, md, md_len, "review.html"};
    int rc = write_all(b, model, od, &w, o->db_path, o->store_opening, o->templates_dir, diag);
    rg_free(md);
    return rc;
}

/* The edited path: edits read back from `edited` (the file md_name in
 * out_dir) and applied to b; model0 is the evidence's model. */
static int publish_edits(rg_build *b, json_t *model0, const json_t *old_model, const char *edited,
                         size_t edited_len, const char *md_name, const rg_publish_opts *o,
                         rg_outdir *od, rg_publish_result *res, rg_diag *diag)
{
    int rc = -1;
    unsigned long failures = rg_alloc_failures();
    rg_arena *a = rg_arena_new();
    char *new_md = NULL, *md1 = NULL, *pub = NULL;
    size_t new_len = 0, md1_len = 0, pub_len = 0;
    json_t *base = NULL, *model1 = NULL;
    rg_draft d;
    if (!a) {
        rg_diag_error(diag, NULL, 0, 0, "out of memory");
        goto done;
    }
    /* An edit that cannot be read stops everything before anything is
     * written. */
    /* messages name the file as the user knows it; origins in the model
     * name it as the review's folder does */
    char shown[4200];
    if (o->draft_path)
        snprintf(shown, sizeof(shown), "%s", o->draft_path);
    else
        snprintf(shown, sizeof(shown), "%s/%s", o->out_dir, md_name);
    if (rg_draft_parse(&d, shown, edited, edited_len, a, diag) != 0) {
        res->input_error = 1;
        goto done;
    }
    const json_t *old_draft = json_object_get(old_model, "draft");
    const json_t *written = json_object_get(old_draft, "regions");
    base = json_deep_copy(json_object_get(old_draft, "base"));
    /* the new draft, from today's evidence and the manifest: review.new.md
     * for build, and what reviewgen would have written when review.json
     * keeps no record of it */
    json_t *copy = json_deep_copy(model0);
    new_md = copy ? render_linted(copy, o->templates_dir, &new_len, diag) : NULL;
    json_decref(copy);
    if (!new_md) {
        /* the render's own error when it set one (the first error wins) */
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    if (!base && !(base = base_of(new_md, new_len, diag)))
        goto done;
    if (rg_draft_apply(b, &d, base, model0, md_name, &res->n_edits, diag) != 0) {
        res->input_error = diag->has_error && strncmp(diag->error, md_name, strlen(md_name)) == 0;
        goto done;
    }
    model1 = rg_model_build(b);
    if (model1)
        rg_model_set_appendix(model1, o->appendix);
    if (!model1 || !(res->changes = rg_draft_changes(model0, model1))) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    res->missing = json_array();
    res->kept = json_array();
    /* The computed parts of the draft from the new model; the lint findings
     * of the result at its very end, as build does. */
    for (int pass = 0; pass < 2; pass++) {
        rg_free(md1);
        rg_free(pub);
        md1 = rg_render_markdown(model1, o->templates_dir, &md1_len, diag);
        pub = md1 ? rg_draft_refresh(edited, edited_len, md1, md1_len, written, new_md, new_len,
                                     &pub_len, pass ? res->missing : NULL, pass ? res->kept : NULL)
                  : NULL;
        if (!pub) {
            /* rg_draft_refresh says nothing of its failure: out of memory */
            rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
            goto done;
        }
        if (pass == 0) {
            json_t *lint = rg_lint_review_json(model1, pub, pub_len, diag);
            if (!lint)
                goto done;
            json_object_set_new(model1, "has_lint", json_boolean(json_array_size(lint) > 0));
            json_object_set_new(model1, "lint", lint);
        }
    }
    /* The milestone table was refreshed: a row the lead did not edit now
     * shows today's value, which must not read as an edit next time. */
    rg_draft pd;
    json_t *ms = json_object_get(base, "milestones");
    if (ms && rg_draft_parse(&pd, md_name, pub, pub_len, a, diag) == 0) {
        for (int i = 0; i < RG_MS_COUNT; i++)
            if (pd.ms[i].present && !b->manifest.milestone_origin[i])
                json_object_set_new(ms, rg_milestone_name((rg_milestone_id)i),
                                    json_string(pd.ms[i].cell));
    }
    /* the regions refreshed are reviewgen's again; those kept stay the
     * lead's */
    json_t *regions = rg_draft_regions(pub, pub_len);
    for (size_t i = 0; regions && i < json_array_size(res->kept); i++) {
        const char *name = json_string_value(json_array_get(res->kept, i));
        const json_t *was = json_object_get(written, name);
        if (was)
            json_object_set(regions, name, (json_t *)was);
        else
            json_object_del(regions, name);
    }
    const char *hash = json_string_value(json_object_get(old_draft, "hash"));
    json_incref(base);
    set_draft_record(model1, b, o->out_dir, md_name, hash, o->anonymized, base, regions);
    if (rg_alloc_failures() != failures) {
        rg_diag_error(diag, "reviewgen", 0, 0, "out of memory");
        goto done;
    }
    res->draft_refreshed = pub_len != edited_len || memcmp(pub, edited, pub_len) != 0;
    char html_name[512];
    size_t nl = strlen(md_name);
    if (nl > 3 && strcmp(md_name + nl - 3, ".md") == 0)
        nl -= 3;
    snprintf(html_name, sizeof(html_name), "%.*s.html", (int)nl, md_name);
    outputs w = {md_name, res->draft_refreshed ? pub : NULL,
                 pub_len, o->draft_path ? NULL : new_md,
                 new_len, pub,
                 pub_len, html_name};
    if (write_all(b, model1, od, &w, o->db_path, o->store_opening, o->templates_dir, diag) != 0)
        goto done;
    res->model = model1;
    model1 = NULL;
    rc = 0;
done:
    json_decref(base);
    json_decref(model1);
    rg_free(new_md);
    rg_free(md1);
    rg_free(pub);
    rg_arena_free(a);
    return rc;
}

static int publish_in(rg_build *b, json_t *model, const rg_publish_opts *o, rg_outdir *od,
                      const char *const *ours, size_t n_ours, rg_publish_result *res,
                      rg_diag *diag);

int rg_publish_ex(rg_build *b, json_t *model, const rg_publish_opts *o, rg_publish_result *res,
                  rg_diag *diag)
{
    memset(res, 0, sizeof(*res));
    rg_model_set_appendix(model, o->appendix);
    /* The folder first (created when missing): the draft record names the
     * evidence relative to it. Its lock is held from here to the last
     * rename: recovery, reading the draft and writing the new set are one
     * step for any other reviewgen, which could otherwise write between
     * our reading review.md and our replacing it. */
    rg_outdir od;
    int rc = -1;
    /* An interrupted earlier publish is finished or undone before review.md
     * is read: its edits are judged against what is really there. */
    static const char *const ours[] = {"review.md",   "review.new.md", "review.html",
                                       "review.json", "timeline.svg",  "timeline.jsonl"};
    if (rg_outdir_open(&od, o->out_dir, 1, diag) == 0)
        rc = publish_in(b, model, o, &od, ours, sizeof(ours) / sizeof(ours[0]), res, diag);
    if (o->store_opening) { /* not reached, or the publish stopped before it */
        rg_store_open_cancel(*o->store_opening);
        *o->store_opening = NULL;
    }
    rg_outdir_close(&od);
    return rc;
}

/* rg_publish_ex in the folder od, locked. */
static int publish_in(rg_build *b, json_t *model, const rg_publish_opts *o, rg_outdir *od,
                      const char *const *ours, size_t n_ours, rg_publish_result *res, rg_diag *diag)
{
    if (recover_locked(od, ours, n_ours, diag) != 0)
        return -1;
    char md_path[4096], json_path[4096];
    const char *md_name = "review.md";
    if (o->draft_path) {
        const char *slash = strrchr(o->draft_path, '/');
        md_name = slash ? slash + 1 : o->draft_path;
    }
    snprintf(md_path, sizeof(md_path), "%s/%s", o->out_dir, md_name);
    snprintf(json_path, sizeof(json_path), "%s/review.json", o->out_dir);
    struct stat sb;
    int have_md = stat(md_path, &sb) == 0;
    if (!o->draft_path && (o->force || !have_md)) {
        json_incref(model);
        res->model = model;
        return fresh(b, model, o, od, diag);
    }
    size_t len = 0;
    char *text = rg_read_file(md_path, &len, diag);
    if (!text)
        return -1;
    /* review.json beside it says what reviewgen wrote; a review.json that
     * does not load counts as none (an edited draft is then kept all the
     * same) */
    rg_diag tmp;
    rg_diag_init(&tmp);
    json_t *old_model = stat(json_path, &sb) == 0 ? rg_json_load(json_path, 0, &tmp) : NULL;
    rg_diag_free(&tmp);
    const char *old_hash =
        json_string_value(json_object_get(json_object_get(old_model, "draft"), "hash"));
    char hash[32];
    int rc;
    if (!o->draft_path && old_hash && strcmp(rg_draft_hash(text, len, hash), old_hash) == 0) {
        /* untouched since reviewgen wrote it: replaced by the new draft */
        json_incref(model);
        res->model = model;
        rc = fresh(b, model, o, od, diag);
    } else {
        res->kept_edited = !o->draft_path;
        rc = publish_edits(b, model, old_model, text, len, md_name, o, od, res, diag);
    }
    json_decref(old_model);
    rg_free(text);
    return rc;
}

int rg_publish(rg_build *b, json_t *model, const char *out_dir, const char *db_path,
               const char *templates_dir, rg_diag *diag)
{
    rg_publish_opts o = {out_dir, db_path, templates_dir, 0, NULL, 0, RG_APPENDIX_FULL, NULL};
    rg_publish_result r;
    int rc = rg_publish_ex(b, model, &o, &r, diag);
    rg_publish_result_free(&r);
    return rc;
}

void rg_publish_result_free(rg_publish_result *r)
{
    json_decref(r->changes);
    json_decref(r->missing);
    json_decref(r->kept);
    json_decref(r->model);
    memset(r, 0, sizeof(*r));
}
