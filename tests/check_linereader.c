/* check_linereader.c -- the line reader the streaming importers share (CRLF, no
 * final newline, cut lines, read boundaries inside a line and a CRLF, 70,000
 * lines, BOMs, unreadable files) and the event that continuation lines join. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../importers/linereader.h"
#include "alloc.h"
#include "check_util.h"

/* The first read(2) of a regular file asks for RG_LINE_CHUNK bytes
 * (linereader.h). */
#define FIRST_READ RG_LINE_CHUNK

struct fx {
    char path[64];
    rg_arena *arena;
    rg_diag diag;
    rg_sink sink;
    rg_linereader r;
    uint64_t progress_done, progress_total;
    int progress_calls;
};

static void progress(rg_sink *sink, uint64_t done, uint64_t total)
{
    struct fx *f = sink->ctx;
    f->progress_done = done;
    f->progress_total = total;
    f->progress_calls++;
}

static void setup_sink(struct fx *f)
{
    memset(f, 0, sizeof(*f));
    f->arena = rg_arena_new();
    ck_assert_ptr_nonnull(f->arena);
    rg_diag_init(&f->diag);
    f->sink.arena = f->arena;
    f->sink.diag = &f->diag;
    f->sink.ctx = f;
    f->sink.progress = progress;
}

/* Writes data to a new temporary file and opens the reader on it. */
/* n bytes c appended to b: one assertion, where one a byte made Check write
 * its checkpoint to a file a byte (the binary took 16 s for that). */
static void fill(rg_buf *b, char c, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = rg_buf_putc(b, c);
    ck_assert_int_eq(rc, 0);
}

static void open_data(struct fx *f, const char *data, size_t n)
{
    setup_sink(f);
    strcpy(f->path, "/tmp/check_linereader_XXXXXX");
    int fd = mkstemp(f->path);
    ck_assert_int_ge(fd, 0);
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, data + off, n - off);
        ck_assert_int_gt(w, 0);
        off += (size_t)w;
    }
    close(fd);
    ck_assert_int_eq(rg_linereader_open(&f->r, f->path, &f->sink), 0);
    ck_assert_uint_eq(f->r.total, n);
}

static void open_text(struct fx *f, const char *text)
{
    open_data(f, text, strlen(text));
}

static void done(struct fx *f)
{
    rg_linereader_close(&f->r);
    if (f->path[0])
        unlink(f->path);
    rg_diag_free(&f->diag);
    rg_arena_free(f->arena);
}

/* The next line is text[0..len) with number `line` and cut flag `cut`. */
static void expect_bytes(struct fx *f, const char *text, size_t len, long line, int cut)
{
    const char *s = NULL;
    size_t n = 0;
    int c = -1;
    ck_assert_int_eq(rg_linereader_next(&f->r, &s, &n, &c), 1);
    ck_assert_uint_eq(n, len);
    ck_assert_msg(memcmp(s, text, len) == 0, "line %ld differs", line);
    ck_assert_int_eq(f->r.line, line);
    ck_assert_int_eq(c, cut);
}

static void expect_line(struct fx *f, const char *text, long line)
{
    expect_bytes(f, text, strlen(text), line, 0);
}

/* The end of the file, twice: it stays the end. */
static void expect_end(struct fx *f, long last_line)
{
    const char *s;
    size_t n;
    int c;
    ck_assert_int_eq(rg_linereader_next(&f->r, &s, &n, &c), 0);
    ck_assert_int_eq(rg_linereader_next(&f->r, &s, &n, &c), 0);
    ck_assert_int_eq(f->r.line, last_line);
    ck_assert_int_eq(f->diag.has_error, 0);
    ck_assert_uint_eq(f->diag.n_warnings, 0);
}

START_TEST(empty_file)
{
    struct fx f;
    open_text(&f, "");
    expect_end(&f, 0);
    rg_linereader_finish(&f.r);
    ck_assert_int_eq(f.progress_calls, 1);
    ck_assert_uint_eq(f.progress_done, 0);
    ck_assert_uint_eq(f.progress_total, 0);
    done(&f);
}
END_TEST

