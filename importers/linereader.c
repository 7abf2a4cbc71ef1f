/* linereader.c -- reads a log file line by line for the streaming importers,
 * and builds the event that continuation lines join (README, "Logs"). */
#include "linereader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../reviewgen/alloc.h"

#define PROGRESS_STEP ((uint64_t)64 << 20)

int rg_linereader_open(rg_linereader *r, const char *path, rg_sink *sink)
{
    memset(r, 0, sizeof(*r));
    r->path = path;
    r->sink = sink;
    if (rg_zfile_open(&r->z, path) != 0) {
        r->z.fd = -1;
        if (errno == ENOMEM)
            return rg_diag_error(sink->diag, path, 0, 0, "out of memory");
        return rg_diag_error(sink->diag, path, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat sb;
    if (fstat(r->z.fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r->total = (uint64_t)sb.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(r->z.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    /* One whole line of up to RG_LINE_MAX_LEN bytes plus a chunk: memchr finds
     * the ends of lines, and a line is never copied out of the buffer. */
    r->cap = RG_LINE_MAX_LEN + RG_LINE_CHUNK + 1;
    r->buf = rg_malloc(r->cap);
    r->next_progress = PROGRESS_STEP;
    if (!r->buf) {
        rg_zfile_close(&r->z);
        return rg_diag_error(sink->diag, path, 0, 0, "out of memory");
    }
    return 0;
}

/* Reads on until a line is whole; -1 has errno set. The first line's checks
 * are left to rg_linereader_next_slow. */
static int next_line(rg_linereader *r, const char **line, size_t *len, int *cut)
{
    for (;;) {
        char *s = r->buf + r->start;
        size_t avail = r->end - r->start;
        char *nl = avail ? memchr(s, '\n', avail) : NULL;
        if (nl) {
            r->start += (size_t)(nl - s) + 1;
            if (r->skipping) {
                r->skipping = 0;
                continue;
            }
            *line = s;
            *len = (size_t)(nl - s);
            *cut = 0;
            break;
        }
        if (r->skipping) {
            r->start = r->end = 0;
            if (r->eof) {
                r->skipping = 0;
                continue;
            }
        } else if (avail > RG_LINE_MAX_LEN) {
            /* Cut on a character boundary, at most 4 bytes back (a longer run of
             * continuation bytes is not UTF-8 anyway). */
            size_t n = RG_LINE_MAX_LEN;
            while (n > RG_LINE_MAX_LEN - 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--;
            r->start += n;
            r->skipping = 1;
            *line = s;
            *len = n;
            *cut = 1;
            r->line++;
            return 1;
        } else if (r->eof) {
            if (avail == 0)
                return 0;
            r->start = r->end;
            *line = s;
            *len = avail;
            *cut = 0;
            break;
        }
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->end - r->start);
            r->end -= r->start;
            r->start = 0;
        }
        ssize_t got = rg_zfile_read(&r->z, r->buf + r->end, r->cap - r->end);
        if (got == RG_Z_IO)
            return -1;
        if (got == RG_Z_DATA) {
            /* What was read is good; the rest of the file cannot be read. */
            rg_diag_warn(r->sink->diag, r->path, r->line + 1, 0, "compressed",
                         "%s; lines from %ld on are lost", r->z.why, r->line + 1);
            got = 0;
        }
        if (got == 0)
            r->eof = 1;
        r->end += (size_t)got;
        r->done = r->z.raw_read;
        if (r->sink->progress && r->done >= r->next_progress) {
            r->sink->progress(r->sink, r->done, r->total);
            r->next_progress = r->done + PROGRESS_STEP;
        }
    }
    r->line++;
    if (*len && (*line)[*len - 1] == '\r')
        (*len)--;
    return 1;
}

int rg_linereader_next_slow(rg_linereader *r, const char **line, size_t *len, int *cut)
{
    int got = next_line(r, line, len, cut);
    if (got < 0)
        return rg_diag_error(r->sink->diag, r->path, r->line + 1, 0, "cannot read: %s",
                             strerror(errno));
    if (got == 1 && r->line == 1) {
        const unsigned char *u = (const unsigned char *)*line;
        if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
            return rg_diag_error(r->sink->diag, r->path, 1, 1,
                                 "file is UTF-16; convert it to UTF-8 (iconv -f UTF-16 -t "
                                 "UTF-8)");
        if (*len >= 3 && memcmp(*line, "\xEF\xBB\xBF", 3) == 0) {
            *line += 3;
            *len -= 3;
        }
    }
    return got;
}

void rg_linereader_finish(const rg_linereader *r)
{
    if (r->sink->progress)
        r->sink->progress(r->sink, r->done, r->total);
}

void rg_linereader_close(rg_linereader *r)
{
    rg_free(r->buf);
    r->buf = NULL;
    rg_zfile_close(&r->z);
}

/* ---- the event being built ---- */

void rg_linejoin_init(rg_linejoin *j, const char *path, rg_sink *sink)
{
    memset(j, 0, sizeof(*j));
    j->path = path;
    j->sink = sink;
    j->last = RG_JOIN_NONE;
}

void rg_linejoin_free(rg_linejoin *j)
{
    rg_buf_free(&j->text);
    rg_buf_free(&j->scratch);
    rg_buf_free(&j->plain);
}

const char *rg_linejoin_take(rg_linejoin *j)
{
    char *t = rg_arena_strndup(j->sink->arena, j->text.data ? j->text.data : "", j->text.len);
    rg_buf_reset(&j->text);
    j->text_cut = 0;
    if (!t)
        return NULL;
    size_t removed = j->n_ansi;
    size_t n = strlen(t);
    size_t m = rg_ansi_strip(t, n, &removed);
    t[m] = '\0';
    j->n_ansi = 0;
    if (removed)
        rg_diag_warn(j->sink->diag, j->path, j->ev_line, 0, "ansi",
                     "%zu ANSI terminal escape%s (colour codes) removed from the text", removed,
                     removed == 1 ? "" : "s");
    return t;
}

const char *rg_linejoin_plain(rg_linejoin *j, const char *s, size_t *n)
{
    j->line_ansi = 0;
    if (!memchr(s, 0x1B, *n))
        return s;
    rg_buf_reset(&j->plain);
    if (rg_buf_append(&j->plain, s, *n) != 0)
        return NULL;
    *n = rg_ansi_strip(j->plain.data, *n, &j->line_ansi);
    j->plain.data[*n] = '\0';
    return j->plain.data;
}

/* Most lines are ASCII, so one pass decides whether rg_utf8_clean is needed at all. */
static int needs_clean(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80 || s[i] == '\0')
            return 1;
    return 0;
}

/* NUL bytes are replaced as well as bad UTF-8, since event strings are C strings. */
const char *rg_linejoin_clean(rg_linejoin *j, const char *s, size_t *n, long line)
{
    if (!needs_clean(s, *n))
        return s;
    const char *in = s;
    if (memchr(s, '\0', *n)) {
        rg_buf_reset(&j->scratch);
        if (rg_buf_append(&j->scratch, s, *n) != 0)
            return NULL;
        for (size_t i = 0; i < *n; i++)
            if (j->scratch.data[i] == '\0')
                j->scratch.data[i] = (char)0xFF; /* so rg_utf8_clean replaces it */
        in = j->scratch.data;
    }
    size_t bad = 0;
    char *out = rg_utf8_clean(j->sink->arena, in, *n, &bad);
    if (!out)
        return NULL;
    if (bad)
        rg_diag_warn(j->sink->diag, j->path, line, 0, "utf8",
                     "line is not valid UTF-8; %zu byte%s replaced by U+FFFD", bad,
                     bad == 1 ? "" : "s");
    *n = strlen(out);
    return out;
}

int rg_linejoin_append(rg_linejoin *j, const char *s, size_t n, long line)
{
    if (j->text_cut)
        return 0;
    if (j->text.len + n + 1 > RG_TEXT_MAX_LEN) {
        rg_diag_warn(j->sink->diag, j->path, line, 0, "long-text",
                     "the text of the event at line %ld is longer than %zu bytes with its "
                     "joined lines; cut here",
                     j->ev_line, RG_TEXT_MAX_LEN);
        j->text_cut = 1;
        n = j->text.len < RG_TEXT_MAX_LEN ? RG_TEXT_MAX_LEN - j->text.len - 1 : 0;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return rg_buf_append(&j->text, s, n);
}

void rg_linejoin_warn_cut(rg_linejoin *j, long line)
{
    rg_diag_warn(j->sink->diag, j->path, line, 0, "long-line",
                 "line is longer than %zu bytes; only its first %zu bytes were read",
                 RG_LINE_MAX_LEN, RG_LINE_MAX_LEN);
}

int rg_linejoin_continue(rg_linejoin *j, const char *s, size_t n, long line, int cut,
                         const char *orphan, const char *joined)
{
    if (j->last == RG_JOIN_DROPPED)
        return 0; /* part of a record outside the window or already warned about */
    if (j->last == RG_JOIN_NONE) {
        rg_diag_warn(j->sink->diag, j->path, line, 0, "orphan-line", "%s", orphan);
        return 0;
    }
    if (cut)
        rg_linejoin_warn_cut(j, line);
    const char *c = rg_linejoin_clean(j, s, &n, line);
    if (!c || rg_linejoin_append(j, "\n", 1, line) != 0 || rg_linejoin_append(j, c, n, line) != 0)
        return rg_diag_error(j->sink->diag, j->path, line, 0, "out of memory");
    rg_diag_warn(j->sink->diag, j->path, line, 0, "joined", "%s", joined);
    j->n_ansi += j->line_ansi;
    j->line_ansi = 0;
    return 0;
}
