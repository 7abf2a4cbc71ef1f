/* check_paging_util.h -- what the paging and alerting importer suites
 * (check_grafana.c, check_opsgenie.c, check_datadog.c,
 * check_cloudwatch_alarms.c, check_nagios.c, check_zabbix.c) share: a whole
 * event as one line, compared in one assertion, and scratch incident
 * folders for builds. Static inline: each suite is its own binary. */
#ifndef RG_CHECK_PAGING_UTIL_H
#define RG_CHECK_PAGING_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_importer_util.h"

/* "TIME TYPE kind=K actor=A human=H origin=O time=[T] text=[X] {k=v;...}":
 * every field an importer fills, so one comparison checks an event whole.
 * Four calls may be alive at once. */
static inline const char *ev_line(const rg_event *ev)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    char when[32];
    int n = snprintf(buf[k], sizeof(buf[k]),
                     "%s %s kind=%s actor=%s human=%d origin=%s time=[%s] "
                     "text=[%s] {",
                     rg_time_format(ev->at_us, when), ev->type, rg_kind_name(ev->kind),
                     ev->actor ? ev->actor : "-", ev->human, ev->origin, ev->time_text, ev->text);
    for (const rg_attr *a = ev->attrs; a && n > 0 && (size_t)n < sizeof(buf[k]); a = a->next)
        n += snprintf(buf[k] + n, sizeof(buf[k]) - (size_t)n, "%s=%s;", a->key, a->value);
    if (n > 0 && (size_t)n < sizeof(buf[k]) - 1)
        strcat(buf[k], "}");
    return buf[k];
}

/* Asserts that g holds exactly the n events of want[] (ev_line texts), in
 * order. */
static inline void check_events(const got *g, const char *const *want, size_t n)
{
    for (size_t i = 0; i < g->n && i < n; i++)
        ck_assert_msg(strcmp(ev_line(g->ev[i]), want[i]) == 0, "event %zu:\n got  %s\n want %s", i,
                      ev_line(g->ev[i]), want[i]);
    ck_assert_uint_eq(g->n, n);
}

/* A fresh scratch folder build/test-scratch/<name>-<pid>, in buf. */
static inline void scratch_dir(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "build/test-scratch/%s-%ld", name, (long)getpid());
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", buf);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(mkdir(buf, 0777), 0);
}

static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* Copies a file or a folder (cp -R). */
static inline void copy_path(const char *from, const char *to)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s'", from, to);
    ck_assert_int_eq(system(cmd), 0);
}

static inline void remove_dir(const char *dir)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

#endif
