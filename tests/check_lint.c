/* check_lint.c -- blameless wording: each rule with what it must find and
 * what it must leave alone, the silencing comments, Markdown code skipped,
 * incident.json positions, and `reviewgen lint`'s exact lines and exit codes. */
#include "lint.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "check_cmd_util.h"
#include "check_util.h"
#include "jsonutil.h"

#define DIR RG_FIXTURES "/lint"

extern const rg_command rg_cmd_lint;

/* Lints text as "t.md" with the given names; returns one "line:col rule:
 * message" per finding, each ending in '\n' ("" when clean). Caller frees
 * with rg_free(). */
static char *lint_names(const char *text, const char *const *names, size_t n_names)
{
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_text("t.md", text, strlen(text), names, n_names, &f, &n, &d), 0);
    ck_assert_int_eq(d.has_error, 0);
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_append(&b, "", 0), 0);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(f[i].path, "t.md");
        ck_assert_int_eq(
            rg_buf_printf(&b, "%ld:%ld %s: %s\n", f[i].line, f[i].col, f[i].rule, f[i].message), 0);
    }
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
    return b.data;
}

static char *lint(const char *text)
{
    return lint_names(text, NULL, 0);
}

#define EXPECT(text, want)                                                                         \
    do {                                                                                           \
        char *got_ = lint(text);                                                                   \
        ck_assert_str_eq(got_, want);                                                              \
        rg_free(got_);                                                                             \
    } while (0)

#define EXPECT_NAMES(text, want)                                                                   \
    do {                                                                                           \
        char *got_ = lint_names(text, people, sizeof(people) / sizeof(people[0]));                 \
        ck_assert_str_eq(got_, want);                                                              \
        rg_free(got_);                                                                             \
    } while (0)

static const char *const people[] = {"Katrin Vogel", "Nguyễn Đức Minh", "Jan van Dijk"};

/* Reads a whole fixture; caller frees with rg_free(). */
static char *slurp(const char *path)
{
    rg_diag d;
    rg_diag_init(&d);
    size_t len;
    char *s = rg_read_file(path, &len, &d);
    ck_assert_msg(s != NULL, "%s", d.error);
    rg_diag_free(&d);
    return s;
}

START_TEST(test_human_error)
{
    /* the exact finding, as printed */
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    const char *text = "It was human error.";
    ck_assert_int_eq(rg_lint_text("t.md", text, strlen(text), NULL, 0, &f, &n, &d), 0);
    ck_assert_uint_eq(n, 1);
    char *line = rg_lint_finding_format(&f[0]);
    ck_assert_str_eq(line, "t.md:1:8: human-error: 'human error' puts the cause on a person "
                           "(describe what the system allowed or made hard)");
    rg_free(line);
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);

    EXPECT("Operator errors happen.\nA USER ERROR, they said.",
           "1:1 human-error: 'Operator errors' puts the cause on a person\n"
           "2:3 human-error: 'USER ERROR' puts the cause on a person\n");
    /* errors users saw are a measure, not blame; inhuman/humane are other words */
    EXPECT("The user error rate rose to 40%; user errors pages spiked.", "");
    EXPECT("Inhuman errors, humane error, human-error-budget.", "");
}
END_TEST

START_TEST(test_counterfactual)
{
    EXPECT("We should have paged sooner.\nThey could\nhave known; it failed to start.",
           "1:4 counterfactual: 'should have' judges with hindsight\n"
           "2:6 counterfactual: 'could have' judges with hindsight\n"
           "3:16 counterfactual: 'failed to' judges with hindsight\n");
    /* U+2019 apostrophe, and a phrase over a line break quoted on one line */
    EXPECT("It shouldn\xE2\x80\x99t have been merged; someone forgot to\n  commit it.",
           "1:4 counterfactual: 'shouldn\xE2\x80\x99t have' judges with hindsight\n"
           "1:40 counterfactual: 'forgot to' judges with hindsight\n");
    EXPECT("Ops neglected to rotate it; it would have failed anyway.",
           "1:5 counterfactual: 'neglected to' judges with hindsight\n"
           "1:32 counterfactual: 'would have' judges with hindsight\n");
    /* in code, split by a blank line, or other words */
    EXPECT("Run `should have` and ``failed to``.\n\n```\nshould have\n```\n", "");
    EXPECT("We should\n\nhave more. The shoulder haver. Unfailed tooling.", "");
}
END_TEST

