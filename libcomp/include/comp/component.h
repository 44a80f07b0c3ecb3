#ifndef COMP_COMPONENT_H
#define COMP_COMPONENT_H

/* Components: the decoded model of docs/spec/Binary.md, the decoder, the
 * encoder and the validator's entry point.
 *
 * Decoding only parses structure; judging it is the validator's job. The
 * model keeps every encoding choice (section order, padded LEB128 widths,
 * which nameattributes prefix was used, canonopt order), so encoding a
 * decoded component gives back the input bytes exactly.
 *
 * Recursive types (component and instance types contain declarations that
 * contain types) are arena-allocated tagged unions. Names and raw bytes point
 * into the input buffer, which must outlive the model. Every `offset` is a
 * byte offset from the start of the outermost input (0 for hand-built
 * definitions). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/encoding.h"
#include "comp/error.h"
#include "comp/module.h"

typedef struct comp_component comp_component;
typedef struct comp_type comp_type;
typedef struct comp_core_type comp_core_type;

/* ---- sorts and indices ---------------------------------------------------- */

/* sort ::= 0x00 core:sort | 0x01 func | 0x02 value | 0x03 type
 *        | 0x04 component | 0x05 instance (the encoded byte). The same bytes
 * are the externtype discriminants. */
enum {
    COMP_SORT_CORE = 0x00,
    COMP_SORT_FUNC = 0x01,
    COMP_SORT_VALUE = 0x02,
    COMP_SORT_TYPE = 0x03,
    COMP_SORT_COMPONENT = 0x04,
    COMP_SORT_INSTANCE = 0x05,
};

/* core:sort (the encoded byte). */
enum {
    COMP_CORE_SORT_FUNC = 0x00,
    COMP_CORE_SORT_TABLE = 0x01,
    COMP_CORE_SORT_MEMORY = 0x02,
    COMP_CORE_SORT_GLOBAL = 0x03,
    COMP_CORE_SORT_TAG = 0x04,
    COMP_CORE_SORT_TYPE = 0x10,
    COMP_CORE_SORT_MODULE = 0x11,
    COMP_CORE_SORT_INSTANCE = 0x12,
};

/* sort: `core_sort` is meaningful only when `sort` is COMP_SORT_CORE. */
typedef struct comp_sort {
    uint8_t sort;
    uint8_t core_sort;
} comp_sort;

/* sortidx ::= sort idx:<u32> */
typedef struct comp_sortidx {
    comp_sort sort;
    uint32_t index;
} comp_sortidx;

/* core:sortidx ::= core:sort idx:<u32> */
typedef struct comp_core_sortidx {
    uint8_t sort; /* COMP_CORE_SORT_* */
    uint32_t index;
} comp_core_sortidx;

/* ---- names -------------------------------------------------------------- */

/* attribute kinds (the encoded byte). */
enum {
    COMP_ATTR_IMPLEMENTS = 0x00,     /* 0x00 len interfacename */
    COMP_ATTR_VERSION_SUFFIX = 0x01, /* 0x01 len semversuffix */
    COMP_ATTR_EXTERNAL_ID = 0x02,    /* 0x02 name */
};

/* attribute ::= 0x00 in | 0x01 vs | 0x02 n (all length-prefixed strings) */
typedef struct comp_attribute {
    uint8_t kind; /* COMP_ATTR_* */
    comp_str value;
} comp_attribute;

/* nameattributes ::= 0x00 en | 0x01 en | 0x02 en vec(attribute).
 * `prefix` is the byte that was used (0x00 and 0x01 mean the same). */
typedef struct comp_extern_name {
    uint8_t prefix;
    comp_str name;
    uint32_t attribute_count; /* prefix 0x02 only */
    comp_attribute *attributes;
} comp_extern_name;

/* ---- value types -------------------------------------------------------- */

