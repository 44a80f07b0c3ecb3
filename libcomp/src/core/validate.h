#ifndef COMP_CORE_VALIDATE_H
#define COMP_CORE_VALIDATE_H

/* The core module validator's shared state (private). One `vmod` lives for
 * one comp_module_validate call: the module's index spaces flattened into
 * arrays (imports first), the set of functions that ref.func may name, and
 * the growable stacks that every function body and constant expression
 * reuses, so that validating code never allocates per instruction. */

#include <stdbool.h>
#include <stdint.h>

#include "comp/module.h"

/* Operand types beyond the value-type bytes: an unknown type (the bottom
 * type of an unreachable stack) and, in the typing table only, the index
 * type of the accessed memory (i32, or i64 for a 64-bit memory). */
enum {
    VT_UNKNOWN = 0x00,
    VT_ADDR = 0x01,
};

/* How an opcode's typing-table row is applied. */
enum {
    OPK_NONE = 0,   /* not in the table: validate_code.c handles it */
    OPK_PLAIN,      /* pop params, push result */
    OPK_MEM,        /* a memarg (memory index, alignment), then plain */
    OPK_MEM_LANE,   /* a memarg and a lane index */
    OPK_LANE,       /* a lane index */
    OPK_SHUFFLE,    /* 16 lane indices into two vectors */
};

typedef struct op_sig {
    uint8_t kind;
    uint8_t param_count;
    comp_valtype params[3];
    comp_valtype result;    /* VT_UNKNOWN: none */
    uint8_t align;          /* natural alignment, log2 (memory accesses) */
    uint8_t lanes;          /* lane immediates must be below this */
} op_sig;

/* The row for `op` (insn.h numbering), or NULL when `op` needs special
 * handling or is not an instruction at all. */
const op_sig *op_sig_of(uint32_t op);

/* A growable stack of operand types. */
typedef struct vstack {
    comp_valtype *v;
    uint32_t len, cap;
} vstack;

/* A control frame: the label's types and where its operands start. */
typedef struct vframe {
    uint32_t op;                    /* opening opcode; 0x0b marks the function */
    const comp_valtype *params, *results;
    uint32_t param_count, result_count;
    uint32_t height;
    bool unreachable;
    size_t offset;                  /* of the opening instruction */
} vframe;

typedef struct vmod {
    const comp_module *m;
    uint32_t features;
    comp_error *err;

    uint32_t func_count, table_count, memory_count, global_count, tag_count;
    uint32_t imported_globals;
    uint32_t *func_types;                   /* type index per function */
    const comp_tabletype **tables;
    const comp_limits **memories;
    const comp_globaltype **globals;
    const comp_tagtype **tags;
    uint8_t *refs;                          /* bit set: functions ref.func may name */

    vstack stack;
    vframe *frames;
    uint32_t frame_count, frame_cap;
    comp_valtype *locals;
    uint32_t local_count, local_cap;
} vmod;

enum {
    /* Params plus declared locals of one function (engines use the same cap). */
    VALIDATE_MAX_LOCALS = 50000,
};

bool vmod_fail(vmod *v, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
bool vmod_oom(vmod *v, size_t offset);

/* Pushes onto v->stack, growing it; false (with the error set) on OOM. */
bool vstack_grow(vmod *v, size_t offset);
static inline bool vstack_push(vmod *v, comp_valtype t, size_t offset)
{
    if (v->stack.len == v->stack.cap && !vstack_grow(v, offset))
        return false;
    v->stack.v[v->stack.len++] = t;
    return true;
}

static inline void refs_mark(vmod *v, uint32_t func)
{
    v->refs[func >> 3] |= (uint8_t)(1u << (func & 7));
}
static inline bool refs_has(const vmod *v, uint32_t func)
{
    return (v->refs[func >> 3] >> (func & 7)) & 1;
}

static inline bool valtype_is_ref(comp_valtype t)
{
    return t == COMP_FUNCREF || t == COMP_EXTERNREF || t == COMP_EXNREF;
}
static inline bool valtype_is_valid(comp_valtype t)
{
    return t == COMP_I32 || t == COMP_I64 || t == COMP_F32 || t == COMP_F64 ||
           t == COMP_V128 || valtype_is_ref(t);
}
static inline comp_valtype memory_index_type(const comp_limits *l)
{
    return (l->flags & COMP_LIMITS_64) ? COMP_I64 : COMP_I32;
}
const char *valtype_name(comp_valtype t);

/* Validates constant expression `e` producing one value of type `want`
 * (validate_const.c). Functions named by ref.func are added to v->refs. */
bool validate_const_expr(vmod *v, const comp_expr *e, comp_valtype want);

/* Validates function body `code` of defined function `defined_index`
 * (validate_code.c). */
bool validate_code(vmod *v, uint32_t defined_index, const comp_code *code);

#endif
