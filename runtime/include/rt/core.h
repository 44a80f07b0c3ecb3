#ifndef RT_CORE_H
#define RT_CORE_H

/* The core WebAssembly interpreter: embedding API.
 *
 * Model (close to the spec's store):
 * - rt_store owns every runtime object created in it: instances, functions,
 *   memories, tables and globals. They live until rt_store_free. A store is
 *   used by one thread at a time (except rt_store_interrupt).
 * - rt_module is a validated comp_module translated once into the
 *   interpreter's internal code. It does not belong to a store and can be
 *   instantiated any number of times, in any store.
 * - Imports are resolved by the host: either pass an array of rt_extern in
 *   the module's import order to rt_instantiate, or use an rt_linker that
 *   maps module/name pairs to externs (rt_linker_instantiate).
 * - Values are rt_val: a kind (the comp_valtype byte) and a payload. Floats
 *   cross the API as bit patterns so NaN payloads survive. The 128-bit SIMD
 *   type is rt_v128 (a 16-byte union: bytes in memory order, lane 0 first,
 *   each lane little-endian).
 * - Traps are values (rt_trap): a kind mirroring the spec's trap messages,
 *   a readable message, and where it happened (function index and name,
 *   byte offset of the instruction in the module binary).
 * - Limits: per store (rt_limits): memory pages, table elements, call depth
 *   and value stack size. Wasm-to-wasm calls never recurse on the C stack
 *   (an explicit frame stack is used), so exceeding the call depth is the
 *   trap "call stack exhausted", never a crash. A runaway guest is stopped
 *   with fuel (rt_store_set_fuel) or from another thread with
 *   rt_store_interrupt; fuel is charged on every call and every loop
 *   back-edge taken, and the interrupt flag is read at the first of those
 *   and then at least every 1024 of them.
 *
 * Nothing here prints or exits; allocation failure is reported as an error
 * or a trap of kind RT_TRAP_RESOURCE. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/error.h"
#include "comp/module.h"

/* ---- values ------------------------------------------------------------- */

/* A 128-bit SIMD value: 16 bytes in memory order (lane 0 first, lanes
 * little-endian). The SIMD operations (runtime/src/core/simd_ops.h) take and
 * return it by value. */
typedef union rt_v128 {
    uint8_t bytes[16];
    uint64_t u64[2]; /* for alignment and fast copies; host byte order */
} rt_v128;

typedef struct rt_store rt_store;
typedef struct rt_module rt_module;
typedef struct rt_instance rt_instance;
typedef struct rt_func rt_func;
typedef struct rt_memory rt_memory;
typedef struct rt_table rt_table;
typedef struct rt_global rt_global;
typedef struct rt_linker rt_linker;
typedef struct rt_tag rt_tag;
typedef struct rt_exn rt_exn;

/* Value kinds use the comp_valtype encodings (COMP_I32 ... COMP_EXTERNREF),
 * repeated here under runtime names. */
enum {
    RT_I32 = COMP_I32,
    RT_I64 = COMP_I64,
    RT_F32 = COMP_F32,
    RT_F64 = COMP_F64,
    RT_V128 = COMP_V128,
    RT_FUNCREF = COMP_FUNCREF,
    RT_EXTERNREF = COMP_EXTERNREF,
    RT_EXNREF = COMP_EXNREF,
};

/* A typed value. `kind` selects the member:
 *   RT_I32 -> i32, RT_I64 -> i64 (two's complement, stored unsigned),
 *   RT_F32 -> f32 (IEEE bits), RT_F64 -> f64 (IEEE bits), RT_V128 -> v128,
 *   RT_FUNCREF -> funcref (NULL is ref.null func),
 *   RT_EXTERNREF -> externref (NULL is ref.null extern; any other pointer is
 *   an opaque host reference that the runtime never dereferences),
 *   RT_EXNREF -> exnref (NULL is ref.null exn; else an exception of the
 *   store, see "exceptions" below). */
typedef struct rt_val {
    uint8_t kind;
    union {
        uint32_t i32;
        uint64_t i64;
        uint32_t f32;
        uint64_t f64;
        rt_v128 v128;
        rt_func *funcref;
        void *externref;
        rt_exn *exnref;
    } of;
} rt_val;