/* primvaltype (the encoded byte). */
enum {
    COMP_PRIM_BOOL = 0x7f,
    COMP_PRIM_S8 = 0x7e,
    COMP_PRIM_U8 = 0x7d,
    COMP_PRIM_S16 = 0x7c,
    COMP_PRIM_U16 = 0x7b,
    COMP_PRIM_S32 = 0x7a,
    COMP_PRIM_U32 = 0x79,
    COMP_PRIM_S64 = 0x78,
    COMP_PRIM_U64 = 0x77,
    COMP_PRIM_F32 = 0x76,
    COMP_PRIM_F64 = 0x75,
    COMP_PRIM_CHAR = 0x74,
    COMP_PRIM_STRING = 0x73,
    COMP_PRIM_ERROR_CONTEXT = 0x64,
};

/* True for the bytes of primvaltype. */
bool comp_is_primvaltype(uint8_t byte);

/* valtype ::= i:<typeidx> | pvt:<primvaltype>. `prim` is the primvaltype
 * byte, or 0 when the value type is the type index `index` (encoded as a
 * non-negative s33, so indices never collide with primvaltype bytes). */
typedef struct comp_cvaltype {
    uint8_t prim;
    uint32_t index;
} comp_cvaltype;

/* labelvaltype ::= l:<labellit> t:<valtype> (record fields, parameters) */
typedef struct comp_labelvaltype {
    comp_str label;
    comp_cvaltype type;
} comp_labelvaltype;

/* case ::= l:<labellit> t?:<valtype>? 0x00 */
typedef struct comp_case {
    comp_str label;
    bool has_type;
    comp_cvaltype type;
} comp_case;

/* ---- core types --------------------------------------------------------- */

/* core:moduledecl kinds (the encoded byte). */
enum {
    COMP_MODULEDECL_IMPORT = 0x00,
    COMP_MODULEDECL_TYPE = 0x01,
    COMP_MODULEDECL_ALIAS = 0x02,
    COMP_MODULEDECL_EXPORT = 0x03,
};

/* core:moduledecl ::= 0x00 core:import | 0x01 core:type | 0x02 core:alias
 *                   | 0x03 core:exportdecl */
typedef struct comp_moduledecl {
    uint8_t kind; /* COMP_MODULEDECL_* */
    size_t offset;
    /* IMPORT: module, name and descriptor. EXPORT (core:exportdecl ::= n t):
     * name and descriptor; `module` is empty. */
    comp_import item;
    comp_core_type *type; /* TYPE (never a module type) */
    /* ALIAS: core:alias ::= 0x10 0x01 ct:<u32> idx:<u32> (outer core type) */
    uint32_t outer_count, outer_index;
} comp_moduledecl;

/* core:type kinds: the leading byte, except COMP_CORE_TYPE_SUB which is
 * encoded 0x00 0x50 (the pre-1.0 prefix for a non-final core:subtype). */
enum {
    COMP_CORE_TYPE_FUNC = 0x60,      /* core:functype */
    COMP_CORE_TYPE_MODULE = 0x50,    /* core:moduletype */
    COMP_CORE_TYPE_SUB = 0x00,       /* 0x00 0x50 vec(typeidx) functype */
    COMP_CORE_TYPE_SUB_FINAL = 0x4f, /* 0x4f vec(typeidx) functype */
};

/* core:type ::= core:deftype. Of WebAssembly 3.0's GC types only subtypes
 * of function types are supported (rec groups, structs and arrays are
 * rejected as "not supported"). */
struct comp_core_type {
    uint8_t kind; /* COMP_CORE_TYPE_* */
    size_t offset;
    comp_functype func;  /* FUNC, SUB, SUB_FINAL */
    uint32_t super_count; /* SUB, SUB_FINAL: supertype indices */
    uint32_t *supers;
    uint32_t decl_count; /* MODULE: core:moduletype ::= 0x50 vec(moduledecl) */
    comp_moduledecl *decls;
};

/* ---- component types ---------------------------------------------------- */

/* typebound ::= 0x00 i (eq i) | 0x01 (sub resource);
 * valuebound ::= 0x00 i (eq i) | 0x01 t */
enum {
    COMP_BOUND_EQ = 0x00,
    COMP_BOUND_SUB_RESOURCE = 0x01, /* typebound */
    COMP_BOUND_VALTYPE = 0x01,      /* valuebound */
};

