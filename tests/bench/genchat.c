/* genchat.c -- writes the benchmark's chat export: a Mattermost bulk export
 * (JSON lines) of about N MiB spanning 30 days, with the incident day's
 * channel in it, so `make bench` shows the Mattermost importer streams.
 *
 * usage: genchat FILE [MIB]   (default 100). Deterministic: same size, same
 * bytes. Uses the same 30 days as genlogs.c. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define START_S INT64_C(1792627200)
#define SPAN_S (INT64_C(30) * 86400)

static uint64_t rng = 0x2545F4914F6CDD1Du;

static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const users[] = {"linh", "sam", "priya", "ana", "omar", "mei", "jonas", "kofi"};
static const char *const firsts[] = {"Linh", "Sam", "Priya", "Ana", "Omar", "Mei", "Jonas", "Kofi"};
static const char *const lasts[] = {"Tran", "Okafor", "Nair", "Lima", "Haddad", "Chen", "Berg",
                                    "Mensah"};
static const char *const channels[] = {"town-square", "ops", "deploys", "inc-2041", "random"};
static const char *const texts[] = {
    "deploying checkout-api 1.42 to production, watch the dashboards please",
    "looks good from here, error rate flat and p99 under 300ms",
    "on it, looking into the payments-db connection pool",
    "can someone review https://git.example.com/shop/checkout/pull/4182 before lunch?",
    "the nightly reindex finished in 41 minutes, a bit slower than last week",
    "**heads up**: maintenance window for the cache cluster tonight at 22:00 UTC",
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: genchat FILE [MIB]\n");
        return 2;
    }
    long mib = argc > 2 ? atol(argv[2]) : 100;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    uint64_t limit = (uint64_t)mib << 20, written = 0;
    int n;
    written += (uint64_t)fprintf(f, "{\"type\":\"version\",\"version\":1}\n");
    written += (uint64_t)fprintf(f, "{\"type\":\"team\",\"team\":{\"name\":\"shop\","
                                    "\"display_name\":\"Shop\",\"type\":\"O\"}}\n");
    for (size_t c = 0; c < sizeof(channels) / sizeof(channels[0]); c++)
        written += (uint64_t)fprintf(f,
                                     "{\"type\":\"channel\",\"channel\":{\"team\":\"shop\","
                                     "\"name\":\"%s\",\"display_name\":\"%s\",\"type\":\"O\"}}\n",
                                     channels[c], channels[c]);
    for (size_t u = 0; u < sizeof(users) / sizeof(users[0]); u++)
        written += (uint64_t)fprintf(f,
                                     "{\"type\":\"user\",\"user\":{\"username\":\"%s\","
                                     "\"first_name\":\"%s\",\"last_name\":\"%s\",\"roles\":"
                                     "\"system_user\"}}\n",
                                     users[u], firsts[u], lasts[u]);
    /* Posts spread evenly over the 30 days; every tenth has two replies. */
    uint64_t posts = limit / 230, i = 0;
    while (written < limit) {
        int64_t ms = (START_S + (int64_t)(i * (uint64_t)SPAN_S / (posts ? posts : 1))) * 1000 +
                     (int64_t)pick(1000);
        const char *u = users[pick(8)], *c = channels[pick(5)], *t = texts[pick(6)];
        n = fprintf(f,
                    "{\"type\":\"post\",\"post\":{\"team\":\"shop\",\"channel\":\"%s\","
                    "\"user\":\"%s\",\"message\":\"%s\",\"create_at\":%" PRId64,
                    c, u, t, ms);
        if (n > 0)
            written += (uint64_t)n;
        if (i % 10 == 0)
            n = fprintf(f,
                        ",\"replies\":[{\"user\":\"%s\",\"message\":\"%s\",\"create_at\":%" PRId64
                        "},{\"user\":\"%s\",\"message\":\"ack\",\"create_at\":%" PRId64 "}]}}\n",
                        users[pick(8)], texts[pick(6)], ms + 30000, users[pick(8)], ms + 60000);
        else
            n = fprintf(f, "}}\n");
        if (n > 0)
            written += (uint64_t)n;
        i++;
    }
    if (fclose(f) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
