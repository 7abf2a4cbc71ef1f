/* bounds.h -- every list of the review whose length follows the input is
 * bounded in review.md (README, "Every section bounded"): the most useful
 * rows are listed, the rest counted, and the document says where they are. */
#ifndef RG_BOUNDS_H
#define RG_BOUNDS_H

#include <jansson.h>

/* Responders listed in the "Thank you" table: people the manifest names or
 * the evidence gives a role or a deed first, then the others in the order
 * they joined (never by how much they wrote). review.json's "responders"
 * keeps every person. */
#define RG_LIST_RESPONDERS 100
/* Sources listed in the appendix: the sources that are not logs first, then
 * by records read, most first (then in order read); the others are one row
 * of totals. review.json keeps all. */
#define RG_LIST_SOURCES 100
/* Warnings listed one by one, in the order first met; the rest grouped by
 * class with their counts. review.json keeps all. */
#define RG_LIST_WARNINGS 50
/* Findings listed of each code, in order; the rest counted by code. */
#define RG_LIST_FINDINGS_PER_CODE 10
/* Chat suggestions listed: those with a suggested owner or due date first,
 * then in the order raised. review.json keeps all. */
#define RG_LIST_SUGGESTIONS 50
/* Impact periods named in the impact sentence (the total covers them all). */
#define RG_LIST_PERIODS 10
/* Crossings of a series' threshold named in the metrics table (each with
 * when it came back); the rest counted. review.json keeps all. */
#define RG_LIST_CROSSINGS 5
/* review.json's "clusters" keeps the clusters of the most folded lines (the
 * only list whose size, not the document's, was the problem: one row per
 * distinct folded line); every cluster is an entry of timeline.jsonl. */
#define RG_JSON_CLUSTERS 1000

/* Marks the rows of model's lists that review.md lists ("listed": true or
 * false on each responder, source, warning, finding, suggestion, impact
 * period and series crossing) and adds what the document says of the others:
 * "responder_counts", "source_counts", "warning_counts", "finding_counts",
 * "suggestion_counts", "cluster_counts", impact's "more"/"more_text" and
 * each series' "breaches_more"/"breaches_more_text"
 * (README, "Every section bounded"). Cuts review.json's "clusters" to
 * RG_JSON_CLUSTERS. Returns 0, -1 when out of memory (model then has a hole
 * and must not be published). */
int rg_bound_model(json_t *model);

#endif
