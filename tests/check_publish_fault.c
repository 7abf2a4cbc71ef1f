/* check_publish_fault.c -- outputs and store change together or not at all
 * (README, "Outputs and the store change together"): every write, fsync and
 * rename step of a publish, the store's own included, fails in turn, is
 * killed at (as kill -9 would) and is interrupted by SIGTERM at; after each
 * the run ended non-zero and, once the next run has recovered, the outputs
 * and the store are as before or all new. Also: leftovers of ours removed and
 * nobody else's touched, a busy folder, a damaged pending record. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "alloc.h"
#include "arena.h"
#include "build.h"
#include "check_fault_vfs.h"
#include "check_util.h"
#include "jsonutil.h"
#include "output.h"
#include "publish.h"

#define GOOD RG_FIXTURES "/build/good"
#define NEW_TITLE "Renamed, so every output differs"

static void run_ok(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

/* A fresh folder <name>-<pid> holding a copy of the good incident in inc/;
 * out/ and reviews.db beside it. In /dev/shm when there is one: these tests
 * run hundreds of publishes, and on memory an fsync costs nothing (what is
 * tested is which steps ran, not the disk); else under build/test-scratch. */
static void scratch(const char *name, char *dir, size_t n)
{
    struct stat sb;
    if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0) {
        snprintf(dir, n, "/dev/shm/reviewgen-test-%s-%ld", name, (long)getpid());
    } else {
        snprintf(dir, n, "build/test-scratch/%s-%ld", name, (long)getpid());
        mkdir("build", 0777);
        mkdir("build/test-scratch", 0777);
    }
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s' && cp -r " GOOD " '%s/inc'", dir, dir,
             dir);
    run_ok(cmd);
}

static void scratch_remove(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    run_ok(cmd);
}

static int build_into(const char *inc, const char *out, const char *db, rg_diag *d)
{
    rg_build b;
    rg_build_opts o = {inc, NULL, NULL, NULL};
    int rc = rg_build_run(&b, &o, d);
    if (rc == 0) {
        json_t *model = rg_model_build(&b);
        rc = model ? rg_publish(&b, model, out, db, NULL, d) : -1;
        json_decref(model);
    }
    rg_build_free(&b);
    return rc;
}

static void retitle(const char *dir)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/inc/incident.json", dir);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("{\"id\": \"INC-9001\", \"title\": \"" NEW_TITLE "\", \"severity\": \"SEV3\"}\n", f);
    fclose(f);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry of the folder, sorted, with its bytes: two snapshots are equal
 * when the folder holds the same files with the same contents (a temporary
 * left behind shows as an extra name). Caller rg_free()s. */
static char *folder_snapshot(const char *dir)
{
    rg_buf b = {0};
    DIR *d = opendir(dir);
    if (!d)
        return rg_strdup("<no folder>");
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && n < 64)
            names[n++] = rg_strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof(names[0]), by_name);
    for (size_t i = 0; i < n; i++) {
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        rg_diag dg;
        rg_diag_init(&dg);
        size_t len = 0;
        char *data = rg_read_file(path, &len, &dg);
        rg_diag_free(&dg);
        char head[600];
        snprintf(head, sizeof(head), "== %s (%zu bytes)\n", names[i], len);
        ck_assert_int_eq(rg_buf_append(&b, head, strlen(head)), 0);
        if (data)
            ck_assert_int_eq(rg_buf_append(&b, data, len), 0);
        rg_free(data);
        rg_free(names[i]);
    }
    return b.data ? b.data : rg_strdup("");
}

/* Every row of every table of the store, in rowid order: the store's
 * logical content. Caller rg_free()s. */
static char *store_dump(const char *db)
{
    rg_buf b = {0};
    sqlite3 *h;
    if (access(db, F_OK) != 0)
        return rg_strdup("<no store>");
    /* read-write, as the next run opens it: a hot journal is rolled back */
    ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *tables;
    ck_assert_int_eq(sqlite3_prepare_v2(h,
                                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "ORDER BY name",
                                        -1, &tables, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[300];
        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY rowid",
                 (const char *)sqlite3_column_text(tables, 0));
        sqlite3_stmt *rows;
        ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
        ck_assert_int_eq(rg_buf_append(&b, sql, strlen(sql)), 0);
        while (sqlite3_step(rows) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                /* a random token per publish: compared by has_token() */
                if (!strcmp(sqlite3_column_name(rows, c), "output_token"))
                    continue;
                const char *v = (const char *)sqlite3_column_text(rows, c);
                ck_assert_int_eq(rg_buf_append(&b, "|", 1), 0);
                if (v)
                    ck_assert_int_eq(rg_buf_append(&b, v, strlen(v)), 0);
            }
            ck_assert_int_eq(rg_buf_append(&b, "\n", 1), 0);
        }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(h);
    return b.data ? b.data : rg_strdup("");
}

