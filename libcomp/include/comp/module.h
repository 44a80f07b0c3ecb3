#ifndef COMP_MODULE_H
#define COMP_MODULE_H

/* Core WebAssembly modules: the decoded model, decoder, encoder, validator.
 *
 * Covers WebAssembly 2.0 (MVP, multi-value, bulk memory, reference types,
 * sign extension, saturating conversions, 128-bit SIMD) plus multi-memory,
 * extended constant expressions and exception handling (tags, throw,
 * throw_ref, try_table, exnref).
 *
 * Decoding only parses structure; judging it is the validator's job.
 * Function bodies and constant expressions stay as raw bytes (the validator
 * and the interpreter decode them), so encoding a decoded module gives back
 * the input bytes exactly. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/buf.h"
#include "comp/encoding.h"
#include "comp/error.h"

/* Value types, by their binary encoding. */
typedef uint8_t comp_valtype;
enum {
    COMP_I32 = 0x7f,
    COMP_I64 = 0x7e,
    COMP_F32 = 0x7d,
    COMP_F64 = 0x7c,
    COMP_V128 = 0x7b,
    COMP_FUNCREF = 0x70,
    COMP_EXTERNREF = 0x6f,
    COMP_EXNREF = 0x69, /* exception handling: (ref null exn) */
};

/* External kinds, by their binary encoding (import/export descriptors). */
enum {
    COMP_EXTERN_FUNC = 0x00,
    COMP_EXTERN_TABLE = 0x01,
    COMP_EXTERN_MEMORY = 0x02,
    COMP_EXTERN_GLOBAL = 0x03,
    COMP_EXTERN_TAG = 0x04,
};

/* Section ids. */
enum {
    COMP_SEC_CUSTOM = 0,
    COMP_SEC_TYPE = 1,
    COMP_SEC_IMPORT = 2,
    COMP_SEC_FUNCTION = 3,
    COMP_SEC_TABLE = 4,
    COMP_SEC_MEMORY = 5,
    COMP_SEC_GLOBAL = 6,
    COMP_SEC_EXPORT = 7,
    COMP_SEC_START = 8,
    COMP_SEC_ELEMENT = 9,
    COMP_SEC_CODE = 10,
    COMP_SEC_DATA = 11,
    COMP_SEC_DATA_COUNT = 12,
    COMP_SEC_TAG = 13,
};

typedef struct comp_functype {
    uint32_t param_count, result_count;
    comp_valtype *params, *results;
} comp_functype;

/* Limits flags as encoded. */
enum {
    COMP_LIMITS_HAS_MAX = 0x01,
    COMP_LIMITS_SHARED = 0x02,
    COMP_LIMITS_64 = 0x04,
};

typedef struct comp_limits {
    uint8_t flags;
    uint64_t min, max;
} comp_limits;

typedef struct comp_tabletype {
    comp_valtype elem;
    comp_limits limits;
} comp_tabletype;

typedef struct comp_globaltype {
    comp_valtype type;
    uint8_t mutability; /* 0 const, 1 var (as encoded) */
} comp_globaltype;

typedef struct comp_tagtype {
    uint8_t attribute; /* 0: exception */
    uint32_t type;     /* function type index */
} comp_tagtype;

/* A constant expression, raw, including its final `end` byte. `offset` is
 * where it starts in the input (0 for expressions built by hand). */
typedef struct comp_expr {
    const uint8_t *code;
    uint32_t len;
    size_t offset;
} comp_expr;

typedef struct comp_import {
    comp_str module, name;
    uint8_t kind; /* COMP_EXTERN_* */
    union {
        uint32_t func_type;
        comp_tabletype table;
        comp_limits memory;
        comp_globaltype global;
        comp_tagtype tag;
    } desc;
    size_t offset;
} comp_import;

typedef struct comp_global {
    comp_globaltype type;
    comp_expr init;
} comp_global;

typedef struct comp_export {
    comp_str name;
    uint8_t kind; /* COMP_EXTERN_* */
    uint32_t index;
    size_t offset;
} comp_export;

/* Element segment flags as encoded (0..7):
 *   bit 0: passive or declarative (else active)
 *   bit 1: with bit 0, declarative; without, an explicit table index
 *   bit 2: elements are expressions (else function indices) */
typedef struct comp_elem {
    uint8_t flags;
    uint32_t table;       /* active segments */
    comp_expr offset;     /* active segments */
    comp_valtype type;    /* reference type (funcref when implicit or elemkind 0) */
    uint32_t count;
    uint32_t *funcs;      /* flags bit 2 clear */
    comp_expr *exprs;     /* flags bit 2 set */
    size_t pos;           /* offset of the segment in the input */
} comp_elem;

