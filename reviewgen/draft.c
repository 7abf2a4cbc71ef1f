/* draft.c -- the edited review read back (cmark-gfm with its table and
 * task-list extensions), the lead's edits told apart from what reviewgen
 * wrote, applied to the build, and the computed parts of the draft refreshed
 * (README, "The review as a working document"). */
#include "draft.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "alloc.h"
#include "cmguard.h"
#include "fold.h"
#include "jsonutil.h"
#include "modelval.h"

/* ---- reading ----------------------------------------------------------- */

/* The parse and the walk over cmark-gfm's tree run inside rg_cm_run
 * (cmguard.h): any failed allocation there, cmark-gfm's or ours, jumps out
 * and the parse fails with "out of memory", so no allocation is checked
 * here one by one and none can pass for "not there". What outlives a jump
 * is reachable from the reader (line_at, tmp) or the caller's arena. */
typedef struct reader {
    const char *path, *md;
    size_t len;
    size_t *line_at; /* byte offset of each line's start, from line 1 */
    long n_lines;
    rg_arena *a;
    rg_diag *diag;
    rg_buf tmp; /* scratch for plain_text and source; freed by rg_draft_parse */
} reader;

static int index_lines(reader *r)
{
    long n = 1;
    for (size_t i = 0; i < r->len; i++)
        n += r->md[i] == '\n';
    r->line_at = rg_malloc((size_t)(n + 2) * sizeof(*r->line_at));
    if (!r->line_at)
        return -1;
    long k = 1;
    r->line_at[1] = 0;
    for (size_t i = 0; i < r->len; i++)
        if (r->md[i] == '\n')
            r->line_at[++k] = i + 1;
    r->n_lines = k;
    return 0;
}

/* The text of line l (1-based) without its line break. */
static const char *line_text(const reader *r, long l, size_t *n)
{
    if (l < 1 || l > r->n_lines) {
        *n = 0;
        return "";
    }
    size_t start = r->line_at[l];
    size_t end = l < r->n_lines ? r->line_at[l + 1] - 1 : r->len;
    while (end > start && (r->md[end - 1] == '\r' || r->md[end - 1] == '\n'))
        end--;
    *n = end - start;
    return r->md + start;
}

/* cmark counts columns in bytes; messages count characters (STYLE). */
static long char_col(const reader *r, long line, long byte_col)
{
    size_t n;
    const char *t = line_text(r, line, &n);
    long col = 1;
    for (long i = 0; i < byte_col - 1 && (size_t)i < n; i++)
        col += ((unsigned char)t[i] & 0xC0) != 0x80;
    return col;
}

static int fail(reader *r, cmark_node *n, const char *fmt, const char *arg)
{
    long line = n ? cmark_node_get_start_line(n) : 0;
    long col = n ? char_col(r, line, cmark_node_get_start_column(n)) : 0;
    if (col < 1)
        col = 1;
    return rg_diag_error(r->diag, r->path, line, col, fmt, arg);
}

/* The plain text under node: literals of text and code, breaks as spaces. */
static void plain(cmark_node *node, rg_buf *b)
{
    cmark_iter *it = cmark_iter_new(node);
    int rc = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && rc == 0) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_HTML_INLINE)
            rc = rg_buf_puts(b, cmark_node_get_literal(n));
        else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            rc = rg_buf_putc(b, ' ');
    }
    if (rc != 0)
        rg_cm_out_of_memory(); /* the iterator is cmark-gfm's: freed with the run */
    cmark_iter_free(it);
}