START_TEST(crlf)
{
    struct fx f;
    open_text(&f, "one\r\ntwo\r\n\r\na\rb\r\nx\r\r\nlast\n");
    expect_line(&f, "one", 1);
    expect_line(&f, "two", 2);
    expect_line(&f, "", 3);
    expect_line(&f, "a\rb", 4); /* a lone CR inside a line stays */
    expect_line(&f, "x\r", 5);  /* only the CR of the line end goes */
    expect_line(&f, "last", 6);
    expect_end(&f, 6);
    rg_linereader_finish(&f.r);
    ck_assert_uint_eq(f.progress_done, 26);
    ck_assert_uint_eq(f.progress_total, 26);
    done(&f);
}
END_TEST

START_TEST(no_final_newline)
{
    struct fx f;
    open_text(&f, "first\nlast");
    expect_line(&f, "first", 1);
    expect_line(&f, "last", 2);
    expect_end(&f, 2);
    done(&f);

    open_text(&f, "first\r\nlast\r");
    expect_line(&f, "first", 1);
    expect_line(&f, "last", 2);
    expect_end(&f, 2);
    done(&f);

    open_text(&f, "\n");
    expect_line(&f, "", 1);
    expect_end(&f, 1);
    done(&f);
}
END_TEST

/* Line 2 is RG_LINE_MAX_LEN - 2 'a', an emoji (4 bytes) across the cut, then
 * more than a chunk: the cut backs off to the emoji's first byte, and the rest
 * of the line is skipped up to its end, however long. */
START_TEST(long_line_cut)
{
    const size_t max = RG_LINE_MAX_LEN;
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "short\n"), 0);
    fill(&b, 'a', max - 2);
    ck_assert_int_eq(rg_buf_puts(&b, "\xF0\x9F\x98\x80"), 0);
    fill(&b, 'z', RG_LINE_CHUNK + 10);
    ck_assert_int_eq(rg_buf_puts(&b, " tail\r\nafter\n"), 0);
    size_t line4 = b.len;
    fill(&b, 'b', max); /* exactly the limit: whole */
    ck_assert_int_eq(rg_buf_puts(&b, "\n"), 0);
    size_t line5 = b.len;
    fill(&b, 'c', 3 * max + 5); /* three buffers' worth */
    ck_assert_int_eq(rg_buf_puts(&b, "\nnext\n"), 0);
    size_t line7 = b.len;
    fill(&b, 'd', max + 1); /* one over, at the end, no newline */

    struct fx f;
    open_data(&f, b.data, b.len);
    expect_line(&f, "short", 1);
    expect_bytes(&f, b.data + 6, max - 2, 2, 1);
    expect_line(&f, "after", 3);
    expect_bytes(&f, b.data + line4, max, 4, 0);
    expect_bytes(&f, b.data + line5, max, 5, 1);
    expect_line(&f, "next", 6);
    expect_bytes(&f, b.data + line7, max, 7, 1);
    expect_end(&f, 7);
    rg_linereader_finish(&f.r);
    ck_assert_uint_eq(f.progress_done, b.len);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

/* rg_linereader_whole_records at 3 MiB: lines of 2.5 MiB and of exactly 3
 * MiB come back whole, in a buffer grown to hold them and no more; one over
 * by more than a read is cut at 3 MiB and the rest skipped, as a text line
 * is at 1 MiB (cut_depends_on_position). */
START_TEST(whole_records)
{
    const size_t max = 3 * RG_LINE_MAX_LEN;
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "short\n"), 0);
    size_t line2 = b.len;
    int rc = 0;
    for (size_t i = 0; i < max - max / 6 && rc == 0; i++)
        rc = rg_buf_putc(&b, (char)('a' + i % 26));
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(rg_buf_puts(&b, "\r\nafter\n"), 0);
    size_t line4 = b.len;
    fill(&b, 'b', max);
    ck_assert_int_eq(rg_buf_puts(&b, "\n"), 0);
    size_t line5 = b.len;
    fill(&b, 'c', max + RG_LINE_CHUNK + 1); /* cut wherever the reads fall */
    ck_assert_int_eq(rg_buf_puts(&b, "\nnext\n"), 0);

    struct fx f;
    open_data(&f, b.data, b.len);
    rg_linereader_whole_records(&f.r, max);
    expect_line(&f, "short", 1);
    expect_bytes(&f, b.data + line2, max - max / 6, 2, 0);
    expect_line(&f, "after", 3);
    expect_bytes(&f, b.data + line4, max, 4, 0);
    expect_bytes(&f, b.data + line5, max, 5, 1);
    expect_line(&f, "next", 6);
    expect_end(&f, 6);
    ck_assert_uint_le(f.r.cap, max + RG_LINE_CHUNK + 1);
    ck_assert_uint_gt(f.r.cap, max);
    rg_linereader_finish(&f.r);
    ck_assert_uint_eq(f.progress_done, b.len);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

