#ifndef COMP_WAST_H
#define COMP_WAST_H

/* WAST scripts: the test-script format of the WebAssembly spec test suite
 * and of the component model tests. comp_wast_parse reads a whole script
 * into a list of commands that a runner executes in order.
 *
 * Modules and components arrive ready to use: text forms are parsed with
 * the WAT parser and encoded, so every definition carries binary bytes
 * (or, when its text does not parse, the parse error, which is what an
 * `assert_malformed` expects). Binary forms carry their strings
 * concatenated, undecoded: judging them is the decoder's job.
 *
 * Constants are converted to bit patterns as the text format defines them;
 * result patterns (`nan:canonical`, `nan:arithmetic`, v128 lanes with NaN
 * patterns, `(ref.extern)` without a payload, `(either ...)`) are kept as
 * patterns for the runner to match.
 *
 * Everything a script points to lives in the caller's arena; the script
 * text need not outlive the call. Strings (names, messages, ids) are
 * comp_str: UTF-8 bytes, not NUL-terminated, `data == NULL` when absent. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/arena.h"
#include "comp/encoding.h"
#include "comp/error.h"

/* A place in the script: byte offset and 1-based line and column. */
typedef struct comp_wast_pos {
    size_t offset;
    uint32_t line, col;
} comp_wast_pos;

/* ---- modules and components -------------------------------------------- */

typedef enum comp_wast_module_form {
    COMP_WAST_TEXT,             /* (module $id? field*) */
    COMP_WAST_BINARY,           /* (module $id? binary "..."*) */
    COMP_WAST_QUOTE,            /* (module $id? quote "..."*): text in strings */
} comp_wast_module_form;

typedef enum comp_wast_module_mode {
    COMP_WAST_INSTANTIATE,      /* (module ...): define, then instantiate */
    COMP_WAST_DEFINITION,       /* (module definition ...): define only */
    COMP_WAST_INSTANCE,         /* (module instance $i? $def?): instantiate a definition */
} comp_wast_module_mode;

typedef struct comp_wast_module {
    bool component;             /* `(component ...)` rather than `(module ...)` */
    comp_wast_module_form form;
    comp_wast_module_mode mode;
    comp_str id;                /* $id without '$' (the instance's id for INSTANCE) */
    comp_str definition;        /* INSTANCE: the definition's id; absent: the latest */
    comp_wast_pos pos;          /* the form's '(' */
    /* DEFINITION and INSTANTIATE modes: */
    bool parsed;                /* `bytes` are set; else `error` says why not */
    const uint8_t *bytes;       /* TEXT, QUOTE: our encoding; BINARY: the strings */
    size_t len;
    comp_error error;           /* !parsed: the text's parse (or encode) error. For
                                 * QUOTE, line and col count within the quoted
                                 * text (strings joined by one space). */
} comp_wast_module;

/* ---- values -------------------------------------------------------------- */

typedef enum comp_wast_value_kind {
    /* core values: `(i32.const 1)`, `(f32.const nan:canonical)`... */
    COMP_WAST_I32,
    COMP_WAST_I64,
    COMP_WAST_F32,              /* also component f32 */
    COMP_WAST_F64,              /* also component f64 */
    COMP_WAST_V128,
    COMP_WAST_REF_NULL,         /* (ref.null func|extern) */
    COMP_WAST_REF_EXTERN,       /* (ref.extern N); a result (ref.extern): any non-null */
    COMP_WAST_REF_FUNC,         /* result (ref.func N?): a non-null funcref */
    COMP_WAST_EITHER,           /* result (either v*): any one of `items` */
    /* component values: `(u32.const 1)`, `(str.const "a")`... */
    COMP_WAST_BOOL,
    COMP_WAST_U8, COMP_WAST_S8, COMP_WAST_U16, COMP_WAST_S16,
    COMP_WAST_U32, COMP_WAST_S32, COMP_WAST_U64, COMP_WAST_S64,
    COMP_WAST_CHAR,
    COMP_WAST_STRING,
    COMP_WAST_LIST,             /* items */
    COMP_WAST_RECORD,           /* items with names: (record.const (field "a" v)*) */
    COMP_WAST_TUPLE,            /* items */
    COMP_WAST_VARIANT,          /* name, payload (NULL: none) */
    COMP_WAST_ENUM,             /* name */
    COMP_WAST_OPTION,           /* payload (NULL: option.none) */
    COMP_WAST_RESULT,           /* is_err, payload (NULL: none) */
    COMP_WAST_FLAGS,            /* names */
} comp_wast_value_kind;

/* What a float (or a float lane) must be. */
typedef enum comp_wast_nan {
    COMP_WAST_EXACT,            /* exactly the given bits */
    COMP_WAST_NAN_CANONICAL,    /* a NaN with the canonical payload, either sign */
    COMP_WAST_NAN_ARITHMETIC,   /* a NaN with the payload's top bit set, either sign */
} comp_wast_nan;