/* s with runs of white space made one space and the ends trimmed, in the arena. */
static const char *collapse(rg_arena *a, const char *s, size_t n)
{
    char *out = rg_cm_need(rg_arena_alloc(a, n + 1));
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

static const char *plain_text(reader *r, cmark_node *n)
{
    rg_buf_reset(&r->tmp);
    plain(n, &r->tmp);
    return collapse(r->a, r->tmp.data ? r->tmp.data : "", r->tmp.len);
}

/* The Markdown source of the blocks first..last (whole lines), trimmed;
 * for a list item's content continuation lines lose the item's own
 * indentation (its content column) and keep what is deeper, so a nested
 * list (a factor's "because" list) stays nested. */
static const char *source(reader *r, cmark_node *first, cmark_node *last, int item)
{
    long l0 = cmark_node_get_start_line(first), l1 = cmark_node_get_end_line(last);
    if (l1 < l0) /* cmark leaves the end of some blocks before their start */
        l1 = l0;
    rg_buf *b = &r->tmp;
    rg_buf_reset(b);
    for (long l = l0; l <= l1; l++) {
        size_t n;
        const char *t = line_text(r, l, &n);
        size_t skip = 0;
        if (item && l == l0) {
            long c = cmark_node_get_start_column(first);
            skip = c > 1 ? (size_t)(c - 1) : 0;
        } else if (item) {
            long c = cmark_node_get_start_column(first);
            size_t content = c > 1 ? (size_t)(c - 1) : 0;
            while (skip < n && skip < content && (t[skip] == ' ' || t[skip] == '\t'))
                skip++;
        }
        if (skip > n)
            skip = n;
        if ((l > l0 && rg_buf_putc(b, '\n') != 0) || rg_buf_append(b, t + skip, n - skip) != 0)
            rg_cm_out_of_memory();
    }
    size_t a = 0, z = b->len;
    while (a < z && isspace((unsigned char)b->data[a]))
        a++;
    while (z > a && isspace((unsigned char)b->data[z - 1]))
        z--;
    return rg_cm_need(rg_arena_strndup(r->a, b->data ? b->data + a : "", z - a));
}

/* reviewgen's placeholder for missing text: one italic paragraph that points
 * at incident.json ("*Write two or three sentences ... (`"summary"` in
 * incident.json).*"). */
static int placeholder(reader *r, cmark_node *n)
{
    if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
        return 0;
    cmark_node *c = cmark_node_first_child(n);
    if (!c || cmark_node_get_type(c) != CMARK_NODE_EMPH || cmark_node_next(c))
        return 0;
    return strstr(source(r, n, n, 0), "incident.json") != NULL;
}

static int is_marker(cmark_node *n, const char *what)
{
    if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
        return 0;
    const char *lit = cmark_node_get_literal(n);
    return lit && strstr(lit, what) != NULL;
}

/* The "**Customer impact.**" paragraph: its text after the label. */
static const char *impact_paragraph(reader *r, cmark_node *n)
{
    if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
        return NULL;
    cmark_node *c = cmark_node_first_child(n);
    if (!c || cmark_node_get_type(c) != CMARK_NODE_STRONG)
        return NULL;
    if (strcmp(plain_text(r, c), "Customer impact.") != 0)
        return NULL;
    const char *after = strstr(source(r, n, n, 0), "**");
    if (after)
        after = strstr(after + 2, "**");
    if (!after)
        return "";
    after += 2;
    while (*after == ' ' || *after == '\n')
        after++;
    return after;
}

/* ---- the milestone table ----------------------------------------------- */

static const char *const unknown_cells[] = {"", "\xE2\x80\x94", "\xE2\x80\x93", "-", "unknown"};

static int cell_unknown(const char *cell)
{
    for (size_t i = 0; i < sizeof(unknown_cells) / sizeof(unknown_cells[0]); i++)
        if (strcasecmp(cell, unknown_cells[i]) == 0)
            return 1;
    return 0;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* Reads a Time cell: sets *unset for "—", else *at_us. day ("YYYY-MM-DD")
 * completes a time of day. Returns 0, -1 when it is not a time. */
static int read_cell(const char *cell, const char *day, int64_t *at_us, int *unset)
{
    *unset = 0;
    if (cell_unknown(cell)) {
        *unset = 1;
        return 0;
    }
    char buf[64];
    size_t n = strlen(cell);
    if (n >= sizeof(buf) - 16)
        return -1;
    memcpy(buf, cell, n + 1);
    /* "… UTC" and "… (UTC)": the review's times are UTC anyway */
    if (n > 4 && strcmp(buf + n - 4, " UTC") == 0)
        buf[n -= 4] = '\0';
    else if (n > 6 && strcmp(buf + n - 6, " (UTC)") == 0)
        buf[n -= 6] = '\0';
    char full[96];
    const char *t = buf;
    /* a time of day: "14:38", "9:05:30" */
    size_t h = strspn(buf, "0123456789");
    if ((h == 1 || h == 2) && buf[h] == ':') {
        if (!day || strlen(day) != 10)
            return -1;
        snprintf(full, sizeof(full), "%s %s%s", day, h == 1 ? "0" : "", buf);
        t = full;
    } else {
        snprintf(full, sizeof(full), "%s", buf);
        t = full;
    }
    /* "2026-11-20 14:38" has no seconds: RFC 3339 wants them */
    size_t tl = strlen(full);
    if (tl >= 16 && digits(full, 4) && full[4] == '-' && (full[10] == ' ' || full[10] == 'T') &&
        full[13] == ':' && (tl == 16 || !isdigit((unsigned char)full[16])) &&
        (tl == 16 || full[16] != ':')) {
        memmove(full + 19, full + 16, tl - 16 + 1);
        memcpy(full + 16, ":00", 3);
    }
    int64_t at;
    int flags;
    rg_time_ctx ctx = {NULL, INT64_MIN};
    size_t len = strlen(t);
    if (len < 19 || rg_time_rfc3339(t, len, &ctx, &at, &flags) != len)
        return -1;
    *at_us = at;
    return 0;
}

static int read_milestones(reader *r, rg_draft *d, cmark_node *table)
{
    int col_name = -1, col_time = -1, ncols = 0;
    cmark_node *row = cmark_node_first_child(table);
    for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c), ncols++) {
        const char *h = plain_text(r, c);
        if (strcasecmp(h, "Milestone") == 0)
            col_name = ncols;
        if (strcasecmp(h, "Time") == 0)
            col_time = ncols;
    }
    if (col_time < 0)
        return fail(r, table, "the milestone table has no %s column", "'Time'");
    d->has_milestones = 1;
    for (row = cmark_node_next(row); row; row = cmark_node_next(row)) {
        cmark_node *name_cell = NULL, *time_cell = NULL;
        int i = 0;
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c), i++) {
            if (i == col_name)
                name_cell = c;
            if (i == col_time)
                time_cell = c;
        }
        const char *name = name_cell ? plain_text(r, name_cell) : NULL;
        if (!name)
            return fail(r, row, "a row of the milestone table has no %s", "milestone name");
        rg_milestone_id id;
        if (rg_milestone_parse(name, &id) != 0)
            return fail(r,
                        cmark_node_first_child(name_cell) ? cmark_node_first_child(name_cell)
                                                          : name_cell,
                        "unknown milestone '%s' in the milestone table", name);
        rg_draft_ms *m = &d->ms[id];
        m->present = 1;
        m->cell = time_cell ? plain_text(r, time_cell) : "";
        /* the cell's text, else the cell (an empty one), else the row (a
         * cell GFM added for a short row has no position) */
        cmark_node *at = time_cell && cmark_node_first_child(time_cell)
                             ? cmark_node_first_child(time_cell)
                         : time_cell && cmark_node_get_start_column(time_cell) > 0 ? time_cell
                                                                                   : row;
        m->line = cmark_node_get_start_line(at);
        m->col = char_col(r, m->line, cmark_node_get_start_column(at));
        int64_t us;
        int unset;
        if (read_cell(m->cell, "2000-01-01", &us, &unset) != 0) {
            return rg_diag_error(r->diag, r->path, m->line, m->col,
                                 "not a time: '%s' (write \"2026-11-20 14:38:00\", UTC, or "
                                 "\"\xE2\x80\x94\" for unknown)",
                                 m->cell);
        }
    }
    return 0;
}

