/* modelval.c -- the values of review.json that every module writing part of
 * the model (model.c, recognition.c) writes alike: strings, times, clocks. */
#include "modelval.h"

#include <string.h>

#include "timeparse.h"

void rg_model_set_str(json_t *o, const char *k, const char *v)
{
    json_object_set_new(o, k, v ? json_string(v) : json_null());
}

json_t *rg_model_time(int64_t at_us)
{
    char buf[32];
    return json_string(rg_time_format(at_us, buf));
}

int64_t rg_model_day(int64_t at_us)
{
    const int64_t day = INT64_C(86400000000);
    return at_us >= 0 ? at_us - at_us % day : at_us - (day + at_us % day) % day;
}

json_t *rg_model_clock(int64_t at_us, int64_t day0_us)
{
    char buf[32];
    rg_time_format_short(at_us, buf); /* "2026-11-20 14:05:22" */
    if (rg_model_day(at_us) == day0_us)
        return json_string(buf + 11);
    /* another year than the first day's: the year too (README, "Outputs") */
    char first[32];
    rg_time_format_short(day0_us, first);
    return json_string(strncmp(buf, first, 4) == 0 ? buf + 5 : buf);
}
