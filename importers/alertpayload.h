/* alertpayload.h -- reading the alerts of an Alertmanager-shaped webhook
 * payload, shared by the two importers whose payloads have that shape
 * (alertmanager.c; grafana.c, whose unified-alerting webhook is Alertmanager's
 * plus a few members), so an alert.firing from Grafana is read exactly as one
 * from Alertmanager. */
#ifndef RG_ALERTPAYLOAD_H
#define RG_ALERTPAYLOAD_H

#include <jansson.h>
#include <stddef.h>

#include "importer.h"
#include "jsondocs.h"

typedef struct rg_am_reader rg_am_reader;

struct rg_am_reader {
    const rg_source *src; /* borrowed, for parse() */
    rg_sink *sink;        /* borrowed */
    rg_jsondocs *docs;    /* borrowed: the file being read */
    const char *source;   /* arena-owned copy of src->name */
    const char *actor;    /* every event's actor: the system that sent it */
    const char *payload;  /* what a payload is, for messages: "an Alertmanager webhook payload" */
    rg_json_offsets offsets; /* owned: elements of the arrays named "alerts" of the current
                                document; rg_am_document_begin/_end fill and free it */
    rg_locator loc;          /* where the events' origins are found, in one pass */
    /* Optional: adds attributes of the importer's own to each event (after the
     * shared ones). Returns 0, or -1 when out of memory. */
    int (*more)(rg_am_reader *r, rg_event *ev, const json_t *payload, const json_t *alert);
};

/* Prepares r for the document text[off..end) of r->docs: finds where its
 * alerts are. Call rg_am_document_end() after the document. r->docs may be
 * the whole file (rg_jsondocs_read) or one record streamed by
 * rg_jsondocs_stream (jsonstream.h: d->line0 set), whose origins are then
 * placed in the file. */
void rg_am_document_begin(rg_am_reader *r, size_t off, size_t end);
void rg_am_document_end(rg_am_reader *r);

/* Reads payload p, whose text is r->docs->text[off..end): every alert of its
 * "alerts" array gives alert.firing at startsAt and, when resolved with a real
 * endsAt, alert.resolved at endsAt (README, "Formats"; the rules are in
 * alertpayload.c). A bad alert is a warning. A payload that is not an object,
 * has no "alerts" or whose "alerts" is not an array is reported through
 * rg_jsondocs_shape (an error when it is the file's only document). Returns 0,
 * or -1 with an error in the sink's diag. */
int rg_am_payload(rg_am_reader *r, const json_t *p, size_t off, size_t end);

/* Reads alert al of a payload too large to read whole (jsonstream.h, the
 * payload's "alerts" streamed): r->docs->text is the alert's text alone, and
 * env every other member of the payload (its status, receiver...), as
 * rg_am_payload reads each alert of p. Returns 0, or -1 with an error in the
 * sink's diag. */
int rg_am_streamed_alert(rg_am_reader *r, const json_t *env, const json_t *al);

/* Prometheus's label-set fingerprint (model.LabelSet.Fingerprint) of the
 * string members of labels (FNV-1a 64 over name, 0xff, value, 0xff for each
 * label sorted by name), as 16 hex digits in out. Returns 0, or -1 when out of
 * memory. */
int rg_am_fingerprint(const json_t *labels, char out[17]);

/* 1 when head[0..len) carries a mark of Grafana's webhooks that Alertmanager
 * never sends: "orgId", "dashboardURL", "panelURL", "silenceURL",
 * "valueString", "imageURL", legacy "evalMatches"/"ruleUrl", or "version": "1".
 * Both sniffs use it, so they cannot both claim a file. */
int rg_am_grafana_marks(const char *head, size_t len);

#endif
