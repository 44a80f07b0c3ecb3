#ifndef WIT_JSON_H
#define WIT_JSON_H

/* The resolved model as JSON, in the shape of wasm-tools' `component wit
 * --json` (the serde form of wit-parser's `Resolve`): an object with the
 * arrays "worlds", "interfaces", "types" and "packages", where items refer
 * to each other by index into those arrays. Ids are this library's, so
 * they may differ from wasm-tools' numbering for the same packages.
 * Pretty-printed with two-space indentation; ends with a newline. */

#include <stdbool.h>

#include "comp/buf.h"
#include "wit/resolve.h"

/* Appends the JSON of `r` to `out`; false if out of memory. */
bool wit_json_write(const wit_resolve *r, comp_buf *out);

#endif
