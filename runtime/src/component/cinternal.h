#ifndef RT_COMPONENT_CINTERNAL_H
#define RT_COMPONENT_CINTERNAL_H

/* Private structures of the component runtime. */

#include <stdarg.h>

#include "comp/component.h"
#include "rt/component.h"

enum {
    CT_MAX_FLAT = 17,        /* flattening is tracked to MAX_FLAT_PARAMS + 1 */
    CT_MAX_FLAT_PARAMS = 16,
    CT_MAX_FLAT_RESULTS = 1,
    CT_MAX_DEPTH = 100,      /* nesting of values walked recursively */
    CT_MAX_STRING = (1u << 28) - 1,
    CT_MAX_LIST = (1u << 28) - 1,
};

struct rt_ctype {
    uint8_t kind;              /* rt_ctype_kind */
    uint32_t count;            /* fields/cases/members/labels; fixed list length */
    comp_str *labels;
    const rt_ctype **elems;    /* see rt_ctype_elem */
    rt_resource_type *resource;
    /* A LIST made from `(map k v)`: its element is the tuple (k, v), the
     * map's despecialization (Explainer.md "Specialized value types");
     * only type equality tells the two apart. */
    bool map;
    /* Canonical ABI facts, computed once by ctype_finish. */
    uint32_t size, align;
    uint32_t flat_count;       /* saturates at CT_MAX_FLAT */
    uint8_t flat[CT_MAX_FLAT]; /* RT_I32 / RT_I64 / RT_F32 / RT_F64 */
    uint32_t depth;
};

struct rt_cfunctype {
    bool async;                /* an `async` function type */
    uint32_t param_count;
    comp_str *names;
    const rt_ctype **params;
    const rt_ctype *result;
};

struct rt_resource_type {
    const char *name;
    rt_resource_dtor host_dtor; /* host types */
    void *user;
    rt_cinstance *impl;         /* guest types: the defining instance */
    rt_func *dtor;              /* guest types: core destructor or NULL */
};

/* canonopts, resolved. */
typedef enum { ENC_UTF8, ENC_UTF16, ENC_LATIN1_UTF16 } cstr_enc;

typedef struct copts {
    cstr_enc enc;
    rt_memory *memory;
    rt_func *realloc;
    rt_func *post_return;
    bool async;                 /* the `async` option */
    rt_func *callback;          /* async lift: the callback (stackless ABI) */
} copts;

typedef enum { CF_LIFTED, CF_HOST } cfunc_kind;

struct rt_cfunc {
    cfunc_kind kind;
    const rt_cfunctype *type;
    rt_cinstance *inst;         /* LIFTED: the instance that lifted it */
    rt_func *core;              /* LIFTED */
    copts opts;                 /* LIFTED */
    rt_chost_fn fn;             /* HOST */
    void *user;
    rt_cstore *store;
};

/* An entry of the type index space. */
typedef enum { TE_VAL, TE_FUNC, TE_RESOURCE, TE_DECL } tyent_kind;
typedef struct tyent {
    tyent_kind kind;
    const rt_ctype *val;
    const rt_cfunctype *func;
    rt_resource_type *resource;
    const comp_type *decl;      /* TE_DECL: component or instance type */
    rt_cinstance *scope;        /* TE_DECL: the instance it was defined in */
} tyent;

/* One item of any component-level sort. */
typedef struct citem {
    uint8_t sort;               /* COMP_SORT_* (CORE: a core module) */
    rt_cfunc *func;
    rt_cinstance *instance;
    tyent type;
    const comp_component *component;
    rt_cinstance *component_outer; /* the instance whose scope the definition sees */
    const rt_module *module;
} citem;

typedef struct cnamed {
    comp_str name;
    citem item;
} cnamed;

/* A core instance: a real one, or a bag of inline exports. */
typedef struct ccore_inst {
    rt_instance *real;
    uint32_t count;
    comp_str *names;
    rt_extern *items;
} ccore_inst;

/* Handle table entries (CanonicalABI.md "Table State"). */
/* What a handle table entry holds (CanonicalABI.md: one `handles` table
 * for resources, waitables, waitable sets and error contexts). */
