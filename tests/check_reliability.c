/* check_reliability.c -- promises of RELIABILITY.md that no module owns:
 * libxml2 failing allocations, a run under a memory limit, output folders
 * near PATH_MAX, and outputs that do not depend on the locale, TZ or umask.
 * Runs build/reviewgen (RG_BIN) for what a user would see. */
#include <errno.h>
#include <fcntl.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <limits.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "alloc.h"
#include "check_importer_util.h"
#include "check_util.h"
#include "output.h"
#include "xmlguard.h"

extern const rg_importer rg_importer_statuspage_feed;

#ifndef RG_BIN
#define RG_BIN "build/reviewgen"
#endif

static const char *bin(void)
{
    return getenv("RG_BIN") ? getenv("RG_BIN") : RG_BIN;
}

/* build/test-scratch/rel-PID/NAME, created empty of our doing. */
static void scratch(char *buf, size_t n, const char *name)
{
    mkdir("build", 0777);
    mkdir("build/test-scratch", 0777);
    snprintf(buf, n, "build/test-scratch/rel-%ld", (long)getpid());
    mkdir(buf, 0777);
    size_t l = strlen(buf);
    snprintf(buf + l, n - l, "/%s", name);
}

/* The whole file (rg_malloc'd, NUL-terminated), its length in *len; NULL
 * when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    rg_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ck_assert_int_eq(rg_buf_append(&b, chunk, n), 0);
    fclose(f);
    if (len)
        *len = b.len;
    if (!b.data)
        b.data = rg_strdup("");
    return b.data;
}

/* The last line of text (without its newline), in a static buffer. */
static const char *last_line(const char *text)
{
    static char line[4096];
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == '\n')
        n--;
    size_t s = n;
    while (s > 0 && text[s - 1] != '\n')
        s--;
    snprintf(line, sizeof(line), "%.*s", (int)(n - s), text + s);
    return line;
}

/* Runs sh -c cmd with stdout and stderr in files; returns the wait status. */
static int sh(const char *cmd)
{
    int st = system(cmd);
    ck_assert_int_ne(st, -1);
    return st;
}

/* ---- libxml2 out of memory ------------------------------------------------ */

/* Once installed, libxml2 allocates through rg_malloc: its allocations are
 * counted and an injected failure reaches it. */
START_TEST(libxml2_allocates_through_us)
{
    ck_assert_int_eq(rg_xml_install(), 0);
    static const char doc[] = "<feed><entry><title>a</title></entry></feed>";
    rg_alloc_fail_after(1000000);
    xmlDocPtr d = xmlReadMemory(doc, (int)strlen(doc), "x.xml", NULL, XML_PARSE_NONET);
    long made = rg_alloc_fail_after(-1);
    ck_assert_ptr_nonnull(d);
    xmlFreeDoc(d);
    ck_assert_int_gt(made, 5);
    /* the first allocation failing: no document, libxml2's error says so */
    unsigned long before = rg_alloc_failures();
    rg_alloc_fail_after(0);
    d = xmlReadMemory(doc, (int)strlen(doc), "x.xml", NULL, XML_PARSE_NONET);
    rg_alloc_fail_after(-1);
    ck_assert_ptr_null(d);
    ck_assert_uint_gt(rg_alloc_failures(), before);
}
END_TEST

/* The status-page feed (libxml2's XML parser, then its tree functions) with
 * every allocation failing in turn, libxml2's included: each run ends in
 * exactly "PATH: out of memory", never a syntax error or a partial feed
 * (which an earlier reviewgen reported as "not a well-formed feed"), or with
 * the whole feed's events. No crash, no leak under the sanitizers. */