START_TEST(test_name_and_blame)
{
    EXPECT_NAMES("Katrin caused the outage.\nMinh accidentally broke checkout.",
                 "1:1 name-and-blame: 'Katrin caused' names a person as the cause\n"
                 "2:1 name-and-blame: 'Minh accidentally broke' names a person as the cause\n");
    EXPECT_NAMES("Then Katrin Vogel\xE2\x80\x99s config change caused it. It was Katrin's mistake.",
                 "1:6 name-and-blame: 'Katrin Vogel\xE2\x80\x99s config change caused' names a "
                 "person as the cause\n"
                 "1:53 name-and-blame: 'Katrin's mistake' names a person as the cause\n");
    /* the whole name in any case; one word of it only with its capital */
    EXPECT_NAMES("katrin vogel messed up. katrin caused it. nguyễn đức minh made a mistake.",
                 "1:1 name-and-blame: 'katrin vogel messed up' names a person as the cause\n");
    /* a name that is not the subject of the blame */
    EXPECT_NAMES("The deploy broke Katrin's dashboard. Katrin found what caused the lag.\n"
                 "Thanks to Katrin, we saw what broke. Katrin's alert, which caused a page.\n"
                 "Katrin and the deploy then restarted. The van broke down.",
                 "");
    /* without names, nobody is known */
    EXPECT("Katrin caused the outage.", "");
    /* a name in a code span is not prose */
    EXPECT_NAMES("`Katrin caused` it", "");
}
END_TEST

START_TEST(test_single_root_cause)
{
    /* one finding per phrase, although two patterns overlap */
    EXPECT("The root cause was a static DNS name.\nIts root cause is the lag.",
           "1:1 single-root-cause: 'The root cause' suggests there was one cause\n"
           "2:5 single-root-cause: 'root cause is' suggests there was one cause\n");
    EXPECT("That was the sole cause.", "1:10 single-root-cause: 'the sole cause' suggests there "
                                       "was one cause\n");
    EXPECT("The root cause analysis found three factors; the root causes were many; the "
           "root-cause list.",
           "");
}
END_TEST

START_TEST(test_why_person)
{
    EXPECT_NAMES("Why did Katrin restart Patroni? why didn't he page? Why was Minh not told?",
                 "1:1 why-person: 'Why did Katrin' asks about a person\n"
                 "1:33 why-person: 'why didn't he' asks about a person\n"
                 "1:53 why-person: 'Why was Minh' asks about a person\n");
    EXPECT("Why did the on-call engineer not see it?",
           "1:1 why-person: 'Why did the on-call' asks about a person\n");
    /* the system is the subject, or the person's thing is */
    EXPECT_NAMES("Why did the standby lag? Why did Katrin's alert not fire? Why is the "
                 "heap full? Why did heat rise?",
                 "");
}
END_TEST

START_TEST(test_condescending)
{
    EXPECT("Obviously it was DNS. We simply restarted it; just restart it.\n"
           "Everyone knows the port. Of course. Clearly, it was wrong.",
           "1:1 condescending: 'Obviously' tells the reader it was easy\n"
           "1:26 condescending: 'simply' tells the reader it was easy\n"
           "1:47 condescending: 'just' tells the reader it was easy\n"
           "2:1 condescending: 'Everyone knows' tells the reader it was easy\n"
           "2:26 condescending: 'Of course' tells the reader it was easy\n"
           "2:37 condescending: 'Clearly' tells the reader it was easy\n");
    /* other words, time and quantity, and how something was said */
    EXPECT("We adjusted it to justify the just-in-time build, just before 21:40 and just over "
           "40 minutes. The status page explained clearly what to do; more clearly than "
           "before. A just\xC2\xA0"
           "after. Off course.",
           "");
    EXPECT("Justice. `just` <!-- just --> [docs](https://x.example/just-simply) "
           "https://obviously.example/ <a title=\"simply\">link</a>",
           "");
}
END_TEST

