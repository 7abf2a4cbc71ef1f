/* linereader.c -- reads a log file line by line for the streaming importers,
 * and builds the event that continuation lines join (README, "Logs"). */
#include "linereader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../reviewgen/alloc.h"

#define PROGRESS_STEP ((uint64_t)64 << 20)

/* rg_linereader_test_progress_step's: 0 for PROGRESS_STEP. */
static uint64_t test_step;

void rg_linereader_test_progress_step(uint64_t bytes)
{
    test_step = bytes;
}

static uint64_t progress_step(void)
{
    return test_step ? test_step : PROGRESS_STEP;
}

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
    r->max_len = RG_LINE_MAX_LEN;
    r->buf = rg_malloc(r->cap);
    r->next_progress = progress_step();
    if (!r->buf) {
        rg_zfile_close(&r->z);
        return rg_diag_error(sink->diag, path, 0, 0, "out of memory");
    }
    return 0;
}

void rg_linereader_whole_records(rg_linereader *r, size_t max)
{
    r->max_len = max > RG_LINE_MAX_LEN ? max : RG_LINE_MAX_LEN;
}

/* Where a line s longer than at bytes is cut: at, or up to 4 bytes before it
 * so as not to split a UTF-8 character (a longer run of continuation bytes
 * is not UTF-8 anyway). */