/* ---- the action items --------------------------------------------------- */

/* s[0..n) without its spaces at either end, in the arena; NULL when that
 * leaves nothing, and when out of memory (then *oom is set). */
static const char *trimmed(rg_arena *a, const char *s, size_t n, int *oom)
{
    while (n && *s == ' ') {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ')
        n--;
    if (!n)
        return NULL;
    char *t = rg_arena_strndup(a, s, n);
    *oom |= !t;
    return t;
}

/* "… — owner: Chinedu Okafor · due: 2026-12-04 · priority: P1": the fields
 * after the last " — " when every segment there reads "key: value" (keys
 * owner, due, priority, ticket, kind, status; "owner suggested ..." and
 * "due suggested ..." of an adopted suggestion when no owner or due is
 * given; "raised in the chat" is reviewgen's and ignored); otherwise the
 * whole text is the title. Also used outside rg_cm_run (base_item), so it
 * returns its failure: 0, -1 when out of memory. */
static int split_fields(rg_arena *a, const char *text, rg_draft_item *it)
{
    static const char dash[] = " \xE2\x80\x94 ", dot[] = " \xC2\xB7 ";
    const char *tail = NULL;
    for (const char *p = strstr(text, dash); p; p = strstr(p + 1, dash))
        tail = p;
    it->title = text;
    if (!tail)
        return 0;
    const char *owner_s = NULL, *due_s = NULL;
    int oom = 0;
    rg_draft_item f = *it;
    const char *seg = tail + strlen(dash);
    while (*seg) {
        const char *end = strstr(seg, dot);
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        const char *colon = memchr(seg, ':', n);
        if (!colon)
            return 0; /* not fields: the whole line is the title */
        const char *key = trimmed(a, seg, (size_t)(colon - seg), &oom);
        const char *value = trimmed(a, colon + 1, n - (size_t)(colon + 1 - seg), &oom);
        if (oom)
            return -1;
        if (!key)
            return 0;
        if (!strcasecmp(key, "owner"))
            f.owner = value;
        else if (!strcasecmp(key, "due"))
            f.due = value;
        else if (!strcasecmp(key, "priority"))
            f.priority = value;
        else if (!strcasecmp(key, "ticket"))
            f.ticket = value;
        else if (!strcasecmp(key, "kind"))
            f.kind = value;
        else if (!strcasecmp(key, "status"))
            f.status = value;
        else if (!strncasecmp(key, "owner suggested", 15))
            owner_s = value;
        else if (!strncasecmp(key, "due suggested", 13))
            due_s = value ? trimmed(a, value, strcspn(value, " ("), &oom) : NULL;
        else if (strncasecmp(key, "raised in", 9) != 0)
            return 0;
        seg += n;
        if (end)
            seg += strlen(dot);
    }
    *it = f;
    it->title = rg_arena_strndup(a, text, (size_t)(tail - text));
    if (oom || !it->title)
        return -1;
    if (!it->owner)
        it->owner = owner_s;
    if (!it->due)
        it->due = due_s;
    return 0;
}

static int read_item_fields(reader *r, rg_draft_item *it, const char *text, cmark_node *node)
{
    if (split_fields(r->a, text, it) != 0)
        rg_cm_out_of_memory();
    if (it->due && rg_due_check(it->due) != 0) {
        long line = cmark_node_get_start_line(node);
        size_t n;
        const char *lt = line_text(r, line, &n);
        const char *at = NULL;
        for (size_t i = 0; i + strlen(it->due) <= n && !at; i++)
            if (strncmp(lt + i, it->due, strlen(it->due)) == 0)
                at = lt + i;
        long col = at ? char_col(r, line, (long)(at - lt) + 1)
                      : char_col(r, line, cmark_node_get_start_column(node));
        return rg_diag_error(r->diag, r->path, line, col,
                             "not a date (write e.g. \"2026-12-15\"): '%s'", it->due);
    }
    return 0;
}

static int read_items(reader *r, rg_draft *d, cmark_node *list)
{
    size_t n = d->n_items;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c))
        n++;
    rg_draft_item *items = rg_cm_need(rg_arena_alloc(r->a, (n ? n : 1) * sizeof(*items)));
    if (d->n_items)
        memcpy(items, d->items, d->n_items * sizeof(*items));
    d->items = items;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
        rg_draft_item *it = &d->items[d->n_items];
        memset(it, 0, sizeof(*it));
        it->checked = strcmp(cmark_node_get_type_string(c), "tasklist") == 0 &&
                      cmark_gfm_extensions_get_tasklist_item_checked(c);
        it->line = cmark_node_get_start_line(c);
        cmark_node *para = cmark_node_first_child(c);
        const char *text = para ? plain_text(r, para) : "";
        if (!*text)
            continue; /* an empty "- [ ]" */
        it->key = rg_cm_need(rg_arena_printf(r->a, "[%c] %s", it->checked ? 'x' : ' ', text));
        if (read_item_fields(r, it, text, para) != 0)
            return -1;
        d->n_items++;
    }
    return 0;
}