/* Constructors for the common cases. */
static inline rt_val rt_val_i32(uint32_t x) { rt_val v = {.kind = RT_I32}; v.of.i32 = x; return v; }
static inline rt_val rt_val_i64(uint64_t x) { rt_val v = {.kind = RT_I64}; v.of.i64 = x; return v; }
static inline rt_val rt_val_f32_bits(uint32_t x) { rt_val v = {.kind = RT_F32}; v.of.f32 = x; return v; }
static inline rt_val rt_val_f64_bits(uint64_t x) { rt_val v = {.kind = RT_F64}; v.of.f64 = x; return v; }
static inline rt_val rt_val_v128(rt_v128 x) { rt_val v = {.kind = RT_V128}; v.of.v128 = x; return v; }
static inline rt_val rt_val_funcref(rt_func *f) { rt_val v = {.kind = RT_FUNCREF}; v.of.funcref = f; return v; }
static inline rt_val rt_val_externref(void *p) { rt_val v = {.kind = RT_EXTERNREF}; v.of.externref = p; return v; }

/* ---- traps -------------------------------------------------------------- */

typedef enum rt_trap_kind {
    RT_TRAP_NONE = 0,
    RT_TRAP_UNREACHABLE,           /* "unreachable" */
    RT_TRAP_INT_DIV_ZERO,          /* "integer divide by zero" */
    RT_TRAP_INT_OVERFLOW,          /* "integer overflow" */
    RT_TRAP_INVALID_CONVERSION,    /* "invalid conversion to integer" */
    RT_TRAP_MEMORY_OOB,            /* "out of bounds memory access" */
    RT_TRAP_TABLE_OOB,             /* "out of bounds table access" */
    RT_TRAP_INDIRECT_TYPE,         /* "indirect call type mismatch" */
    RT_TRAP_UNDEFINED_ELEMENT,     /* "undefined element" */
    RT_TRAP_UNINITIALIZED_ELEMENT, /* "uninitialized element" */
    RT_TRAP_STACK_EXHAUSTED,       /* "call stack exhausted" */
    RT_TRAP_OUT_OF_FUEL,           /* "all fuel consumed" */
    RT_TRAP_INTERRUPTED,           /* "interrupted" */
    RT_TRAP_HOST,                  /* a host function failed; see message */
    /* Not traps in the spec's sense, reported the same way: */
    RT_TRAP_LINK,                  /* instantiation: an import is missing or
                                      has the wrong type ("unknown import",
                                      "incompatible import type") */
    RT_TRAP_RESOURCE,              /* out of host memory, or a store limit
                                      exceeded when creating an object */
    RT_TRAP_BAD_ARGS,              /* rt_call: wrong argument count or kinds */
    /* Exception handling: */
    RT_TRAP_EXCEPTION,             /* "uncaught exception": a wasm exception
                                      (rt_trap.exception) was not caught
                                      before reaching the host */
    RT_TRAP_NULL_EXN,              /* "null exception reference" (throw_ref) */
} rt_trap_kind;

/* A trap, filled in by the runtime. `func_index` is the index of the wasm
 * function that trapped in its module's function space (UINT32_MAX when not
 * inside wasm code), `func_name` its name from the module's name section,
 * else its export name, else "func[N]" (empty when
 * not inside wasm code), `offset` the byte offset of the trapping
 * instruction in the module binary (0 if unknown). For a trap raised by a
 * host function these name the wasm function that called it. `message` starts with the spec's text for
 * the kind (rt_trap_kind_text) and may add detail after it. */
/* One wasm frame of a trap's backtrace: as func_index, func_name and
 * offset of rt_trap (the offset is the call instruction's for callers). */
typedef struct rt_trap_frame {
    uint32_t func_index;
    size_t offset;
    char func_name[64];
} rt_trap_frame;

#define RT_TRAP_BACKTRACE_MAX 16

/* `backtrace` holds the wasm frames active when the trap happened,
 * innermost first (backtrace[0] is the trapping function; its entries
 * across host calls included), at most RT_TRAP_BACKTRACE_MAX of them;
 * `backtrace_omitted` counts the outer frames left out. It is filled only
 * when a trap happens (a walk of the interpreter's frame stack), and empty
 * for traps outside wasm code. `exception`: for RT_TRAP_EXCEPTION, the
 * uncaught exception (owned by the store), else NULL. */
