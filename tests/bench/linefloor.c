/* linefloor.c -- the least a per-line fold of a log has to do, timed by the
 * bench beside `wc -l` and reviewgen (row 2 of tests/bench/table.sh): what
 * the whole-day window's target can be weighed against.
 *
 * usage: linefloor MODE FILE    (prints the lines counted and a checksum)
 *   find   finds each line: a memchr per line (wc -l counts newlines over
 *          whole buffers and never stops at one);
 *   hash   and hashes each line eight bytes at a time (a cluster key that
 *          ignores nothing);
 *   words  and sorts each byte into word / not word and notes whether a
 *          word holds a digit: the work the cluster signature needs at the
 *          least (README, "Evidence of any size": a word with a digit is
 *          '#'), still with no time, level, host, cluster table or count.
 * The file is read in 1 MiB reads, as reviewgen's line reader does. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { FIND, HASH, WORDS };

static uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

static uint64_t line_work(int mode, const char *s, size_t n)
{
    uint64_t h = 0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = mix(h, w);
    }
    if (mode == WORDS) {
        int in_word = 0;
        unsigned digit = 0;
        for (size_t k = 0; k < n; k++) {
            unsigned c = (unsigned char)s[k];
            unsigned is_digit = c - '0' < 10u;
            int alnum = is_digit || (c | 0x20u) - 'a' < 26u;
            if (alnum)
                digit |= is_digit;
            else if (in_word) {
                h = mix(h, digit);
                digit = 0;
            }
            in_word = alnum;
        }
    }
    return h;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: linefloor find|hash|words FILE\n");
        return 2;
    }
    int mode = strcmp(argv[1], "find") == 0   ? FIND
               : strcmp(argv[1], "hash") == 0 ? HASH
               : strcmp(argv[1], "words") == 0
                   ? WORDS
                   : -1;
    int fd = open(argv[2], O_RDONLY);
    if (mode < 0 || fd < 0) {
        fprintf(stderr, "linefloor: bad mode or cannot open %s\n", argv[2]);
        return 2;
    }
    size_t cap = (size_t)1 << 20, have = 0;
    char *buf = malloc(cap);
    if (!buf)
        return 1;
    uint64_t lines = 0, sum = 0;
    ssize_t r;
    while ((r = read(fd, buf + have, cap - have)) > 0) {
        have += (size_t)r;
        char *p = buf, *end = buf + have;
        for (char *nl; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) {
            lines++;
            if (mode != FIND)
                sum += line_work(mode, p, (size_t)(nl - p));
        }
        have = (size_t)(end - p);
        if (have == cap) { /* a line longer than the buffer: counted as read */
            lines++;
            have = 0;
        } else {
            memmove(buf, p, have);
        }
    }
    close(fd);
    free(buf);
    printf("%llu %llu\n", (unsigned long long)lines, (unsigned long long)(sum & 0xffff));
    return r < 0;
}