/* The items of the top-level list l as Markdown source. */
static int read_lines(reader *r, cmark_node *list, const char ***out, size_t *n_out)
{
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c))
        n++;
    const char **lines = rg_cm_need(rg_arena_alloc(r->a, (n ? n : 1) * sizeof(*lines)));
    size_t k = 0;
    for (cmark_node *c = cmark_node_first_child(list); c; c = cmark_node_next(c)) {
        cmark_node *first = cmark_node_first_child(c), *last = cmark_node_last_child(c);
        if (!first)
            continue;
        const char *s = source(r, first, last, 1);
        if (*s)
            lines[k++] = s;
    }
    *out = lines;
    *n_out = k;
    return 0;
}

/* ---- the document ------------------------------------------------------ */

enum section { S_OTHER, S_SUMMARY, S_THANKS, S_METRICS, S_FACTORS, S_ACTIONS };

static enum section section_of(const char *heading)
{
    static const struct {
        const char *text;
        enum section s;
    } names[] = {{"What happened", S_SUMMARY},
                 {"Summary and impact", S_SUMMARY}, /* drafts from before the first page */
                 {"Thank you", S_THANKS},
                 {"Response metrics", S_METRICS},
                 {"Contributing factors", S_FACTORS},
                 {"What we are changing", S_ACTIONS},
                 {"Action items", S_ACTIONS}};
    for (size_t i = 0; heading && i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(heading, names[i].text) == 0)
            return names[i].s;
    return S_OTHER;
}

static int walk(reader *r, rg_draft *d, cmark_node *doc)
{
    enum section sec = S_OTHER;
    int sub = 0;          /* past a "###" inside the section */
    int summary_done = 0; /* past the summary's text */
    cmark_node *sum_first = NULL, *sum_last = NULL;
    for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2) {
            sec = cmark_node_get_heading_level(n) == 2 ? section_of(plain_text(r, n)) : S_OTHER;
            sub = 0;
            if (sec == S_SUMMARY)
                d->has_summary = 1;
            if (sec == S_FACTORS)
                d->has_factors = 1;
            if (sec == S_ACTIONS)
                d->has_items = 1;
            if (sec == S_THANKS)
                d->has_recognition = 1;
            continue;
        }
        if (t == CMARK_NODE_HEADING) {
            sub = 1;
            continue;
        }
        switch (sec) {
        case S_SUMMARY: {
            const char *impact = impact_paragraph(r, n);
            if (impact) {
                d->customer_impact = *impact ? impact : NULL;
                summary_done = 1;
            } else if (is_marker(n, "reviewgen:begin") || placeholder(r, n)) {
                summary_done = 1; /* the computed impact sentence, or no summary */
            } else if (!summary_done) {
                if (!sum_first)
                    sum_first = n;
                sum_last = n;
            }
            break;
        }
        case S_METRICS:
            if (!d->has_milestones && strcmp(cmark_node_get_type_string(n), "table") == 0) {
                cmark_node *head = cmark_node_first_child(n);
                cmark_node *c0 = head ? cmark_node_first_child(head) : NULL;
                const char *h = c0 ? plain_text(r, c0) : NULL;
                if (h && strcasecmp(h, "Milestone") == 0 && read_milestones(r, d, n) != 0)
                    return -1;
            }
            break;
        case S_ACTIONS:
            /* every list before "### Suggested in the chat": an item may be
             * added after a blank line */
            if (!sub && t == CMARK_NODE_LIST && read_items(r, d, n) != 0)
                return -1;
            break;
        case S_FACTORS:
            if (t == CMARK_NODE_LIST && !d->factors &&
                read_lines(r, n, &d->factors, &d->n_factors) != 0)
                return -1;
            break;
        case S_THANKS:
            if (t == CMARK_NODE_LIST && !d->recognition &&
                read_lines(r, n, &d->recognition, &d->n_recognition) != 0)
                return -1;
            break;
        default:
            break;
        }
    }
    if (sum_first) {
        /* whole blocks, as the lead wrote them */
        long l0 = cmark_node_get_start_line(sum_first), l1 = cmark_node_get_end_line(sum_last);
        if (l1 < l0)
            l1 = l0;
        size_t a = r->line_at[l0], n;
        const char *last = line_text(r, l1, &n);
        size_t z = (size_t)(last - r->md) + n;
        while (z > a && isspace((unsigned char)r->md[z - 1]))
            z--;
        d->summary = rg_cm_need(rg_arena_strndup(r->a, r->md + a, z - a));
    }
    return 0;
}

/* rg_draft_parse's work inside rg_cm_run: what it needs, reachable from
 * here, so the caller frees it whether the run ends or jumps. */
typedef struct parse_run {
    reader *r;
    rg_draft *d;
} parse_run;

static int parse(void *ctx)
{
    parse_run *pr = ctx;
    reader *r = pr->r;
    cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, rg_cm_mem());
    static const char *const exts[] = {"table", "tasklist"};
    for (size_t i = 0; i < 2; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        if (!e || !cmark_parser_attach_syntax_extension(p, e)) {
            cmark_parser_free(p);
            return rg_diag_error(r->diag, r->path, 0, 0, "cmark-gfm has no '%s' extension",
                                 exts[i]);
        }
    }
    cmark_parser_feed(p, r->md, r->len);
    cmark_node *doc = cmark_parser_finish(p);
    int rc = walk(r, pr->d, doc);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return rc;
}

