/* recognition.c -- thanks computed from the timeline. Nobody is ranked and
 * nothing counts messages against a person: each responder is listed in the
 * order they joined, with the things they did (README, "Recognition"). */
#include "recognition.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "alloc.h"
#include "modelval.h"

#define US INT64_C(1000000)

#define set_str rg_model_set_str
#define time_str rg_model_time

static json_t *dur_text(int64_t seconds)
{
    char buf[48];
    return json_string(rg_duration_format(seconds, buf));
}

/* Days since 1970-01-01 to a weekday, 0 = Monday (1970-01-01 was a Thursday). */
static int weekday(int64_t local_s)
{
    int64_t days = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
    int64_t w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int64_t rg_outside_hours(int64_t from_us, int64_t to_us, const rg_tz *zone, rg_hours hours)
{
    if (to_us <= from_us)
        return 0;
    const rg_tz *z = zone ? zone : rg_tz_utc();
    int64_t outside_us = 0;
    /* Walk in steps that end at the next local minute boundary: offsets
     * change on minute boundaries, and working hours are in minutes. */
    int64_t t = from_us;
    while (t < to_us) {
        int64_t local_s = t / US + rg_tz_offset_at(z, t);
        int64_t sec_of_min = ((local_s % 60) + 60) % 60;
        int64_t step = (60 - sec_of_min) * US - (t % US + US) % US;
        if (step <= 0)
            step = 60 * US;
        if (t + step > to_us)
            step = to_us - t;
        int64_t min_of_day = (((local_s % 86400) + 86400) % 86400) / 60;
        int wd = weekday(local_s);
        if (wd >= 5 || min_of_day < hours.start_min || min_of_day >= hours.end_min)
            outside_us += step;
        t += step;
    }
    return (outside_us + US / 2) / US;
}

/* Case-insensitive substring test (strcasestr is not in POSIX). */
static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* A responder being assembled. */
typedef struct person {
    const char *name;
    const rg_event *first, *last;
    const rg_tz *zone;
    const char *zone_name;
    json_t *roles; /* strings */
    json_t *did;   /* [{what, at, origin}] */
} person;

static person *find(person *ps, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ps[i].name, name) == 0)
            return &ps[i];
    return NULL;
}

static void add_unique(json_t *list, const char *what)
{
    for (size_t i = 0; i < json_array_size(list); i++)
        if (json_string_value(json_array_get(list, i)) &&
            strcmp(json_string_value(json_array_get(list, i)), what) == 0)
            return;
    json_array_append_new(list, json_string(what));
}

static void add_deed(person *p, const char *what, const rg_event *ev, int64_t day0_us)
{
    for (size_t i = 0; i < json_array_size(p->did); i++) {
        const char *w = json_string_value(json_object_get(json_array_get(p->did, i), "what"));
        if (w && strcmp(w, what) == 0)
            return;
    }
    json_t *d = json_object();
    set_str(d, "what", what);
    json_object_set_new(d, "at", time_str(ev->at_us));
    set_str(d, "origin", ev->origin);
    json_object_set_new(d, "clock", rg_model_clock(ev->at_us, day0_us));
    json_array_append_new(p->did, d);
}