typedef struct state {
    char *outputs, *store;
} state;

static void state_read(state *s, const char *dir)
{
    char out[600], db[600];
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    s->outputs = folder_snapshot(out);
    s->store = store_dump(db);
}

static void state_free(state *s)
{
    rg_free(s->outputs);
    rg_free(s->store);
}

static const char *state_name(const state *s, const state *old, const state *new)
{
    int out_old = !strcmp(s->outputs, old->outputs), out_new = !strcmp(s->outputs, new->outputs);
    int st_old = !strcmp(s->store, old->store), st_new = !strcmp(s->store, new->store);
    if (out_old && st_old)
        return "old";
    if (out_new && st_new)
        return "new";
    if (st_new)
        return out_old ? "store new, outputs old" : "store new, outputs mixed";
    if (st_old)
        return "store old, outputs changed";
    return "store changed otherwise";
}

/* The old build published into dir/out and dir/reviews.db, beside a file
 * of the lead's that no publish may touch, then the incident retitled so
 * that the next build changes every output and the store. */
static void old_state(const char *dir)
{
    char out[600], db[600], inc[600], cmd[2000];
    snprintf(cmd, sizeof(cmd),
             "rm -rf '%s/out' '%s/reviews.db' && cp " GOOD "/incident.json '%s/inc/' && "
             "mkdir '%s/out' && printf 'notes of the lead\\n' > '%s/out/attachment.txt'",
             dir, dir, dir, dir, dir);
    run_ok(cmd);
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, db, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    retitle(dir);
}

static int exists(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* The bytes of the old state, put back before each run: cheaper than
 * building it again hundreds of times. */
typedef struct saved {
    size_t n;
    char names[16][256];
    char *data[16];
    size_t len[16];
    char *db;
    size_t db_len;
} saved;

typedef struct fixture {
    char dir[300], out[600], db[600], inc[600];
    state old, new;
    saved bytes;
    long steps; /* write-side I/O steps of a successful publish, store included */
} fixture;

static char *slurp(const char *path, size_t *len)
{
    rg_diag d;
    rg_diag_init(&d);
    char *data = rg_read_file(path, len, &d);
    ck_assert_msg(data != NULL, "%s", d.error);
    rg_diag_free(&d);
    return data;
}

static void spill(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    ck_assert_msg(fp != NULL, "%s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
    ck_assert_int_eq(fclose(fp), 0);
}

static void save_old(fixture *f)
{
    saved *b = &f->bytes;
    memset(b, 0, sizeof(*b));
    DIR *d = opendir(f->out);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        ck_assert_uint_lt(b->n, 16);
        snprintf(b->names[b->n], sizeof(b->names[0]), "%s", e->d_name);
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", f->out, e->d_name);
        b->data[b->n] = slurp(path, &b->len[b->n]);
        b->n++;
    }
    closedir(d);
    b->db = slurp(f->db, &b->db_len);
}

/* The old outputs and store, exactly, and nothing else in the folder. */
static void restore_old(fixture *f)
{
    DIR *d = opendir(f->out);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", f->out, e->d_name);
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            ck_assert_int_eq(unlink(path), 0);
    }
    closedir(d);
    for (size_t i = 0; i < f->bytes.n; i++) {
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", f->out, f->bytes.names[i]);
        spill(path, f->bytes.data[i], f->bytes.len[i]);
    }
    const char *side[] = {"-journal", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char path[700];
        snprintf(path, sizeof(path), "%s%s", f->db, side[i]);
        unlink(path);
    }
    spill(f->db, f->bytes.db, f->bytes.db_len);
}

/* The two states a failed publish may end in, and the number of I/O steps
 * a successful one takes, as the I/O layer counts them. */