START_TEST(libxml2_out_of_memory_is_out_of_memory)
{
    static const char *const paths[] = {RG_FIXTURES "/statuspage-feed/history.atom",
                                        RG_FIXTURES "/statuspage-feed/history.rss"};
    const char *path = paths[_i];
    rg_alloc_install_jansson();
    ck_assert_int_eq(rg_xml_install(), 0);
    /* the events of a run without failures */
    got want;
    got_init(&want, 256);
    rg_source src = {.path = path, .name = "x", .zone = rg_tz_utc(), .ref_us = INT64_MIN};
    ck_assert_int_eq(rg_importer_statuspage_feed.parse(&src, &want.sink), 0);
    ck_assert_int_ge((long)want.n, 3);
    char expected[512];
    snprintf(expected, sizeof(expected), "%s: out of memory", path);
    long n, in_parse = 0;
    for (n = 0; n < 100000; n++) {
        got g;
        got_init(&g, 256);
        rg_alloc_fail_after(n);
        int rc = rg_importer_statuspage_feed.parse(&src, &g.sink);
        rg_alloc_fail_after(-1);
        if (rc == 0) {
            ck_assert_uint_eq(g.n, want.n);
            for (size_t i = 0; i < g.n; i++) {
                ck_assert_int_eq(g.ev[i]->at_us, want.ev[i]->at_us);
                ck_assert_str_eq(g.ev[i]->text, want.ev[i]->text);
            }
            got_free(&g);
            break;
        }
        ck_assert_msg(g.diag.has_error, "allocation %ld: failed without an error", n);
        ck_assert_msg(strcmp(g.diag.error, expected) == 0 ||
                          (strncmp(g.diag.error, path, strlen(path)) == 0 &&
                           strstr(g.diag.error, ": out of memory") != NULL &&
                           strstr(g.diag.error, "well-formed") == NULL),
                      "allocation %ld: %s", n, g.diag.error);
        in_parse += strcmp(g.diag.error, expected) == 0;
        got_free(&g);
    }
    ck_assert_int_lt(n, 100000);
    /* libxml2's parser was reached many times, not only our code */
    ck_assert_int_gt(in_parse, 20);
    got_free(&want);
}
END_TEST

/* libxml2 2.9.14's HTML parser (htmlParseDocument) crashes or loops for
 * ever when an allocation returns NULL: with the reserve given back on the
 * first failure nothing of that happens, even with every allocation from
 * the Nth on failing, the context's included. Each run with a failure is
 * reported by rg_xml_end (out of memory); the run with every allocation
 * made gives the same tree as a run without failures. No leak (the
 * sanitizer run), no hang (Check's timeout). Before the reserve, the same
 * loop over the first document stopped at allocation 21 (SIGALRM after 3 s
 * in a retry loop) and crashed at others. */
START_TEST(libxml2_html_parser_never_sees_null)
{
    static const char *const docs[] = {
        "<!DOCTYPE html><html><head></head><body><h1>T</h1>\n<p>Intro with "
        "<strong>bold</strong> and <a href=\"x\">a link</a>.</p>\n<table><thead><tr><th>a</th>"
        "<th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>\n<ul><li>"
        "<input type=\"checkbox\" disabled=\"\" /> done</li></ul>\n<blockquote><p>quote &amp; "
        "&lt;x&gt;</p></blockquote></body></html>",
        "<div><p class=a>x &amp; y &nbsp; &eacute; <b>unclosed <i>tags</p><table><tr><td>1"
        "</table><script>alert(1)</script><!-- c --><img src=x onerror=alert(1)><br></div>"};
    const char *doc = docs[_i];
    int len = (int)strlen(doc);
    const int opts =
        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NODEFDTD;
    ck_assert_int_eq(rg_xml_install(), 0);
    /* libxml2's first parse in a process sets up its globals: one
     * allocation more than each later one */
    htmlParserCtxtPtr c = rg_xml_html_ctxt_for((size_t)len);
    ck_assert_ptr_nonnull(c);
    xmlFreeDoc(htmlCtxtReadMemory(c, doc, len, NULL, "UTF-8", opts));
    htmlFreeParserCtxt(c);
    /* without failures: the tree every later run must match */
    rg_alloc_fail_after(1000000000);
    c = rg_xml_html_ctxt_for((size_t)len);
    ck_assert_ptr_nonnull(c);
    rg_xml_watch w;
    rg_xml_begin(&w, c);
    htmlDocPtr d = htmlCtxtReadMemory(c, doc, len, NULL, "UTF-8", opts);
    ck_assert_int_eq(rg_xml_end(&w), 0);
    long total = rg_alloc_fail_after(-1);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_gt(total, 20);
    xmlChar *want = NULL;
    int want_len = 0;
    htmlDocDumpMemory(d, &want, &want_len);
    ck_assert_ptr_nonnull(want);
    xmlFreeDoc(d);
    htmlFreeParserCtxt(c);
    for (long n = 0; n <= total; n++) {
        unsigned long before = rg_alloc_failures();
        rg_alloc_fail_after(n);
        c = rg_xml_html_ctxt_for((size_t)len);
        ck_assert_msg(c != NULL, "allocation %ld: no context", n); /* served from the reserve */
        rg_xml_begin(&w, c);
        d = htmlCtxtReadMemory(c, doc, len, NULL, "UTF-8", opts);
        int failed = rg_xml_end(&w);
        rg_alloc_fail_after(-1);
        if (n < total) {
            ck_assert_msg(failed, "allocation %ld failed and the parse did not say so", n);
            ck_assert_uint_gt(rg_alloc_failures(), before);
        } else {
            /* every allocation made: the same document */
            ck_assert_int_eq(failed, 0);
            ck_assert_uint_eq(rg_alloc_failures(), before);
            xmlChar *dump = NULL;
            int dump_len = 0;
            htmlDocDumpMemory(d, &dump, &dump_len);
            ck_assert_int_eq(dump_len, want_len);
            ck_assert_int_eq(memcmp(dump, want, (size_t)want_len), 0);
            xmlFree(dump);
        }
        xmlFreeDoc(d);
        htmlFreeParserCtxt(c);
    }
    xmlFree(want);
}
END_TEST