/* The buffer cannot grow to a long line: the reader stops with an error
 * naming the line, not with the line cut or lost. */
START_TEST(whole_records_out_of_memory)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, "short\n"), 0);
    fill(&b, 'a', 2 * RG_LINE_MAX_LEN);
    ck_assert_int_eq(rg_buf_puts(&b, "\nafter\n"), 0);
    struct fx f;
    open_data(&f, b.data, b.len);
    rg_linereader_whole_records(&f.r, RG_RECORD_MAX_LEN);
    expect_line(&f, "short", 1);
    rg_alloc_fail_after(0);
    const char *s;
    size_t n;
    int c;
    int got = rg_linereader_next(&f.r, &s, &n, &c);
    rg_alloc_fail_after(-1);
    ck_assert_int_eq(got, -1);
    char want[300];
    snprintf(want, sizeof(want), "%s:2: out of memory", f.path);
    ck_assert_str_eq(f.diag.error, want);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

/* Pinned as the importers have always done it: a line longer than
 * RG_LINE_MAX_LEN by less than a read (RG_LINE_CHUNK) is cut only when more
 * than RG_LINE_MAX_LEN bytes of it are in the buffer without its end. Reads
 * end at multiples of the chunk: line 2 starts three quarters into a read, so
 * a read ends before its newline with more than RG_LINE_MAX_LEN bytes of it
 * in, and it is cut; line 3, just as long, starts a quarter into a read and
 * comes back whole. */
