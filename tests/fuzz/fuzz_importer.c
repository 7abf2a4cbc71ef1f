/* fuzz_importer.c -- one importer, chosen when the target is built
 * (-DRG_FUZZ_IMPORTER=slack names rg_importer_slack): its sniff on the first
 * 4 KiB, its parse of the whole input as a file, and the timeline over what
 * it emitted. The Makefile makes one target per line of importers/registry.c,
 * so a new importer is fuzzed with no change here. Properties: parse
 * returns 0 or -1, -1 only with an error message; every event has an
 * instant, a type and an origin; sniff stays in 0..100. An input of odd
 * length is read as a file over 1 MiB would be (importers/jsonstream.h:
 * every JSON document streamed, in reads of 1 to 61 bytes), so the streamed
 * path of the JSON importers is fuzzed as well as the whole-document one.
 * The csv importer reads nothing without the manifest's column mapping, so
 * for it the input's first line is a source entry of incident.json (JSON,
 * e.g. {"columns": {"time": "t", "text": "x"}}) and the rest is the file:
 * the mapping is fuzzed along with the CSV (seeds.sh writes such seeds).
 * An input whose length is a multiple of 3 is read as the build reads a log
 * file that overlaps another all along (a sink with the fold hook and one
 * overlap covering every instant), so every record offered to fold() comes
 * with the identity the importer builds for it (rg_foldable.raw), whose
 * bytes are all read; fold() folds about half of them, so both paths after
 * it run too. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "../../importers/importer.h"
#include "../../importers/jsonstream.h"
#include "alloc.h"
#include "csvmap.h"
#include "fuzz.h"
#include "timeline.h"

#ifndef RG_FUZZ_IMPORTER
#error "build with -DRG_FUZZ_IMPORTER=<name of an rg_importer_<name> in importers/registry.c>"
#endif
#define GLUE(a, b) a##b
#define IMPORTER(name) GLUE(rg_importer_, name)
extern const rg_importer IMPORTER(RG_FUZZ_IMPORTER);

typedef struct kept {
    rg_event **ev;
    size_t n, cap;
} kept;

static int keep(rg_sink *sink, rg_event *ev)
{
    kept *k = sink->ctx;
    FUZZ_CHECK(ev != NULL, "emit(NULL)");
    FUZZ_CHECK(ev->type != NULL && ev->origin != NULL, "an event without type or origin");
    if (k->n == k->cap) {
        size_t cap = k->cap ? k->cap * 2 : 64;
        rg_event **grown = rg_realloc(k->ev, cap * sizeof(*grown));
        if (!grown)
            return -1;
        k->ev = grown;
        k->cap = cap;
    }
    k->ev[k->n++] = ev;
    return 0;
}

/* Reads every byte a foldable lends (so the sanitizer sees a string shorter
 * than its length) and folds it or not by those bytes. */
static int fold_all(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    FUZZ_CHECK(f->type != NULL, "a foldable without a type");
    FUZZ_CHECK(f->text != NULL || f->text_len == 0, "a foldable's text is NULL");
    FUZZ_CHECK(f->raw != NULL || f->raw_len == 0, "a foldable's identity is NULL");
    unsigned h = 0;
    for (size_t i = 0; i < f->text_len; i++)
        h = h * 31 + (unsigned char)f->text[i];
    for (size_t i = 0; i < f->raw_len; i++)
        h = h * 31 + (unsigned char)f->raw[i];
    for (size_t i = 0; f->actor && i < f->actor_len; i++)
        h = h * 31 + (unsigned char)f->actor[i];
    return f->human ? 1 : (int)(h & 1);
}

static void fold_repeat(rg_sink *sink, long n)
{
    (void)sink;
    FUZZ_CHECK(n > 0, "a repeat of %ld lines", n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rg_importer *imp = &IMPORTER(RG_FUZZ_IMPORTER);
    int score = imp->sniff("input", 0, (const char *)data, size < 4096 ? size : 4096);
    FUZZ_CHECK(score >= 0 && score <= 100, "sniff gave %d", score);
    rg_arena *arena = rg_arena_new();
    if (!arena)
        return 0;
    rg_diag diag;
    rg_diag_init(&diag);
    const rg_csvmap *map = NULL;
    if (strcmp(imp->name, "csv") == 0) {
        const uint8_t *nl = memchr(data, '\n', size);
        size_t head = nl ? (size_t)(nl - data) : size;
        json_t *entry = json_loadb((const char *)data, head, 0, NULL);
        int ok = json_is_object(entry) &&
                 rg_csvmap_load(&map, arena, entry, "csv", "incident.json", (const char *)data,
                                head, 0, &diag) == 0 &&
                 map != NULL;
        json_decref(entry);
        if (!ok) {
            rg_diag_free(&diag);
            rg_arena_free(arena);
            return 0;
        }
        data += nl ? head + 1 : head;
        size -= nl ? head + 1 : head;
    }
    const char *path = fuzz_file("input", data, size);
    if (!path) {
        rg_diag_free(&diag);
        rg_arena_free(arena);
        return 0;
    }
    kept k = {NULL, 0, 0};
    rg_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.arena = arena;
    sink.diag = &diag;
    sink.emit = keep;
    sink.ctx = &k;
    sink.csv = map;
    static const rg_span everywhere = {INT64_MIN, INT64_MAX};
    if (size % 3 == 0) {
        sink.fold = fold_all;
        sink.fold_repeat = fold_repeat;
        sink.overlaps = &everywhere;
        sink.n_overlaps = 1;
    }
    /* a reference instant, so year-less times (syslog) take one */
    rg_source src = {
        .path = path, .name = "fuzz", .zone = rg_tz_utc(), .ref_us = INT64_C(1790000000000000)};
    size_t whole_max = rg_jsondocs_whole_max, chunk = rg_jstream_chunk;
    if (size % 2) {
        rg_jsondocs_whole_max = 0;
        rg_jstream_chunk = 1 + size / 2 % 61;
    }
    int rc = imp->parse(&src, &sink);
    rg_jsondocs_whole_max = whole_max;
    rg_jstream_chunk = chunk;
    FUZZ_CHECK(rc == 0 || rc == -1, "parse returned %d", rc);
    FUZZ_CHECK(rc == 0 || (diag.has_error && diag.error[0]), "parse failed without a message");
    if (rc == 0 && k.n > 0) {
        for (size_t i = 0; i < k.n; i++)
            k.ev[i]->seq = i;
        rg_timeline tl;
        rg_diag td;
        rg_diag_init(&td);
        if (rg_timeline_build(&tl, arena, k.ev, k.n, &td) == 0)
            FUZZ_CHECK(tl.n_events + tl.n_duplicates <= k.n, "the timeline made events");
        rg_diag_free(&td);
    }
    rg_free(k.ev);
    rg_diag_free(&diag);
    rg_arena_free(arena);
    return 0;
}