static size_t cut_point(const char *s, size_t at)
{
    size_t n = at;
    while (n > at - 4 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Reads on until a line is whole; -1 has errno set. The first line's checks
 * are left to rg_linereader_next_slow. */
static int next_line(rg_linereader *r, const char **line, size_t *len, int *cut)
{
    /* The bytes at s already searched for the end of the line: a long line
     * arrives a chunk at a time, and searching it all again at each chunk
     * made a line of 64 MiB cost 32 GiB of searching. */
    size_t searched = 0;
    for (;;) {
        char *s = r->buf + r->start;
        size_t avail = r->end - r->start;
        char *nl = avail > searched ? memchr(s + searched, '\n', avail - searched) : NULL;
        searched = avail;
        if (nl) {
            r->start += (size_t)(nl - s) + 1;
            searched = 0;
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
            searched = 0;
            if (r->eof) {
                r->skipping = 0;
                continue;
            }
        } else if (avail > r->max_len) {
            size_t n = cut_point(s, r->max_len);
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
        /* A line longer than the buffer was made for, where whole ones are
         * wanted: room for it and a chunk more, up to max_len's worth. */
        if (r->end + RG_LINE_CHUNK + 1 > r->cap && r->cap < r->max_len + RG_LINE_CHUNK + 1 &&
            !r->eof) {
            size_t cap = r->cap * 2 < r->max_len + RG_LINE_CHUNK + 1
                             ? r->cap * 2
                             : r->max_len + RG_LINE_CHUNK + 1;
            char *grown = rg_realloc(r->buf, cap);
            if (!grown) {
                errno = ENOMEM;
                return -1;
            }
            r->buf = grown;
            r->cap = cap;
            continue; /* s pointed into the old buffer */
        }
        size_t want = r->cap - r->end;
        if (want > RG_LINE_CHUNK)
            want = RG_LINE_CHUNK;
        if (r->limit && r->limit - r->pos < want)
            want = (size_t)(r->limit - r->pos);
        ssize_t got = want ? rg_zfile_read(&r->z, r->buf + r->end, want) : 0;
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
        r->pos += (uint64_t)got;
        r->done = r->z.raw_read;
        if (r->sink->progress && r->done + r->also >= r->next_progress) {
            r->sink->progress(r->sink, r->done + r->also, r->total);
            r->next_progress = r->done + r->also + progress_step();
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
    if (got < 0 && errno == ENOMEM) /* the buffer could not grow to a long line */
        return rg_diag_error(r->sink->diag, r->path, r->line + 1, 0, "out of memory");
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

/* ---- the seek ---- */

typedef struct probe {
    uint64_t off; /* start of the line */
    int64_t at;
} probe;

#define MAX_PROBES 256
/* How far a probe looks for a line with a time before giving up on seeking. */
#define PROBE_REACH ((uint64_t)4 << 20)

typedef struct seeker {
    rg_linereader *r;
    rg_line_time_fn time_fn;
    void *ctx;
    char *page;             /* RG_SEEK_PAGE bytes: r->buf, not used yet */
    probe seen[MAX_PROBES]; /* the first and last timed line of each page read */
    size_t n_seen;
    uint64_t bytes_read;
    const char *why; /* set when the file cannot be sought */
    char why_buf[120];
} seeker;

static int no_seek(seeker *k, const char *why, uint64_t off)
{
    snprintf(k->why_buf, sizeof(k->why_buf), "%s at byte %llu", why, (unsigned long long)off);
    k->why = k->why_buf;
    return 0;
}

/* Remembers a timed line, and says 0 (with why) when it is out of order with
 * one remembered before by more than the tolerance. */
static int note(seeker *k, uint64_t off, int64_t at)
{
    for (size_t i = 0; i < k->n_seen; i++) {
        const probe *q = &k->seen[i];
        if ((q->off < off && q->at > at + RG_SEEK_TOLERANCE_US) ||
            (q->off > off && q->at + RG_SEEK_TOLERANCE_US < at))
            return no_seek(k, "not in time order", off);
    }
    if (k->n_seen < MAX_PROBES)
        k->seen[k->n_seen++] = (probe){off, at};
    return 1;
}

/* Reads from off: the first line that starts at or after off (off itself
 * when a line starts there) and has a time. Every timed line of the page is
 * checked for order. Returns 1 with *p, 0 when no line from off to the end
 * of the file has a time (*p untouched), -1 with errno on a read error, or 0
 * with k->why set when the file cannot be sought. A line longer than
 * RG_SEEK_PAGE is never given to the time function: it counts as a line
 * without a time. */
static int probe_at(seeker *k, uint64_t off, probe *p)
{
    rg_linereader *r = k->r;
    uint64_t at_off = off ? off - 1 : 0; /* off starts a line when the byte before is '\n' */
    int skip_first = off > 0;
    uint64_t reach = at_off + PROBE_REACH;
    while (at_off < r->total) {
        ssize_t got = pread(r->z.fd, k->page, RG_SEEK_PAGE, (off_t)at_off);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        k->bytes_read += (uint64_t)got;
        size_t n = (size_t)got, i = 0;
        int last_chunk = at_off + n >= r->total;
        if (skip_first) {
            const char *nl = memchr(k->page, '\n', n);
            if (!nl) {
                at_off += n;
                continue;
            }
            i = (size_t)(nl - k->page) + 1;
            skip_first = 0;
        }
        probe first = {0, 0}, last = {0, 0};
        int found = 0;
        int64_t max = INT64_MIN;
        while (i < n) {
            const char *s = k->page + i;
            const char *nl = memchr(s, '\n', n - i);
            size_t len;
            if (nl)
                len = (size_t)(nl - s);
            else if (last_chunk)
                len = n - i;
            else
                break; /* its end is not read: the next page starts with it */
            size_t next = i + len + 1;
            if (len && s[len - 1] == '\r')
                len--;
            int64_t at = 0;
            int t = len ? k->time_fn(k->ctx, s, len, &at) : RG_LINE_NO_TIME;
            if (t == RG_LINE_NO_SEEK)
                return no_seek(k, "a time without a year or an ambiguous local time", at_off + i);
            if (t == RG_LINE_TIME) {
                if (max != INT64_MIN && at + RG_SEEK_TOLERANCE_US < max)
                    return no_seek(k, "not in time order", at_off + i);
                if (at > max)
                    max = at;
                last = (probe){at_off + i, at};
                if (!found)
                    first = last;
                found = 1;
            }
            i = next;
        }
        if (found) {
            if (!note(k, first.off, first.at) || !note(k, last.off, last.at))
                return 0;
            *p = first;
            return 1;
        }
        if (i == 0) { /* one line longer than the page: skip the rest of it */
            skip_first = 1;
            at_off += n;
        } else
            at_off += i;
        if (at_off >= reach)
            return no_seek(k, "no line with a time within 4 MiB after", off);
    }
    return 0;
}

/* The newlines in s[0..n): byte compares summed over blocks of a fixed
 * size, a loop compilers vectorise at -O2 (a memchr call per line is about
 * three times slower on 100-byte lines; a loop over a variable count was not
 * vectorised and cost 80 % of a seek into a 1 GiB file). */
static uint64_t count_newlines(const char *s, size_t n)
{
    uint64_t total = 0;
    while (n >= 128) {
        unsigned char c = 0;
        for (size_t i = 0; i < 128; i++)
            c = (unsigned char)(c + (s[i] == '\n'));
        total += c;
        s += 128;
        n -= 128;
    }
    for (size_t i = 0; i < n; i++)
        total += s[i] == '\n';
    return total;
}

static void record_seek(rg_linereader *r, const char *why)
{
    rg_seekinfo *t = &r->sink->seek;
    r->seek.bytes = r->total;
    if (why) {
        r->seek.n_scan = 1;
        snprintf(r->seek.why, sizeof(r->seek.why), "%s", why);
        t->n_scan++;
        snprintf(t->why, sizeof(t->why), "%s", why);
        /* the scan reads the whole file; the probes were extra */
        r->seek.bytes_read += r->total;
    } else {
        r->seek.n_seek = 1;
        t->n_seek++;
    }
    t->bytes += r->seek.bytes;
    t->bytes_read += r->seek.bytes_read;
    t->bytes_counted += r->seek.bytes_counted;
    t->lines_skipped += r->seek.lines_skipped;
}

/* The earliest and latest times of the lines the probes saw. */
static void seen_span(const seeker *k, int64_t *lo, int64_t *hi)
{
    *lo = INT64_MAX;
    *hi = INT64_MIN;
    for (size_t i = 0; i < k->n_seen; i++) {
        if (k->seen[i].at < *lo)
            *lo = k->seen[i].at;
        if (k->seen[i].at > *hi)
            *hi = k->seen[i].at;
    }
}

/* Decides start and end; returns 1 to seek, 0 to scan (k->why), -1 on error. */
static int find_range(seeker *k, uint64_t *start, uint64_t *end)
{
    rg_linereader *r = k->r;
    int64_t from = r->sink->from_us, to = r->sink->to_us;
    probe p;
    int got = probe_at(k, 0, &p);
    if (got <= 0)
        return got < 0 ? -1 : (k->why ? 0 : no_seek(k, "no line with a time from", 0));
    /* The file's first and last times, from its first and last pages. */
    got = probe_at(k, r->total > RG_SEEK_PAGE ? r->total - RG_SEEK_PAGE : 0, &p);
    if (got < 0)
        return -1;
    if (k->why)
        return 0;
    int64_t lo_t, hi_t;
    seen_span(k, &lo_t, &hi_t);
    if (hi_t < from || lo_t > to) {
        k->why = "the window lies outside its times";
        return 0;
    }

    /* Start: the last timed line found earlier than from - tolerance. */
    uint64_t s = 0, lo = 0, hi = r->total;
    while (hi - lo > RG_SEEK_PAGE) {
        uint64_t mid = lo + (hi - lo) / 2;
        got = probe_at(k, mid, &p);
        if (got < 0)
            return -1;
        if (k->why)
            return 0;
        if (!got || p.off >= hi)
            hi = mid;
        else if (p.at < from - RG_SEEK_TOLERANCE_US) {
            s = p.off;
            lo = p.off;
        } else
            hi = mid;
    }
    /* End: the first timed line found later than to + tolerance. */
    uint64_t e = r->total;
    lo = s;
    hi = r->total;
    while (hi - lo > RG_SEEK_PAGE) {
        uint64_t mid = lo + (hi - lo) / 2;
        got = probe_at(k, mid, &p);
        if (got < 0)
            return -1;
        if (k->why)
            return 0;
        if (got && p.at > to + RG_SEEK_TOLERANCE_US && p.off < e)
            e = p.off;
        /* no timed line from mid to hi: the end, if before hi, is before mid */
        if (!got || p.at > to + RG_SEEK_TOLERANCE_US || p.off >= hi)
            hi = mid;
        else
            lo = p.off;
    }
    *start = s;
    *end = e;
    return 1;
}

/* The sink's range mode (rg_sink.range): the span of the file's times from
 * its first and last pages and RANGE_PROBES - 2 pages evenly between, all
 * in order. Returns 1 with the span, 0 to read the file (k->why), -1 on a
 * read error. */
#define RANGE_PROBES 16

static int probe_span(seeker *k, int64_t *first, int64_t *last)
{
    rg_linereader *r = k->r;
    probe p;
    for (uint64_t i = 0; i < RANGE_PROBES; i++) {
        /* the last probe's page ends at the file's last byte (probe_at
         * reads from the byte before off), so its last line is seen */
        uint64_t off = i == RANGE_PROBES - 1
                           ? (r->total > RG_SEEK_PAGE ? r->total - RG_SEEK_PAGE + 1 : 0)
                           : r->total / (RANGE_PROBES - 1) * i;
        int got = probe_at(k, off, &p);
        if (got < 0)
            return -1;
        if (k->why)
            return 0;
        if (!got && i == 0)
            return no_seek(k, "no line with a time from", 0);
    }
    int64_t lo, hi;
    seen_span(k, &lo, &hi);
    *first = lo - RG_SEEK_TOLERANCE_US;
    *last = hi + RG_SEEK_TOLERANCE_US;
    return 1;
}

int rg_linereader_seek(rg_linereader *r, rg_line_time_fn time_fn, void *ctx)
{
    int span_only = !r->sink->has_window && r->sink->range;
    if ((!r->sink->has_window && !span_only) || r->line != 0 || r->end != 0)
        return 0;
    struct stat sb;
    if (fstat(r->z.fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        record_seek(r, "not a regular file");
        return 0;
    }
    if (r->total < RG_SEEK_MIN_BYTES)
        return 0; /* read in one go anyway: nothing to report */
    if (r->z.codec != RG_Z_PLAIN) {
        record_seek(r, r->z.codec == RG_Z_GZIP ? "the file is gzip-compressed"
                                               : "the file is zstd-compressed");
        return 0;
    }
    seeker k;
    memset(&k, 0, sizeof(k));
    k.r = r;
    k.time_fn = time_fn;
    k.ctx = ctx;
    k.page = r->buf; /* free until the first line is read */
    if (span_only) {
        int64_t first = 0, last = 0;
        int got = probe_span(&k, &first, &last);
        if (got < 0)
            return rg_diag_error(r->sink->diag, r->path, 0, 0, "cannot read: %s", strerror(errno));
        if (got == 0)
            return 0; /* read in full, as without the range mode */
        r->sink->range(r->sink, first, last);
        r->eof = 1; /* nothing left to read */
        r->limit = r->pos = 0;
        return 0;
    }
    uint64_t start = 0, end = 0;
    int got = find_range(&k, &start, &end);
    r->seek.bytes_read = k.bytes_read;
    if (got < 0)
        return rg_diag_error(r->sink->diag, r->path, 0, 0, "cannot read: %s", strerror(errno));
    if (got == 0) {
        record_seek(r, k.why);
        return 0;
    }
    /* The line number of the start: the newlines before it. */
    uint64_t lines = 0;
    for (uint64_t off = 0; off < start;) {
        size_t want = start - off < RG_LINE_CHUNK ? (size_t)(start - off) : RG_LINE_CHUNK;
        ssize_t n = pread(r->z.fd, r->buf, want, (off_t)off);
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return rg_diag_error(r->sink->diag, r->path, 0, 0, "cannot read: %s", strerror(errno));
        }
        lines += count_newlines(r->buf, (size_t)n);
        off += (uint64_t)n;
    }
    if (lseek(r->z.fd, (off_t)start, SEEK_SET) < 0)
        return rg_diag_error(r->sink->diag, r->path, 0, 0, "cannot read: %s", strerror(errno));
    r->line = (long)lines;
    r->pos = start;
    r->limit = end;
    r->eof = end == start;
    r->seek.lines_skipped = lines;
    r->seek.bytes_read += end - start;
    r->seek.bytes_counted = start;
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(r->z.fd, (off_t)start, (off_t)(end - start), POSIX_FADV_SEQUENTIAL);
#endif
    record_seek(r, NULL);
    return 0;
}

int rg_linereader_restart(rg_linereader *r, uint64_t off, uint64_t limit, long line)
{
    if (lseek(r->z.fd, (off_t)off, SEEK_SET) < 0)
        return rg_diag_error(r->sink->diag, r->path, 0, 0, "cannot read: %s", strerror(errno));
    r->start = r->end = 0;
    r->skipping = 0;
    r->pos = off;
    r->limit = limit;
    r->eof = limit && off >= limit;
    r->line = line;
    return 0;
}

void rg_linereader_finish(const rg_linereader *r)
{
    /* after a seek, the file is done though most of it was not read */
    if (r->sink->progress)
        r->sink->progress(r->sink, r->seek.n_seek ? r->total : r->done, r->total);
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
    if (j->cut_at > RG_LINE_MAX_LEN) /* a record reader's line (whole_records) */
        rg_diag_warn(j->sink->diag, j->path, line, 0, "long-line",
                     "line is longer than %zu bytes; only its first %zu bytes were kept", j->cut_at,
                     RG_LINE_MAX_LEN);
    else
        rg_diag_warn(j->sink->diag, j->path, line, 0, "long-line",
                     "line is longer than %zu bytes; only its first %zu bytes were read",
                     RG_LINE_MAX_LEN, RG_LINE_MAX_LEN);
}

size_t rg_linejoin_cut(rg_linejoin *j, const char *s, size_t n, long line)
{
    rg_linejoin_warn_cut(j, line);
    return n > RG_LINE_MAX_LEN ? cut_point(s, RG_LINE_MAX_LEN) : n;
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
        n = rg_linejoin_cut(j, s, n, line);
    const char *c = rg_linejoin_clean(j, s, &n, line);
    if (!c || rg_linejoin_append(j, "\n", 1, line) != 0 || rg_linejoin_append(j, c, n, line) != 0)
        return rg_diag_error(j->sink->diag, j->path, line, 0, "out of memory");
    rg_diag_warn(j->sink->diag, j->path, line, 0, "joined", "%s", joined);
    j->n_ansi += j->line_ansi;
    j->line_ansi = 0;
    return 0;
}