int rg_draft_parse(rg_draft *d, const char *path, const char *md, size_t len, rg_arena *a,
                   rg_diag *diag)
{
    memset(d, 0, sizeof(*d));
    reader r = {path, md, len, NULL, 0, a, diag, {0}};
    if (index_lines(&r) != 0)
        return rg_diag_error(diag, path, 0, 0, "out of memory");
    parse_run pr = {&r, d};
    int rc = rg_cm_run(parse, &pr);
    if (rc == RG_CM_OUT_OF_MEMORY)
        rc = rg_diag_error(diag, path, 0, 0, "out of memory");
    if (rc != 0)
        memset(d, 0, sizeof(*d)); /* nothing half-read is passed on */
    rg_buf_free(&r.tmp);
    rg_free(r.line_at);
    return rc;
}

/* ---- base, hash ---------------------------------------------------------- */

/* FNV-1a's 64-bit offset basis (RG_HASH_INIT is not it: see event.h). */
#define FNV_BASIS UINT64_C(14695981039346656037)

static json_t *strings(const char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(s[i]));
    return a;
}

json_t *rg_draft_base_json(const rg_draft *d)
{
    json_t *o = json_object();
    if (d->has_milestones) {
        json_t *ms = json_object();
        for (int i = 0; i < RG_MS_COUNT; i++)
            if (d->ms[i].present)
                json_object_set_new(ms, rg_milestone_name((rg_milestone_id)i),
                                    json_string(d->ms[i].cell));
        json_object_set_new(o, "milestones", ms);
    }
    if (d->has_summary) {
        rg_model_set_str(o, "summary", d->summary);
        rg_model_set_str(o, "customer_impact", d->customer_impact);
    }
    if (d->has_recognition)
        json_object_set_new(o, "recognition", strings(d->recognition, d->n_recognition));
    if (d->has_factors)
        json_object_set_new(o, "contributing_factors", strings(d->factors, d->n_factors));
    if (d->has_items) {
        json_t *a = json_array();
        for (size_t i = 0; i < d->n_items; i++)
            json_array_append_new(a, json_string(d->items[i].key));
        json_object_set_new(o, "action_items", a);
    }
    return o;
}

const char *rg_draft_hash(const char *md, size_t len, char buf[32])
{
    snprintf(buf, 32, "fnv1a64:%016llx", (unsigned long long)rg_hash(FNV_BASIS, md, len));
    return buf;
}

/* ---- applying the edits ------------------------------------------------ */

static int same_text(const char *a, const char *b)
{
    if (!a || !b)
        return !a && !b;
    return strcmp(a, b) == 0;
}

/* The base's string for key, or (no such key) the model's. *known is 0 when
 * neither has the key. */
static const char *base_str(const json_t *base, const json_t *model0, const char *key, int *known)
{
    const json_t *v = json_object_get(base, key);
    if (!v)
        v = json_object_get(model0, key);
    *known = v != NULL;
    return json_string_value(v);
}

static int list_differs(const json_t *base_list, const char *const *lines, size_t n)
{
    if (json_array_size(base_list) != n)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!same_text(json_string_value(json_array_get(base_list, i)), lines[i]))
            return 1;
    return 0;
}

/* The manifest item a line of the draft stands for: the same ticket, else
 * the same title ignoring case and accents; -1 when none (or used). */
static long manifest_item(const rg_manifest *m, const rg_draft_item *it, const char *used)
{
    for (size_t i = 0; i < m->n_action_items; i++)
        if (!used[i] && it->ticket && m->action_items[i].ticket &&
            rg_fold_equal(it->ticket, m->action_items[i].ticket))
            return (long)i;
    for (size_t i = 0; i < m->n_action_items; i++)
        if (!used[i] && it->title && rg_fold_equal(it->title, m->action_items[i].title))
            return (long)i;
    return -1;
}

static int in_list(const json_t *list, const char *key)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (same_text(json_string_value(json_array_get(list, i)), key))
            return 1;
    return 0;
}

/* The draft item a base line ("[ ] text") describes. */
static int base_item(rg_arena *a, const char *key, rg_draft_item *it)
{
    memset(it, 0, sizeof(*it));
    if (!key || strlen(key) < 4)
        return -1;
    it->checked = key[1] == 'x';
    return split_fields(a, key + 4, it);
}

