#ifndef RT_COMPONENT_H
#define RT_COMPONENT_H

/* Component instances and the canonical ABI (synchronous calls): embedding
 * API.
 *
 * Model:
 * - rt_component: a decoded and validated component (nested components and
 *   core modules included), translated once; instantiable any number of
 *   times in any rt_cstore. The bytes it was made from must outlive it.
 * - rt_cstore: a component store. It owns an rt_store (the core store every
 *   core instance lives in) and every component-level object: component
 *   instances, their resource handle tables, resource types defined by
 *   guests, and the types made while instantiating. All live until
 *   rt_cstore_free.
 * - rt_clinker: resolves a component's imports by name. An import is
 *   satisfied by a host function (interface name + function name, with a
 *   WIT-level type), a host resource type, or an instance or function
 *   exported by another component instance. Imports that name an interface
 *   ("wasi:cli/stdout@0.2.0") collect the linker's definitions made under
 *   that interface name, or else under a semver-compatible one (same
 *   canonical version, Explainer.md "canonversion": @0.2.3 serves @0.2.0
 *   and back, @1.5.0 serves @1.2.0; @0.3.0 does not serve @0.2.0).
 * - Values cross the API as a tagged tree (rt_cval) typed by rt_ctype.
 *   Records, variants, enums and flags carry positions, not names: the type
 *   gives the labels (rt_ctype_label / rt_ctype_find_label).
 * - Traps are rt_trap values (rt/core.h). Traps the canonical ABI names
 *   (invalid utf-8, out-of-bounds pointers, unknown handles...) have kind
 *   RT_TRAP_COMPONENT (below) with the spec's wording as message. After a trap inside a component instance, that instance is
 *   poisoned: every later call into it traps with "cannot enter component
 *   instance". The host and other instances are unharmed.
 * - Re-entrance from the host follows CanonicalABI.md may_enter_from: a
 *   call enters the callee and the instances that instantiated it;
 *   entering one already entered traps with "cannot enter component
 *   instance" (so a host function cannot call back into the instance
 *   calling it).
 *
 * Concurrency (Concurrency.md): `async` function types, async lifts (the
 * stackful ABI and the callback ABI) and lowers, and the task, waitable,
 * stream, future and thread built-ins run inside the runtime
 * (runtime/src/async): one scheduler per rt_cstore. rt_cfunc_call of an
 * `async` export runs the store's event loop until the export returns its
 * value (trapping with "deadlock detected: event loop cannot make further
 * progress" when nothing can run). Stream, future and error-context values
 * cross this API only as opaque `async_obj` pointers passed on unchanged.
 *
 * Calls between a component instance and one of its ancestors (a parent
 * calling the child it instantiated, or the child calling back) trap with
 * "cannot enter component instance", as the pinned suite requires
 * (async/trap-on-reenter.wast).
 *
 * Nothing here prints or exits. Not supported (yet): 64-bit memories in
 * canonical options, component values (the `value` sort) and `start`
 * definitions with arguments. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/encoding.h"
#include "comp/error.h"
#include "rt/core.h"

/* Traps raised by the component layer use this kind (after the core kinds;
 * rt_trap_kind_text does not know it: the message always says what
 * happened, in the spec's words where the spec has them). */
#define RT_TRAP_COMPONENT ((rt_trap_kind)100)

typedef struct rt_component rt_component;
typedef struct rt_cstore rt_cstore;
typedef struct rt_cinstance rt_cinstance;
typedef struct rt_cfunc rt_cfunc;
typedef struct rt_clinker rt_clinker;
typedef struct rt_ctype rt_ctype;
typedef struct rt_cfunctype rt_cfunctype;
typedef struct rt_resource_type rt_resource_type;

/* ---- value types -------------------------------------------------------- */

