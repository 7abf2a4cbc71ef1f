/* common.c -- small helpers every importer shares: origins, time texts and
 * UTF-8 repair. */
#include "importer.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "../reviewgen/utf8.h"

/* The log types as one object each, so that a summary can know them by
 * their address (importer.h). */
const char rg_type_log_info[] = "log.info";
const char rg_type_log_warning[] = "log.warning";
const char rg_type_log_error[] = "log.error";

/* Called for every kept log line: digits written by hand, no printf
 * (README, "Evidence of any size"). */
const char *rg_origin(rg_arena *a, const char *path, long line)
{
    char digits[24];
    size_t nd = 0;
    unsigned long v = line < 0 ? 0UL - (unsigned long)line : (unsigned long)line;
    do {
        digits[nd++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (line < 0)
        digits[nd++] = '-';
    size_t np = strlen(path);
    char *out = rg_arena_alloc(a, np + 1 + nd + 1);
    if (!out)
        return NULL;
    memcpy(out, path, np);
    out[np] = ':';
    for (size_t i = 0; i < nd; i++)
        out[np + 1 + i] = digits[nd - 1 - i];
    out[np + 1 + nd] = '\0';
    return out;
}

const char *rg_time_text(rg_arena *a, const char *text, size_t len, const rg_source *src, int flags)
{
    if (flags & RG_TIME_LOCAL)
        return rg_arena_printf(a, "%.*s (%s assumed)", (int)len, text, rg_tz_name(src->zone));
    return rg_arena_strndup(a, text, len);
}

void rg_warn_local_time(rg_diag *d, const rg_source *src, long line, const char *ts, size_t ts_len,
                        int flags, int64_t at_us, const char *which)
{
    char when[32];
    if (!(flags & (RG_TIME_GAP | RG_TIME_OVERLAP)))
        return;
    rg_time_format(at_us, when);
    if (flags & RG_TIME_GAP)
        rg_diag_warn(d, src->path, line, 0, "dst-gap",
                     "local time '%.*s' does not exist in %s (skipped by a daylight-saving "
                     "change); read as %s",
                     (int)ts_len, ts, rg_tz_name(src->zone), when);
    else
        rg_diag_warn(d, src->path, line, 0, "dst-overlap",
                     "local time '%.*s' happens twice in %s (daylight-saving change); read "
                     "as %s, %s",
                     (int)ts_len, ts, rg_tz_name(src->zone), when, which);
}

void rg_warn_no_year(rg_diag *d, const rg_source *src, long line, int flags)
{
    if (!(flags & RG_TIME_NO_YEAR) || !src->ref_what)
        return;
    char when[32];
    rg_time_format(src->ref_us, when);
    /* Counted like any warning: the first line says it, the count says how many. */
    rg_diag_warn(d, src->path, line, 0, "no-year",
                 "timestamps have no year; each takes the year that puts it nearest %s (%s)",
                 src->ref_what, when);
}

char *rg_utf8_clean(rg_arena *a, const char *s, size_t len, size_t *n_bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t bad = 0;
    for (size_t i = 0; i < len;) {
        size_t n = rg_utf8_len(u + i, len - i);
        if (n == 0) {
            bad++;
            i++;
        } else {
            i += n;
        }
    }
    if (n_bad)
        *n_bad += bad;
    if (bad == 0)
        return rg_arena_strndup(a, s, len);
    char *out = rg_arena_alloc(a, len + bad * 2 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t n = rg_utf8_len(u + i, len - i);
        if (n == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = '\0';
    return out;
}

/* The classes of the bytes the level-word scan tells apart, a table so that
 * a byte costs one load: the range compares it replaced cost a third of
 * rg_level_word_type, which runs for every log line without a PRI. */
enum { LW_WORD = 1, LW_UPPER = 2, LW_ESC = 4 };
#define W_ LW_WORD
#define U_ (LW_WORD | LW_UPPER)
static const unsigned char lw_class[256] = {
    [0x1B] = LW_ESC, ['_'] = W_, ['0'] = W_, ['1'] = W_, ['2'] = W_, ['3'] = W_, ['4'] = W_,
    ['5'] = W_,      ['6'] = W_, ['7'] = W_, ['8'] = W_, ['9'] = W_, ['A'] = U_, ['B'] = U_,
    ['C'] = U_,      ['D'] = U_, ['E'] = U_, ['F'] = U_, ['G'] = U_, ['H'] = U_, ['I'] = U_,
    ['J'] = U_,      ['K'] = U_, ['L'] = U_, ['M'] = U_, ['N'] = U_, ['O'] = U_, ['P'] = U_,
    ['Q'] = U_,      ['R'] = U_, ['S'] = U_, ['T'] = U_, ['U'] = U_, ['V'] = U_, ['W'] = U_,
    ['X'] = U_,      ['Y'] = U_, ['Z'] = U_, ['a'] = W_, ['b'] = W_, ['c'] = W_, ['d'] = W_,
    ['e'] = W_,      ['f'] = W_, ['g'] = W_, ['h'] = W_, ['i'] = W_, ['j'] = W_, ['k'] = W_,
    ['l'] = W_,      ['m'] = W_, ['n'] = W_, ['o'] = W_, ['p'] = W_, ['q'] = W_, ['r'] = W_,
    ['s'] = W_,      ['t'] = W_, ['u'] = W_, ['v'] = W_, ['w'] = W_, ['x'] = W_, ['y'] = W_,
    ['z'] = W_,
};
#undef W_
#undef U_

static unsigned lw_class_of(char c)
{
    return lw_class[(unsigned char)c];
}

/* The first level word of a message sets its type when the line carries no
 * PRI (README, "Milestones and durations": FATAL, CRIT, ERROR, ERR, WARN, ...).
 * Only upper-case words on word boundaries count, so "0 errors", "Error rate
 * ok" or "ERROR_CODES" do not; the first such word wins, so "INFO retried
 * after ERROR" is info. Returns the type, or NULL when there is no level word. */
/* Up to eight bytes as one number, the first byte lowest, so that a word
 * is compared with a level word in one compare. */
#define PACK(a, b, c, d, e, f, g, h)                                                               \
    ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)(d) << 24 |              \
     (uint64_t)(e) << 32 | (uint64_t)(f) << 40 | (uint64_t)(g) << 48 | (uint64_t)(h) << 56)

static uint64_t pack_word(const char *s, size_t n)
{
    uint64_t w = 0;
    for (size_t k = 0; k < n; k++)
        w |= (uint64_t)(unsigned char)s[k] << (8 * k);
    return w;
}

const char *rg_level_word_type(const char *s, size_t n)
{
    /* By length (3 to 8) and packed, so a word is compared with the one to
     * seven of its length in a compare each: this runs for every log line
     * without a PRI. */
    static const struct {
        uint64_t word;
        const char *type;
    } by_len[9][8] = {
        [3] = {{PACK('E', 'R', 'R', 0, 0, 0, 0, 0), rg_type_log_error}},
        [4] = {{PACK('I', 'N', 'F', 'O', 0, 0, 0, 0), rg_type_log_info},
               {PACK('W', 'A', 'R', 'N', 0, 0, 0, 0), rg_type_log_warning},
               {PACK('C', 'R', 'I', 'T', 0, 0, 0, 0), rg_type_log_error}},
        [5] = {{PACK('E', 'R', 'R', 'O', 'R', 0, 0, 0), rg_type_log_error},
               {PACK('D', 'E', 'B', 'U', 'G', 0, 0, 0), rg_type_log_info},
               {PACK('F', 'A', 'T', 'A', 'L', 0, 0, 0), rg_type_log_error},
               {PACK('E', 'M', 'E', 'R', 'G', 0, 0, 0), rg_type_log_error},
               {PACK('A', 'L', 'E', 'R', 'T', 0, 0, 0), rg_type_log_error},
               {PACK('P', 'A', 'N', 'I', 'C', 0, 0, 0), rg_type_log_error},
               {PACK('T', 'R', 'A', 'C', 'E', 0, 0, 0), rg_type_log_info}},
        [6] = {{PACK('S', 'E', 'V', 'E', 'R', 'E', 0, 0), rg_type_log_error},
               {PACK('N', 'O', 'T', 'I', 'C', 'E', 0, 0), rg_type_log_info}},
        [7] = {{PACK('W', 'A', 'R', 'N', 'I', 'N', 'G', 0), rg_type_log_warning}},
        [8] = {{PACK('C', 'R', 'I', 'T', 'I', 'C', 'A', 'L'), rg_type_log_error}},
    };
#if defined(__SSE2__)
    /* Most messages open with their level ("INFO request served"): the
     * first word's upper-case run told by one 16-byte compare, then the
     * loop below only when it is not a level word (the byte loop was 4 % of
     * a whole-day build of a 1 GiB syslog). */
    if (n >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
        __m128i t = _mm_add_epi8(x, _mm_set1_epi8((char)(128 - 'A')));
        unsigned up = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(t, _mm_set1_epi8(-128 + 26)));
        size_t len = (size_t)__builtin_ctz(~up); /* at most 16 */
        if (len >= 3 && len <= 8 && !(lw_class_of(s[len]) & LW_WORD)) {
            uint64_t w;
            memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
            w = __builtin_bswap64(w);
#endif
            if (len < 8)
                w &= (UINT64_C(1) << (8 * len)) - 1;
            for (size_t k = 0; k < 8 && by_len[len][k].type; k++)
                if (by_len[len][k].word == w)
                    return by_len[len][k].type;
        }
    }
#endif
    size_t i = 0;
    while (i < n) {
        unsigned c = lw_class_of(s[i]);
        if (!(c & LW_WORD)) {
            if ((c & LW_ESC) && i + 1 < n && s[i + 1] == '[') {
                /* A colour code ("\e[31mERROR") is not part of the word after it. */
                i += 2;
                while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
                    i++;
                i += i < n;
                continue;
            }
            i++;
            continue;
        }
        /* The word's upper-case letters from its start; a word that goes on
         * with another word byte is not upper-case. */
        size_t j = i;
        while (j < n && ((c = lw_class_of(s[j])) & LW_UPPER))
            j++;
        if (j < n && (c & LW_WORD)) {
            while (j < n && (lw_class_of(s[j]) & LW_WORD))
                j++;
            i = j;
            continue;
        }
        size_t len = j - i;
        if (len >= 3 && len <= 8) {
            /* Packed by one load where eight bytes are there to read. */
            uint64_t w;
            if (n - i >= 8) {
                memcpy(&w, s + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
                w = __builtin_bswap64(w);
#endif
                if (len < 8)
                    w &= (UINT64_C(1) << (8 * len)) - 1;
            } else {
                w = pack_word(s + i, len);
            }
            for (size_t k = 0; k < 8 && by_len[len][k].type; k++)
                if (by_len[len][k].word == w)
                    return by_len[len][k].type;
        }
        i = j;
    }
    return NULL;
}
#undef PACK

/* ---- levels: one rule for every log format (README, "Logs: levels") ---- */

const char *rg_level_number_type(long long v)
{
    return v >= 50 ? rg_type_log_error : v >= 40 ? rg_type_log_warning : rg_type_log_info;
}

const char *rg_level_syslog_type(long long sev)
{
    return sev >= 0 && sev <= 3 ? rg_type_log_error
           : sev == 4           ? rg_type_log_warning
                                : rg_type_log_info;
}

const char *rg_level_syslog_name(long long sev)
{
    static const char *const names[8] = {"emerg",   "alert",  "crit", "err",
                                         "warning", "notice", "info", "debug"};
    return sev >= 0 && sev <= 7 ? names[sev] : NULL;
}

const char *rg_level_otel_type(long long number)
{
    if (number >= 17 && number <= 24)
        return rg_type_log_error;
    if (number >= 13 && number <= 16)
        return rg_type_log_warning;
    if (number >= 1 && number <= 12)
        return rg_type_log_info;
    return NULL;
}

static int ascii_caseeq(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i]; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return 0;
    }
    return i == n && word[i] == '\0';
}