START_TEST(cut_depends_on_position)
{
    const size_t max = RG_LINE_MAX_LEN, quarter = RG_LINE_CHUNK / 4;
    const size_t mid = max + RG_LINE_CHUNK / 2;
    rg_buf b = {0};
    fill(&b, 'v', 3 * quarter);
    ck_assert_int_eq(rg_buf_puts(&b, "\n"), 0);
    for (int k = 0; k < 2; k++) {
        fill(&b, 'w', mid);
        ck_assert_int_eq(rg_buf_puts(&b, "\n"), 0);
    }
    ck_assert_int_eq(rg_buf_puts(&b, "end\n"), 0);

    struct fx f;
    open_data(&f, b.data, b.len);
    expect_bytes(&f, b.data, 3 * quarter, 1, 0);
    expect_bytes(&f, b.data + 3 * quarter + 1, max, 2, 1);
    expect_bytes(&f, b.data + 3 * quarter + 1, mid, 3, 0);
    expect_line(&f, "end", 4);
    expect_end(&f, 4);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

/* 100-byte lines "line NNNNN ...\n": the first read ends 36 bytes into line
 * 656, which must come back whole. */
START_TEST(boundary_inside_line)
{
    const long n_lines = 22000;
    rg_buf b = {0};
    char text[128];
    for (long i = 1; i <= n_lines; i++) {
        snprintf(text, sizeof(text), "line %05ld %-88s\n", i, "text");
        ck_assert_uint_eq(strlen(text), 100);
        ck_assert_int_eq(rg_buf_puts(&b, text), 0);
    }
    ck_assert_uint_eq(FIRST_READ, 65536);

    struct fx f;
    open_data(&f, b.data, b.len);
    for (long i = 1; i <= n_lines; i++) {
        snprintf(text, sizeof(text), "line %05ld %-88s", i, "text");
        expect_line(&f, text, i);
        if (i == 655)
            ck_assert_uint_eq(f.r.done, FIRST_READ); /* the boundary is in the next line */
        if (i == 656)
            ck_assert_uint_gt(f.r.done, FIRST_READ);
    }
    expect_end(&f, n_lines);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

/* A first line of 5,537 bytes, then 100-byte lines ending in "\r\n": the first
 * read ends between the "\r" and the "\n" of line 601. */
START_TEST(boundary_inside_crlf)
{
    const long n_lines = 21000;
    const size_t first = FIRST_READ + 1 - 60000;
    rg_buf b = {0};
    fill(&b, 'f', first - 2);
    ck_assert_int_eq(rg_buf_puts(&b, "\r\n"), 0);
    char text[128];
    for (long i = 2; i <= n_lines; i++) {
        snprintf(text, sizeof(text), "crlf %05ld %-87s\r\n", i, "text");
        ck_assert_uint_eq(strlen(text), 100);
        ck_assert_int_eq(rg_buf_puts(&b, text), 0);
    }
    ck_assert_int_eq(b.data[FIRST_READ - 1], '\r');
    ck_assert_int_eq(b.data[FIRST_READ], '\n');

    struct fx f;
    open_data(&f, b.data, b.len);
    expect_bytes(&f, b.data, first - 2, 1, 0);
    for (long i = 2; i <= n_lines; i++) {
        snprintf(text, sizeof(text), "crlf %05ld %-87s", i, "text");
        expect_line(&f, text, i);
        if (i == 600)
            ck_assert_uint_eq(f.r.done, FIRST_READ);
        if (i == 601)
            ck_assert_uint_gt(f.r.done, FIRST_READ);
    }
    expect_end(&f, n_lines);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

START_TEST(line_numbers_past_65535)
{
    const long n_lines = 70000;
    rg_buf b = {0};
    for (long i = 1; i <= n_lines; i++)
        ck_assert_int_eq(rg_buf_printf(&b, "%ld\n", i), 0);
    struct fx f;
    open_data(&f, b.data, b.len);
    char text[32];
    for (long i = 1; i <= n_lines; i++) {
        snprintf(text, sizeof(text), "%ld", i);
        expect_line(&f, text, i);
    }
    expect_end(&f, 70000);
    done(&f);
    rg_buf_free(&b);
}
END_TEST

START_TEST(bom_only_on_line_1)
{
    struct fx f;
    open_text(&f, "\xEF\xBB\xBF"
                  "first\n\xEF\xBB\xBF"
                  "second\n");
    expect_line(&f, "first", 1);
    expect_line(&f,
                "\xEF\xBB\xBF"
                "second",
                2);
    expect_end(&f, 2);
    done(&f);
}
END_TEST

START_TEST(utf16_is_an_error)
{
    static const char le[] = "\xFF\xFE"
                             "a\0\n\0";
    struct fx f;
    open_data(&f, le, sizeof(le) - 1);
    const char *s;
    size_t n;
    int c;
    ck_assert_int_eq(rg_linereader_next(&f.r, &s, &n, &c), -1);
    char want[256];
    snprintf(want, sizeof(want),
             "%s:1:1: file is UTF-16; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)", f.path);
    ck_assert_str_eq(f.diag.error, want);
    done(&f);
}
END_TEST

START_TEST(cannot_open_or_read)
{
    struct fx f;
    setup_sink(&f);
    ck_assert_int_eq(rg_linereader_open(&f.r, "tests/fixtures/no-such-file.log", &f.sink), -1);
    ck_assert_str_eq(f.diag.error,
                     "tests/fixtures/no-such-file.log: cannot open: No such file or directory");
    rg_linereader_close(&f.r); /* harmless after a failed open */
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);

    setup_sink(&f);
    ck_assert_int_eq(rg_linereader_open(&f.r, "tests/fixtures", &f.sink), 0);
    const char *s;
    size_t n;
    int c;
    ck_assert_int_eq(rg_linereader_next(&f.r, &s, &n, &c), -1);
    ck_assert_str_eq(f.diag.error, "tests/fixtures:1: cannot read: Is a directory");
    done(&f);
}
END_TEST

START_TEST(open_out_of_memory)
{
    struct fx f;
    setup_sink(&f);
    rg_alloc_fail_after(0);
    int rc = rg_linereader_open(&f.r, "tests/fixtures/syslog/empty.log", &f.sink);
    rg_alloc_fail_after(-1);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(f.diag.error, "tests/fixtures/syslog/empty.log: out of memory");
    ck_assert_int_eq(f.r.z.fd, -1);
    rg_linereader_close(&f.r);
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);
}
END_TEST

/* ---- the event being built ---- */

static const char *first_warning(const struct fx *f, const char *key, uint64_t *count)
{
    for (size_t i = 0; i < f->diag.n_warnings; i++)
        if (strcmp(f->diag.warnings[i].key, key) == 0) {
            *count = f->diag.warnings[i].count;
            return f->diag.warnings[i].first;
        }
    ck_abort_msg("no warning '%s'", key);
    return NULL;
}

static void check_warning(const struct fx *f, const char *key, const char *first, uint64_t count)
{
    uint64_t n = 0;
    ck_assert_str_eq(first_warning(f, key, &n), first);
    ck_assert_uint_eq(n, count);
}

START_TEST(clean_bad_bytes_and_nul)
{
    struct fx f;
    setup_sink(&f);
    rg_linejoin j;
    rg_linejoin_init(&j, "app.log", &f.sink);
    ck_assert_int_eq(j.last, RG_JOIN_NONE);

    const char *ascii = "plain <script> text";
    size_t n = strlen(ascii);
    ck_assert_ptr_eq(rg_linejoin_clean(&j, ascii, &n, 1), ascii); /* unchanged: no copy */
    ck_assert_uint_eq(n, 19);

    const char bad[] = "a\0b\xFF"
                       "caf\xC3\xA9";
    n = sizeof(bad) - 1;
    const char *c = rg_linejoin_clean(&j, bad, &n, 3);
    ck_assert_str_eq(c, "a\xEF\xBF\xBD"
                        "b\xEF\xBF\xBD"
                        "caf\xC3\xA9");
    ck_assert_uint_eq(n, 13);
    n = 2;
    ck_assert_str_eq(rg_linejoin_clean(&j, "\x80x", &n, 9), "\xEF\xBF\xBDx");
    check_warning(&f, "utf8", "app.log:3: line is not valid UTF-8; 2 bytes replaced by U+FFFD", 2);
    rg_linejoin_free(&j);
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);
}
END_TEST