/* externtype ::= 0x00 0x11 i (core module) | 0x01 i (func) | 0x02 b (value)
 *              | 0x03 b (type) | 0x04 i (component) | 0x05 i (instance) */
typedef struct comp_externtype {
    uint8_t kind;   /* COMP_SORT_* (COMP_SORT_CORE means core module) */
    uint32_t index; /* the type index; for VALUE/TYPE with COMP_BOUND_EQ,
                       the value or type index of the bound */
    uint8_t bound;  /* VALUE, TYPE: COMP_BOUND_* */
    comp_cvaltype value_type; /* VALUE with COMP_BOUND_VALTYPE */
} comp_externtype;

/* alias targets (the encoded byte). */
enum {
    COMP_ALIAS_EXPORT = 0x00,
    COMP_ALIAS_CORE_EXPORT = 0x01,
    COMP_ALIAS_OUTER = 0x02,
};

/* alias ::= s 0x00 i n (export) | s 0x01 i n (core export)
 *         | s 0x02 ct idx (outer) */
typedef struct comp_alias {
    comp_sort sort;
    uint8_t target;    /* COMP_ALIAS_* */
    uint32_t instance; /* EXPORT, CORE_EXPORT */
    comp_str name;     /* EXPORT, CORE_EXPORT */
    uint32_t outer_count, outer_index; /* OUTER */
    size_t offset;
} comp_alias;

/* componentdecl/instancedecl kinds (the encoded byte). */
enum {
    COMP_DECL_CORE_TYPE = 0x00,
    COMP_DECL_TYPE = 0x01,
    COMP_DECL_ALIAS = 0x02,
    COMP_DECL_IMPORT = 0x03, /* component types only */
    COMP_DECL_EXPORT = 0x04,
};

/* componentdecl ::= 0x03 importdecl | instancedecl
 * instancedecl  ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl
 * importdecl/exportdecl ::= na:<nameattributes> et:<externtype> */
typedef struct comp_decl {
    uint8_t kind; /* COMP_DECL_* */
    size_t offset;
    comp_core_type *core_type; /* CORE_TYPE */
    comp_type *type;           /* TYPE */
    comp_alias alias;          /* ALIAS */
    comp_extern_name name;     /* IMPORT, EXPORT */
    comp_externtype extern_type; /* IMPORT, EXPORT */
} comp_decl;

/* deftype kinds: the leading byte. A primvaltype byte (COMP_PRIM_*) is a
 * defvaltype too. */
enum {
    COMP_TYPE_RECORD = 0x72,
    COMP_TYPE_VARIANT = 0x71,
    COMP_TYPE_LIST = 0x70,
    COMP_TYPE_FIXED_LIST = 0x67,
    COMP_TYPE_TUPLE = 0x6f,
    COMP_TYPE_FLAGS = 0x6e,
    COMP_TYPE_ENUM = 0x6d,
    COMP_TYPE_OPTION = 0x6b,
    COMP_TYPE_RESULT = 0x6a,
    COMP_TYPE_OWN = 0x69,
    COMP_TYPE_BORROW = 0x68,
    COMP_TYPE_STREAM = 0x66,
    COMP_TYPE_FUTURE = 0x65,
    COMP_TYPE_MAP = 0x63,
    COMP_TYPE_RESOURCE = 0x3f,
    COMP_TYPE_FUNC = 0x40,
    COMP_TYPE_ASYNC_FUNC = 0x43,
    COMP_TYPE_COMPONENT = 0x41,
    COMP_TYPE_INSTANCE = 0x42,
};

/* functype ::= 0x40|0x43 ps:<paramlist> rs:<resultlist>
 * resultlist ::= 0x00 t (one result) | 0x01 0x00 (none) */
typedef struct comp_cfunctype {
    uint32_t param_count;
    comp_labelvaltype *params;
    bool has_result;
    comp_cvaltype result;
} comp_cfunctype;

/* type ::= deftype: defvaltype | functype | componenttype | instancetype
 *        | resourcetype. `kind` says which member is meaningful. */