/* Words are compared whole and without regard to case: "ERROR", "Error" (CLEF),
 * "error" (zap). Everything that is neither an error nor a warning word is info,
 * including debug and custom levels, so an unknown level never raises an alarm. */
const char *rg_level_name_type(const char *s, size_t n)
{
    static const char *const errors[] = {"error",  "err",      "fatal", "panic", "dpanic",
                                         "crit",   "critical", "alert", "emerg", "emergency",
                                         "severe", "failure",  "fail",  NULL};
    static const char *const warnings[] = {"warn", "warning", NULL};
    if (n == 1) /* logcat's and glog's letters: V D I W E F (A, assert) */
        return s[0] == 'E' || s[0] == 'F' || s[0] == 'A' ? rg_type_log_error
               : s[0] == 'W'                             ? rg_type_log_warning
                                                         : rg_type_log_info;
    if (n > 0 && s[0] >= '0' && s[0] <= '9') {
        long long v = 0;
        for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9' && v < 1000000; i++)
            v = v * 10 + (s[i] - '0');
        return rg_level_number_type(v);
    }
    for (size_t i = 0; errors[i]; i++)
        if (ascii_caseeq(s, n, errors[i]))
            return rg_type_log_error;
    for (size_t i = 0; warnings[i]; i++)
        if (ascii_caseeq(s, n, warnings[i]))
            return rg_type_log_warning;
    return rg_type_log_info;
}

