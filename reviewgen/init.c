/* init.c -- a starting incident.json from the evidence (README, "Starting a
 * manifest"): what reviewgen found, with the fields the lead fills in. */
#include "init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "recognition.h"

/* The zone most people in the chat export are in (Slack users.json "tz"),
 * the first seen on a tie; NULL when the export names none. */
static const char *chat_zone(const rg_build *b)
{
    /* each person once, with their zone */
    typedef struct who {
        const char *actor, *tz;
    } who;
    size_t n = 0, cap = 64;
    who *w = rg_malloc(cap * sizeof(*w));
    if (!w)
        return NULL;
    for (size_t i = 0; i < b->timeline.n_events; i++) {
        const rg_event *e = b->timeline.events[i];
        const char *tz = e->kind == RG_KIND_CHAT ? rg_event_attr_get(e, "tz") : NULL;
        if (!tz || !e->human || !e->actor)
            continue;
        size_t k = 0;
        while (k < n && strcmp(w[k].actor, e->actor) != 0)
            k++;
        if (k < n)
            continue;
        if (n == cap) {
            who *g = rg_realloc(w, 2 * cap * sizeof(*w));
            if (!g)
                break;
            w = g;
            cap *= 2;
        }
        w[n].actor = e->actor;
        w[n++].tz = tz;
    }
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < n; i++) {
        size_t c = 0;
        for (size_t k = 0; k < n; k++)
            c += strcmp(w[k].tz, w[i].tz) == 0;
        if (c > best_n) {
            best = w[i].tz;
            best_n = c;
        }
    }
    rg_free(w);
    return best;
}

char *rg_init_manifest(const rg_build *b, const char *schema, json_t *notes, size_t *len)
{
    unsigned long failures = rg_alloc_failures();
    json_t *m = json_object();
    json_object_set_new(m, "$schema", json_string(schema ? schema : RG_SCHEMA_URL));
    json_object_set_new(m, "id", json_string(b->manifest.id));
    json_object_set_new(m, "title", json_string(""));
    json_object_set_new(m, "severity", json_string(""));
    json_object_set_new(m, "services", json_array());
    /* times without a zone were read as UTC: say which zone to read them in */
    json_t *zoneless = json_array();
    for (size_t i = 0; i < b->n_sources; i++)
        if (rg_build_source_zone_assumed(b, i))
            json_array_append_new(zoneless, json_string(b->sources[i].rel));
    if (json_array_size(zoneless)) {
        const char *zone = chat_zone(b);
        json_object_set_new(m, "timezone", json_string(zone ? zone : "UTC"));
        char *list = json_dumps(zoneless, JSON_COMPACT);
        char note[1024];
        snprintf(note, sizeof(note),
                 "\"timezone\": \"%s\" (%s): %s write%s times without a zone, which are read in "
                 "it; check it",
                 zone ? zone : "UTC",
                 zone ? "the zone most people in the chat export are in"
                      : "nothing in the evidence says which zone",
                 list ? list : "some sources", json_array_size(zoneless) == 1 ? "s" : "");
        free(list);
        json_array_append_new(notes, json_string(note));
    }
    json_decref(zoneless);
    /* the review's header, for the lead to fill in */
    json_object_set_new(m, "status", json_string("draft"));
    json_object_set_new(m, "authors", json_array());
    json_object_set_new(m, "reviewers", json_array());
    json_object_set_new(m, "summary", json_string(""));
    json_object_set_new(m, "customer_impact", json_string(""));
    json_t *sources = json_array();
    for (size_t i = 0; i < b->n_sources; i++) {
        json_t *s = json_object();
        json_object_set_new(s, "path", json_string(b->sources[i].rel));
        json_object_set_new(s, "format", json_string(b->sources[i].importer->name));
        json_array_append_new(sources, s);
    }
    json_object_set_new(m, "sources", sources);
    json_t *policy = json_object();
    json_object_set_new(policy, "update_interval", json_string("30m"));
    json_object_set_new(policy, "acknowledge_within", json_string("5m"));
    json_object_set_new(policy, "max_window", json_string("7d"));
    json_object_set_new(m, "policy", policy);
    json_t *responders = json_array();
    json_t *rec = rg_recognition_json(b);
    const json_t *found = json_object_get(rec, "responders");
    for (size_t i = 0; i < json_array_size(found); i++) {
        json_t *r = json_object();
        json_object_set(r, "name", json_object_get(json_array_get(found, i), "name"));
        json_object_set_new(r, "role", json_string(""));
        json_array_append_new(responders, r);
    }
    json_decref(rec);
    json_object_set_new(m, "responders", responders);
    json_object_set_new(m, "recognition", json_array());
    json_object_set_new(m, "went_well", json_array());
    json_object_set_new(m, "went_wrong", json_array());
    json_object_set_new(m, "got_lucky", json_array());
    json_object_set_new(m, "contributing_factors", json_array());
    json_object_set_new(m, "action_items", json_array());
    char *text = NULL;
    if (rec && rg_alloc_failures() == failures) {
        char *js = json_dumps(m, JSON_INDENT(2));
        if (js) {
            *len = strlen(js) + 1;
            text = rg_malloc(*len + 1);
            if (text) {
                memcpy(text, js, *len - 1);
                text[*len - 1] = '\n';
                text[*len] = '\0';
            }
            free(js);
        }
    }
    json_decref(m);
    return text;
}
