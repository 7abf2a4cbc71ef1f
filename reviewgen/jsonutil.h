/* jsonutil.h -- reading JSON sources with errors a person can act on
 * ("path:line:col: message"), and finding where a record sits in the text,
 * which jansson does not keep once a document is parsed. */
#ifndef RG_JSONUTIL_H
#define RG_JSONUTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/* Reads a whole file. Returns the bytes (NUL-terminated; *len excludes the NUL)
 * or NULL with "path: cannot read: <strerror>" in diag. Caller frees with rg_free(). */
char *rg_read_file(const char *path, size_t *len, rg_diag *diag);
/* Reads f (borrowed, left open) to its end, as rg_read_file: for standard
 * input, which errors call name ("<stdin>: cannot read: ..."). */
char *rg_read_stream(FILE *f, const char *name, size_t *len, rg_diag *diag);

/* Parses text as one JSON document. On failure returns NULL with
 * "path:line:col: message" in diag, where the message says what a person needs:
 * "file is empty", "file is UTF-16; save it as UTF-8", "unexpected end of file
 * (truncated?)", or jansson's own text. A UTF-8 BOM is skipped. flags are
 * jansson's (JSON_REJECT_DUPLICATES for manifests). Caller frees with json_decref(). */
json_t *rg_json_parse(const char *path, const char *text, size_t len, size_t flags, rg_diag *diag);
/* rg_read_file + rg_json_parse. */
json_t *rg_json_load(const char *path, size_t flags, rg_diag *diag);

/* Byte offsets, in document order, of every element of every array that is
 * the value of an object member named `key` (key NULL: elements of the array
 * text opens with; the scan stops where it closes). Lets an importer name the line of its Nth
 * record. Returns the number found; *offsets is NULL when none. Caller frees *offsets with
 * rg_free(). The scan is a tolerant tokenizer: on malformed text it returns what it found. */
size_t rg_json_element_offsets(const char *text, size_t len, const char *key, size_t **offsets);

/* The offset of the value of member `key` of the object whose '{' is at
 * text[obj], looking only at that object's own members (not at nested
 * objects' keys); RG_JSON_NONE when absent or when text[obj] is not '{'. */
#define RG_JSON_NONE ((size_t)-1)
size_t rg_json_member_offset(const char *text, size_t len, size_t obj, const char *key);

/* The same for the last member named key: the one jansson keeps. */
size_t rg_json_member_offset_last(const char *text, size_t len, size_t obj, const char *key);

/* Copies JSON text in[0..n) to out without the white space outside its
 * strings, NUL-terminated; returns the length written (at most n; out has
 * room for n + 1 bytes). On jansson's own output it turns json_dumps(v,
 * JSON_INDENT(k) | f) into exactly json_dumps(v, JSON_COMPACT | f): jansson
 * writes no white space but its separators and indents, and inside strings
 * it escapes control characters, so a space or newline outside a string is
 * always its own. One pass over the bytes costs a small part of a second
 * walk of the tree (tests/check_jsonutil.c checks the two agree). */
size_t rg_json_squeeze(const char *in, size_t n, char *out);

/* Line and column (both from 1; the column counts UTF-8 characters) of byte
 * offset off in text. */
void rg_line_col(const char *text, size_t len, size_t off, long *line, long *col);

/* Borrowed string member, or NULL when absent or not a string. */
const char *rg_json_str(const json_t *obj, const char *key);

/* v's JSON type as a message names it, with its article: "an object", "an
 * array", "a string", "a number", "a boolean" or "null" (as in "expected an
 * array of alerts, got a string"); "missing" for NULL, a key that is not
 * there. A static string. */
const char *rg_json_type_name(const json_t *v);

/* json_object_set_new and json_array_append_new for values built in a row,
 * where any allocation may have failed: a NULL o or a stolen reference v is
 * dropped instead of leaked (v may be NULL). Whether anything failed is seen
 * afterwards in rg_alloc_failures(). */
void rg_json_set(json_t *o, const char *key, json_t *v);
void rg_json_append(json_t *a, json_t *v);

#endif