/* Data segment flags as encoded: 0 active memory 0, 1 passive,
 * 2 active with an explicit memory index. */
typedef struct comp_data {
    uint8_t flags;
    uint32_t memory;
    comp_expr offset;
    const uint8_t *bytes;
    uint32_t len;
    size_t pos;
} comp_data;

/* A function body: the bytes after its size (local declarations, then the
 * expression with its final `end`). */
typedef struct comp_code {
    const uint8_t *body;
    uint32_t len;
    size_t offset; /* of body[0] in the input */
} comp_code;

typedef struct comp_custom {
    comp_str name;
    const uint8_t *data;
    uint32_t len;
} comp_custom;

/* Sections in input order, so encoding can put custom sections (and empty
 * known sections) back where they were. */
typedef struct comp_section {
    uint8_t id;
    size_t offset;       /* of the id byte in the input */
    comp_encoding enc;   /* LEB128 widths to replay */
    uint32_t custom;     /* index into customs[] when id == COMP_SEC_CUSTOM */
} comp_section;

typedef struct comp_module {
    comp_section *sections;
    uint32_t section_count;

    comp_functype *types;
    uint32_t type_count;
    comp_import *imports;
    uint32_t import_count;
    uint32_t *funcs;            /* type index of each defined function */
    uint32_t func_count;
    comp_tabletype *tables;     /* defined tables */
    uint32_t table_count;
    comp_limits *memories;      /* defined memories */
    uint32_t memory_count;
    comp_tagtype *tags;         /* defined tags */
    uint32_t tag_count;
    comp_global *globals;       /* defined globals */
    uint32_t global_count;
    comp_export *exports;
    uint32_t export_count;
    bool has_start;
    uint32_t start;
    comp_elem *elems;
    uint32_t elem_count;
    bool has_data_count;
    uint32_t data_count;
    comp_code *codes;
    uint32_t code_count;
    comp_data *datas;
    uint32_t data_segment_count;
    comp_custom *customs;
    uint32_t custom_count;

    /* Imports per kind: index spaces start with the imported entities. */
    uint32_t imported_funcs, imported_tables, imported_memories,
        imported_globals, imported_tags;
    /* Type index of each imported function (imported_funcs entries), so
     * comp_module_func_type is O(1). Set by the decoder; may be NULL in a
     * module built by hand (the imports are then scanned). */
    uint32_t *imported_func_types;

    size_t offset; /* of the module's magic number in the input */
    size_t size;   /* bytes in the input */
} comp_module;

/* Decodes a core module. The model borrows `data` (names, bodies and
 * expressions point into it): keep it alive as long as the module. */
bool comp_module_decode(const uint8_t *data, size_t len, comp_arena *arena,
                        comp_module **out, comp_error *err);

/* Appends the binary encoding of `m` to `out`. */
bool comp_module_encode(const comp_module *m, comp_buf *out, comp_error *err);

/* Feature switches for the validator. The default (COMP_FEATURES_DEFAULT)
 * is everything this library supports; COMP_FEATURES_WASM2 is exactly
 * WebAssembly 2.0. */
enum {
    COMP_FEATURE_MULTI_MEMORY = 1u << 0,
    COMP_FEATURE_EXTENDED_CONST = 1u << 1,
    COMP_FEATURE_EXCEPTIONS = 1u << 2,   /* tags, throw, throw_ref, try_table */
    COMP_FEATURE_THREADS = 1u << 3,      /* shared memories, atomics */
    COMP_FEATURE_MEMORY64 = 1u << 4,
};
#define COMP_FEATURES_WASM2 0u
#define COMP_FEATURES_DEFAULT                                                   \
    (COMP_FEATURE_MULTI_MEMORY | COMP_FEATURE_EXTENDED_CONST | COMP_FEATURE_EXCEPTIONS)

/* Validates `m` (structure, indices, types, constant expressions and every
 * function body). The error offset points at the offending byte. */
bool comp_module_validate(const comp_module *m, uint32_t features, comp_error *err);

/* Index-space helpers: the type of function `index` (imports first), or
 * NULL when out of range; likewise for the other kinds. */
const comp_functype *comp_module_func_type(const comp_module *m, uint32_t index);
uint32_t comp_module_total_funcs(const comp_module *m);
uint32_t comp_module_total_tables(const comp_module *m);
uint32_t comp_module_total_memories(const comp_module *m);
uint32_t comp_module_total_globals(const comp_module *m);
uint32_t comp_module_total_tags(const comp_module *m);

/* The text name of a value type ("i32", "funcref"...), or NULL for a byte
 * that is not one. */
const char *comp_valtype_name(comp_valtype t);

#endif