START_TEST(continuation_lines)
{
    struct fx f;
    setup_sink(&f);
    rg_linejoin j;
    rg_linejoin_init(&j, "app.log", &f.sink);
    const char *orphan = "line has no mark and no line before it has one; skipped";
    const char *joined = "line has no mark and was joined to the line before";

    ck_assert_int_eq(rg_linejoin_continue(&j, "  at first", 10, 1, 0, orphan, joined), 0);
    check_warning(&f, "orphan-line",
                  "app.log:1: line has no mark and no line before it has one; skipped", 1);

    j.last = RG_JOIN_KEPT; /* what an importer does on a kept record */
    j.ev_line = 2;
    ck_assert_int_eq(rg_linejoin_append(&j, "boom", 4, 2), 0);
    ck_assert_int_eq(rg_linejoin_continue(&j, "  at a()", 8, 3, 0, orphan, joined), 0);
    ck_assert_int_eq(rg_linejoin_continue(&j, "  at \xFF()", 8, 4, 1, orphan, joined), 0);
    ck_assert_str_eq(j.text.data, "boom\n  at a()\n  at \xEF\xBF\xBD()");
    check_warning(&f, "joined", "app.log:3: line has no mark and was joined to the line before", 2);
    check_warning(&f, "utf8", "app.log:4: line is not valid UTF-8; 1 byte replaced by U+FFFD", 1);
    check_warning(&f, "long-line",
                  "app.log:4: line is longer than 1048576 bytes; only its first 1048576 bytes "
                  "were read",
                  1);

    j.last = RG_JOIN_DROPPED; /* after a record outside the window: silently skipped */
    ck_assert_int_eq(rg_linejoin_continue(&j, "  at b()", 8, 5, 0, orphan, joined), 0);
    ck_assert_str_eq(j.text.data, "boom\n  at a()\n  at \xEF\xBF\xBD()");
    ck_assert_uint_eq(f.diag.n_warnings, 4);
    ck_assert_int_eq(f.diag.has_error, 0);
    rg_linejoin_free(&j);
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);
}
END_TEST

/* A record reader's cut line (cut_at RG_RECORD_MAX_LEN) joined to the event
 * before: its first MiB is kept, on a character boundary, as the warning
 * says, not as much of it as the event's text can take. */
