#ifndef WIT_PACKAGE_DOCS_H
#define WIT_PACKAGE_DOCS_H

/* The `package-docs` custom section (private): the component model binary
 * has no place for doc comments and gates, so wit-component stores them for
 * a package encoded as a component in a custom section: a version byte (0
 * or 1) and JSON keyed by names, with objects for the package, its worlds,
 * interfaces, functions and types. This writes version 1 (without the
 * optional "package" member, which older readers reject) and reads both. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/error.h"
#include "wit/resolve.h"

#define WIT_PACKAGE_DOCS_SECTION "package-docs"

/* Appends the section's contents for package `pkg` to `out` (check
 * out->oom). */
void package_docs_encode(const wit_resolve *r, uint32_t pkg, comp_buf *out);

/* Applies the section's contents to package `pkg` of `r` (a decoded model;
 * docs and gates are allocated in `arena`). Names the model does not have
 * are skipped. Fails on a version other than 0 or 1 or malformed JSON,
 * with the offset within the section. */
bool package_docs_apply(wit_resolve *r, uint32_t pkg, const uint8_t *data, size_t len,
                        comp_arena *arena, comp_error *err);

#endif
