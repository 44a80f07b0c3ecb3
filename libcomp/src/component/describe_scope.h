#ifndef COMP_DESCRIBE_SCOPE_H
#define COMP_DESCRIBE_SCOPE_H

/* Type scopes and type-index resolution for the component describers
 * (private to describe*.c). */

#include "comp/describe.h"

/* Where indices mean something: a component (with its index spaces), or the
 * declarations of a component or instance type, whose type and core type
 * indices are local to them. `outer` is the enclosing scope that
 * outer aliases count through. */
typedef struct dscope dscope;
struct dscope {
    const dscope *outer;
    const comp_scope *comp; /* a component scope, or NULL */
    const comp_decl *decls; /* a declaration scope */
    uint32_t decl_count;
    /* per local index, the position of the declaration that defined it */
    uint32_t *types, *core_types;
    uint32_t type_count, core_type_count;
};

/* Printing state: bounded work per public call. */
typedef struct dprinter {
    comp_buf *out;
    comp_arena *scratch;
    uint32_t budget;
    int depth;
} dprinter;

/* A resolved type index: a definition (whose indices mean something in
 * `where`) or a type known by its name (imported, exported or aliased). */
typedef struct dresolved {
    const comp_type *def;
    const dscope *where;
    bool named;
    comp_str name;
} dresolved;

/* Spends one unit of work; false (having printed "...") when none is left
 * or nesting is too deep. */
bool dsc_spend(dprinter *p);

/* Builds the scope chain for `cs` in `chain` (COMP_DESCRIBE_MAX_DEPTH
 * entries); returns the innermost scope. */
const dscope *dsc_enter_components(dscope chain[], const comp_scope *cs);
/* A declaration scope for a component or instance type defined in `outer`;
 * false when out of scratch memory. */
bool dsc_enter_decls(dprinter *p, const comp_type *t, const dscope *outer, dscope *out);

/* Resolves type index `index` of scope `s`. With `follow`, imports and
 * exports with an `eq` bound (and component-level exports) are followed to
 * the definition; without, they stop at their name. */
bool dsc_resolve_type(dprinter *p, const dscope *s, uint32_t index, bool follow, dresolved *r);
/* Resolves core type index `index` of scope `s`. */
const comp_core_type *dsc_resolve_core_type(const dscope *s, uint32_t index);

/* Walks `count` scopes outward (NULL past the outermost). */
const dscope *dsc_outward(const dscope *s, uint32_t count);

/* A core import's descriptor, with `sig` the signature of a function or tag
 * import (NULL: print the raw type index). */
void dsc_core_import(comp_buf *out, const comp_import *imp, const comp_functype *sig);

/* Printing pieces shared by describe.c and describe_items.c. */
void dsc_externtype(dprinter *p, const dscope *s, const comp_externtype *et, bool bare);
void dsc_typed_extern(dprinter *p, const dscope *s, uint32_t index, uint8_t want,
                      const char *open);
void dsc_module_type(dprinter *p, const dscope *s, uint32_t index);
void dsc_deftype(dprinter *p, const dscope *s, const comp_type *t);

#endif