struct comp_type {
    uint8_t kind; /* COMP_TYPE_* or COMP_PRIM_* */
    size_t offset;
    union {
        /* RECORD: 0x72 vec(labelvaltype) */
        struct { uint32_t field_count; comp_labelvaltype *fields; } record;
        /* VARIANT: 0x71 vec(case) */
        struct { uint32_t case_count; comp_case *cases; } variant;
        /* LIST: 0x70 t; FIXED_LIST: 0x67 t len */
        struct { comp_cvaltype elem; uint32_t length; } list;
        /* TUPLE: 0x6f vec(valtype) */
        struct { uint32_t type_count; comp_cvaltype *types; } tuple;
        /* FLAGS: 0x6e vec(labellit); ENUM: 0x6d vec(labellit) */
        struct { uint32_t label_count; comp_str *labels; } labels;
        /* OPTION: 0x6b t */
        comp_cvaltype option;
        /* RESULT: 0x6a t?:<valtype>? u?:<valtype>? */
        struct { bool has_ok, has_err; comp_cvaltype ok, err; } result;
        /* OWN: 0x69 i; BORROW: 0x68 i (a resource type index) */
        uint32_t resource;
        /* STREAM: 0x66 t?; FUTURE: 0x65 t? */
        struct { bool has_payload; comp_cvaltype payload; } async;
        /* MAP: 0x63 k v */
        struct { comp_cvaltype key, value; } map;
        /* RESOURCE: 0x3f rep:<core:valtype> dtor?:<core:funcidx>? */
        struct { comp_valtype rep; bool has_dtor; uint32_t dtor; } rsrc;
        /* FUNC, ASYNC_FUNC */
        comp_cfunctype func;
        /* COMPONENT: 0x41 vec(componentdecl); INSTANCE: 0x42 vec(instancedecl) */
        struct { uint32_t decl_count; comp_decl *decls; } decls;
    } u;
};

/* ---- instances ---------------------------------------------------------- */

/* instanceexpr / core:instanceexpr kinds (the encoded byte). */
enum {
    COMP_INSTANCE_INSTANTIATE = 0x00,
    COMP_INSTANCE_EXPORTS = 0x01,
};

/* core:instantiatearg ::= n:<core:name> 0x12 i:<instanceidx> */
typedef struct comp_core_instantiate_arg {
    comp_str name;
    uint32_t instance;
} comp_core_instantiate_arg;

/* core:inlineexport ::= n:<core:name> si:<core:sortidx> */
typedef struct comp_core_inline_export {
    comp_str name;
    comp_core_sortidx item;
} comp_core_inline_export;

/* core:instance ::= 0x00 m vec(core:instantiatearg)
 *                 | 0x01 vec(core:inlineexport) */
typedef struct comp_core_instance {
    uint8_t kind;    /* COMP_INSTANCE_* */
    uint32_t module; /* INSTANTIATE */
    uint32_t arg_count;
    comp_core_instantiate_arg *args;
    uint32_t export_count; /* EXPORTS */
    comp_core_inline_export *exports;
    size_t offset;
} comp_core_instance;

/* instantiatearg ::= n:<name> si:<sortidx> */
typedef struct comp_instantiate_arg {
    comp_str name;
    comp_sortidx item;
} comp_instantiate_arg;

/* inlineexport ::= na:<nameattributes> si:<sortidx> */
typedef struct comp_inline_export {
    comp_extern_name name;
    comp_sortidx item;
} comp_inline_export;

/* instance ::= 0x00 c vec(instantiatearg) | 0x01 vec(inlineexport) */
typedef struct comp_instance {
    uint8_t kind;       /* COMP_INSTANCE_* */
    uint32_t component; /* INSTANTIATE */
    uint32_t arg_count;
    comp_instantiate_arg *args;
    uint32_t export_count; /* EXPORTS */
    comp_inline_export *exports;
    size_t offset;
} comp_instance;

/* ---- canonical definitions ---------------------------------------------- */

