/* tracker.c -- action items as issues for Jira's CSV importer or GitHub's
 * issues API (README, "Exporting action items to a tracker"). */
#include "tracker.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "csv.h"

int rg_tracker_format_parse(const char *s, rg_tracker_format *out)
{
    if (strcmp(s, "jira-csv") == 0)
        *out = RG_TRACKER_JIRA_CSV;
    else if (strcmp(s, "github") == 0)
        *out = RG_TRACKER_GITHUB;
    else
        return -1;
    return 0;
}

static const char *str(const json_t *row, const char *key)
{
    const char *s = json_string_value(json_object_get(row, key));
    return s && *s ? s : NULL;
}

/* Jira's default priority names for P1..P5. */
static const char *jira_priority(const char *p, char *buf, size_t len)
{
    static const char *const names[] = {"Highest", "High", "Medium", "Low", "Lowest"};
    if (!p)
        return NULL;
    while (*p == ' ')
        p++;
    size_t n = strlen(p);
    while (n && p[n - 1] == ' ')
        n--;
    if (n == 2 && (p[0] == 'P' || p[0] == 'p') && p[1] >= '1' && p[1] <= '5')
        return names[p[1] - '1'];
    snprintf(buf, len, "%.*s", (int)n, p);
    return buf;
}

/* A label: no spaces (Jira and GitHub agree on little else). */
static void label(char *buf, size_t len, const char *s)
{
    size_t o = 0;
    for (; s && *s && o + 1 < len; s++)
        buf[o++] = *s == ' ' || *s == '\t' ? '-' : *s;
    buf[o] = '\0';
}

/* link with {id} replaced by the percent-encoded id. */
static int put_link(rg_buf *b, const char *link, const char *id)
{
    if (!link)
        link = "reviews/{id}/review.html";
    for (const char *p = link; *p; p++) {
        if (strncmp(p, "{id}", 4) != 0) {
            if (rg_buf_putc(b, *p) != 0)
                return -1;
            continue;
        }
        for (const unsigned char *q = (const unsigned char *)id; *q; q++) {
            int keep = isalnum(*q) || *q == '-' || *q == '_' || *q == '.' || *q == '~';
            if (keep ? rg_buf_putc(b, (char)*q) != 0 : rg_buf_printf(b, "%%%02X", *q) != 0)
                return -1;
        }
        p += 3;
    }
    return 0;
}

/* Where the item comes from, with the link back to the review. */
static int description(rg_buf *b, const json_t *row, const char *link, int github)
{
    const char *id = str(row, "incident"), *title = str(row, "incident_title");
    int rc = rg_buf_printf(b, "Action item from the post-incident review of %s", id ? id : "?");
    if (title)
        rc |= rg_buf_printf(b, " (%s)", title);
    rc |= rg_buf_puts(b, ": ");
    rc |= put_link(b, link, id ? id : "");
    const char *sep = github ? "\n\n" : "\n";
    const char *owner = str(row, "owner"), *due = str(row, "due"), *rule = str(row, "due_rule");
    const char *prio = str(row, "priority"), *by = str(row, "raised_by");
    if (github && owner)
        rc |= rg_buf_printf(b, "%sOwner: %s", sep, owner);
    if (due && (github || (rule && strcmp(rule, "given") != 0)))
        rc |= rg_buf_printf(b, "%sDue: %s (%s)", sep, due, rule ? rule : "given");
    if (github && prio)
        rc |= rg_buf_printf(b, "%sPriority: %s", sep, prio);
    if (by)
        rc |= rg_buf_printf(b, "%sRaised in the chat by %s (%s)", sep, by,
                            str(row, "raised_in") ? str(row, "raised_in") : "");
    return rc ? -1 : 0;
}

static int put_json_string(rg_buf *b, const char *s)
{
    json_t *v = json_string(s ? s : "");
    char *t = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    int rc = t ? rg_buf_puts(b, t) : -1;
    json_decref(v);
    if (t) {
        json_free_t free_fn = NULL;
        json_get_alloc_funcs(NULL, &free_fn);
        free_fn(t);
    }
    return rc;
}

static int jira_row(rg_buf *out, const json_t *row, const char *link)
{
    char pbuf[64], l1[128], l2[128];
    const char *title = str(row, "title"), *owner = str(row, "owner");
    const char *rule = str(row, "due_rule");
    const char *due = rule && strcmp(rule, "given") == 0 ? str(row, "due") : NULL;
    const char *prio = jira_priority(str(row, "priority"), pbuf, sizeof(pbuf));
    label(l1, sizeof(l1), str(row, "incident"));
    label(l2, sizeof(l2), str(row, "kind"));
    rg_buf desc = {0};
    int rc = description(&desc, row, link, 0);
    const char *fields[] = {title, owner, due, prio, "post-incident", l1, l2, desc.data};
    const int guard[] = {1, 1, 0, 1, 0, 1, 1, 1};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && rc == 0; i++) {
        if (i)
            rc |= rg_buf_putc(out, ',');
        const char *v = fields[i] ? fields[i] : "";
        rc |= rg_csv_put(out, v, strlen(v), guard[i]);
    }
    rg_buf_free(&desc);
    return rc == 0 ? rg_csv_end_record(out) : -1;
}

static int github_row(rg_buf *out, const json_t *row, const char *link)
{
    char l1[128], l2[128], l3[64];
    label(l1, sizeof(l1), str(row, "incident"));
    label(l2, sizeof(l2), str(row, "kind"));
    label(l3, sizeof(l3), str(row, "priority"));
    rg_buf desc = {0};
    int rc = description(&desc, row, link, 1);
    rc |= rg_buf_puts(out, "{\"title\":");
    rc |= put_json_string(out, str(row, "title"));
    rc |= rg_buf_puts(out, ",\"body\":");
    rc |= put_json_string(out, desc.data);
    rc |= rg_buf_puts(out, ",\"labels\":[\"post-incident\"");
    const char *labels[] = {l1, l3, l2};
    for (size_t i = 0; i < 3; i++)
        if (labels[i][0]) {
            rc |= rg_buf_putc(out, ',');
            rc |= put_json_string(out, labels[i]);
        }
    rc |= rg_buf_puts(out, "]}\n");
    rg_buf_free(&desc);
    return rc ? -1 : 0;
}

int rg_tracker_render(const json_t *rows, rg_tracker_format f, const char *link, int with_tickets,
                      rg_buf *out, size_t *skipped)
{
    *skipped = 0;
    if (f == RG_TRACKER_JIRA_CSV &&
        (rg_buf_puts(out, "Summary,Assignee,Due date,Priority,Labels,Labels,Labels,Description") !=
             0 ||
         rg_csv_end_record(out) != 0))
        return -1;
    for (size_t i = 0; i < json_array_size(rows); i++) {
        const json_t *row = json_array_get(rows, i);
        if (!with_tickets && str(row, "ticket")) {
            (*skipped)++;
            continue;
        }
        int rc = f == RG_TRACKER_JIRA_CSV ? jira_row(out, row, link) : github_row(out, row, link);
        if (rc != 0)
            return -1;
    }
    /* an empty buffer still holds a string */
    return rg_buf_append(out, "", 0);
}