typedef enum comp_wast_v128_shape {
    COMP_WAST_I8X16,
    COMP_WAST_I16X8,
    COMP_WAST_I32X4,
    COMP_WAST_I64X2,
    COMP_WAST_F32X4,
    COMP_WAST_F64X2,
} comp_wast_v128_shape;

typedef enum comp_wast_heap_type {
    COMP_WAST_FUNC_REF,
    COMP_WAST_EXTERN_REF,
    COMP_WAST_EXN_REF,
} comp_wast_heap_type;

typedef struct comp_wast_value comp_wast_value;
struct comp_wast_value {
    comp_wast_value_kind kind;
    comp_wast_pos pos;
    union {
        uint32_t i32;                   /* I32: the bit pattern */
        uint64_t i64;                   /* I64 */
        struct {                        /* F32, F64: bits valid when nan == EXACT */
            uint64_t bits;              /* f32 in the low 32 bits */
            comp_wast_nan nan;
        } f;
        struct {                        /* V128 */
            comp_wast_v128_shape shape; /* as written; lanes matter for patterns */
            uint8_t bytes[16];          /* little-endian lanes (0 where a pattern) */
            comp_wast_nan lane_nan[4];  /* F32X4 / F64X2: each lane's pattern */
        } v128;
        comp_wast_heap_type ref_null;   /* REF_NULL */
        struct {                        /* REF_EXTERN, REF_FUNC */
            bool has_payload;
            uint32_t payload;
        } ref;
        bool b;                         /* BOOL */
        uint64_t u;                     /* U8 .. U64 */
        int64_t s;                      /* S8 .. S64 */
        uint32_t ch;                    /* CHAR: a Unicode scalar value */
        comp_str str;                   /* STRING, ENUM: the text */
        struct {                        /* LIST, TUPLE, RECORD, EITHER, FLAGS */
            comp_wast_value *items;     /* FLAGS: NULL */
            comp_str *names;            /* RECORD: field names; FLAGS: flag names */
            uint32_t count;
        } list;
        struct {                        /* VARIANT, OPTION, RESULT */
            comp_str name;              /* VARIANT: the case */
            bool is_err;                /* RESULT */
            comp_wast_value *payload;   /* NULL: none */
        } cases;
    } u;
};

/* ---- actions ------------------------------------------------------------- */

typedef enum comp_wast_action_kind {
    COMP_WAST_INVOKE,           /* (invoke $id? "name" arg*) */
    COMP_WAST_GET,              /* (get $id? "name") */
} comp_wast_action_kind;

typedef struct comp_wast_action {
    comp_wast_action_kind kind;
    comp_wast_pos pos;
    comp_str module;            /* $id of the instance; absent: the latest */
    comp_str name;              /* the export */
    comp_wast_value *args;
    uint32_t arg_count;
} comp_wast_action;

/* ---- commands ------------------------------------------------------------ */

typedef enum comp_wast_command_kind {
    COMP_WAST_MODULE,                   /* module */
    COMP_WAST_REGISTER,                 /* (register "name" $id?): name, instance */
    COMP_WAST_ACTION,                   /* action */
    COMP_WAST_ASSERT_RETURN,            /* action, results */
    COMP_WAST_ASSERT_TRAP,              /* action or module (instantiation traps), message */
    COMP_WAST_ASSERT_EXHAUSTION,        /* action, message */
    COMP_WAST_ASSERT_EXCEPTION,         /* action */
    COMP_WAST_ASSERT_INVALID,           /* module, message */
    COMP_WAST_ASSERT_MALFORMED,         /* module, message */
    COMP_WAST_ASSERT_UNLINKABLE,        /* module, message */
    COMP_WAST_ASSERT_UNINSTANTIABLE,    /* module, message */
} comp_wast_command_kind;

typedef struct comp_wast_command {
    comp_wast_command_kind kind;
    comp_wast_pos pos;                  /* the command's '(' */
    comp_wast_module *module;           /* NULL when the command has none */
    comp_wast_action *action;           /* NULL when the command has none */
    comp_wast_value *results;           /* ASSERT_RETURN */
    uint32_t result_count;
    comp_str message;                   /* assertions' expected failure text */
    comp_str name;                      /* REGISTER: the name to register under */
    comp_str instance;                  /* REGISTER: the instance's $id; absent: the latest */
} comp_wast_command;

typedef struct comp_wast_script {
    comp_wast_command *commands;
    uint32_t count;
} comp_wast_script;

/* Reads a whole script. Fails (with err's offset, line and col) on what
 * makes the script itself unreadable: lexical errors, unbalanced
 * parentheses, unknown commands, bad actions or constants. A module whose
 * text does not parse is not a script error: its `parsed` is false and its
 * `error` says why (the runner decides whether that was expected). */
bool comp_wast_parse(const char *text, size_t len, comp_arena *arena,
                     comp_wast_script **out, comp_error *err);

/* The command's keyword ("assert_return"...), for messages. */
const char *comp_wast_command_name(comp_wast_command_kind kind);

#endif
