/* fuzz_logline_flat.c -- the tree-less read of a flat JSON line
 * (importers/logline.h, rg_logline_flat), by what it promises: a line it
 * reads is a JSON object to jansson, and the fold hook is offered the same
 * type, text and actor as from jansson's tree, both as jsonlines.c folds
 * (integers read as reals) and as rg_logpeek_fold folds another format's
 * text (integers as integers, the walk on and off). */
#include <jansson.h>

#include "fuzz.h"
#include "jsonflat.h"
#include "logline.h"

static char offered[1 << 16];

static int capture(rg_sink *sink, const rg_foldable *f)
{
    (void)sink;
    snprintf(offered, sizeof(offered), "%s|%d:%.*s|%.*s", f->type, f->actor != NULL,
             f->actor ? (int)f->actor_len : 0, f->actor ? f->actor : "", (int)f->text_len, f->text);
    return 0;
}

/* What one fold offers for s[0..n): through rg_logpeek_fold (with its
 * tree o, or NULL: rg_logline_read's way, the walk on or off as flat
 * says), or, with ff, through rg_logpeek_fold_flat. NULL when it fails
 * (out of memory); owned. */
static char *fold(const char *s, size_t n, const json_t *o, const rg_flatfold *ff, int flat)
{
    rg_diag d;
    rg_diag_init(&d);
    rg_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.diag = &d;
    sink.fold = capture;
    rg_logpeek p;
    memset(&p, 0, sizeof(p));
    offered[0] = '\0';
    rg_jsonflat_test_off(!flat);
    int rc = ff ? rg_logpeek_fold_flat(&p, &sink, ff, 1, 1)
                : rg_logpeek_fold(&p, &sink, s, n, o, 0, 1, 1);
    rg_jsonflat_test_off(0);
    rg_logpeek_free(&p);
    rg_diag_free(&d);
    return rc == 0 ? strdup(offered) : NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    rg_flatfold ff;
    if (rg_logline_flat(s, size, &ff)) {
        json_error_t err;
        json_t *o = json_loadb(s, size, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &err);
        FUZZ_CHECK(json_is_object(o), "the walk read a line jansson does not: %s", err.text);
        char *tree = fold(s, size, o, NULL, 0);
        json_decref(o);
        char *flat = fold(s, size, NULL, &ff, 1);
        if (tree && flat)
            FUZZ_CHECK(strcmp(tree, flat) == 0, "tree '%s', walk '%s'", tree, flat);
        free(tree);
        free(flat);
    }
    /* another format's text: the walk on and off give one fold */
    char *with = fold(s, size, NULL, NULL, 1), *without = fold(s, size, NULL, NULL, 0);
    if (with && without)
        FUZZ_CHECK(strcmp(with, without) == 0, "with the walk '%s', without '%s'", with, without);
    free(with);
    free(without);
    return 0;
}
