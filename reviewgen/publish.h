/* publish.h -- a set of output files written into one folder, with the
 * incident's rows in the store, all or nothing, and what a later run does
 * with a set a crash interrupted (README, "Outputs and the store change
 * together"; the protocol is described at the top of publish.c). */
#ifndef RG_PUBLISH_H
#define RG_PUBLISH_H

#include <jansson.h>
#include <stddef.h>

#include "diag.h"
#include "output.h"

/* The record of an output set between its commit and its last rename, in
 * the output folder. */
#define RG_PUBLISH_PENDING ".reviewgen-pending"

/* One file of an output set: a name inside the folder (no '/'), borrowed;
 * its bytes are data[0..len), or, when fill is set, what fill hands over
 * piece by piece (rg_outdir_write_temp_fill: timeline.jsonl is streamed). */
typedef struct rg_out_file {
    const char *name;
    const char *data;
    size_t len;
    rg_output_fill fill;
    void *fill_ctx;
} rg_out_file;

/* Writes files[0..n_files) into the folder dir (created when missing, not
 * its parents) and, when db_path is not NULL, saves `model` (a review.json
 * object) in the store at db_path, all or nothing. Files of the folder not
 * in the set are never touched. Finishes or undoes a set an earlier run left
 * pending in dir first (rg_publish_recover).
 * Returns 0 when every file and the store are new. Returns -1 with the
 * error in diag otherwise: before the commit point nothing changed and no
 * temporary is left; after it (a rename or the folder's sync failed) the
 * message ends "...; the store already holds this build: the next reviewgen
 * run that writes into 'dir' completes its outputs", and that is what the
 * next run does. Warnings (an interrupted set finished or undone, stale
 * temporaries removed) go to diag. */
int rg_publish_files(const char *dir, const rg_out_file *files, size_t n_files, const char *db_path,
                     const json_t *model, rg_diag *diag);

/* What every publish into dir does first, on its own: when dir holds a
 * pending set, finishes it (renames its temporaries onto their targets) if
 * its store commit happened, or removes its temporaries if not; then
 * removes any other temporary of ours. `legacy` names files whose
 * temporaries of an earlier reviewgen (NAME.tmp.XXXXXX) are also ours.
 * Returns 0 (nothing to do, or done, with a warning in diag), or -1 with
 * the error in diag (the pending set is then left as it was). */
int rg_publish_recover(const char *dir, const char *const *legacy, size_t n_legacy, rg_diag *diag);

#endif