/* ---- a memory limit --------------------------------------------------------- */

/* A PagerDuty export of n log entries; with pad, each carries 300 bytes of
 * padding (3,000 padded entries are 1.8 MB of JSON, which jansson holds at
 * once). */
static void write_pagerduty(const char *path, int n, int pad)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\"log_entries\": [\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "%s{\"id\": \"R%d\", \"type\": \"annotate_log_entry\", \"summary\": \"note %d "
                "%0*d\", \"created_at\": \"2026-10-02T10:%02d:%02dZ\", \"agent\": {\"id\": "
                "\"PU1\", \"type\": \"user_reference\", \"summary\": \"Amara Okafor\"}, "
                "\"channel\": {\"type\": \"note\", \"summary\": \"%0*d\"}, \"incident\": "
                "{\"id\": \"PI1\", \"type\": \"incident_reference\", \"summary\": \"S\"}}\n",
                i ? "," : "", i, i, pad ? 200 : 1, 0, i / 60 % 60, i % 60, pad ? 100 : 1, 0);
    fputs("], \"limit\": 25, \"offset\": 0, \"more\": false}\n", f);
    fclose(f);
}

/* Whether the trees a and b hold the same names and bytes. */
static int same_tree(const char *a, const char *b)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null 2>&1", a, b);
    return sh(cmd) == 0;
}

/* reviewgen `build` (_i 0) and `publish` of an edited review.md (_i 1)
 * under setrlimit(RLIMIT_AS) (ulimit -v), from too little memory to
 * enough, each on a copy of an earlier review's folder and store. Every
 * run ends either with exit 0 and the outputs a run without a limit
 * writes, or with exit 1 or 3, exactly one of the out-of-memory lines
 * below on stderr, and the folder and the store byte for byte as they
 * were (no temporary left, no journal); never a signal. Below some limit
 * the dynamic loader cannot map the program's libraries at all: exit 127
 * from ld.so, not our code; counted apart. Before the draft was read under
 * the guarded cmark-gfm allocator, build died of SIGABRT at 75-87 MiB
 * ("[cmark] calloc returned null pointer, aborting"), and publish at 75-93
 * MiB exited 3 with an empty error line. */
