/* cmd/lint.c -- `reviewgen lint PATH...`: blameless wording in a review or an
 * incident folder's incident.json, one "file:line:col: rule: message
 * (suggestion)" line per finding (README, "Blameless wording"), or with
 * --format json one document for CI; "-" is standard input, "<stdin>". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "jsonutil.h"
#include "lint.h"

static const char lint_help[] =
    "usage: reviewgen lint PATH... [--name NAME]... [--format text|json]\n"
    "\n"
    "Checks the wording of a review for blame: \"human error\", hindsight (\"should\n"
    "have\", \"failed to\"), a person named as the cause, \"the root cause\", \"why did\n"
    "<person>\", and words that tell the reader it was easy (\"obviously\", \"just\").\n"
    "PATH is a Markdown review (review.md, also one a person has edited), an\n"
    "incident.json, or an incident folder (its incident.json's summary,\n"
    "customer_impact, recognition, contributing_factors and action item titles),\n"
    "or - for standard input (named <stdin> in the findings; read as an\n"
    "incident.json when it starts with '{', else as a review).\n"
    "People's names come from the review's responders table or the manifest's\n"
    "responders. Prints one line per finding:\n"
    "\n"
    "  file:line:col: rule: message (suggestion)\n"
    "\n"
    "Silence a rule on one line with <!-- reviewgen-lint: disable RULE[, RULE] -->\n"
    "(alone on a line: the line after it); <!-- reviewgen-lint: off [RULE...] --> and\n"
    "<!-- reviewgen-lint: on [RULE...] --> bracket a region.\n"
    "\n"
    "  --name NAME      a person's name to look for, besides the ones found\n"
    "                   (repeatable)\n"
    "  --format FORMAT  text (the default: one line per finding) or json: one\n"
    "                   document, {\"findings\": [{file, line, col, rule, message,\n"
    "                   suggestion}]}, in the order of the text lines (errors still\n"
    "                   go to stderr)\n"
    "\n"
    "Exit status: 0 no findings, 1 a PATH could not be read or parsed (the other\n"
    "PATHs are still checked), 2 usage error, 3 the findings could not be written,\n"
    "4 findings.\n";

enum { NAME = RG_KEY_OWN };

static const rg_opt opts[] = {
    {"name", NAME, 1, ""}, {"format", RG_KEY_FORMAT, 1, "text json"}, {NULL, 0, 0, NULL}};

static int cmd_lint(int argc, char **argv)
{
    const char **names = rg_calloc((size_t)argc + 1, sizeof(*names));
    const char **paths = rg_calloc((size_t)argc + 1, sizeof(*paths));
    size_t n_names = 0, n_paths = 0;
    int code = RG_EXIT_OK, json = 0;
    json_t *all = NULL; /* --format json: every finding, in order */
    if (!names || !paths) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    rg_opts o;
    rg_opts_init(&o, "lint", lint_help, opts, argc, argv);
    for (int k; (k = rg_opts_next(&o)) != RG_OPT_END;) {
        if (k == RG_OPT_EXIT) {
            code = o.exit;
            goto done;
        }
        if (k == NAME)
            names[n_names++] = o.arg;
        if (k == RG_KEY_FORMAT) {
            if (strcmp(o.arg, "json") != 0 && strcmp(o.arg, "text") != 0) {
                code = rg_cli_usage_error("lint: unknown format '%s' (text or json)", o.arg);
                goto done;
            }
            json = strcmp(o.arg, "json") == 0;
        }
    }
    int stop = rg_cli_operands(&o, 1, -1, "the review or incident folder (reviewgen lint PATH)");
    if (stop >= 0) {
        code = stop;
        goto done;
    }
    for (int i = 0; i < rg_opts_n_operands(&o); i++) {
        paths[n_paths] = rg_opts_operand(&o, i);
        for (size_t j = 0; j < n_paths; j++)
            if (strcmp(paths[n_paths], "-") == 0 && strcmp(paths[j], "-") == 0) {
                code = rg_cli_usage_error("lint: %s", "'-' (standard input) can be given once");
                goto done;
            }
        n_paths++;
    }
    int found = 0, trouble = 0;
    if (json && !(all = json_array())) {
        fprintf(stderr, "reviewgen: out of memory\n");
        code = RG_EXIT_OUTPUT;
        goto done;
    }
    for (size_t p = 0; p < n_paths; p++) {
        rg_diag diag;
        rg_diag_init(&diag);
        rg_lint_finding *f = NULL;
        size_t n = 0;
        int rc;
        if (strcmp(paths[p], "-") == 0) {
            /* standard input: a review, or an incident.json when it starts with '{' */
            size_t len = 0;
            char *text = rg_read_stream(stdin, RG_STDIN_NAME, &len, &diag);
            rc = text ? rg_lint_input(RG_STDIN_NAME, text, len, -1, names, n_names, &f, &n, &diag)
                      : -1;
            rg_free(text);
        } else {
            rc = rg_lint_path(paths[p], names, n_names, &f, &n, &diag);
        }
        if (rc != 0) {
            rg_term_put_clean(diag.error, stderr);
            fputc('\n', stderr);
            trouble = 1;
        }
        if (json && n) {
            json_t *arr = rg_lint_findings_json(f, n);
            if (!arr || json_array_extend(all, arr) != 0) {
                fprintf(stderr, "reviewgen: out of memory\n");
                trouble = 1;
            }
            json_decref(arr);
            found = 1;
        }
        for (size_t i = 0; !json && i < n; i++) {
            char *line = rg_lint_finding_format(&f[i]);
            if (!line) {
                fprintf(stderr, "reviewgen: out of memory\n");
                trouble = 1;
                break;
            }
            rg_term_put_clean(line, stdout);
            fputc('\n', stdout);
            rg_free(line);
            found = 1;
        }
        rg_lint_findings_free(f, n);
        rg_diag_free(&diag);
    }
    if (json) {
        json_t *doc = json_pack("{s:O}", "findings", all);
        char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        json_decref(doc);
        if (!text) {
            fprintf(stderr, "reviewgen: out of memory\n");
            code = RG_EXIT_OUTPUT;
            goto done;
        }
        fputs(text, stdout);
        fputc('\n', stdout);
        free(text);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "reviewgen: cannot write the findings: %s\n", strerror(errno));
        code = RG_EXIT_OUTPUT;
    } else {
        /* One table for every command (README, "Errors and exit codes"): a
         * PATH that could not be read is 1, as for any input; findings are 4,
         * so a script tells "fix the wording" from "the lint did not run". */
        code = trouble ? RG_EXIT_INPUT : found ? RG_EXIT_FOUND : RG_EXIT_OK;
    }
done:
    json_decref(all);
    rg_free(names);
    rg_free(paths);
    return code;
}

const rg_command rg_cmd_lint = {
    "lint",
    "lint PATH... [--format json]     check a review or incident folder for blaming words",
    lint_help,
    cmd_lint,
    opts,
    "@file"};
