/* common.c -- small helpers every importer shares: origins, time texts and
 * UTF-8 repair. */
#include "importer.h"

#include <string.h>

#include "../reviewgen/utf8.h"

const char *rg_origin(rg_arena *a, const char *path, long line)
{
    return rg_arena_printf(a, "%s:%ld", path, line);
}

const char *rg_time_text(rg_arena *a, const char *text, size_t len, const rg_source *src, int flags)
{
    if (flags & RG_TIME_LOCAL)
        return rg_arena_printf(a, "%.*s (%s assumed)", (int)len, text, rg_tz_name(src->zone));
    return rg_arena_strndup(a, text, len);
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

static int lw_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int lw_word(char c)
{
    return (c >= '0' && c <= '9') || lw_upper(c) || (c >= 'a' && c <= 'z') || c == '_';
}

/* The first level word of a message sets its type when the line carries no
 * PRI (README, "Milestones and durations": FATAL, CRIT, ERROR, ERR, WARN, ...).
 * Only upper-case words on word boundaries count, so "0 errors", "Error rate
 * ok" or "ERROR_CODES" do not; the first such word wins, so "INFO retried
 * after ERROR" is info. Returns the type, or NULL when there is no level word. */
const char *rg_level_word_type(const char *s, size_t n)
{
    static const struct {
        const char *word;
        const char *type;
    } words[] = {
        {"FATAL", "log.error"},  {"CRIT", "log.error"},      {"CRITICAL", "log.error"},
        {"ERROR", "log.error"},  {"ERR", "log.error"},       {"EMERG", "log.error"},
        {"ALERT", "log.error"},  {"PANIC", "log.error"},     {"SEVERE", "log.error"},
        {"WARN", "log.warning"}, {"WARNING", "log.warning"}, {"INFO", "log.info"},
        {"NOTICE", "log.info"},  {"DEBUG", "log.info"},      {"TRACE", "log.info"},
    };
    size_t i = 0;
    while (i < n) {
        if (!lw_word(s[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && lw_word(s[j]))
            j++;
        size_t len = j - i;
        if (len >= 3 && len <= 8) {
            size_t k = 0;
            while (k < len && lw_upper(s[i + k]))
                k++;
            if (k == len)
                for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
                    if (strlen(words[w].word) == len && memcmp(words[w].word, s + i, len) == 0)
                        return words[w].type;
        }
        i = j;
    }
    return NULL;
}
