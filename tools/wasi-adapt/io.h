#ifndef WASI_ADAPT_IO_H
#define WASI_ADAPT_IO_H

/* Output files for wasi-adapt, written atomically. */

#include <stdbool.h>
#include <stddef.h>

/* Writes `len` bytes to `path` through a temporary file beside it, renamed
 * into place only when everything was written. Prints the reason on
 * failure. */
bool io_write_atomic(const char *path, const void *data, size_t len);

#endif