/* canon opcodes (the leading byte). */
enum {
    COMP_CANON_LIFT = 0x00,
    COMP_CANON_LOWER = 0x01,
    COMP_CANON_RESOURCE_NEW = 0x02,
    COMP_CANON_RESOURCE_DROP = 0x03,
    COMP_CANON_RESOURCE_REP = 0x04,
    COMP_CANON_TASK_CANCEL = 0x05,
    COMP_CANON_SUBTASK_CANCEL = 0x06,
    COMP_CANON_TASK_RETURN = 0x09,
    COMP_CANON_CONTEXT_GET = 0x0a,
    COMP_CANON_CONTEXT_SET = 0x0b,
    COMP_CANON_THREAD_YIELD = 0x0c,
    COMP_CANON_SUBTASK_DROP = 0x0d,
    COMP_CANON_STREAM_NEW = 0x0e,
    COMP_CANON_STREAM_READ = 0x0f,
    COMP_CANON_STREAM_WRITE = 0x10,
    COMP_CANON_STREAM_CANCEL_READ = 0x11,
    COMP_CANON_STREAM_CANCEL_WRITE = 0x12,
    COMP_CANON_STREAM_DROP_READABLE = 0x13,
    COMP_CANON_STREAM_DROP_WRITABLE = 0x14,
    COMP_CANON_FUTURE_NEW = 0x15,
    COMP_CANON_FUTURE_READ = 0x16,
    COMP_CANON_FUTURE_WRITE = 0x17,
    COMP_CANON_FUTURE_CANCEL_READ = 0x18,
    COMP_CANON_FUTURE_CANCEL_WRITE = 0x19,
    COMP_CANON_FUTURE_DROP_READABLE = 0x1a,
    COMP_CANON_FUTURE_DROP_WRITABLE = 0x1b,
    COMP_CANON_ERROR_CONTEXT_NEW = 0x1c,
    COMP_CANON_ERROR_CONTEXT_DEBUG_MESSAGE = 0x1d,
    COMP_CANON_ERROR_CONTEXT_DROP = 0x1e,
    COMP_CANON_WAITABLE_SET_NEW = 0x1f,
    COMP_CANON_WAITABLE_SET_WAIT = 0x20,
    COMP_CANON_WAITABLE_SET_POLL = 0x21,
    COMP_CANON_WAITABLE_SET_DROP = 0x22,
    COMP_CANON_WAITABLE_JOIN = 0x23,
    COMP_CANON_BACKPRESSURE_INC = 0x24,
    COMP_CANON_BACKPRESSURE_DEC = 0x25,
    COMP_CANON_THREAD_INDEX = 0x26,
    COMP_CANON_THREAD_NEW_INDIRECT = 0x27,
    COMP_CANON_THREAD_RESUME_LATER = 0x28,
    COMP_CANON_THREAD_SUSPEND = 0x29,
    COMP_CANON_THREAD_SUSPEND_THEN_RESUME = 0x2a,
    COMP_CANON_THREAD_YIELD_THEN_RESUME = 0x2b,
    COMP_CANON_THREAD_SUSPEND_THEN_PROMOTE = 0x2c,
    COMP_CANON_THREAD_YIELD_THEN_PROMOTE = 0x2d,
    COMP_CANON_THREAD_SPAWN_REF = 0x40,
    COMP_CANON_THREAD_SPAWN_INDIRECT = 0x41,
    COMP_CANON_THREAD_AVAILABLE_PARALLELISM = 0x42,
};

/* canonopt kinds (the encoded byte). */
enum {
    COMP_OPT_UTF8 = 0x00,
    COMP_OPT_UTF16 = 0x01,
    COMP_OPT_LATIN1_UTF16 = 0x02,
    COMP_OPT_MEMORY = 0x03,      /* m:<core:memoryidx> */
    COMP_OPT_REALLOC = 0x04,     /* f:<core:funcidx> */
    COMP_OPT_POST_RETURN = 0x05, /* f:<core:funcidx> */
    COMP_OPT_ASYNC = 0x06,
    COMP_OPT_CALLBACK = 0x07,    /* f:<core:funcidx> */
};