typedef struct rt_trap {
    rt_trap_kind kind;
    uint32_t func_index;
    size_t offset;
    char func_name[64];
    char message[192];
    uint32_t backtrace_count;
    uint32_t backtrace_omitted;
    rt_trap_frame backtrace[RT_TRAP_BACKTRACE_MAX];
    rt_exn *exception;
} rt_trap;

/* The spec's text for a trap kind ("integer divide by zero", ...). */
const char *rt_trap_kind_text(rt_trap_kind kind);

/* Sets `trap` to `kind` with message `message` (NULL: the kind's text).
 * For host functions reporting a failure. */
void rt_trap_set(rt_trap *trap, rt_trap_kind kind, const char *message);

/* ---- exceptions ----------------------------------------------------------- */

/* Exception handling (the wasm 3.0 proposal with exnref): a tag is an
 * exception type with identity (each instantiation of a module creates new
 * tags for the ones it defines; imported tags are the exporter's). An
 * exception is a tag and the values of its parameters. An exception that
 * leaves wasm uncaught becomes a trap of kind RT_TRAP_EXCEPTION whose
 * `exception` field holds it. A host function throws by returning false
 * after rt_trap_throw: the exception then unwinds through the wasm frames
 * that called it like one thrown by wasm code.
 *
 * Lifetime: exceptions caught only by `catch` / `catch_all` are freed when
 * caught; those that become visible as exnref values (catch_ref,
 * catch_all_ref, rt_exn_new, or leaving wasm) live until the store is
 * freed, since an exnref may be kept anywhere. Unwinding costs nothing
 * until a throw: handlers are found through a per-function side table. */

/* A new tag of type `type` (results must be empty; copied) in `store`.
 * NULL on allocation failure or a type with results. */
rt_tag *rt_tag_new(rt_store *store, const comp_functype *type);

/* The tag's type (its parameters are the exception's values). */
const comp_functype *rt_tag_type(const rt_tag *tag);

/* A new exception of `tag` with `count` values (kinds must match the tag's
 * parameters). NULL on a mismatch or allocation failure. */
rt_exn *rt_exn_new(rt_store *store, rt_tag *tag, const rt_val *values, uint32_t count);

/* An exception's tag, value count and i-th value. */
rt_tag *rt_exn_tag(const rt_exn *exn);
uint32_t rt_exn_value_count(const rt_exn *exn);
rt_val rt_exn_value(const rt_exn *exn, uint32_t i);

/* Sets `trap` to RT_TRAP_EXCEPTION carrying `exn`: a host function that
 * returns false after this throws `exn` into its wasm caller. */
void rt_trap_throw(rt_trap *trap, rt_exn *exn);

/* ---- store -------------------------------------------------------------- */

/* Limits a host sets per store. 0 in a field means the default. */
typedef struct rt_limits {
    uint64_t max_memory_pages;  /* per memory, 64 KiB pages; default 65536 */
    uint64_t max_table_elems;   /* per table; default 10,000,000 */
    uint32_t max_call_depth;    /* nested wasm calls; default 20,000 */
    uint32_t max_stack_slots;   /* 16-byte value slots (locals and operands of
                                   all active frames); default 1 Mi (16 MiB,
                                   allocated on the first call) */
} rt_limits;

/* A new empty store with `limits` (NULL: all defaults). NULL on allocation
 * failure. */
rt_store *rt_store_new(const rt_limits *limits);

/* Frees the store and every object created in it. */
void rt_store_free(rt_store *store);

/* Fuel: a budget charged one unit per wasm function call and per backward
 * branch taken (loop back-edges); when a charge finds it at zero, execution
 * traps with RT_TRAP_OUT_OF_FUEL. RT_FUEL_UNLIMITED (the default) disables
 * the charge. */
#define RT_FUEL_UNLIMITED UINT64_MAX
void rt_store_set_fuel(rt_store *store, uint64_t fuel);
uint64_t rt_store_fuel(const rt_store *store);

/* Asks running wasm code in this store to stop: within the next 1024
 * calls or loop back-edges taken (the interpreter reads the flag in
 * batches, which keeps those paths cheap), execution traps with
 * RT_TRAP_INTERRUPTED; a call made while the flag is set traps at its
 * first call or back-edge. Safe to call from another
 * thread or a signal handler. The flag stays set until rt_store_clear_interrupt. */
void rt_store_interrupt(rt_store *store);
void rt_store_clear_interrupt(rt_store *store);

/* ---- modules ------------------------------------------------------------ */