START_TEST(continuation_cut_keeps_a_mib)
{
    struct fx f;
    setup_sink(&f);
    rg_linejoin j;
    rg_linejoin_init(&j, "app.jsonl", &f.sink);
    j.cut_at = RG_RECORD_MAX_LEN;
    j.last = RG_JOIN_KEPT;
    j.ev_line = 2;
    ck_assert_int_eq(rg_linejoin_append(&j, "boom", 4, 2), 0);
    const size_t n = 2 * RG_LINE_MAX_LEN;
    char *line = rg_malloc(n);
    ck_assert_ptr_nonnull(line);
    memset(line, 'y', n);
    memcpy(line + RG_LINE_MAX_LEN - 1, "\xC3\xA9", 2); /* across the MiB */
    ck_assert_int_eq(rg_linejoin_continue(&j, line, n, 3, 1, "orphan", "joined"), 0);
    ck_assert_uint_eq(j.text.len, 5 + RG_LINE_MAX_LEN - 1);
    ck_assert_int_eq(memcmp(j.text.data, "boom\nyyy", 8), 0);
    ck_assert_int_eq(j.text.data[j.text.len - 1], 'y');
    check_warning(&f, "long-line",
                  "app.jsonl:3: line is longer than 67108864 bytes; only its first 1048576 bytes "
                  "were kept",
                  1);
    rg_free(line);
    rg_linejoin_free(&j);
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);
}
END_TEST

/* The text stops short of RG_TEXT_MAX_LEN (one byte for the NUL) on a
 * character boundary, here before a 2-byte 'é' that would cross it, and stays
 * stopped. */
START_TEST(long_text_cut)
{
    struct fx f;
    setup_sink(&f);
    rg_linejoin j;
    rg_linejoin_init(&j, "app.log", &f.sink);
    j.last = RG_JOIN_KEPT;
    j.ev_line = 7;
    const size_t max = RG_TEXT_MAX_LEN;
    char *chunk = rg_malloc(max);
    ck_assert_ptr_nonnull(chunk);
    memset(chunk, 'x', max);
    ck_assert_int_eq(rg_linejoin_append(&j, chunk, max - 2, 7), 0);
    ck_assert_int_eq(j.text_cut, 0);
    ck_assert_int_eq(rg_linejoin_append(&j, "\xC3\xA9", 2, 8), 0);
    ck_assert_uint_eq(j.text.len, max - 2);
    ck_assert_int_eq(j.text_cut, 1);
    ck_assert_int_eq(rg_linejoin_append(&j, "more", 4, 9), 0);
    ck_assert_uint_eq(j.text.len, max - 2);
    check_warning(&f, "long-text",
                  "app.log:8: the text of the event at line 7 is longer than 4194304 bytes with "
                  "its joined lines; cut here",
                  1);
    rg_free(chunk);
    rg_linejoin_free(&j);
    rg_diag_free(&f.diag);
    rg_arena_free(f.arena);
}
END_TEST

static Suite *linereader_suite(void)
{
    Suite *s = suite_create("linereader");
    TCase *tc = tcase_create("reader");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, empty_file);
    tcase_add_test(tc, crlf);
    tcase_add_test(tc, no_final_newline);
    tcase_add_test(tc, long_line_cut);
    tcase_add_test(tc, cut_depends_on_position);
    tcase_add_test(tc, whole_records);
    tcase_add_test(tc, whole_records_out_of_memory);
    tcase_add_test(tc, continuation_cut_keeps_a_mib);
    tcase_add_test(tc, boundary_inside_line);
    tcase_add_test(tc, boundary_inside_crlf);
    tcase_add_test(tc, line_numbers_past_65535);
    tcase_add_test(tc, bom_only_on_line_1);
    tcase_add_test(tc, utf16_is_an_error);
    tcase_add_test(tc, cannot_open_or_read);
    tcase_add_test(tc, open_out_of_memory);
    suite_add_tcase(s, tc);
    TCase *tj = tcase_create("join");
    tcase_set_timeout(tj, 60);
    tcase_add_test(tj, clean_bad_bytes_and_nul);
    tcase_add_test(tj, continuation_lines);
    tcase_add_test(tj, long_text_cut);
    suite_add_tcase(s, tj);
    return s;
}

RG_CHECK_MAIN(linereader_suite)
