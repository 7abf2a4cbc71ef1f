/* fuzz_importer.c -- one importer, chosen when the target is built
 * (-DRG_FUZZ_IMPORTER=slack names rg_importer_slack): its sniff on the first
 * 4 KiB, its parse of the whole input as a file, and the timeline over what
 * it emitted. An input of odd length is read as a large file is (a JSON
 * document record by record, jsonstream.h, in reads of 16 bytes). The
 * Makefile makes one target per line of importers/registry.c, so a new
 * importer is fuzzed with no change here. Properties: parse returns 0 or -1,
 * -1 only with an error message; every event has an instant, a type and an
 * origin; sniff stays in 0..100. */
#include <stdint.h>

#include "../../importers/importer.h"
#include "../../importers/jsonstream.h"
#include "alloc.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rg_importer *imp = &IMPORTER(RG_FUZZ_IMPORTER);
    int score = imp->sniff("input", 0, (const char *)data, size < 4096 ? size : 4096);
    FUZZ_CHECK(score >= 0 && score <= 100, "sniff gave %d", score);
    const char *path = fuzz_file("input", data, size);
    if (!path)
        return 0;
    rg_arena *arena = rg_arena_new();
    if (!arena)
        return 0;
    rg_diag diag;
    rg_diag_init(&diag);
    kept k = {NULL, 0, 0};
    rg_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.arena = arena;
    sink.diag = &diag;
    sink.emit = keep;
    sink.ctx = &k;
    /* a reference instant, so year-less times (syslog) take one */
    rg_source src = {
        .path = path, .name = "fuzz", .zone = rg_tz_utc(), .ref_us = INT64_C(1790000000000000)};
    size_t whole_max = rg_jsondocs_whole_max, chunk = rg_jstream_chunk;
    if (size % 2) {
        rg_jsondocs_whole_max = 0;
        rg_jstream_chunk = 16;
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