static void fixture_init(fixture *f, const char *name)
{
    fault_vfs_install();
    scratch(name, f->dir, sizeof(f->dir));
    snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
    snprintf(f->db, sizeof(f->db), "%s/reviews.db", f->dir);
    snprintf(f->inc, sizeof(f->inc), "%s/inc", f->dir);
    old_state(f->dir);
    state_read(&f->old, f->dir);
    save_old(f);
    rg_diag d;
    rg_diag_init(&d);
    rg_output_fail_after(-1, 0);
    ck_assert_msg(build_into(f->inc, f->out, f->db, &d) == 0, "%s", d.error);
    f->steps = rg_output_fail_after(-1, 0);
    rg_diag_free(&d);
    state_read(&f->new, f->dir);
    ck_assert_str_ne(f->old.outputs, f->new.outputs);
    ck_assert_str_ne(f->old.store, f->new.store);
    /* 5 outputs x (create, write, fsync) + their renames + the record's 4 +
     * 3 folder syncs, and the store's own writes and syncs; timeline.jsonl,
     * streamed, is one of them */
    ck_assert_int_gt(f->steps, 5 * 3 + 5 + 4 + 3);
    ck_assert_msg(strstr(f->new.outputs, "timeline.jsonl") != NULL, "timeline.jsonl not written");
}

static void fixture_free(fixture *f)
{
    state_free(&f->old);
    state_free(&f->new);
    for (size_t i = 0; i < f->bytes.n; i++)
        rg_free(f->bytes.data[i]);
    rg_free(f->bytes.db);
    scratch_remove(f->dir);
}

/* What the next run does first; then the folder and the store must be as
 * before the failed run, or all new. Returns which. */
static const char *recover_and_check(fixture *f, long n, const char *how)
{
    rg_diag d;
    rg_diag_init(&d);
    const char *const legacy[] = {"review.md", "review.html", "review.json", "timeline.svg",
                                  "timeline.jsonl"};
    ck_assert_msg(rg_publish_recover(f->out, legacy, 5, &d) == 0, "%s step %ld: recovery: %s", how,
                  n, d.error);
    rg_diag_free(&d);
    state now;
    state_read(&now, f->dir);
    const char *what = state_name(&now, &f->old, &f->new);
    ck_assert_msg(!strcmp(what, "old") || !strcmp(what, "new"), "%s at step %ld of %ld: %s", how, n,
                  f->steps, what);
    state_free(&now);
    return !strcmp(what, "old") ? "old" : "new";
}

START_TEST(test_every_io_step_fails_in_turn)
{
    fixture f;
    fixture_init(&f, "publish-fail");
    long reached_new = 0, harmless = 0;
    for (long n = 0; n < f.steps; n++) {
        restore_old(&f);
        rg_output_fail_after(n, EIO);
        rg_diag d;
        rg_diag_init(&d);
        int rc = build_into(f.inc, f.out, f.db, &d);
        rg_output_fail_after(-1, 0);
        if (rc == 0) {
            /* Only the store's checkpoint when it is closed, after the last
             * rename, may fail without failing the publish: its WAL keeps
             * the commit. Everything must then be new and settled. */
            state now;
            state_read(&now, f.dir);
            ck_assert_msg(!strcmp(state_name(&now, &f.old, &f.new), "new") &&
                              !exists(f.out, RG_PUBLISH_PENDING),
                          "step %ld of %ld: the publish did not fail, and left %s", n, f.steps,
                          state_name(&now, &f.old, &f.new));
            state_free(&now);
            harmless++;
            rg_diag_free(&d);
            continue;
        }
        ck_assert_msg(rc == -1, "step %ld of %ld: the publish did not fail", n, f.steps);
        ck_assert_msg(strstr(d.error, "I/O error") || strstr(d.error, "Input/output error"),
                      "step %ld: %s", n, d.error);
        /* Right after the failed run: as before, or the message says the
         * next run completes it and the pending record is there for it. */
        state now;
        state_read(&now, f.dir);
        int said = strstr(d.error, "the next reviewgen run that writes into") != NULL;
        ck_assert_msg(!strcmp(state_name(&now, &f.old, &f.new), "old") ||
                          (said && exists(f.out, RG_PUBLISH_PENDING)),
                      "step %ld: %s, and the error says nothing of it: %s", n,
                      state_name(&now, &f.old, &f.new), d.error);
        state_free(&now);
        const char *what = recover_and_check(&f, n, "failure");
        if (strstr(d.error, "completes the outputs"))
            ck_assert_msg(!strcmp(what, "new"), "step %ld: promised completion, got old", n);
        reached_new += !strcmp(what, "new");
        rg_diag_free(&d);
    }
    /* failures after the commit point exist, and were completed */
    ck_assert_int_gt(reached_new, 0);
    /* and most steps do fail the publish: the harmless ones are the
     * checkpoint's writes at the end */
    ck_assert_int_lt(harmless, f.steps / 2);
    fixture_free(&f);
}
END_TEST

