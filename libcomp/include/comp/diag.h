#ifndef COMP_DIAG_H
#define COMP_DIAG_H

/* Diagnostics for text input (WAT, WAST, WIT): a message at a place in one
 * source, rendered for a person as
 *
 *   path:LINE:COL: error: message
 *    LINE | the source line
 *         |     ^~~~
 *
 * Lines are 1-based; columns are 1-based and count Unicode scalar values.
 * The marker line keeps the source's tabs, so the caret lines up under
 * tabs and multi-byte characters in any terminal. */

#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/error.h"

/* Line and column of byte `offset` of `src` (clamped to `len`). */
void comp_diag_position(const char *src, size_t len, size_t offset, uint32_t *line,
                        uint32_t *col);

/* Appends the rendered diagnostic for the bytes [start, end) of `src`
 * (a caret under `start`, tildes under the rest of the span on its line;
 * end <= start gives the caret alone). `path` NULL reads "<input>". `src`
 * may be NULL: then only the first line is written, with `line`:`col`
 * as given. Otherwise line and column are computed from `src`. */
void comp_diag_render_span(comp_buf *out, const char *path, const char *src, size_t len,
                           size_t start, size_t end, uint32_t line, uint32_t col,
                           const char *message);

/* Renders a libcomp error on text input: err->offset is the byte offset in
 * `src`. With `src` NULL, err->line and err->col are used (and a binary
 * error, line 0, reads `path:OFFSET: error: message`). */
void comp_diag_render(comp_buf *out, const char *path, const char *src, size_t len,
                      const comp_error *err);

#endif