enum {
    HK_RESOURCE = 0, HK_WAITABLE_SET, HK_SUBTASK, HK_STREAM_READ, HK_STREAM_WRITE,
    HK_FUTURE_READ, HK_FUTURE_WRITE, HK_ERROR_CONTEXT, HK_THREAD,
};

typedef struct chandle {
    uint8_t kind;               /* HK_*; resources use the fields below */
    void *obj;                  /* the async object of other kinds */
    bool used;
    bool own;
    rt_resource_type *type;
    uint32_t rep;
    uint32_t lends;             /* own: borrows lent out in active calls */
    struct ctask *scope;        /* borrow: the call (task) it was lent to (NULL once
                                   that task ended) */
    uint32_t next_free;
} chandle;

typedef struct ctable {
    chandle *v;                 /* index 0 is never used */
    uint32_t len, cap, free_head;
} ctable;

/* A call into a lifted function: the borrow scope. */
typedef struct ctask ctask;
struct ctask {
    uint32_t serial;
    uint32_t borrows;           /* borrow handles of this call still in the table */
};
/* A task ends: borrows of it still in `table` (it trapped) forget it. */
void ctask_orphan_borrows(ctable *table, const ctask *task);

/* A FIFO of threads of the async scheduler (runtime/src/async), linked
 * through the threads themselves. */
typedef struct athreadq {
    struct athread *head, *tail;
} athreadq;

struct rt_cinstance {
    rt_cstore *store;
    rt_cinstance *parent;       /* enclosing instance (NULL at the root) */
    /* The component instance whose `instance` definition made this one
     * (CanonicalABI.md's ComponentInstance.parent; NULL when the host made
     * it): entering an instance enters these ancestors too. */
    rt_cinstance *instantiator;
    rt_cinstance *owner;        /* the component instance a bag belongs to (self) */
    const rt_component *source; /* root instances: the component instantiated */
    bool is_bag;
    bool poisoned;
    bool entered;               /* may_enter is false */
    bool leave_blocked;         /* may_leave is false */
    ctable table;
    ctask *task;                /* the active call into this instance */
    /* Concurrency state (CanonicalABI.md ComponentInstance). */
    ctable threads;             /* HK_THREAD entries */
    uint32_t backpressure;
    uint32_t num_waiting_to_enter;
    struct athread *exclusive;  /* the exclusive_thread "lock" */
    /* Scheduler queues (runtime/src/async/aready.c): threads waiting for
     * the lock, threads waiting for backpressure to end, this instance's
     * ready threads; the lock waiter woken to take the free lock. */
    athreadq lock_waiters, bp_waiters, ready;
    struct athread *lock_woken;

    /* Index spaces (component-level items: sort + objects). */
    citem *items[6];            /* by COMP_SORT_* except VALUE */
    uint32_t counts[6], caps[6];
    ccore_inst *core_instances;
    uint32_t core_instance_count, core_instance_cap;
    rt_extern *core_items[5];   /* func, table, memory, global, tag */
    uint32_t core_counts[5], core_caps[5];
    const rt_module **modules;
    uint32_t module_count, module_cap;

    cnamed *exports;
    uint32_t export_count, export_cap;
};

struct rt_cstore {
    rt_store *core;
    comp_arena arena;           /* types, instances' arrays */
    rt_cinstance **instances;   /* for freeing tables */
    uint32_t instance_count, instance_cap;
    uint32_t next_task;
    comp_arena mod_arena;
    struct asched *sched;       /* the async scheduler (runtime/src/async) */
    struct cscratch *scratch;   /* idle per-call arenas (cscratch.c) */
    uint32_t scratch_idle;
};

struct rt_component {
    comp_arena arena;
    const comp_component *c;
    /* Core modules translated once, in the order the component tree holds
     * them (depth-first); looked up by their comp_module pointer. */
    const comp_module **sources;
    rt_module **modules;
    uint32_t module_count, module_cap;
    uint32_t features;
};

/* ---- per-call scratch arenas (cscratch.c) --------------------------------- */