/* Runs the build in a child that dies at step n: of _exit (sig 0, as under
 * kill -9) or of sig through the installed handler. Returns wait status. */
static int run_child(fixture *f, long n, int sig)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (sig)
            rg_output_signals_install();
        rg_output_crash_after(n, sig);
        rg_diag d;
        rg_diag_init(&d);
        int rc = build_into(f->inc, f->out, f->db, &d);
        _exit(rc == 0 ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}

START_TEST(test_killed_at_every_io_step)
{
    fixture f;
    fixture_init(&f, "publish-crash");
    long reached_new = 0, reached_old = 0;
    for (long n = 0; n < f.steps; n++) {
        restore_old(&f);
        int status = run_child(&f, n, 0);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == RG_OUTPUT_CRASH_STATUS,
                      "step %ld of %ld: the child was not killed there (status %d)", n, f.steps,
                      status);
        const char *what = recover_and_check(&f, n, "kill");
        reached_new += !strcmp(what, "new");
        reached_old += !strcmp(what, "old");
    }
    ck_assert_int_gt(reached_new, 0);
    ck_assert_int_gt(reached_old, 0);
    fixture_free(&f);
}
END_TEST

START_TEST(test_sigterm_at_every_io_step)
{
    fixture f;
    fixture_init(&f, "publish-signal");
    for (long n = 0; n < f.steps; n++) {
        restore_old(&f);
        int status = run_child(&f, n, SIGTERM);
        ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
                      "step %ld: the child did not die of SIGTERM (status %d)", n, status);
        /* Before the commit the handler removed our temporaries and the
         * record; from the commit on the signal waited for the renames. */
        state now;
        state_read(&now, f.dir);
        const char *what = state_name(&now, &f.old, &f.new);
        ck_assert_msg(!strcmp(what, "old") || !strcmp(what, "new"),
                      "SIGTERM at step %ld of %ld left: %s", n, f.steps, what);
        state_free(&now);
    }
    fixture_free(&f);
}
END_TEST

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    fclose(fp);
}

START_TEST(test_stale_temporaries_removed_others_kept)
{
    char dir[300], out[600], db[600], inc[600];
    scratch("publish-stale", dir, sizeof(dir));
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(db, sizeof(db), "%s/reviews.db", dir);
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    /* ours: this reviewgen's pattern, and an earlier one's for our names */
    const char *ours[] = {"review.md.reviewgen.tmp.x3Fq9A", "notes.txt.reviewgen.tmp.000000",
                          "review.html.tmp.AbCdEf", "timeline.svg.tmp.123456"};
    /* not ours: the lead's files, even when they look close */
    const char *theirs[] = {"attachment.png", "notes.tmp.abcdef", "review.md.tmp.abc",
                            "review.md.reviewgen.tmp.toolong7", "draft.md.tmp.AbCdEf"};
    for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
        write_text(out, ours[i], "half a file");
    for (size_t i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
        write_text(out, theirs[i], "keep me");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, db, &d) == 0, "%s", d.error);
    for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
        ck_assert_msg(!exists(out, ours[i]), "%s was left", ours[i]);
    for (size_t i = 0; i < sizeof(theirs) / sizeof(theirs[0]); i++)
        ck_assert_msg(exists(out, theirs[i]), "%s was removed", theirs[i]);
    ck_assert_uint_eq(d.n_warnings, 1);
    char want[900];
    snprintf(want, sizeof(want),
             "%s: removed 4 temporary files left by an interrupted reviewgen "
             "(notes.txt.reviewgen.tmp.000000, ...)",
             out);
    ck_assert_str_eq(d.warnings[0].first, want);
    rg_diag_free(&d);
    scratch_remove(dir);
}
END_TEST