/* The words a level column holds (README, "Logs: levels"): those of
 * rg_level_name_type's error and warning lists and the usual info-like ones
 * (trace, debug, info, information, notice, fine, config, verbose, ...), any
 * case. Used to tell a level column from a host or a logger name. */
int rg_level_is_word(const char *s, size_t n)
{
    /* By length (3 to 11), and only the words whose first letter matches
     * are compared: this runs for every syslog line's host. */
    static const char by_len[12][8][12] = {
        [3] = {"err"},
        [4] = {"info", "warn", "crit", "fine", "dbug", "trce", "fail"},
        [5] = {"trace", "debug", "error", "fatal", "panic", "alert", "emerg", "finer"},
        [6] = {"notice", "severe", "dpanic", "finest", "config"},
        [7] = {"warning", "verbose"},
        [8] = {"critical"},
        [9] = {"emergency"},
        [11] = {"information"},
    };
    /* The first letters of the words of each length, a bit a letter: most
     * hosts are ruled out by them in a few instructions, where the walk over
     * the words cost 3 % of a whole-day syslog build. */
#define L_(c) (UINT32_C(1) << ((c) - 'a'))
    static const uint32_t first_of[12] = {
        [3] = L_('e'),
        [4] = L_('i') | L_('w') | L_('c') | L_('f') | L_('d') | L_('t'),
        [5] = L_('t') | L_('d') | L_('e') | L_('f') | L_('p') | L_('a'),
        [6] = L_('n') | L_('s') | L_('d') | L_('f') | L_('c'),
        [7] = L_('w') | L_('v'),
        [8] = L_('c'),
        [9] = L_('e'),
        [11] = L_('i'),
    };
#undef L_
    if (!rg_level_may_be_word(s, n))
        return 0;
    /* OR 0x20 lower-cases a letter and makes no other byte one. */
    unsigned low = (unsigned char)s[0] | 0x20u;
    if (low - 'a' >= 26 || !(first_of[n] >> (low - 'a') & 1))
        return 0;
    char c = (char)low;
    for (size_t i = 0; i < 8 && by_len[n][i][0]; i++)
        if (by_len[n][i][0] == c && ascii_caseeq(s, n, by_len[n][i]))
            return 1;
    return 0;
}

/* ---- terminal escapes ---- */

/* ECMA-48: CSI is ESC '[' then parameter bytes 0x30-0x3F, intermediate bytes
 * 0x20-0x2F and one final byte 0x40-0x7E; OSC is ESC ']' up to BEL or ESC '\';
 * any other ESC takes the one byte after it. A sequence cut by the end of the
 * text is removed up to there. */
size_t rg_ansi_strip(char *s, size_t n, size_t *removed)
{
    char *esc = memchr(s, 0x1B, n);
    if (!esc)
        return n;
    size_t o = (size_t)(esc - s), i = o, count = 0;
    while (i < n) {
        if (s[i] != 0x1B) {
            s[o++] = s[i++];
            continue;
        }
        count++;
        i++;
        if (i >= n)
            break;
        unsigned char c = (unsigned char)s[i++];
        if (c == '[') {
            while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
                i++;
            if (i < n && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E)
                i++;
        } else if (c == ']') {
            while (i < n && s[i] != 0x07 && !(s[i] == 0x1B && i + 1 < n && s[i + 1] == '\\'))
                i++;
            if (i < n)
                i += s[i] == 0x07 ? 1 : 2;
        }
    }
    if (removed)
        *removed += count;
    return o;
}