/* Validates `m` (comp_module_validate with `features`; pass
 * COMP_FEATURES_DEFAULT) and translates every function body into the
 * interpreter's internal form. `m` and the bytes it was decoded from must
 * outlive the rt_module (data and element segments are read from them).
 * Returns NULL with `err` set when the module is invalid, uses something the
 * interpreter does not run, or allocation fails. */
rt_module *rt_module_new(const comp_module *m, uint32_t features, comp_error *err);

/* Frees a module. Instances made from it must not be used afterwards (free
 * their store first, or keep the module alive as long as the store). */
void rt_module_free(rt_module *module);

/* The decoded module it was made from. */
const comp_module *rt_module_source(const rt_module *module);

/* ---- externs ------------------------------------------------------------ */

/* Something an instance imports or exports. `kind` is COMP_EXTERN_FUNC,
 * COMP_EXTERN_TABLE, COMP_EXTERN_MEMORY, COMP_EXTERN_GLOBAL or
 * COMP_EXTERN_TAG. */
typedef struct rt_extern {
    uint8_t kind;
    union {
        rt_func *func;
        rt_table *table;
        rt_memory *memory;
        rt_global *global;
        rt_tag *tag;
    } of;
} rt_extern;

/* ---- instances ---------------------------------------------------------- */

/* Instantiates `module` in `store` following the spec: checks the imports
 * (`imports[i]` satisfies the module's i-th import; count must match),
 * creates memories, tables and globals, evaluates segment offsets, applies
 * element then data segments in order (trapping on the first out-of-bounds
 * one, with the earlier writes kept, as the spec requires), then runs the
 * start function. On success sets *out and returns true. On failure returns
 * false with `trap` set: RT_TRAP_LINK for import mismatches, RT_TRAP_RESOURCE
 * for limits, otherwise the trap raised by a segment or the start function.
 * Even then objects already created stay in the store (other instances may
 * share the tables/memories that were written). */
bool rt_instantiate(rt_store *store, const rt_module *module, const rt_extern *imports,
                    uint32_t import_count, rt_instance **out, rt_trap *trap);

/* Looks up an export by name. Returns false if there is none. */
bool rt_instance_export(const rt_instance *inst, const char *name, size_t name_len,
                        rt_extern *out);

/* Convenience: the exported function / memory / table / global `name`
 * (NUL-terminated), or NULL if absent or of another kind. */
rt_func *rt_instance_func(const rt_instance *inst, const char *name);
rt_memory *rt_instance_memory(const rt_instance *inst, const char *name);
rt_table *rt_instance_table(const rt_instance *inst, const char *name);
rt_global *rt_instance_global(const rt_instance *inst, const char *name);
rt_tag *rt_instance_tag(const rt_instance *inst, const char *name);

/* Exports in declaration order: count, then name and extern of the i-th. */
uint32_t rt_instance_export_count(const rt_instance *inst);
bool rt_instance_export_at(const rt_instance *inst, uint32_t i, comp_str *name, rt_extern *out);

/* Memory `index` of the instance's memory space (imports first), or NULL.
 * For host functions that work on their caller's memory. */
rt_memory *rt_instance_memory_at(const rt_instance *inst, uint32_t index);

/* ---- functions ---------------------------------------------------------- */

/* A host function. `args` holds the parameters (kinds as in the type),
 * `results` has room for the results, which the function must all set with
 * the right kinds. `caller` is the instance whose wasm code made the call
 * (NULL when called directly through rt_call). Return true on success; to
 * trap, call rt_trap_set(trap, RT_TRAP_HOST or another kind, message) and
 * return false. A host function may call back into wasm with rt_call; the
 * nesting counts against the store's call depth. */
typedef bool (*rt_host_fn)(void *user, rt_instance *caller, const rt_val *args,
                           rt_val *results, rt_trap *trap);

/* Creates a host function of type `type` (copied) in `store`. `user` is
 * passed to every call. NULL on allocation failure. */
rt_func *rt_func_new_host(rt_store *store, const comp_functype *type, rt_host_fn fn,
                          void *user);

/* The function's type (owned by the runtime, valid as long as the store). */
const comp_functype *rt_func_type(const rt_func *func);

/* Calls `func` with `arg_count` arguments (their kinds must match the
 * parameters) and stores its `result_count` results (must equal the type's
 * result count) into `results`. Returns false with `trap` set when the call
 * traps or the arguments are wrong (RT_TRAP_BAD_ARGS). */
