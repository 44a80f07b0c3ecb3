#ifndef WIT_DIAG_H
#define WIT_DIAG_H

/* Diagnostics for WIT source: a message with a span in one file, rendered as
 *
 *   path:LINE:COL: error: message
 *      LINE | the source line
 *           |     ^~~~
 *
 * Lines are 1-based; columns are 1-based and count Unicode scalar values. */

#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "wit/ast.h"

typedef struct wit_diag {
    const char *path;       /* not owned; must outlive the diagnostic */
    wit_span span;          /* byte offsets into the source */
    uint32_t line, col;     /* of span.start */
    char message[256];
} wit_diag;

/* Fills `d` (if non-NULL): message from a printf-style format, line and
 * column computed from `src`. Always returns false, so callers can write
 * `return wit_diag_set(...)`. */
_Bool wit_diag_set(wit_diag *d, const char *path, const char *src, size_t len,
                   wit_span span, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Line and column (1-based; columns in scalar values) of byte `offset`. */
void wit_diag_position(const char *src, size_t len, size_t offset,
                       uint32_t *line, uint32_t *col);

/* Appends the rendered diagnostic (ending with a newline) to `out`. `src`
 * may be NULL, in which case only the first line is written. */
void wit_diag_render(const wit_diag *d, const char *src, size_t len, comp_buf *out);

#endif
