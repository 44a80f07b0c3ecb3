#ifndef COMP_FILE_H
#define COMP_FILE_H

/* Reading whole input files, for the tools and the tests. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/error.h"

/* Reads all of `path` ("-": standard input) into a malloc'd buffer (free()
 * it) with a NUL after its `*len` bytes, so text can be parsed in place.
 * On failure `err` says "cannot open: ..." or "cannot read: ...". */
bool comp_read_file(const char *path, uint8_t **data, size_t *len, comp_error *err);

#endif