static int merge_items(rg_build *b, const rg_draft *d, const json_t *base_items, const char *name,
                       size_t *n_edits, rg_diag *diag)
{
    rg_manifest *m = &b->manifest;
    size_t n_m = m->n_action_items;
    int same = json_array_size(base_items) == d->n_items;
    for (size_t i = 0; same && i < d->n_items; i++)
        same = same_text(json_string_value(json_array_get(base_items, i)), d->items[i].key);
    if (same)
        return 0;
    char *used = rg_calloc(n_m + 1, 1);
    rg_action_item *out = rg_arena_alloc(b->arena, (d->n_items + n_m + 1) * sizeof(*out));
    if (!used || !out) {
        rg_free(used);
        return rg_diag_error(diag, NULL, 0, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < d->n_items; i++) {
        const rg_draft_item *it = &d->items[i];
        long mi = manifest_item(m, it, used);
        if (in_list(base_items, it->key)) {
            /* as reviewgen wrote it: the manifest's item, as it is now */
            if (mi >= 0) {
                out[n++] = m->action_items[mi];
                used[mi] = 1;
            }
            continue;
        }
        rg_action_item *o = &out[n++];
        memset(o, 0, sizeof(*o));
        o->title = it->title;
        o->owner = it->owner;
        o->due = it->due;
        o->priority = it->priority;
        o->ticket = it->ticket;
        o->kind = it->kind;
        const char *was = mi >= 0 ? m->action_items[mi].status : NULL;
        o->status = it->checked                      ? "done"
                    : it->status                     ? it->status
                    : was && !rg_action_is_done(was) ? was
                                                     : "open";
        o->origin = rg_arena_printf(b->arena, "%s:%ld", name, it->line);
        o->source = "draft";
        if (mi >= 0)
            used[mi] = 1;
        (*n_edits)++;
    }
    /* the manifest's items no line of the draft stands for: deleted by the
     * lead when reviewgen wrote a line for them, else added since */
    for (size_t i = 0; i < n_m; i++) {
        if (used[i])
            continue;
        int written = 0;
        for (size_t k = 0; k < json_array_size(base_items) && !written; k++) {
            rg_draft_item bi;
            if (base_item(b->arena, json_string_value(json_array_get(base_items, k)), &bi) != 0)
                continue;
            written = (bi.ticket && m->action_items[i].ticket &&
                       rg_fold_equal(bi.ticket, m->action_items[i].ticket)) ||
                      (bi.title && rg_fold_equal(bi.title, m->action_items[i].title));
        }
        if (written)
            (*n_edits)++;
        else
            out[n++] = m->action_items[i];
    }
    rg_free(used);
    m->action_items = out;
    m->n_action_items = n;
    return 0;
}

int rg_draft_apply(rg_build *b, const rg_draft *d, const json_t *base, const json_t *model0,
                   const char *name, size_t *n_edits, rg_diag *diag)
{
    rg_manifest *m = &b->manifest;
    *n_edits = 0;
    const char *first_day = json_string_value(json_object_get(model0, "first_day"));
    const json_t *base_ms = json_object_get(base, "milestones");
    const json_t *ms_list = json_object_get(model0, "milestone_list");
    for (int i = 0; d->has_milestones && i < RG_MS_COUNT; i++) {
        const rg_draft_ms *dm = &d->ms[i];
        if (!dm->present)
            continue;
        const char *mname = rg_milestone_name((rg_milestone_id)i);
        const char *was = json_string_value(json_object_get(base_ms, mname));
        if (!base_ms) { /* no base: what the template writes for the evidence */
            const json_t *row = json_array_get(ms_list, (size_t)i);
            was = json_string_value(json_object_get(row, "time"));
            if (!was)
                was = "\xE2\x80\x94";
        }
        if (was && strcmp(was, dm->cell) == 0)
            continue;
        /* a time of day is on the day the cell had */
        char day[11] = "";
        if (was && strlen(was) >= 10 && was[4] == '-' && was[7] == '-')
            memcpy(day, was, 10);
        else if (first_day)
            snprintf(day, sizeof(day), "%s", first_day);
        int64_t at;
        int unset;
        if (read_cell(dm->cell, day, &at, &unset) != 0)
            return rg_diag_error(diag, name, dm->line, dm->col, "not a time: '%s'", dm->cell);
        m->milestone_unset[i] = unset;
        m->has_milestone[i] = !unset;
        m->milestone_us[i] = at;
        m->milestone_origin[i] = rg_arena_printf(b->arena, "%s:%ld", name, dm->line);
        m->milestone_rule[i] = rg_arena_printf(b->arena, "edited in %s", name);
        if (!m->milestone_origin[i] || !m->milestone_rule[i])
            return rg_diag_error(diag, NULL, 0, 0, "out of memory");
        (*n_edits)++;
    }
    int known;
    if (d->has_summary) {
        const char *was = base_str(base, model0, "summary", &known);
        if (known && !same_text(was, d->summary)) {
            m->summary = d->summary;
            (*n_edits)++;
        }
        was = base_str(base, model0, "customer_impact", &known);
        if (known && !same_text(was, d->customer_impact)) {
            m->customer_impact = d->customer_impact;
            (*n_edits)++;
        }
    }
    const json_t *bl = json_object_get(base, "contributing_factors");
    if (d->has_factors && list_differs(bl ? bl : json_object_get(model0, "contributing_factors"),
                                       d->factors, d->n_factors)) {
        m->contributing_factors = d->factors;
        m->n_contributing_factors = d->n_factors;
        (*n_edits)++;
    }
    bl = json_object_get(base, "recognition");
    if (d->has_recognition && list_differs(bl ? bl : json_object_get(model0, "recognition"),
                                           d->recognition, d->n_recognition)) {
        m->recognition = d->recognition;
        m->n_recognition = d->n_recognition;
        (*n_edits)++;
    }
    const json_t *bi = json_object_get(base, "action_items");
    if (d->has_items && bi && merge_items(b, d, bi, name, n_edits, diag) != 0)
        return -1;
    return rg_build_recompute(b, diag);
}

/* ---- what the edits changed ------------------------------------------- */

static void change(json_t *list, const char *what, const char *from, const char *to,
                   const char *why)
{
    json_t *c = json_object();
    rg_model_set_str(c, "what", what);
    rg_model_set_str(c, "from", from);
    rg_model_set_str(c, "to", to);
    rg_model_set_str(c, "why", why);
    json_array_append_new(list, c);
}

static const char *or_unknown(const char *s)
{
    return s ? s : "unknown";
}

static const json_t *item_like(const json_t *items, const json_t *it)
{
    const char *ticket = json_string_value(json_object_get(it, "ticket"));
    const char *title = json_string_value(json_object_get(it, "title"));
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *o = json_array_get(items, i);
        const char *t = json_string_value(json_object_get(o, "ticket"));
        if (ticket && t && strcmp(ticket, t) == 0)
            return o;
    }
    for (size_t i = 0; i < json_array_size(items); i++) {
        const json_t *o = json_array_get(items, i);
        const char *t = json_string_value(json_object_get(o, "title"));
        if (title && t && rg_fold_equal(title, t))
            return o;
    }
    return NULL;
}

