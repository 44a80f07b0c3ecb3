#ifndef COMP_COMPOSE_H
#define COMP_COMPOSE_H

/* Composition: a graph of component instances written out as ONE new
 * component (Explainer.md "Instance Definitions", Linking.md).
 *
 * The graph holds components (binaries the caller keeps alive) and
 * instances of them. Each import of an instance is either wired to an export
 * of another instance, or left open: open imports become imports of the
 * result, one per interface and semver-compatible version (or per name):
 * the shared import takes the highest version's name, and its instance type
 * is the union of the importers' (their common exports must agree). An open
 * import whose type uses a fed import's types (an unplugged stdout naming a
 * plugged streams' resource) is typed with the feeding instance's export.
 * Exports of instances can be re-exported by the result under a name of
 * choice.
 *
 * The result nests each component's bytes unchanged (component sections),
 * imports what is left open with the types copied in (instance types with
 * their resources, via type definitions and export aliases of the imported
 * instances), instantiates in dependency order, and aliases and exports.
 * Every wire and every shared import is type checked with the validator's
 * subtyping rules, and the result is validated before it is returned. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/buf.h"
#include "comp/component.h"
#include "comp/error.h"

typedef struct comp_compose comp_compose;

/* `features` are the core feature bits (module.h) for validating nested
 * modules. NULL when out of memory. */
comp_compose *comp_compose_new(uint32_t features);
void comp_compose_free(comp_compose *g);

/* Decodes and validates the component in `bytes` (kept by the caller until
 * comp_compose_free); `label` (copied) names it in messages and in the
 * printed graph, e.g. its file name. */
bool comp_compose_add_component(comp_compose *g, const char *label, const uint8_t *bytes,
                                size_t len, uint32_t *component, comp_error *err);

/* Makes the result import `component` by type under `import_name` (e.g.
 * `unlocked-dep=<ns:pkg>` or a plain name) instead of embedding its bytes;
 * its instances are instantiated from that import. `type` is a component
 * type (COMP_TYPE_COMPONENT) with no outer aliases out of itself, such as
 * the world type libwit encodes from the component's decoded world; it and
 * `import_name` must outlive `g`. Wires are still checked against the
 * component itself, and the result against `type` when it is validated. */
bool comp_compose_import_component(comp_compose *g, uint32_t component, const char *import_name,
                                   const comp_type *type, comp_error *err);

/* A new instance of `component`; all of its imports start open. */
bool comp_compose_instantiate(comp_compose *g, uint32_t component, uint32_t *instance,
                              comp_error *err);

/* Names `instance` (copied) for messages and the printed graph. */
bool comp_compose_name_instance(comp_compose *g, uint32_t instance, const char *name,
                                comp_error *err);

/* Feeds import `import_name` of instance `to` from export `export_name` of
 * instance `from` (checked by type when the result is made). NULL
 * `export_name`: the export of `from` named like the import, or else the
 * first semver-compatible one. */
bool comp_compose_connect(comp_compose *g, uint32_t from, const char *export_name, uint32_t to,
                          const char *import_name, comp_error *err);

/* One choice for comp_compose_autowire: imports named `name` are fed by
 * `instance`. `name` matches an import of the same name, of a
 * semver-compatible version, or (without `@`) of any version. */
typedef struct comp_compose_provider {
    const char *name;
    uint32_t instance;
} comp_compose_provider;

/* Feeds each import of `instance` that is still open from the one other
 * instance exporting a matching name (comp_interface_name_matches): the
 * provider chosen in `providers` when one names it, else the only instance
 * that has such an export. Imports nobody exports stay open. Errors: two
 * instances export it and no provider chooses (naming both), or the chosen
 * provider has no such export. */
bool comp_compose_autowire(comp_compose *g, uint32_t instance,
                           const comp_compose_provider *providers, uint32_t provider_count,
                           comp_error *err);

/* Exports export `export_name` of `instance` from the result as `as_name`
 * (NULL: the same name). NULL `export_name`: the export named `as_name`,
 * or else the first semver-compatible one. */
bool comp_compose_export(comp_compose *g, uint32_t instance, const char *export_name,
                         const char *as_name, comp_error *err);

/* `wac plug`: instantiates `socket` and each plug, wires every import of the
 * socket that a plug exports (same interface, semver-compatible version),
 * and re-exports all of the socket's exports. Errors: two plugs exporting
 * what one import needs; a plug that satisfies nothing when no plug
 * satisfies anything. */
bool comp_compose_plug(comp_compose *g, uint32_t socket, const uint32_t *plugs,
                       uint32_t plug_count, comp_error *err);

/* Appends the instantiation graph as text, one line per instance, wire,
 * open import and export, in the order the result instantiates them. */
bool comp_compose_print_graph(comp_compose *g, comp_buf *out, comp_error *err);

/* Writes the composed component to `out` (validated). Fails on cycles,
 * type mismatches (naming the import, the export and the difference) and
 * wiring the result cannot express. */
bool comp_compose_encode(comp_compose *g, comp_buf *out, comp_error *err);

/* True when an import named `import_name` may be satisfied by an export
 * named `export_name`: equal names, or the same interface
 * (`ns:pkg/iface`) whose versions share their canonical prefix
 * (Explainer.md "Canonical Interface Name": same major when it is not 0,
 * else same minor when it is not 0, else same patch). */
bool comp_interface_name_matches(comp_str import_name, comp_str export_name);

#endif