/* A lowered call lifts its arguments into a scratch arena. Creating and
 * freeing one per call costs a 64 KiB malloc/free (malloc_consolidate), so
 * the store keeps idle ones. Calls nest (re-entrance, async threads that
 * suspend mid-call), so each live call takes an arena of its own and gives
 * it back emptied; the order of giving back does not matter. */
typedef struct cscratch {
    comp_arena arena;
    struct cscratch *next;
} cscratch;

/* An empty arena owned by the caller until cscratch_give; NULL when out
 * of memory. */
cscratch *cscratch_take(rt_cstore *s);
void cscratch_give(rt_cstore *s, cscratch *c);
/* Frees the idle arenas (rt_cstore_free). */
void cscratch_free_idle(rt_cstore *s);

/* ---- link-time type checks (clinkcheck.c) -------------------------------- */

/* Checks every import of `c` that `linker` satisfies with another
 * component's root instance (or one of its exports) against the import's
 * declared type with libcomp's subtyping. False with an RT_TRAP_LINK trap
 * naming the import and the difference. */
bool clink_typecheck(const rt_clinker *linker, const rt_component *c, rt_trap *trap);

/* ---- types (ctype.c) ---------------------------------------------------- */

bool ctype_finish(rt_ctype *t);
const rt_ctype *ctype_error_context(void);
uint32_t ctype_size(const rt_ctype *t);
uint32_t ctype_align(const rt_ctype *t);
/* Core types of flatten_functype for `ft` lifted (results may spill). */
bool cfunctype_flatten(const rt_cfunctype *ft, bool lower, comp_functype *out,
                       comp_arena *arena);
bool cfunctype_flatten_async(const rt_cfunctype *ft, bool lower, bool async, comp_functype *out,
                             comp_arena *arena);
uint32_t flags_bytes(uint32_t n);
uint32_t discriminant_size(uint32_t cases);

/* ---- traps (ccall.c) ----------------------------------------------------- */