json_t *rg_draft_changes(const json_t *m0, const json_t *m1)
{
    unsigned long failures = rg_alloc_failures();
    json_t *list = json_array();
    char what[512];
    const json_t *l0 = json_object_get(m0, "milestone_list"),
                 *l1 = json_object_get(m1, "milestone_list");
    int any_ms = 0;
    for (size_t i = 0; i < json_array_size(l1); i++) {
        const json_t *a = json_array_get(l0, i), *b = json_array_get(l1, i);
        const char *ta = json_string_value(json_object_get(a, "at"));
        const char *tb = json_string_value(json_object_get(b, "at"));
        if (same_text(ta, tb))
            continue;
        const char *rule = json_string_value(json_object_get(b, "rule"));
        int edited = rule && strncmp(rule, "edited in", 9) == 0;
        change(list, json_string_value(json_object_get(b, "name")),
               or_unknown(json_string_value(json_object_get(a, "time"))),
               or_unknown(json_string_value(json_object_get(b, "time"))),
               edited ? "the edited milestone table" : "the milestones edited before it");
        any_ms = 1;
    }
    l0 = json_object_get(m0, "metrics");
    l1 = json_object_get(m1, "metrics");
    for (size_t i = 0; i < json_array_size(l1); i++) {
        const json_t *a = json_array_get(l0, i), *b = json_array_get(l1, i);
        if (json_equal(json_object_get(a, "seconds"), json_object_get(b, "seconds")))
            continue;
        change(list, json_string_value(json_object_get(b, "label")),
               or_unknown(json_string_value(json_object_get(a, "text"))),
               or_unknown(json_string_value(json_object_get(b, "text"))),
               "the edited milestone table");
    }
    const json_t *f0 = json_object_get(m0, "findings"), *f1 = json_object_get(m1, "findings");
    for (int pass = 0; pass < 2; pass++) {
        const json_t *from = pass ? f1 : f0, *to = pass ? f0 : f1;
        for (size_t i = 0; i < json_array_size(from); i++) {
            const char *code = json_string_value(json_object_get(json_array_get(from, i), "code"));
            int found = 0;
            for (size_t k = 0; k < json_array_size(to) && !found; k++)
                found = same_text(
                    code, json_string_value(json_object_get(json_array_get(to, k), "code")));
            if (found)
                continue;
            snprintf(what, sizeof(what), "finding %s", code ? code : "?");
            change(list, what, pass ? "not raised" : "raised", pass ? "raised" : "not raised",
                   any_ms ? "the edited milestone table" : "the edited review");
        }
    }
    const json_t *a0 = json_object_get(m0, "action_items"),
                 *a1 = json_object_get(m1, "action_items");
    for (size_t i = 0; i < json_array_size(a1); i++) {
        const json_t *b = json_array_get(a1, i), *a = item_like(a0, b);
        const char *title = json_string_value(json_object_get(b, "title"));
        snprintf(what, sizeof(what), "action item '%s'", title ? title : "");
        if (!a) {
            change(list, what, "none", json_string_value(json_object_get(b, "status")),
                   "the edited action items");
            continue;
        }
        static const char *const keys[] = {"status", "owner", "due", "priority", "ticket", "kind"};
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const char *va = json_string_value(json_object_get(a, keys[k]));
            const char *vb = json_string_value(json_object_get(b, keys[k]));
            if (same_text(va, vb))
                continue;
            char w[600];
            snprintf(w, sizeof(w), k == 0 ? "%s" : "%s, %s", what, keys[k]);
            change(list, w, va ? va : "none", vb ? vb : "none", "the edited action items");
        }
    }
    for (size_t i = 0; i < json_array_size(a0); i++) {
        const json_t *a = json_array_get(a0, i);
        if (item_like(a1, a))
            continue;
        const char *title = json_string_value(json_object_get(a, "title"));
        snprintf(what, sizeof(what), "action item '%s'", title ? title : "");
        change(list, what, json_string_value(json_object_get(a, "status")), "removed",
               "the edited action items");
    }
    const json_t *c0 = json_object_get(m0, "action_counts"),
                 *c1 = json_object_get(m1, "action_counts");
    if (!json_equal(json_object_get(c0, "open"), json_object_get(c1, "open"))) {
        char x[32], y[32];
        snprintf(x, sizeof(x), "%lld", (long long)json_integer_value(json_object_get(c0, "open")));
        snprintf(y, sizeof(y), "%lld", (long long)json_integer_value(json_object_get(c1, "open")));
        change(list, "open action items", x, y, "the edited action items");
    }
    static const struct {
        const char *key, *what;
    } texts[] = {{"summary", "summary"},
                 {"customer_impact", "customer impact"},
                 {"contributing_factors", "contributing factors"},
                 {"recognition", "recognition lines"}};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (!json_equal(json_object_get(m0, texts[i].key), json_object_get(m1, texts[i].key)) &&
            !(json_is_null(json_object_get(m0, texts[i].key)) &&
              !json_object_get(m1, texts[i].key)))
            change(list, texts[i].what, "as in incident.json", "as edited", "the edited review");
    if (rg_alloc_failures() != failures) {
        json_decref(list);
        return NULL;
    }
    return list;
}

