#ifndef RT_CORE_INTERNAL_H
#define RT_CORE_INTERNAL_H

/* Private structures of the core interpreter, shared by the translator,
 * the interpreter loop and the object/instantiation code. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt/core.h"

/* Implementation limits checked by rt_module_new (the common engine ones). */
#define RT_MAX_ARITY 1000u

/* One operand-stack or local slot. Every value takes one 16-byte slot, so
 * the translator only needs stack heights, not types, to place values. */
typedef union slot {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    void *ref;
    rt_v128 v128;
} slot;

/* One cell of translated code: a handler (label address or opcode number)
 * or an immediate. */
typedef union cell {
    const void *label;
    uintptr_t op;
    uint64_t u;
    int64_t s;
    void *p;
    const union cell *target;
    void (*fn)(void);   /* a SIMD helper, cast back to its real type */
} cell;

/* pc -> byte offset, for trap locations. */
typedef struct rt_pcmap {
    uint32_t cell;
    uint32_t offset;
} rt_pcmap;

/* Exception handlers (try_table), found by a side table when an exception
 * unwinds, so code that does not throw pays nothing. A handler covers the
 * cells [start, end) of its try_table body; its catch clauses are
 * catches[first_catch ..+catch_count], tried in order. A clause that
 * matches receives the exception's values (and, for the _ref forms, the
 * exnref after them) in the frame slots from byte offset `dst` on, then
 * continues at cell `pad`, a branch to the clause's label. */
typedef struct rt_catch {
    uint8_t kind;           /* INSN_CATCH, _REF, _ALL, _ALL_REF (core/insn.h) */
    uint32_t tag;           /* in the instance's tag space */
    uint32_t dst;
    uint32_t pad;
} rt_catch;

typedef struct rt_handler {
    uint32_t start, end;
    uint32_t first_catch, catch_count;
} rt_handler;

/* A translated function body. */
typedef struct rt_code {
    cell *cells;
    uint32_t cell_count;
    uint32_t param_count;
    uint32_t result_count;
    uint32_t local_count;   /* parameters included */
    uint32_t max_height;    /* locals + deepest operand stack */
    rt_pcmap *pcmap;
    uint32_t pcmap_count;
    size_t body_offset;
    uint32_t func_index;    /* in the module's function space */
    rt_handler *handlers;   /* in order of their try_table's start */
    uint32_t handler_count;
    rt_catch *catches;
} rt_code;

struct rt_module {
    const comp_module *m;
    rt_code *codes;        /* one per defined function */
    uint32_t code_count;
};

enum { RT_FUNC_WASM, RT_FUNC_HOST };

struct rt_func {
    uint8_t flavor;
    const comp_functype *type;
    /* wasm */
    rt_instance *inst;
    const rt_code *code;
    uint32_t index;         /* in the instance's function space */
    /* host */
    rt_host_fn fn;
    void *user;
    comp_functype own_type;  /* host functions keep a copy */
};

struct rt_memory {
    comp_limits type;
    uint8_t *data;
    uint64_t pages;
    uint64_t max_pages;     /* effective: declared max and store limit */
};

struct rt_table {
    comp_tabletype type;
    void **elems;
    uint64_t size;
    uint64_t max;           /* effective: declared max and store limit */
};

struct rt_global {
    comp_globaltype type;
    slot value;
};

/* A tag: an exception type with identity. */
struct rt_tag {
    const comp_functype *type;
    comp_functype own_type;  /* host-created tags keep a copy */
};

/* An exception. `owned`: registered with the store (it became visible as
 * an exnref), so it lives until the store is freed; otherwise the
 * interpreter frees it when a catch without _ref takes it. */
struct rt_exn {
    rt_tag *tag;
    bool owned;
    uint32_t count;
    slot values[];
};

/* Runtime form of element and data segments (dropped ones have count 0). */
typedef struct rt_elem_inst {
    void **refs;
    uint32_t count;
} rt_elem_inst;

typedef struct rt_data_inst {
    const uint8_t *bytes;
    uint32_t len;
} rt_data_inst;

struct rt_instance {
    rt_store *store;
    const rt_module *module;
    rt_func **funcs;
    rt_table **tables;
    rt_memory **memories;
    rt_global **globals;
    rt_tag **tags;
    uint32_t tag_count;
    rt_elem_inst *elems;
    rt_data_inst *datas;
    uint32_t func_count, table_count, memory_count, global_count;
    rt_func *own_funcs;     /* the defined functions */
    rt_extern *exports;     /* parallel to module->m->exports */
};

/* A saved activation: where to continue when the callee returns. */
typedef struct rt_frame {
    const cell *ret_pc;
    slot *fp;
    rt_instance *inst;
    const rt_code *code;
} rt_frame;

/* Everything allocated in a store is on this list, freed together. */
typedef struct rt_owned {
    void *ptr;
    void (*destroy)(void *ptr);
} rt_owned;

struct rt_store {
    rt_limits limits;
    uint64_t fuel;
    atomic_int interrupt;
    rt_owned *owned;
    size_t owned_count, owned_cap;
    /* Execution stacks, allocated on the first call. */
    slot *stack;
    slot *stack_top;        /* first free slot (host re-entry starts here) */
    rt_frame *frames;
    uint32_t frame_depth;   /* frames in use */
};

/* Registers `ptr` to be destroyed with the store; on failure destroys it
 * now and returns false. */
bool rt_store_own(rt_store *s, void *ptr, void (*destroy)(void *ptr));
void *rt_store_calloc(rt_store *s, size_t count, size_t size);

/* Translation (translate.c). */
/* v128_globals: some global of the module (imported or defined) is a v128;
 * codes: the module's translated bodies (filled in later), which calls to
 * defined functions name directly; tag_types: the type index of each tag
 * of the module's tag space. */
bool rt_translate(const comp_module *m, uint32_t func_index, bool v128_globals,
                  const rt_code *codes, const uint32_t *tag_types, rt_code *out,
                  comp_error *err);
void rt_code_release(rt_code *code);

/* The interpreter (interp.c). Runs `func` with arguments in slots
 * args[0..param_count) and leaves results in results[0..result_count). */
bool rt_exec(rt_store *s, rt_func *func, const slot *args, slot *results, rt_trap *trap);
/* Label addresses of the handlers (NULL for the switch build): the
 * translator's opcode numbers index it. */
const void *const *rt_interp_labels(void);

/* Conversions between rt_val and slots. */
void rt_val_to_slot(const rt_val *v, slot *s);
rt_val rt_slot_to_val(const slot *s, uint8_t kind);

/* Objects (objects.c). */
bool rt_functype_equal(const comp_functype *a, const comp_functype *b);
void rt_trap_at(rt_trap *trap, rt_trap_kind kind, const char *detail);
/* Resets a trap's fields to "no trap" without clearing its buffers. */
void rt_trap_clear(rt_trap *trap);
/* Hands an exception to the store (see struct rt_exn); false (and the
 * exception freed) on allocation failure. */
bool rt_exn_own(rt_store *s, rt_exn *exn);
bool rt_memory_grow_pages(rt_memory *mem, uint64_t delta, uint64_t *old);
bool rt_table_grow_elems(rt_table *t, uint64_t delta, void *init, uint64_t *old);

/* Names (names.c): function `index` of `inst` for trap reports (its name
 * section name, else an export name, else "func[N]"). */
void rt_func_name(const rt_instance *inst, uint32_t index, char *out, size_t cap);

#endif
