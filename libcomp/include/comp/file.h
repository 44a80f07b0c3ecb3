#ifndef COMP_FILE_H
#define COMP_FILE_H

/* Reading whole input files and writing output files, for the tools and
 * the tests. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "comp/error.h"

/* Reads all of `path` ("-": standard input) into a malloc'd buffer (free()
 * it) with a NUL after its `*len` bytes, so text can be parsed in place.
 * On failure `err` says "cannot open: ..." or "cannot read: ...". */
bool comp_read_file(const char *path, uint8_t **data, size_t *len, comp_error *err);

/* An output written to `f`: standard output, or a file created under a
 * temporary name beside `path` and renamed over it only by
 * comp_output_commit, so a failure never leaves a half-written file. */
typedef struct comp_output {
    FILE *f;
    const char *path; /* NULL: standard output */
    char *tmp_path;
} comp_output;

/* Opens the output for `path` (NULL or "-": standard output). On failure
 * `err` says "cannot create a temporary file beside it: ...". */
bool comp_output_open(comp_output *o, const char *path, comp_error *err);
/* Flushes and, for a file, renames it into place; false ("cannot write:
 * ..."; the temporary file removed) when anything failed to write. */
bool comp_output_commit(comp_output *o, comp_error *err);
/* Removes the temporary file, if any. */
void comp_output_abort(comp_output *o);
/* Writes all of `data` to `path` ("-": standard output) that way. */
bool comp_write_file(const char *path, const void *data, size_t len, comp_error *err);

#endif