typedef enum rt_ctype_kind {
    RT_CT_BOOL = 1,
    RT_CT_S8,
    RT_CT_U8,
    RT_CT_S16,
    RT_CT_U16,
    RT_CT_S32,
    RT_CT_U32,
    RT_CT_S64,
    RT_CT_U64,
    RT_CT_F32,
    RT_CT_F64,
    RT_CT_CHAR,
    RT_CT_STRING,
    RT_CT_LIST,       /* elem 0 */
    RT_CT_FIXED_LIST, /* elem 0; count = length */
    RT_CT_RECORD,     /* count fields: label i, elem i */
    RT_CT_TUPLE,      /* count members: elem i */
    RT_CT_VARIANT,    /* count cases: label i, elem i (NULL: no payload) */
    RT_CT_ENUM,       /* count labels */
    RT_CT_OPTION,     /* elem 0 */
    RT_CT_RESULT,     /* elem 0 = ok, elem 1 = err (NULL: none) */
    RT_CT_FLAGS,      /* count labels (at most 32) */
    RT_CT_OWN,        /* resource */
    RT_CT_BORROW,     /* resource */
    RT_CT_STREAM,     /* elem 0 = element type (NULL: stream without payload) */
    RT_CT_FUTURE,     /* elem 0 = value type (NULL: future without payload) */
    RT_CT_ERROR_CONTEXT,
} rt_ctype_kind;

rt_ctype_kind rt_ctype_kind_of(const rt_ctype *t);
/* Fields, cases, members, labels, or the fixed list's length; 0 otherwise. */
uint32_t rt_ctype_count(const rt_ctype *t);
/* The label of field / case / enum or flags label `i` (empty if none). */
comp_str rt_ctype_label(const rt_ctype *t, uint32_t i);
/* Position of `label` among the labels, or UINT32_MAX. */
uint32_t rt_ctype_find_label(const rt_ctype *t, comp_str label);
/* The type of field / member / case payload `i`, the element (i = 0) of a
 * list or option, ok (0) / err (1) of a result; NULL when there is none. */
const rt_ctype *rt_ctype_elem(const rt_ctype *t, uint32_t i);
/* own / borrow: the resource type. */
rt_resource_type *rt_ctype_resource(const rt_ctype *t);
/* A `(map k v)` type: a LIST (its values are lists) whose element is the
 * TUPLE (k, v), as the map despecializes (Explainer.md); not equal to the
 * plain list of that tuple. */
bool rt_ctype_is_map(const rt_ctype *t);
/* Structural equality (resources by identity). */
bool rt_ctype_equal(const rt_ctype *a, const rt_ctype *b);

/* Constructors for host-side types, allocated in `arena` (which must
 * outlive every use). Labels are copied. Primitive kinds (BOOL..STRING)
 * come from rt_ctype_prim, which needs no arena. NULL on allocation failure
 * or a bad argument (e.g. a non-primitive kind to rt_ctype_prim). */
const rt_ctype *rt_ctype_prim(rt_ctype_kind kind);
const rt_ctype *rt_ctype_list(comp_arena *arena, const rt_ctype *elem);
const rt_ctype *rt_ctype_fixed_list(comp_arena *arena, const rt_ctype *elem, uint32_t length);
const rt_ctype *rt_ctype_option(comp_arena *arena, const rt_ctype *elem);
const rt_ctype *rt_ctype_result(comp_arena *arena, const rt_ctype *ok, const rt_ctype *err);
const rt_ctype *rt_ctype_tuple(comp_arena *arena, uint32_t count, const rt_ctype *const *types);
/* RECORD, VARIANT (types may hold NULLs), ENUM and FLAGS (types NULL). */
const rt_ctype *rt_ctype_labeled(comp_arena *arena, rt_ctype_kind kind, uint32_t count,
                                 const char *const *labels, const rt_ctype *const *types);
const rt_ctype *rt_ctype_handle(comp_arena *arena, rt_ctype_kind kind, rt_resource_type *r);

/* Function types: named parameters and an optional result. */
uint32_t rt_cfunctype_param_count(const rt_cfunctype *ft);
comp_str rt_cfunctype_param_name(const rt_cfunctype *ft, uint32_t i);
const rt_ctype *rt_cfunctype_param(const rt_cfunctype *ft, uint32_t i);
const rt_ctype *rt_cfunctype_result(const rt_cfunctype *ft); /* NULL: none */
const rt_cfunctype *rt_cfunctype_new(comp_arena *arena, uint32_t param_count,
                                     const char *const *param_names,
                                     const rt_ctype *const *param_types,
                                     const rt_ctype *result);
/* An `async` copy of `ft` (allocated in `arena`); NULL on allocation failure. */
const rt_cfunctype *rt_cfunctype_async(comp_arena *arena, const rt_cfunctype *ft);
bool rt_cfunctype_is_async(const rt_cfunctype *ft);

