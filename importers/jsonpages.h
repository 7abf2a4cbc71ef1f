/* jsonpages.h -- a folder of JSON pages read as one source: the files an API
 * listing was saved in, one page each (Datadog events, Opsgenie alert logs,
 * CloudWatch alarm history, Zabbix results). Shared by those importers so
 * they decide alike which folder is theirs (README, "Formats"). */
#ifndef RG_JSONPAGES_H
#define RG_JSONPAGES_H

#include "importer.h"

/* At most this many files are looked at in a folder; a folder with more is
 * not a folder of pages (its files are then sources of their own). */
#define RG_PAGES_MAX 4096

/* Scores the folder dir for an importer whose score for one file is
 * file_sniff(path, 0, head, head_len): the lowest score of its files, so the
 * folder is claimed only when every file in it is a page of that format.
 * Hidden files are ignored. 0 when the folder holds no file, a sub-folder,
 * more than RG_PAGES_MAX entries, a file that cannot be read, or a file that
 * scores below 50 (the recognition threshold). Reads the first 4 KiB of each
 * file, stops at the first file that does not score; no heap allocation, no
 * side effects, as sniff() must be. */
int rg_pages_sniff(const char *dir, int (*file_sniff)(const char *path, int is_dir,
                                                      const char *head, size_t head_len));

/* Reads a source that is a file or a folder of pages: for a file, calls
 * page(ctx, src) once; for a folder, calls page(ctx, file) for each regular,
 * not hidden file in it in natural name order ("page2" before "page10"),
 * where file is a copy of *src whose path is that file's (its origins then
 * name the file: "datadog/page2.json:3"; its name stays the folder's source
 * name). Stops at the first page() that does not return 0. Returns 0, or -1
 * with an error in sink->diag ("path: cannot read the folder: <reason>" or
 * page()'s). */
int rg_pages_read(const rg_source *src, rg_sink *sink,
                  int (*page)(void *ctx, const rg_source *file), void *ctx);

#endif
