#ifndef WIT_DECODE_EVAL_H
#define WIT_DECODE_EVAL_H

/* The decoder's view of a component's index spaces (private): every type,
 * function, instance and component is an entity with an identity, so a type
 * reached through aliases, instantiation arguments and exports is the same
 * entity everywhere, while each `(sub resource)` is a fresh one. A type
 * imported or exported with an `eq` bound is a fresh entity too, marked as
 * an alias of the one it names: that is how WIT's `type a = b;` and `use`
 * reach the binary, and they keep their own names when decoded. This is the part of validation the decoder needs to tell which
 * interface a type belongs to. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/component.h"
#include "comp/error.h"
#include "encode_util.h"
#include "wit/decode.h"

enum ent_kind {
    ENT_DEF,        /* a value type definition (or a primitive) */
    ENT_RESOURCE,
    ENT_FUNC,
    ENT_INSTANCE,   /* exports */
    ENT_COMPTYPE,   /* imports and exports */
    ENT_COMPONENT,  /* a component definition, evaluated when instantiated */
    ENT_OTHER,      /* values, core modules: not part of WIT */
};

/* A value type: a primitive byte, or an entity. */
typedef struct vref {
    uint8_t prim;
    uint32_t ent;
} vref;

typedef struct ent_item {
    comp_str name;
    uint8_t sort;       /* COMP_SORT_* */
    uint32_t ent;
} ent_item;

struct scope;

typedef struct ent {
    uint8_t kind;
    const comp_type *type;      /* DEF, FUNC */
    vref *refs;                 /* DEF, FUNC: the value types it names, in
                                   encoding order; absent ones have prim 0
                                   and ent UINT32_MAX */
    uint32_t ref_count;
    ent_item *imports, *exports;
    uint32_t import_count, export_count;
    const comp_component *comp; /* COMPONENT */
    struct scope *parent;       /* COMPONENT: where it was defined */
    uint32_t alias_of;          /* a type imported or exported with an `eq`
                                   bound: the entity it names (it keeps that
                                   entity's fields); else UINT32_MAX */
} ent;

typedef struct eval {
    comp_arena *arena;
    comp_error *err;
    xvec ents;                  /* ent */
    uint32_t depth;
} eval;

#define ENTS(ev) ((ent *)(ev)->ents.data)

/* Evaluates a top-level component: its imports and exports as entities
 * (ENT_COMPTYPE), in *out. */
bool eval_component(eval *ev, const comp_component *c, uint32_t *out);

#endif