bool ctrap(rt_trap *trap, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- handle tables (cresource.c) ----------------------------------------- */

bool ctable_add(ctable *t, chandle h, uint32_t *index, rt_trap *trap);
/* Traps for handle `i` of resource type `found` (NULL: not a resource)
 * used where `want` was expected, in the suite's wording. */
bool ctrap_wrong_handle(rt_trap *trap, uint32_t i, const rt_resource_type *want,
                        const rt_resource_type *found);
chandle *ctable_get(ctable *t, uint32_t index, rt_trap *trap);
void ctable_remove(ctable *t, uint32_t index);
void ctable_free(ctable *t);
rt_func *resource_builtin(rt_cinstance *inst, uint8_t op, rt_resource_type *type, rt_trap *trap);
/* Runs the destructor of an owned resource. */
bool resource_destroy(rt_cstore *store, rt_resource_type *r, uint32_t rep, rt_trap *trap);

/* ---- the canonical ABI (cabi_lift.c, cabi_lower.c, cstring.c) ------------- */

/* A lift/lower context: the options and the instance whose table handles
 * go to or come from. */
typedef struct ccx {
    const copts *opts;
    rt_cinstance *inst;
    ctask *task;                /* lowering borrows into a callee: its call */
    comp_arena *arena;          /* lifted strings and arrays */
    rt_trap *trap;
    /* A component-to-component call (canon lower of a lifted function):
     * traps use the adapter's wording ("list content out-of-bounds") where
     * a host call says "realloc return: ...". */
    bool fused;
    /* Own handles lent by a caller for the duration of a call (lift of a
     * borrow from a caller's table). */
    uint32_t *lent;              /* handle indices in inst's table */
    uint32_t lent_count, lent_cap;
} ccx;

bool lift_flat(ccx *cx, const rt_val *flat, uint32_t n, uint32_t *pos, const rt_ctype *t,
               rt_cval *out, uint32_t depth);
bool load_val(ccx *cx, uint64_t ptr, const rt_ctype *t, rt_cval *out, uint32_t depth);
bool lower_flat(ccx *cx, const rt_cval *v, const rt_ctype *t, rt_val *flat, uint32_t *pos,
                uint32_t depth);
bool store_val(ccx *cx, const rt_cval *v, const rt_ctype *t, uint64_t ptr, uint32_t depth);
/* A scalar (bool, integers, floats, char) from its little-endian bits, as
 * load_val does (floats canonicalized, chars checked) / the bits store_val
 * writes for it. */
bool lift_scalar(ccx *cx, const rt_ctype *t, uint64_t x, rt_cval *out);
uint64_t scalar_bits(const rt_cval *v);
/* A deep copy of `v` (of type `t`) whose strings and arrays live in `arena`. */
bool cval_copy(comp_arena *arena, const rt_cval *v, const rt_ctype *t, rt_cval *out,
               uint32_t depth);
/* Calls realloc and checks the result's alignment and bounds; `oob` names
 * the bounds trap of a fused call. */
bool call_realloc(ccx *cx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                  uint32_t new_size, const char *oob, uint32_t *out);
bool mem_check(ccx *cx, uint64_t ptr, uint64_t len, const char *what);

/* Lifts a string (setting out's kind, text and str_origin) / lowers one. */
bool string_load(ccx *cx, uint32_t ptr, uint32_t tagged_len, rt_cval *out);
bool string_store(ccx *cx, const rt_cval *v, uint32_t *ptr, uint32_t *len);
/* NULL when s[0..n) is UTF-8, else what is wrong ("invalid utf-8"...). */
const char *cstr_utf8_error(const uint8_t *s, size_t n);

/* ---- type definitions (cresolve.c) ------------------------------------------ */

/* A type index space: the types of an instance or of an instance type
 * being read. */
typedef struct tspace {
    const citem *items;
    uint32_t count;
} tspace;

/* Resolves a deftype into an entry; `inst` owns new resource types and
 * gives their destructors. */
bool resolve_deftype(rt_cinstance *inst, tspace sp, const comp_type *t, tyent *out,
                     rt_trap *trap);
const rt_ctype *resolve_val(tspace sp, comp_cvaltype v, rt_trap *trap);

/* ---- calls (ccall.c) ---------------------------------------------------- */

/* CanonicalABI.md ComponentInstance.may_enter_from / enter_from / leave_to
 * (caller NULL: the host). */
bool cinst_may_enter_from(const rt_cinstance *inst, const rt_cinstance *caller);
void cinst_set_entered(rt_cinstance *inst, const rt_cinstance *caller, bool entered);
/* Lowers `args` into the callee's core parameters (spilling beyond
 * max_flat through realloc) / lifts the result from core results (a
 * pointer beyond max_flat). */
bool cl_lower_params(ccx *cx, const rt_cfunctype *ft, const rt_cval *args, rt_val *flat,
                     uint32_t *n, uint32_t max_flat);
bool cl_lift_result(ccx *cx, const rt_cfunctype *ft, const rt_val *res, uint32_t nr,
                    rt_cval *result, uint32_t max_flat);
/* Lifts the caller's arguments from flat core values (or a pointer beyond
 * max_flat) / lowers a result into flat values or at `retptr`. */
bool cl_lift_params(ccx *cx, const rt_cfunctype *ft, const rt_val *args, uint32_t max_flat,
                    rt_cval *vals, uint32_t *consumed);
bool cl_lower_result(ccx *cx, const rt_cfunctype *ft, const rt_cval *result, uint32_t max_flat,
                     rt_val *flat, uint32_t retptr);

bool cfunc_call(rt_cfunc *f, rt_cinstance *caller, const rt_cval *args, rt_cval *result,
                comp_arena *arena, rt_trap *trap);
/* The core function `canon lower` makes for `callee`. */
rt_func *lower_trampoline(rt_cinstance *inst, rt_cfunc *callee, const copts *opts,
                          rt_trap *trap);

/* ---- store (cstore.c) --------------------------------------------------- */

rt_cinstance *cinstance_new(rt_cstore *store, rt_cinstance *parent, bool bag);
bool cinstance_push(rt_cinstance *inst, const citem *item);
bool cinstance_export(rt_cinstance *inst, comp_str name, const citem *item);
const cnamed *cinstance_find(const rt_cinstance *inst, comp_str name);

#endif
