/* alertmanager.c -- Prometheus Alertmanager webhook payloads (version 4) as
 * alert.firing / alert.resolved events.
 *
 * A file holds one payload {"version": "4", "groupKey", "status", "receiver",
 * "alerts": [{"status", "labels", "annotations", "startsAt", "endsAt",
 * "generatorURL", "fingerprint"}]}, a JSON array of payloads, or payloads one
 * after another (one per line, as a webhook receiver appends them).
 *
 * The alerts are read by alertpayload.c, which grafana.c shares (README,
 * "Formats"): alert.firing at startsAt for every alert, alert.resolved at a
 * resolved alert's endsAt (never a firing alert's expiry estimate), identity
 * fingerprint + startsAt + state so repeated notifications are read once, the
 * fingerprint derived from the labels as Prometheus does when it is missing.
 * Each event: kind alert, actor "alertmanager" (the system that sent it; the
 * alerting host is in the labels), human 0, text "alertname: summary" (or the
 * description when there is no summary), attrs "label.<name>" for every label
 * and "annotation.<name>" for every annotation (sorted by name), "fingerprint",
 * "severity" (labels.severity), "generator_url", "receiver"; origin is the line
 * of the alert object.
 *
 * Grafana's unified-alerting webhook has the same shape plus members
 * Alertmanager never sends ("orgId", "dashboardURL", "valueString",
 * "version": "1", ...): such a file is Grafana's (grafana.c), and this sniff
 * leaves it alone. */
#include "importer.h"

#include <string.h>

#include "alertpayload.h"
#include "jsondocs.h"
#include "jsonstream.h"
#include "jsonutil.h"

struct am {
    rg_am_reader r;      /* the alerts' reader, shared with grafana.c */
    rg_jsondocs docs;    /* the text being read (the file, or one streamed record), and
                            whether it holds several payloads */
    rg_json_offsets top; /* elements of a top-level array */
};

/* One JSON document at text[off..end). */
static int document(void *ctx, const json_t *root, size_t off, size_t end)
{
    struct am *am = ctx;
    rg_am_document_begin(&am->r, off, end);
    if (json_is_array(root)) /* a scan of the text, only when there are elements */
        rg_json_offsets_find(&am->top, am->docs.text, off, end, NULL);
    int rc = 0;
    if (json_is_array(root)) {
        int was = am->docs.stream;
        am->docs.stream = 1; /* one bad payload in an array is one bad record */
        size_t i;
        const json_t *p;
        json_array_foreach(root, i, p)
        {
            size_t poff = rg_json_offsets_take(&am->top, off);
            size_t pend = rg_json_offsets_peek(&am->top, end);
            if ((rc = rg_am_payload(&am->r, p, poff, pend)) != 0)
                break;
        }
        am->docs.stream = was;
    } else {
        rc = rg_am_payload(&am->r, root, off, end);
    }
    rg_am_document_end(&am->r);
    rg_json_offsets_free(&am->top);
    return rc;
}

/* One payload of a large top-level array, or one alert of a large payload,
 * read record by record (jsonstream.h): its text alone is in am->docs; env
 * holds the payload's other members, those after "alerts" too (ops.late). */
static int element(void *ctx, const char *key, const json_t *env, const json_t *p, size_t off,
                   size_t end)
{
    struct am *am = ctx;
    if (key) /* an alert of one large payload */
        return rg_am_streamed_alert(&am->r, env, p);
    rg_am_document_begin(&am->r, off, end);
    am->docs.stream = 1; /* one bad payload in an array is one bad record */
    int rc = rg_am_payload(&am->r, p, off, end);
    am->docs.stream = 0;
    rg_am_document_end(&am->r);
    return rc;
}

/* The file is streamed (jsonstream.h, issue 11): payloads one per line are
 * read one at a time, a large top-level array payload by payload and one
 * large payload alert by alert, so memory follows the largest payload or
 * alert, not the file; a file of one document up to 1 MiB is read whole as
 * before. */
static int parse(const rg_source *src, rg_sink *sink)
{
    struct am am;
    memset(&am, 0, sizeof(am));
    am.r.src = src;
    am.r.sink = sink;
    am.r.docs = &am.docs;
    am.r.actor = "alertmanager";
    am.r.payload = "an Alertmanager webhook payload";
    am.r.source = rg_arena_strdup(sink->arena, src->name);
    if (!am.r.source)
        return rg_diag_error(sink->diag, src->path, 0, 0, "out of memory");
    static const char *const keys[] = {"alerts", NULL};
    const rg_jsondocs_ops ops = {keys, document, element, NULL, 1, NULL};
    int rc = rg_jsondocs_stream(&am.docs, src->path, sink->diag, &ops, &am);
    rg_am_document_end(&am.r);
    rg_json_offsets_free(&am.top);
    return rc;
}

static int sniff(const char *path, int is_dir, const char *head, size_t head_len)
{
    (void)path;
    if (is_dir || !head || !rg_json_opening(head, head_len))
        return 0;
    if (!rg_text_has(head, head_len, "\"alerts\"") || rg_am_grafana_marks(head, head_len))
        return 0;
    if (rg_text_has(head, head_len, "\"startsAt\"") || rg_text_has(head, head_len, "\"groupKey\""))
        return 90;
    if (rg_text_has(head, head_len, "\"fingerprint\"") ||
        rg_text_has(head, head_len, "\"generatorURL\""))
        return 60;
    return 0;
}

const rg_importer rg_importer_alertmanager = {
    .name = "alertmanager",
    .kind = RG_KIND_ALERT,
    .summary = "Prometheus Alertmanager webhook payloads (one, an array, or one per line)",
    .recognises = "JSON with \"alerts\" and \"startsAt\" or \"groupKey\", without Grafana's "
                  "members",
    .streams = 0,
    .sniff = sniff,
    .parse = parse,
};