START_TEST(test_disable_comments)
{
    /* beside text: that line only */
    EXPECT("It was human error. <!-- reviewgen-lint: disable human-error -->\n"
           "It was human error.",
           "2:8 human-error: 'human error' puts the cause on a person\n");
    /* alone on its line: the next line only; several rules, commas or spaces */
    EXPECT("<!-- reviewgen-lint: disable counterfactual, condescending human-error -->\n"
           "We should have simply seen the human error.\n"
           "We should have seen it.",
           "3:4 counterfactual: 'should have' judges with hindsight\n");
    /* other rules stay on; "all" and no rule silence every rule */
    EXPECT("Obviously we should have. <!-- reviewgen-lint: disable counterfactual -->\n"
           "Obviously we should have. <!-- Reviewgen-Lint:Disable ALL -->\n"
           "Obviously we should have. <!-- reviewgen-lint: disable -->",
           "1:1 condescending: 'Obviously' tells the reader it was easy\n");
    /* a region, for one rule or all */
    EXPECT("<!-- reviewgen-lint: off condescending -->\nObviously we should have.\n"
           "<!-- reviewgen-lint: on -->\nJust do it.\n<!-- reviewgen-lint: off -->\n"
           "The root cause was human error.",
           "2:14 counterfactual: 'should have' judges with hindsight\n"
           "4:1 condescending: 'Just' tells the reader it was easy\n");
    /* a typo silences nothing and says so; a directive in code is an example */
    EXPECT("Obviously. <!-- reviewgen-lint: disable obvious -->\n"
           "<!-- reviewgen-lint: silence all -->\n"
           "`<!-- reviewgen-lint: disable -->` Obviously.\n"
           "```\n<!-- reviewgen-lint: off -->\n```\nObviously.\n"
           "<!-- some other comment: disable all -->\nObviously.",
           "1:1 condescending: 'Obviously' tells the reader it was easy\n"
           "1:41 bad-directive: unknown rule 'obvious' in a reviewgen-lint comment\n"
           "2:22 bad-directive: unknown reviewgen-lint command 'silence'\n"
           "3:36 condescending: 'Obviously' tells the reader it was easy\n"
           "7:1 condescending: 'Obviously' tells the reader it was easy\n"
           "9:1 condescending: 'Obviously' tells the reader it was easy\n");
}
END_TEST

START_TEST(test_markdown_code_skipped)
{
    EXPECT("~~~\nobviously\n~~~~\n  ```python\n  obviously\n  ```\nnot `obviously`, ``a ` "
           "obviously``, \\`obviously\\`.\n"
           "```\nan unclosed fence runs to the end: obviously",
           "7:39 condescending: 'obviously' tells the reader it was easy\n");
    /* a code span does not close across a blank line, so its backtick is text */
    EXPECT("a `b\n\nobviously` c", "3:1 condescending: 'obviously' tells the reader it was easy\n");
    /* HTML: tags are skipped, their text is prose */
    EXPECT("<script>simply</script>\n<img src=x onerror=\"just()\">",
           "1:9 condescending: 'simply' tells the reader it was easy\n");
}
END_TEST