/* canonopt: `index` for MEMORY, REALLOC, POST_RETURN, CALLBACK. */
typedef struct comp_canonopt {
    uint8_t kind; /* COMP_OPT_* */
    uint32_t index;
} comp_canonopt;

/* canon: one canonical definition; which fields are meaningful depends on
 * `op` (see Binary.md's `canon` production):
 *   func     LIFT (core func), LOWER (func)
 *   type     LIFT (func type), RESOURCE_* (resource type), STREAM_* and
 *            FUTURE_* (stream/future type), THREAD_NEW_INDIRECT and
 *            THREAD_SPAWN_* (core func type)
 *   table    THREAD_NEW_INDIRECT, THREAD_SPAWN_INDIRECT (core table)
 *   memory   WAITABLE_SET_WAIT, WAITABLE_SET_POLL (core memory)
 *   core_valtype, index   CONTEXT_GET, CONTEXT_SET
 *   flag     async? (SUBTASK_CANCEL, *_CANCEL_READ/WRITE), cancel?
 *            (WAITABLE_SET_WAIT/POLL, THREAD_SUSPEND/YIELD*), sh?
 *            (THREAD_SPAWN_*, THREAD_AVAILABLE_PARALLELISM)
 *   has_result, result    TASK_RETURN (its resultlist)
 *   opts     LIFT, LOWER, TASK_RETURN, STREAM/FUTURE_READ/WRITE,
 *            ERROR_CONTEXT_NEW/DEBUG_MESSAGE, in input order */
typedef struct comp_canon {
    uint8_t op; /* COMP_CANON_* */
    uint32_t func;
    uint32_t type;
    uint32_t table;
    uint32_t memory;
    comp_valtype core_valtype;
    uint32_t index;
    bool flag;
    bool has_result;
    comp_cvaltype result;
    uint32_t opt_count;
    comp_canonopt *opts;
    size_t offset;
} comp_canon;

/* ---- start, imports, exports, values ------------------------------------ */

/* start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32> */
typedef struct comp_start {
    uint32_t func;
    uint32_t arg_count;
    uint32_t *args;
    uint32_t result_count;
    size_t offset;
} comp_start;

/* import ::= na:<nameattributes> et:<externtype> */
typedef struct comp_cimport {
    comp_extern_name name;
    comp_externtype type;
    size_t offset;
} comp_cimport;

/* export ::= na:<nameattributes> si:<sortidx> et?:<externtype>? */
typedef struct comp_cexport {
    comp_extern_name name;
    comp_sortidx item;
    bool has_type;
    comp_externtype type;
    size_t offset;
} comp_cexport;

/* value ::= t:<valtype> len:<u32> v:<val(t)>; the value bytes stay raw
 * (judging them needs the type index space: the validator's job). */
typedef struct comp_value {
    comp_cvaltype type;
    const uint8_t *bytes;
    uint32_t len;
    size_t offset;
} comp_value;

/* ---- the component ------------------------------------------------------ */

/* Section ids (section ::= section_N(...)). */
enum {
    COMP_CSEC_CUSTOM = 0,
    COMP_CSEC_CORE_MODULE = 1,
    COMP_CSEC_CORE_INSTANCE = 2,
    COMP_CSEC_CORE_TYPE = 3,
    COMP_CSEC_COMPONENT = 4,
    COMP_CSEC_INSTANCE = 5,
    COMP_CSEC_ALIAS = 6,
    COMP_CSEC_TYPE = 7,
    COMP_CSEC_CANON = 8,
    COMP_CSEC_START = 9,
    COMP_CSEC_IMPORT = 10,
    COMP_CSEC_EXPORT = 11,
    COMP_CSEC_VALUE = 12,
};

/* A section in input order. Sections of one kind may repeat and interleave
 * (that order defines the index spaces), so each section names the range
 * [first, first + count) of its items in the component's array for its
 * kind: customs, modules, core_instances, core_types, components,
 * instances, aliases, types, canons, starts, imports, exports or values.
 * Sections 0, 1, 4 and 9 hold exactly one item. */
