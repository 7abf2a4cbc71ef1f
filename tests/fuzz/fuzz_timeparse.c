/* fuzz_timeparse.c -- the one timestamp reader: the first byte picks a zone
 * (UTC, one with a 45-minute offset, one with daylight saving, one with a
 * half-hour daylight shift), the rest is the text. Properties: every form
 * stays inside its input; a text that parses formats back (RFC 3339 UTC)
 * to a text that parses to the same instant (the round trip); durations
 * likewise stay in range. */
#include <inttypes.h>

#include "alloc.h"
#include "fuzz.h"
#include "timeparse.h"

static const char *const zone_names[] = {"UTC", "Asia/Kathmandu", "Europe/Berlin",
                                         "Australia/Lord_Howe", "America/St_Johns"};
#define N_ZONES (sizeof(zone_names) / sizeof(zone_names[0]))
static rg_tz *zones[N_ZONES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < N_ZONES; i++) {
        char err[128];
        zones[i] = rg_tz_load(zone_names[i], err, sizeof(err));
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const rg_tz *zone = zones[data[0] % N_ZONES];
    rg_time_ctx ctx = {zone ? zone : rg_tz_utc(), INT64_C(1790000000000000)};
    const char *s = (const char *)data + 1;
    size_t len = size - 1;
    int64_t at = 0;
    int flags = 0;
    size_t used;
    used = rg_time_rfc3339(s, len, &ctx, &at, &flags);
    FUZZ_CHECK(used <= len, "rfc3339 read %zu of %zu", used, len);
    used = rg_time_epoch_text(s, len, 0, &at);
    FUZZ_CHECK(used <= len, "epoch read %zu of %zu", used, len);
    used = rg_time_syslog(s, len, &ctx, &at, &flags);
    FUZZ_CHECK(used <= len, "syslog read %zu of %zu", used, len);
    used = rg_time_apache(s, len, &at);
    FUZZ_CHECK(used <= len, "apache read %zu of %zu", used, len);

    if (rg_time_parse(s, len, &ctx, &at, &flags) == 0) {
        char buf[32], again[32];
        rg_time_format(at, buf);
        size_t n = strlen(buf);
        FUZZ_CHECK(n > 0 && n < 32, "formatted to %zu bytes", n);
        rg_time_ctx utc = {rg_tz_utc(), ctx.ref_us};
        int64_t back = 0;
        int f2 = 0;
        FUZZ_CHECK(rg_time_parse(buf, n, &utc, &back, &f2) == 0,
                   "'%.*s' parsed to %" PRId64 ", formatted '%s', which does not parse",
                   (int)(len < 80 ? len : 80), s, at, buf);
        FUZZ_CHECK(back == at, "'%s': %" PRId64 " formatted and parsed back as %" PRId64, buf, at,
                   back);
        FUZZ_CHECK(f2 == RG_TIME_EXACT, "'%s' read back with flags %d", buf, f2);
        rg_time_format_short(at, again);
    }
    /* durations want a C string */
    char *text = rg_strndup(s, len);
    if (text) {
        int64_t us = 0;
        if (rg_duration_parse(text, &us) == 0) {
            char buf[48];
            rg_duration_format(us / 1000000, buf);
            FUZZ_CHECK(strlen(buf) < 48, "duration text too long");
        }
        rg_free(text);
    }
    return 0;
}