/* Case-insensitive "does text name this person" (the full name or its first word). */
static int mentions(const char *text, const char *name)
{
    size_t n = strcspn(name, " ");
    for (const char *p = text; *p; p++) {
        if ((p == text || !isalnum((unsigned char)p[-1])) && strncasecmp(p, name, n) == 0 &&
            !isalnum((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

/* 1 when a clause of text (split at , . ; : and line breaks) both names the
 * person and says "commander" or "IC": "Linh is incident commander, Siti owns
 * comms" names Linh, not Siti. */
static int names_commander(const char *text, const char *name)
{
    char clause[512];
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, ",.;:\n");
        size_t c = n < sizeof(clause) - 1 ? n : sizeof(clause) - 1;
        memcpy(clause, p, c);
        clause[c] = '\0';
        if ((ci_contains(clause, "commander") || strstr(clause, "IC ")) && mentions(clause, name))
            return 1;
        p += n;
        if (*p)
            p++;
    }
    return 0;
}

static const rg_responder *manifest_entry(const rg_manifest *m, const char *name)
{
    for (size_t i = 0; i < m->n_responders; i++)
        if (strcmp(m->responders[i].name, name) == 0)
            return &m->responders[i];
    return NULL;
}

/* What a responder did, in words, from an event they are the actor of; NULL
 * for events that say nothing a reader needs (ordinary chat). Nothing here
 * counts messages: recognition is about what people did, not how much they
 * typed. */
static const char *deed(const rg_build *b, const rg_event *ev)
{
    if (ev->milestone) {
        static const struct {
            const char *ms, *text;
        } by_ms[] = {{"detected", "raised the alarm"},
                     {"acknowledged", "took ownership"},
                     {"mobilized", "assembled the response"},
                     {"communicated", "told customers"},
                     {"mitigated", "reported the impact stopped"},
                     {"recovered", "stood the response down"},
                     {"resolved", "announced the recovery"}};
        for (size_t i = 0; i < sizeof(by_ms) / sizeof(by_ms[0]); i++)
            if (strcmp(ev->milestone, by_ms[i].ms) == 0)
                return by_ms[i].text;
    }
    if (strcmp(ev->type, "page.acknowledged") == 0)
        return "acknowledged the page";
    if (strcmp(ev->type, "page.escalated") == 0)
        return "escalated the page";
    if (strcmp(ev->type, "page.resolved") == 0)
        return "resolved the page";
    if (ev->kind == RG_KIND_NOTE)
        return "documented findings";
    if (ev->kind == RG_KIND_CHANGE)
        return "made a change";
    if (ev->kind == RG_KIND_CHAT && strcmp(ev->type, "chat.message") == 0) {
        const rg_phrases *p = &b->manifest.phrases;
        if (rg_has_action_line(&b->manifest, ev->text))
            return "raised a follow-up";
        if (rg_phrase_match(ev->text, p->mitigated, p->n_mitigated))
            return "confirmed the recovery";
        if (rg_phrase_match(ev->text, p->mobilize, p->n_mobilize))
            return "organised the response";
        if (rg_phrase_match(ev->text, p->report, p->n_report))
            return "reported what they saw";
    }
    return NULL;
}

/* The table's texts: "took ownership (14:07:40); escalated the page
 * (14:12:25)", the time of day they joined, and their roles in a line. */
static void set_texts(json_t *r, const rg_event *first, int64_t day0_us)
{
    json_t *did = json_object_get(r, "did");
    char buf[2048] = "";
    size_t used = 0;
    for (size_t i = 0; i < json_array_size(did) && used < sizeof(buf) - 1; i++) {
        json_t *d = json_array_get(did, i);
        const char *w = json_string_value(json_object_get(d, "what"));
        const char *clock = json_string_value(json_object_get(d, "clock"));
        if (!w || !clock)
            continue; /* out of memory: the model is thrown away anyway */
        int n = snprintf(buf + used, sizeof(buf) - used, "%s%s (%s)", i ? "; " : "", w, clock);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    set_str(r, "did_text", used ? buf : NULL);
    if (first)
        json_object_set_new(r, "first_clock", rg_model_clock(first->at_us, day0_us));
    json_t *roles = json_object_get(r, "roles");
    char rb[512] = "";
    size_t ru = 0;
    for (size_t i = 0; i < json_array_size(roles) && ru < sizeof(rb) - 1; i++) {
        int n = snprintf(rb + ru, sizeof(rb) - ru, "%s%s", i ? ", " : "",
                         json_string_value(json_array_get(roles, i)));
        if (n < 0)
            break;
        ru += (size_t)n;
    }
    set_str(r, "roles_text", ru ? rb : NULL);
}

json_t *rg_recognition_json(const rg_build *b)
{
    const rg_manifest *m = &b->manifest;
    const rg_timeline *tl = &b->timeline;
    size_t cap = tl->n_events + m->n_responders + 1;
    person *ps = rg_calloc(cap, sizeof(*ps));
    if (!ps)
        return NULL;
    size_t n = 0;
    rg_tz **loaded = rg_calloc(cap, sizeof(*loaded));
    size_t n_loaded = 0;
    int64_t day0 = tl->n_events ? rg_model_day(tl->events[0]->at_us) : 0;
    json_t *root = json_object();
    if (!loaded || !root)
        goto done;

    /* People, in the order they first acted. */
    for (size_t i = 0; i < tl->n_events; i++) {
        const rg_event *ev = tl->events[i];
        if (!ev->human || !ev->actor || ev->kind == RG_KIND_LOG || ev->kind == RG_KIND_ALERT ||
            ev->kind == RG_KIND_STATUS)
            continue;
        person *p = find(ps, n, ev->actor);
        if (!p) {
            p = &ps[n++];
            p->name = ev->actor;
            p->first = ev;
            p->roles = json_array();
            p->did = json_array();
        }
        p->last = ev;
        /* The chat export knows each person's zone (Slack users.json "tz"). */
        const char *tz = rg_event_attr_get(ev, "tz");
        if (tz && !p->zone_name)
            p->zone_name = tz;
        const char *what = deed(b, ev);
        if (what)
            add_deed(p, what, ev, day0);
    }
    for (size_t i = 0; i < m->n_responders; i++) {
        person *p = find(ps, n, m->responders[i].name);
        if (!p) { /* named by the lead, absent from the evidence: thanked all the same */
            p = &ps[n++];
            p->name = m->responders[i].name;
            p->roles = json_array();
            p->did = json_array();
        }
    }

    /* Roles the evidence shows. */
    const rg_milestones *ms = &b->milestones;
    int64_t detected = ms->m[RG_MS_DETECTED].present ? ms->m[RG_MS_DETECTED].at_us : INT64_MIN;
    int64_t mobilized = ms->m[RG_MS_MOBILIZED].present ? ms->m[RG_MS_MOBILIZED].at_us : INT64_MAX;
    person *first = NULL;
    for (size_t i = 0; i < n; i++)
        if (ps[i].first && ps[i].first->at_us >= detected &&
            (!first || ps[i].first->at_us < first->first->at_us))
            first = &ps[i];
    if (first)
        add_unique(first->roles, "first responder");
    const rg_event *mob = ms->m[RG_MS_MOBILIZED].event;
    for (size_t i = 0; i < n; i++) {
        person *p = &ps[i];
        const rg_responder *r = manifest_entry(m, p->name);
        if (r && r->role && ci_contains(r->role, "commander"))
            add_unique(p->roles, "incident commander");
        else if (mob && mob->text && names_commander(mob->text, p->name))
            add_unique(p->roles, "incident commander");
        if (r && r->role &&
            (ci_contains(r->role, "communication") || ci_contains(r->role, "comms")))
            add_unique(p->roles, "talked to customers");
        const rg_event *mit = ms->m[RG_MS_MITIGATED].event;
        if (mit && mit->human && mit->actor && strcmp(mit->actor, p->name) == 0)
            add_unique(p->roles, "confirmed the mitigation");
        if (p->first && p->first->at_us > mobilized)
            add_unique(p->roles, "joined later");
    }
    /* Who made the change that mitigated: the last change event, or the last
     * chat message announcing a fix, before mitigation, by a person. */
    if (ms->m[RG_MS_MITIGATED].present) {
        const rg_event *change = NULL;
        for (size_t i = 0; i < tl->n_events; i++) {
            const rg_event *ev = tl->events[i];
            if (ev->at_us > ms->m[RG_MS_MITIGATED].at_us)
                break;
            if (ev->human && ev->actor && ev->kind == RG_KIND_CHANGE)
                change = ev;
        }
        person *p = change ? find(ps, n, change->actor) : NULL;
        if (p)
            add_unique(p->roles, "made the change that mitigated");
    }

    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        person *p = &ps[i];
        const rg_responder *r = manifest_entry(m, p->name);
        json_t *o = json_object();
        set_str(o, "name", p->name);
        set_str(o, "role", r ? r->role : NULL);
        /* A derived role the lead already wrote is not said twice. */
        for (size_t k = json_array_size(p->roles); r && r->role && k-- > 0;) {
            const char *role = json_string_value(json_array_get(p->roles, k));
            if (role && ci_contains(r->role, role))
                json_array_remove(p->roles, k);
        }
        json_object_set_new(o, "roles", p->roles);
        json_object_set_new(o, "did", p->did);
        p->roles = p->did = NULL;
        /* The zone: the manifest's word first, then the chat export's. */
        const rg_tz *zone = r && r->zone ? r->zone : NULL;
        const char *zone_name = zone ? rg_tz_name(zone) : p->zone_name;
        if (!zone && zone_name) {
            char err[128];
            rg_tz *tz = rg_tz_load(zone_name, err, sizeof(err));
            if (tz) {
                loaded[n_loaded++] = tz;
                zone = tz;
            } else {
                zone_name = NULL; /* an odd zone in an export: fall back below */
            }
        }
        if (!zone) {
            zone = m->zone;
            zone_name = rg_tz_name(zone);
        }
        set_str(o, "timezone", zone_name);
        rg_hours hours = r && r->has_hours ? r->hours : m->working_hours;
        char hbuf[32];
        snprintf(hbuf, sizeof(hbuf), "%02d:%02d\xE2\x80\x93%02d:%02d", hours.start_min / 60,
                 hours.start_min % 60, hours.end_min / 60, hours.end_min % 60);
        set_str(o, "working_hours", hbuf);
        if (p->first) {
            json_object_set_new(o, "first_at", time_str(p->first->at_us));
            set_str(o, "first_origin", p->first->origin);
            json_object_set_new(o, "last_at", time_str(p->last->at_us));
            int64_t span = (p->last->at_us - p->first->at_us + US / 2) / US;
            int64_t outside = rg_outside_hours(p->first->at_us, p->last->at_us, zone, hours);
            json_object_set_new(o, "involved", json_integer(span));
            json_object_set_new(o, "involved_text", dur_text(span));
            json_object_set_new(o, "outside_hours", json_integer(outside));
            json_object_set_new(o, "outside_hours_text", dur_text(outside));
        } else {
            json_object_set_new(o, "first_at", json_null());
            json_object_set_new(o, "involved", json_null());
            json_object_set_new(o, "outside_hours", json_null());
        }
        set_texts(o, p->first, day0);
        json_array_append_new(list, o);
    }
    json_object_set_new(root, "responders", list);

    /* The response as a whole: from detection to stand-down. */
    json_t *resp = json_object();
    const rg_milestone *from = &ms->m[RG_MS_DETECTED], *to = &ms->m[RG_MS_RECOVERED];
    if (from->present && to->present && to->at_us >= from->at_us) {
        int64_t s = (to->at_us - from->at_us + US / 2) / US;
        json_object_set_new(resp, "seconds", json_integer(s));
        json_object_set_new(resp, "text", dur_text(s));
    } else {
        json_object_set_new(resp, "seconds", json_null());
    }
    json_object_set_new(resp, "people", json_integer((json_int_t)n));
    json_object_set_new(root, "response", resp);

    /* The customers: what they were told, over how long. */
    json_t *cust = json_object();
    const rg_event *first_post = NULL, *last_post = NULL;
    size_t posts = 0;
    for (size_t i = 0; i < tl->n_events; i++)
        if (tl->events[i]->kind == RG_KIND_STATUS) {
            if (!first_post)
                first_post = tl->events[i];
            last_post = tl->events[i];
            posts++;
        }
    json_object_set_new(cust, "updates", json_integer((json_int_t)posts));
    if (first_post && last_post != first_post) {
        int64_t s = (last_post->at_us - first_post->at_us + US / 2) / US;
        json_object_set_new(cust, "over", json_integer(s));
        json_object_set_new(cust, "over_text", dur_text(s));
    }
    json_object_set_new(root, "customers", cust);
done:
    for (size_t i = 0; i < n; i++) {
        json_decref(ps[i].roles);
        json_decref(ps[i].did);
    }
    for (size_t i = 0; i < n_loaded; i++)
        rg_tz_free(loaded[i]);
    rg_free(loaded);
    rg_free(ps);
    return root;
}