START_TEST(test_columns_and_encodings)
{
    /* columns count characters, not bytes; a BOM is not a character; CRLF */
    EXPECT_NAMES("\xEF\xBB\xBFNguyễn Đức Minh — obviously.\r\nĐức: Minh caused it.\r\n",
                 "1:19 condescending: 'obviously' tells the reader it was easy\n"
                 "2:6 name-and-blame: 'Minh caused' names a person as the cause\n");
    /* invalid UTF-8 and control characters never reach a message */
    const char *const odd[] = {"Bad\xFFName", "Tab\tName"};
    char *got = lint_names("Bad\xFFName caused it. Tab\tName broke it. \x07just\x1b", odd, 2);
    ck_assert_str_eq(got, "1:1 name-and-blame: 'Bad\xEF\xBF\xBDName caused' names a person as "
                          "the cause\n"
                          "1:21 name-and-blame: 'Tab Name broke' names a person as the cause\n"
                          "1:41 condescending: 'just' tells the reader it was easy\n");
    rg_free(got);
    /* empty and NUL-bearing text */
    EXPECT("", "");
    rg_lint_finding *f = NULL;
    size_t n = 9;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_text("t.md", "just\0just", 9, NULL, 0, &f, &n, &d), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(f[1].col, 6);
    rg_lint_findings_free(f, n);
    /* UTF-16 is refused with the file's name */
    ck_assert_int_eq(rg_lint_text("t.md", "\xFF\xFEj\0u\0", 6, NULL, 0, &f, &n, &d), -1);
    ck_assert_str_eq(d.error, "t.md:1:1: file is UTF-16; save it as UTF-8");
    ck_assert_ptr_null(f);
    ck_assert_uint_eq(n, 0);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_review_names)
{
    char *text = slurp(DIR "/review.md");
    char **names = NULL;
    size_t n = 0;
    ck_assert_int_eq(rg_lint_review_names(text, strlen(text), &names, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(names[0], "Nguyễn Đức Minh");
    ck_assert_str_eq(names[1], "Katrin Vogel");
    ck_assert_str_eq(names[2], "Jean_Luc Picard"); /* Markdown escape removed */
    rg_lint_names_free(names, n);
    rg_free(text);
    /* a table under another header, and one in a code block, name nobody */
    const char *other = "| Who | Role |\n| --- | --- |\n| Linh | IC |\n\n```\n| Responder |\n"
                        "| --- |\n| Linh |\n```\n| Responder |\n| --- |\n| — |\n| `x` |\n| |\n";
    ck_assert_int_eq(rg_lint_review_names(other, strlen(other), &names, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(names);
}
END_TEST

/* Lints path and returns the printed lines joined, or the error line. */
static char *lint_path_lines(const char *path, int *rc)
{
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    *rc = rg_lint_path(path, NULL, 0, &f, &n, &d);
    rg_buf b = {0};
    ck_assert_int_eq(rg_buf_append(&b, "", 0), 0);
    if (*rc != 0)
        ck_assert_int_eq(rg_buf_puts(&b, d.error), 0);
    for (size_t i = 0; i < n; i++) {
        char *line = rg_lint_finding_format(&f[i]);
        ck_assert_int_eq(rg_buf_printf(&b, "%s\n", line), 0);
        rg_free(line);
    }
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
    return b.data;
}

START_TEST(test_incident_folder)
{
    /* the JSON file's own lines and columns: \n, \" and \u00e9 count as written */
    int rc;
    char *got = lint_path_lines(DIR "/incident", &rc);
    ck_assert_int_eq(rc, 0);
    char *want = slurp(DIR "/incident.expected");
    /* the expected file names the folder relative to the fixtures */
    rg_buf b = {0};
    for (const char *p = want; *p;) {
        const char *e = strchr(p, '\n');
        ck_assert_int_eq(rg_buf_printf(&b, DIR "/%.*s\n", (int)(e - p), p), 0);
        p = e + 1;
    }
    ck_assert_str_eq(got, b.data);
    ck_assert_ptr_nonnull(strstr(got, DIR "/incident/incident.json:8:64: condescending: "
                                          "'obviously' tells the reader it was easy"));
    rg_buf_free(&b);
    rg_free(want);
    rg_free(got);
    /* a trailing slash, and the manifest named directly */
    got = lint_path_lines(DIR "/incident/", &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(got, DIR "/incident/incident.json:17:6: name-and-blame: "
                                          "'Katrin's change caused'"));
    rg_free(got);
    got = lint_path_lines(DIR "/incident/incident.json", &rc);
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(strstr(got, DIR "/incident/incident.json:21:33: why-person: "
                                          "'Why did Minh' asks about a person"));
    rg_free(got);
}
END_TEST

START_TEST(test_manifest_text)
{
    /* a nested "summary" or a later sibling is not taken for the top-level one,
     * a BOM is not a column, and values of other types are skipped */
    const char *text = "\xEF\xBB\xBF{\"sources\": [{\"summary\": \"ok\"}], \"recognition\": 5,\n"
                       " \"summary\":\n  \"a\\u00e9\\ud83d\\ude00 just \\\"x\\\" simply\",\n"
                       " \"action_items\": [{\"owner\": \"just\", \"title\": \"Fix: obviously\"}, "
                       "7, null]}";
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_manifest("m.json", text, strlen(text), NULL, 0, &f, &n, &d), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(f[0].line, 3);
    ck_assert_int_eq(f[0].col, 24);
    ck_assert_str_eq(f[0].message, "'just' tells the reader it was easy");
    ck_assert_int_eq(f[1].line, 3);
    ck_assert_int_eq(f[1].col, 35);
    ck_assert_int_eq(f[2].line, 4);
    ck_assert_int_eq(f[2].col, 52);
    ck_assert_str_eq(f[2].message, "'obviously' tells the reader it was easy");
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
}
END_TEST

/* The review's own sections are checked too, and a factor chain's
 * "factor" (its causes are checked in the review). */
START_TEST(test_manifest_sections)
{
    const char *text = "{\"went_wrong\": [\"The deploy simply failed\"],\n"
                       " \"contributing_factors\": [{\"factor\": \"It was obviously late\", "
                       "\"because\": [\"x\"]}, \"ok\"],\n"
                       " \"got_lucky\": [\"Traffic was just low\"], \"went_well\": [7]}";
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_manifest("m.json", text, strlen(text), NULL, 0, &f, &n, &d), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(f[0].line, 1);
    ck_assert_int_eq(f[0].col, 29);
    ck_assert_str_eq(f[0].message, "'simply' tells the reader it was easy");
    ck_assert_int_eq(f[1].line, 2);
    ck_assert_int_eq(f[1].col, 46);
    ck_assert_str_eq(f[1].message, "'obviously' tells the reader it was easy");
    ck_assert_int_eq(f[2].line, 3);
    ck_assert_int_eq(f[2].col, 29);
    ck_assert_str_eq(f[2].message, "'just' tells the reader it was easy");
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
}
END_TEST

START_TEST(test_invalid_inputs)
{
    static const char *const cases[][2] = {
        {DIR "/invalid/truncated", DIR "/invalid/truncated/"},
        {DIR "/invalid/not-object", DIR "/invalid/not-object/"},
        {DIR "/invalid/utf16/input.md", DIR "/invalid/utf16/"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc;
        char *got = lint_path_lines(cases[i][0], &rc);
        ck_assert_int_eq(rc, -1);
        char errpath[256];
        snprintf(errpath, sizeof(errpath), "%serror", cases[i][1]);
        char *want = slurp(errpath);
        char full[512];
        snprintf(full, sizeof(full), "%s%.*s", cases[i][1], (int)strcspn(want, "\n"), want);
        ck_assert_str_eq(got, full);
        rg_free(want);
        rg_free(got);
    }
    int rc;
    char *got = lint_path_lines(DIR "/no-manifest", &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(got, DIR "/no-manifest: no incident.json to check (lint a review with "
                              "'reviewgen lint REVIEW.md')");
    rg_free(got);
    got = lint_path_lines(DIR "/absent.md", &rc);
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(got, DIR "/absent.md: cannot read: No such file or directory");
    rg_free(got);
}
END_TEST

START_TEST(test_findings_json)
{
    const char *text = "Obviously.\n\n`x` It was human error.";
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_text("out/\xFFreview.md", text, strlen(text), NULL, 0, &f, &n, &d), 0);
    json_t *arr = rg_lint_findings_json(f, n);
    ck_assert_ptr_nonnull(arr);
    char *s = json_dumps(arr, JSON_COMPACT);
    ck_assert_str_eq(
        s,
        "[{\"file\":\"out/\xEF\xBF\xBDreview.md\",\"line\":1,\"col\":1,\"rule\":\"condescending\","
        "\"message\":\"'Obviously' tells the reader it was easy\",\"suggestion\":\"leave the "
        "word out and explain the point instead\"},{\"file\":\"out/\xEF\xBF\xBDreview.md\","
        "\"line\":3,\"col\":12,\"rule\":\"human-error\",\"message\":\"'human error' puts the "
        "cause on a person\",\"suggestion\":\"describe what the system allowed or made "
        "hard\"}]");
    free(s);
    json_decref(arr);
    arr = rg_lint_findings_json(NULL, 0);
    ck_assert_uint_eq(json_array_size(arr), 0);
    json_decref(arr);
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
    ck_assert_uint_eq(rg_lint_n_rules, 7);
    ck_assert_str_eq(rg_lint_rule_ids[2], "name-and-blame");
}
END_TEST

START_TEST(test_review_json)
{
    json_t *model = json_pack("{s:[{s:s, s:s}, {s:i}]}", "responders", "name", "Katrin Vogel",
                              "role", "Database engineer", "name", 5);
    const char *md = "# Review\n\nKatrin caused it.\n";
    rg_diag d;
    rg_diag_init(&d);
    json_t *lint = rg_lint_review_json(model, md, strlen(md), &d);
    ck_assert_ptr_nonnull(lint);
    char *s = json_dumps(lint, JSON_COMPACT);
    ck_assert_str_eq(s, "[{\"file\":\"review.md\",\"line\":3,\"col\":1,\"rule\":"
                        "\"name-and-blame\",\"message\":\"'Katrin caused' names a person as the "
                        "cause\",\"suggestion\":\"describe the action and the conditions around "
                        "it, not who took it\"}]");
    free(s);
    json_decref(lint);
    /* no responders: no names, still an array */
    lint = rg_lint_review_json(NULL, md, strlen(md), &d);
    ck_assert_uint_eq(json_array_size(lint), 0);
    json_decref(lint);
    json_decref(model);
    rg_diag_free(&d);
}
END_TEST

/* Inputs that are quadratic for a naive scanner (cmark's pathological
 * tests): each must finish well inside the test case's timeout. */
START_TEST(test_hostile_sizes)
{
    static const char *const units[] = {"<!-- ",
                                        "](",
                                        "`a` ",
                                        "` ",
                                        "``` x ` ",
                                        "just ",
                                        "Katrin Katrin ",
                                        "\\`",
                                        "<!-- reviewgen-lint: disable --> ",
                                        "](())"};
    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        size_t ul = strlen(units[u]), count = 1000000 / ul;
        char *text = rg_malloc(count * ul + 1);
        for (size_t i = 0; i < count; i++)
            memcpy(text + i * ul, units[u], ul);
        text[count * ul] = '\0';
        rg_lint_finding *f = NULL;
        size_t n = 0;
        rg_diag d;
        rg_diag_init(&d);
        const char *const names[] = {"Katrin Vogel"};
        ck_assert_int_eq(rg_lint_text("big.md", text, count * ul, names, 1, &f, &n, &d), 0);
        ck_assert_uint_eq(n, u == 5 ? count : 0);
        rg_lint_findings_free(f, n);
        rg_diag_free(&d);
        rg_free(text);
    }
}
END_TEST

/* Runs `reviewgen lint ARGS` through the command table entry with stdout and
 * stderr captured (rg_malloc'd); out_fd, when >= 0, is stdout instead. */
static int run_lint(const char *const *args, char **out, char **err, int out_fd)
{
    char *argv[16];
    int argc = 0;
    for (; args[argc]; argc++)
        argv[argc] = (char *)args[argc];
    argv[argc] = NULL;
    fflush(stdout);
    fflush(stderr);
    FILE *fo = tmpfile(), *fe = tmpfile();
    ck_assert_ptr_nonnull(fo);
    ck_assert_ptr_nonnull(fe);
    int so = dup(1), se = dup(2);
    dup2(out_fd >= 0 ? out_fd : fileno(fo), 1);
    dup2(fileno(fe), 2);
    int rc = rg_test_run_cmd(&rg_cmd_lint, argc, argv);
    fflush(stdout);
    fflush(stderr);
    clearerr(stdout);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    FILE *files[2] = {fo, fe};
    char **dst[2] = {out, err};
    for (int i = 0; i < 2; i++) {
        rewind(files[i]);
        char *buf = rg_malloc(1 << 16);
        size_t k = fread(buf, 1, (1 << 16) - 1, files[i]);
        buf[k] = '\0';
        fclose(files[i]);
        *dst[i] = buf;
    }
    return rc;
}

START_TEST(test_command)
{
    char *out, *err;
    /* findings: exactly the expected lines, exit 1 */
    ck_assert_int_eq(run_lint((const char *const[]){DIR "/review.md", NULL}, &out, &err, -1), 4);
    char *want = slurp(DIR "/review.expected");
    rg_buf b = {0};
    for (const char *p = want; *p;) {
        const char *e = strchr(p, '\n');
        ck_assert_int_eq(rg_buf_printf(&b, DIR "/%.*s\n", (int)(e - p), p), 0);
        p = e + 1;
    }
    ck_assert_str_eq(out, b.data);
    ck_assert_str_eq(err, "");
    ck_assert_ptr_nonnull(strstr(out, DIR "/review.md:20:3: name-and-blame: 'Minh accidentally "
                                          "broke' names a person as the cause (describe the "
                                          "action and the conditions around it, not who took "
                                          "it)\n"));
    rg_buf_free(&b);
    rg_free(want);
    rg_free(out);
    rg_free(err);
    /* clean: nothing printed, exit 0 */
    ck_assert_int_eq(run_lint((const char *const[]){DIR "/clean.md", NULL}, &out, &err, -1), 0);
    ck_assert_str_eq(out, "");
    ck_assert_str_eq(err, "");
    rg_free(out);
    rg_free(err);
    /* --name adds a person the file does not list */
    ck_assert_int_eq(
        run_lint((const char *const[]){DIR "/clean.md", "--name", "Ana", NULL}, &out, &err, -1), 0);
    rg_free(out);
    rg_free(err);
    /* unreadable input: 1, the error on stderr, the other paths still checked */
    ck_assert_int_eq(
        run_lint((const char *const[]){DIR "/absent.md", DIR "/clean.md", DIR "/incident", NULL},
                 &out, &err, -1),
        1);
    ck_assert_str_eq(err, DIR "/absent.md: cannot read: No such file or directory\n");
    ck_assert_ptr_nonnull(strstr(out, DIR "/incident/incident.json:8:64: condescending:"));
    rg_free(out);
    rg_free(err);
    /* usage errors: 2 */
    ck_assert_int_eq(run_lint((const char *const[]){NULL}, &out, &err, -1), 2);
    ck_assert_str_eq(err, "reviewgen: lint: missing the review or incident folder (reviewgen "
                          "lint PATH)\nTry 'reviewgen lint --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run_lint((const char *const[]){"x.md", "--name", NULL}, &out, &err, -1), 2);
    ck_assert_str_eq(err, "reviewgen: lint: option '--name' needs a value\n"
                          "Try 'reviewgen lint --help'.\n");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(run_lint((const char *const[]){"--help", NULL}, &out, &err, -1), 0);
    ck_assert_ptr_nonnull(
        strstr(out, "usage: reviewgen lint PATH... [--name NAME]... [--format text|json]\n"));
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_command_names_and_hostile_path)
{
    /* a file named with control characters is printed on one clean line */
    mkdir("build/test-scratch", 0777);
    const char *path = "build/test-scratch/lint\x1b[2J.md";
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("Ana broke it.\n", f);
    fclose(f);
    char *out, *err;
    ck_assert_int_eq(run_lint((const char *const[]){path, NULL}, &out, &err, -1), 0);
    ck_assert_str_eq(out, "");
    rg_free(out);
    rg_free(err);
    ck_assert_int_eq(
        run_lint((const char *const[]){"--name", "Ana", "--", path, NULL}, &out, &err, -1), 4);
    ck_assert_str_eq(out, "build/test-scratch/lint?[2J.md:1:1: name-and-blame: 'Ana broke' names "
                          "a person as the cause (describe the action and the conditions around "
                          "it, not who took it)\n");
    rg_free(out);
    rg_free(err);
    unlink(path);
}
END_TEST

START_TEST(test_command_write_failure)
{
    int full = open("/dev/full", O_WRONLY);
    if (full < 0) {
        fprintf(stderr, "skipped: /dev/full is absent\n");
        return;
    }
    char *out, *err;
    ck_assert_int_eq(run_lint((const char *const[]){DIR "/review.md", NULL}, &out, &err, full), 3);
    ck_assert_str_eq(err, "reviewgen: cannot write the findings: No space left on device\n");
    close(full);
    rg_free(out);
    rg_free(err);
}
END_TEST

START_TEST(test_out_of_memory)
{
    /* Fail the Nth allocation for every N until a run succeeds: each failed
     * run is a clean "out of memory" error, nothing leaks (ASan), and the run
     * that succeeds gives the full result. */
    rg_alloc_install_jansson();
    static const char *const paths[] = {DIR "/review.md", DIR "/incident"};
    for (size_t p = 0; p < 2; p++) {
        int done = 0;
        for (long k = 0; k < 100000 && !done; k++) {
            rg_lint_finding *f = NULL;
            size_t n = 0;
            rg_diag d;
            rg_diag_init(&d);
            rg_alloc_fail_after(k);
            int rc = rg_lint_path(paths[p], NULL, 0, &f, &n, &d);
            rg_alloc_fail_after(-1);
            if (rc == 0) {
                ck_assert_uint_eq(n, p == 0 ? 10 : 7);
                done = 1;
            } else {
                ck_assert_int_eq(d.has_error, 1);
                ck_assert_ptr_null(f);
                ck_assert_uint_eq(n, 0);
            }
            rg_lint_findings_free(f, n);
            rg_diag_free(&d);
        }
        ck_assert_int_eq(done, 1);
    }
    /* and the JSON array: NULL, never a partial one */
    rg_lint_finding *f = NULL;
    size_t n = 0;
    rg_diag d;
    rg_diag_init(&d);
    ck_assert_int_eq(rg_lint_path(DIR "/review.md", NULL, 0, &f, &n, &d), 0);
    for (long k = 0;; k++) {
        rg_alloc_fail_after(k);
        json_t *arr = rg_lint_findings_json(f, n);
        rg_alloc_fail_after(-1);
        if (arr) {
            ck_assert_uint_eq(json_array_size(arr), n);
            json_decref(arr);
            break;
        }
    }
    rg_lint_findings_free(f, n);
    rg_diag_free(&d);
}
END_TEST

static Suite *lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *rules = tcase_create("rules");
    tcase_add_test(rules, test_human_error);
    tcase_add_test(rules, test_counterfactual);
    tcase_add_test(rules, test_name_and_blame);
    tcase_add_test(rules, test_single_root_cause);
    tcase_add_test(rules, test_why_person);
    tcase_add_test(rules, test_condescending);
    tcase_add_test(rules, test_disable_comments);
    tcase_add_test(rules, test_markdown_code_skipped);
    tcase_add_test(rules, test_columns_and_encodings);
    suite_add_tcase(s, rules);
    TCase *files = tcase_create("files");
    tcase_add_test(files, test_review_names);
    tcase_add_test(files, test_incident_folder);
    tcase_add_test(files, test_manifest_text);
    tcase_add_test(files, test_manifest_sections);
    tcase_add_test(files, test_invalid_inputs);
    tcase_add_test(files, test_findings_json);
    tcase_add_test(files, test_review_json);
    TCase *sizes = tcase_create("sizes");
    tcase_add_test(sizes, test_hostile_sizes);
    tcase_set_timeout(sizes, 5); /* linear takes milliseconds; quadratic, minutes */
    suite_add_tcase(s, sizes);
    suite_add_tcase(s, files);
    TCase *cmd = tcase_create("command");
    tcase_add_test(cmd, test_command);
    tcase_add_test(cmd, test_command_names_and_hostile_path);
    tcase_add_test(cmd, test_command_write_failure);
    tcase_add_test(cmd, test_out_of_memory);
    tcase_set_timeout(cmd, 60);
    suite_add_tcase(s, cmd);
    return s;
}

RG_CHECK_MAIN(lint_suite)