START_TEST(memory_limit_gives_a_clean_error)
{
#if defined(__SANITIZE_ADDRESS__)
    fprintf(stderr, "skipped: memory_limit_gives_a_clean_error: AddressSanitizer reserves "
                    "terabytes of address space, so RLIMIT_AS cannot be tested under it\n");
    return;
#endif
    const int publish = _i == 1;
    char base[512], inc[600], prev[600], ref[600], w[600], path[700], err[600], cmd[4096];
    scratch(base, sizeof(base), publish ? "mem-publish" : "mem-build");
    snprintf(cmd, sizeof(cmd),
             "rm -rf '%s' && mkdir -p '%s/inc' '%s/prev' && cp %s/incident.json '%s/inc/'", base,
             base, base, RG_FIXTURES "/build/good", base);
    ck_assert_int_eq(sh(cmd), 0);
    snprintf(inc, sizeof(inc), "%s/inc", base);
    snprintf(prev, sizeof(prev), "%s/prev", base);
    snprintf(ref, sizeof(ref), "%s/ref", base);
    snprintf(w, sizeof(w), "%s/w", base);
    snprintf(err, sizeof(err), "%s/err", base);
    /* the earlier review: 10 pager entries */
    snprintf(path, sizeof(path), "%s/pagerduty.json", inc);
    write_pagerduty(path, 10, 0);
    snprintf(cmd, sizeof(cmd), "%s build %s -o %s/out --db %s/reviews.db -q 2>%s", bin(), inc, prev,
             prev, err);
    ck_assert_int_eq(sh(cmd), 0);
    if (publish) {
        /* the lead adds an action item: publish reads the draft back */
        char md[700];
        snprintf(md, sizeof(md), "%s/out/review.md", prev);
        size_t len;
        char *text = slurp(md, &len);
        ck_assert_ptr_nonnull(text);
        char *at = strstr(text, "*No action items yet");
        ck_assert_ptr_nonnull(at);
        FILE *f = fopen(md, "w");
        ck_assert_ptr_nonnull(f);
        fprintf(f,
                "%.*s- [ ] Roll back the deploy \xE2\x80\x94 owner: Amara Okafor \xC2\xB7 due: "
                "2026-12-15%s",
                (int)(at - text), text, strchr(at, '\n'));
        fclose(f);
        rg_free(text);
    }
    /* the evidence now: 3,000 padded entries */
    write_pagerduty(path, 3000, 1);
    /* what a run without a limit writes */
    snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -a %s %s", ref, prev, ref);
    ck_assert_int_eq(sh(cmd), 0);
    if (publish)
        snprintf(cmd, sizeof(cmd), "%s publish %s/out/review.md --db %s/reviews.db -q 2>%s", bin(),
                 ref, ref, err);
    else
        snprintf(cmd, sizeof(cmd), "%s build %s -o %s/out --db %s/reviews.db -q 2>%s", bin(), inc,
                 ref, ref, err);
    ck_assert_int_eq(sh(cmd), 0);
    char ref_out[700], w_out[700], w_md[700], w_db[700], prev_db[700];
    snprintf(ref_out, sizeof(ref_out), "%s/out", ref);
    snprintf(w_out, sizeof(w_out), "%s/out", w);
    snprintf(w_md, sizeof(w_md), "%s/out/review.md", w);
    snprintf(w_db, sizeof(w_db), "%s/reviews.db", w);
    snprintf(prev_db, sizeof(prev_db), "%s/reviews.db", prev);
    ck_assert(!same_tree(prev, ref)); /* the new run changes what it finds */
    /* The out-of-memory lines a run may end with, whole. The evidence is
     * named as the user named it (build) or as review.json does (publish);
     * the draft reviewgen reads back is "review.md", the edited one its
     * path. */
    char allowed[10][800];
    const char *pd_shown = publish ? "w/out/../../inc" : "inc";
    snprintf(allowed[0], 800, "%s/%s/pagerduty.json: out of memory reading the file", base,
             pd_shown);
    snprintf(allowed[1], 800, "reviewgen: out of memory");
    snprintf(allowed[2], 800, "review.md: out of memory");
    snprintf(allowed[3], 800, "review.md: out of memory rendering HTML");
    snprintf(allowed[4], 800, "review.md: out of memory post-processing the HTML");
    snprintf(allowed[5], 800, "review.md.mustache: out of memory");
    snprintf(allowed[6], 800, "reviewgen: out of memory writing review.json");
    snprintf(allowed[7], 800, "%s: cannot save incident 'INC-9001': out of memory", w_db);
    snprintf(allowed[8], 800, "%s: out of memory", w_md);
    /* the importer's own, when the limit falls after the file is read */
    snprintf(allowed[9], 800, "%s/%s/pagerduty.json: out of memory", base, pd_shown);
    int seen[10] = {0};
    int clean_oom = 0, ok = 0, loader = 0;
    for (long mib = 24; mib <= 1024 && ok < 2; mib += 6) {
        snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -a %s %s", w, prev, w);
        ck_assert_int_eq(sh(cmd), 0);
        fflush(NULL);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            int o = open("/dev/null", O_WRONLY);
            int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0666);
            if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
                _exit(126);
            struct rlimit rl = {(rlim_t)mib << 20, (rlim_t)mib << 20};
            if (setrlimit(RLIMIT_AS, &rl) != 0)
                _exit(126);
            if (publish)
                execl(bin(), bin(), "publish", w_md, "--db", w_db, "-q", (char *)NULL);
            else
                execl(bin(), bin(), "build", inc, "-o", w_out, "--db", w_db, "-q", (char *)NULL);
            _exit(126);
        }
        int st;
        ck_assert_int_eq(waitpid(pid, &st, 0), pid);
        char *e = slurp(err, NULL);
        ck_assert_ptr_nonnull(e);
        ck_assert_msg(WIFEXITED(st), "limit %ld MiB: killed by signal %d; stderr: %s", mib,
                      WIFSIGNALED(st) ? WTERMSIG(st) : 0, last_line(e));
        int code = WEXITSTATUS(st);
        if (code == 127 && strstr(e, "error while loading shared libraries")) {
            loader++;
        } else if (code == 0) {
            ck_assert_str_eq(e, "");
            ck_assert_msg(same_tree(ref_out, w_out), "limit %ld MiB: outputs differ", mib);
            snprintf(cmd, sizeof(cmd), "cmp -s %s %s", prev_db, w_db);
            ck_assert_msg(sh(cmd) != 0, "limit %ld MiB: exit 0, store unchanged", mib);
            ok++;
        } else {
            const char *line = last_line(e);
            /* one line only */
            ck_assert_msg(strlen(e) > 0 && strchr(e, '\n') == e + strlen(e) - 1,
                          "limit %ld MiB: exit %d, stderr: '%s'", mib, code, e);
            int which = -1;
            for (int k = 0; k < 10 && which < 0; k++)
                if (strcmp(line, allowed[k]) == 0)
                    which = k;
            ck_assert_msg((code == 1 || code == 3) && which >= 0,
                          "limit %ld MiB: exit %d, line '%s'", mib, code, line);
            seen[which]++;
            /* nothing changed: outputs, draft, store, no temporary left */
            ck_assert_msg(same_tree(prev, w),
                          "limit %ld MiB: '%s', and the folder or store changed", mib, line);
            clean_oom++;
        }
        rg_free(e);
    }
    fprintf(stderr,
            "memory limit, %s: %d runs out of memory (clean, nothing changed), %d "
            "complete, %d below ld.so\n",
            publish ? "publish" : "build", clean_oom, ok, loader);
    for (int k = 0; k < 10; k++)
        if (seen[k])
            fprintf(stderr, "  %dx %s\n", seen[k], allowed[k]);
    ck_assert_int_gt(clean_oom, 0);
    ck_assert_int_eq(ok, 2);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
    sh(cmd);
}
END_TEST

