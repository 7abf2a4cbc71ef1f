/* gennagios.c -- writes the benchmark's nagios.log: the same 30 days and
 * incident window as genlogs.c, Nagios's line mix (service and host alerts,
 * SOFT and HARD, notifications, passive check results, the state snapshot
 * written at each daily rotation), with HARD CRITICALs in the window.
 *
 * usage: gennagios FILE [MIB]   (default 100 MiB) Deterministic. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gencommon.h"

/* genlogs.c's span and window. */
#define START_S INT64_C(1792627200)
#define SPAN_S (INT64_C(30) * 86400)
#define WINDOW_FROM_S INT64_C(1795179600)
#define WINDOW_TO_S (WINDOW_FROM_S + 4 * 3600)

static const char *const hosts[] = {"web-1", "web-2", "web-3", "web-4", "db-1", "cache-1"};
static const char *const services[] = {"HTTP", "DISK", "LOAD", "PING", "PUPPET", "SSL"};
static const char *const states[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};

static int line(char *buf, size_t cap, int64_t t)
{
    const char *h = hosts[pick(6)], *s = services[pick(6)];
    int in_window = t >= WINDOW_FROM_S && t < WINDOW_TO_S;
    unsigned r = pick(100);
    if (r < 35)
        return snprintf(buf, cap,
                        "[%" PRId64 "] EXTERNAL COMMAND: PROCESS_SERVICE_CHECK_RESULT;%s;%s;0;"
                        "OK - check took %u ms\n",
                        t, h, s, pick(900));
    if (r < 65)
        return snprintf(buf, cap, "[%" PRId64 "] SERVICE ALERT: %s;%s;%s;SOFT;%u;%s - %s\n", t, h,
                        s, states[pick(4)], 1 + pick(3), s, "retrying; attempt logged");
    if (r < 75 || (in_window && r < 90))
        return snprintf(buf, cap, "[%" PRId64 "] SERVICE ALERT: %s;%s;%s;HARD;3;%s %s: 503\n", t,
                        h, s, in_window ? "CRITICAL" : states[pick(4)], s,
                        in_window ? "CRITICAL" : "state");
    if (r < 85)
        return snprintf(buf, cap,
                        "[%" PRId64 "] SERVICE NOTIFICATION: oncall;%s;%s;CRITICAL;"
                        "notify-service-by-email;%s CRITICAL: 503\n",
                        t, h, s, s);
    if (r < 95)
        return snprintf(buf, cap, "[%" PRId64 "] CURRENT SERVICE STATE: %s;%s;OK;HARD;1;%s OK\n",
                        t, h, s, s);
    return snprintf(buf, cap, "[%" PRId64 "] HOST ALERT: %s;%s;HARD;1;PING %s\n", t, h,
                    r < 98 ? "DOWN" : "UP", r < 98 ? "CRITICAL - Packet loss = 100%" : "OK");
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gennagios FILE [MIB]\n");
        return 2;
    }
    uint64_t bytes = (argc > 2 ? strtoull(argv[2], NULL, 10) : 100) << 20;
    char buf[512];
    /* Lines spread evenly over the 30 days: their number from a sample's
     * mean length (the generator is reseeded after it, so output is fixed). */
    uint64_t sample = 0;
    for (int i = 0; i < 1000; i++)
        sample += (uint64_t)line(buf, sizeof(buf), START_S);
    rng = 0x9E3779B97F4A7C15u;
    uint64_t n_lines = bytes / (sample / 1000);
    int64_t step_us = SPAN_S * 1000000 / (int64_t)(n_lines ? n_lines : 1);
    FILE *f = fopen(argv[1], "wb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char out[1 << 20];
    setvbuf(f, out, _IOFBF, sizeof(out));
    uint64_t written = 0;
    int64_t us = START_S * 1000000;
    while (written < bytes) {
        int n = line(buf, sizeof(buf), us / 1000000);
        if (n < 0 || (size_t)n >= sizeof(buf))
            n = (int)strlen(buf);
        fwrite(buf, 1, (size_t)n, f);
        written += (uint64_t)n;
        us += step_us > 0 ? step_us : 1;
    }
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
