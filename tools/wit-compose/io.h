#ifndef WIT_COMPOSE_IO_H
#define WIT_COMPOSE_IO_H

/* Files for wit-compose: inputs (binary, or WebAssembly text turned into
 * binary) and outputs written atomically. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"

/* Reads `path` into a malloc'd buffer; text input (first non-blank byte
 * '(' or ';') is encoded to binary. On failure prints "wit-compose: PATH:
 * why" and returns false; `*invalid` tells bad content (true) from I/O. */
bool io_read_component(const char *path, uint8_t **data, size_t *len, bool *invalid);

/* Writes `len` bytes to `path` through a temporary file renamed into place
 * ("-": standard output). Prints the reason on failure. */
bool io_write_atomic(const char *path, const void *data, size_t len);

/* Writes the composed component `bin` to `output`: as binary, or printed as
 * WebAssembly text when `wat` (to standard output when `output` is NULL).
 * Returns the exit status. */
int io_write_result(const comp_buf *bin, const char *output, bool wat);

#endif
