/* lint.h -- blameless wording: finds phrases in a review (Markdown) or in an
 * incident.json's prose that put the cause on a person (README, "Blameless
 * wording"), each with where it is and what to write instead. */
#ifndef RG_LINT_H
#define RG_LINT_H

#include <jansson.h>
#include <stddef.h>

#include "diag.h"

/* Rule ids, as printed and as written in a reviewgen-lint comment:
 * "human-error", "counterfactual", "name-and-blame", "single-root-cause",
 * "why-person", "condescending"; and "bad-directive" for a reviewgen-lint
 * comment that names an unknown rule or command (so a typo never silences
 * nothing without saying so). */
typedef struct rg_lint_finding {
    char *path;             /* the file, as given by the caller */
    long line, col;         /* from 1; col counts characters (UTF-8), not bytes */
    const char *rule;       /* static: the rule id */
    char *message;          /* quotes the words found, whitespace collapsed, valid UTF-8 */
    const char *suggestion; /* static: what to write instead */
} rg_lint_finding;

/* Lints text[0..len) as Markdown: fenced code blocks, inline code spans, HTML
 * comments, autolinks, link destinations and bare URLs are skipped; a UTF-8
 * BOM is skipped. names are the people's names known from the evidence or the
 * manifest (NULL/0 for none): name-and-blame and why-person look for them
 * (the whole name in any case, and each word of it written with its capital,
 * so "Katrin" finds "Katrin Vogel"). Appends nothing for clean text.
 *
 * On success returns 0 with *out (NULL when *n is 0) in file order (line,
 * col, then rule); the caller frees it with rg_lint_findings_free(*out, *n).
 * Returns -1 with "path:1:1: file is UTF-16; save it as UTF-8" or "out of
 * memory" in diag, and *out NULL, *n 0. */
int rg_lint_text(const char *path, const char *text, size_t len, const char *const *names,
                 size_t n_names, rg_lint_finding **out, size_t *n, rg_diag *diag);

/* Lints the prose of an incident.json held in text[0..len): "summary",
 * "customer_impact", each "recognition" and "contributing_factors" line and
 * each action item's title, each as Markdown as above. A finding's line and
 * column are those of the words in the JSON file (escapes such as \n and
 * \u00e9 are counted as written). The names are the manifest's
 * responders[].name plus the given ones. Values of another type are skipped:
 * `build` reports them. Returns 0, or -1 with the JSON error
 * ("path:line:col: message", as rg_json_parse) or "path:1:1: expected an
 * object, got an array" in diag. Ownership as rg_lint_text. */
int rg_lint_manifest(const char *path, const char *text, size_t len, const char *const *names,
                     size_t n_names, rg_lint_finding **out, size_t *n, rg_diag *diag);

/* What `reviewgen lint PATH` checks: a folder is linted through its
 * incident.json (the findings' path is "DIR/incident.json"); a file whose
 * name ends in ".json" as a manifest; any other file as a Markdown review,
 * with the names in its responders table (a table whose first header cell is
 * "Responder") added to the given ones. Returns 0, or -1 with
 * "path: cannot read: <reason>" or "DIR: no incident.json to check" or a
 * parse error in diag. Ownership as rg_lint_text. */
int rg_lint_path(const char *path, const char *const *names, size_t n_names, rg_lint_finding **out,
                 size_t *n, rg_diag *diag);

/* rg_lint_path for text[0..len) already read (standard input: path
 * "<stdin>"): as a manifest when manifest is 1, as a Markdown review when 0,
 * and when -1 as a manifest if its first character (after a BOM and
 * whitespace) is '{', else as a review. Ownership as rg_lint_text. */
int rg_lint_input(const char *path, const char *text, size_t len, int manifest,
                  const char *const *names, size_t n_names, rg_lint_finding **out, size_t *n,
                  rg_diag *diag);

/* The names in text's responders tables (first header cell "Responder" or
 * "Responders", case ignored), first column, Markdown backslash escapes
 * removed, in order, without repeats. Returns 0 with *names (NULL when *n is 0);
 * the caller frees it with rg_lint_names_free(*names, *n). -1 when out of memory. */
int rg_lint_review_names(const char *text, size_t len, char ***names, size_t *n);
void rg_lint_names_free(char **names, size_t n);

void rg_lint_findings_free(rg_lint_finding *findings, size_t n);

/* "path:line:col: rule: message (suggestion)", the line `reviewgen lint`
 * prints (without a newline). Caller frees with rg_free(); NULL when out of
 * memory. */
char *rg_lint_finding_format(const rg_lint_finding *f);

/* review.json's "lint" array: [{"file", "line", "col", "rule", "message",
 * "suggestion"}], in the order given. Caller frees with json_decref(); NULL
 * when out of memory (never a partial array). */
json_t *rg_lint_findings_json(const rg_lint_finding *findings, size_t n);

/* What `build` runs over the review it renders: lints md[0..md_len) (the
 * text of review.md) with the names of the model's "responders" that the
 * review lists (not "listed": false; README, "Every section bounded"), as
 * linting review.md reads them from its table, and returns
 * review.json's "lint" array, each "file" being "review.md". Caller frees
 * with json_decref(); NULL with the error in diag. */
json_t *rg_lint_review_json(const json_t *model, const char *md, size_t md_len, rg_diag *diag);

/* The rule ids, in the order findings at the same place are listed. */
extern const char *const rg_lint_rule_ids[];
extern const size_t rg_lint_n_rules;

#endif