typedef struct comp_component_section {
    uint8_t id;        /* COMP_CSEC_* */
    size_t offset;     /* of the id byte in the input */
    comp_encoding enc; /* LEB128 widths to replay (nested modules and
                          components keep their own; only size_width here) */
    uint32_t first, count;
} comp_component_section;

/* component ::= preamble section* */
struct comp_component {
    comp_component_section *sections;
    uint32_t section_count;

    comp_custom *customs;
    uint32_t custom_count;
    comp_module **modules;
    uint32_t module_count;
    comp_core_instance *core_instances;
    uint32_t core_instance_count;
    comp_core_type *core_types;
    uint32_t core_type_count;
    comp_component **components;
    uint32_t component_count;
    comp_instance *instances;
    uint32_t instance_count;
    comp_alias *aliases;
    uint32_t alias_count;
    comp_type *types;
    uint32_t type_count;
    comp_canon *canons;
    uint32_t canon_count;
    comp_start *starts;
    uint32_t start_count;
    comp_cimport *imports;
    uint32_t import_count;
    comp_cexport *exports;
    uint32_t export_count;
    comp_value *values;
    uint32_t value_count;

    size_t offset; /* of the component's magic number in the input */
    size_t size;   /* bytes in the input */
};

/* Decodes a component. The model borrows `data` (names and raw bytes point
 * into it): keep it alive as long as the component. Nested modules and
 * components are decoded too. */
bool comp_component_decode(const uint8_t *data, size_t len, comp_arena *arena,
                           comp_component **out, comp_error *err);

/* Appends the binary encoding of `c` to `out`. */
bool comp_component_encode(const comp_component *c, comp_buf *out, comp_error *err);

/* Validates `c` (implemented in the validator). `features` are the core
 * feature bits of module.h, used for nested core modules. */
bool comp_component_validate(const comp_component *c, uint32_t features, comp_error *err);

/* Names for printing: "lift", "stream.read"...; "bool", "string"...; NULL
 * for bytes that are not allocated. */
const char *comp_canon_name(uint8_t op);
const char *comp_primvaltype_name(uint8_t prim);

/* ---- type checking across components (component/subtype_api.c) ---------- */

/* A type checker holding the validated types of several components, so an
 * export or import of one can be checked against an import of another with
 * the validator's subtyping rules (Explainer.md "Type Checking").
 *
 * Abstract resources are unified across checks: checking X against import I
 * of component C binds C's not-yet-bound imported resources that I
 * introduces to X's, and the binding stays for later checks. So check the
 * imports of a component in its import order (definitions before uses),
 * each component's imports that share one provider first. A component
 * instantiated twice needs a checker per instantiation. */
typedef struct comp_typecheck comp_typecheck;

comp_typecheck *comp_typecheck_new(uint32_t features);
void comp_typecheck_free(comp_typecheck *tc);

/* Validates `c` (which must outlive `tc`) and adds its type; `*id` names it
 * in later calls. */
bool comp_typecheck_add(comp_typecheck *tc, const comp_component *c, uint32_t *id,
                        comp_error *err);

/* Checks that the import (`actual_is_import`) or export `actual_name` of
 * component `actual` is a subtype of import `import_name` of component
 * `expected`. On failure the message gives the path to the difference, e.g.
 * "export 'f': parameter 'p': record field 'x': expected u32, found u64". A
 * missing name is an error too. */
bool comp_check_extern_subtype(comp_typecheck *tc, uint32_t actual, bool actual_is_import,
                               comp_str actual_name, uint32_t expected, comp_str import_name,
                               comp_error *err);

/* Checks export `export_name` of the instance that component `actual`
 * imports as `actual_import` against the export of that name of the
 * instance `expected` imports as `expected_import` (for sharing one import
 * between the two: only their common exports must agree). The message
 * starts with "export 'NAME': ". */
bool comp_check_import_export_subtype(comp_typecheck *tc, uint32_t actual, comp_str actual_import,
                                      uint32_t expected, comp_str expected_import,
                                      comp_str export_name, comp_error *err);

#endif
