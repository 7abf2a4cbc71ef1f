/* tracker.h -- action items for the issue tracker the team uses: a CSV file
 * for Jira's CSV importer, or JSON lines for GitHub's create-an-issue API
 * (README, "Exporting action items to a tracker"). */
#ifndef RG_TRACKER_H
#define RG_TRACKER_H

#include <jansson.h>
#include <stddef.h>

#include "arena.h"

typedef enum rg_tracker_format { RG_TRACKER_JIRA_CSV, RG_TRACKER_GITHUB } rg_tracker_format;

/* "jira-csv" or "github". Returns 0, -1 for anything else. */
int rg_tracker_format_parse(const char *s, rg_tracker_format *out);

/* Appends rows (rg_list_actions' objects) to out as tracker issues.
 *
 * jira-csv: RFC 4180 with CRLF and the header
 *   Summary,Assignee,Due date,Priority,Labels,Labels,Labels,Description
 * (Jira's importer takes a repeated column as several values of one field):
 * Summary = the title; Assignee = the owner as written (map it to an account
 * in the importer); Due date = the item's own date, YYYY-MM-DD (set the
 * importer's date format to yyyy-MM-dd), empty when the item has none;
 * Priority = P1..P5 as Highest, High, Medium, Low, Lowest, anything else as
 * written; Labels = "post-incident", the incident id and the item's kind
 * (spaces made '-', as labels cannot hold them); Description = where the
 * item comes from with the link to the review. Text fields are guarded
 * against spreadsheet formulas as every CSV reviewgen writes.
 *
 * github: one JSON object per line, the body of GitHub's REST "create an
 * issue" call ({"title", "body", "labels"}), for
 *   gh api repos/OWNER/REPO/issues --input -
 * one line at a time. The owner is named in the body, not as an assignee: a
 * display name is not a GitHub login. Labels as for Jira plus the priority.
 *
 * link is the review's address with "{id}" standing for the incident id
 * (percent-encoded where a URL needs it); NULL gives "reviews/{id}/review.html",
 * where build-all writes it. Items that already have a ticket are in a
 * tracker already: they are left out unless with_tickets is set, and
 * *skipped counts them. Returns 0, -1 when out of memory. */
int rg_tracker_render(const json_t *rows, rg_tracker_format f, const char *link, int with_tickets,
                      rg_buf *out, size_t *skipped);

#endif