START_TEST(test_busy_folder)
{
    char dir[300], out[600], inc[600];
    scratch("publish-busy", dir, sizeof(dir));
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    int fd = open(out, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(fd, 0);
    /* another process holds the folder: flock locks belong to the open file,
     * so a lock taken here is one the publish's own open does not share */
    ck_assert_int_eq(flock(fd, LOCK_EX), 0);
    rg_output_set_lock_wait(300);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(build_into(inc, out, NULL, &d), -1);
    char want[900];
    snprintf(want, sizeof(want),
             "reviewgen: '%s' is busy: another reviewgen is writing into it (waited 0 s)", out);
    ck_assert_str_eq(d.error, want);
    rg_diag_free(&d);
    close(fd);
    rg_diag_init(&d);
    ck_assert_msg(build_into(inc, out, NULL, &d) == 0, "%s", d.error);
    rg_diag_free(&d);
    rg_output_set_lock_wait(-1);
    scratch_remove(dir);
}
END_TEST

START_TEST(test_damaged_record)
{
    char dir[300], out[600], inc[600];
    scratch("publish-damaged", dir, sizeof(dir));
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(inc, sizeof(inc), "%s/inc", dir);
    ck_assert_int_eq(mkdir(out, 0777), 0);
    /* a record that would move a file that is not a temporary of ours */
    write_text(out, RG_PUBLISH_PENDING,
               "reviewgen-pending 1\ntoken 0123456789abcdef\nstore -\nincident -\n"
               "file attachment.png review.md\nend\n");
    write_text(out, "attachment.png", "keep me");
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(build_into(inc, out, NULL, &d), -1);
    char want[900];
    snprintf(want, sizeof(want),
             "reviewgen: '%s/.reviewgen-pending' records an interrupted build but cannot be read "
             "(it is not a reviewgen pending record); move it away once you have checked the "
             "outputs beside it",
             out);
    ck_assert_str_eq(d.error, want);
    ck_assert(exists(out, "attachment.png"));
    ck_assert(!exists(out, "review.md"));
    rg_diag_free(&d);
    scratch_remove(dir);
}
END_TEST

START_TEST(test_record_of_a_store_that_is_gone)
{
    fixture f;
    fixture_init(&f, "publish-gone");
    /* killed between the store's commit and the renames... */
    long n;
    for (n = 0; n < f.steps; n++) {
        restore_old(&f);
        int status = run_child(&f, n, 0);
        ck_assert(WIFEXITED(status));
        char path[1200];
        snprintf(path, sizeof(path), "%s/%s", f.out, RG_PUBLISH_PENDING);
        size_t len = 0;
        rg_diag d;
        rg_diag_init(&d);
        char *rec = access(path, F_OK) == 0 ? rg_read_file(path, &len, &d) : NULL;
        rg_diag_free(&d);
        /* the first kill that leaves a record with the store committed */
        char *dump = rec ? store_dump(f.db) : NULL;
        int committed = dump && strcmp(dump, f.new.store) == 0;
        rg_free(dump);
        rg_free(rec);
        if (committed)
            break;
    }
    ck_assert_int_lt(n, f.steps);
    /* ...and then the store removed: nothing can say it committed, so the
     * outputs go back to what they were */
    ck_assert_int_eq(unlink(f.db), 0);
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_publish_recover(f.out, NULL, 0, &d), 0);
    ck_assert_uint_eq(d.n_warnings, 1);
    ck_assert_msg(strstr(d.warnings[0].first, "undid an interrupted build whose store did not "
                                              "commit"),
                  "%s", d.warnings[0].first);
    rg_diag_free(&d);
    char *now = folder_snapshot(f.out);
    ck_assert_str_eq(now, f.old.outputs);
    rg_free(now);
    ck_assert(access(f.db, F_OK) != 0); /* and no empty store was created */
    fixture_free(&f);
}
END_TEST

static Suite *publish_fault_suite(void)
{
    Suite *s = suite_create("publish_fault");
    TCase *tc = tcase_create("io");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_every_io_step_fails_in_turn);
    tcase_add_test(tc, test_killed_at_every_io_step);
    tcase_add_test(tc, test_sigterm_at_every_io_step);
    tcase_add_test(tc, test_stale_temporaries_removed_others_kept);
    tcase_add_test(tc, test_busy_folder);
    tcase_add_test(tc, test_damaged_record);
    tcase_add_test(tc, test_record_of_a_store_that_is_gone);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(publish_fault_suite)
