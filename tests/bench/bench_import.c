/* bench_import.c -- the benchmark's driver: runs one streaming importer over a
 * file cut to a window and reports events, lines outside, time and peak memory;
 * or runs a command and reports its wall time and peak RSS (for machines
 * without GNU time).
 *
 * usage: bench_import import FORMAT FILE FROM TO [ZONE]   (FORMAT: a streaming importer)
 *        bench_import run OUTFILE COMMAND [ARG...]   (COMMAND's stdout goes to OUTFILE) */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "importer.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t n_events, n_errors;

static int count(rg_sink *sink, rg_event *ev)
{
    (void)sink;
    n_events++;
    n_errors += strcmp(ev->type, "log.error") == 0;
    return 0;
}

static int import(int argc, char **argv)
{
    if (argc < 6)
        return 2;
    const rg_importer *imp = rg_importer_find(argv[2]);
    if (!imp || !imp->streams) {
        fprintf(stderr, "bench_import: '%s' is not a streaming importer\n", argv[2]);
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
    printf("events=%" PRIu64 " errors=%" PRIu64 " outside=%" PRIu64 " warnings=%" PRIu64
           " seconds=%.3f mb_s=%.0f maxrss_kb=%ld arena_kb=%zu\n",
           n_events, n_errors, sink.n_outside, rg_diag_warning_total(&diag, NULL), secs,
           secs > 0 ? mb / secs : 0, ru.ru_maxrss, rg_arena_used(arena) / 1024);
    rg_diag_free(&diag);
    rg_arena_free(arena);
    rg_tz_free(tz);
    return rc == 0 ? 0 : 1;
}

static int run(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0)
            _exit(127);
        close(fd);
        execvp(argv[3], argv + 3);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    double secs = now_s() - t0;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
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
                    "       bench_import run OUTFILE COMMAND [ARG...]\n");
    return 2;
}