/* ---- output paths near PATH_MAX -------------------------------------------- */

/* A folder path of exactly `len` bytes under base: components of up to 200
 * bytes, every parent created (through mkdirat, since past PATH_MAX no
 * whole path can name them), the folder itself not. Returns it
 * (rg_malloc'd). */
static char *long_dir(const char *base, size_t len)
{
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_puts(&b, base), 0);
    ck_assert_int_eq(mkdir(base, 0777) == 0 || errno == EEXIST, 1);
    int fd = open(base, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(fd, 0);
    char comp[256];
    for (;;) {
        size_t take = len - b.len - 1;
        if (take > 200)
            take = 200;
        if (len - b.len - 1 - take == 1)
            take--; /* never leave a last component of nothing */
        memset(comp, 'd', take);
        comp[take] = '\0';
        ck_assert_int_eq(rg_buf_printf(&b, "/%s", comp), 0);
        if (b.len >= len)
            break;
        ck_assert_int_eq(mkdirat(fd, comp, 0777) == 0 || errno == EEXIST, 1);
        int next = openat(fd, comp, O_RDONLY | O_DIRECTORY);
        ck_assert_int_ge(next, 0);
        close(fd);
        fd = next;
    }
    close(fd);
    ck_assert_uint_eq(b.len, len);
    return b.data;
}