/* ---- resources ---------------------------------------------------------- */

/* A destructor of a host resource type: called with the representation when
 * the last owning handle is dropped (by a guest's resource.drop, or by
 * rt_cstore_drop_own). Returning false traps the dropping call. */
typedef bool (*rt_resource_dtor)(void *user, uint32_t rep, rt_trap *trap);

/* A new host resource type (identity: the pointer), allocated in `arena`.
 * `name` is for messages. `dtor` may be NULL. */
rt_resource_type *rt_resource_type_new(comp_arena *arena, const char *name, rt_resource_dtor dtor,
                                       void *user);
/* The name given at creation, or the resource's import/export name. */
const char *rt_resource_type_name(const rt_resource_type *r);

/* A resource value crossing the API: its type and representation (the i32
 * the implementing side chose; for host types, whatever the host chose). */
typedef struct rt_handle {
    rt_resource_type *type;
    uint32_t rep;
} rt_handle;

/* ---- values -------------------------------------------------------------- */

/* A component value. `kind` is its rt_ctype_kind, which selects the member:
 *   BOOL b; S8..S64 s; U8..U64 u; F32 f32 and F64 f64 (IEEE bits);
 *   CHAR ch (a Unicode scalar value); STRING str (UTF-8);
 *   LIST, FIXED_LIST, RECORD (fields in type order), TUPLE: seq;
 *   VARIANT (case position), ENUM (label position, no payload),
 *   OPTION (0 none, 1 some), RESULT (0 ok, 1 err): cases, payload NULL
 *   when the case has none; FLAGS flags (bit i = label i);
 *   OWN, BORROW handle; STREAM, FUTURE, ERROR_CONTEXT async_obj. */
typedef struct rt_cval rt_cval;

/* The encoding a STRING value was lifted from (rt_cval.str_origin). Lowering
 * it again follows CanonicalABI.md store_string for that source encoding
 * (which fixes the sizes passed to realloc). Host strings leave it 0; an
 * origin that does not fit the text (LATIN1 with code points above 255,
 * unknown values) is read as UTF8. */
typedef enum rt_cstr_origin {
    RT_CSTR_UTF8 = 0,
    RT_CSTR_UTF16,         /* string-encoding=utf16 */
    RT_CSTR_LATIN1,        /* latin1+utf16, stored as latin1 */
    RT_CSTR_TAGGED_UTF16,  /* latin1+utf16, stored as utf16 */
} rt_cstr_origin;

struct rt_cval {
    uint8_t kind;
    uint8_t str_origin;    /* STRING: rt_cstr_origin */
    union {
        bool b;
        int64_t s;
        uint64_t u;
        uint32_t f32;
        uint64_t f64;
        uint32_t ch;
        comp_str str;
        struct {
            rt_cval *items;
            uint32_t count;
        } seq;
        struct {
            uint32_t index;
            rt_cval *payload;
        } cases;
        uint32_t flags;
        rt_handle handle;
        /* STREAM, FUTURE: the readable end's shared state; ERROR_CONTEXT:
         * the error context. Owned by the runtime: pass it on unchanged. */
        void *async_obj;
    } of;
};

/* Checks that `v` is a well-formed value of type `t` (kinds, counts, case
 * positions, scalar values, UTF-8). False with a message in `err`. */
bool rt_cval_check(const rt_cval *v, const rt_ctype *t, comp_error *err);

/* ---- stores --------------------------------------------------------------- */

/* A new component store with core `limits` (NULL: defaults). NULL on
 * allocation failure. */
rt_cstore *rt_cstore_new(const rt_limits *limits);
void rt_cstore_free(rt_cstore *store);
/* The core store inside (for fuel, interrupts, limits). */
rt_store *rt_cstore_core(rt_cstore *store);

/* Drops an owned handle the host received (runs the resource's destructor:
 * the guest's core destructor function or the host dtor). */
bool rt_cstore_drop_own(rt_cstore *store, rt_handle handle, rt_trap *trap);

/* ---- components ----------------------------------------------------------- */

/* Decodes and validates a component binary (validator `features`:
 * COMP_FEATURES_DEFAULT) and prepares it for instantiation. `bytes` must
 * outlive the result. NULL with `err` set on failure. */