char *rg_draft_change_text(const json_t *c)
{
    rg_buf b = {0};
    const char *why = json_string_value(json_object_get(c, "why"));
    if (rg_buf_printf(&b, "%s: %s \xE2\x86\x92 %s", json_string_value(json_object_get(c, "what")),
                      json_string_value(json_object_get(c, "from")),
                      json_string_value(json_object_get(c, "to"))) != 0 ||
        (why && rg_buf_printf(&b, ", from %s", why) != 0)) {
        rg_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* ---- refreshing the computed parts -------------------------------------- */

/* The region NAME of text: [*start, *end) between its begin line's end and
 * the start of its end line. 0 when found. */
static int region(const char *text, size_t len, const char *name, size_t *start, size_t *end)
{
    char begin[96], stop[96];
    snprintf(begin, sizeof(begin), "<!-- reviewgen:begin %s -->", name);
    snprintf(stop, sizeof(stop), "<!-- reviewgen:end %s -->", name);
    const char *b = NULL, *e = NULL;
    size_t bl = strlen(begin), sl = strlen(stop);
    for (size_t i = 0; i + bl <= len && !b; i++)
        if (memcmp(text + i, begin, bl) == 0)
            b = text + i + bl;
    if (!b)
        return -1;
    for (const char *p = b; p + sl <= text + len && !e; p++)
        if (memcmp(p, stop, sl) == 0)
            e = p;
    if (!e)
        return -1;
    *start = (size_t)(b - text);
    *end = (size_t)(e - text);
    return 0;
}

/* The hash of a region as reviewgen wrote it. The milestone table's Time
 * column is left out: that is where the lead edits it, and publish reads
 * it back, so an edit there does not make the table the lead's own. */
static void region_hash(const char *name, const char *s, size_t n, char buf[32])
{
    if (strcmp(name, "milestones") != 0) {
        rg_draft_hash(s, n, buf);
        return;
    }
    uint64_t h = FNV_BASIS;
    int time_col = -1;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        /* cells of a table line, '|'-separated */
        int col = -1;
        for (size_t k = i; k < e; k++) {
            if (s[k] == '|') {
                col++;
                h = rg_hash(h, "|", 1);
                if (time_col < 0) {
                    size_t c = k + 1;
                    while (c < e && s[c] == ' ')
                        c++;
                    if (e - c >= 4 && strncmp(s + c, "Time", 4) == 0 &&
                        (c + 4 == e || s[c + 4] == ' ' || s[c + 4] == '|'))
                        time_col = col;
                }
                continue;
            }
            if (col != time_col || time_col < 0 || (s[i] != '|'))
                h = rg_hash(h, s + k, 1);
        }
        h = rg_hash(h, "\n", 1);
        i = e + 1;
    }
    snprintf(buf, 32, "fnv1a64:%016llx", (unsigned long long)h);
}

static const char region_tag[] = "<!-- reviewgen:begin ";

/* The name of the region whose begin tag is at p, into name; 0 when one. */
static int region_name(const char *p, char *name, size_t cap)
{
    const char *n = p + sizeof(region_tag) - 1;
    size_t nl = strcspn(n, " \n");
    if (nl == 0 || nl >= cap)
        return -1;
    memcpy(name, n, nl);
    name[nl] = '\0';
    return 0;
}

json_t *rg_draft_regions(const char *md, size_t len)
{
    json_t *o = json_object();
    for (const char *p = strstr(md, region_tag); p; p = strstr(p + 1, region_tag)) {
        char name[64], h[32];
        size_t b, e;
        if (region_name(p, name, sizeof(name)) != 0 || region(md, len, name, &b, &e) != 0)
            continue;
        region_hash(name, md + b, e - b, h);
        json_object_set_new(o, name, json_string(h));
    }
    return o;
}

char *rg_draft_refresh(const char *edited, size_t edited_len, const char *fresh, size_t fresh_len,
                       const json_t *written, const char *fallback, size_t fallback_len,
                       size_t *out_len, json_t *missing, json_t *kept)
{
    rg_buf cur = {0};
    if (rg_buf_append(&cur, edited, edited_len) != 0)
        return NULL;
    for (const char *p = strstr(fresh, region_tag); p; p = strstr(p + 1, region_tag)) {
        char name[64], h[32];
        size_t fs, fe, es, ee;
        if (region_name(p, name, sizeof(name)) != 0 ||
            region(fresh, fresh_len, name, &fs, &fe) != 0)
            continue;
        if (region(cur.data, cur.len, name, &es, &ee) != 0) {
            if (missing)
                json_array_append_new(missing, json_string(name));
            continue;
        }
        /* only what is still as reviewgen wrote it: a region the lead wrote
         * in is theirs, and kept */
        region_hash(name, cur.data + es, ee - es, h);
        const char *was = json_string_value(json_object_get(written, name));
        char fb[32] = "";
        size_t bs, be;
        if (!was && fallback && region(fallback, fallback_len, name, &bs, &be) == 0) {
            region_hash(name, fallback + bs, be - bs, fb);
            was = fb;
        }
        if (!was || strcmp(was, h) != 0) {
            if (kept)
                json_array_append_new(kept, json_string(name));
            continue;
        }
        rg_buf next = {0};
        if (rg_buf_append(&next, cur.data, es) != 0 ||
            rg_buf_append(&next, fresh + fs, fe - fs) != 0 ||
            rg_buf_append(&next, cur.data + ee, cur.len - ee) != 0) {
            rg_buf_free(&next);
            rg_buf_free(&cur);
            return NULL;
        }
        rg_buf_free(&cur);
        cur = next;
    }
    *out_len = cur.len;
    return cur.data;
}