/* Builds into `out`; returns the exit code, stderr in *err. */
static int build_into(const char *out, char **err)
{
    char errf[512];
    scratch(errf, sizeof(errf), "build.err");
    rg_buf cmd = {0};
    ck_assert_int_eq(rg_buf_printf(&cmd, "%s build %s -o '%s' --no-store -q 2>%s", bin(),
                                   RG_FIXTURES "/build/good", out, errf),
                     0);
    int st = sh(cmd.data);
    rg_buf_free(&cmd);
    *err = slurp(errf, NULL);
    ck_assert_ptr_nonnull(*err);
    ck_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

/* `-o` with a folder whose path leaves no room for its files' names within
 * PATH_MAX is an error naming the limit, before anything is created; one
 * byte shorter works, every file with its whole name. Never a path cut
 * short (build's own buffers were 4096 bytes). */
START_TEST(output_path_near_path_max)
{
    char base[512];
    scratch(base, sizeof(base), "pathmax");
    ck_assert_int_eq(RG_OUTPUT_DIR_MAX, PATH_MAX - 2 - 255);
    /* the longest accepted: built, the four files there */
    char *out = long_dir(base, RG_OUTPUT_DIR_MAX);
    char *err;
    ck_assert_int_eq(build_into(out, &err), 0);
    ck_assert_str_eq(err, "");
    rg_free(err);
    static const char *const names[] = {"review.md", "review.html", "review.json", "timeline.svg"};
    for (int i = 0; i < 4; i++) {
        rg_buf p = {0};
        ck_assert_int_eq(rg_buf_printf(&p, "%s/%s", out, names[i]), 0);
        struct stat st;
        ck_assert_msg(stat(p.data, &st) == 0 && st.st_size > 100, "%s missing", names[i]);
        rg_buf_free(&p);
    }
    rg_free(out);
    /* one byte more, and far more: refused, exit 3, nothing created */
    size_t lens[] = {RG_OUTPUT_DIR_MAX + 1, PATH_MAX - 1, PATH_MAX + 300};
    for (int i = 0; i < 3; i++) {
        char sub[600];
        snprintf(sub, sizeof(sub), "%s-%d", base, i);
        out = long_dir(sub, lens[i]);
        ck_assert_int_eq(build_into(out, &err), 3);
        char want[600];
        snprintf(want, sizeof(want),
                 "reviewgen: cannot write into '%.40s...': the path is too long (%zu bytes; an "
                 "output folder's may have %d, so that the path of every file in it stays "
                 "within PATH_MAX, %d)\n",
                 out, lens[i], RG_OUTPUT_DIR_MAX, PATH_MAX);
        ck_assert_str_eq(err, want);
        rg_free(err);
        if (lens[i] < PATH_MAX) {
            struct stat st;
            ck_assert_int_ne(stat(out, &st), 0); /* the folder was not created */
        }
        rg_free(out);
    }
}
END_TEST

/* ---- locales, TZ and umask ----------------------------------------------- */

/* The sample incident built under every combination of LC_ALL, TZ and
 * umask gives byte-identical review.md, review.html, review.json and
 * timeline.svg; new files get 0666 less the umask (0644, 0600). A locale
 * that is not installed is skipped with its reason, or fails with
 * RG_REQUIRE_LOCALES=1 (CI, which generates de_DE.UTF-8). */
START_TEST(outputs_identical_under_locales_tz_umasks)
{
    static const char *const locales[] = {"C", "C.UTF-8", "de_DE.UTF-8"};
    static const char *const zones[] = {"UTC", "America/Los_Angeles", "Asia/Kolkata"};
    static const char *const umasks[] = {"022", "077"};
    static const char *const names[] = {"review.md", "review.html", "review.json", "timeline.svg"};
    char *ref[4] = {NULL, NULL, NULL, NULL};
    size_t ref_len[4] = {0, 0, 0, 0};
    int runs = 0;
    for (int l = 0; l < 3; l++) {
        locale_t loc = newlocale(LC_ALL_MASK, locales[l], (locale_t)0);
        if (!loc) {
            /* CI generates it (.ci/run): there a missing locale is a failure */
            const char *req = getenv("RG_REQUIRE_LOCALES");
            ck_assert_msg(!req || strcmp(req, "1") != 0,
                          "locale %s is not installed, and RG_REQUIRE_LOCALES=1 (CI) requires it "
                          "(localedef -i de_DE -f UTF-8 de_DE.UTF-8)",
                          locales[l]);
            fprintf(stderr,
                    "skipped: locale %s is not installed (locale-gen %s, or the locales-all "
                    "package), so outputs under it are not compared\n",
                    locales[l], locales[l]);
            continue;
        }
        freelocale(loc);
        for (int z = 0; z < 3; z++)
            for (int u = 0; u < 2; u++) {
                char out[512], name[64], errf[600];
                snprintf(name, sizeof(name), "loc-%d-%d-%d", l, z, u);
                scratch(out, sizeof(out), name);
                snprintf(errf, sizeof(errf), "%s.err", out);
                char cmd[2048];
                snprintf(cmd, sizeof(cmd),
                         "umask %s && LC_ALL=%s LANG=%s TZ=%s %s build samples/inc-2041-checkout "
                         "-o %s --no-store -q 2>%s",
                         umasks[u], locales[l], locales[l], zones[z], bin(), out, errf);
                int st = sh(cmd);
                char *e = slurp(errf, NULL);
                ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s", cmd, e);
                rg_free(e);
                for (int f = 0; f < 4; f++) {
                    char path[700];
                    snprintf(path, sizeof(path), "%s/%s", out, names[f]);
                    size_t len;
                    char *data = slurp(path, &len);
                    ck_assert_ptr_nonnull(data);
                    struct stat sb;
                    ck_assert_int_eq(stat(path, &sb), 0);
                    ck_assert_int_eq(sb.st_mode & 07777, u == 0 ? 0644 : 0600);
                    if (!ref[f]) {
                        ref[f] = data;
                        ref_len[f] = len;
                        continue;
                    }
                    ck_assert_msg(len == ref_len[f] && memcmp(data, ref[f], len) == 0,
                                  "%s differs under LC_ALL=%s TZ=%s umask %s", names[f], locales[l],
                                  zones[z], umasks[u]);
                    rg_free(data);
                }
                runs++;
            }
    }
    ck_assert_int_ge(runs, 12); /* C and C.UTF-8 are always there */
    for (int f = 0; f < 4; f++)
        rg_free(ref[f]);
}
END_TEST

static Suite *reliability_suite(void)
{
    Suite *s = suite_create("reliability");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, libxml2_allocates_through_us);
    tcase_add_loop_test(tc, libxml2_out_of_memory_is_out_of_memory, 0, 2);
    tcase_add_loop_test(tc, libxml2_html_parser_never_sees_null, 0, 2);
    tcase_add_loop_test(tc, memory_limit_gives_a_clean_error, 0, 2);
    tcase_add_test(tc, output_path_near_path_max);
    tcase_add_test(tc, outputs_identical_under_locales_tz_umasks);
    suite_add_tcase(s, tc);
    return s;
}

RG_CHECK_MAIN(reliability_suite)
