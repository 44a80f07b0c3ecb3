#ifndef COMP_ERROR_H
#define COMP_ERROR_H

#include <stddef.h>
#include <stdint.h>

/* An error from a libcomp call: where it happened and what was expected.
 * `offset` is a byte offset from the start of the outermost input buffer.
 * For text input, `line` and `col` (1-based; columns count characters) say
 * the same place; they are 0 for binary input. */
typedef struct comp_error {
    size_t offset;
    uint32_t line, col;
    char message[256];
} comp_error;

/* Sets `err` (if non-NULL) from a printf-style format. Always returns false,
 * so callers can write `return comp_error_set(...)`. */
_Bool comp_error_set(comp_error *err, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
