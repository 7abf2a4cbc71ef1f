/* jsontime.c -- the instant a JSON value names (RFC 3339 text, epoch
 * integers, epoch digit strings), read alike by every JSON importer. */
#include "jsontime.h"

#include <string.h>

#include "jsonutil.h"

static int all_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int rg_json_time(rg_arena *a, const rg_source *src, const json_t *v, int unit_hint, int64_t *at_us,
                 const char **time_text, const char **why)
{
    *why = NULL;
    if (json_is_integer(v)) {
        long long n = json_integer_value(v);
        if (rg_time_epoch_int(n, unit_hint, at_us) != 0) {
            *why = rg_arena_printf(a, "%lld, out of range", n);
            return *why ? 0 : -1;
        }
        *time_text = rg_arena_printf(a, "%lld", n);
        return *time_text ? 1 : -1;
    }
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t n = json_string_length(v);
        int flags = 0;
        int ok;
        if (all_digits(s, n))
            ok = rg_time_epoch_text(s, n, unit_hint, at_us) == n;
        else {
            rg_time_ctx ctx = {src->zone, src->ref_us};
            ok = rg_time_parse(s, n, &ctx, at_us, &flags) == 0;
        }
        if (!ok) {
            *why = rg_arena_printf(a, "'%s'", s);
            return *why ? 0 : -1;
        }
        *time_text = rg_time_text(a, s, n, src, flags);
        return *time_text ? 1 : -1;
    }
    *why = json_is_real(v) ? "a number with a fraction" : rg_json_type_name(v);
    return 0;
}