bool rt_call(rt_func *func, const rt_val *args, uint32_t arg_count, rt_val *results,
             uint32_t result_count, rt_trap *trap);

/* ---- memories ----------------------------------------------------------- */

#define RT_PAGE_SIZE 65536u

/* Creates a memory of `limits` (pages; COMP_LIMITS_HAS_MAX in flags when max
 * applies). NULL if min exceeds the store's page limit or allocation fails. */
rt_memory *rt_memory_new(rt_store *store, const comp_limits *limits);

/* The memory's limits as declared (min is the initial size). */
comp_limits rt_memory_type(const rt_memory *mem);

/* Current size in pages, and in bytes. */
uint64_t rt_memory_pages(const rt_memory *mem);
uint64_t rt_memory_size(const rt_memory *mem);

/* The bytes (rt_memory_size of them). The pointer changes when the memory
 * grows: do not keep it across calls into wasm or rt_memory_grow. */
uint8_t *rt_memory_data(rt_memory *mem);

/* Grows by `delta` pages. Returns the old size in pages, or -1 (as uint64_t
 * UINT64_MAX) if the maximum or the store's limit would be exceeded or
 * allocation fails; new pages are zero. */
uint64_t rt_memory_grow(rt_memory *mem, uint64_t delta);

/* Bounds-checked copies between host buffers and memory: false (nothing
 * copied) if [offset, offset+len) is not inside the memory. */
bool rt_memory_read(const rt_memory *mem, uint64_t offset, void *dst, size_t len);
bool rt_memory_write(rt_memory *mem, uint64_t offset, const void *src, size_t len);

/* ---- tables ------------------------------------------------------------- */

/* Creates a table of `type` with every element set to `init` (whose kind
 * must be type->elem). NULL if min exceeds the store's table limit, the kind
 * is wrong, or allocation fails. */
rt_table *rt_table_new(rt_store *store, const comp_tabletype *type, rt_val init);

/* The table's type as declared. */
comp_tabletype rt_table_type(const rt_table *table);

/* Current number of elements. */
uint64_t rt_table_size(const rt_table *table);

/* Element `index`: false if out of bounds. */
bool rt_table_get(const rt_table *table, uint64_t index, rt_val *out);

/* Sets element `index`: false if out of bounds or the kind is wrong. */
bool rt_table_set(rt_table *table, uint64_t index, rt_val value);

/* Grows by `delta` elements set to `init`. Returns the old size, or
 * UINT64_MAX if the maximum or the store's limit would be exceeded. */
uint64_t rt_table_grow(rt_table *table, uint64_t delta, rt_val init);

/* ---- globals ------------------------------------------------------------ */

/* Creates a global of `type` holding `value` (kind must match). NULL on a
 * kind mismatch or allocation failure. */
rt_global *rt_global_new(rt_store *store, const comp_globaltype *type, rt_val value);

/* The global's type. */
comp_globaltype rt_global_type(const rt_global *global);

/* The current value. */
rt_val rt_global_get(const rt_global *global);

/* Sets the value: false if the global is immutable or the kind is wrong. */
bool rt_global_set(rt_global *global, rt_val value);

/* ---- linker ------------------------------------------------------------- */

/* A name table from (module, name) to externs, used to resolve imports.
 * Names are copied. Defining an existing pair replaces it. Independent of
 * any store, but the externs it holds belong to theirs. */
rt_linker *rt_linker_new(void);
void rt_linker_free(rt_linker *linker);

/* Defines one extern. False on allocation failure. */
bool rt_linker_define(rt_linker *linker, const char *module, const char *name,
                      rt_extern ext);

/* Defines every export of `inst` under module name `module` (the WAST
 * `register` command). False on allocation failure. */
bool rt_linker_define_instance(rt_linker *linker, const char *module, const rt_instance *inst);

/* Finds a definition; false if there is none. Names are byte strings. */
bool rt_linker_get(const rt_linker *linker, comp_str module, comp_str name, rt_extern *out);

/* Resolves the module's imports through the linker and instantiates it
 * (see rt_instantiate). A missing import is RT_TRAP_LINK "unknown import"
 * with the module and name in the message. */
bool rt_linker_instantiate(const rt_linker *linker, rt_store *store, const rt_module *module,
                           rt_instance **out, rt_trap *trap);

#endif
