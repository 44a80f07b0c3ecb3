#ifndef COMP_ERROR_H
#define COMP_ERROR_H

#include <stddef.h>

/* An error from a libcomp call: where it happened and what was expected.
 * `offset` is a byte offset from the start of the outermost input buffer. */
typedef struct comp_error {
    size_t offset;
    char message[256];
} comp_error;

/* Sets `err` (if non-NULL) from a printf-style format. Always returns false,
 * so callers can write `return comp_error_set(...)`. */
_Bool comp_error_set(comp_error *err, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