rt_component *rt_component_new(const uint8_t *bytes, size_t len, uint32_t features,
                               comp_error *err);
void rt_component_free(rt_component *c);

/* The component's imports: count and the name of import `i`. */
uint32_t rt_component_import_count(const rt_component *c);
comp_str rt_component_import_name(const rt_component *c, uint32_t i);

/* ---- host functions and the linker ----------------------------------------- */

/* What a host function gets besides its arguments. */
typedef struct rt_chost_call {
    rt_cstore *store;
    rt_cinstance *caller;       /* the instance whose code called; NULL from the host */
    const rt_cfunctype *type;   /* the type of this call (the import's) */
    comp_arena *arena;          /* for the result's strings and arrays; freed
                                   after the result is lowered */
    struct rt_chost_task *task; /* runtime-internal: see rt_chost_defer */
} rt_chost_call;

/* A host function: reads `args` (one per parameter), sets `*result` when
 * the type has a result, returns true; or sets `trap` (rt_trap_set) and
 * returns false, which traps the calling instance. */
typedef bool (*rt_chost_fn)(void *user, const rt_chost_call *call, const rt_cval *args,
                            uint32_t arg_count, rt_cval *result, rt_trap *trap);

rt_clinker *rt_clinker_new(void);
void rt_clinker_free(rt_clinker *linker);

/* Defines host function `name` inside interface `interface` (an import
 * name such as "wasi:cli/stdout@0.2.0"), or at the root when `interface` is
 * NULL. `type` (which must outlive the linker and every instance using it) is
 * checked against the import's type at instantiation: both `async` or
 * neither (rt_cfunctype_async), parameter and result types equal,
 * resources by identity after binding imported resources by name. NULL `type` accepts whatever the import declares (the
 * host reads call->type). Names are copied. False on allocation failure. */
bool rt_clinker_define_func(rt_clinker *linker, const char *interface, const char *name,
                            const rt_cfunctype *type, rt_chost_fn fn, void *user);

/* Defines resource type `name` (e.g. "output-stream") of `interface`:
 * imports of that type (`(export "output-stream" (type (sub resource)))`
 * inside the interface's instance type) are bound to `r`. */
bool rt_clinker_define_resource(rt_clinker *linker, const char *interface, const char *name,
                                rt_resource_type *r);

/* Satisfies import `name` (an instance import) with instance `inst`, or
 * (when `export_name` is not NULL) satisfies import `name` with export
 * `export_name` of `inst` (a function or instance). The instance must live
 * in the store that is later instantiated into. When `inst` is the root
 * instance of a component, rt_cinstantiate checks it (or its export) against
 * the import's full type with libcomp's subtyping (comp_typecheck), failing
 * with RT_TRAP_LINK "incompatible import type for `NAME`: <difference>";
 * instances made inside a component are checked only by sort. */
bool rt_clinker_define_instance(rt_clinker *linker, const char *name, rt_cinstance *inst,
                                const char *export_name);

/* Instantiates `c` in `store`, resolving its imports through `linker`
 * (NULL: no imports allowed), running core start functions and component
 * start definitions. On failure returns false with `trap` set: RT_TRAP_LINK
 * when an import is missing or has the wrong type (the message names the
 * import and the difference), otherwise the trap raised while
 * instantiating. */
bool rt_cinstantiate(rt_cstore *store, const rt_clinker *linker, const rt_component *c,
                     rt_cinstance **out, rt_trap *trap);

/* ---- exports and calls ---------------------------------------------------- */

/* Exports in order: name and sort (COMP_SORT_FUNC, COMP_SORT_INSTANCE,
 * COMP_SORT_TYPE, COMP_SORT_COMPONENT, COMP_SORT_CORE for core modules). */
uint32_t rt_cinstance_export_count(const rt_cinstance *inst);
bool rt_cinstance_export_at(const rt_cinstance *inst, uint32_t i, comp_str *name, uint8_t *sort);

/* The exported function / instance `name` (NUL-terminated), or NULL. */
rt_cfunc *rt_cinstance_func(const rt_cinstance *inst, const char *name);
rt_cinstance *rt_cinstance_instance(const rt_cinstance *inst, const char *name);

/* The function's component-level type. */
const rt_cfunctype *rt_cfunc_type(const rt_cfunc *f);

