/* fuzz_tzif.c -- our TZif reader (RFC 8536): the input is a zone file
 * under $TZDIR, loaded by name as the manifest would. Properties: a zone
 * that loads gives offsets within the 26 hours of UTC that RFC 8536 allows
 * (utoff from -89999 to 93599; the reader refuses beyond 26 h) at any
 * instant, and local times resolve without error or overflow. */
#include <inttypes.h>

#include "fuzz.h"
#include "timeparse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_subdir("Fuzz");
    setenv("TZDIR", fuzz_dir(), 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_file("Fuzz/Zone", data, size))
        return 0;
    char err[160];
    rg_tz *tz = rg_tz_load("Fuzz/Zone", err, sizeof(err));
    if (!tz) {
        FUZZ_CHECK(err[0] != '\0', "a zone refused without a message");
        return 0;
    }
    static const int64_t instants[] = {INT64_MIN / 2,
                                       -INT64_C(2208988800000000),
                                       0,
                                       INT64_C(1711846800000000),
                                       INT64_C(1790000000000000),
                                       INT64_C(4102444800000000),
                                       INT64_MAX / 2};
    for (size_t i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
        int32_t off = rg_tz_offset_at(tz, instants[i]);
        FUZZ_CHECK(off >= -93600 && off <= 93600, "offset %" PRId32 " at %" PRId64, off,
                   instants[i]);
    }
    static const int dates[][6] = {{2026, 3, 29, 2, 30, 0},    {2026, 10, 25, 2, 30, 0},
                                   {1900, 1, 1, 0, 0, 0},      {2038, 1, 19, 3, 14, 8},
                                   {9999, 12, 31, 23, 59, 60}, {1, 1, 1, 0, 0, 0}};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        int64_t at = 0;
        int flags = 0;
        rg_time_from_local(tz, dates[i][0], dates[i][1], dates[i][2], dates[i][3], dates[i][4],
                           dates[i][5], 0, &at, &flags);
    }
    rg_time_ctx ctx = {tz, INT64_C(1790000000000000)};
    int64_t at;
    int flags;
    rg_time_parse("2026-03-29 02:30:00", 19, &ctx, &at, &flags);
    rg_time_parse("Nov  3 01:59:14", 15, &ctx, &at, &flags);
    rg_tz_free(tz);
    return 0;
}
