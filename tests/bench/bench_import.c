/* bench_import.c -- the benchmark's driver: runs one importer over a file
 * (any registered format) cut to a window and reports events, lines outside,
 * time and memory; or runs a command and reports its wall time and peak RSS
 * (getrusage of the child, so GNU time is not needed), killing it after a
 * time limit.
 *
 * usage: bench_import import FORMAT FILE FROM TO [ZONE]
 *        bench_import run [-t SECONDS] OUTFILE COMMAND [ARG...]
 *                        (COMMAND's stdout goes to OUTFILE; -t: killed, with
 *                        its process group, after SECONDS: status=timeout)
 * import's sink folds as issue 11's core will (importer.h, rg_sink_fold;
 * README, "Benchmarks"): a record offered to rg_sink_fold is folded
 * (counted, no event) unless a person wrote it or it is an error or a
 * warning. Series are counted. A csv source takes its mapping from RG_BENCH_CSV, the JSON of a
 * source entry ({"columns": {...}}). arena_kb is what the sink's arena holds
 * at the end (the events handed to the core, and whatever the importer put
 * there), so the importer's own working memory is maxrss_kb - arena_kb. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "csvmap.h"
#include "importer.h"
#include "series.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t n_events, n_errors, n_folded, n_series, n_samples;

static int count(rg_sink *sink, rg_event *ev)
{
    (void)sink;
    n_events++;
    n_errors += strcmp(ev->type, "log.error") == 0;
    return 0;
}

/* As the core folds (issue 11): people's records, errors and warnings become
 * events; every other offered record is only counted. */
static int fold(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    if (f->human || strcmp(f->type, "log.error") == 0 || strcmp(f->type, "log.warning") == 0)
        return 1;
    n_folded++;
    return 0;
}

static int series(rg_sink *sink, rg_series *s, const rg_sample *samples, size_t n)
{
    (void)sink;
    (void)s;
    (void)samples;
    n_series++;
    n_samples += n;
    return 0;
}

static int import(int argc, char **argv)
{
    if (argc < 6)
        return 2;
    const rg_importer *imp = rg_importer_find(argv[2]);
    if (!imp) {
        fprintf(stderr, "bench_import: unknown format '%s'\n", argv[2]);
        return 2;
    }
    int64_t from, to;
    int flags;
    if (rg_time_parse(argv[4], strlen(argv[4]), NULL, &from, &flags) != 0 ||
        rg_time_parse(argv[5], strlen(argv[5]), NULL, &to, &flags) != 0) {
        fprintf(stderr, "bench_import: bad window '%s' '%s'\n", argv[4], argv[5]);
        return 2;
    }
    char err[256];
    rg_tz *tz = NULL;
    if (argc > 6 && !(tz = rg_tz_load(argv[6], err, sizeof(err)))) {
        fprintf(stderr, "bench_import: %s\n", err);
        return 2;
    }
    rg_arena *arena = rg_arena_new();
    rg_diag diag;
    rg_diag_init(&diag);
    rg_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.arena = arena;
    sink.diag = &diag;
    sink.emit = count;
    sink.fold = fold;
    sink.emit_series = series;
    const char *csv = getenv("RG_BENCH_CSV");
    if (csv && strcmp(argv[2], "csv") == 0) {
        json_error_t jerr;
        json_t *obj = json_loads(csv, 0, &jerr);
        const rg_csvmap *map = NULL;
        if (!obj ||
            rg_csvmap_load(&map, arena, obj, "csv", argv[3], csv, strlen(csv), 0, &diag) != 0) {
            fprintf(stderr, "bench_import: RG_BENCH_CSV: %s\n", obj ? diag.error : jerr.text);
            return 2;
        }
        json_decref(obj);
        sink.csv = map;
    }
    sink.has_window = 1;
    sink.from_us = from;
    sink.to_us = to;
    rg_source src = {.path = argv[3],
                     .name = argv[3],
                     .zone = tz ? tz : rg_tz_utc(),
                     .zone_explicit = tz != NULL,
                     .offset_us = 0,
                     .ref_us = from};
    struct stat sb;
    double mb = stat(argv[3], &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    double t0 = now_s();
    int rc = imp->parse(&src, &sink);
    double secs = now_s() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    if (rc != 0)
        fprintf(stderr, "bench_import: %s\n", diag.error);
    printf("events=%" PRIu64 " errors=%" PRIu64 " folded=%" PRIu64 " series=%" PRIu64
           " samples=%" PRIu64 " outside=%" PRIu64 " warnings=%" PRIu64
           " seconds=%.3f mb_s=%.0f maxrss_kb=%ld arena_kb=%zu\n",
           n_events, n_errors, n_folded, n_series, n_samples, sink.n_outside,
           rg_diag_warning_total(&diag, NULL), secs, secs > 0 ? mb / secs : 0, ru.ru_maxrss,
           rg_arena_used(arena) / 1024);
    rg_diag_free(&diag);
    rg_arena_free(arena);
    rg_tz_free(tz);
    return rc == 0 ? 0 : 1;
}

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
}

static int run(int argc, char **argv)
{
    int a = 2;
    unsigned limit = 0;
    if (argc > 3 && strcmp(argv[2], "-t") == 0) {
        limit = (unsigned)strtoul(argv[3], NULL, 10);
        a = 4;
    }
    if (argc < a + 2)
        return 2;
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        /* its own process group, so that a pipeline (sh -c "zcat | wc -l")
         * is killed whole at the time limit */
        setpgid(0, 0);
        int fd = open(argv[a], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0)
            _exit(127);
        close(fd);
        execvp(argv[a + 1], argv + a + 1);
        _exit(127);
    }
    setpgid(pid, pid);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm; /* no SA_RESTART: waitpid returns EINTR */
    sigaction(SIGALRM, &sa, NULL);
    if (limit)
        alarm(limit);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            return 1;
        }
        if (timed_out)
            kill(-pid, SIGKILL);
    }
    alarm(0);
    double secs = now_s() - t0;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    if (timed_out)
        printf("seconds=%.3f maxrss_kb=%ld status=timeout\n", secs, ru.ru_maxrss);
    else
        printf("seconds=%.3f maxrss_kb=%ld status=%d\n", secs, ru.ru_maxrss,
               WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return import(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "run") == 0)
        return run(argc, argv);
    fprintf(stderr, "usage: bench_import import FORMAT FILE FROM TO [ZONE]\n"
                    "       bench_import run [-t SECONDS] OUTFILE COMMAND [ARG...]\n");
    return 2;
}