/* Calls `f` with one argument per parameter (each checked against its
 * type). When the type has a result it is stored in *result, with strings
 * and arrays allocated in `arena`; the callee's post-return function has
 * run by then. False with `trap` set when the call traps, the arguments do
 * not match the type (RT_TRAP_BAD_ARGS), or the instance may not be entered
 * (poisoned by an earlier trap, or already on the call stack). */
bool rt_cfunc_call(rt_cfunc *f, const rt_cval *args, uint32_t arg_count, rt_cval *result,
                   comp_arena *arena, rt_trap *trap);

/* ---- concurrency: the host side ---------------------------------------------
 *
 * One event loop per store runs guest threads, host completions and file
 * descriptor readiness (epoll). It runs inside rt_cfunc_call of an `async`
 * export (until that call returns its value) and in rt_cstore_run.
 *
 * Async host functions. A host function defined with an `async` function
 * type (or called through an import of one) may finish later: it calls
 * rt_chost_defer(call) and returns true without a result; the guest's call
 * then blocks (sync lowering) or gets a subtask (async lowering). The host
 * finishes it with rt_chost_return, from any later callback of the loop.
 *
 * Host streams and futures. rt_cstream_new makes a stream or future whose
 * readable end is handed to a guest as a value (pass `*readable` as an
 * argument or result) and whose writable end the host keeps;
 * rt_cstream_take keeps a readable end a guest passed to the host. Reads
 * and writes copy up to `count` elements between the host buffer and the
 * guest's linear memory; `done` is called from the event loop once the copy
 * finished (result RT_COPY_*, `count` elements copied), and the buffer
 * belongs to the host again. One operation per end at a time. Two kinds of
 * host buffer:
 * - bytes (rt_cstream_read / rt_cstream_write): scalar elements (bool,
 *   integers, floats, char) laid out as in linear memory (little-endian,
 *   bool one byte, char a u32), or none for payload-less streams/futures;
 *   numbers move with one memcpy.
 * - values (rt_cstream_read_values / rt_cstream_write_values): one rt_cval
 *   per element, for any element type (strings, records such as
 *   wasi:filesystem's directory-entry, lists, handles, nested streams).
 *   Written values are checked against the element type first and must
 *   stay alive until `done`; they are lowered into the reading guest's
 *   memory as the canonical ABI stores values (the reader's realloc places
 *   strings and lists; own handles and streams move to the reader). Values
 *   read are lifted from the writing guest into `values`, their strings and
 *   arrays allocated in `arena` (which must live until the host is done
 *   with them); own handles received belong to the host
 *   (rt_cstore_drop_own), stream/future values may be kept with
 *   rt_cstream_take. */

typedef struct rt_chost_task rt_chost_task;
/* Inside an async host function: the call finishes later. NULL when the
 * call's function type is not `async` (the call must then return now). */
rt_chost_task *rt_chost_defer(const rt_chost_call *call);
/* Finishes a deferred call with its result (NULL: no result type); the
 * result's strings and arrays may be freed after this returns. False with
 * `trap` when lowering the result traps (the calling instance is then
 * poisoned, as for any trap). */
bool rt_chost_return(rt_chost_task *task, const rt_cval *result, rt_trap *trap);

/* Cancellation (the guest's subtask.cancel of an async-lowered call the
 * host deferred): `cancelled` is called once, from inside the guest's
 * subtask.cancel, when the caller asks to cancel the call. The host then
 * finishes the call as soon as it can: rt_chost_return_cancelled (the
 * caller sees CANCELLED_BEFORE_RETURNED), or rt_chost_return with a result
 * when it finished anyway. Finishing it inside the callback lets
 * subtask.cancel report the outcome at once; otherwise the caller gets
 * BLOCKED and a later SUBTASK event. Without a callback the request is
 * only recorded (rt_chost_cancel_requested). Register the callback right
 * after rt_chost_defer: a request made before it is not replayed. */
typedef void (*rt_chost_cancelled)(void *user, rt_chost_task *task);
void rt_chost_on_cancel(rt_chost_task *task, rt_chost_cancelled cancelled, void *user);
/* Whether the caller asked to cancel the (unfinished) call. */
bool rt_chost_cancel_requested(const rt_chost_task *task);
/* Finishes a call whose cancellation was requested, without a result.
 * False with `trap` when no cancellation was requested or the call already
 * finished. */
