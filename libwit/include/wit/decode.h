#ifndef WIT_DECODE_H
#define WIT_DECODE_H

/* Component binaries back to a resolved WIT model (the inverse of
 * encode.h, as wasm-tools' wit-component decodes):
 *
 * - A WIT package encoded as a component (`--wasm` form: every export is a
 *   type whose type is a component type) gives that package, with the
 *   interfaces its interfaces use (as far as the binary describes them:
 *   types only) in packages of their own. The embed form (one world) is a
 *   package of one world.
 * - Any other component gives the world it targets: world `root` in package
 *   `root:component`, importing and exporting what the component imports
 *   and exports. Interfaces named `ns:pkg/iface@ver` go into package
 *   `ns:pkg@ver`; the types they share become `use`s.
 *
 * As in wit-parser, a type that the binary imports or exports with an `eq`
 * bound is a type of its own: a `use` when the type it names belongs to
 * another interface, else an alias (`type a = b;`), so items that refer to
 * it keep its name.
 *
 * The model has no source files: `file_count` is 0, every `file` field is
 * WIT_NO_ID, spans are empty and there are no docs or gates. Packages are in
 * topological order with the main package last; `main_package` is the
 * decoded package (or `root:component`). Names point into the input or the
 * arena: keep both alive as long as the model. Decoding never trusts the
 * input: indices are checked, nesting and work are bounded. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/component.h"
#include "comp/error.h"
#include "wit/resolve.h"

enum {
    WIT_DECODE_MAX_DEPTH = 64,          /* nested types / instantiations */
    WIT_DECODE_MAX_ENTITIES = 1 << 22,  /* bounds total work */
};

/* What the binary was. */
typedef enum wit_decoded_kind {
    WIT_DECODED_PACKAGE,    /* a WIT package (`--wasm` or embed form) */
    WIT_DECODED_COMPONENT,  /* a component: main package holds world `root` */
} wit_decoded_kind;

/* Decodes a component already read by comp_component_decode. */
bool wit_decode_component(const comp_component *c, comp_arena *arena, wit_resolve **out,
                          wit_decoded_kind *kind, comp_error *err);

/* Reads `data` as a component binary and decodes it (`data` must outlive
 * the model). */
bool wit_decode_binary(const uint8_t *data, size_t len, comp_arena *arena, wit_resolve **out,
                       wit_decoded_kind *kind, comp_error *err);

#endif
