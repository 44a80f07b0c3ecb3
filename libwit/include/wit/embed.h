#ifndef WIT_EMBED_H
#define WIT_EMBED_H

/* What `wasm-tools component embed` does: a core module gets the
 * `component-type:NAME` custom section that describes a world (the embed
 * form of wit/encode.h), the section `component new` reads to learn the
 * module's imports and exports. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/error.h"
#include "wit/resolve.h"

/* The world `spec` names: "w" is world w of the main package;
 * "ns:pkg/w" or "ns:pkg/w@1.0.0" world w of package ns:pkg(@1.0.0); NULL
 * the main package's only world. WIT_NO_ID, with `err` (offset 0) saying
 * what was expected, when there is no such world. */
uint32_t wit_embed_find_world(const wit_resolve *r, const char *spec, comp_error *err);

typedef enum wit_embed_result {
    WIT_EMBED_OK,
    WIT_EMBED_BAD_MODULE, /* `err` has an offset into the module */
    WIT_EMBED_BAD_WORLD,  /* the world cannot be encoded; `err` says why */
    WIT_EMBED_NO_MEMORY,
} wit_embed_result;

/* Checks that `module` is a valid core module, then appends it to `out`
 * with a custom section `component-type:NAME` describing world `world`
 * (NAME: `section_name`, or the world's name when NULL). */
wit_embed_result wit_embed_module(const uint8_t *module, size_t len, const wit_resolve *r,
                                  uint32_t world, const char *section_name, comp_buf *out,
                                  comp_error *err);

#endif