bool rt_chost_return_cancelled(rt_chost_task *task, rt_trap *trap);

/* Calls deferred and not finished when the store is freed, and host ends
 * still held then, are freed with the store: do not use them afterwards. */

enum { RT_COPY_COMPLETED = 0, RT_COPY_DROPPED = 1, RT_COPY_CANCELLED = 2 };

typedef struct rt_cstream rt_cstream;
typedef void (*rt_cstream_done)(void *user, rt_cstream *end, uint32_t result, uint32_t count);

/* `type` is a STREAM or FUTURE type (rt_ctype_stream / rt_ctype_future). */
rt_cstream *rt_cstream_new(rt_cstore *store, const rt_ctype *type, rt_cval *readable,
                           rt_trap *trap);
rt_cstream *rt_cstream_take(rt_cstore *store, const rt_cval *readable, rt_trap *trap);
bool rt_cstream_write(rt_cstream *end, const void *data, uint32_t count, rt_cstream_done done,
                      void *user, rt_trap *trap);
bool rt_cstream_read(rt_cstream *end, void *data, uint32_t count, rt_cstream_done done,
                     void *user, rt_trap *trap);
bool rt_cstream_write_values(rt_cstream *end, const rt_cval *values, uint32_t count,
                             rt_cstream_done done, void *user, rt_trap *trap);
bool rt_cstream_read_values(rt_cstream *end, rt_cval *values, uint32_t count, comp_arena *arena,
                            rt_cstream_done done, void *user, rt_trap *trap);
/* Drops a stream or future readable end the host received as a value (a
 * result, an argument of a host function, an element read) and will not
 * pass on or take: the writer sees RT_COPY_DROPPED, and the value may not
 * be used afterwards. Does nothing for other kinds of values. Values never
 * passed on are freed with the store in any case; passing one on (to a
 * guest or rt_cstream_take) a second time while its end lives traps. */
void rt_cstore_drop_value(rt_cstore *store, const rt_cval *value);
/* Asks to end the pending operation now ("done" then reports CANCELLED or
 * what was copied). */
void rt_cstream_cancel(rt_cstream *end);
/* Drops the host's end (no operation may be pending). */
bool rt_cstream_drop(rt_cstream *end, rt_trap *trap);
const rt_ctype *rt_ctype_stream(comp_arena *arena, const rt_ctype *elem); /* elem NULL: none */
const rt_ctype *rt_ctype_future(comp_arena *arena, const rt_ctype *elem);

/* File descriptors: `ready` is called once from the event loop when `fd`
 * is readable (`writable` false) or writable, or has an error or hang-up
 * (the I/O the callback attempts tells which). A descriptor may have any
 * number of watches, in both directions. Files epoll cannot watch (regular
 * files) are always ready: their callback comes at the next turn of the
 * loop. rt_cstore_unwatch_fd drops every watch of `fd` without calling it:
 * do so before closing a watched descriptor. */
typedef void (*rt_cfd_ready)(void *user, int fd);
bool rt_cstore_watch_fd(rt_cstore *store, int fd, bool writable, rt_cfd_ready ready, void *user,
                        rt_trap *trap);
void rt_cstore_unwatch_fd(rt_cstore *store, int fd);

/* Timers: `fired` is called once from the event loop when CLOCK_MONOTONIC
 * reaches `deadline_ns` (rt_cstore_now gives the current reading; a
 * deadline already past fires at the next turn of the loop). The timer is
 * freed after `fired` returns; before that rt_ctimer_cancel frees it
 * without calling it. A pending timer keeps rt_cstore_run (and a blocked
 * async call) waiting for it. NULL with `trap` on failure. */
typedef struct rt_ctimer rt_ctimer;
typedef void (*rt_ctimer_fired)(void *user);
rt_ctimer *rt_cstore_timer(rt_cstore *store, uint64_t deadline_ns, rt_ctimer_fired fired,
                           void *user, rt_trap *trap);
void rt_ctimer_cancel(rt_cstore *store, rt_ctimer *timer);
uint64_t rt_cstore_now(void);

/* Runs the event loop until nothing is left to run: no ready thread, no
 * pending host callback, no watched descriptor, no pending timer. False
 * with `trap` when a guest traps. */
bool rt_cstore_run(rt_cstore *store, rt_trap *trap);

#endif
